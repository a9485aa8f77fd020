/*
 * test_basemap.c - context layers (neighbouring countries, the sea) read
 * into lon/lat: a layer in UTM 38N comes back where cs2cs puts its
 * corners, a self-intersecting polygon is repaired, a feature without a
 * geometry is left out, names in both languages are kept; a missing file
 * is KZ_EINPUT naming it.
 */
#include "kztest.h"
#include "map/map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *write_layer(const char *name, const char *text)
{
    static char path[2][1024];
    static int next;
    char *p = path[next++ % 2];
    FILE *fp;
    snprintf(p, 1024, "%s/%s", kz_test_tmpdir(), name);
    fp = fopen(p, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

#define FEATURE(props, geom)                                                  \
    "{\"type\":\"Feature\",\"properties\":{" props "},\"geometry\":" geom "}"

/* A 10 km square of UTM 38N, a bow tie, and a feature without geometry. */
static const char neighbours_utm[] =
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
    "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32638\"}},"
    "\"features\":["
    FEATURE("\"name_az\":\"Ermənistan\",\"name_en\":\"Armenia\"",
            "{\"type\":\"Polygon\",\"coordinates\":[[[495000,4400000],"
            "[505000,4400000],[505000,4410000],[495000,4410000],"
            "[495000,4400000]]]}") ","
    FEATURE("\"name_az\":\"Kəpənək\",\"name_en\":\"Bow tie\"",
            "{\"type\":\"Polygon\",\"coordinates\":[[[510000,4400000],"
            "[520000,4410000],[520000,4400000],[510000,4410000],"
            "[510000,4400000]]]}") ","
    FEATURE("\"name_az\":\"Boş\",\"name_en\":\"Empty\"", "null") "]}\n";

static const char sea_lonlat[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    FEATURE("\"name_az\":\"Xəzər dənizi\",\"name_en\":\"Caspian Sea\"",
            "{\"type\":\"Polygon\",\"coordinates\":[[[49.5,38.5],[51,38.5],"
            "[51,41],[49.5,41],[49.5,38.5]]]}") "]}\n";

/* cs2cs: the lon/lat of UTM 38N point e, n (EPSG:4326 is lat, lon). */
static void utm_to_lonlat(double e, double n, double *lon, double *lat)
{
    char cmd[256], *out;
    snprintf(cmd, sizeof(cmd),
             "echo '%.3f %.3f' | cs2cs -f %%.9f EPSG:32638 EPSG:4326", e, n);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_FATAL(sscanf(out, "%lf %lf", lat, lon) == 2);
    free(out);
}

static void test_layers_read(void)
{
    kz_basemap *bm = NULL;
    const char *nb = write_layer("neighbours-utm.geojson", neighbours_utm);
    const char *sea = write_layer("sea.geojson", sea_lonlat);
    GEOSContextHandle_t h;
    double lon0, lat0;
    int rc = kz_basemap_load(&bm, kz_test_ctx, nb, sea);
    if (rc != KZ_OK)
        fprintf(stderr, "\n  %s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    h = bm->ctx->geos;
    CU_ASSERT_EQUAL(bm->n_neighbours, 2); /* the empty one is left out */
    CU_ASSERT_EQUAL(bm->n_sea, 1);
    CU_ASSERT_STRING_EQUAL(bm->neighbours[0].name_az, "Ermənistan");
    CU_ASSERT_STRING_EQUAL(bm->neighbours[0].name_en, "Armenia");
    CU_ASSERT_STRING_EQUAL(bm->sea[0].name_en, "Caspian Sea");
    /* the square's vertices are its corners: its extent is theirs, as
     * cs2cs transforms them */
    {
        static const double e[4] = {495000, 505000, 505000, 495000};
        static const double n[4] = {4400000, 4400000, 4410000, 4410000};
        double minx = 1e9, miny = 1e9, maxx = -1e9, maxy = -1e9;
        int i;
        for (i = 0; i < 4; i++) {
            utm_to_lonlat(e[i], n[i], &lon0, &lat0);
            minx = fmin(minx, lon0);
            maxx = fmax(maxx, lon0);
            miny = fmin(miny, lat0);
            maxy = fmax(maxy, lat0);
        }
        CU_ASSERT(fabs(bm->neighbours[0].minx - minx) < 1e-8);
        CU_ASSERT(fabs(bm->neighbours[0].miny - miny) < 1e-8);
        CU_ASSERT(fabs(bm->neighbours[0].maxx - maxx) < 1e-8);
        CU_ASSERT(fabs(bm->neighbours[0].maxy - maxy) < 1e-8);
    }
    /* the bow tie is repaired into a valid (multi)polygon */
    CU_ASSERT_EQUAL(GEOSisValid_r(h, bm->neighbours[1].geom), 1);
    CU_ASSERT_EQUAL(bm->sea[0].minx, 49.5);
    CU_ASSERT_EQUAL(bm->sea[0].maxy, 41);
    kz_basemap_destroy(bm);
}

static void test_missing_layer(void)
{
    kz_basemap *bm = (kz_basemap *)1;
    char path[1024];
    snprintf(path, sizeof(path), "%s/no-such-layer.geojson",
             kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_basemap_load(&bm, kz_test_ctx, path, NULL),
                    KZ_EINPUT);
    CU_ASSERT_PTR_NULL(bm);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message, path));
}

static const kz_test_case cases[] = {
    {"layers read into lon/lat", test_layers_read},
    {"missing layer", test_missing_layer},
    KZ_TEST_END};

KZ_TEST_SUITE("basemap", cases);
