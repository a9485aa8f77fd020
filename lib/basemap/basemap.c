/*
 * basemap.c - context layers that are not part of a survey (neighbouring
 * countries, the sea), read with OGR into valid lon/lat GEOS geometries
 * with their Azerbaijani and English names.
 */
#include "basemap/basemap.h"
#include "ingest/ingest.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <string.h>

static const char *field_str(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return "";
    return OGR_F_GetFieldAsString(f, i);
}

static int load_layer(kz_basemap_feature **out, size_t *n_out, kz_ctx *ctx,
                      kz_arena *strings, const char *path)
{
    GDALDatasetH ds = NULL;
    OGRLayerH layer;
    OGRFeatureH f = NULL;
    GEOSContextHandle_t h = kz__geos(ctx);
    kz_basemap_feature *feats = NULL;
    size_t n = 0, cap = 0;
    PJ *op = NULL;
    kz_gdal_scope gdal;
    int rc = KZ_OK;

    if (!h)
        return KZ_ENOMEM;
    GDALAllRegister();
    /* GDAL's messages become ours, naming the file, never raw lines */
    kz__gdal_push(&gdal, ctx);
    if ((rc = kz__ogr_open(&ds, ctx, path)) < 0)
        goto done;
    layer = GDALDatasetGetLayer(ds, 0);
    if ((rc = kz__ogr_layer_op(&op, ctx, layer, path)) < 0)
        goto done;
    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        GEOSGeometry *gg = NULL;
        kz_basemap_feature *bf;

        if (!g || OGR_G_IsEmpty(g)) {
            OGR_F_Destroy(f);
            continue;
        }
        if ((rc = kz__ogr_geom_lonlat(&gg, ctx, g, op, path,
                                      (long)OGR_F_GetFID(f))) < 0)
            goto done;
        if ((rc = kz__grow(ctx, (void **)&feats, &cap, n + 1,
                           sizeof(*feats))) < 0) {
            GEOSGeom_destroy_r(h, gg);
            goto done;
        }
        bf = &feats[n++];
        memset(bf, 0, sizeof(*bf));
        bf->geom = gg;
        GEOSGeom_getXMin_r(h, gg, &bf->minx);
        GEOSGeom_getYMin_r(h, gg, &bf->miny);
        GEOSGeom_getXMax_r(h, gg, &bf->maxx);
        GEOSGeom_getYMax_r(h, gg, &bf->maxy);
        bf->name_az = kz__arena_strdup(strings, field_str(f, "name_az"));
        bf->name_en = kz__arena_strdup(strings, field_str(f, "name_en"));
        if (!bf->name_az || !bf->name_en) {
            rc = KZ_ENOMEM;
            goto done;
        }
        OGR_F_Destroy(f);
    }
    *out = feats;
    *n_out = n;
    feats = NULL;
    n = 0;
done:
    if (f)
        OGR_F_Destroy(f);
    while (n > 0)
        GEOSGeom_destroy_r(h, feats[--n].geom);
    kz__free(ctx, feats);
    if (ds)
        GDALClose(ds);
    kz__gdal_pop(&gdal);
    return rc;
}

int kz_basemap_load(kz_basemap **out, kz_ctx *ctx, const char *neighbours,
                    const char *sea)
{
    kz_basemap *bm = NULL;
    int rc = KZ_OK;

    KZ_ASSERT_ARG(ctx, out);
    *out = NULL;
    if (!(bm = kz__calloc(ctx, 1, sizeof(*bm))))
        return KZ_ENOMEM;
    bm->ctx = ctx;
    kz__arena_init(&bm->strings, ctx, 1024);
    if (neighbours && (rc = load_layer(&bm->neighbours, &bm->n_neighbours,
                                       ctx, &bm->strings, neighbours)) < 0)
        goto done;
    if (sea &&
        (rc = load_layer(&bm->sea, &bm->n_sea, ctx, &bm->strings, sea)) < 0)
        goto done;
    *out = bm;
    bm = NULL;
done:
    kz_basemap_destroy(bm);
    return rc;
}

void kz_basemap_destroy(kz_basemap *bm)
{
    GEOSContextHandle_t h;
    size_t i;

    if (!bm)
        return;
    h = bm->ctx->geos;
    for (i = 0; h && i < bm->n_neighbours; i++)
        GEOSGeom_destroy_r(h, bm->neighbours[i].geom);
    for (i = 0; h && i < bm->n_sea; i++)
        GEOSGeom_destroy_r(h, bm->sea[i].geom);
    kz__free(bm->ctx, bm->neighbours);
    kz__free(bm->ctx, bm->sea);
    kz__ref_release(bm);
    kz__free(bm->ctx, bm->dem_path);
    kz__free(bm->ctx, bm->dem_credit);
    kz__free(bm->ctx, bm->dem_name);
    kz__arena_release(&bm->strings);
    kz__free(bm->ctx, bm);
}
