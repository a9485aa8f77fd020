/*
 * kobo.c - exports of the kahriz survey form (forms/kahriz-survey.xlsx):
 * KoboToolbox XLSX and CSV, ODK Central's CSV zip.  One submission is one
 * visit; the export is turned into the three survey tables (in-memory OGR
 * layers whose feature ids are the export's row numbers), which the rows
 * of load.c then check like any other source.  Every export row is used,
 * left out with a warning (not approved, superseded shafts) or rejected.
 */
#include "ingest/load.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static pthread_once_t kobo_once = PTHREAD_ONCE_INIT;

static void kobo_register(void)
{
    GDALAllRegister();
}

/* ------------------------------------------------------------- the form */

/* Values of one submission, as the survey tables take them. */
enum {
    V_ID,
    V_NAME_AZ,
    V_NAME_EN,
    V_VILLAGE_AZ,
    V_VILLAGE_EN,
    V_DISTRICT,
    V_X,
    V_Y,
    V_PREC,
    V_ALT,
    V_HEAD_X,
    V_HEAD_Y,
    V_HEAD_PREC,
    V_HEAD_ALT,
    V_LENGTH,
    V_SHAFTS,
    V_MW_DEPTH,
    V_YEAR,
    V_OWNER,
    V_PHOTO,
    V_DATE,
    V_DISCHARGE,
    V_CONDITION,
    V_DRINKABLE,
    V_HOUSEHOLDS,
    V_OPEN,
    V_COLLAPSED,
    V_REHAB,
    V_REHAB_YEAR,
    V_NOTES_AZ,
    V_NOTES_EN,
    V_ASSESSOR,
    V_SUBMITTED,
    V_UUID,
    V_CRS,
    V_N
};

/* Values of one shaft repeat. */
enum { W_X, W_Y, W_PREC, W_DEPTH, W_STATE, W_N };

/* A question of the form: its name, and the value (or, for a geopoint,
 * the first of latitude-as-y, longitude-as-x, precision, altitude) it
 * gives. */
typedef struct question {
    const char *name;
    int value;    /* V_ or W_ index; -1: asked only to steer the form */
    int geopoint; /* value is x; y, precision and altitude as below */
    int y, prec;
    int alt;      /* geopoint: where its altitude goes; -1: nowhere */
} question;

static const question main_questions[] = {
    {"kahriz_id", V_ID, 0, 0, 0, 0},
    {"name_az", V_NAME_AZ, 0, 0, 0, 0},
    {"name_en", V_NAME_EN, 0, 0, 0, 0},
    {"village_az", V_VILLAGE_AZ, 0, 0, 0, 0},
    {"village_en", V_VILLAGE_EN, 0, 0, 0, 0},
    {"district", V_DISTRICT, 0, 0, 0, 0},
    {"outlet", V_X, 1, V_Y, V_PREC, V_ALT},
    {"mother_well", V_HEAD_X, 1, V_HEAD_Y, V_HEAD_PREC, V_HEAD_ALT},
    {"length_m", V_LENGTH, 0, 0, 0, 0},
    {"shafts_total", V_SHAFTS, 0, 0, 0, 0},
    {"mother_well_depth_m", V_MW_DEPTH, 0, 0, 0, 0},
    {"year_built", V_YEAR, 0, 0, 0, 0},
    {"owner", V_OWNER, 0, 0, 0, 0},
    {"photo", V_PHOTO, 0, 0, 0, 0},
    {"visit_date", V_DATE, 0, 0, 0, 0},
    {"discharge_l_s", V_DISCHARGE, 0, 0, 0, 0},
    {"condition", V_CONDITION, 0, 0, 0, 0},
    {"drinkable", V_DRINKABLE, 0, 0, 0, 0},
    {"households", V_HOUSEHOLDS, 0, 0, 0, 0},
    {"shafts_open", V_OPEN, 0, 0, 0, 0},
    {"shafts_collapsed", V_COLLAPSED, 0, 0, 0, 0},
    {"rehab_status", V_REHAB, 0, 0, 0, 0},
    {"rehab_year", V_REHAB_YEAR, 0, 0, 0, 0},
    {"notes_az", V_NOTES_AZ, 0, 0, 0, 0},
    {"notes_en", V_NOTES_EN, 0, 0, 0, 0},
    {"assessor", V_ASSESSOR, 0, 0, 0, 0},
    /* steering the form only */
    {"visit", -1, 0, 0, 0, 0},
    {"region", -1, 0, 0, 0, 0},
    {"discharge_note", -1, 0, 0, 0, 0},
    {"gps_note", -1, 0, 0, 0, 0},
};

static const question shaft_questions[] = {
    {"shaft_point", W_X, 1, W_Y, W_PREC, -1},
    {"shaft_depth_m", W_DEPTH, 0, 0, 0, 0},
    {"shaft_state", W_STATE, 0, 0, 0, 0},
};

#define N_MAIN (sizeof(main_questions) / sizeof(main_questions[0]))
#define N_SHAFT (sizeof(shaft_questions) / sizeof(shaft_questions[0]))

/* Columns of the survey tables made from the values. */
typedef struct out_col {
    const char *name;
    int value;
} out_col;

static const out_col kahriz_out[] = {
    {"id", V_ID},
    {"name_az", V_NAME_AZ},
    {"name_en", V_NAME_EN},
    {"district", V_DISTRICT},
    {"village_az", V_VILLAGE_AZ},
    {"village_en", V_VILLAGE_EN},
    {"x", V_X},
    {"y", V_Y},
    {"crs", V_CRS},
    {"head_x", V_HEAD_X},
    {"head_y", V_HEAD_Y},
    {"length_m", V_LENGTH},
    {"shafts", V_SHAFTS},
    {"mother_well_depth_m", V_MW_DEPTH},
    {"year_built", V_YEAR},
    {"owner", V_OWNER},
    {"photo", V_PHOTO},
    {"gps_precision_m", V_PREC},
    {"head_gps_precision_m", V_HEAD_PREC},
    {"elevation_m", V_ALT},
    {"head_elevation_m", V_HEAD_ALT},
};

