/*
 * test_map_names.c - every name on a map once, water where it is drawn.
 *
 * The national map, the 14 region maps and the 77 district maps of the
 * bundled data are rendered once.  check_water_names.py finds, from each
 * page's georeferencing and its pixels in the style's water fill, every
 * named lake of data/lakes.geojson that shows on paper (25 mm² or more,
 * not under the legend): both its names must be in the page's text.
 * check_names_once.py reads each map frame's words back (pdftotext
 * -bbox-layout) and finds no name that a district and a town share
 * printed twice as a name (the rayon and its town of one name), nor two
 * kahrizes named alike on one map.
 * check_muted.py places the survey's kahrizes in districts itself (OSR,
 * OGR) and finds no name of a neighbour's kahriz on a district map.
 * check_border_labels.py works the land border out of the districts and
 * the neighbouring countries and finds no kahriz's name across it.
 * check_label_owners.py places the survey's outlets on each page itself
 * (the oracle's reading of the survey files, the style's sizes) and finds every kahriz name nearest its
 * own symbol or on a leader to it, and few symbols under district names.
 * check_fill.py measures each district's extent against its map frame:
 * every one at least 0.45 of it, the median 0.7.  check_series.py works
 * out each district's scale from its polygon, its region and the map
 * area (the rule of docs/print-review.md) and finds it printed on its
 * map.  check_national_names.py finds every district named on the
 * national map.
 *
 * An OpenStreetMap extract written here holds two rivers as OSM has them,
 * each many ways of one name: Gilançay in twelve ways each shorter than
 * its name on the map, Əlincəçay in three ways each longer.  The checker
 * requires each name printed exactly once, within 3 mm of its line.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tools(void)
{
    return kz_test_need(system("/usr/bin/python3 -c 'import osgeo.ogr, "
                               "numpy, PIL' >/dev/null 2>&1") == 0 &&
                            system("command -v qpdf >/dev/null && "
                                   "command -v pdftoppm >/dev/null") == 0,
                        "python3 with osgeo, numpy and PIL; qpdf; poppler");
}

/* Run the checker script (a path in the source tree) with args; it must
 * exit 0. */
static void check(const char *script, const char *args)
{
    char *cmd, *out;
    size_t cap = strlen(args) + 1000;

    cmd = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cmd);
    snprintf(cmd, cap, "/usr/bin/python3 '%s' %s 2>&1; echo rc=$?",
             kz_test_src(script), args);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, "rc=0\n"))
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "rc=0\n"));
    free(out);
    free(cmd);
}

/* The 92 maps, rendered once into the suite's directory; their paths as
 * checker arguments in maps. */
static char maps[8000];

static int render_all(void)
{
    static const char *const regions[] = {
        "ABSHERON-KHIZI", "BAKU", "CENTRAL-ARAN", "EAST-ZANGEZUR",
        "GANJA-DASHKASAN", "GAZAKH-TOVUZ", "GUBA-KHACHMAZ", "KARABAKH",
        "LANKARAN-ASTARA", "MIL-MUGHAN", "MOUNTAINOUS-SHIRVAN",
        "NAKHCHIVAN", "SHAKI-ZAGATALA", "SHIRVAN-SALYAN"};
    const char *tmp = kz_test_tmpdir();
    char cmd[2000];
    size_t i;

    if (maps[0])
        return 1;
    if (!tools())
        return 0;
    snprintf(cmd, sizeof(cmd), "map -q --overwrite --national -o '%s/nat.pdf'",
             tmp);
    kz_test_cli_ok(cmd);
    snprintf(maps, sizeof(maps), "'%s/nat.pdf' '%s'/each/*.pdf", tmp, tmp);
    for (i = 0; i < sizeof(regions) / sizeof(*regions); i++) {
        snprintf(cmd, sizeof(cmd),
                 "map -q --overwrite --region %s -o '%s/region-%s.pdf'",
                 regions[i], tmp, regions[i]);
        kz_test_cli_ok(cmd);
        snprintf(maps + strlen(maps), sizeof(maps) - strlen(maps),
                 " '%s/region-%s.pdf'", tmp, regions[i]);
    }
    snprintf(cmd, sizeof(cmd), "map -q --overwrite --each-district '%s/each'",
             tmp);
    kz_test_cli_ok(cmd);
    return 1;
}

/* The checker script on the 92 maps: "[mode ]'a' 'b' [extra ]maps",
 * a and b files of the source tree. */
