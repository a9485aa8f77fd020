/*
 * cmd_validate.c - "kahriz-atlas validate": load the survey, print every
 * rejected or doubtful row and the per-source summary to stdout, and exit
 * 0 when no row was rejected, 3 when at least one was.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void help(FILE *fp)
{
    fputs("Usage: kahriz-atlas validate [SOURCE...] [--format text|json|csv]"
          " [options]\n"
          "\n"
          "Read the survey and report every rejected or doubtful row as\n"
          "FILE:ROW: FIELD: MESSAGE, then rows read, accepted, rejected and\n"
          "warnings per source.  Exit status 0 when nothing was rejected,\n"
          "3 when a row or source was.\n"
          "\n"
          "Roles not given are reported as not read; the bundled sample\n"
          "survey is read only when no survey source is given.\n"
          "\n"
          "With --reference, the villages the survey names (village_az,\n"
          "village_en) are looked for among the places of the reference\n"
          "layers and the bundled towns, by name, within 20 km of their\n"
          "kahrizes; each one not found is reported (the maps then leave it\n"
          "out rather than guess).\n"
          "\n"
          "  --format FMT         text (default), json or csv (RFC 4180)\n"
          "  -h, --help           this help\n"
          "\n",
          fp);
    cli_carto_help(fp);
    cli_common_help(fp);
}

/* The text report lists the sources read; say which roles were not, and
 * what that means for the atlas. */
static void not_read(FILE *fp, const cli_common *c)
{
    if (c->sample_used)
        fputs("the bundled sample survey was read (no survey source "
              "given)\n",
              fp);
    if (!c->src.assessments && !c->src.kobo)
        fputs("assessments: none given; every kahriz counts as not "
              "assessed\n",
              fp);
    if (!c->src.shafts && !c->src.kobo)
        fputs("shafts: none given; galleries are drawn as known\n", fp);
    if (!c->src.districts)
        fputs("districts: none given; kahrizes are not assigned\n", fp);
}

int cmd_validate(int argc, char **argv)
{
    static cli_common c;
    kz_report_format fmt = KZ_REPORT_TEXT;
    kz_ctx *ctx = NULL;
    kz_report *rep = NULL;
    kz_survey *sv = NULL;
    kz_style *style = NULL;
    kz_basemap *bm = NULL;
    cli_carto carto;
    int i = 1, rc, code = KZ_EXIT_OK;

    cli_common_init(&c);
    cli_carto_init(&carto);
    while (i < argc) {
        int bad = 0, r;
        const char *v;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            help(stdout);
            return KZ_EXIT_OK;
        }
        if ((v = cli_opt_value(argc, argv, &i, "--format", &bad))) {
            if (strcmp(v, "text") == 0)
                fmt = KZ_REPORT_TEXT;
            else if (strcmp(v, "json") == 0)
                fmt = KZ_REPORT_JSON;
            else if (strcmp(v, "csv") == 0)
                fmt = KZ_REPORT_CSV;
            else {
                fprintf(stderr, "kahriz-atlas: validate: --format: expected "
                                "text, json or csv\n");
                return KZ_EXIT_USAGE;
            }
            i++;
            continue;
        }
        if (bad)
            return KZ_EXIT_USAGE;
        r = cli_carto_parse(&carto, argc, argv, &i);
        if (r == 0)
            r = cli_common_parse(&c, argc, argv, &i);
        if (r < 0)
            return KZ_EXIT_USAGE;
        if (r == 0)
            return cli_unknown_option("kahriz-atlas validate", argv[i], 0,
                                      help);
    }
    if ((rc = cli_ctx_create(&ctx, &c)) < 0)
        return cli_exit_code(rc);
    cli_signals_install(ctx);
    if ((code = cli_sources_resolve(ctx, &c)) != KZ_EXIT_OK)
        goto done;
    if ((rc = kz_report_create(&rep, ctx)) < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    rc = kz_survey_load(&sv, ctx, &c.src, rep);
    if (rc < 0 && rc != KZ_EDATA) {
        /* a source that cannot be read at all: report what was read */
        cli_print_error(ctx);
        code = cli_exit_code(rc);
    }
    if (sv && carto.n_refs) {
        size_t matched = 0;
        if ((code = cli_carto_load(ctx, &c, &carto, &style, &bm)) !=
            KZ_EXIT_OK)
            goto done;
        if ((rc = kz_basemap_match_villages(bm, ctx, sv, rep, &matched)) <
            0) {
            cli_print_error(ctx);
            code = cli_exit_code(rc);
            goto done;
        }
        if (fmt == KZ_REPORT_TEXT)
            printf("villages found among the reference places: %zu\n",
                   matched);
    }
    if (kz_report_write(ctx, rep, stdout, fmt) < 0) {
        cli_print_error(ctx);
        if (code == KZ_EXIT_OK)
            code = KZ_EXIT_FAILURE;
    }
    if (code == KZ_EXIT_OK && kz_report_errors(rep) > 0)
        code = KZ_EXIT_DATA;
    if (fmt == KZ_REPORT_TEXT && sv)
        not_read(stdout, &c);
done:
    kz_basemap_destroy(bm);
    kz_style_destroy(style);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
    kz_ctx_destroy(ctx);
    return code;
}
