/*
 * test_ingest_faults.c - a clean survey with districts loaded while each
 * allocation fails in turn: KZ_ENOMEM every time until the load
 * succeeds, and the load that succeeds is whole (the country outline the
 * inset maps draw is there, every district has its equal-area area).
 * Then the district rows the reader must refuse or repair, each by row
 * and field (a CSV written here, so that it can hold bad bytes), and
 * districts in UTM, whose area is the hand-worked 10 km × 10 km.
 */
#include "kztest.h"
#include "core/core.h"
#include "ingest/ingest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

/* One kahriz at lon, lat, in a file of the temporary directory. */
static const char *one_kahriz(double lon, double lat)
{
    static char path[1024];
    char text[1024];
    snprintf(path, sizeof(path), "%s/one-kahriz.csv", kz_test_tmpdir());
    snprintf(text, sizeof(text),
             KZ_TEST_KAHRIZ_HEADER "K-1,Bir,,,,,%.4f,%.4f,,,,,,,,,\n", lon,
             lat);
    write_file(path, text);
    return path;
}

static void test_oom_clean_survey(void)
{
    char k[1024], a[1024], d[1024];
    long n;
    int rc = KZ_ENOMEM;
    snprintf(k, sizeof(k), "%s",
             kz_test_src("tests/data/aggregate/kahrizes.csv"));
    snprintf(a, sizeof(a), "%s",
             kz_test_src("tests/data/aggregate/assessments.csv"));
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    for (n = 1; n < 20000; n++) {
        kz_sources src = KZ_SOURCES_INIT;
        kz_survey *sv = NULL;
        size_t i;
        src.kahrizes = k;
        src.assessments = a;
        src.districts = d;
        src.today = 20260101;
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz_survey_load(&sv, kz_test_ctx, &src, NULL);
        kz__ctx_fail_alloc_at(kz_test_ctx, 0);
        if (rc != KZ_OK) {
            if (rc != KZ_ENOMEM)
                fprintf(stderr, "\n  allocation %ld failing: %s (%s)", n,
                        kz_status_str(rc),
                        kz_ctx_error(kz_test_ctx)->message);
            CU_ASSERT_EQUAL(rc, KZ_ENOMEM);
            CU_ASSERT_PTR_NULL(sv);
            continue;
        }
        CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
        if (!sv->country)
            fprintf(stderr, "\n  allocation %ld failing: a survey without "
                            "its country outline", n);
        CU_ASSERT_PTR_NOT_NULL(sv->country);
        CU_ASSERT(sv->n_districts > 0);
        for (i = 0; i < sv->n_districts; i++)
            CU_ASSERT(sv->districts[i].area_km2 > 0);
        kz_survey_destroy(sv);
        break;
    }
    CU_ASSERT_EQUAL(rc, KZ_OK);
    CU_ASSERT(n > 20);
}

/* One bad district per line (the header is line 1); the expectations
 * are the rules of the district table, checked by row and field. */
