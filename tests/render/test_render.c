/*
 * test_render.c - styles, number and date formats, scale bar and north
 * arrow against known distances and angles, label collision on a dense
 * cluster, legend filtering and a PDF checked with poppler-utils (text
 * with every Azerbaijani letter, fonts embedded and subset); golden images
 * are in test_golden.c.
 */
#include "kztest.h"

#include "map/map.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------- fixtures ---------- */

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Replace the first occurrence of from in s by to (new string). */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    char *out;
    if (!p)
        return NULL;
    out = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
    memcpy(out, s, (size_t)(p - s));
    strcpy(out + (p - s), to);
    strcat(out, p + strlen(from));
    return out;
}

static kz_style *load_default(void)
{
    kz_style *st = NULL;
    int rc = kz_style_load(&st, kz_test_ctx, kz_test_src("styles/default.json"));
    if (rc < 0)
        fprintf(stderr, "%s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL(rc, KZ_OK);
    return st;
}

/* One square district "AZ-TST" (45.4-45.6 E, 39.4-39.6 N) and n kahrizes:
 * a cluster of `dense` outlets within ~300 m of 45.5/39.5, the rest spread
 * on a grid.  Conditions cycle through cond[], names use every letter. */
static kz_survey *make_survey(const char *tag, int n, int dense,
                              const kz_condition *cond, int n_cond)
{
    static const char *const names[] = {
        "Əliağa", "Şıxlı", "Göyçə", "İçəri", "Ümüd", "Çölqışlaq",
        "Ağbulaq", "Qızılca", "Böyükşor", "Xoşbəxt"};
    static const char *const cnames[] = {"", "good", "fair", "poor", "dry",
                                         "collapsed"};
    char dir[512], kpath[600], apath[600], dpath[600], line[512];
    kz_sources src = KZ_SOURCES_INIT;
    FILE *k, *a;
    int i;

    snprintf(dir, sizeof(dir), "%s/%s", kz_test_tmpdir(), tag);
    mkdir(dir, 0755);
    snprintf(kpath, sizeof(kpath), "%s/kahrizes.csv", dir);
    snprintf(apath, sizeof(apath), "%s/assessments.csv", dir);
    snprintf(dpath, sizeof(dpath), "%s/districts.geojson", dir);
    write_file(dpath,
               "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
               "\"Feature\",\"properties\":{\"code\":\"AZ-TST\",\"name_az\":"
               "\"Sınaq\",\"name_en\":\"Sinag\",\"name_alt\":\"\",\"type\":"
               "\"district\",\"region_code\":\"TEST\",\"region_az\":\"Sınaq"
               "\",\"region_en\":\"Sinag\"},\"geometry\":{\"type\":"
               "\"Polygon\",\"coordinates\":[[[45.4,39.4],[45.6,39.4],[45.6,"
               "39.6],[45.4,39.6],[45.4,39.4]]]}}]}");
    k = fopen(kpath, "wb");
    a = fopen(apath, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    fputs(KZ_TEST_KAHRIZ_HEADER, k);
    fputs(KZ_TEST_ASSESSMENT_HEADER, a);
    for (i = 0; i < n; i++) {
        double lon, lat;
        if (i < dense) {
            lon = 45.5 + 0.003 * cos(i * 2.4) * sqrt((double)i / dense);
            lat = 39.5 + 0.0025 * sin(i * 2.4) * sqrt((double)i / dense);
        } else {
            int j = i - dense;
            lon = 45.42 + 0.035 * (j % 5);
            lat = 39.42 + 0.04 * (j / 5 % 5);
        }
        snprintf(line, sizeof(line),
                 "KZ-%04d,%s kəhrizi %d,,AZ-TST,,,%.6f,%.6f,EPSG:4326,"
                 "%.6f,%.6f,800,10,12,1900,icma,\n",
                 i, names[i % 10], i, lon, lat, lon - 0.004, lat + 0.003);
        fputs(line, k);
        if (cond[i % n_cond] != KZ_COND_UNASSESSED) {
            snprintf(line, sizeof(line),
                     "KZ-%04d,2024-05-1%d,%.1f,%s,yes,10,5,0,none,,,,\n", i,
                     i % 10,
                     /* a dry kahriz gives no water (the field form's rule) */
                     cond[i % n_cond] == KZ_COND_DRY ? 0 : 0.3 + (i % 13),
                     cnames[cond[i % n_cond]]);
            fputs(line, a);
        }
    }
    fclose(k);
    fclose(a);
    src.kahrizes = kpath;
    src.assessments = apath;
    src.districts = dpath;
    return kz_test_load(&src);
}

/* ---------- formats ---------- */

static void test_number_format(void)
{
    char buf[64];
    size_t n;

    n = kz_format_number(buf, sizeof(buf), 1966.5, 1, "az");
    CU_ASSERT_STRING_EQUAL(buf, "1\xe2\x80\xaf" "966,5");
    CU_ASSERT_EQUAL(n, strlen(buf));
    kz_format_number(buf, sizeof(buf), 1966.5, 1, "en");
    CU_ASSERT_STRING_EQUAL(buf, "1,966.5");
    kz_format_number(buf, sizeof(buf), 1234567, 0, "en");
    CU_ASSERT_STRING_EQUAL(buf, "1,234,567");
    kz_format_number(buf, sizeof(buf), 1234567, 0, "az");
    CU_ASSERT_STRING_EQUAL(buf, "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567");
    kz_format_number(buf, sizeof(buf), -0.25, 2, "az");
    CU_ASSERT_STRING_EQUAL(buf, "\xe2\x88\x92" "0,25"); /* U+2212 */
    kz_format_number(buf, sizeof(buf), -0.001, 1, "en");
    CU_ASSERT_STRING_EQUAL(buf, "0.0");
    kz_format_number(buf, sizeof(buf), 999, 0, "az");
    CU_ASSERT_STRING_EQUAL(buf, "999");
    kz_format_number(buf, sizeof(buf), 2.5, 0, "en");
    CU_ASSERT_STRING_EQUAL(buf, "3"); /* half away from zero */
    /* truncation behaves like snprintf */
    n = kz_format_number(buf, 4, 1966.5, 1, "en");
    CU_ASSERT_EQUAL(n, 7);
    CU_ASSERT_STRING_EQUAL(buf, "1,9");
}

static void test_date_format(void)
{
    kz_style *st = load_default();
    char buf[64];

    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    kz_format_date(buf, sizeof(buf), st, 20261127, "az");
    CU_ASSERT_STRING_EQUAL(buf, "27 noyabr 2026");
    kz_format_date(buf, sizeof(buf), st, 20261127, "en");
    CU_ASSERT_STRING_EQUAL(buf, "27 November 2026");
    kz_format_date(buf, sizeof(buf), st, 20260231, "en");
    CU_ASSERT_STRING_EQUAL(buf, "");
    kz_format_date(buf, sizeof(buf), st, 20260101, "ru");
    CU_ASSERT_STRING_EQUAL(buf, "");
    kz_style_destroy(st);
}

/* ---------- styles ---------- */

static void expect_style_error(const char *from, const char *to,
                               const char *want)
{
    char *json = kz_test_slurp(kz_test_src("styles/default.json"), NULL), *bad;
    kz_style *st = NULL;
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    bad = replace(json, from, to);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
    rc = kz_style_load_string(&st, kz_test_ctx, bad, "styles/x.json");
    CU_ASSERT_EQUAL(rc, KZ_ESTYLE);
    CU_ASSERT_PTR_NULL(st);
    if (!strstr(kz_ctx_error(kz_test_ctx)->message, want))
        fprintf(stderr, "\nwanted \"%s\" in \"%s\"\n", want,
                kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message, want));
    free(bad);
    free(json);
}

static void test_style_errors(void)
{
    expect_style_error("\"good\": \"#b2e0a2\"", "\"good\": 5",
                       "styles/x.json: colors.condition.good: expected "
                       "\"#rrggbb\" string, got number");
    expect_style_error("\"sea\": \"#cfe3ef\"", "\"sea\": \"#cfe3e\"",
                       "colors.sea: expected \"#rrggbb\" string, got "
                       "string");
    expect_style_error("\"label_pt\": 6.5,", "",
                       "fonts.label_pt: expected number, missing");
    expect_style_error("\"languages\": [\n    \"az\",",
                       "\"languages\": [\n    \"ru\",",
                       "languages[0]: unknown language \"ru\"");
    expect_style_error("\"radii_mm\": [", "\"radii_mm\": [0.5, ",
                       "sizes.radii_mm: expected");
    expect_style_error("\"breaks_l_s\": [\n      0.5,\n      2",
                       "\"breaks_l_s\": [\n      0.5,\n      0.2",
                       "sizes.breaks_l_s[1]: expected a number greater");
    expect_style_error("\"Scale\"", "7", "catalog.scale.en: expected "
                                         "string, got number");
    expect_style_error("\"format\": \"two-lines\"", "\"format\": \"stacked\"",
                       "labels.format");
    expect_style_error("\"size\": \"A4\"", "\"size\": \"B7\"",
                       "page.size: unknown page size \"B7\"");
    expect_style_error("{", "{{", "styles/x.json:1: invalid JSON");
}

static void test_styles_load(void)
{
    kz_style *st = NULL, *mono = NULL;
    double w, h;

    st = load_default();
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&mono, kz_test_ctx,
                                        kz_test_src("styles/a3-mono.json")),
                          KZ_OK);
    kz_style_page_size(st, &w, &h);
    CU_ASSERT_DOUBLE_EQUAL(w, 210 * KZ_MM, 0.01);
    CU_ASSERT_DOUBLE_EQUAL(h, 297 * KZ_MM, 0.01);
    kz_style_page_size(mono, &w, &h);
    CU_ASSERT_DOUBLE_EQUAL(w, 420 * KZ_MM, 0.01); /* A3 landscape */
    CU_ASSERT_DOUBLE_EQUAL(h, 297 * KZ_MM, 0.01);
    CU_ASSERT_EQUAL(kz_style_language_count(st), 2);
    CU_ASSERT_STRING_EQUAL(kz_style_language(st, 0), "az");
    CU_ASSERT_STRING_EQUAL(kz_style_text(st, "scale", "az"), "Miqyas");
    CU_ASSERT_STRING_EQUAL(kz_style_text(st, "condition.collapsed", "az"),
                           "Uçmuş");
    CU_ASSERT_PTR_NULL(kz_style_text(st, "no.such.key", "en"));
    CU_ASSERT_EQUAL(kz_style_check_fonts(kz_test_ctx, st), KZ_OK);
    CU_ASSERT_NOT_EQUAL(mono->cond[KZ_COND_GOOD].shape,
                        mono->cond[KZ_COND_POOR].shape);
    kz_style_destroy(st);
    kz_style_destroy(mono);
    kz_style_destroy(NULL);
}

