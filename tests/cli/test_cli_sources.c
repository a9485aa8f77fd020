/*
 * test_cli_sources.c - a user's own survey, end to end: which sources each
 * command reads (never the bundled sample once a source is given), --survey,
 * positional sources, --sample, codes as typed, output names, -q.
 * Expectations are the rows written here, counted by hand, and what
 * pdftotext and sqlite3 read back.
 */
#include "kztest.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Three kahrizes in Culfa and one in Babək, from the coordinates of the
 * sample's Culfa and Babək kahrizes; five visits, no shafts. */
static const char *mine(void)
{
    static char dir[1024];
    char path[1100];
    FILE *fp;
    if (dir[0])
        return dir;
    snprintf(dir, sizeof(dir), "%s/mine", kz_test_tmpdir());
    mkdir(dir, 0777);
    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(KZ_TEST_KAHRIZ_HEADER
          "M-1,Birinci kəhriz,First kahriz,AZ-CUL,Zeyvə,Zeyva,45.604811,"
          "39.309685,EPSG:4326,,,1384,18,17.9,1850,icma,\n"
          "M-2,İkinci kəhriz,Second kahriz,AZ-CUL,Yaycı,Yayji,45.616361,"
          "39.078656,EPSG:4326,,,2509,15,40.5,1859,icma,\n"
          "M-3,Üçüncü kəhriz,Third kahriz,AZ-CUL,Ağdaban,Aghdaban,45.574946,"
          "39.016459,EPSG:4326,,,1545,23,22.5,1855,icma,\n"
          "M-4,Dördüncü kəhriz,Fourth kahriz,AZ-BAB,Öysüzlü,Oysuzlu,"
          "45.408489,39.350115,EPSG:4326,,,1320,8,26.2,1867,icma,\n",
          fp);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/assessments.csv", dir);
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(KZ_TEST_ASSESSMENT_HEADER
          "M-1,2019-05-02,2.5,good,yes,10,18,0,none,,,,A\n"
          "M-1,2021-05-02,2.0,good,yes,10,18,0,none,,,,A\n"
          "M-2,2020-06-01,1.25,poor,no,5,10,5,none,,,,A\n"
          "M-3,2020-06-01,0,dry,no,0,20,3,none,,,,A\n"
          "M-4,2020-07-01,3.5,fair,yes,7,8,0,none,,,,A\n",
          fp);
    fclose(fp);
    return dir;
}

__attribute__((format(printf, 3, 4))) static int
run(char **out, int want_err, const char *fmt, ...)
{
    char args[8192];
    va_list ap;
    int rc;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    rc = kz_test_cli(out, want_err, args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
    return rc;
}

/* The arguments fmt makes, in a static buffer (valid until the next
 * call), for the commands that must succeed. */
__attribute__((format(printf, 1, 2))) static const char *
cli_args(const char *fmt, ...)
{
    static char args[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    return args;
}

/* Nothing of the bundled survey is named: its files live in data/survey. */
static void assert_no_sample(const char *out)
{
    if (strstr(out, "data/survey") || strstr(out, "sample"))
        fprintf(stderr, "\n  the bundled survey crept in:\n%s\n", out);
    CU_ASSERT_PTR_NULL(strstr(out, "data/survey"));
    CU_ASSERT_PTR_NULL(strstr(out, "sample"));
}

static void test_own_survey_validates_alone(void)
{
    const char *d = mine();
    char *out;

    out = kz_test_cli_out(1, cli_args("validate --kahrizes '%s/kahrizes.csv' "
                                      "--assessments '%s/assessments.csv'",
                                      d, d));
    assert_no_sample(out);
    /* 4 and 5 rows read, all accepted; no shafts row at all */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "kahrizes             4          4"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "assessments          5          5"));
    CU_ASSERT_PTR_NULL(strstr(out, "\nshafts "));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "shafts: none given"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "0 errors, 0 warnings"));
    free(out);

    /* kahrizes alone: no assessments are pulled in */
    out = kz_test_cli_out(1,
                          cli_args("validate --kahrizes '%s/kahrizes.csv'", d));
    assert_no_sample(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "assessments: none given"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "0 errors, 0 warnings"));
    free(out);

    /* assessments without kahrizes: a usage error, not the sample */
    CU_ASSERT_EQUAL(run(&out, 1, "validate --assessments '%s/assessments.csv'",
                        d),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "no kahrizes source"));
    free(out);
}

