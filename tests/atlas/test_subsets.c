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
/* Start of the line holding p, within text. */
static const char *line_start(const char *text, const char *p)
{
    while (p > text && p[-1] != '\n')
        p--;
    return p;
}

/* The page number ending the stretch of line [l, e) that starts at
 * column col (within 3 characters): "name · district", two spaces or
 * more, digits, then two spaces or more or the end; -1 when the stretch
 * is not that (an id's line, a heading, a wrapped name). */
/* Characters (UTF-8 code points) in [a, b): pdftotext -layout aligns
 * columns by characters, not bytes. */
static size_t chars_in(const char *a, const char *b)
{
    size_t n = 0;
    for (; a < b; a++)
        n += ((unsigned char)*a & 0xC0) != 0x80;
    return n;
}

/* The byte where character c of [l, e) starts, or e. */
static const char *char_at(const char *l, const char *e, size_t c)
{
    for (; l < e; l++)
        if (((unsigned char)*l & 0xC0) != 0x80 && c-- == 0)
            return l;
    return e;
}

static long entry_page(const char *l, const char *e, size_t col)
{
    size_t c;
    for (c = col > 3 ? col - 3 : 0; c <= col + 3; c++) {
        const char *s0 = char_at(l, e, c), *q = s0;
        if (s0 == e)
            break;
        if (s0 > l && s0[-1] != ' ')
            continue;
        if (*q == ' ' || strncmp(q, "KZ-", 3) == 0)
            continue;
        /* words with single spaces between them */
        while (q < e && !(q[0] == ' ' && q + 1 < e && q[1] == ' '))
            q++;
        {
            /* "name · district": U+00B7 is 0xC2 0xB7 */
            const char *m = s0;
            while (m + 1 < q && !(m[0] == '\xc2' && m[1] == '\xb7'))
                m++;
            if (m + 1 >= q)
                return -1;
        }
        while (q < e && *q == ' ')
            q++;
        if (q < e && isdigit((unsigned char)*q)) {
            const char *d = q;
            while (d < e && isdigit((unsigned char)*d))
                d++;
            if (d == e || (d + 1 < e && d[0] == ' ' && d[1] == ' '))
                return strtol(q, NULL, 10);
        }
        return -1;
    }
    return -1;
}

/* The kahriz ids of a gazetteer read with pdftotext -layout and each
 * entry's page number (-1 when none).  An entry is "name · district"
 * with the page at the right, then "id · coordinates · map page" under
 * it: the page ends the stretch of the line above that starts in the
 * id's column (two lines above when the name wrapped). */
static size_t ids_and_pages(const char *text, char (*ids)[16], long *pages,
                            size_t cap)
{
    const char *p = text;
    size_t n = 0;

    while ((p = strstr(p, "KZ-"))) {
        const char *q = p + 3, *ls = line_start(text, p), *up = ls;
        long page = -1;
        size_t col = chars_in(ls, p);
        int k;
        while (isdigit((unsigned char)*q))
            q++;
        if (q - p < 5) { /* not an id */
            p = q;
            continue;
        }
        if (n < cap)
            snprintf(ids[n], sizeof(ids[n]), "%.*s", (int)(q - p), p);
        for (k = 0; k < 2 && up > text && page < 0; k++) {
            const char *ul = line_start(text, up - 1);
            page = entry_page(ul, up - 1, col);
            up = ul;
        }
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
        if (numbered != 2 * 174)
            fprintf(stderr, "\n%zu of %zu ids with a page number\n",
                    numbered, n);
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
