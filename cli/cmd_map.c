/*
 * cmd_map.c - kahriz-atlas map: one page (PDF, PNG or SVG) of a district,
 * an economic region or the whole country, in the style's page size.
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void help(FILE *fp)
{
    fputs("Usage: kahriz-atlas map (--district CODE | --region CODE | "
          "--national)\n"
          "                        [sources] [--style FILE] [--crs CRS]\n"
          "                        [--dpi N] [--fill plain|density]\n"
          "                        [--date YYYY-MM-DD|none] [--keep-hidden]\n"
          "                        [--synthetic|--no-synthetic]\n"
          "                        -o FILE\n"
          "       kahriz-atlas map --each-district DIR [--format pdf|png|svg]\n"
          "                        [--jobs N] [the same options]\n\n"
          "Render one map page.  FILE ends in .pdf (vector, searchable\n"
          "text), .png (--dpi, default 150) or .svg.  The default CRS is\n"
          "the UTM zone of the district's (or region's) centre, and a\n"
          "Lambert azimuthal equal-area projection centred on Azerbaijan\n"
          "for --national.  --fill density colours districts by kahrizes\n"
          "per 100 km².  The default style is styles/default.json; the\n"
          "footer carries today's date (SOURCE_DATE_EPOCH's when set, as\n"
          "are the PDF's dates) unless --date says otherwise.\n"
          "The count under the title is the district's (or region's)\n"
          "own kahrizes; neighbours' in the frame are counted apart.\n"
          "Context layers: --neighbours, --sea, --rivers, --lakes, --towns\n"
          "FILE (default: the bundled data; \"none\" leaves one out) and\n"
          "--reference [KIND=]SOURCE, repeatable: any OGR source, e.g. an\n"
          "OpenStreetMap extract (KIND: rivers, water, places, roads).\n"
          "--dem FILE shades the relief of an elevation model (any GDAL\n"
          "raster with a CRS, e.g. SRTM GeoTIFF) under the map and draws\n"
          "contours at an interval that suits the scale; the source line\n"
          "credits the model by the name in its metadata, or by\n"
          "--dem-credit TEXT (\"digital elevation model\" without either).\n"
          "Symbols wholly covered by outlets drawn over them are left out\n"
          "(the page looks the same); --keep-hidden draws every one, for a\n"
          "PDF to be edited symbol by symbol.\n"
          "--synthetic says on the page and in the PDF's subject that the\n"
          "kahrizes are the synthetic sample (the default when the bundled\n"
          "survey is read); --no-synthetic names a field survey.\n"
          "--each-district DIR writes one page per district into DIR (made\n"
          "with its parents when missing; one that holds files only with\n"
          "--overwrite), named CODE-Name.pdf (names made safe: letters,\n"
          "digits, '.', '_', '-'); --jobs N draws N pages at a time on\n"
          "as many threads (the same pages).\n\n",
          fp);
    cli_carto_help(fp);
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

/* The districts of --each-district, shared by the threads drawing them. */
typedef struct each_pool {
    pthread_mutex_t mu;
    const kz_survey *sv;
    const kz_basemap *bm;
    const kz_style *style;
    const kz_map_options *base; /* with the index of all kahrizes */
    const char *dir, *ext;
    size_t next;  /* the next district to draw */
    size_t pages; /* pages written */
    int code;     /* the first failure's exit code; 0 while none */
} each_pool;

/* Page of district i into the directory, on ctx (this thread's). */
static int each_page(each_pool *pl, kz_ctx *ctx, size_t i)
{
    const kz_district *d = kz_survey_district(pl->sv, i);
    kz_map_options o = *pl->base;
    kz_map_result res;
    char code_s[96], name_s[96], path[4096];

    if (cli_signal_caught()) /* before this thread's ctx was registered */
        return KZ_EINTERRUPTED;
    o.kind = KZ_MAP_DISTRICT;
    o.code = d->code;
    kz_safe_filename(code_s, sizeof(code_s), d->code);
    kz_safe_filename(name_s, sizeof(name_s), d->name_en);
    if ((size_t)snprintf(path, sizeof(path), "%s/%s-%s.%s", pl->dir, code_s,
                         name_s, pl->ext) >= sizeof(path))
        return KZ_EUSAGE; /* the only usage error here */
    return kz_map_render_file(&res, ctx, path, pl->sv, pl->bm, pl->style,
                              &o);
}

/* Draw districts until none is left or one fails; the first failure
 * stops the others after their page in progress. */
