/*
 * test_export.c - the partners' GeoPackage: GDAL's own validator, layers
 * with counts, geometry types and SRS, domains and the relation, refusal
 * to overwrite, output CRS, atomic failure, and the statistics read back.
 */
#include "kztest.h"

#include <cpl_string.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

static kz_survey *load(kz_ctx *ctx, const char *k, const char *a,
                       const char *s)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    char d[1024];
    int rc;
    snprintf(d, sizeof(d), "%s", kz_test_src("data/districts.geojson"));
    src.kahrizes = k;
    src.assessments = a;
    src.shafts = s;
    src.districts = d;
    rc = kz_survey_load(&sv, ctx, &src, NULL);
    if (rc < 0 && rc != KZ_EDATA)
        fprintf(stderr, "\n  load: %s\n", kz_ctx_error(ctx)->message);
    return sv;
}

static kz_survey *load_bundled(kz_ctx *ctx)
{
    static char k[1024], a[1024], s[1024];
    snprintf(k, sizeof(k), "%s", kz_test_src("data/survey/kahrizes.csv"));
    snprintf(a, sizeof(a), "%s", kz_test_src("data/survey/assessments.csv"));
    snprintf(s, sizeof(s), "%s", kz_test_src("data/survey/shafts.csv"));
    return load(ctx, k, a, s);
}

static long layer_count(GDALDatasetH ds, const char *name,
                        OGRwkbGeometryType *type, int *epsg)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, name);
    OGRSpatialReferenceH srs;
    if (!l)
        return -1;
    if (type)
        *type = wkbFlatten(OGR_L_GetGeomType(l));
    if (epsg) {
        srs = OGR_L_GetSpatialRef(l);
        *epsg = srs && OSRGetAuthorityCode(srs, NULL)
                    ? atoi(OSRGetAuthorityCode(srs, NULL))
                    : 0;
    }
    return (long)OGR_L_GetFeatureCount(l, TRUE);
}

