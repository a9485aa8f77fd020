/*
 * collide.c - label collision on a page: placed boxes are listed in every
 * cell of a uniform grid they cover.  Cell ranges are clamped to the grid,
 * which keeps order, so two boxes that overlap always share a cell, also
 * beyond the page edge.
 */
#include "core/core.h"

#include <math.h>
#include <string.h>

#define MAX_CELLS 4194304u
#define NONE UINT32_MAX

typedef struct centry {
    uint32_t box;
    uint32_t next;
} centry;

struct kz_collide {
    kz_ctx *ctx;
    double x0, y0, cell;
    size_t nx, ny;
    uint32_t *head; /* first entry of each cell, NONE when empty */
    centry *ent;
    size_t nent, entcap;
    double *box; /* 4 per placed box */
    size_t nbox, boxcap;
};

int kz_collide_create(kz_collide **out, kz_ctx *ctx, double minx,
                      double miny, double maxx, double maxy, double cell)
{
    kz_collide *c = NULL;
    double w = maxx - minx, h = maxy - miny, nx, ny;
    int rc = KZ_OK;

    KZ_ASSERT_ARG(ctx, out);
    *out = NULL;
    if (!(isfinite(w) && isfinite(h) && w > 0 && h > 0))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "collide: empty or non-finite page "
                         "(%g, %g, %g, %g)",
                         minx, miny, maxx, maxy);
    if (!(cell > 0) || !isfinite(cell))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "collide: cell size %g is not positive", cell);
    for (;;) {
        nx = ceil(w / cell);
        ny = ceil(h / cell);
        if (nx * ny <= MAX_CELLS)
            break;
        cell *= 1.25;
    }
    if (!(c = kz__calloc(ctx, 1, sizeof(*c))))
        return KZ_ENOMEM;
    c->ctx = ctx;
    c->x0 = minx;
    c->y0 = miny;
    c->cell = cell;
    c->nx = nx < 1 ? 1 : (size_t)nx;
    c->ny = ny < 1 ? 1 : (size_t)ny;
    if (!(c->head = kz__mallocarray(ctx, c->nx * c->ny, sizeof(uint32_t)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    kz_collide_clear(c);
    *out = c;
    c = NULL;
done:
    kz_collide_destroy(c);
    return rc;
}

void kz_collide_destroy(kz_collide *c)
{
    if (!c)
        return;
    kz__free(c->ctx, c->head);
    kz__free(c->ctx, c->ent);
    kz__free(c->ctx, c->box);
    kz__free(c->ctx, c);
}

void kz_collide_clear(kz_collide *c)
{
    if (!c)
        return;
    memset(c->head, 0xff, c->nx * c->ny * sizeof(uint32_t));
    c->nent = 0;
    c->nbox = 0;
}

size_t kz_collide_count(const kz_collide *c)
{
    return c ? c->nbox : 0;
}

static size_t cell_of(double v, double v0, double cell, size_t n)
{
    double g = floor((v - v0) / cell);
    if (!(g > 0))
        return 0;
    if (g >= (double)(n - 1))
        return n - 1;
    return (size_t)g;
}

/* Cell range [i0, i1] x [j0, j1] of a box, clamped to the grid. */
static void cells(const kz_collide *c, const double *b, size_t *r)
{
    r[0] = cell_of(b[0], c->x0, c->cell, c->nx);
    r[1] = cell_of(b[1], c->y0, c->cell, c->ny);
    r[2] = cell_of(b[2], c->x0, c->cell, c->nx);
    r[3] = cell_of(b[3], c->y0, c->cell, c->ny);
}

int kz_collide_insert(kz_ctx *ctx, kz_collide *c, double minx, double miny,
                      double maxx, double maxy)
{
    const double b[4] = {minx, miny, maxx, maxy};
    size_t r[4], need, i, j;
    uint32_t id;

    KZ_ASSERT_ARG(ctx, c);
    if (!(isfinite(minx) && isfinite(miny) && isfinite(maxx) &&
          isfinite(maxy)) ||
        minx > maxx || miny > maxy)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "collide: bad box (%g, %g, %g, %g)", minx, miny,
                         maxx, maxy);
    cells(c, b, r);
    need = (r[2] - r[0] + 1) * (r[3] - r[1] + 1);
    if (c->nbox >= NONE || c->nent + need >= NONE)
        return kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL,
                         "collide: too many boxes");
    if (kz__grow(ctx, (void **)&c->box, &c->boxcap, 4 * (c->nbox + 1),
                 sizeof(double)) < 0 ||
        kz__grow(ctx, (void **)&c->ent, &c->entcap, c->nent + need,
                 sizeof(centry)) < 0)
        return KZ_ENOMEM;
    id = (uint32_t)c->nbox++;
    memcpy(c->box + 4 * (size_t)id, b, sizeof(b));
    for (j = r[1]; j <= r[3]; j++)
        for (i = r[0]; i <= r[2]; i++) {
            uint32_t *h = c->head + j * c->nx + i;
            c->ent[c->nent].box = id;
            c->ent[c->nent].next = *h;
            *h = (uint32_t)c->nent++;
        }
    return KZ_OK;
}

int kz_collide_test(const kz_collide *c, double minx, double miny,
                    double maxx, double maxy)
{
    const double b[4] = {minx, miny, maxx, maxy};
    size_t r[4], i, j;

    if (!c || isnan(minx) || isnan(miny) || isnan(maxx) || isnan(maxy))
        return 0;
    cells(c, b, r);
    for (j = r[1]; j <= r[3]; j++)
        for (i = r[0]; i <= r[2]; i++) {
            uint32_t e = c->head[j * c->nx + i];
            for (; e != NONE; e = c->ent[e].next) {
                const double *p = c->box + 4 * (size_t)c->ent[e].box;
                if (p[0] < maxx && minx < p[2] && p[1] < maxy && miny < p[3])
                    return 1;
            }
        }
    return 0;
}
