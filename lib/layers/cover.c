/*
 * cover.c - what a page need not draw: a symbol on top of an identical
 * one in the same small cell (seen set), and a symbol or gallery stretch
 * wholly hidden under outlet symbols drawn over it (cover raster).
 */
#include "layers/layers.h"
#include "ingest/survey.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int kz__seen_init(kz_ctx *ctx, kz_seen_set *s, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    s->keys = kz__calloc(ctx, cap, sizeof(uint64_t));
    s->mask = cap - 1;
    return s->keys ? KZ_OK : KZ_ENOMEM;
}

/* 1 when the key was there already; else adds it. */
int kz__seen_add(kz_seen_set *s, uint64_t key)
{
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) & s->mask;
    while (s->keys[h]) {
        if (s->keys[h] == key)
            return 1;
        h = (h + 1) & s->mask;
    }
    s->keys[h] = key;
    return 0;
}

/* Key of the grid cell (of size cell) holding (x, y), with tag in the low
 * 20 bits; tag must not be 0, so that no key is. */
uint64_t kz__grid_key(double x, double y, double cell, uint64_t tag)
{
    uint64_t cx = (uint64_t)(int64_t)floor(x / cell) & 0xFFFFFu;
    uint64_t cy = (uint64_t)(int64_t)floor(y / cell) & 0xFFFFFu;
    return cx << 40 | cy << 20 | tag;
}

int kz__cover_init(kz_ctx *ctx, kz_cover *cv, const kz_view *v)
{
    cv->cell = KZ_COVER_CELL;
    if (v->w / cv->cell > KZ_COVER_MAX || v->h / cv->cell > KZ_COVER_MAX)
        cv->cell = fmax(v->w, v->h) / KZ_COVER_MAX;
    cv->x0 = v->x0;
    cv->y0 = v->y0;
    cv->nx = (long)ceil(v->w / cv->cell);
    cv->ny = (long)ceil(v->h / cv->cell);
    if (cv->nx < 1)
        cv->nx = 1;
    if (cv->ny < 1)
        cv->ny = 1;
    cv->c = kz__calloc(ctx, (size_t)cv->nx * (size_t)cv->ny, 1);
    return cv->c ? KZ_OK : KZ_ENOMEM;
}

/* The cells of the raster under the box of the disc (x, y, r), clamped to
 * the raster: rg[0..3] = first column, first row, last column, last row
 * (empty when first > last). */
static void cover_range(const kz_cover *cv, double x, double y, double r,
                        long rg[4])
{
    rg[0] = (long)floor((x - r - cv->x0) / cv->cell);
    rg[1] = (long)floor((y - r - cv->y0) / cv->cell);
    rg[2] = (long)floor((x + r - cv->x0) / cv->cell);
    rg[3] = (long)floor((y + r - cv->y0) / cv->cell);
    if (rg[0] < 0)
        rg[0] = 0;
    if (rg[1] < 0)
        rg[1] = 0;
    if (rg[2] >= cv->nx)
        rg[2] = cv->nx - 1;
    if (rg[3] >= cv->ny)
        rg[3] = cv->ny - 1;
}

/* 1 when every cell the circle (x, y, r) touches is covered or clipped. */
int kz__cover_hidden(const kz_cover *cv, double x, double y, double r)
{
    long rg[4], i, j;

    cover_range(cv, x, y, r, rg);
    for (j = rg[1]; j <= rg[3]; j++) {
        double cy0 = cv->y0 + j * cv->cell, cy1 = cy0 + cv->cell;
        double dy = y < cy0 ? cy0 - y : y > cy1 ? y - cy1 : 0;
        for (i = rg[0]; i <= rg[2]; i++) {
            double cx0 = cv->x0 + i * cv->cell, cx1 = cx0 + cv->cell;
            double dx = x < cx0 ? cx0 - x : x > cx1 ? x - cx1 : 0;
            if (!cv->c[j * cv->nx + i] && dx * dx + dy * dy <= r * r)
                return 0;
        }
    }
    return 1;
}

/* Set the cells wholly inside the disc (x, y, r). */
void kz__cover_mark(kz_cover *cv, double x, double y, double r)
{
    long rg[4], i, j;

    if (r <= 0)
        return;
    cover_range(cv, x, y, r, rg);
    for (j = rg[1]; j <= rg[3]; j++) {
        double cy0 = cv->y0 + j * cv->cell, cy1 = cy0 + cv->cell;
        double dy = fmax(fabs(cy0 - y), fabs(cy1 - y));
        for (i = rg[0]; i <= rg[2]; i++) {
            double cx0 = cv->x0 + i * cv->cell, cx1 = cx0 + cv->cell;
            double dx = fmax(fabs(cx0 - x), fabs(cx1 - x));
            if (dx * dx + dy * dy <= r * r)
                cv->c[j * cv->nx + i] = 1;
        }
    }
}

/* 1 when a stroke of half-width hw along (x0, y0)-(x1, y1) is hidden:
 * discs of radius hw + step / 2 every step along it cover the stroke. */
int kz__cover_line_hidden(const kz_cover *cv, double x0, double y0,
                          double x1, double y1, double hw)
{
    double len = hypot(x1 - x0, y1 - y0), step = cv->cell;
    long i, n = (long)ceil(len / step);

    if (n > 100000)
        return 0; /* a long line is not worth the test */
    for (i = 0; i <= n; i++) {
        double t = n ? (double)i / (double)n : 0;
        if (!kz__cover_hidden(cv, x0 + t * (x1 - x0), y0 + t * (y1 - y0),
                              hw + step / 2))
            return 0;
    }
    return 1;
}
