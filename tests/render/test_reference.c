/*
 * test_reference.c - reference geography a user brings: an OpenStreetMap
 * file written here (a river, a road, villages with name:az / name:en) and
 * a survey of our own in Ordubad.  What the map shows is read back with
 * pdftotext; what validate says is compared with what was worked out by
 * hand from the coordinates below.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A village node next to T-1's outlet (0.5 km), one 1 km from T-2's (its
 * name given in capitals in the survey), a river across the district and
 * a primary road; a shop node and a footpath of no reference kind. */
static const char *const osm =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<osm version=\"0.6\" generator=\"test\">\n"
    " <node id=\"1\" lat=\"39.070\" lon=\"45.845\" version=\"1\">"
    "<tag k=\"place\" v=\"village\"/><tag k=\"name\" v=\"Şahtaxtı\"/>"
    "<tag k=\"name:az\" v=\"Şahtaxtı\"/>"
    "<tag k=\"name:en\" v=\"Shahtakhti\"/></node>\n"
    " <node id=\"2\" lat=\"38.990\" lon=\"45.905\" version=\"1\">"
    "<tag k=\"place\" v=\"hamlet\"/><tag k=\"name\" v=\"Zəyəm\"/>"
    "<tag k=\"name:en\" v=\"Zayam &quot;Lower&quot;\"/></node>\n"
    " <node id=\"3\" lat=\"39.00\" lon=\"45.90\" version=\"1\">"
    "<tag k=\"shop\" v=\"bakery\"/></node>\n"
    " <node id=\"10\" lat=\"38.90\" lon=\"45.70\" version=\"1\"/>\n"
    " <node id=\"11\" lat=\"38.95\" lon=\"45.85\" version=\"1\"/>\n"
    " <node id=\"12\" lat=\"39.00\" lon=\"46.00\" version=\"1\"/>\n"
    " <node id=\"13\" lat=\"39.05\" lon=\"46.10\" version=\"1\"/>\n"
    " <node id=\"20\" lat=\"39.10\" lon=\"45.60\" version=\"1\"/>\n"
    " <node id=\"21\" lat=\"39.00\" lon=\"45.80\" version=\"1\"/>\n"
    " <node id=\"22\" lat=\"38.93\" lon=\"46.05\" version=\"1\"/>\n"
    " <way id=\"100\" version=\"1\"><nd ref=\"10\"/><nd ref=\"11\"/>"
    "<nd ref=\"12\"/><nd ref=\"13\"/><tag k=\"waterway\" v=\"river\"/>"
    "<tag k=\"name\" v=\"Gilançay\"/>"
    "<tag k=\"name:en\" v=\"Gilanchay\"/></way>\n"
    " <way id=\"101\" version=\"1\"><nd ref=\"20\"/><nd ref=\"21\"/>"
    "<nd ref=\"22\"/><tag k=\"highway\" v=\"primary\"/></way>\n"
    " <way id=\"102\" version=\"1\"><nd ref=\"21\"/><nd ref=\"12\"/>"
    "<tag k=\"highway\" v=\"footway\"/></way>\n"
    "</osm>\n";

/* T-1 and T-2 are served by the villages above; T-3's village is in no
 * layer; T-4 names Şahtaxtı but lies 41 km from it (worked out: 0.245°
 * of longitude and 0.32° of latitude at 39°N). */
static const char *const kahrizes =
    "id,name_az,name_en,district,village_az,village_en,x,y,crs\n"
    "T-1,Birinci kəhriz,,AZ-ORD,Şahtaxtı,Shahtakhti,45.846,39.066,"
    "EPSG:4326\n"
    "T-2,İkinci kəhriz,,AZ-ORD,ZƏYƏM,,45.905,38.981,EPSG:4326\n"
    "T-3,Üçüncü kəhriz,,AZ-ORD,Yoxkənd,Yokhkand,45.95,38.95,EPSG:4326\n"
    "T-4,Dördüncü kəhriz,,AZ-ORD,Şahtaxtı,Shahtakhti,45.60,38.75,"
    "EPSG:4326\n";

static char dir[600];

