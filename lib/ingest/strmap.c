/*
 * strmap.c - open-addressing hash map from borrowed strings to indices
 * (FNV-1a, linear probing, load factor at most 1/2).  Keys are not copied:
 * they live in the survey's arena, as long as the map.
 */
#include "ingest/survey.h"

#include <string.h>

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static int rehash(kz_ctx *ctx, kz_strmap *m, size_t ncap)
{
    const char **keys = kz__calloc(ctx, ncap, sizeof(*keys));
    uint32_t *vals = kz__mallocarray(ctx, ncap, sizeof(*vals));
    size_t i;

    if (!keys || !vals) {
        kz__free(ctx, keys);
        kz__free(ctx, vals);
        return KZ_ENOMEM;
    }
    for (i = 0; i < m->cap; i++) {
        size_t j;
        if (!m->keys[i])
            continue;
        j = (size_t)fnv1a(m->keys[i]) & (ncap - 1);
        while (keys[j])
            j = (j + 1) & (ncap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    kz__free(ctx, m->keys);
    kz__free(ctx, m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = ncap;
    return KZ_OK;
}

/* Insert or overwrite. */
int kz__strmap_put(kz_ctx *ctx, kz_strmap *m, const char *key, uint32_t val)
{
    size_t j;
    int rc;

    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 64;
        if (ncap < m->cap)
            return kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL,
                             "hash map size overflow");
        if ((rc = rehash(ctx, m, ncap)) < 0)
            return rc;
    }
    j = (size_t)fnv1a(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            m->vals[j] = val;
            return KZ_OK;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->vals[j] = val;
    m->n++;
    return KZ_OK;
}

int kz__strmap_get(const kz_strmap *m, const char *key, uint32_t *val)
{
    size_t j;

    if (m->cap == 0)
        return 0;
    j = (size_t)fnv1a(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            if (val)
                *val = m->vals[j];
            return 1;
        }
        j = (j + 1) & (m->cap - 1);
    }
    return 0;
}

void kz__strmap_release(kz_ctx *ctx, kz_strmap *m)
{
    kz__free(ctx, m->keys);
    kz__free(ctx, m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
}
