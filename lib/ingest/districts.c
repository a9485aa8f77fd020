/*
 * districts.c - district polygons: read through OGR, converted to GEOS via
 * WKB, reprojected to WGS84 lon/lat, repaired when invalid (with a
 * warning) and stored as MultiPolygons with their envelope and equal-area
 * km².  Codes are unique; an empty geometry rejects the district.
 */
#include "ingest/load.h"

#include <math.h>
#include <string.h>
#include <strings.h>

enum {
    D_CODE, D_NAME_AZ, D_NAME_EN, D_TYPE, D_REGION_CODE, D_REGION_AZ,
    D_REGION_EN, D_NAME_ALT, D_REGION, D_N
};
static const kz_colspec district_cols[D_N] = {
    {"code", "district|district_code|id", 1},
    {"name_az", "name|ad", 0},
    {"name_en", "name_eng", 0},
    {"type", "kind", 0},
    {"region_code", "economic_region_code", 0},
    {"region_az", "economic_region_az", 0},
    {"region_en", "economic_region_en", 0},
    {"name_alt", "aliases|alt_names", 0},
    {"region", "economic_region", 0},
};

/* Append every polygon of g (any nesting) as a clone to parts. */
static int collect_polygons(kz_ctx *ctx, GEOSContextHandle_t h,
                            const GEOSGeometry *g, GEOSGeometry ***parts,
                            size_t *n, size_t *cap)
{
    int t = GEOSGeomTypeId_r(h, g), i, rc;
    if (t == GEOS_POLYGON) {
        GEOSGeometry *c;
        if (GEOSisEmpty_r(h, g) == 1)
            return KZ_OK;
        if ((rc = kz__grow(ctx, (void **)parts, cap, *n + 1,
                           sizeof(**parts))) < 0)
            return rc;
        if (!(c = GEOSGeom_clone_r(h, g)))
            return kz__error(ctx, KZ_EGEOM, NULL, 0, NULL,
                             "cannot copy a polygon");
        (*parts)[(*n)++] = c;
        return KZ_OK;
    }
    if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        int ng = GEOSGetNumGeometries_r(h, g);
        for (i = 0; i < ng; i++)
            if ((rc = collect_polygons(ctx, h, GEOSGetGeometryN_r(h, g, i),
                                       parts, n, cap)) < 0)
                return rc;
    }
    return KZ_OK;
}

/* The polygons of g as one MultiPolygon; NULL with *none = 1 when g holds
 * no polygon area. */
static GEOSGeometry *as_multipolygon(kz_ctx *ctx, GEOSContextHandle_t h,
                                     const GEOSGeometry *g, int *none)
{
    GEOSGeometry **parts = NULL, *out = NULL;
    size_t n = 0, cap = 0, i;

    *none = 0;
    if (collect_polygons(ctx, h, g, &parts, &n, &cap) < 0)
        goto done;
    if (n == 0) {
        *none = 1;
        goto done;
    }
    out = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts,
                                      (unsigned)n);
    if (out)
        n = 0; /* the collection owns the parts */
    else
        kz__error(ctx, KZ_EGEOM, NULL, 0, NULL, "cannot build a multipolygon");
done:
    for (i = 0; i < n; i++)
        GEOSGeom_destroy_r(h, parts[i]);
    kz__free(ctx, parts);
    return out;
}

static const char *keep(kz_row *rs, OGRFeatureH f, size_t col)
{
    const char *s = kz__src_text(rs->src, f, col), *k;
    size_t n = strlen(s), bad = kz_utf8_check(s, n);
    if (bad != n) {
        kz__row_error(rs, district_cols[col].name, "invalid UTF-8 at byte %zu",
                      bad + 1);
        return "";
    }
    k = kz__arena_strdup(&rs->ls->sv->strings, s);
    if (!k)
        rs->ls->fatal = KZ_ENOMEM;
    return k ? k : "";
}

