/*
 * resample.c - an elevation model resampled to a grid on paper: PROJ
 * places every few pixels of the grid in the model (interpolated between,
 * checked to a tenth of a model pixel), GDAL reads the window once at the
 * level nearest the grid's pixel, and each pixel is bilinear between the
 * model's pixels with data.
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

#define KZ_MIN(a, b) ((a) < (b) ? (a) : (b))

/* The page's grid (nx x ny pixels over pg->res.ground, the map CRS) in
 * the DEM: the full-resolution pixel position of every step-th pixel
 * centre of each row and column (and of the last), cols x rows nodes in
 * *nodex / *nodey (caller frees), NAN where PROJ has no answer.  The
 * pixels between are to be interpolated: the coarse cells' centres,
 * placed exactly, must agree with their corners' mean to within a tenth
 * of a DEM pixel, or the step shrinks (down to every pixel). */
typedef struct dem_grid {
    double *x, *y;
    int step, cols, rows;
} dem_grid;

static int grid_in_dem(kz_ctx *ctx, PJ *op, const double g[4],
                       const double inv[6], int nx, int ny, dem_grid *gr)
{
    double dx = (g[2] - g[0]) / nx, dy = (g[3] - g[1]) / ny, *x = NULL,
           *y = NULL, err;
    int step, cols, rows, i, j, rc = KZ_OK;
    size_t n, k;

    for (step = 16;; step /= 4) {
        if (step < 1)
            step = 1;
        cols = (nx - 1 + step - 1) / step + 1;
        rows = (ny - 1 + step - 1) / step + 1;
        /* nodes, then the centres of the cells between them */
        n = (size_t)cols * rows + (size_t)(cols - 1) * (rows - 1);
        kz__free(ctx, x);
        kz__free(ctx, y);
        if (!(x = kz__mallocarray(ctx, n, sizeof(double))) ||
            !(y = kz__mallocarray(ctx, n, sizeof(double)))) {
            rc = KZ_ENOMEM;
            goto done;
        }
        for (k = 0, j = 0; j < rows; j++)
            for (i = 0; i < cols; i++, k++) {
                x[k] = g[0] + (KZ_MIN(i * step, nx - 1) + 0.5) * dx;
                y[k] = g[3] - (KZ_MIN(j * step, ny - 1) + 0.5) * dy;
            }
        for (j = 0; j + 1 < rows; j++)
            for (i = 0; i + 1 < cols; i++, k++) {
                int b = KZ_MIN((i + 1) * step, nx - 1);
                int d = KZ_MIN((j + 1) * step, ny - 1);
                x[k] = g[0] + ((i * step + b) / 2.0 + 0.5) * dx;
                y[k] = g[3] - ((j * step + d) / 2.0 + 0.5) * dy;
            }
        if ((rc = kz__geo_apply(ctx, op, x, y, n, PJ_FWD)) < 0)
            goto done;
        for (k = 0; k < n; k++) {
            double u, v;
            if (!isfinite(x[k]) || !isfinite(y[k]) || x[k] == HUGE_VAL) {
                x[k] = y[k] = NAN;
                continue;
            }
            u = inv[0] + x[k] * inv[1] + y[k] * inv[2];
            v = inv[3] + x[k] * inv[4] + y[k] * inv[5];
            x[k] = u;
            y[k] = v;
        }
        if (step == 1)
            break;
        /* each cell's centre against the mean of its corners (a NAN
         * corner leaves the cell without data either way) */
        err = 0;
        for (k = (size_t)cols * rows, j = 0; j + 1 < rows; j++)
            for (i = 0; i + 1 < cols; i++, k++) {
                size_t a = (size_t)j * cols + i, b = a + cols;
                double e = hypot(
                    (x[a] + x[a + 1] + x[b] + x[b + 1]) / 4 - x[k],
                    (y[a] + y[a + 1] + y[b] + y[b + 1]) / 4 - y[k]);
                if (e > err)
                    err = e;
            }
        if (err <= 0.1)
            break;
    }
    gr->x = x;
    gr->y = y;
    x = y = NULL;
    gr->step = step;
    gr->cols = cols;
    gr->rows = rows;
done:
    kz__free(ctx, x);
    kz__free(ctx, y);
    return rc;
}