/* stats counts per district: 3 in Culfa, 1 in Babək, worked by hand. */
static void test_every_command_takes_sources(void)
{
    const char *d = mine();
    char *out, path[1200];
    struct stat st;

    /* a directory given without an option, to stats */
    out = kz_test_cli_out(0, cli_args("stats '%s'", d));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nAZ-CUL,Culfa,Julfa,"));
    {
        const char *p = strstr(out, "\r\nAZ-CUL,");
        int commas = 0;
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        for (p += 2; *p && commas < 5; p++)
            commas += *p == ',';
        CU_ASSERT_EQUAL(atoi(p), 3);
    }
    free(out);
    /* the summary line names the sources read */
    out = kz_test_cli_out(
        1, cli_args("stats --kahrizes '%s/kahrizes.csv' -o '%s/s.csv'", d,
                    kz_test_tmpdir()));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "4 kahrizes from "));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "no assessments"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "no shafts"));
    assert_no_sample(out);
    free(out);

    /* map, export and build take the same sources */
    out =
        kz_test_cli_out(1, cli_args("map --district AZ-CUL '%s' -o '%s/m.pdf'",
                                    d, kz_test_tmpdir()));
    assert_no_sample(out);
    free(out);
    out = kz_test_cli_out(
        1, cli_args("export --kahrizes '%s/kahrizes.csv' -o '%s/e.gpkg'", d,
                    kz_test_tmpdir()));
    assert_no_sample(out);
    free(out);
    snprintf(path, sizeof(path), "%s/e.gpkg", kz_test_tmpdir());
    CU_ASSERT_EQUAL(stat(path, &st), 0);
    out = kz_test_cli_out(
        1, cli_args("build '%s' --sections cover,districts -o '%s/a.pdf'", d,
                    kz_test_tmpdir()));
    assert_no_sample(out);
    free(out);
    /* the pages name our kahrizes, not the sample's */
    snprintf(path, sizeof(path), "pdftotext '%s/a.pdf' -", kz_test_tmpdir());
    out = kz_test_output(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Üçüncü kəhriz"));
    CU_ASSERT_PTR_NULL(strstr(out, "KZ-0"));
    free(out);
}

static void test_survey_geopackage(void)
{
    const char *d = mine();
    char *out, cmd[2400];

    kz_test_cli_ok(cli_args("export '%s' --overwrite -o '%s/own.gpkg'", d,
                            kz_test_tmpdir()));
    /* --survey reads every role from the layers; the counts read back
     * equal what sqlite3 finds in the file */
    out = kz_test_cli_out(
        1, cli_args("validate --survey '%s/own.gpkg'", kz_test_tmpdir()));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "kahrizes             4          4"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "assessments          5          5"));
    assert_no_sample(out);
    free(out);
    snprintf(cmd, sizeof(cmd),
             "sqlite3 '%s/own.gpkg' 'SELECT count(*) FROM kahrizes; "
             "SELECT count(*) FROM assessments; SELECT count(*) FROM "
             "districts'",
             kz_test_tmpdir());
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "4\n5\n77\n");
    free(out);
    /* a positional .gpkg is --survey; the districts come from it */
    out = kz_test_cli_out(1, cli_args("stats '%s/own.gpkg' -o '%s/g.csv'",
                                      kz_test_tmpdir(), kz_test_tmpdir()));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "77 districts from "));
    free(out);
    /* a GeoPackage without a kahrizes layer */
    snprintf(cmd, sizeof(cmd),
             "ogr2ogr -f GPKG '%s/nok.gpkg' '%s' -nln districts",
             kz_test_tmpdir(), kz_test_src("data/districts.geojson"));
    CU_ASSERT_EQUAL(system(cmd), 0);
    CU_ASSERT_EQUAL(run(&out, 1, "validate --survey '%s/nok.gpkg'",
                        kz_test_tmpdir()),
                    3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "nok.gpkg: no layer named \"kahrizes\""));
    free(out);
}

