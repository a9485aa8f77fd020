/*
 * load.c - the rows of one source of kahrizes, assessments or shafts,
 * read through OGR: every field validated, the accepted rows kept in the
 * survey (read.c calls it for each source; kobo.c for a form's tables).
 * Invariant: each feature read is counted once as accepted or rejected,
 * and each rejection has at least one error entry naming file, row, field
 * and reason; coordinates in the model are WGS84 longitude/latitude.
 */
#include "ingest/load.h"

#include <cpl_error.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ columns */

enum {
    K_ID, K_NAME_AZ, K_NAME_EN, K_DISTRICT, K_VILLAGE_AZ, K_VILLAGE_EN,
    K_X, K_Y, K_CRS, K_HEAD_X, K_HEAD_Y, K_LENGTH, K_SHAFTS, K_MW_DEPTH,
    K_YEAR, K_OWNER, K_PHOTO, K_GPS_PREC, K_HEAD_GPS_PREC, K_ELEV,
    K_HEAD_ELEV, K_ELEV_SRC, K_HEAD_ELEV_SRC, K_N
};
static const kz_colspec kahriz_cols[K_N] = {
    {"id", "kahriz_id|kahriz|code", 1},
    {"name_az", "name|ad|adi", 1},
    {"name_en", "name_eng", 0},
    {"district", "district_code|rayon|district_az", 0},
    {"village_az", "village|kend", 0},
    {"village_en", "village_eng", 0},
    {"x", "lon|longitude|lng|long|easting", 0},
    {"y", "lat|latitude|northing", 0},
    {"crs", "srs|epsg", 0},
    {"head_x", "head_lon|mother_well_x", 0},
    {"head_y", "head_lat|mother_well_y", 0},
    {"length_m", "length|gallery_length_m", 0},
    {"shafts", "n_shafts|shaft_count|shafts_total", 0},
    {"mother_well_depth_m", "mother_well_depth|head_depth_m", 0},
    {"year_built", "built|year", 0},
    {"owner", "management", 0},
    {"photo", "photo_path|image", 0},
    {"gps_precision_m", "gps_accuracy_m", 0},
    {"head_gps_precision_m", "head_gps_accuracy_m", 0},
    {"elevation_m", "altitude|elevation|altitude_m", 0},
    {"head_elevation_m", "head_altitude|head_elevation|mother_well_elevation_m",
     0},
    /* an export read back: elevations it took from a DEM are no survey's */
    {"elevation_source", "", 0},
    {"head_elevation_source", "", 0},
};

enum {
    A_KAHRIZ, A_DATE, A_DISCHARGE, A_CONDITION, A_DRINKABLE, A_HOUSEHOLDS,
    A_OPEN, A_COLLAPSED, A_REHAB, A_REHAB_YEAR, A_NOTES_AZ, A_NOTES_EN,
    A_ASSESSOR, A_SUBMITTED, A_UUID, A_N
};
static const kz_colspec assessment_cols[A_N] = {
    {"kahriz_id", "kahriz|kahriz_code", 1},
    {"date", "visit_date|assessed_on", 1},
    {"discharge_l_s", "discharge|discharge_ls|flow_l_s", 0},
    {"condition", "state|veziyyet", 0},
    {"drinkable", "potable|drinking", 0},
    {"households_served", "households|families", 0},
    {"shafts_open", "open_shafts", 0},
    {"shafts_collapsed", "collapsed_shafts", 0},
    {"rehab_status", "rehab|rehabilitation", 0},
    {"rehab_year", "rehabilitation_year", 0},
    {"notes_az", "notes|qeyd", 0},
    {"notes_en", "notes_eng", 0},
    {"assessor", "surveyor|inspector", 0},
    {"submitted_at", "submission_time", 0},
    {"uuid", "instance_id", 0},
};

enum {
    S_KAHRIZ, S_SEQ, S_X, S_Y, S_CRS, S_DEPTH, S_GPS_PREC, S_STATE, S_N
};
static const kz_colspec shaft_cols[S_N] = {
    {"kahriz_id", "kahriz|kahriz_code", 1},
    {"seq", "shaft|shaft_no|number|no", 1},
    {"x", "lon|longitude|lng|long|easting", 0},
    {"y", "lat|latitude|northing", 0},
    {"crs", "srs|epsg", 0},
    {"depth_m", "depth", 0},
    {"gps_precision_m", "gps_accuracy_m", 0},
    {"state", "shaft_state", 0},
};

/* -------------------------------------------------------------- rows */

/* Longest text a field may hold, in characters: names, places and codes
 * go on maps and in tables; notes are free text. */
#define KZ_TEXT_MAX 200
#define KZ_NOTES_MAX 4000

/* Text of a column, NULL (and reported) when it is not valid UTF-8 or
 * longer than its field allows. */
static const char *text(kz_row *rs, OGRFeatureH f, size_t col)
{
    const char *s = kz__src_text(rs->src, f, col);
    const char *name = rs->src->specs[col].name;
    size_t n = strlen(s), bad = kz_utf8_check(s, n), chars, max;
    if (bad != n) {
        char q[160];
        kz__quote_value(q, sizeof(q), s);
        kz__row_error(rs, name, "invalid UTF-8 at byte %zu of %s", bad + 1,
                      q);
        return NULL;
    }
    max = strncmp(name, "notes", 5) == 0 ? KZ_NOTES_MAX : KZ_TEXT_MAX;
    if (n > max && (chars = kz_utf8_length(s)) > max) {
        char q[160];
        kz__quote_value(q, sizeof(q), s);
        kz__row_error(rs, name, "%zu characters, at most %zu allowed: %s",
                      chars, max, q);
        return NULL;
    }
    return s;
}

