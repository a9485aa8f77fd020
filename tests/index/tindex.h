/*
 * tindex.h - shared fixtures of the index tests: a seeded generator of
 * point and box sets, the brute-force oracles and the suites' case lists.
 */
#ifndef KZ_TINDEX_H
#define KZ_TINDEX_H

#include "kztest.h"

#include <stddef.h>
#include <stdint.h>

typedef struct trng {
    uint64_t s;
} trng;

/* Generator for one test, from kz_test_seed() and a per-test salt. */
void trng_init(trng *r, uint64_t salt);
uint64_t trng_next(trng *r);
/* Uniform in [lo, hi). */
double trng_uniform(trng *r, double lo, double hi);

/* Item sets: 4 doubles per item (minx, miny, maxx, maxy). */
typedef enum tset_kind {
    TSET_POINTS,     /* uniform points */
    TSET_DUPLICATES, /* points drawn from a pool of a few locations */
    TSET_BOXES,      /* small boxes, some degenerate, a few very large */
    TSET_LONLAT      /* points over the whole sphere (lon, lat degrees) */
} tset_kind;

double *tset_make(trng *r, tset_kind kind, size_t n);
/* Tree of set items (add/finish); CU-fails and returns NULL on error. */
kz_rtree *tset_tree(const double *items, size_t n, unsigned node_size);

/* Sorted ids of the items intersecting the window (closed boxes). */
size_t oracle_window(uint32_t *out, const double *items, size_t n,
                     const double *w);
int cmp_u32(const void *a, const void *b);
int cmp_double(const void *a, const void *b);
/* Great-circle distance in metres, by a formula unlike haversine. */
double oracle_geo_dist(double lon1, double lat1, double lon2, double lat2);
/* Distance from a point to a lon/lat box, brute force over its edges. */
double oracle_geo_box_dist(double lon, double lat, const double *b);

extern const kz_test_case kz_index_window_cases[];
extern const kz_test_case kz_index_knn_cases[];
extern const kz_test_case kz_index_io_cases[];
extern const kz_test_case kz_index_robust_cases[];
extern const kz_test_case kz_index_collide_cases[];

#endif
