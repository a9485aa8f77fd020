/*
 * test_elevation.c - elevations in the GeoPackage: surveyed ones are kept
 * ("survey"), missing ones come from the --dem model ("dem"), read back
 * with sqlite3.  The model is the plane of tests/render/dem_fixture.py,
 * z = 1000 (lon - 45) + 2000 (lat - 38) + 100, so each expected value is
 * worked by hand from the point's lon/lat.
 */
#include "kztest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tools(void)
{
    return kz_test_need(system("/usr/bin/python3 -c 'import osgeo.gdal, "
                               "numpy' 2>/dev/null") == 0,
                        "/usr/bin/python3 with osgeo and numpy") &&
           kz_test_need(system("sqlite3 -version >/dev/null 2>&1") == 0,
                        "sqlite3");
}

static void test_gpkg_elevations(void)
{
    char csv[600], gpkg[600], cmd[2400], *out = NULL;
    const char *dem;
    char id[4][16], src[4][16], hsrc[4][16];
    double lon[4], lat[4], z[4], hlon[4], hlat[4], hz[4];
    const char *p;
    FILE *fp;
    int n = 0;

    if (!tools())
        return;
    dem = kz_test_dem("plane");
    snprintf(csv, sizeof(csv), "%s/elev-kahrizes.csv", kz_test_tmpdir());
    fp = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    /* K-1 and K-3 have none (the DEM's), K-2 its own (kept; the plane
     * gives 2950 there), K-3's mother well none either */
    fputs("id,name_az,x,y,crs,head_x,head_y,elevation_m\n"
          "K-1,Birinci,45.9123,38.9876,EPSG:4326,,,\n"
          "K-2,İkinci,45.95,39.01,EPSG:4326,,,777\n"
          "K-3,Üçüncü,45.80,38.95,EPSG:4326,45.81,38.965,\n",
          fp);
    fclose(fp);
    snprintf(gpkg, sizeof(gpkg), "%s/elev.gpkg", kz_test_tmpdir());
    snprintf(cmd, sizeof(cmd),
             "export -q --kahrizes '%s' --dem '%s' --overwrite -o '%s'", csv,
             dem, gpkg);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd),
             "sqlite3 -separator ' ' '%s' \"SELECT id, lon, lat, "
             "ifnull(elevation_m, 'nan'), ifnull(elevation_source, '-'), "
             "ifnull(head_lon, 'nan'), ifnull(head_lat, 'nan'), "
             "ifnull(head_elevation_m, 'nan'), "
             "ifnull(head_elevation_source, '-') FROM kahrizes ORDER BY "
             "id\"",
             gpkg);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    for (p = out; *p && n < 4; n++) {
        if (sscanf(p, "%15s %lf %lf %lf %15s %lf %lf %lf %15s", id[n],
                   &lon[n], &lat[n], &z[n], src[n], &hlon[n], &hlat[n],
                   &hz[n], hsrc[n]) != 9)
            break;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    free(out);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_STRING_EQUAL(id[0], "K-1");
    CU_ASSERT_STRING_EQUAL(src[0], "dem");
    /* 1000 * 0.9123 + 2000 * 0.9876 + 100 */
    CU_ASSERT(fabs(z[0] - 2987.5) < 1);
    CU_ASSERT(fabs(z[0] - (1000 * (lon[0] - 45) + 2000 * (lat[0] - 38) +
                           100)) < 1);
    CU_ASSERT(isnan(hz[0]));
    CU_ASSERT_STRING_EQUAL(hsrc[0], "-");
    CU_ASSERT_STRING_EQUAL(src[1], "survey");
    CU_ASSERT_DOUBLE_EQUAL(z[1], 777, 1e-9);
    CU_ASSERT_STRING_EQUAL(src[2], "dem");
    CU_ASSERT(fabs(z[2] - 2800) < 1);
    CU_ASSERT_STRING_EQUAL(hsrc[2], "dem");
    /* 1000 * 0.81 + 2000 * 0.965 + 100 */
    CU_ASSERT(fabs(hz[2] - 2840) < 1);
    CU_ASSERT(fabs(hz[2] - (1000 * (hlon[2] - 45) + 2000 * (hlat[2] - 38) +
                            100)) < 1);

    /* read back without a DEM: what came from the DEM is no survey's */
    {
        char again[600];
        snprintf(again, sizeof(again), "%s/elev-again.gpkg",
                 kz_test_tmpdir());
        snprintf(cmd, sizeof(cmd),
                 "export -q --kahrizes '%s' --overwrite -o '%s'", gpkg,
                 again);
        kz_test_cli_ok(cmd);
        snprintf(cmd, sizeof(cmd),
                 "sqlite3 -separator ' ' '%s' \"SELECT id, "
                 "ifnull(elevation_m, 'none'), ifnull(elevation_source, "
                 "'none') FROM kahrizes ORDER BY id\"",
                 again);
        out = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        CU_ASSERT_STRING_EQUAL(out, "K-1 none none\n"
                                    "K-2 777.0 survey\n"
                                    "K-3 none none\n");
        free(out);
    }
}

static const kz_test_case cases[] = {
    {"elevations from the survey and the DEM", test_gpkg_elevations},
    KZ_TEST_END};

KZ_TEST_SUITE("export elevation", cases);