/* Bilinear value at buffer position (u, v) (pixel centres at .5) of a
 * w x h grid of floats, NAN for no data: the taps with data, weighted
 * anew; NAN when none has.  At the outer half pixel the edge holds. */
static float bilinear(const float *b, int w, int h, double u, double v)
{
    double s, t, wt[4], sum = 0, z = 0;
    int i0, j0, i1, j1, k;
    float tap[4];

    u -= 0.5;
    v -= 0.5;
    u = u < 0 ? 0 : u > w - 1 ? w - 1 : u;
    v = v < 0 ? 0 : v > h - 1 ? h - 1 : v;
    i0 = (int)u;
    j0 = (int)v;
    i1 = i0 + 1 < w ? i0 + 1 : i0;
    j1 = j0 + 1 < h ? j0 + 1 : j0;
    s = u - i0;
    t = v - j0;
    tap[0] = b[(size_t)j0 * w + i0];
    tap[1] = b[(size_t)j0 * w + i1];
    tap[2] = b[(size_t)j1 * w + i0];
    tap[3] = b[(size_t)j1 * w + i1];
    /* all four with data (NAN is unequal to itself) */
    if (tap[0] == tap[0] && tap[1] == tap[1] && tap[2] == tap[2] &&
        tap[3] == tap[3])
        return (float)((tap[0] * (1 - s) + tap[1] * s) * (1 - t) +
                       (tap[2] * (1 - s) + tap[3] * s) * t);
    wt[0] = (1 - s) * (1 - t);
    wt[1] = s * (1 - t);
    wt[2] = (1 - s) * t;
    wt[3] = s * t;
    for (k = 0; k < 4; k++)
        if (tap[k] == tap[k]) {
            z += wt[k] * tap[k];
            sum += wt[k];
        }
    return sum > 1e-9 ? (float)(z / sum) : NAN;
}

/* The elevation model src (geotransform gt, CRS src_wkt) resampled to
 * an nx x ny grid over ground (xmin, ymin, xmax, ymax in crs): see
 * kz__dem_resample.  GDAL reads the window the grid covers once, averaged
 * down to about the grid's pixel where the model is finer (from its
 * overviews where it has them); each grid pixel is then read from it
 * bilinearly at its place in the model (grid_in_dem). */
