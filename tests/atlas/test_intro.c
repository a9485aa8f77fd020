/*
 * test_intro.c - the introduction states the projections and the
 * rounding rule in both languages (pdftotext), and what it states about
 * the projections is what the maps use: the national maps' geospatial
 * viewports carry a Lambert azimuthal equal-area CRS centred at 40.2°N
 * 47.7°E, the district maps' a UTM zone (qpdf's view of the PDF).  A
 * block of the introduction taller than a page still starts on the first
 * page: no page of the introduction is left without a block.  A condition
 * name longer than every other legend name moves the legend's
 * explanations right: names and explanations stay apart, in columns
 * (check_pages.py on the legend), and the name stays on one line.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every run of white space made one space. */
static void squeeze(char *s)
{
    char *o = s;
    int space = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\f') {
            space = 1;
            continue;
        }
        if (space && o != s)
            *o++ = ' ';
        space = 0;
        *o++ = *s;
    }
    *o = '\0';
}

static void expect_text(const char *text, const char *want)
{
    if (!strstr(text, want))
        fprintf(stderr, "\nthe introduction does not say \"%s\"", want);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
}

static void test_intro_projections(void)
{
    char pdf[600], args[900], cmd[900], *text, *objs;

    snprintf(pdf, sizeof(pdf), "%s/intro.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args),
             "build -q --sections intro,overview,districts "
             "--only-districts AZ-ORD -o '%s'",
             pdf);
    kz_test_cli_ok(args);
    /* the introduction: the first pages, in reading order */
    snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 -f 1 -l 2 '%s' -", pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text = kz_test_output(cmd));
    squeeze(text);
    expect_text(text, "Xəritə proyeksiyaları / Map projections");
    expect_text(text, "Lambert azimuthal equal-area projection centred at "
                      "40.2°N 47.7°E (WGS84)");
    expect_text(text, "Lambertin azimutal bərabərsahəli proyeksiyası "
                      "(WGS84)");
    expect_text(text, "40.2° şm. e., 47.7° ş. u."); /* coordinates: a point */
    expect_text(text, "district maps use the UTM zone (WGS84)");
    expect_text(text, "38N west of 48°E, 39N east of it");
    expect_text(text, "rayon xəritələri göstərdikləri ərazinin UTM "
                      "zonasındadır (WGS84)");
    expect_text(text, "qərbdə 38N, şərqdə 39N");
    /* the rounding rule, with a tie worked by hand */
    expect_text(text, "halves away from zero (2.35 becomes 2.4, 1.95 becomes "
                      "2.0)");
    expect_text(text, "yarım vahid sıfırdan uzağa (2,35 olur 2,4; 1,95 olur "
                      "2,0)");
    free(text);

    /* what the maps use, from their geospatial viewports */
    CU_ASSERT_PTR_NOT_NULL_FATAL(objs = kz_test_pdf_objects(pdf, NULL));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "Lambert_Azimuthal_Equal_Area"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "\"latitude_of_center\",40.2]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "\"longitude_of_center\",47.7]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(objs, "/EPSG 32638"));
    free(objs);
}

/* A copy of the bundled style whose introduction blocks each carry a
 * marker word, the first one (the kahriz) as long as several pages. */
static const char *tall_style(void)
{
    static char path[600];
    char cmd[2400];
    snprintf(path, sizeof(path), "%s/tall-intro.json", kz_test_tmpdir());
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c 'import json, sys\n"
             "st = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
             "def walk(o):\n"
             "    for k, v in o.items():\n"
             "        if k.startswith(\"atlas.intro.\") and "
             "k.endswith(\".text\"):\n"
             "            n = 900 if k == \"atlas.intro.kahriz.text\" else 3\n"
             "            v[\"az\"] = \"Blokmarker \" + \"kəhriz \" * n\n"
             "            v[\"en\"] = \"Blokmarker \" + \"kahriz \" * n\n"
             "        elif isinstance(v, dict):\n"
             "            walk(v)\n"
             "walk(st)\n"
             "json.dump(st, open(sys.argv[2], \"w\", encoding=\"utf-8\"),"
             " ensure_ascii=False)' '%s' '%s' && echo ok",
             kz_test_src("styles/default.json"), path);
    {
        char *out = kz_test_output(cmd);
        int ok = out && strstr(out, "ok") != NULL;
        free(out);
        return ok ? path : NULL;
    }
}

