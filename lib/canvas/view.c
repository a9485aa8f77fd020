/*
 * view.c - from lon/lat geometry to page paths.  Geometry is cut to the
 * window and simplified to the output resolution before it is projected,
 * so that the work and the PDF follow what the page shows, not how
 * detailed the source is.
 */
#include "canvas/canvas.h"

#include <geodesic.h>

#include <math.h>

GEOSGeometry *kz__view_prepare(kz_ctx *ctx, const kz_view *v,
                               const GEOSGeometry *lonlat, double tol,
                               double pad, int *empty)
{
    GEOSContextHandle_t h = kz__geos(ctx);
    GEOSGeometry *a = NULL, *b = NULL, *out = NULL;
    double dpad = pad * v->deg_per_pt * 2, hw, hh;

    *empty = 0;
    if (!h)
        return NULL;
    /* cut in lon/lat first: a district page never projects the country */
    a = GEOSClipByRect_r(h, lonlat, v->lon0 - dpad, v->lat0 - dpad,
                         v->lon1 + dpad, v->lat1 + dpad);
    if (!a)
        goto done;
    if (GEOSisEmpty_r(h, a)) {
        *empty = 1;
        goto done;
    }
    /* a lat degree is the longest degree here, so the tolerance is never
     * coarser than tol on the page */
    if (tol > 0) {
        b = GEOSTopologyPreserveSimplify_r(h, a, tol * v->deg_per_pt);
        if (!b)
            goto done;
        GEOSGeom_destroy_r(h, a);
        a = b;
        b = NULL;
    }
    if (!(b = kz__geo_transform_geom(ctx, v->fwd, a)))
        goto done;
    hw = (v->w / 2 + pad) / v->s;
    hh = (v->h / 2 + pad) / v->s;
    out = GEOSClipByRect_r(h, b, v->cx - hw, v->cy - hh, v->cx + hw,
                           v->cy + hh);
    if (out && GEOSisEmpty_r(h, out)) {
        GEOSGeom_destroy_r(h, out);
        out = NULL;
        *empty = 1;
    }
done:
    if (a)
        GEOSGeom_destroy_r(h, a);
    if (b)
        GEOSGeom_destroy_r(h, b);
    return out;
}

static void path_seq(cairo_t *cr, const kz_view *v, GEOSContextHandle_t h,
                     const GEOSCoordSequence *cs, int close)
{
    unsigned n = 0, i;
    double x, y;

    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || n == 0)
        return;
    for (i = 0; i < n; i++) {
        GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
        if (i == 0)
            cairo_move_to(cr, kz__vx(v, x), kz__vy(v, y));
        else
            cairo_line_to(cr, kz__vx(v, x), kz__vy(v, y));
    }
    if (close)
        cairo_close_path(cr);
}

void kz__path_geom(cairo_t *cr, const kz_view *v, GEOSContextHandle_t h,
                   const GEOSGeometry *g)
{
    int type, i, n;

    if (!g)
        return;
    type = GEOSGeomTypeId_r(h, g);
    switch (type) {
    case GEOS_LINESTRING:
        path_seq(cr, v, h, GEOSGeom_getCoordSeq_r(h, g), 0);
        break;
    case GEOS_LINEARRING:
        path_seq(cr, v, h, GEOSGeom_getCoordSeq_r(h, g), 1);
        break;
    case GEOS_POLYGON:
        path_seq(cr, v, h,
                 GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, g)), 1);
        n = GEOSGetNumInteriorRings_r(h, g);
        for (i = 0; i < n; i++)
            path_seq(cr, v, h,
                     GEOSGeom_getCoordSeq_r(h, GEOSGetInteriorRingN_r(h, g, i)),
                     1);
        break;
    case GEOS_MULTILINESTRING:
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION:
        n = GEOSGetNumGeometries_r(h, g);
        for (i = 0; i < n; i++)
            kz__path_geom(cr, v, h, GEOSGetGeometryN_r(h, g, i));
        break;
    default:
        break;
    }
}

int kz__view_point(const kz_view *v, double lon, double lat, double *px,
                   double *py)
{
    PJ_COORD c = proj_coord(lon, lat, 0, 0);
    c = proj_trans(v->fwd, PJ_FWD, c);
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y) || c.xy.x == HUGE_VAL)
        return 0;
    *px = kz__vx(v, c.xy.x);
    *py = kz__vy(v, c.xy.y);
    return 1;
}

/* Douglas-Peucker over x[a..b]: keep[i] set for the vertices that carry
 * the line to within tol; the end points are always kept.  A gallery runs
 * through every shaft, tens of metres apart, which at district scale is a
 * fraction of a millimetre: most of those vertices draw nothing; so do
 * most of the points of a graticule line. */