int kz__dem_resample_ds(kz_ctx *ctx, GDALDatasetH src, const double gt[6],
                        const char *src_wkt, const char *crs,
                        const double ground[4], int nx, int ny, float **out,
                        double *zmin, double *zmax)
{
    const char *path = GDALGetDescription(src);
    GDALRasterBandH band = GDALGetRasterBand(src, 1);
    GDALRasterIOExtraArg extra;
    float *buf = NULL, *z = NULL;
    dem_grid gr = {NULL, NULL, 1, 0, 0};
    GDALRasterBandH level = band;
    double inv[6], nodata, lo = HUGE_VAL, hi = -HUGE_VAL, *rx = NULL,
                           *ry = NULL, f, ofx, ofy, ax, bx, ay, by, ux0,
                           ux1, uy0, uy1;
    double wx0 = HUGE_VAL, wy0 = HUGE_VAL, wx1 = -HUGE_VAL, wy1 = -HUGE_VAL;
    int sx = GDALGetRasterXSize(src), sy = GDALGetRasterYSize(src), ix0,
        iy0, ix1, iy1, lx0, ly0, lx1, ly1, bw, bh, has_nodata, holes = 0, j,
        rc;
    size_t k;
    PJ *op;

    *out = NULL;
    if ((rc = kz__geo_transform(&op, ctx, crs, src_wkt)) < 0)
        return kz__error(ctx, rc, path, 0, NULL, "%s",
                         kz_ctx_error(ctx)->message);
    if (!GDALInvGeoTransform((double *)gt, inv))
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "geotransform cannot be inverted");
    if ((rc = grid_in_dem(ctx, op, ground, inv, nx, ny, &gr)) < 0)
        goto done;
    /* the window of the model the grid covers, a pixel around (every
     * pixel lies within the hull of its cell's corners) */
    for (k = 0; k < (size_t)gr.cols * gr.rows; k++) {
        if (isnan(gr.x[k]) || isnan(gr.y[k]))
            continue;
        wx0 = fmin(wx0, gr.x[k]);
        wx1 = fmax(wx1, gr.x[k]);
        wy0 = fmin(wy0, gr.y[k]);
        wy1 = fmax(wy1, gr.y[k]);
    }
    if (wx0 > wx1 || wx1 < 0 || wy1 < 0 || wx0 > sx || wy0 > sy)
        goto done; /* the model does not reach the grid */
    ix0 = (int)fmax(floor(wx0) - 1, 0);
    iy0 = (int)fmax(floor(wy0) - 1, 0);
    ix1 = (int)fmin(ceil(wx1) + 1, sx);
    iy1 = (int)fmin(ceil(wy1) + 1, sy);
    /* read the level nearest the grid's pixel and no coarser: the model
     * or the coarsest of its overviews that is not (ofx, ofy model pixels
     * to one of its own), at its own pixels, or averaged down by GDAL
     * where even that is twice as fine as the grid or more */
    f = fmin((double)(ix1 - ix0) / nx, (double)(iy1 - iy0) / ny);
    ofx = ofy = 1;
    for (j = 0; j < GDALGetOverviewCount(band); j++) {
        GDALRasterBandH o = GDALGetOverview(band, j);
        double ox, oy;
        if (!o)
            continue;
        ox = (double)sx / GDALGetRasterBandXSize(o);
        oy = (double)sy / GDALGetRasterBandYSize(o);
        if (fmin(ox, oy) <= f && fmin(ox, oy) > fmin(ofx, ofy)) {
            level = o;
            ofx = ox;
            ofy = oy;
        }
    }
    lx0 = (int)fmax(floor(ix0 / ofx) - 1, 0);
    ly0 = (int)fmax(floor(iy0 / ofy) - 1, 0);
    lx1 = KZ_MIN((int)ceil(ix1 / ofx) + 1, GDALGetRasterBandXSize(level));
    ly1 = KZ_MIN((int)ceil(iy1 / ofy) + 1, GDALGetRasterBandYSize(level));
    f /= fmin(ofx, ofy);
    bw = lx1 - lx0;
    bh = ly1 - ly0;
    if (f >= 2) {
        bw = (int)ceil(bw / f);
        bh = (int)ceil(bh / f);
    }
    if (!(buf = kz__mallocarray(ctx, (size_t)bw * bh, sizeof(float))) ||
        !(z = kz__mallocarray(ctx, (size_t)nx * ny, sizeof(float))) ||
        !(rx = kz__mallocarray(ctx, (size_t)gr.cols, sizeof(double))) ||
        !(ry = kz__mallocarray(ctx, (size_t)gr.cols, sizeof(double)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = GRIORA_Average;
    kz__gdal_reset(path);
    if (GDALRasterIOEx(level, GF_Read, lx0, ly0, lx1 - lx0, ly1 - ly0, buf,
                       bw, bh, GDT_Float32, 0, 0, &extra) != CE_None) {
        const char *why = kz__gdal_message();
        rc = kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                       "cannot be read for the map%s%s", why ? ": " : "",
                       why ? why : "");
        goto done;
    }
    nodata = GDALGetRasterNoDataValue(band, &has_nodata);
    for (k = 0; k < (size_t)bw * bh; k++)
        if (!isfinite(buf[k]) || (has_nodata && buf[k] == (float)nodata)) {
            buf[k] = NAN;
            holes = 1;
        }
    /* model pixel (u, w) -> buffer (u * ax + bx, w * ay + by); the
     * model's edges there */
    ax = (double)bw / (lx1 - lx0) / ofx;
    bx = -lx0 * (double)bw / (lx1 - lx0);
    ay = (double)bh / (ly1 - ly0) / ofy;
    by = -ly0 * (double)bh / (ly1 - ly0);
    ux0 = bx;
    ux1 = sx * ax + bx;
    uy0 = by;
    uy1 = sy * ay + by;
    /* each grid pixel from the buffer, bilinear, at its place in the
     * model interpolated from its cell's corners: down, then along */
    for (j = 0; j < ny; j++) {
        int r0 = j / gr.step, r1 = KZ_MIN(r0 + 1, gr.rows - 1);
        int j0 = r0 * gr.step, j1 = KZ_MIN(r1 * gr.step, ny - 1);
        double t = j1 > j0 ? (double)(j - j0) / (j1 - j0) : 0;
        float *zr = z + (size_t)j * nx;
        int col, i;
        for (col = 0; col < gr.cols; col++) {
            size_t a = (size_t)r0 * gr.cols + col,
                   b = (size_t)r1 * gr.cols + col;
            rx[col] = (gr.x[a] * (1 - t) + gr.x[b] * t) * ax + bx;
            ry[col] = (gr.y[a] * (1 - t) + gr.y[b] * t) * ay + by;
        }
        for (col = 0; col + 1 < gr.cols; col++) {
            int i0 = col * gr.step, i1 = KZ_MIN(i0 + gr.step, nx - 1);
            int end = col + 2 == gr.cols ? i1 + 1 : i1;
            double du = (rx[col + 1] - rx[col]) / (i1 - i0),
                   dw = (ry[col + 1] - ry[col]) / (i1 - i0);
            double ue = rx[col] + (end - 1 - i0) * du,
                   we = ry[col] + (end - 1 - i0) * dw;
            /* (comparisons, not fmin: a NAN end fails them) */
            if (!holes && rx[col] >= 0.5 && ue >= 0.5 &&
                rx[col] <= bw - 1.5 && ue <= bw - 1.5 && ry[col] >= 0.5 &&
                we >= 0.5 && ry[col] <= bh - 1.5 && we <= bh - 1.5) {
                /* the common case, checked at the segment's ends: all of
                 * it inside the buffer, four taps with data each */
                for (i = i0; i < end; i++) {
                    double a = rx[col] + (i - i0) * du - 0.5,
                           b = ry[col] + (i - i0) * dw - 0.5;
                    int xi = (int)a, yi = (int)b;
                    float fs = (float)(a - xi), ft = (float)(b - yi), h;
                    const float *q = buf + (size_t)yi * bw + xi;
                    h = (q[0] + (q[1] - q[0]) * fs) * (1 - ft) +
                        (q[bw] + (q[bw + 1] - q[bw]) * fs) * ft;
                    zr[i] = h;
                    if (h < lo)
                        lo = h;
                    if (h > hi)
                        hi = h;
                }
                continue;
            }
            for (i = i0; i < end; i++) {
                double u = rx[col] + (i - i0) * du,
                       w = ry[col] + (i - i0) * dw;
                float h = NAN;
                /* NAN fails every comparison: no data */
                if (u >= ux0 && w >= uy0 && u <= ux1 && w <= uy1)
                    h = bilinear(buf, bw, bh, u, w);
                if (h != h) {
                    zr[i] = (float)KZ_DEM_NODATA;
                    continue;
                }
                zr[i] = h;
                if (h < lo)
                    lo = h;
                if (h > hi)
                    hi = h;
            }
        }
    }
    if (lo <= hi) {
        *out = z;
        z = NULL;
        *zmin = lo;
        *zmax = hi;
    }
done:
    kz__free(ctx, gr.x);
    kz__free(ctx, gr.y);
    kz__free(ctx, rx);
    kz__free(ctx, ry);
    kz__free(ctx, z);
    kz__free(ctx, buf);
    return rc;
}

int kz__dem_resample(kz_ctx *ctx, const char *path, const char *crs,
                     const double ground[4], int nx, int ny, float **z,
                     double *zmin, double *zmax)
{
    GDALDatasetH src = NULL;
    kz_gdal_scope gdal;
    const char *wkt;
    double gt[6];
    int rc;

    *z = NULL;
    kz__gdal_push(&gdal, ctx);
    if ((rc = kz__dem_open_ds(&src, gt, &wkt, ctx, path)) >= 0)
        rc = kz__dem_resample_ds(ctx, src, gt, wkt, crs, ground, nx, ny, z,
                                 zmin, zmax);
    if (src)
        GDALClose(src);
    kz__gdal_pop(&gdal);
    return rc;
}
