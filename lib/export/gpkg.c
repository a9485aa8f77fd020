/*
 * gpkg.c - the partners' GeoPackage, written through OGR's GPKG driver:
 * statistics layers, the survey with its latest state, visits related to
 * kahrizes, shafts and galleries, field domains, metadata and the atlas's
 * look as every layer's default QGIS style.  Invariant: nothing appears at
 * the target path unless every step succeeded (temporary file in the same
 * directory, then rename).
 */
#include "export/export.h"
#include "aggregate/aggregate.h"
#include "relief/relief.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <errno.h>
#include <gdal.h>
#include <geodesic.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define KZ_FIELD_CACHE 509

struct field_slot {
    const char *name;
    OGRFeatureDefnH defn;
    int index;
};

typedef struct writer {
    kz_ctx *ctx;
    const kz_survey *sv;
    const kz_export_options *opts;
    const char *path; /* target, for messages */
    char tmp[4200];
    GDALDatasetH ds;
    OGRSpatialReferenceH srs;
    PJ *op;             /* lon/lat → output CRS; NULL when the same */
    GIntBig *kahriz_fid; /* fid of each kahriz */
    GIntBig *assess_fid;
    kz_stats *by_district, *by_region;
    kz_export_result res;
    int64_t timestamp;
    char stamp[32]; /* the timestamp as GeoPackage writes dates */
    char crs[160];  /* the output CRS, as PROJ knows it */
    kz_photos photos; /* copied beside the GeoPackage */
    struct field_slot fields[KZ_FIELD_CACHE];
} writer;

static int ogr_fail(writer *w, const char *what)
{
    const char *msg = kz__gdal_message();
    return kz__error(w->ctx, KZ_EEXPORT, w->path, 0, NULL, "%s%s%s", what,
                     msg && *msg ? ": " : "", msg ? msg : "");
}

static int check_interrupt(writer *w)
{
    if (kz__interrupted(w->ctx))
        return kz__error(w->ctx, KZ_EINTERRUPTED, w->path, 0, NULL,
                         "interrupted");
    return KZ_OK;
}

/* ------------------------------------------------------------ schema */

typedef struct field_spec {
    const char *name;
    OGRFieldType type;
    OGRFieldSubType subtype;
    int not_null;
    const char *domain;
} field_spec;

static int add_fields(writer *w, OGRLayerH lyr, const field_spec *f)
{
    for (; f->name; f++) {
        OGRFieldDefnH d = OGR_Fld_Create(f->name, f->type);
        OGRErr e;
        OGR_Fld_SetSubType(d, f->subtype);
        if (f->not_null)
            OGR_Fld_SetNullable(d, FALSE);
        if (f->domain)
            OGR_Fld_SetDomainName(d, f->domain);
        e = OGR_L_CreateField(lyr, d, TRUE);
        OGR_Fld_Destroy(d);
        if (e != OGRERR_NONE)
            return ogr_fail(w, "cannot create a field");
    }
    return KZ_OK;
}

static OGRLayerH create_layer(writer *w, const char *name,
                              OGRwkbGeometryType type,
                              const char *description)
{
    char desc[512];
    const char *lco[] = {"FID=fid", "GEOMETRY_NAME=geom",
                         "SPATIAL_INDEX=YES", desc, NULL};
    OGRLayerH l;
    snprintf(desc, sizeof(desc), "DESCRIPTION=%s%s",
             kz__export_synthetic(w->opts) ? KZ_EXPORT_SYNTHETIC_EN ": " : "",
             description);
    l = GDALDatasetCreateLayer(w->ds, name,
                               type == wkbNone ? NULL : w->srs, type,
                               (char **)lco);
    if (!l)
        ogr_fail(w, "cannot create a layer");
    return l;
}

static int add_domain(writer *w, const char *name, const char *desc,
                      const OGRCodedValue *values)
{
    OGRFieldDomainH d = OGR_CodedFldDomain_Create(name, desc, OFTString,
                                                  OFSTNone, values);
    char *reason = NULL;
    int ok;
    if (!d)
        return ogr_fail(w, "cannot create a field domain");
    ok = GDALDatasetAddFieldDomain(w->ds, d, &reason);
    OGR_FldDomain_Destroy(d);
    if (!ok) {
        int rc = kz__error(w->ctx, KZ_EEXPORT, w->path, 0, NULL,
                           "cannot add field domain %s: %s", name,
                           reason ? reason : kz__gdal_message());
        CPLFree(reason);
        return rc;
    }
    CPLFree(reason);
    return KZ_OK;
}

static int add_domains(writer *w)
{
    static const OGRCodedValue condition[] = {
        {(char *)"good", (char *)"good / yaxşı"},
        {(char *)"fair", (char *)"fair / kafi"},
        {(char *)"poor", (char *)"poor / pis"},
        {(char *)"dry", (char *)"dry / quru"},
        {(char *)"collapsed", (char *)"collapsed / uçmuş"},
        {NULL, NULL}};
    static const OGRCodedValue drinkable[] = {
        {(char *)"yes", (char *)"yes / bəli"},
        {(char *)"no", (char *)"no / xeyr"},
        {(char *)"unknown", (char *)"unknown / məlum deyil"},
        {NULL, NULL}};
    static const OGRCodedValue rehab[] = {
        {(char *)"none", (char *)"none / yoxdur"},
        {(char *)"planned", (char *)"planned / planlaşdırılıb"},
        {(char *)"ongoing", (char *)"ongoing / davam edir"},
        {(char *)"done", (char *)"done / başa çatıb"},
        {NULL, NULL}};
    int rc;
    if ((rc = add_domain(w, "condition",
                         "Condition of a kahriz at a visit / baxış zamanı "
                         "kəhrizin vəziyyəti",
                         condition)) < 0)
        return rc;
    if ((rc = add_domain(w, "drinkable",
                         "Water fit to drink / su içməli", drinkable)) < 0)
        return rc;
    return add_domain(w, "rehab_status",
                      "Rehabilitation status / bərpa vəziyyəti", rehab);
}

/* ---------------------------------------------------------- geometry */

static int unprojectable(writer *w, const char *what)
{
    return kz__error(w->ctx, KZ_EPROJ, w->path, 0, NULL,
                     "%s has no place in the output CRS \"%s\"", what,
                     w->crs);
}

/* GEOS lon/lat geometry → OGR geometry in the output CRS (caller owns);
 * NULL with the context's error set: KZ_ENOMEM, KZ_EGEOM, KZ_EPROJ (a
 * coordinate the output CRS cannot hold) or KZ_EEXPORT. */