static void test_district_rows(void)
{
    static const char csv[] =
        "code,name_az,name_en,type,region_code,region_az,region_en,WKT\n"
        /* 2 */ "T-A,Alfa,Alpha,district,R1,Bir,One,"
        "\"POLYGON ((46 40,46.1 40,46.1 40.1,46 40.1,46 40))\"\n"
        /* 3 */ ",Boş kod,,district,R1,Bir,One,"
        "\"POLYGON ((46 41,46.1 41,46.1 41.1,46 41))\"\n"
        /* 4 */ "t-a,Kiçik,,district,R1,Bir,One,"
        "\"POLYGON ((46 42,46.1 42,46.1 42.1,46 42))\"\n"
        /* 5 */ "T-C,,Nameless,district,R1,Bir,One,"
        "\"POLYGON ((46 43,46.1 43,46.1 43.1,46 43))\"\n"
        /* 6 */ "T-D,Dal,,,R1,Bir,One,"
        "\"POLYGON ((46.2 40,46.3 40,46.3 40.1,46.2 40))\"\n"
        /* 7 */ "T-E,Eyni,,village,R1,Bir,One,"
        "\"POLYGON ((46 44,46.1 44,46.1 44.1,46 44))\"\n"
        /* 8 */ "T-F,Fərq,,district,R2,,Two,"
        "\"POLYGON ((46 45,46.1 45,46.1 45.1,46 45))\"\n"
        /* 9 */ "T-G,Gül,,district,R3,Şəki,,"
        "\"POLYGON ((46.4 40,46.5 40,46.5 40.1,46.4 40))\"\n"
        /* 10 */ "T-H,Həyət,,city,R1,Başqa,One,"
        "\"POLYGON ((46 46,46.1 46,46.1 46.1,46 46))\"\n"
        /* 11 */ "T-I,İlk,,district,R1,Bir,Uno,"
        "\"POLYGON ((46 47,46.1 47,46.1 47.1,46 47))\"\n"
        /* 12 */ "T-J,Cay,Bad \xff byte,district,R1,Bir,One,"
        "\"POLYGON ((46 48,46.1 48,46.1 48.1,46 48))\"\n"
        /* 13 */ "T-K,Xətt,,district,R1,Bir,One,"
        "\"LINESTRING (46 49,46.1 49)\"\n"
        /* 14 */ "T-L,Boş,,district,R1,Bir,One,\"POLYGON EMPTY\"\n"
        /* 15 */ "T-M,Kəpənək,,district,R1,Bir,One,"
        "\"POLYGON ((46.6 40,46.7 40.1,46.7 40,46.6 40.1,46.6 40))\"\n";
    kz_sources src = KZ_SOURCES_INIT;
    kz_report *rep = NULL;
    kz_survey *sv = NULL;
    char path[1024];
    const char *f = "faults-districts.csv";
    size_t i;
    int rc, found_g = 0, found_d = 0;
    snprintf(path, sizeof(path), "%s/%s", kz_test_tmpdir(), f);
    write_file(path, csv);
    src.kahrizes = one_kahriz(46.05, 40.05);
    src.districts = path;
    src.today = 20260101;
    CU_ASSERT_EQUAL_FATAL(kz_report_create(&rep, kz_test_ctx), KZ_OK);
    rc = kz_survey_load(&sv, kz_test_ctx, &src, rep);
    if (rc != KZ_EDATA)
        fprintf(stderr, "\n  %s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL(rc, KZ_EDATA);
    CU_ASSERT(kz_test_report_has(rep, f, 3, "code", "a district code is "
                                                    "required"));
    CU_ASSERT(kz_test_report_has(rep, f, 4, "code",
                                 "\"t-a\" differs only in case from the "
                                 "code at row 2"));
    CU_ASSERT(kz_test_report_has(rep, f, 5, "name_az", "empty"));
    CU_ASSERT(kz_test_report_has(rep, f, 6, "type",
                                 "empty; taken as \"district\""));
    CU_ASSERT(kz_test_report_has(rep, f, 7, "type",
                                 "unknown type \"village\""));
    CU_ASSERT(kz_test_report_has(rep, f, 8, "region_az", "empty"));
    CU_ASSERT(kz_test_report_has(rep, f, 10, "region_az",
                                 "\"Başqa\" differs from \"Bir\", the name "
                                 "of region R1 at row 2"));
    CU_ASSERT(kz_test_report_has(rep, f, 11, "region_en",
                                 "\"Uno\" differs from \"One\""));
    /* "Bad " is 4 bytes: the fifth is the bad one */
    CU_ASSERT(kz_test_report_has(rep, f, 12, "name_en",
                                 "invalid UTF-8 at byte 5"));
    CU_ASSERT(kz_test_report_has(rep, f, 13, "geometry", "no polygon area"));
    CU_ASSERT(kz_test_report_has(rep, f, 14, "geometry", "empty geometry"));
    CU_ASSERT(kz_test_report_has(rep, f, 15, "geometry",
                                 "invalid polygon repaired"));
    /* accepted: T-A, T-D (a warning), T-G (its English region name made
     * by Resolution 498: Ş sh, ə a), T-M (repaired) */
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL(sv->n_districts, 4);
    for (i = 0; i < sv->n_districts; i++) {
        if (strcmp(sv->districts[i].code, "T-G") == 0) {
            found_g = 1;
            CU_ASSERT_STRING_EQUAL(sv->districts[i].region_en, "Shaki");
        }
        if (strcmp(sv->districts[i].code, "T-D") == 0) {
            found_d = 1;
            CU_ASSERT_STRING_EQUAL(sv->districts[i].type, "district");
        }
    }
    CU_ASSERT(found_g && found_d);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* Districts in UTM zone 38N: a 10 km square beside the zone's central
 * meridian (45°E), so its area is 100 km² to within the UTM scale
 * factor (0.9996², 0.08%).  Then the same load with each allocation
 * failing in turn: KZ_ENOMEM, never a row error, until it succeeds. */
static void test_projected_districts(void)
{
    static const char json[] =
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
        "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32638\"}},"
        "\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":"
        "\"T-U\",\"name_az\":\"Utm\",\"name_en\":\"\",\"type\":"
        "\"district\",\"region_code\":\"R1\",\"region_az\":\"Bir\","
        "\"region_en\":\"One\"},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[495000,4400000],[505000,4400000],"
        "[505000,4410000],[495000,4410000],[495000,4400000]]]}}]}\n";
    char path[1024];
    long n;
    int rc = KZ_ENOMEM;
    snprintf(path, sizeof(path), "%s/utm-districts.geojson",
             kz_test_tmpdir());
    write_file(path, json);
    for (n = 0; n < 20000; n++) {
        kz_sources src = KZ_SOURCES_INIT;
        kz_survey *sv = NULL;
        src.kahrizes = one_kahriz(45.0, 39.77);
        src.districts = path;
        src.today = 20260101;
        kz__ctx_fail_alloc_at(kz_test_ctx, n); /* 0: none fails */
        rc = kz_survey_load(&sv, kz_test_ctx, &src, NULL);
        kz__ctx_fail_alloc_at(kz_test_ctx, 0);
        if (n == 0) {
            if (rc != KZ_OK)
                fprintf(stderr, "\n  %s\n",
                        kz_ctx_error(kz_test_ctx)->message);
            CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
            CU_ASSERT_EQUAL(sv->n_districts, 1);
            CU_ASSERT(fabs(sv->districts[0].area_km2 - 100.0) < 0.1);
            /* 45°E is the zone's middle: the square straddles it */
            CU_ASSERT(sv->districts[0].minx < 45 &&
                      sv->districts[0].maxx > 45);
            kz_survey_destroy(sv);
            continue;
        }
        if (rc == KZ_OK) {
            CU_ASSERT(fabs(sv->districts[0].area_km2 - 100.0) < 0.1);
            kz_survey_destroy(sv);
            break;
        }
        if (rc != KZ_ENOMEM)
            fprintf(stderr, "\n  allocation %ld failing: %s (%s)", n,
                    kz_status_str(rc), kz_ctx_error(kz_test_ctx)->message);
        CU_ASSERT_EQUAL(rc, KZ_ENOMEM);
        CU_ASSERT_PTR_NULL(sv);
    }
    CU_ASSERT_EQUAL(rc, KZ_OK);
}

/* A pipe-separated file (the CSV driver takes no pipes here: the reader
 * copies it with commas) with a byte order mark and quoted fields, loaded
 * with each allocation failing in turn: KZ_ENOMEM until it loads, and
 * then the fields are those written. */
static void test_oom_piped(void)
{
    static const char piped[] =
        "\xEF\xBB\xBFid|name_az|x|y|length_m|owner\r\n"
        "P-1|\"Bir|iki, \"\"üç\"\"\"|45.95|38.91|1200|icma\r\n"
        "P-2|İki|46.36|40.68||\"sətir bir\r\nsətir iki\"\r\n";
    char path[1024];
    long n;
    int rc = KZ_ENOMEM;
    snprintf(path, sizeof(path), "%s/piped-bom.psv", kz_test_tmpdir());
    write_file(path, piped);
    for (n = 1; n < 20000; n++) {
        kz_sources src = KZ_SOURCES_INIT;
        kz_survey *sv = NULL;
        long i;
        src.kahrizes = path;
        src.csv_separator = '|';
        src.today = 20260101;
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz_survey_load(&sv, kz_test_ctx, &src, NULL);
        kz__ctx_fail_alloc_at(kz_test_ctx, 0);
        if (rc != KZ_OK) {
            if (rc != KZ_ENOMEM)
                fprintf(stderr, "\n  allocation %ld failing: %s (%s)", n,
                        kz_status_str(rc),
                        kz_ctx_error(kz_test_ctx)->message);
            CU_ASSERT_EQUAL(rc, KZ_ENOMEM);
            CU_ASSERT_PTR_NULL(sv);
            continue;
        }
        CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 2);
        i = kz_survey_find(sv, "P-1");
        CU_ASSERT_FATAL(i >= 0);
        CU_ASSERT_STRING_EQUAL(kz_survey_kahriz(sv, (size_t)i)->name_az,
                               "Bir|iki, \"üç\"");
        i = kz_survey_find(sv, "P-2");
        CU_ASSERT_FATAL(i >= 0);
        CU_ASSERT_STRING_EQUAL(kz_survey_kahriz(sv, (size_t)i)->owner,
                               "sətir bir\nsətir iki");
        kz_survey_destroy(sv);
        break;
    }
    CU_ASSERT_EQUAL(rc, KZ_OK);
    CU_ASSERT(n > 20);
}

/* A mapping file's line that is not "canonical = header" is refused,
 * naming the file and the line; a missing one names the file. */
static void test_mapping_file_errors(void)
{
    static const struct {
        const char *text;
        long line;
    } bad[] = {{"# header names\nid Nömrə\n", 2},
               {"id = Nömrə\n\nname_az =\n", 3},
               {"= Adı\n", 1}};
    char path[1024], want[1100];
    size_t i;
    for (i = 0; i <= sizeof(bad) / sizeof(bad[0]); i++) {
        kz_sources src = KZ_SOURCES_INIT;
        kz_survey *sv = NULL;
        const char *msg;
        snprintf(path, sizeof(path), "%s/mapping-%zu.txt", kz_test_tmpdir(),
                 i);
        if (i < sizeof(bad) / sizeof(bad[0]))
            write_file(path, bad[i].text);
        src.kahrizes = one_kahriz(46.0, 40.0);
        src.mapping = path;
        CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, NULL),
                        KZ_EINPUT);
        CU_ASSERT_PTR_NULL(sv);
        msg = kz_ctx_error(kz_test_ctx)->message;
        if (i < sizeof(bad) / sizeof(bad[0])) {
            snprintf(want, sizeof(want), "%s:%ld: expected \"canonical = "
                                         "header\"",
                     path, bad[i].line);
        } else {
            snprintf(want, sizeof(want), "%s: cannot open the mapping file",
                     path);
        }
        if (!strstr(msg, want))
            fprintf(stderr, "\n  wanted %s\n  got    %s\n", want, msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, want));
    }
}

