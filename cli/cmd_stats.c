/*
 * cmd_stats.c - kahriz-atlas stats: one row per district (or region), then
 * UNASSIGNED and TOTAL, as CSV, JSON or a terminal table.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void help(FILE *fp)
{
    fputs("Usage: kahriz-atlas stats [sources] [--by district|region]\n"
          "                          [--format csv|json|table] [-o FILE]\n\n"
          "Statistics from each kahriz's latest assessment: one row per\n"
          "district (every district, also those without kahrizes) or per\n"
          "economic region, then UNASSIGNED and TOTAL.  Written to FILE\n"
          "(atomically) or standard output.  csv and json carry values at\n"
          "the precision they were measured (15 significant digits);\n"
          "table rounds them for reading.\n\n"
          "  --trend   add first_year, last_year and discharge_change_l_s\n"
          "            (total discharge in the last assessment year minus\n"
          "            that in the first, over the kahrizes measured in both)\n\n",
          fp);
    cli_common_help(fp);
}

int cmd_stats(int argc, char **argv)
{
    cli_common c;
    kz_ctx *ctx = NULL;
    kz_survey *sv = NULL;
    kz_stats *st = NULL;
    kz_stats_by by = KZ_STATS_BY_DISTRICT;
    kz_stats_format fmt = KZ_STATS_CSV;
    const char *out = NULL, *v;
    char tmp[4200] = "";
    FILE *fp = NULL;
    unsigned columns = KZ_STATS_COLUMNS_BASE;
    struct stat sb;
    int direct = 0;
    int i, code = KZ_EXIT_OK, rc, bad = 0;

    cli_common_init(&c);
    for (i = 1; i < argc;) {
        int r = cli_common_parse(&c, argc, argv, &i);
        if (r < 0)
            return KZ_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            help(stdout);
            return KZ_EXIT_OK;
        } else if (strcmp(argv[i], "--trend") == 0) {
            columns |= KZ_STATS_COLUMNS_TREND;
        } else if ((v = cli_opt_value(argc, argv, &i, "--by", &bad))) {
            if (strcmp(v, "district") == 0)
                by = KZ_STATS_BY_DISTRICT;
            else if (strcmp(v, "region") == 0)
                by = KZ_STATS_BY_REGION;
            else {
                fprintf(stderr, "kahriz-atlas: --by: expected district or "
                                "region\n");
                return KZ_EXIT_USAGE;
            }
        } else if ((v = cli_opt_value(argc, argv, &i, "--format", &bad))) {
            if (strcmp(v, "csv") == 0)
                fmt = KZ_STATS_CSV;
            else if (strcmp(v, "json") == 0)
                fmt = KZ_STATS_JSON;
            else if (strcmp(v, "table") == 0)
                fmt = KZ_STATS_TABLE;
            else {
                fprintf(stderr, "kahriz-atlas: --format: expected csv, json "
                                "or table\n");
                return KZ_EXIT_USAGE;
            }
        } else if ((v = cli_opt_output(argc, argv, &i, &bad))) {
            out = v;
        } else {
            return cli_unknown_option("kahriz-atlas stats", argv[i], bad,
                                      help);
        }
        if (bad)
            return KZ_EXIT_USAGE;
        i++;
    }
    /* an existing output is refused before any input is read */
    if (out && (code = cli_output_check(out, c.overwrite)) != KZ_EXIT_OK)
        return code;

    if (cli_ctx_create(&ctx, &c) < 0)
        return KZ_EXIT_FAILURE;
    cli_signals_install(ctx);
    if ((code = cli_load_survey(ctx, &c, &sv)) != KZ_EXIT_OK)
        goto done;
    if ((rc = kz_stats_compute(&st, ctx, sv, by)) < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    if (out && stat(out, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* a pipe or a device (/dev/stdout) is written into, never
         * renamed over */
        if (!(fp = fopen(out, "wb"))) {
            fprintf(stderr, "kahriz-atlas: %s: %s\n", out, strerror(errno));
            code = KZ_EXIT_FAILURE;
            goto done;
        }
        direct = 1;
    } else if (out) {
        if ((code = cli_atomic_open(&fp, tmp, sizeof(tmp), out)) != 0)
            goto done;
    } else {
        fp = stdout;
    }
    if ((rc = kz_stats_write_columns(ctx, st, fp, fmt, columns)) < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    if (direct) {
        if (fclose(fp) != 0) {
            fprintf(stderr, "kahriz-atlas: %s: %s\n", out, strerror(errno));
            code = KZ_EXIT_FAILURE;
        }
        fp = NULL;
    } else if (out) {
        code = cli_atomic_commit(fp, tmp, out, c.overwrite);
        fp = NULL;
        tmp[0] = '\0';
    }
done:
    if (fp && fp != stdout)
        fclose(fp);
    if (tmp[0])
        unlink(tmp);
    kz_stats_destroy(st);
    kz_survey_destroy(sv);
    kz_ctx_destroy(ctx);
    return code;
}