static void test_missing_font(void)
{
    char *json = kz_test_slurp(kz_test_src("styles/default.json"), NULL), *bad;
    kz_style *st = NULL;

    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    bad = replace(json, "\"Kahriz Sans, Noto Sans\"",
                  "\"Kahriz Nonexistent Grotesk\"");
    CU_ASSERT_EQUAL_FATAL(
        kz_style_load_string(&st, kz_test_ctx, bad, "font.json"), KZ_OK);
    CU_ASSERT_EQUAL(kz_style_check_fonts(kz_test_ctx, st), KZ_EFONT);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "\"Kahriz Nonexistent Grotesk\""));
    kz_style_destroy(st);
    free(bad);
    free(json);
}

/* ---------- scale bar and north ---------- */

static void test_scalebar_choose(void)
{
    CU_ASSERT_DOUBLE_EQUAL(kz__scalebar_choose(7.3), 5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(kz__scalebar_choose(19.99), 10, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(kz__scalebar_choose(20), 20, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(kz__scalebar_choose(1), 1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(kz__scalebar_choose(0.9), 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(kz__scalebar_choose(0.0123), 0.01, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(kz__scalebar_choose(450), 200, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(kz__scalebar_choose(0), 0, 0);
    CU_ASSERT_DOUBLE_EQUAL(kz__graticule_step(0.3), 0.1, 0);
    CU_ASSERT_DOUBLE_EQUAL(kz__graticule_step(1.5), 0.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(kz__graticule_step(3), 0.5, 0);
    CU_ASSERT_DOUBLE_EQUAL(kz__graticule_step(7), 1, 0);
}

/* A view of UTM 38N centred on lon/lat at 1 pt = 100 m. */
static void utm_view(kz_view *v, double lon, double lat)
{
    memset(v, 0, sizeof(*v));
    v->ctx = kz_test_ctx;
    CU_ASSERT_EQUAL_FATAL(
        kz__geo_transform(&v->fwd, kz_test_ctx, KZ_CRS_WGS84, "EPSG:32638"),
        KZ_OK);
    v->cx = lon;
    v->cy = lat;
    CU_ASSERT_EQUAL_FATAL(
        kz__geo_apply(kz_test_ctx, v->fwd, &v->cx, &v->cy, 1, PJ_FWD),
        KZ_OK);
    v->s = 0.01;
    v->w = 500;
    v->h = 700;
}

static void test_ground_distance(void)
{
    kz_view v;
    double mpp, k, north;
    const double d2r = M_PI / 180;

    /* on the central meridian (45 E) grid distances are 0.9996 of the
     * ground's */
    utm_view(&v, 45.0, 40.0);
    CU_ASSERT_EQUAL_FATAL(kz__view_ground_m_per_pt(&mpp, &v), KZ_OK);
    CU_ASSERT_DOUBLE_EQUAL(mpp, 100 / 0.9996, 100 * 2e-5);
    CU_ASSERT_EQUAL_FATAL(kz__view_north_deg(&north, &v), KZ_OK);
    CU_ASSERT_DOUBLE_EQUAL(north, 0, 0.01);

    /* 2.5 degrees east: k = k0 (1 + (dl cos phi)^2 / 2 ...) and grid north
     * turned from true north by the convergence dl sin phi */
    utm_view(&v, 47.5, 40.0);
    CU_ASSERT_EQUAL_FATAL(kz__view_ground_m_per_pt(&mpp, &v), KZ_OK);
    k = 0.9996 * (1 + pow(2.5 * d2r * cos(40 * d2r), 2) / 2);
    CU_ASSERT_DOUBLE_EQUAL(mpp, 100 / k, 100 * 1e-4);
    CU_ASSERT_EQUAL_FATAL(kz__view_north_deg(&north, &v), KZ_OK);
    CU_ASSERT_DOUBLE_EQUAL(north,
                           -atan(tan(2.5 * d2r) * sin(40 * d2r)) / d2r,
                           0.02);
}

/* ---------- rendering ---------- */

static const kz_condition all_cond[] = {KZ_COND_GOOD, KZ_COND_FAIR,
                                        KZ_COND_POOR, KZ_COND_DRY,
                                        KZ_COND_COLLAPSED};

static int overlaps(const double *a, const double *b)
{
    /* interiors overlap, with a hair of tolerance for rounding */
    return a[1] < b[3] - 1e-6 && b[1] < a[3] - 1e-6 && a[2] < b[4] - 1e-6 &&
           b[2] < a[4] - 1e-6;
}

static void test_label_collision(void)
{
    kz_survey *sv = make_survey("dense", 80, 60, all_cond, 5);
    kz_style *st = load_default();
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    kz_map_result res;
    kz_boxlog log = {kz_test_ctx, NULL, 0, 0};
    cairo_surface_t *s;
    cairo_t *cr;
    size_t i, j, labels = 0;
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 400);
    cr = cairo_create(s);
    o.kind = KZ_MAP_DISTRICT;
    o.code = "AZ-TST";
    o.frame_w = o.frame_h = 400;
    rc = kz__map_render_ex(&res, kz_test_ctx, cr, sv, NULL, st, &o, &log,
                           NULL);
    if (rc < 0)
        fprintf(stderr, "%s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    CU_ASSERT_EQUAL(res.kahrizes_drawn, 80);
    CU_ASSERT(res.labels_dropped > 0); /* the cluster cannot hold 60 */
    CU_ASSERT(res.labels_placed >= 15);
    for (i = 0; i < log.n; i++) {
        const double *a = log.b + 5 * i;
        if (a[0] != 1 && a[0] != 3)
            continue;
        labels++;
        for (j = 0; j < log.n; j++) {
            const double *b = log.b + 5 * j;
            if (j == i)
                continue;
            /* district names may sit over symbols, with their halo */
            if (a[0] == 3 && (b[0] == 0 || b[0] == 4))
                continue;
            if (overlaps(a, b))
                fprintf(stderr, "\nlabel %zu overlaps box %zu (kind %g)\n",
                        i, j, b[0]);
            CU_ASSERT_FALSE(overlaps(a, b));
        }
    }
    CU_ASSERT_EQUAL(labels, res.labels_placed);
    kz__free(kz_test_ctx, log.b);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}


static void test_legend_filter(void)
{
    /* dry (no water) on even rows, good on odd: 1.3 .. 11.3 l/s */
    static const kz_condition two[] = {KZ_COND_DRY, KZ_COND_GOOD};
    kz_survey *sv = make_survey("legend", 12, 0, two, 2);
    kz_style *st = load_default();
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    kz_map_result res;
    char path[600], cmd[800], *text;
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/legend.pdf", kz_test_tmpdir());
    o.kind = KZ_MAP_DISTRICT;
    o.code = "AZ-TST";
    CU_ASSERT_EQUAL_FATAL(
        kz_map_render_file(&res, kz_test_ctx, path, sv, NULL, st, &o),
        KZ_OK);
    CU_ASSERT_EQUAL(res.conditions,
                    (1u << KZ_COND_GOOD) | (1u << KZ_COND_DRY));
    /* 0 l/s (dry) and 0.3 + i % 13 for the good odd rows: 1.3 .. 11.3,
     * every size class (breaks 0.5, 2, 5, 10) but none unmeasured */
    for (i = 0; i <= st->n_sizes; i++)
        CU_ASSERT(res.sizes & (1u << i));
    CU_ASSERT_FALSE(res.sizes & (1u << 31));
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", path);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Yaxşı / Good"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Quru / Dry"));
    CU_ASSERT_PTR_NULL(strstr(text, "Kafi"));
    CU_ASSERT_PTR_NULL(strstr(text, "Collapsed"));
    CU_ASSERT_PTR_NULL(strstr(text, "Not assessed"));
    CU_ASSERT_PTR_NULL(strstr(text, "not measured"));
    free(text);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static void test_pdf_text_and_fonts(void)
{
    kz_survey *sv = make_survey("pdf", 10, 0, all_cond, 5);
    kz_style *st = load_default();
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    char path[600], cmd[800], *text, *fonts, *line;
    static const char *const letters[] = {"ə", "ğ", "ı", "İ", "ö",
                                          "ş", "ü", "ç", "Ə", "Ş"};
    size_t i;
    int n_fonts = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/letters.pdf", kz_test_tmpdir());
    o.kind = KZ_MAP_DISTRICT;
    o.code = "AZ-TST";
    o.date = 20261127;
    CU_ASSERT_EQUAL_FATAL(
        kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st, &o), KZ_OK);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' -", path);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    for (i = 0; i < sizeof(letters) / sizeof(letters[0]); i++) {
        if (!strstr(text, letters[i]))
            fprintf(stderr, "\nletter %s missing from the PDF text\n",
                    letters[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, letters[i]));
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Çölqışlaq kəhrizi"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Sınaq rayonu"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "27 noyabr 2026"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "27 November 2026"));
    /* the halos (Type 3 text) add nothing, not even U+FFFD */
    CU_ASSERT_PTR_NULL(strstr(text, "\xef\xbf\xbd"));
    free(text);

    snprintf(cmd, sizeof(cmd), "pdffonts '%s'", path);
    fonts = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fonts);
    /* name type encoding emb sub uni object ID: skip the two header
     * lines, then every font must be embedded and subset */
    line = strchr(fonts, '\n');
    line = line ? strchr(line + 1, '\n') : NULL;
    while (line && line[1]) {
        char name[256];
        line++;
        if (sscanf(line, "%255s", name) == 1) {
            /* emb and sub are the 4th and 3rd columns from the right */
            char *end = strchr(line, '\n'), tok[12][64];
            int nt = 0;
            char *p = line;
            if (end)
                *end = '\0';
            while (nt < 12 && sscanf(p, "%63s", tok[nt]) == 1) {
                p = strstr(p, tok[nt]) + strlen(tok[nt]);
                nt++;
            }
            CU_ASSERT_FATAL(nt >= 6);
            if (strcmp(name, "[none]") == 0 &&
                strcmp(tok[1], "Type") == 0 && strcmp(tok[2], "3") == 0) {
                /* the label halos: glyphs drawn in the file, no font */
                if (end)
                    *end = '\n';
                line = end;
                continue;
            }
            CU_ASSERT_STRING_EQUAL(tok[nt - 5], "yes"); /* emb */
            CU_ASSERT_STRING_EQUAL(tok[nt - 4], "yes"); /* sub */
            CU_ASSERT(strstr(name, "KahrizSans") != NULL ||
                      strstr(name, "NotoSans") != NULL);
            n_fonts++;
            if (end)
                *end = '\n';
            line = end;
        } else {
            line = strchr(line, '\n');
        }
    }
    CU_ASSERT(n_fonts >= 1);
    free(fonts);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

/* Compare ARGB32 surfaces: channels within tol; at most budget pixels
 * off.  Writes a diff image (red where different) on failure. */
static long image_diff(cairo_surface_t *a, cairo_surface_t *b, int tol,
                       cairo_surface_t **diff)
{
    int w = cairo_image_surface_get_width(a),
        h = cairo_image_surface_get_height(a), x, y, c;
    long bad = 0;
    unsigned char *pa, *pb, *pd;
    int sa, sb, sd;

    if (w != cairo_image_surface_get_width(b) ||
        h != cairo_image_surface_get_height(b))
        return -1;
    *diff = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    pa = cairo_image_surface_get_data(a);
    pb = cairo_image_surface_get_data(b);
    pd = cairo_image_surface_get_data(*diff);
    sa = cairo_image_surface_get_stride(a);
    sb = cairo_image_surface_get_stride(b);
    sd = cairo_image_surface_get_stride(*diff);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            unsigned char *qa = pa + y * sa + 4 * x, *qb = pb + y * sb + 4 * x,
                          *qd = pd + y * sd + 4 * x;
            int off = 0;
            for (c = 0; c < 4; c++)
                off |= abs(qa[c] - qb[c]) > tol;
            bad += off;
            qd[0] = off ? 0 : qa[0] / 4 + 191; /* B */
            qd[1] = off ? 0 : qa[1] / 4 + 191; /* G */
            qd[2] = off ? 255 : qa[2] / 4 + 191; /* R */
            qd[3] = 255;
        }
    cairo_surface_mark_dirty(*diff);
    return bad;
}

/* Symbols wholly under others are left out, and the picture does not
 * change: the same page with keep_hidden draws every one. */
static void test_hidden_symbols(void)
{
    kz_survey *sv = make_survey("hidden", 400, 380, all_cond, 5);
    kz_style *st = load_default();
    kz_map_result res[2];
    cairo_surface_t *img[2], *diff = NULL;
    long bad;
    int k;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    for (k = 0; k < 2; k++) {
        kz_map_options o = KZ_MAP_OPTIONS_INIT;
        cairo_t *cr;
        img[k] = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 500, 500);
        cr = cairo_create(img[k]);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        o.kind = KZ_MAP_DISTRICT;
        o.code = "AZ-TST";
        o.frame_w = o.frame_h = 500;
        o.keep_hidden = k;
        CU_ASSERT_EQUAL(kz_map_render(&res[k], kz_test_ctx, cr, sv, NULL, st,
                                      &o),
                        KZ_OK);
        cairo_destroy(cr);
    }
    CU_ASSERT(res[0].symbols_hidden > 0);
    CU_ASSERT_EQUAL(res[1].symbols_hidden, 0);
    CU_ASSERT_EQUAL(res[0].kahrizes_drawn, 400);
    CU_ASSERT_EQUAL(res[1].kahrizes_drawn, 400);
    CU_ASSERT_EQUAL(res[0].labels_placed, res[1].labels_placed);
    bad = image_diff(img[0], img[1], 48, &diff);
    if (bad != 0)
        fprintf(stderr, "\n%ld pixels differ with hidden symbols left out "
                        "(%zu hidden)\n",
                bad, res[0].symbols_hidden);
    CU_ASSERT(bad >= 0 && bad <= 20);
    if (diff)
        cairo_surface_destroy(diff);
    cairo_surface_destroy(img[0]);
    cairo_surface_destroy(img[1]);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

/* A family list falls back to the next installed family; a fonts
 * directory (Kahriz Sans, made at build time) is then preferred, embedded,
 * and keeps the text exactly as Noto Sans sets it. */
static void test_font_dirs(void)
{
    char *json = kz_test_slurp(kz_test_src("styles/default.json"), NULL), *alt;
    kz_survey *sv = make_survey("fontdir", 10, 0, all_cond, 5);
    kz_style *st = NULL;
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    char path[600], cmd[800], *fonts, *text, *before;

    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    alt = replace(json, "\"Kahriz Sans, Noto Sans\"",
                  "\"Kahriz Nonexistent Grotesk, Noto Sans\"");
    CU_ASSERT_EQUAL_FATAL(
        kz_style_load_string(&st, kz_test_ctx, alt, "alt.json"), KZ_OK);
    CU_ASSERT_EQUAL(kz_style_check_fonts(kz_test_ctx, st), KZ_OK);
    kz_style_destroy(st);
    st = NULL;

    CU_ASSERT_EQUAL(kz_fonts_add_dir(kz_test_ctx, "/nonexistent/kz-fonts"),
                    KZ_EFONT);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "/nonexistent/kz-fonts"));

    /* the same page before and after the fonts directory is added */
    st = load_default();
    o.kind = KZ_MAP_DISTRICT;
    o.code = "AZ-TST";
    o.date = 20261127;
    snprintf(path, sizeof(path), "%s/fontdir-a.pdf", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(
        kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st, &o), KZ_OK);
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", path);
    before = kz_test_output(cmd);
    CU_ASSERT_EQUAL_FATAL(
        kz_fonts_add_dir(kz_test_ctx, KZ_BINARY_DIR "/fonts"), KZ_OK);
    CU_ASSERT_EQUAL(kz_style_check_fonts(kz_test_ctx, st), KZ_OK);
    snprintf(path, sizeof(path), "%s/fontdir-b.pdf", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(
        kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st, &o), KZ_OK);
    snprintf(cmd, sizeof(cmd), "pdffonts '%s'", path);
    fonts = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fonts);
    CU_ASSERT_PTR_NOT_NULL(strstr(fonts, "KahrizSans-Regular"));
    CU_ASSERT_PTR_NULL(strstr(fonts, "NotoSans"));
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", path);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(before);
    CU_ASSERT_STRING_EQUAL(text, before); /* same metrics, same layout */
    free(before);
    free(text);
    free(fonts);
    free(alt);
    free(json);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static void test_render_file_errors(void)
{
    kz_survey *sv = make_survey("errors", 3, 0, all_cond, 5);
    kz_style *st = load_default();
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    char path[600];
    struct stat sb;

    snprintf(path, sizeof(path), "%s/map.tiff", kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st,
                                       &o),
                    KZ_EINVAL);
    snprintf(path, sizeof(path), "%s/no/such/dir/map.pdf", kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st,
                                       &o),
                    KZ_EEXPORT);
    /* an unknown district fails before anything is left behind */
    snprintf(path, sizeof(path), "%s/unknown.pdf", kz_test_tmpdir());
    o.kind = KZ_MAP_DISTRICT;
    o.code = "AZ-XXX";
    CU_ASSERT_EQUAL(kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st,
                                       &o),
                    KZ_ENOTFOUND);
    CU_ASSERT_NOT_EQUAL(stat(path, &sb), 0);
    {
        char cmd[700], *ls;
        snprintf(cmd, sizeof(cmd), "ls '%s'", kz_test_tmpdir());
        ls = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ls);
        CU_ASSERT_PTR_NULL(strstr(ls, ".tmp")); /* no temporary left */
        free(ls);
    }
    /* every output format */
    o.code = "AZ-TST";
    snprintf(path, sizeof(path), "%s/map.svg", kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st,
                                       &o),
                    KZ_OK);
    CU_ASSERT_EQUAL(stat(path, &sb), 0);
    snprintf(path, sizeof(path), "%s/map.png", kz_test_tmpdir());
    o.dpi = 40;
    CU_ASSERT_EQUAL(kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st,
                                       &o),
                    KZ_OK);
    CU_ASSERT_EQUAL(stat(path, &sb), 0);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

