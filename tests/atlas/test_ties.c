/*
 * test_ties.c - one rounding rule wherever a number is printed: exact
 * decimal ties (0.05, 1.25, 2.35, 1.95) round half away from zero to 0.1,
 * 1.3, 2.4 and 2.0 in the `stats` table and in the atlas's statistics
 * boxes alike, whatever side of the tie the double lies on (1.2 + 1.15 is
 * 2.3499999999999996).  Expected strings worked by hand.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Four Nakhchivan districts (points inside each, read off the bundled
 * boundaries with OGR's PointOnSurface), each with latest discharges
 * whose total is a tie at one decimal. */
static const char *tie_survey(void)
{
    static char dir[512];
    static const struct {
        const char *district;
        double lon, lat;
        const char *q[2]; /* discharges, "" for none */
    } k[] = {
        {"AZ-ORD", 45.8819, 39.0735, {"0.05", ""}},
        {"AZ-CUL", 45.6640, 39.1485, {"1.25", ""}},
        {"AZ-BAB", 45.3426, 39.2822, {"1.2", "1.15"}},
        {"AZ-SAH", 45.5806, 39.4286, {"1.0", "0.95"}},
    };
    char path[600];
    FILE *kf, *af;
    size_t i, j;
    int n = 0;

    snprintf(dir, sizeof(dir), "%s/ties", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(kf = fopen(path, "wb"));
    snprintf(path, sizeof(path), "%s/assessments.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(af = fopen(path, "wb"));
    fputs(KZ_TEST_KAHRIZ_HEADER, kf);
    fputs(KZ_TEST_ASSESSMENT_HEADER, af);
    for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        for (j = 0; j < 2 && *k[i].q[j]; j++) {
            n++;
            fprintf(kf,
                    "KZ-%d,Kəhriz %d,,%s,,,%.4f,%.4f,EPSG:4326,,,800,10,"
                    "12,1900,icma,\n",
                    n, n, k[i].district, k[i].lon + 0.002 * (double)j,
                    k[i].lat);
            fprintf(af, "KZ-%d,2021-05-01,%s,good,yes,10,10,0,none,,,,x\n", n,
                    k[i].q[j]);
        }
    fclose(kf);
    fclose(af);
    return dir;
}

/* The line of text holding code (the `stats` table), NULL when none. */
static char *line_of(char *text, const char *code)
{
    char *p = strstr(text, code), *e;
    if (!p)
        return NULL;
    if ((e = strchr(p, '\n')))
        *e = '\0';
    return p;
}

static void test_stats_table_ties(void)
{
    const char *dir = tie_survey();
    /* total to one decimal, median to two: 0.975 (the median of 0.95 and
     * 1.0) is 0.97499999999999998 as a double and still rounds to 0.98 */
    static const struct {
        const char *code, *total, *median;
    } want[] = {{"AZ-ORD", " 0.1 ", " 0.05 "},
                {"AZ-CUL", " 1.3 ", " 1.25 "},
                {"AZ-BAB", " 2.4 ", " 1.18 "},
                {"AZ-SAH", " 2.0 ", " 0.98 "}};
    char args[1200], *out;
    size_t i;

    snprintf(args, sizeof(args),
             "stats -q --format table --kahrizes '%s/kahrizes.csv' "
             "--assessments '%s/assessments.csv' --shafts none",
             dir, dir);
    out = kz_test_cli_out(0, args);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        char *copy = strdup(out), *line = line_of(copy, want[i].code);
        CU_ASSERT_PTR_NOT_NULL_FATAL(line);
        if (!strstr(line, want[i].total) || !strstr(line, want[i].median))
            fprintf(stderr, "\n%s: want total%sand median%sin \"%s\"",
                    want[i].code, want[i].total, want[i].median, line);
        CU_ASSERT_PTR_NOT_NULL(strstr(line, want[i].total));
        CU_ASSERT_PTR_NOT_NULL(strstr(line, want[i].median));
        free(copy);
    }
    free(out);
}

static void test_atlas_box_ties(void)
{
    const char *dir = tie_survey();
    static const char *const want[] = {"Ordubad rayonu", "0,1 l/san / 0.1 l/s",
                                       "Culfa rayonu",   "1,3 l/san / 1.3 l/s",
                                       "Babək rayonu",   "2,4 l/san / 2.4 l/s",
                                       "Şahbuz rayonu",  "2,0 l/san / 2.0 l/s"};
    char args[1400], pdf[600], cmd[800], *text;
    size_t i;

    snprintf(pdf, sizeof(pdf), "%s/ties.pdf", dir);
    snprintf(args, sizeof(args),
             "build -q --sections districts --kahrizes '%s/kahrizes.csv' "
             "--assessments '%s/assessments.csv' --shafts none -o '%s'",
             dir, dir, pdf);
    kz_test_cli_ok(args);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i += 2) {
        char *page, *p, *e;
        int found = 0;
        snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 -layout '%s' -",
                 pdf);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text = kz_test_output(cmd));
        /* the district's page: its running head names it, and it has
         * the statistics box */
        for (page = text; page && *page; page = e ? e + 1 : NULL) {
            e = strchr(page, '\f');
            if (e)
                *e = '\0';
            if (strncmp(page, want[i], strlen(want[i])) == 0 &&
                (p = strstr(page, "Total discharge")) != NULL) {
                char *nl = strchr(p, '\n');
                if (nl)
                    *nl = '\0';
                if (!strstr(p, want[i + 1]))
                    fprintf(stderr, "\n%s: \"%s\", want \"%s\"", want[i], p,
                            want[i + 1]);
                CU_ASSERT_PTR_NOT_NULL(strstr(p, want[i + 1]));
                found = 1;
                break;
            }
        }
        if (!found)
            fprintf(stderr, "\nno statistics page for %s", want[i]);
        CU_ASSERT(found);
        free(text);
    }
}

static const kz_test_case cases[] = {
    {"stats table rounds ties half away from zero", test_stats_table_ties},
    {"atlas statistics boxes round ties alike", test_atlas_box_ties},
    KZ_TEST_END};

KZ_TEST_SUITE("ties", cases);