static OGRGeometryH to_ogr(writer *w, const GEOSGeometry *g, int multi,
                           const char *what)
{
    GEOSContextHandle_t h = w->ctx->geos;
    GEOSGeometry *t = NULL;
    GEOSWKBWriter *wr = NULL;
    unsigned char *wkb = NULL;
    size_t len = 0;
    OGRGeometryH out = NULL;
    OGREnvelope e;
    int rc = KZ_OK;

    if (w->op && !(t = kz__geo_transform_geom(w->ctx, w->op, g)))
        return NULL;
    if (!(wr = GEOSWKBWriter_create_r(h)))
        goto done;
    wkb = GEOSWKBWriter_write_r(h, wr, t ? t : g, &len);
    if (!wkb)
        goto done;
    if (OGR_G_CreateFromWkb(wkb, NULL, &out, (int)len) != OGRERR_NONE) {
        out = NULL;
        goto done;
    }
    if (multi)
        out = OGR_G_ForceToMultiPolygon(out);
    /* PROJ gives HUGE_VAL where a CRS has no image of a point; GDAL would
     * put it into the layer's extent as SQL that cannot run */
    OGR_G_GetEnvelope(out, &e);
    if (!isfinite(e.MinX) || !isfinite(e.MaxX) || !isfinite(e.MinY) ||
        !isfinite(e.MaxY)) {
        OGR_G_DestroyGeometry(out);
        out = NULL;
        rc = unprojectable(w, what);
    }
done:
    if (wkb)
        GEOSFree_r(h, wkb);
    if (wr)
        GEOSWKBWriter_destroy_r(h, wr);
    if (t)
        GEOSGeom_destroy_r(h, t);
    if (!out && rc == KZ_OK)
        kz__error(w->ctx, KZ_EEXPORT, w->path, 0, NULL,
                  "cannot convert a geometry");
    return out;
}

static void project(writer *w, double *x, double *y)
{
    if (w->op)
        kz__geo_apply(w->ctx, w->op, x, y, 1, PJ_FWD);
}

/* The point in the output CRS into *out (caller owns), NULL when the
 * survey has no position for it (a shaft counted without GPS); KZ_EPROJ
 * when the output CRS has no image of the position. */
static int point(OGRGeometryH *out, writer *w, double lon, double lat,
                 const char *what)
{
    double x = lon, y = lat;
    *out = NULL;
    if (!isfinite(lon) || !isfinite(lat))
        return KZ_OK;
    project(w, &x, &y);
    if (!isfinite(x) || !isfinite(y)) {
        char at[160];
        snprintf(at, sizeof(at), "%s at %.6f, %.6f", what, lon, lat);
        return unprojectable(w, at);
    }
    *out = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(*out, 0, x, y);
    return KZ_OK;
}

/* ------------------------------------------------------- field setters */

/* Index of a field by name, memoised on the address of the name (always
 * a literal here) and the layer definition: by-name lookups would
 * otherwise cost a tenth of the export. */
static int field(writer *w, OGRFeatureH f, const char *name)
{
    OGRFeatureDefnH defn = OGR_F_GetDefnRef(f);
    size_t h = ((uintptr_t)name >> 3) % KZ_FIELD_CACHE;
    struct field_slot *s = &w->fields[h];
    if (s->name != name || s->defn != defn) {
        s->name = name;
        s->defn = defn;
        s->index = OGR_F_GetFieldIndex(f, name);
    }
    return s->index;
}

static void set_str(writer *w, OGRFeatureH f, const char *name,
                    const char *v)
{
    if (v && *v)
        OGR_F_SetFieldString(f, field(w, f, name), v);
}

static void set_int(writer *w, OGRFeatureH f, const char *name, long v,
                    long unknown)
{
    if (v != unknown)
        OGR_F_SetFieldInteger64(f, field(w, f, name), v);
}

/* Years are unknown when not positive. */
static void set_year(writer *w, OGRFeatureH f, const char *name, int32_t y)
{
    if (y > 0)
        OGR_F_SetFieldInteger(f, field(w, f, name), y);
}

static void set_real(writer *w, OGRFeatureH f, const char *name, double v)
{
    if (isfinite(v))
        OGR_F_SetFieldDouble(f, field(w, f, name), v);
}

static void set_date(writer *w, OGRFeatureH f, const char *name,
                     int32_t yyyymmdd)
{
    if (yyyymmdd > 0)
        OGR_F_SetFieldDateTime(f, field(w, f, name), yyyymmdd / 10000,
                               yyyymmdd / 100 % 100, yyyymmdd % 100, 0, 0, 0,
                               0);
}

static int write_feature(writer *w, OGRLayerH l, OGRFeatureH f,
                         GIntBig *fid)
{
    if (OGR_L_CreateFeature(l, f) != OGRERR_NONE) {
        OGR_F_Destroy(f);
        return ogr_fail(w, "cannot write a feature");
    }
    if (fid)
        *fid = OGR_F_GetFID(f);
    OGR_F_Destroy(f);
    return KZ_OK;
}

static int begin(writer *w)
{
    if (GDALDatasetStartTransaction(w->ds, FALSE) != OGRERR_NONE)
        return ogr_fail(w, "cannot start a transaction");
    return KZ_OK;
}

static int commit(writer *w)
{
    if (GDALDatasetCommitTransaction(w->ds) != OGRERR_NONE)
        return ogr_fail(w, "cannot commit a transaction");
    return KZ_OK;
}

/* Run one SQL statement through OGR; statements here hold no input data
 * except through kz__sql_quote. */
static int exec_sql(writer *w, const char *sql, const char *what)
{
    OGRLayerH r;
    CPLErrorReset();
    r = GDALDatasetExecuteSQL(w->ds, sql, NULL, NULL);
    if (r)
        GDALDatasetReleaseResultSet(w->ds, r);
    if (CPLGetLastErrorType() >= CE_Failure)
        return ogr_fail(w, what);
    return KZ_OK;
}

/* -------------------------------------------------------- statistics */

static const field_spec stats_fields[] = {
    {"code", OFTString, OFSTNone, 1, NULL},
    {"name_az", OFTString, OFSTNone, 1, NULL},
    {"name_en", OFTString, OFSTNone, 1, NULL},
    {"region", OFTString, OFSTNone, 1, NULL},
    {"area_km2", OFTReal, OFSTNone, 1, NULL},
    {"kahrizes", OFTInteger, OFSTNone, 1, NULL},
    {"functioning", OFTInteger, OFSTNone, 1, NULL},
    {"good", OFTInteger, OFSTNone, 1, NULL},
    {"fair", OFTInteger, OFSTNone, 1, NULL},
    {"poor", OFTInteger, OFSTNone, 1, NULL},
    {"dry", OFTInteger, OFSTNone, 1, NULL},
    {"collapsed", OFTInteger, OFSTNone, 1, NULL},
    {"unassessed", OFTInteger, OFSTNone, 1, NULL},
    {"discharge_l_s_total", OFTReal, OFSTNone, 1, NULL},
    {"discharge_l_s_median", OFTReal, OFSTNone, 0, NULL},
    {"households_served", OFTInteger, OFSTNone, 1, NULL},
    {"length_km", OFTReal, OFSTNone, 1, NULL},
    {"density_per_100km2", OFTReal, OFSTNone, 0, NULL},
    {"rehabilitated", OFTInteger, OFSTNone, 1, NULL},
    {"first_year", OFTInteger, OFSTNone, 0, NULL},
    {"last_year", OFTInteger, OFSTNone, 0, NULL},
    {"discharge_change_l_s", OFTReal, OFSTNone, 0, NULL},
    {NULL, OFTString, OFSTNone, 0, NULL}};

