/*
 * test_oracle.c - the statistics, the GeoPackage and the kahriz sheets,
 * field by field, against tests/oracle/oracle.py, which works out what they should say
 * from the survey files alone (csv, OGR, OSR, pyproj; nothing of lib/).
 *
 * Surveys: the bundled sample; a generated one of 300 kahrizes whose seed
 * changes from run to run (KZ_ORACLE_SEED sets it; it is printed, so a
 * failure can be run again) with two visits in one year and on one day,
 * dry visits with water written, kahrizes without a visit, a district
 * with one kahriz, names of 200 characters, UTM and WGS84 rows; and that
 * survey's rows and columns sorted, shuffled and reversed, which must
 * give the same bytes in every output (stats, GeoPackage, a map, the
 * atlas).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int tools(void)
{
    return kz_test_need(system("/usr/bin/python3 -c 'import osgeo.ogr, "
                               "pyproj' >/dev/null 2>&1") == 0,
                        "python3 with osgeo and pyproj");
}

/* Run a shell command; its output must end in "rc=0". */
static void must(const char *cmd)
{
    char *full, *out;
    size_t cap = strlen(cmd) + 64;

    full = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(full);
    snprintf(full, cap, "%s 2>&1; echo rc=$?", cmd);
    out = kz_test_output(full);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, "rc=0\n"))
        fprintf(stderr, "\n%s\n%s", cmd, out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "rc=0\n"));
    free(out);
    free(full);
}

/* The survey in dir (NULL: the bundled sample) through stats (by
 * district and region, CSV and JSON), export and the atlas's sheets,
 * each checked against the oracle. */
static void check_survey(const char *dir, const char *tag)
{
    const char *tmp = kz_test_tmpdir();
    char cmd[4096], src[1200], oracle_dir[1200], districts[1200];
    const char *by[2] = {"district", "region"}, *fmt[2] = {"csv", "json"};
    int i, j;

    if (!tools())
        return;
    snprintf(oracle_dir, sizeof(oracle_dir), "%s", kz_test_src("tests/oracle"));
    snprintf(districts, sizeof(districts), "%s",
             kz_test_src("data/districts.geojson"));
    if (dir)
        snprintf(src, sizeof(src), "%s", dir);
    else
        snprintf(src, sizeof(src), "%s", kz_test_src("data/survey"));
    for (i = 0; i < 2; i++) {
        for (j = 0; j < 2; j++) {
            snprintf(cmd, sizeof(cmd),
                     "stats -q %s%s%s --by %s --trend --format %s -o "
                     "'%s/%s-%s.%s'",
                     dir ? "'" : "", dir ? dir : "", dir ? "'" : "", by[i],
                     fmt[j], tmp, tag, by[i], fmt[j]);
            kz_test_cli_ok(cmd);
        }
        snprintf(cmd, sizeof(cmd),
                 "/usr/bin/python3 '%s/check_stats.py' '%s' '%s' %s "
                 "'%s/%s-%s.csv' '%s/%s-%s.json'",
                 oracle_dir, src, districts, by[i], tmp, tag, by[i], tmp, tag,
                 by[i]);
        must(cmd);
    }
    snprintf(cmd, sizeof(cmd), "export -q --overwrite %s%s%s -o '%s/%s.gpkg'",
             dir ? "'" : "", dir ? dir : "", dir ? "'" : "", tmp, tag);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 '%s/check_gpkg.py' '%s' '%s' '%s/%s.gpkg'",
             oracle_dir, src, districts, tmp, tag);
    must(cmd);
    snprintf(cmd, sizeof(cmd),
             "build -q --overwrite %s%s%s --sections sheets -o "
             "'%s/%s-sheets.pdf'",
             dir ? "'" : "", dir ? dir : "", dir ? "'" : "", tmp, tag);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 '%s/check_sheets.py' '%s' '%s' ", oracle_dir,
             src, districts);
    snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
             "'%s' '%s/%s-sheets.pdf'", kz_test_src("styles/default.json"),
             tmp, tag);
    must(cmd);
}