/* Copy of a checked string in the survey's arena ("" shared). */
static const char *keep_str(kz_row *rs, const char *s)
{
    const char *k;
    if (!s)
        return "";
    k = kz__arena_strdup(&rs->ls->sv->strings, s);
    if (!k) {
        rs->ls->fatal = KZ_ENOMEM;
        return "";
    }
    return k;
}

/* Copy of a text column in the survey's arena ("" shared). */
static const char *keep(kz_row *rs, OGRFeatureH f, size_t col)
{
    return keep_str(rs, text(rs, f, col));
}

/* Number of a column: 1 present, 0 blank, -1 reported. */
static int number(kz_row *rs, OGRFeatureH f, size_t col, double *out)
{
    const kz_src *src = rs->src;
    const char *name = src->specs[col].name, *s;
    char q[160];
    kz_numres r;

    *out = NAN;
    if (src->cols[col] < 0)
        return 0;
    if (src->types[col] == OFTReal || src->types[col] == OFTInteger ||
        src->types[col] == OFTInteger64) {
        if (!OGR_F_IsFieldSetAndNotNull(f, src->cols[col]))
            return 0;
        *out = OGR_F_GetFieldAsDouble(f, src->cols[col]);
        return 1;
    }
    s = kz__src_text(src, f, col);
    r = kz__parse_number(s, src->decimal_comma, out);
    if (r == KZ_NUM_OK)
        return 1;
    if (r == KZ_NUM_EMPTY) {
        *out = NAN;
        return 0;
    }
    *out = NAN;
    kz__quote_value(q, sizeof(q), s);
    if (r == KZ_NUM_AMBIGUOUS)
        kz__row_error(rs, name,
                      "%s is ambiguous: thousands separator or decimal "
                      "mark?",
                      q);
    else if (r == KZ_NUM_WRONG_MARK)
        kz__row_error(rs, name,
                      "%s is not a number (this source uses decimal commas)",
                      q);
    else if (r == KZ_NUM_BAD_GROUPING)
        kz__row_error(rs, name,
                      "%s is not a number: thousands separators must "
                      "group digits by three (%s)",
                      q, src->decimal_comma ? "1.234,5 or 1 234,5"
                                            : "1,234.5");
    else if (strchr(s, ',') && !src->decimal_comma)
        kz__row_error(rs, name,
                      "%s is not a number (decimal commas are not enabled "
                      "for this source)",
                      q);
    else
        kz__row_error(rs, name, "%s is not a number", q);
    return -1;
}

/* Number that must be >= min; NAN when blank or bad. */
static double number_min(kz_row *rs, OGRFeatureH f, size_t col, double min)
{
    double v;
    if (number(rs, f, col, &v) <= 0)
        return NAN;
    if (v < min) {
        kz__row_error(rs, rs->src->specs[col].name,
                      "%g is negative", v);
        return NAN;
    }
    return v;
}

/* GPS precision (metres) of a fix; worse than the load's threshold is a
 * warning: the point is kept, the reader is told it may be off. */
static double gps_precision(kz_row *rs, OGRFeatureH f, size_t col,
                            const char *what)
{
    double v = number_min(rs, f, col, 0), max = rs->ls->max_gps_error_m;
    if (!isnan(v) && v > max)
        kz__row_warning(rs, rs->src->specs[col].name,
                        "GPS precision of the %s is %g m, worse than %g m",
                        what, v, max);
    return v;
}

/* Elevation above sea level, metres: from the Caspian's shore (-28 m)
 * to the highest peaks, with room for a datum or a unit slip to show
 * (feet, a depth typed as a height) as an error; NAN when blank or bad. */
static double elevation(kz_row *rs, OGRFeatureH f, size_t col)
{
    double v;
    if (number(rs, f, col, &v) <= 0)
        return NAN;
    if (v < -500 || v > 9000) {
        kz__row_error(rs, rs->src->specs[col].name,
                      "%g m is out of range (-500 to 9000 m above sea level)",
                      v);
        return NAN;
    }
    return v;
}

/* The field form's limits (forms/source/survey.csv): the form refuses a
 * value at or above them, so a table holding one has a slip in it (a unit,
 * a misplaced mark, a filler like 99999999).  Such a value is kept and
 * reported. */
#define KZ_FORM_LENGTH_M 100000.0   /* gallery length: below 100 km */
#define KZ_FORM_DEPTH_M 300.0       /* mother well and shafts: below 300 m */
#define KZ_FORM_DISCHARGE_L_S 500.0 /* below 500 l/s */
#define KZ_FORM_HOUSEHOLDS 100000.0 /* 0 to 99999 */
#define KZ_FORM_SHAFTS 10000.0      /* 0 to 9999, also open and collapsed */

