/*
 * rtree_io.c - saving and loading a packed tree.  The buffer is the tree:
 * loading validates it (magic, version, sizes, checksum, ids, leaf
 * coordinates) before any view points into it, so no input can make a
 * search read out of bounds or return an id >= the item count.
 */
#include "index/rtree.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

const void *kz_rtree_data(const kz_rtree *tree, size_t *len)
{
    if (!tree || !tree->finished) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = tree->buf_len;
    return tree->buf;
}

int kz_rtree_save(kz_ctx *ctx, const kz_rtree *tree, const char *path)
{
    kz_outfile out;
    int rc;

    KZ_ASSERT_ARG(ctx, tree && path);
    if (!tree->finished)
        return kz__error(ctx, KZ_EINVAL, path, 0, NULL,
                         "rtree not finished");
    if ((rc = kz__outfile_open(&out, ctx, path, KZ_EIO)) < 0)
        return rc;
    if (fwrite(tree->buf, 1, tree->buf_len, out.fp) != tree->buf_len) {
        rc = kz__error(ctx, KZ_EIO, path, 0, NULL, "%s", strerror(errno));
        kz__outfile_abort(&out, ctx);
        return rc;
    }
    return kz__outfile_commit(&out, ctx);
}

static int bad(kz_ctx *ctx, const char *what)
{
    return kz__error(ctx, KZ_EFORMAT, NULL, 0, NULL, "rtree data: %s", what);
}

/* Validate buf (len bytes, owned by the caller until success) and make it
 * the buffer of t. */
static int adopt(kz_ctx *ctx, kz_rtree *t, unsigned char *buf, size_t len)
{
    const uint16_t endian = 1;
    kz_rtree_header h;
    uint8_t *seen = NULL;
    size_t i, total, nd;
    int rc = KZ_OK;

    if (*(const uint8_t *)&endian != 1)
        return bad(ctx, "big-endian hosts cannot read the format");
    if (len < sizeof(h))
        return bad(ctx, "truncated header");
    memcpy(&h, buf, sizeof(h));
    if (memcmp(h.magic, KZ_RTREE_MAGIC, sizeof(KZ_RTREE_MAGIC)) != 0)
        return bad(ctx, "not a kahriz rtree (bad magic)");
    if (h.format != KZ_RTREE_FORMAT)
        return kz__error(ctx, KZ_EFORMAT, NULL, 0, NULL,
                         "rtree data: format version %u, expected %d",
                         h.format, KZ_RTREE_FORMAT);
    if (h.coord != KZ_RTREE_COORD_F64_F32)
        return bad(ctx, "unknown coordinate type");
    if (h.kind != KZ_RTREE_KIND_POINTS && h.kind != KZ_RTREE_KIND_BOXES)
        return bad(ctx, "unknown item kind");
    if (h.node_size < KZ_RTREE_NODE_MIN || h.node_size > KZ_RTREE_NODE_MAX)
        return bad(ctx, "bad node size");
    if (h.n_items > UINT32_MAX)
        return bad(ctx, "bad item count");
    total = kz__rtree_layout(t, (size_t)h.n_items, h.node_size, h.kind);
    if (total == 0)
        return bad(ctx, "bad node size");
    if (len != total)
        return kz__error(ctx, KZ_EFORMAT, NULL, 0, NULL,
                         "rtree data: %zu bytes, expected %zu (truncated?)",
                         len, total);
    if (kz__rtree_checksum(buf, len) != h.checksum)
        return bad(ctx, "checksum mismatch");
    for (i = 0; i < 4; i++)
        if (!isfinite(h.bounds[i]))
            return bad(ctx, "bad bounds");

    t->buf = buf;
    t->buf_len = len;
    kz__rtree_bind(t);
    nd = t->n * kz__rtree_leaf_doubles(t->kind);
    for (i = 0; i < nd; i++)
        if (!isfinite(t->leaves[i])) {
            rc = bad(ctx, "leaf coordinate is not finite");
            goto done;
        }
    if (!(seen = kz__calloc(ctx, t->n / 8 + 1, 1))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < t->n; i++) {
        uint32_t id = t->ids[i];
        if (id >= t->n || (seen[id / 8] & (1u << (id % 8)))) {
            rc = bad(ctx, "item ids are not a permutation");
            goto done;
        }
        seen[id / 8] |= (uint8_t)(1u << (id % 8));
    }
    memcpy(t->bounds, h.bounds, sizeof(t->bounds));
    t->added = t->n;
    t->finished = 1;
done:
    kz__free(ctx, seen);
    if (rc < 0) {
        t->buf = NULL;
        t->buf_len = 0;
    }
    return rc;
}

int kz_rtree_load_buffer(kz_rtree **out, kz_ctx *ctx, const void *data,
                         size_t len)
{
    kz_rtree *t = NULL;
    unsigned char *buf = NULL;
    int rc;

    KZ_ASSERT_ARG(ctx, out && (data || len == 0));
    *out = NULL;
    if (!(t = kz__calloc(ctx, 1, sizeof(*t))))
        return KZ_ENOMEM;
    t->ctx = ctx;
    if (!(buf = kz__malloc(ctx, len))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if (len)
        memcpy(buf, data, len);
    if ((rc = adopt(ctx, t, buf, len)) < 0)
        goto done;
    buf = NULL;
    *out = t;
    t = NULL;
done:
    kz__free(ctx, buf);
    kz_rtree_destroy(t);
    return rc;
}

int kz_rtree_load(kz_rtree **out, kz_ctx *ctx, const char *path)
{
    kz_rtree *t = NULL;
    unsigned char *buf = NULL;
    FILE *fp = NULL;
    long size;
    int rc = KZ_OK;

    KZ_ASSERT_ARG(ctx, out && path);
    *out = NULL;
    if (!(fp = fopen(path, "rb")))
        return kz__error(ctx, KZ_EIO, path, 0, NULL, "%s", strerror(errno));
    if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 ||
        fseek(fp, 0, SEEK_SET) != 0) {
        rc = kz__error(ctx, KZ_EIO, path, 0, NULL, "%s", strerror(errno));
        goto done;
    }
    if (!(t = kz__calloc(ctx, 1, sizeof(*t)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    t->ctx = ctx;
    if (!(buf = kz__malloc(ctx, (size_t)size))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if (fread(buf, 1, (size_t)size, fp) != (size_t)size) {
        rc = kz__error(ctx, KZ_EIO, path, 0, NULL, "short read");
        goto done;
    }
    if ((rc = adopt(ctx, t, buf, (size_t)size)) < 0) {
        kz__error(ctx, rc, path, 0, NULL, "%s", kz_ctx_error(ctx)->message);
        goto done;
    }
    buf = NULL;
    *out = t;
    t = NULL;
done:
    if (fp)
        fclose(fp);
    kz__free(ctx, buf);
    kz_rtree_destroy(t);
    return rc;
}
