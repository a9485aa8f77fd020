/*
 * test_ingest_rows.c - rows of a small Nakhchivan survey (tests/common/
 * survey_nx.c) damaged one at a time as field teams damage them: each
 * damaged row is reported by the text line it is on, with its field, and
 * every row of the file is counted.  Expected numbers come from the files
 * themselves (their lines as `wc -l` counts them, the fields of a line,
 * the line an id is on).
 */
#include "kztest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY 20250101

static kz_report *rep;
static kz_survey *sv;

static void release(void)
{
    kz_report_destroy(rep);
    kz_survey_destroy(sv);
    rep = NULL;
    sv = NULL;
}

static int load(const char *k, const char *a, const char *s)
{
    kz_sources src = KZ_SOURCES_INIT;
    release();
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    src.kahrizes = k;
    src.assessments = a;
    src.shafts = s;
    src.today = TODAY;
    return kz_survey_load(&sv, kz_test_ctx, &src, rep);
}

/* The summary of a source ("kahrizes", ...). */
static const kz_report_summary *summary(const char *source)
{
    size_t i;
    for (i = 0; i < kz_report_summary_count(rep); i++)
        if (strcmp(kz_report_summary_get(rep, i)->source, source) == 0)
            return kz_report_summary_get(rep, i);
    CU_FAIL("no summary for the source");
    return NULL;
}

/* Entries of the report naming field (any row). */
static size_t entries_on(const char *field)
{
    size_t i, n = 0;
    for (i = 0; i < kz_report_count(rep); i++)
        n += strcmp(kz_report_get(rep, i)->field, field) == 0;
    return n;
}

static void file_in(char *out, size_t cap, const char *dir, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

/* Line (from 1) of the file whose text begins with prefix; 0 if none. */
static long line_of(const char *path, const char *prefix)
{
    long n;
    char *l;
    for (n = 1; (l = kz_test_line(path, n)) != NULL; n++) {
        int hit = strncmp(l, prefix, strlen(prefix)) == 0;
        free(l);
        if (hit)
            return n;
    }
    return 0;
}

/* Line `line` of path with the first `from` replaced by `to`. */
static void edit_line(const char *path, long line, const char *from,
                      const char *to)
{
    char *l = kz_test_line(path, line), *p, buf[2048];
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    p = strstr(l, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(p - l), l, to,
             p + strlen(from));
    kz_test_set_line(path, line, buf);
    free(l);
}

static long fields_of(const char *text)
{
    return (long)kz_test_count(text, ",") + 1;
}

/* ------------------------------------------------------------- quotes */

/* A quote opened in NX-02's name and never closed: the CSV driver would
 * read every line after it as that one value (two rows read, the third
 * kahriz never mentioned, "x: empty" blamed).  The row where the quote
 * opens is rejected by name; every other line is read as its own row. */
static void test_unterminated_quote(void)
{
    char dir[4096], k[4200], a[4200], want[64];
    const kz_report_summary *s;
    long rows, bad;

    kz_test_nx_survey(dir, sizeof(dir), "quote");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    file_in(a, sizeof(a), dir, "assessments.csv");
    bad = line_of(k, "NX-02,");
    edit_line(k, bad, ",Bulaq", ",\"Bulaq");
    rows = kz_test_data_lines(k);
    CU_ASSERT(load(k, a, NULL) == KZ_EDATA);
    CU_ASSERT(
        kz_test_report_has(rep, "kahrizes.csv", bad, "", "unterminated quote"));
    s = summary("kahrizes");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->rows_read, rows);
    CU_ASSERT_EQUAL(s->rejected, 1);
    CU_ASSERT_EQUAL(s->accepted, rows - 1);
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), (size_t)(rows - 1));
    CU_ASSERT(kz_survey_find(sv, "NX-03") >= 0);
    CU_ASSERT(kz_survey_find(sv, "NX-10") >= 0);
    CU_ASSERT_EQUAL(entries_on("x"), 0);
    /* the kahriz's visits say why they have no kahriz */
    snprintf(want, sizeof(want), "was rejected (row %ld)", bad);
    CU_ASSERT(kz_test_report_has(rep, "assessments.csv", line_of(a, "NX-02,"),
                                 "kahriz_id", want));
    release();
}

/* An unquoted comma in NX-03's owner: one field more than the header,
 * named with both counts (taken from the line and the header). */