/* A warning when v reaches the form's limit for column col. */
static void implausible(kz_row *rs, size_t col, double v, double limit,
                        const char *unit)
{
    if (!isfinite(v) || v < limit)
        return;
    kz__row_warning(rs, rs->src->specs[col].name,
                    "%.15g%s%s is implausible: the field form takes less "
                    "than %.15g%s%s; check the value and its unit",
                    v, *unit ? " " : "", unit, limit, *unit ? " " : "",
                    unit);
}

/* Whole number in [min, max]; unknown when blank or bad. */
static int32_t integer(kz_row *rs, OGRFeatureH f, size_t col, int32_t min,
                       int32_t max, int32_t unknown)
{
    double v;
    const char *name = rs->src->specs[col].name;
    if (number(rs, f, col, &v) <= 0)
        return unknown;
    if (v != floor(v)) {
        kz__row_error(rs, name, "%g is not a whole number", v);
        return unknown;
    }
    if (v < min || v > max) {
        kz__row_error(rs, name, "%g is out of range (%ld to %ld)", v,
                      (long)min, (long)max);
        return unknown;
    }
    return (int32_t)v;
}

/* ---------------------------------------------------------------- CRS */

/* CRS of a row: its crs column, else the layer's, else the default. */
static kz_crs *row_crs(kz_row *rs, OGRFeatureH f, size_t col,
                       const char *layer_crs)
{
    const char *s = rs->src->cols[col] >= 0 ? text(rs, f, col) : "";
    kz_crs *c;
    if (!s)
        return NULL;
    while (*s == ' ')
        s++;
    if (!*s)
        s = layer_crs ? layer_crs : rs->ls->default_crs;
    c = kz__crs_get(rs->ls, s);
    if (c && !c->ok) {
        char q[160];
        kz__quote_value(q, sizeof(q), c->crs);
        kz__row_error(rs, rs->src->specs[col].name, "unknown CRS %s", q);
        return NULL;
    }
    return c;
}

/* A coordinate pair read from two columns: 1 both present, 0 both blank,
 * -1 reported. */
static int pair(kz_row *rs, OGRFeatureH f, size_t cx, size_t cy, double *x,
                double *y)
{
    int hx = number(rs, f, cx, x), hy = number(rs, f, cy, y);
    if (hx < 0 || hy < 0)
        return -1;
    if (hx != hy) {
        kz__row_error(rs, rs->src->specs[hx ? cy : cx].name,
                      "empty while %s is given",
                      rs->src->specs[hx ? cx : cy].name);
        return -1;
    }
    return hx;
}

/* ------------------------------------------------------------ kahrizes */

/* Blanks around an id: spaces, tabs, line ends, no-break spaces. */
static size_t blank_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        return 1;
    if (p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
        return 3;
    return 0;
}

/* An id without the blanks around it, so that " ORD-1 " and "ORD-1" are
 * one kahriz; copied into ls->id (OGR reuses the text buffer of
 * non-string fields).  NULL when out of memory (ls->fatal set). */
static const char *trimmed_id(kz_row *rs, const char *s)
{
    kz_load *ls = rs->ls;
    size_t n, b;

    while ((b = blank_len(s)) > 0)
        s += b;
    n = strlen(s);
    while (n > 0) {
        if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
            s[n - 1] == '\n')
            n--;
        else if (n >= 2 && blank_len(s + n - 2) == 2)
            n -= 2;
        else if (n >= 3 && blank_len(s + n - 3) == 3)
            n -= 3;
        else
            break;
    }
    ls->id.len = 0;
    if (kz__buf_append(&ls->id, s, n) < 0) {
        ls->fatal = KZ_ENOMEM;
        return NULL;
    }
    return ls->id.data ? ls->id.data : "";
}

static int point_layer(OGRLayerH l)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_L_GetGeomType(l));
    return t == wkbPoint || t == wkbMultiPoint;
}

/* Point geometry of a feature: 1 read, 0 none, -1 reported. */
static int geometry_xy(kz_row *rs, OGRFeatureH f, double *x, double *y)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    OGRwkbGeometryType t;
    if (!g || OGR_G_IsEmpty(g)) {
        kz__row_error(rs, "geometry", "the point geometry is empty");
        return -1;
    }
    t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1)
        g = OGR_G_GetGeometryRef(g, 0);
    else if (t != wkbPoint) {
        kz__row_error(rs, "geometry", "a point is expected, not %s",
                      OGR_G_GetGeometryName(g));
        return -1;
    }
    *x = OGR_G_GetX(g, 0);
    *y = OGR_G_GetY(g, 0);
    return 1;
}

