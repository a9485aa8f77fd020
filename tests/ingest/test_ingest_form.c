/*
 * test_ingest_form.c - the field form forms/kahriz-survey.xlsx, read back
 * through GDAL: its structure (unique names, every pick-list present, both
 * languages on every label), its pick-lists against the tables they come
 * from (data/districts.geojson, the words the ingest reads), the sheets in
 * step with their source in forms/source/, and every question landing in
 * the survey: an export made from the form's own questions loads with
 * every value in place and nothing reported.
 */
#include "kztest.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AZ "Azərbaycanca (az)"
#define EN "English (en)"

typedef struct sheet {
    int n_rows, n_cols;
    char **head;  /* n_cols */
    char **cells; /* n_rows * n_cols, "" when empty */
} sheet;

static void sheet_free(sheet *s)
{
    int i;
    for (i = 0; i < s->n_cols; i++)
        free(s->head[i]);
    for (i = 0; i < s->n_rows * s->n_cols; i++)
        free(s->cells[i]);
    free(s->head);
    free(s->cells);
    memset(s, 0, sizeof(*s));
}

static void read_layer(OGRLayerH l, sheet *s)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    OGRFeatureH f;
    int i;

    memset(s, 0, sizeof(*s));
    s->n_cols = OGR_FD_GetFieldCount(d);
    s->head = calloc((size_t)s->n_cols + 1, sizeof(char *));
    for (i = 0; i < s->n_cols; i++)
        s->head[i] = strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i)));
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        s->cells = realloc(s->cells, (size_t)(s->n_rows + 1) *
                                         (size_t)s->n_cols * sizeof(char *));
        for (i = 0; i < s->n_cols; i++)
            s->cells[s->n_rows * s->n_cols + i] = strdup(
                OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i)
                                                 : "");
        s->n_rows++;
        OGR_F_Destroy(f);
    }
}

static int col(const sheet *s, const char *name)
{
    int i;
    for (i = 0; i < s->n_cols; i++)
        if (strcmp(s->head[i], name) == 0)
            return i;
    return -1;
}

static const char *cell(const sheet *s, int row, const char *name)
{
    int c = col(s, name);
    return c < 0 ? "" : s->cells[row * s->n_cols + c];
}

/* The three sheets of the form. */
static sheet survey, choices, settings;
static int loaded;

static void load_form(void)
{
    GDALDatasetH ds;
    OGRLayerH l;

    if (loaded)
        return;
    loaded = 1;
    GDALAllRegister();
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
    ds = GDALOpenEx(kz_test_src("forms/kahriz-survey.xlsx"),
                    GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l = GDALDatasetGetLayerByName(ds, "survey"));
    read_layer(l, &survey);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l = GDALDatasetGetLayerByName(ds, "choices"));
    read_layer(l, &choices);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l = GDALDatasetGetLayerByName(ds, "settings"));
    read_layer(l, &settings);
    GDALClose(ds);
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", NULL);
}

static int is_type(const char *type, const char *what)
{
    return strcmp(type, what) == 0;
}

/* Rows that carry no label: metadata, ends of groups, calculations. */
static int unlabelled(const char *type)
{
    static const char *const t[] = {"start",     "end",       "today",
                                    "deviceid",  "end_group", "end_repeat",
                                    "calculate", NULL};
    int i;
    for (i = 0; t[i]; i++)
        if (is_type(type, t[i]))
            return 1;
    return 0;
}

/* The list of a select question, "" for other types. */
static const char *list_of(const char *type, char *buf, size_t cap)
{
    const char *sp = strchr(type, ' ');
    if (strncmp(type, "select_one ", 11) != 0 &&
        strncmp(type, "select_multiple ", 16) != 0)
        return "";
    snprintf(buf, cap, "%s", sp + 1);
    return buf;
}

static int has_choice(const char *list, const char *name)
{
    int r;
    for (r = 0; r < choices.n_rows; r++)
        if (strcmp(cell(&choices, r, "list_name"), list) == 0 &&
            (!name || strcmp(cell(&choices, r, "name"), name) == 0))
            return 1;
    return 0;
}

