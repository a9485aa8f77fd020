/*
 * assign.c - assign every kahriz outlet to the district containing it.
 * Never drops a kahriz: one outside every district stays in the survey
 * with district -1 and a report line giving the distance to the nearest
 * district; a declared district that differs from the computed one, or
 * that no district of the layer is, is a warning.  Overlapping districts
 * are reported once as a data warning.
 */
#include "aggregate/aggregate.h"
#include "aggregate/locator.h"

#include <math.h>
#include <string.h>

/* Grid resolution of the locator: 1024 x 1024 cells over Azerbaijan are
 * about 600 m x 350 m; see docs/performance.md for the measurements. */
#define KZ_LOCATOR_GRID 1024

/* Same text ignoring Azerbaijani case (Ş/ş, İ/i, I/ı). */
static int same_name(const char *a, const char *b)
{
    char la[256], lb[256];
    if (kz_lower_az(la, sizeof(la), a) >= sizeof(la) ||
        kz_lower_az(lb, sizeof(lb), b) >= sizeof(lb))
        return 0;
    return strcmp(la, lb) == 0;
}

/* A declared district matches when it is the code, either name or one of
 * the older names: surveys write "Ordubad" as often as "AZ-ORD". */
static int declared_matches(const kz_district *d, const char *declared)
{
    const char *p = d->name_alt;
    if (strcmp(declared, d->code) == 0 || same_name(declared, d->name_az) ||
        same_name(declared, d->name_en))
        return 1;
    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char alt[128];
        if (n < sizeof(alt)) {
            memcpy(alt, p, n);
            alt[n] = '\0';
            if (same_name(declared, alt))
                return 1;
        }
        p = end ? end + 1 : NULL;
    }
    return 0;
}

/* Is declared a code or name of any district of the survey? */
static int declared_known(const kz_survey *sv, const char *declared)
{
    size_t i;
    if (kz__strmap_get(&sv->district_codes, declared, NULL))
        return 1;
    for (i = 0; i < sv->n_districts; i++)
        if (declared_matches(&sv->districts[i], declared))
            return 1;
    return 0;
}

static void report_overlaps(kz_ctx *ctx, const kz_survey *sv,
                            kz_report *report)
{
    GEOSContextHandle_t h = ctx->geos;
    size_t i, j;
    for (i = 0; i < sv->n_districts; i++)
        for (j = i + 1; j < sv->n_districts; j++) {
            const kz_district *a = &sv->districts[i], *b = &sv->districts[j];
            GEOSGeometry *x;
            double km2 = 0;
            if (a->maxx < b->minx || b->maxx < a->minx ||
                a->maxy < b->miny || b->maxy < a->miny)
                continue;
            if (GEOSRelatePattern_r(h, sv->district_geoms[i],
                                    sv->district_geoms[j], "T********") != 1)
                continue;
            x = GEOSIntersection_r(h, sv->district_geoms[i],
                                   sv->district_geoms[j]);
            if (!x)
                continue;
            kz__geo_area_km2(ctx, x, &km2);
            GEOSGeom_destroy_r(h, x);
            kz__report_add(report, SIZE_MAX, KZ_SEV_WARNING, "districts",
                           "", 0, "",
                           "districts %s and %s overlap (%.4f km²); a point "
                           "in both goes to %s (the smaller code)",
                           a->code, b->code, km2,
                           strcmp(a->code, b->code) < 0 ? a->code : b->code);
        }
}

int kz__survey_assign(kz_ctx *ctx, kz_survey *sv, kz_report *report)
{
    size_t i;
    int rc;

    if (!kz__geos(ctx))
        return KZ_ENOMEM;
    kz__locator_destroy(ctx, sv->locator);
    sv->locator = NULL;
    if (sv->n_districts == 0) {
        for (i = 0; i < sv->n_kahrizes; i++)
            sv->kahrizes[i].district = -1;
        return KZ_OK;
    }
    if ((rc = kz__locator_create(&sv->locator, ctx, sv, KZ_LOCATOR_GRID)) <
        0)
        return rc;
    if (report)
        report_overlaps(ctx, sv, report);
    for (i = 0; i < sv->n_kahrizes; i++) {
        kz_kahriz *k = &sv->kahrizes[i];
        long d = kz__locator_find(ctx, sv->locator, k->lon, k->lat);
        if (d < -1)
            return kz__error(ctx, KZ_EGEOM, NULL, k->source_row, NULL,
                             "point-in-district test failed for %s", k->id);
        k->district = (int32_t)d;
        if (kz__interrupted(ctx))
            return kz__error(ctx, KZ_EINTERRUPTED, NULL, 0, NULL,
                             "interrupted");
        if (!report)
            continue;
        if (k->district_declared[0] &&
            !declared_known(sv, k->district_declared)) {
            if (d >= 0)
                kz__report_add(report, SIZE_MAX, KZ_SEV_WARNING, "kahrizes",
                               "", k->source_row, "district",
                               "unknown district %s: no district of the "
                               "districts layer has that code or name; "
                               "kahriz %s lies in %s (%s), which is used",
                               k->district_declared, k->id,
                               sv->districts[d].code,
                               sv->districts[d].name_az);
            else
                kz__report_add(report, SIZE_MAX, KZ_SEV_WARNING, "kahrizes",
                               "", k->source_row, "district",
                               "unknown district %s: no district of the "
                               "districts layer has that code or name",
                               k->district_declared);
        }
        if (d < 0) {
            long near = -1;
            double km = kz__locator_nearest_km(ctx, sv->locator, k->lon,
                                               k->lat, &near);
            kz__report_add(report, SIZE_MAX, KZ_SEV_WARNING, "kahrizes", "",
                           k->source_row, "x",
                           "kahriz %s at %.6f, %.6f lies outside every "
                           "district (%.1f km from %s); counted as "
                           "UNASSIGNED",
                           k->id, k->lon, k->lat, km,
                           near >= 0 ? sv->districts[near].code : "none");
        } else if (k->district_declared[0] &&
                   declared_known(sv, k->district_declared) &&
                   !declared_matches(&sv->districts[d],
                                     k->district_declared)) {
            kz__report_add(report, SIZE_MAX, KZ_SEV_WARNING, "kahrizes", "",
                           k->source_row, "district",
                           "kahriz %s is declared in %s but lies in %s (%s); "
                           "the location is used",
                           k->id, k->district_declared, sv->districts[d].code,
                           sv->districts[d].name_az);
        }
    }
    return KZ_OK;
}

int kz_survey_locate(long *district, double *nearest_km, kz_ctx *ctx,
                     const kz_survey *sv, double lon, double lat)
{
    long d;
    KZ_ASSERT_ARG(ctx, district && sv);
    *district = -1;
    if (nearest_km)
        *nearest_km = NAN;
    if (!sv->locator)
        return sv->n_districts == 0
                   ? KZ_OK
                   : kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                               "survey districts are not indexed");
    if (!kz__geos(ctx))
        return KZ_ENOMEM;
    if (!isfinite(lon) || !isfinite(lat))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "coordinates must be finite");
    d = kz__locator_find(ctx, sv->locator, lon, lat);
    if (d < -1)
        return kz__error(ctx, KZ_EGEOM, NULL, 0, NULL,
                         "point-in-district test failed");
    *district = d;
    if (d < 0 && nearest_km)
        *nearest_km = kz__locator_nearest_km(ctx, sv->locator, lon, lat, NULL);
    return KZ_OK;
}
