/*
 * stats.c - statistics per district, economic region and for the country,
 * from each kahriz's latest assessment.  Rows: every district (or region)
 * sorted by region then Azerbaijani name, then UNASSIGNED, then TOTAL.
 * Areas come from the equal-area projection; a region's area is that of
 * the union of its districts.
 */
#include "aggregate/aggregate.h"
#include "aggregate/locator.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct kz_stats {
    kz_ctx *ctx;
    kz_stats_by by;
    kz_stats_row *rows;
    size_t n;
};

/* Per-row accumulation scratch. */
typedef struct acc {
    double *discharges; /* latest measured discharges */
    size_t n_dis, cap_dis;
} acc;

static int district_order(const void *a, const void *b, void *arg)
{
    const kz_survey *sv = arg;
    const kz_district *da = &sv->districts[*(const uint32_t *)a];
    const kz_district *db = &sv->districts[*(const uint32_t *)b];
    int c = strcmp(da->region_code, db->region_code);
    if (c)
        return c;
    c = kz_collate_az(da->name_az, db->name_az);
    return c ? c : strcmp(da->code, db->code);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static void row_init(kz_stats_row *r, const char *code, const char *az,
                     const char *en, const char *region, int32_t index)
{
    memset(r, 0, sizeof(*r));
    r->code = code;
    r->name_az = az;
    r->name_en = en;
    r->region = region;
    r->index = index;
    r->discharge_l_s_median = NAN;
    r->density_per_100km2 = NAN;
    r->discharge_change_l_s = NAN;
}

/* Add kahriz k to row r (and its latest discharge to a). */
static int add_kahriz(kz_ctx *ctx, const kz_survey *sv, size_t k,
                      kz_stats_row *r, acc *a)
{
    const kz_kahriz *kh = &sv->kahrizes[k];
    const kz_assessment *last = kz_survey_latest(sv, k);
    int rc;

    r->kahrizes++;
    if (isfinite(kh->length_m))
        r->length_km += kh->length_m / 1000.0;
    if (!last) {
        r->condition[KZ_COND_UNASSESSED]++;
        return KZ_OK;
    }
    r->condition[last->condition]++;
    if (isfinite(last->discharge_l_s)) {
        if (last->discharge_l_s > 0)
            r->functioning++;
        r->discharge_l_s_total += last->discharge_l_s;
        if ((rc = kz__grow(ctx, (void **)&a->discharges, &a->cap_dis,
                           a->n_dis + 1, sizeof(double))) < 0)
            return rc;
        a->discharges[a->n_dis++] = last->discharge_l_s;
    }
    if (last->households_served > 0)
        r->households_served += last->households_served;
    if (last->rehab_status == KZ_REHAB_DONE)
        r->rehabilitated++;
    return KZ_OK;
}

/* Discharge of kahriz k in a year: its last measurement that year. */
static double discharge_in(const kz_survey *sv, size_t k, int year)
{
    size_t n, i;
    const kz_assessment *h = kz_survey_history(sv, k, &n);
    double v = NAN;
    for (i = 0; i < n; i++)
        if (h[i].date / 10000 == year && isfinite(h[i].discharge_l_s))
            v = h[i].discharge_l_s;
    return v;
}

/* First and last assessment years of the row's kahrizes, and the change
 * of total discharge between them over the kahrizes measured in both. */
static void trend(const kz_survey *sv, const uint32_t *members, size_t m,
                  kz_stats_row *r)
{
    size_t i, j, n;
    int first = 0, last = 0, both = 0;
    double sum_first = 0, sum_last = 0;

    for (i = 0; i < m; i++) {
        const kz_assessment *h = kz_survey_history(sv, members[i], &n);
        for (j = 0; j < n; j++) {
            int y = h[j].date / 10000;
            if (!isfinite(h[j].discharge_l_s))
                continue;
            if (!first || y < first)
                first = y;
            if (!last || y > last)
                last = y;
        }
    }
    r->first_year = first;
    r->last_year = last;
    if (!first || first == last)
        return;
    for (i = 0; i < m; i++) {
        double a = discharge_in(sv, members[i], first);
        double b = discharge_in(sv, members[i], last);
        if (isfinite(a) && isfinite(b)) {
            sum_first += a;
            sum_last += b;
            both++;
        }
    }
    if (both)
        r->discharge_change_l_s = sum_last - sum_first;
}

/* Fill row r from the kahrizes listed in members. */
static int fill_row(kz_ctx *ctx, const kz_survey *sv, const uint32_t *members,
                    size_t m, kz_stats_row *r)
{
    acc a = {NULL, 0, 0};
    size_t i;
    int rc = KZ_OK;
    for (i = 0; i < m; i++)
        if ((rc = add_kahriz(ctx, sv, members[i], r, &a)) < 0)
            goto done;
    r->discharge_l_s_median = median(a.discharges, a.n_dis);
    if (r->area_km2 > 0)
        r->density_per_100km2 = 100.0 * (double)r->kahrizes / r->area_km2;
    trend(sv, members, m, r);
done:
    kz__free(ctx, a.discharges);
    return rc;
}

GEOSGeometry *kz__districts_union(kz_ctx *ctx, const kz_survey *sv,
                                  const uint32_t *ds, size_t n)
{
    GEOSContextHandle_t h = ctx->geos;
    GEOSGeometry **parts = NULL, *coll = NULL, *u = NULL;
    size_t i;

    if (!(parts = kz__calloc(ctx, n ? n : 1, sizeof(*parts))))
        return NULL;
    for (i = 0; i < n; i++)
        if (!(parts[i] = GEOSGeom_clone_r(h, sv->district_geoms[ds[i]])))
            goto done;
    coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts,
                                       (unsigned)n);
    if (!coll)
        goto done;
    kz__free(ctx, parts); /* the collection owns the parts now */
    parts = NULL;
    u = GEOSUnaryUnion_r(h, coll);
done:
    if (parts) {
        for (i = 0; i < n; i++)
            if (parts[i])
                GEOSGeom_destroy_r(h, parts[i]);
        kz__free(ctx, parts);
    }
    if (coll)
        GEOSGeom_destroy_r(h, coll);
    if (!u)
        kz__error(ctx, KZ_EGEOM, NULL, 0, NULL, "cannot union %zu districts",
                  n);
    return u;
}

