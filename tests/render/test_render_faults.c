/*
 * test_render_faults.c - a map rendered while one allocation fails:
 * an error whose message says it ran out of memory, and no file, never a
 * half-written map.  Every allocation of the render (counted first, with
 * none failing) fails once.  PDF and PNG take different paths.  (The
 * code is KZ_ENOMEM only where the render does not report a projection
 * or geometry step that ran out of memory as KZ_EPROJ or KZ_EGEOM, which
 * map.c and view.c still do: those two codes are accepted here.)
 * A disk that fills up (a file size limit, raised until the map fits)
 * fails the render with the file named, and leaves nothing.
 */
#include "kztest.h"
#include "core/core.h"
#include "map/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* Render o's map to path (in dir, empty) with each allocation of the
 * render failing in turn: each run fails saying it ran out of memory and
 * leaves dir empty.  A first render fills the context's caches
 * (transformations), then the allocations are counted with none failing
 * (the hook counts when armed).  Returns how many there were. */
static long sweep_map(kz_survey *sv, const kz_basemap *bm, kz_style *st,
                      const kz_map_options *o, const char *dir,
                      const char *path)
{
    long total, n, runs = 0;
    int rc;

    CU_ASSERT_EQUAL_FATAL(
        kz_map_render_file(NULL, kz_test_ctx, path, sv, bm, st, o), KZ_OK);
    kz__ctx_fail_alloc_at(kz_test_ctx, 1L << 40);
    rc = kz_map_render_file(NULL, kz_test_ctx, path, sv, bm, st, o);
    total = kz_test_ctx->alloc_count;
    kz__ctx_fail_alloc_at(kz_test_ctx, 0);
    CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    CU_ASSERT_FATAL(total > 20);
    CU_ASSERT_EQUAL(remove(path), 0);
    for (n = 1; n <= total; n++) {
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz_map_render_file(NULL, kz_test_ctx, path, sv, bm, st, o);
        kz__ctx_fail_alloc_at(kz_test_ctx, 0);
        runs++;
        if (rc >= 0 ||
            !strstr(kz_ctx_error(kz_test_ctx)->message, "out of memory"))
            fprintf(stderr, "\n  %s: allocation %ld of %ld failing: %s (%s)",
                    path, n, total, kz_status_str(rc),
                    kz_ctx_error(kz_test_ctx)->message);
        CU_ASSERT(rc == KZ_ENOMEM || rc == KZ_EPROJ || rc == KZ_EGEOM);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(kz_ctx_error(kz_test_ctx)->message, "out of memory"));
        CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    }
    CU_ASSERT_EQUAL(runs, total);
    return total;
}