/* "|layerid=N" after a source picks its Nth layer; anything else after
 * the bar is refused, naming what is expected. */
static void test_layer_suffix(void)
{
    static const char *const bad[] = {"|layerid=", "|layerid=1x",
                                      "|layerid=-1", "|name=x"};
    char spec[1200];
    const char *k = one_kahriz(46.0, 40.0);
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    size_t i;
    snprintf(spec, sizeof(spec), "%s|layerid=0", k);
    src.kahrizes = spec;
    src.today = 20260101;
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, NULL), KZ_OK);
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 1);
    kz_survey_destroy(sv);
    sv = NULL;
    /* a CSV has one layer: the second is not there */
    snprintf(spec, sizeof(spec), "%s|layerid=1", k);
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, NULL), KZ_EINPUT);
    CU_ASSERT_PTR_NULL(sv);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(spec, sizeof(spec), "%s%s", k, bad[i]);
        CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, NULL),
                        KZ_EINPUT);
        CU_ASSERT_PTR_NULL(sv);
        if (!strstr(kz_ctx_error(kz_test_ctx)->message,
                    "expected \"|layername=NAME\" or \"|layerid=N\""))
            fprintf(stderr, "\n  %s: %s\n", bad[i],
                    kz_ctx_error(kz_test_ctx)->message);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(kz_ctx_error(kz_test_ctx)->message,
                   "expected \"|layername=NAME\" or \"|layerid=N\""));
    }
}