/* Convert the OGR geometry of f to GEOS; NULL and reported when empty. */
static GEOSGeometry *feature_geometry(kz_row *rs, GEOSContextHandle_t h,
                                      OGRFeatureH f)
{
    kz_ctx *ctx = rs->ls->ctx;
    OGRGeometryH og = OGR_F_GetGeometryRef(f);
    unsigned char *wkb = NULL;
    GEOSGeometry *g = NULL;
    int size;

    if (!og || OGR_G_IsEmpty(og)) {
        kz__row_error(rs, "geometry", "empty geometry");
        return NULL;
    }
    size = OGR_G_WkbSize(og);
    wkb = kz__malloc(ctx, (size_t)(size > 0 ? size : 1));
    if (!wkb) {
        rs->ls->fatal = KZ_ENOMEM;
        return NULL;
    }
    if (OGR_G_ExportToWkb(og, wkbNDR, wkb) == OGRERR_NONE)
        g = GEOSGeomFromWKB_buf_r(h, wkb, (size_t)size);
    kz__free(ctx, wkb);
    if (!g)
        kz__row_error(rs, "geometry", "the geometry cannot be read (%s)",
                      OGR_G_GetGeometryName(og));
    return g;
}

static int add_district(kz_load *ls, const kz_district *d, GEOSGeometry *g)
{
    kz_survey *sv = ls->sv;
    kz_ctx *ctx = ls->ctx;
    size_t cap = sv->cap_districts;
    int rc;

    if ((rc = kz__grow(ctx, (void **)&sv->districts, &sv->cap_districts,
                       sv->n_districts + 1, sizeof(*sv->districts))) < 0)
        return rc;
    if (sv->cap_districts != cap || !sv->district_geoms) {
        GEOSGeometry **gs = kz__reallocarray(
            ctx, sv->district_geoms, sv->cap_districts, sizeof(*gs));
        if (!gs)
            return KZ_ENOMEM;
        sv->district_geoms = gs;
    }
    if ((rc = kz__strmap_put(ctx, &sv->district_codes, d->code,
                             (uint32_t)sv->n_districts)) < 0)
        return rc;
    sv->districts[sv->n_districts] = *d;
    sv->district_geoms[sv->n_districts] = g;
    sv->n_districts++;
    return KZ_OK;
}

/* The fields later commands rely on: names in both languages (English
 * derived from Azerbaijani when missing), a known type, and an economic
 * region with a code and names, the same names on every district of the
 * region.  Each problem is reported on the row; nothing is left for the
 * export or the atlas to trip over. */
static void check_fields(kz_row *rs, kz_district *d)
{
    kz_load *ls = rs->ls;
    size_t i;

    /* declared districts match codes in any case, and statistics add
     * rows of their own under these two */
    if (strcasecmp(d->code, "UNASSIGNED") == 0 ||
        strcasecmp(d->code, "TOTAL") == 0)
        kz__row_error(rs, "code", "\"%s\" is reserved for a statistics row",
                      d->code);
    for (i = 0; d->code[0] && i < ls->sv->n_districts; i++)
        if (strcasecmp(ls->sv->districts[i].code, d->code) == 0 &&
            strcmp(ls->sv->districts[i].code, d->code) != 0) {
            kz__row_error(rs, "code", "\"%s\" differs only in case from "
                                      "the code at row %ld",
                          d->code, ls->sv->districts[i].source_row);
            break;
        }
    if (!d->name_az[0])
        kz__row_error(rs, "name_az", "empty; the Azerbaijani name is "
                                     "required");
    if (!d->type[0]) {
        kz__row_warning(rs, "type", "empty; taken as \"district\"");
        d->type = "district";
    } else if (strcmp(d->type, "district") != 0 &&
               strcmp(d->type, "city") != 0) {
        char q[160];
        kz__quote_value(q, sizeof(q), d->type);
        kz__row_error(rs, "type", "unknown type %s; expected \"district\" "
                                  "or \"city\"", q);
    }
    if (!d->region_code[0]) {
        kz__row_error(rs, "region_code", "empty; every district belongs to "
                                         "an economic region");
        return;
    }
    if (!d->region_az[0]) {
        kz__row_error(rs, "region_az", "empty; the region's Azerbaijani "
                                       "name is required");
        return;
    }
    if (!d->region_en[0]) {
        size_t n = kz_translit_en(NULL, 0, d->region_az);
        char *en = kz__arena_alloc(&ls->sv->strings, n + 1, 1);
        if (!en) {
            ls->fatal = KZ_ENOMEM;
            return;
        }
        kz_translit_en(en, n + 1, d->region_az);
        d->region_en = en;
    }
    for (i = 0; i < ls->sv->n_districts; i++) {
        const kz_district *o = &ls->sv->districts[i];
        if (strcmp(o->region_code, d->region_code) != 0)
            continue;
        if (strcmp(o->region_az, d->region_az) != 0)
            kz__row_error(rs, "region_az",
                          "\"%s\" differs from \"%s\", the name of region "
                          "%s at row %ld",
                          d->region_az, o->region_az, d->region_code,
                          o->source_row);
        else if (strcmp(o->region_en, d->region_en) != 0)
            kz__row_error(rs, "region_en",
                          "\"%s\" differs from \"%s\", the name of region "
                          "%s at row %ld",
                          d->region_en, o->region_en, d->region_code,
                          o->source_row);
        break;
    }
}

