/*
 * tindex.c - the test_index runner and the fixtures of tindex.h.  The
 * oracles are deliberately naive: linear scans and textbook formulas.
 */
#include "tindex.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RAD (3.14159265358979323846 / 180.0)

void trng_init(trng *r, uint64_t salt)
{
    r->s = (uint64_t)kz_test_seed() * 0x9e3779b97f4a7c15u + salt * 7919 + 1;
    for (int i = 0; i < 4; i++)
        trng_next(r);
}

uint64_t trng_next(trng *r)
{
    /* splitmix64 */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

double trng_uniform(trng *r, double lo, double hi)
{
    return lo + (hi - lo) * ((double)(trng_next(r) >> 11) / 9007199254740992.0);
}

double *tset_make(trng *r, tset_kind kind, size_t n)
{
    double *it = malloc((n ? n : 1) * 4 * sizeof(double));
    double pool[16][2];

    for (int i = 0; i < 16; i++) {
        pool[i][0] = trng_uniform(r, 44.77, 50.63);
        pool[i][1] = trng_uniform(r, 38.39, 41.91);
    }
    for (size_t i = 0; i < n; i++) {
        double *b = it + 4 * i;
        switch (kind) {
        case TSET_POINTS:
            b[0] = b[2] = trng_uniform(r, 44.77, 50.63);
            b[1] = b[3] = trng_uniform(r, 38.39, 41.91);
            break;
        case TSET_DUPLICATES: {
            const double *p = pool[trng_next(r) % 16];
            b[0] = b[2] = p[0];
            b[1] = b[3] = p[1];
            break;
        }
        case TSET_BOXES: {
            uint64_t c = trng_next(r) % 100;
            double w = c < 10 ? 0 : trng_uniform(r, 0, 0.05);
            double h = c < 20 ? 0 : trng_uniform(r, 0, 0.05);
            if (c == 99) /* very large */
                w = 50, h = 30;
            b[0] = trng_uniform(r, 44.77, 50.63) - w / 2;
            b[1] = trng_uniform(r, 38.39, 41.91) - h / 2;
            b[2] = b[0] + w;
            b[3] = b[1] + h;
            break;
        }
        case TSET_LONLAT:
            b[0] = b[2] = trng_uniform(r, -180, 180);
            b[1] = b[3] = asin(trng_uniform(r, -1, 1)) / RAD;
            break;
        }
    }
    return it;
}

kz_rtree *tset_tree(const double *items, size_t n, unsigned node_size)
{
    kz_rtree_options o = KZ_RTREE_OPTIONS_INIT;
    kz_rtree *t = NULL;
    int rc;

    o.node_size = node_size;
    rc = kz_rtree_create(&t, kz_test_ctx, n, &o);
    for (size_t i = 0; rc == KZ_OK && i < n; i++)
        rc = kz_rtree_add(kz_test_ctx, t, items[4 * i], items[4 * i + 1],
                          items[4 * i + 2], items[4 * i + 3]);
    if (rc == KZ_OK)
        rc = kz_rtree_finish(kz_test_ctx, t);
    if (rc != KZ_OK) {
        fprintf(stderr, "tree of %zu: %s\n", n,
                kz_ctx_error(kz_test_ctx)->message);
        CU_FAIL("building the tree failed");
        kz_rtree_destroy(t);
        return NULL;
    }
    return t;
}

int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

size_t oracle_window(uint32_t *out, const double *items, size_t n,
                     const double *w)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const double *b = items + 4 * i;
        if (b[0] <= w[2] && b[2] >= w[0] && b[1] <= w[3] && b[3] >= w[1])
            out[k++] = (uint32_t)i;
    }
    return k;
}

double oracle_geo_dist(double lon1, double lat1, double lon2, double lat2)
{
    /* angle between unit vectors, atan2 of |cross| and dot */
    double a[3] = {cos(lat1 * RAD) * cos(lon1 * RAD),
                   cos(lat1 * RAD) * sin(lon1 * RAD), sin(lat1 * RAD)};
    double b[3] = {cos(lat2 * RAD) * cos(lon2 * RAD),
                   cos(lat2 * RAD) * sin(lon2 * RAD), sin(lat2 * RAD)};
    double c[3] = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
                   a[0] * b[1] - a[1] * b[0]};
    double cr = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    return atan2(cr, dot) * KZ_EARTH_RADIUS_M;
}

double oracle_geo_box_dist(double lon, double lat, const double *b)
{
    /* inside: 0; else the minimum over densely sampled edges, refined by
     * ternary search on each edge (distance along an edge is unimodal) */
    double best = INFINITY;
    if (lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3])
        return 0;
    for (int e = 0; e < 4; e++) {
        double lo = 0, hi = 1;
        for (int it = 0; it < 80; it++) {
            double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3, d1, d2;
            double p1[2], p2[2];
            double t1 = m1, t2 = m2;
            if (e < 2) { /* meridian edges */
                p1[0] = p2[0] = e == 0 ? b[0] : b[2];
                p1[1] = b[1] + (b[3] - b[1]) * t1;
                p2[1] = b[1] + (b[3] - b[1]) * t2;
            } else { /* parallel edges */
                p1[1] = p2[1] = e == 2 ? b[1] : b[3];
                p1[0] = b[0] + (b[2] - b[0]) * t1;
                p2[0] = b[0] + (b[2] - b[0]) * t2;
            }
            d1 = oracle_geo_dist(lon, lat, p1[0], p1[1]);
            d2 = oracle_geo_dist(lon, lat, p2[0], p2[1]);
            if (d1 < best)
                best = d1;
            if (d2 < best)
                best = d2;
            if (d1 < d2)
                hi = m2;
            else
                lo = m1;
        }
    }
    return best;
}

int main(void)
{
    kz_test_seed();
    if (kz_test_add_suite("index_window", kz_index_window_cases) < 0 ||
        kz_test_add_suite("index_knn", kz_index_knn_cases) < 0 ||
        kz_test_add_suite("index_io", kz_index_io_cases) < 0 ||
        kz_test_add_suite("index_robust", kz_index_robust_cases) < 0 ||
        kz_test_add_suite("index_collide", kz_index_collide_cases) < 0)
        return 2;
    return kz_test_run();
}
