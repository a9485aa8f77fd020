/*
 * test_cli_sample.c - every output made from the bundled synthetic sample
 * says so, on the page and in its metadata; none made from a user's
 * survey does.  Read back with poppler (pdftotext, pdfinfo) and SQLite
 * (through ogrinfo's SQL on the GeoPackage's own tables).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARN_EN "SYNTHETIC sample data"
#define WARN_AZ "SİNTETİK nümunə"

static const char *path_in(const char *name)
{
    static char p[4][700];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof(p[k]), "%s/sample-%s", kz_test_tmpdir(), name);
    return p[k];
}

/* The text a command prints about a file: pdftotext of the page, or
 * pdfinfo's fields (the document information dictionary). */
static char *read_back(const char *tool, const char *file)
{
    char cmd[1200];
    char *out;
    snprintf(cmd, sizeof(cmd), "%s '%s' %s", tool, file,
             strcmp(tool, "pdftotext") == 0 ? "-" : "");
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    return out;
}

/* Whether the page of pdf and its Subject say that it shows the sample
 * (both languages on the page), or neither says so when sample is 0. */
static void check_pdf(const char *pdf, int sample)
{
    char *text = read_back("pdftotext", pdf);
    char *info = read_back("pdfinfo", pdf);
    const char *subject = strstr(info, "Subject:");

    CU_ASSERT_EQUAL(strstr(text, WARN_EN) != NULL, sample);
    CU_ASSERT_EQUAL(strstr(text, WARN_AZ) != NULL, sample);
    CU_ASSERT_EQUAL(strstr(text, "field survey of kahrizes") != NULL,
                    !sample);
    CU_ASSERT_PTR_NOT_NULL(subject);
    if (subject) {
        const char *eol = strchr(subject, '\n');
        size_t n = eol ? (size_t)(eol - subject) : strlen(subject);
        char *line = strndup(subject, n);
        CU_ASSERT_EQUAL(strstr(line, WARN_EN) != NULL, sample);
        CU_ASSERT_EQUAL(strstr(line, "field survey") != NULL, !sample);
        free(line);
    }
    if ((strstr(text, WARN_EN) != NULL) != sample)
        printf("\n%s: page text:\n%s\n", pdf, text);
    free(text);
    free(info);
}

/* A user's survey: a copy of the bundled files under another name. */
static const char *user_survey(void)
{
    static char args[2400];
    char cmd[2400];
    snprintf(cmd, sizeof(cmd),
             "mkdir -p '%s' && cp '%s/data/survey/'*.csv '%s/'",
             path_in("user"), kz_test_src(""), path_in("user"));
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(args, sizeof(args), "--kahrizes '%s/kahrizes.csv' "
             "--assessments '%s/assessments.csv' --shafts '%s/shafts.csv'",
             path_in("user"), path_in("user"), path_in("user"));
    return args;
}

static void test_maps(void)
{
    char args[3000];
    const char *user = user_survey();

    snprintf(args, sizeof(args), "map -q --overwrite --district AZ-ORD -o '%s'",
             path_in("ord.pdf"));
    kz_test_cli_ok(args);
    check_pdf(path_in("ord.pdf"), 1);
    snprintf(args, sizeof(args), "map -q --overwrite --national -o '%s'",
             path_in("az.pdf"));
    kz_test_cli_ok(args);
    check_pdf(path_in("az.pdf"), 1);
    snprintf(args, sizeof(args), "map -q --overwrite --region NAKHCHIVAN "
             "--dem '%s' -o '%s'", kz_test_dem("cone"), path_in("nx.pdf"));
    kz_test_cli_ok(args);
    check_pdf(path_in("nx.pdf"), 1);
    /* the same kahrizes read as a user's survey name the field survey,
     * unless the maker says they are the sample */
    snprintf(args, sizeof(args), "map -q --overwrite %s --district AZ-ORD "
             "-o '%s'", user, path_in("ord-user.pdf"));
    kz_test_cli_ok(args);
    check_pdf(path_in("ord-user.pdf"), 0);
    snprintf(args, sizeof(args), "map -q --overwrite %s --synthetic "
             "--district AZ-ORD -o '%s'", user, path_in("ord-said.pdf"));
    kz_test_cli_ok(args);
    check_pdf(path_in("ord-said.pdf"), 1);
    snprintf(args, sizeof(args), "map -q --overwrite --no-synthetic "
             "--district AZ-ORD -o '%s'", path_in("ord-not.pdf"));
    kz_test_cli_ok(args);
    check_pdf(path_in("ord-not.pdf"), 0);
}

static void test_each_district(void)
{
    char args[1200], cmd[1400], *list, *line, *save = NULL;
    int n = 0;

    snprintf(args, sizeof(args), "map -q --overwrite --each-district '%s' "
             "--jobs 2", path_in("each"));
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "ls '%s'/*.pdf", path_in("each"));
    list = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(list);
    for (line = strtok_r(list, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        check_pdf(line, 1);
        n++;
    }
    CU_ASSERT(n >= 70);
    free(list);
}

/* What the GeoPackage says of itself: the layers' descriptions and the
 * dataset metadata, as SQLite holds them. */
static char *gpkg_says(const char *gpkg)
{
    char cmd[1400];
    char *out;
    snprintf(cmd, sizeof(cmd),
             "ogrinfo -ro -q '%s' -sql \"SELECT table_name || ': ' || "
             "description AS d FROM gpkg_contents UNION ALL SELECT "
             "metadata FROM gpkg_metadata\"",
             gpkg);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    return out;
}

static void test_geopackage(void)
{
    char args[3000], *says;
    const char *user = user_survey();

    snprintf(args, sizeof(args), "export -q --overwrite -o '%s'",
             path_in("s.gpkg"));
    kz_test_cli_ok(args);
    says = gpkg_says(path_in("s.gpkg"));
    /* every layer (districts, regions, kahrizes, assessments, the
     * relation, shafts, galleries, styles) and the title, abstract and
     * lineage in both languages */
    CU_ASSERT(kz_test_count(says, "SYNTHETIC sample data") >= 8 + 3);
    CU_ASSERT(kz_test_count(says, "SİNTETİK nümunə") >= 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(says, "kahrizes: SYNTHETIC sample data"));
    free(says);
    snprintf(args, sizeof(args), "export -q --overwrite %s -o '%s'", user,
             path_in("u.gpkg"));
    kz_test_cli_ok(args);
    says = gpkg_says(path_in("u.gpkg"));
    CU_ASSERT_PTR_NULL(strstr(says, "SYNTHETIC"));
    CU_ASSERT_PTR_NULL(strstr(says, "SİNTETİK"));
    CU_ASSERT_PTR_NOT_NULL(strstr(says, "Field surveys"));
    free(says);
}

static const kz_test_case cases[] = {
    {"stand-alone maps of the sample say so", test_maps},
    {"every district map of the sample says so", test_each_district},
    {"a GeoPackage of the sample says so", test_geopackage},
    KZ_TEST_END};

KZ_TEST_SUITE("sample_says_so", cases);
