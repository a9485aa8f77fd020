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
    CU_ASSERT_EQUAL(kz_test_count(msg, "style.json"), 1);
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
    expect_load_error("\"good\": \"#b2e0a2\",",
                      "\"good\": \"#b2e0a2\", \"excellent\": \"#000000\",",
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

/* A value of the wrong kind or out of its range: the message names the
 * value's path and what it should have been (each worked from the
 * default style with one value changed). */
static void test_wrong_values(void)
{
    expect_load_error("\"dpi\": 100,", "\"dpi\": true,",
                      "relief.dpi: expected number, got boolean");
    /* json-c reads null as no value */
    expect_load_error("\"dpi\": 100,", "\"dpi\": null,",
                      "relief.dpi: expected number, missing");
    expect_load_error("\"dpi\": 100,", "\"dpi\": [100],",
                      "relief.dpi: expected number, got array");
    expect_load_error("\"dpi\": 100,", "\"dpi\": {},",
                      "relief.dpi: expected number, got object");
    expect_load_error("\"halo_mm\": 0.35,", "\"halo_mm\": -1,",
                      "labels.halo_mm: expected a number >= 0, got -1");
    expect_load_error("\"highlight_opacity\": 1.0,",
                      "\"highlight_opacity\": 1.5,",
                      "colors.highlight_opacity: expected a number from 0 "
                      "to 1, got 1.5");
    expect_load_error("\"dpi\": 100,", "\"dpi\": 5,",
                      "relief: expected dpi >= 10, a positive z_factor and "
                      "jpeg_quality from 0 (deflate) to 100");
    expect_load_error("\"jpeg_quality\": 80,", "\"jpeg_quality\": 101,",
                      "relief: expected dpi >= 10, a positive z_factor and "
                      "jpeg_quality from 0 (deflate) to 100");
    expect_load_error("\"dark\": 0.5,", "\"dark\": 1.0, \"light\": 0.9,",
                      "relief: expected 0 <= dark <= light <= 1 and "
                      "fill_opacity from 0 to 1");
    expect_load_error("\"title_pt\": 15,", "\"title_pt\": 0,",
                      "fonts: font sizes must be positive");
    expect_load_error("\"shape\": \"circle\",", "\"shape\": \"star\",",
                      "symbols.condition.good.shape: unknown shape \"star\" "
                      "(circle, square, triangle, diamond, cross)");
    expect_load_error("\"fill\": \"solid\"", "\"fill\": \"hatched\"",
                      "symbols.condition.good.fill: unknown fill "
                      "\"hatched\" (solid, open, half)");
    expect_load_error("\"languages\": [\n    \"az\",\n    \"en\"",
                      "\"languages\": [\n    \"az\",\n    \"ru\"",
                      "languages[1]: unknown language \"ru\" (az, en)");
    expect_load_error("\"languages\": [\n    \"az\",\n    \"en\"",
                      "\"languages\": [\n    \"az\",\n    \"az\"",
                      "languages[1]: language \"az\" given twice");
    expect_load_error("\"languages\": [\n    \"az\",",
                      "\"languages\": [\n    1,",
                      "languages[0]: expected language code string, got "
                      "number");
    expect_load_error("\"gallery_schematic_dash_mm\": [\n      0.9,",
                      "\"gallery_schematic_dash_mm\": [\n      0,",
                      "lines.gallery_schematic_dash_mm: expected a dash and "
                      "a gap longer than 0");
    expect_load_error("\"#f7fcf5\",\n", "",
                      "choropleth.colors: expected 5 colours (one more than "
                      "breaks_per_100km2), got 4");
    expect_load_error("\"#f7fcf5\",", "\"green\",",
                      "choropleth.colors[0]: expected \"#rrggbb\" string, "
                      "got string");
    expect_load_error("\"az\": \"Miqyas\",\n", "",
                      "catalog.scale.az: expected string, missing");
    expect_load_error("\"az\": \"Miqyas\",", "\"az\": 7,",
                      "catalog.scale.az: expected string, got number");
    expect_load_error("\"yanvar\",\n", "",
                      "catalog.months.az: expected array of 12 month names, "
                      "got array");
    expect_load_error("\"yanvar\",", "12,",
                      "catalog.months.az[0]: expected string, got number");
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
    CU_ASSERT_EQUAL(kz_test_count(out, "no-such-style.json"), 1);
    free(out);
    /* through the CLI: the unknown key, the file once */
    expect_load_error("\"sea\": \"#cfe3ef\",", "\"seaa\": \"#cfe3ef\",",
                      "colors.seaa: unknown key");
    snprintf(args, sizeof(args),
             "map --national --style '%s/style.json' -o '%s/x.pdf'",
             kz_test_tmpdir(), kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_test_cli(&out, 1, args), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "style.json: colors.seaa: unknown key"));
    CU_ASSERT_EQUAL(kz_test_count(out, "style.json"), 1);
    free(out);
}

static const kz_test_case cases[] = {
    {"style: unknown keys at every level", test_unknown_keys},
    {"style: the file named once", test_file_named_once},
    {"style: wrong values named by their path", test_wrong_values},
    KZ_TEST_END};

KZ_TEST_SUITE("render_style_keys", cases);
