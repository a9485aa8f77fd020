/*
 * page.c - the checks and streams every page shares: cairo's sticky
 * status turned into ours, a stop asked for by a signal, and cairo's
 * write function over a FILE.
 */
#include "canvas/canvas.h"

#include <math.h>
#include <stdio.h>

int kz__cairo_check(kz_ctx *ctx, cairo_t *cr, const char *what)
{
    cairo_status_t s = cairo_status(cr);
    if (s == CAIRO_STATUS_SUCCESS)
        return KZ_OK;
    return kz__error(ctx, s == CAIRO_STATUS_NO_MEMORY ? KZ_ENOMEM
                                                      : KZ_ERENDER,
                     NULL, 0, NULL, "cairo: %s: %s", what,
                     cairo_status_to_string(s));
}

/* Pixels of a band of kz__fill_area on a raster target. */
#define FILL_BAND_PX (1 << 22)

int kz__fill_area(kz_ctx *ctx, cairo_t *cr, const double *r)
{
    cairo_matrix_t m;
    double x, y, w, h, x1, y1, dw, dh, dy0, dy1;
    long i, n = 1;

    if (r) {
        x = r[0];
        y = r[1];
        w = r[2];
        h = r[3];
    } else {
        cairo_clip_extents(cr, &x, &y, &x1, &y1);
        w = x1 - x;
        h = y1 - y;
    }
    cairo_get_matrix(cr, &m);
    /* bands only where rows stay rows: a raster target, no rotation */
    if (cairo_surface_get_type(cairo_get_target(cr)) ==
            CAIRO_SURFACE_TYPE_IMAGE &&
        m.xy == 0 && m.yx == 0 && m.yy > 0) {
        dw = w;
        dh = h;
        cairo_user_to_device_distance(cr, &dw, &dh);
        n = (long)(fabs(dw * dh) / FILL_BAND_PX) + 1;
    }
    if (n == 1) {
        if (!r) {
            cairo_paint(cr);
            return KZ_OK;
        }
        cairo_rectangle(cr, x, y, w, h);
        cairo_fill(cr);
        return KZ_OK;
    }
    dw = 0;
    dy0 = y;
    cairo_user_to_device(cr, &dw, &dy0);
    dw = 0;
    dy1 = y + h;
    cairo_user_to_device(cr, &dw, &dy1);
    for (i = 0; i < n; i++) {
        /* band edges on whole device rows, but the area's own edges */
        double a = i ? floor(dy0 + (dy1 - dy0) * i / n) : dy0;
        double b = i + 1 < n ? floor(dy0 + (dy1 - dy0) * (i + 1) / n) : dy1;
        if (kz__interrupted(ctx))
            return kz__error(ctx, KZ_EINTERRUPTED, NULL, 0, NULL,
                             "interrupted");
        dw = 0;
        cairo_device_to_user(cr, &dw, &a);
        dw = 0;
        cairo_device_to_user(cr, &dw, &b);
        cairo_rectangle(cr, x, a, w, b - a);
        cairo_fill(cr);
    }
    return KZ_OK;
}

/* A stop asked for by a signal (kz_ctx_interrupt): the layers look at it
 * between features, so that even a 1200 dpi page stops within a moment. */
int kz__stopped(const kz_page *pg)
{
    if (!kz__interrupted(pg->ctx))
        return KZ_OK;
    return kz__error(pg->ctx, KZ_EINTERRUPTED, NULL, 0, NULL, "interrupted");
}

cairo_status_t kz__cairo_write_fp(void *closure, const unsigned char *data,
                                  unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS
                                                : CAIRO_STATUS_WRITE_ERROR;
}
