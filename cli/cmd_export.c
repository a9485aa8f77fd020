/*
 * cmd_export.c - kahriz-atlas export: the survey, its statistics and
 * metadata as a GeoPackage for partners.
 */
#include "cli.h"

#include <string.h>
#include <sys/stat.h>

static void help(FILE *fp)
{
    fputs("Usage: kahriz-atlas export [sources] [--crs CRS] [--style FILE] "
          "[--dem FILE]\n"
          "                          [--synthetic|--no-synthetic] "
          "[--overwrite]\n"
          "                          -o FILE.gpkg\n\n"
          "Writes districts and regions (with every statistics column),\n"
          "kahrizes (survey attributes, latest assessment, computed\n"
          "district), assessments (related to kahrizes), shafts and\n"
          "galleries, field domains, ISO 19115 metadata in both languages\n"
          "and, for every layer, the atlas's look as its QGIS default style.  The file is written under a temporary\n"
          "name and renamed on success; an existing file is refused\n"
          "without --overwrite (before any input is read).  The name must\n"
          "end in .gpkg.  Under SOURCE_DATE_EPOCH every date the file\n"
          "records is that time, so repeated exports hold the same data.\n\n"
          "  -o, --output FILE   the GeoPackage to write\n"
          "  --crs CRS           CRS of the output layers (default "
          "EPSG:4326);\n"
          "                      here --input-crs sets the CRS of input rows\n"
          "                      without a crs column\n"
          "  --style FILE        atlas style whose colours, widths and classes\n"
          "                      the QGIS styles take (default: the bundled\n"
          "                      default.json)\n"
          "  --dem FILE          elevation model (GDAL raster with a CRS) for\n"
          "                      the kahrizes surveyed without elevations:\n"
          "                      elevation_m, head_elevation_m and their\n"
          "                      *_source \"survey\" or \"dem\"\n"
          "  --synthetic         the title, abstract, lineage and layer\n"
          "                      descriptions say the data are the synthetic\n"
          "                      sample (default: when the bundled survey is\n"
          "                      read); --no-synthetic: they do not\n"
          "  --overwrite         replace an existing file\n\n",
          fp);
    cli_common_help(fp);
}

int cmd_export(int argc, char **argv)
{
    cli_common c;
    kz_ctx *ctx = NULL;
    kz_survey *sv = NULL;
    kz_style *style = NULL;
    kz_basemap *bm = NULL;
    const char *style_path = NULL, *dem = NULL;
    int synthetic = -1;
    char default_style[4200];
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    kz_export_result res;
    const char *out = NULL, *v;
    struct stat st;
    int i, code = KZ_EXIT_OK, rc, bad = 0;

    cli_common_init(&c);
    c.crs_is_output = 1; /* --crs is the layers' CRS */
    for (i = 1; i < argc;) {
        int r;
        /* here --crs is the output CRS (the input default is --input-crs) */
        if ((v = cli_opt_value(argc, argv, &i, "--crs", &bad))) {
            o.crs = v;
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
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            help(stdout);
            return KZ_EXIT_OK;
        } else if ((v = cli_opt_value(argc, argv, &i, "--style", &bad))) {
            style_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--dem", &bad))) {
            dem = v;
        } else if (cli_synthetic_opt(argv[i], &synthetic)) {
        } else if ((v = cli_opt_output(argc, argv, &i, &bad))) {
            out = v;
        } else {
            return cli_unknown_option("kahriz-atlas export", argv[i], bad,
                                      help);
        }
        if (bad)
            return KZ_EXIT_USAGE;
        i++;
    }
    if (!out) {
        fprintf(stderr, "kahriz-atlas export: -o FILE.gpkg is required\n");
        return KZ_EXIT_USAGE;
    }
    if (!cli_has_extension(out, "gpkg")) {
        fprintf(stderr,
                "kahriz-atlas export: %s: the output name must end in "
                ".gpkg (a GeoPackage is the only format written)\n",
                out);
        return KZ_EXIT_USAGE;
    }
    /* an existing output is refused before minutes of reading */
    o.overwrite = c.overwrite;
    if (!o.overwrite && stat(out, &st) == 0) {
        fprintf(stderr,
                "kahriz-atlas: %s: exists; use --overwrite to replace it\n",
                out);
        return cli_exit_code(KZ_EEXISTS);
    }
    if (cli_ctx_create(&ctx, &c) < 0)
        return KZ_EXIT_FAILURE;
    cli_signals_install(ctx);
    if (!style_path) {
        snprintf(default_style, sizeof(default_style), "%s/default.json",
                 c.styles_dir);
        style_path = default_style;
    }
    if ((rc = kz_style_load(&style, ctx, style_path)) < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    o.style = style;
    if (dem && ((rc = kz_basemap_load(&bm, ctx, NULL, NULL)) < 0 ||
                (rc = kz_basemap_set_dem(bm, dem)) < 0)) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    o.basemap = bm;
    if ((code = cli_load_survey(ctx, &c, &sv)) != KZ_EXIT_OK)
        goto done;
    o.synthetic = cli_synthetic(&c, synthetic);
    if ((rc = kz_export_gpkg(&res, ctx, sv, &o, out)) < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    if (!c.quiet)
        fprintf(stderr,
                "kahriz-atlas: %s: %ld districts, %ld regions, %ld "
                "kahrizes, %ld assessments, %ld shafts, %ld galleries\n",
                out, res.districts, res.regions, res.kahrizes,
                res.assessments, res.shafts, res.galleries);
done:
    kz_survey_destroy(sv);
    kz_style_destroy(style);
    kz_basemap_destroy(bm);
    kz_ctx_destroy(ctx);
    return code;
}
