/*
 * test_finish.c - every PDF the tool writes as a print shop's preflight and
 * a field GIS read it: qpdf --check without a warning, and GDAL placing
 * each map on the ground.  Expectations come from qpdf, GDAL/OSR (through
 * tests/finish/locate.py), pdftotext and the coordinates written here.
 */
#include "kztest.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define PYTHON "/usr/bin/python3"

/* One kahriz in Ordubad, no gallery: its symbol alone marks the spot. */
#define ONE_LON 45.906689
#define ONE_LAT 38.982074

__attribute__((format(printf, 1, 2))) static int sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    int rc;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    rc = system(cmd);
    if (rc == -1 || !WIFEXITED(rc))
        return -1;
    if (WEXITSTATUS(rc) != 0)
        fprintf(stderr, "\n  %s\n  exit %d\n", cmd, WEXITSTATUS(rc));
    return WEXITSTATUS(rc);
}

static const char *one_survey(void)
{
    static char args[2048];
    char path[1024];
    FILE *fp;
    if (args[0])
        return args;
    snprintf(path, sizeof(path), "%s/one-k.csv", kz_test_tmpdir());
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fprintf(fp, "id,name_az,name_en,district,x,y,crs\n"
                "O-1,Tək kəhriz,Single kahriz,AZ-ORD,%.6f,%.6f,EPSG:4326\n",
            ONE_LON, ONE_LAT);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/one-a.csv", kz_test_tmpdir());
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("kahriz_id,date,discharge_l_s,condition\n"
          "O-1,2020-05-01,2.5,good\n",
          fp);
    fclose(fp);
    snprintf(args, sizeof(args),
             "--kahrizes '%s/one-k.csv' --assessments '%s/one-a.csv'",
             kz_test_tmpdir(), kz_test_tmpdir());
    return args;
}

/* qpdf --check exits 0 only without errors and without warnings (3). */
static void test_pdfs_pass_qpdf(void)
{
    const char *t = kz_test_tmpdir();
    char args[1024], *out;

    snprintf(args, sizeof(args), "map -q --district AZ-ORD -o '%s/ord.pdf'", t);
    kz_test_cli_ok(args);
    CU_ASSERT_EQUAL(sh("qpdf --check '%s/ord.pdf' >/dev/null", t), 0);
    snprintf(args, sizeof(args), "map -q --national -o '%s/nat.pdf'", t);
    kz_test_cli_ok(args);
    CU_ASSERT_EQUAL(sh("qpdf --check '%s/nat.pdf' >/dev/null", t), 0);
    /* the whole atlas (`build -q --jobs 2`, the one the suite "bundled
     * atlas" of tests/atlas writes once for every reader of it, a ctest
     * fixture): cairo's links and contents left dangling entries */
    {
        char cmd[1024];
        const char *pdf = KZ_BINARY_DIR "/tests/bundled-atlas/atlas.pdf";
        snprintf(cmd, sizeof(cmd), "test -s '%s'", pdf);
        if (system(cmd) != 0)
            fprintf(stderr, "\nno %s: run atlas/bundled_atlas first "
                            "(ctest does)\n", pdf);
        CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
        snprintf(cmd, sizeof(cmd), "qpdf --check '%s' 2>&1; echo rc=$?",
                 pdf);
        out = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nrc=0\n"));
        CU_ASSERT_PTR_NULL(strstr(out, "WARNING"));
        CU_ASSERT_PTR_NULL(strstr(out, "damaged"));
        free(out);
    }
}

/* "offset_px offset_m patch_px epsg" from locate.py. */
static int locate(const char *src, double lon, double lat, int dpi,
                  double *off_px, double *off_m, long *patch, int *epsg)
{
    char cmd[4096], *out;
    int n;
    snprintf(cmd, sizeof(cmd), PYTHON " '%s' '%s' %.6f %.6f %d",
             kz_test_src("tests/finish/locate.py"), src, lon, lat, dpi);
    out = kz_test_output(cmd);
    if (!out)
        return -1;
    n = sscanf(out, "%lf %lf %ld %d", off_px, off_m, patch, epsg);
    free(out);
    return n == 4 ? 0 : -1;
}

/* The page's footer names its CRS; GDAL must read the same one. */
static int footer_epsg(const char *pdf, int page)
{
    char cmd[2048], *out, *p;
    int epsg = 0;
    snprintf(cmd, sizeof(cmd), "pdftotext -f %d -l %d '%s' -", page, page,
             pdf);
    out = kz_test_output(cmd);
    if (out && (p = strstr(out, "(EPSG:")))
        epsg = atoi(p + 6);
    free(out);
    return epsg;
}

