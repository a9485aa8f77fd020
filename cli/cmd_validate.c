/*
 * cmd_validate.c - "kahriz-atlas validate": load the survey, print every
 * rejected or doubtful row and the per-source summary to stdout, and exit
 * 0 when no row was rejected, 3 when at least one was.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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
          "A SOURCE given without an option is used for the role its file\n"
          "name mentions (kahriz, assess, shaft, district); a directory\n"
          "stands for its kahrizes.csv, assessments.csv, shafts.csv; any\n"
          "other is the kahrizes source.  Named sources replace the\n"
          "bundled survey (its districts stay unless --districts none).\n"
          "\n"
          "  --format FMT         text (default), json or csv (RFC 4180)\n"
          "  -h, --help           this help\n"
          "\n",
          fp);
    cli_common_help(fp);
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* Assign a positional source to a role by its name. */
static int positional(cli_common *c, const char *arg, char dir_paths[3][4200])
{
    const char *base = strrchr(arg, '/');
    struct stat st;

    base = base ? base + 1 : arg;
    /* named sources replace the bundled survey, except its districts */
    if (c->src.kahrizes == c->def_kahrizes)
        c->src.kahrizes = NULL;
    if (c->src.assessments == c->def_assessments)
        c->src.assessments = NULL;
    if (c->src.shafts == c->def_shafts)
        c->src.shafts = NULL;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(dir_paths[0], 4200, "%s/kahrizes.csv", arg);
        snprintf(dir_paths[1], 4200, "%s/assessments.csv", arg);
        snprintf(dir_paths[2], 4200, "%s/shafts.csv", arg);
        if (!exists(dir_paths[0])) {
            fprintf(stderr, "kahriz-atlas: validate: no kahrizes.csv in %s\n",
                    arg);
            return -1;
        }
        c->src.kahrizes = dir_paths[0];
        c->src.assessments = exists(dir_paths[1]) ? dir_paths[1] : NULL;
        c->src.shafts = exists(dir_paths[2]) ? dir_paths[2] : NULL;
    } else if (strstr(base, "assess")) {
        c->src.assessments = arg;
    } else if (strstr(base, "shaft")) {
        c->src.shafts = arg;
    } else if (strstr(base, "district")) {
        c->src.districts = arg;
    } else {
        c->src.kahrizes = arg;
    }
    return 0;
}

int cmd_validate(int argc, char **argv)
{
    static cli_common c;
    static char dir_paths[3][4200];
    kz_report_format fmt = KZ_REPORT_TEXT;
    kz_ctx *ctx = NULL;
    kz_report *rep = NULL;
    kz_survey *sv = NULL;
    int i = 1, rc, code = KZ_EXIT_OK;

    cli_common_init(&c);
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
        r = cli_common_parse(&c, argc, argv, &i);
        if (r < 0)
            return KZ_EXIT_USAGE;
        if (r > 0)
            continue;
        if (argv[i][0] == '-' && argv[i][1])
            return cli_unknown_option("kahriz-atlas: validate", argv[i], 0,
                                      help);
        if (positional(&c, argv[i], dir_paths) < 0)
            return KZ_EXIT_USAGE;
        i++;
    }
    if (!c.src.kahrizes) {
        fprintf(stderr, "kahriz-atlas: validate: no kahrizes source (give "
                        "one, or --kahrizes)\n");
        return KZ_EXIT_USAGE;
    }
    if ((rc = cli_ctx_create(&ctx, 0)) < 0)
        return cli_exit_code(rc);
    cli_signals_install(ctx);
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
    if (kz_report_write(ctx, rep, stdout, fmt) < 0) {
        cli_print_error(ctx);
        if (code == KZ_EXIT_OK)
            code = KZ_EXIT_FAILURE;
    }
    if (code == KZ_EXIT_OK && kz_report_errors(rep) > 0)
        code = KZ_EXIT_DATA;
done:
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
    kz_ctx_destroy(ctx);
    return code;
}
