/*
 * villages.c - the survey's villages found among the reference places:
 * by name (folded: case, diacritics and romanisation aside) within
 * KZ_VILLAGE_KM of the kahriz that names them; each kahriz whose village
 * no place answers is reported by row.
 */
#include "basemap/basemap.h"
#include "ingest/survey.h"

#include <math.h>
#include <string.h>

void kz__ref_place_lonlat(const kz_ref_feature *f, double *lon, double *lat)
{
    *lon = (f->minx + f->maxx) / 2;
    *lat = (f->miny + f->maxy) / 2;
}

/* Whether place f answers to either of the village's keys. */
int kz__ref_place_matches(const kz_ref_feature *f, const char *kaz,
                          const char *ken)
{
    const char *a = f->key_az, *e = f->key_en;
    return (kaz[0] && ((a[0] && strcmp(kaz, a) == 0) ||
                       (e[0] && strcmp(kaz, e) == 0))) ||
           (ken[0] && ((a[0] && strcmp(ken, a) == 0) ||
                       (e[0] && strcmp(ken, e) == 0)));
}

/* The place of that name nearest to lon/lat within VILLAGE_KM among
 * places[0..n); -1 when none. *nearest_km: the nearest of that name at
 * any distance (INFINITY when none). */
static long find_village(const kz_ref_feature *places, size_t n,
                         const char *kaz, const char *ken, double lon,
                         double lat, double *nearest_km)
{
    long best = -1;
    size_t i;

    *nearest_km = INFINITY;
    for (i = 0; i < n; i++) {
        double plon, plat, d;
        if (!kz__ref_place_matches(&places[i], kaz, ken))
            continue;
        kz__ref_place_lonlat(&places[i], &plon, &plat);
        d = kz__geo_km(lon, lat, plon, plat);
        if (d < *nearest_km) {
            *nearest_km = d;
            if (d <= KZ_VILLAGE_KM)
                best = (long)i;
        }
    }
    return best;
}

/* What the kahrizes that give one village name say of it. */
typedef struct verdict {
    size_t users, unmatched; /* kahrizes, and those it found no place for */
    long first_row;          /* row of the first unmatched kahriz */
    double best_km;          /* the nearest place of its name to those */
    int any;                 /* some kahriz found its place */
} verdict;

/* The verdict on the village of kahriz i, over kahrizes i..n-1 of the same
 * folded names (each marked done). */
static void judge_village(verdict *vd, const kz_ref_feature *places,
                          size_t np, const kz_survey *sv,
                          char (*keys)[2][KZ_NAME_KEY], unsigned char *done,
                          size_t i, size_t n)
{
    size_t j;

    memset(vd, 0, sizeof(*vd));
    vd->best_km = INFINITY;
    for (j = i; j < n; j++) {
        const kz_kahriz *kj;
        double d;
        if (done[j] || strcmp(keys[j][0], keys[i][0]) != 0 ||
            strcmp(keys[j][1], keys[i][1]) != 0)
            continue;
        kj = kz_survey_kahriz(sv, j);
        done[j] = 1;
        vd->users++;
        if (find_village(places, np, keys[j][0], keys[j][1], kj->lon,
                         kj->lat, &d) >= 0)
            vd->any = 1;
        else {
            if (!vd->unmatched++)
                vd->first_row = kj->source_row;
            if (d < vd->best_km)
                vd->best_km = d;
        }
    }
}

/* A warning for the village of k that some of its kahrizes found no place
 * for: the nearest place of its name, or none. */
static int report_unplaced(kz_report *report, const kz_kahriz *k,
                           const verdict *vd)
{
    const char *field = k->village_az[0] ? "village_az" : "village_en";
    const char *name = k->village_az[0] ? k->village_az : k->village_en;

    if (isfinite(vd->best_km))
        return kz__report_add(
            report, SIZE_MAX, KZ_SEV_WARNING, "kahrizes", "", vd->first_row,
            field,
            "village \"%s\" (%zu of its %zu kahriz(es)) matches a "
            "place of the reference layers only %.0f km away: not "
            "placed",
            name, vd->unmatched, vd->users, vd->best_km);
    return kz__report_add(report, SIZE_MAX, KZ_SEV_WARNING, "kahrizes", "",
                          vd->first_row, field,
                          "village \"%s\" (%zu kahriz(es)) matches no place "
                          "of the reference layers: not placed",
                          name, vd->unmatched);
}

int kz_basemap_match_villages(const kz_basemap *bm, kz_ctx *ctx,
                              const kz_survey *sv, kz_report *report,
                              size_t *matched)
{
    size_t n = kz_survey_kahriz_count(sv), i, found = 0;
    char (*keys)[2][KZ_NAME_KEY] = NULL;
    unsigned char *done = NULL;
    int rc = KZ_OK;

    KZ_ASSERT_ARG(ctx, bm && sv);
    if (matched)
        *matched = 0;
    if (!n)
        return KZ_OK;
    if (!(keys = kz__mallocarray(ctx, n, sizeof(*keys))) ||
        !(done = kz__calloc(ctx, n, 1))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(sv, i);
        kz__ref_name_key(keys[i][0], KZ_NAME_KEY, k->village_az);
        kz__ref_name_key(keys[i][1], KZ_NAME_KEY, k->village_en);
        done[i] = !keys[i][0][0] && !keys[i][1][0];
    }
    /* one verdict per village name and the kahrizes that give it */
    for (i = 0; i < n; i++) {
        verdict vd;
        if (done[i])
            continue;
        judge_village(&vd, bm->ref[KZ_REF_PLACES], bm->n_ref[KZ_REF_PLACES],
                      sv, keys, done, i, n);
        if (vd.any)
            found++;
        if (vd.unmatched &&
            (rc = report_unplaced(report, kz_survey_kahriz(sv, i), &vd)) < 0)
            goto done;
    }
    if (matched)
        *matched = found;
done:
    kz__free(ctx, keys);
    kz__free(ctx, done);
    return rc;
}