static void test_sample_only_without_sources(void)
{
    const char *d = mine();
    char *out;
    out = kz_test_cli_out(1, cli_args("validate"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "data/survey/kahrizes.csv"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "bundled sample survey"));
    free(out);
    CU_ASSERT_EQUAL(run(&out, 1, "validate --sample --kahrizes '%s'", d),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--sample"));
    free(out);
}

static void test_codes_as_typed(void)
{
    const char *d = mine();
    char *out, path[1200];

    /* lower case, spaces: the districts' own codes */
    kz_test_cli_ok(cli_args("build '%s' --sections districts --only-districts "
                            "' az-cul , AZ-bab' -o '%s/only.pdf'",
                            d, kz_test_tmpdir()));
    snprintf(path, sizeof(path), "pdftotext '%s/only.pdf' -",
             kz_test_tmpdir());
    out = kz_test_output(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Culfa"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "Babək"));
    CU_ASSERT_PTR_NULL(strstr(out, "Ordubad /"));
    free(out);
    /* an unknown code: exit 2 and the nearest codes */
    CU_ASSERT_EQUAL(run(&out, 1,
                        "build '%s' --only-districts AZ-CUX -o '%s/x.pdf'", d,
                        kz_test_tmpdir()),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "no district \"AZ-CUX\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "AZ-CUL (Julfa)"));
    free(out);
    CU_ASSERT_EQUAL(run(&out, 1, "map '%s' --district az-ordx -o '%s/x.pdf'",
                        d, kz_test_tmpdir()),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "AZ-ORD (Ordubad)"));
    free(out);
    snprintf(path, sizeof(path), "%s/x.pdf", kz_test_tmpdir());
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
}

/* --crs is the map's projection; the footer (read by pdftotext) says it. */
static void test_map_crs_is_output(void)
{
    const char *d = mine();
    char *out, path[1200];

    kz_test_cli_ok(
        cli_args("map '%s' --district AZ-CUL --crs EPSG:32639 -o '%s/c39.pdf'",
                 d, kz_test_tmpdir()));
    snprintf(path, sizeof(path), "pdftotext '%s/c39.pdf' -",
             kz_test_tmpdir());
    out = kz_test_output(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "EPSG:32639"));
    CU_ASSERT_PTR_NULL(strstr(out, "EPSG:32638"));
    free(out);
    /* and --input-crs is the CRS of rows without one */
    kz_test_cli_ok(cli_args(
        "map '%s' --district AZ-CUL --input-crs EPSG:4326 -o '%s/c38.pdf'", d,
        kz_test_tmpdir()));
    snprintf(path, sizeof(path), "pdftotext '%s/c38.pdf' -",
             kz_test_tmpdir());
    out = kz_test_output(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "EPSG:32638"));
    free(out);
}

static void test_output_names_and_quiet(void)
{
    const char *d = mine();
    char *out, path[1200];

    CU_ASSERT_EQUAL(run(&out, 1, "build '%s' -o '%s/atlas.png'", d,
                        kz_test_tmpdir()),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "-o FILE.pdf"));
    free(out);
    CU_ASSERT_EQUAL(run(&out, 1, "map '%s' --national -o '%s/map.txt'", d,
                        kz_test_tmpdir()),
                    2);
    free(out);
    snprintf(path, sizeof(path), "%s/atlas.png", kz_test_tmpdir());
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    snprintf(path, sizeof(path), "%s/map.txt", kz_test_tmpdir());
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);

    /* an option where a value belongs: the value is missing */
    CU_ASSERT_EQUAL(run(&out, 1, "export '%s' --crs -o '%s/e2.gpkg'", d,
                        kz_test_tmpdir()),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "--crs needs a value"));
    free(out);
    snprintf(path, sizeof(path), "%s/e2.gpkg", kz_test_tmpdir());
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);

    /* -q: nothing at all on success, even for the sample's warnings */
    out = kz_test_cli_out(1,
                          cli_args("stats -q -o '%s/q.csv'", kz_test_tmpdir()));
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    out = kz_test_cli_out(1, cli_args("map -q '%s' --national -o '%s/q.pdf'", d,
                                      kz_test_tmpdir()));
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);

    /* a missing context layer says why */
    CU_ASSERT_EQUAL(run(&out, 1,
                        "map '%s' --national --neighbours /nonexistent.geojson"
                        " -o '%s/n.pdf'",
                        d, kz_test_tmpdir()),
                    3);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "/nonexistent.geojson: no such file or directory"));
    free(out);
    /* a damaged GeoPackage: GDAL's complaint comes as ours, naming it */
    {
        char cmd[2048];
        snprintf(cmd, sizeof(cmd),
                 "ogr2ogr -f GPKG '%s/ctx.gpkg' '%s' && head -c 20000 "
                 "'%s/ctx.gpkg' > '%s/broken.gpkg'",
                 kz_test_tmpdir(), kz_test_src("data/neighbours.geojson"),
                 kz_test_tmpdir(), kz_test_tmpdir());
        CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    }
    CU_ASSERT_EQUAL(run(&out, 1,
                        "map '%s' --national --neighbours '%s/broken.gpkg' "
                        "-o '%s/n.pdf'",
                        d, kz_test_tmpdir(), kz_test_tmpdir()),
                    3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "broken.gpkg: "));
    CU_ASSERT_PTR_NULL(strstr(out, "ERROR "));
    if (strstr(out, "ERROR "))
        fprintf(stderr, "\n  raw GDAL line:\n%s\n", out);
    free(out);
}

static const kz_test_case cases[] = {
    {"own survey validates alone", test_own_survey_validates_alone},
    {"every command takes sources", test_every_command_takes_sources},
    {"--survey GeoPackage", test_survey_geopackage},
    {"sample only without sources", test_sample_only_without_sources},
    {"codes as typed", test_codes_as_typed},
    {"map --crs is the output CRS", test_map_crs_is_output},
    {"output names, -q, missing layers", test_output_names_and_quiet},
    KZ_TEST_END};

KZ_TEST_SUITE("cli-sources", cases);
