/*
 * bench_index.c - the spatial index against GEOS's STRtree and SQLite's
 * R*Tree: build, small and large windows, nearest neighbours, memory, on
 * uniform random points in Azerbaijan's extent.  Every engine must find
 * the same number of results; times are medians of --runs runs.
 */
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <sqlite3.h>

#include "kahriz.h"

#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#define MINX 44.77
#define MINY 38.39
#define MAXX 50.63
#define MAXY 41.91
#define MAX_RUNS 15

typedef struct opts {
    size_t n, queries;
    int runs;
    int sqlite, geos;
    unsigned node_size;
    unsigned long seed;
} opts;

static uint64_t rng_state;

static double uniform(double lo, double hi)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return lo + (hi - lo) * ((double)(z >> 11) / 9007199254740992.0);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bench_index: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* ---------------------------------------------------------------- ours */

static int count_visit(void *ud, uint32_t id)
{
    (void)id;
    ++*(size_t *)ud;
    return 0;
}

static size_t ours_windows_visit(kz_ctx *ctx, const kz_rtree *t,
                                 const double *w, size_t nq)
{
    size_t count = 0;
    for (size_t i = 0; i < nq; i++, w += 4)
        kz_rtree_search(ctx, t, w[0], w[1], w[2], w[3], count_visit, &count);
    return count;
}

static size_t ours_windows_ids(kz_ctx *ctx, const kz_rtree *t,
                               const double *w, size_t nq, uint32_t *buf,
                               size_t cap)
{
    size_t count = 0, total;
    for (size_t i = 0; i < nq; i++, w += 4) {
        kz_rtree_search_ids(&total, buf, cap, ctx, t, w[0], w[1], w[2], w[3]);
        if (total > cap)
            die("result array too small (%zu > %zu)", total, cap);
        count += total;
    }
    return count;
}

static double ours_knn(kz_ctx *ctx, const kz_rtree *t,
                       kz_rtree_knn_scratch *sc, const double *q, size_t nq,
                       size_t k, int geo, double *firsts)
{
    uint32_t ids[64];
    double d[64], sum = 0;
    size_t found;
    for (size_t i = 0; i < nq; i++) {
        int rc = geo ? kz_rtree_knn_geo(&found, ids, d, ctx, t, sc,
                                        q[2 * i], q[2 * i + 1], k, NULL)
                     : kz_rtree_knn(&found, ids, d, ctx, t, sc, q[2 * i],
                                    q[2 * i + 1], k, NULL);
        if (rc < 0 || found != k)
            die("knn: %s", kz_ctx_error(ctx)->message);
        if (firsts)
            firsts[i] = d[0];
        sum += d[found - 1];
    }
    return sum;
}

/* ---------------------------------------------------------------- GEOS */

typedef struct geos_env {
    GEOSContextHandle_t h;
    GEOSGeometry **pts;
    const double *xy;
} geos_env;

static void geos_count(void *item, void *ud)
{
    (void)item;
    ++*(size_t *)ud;
}

static int geos_dist(const void *a, const void *b, double *d, void *ud)
{
    const double *p = a, *q = b;
    (void)ud;
    *d = sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]));
    return 1;
}

static GEOSSTRtree *geos_build(geos_env *g, size_t n)
{
    GEOSSTRtree *t = GEOSSTRtree_create_r(g->h, 10);
    GEOSGeometry *probe;
    size_t dummy = 0;
    if (!t)
        die("GEOSSTRtree_create_r failed");
    for (size_t i = 0; i < n; i++)
        GEOSSTRtree_insert_r(g->h, t, g->pts[i], (void *)(g->xy + 2 * i));
    /* GEOS 3.11 builds lazily on the first query: force it */
    probe = GEOSGeom_createPointFromXY_r(g->h, -1000, -1000);
    GEOSSTRtree_query_r(g->h, t, probe, geos_count, &dummy);
    GEOSGeom_destroy_r(g->h, probe);
    return t;
}