static void district_row(kz_row *rs, GEOSContextHandle_t h, OGRFeatureH f,
                         const kz_crs *crs)
{
    kz_load *ls = rs->ls;
    kz_ctx *ctx = ls->ctx;
    kz_district d;
    GEOSGeometry *g = NULL, *t = NULL, *m = NULL;
    uint32_t prev;
    int none = 0;

    memset(&d, 0, sizeof(d));
    d.source_row = rs->row;
    d.code = keep(rs, f, D_CODE);
    if (!d.code[0] && !rs->errors)
        kz__row_error(rs, "code", "empty; a district code is required");
    else if (d.code[0] && kz__strmap_get(&ls->sv->district_codes, d.code,
                                         &prev))
        kz__row_error(rs, "code", "duplicate district code \"%s\" (first at "
                                  "row %ld)",
                      d.code, ls->sv->districts[prev].source_row);
    d.name_az = keep(rs, f, D_NAME_AZ);
    d.name_en = keep(rs, f, D_NAME_EN);
    d.type = keep(rs, f, D_TYPE);
    d.region_code = keep(rs, f, D_REGION_CODE);
    d.region_az = keep(rs, f, D_REGION_AZ);
    d.region_en = keep(rs, f, D_REGION_EN);
    d.name_alt = keep(rs, f, D_NAME_ALT);
    /* a lone "region" column names the region: it is then its code too,
     * as in the atlas's own export, so districts still group by region */
    if (!d.region_code[0])
        d.region_code = keep(rs, f, D_REGION);
    if (!d.region_az[0])
        d.region_az = keep(rs, f, D_REGION);
    if (!d.region_en[0])
        d.region_en = keep(rs, f, D_REGION);
    if (ls->fatal)
        goto done;
    check_fields(rs, &d);
    if (ls->fatal)
        goto done;
    if (!(g = feature_geometry(rs, h, f)))
        goto done;
    if (!crs->identity) {
        if (!(t = kz__geo_transform_geom(ctx, crs->op, g))) {
            if (ctx->err_code == KZ_ENOMEM)
                ls->fatal = KZ_ENOMEM;
            else
                kz__row_error(rs, "geometry", "cannot be transformed from %s",
                              crs->crs);
            goto done;
        }
        GEOSGeom_destroy_r(h, g);
        g = t;
        t = NULL;
    }
    if (GEOSisValid_r(h, g) != 1) {
        char *why = GEOSisValidReason_r(h, g);
        kz__row_warning(rs, "geometry", "invalid polygon repaired (%s)",
                        why ? why : "unknown reason");
        GEOSFree_r(h, why);
        if (!(t = GEOSMakeValid_r(h, g))) {
            kz__row_error(rs, "geometry", "the invalid polygon cannot be "
                                          "repaired");
            goto done;
        }
        GEOSGeom_destroy_r(h, g);
        g = t;
        t = NULL;
    }
    if (!(m = as_multipolygon(ctx, h, g, &none))) {
        if (none)
            kz__row_error(rs, "geometry", "no polygon area");
        else
            ls->fatal = kz_ctx_error(ctx)->code;
        goto done;
    }
    if (rs->errors || ls->fatal)
        goto done;
    if (kz__geo_area_km2(ctx, m, &d.area_km2) < 0) {
        ls->fatal = kz_ctx_error(ctx)->code;
        goto done;
    }
    GEOSGeom_getXMin_r(h, m, &d.minx);
    GEOSGeom_getYMin_r(h, m, &d.miny);
    GEOSGeom_getXMax_r(h, m, &d.maxx);
    GEOSGeom_getYMax_r(h, m, &d.maxy);
    if (!d.name_en[0] && d.name_az[0]) {
        size_t n = kz_translit_en(NULL, 0, d.name_az);
        char *en = kz__arena_alloc(&ls->sv->strings, n + 1, 1);
        if (!en) {
            ls->fatal = KZ_ENOMEM;
            goto done;
        }
        kz_translit_en(en, n + 1, d.name_az);
        d.name_en = en;
    }
    if (add_district(ls, &d, m) < 0) {
        ls->fatal = KZ_ENOMEM;
        goto done;
    }
    m = NULL;
done:
    if (g)
        GEOSGeom_destroy_r(h, g);
    if (t)
        GEOSGeom_destroy_r(h, t);
    if (m)
        GEOSGeom_destroy_r(h, m);
}

