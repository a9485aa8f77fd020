/*
 * bench_assign.c - assignment of N random points to the bundled districts:
 * kahriz-atlas's locator (boundary grid + prepared geometries) against the
 * plain GEOS approach (STRtree over district envelopes + prepared
 * geometries) and against SpatiaLite SQL (ST_Intersects with the points'
 * R-tree, through ogrinfo on a GeoPackage); counts per district must agree.
 * Then the statistics on top.  A benchmark, not a test.
 *
 *   bench_assign [--n N] [--runs R] [--no-spatialite]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aggregate/locator.h"

#include "bench.h"

static double median3(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), bench_cmp_double);
    return v[n / 2];
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static double rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (rng >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct plain_ctx {
    const kz_locator *loc;
    GEOSContextHandle_t h;
    const GEOSGeometry *pt;
    long best;
    size_t best_rank;
    const size_t *rank;
    int best_interior;
} plain_ctx;

static void plain_visit(void *item, void *ud)
{
    plain_ctx *p = ud;
    size_t d = (size_t)(uintptr_t)item - 1;
    int interior;
    if (GEOSPreparedIntersects_r(p->h, p->loc->prep[d], p->pt) != 1)
        return;
    interior = GEOSPreparedContainsProperly_r(p->h, p->loc->prep[d], p->pt) ==
               1;
    /* same rule as ours: interior beats boundary, then smaller code */
    if (p->best < 0 || interior > p->best_interior ||
        (interior == p->best_interior && p->rank[d] < p->best_rank)) {
        p->best = (long)d;
        p->best_rank = p->rank[d];
        p->best_interior = interior;
    }
}

