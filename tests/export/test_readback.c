/*
 * test_readback.c - the export as partners and the tool itself read it:
 * the GeoPackage given to every source option gives the same statistics
 * byte for byte, SQL over the file agrees with them, measured values keep
 * their digits, the output name and an existing file are checked first,
 * SOURCE_DATE_EPOCH fixes every date, and bad districts are reported by
 * row.  Expected values come from sqlite3, Python or hand sums.
 */
#include "kztest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUNDLED                                                               \
    "--kahrizes '%s/data/survey/kahrizes.csv' "                              \
    "--assessments '%s/data/survey/assessments.csv' "                        \
    "--shafts '%s/data/survey/shafts.csv' "                                  \
    "--districts '%s/data/districts.geojson'"

static const char *srcdir(void)
{
    static char dir[1024];
    snprintf(dir, sizeof(dir), "%s", kz_test_src("."));
    return dir;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

static int same_text(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Field n (0-based) of a CSV line without quoted commas. */
static void csv_field(char *out, size_t cap, const char *line, int n)
{
    const char *p = line, *e;
    size_t len;
    while (n-- > 0 && p)
        p = (p = strchr(p, ',')) ? p + 1 : NULL;
    if (!p) {
        out[0] = '\0';
        return;
    }
    e = p + strcspn(p, ",\r\n");
    len = (size_t)(e - p) < cap - 1 ? (size_t)(e - p) : cap - 1;
    memcpy(out, p, len);
    out[len] = '\0';
}

/* ------------------------------------------------------------ round trip */

static void test_round_trip_same_stats(void)
{
    const char *d = srcdir();
    char gpkg[1024], args[16384], *a, *b, *v;
    static const char *const by[] = {"district", "region"};
    size_t i;

    snprintf(gpkg, sizeof(gpkg), "%s/rt.gpkg", kz_test_tmpdir());
    remove(gpkg);
    snprintf(args, sizeof(args), "export " BUNDLED " -q -o '%s'", d, d, d, d,
             gpkg);
    kz_test_cli_ok(args);
    for (i = 0; i < 2; i++) {
        snprintf(args, sizeof(args),
                 "stats " BUNDLED " -q --by %s --format csv", d, d, d, d,
                 by[i]);
        a = kz_test_cli_out(0, args);
        /* no layer names: each option takes the layer named after it */
        snprintf(args, sizeof(args),
                 "stats --kahrizes '%s' --assessments '%s' --shafts '%s' "
                 "--districts '%s' -q --by %s --format csv",
                 gpkg, gpkg, gpkg, gpkg, by[i]);
        b = kz_test_cli_out(0, args);
        CU_ASSERT_TRUE(a && strlen(a) > 1000);
        if (!same_text(a, b))
            fprintf(stderr, "\n--by %s differs after the round trip\n",
                    by[i]);
        CU_ASSERT_TRUE(same_text(a, b));
        free(a);
        free(b);
    }
    /* districts kept their regions: no region row is blank */
    snprintf(args, sizeof(args),
             "stats --kahrizes '%s' --assessments '%s' --shafts '%s' "
             "--districts '%s' -q --by region --format csv",
             gpkg, gpkg, gpkg, gpkg);
    b = kz_test_cli_out(0, args);
    CU_ASSERT_PTR_NOT_NULL(b && strstr(b, "\r\nKARABAKH,Qarabağ,Karabakh,"));
    CU_ASSERT_PTR_NULL(b ? strstr(b, "\r\n,") : NULL);
    free(b);
    /* and nothing in the file is unexpected to the reader */
    snprintf(args, sizeof(args),
             "validate --kahrizes '%s' --assessments '%s' --shafts '%s' "
             "--districts '%s'",
             gpkg, gpkg, gpkg, gpkg);
    v = kz_test_cli_out(1, args);
    CU_ASSERT_PTR_NOT_NULL(v && strstr(v, "0 errors, 0 warnings"));
    CU_ASSERT_PTR_NULL(v ? strstr(v, "warning:") : NULL);
    if (v && strstr(v, "warning:"))
        fprintf(stderr, "\n%s\n", v);
    free(v);
}

/* Kahrizes per district counted by SQLite over the file equal the
 * statistics' kahrizes column; so do the summed latest discharges. */
static void test_round_trip_sql_agrees(void)
{
    const char *d = srcdir();
    char gpkg[1024], args[16384], cmd[4096], *csv, *sql, *line;
    char code[64], n[64], q[128], row[256];
    int rows = 0;

    snprintf(gpkg, sizeof(gpkg), "%s/sql.gpkg", kz_test_tmpdir());
    remove(gpkg);
    snprintf(args, sizeof(args), "export " BUNDLED " -q -o '%s'", d, d, d, d,
             gpkg);
    kz_test_cli_ok(args);
    snprintf(args, sizeof(args),
             "stats --kahrizes '%s' --assessments '%s' --shafts '%s' "
             "--districts '%s' -q --by district --format csv",
             gpkg, gpkg, gpkg, gpkg);
    csv = kz_test_cli_out(0, args);
    snprintf(cmd, sizeof(cmd),
             "sqlite3 -separator , '%s' \"SELECT coalesce(district, "
             "'UNASSIGNED'), count(*), round(coalesce(sum(last_discharge_l_s),"
             " 0), 6) FROM kahrizes GROUP BY 1 ORDER BY 1\"",
             gpkg);
    sql = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sql);
    for (line = strstr(csv, "\r\n"); line && line[2]; line = strstr(line + 2,
                                                                  "\r\n")) {
        double total;
        csv_field(code, sizeof(code), line + 2, 0);
        csv_field(n, sizeof(n), line + 2, 5);
        csv_field(q, sizeof(q), line + 2, 13);
        if (strcmp(code, "TOTAL") == 0 || strcmp(n, "0") == 0)
            continue;
        total = strtod(q, NULL);
        snprintf(row, sizeof(row), "%s,%s,", code, n);
        CU_ASSERT_PTR_NOT_NULL(strstr(sql, row));
        if (strstr(sql, row)) {
            double s = strtod(strstr(sql, row) + strlen(row), NULL);
            CU_ASSERT_DOUBLE_EQUAL(s, total, 1e-6);
        } else {
            fprintf(stderr, "\nno \"%s\" in\n%s\n", row, sql);
        }
        rows++;
    }
    CU_ASSERT_TRUE(rows > 10);
    free(sql);
    free(csv);
}

/* A multi-layer file without the role's layer names itself and its
 * layers. */
static void test_missing_role_layer(void)
{
    char path[1024], cmd[4096], *out = NULL;
    snprintf(path, sizeof(path), "%s/two.gpkg", kz_test_tmpdir());
    remove(path);
    snprintf(cmd, sizeof(cmd),
             "ogr2ogr -f GPKG '%s' '%s' -nln alpha && ogr2ogr -update '%s' "
             "'%s' -nln beta",
             path, kz_test_src("data/districts.geojson"), path,
             kz_test_src("data/districts.geojson"));
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(cmd, sizeof(cmd), "stats --kahrizes '%s' -q", path);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, cmd), 3);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, path));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"kahrizes\""));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "alpha, beta"));
    free(out);
    /* an explicit layer name still wins */
    snprintf(cmd, sizeof(cmd),
             "validate --sample --districts '%s|layername=beta'",
             path);
    out = kz_test_cli_out(1, cmd);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "0 errors"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "two.gpkg|layername=beta"));
    free(out);
}