static void check_maps(const char *script, const char *mode, const char *a,
                       const char *b, const char *extra)
{
    char args[9000];

    if (!render_all())
        return;
    /* kz_test_src has one buffer: one call per snprintf */
    snprintf(args, sizeof(args), "%s '%s' ", mode, kz_test_src(a));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s' %s %s",
             kz_test_src(b), extra, maps);
    check(script, args);
}

static void test_lakes_named(void)
{
    check_maps("tests/render/check_water_names.py", "lakes",
               "data/lakes.geojson", "styles/default.json", "25");
}

static void test_names_once(void)
{
    check_maps("tests/render/check_names_once.py", "",
               "data/districts.geojson", "data/towns.geojson", "");
}

static void test_border_labels(void)
{
    check_maps("tests/render/check_border_labels.py", "",
               "data/districts.geojson", "data/neighbours.geojson", "");
}

/* The national map names every one of its districts. */
static void test_national_names(void)
{
    char args[2000];

    if (!render_all())
        return;
    snprintf(args, sizeof(args), "'%s' '%s/nat.pdf' 0",
             kz_test_src("data/districts.geojson"), kz_test_tmpdir());
    check("tests/render/check_national_names.py", args);
}

static void test_districts_fill(void)
{
    char args[2000];

    if (!render_all())
        return;
    snprintf(args, sizeof(args), "'%s' 0.45 0.7 '%s/each'",
             kz_test_src("data/districts.geojson"), kz_test_tmpdir());
    check("tests/render/check_fill.py", args);
}

/* The rayons (and the cities) of a region at the scales the rule of
 * docs/print-review.md gives from the district polygons and the map area
 * read from the pages: as few as a frame filled to 0.6 allows.  Three
 * districts whose legend finds no room beside them at their series
 * scale take a smaller one (as they did before the series): Daşkəsən
 * and Qazax land on their region's 1:400 000, İmişli on 1:500 000. */
static void test_region_series(void)
{
    char args[2000];

    if (!render_all())
        return;
    snprintf(args, sizeof(args), "'%s' 0.6 '%s/each' AZ-DAS AZ-IMI AZ-QAZ",
             kz_test_src("data/districts.geojson"), kz_test_tmpdir());
    check("tests/render/check_series.py", args);
}

static void test_neighbours_unnamed(void)
{
    char cmd[4000], *out;

    if (!render_all())
        return;
    /* each district map, its code from its file name (CODE-Name.pdf) */
    snprintf(cmd, sizeof(cmd),
             "bad=0; n=0; for f in '%s'/each/*.pdf; do "
             "b=$(basename \"$f\"); code=$(echo \"$b\" | cut -d- -f1-2); "
             "/usr/bin/python3 '%s' ",
             kz_test_tmpdir(), kz_test_src("tests/render/check_muted.py"));
    snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "'%s' ",
             kz_test_src("data/survey/kahrizes.csv"));
    snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
             "'%s' \"$code\" \"$f\" || bad=$((bad+1)); n=$((n+1)); "
             "done 2>&1; echo maps=$n bad=$bad",
             kz_test_src("data/districts.geojson"));
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, " bad=0\n"))
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "maps=77 bad=0\n"));
    free(out);
}

/* Nodes of a way from lon0 to lon1 at about lat, n nodes, the ids from
 * *id on; the way's XML appended to buf. */
static void way(char *buf, size_t cap, long *id, long wid, double lon0,
                double lon1, double lat, int n, const char *name,
                const char *en)
{
    long first = *id;
    int i;
    for (i = 0; i < n; i++) {
        double lon = lon0 + (lon1 - lon0) * i / (n - 1);
        /* a gentle meander, 100 m either way */
        double dlat = (i % 2 ? 0.0009 : -0.0009);
        if (i == 0 || i == n - 1)
            dlat = 0;
        snprintf(buf + strlen(buf), cap - strlen(buf),
                 " <node id=\"%ld\" lat=\"%.5f\" lon=\"%.5f\" "
                 "version=\"1\"/>\n",
                 (*id)++, lat + dlat, lon);
    }
    snprintf(buf + strlen(buf), cap - strlen(buf),
             " <way id=\"%ld\" version=\"1\">", wid);
    for (i = 0; i < n; i++)
        snprintf(buf + strlen(buf), cap - strlen(buf), "<nd ref=\"%ld\"/>",
                 first + i);
    snprintf(buf + strlen(buf), cap - strlen(buf),
             "<tag k=\"waterway\" v=\"river\"/><tag k=\"name\" v=\"%s\"/>"
             "<tag k=\"name:en\" v=\"%s\"/></way>\n",
             name, en);
}