int main(int argc, char **argv)
{
    size_t n = 1000000, i, nd;
    int runs = 3, spatialite = 1, r, a;
    kz_ctx *ctx = NULL;
    kz_survey *sv = NULL;
    kz_sources src = KZ_SOURCES_INIT;
    double *xy, t_ours[5], t_plain[5], t_build[5], t_stats[5];
    long *ours, *plain, *cnt_ours, *cnt_plain;
    size_t *rank;
    const kz_locator *loc;
    GEOSContextHandle_t h;
    GEOSSTRtree *tree;
    double minx = 44.7, miny = 38.3, maxx = 50.7, maxy = 41.95;
    char kpath[4096], dpath[4096];
    const char *root = getenv("KZ_SOURCE_DIR") ? getenv("KZ_SOURCE_DIR")
                                                : KZ_SOURCE_DIR;

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--n") == 0 && a + 1 < argc)
            n = strtoul(argv[++a], NULL, 10);
        else if (strcmp(argv[a], "--runs") == 0 && a + 1 < argc)
            runs = atoi(argv[++a]);
        else if (strcmp(argv[a], "--no-spatialite") == 0)
            spatialite = 0;
        else {
            fprintf(stderr, "usage: %s [--n N] [--runs R] [--no-spatialite]\n",
                    argv[0]);
            return 2;
        }
    }
    if (runs < 1 || runs > 5)
        runs = 3;
    snprintf(kpath, sizeof(kpath), "%s/data/survey/kahrizes.csv", root);
    snprintf(dpath, sizeof(dpath), "%s/data/districts.geojson", root);
    src.kahrizes = kpath;
    src.districts = dpath;
    if (kz_ctx_create(&ctx, NULL) < 0)
        return 1;
    if (kz_survey_load(&sv, ctx, &src, NULL) < 0 || !sv->locator) {
        fprintf(stderr, "%s\n", kz_ctx_error(ctx)->message);
        return 1;
    }
    loc = sv->locator;
    h = kz__geos(ctx);
    nd = sv->n_districts;

    xy = malloc(2 * n * sizeof(double));
    ours = malloc(n * sizeof(long));
    plain = malloc(n * sizeof(long));
    cnt_ours = calloc(nd + 1, sizeof(long));
    cnt_plain = calloc(nd + 1, sizeof(long));
    rank = malloc(nd * sizeof(size_t));
    if (!xy || !ours || !plain || !cnt_ours || !cnt_plain || !rank)
        return 1;
    for (i = 0; i < nd; i++)
        rank[loc->order[i]] = i;
    /* points uniform over the districts (kahrizes lie inside them), plus
     * a few percent outside as real surveys have */
    for (i = 0; i < n;) {
        double x = minx + (maxx - minx) * rnd(), y = miny + (maxy - miny) * rnd();
        if (kz__locator_exact(ctx, loc, x, y) < 0 && rnd() > 0.05)
            continue;
        xy[2 * i] = x;
        xy[2 * i + 1] = y;
        i++;
    }
    printf("assignment of %zu random points to %zu districts, median of %d\n",
           n, nd, runs);

    /* ours: the locator (built once per load; its build is timed too) */
    for (r = 0; r < runs; r++) {
        kz_locator *l2 = NULL;
        double t0 = bench_now_ms();
        kz__locator_create(&l2, ctx, sv, 1024);
        t_build[r] = bench_now_ms() - t0;
        kz__locator_destroy(ctx, l2);
        t0 = bench_now_ms();
        for (i = 0; i < n; i++)
            ours[i] = kz__locator_find(ctx, loc, xy[2 * i], xy[2 * i + 1]);
        t_ours[r] = bench_now_ms() - t0;
    }

    /* plain GEOS: STRtree of envelopes + prepared geometries */
    tree = GEOSSTRtree_create_r(h, 10);
    for (i = 0; i < nd; i++) {
        GEOSGeometry *env = GEOSEnvelope_r(h, loc->geoms[i]);
        GEOSSTRtree_insert_r(h, tree, env, (void *)(uintptr_t)(i + 1));
        GEOSGeom_destroy_r(h, env);
    }
    for (r = 0; r < runs; r++) {
        double t0 = bench_now_ms();
        for (i = 0; i < n; i++) {
            GEOSGeometry *pt =
                GEOSGeom_createPointFromXY_r(h, xy[2 * i], xy[2 * i + 1]);
            plain_ctx pc = {loc, h, pt, -1, 0, rank, 0};
            GEOSSTRtree_query_r(h, tree, pt, plain_visit, &pc);
            plain[i] = pc.best;
            GEOSGeom_destroy_r(h, pt);
        }
        t_plain[r] = bench_now_ms() - t0;
    }
    GEOSSTRtree_destroy_r(h, tree);

    for (i = 0; i < n; i++) {
        cnt_ours[ours[i] < 0 ? nd : (size_t)ours[i]]++;
        cnt_plain[plain[i] < 0 ? nd : (size_t)plain[i]]++;
        if (ours[i] != plain[i]) {
            fprintf(stderr, "MISMATCH at %.9f %.9f: ours %ld, GEOS %ld\n",
                    xy[2 * i], xy[2 * i + 1], ours[i], plain[i]);
            return 1;
        }
    }

    /* statistics on top of an assigned survey of the same size */
    for (r = 0; r < runs; r++) {
        kz_stats *st = NULL;
        double t0 = bench_now_ms();
        kz_stats_compute(&st, ctx, sv, KZ_STATS_BY_DISTRICT);
        t_stats[r] = bench_now_ms() - t0;
        kz_stats_destroy(st);
    }

    {
        double o = median3(t_ours, runs), p = median3(t_plain, runs);
        printf("  ours (grid + prepared)   %9.1f ms   (%.0f ns/point; grid "
               "build %.1f ms, %zu boundary cells of %u)\n",
               o, o * 1e6 / (double)n, median3(t_build, runs),
               loc->boundary_cells, loc->w * loc->h);
        printf("  GEOS STRtree + prepared  %9.1f ms   (%.0f ns/point)\n", p,
               p * 1e6 / (double)n);
        printf("  counts identical: yes (%ld unassigned)\n", cnt_ours[nd]);
        printf("  stats on the bundled survey: %.1f ms\n",
               median3(t_stats, runs));

        if (spatialite) {
            char dir[] = "/tmp/kzbench-XXXXXX", cmd[8192], line[256];
            FILE *fp;
            double t0, t_load, t_sql;
            long total = 0;
            if (!mkdtemp(dir))
                return 1;
            snprintf(cmd, sizeof(cmd), "%s/pts.csv", dir);
            fp = fopen(cmd, "w");
            fprintf(fp, "id,x,y\n");
            for (i = 0; i < n; i++)
                fprintf(fp, "%zu,%.9f,%.9f\n", i, xy[2 * i], xy[2 * i + 1]);
            fclose(fp);
            t0 = bench_now_ms();
            snprintf(cmd, sizeof(cmd),
                     "ogr2ogr -f GPKG %s/b.gpkg %s/pts.csv -oo "
                     "X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -a_srs "
                     "EPSG:4326 -nln pts -gt 100000 && ogr2ogr -update "
                     "-append %s/b.gpkg %s -nln districts",
                     dir, dir, dir, dpath);
            if (system(cmd) != 0)
                return 1;
            t_load = bench_now_ms() - t0;
            t0 = bench_now_ms();
            snprintf(cmd, sizeof(cmd),
                     "ogrinfo -q %s/b.gpkg -sql \"SELECT COUNT(*) AS n FROM "
                     "districts d JOIN pts p ON p.fid IN (SELECT id FROM "
                     "rtree_pts_geom r WHERE r.minx <= ST_MaxX(d.geom) AND "
                     "r.maxx >= ST_MinX(d.geom) AND r.miny <= ST_MaxY(d.geom) "
                     "AND r.maxy >= ST_MinY(d.geom)) WHERE "
                     "ST_Intersects(d.geom, p.geom)\"",
                     dir);
            fp = popen(cmd, "r");
            while (fp && fgets(line, sizeof(line), fp))
                if (strstr(line, "n (Integer) ="))
                    total = atol(strchr(line, '=') + 1);
            if (fp)
                pclose(fp);
            t_sql = bench_now_ms() - t0;
            snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
            if (system(cmd) != 0)
                fprintf(stderr, "cannot remove %s\n", dir);
            printf("  SpatiaLite (ogrinfo SQL) %9.1f ms   (after %.0f ms "
                   "load); %ld point-district pairs (ours: %ld assigned)\n",
                   t_sql, t_load, total, (long)n - cnt_ours[nd]);
            printf("assign-vs-spatialite: %.1fx\n", t_sql / o);
        }
        printf("assign-vs-geos: %.2fx\n", p / o);
    }
    free(xy);
    free(ours);
    free(plain);
    free(cnt_ours);
    free(cnt_plain);
    free(rank);
    kz_survey_destroy(sv);
    kz_ctx_destroy(ctx);
    return 0;
}
