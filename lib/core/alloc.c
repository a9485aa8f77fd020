/*
 * alloc.c - allocation through the context's allocator, overflow-checked
 * array sizes, a bump arena for strings and a growable byte buffer.
 * Every failure sets KZ_ENOMEM on the context; nothing aborts.
 */
#include "core/core.h"

#include <stdalign.h>
#include <stdio.h>
#include <string.h>

void kz__ctx_fail_alloc_at(kz_ctx *ctx, long n)
{
    ctx->fail_alloc_at = n;
    ctx->alloc_count = 0;
}

static bool should_fail(kz_ctx *ctx)
{
    if (ctx->fail_alloc_at <= 0)
        return false;
    return ++ctx->alloc_count == ctx->fail_alloc_at;
}

void *kz__malloc(kz_ctx *ctx, size_t n)
{
    void *p = NULL;
    if (n == 0)
        n = 1;
    if (!should_fail(ctx))
        p = ctx->alloc.malloc_fn(ctx->alloc.userdata, n);
    if (!p)
        kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL, "out of memory (%zu bytes)",
                  n);
    return p;
}

void *kz__calloc(kz_ctx *ctx, size_t n, size_t size)
{
    void *p = kz__mallocarray(ctx, n, size);
    if (p)
        memset(p, 0, (n * size) != 0 ? n * size : 1);
    return p;
}

void *kz__mallocarray(kz_ctx *ctx, size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
        kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL,
                  "allocation size overflow (%zu x %zu)", n, size);
        return NULL;
    }
    return kz__malloc(ctx, total);
}

void *kz__reallocarray(kz_ctx *ctx, void *p, size_t n, size_t size)
{
    size_t total;
    void *q = NULL;
    if (__builtin_mul_overflow(n, size, &total)) {
        kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL,
                  "allocation size overflow (%zu x %zu)", n, size);
        return NULL;
    }
    if (total == 0)
        total = 1;
    if (!should_fail(ctx))
        q = ctx->alloc.realloc_fn(ctx->alloc.userdata, p, total);
    if (!q)
        kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL, "out of memory (%zu bytes)",
                  total);
    return q;
}

void kz__free(kz_ctx *ctx, void *p)
{
    if (p)
        ctx->alloc.free_fn(ctx->alloc.userdata, p);
}

char *kz__strdup(kz_ctx *ctx, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = kz__malloc(ctx, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int kz__grow(kz_ctx *ctx, void **p, size_t *cap, size_t need, size_t size)
{
    size_t ncap;
    void *q;
    if (need <= *cap)
        return KZ_OK;
    ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL,
                             "allocation size overflow");
        ncap *= 2;
    }
    q = kz__reallocarray(ctx, *p, ncap, size);
    if (!q)
        return KZ_ENOMEM;
    *p = q;
    *cap = ncap;
    return KZ_OK;
}

/* ---------------------------------------------------------------- arena */

struct kz_arena_block {
    kz_arena_block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
};

void kz__arena_init(kz_arena *a, kz_ctx *ctx, size_t block_size)
{
    a->ctx = ctx;
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->used_bytes = 0;
}

void kz__arena_release(kz_arena *a)
{
    kz_arena_block *b = a->head;
    while (b) {
        kz_arena_block *next = b->next;
        kz__free(a->ctx, b);
        b = next;
    }
    a->head = NULL;
    a->used_bytes = 0;
}

void *kz__arena_alloc(kz_arena *a, size_t n, size_t align)
{
    kz_arena_block *b = a->head;
    size_t off;

    if (align == 0)
        align = 1;
    if (b) {
        off = (b->used + align - 1) & ~(align - 1);
        if (off + n <= b->size) {
            b->used = off + n;
            a->used_bytes += n;
            return b->data + off;
        }
    }
    {
        size_t size = n > a->block_size ? n : a->block_size;
        kz_arena_block *nb = kz__malloc(a->ctx, sizeof(*nb) + size);
        if (!nb)
            return NULL;
        nb->size = size;
        nb->used = n;
        /* a block larger than usual goes behind the head so that the
         * head's free space stays usable */
        if (b && n > a->block_size) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        a->used_bytes += n;
        return nb->data;
    }
}

const char *kz__arena_strndup(kz_arena *a, const char *s, size_t n)
{
    char *d;
    if (n == 0)
        return "";
    d = kz__arena_alloc(a, n + 1, 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

const char *kz__arena_strdup(kz_arena *a, const char *s)
{
    return kz__arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

/* ----------------------------------------------------------------- buf */

void kz__buf_init(kz_buf *b, kz_ctx *ctx)
{
    b->ctx = ctx;
    b->data = NULL;
    b->len = b->cap = 0;
}

void kz__buf_release(kz_buf *b)
{
    kz__free(b->ctx, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int kz__buf_append(kz_buf *b, const char *s, size_t n)
{
    int rc = kz__grow(b->ctx, (void **)&b->data, &b->cap, b->len + n + 1, 1);
    if (rc < 0)
        return rc;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return KZ_OK;
}

int kz__buf_puts(kz_buf *b, const char *s)
{
    return kz__buf_append(b, s, strlen(s));
}

int kz__buf_printf(kz_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n, rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return kz__error(b->ctx, KZ_ERROR, NULL, 0, NULL, "bad format");
    rc = kz__grow(b->ctx, (void **)&b->data, &b->cap, b->len + (size_t)n + 1,
                  1);
    if (rc < 0)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return KZ_OK;
}
