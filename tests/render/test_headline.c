/*
 * test_headline.c - the count under a map's title is the district's (or
 * region's) own kahrizes, with those of neighbours inside the frame said
 * apart in both languages; numbers counted by hand from the survey the
 * test writes, read back from the page with pdftotext.
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

/* One 0.1° square district feature from lon0 eastwards. */
static void feature(char *buf, size_t cap, const char *code,
                    const char *name, const char *region, double lon0)
{
    snprintf(buf, cap,
             "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\","
             "\"name_az\":\"%s\",\"name_en\":\"%s\",\"name_alt\":\"\","
             "\"type\":\"district\",\"region_code\":\"%s\",\"region_az\":"
             "\"%s\",\"region_en\":\"%s\"},\"geometry\":{\"type\":"
             "\"Polygon\",\"coordinates\":[[[%.2f,39.4],[%.2f,39.4],[%.2f,"
             "39.5],[%.2f,39.5],[%.2f,39.4]]]}}",
             code, name, name, region, region, region, lon0, lon0 + 0.1,
             lon0 + 0.1, lon0, lon0);
}

/*
 * Districts AZ-AAA (45.4-45.5 E) and AZ-BBB (45.5-45.6 E) in region R1,
 * AZ-CCC (45.6-45.7 E) in R2, all 39.4-39.5 N.  Kahrizes: 5 inside AAA;
 * 3 in BBB just past AAA's eastern border and 2 in BBB's east; 2 in CCC
 * just past R1's border and 1 in CCC's east.
 */
static kz_survey *three_districts(void)
{
    static const double lons[13] = {45.42, 45.43, 45.45, 45.47, 45.48,
                                    45.501, 45.502, 45.503, 45.55, 45.58,
                                    45.601, 45.602, 45.69};
    static const char *const dist[13] = {
        "AZ-AAA", "AZ-AAA", "AZ-AAA", "AZ-AAA", "AZ-AAA", "AZ-BBB", "AZ-BBB",
        "AZ-BBB", "AZ-BBB", "AZ-BBB", "AZ-CCC", "AZ-CCC", "AZ-CCC"};
    char dir[512], kpath[600], dpath[600], apath[600], spath[600];
    char fa[600], fb[600], fc[600], geo[2048];
    kz_sources src = KZ_SOURCES_INIT;
    FILE *k;
    int i;

    snprintf(dir, sizeof(dir), "%s/headline", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(kpath, sizeof(kpath), "%s/kahrizes.csv", dir);
    snprintf(apath, sizeof(apath), "%s/assessments.csv", dir);
    snprintf(spath, sizeof(spath), "%s/shafts.csv", dir);
    snprintf(dpath, sizeof(dpath), "%s/districts.geojson", dir);
    feature(fa, sizeof(fa), "AZ-AAA", "Birinci", "R1", 45.4);
    feature(fb, sizeof(fb), "AZ-BBB", "Ikinci", "R1", 45.5);
    feature(fc, sizeof(fc), "AZ-CCC", "Ucuncu", "R2", 45.6);
    snprintf(geo, sizeof(geo),
             "{\"type\":\"FeatureCollection\",\"features\":[%s,%s,%s]}", fa,
             fb, fc);
    write_file(dpath, geo);
    write_file(apath, KZ_TEST_ASSESSMENT_HEADER);
    write_file(spath, "kahriz_id,seq,x,y,crs,depth_m\n");
    k = fopen(kpath, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    fputs(KZ_TEST_KAHRIZ_HEADER, k);
    for (i = 0; i < 13; i++)
        fprintf(k,
                "KZ-%02d,Kahriz %d,,%s,,,%.3f,39.45,EPSG:4326,,,500,5,10,"
                "1900,icma,\n",
                i, i, dist[i], lons[i]);
    fclose(k);
    src.kahrizes = kpath;
    src.assessments = apath;
    src.shafts = spath;
    src.districts = dpath;
    return kz_test_load(&src);
}

static char *map_text(const kz_survey *sv, kz_map_kind kind,
                      const char *code, kz_map_result *res)
{
    kz_style *st = NULL;
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    char path[600], cmd[800];

    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    snprintf(path, sizeof(path), "%s/headline/%s.pdf", kz_test_tmpdir(),
             code);
    o.kind = kind;
    o.code = code;
    o.date = 20261201;
    /* the district's own UTM zone named: the frame fits the district (no
     * standard scale), as the counts below were worked out for */
    o.crs = "EPSG:32638";
    CU_ASSERT_EQUAL(
        kz_map_render_file(res, kz_test_ctx, path, sv, NULL, st, &o), KZ_OK);
    kz_style_destroy(st);
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
    return kz_test_output(cmd);
}

static void expect(const char *text, const char *want)
{
    if (!text || !strstr(text, want))
        fprintf(stderr, "\nmissing from the page: \"%s\"\n", want);
    CU_ASSERT_PTR_NOT_NULL(text ? strstr(text, want) : NULL);
}

static void test_district_own_count(void)
{
    kz_survey *sv = three_districts();
    kz_map_result res;
    char *text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    text = map_text(sv, KZ_MAP_DISTRICT, "AZ-AAA", &res);
    /* the frame shows AAA's 5 and the 3 of BBB by its border */
    CU_ASSERT_EQUAL(res.kahrizes_drawn, 8);
    expect(text, "Kəhrizlər: 5 (+ 3 qonşu rayonlarda)");
    expect(text, "Kahrizes: 5 (+ 3 in neighbouring districts)");
    CU_ASSERT_PTR_NULL(text ? strstr(text, "Kahrizes: 8") : "");
    free(text);
    kz_survey_destroy(sv);
}

static void test_region_own_count(void)
{
    kz_survey *sv = three_districts();
    kz_map_result res;
    char *text;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    /* R1 is AAA and BBB: 10; CCC's 2 by the border are neighbours */
    text = map_text(sv, KZ_MAP_REGION, "R1", &res);
    CU_ASSERT_EQUAL(res.kahrizes_drawn, 12);
    expect(text, "Kəhrizlər: 10 (+ 2 qonşu rayonlarda)");
    expect(text, "Kahrizes: 10 (+ 2 in neighbouring districts)");
    free(text);
    /* CCC's frame holds no neighbour: the count alone */
    text = map_text(sv, KZ_MAP_REGION, "R2", &res);
    expect(text, "Kahrizes: 3");
    CU_ASSERT_PTR_NULL(text ? strstr(text, "neighbouring") : "");
    free(text);
    kz_survey_destroy(sv);
}

static const kz_test_case cases[] = {
    {"headline: district's own", test_district_own_count},
    {"headline: region's own", test_region_own_count},
    KZ_TEST_END};

KZ_TEST_SUITE("render_headline", cases);
