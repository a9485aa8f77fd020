/*
 * dem.c - relief from the basemap's digital elevation model: hillshade
 * under the fills, contours with elevation labels, elevation at a point.
 * A basemap is shared by render threads and a GDAL dataset is not: every
 * page and every sampler opens the DEM for itself.  The DEM warped to the
 * page's view is kept in pg->contours from the hillshade to the contours.
 */
#include "render/render.h"

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
#define MAX_PIXELS (4096.0 * 4096.0) /* one page's warped DEM at most */
#define LABEL_GAP 90.0   /* points between two contour labels, at least */
#define LABEL_STEP 140.0 /* points along a line between label tries */
#define LABELS_MAX 16    /* a few per map */
#define CONTOUR_TOL 0.25 /* simplification, points (0.09 mm) */
#define CONTOUR_MIN (3 * KZ_MM) /* shorter lines are noise on paper */

/* One contour line in page points: pt[start..start + n). */
typedef struct cline {
    size_t start, n;
    double level;
    int index; /* every fifth level, drawn heavier and labelled */
} cline;

struct kz_contours {
    GDALDatasetH dem; /* the DEM warped to the map area (MEM, Float32) */
    int nx, ny;
    double zmin, zmax; /* over the valid pixels */
    double dem_pt;     /* the DEM's pixel on paper, points */
    double *x, *y;     /* points of every line, page points */
    size_t n_pt, cap_pt;
    cline *lines;
    size_t n_lines, cap_lines;
};

/* ---------------------------------------------------------------- open */

/* Open the DEM read-only and check what relief needs of it: a band, a
 * CRS and a geotransform.  *wkt is the DEM's CRS (owned by ds). */
static int dem_open(GDALDatasetH *out, double gt[6], const char **wkt,
                    kz_ctx *ctx, const char *path)
{
    GDALDatasetH ds;
    const char *why, *w;

    *out = NULL;
    kz__gdal_reset(path);
    ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL,
                    NULL);
    if (!ds) {
        why = kz__gdal_message();
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "not a raster GDAL can read%s%s",
                         why ? ": " : "", why ? why : "");
    }
    if (GDALGetRasterCount(ds) < 1) {
        GDALClose(ds);
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "not a raster: no band");
    }
    w = GDALGetProjectionRef(ds);
    if (!w || !*w) {
        GDALClose(ds);
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "no CRS: the elevation model must be "
                         "georeferenced");
    }
    if (GDALGetGeoTransform(ds, gt) != CE_None || gt[1] == 0 ||
        gt[5] == 0) {
        GDALClose(ds);
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "no geotransform");
    }
    *wkt = w;
    *out = ds;
    return KZ_OK;
}