static void test_more_fields_than_header(void)
{
    char dir[4096], k[4200], want[96], *hdr, *l;
    long row;

    kz_test_nx_survey(dir, sizeof(dir), "fields");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    row = line_of(k, "NX-03,");
    edit_line(k, row, ",icma,", ",icma, Əliyev ailəsi,");
    hdr = kz_test_line(k, 1);
    l = kz_test_line(k, row);
    CU_ASSERT_PTR_NOT_NULL_FATAL(hdr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    snprintf(want, sizeof(want), "%ld fields where the header has %ld",
             fields_of(l), fields_of(hdr));
    CU_ASSERT(load(k, NULL, NULL) == KZ_OK);
    CU_ASSERT(kz_test_report_has(rep, "kahrizes.csv", row, "", want));
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 1);
    free(hdr);
    free(l);
    release();
}

/* A blank line and a name over two lines before a bad value: the value
 * is reported on the line it is on, not at its record's count + 1. */
static void test_rows_are_text_lines(void)
{
    char dir[4096], k[4200], *l, buf[2048];
    long row;

    kz_test_nx_survey(dir, sizeof(dir), "lines");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    l = kz_test_line(k, line_of(k, "NX-01,"));
    snprintf(buf, sizeof(buf), "%s\n", l); /* a blank line after it */
    kz_test_set_line(k, line_of(k, "NX-01,"), buf);
    free(l);
    edit_line(k, line_of(k, "NX-02,"), ",Bulaq kəhrizi,",
              ",\"Bulaq\nkəhrizi\",");
    edit_line(k, line_of(k, "NX-05,"), ",45.630000,", ",45,63,");
    row = line_of(k, "NX-05,");
    CU_ASSERT(load(k, NULL, NULL) == KZ_EDATA);
    CU_ASSERT(kz_test_report_has(rep, "kahrizes.csv", row, "", "fields"));
    CU_ASSERT(
        kz_test_report_has(rep, "kahrizes.csv", row, "crs", "unknown CRS"));
    CU_ASSERT_EQUAL(summary("kahrizes")->rows_read, 10);
    CU_ASSERT_STRING_EQUAL(
        kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "NX-02"))->name_az,
        "Bulaq\nkəhrizi");
    release();
}

/* ------------------------------------------------------------- shafts */

/* NX-01's second shaft without a position (it used to be kept, exported
 * without a geometry, and made its gallery look traced): rejected by
 * row, the gallery keeps the other three. */
static void test_shaft_without_position(void)
{
    char dir[4096], k[4200], sh[4200];
    long row;

    kz_test_nx_survey(dir, sizeof(dir), "shaftpos");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    file_in(sh, sizeof(sh), dir, "shafts.csv");
    row = line_of(sh, "NX-01,2,");
    kz_test_set_line(sh, row, "NX-01,2,,,EPSG:4326,18.0");
    CU_ASSERT(load(k, NULL, sh) == KZ_EDATA);
    CU_ASSERT(kz_test_report_has(rep, "shafts.csv", row, "x",
                                 "the shaft's position is required"));
    CU_ASSERT_EQUAL(summary("shafts")->rejected, 1);
    CU_ASSERT_EQUAL(summary("shafts")->rows_read, kz_test_data_lines(sh));
    CU_ASSERT_EQUAL(
        kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "NX-01"))->n_shafts, 3);
    release();
}

/* NX-02's third shaft put 30 km away, at 45.80°E 39.40°N: a warning by
 * row, and the shaft is left out of the survey (and so of its gallery). */
static void test_far_shaft(void)
{
    char dir[4096], k[4200], sh[4200];
    const kz_kahriz *kz;
    size_t i;
    long row;

    kz_test_nx_survey(dir, sizeof(dir), "shaftfar");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    file_in(sh, sizeof(sh), dir, "shafts.csv");
    row = line_of(sh, "NX-02,3,");
    kz_test_set_line(sh, row, "NX-02,3,45.800000,39.400000,EPSG:4326,17.0");
    CU_ASSERT(load(k, NULL, sh) == KZ_OK);
    CU_ASSERT(kz_test_report_has(rep, "shafts.csv", row, "x",
                                 "shaft 3 of NX-02 lies"));
    CU_ASSERT(kz_test_report_has(rep, "shafts.csv", row, "x",
                                 "left out of its gallery"));
    CU_ASSERT_EQUAL(summary("shafts")->rows_read, kz_test_data_lines(sh));
    kz = kz_survey_kahriz(sv, (size_t)kz_survey_find(sv, "NX-02"));
    CU_ASSERT_EQUAL_FATAL(kz->n_shafts, 3);
    for (i = 0; i < kz->n_shafts; i++)
        CU_ASSERT(kz_survey_shaft(sv, kz->first_shaft + i)->seq != 3);
    release();
}

