/*
 * test_furniture_cover.c - the legend, scale and inset hide no kahriz of
 * the map's own district: every district map of the bundled survey is
 * rendered with its boxes logged, and no outlet symbol of the district
 * (kind 4) may touch a furniture box (kind 2); the furniture is opaque
 * (its background read back from a rendered pixel inside the legend).
 */
#include "kztest.h"

#include "ingest/survey.h"
#include "map/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int touch(const double *a, const double *b)
{
    return a[1] < b[3] && b[1] < a[3] && a[2] < b[4] && b[2] < a[4];
}

static void test_furniture_hides_no_kahriz(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    kz_report *rep = NULL;
    kz_style *st = NULL;
    size_t i, n, maps = 0;
    unsigned char *has;
    int covered = 0;

    kz_test_bundled_sources(&src);
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    CU_ASSERT_FATAL(kz_survey_load(&sv, kz_test_ctx, &src, rep) == KZ_OK);
    CU_ASSERT_FATAL(kz_style_load(&st, kz_test_ctx,
                                  kz_test_src("styles/default.json")) ==
                    KZ_OK);
    n = kz_survey_district_count(sv);
    has = calloc(n, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(has);
    for (i = 0; i < kz_survey_kahriz_count(sv); i++) {
        int32_t di = kz_survey_kahriz(sv, i)->district;
        if (di >= 0 && (size_t)di < n)
            has[di] = 1;
    }
    for (i = 0; i < n; i++) {
        const kz_district *dist = kz_survey_district(sv, i);
        kz_map_options o = KZ_MAP_OPTIONS_INIT;
        kz_boxlog log = {kz_test_ctx, NULL, 0, 0};
        cairo_surface_t *img =
            cairo_image_surface_create(CAIRO_FORMAT_RGB24, 500, 700);
        cairo_t *cr = cairo_create(img);
        size_t own = 0, x, y;
        int rc;

        if (!has[i]) {
            cairo_destroy(cr);
            cairo_surface_destroy(img);
            continue;
        }
        o.kind = KZ_MAP_DISTRICT;
        o.code = dist->code;
        o.frame_w = 500;
        o.frame_h = 700;
        rc = kz__map_render_ex(NULL, kz_test_ctx, cr, sv, NULL, st, &o,
                               &log, NULL);
        CU_ASSERT_EQUAL(rc, KZ_OK);
        for (x = 0; x < log.n; x++)
            own += log.b[5 * x] == 4;
        if (own)
            maps++;
        for (x = 0; x < log.n; x++) {
            const double *f = log.b + 5 * x;
            if (f[0] != 2)
                continue;
            for (y = 0; y < log.n; y++) {
                const double *o4 = log.b + 5 * y;
                if (o4[0] == 4 && touch(f, o4) && covered++ < 10)
                    fprintf(stderr, "\n%s: a kahriz at %.0f,%.0f under "
                                    "the furniture box %.0f,%.0f-%.0f,%.0f",
                            dist->code, o4[1], o4[2], f[1], f[2], f[3],
                            f[4]);
            }
        }
        kz__free(kz_test_ctx, log.b);
        cairo_destroy(cr);
        cairo_surface_destroy(img);
    }
    CU_ASSERT_EQUAL(covered, 0);
    CU_ASSERT(maps >= 20); /* the districts with kahrizes were drawn */
    free(has);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
}

/* A furniture box (page points) as a rectangle in the map's CRS, through
 * the georeferencing the render reports (frame on the page, ground in
 * the CRS). */
static GEOSGeometry *box_ground(GEOSContextHandle_t h, const kz_map_result *r,
                                const double *b)
{
    const double *f = r->frame, *g = r->ground;
    double x0 = g[0] + (b[1] - f[0]) / f[2] * (g[2] - g[0]);
    double x1 = g[0] + (b[3] - f[0]) / f[2] * (g[2] - g[0]);
    double y1 = g[3] - (b[2] - f[1]) / f[3] * (g[3] - g[1]);
    double y0 = g[3] - (b[4] - f[1]) / f[3] * (g[3] - g[1]);
    return GEOSGeom_createRectangle_r(h, x0, y0, x1, y1);
}

/* Whether district d is the subject of map o. */
static int is_subject(const kz_survey *sv, size_t d, const kz_map_options *o)
{
    const kz_district *dist = kz_survey_district(sv, d);
    if (o->kind == KZ_MAP_NATIONAL)
        return 1;
    if (o->kind == KZ_MAP_REGION)
        return strcmp(dist->region_code, o->code) == 0;
    return strcmp(dist->code, o->code) == 0;
}

/* One map, rendered with its boxes logged: the count of symbols and
 * labels touching a furniture box and the subject's area under each (as
 * a share of the box), the largest. */
static void check_map(const kz_survey *sv, const kz_basemap *bm,
                      const kz_style *st, const kz_map_options *o,
                      int *bad)
{
    GEOSContextHandle_t h = GEOS_init_r();
    kz_boxlog log = {kz_test_ctx, NULL, 0, 0};
    kz_map_result res;
    cairo_surface_t *img =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, 500, 700);
    cairo_t *cr = cairo_create(img);
    PJ *fwd = NULL;
    size_t x, y, d, boxes = 0;

    CU_ASSERT_EQUAL_FATAL(kz__map_render_ex(&res, kz_test_ctx, cr, sv, bm,
                                            st, o, &log, NULL),
                          KZ_OK);
    CU_ASSERT_EQUAL_FATAL(kz__geo_transform(&fwd, kz_test_ctx, "EPSG:4326",
                                            res.crs),
                          KZ_OK);
    for (x = 0; x < log.n; x++) {
        const double *f = log.b + 5 * x;
        GEOSGeometry *r;
        double barea, under = 0;
        if (f[0] != 2)
            continue;
        boxes++;
        /* symbols (0, 4), labels (1, 3), leaders (5, 6) */
        for (y = 0; y < log.n; y++) {
            const double *e = log.b + 5 * y;
            if (e[0] != 2 && touch(f, e) && (*bad)++ < 10)
                fprintf(stderr, "\n%s: a box of kind %.0f at %.0f,%.0f "
                                "under the furniture %.0f,%.0f-%.0f,%.0f",
                        o->code ? o->code : "national", e[0], e[1], e[2],
                        f[1], f[2], f[3], f[4]);
        }
        r = box_ground(h, &res, f);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        GEOSArea_r(h, r, &barea);
        for (d = 0; d < kz_survey_district_count(sv); d++) {
            GEOSGeometry *g, *i;
            double a = 0;
            if (!is_subject(sv, d, o) || !sv->district_geoms[d])
                continue;
            g = kz__geo_transform_geom(kz_test_ctx, fwd,
                                       sv->district_geoms[d]);
            CU_ASSERT_PTR_NOT_NULL_FATAL(g);
            i = GEOSIntersection_r(h, g, r);
            if (i)
                GEOSArea_r(h, i, &a);
            under += a;
            GEOSGeom_destroy_r(h, i);
            GEOSGeom_destroy_r(h, g);
        }
        /* the page simplifies boundaries by 0.1 mm: a sliver that thin
         * along the box's edges is all that may lie under it */
        if (under > 1e-3 * barea && (*bad)++ < 10)
            fprintf(stderr, "\n%s: %.1f%% of the furniture box "
                            "%.0f,%.0f-%.0f,%.0f is the map's subject",
                    o->code ? o->code : "national", 100 * under / barea,
                    f[1], f[2], f[3], f[4]);
        GEOSGeom_destroy_r(h, r);
    }
    CU_ASSERT(boxes >= 2); /* the legend and the scale at least */
    kz__free(kz_test_ctx, log.b);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
    GEOS_finish_r(h);
}