static void each_run(each_pool *pl, kz_ctx *ctx)
{
    size_t n = kz_survey_district_count(pl->sv);

    for (;;) {
        size_t i;
        int rc;
        pthread_mutex_lock(&pl->mu);
        if (pl->code || pl->next >= n) {
            pthread_mutex_unlock(&pl->mu);
            return;
        }
        i = pl->next++;
        pthread_mutex_unlock(&pl->mu);
        rc = each_page(pl, ctx, i);
        pthread_mutex_lock(&pl->mu);
        if (rc >= 0) {
            pl->pages++;
        } else if (!pl->code) { /* the first failure is the one told */
            if (rc == KZ_EUSAGE)
                fprintf(stderr, "kahriz-atlas: %s: path too long\n",
                        pl->dir);
            else if (kz_ctx_error(ctx)->code == rc)
                cli_print_error(ctx);
            else
                fprintf(stderr, "kahriz-atlas: %s\n", kz_status_str(rc));
            pl->code = cli_exit_code(rc);
        }
        pthread_mutex_unlock(&pl->mu);
    }
}

typedef struct each_worker {
    each_pool *pl;
    kz_ctx *ctx;
} each_worker;

static void *each_thread(void *arg)
{
    each_worker *w = arg;
    each_run(w->pl, w->ctx);
    return NULL;
}

/* One page per district into dir, named from the code and English name
 * made safe; the kahrizes are indexed once for all pages.  With jobs > 1
 * the pages are drawn on that many threads, each with its own context
 * (the survey, style, basemap and index are only read); every page is
 * the same as with one. */