static void test_intro_tall_block(void)
{
    char pdf[600], args[1400], cmd[900], *info;
    const char *style = tall_style();
    long pages = 0, p;

    CU_ASSERT_PTR_NOT_NULL_FATAL(style);
    snprintf(pdf, sizeof(pdf), "%s/tall.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args),
             "build -q --sections intro --style '%s' -o '%s'", style, pdf);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info = kz_test_output(cmd));
    if (strstr(info, "Pages:"))
        pages = strtol(strstr(info, "Pages:") + 6, NULL, 10);
    free(info);
    CU_ASSERT_TRUE(pages >= 2);
    for (p = 1; p <= pages; p++) {
        char *text;
        snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 -f %ld -l %ld "
                                   "'%s' -", p, p, pdf);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text = kz_test_output(cmd));
        if (!strstr(text, "Blokmarker") && !strstr(text, "kəhriz kəhriz"))
            fprintf(stderr, "\nintroduction page %ld of %ld holds no "
                            "block:\n%s", p, pages, text);
        CU_ASSERT_TRUE(strstr(text, "Blokmarker") != NULL ||
                       strstr(text, "kəhriz kəhriz") != NULL);
        free(text);
    }
}

/* The bundled style with "condition.unassessed" named at length, the
 * legend's widest name. */
static const char *long_name_style(void)
{
    static char path[600];
    char cmd[2400], *out;
    int ok;
    snprintf(path, sizeof(path), "%s/long-name.json", kz_test_tmpdir());
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c 'import json, sys\n"
             "st = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
             "def walk(o):\n"
             "    for k, v in o.items():\n"
             "        if k == \"condition.unassessed\":\n"
             "            v[\"az\"] = \"Heç vaxt qiymətləndirilməmiş\"\n"
             "            v[\"en\"] = \"Never assessed\"\n"
             "        elif isinstance(v, dict):\n"
             "            walk(v)\n"
             "walk(st)\n"
             "json.dump(st, open(sys.argv[2], \"w\", encoding=\"utf-8\"),"
             " ensure_ascii=False)' '%s' '%s' && echo ok",
             kz_test_src("styles/default.json"), path);
    out = kz_test_output(cmd);
    ok = out && strstr(out, "ok") != NULL;
    free(out);
    return ok ? path : NULL;
}

static void test_legend_long_name(void)
{
    char pdf[600], csv[600], args[1400], cmd[2400], *out = NULL;
    const char *style = long_name_style();
    FILE *fp;

    CU_ASSERT_PTR_NOT_NULL_FATAL(style);
    snprintf(pdf, sizeof(pdf), "%s/long-name.pdf", kz_test_tmpdir());
    snprintf(args, sizeof(args),
             "build -q --sections intro --style '%s' -o '%s'", style, pdf);
    kz_test_cli_ok(args);
    /* statistics of no district: no box to look for */
    snprintf(csv, sizeof(csv), "%s/no-stats.csv", kz_test_tmpdir());
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(csv, "w"));
    fputs("code,name_az,name_en,region,kahrizes\n", fp);
    fclose(fp);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 '%s' '%s' '%s' 2>&1; echo rc=$?",
             kz_test_src("tests/atlas/check_pages.py"), pdf, csv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out = kz_test_output(cmd));
    if (!strstr(out, "\nrc=0\n"))
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nrc=0\n"));
    free(out);
    /* a name of a third of the text's width is set on one line: the
     * explanations make room for it */
    snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 '%s' -", pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out = kz_test_output(cmd));
    if (!strstr(out, "Heç vaxt qiymətləndirilməmiş / Never assessed\n"))
        fprintf(stderr, "\nthe long condition name is broken:\n%s", out);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "Heç vaxt qiymətləndirilməmiş / Never assessed\n"));
    free(out);
}

static const kz_test_case cases[] = {
    {"introduction states the projections the maps use",
     test_intro_projections},
    {"a block taller than a page starts on the first", test_intro_tall_block},
    {"legend: a long condition name moves the explanations",
     test_legend_long_name},
    KZ_TEST_END};

KZ_TEST_SUITE("intro", cases);