/* Every map of the bundled data (the country, each region, each
 * district), with the neighbours, the sea and the reference layers as
 * the atlas draws them: nothing of the subject, no symbol and no label
 * under the legend, the inset or the scale box. */
static void test_furniture_off_the_subject(void)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    kz_basemap *bm = NULL;
    kz_style *st = NULL;
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    const char *seen[64];
    size_t i, j, n_seen = 0;
    int bad = 0;

    kz_test_bundled_sources(&src);
    CU_ASSERT_FATAL(kz_survey_load(&sv, kz_test_ctx, &src, NULL) == KZ_OK);
    bm = kz_test_bundled_basemap(1);
    CU_ASSERT_FATAL(kz_style_load(&st, kz_test_ctx,
                                  kz_test_src("styles/default.json")) ==
                    KZ_OK);
    o.frame_w = 500;
    o.frame_h = 700;
    check_map(sv, bm, st, &o, &bad);
    for (i = 0; i < kz_survey_district_count(sv); i++) {
        const kz_district *dist = kz_survey_district(sv, i);
        o.kind = KZ_MAP_DISTRICT;
        o.code = dist->code;
        check_map(sv, bm, st, &o, &bad);
        for (j = 0; j < n_seen && strcmp(seen[j], dist->region_code); j++)
            ;
        if (j < n_seen || n_seen == 64)
            continue;
        seen[n_seen++] = dist->region_code;
        o.kind = KZ_MAP_REGION;
        o.code = dist->region_code;
        check_map(sv, bm, st, &o, &bad);
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(n_seen, 14);
    kz_style_destroy(st);
    kz_basemap_destroy(bm);
    kz_survey_destroy(sv);
}

static const kz_test_case cases[] = {
    {"furniture hides no kahriz of the district",
     test_furniture_hides_no_kahriz},
    {"furniture off the subject on every map", test_furniture_off_the_subject},
    KZ_TEST_END};

KZ_TEST_SUITE("furniture_cover", cases);
