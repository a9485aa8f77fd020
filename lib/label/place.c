/*
 * place.c - the labeller's core: a label goes to the first of its
 * candidate places inside the map area that is clear of what the page
 * has placed (symbols, labels, furniture), straight or turned, and waits
 * there to be drawn; every placed box may be logged for tests.
 */
#include "label/label.h"

#include <string.h>

/* Try the candidates of a label; insert and draw the first free one. */
int kz__label_place(kz_page *pg, PangoLayout *l, double (*cand)[2],
                    size_t n_cand, const kz_rgb *color, int over_symbols,
                    int *placed)
{
    const kz_view *v = &pg->v;
    double w, h, in = pg->st->halo + 0.5;
    size_t i;
    int rc;

    *placed = 0;
    kz__text_size(l, &w, &h);
    for (i = 0; i < n_cand; i++) {
        double x = cand[i][0], y = cand[i][1];
        /* clear of the neatline by the halo and a little paper */
        if (x < v->x0 + in || y < v->y0 + in || x + w > v->x0 + v->w - in ||
            y + h > v->y0 + v->h - in)
            continue;
        /* a label over symbols (its halo keeps it legible) still keeps
         * off other labels and the furniture */
        if (kz_collide_test(over_symbols ? pg->lgrid : pg->grid, x, y, x + w,
                            y + h))
            continue;
        if ((rc = kz_collide_insert(pg->ctx, pg->grid, x, y, x + w,
                                    y + h)) < 0 ||
            (rc = kz_collide_insert(pg->ctx, pg->lgrid, x, y, x + w,
                                    y + h)) < 0)
            return rc;
        if ((rc = kz__boxlog_add(pg->log, over_symbols ? 3 : 1, x, y, x + w,
                                 y + h)) < 0 ||
            (rc = kz__grow(pg->ctx, (void **)&pg->placed, &pg->cap_placed,
                           pg->n_placed + 1, sizeof(kz_placed))) < 0)
            return rc;
        pg->placed[pg->n_placed].layout = g_object_ref(l);
        pg->placed[pg->n_placed].x = x;
        pg->placed[pg->n_placed].y = y;
        pg->placed[pg->n_placed].color = color;
        pg->placed[pg->n_placed].angle = 0;
        pg->n_placed++;
        *placed = 1;
        pg->res.labels_placed++;
        return KZ_OK;
    }
    pg->res.labels_dropped++;
    return KZ_OK;
}

int kz__label_place_rotated(kz_page *pg, PangoLayout *l, double cx,
                            double cy, double bw, double bh, double angle,
                            const kz_rgb *color, int *placed)
{
    const kz_view *v = &pg->v;
    double in = pg->st->halo + 0.5, x0 = cx - bw, y0 = cy - bh,
           x1 = cx + bw, y1 = cy + bh;
    kz_placed *p;
    int rc;

    *placed = 0;
    if (x0 < v->x0 + in || y0 < v->y0 + in || x1 > v->x0 + v->w - in ||
        y1 > v->y0 + v->h - in || kz_collide_test(pg->grid, x0, y0, x1, y1))
        return KZ_OK;
    if ((rc = kz_collide_insert(pg->ctx, pg->grid, x0, y0, x1, y1)) < 0 ||
        (rc = kz_collide_insert(pg->ctx, pg->lgrid, x0, y0, x1, y1)) < 0 ||
        (rc = kz__boxlog_add(pg->log, 1, x0, y0, x1, y1)) < 0 ||
        (rc = kz__grow(pg->ctx, (void **)&pg->placed, &pg->cap_placed,
                       pg->n_placed + 1, sizeof(kz_placed))) < 0)
        return rc;
    p = &pg->placed[pg->n_placed++];
    p->layout = g_object_ref(l);
    p->x = cx;
    p->y = cy;
    p->color = color;
    p->angle = angle;
    *placed = 1;
    pg->res.labels_placed++;
    return KZ_OK;
}

int kz__boxlog_add(kz_boxlog *log, int kind, double minx, double miny,
                   double maxx, double maxy)
{
    int rc;
    if (!log)
        return KZ_OK;
    if ((rc = kz__grow(log->ctx, (void **)&log->b, &log->cap, log->n + 1,
                       5 * sizeof(double))) < 0)
        return rc;
    log->b[5 * log->n] = kind;
    log->b[5 * log->n + 1] = minx;
    log->b[5 * log->n + 2] = miny;
    log->b[5 * log->n + 3] = maxx;
    log->b[5 * log->n + 4] = maxy;
    log->n++;
    return KZ_OK;
}

void kz__label_forget(kz_page *pg, size_t index)
{
    if (index >= pg->n_placed)
        return;
    g_object_unref(pg->placed[index].layout);
    memmove(pg->placed + index, pg->placed + index + 1,
            (pg->n_placed - index - 1) * sizeof(*pg->placed));
    pg->n_placed--;
    pg->res.labels_placed--;
}
