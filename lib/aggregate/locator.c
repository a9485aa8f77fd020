/*
 * locator.c - exact point-in-district location: a boundary-marked grid
 * answers points in cells no boundary crosses; the rest get the exact test
 * on GEOS prepared geometries.  Invariant: a cell not marked boundary lies
 * wholly inside the same set of districts, so one exact test of any point
 * in it (done at build time) answers for the whole cell.
 */
#include "aggregate/locator.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Ranks districts by code so that ties resolve the same whatever the
 * order of the source file. */
static int by_code(const void *a, const void *b, void *arg)
{
    const kz_survey *sv = arg;
    uint32_t ia = *(const uint32_t *)a, ib = *(const uint32_t *)b;
    return strcmp(sv->districts[ia].code, sv->districts[ib].code);
}

void kz__locator_destroy(kz_ctx *ctx, kz_locator *loc)
{
    size_t i;
    GEOSContextHandle_t h;
    if (!loc)
        return;
    h = kz__geos(ctx);
    if (loc->prep && h)
        for (i = 0; i < loc->n; i++)
            if (loc->prep[i])
                GEOSPreparedGeom_destroy_r(h, loc->prep[i]);
    kz__free(ctx, loc->prep);
    kz__free(ctx, loc->env);
    kz__free(ctx, loc->order);
    kz__free(ctx, loc->rank);
    kz_rtree_destroy(loc->env_index);
    kz__free(ctx, (void *)loc->geoms);
    kz__free(ctx, loc->cell);
    kz__free(ctx, loc);
}

/* Candidates of an exact test: districts whose envelope holds the point,
 * from the envelope index, ordered by rank (code). */
#define KZ_LOC_MAX_CANDIDATES 64

static void sort_by_rank(const kz_locator *loc, uint32_t *ids, size_t n)
{
    size_t i, j;
    for (i = 1; i < n; i++) {
        uint32_t v = ids[i];
        for (j = i; j > 0 && loc->rank[ids[j - 1]] > loc->rank[v]; j--)
            ids[j] = ids[j - 1];
        ids[j] = v;
    }
}

long kz__locator_exact(kz_ctx *ctx, const kz_locator *loc, double lon,
                       double lat)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry *pt;
    uint32_t ids[KZ_LOC_MAX_CANDIDATES];
    size_t total = 0, r, n;
    long boundary = -1, found = -1;

    if (kz_rtree_search_ids(&total, ids, KZ_LOC_MAX_CANDIDATES, ctx,
                            loc->env_index, lon, lat, lon, lat) < 0)
        return KZ_EGEOM;
    if (total == 0)
        return -1;
    n = total;
    if (total > KZ_LOC_MAX_CANDIDATES) /* pathological overlap: scan all */
        n = 0;
    else
        sort_by_rank(loc, ids, n);
    pt = GEOSGeom_createPointFromXY_r(h, lon, lat);
    if (!pt)
        return KZ_EGEOM;
    /* candidates come by code: the first interior hit is the answer; a
     * boundary hit waits in case a later district holds it inside */
    for (r = 0; r < (n ? n : loc->n); r++) {
        uint32_t d = n ? ids[r] : loc->order[r];
        const double *e = loc->env + 4 * d;
        if (lon < e[0] || lon > e[2] || lat < e[1] || lat > e[3])
            continue;
        if (GEOSPreparedIntersects_r(h, loc->prep[d], pt) != 1)
            continue;
        if (GEOSPreparedContainsProperly_r(h, loc->prep[d], pt) == 1) {
            found = d;
            break;
        }
        if (boundary < 0)
            boundary = d;
    }
    GEOSGeom_destroy_r(h, pt);
    return found >= 0 ? found : boundary;
}

static void mark(kz_locator *loc, long cx, long cy)
{
    if (cx < 0 || cy < 0 || cx >= (long)loc->w || cy >= (long)loc->h)
        return;
    loc->cell[(size_t)cy * loc->w + (size_t)cx] = KZ_LOC_BOUNDARY;
}

/* Mark every cell the segment touches (supercover), with a tiny margin so
 * that rounding never leaves a crossed cell unmarked. */
