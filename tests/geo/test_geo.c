/*
 * test_geo.c - the PROJ and GEOS gateway: transformations against cs2cs
 * (run here, PROJ's own program), areas against the closed formula of a
 * cell of the WGS84 ellipsoid, UTM zones worked by hand, CRS
 * descriptions and areas of use from the EPSG register's published
 * figures, unknown CRS strings named in KZ_EPROJ, GEOS's own errors
 * becoming the context's, and every allocation failing in turn.
 */
#include "kztest.h"
#include "geo/geo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------- transformations */

static void test_unknown_crs(void)
{
    static const char *const bad[] = {"EPSG:999999", "+proj=nonsense",
                                      "not a crs", ""};
    size_t i;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        PJ *op = (PJ *)1;
        char *wkt = (char *)1;
        int epsg = -1;
        double w, s, e, n;
        CU_ASSERT_EQUAL(kz__geo_transform(&op, kz_test_ctx, bad[i],
                                          KZ_CRS_WGS84),
                        KZ_EPROJ);
        CU_ASSERT_PTR_NULL(op);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(kz_ctx_error(kz_test_ctx)->message, bad[i]));
        CU_ASSERT_EQUAL(kz__geo_crs_describe(kz_test_ctx, bad[i], &wkt,
                                             &epsg),
                        KZ_EPROJ);
        CU_ASSERT_PTR_NULL(wkt);
        CU_ASSERT_EQUAL(epsg, 0);
        CU_ASSERT_EQUAL(kz__geo_area_of_use(kz_test_ctx, bad[i], &w, &s, &e,
                                            &n),
                        0);
    }
}

/* The cache hands out one transformation per pair of CRS strings. */
static void test_transform_cached(void)
{
    PJ *a = NULL, *b = NULL, *c = NULL;
    CU_ASSERT_EQUAL(kz__geo_transform(&a, kz_test_ctx, KZ_CRS_WGS84,
                                      "EPSG:32638"),
                    KZ_OK);
    CU_ASSERT_EQUAL(kz__geo_transform(&b, kz_test_ctx, KZ_CRS_WGS84,
                                      "EPSG:32638"),
                    KZ_OK);
    CU_ASSERT_EQUAL(kz__geo_transform(&c, kz_test_ctx, KZ_CRS_WGS84,
                                      "EPSG:32639"),
                    KZ_OK);
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_EQUAL(a, b);
    CU_ASSERT(a != c);
}

/* Each allocation of a first transformation failing in turn. */
static void test_transform_oom(void)
{
    long n;
    int rc = KZ_ENOMEM;
    for (n = 1; n < 100 && rc != KZ_OK; n++) {
        kz_ctx *ctx = NULL;
        PJ *op = NULL;
        CU_ASSERT_EQUAL_FATAL(kz_ctx_create(&ctx, NULL), KZ_OK);
        kz__ctx_fail_alloc_at(ctx, n);
        rc = kz__geo_transform(&op, ctx, KZ_CRS_WGS84, "EPSG:32638");
        if (rc != KZ_OK) {
            CU_ASSERT_EQUAL(rc, KZ_ENOMEM);
            CU_ASSERT_PTR_NULL(op);
        }
        kz_ctx_destroy(ctx);
    }
    CU_ASSERT_EQUAL(rc, KZ_OK);
    CU_ASSERT(n > 2);
}

/* Every vertex of g, parts and rings in order, appended to xy. */
static void vertices(GEOSContextHandle_t h, const GEOSGeometry *g,
                     double *xy, size_t cap, size_t *n)
{
    int t = GEOSGeomTypeId_r(h, g), i;
    if (t == GEOS_POLYGON) {
        vertices(h, GEOSGetExteriorRing_r(h, g), xy, cap, n);
        for (i = 0; i < GEOSGetNumInteriorRings_r(h, g); i++)
            vertices(h, GEOSGetInteriorRingN_r(h, g, i), xy, cap, n);
    } else if (t >= GEOS_MULTIPOINT) {
        for (i = 0; i < GEOSGetNumGeometries_r(h, g); i++)
            vertices(h, GEOSGetGeometryN_r(h, g, i), xy, cap, n);
    } else {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
        unsigned int size = 0, k;
        GEOSCoordSeq_getSize_r(h, cs, &size);
        for (k = 0; k < size && *n + 2 <= cap; k++, *n += 2)
            GEOSCoordSeq_getXY_r(h, cs, k, &xy[*n], &xy[*n + 1]);
    }
}

