/*
 * style.c - style documents loaded (json-c) and checked key by key
 * (schema.c) before their values are read (parse.c); the style's texts,
 * languages, page size and classes as the renderer asks for them.
 */
#include "style/style.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int style_new(kz_style **out, kz_ctx *ctx, const char *name)
{
    kz_style *st = kz__calloc(ctx, 1, sizeof(*st));
    if (!st)
        return KZ_ENOMEM;
    st->ctx = ctx;
    kz__arena_init(&st->strings, ctx, 4096);
    if (!(st->name = kz__strdup(ctx, name))) {
        kz_style_destroy(st);
        return KZ_ENOMEM;
    }
    *out = st;
    return KZ_OK;
}

int kz_style_load_string(kz_style **out, kz_ctx *ctx, const char *json,
                         const char *name)
{
    kz_style *st = NULL;
    json_tokener *tok = NULL;
    json_object *root = NULL;
    enum json_tokener_error jerr;
    int rc;

    KZ_ASSERT_ARG(ctx, out && json);
    *out = NULL;
    if (!name)
        name = "style";
    if ((rc = style_new(&st, ctx, name)) < 0)
        goto done;
    if (!(tok = json_tokener_new())) {
        rc = kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL, "out of memory");
        goto done;
    }
    root = json_tokener_parse_ex(tok, json, (int)strlen(json));
    jerr = json_tokener_get_error(tok);
    if (jerr == json_tokener_continue)
        jerr = json_tokener_error_parse_eof;
    if (jerr != json_tokener_success || !root) {
        /* json-c gives a byte offset; turn it into a line for editors */
        size_t off = json_tokener_get_parse_end(tok), i;
        long line = 1;
        for (i = 0; i < off && json[i]; i++)
            line += json[i] == '\n';
        rc = kz__error(ctx, KZ_ESTYLE, name, line, NULL,
                       "invalid JSON: %s", json_tokener_error_desc(jerr));
        goto done;
    }
    if ((rc = kz__style_parse(ctx, st, root)) < 0)
        goto done;
    *out = st;
    st = NULL;
done:
    json_object_put(root);
    if (tok)
        json_tokener_free(tok);
    kz_style_destroy(st);
    return rc;
}

int kz_style_load(kz_style **out, kz_ctx *ctx, const char *path)
{
    FILE *fp = NULL;
    kz_buf b;
    char chunk[8192];
    size_t n;
    int rc = KZ_OK;

    KZ_ASSERT_ARG(ctx, out && path);
    *out = NULL;
    kz__buf_init(&b, ctx);
    if (!(fp = fopen(path, "rb"))) {
        rc = kz__error(ctx, KZ_EINPUT, path, 0, NULL, "%s", strerror(errno));
        goto done;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        if ((rc = kz__buf_append(&b, chunk, n)) < 0)
            goto done;
    if (ferror(fp)) {
        rc = kz__error(ctx, KZ_EINPUT, path, 0, NULL, "read error");
        goto done;
    }
    if ((rc = kz__buf_append(&b, "", 1)) < 0)
        goto done;
    rc = kz_style_load_string(out, ctx, b.data, path);
done:
    if (fp)
        fclose(fp);
    kz__buf_release(&b);
    return rc;
}

void kz_style_destroy(kz_style *st)
{
    if (!st)
        return;
    kz__arena_release(&st->strings);
    kz__free(st->ctx, st->catalog);
    kz__free(st->ctx, st->name);
    kz__free(st->ctx, st);
}

int kz__style_lang_index(const kz_style *st, const char *lang)
{
    size_t i;
    for (i = 0; i < st->n_langs; i++)
        if (strcmp(st->langs[i], lang) == 0)
            return (int)i;
    return -1;
}

const char *kz__style_text_i(const kz_style *st, const char *key, size_t li)
{
    size_t i;
    if (li >= st->n_langs)
        return "";
    for (i = 0; i < st->n_catalog; i++)
        if (strcmp(st->catalog[i].key, key) == 0)
            return st->catalog[i].text[li];
    return "";
}

const char *kz_style_text(const kz_style *st, const char *key,
                          const char *lang)
{
    int li;
    size_t i;
    if (!st || !key || !lang || (li = kz__style_lang_index(st, lang)) < 0)
        return NULL;
    for (i = 0; i < st->n_catalog; i++)
        if (strcmp(st->catalog[i].key, key) == 0)
            return st->catalog[i].text[li];
    return NULL;
}

void kz_style_page_size(const kz_style *st, double *w, double *h)
{
    if (w)
        *w = st ? st->page_w : 0;
    if (h)
        *h = st ? st->page_h : 0;
}

size_t kz_style_language_count(const kz_style *st)
{
    return st ? st->n_langs : 0;
}

const char *kz_style_language(const kz_style *st, size_t i)
{
    return st && i < st->n_langs ? st->langs[i] : NULL;
}

int kz__style_size_class(const kz_style *st, double q)
{
    size_t i;
    if (!isfinite(q))
        return -1;
    for (i = 0; i < st->n_sizes; i++)
        if (q < st->size_breaks[i])
            return (int)i;
    return (int)st->n_sizes;
}

double kz__style_size_radius(const kz_style *st, int cls)
{
    return cls < 0 ? st->radius_unmeasured : st->size_radius[cls];
}

int kz__style_density_class(const kz_style *st, const double *breaks,
                            size_t n_breaks, double d)
{
    size_t i;
    if (!breaks) {
        breaks = st->density_breaks;
        n_breaks = st->n_density;
    }
    if (n_breaks > st->n_density)
        n_breaks = st->n_density; /* no more colours than the style has */
    for (i = 0; i < n_breaks; i++)
        if (d < breaks[i])
            return (int)i;
    return (int)n_breaks;
}