static void set_stats(writer *w, OGRFeatureH f, const kz_stats_row *r)
{
    set_str(w, f, "code", r->code);
    set_str(w, f, "name_az", r->name_az);
    set_str(w, f, "name_en", r->name_en);
    OGR_F_SetFieldString(f, field(w, f, "region"), r->region);
    set_real(w, f, "area_km2", r->area_km2);
    set_int(w, f, "kahrizes", r->kahrizes, -1);
    set_int(w, f, "functioning", r->functioning, -1);
    set_int(w, f, "good", r->condition[KZ_COND_GOOD], -1);
    set_int(w, f, "fair", r->condition[KZ_COND_FAIR], -1);
    set_int(w, f, "poor", r->condition[KZ_COND_POOR], -1);
    set_int(w, f, "dry", r->condition[KZ_COND_DRY], -1);
    set_int(w, f, "collapsed", r->condition[KZ_COND_COLLAPSED], -1);
    set_int(w, f, "unassessed", r->condition[KZ_COND_UNASSESSED], -1);
    set_real(w, f, "discharge_l_s_total", r->discharge_l_s_total);
    set_real(w, f, "discharge_l_s_median", r->discharge_l_s_median);
    set_int(w, f, "households_served", r->households_served, -1);
    set_real(w, f, "length_km", r->length_km);
    set_real(w, f, "density_per_100km2", r->density_per_100km2);
    set_int(w, f, "rehabilitated", r->rehabilitated, -1);
    set_int(w, f, "first_year", r->first_year, 0);
    set_int(w, f, "last_year", r->last_year, 0);
    set_real(w, f, "discharge_change_l_s", r->discharge_change_l_s);
}

static int write_districts(writer *w)
{
    const kz_survey *sv = w->sv;
    static const field_spec extra[] = {
        {"type", OFTString, OFSTNone, 1, NULL},
        {"region_az", OFTString, OFSTNone, 1, NULL},
        {"region_en", OFTString, OFSTNone, 1, NULL},
        {"name_alt", OFTString, OFSTNone, 0, NULL},
        {NULL, OFTString, OFSTNone, 0, NULL}};
    OGRLayerH l = create_layer(w, "districts", wkbMultiPolygon,
                               "Districts with kahriz statistics / "
                               "kəhriz statistikası ilə rayonlar");
    size_t i;
    int rc;

    if (!l)
        return KZ_EEXPORT;
    if ((rc = add_fields(w, l, stats_fields)) < 0 ||
        (rc = add_fields(w, l, extra)) < 0 || (rc = begin(w)) < 0)
        return rc;
    for (i = 0; i < kz_stats_count(w->by_district); i++) {
        const kz_stats_row *r = kz_stats_row_get(w->by_district, i);
        const kz_district *d;
        OGRFeatureH f;
        OGRGeometryH g;
        char what[96];
        if (r->index < 0)
            continue; /* UNASSIGNED and TOTAL have no polygon */
        d = &sv->districts[r->index];
        f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        set_stats(w, f, r);
        set_str(w, f, "type", d->type);
        set_str(w, f, "region_az", d->region_az);
        set_str(w, f, "region_en", d->region_en);
        set_str(w, f, "name_alt", d->name_alt);
        snprintf(what, sizeof(what), "district %s", r->code);
        if (!(g = to_ogr(w, sv->district_geoms[r->index], 1, what))) {
            OGR_F_Destroy(f);
            return w->ctx->err_code;
        }
        OGR_F_SetGeometryDirectly(f, g);
        if ((rc = write_feature(w, l, f, NULL)) < 0)
            return rc;
        w->res.districts++;
    }
    return commit(w);
}

static int write_regions(writer *w)
{
    const kz_survey *sv = w->sv;
    OGRLayerH l = create_layer(w, "regions", wkbMultiPolygon,
                               "Economic regions (2021) with kahriz "
                               "statistics / iqtisadi rayonlar");
    uint32_t *members = NULL;
    size_t i, j, m;
    int rc;

    if (!l)
        return KZ_EEXPORT;
    if ((rc = add_fields(w, l, stats_fields)) < 0 || (rc = begin(w)) < 0)
        return rc;
    if (!(members = kz__mallocarray(w->ctx, sv->n_districts + 1,
                                    sizeof(uint32_t))))
        return KZ_ENOMEM;
    for (i = 0; i < kz_stats_count(w->by_region); i++) {
        const kz_stats_row *r = kz_stats_row_get(w->by_region, i);
        OGRFeatureH f;
        OGRGeometryH g;
        GEOSGeometry *u;
        char what[96];
        if (r->index < 0)
            continue;
        for (j = 0, m = 0; j < sv->n_districts; j++)
            if (strcmp(sv->districts[j].region_code, r->code) == 0)
                members[m++] = (uint32_t)j;
        if (!(u = kz__districts_union(w->ctx, sv, members, m))) {
            rc = w->ctx->err_code; /* KZ_ENOMEM or KZ_EGEOM */
            goto done;
        }
        snprintf(what, sizeof(what), "region %s", r->code);
        g = to_ogr(w, u, 1, what);
        GEOSGeom_destroy_r(w->ctx->geos, u);
        if (!g) {
            rc = w->ctx->err_code;
            goto done;
        }
        f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        set_stats(w, f, r);
        OGR_F_SetGeometryDirectly(f, g);
        if ((rc = write_feature(w, l, f, NULL)) < 0)
            goto done;
        w->res.regions++;
    }
    rc = commit(w);
done:
    kz__free(w->ctx, members);
    return rc;
}

/* ---------------------------------------------------------- the survey */