static void mark_segment(kz_locator *loc, double ax, double ay, double bx,
                         double by)
{
    double fx0 = (ax - loc->x0) / loc->cw, fy0 = (ay - loc->y0) / loc->ch;
    double fx1 = (bx - loc->x0) / loc->cw, fy1 = (by - loc->y0) / loc->ch;
    const double eps = 1e-6;
    long c, c0, c1;

    if (fx0 > fx1) {
        double t = fx0;
        fx0 = fx1;
        fx1 = t;
        t = fy0;
        fy0 = fy1;
        fy1 = t;
    }
    c0 = (long)floor(fx0 - eps);
    c1 = (long)floor(fx1 + eps);
    for (c = c0; c <= c1; c++) {
        /* y range of the segment within column c */
        double xa = c > fx0 ? (double)c : fx0;
        double xb = (double)(c + 1) < fx1 ? (double)(c + 1) : fx1;
        double ya, yb, r;
        long lo, hi;
        if (fx1 - fx0 < 1e-12) {
            ya = fy0;
            yb = fy1;
        } else {
            ya = fy0 + (fy1 - fy0) * ((xa - fx0) / (fx1 - fx0));
            yb = fy0 + (fy1 - fy0) * ((xb - fx0) / (fx1 - fx0));
        }
        if (ya > yb) {
            double t = ya;
            ya = yb;
            yb = t;
        }
        lo = (long)floor(ya - eps);
        hi = (long)floor(yb + eps);
        for (r = (double)lo; r <= (double)hi; r += 1.0) {
            mark(loc, c, (long)r);
            /* a boundary exactly on a column line touches both columns */
            if (xa - floor(xa) < eps)
                mark(loc, c - 1, (long)r);
        }
    }
}

static void mark_ring(kz_locator *loc, GEOSContextHandle_t h,
                      const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0, i;
    double px = 0, py = 0, x, y;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return;
    for (i = 0; i < n; i++) {
        GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
        if (i > 0)
            mark_segment(loc, px, py, x, y);
        px = x;
        py = y;
    }
}

static void mark_geometry(kz_locator *loc, GEOSContextHandle_t h,
                          const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(h, g), i, n;
    if (type == GEOS_POLYGON) {
        mark_ring(loc, h, GEOSGetExteriorRing_r(h, g));
        n = GEOSGetNumInteriorRings_r(h, g);
        for (i = 0; i < n; i++)
            mark_ring(loc, h, GEOSGetInteriorRingN_r(h, g, i));
    } else if (type == GEOS_MULTIPOLYGON ||
               type == GEOS_GEOMETRYCOLLECTION) {
        n = GEOSGetNumGeometries_r(h, g);
        for (i = 0; i < n; i++)
            mark_geometry(loc, h, GEOSGetGeometryN_r(h, g, i));
    } else if (type == GEOS_LINEARRING || type == GEOS_LINESTRING) {
        mark_ring(loc, h, g);
    }
}