int kz_basemap_set_dem(kz_basemap *bm, const char *path)
{
    kz_ctx *ctx;
    GDALDatasetH ds = NULL;
    kz_gdal_scope gdal;
    const char *wkt;
    char *copy = NULL;
    double gt[6];
    PJ *op;
    int rc;

    if (!bm)
        return KZ_EINVAL;
    ctx = bm->ctx;
    KZ_ASSERT_ARG(ctx, path);
    /* drivers registered here, once, not by the render threads */
    GDALAllRegister();
    kz__gdal_push(&gdal, ctx);
    if ((rc = dem_open(&ds, gt, &wkt, ctx, path)) < 0)
        goto done;
    /* a CRS PROJ cannot reach from lon/lat is useless to the maps */
    if ((rc = kz__geo_transform(&op, ctx, KZ_CRS_WGS84, wkt)) < 0) {
        rc = kz__error(ctx, rc, path, 0, NULL, "%s",
                       kz_ctx_error(ctx)->message);
        goto done;
    }
    if (!(copy = kz__strdup(ctx, path))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    kz__free(ctx, bm->dem_path);
    bm->dem_path = copy;
    copy = NULL;
done:
    kz__free(ctx, copy);
    if (ds)
        GDALClose(ds);
    kz__gdal_pop(&gdal);
    return rc;
}

/* ------------------------------------------------------------- sampler */

struct kz_dem {
    kz_ctx *ctx;
    GDALDatasetH ds;
    GDALRasterBandH band;
    PJ *op; /* lon/lat -> DEM CRS, borrowed from ctx's cache */
    double inv[6];
    int nx, ny, has_nodata;
    double nodata;
    kz_gdal_scope gdal;
    int pushed;
};

int kz__dem_open(kz_dem **out, kz_ctx *ctx, const char *path)
{
    kz_dem *d = NULL;
    const char *wkt;
    double gt[6];
    int rc;

    *out = NULL;
    if (!(d = kz__calloc(ctx, 1, sizeof(*d))))
        return KZ_ENOMEM;
    d->ctx = ctx;
    kz__gdal_push(&d->gdal, ctx);
    d->pushed = 1;
    if ((rc = dem_open(&d->ds, gt, &wkt, ctx, path)) < 0)
        goto done;
    if ((rc = kz__geo_transform(&d->op, ctx, KZ_CRS_WGS84, wkt)) < 0)
        goto done;
    if (!GDALInvGeoTransform(gt, d->inv)) {
        rc = kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                       "geotransform cannot be inverted");
        goto done;
    }
    d->band = GDALGetRasterBand(d->ds, 1);
    d->nx = GDALGetRasterXSize(d->ds);
    d->ny = GDALGetRasterYSize(d->ds);
    d->nodata = GDALGetRasterNoDataValue(d->band, &d->has_nodata);
    *out = d;
    d = NULL;
done:
    kz__dem_close(d);
    return rc;
}

int kz__dem_sample(kz_dem *d, double lon, double lat, double *metres)
{
    double x = lon, y = lat, px, py, fx, fy, z[4];
    int ix, iy, i;

    if (kz__geo_apply(d->ctx, d->op, &x, &y, 1, PJ_FWD) < 0 ||
        !isfinite(x) || !isfinite(y) || x == HUGE_VAL)
        return KZ_ENOTFOUND;
    /* pixel centres are at .5: the four around the point */
    px = d->inv[0] + x * d->inv[1] + y * d->inv[2] - 0.5;
    py = d->inv[3] + x * d->inv[4] + y * d->inv[5] - 0.5;
    if (px < -0.5 || py < -0.5 || px > d->nx - 0.5 || py > d->ny - 0.5)
        return KZ_ENOTFOUND;
    /* at the outer half pixel the edge value holds */
    px = fmin(fmax(px, 0), d->nx - 1);
    py = fmin(fmax(py, 0), d->ny - 1);
    ix = (int)floor(px);
    iy = (int)floor(py);
    if (ix > d->nx - 2)
        ix = d->nx > 1 ? d->nx - 2 : 0;
    if (iy > d->ny - 2)
        iy = d->ny > 1 ? d->ny - 2 : 0;
    fx = d->nx > 1 ? px - ix : 0;
    fy = d->ny > 1 ? py - iy : 0;
    kz__gdal_reset(NULL);
    if (GDALRasterIO(d->band, GF_Read, ix, iy, d->nx > 1 ? 2 : 1,
                     d->ny > 1 ? 2 : 1, z, 2, 2, GDT_Float64, 0,
                     2 * sizeof(double)) != CE_None) {
        const char *why = kz__gdal_message();
        return kz__error(d->ctx, KZ_EINPUT, GDALGetDescription(d->ds), 0,
                         NULL, "unreadable%s%s", why ? ": " : "",
                         why ? why : "");
    }
    if (d->nx == 1) {
        z[1] = z[0];
        z[3] = z[2];
    }
    if (d->ny == 1) {
        z[2] = z[0];
        z[3] = z[1];
    }
    for (i = 0; i < 4; i++)
        if (!isfinite(z[i]) || (d->has_nodata && z[i] == d->nodata))
            return KZ_ENOTFOUND;
    *metres = (z[0] * (1 - fx) + z[1] * fx) * (1 - fy) +
              (z[2] * (1 - fx) + z[3] * fx) * fy;
    return KZ_OK;
}