int kz__read_districts(kz_load *ls, const char *spec)
{
    kz_ctx *ctx = ls->ctx;
    GEOSContextHandle_t h;
    kz_src src;
    const kz_colspec *missing = NULL;
    OGRFeatureH f = NULL;
    char *crs_str = NULL;
    const kz_crs *crs;
    long n = 0;
    int rc;

    if (!(h = kz__geos(ctx)))
        return KZ_ENOMEM;
    if ((rc = kz__src_open(ctx, &src, "districts", spec, ls->opts)) < 0)
        goto done;
    if ((rc = kz__report_begin_source(ls->report, "districts", spec,
                                      &src.slot)) < 0)
        goto done;
    if (src.empty_file) {
        kz_row rs = {ls, &src, 0, 0};
        kz__row_error(&rs, "", "the file is empty");
        ls->rejected_sources++;
        goto done;
    }
    if ((rc = kz__src_bind(ctx, &src, district_cols, D_N, &ls->map,
                           ls->report, &missing)) < 0)
        goto done;
    if (missing) {
        long total = (long)OGR_L_GetFeatureCount(src.layer, TRUE);
        kz_row rs = {ls, &src, 0, 0};
        kz__row_error(&rs, missing->name, "required column is missing");
        kz__report_count(ls->report, src.slot, total, 0, total);
        ls->rejected_rows += total;
        ls->rejected_sources++;
        goto done;
    }
    crs_str = kz__srs_string(ctx, OGR_L_GetSpatialRef(src.layer));
    if (!crs_str && OGR_L_GetSpatialRef(src.layer)) {
        rc = kz_ctx_error(ctx)->code;
        goto done;
    }
    if (!crs_str) {
        OGREnvelope env;
        kz_row rs = {ls, &src, 0, 0};
        if (OGR_L_GetExtent(src.layer, &env, TRUE) == OGRERR_NONE &&
            (env.MinX < -180 || env.MaxX > 180 || env.MinY < -90 ||
             env.MaxY > 90)) {
            long total = (long)OGR_L_GetFeatureCount(src.layer, TRUE);
            kz__row_error(&rs, "", "the layer has no CRS and its "
                                   "coordinates are not longitude/latitude");
            kz__report_count(ls->report, src.slot, total, 0, total);
            ls->rejected_rows += total;
            ls->rejected_sources++;
            goto done;
        }
        kz__row_warning(&rs, "", "the layer has no CRS; EPSG:4326 assumed");
    }
    if (!(crs = kz__crs_get(ls, crs_str ? crs_str : KZ_CRS_WGS84))) {
        rc = ls->fatal;
        goto done;
    }
    if (!crs->ok) {
        rc = kz__error(ctx, KZ_EPROJ, spec, 0, NULL,
                       "the layer's CRS is unknown to PROJ");
        goto done;
    }
    kz__gdal_reset(spec);
    OGR_L_ResetReading(src.layer);
    while ((f = OGR_L_GetNextFeature(src.layer)) != NULL) {
        kz_row rs = {ls, &src, kz__src_row(&src, f), 0};
        district_row(&rs, h, f, crs);
        OGR_F_Destroy(f);
        f = NULL;
        n++;
        if ((rc = kz__row_done(&rs)) < 0)
            goto done;
    }
    if ((rc = kz__gdal_read_check(ctx, spec)) < 0)
        goto done;
    if (n == 0) {
        /* every kahriz would be left outside every district */
        kz_row rs = {ls, &src, 0, 0};
        kz__row_error(&rs, "", "no district in it: the layer has no "
                               "features");
        ls->rejected_sources++;
    }
done:
    if (f)
        OGR_F_Destroy(f);
    kz__free(ctx, crs_str);
    kz__src_close(ctx, &src);
    return rc;
}
