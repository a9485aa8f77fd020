/*
 * versions.c - the versions of the libraries linked in, for --version and
 * the atlas colophon.
 */
#include "geo/geo.h"

#include <cairo.h>
#include <gdal.h>
#include <json-c/json_c_version.h>
#include <pango/pango.h>
#include <pthread.h>
#include <stdio.h>

static char versions[256];
static pthread_once_t versions_once = PTHREAD_ONCE_INIT;

static void versions_init(void)
{
    PJ_INFO pi = proj_info();
    snprintf(versions, sizeof(versions),
             "GDAL %s, PROJ %s, GEOS %s, cairo %s, pango %s, json-c %s",
             GDALVersionInfo("RELEASE_NAME"), pi.version, GEOSversion(),
             cairo_version_string(), pango_version_string(),
             json_c_version());
}

/* Written once, then only read: safe from any thread. */
const char *kz_dependency_versions(void)
{
    pthread_once(&versions_once, versions_init);
    return versions;
}