/* A report's source whose file name is longer than a block of its
 * strings (16 KiB) needs an allocation of its own: each allocation of the
 * step failing in turn is KZ_ENOMEM, and the step that succeeds keeps
 * the name whole. */
static void test_report_source_oom(void)
{
    static char name[20000];
    long n;
    int rc = KZ_ENOMEM;
    memset(name, 'd', sizeof(name) - 5);
    memcpy(name + sizeof(name) - 5, ".csv", 5);
    for (n = 1; n < 100; n++) {
        kz_report *r = NULL;
        size_t slot = 7;
        CU_ASSERT_EQUAL_FATAL(kz_report_create(&r, kz_test_ctx), KZ_OK);
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz__report_begin_source(r, "kahrizes", name, &slot);
        kz__ctx_fail_alloc_at(kz_test_ctx, 0);
        if (rc == KZ_OK) {
            CU_ASSERT_EQUAL(kz_report_summary_count(r), 1);
            CU_ASSERT_STRING_EQUAL(kz_report_summary_get(r, 0)->file, name);
            kz_report_destroy(r);
            break;
        }
        CU_ASSERT_EQUAL(rc, KZ_ENOMEM);
        CU_ASSERT_EQUAL(kz_report_summary_count(r), 0);
        kz_report_destroy(r);
    }
    CU_ASSERT_EQUAL(rc, KZ_OK);
    CU_ASSERT(n > 2); /* the source's role, its file name, the table */
}