static void oom_map(const char *ext, kz_map_kind kind, const char *code)
{
    kz_survey *sv = kz_test_load_small(1);
    kz_style *st = NULL;
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    char dir[1024], path[1100];
    static unsigned serial;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    snprintf(dir, sizeof(dir), "%s/oom-map-%u", kz_test_tmpdir(), serial++);
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/map.%s", dir, ext);
    o.kind = kind;
    o.code = code;
    o.dpi = 40;
    sweep_map(sv, NULL, st, &o, dir, path);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static void test_oom_district_pdf(void)
{
    oom_map("pdf", KZ_MAP_DISTRICT, "T-A");
}

static void test_oom_national_png(void)
{
    oom_map("png", KZ_MAP_NATIONAL, NULL);
}

/* A district map with reference layers (the bundled rivers, lakes and
 * towns and an OpenStreetMap file of our own: a river, a road and a
 * village in T-A) and relief from an elevation model (the plane of
 * tests/render/dem_fixture.py), while each allocation of the render
 * fails in turn: the same verdicts as above. */
static void test_oom_reference_relief(void)
{
    static const char *const osm =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<osm version=\"0.6\" generator=\"test\">\n"
        " <node id=\"1\" lat=\"40.12\" lon=\"46.11\" version=\"1\">"
        "<tag k=\"place\" v=\"village\"/><tag k=\"name\" v=\"Alfakənd\"/>"
        "<tag k=\"name:en\" v=\"Alfakand\"/></node>\n"
        " <node id=\"10\" lat=\"40.02\" lon=\"46.01\" version=\"1\"/>\n"
        " <node id=\"11\" lat=\"40.10\" lon=\"46.09\" version=\"1\"/>\n"
        " <node id=\"12\" lat=\"40.18\" lon=\"46.19\" version=\"1\"/>\n"
        " <node id=\"20\" lat=\"40.15\" lon=\"46.02\" version=\"1\"/>\n"
        " <node id=\"21\" lat=\"40.05\" lon=\"46.17\" version=\"1\"/>\n"
        " <way id=\"100\" version=\"1\"><nd ref=\"10\"/><nd ref=\"11\"/>"
        "<nd ref=\"12\"/><tag k=\"waterway\" v=\"river\"/>"
        "<tag k=\"name\" v=\"Alfaçay\"/></way>\n"
        " <way id=\"101\" version=\"1\"><nd ref=\"20\"/><nd ref=\"21\"/>"
        "<tag k=\"highway\" v=\"primary\"/></way>\n"
        "</osm>\n";
    kz_survey *sv = kz_test_load_small(1);
    kz_basemap *bm = NULL;
    kz_style *st = NULL;
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    char dir[1024], path[1100], src[1100];
    const char *dem;
    long total, n;
    FILE *fp;
    int rc, k;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    if (!kz_test_need(system("/usr/bin/python3 -c 'import osgeo.gdal, "
                             "numpy' 2>/dev/null") == 0,
                      "/usr/bin/python3 with osgeo and numpy")) {
        kz_survey_destroy(sv);
        return;
    }
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    snprintf(dir, sizeof(dir), "%s/oom-relief", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(src, sizeof(src), "%s/extract.osm", kz_test_tmpdir());
    dem = kz_test_dem("plane");
    fp = fopen(src, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(osm, fp);
    CU_ASSERT_EQUAL_FATAL(fclose(fp), 0);
    CU_ASSERT_EQUAL_FATAL(kz_basemap_load(&bm, kz_test_ctx, NULL, NULL),
                          KZ_OK);
    CU_ASSERT_EQUAL_FATAL(
        kz_basemap_add_reference(bm, kz_test_src("data/rivers.geojson"),
                                 KZ_REF_RIVERS),
        KZ_OK);
    CU_ASSERT_EQUAL_FATAL(
        kz_basemap_add_reference(bm, kz_test_src("data/lakes.geojson"),
                                 KZ_REF_WATER),
        KZ_OK);
    CU_ASSERT_EQUAL_FATAL(
        kz_basemap_add_reference(bm, kz_test_src("data/towns.geojson"),
                                 KZ_REF_PLACES),
        KZ_OK);
    CU_ASSERT_EQUAL_FATAL(
        kz_basemap_add_reference(bm, src, KZ_REF_AUTO), KZ_OK);
    CU_ASSERT_EQUAL_FATAL(kz_basemap_set_dem(bm, dem), KZ_OK);
    snprintf(path, sizeof(path), "%s/map.pdf", dir);
    o.kind = KZ_MAP_DISTRICT;
    o.code = "T-A";
    o.dpi = 40;
    total = sweep_map(sv, bm, st, &o, dir, path);
    printf("\n  %ld allocations, each failed in turn ", total);
    kz_basemap_destroy(bm);
    bm = NULL;

    /* reading the OpenStreetMap file into a basemap: each allocation
     * fails in turn and leaves the basemap without a feature of it; then
     * that basemap takes the file whole (a river, a road, a place) */
    CU_ASSERT_EQUAL_FATAL(kz_basemap_load(&bm, kz_test_ctx, NULL, NULL),
                          KZ_OK);
    kz__ctx_fail_alloc_at(kz_test_ctx, 1L << 40);
    rc = kz_basemap_add_reference(bm, src, KZ_REF_AUTO);
    total = kz_test_ctx->alloc_count;
    kz__ctx_fail_alloc_at(kz_test_ctx, 0);
    kz_basemap_destroy(bm);
    CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    CU_ASSERT_FATAL(total > 5);
    for (n = 1; n <= total; n++) {
        CU_ASSERT_EQUAL_FATAL(kz_basemap_load(&bm, kz_test_ctx, NULL, NULL),
                              KZ_OK);
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz_basemap_add_reference(bm, src, KZ_REF_AUTO);
        kz__ctx_fail_alloc_at(kz_test_ctx, 0);
        if (rc != KZ_ENOMEM)
            fprintf(stderr, "\n  reading, allocation %ld of %ld: %s (%s)",
                    n, total, kz_status_str(rc),
                    kz_ctx_error(kz_test_ctx)->message);
        CU_ASSERT_EQUAL(rc, KZ_ENOMEM);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(kz_ctx_error(kz_test_ctx)->message, "out of memory"));
        for (k = 0; k < KZ_REF_KINDS; k++)
            CU_ASSERT_EQUAL(bm->n_ref[k], 0);
        CU_ASSERT_EQUAL(kz_basemap_add_reference(bm, src, KZ_REF_AUTO),
                        KZ_OK);
        CU_ASSERT_EQUAL(bm->n_ref[KZ_REF_RIVERS], 1);
        CU_ASSERT_EQUAL(bm->n_ref[KZ_REF_ROADS], 1);
        CU_ASSERT_EQUAL(bm->n_ref[KZ_REF_PLACES], 1);
        kz_basemap_destroy(bm);
    }
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

/* In a child with the file size limited to limit bytes: 0 when the
 * render succeeded, 1 when it failed naming the file, 2 otherwise. */
static int render_limited(kz_survey *sv, kz_style *st, const char *path,
                          const kz_map_options *o, rlim_t limit)
{
    pid_t pid;
    int status;
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return 2;
    if (pid == 0) {
        struct rlimit rl = {limit, limit};
        int rc;
        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(2);
        rc = kz_map_render_file(NULL, kz_test_ctx, path, sv, NULL, st, o);
        if (rc < 0 && !strstr(kz_ctx_error(kz_test_ctx)->message, path)) {
            fprintf(stderr, "\n  %s\n", kz_ctx_error(kz_test_ctx)->message);
            _exit(2);
        }
        _exit(rc < 0 ? 1 : 0);
    }
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 2;
    return WEXITSTATUS(status);
}

static void disk_full(const char *ext)
{
    kz_survey *sv = kz_test_load_small(1);
    kz_style *st = NULL;
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    char dir[1024], path[1100];
    rlim_t limit;
    int r = 2, fails = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    snprintf(dir, sizeof(dir), "%s/full-%s", kz_test_tmpdir(), ext);
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/map.%s", dir, ext);
    o.kind = KZ_MAP_DISTRICT;
    o.code = "T-A";
    o.dpi = 40;
    for (limit = 1024; limit < (rlim_t)64 << 20; limit += limit / 2) {
        r = render_limited(sv, st, path, &o, limit);
        if (r == 0)
            break;
        fails++;
        CU_ASSERT_EQUAL(r, 1);
        CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    }
    CU_ASSERT_EQUAL(r, 0);
    CU_ASSERT(fails > 2);
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 1);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static void test_disk_full_pdf(void)
{
    disk_full("pdf");
}

static void test_disk_full_png(void)
{
    disk_full("png");
}

static const kz_test_case cases[] = {
    {"allocation failures, district pdf", test_oom_district_pdf},
    {"allocation failures, national png", test_oom_national_png},
    {"allocation failures, reference layers and relief",
     test_oom_reference_relief},
    {"disk full, pdf", test_disk_full_pdf},
    {"disk full, png", test_disk_full_png},
    KZ_TEST_END};

KZ_TEST_SUITE("render faults", cases);