void kz__dem_close(kz_dem *d)
{
    if (!d)
        return;
    if (d->ds)
        GDALClose(d->ds);
    if (d->pushed)
        kz__gdal_pop(&d->gdal);
    kz__free(d->ctx, d);
}

int kz__dem_sample_kahrizes(double **out, kz_ctx *ctx, const kz_basemap *bm,
                            const kz_survey *sv)
{
    size_t n = kz_survey_kahriz_count(sv), i;
    double *z = NULL;
    kz_dem *d = NULL;
    int rc = KZ_OK;

    *out = NULL;
    if (!bm || !bm->dem_path || n == 0)
        return KZ_OK;
    if (!(z = kz__mallocarray(ctx, 2 * n, sizeof(double))))
        return KZ_ENOMEM;
    if ((rc = kz__dem_open(&d, ctx, bm->dem_path)) < 0)
        goto done;
    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(sv, i);
        z[2 * i] = z[2 * i + 1] = NAN;
        if (isnan(k->elevation_m) &&
            (rc = kz__dem_sample(d, k->lon, k->lat, &z[2 * i])) < 0 &&
            rc != KZ_ENOTFOUND)
            goto done;
        if (rc == KZ_ENOTFOUND)
            z[2 * i] = NAN;
        rc = KZ_OK;
        if (isnan(k->head_elevation_m) && isfinite(k->head_lon) &&
            isfinite(k->head_lat) &&
            (rc = kz__dem_sample(d, k->head_lon, k->head_lat,
                                 &z[2 * i + 1])) < 0 &&
            rc != KZ_ENOTFOUND)
            goto done;
        if (rc == KZ_ENOTFOUND)
            z[2 * i + 1] = NAN;
        rc = KZ_OK;
    }
    *out = z;
    z = NULL;
done:
    kz__dem_close(d);
    kz__free(ctx, z);
    return rc;
}

int kz_basemap_elevation(const kz_basemap *bm, kz_ctx *ctx, double lon,
                         double lat, double *metres)
{
    kz_dem *d = NULL;
    int rc;

    KZ_ASSERT_ARG(ctx, metres);
    if (!bm || !bm->dem_path)
        return KZ_ENOTFOUND;
    if ((rc = kz__dem_open(&d, ctx, bm->dem_path)) < 0)
        return rc;
    rc = kz__dem_sample(d, lon, lat, metres);
    kz__dem_close(d);
    return rc;
}

void kz__source_text(char *buf, size_t cap, long *second,
                     const kz_style *st, const kz_basemap *bm)
{
    char part[2][512];
    const char *file, *langs[2] = {"az", "en"};
    int i;

    if (!bm || !bm->dem_path) {
        kz__text_catalog(buf, cap, second, st, "source", 0);
        return;
    }
    file = strrchr(bm->dem_path, '/');
    file = file ? file + 1 : bm->dem_path;
    for (i = 0; i < 2; i++) {
        int li = kz__style_lang_index(st, langs[i]);
        part[i][0] = '\0';
        if (li >= 0)
            kz__text_printf(part[i], sizeof(part[i]), "%s; %s: %s",
                            kz__style_text_i(st, "source", (size_t)li),
                            kz__style_text_i(st, "source.relief",
                                             (size_t)li),
                            file);
    }
    kz__text_bilingual(buf, cap, second, st, part[0], part[1], 0);
}

/* -------------------------------------------------------------- relief */

static void contours_free(kz_ctx *ctx, struct kz_contours *c)
{
    if (!c)
        return;
    if (c->dem)
        GDALClose(c->dem);
    kz__free(ctx, c->x);
    kz__free(ctx, c->y);
    kz__free(ctx, c->lines);
    kz__free(ctx, c);
}

void kz__contours_release(kz_page *pg)
{
    contours_free(pg->ctx, pg->contours);
    pg->contours = NULL;
}

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
static int resample(kz_ctx *ctx, GDALDatasetH src, const double gt[6],
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
    if ((rc = dem_open(&src, gt, &wkt, ctx, path)) >= 0)
        rc = resample(ctx, src, gt, wkt, crs, ground, nx, ny, z, zmin, zmax);
    if (src)
        GDALClose(src);
    kz__gdal_pop(&gdal);
    return rc;
}