static void kahriz_row(kz_row *rs, OGRFeatureH f, int use_geom,
                       const char *layer_crs)
{
    kz_load *ls = rs->ls;
    kz_survey *sv = ls->sv;
    kz_kahriz k;
    const char *id, *s;
    double x = NAN, y = NAN, hx = NAN, hy = NAN;
    kz_crs *c = NULL;
    uint32_t prev;
    int have;

    memset(&k, 0, sizeof(k));
    k.source_row = rs->row;
    k.district = -1;
    k.head_lon = k.head_lat = NAN;
    k.gps_precision_m = k.head_gps_precision_m = NAN;
    k.elevation_m = k.head_elevation_m = NAN;
    id = text(rs, f, K_ID);
    if (id) {
        if (!(id = trimmed_id(rs, id)))
            return;
        if (!*id) {
            kz__row_error(rs, "id", "empty; an id is required");
        } else if (kz__strmap_get(&sv->kahriz_ids, id, &prev)) {
            char q[160];
            kz__quote_value(q, sizeof(q), id);
            kz__row_error(rs, "id", "duplicate id %s (first at row %ld)", q,
                          sv->kahrizes[prev].source_row);
        }
    }
    s = text(rs, f, K_NAME_AZ);
    k.name_az = keep_str(rs, s);
    if (s && !k.name_az[0])
        kz__row_error(rs, "name_az", "empty; an Azerbaijani name is required");
    k.name_en = keep(rs, f, K_NAME_EN);
    k.district_declared = keep(rs, f, K_DISTRICT);
    k.village_az = keep(rs, f, K_VILLAGE_AZ);
    k.village_en = keep(rs, f, K_VILLAGE_EN);
    k.owner = keep(rs, f, K_OWNER);
    k.photo = keep(rs, f, K_PHOTO);

    k.length_m = number_min(rs, f, K_LENGTH, 0);
    implausible(rs, K_LENGTH, k.length_m, KZ_FORM_LENGTH_M, "m");
    k.mother_well_depth_m = number_min(rs, f, K_MW_DEPTH, 0);
    implausible(rs, K_MW_DEPTH, k.mother_well_depth_m, KZ_FORM_DEPTH_M, "m");
    k.shafts = integer(rs, f, K_SHAFTS, 0, 100000, -1);
    implausible(rs, K_SHAFTS, k.shafts, KZ_FORM_SHAFTS, "");
    k.year_built =
        integer(rs, f, K_YEAR, 1, ls->today / 10000, 0);

    if (use_geom)
        have = geometry_xy(rs, f, &x, &y);
    else
        have = pair(rs, f, K_X, K_Y, &x, &y);
    if (have == 0)
        kz__row_error(rs, rs->src->cols[K_X] >= 0 ? "x" : "y",
                      "empty; the outlet coordinates are required");
    c = row_crs(rs, f, K_CRS, use_geom ? layer_crs : NULL);
    if (have > 0 && c)
        kz__locate(rs, c, use_geom ? "geometry" : "x", x, y, &k.lon, &k.lat);
    if (pair(rs, f, K_HEAD_X, K_HEAD_Y, &hx, &hy) > 0 && c)
        kz__locate(rs, c, "head_x", hx, hy, &k.head_lon, &k.head_lat);
    k.gps_precision_m = gps_precision(rs, f, K_GPS_PREC, "outlet");
    k.head_gps_precision_m =
        gps_precision(rs, f, K_HEAD_GPS_PREC, "mother well");
    k.elevation_m = elevation(rs, f, K_ELEV);
    k.head_elevation_m = elevation(rs, f, K_HEAD_ELEV);
    s = text(rs, f, K_ELEV_SRC);
    if (s && strcmp(s, "dem") == 0)
        k.elevation_m = NAN;
    s = text(rs, f, K_HEAD_ELEV_SRC);
    if (s && strcmp(s, "dem") == 0)
        k.head_elevation_m = NAN;

    if (ls->fatal || rs->errors) {
        if (id && *id && !kz__strmap_get(&sv->kahriz_ids, id, NULL)) {
            /* remembered so that its assessments say why they are unknown */
            const char *kid = kz__arena_strdup(&ls->scratch, id);
            if (!kid || kz__strmap_put(ls->ctx, &ls->rejected_ids, kid,
                                       (uint32_t)rs->row) < 0)
                ls->fatal = KZ_ENOMEM;
        }
        return;
    }
    k.id = kz__arena_strdup(&sv->strings, id);
    if (!k.id) {
        ls->fatal = KZ_ENOMEM;
        return;
    }
    if (!k.name_en[0]) {
        size_t n = kz__translit_kahriz_en(NULL, 0, k.name_az);
        char *en = kz__arena_alloc(&sv->strings, n + 1, 1);
        if (!en) {
            ls->fatal = KZ_ENOMEM;
            return;
        }
        kz__translit_kahriz_en(en, n + 1, k.name_az);
        k.name_en = en;
        k.name_en_derived = 1;
    }
    if (kz__grow(ls->ctx, (void **)&sv->kahrizes, &sv->cap_kahrizes,
                 sv->n_kahrizes + 1, sizeof(*sv->kahrizes)) < 0 ||
        kz__strmap_put(ls->ctx, &sv->kahriz_ids, k.id,
                       (uint32_t)sv->n_kahrizes) < 0) {
        ls->fatal = KZ_ENOMEM;
        return;
    }
    sv->kahrizes[sv->n_kahrizes++] = k;
}

/* --------------------------------------------------------- assessments */

