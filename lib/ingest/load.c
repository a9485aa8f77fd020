/*
 * load.c - kz_survey_load: reads kahrizes, assessments, shafts and
 * districts through OGR, validates every row and keeps the accepted ones.
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

/* Azerbaijan (44.77-50.63°E, 38.39-41.91°N) with a small margin. */
#define AZ_W 44.7
#define AZ_E 50.7
#define AZ_S 38.3
#define AZ_N 42.0
/* Projections stay usable a little beyond their official area of use
 * (UTM 38N is routinely used just east of 48°E). */
#define AREA_MARGIN 1.0

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

void kz__row_error(kz_row *rs, const char *field, const char *fmt, ...)
{
    kz_load *ls = rs->ls;
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    rs->errors++;
    if (kz__report_add(ls->report, rs->src->slot, KZ_SEV_ERROR,
                       rs->src->role, rs->src->spec, rs->row, field, "%s",
                       msg) < 0)
        ls->fatal = KZ_ENOMEM;
    if (!ls->first_msg[0]) {
        snprintf(ls->first_file, sizeof(ls->first_file), "%s", rs->src->spec);
        snprintf(ls->first_field, sizeof(ls->first_field), "%s", field);
        snprintf(ls->first_msg, sizeof(ls->first_msg), "%s", msg);
        ls->first_row = rs->row;
    }
}

int kz__row_done(const kz_row *rs)
{
    kz_load *ls = rs->ls;
    if (ls->fatal)
        return ls->fatal;
    kz__report_count(ls->report, rs->src->slot, 1, rs->errors ? 0 : 1,
                     rs->errors ? 1 : 0);
    if (rs->errors)
        ls->rejected_rows++;
    return KZ_OK;
}

void kz__row_warning(kz_row *rs, const char *field, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (kz__report_add(rs->ls->report, rs->src->slot, KZ_SEV_WARNING,
                       rs->src->role, rs->src->spec, rs->row, field, "%s",
                       msg) < 0)
        rs->ls->fatal = KZ_ENOMEM;
}

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

/* "UTM 38N", "UTM zone 39 N", "WGS 84 / UTM zone 38N" as survey GPS
 * units and field forms name them: the WGS 84 UTM zone as "EPSG:326zz"
 * (north) or "EPSG:327zz" (south) into out; 0 when s is not such a name. */
static int utm_name(char *out, size_t cap, const char *s)
{
    char w[64];
    size_t n = 0;
    const char *p;
    int zone = 0, digits = 0;

    /* lower-case, without blanks, '/' or '_' */
    for (; *s && n + 1 < sizeof(w); s++)
        if (*s != ' ' && *s != '/' && *s != '_')
            w[n++] = (char)tolower((unsigned char)*s);
    w[n] = '\0';
    p = w;
    if (strncmp(p, "wgs84", 5) == 0)
        p += 5;
    if (strncmp(p, "utm", 3) != 0)
        return 0;
    p += 3;
    if (strncmp(p, "zone", 4) == 0)
        p += 4;
    while (*p >= '0' && *p <= '9' && digits < 3) {
        zone = zone * 10 + (*p++ - '0');
        digits++;
    }
    if (!digits || zone < 1 || zone > 60 || (*p != 'n' && *p != 's') ||
        p[1] != '\0')
        return 0;
    snprintf(out, cap, "EPSG:32%c%02d", *p == 'n' ? '6' : '7', zone);
    return 1;
}

/* Resolve a CRS string ("EPSG:32638", "32638", "UTM 38N", WKT, PROJ
 * string) once per
 * load; unknown ones are remembered so each row reports without asking
 * PROJ again.  NULL only on fatal errors (ls->fatal set). */
