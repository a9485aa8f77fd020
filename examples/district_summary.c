/*
 * district_summary.c - load a survey and print, for each district with
 * kahrizes, its name in both languages and the share of functioning
 * kahrizes.  Uses only the public API.
 *
 *   example_district_summary KAHRIZES ASSESSMENTS DISTRICTS
 */
#include <kahriz.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    kz_ctx *ctx = NULL;
    kz_survey *sv = NULL;
    kz_stats *st = NULL;
    kz_sources src = KZ_SOURCES_INIT;
    size_t i;
    int rc, status = 1;

    if (argc != 4) {
        fprintf(stderr, "usage: %s KAHRIZES ASSESSMENTS DISTRICTS\n",
                argv[0]);
        return 2;
    }
    src.kahrizes = argv[1];
    src.assessments = argv[2];
    src.districts = argv[3];
    if (kz_ctx_create(&ctx, NULL) < 0)
        return 1;
    rc = kz_survey_load(&sv, ctx, &src, NULL);
    if (rc < 0 && rc != KZ_EDATA) {
        fprintf(stderr, "%s\n", kz_ctx_error(ctx)->message);
        goto done;
    }
    if (kz_stats_compute(&st, ctx, sv, KZ_STATS_BY_DISTRICT) < 0) {
        fprintf(stderr, "%s\n", kz_ctx_error(ctx)->message);
        goto done;
    }
    for (i = 0; i < kz_stats_count(st); i++) {
        const kz_stats_row *r = kz_stats_row_get(st, i);
        if (r->kahrizes == 0)
            continue;
        printf("%-12s %-22s %-22s %5ld kahrizes, %5.1f%% functioning\n",
               r->code, r->name_az, r->name_en, r->kahrizes,
               100.0 * (double)r->functioning / (double)r->kahrizes);
    }
    status = 0;
done:
    kz_stats_destroy(st);
    kz_survey_destroy(sv);
    kz_ctx_destroy(ctx);
    return status;
}