static int each_district(kz_ctx *ctx, const cli_common *c,
                         const kz_survey *sv, const kz_basemap *bm,
                         const kz_style *style, const kz_map_options *base,
                         const char *dir, const char *ext, int jobs)
{
    kz_rtree *index = NULL;
    double *xy = NULL;
    size_t i, n = kz_survey_kahriz_count(sv);
    size_t nd = kz_survey_district_count(sv);
    each_worker *w = NULL;
    pthread_t *th = NULL;
    int rc, started = 0, code = KZ_EXIT_OK;
    kz_map_options o = *base;
    each_pool pl;

    memset(&pl, 0, sizeof(pl));
    pthread_mutex_init(&pl.mu, NULL);
    pl.sv = sv;
    pl.bm = bm;
    pl.style = style;
    pl.base = &o;
    pl.dir = dir;
    pl.ext = ext;
    if (cli_mkdir_p(dir) < 0) {
        code = KZ_EXIT_FAILURE;
        goto done;
    }
    if (!(xy = malloc(2 * (n ? n : 1) * sizeof(double)))) {
        fprintf(stderr, "kahriz-atlas: out of memory\n");
        code = KZ_EXIT_FAILURE;
        goto done;
    }
    for (i = 0; i < n; i++) {
        xy[2 * i] = kz_survey_kahriz(sv, i)->lon;
        xy[2 * i + 1] = kz_survey_kahriz(sv, i)->lat;
    }
    if ((rc = kz_rtree_build_points(&index, ctx, xy, n, NULL)) < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    o.index = index;
    if ((size_t)jobs > nd)
        jobs = nd ? (int)nd : 1;
    if (jobs <= 1) {
        each_run(&pl, ctx);
        goto done;
    }
    w = calloc((size_t)jobs, sizeof(*w));
    th = calloc((size_t)jobs, sizeof(*th));
    if (!w || !th) {
        fprintf(stderr, "kahriz-atlas: out of memory\n");
        code = KZ_EXIT_FAILURE;
        goto done;
    }
    for (started = 0; started < jobs; started++) {
        w[started].pl = &pl;
        if (cli_ctx_create(&w[started].ctx, c) < 0 ||
            cli_signals_add_worker(w[started].ctx) < 0 ||
            pthread_create(&th[started], NULL, each_thread, &w[started])) {
            fprintf(stderr, "kahriz-atlas: cannot start thread %d\n",
                    started + 1);
            pthread_mutex_lock(&pl.mu);
            if (!pl.code)
                pl.code = KZ_EXIT_FAILURE;
            pthread_mutex_unlock(&pl.mu);
            break;
        }
    }
done:
    for (i = 0; i < (size_t)started; i++)
        pthread_join(th[i], NULL);
    /* no signal may reach a context once it is destroyed */
    cli_signals_drop_workers();
    for (i = 0; w && i < (size_t)jobs; i++)
        kz_ctx_destroy(w[i].ctx);
    if (!code)
        code = pl.code;
    if (!code && !c->quiet)
        fprintf(stderr, "kahriz-atlas: %zu district pages written to %s\n",
                pl.pages, dir);
    pthread_mutex_destroy(&pl.mu);
    free(w);
    free(th);
    kz_rtree_destroy(index);
    free(xy);
    return code;
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
    const char *out = NULL, *v, *each_dir = NULL;
    cli_carto carto;
    const char *ext = "pdf";
    int i, code = KZ_EXIT_OK, rc, bad = 0, kinds = 0, jobs = 0;
    int synthetic = -1;
    time_t now = time(NULL);
    struct tm tm;
    int64_t epoch;

    cli_common_init(&c);
    cli_carto_init(&carto);
    c.crs_is_output = 1; /* --crs is the map's projection */
    if (kz_source_date_epoch(&epoch)) {
        now = (time_t)epoch;
        gmtime_r(&now, &tm); /* reproducible: the footer says that date */
    } else {
        localtime_r(&now, &tm);
    }
    o.date = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    for (i = 1; i < argc;) {
        int r = cli_common_parse(&c, argc, argv, &i);
        if (r == 0)
            r = cli_carto_parse(&carto, argc, argv, &i);
        if (r < 0)
            return KZ_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            help(stdout);
            return KZ_EXIT_OK;
        } else if (strcmp(argv[i], "--keep-hidden") == 0) {
            o.keep_hidden = 1;
        } else if (cli_synthetic_opt(argv[i], &synthetic)) {
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
        } else if ((v = cli_opt_value(argc, argv, &i, "--each-district",
                                      &bad))) {
            each_dir = v;
            kinds++;
        } else if ((v = cli_opt_value(argc, argv, &i, "--jobs", &bad))) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > CLI_MAX_JOBS) {
                fprintf(stderr, "kahriz-atlas map: --jobs: expected a number "
                                "from 1 to %d\n",
                        CLI_MAX_JOBS);
                return KZ_EXIT_USAGE;
            }
            jobs = (int)n;
        } else if ((v = cli_opt_value(argc, argv, &i, "--format", &bad))) {
            if (strcmp(v, "pdf") && strcmp(v, "png") && strcmp(v, "svg")) {
                fprintf(stderr, "kahriz-atlas map: --format: expected pdf, "
                                "png or svg\n");
                return KZ_EXIT_USAGE;
            }
            ext = v;
        } else if ((v = cli_opt_output(argc, argv, &i, &bad))) {
            out = v;
        } else {
            return cli_unknown_option("kahriz-atlas map", argv[i], bad, help);
        }
        if (bad)
            return KZ_EXIT_USAGE;
        i++;
    }
    if (kinds != 1 || (!out && !each_dir) || (out && each_dir)) {
        fprintf(stderr, "kahriz-atlas map: give one of --district, --region, "
                        "--national with -o FILE, or --each-district DIR\n");
        help(stderr);
        return KZ_EXIT_USAGE;
    }
    if (jobs && !each_dir) {
        fprintf(stderr, "kahriz-atlas map: --jobs: only with "
                        "--each-district\n");
        return KZ_EXIT_USAGE;
    }
    if (out && !cli_has_extension(out, "pdf") &&
        !cli_has_extension(out, "png") && !cli_has_extension(out, "svg")) {
        fprintf(stderr, "kahriz-atlas map: %s: a map is written as .pdf, "
                        ".png or .svg\n",
                out);
        return KZ_EXIT_USAGE;
    }
    /* an existing output is refused before any input is read */
    if ((out && (code = cli_output_check(out, c.overwrite)) != KZ_EXIT_OK) ||
        (each_dir && (code = cli_output_dir_check(each_dir, c.overwrite)) !=
                         KZ_EXIT_OK))
        return code;
    if (cli_ctx_create(&ctx, &c) < 0)
        return KZ_EXIT_FAILURE;
    cli_signals_install(ctx);
    if ((code = cli_carto_load(ctx, &c, &carto, &style, &bm)) != KZ_EXIT_OK)
        goto done;
    if ((code = cli_load_survey(ctx, &c, &sv)) != KZ_EXIT_OK)
        goto done;
    o.synthetic = cli_synthetic(&c, synthetic);
    if (o.kind == KZ_MAP_DISTRICT && o.code &&
        (code = cli_district_codes(sv, &o.code, 1, "--district")) !=
            KZ_EXIT_OK)
        goto done;
    if (o.kind == KZ_MAP_REGION &&
        (code = cli_region_code(sv, &o.code, "--region")) != KZ_EXIT_OK)
        goto done;
    if (each_dir) {
        code = each_district(ctx, &c, sv, bm, style, &o, each_dir, ext,
                             jobs);
        goto done;
    }
    if ((rc = kz_map_render_file(&res, ctx, out, sv, bm, style, &o)) < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
        goto done;
    }
    if (!c.quiet)
        fprintf(stderr,
                "%s: %zu kahrizes (%zu hidden under others), %zu labels "
                "placed, %zu dropped, 1:%.0f, %s\n",
                out, res.kahrizes_drawn, res.symbols_hidden,
                res.labels_placed, res.labels_dropped, res.scale, res.crs);
done:
    kz_basemap_destroy(bm);
    kz_style_destroy(style);
    kz_survey_destroy(sv);
    kz_ctx_destroy(ctx);
    return code;
}