/* The keywords of the rehabilitation states, as the header documents
 * them ("done"), and "" past the last. */
static void test_rehab_names(void)
{
    CU_ASSERT_STRING_EQUAL(kz_rehab_name(KZ_REHAB_UNKNOWN), "");
    CU_ASSERT_STRING_EQUAL(kz_rehab_name(KZ_REHAB_NONE), "none");
    CU_ASSERT_STRING_EQUAL(kz_rehab_name(KZ_REHAB_PLANNED), "planned");
    CU_ASSERT_STRING_EQUAL(kz_rehab_name(KZ_REHAB_ONGOING), "ongoing");
    CU_ASSERT_STRING_EQUAL(kz_rehab_name(KZ_REHAB_DONE), "done");
    CU_ASSERT_STRING_EQUAL(kz_rehab_name((kz_rehab)(KZ_REHAB_DONE + 1)), "");
}

/* Azerbaijan's box is 44.7 to 50.7 E, 38.3 to 42.0 N, edges included: a
 * point outside it whose two numbers, swapped, fall inside (on the edge
 * too) is said to look swapped. */
static void test_swapped_on_the_edge(void)
{
    static const struct {
        double x, y;
        int swapped;
    } t[] = {{38.3, 46.0, 1}, {42.0, 50.7, 1}, {40.0, 44.7, 1},
             {38.2, 46.0, 0}, {40.0, 44.6, 0}, {20.0, 30.0, 0}};
    char path[1024], text[1024];
    size_t i;
    snprintf(path, sizeof(path), "%s/swapped.csv", kz_test_tmpdir());
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        kz_sources src = KZ_SOURCES_INIT;
        kz_report *rep = NULL;
        kz_survey *sv = NULL;
        snprintf(text, sizeof(text),
                 KZ_TEST_KAHRIZ_HEADER "K-1,Bir,,,,,%.1f,%.1f,,,,,,,,,\n",
                 t[i].x, t[i].y);
        write_file(path, text);
        src.kahrizes = path;
        src.today = 20260101;
        CU_ASSERT_EQUAL_FATAL(kz_report_create(&rep, kz_test_ctx), KZ_OK);
        CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, rep),
                        KZ_EDATA);
        CU_ASSERT(kz_test_report_has(rep, "swapped.csv", 2, "x",
                                     "is outside Azerbaijan"));
        CU_ASSERT_EQUAL(kz_test_report_has(rep, "swapped.csv", 2, "x",
                                           "look swapped") != 0,
                        t[i].swapped);
        kz_survey_destroy(sv);
        kz_report_destroy(rep);
    }
}

/* Kahrizes as a GeoJSON MultiPoint layer: a MultiPoint of one point is
 * that point (GIS exports write single points so); one of two is
 * refused, naming its row and the geometry. */