int kz__simplify_keep(kz_ctx *ctx, const double *x, const double *y,
                      size_t a, size_t b, double tol, unsigned char *keep,
                      size_t **stack, size_t *cap)
{
    size_t top = 0;
    int rc;

    keep[a] = keep[b] = 1;
    if (b <= a + 1)
        return KZ_OK;
    if ((rc = kz__grow(ctx, (void **)stack, cap, 2, 2 * sizeof(size_t))) < 0)
        return rc;
    (*stack)[0] = a;
    (*stack)[1] = b;
    top = 1;
    while (top) {
        size_t i, lo, hi, far = 0;
        double dx, dy, len, best = -1;
        top--;
        lo = (*stack)[2 * top];
        hi = (*stack)[2 * top + 1];
        dx = x[hi] - x[lo];
        dy = y[hi] - y[lo];
        len = hypot(dx, dy);
        for (i = lo + 1; i < hi; i++) {
            double d = len > 0 ? fabs(dy * (x[i] - x[lo]) -
                                      dx * (y[i] - y[lo])) / len
                               : hypot(x[i] - x[lo], y[i] - y[lo]);
            if (d > best) {
                best = d;
                far = i;
            }
        }
        if (best <= tol)
            continue;
        keep[far] = 1;
        if ((rc = kz__grow(ctx, (void **)stack, cap, top + 2,
                           2 * sizeof(size_t))) < 0)
            return rc;
        if (far > lo + 1) {
            (*stack)[2 * top] = lo;
            (*stack)[2 * top + 1] = far;
            top++;
        }
        if (hi > far + 1) {
            (*stack)[2 * top] = far;
            (*stack)[2 * top + 1] = hi;
            top++;
        }
    }
    return KZ_OK;
}

void kz__view_georef(const kz_view *v, cairo_t *cr, double frame[4],
                     double ground[4])
{
    double x0 = v->x0, y0 = v->y0, x1 = v->x0 + v->w, y1 = v->y0 + v->h;
    cairo_user_to_device(cr, &x0, &y0);
    cairo_user_to_device(cr, &x1, &y1);
    frame[0] = x0 < x1 ? x0 : x1;
    frame[1] = y0 < y1 ? y0 : y1;
    frame[2] = fabs(x1 - x0);
    frame[3] = fabs(y1 - y0);
    ground[0] = v->cx - v->w / 2 / v->s;
    ground[1] = v->cy - v->h / 2 / v->s;
    ground[2] = v->cx + v->w / 2 / v->s;
    ground[3] = v->cy + v->h / 2 / v->s;
}

double kz__scale_standard(double s)
{
    /* steps of at most 1.5: a district fills at least two thirds of its
     * frame's length or breadth */
    static const double series[] = {25000,  50000,  75000,   100000,
                                    150000, 200000, 250000,  300000,
                                    400000, 500000, 750000,  1000000,
                                    1500000, 2000000};
    /* points per metre to the scale denominator and back */
    double k = 0.0254 / 72.0, d = 1 / (s * k);
    size_t i;

    for (i = 0; i < sizeof(series) / sizeof(*series); i++)
        if (d <= series[i] * (1 + 1e-9))
            return 1 / (series[i] * k);
    return s;
}

int kz__view_ground_m_per_pt(double *out, const kz_view *v)
{
    struct geod_geodesic g;
    double half = v->w / 10 / v->s; /* a tenth of the map width */
    double x[2] = {v->cx - half, v->cx + half}, y[2] = {v->cy, v->cy};
    double s12 = 0;
    int rc;

    if ((rc = kz__geo_apply(v->ctx, v->fwd, x, y, 2, PJ_INV)) < 0)
        return rc;
    if (!isfinite(x[0]) || !isfinite(x[1]) || x[0] == HUGE_VAL ||
        x[1] == HUGE_VAL)
        return kz__error(v->ctx, KZ_EPROJ, NULL, 0, NULL,
                         "the frame centre has no longitude/latitude");
    geod_init(&g, 6378137.0, 1 / 298.257223563); /* WGS84 */
    geod_inverse(&g, y[0], x[0], y[1], x[1], &s12, NULL, NULL);
    *out = s12 / (v->w / 5);
    return KZ_OK;
}

int kz__view_north_deg(double *out, const kz_view *v)
{
    double x[2] = {v->cx, 0}, y[2] = {v->cy, 0};
    int rc;

    if ((rc = kz__geo_apply(v->ctx, v->fwd, x, y, 1, PJ_INV)) < 0)
        return rc;
    x[1] = x[0];
    y[1] = y[0] + 0.01;
    if ((rc = kz__geo_apply(v->ctx, v->fwd, x, y, 2, PJ_FWD)) < 0)
        return rc;
    /* page y grows downwards; the CRS's y upwards */
    *out = atan2(x[1] - x[0], y[1] - y[0]) * 180 / M_PI;
    return KZ_OK;
}

GEOSGeometry *kz__view_box(GEOSContextHandle_t h, const kz_view *v,
                           const double b[4])
{
    double x0 = v->cx + (b[0] - v->x0 - v->w / 2) / v->s;
    double x1 = v->cx + (b[0] + b[2] - v->x0 - v->w / 2) / v->s;
    double y1 = v->cy - (b[1] - v->y0 - v->h / 2) / v->s;
    double y0 = v->cy - (b[1] + b[3] - v->y0 - v->h / 2) / v->s;
    return GEOSGeom_createRectangle_r(h, x0, y0, x1, y1);
}
