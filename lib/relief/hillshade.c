/*
 * hillshade.c - the relief under a map: the model resampled to the page's
 * view at print resolution (200 ppi at least, the model's elevations
 * bilinear between its pixels however coarse it is), shaded from several
 * directions by GDAL, drawn as one grey image clipped to the frame (JPEG
 * or deflate in a PDF) before the fills go translucent over it.  The
 * resampled model is kept for the contours.
 */
#include "relief/relief.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PIXELS (4096.0 * 4096.0) /* one page's warped DEM at most */
#define PRINT_DPI 200.0 /* the shading never prints coarser than this */

/* Ground metres per unit of the CRS (wkt): 1 for metres, about 111 km
 * for degrees. */
static double crs_unit_m(const char *wkt, double lat)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    double u = 1;

    if (srs && OSRImportFromWkt(srs, (char **)&wkt) == OGRERR_NONE) {
        if (OSRIsGeographic(srs))
            u = 111320.0 * cos(lat * M_PI / 180);
        else
            u = OSRGetLinearUnits(srs, NULL);
    }
    if (srs)
        OSRDestroySpatialReference(srs);
    return u > 0 ? u : 1;
}

/* The DEM resampled to the map area (pg->res.ground, the map CRS) at the
 * style's resolution on paper but never under PRINT_DPI, whatever the
 * DEM's own: a coarse model is interpolated (bilinear elevations, shaded
 * afterwards), so that its pixels never print as blocks.  A MEM dataset
 * (Float32, no data KZ_DEM_NODATA); *out NULL when no pixel of the
 * window has data. */