static const out_col assessment_out[] = {
    {"kahriz_id", V_ID},
    {"date", V_DATE},
    {"discharge_l_s", V_DISCHARGE},
    {"condition", V_CONDITION},
    {"drinkable", V_DRINKABLE},
    {"households_served", V_HOUSEHOLDS},
    {"shafts_open", V_OPEN},
    {"shafts_collapsed", V_COLLAPSED},
    {"rehab_status", V_REHAB},
    {"rehab_year", V_REHAB_YEAR},
    {"notes_az", V_NOTES_AZ},
    {"notes_en", V_NOTES_EN},
    {"assessor", V_ASSESSOR},
    {"submitted_at", V_SUBMITTED},
    {"uuid", V_UUID},
};

/* Shaft table columns; kahriz_id, seq and crs come from the submission. */
static const out_col shaft_out[] = {
    {"x", W_X},           {"y", W_Y},
    {"depth_m", W_DEPTH}, {"gps_precision_m", W_PREC},
    {"state", W_STATE},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Columns the exporters add around the answers: KoboToolbox's, then ODK
 * Central's and the form's meta block.  Read where useful, never reported
 * as unused. */
static const char *const metadata[] = {"_id",
                                       "_uuid",
                                       "_submission_time",
                                       "_validation_status",
                                       "_notes",
                                       "_status",
                                       "_submitted_by",
                                       "__version__",
                                       "_version_",
                                       "_tags",
                                       "_index",
                                       "_parent_index",
                                       "_parent_table_name",
                                       "_submission__id",
                                       "_submission__uuid",
                                       "_submission__submission_time",
                                       "_submission__validation_status",
                                       "_submission__notes",
                                       "_submission__status",
                                       "_submission__submitted_by",
                                       "_submission___version__",
                                       "_submission__tags",
                                       "_attachments",
                                       "_geolocation",
                                       "_xform_id_string",
                                       "start",
                                       "end",
                                       "today",
                                       "deviceid",
                                       "username",
                                       "phonenumber",
                                       "simserial",
                                       "subscriberid",
                                       "audit",
                                       "instanceID",
                                       "instanceName",
                                       "rootUuid",
                                       "deprecatedID",
                                       "uuid",
                                       "SubmissionDate",
                                       "KEY",
                                       "PARENT_KEY",
                                       "SubmitterID",
                                       "SubmitterName",
                                       "AttachmentsPresent",
                                       "AttachmentsExpected",
                                       "Status",
                                       "ReviewState",
                                       "DeviceID",
                                       "Edits",
                                       "FormVersion",
                                       NULL};

/* ------------------------------------------------------------- headers */

/* Does header h[0..hn) name question q: q itself, or a group path ending
 * in it ("kahriz/name_az", "kahriz-name_az", any separator)? */
static int names_question(const char *h, size_t hn, const char *q)
{
    size_t n = strlen(q);
    if (hn == n)
        return strncasecmp(h, q, n) == 0;
    if (hn < n + 1 || strncasecmp(h + hn - n, q, n) != 0)
        return 0;
    return !isalnum((unsigned char)h[hn - n - 1]);
}

/* Whether h[0..hn) is "_q" as the last step of a group path:
 * "kahriz/_outlet" (KoboToolbox's export with group names) or "_outlet". */
static int underscored(const char *h, size_t hn, const char *q)
{
    size_t n = strlen(q);
    if (hn < n + 1 || strncasecmp(h + hn - n, q, n) != 0 ||
        h[hn - n - 1] != '_')
        return 0;
    return hn == n + 1 || !isalnum((unsigned char)h[hn - n - 2]);
}

/* Part of a split geopoint column: 0 latitude, 1 longitude, 2 altitude,
 * 3 precision (KoboToolbox "_q_latitude", "_group/q_latitude" and
 * "group/_q_latitude", ODK Central "q-Latitude"); -1 when h is none of
 * these for q. */
static int geopoint_part(const char *h, const char *q)
{
    static const char *const kobo[] = {"_latitude", "_longitude", "_altitude",
                                       "_precision"};
    static const char *const central[] = {"-latitude", "-longitude",
                                          "-altitude", "-accuracy"};
    size_t hn = strlen(h), i;
    for (i = 0; i < 4; i++) {
        size_t k = strlen(kobo[i]), c = strlen(central[i]);
        if (hn > k + 1 && strcasecmp(h + hn - k, kobo[i]) == 0 &&
            ((h[0] == '_' && names_question(h + 1, hn - 1 - k, q)) ||
             underscored(h, hn - k, q)))
            return (int)i;
        if (hn > c && strcasecmp(h + hn - c, central[i]) == 0 &&
            names_question(h, hn - c, q))
            return (int)i;
    }
    return -1;
}

static int is_metadata(const char *h)
{
    size_t i, hn = strlen(h);
    for (i = 0; metadata[i]; i++)
        if (names_question(h, hn, metadata[i]))
            return 1;
    return strncmp(h, "_submission_", 12) == 0;
}

/* Where the answers of one sheet are. */
typedef struct bound {
    int col[V_N];      /* plain column per value, -1 */
    int combined[V_N]; /* geopoint: combined column, keyed by its x value */
    int part[V_N][4];  /* geopoint: split columns, keyed by x value */
    int key, parent, uuid, submitted, review;
} bound;

static int find_exact(OGRFeatureDefnH d, const char *const *names)
{
    int n = OGR_FD_GetFieldCount(d), f;
    for (; *names; names++)
        for (f = 0; f < n; f++)
            if (strcmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, f)), *names) ==
                0)
                return f;
    return -1;
}