static size_t geos_windows(geos_env *g, GEOSSTRtree *t, GEOSGeometry **win,
                           size_t nq)
{
    size_t count = 0;
    for (size_t i = 0; i < nq; i++)
        GEOSSTRtree_query_r(g->h, t, win[i], geos_count, &count);
    return count;
}

static void geos_nearest(geos_env *g, GEOSSTRtree *t, GEOSGeometry **qg,
                         const double *q, size_t nq, double *firsts)
{
    for (size_t i = 0; i < nq; i++) {
        const double *p = GEOSSTRtree_nearest_generic_r(
            g->h, t, q + 2 * i, qg[i], geos_dist, NULL);
        if (!p)
            die("GEOS nearest failed");
        geos_dist(p, q + 2 * i, &firsts[i], NULL);
    }
}

/* -------------------------------------------------------------- SQLite */

static void sq_check(sqlite3 *db, int rc, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        die("sqlite %s: %s", what, sqlite3_errmsg(db));
}

static sqlite3 *sqlite_build(const double *xy, size_t n)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;

    sq_check(db, sqlite3_open(":memory:", &db), "open");
    sq_check(db, sqlite3_exec(db,
                              "CREATE VIRTUAL TABLE rt USING rtree(id, minx, "
                              "maxx, miny, maxy);"
                              "BEGIN;",
                              NULL, NULL, NULL),
             "create");
    sq_check(db, sqlite3_prepare_v2(db,
                                    "INSERT INTO rt VALUES(?1, ?2, ?2, ?3, ?3)",
                                    -1, &st, NULL),
             "prepare insert");
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
        sqlite3_bind_double(st, 2, xy[2 * i]);
        sqlite3_bind_double(st, 3, xy[2 * i + 1]);
        sq_check(db, sqlite3_step(st), "insert");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sq_check(db, sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL), "commit");
    return db;
}

/* R*Tree boxes are float32 rounded outward, so candidates are refined
 * against the exact coordinates, as our float32 inner boxes are. */
static size_t sqlite_windows(sqlite3 *db, const double *xy, const double *w,
                             size_t nq)
{
    sqlite3_stmt *st = NULL;
    size_t count = 0;
    int rc;

    sq_check(db, sqlite3_prepare_v2(db,
                                    "SELECT id FROM rt WHERE minx <= ?3 AND "
                                    "maxx >= ?1 AND miny <= ?4 AND maxy >= "
                                    "?2",
                                    -1, &st, NULL),
             "prepare select");
    for (size_t i = 0; i < nq; i++, w += 4) {
        for (int k = 0; k < 4; k++)
            sqlite3_bind_double(st, k + 1, w[k]);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const double *p = xy + 2 * sqlite3_column_int64(st, 0);
            count += p[0] >= w[0] && p[0] <= w[2] && p[1] >= w[1] &&
                     p[1] <= w[3];
        }
        sq_check(db, rc, "select");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return count;
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fprintf(stderr,
            "usage: bench_index [--n N] [--queries Q] [--runs R] [--quick] "
            "[--no-sqlite]\n"
            "  --n N        points (default 1000000)\n"
            "  --queries Q  queries of each kind (default 10000)\n"
            "  --runs R     runs per measurement, median (default 3)\n"
            "  --node M     node size of our tree (default 16)\n"
            "  --quick      --n 100000 --queries 1000 --runs 1\n"
            "  --no-sqlite  skip SQLite (its build takes ~16 s per run)\n"
            "  --ours-only  skip GEOS and SQLite (for profiling)\n");
    exit(2);
}