/* Index of the kahriz named by column col; reported when unknown. */
static int kahriz_ref(kz_row *rs, OGRFeatureH f, size_t col, uint32_t *k)
{
    kz_load *ls = rs->ls;
    const char *id = text(rs, f, col);
    uint32_t row;
    char q[160];

    if (!id || !(id = trimmed_id(rs, id)))
        return 0;
    if (!*id) {
        kz__row_error(rs, rs->src->specs[col].name,
                      "empty; the kahriz id is required");
        return 0;
    }
    if (kz__strmap_get(&ls->sv->kahriz_ids, id, k))
        return 1;
    kz__quote_value(q, sizeof(q), id);
    if (kz__strmap_get(&ls->rejected_ids, id, &row))
        kz__row_error(rs, rs->src->specs[col].name,
                      "kahriz %s was rejected (row %ld)", q, (long)row);
    else
        kz__row_error(rs, rs->src->specs[col].name, "unknown kahriz %s", q);
    return 0;
}

/* Date of a column: 1 with *out, 0 blank, -1 reported. */
static int date(kz_row *rs, OGRFeatureH f, size_t col, int32_t *out)
{
    const kz_src *src = rs->src;
    const char *name = src->specs[col].name, *s;
    char q[160];

    *out = 0;
    if (src->cols[col] < 0)
        return 0;
    if (src->types[col] == OFTDate || src->types[col] == OFTDateTime) {
        int y, m, d, hh, mm, tz;
        float ss;
        if (!OGR_F_IsFieldSetAndNotNull(f, src->cols[col]))
            return 0;
        if (OGR_F_GetFieldAsDateTimeEx(f, src->cols[col], &y, &m, &d, &hh,
                                       &mm, &ss, &tz)) {
            *out = y * 10000 + m * 100 + d;
            return 1;
        }
    }
    s = kz__src_text(src, f, col);
    if (!s[0])
        return 0;
    if (kz__parse_date(s, out))
        return 1;
    kz__quote_value(q, sizeof(q), s);
    kz__row_error(rs, name, "%s is not a date (expected YYYY-MM-DD, YYYY/MM/DD or "
                  "DD.MM.YYYY)",
                  q);
    return -1;
}

/* A visit checked against its kahriz: a dry kahriz with water flowing
 * (the condition wins: the form counts a dry kahriz's discharge as 0 l/s,
 * so a kahriz never counts both dry and functioning), a visit before the
 * kahriz was built, more shafts open and collapsed than the kahriz has.
 * Warnings; a is corrected in place. */
static void visit_checks(kz_row *rs, kz_assessment *a)
{
    const kz_kahriz *k = &rs->ls->sv->kahrizes[a->kahriz];
    long seen = 0;

    if (a->condition == KZ_COND_DRY && a->discharge_l_s > 0) {
        kz__row_warning(rs, "discharge_l_s",
                        "%.15g l/s on a visit that finds the kahriz dry: "
                        "counted as dry with 0 l/s, as the field form counts "
                        "a dry kahriz (correct the condition if water "
                        "flows)",
                        a->discharge_l_s);
        a->discharge_l_s = 0;
    }
    if (k->year_built > 0 && a->date > 0 && a->date / 10000 < k->year_built)
        kz__row_warning(rs, "date",
                        "%04d-%02d-%02d is before kahriz %s was built (%ld)",
                        (int)(a->date / 10000), (int)(a->date / 100 % 100),
                        (int)(a->date % 100), k->id, (long)k->year_built);
    if (a->shafts_open > 0)
        seen += a->shafts_open;
    if (a->shafts_collapsed > 0)
        seen += a->shafts_collapsed;
    if (k->shafts >= 0 && seen > k->shafts)
        kz__row_warning(rs, a->shafts_open > 0 ? "shafts_open"
                                               : "shafts_collapsed",
                        "%ld shafts open and %ld collapsed, more than the "
                        "%ld shafts of kahriz %s",
                        (long)(a->shafts_open > 0 ? a->shafts_open : 0),
                        (long)(a->shafts_collapsed > 0 ? a->shafts_collapsed
                                                       : 0),
                        (long)k->shafts, k->id);
}

/* A second visit of one kahriz on one date: a warning naming both rows
 * and which one counts as the later (kz__assessment_order), whatever
 * their order in the file. */
static void same_date(kz_row *rs, const kz_assessment *a)
{
    kz_load *ls = rs->ls;
    const kz_assessment *first;
    const char *why, *k;
    char key[48];
    uint32_t i;
    int c;

    snprintf(key, sizeof(key), "%lu:%ld", (unsigned long)a->kahriz,
             (long)a->date);
    if (!kz__strmap_get(&ls->visit_dates, key, &i)) {
        k = kz__arena_strdup(&ls->scratch, key);
        if (!k || kz__strmap_put(ls->ctx, &ls->visit_dates, k,
                                 (uint32_t)ls->sv->n_assessments) < 0)
            ls->fatal = KZ_ENOMEM;
        return;
    }
    first = &ls->sv->assessments[i];
    c = kz__assessment_order(a, first, &why);
    if (c == 0)
        kz__row_warning(rs, "date",
                        "a second visit of %s on %04d-%02d-%02d (first at "
                        "row %ld), with the same values",
                        ls->sv->kahrizes[a->kahriz].id,
                        (int)(a->date / 10000), (int)(a->date / 100 % 100),
                        (int)(a->date % 100), first->source_row);
    else
        kz__row_warning(rs, "date",
                        "a second visit of %s on %04d-%02d-%02d (first at "
                        "row %ld): the one at row %ld counts as the later "
                        "(%s)",
                        ls->sv->kahrizes[a->kahriz].id,
                        (int)(a->date / 10000), (int)(a->date / 100 % 100),
                        (int)(a->date % 100), first->source_row,
                        c > 0 ? rs->row : first->source_row, why);
}