/* The map on a caller's surface: options of another version, a district
 * map without a code and a frame too small are refused with their
 * reason; with no frame given the map fills the surface's clip. */
static void test_map_on_a_surface(void)
{
    kz_survey *sv = make_survey("surface", 5, 0, all_cond, 5);
    kz_style *st = load_default();
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    kz_map_result res;
    cairo_surface_t *s;
    cairo_t *cr;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 420, 600);
    cr = cairo_create(s);
    o.version = KZ_MAP_OPTIONS_VERSION + 1;
    CU_ASSERT_EQUAL(kz_map_render(&res, kz_test_ctx, cr, sv, NULL, st, &o),
                    KZ_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(kz_ctx_error(kz_test_ctx)->message, "kz_map_options version"));
    o.version = 1;
    CU_ASSERT_EQUAL(kz_map_render(&res, kz_test_ctx, cr, sv, NULL, st, &o),
                    KZ_EINVAL);
    /* a version 2 caller's struct ends before synthetic: still drawn */
    {
        /* exactly its size, so that the sanitizer build sees a read
         * beyond it */
        size_t n2 = offsetof(kz_map_options, synthetic);
        kz_map_options o2 = KZ_MAP_OPTIONS_INIT, *v2 = malloc(n2);
        CU_ASSERT_PTR_NOT_NULL_FATAL(v2);
        o2.version = 2;
        memcpy(v2, &o2, n2);
        CU_ASSERT_EQUAL(kz_map_render(&res, kz_test_ctx, cr, sv, NULL, st,
                                      v2),
                        KZ_OK);
        free(v2);
    }
    o.version = KZ_MAP_OPTIONS_VERSION;
    o.kind = KZ_MAP_DISTRICT;
    CU_ASSERT_EQUAL(kz_map_render(&res, kz_test_ctx, cr, sv, NULL, st, &o),
                    KZ_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(kz_ctx_error(kz_test_ctx)->message, "needs a code"));
    o.code = "AZ-TST";
    o.frame_w = o.frame_h = 60;
    CU_ASSERT_EQUAL(kz_map_render(&res, kz_test_ctx, cr, sv, NULL, st, &o),
                    KZ_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(kz_ctx_error(kz_test_ctx)->message, "is too small"));
    /* no frame: the clip, 20 pt in from every edge */
    o.frame_w = o.frame_h = 0;
    cairo_rectangle(cr, 20, 20, 380, 560);
    cairo_clip(cr);
    CU_ASSERT_EQUAL(kz_map_render(&res, kz_test_ctx, cr, sv, NULL, st, &o),
                    KZ_OK);
    CU_ASSERT_EQUAL(res.kahrizes_drawn, 5);
    CU_ASSERT(res.frame[0] >= 20 && res.frame[1] >= 20);
    CU_ASSERT(res.frame[0] + res.frame[2] <= 400 &&
              res.frame[1] + res.frame[3] <= 580);
    CU_ASSERT(res.frame[2] > 300 && res.frame[3] > 300);
    cairo_destroy(cr);
    cairo_surface_destroy(s);

    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static void test_basemap(void)
{
    kz_basemap *bm = NULL;
    size_t i;
    int iran = 0;

    CU_ASSERT_EQUAL_FATAL(
        kz_basemap_load(&bm, kz_test_ctx,
                        kz_test_src("data/neighbours.geojson"),
                        kz_test_src("data/sea.geojson")),
        KZ_OK);
    CU_ASSERT(bm->n_neighbours >= 4);
    CU_ASSERT(bm->n_sea >= 1);
    for (i = 0; i < bm->n_neighbours; i++)
        iran |= strcmp(bm->neighbours[i].name_az, "İran") == 0;
    CU_ASSERT(iran);
    kz_basemap_destroy(bm);
    CU_ASSERT_EQUAL(kz_basemap_load(&bm, kz_test_ctx, "/nonexistent.geojson",
                                    NULL),
                    KZ_EINPUT);
    CU_ASSERT_PTR_NULL(bm);
}

/* fontconfig's cache lives until exit by design: the same list as
 * tests/lsan.supp, so that ctest needs no environment. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libpangoft2-1.0.so\n"
           "leak:libpangocairo-1.0.so\n";
}

static const kz_test_case cases[] = {
    {"map on a caller's surface: refusals, the clip",
     test_map_on_a_surface},
    {"number format", test_number_format},
    {"date format", test_date_format},
    {"style errors name the JSON path", test_style_errors},
    {"styles load", test_styles_load},
    {"missing font", test_missing_font},
    {"scale bar choice", test_scalebar_choose},
    {"ground distance and north", test_ground_distance},
    {"label collision", test_label_collision},
    {"legend filter", test_legend_filter},
    {"pdf text and fonts", test_pdf_text_and_fonts},
    {"hidden symbols", test_hidden_symbols},
    {"render file errors", test_render_file_errors},
    {"basemap", test_basemap},
    {"font directories (last: they stay added)", test_font_dirs},
    KZ_TEST_END};

int main(void)
{
    kz_test_add_suite("render", cases);
    return kz_test_run();
}