kz_crs *kz__crs_get(kz_load *ls, const char *crs)
{
    kz_ctx *ctx = ls->ctx;
    char norm[64];
    const char *key = crs;
    kz_crs *c;
    size_t i;
    int rc;

    while (*key == ' ')
        key++;
    if (*key && strspn(key, "0123456789") == strlen(key) && strlen(key) < 20) {
        snprintf(norm, sizeof(norm), "EPSG:%s", key);
        key = norm;
    } else if (utm_name(norm, sizeof(norm), key)) {
        key = norm;
    }
    if (ls->last_crs && strcmp(ls->last_crs->crs, key) == 0)
        return ls->last_crs;
    for (i = 0; i < ls->n_crs; i++)
        if (strcmp(ls->crs[i].crs, key) == 0)
            return ls->last_crs = &ls->crs[i];
    if ((rc = kz__grow(ctx, (void **)&ls->crs, &ls->cap_crs, ls->n_crs + 1,
                       sizeof(*ls->crs))) < 0) {
        ls->fatal = rc;
        return NULL;
    }
    c = &ls->crs[ls->n_crs];
    memset(c, 0, sizeof(*c));
    c->crs = kz__strdup(ctx, key);
    if (!c->crs) {
        ls->fatal = KZ_ENOMEM;
        return NULL;
    }
    ls->n_crs++;
    if (strcasecmp(key, KZ_CRS_WGS84) == 0) {
        c->ok = c->identity = 1;
    } else {
        rc = kz__geo_transform(&c->op, ctx, key, KZ_CRS_WGS84);
        if (rc == KZ_ENOMEM) {
            ls->fatal = rc;
            return NULL;
        }
        c->ok = rc == KZ_OK;
        if (c->ok)
            c->has_area =
                kz__geo_area_of_use(ctx, key, &c->w, &c->s, &c->e, &c->n);
        kz_ctx_clear_error(ctx);
    }
    return ls->last_crs = c;
}

/* Short name of a CRS for messages (WKT is too long to quote). */
static const char *crs_label(const kz_crs *c)
{
    return strlen(c->crs) <= 48 ? c->crs : "the layer's CRS";
}

/* Transform (x, y) from c to lon/lat and check it lies in the CRS's area of
 * use and in Azerbaijan.  Returns 1 when accepted. */
int kz__locate(kz_row *rs, const kz_crs *c, const char *field, double x,
               double y, double *lon, double *lat)
{
    double a = x, b = y;

    if (!c->identity) {
        kz__geo_apply(rs->ls->ctx, c->op, &a, &b, 1, PJ_FWD);
        if (!isfinite(a) || !isfinite(b) || a == HUGE_VAL || b == HUGE_VAL) {
            kz__row_error(rs, field,
                          "(%.3f, %.3f) cannot be transformed from %s to "
                          "longitude/latitude",
                          x, y, crs_label(c));
            return 0;
        }
        if (c->has_area &&
            (a < c->w - AREA_MARGIN || a > c->e + AREA_MARGIN ||
             b < c->s - AREA_MARGIN || b > c->n + AREA_MARGIN)) {
            kz__row_error(rs, field,
                          "(%.3f, %.3f) in %s is at lon %.6f, lat %.6f, "
                          "outside the area of use of that CRS "
                          "(%.2f to %.2f°E, %.2f to %.2f°N)",
                          x, y, crs_label(c), a, b, c->w, c->e, c->s, c->n);
            return 0;
        }
    }
    if (a < AZ_W || a > AZ_E || b < AZ_S || b > AZ_N) {
        int swapped = b >= AZ_W && b <= AZ_E && a >= AZ_S && a <= AZ_N;
        kz__row_error(rs, field,
                      "lon %.6f, lat %.6f is outside Azerbaijan "
                      "(%.1f to %.1f°E, %.1f to %.1f°N)%s",
                      a, b, AZ_W, AZ_E, AZ_S, AZ_N,
                      swapped ? "; latitude and longitude look swapped" : "");
        return 0;
    }
    *lon = a;
    *lat = b;
    return 1;
}

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
    k.mother_well_depth_m = number_min(rs, f, K_MW_DEPTH, 0);
    k.shafts = integer(rs, f, K_SHAFTS, 0, 100000, -1);
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
    a.shafts_open = integer(rs, f, A_OPEN, 0, 100000, -1);
    a.shafts_collapsed = integer(rs, f, A_COLLAPSED, 0, 100000, -1);
    a.rehab_year = integer(rs, f, A_REHAB_YEAR, 1800,
                           ls->today / 10000 + 20, 0);
    a.notes_az = keep(rs, f, A_NOTES_AZ);
    a.notes_en = keep(rs, f, A_NOTES_EN);
    a.assessor = keep(rs, f, A_ASSESSOR);
    a.submitted_at = keep(rs, f, A_SUBMITTED);
    a.uuid = keep(rs, f, A_UUID);
    if (ls->fatal || rs->errors)
        return;
    if (kz__grow(ls->ctx, (void **)&sv->assessments, &sv->cap_assessments,
                 sv->n_assessments + 1, sizeof(*sv->assessments)) < 0) {
        ls->fatal = KZ_ENOMEM;
        return;
    }
    sv->assessments[sv->n_assessments++] = a;
}

