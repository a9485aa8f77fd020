/*
 * test_district_names.c - every district of a region map is named, also
 * where its name finds no room in it: a region of one large district and
 * nine small ones packed in a 3 x 3 block, drawn on an A4 PDF.  At the
 * default size the small districts' names crowd each other and some go
 * out on leader lines; with the district names set at 30 pt even leaders
 * find no room and districts are numbered, the numbers keyed in a list on
 * the map.  Read back with pdftotext -bbox: every name in both languages
 * inside the map frame, no two words overlapping; the page's box log says
 * which of the two ways was taken.  And every region map of the bundled
 * survey (`map --region`, all fourteen economic regions) names each of the
 * region's districts in its frame.
 */
#include "kztest.h"

#include "map/map.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define N_SMALL 9

static const char *const names[N_SMALL + 1][2] = {
    {"Böyük", "Boyuk"},         {"Birinci", "Birinji"},
    {"İkinci", "Ikinji"},       {"Üçüncü", "Uchunju"},
    {"Dördüncü", "Dorduncu"},   {"Beşinci", "Beshinji"},
    {"Altıncı", "Altinji"},     {"Yeddinci", "Yeddinji"},
    {"Səkkizinci", "Sakkizinji"}, {"Doqquzuncu", "Dogguzunju"}};

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

/* AZ-D0 45.00-45.30 E, 39.00-39.30 N; AZ-D1..D9 0.012 degrees square
 * from 45.40 E, 39.40 N, three to a row; all in region R1. */
static kz_survey *region(void)
{
    char dir[512], kpath[600], dpath[600], apath[600], spath[600];
    char geo[8192];
    size_t len;
    kz_sources src = KZ_SOURCES_INIT;
    int i;

    snprintf(dir, sizeof(dir), "%s/names", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(kpath, sizeof(kpath), "%s/kahrizes.csv", dir);
    snprintf(apath, sizeof(apath), "%s/assessments.csv", dir);
    snprintf(spath, sizeof(spath), "%s/shafts.csv", dir);
    snprintf(dpath, sizeof(dpath), "%s/districts.geojson", dir);
    len = (size_t)snprintf(geo, sizeof(geo),
                           "{\"type\":\"FeatureCollection\",\"features\":[");
    for (i = 0; i <= N_SMALL; i++) {
        double x0 = i ? 45.40 + 0.012 * ((i - 1) % 3) : 45.0;
        double y0 = i ? 39.40 + 0.012 * ((i - 1) / 3) : 39.0;
        double d = i ? 0.012 : 0.3;
        len += (size_t)snprintf(
            geo + len, sizeof(geo) - len,
            "%s{\"type\":\"Feature\",\"properties\":{\"code\":\"AZ-D%d\","
            "\"name_az\":\"%s\",\"name_en\":\"%s\",\"name_alt\":\"\","
            "\"type\":\"district\",\"region_code\":\"R1\",\"region_az\":"
            "\"Bölgə\",\"region_en\":\"Bolga\"},\"geometry\":{\"type\":"
            "\"Polygon\",\"coordinates\":[[[%.3f,%.3f],[%.3f,%.3f],[%.3f,"
            "%.3f],[%.3f,%.3f],[%.3f,%.3f]]]}}",
            i ? "," : "", i, names[i][0], names[i][1], x0, y0, x0 + d, y0,
            x0 + d, y0 + d, x0, y0 + d, x0, y0);
        CU_ASSERT_FATAL(len < sizeof(geo));
    }
    snprintf(geo + len, sizeof(geo) - len, "]}");
    write_file(dpath, geo);
    write_file(apath, KZ_TEST_ASSESSMENT_HEADER
               "KZ-1,2024-05-01,3.5,good,yes,20,3,0,none,,,,\n");
    write_file(spath, "kahriz_id,seq,x,y,crs,depth_m\n");
    write_file(kpath, KZ_TEST_KAHRIZ_HEADER
               "KZ-1,Bir kəhriz,,AZ-D0,,,45.15,39.15,EPSG:4326,,,800,8,"
               "10,1900,icma,\n");
    src.kahrizes = kpath;
    src.assessments = apath;
    src.shafts = spath;
    src.districts = dpath;
    return kz_test_load(&src);
}

typedef struct word {
    double x0, y0, x1, y1;
    char text[64];
} word;

/* The words of a one-page PDF (pdftotext -bbox); *n receives their
 * number.  Caller frees. */
static word *words_of(const char *pdf, size_t *n)
{
    char cmd[800], *xml, *p;
    word *w = NULL;
    size_t cap = 0;

    *n = 0;
    snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 -bbox '%s' -", pdf);
    xml = kz_test_output(cmd);
    if (!xml)
        return NULL;
    for (p = strstr(xml, "<word "); p; p = strstr(p + 1, "<word ")) {
        const char *gt = strchr(p, '>'), *end = gt ? strstr(gt, "<") : NULL;
        size_t len;
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            w = realloc(w, cap * sizeof(*w));
        }
        if (!end || sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" "
                              "yMax=\"%lf\"",
                           &w[*n].x0, &w[*n].y0, &w[*n].x1, &w[*n].y1) != 4)
            continue;
        len = (size_t)(end - gt - 1);
        if (len >= sizeof(w[*n].text))
            len = sizeof(w[*n].text) - 1;
        memcpy(w[*n].text, gt + 1, len);
        w[*n].text[len] = '\0';
        (*n)++;
    }
    free(xml);
    return w;
}