/* ------------------------------------------------------------- precision */

/* Two kahrizes in Babək measured at 100.25 and 139.3 l/s: the district's
 * total is 239.55 and its median 119.775, which one or two decimals would
 * change. */
static void test_precision_kept(void)
{
    char dir[1024], k[1100], a[1100], g[1100], args[16384], cmd[4096];
    char *out, *sql;
    const char *d = srcdir();
    snprintf(dir, sizeof(dir), "%s/precision", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(k, sizeof(k), "%s/k.csv", dir);
    snprintf(a, sizeof(a), "%s/a.csv", dir);
    snprintf(g, sizeof(g), "%s/p.gpkg", dir);
    write_file(k, KZ_TEST_KAHRIZ_HEADER
               "P-1,Birinci kəhriz,First kahriz,AZ-BAB,Kənd,Village,"
               "45.408489,39.350115,EPSG:4326,,,1000,5,20,1900,icma,\n"
               "P-2,İkinci kəhriz,Second kahriz,AZ-BAB,Kənd,Village,"
               "45.4080,39.3500,EPSG:4326,,,1000,5,20,1900,icma,\n");
    write_file(a, KZ_TEST_ASSESSMENT_HEADER
               "P-1,2020-05-01,100.25,good,yes,10,5,0,none,,,,A\n"
               "P-2,2020-05-01,139.3,good,yes,10,5,0,none,,,,A\n");
    snprintf(args, sizeof(args),
             "stats --kahrizes '%s' --assessments '%s' --shafts none "
             "--districts '%s/data/districts.geojson' -q --format csv",
             k, a, d);
    out = kz_test_cli_out(0, args);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\r\nAZ-BAB,"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, ",2,2,2,0,0,0,0,0,239.55,"
                                              "119.775,20,"));
    free(out);
    snprintf(args, sizeof(args),
             "stats --kahrizes '%s' --assessments '%s' --shafts none "
             "--districts '%s/data/districts.geojson' -q --format json",
             k, a, d);
    out = kz_test_cli_out(0, args);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"discharge_l_s_total\": "
                                              "239.55, \"discharge_l_s_"
                                              "median\": 119.775,"));
    free(out);
    /* the table is for reading: one decimal */
    snprintf(args, sizeof(args),
             "stats --kahrizes '%s' --assessments '%s' --shafts none "
             "--districts '%s/data/districts.geojson' -q --format table",
             k, a, d);
    out = kz_test_cli_out(0, args);
    CU_ASSERT_PTR_NULL(out ? strstr(out, "239.55") : NULL);
    free(out);
    /* the GeoPackage stores the values themselves */
    snprintf(args, sizeof(args),
             "export --kahrizes '%s' --assessments '%s' --shafts none "
             "--districts '%s/data/districts.geojson' -q -o '%s'",
             k, a, d, g);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd),
             "sqlite3 '%s' \"SELECT discharge_l_s_total = 239.55, "
             "discharge_l_s_median = 119.775 FROM districts WHERE code = "
             "'AZ-BAB'\"",
             g);
    sql = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL(sql);
    CU_ASSERT_TRUE(same_text(sql, "1|1\n"));
    free(sql);
}