static void assessment_row(kz_row *rs, OGRFeatureH f)
{
    kz_load *ls = rs->ls;
    kz_survey *sv = ls->sv;
    kz_assessment a;
    const char *s;
    int have;

    memset(&a, 0, sizeof(a));
    a.source_row = rs->row;
    kahriz_ref(rs, f, A_KAHRIZ, &a.kahriz);
    have = date(rs, f, A_DATE, &a.date);
    if (have == 0)
        kz__row_error(rs, "date", "empty; the date of the visit is required");
    else if (have > 0 && a.date > ls->today)
        kz__row_error(rs, "date", "%04d-%02d-%02d is in the future",
                      (int)(a.date / 10000), (int)(a.date / 100 % 100),
                      (int)(a.date % 100));
    a.discharge_l_s = number_min(rs, f, A_DISCHARGE, 0);
    implausible(rs, A_DISCHARGE, a.discharge_l_s, KZ_FORM_DISCHARGE_L_S,
                "l/s");
    s = text(rs, f, A_CONDITION);
    if (s && s[strspn(s, " ")]) {
        a.condition = kz_condition_parse(s);
        if (a.condition == KZ_COND_UNASSESSED) {
            char q[160];
            kz__quote_value(q, sizeof(q), s);
            kz__row_error(rs, "condition",
                          "unknown condition %s (good, fair, poor, dry, "
                          "collapsed, or 1-5)",
                          q);
        }
    }
    s = text(rs, f, A_DRINKABLE);
    if (s && s[strspn(s, " ")] && !kz__parse_drinkable(s, &a.drinkable)) {
        char q[160];
        kz__quote_value(q, sizeof(q), s);
        kz__row_error(rs, "drinkable", "%s is not yes, no or unknown", q);
    }
    s = text(rs, f, A_REHAB);
    if (s && s[strspn(s, " ")] && !kz__parse_rehab(s, &a.rehab_status)) {
        char q[160];
        kz__quote_value(q, sizeof(q), s);
        kz__row_error(rs, "rehab_status",
                      "unknown status %s (none, planned, ongoing, done)", q);
    }
    a.households_served = integer(rs, f, A_HOUSEHOLDS, 0, INT32_MAX, -1);
    implausible(rs, A_HOUSEHOLDS, a.households_served, KZ_FORM_HOUSEHOLDS,
                "");
    a.shafts_open = integer(rs, f, A_OPEN, 0, 100000, -1);
    implausible(rs, A_OPEN, a.shafts_open, KZ_FORM_SHAFTS, "");
    a.shafts_collapsed = integer(rs, f, A_COLLAPSED, 0, 100000, -1);
    implausible(rs, A_COLLAPSED, a.shafts_collapsed, KZ_FORM_SHAFTS, "");
    a.rehab_year = integer(rs, f, A_REHAB_YEAR, 1800,
                           ls->today / 10000 + 20, 0);
    a.notes_az = keep(rs, f, A_NOTES_AZ);
    a.notes_en = keep(rs, f, A_NOTES_EN);
    a.assessor = keep(rs, f, A_ASSESSOR);
    a.submitted_at = keep(rs, f, A_SUBMITTED);
    a.uuid = keep(rs, f, A_UUID);
    if (ls->fatal || rs->errors)
        return;
    visit_checks(rs, &a);
    same_date(rs, &a);
    if (ls->fatal)
        return;
    if (kz__grow(ls->ctx, (void **)&sv->assessments, &sv->cap_assessments,
                 sv->n_assessments + 1, sizeof(*sv->assessments)) < 0) {
        ls->fatal = KZ_ENOMEM;
        return;
    }
    sv->assessments[sv->n_assessments++] = a;
}

/* -------------------------------------------------------------- shafts */

/* A shaft farther than this from both ends of its gallery (or than the
 * gallery's length, when that is longer) is taken for a wrong position
 * or a wrong kahriz: galleries are typically 1-2 km long. */
#define KZ_SHAFT_FAR_KM 10.0

/* A shaft too far from its kahriz's outlet and mother well to be on its
 * gallery: a warning, and the shaft is left out (a line drawn to it
 * would cross the map).  Returns 1 when it is. */
static int far_shaft(kz_row *rs, const kz_shaft *sh)
{
    const kz_kahriz *k = &rs->ls->sv->kahrizes[sh->kahriz];
    double out = kz__geo_km(sh->lon, sh->lat, k->lon, k->lat);
    double head = NAN, limit = KZ_SHAFT_FAR_KM;

    if (isfinite(k->head_lon) && isfinite(k->head_lat))
        head = kz__geo_km(sh->lon, sh->lat, k->head_lon, k->head_lat);
    if (isfinite(k->length_m) && k->length_m < KZ_FORM_LENGTH_M &&
        k->length_m / 1000.0 > limit)
        limit = k->length_m / 1000.0;
    if (out <= limit || head <= limit)
        return 0;
    if (isnan(head))
        kz__row_warning(rs, "x",
                        "shaft %ld of %s lies %.1f km from the kahriz's "
                        "outlet, more than %g km: left out of its gallery "
                        "and the maps (check its position and kahriz_id)",
                        (long)sh->seq, k->id, out, limit);
    else
        kz__row_warning(rs, "x",
                        "shaft %ld of %s lies %.1f km from the kahriz's "
                        "outlet and %.1f km from its mother well, more than "
                        "%g km: left out of its gallery and the maps (check "
                        "its position and kahriz_id)",
                        (long)sh->seq, k->id, out, head, limit);
    kz__row_leave_out(rs);
    return 1;
}

