/*
 * test_sheet_elevation.c - a sheet prints the outlet's elevation: the
 * survey's when it has one, else the DEM's marked "(DEM)".  The model is
 * the plane of tests/render/dem_fixture.py, z = 1000 (lon - 45) +
 * 2000 (lat - 38) + 100: at K-1 (45.9124 E, 38.9876 N) 912.4 + 1975.2 +
 * 100 = 2987.6, printed 2 988 m; read back with pdftotext.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_sheet_elevations(void)
{
    char csv[600], pdf[600], cmd[2400], *out = NULL;
    const char *dem;
    FILE *fp;

    if (!kz_test_need(system("/usr/bin/python3 -c 'import osgeo.gdal, "
                             "numpy' 2>/dev/null") == 0,
                      "/usr/bin/python3 with osgeo and numpy") ||
        !kz_test_need(system("pdftotext -v >/dev/null 2>&1") == 0,
                      "pdftotext (poppler-utils)"))
        return;
    dem = kz_test_dem("plane");
    snprintf(csv, sizeof(csv), "%s/sheet-kahrizes.csv", kz_test_tmpdir());
    fp = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("id,name_az,x,y,crs,elevation_m\n"
          "K-1,Birinci,45.9124,38.9876,EPSG:4326,\n"
          "K-2,İkinci,45.95,39.01,EPSG:4326,777\n",
          fp);
    fclose(fp);
    snprintf(pdf, sizeof(pdf), "%s/sheet-elev.pdf", kz_test_tmpdir());
    snprintf(cmd, sizeof(cmd),
             "build -q --kahrizes '%s' --sections sheets --dem '%s' -o '%s'",
             csv, dem, pdf);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(kz_test_count(out, "Hündürlük / Elevation"), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "2 988 m / 2,988 m (DEM)"));
    /* the surveyed one is kept, unmarked: the only "(DEM)" is K-1's */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "777 m"));
    CU_ASSERT_EQUAL(kz_test_count(out, "(DEM)"), 1);
    free(out);

    /* without the model only the surveyed one is printed */
    snprintf(cmd, sizeof(cmd),
             "build -q --overwrite --kahrizes '%s' --sections sheets "
             "-o '%s'",
             csv, pdf);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(kz_test_count(out, "Hündürlük / Elevation"), 1);
    CU_ASSERT_EQUAL(kz_test_count(out, "(DEM)"), 0);
    free(out);

    /* the colophon credits the model among the sources: in words when
     * it has no name, never by its file */
    snprintf(cmd, sizeof(cmd),
             "build -q --overwrite --kahrizes '%s' --sections colophon "
             "--dem '%s' "
             "-o '%s'",
             csv, dem, pdf);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' - | tr '\\n' ' '", pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "come from the digital elevation model"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "modelindəndir"));
    CU_ASSERT_PTR_NULL(strstr(out, "plane.tif"));
    free(out);

    /* and by the name the user gives it */
    snprintf(cmd, sizeof(cmd),
             "build -q --overwrite --kahrizes '%s' --sections colophon "
             "--dem '%s' --dem-credit 'Copernicus GLO-30' -o '%s'",
             csv, dem, pdf);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' - | tr '\\n' ' '", pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(
        out, "come from the digital elevation model: Copernicus GLO-30"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "modelindəndir: Copernicus GLO-30"));
    free(out);
}

static const kz_test_case cases[] = {
    {"sheet elevations, surveyed and from the DEM", test_sheet_elevations},
    KZ_TEST_END};

KZ_TEST_SUITE("sheet elevation", cases);
