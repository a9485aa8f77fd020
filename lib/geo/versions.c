/*
 * versions.c - the versions of the libraries linked in, for --version and
 * the atlas colophon.
 */
#include "geo/geo.h"

#include <cairo.h>
#include <gdal.h>
#include <json-c/json_c_version.h>
#include <pango/pango.h>
#include <stdio.h>

const char *kz_dependency_versions(void)
{
    static char buf[256];
    if (!buf[0]) {
        PJ_INFO pi = proj_info();
        snprintf(buf, sizeof(buf),
                 "GDAL %s, PROJ %s, GEOS %s, cairo %s, pango %s, json-c %s",
                 GDALVersionInfo("RELEASE_NAME"), pi.version, GEOSversion(),
                 cairo_version_string(), pango_version_string(),
                 json_c_version());
    }
    return buf;
}