static void parse(opts *o, int argc, char **argv)
{
    o->n = 1000000;
    o->queries = 10000;
    o->runs = 3;
    o->sqlite = 1;
    o->geos = 1;
    o->node_size = 0;
    o->seed = 20240601;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--quick")) {
            o->n = 100000;
            o->queries = 1000;
            o->runs = 1;
        } else if (!strcmp(a, "--no-sqlite")) {
            o->sqlite = 0;
        } else if (!strcmp(a, "--ours-only")) {
            o->sqlite = 0;
            o->geos = 0;
        } else if (i + 1 < argc && !strcmp(a, "--n")) {
            o->n = strtoul(argv[++i], NULL, 10);
        } else if (i + 1 < argc && !strcmp(a, "--queries")) {
            o->queries = strtoul(argv[++i], NULL, 10);
        } else if (i + 1 < argc && !strcmp(a, "--node")) {
            o->node_size = (unsigned)atoi(argv[++i]);
        } else if (i + 1 < argc && !strcmp(a, "--runs")) {
            o->runs = atoi(argv[++i]);
        } else {
            usage();
        }
    }
    if (o->n < 1 || o->queries < 1 || o->runs < 1 || o->runs > MAX_RUNS)
        usage();
}

static void windows(double *w, size_t nq, double frac)
{
    double ww = (MAXX - MINX) * frac, wh = (MAXY - MINY) * frac;
    for (size_t i = 0; i < nq; i++) {
        w[4 * i] = uniform(MINX, MAXX - ww);
        w[4 * i + 1] = uniform(MINY, MAXY - wh);
        w[4 * i + 2] = w[4 * i] + ww;
        w[4 * i + 3] = w[4 * i + 1] + wh;
    }
}

static void row(const char *what, double ours, double geos, double sq)
{
    printf("%-22s %10.1f", what, ours);
    if (geos > 0)
        printf(" %10.1f %8.2fx", geos, geos / ours);
    else
        printf(" %10s %9s", "n/a", "");
    if (sq > 0)
        printf(" %10.1f\n", sq);
    else
        printf(" %10s\n", "n/a");
}

