/*
 * test_cli_silent.c - nothing lost in silence: sources GDAL cannot read
 * whole end the command with an error naming them (a GeoPackage with
 * damaged pages, an OpenStreetMap file cut short, a districts layer
 * without features); an OpenStreetMap file as JOSM saves it is read; an
 * elevation model without data where it is needed is a warning naming it;
 * an existing output is never replaced without --overwrite, and two
 * exports to one new path never both report success.
 * Expectations come from the files themselves: GDAL's own error on the
 * damaged GeoPackage (ogrinfo), feature counts by ogrinfo, digests of the
 * outputs left in place.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *path_in(const char *name)
{
    static char p[4][700];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof(p[k]), "%s/%s", kz_test_tmpdir(), name);
    return p[k];
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    CU_ASSERT_EQUAL_FATAL(fclose(fp), 0);
}

static char *sha256(const char *path)
{
    char cmd[800];
    snprintf(cmd, sizeof(cmd), "sha256sum < '%s'", path);
    return kz_test_output(cmd);
}

/* The survey exported, then its districts layer's pages overwritten:
 * GDAL stops reading that layer with "database disk image is malformed"
 * (ogrinfo says so), and the command must too, naming file and layer. */
static void test_damaged_geopackage(void)
{
    const char *gpkg = path_in("damaged.gpkg");
    char args[1600], cmd[1600], *out, *gdal;
    FILE *fp;
    long at;

    unlink(gpkg);
    snprintf(args, sizeof(args), "export -q -o '%s'", gpkg);
    kz_test_cli_ok(args);
    /* bytes 100,000 to 140,000 hold the districts' features (their table
     * is the first the export writes): ogrinfo reads that layer no more */
    at = 100000;
    fp = fopen(gpkg, "r+b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    {
        static char zero[40000];
        fseek(fp, at, SEEK_SET);
        fwrite(zero, 1, sizeof(zero), fp);
    }
    fclose(fp);
    snprintf(cmd, sizeof(cmd),
             "ogrinfo -ro -al -q '%s' districts 2>&1 | grep malformed; true",
             gpkg);
    gdal = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gdal);
    CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(gdal, "malformed"));
    free(gdal);

    snprintf(args, sizeof(args), "validate --survey '%s'", gpkg);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 3);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "layername=districts"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "malformed"));
    free(out);
    snprintf(args, sizeof(args), "stats --survey '%s'", gpkg);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 3);
    CU_ASSERT_PTR_NULL(out && strstr(out, "UNASSIGNED,1500"));
    free(out);
}

/* A districts layer that holds no feature (ogrinfo: Feature Count: 0)
 * would leave every kahriz outside every district. */
static void test_districts_without_features(void)
{
    const char *gpkg = path_in("no-districts.gpkg");
    char cmd[1600], args[1600], *out;

    unlink(gpkg);
    snprintf(cmd, sizeof(cmd),
             "ogr2ogr -f GPKG '%s' '%s' -where '1=0' -nln districts && "
             "ogrinfo -ro -so '%s' districts | grep 'Feature Count'",
             gpkg, kz_test_src("data/districts.geojson"), gpkg);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "Feature Count: 0\n");
    free(out);
    snprintf(args, sizeof(args), "validate --districts '%s'", gpkg);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 3);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "no-districts.gpkg: no "
                                              "district in it"));
    free(out);
}

static const char *const osm_whole =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<osm version=\"0.6\" generator=\"test\">\n"
    " <node id=\"1\" lat=\"38.93\" lon=\"46.02\" version=\"1\">"
    "<tag k=\"place\" v=\"village\"/><tag k=\"name\" v=\"Vənənd\"/></node>\n"
    " <node id=\"10\" lat=\"39.05\" lon=\"45.80\" version=\"1\"/>\n"
    " <node id=\"11\" lat=\"38.98\" lon=\"45.90\" version=\"1\"/>\n"
    " <node id=\"12\" lat=\"38.92\" lon=\"46.05\" version=\"1\"/>\n"
    " <way id=\"100\" version=\"1\"><nd ref=\"10\"/><nd ref=\"11\"/>"
    "<nd ref=\"12\"/><tag k=\"waterway\" v=\"river\"/>"
    "<tag k=\"name\" v=\"Gilançay\"/></way>\n"
    "</osm>\n";

/* The same extract cut in the middle of the way's element, as a failed
 * download leaves it: its node and the first nodes are there, the river
 * is not.  Using the part before the cut would draw a map without it. */
static void test_osm_cut_short(void)
{
    const char *osm = path_in("cut.osm"), *pdf = path_in("cut.pdf");
    char text[2048], args[1600], *out;
    const char *cut = strstr(osm_whole, "<nd ref=\"11\"");

    CU_ASSERT_PTR_NOT_NULL_FATAL(cut);
    snprintf(text, sizeof(text), "%.*s", (int)(cut - osm_whole) + 6,
             osm_whole);
    write_text(osm, text);
    unlink(pdf);
    snprintf(args, sizeof(args),
             "map -q --district AZ-ORD --reference '%s' -o '%s'", osm, pdf);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 3);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "cut.osm"));
    free(out);
    CU_ASSERT_EQUAL(access(pdf, F_OK), -1);
}

/* JOSM saves new objects with negative ids and no version: GDAL's fast
 * node index refuses them, the command must read them all the same (the
 * river is then in the legend of the map). */
