/*
 * cmd_map.c - kahriz-atlas map: one page (PDF, PNG or SVG) of a district,
 * an economic region or the whole country, in the style's page size.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void help(FILE *fp)
{
    fputs("Usage: kahriz-atlas map (--district CODE | --region CODE | "
          "--national)\n"
          "                        [sources] [--style FILE] [--crs CRS]\n"
          "                        [--dpi N] [--fill plain|density]\n"
          "                        [--date YYYY-MM-DD|none] -o FILE\n\n"
          "Render one map page.  FILE ends in .pdf (vector, searchable\n"
          "text), .png (--dpi, default 150) or .svg.  The default CRS is\n"
          "the UTM zone of the district's (or region's) centre, and a\n"
          "Lambert azimuthal equal-area projection centred on Azerbaijan\n"
          "for --national.  --fill density colours districts by kahrizes\n"
          "per 100 km².  The default style is styles/default.json; the\n"
          "footer carries today's date unless --date says otherwise.\n"
          "Context layers: --neighbours FILE, --sea FILE (default: the\n"
          "bundled data; \"none\" leaves them out).\n\n",
          fp);
    cli_common_help(fp);
}

static int parse_date(int32_t *out, const char *s)
{
    int y, m, d;
    char extra;
    if (strcmp(s, "none") == 0) {
        *out = 0;
        return 0;
    }
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return -1;
    *out = y * 10000 + m * 100 + d;
    return 0;
}

int cmd_map(int argc, char **argv)
{
    cli_common c;
    kz_ctx *ctx = NULL;
    kz_survey *sv = NULL;
    kz_style *style = NULL;
    kz_basemap *bm = NULL;
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    kz_map_result res;
    const char *out = NULL, *style_path = NULL, *v;
    const char *neighbours = NULL, *sea = NULL;
    char def_style[4200], def_nb[4200], def_sea[4200];
    int i, code = KZ_EXIT_OK, rc, bad = 0, kinds = 0;
    time_t now = time(NULL);
    struct tm tm;

    cli_common_init(&c);
    localtime_r(&now, &tm);
    o.date = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    for (i = 1; i < argc;) {
        int r = cli_common_parse(&c, argc, argv, &i);
        if (r < 0)
            return KZ_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            help(stdout);
            return KZ_EXIT_OK;
        } else if (strcmp(argv[i], "--national") == 0) {
            o.kind = KZ_MAP_NATIONAL;
            kinds++;
        } else if ((v = cli_opt_value(argc, argv, &i, "--district", &bad))) {
            o.kind = KZ_MAP_DISTRICT;
            o.code = v;
            kinds++;
        } else if ((v = cli_opt_value(argc, argv, &i, "--region", &bad))) {
            o.kind = KZ_MAP_REGION;
            o.code = v;
            kinds++;
        } else if ((v = cli_opt_value(argc, argv, &i, "--style", &bad))) {
            style_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--crs", &bad))) {
            o.crs = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--dpi", &bad))) {
            char *end;
            o.dpi = strtod(v, &end);
            if (*end || !(o.dpi >= 10 && o.dpi <= 1200)) {
                fprintf(stderr, "kahriz-atlas map: --dpi: expected a number "
                                "from 10 to 1200\n");
                return KZ_EXIT_USAGE;
            }
        } else if ((v = cli_opt_value(argc, argv, &i, "--fill", &bad))) {
            if (strcmp(v, "plain") == 0)
                o.fill = KZ_FILL_PLAIN;
            else if (strcmp(v, "density") == 0)
                o.fill = KZ_FILL_DENSITY;
            else {
                fprintf(stderr, "kahriz-atlas map: --fill: expected plain "
                                "or density\n");
                return KZ_EXIT_USAGE;
            }
        } else if ((v = cli_opt_value(argc, argv, &i, "--date", &bad))) {
            if (parse_date(&o.date, v) < 0) {
                fprintf(stderr, "kahriz-atlas map: --date: expected "
                                "YYYY-MM-DD or none\n");
                return KZ_EXIT_USAGE;
            }
        } else if ((v = cli_opt_value(argc, argv, &i, "--neighbours",
                                      &bad))) {
            neighbours = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--sea", &bad))) {
            sea = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "-o", &bad)) ||
                   (v = cli_opt_value(argc, argv, &i, "--output", &bad))) {
            out = v;
        } else {
            if (!bad)
                fprintf(stderr, "kahriz-atlas map: unknown option \"%s\"\n",
                        argv[i]);
            help(stderr);
            return KZ_EXIT_USAGE;
        }
        if (bad)
            return KZ_EXIT_USAGE;
        i++;
    }
    if (kinds != 1 || !out) {
        fprintf(stderr, "kahriz-atlas map: give one of --district, --region, "
                        "--national, and -o FILE\n");
        help(stderr);
        return KZ_EXIT_USAGE;
    }
    if (!style_path) {
        snprintf(def_style, sizeof(def_style), "%s/default.json",
                 c.styles_dir);
        style_path = def_style;
    }
    if (!neighbours) {
        snprintf(def_nb, sizeof(def_nb), "%s/neighbours.geojson", c.data_dir);
        neighbours = def_nb;
    }
    if (!sea) {
        snprintf(def_sea, sizeof(def_sea), "%s/sea.geojson", c.data_dir);
        sea = def_sea;
    }

    if (cli_ctx_create(&ctx, 0) < 0)
        return KZ_EXIT_FAILURE;
    cli_signals_install(ctx);
    if ((rc = kz_style_load(&style, ctx, style_path)) < 0 ||
        (rc = kz_basemap_load(&bm, ctx,
                              strcmp(neighbours, "none") ? neighbours : NULL,
                              strcmp(sea, "none") ? sea : NULL)) < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    if ((code = cli_load_survey(ctx, &c, &sv)) != KZ_EXIT_OK)
        goto done;
    if ((rc = kz_map_render_file(&res, ctx, out, sv, bm, style, &o)) < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    if (!c.quiet)
        fprintf(stderr,
                "%s: %zu kahrizes, %zu labels placed, %zu dropped, "
                "1:%.0f, %s\n",
                out, res.kahrizes_drawn, res.labels_placed,
                res.labels_dropped, res.scale, res.crs);
done:
    kz_basemap_destroy(bm);
    kz_style_destroy(style);
    kz_survey_destroy(sv);
    kz_ctx_destroy(ctx);
    return code;
}