int kz__locator_create(kz_locator **out, kz_ctx *ctx, const kz_survey *sv,
                       uint32_t grid_size)
{
    kz_locator *loc = NULL;
    GEOSContextHandle_t h;
    size_t i, n = sv->n_districts;
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY,
           maxy = -INFINITY;
    uint32_t x, y;
    int rc = KZ_OK;

    *out = NULL;
    if (!(h = kz__geos(ctx)))
        return KZ_ENOMEM;
    if (!(loc = kz__calloc(ctx, 1, sizeof(*loc))))
        return KZ_ENOMEM;
    loc->n = n;
    loc->prep = kz__calloc(ctx, n ? n : 1, sizeof(*loc->prep));
    loc->geoms = kz__calloc(ctx, n ? n : 1, sizeof(*loc->geoms));
    loc->env = kz__calloc(ctx, n ? n : 1, 4 * sizeof(double));
    loc->order = kz__calloc(ctx, n ? n : 1, sizeof(uint32_t));
    loc->rank = kz__calloc(ctx, n ? n : 1, sizeof(uint32_t));
    if (!loc->prep || !loc->geoms || !loc->env || !loc->order || !loc->rank) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < n; i++) {
        const kz_district *d = &sv->districts[i];
        GEOSGeometry *probe;
        loc->geoms[i] = sv->district_geoms[i];
        loc->prep[i] = GEOSPrepare_r(h, loc->geoms[i]);
        if (!loc->prep[i]) {
            rc = kz__error(ctx, KZ_EGEOM, NULL, 0, NULL,
                           "cannot prepare district %s", d->code);
            goto done;
        }
        /* prepared geometries build their indexes on first use: do it
         * now so that later concurrent reads find them ready */
        probe = GEOSGeom_createPointFromXY_r(h, d->minx, d->miny);
        if (probe) {
            GEOSPreparedIntersects_r(h, loc->prep[i], probe);
            GEOSPreparedContainsProperly_r(h, loc->prep[i], probe);
            GEOSGeom_destroy_r(h, probe);
        }
        loc->env[4 * i] = d->minx;
        loc->env[4 * i + 1] = d->miny;
        loc->env[4 * i + 2] = d->maxx;
        loc->env[4 * i + 3] = d->maxy;
        loc->order[i] = (uint32_t)i;
        if (d->minx < minx) minx = d->minx;
        if (d->miny < miny) miny = d->miny;
        if (d->maxx > maxx) maxx = d->maxx;
        if (d->maxy > maxy) maxy = d->maxy;
    }
    qsort_r(loc->order, n, sizeof(uint32_t), by_code, (void *)sv);
    for (i = 0; i < n; i++)
        loc->rank[loc->order[i]] = (uint32_t)i;
    if ((rc = kz_rtree_create(&loc->env_index, ctx, n, NULL)) < 0)
        goto done;
    for (i = 0; i < n; i++)
        if ((rc = kz_rtree_add(ctx, loc->env_index, loc->env[4 * i],
                               loc->env[4 * i + 1], loc->env[4 * i + 2],
                               loc->env[4 * i + 3])) < 0)
            goto done;
    if ((rc = kz_rtree_finish(ctx, loc->env_index)) < 0)
        goto done;

    if (n == 0 || grid_size == 0 || n > INT16_MAX)
        goto finished; /* no grid: every point takes the exact path */
    loc->w = loc->h = grid_size;
    loc->x0 = minx - 1e-9;
    loc->y0 = miny - 1e-9;
    loc->cw = (maxx - minx + 2e-9) / grid_size;
    loc->ch = (maxy - miny + 2e-9) / grid_size;
    loc->cell = kz__mallocarray(ctx, (size_t)grid_size * grid_size,
                                sizeof(int16_t));
    if (!loc->cell) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < (size_t)grid_size * grid_size; i++)
        loc->cell[i] = KZ_LOC_OUTSIDE;
    for (i = 0; i < n; i++)
        mark_geometry(loc, h, loc->geoms[i]);
    /* every run of unmarked cells in a row lies in one set of districts:
     * one exact test at the first cell's centre answers for the run */
    for (y = 0; y < loc->h; y++) {
        int16_t *row = loc->cell + (size_t)y * loc->w;
        x = 0;
        while (x < loc->w) {
            uint32_t end;
            long d;
            if (row[x] == KZ_LOC_BOUNDARY) {
                loc->boundary_cells++;
                x++;
                continue;
            }
            for (end = x; end < loc->w && row[end] != KZ_LOC_BOUNDARY; end++)
                ;
            d = kz__locator_exact(ctx, loc, loc->x0 + (x + 0.5) * loc->cw,
                                  loc->y0 + (y + 0.5) * loc->ch);
            if (d < -1) {
                rc = kz__error(ctx, KZ_EGEOM, NULL, 0, NULL,
                               "point-in-district test failed");
                goto done;
            }
            for (; x < end; x++)
                row[x] = (int16_t)d;
        }
    }
finished:
    *out = loc;
    loc = NULL;
done:
    kz__locator_destroy(ctx, loc);
    return rc;
}

long kz__locator_find(kz_ctx *ctx, const kz_locator *loc, double lon,
                      double lat)
{
    if (loc->cell) {
        double fx = (lon - loc->x0) / loc->cw, fy = (lat - loc->y0) / loc->ch;
        if (!(fx >= 0 && fy >= 0 && fx < loc->w && fy < loc->h))
            return -1; /* outside the envelope of all districts */
        {
            int16_t c = loc->cell[(size_t)fy * loc->w + (size_t)fx];
            if (c != KZ_LOC_BOUNDARY)
                return c;
        }
    }
    return kz__locator_exact(ctx, loc, lon, lat);
}

double kz__locator_nearest_km(kz_ctx *ctx, const kz_locator *loc,
                              double lon, double lat, long *district)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, lon, lat);
    double best = INFINITY;
    size_t i;

    if (district)
        *district = -1;
    if (!pt)
        return NAN;
    for (i = 0; i < loc->n; i++) {
        GEOSCoordSequence *cs = GEOSNearestPoints_r(h, loc->geoms[i], pt);
        double x = 0, y = 0, km;
        if (!cs)
            continue;
        GEOSCoordSeq_getXY_r(h, cs, 0, &x, &y);
        GEOSCoordSeq_destroy_r(h, cs);
        km = kz__geo_km(lon, lat, x, y);
        if (km < best) {
            best = km;
            if (district)
                *district = (long)i;
        }
    }
    GEOSGeom_destroy_r(h, pt);
    return best;
}