/* ----------------------------------------------------------- the command */

static void test_output_name_and_existing_file(void)
{
    char path[1024], args[4096], *out = NULL, *kept;
    struct stat st;
    snprintf(path, sizeof(path), "%s/out.sqlite", kz_test_tmpdir());
    snprintf(args, sizeof(args), "export -q -o '%s'", path);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 2);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, ".gpkg"));
    CU_ASSERT_NOT_EQUAL(stat(path, &st), 0);
    free(out);

    /* refused before reading: the missing input is never reached */
    snprintf(path, sizeof(path), "%s/kept.gpkg", kz_test_tmpdir());
    write_file(path, "keep me");
    snprintf(args, sizeof(args),
             "export --kahrizes '%s/no-such-input.csv' -o '%s'",
             kz_test_tmpdir(), path);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 1);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "--overwrite"));
    CU_ASSERT_PTR_NULL(out ? strstr(out, "no-such-input") : NULL);
    free(out);
    kept = kz_test_slurp(path, NULL);
    CU_ASSERT_TRUE(same_text(kept, "keep me"));
    free(kept);
}

static void test_source_date_epoch(void)
{
    const char *d = srcdir();
    char p1[1024], p2[1024], args[16384], cmd[4096], *out = NULL;
    char *d1, *d2, *dates;
    snprintf(p1, sizeof(p1), "%s/sde1.gpkg", kz_test_tmpdir());
    snprintf(p2, sizeof(p2), "%s/sde2.gpkg", kz_test_tmpdir());
    remove(p1);
    remove(p2);
    snprintf(args, sizeof(args),
             "export " BUNDLED " -q -o '%s'", d, d, d, d, p1);
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 0);
    free(out);
    /* a second later, another name: the same rows */
    sleep(1);
    snprintf(args, sizeof(args),
             "export " BUNDLED " -q -o '%s'", d, d, d, d, p2);
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 0);
    free(out);
    unsetenv("SOURCE_DATE_EPOCH");
    snprintf(cmd, sizeof(cmd), "sqlite3 '%s' .dump", p1);
    d1 = kz_test_output(cmd);
    snprintf(cmd, sizeof(cmd), "sqlite3 '%s' .dump", p2);
    d2 = kz_test_output(cmd);
    CU_ASSERT_TRUE(d1 && strlen(d1) > 100000);
    CU_ASSERT_TRUE(same_text(d1, d2));
    free(d1);
    free(d2);
    /* every recorded date is 2023-11-14T22:13:20Z */
    snprintf(cmd, sizeof(cmd),
             "sqlite3 '%s' \"SELECT DISTINCT last_change FROM gpkg_contents"
             " UNION ALL SELECT DISTINCT timestamp FROM "
             "gpkg_metadata_reference UNION ALL SELECT DISTINCT "
             "substr(update_time, 1, 19) FROM layer_styles\"",
             p1);
    dates = kz_test_output(cmd);
    CU_ASSERT_TRUE(same_text(dates, "2023-11-14T22:13:20.000Z\n"
                                    "2023-11-14T22:13:20.000Z\n"
                                    "2023-11-14T22:13:20\n"));
    if (!same_text(dates, "2023-11-14T22:13:20.000Z\n"
                          "2023-11-14T22:13:20.000Z\n"
                          "2023-11-14T22:13:20\n"))
        fprintf(stderr, "\ndates:\n%s\n", dates ? dates : "(none)");
    free(dates);
    /* the bytes too */
    snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", p1, p2);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