/* A polygon with a hole, a multipolygon, a line, a point and a
 * collection, WGS84 to UTM 38N: same type and vertex count, every vertex
 * within 1 mm of cs2cs's (EPSG:4326 takes latitude first). */
static void test_transform_geometries(void)
{
    static const char *const wkt[] = {
        "POLYGON ((45 40, 46 40, 46 41, 45 41, 45 40), "
        "(45.2 40.2, 45.2 40.4, 45.4 40.4, 45.2 40.2))",
        "MULTIPOLYGON (((45 40, 45.5 40, 45.5 40.5, 45 40)), "
        "((46 41, 46.5 41, 46.5 41.5, 46 41)))",
        "LINESTRING (44.8 39.9, 45.1 40.3)", "POINT (47.1 41.2)",
        "GEOMETRYCOLLECTION (POINT (45 40), LINESTRING (45 40, 46 41))"};
    GEOSContextHandle_t h = kz__geos(kz_test_ctx);
    PJ *op = NULL;
    size_t i;
    CU_ASSERT_EQUAL_FATAL(kz__geo_transform(&op, kz_test_ctx, KZ_CRS_WGS84,
                                            "EPSG:32638"),
                          KZ_OK);
    for (i = 0; i < sizeof(wkt) / sizeof(wkt[0]); i++) {
        GEOSGeometry *g = GEOSGeomFromWKT_r(h, wkt[i]), *t;
        double a[64], b[64];
        size_t na = 0, nb = 0, k, o;
        char cmd[4096], *res, *q;
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        t = kz__geo_transform_geom(kz_test_ctx, op, g);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        CU_ASSERT_EQUAL(GEOSGeomTypeId_r(h, t), GEOSGeomTypeId_r(h, g));
        vertices(h, g, a, 64, &na);
        vertices(h, t, b, 64, &nb);
        CU_ASSERT_EQUAL_FATAL(na, nb);
        o = (size_t)snprintf(cmd, sizeof(cmd), "printf '");
        for (k = 0; k < na; k += 2)
            o += (size_t)snprintf(cmd + o, sizeof(cmd) - o, "%.6f %.6f\\n",
                                  a[k + 1], a[k]);
        snprintf(cmd + o, sizeof(cmd) - o,
                 "' | cs2cs -f %%.4f EPSG:4326 EPSG:32638");
        res = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(res);
        for (k = 0, q = res; k < nb; k += 2) {
            double e, nn;
            CU_ASSERT_FATAL(sscanf(q, "%lf %lf", &e, &nn) == 2);
            CU_ASSERT(fabs(e - b[k]) < 1e-3 && fabs(nn - b[k + 1]) < 1e-3);
            q = strchr(q, '\n');
            CU_ASSERT_PTR_NOT_NULL_FATAL(q);
            q++;
        }
        free(res);
        GEOSGeom_destroy_r(h, t);
        GEOSGeom_destroy_r(h, g);
    }
}

/* The same geometries with each allocation failing in turn: NULL with
 * KZ_ENOMEM every time, then the copy. */
static void test_transform_geometries_oom(void)
{
    static const char *const wkt[] = {
        "POLYGON ((45 40, 46 40, 46 41, 45 41, 45 40), "
        "(45.2 40.2, 45.2 40.4, 45.4 40.4, 45.2 40.2), "
        "(45.6 40.6, 45.6 40.8, 45.8 40.8, 45.6 40.6))",
        "MULTIPOLYGON (((45 40, 45.5 40, 45.5 40.5, 45 40)), "
        "((46 41, 46.5 41, 46.5 41.5, 46 41), "
        "(46.1 41.1, 46.1 41.2, 46.2 41.2, 46.1 41.1)))",
        "LINESTRING (44.8 39.9, 45.1 40.3)", "POINT (47.1 41.2)"};
    GEOSContextHandle_t h = kz__geos(kz_test_ctx);
    PJ *op = NULL;
    size_t i;
    CU_ASSERT_EQUAL_FATAL(kz__geo_transform(&op, kz_test_ctx, KZ_CRS_WGS84,
                                            "EPSG:32638"),
                          KZ_OK);
    for (i = 0; i < sizeof(wkt) / sizeof(wkt[0]); i++) {
        GEOSGeometry *g = GEOSGeomFromWKT_r(h, wkt[i]), *t = NULL;
        long n;
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        for (n = 1; n < 1000 && !t; n++) {
            kz_ctx_clear_error(kz_test_ctx);
            kz__ctx_fail_alloc_at(kz_test_ctx, n);
            t = kz__geo_transform_geom(kz_test_ctx, op, g);
            kz__ctx_fail_alloc_at(kz_test_ctx, 0);
            if (!t)
                CU_ASSERT_EQUAL(kz_ctx_error(kz_test_ctx)->code, KZ_ENOMEM);
        }
        CU_ASSERT_PTR_NOT_NULL(t);
        CU_ASSERT(n > 2);
        GEOSGeom_destroy_r(h, t);
        GEOSGeom_destroy_r(h, g);
    }
}