int main(int argc, char **argv)
{
    opts o;
    kz_ctx *ctx = NULL;
    kz_rtree *tree = NULL;
    kz_rtree_knn_scratch *sc = NULL;
    geos_env g = {0};
    GEOSSTRtree *gt = NULL;
    GEOSGeometry **wsg, **wlg, **qg;
    sqlite3 *db = NULL;
    double *xy, *ws, *wl, *q, *f_ours, *f_geos;
    double t[MAX_RUNS][16] = {{0}}, v[MAX_RUNS], med[16] = {0}, t0;
    size_t cap, c_small[4] = {0}, c_large[3] = {0}, len, geos_bytes = 0;
    kz_rtree_options ro = KZ_RTREE_OPTIONS_INIT;
    double bpp;

    parse(&o, argc, argv);
    ro.node_size = o.node_size;
    rng_state = o.seed;
    xy = malloc(2 * o.n * sizeof(double));
    ws = malloc(4 * o.queries * sizeof(double));
    wl = malloc(4 * o.queries * sizeof(double));
    q = malloc(2 * o.queries * sizeof(double));
    f_ours = malloc(o.queries * sizeof(double));
    f_geos = malloc(o.queries * sizeof(double));
    for (size_t i = 0; i < o.n; i++) {
        xy[2 * i] = uniform(MINX, MAXX);
        xy[2 * i + 1] = uniform(MINY, MAXY);
    }
    windows(ws, o.queries, 0.01); /* 0.01% of the area */
    windows(wl, o.queries, 0.1);  /* 1% */
    for (size_t i = 0; i < o.queries; i++) {
        q[2 * i] = uniform(MINX, MAXX);
        q[2 * i + 1] = uniform(MINY, MAXY);
    }
    cap = o.n;
    if (kz_ctx_create(&ctx, NULL) < 0 ||
        kz_rtree_knn_scratch_create(&sc, ctx) < 0)
        die("no context");
    {
        uint32_t *buf = malloc(cap * sizeof(uint32_t));

        g.h = GEOS_init_r();
        g.xy = xy;
        g.pts = malloc(o.n * sizeof(*g.pts));
        for (size_t i = 0; i < o.n; i++)
            g.pts[i] = GEOSGeom_createPointFromXY_r(g.h, xy[2 * i],
                                                    xy[2 * i + 1]);
        wsg = malloc(o.queries * sizeof(*wsg));
        wlg = malloc(o.queries * sizeof(*wlg));
        qg = malloc(o.queries * sizeof(*qg));
        for (size_t i = 0; i < o.queries; i++) {
            const double *a = ws + 4 * i, *b = wl + 4 * i;
            wsg[i] = GEOSGeom_createRectangle_r(g.h, a[0], a[1], a[2], a[3]);
            wlg[i] = GEOSGeom_createRectangle_r(g.h, b[0], b[1], b[2], b[3]);
            qg[i] = GEOSGeom_createPointFromXY_r(g.h, q[2 * i], q[2 * i + 1]);
        }

        for (int r = 0; r < o.runs; r++) {
            size_t before;
            /* 0: build, 1: add/finish build */
            kz_rtree_destroy(tree);
            tree = NULL;
            t0 = bench_now_ms();
            if (kz_rtree_build_points(&tree, ctx, xy, o.n, &ro) < 0)
                die("build: %s", kz_ctx_error(ctx)->message);
            t[r][0] = bench_now_ms() - t0;
            {
                kz_rtree *t2 = NULL;
                t0 = bench_now_ms();
                if (kz_rtree_create(&t2, ctx, o.n, &ro) < 0)
                    die("create");
                for (size_t i = 0; i < o.n; i++)
                    kz_rtree_add_point(ctx, t2, xy[2 * i], xy[2 * i + 1]);
                if (kz_rtree_finish(ctx, t2) < 0)
                    die("finish: %s", kz_ctx_error(ctx)->message);
                t[r][1] = bench_now_ms() - t0;
                kz_rtree_destroy(t2);
            }
            /* 2/3: small windows visitor/ids; 4/5: large; 6: knn10;
             * 7: knn1; 8: geo knn10 */
            t0 = bench_now_ms();
            c_small[0] = ours_windows_visit(ctx, tree, ws, o.queries);
            t[r][2] = bench_now_ms() - t0;
            t0 = bench_now_ms();
            c_small[1] = ours_windows_ids(ctx, tree, ws, o.queries, buf, cap);
            t[r][3] = bench_now_ms() - t0;
            t0 = bench_now_ms();
            c_large[0] = ours_windows_visit(ctx, tree, wl, o.queries);
            t[r][4] = bench_now_ms() - t0;
            t0 = bench_now_ms();
            c_large[1] = ours_windows_ids(ctx, tree, wl, o.queries, buf, cap);
            t[r][5] = bench_now_ms() - t0;
            t0 = bench_now_ms();
            ours_knn(ctx, tree, sc, q, o.queries, 10, 0, NULL);
            t[r][6] = bench_now_ms() - t0;
            t0 = bench_now_ms();
            ours_knn(ctx, tree, sc, q, o.queries, 1, 0, f_ours);
            t[r][7] = bench_now_ms() - t0;
            t0 = bench_now_ms();
            ours_knn(ctx, tree, sc, q, o.queries, 10, 1, NULL);
            t[r][8] = bench_now_ms() - t0;

            /* GEOS: 9 build, 10 small, 11 large, 12 nearest */
            if (!o.geos) {
                c_small[2] = c_small[3] = c_small[0];
                c_large[2] = c_large[0];
                memcpy(f_geos, f_ours, o.queries * sizeof(double));
                fprintf(stderr, "run %d of %d done\n", r + 1, o.runs);
                continue;
            }
            GEOSSTRtree_destroy_r(g.h, gt);
            before = heap_in_use();
            t0 = bench_now_ms();
            gt = geos_build(&g, o.n);
            t[r][9] = bench_now_ms() - t0;
            geos_bytes = heap_in_use() - before;
            t0 = bench_now_ms();
            c_small[2] = geos_windows(&g, gt, wsg, o.queries);
            t[r][10] = bench_now_ms() - t0;
            t0 = bench_now_ms();
            c_large[2] = geos_windows(&g, gt, wlg, o.queries);
            t[r][11] = bench_now_ms() - t0;
            t0 = bench_now_ms();
            geos_nearest(&g, gt, qg, q, o.queries, f_geos);
            t[r][12] = bench_now_ms() - t0;

            /* SQLite: 13 build, 14 small windows */
            if (o.sqlite) {
                sqlite3_close(db);
                t0 = bench_now_ms();
                db = sqlite_build(xy, o.n);
                t[r][13] = bench_now_ms() - t0;
                t0 = bench_now_ms();
                c_small[3] = sqlite_windows(db, xy, ws, o.queries);
                t[r][14] = bench_now_ms() - t0;
            } else {
                c_small[3] = c_small[0];
            }

            if (c_small[0] != c_small[1] || c_small[0] != c_small[2] ||
                c_small[0] != c_small[3])
                die("small windows: counts differ: ours %zu/%zu, GEOS %zu, "
                    "SQLite %zu",
                    c_small[0], c_small[1], c_small[2], c_small[3]);
            if (c_large[0] != c_large[1] || c_large[0] != c_large[2])
                die("large windows: counts differ: ours %zu/%zu, GEOS %zu",
                    c_large[0], c_large[1], c_large[2]);
            for (size_t i = 0; i < o.queries; i++)
                if (f_ours[i] != f_geos[i])
                    die("nearest %zu: ours at %.17g, GEOS at %.17g", i,
                        f_ours[i], f_geos[i]);
            fprintf(stderr, "run %d of %d done\n", r + 1, o.runs);
        }
        free(buf);
    }
    for (int k = 0; k < 15; k++) {
        for (int r = 0; r < o.runs; r++)
            v[r] = t[r][k];
        med[k] = median(v, o.runs);
    }
    kz_rtree_data(tree, &len);
    bpp = (double)len / (double)o.n;

    printf("points %zu, queries %zu of each kind, median of %d run(s), ms\n",
           o.n, o.queries, o.runs);
    printf("results: small windows %zu (%.1f per query), large windows %zu "
           "(%.0f per query)\n",
           c_small[0], (double)c_small[0] / (double)o.queries, c_large[0],
           (double)c_large[0] / (double)o.queries);
    printf("%-22s %10s %10s %9s %10s\n", "", "kz_rtree", "GEOS", "ratio",
           "SQLite");
    row("build", med[0], med[9], o.sqlite ? med[13] : 0);
    row("build (add+finish)", med[1], med[9], 0);
    row("window small, visitor", med[2], med[10], o.sqlite ? med[14] : 0);
    row("window small, ids", med[3], med[10], 0);
    row("window large, visitor", med[4], med[11], 0);
    row("window large, ids", med[5], med[11], 0);
    row("knn k=1", med[7], med[12], 0);
    row("knn k=10", med[6], 0, 0);
    row("knn geo k=10", med[8], 0, 0);
    printf("%-22s %10.1f %10.1f %9s %10s\n", "bytes per item", bpp,
           (double)geos_bytes / (double)o.n, "", "n/a");
    printf("index-vs-geos: build %.2fx window-small %.2fx window-large %.2fx "
           "knn %.2fx bytes-per-point %.1f\n",
           med[9] / med[0], med[10] / med[2], med[11] / med[4],
           med[12] / med[7], bpp);

    sqlite3_close(db);
    GEOSSTRtree_destroy_r(g.h, gt);
    for (size_t i = 0; i < o.n; i++)
        GEOSGeom_destroy_r(g.h, g.pts[i]);
    for (size_t i = 0; i < o.queries; i++) {
        GEOSGeom_destroy_r(g.h, wsg[i]);
        GEOSGeom_destroy_r(g.h, wlg[i]);
        GEOSGeom_destroy_r(g.h, qg[i]);
    }
    GEOS_finish_r(g.h);
    free(g.pts);
    free(wsg);
    free(wlg);
    free(qg);
    kz_rtree_knn_scratch_destroy(sc);
    kz_rtree_destroy(tree);
    kz_ctx_destroy(ctx);
    free(xy);
    free(ws);
    free(wl);
    free(q);
    free(f_ours);
    free(f_geos);
    return 0;
}