/* -------------------------------------------------------------- shafts */

static void shaft_row(kz_row *rs, OGRFeatureH f)
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
    sh.gps_precision_m = gps_precision(rs, f, S_GPS_PREC, "shaft");
    s = text(rs, f, S_STATE);
    if (s && s[strspn(s, " ")] && !kz__parse_shaft_state(s, &sh.collapsed)) {
        char q[160];
        kz__quote_value(q, sizeof(q), s);
        kz__row_error(rs, "state", "%s is not open or collapsed", q);
    }
    have = pair(rs, f, S_X, S_Y, &x, &y);
    if (have > 0) {
        kz_crs *c = row_crs(rs, f, S_CRS, NULL);
        if (c)
            kz__locate(rs, c, "x", x, y, &sh.lon, &sh.lat);
    }
    if (ls->fatal || rs->errors)
        return;
    if (kz__grow(ls->ctx, (void **)&sv->shafts, &sv->cap_shafts,
                 sv->n_shafts + 1, sizeof(*sv->shafts)) < 0) {
        ls->fatal = KZ_ENOMEM;
        return;
    }
    sv->shafts[sv->n_shafts++] = sh;
}

/* ------------------------------------------------------------- sources */

static const struct {
    const kz_colspec *specs;
    size_t n;
} table_cols[] = {{kahriz_cols, K_N}, {assessment_cols, A_N}, {shaft_cols, S_N}};

/* Open, bind and read one table source.  Returns KZ_OK (rows rejected are
 * counted in ls), or a fatal code. */
static int read_table(kz_load *ls, const char *role, const char *spec,
                      kz_table table)
{
    kz_ctx *ctx = ls->ctx;
    kz_src src;
    int rc;

    if ((rc = kz__src_open(ctx, &src, role, spec, ls->opts)) < 0)
        goto done;
    if ((rc = kz__report_begin_source(ls->report, role, spec, &src.slot)) <
        0)
        goto done;
    if (src.empty_file) {
        kz_row rs = {ls, &src, 0, 0};
        kz__row_error(&rs, "", "the file is empty (no header line)");
        ls->rejected_sources++;
        goto done;
    }
    rc = kz__read_source(ls, &src, table);
done:
    kz__src_close(ctx, &src);
    return rc;
}