static int find_named(OGRFeatureDefnH d, const char *q)
{
    int n = OGR_FD_GetFieldCount(d), f;
    for (f = 0; f < n; f++) {
        const char *h = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, f));
        if (names_question(h, strlen(h), q))
            return f;
    }
    return -1;
}

/* Bind a sheet's columns to the questions; a column that is none of
 * them, no split geopoint part and no exporter metadata is a warning. */
static int bind_sheet(kz_row *rs, OGRLayerH l, const question *qs, size_t nq,
                      bound *b)
{
    static const char *const key[] = {"_index", "KEY", NULL};
    static const char *const parent[] = {"_parent_index", "PARENT_KEY", NULL};
    static const char *const uuid[] = {"_uuid", NULL};
    static const char *const submitted[] = {"_submission_time",
                                            "SubmissionDate", NULL};
    static const char *const review[] = {"_validation_status", "ReviewState",
                                         NULL};
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    int nf = OGR_FD_GetFieldCount(d), f, p;
    size_t i;

    memset(b, 0xff, sizeof(*b)); /* every index -1 */
    b->key = find_exact(d, key);
    b->parent = find_exact(d, parent);
    b->uuid = find_exact(d, uuid);
    if (b->uuid < 0)
        b->uuid = find_named(d, "instanceID");
    b->submitted = find_exact(d, submitted);
    b->review = find_exact(d, review);
    for (f = 0; f < nf; f++) {
        const char *h = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, f));
        size_t hn = strlen(h);
        int used = 0;
        for (i = 0; i < nq && !used; i++) {
            const question *q = &qs[i];
            if (names_question(h, hn, q->name)) {
                used = 1;
                if (q->value < 0)
                    continue;
                if (q->geopoint)
                    b->combined[q->value] = f;
                else if (b->col[q->value] < 0)
                    b->col[q->value] = f;
            } else if (q->geopoint && (p = geopoint_part(h, q->name)) >= 0) {
                used = 1;
                b->part[q->value][p] = f;
            } else if (!q->geopoint && q->value >= 0 && h[0] == '_' &&
                       names_question(h + 1, hn - 1, q->name)) {
                used = 1; /* a calculated twin of the answer */
            } else if (hn > 4 && strcmp(h + hn - 4, "_URL") == 0 &&
                       names_question(h, hn - 4, q->name)) {
                used = 1; /* KoboToolbox's link to a media answer */
            }
        }
        if (used || is_metadata(h))
            continue;
        {
            char qv[160];
            kz__quote_value(qv, sizeof(qv), h);
            kz__row_warning(rs, "",
                            "column %s is not a question of the "
                            "kahriz survey form; not used",
                            qv);
        }
    }
    return rs->ls->fatal;
}

/* ------------------------------------------------------------- values */

static const char *field_text(OGRFeatureH f, int col)
{
    if (col < 0 || !OGR_F_IsFieldSetAndNotNull(f, col))
        return "";
    return OGR_F_GetFieldAsString(f, col);
}

