/*
 * page.c - the checks and streams every page shares: cairo's sticky
 * status turned into ours, a stop asked for by a signal, and cairo's
 * write function over a FILE.
 */
#include "canvas/canvas.h"

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
