/*
 * test_press_georef.c - the press PDF placed on the ground as the screen
 * PDF is: the same pages built both ways, each page read by qpdf (its
 * geospatial viewports) and GDAL (CRS, neatline, and where the trim lies
 * on the ground through the geotransform: tests/finish/georef_pages.py),
 * with the default bleed and with a wider one and crop marks, which move
 * the drawing further in on the sheet.  Then GDAL finds a kahriz's symbol
 * on the press page where OSR puts the kahriz (tests/finish/locate.py).
 */
#include "kztest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PYTHON "/usr/bin/python3"
#define SHORT "--sections districts --only-districts AZ-ORD"

/* One kahriz in Ordubad, as in test_finish.c. */
#define ONE_LON 45.906689
#define ONE_LAT 38.982074

__attribute__((format(printf, 1, 2))) static char *out_of(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return kz_test_output(cmd);
}

/* The short atlas (screen) made once; its path. */
static const char *screen(void)
{
    static char path[1024];
    char *out;
    if (!path[0]) {
        snprintf(path, sizeof(path), "%s/georef-screen.pdf", kz_test_tmpdir());
        out = out_of("'%s' build -q " SHORT " -o '%s' && echo ok",
                     kz_test_cli_path(), path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        free(out);
    }
    return path;
}

/* The same pages for the press with extra options; every page is
 * georeferenced as on screen. */
static void same_as_screen(const char *name, const char *opts)
{
    char press[1024], *out, *p;
    int pages = 0, geo = 0, matched = 0, vps = 0, n, s_vp, p_vp;

    snprintf(press, sizeof(press), "%s/%s.pdf", kz_test_tmpdir(), name);
    out = out_of("'%s' build -q " SHORT " --press %s -o '%s' && echo ok",
                 kz_test_cli_path(), opts, press);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    free(out);
    out = out_of(PYTHON " '%s' '%s' '%s'",
                 kz_test_src("tests/finish/georef_pages.py"), screen(), press);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    p = strstr(out, "\npages ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(sscanf(p,
                                 "\npages %d georeferenced %d matched %d "
                                 "viewports %d",
                                 &pages, &geo, &matched, &vps),
                          4);
    if (matched != geo)
        fprintf(stderr,
                "\n  %s (page, viewports screen and press, "
                "dictionaries, CRS, neatline, trim):\n%s",
                name, out);
    /* the district's two maps at least, each placed as on screen */
    CU_ASSERT(pages >= 3);
    CU_ASSERT(geo >= 2);
    CU_ASSERT(vps >= geo);
    CU_ASSERT_EQUAL(matched, geo);
    /* and every viewport of every page kept, not only the one GDAL uses */
    for (p = out; (p = strstr(p, "page ")); p++)
        if (sscanf(p, "page %d %d %d", &n, &s_vp, &p_vp) == 3)
            CU_ASSERT_EQUAL(s_vp, p_vp);
    free(out);
}

static void test_default_bleed(void)
{
    same_as_screen("georef-press", "");
}

static void test_wide_bleed_and_marks(void)
{
    same_as_screen("georef-press-wide", "--bleed 7.5 --crop-marks");
}

static void test_symbol_where_gdal_puts_it(void)
{
    const char *t = kz_test_tmpdir();
    char press[1024], *out;
    double off_px = -1, off_m = -1;
    long patch = 0;
    int epsg = 0, page;
    FILE *fp;

    snprintf(press, sizeof(press), "%s/one-k.csv", t);
    fp = fopen(press, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fprintf(fp,
            "id,name_az,name_en,district,x,y,crs\n"
            "O-1,Tək kəhriz,Single kahriz,AZ-ORD,%.6f,%.6f,EPSG:4326\n",
            ONE_LON, ONE_LAT);
    fclose(fp);
    snprintf(press, sizeof(press), "%s/one-a.csv", t);
    fp = fopen(press, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("kahriz_id,date,discharge_l_s,condition\nO-1,2020-05-01,2.5,good\n",
          fp);
    fclose(fp);
    snprintf(press, sizeof(press), "%s/one-press.pdf", t);
    out = out_of("'%s' build -q --kahrizes '%s/one-k.csv' --assessments "
                 "'%s/one-a.csv' --sections districts --press --bleed 5 "
                 "-o '%s' && echo ok",
                 kz_test_cli_path(), t, t, press);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    free(out);
    page = kz_test_pdf_page_with(press, "Statistika");
    CU_ASSERT_FATAL(page > 0);
    /* at 600 dpi the symbol is where OSR puts the kahriz, to half a pixel;
     * 5 mm of bleed misread would be 118 pixels */
    out = out_of(PYTHON " '%s' 'PDF:%d:%s' %.6f %.6f 600",
                 kz_test_src("tests/finish/locate.py"), page, press, ONE_LON,
                 ONE_LAT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(
        sscanf(out, "%lf %lf %ld %d", &off_px, &off_m, &patch, &epsg), 4);
    free(out);
    if (off_px > 0.5 || patch < 500 || patch > 5000)
        fprintf(stderr, "\n  symbol %.2f px (%.1f m) off, %ld px\n", off_px,
                off_m, patch);
    CU_ASSERT(off_px >= 0 && off_px <= 0.5);
    CU_ASSERT(patch >= 500 && patch <= 5000); /* a symbol, not the land */
    CU_ASSERT_EQUAL(epsg, 32638);
}

static const kz_test_case cases[] = {
    {"press: map pages georeferenced as on screen", test_default_bleed},
    {"press: georeferenced with a wider bleed and crop marks",
     test_wide_bleed_and_marks},
    {"press: GDAL finds the kahriz where the map drew it",
     test_symbol_where_gdal_puts_it},
    KZ_TEST_END};

KZ_TEST_SUITE("press georef", cases);