static void test_export_bundled_is_valid_and_complete(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx);
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    kz_export_result r;
    char path[1024], cmd[2048];
    GDALDatasetH ds;
    OGRwkbGeometryType t;
    int epsg = 0, st;
    char **names;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/bundled.gpkg", kz_test_tmpdir());
    o.timestamp = 1700000000;
    CU_ASSERT_EQUAL_FATAL(kz_export_gpkg(&r, kz_test_ctx, sv, &o, path),
                          KZ_OK);
    CU_ASSERT_EQUAL(r.kahrizes, (long)kz_survey_kahriz_count(sv));
    CU_ASSERT_EQUAL(r.assessments, (long)kz_survey_assessment_count(sv));
    CU_ASSERT_EQUAL(r.shafts, (long)kz_survey_shaft_count(sv));
    CU_ASSERT_EQUAL(r.districts, (long)kz_survey_district_count(sv));
    CU_ASSERT_EQUAL(r.regions, 14);
    CU_ASSERT_TRUE(r.galleries > 0);

    /* GDAL's own validator */
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 "
             "/usr/share/doc/python3-gdal/examples/validate_gpkg.py '%s'",
             path);
    st = system(cmd);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(layer_count(ds, "districts", &t, &epsg), r.districts);
    CU_ASSERT_EQUAL(t, wkbMultiPolygon);
    CU_ASSERT_EQUAL(epsg, 4326);
    CU_ASSERT_EQUAL(layer_count(ds, "regions", &t, NULL), 14);
    CU_ASSERT_EQUAL(t, wkbMultiPolygon);
    CU_ASSERT_EQUAL(layer_count(ds, "kahrizes", &t, &epsg), r.kahrizes);
    CU_ASSERT_EQUAL(t, wkbPoint);
    CU_ASSERT_EQUAL(layer_count(ds, "assessments", &t, NULL), r.assessments);
    CU_ASSERT_EQUAL(t, wkbNone);
    CU_ASSERT_EQUAL(layer_count(ds, "shafts", &t, NULL), r.shafts);
    CU_ASSERT_EQUAL(t, wkbPoint);
    CU_ASSERT_EQUAL(layer_count(ds, "galleries", &t, NULL), r.galleries);
    CU_ASSERT_EQUAL(t, wkbLineString);
    CU_ASSERT_EQUAL(layer_count(ds, "kahrizes_assessments", NULL, NULL),
                    r.assessments);
    CU_ASSERT_EQUAL(layer_count(ds, "layer_styles", NULL, NULL), 6);
    {
        /* a spatial index (gpkg_rtree_index) on every geometry table */
        static const char *const spatial[] = {"districts", "regions",
                                              "kahrizes", "shafts",
                                              "galleries"};
        size_t i;
        for (i = 0; i < 5; i++)
            CU_ASSERT_TRUE(OGR_L_TestCapability(
                GDALDatasetGetLayerByName(ds, spatial[i]),
                OLCFastSpatialFilter));
    }

    /* pick-lists and the relation */
    CU_ASSERT_PTR_NOT_NULL(GDALDatasetGetFieldDomain(ds, "condition"));
    CU_ASSERT_PTR_NOT_NULL(GDALDatasetGetFieldDomain(ds, "drinkable"));
    CU_ASSERT_PTR_NOT_NULL(GDALDatasetGetFieldDomain(ds, "rehab_status"));
    names = GDALDatasetGetRelationshipNames(ds, NULL);
    CU_ASSERT_TRUE(names && names[0]);
    if (names && names[0]) {
        GDALRelationshipH rel = GDALDatasetGetRelationship(ds, names[0]);
        CU_ASSERT_STRING_EQUAL(GDALRelationshipGetLeftTableName(rel),
                               "kahrizes");
        CU_ASSERT_STRING_EQUAL(GDALRelationshipGetRightTableName(rel),
                               "assessments");
        CU_ASSERT_STRING_EQUAL(GDALRelationshipGetMappingTableName(rel),
                               "kahrizes_assessments");
    }
    CSLDestroy(names);
    {
        /* real types and NOT NULL */
        OGRFeatureDefnH fd = OGR_L_GetLayerDefn(
            GDALDatasetGetLayerByName(ds, "assessments"));
        OGRFieldDefnH date = OGR_FD_GetFieldDefn(
            fd, OGR_FD_GetFieldIndex(fd, "date"));
        CU_ASSERT_EQUAL(OGR_Fld_GetType(date), OFTDate);
        CU_ASSERT_FALSE(OGR_Fld_IsNullable(date));
        CU_ASSERT_STRING_EQUAL(
            OGR_Fld_GetDomainName(OGR_FD_GetFieldDefn(
                fd, OGR_FD_GetFieldIndex(fd, "condition"))),
            "condition");
    }
    {
        /* bilingual ISO 19115 metadata */
        char **md = GDALGetMetadata(ds, NULL);
        const char *iso = CSLFetchNameValue(md, "GPKG_METADATA_ITEM_1");
        CU_ASSERT_PTR_NOT_NULL_FATAL(iso);
        CU_ASSERT_PTR_NOT_NULL(strstr(iso, "gmd:MD_Metadata"));
        CU_ASSERT_PTR_NOT_NULL(strstr(iso, "Azərbaycan kəhrizlərinin"));
        CU_ASSERT_PTR_NOT_NULL(strstr(iso, "Atlas of the kahrizes"));
        CU_ASSERT_PTR_NOT_NULL(strstr(iso, "2023-11-14T22:13:20"));
    }
    GDALClose(ds);
    kz_survey_destroy(sv);
}

static void test_refuses_existing_file(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx);
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    char path[1024];
    FILE *fp;
    struct stat st;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/exists.gpkg", kz_test_tmpdir());
    fp = fopen(path, "w");
    fputs("keep me", fp);
    fclose(fp);
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                    KZ_EEXISTS);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "--overwrite"));
    stat(path, &st);
    CU_ASSERT_EQUAL(st.st_size, 7);
    o.overwrite = 1;
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path), KZ_OK);
    stat(path, &st);
    CU_ASSERT_TRUE(st.st_size > 100000);
    kz_survey_destroy(sv);
}

static void test_output_crs(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx);
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    char path[1024];
    GDALDatasetH ds;
    OGRFeatureH f;
    OGRLayerH l;
    int epsg = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/utm.gpkg", kz_test_tmpdir());
    o.crs = "EPSG:32638";
    CU_ASSERT_EQUAL_FATAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                          KZ_OK);
    ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    layer_count(ds, "kahrizes", NULL, &epsg);
    CU_ASSERT_EQUAL(epsg, 32638);
    l = GDALDatasetGetLayerByName(ds, "kahrizes");
    OGR_L_ResetReading(l);
    f = OGR_L_GetNextFeature(l);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    /* UTM metres, not degrees */
    CU_ASSERT_TRUE(OGR_G_GetX(OGR_F_GetGeometryRef(f), 0) > 100000);
    CU_ASSERT_TRUE(OGR_G_GetY(OGR_F_GetGeometryRef(f), 0) > 4000000);
    OGR_F_Destroy(f);
    GDALClose(ds);
    o.crs = "EPSG:999999";
    o.overwrite = 1;
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                    KZ_EPROJ);
    kz_survey_destroy(sv);
}

