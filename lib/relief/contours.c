/*
 * contours.c - contour lines at an interval chosen from the scale, traced
 * by GDAL on the model's own grid on paper, simplified, index contours
 * heavier, and their elevations placed along the line after the kahrizes
 * are named: every index line long enough carries one at least.
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

#define LABEL_GAP 90.0    /* points between two labels of one line */
#define LABEL_TRY 6.0     /* points along a line between label tries */
#define LABEL_AGAIN 280.0 /* points along a line between its labels */
#define LABEL_LINE 4.0    /* a line shorter than this many labels: none */
#define LABELS_MORE 16    /* labels beyond one a line, per map */
#define CONTOUR_TOL 0.25 /* simplification, points (0.09 mm) */
#define CONTOUR_MIN (3 * KZ_MM) /* shorter lines are noise on paper */

void kz__contours_free(kz_ctx *ctx, struct kz_contours *c)
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
    kz__contours_free(pg->ctx, pg->contours);
    pg->contours = NULL;
}

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
    c->lines[c->n_lines].labelled = 0;
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

/* The point at distance d along line l (its points x, y; cum: the
 * distance at each point). */
static void point_at(const double *x, const double *y, const double *cum,
                     size_t n, double d, double *px, double *py)
{
    size_t k = 1;
    double t;

    while (k + 1 < n && cum[k] < d)
        k++;
    t = cum[k] > cum[k - 1] ? (d - cum[k - 1]) / (cum[k] - cum[k - 1]) : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    *px = x[k - 1] + (x[k] - x[k - 1]) * t;
    *py = y[k - 1] + (y[k] - y[k - 1]) * t;
}

/* One label of lay (w x h) on line l, tried every LABEL_TRY points from
 * the distance mid outward (both ways, as far as span), at least
 * LABEL_GAP from the line's labels so far (mine, *n_mine of them); the
 * first place clear of every other label, symbol, the furniture and the
 * frame's edge takes it.  *placed 0 when none is free. */
static int label_line(kz_page *pg, PangoLayout *lay, double w, double h,
                      const double *x, const double *y, const double *cum,
                      size_t n, double mid, double span, double (*mine)[2],
                      size_t *n_mine, size_t cap_mine, int *placed)
{
    const kz_style *st = pg->st;
    double off, len = cum[n - 1];
    int side, rc = KZ_OK;

    *placed = 0;
    for (off = 0; off <= span && !*placed; off += LABEL_TRY)
        for (side = 0; side < (off > 0 ? 2 : 1) && !*placed; side++) {
            double d = side ? mid - off : mid + off, px, py, cand[1][2];
            size_t j;
            int near = 0;

            /* a label's half width from either end: on the line */
            if (d < w / 2 || d > len - w / 2)
                continue;
            point_at(x, y, cum, n, d, &px, &py);
            for (j = 0; j < *n_mine; j++)
                if (hypot(px - mine[j][0], py - mine[j][1]) < LABEL_GAP)
                    near = 1;
            if (near)
                continue;
            cand[0][0] = px - w / 2;
            cand[0][1] = py - h / 2;
            if (cand[0][0] < pg->v.x0 + st->halo + 0.5 ||
                cand[0][1] < pg->v.y0 + st->halo + 0.5 ||
                cand[0][0] + w > pg->v.x0 + pg->v.w - st->halo - 0.5 ||
                cand[0][1] + h > pg->v.y0 + pg->v.h - st->halo - 0.5 ||
                kz_collide_test(pg->grid, cand[0][0], cand[0][1],
                                cand[0][0] + w, cand[0][1] + h))
                continue;
            if ((rc = kz__label_place(pg, lay, cand, 1, &st->contour_text, 0,
                                      placed)) < 0)
                return rc;
            if (*placed && *n_mine < cap_mine) {
                mine[*n_mine][0] = px;
                mine[*n_mine][1] = py;
                (*n_mine)++;
            }
        }
    return rc;
}

/* Elevations on the index lines, horizontal and centred on the line (the
 * halo parts the line), clear of every other label, symbol and the
 * furniture: first one on every index line at least LABEL_LINE labels
 * long, as near its middle as is free (a reader follows any line to its
 * height), then a few more along the longest, LABEL_AGAIN apart. */
int kz__contours_label(kz_page *pg)
{
    const kz_style *st = pg->st;
    struct kz_contours *c = pg->contours;
    double *cum = NULL;
    size_t i, k, more = 0;
    int pass, rc = KZ_OK;

    if (!c || pg->contour_step <= 0)
        return KZ_OK;
    for (pass = 0; pass < 2 && rc >= 0; pass++)
        for (i = 0; i < c->n_lines && rc >= 0; i++) {
            const cline *l = &c->lines[i];
            const double *x = c->x + l->start, *y = c->y + l->start;
            double w, h, len, mine[64][2], d;
            size_t n_mine = 0;
            PangoLayout *lay;
            char text[32];
            int placed = 0;

            if (!l->index || l->n < 2)
                continue;
            kz__free(pg->ctx, cum);
            if (!(cum = kz__mallocarray(pg->ctx, l->n, sizeof(double)))) {
                rc = KZ_ENOMEM;
                break;
            }
            for (cum[0] = 0, k = 1; k < l->n; k++)
                cum[k] = cum[k - 1] + hypot(x[k] - x[k - 1], y[k] - y[k - 1]);
            len = cum[l->n - 1];
            snprintf(text, sizeof(text), "%.0f", l->level);
            lay = kz__text_layout(&pg->txt, text, st->font_contour, 0, 0, -1,
                                  1);
            kz__text_size(lay, &w, &h);
            if (len < LABEL_LINE * w ||
                (pass == 1 && (len < 2 * LABEL_AGAIN || more >= LABELS_MORE))) {
                g_object_unref(lay);
                continue;
            }
            if (pass == 0) {
                rc = label_line(pg, lay, w, h, x, y, cum, l->n, len / 2,
                                len / 2, mine, &n_mine, 64, &placed);
                c->lines[i].labelled = placed;
            } else {
                /* the line's first label is where pass 0 put it: the
                 * others at LABEL_AGAIN steps, each within a third of a
                 * step of its place */
                if (c->lines[i].labelled) {
                    mine[0][0] = c->lines[i].lx;
                    mine[0][1] = c->lines[i].ly;
                    n_mine = 1;
                }
                for (d = LABEL_AGAIN / 2;
                     d < len - LABEL_AGAIN / 2 && more < LABELS_MORE &&
                     rc >= 0;
                     d += LABEL_AGAIN) {
                    rc = label_line(pg, lay, w, h, x, y, cum, l->n, d,
                                    LABEL_AGAIN / 3, mine, &n_mine, 64,
                                    &placed);
                    more += placed;
                }
            }
            if (pass == 0 && placed) {
                c->lines[i].lx = mine[0][0];
                c->lines[i].ly = mine[0][1];
            }
            g_object_unref(lay);
        }
    kz__free(pg->ctx, cum);
    return rc;
}
