/*
 * test_press.c - build --press as a print shop's preflight reads it: page
 * boxes (pdfinfo), PDF/X-4 and its output intent (poppler, qpdf), no RGB
 * left anywhere (qpdf's uncompressed objects, pdfimages), black text in
 * black ink alone and the condition classes within delta E 2000 < 5 of
 * the screen page (Ghostscript renders the CMYK page, littleCMS reads it
 * back through the profile: tests/finish/press_check.py).
 */
#include "kztest.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python3"
#define EPOCH "SOURCE_DATE_EPOCH=1700000000"
#define SECTIONS "--sections cover,contents,intro"

/* 3 mm in points */
#define BLEED (3 * 72 / 25.4)

__attribute__((format(printf, 1, 2))) static char *out_of(const char *fmt,
                                                          ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return kz_test_output(cmd);
}

static const char *icc(void)
{
    static char path[1024];
    const char *dir = getenv("KZ_ICC_DIR");
    snprintf(path, sizeof(path), "%s/FOGRA39.icc",
             dir && *dir ? dir : KZ_BINARY_DIR "/icc");
    return path;
}

/* The screen and press PDFs of the same pages, made once. */
static const char *made(int press)
{
    static char paths[2][1024];
    char *out;
    if (!paths[press][0]) {
        snprintf(paths[press], sizeof(paths[press]), "%s/%s.pdf",
                 kz_test_tmpdir(), press ? "press" : "screen");
        out = out_of(EPOCH " '%s' build -q " SECTIONS " %s -o '%s' && echo ok",
                     kz_test_cli_path(), press ? "--press" : "",
                     paths[press]);
        CU_ASSERT_PTR_NOT_NULL(out);
        free(out);
    }
    return paths[press];
}

/* "MediaBox:  x0 y0 x1 y1" of pdfinfo -box for the first page. */
static int box(const char *info, const char *name, double b[4])
{
    const char *p = strstr(info, name);
    return p && sscanf(p + strlen(name), ": %lf %lf %lf %lf", &b[0], &b[1],
                       &b[2], &b[3]) == 4;
}

static int near(double a, double b)
{
    return a - b < 0.02 && b - a < 0.02;
}

static void test_boxes_and_pdfx(void)
{
    const char *press = made(1);
    double media[4], bleed[4], trim[4];
    char *info, *objs;
    size_t len;

    info = out_of("qpdf --check '%s' >/dev/null && pdfinfo -box '%s'", press,
                  press);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_PTR_NOT_NULL(strstr(info, "PDF subtype:    PDF/X-4"));
    CU_ASSERT_FATAL(box(info, "MediaBox", media) &&
                    box(info, "BleedBox", bleed) &&
                    box(info, "TrimBox", trim));
    /* A4 trimmed, 3 mm of bleed on every side, the sheet the bleed, its
     * corner the origin (where GDAL takes a page to begin) */
    CU_ASSERT(near(trim[2] - trim[0], 595.28) &&
              near(trim[3] - trim[1], 841.89));
    CU_ASSERT(near(bleed[0], trim[0] - BLEED) &&
              near(bleed[1], trim[1] - BLEED) &&
              near(bleed[2], trim[2] + BLEED) &&
              near(bleed[3], trim[3] + BLEED));
    CU_ASSERT(near(media[0], 0) && near(media[1], 0));
    CU_ASSERT(near(media[0], bleed[0]) && near(media[1], bleed[1]) &&
              near(media[2], bleed[2]) && near(media[3], bleed[3]));
    free(info);

    /* the output intent, and nothing in DeviceRGB or RGB operators */
    objs = kz_test_pdf_objects(press, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(objs);
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "/S /GTS_PDFX"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "/OutputConditionIdentifier (FOGRA39)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "/DestOutputProfile"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "/GTS_PDFXVersion (PDF/X-4)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "/Trapped /False"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "pdfxid:GTS_PDFXVersion=\"PDF/X-4\""));
    CU_ASSERT_PTR_NULL(memmem(objs, len, "/DeviceRGB", 10));
    CU_ASSERT_PTR_NULL(memmem(objs, len, " rg\n", 4));
    CU_ASSERT_PTR_NULL(memmem(objs, len, " RG\n", 4));
    free(objs);

    info = out_of("pdfimages -list '%s' | tail -n +3 | awk '{print $6}' | "
                  "sort -u",
                  press);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_PTR_NULL(strstr(info, "rgb"));
    free(info);
    /* every font embedded: pdffonts' "emb" column */
    info = out_of("pdffonts '%s' | tail -n +3 | awk '{print $(NF-4)}' | "
                  "sort -u",
                  press);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_STRING_EQUAL(info, "yes\n");
    free(info);
    /* the label halos, Type 3 text, kept by Ghostscript and still read
     * as nothing: no U+FFFD */
    info = out_of("pdffonts '%s' | grep -c 'Type 3'", press);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT(atoi(info) >= 1);
    free(info);
    info = out_of("pdftotext -enc UTF-8 '%s' -", press);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_PTR_NOT_NULL(strstr(info, "Ordubad"));
    CU_ASSERT_PTR_NULL(strstr(info, "\xef\xbf\xbd"));
    free(info);
}

