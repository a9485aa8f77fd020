/*
 * test_cli_silent.c - nothing lost in silence: sources GDAL cannot read
 * whole end the command with an error naming them (a GeoPackage with
 * damaged pages, an OpenStreetMap file cut short, a districts layer
 * without features); an OpenStreetMap file as JOSM saves it is read; an
 * elevation model without data where it is needed is a warning naming it;
 * an existing output is never replaced without --overwrite, and two
 * exports to one new path never both report success; a district's own
 * kahrizes are named on its map before its neighbours'; axes that count
 * kahrizes step by whole kahrizes; a KoboToolbox export "with group
 * names" whose split geopoint columns read "kahriz/_outlet_latitude" is
 * read with or without the combined columns; photos on the maker's disk
 * travel with the GeoPackage, recorded by a path relative to it.
 * Expectations come from the files themselves: GDAL's own error on the
 * damaged GeoPackage (ogrinfo), feature counts by ogrinfo, digests of the
 * outputs left in place.
 */
#include "kobo_fixture.h"
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

/* Lines of pdf's text (pdftotext with opts) that grep (its options and
 * quoted pattern) selects; -1 when nothing could be run. */
static long pdf_lines(const char *pdf, const char *opts, const char *grep)
{
    char cmd[1600], *out;
    long n;

    snprintf(cmd, sizeof(cmd), "pdftotext %s '%s' - | grep -c %s; true",
             opts, pdf, grep);
    out = kz_test_output(cmd);
    n = out && *out ? atol(out) : -1;
    free(out);
    return n;
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
    char args[1600], *out;

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
    CU_ASSERT_EQUAL(pdf_lines(pdf, "", "'Çay, kanal / River, canal'"), 1);
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
    snprintf(cmd, sizeof(cmd), "'%s'", name);
    CU_ASSERT_EQUAL(pdf_lines(pdf, "", cmd), 0);

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
    /* a device is written into, never replaced: /dev/null stays one */
    kz_test_cli_ok("stats -q --format csv -o /dev/null");
    {
        struct stat st;
        CU_ASSERT_EQUAL(stat("/dev/null", &st), 0);
        CU_ASSERT(S_ISCHR(st.st_mode));
    }
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

/* One kahriz of Babək, unmeasured (the last in label priority), 1 km from
 * twelve measured ones of Culfa across the border (the points were found
 * with GDAL's SQLite dialect: each district's part of a 0.01° band along
 * the other).  On Babək's map its own is named whatever the neighbours'
 * priority; the neighbours' are muted and go unnamed. */
static void test_own_kahrizes_first(void)
{
    const char *k = path_in("own.csv"), *a = path_in("own_ass.csv");
    const char *pdf = path_in("own.pdf");
    char text[8192], args[1600];
    int i, n;

    n = snprintf(text, sizeof(text),
                 "id,name_az,name_en,district,x,y,crs\n"
                 "B-1,Sınaq kəhrizi,Sinag kahriz,AZ-BAB,45.510949,39.077058,"
                 "EPSG:4326\n");
    for (i = 0; i < 12; i++)
        n += snprintf(text + n, sizeof(text) - (size_t)n,
                      "C-%d,Qonşu %d kəhrizi,Neighbour %d kahriz,AZ-CUL,"
                      "%.6f,%.6f,EPSG:4326\n",
                      i + 1, i + 1, i + 1,
                      45.519432 + (i % 4 - 1.5) * 0.0006,
                      39.082367 + (i / 4 - 1) * 0.0006);
    write_text(k, text);
    n = snprintf(text, sizeof(text), "kahriz_id,date,discharge_l_s,"
                                     "condition\n");
    for (i = 0; i < 12; i++)
        n += snprintf(text + n, sizeof(text) - (size_t)n,
                      "C-%d,2024-05-01,%d,good\n", i + 1, 20 + i);
    write_text(a, text);
    unlink(pdf);
    snprintf(args, sizeof(args),
             "map -q --kahrizes '%s' --assessments '%s' --district AZ-BAB "
             "-o '%s'",
             k, a, pdf);
    kz_test_cli_ok(args);
    CU_ASSERT_EQUAL(pdf_lines(pdf, "", "'Qonşu [0-9]'"), 0);
    CU_ASSERT_EQUAL(pdf_lines(pdf, "", "'Sınaq kəhrizi'"), 1);
}

/* A district of two kahrizes, one good and one fair: the charts count 0,
 * 1 or 2 kahrizes, and their axes never read "0,5" or "1,5" (the class
 * limits "0,5–2" of the discharge legend are no tick). */
static void test_count_axes_whole(void)
{
    const char *k = path_in("two.csv"), *a = path_in("two_a.csv");
    const char *pdf = path_in("two.pdf");
    char args[1600];

    write_text(k, "id,name_az,name_en,district,x,y,crs\n"
                  "T-1,Bir,One,AZ-ORD,45.95,38.95,EPSG:4326\n"
                  "T-2,İki,Two,AZ-ORD,45.96,38.96,EPSG:4326\n");
    write_text(a, "kahriz_id,date,discharge_l_s,condition\n"
                  "T-1,2024-05-01,3,good\n"
                  "T-2,2024-05-01,1.2,fair\n");
    unlink(pdf);
    snprintf(args, sizeof(args),
             "build -q --kahrizes '%s' --assessments '%s' --sections "
             "districts --only-districts AZ-ORD -o '%s'",
             k, a, pdf);
    kz_test_cli_ok(args);
    CU_ASSERT_EQUAL(pdf_lines(pdf, "-layout", "-E '(^| )[0-9]+,5( |$)'"), 0);
}

static void test_kobo_group_names(void)
{
    const char *csv = path_in("kobo-groups.csv");
    const char *split = path_in("kobo-split.csv");
    char args[1600], cmd[1600], *text, *nl, *p, *out;
    long c[4];
    size_t len;
    FILE *fp;

    kobo_write_csv(csv, "kobo-main-groups.txt", ',');
    text = kz_test_slurp(csv, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* the header as KoboToolbox writes it with group names */
    nl = strchr(text, '\n');
    CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
    for (p = text; p < nl && (p = strstr(p, "_kahriz/")) && p < nl; p++)
        memmove(p, "kahriz/_", 8);
    fp = fopen(csv, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fwrite(text, 1, len, fp);
    fclose(fp);
    free(text);
    snprintf(cmd, sizeof(cmd), "head -1 '%s' | grep -c 'kahriz/_outlet_'",
             csv);
    out = kz_test_output(cmd);
    CU_ASSERT_STRING_EQUAL(out ? out : "", "1\n");
    free(out);

    snprintf(args, sizeof(args), "validate --kobo '%s'", csv);
    out = kz_test_cli_out(1, args);
    CU_ASSERT_PTR_NULL(strstr(out, "not a question"));
    CU_ASSERT(kz_test_role_counts(out, "kahrizes", c) && c[0] == 2 &&
              c[1] == 2);
    free(out);
    /* only the split columns: the combined ones left out */
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c \"import csv,sys\n"
             "r=list(csv.reader(open(sys.argv[1])))\n"
             "k=[i for i,h in enumerate(r[0]) if h not in "
             "('kahriz/outlet','kahriz/mother_well')]\n"
             "csv.writer(open(sys.argv[2],'w',newline='')).writerows("
             "[[x[i] for i in k] for x in r])\" '%s' '%s'",
             csv, split);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(args, sizeof(args), "validate --kobo '%s'", split);
    out = kz_test_cli_out(1, args);
    CU_ASSERT_PTR_NULL(strstr(out, "not a question"));
    CU_ASSERT(kz_test_role_counts(out, "kahrizes", c) && c[0] == 2 &&
              c[1] == 2);
    free(out);
}

/* A CSV that is no export of the form, given as one: one error, and
 * every row of it (wc -l, less the header) counted as rejected. */
static void test_kobo_not_the_form(void)
{
    const char *csv = kz_test_src("data/survey/kahrizes.csv");
    char args[1600], cmd[1000], *out, *lines;
    long c[4];

    snprintf(cmd, sizeof(cmd), "wc -l < '%s'", csv);
    lines = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lines);
    snprintf(args, sizeof(args), "validate --kobo '%s'", csv);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "1 error,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "not an export of the kahriz survey"));
    CU_ASSERT(kz_test_role_counts(out, "kahrizes", c) &&
              c[0] == atol(lines) - 1 && c[2] == c[0]);
    free(out);
    free(lines);
}

/* A kahriz whose photo is an absolute path (as --attachments gives them)
 * and one whose photo is relative: the first is copied beside the
 * GeoPackage, byte for byte, and recorded relative to it (read back with
 * sqlite3); the second is recorded as given. */
static void test_export_photos(void)
{
    const char *csv = path_in("ph.csv"), *gpkg = path_in("ph.gpkg");
    char photo[700], dir[700], args[2000], cmd[2000], *out;

    snprintf(photo, sizeof(photo), "%s/att-p1.jpg", kz_test_tmpdir());
    snprintf(dir, sizeof(dir), "%s/ph_photos", kz_test_tmpdir());
    snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && rm -rf '%s' '%s'",
             kz_test_src("docs/map-ordubad.png"), photo, dir, gpkg);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(cmd, sizeof(cmd),
             "id,name_az,x,y,crs,photo\n"
             "K-1,Bir,45.95,38.95,EPSG:4326,%s\n"
             "K-2,İki,45.96,38.96,EPSG:4326,relative/p2.jpg\n",
             photo);
    write_text(csv, cmd);
    snprintf(args, sizeof(args), "export -q --kahrizes '%s' -o '%s'", csv,
             gpkg);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd),
             "sqlite3 '%s' 'SELECT id, photo FROM kahrizes ORDER BY id'",
             gpkg);
    out = kz_test_output(cmd);
    CU_ASSERT_STRING_EQUAL(out ? out : "", "K-1|ph_photos/K-1-att-p1.jpg\n"
                                           "K-2|relative/p2.jpg\n");
    free(out);
    snprintf(cmd, sizeof(cmd), "cmp '%s' '%s/K-1-att-p1.jpg'", photo, dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
    /* again: the GeoPackage and its photos are kept without --overwrite,
     * replaced with it */
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 1);
    free(out);
    snprintf(args, sizeof(args),
             "export -q --overwrite --kahrizes '%s' -o '%s'", csv, gpkg);
    kz_test_cli_ok(args);
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 1);
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
    {"a district's own kahrizes named first", test_own_kahrizes_first},
    {"axes that count kahrizes step by whole ones", test_count_axes_whole},
    {"KoboToolbox exports with group names", test_kobo_group_names},
    {"a CSV that is no form export", test_kobo_not_the_form},
    {"photos travel with the GeoPackage", test_export_photos},
    KZ_TEST_END};

KZ_TEST_SUITE("cli_silent", cases);
