/*
 * rtree_knn.c - k nearest neighbours, best-first: a min-queue of nodes by
 * a lower bound of their distance and a max-heap of the k best items.  A
 * node is opened only while its bound can still beat the k-th best, so the
 * answer is exact; the queue lives in a caller's scratch, reused.
 */
#include "index/rtree.h"

#include <math.h>

#define RAD (3.14159265358979323846 / 180.0)

struct kz_rtree_knn_scratch {
    kz_ctx *ctx;
    struct qent { double d; uint64_t node; } *queue; /* min-heap */
    size_t qcap;
    struct rent { double d; uint32_t id; } *res;     /* max-heap */
    size_t rcap;
};

typedef struct qent qent;
typedef struct rent rent;

int kz_rtree_knn_scratch_create(kz_rtree_knn_scratch **out, kz_ctx *ctx)
{
    kz_rtree_knn_scratch *s;

    KZ_ASSERT_ARG(ctx, out);
    *out = NULL;
    if (!(s = kz__calloc(ctx, 1, sizeof(*s))))
        return KZ_ENOMEM;
    s->ctx = ctx;
    *out = s;
    return KZ_OK;
}

void kz_rtree_knn_scratch_destroy(kz_rtree_knn_scratch *scratch)
{
    if (!scratch)
        return;
    kz__free(scratch->ctx, scratch->queue);
    kz__free(scratch->ctx, scratch->res);
    kz__free(scratch->ctx, scratch);
}

#define ALWAYS_INLINE inline __attribute__((always_inline))

static ALWAYS_INLINE double hav(double a)
{
    double s = sin(a * 0.5);
    return s * s;
}

/* Haversine of the distance between (lat1, .) and (lat2, .) whose
 * longitudes differ by an angle of haversine hdl. */
static ALWAYS_INLINE double hav_partial(double hdl, double coslat1,
                                        double lat1, double lat2)
{
    return hav((lat1 - lat2) * RAD) + coslat1 * cos(lat2 * RAD) * hdl;
}

/* Latitude of the point of a meridian nearest to latitude lat at a
 * longitude difference of haversine hdl. */
static double vertex_lat(double lat, double hdl)
{
    double cosdl = 1 - 2 * hdl;
    if (cosdl <= 0)
        return lat > 0 ? 90 : -90;
    return atan(tan(lat * RAD) / cosdl) / RAD;
}

/* Haversine of the great-circle distance from (lon, lat) to the nearest
 * point of the region between two meridians and two parallels.  Outside
 * the longitude range the nearest point lies on the nearer meridian: at
 * the foot of the perpendicular when within the latitudes, else a corner. */
static double geo_box_hav(double lon, double lat, double coslat,
                          double minlon, double minlat, double maxlon,
                          double maxlat)
{
    double hdl, ext, a, b;

    if (lon >= minlon && lon <= maxlon) {
        if (lat < minlat)
            return hav((minlat - lat) * RAD);
        if (lat > maxlat)
            return hav((lat - maxlat) * RAD);
        return 0;
    }
    a = hav((lon - minlon) * RAD);
    b = hav((lon - maxlon) * RAD);
    hdl = a < b ? a : b;
    ext = vertex_lat(lat, hdl);
    if (ext > minlat && ext < maxlat)
        return hav_partial(hdl, coslat, lat, ext);
    a = hav_partial(hdl, coslat, lat, minlat);
    b = hav_partial(hdl, coslat, lat, maxlat);
    return a < b ? a : b;
}

static ALWAYS_INLINE double planar_box_d2(double x, double y, double x0,
                                          double y0, double x1, double y1)
{
    double dx = x < x0 ? x0 - x : (x > x1 ? x - x1 : 0);
    double dy = y < y0 ? y0 - y : (y > y1 ? y - y1 : 0);
    return dx * dx + dy * dy;
}

typedef struct query {
    double x, y, coslat;
    double max_key; /* prune beyond this key (squared distance or hav) */
    size_t k, r;    /* wanted, held in the result heap */
    kz_rtree_filter_fn filter;
    void *userdata;
    size_t qn; /* entries in the queue */
} query;

