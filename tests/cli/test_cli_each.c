/*
 * test_cli_each.c - `map --each-district --jobs N` writes the same pages
 * as one thread: the same names and, byte for byte, the same files (the
 * one-thread run is the reference; SOURCE_DATE_EPOCH fixes the dates).
 * Six districts cut from the bundled ones with ogr2ogr keep it short:
 * four with many kahrizes, Qazax with few, Baku with none.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIX "'AZ-ORD','AZ-CUL','AZ-BA','AZ-SAH','AZ-BAB','AZ-QAZ'"

/* Run `map --each-district dir` over the six districts with extra args;
 * the exit code. */
static int each(const char *subset, const char *dir, const char *extra)
{
    char cmd[4096], *out;
    int rc = -1;

    snprintf(cmd, sizeof(cmd),
             "SOURCE_DATE_EPOCH=1764201600 LC_ALL=C.UTF-8 '%s' map -q "
             "--districts '%s' --each-district '%s' %s 2>&1; echo \"rc $?\"",
             kz_test_cli_path(), subset, dir, extra);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, "rc 0"))
        fprintf(stderr, "\n%s\n", out);
    if (strstr(out, "rc "))
        rc = atoi(strstr(out, "rc ") + 3);
    free(out);
    return rc;
}

static void test_jobs_same_pages(void)
{
    const char *tmp = kz_test_tmpdir();
    char subset[700], cmd[4096], one[700], many[700], *out;

    if (!kz_test_need(system("ogr2ogr --version >/dev/null 2>&1") == 0,
                      "ogr2ogr"))
        return;
    snprintf(subset, sizeof(subset), "%s/six.geojson", tmp);
    snprintf(cmd, sizeof(cmd),
             "ogr2ogr -f GeoJSON '%s' '%s' -where \"code IN (" SIX ")\" "
             "2>&1",
             subset, kz_test_src("data/districts.geojson"));
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    free(out);

    snprintf(one, sizeof(one), "%s/each-1", tmp);
    snprintf(many, sizeof(many), "%s/each-3", tmp);
    CU_ASSERT_EQUAL(each(subset, one, ""), 0);
    CU_ASSERT_EQUAL(each(subset, many, "--jobs 3"), 0);
    CU_ASSERT_EQUAL(kz_test_dir_entries(one), 6);
    CU_ASSERT_EQUAL(kz_test_dir_entries(many), 6);
    /* diff -r: same names, same bytes; no temporary file left */
    snprintf(cmd, sizeof(cmd), "diff -r '%s' '%s' 2>&1; echo \"rc $?\"", one,
             many);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (strcmp(out, "rc 0\n") != 0)
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_STRING_EQUAL(out, "rc 0\n");
    free(out);
    /* more threads than districts: as many as there are districts */
    snprintf(many, sizeof(many), "%s/each-16", tmp);
    CU_ASSERT_EQUAL(each(subset, many, "--jobs 16"), 0);
    snprintf(cmd, sizeof(cmd), "diff -r '%s' '%s' >/dev/null 2>&1; "
                               "echo \"rc $?\"",
             one, many);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, "rc 0\n");
    free(out);
}

/* Pages that cannot be written fail the command once, with one message,
 * however many threads fail at the same time: each page's name is taken
 * by a directory, so every thread draws its page and fails to put it in
 * place. */
static void test_jobs_failure_told_once(void)
{
    static const char *const names[] = {
        "AZ-BA-Baku", "AZ-BAB-Babak", "AZ-CUL-Julfa", "AZ-ORD-Ordubad",
        "AZ-QAZ-Gazakh", "AZ-SAH-Shahbuz"};
    const char *tmp = kz_test_tmpdir();
    char subset[700], dir[700], path[1400], cmd[4096], *out, *p;
    size_t i;
    int n = 0;

    if (!kz_test_need(system("ogr2ogr --version >/dev/null 2>&1") == 0,
                      "ogr2ogr"))
        return;
    snprintf(subset, sizeof(subset), "%s/six-fail.geojson", tmp);
    snprintf(dir, sizeof(dir), "%s/each-taken", tmp);
    snprintf(cmd, sizeof(cmd),
             "ogr2ogr -f GeoJSON '%s' '%s' -where \"code IN (" SIX ")\" "
             "2>&1",
             subset, kz_test_src("data/districts.geojson"));
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    free(out);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "mkdir -p '%s/%s.pdf'", dir, names[i]);
        CU_ASSERT_EQUAL_FATAL(system(path), 0);
    }
    snprintf(cmd, sizeof(cmd),
             "LC_ALL=C.UTF-8 '%s' map -q --districts '%s' --each-district "
             "'%s' --jobs 4 2>&1; echo \"rc $?\"",
             kz_test_cli_path(), subset, dir);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    for (p = out; (p = strstr(p, "kahriz-atlas:")); p++)
        n++;
    if (n != 1 || !strstr(out, "rc 1"))
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "rc 1"));
    free(out);
    /* nothing left beside the six directories */
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 6);
}

static const kz_test_case cases[] = {
    {"--jobs draws the same pages as one thread", test_jobs_same_pages},
    {"a failure is told once with --jobs", test_jobs_failure_told_once},
    KZ_TEST_END};

KZ_TEST_SUITE("cli_each", cases);