static void test_failure_leaves_nothing(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx);
    char dir[1024], path[1100];
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(dir, sizeof(dir), "%s/ro", kz_test_tmpdir());
    mkdir(dir, 0555);
    snprintf(path, sizeof(path), "%s/x.gpkg", dir);
    if (geteuid() != 0) { /* root writes anywhere */
        CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path),
                        KZ_EIO);
    }
    snprintf(path, sizeof(path), "%s/no/such/dir/x.gpkg", kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path),
                    KZ_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "no/such/dir/x.gpkg"));
    /* an interrupted export leaves no file, not even a temporary one */
    snprintf(dir, sizeof(dir), "%s/intr", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/x.gpkg", dir);
    kz_ctx_interrupt(kz_test_ctx);
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path),
                    KZ_EINTERRUPTED);
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    kz_survey_destroy(sv);
}

static void test_statistics_round_trip(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx), *back = NULL;
    kz_stats *a = NULL, *b = NULL;
    char path[1024], k[1100], as[1100];
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/round.gpkg", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path),
                          KZ_OK);
    snprintf(k, sizeof(k), "%s|layername=kahrizes", path);
    snprintf(as, sizeof(as), "%s|layername=assessments", path);
    back = load(kz_test_ctx, k, as, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_EQUAL(kz_survey_kahriz_count(back), kz_survey_kahriz_count(sv));
    CU_ASSERT_EQUAL(kz_survey_assessment_count(back),
                    kz_survey_assessment_count(sv));
    CU_ASSERT_EQUAL_FATAL(
        kz_stats_compute(&a, kz_test_ctx, sv, KZ_STATS_BY_DISTRICT), KZ_OK);
    CU_ASSERT_EQUAL_FATAL(
        kz_stats_compute(&b, kz_test_ctx, back, KZ_STATS_BY_DISTRICT), KZ_OK);
    CU_ASSERT_EQUAL_FATAL(kz_stats_count(a), kz_stats_count(b));
    for (i = 0; i < kz_stats_count(a); i++) {
        const kz_stats_row *x = kz_stats_row_get(a, i);
        const kz_stats_row *y = kz_stats_row_get(b, i);
        int c;
        CU_ASSERT_STRING_EQUAL(x->code, y->code);
        CU_ASSERT_EQUAL(x->kahrizes, y->kahrizes);
        CU_ASSERT_EQUAL(x->functioning, y->functioning);
        for (c = 0; c < KZ_COND_COUNT; c++)
            CU_ASSERT_EQUAL(x->condition[c], y->condition[c]);
        CU_ASSERT_DOUBLE_EQUAL(x->discharge_l_s_total, y->discharge_l_s_total,
                               1e-9);
        CU_ASSERT_EQUAL(x->households_served, y->households_served);
        CU_ASSERT_DOUBLE_EQUAL(x->length_km, y->length_km, 1e-9);
        CU_ASSERT_EQUAL(x->rehabilitated, y->rehabilitated);
        CU_ASSERT_TRUE((isnan(x->discharge_l_s_median) &&
                        isnan(y->discharge_l_s_median)) ||
                       fabs(x->discharge_l_s_median -
                            y->discharge_l_s_median) < 1e-9);
    }
    kz_stats_destroy(a);
    kz_stats_destroy(b);
    kz_survey_destroy(back);
    kz_survey_destroy(sv);
}

int main(void)
{
    static const kz_test_case cases[] = {
        {"bundled export valid and complete",
         test_export_bundled_is_valid_and_complete},
        {"refuses an existing file", test_refuses_existing_file},
        {"output crs", test_output_crs},
        {"failure leaves nothing", test_failure_leaves_nothing},
        {"statistics round trip", test_statistics_round_trip},
        KZ_TEST_END};
    GDALAllRegister();
    if (kz_test_add_suite("export", cases) < 0)
        return 2;
    return kz_test_run();
}