static int write_kahrizes(writer *w)
{
    static const field_spec fields[] = {
        {"id", OFTString, OFSTNone, 1, NULL},
        {"name_az", OFTString, OFSTNone, 1, NULL},
        {"name_en", OFTString, OFSTNone, 1, NULL},
        {"name_en_derived", OFTInteger, OFSTBoolean, 1, NULL},
        {"district", OFTString, OFSTNone, 0, NULL},
        {"district_declared", OFTString, OFSTNone, 0, NULL},
        {"village_az", OFTString, OFSTNone, 0, NULL},
        {"village_en", OFTString, OFSTNone, 0, NULL},
        {"lon", OFTReal, OFSTNone, 1, NULL},
        {"lat", OFTReal, OFSTNone, 1, NULL},
        {"head_lon", OFTReal, OFSTNone, 0, NULL},
        {"head_lat", OFTReal, OFSTNone, 0, NULL},
        {"length_m", OFTReal, OFSTNone, 0, NULL},
        {"shafts", OFTInteger, OFSTNone, 0, NULL},
        {"mother_well_depth_m", OFTReal, OFSTNone, 0, NULL},
        {"year_built", OFTInteger, OFSTNone, 0, NULL},
        {"owner", OFTString, OFSTNone, 0, NULL},
        {"photo", OFTString, OFSTNone, 0, NULL},
        {"assessments", OFTInteger, OFSTNone, 1, NULL},
        {"last_date", OFTDate, OFSTNone, 0, NULL},
        {"last_discharge_l_s", OFTReal, OFSTNone, 0, NULL},
        {"last_condition", OFTString, OFSTNone, 0, "condition"},
        {"last_drinkable", OFTString, OFSTNone, 0, "drinkable"},
        {"last_households_served", OFTInteger, OFSTNone, 0, NULL},
        {"last_shafts_open", OFTInteger, OFSTNone, 0, NULL},
        {"last_shafts_collapsed", OFTInteger, OFSTNone, 0, NULL},
        {"last_rehab_status", OFTString, OFSTNone, 0, "rehab_status"},
        {"last_rehab_year", OFTInteger, OFSTNone, 0, NULL},
        {"gps_precision_m", OFTReal, OFSTNone, 0, NULL},
        {"head_gps_precision_m", OFTReal, OFSTNone, 0, NULL},
        {"elevation_m", OFTReal, OFSTNone, 0, NULL},
        {"elevation_source", OFTString, OFSTNone, 0, NULL},
        {"head_elevation_m", OFTReal, OFSTNone, 0, NULL},
        {"head_elevation_source", OFTString, OFSTNone, 0, NULL},
        {NULL, OFTString, OFSTNone, 0, NULL}};
    const kz_survey *sv = w->sv;
    OGRLayerH l = create_layer(w, "kahrizes", wkbPoint,
                               "Kahriz outlets with their latest "
                               "assessment / kəhrizlərin çıxışları");
    /* a version 2 caller's options end before basemap */
    const kz_basemap *bm = w->opts->version >= 3 ? w->opts->basemap : NULL;
    double *dem = NULL;
    size_t i;
    int rc;

    if (!l)
        return KZ_EEXPORT;
    if ((rc = kz__dem_sample_kahrizes(&dem, w->ctx, bm, sv)) < 0)
        return rc;
    if ((rc = add_fields(w, l, fields)) < 0 || (rc = begin(w)) < 0) {
        kz__free(w->ctx, dem);
        return rc;
    }
    for (i = 0; i < sv->n_kahrizes; i++) {
        const kz_kahriz *k = &sv->kahrizes[i];
        const kz_assessment *a = kz_survey_latest(sv, i);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGRGeometryH g;
        set_str(w, f, "id", k->id);
        set_str(w, f, "name_az", k->name_az);
        set_str(w, f, "name_en", k->name_en);
        set_int(w, f, "name_en_derived", k->name_en_derived ? 1 : 0, -1);
        if (k->district >= 0)
            set_str(w, f, "district", sv->districts[k->district].code);
        set_str(w, f, "district_declared", k->district_declared);
        set_str(w, f, "village_az", k->village_az);
        set_str(w, f, "village_en", k->village_en);
        set_real(w, f, "lon", k->lon);
        set_real(w, f, "lat", k->lat);
        set_real(w, f, "head_lon", k->head_lon);
        set_real(w, f, "head_lat", k->head_lat);
        set_real(w, f, "length_m", k->length_m);
        set_int(w, f, "shafts", k->shafts, -1);
        set_real(w, f, "mother_well_depth_m", k->mother_well_depth_m);
        set_year(w, f, "year_built", k->year_built);
        set_str(w, f, "owner", k->owner);
        {
            char photo[700];
            if ((rc = kz__photos_take(&w->photos, k->id, k->photo, photo,
                                      sizeof(photo))) < 0) {
                OGR_F_Destroy(f);
                goto done;
            }
            set_str(w, f, "photo", photo);
        }
        set_real(w, f, "gps_precision_m", k->gps_precision_m);
        set_real(w, f, "head_gps_precision_m", k->head_gps_precision_m);
        {
            /* as surveyed, else from the DEM, and which */
            static const char *const zf[2] = {"elevation_m",
                                              "head_elevation_m"};
            static const char *const sf[2] = {"elevation_source",
                                              "head_elevation_source"};
            double z[2] = {k->elevation_m, k->head_elevation_m};
            int j;
            for (j = 0; j < 2; j++) {
                const char *src = "survey";
                if (isnan(z[j]) && dem) {
                    z[j] = dem[2 * i + (size_t)j];
                    src = "dem";
                }
                if (isnan(z[j]))
                    continue;
                set_real(w, f, zf[j], z[j]);
                set_str(w, f, sf[j], src);
            }
        }
        set_int(w, f, "assessments", (long)k->n_assessments, -1);
        if (a) {
            set_date(w, f, "last_date", a->date);
            set_real(w, f, "last_discharge_l_s", a->discharge_l_s);
            set_str(w, f, "last_condition", kz_condition_name(a->condition));
            set_str(w, f, "last_drinkable", kz_drinkable_name(a->drinkable));
            set_int(w, f, "last_households_served", a->households_served, -1);
            set_int(w, f, "last_shafts_open", a->shafts_open, -1);
            set_int(w, f, "last_shafts_collapsed", a->shafts_collapsed, -1);
            set_str(w, f, "last_rehab_status", kz_rehab_name(a->rehab_status));
            set_year(w, f, "last_rehab_year", a->rehab_year);
        }
        if ((rc = point(&g, w, k->lon, k->lat, k->id)) < 0) {
            OGR_F_Destroy(f);
            goto done;
        }
        OGR_F_SetGeometryDirectly(f, g);
        if ((rc = write_feature(w, l, f, &w->kahriz_fid[i])) < 0)
            goto done;
        w->res.kahrizes++;
        if ((i & 4095) == 0 && (rc = check_interrupt(w)) < 0)
            goto done;
    }
    rc = commit(w);
done:
    kz__free(w->ctx, dem);
    return rc;
}