/* This run's seed: KZ_ORACLE_SEED, else the clock; printed. */
static long seed(void)
{
    static long s = -1;
    const char *e = getenv("KZ_ORACLE_SEED");
    if (s >= 0)
        return s;
    s = e && *e ? atol(e) : (long)(time(NULL) % 1000000);
    fprintf(stderr, "\noracle: seed %ld (KZ_ORACLE_SEED=%ld repeats it)\n",
            s, s);
    return s;
}

/* The generated survey of n kahrizes in rows ordered by order, in
 * tmp/gen-ORDER-N; its path. */
static const char *generate(int n, const char *order)
{
    static char dir[1200];
    char cmd[4096];

    snprintf(dir, sizeof(dir), "%s/gen-%s-%d", kz_test_tmpdir(), order, n);
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' %ld %d ",
             kz_test_src("tests/oracle/gen_survey.py"), seed(), n);
    snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), "'%s' '%s' %s",
             kz_test_src("data/districts.geojson"), dir, order);
    must(cmd);
    return dir;
}

static void test_bundled(void)
{
    check_survey(NULL, "bundled");
}

static void test_generated(void)
{
    char dir[1200], cmd[1400], *out;

    if (!tools())
        return;
    snprintf(dir, sizeof(dir), "%s", generate(300, "shuffled"));
    /* every generated row is valid: none rejected */
    snprintf(cmd, sizeof(cmd), "validate '%s'", dir);
    out = kz_test_cli_out(0, cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "0 errors"));
    free(out);
    check_survey(dir, "generated");
}

/* Every output of the survey in dir, with SOURCE_DATE_EPOCH, into
 * tmp/ORDER.* */
static void outputs(const char *dir, const char *order)
{
    const char *tmp = kz_test_tmpdir();
    char cmd[4096];

    snprintf(cmd, sizeof(cmd),
             "stats -q '%s' --trend --format csv -o '%s/%s.csv'", dir, tmp,
             order);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd),
             "stats -q '%s' --by region --trend --format json -o "
             "'%s/%s.json'",
             dir, tmp, order);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd), "export -q --overwrite '%s' -o '%s/%s.gpkg'",
             dir, tmp, order);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd),
             "map -q --overwrite --national '%s' -o '%s/%s-map.pdf'", dir,
             tmp, order);
    kz_test_cli_ok(cmd);
    snprintf(cmd, sizeof(cmd),
             "build -q --overwrite '%s' -o '%s/%s-atlas.pdf'", dir, tmp,
             order);
    kz_test_cli_ok(cmd);
}

static void test_row_order(void)
{
    static const char *const orders[] = {"sorted", "shuffled", "reversed"};
    static const char *const ext[] = {".csv", ".json", ".gpkg", "-map.pdf",
                                      "-atlas.pdf"};
    char cmd[4096];
    size_t i, j;

    if (!tools())
        return;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    for (i = 0; i < 3; i++)
        outputs(generate(120, orders[i]), orders[i]);
    unsetenv("SOURCE_DATE_EPOCH");
    for (i = 1; i < 3; i++)
        for (j = 0; j < sizeof(ext) / sizeof(*ext); j++) {
            snprintf(cmd, sizeof(cmd), "cmp '%s/sorted%s' ",
                     kz_test_tmpdir(), ext[j]);
            snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
                     "'%s/%s%s'", kz_test_tmpdir(), orders[i], ext[j]);
            must(cmd);
        }
}

int main(void)
{
    static const kz_test_case cases[] = {
        {"the bundled survey's statistics, GeoPackage and sheets are the "
         "oracle's",
         test_bundled},
        {"a generated survey's statistics, GeoPackage and sheets are the "
         "oracle's",
         test_generated},
        {"the rows' and columns' order changes no output byte",
         test_row_order},
        KZ_TEST_END};
    if (kz_test_add_suite("oracle", cases) < 0)
        return 2;
    return kz_test_run();
}