static const char *skip_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Copy of a value without the blanks around it, in the arena. */
static const char *keep_value(kz_load *ls, kz_arena *a, const char *s)
{
    const char *e, *k;
    s = skip_blank(s);
    e = s + strlen(s);
    while (e > s &&
           (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
    k = kz__arena_strndup(a, s, (size_t)(e - s));
    if (!k)
        ls->fatal = KZ_ENOMEM;
    return k ? k : "";
}

/* A geopoint's altitude as an elevation: the phones write 0 when they
 * had no altitude fix, and no kahriz lies at exactly sea level (the
 * Caspian shore is at -28 m), so 0 is unknown. */
static const char *altitude(kz_load *ls, kz_arena *a, const char *s)
{
    char *end;
    double v;
    s = skip_blank(s);
    v = strtod(s, &end);
    if (*s && end != s && !*skip_blank(end) && v == 0)
        return "";
    return keep_value(ls, a, s);
}

/* A geopoint into vals[x], vals[y], vals[prec]: the split columns when
 * the export has them, else the combined "lat lon alt precision" text.
 * A combined text that is not two to four numbers goes to both x and y
 * as it is, so that the row is reported with it.  (strtod: the exporters
 * write these numbers with a decimal point whatever the locale.) */
static void geopoint(kz_load *ls, kz_arena *a, OGRFeatureH f, const bound *b,
                     const question *q, const char **vals)
{
    const char *lat = field_text(f, b->part[q->value][0]);
    const char *lon = field_text(f, b->part[q->value][1]);
    const char *prec = field_text(f, b->part[q->value][3]);
    const char *alt = field_text(f, b->part[q->value][2]);
    const char *all = skip_blank(field_text(f, b->combined[q->value]));

    if (*skip_blank(lat) || *skip_blank(lon) || !*all) {
        vals[q->value] = keep_value(ls, a, lon);
        vals[q->y] = keep_value(ls, a, lat);
        vals[q->prec] = keep_value(ls, a, prec);
        if (q->alt >= 0)
            vals[q->alt] = altitude(ls, a, alt);
        return;
    }
    {
        char buf[256], *tok[5], *save = NULL, *t;
        int n = 0, i, ok = 1;
        snprintf(buf, sizeof(buf), "%s", all);
        for (t = strtok_r(buf, " \t", &save); t && n < 5;
             t = strtok_r(NULL, " \t", &save))
            tok[n++] = t;
        for (i = 0; i < n && ok; i++) {
            char *end;
            (void)strtod(tok[i], &end);
            ok = end != tok[i] && !*end;
        }
        if (n < 2 || n > 4 || !ok) {
            vals[q->value] = vals[q->y] = keep_value(ls, a, all);
            vals[q->prec] = "";
            return;
        }
        vals[q->value] = keep_value(ls, a, tok[1]);
        vals[q->y] = keep_value(ls, a, tok[0]);
        vals[q->prec] = n == 4 ? keep_value(ls, a, tok[3]) : "";
        if (q->alt >= 0)
            vals[q->alt] = n >= 3 ? altitude(ls, a, tok[2]) : "";
    }
}

static void read_values(kz_load *ls, kz_arena *a, OGRFeatureH f, const bound *b,
                        const question *qs, size_t nq, const char **vals,
                        size_t nv)
{
    size_t i;
    for (i = 0; i < nv; i++)
        vals[i] = "";
    for (i = 0; i < nq; i++) {
        const question *q = &qs[i];
        if (q->value < 0)
            continue;
        if (q->geopoint)
            geopoint(ls, a, f, b, q, vals);
        else
            vals[q->value] = keep_value(ls, a, field_text(f, b->col[q->value]));
    }
}

/* "Not approved" in KoboToolbox (label or uid), "rejected" in Central. */
static int not_approved(const char *s)
{
    char w[64];
    size_t i;
    snprintf(w, sizeof(w), "%s", skip_blank(s));
    for (i = 0; w[i]; i++)
        w[i] = w[i] == '_' ? ' ' : (char)tolower((unsigned char)w[i]);
    return strstr(w, "not approved") != NULL || strcmp(w, "rejected") == 0;
}

/* ------------------------------------------------------------ the export */

typedef struct submission {
    const char *vals[V_N];
    const char *key; /* _index or KEY */
    long row;
    int32_t date;     /* for ordering visits; 0 when unreadable */
    int left_out;     /* not approved */
    long shafts;      /* shaft repeats */
    long shaft_visit; /* index of the visit whose shafts the kahriz keeps */
    long next_visit;  /* an earlier-read visit of the same kahriz, -1 */
} submission;

typedef struct kobo {
    kz_load *ls;
    kz_arena strings;
    GDALDatasetH ds, shaft_ds; /* shaft_ds: Central's repeat CSV */
    OGRLayerH main, shafts;
    char *main_spec, *shaft_spec;
    int main_offset, shaft_offset; /* CSV: the header line */
    int xlsx;
    submission *subs;
    size_t n_subs, cap_subs;
    kz_strmap by_key;    /* key -> submission */
    kz_strmap latest;    /* kahriz id -> its latest submission */
    kz_strmap last_read; /* kahriz id -> its last-read submission */
    GDALDatasetH mem;
    OGRLayerH out[3];
} kobo;

static char *spec_of(kz_ctx *ctx, const char *path, const char *sheet)
{
    size_t n = strlen(path) + (sheet ? strlen(sheet) + 16 : 0) + 1;
    char *s = kz__malloc(ctx, n);
    if (!s)
        return NULL;
    if (sheet)
        snprintf(s, n, "%s|layername=%s", path, sheet);
    else
        snprintf(s, n, "%s", path);
    return s;
}

static GDALDatasetH open_csv(const char *path)
{
    static const char *const drivers[] = {"CSV", NULL};
    static const char *const oo[] = {
        "AUTODETECT_TYPE=NO", "KEEP_GEOM_COLUMNS=YES",
        "EMPTY_STRING_AS_NULL=NO", "HEADERS=YES", NULL};
    return GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, oo,
                      NULL);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* ODK Central's zip: the form's CSV and "<form>-shafts.csv" at its top. */
static int open_central_zip(kobo *kb, const char *path)
{
    kz_ctx *ctx = kb->ls->ctx;
    char **list, *dir;
    const char *main_name = NULL, *shaft_name = NULL;
    int i, rc = KZ_OK;

    dir = kz__malloc(ctx, strlen(path) + 16);
    if (!dir)
        return KZ_ENOMEM;
    sprintf(dir, "/vsizip/%s", path);
    list = VSIReadDir(dir);
    for (i = 0; list && list[i]; i++) {
        if (!has_suffix(list[i], ".csv"))
            continue;
        if (has_suffix(list[i], "-shafts.csv"))
            shaft_name = list[i];
        else if (!main_name || strlen(list[i]) < strlen(main_name))
            main_name = list[i];
    }
    if (!main_name) {
        rc = kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                       "no CSV file in this zip (an ODK Central export "
                       "holds the form's CSV and one per repeat)");
        goto done;
    }
    {
        size_t n = strlen(dir) + strlen(main_name) + 2;
        char *p = kz__malloc(ctx, n);
        if (!p) {
            rc = KZ_ENOMEM;
            goto done;
        }
        snprintf(p, n, "%s/%s", dir, main_name);
        kz__gdal_reset(path);
        kb->ds = open_csv(p);
        kz__free(ctx, p);
        kb->main_spec = kz__malloc(ctx, strlen(path) + strlen(main_name) + 2);
        if (!kb->main_spec) {
            rc = KZ_ENOMEM;
            goto done;
        }
        sprintf(kb->main_spec, "%s/%s", path, main_name);
    }
    if (!kb->ds) {
        rc = kz__error(ctx, KZ_EINPUT, kb->main_spec, 0, NULL, "%s",
                       kz__ogr_why(kb->main_spec));
        goto done;
    }
    kb->main = GDALDatasetGetLayer(kb->ds, 0);
    kb->main_offset = 1;
    if (shaft_name) {
        size_t n = strlen(dir) + strlen(shaft_name) + 2;
        char *p = kz__malloc(ctx, n);
        kb->shaft_spec = kz__malloc(ctx, strlen(path) + strlen(shaft_name) + 2);
        if (!p || !kb->shaft_spec) {
            kz__free(ctx, p);
            rc = KZ_ENOMEM;
            goto done;
        }
        snprintf(p, n, "%s/%s", dir, shaft_name);
        sprintf(kb->shaft_spec, "%s/%s", path, shaft_name);
        kb->shaft_ds = open_csv(p);
        kz__free(ctx, p);
        if (!kb->shaft_ds) {
            rc = kz__error(ctx, KZ_EINPUT, kb->shaft_spec, 0, NULL, "%s",
                           kz__ogr_why(kb->shaft_spec));
            goto done;
        }
        kb->shafts = GDALDatasetGetLayer(kb->shaft_ds, 0);
        kb->shaft_offset = 1;
    }
done:
    CSLDestroy(list);
    kz__free(ctx, dir);
    return rc;
}

static int has_column(OGRLayerH l, const char *name)
{
    return OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), name) >= 0;
}