static int warp_view(kz_page *pg, struct kz_contours **out, double *unit)
{
    const kz_view *v = &pg->v;
    const char *path = pg->bm->dem_path, *src_wkt;
    GDALDatasetH src = NULL, dst = NULL;
    struct kz_contours *c = NULL;
    char *dst_wkt = NULL;
    float *z = NULL;
    double gt[6], dgt[6], m_per_pt, dem_pt, dpi, zmin = 0, zmax = 0;
    const double *g = pg->res.ground;
    int epsg, nx, ny, rc;

    *out = NULL;
    if ((rc = kz__dem_open_ds(&src, gt, &src_wkt, pg->ctx, path)) < 0)
        goto done;
    if ((rc = kz__geo_crs_describe(pg->ctx, pg->crs, &dst_wkt, &epsg)) < 0)
        goto done;
    /* paper resolution: the style's, at least print resolution; a
     * coarser cap (twice the DEM's own) printed its pixels as blocks */
    m_per_pt = v->scale * 0.0254 / 72.0;
    dem_pt = fabs(gt[1]) *
             crs_unit_m(src_wkt, (v->lat0 + v->lat1) / 2) / m_per_pt;
    dpi = fmax(pg->st->relief_dpi, PRINT_DPI);
    nx = (int)ceil(v->w / 72.0 * dpi);
    ny = (int)ceil(v->h / 72.0 * dpi);
    if ((double)nx * ny > MAX_PIXELS) {
        double s = sqrt(MAX_PIXELS / ((double)nx * ny));
        nx = (int)(nx * s);
        ny = (int)(ny * s);
    }
    if (nx < 2)
        nx = 2;
    if (ny < 2)
        ny = 2;
    *unit = crs_unit_m(dst_wkt, (v->lat0 + v->lat1) / 2);
    if ((rc = kz__dem_resample_ds(pg->ctx, src, gt, src_wkt, pg->crs, g, nx,
                                  ny, &z, &zmin, &zmax)) < 0 ||
        !z)
        goto done; /* an error, or the DEM does not reach the window */
    dgt[0] = g[0];
    dgt[1] = (g[2] - g[0]) / nx;
    dgt[2] = 0;
    dgt[3] = g[3];
    dgt[4] = 0;
    dgt[5] = -(g[3] - g[1]) / ny;
    if (!(dst = GDALCreate(GDALGetDriverByName("MEM"), "", nx, ny, 1,
                           GDT_Float32, NULL)) ||
        GDALSetGeoTransform(dst, dgt) != CE_None ||
        GDALSetProjection(dst, dst_wkt) != CE_None ||
        GDALSetRasterNoDataValue(GDALGetRasterBand(dst, 1),
                                 KZ_DEM_NODATA) != CE_None ||
        GDALRasterIO(GDALGetRasterBand(dst, 1), GF_Write, 0, 0, nx, ny, z,
                     nx, ny, GDT_Float32, 0, 0) != CE_None) {
        rc = kz__error(pg->ctx, KZ_ENOMEM, path, 0, NULL,
                       "out of memory for the map's elevations");
        goto done;
    }
    if (!(c = kz__calloc(pg->ctx, 1, sizeof(*c)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    c->dem = dst;
    dst = NULL;
    c->nx = nx;
    c->ny = ny;
    c->zmin = zmin;
    c->zmax = zmax;
    c->dem_pt = dem_pt;
    *out = c;
done:
    kz__free(pg->ctx, z);
    kz__free(pg->ctx, dst_wkt);
    if (dst)
        GDALClose(dst);
    if (src)
        GDALClose(src);
    return rc;
}

/* The multidirectional hillshade of the warped DEM as 8-bit greys (one
 * per pixel, row by row) in *hs; 0 where there is no data. */
static int hillshade(kz_page *pg, struct kz_contours *c, double unit,
                     unsigned char **hs)
{
    GDALDEMProcessingOptions *po = NULL;
    GDALDatasetH out = NULL;
    char **argv = NULL, zs[32], ss[32];
    double px_m, z;
    int err = 0, rc = KZ_OK;

    *hs = NULL;
    /* a coarse pixel flattens the slopes it averages: exaggerate a little
     * as pixels grow beyond 100 m, so that a national map still reads.
     * The slopes are the model's, however fine the grid interpolating
     * it: half its pixel at least counts */
    px_m = fabs(pg->res.ground[2] - pg->res.ground[0]) / c->nx * unit;
    px_m = fmax(px_m, c->dem_pt * pg->v.scale * 0.0254 / 72.0 / 2);
    z = pg->st->relief_z * fmax(1, sqrt(px_m / 100));
    snprintf(zs, sizeof(zs), "%.6g", z);
    snprintf(ss, sizeof(ss), "%.6g", unit);
    argv = CSLAddString(argv, "-of");
    argv = CSLAddString(argv, "MEM");
    argv = CSLAddString(argv, "-multidirectional");
    argv = CSLAddString(argv, "-compute_edges");
    argv = CSLAddString(argv, "-z");
    argv = CSLAddString(argv, zs);
    argv = CSLAddString(argv, "-s");
    argv = CSLAddString(argv, ss);
    if (!(po = GDALDEMProcessingOptionsNew(argv, NULL))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    kz__gdal_reset(pg->bm->dem_path);
    out = GDALDEMProcessing("", c->dem, "hillshade", NULL, po, &err);
    if (!out || err) {
        const char *why = kz__gdal_message();
        rc = kz__error(pg->ctx, KZ_ERENDER, pg->bm->dem_path, 0, NULL,
                       "hillshade%s%s", why ? ": " : "", why ? why : "");
        goto done;
    }
    if (!(*hs = kz__mallocarray(pg->ctx, (size_t)c->nx, (size_t)c->ny))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if (GDALRasterIO(GDALGetRasterBand(out, 1), GF_Read, 0, 0, c->nx, c->ny,
                     *hs, c->nx, c->ny, GDT_Byte, 0, 0) != CE_None) {
        rc = kz__error(pg->ctx, KZ_ERENDER, pg->bm->dem_path, 0, NULL,
                       "hillshade unreadable");
        goto done;
    }
done:
    if (rc < 0) {
        kz__free(pg->ctx, *hs);
        *hs = NULL;
    }
    if (out)
        GDALClose(out);
    if (po)
        GDALDEMProcessingOptionsFree(po);
    CSLDestroy(argv);
    return rc;
}

/* The greys as a greyscale JPEG of the given quality, attached to img as
 * its JPEG form: a PDF or SVG then carries the JPEG (one component, 8
 * bits: DeviceGray) instead of the deflated pixels, a fraction of their
 * size; the pixels stay for raster output. */
static int attach_jpeg(kz_page *pg, cairo_surface_t *img,
                       const unsigned char *grey, int nx, int ny,
                       double quality)
{
    GDALDriverH mem = GDALGetDriverByName("MEM"),
                jpg = GDALGetDriverByName("JPEG");
    GDALDatasetH g = NULL, out = NULL;
    char name[96], q[32], *opts[2] = {q, NULL};
    vsi_l_offset len = 0;
    GByte *data = NULL;
    int rc = KZ_OK;

    if (!mem || !jpg)
        return KZ_OK; /* the deflated pixels will do */
    snprintf(name, sizeof(name), "/vsimem/kz-relief-%p.jpg", (void *)pg);
    snprintf(q, sizeof(q), "QUALITY=%d", (int)quality);
    if (!(g = GDALCreate(mem, "", nx, ny, 1, GDT_Byte, NULL)) ||
        GDALRasterIO(GDALGetRasterBand(g, 1), GF_Write, 0, 0, nx, ny,
                     (void *)grey, nx, ny, GDT_Byte, 0, 0) != CE_None ||
        !(out = GDALCreateCopy(jpg, name, g, FALSE, opts, NULL, NULL))) {
        rc = kz__error(pg->ctx, KZ_ERENDER, NULL, 0, NULL,
                       "relief: JPEG encoding failed");
        goto done;
    }
    GDALClose(out);
    out = NULL;
    if (!(data = VSIGetMemFileBuffer(name, &len, TRUE)) || len == 0) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if (cairo_surface_set_mime_data(img, CAIRO_MIME_TYPE_JPEG, data,
                                    (unsigned long)len, VSIFree,
                                    data) != CAIRO_STATUS_SUCCESS) {
        rc = KZ_ENOMEM;
        goto done;
    }
    data = NULL; /* cairo frees it with the surface */
done:
    if (out)
        GDALClose(out);
    if (g)
        GDALClose(g);
    VSIFree(data);
    VSIUnlink(name);
    return rc;
}

int kz__relief_draw(kz_page *pg)
{
    const kz_style *st = pg->st;
    struct kz_contours *c = NULL;
    cairo_surface_t *img = NULL;
    unsigned char *hs = NULL, *data, *grey, grey_of[256];
    kz_gdal_scope gdal;
    double unit = 1, flat;
    int stride, i, j, rc;

    if (!pg->bm || !pg->bm->dem_path)
        return KZ_OK;
    kz__gdal_push(&gdal, pg->ctx);
    if ((rc = warp_view(pg, &c, &unit)) < 0)
        goto done;
    if (!c) {
        /* the map says nothing of the relief then, and the user hears */
        kz__log(pg->ctx, KZ_LOG_WARN,
                "%s: the elevation model holds no data over the map: no "
                "relief drawn",
                pg->bm->dem_path);
        goto done;
    }
    if ((rc = hillshade(pg, c, unit, &hs)) < 0)
        goto done;
    /* one grey image (r = g = b: cairo writes it as DeviceGray) in the
     * style's light range; no data shades as flat ground, lit from above
     * at 45 degrees */
    img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, c->nx, c->ny);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        rc = KZ_ENOMEM;
        goto done;
    }
    cairo_surface_flush(img);
    data = cairo_image_surface_get_data(img);
    stride = cairo_image_surface_get_stride(img);
    flat = 1 + 254 * sin(M_PI / 4);
    for (i = 0; i < 256; i++) {
        double t = (i ? i : flat) / 255.0;
        long gv = lround(255 * (st->relief_dark +
                                (st->relief_light - st->relief_dark) * t));
        grey_of[i] = (unsigned char)(gv < 0 ? 0 : gv > 255 ? 255 : gv);
    }
    for (j = 0; j < c->ny; j++) {
        uint32_t *p = (uint32_t *)(void *)(data + (size_t)j * stride);
        unsigned char *h = hs + (size_t)j * c->nx;
        for (i = 0; i < c->nx; i++) {
            uint32_t gv = grey_of[h[i]];
            p[i] = 0xff000000u | gv << 16 | gv << 8 | gv;
            h[i] = (unsigned char)gv;
        }
    }
    cairo_surface_mark_dirty(img);
    grey = hs;
    if (st->relief_jpeg > 0 &&
        (rc = attach_jpeg(pg, img, grey, c->nx, c->ny, st->relief_jpeg)) < 0)
        goto done;
    cairo_save(pg->cr);
    cairo_translate(pg->cr, pg->v.x0, pg->v.y0);
    cairo_scale(pg->cr, pg->v.w / c->nx, pg->v.h / c->ny);
    cairo_set_source_surface(pg->cr, img, 0, 0);
    /* on a raster page no paper bleeds in at the image's edges; a vector
     * page keeps the image as it is (a padded copy would lose its JPEG) */
    if (cairo_surface_get_type(cairo_get_target(pg->cr)) ==
        CAIRO_SURFACE_TYPE_IMAGE)
        cairo_pattern_set_extend(cairo_get_source(pg->cr),
                                 CAIRO_EXTEND_PAD);
    cairo_rectangle(pg->cr, 0, 0, c->nx, c->ny);
    cairo_fill(pg->cr);
    cairo_restore(pg->cr);
    pg->has_relief = 1;
    pg->contours = c;
    c = NULL;
done:
    if (img)
        cairo_surface_destroy(img);
    kz__free(pg->ctx, hs);
    kz__contours_free(pg->ctx, c);
    kz__gdal_pop(&gdal);
    return rc;
}