int kz__read_source(kz_load *ls, kz_src *srcp, kz_table table)
{
    kz_ctx *ctx = ls->ctx;
    kz_src src = *srcp;
    const kz_colspec *specs = table_cols[table].specs, *missing = NULL;
    size_t n_specs = table_cols[table].n;
    const char *spec = src.spec;
    OGRFeatureH f = NULL;
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
    if (specs == kahriz_cols && src.cols[K_X] < 0 && src.cols[K_Y] < 0 &&
        point_layer(src.layer))
        use_geom = 1;
    if (use_geom) {
        layer_crs = kz__srs_string(ctx, OGR_L_GetSpatialRef(src.layer));
        if (!layer_crs && OGR_L_GetSpatialRef(src.layer)) {
            rc = kz_ctx_error(ctx)->code;
            goto done;
        }
    } else if (specs == kahriz_cols && !missing &&
               (src.cols[K_X] < 0 || src.cols[K_Y] < 0)) {
        missing = &specs[src.cols[K_X] < 0 ? K_X : K_Y];
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
        if (src.n_nul && kz__src_has_nul(&src, rs.row))
            kz__row_error(&rs, "",
                          "the line holds a NUL byte; the row is rejected");
        else if (specs == kahriz_cols)
            kahriz_row(&rs, f, use_geom, layer_crs);
        else if (specs == assessment_cols)
            assessment_row(&rs, f);
        else
            shaft_row(&rs, f);
        OGR_F_Destroy(f);
        f = NULL;
        if ((rc = kz__row_done(&rs)) < 0)
            goto done;
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
        const char *m = kz__gdal_message();
        rc = kz__error(ctx, KZ_EINPUT, spec, 0, NULL, "%s",
                       m ? m : "reading stopped on an error");
        goto done;
    }
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

/* Mapping lines checked before any source is read: a line's field must
 * be one of its role's (the district fields are checked when the
 * districts are bound).  KZ_EINPUT naming the mapping file's line. */
static int check_mapping_fields(kz_load *ls)
{
    static const struct {
        const char *role;
        const kz_colspec *specs;
        size_t n;
    } tables[] = {{"kahrizes", kahriz_cols, K_N},
                  {"assessments", assessment_cols, A_N},
                  {"shafts", shaft_cols, S_N}};
    size_t m, t, i;
    char q[160];
    int rc = KZ_OK;

    for (m = 0; m < ls->map.n && rc == KZ_OK; m++) {
        const kz_mapping *mp = &ls->map.items[m];
        int known = 0, own = -1;
        kz_buf names;
        for (t = 0; t < 3; t++) {
            if (mp->role && strcmp(mp->role, tables[t].role) != 0)
                continue;
            own = (int)t;
            for (i = 0; i < tables[t].n; i++)
                known |= strcmp(tables[t].specs[i].name, mp->canonical) == 0;
        }
        if (known || (mp->role && own < 0) ||
            (!mp->role && ls->opts->districts))
            continue; /* districts: checked when they are bound */
        kz__quote_value(q, sizeof(q), mp->canonical);
        kz__buf_init(&names, ls->ctx);
        if (mp->role)
            rc = kz__colspec_names(&names, tables[own].specs, tables[own].n);
        if (rc == KZ_OK && mp->role)
            rc = kz__error(ls->ctx, KZ_EINPUT, ls->map.path, mp->line, NULL,
                           "%s have no field %s (fields: %s)", mp->role, q,
                           names.data);
        else if (rc == KZ_OK)
            rc = kz__error(ls->ctx, KZ_EINPUT, ls->map.path, mp->line, NULL,
                           "unknown field %s", q);
        kz__buf_release(&names);
    }
    return rc;
}

/* Mapping lines without a role, once every source is bound: one of the
 * sources must know the field and have the column. */
static int check_mapping_use(kz_load *ls)
{
    size_t m;
    char q[160];

    for (m = 0; m < ls->map.n; m++) {
        const kz_mapping *mp = &ls->map.items[m];
        if (mp->role || mp->found)
            continue;
        if (!mp->known) {
            int table = 0;
            size_t i;
            for (i = 0; i < K_N; i++)
                table |= strcmp(kahriz_cols[i].name, mp->canonical) == 0;
            for (i = 0; i < A_N; i++)
                table |= strcmp(assessment_cols[i].name, mp->canonical) == 0;
            for (i = 0; i < S_N; i++)
                table |= strcmp(shaft_cols[i].name, mp->canonical) == 0;
            if (table)
                continue; /* for a source not given this time */
            kz__quote_value(q, sizeof(q), mp->canonical);
            return kz__error(ls->ctx, KZ_EINPUT, ls->map.path, mp->line,
                             NULL, "unknown field %s", q);
        }
        kz__quote_value(q, sizeof(q), mp->header);
        return kz__error(ls->ctx, KZ_EINPUT, ls->map.path, mp->line, NULL,
                         "no source has a column %s", q);
    }
    return KZ_OK;
}

/* The union of the districts, for maps that show the country as one
 * shape (the inset locator).  Best effort: without it (a union GEOS cannot
 * make), they draw the districts one by one; but an allocation failure is
 * the load's KZ_ENOMEM, as anywhere else.  Well under a millisecond for
 * the bundled 77 districts. */
static int country_union(kz_ctx *ctx, kz_survey *sv)
{
    unsigned long nomem = ctx->nomem;
    uint32_t *ds;
    size_t i, n = 0;

    if (sv->n_districts == 0)
        return KZ_OK;
    if (!(ds = kz__calloc(ctx, sv->n_districts, sizeof(*ds))))
        return KZ_ENOMEM;
    for (i = 0; i < sv->n_districts; i++)
        if (sv->district_geoms[i])
            ds[n++] = (uint32_t)i;
    sv->country = kz__districts_union(ctx, sv, ds, n);
    kz__free(ctx, ds);
    return !sv->country && ctx->nomem != nomem ? KZ_ENOMEM : KZ_OK;
}

int kz_survey_load(kz_survey **out, kz_ctx *ctx, const kz_sources *sources,
                   kz_report *report)
{
    kz_load ls;
    kz_survey *sv = NULL;
    kz_gdal_scope gdal;
    kz_sources v2 = KZ_SOURCES_INIT;
    size_t i;
    int rc;

    KZ_ASSERT_ARG(ctx, ctx);
    KZ_ASSERT_ARG(ctx, out && sources);
    *out = NULL;
    if (sources->version == 1) {
        /* a version 1 struct ends at today: the rest keeps its defaults */
        memcpy(&v2, sources, offsetof(kz_sources, kobo));
        v2.version = KZ_SOURCES_VERSION;
        sources = &v2;
    }
    if (sources->version != KZ_SOURCES_VERSION)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "kz_sources version %u, expected %u",
                         sources->version, KZ_SOURCES_VERSION);
    if (!sources->kahrizes && !sources->kobo)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "no kahrizes source given");
    if (sources->kobo &&
        (sources->kahrizes || sources->assessments || sources->shafts))
        return kz__error(ctx, KZ_EINVAL, sources->kobo, 0, NULL,
                         "a field form export gives the kahrizes, "
                         "assessments and shafts: leave the other survey "
                         "sources out");
    if (sources->max_gps_error_m < 0 || isnan(sources->max_gps_error_m))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "the GPS precision threshold must be a positive "
                         "number of metres");
    memset(&ls, 0, sizeof(ls));
    ls.ctx = ctx;
    ls.opts = sources;
    ls.report = report;
    ls.today = sources->today ? sources->today : kz__today();
    ls.max_gps_error_m = sources->max_gps_error_m > 0
                             ? sources->max_gps_error_m
                             : KZ_MAX_GPS_ERROR_M;
    kz__arena_init(&ls.scratch, ctx, 16 * 1024);
    kz__buf_init(&ls.id, ctx);
    kz__gdal_push(&gdal, ctx);

    sv = kz__calloc(ctx, 1, sizeof(*sv));
    if (!sv) {
        rc = KZ_ENOMEM;
        goto done;
    }
    sv->ctx = ctx;
    kz__arena_init(&sv->strings, ctx, 256 * 1024);
    ls.sv = sv;
    if ((rc = kz__mappings_load(ctx, &ls.map, sources->mapping)) < 0 ||
        (rc = check_mapping_fields(&ls)) < 0)
        goto done;
    ls.default_crs = sources->default_crs ? sources->default_crs
                                          : KZ_CRS_WGS84;
    {
        kz_crs *c = kz__crs_get(&ls, ls.default_crs);
        if (!c) {
            rc = ls.fatal;
            goto done;
        }
        if (!c->ok) {
            rc = kz__error(ctx, KZ_EPROJ, NULL, 0, NULL,
                           "unknown default CRS \"%s\"", ls.default_crs);
            goto done;
        }
    }
    if (sources->kahrizes &&
        (rc = read_table(&ls, "kahrizes", sources->kahrizes,
                         KZ_TABLE_KAHRIZES)) < 0)
        goto done;
    if (sources->assessments &&
        (rc = read_table(&ls, "assessments", sources->assessments,
                         KZ_TABLE_ASSESSMENTS)) < 0)
        goto done;
    if (sources->shafts &&
        (rc = read_table(&ls, "shafts", sources->shafts, KZ_TABLE_SHAFTS)) <
            0)
        goto done;
    if (sources->kobo && (rc = kz__read_kobo(&ls, sources->kobo)) < 0)
        goto done;
    if (sources->districts &&
        (rc = kz__read_districts(&ls, sources->districts)) < 0)
        goto done;
    if ((rc = check_mapping_use(&ls)) < 0 ||
        (rc = kz__survey_finish(ctx, sv)) < 0)
        goto done;
    if (sv->n_districts > 0 && (rc = kz__survey_assign(ctx, sv, report)) < 0)
        goto done;
    if ((rc = country_union(ctx, sv)) < 0)
        goto done;
    if (ls.rejected_rows || ls.rejected_sources) {
        if (ls.rejected_rows > 1)
            rc = kz__error(ctx, KZ_EDATA, ls.first_file, ls.first_row,
                           ls.first_field, "%s (and %ld more rejected rows)",
                           ls.first_msg, ls.rejected_rows - 1);
        else
            rc = kz__error(ctx, KZ_EDATA, ls.first_file, ls.first_row,
                           ls.first_field, "%s", ls.first_msg);
    }
    *out = sv;
    sv = NULL;
done:
    kz__gdal_pop(&gdal);
    kz_survey_destroy(sv);
    for (i = 0; i < ls.n_crs; i++)
        kz__free(ctx, ls.crs[i].crs);
    kz__free(ctx, ls.crs);
    kz__mappings_release(ctx, &ls.map);
    kz__strmap_release(ctx, &ls.rejected_ids);
    kz__arena_release(&ls.scratch);
    kz__buf_release(&ls.id);
    return rc;
}