static int open_export(kobo *kb, const char *path)
{
    kz_ctx *ctx = kb->ls->ctx;
    struct stat st;
    int i, n;

    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "the file is empty");
    if (has_suffix(path, ".zip"))
        return open_central_zip(kb, path);
    kz__gdal_reset(path);
    if (has_suffix(path, ".csv")) {
        kb->ds = open_csv(path);
        kb->main_offset = 1;
    } else {
        /* a sheet whose cells are all text still has its header row */
        CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
        CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "FORCE");
        kb->xlsx = 1;
        kb->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
                            NULL);
    }
    if (!kb->ds)
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "%s",
                         kz__ogr_why(path));
    n = GDALDatasetGetLayerCount(kb->ds);
    if (n < 1)
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "no sheet");
    /* the main sheet comes first; a repeat's sheet links to it */
    kb->main = GDALDatasetGetLayer(kb->ds, 0);
    for (i = 1; i < n; i++) {
        OGRLayerH l = GDALDatasetGetLayer(kb->ds, i);
        if (has_suffix(OGR_L_GetName(l), "shafts") ||
            (!kb->shafts && has_column(l, "_parent_index")))
            kb->shafts = l;
    }
    kb->main_spec = spec_of(ctx, path, n > 1 ? OGR_L_GetName(kb->main) : NULL);
    if (!kb->main_spec)
        return KZ_ENOMEM;
    if (kb->shafts &&
        !(kb->shaft_spec = spec_of(ctx, path, OGR_L_GetName(kb->shafts))))
        return KZ_ENOMEM;
    if (!kb->shafts && has_suffix(path, ".csv")) {
        /* a Central CSV beside its repeat's "<form>-shafts.csv" */
        size_t len = strlen(path);
        char *p = kz__malloc(ctx, len + 16);
        if (!p)
            return KZ_ENOMEM;
        snprintf(p, len + 16, "%.*s-shafts.csv", (int)(len - 4), path);
        if (stat(p, &st) == 0 && (kb->shaft_ds = open_csv(p))) {
            kb->shafts = GDALDatasetGetLayer(kb->shaft_ds, 0);
            kb->shaft_offset = 1;
            kb->shaft_spec = p;
        } else {
            kz__free(ctx, p);
        }
    }
    return KZ_OK;
}

/* ----------------------------------------------------------- attachments */

/* Find a file named name under dir (at most depth levels down); the
 * exporters keep media in per-submission folders.  A match in a folder
 * named after the submission's uuid wins over others. */
static int find_file(char *out, size_t cap, const char *dir, const char *name,
                     const char *uuid, int depth)
{
    DIR *d;
    struct dirent *e;
    char path[PATH_MAX];
    struct stat st;
    int found = 0;

    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) <
            sizeof(path) &&
        stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        snprintf(out, cap, "%s", path);
        found = 1;
        if (!*uuid || strstr(dir, uuid))
            return 2;
    }
    if (depth == 0 || !(d = opendir(dir)))
        return found;
    while ((e = readdir(d)) != NULL) {
        char sub[PATH_MAX], got[PATH_MAX];
        int r;
        if (e->d_name[0] == '.')
            continue;
        if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >=
                sizeof(sub) ||
            stat(sub, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        r = find_file(got, sizeof(got), sub, name, uuid, depth - 1);
        if (r > found || (r && !found)) {
            snprintf(out, cap, "%s", got);
            found = r;
        }
        if (found == 2)
            break;
    }
    closedir(d);
    return found;
}

/* The photo of a submission as a path to the file in --attachments;
 * a name not found there is a warning and is kept as it is. */
static const char *resolve_photo(kobo *kb, kz_row *rs, const submission *s)
{
    const char *dir = kb->ls->opts->attachments, *name = s->vals[V_PHOTO];
    const char *base = strrchr(name, '/'), *uuid = s->vals[V_UUID];
    char path[PATH_MAX], abs[PATH_MAX], q[160];
    const char *k;

    if (!dir || !*name)
        return name;
    base = base ? base + 1 : name;
    if (strncmp(uuid, "uuid:", 5) == 0)
        uuid += 5;
    if (!find_file(path, sizeof(path), dir, base, uuid, 6)) {
        kz__quote_value(q, sizeof(q), name);
        kz__row_warning(rs, "photo",
                        "%s is not in the attachments "
                        "directory %s",
                        q, dir);
        return name;
    }
    if (!realpath(path, abs))
        snprintf(abs, sizeof(abs), "%s", path);
    k = kz__arena_strdup(&kb->strings, abs);
    if (!k)
        kb->ls->fatal = KZ_ENOMEM;
    return k ? k : name;
}

/* ------------------------------------------------------------ the tables */

