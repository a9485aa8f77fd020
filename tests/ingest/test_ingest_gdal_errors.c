/*
 * test_ingest_gdal_errors.c - damaged and mis-encoded sources through the
 * command line: GDAL's own "ERROR n: ..." lines never reach stderr, the
 * message names the file, the exit status is that of input errors (3).
 * The damaged files are made here from files GDAL itself wrote (ogr2ogr).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *path_in_tmp(const char *name)
{
    static char p[4][4096];
    static int next;
    char *s = p[next++ % 4];
    snprintf(s, 4096, "%s/%s", kz_test_tmpdir(), name);
    return s;
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT(fwrite(data, 1, n, fp) == n);
    fclose(fp);
}

/* A file GDAL writes from the test survey points, in format fmt. */
static char *made_by_gdal(const char *fmt, const char *name, size_t *len)
{
    char cmd[8192], *out, *data;
    const char *dst = path_in_tmp(name);
    snprintf(cmd, sizeof(cmd),
             "rm -f '%s' && ogr2ogr -f %s '%s' '%s' -nln kahrizes "
             "-oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y && echo ok",
             dst, fmt, dst, kz_test_src("tests/data/ingest/points.csv"));
    out = kz_test_output(cmd);
    CU_ASSERT(out != NULL);
    free(out);
    data = kz_test_slurp(dst, len);
    CU_ASSERT_PTR_NOT_NULL(data);
    return data;
}

/* Run validate on path; checks the exit status, that no stderr line
 * starts with "ERROR " and that want (when given) is in the output. */
static void check_cli(const char *path, const char *want)
{
    char args[8192], *out = NULL, *line;
    int rc;

    snprintf(args, sizeof(args),
             "validate --kahrizes '%s' --assessments none --shafts none",
             path);
    rc = kz_test_cli(&out, 1, args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT(rc == 3);
    for (line = out; line; line = strchr(line, '\n')) {
        if (*line == '\n')
            line++;
        if (strncmp(line, "ERROR ", 6) == 0 ||
            strncmp(line, "Warning ", 8) == 0) {
            CU_FAIL("a raw GDAL message reached stderr");
            fprintf(stderr, "\n%s:\n%s\n", path, out);
            break;
        }
    }
    CU_ASSERT(strstr(out, want) != NULL);
    if (!strstr(out, want))
        fprintf(stderr, "\nwanted \"%s\" in:\n%s\n", want, out);
    free(out);
}

static void test_damaged_geopackage(void)
{
    size_t n = 0;
    char *gpkg = made_by_gdal("GPKG", "good.gpkg", &n);
    char want[8192], *p;

    if (!gpkg)
        return;
    CU_ASSERT_FATAL(n > 16384);
    /* cut in half: the pages the schema points to are missing */
    p = path_in_tmp("truncated.gpkg");
    write_bytes(p, gpkg, n / 2);
    snprintf(want, sizeof(want), "kahriz-atlas: %s: ", p);
    check_cli(p, want);
    /* pages overwritten after the header */
    memset(gpkg + 4096, 0xFF, n - 4096 > 8192 ? 8192 : n - 4096);
    p = path_in_tmp("corrupt.gpkg");
    write_bytes(p, gpkg, n);
    snprintf(want, sizeof(want), "kahriz-atlas: %s: ", p);
    check_cli(p, want);
    /* not a database at all */
    p = path_in_tmp("broken.gpkg");
    write_bytes(p, "SQLite format 3\0garbage, not pages", 35);
    snprintf(want, sizeof(want),
             "kahriz-atlas: %s: not a valid GeoPackage file", p);
    check_cli(p, want);
    free(gpkg);
}

static void test_truncated_xlsx(void)
{
    size_t n = 0;
    char *x = made_by_gdal("XLSX", "good.xlsx", &n);
    char want[8192], *p;

    if (!x)
        return;
    p = path_in_tmp("truncated.xlsx");
    write_bytes(p, x, n / 2);
    snprintf(want, sizeof(want), "kahriz-atlas: %s: not a valid", p);
    check_cli(p, want);
    free(x);
}

static void test_bad_encodings(void)
{
    static const char text[] = "id,name_az,x,y\nE-1,Bir,45.95,38.91\n";
    char u16[2 + 2 * sizeof(text)], want[8192], *p;
    size_t i, n = 0;

    /* UTF-16LE with its byte order mark, as some spreadsheets save CSV */
    u16[n++] = (char)0xFF;
    u16[n++] = (char)0xFE;
    for (i = 0; text[i]; i++) {
        u16[n++] = text[i];
        u16[n++] = 0;
    }
    p = path_in_tmp("utf16.csv");
    write_bytes(p, u16, n);
    snprintf(want, sizeof(want), "kahriz-atlas: %s: UTF-16 text", p);
    check_cli(p, want);
    /* Latin-1 (0xC7 is Ç): the row is rejected, named by file and row */
    p = path_in_tmp("latin1.csv");
    write_bytes(p, "id,name_az,x,y\nE-1,\xC7" "ay,45.95,38.91\n", 36);
    snprintf(want, sizeof(want),
             "%s:2: name_az: invalid UTF-8 at byte 1 of \"\\xC7ay\"", p);
    check_cli(p, want);
}

static const kz_test_case cases[] = {
    {"damaged geopackage", test_damaged_geopackage},
    {"truncated xlsx", test_truncated_xlsx},
    {"bad encodings", test_bad_encodings},
    KZ_TEST_END};

KZ_TEST_SUITE("ingest gdal errors", cases);