static void test_osm_as_josm_saves_it(void)
{
    const char *osm = path_in("josm.osm"), *pdf = path_in("josm.pdf");
    char args[1600], cmd[1600], *out;

    write_text(osm,
               "<?xml version='1.0' encoding='UTF-8'?>\n"
               "<osm version='0.6' upload='false' generator='JOSM'>\n"
               "  <node id='-1001' action='modify' lat='39.05' "
               "lon='45.80' />\n"
               "  <node id='-1002' action='modify' lat='38.98' "
               "lon='45.90' />\n"
               "  <node id='-1003' action='modify' lat='38.92' "
               "lon='46.05' />\n"
               "  <way id='-1004' action='modify'>\n"
               "    <nd ref='-1001' /><nd ref='-1002' /><nd ref='-1003' />\n"
               "    <tag k='waterway' v='river' />\n"
               "    <tag k='name' v='Gilançay' />\n"
               "  </way>\n"
               "</osm>\n");
    unlink(pdf);
    snprintf(args, sizeof(args),
             "map --district AZ-ORD --rivers none --lakes none --towns none "
             "--reference '%s' -o '%s'",
             osm, pdf);
    out = kz_test_cli_out(1, args);
    CU_ASSERT_PTR_NULL(strstr(out, "no river"));
    free(out);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' - | grep -c 'Çay, kanal / River, canal'",
             pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "1\n");
    free(out);
}

/* An elevation model far from the map (kz_test_dem "far") shades none of
 * it: the user is told, naming the file, and the footer does not credit
 * it; an export with it leaves elevations empty and says so. */
static void test_dem_without_data(void)
{
    const char *dem = kz_test_dem("far"), *pdf = path_in("far.pdf");
    const char *gpkg = path_in("far.gpkg");
    const char *name = strrchr(dem, '/') + 1;
    char args[1600], cmd[1600], *out;

    unlink(pdf);
    snprintf(args, sizeof(args), "map --district AZ-ORD --dem '%s' -o '%s'",
             dem, pdf);
    out = kz_test_cli_out(1, args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "no data over the map"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, name));
    free(out);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' - | grep -c '%s'; true", pdf,
             name);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "0\n");
    free(out);

    unlink(gpkg);
    snprintf(args, sizeof(args), "export --dem '%s' -o '%s'", dem, gpkg);
    out = kz_test_cli_out(1, args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "no data at 1500 of the 1500"));
    free(out);
}

/* One rule for every output: an existing file is left as it is unless
 * --overwrite is given (a PDF is never replaced by CSV text). */
static void test_outputs_kept(void)
{
    const char *pdf = path_in("kept.pdf");
    char args[1600], *before, *after, *out;
    static const char *const cmds[] = {
        "stats --format csv",
        "map --national",
        "build --sections colophon",
    };
    size_t i;

    unlink(pdf);
    snprintf(args, sizeof(args), "map -q --district AZ-ORD -o '%s'", pdf);
    kz_test_cli_ok(args);
    before = sha256(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(before);
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        snprintf(args, sizeof(args), "%s -o '%s'", cmds[i], pdf);
        CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 1);
        CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "use --overwrite"));
        free(out);
        after = sha256(pdf);
        CU_ASSERT_STRING_EQUAL(after, before);
        free(after);
    }
    snprintf(args, sizeof(args), "stats --overwrite --format csv -o '%s'",
             pdf);
    kz_test_cli_ok(args);
    out = kz_test_slurp(pdf, NULL);
    CU_ASSERT_PTR_NOT_NULL(out && strncmp(out, "code,", 5) == 0);
    free(out);
    free(before);
}

/* --each-district makes DIR and its parents; a directory that holds
 * files is written into only with --overwrite. */
static void test_each_district_dirs(void)
{
    char dir[700], args[1600], *out;
    struct stat st;

    snprintf(dir, sizeof(dir), "%s/each/a/b", kz_test_tmpdir());
    snprintf(args, sizeof(args),
             "map -q --each-district '%s' --districts '%s'", dir,
             kz_test_src("tests/data/aggregate/districts.geojson"));
    kz_test_cli_ok(args);
    CU_ASSERT_EQUAL(stat(dir, &st), 0);
    CU_ASSERT(kz_test_dir_entries(dir) > 0);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 1);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "use --overwrite"));
    free(out);
}

/* Two exports to one new path at the same moment: one GeoPackage is
 * written, the other run says so and fails. */
static void test_concurrent_exports(void)
{
    const char *gpkg = path_in("race.gpkg");
    char cmd[2400];
    int i, ok = 0, runs = 0;

    for (i = 0; i < 3; i++) {
        char *out;
        unlink(gpkg);
        snprintf(cmd, sizeof(cmd),
                 "( '%s' export -q -o '%s' & '%s' export -q -o '%s' & "
                 "wait %%1; a=$?; wait %%2; echo $a $? ) 2>/dev/null",
                 kz_test_cli_path(), gpkg, kz_test_cli_path(), gpkg);
        out = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        runs++;
        ok += (strcmp(out, "0 1\n") == 0 || strcmp(out, "1 0\n") == 0);
        free(out);
    }
    CU_ASSERT_EQUAL(ok, runs);
}

static const kz_test_case cases[] = {
    {"a damaged GeoPackage layer is an error", test_damaged_geopackage},
    {"a districts layer without features", test_districts_without_features},
    {"an OpenStreetMap file cut short", test_osm_cut_short},
    {"an OpenStreetMap file as JOSM saves it", test_osm_as_josm_saves_it},
    {"an elevation model without data", test_dem_without_data},
    {"existing outputs kept", test_outputs_kept},
    {"each-district directories", test_each_district_dirs},
    {"two exports to one path", test_concurrent_exports},
    KZ_TEST_END};

KZ_TEST_SUITE("cli_silent", cases);