static void test_multipoint_kahrizes(void)
{
    char path[1024];
    kz_sources src = KZ_SOURCES_INIT;
    kz_report *rep = NULL;
    kz_survey *sv = NULL;
    const kz_kahriz *k;

    snprintf(path, sizeof(path), "%s/multi.geojson", kz_test_tmpdir());
    write_file(path,
               "{\"type\": \"FeatureCollection\", \"features\": [\n"
               "{\"type\": \"Feature\", \"properties\": {\"id\": \"MP-1\", "
               "\"name_az\": \"Bir\"}, \"geometry\": {\"type\": "
               "\"MultiPoint\", \"coordinates\": [[46.1, 40.1]]}},\n"
               "{\"type\": \"Feature\", \"properties\": {\"id\": \"MP-2\", "
               "\"name_az\": \"İki\"}, \"geometry\": {\"type\": "
               "\"MultiPoint\", \"coordinates\": [[46.1, 40.1], "
               "[46.2, 40.2]]}},\n"
               "{\"type\": \"Feature\", \"properties\": {\"id\": \"MP-3\", "
               "\"name_az\": \"Üç\"}, \"geometry\": {\"type\": "
               "\"MultiPoint\", \"coordinates\": [[46.3, 40.3]]}}]}\n");
    src.kahrizes = path;
    src.today = 20260101;
    CU_ASSERT_EQUAL_FATAL(kz_report_create(&rep, kz_test_ctx), KZ_OK);
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, rep), KZ_EDATA);
    /* the row is the feature's FID: OGR numbers GeoJSON features from 0 */
    CU_ASSERT(kz_test_report_has(rep, "multi.geojson", 1, "geometry",
                                 "a point is expected, not MULTIPOINT"));
    /* the survey comes back with the rows that were not refused */
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_survey_kahriz_count(sv), 2);
    k = kz_survey_kahriz(sv, 0);
    CU_ASSERT_STRING_EQUAL(k->id, "MP-1");
    CU_ASSERT_DOUBLE_EQUAL(k->lon, 46.1, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(k->lat, 40.1, 1e-12);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* A mapping line of a role names one of that role's fields: a field the
 * kahrizes do not have is refused, naming the line; one they have maps
 * its column (the name read from "Adı"). */
static void test_mapping_fields(void)
{
    char map[1024], k[1024];
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    snprintf(k, sizeof(k), "%s/mapped-k.csv", kz_test_tmpdir());
    write_file(k, "id,Adı,x,y\nM-1,Bir adı,46.1,40.1\n");
    snprintf(map, sizeof(map), "%s/fields-map.txt", kz_test_tmpdir());
    write_file(map, "# fields\nkahrizes.frobnicate = Adı\n");
    src.kahrizes = k;
    src.mapping = map;
    src.today = 20260101;
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, NULL), KZ_EINPUT);
    CU_ASSERT_PTR_NULL(sv);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "fields-map.txt:2: kahrizes have no field "
                                  "\"frobnicate\""));
    /* a line of no role names a field of some role */
    write_file(map, "frobnicate = Adı\n");
    CU_ASSERT(kz_survey_load(&sv, kz_test_ctx, &src, NULL) < 0);
    CU_ASSERT_PTR_NULL(sv);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "fields-map.txt:1: unknown field "
                                  "\"frobnicate\""));
    /* the districts' fields are checked when their source is bound */
    {
        char d[1024];
        snprintf(d, sizeof(d), "%s",
                 kz_test_src("tests/data/aggregate/districts.geojson"));
        src.districts = d;
        write_file(map, "districts.frobnicate = name_az\n");
        CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, NULL),
                        KZ_EINPUT);
        CU_ASSERT_PTR_NULL(sv);
        CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                      "fields-map.txt:1: districts have no "
                                      "field \"frobnicate\""));
        src.districts = NULL;
    }
    write_file(map, "kahrizes.name_az = Adı\n");
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, NULL), KZ_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_STRING_EQUAL(kz_survey_kahriz(sv, 0)->name_az, "Bir adı");
    kz_survey_destroy(sv);
}

static const kz_test_case cases[] = {
    {"allocation failures, clean survey", test_oom_clean_survey},
    {"district rows", test_district_rows},
    {"MultiPoint kahrizes", test_multipoint_kahrizes},
    {"projected districts", test_projected_districts},
    {"allocation failures, piped text", test_oom_piped},
    {"mapping file errors", test_mapping_file_errors},
    {"layer suffix", test_layer_suffix},
    {"report source under allocation failure", test_report_source_oom},
    {"rehabilitation names", test_rehab_names},
    {"swapped coordinates on the edge", test_swapped_on_the_edge},
    {"mapping fields", test_mapping_fields},
    KZ_TEST_END};

KZ_TEST_SUITE("ingest faults", cases);
