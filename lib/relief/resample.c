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

/* The model's pixels read for a grid: a window of one level (the model or
 * an overview) at bw x bh, NAN where there is no data. */
typedef struct dem_buf {
    float *v;
    int bw, bh, holes;         /* holes: some pixel has no data */
    double ax, bx, ay, by;     /* model pixel (u, w) at (u ax + bx, w ay + by) */
    double ux0, ux1, uy0, uy1; /* the model's edges in the buffer */
} dem_buf;

/* The window of the model (ix0, iy0, ix1, iy1 in its pixels) the grid
 * covers, a pixel around (every pixel lies within the hull of its cell's
 * corners); 0 when the model does not reach the grid. */
static int dem_window(const dem_grid *gr, int sx, int sy, int win[4])
{
    double wx0 = HUGE_VAL, wy0 = HUGE_VAL, wx1 = -HUGE_VAL, wy1 = -HUGE_VAL;
    size_t k;

    for (k = 0; k < (size_t)gr->cols * gr->rows; k++) {
        if (isnan(gr->x[k]) || isnan(gr->y[k]))
            continue;
        wx0 = fmin(wx0, gr->x[k]);
        wx1 = fmax(wx1, gr->x[k]);
        wy0 = fmin(wy0, gr->y[k]);
        wy1 = fmax(wy1, gr->y[k]);
    }
    if (wx0 > wx1 || wx1 < 0 || wy1 < 0 || wx0 > sx || wy0 > sy)
        return 0;
    win[0] = (int)fmax(floor(wx0) - 1, 0);
    win[1] = (int)fmax(floor(wy0) - 1, 0);
    win[2] = (int)fmin(ceil(wx1) + 1, sx);
    win[3] = (int)fmin(ceil(wy1) + 1, sy);
    return 1;
}

/* Read the level nearest the grid's pixel and no coarser: the model or
 * the coarsest of its overviews that is not (ofx, ofy model pixels to one
 * of its own), at its own pixels, or averaged down by GDAL where even
 * that is twice as fine as the grid or more.  KZ_EINPUT, KZ_ENOMEM. */
static int dem_read(kz_ctx *ctx, GDALDatasetH src, const int win[4], int nx,
                    int ny, dem_buf *db)
{
    const char *path = GDALGetDescription(src);
    GDALRasterBandH band = GDALGetRasterBand(src, 1), level = band;
    GDALRasterIOExtraArg extra;
    int sx = GDALGetRasterXSize(src), sy = GDALGetRasterYSize(src);
    int lx0, ly0, lx1, ly1, has_nodata, j;
    double f, ofx = 1, ofy = 1, nodata;
    size_t k;

    f = fmin((double)(win[2] - win[0]) / nx, (double)(win[3] - win[1]) / ny);
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
    lx0 = (int)fmax(floor(win[0] / ofx) - 1, 0);
    ly0 = (int)fmax(floor(win[1] / ofy) - 1, 0);
    lx1 = KZ_MIN((int)ceil(win[2] / ofx) + 1, GDALGetRasterBandXSize(level));
    ly1 = KZ_MIN((int)ceil(win[3] / ofy) + 1, GDALGetRasterBandYSize(level));
    f /= fmin(ofx, ofy);
    db->bw = lx1 - lx0;
    db->bh = ly1 - ly0;
    if (f >= 2) {
        db->bw = (int)ceil(db->bw / f);
        db->bh = (int)ceil(db->bh / f);
    }
    if (!(db->v = kz__mallocarray(ctx, (size_t)db->bw * db->bh,
                                  sizeof(float))))
        return KZ_ENOMEM;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = GRIORA_Average;
    kz__gdal_reset(path);
    if (GDALRasterIOEx(level, GF_Read, lx0, ly0, lx1 - lx0, ly1 - ly0, db->v,
                       db->bw, db->bh, GDT_Float32, 0, 0, &extra) !=
        CE_None) {
        const char *why = kz__gdal_message();
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "cannot be read for the map%s%s", why ? ": " : "",
                         why ? why : "");
    }
    nodata = GDALGetRasterNoDataValue(band, &has_nodata);
    for (k = 0; k < (size_t)db->bw * db->bh; k++)
        if (!isfinite(db->v[k]) ||
            (has_nodata && db->v[k] == (float)nodata)) {
            db->v[k] = NAN;
            db->holes = 1;
        }
    db->ax = (double)db->bw / (lx1 - lx0) / ofx;
    db->bx = -lx0 * (double)db->bw / (lx1 - lx0);
    db->ay = (double)db->bh / (ly1 - ly0) / ofy;
    db->by = -ly0 * (double)db->bh / (ly1 - ly0);
    db->ux0 = db->bx;
    db->ux1 = sx * db->ax + db->bx;
    db->uy0 = db->by;
    db->uy1 = sy * db->ay + db->by;
    return KZ_OK;
}

/* Pixels i0..end of a grid row from the buffer, bilinear, their places
 * in the buffer stepping by (du, dw) from (u0, w0); *lo, *hi widened. */
