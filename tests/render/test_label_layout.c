/*
 * test_label_layout.c - labels read back from rendered maps: on the
 * national map every district with kahrizes is named, the city of Gəncə
 * among them (other cities are left off there, so Şəki is named once, for
 * its rayon); on the Nakhchivan
 * region map every unit of the region is named; on every map no word
 * overlaps another (labels, furniture text, tick labels) and none
 * crosses or touches the neatline.  Words and their boxes come from
 * poppler (pdftotext -bbox-layout); the glyphs of names set along a line
 * (rivers), which poppler breaks into pieces, from pdfminer
 * (tests/common/pdf_glyphs.py), and they too must keep off every other
 * word and inside the frame; the map frame from the page's
 * geospatial viewport read by qpdf, the districts with kahrizes from
 * `stats` (the aggregate module, not the renderer).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 4000

typedef struct word {
    double x0, y0, x1, y1;
    char text[64];
} word;

/* The map `what` into name, which must succeed; its path (static). */
static char *render(const char *name, const char *what)
{
    static char path[700];
    char args[1200];

    snprintf(path, sizeof(path), "%s/%s", kz_test_tmpdir(), name);
    snprintf(args, sizeof(args), "map %s -q -o '%s'", what, path);
    kz_test_cli_ok(args);
    return path;
}

/* The words of page 1 and the page height; returns the count. */
static size_t read_words(const char *pdf, word *w, size_t cap, double *page_h)
{
    char cmd[900], *xml, *p;
    size_t n = 0;

    snprintf(cmd, sizeof(cmd), "pdftotext -q -bbox-layout '%s' -", pdf);
    xml = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    p = strstr(xml, "<page ");
    CU_ASSERT_FATAL(p && sscanf(p, "<page width=\"%*f\" height=\"%lf\"",
                                page_h) == 1);
    for (; (p = strstr(p, "<word ")) != NULL && n < cap; p++) {
        const char *gt = strchr(p, '>'), *end = strstr(p, "</word>");
        size_t len;
        if (!gt || !end ||
            sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" "
                      "yMax=\"%lf\"",
                   &w[n].x0, &w[n].y0, &w[n].x1, &w[n].y1) != 4)
            continue;
        len = (size_t)(end - gt - 1);
        if (len >= sizeof(w[n].text))
            len = sizeof(w[n].text) - 1;
        memcpy(w[n].text, gt + 1, len);
        w[n].text[len] = '\0';
        n++;
    }
    free(xml);
    return n;
}

/* The map frame: the BBox of the page's geospatial viewport (PDF units,
 * y up), turned to poppler's y-down page coordinates. */
static void read_frame(const char *pdf, double page_h, double f[4])
{
    char *obj = kz_test_pdf_objects(pdf, NULL), *p;
    double x0, y0, x1, y1;

    CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
    p = strstr(obj, "/VP");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    p = strstr(p, "/BBox");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    p = strchr(p, '[');
    CU_ASSERT_FATAL(p && sscanf(p + 1, "%lf %lf %lf %lf", &x0, &y0, &x1,
                                &y1) == 4);
    f[0] = x0;
    f[1] = page_h - y1;
    f[2] = x1;
    f[3] = page_h - y0;
    free(obj);
}

/* Glyphs of page 1 set at an angle (names along a line): boxes, y down,
 * and the character of each. */
static size_t read_turned(const char *pdf, word *g, size_t cap)
{
    char cmd[900], *out, *line, *save = NULL, ch[16];
    size_t n = 0;
    int pg;

    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' turned '%s'",
             kz_test_src("tests/common/pdf_glyphs.py"), pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    for (line = strtok_r(out, "\n", &save); line && n < cap;
         line = strtok_r(NULL, "\n", &save))
        if (sscanf(line, "%d %lf %lf %lf %lf %15s", &pg, &g[n].x0,
                   &g[n].y0, &g[n].x1, &g[n].y1, ch) == 6 &&
            pg == 1) {
            snprintf(g[n].text, sizeof(g[n].text), "%s", ch);
            n++;
        }
    free(out);
    return n;
}

