/*
 * outfile.c - outputs written under a temporary name beside the target
 * and renamed into place only once complete and synced, so that a failure,
 * a full disk or an interruption never leaves a partial file (PDF, PNG and
 * SVG pages, the atlas, a saved index).  A PDF may be rewritten (finished)
 * into a second temporary file before the rename.  A target that is no
 * regular file (a pipe, a device) receives the finished bytes instead.
 */
#include "core/core.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int kz__outfile_open(kz_outfile *o, kz_ctx *ctx, const char *path, int code)
{
    size_t n = strlen(path) + 16;
    mode_t m;
    int fd;

    struct stat sb;
    const char *dir = getenv("TMPDIR");

    memset(o, 0, sizeof(*o));
    o->path = path;
    o->code = code;
    o->copy = stat(path, &sb) == 0 && !S_ISREG(sb.st_mode);
    if (!dir || !*dir)
        dir = "/tmp";
    if (o->copy)
        n = strlen(dir) + 32;
    if (!(o->tmp = kz__malloc(ctx, n)))
        return KZ_ENOMEM;
    if (o->copy)
        snprintf(o->tmp, n, "%s/kahriz-atlas-XXXXXX", dir);
    else
        snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
    if ((fd = mkstemp(o->tmp)) < 0) {
        int rc = kz__error(ctx, code, path, 0, NULL, "%s", strerror(errno));
        kz__free(ctx, o->tmp);
        o->tmp = NULL;
        return rc;
    }
    /* mkstemp makes 0600; an output is an ordinary file */
    m = umask(022);
    umask(m);
    fchmod(fd, 0644 & ~m);
    if (!(o->fp = fdopen(fd, "wb"))) {
        int rc = kz__error(ctx, code, path, 0, NULL, "%s", strerror(errno));
        close(fd);
        kz__outfile_abort(o, ctx);
        return rc;
    }
    return KZ_OK;
}

/* The finished temporary file's bytes into the target, which is no
 * regular file (a device or a pipe: opened for writing as it is). */
static int copy_into(kz_outfile *o, kz_ctx *ctx)
{
    char buf[65536];
    FILE *in = fopen(o->tmp, "rb"), *out = NULL;
    size_t n;
    int rc = KZ_OK;

    if (!in || !(out = fopen(o->path, "wb"))) {
        rc = kz__error(ctx, o->code, o->path, 0, NULL, "%s", strerror(errno));
        goto done;
    }
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    if (ferror(in) || ferror(out) || fflush(out) != 0)
        rc = kz__error(ctx, o->code, o->path, 0, NULL, "%s", strerror(errno));
done:
    if (in)
        fclose(in);
    if (out && fclose(out) != 0 && rc == KZ_OK)
        rc = kz__error(ctx, o->code, o->path, 0, NULL, "%s", strerror(errno));
    return rc;
}

int kz__outfile_commit(kz_outfile *o, kz_ctx *ctx)
{
    int rc = KZ_OK;

    if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0)
        rc = kz__error(ctx, o->code, o->path, 0, NULL, "%s", strerror(errno));
    if (fclose(o->fp) != 0 && rc == KZ_OK)
        rc = kz__error(ctx, o->code, o->path, 0, NULL, "%s", strerror(errno));
    o->fp = NULL;
    if (rc == KZ_OK && o->copy)
        rc = copy_into(o, ctx);
    else if (rc == KZ_OK && rename(o->tmp, o->path) != 0)
        rc = kz__error(ctx, o->code, o->path, 0, NULL, "%s", strerror(errno));
    if (rc == KZ_OK && o->copy) {
        unlink(o->tmp);
        kz__free(ctx, o->tmp);
        o->tmp = NULL;
    } else if (rc == KZ_OK) {
        kz__free(ctx, o->tmp);
        o->tmp = NULL;
    } else {
        kz__outfile_abort(o, ctx);
    }
    return rc;
}

void kz__outfile_abort(kz_outfile *o, kz_ctx *ctx)
{
    if (o->fp)
        fclose(o->fp);
    o->fp = NULL;
    if (o->tmp)
        unlink(o->tmp);
    kz__free(ctx, o->tmp);
    o->tmp = NULL;
}

int kz__outfile_rewrite(kz_outfile *o, kz_ctx *ctx,
                        int (*fn)(void *ud, kz_ctx *ctx, const char *in,
                                  const char *out),
                        void *ud)
{
    kz_outfile next;
    int rc;

    if (fflush(o->fp) != 0 || ferror(o->fp))
        return kz__error(ctx, o->code, o->path, 0, NULL, "%s",
                         strerror(errno));
    if ((rc = kz__outfile_open(&next, ctx, o->path, o->code)) < 0)
        return rc;
    /* fn writes the new file by name; next's own stream stays empty, so
     * that commit only syncs and renames what fn wrote */
    if ((rc = fn(ud, ctx, o->tmp, next.tmp)) < 0) {
        kz__outfile_abort(&next, ctx);
        return rc;
    }
    kz__outfile_abort(o, ctx);
    *o = next;
    return KZ_OK;
}
