/*
 * ctx.c - the context: allocator, last error, logging, interruption.
 * Invariant: err_view always points into the context's own buffers, so a
 * kz_error obtained from kz_ctx_error() never dangles while ctx lives.
 */
#include "core/core.h"

#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *default_malloc(void *ud, size_t n)
{
    (void)ud;
    return malloc(n);
}

static void *default_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    return realloc(p, n);
}

static void default_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

int kz_ctx_create(kz_ctx **out, const kz_ctx_options *opts)
{
    kz_ctx *ctx;
    kz_allocator alloc = {default_malloc, default_realloc, default_free, NULL};

    if (!out)
        return KZ_EINVAL;
    *out = NULL;
    if (opts && opts->version != KZ_CTX_OPTIONS_VERSION)
        return KZ_EINVAL;
    if (opts && opts->allocator) {
        if (!opts->allocator->malloc_fn || !opts->allocator->realloc_fn ||
            !opts->allocator->free_fn)
            return KZ_EINVAL;
        alloc = *opts->allocator;
    }
    ctx = alloc.malloc_fn(alloc.userdata, sizeof(*ctx));
    if (!ctx)
        return KZ_ENOMEM;
    memset(ctx, 0, sizeof(*ctx));
    ctx->alloc = alloc;
    ctx->log_level = KZ_LOG_WARN;
    if (opts) {
        ctx->log = opts->log;
        ctx->log_userdata = opts->log_userdata;
        ctx->log_level = opts->log_level;
    }
    kz_ctx_clear_error(ctx);
    *out = ctx;
    return KZ_OK;
}

void kz_ctx_destroy(kz_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->geo_release)
        ctx->geo_release(ctx);
    ctx->alloc.free_fn(ctx->alloc.userdata, ctx);
}

const kz_error *kz_ctx_error(const kz_ctx *ctx)
{
    static const kz_error none = {KZ_OK, "", "", 0, ""};
    if (!ctx)
        return &none;
    return &ctx->err_view;
}

void kz_ctx_clear_error(kz_ctx *ctx)
{
    if (!ctx)
        return;
    ctx->err_code = KZ_OK;
    ctx->err_message[0] = '\0';
    ctx->err_file[0] = '\0';
    ctx->err_row = 0;
    ctx->err_field[0] = '\0';
    ctx->err_view.code = KZ_OK;
    ctx->err_view.message = ctx->err_message;
    ctx->err_view.file = ctx->err_file;
    ctx->err_view.row = 0;
    ctx->err_view.field = ctx->err_field;
}

void kz_ctx_interrupt(kz_ctx *ctx)
{
    if (ctx)
        ctx->interrupted = 1;
}

int kz__errorv(kz_ctx *ctx, int code, const char *file, long row,
               const char *field, const char *fmt, va_list ap)
{
    char detail[KZ_ERRMSG_MAX];
    int n = 0;

    if (!ctx)
        return code;
    vsnprintf(detail, sizeof(detail), fmt, ap);
    snprintf(ctx->err_file, sizeof(ctx->err_file), "%s", file ? file : "");
    snprintf(ctx->err_field, sizeof(ctx->err_field), "%s",
             field ? field : "");
    ctx->err_row = row;
    ctx->err_code = code;
    if (code == KZ_ENOMEM)
        ctx->nomem++;
    /* "file:row: field: detail" with the parts that are known */
    if (file && *file) {
        n = snprintf(ctx->err_message, sizeof(ctx->err_message), "%s:", file);
        if (row > 0 && n >= 0 && (size_t)n < sizeof(ctx->err_message))
            n += snprintf(ctx->err_message + n,
                          sizeof(ctx->err_message) - (size_t)n, "%ld:", row);
        if (n >= 0 && (size_t)n < sizeof(ctx->err_message))
            n += snprintf(ctx->err_message + n,
                          sizeof(ctx->err_message) - (size_t)n, " ");
    }
    if (field && *field && n >= 0 && (size_t)n < sizeof(ctx->err_message))
        n += snprintf(ctx->err_message + n,
                      sizeof(ctx->err_message) - (size_t)n, "%s: ", field);
    if (n >= 0 && (size_t)n < sizeof(ctx->err_message))
        snprintf(ctx->err_message + n, sizeof(ctx->err_message) - (size_t)n,
                 "%s", detail);
    ctx->err_view.code = code;
    ctx->err_view.message = ctx->err_message;
    ctx->err_view.file = ctx->err_file;
    ctx->err_view.row = row;
    ctx->err_view.field = ctx->err_field;
    kz__log(ctx, KZ_LOG_DEBUG, "error %s: %s", kz_status_str(code),
            ctx->err_message);
    return code;
}

int kz__error(kz_ctx *ctx, int code, const char *file, long row,
              const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kz__errorv(ctx, code, file, row, field, fmt, ap);
    va_end(ap);
    return code;
}

void kz__log(kz_ctx *ctx, kz_log_level level, const char *fmt, ...)
{
    char msg[KZ_ERRMSG_MAX];
    va_list ap;

    if (!ctx || !ctx->log || level < ctx->log_level)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_userdata, level, msg);
}

int kz_source_date_epoch(int64_t *out)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long v;

    if (!e || !*e)
        return 0;
    errno = 0;
    v = strtoll(e, &end, 10);
    if (*end || v < 0 || errno)
        return 0;
    *out = (int64_t)v;
    return 1;
}