static void test_map_placed_on_ground(void)
{
    const char *t = kz_test_tmpdir();
    char pdf[1024], args[4096];
    double off_px, off_m;
    long patch;
    int epsg;

    snprintf(pdf, sizeof(pdf), "%s/one.pdf", t);
    snprintf(args, sizeof(args), "map -q %s --district AZ-ORD -o '%s'",
             one_survey(), pdf);
    kz_test_cli_ok(args);
    CU_ASSERT_EQUAL(sh("qpdf --check '%s' >/dev/null", pdf), 0);
    /* at 600 dpi GDAL finds the outlet symbol where OSR puts the kahriz,
     * to half a pixel (under 5 m at this scale) */
    CU_ASSERT_EQUAL_FATAL(
        locate(pdf, ONE_LON, ONE_LAT, 600, &off_px, &off_m, &patch, &epsg),
        0);
    if (off_px > 0.5 || patch < 500 || patch > 5000)
        fprintf(stderr, "\n  symbol %.2f px (%.1f m) off, %ld px\n", off_px,
                off_m, patch);
    CU_ASSERT(off_px <= 0.5);
    CU_ASSERT(patch >= 500 && patch <= 5000); /* a symbol, not the land */
    CU_ASSERT_EQUAL(epsg, footer_epsg(pdf, 1));
    CU_ASSERT_EQUAL(epsg, 32638);
    /* 3 km away there is only land: the patch is the whole window */
    CU_ASSERT_EQUAL_FATAL(locate(pdf, ONE_LON + 0.035, ONE_LAT, 600, &off_px,
                                 &off_m, &patch, &epsg),
                          0);
    CU_ASSERT(patch > 5000);

    /* --crs moves the page into zone 39: GDAL follows */
    snprintf(pdf, sizeof(pdf), "%s/one39.pdf", t);
    snprintf(args, sizeof(args),
             "map -q %s --district AZ-ORD --crs EPSG:32639 -o '%s'",
             one_survey(), pdf);
    kz_test_cli_ok(args);
    CU_ASSERT_EQUAL_FATAL(
        locate(pdf, ONE_LON, ONE_LAT, 600, &off_px, &off_m, &patch, &epsg),
        0);
    CU_ASSERT(off_px <= 0.5);
    CU_ASSERT_EQUAL(epsg, 32639);
}

static void test_atlas_pages_placed_on_ground(void)
{
    const char *t = kz_test_tmpdir();
    char pdf[1024], src[1100], args[4096];
    double off_px, off_m;
    long patch;
    int epsg, page;

    snprintf(pdf, sizeof(pdf), "%s/one-atlas.pdf", t);
    snprintf(args, sizeof(args),
             "build -q %s --sections districts,sheets -o '%s'", one_survey(),
             pdf);
    kz_test_cli_ok(args);
    CU_ASSERT_EQUAL(sh("qpdf --check '%s' >/dev/null", pdf), 0);
    /* the district page, then the kahriz sheet with its location map */
    page = kz_test_pdf_page_with(pdf, "Statistika");
    CU_ASSERT_FATAL(page > 0);
    snprintf(src, sizeof(src), "PDF:%d:%s", page, pdf);
    CU_ASSERT_EQUAL_FATAL(
        locate(src, ONE_LON, ONE_LAT, 600, &off_px, &off_m, &patch, &epsg),
        0);
    if (off_px > 0.5)
        fprintf(stderr, "\n  page %d: %.2f px (%.1f m) off\n", page, off_px,
                off_m);
    CU_ASSERT(off_px <= 0.5);
    CU_ASSERT(patch >= 100 && patch <= 5000);
    /* Ordubad, 45.9°E: UTM zone floor((45.9 + 180) / 6) + 1 = 38 */
    CU_ASSERT_EQUAL(epsg, 32638);

    page = kz_test_pdf_page_with(pdf, "Kəhriz vərəqələri");
    CU_ASSERT_FATAL(page > 0);
    snprintf(src, sizeof(src), "PDF:%d:%s", page, pdf);
    CU_ASSERT_EQUAL_FATAL(
        locate(src, ONE_LON, ONE_LAT, 600, &off_px, &off_m, &patch, &epsg),
        0);
    CU_ASSERT(off_px <= 0.5);
    CU_ASSERT_EQUAL(epsg, 32638);
}

int main(void)
{
    static const kz_test_case cases[] = {
        {"PDFs pass qpdf --check", test_pdfs_pass_qpdf},
        {"map placed on the ground", test_map_placed_on_ground},
        {"atlas pages placed on the ground",
         test_atlas_pages_placed_on_ground},
        KZ_TEST_END};
    if (kz_test_add_suite("finish", cases) < 0)
        return 2;
    return kz_test_run();
}
