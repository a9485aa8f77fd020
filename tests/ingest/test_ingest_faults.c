/*
 * test_ingest_faults.c - a clean survey with districts loaded while each
 * allocation fails in turn: KZ_ENOMEM every time until the load
 * succeeds, and the load that succeeds is whole (the country outline the
 * inset maps draw is there, every district has its equal-area area).
 * The expected areas are hand-worked: the test districts are boxes
 * whose areas the aggregate tests check; here only "positive" matters.
 */
#include "kztest.h"
#include "core/core.h"
#include "ingest/ingest.h"

#include <stdio.h>
#include <string.h>

static void test_oom_clean_survey(void)
{
    char k[1024], a[1024], d[1024];
    long n;
    int rc = KZ_ENOMEM;
    snprintf(k, sizeof(k), "%s",
             kz_test_src("tests/data/aggregate/kahrizes.csv"));
    snprintf(a, sizeof(a), "%s",
             kz_test_src("tests/data/aggregate/assessments.csv"));
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    for (n = 1; n < 20000; n++) {
        kz_sources src = KZ_SOURCES_INIT;
        kz_survey *sv = NULL;
        size_t i;
        src.kahrizes = k;
        src.assessments = a;
        src.districts = d;
        src.today = 20260101;
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz_survey_load(&sv, kz_test_ctx, &src, NULL);
        kz__ctx_fail_alloc_at(kz_test_ctx, 0);
        if (rc != KZ_OK) {
            if (rc != KZ_ENOMEM)
                fprintf(stderr, "\n  allocation %ld failing: %s (%s)", n,
                        kz_status_str(rc),
                        kz_ctx_error(kz_test_ctx)->message);
            CU_ASSERT_EQUAL(rc, KZ_ENOMEM);
            CU_ASSERT_PTR_NULL(sv);
            continue;
        }
        CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
        if (!sv->country)
            fprintf(stderr, "\n  allocation %ld failing: a survey without "
                            "its country outline", n);
        CU_ASSERT_PTR_NOT_NULL(sv->country);
        CU_ASSERT(sv->n_districts > 0);
        for (i = 0; i < sv->n_districts; i++)
            CU_ASSERT(sv->districts[i].area_km2 > 0);
        kz_survey_destroy(sv);
        break;
    }
    CU_ASSERT_EQUAL(rc, KZ_OK);
    CU_ASSERT(n > 20);
}

static const kz_test_case cases[] = {
    {"allocation failures, clean survey", test_oom_clean_survey},
    KZ_TEST_END};

KZ_TEST_SUITE("ingest faults", cases);