static int make_layer(kobo *kb, int t, const char *name, const out_col *cols,
                      size_t n, int with_keys)
{
    size_t i;
    OGRLayerH l = GDALDatasetCreateLayer(kb->mem, name, NULL, wkbNone, NULL);
    if (!l)
        return KZ_ENOMEM;
    if (with_keys) {
        static const char *const keys[] = {"kahriz_id", "seq", "crs"};
        for (i = 0; i < 3; i++) {
            OGRFieldDefnH fd = OGR_Fld_Create(keys[i], OFTString);
            OGRErr e = OGR_L_CreateField(l, fd, TRUE);
            OGR_Fld_Destroy(fd);
            if (e != OGRERR_NONE)
                return KZ_ENOMEM;
        }
    }
    for (i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(cols[i].name, OFTString);
        OGRErr e = OGR_L_CreateField(l, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            return KZ_ENOMEM;
    }
    kb->out[t] = l;
    return KZ_OK;
}

/* Add a row to a table: its feature id is the export's row number. */
static int add_row(OGRLayerH l, long row, const char *const *vals, size_t n)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    size_t i;
    int rc = KZ_OK;
    if (!f)
        return KZ_ENOMEM;
    OGR_F_SetFID(f, row);
    for (i = 0; i < n; i++)
        OGR_F_SetFieldString(f, (int)i, vals[i]);
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
        rc = KZ_ENOMEM;
    OGR_F_Destroy(f);
    return rc;
}

/* Is visit a later than visit b: by visit date, then submission time,
 * then row. */
static int later(const submission *a, const submission *b)
{
    int c;
    if (a->date != b->date)
        return a->date > b->date;
    if ((c = strcmp(a->vals[V_SUBMITTED], b->vals[V_SUBMITTED])) != 0)
        return c > 0;
    return a->row > b->row;
}

/* The submissions of the main sheet, bound to the form's questions.
 * KZ_OK; 1 when the sheet is no export of the form (no kahriz_id
 * column: every row rejected and reported); a fatal code. */
static int read_main(kobo *kb, kz_src *stub)
{
    kz_load *ls = kb->ls;
    kz_ctx *ctx = ls->ctx;
    OGRFeatureH f;
    bound b;
    int rc;

    {
        kz_row hdr = {ls, stub, 1, 0};
        if ((rc = bind_sheet(&hdr, kb->main, main_questions, N_MAIN, &b)) < 0)
            return rc;
    }
    if (b.col[V_ID] < 0) {
        /* a source unusable as a whole: every row of it rejected, one
         * error saying why; the command then fails on the errors */
        long total = (long)OGR_L_GetFeatureCount(kb->main, TRUE);
        kz_row hdr = {ls, stub, 1, 0};
        kz__row_error(&hdr, "kahriz_id",
                      "no kahriz_id column: not an export of the kahriz "
                      "survey form (forms/kahriz-survey.xlsx); %ld rows "
                      "rejected",
                      total > 0 ? total : 0);
        kz__report_count(ls->report, stub->slot, total > 0 ? total : 0, 0,
                         total > 0 ? total : 0);
        ls->rejected_rows += total > 0 ? total : 0;
        ls->rejected_sources++;
        return ls->fatal ? ls->fatal : 1;
    }
    OGR_L_ResetReading(kb->main);
    while ((f = OGR_L_GetNextFeature(kb->main)) != NULL) {
        submission *s;
        if ((rc = kz__grow(ctx, (void **)&kb->subs, &kb->cap_subs,
                           kb->n_subs + 1, sizeof(*kb->subs))) < 0) {
            OGR_F_Destroy(f);
            return rc;
        }
        s = &kb->subs[kb->n_subs];
        memset(s, 0, sizeof(*s));
        s->row = (long)OGR_F_GetFID(f) + kb->main_offset;
        read_values(ls, &kb->strings, f, &b, main_questions, N_MAIN, s->vals,
                    V_N);
        if (b.submitted >= 0)
            s->vals[V_SUBMITTED] =
                keep_value(ls, &kb->strings, field_text(f, b.submitted));
        if (b.uuid >= 0)
            s->vals[V_UUID] =
                keep_value(ls, &kb->strings, field_text(f, b.uuid));
        s->vals[V_CRS] = KZ_CRS_WGS84;
        /* the form does not ask the discharge of a dry kahriz: none flows */
        if (!*s->vals[V_DISCHARGE] &&
            kz_condition_parse(s->vals[V_CONDITION]) == KZ_COND_DRY)
            s->vals[V_DISCHARGE] = "0";
        s->key = b.key >= 0 ? keep_value(ls, &kb->strings, field_text(f, b.key))
                            : "";
        s->left_out = b.review >= 0 && not_approved(field_text(f, b.review));
        s->shaft_visit = -1;
        if (!kz__parse_date(s->vals[V_DATE], &s->date))
            s->date = 0;
        OGR_F_Destroy(f);
        if (ls->fatal)
            return ls->fatal;
        if (*s->key &&
            kz__strmap_put(ctx, &kb->by_key, s->key, (uint32_t)kb->n_subs) < 0)
            return KZ_ENOMEM;
        kb->n_subs++;
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
        const char *m = kz__gdal_message();
        return kz__error(ctx, KZ_EINPUT, kb->main_spec, 0, NULL, "%s",
                         m ? m : "reading stopped on an error");
    }
    return KZ_OK;
}

/* Shaft repeats: joined to their submission, numbered in sheet order;
 * a kahriz keeps the shafts of its latest visit that recorded any. */