/* A second shaft of one kahriz under the same number: a warning naming
 * the first; both are kept, the gallery passing them in file order. */
static void duplicate_seq(kz_row *rs, const kz_shaft *sh)
{
    kz_load *ls = rs->ls;
    char key[48];
    const char *k;
    uint32_t first;

    snprintf(key, sizeof(key), "%lu:%ld", (unsigned long)sh->kahriz,
             (long)sh->seq);
    if (kz__strmap_get(&ls->shaft_seqs, key, &first)) {
        kz__row_warning(rs, "seq",
                        "shaft %ld of %s is numbered twice (first at row "
                        "%ld); both are kept, in file order",
                        (long)sh->seq, ls->sv->kahrizes[sh->kahriz].id,
                        (long)first);
        return;
    }
    k = kz__arena_strdup(&ls->scratch, key);
    if (!k || kz__strmap_put(ls->ctx, &ls->shaft_seqs, k,
                             (uint32_t)rs->row) < 0)
        ls->fatal = KZ_ENOMEM;
}

static void shaft_row(kz_row *rs, OGRFeatureH f, int use_geom,
                      const char *layer_crs)
{
    kz_load *ls = rs->ls;
    kz_survey *sv = ls->sv;
    kz_shaft sh;
    const char *s;
    double x, y;
    int have;

    memset(&sh, 0, sizeof(sh));
    sh.source_row = rs->row;
    sh.lon = sh.lat = NAN;
    sh.collapsed = -1;
    kahriz_ref(rs, f, S_KAHRIZ, &sh.kahriz);
    sh.seq = integer(rs, f, S_SEQ, 0, INT32_MAX, -1);
    if (sh.seq < 0 && !rs->errors)
        kz__row_error(rs, "seq", "empty; the shaft number is required");
    sh.depth_m = number_min(rs, f, S_DEPTH, 0);
    implausible(rs, S_DEPTH, sh.depth_m, KZ_FORM_DEPTH_M, "m");
    sh.gps_precision_m = gps_precision(rs, f, S_GPS_PREC, "shaft");
    s = text(rs, f, S_STATE);
    if (s && s[strspn(s, " ")] && !kz__parse_shaft_state(s, &sh.collapsed)) {
        char q[160];
        kz__quote_value(q, sizeof(q), s);
        kz__row_error(rs, "state", "%s is not open or collapsed", q);
    }
    if (use_geom)
        have = geometry_xy(rs, f, &x, &y);
    else
        have = pair(rs, f, S_X, S_Y, &x, &y);
    /* a shaft is a point of its gallery: without one it would be drawn
     * as surveyed through nowhere */
    if (have == 0)
        kz__row_error(rs, "x", "empty; the shaft's position is required");
    if (have > 0) {
        kz_crs *c = row_crs(rs, f, S_CRS, use_geom ? layer_crs : NULL);
        if (c)
            kz__locate(rs, c, use_geom ? "geometry" : "x", x, y, &sh.lon,
                       &sh.lat);
    }
    if (ls->fatal || rs->errors || far_shaft(rs, &sh))
        return;
    duplicate_seq(rs, &sh);
    if (ls->fatal)
        return;
    if (kz__grow(ls->ctx, (void **)&sv->shafts, &sv->cap_shafts,
                 sv->n_shafts + 1, sizeof(*sv->shafts)) < 0) {
        ls->fatal = KZ_ENOMEM;
        return;
    }
    sv->shafts[sv->n_shafts++] = sh;
}

/* ------------------------------------------------------------- sources */

/* A kahriz row rejected whole (its text cannot be read as a row): its id
 * is remembered, so that its assessments and shafts say why they have no
 * kahriz. */
static void rejected_whole(kz_row *rs, OGRFeatureH f, int kahrizes)
{
    kz_load *ls = rs->ls;
    const char *id, *kid;

    if (!kahrizes || rs->src->cols[K_ID] < 0)
        return;
    id = kz__src_text(rs->src, f, K_ID);
    if (kz_utf8_check(id, strlen(id)) != strlen(id) ||
        !(id = trimmed_id(rs, id)) || !*id ||
        kz__strmap_get(&ls->sv->kahriz_ids, id, NULL) ||
        kz__strmap_get(&ls->rejected_ids, id, NULL))
        return;
    kid = kz__arena_strdup(&ls->scratch, id);
    if (!kid || kz__strmap_put(ls->ctx, &ls->rejected_ids, kid,
                               (uint32_t)rs->row) < 0)
        ls->fatal = KZ_ENOMEM;
}

/* A record whose field count is not the header's, as the CSV driver read
 * it: the fields past the header's are dropped, and the values after an
 * unquoted separator are in the wrong columns. */