/* Overlap by more than tol in both directions. */
static int boxes_overlap(const word *a, const word *b, double tol)
{
    return a->x0 < b->x1 - tol && b->x0 < a->x1 - tol &&
           a->y0 < b->y1 - tol && b->y0 < a->y1 - tol;
}

/* Whether poppler's word w is a piece of a turned name: each of its
 * letters is a turned glyph of that letter touching the word's box. */
static int turned_piece(const word *w, const word *g, size_t ng)
{
    const unsigned char *p = (const unsigned char *)w->text;
    size_t j;

    if (!*p)
        return 0;
    while (*p) {
        size_t len = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
        for (j = 0; j < ng; j++)
            if (boxes_overlap(w, &g[j], -1.0) &&
                strlen(g[j].text) == len &&
                memcmp(g[j].text, p, len) == 0)
                break;
        if (j == ng)
            return 0;
        p += len;
    }
    return 1;
}

/*
 * No two words overlap and no word crosses the frame or lies inside it
 * within 0.5 pt of the neatline.  A word box spans the font's ascent and
 * descent (1.362 em in Noto Sans) and two lines of a label touch: boxes
 * are taken 0.15 em in from top and bottom, near the letters' ink.
 */
static void check_layout(const char *pdf)
{
    static word w[MAX_WORDS], g[MAX_WORDS];
    double page_h, f[4];
    size_t n, ng, i, j, k;
    int bad = 0;

    if (!pdf)
        return;
    n = read_words(pdf, w, MAX_WORDS, &page_h);
    read_frame(pdf, page_h, f);
    CU_ASSERT(n > 20);
    /* poppler's pieces of turned names (words that touch turned glyphs
     * and are made of their letters, "Kü" of "Kür / Kura") give way to
     * pdfminer's glyphs; a word of its own that runs into one stays and
     * is caught below */
    ng = read_turned(pdf, g, MAX_WORDS);
    for (i = k = 0; i < n; i++)
        if (!turned_piece(&w[i], g, ng))
            w[k++] = w[i];
    n = k;
    for (i = 0; i < n; i++) {
        double em = (w[i].y1 - w[i].y0) / 1.362;
        w[i].y0 += 0.15 * em;
        w[i].y1 -= 0.15 * em;
    }
    for (i = 0; i < n; i++) {
        int inside = w[i].x0 >= f[0] && w[i].x1 <= f[2] &&
                     w[i].y0 >= f[1] && w[i].y1 <= f[3];
        int outside = w[i].x1 <= f[0] || w[i].x0 >= f[2] ||
                      w[i].y1 <= f[1] || w[i].y0 >= f[3];
        if ((!inside && !outside) ||
            (inside && (w[i].x0 - f[0] < 0.5 || f[2] - w[i].x1 < 0.5 ||
                        w[i].y0 - f[1] < 0.5 || f[3] - w[i].y1 < 0.5))) {
            if (bad++ < 10)
                fprintf(stderr, "\n%s: \"%s\" on the neatline", pdf,
                        w[i].text);
        }
        for (j = i + 1; j < n; j++) {
            double ox = (w[i].x1 < w[j].x1 ? w[i].x1 : w[j].x1) -
                        (w[i].x0 > w[j].x0 ? w[i].x0 : w[j].x0);
            double oy = (w[i].y1 < w[j].y1 ? w[i].y1 : w[j].y1) -
                        (w[i].y0 > w[j].y0 ? w[i].y0 : w[j].y0);
            if (ox > 0.1 && oy > 0.1 && bad++ < 10)
                fprintf(stderr, "\n%s: \"%s\" over \"%s\" (%.1f x %.1f)",
                        pdf, w[i].text, w[j].text, ox, oy);
        }
    }
    for (j = 0; j < ng; j++) {
        if (g[j].x0 < f[0] + 0.5 || g[j].x1 > f[2] - 0.5 ||
            g[j].y0 < f[1] + 0.5 || g[j].y1 > f[3] - 0.5) {
            if (bad++ < 10)
                fprintf(stderr, "\n%s: a turned glyph on the neatline", pdf);
        }
        for (i = 0; i < n; i++)
            if (boxes_overlap(&w[i], &g[j], 0.1) && bad++ < 10)
                fprintf(stderr, "\n%s: a turned glyph over \"%s\"", pdf,
                        w[i].text);
    }
    CU_ASSERT_EQUAL(bad, 0);
}

