/*
 * test_sheet_coords.c - the outlet's and the mother well's coordinates on
 * the kahriz sheets, in WGS84 degrees and in the UTM zone of the district's
 * map, read back from the PDF and compared with cs2cs on the survey's own
 * coordinates (check_sheet_coords.py).  The zone each district's map uses
 * is read from that map's PDF (its geospatial viewport's EPSG code), so
 * that a sheet and its district map are held to agree.  İmişli straddles
 * 48°E with its centre in zone 39 and Göyçay with its centre in zone 38:
 * a kahriz near their edges lies in the other zone.  The households and
 * the rehabilitation on each card are the latest visit's, its district
 * named as the boundaries do, and its heading gives the English name only
 * where it differs, checked too.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *coords_survey(void)
{
    static char dir[512];
    char path[600];
    FILE *fp;

    snprintf(dir, sizeof(dir), "%s/sheetcoords", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "wb"));
    fputs(KZ_TEST_KAHRIZ_HEADER, fp);
    /* degrees with a tie at the fifth decimal (39.000015, below the tie
     * as a double), an outlet given in UTM 38N (45.95°E 38.98°N), outlets
     * across zone edges */
    fputs("KZ-1,Birinci kəhriz,First kahriz,AZ-ORD,,,45.9,39.000015,"
          "EPSG:4326,45.905,39.004,900,8,12,1900,icma,\n"
          "KZ-2,Bulaq,Bulaq,AZ-ORD,,,582286.11,4314986.31,EPSG:32638,,"
          ",900,8,12,1900,icma,\n"
          "KZ-3,Üçüncü kəhriz,,AZ-IMI,,,47.8,39.9,EPSG:4326,47.803125,"
          "39.905,900,8,12,1900,icma,\n"
          "KZ-4,Dördüncü kəhriz,,AZ-GOY,,,48.02,40.6,EPSG:4326,,,900,8,12,"
          "1900,icma,\n",
          fp);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/assessments.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "wb"));
    fputs(KZ_TEST_ASSESSMENT_HEADER, fp);
    /* households: none served (0), not recorded, a few, thousands;
     * rehabilitation done in a known and in an unknown year */
    fputs("KZ-1,2021-05-01,3.5,good,yes,0,8,0,none,,,,x\n"
          "KZ-2,2021-05-01,3.5,good,yes,,8,0,done,2019,,,x\n"
          "KZ-3,2021-05-01,3.5,good,yes,10,8,0,done,,,,x\n"
          "KZ-4,2021-05-01,3.5,good,yes,1234,8,0,planned,,,,x\n",
          fp);
    fclose(fp);
    return dir;
}

/* "EPSG:326zz" of the UTM zone a district's map uses, from the map's
 * PDF: its viewport's /EPSG; "" when there is not exactly one. */
static void map_zone(char *out, size_t cap, const char *dir, const char *code)
{
    char args[1400], pdf[700], *objs, *p;
    int zone = 0, n = 0;

    out[0] = '\0';
    snprintf(pdf, sizeof(pdf), "%s/map-%s.pdf", dir, code);
    snprintf(args, sizeof(args),
             "map -q --district %s --kahrizes '%s/kahrizes.csv' "
             "--assessments none --shafts none -o '%s'",
             code, dir, pdf);
    kz_test_cli_ok(args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(objs = kz_test_pdf_objects(pdf, NULL));
    for (p = objs; (p = strstr(p, "/EPSG 32")) != NULL; p++) {
        int z = atoi(p + 6);
        if (z / 100 == 326 && z != zone) {
            zone = z;
            n++;
        }
    }
    free(objs);
    if (n == 1)
        snprintf(out, cap, "EPSG:%d", zone);
    else
        fprintf(stderr, "\nmap of %s: %d UTM zones", code, n);
}

static void test_sheet_coordinates(void)
{
    const char *dir = coords_survey();
    static const char *const codes[] = {"AZ-ORD", "AZ-IMI", "AZ-GOY"};
    char args[3000], pdf[700], zone[3][32], cmd[3600], *out = NULL;
    size_t i;

    if (!kz_test_need(system("cs2cs < /dev/null > /dev/null 2>&1") == 0,
                      "cs2cs (PROJ)"))
        return;
    snprintf(pdf, sizeof(pdf), "%s/sheets.pdf", dir);
    snprintf(args, sizeof(args),
             "build -q --sections sheets --kahrizes '%s/kahrizes.csv' "
             "--assessments '%s/assessments.csv' --shafts none -o '%s'",
             dir, dir, pdf);
    kz_test_cli_ok(args);
    for (i = 0; i < 3; i++) {
        map_zone(zone[i], sizeof(zone[i]), dir, codes[i]);
        CU_ASSERT_FATAL(zone[i][0] != '\0');
    }
    /* the straddling districts: hand-checked against their centroids */
    CU_ASSERT_STRING_EQUAL(zone[1], "EPSG:32639");
    CU_ASSERT_STRING_EQUAL(zone[2], "EPSG:32638");
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 '%s/check_sheet_coords.py' --assessments "
             "'%s/assessments.csv' --districts '%s/data/districts.geojson' "
             "'%s' '%s/kahrizes.csv' %s=%s %s=%s %s=%s 2>&1; echo rc=$?",
             kz_test_src("tests/atlas"), dir, KZ_SOURCE_DIR, pdf, dir,
             codes[0], zone[0], codes[1],
             zone[1], codes[2], zone[2]);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, "rc=0\n"))
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "rc=0\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "6 points checked, 4 visits"));
    free(out);
}

static const kz_test_case cases[] = {
    {"sheet coordinates agree with cs2cs and the district map",
     test_sheet_coordinates},
    KZ_TEST_END};

KZ_TEST_SUITE("sheet_coords", cases);
