/*
 * series.c - the scale of a district map: its economic region's districts
 * share as few standard scales as their fill of the map area allows, so
 * that a reader compares their sizes page by page.  Invariant: the scale
 * depends on the survey's districts and the map area's size alone (not
 * on the order of the rows, nor on the furniture).
 */
#include "map/map.h"
#include "ingest/survey.h"

#include <math.h>
#include <string.h>

/* A district joins a region's scale smaller than its own when it still
 * fills this much of the map area's length or breadth there: one step
 * of the series (1.33 or 1.5) for those that fill their own well */
#define SERIES_FILL 0.6
/* The room left round a district's extent, as fit_extent leaves it */
#define SERIES_PAD 1.12

int kz__map_envelope(kz_ctx *ctx, PJ *fwd, const GEOSGeometry *g,
                     double env[4])
{
    GEOSContextHandle_t h = kz__geos(ctx);
    GEOSGeometry *hull, *t;
    double x0, y0, x1, y1;

    if (!h)
        return KZ_ENOMEM;
    if (!(hull = GEOSConvexHull_r(h, g)))
        return KZ_EGEOM;
    t = kz__geo_transform_geom(ctx, fwd, hull);
    GEOSGeom_destroy_r(h, hull);
    if (!t)
        return KZ_EPROJ;
    GEOSGeom_getXMin_r(h, t, &x0);
    GEOSGeom_getYMin_r(h, t, &y0);
    GEOSGeom_getXMax_r(h, t, &x1);
    GEOSGeom_getYMax_r(h, t, &y1);
    GEOSGeom_destroy_r(h, t);
    if (x0 < env[0]) env[0] = x0;
    if (y0 < env[1]) env[1] = y0;
    if (x1 > env[2]) env[2] = x1;
    if (y1 > env[3]) env[3] = y1;
    return KZ_OK;
}

/* One district of the region: its extent in its own UTM zone (metres),
 * its own standard scale and, once given, the one it is drawn at (as
 * denominators, and the latter in points per metre as the series has
 * it). */
typedef struct member {
    double ew, eh, own, own_s, at, at_s;
} member;

/* Fill of the map area aw x ah points by m at scale 1:den. */
static double fill_at(const member *m, double den, double aw, double ah)
{
    double k = 0.0254 / 72.0; /* metres per point at 1:1 */
    return fmax(m->ew / (aw * den * k), m->eh / (ah * den * k));
}

static int joins(const member *m, double den, double aw, double ah)
{
    return m->own == den ||
           (den > m->own && fill_at(m, den, aw, ah) >= SERIES_FILL);
}

/* The member's extent in the UTM zone of its centroid, as a district map
 * has it (choose_crs), and its own scale in aw x ah. */
static int member_make(member *m, kz_ctx *ctx, const GEOSGeometry *g,
                       const kz_district *d, double aw, double ah)
{
    double env[4] = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL}, s;
    char crs[64];
    PJ *fwd = NULL;
    int rc;

    kz__geo_utm_for_geom(crs, sizeof(crs), ctx, g, (d->minx + d->maxx) / 2,
                         (d->miny + d->maxy) / 2);
    if ((rc = kz__geo_transform(&fwd, ctx, KZ_CRS_WGS84, crs)) < 0 ||
        (rc = kz__map_envelope(ctx, fwd, g, env)) < 0)
        return rc;
    m->ew = fmax(env[2] - env[0], 1);
    m->eh = fmax(env[3] - env[1], 1);
    s = kz__scale_standard(
        fmin(aw / (m->ew * SERIES_PAD), ah / (m->eh * SERIES_PAD)));
    m->own = 1 / (s * 0.0254 / 72.0);
    m->own_s = s;
    m->at = m->at_s = 0;
    return KZ_OK;
}

/* Greedily, the scale most of the members not yet given one can join
 * (ties: the larger scale), given to all of them, until none is left. */
static void series_assign(member *ms, size_t n, double aw, double ah)
{
    size_t left = n, i, j;

    while (left) {
        double best = 0, best_s = 0;
        size_t best_n = 0;
        for (i = 0; i < n; i++) {
            size_t c = 0;
            if (ms[i].at > 0)
                continue;
            for (j = 0; j < n; j++)
                c += ms[j].at == 0 && joins(&ms[j], ms[i].own, aw, ah);
            if (c > best_n || (c == best_n && ms[i].own < best)) {
                best = ms[i].own;
                best_s = ms[i].own_s;
                best_n = c;
            }
        }
        for (i = 0; i < n; i++)
            if (ms[i].at == 0 && joins(&ms[i], best, aw, ah)) {
                ms[i].at = best;
                ms[i].at_s = best_s;
                left--;
            }
    }
}

int kz__district_scale(double *out, kz_ctx *ctx, const kz_survey *sv,
                       long d, double aw, double ah)
{
    const kz_district *dd = kz_survey_district(sv, (size_t)d);
    size_t nd = kz_survey_district_count(sv), i, n = 0, self = 0;
    member *ms = NULL;
    int rc = KZ_OK;

    *out = 0;
    if (!sv->district_geoms || !sv->district_geoms[d])
        return KZ_OK;
    if (!(ms = kz__mallocarray(ctx, nd, sizeof(*ms))))
        return KZ_ENOMEM;
    for (i = 0; i < nd; i++) {
        const kz_district *o = kz_survey_district(sv, i);
        /* the rayons of a region apart from its cities: a city's map
         * is at ten times a rayon's scale, and no help in comparing */
        int same = (size_t)d == i ||
                   (dd->region_code && *dd->region_code && o->region_code &&
                    strcmp(o->region_code, dd->region_code) == 0 &&
                    strcmp(o->type, dd->type) == 0);
        if (!same || !sv->district_geoms[i])
            continue;
        if ((size_t)d == i)
            self = n;
        if ((rc = member_make(&ms[n++], ctx, sv->district_geoms[i], o, aw,
                              ah)) < 0)
            goto done;
    }
    series_assign(ms, n, aw, ah);
    *out = ms[self].at_s;
done:
    kz__free(ctx, ms);
    return rc;
}