static int queue_push(kz_rtree_knn_scratch *sc, query *q, double d,
                      uint64_t node)
{
    qent *h;
    size_t i;

    if (q->qn == sc->qcap &&
        kz__grow(sc->ctx, (void **)&sc->queue, &sc->qcap, q->qn + 1,
                 sizeof(qent)) < 0)
        return KZ_ENOMEM;
    h = sc->queue;
    i = q->qn++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h[p].d <= d)
            break;
        h[i] = h[p];
        i = p;
    }
    h[i].d = d;
    h[i].node = node;
    return KZ_OK;
}

static qent queue_pop(kz_rtree_knn_scratch *sc, query *q)
{
    qent *h = sc->queue, top = h[0], last = h[--q->qn];
    size_t i = 0, n = q->qn;

    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && h[c + 1].d < h[c].d)
            c++;
        if (last.d <= h[c].d)
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = last;
    return top;
}

/* Put (d, id) into the max-heap of the k best, replacing the worst. */
static void result_put(rent *h, query *q, double d, uint32_t id)
{
    size_t i, n;

    if (q->r < q->k) {
        i = q->r++;
        while (i > 0) {
            size_t p = (i - 1) / 2;
            if (h[p].d >= d)
                break;
            h[i] = h[p];
            i = p;
        }
        h[i].d = d;
        h[i].id = id;
        return;
    }
    n = q->r;
    i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && h[c + 1].d > h[c].d)
            c++;
        if (d >= h[c].d)
            break;
        h[i] = h[c];
        i = c;
    }
    h[i].d = d;
    h[i].id = id;
}

/* Worst key that can still enter the results. */
static ALWAYS_INLINE double bar(const rent *res, const query *q)
{
    return q->r == q->k ? res[0].d : q->max_key;
}

static ALWAYS_INLINE void scan_leaves(const kz_rtree *t, rent *res,
                                      query *q, int geo, int points,
                                      size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++) {
        double d;
        if (points) {
            const double *p = t->leaves + 2 * i;
            if (geo)
                d = hav((p[1] - q->y) * RAD) +
                    q->coslat * cos(p[1] * RAD) * hav((p[0] - q->x) * RAD);
            else
                d = (p[0] - q->x) * (p[0] - q->x) +
                    (p[1] - q->y) * (p[1] - q->y);
        } else {
            const double *p = t->leaves + 4 * i;
            if (geo)
                d = geo_box_hav(q->x, q->y, q->coslat, p[0], p[1], p[2],
                                p[3]);
            else
                d = planar_box_d2(q->x, q->y, p[0], p[1], p[2], p[3]);
        }
        if (d > q->max_key || (q->r == q->k && d >= res[0].d))
            continue;
        if (q->filter && !q->filter(q->userdata, t->ids[i]))
            continue;
        result_put(res, q, d, t->ids[i]);
    }
}

static ALWAYS_INLINE double node_key(const float *b, const query *q, int geo)
{
    if (geo) /* slack for the rounding of the trigonometry */
        return geo_box_hav(q->x, q->y, q->coslat, b[0], b[1], b[2], b[3]) *
               (1 - 1e-9);
    return planar_box_d2(q->x, q->y, b[0], b[1], b[2], b[3]);
}

static ALWAYS_INLINE int knn(const kz_rtree *t, kz_rtree_knn_scratch *sc,
                             query *q, int geo, int points)
{
    const size_t M = t->node_size, n = t->n;
    unsigned top = t->n_levels - 1;
    rent *res = sc->res;
    double d;
    int rc;

    if (top == 0) {
        scan_leaves(t, res, q, geo, points, 0, n);
        return KZ_OK;
    }
    d = node_key(t->nodes + 4 * t->level_start[top], q, geo);
    if (d <= q->max_key && (rc = queue_push(sc, q, d, (uint64_t)top << 32)))
        return rc;
    while (q->qn > 0) {
        qent e = queue_pop(sc, q);
        unsigned L = (unsigned)(e.node >> 32);
        size_t lo = (size_t)(uint32_t)e.node * M, hi, c;
        const float *b;

        if (e.d > bar(res, q))
            break;
        if (L == 1) {
            hi = lo + M < n ? lo + M : n;
            scan_leaves(t, res, q, geo, points, lo, hi);
            continue;
        }
        hi = lo + M < t->level_count[L - 1] ? lo + M : t->level_count[L - 1];
        b = t->nodes + 4 * (t->level_start[L - 1] + lo);
        for (c = lo; c < hi; c++, b += 4) {
            d = node_key(b, q, geo);
            if (d <= bar(res, q)) {
                if ((rc = queue_push(sc, q, d, (uint64_t)(L - 1) << 32 | c)))
                    return rc;
                kz__rtree_prefetch(t, L - 1, c);
            }
        }
    }
    return KZ_OK;
}