/* Area of the cell [lon0, lon1] × [lat0, lat1] of the WGS84 ellipsoid,
 * km²: b² Δλ / 2 · [f(φ)] with f(φ) = sin φ / (1 − e² sin² φ) +
 * atanh(e sin φ) / e (the authalic-latitude integral). */
static double cell_km2(double lon0, double lon1, double lat0, double lat1)
{
    const double a = 6378137.0, f = 1 / 298.257223563;
    const double b = a * (1 - f), e2 = f * (2 - f), e = sqrt(e2);
    const double k = M_PI / 180;
    double s0 = sin(lat0 * k), s1 = sin(lat1 * k);
    double f0 = s0 / (1 - e2 * s0 * s0) + atanh(e * s0) / e;
    double f1 = s1 / (1 - e2 * s1 * s1) + atanh(e * s1) / e;
    return b * b * (lon1 - lon0) * k / 2 * (f1 - f0) / 1e6;
}

/* Equal-area areas of two degree cells over Azerbaijan, edges densified
 * every 0.01° (a parallel is a curve in the projection): within 0.001%
 * of the closed formula. */
static void test_area(void)
{
    static const double cells[][4] = {{47, 48, 40, 41}, {44.5, 45, 38.5, 39}};
    GEOSContextHandle_t h = kz__geos(kz_test_ctx);
    size_t c;
    for (c = 0; c < 2; c++) {
        const double *q = cells[c];
        char wkt[40000];
        size_t o = 0;
        int i;
        double km2 = -1, want = cell_km2(q[0], q[1], q[2], q[3]);
        GEOSGeometry *g;
        o += (size_t)snprintf(wkt + o, sizeof(wkt) - o, "POLYGON ((");
        for (i = 0; i < 100; i++) /* south edge, east */
            o += (size_t)snprintf(wkt + o, sizeof(wkt) - o, "%.6f %.6f, ",
                                  q[0] + (q[1] - q[0]) * i / 100, q[2]);
        for (i = 0; i < 100; i++) /* east edge, north */
            o += (size_t)snprintf(wkt + o, sizeof(wkt) - o, "%.6f %.6f, ",
                                  q[1], q[2] + (q[3] - q[2]) * i / 100);
        for (i = 0; i < 100; i++) /* north edge, west */
            o += (size_t)snprintf(wkt + o, sizeof(wkt) - o, "%.6f %.6f, ",
                                  q[1] - (q[1] - q[0]) * i / 100, q[3]);
        for (i = 0; i < 100; i++) /* west edge, south */
            o += (size_t)snprintf(wkt + o, sizeof(wkt) - o, "%.6f %.6f, ",
                                  q[0], q[3] - (q[3] - q[2]) * i / 100);
        snprintf(wkt + o, sizeof(wkt) - o, "%.6f %.6f))", q[0], q[2]);
        g = GEOSGeomFromWKT_r(h, wkt);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        CU_ASSERT_EQUAL(kz__geo_area_km2(kz_test_ctx, g, &km2), KZ_OK);
        if (fabs(km2 - want) > want * 1e-5)
            fprintf(stderr, "\n  cell %zu: %.3f km², formula %.3f\n", c,
                    km2, want);
        CU_ASSERT(fabs(km2 - want) <= want * 1e-5);
        GEOSGeom_destroy_r(h, g);
    }
}

/* UTM zones by hand: zone = floor((lon + 180) / 6) + 1, clamped to
 * 1..60; 326zz north, 327zz south. */