/* ------------------------------------------------------ bad districts */

#define SQUARE(x, y)                                                          \
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" #x "," #y "],[" \
    #x ".1," #y "],[" #x ".1," #y ".1],[" #x "," #y ".1],[" #x "," #y        \
    "]]]}"
#define DISTRICT(props, x, y)                                                 \
    "{\"type\":\"Feature\",\"properties\":{" props "}," SQUARE(x, y) "}"
#define REGION_OK                                                             \
    "\"region_code\":\"R1\",\"region_az\":\"Şimal\",\"region_en\":\"North\""

/* One good district, then one bad row of each kind (GeoJSON rows count
 * features from 0). */
static const char bad_districts[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n" DISTRICT(
        "\"code\":\"D1\",\"name_az\":\"Birinci\",\"name_en\":\"First\","
        "\"type\":\"district\"," REGION_OK,
        45, 40) ",\n" DISTRICT("\"code\":\"\",\"name_az\":\"Boş\","
                               "\"type\":\"district\"," REGION_OK,
                               45, 41) ",\n"
    DISTRICT("\"code\":\"D1\",\"name_az\":\"Təkrar\",\"type\":\"district\","
             REGION_OK, 46, 40) ",\n"
    DISTRICT("\"code\":\"D3\",\"name_az\":\"\",\"type\":\"district\","
             REGION_OK, 46, 41) ",\n"
    DISTRICT("\"code\":\"D4\",\"name_az\":\"Dörd\",\"type\":\"village\","
             REGION_OK, 47, 40) ",\n"
    DISTRICT("\"code\":\"D5\",\"name_az\":\"Beş\",\"type\":\"city\","
             "\"region_code\":\"\",\"region_az\":\"X\",\"region_en\":\"X\"",
             47, 41) ",\n"
    DISTRICT("\"code\":\"D6\",\"name_az\":\"Altı\",\"type\":\"city\","
             "\"region_code\":\"R2\",\"region_az\":\"\"",
             48, 40) ",\n"
    DISTRICT("\"code\":\"D7\",\"name_az\":\"Yeddi\",\"type\":\"district\","
             "\"region_code\":\"R1\",\"region_az\":\"Cənub\","
             "\"region_en\":\"South\"",
             48, 41) ",\n"
    DISTRICT("\"code\":\"TOTAL\",\"name_az\":\"Cəm\",\"type\":\"district\","
             REGION_OK, 49, 40) ",\n"
    DISTRICT("\"code\":\"d1\",\"name_az\":\"Kiçik\",\"type\":\"district\","
             REGION_OK, 49, 41) "\n]}\n";