static int write_assessments(writer *w)
{
    static const field_spec fields[] = {
        {"kahriz_id", OFTString, OFSTNone, 1, NULL},
        {"kahriz_fid", OFTInteger64, OFSTNone, 1, NULL},
        {"date", OFTDate, OFSTNone, 1, NULL},
        {"discharge_l_s", OFTReal, OFSTNone, 0, NULL},
        {"condition", OFTString, OFSTNone, 0, "condition"},
        {"drinkable", OFTString, OFSTNone, 0, "drinkable"},
        {"households_served", OFTInteger, OFSTNone, 0, NULL},
        {"shafts_open", OFTInteger, OFSTNone, 0, NULL},
        {"shafts_collapsed", OFTInteger, OFSTNone, 0, NULL},
        {"rehab_status", OFTString, OFSTNone, 0, "rehab_status"},
        {"rehab_year", OFTInteger, OFSTNone, 0, NULL},
        {"notes_az", OFTString, OFSTNone, 0, NULL},
        {"notes_en", OFTString, OFSTNone, 0, NULL},
        {"assessor", OFTString, OFSTNone, 0, NULL},
        {"submitted_at", OFTString, OFSTNone, 0, NULL},
        {"uuid", OFTString, OFSTNone, 0, NULL},
        {NULL, OFTString, OFSTNone, 0, NULL}};
    static const field_spec map_fields[] = {
        {"base_id", OFTInteger64, OFSTNone, 1, NULL},
        {"related_id", OFTInteger64, OFSTNone, 1, NULL},
        {NULL, OFTString, OFSTNone, 0, NULL}};
    const kz_survey *sv = w->sv;
    OGRLayerH l = create_layer(w, "assessments", wkbNone,
                               "Technical assessments, one row per visit "
                               "/ texniki baxışlar");
    OGRLayerH m;
    size_t i;
    int rc;

    if (!l)
        return KZ_EEXPORT;
    if ((rc = add_fields(w, l, fields)) < 0 || (rc = begin(w)) < 0)
        return rc;
    for (i = 0; i < sv->n_assessments; i++) {
        const kz_assessment *a = &sv->assessments[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        set_str(w, f, "kahriz_id", sv->kahrizes[a->kahriz].id);
        set_int(w, f, "kahriz_fid", (long)w->kahriz_fid[a->kahriz], -1);
        set_date(w, f, "date", a->date);
        set_real(w, f, "discharge_l_s", a->discharge_l_s);
        set_str(w, f, "condition", kz_condition_name(a->condition));
        set_str(w, f, "drinkable", kz_drinkable_name(a->drinkable));
        set_int(w, f, "households_served", a->households_served, -1);
        set_int(w, f, "shafts_open", a->shafts_open, -1);
        set_int(w, f, "shafts_collapsed", a->shafts_collapsed, -1);
        set_str(w, f, "rehab_status", kz_rehab_name(a->rehab_status));
        set_year(w, f, "rehab_year", a->rehab_year);
        set_str(w, f, "notes_az", a->notes_az);
        set_str(w, f, "notes_en", a->notes_en);
        set_str(w, f, "assessor", a->assessor);
        set_str(w, f, "submitted_at", a->submitted_at);
        set_str(w, f, "uuid", a->uuid);
        if ((rc = write_feature(w, l, f, &w->assess_fid[i])) < 0)
            return rc;
        w->res.assessments++;
        if ((i & 4095) == 0 && (rc = check_interrupt(w)) < 0)
            return rc;
    }
    if ((rc = commit(w)) < 0)
        return rc;

    /* the mapping table of the Related Tables Extension */
    m = create_layer(w, "kahrizes_assessments", wkbNone,
                     "Kahriz-assessment relation (GeoPackage Related "
                     "Tables Extension)");
    if (!m)
        return KZ_EEXPORT;
    if ((rc = add_fields(w, m, map_fields)) < 0)
        return rc;
    /* its rows are the pairs (kahriz_fid, fid) the assessments table
     * already holds: SQLite copies them itself, which is a third of the
     * cost of writing them feature by feature through OGR; the statement
     * holds no data, only names */
    return exec_sql(w, "INSERT INTO \"kahrizes_assessments\" (base_id, "
                       "related_id) SELECT kahriz_fid, fid FROM "
                       "\"assessments\" ORDER BY fid",
                    "cannot relate assessments to kahrizes");
}

/* Geodesic length of a lon/lat line on WGS84 in metres (Karney's
 * algorithm, PROJ's geodesic.h). */
static double line_length_m(const double *xy, size_t n)
{
    struct geod_geodesic g;
    double sum = 0, s12;
    size_t i;

    geod_init(&g, 6378137.0, 1 / 298.257223563);
    for (i = 1; i < n; i++) {
        geod_inverse(&g, xy[2 * i - 1], xy[2 * i - 2], xy[2 * i + 1],
                     xy[2 * i], &s12, NULL, NULL);
        sum += s12;
    }
    return sum;
}

static int write_shafts(writer *w)
{
    static const field_spec shaft_fields[] = {
        {"kahriz_id", OFTString, OFSTNone, 1, NULL},
        {"seq", OFTInteger, OFSTNone, 1, NULL},
        {"depth_m", OFTReal, OFSTNone, 0, NULL},
        {"gps_precision_m", OFTReal, OFSTNone, 0, NULL},
        {"state", OFTString, OFSTNone, 0, NULL},
        {NULL, OFTString, OFSTNone, 0, NULL}};
    static const field_spec gallery_fields[] = {
        {"kahriz_id", OFTString, OFSTNone, 1, NULL},
        {"name_az", OFTString, OFSTNone, 1, NULL},
        {"name_en", OFTString, OFSTNone, 1, NULL},
        {"shafts", OFTInteger, OFSTNone, 1, NULL},
        {"schematic", OFTInteger, OFSTBoolean, 1, NULL},
        {"length_m", OFTReal, OFSTNone, 1, NULL},
        {NULL, OFTString, OFSTNone, 0, NULL}};
    const kz_survey *sv = w->sv;
    OGRLayerH ls, lg;
    double *xy = NULL;
    size_t i, cap = 0;
    int rc;

    /* both layers exist even when empty: the export read back names each
     * survey role's layer */
    ls = create_layer(w, "shafts", wkbPoint,
                      "Shafts along the galleries / quyular");
    if (!ls)
        return KZ_EEXPORT;
    if ((rc = add_fields(w, ls, shaft_fields)) < 0 || (rc = begin(w)) < 0)
        return rc;
    for (i = 0; i < sv->n_shafts; i++) {
        const kz_shaft *s = &sv->shafts[i];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(ls));
        OGRGeometryH g;
        char what[160];
        set_str(w, f, "kahriz_id", sv->kahrizes[s->kahriz].id);
        set_int(w, f, "seq", s->seq, -1);
        set_real(w, f, "depth_m", s->depth_m);
        set_real(w, f, "gps_precision_m", s->gps_precision_m);
        set_str(w, f, "state", s->collapsed < 0   ? ""
                               : s->collapsed ? "collapsed"
                                              : "open");
        snprintf(what, sizeof(what), "shaft %d of %s", (int)s->seq,
                 sv->kahrizes[s->kahriz].id);
        if ((rc = point(&g, w, s->lon, s->lat, what)) < 0) {
            OGR_F_Destroy(f);
            return rc;
        }
        OGR_F_SetGeometryDirectly(f, g); /* none without a position */
        if ((rc = write_feature(w, ls, f, NULL)) < 0)
            return rc;
        w->res.shafts++;
        if ((i & 4095) == 0 && (rc = check_interrupt(w)) < 0)
            return rc;
    }
    if ((rc = commit(w)) < 0)
        return rc;

    lg = create_layer(w, "galleries", wkbLineString,
                      "Galleries from the mother well along the shafts "
                      "to the outlet / qalereyalar");
    if (!lg)
        return KZ_EEXPORT;
    if ((rc = add_fields(w, lg, gallery_fields)) < 0 || (rc = begin(w)) < 0)
        return rc;
    for (i = 0; i < sv->n_kahrizes; i++) {
        const kz_kahriz *k = &sv->kahrizes[i];
        int head = isfinite(k->head_lon) && isfinite(k->head_lat);
        OGRFeatureH f;
        OGRGeometryH g;
        size_t j, n = 0;
        /* as the maps draw it: from the mother well along the surveyed
         * shafts to the outlet; schematic when only its ends are known */
        if (k->n_shafts == 0 && !head)
            continue;
        if ((rc = kz__grow(w->ctx, (void **)&xy, &cap,
                           2 * ((size_t)k->n_shafts + 2), sizeof(double))) <
            0)
            goto done;
        if (head) {
            xy[2 * n] = k->head_lon;
            xy[2 * n + 1] = k->head_lat;
            n++;
        }
        for (j = 0; j < k->n_shafts; j++) {
            const kz_shaft *s = &sv->shafts[k->first_shaft + j];
            if (!isfinite(s->lon) || !isfinite(s->lat))
                continue; /* a shaft counted without a position */
            xy[2 * n] = s->lon;
            xy[2 * n + 1] = s->lat;
            n++;
        }
        /* the gallery ends where the water surfaces */
        if (n == 0 || xy[2 * n - 2] != k->lon || xy[2 * n - 1] != k->lat) {
            xy[2 * n] = k->lon;
            xy[2 * n + 1] = k->lat;
            n++;
        }
        if (n < 2)
            continue;
        f = OGR_F_Create(OGR_L_GetLayerDefn(lg));
        set_str(w, f, "kahriz_id", k->id);
        set_str(w, f, "name_az", k->name_az);
        set_str(w, f, "name_en", k->name_en);
        set_int(w, f, "shafts", (long)k->n_shafts, -1);
        set_int(w, f, "schematic", k->n_shafts == 0, -1);
        set_real(w, f, "length_m", line_length_m(xy, n));
        g = OGR_G_CreateGeometry(wkbLineString);
        for (j = 0; j < n; j++) {
            double x = xy[2 * j], y = xy[2 * j + 1];
            project(w, &x, &y);
            if (!isfinite(x) || !isfinite(y)) {
                char what[160];
                snprintf(what, sizeof(what), "the gallery of %s", k->id);
                OGR_G_DestroyGeometry(g);
                OGR_F_Destroy(f);
                rc = unprojectable(w, what);
                goto done;
            }
            OGR_G_AddPoint_2D(g, x, y);
        }
        OGR_F_SetGeometryDirectly(f, g);
        if ((rc = write_feature(w, lg, f, NULL)) < 0)
            goto done;
        w->res.galleries++;
    }
    rc = commit(w);
done:
    kz__free(w->ctx, xy);
    return rc;
}