static void test_colours_in_ink(void)
{
    const char *screen = made(0), *press = made(1);
    char *out, *p;
    int page = 0, n, i;
    long count, worst, least_k;
    /* styles/default.json: the condition classes good, fair, poor, dry and
     * collapsed, as the legend of the introduction shows them */
    static const char *const classes[] = {"b2e0a2", "e39a44", "dc553c",
                                          "9a1b21", "262626"};

    out = out_of("for p in 1 2 3 4 5 6; do pdftotext -f $p -l $p '%s' - | "
                 "grep -q 'Şərti işarələr' && echo $p && break; done",
                 screen);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    page = atoi(out);
    free(out);
    CU_ASSERT_FATAL(page > 0);
    out = out_of(PYTHON " '%s' '%s' '%s' %d '%s' %s %s %s %s %s",
                 kz_test_src("tests/finish/press_check.py"), screen, press,
                 page, icc(), classes[0], classes[1], classes[2], classes[3],
                 classes[4]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    /* black text: no cyan, magenta or yellow, and nearly full black */
    CU_ASSERT_EQUAL_FATAL(sscanf(out, "black %ld %ld %ld", &count, &worst,
                                 &least_k),
                          3);
    if (worst != 0 || least_k < 200)
        fprintf(stderr, "\n%s\n", out);
    CU_ASSERT(count > 1000);
    CU_ASSERT_EQUAL(worst, 0);
    CU_ASSERT(least_k >= 200);
    for (i = 0, p = out; i < 5; i++) {
        char hex[8];
        double de;
        p = strstr(p, "\nswatch ");
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        p++;
        n = sscanf(p, "swatch %7s %ld %lf", hex, &count, &de);
        CU_ASSERT_EQUAL(n, 3);
        CU_ASSERT_STRING_EQUAL(hex, classes[i]);
        if (count < 100 || de >= 5)
            fprintf(stderr, "\n  class %s: %ld px, dE2000 %.2f\n", hex,
                    count, de);
        CU_ASSERT(count >= 100);
        CU_ASSERT(de >= 0 && de < 5);
    }
    free(out);
}

static void test_reproducible_and_marks(void)
{
    const char *press = made(1);
    char again[1024], marks[1024], *out;
    double media[4], bleed[4], trim[4];

    snprintf(again, sizeof(again), "%s/press-again.pdf", kz_test_tmpdir());
    out = out_of(EPOCH " '%s' build -q " SECTIONS " --press -o '%s' && "
                       "cmp '%s' '%s' && echo same",
                 kz_test_cli_path(), again, press, again);
    CU_ASSERT_PTR_NOT_NULL(out);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "same"));
    free(out);

    /* crop marks lie outside the bleed, on the lines of the trim */
    snprintf(marks, sizeof(marks), "%s/marks.pdf", kz_test_tmpdir());
    out = out_of(EPOCH " '%s' build -q --sections cover --press --crop-marks "
                       "-o '%s' && pdfinfo -box '%s'",
                 kz_test_cli_path(), marks, marks);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_FATAL(box(out, "MediaBox", media) &&
                    box(out, "BleedBox", bleed) && box(out, "TrimBox", trim));
    CU_ASSERT(media[0] < bleed[0] - 20 && media[1] < bleed[1] - 20);
    free(out);
    /* at 72 dpi the sheet's pixel (0, 0) is the media box's top-left; the
     * mark below the trim's bottom-left corner runs down the trim's left
     * edge, between the bleed and the sheet's edge; beside it, paper */
    {
        int x = (int)(trim[0] - media[0] + 0.5),
            y = (int)(media[3] - bleed[1] + 12);
        out = out_of("pdftoppm -r 72 -f 1 -l 1 -x %d -y %d -W 8 -H 1 -gray "
                     "'%s' | tail -c 8 | od -An -tu1",
                     x - 3, y, marks);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        {
            int v[8], k, darkest = 255, lightest = 0;
            CU_ASSERT_EQUAL_FATAL(sscanf(out, "%d %d %d %d %d %d %d %d",
                                         &v[0], &v[1], &v[2], &v[3], &v[4],
                                         &v[5], &v[6], &v[7]),
                                  8);
            for (k = 0; k < 8; k++) {
                darkest = v[k] < darkest ? v[k] : darkest;
                lightest = v[k] > lightest ? v[k] : lightest;
            }
            CU_ASSERT(darkest < 160); /* the hairline, antialiased */
            CU_ASSERT(lightest > 240);
        }
        free(out);
    }
}

static void test_ghostscript_missing(void)
{
    char path[1024], *out;
    snprintf(path, sizeof(path), "%s/nogs.pdf", kz_test_tmpdir());
    out = out_of("PATH=/nonexistent '%s' build -q --sections cover --press "
                 "-o '%s' 2>&1; echo \"exit $?\"",
                 kz_test_cli_path(), path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Ghostscript"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "exit 1"));
    free(out);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    CU_ASSERT_EQUAL(kz_test_dir_entries(kz_test_tmpdir()) >= 0, 1);
}

static const kz_test_case cases[] = {
    {"press: boxes, PDF/X-4, no RGB", test_boxes_and_pdfx},
    {"press: black ink and class colours", test_colours_in_ink},
    {"press: reproducible, crop marks", test_reproducible_and_marks},
    {"press: Ghostscript missing", test_ghostscript_missing},
    KZ_TEST_END};

KZ_TEST_SUITE("press", cases);