/* NX-03's third shaft numbered 2 as well: a warning naming both rows. */
static void test_duplicate_seq(void)
{
    char dir[4096], k[4200], sh[4200], want[64];
    long first, row;

    kz_test_nx_survey(dir, sizeof(dir), "shaftseq");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    file_in(sh, sizeof(sh), dir, "shafts.csv");
    first = line_of(sh, "NX-03,2,");
    row = line_of(sh, "NX-03,3,");
    edit_line(sh, row, "NX-03,3,", "NX-03,2,");
    snprintf(want, sizeof(want), "(first at row %ld)", first);
    CU_ASSERT(load(k, NULL, sh) == KZ_OK);
    CU_ASSERT(kz_test_report_has(rep, "shafts.csv", row, "seq", want));
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 1);
    release();
}

/* ---------------------------------------------------- implausible values */

/* The limit the field form puts on a question: the number after ". < " in
 * its constraint (forms/source/survey.csv). */
static double form_limit(const char *name)
{
    char *text = kz_test_slurp(kz_test_src("forms/source/survey.csv"), NULL);
    char key[64], *p, *c;
    double v = NAN;
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    snprintf(key, sizeof(key), "\ndecimal,%s,", name);
    p = strstr(text, key);
    if (p) {
        char *eol = strchr(p + 1, '\n');
        c = strstr(p, ". < ");
        if (c && (!eol || c < eol))
            v = strtod(c + 4, NULL);
    }
    free(text);
    CU_ASSERT_FATAL(isfinite(v));
    return v;
}

/* Values at the form's limits and far past them (1e308, 99999999,
 * 1e300) are warnings by row and field; values just under them are not.
 * The rows are kept. */
static void test_implausible_values(void)
{
    char dir[4096], k[4200], a[4200], v[64], bad[64];
    double len = form_limit("length_m");
    double depth = form_limit("mother_well_depth_m");
    double q = form_limit("discharge_l_s");
    long r7, r8, r9, r10, a2, a3, a4;

    kz_test_nx_survey(dir, sizeof(dir), "implausible");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    file_in(a, sizeof(a), dir, "assessments.csv");
    r7 = line_of(k, "NX-07,");
    r8 = line_of(k, "NX-08,");
    r9 = line_of(k, "NX-09,");
    r10 = line_of(k, "NX-10,");
    edit_line(k, r7, ",1800,", ",1e308,"); /* length_m */
    snprintf(v, sizeof(v), ",%.15g,", depth);
    edit_line(k, r8, ",27.5,", v); /* mother_well_depth_m */
    edit_line(k, r9, ",28.5,", ",99999999,");
    snprintf(v, sizeof(v), ",%.15g,", len - 1);
    edit_line(k, r10, ",2100,", v); /* just under: no warning */
    a2 = line_of(a, "NX-02,2023");
    a3 = line_of(a, "NX-03,2023");
    a4 = line_of(a, "NX-04,2019");
    snprintf(v, sizeof(v), ",%.15g,", q);
    edit_line(a, a2, ",2.0,", v);
    edit_line(a, a3, ",2.5,", ",1e300,");
    snprintf(v, sizeof(v), ",%.15g,", q - 0.1);
    edit_line(a, a4, ",3.5,", v); /* just under: no warning */
    CU_ASSERT(load(k, a, NULL) == KZ_OK);
    snprintf(bad, sizeof(bad), "less than %.15g m", len);
    CU_ASSERT(kz_test_report_has(rep, "kahrizes.csv", r7, "length_m", bad));
    snprintf(bad, sizeof(bad), "less than %.15g m", depth);
    CU_ASSERT(kz_test_report_has(rep, "kahrizes.csv", r8, "mother_well_depth_m",
                                 bad));
    CU_ASSERT(kz_test_report_has(rep, "kahrizes.csv", r9, "mother_well_depth_m",
                                 "99999999 m"));
    snprintf(bad, sizeof(bad), "less than %.15g l/s", q);
    CU_ASSERT(
        kz_test_report_has(rep, "assessments.csv", a2, "discharge_l_s", bad));
    CU_ASSERT(kz_test_report_has(rep, "assessments.csv", a3, "discharge_l_s",
                                 "implausible"));
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 5);
    CU_ASSERT_EQUAL(kz_report_errors(rep), 0);
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(sv), 10);
    release();
}