static void fields_warning(kz_row *rs, const kz_csv_flaw *fl)
{
    const kz_src *src = rs->src;
    long hdr = src->csv.header_fields;

    if (fl->last > fl->line)
        kz__row_warning(rs, "",
                        "a quoted value runs from this row to row %ld, "
                        "which are read as one row of %ld fields where "
                        "the header has %ld: is a quote missing?",
                        fl->last, fl->fields, hdr);
    else
        kz__row_warning(rs, "",
                        "%ld fields where the header has %ld: values past "
                        "field %ld are not read, and an unquoted '%c' "
                        "inside a value puts the values after it in the "
                        "wrong columns (quote such values)",
                        fl->fields, hdr, hdr, src->separator);
}

static const struct {
    const kz_colspec *specs;
    size_t n;
} table_cols[] = {{kahriz_cols, K_N}, {assessment_cols, A_N}, {shaft_cols, S_N}};

void kz__table_cols(kz_table table, const kz_colspec **specs, size_t *n)
{
    *specs = table_cols[table].specs;
    *n = table_cols[table].n;
}

int kz__read_source(kz_load *ls, kz_src *srcp, kz_table table)
{
    kz_ctx *ctx = ls->ctx;
    kz_src src = *srcp;
    const kz_colspec *specs = table_cols[table].specs, *missing = NULL;
    size_t n_specs = table_cols[table].n;
    const char *spec = src.spec;
    OGRFeatureH f = NULL;
    const kz_csv_flaw *flaw;
    /* the x column; y follows it */
    size_t xcol = specs == shaft_cols ? S_X : K_X;
    char *layer_crs = NULL;
    int use_geom = 0, rc;
    long n = 0;

    if (src.slot == SIZE_MAX &&
        (rc = kz__report_begin_source(ls->report, src.role, spec,
                                      &src.slot)) < 0)
        goto done;
    if ((rc = kz__src_bind(ctx, &src, specs, n_specs, &ls->map, ls->report,
                           &missing)) < 0)
        goto done;
    /* kahrizes and shafts are points: a point layer without x and y
     * columns (a GeoPackage, the atlas's own export) gives them */
    if (specs != assessment_cols && src.cols[xcol] < 0 &&
        src.cols[xcol + 1] < 0 && point_layer(src.layer))
        use_geom = 1;
    if (use_geom) {
        layer_crs = kz__srs_string(ctx, OGR_L_GetSpatialRef(src.layer));
        if (!layer_crs && OGR_L_GetSpatialRef(src.layer)) {
            rc = kz_ctx_error(ctx)->code;
            goto done;
        }
    } else if (specs != assessment_cols && !missing &&
               (src.cols[xcol] < 0 || src.cols[xcol + 1] < 0)) {
        missing = &specs[src.cols[xcol] < 0 ? xcol : xcol + 1];
    }
    if (missing) {
        long total = (long)OGR_L_GetFeatureCount(src.layer, TRUE);
        kz_row rs = {ls, &src, src.row_offset, 0};
        kz__row_error(&rs, missing->name,
                      "required column is missing; %ld rows rejected",
                      total > 0 ? total : 0);
        kz__report_count(ls->report, src.slot, total, 0, total);
        ls->rejected_rows += total;
        ls->rejected_sources++;
        goto done;
    }
    while ((f = OGR_L_GetNextFeature(src.layer)) != NULL) {
        kz_row rs = {ls, &src, kz__src_row(&src, f), 0};
        if ((++n & 4095) == 0 && kz__interrupted(ctx)) {
            rc = kz__error(ctx, KZ_EINTERRUPTED, spec, rs.row, NULL,
                           "interrupted");
            goto done;
        }
        flaw = src.csv.n_flaws ? kz__csv_flaw(&src.csv, rs.row) : NULL;
        if (src.csv.n_nul && kz__src_has_nul(&src, rs.row)) {
            kz__row_error(&rs, "",
                          "the line holds a NUL byte; the row is rejected");
            rejected_whole(&rs, f, specs == kahriz_cols);
        } else if (flaw && flaw->kind == KZ_CSV_UNCLOSED) {
            kz__row_error(&rs, "",
                          "unterminated quote: a quote opened on this row "
                          "is never closed; the row is rejected and the "
                          "rows after it are read on their own");
            rejected_whole(&rs, f, specs == kahriz_cols);
        } else if (specs == kahriz_cols)
            kahriz_row(&rs, f, use_geom, layer_crs);
        else if (specs == assessment_cols)
            assessment_row(&rs, f);
        else
            shaft_row(&rs, f, use_geom, layer_crs);
        if (flaw && flaw->kind == KZ_CSV_FIELDS)
            fields_warning(&rs, flaw);
        OGR_F_Destroy(f);
        f = NULL;
        if ((rc = kz__row_done(&rs)) < 0)
            goto done;
    }
    if ((rc = kz__gdal_read_check(ctx, spec)) < 0)
        goto done;
    if (n == 0 && specs == kahriz_cols) {
        kz_row rs = {ls, &src, 0, 0};
        kz__row_warning(&rs, "", "no data rows");
        if (ls->fatal)
            rc = ls->fatal;
    }
done:
    if (f)
        OGR_F_Destroy(f);
    kz__free(ctx, layer_crs);
    *srcp = src; /* the caller closes it, with the columns bound here */
    return rc;
}