/* ------------------------------------------- style, relation, metadata */

static int write_layer_styles(writer *w)
{
    static const field_spec fields[] = {
        {"f_table_catalog", OFTString, OFSTNone, 0, NULL},
        {"f_table_schema", OFTString, OFSTNone, 0, NULL},
        {"f_table_name", OFTString, OFSTNone, 0, NULL},
        {"f_geometry_column", OFTString, OFSTNone, 0, NULL},
        {"styleName", OFTString, OFSTNone, 0, NULL},
        {"styleQML", OFTString, OFSTNone, 0, NULL},
        {"styleSLD", OFTString, OFSTNone, 0, NULL},
        {"useAsDefault", OFTInteger, OFSTBoolean, 0, NULL},
        {"description", OFTString, OFSTNone, 0, NULL},
        {"owner", OFTString, OFSTNone, 0, NULL},
        {"ui", OFTString, OFSTNone, 0, NULL},
        {"update_time", OFTDateTime, OFSTNone, 0, NULL},
        {NULL, OFTString, OFSTNone, 0, NULL}};
    /* every layer a partner opens, with the geometry column QGIS matches
     * ("" for the attribute table) */
    static const struct {
        const char *table, *geom, *description;
    } layers[] = {
        {"kahrizes", "geom",
         "Kahrizes by latest condition, sized by discharge, as in the atlas "
         "/ atlasdakı kimi son vəziyyətə və debitə görə kəhrizlər"},
        {"districts", "geom",
         "Kahrizes per 100 km², as the atlas's choropleth / atlasdakı kimi "
         "100 km²-ə kəhriz sıxlığı"},
        {"regions", "geom",
         "Kahrizes per 100 km², as the atlas's choropleth / atlasdakı kimi "
         "100 km²-ə kəhriz sıxlığı"},
        {"shafts", "geom", "Shafts as on the maps / xəritələrdəki kimi "
                           "quyular"},
        {"galleries", "geom", "Galleries as on the maps / xəritələrdəki kimi "
                              "qalereyalar"},
        {"assessments", "",
         "Pick-lists for the coded fields / kodlu sahələr üçün siyahılar"}};
    const kz_style *style =
        w->opts->version >= 2 ? w->opts->style : NULL;
    kz_export_look look;
    OGRLayerH l = create_layer(w, "layer_styles", wkbNone,
                               "QGIS default styles");
    kz_buf qml;
    size_t i;
    int rc = KZ_OK;
    struct tm tm;
    time_t t = (time_t)w->timestamp;

    if (!l)
        return KZ_EEXPORT;
    if ((rc = add_fields(w, l, fields)) < 0)
        return rc;
    kz__export_look_init(&look, style, w->opts->condition_colors);
    gmtime_r(&t, &tm);
    kz__buf_init(&qml, w->ctx);
    for (i = 0; i < sizeof(layers) / sizeof(layers[0]); i++) {
        OGRFeatureH f;
        qml.len = 0;
        if ((rc = kz__export_qml(&qml, &look, layers[i].table)) < 0)
            goto done;
        f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        /* QGIS matches a default style on '' here, never on NULL */
        OGR_F_SetFieldString(f, field(w, f, "f_table_catalog"), "");
        OGR_F_SetFieldString(f, field(w, f, "f_table_schema"), "");
        set_str(w, f, "f_table_name", layers[i].table);
        OGR_F_SetFieldString(f, field(w, f, "f_geometry_column"),
                             layers[i].geom);
        set_str(w, f, "styleName", "kahriz-atlas");
        set_str(w, f, "styleQML", qml.data);
        set_int(w, f, "useAsDefault", 1, -1);
        set_str(w, f, "description", layers[i].description);
        OGR_F_SetFieldString(f, field(w, f, "owner"), "");
        OGR_F_SetFieldDateTime(f, field(w, f, "update_time"),
                               tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                               tm.tm_hour, tm.tm_min, tm.tm_sec, 100);
        if ((rc = write_feature(w, l, f, NULL)) < 0)
            goto done;
    }
done:
    kz__buf_release(&qml);
    return rc;
}