/* The DEM resampled to the map area (pg->res.ground, the map CRS) at a
 * resolution of at most dpi on paper and at most twice the DEM's own,
 * as a MEM dataset (Float32, no data KZ_DEM_NODATA).  *out NULL when no
 * pixel of the window has data. */
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
    if ((rc = dem_open(&src, gt, &src_wkt, pg->ctx, path)) < 0)
        goto done;
    if ((rc = kz__geo_crs_describe(pg->ctx, pg->crs, &dst_wkt, &epsg)) < 0)
        goto done;
    /* paper resolution: the style's, but no finer than twice the DEM's */
    m_per_pt = v->scale * 0.0254 / 72.0;
    dem_pt = fabs(gt[1]) *
             crs_unit_m(src_wkt, (v->lat0 + v->lat1) / 2) / m_per_pt;
    dpi = pg->st->relief_dpi;
    if (dem_pt > 0 && 2 * 72.0 / dem_pt < dpi)
        dpi = 2 * 72.0 / dem_pt;
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
    if ((rc = resample(pg->ctx, src, gt, src_wkt, pg->crs, g, nx, ny, &z,
                       &zmin, &zmax)) < 0 ||
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
     * as pixels grow beyond 100 m, so that a national map still reads */
    px_m = fabs(pg->res.ground[2] - pg->res.ground[0]) / c->nx * unit;
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
    if ((rc = warp_view(pg, &c, &unit)) < 0 || !c)
        goto done;
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
    contours_free(pg->ctx, c);
    kz__gdal_pop(&gdal);
    return rc;
}

/* ------------------------------------------------------------ contours */

/* Contour interval in metres for a scale denominator: the topographic
 * series' (1:50 000 20 m, 1:100 000 50 m, 1:200 000 100 m, 1:500 000
 * 200 m); none on smaller scales, the region and national maps, whose
 * symbols fill them (500 m lines there only crowd the names out).  A
 * window of great relief takes the next interval, so that the lines
 * stay apart. */
static double contour_step(double scale, double zmin, double zmax)
{
    static const double steps[] = {20, 50, 100, 200, 500};
    static const double upto[] = {60000, 120000, 250000, 600000, 0};
    size_t i, n = sizeof(steps) / sizeof(steps[0]);

    for (i = 0; i + 1 < n && scale > upto[i]; i++)
        ;
    if (i + 1 == n)
        return 0;
    while (i + 1 < n && (zmax - zmin) / steps[i] > 60)
        i++;
    return steps[i];
}

static int add_point(kz_ctx *ctx, struct kz_contours *c, double x, double y)
{
    size_t cap = c->cap_pt;
    int rc;
    if ((rc = kz__grow(ctx, (void **)&c->x, &cap, c->n_pt + 1,
                       sizeof(double))) < 0 ||
        (rc = kz__grow(ctx, (void **)&c->y, &c->cap_pt, c->n_pt + 1,
                       sizeof(double))) < 0)
        return rc;
    c->x[c->n_pt] = x;
    c->y[c->n_pt] = y;
    c->n_pt++;
    return KZ_OK;
}

/* The lines of one OGR line string, smoothed once (Chaikin: corners of
 * the marching squares cut) and simplified to tol points on paper. */
