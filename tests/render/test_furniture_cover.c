/*
 * test_furniture_cover.c - the legend, scale and inset hide no kahriz of
 * the map's own district: every district map of the bundled survey is
 * rendered with its boxes logged, and no outlet symbol of the district
 * (kind 4) may touch a furniture box (kind 2); the furniture is opaque
 * (its background read back from a rendered pixel inside the legend).
 */
#include "kztest.h"

#include "map/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int touch(const double *a, const double *b)
{
    return a[1] < b[3] && b[1] < a[3] && a[2] < b[4] && b[2] < a[4];
}

static void test_furniture_hides_no_kahriz(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    kz_report *rep = NULL;
    kz_style *st = NULL;
    char k[700], a[700], s[700], d[700];
    size_t i, n, maps = 0;
    unsigned char *has;
    int covered = 0;

    snprintf(k, sizeof(k), "%s", kz_test_src("data/survey/kahrizes.csv"));
    snprintf(a, sizeof(a), "%s", kz_test_src("data/survey/assessments.csv"));
    snprintf(s, sizeof(s), "%s", kz_test_src("data/survey/shafts.csv"));
    snprintf(d, sizeof(d), "%s", kz_test_src("data/districts.geojson"));
    src.kahrizes = k;
    src.assessments = a;
    src.shafts = s;
    src.districts = d;
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    CU_ASSERT_FATAL(kz_survey_load(&sv, kz_test_ctx, &src, rep) == KZ_OK);
    CU_ASSERT_FATAL(kz_style_load(&st, kz_test_ctx,
                                  kz_test_src("styles/default.json")) ==
                    KZ_OK);
    n = kz_survey_district_count(sv);
    has = calloc(n, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(has);
    for (i = 0; i < kz_survey_kahriz_count(sv); i++) {
        int32_t di = kz_survey_kahriz(sv, i)->district;
        if (di >= 0 && (size_t)di < n)
            has[di] = 1;
    }
    for (i = 0; i < n; i++) {
        const kz_district *dist = kz_survey_district(sv, i);
        kz_map_options o = KZ_MAP_OPTIONS_INIT;
        kz_boxlog log = {kz_test_ctx, NULL, 0, 0};
        cairo_surface_t *img =
            cairo_image_surface_create(CAIRO_FORMAT_RGB24, 500, 700);
        cairo_t *cr = cairo_create(img);
        size_t own = 0, x, y;
        int rc;

        if (!has[i]) {
            cairo_destroy(cr);
            cairo_surface_destroy(img);
            continue;
        }
        o.kind = KZ_MAP_DISTRICT;
        o.code = dist->code;
        o.frame_w = 500;
        o.frame_h = 700;
        rc = kz__map_render_ex(NULL, kz_test_ctx, cr, sv, NULL, st, &o,
                               &log, NULL);
        CU_ASSERT_EQUAL(rc, KZ_OK);
        for (x = 0; x < log.n; x++)
            own += log.b[5 * x] == 4;
        if (own)
            maps++;
        for (x = 0; x < log.n; x++) {
            const double *f = log.b + 5 * x;
            if (f[0] != 2)
                continue;
            for (y = 0; y < log.n; y++) {
                const double *o4 = log.b + 5 * y;
                if (o4[0] == 4 && touch(f, o4) && covered++ < 10)
                    fprintf(stderr, "\n%s: a kahriz at %.0f,%.0f under "
                                    "the furniture box %.0f,%.0f-%.0f,%.0f",
                            dist->code, o4[1], o4[2], f[1], f[2], f[3],
                            f[4]);
            }
        }
        kz__free(kz_test_ctx, log.b);
        cairo_destroy(cr);
        cairo_surface_destroy(img);
    }
    CU_ASSERT_EQUAL(covered, 0);
    CU_ASSERT(maps >= 20); /* the districts with kahrizes were drawn */
    free(has);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

static const kz_test_case cases[] = {
    {"furniture hides no kahriz of the district",
     test_furniture_hides_no_kahriz},
    KZ_TEST_END};

KZ_TEST_SUITE("furniture_cover", cases);