static int write_relation_and_metadata(writer *w)
{
    static const char *const rte[] = {
        "CREATE TABLE gpkgext_relations (id INTEGER PRIMARY KEY "
        "AUTOINCREMENT, base_table_name TEXT NOT NULL, base_primary_column "
        "TEXT NOT NULL DEFAULT 'id', related_table_name TEXT NOT NULL, "
        "related_primary_column TEXT NOT NULL DEFAULT 'id', relation_name "
        "TEXT NOT NULL, mapping_table_name TEXT NOT NULL UNIQUE)",
        "INSERT INTO gpkg_extensions (table_name, column_name, "
        "extension_name, definition, scope) VALUES ('gpkgext_relations', "
        "NULL, 'gpkg_related_tables', "
        "'http://www.geopackage.org/18-000.html', 'read-write')",
        "INSERT INTO gpkg_extensions (table_name, column_name, "
        "extension_name, definition, scope) VALUES ('kahrizes_assessments', "
        "NULL, 'gpkg_related_tables', "
        "'http://www.geopackage.org/18-000.html', 'read-write')",
        "INSERT INTO gpkgext_relations (base_table_name, "
        "base_primary_column, related_table_name, related_primary_column, "
        "relation_name, mapping_table_name) VALUES ('kahrizes', 'fid', "
        "'assessments', 'fid', 'attributes', 'kahrizes_assessments')",
        "CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY "
        "ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset', "
        "md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT "
        "'text/xml', metadata TEXT NOT NULL DEFAULT '')",
        "CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT "
        "NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER, "
        "timestamp DATETIME NOT NULL DEFAULT "
        "(strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT "
        "NULL, md_parent_id INTEGER, CONSTRAINT crmr_mfi_fk FOREIGN KEY "
        "(md_file_id) REFERENCES gpkg_metadata(id), CONSTRAINT crmr_mpi_fk "
        "FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id))",
        "INSERT INTO gpkg_extensions (table_name, column_name, "
        "extension_name, definition, scope) VALUES ('gpkg_metadata', NULL, "
        "'gpkg_metadata', "
        "'http://www.geopackage.org/spec120/#extension_metadata', "
        "'read-write')",
        "INSERT INTO gpkg_extensions (table_name, column_name, "
        "extension_name, definition, scope) VALUES "
        "('gpkg_metadata_reference', NULL, 'gpkg_metadata', "
        "'http://www.geopackage.org/spec120/#extension_metadata', "
        "'read-write')",
        NULL};
    kz_buf xml, sql;
    const char *stamp = w->stamp;
    size_t i;
    int rc = KZ_OK;

    for (i = 0; rte[i]; i++)
        if ((rc = exec_sql(w, rte[i], "cannot register the GeoPackage "
                                      "extensions")) < 0)
            return rc;
    kz__buf_init(&xml, w->ctx);
    kz__buf_init(&sql, w->ctx);
    if ((rc = kz__export_iso19115(&xml, w->opts->texts,
                                  kz__export_synthetic(w->opts), w->sv,
                                  stamp, w->srs)) < 0)
        goto done;
    if ((rc = kz__buf_puts(&sql, "INSERT INTO gpkg_metadata (id, md_scope, "
                                 "md_standard_uri, mime_type, metadata) "
                                 "VALUES (1, 'dataset', "
                                 "'http://www.isotc211.org/2005/gmd', "
                                 "'text/xml', ")) < 0 ||
        (rc = kz__sql_quote(&sql, xml.data)) < 0 ||
        (rc = kz__buf_puts(&sql, ")")) < 0)
        goto done;
    if ((rc = exec_sql(w, sql.data, "cannot write the metadata")) < 0)
        goto done;
    sql.len = 0;
    if ((rc = kz__buf_printf(&sql,
                             "INSERT INTO gpkg_metadata_reference "
                             "(reference_scope, table_name, column_name, "
                             "row_id_value, timestamp, md_file_id, "
                             "md_parent_id) VALUES ('geopackage', NULL, "
                             "NULL, NULL, '%s', 1, NULL)",
                             stamp)) < 0)
        goto done;
    rc = exec_sql(w, sql.data, "cannot write the metadata");
done:
    kz__buf_release(&xml);
    kz__buf_release(&sql);
    return rc;
}

/* ------------------------------------------------------------- driver */

static int64_t generation_time(const kz_export_options *o)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (o->timestamp)
        return o->timestamp;
    if (e && *e)
        return strtoll(e, NULL, 10);
    return (int64_t)time(NULL);
}

static void writer_release(writer *w)
{
    if (w->ds)
        GDALClose(w->ds);
    w->ds = NULL;
    if (w->srs)
        OSRDestroySpatialReference(w->srs);
    kz__free(w->ctx, w->kahriz_fid);
    kz__free(w->ctx, w->assess_fid);
    kz_stats_destroy(w->by_district);
    kz_stats_destroy(w->by_region);
}

static int setup(writer *w)
{
    const char *crs = w->opts->crs ? w->opts->crs : KZ_CRS_WGS84;
    int rc;

    if (!kz__geo_crs_name(w->crs, sizeof(w->crs), crs))
        snprintf(w->crs, sizeof(w->crs), "%s", crs);
    crs = w->crs;
    w->srs = OSRNewSpatialReference(NULL);
    if (OSRSetFromUserInput(w->srs, crs) != OGRERR_NONE)
        return kz__error(w->ctx, KZ_EPROJ, w->path, 0, NULL,
                         "unknown output CRS \"%s\"", crs);
    OSRSetAxisMappingStrategy(w->srs, OAMS_TRADITIONAL_GIS_ORDER);
    if (strcmp(crs, KZ_CRS_WGS84) != 0 &&
        (rc = kz__geo_transform(&w->op, w->ctx, KZ_CRS_WGS84, crs)) < 0)
        return rc;
    w->kahriz_fid = kz__calloc(w->ctx, w->sv->n_kahrizes + 1,
                               sizeof(GIntBig));
    w->assess_fid = kz__calloc(w->ctx, w->sv->n_assessments + 1,
                               sizeof(GIntBig));
    if (!w->kahriz_fid || !w->assess_fid)
        return KZ_ENOMEM;
    if ((rc = kz_stats_compute(&w->by_district, w->ctx, w->sv,
                               KZ_STATS_BY_DISTRICT)) < 0 ||
        (rc = kz_stats_compute(&w->by_region, w->ctx, w->sv,
                               KZ_STATS_BY_REGION)) < 0)
        return rc;
    return KZ_OK;
}

