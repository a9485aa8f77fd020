/*
 * ogr.c - what every vector source of the basemap goes through: opened
 * read-only with GDAL's reason named when it cannot be, its layer's CRS
 * to lon/lat by PROJ, and each geometry made a valid lon/lat GEOS one.
 */
#include "basemap/basemap.h"
#include "ingest/ingest.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

int kz__ogr_layer_op(PJ **op, kz_ctx *ctx, OGRLayerH layer,
                     const char *path)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    const char *auth, *code;
    char *wkt = NULL;
    int rc;

    *op = NULL;
    if (!srs)
        return KZ_OK;
    auth = OSRGetAuthorityName(srs, NULL);
    code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code && strcmp(auth, "EPSG") == 0 && strcmp(code, "4326") == 0)
        return KZ_OK;
    if (OSRExportToWkt(srs, &wkt) != OGRERR_NONE) {
        CPLFree(wkt);
        return kz__error(ctx, KZ_EPROJ, path, 0, NULL, "unreadable CRS");
    }
    rc = kz__geo_transform(op, ctx, wkt, KZ_CRS_WGS84);
    CPLFree(wkt);
    return rc;
}

int kz__ogr_geom_lonlat(GEOSGeometry **out, kz_ctx *ctx, OGRGeometryH g,
                        PJ *op, const char *path, long fid)
{
    GEOSContextHandle_t h = kz__geos(ctx);
    unsigned char *wkb = NULL;
    GEOSGeometry *gg = NULL, *t;
    size_t sz;
    int rc = KZ_OK;

    *out = NULL;
    if (!h)
        return KZ_ENOMEM;
    sz = (size_t)OGR_G_WkbSize(g);
    if (!(wkb = kz__malloc(ctx, sz)))
        return KZ_ENOMEM;
    OGR_G_ExportToWkb(g, wkbNDR, wkb);
    if (!(gg = GEOSGeomFromWKB_buf_r(h, wkb, sz))) {
        rc = kz__error(ctx, KZ_EINPUT, path, fid, NULL,
                       "%s: feature %ld: unreadable geometry", path, fid);
        goto done;
    }
    if (op) {
        t = kz__geo_transform_geom(ctx, op, gg);
        GEOSGeom_destroy_r(h, gg);
        if (!(gg = t)) {
            rc = kz__error(ctx, KZ_EPROJ, path, fid, NULL,
                           "%s: feature %ld: cannot be transformed to "
                           "longitude/latitude", path, fid);
            goto done;
        }
    }
    if (!GEOSisValid_r(h, gg)) {
        t = GEOSMakeValid_r(h, gg);
        GEOSGeom_destroy_r(h, gg);
        if (!(gg = t)) {
            rc = kz__error(ctx, KZ_EGEOM, path, fid, NULL,
                           "%s: feature %ld: invalid geometry that cannot "
                           "be repaired", path, fid);
            goto done;
        }
    }
    *out = gg;
done:
    kz__free(ctx, wkb);
    return rc;
}

int kz__ogr_open(GDALDatasetH *ds, kz_ctx *ctx, const char *path)
{
    kz__gdal_reset(path);
    *ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
                     NULL);
    if (!*ds)
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "%s",
                         kz__ogr_why(path));
    if (GDALDatasetGetLayerCount(*ds) < 1) {
        GDALClose(*ds);
        *ds = NULL;
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "no layer");
    }
    return KZ_OK;
}
