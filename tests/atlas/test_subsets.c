/*
 * test_subsets.c - an atlas of some sections only: the gazetteer alone
 * gives no page numbers (never 0) and says why; with the district pages
 * every number is a page of the document that lists the kahriz (checked
 * with pdfinfo and pdftotext of that page); the contents alone say there
 * is nothing to list, in both languages.
 */
#include "kztest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *build(const char *name, const char *sections, char *pdf,
                   size_t cap)
{
    char args[1400], cmd[1600];

    snprintf(pdf, cap, "%s/%s", kz_test_tmpdir(), name);
    snprintf(args, sizeof(args),
             "build --sections %s --only-districts AZ-ORD -q -o '%s'",
             sections, pdf);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "pdftotext -layout -enc UTF-8 '%s' -", pdf);
    return kz_test_output(cmd);
}

/* For each "KZ-nnnnnn" in text, the page number after it (-1: none);
 * returns how many ids, filling at most cap of ids and pages. */
static size_t ids_and_pages(const char *text, char (*ids)[16], long *pages,
                            size_t cap)
{
    const char *p = text;
    size_t n = 0;

    while ((p = strstr(p, "KZ-"))) {
        const char *q = p + 3;
        long page = -1;
        while (isdigit((unsigned char)*q))
            q++;
        if (q - p < 5) { /* not an id */
            p = q;
            continue;
        }
        if (n < cap)
            snprintf(ids[n], sizeof(ids[n]), "%.*s", (int)(q - p), p);
        while (*q == ' ')
            q++;
        if (isdigit((unsigned char)*q))
            page = strtol(q, NULL, 10);
        if (n < cap)
            pages[n] = page;
        n++;
        p = q;
    }
    return n;
}

static void test_gazetteer_alone(void)
{
    char pdf[700], ids[1000][16];
    long pages[1000];
    char *text = build("gaz-only.pdf", "gazetteer", pdf, sizeof(pdf));
    size_t n, i, numbered = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    n = ids_and_pages(text, ids, pages, 1000);
    /* Ordubad's 174 kahrizes in both gazetteers */
    CU_ASSERT_EQUAL(n, 2 * 174);
    for (i = 0; i < n && i < 1000; i++)
        if (pages[i] >= 0)
            numbered++;
    if (numbered)
        fprintf(stderr, "\n%zu gazetteer lines carry a page number\n",
                numbered);
    CU_ASSERT_EQUAL(numbered, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "No page number where a kahriz"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "səhifə nömrəsi verilmir"));
    free(text);
}

static void test_gazetteer_with_districts(void)
{
    char pdf[700], ids[1000][16], cmd[900], *info, *page;
    long pages[1000], n_pages = 0;
    char *text = build("gaz-dist.pdf", "districts,gazetteer", pdf,
                       sizeof(pdf));
    size_t n, i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", pdf);
    info = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(info, "Pages:"));
    n_pages = strtol(strstr(info, "Pages:") + 6, NULL, 10);
    free(info);
    /* the gazetteer starts after the district pages: its lines are the
     * ones whose id is followed by a number */
    n = ids_and_pages(text, ids, pages, 1000);
    {
        size_t numbered = 0;
        for (i = 0; i < n && i < 1000; i++) {
            if (pages[i] < 0)
                continue;
            numbered++;
            CU_ASSERT(pages[i] >= 1 && pages[i] <= n_pages);
        }
        CU_ASSERT_EQUAL(numbered, 2 * 174);
    }
    /* a few entries: the page named lists that kahriz */
    for (i = 0; i < n && i < 1000; i += 37) {
        if (pages[i] < 1)
            continue;
        snprintf(cmd, sizeof(cmd), "pdftotext -f %ld -l %ld '%s' -",
                 pages[i], pages[i], pdf);
        page = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(page);
        if (!strstr(page, ids[i]))
            fprintf(stderr, "\n%s is not on page %ld\n", ids[i], pages[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(page, ids[i]));
        free(page);
    }
    free(text);
}

static void test_contents_alone(void)
{
    char pdf[700];
    char *text = build("contents-only.pdf", "contents", pdf, sizeof(pdf));

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "This edition has no sections to "
                                        "list."));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Bu nəşrdə mündəricatda "
                                        "göstəriləcək bölmə yoxdur."));
    free(text);
}

static const kz_test_case cases[] = {
    {"gazetteer alone: no page 0", test_gazetteer_alone},
    {"gazetteer with districts: real pages", test_gazetteer_with_districts},
    {"contents alone: says so", test_contents_alone},
    KZ_TEST_END};

KZ_TEST_SUITE("atlas_subsets", cases);