/* Render the region to pdf with style st; count the log's entries of
 * kind 5 (leaders) and 6 (numbered list).  Then check the page. */
static void check_region(const char *style_json, const char *name,
                         size_t *leaders, size_t *lists)
{
    const double fx = 34, fy = 60, fw = 527, fh = 740;
    kz_survey *sv = region();
    kz_style *st = NULL;
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    kz_boxlog log = {kz_test_ctx, NULL, 0, 0};
    cairo_surface_t *surf;
    cairo_t *cr;
    char pdf[600];
    word *w;
    size_t n, i, j;
    int rc, k;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(
        kz_style_load_string(&st, kz_test_ctx, style_json, "style.json"),
        KZ_OK);
    snprintf(pdf, sizeof(pdf), "%s/names/%s.pdf", kz_test_tmpdir(), name);
    surf = cairo_pdf_surface_create(pdf, 595.28, 841.89);
    cr = cairo_create(surf);
    o.kind = KZ_MAP_REGION;
    o.code = "R1";
    o.frame_x = fx;
    o.frame_y = fy;
    o.frame_w = fw;
    o.frame_h = fh;
    rc = kz__map_render_ex(NULL, kz_test_ctx, cr, sv, NULL, st, &o, &log,
                           NULL);
    if (rc < 0)
        fprintf(stderr, "\n%s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL(rc, KZ_OK);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cairo_surface_destroy(surf);
    *leaders = *lists = 0;
    for (i = 0; i < log.n; i++) {
        *leaders += log.b[5 * i] == 5;
        *lists += log.b[5 * i] == 6;
    }
    free(log.b);

    w = words_of(pdf, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    for (k = 0; k <= N_SMALL; k++) {
        int lang;
        for (lang = 0; lang < 2; lang++) {
            int found = 0;
            for (i = 0; i < n && !found; i++)
                found = strcmp(w[i].text, names[k][lang]) == 0 &&
                        w[i].x0 >= fx && w[i].x1 <= fx + fw &&
                        w[i].y0 >= fy && w[i].y1 <= fy + fh;
            if (!found)
                fprintf(stderr, "\n%s: \"%s\" not on the map", name,
                        names[k][lang]);
            CU_ASSERT(found);
        }
    }
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++) {
            double ox = (w[i].x1 < w[j].x1 ? w[i].x1 : w[j].x1) -
                        (w[i].x0 > w[j].x0 ? w[i].x0 : w[j].x0);
            double oy = (w[i].y1 < w[j].y1 ? w[i].y1 : w[j].y1) -
                        (w[i].y0 > w[j].y0 ? w[i].y0 : w[j].y0);
            if (ox > 0.5 && oy > 0.5) {
                fprintf(stderr, "\n%s: \"%s\" and \"%s\" overlap", name,
                        w[i].text, w[j].text);
                CU_FAIL("words overlap");
            }
        }
    free(w);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

/* The default style with from replaced by to. */
static char *style_with(const char *from, const char *to)
{
    char *json = kz_test_slurp(kz_test_src("styles/default.json"), NULL);
    char *p, *out;
    if (!json || !(p = strstr(json, from))) {
        free(json);
        return NULL;
    }
    out = malloc(strlen(json) + strlen(to) + 1);
    memcpy(out, json, (size_t)(p - json));
    strcpy(out + (p - json), to);
    strcat(out, p + strlen(from));
    free(json);
    return out;
}

static void test_leaders(void)
{
    char *json = kz_test_slurp(kz_test_src("styles/default.json"), NULL);
    size_t leaders, lists;
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    check_region(json, "leaders", &leaders, &lists);
    CU_ASSERT(leaders >= 5);
    free(json);
}

static void test_numbered_list(void)
{
    char *json = style_with("\"district_pt\": 7.5", "\"district_pt\": 30");
    size_t leaders, lists;
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    check_region(json, "numbers", &leaders, &lists);
    CU_ASSERT_EQUAL(lists, 1);
    free(json);
}

/* Whether the word text lies wholly in the frame (x, y, w, h). */
static int word_in(const word *w, size_t n, const char *text,
                   const double *f)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(w[i].text, text) == 0 && w[i].x0 >= f[0] - 0.5 &&
            w[i].x1 <= f[0] + f[2] + 0.5 && w[i].y0 >= f[1] - 0.5 &&
            w[i].y1 <= f[1] + f[3] + 0.5)
            return 1;
    return 0;
}