static int read_shafts(kobo *kb, kz_src *stub)
{
    kz_load *ls = kb->ls;
    kz_ctx *ctx = ls->ctx;
    OGRFeatureH f;
    bound b;
    const char *vals[W_N], *row[3 + N_OF(shaft_out)], *parent_name;
    char seq[24];
    int rc;
    size_t i;

    {
        kz_row hdr = {ls, stub, 1, 0};
        if ((rc = bind_sheet(&hdr, kb->shafts, shaft_questions, N_SHAFT, &b)) <
            0)
            return rc;
    }
    if (b.parent < 0)
        return kz__error(ctx, KZ_EINPUT, kb->shaft_spec, 1, NULL,
                         "no _parent_index or PARENT_KEY column: the "
                         "shafts cannot be joined to their submissions");
    parent_name = OGR_Fld_GetNameRef(
        OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(kb->shafts), b.parent));
    /* first pass: which visit's shafts each kahriz keeps */
    OGR_L_ResetReading(kb->shafts);
    while ((f = OGR_L_GetNextFeature(kb->shafts)) != NULL) {
        uint32_t si;
        if (kz__strmap_get(&kb->by_key, skip_blank(field_text(f, b.parent)),
                           &si))
            kb->subs[si].shafts++;
        OGR_F_Destroy(f);
    }
    for (i = 0; i < kb->n_subs; i++) {
        submission *s = &kb->subs[i];
        uint32_t k;
        if (s->left_out || !s->shafts || !*s->vals[V_ID] ||
            !kz__strmap_get(&kb->latest, s->vals[V_ID], &k))
            continue;
        if (kb->subs[k].shaft_visit < 0 ||
            later(s, &kb->subs[kb->subs[k].shaft_visit]))
            kb->subs[k].shaft_visit = (long)i;
    }
    OGR_L_ResetReading(kb->shafts);
    for (i = 0; i < kb->n_subs; i++)
        kb->subs[i].shafts = 0;
    while ((f = OGR_L_GetNextFeature(kb->shafts)) != NULL) {
        kz_row rs = {ls, stub, (long)OGR_F_GetFID(f) + kb->shaft_offset, 0};
        const char *parent =
            keep_value(ls, &kb->strings, field_text(f, b.parent));
        uint32_t si, k;
        submission *s;
        char q[160];

        read_values(ls, &kb->strings, f, &b, shaft_questions, N_SHAFT, vals,
                    W_N);
        OGR_F_Destroy(f);
        if (ls->fatal)
            return ls->fatal;
        if (!kz__strmap_get(&kb->by_key, parent, &si)) {
            kz__quote_value(q, sizeof(q), parent);
            kz__row_error(&rs, parent_name,
                          "no submission %s in the main sheet", q);
            if ((rc = kz__row_done(&rs)) < 0)
                return rc;
            continue;
        }
        s = &kb->subs[si];
        s->shafts++;
        if (s->left_out) {
            kz__row_warning(&rs, "",
                            "a shaft of the submission at row %ld, "
                            "which is not approved: left out",
                            s->row);
            kz__report_count(ls->report, stub->slot, 1, 0, 0);
            continue;
        }
        if (*s->vals[V_ID] && kz__strmap_get(&kb->latest, s->vals[V_ID], &k) &&
            kb->subs[k].shaft_visit != (long)si) {
            kz__row_warning(&rs, "",
                            "a shaft of an earlier visit (row %ld): "
                            "the shafts of the visit at row %ld are kept",
                            s->row, kb->subs[kb->subs[k].shaft_visit].row);
            kz__report_count(ls->report, stub->slot, 1, 0, 0);
            continue;
        }
        snprintf(seq, sizeof(seq), "%ld", s->shafts);
        row[0] = s->vals[V_ID];
        row[1] = seq;
        row[2] = KZ_CRS_WGS84;
        for (i = 0; i < N_OF(shaft_out); i++)
            row[3 + i] = vals[shaft_out[i].value];
        if ((rc = add_row(kb->out[KZ_TABLE_SHAFTS], rs.row, row, N_OF(row))) <
            0)
            return rc;
    }
    return KZ_OK;
}

/* The last-read visit of s's kahriz: the head of its chain. */
static long last_of(const kobo *kb, const submission *s)
{
    uint32_t k;
    return kz__strmap_get(&kb->last_read, s->vals[V_ID], &k) ? (long)k : -1;
}

/* Kahriz rows: one per id, each value from the latest visit that gives
 * it (a revisit need not ask again what does not change). */
static int make_kahrizes(kobo *kb, kz_src *stub)
{
    kz_load *ls = kb->ls;
    kz_ctx *ctx = ls->ctx;
    const char *row[N_OF(kahriz_out)];
    size_t i, c;
    int rc;

    /* chain the visits of each kahriz; find its latest */
    for (i = 0; i < kb->n_subs; i++) {
        submission *s = &kb->subs[i];
        uint32_t k;
        s->next_visit = -1;
        if (s->left_out || !*s->vals[V_ID])
            continue;
        if (kz__strmap_get(&kb->last_read, s->vals[V_ID], &k))
            s->next_visit = (long)k;
        if (kz__strmap_put(ctx, &kb->last_read, s->vals[V_ID], (uint32_t)i) <
                0 ||
            ((!kz__strmap_get(&kb->latest, s->vals[V_ID], &k) ||
              later(s, &kb->subs[k])) &&
             kz__strmap_put(ctx, &kb->latest, s->vals[V_ID], (uint32_t)i) < 0))
            return KZ_ENOMEM;
    }
    for (i = 0; i < kb->n_subs; i++) {
        submission *s = &kb->subs[i];
        uint32_t k;
        if (s->left_out || !*s->vals[V_ID] ||
            !kz__strmap_get(&kb->latest, s->vals[V_ID], &k) || k != i)
            continue;
        for (c = 0; c < N_OF(kahriz_out); c++) {
            int v = kahriz_out[c].value;
            const submission *best = NULL;
            long j;
            for (j = last_of(kb, s); j >= 0; j = kb->subs[j].next_visit) {
                const submission *o = &kb->subs[j];
                if (!*o->vals[v])
                    continue;
                /* a point and its precision come together */
                if (((v == V_PREC || v == V_ALT) && !*o->vals[V_X]) ||
                    ((v == V_HEAD_PREC || v == V_HEAD_ALT) &&
                     !*o->vals[V_HEAD_X]))
                    continue;
                if (!best || later(o, best))
                    best = o;
            }
            row[c] = best ? best->vals[v] : "";
            if (v == V_PHOTO && best) {
                kz_row rs = {ls, stub, best->row, 0};
                row[c] = resolve_photo(kb, &rs, best);
            }
        }
        if ((rc = add_row(kb->out[KZ_TABLE_KAHRIZES], s->row, row, N_OF(row))) <
            0)
            return rc;
        if (ls->fatal)
            return ls->fatal;
    }
    return KZ_OK;
}