static int export_gpkg(kz_export_result *result, kz_ctx *ctx,
                       const kz_survey *sv, const kz_export_options *opts,
                       const char *path)
{
    static const kz_export_options defaults = KZ_EXPORT_OPTIONS_INIT;
    writer w;
    GDALDriverH drv;
    struct stat st;
    struct tm tm;
    time_t t;
    char *prev_date = NULL;
    int fd, rc;

    KZ_ASSERT_ARG(ctx, sv && path);
    if (!opts)
        opts = &defaults;
    if (opts->version < 1 || opts->version > KZ_EXPORT_OPTIONS_VERSION)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "unknown export options version %u", opts->version);
    memset(&w, 0, sizeof(w));
    w.ctx = ctx;
    w.sv = sv;
    w.opts = opts;
    w.path = path;
    kz__photos_init(&w.photos, ctx, path);
    w.timestamp = generation_time(opts);
    t = (time_t)w.timestamp;
    gmtime_r(&t, &tm);
    /* GeoPackage timestamps carry milliseconds */
    strftime(w.stamp, sizeof(w.stamp), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    if (result)
        memset(result, 0, sizeof(*result));
    if (!kz__geos(ctx))
        return KZ_ENOMEM;
    if (stat(path, &st) == 0 && !opts->overwrite)
        return kz__error(ctx, KZ_EEXISTS, path, 0, NULL,
                         "exists; use --overwrite to replace it");
    if ((size_t)snprintf(w.tmp, sizeof(w.tmp), "%s.tmp-XXXXXX.gpkg", path) >=
        sizeof(w.tmp))
        return kz__error(ctx, KZ_EINVAL, path, 0, NULL, "path too long");
    /* reserve a unique name, then let the driver create the file there */
    fd = mkstemps(w.tmp, 5);
    if (fd < 0)
        return kz__error(ctx, KZ_EIO, path, 0, NULL, "cannot create: %s",
                         strerror(errno));
    close(fd);
    unlink(w.tmp);

    /* the GPKG driver dates gpkg_contents.last_change with this when set,
     * else with the clock: the generation time (SOURCE_DATE_EPOCH) makes
     * two exports of the same survey hold the same rows */
    if (CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL))
        prev_date = CPLStrdup(
            CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL));
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", w.stamp);
    if ((rc = setup(&w)) < 0)
        goto done;
    drv = GDALGetDriverByName("GPKG");
    if (!drv) {
        rc = kz__error(ctx, KZ_EEXPORT, path, 0, NULL,
                       "GDAL has no GPKG driver");
        goto done;
    }
    CPLErrorReset();
    {
        /* no gpkg_ogr_contents: GDAL's own feature-count table keeps a
         * counter current with a trigger per inserted row, which made the
         * relation's 300,000-row copy 20 times slower; readers count rows
         * themselves without it */
        const char *dco[] = {"ADD_GPKG_OGR_CONTENTS=NO", NULL};
        w.ds = GDALCreate(drv, w.tmp, 0, 0, 0, GDT_Unknown, (char **)dco);
    }
    if (!w.ds) {
        rc = ogr_fail(&w, "cannot create the GeoPackage");
        goto done;
    }
    if ((rc = add_domains(&w)) < 0 || (rc = write_districts(&w)) < 0 ||
        (rc = check_interrupt(&w)) < 0 || (rc = write_regions(&w)) < 0 ||
        (rc = write_kahrizes(&w)) < 0 || (rc = write_assessments(&w)) < 0 ||
        (rc = write_shafts(&w)) < 0 || (rc = write_layer_styles(&w)) < 0 ||
        (rc = write_relation_and_metadata(&w)) < 0 ||
        (rc = check_interrupt(&w)) < 0)
        goto done;
    CPLErrorReset();
    GDALClose(w.ds);
    w.ds = NULL;
    if (CPLGetLastErrorType() >= CE_Failure) {
        rc = ogr_fail(&w, "cannot finish the GeoPackage");
        goto done;
    }
    /* the photos go first: a GeoPackage never names photos not there */
    if ((rc = kz__photos_commit(&w.photos, opts->overwrite)) < 0)
        goto done;
    /* without overwrite the file is linked into place, which fails when
     * another export made it meanwhile: that one is kept */
    if (!opts->overwrite && link(w.tmp, path) != 0) {
        rc = errno == EEXIST
                 ? kz__error(ctx, KZ_EEXISTS, path, 0, NULL,
                             "written meanwhile by another export; kept as "
                             "it is (use --overwrite to replace it)")
                 : kz__error(ctx, KZ_EIO, path, 0, NULL,
                             "cannot link %s: %s", w.tmp, strerror(errno));
        goto done;
    }
    if (!opts->overwrite) {
        unlink(w.tmp);
    } else if (rename(w.tmp, path) != 0) {
        rc = kz__error(ctx, KZ_EIO, path, 0, NULL, "cannot rename %s: %s",
                       w.tmp, strerror(errno));
        goto done;
    }
    w.tmp[0] = '\0';
    w.photos.placed = 0; /* theirs now, with the GeoPackage */
    if (result)
        *result = w.res;
done:
    writer_release(&w);
    kz__photos_abort(&w.photos);
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", prev_date);
    CPLFree(prev_date);
    if (w.tmp[0]) {
        char side[4300];
        unlink(w.tmp);
        snprintf(side, sizeof(side), "%s-journal", w.tmp);
        unlink(side);
        snprintf(side, sizeof(side), "%s-wal", w.tmp);
        unlink(side);
        snprintf(side, sizeof(side), "%s-shm", w.tmp);
        unlink(side);
    }
    return rc;
}

int kz_export_gpkg(kz_export_result *result, kz_ctx *ctx,
                   const kz_survey *sv, const kz_export_options *opts,
                   const char *path)
{
    kz_gdal_scope gdal;
    int rc;

    KZ_ASSERT_ARG(ctx, ctx);
    /* GDAL's messages become ours, naming the file, never raw lines */
    kz__gdal_push(&gdal, ctx);
    kz__gdal_reset(path);
    rc = export_gpkg(result, ctx, sv, opts, path);
    kz__gdal_pop(&gdal);
    return rc;
}
