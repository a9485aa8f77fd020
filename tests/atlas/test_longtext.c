/*
 * test_longtext.c - fields far longer than a page shows (150 letters of
 * two-byte ə ğ ş İ, four-byte emoji) in names, villages and notes: build
 * and map succeed, the PDF text read back by pdftotext is valid UTF-8 and
 * carries the ellipsis; and the cutting itself against a brute-force
 * character walk over many random strings.
 */
#include "kztest.h"

#include "atlas/atlas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EMOJI "\xf0\x9f\x98\x80" /* U+1F600, four bytes */

/* n copies of s, in a static buffer per slot. */
static const char *rep(int slot, const char *s, int n)
{
    static char buf[6][1024];
    int i;
    buf[slot][0] = '\0';
    for (i = 0; i < n; i++)
        strcat(buf[slot], s);
    return buf[slot];
}

/* A survey of two kahrizes in Ordubad with 150-character fields. */
static const char *long_survey(void)
{
    static char dir[512];
    char path[600];
    FILE *k, *a, *s;

    snprintf(dir, sizeof(dir), "%s/longtext", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    k = fopen(path, "wb");
    snprintf(path, sizeof(path), "%s/assessments.csv", dir);
    a = fopen(path, "wb");
    snprintf(path, sizeof(path), "%s/shafts.csv", dir);
    s = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    fputs(KZ_TEST_KAHRIZ_HEADER, k);
    fprintf(k,
            "KZ-1,%s,%s,AZ-ORD,%s,%s,45.95,38.95,EPSG:4326,,,1000,10,20,"
            "1900,icma,\n",
            rep(0, "ə", 150), rep(1, "ğ", 150), rep(2, "ş", 150),
            rep(3, "İ", 149));
    fprintf(k,
            "KZ-2,%s,%s,AZ-ORD,%s,%s,45.97,38.97,EPSG:4326,,,1000,10,20,"
            "1900,icma,\n",
            rep(0, EMOJI, 150), rep(1, "ə", 150), rep(2, "İ" EMOJI, 75),
            rep(3, "ə ", 75));
    fputs(KZ_TEST_ASSESSMENT_HEADER, a);
    fprintf(a, "KZ-1,2020-01-01,3,good,yes,10,5,0,none,,%s,%s,%s\n",
            rep(0, "ə", 150), rep(1, EMOJI, 150), rep(2, "ş", 150));
    fprintf(a, "KZ-2,2021-01-01,2,fair,yes,10,5,0,none,,%s,%s,x\n",
            rep(0, "ğ", 150), rep(1, "ş ", 75));
    fputs("kahriz_id,seq,x,y,crs,depth_m\n", s);
    fclose(k);
    fclose(a);
    fclose(s);
    return dir;
}

/* pdftotext of path: valid UTF-8 holding the ellipsis. */
static void check_text(const char *path)
{
    char cmd[1200], *text;
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(kz_utf8_check(text, strlen(text)), strlen(text));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "…"));
    /* the start of each long name is there, cut but whole letters */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, rep(0, "ə", 20)));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, rep(0, EMOJI, 10)));
    free(text);
}

static void test_long_fields_cli(void)
{
    const char *dir = long_survey();
    char args[2400], pdf[700], *out;

    snprintf(pdf, sizeof(pdf), "%s/atlas.pdf", dir);
    snprintf(args, sizeof(args),
             "build --kahrizes '%s/kahrizes.csv' --assessments "
             "'%s/assessments.csv' --shafts '%s/shafts.csv' -o '%s'",
             dir, dir, dir, pdf);
    out = kz_test_cli_out(1, args);
    /* pango says so on stderr when it is given a cut sequence */
    CU_ASSERT_PTR_NULL(strstr(out, "UTF-8"));
    free(out);
    check_text(pdf);

    snprintf(pdf, sizeof(pdf), "%s/ordubad.pdf", dir);
    snprintf(args, sizeof(args),
             "map --district AZ-ORD --kahrizes '%s/kahrizes.csv' "
             "--assessments '%s/assessments.csv' --shafts '%s/shafts.csv' "
             "-o '%s'",
             dir, dir, dir, pdf);
    out = kz_test_cli_out(1, args);
    CU_ASSERT_PTR_NULL(strstr(out, "UTF-8"));
    free(out);
    check_text(pdf);
}

/* Characters of s by a plain walk over lead bytes; a combining acute
 * (0xCC 0x81, the only mark the test uses) belongs to its letter. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80 && (unsigned char)*s != 0xCC;
    return n;
}

static void test_fit_brute_force(void)
{
    static const char *const pieces[] = {"a", "ə", "ğ", "İ", " ", EMOJI,
                                         "e\xcc\x81", /* e + acute */
                                         "\xe2\x80\xa6"};
    unsigned long seed = kz_test_seed();
    int iter;

    srand((unsigned)seed);
    for (iter = 0; iter < 20000; iter++) {
        char src[400], dst[200];
        size_t cap = 1 + (size_t)rand() % 60, max = (size_t)rand() % 12;
        size_t len, i;
        int n = rand() % 30, cut;

        src[0] = '\0';
        for (i = 0; i < (size_t)n; i++)
            strcat(src, pieces[rand() % 8]);
        len = strlen(src);
        cut = kz__text_fit(dst, cap, src, max);
        /* always a valid string within both limits */
        CU_ASSERT(strlen(dst) < cap);
        CU_ASSERT_EQUAL(kz_utf8_check(dst, strlen(dst)), strlen(dst));
        if (max)
            CU_ASSERT(chars(dst) <= max);
        if (!cut) {
            CU_ASSERT_STRING_EQUAL(dst, src);
            continue;
        }
        CU_ASSERT(len + 1 > cap || (max && chars(src) > max));
        /* what is kept is a prefix of whole characters, not ending in a
         * bare base letter whose accent was dropped */
        {
            size_t keep = strlen(dst);
            if (keep >= 3 && strcmp(dst + keep - 3, "…") == 0)
                keep -= 3;
            CU_ASSERT(strncmp(dst, src, keep) == 0);
            CU_ASSERT((src[keep] & 0xC0) != 0x80);
            CU_ASSERT(strncmp(src + keep, "\xcc\x81", 2) != 0);
        }
        if (cap >= 4 && max != 0 && max < 2)
            CU_ASSERT_STRING_EQUAL(dst, "…");
    }
    /* printf-like: a cut in the middle of ə keeps whole letters */
    {
        char buf[8];
        CU_ASSERT_EQUAL(kz__text_printf(buf, sizeof(buf), "%s", "əəəə"), 1);
        CU_ASSERT_STRING_EQUAL(buf, "əə…");
        CU_ASSERT_EQUAL(kz__text_printf(buf, sizeof(buf), "%s", "ab"), 0);
        CU_ASSERT_STRING_EQUAL(buf, "ab");
    }
}

static const kz_test_case cases[] = {
    {"long fields: build and map", test_long_fields_cli},
    {"fit: brute force", test_fit_brute_force},
    KZ_TEST_END};

KZ_TEST_SUITE("atlas_longtext", cases);
