/*
 * test_map_crs.c - the CRS a district map is drawn in: none given, or an
 * empty string, is the UTM zone of the district's centre (zone by hand:
 * floor((lon + 180) / 6) + 1; T-A of the aggregate tests lies at 46.0 to
 * 46.2 E, zone 38); a CRS given is used as given.
 */
#include "kztest.h"

#include <stdio.h>
#include <string.h>

static void test_default_and_given_crs(void)
{
    static const struct {
        const char *crs, *want;
    } t[] = {{NULL, "EPSG:32638"},
             {"", "EPSG:32638"},
             {"EPSG:32639", "EPSG:32639"}};
    kz_survey *sv = kz_test_load_small(0);
    kz_style *st = NULL;
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        kz_map_options o = KZ_MAP_OPTIONS_INIT;
        kz_map_result res;
        char path[1024];
        int rc;
        snprintf(path, sizeof(path), "%s/crs-%zu.png", kz_test_tmpdir(), i);
        o.kind = KZ_MAP_DISTRICT;
        o.code = "T-A";
        o.crs = t[i].crs;
        o.dpi = 30;
        rc = kz_map_render_file(&res, kz_test_ctx, path, sv, NULL, st, &o);
        if (rc != KZ_OK)
            fprintf(stderr, "\n  %s\n", kz_ctx_error(kz_test_ctx)->message);
        CU_ASSERT_EQUAL(rc, KZ_OK);
        if (rc == KZ_OK)
            CU_ASSERT_STRING_EQUAL(res.crs, t[i].want);
    }
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static const kz_test_case cases[] = {
    {"default and given crs", test_default_and_given_crs},
    KZ_TEST_END};

KZ_TEST_SUITE("map crs", cases);