static void test_utm_zone(void)
{
    static const struct {
        double lon, lat;
        const char *want;
    } t[] = {{46, 40, "EPSG:32638"},    {47.99, 40, "EPSG:32638"},
             {48, 40, "EPSG:32639"},    {49.5, 40.4, "EPSG:32639"},
             {-180, 10, "EPSG:32601"},  {180, 10, "EPSG:32660"},
             {-200, 10, "EPSG:32601"},  {0, -10, "EPSG:32731"},
             {45, 0, "EPSG:32638"}};
    size_t i;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        char out[32];
        kz__geo_utm_for(out, sizeof(out), t[i].lon, t[i].lat);
        CU_ASSERT_STRING_EQUAL(out, t[i].want);
    }
}

/* The EPSG register: UTM 38N is used between 42°E and 48°E, equator to
 * 84°N; WGS84 has EPSG code 4326, a PROJ string none. */
static void test_describe_and_area_of_use(void)
{
    double w = 0, s = 0, e = 0, n = 0;
    char *wkt = NULL;
    int epsg = 0;
    CU_ASSERT_EQUAL(kz__geo_area_of_use(kz_test_ctx, "EPSG:32638", &w, &s,
                                        &e, &n),
                    1);
    CU_ASSERT(w == 42 && s == 0 && e == 48 && n == 84);
    CU_ASSERT_EQUAL(kz__geo_area_of_use(kz_test_ctx,
                                        "+proj=longlat +datum=WGS84 "
                                        "+type=crs",
                                        &w, &s, &e, &n),
                    0);
    CU_ASSERT_EQUAL(kz__geo_crs_describe(kz_test_ctx, "EPSG:32638", &wkt,
                                         &epsg),
                    KZ_OK);
    CU_ASSERT_EQUAL(epsg, 32638);
    CU_ASSERT_PTR_NOT_NULL(wkt && strstr(wkt, "UTM zone 38N"));
    kz__free(kz_test_ctx, wkt);
    wkt = NULL;
    CU_ASSERT_EQUAL(kz__geo_crs_describe(kz_test_ctx,
                                         "+proj=longlat +datum=WGS84 "
                                         "+type=crs",
                                         &wkt, &epsg),
                    KZ_OK);
    CU_ASSERT_EQUAL(epsg, 0);
    CU_ASSERT_PTR_NOT_NULL(wkt && strstr(wkt, "GEOGCS"));
    kz__free(kz_test_ctx, wkt);
    wkt = NULL;
    /* its copy of the WKT is the one allocation: failing, KZ_ENOMEM */
    kz__ctx_fail_alloc_at(kz_test_ctx, 1);
    CU_ASSERT_EQUAL(kz__geo_crs_describe(kz_test_ctx, "EPSG:32638", &wkt,
                                         &epsg),
                    KZ_ENOMEM);
    kz__ctx_fail_alloc_at(kz_test_ctx, 0);
    CU_ASSERT_PTR_NULL(wkt);
}

/* A GEOS error raised through the context's handle is the context's
 * KZ_EGEOM, its text kept. */
static void test_geos_errors(void)
{
    GEOSContextHandle_t h = kz__geos(kz_test_ctx);
    GEOSGeometry *g;
    kz_ctx_clear_error(kz_test_ctx);
    g = GEOSGeomFromWKT_r(h, "POLYGON ((0 0, 1 0");
    CU_ASSERT_PTR_NULL(g);
    CU_ASSERT_EQUAL(kz_ctx_error(kz_test_ctx)->code, KZ_EGEOM);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(kz_ctx_error(kz_test_ctx)->message, "GEOS: "));
}

static const kz_test_case cases[] = {
    {"unknown crs", test_unknown_crs},
    {"transformations cached", test_transform_cached},
    {"transformation allocation failures", test_transform_oom},
    {"geometries against cs2cs", test_transform_geometries},
    {"geometry allocation failures", test_transform_geometries_oom},
    {"equal-area areas", test_area},
    {"utm zones", test_utm_zone},
    {"crs description and area of use", test_describe_and_area_of_use},
    {"geos errors", test_geos_errors},
    KZ_TEST_END};

int main(void)
{
    if (kz_test_add_suite("geo", cases) < 0)
        return 2;
    return kz_test_run();
}