/* -------------------------------------------------------- assessments */

/* Field n (from 1) of a comma-separated line, as a number. */
static double field_num(const char *line, int n)
{
    const char *p = line;
    while (--n > 0 && (p = strchr(p, ',')) != NULL)
        p++;
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return strtod(p, NULL);
}

static const kz_assessment *latest(const char *id)
{
    long k = kz_survey_find(sv, id);
    CU_ASSERT_FATAL(k >= 0);
    return kz_survey_latest(sv, (size_t)k);
}

/* NX-02's last visit finds it dry with 2.0 l/s flowing: a warning, and
 * the visit counts as dry with 0 l/s (not functioning). */
static void test_dry_with_discharge(void)
{
    char dir[4096], k[4200], a[4200];
    long row;

    kz_test_nx_survey(dir, sizeof(dir), "dry");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    file_in(a, sizeof(a), dir, "assessments.csv");
    row = line_of(a, "NX-02,2023");
    edit_line(a, row, ",2.0,poor,", ",2.0,dry,");
    CU_ASSERT(load(k, a, NULL) == KZ_OK);
    CU_ASSERT(kz_test_report_has(rep, "assessments.csv", row, "discharge_l_s",
                                 "counted as dry"));
    CU_ASSERT_EQUAL(latest("NX-02")->condition, KZ_COND_DRY);
    CU_ASSERT_EQUAL(latest("NX-02")->discharge_l_s, 0);
    release();
}

/* A visit of NX-04 ten years before the year it was built (read from its
 * row), and one that counts more shafts open and collapsed than the
 * kahriz has (its shafts read from its row): two warnings by row. */
