/*
 * test_faults.c - the GeoPackage export when things go wrong: every
 * allocation failing in turn gives KZ_ENOMEM and leaves no file (nor a
 * temporary one), in lon/lat and in a projected CRS; a shaft surveyed
 * without a position is rejected when the survey is read, so the file
 * has no shaft without a geometry (sqlite3 reads the shafts back, GDAL's
 * Python bindings count the gallery's vertices);
 * unknown and unprojectable output CRSs are KZ_EPROJ naming what failed;
 * a disk that fills up at any point (a file size limit, raised until
 * the export fits) fails with the file named and leaves nothing.
 * Expected codes are the documented ones, "nothing left" is counted in
 * the directory.
 */
#include "kztest.h"
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The aggregate tests' survey (districts in two regions, kahrizes with
 * visits) and, for K1 and K9, the shafts below; with no_position, K1's
 * second has no position (the survey is then read with a report, and
 * that row rejected). */
static kz_survey *load_shafts(int no_position, kz_report *rep)
{
    static const char shafts[] =
        "kahriz_id,seq,x,y,crs,depth_m\n"
        "K1,1,46.140,40.140,EPSG:4326,20\n"
        "K1,2,46.143,40.143,EPSG:4326,14\n"
        "K1,3,46.146,40.146,EPSG:4326,6\n"
        "K9,1,46.290,40.090,EPSG:4326,11\n";
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    char k[1024], a[1024], d[1024], s[1024];
    FILE *fp;
    snprintf(k, sizeof(k), "%s",
             kz_test_src("tests/data/aggregate/kahrizes.csv"));
    snprintf(a, sizeof(a), "%s",
             kz_test_src("tests/data/aggregate/assessments.csv"));
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    snprintf(s, sizeof(s), "%s/faults-shafts.csv", kz_test_tmpdir());
    if (!(fp = fopen(s, "w")))
        return NULL;
    fputs(shafts, fp);
    fclose(fp);
    if (no_position)
        kz_test_set_line(s, 3, "K1,2,,,,14");
    src.kahrizes = k;
    src.assessments = a;
    src.districts = d;
    src.shafts = s;
    src.today = 20260101;
    if (!no_position)
        return kz_test_load(&src);
    CU_ASSERT_EQUAL(kz_survey_load(&sv, kz_test_ctx, &src, rep), KZ_EDATA);
    return sv;
}

static kz_survey *load_small(void)
{
    return load_shafts(0, NULL);
}

/* A fresh empty directory under the test's temporary one. */
static const char *fresh_dir(const char *name)
{
    static char dir[1024];
    snprintf(dir, sizeof(dir), "%s/%s", kz_test_tmpdir(), name);
    CU_ASSERT_EQUAL(mkdir(dir, 0755), 0);
    return dir;
}

/* Fail allocation n = 1, 2, ... until the export succeeds: each failing
 * run returns KZ_ENOMEM with "out of memory" in the message and leaves
 * the directory empty; the last run writes the file. */
static void oom_loop(const char *crs)
{
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    kz_survey *sv = load_small();
    char path[1100];
    const char *dir = fresh_dir(crs ? "oom-crs" : "oom");
    long n;
    int rc = KZ_ENOMEM, wrong = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/x.gpkg", dir);
    o.crs = crs;
    for (n = 1; n < 5000; n++) {
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path);
        if (rc == KZ_OK)
            break;
        if ((rc != KZ_ENOMEM ||
             !strstr(kz_ctx_error(kz_test_ctx)->message, "out of memory")) &&
            wrong++ < 5)
            fprintf(stderr, "\n  allocation %ld failing: %s (%s)", n,
                    kz_status_str(rc), kz_ctx_error(kz_test_ctx)->message);
        CU_ASSERT_EQUAL(rc, KZ_ENOMEM);
        CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    }
    kz__ctx_fail_alloc_at(kz_test_ctx, 0);
    CU_ASSERT_EQUAL(rc, KZ_OK);
    CU_ASSERT(n > 20); /* the loop went through the export's allocations */
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 1);
    kz_survey_destroy(sv);
}

static void test_oom_lonlat(void)
{
    oom_loop(NULL);
}

static void test_oom_projected(void)
{
    oom_loop("EPSG:32638");
}

/* A shaft without a position is rejected by name when the survey is
 * read, so it is not in the file and the gallery of its kahriz runs
 * through the other two shafts to the outlet: 3 vertices (K1's shafts 1
 * and 3, then the outlet at 46.15, 40.15), K9's 2; both traced, not
 * schematic. */
