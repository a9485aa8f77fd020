/*
 * test_press_info.c - the press PDF identifies itself as the screen PDF
 * does and says the same in Info and XMP, as a PDF/X preflight compares
 * them: pdfinfo reads the Azerbaijani title, author, subject, keywords and
 * creator of the press file as of the screen file (the title as the
 * style's catalog has it), Info's non-ASCII strings are UTF-16BE with a
 * byte order mark, and tests/finish/info_xmp.py finds every Info entry
 * (title, author, subject, keywords, creator, producer, dates, trapping,
 * PDF/X version) the same in the XMP packet.
 */
#include "kztest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PYTHON "/usr/bin/python3"
#define EPOCH "SOURCE_DATE_EPOCH=1700000000"

/* styles/default.json, title.national in both languages */
#define TITLE "Azərbaycanın kəhrizləri / Kahrizes of Azerbaijan"

__attribute__((format(printf, 1, 2))) static char *out_of(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return kz_test_output(cmd);
}

/* The cover built for the screen or the press, once each; its path. */
static const char *made(int press)
{
    static char paths[2][1024];
    char *out;
    if (!paths[press][0]) {
        snprintf(paths[press], sizeof(paths[press]), "%s/info-%s.pdf",
                 kz_test_tmpdir(), press ? "press" : "screen");
        out = out_of(EPOCH " '%s' build -q --sections cover %s -o '%s' && "
                           "echo ok",
                     kz_test_cli_path(), press ? "--press" : "", paths[press]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        free(out);
    }
    return paths[press];
}

/* pdfinfo's value of key (e.g. "Title"), in UTF-8; malloc'd, "" when
 * there is none. */
static char *info_of(const char *pdf, const char *key)
{
    char *out = out_of("pdfinfo -enc UTF-8 -isodates '%s' | "
                       "sed -n 's/^%s: *//p'",
                       pdf, key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    out[strcspn(out, "\n")] = '\0';
    return out;
}

static void test_same_as_screen(void)
{
    static const char *const keys[] = {"Title",    "Author",  "Subject",
                                       "Keywords", "Creator", "CreationDate",
                                       "ModDate"};
    size_t i;
    char *title = info_of(made(1), "Title");

    if (strcmp(title, TITLE) != 0)
        fprintf(stderr, "\n  press title: %s\n", title);
    CU_ASSERT_STRING_EQUAL(title, TITLE);
    free(title);
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        char *s = info_of(made(0), keys[i]), *p = info_of(made(1), keys[i]);
        if (!*s || strcmp(s, p) != 0)
            fprintf(stderr, "\n  %s: screen \"%s\", press \"%s\"\n", keys[i], s,
                    p);
        CU_ASSERT(*s != '\0');
        CU_ASSERT_STRING_EQUAL(p, s);
        free(s);
        free(p);
    }
    /* the document's own date, SOURCE_DATE_EPOCH */
    title = info_of(made(1), "CreationDate");
    CU_ASSERT_STRING_EQUAL(title, "2023-11-14T22:13:20Z");
    free(title);
}

/* Info's strings as ISO 32000 text strings: the Azerbaijani title in
 * UTF-16BE with its byte order mark (qpdf writes it as a hex string), not
 * its UTF-8 bytes read as PDFDocEncoding. */
static void test_info_encoding(void)
{
    size_t len;
    char *objs = kz_test_pdf_objects(made(1), &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(objs);
    /* "Az" and U+0259 (ə) */
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "/Title <feff0041007a0259"));
    CU_ASSERT_PTR_NULL(strstr(objs, "/Title (Az\xc9\x99"));
    free(objs);
}

static void test_info_and_xmp_agree(void)
{
    char *out = out_of(PYTHON " '%s' '%s'",
                       kz_test_src("tests/finish/info_xmp.py"), made(1));
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, "agree 10 of 10"))
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "agree 10 of 10"));
    free(out);
}

static const kz_test_case cases[] = {
    {"press: Info as on screen, title in Azerbaijani", test_same_as_screen},
    {"press: Info strings in UTF-16BE", test_info_encoding},
    {"press: Info and XMP agree", test_info_and_xmp_agree},
    KZ_TEST_END};

KZ_TEST_SUITE("press info", cases);
