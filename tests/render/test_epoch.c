/*
 * test_epoch.c - `map` under SOURCE_DATE_EPOCH: two runs give the same
 * bytes, pdfinfo reads the epoch as the PDF's creation and modification
 * dates, and pdftotext finds that day in the footer in both languages.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1700000000 is 2023-11-14 22:13:20 UTC (date -u -d @1700000000). */
#define EPOCH "1700000000"

static char *run_map(const char *name)
{
    char args[1200], *out = NULL;
    static char path[700];
    int rc;

    snprintf(path, sizeof(path), "%s/%s", kz_test_tmpdir(), name);
    snprintf(args, sizeof(args), "map --district AZ-ORD -q -o '%s'", path);
    rc = kz_test_cli(&out, 1, args);
    if (rc != 0)
        fprintf(stderr, "\nmap: %s\n", out ? out : "");
    CU_ASSERT_EQUAL(rc, 0);
    free(out);
    return path;
}

static void test_map_epoch(void)
{
    char a[700], b[700], cmd[1600], *pa, *pb, *info, *text;
    size_t na = 0, nb = 0;

    setenv("SOURCE_DATE_EPOCH", EPOCH, 1);
    snprintf(a, sizeof(a), "%s", run_map("epoch1.pdf"));
    snprintf(b, sizeof(b), "%s", run_map("epoch2.pdf"));
    unsetenv("SOURCE_DATE_EPOCH");

    pa = kz_test_slurp(a, &na);
    pb = kz_test_slurp(b, &nb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pa);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pb);
    CU_ASSERT_EQUAL(na, nb);
    CU_ASSERT(na == nb && memcmp(pa, pb, na) == 0);
    free(pa);
    free(pb);

    snprintf(cmd, sizeof(cmd), "pdfinfo -isodates '%s'", a);
    info = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_PTR_NOT_NULL(strstr(info, "CreationDate:    2023-11-14T22:13:20"));
    CU_ASSERT_PTR_NOT_NULL(strstr(info, "ModDate:         2023-11-14T22:13:20"));
    free(info);

    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", a);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "14 November 2023"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "14 noyabr 2023"));
    free(text);
}

static const kz_test_case cases[] = {
    {"map: SOURCE_DATE_EPOCH", test_map_epoch}, KZ_TEST_END};

KZ_TEST_SUITE("render_epoch", cases);
