/*
 * rtree.h - layout of a packed Hilbert R-tree, shared by the builder, the
 * searches and the loader.  Invariant: a finished tree is one buffer
 * (header, leaf coordinates, inner node boxes, ids) and every view below
 * points into it; nothing changes after kz_rtree_finish().
 */
#ifndef KZ_INDEX_RTREE_H
#define KZ_INDEX_RTREE_H

#include "core/core.h"

#include <float.h>
#include <math.h>

#define KZ_RTREE_MAGIC "KZRTREE"
#define KZ_RTREE_FORMAT 1
/* coordinate type: float64 leaves, float32 inner boxes rounded outward */
#define KZ_RTREE_COORD_F64_F32 1
#define KZ_RTREE_KIND_BOXES 0
#define KZ_RTREE_KIND_POINTS 1
#define KZ_RTREE_NODE_MIN 2
#define KZ_RTREE_NODE_MAX 256
#define KZ_RTREE_NODE_DEFAULT 16
/* levels: leaves plus inner levels; 2 items per node and 2^32 items need
 * 33, so 40 leaves room */
#define KZ_RTREE_MAX_LEVELS 40
/* depth-first search stack: at most node_size entries per level */
#define KZ_RTREE_STACK 2048

/* The serialized header, little-endian, 64 bytes. */
typedef struct kz_rtree_header {
    char magic[8];         /* "KZRTREE\0" */
    uint8_t format;        /* KZ_RTREE_FORMAT */
    uint8_t coord;         /* KZ_RTREE_COORD_* */
    uint8_t kind;          /* KZ_RTREE_KIND_* */
    uint8_t reserved0;
    uint32_t node_size;
    uint64_t n_items;
    uint64_t checksum;     /* kz__rtree_checksum() */
    double bounds[4];      /* minx, miny, maxx, maxy of all items */
} kz_rtree_header;

struct kz_rtree {
    kz_ctx *ctx; /* allocator of the tree */
    unsigned node_size;
    size_t n;
    size_t added;  /* while unfinished */
    double *stage; /* while unfinished: 4 doubles per item */
    int finished;
    int kind;

    unsigned char *buf; /* the serialized tree */
    size_t buf_len;
    const double *leaves; /* n * 2 (points) or n * 4 (boxes) doubles */
    const float *nodes;   /* inner boxes, 4 floats each, level 1 first */
    const uint32_t *ids;  /* id of each leaf slot */
    unsigned n_levels;    /* leaves count as level 0 */
    size_t level_count[KZ_RTREE_MAX_LEVELS];
    size_t level_start[KZ_RTREE_MAX_LEVELS]; /* into nodes, in boxes */
    size_t span[KZ_RTREE_MAX_LEVELS];  /* leaves under a full node */
    double bounds[4];
};

/* Derive levels and section sizes from n and node size; returns the total
 * buffer size or 0 on overflow / too many levels. */
size_t kz__rtree_layout(kz_rtree *t, size_t n, unsigned node_size, int kind);
/* Point the views of t into t->buf (layout already computed). */
void kz__rtree_bind(kz_rtree *t);
/* Checksum of a serialized tree: every byte, the checksum field read as 0. */
uint64_t kz__rtree_checksum(const unsigned char *buf, size_t len);

/* float32 bounds of a double: the nearest float below / above it */
static inline float kz__round_down(double d)
{
    float f;
    if (d > FLT_MAX)
        return FLT_MAX;
    if (d < -FLT_MAX)
        return -INFINITY;
    f = (float)d;
    if ((double)f > d)
        f = nextafterf(f, -INFINITY);
    return f;
}

static inline float kz__round_up(double d)
{
    float f;
    if (d > FLT_MAX)
        return INFINITY;
    if (d < -FLT_MAX)
        return -FLT_MAX;
    f = (float)d;
    if ((double)f < d)
        f = nextafterf(f, INFINITY);
    return f;
}

static inline size_t kz__rtree_leaf_doubles(int kind)
{
    return kind == KZ_RTREE_KIND_POINTS ? 2 : 4;
}

/* Ask for the children of node j at level L (leaves and ids when L is 1)
 * while the siblings are visited: the misses then overlap. */
static inline __attribute__((always_inline)) void
kz__rtree_prefetch(const kz_rtree *t, unsigned L,
                                      size_t j)
{
    const size_t M = t->node_size;
    const char *p, *end;

    if (L == 1) {
        size_t lo = j * M, hi = lo + M < t->n ? lo + M : t->n;
        p = (const char *)(t->leaves + kz__rtree_leaf_doubles(t->kind) * lo);
        end = (const char *)(t->leaves + kz__rtree_leaf_doubles(t->kind) * hi);
        __builtin_prefetch(t->ids + lo);
    } else {
        size_t lo = j * M, nc = t->level_count[L - 1];
        size_t hi = lo + M < nc ? lo + M : nc;
        p = (const char *)(t->nodes + 4 * (t->level_start[L - 1] + lo));
        end = (const char *)(t->nodes + 4 * (t->level_start[L - 1] + hi));
    }
    for (; p < end; p += 64)
        __builtin_prefetch(p);
}

#endif