static void write_file(const char *name, const char *text)
{
    char path[700];
    FILE *fp;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    CU_ASSERT_EQUAL(fclose(fp), 0);
}

static void setup(void)
{
    snprintf(dir, sizeof(dir), "%s", kz_test_tmpdir());
    write_file("extract.osm", osm);
    write_file("kahrizes.csv", kahrizes);
}

/* pdftotext of a PDF (raw order: a label along a line stays whole). */
static char *pdf_text(const char *pdf, int raw)
{
    char cmd[900];
    snprintf(cmd, sizeof(cmd), "pdftotext -q %s -enc UTF-8 '%s' -",
             raw ? "-raw" : "", pdf);
    return kz_test_output(cmd);
}

/* `map` of our survey: Ordubad's, or the national map when extra starts
 * with "--national". */
static void map_args(char *args, size_t cap, const char *extra,
                     const char *pdf)
{
    snprintf(args, cap,
             "map --overwrite %s '%s/kahrizes.csv' --districts '%s' %s "
             "-o '%s'",
             strncmp(extra, "--national", 10) == 0 ? "" : "--district AZ-ORD",
             dir, kz_test_src("data/districts.geojson"), extra, pdf);
}

static int run_map(const char *extra, const char *pdf, char **out)
{
    char args[4000];
    map_args(args, sizeof(args), extra, pdf);
    return kz_test_cli(out, 1, args);
}

/* run_map, which must succeed. */
static void map_ok(const char *extra, const char *pdf)
{
    char args[4000];
    map_args(args, sizeof(args), extra, pdf);
    kz_test_cli_ok(args);
}

static void test_osm_layers_on_the_map(void)
{
    char pdf[700], extra[800], *text, *raw;

    setup();
    snprintf(pdf, sizeof(pdf), "%s/osm.pdf", dir);
    snprintf(extra, sizeof(extra),
             "--rivers none --lakes none --towns none --reference '%s/extract.osm'",
             dir);
    map_ok(extra, pdf);
    text = pdf_text(pdf, 0);
    raw = pdf_text(pdf, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
    /* the survey's villages, in both languages (Zəyəm has no name:az: its
     * OSM name is Latin, so it is the Azerbaijani one) */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Şahtaxtı / Shahtakhti"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Zəyəm / Zayam \"Lower\""));
    /* the river along its line, both names */
    CU_ASSERT_PTR_NOT_NULL(strstr(raw, "Gilançay / Gilanchay"));
    /* the legend names what was drawn */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Çay, kanal / River, canal"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Avtomobil yolu / Road"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Qəsəbə, kənd / Town, village"));
    /* none of the bundled layers was asked for */
    CU_ASSERT_PTR_NULL(strstr(text, "Araz"));
    CU_ASSERT_PTR_NULL(strstr(text, "Göl, su anbarı"));
    free(text);
    free(raw);
}

/* The same extract as PBF (made by osmium, as Geofabrik's are): read
 * through GDAL's OSM driver in one pass like the XML. */