static void test_bundled_regions(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv;
    kz_basemap *bm = NULL;
    kz_style *st = NULL;
    const char *done[32];
    size_t nd, i, j, n_done = 0;

    kz_test_bundled_sources(&src);
    sv = kz_test_load(&src);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    bm = kz_test_bundled_basemap(0);
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    nd = kz_survey_district_count(sv);
    for (i = 0; i < nd; i++) {
        const char *code = kz_survey_district(sv, i)->region_code;
        kz_map_options o = KZ_MAP_OPTIONS_INIT;
        kz_map_result res;
        char pdf[600];
        word *w;
        size_t n;
        for (j = 0; j < n_done && strcmp(done[j], code) != 0; j++)
            ;
        if (j < n_done || n_done == 32)
            continue;
        done[n_done++] = code;
        snprintf(pdf, sizeof(pdf), "%s/names/region-%s.pdf",
                 kz_test_tmpdir(), code);
        o.kind = KZ_MAP_REGION;
        o.code = code;
        CU_ASSERT_EQUAL_FATAL(
            kz_map_render_file(&res, kz_test_ctx, pdf, sv, bm, st, &o),
            KZ_OK);
        w = words_of(pdf, &n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(w);
        for (j = 0; j < nd; j++) {
            const kz_district *dj = kz_survey_district(sv, j);
            int az, en;
            if (strcmp(dj->region_code, code) != 0)
                continue;
            az = word_in(w, n, dj->name_az, res.frame);
            en = word_in(w, n, dj->name_en, res.frame);
            if (!az || !en)
                fprintf(stderr, "\n%s: %s / %s not named in the frame",
                        code, dj->name_az, dj->name_en);
            CU_ASSERT(az && en);
        }
        free(w);
    }
    CU_ASSERT_EQUAL(n_done, 14);
    kz_style_destroy(st);
    kz_basemap_destroy(bm);
    kz_survey_destroy(sv);
}

static const kz_test_case cases[] = {
    {"crowded small districts named on leader lines", test_leaders},
    {"districts without room numbered and keyed", test_numbered_list},
    {"every bundled region map names all its districts",
     test_bundled_regions},
    KZ_TEST_END};

KZ_TEST_SUITE("district names", cases);