static void test_form_structure(void)
{
    int r, q;
    char buf[128];

    load_form();
    CU_ASSERT(survey.n_rows > 30);
    CU_ASSERT(col(&survey, "label::" AZ) >= 0);
    CU_ASSERT(col(&survey, "label::" EN) >= 0);
    CU_ASSERT(col(&choices, "label::" AZ) >= 0);
    CU_ASSERT(col(&choices, "label::" EN) >= 0);
    CU_ASSERT_EQUAL_FATAL(settings.n_rows, 1);
    CU_ASSERT_STRING_EQUAL(cell(&settings, 0, "default_language"), AZ);
    CU_ASSERT_STRING_EQUAL(cell(&settings, 0, "form_id"), "kahriz_survey");

    for (r = 0; r < survey.n_rows; r++) {
        const char *type = cell(&survey, r, "type");
        const char *name = cell(&survey, r, "name");
        const char *list = list_of(type, buf, sizeof(buf));
        CU_ASSERT(*type != '\0');
        /* names unique */
        if (*name)
            for (q = r + 1; q < survey.n_rows; q++)
                if (strcmp(name, cell(&survey, q, "name")) == 0) {
                    fprintf(stderr, "\nname %s twice\n", name);
                    CU_FAIL("duplicate name");
                }
        if (!is_type(type, "end_group") && !is_type(type, "end_repeat"))
            CU_ASSERT(*name != '\0');
        /* both languages on every label and hint */
        if (!unlabelled(type) && (!*cell(&survey, r, "label::" AZ) ||
                                  !*cell(&survey, r, "label::" EN))) {
            fprintf(stderr, "\n%s: a label is missing\n", name);
            CU_FAIL("label missing");
        }
        CU_ASSERT_EQUAL(!*cell(&survey, r, "hint::" AZ),
                        !*cell(&survey, r, "hint::" EN));
        CU_ASSERT_EQUAL(!*cell(&survey, r, "constraint"),
                        !*cell(&survey, r, "constraint_message::" AZ));
        CU_ASSERT_EQUAL(!*cell(&survey, r, "constraint"),
                        !*cell(&survey, r, "constraint_message::" EN));
        /* every pick-list present */
        if (*list && !has_choice(list, NULL)) {
            fprintf(stderr, "\n%s: no choices %s\n", name, list);
            CU_FAIL("pick-list missing");
        }
    }
    for (r = 0; r < choices.n_rows; r++) {
        const char *list = cell(&choices, r, "list_name");
        CU_ASSERT(*cell(&choices, r, "name") != '\0');
        CU_ASSERT(*cell(&choices, r, "label::" AZ) != '\0');
        CU_ASSERT(*cell(&choices, r, "label::" EN) != '\0');
        for (q = r + 1; q < choices.n_rows; q++)
            CU_ASSERT(strcmp(list, cell(&choices, q, "list_name")) != 0 ||
                      strcmp(cell(&choices, r, "name"),
                             cell(&choices, q, "name")) != 0);
        /* the cascading select: a district's region is a region */
        if (strcmp(list, "district") == 0)
            CU_ASSERT(has_choice("region", cell(&choices, r, "region")));
    }
}

/* Districts and regions as data/districts.geojson has them. */
static void test_form_districts(void)
{
    GDALDatasetH ds;
    OGRLayerH l;
    OGRFeatureH f;
    int n = 0, d = 0, r;

    load_form();
    ds = GDALOpenEx(kz_test_src("data/districts.geojson"),
                    GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    l = GDALDatasetGetLayer(ds, 0);
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        const char *code =
            OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "code"));
        const char *region =
            OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "region_code"));
        int found = 0;
        for (r = 0; r < choices.n_rows; r++)
            if (strcmp(cell(&choices, r, "list_name"), "district") == 0 &&
                strcmp(cell(&choices, r, "name"), code) == 0) {
                found = 1;
                CU_ASSERT_STRING_EQUAL(cell(&choices, r, "region"), region);
            }
        CU_ASSERT(found);
        CU_ASSERT(has_choice("region", region));
        n++;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    for (r = 0; r < choices.n_rows; r++)
        d += strcmp(cell(&choices, r, "list_name"), "district") == 0;
    CU_ASSERT_EQUAL(d, n);
    CU_ASSERT_EQUAL(n, 77);
}