static void test_osm_pbf(void)
{
    char cmd[2000], pdf[700], extra[800], *text;

    setup();
    if (!kz_test_need(system("command -v osmium >/dev/null 2>&1") == 0,
                      "osmium (Debian osmium-tool) to write a .osm.pbf"))
        return;
    snprintf(cmd, sizeof(cmd),
             "osmium cat -O -o '%s/extract.osm.pbf' '%s/extract.osm' "
             "2>/dev/null",
             dir, dir);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(pdf, sizeof(pdf), "%s/pbf.pdf", dir);
    snprintf(extra, sizeof(extra),
             "--rivers none --lakes none --towns none "
             "--reference '%s/extract.osm.pbf'",
             dir);
    map_ok(extra, pdf);
    text = pdf_text(pdf, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Şahtaxtı / Shahtakhti"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Gilançay / Gilanchay"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Avtomobil yolu / Road"));
    free(text);
}

static void test_bundled_layers(void)
{
    char pdf[700], *text, *raw;

    setup();
    snprintf(pdf, sizeof(pdf), "%s/bundled.pdf", dir);
    map_ok("", pdf);
    text = pdf_text(pdf, 0);
    raw = pdf_text(pdf, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
    /* the Araz is Ordubad's southern border: named along it */
    CU_ASSERT_PTR_NOT_NULL(strstr(raw, "Araz / Aras"));
    /* Ordubad town (GeoNames) next to its dot */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Ordubad"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Çay, kanal / River, canal"));
    /* no road layer is bundled */
    CU_ASSERT_PTR_NULL(strstr(text, "Avtomobil yolu"));
    free(text);
    free(raw);

    /* the national map of the same survey (kahrizes in Ordubad only)
     * names every district: the city districts Bakı and Sumqayıt by
     * their names beside the city marker (in the districts' two lines),
     * each once, and the places of those names are not drawn again */
    {
        snprintf(pdf, sizeof(pdf), "%s/national.pdf", dir);
        map_ok("--national", pdf);
        text = pdf_text(pdf, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Bakı\nBaku"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "Sumqayıt\nSumgayit"));
        CU_ASSERT_PTR_NULL(strstr(text, "Bakı / Baku"));
        CU_ASSERT_PTR_NULL(strstr(text, "Sumqayıt / Sumgayit"));
        free(text);
    }
}

static void test_validate_villages(void)
{
    char args[3000], *out;

    setup();
    snprintf(args, sizeof(args),
             "validate '%s/kahrizes.csv' --districts '%s' --towns none "
             "--reference '%s/extract.osm' --format csv",
             dir, kz_test_src("data/districts.geojson"), dir);
    out = kz_test_cli_out(0, args);
    /* T-3 (row 4): Yoxkənd is in no layer */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, ",4,village_az,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Yoxkənd"));
    /* T-4 (row 5): Şahtaxtı is 41 km away from it */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, ",5,village_az,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "only 41 km away"));
    /* T-1 and T-2 (rows 2, 3) found: nothing said of them */
    CU_ASSERT_PTR_NULL(strstr(out, ",2,village"));
    CU_ASSERT_PTR_NULL(strstr(out, ",3,village"));
    free(out);
    /* a Geofabrik-style places layer (fclass, a Latin name only) as a
     * GeoPackage made by GDAL's ogr2ogr: its Yoxkənd, 1.5 km from T-3,
     * is found by its romanised name */
    write_file("gis_osm_places_free_1.geojson",
               "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
               "\"Feature\",\"properties\":{\"fclass\":\"village\","
               "\"name\":\"Yokhkand\",\"population\":300},\"geometry\":"
               "{\"type\":\"Point\",\"coordinates\":[45.96,38.96]}}]}");
    snprintf(args, sizeof(args),
             "ogr2ogr -f GPKG '%s/places.gpkg' "
             "'%s/gis_osm_places_free_1.geojson' -nln gis_osm_places_free_1 "
             ">/dev/null 2>&1",
             dir, dir);
    CU_ASSERT_EQUAL_FATAL(system(args), 0);
    snprintf(args, sizeof(args),
             "validate '%s/kahrizes.csv' --districts '%s' --towns none "
             "--reference '%s/extract.osm' --reference '%s/places.gpkg' "
             "--format csv",
             dir, kz_test_src("data/districts.geojson"), dir, dir);
    out = kz_test_cli_out(0, args);
    CU_ASSERT_PTR_NULL(strstr(out, ",4,village"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, ",5,village_az,"));
    free(out);
}

