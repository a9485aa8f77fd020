/*
 * test_cli.c - the kahriz-atlas executable as a user runs it: help,
 * version, exit codes, stats output in every format, atomic -o.
 */
#include "kztest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int run(char **out, int want_err, const char *args)
{
    int rc = kz_test_cli(out, want_err, args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
    return rc;
}

static void test_help_lists_commands(void)
{
    char *out;
    out = kz_test_cli_out(0, "--help");
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "validate"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "stats"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "map"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "130"));
    free(out);
    CU_ASSERT_EQUAL(run(&out, 0, ""), 2);
    free(out);
    CU_ASSERT_EQUAL(run(&out, 0, "frobnicate"), 2);
    free(out);
}

static void test_version_lists_libraries(void)
{
    char *out;
    out = kz_test_cli_out(0, "--version");
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "kahriz-atlas 0.1.0"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "GDAL "));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "PROJ "));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "GEOS "));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "cairo "));
    free(out);
}

static const char *fixture_args(void)
{
    static char buf[4096];
    snprintf(buf, sizeof(buf),
             "--kahrizes '%s/tests/data/aggregate/kahrizes.csv' "
             "--assessments '%s/tests/data/aggregate/assessments.csv' "
             "--districts '%s/tests/data/aggregate/districts.geojson' "
             "--shafts none",
             KZ_SOURCE_DIR, KZ_SOURCE_DIR, KZ_SOURCE_DIR);
    return buf;
}

static void test_stats_formats(void)
{
    char args[8192], *out;
    snprintf(args, sizeof(args), "stats %s --format csv", fixture_args());
    out = kz_test_cli_out(0, args);
    CU_ASSERT_EQUAL(strncmp(out, "code,name_az,name_en,region,area_km2,", 37),
                    0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nT-A,Alfa,Alpha,R1,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nUNASSIGNED,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nTOTAL,Cəmi,Total,,"));
    free(out);

    snprintf(args, sizeof(args), "stats %s --format json", fixture_args());
    out = kz_test_cli_out(0, args);
    CU_ASSERT_EQUAL(out[0], '[');
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"code\": \"T-E\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"discharge_l_s_median\": null"));
    free(out);

    snprintf(args, sizeof(args), "stats %s --by region --format table",
             fixture_args());
    out = kz_test_cli_out(0, args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "İkinci"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "TOTAL"));
    free(out);
}

static void test_stats_trend_columns(void)
{
    char args[8192], *out;
    snprintf(args, sizeof(args), "stats %s --trend", fixture_args());
    out = kz_test_cli_out(0, args);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, ",rehabilitated,first_year,last_year,"
                                       "discharge_change_l_s\r\n"));
    /* T-A: K1 4 -> 6 and K2 2 -> 1 l/s between 2015 and 2020 */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, ",2015,2020,1\r\n"));
    free(out);
}

/* Decimal point stays '.' whatever the locale says: the CLI run under
 * each decimal-comma locale (LC_ALL, so nothing overrides it) prints what
 * it prints under C, in every format. */
static void test_stats_ignores_locale(void)
{
    static const char *const locales[] = {"az_AZ.UTF-8", "de_DE.UTF-8",
                                          "ru_RU.UTF-8"};
    static const char *const formats[] = {"csv", "json", "table"};
    char args[8192], *a, *b;
    size_t l, f;

    for (l = 0; l < sizeof(locales) / sizeof(locales[0]); l++) {
        char cmd[128], *point;
        if (!kz_test_need_locale(locales[l]))
            continue;
        /* the locale really is in force for a child: its decimal point
         * is a comma, so the comparison below can fail */
        snprintf(cmd, sizeof(cmd), "LC_ALL='%s' locale decimal_point",
                 locales[l]);
        point = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(point);
        CU_ASSERT_STRING_EQUAL(point, ",\n");
        free(point);
        for (f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
            snprintf(args, sizeof(args), "stats %s --trend --format %s",
                     fixture_args(), formats[f]);
            a = kz_test_cli_out(0, args);
            CU_ASSERT_EQUAL(kz_test_cli_locale(&b, 0, locales[l], args), 0);
            CU_ASSERT_PTR_NOT_NULL_FATAL(b);
            if (strcmp(a, b) != 0)
                fprintf(stderr, "\n%s under %s differs:\n%s\n", formats[f],
                        locales[l], b);
            CU_ASSERT_STRING_EQUAL(a, b);
            /* and there is a decimal number to get wrong */
            CU_ASSERT_PTR_NOT_NULL(strchr(a, '.'));
            free(a);
            free(b);
        }
    }
}

static void test_stats_output_file(void)
{
    char args[8192], path[1024], *out;
    struct stat st;
    snprintf(path, sizeof(path), "%s/stats.csv", kz_test_tmpdir());
    snprintf(args, sizeof(args), "stats %s -o '%s'", fixture_args(), path);
    out = kz_test_cli_out(0, args);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    CU_ASSERT_EQUAL(stat(path, &st), 0);
    CU_ASSERT_TRUE(st.st_size > 200);
    /* an unwritable directory fails cleanly with exit code 1 */
    snprintf(args, sizeof(args), "stats %s -o /proc/kz-no-such/stats.csv",
             fixture_args());
    CU_ASSERT_EQUAL(run(&out, 1, args), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "/proc/kz-no-such/stats.csv"));
    free(out);
}

static void test_missing_source_is_data_error(void)
{
    char *out;
    CU_ASSERT_EQUAL(run(&out, 1, "stats --kahrizes /nonexistent/k.csv"), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "/nonexistent/k.csv"));
    free(out);
    CU_ASSERT_EQUAL(run(&out, 1, "stats --on-error=maybe"), 2);
    free(out);
}

static void test_bundled_stats(void)
{
    char *out;
    const char *p;
    long kahrizes = 0;
    out = kz_test_cli_out(0, "stats --on-error=skip");
    p = strstr(out, "\r\nTOTAL,");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    /* TOTAL,Cəmi,Total,,area,kahrizes,... */
    {
        int commas = 0;
        for (; *p && commas < 5; p++)
            if (*p == ',')
                commas++;
        kahrizes = atol(p);
    }
    CU_ASSERT_TRUE(kahrizes >= 1000);
    free(out);
}

int main(void)
{
    static const kz_test_case cases[] = {
        {"help lists commands", test_help_lists_commands},
        {"version lists libraries", test_version_lists_libraries},
        {"stats formats", test_stats_formats},
        {"stats ignores locale", test_stats_ignores_locale},
        {"stats --trend", test_stats_trend_columns},
        {"stats -o file", test_stats_output_file},
        {"missing source", test_missing_source_is_data_error},
        {"bundled stats", test_bundled_stats},
        KZ_TEST_END};
    if (kz_test_add_suite("cli", cases) < 0)
        return 2;
    return kz_test_run();
}