/* The coded answers are words the ingest reads, each to its own class. */
static void test_form_coded_answers(void)
{
    int r, seen[8] = {0}, n = 0;
    load_form();
    for (r = 0; r < choices.n_rows; r++) {
        kz_condition c;
        if (strcmp(cell(&choices, r, "list_name"), "condition") != 0)
            continue;
        c = kz_condition_parse(cell(&choices, r, "name"));
        CU_ASSERT(c != KZ_COND_UNASSESSED && (int)c < 8);
        if (c != KZ_COND_UNASSESSED && (int)c < 8) {
            CU_ASSERT_EQUAL(seen[c], 0);
            seen[c] = 1;
        }
        n++;
    }
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT(has_choice("drinkable", "yes") && has_choice("drinkable", "no"));
    CU_ASSERT(has_choice("rehab_status", "done"));
    CU_ASSERT(has_choice("shaft_state", "open") &&
              has_choice("shaft_state", "collapsed"));
}

/* The sheets are those forms/source/ gives (scripts/make-form was run). */
static void compare_source(const sheet *made, const char *csv)
{
    static const char *const oo[] = {"AUTODETECT_TYPE=NO", "HEADERS=YES",
                                     "EMPTY_STRING_AS_NULL=NO", NULL};
    GDALDatasetH ds = GDALOpenEx(
        kz_test_src(csv), GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, oo, NULL);
    sheet src;
    int r, c;

    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    read_layer(GDALDatasetGetLayer(ds, 0), &src);
    GDALClose(ds);
    CU_ASSERT(src.n_rows <= made->n_rows);
    for (c = 0; c < src.n_cols; c++)
        CU_ASSERT(col(made, src.head[c]) >= 0);
    for (r = 0; r < src.n_rows && r < made->n_rows; r++)
        for (c = 0; c < src.n_cols; c++)
            if (strcmp(src.cells[r * src.n_cols + c],
                       cell(made, r, src.head[c])) != 0) {
                fprintf(stderr,
                        "\n%s row %d %s: \"%s\" in the source, \"%s\" "
                        "in the form: run scripts/make-form\n",
                        csv, r + 2, src.head[c], src.cells[r * src.n_cols + c],
                        cell(made, r, src.head[c]));
                CU_FAIL("form not in step with its source");
                r = src.n_rows;
                break;
            }
    if (strstr(csv, "choices") == NULL)
        CU_ASSERT_EQUAL(src.n_rows, made->n_rows);
    sheet_free(&src);
}

static void test_form_in_step(void)
{
    load_form();
    compare_source(&survey, "forms/source/survey.csv");
    compare_source(&choices, "forms/source/choices.csv");
    compare_source(&settings, "forms/source/settings.csv");
}

/* --------------------------------------- every question reaches the model */

/* A test answer for each question of the form; a question added to the
 * form without one here fails the test, so that it is looked at. */
static const struct {
    const char *name, *value;
} answers[] = {
    {"visit", "new"},
    {"kahriz_id", "F-1"},
    {"name_az", "Sınaq kəhrizi"},
    {"name_en", "Test kahriz"},
    {"village_az", "Sınaq"},
    {"village_en", "Sinag"},
    {"region", "NAKHCHIVAN"},
    {"district", "AZ-ORD"},
    {"outlet", "38.95 45.9 850 4"},
    {"mother_well", "38.96 45.91 900 5"},
    {"length_m", "640"},
    {"shafts_total", "7"},
    {"mother_well_depth_m", "11.5"},
    {"year_built", "1901"},
    {"owner", "icma"},
    {"shaft_point", "38.951 45.903 860 3"},
    {"shaft_depth_m", "4.5"},
    {"shaft_state", "collapsed"},
    {"visit_date", "2024-03-02"},
    {"condition", "dry"},
    {"discharge_l_s", ""}, /* not asked: the kahriz is dry */
    {"drinkable", "no"},
    {"households", "3"},
    {"shafts_open", "5"},
    {"shafts_collapsed", "2"},
    {"rehab_status", "done"},
    {"rehab_year", "2010"},
    {"notes_az", "Qeyd"},
    {"notes_en", "A note"},
    {"photo", "outlet.jpg"},
    {"assessor", "Nigar"},
};

static const char *answer(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof(answers) / sizeof(answers[0]); i++)
        if (strcmp(answers[i].name, name) == 0)
            return answers[i].value;
    return NULL;
}