static void sample_run(const dem_buf *db, double u0, double w0, double du,
                       double dw, int i0, int end, float *zr, double *lo,
                       double *hi)
{
    const float *buf = db->v;
    int bw = db->bw, bh = db->bh, i;
    double ue = u0 + (end - 1 - i0) * du, we = w0 + (end - 1 - i0) * dw;

    /* (comparisons, not fmin: a NAN end fails them) */
    if (!db->holes && u0 >= 0.5 && ue >= 0.5 && u0 <= bw - 1.5 &&
        ue <= bw - 1.5 && w0 >= 0.5 && we >= 0.5 && w0 <= bh - 1.5 &&
        we <= bh - 1.5) {
        /* the common case, checked at the run's ends: all of it inside
         * the buffer, four taps with data each */
        for (i = i0; i < end; i++) {
            double a = u0 + (i - i0) * du - 0.5, b = w0 + (i - i0) * dw - 0.5;
            int xi = (int)a, yi = (int)b;
            float fs = (float)(a - xi), ft = (float)(b - yi), h;
            const float *q = buf + (size_t)yi * bw + xi;
            h = (q[0] + (q[1] - q[0]) * fs) * (1 - ft) +
                (q[bw] + (q[bw + 1] - q[bw]) * fs) * ft;
            zr[i] = h;
            if (h < *lo)
                *lo = h;
            if (h > *hi)
                *hi = h;
        }
        return;
    }
    for (i = i0; i < end; i++) {
        double u = u0 + (i - i0) * du, w = w0 + (i - i0) * dw;
        float h = NAN;
        /* NAN fails every comparison: no data */
        if (u >= db->ux0 && w >= db->uy0 && u <= db->ux1 && w <= db->uy1)
            h = bilinear(buf, bw, bh, u, w);
        if (h != h) {
            zr[i] = (float)KZ_DEM_NODATA;
            continue;
        }
        zr[i] = h;
        if (h < *lo)
            *lo = h;
        if (h > *hi)
            *hi = h;
    }
}

/* Row j of the grid: each pixel at its place in the model interpolated
 * from its cell's corners, down (rx, ry: scratch of gr->cols), then
 * along. */
static void sample_row(const dem_buf *db, const dem_grid *gr, int j, int nx,
                       int ny, double *rx, double *ry, float *zr, double *lo,
                       double *hi)
{
    int r0 = j / gr->step, r1 = KZ_MIN(r0 + 1, gr->rows - 1);
    int j0 = r0 * gr->step, j1 = KZ_MIN(r1 * gr->step, ny - 1);
    double t = j1 > j0 ? (double)(j - j0) / (j1 - j0) : 0;
    int col;

    for (col = 0; col < gr->cols; col++) {
        size_t a = (size_t)r0 * gr->cols + col,
               b = (size_t)r1 * gr->cols + col;
        rx[col] = (gr->x[a] * (1 - t) + gr->x[b] * t) * db->ax + db->bx;
        ry[col] = (gr->y[a] * (1 - t) + gr->y[b] * t) * db->ay + db->by;
    }
    for (col = 0; col + 1 < gr->cols; col++) {
        int i0 = col * gr->step, i1 = KZ_MIN(i0 + gr->step, nx - 1);
        int end = col + 2 == gr->cols ? i1 + 1 : i1;
        double du = (rx[col + 1] - rx[col]) / (i1 - i0),
               dw = (ry[col + 1] - ry[col]) / (i1 - i0);
        sample_run(db, rx[col], ry[col], du, dw, i0, end, zr, lo, hi);
    }
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
    dem_grid gr = {NULL, NULL, 1, 0, 0};
    dem_buf db;
    float *z = NULL;
    double inv[6], lo = HUGE_VAL, hi = -HUGE_VAL, *rx = NULL, *ry = NULL;
    int win[4], j, rc;
    PJ *op;

    *out = NULL;
    memset(&db, 0, sizeof(db));
    if ((rc = kz__geo_transform(&op, ctx, crs, src_wkt)) < 0)
        return kz__error(ctx, rc, path, 0, NULL, "%s",
                         kz_ctx_error(ctx)->message);
    if (!GDALInvGeoTransform((double *)gt, inv))
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "geotransform cannot be inverted");
    if ((rc = grid_in_dem(ctx, op, ground, inv, nx, ny, &gr)) < 0)
        goto done;
    if (!dem_window(&gr, GDALGetRasterXSize(src), GDALGetRasterYSize(src),
                    win))
        goto done; /* the model does not reach the grid */
    if ((rc = dem_read(ctx, src, win, nx, ny, &db)) < 0)
        goto done;
    if (!(z = kz__mallocarray(ctx, (size_t)nx * ny, sizeof(float))) ||
        !(rx = kz__mallocarray(ctx, (size_t)gr.cols, sizeof(double))) ||
        !(ry = kz__mallocarray(ctx, (size_t)gr.cols, sizeof(double)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (j = 0; j < ny; j++)
        sample_row(&db, &gr, j, nx, ny, rx, ry, z + (size_t)j * nx, &lo,
                   &hi);
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
    kz__free(ctx, db.v);
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