static int keep_line(kz_page *pg, struct kz_contours *c, OGRGeometryH g,
                     double level, int index, size_t **stack,
                     size_t *stack_cap)
{
    const kz_view *v = &pg->v;
    int n = OGR_G_GetPointCount(g), i, rc = KZ_OK;
    double *x = NULL, *y = NULL, *sx = NULL, *sy = NULL;
    unsigned char *keep = NULL;
    size_t m = 0, k, first;
    int closed;

    if (n < 2)
        return KZ_OK;
    if (!(x = kz__mallocarray(pg->ctx, (size_t)n, sizeof(double))) ||
        !(y = kz__mallocarray(pg->ctx, (size_t)n, sizeof(double))) ||
        !(sx = kz__mallocarray(pg->ctx, 2 * (size_t)n, sizeof(double))) ||
        !(sy = kz__mallocarray(pg->ctx, 2 * (size_t)n, sizeof(double)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < n; i++) {
        x[i] = kz__vx(v, OGR_G_GetX(g, i));
        y[i] = kz__vy(v, OGR_G_GetY(g, i));
    }
    closed = n > 3 && x[0] == x[n - 1] && y[0] == y[n - 1];
    if (!closed) {
        sx[m] = x[0];
        sy[m++] = y[0];
    }
    for (i = 0; i + 1 < n; i++) {
        sx[m] = 0.75 * x[i] + 0.25 * x[i + 1];
        sy[m++] = 0.75 * y[i] + 0.25 * y[i + 1];
        sx[m] = 0.25 * x[i] + 0.75 * x[i + 1];
        sy[m++] = 0.25 * y[i] + 0.75 * y[i + 1];
    }
    if (closed) {
        sx[m] = sx[0];
        sy[m++] = sy[0];
    } else {
        sx[m] = x[n - 1];
        sy[m++] = y[n - 1];
    }
    if (!(keep = kz__calloc(pg->ctx, m, 1))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    {
        double len = 0;
        for (k = 1; k < m; k++)
            len += hypot(sx[k] - sx[k - 1], sy[k] - sy[k - 1]);
        if (len < CONTOUR_MIN)
            goto done;
    }
    if ((rc = kz__simplify_keep(pg->ctx, sx, sy, 0, m - 1, CONTOUR_TOL,
                                keep, stack, stack_cap)) < 0)
        goto done;
    if ((rc = kz__grow(pg->ctx, (void **)&c->lines, &c->cap_lines,
                       c->n_lines + 1, sizeof(cline))) < 0)
        goto done;
    first = c->n_pt;
    for (k = 0; k < m; k++)
        if (keep[k] && (rc = add_point(pg->ctx, c, sx[k], sy[k])) < 0)
            goto done;
    c->lines[c->n_lines].start = first;
    c->lines[c->n_lines].n = c->n_pt - first;
    c->lines[c->n_lines].level = level;
    c->lines[c->n_lines].index = index;
    c->n_lines++;
done:
    kz__free(pg->ctx, x);
    kz__free(pg->ctx, y);
    kz__free(pg->ctx, sx);
    kz__free(pg->ctx, sy);
    kz__free(pg->ctx, keep);
    return rc;
}

/* The warped DEM at about cell_pt points a pixel, for contours: they
 * need no finer grid than the DEM's own pixel (the warp doubles it) nor
 * than about 0.8 mm (Chaikin smooths the rest), and at least 0.4 mm;
 * tracing costs by the pixel.  *out is c->dem itself (not to be closed)
 * or a reduced MEM copy. */
static int contour_grid(kz_page *pg, struct kz_contours *c, double cell_pt,
                        GDALDatasetH *out)
{
    double px_pt = pg->v.w / c->nx, gt[6];
    int k = (int)lround(cell_pt / px_pt), nx, ny, rc = KZ_OK;
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDatasetH d = NULL;
    float *buf = NULL;

    *out = c->dem;
    if (k < 2 || !mem)
        return KZ_OK;
    nx = c->nx / k;
    ny = c->ny / k;
    if (nx < 2 || ny < 2)
        return KZ_OK;
    if (!(buf = kz__mallocarray(pg->ctx, (size_t)nx * ny, sizeof(float))))
        return KZ_ENOMEM;
    /* every kth pixel of a grid already bilinear: no data stays apart */
    if (GDALRasterIO(GDALGetRasterBand(c->dem, 1), GF_Read, 0, 0, nx * k,
                     ny * k, buf, nx, ny, GDT_Float32, 0, 0) != CE_None ||
        !(d = GDALCreate(mem, "", nx, ny, 1, GDT_Float32, NULL)) ||
        GDALRasterIO(GDALGetRasterBand(d, 1), GF_Write, 0, 0, nx, ny, buf,
                     nx, ny, GDT_Float32, 0, 0) != CE_None) {
        rc = kz__error(pg->ctx, KZ_ERENDER, pg->bm->dem_path, 0, NULL,
                       "contour grid");
        goto done;
    }
    GDALGetGeoTransform(c->dem, gt);
    gt[1] *= k;
    gt[5] *= k;
    GDALSetGeoTransform(d, gt);
    *out = d;
    d = NULL;
done:
    if (d)
        GDALClose(d);
    kz__free(pg->ctx, buf);
    return rc;
}

static int trace(kz_page *pg, struct kz_contours *c, double step)
{
    GDALDriverH drv = GDALGetDriverByName("Memory");
    GDALDatasetH ds = NULL, grid = NULL;
    OGRLayerH layer;
    OGRFieldDefnH fd = NULL;
    OGRFeatureH f = NULL;
    char **opts = NULL, buf[64];
    size_t *stack = NULL, stack_cap = 0;
    int rc = KZ_OK;

    if (!drv || !(ds = GDALCreate(drv, "", 0, 0, 0, GDT_Unknown, NULL)) ||
        !(layer = GDALDatasetCreateLayer(ds, "contours", NULL,
                                         wkbLineString, NULL)) ||
        !(fd = OGR_Fld_Create("elev", OFTReal)) ||
        OGR_L_CreateField(layer, fd, TRUE) != OGRERR_NONE) {
        rc = kz__error(pg->ctx, KZ_ERENDER, NULL, 0, NULL,
                       "GDAL: no memory layer for contours");
        goto done;
    }
    if ((rc = contour_grid(pg, c,
                           fmax(0.4 * KZ_MM, fmin(c->dem_pt, 0.8 * KZ_MM)),
                           &grid)) < 0)
        goto done;
    snprintf(buf, sizeof(buf), "LEVEL_INTERVAL=%g", step);
    opts = CSLAddString(opts, buf);
    opts = CSLAddString(opts, "ELEV_FIELD=0");
    snprintf(buf, sizeof(buf), "NODATA=%.17g", KZ_DEM_NODATA);
    opts = CSLAddString(opts, buf);
    kz__gdal_reset(pg->bm->dem_path);
    if (GDALContourGenerateEx(GDALGetRasterBand(grid, 1), layer, opts,
                              NULL, NULL) != CE_None) {
        const char *why = kz__gdal_message();
        rc = kz__error(pg->ctx, KZ_ERENDER, pg->bm->dem_path, 0, NULL,
                       "contours%s%s", why ? ": " : "", why ? why : "");
        goto done;
    }
    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        double level = OGR_F_GetFieldAsDouble(f, 0);
        int index = fmod(fabs(level), 5 * step) < 1e-6;
        int parts, p;

        if (kz__interrupted(pg->ctx)) {
            rc = kz__error(pg->ctx, KZ_EINTERRUPTED, NULL, 0, NULL,
                           "interrupted");
            goto done;
        }
        parts = g ? OGR_G_GetGeometryCount(g) : 0;
        if (g && parts == 0)
            rc = keep_line(pg, c, g, level, index, &stack, &stack_cap);
        for (p = 0; rc >= 0 && p < parts; p++)
            rc = keep_line(pg, c, OGR_G_GetGeometryRef(g, p), level, index,
                           &stack, &stack_cap);
        OGR_F_Destroy(f);
        f = NULL;
        if (rc < 0)
            goto done;
    }
done:
    if (f)
        OGR_F_Destroy(f);
    if (fd)
        OGR_Fld_Destroy(fd);
    if (ds)
        GDALClose(ds);
    if (grid && grid != c->dem)
        GDALClose(grid);
    CSLDestroy(opts);
    kz__free(pg->ctx, stack);
    return rc;
}

int kz__contours_draw(kz_page *pg)
{
    const kz_style *st = pg->st;
    struct kz_contours *c = pg->contours;
    cairo_t *cr = pg->cr;
    kz_gdal_scope gdal;
    double step;
    size_t i, k;
    int pass, rc;

    if (!c)
        return KZ_OK;
    step = contour_step(pg->v.scale, c->zmin, c->zmax);
    if (step <= 0 || floor(c->zmax / step) < ceil(c->zmin / step))
        return KZ_OK;
    kz__gdal_push(&gdal, pg->ctx);
    rc = trace(pg, c, step);
    kz__gdal_pop(&gdal);
    if (rc < 0 || c->n_lines == 0)
        return rc;
    /* one path per weight: the ordinary lines, then the index lines */
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    kz__set_rgb(cr, &st->contour);
    for (pass = 0; pass < 2; pass++) {
        cairo_new_path(cr);
        for (i = 0; i < c->n_lines; i++) {
            const cline *l = &c->lines[i];
            if (l->index != pass || l->n < 2)
                continue;
            cairo_move_to(cr, c->x[l->start], c->y[l->start]);
            for (k = 1; k < l->n; k++)
                cairo_line_to(cr, c->x[l->start + k], c->y[l->start + k]);
        }
        cairo_set_line_width(cr, pass ? st->lw_contour_index
                                      : st->lw_contour);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    pg->contour_step = step;
    return KZ_OK;
}

/* Elevations on the index lines, horizontal and centred on the line (the
 * halo parts the line), a few per map, apart from one another and clear of
 * every other label, symbol and the furniture. */
int kz__contours_label(kz_page *pg)
{
    const kz_style *st = pg->st;
    struct kz_contours *c = pg->contours;
    double done_xy[LABELS_MAX][2];
    size_t n_done = 0, i, k;
    int rc = KZ_OK;

    if (!c || pg->contour_step <= 0)
        return KZ_OK;
    for (i = 0; i < c->n_lines && n_done < LABELS_MAX; i++) {
        const cline *l = &c->lines[i];
        const double *x = c->x + l->start, *y = c->y + l->start;
        double along = 0, next = LABEL_STEP / 2, w, h;
        PangoLayout *lay = NULL;
        char text[32];

        if (!l->index || l->n < 2)
            continue;
        snprintf(text, sizeof(text), "%.0f", l->level);
        for (k = 1; k < l->n && n_done < LABELS_MAX; k++) {
            double seg = hypot(x[k] - x[k - 1], y[k] - y[k - 1]), px, py;
            double cand[1][2], t;
            size_t j;
            int placed, near = 0;

            along += seg;
            if (along < next || seg <= 0)
                continue;
            t = 1 - (along - next) / seg;
            px = x[k - 1] + (x[k] - x[k - 1]) * t;
            py = y[k - 1] + (y[k] - y[k - 1]) * t;
            next = along + LABEL_STEP / 4; /* try again a little on */
            for (j = 0; j < n_done; j++)
                if (hypot(px - done_xy[j][0], py - done_xy[j][1]) <
                    LABEL_GAP)
                    near = 1;
            if (near)
                continue;
            if (!lay) {
                lay = kz__text_layout(&pg->txt, text, st->font_contour, 0,
                                      0, -1, 1);
                kz__text_size(lay, &w, &h);
            }
            cand[0][0] = px - w / 2;
            cand[0][1] = py - h / 2;
            /* a taken place is no dropped label: the line goes on */
            if (cand[0][0] < pg->v.x0 + st->halo + 0.5 ||
                cand[0][1] < pg->v.y0 + st->halo + 0.5 ||
                cand[0][0] + w > pg->v.x0 + pg->v.w - st->halo - 0.5 ||
                cand[0][1] + h > pg->v.y0 + pg->v.h - st->halo - 0.5 ||
                kz_collide_test(pg->grid, cand[0][0], cand[0][1],
                                cand[0][0] + w, cand[0][1] + h))
                continue;
            if ((rc = kz__label_place(pg, lay, cand, 1, &st->contour_text,
                                      0, &placed)) < 0)
                break;
            if (placed) {
                done_xy[n_done][0] = px;
                done_xy[n_done][1] = py;
                n_done++;
                next = along + LABEL_STEP;
            }
        }
        if (lay)
            g_object_unref(lay);
        if (rc < 0)
            break;
    }
    return rc;
}