static void test_osm_river_once(void)
{
    const char *tmp = kz_test_tmpdir();
    static char osm[200000];
    char path[700], pdf[700], cmd[4000];
    long id = 1000, wid = 1;
    FILE *fp;
    int i;

    if (!tools())
        return;
    snprintf(osm, sizeof(osm),
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<osm version=\"0.6\" generator=\"test\">\n");
    /* twelve ways of 0.03° (2.6 km: about 10 mm at 1:250 000, less than
     * the name), each starting where the one before ends (the same
     * coordinates to 1e-5°, as OSM's shared nodes give) */
    for (i = 0; i < 12; i++) {
        double a = 45.70 + 0.03 * i, b = a + 0.03;
        way(osm, sizeof(osm), &id, wid++, a, b, 39.02, 4, "Gilançay",
            "Gilanchay");
    }
    /* three ways of 0.12° (10 km) */
    for (i = 0; i < 3; i++) {
        double a = 45.68 + 0.12 * i, b = a + 0.12;
        way(osm, sizeof(osm), &id, wid++, a, b, 39.13, 12, "Əlincəçay",
            "Alinjachay");
    }
    snprintf(osm + strlen(osm), sizeof(osm) - strlen(osm), "</osm>\n");
    snprintf(path, sizeof(path), "%s/rivers.osm", tmp);
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(osm, fp);
    CU_ASSERT_EQUAL(fclose(fp), 0);
    snprintf(pdf, sizeof(pdf), "%s/ordubad-rivers.pdf", tmp);
    snprintf(cmd, sizeof(cmd),
             "map -q --overwrite --district AZ-ORD --rivers none --lakes none "
             "--reference '%s' -o '%s'",
             path, pdf);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd), "rivers '%s' 3 '%s'", path, pdf);
    check("tests/render/check_water_names.py", cmd);
}

/* check_label_owners.py in mode over the maps (the national map alone,
 * or the 91 others), at most most faults. */
static void check_owners(const char *mode, int national, int most)
{
    char args[9000];

    if (!render_all())
        return;
    snprintf(args, sizeof(args), "%s '%s' ", mode,
             kz_test_src("data/survey"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s' ",
             kz_test_src("styles/default.json"));
    snprintf(args + strlen(args), sizeof(args) - strlen(args), "'%s' %d ",
             kz_test_src("data/districts.geojson"), most);
    if (national)
        snprintf(args + strlen(args), sizeof(args) - strlen(args),
                 "'%s/nat.pdf'", kz_test_tmpdir());
    else
        snprintf(args + strlen(args), sizeof(args) - strlen(args),
                 "'%s'/region-*.pdf '%s'/each/*.pdf", kz_test_tmpdir(),
                 kz_test_tmpdir());
    check("tests/render/check_label_owners.py", args);
}

/* Every kahriz name on the region and district maps reads as its own
 * symbol's: its symbol's edge the nearest to it, or a leader line to it
 * (134 of 528 names read as another's before leaders).  The national map
 * names no kahriz. */
static void test_label_owners(void)
{
    check_owners("owners", 0, 0);
}

/* District names keep off the kahriz symbols: on the region and district
 * maps at most 35 symbols under a district's name (99 before), on the
 * national map, where Nakhchivan's names have no room outside its
 * clusters, at most 380 (422 before). */
static void test_district_names_clear(void)
{
    check_owners("districts", 0, 35);
    check_owners("districts", 1, 380);
}

/* The numbers that name districts too small for their names match the
 * list beside them (check_number_keys.py: bold numbers read with
 * pdfminer, list lines with poppler, districts put on the page through
 * the georeferencing). */
static void test_number_keys(void)
{
    char args[9000];

    if (!render_all())
        return;
    snprintf(args, sizeof(args), "'%s' %s",
             kz_test_src("data/districts.geojson"), maps);
    check("tests/render/check_number_keys.py", args);
}

static const kz_test_case cases[] = {
    {"every named lake that shows is named", test_lakes_named},
    {"a district and its town of one name are named once, namesake "
     "kahrizes told apart",
     test_names_once},
    {"a district map names its own kahrizes, not its neighbours'",
     test_neighbours_unnamed},
    {"no kahriz's name across the state border", test_border_labels},
    {"a district map is filled by its district", test_districts_fill},
    {"the rayons of a region share their scales", test_region_series},
    {"the national map names its districts", test_national_names},
    {"each district's number stands in it, as its list says",
     test_number_keys},
    {"a kahriz's name reads as its symbol's, in a cluster on a leader",
     test_label_owners},
    {"district names keep off the kahriz symbols",
     test_district_names_clear},
    {"an OpenStreetMap river of many ways is named once, along it",
     test_osm_river_once},
    KZ_TEST_END};

KZ_TEST_SUITE("map_names", cases);