static int make_assessments(kobo *kb, kz_src *stub)
{
    kz_load *ls = kb->ls;
    const char *row[N_OF(assessment_out)];
    size_t i, c;
    int rc;

    for (i = 0; i < kb->n_subs; i++) {
        const submission *s = &kb->subs[i];
        if (s->left_out) {
            kz_row rs = {ls, stub, s->row, 0};
            kz__row_warning(&rs, "",
                            "the submission is not approved: left "
                            "out");
            kz__report_count(ls->report, stub->slot, 1, 0, 0);
            continue;
        }
        for (c = 0; c < N_OF(assessment_out); c++)
            row[c] = s->vals[assessment_out[c].value];
        if ((rc = add_row(kb->out[KZ_TABLE_ASSESSMENTS], s->row, row,
                          N_OF(row))) < 0)
            return rc;
    }
    return ls->fatal;
}

static void stub_init(kz_src *s, const char *role, const char *spec)
{
    memset(s, 0, sizeof(*s));
    s->role = role;
    s->spec = spec;
    s->slot = SIZE_MAX;
}

int kz__read_kobo(kz_load *ls, const char *path)
{
    static const char *const roles[3] = {"kahrizes", "assessments", "shafts"};
    kz_ctx *ctx = ls->ctx;
    kobo kb;
    kz_src src[3];
    GDALDriverH mem;
    int t, rc;

    memset(&kb, 0, sizeof(kb));
    kb.ls = ls;
    kz__arena_init(&kb.strings, ctx, 64 * 1024);
    for (t = 0; t < 3; t++)
        stub_init(&src[t], roles[t], NULL);
    pthread_once(&kobo_once, kobo_register);
    if ((rc = open_export(&kb, path)) < 0)
        goto done;
    for (t = 0; t < 3; t++) {
        src[t].spec = t == KZ_TABLE_SHAFTS ? kb.shaft_spec : kb.main_spec;
        if (src[t].spec &&
            (rc = kz__report_begin_source(ls->report, roles[t], src[t].spec,
                                          &src[t].slot)) < 0)
            goto done;
    }
    mem = GDALGetDriverByName("Memory");
    if (!mem)
        mem = GDALGetDriverByName("MEM");
    kb.mem = mem ? GDALCreate(mem, "", 0, 0, 0, GDT_Unknown, NULL) : NULL;
    if (!kb.mem) {
        rc = kz__error(ctx, KZ_ERROR, path, 0, NULL,
                       "GDAL has no in-memory vector driver");
        goto done;
    }
    if ((rc = make_layer(&kb, KZ_TABLE_KAHRIZES, "kahrizes", kahriz_out,
                         N_OF(kahriz_out), 0)) < 0 ||
        (rc = make_layer(&kb, KZ_TABLE_ASSESSMENTS, "assessments",
                         assessment_out, N_OF(assessment_out), 0)) < 0 ||
        (rc = make_layer(&kb, KZ_TABLE_SHAFTS, "shafts", shaft_out,
                         N_OF(shaft_out), 1)) < 0)
        goto done;
    if ((rc = read_main(&kb, &src[KZ_TABLE_KAHRIZES])) != KZ_OK) {
        rc = rc > 0 ? KZ_OK : rc; /* > 0: not the form, reported */
        goto done;
    }
    if ((rc = make_kahrizes(&kb, &src[KZ_TABLE_KAHRIZES])) < 0 ||
        (rc = make_assessments(&kb, &src[KZ_TABLE_ASSESSMENTS])) < 0)
        goto done;
    if (kb.shafts && (rc = read_shafts(&kb, &src[KZ_TABLE_SHAFTS])) < 0)
        goto done;
    for (t = 0; t < 3; t++) {
        if (!src[t].spec)
            continue;
        src[t].layer = kb.out[t];
        OGR_L_ResetReading(src[t].layer);
        if ((rc = kz__read_source(ls, &src[t], (kz_table)t)) < 0)
            goto done;
    }
done:
    for (t = 0; t < 3; t++)
        kz__src_close(ctx, &src[t]);
    if (kb.mem)
        GDALClose(kb.mem);
    if (kb.shaft_ds)
        GDALClose(kb.shaft_ds);
    if (kb.ds)
        GDALClose(kb.ds);
    if (kb.xlsx) {
        CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", NULL);
        CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", NULL);
    }
    kz__free(ctx, kb.main_spec);
    kz__free(ctx, kb.shaft_spec);
    kz__free(ctx, kb.subs);
    kz__strmap_release(ctx, &kb.by_key);
    kz__strmap_release(ctx, &kb.latest);
    kz__strmap_release(ctx, &kb.last_read);
    kz__arena_release(&kb.strings);
    return rc;
}