/* How many words of the map are exactly s. */
static int count_word(const char *pdf, const char *s)
{
    static word w[MAX_WORDS];
    double page_h;
    size_t n = read_words(pdf, w, MAX_WORDS, &page_h), i;
    int c = 0;
    for (i = 0; i < n; i++)
        c += strcmp(w[i].text, s) == 0;
    return c;
}

static void test_national(void)
{
    char *pdf = render("national.pdf", "--national"), *csv, *line;
    int named = 0;

    check_layout(pdf);
    csv = kz_test_cli_out(0, "stats -q --format csv");
    /* code,name_az,name_en,region,area_km2,kahrizes,... */
    for (line = strtok(csv, "\n"); line; line = strtok(NULL, "\n")) {
        char code[32], name[128];
        long k;
        if (sscanf(line, "%31[^,],%127[^,],%*[^,],%*[^,],%*[^,],%ld", code,
                   name, &k) != 3 ||
            k <= 0 || strcmp(code, "TOTAL") == 0)
            continue;
        if (count_word(pdf, name) < 1)
            fprintf(stderr, "\n%s (%ld kahrizes) not named", name, k);
        CU_ASSERT(count_word(pdf, name) >= 1);
        named++;
    }
    free(csv);
    CU_ASSERT(named >= 20);
    /* Şəki the rayon, not again for Şəki the city */
    CU_ASSERT_EQUAL(count_word(pdf, "Şəki"), 1);
    /* a city with kahrizes is named all the same, once */
    CU_ASSERT_EQUAL(count_word(pdf, "Gəncə"), 1);
    /* the sea of data/sea.geojson, named after the countries */
    CU_ASSERT_EQUAL(count_word(pdf, "Caspian"), 1);
    CU_ASSERT_EQUAL(count_word(pdf, "Xəzər"), 1);
}

static void test_region(void)
{
    /* the Nakhchivan Economic Region (decree of 7 July 2021) */
    static const char *const units[] = {"Naxçıvan", "Babək",  "Culfa",
                                        "Kəngərli", "Ordubad", "Sədərək",
                                        "Şahbuz",   "Şərur"};
    char *pdf = render("nakhchivan.pdf", "--region NAKHCHIVAN");
    size_t i;

    check_layout(pdf);
    for (i = 0; i < sizeof(units) / sizeof(*units); i++) {
        if (count_word(pdf, units[i]) < 1)
            fprintf(stderr, "\n%s not named", units[i]);
        CU_ASSERT(count_word(pdf, units[i]) >= 1);
    }
}

static void test_districts(void)
{
    static const char *const codes[] = {"AZ-ORD", "AZ-GA", "AZ-SKR",
                                        "AZ-FUZ"};
    size_t i;
    for (i = 0; i < sizeof(codes) / sizeof(*codes); i++) {
        char what[64], name[64];
        snprintf(what, sizeof(what), "--district %s", codes[i]);
        snprintf(name, sizeof(name), "%s.pdf", codes[i]);
        check_layout(render(name, what));
    }
}

static const kz_test_case cases[] = {
    {"national map: districts with kahrizes named, no overlap",
     test_national},
    {"region map: every district named, no overlap", test_region},
    {"district maps: no label overlaps or touches the neatline",
     test_districts},
    KZ_TEST_END};

KZ_TEST_SUITE("label_layout", cases);
