/*
 * test_legend_kinds.c - the legend names what the map draws, read back
 * from the page with pdftotext: a gallery through surveyed shafts and one
 * known only from its mother well and outlet (schematic) each get their
 * entry when present, and only then; the map's own district, the
 * neighbouring districts beside it and the neighbouring countries have
 * theirs.  The surveys are written by the test.
 */
#include "kztest.h"

#include "map/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

/*
 * Districts AZ-AAA (45.40-45.50 E) and AZ-BBB (45.50-45.60 E), 39.40-39.50
 * N.  In AAA: KZ-1 with its mother well 2 km up-valley and three surveyed
 * shafts; with schematic, also KZ-2, its mother well surveyed but no
 * shaft, so that its gallery can only be drawn straight.
 */
static kz_survey *survey(const char *name, int schematic)
{
    char dir[512], kpath[600], dpath[600], apath[600], spath[600];
    kz_sources src = KZ_SOURCES_INIT;
    FILE *k;

    snprintf(dir, sizeof(dir), "%s/%s", kz_test_tmpdir(), name);
    mkdir(dir, 0755);
    snprintf(kpath, sizeof(kpath), "%s/kahrizes.csv", dir);
    snprintf(apath, sizeof(apath), "%s/assessments.csv", dir);
    snprintf(spath, sizeof(spath), "%s/shafts.csv", dir);
    snprintf(dpath, sizeof(dpath), "%s/districts.geojson", dir);
    write_file(
        dpath,
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"AZ-AAA\","
        "\"name_az\":\"Birinci\",\"name_en\":\"Birinji\",\"name_alt\":\"\","
        "\"type\":\"district\",\"region_code\":\"R1\",\"region_az\":\"R1\","
        "\"region_en\":\"R1\"},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[45.4,39.4],[45.5,39.4],[45.5,39.5],[45.4,39.5],"
        "[45.4,39.4]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"AZ-BBB\","
        "\"name_az\":\"Ikinci\",\"name_en\":\"Ikinji\",\"name_alt\":\"\","
        "\"type\":\"district\",\"region_code\":\"R1\",\"region_az\":\"R1\","
        "\"region_en\":\"R1\"},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[45.5,39.4],[45.6,39.4],[45.6,39.5],[45.5,39.5],"
        "[45.5,39.4]]]}}]}");
    write_file(apath, schematic
                          ? KZ_TEST_ASSESSMENT_HEADER
                          "KZ-1,2024-05-01,3.5,good,yes,20,3,0,none,,,,\n"
                          "KZ-2,2024-05-01,1.2,fair,yes,10,5,0,none,,,,\n"
                          : KZ_TEST_ASSESSMENT_HEADER
                          "KZ-1,2024-05-01,3.5,good,yes,20,3,0,none,,,,\n");
    write_file(spath, "kahriz_id,seq,x,y,crs,depth_m\n"
                      "KZ-1,1,45.430,39.470,EPSG:4326,20\n"
                      "KZ-1,2,45.433,39.466,EPSG:4326,15\n"
                      "KZ-1,3,45.437,39.461,EPSG:4326,9\n"
                      "KZ-1,4,45.441,39.456,EPSG:4326,4\n");
    k = fopen(kpath, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    fputs(KZ_TEST_KAHRIZ_HEADER, k);
    fputs("KZ-1,Birinci kəhriz,,AZ-AAA,,,45.445,39.450,EPSG:4326,45.430,"
          "39.470,2500,3,20,1900,icma,\n",
          k);
    if (schematic)
        fputs("KZ-2,İkinci kəhriz,,AZ-AAA,,,45.470,39.430,EPSG:4326,"
              "45.480,39.460,3600,5,25,1900,icma,\n",
              k);
    fclose(k);
    src.kahrizes = kpath;
    src.assessments = apath;
    src.shafts = spath;
    src.districts = dpath;
    return kz_test_load(&src);
}

/* The text of the district map of AZ-AAA (PDF, default style). */
static char *map_text(const kz_survey *sv, const char *name)
{
    kz_style *st = NULL;
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    char path[600], cmd[800];

    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    snprintf(path, sizeof(path), "%s/%s/map.pdf", kz_test_tmpdir(), name);
    o.kind = KZ_MAP_DISTRICT;
    o.code = "AZ-AAA";
    CU_ASSERT_EQUAL(
        kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st, &o),
        KZ_OK);
    kz_style_destroy(st);
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
    return kz_test_output(cmd);
}

static void expect(const char *text, const char *want, int present)
{
    const char *hit = text ? strstr(text, want) : NULL;
    if (!text || (hit != NULL) != present)
        fprintf(stderr, "\n\"%s\" %s the page\n", want,
                present ? "missing from" : "unexpected on");
    CU_ASSERT(text && (hit != NULL) == present);
}

static void test_both_gallery_kinds(void)
{
    kz_survey *sv = survey("legend-both", 1);
    char *text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    text = map_text(sv, "legend-both");
    expect(text, "Qalereya (ölçülmüş) / Gallery (surveyed)", 1);
    expect(text, "Qalereya (sxematik) / Gallery (schematic)", 1);
    expect(text, "Ana quyu / Mother well", 1);
    expect(text, "Bu rayon / This district", 1);
    expect(text, "Qonşu rayonlar / Neighbouring districts", 1);
    expect(text, "Rayon sərhədi / District boundary", 1);
    free(text);
    kz_survey_destroy(sv);
}

static void test_surveyed_only(void)
{
    kz_survey *sv = survey("legend-surveyed", 0);
    char *text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    text = map_text(sv, "legend-surveyed");
    expect(text, "Qalereya (ölçülmüş) / Gallery (surveyed)", 1);
    expect(text, "sxematik", 0);
    expect(text, "schematic", 0);
    free(text);
    kz_survey_destroy(sv);
}

/* The bundled Ordubad map shows neighbouring countries too. */
static void test_bundled_countries(void)
{
    char pdf[600], args[800], cmd[800], *text;

    snprintf(pdf, sizeof(pdf), "%s/legend-ord.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args), "map -q --district AZ-ORD -o '%s'", pdf);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", pdf);
    text = kz_test_output(cmd);
    expect(text, "Qalereya (ölçülmüş) / Gallery (surveyed)", 1);
    expect(text, "Qalereya (sxematik) / Gallery (schematic)", 1);
    expect(text, "Qonşu ölkələr / Neighbouring countries", 1);
    expect(text, "Qonşu rayonlar / Neighbouring districts", 1);
    expect(text, "Bu rayon / This district", 1);
    /* Ordubad lies at 45.3-46.1 E: zone floor((lon + 180) / 6) + 1 = 38 */
    expect(text, "Proyeksiya / Projection: UTM 38N, WGS84 (EPSG:32638)", 1);
    free(text);
}

static const kz_test_case cases[] = {
    {"surveyed and schematic galleries in the legend",
     test_both_gallery_kinds},
    {"no schematic entry without schematic galleries", test_surveyed_only},
    {"bundled district map: every kind of area in the legend",
     test_bundled_countries},
    KZ_TEST_END};

KZ_TEST_SUITE("legend kinds", cases);