static void test_reference_errors(void)
{
    char args[4000], pdf[700], extra[800], *out = NULL;
    int rc;

    setup();
    snprintf(pdf, sizeof(pdf), "%s/bad.pdf", dir);
    /* a source that is not there: named, non-zero exit, no page */
    snprintf(extra, sizeof(extra), "--reference '%s/missing.osm'", dir);
    rc = run_map(extra, pdf, &out);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "missing.osm"));
    free(out);
    out = NULL;
    /* a layer of nothing the map knows is said, not silently used */
    write_file("parcels.geojson",
               "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
               "\"Feature\",\"properties\":{\"owner\":\"x\"},\"geometry\":"
               "{\"type\":\"Polygon\",\"coordinates\":[[[45.8,39],[45.9,39],"
               "[45.9,39.1],[45.8,39]]]}}]}");
    snprintf(extra, sizeof(extra), "--reference '%s/parcels.geojson'", dir);
    map_args(args, sizeof(args), extra, pdf);
    out = kz_test_cli_out(1, args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "parcels.geojson: no river, "
                                       "water area, place or road"));
    free(out);
    /* the same polygon named as water is drawn as water */
    snprintf(extra, sizeof(extra),
             "--towns none --reference 'water=%s/parcels.geojson'", dir);
    map_ok(extra, pdf);
    out = pdf_text(pdf, 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "Göl, su anbarı / Lake"));
    free(out);
    out = NULL;
    /* an unknown kind is a usage error naming it */
    snprintf(args, sizeof(args),
             "map --district AZ-ORD -q --reference 'lakes=%s/parcels.geojson'"
             " -o '%s'",
             dir, pdf);
    rc = kz_test_cli(&out, 1, args);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    free(out);
}

/* Plain layers without tags or class fields: the kind comes from the
 * layer's name (streams, main_roads, settlements), a road's class from
 * its class field (1: primary, drawn at 1:250 000 where a minor road, the
 * default, is not), a settlement's from its population (20 000: a town). */
static void test_layer_names(void)
{
    char pdf[700], extra[2000], *text;

    setup();
    write_file("streams.geojson",
               "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
               "\"Feature\",\"properties\":{\"name\":\"Dərəçay\"},"
               "\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
               "[[45.72,39.20],[45.80,39.15],[45.90,39.12]]}}]}");
    write_file("main_roads.geojson",
               "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
               "\"Feature\",\"properties\":{\"class\":1},\"geometry\":"
               "{\"type\":"
               "\"LineString\",\"coordinates\":[[45.70,38.95],"
               "[46.05,39.20]]}}]}");
    write_file("settlements.geojson",
               "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
               "\"Feature\",\"properties\":{\"name\":\"Sınaqkənd\","
               "\"population\":20000},\"geometry\":{\"type\":\"Point\","
               "\"coordinates\":[45.93,39.25]}}]}");
    snprintf(pdf, sizeof(pdf), "%s/names.pdf", dir);
    snprintf(extra, sizeof(extra),
             "--rivers none --lakes none --towns none "
             "--reference '%s/streams.geojson' "
             "--reference '%s/main_roads.geojson' "
             "--reference '%s/settlements.geojson'",
             dir, dir, dir);
    map_ok(extra, pdf);
    text = pdf_text(pdf, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Çay, kanal / River, canal"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Avtomobil yolu / Road"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Qəsəbə, kənd / Town, village"));
    /* a town, not a city: no city row */
    CU_ASSERT_PTR_NULL(strstr(text, "Şəhər / City"));
    free(text);
}

static void test_kind_names(void)
{
    kz_ctx *ctx = kz_test_ctx;
    kz_reference_kind k = KZ_REF_AUTO;
    CU_ASSERT_EQUAL(kz_reference_kind_parse(&k, ctx, "Rivers"), KZ_OK);
    CU_ASSERT_EQUAL(k, KZ_REF_RIVERS);
    CU_ASSERT_EQUAL(kz_reference_kind_parse(&k, ctx, "places"), KZ_OK);
    CU_ASSERT_EQUAL(k, KZ_REF_PLACES);
    CU_ASSERT_EQUAL(kz_reference_kind_parse(&k, ctx, "lakes"), KZ_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(ctx)->message, "lakes"));
}

static const kz_test_case cases[] = {
    {"OpenStreetMap villages, river and road on the map",
     test_osm_layers_on_the_map},
    {"the same extract as .osm.pbf", test_osm_pbf},
    {"bundled rivers and towns on Ordubad's map", test_bundled_layers},
    {"validate lists villages not found", test_validate_villages},
    {"reference sources: errors and kinds", test_reference_errors},
    {"plain layers told by their names", test_layer_names},
    {"kind names", test_kind_names},
    KZ_TEST_END};

KZ_TEST_SUITE("reference", cases);
