/*
 * probe.c - whether a source holds a layer of a given name, so that one
 * GeoPackage (or any multi-layer source) can stand for every role of a
 * survey.  Opens read-only and closes again; nothing is kept.
 */
#include "ingest/ingest.h"

#include <cpl_error.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>

static pthread_once_t probe_once = PTHREAD_ONCE_INIT;

static void probe_register(void)
{
    GDALAllRegister();
}

const char *kz__ogr_why(const char *path)
{
    const char *m = kz__gdal_message();
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT && !strchr(path, ':'))
        return "no such file or directory";
    if (m && *m)
        return m;
    return "not recognised as a supported vector source";
}

int kz_source_has_layer(kz_ctx *ctx, const char *source, const char *layer)
{
    GDALDatasetH ds;
    kz_gdal_scope gdal;
    int rc;

    KZ_ASSERT_ARG(ctx, ctx);
    KZ_ASSERT_ARG(ctx, source && layer);
    pthread_once(&probe_once, probe_register);
    kz__gdal_push(&gdal, ctx);
    kz__gdal_reset(source);
    ds = GDALOpenEx(source, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
                    NULL);
    if (!ds) {
        rc = kz__error(ctx, KZ_EINPUT, source, 0, NULL, "%s",
                       kz__ogr_why(source));
    } else {
        /* by name rather than by listing: some drivers (PostgreSQL) do not
         * list tables without geometry but open them by name */
        rc = GDALDatasetGetLayerByName(ds, layer) != NULL;
        GDALClose(ds);
    }
    kz__gdal_pop(&gdal);
    return rc;
}