static void test_visit_against_kahriz(void)
{
    char dir[4096], k[4200], a[4200], v[64], *kl;
    long early, late, year, shafts;

    kz_test_nx_survey(dir, sizeof(dir), "visits");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    file_in(a, sizeof(a), dir, "assessments.csv");
    kl = kz_test_line(k, line_of(k, "NX-04,"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(kl);
    shafts = (long)field_num(kl, 13);
    year = (long)field_num(kl, 15);
    free(kl);
    early = line_of(a, "NX-04,2019");
    late = line_of(a, "NX-04,2023");
    snprintf(v, sizeof(v), "NX-04,%04ld-05-13", year - 10);
    edit_line(a, early, "NX-04,2019-05-13", v);
    snprintf(v, sizeof(v), ",%ld,2,none", shafts);
    edit_line(a, late, ",11,2,none", v);
    CU_ASSERT(load(k, a, NULL) == KZ_OK);
    snprintf(v, sizeof(v), "was built (%ld)", year);
    CU_ASSERT(kz_test_report_has(rep, "assessments.csv", early, "date", v));
    snprintf(v, sizeof(v), "more than the %ld shafts", shafts);
    CU_ASSERT(
        kz_test_report_has(rep, "assessments.csv", late, "shafts_open", v));
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 2);
    release();
}

/* A second visit of NX-03 on the date of its last one, finding it poor
 * where the first found it good: a warning on the second row naming the
 * first, and the poor one is the latest whether it comes after the good
 * one in the file or before it. */
static void test_same_date_visits(void)
{
    char dir[4096], k[4200], a[4200], want[96], name[32], buf[2048];
    char *good, poor[1024], *at;
    long g, p;
    int pass;

    for (pass = 0; pass < 2; pass++) {
        snprintf(name, sizeof(name), "samedate%d", pass);
        kz_test_nx_survey(dir, sizeof(dir), name);
        file_in(k, sizeof(k), dir, "kahrizes.csv");
        file_in(a, sizeof(a), dir, "assessments.csv");
        g = line_of(a, "NX-03,2023");
        good = kz_test_line(a, g);
        CU_ASSERT_PTR_NOT_NULL_FATAL(good);
        at = strstr(good, ",good,");
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        snprintf(poor, sizeof(poor), "%.*s,poor,%s", (int)(at - good), good,
                 at + 6);
        /* pass 0: the poor visit after the good one; pass 1: before it */
        snprintf(buf, sizeof(buf), "%s\n%s", pass ? poor : good,
                 pass ? good : poor);
        kz_test_set_line(a, g, buf);
        p = pass ? g : g + 1;
        CU_ASSERT(load(k, a, NULL) == KZ_OK);
        snprintf(want, sizeof(want),
                 "(first at row %ld): the one at row %ld counts as the later",
                 g, p);
        CU_ASSERT(
            kz_test_report_has(rep, "assessments.csv", g + 1, "date", want));
        CU_ASSERT_EQUAL(latest("NX-03")->condition, KZ_COND_POOR);
        CU_ASSERT_EQUAL(latest("NX-03")->source_row, p);
        release();
        free(good);
    }
}

/* ---------------------------------------------- coordinates, districts */

/* The kahrizes in UTM 38N metres (cs2cs from their lon/lat) without a crs
 * column: each row's error says the values look projected and names
 * EPSG:32638, in which they fall in Azerbaijan; read with that default
 * CRS, they load. */
static void test_projected_without_crs(void)
{
    char dir[4096], k[4200], cmd[512], want[96], *l, *out;
    FILE *fp;
    double e, n, lon, lat;
    long row;
    kz_sources src = KZ_SOURCES_INIT;

    if (!kz_test_need(system("cs2cs < /dev/null > /dev/null 2>&1") == 0,
                      "cs2cs (proj-bin)"))
        return;
    kz_test_nx_survey(dir, sizeof(dir), "utm");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    l = kz_test_line(k, 2); /* NX-01 */
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    lon = field_num(l, 7);
    lat = field_num(l, 8);
    free(l);
    snprintf(cmd, sizeof(cmd),
             "echo '%.6f %.6f' | cs2cs -f %%.2f EPSG:4326 EPSG:32638", lat,
             lon);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL_FATAL(sscanf(out, "%lf %lf", &e, &n), 2);
    free(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(k, "wb"));
    fprintf(fp, "id,name_az,x,y\nNX-01,Ələk kəhrizi,%.2f,%.2f\n", e, n);
    fclose(fp);
    row = line_of(k, "NX-01,");
    CU_ASSERT(load(k, NULL, NULL) == KZ_EDATA);
    CU_ASSERT(kz_test_report_has(rep, "kahrizes.csv", row, "x",
                                 "look like projected metres"));
    snprintf(want, sizeof(want), "they fall at %.3f", lon);
    CU_ASSERT(kz_test_report_has(rep, "kahrizes.csv", row, "x", want));
    CU_ASSERT(kz_test_report_has(rep, "kahrizes.csv", row, "x",
                                 "--input-crs EPSG:32638"));
    release();
    src.kahrizes = k;
    src.default_crs = "EPSG:32638";
    src.today = TODAY;
    sv = kz_test_load(&src);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT(fabs(kz_survey_kahriz(sv, 0)->lon - lon) < 1e-6);
    release();
}

/* NX-05 declared in AZ-XXX, a code the bundled districts do not have: a
 * warning naming the row and the code (it was only ever "declared in
 * AZ-XXX but lies in AZ-CUL"). */
static void test_unknown_district(void)
{
    char dir[4096], k[4200], d[4200];
    kz_sources src = KZ_SOURCES_INIT;
    long row;

    kz_test_nx_survey(dir, sizeof(dir), "district");
    file_in(k, sizeof(k), dir, "kahrizes.csv");
    snprintf(d, sizeof(d), "%s", kz_test_src("data/districts.geojson"));
    row = line_of(k, "NX-05,");
    edit_line(k, row, ",AZ-CUL,", ",AZ-XXX,");
    release();
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    src.kahrizes = k;
    src.districts = d;
    src.today = TODAY;
    CU_ASSERT(kz_survey_load(&sv, kz_test_ctx, &src, rep) == KZ_OK);
    CU_ASSERT(kz_test_report_has(rep, "kahrizes.csv", row, "district",
                                 "unknown district AZ-XXX"));
    CU_ASSERT_EQUAL(kz_report_warnings(rep), 1);
    release();
}

static const kz_test_case cases[] = {
    {"unterminated quote", test_unterminated_quote},
    {"more fields than the header", test_more_fields_than_header},
    {"rows are text lines", test_rows_are_text_lines},
    {"shaft without a position", test_shaft_without_position},
    {"shaft far from its kahriz", test_far_shaft},
    {"shaft numbered twice", test_duplicate_seq},
    {"implausible values", test_implausible_values},
    {"dry with discharge", test_dry_with_discharge},
    {"visit against its kahriz", test_visit_against_kahriz},
    {"visits on one date", test_same_date_visits},
    {"projected without a crs", test_projected_without_crs},
    {"unknown district", test_unknown_district},
    KZ_TEST_END};

KZ_TEST_SUITE("ingest rows", cases);