static void test_bad_districts_reported_by_row(void)
{
    static const char *const expected[] = {
        ":1: code: empty",
        ":2: code: duplicate district code \"D1\"",
        ":3: name_az: empty",
        ":4: type: unknown type \"village\"",
        ":5: region_code: empty",
        ":6: region_az: empty",
        ":7: region_az: \"Cənub\" differs from \"Şimal\"",
        ":8: code: \"TOTAL\" is reserved",
        ":9: code: \"d1\" differs only in case",
        NULL};
    char path[1024], args[4096], out_gpkg[1024], *out = NULL;
    const char *const *e;
    struct stat st;
    int i;

    snprintf(path, sizeof(path), "%s/bad-districts.geojson",
             kz_test_tmpdir());
    write_file(path, bad_districts);
    snprintf(args, sizeof(args),
             "validate --districts '%s' --kahrizes '%s' --assessments none "
             "--shafts none",
             path, kz_test_src("tests/data/ingest/kahrizes.csv"));
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 3);
    for (e = expected; *e; e++) {
        char want[256];
        snprintf(want, sizeof(want), "bad-districts.geojson%s", *e);
        if (!out || !strstr(out, want))
            fprintf(stderr, "\nmissing: %s\n", want);
        CU_ASSERT_PTR_NOT_NULL(out && strstr(out, want));
    }
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\n9 errors"));
    free(out);

    /* export and build stop the same way, exit 3, no SQLite message */
    snprintf(out_gpkg, sizeof(out_gpkg), "%s/bad-districts.gpkg",
             kz_test_tmpdir());
    for (i = 0; i < 3; i++) {
        if (i == 0)
            snprintf(args, sizeof(args),
                     "export --districts '%s' --kahrizes '%s' "
                     "--assessments none --shafts none -o '%s'",
                     path, kz_test_src("tests/data/ingest/kahrizes.csv"),
                     out_gpkg);
        else if (i == 1)
            snprintf(args, sizeof(args),
                     "build --districts '%s' --kahrizes '%s' "
                     "--assessments none --shafts none -o '%s/bad.pdf'",
                     path, kz_test_src("tests/data/ingest/kahrizes.csv"),
                     kz_test_tmpdir());
        else /* leaving the bad rows out works */
            snprintf(args, sizeof(args),
                     "export --districts '%s' --kahrizes '%s' "
                     "--assessments none --shafts none --on-error=skip "
                     "-o '%s'",
                     path, kz_test_src("tests/data/ingest/kahrizes.csv"),
                     out_gpkg);
        CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), i < 2 ? 3 : 0);
        CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "bad-districts.geojson:3:"
                                                  " name_az: empty"));
        CU_ASSERT_PTR_NULL(out ? strstr(out, "constraint") : NULL);
        CU_ASSERT_PTR_NULL(out ? strstr(out, "ERROR 1") : NULL);
        free(out);
        if (i == 0)
            CU_ASSERT_NOT_EQUAL(stat(out_gpkg, &st), 0);
    }
    CU_ASSERT_EQUAL(stat(out_gpkg, &st), 0);
}

static const kz_test_case cases[] = {
    {"round trip gives the same stats", test_round_trip_same_stats},
    {"round trip agrees with sql", test_round_trip_sql_agrees},
    {"missing role layer named", test_missing_role_layer},
    {"precision kept", test_precision_kept},
    {"output name and existing file", test_output_name_and_existing_file},
    {"source date epoch", test_source_date_epoch},
    {"bad districts reported by row", test_bad_districts_reported_by_row},
    KZ_TEST_END};

KZ_TEST_SUITE("export readback", cases);
