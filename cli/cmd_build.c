/*
 * cmd_build.c - kahriz-atlas build: the whole printed atlas in one PDF,
 * with a progress bar on a terminal and one summary line otherwise.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void help(FILE *fp)
{
    fputs("Usage: kahriz-atlas build [sources] [--style FILE] "
          "[--sections LIST]\n"
          "                          [--only-districts CODES] [--jobs N]\n"
          "                          [--synthetic|--no-synthetic] "
          "-o FILE.pdf\n\n"
          "Compose the printed bilingual atlas: cover, contents,\n"
          "introduction and methodology, national overview, a section per\n"
          "economic region with district maps, statistics and tables, a\n"
          "sheet per kahriz, gazetteers in Azerbaijani and English order and\n"
          "a colophon, with bookmarks and links.\n\n"
          "  --sections LIST        comma list of cover, contents, intro,\n"
          "                         overview, districts, sheets, gazetteer,\n"
          "                         colophon (default: all); without sheets\n"
          "                         the gazetteer names table pages, and no\n"
          "                         page when districts are left out too\n"
          "  --only-districts CODES comma list of district codes whose pages,\n"
          "                         sheets and index entries are made\n"
          "  --jobs N               prepare pages on N threads (same output)\n"
          "  --synthetic            say that the data are the synthetic sample\n"
          "                         (default: when the bundled survey is used)\n"
          "  --photos DIR           base of relative photo paths (default: the\n"
          "                         directory of the kahrizes source)\n"
          "  --neighbours, --sea, --rivers, --lakes, --towns FILE\n"
          "                         context layers ('none': left out)\n"
          "  --reference [KIND=]SOURCE  reference layers from any OGR source\n"
          "                         (OpenStreetMap, GeoPackage...), repeatable;\n"
          "                         KIND: rivers, water, places, roads\n"
          "  --dem FILE             elevation model (GDAL raster with a CRS):\n"
          "                         relief and contours on the maps, sampled\n"
          "                         elevations on the sheets\n"
          "  --dem-credit TEXT      the model's name in the credits (default:\n"
          "                         its metadata's, else \"digital elevation\n"
          "                         model\")\n"
          "  --press                the printer's file: CMYK through the output\n"
          "                         profile (Ghostscript), PDF/X-4, 3 mm bleed,\n"
          "                         black text in black ink alone\n"
          "  --crop-marks           with --press: trim marks outside the bleed\n"
          "  --bleed MM             with --press: bleed on each side (default 3)\n"
          "  --icc FILE             with --press: the CMYK output profile\n"
          "                         (default: FOGRA39, made at build time)\n"
          "  --condition ID         with --icc: its printing condition in the\n"
          "                         ICC registry (default: Custom)\n"
          "The dates printed and the PDF's dates follow SOURCE_DATE_EPOCH\n"
          "when it is set, so a build can be reproduced byte for byte.\n\n",
          fp);
    cli_common_help(fp);
}

typedef struct progress {
    int tty;
    struct timespec t0;
    size_t last;
} progress;

static double elapsed(const progress *p)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - p->t0.tv_sec) +
           (double)(t.tv_nsec - p->t0.tv_nsec) / 1e9;
}

static void on_progress(void *ud, size_t done, size_t total)
{
    progress *p = ud;
    double e = elapsed(p), left;
    int width = 30, fill, i;
    char bar[64];

    if (!p->tty)
        return;
    fill = total ? (int)((double)done / (double)total * width) : width;
    for (i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    left = done ? e / (double)done * (double)(total - done) : 0;
    fprintf(stderr, "\r[%s] %zu/%zu pages, %.1f s, %.1f s left ", bar, done,
            total, e, left);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
    p->last = done;
}

/* "AZ-ORD, az-cul" into an array of codes pointing into a copy (blank
 * ones left out); cli_district_codes() makes them the districts' own. */
static int split_codes(char *s, const char ***out, size_t *n)
{
    size_t cap = 1, i = 0;
    char *p, *save = NULL;
    const char **v;
    for (p = s; *p; p++)
        if (*p == ',')
            cap++;
    if (!(v = calloc(cap, sizeof(*v))))
        return -1;
    for (p = strtok_r(s, ",", &save); p; p = strtok_r(NULL, ",", &save))
        if (p[strspn(p, " \t")])
            v[i++] = p;
    *out = v;
    *n = i;
    return 0;
}