/* One row of a sheet, its columns gathered before the sheet is made. */
typedef struct out_sheet {
    const char *name;
    char *head[64], *value[64];
    int n;
} out_sheet;

static void put(out_sheet *o, const char *header, const char *value)
{
    CU_ASSERT_FATAL(o->n < 64);
    o->head[o->n] = strdup(header);
    o->value[o->n] = strdup(value);
    o->n++;
}

static void write_sheet(GDALDatasetH ds, out_sheet *o)
{
    OGRLayerH l = GDALDatasetCreateLayer(ds, o->name, NULL, wkbNone, NULL);
    OGRFeatureH f;
    int i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    for (i = 0; i < o->n; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(o->head[i], OFTString);
        CU_ASSERT(OGR_L_CreateField(l, fd, TRUE) == OGRERR_NONE);
        OGR_Fld_Destroy(fd);
    }
    f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    for (i = 0; i < o->n; i++) {
        if (*o->value[i])
            OGR_F_SetFieldString(f, i, o->value[i]);
        free(o->head[i]);
        free(o->value[i]);
    }
    CU_ASSERT(OGR_L_CreateFeature(l, f) == OGRERR_NONE);
    OGR_F_Destroy(f);
}

static void test_form_questions_reach_survey(void)
{
    const char *x;
    GDALDatasetH ds;
    static out_sheet sheets[2];
    char path[8][64], header[600];
    int depth = 0, in_repeat = -1, r, i;
    kz_sources src = KZ_SOURCES_INIT;
    kz_report *rep = NULL;
    kz_survey *sv = NULL;
    const kz_kahriz *k;
    const kz_assessment *a;
    const kz_shaft *s;
    static char xp[4200];

    load_form();
    snprintf(xp, sizeof(xp), "%s/from-form.xlsx", kz_test_tmpdir());
    x = xp;
    remove(x);
    ds = GDALCreate(GDALGetDriverByName("XLSX"), x, 0, 0, 0, GDT_Unknown, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    memset(sheets, 0, sizeof(sheets));
    sheets[0].name = "kahriz_survey";
    sheets[1].name = "shafts";
    for (r = 0; r < survey.n_rows; r++) {
        const char *type = cell(&survey, r, "type");
        const char *name = cell(&survey, r, "name");
        out_sheet *o = &sheets[in_repeat >= 0];
        const char *v;
        if (is_type(type, "begin_group") || is_type(type, "begin_repeat")) {
            if (is_type(type, "begin_repeat"))
                in_repeat = depth;
            snprintf(path[depth++], sizeof(path[0]), "%s", name);
            continue;
        }
        if (is_type(type, "end_group") || is_type(type, "end_repeat")) {
            depth--;
            if (depth == in_repeat)
                in_repeat = -1;
            continue;
        }
        if (unlabelled(type) || is_type(type, "note"))
            continue;
        v = answer(name);
        if (!v) {
            fprintf(stderr, "\nno test answer for question %s\n", name);
            CU_FAIL("question without a test answer");
            continue;
        }
        /* KoboToolbox's headers: the group path, '/' between */
        header[0] = '\0';
        for (i = 0; i < depth; i++)
            snprintf(header + strlen(header), sizeof(header) - strlen(header),
                     "%s/", path[i]);
        snprintf(header + strlen(header), sizeof(header) - strlen(header), "%s",
                 name);
        put(o, header, v);
        if (is_type(type, "geopoint")) {
            static const char *const part[] = {"latitude", "longitude",
                                               "altitude", "precision"};
            char buf[128], *tok, *save = NULL, split[700];
            snprintf(buf, sizeof(buf), "%s", v);
            for (i = 0, tok = strtok_r(buf, " ", &save); tok && i < 4;
                 i++, tok = strtok_r(NULL, " ", &save)) {
                snprintf(split, sizeof(split), "_%s_%s", header, part[i]);
                put(o, split, tok);
            }
        }
    }
    put(&sheets[0], "_uuid", "uuid-form");
    put(&sheets[0], "_submission_time", "2024-03-02T12:00:00");
    put(&sheets[0], "_index", "1");
    put(&sheets[1], "_parent_index", "1");
    put(&sheets[1], "_index", "1");
    write_sheet(ds, &sheets[0]);
    write_sheet(ds, &sheets[1]);
    GDALClose(ds);

    src.kobo = x;
    src.today = 20250101;
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, rep), KZ_OK);
    CU_ASSERT_EQUAL(kz_report_count(rep), 0);
    for (r = 0; r < (int)kz_report_count(rep); r++)
        fprintf(stderr, "\n  %s:%ld: %s: %s", kz_report_get(rep, r)->file,
                kz_report_get(rep, r)->row, kz_report_get(rep, r)->field,
                kz_report_get(rep, r)->message);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_survey_kahriz_count(sv), 1);
    CU_ASSERT_EQUAL_FATAL(kz_survey_assessment_count(sv), 1);
    CU_ASSERT_EQUAL_FATAL(kz_survey_shaft_count(sv), 1);
    k = kz_survey_kahriz(sv, 0);
    a = kz_survey_assessment(sv, 0);
    s = kz_survey_shaft(sv, 0);
    CU_ASSERT_STRING_EQUAL(k->id, "F-1");
    CU_ASSERT_STRING_EQUAL(k->name_az, "Sınaq kəhrizi");
    CU_ASSERT_STRING_EQUAL(k->name_en, "Test kahriz");
    CU_ASSERT_STRING_EQUAL(k->village_az, "Sınaq");
    CU_ASSERT_STRING_EQUAL(k->village_en, "Sinag");
    CU_ASSERT_STRING_EQUAL(k->district_declared, "AZ-ORD");
    CU_ASSERT_DOUBLE_EQUAL(k->lon, 45.9, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->lat, 38.95, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->gps_precision_m, 4, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->head_lon, 45.91, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->head_lat, 38.96, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->head_gps_precision_m, 5, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(k->length_m, 640, 1e-9);
    CU_ASSERT_EQUAL(k->shafts, 7);
    CU_ASSERT_DOUBLE_EQUAL(k->mother_well_depth_m, 11.5, 1e-9);
    CU_ASSERT_EQUAL(k->year_built, 1901);
    CU_ASSERT_STRING_EQUAL(k->owner, "icma");
    CU_ASSERT_STRING_EQUAL(k->photo, "outlet.jpg");
    CU_ASSERT_EQUAL(a->date, 20240302);
    CU_ASSERT_EQUAL(a->condition, KZ_COND_DRY);
    CU_ASSERT_DOUBLE_EQUAL(a->discharge_l_s, 0, 0); /* dry: none flows */
    CU_ASSERT_EQUAL(a->drinkable, KZ_DRINK_NO);
    CU_ASSERT_EQUAL(a->households_served, 3);
    CU_ASSERT_EQUAL(a->shafts_open, 5);
    CU_ASSERT_EQUAL(a->shafts_collapsed, 2);
    CU_ASSERT_EQUAL(a->rehab_status, KZ_REHAB_DONE);
    CU_ASSERT_EQUAL(a->rehab_year, 2010);
    CU_ASSERT_STRING_EQUAL(a->notes_az, "Qeyd");
    CU_ASSERT_STRING_EQUAL(a->notes_en, "A note");
    CU_ASSERT_STRING_EQUAL(a->assessor, "Nigar");
    CU_ASSERT_STRING_EQUAL(a->uuid, "uuid-form");
    CU_ASSERT_STRING_EQUAL(a->submitted_at, "2024-03-02T12:00:00");
    CU_ASSERT_DOUBLE_EQUAL(s->lon, 45.903, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(s->lat, 38.951, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(s->depth_m, 4.5, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(s->gps_precision_m, 3, 1e-9);
    CU_ASSERT_EQUAL(s->collapsed, 1);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

static void test_form_release(void)
{
    sheet_free(&survey);
    sheet_free(&choices);
    sheet_free(&settings);
    loaded = 0;
}

static const kz_test_case cases[] = {
    {"form structure", test_form_structure},
    {"form districts", test_form_districts},
    {"form coded answers", test_form_coded_answers},
    {"form in step with its source", test_form_in_step},
    {"form questions reach the survey", test_form_questions_reach_survey},
    {"form release", test_form_release},
    KZ_TEST_END};

KZ_TEST_SUITE("ingest_form", cases);