static int run(size_t *n_found, uint32_t *ids, double *dists, kz_ctx *ctx,
               const kz_rtree *tree, kz_rtree_knn_scratch *sc, double x,
               double y, size_t k, const kz_rtree_knn_options *opts, int geo)
{
    query q = {0};
    double max_dist = -1;
    size_t i, n;
    int rc;

    KZ_ASSERT_ARG(ctx, n_found && tree && sc && sc->ctx == ctx &&
                           (ids || k == 0));
    *n_found = 0;
    if (opts && opts->version != KZ_RTREE_KNN_OPTIONS_VERSION)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "knn options: unknown version %u", opts->version);
    if (!tree->finished)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree knn: tree not finished");
    if (isnan(x) || isnan(y) || (opts && isnan(opts->max_dist)))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "rtree knn: query has NaN coordinates");
    if (k == 0 || tree->n == 0)
        return KZ_OK;
    if (k > tree->n)
        k = tree->n;
    if (kz__grow(ctx, (void **)&sc->res, &sc->rcap, k, sizeof(rent)) < 0)
        return KZ_ENOMEM;
    q.x = x;
    q.y = y;
    q.k = k;
    q.max_key = INFINITY;
    if (opts) {
        q.filter = opts->filter;
        q.userdata = opts->userdata;
        max_dist = opts->max_dist;
    }
    if (geo) {
        q.coslat = cos(y * RAD);
        if (max_dist >= 0 && max_dist / KZ_EARTH_RADIUS_M < 3.14159)
            q.max_key = hav(max_dist / KZ_EARTH_RADIUS_M) * (1 + 1e-9);
    } else if (max_dist >= 0) {
        q.max_key = max_dist * max_dist * (1 + 1e-12);
    }

    if (geo)
        rc = tree->kind == KZ_RTREE_KIND_POINTS ? knn(tree, sc, &q, 1, 1)
                                                : knn(tree, sc, &q, 1, 0);
    else
        rc = tree->kind == KZ_RTREE_KIND_POINTS ? knn(tree, sc, &q, 0, 1)
                                                : knn(tree, sc, &q, 0, 0);
    if (rc < 0)
        return rc;

    /* heap to ascending order, keys to distances; drop the tail beyond
     * max_dist that the slack above let in */
    n = q.r;
    for (i = n; i > 1; i--) {
        rent top = sc->res[0], last = sc->res[i - 1];
        q.r = q.k = i - 1;
        result_put(sc->res, &q, last.d, last.id);
        sc->res[i - 1] = top;
    }
    for (i = 0; i < n; i++) {
        double d = sc->res[i].d;
        d = geo ? 2 * KZ_EARTH_RADIUS_M * asin(sqrt(d < 1 ? d : 1)) : sqrt(d);
        if (max_dist >= 0 && d > max_dist)
            break;
        ids[i] = sc->res[i].id;
        if (dists)
            dists[i] = d;
    }
    *n_found = i;
    return KZ_OK;
}

int kz_rtree_knn(size_t *n_found, uint32_t *ids, double *dists, kz_ctx *ctx,
                 const kz_rtree *tree, kz_rtree_knn_scratch *scratch,
                 double x, double y, size_t k,
                 const kz_rtree_knn_options *opts)
{
    return run(n_found, ids, dists, ctx, tree, scratch, x, y, k, opts, 0);
}

int kz_rtree_knn_geo(size_t *n_found, uint32_t *ids, double *dists,
                     kz_ctx *ctx, const kz_rtree *tree,
                     kz_rtree_knn_scratch *scratch, double lon, double lat,
                     size_t k, const kz_rtree_knn_options *opts)
{
    return run(n_found, ids, dists, ctx, tree, scratch, lon, lat, k, opts,
               1);
}