/* Area of the union of the given districts. */
static int union_area(kz_ctx *ctx, const kz_survey *sv, const uint32_t *ds,
                      size_t n, double *km2)
{
    GEOSGeometry *u;
    int rc;

    *km2 = 0;
    if (n == 0)
        return KZ_OK;
    if (!(u = kz__districts_union(ctx, sv, ds, n)))
        return ctx->err_code; /* KZ_ENOMEM or KZ_EGEOM */
    rc = kz__geo_area_km2(ctx, u, km2);
    GEOSGeom_destroy_r(ctx->geos, u);
    return rc;
}

void kz_stats_destroy(kz_stats *st)
{
    if (!st)
        return;
    kz__free(st->ctx, st->rows);
    kz__free(st->ctx, st);
}

int kz_stats_compute(kz_stats **out, kz_ctx *ctx, const kz_survey *sv,
                     kz_stats_by by)
{
    kz_stats *st = NULL;
    uint32_t *dorder = NULL, *members = NULL, *group = NULL;
    uint32_t *bucket_start = NULL, *by_group = NULL, *gdist = NULL;
    size_t nd = sv ? sv->n_districts : 0, nk = sv ? sv->n_kahrizes : 0;
    size_t ngroups = 0, i, g, all = 0;
    int rc = KZ_OK;

    KZ_ASSERT_ARG(ctx, out && sv);
    *out = NULL;
    if (!kz__geos(ctx))
        return KZ_ENOMEM;
    if (!(st = kz__calloc(ctx, 1, sizeof(*st))))
        return KZ_ENOMEM;
    st->ctx = ctx;
    st->by = by;
    dorder = kz__mallocarray(ctx, nd + 1, sizeof(uint32_t));
    group = kz__mallocarray(ctx, nd + 1, sizeof(uint32_t));
    gdist = kz__mallocarray(ctx, nd + 1, sizeof(uint32_t));
    members = kz__mallocarray(ctx, nk + 1, sizeof(uint32_t));
    by_group = kz__mallocarray(ctx, nk + 1, sizeof(uint32_t));
    bucket_start = kz__calloc(ctx, nd + 3, sizeof(uint32_t));
    if (!dorder || !group || !gdist || !members || !by_group ||
        !bucket_start) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < nd; i++)
        dorder[i] = (uint32_t)i;
    qsort_r(dorder, nd, sizeof(uint32_t), district_order, (void *)sv);

    /* group of each district: itself, or its region (districts are sorted
     * by region, so a region is a run) */
    for (i = 0; i < nd; i++) {
        const kz_district *d = &sv->districts[dorder[i]];
        if (by == KZ_STATS_BY_DISTRICT || i == 0 ||
            strcmp(d->region_code,
                   sv->districts[dorder[i - 1]].region_code) != 0)
            ngroups++;
        group[dorder[i]] = (uint32_t)(ngroups - 1);
    }
    if (!(st->rows = kz__calloc(ctx, ngroups + 2, sizeof(kz_stats_row)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    st->n = ngroups + 2;

    /* bucket kahrizes by group (counting sort); UNASSIGNED is ngroups */
    for (i = 0; i < nk; i++) {
        int32_t d = sv->kahrizes[i].district;
        bucket_start[(d >= 0 ? group[d] : ngroups) + 1]++;
    }
    for (g = 1; g <= ngroups + 1; g++)
        bucket_start[g] += bucket_start[g - 1];
    for (i = 0; i < nk; i++) {
        int32_t d = sv->kahrizes[i].district;
        uint32_t gi = d >= 0 ? group[d] : (uint32_t)ngroups;
        by_group[bucket_start[gi]++] = (uint32_t)i;
    }
    for (g = ngroups + 1; g > 0; g--)
        bucket_start[g] = bucket_start[g - 1];
    bucket_start[0] = 0;

    for (i = 0, g = 0; g < ngroups; g++) {
        kz_stats_row *r = &st->rows[g];
        const kz_district *d = &sv->districts[dorder[i]];
        size_t nmem = 0;
        if (by == KZ_STATS_BY_DISTRICT) {
            row_init(r, d->code, d->name_az, d->name_en, d->region_code,
                     (int32_t)dorder[i]);
            r->area_km2 = d->area_km2;
            i++;
        } else {
            row_init(r, d->region_code, d->region_az, d->region_en,
                     d->region_code, (int32_t)g);
            while (i < nd && group[dorder[i]] == g)
                gdist[nmem++] = dorder[i++];
            if ((rc = union_area(ctx, sv, gdist, nmem, &r->area_km2)) < 0)
                goto done;
        }
        if ((rc = fill_row(ctx, sv, by_group + bucket_start[g],
                           bucket_start[g + 1] - bucket_start[g], r)) < 0)
            goto done;
    }
    row_init(&st->rows[ngroups], "UNASSIGNED", "Rayona aid edilməyən",
             "Unassigned", "", -1);
    if ((rc = fill_row(ctx, sv, by_group + bucket_start[ngroups],
                       bucket_start[ngroups + 1] - bucket_start[ngroups],
                       &st->rows[ngroups])) < 0)
        goto done;
    row_init(&st->rows[ngroups + 1], "TOTAL", "Cəmi", "Total", "", -1);
    for (i = 0; i < nd; i++)
        gdist[all++] = (uint32_t)i;
    if ((rc = union_area(ctx, sv, gdist, all, &st->rows[ngroups + 1].area_km2)) <
        0)
        goto done;
    for (i = 0; i < nk; i++)
        members[i] = (uint32_t)i;
    if ((rc = fill_row(ctx, sv, members, nk, &st->rows[ngroups + 1])) < 0)
        goto done;
    *out = st;
    st = NULL;
done:
    kz_stats_destroy(st);
    kz__free(ctx, dorder);
    kz__free(ctx, group);
    kz__free(ctx, gdist);
    kz__free(ctx, members);
    kz__free(ctx, by_group);
    kz__free(ctx, bucket_start);
    return rc;
}

size_t kz_stats_count(const kz_stats *st)
{
    return st ? st->n : 0;
}

const kz_stats_row *kz_stats_row_get(const kz_stats *st, size_t i)
{
    return st && i < st->n ? &st->rows[i] : NULL;
}

long kz_stats_find(const kz_stats *st, const char *code)
{
    size_t i;
    if (!st || !code)
        return -1;
    for (i = 0; i < st->n; i++)
        if (strcmp(st->rows[i].code, code) == 0)
            return (long)i;
    return -1;
}
