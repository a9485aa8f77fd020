/*
 * test_bundle.c - the bundled data as shipped: districts with unique codes,
 * every name, type and region filled, English names by Resolution No. 498,
 * the 14 economic regions, and the synthetic survey loading with only its
 * documented anomalies.
 */
#include "kztest.h"

#include <stdlib.h>
#include <string.h>

static kz_survey *load_bundle(kz_report **rep)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    int rc;
    kz_test_bundled_sources(&src);
    src.today = 20261127;
    if (kz_report_create(rep, kz_test_ctx) != KZ_OK)
        return NULL;
    rc = kz_survey_load(&sv, kz_test_ctx, &src, *rep);
    CU_ASSERT_EQUAL(rc, KZ_OK);
    return sv;
}

static void test_districts_complete_and_unique(void)
{
    kz_report *rep = NULL;
    kz_survey *sv = load_bundle(&rep);
    const char *regions[32];
    size_t i, j, nr = 0, nd;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    nd = kz_survey_district_count(sv);
    CU_ASSERT_TRUE(nd >= 70);
    for (i = 0; i < nd; i++) {
        const kz_district *d = kz_survey_district(sv, i);
        char en[128];
        CU_ASSERT_TRUE(d->code[0] && d->name_az[0] && d->name_en[0]);
        CU_ASSERT_TRUE(strcmp(d->type, "district") == 0 ||
                       strcmp(d->type, "city") == 0);
        CU_ASSERT_TRUE(d->region_code[0] && d->region_az[0] &&
                       d->region_en[0]);
        CU_ASSERT_TRUE(d->area_km2 > 0);
        for (j = 0; j < i; j++)
            CU_ASSERT_STRING_NOT_EQUAL(d->code,
                                       kz_survey_district(sv, j)->code);
        /* the English form follows the 2020 rules; Baku is conventional */
        kz_translit_en(en, sizeof(en), d->name_az);
        if (strcmp(d->name_az, "Bakı") != 0 && strcmp(en, d->name_en) != 0) {
            fprintf(stderr, "\n  %s: %s, expected %s\n", d->code,
                    d->name_en, en);
            CU_FAIL("name_en is not the Resolution 498 form");
        }
        for (j = 0; j < nr; j++)
            if (strcmp(regions[j], d->region_code) == 0)
                break;
        if (j == nr && nr < 32)
            regions[nr++] = d->region_code;
    }
    CU_ASSERT_EQUAL(nr, 14); /* economic regions of 7 July 2021 */
    /* current names with their letters */
    CU_ASSERT_TRUE(kz_survey_find_district(sv, "AZ-GYG") >= 0);
    CU_ASSERT_STRING_EQUAL(
        kz_survey_district(sv, (size_t)kz_survey_find_district(sv, "AZ-GYG"))
            ->name_az,
        "Göygöl");
    CU_ASSERT_STRING_EQUAL(
        kz_survey_district(sv, (size_t)kz_survey_find_district(sv, "AZ-KAN"))
            ->name_az,
        "Kəngərli");
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

static void test_survey_loads_with_documented_anomalies(void)
{
    kz_report *rep = NULL;
    kz_survey *sv = load_bundle(&rep);
    size_t i, mismatches = 0, unassigned = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL(kz_report_errors(rep), 0);
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 1500);
    CU_ASSERT_TRUE(kz_survey_assessment_count(sv) >= 1500);
    CU_ASSERT_TRUE(kz_survey_shaft_count(sv) > 0);
    for (i = 0; i < kz_report_count(rep); i++)
        if (strstr(kz_report_get(rep, i)->message, "is declared in"))
            mismatches++;
    /* data/README.md: one kahriz in 200 carries a wrong district code */
    CU_ASSERT_EQUAL(mismatches, 8);
    for (i = 0; i < kz_survey_kahriz_count(sv); i++)
        if (kz_survey_kahriz(sv, i)->district < 0)
            unassigned++;
    CU_ASSERT_EQUAL(unassigned, 0);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

int main(void)
{
    static const kz_test_case cases[] = {
        {"districts complete and unique", test_districts_complete_and_unique},
        {"survey loads", test_survey_loads_with_documented_anomalies},
        KZ_TEST_END};
    if (kz_test_add_suite("bundle", cases) < 0)
        return 2;
    return kz_test_run();
}
