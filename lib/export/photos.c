/*
 * photos.c - the survey's photos given to partners with the GeoPackage:
 * a photo found on the maker's disk (an absolute path, as an attachments
 * directory gives them) is copied into a directory beside the GeoPackage
 * ("survey.gpkg" gets "survey_photos/") and recorded by its path relative
 * to the GeoPackage, so that the pair can be moved anywhere.  The copies
 * go to a temporary directory first, placed only with the GeoPackage.
 */
#include "export/export.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void kz__photos_init(kz_photos *p, kz_ctx *ctx, const char *gpkg)
{
    const char *slash;
    size_t n = strlen(gpkg);

    memset(p, 0, sizeof(*p));
    p->ctx = ctx;
    if (n > 5 && strcmp(gpkg + n - 5, ".gpkg") == 0)
        n -= 5;
    snprintf(p->dir, sizeof(p->dir), "%.*s_photos", (int)n, gpkg);
    slash = strrchr(p->dir, '/');
    kz__text_fit(p->rel, sizeof(p->rel), slash ? slash + 1 : p->dir, 0);
}

/* Remove dir and the regular files in it; 0, or -1 with errno set. */
static int remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4400];

    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (unlink(path) != 0) {
            int err = errno;
            closedir(d);
            errno = err;
            return -1;
        }
    }
    closedir(d);
    return rmdir(dir);
}

static int copy_file(kz_ctx *ctx, const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = NULL;
    char buf[65536];
    size_t n;
    int rc = KZ_OK;

    if (!in)
        return kz__error(ctx, KZ_EIO, from, 0, "photo", "%s",
                         strerror(errno));
    if (!(out = fopen(to, "wb"))) {
        rc = kz__error(ctx, KZ_EIO, to, 0, NULL, "%s", strerror(errno));
        goto done;
    }
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        if (fwrite(buf, 1, n, out) != n) {
            rc = kz__error(ctx, KZ_EIO, to, 0, NULL, "%s", strerror(errno));
            goto done;
        }
    if (ferror(in))
        rc = kz__error(ctx, KZ_EIO, from, 0, "photo", "cannot be read");
done:
    fclose(in);
    if (out && fclose(out) != 0 && rc == KZ_OK)
        rc = kz__error(ctx, KZ_EIO, to, 0, NULL, "%s", strerror(errno));
    return rc;
}

int kz__photos_take(kz_photos *p, const char *id, const char *photo,
                    char *out, size_t cap)
{
    char name[256], to[4600];
    const char *base;
    size_t i, o = 0;
    struct stat st;
    int rc;

    snprintf(out, cap, "%s", photo ? photo : "");
    if (!photo || photo[0] != '/' || stat(photo, &st) != 0 ||
        !S_ISREG(st.st_mode))
        return KZ_OK; /* relative, or not on this disk: as it was given */
    if (!p->tmp[0]) {
        snprintf(p->tmp, sizeof(p->tmp), "%s.tmpXXXXXX", p->dir);
        if (!mkdtemp(p->tmp)) {
            rc = kz__error(p->ctx, KZ_EIO, p->dir, 0, NULL, "%s",
                           strerror(errno));
            p->tmp[0] = '\0';
            return rc;
        }
    }
    /* "KZ-000012-p1.jpg": the kahriz's id keeps two photos of one name
     * apart; a name is letters, digits, '.', '_' and '-' */
    base = strrchr(photo, '/') + 1;
    for (i = 0; id && id[i] && o + 2 < sizeof(name); i++)
        name[o++] = (char)((id[i] >= 'A' && id[i] <= 'Z') ||
                                   (id[i] >= 'a' && id[i] <= 'z') ||
                                   (id[i] >= '0' && id[i] <= '9') ||
                                   id[i] == '-' || id[i] == '_' || id[i] == '.'
                               ? id[i]
                               : '_');
    name[o++] = '-';
    for (i = 0; base[i] && o + 1 < sizeof(name); i++)
        name[o++] = (char)(base[i] == '/' ? '_' : base[i]);
    name[o] = '\0';
    snprintf(to, sizeof(to), "%s/%s", p->tmp, name);
    if ((rc = copy_file(p->ctx, photo, to)) < 0)
        return rc;
    p->n++;
    snprintf(out, cap, "%s/%s", p->rel, name);
    return KZ_OK;
}

int kz__photos_commit(kz_photos *p, int overwrite)
{
    struct stat st;

    if (!p->tmp[0])
        return KZ_OK;
    if (stat(p->dir, &st) == 0) {
        if (!overwrite)
            return kz__error(p->ctx, KZ_EEXISTS, p->dir, 0, NULL,
                             "exists; use --overwrite to replace it");
        if (!S_ISDIR(st.st_mode) || remove_dir(p->dir) != 0)
            return kz__error(p->ctx, KZ_EIO, p->dir, 0, NULL,
                             "cannot be replaced: %s",
                             S_ISDIR(st.st_mode) ? strerror(errno)
                                                 : "not a directory");
    }
    if (rename(p->tmp, p->dir) != 0)
        return kz__error(p->ctx, KZ_EIO, p->dir, 0, NULL, "%s",
                         strerror(errno));
    p->tmp[0] = '\0';
    p->placed = 1;
    return KZ_OK;
}

void kz__photos_abort(kz_photos *p)
{
    if (p->tmp[0])
        remove_dir(p->tmp);
    else if (p->placed)
        remove_dir(p->dir);
    p->tmp[0] = '\0';
    p->placed = 0;
}