static void test_shaft_without_position(void)
{
    kz_report *rep = NULL;
    kz_survey *sv;
    kz_export_result res;
    char path[1100], cmd[1400], *out;
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    sv = load_shafts(1, rep);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT(kz_test_report_has(rep, "faults-shafts.csv", 3, "x",
                                 "the shaft's position is required"));
    kz_report_destroy(rep);
    kz_ctx_clear_error(kz_test_ctx);
    snprintf(path, sizeof(path), "%s/x.gpkg", fresh_dir("noshaftpos"));
    if (kz_export_gpkg(&res, kz_test_ctx, sv, NULL, path) != KZ_OK)
        fprintf(stderr, "\n  %s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL(kz_ctx_error(kz_test_ctx)->code, KZ_OK);
    CU_ASSERT_EQUAL(res.shafts, 3);
    CU_ASSERT_EQUAL(res.galleries, 2);
    snprintf(cmd, sizeof(cmd),
             "sqlite3 '%s' \"SELECT group_concat(kahriz_id || '/' || seq || "
             "'/' || (geom IS NULL), ' ') FROM (SELECT * FROM shafts ORDER "
             "BY kahriz_id, seq)\"",
             path);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL(out);
    if (out)
        CU_ASSERT_STRING_EQUAL(out, "K1/1/0 K1/3/0 K9/1/0\n");
    free(out);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c \"from osgeo import ogr; "
             "ds = ogr.Open('%s'); l = ds.GetLayer('galleries'); "
             "print(' '.join('%%s:%%d:%%d' %% (f['kahriz_id'], "
             "f.GetGeometryRef().GetPointCount(), f['schematic']) "
             "for f in l))\"",
             path);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL(out);
    if (out)
        CU_ASSERT_STRING_EQUAL(out, "K1:3:0 K9:2:0\n");
    free(out);
    kz_survey_destroy(sv);
}

/* An output CRS PROJ does not know, or one that cannot hold the survey
 * (an orthographic view of the far side of the Earth: cs2cs gives "inf"
 * for 46°E 40°N), is KZ_EPROJ naming the CRS, and leaves nothing. */
static void test_bad_output_crs(void)
{
    static const char *const unknown[] = {"EPSG:999999", "+proj=nonsense",
                                          "not a crs"};
    const char *far =
        "+proj=ortho +lat_0=0 +lon_0=-120 +datum=WGS84 +units=m";
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    kz_survey *sv = load_small();
    const char *dir = fresh_dir("badcrs");
    char path[1100];
    const char *msg;
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/x.gpkg", dir);
    for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        o.crs = unknown[i];
        CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                        KZ_EPROJ);
        msg = kz_ctx_error(kz_test_ctx)->message;
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, unknown[i]));
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "x.gpkg"));
        CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    }
    o.crs = far;
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                    KZ_EPROJ);
    msg = kz_ctx_error(kz_test_ctx)->message;
    if (!strstr(msg, "district T-"))
        fprintf(stderr, "\n  %s\n", msg);
    /* the districts are written first: the first of them is named */
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "district T-"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, far));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "x.gpkg"));
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    kz_survey_destroy(sv);
}

/* In a child with the file size limited to limit bytes (writes past it
 * fail with EFBIG, as on a full disk): the export's code (KZ_OK,
 * KZ_EEXPORT, KZ_EIO), KZ_ERROR for any other or for a message that
 * does not name the file. */
static int export_limited(kz_survey *sv, const char *path, rlim_t limit)
{
    pid_t pid;
    int st;
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return KZ_ERROR;
    if (pid == 0) {
        struct rlimit rl = {limit, limit};
        int rc;
        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(9);
        rc = kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path);
        if (rc < 0 && !strstr(kz_ctx_error(kz_test_ctx)->message, path)) {
            fprintf(stderr, "\n  %s\n", kz_ctx_error(kz_test_ctx)->message);
            _exit(8);
        }
        _exit(rc == KZ_OK ? 0 : rc == KZ_EEXPORT ? 1 : rc == KZ_EIO ? 2 : 3);
    }
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
        return KZ_ERROR;
    switch (WEXITSTATUS(st)) {
    case 0: return KZ_OK;
    case 1: return KZ_EEXPORT;
    case 2: return KZ_EIO;
    default: return KZ_ERROR;
    }
}

static void test_disk_full(void)
{
    kz_survey *sv = load_small();
    const char *dir = fresh_dir("full");
    char path[1100];
    rlim_t limit;
    int rc = 1, fails = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/x.gpkg", dir);
    for (limit = 4096; limit < (rlim_t)64 << 20; limit += limit / 4) {
        rc = export_limited(sv, path, limit);
        if (rc == KZ_OK)
            break;
        fails++;
        if (rc != KZ_EEXPORT && rc != KZ_EIO)
            fprintf(stderr, "\n  %lu bytes: %d\n", (unsigned long)limit, rc);
        CU_ASSERT(rc == KZ_EEXPORT || rc == KZ_EIO);
        CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    }
    CU_ASSERT_EQUAL(rc, KZ_OK);
    CU_ASSERT(fails > 5); /* the file filled the disk at many steps */
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 1);
    /* the last writes, at the close, fail as well: just short of the
     * finished file's size */
    {
        struct stat st;
        rlim_t size;
        CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
        size = (rlim_t)st.st_size;
        CU_ASSERT_EQUAL(remove(path), 0);
        for (limit = size - 1; limit + 4096 * 4 > size; limit -= 4096) {
            rc = export_limited(sv, path, limit);
            CU_ASSERT(rc == KZ_EEXPORT || rc == KZ_EIO);
            CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
        }
    }
    kz_survey_destroy(sv);
}

static const kz_test_case cases[] = {
    {"allocation failures in lon/lat", test_oom_lonlat},
    {"allocation failures projected", test_oom_projected},
    {"shaft without a position", test_shaft_without_position},
    {"bad output crs", test_bad_output_crs},
    {"disk full", test_disk_full},
    KZ_TEST_END};

KZ_TEST_SUITE("export faults", cases);
