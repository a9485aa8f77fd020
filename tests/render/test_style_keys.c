/*
 * test_style_keys.c - a style with a key nobody reads is an error naming
 * the file once and the key's path, at every level of the document (the
 * default style with one key added in the test); other style errors name
 * the file once too.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s with the first occurrence of from replaced by to (malloc'd). */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    char *out;
    if (!p)
        return NULL;
    out = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
    memcpy(out, s, (size_t)(p - s));
    strcpy(out + (p - s), to);
    strcat(out, p + strlen(from));
    return out;
}

static size_t occurrences(const char *s, const char *part)
{
    size_t n = 0;
    for (; (s = strstr(s, part)); s += strlen(part))
        n++;
    return n;
}

/* The default style with from replaced by to, written to style.json and
 * loaded: the message must be exactly "<path>: <want>". */
static void expect_load_error(const char *from, const char *to,
                              const char *want)
{
    char *json = kz_test_slurp(kz_test_src("styles/default.json"), NULL);
    char *bad, path[600], full[1200];
    const char *msg;
    kz_style *st = NULL;
    FILE *fp;
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    bad = replace(json, from, to);
    if (!bad)
        fprintf(stderr, "\n\"%s\" not in the default style\n", from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
    snprintf(path, sizeof(path), "%s/style.json", kz_test_tmpdir());
    fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(bad, fp);
    fclose(fp);
    rc = kz_style_load(&st, kz_test_ctx, path);
    CU_ASSERT_EQUAL(rc, KZ_ESTYLE);
    CU_ASSERT_PTR_NULL(st);
    msg = kz_ctx_error(kz_test_ctx)->message;
    snprintf(full, sizeof(full), "%s: %s", path, want);
    if (strcmp(msg, full) != 0)
        fprintf(stderr, "\nwanted \"%s\"\n   got \"%s\"\n", full, msg);
    CU_ASSERT_STRING_EQUAL(msg, full);
    CU_ASSERT_EQUAL(occurrences(msg, "style.json"), 1);
    kz_style_destroy(st);
    free(bad);
    free(json);
}

static void test_unknown_keys(void)
{
    /* one misspelling or stray key per level of the document */
    expect_load_error("\"name\": \"default\",",
                      "\"name\": \"default\", \"colour\": 1,",
                      "colour: unknown key");
    expect_load_error("\"size\": \"A4\",", "\"size\": \"A4\", \"bleed\": 3,",
                      "page.bleed: unknown key");
    expect_load_error("\"title_pt\": 15,", "\"titel_pt\": 15,",
                      "fonts.titel_pt: unknown key");
    expect_load_error("\"halo_mm\": 0.35,", "\"halo_mm\": 0.35, \"halo\": 1,",
                      "labels.halo: unknown key");
    expect_load_error("\"sea\": \"#cfe3ef\",", "\"seaa\": \"#cfe3ef\",",
                      "colors.seaa: unknown key");
    expect_load_error("\"good\": \"#3182bf\",",
                      "\"good\": \"#3182bf\", \"excellent\": \"#000000\",",
                      "colors.condition.excellent: unknown key");
    expect_load_error("\"symbols\": {", "\"symbols\": {\"outlet\": {},",
                      "symbols.outlet: unknown key");
    expect_load_error("\"symbols\": {\n    \"condition\": {",
                      "\"symbols\": {\n    \"condition\": {\"wet\": {},",
                      "symbols.condition.wet: unknown key");
    expect_load_error("\"shape\": \"circle\",",
                      "\"shape\": \"circle\", \"colour\": \"red\",",
                      "symbols.condition.good.colour: unknown key");
    expect_load_error("\"unmeasured_radius_mm\": 0.75",
                      "\"unmeasured_radius_mm\": 0.75, \"max\": 2",
                      "sizes.max: unknown key");
    expect_load_error("\"frame_mm\": 0.3,", "\"frame_mm\": 0.3, \"sea_mm\": 1,",
                      "lines.sea_mm: unknown key");
    expect_load_error("\"shafts_max_scale\": 400000,",
                      "\"shafts_max_scale\": 400000, \"labels_max\": 1,",
                      "detail.labels_max: unknown key");
    expect_load_error("\"choropleth\": {",
                      "\"choropleth\": {\"classes\": 5,",
                      "choropleth.classes: unknown key");
    expect_load_error("\"catalog\": {",
                      "\"catalog\": {\"title.nationl\": {\"az\": \"a\", "
                      "\"en\": \"b\"},",
                      "catalog.\"title.nationl\": unknown key");
    expect_load_error("\"Miqyas\",", "\"Miqyas\", \"ru\": \"Масштаб\",",
                      "catalog.scale.ru: unknown key");
    expect_load_error("\"months\": {", "\"months\": {\"fr\": [],",
                      "catalog.months.fr: unknown key");
}

static void test_file_named_once(void)
{
    char path[600], *out = NULL, args[800];
    /* a value error, invalid JSON, a missing file: the name once each */
    expect_load_error("\"sea\": \"#cfe3ef\"", "\"sea\": 3",
                      "colors.sea: expected \"#rrggbb\" string, got number");
    expect_load_error("\"size\": \"A4\"", "\"size\": \"B7\"",
                      "page.size: unknown page size \"B7\" (A5, A4, A3, A2, "
                      "letter)");
    snprintf(path, sizeof(path), "%s/no-such-style.json", kz_test_tmpdir());
    snprintf(args, sizeof(args), "map --national --style '%s' -o '%s/x.pdf'",
             path, kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 3);
    CU_ASSERT_EQUAL(occurrences(out, "no-such-style.json"), 1);
    free(out);
    /* through the CLI: the unknown key, the file once */
    expect_load_error("\"sea\": \"#cfe3ef\",", "\"seaa\": \"#cfe3ef\",",
                      "colors.seaa: unknown key");
    snprintf(args, sizeof(args),
             "map --national --style '%s/style.json' -o '%s/x.pdf'",
             kz_test_tmpdir(), kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "style.json: colors.seaa: unknown key"));
    CU_ASSERT_EQUAL(occurrences(out, "style.json"), 1);
    free(out);
}

static const kz_test_case cases[] = {
    {"style: unknown keys at every level", test_unknown_keys},
    {"style: the file named once", test_file_named_once},
    KZ_TEST_END};

KZ_TEST_SUITE("render_style_keys", cases);