int cmd_build(int argc, char **argv)
{
    cli_common c;
    kz_ctx *ctx = NULL;
    kz_survey *sv = NULL;
    kz_style *style = NULL;
    kz_basemap *bm = NULL;
    kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
    kz_atlas_result res;
    progress pr;
    const char *out = NULL, *v, *sections = NULL, *photos = NULL;
    cli_carto carto;
    char photo_dir[4200];
    char *codes = NULL;
    const char **code_v = NULL;
    kz_press_options press = KZ_PRESS_OPTIONS_INIT;
    char icc_path[4200];
    int i, code = KZ_EXIT_OK, rc, bad = 0, synthetic = -1, want_press = 0;

    cli_common_init(&c);
    cli_carto_init(&carto);
    for (i = 1; i < argc;) {
        int r = cli_common_parse(&c, argc, argv, &i);
        if (r == 0)
            r = cli_carto_parse(&carto, argc, argv, &i);
        if (r < 0) {
            free(codes);
            return KZ_EXIT_USAGE;
        }
        if (r > 0)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            help(stdout);
            return KZ_EXIT_OK;
        } else if ((v = cli_opt_value(argc, argv, &i, "--sections", &bad))) {
            sections = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--only-districts",
                                      &bad))) {
            free(codes);
            codes = strdup(v);
        } else if ((v = cli_opt_value(argc, argv, &i, "--jobs", &bad))) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 256) {
                fprintf(stderr, "kahriz-atlas build: --jobs: expected a "
                                "number from 1 to 256\n");
                free(codes);
                return KZ_EXIT_USAGE;
            }
            o.jobs = (int)n;
        } else if (cli_synthetic_opt(argv[i], &synthetic)) {
        } else if ((v = cli_opt_value(argc, argv, &i, "--photos", &bad))) {
            photos = v;
        } else if (strcmp(argv[i], "--press") == 0) {
            want_press = 1;
        } else if (strcmp(argv[i], "--crop-marks") == 0) {
            press.crop_marks = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--bleed", &bad))) {
            char *end;
            press.bleed_mm = strtod(v, &end);
            if (*end || !(press.bleed_mm > 0 && press.bleed_mm <= 20)) {
                fprintf(stderr, "kahriz-atlas build: --bleed: expected "
                                "millimetres from 0 to 20\n");
                free(codes);
                return KZ_EXIT_USAGE;
            }
        } else if ((v = cli_opt_value(argc, argv, &i, "--icc", &bad))) {
            press.profile = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--condition",
                                      &bad))) {
            press.condition = v;
        } else if ((v = cli_opt_output(argc, argv, &i, &bad))) {
            out = v;
        } else {
            free(codes);
            return cli_unknown_option("kahriz-atlas build", argv[i], bad,
                                      help);
        }
        if (bad) {
            free(codes);
            return KZ_EXIT_USAGE;
        }
        i++;
    }
    if (!out) {
        fprintf(stderr, "kahriz-atlas build: give -o FILE.pdf\n");
        help(stderr);
        free(codes);
        return KZ_EXIT_USAGE;
    }
    if (!cli_has_extension(out, "pdf")) {
        fprintf(stderr, "kahriz-atlas build: %s: the atlas is a PDF; give "
                        "-o FILE.pdf\n",
                out);
        free(codes);
        return KZ_EXIT_USAGE;
    }
    if (!want_press && (press.crop_marks || press.bleed_mm > 0 ||
                        press.profile || press.condition)) {
        fprintf(stderr, "kahriz-atlas build: --crop-marks, --bleed, --icc "
                        "and --condition go with --press\n");
        free(codes);
        return KZ_EXIT_USAGE;
    }
    if (want_press) {
        if (!press.profile) {
            /* the FOGRA39 profile made at build time */
            snprintf(icc_path, sizeof(icc_path), "%s/FOGRA39.icc",
                     c.icc_dir);
            press.profile = icc_path;
            press.condition = "FOGRA39";
            press.condition_info = "Offset printing on coated paper, "
                                   "ISO 12647-2:2004/Amd 1 (FOGRA39)";
        }
        o.press = &press;
    }
    if (codes && split_codes(codes, &code_v, &o.n_districts) < 0) {
        free(codes);
        return KZ_EXIT_FAILURE;
    }
    o.districts = code_v;
    /* an existing output is refused before any input is read */
    if ((code = cli_output_check(out, c.overwrite)) != KZ_EXIT_OK)
        goto done;

    if (cli_ctx_create(&ctx, &c) < 0) {
        code = KZ_EXIT_FAILURE;
        goto done;
    }
    cli_signals_install(ctx);
    if (sections && (rc = kz_atlas_sections_parse(&o.sections, ctx,
                                                  sections)) < 0) {
        cli_print_error(ctx);
        code = KZ_EXIT_USAGE;
        goto done;
    }
    if ((code = cli_carto_load(ctx, &c, &carto, &style, &bm)) != KZ_EXIT_OK)
        goto done;
    if ((code = cli_load_survey(ctx, &c, &sv)) != KZ_EXIT_OK)
        goto done;
    if ((code = cli_district_codes(sv, code_v, o.n_districts,
                                   "--only-districts")) != KZ_EXIT_OK)
        goto done;
    if (!photos) {
        /* beside the kahrizes source (a --survey GeoPackage or a --kobo
         * export included) */
        const char *k = c.src.kahrizes ? c.src.kahrizes : c.src.kobo;
        const char *slash = strrchr(k, '/'), *bar = strchr(k, '|');
        if (slash && (!bar || slash < bar))
            snprintf(photo_dir, sizeof(photo_dir), "%.*s",
                     (int)(slash - k), k);
        else
            snprintf(photo_dir, sizeof(photo_dir), ".");
        photos = photo_dir;
    }
    o.photo_dir = photos;
    o.synthetic = cli_synthetic(&c, synthetic);
    memset(&pr, 0, sizeof(pr));
    pr.tty = !c.quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &pr.t0);
    o.progress = on_progress;
    o.progress_userdata = &pr;
    if ((rc = kz_atlas_render(&res, ctx, out, sv, bm, style, &o)) < 0) {
        if (pr.tty && pr.last)
            fputc('\n', stderr);
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    if (!c.quiet) {
        double e = elapsed(&pr);
        fprintf(stderr,
                "%s: %zu pages (%zu districts, %zu sheets) in %.1f s, "
                "%.1f pages/s",
                out, res.pages, res.districts, res.sheets, e,
                e > 0 ? (double)res.pages / e : 0.0);
        if (res.photos || res.photos_missing)
            fprintf(stderr, ", %zu photos (%zu missing)", res.photos,
                    res.photos_missing);
        fputc('\n', stderr);
    }
done:
    kz_basemap_destroy(bm);
    kz_style_destroy(style);
    kz_survey_destroy(sv);
    kz_ctx_destroy(ctx);
    free(code_v);
    free(codes);
    return code;
}
