/*
 * press.c - the printer's PDF: the finished screen PDF with its neutrals
 * in black ink alone, as light as on screen through the output profile
 * (qpdf, littleCMS), converted to CMYK through the output profile by
 * Ghostscript's pdfwrite (run as a separate program: its licence is not
 * the library's, and a crash there cannot take the caller down), then
 * given by qpdf what PDF/X-4 asks: trim and bleed boxes, an output intent
 * with the embedded profile, Info and XMP identification, CMYK blending
 * for transparency groups and a deterministic ID.  Transparency is kept
 * (PDF/X-4 allows it), so text stays text.  Every page keeps the
 * geospatial viewports of its screen page.
 */
#include "finish/finish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <lcms2.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MM 2.83464566929 /* points per millimetre */

#define INK_STEPS 512

typedef struct press_job {
    const char *target; /* for messages */
    const kz_press_options *o;
    double pw, ph;      /* trim size, points */
    int64_t timestamp;
    const char *title;
    /* the /VP array of each page of the screen PDF (PDF syntax, NULL:
     * none), put back after Ghostscript, which does not keep them */
    char **vp;
    size_t n_vp;
    /* L* (relative to the paper) of black ink alone at i / INK_STEPS, read
     * from the output profile: decreasing in i */
    double ink_l[INK_STEPS + 1];
} press_job;

/* L* of the sRGB grey v (0..1), relative to white. */
static double srgb_grey_l(double v)
{
    double y = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
    return y > 216.0 / 24389.0 ? 116.0 * cbrt(y) - 16.0 : y * 24389.0 / 27.0;
}

/* The black ink that prints the grey v as light as the screen shows it;
 * darker than black ink can print: all of it. */
static double black_for(void *ud, double v)
{
    const press_job *job = ud;
    double l = srgb_grey_l(v < 0 ? 0 : v > 1 ? 1 : v);
    size_t i;
    if (l >= job->ink_l[0])
        return 0;
    for (i = 1; i <= INK_STEPS; i++)
        if (job->ink_l[i] <= l) {
            double a = job->ink_l[i - 1], b = job->ink_l[i];
            double f = a > b ? (a - l) / (a - b) : 1;
            return ((double)(i - 1) + f) / INK_STEPS;
        }
    return 1;
}

static int ink_table(kz_ctx *ctx, press_job *job)
{
    cmsHPROFILE cmyk = cmsOpenProfileFromFile(job->o->profile, "r");
    cmsHPROFILE lab = cmsCreateLab4Profile(NULL);
    cmsHTRANSFORM t = NULL;
    int rc = KZ_OK, i;

    if (cmyk && lab)
        t = cmsCreateTransform(cmyk, TYPE_CMYK_DBL, lab, TYPE_Lab_DBL,
                               INTENT_RELATIVE_COLORIMETRIC, 0);
    if (!t) {
        rc = kz__error(ctx, KZ_EINPUT, job->o->profile, 0, NULL,
                       "not a usable CMYK output profile");
    } else {
        for (i = 0; i <= INK_STEPS; i++) {
            double in[4] = {0, 0, 0, 100.0 * i / INK_STEPS};
            cmsCIELab out;
            cmsDoTransform(t, in, &out, 1);
            job->ink_l[i] = out.L;
        }
        cmsDeleteTransform(t);
    }
    if (lab)
        cmsCloseProfile(lab);
    if (cmyk)
        cmsCloseProfile(cmyk);
    return rc;
}

/* ------------------------------------------------------- viewports */

/* The geospatial viewports of every page, as text: Ghostscript's pdfwrite
 * drops them.  Its pages keep the screen page's coordinates, so the same
 * dictionaries place the same frames (kz__press_sheet then moves them
 * with the page onto the sheet). */
static int keep_viewports(kz_ctx *ctx, qpdf_data q, press_job *job)
{
    int pages = qpdf_get_num_pages(q), p, rc = KZ_OK;

    if (pages <= 0)
        return KZ_OK;
    if (!(job->vp = kz__calloc(ctx, (size_t)pages, sizeof(char *))))
        return KZ_ENOMEM;
    job->n_vp = (size_t)pages;
    for (p = 0; p < pages && rc == KZ_OK; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        qpdf_oh vp = qpdf_oh_get_key(q, page, "/VP");
        if (qpdf_oh_is_array(q, vp) &&
            !(job->vp[p] = kz__strdup(ctx, qpdf_oh_unparse_resolved(q, vp))))
            rc = KZ_ENOMEM;
        qpdf_oh_release(q, vp);
        qpdf_oh_release(q, page);
    }
    return rc;
}

static int restore_viewports(kz_ctx *ctx, qpdf_data q, const press_job *job)
{
    size_t pages = (size_t)qpdf_get_num_pages(q), p;

    if (job->n_vp && pages != job->n_vp)
        return kz__error(ctx, KZ_EEXPORT, job->target, 0, NULL,
                         "Ghostscript wrote %zu pages of %zu", pages,
                         job->n_vp);
    for (p = 0; p < job->n_vp; p++) {
        qpdf_oh page, vp;
        if (!job->vp[p])
            continue;
        vp = qpdf_oh_parse(q, job->vp[p]);
        if (qpdf_has_error(q)) {
            qpdf_oh_release(q, vp);
            return kz__qpdf_fail(ctx, q, job->target, "georeferencing");
        }
        page = qpdf_get_page_n(q, p);
        qpdf_oh_replace_key(q, page, "/VP", vp);
        qpdf_oh_release(q, page);
        qpdf_oh_release(q, vp);
    }
    return KZ_OK;
}

static void release_viewports(kz_ctx *ctx, press_job *job)
{
    size_t p;
    for (p = 0; p < job->n_vp; p++)
        kz__free(ctx, job->vp[p]);
    kz__free(ctx, job->vp);
    job->vp = NULL;
    job->n_vp = 0;
}

/* ------------------------------------------------------- neutrals */

/* Content streams are page contents, form XObjects and tiling patterns:
 * every stream whose dictionary says so, plus those pages point at. */
static int is_content(qpdf_data q, qpdf_oh stream, const unsigned char *ids,
                      int id)
{
    qpdf_oh d = qpdf_oh_get_dict(q, stream), v;
    int yes = ids[id];
    if (!yes) {
        v = qpdf_oh_get_key(q, d, "/Subtype");
        yes = qpdf_oh_is_name_and_equals(q, v, "/Form");
        qpdf_oh_release(q, v);
    }
    if (!yes) {
        v = qpdf_oh_get_key(q, d, "/PatternType");
        yes = qpdf_oh_get_numeric_value(q, v) == 1;
        qpdf_oh_release(q, v);
    }
    qpdf_oh_release(q, d);
    return yes;
}

static int mark_page_contents(kz_ctx *ctx, qpdf_data q, unsigned char *ids,
                              int n_ids)
{
    int pages = qpdf_get_num_pages(q), p, k;
    for (p = 0; p < pages; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
        int n = qpdf_oh_is_array(q, c) ? qpdf_oh_get_array_n_items(q, c) : 1;
        for (k = 0; k < n; k++) {
            qpdf_oh s = qpdf_oh_is_array(q, c)
                            ? qpdf_oh_get_array_item(q, c, k)
                            : c;
            int id = qpdf_oh_get_object_id(q, s);
            if (id > 0 && id < n_ids)
                ids[id] = 1;
            if (s != c)
                qpdf_oh_release(q, s);
        }
        qpdf_oh_release(q, c);
        qpdf_oh_release(q, page);
    }
    (void)ctx;
    return KZ_OK;
}

/* The gradients of greys among object o: a shading, or a shading
 * pattern holding its shading directly. */
static void neutral_shadings(qpdf_data q, qpdf_oh o, unsigned char *done,
                             int n_ids, press_job *job)
{
    qpdf_oh sh;
    if (!qpdf_oh_is_dictionary(q, o))
        return;
    if (qpdf_oh_has_key(q, o, "/ShadingType")) {
        kz__shading_neutral_to_k(q, o, done, n_ids, black_for, job);
    } else if (qpdf_oh_has_key(q, o, "/PatternType")) {
        sh = qpdf_oh_get_key(q, o, "/Shading");
        if (!qpdf_oh_is_indirect(q, sh)) /* an indirect one has its turn */
            kz__shading_neutral_to_k(q, sh, done, n_ids, black_for, job);
        qpdf_oh_release(q, sh);
    }
}

static int neutral_rewrite(void *ud, kz_ctx *ctx, const char *in,
                           const char *out)
{
    press_job *job = ud;
    qpdf_data q = NULL;
    unsigned char *ids = NULL, *done = NULL; /* functions said in black */
    qpdf_oh trailer, size_oh;
    int n_ids, id, rc;
    kz_buf b;

    kz__buf_init(&b, ctx);
    if ((rc = kz__qpdf_open(ctx, &q, in, job->target, 0)) < 0)
        return rc;
    trailer = qpdf_get_trailer(q);
    size_oh = qpdf_oh_get_key(q, trailer, "/Size");
    n_ids = (int)qpdf_oh_get_numeric_value(q, size_oh);
    if (n_ids < 1 || !(ids = kz__calloc(ctx, (size_t)n_ids, 1)) ||
        !(done = kz__calloc(ctx, (size_t)n_ids, 1))) {
        rc = n_ids < 1 ? kz__error(ctx, KZ_EEXPORT, job->target, 0, NULL,
                                   "the PDF has no objects")
                       : KZ_ENOMEM;
        goto done;
    }
    mark_page_contents(ctx, q, ids, n_ids);
    /* the screen PDF is read here for the last time */
    if ((rc = keep_viewports(ctx, q, job)) < 0)
        goto done;
    for (id = 1; id < n_ids && rc == KZ_OK; id++) {
        qpdf_oh s = qpdf_get_object_by_id(q, id, 0);
        unsigned char *data = NULL;
        size_t len = 0, changed = 0;
        QPDF_BOOL filtered = QPDF_FALSE;
        neutral_shadings(q, s, done, n_ids, job);
        if (qpdf_oh_is_stream(q, s) && is_content(q, s, ids, id) &&
            !(qpdf_oh_get_stream_data(q, s, qpdf_dl_generalized, &filtered,
                                      &data, &len) &
              QPDF_ERRORS) &&
            filtered) {
            b.len = 0;
            rc = kz__content_neutral_to_k(ctx, data, len, black_for,
                                          (void *)job, &b, &changed);
            if (rc == KZ_OK && changed) {
                qpdf_oh none = qpdf_oh_new_null(q);
                qpdf_oh_replace_stream_data(q, s, (unsigned char *)b.data,
                                            b.len, none, none);
                qpdf_oh_release(q, none);
            }
        }
        free(data);
        qpdf_oh_release(q, s);
    }
    if (rc == KZ_OK)
        rc = kz__qpdf_save(ctx, q, out, job->target);
done:
    kz__free(ctx, ids);
    kz__free(ctx, done);
    kz__buf_release(&b);
    qpdf_cleanup(&q);
    return rc;
}

/* ------------------------------------------------------------ to CMYK */

/* Ghostscript's last line on stderr, for the message. */
static void last_line(const char *path, char *out, size_t cap)
{
    FILE *fp = fopen(path, "r");
    char line[512];
    out[0] = '\0';
    if (!fp)
        return;
    while (fgets(line, sizeof(line), fp))
        if (line[0] && line[0] != '\n') {
            line[strcspn(line, "\r\n")] = '\0';
            snprintf(out, cap, "%s", line);
        }
    fclose(fp);
}

/* Remove dir and everything in it (Ghostscript's temporary files are
 * plain files; a directory among them is emptied the same way). */
static void remove_tree(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4200];

    if (d) {
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (unlinkat(dirfd(d), e->d_name, 0) == 0 || errno != EISDIR ||
                depth >= 8)
                continue;
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            remove_tree(path, depth + 1);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* The environment of the Ghostscript run: the document's own date, for a
 * reproducible file, and tmp for every temporary file it makes (TMPDIR,
 * and TEMP, which it also reads).  NULL: KZ_ENOMEM. */
static char **gs_environment(kz_ctx *ctx, const press_job *job,
                             const char *tmp, char *epoch, size_t cap_epoch,
                             char *a_tmpdir, char *a_temp, size_t cap_tmp)
{
    char **envp;
    size_t i, n = 0;

    for (i = 0; environ[i]; i++)
        ;
    if (!(envp = kz__calloc(ctx, i + 4, sizeof(char *))))
        return NULL;
    for (i = 0; environ[i]; i++)
        if (strncmp(environ[i], "SOURCE_DATE_EPOCH=", 18) != 0 &&
            strncmp(environ[i], "TMPDIR=", 7) != 0 &&
            strncmp(environ[i], "TEMP=", 5) != 0)
            envp[n++] = environ[i];
    snprintf(epoch, cap_epoch, "SOURCE_DATE_EPOCH=%lld",
             (long long)job->timestamp);
    snprintf(a_tmpdir, cap_tmp, "TMPDIR=%s", tmp);
    snprintf(a_temp, cap_tmp, "TEMP=%s", tmp);
    envp[n++] = epoch;
    envp[n++] = a_tmpdir;
    envp[n++] = a_temp;
    envp[n] = NULL;
    return envp;
}

/* Wait for Ghostscript; on an interrupt, stop it.  The wait polls, so that
 * an interrupt that comes between two looks is seen within a few
 * milliseconds, not when Ghostscript is done.  Its status, -1 when it
 * cannot be had. */
static int gs_wait(kz_ctx *ctx, pid_t pid)
{
    struct timespec tick = {0, 10 * 1000 * 1000};
    int status = 0, stopped = 0;
    pid_t w;

    for (;;) {
        if (!stopped && kz__interrupted(ctx)) {
            kill(pid, SIGTERM);
            stopped = 1;
        }
        w = waitpid(pid, &status, stopped ? 0 : WNOHANG);
        if (w == pid)
            return status;
        if (w < 0 && errno != EINTR)
            return -1;
        if (w == 0)
            nanosleep(&tick, NULL);
    }
}

static int gs_rewrite(void *ud, kz_ctx *ctx, const char *in, const char *out)
{
    const press_job *job = ud;
    const char *gs = job->o->ghostscript ? job->o->ghostscript : "gs";
    const char *tmp_base = getenv("TMPDIR");
    char a_out[4200], a_icc[4200], a_permit[4200], errpath[4300],
        epoch[64], why[512], tmp[4200], a_tmpdir[4300], a_temp[4300];
    char *argv[20], **envp = NULL;
    posix_spawn_file_actions_t fa;
    const char *slash;
    size_t k = 0;
    pid_t pid;
    int status = 0, rc = KZ_OK, err;

    /* Ghostscript's temporary files (pdfwrite keeps one per kind of
     * resource) go into a directory of this run's own, removed whatever
     * happens: a Ghostscript stopped by a signal leaves them behind */
    if (!tmp_base || !*tmp_base)
        tmp_base = "/tmp";
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s/kahriz-gs-XXXXXX",
                         tmp_base) >= sizeof(tmp))
        return kz__error(ctx, KZ_EEXPORT, job->target, 0, NULL,
                         "the temporary directory's name is too long: %s",
                         tmp_base);
    if (!mkdtemp(tmp))
        return kz__error(ctx, KZ_EEXPORT, job->target, 0, NULL,
                         "cannot make a temporary directory in %s: %s",
                         tmp_base, strerror(errno));

    /* the profile is read by name: permitted under -dSAFER */
    slash = strrchr(job->o->profile, '/');
    snprintf(a_permit, sizeof(a_permit), "--permit-file-read=%.*s/",
             slash ? (int)(slash - job->o->profile) : 1,
             slash ? job->o->profile : ".");
    snprintf(a_out, sizeof(a_out), "-sOutputFile=%s", out);
    snprintf(a_icc, sizeof(a_icc), "-sOutputICCProfile=%s", job->o->profile);
    snprintf(errpath, sizeof(errpath), "%s/stderr", tmp);
    argv[k++] = (char *)gs;
    argv[k++] = "-q";
    argv[k++] = "-dBATCH";
    argv[k++] = "-dNOPAUSE";
    argv[k++] = "-dSAFER";
    argv[k++] = a_permit;
    argv[k++] = "-sDEVICE=pdfwrite";
    argv[k++] = "-dCompatibilityLevel=1.6";
    argv[k++] = "-sColorConversionStrategy=CMYK";
    argv[k++] = "-sProcessColorModel=DeviceCMYK";
    argv[k++] = a_icc;
    argv[k++] = "-dAutoRotatePages=/None";
    argv[k++] = "-dEmbedAllFonts=true";
    argv[k++] = "-dSubsetFonts=true";
    argv[k++] = a_out;
    argv[k++] = (char *)in;
    argv[k] = NULL;

    if (!(envp = gs_environment(ctx, job, tmp, epoch, sizeof(epoch),
                                a_tmpdir, a_temp, sizeof(a_tmpdir)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
                                     O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, errpath,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    err = posix_spawnp(&pid, gs, &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    if (err != 0) {
        rc = kz__error(ctx, KZ_EEXPORT, job->target, 0, NULL,
                       "cannot run Ghostscript (%s): %s; install the "
                       "Debian package 'ghostscript'",
                       gs, strerror(err));
        goto done;
    }
    status = gs_wait(ctx, pid);
    if (kz__interrupted(ctx)) {
        rc = kz__error(ctx, KZ_EINTERRUPTED, job->target, 0, NULL,
                       "interrupted");
    } else if (status == -1 || !WIFEXITED(status) ||
               WEXITSTATUS(status) != 0) {
        last_line(errpath, why, sizeof(why));
        rc = kz__error(ctx, KZ_EEXPORT, job->target, 0, NULL,
                       "Ghostscript could not convert the PDF to CMYK%s%s",
                       why[0] ? ": " : "", why);
    }
done:
    remove_tree(tmp, 0);
    kz__free(ctx, envp);
    return rc;
}

/* --------------------------------------------------------- PDF/X-4 */

static int file_bytes(kz_ctx *ctx, const char *path, unsigned char **out,
                      size_t *len, const char *target)
{
    FILE *fp = fopen(path, "rb");
    long n;
    int whole;

    *out = NULL;
    (void)target;
    if (!fp)
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "cannot read the output profile: %s",
                         strerror(errno));
    if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 128 ||
        fseek(fp, 0, SEEK_SET) != 0) {
        fclose(fp);
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "not an ICC profile");
    }
    if (!(*out = kz__malloc(ctx, (size_t)n))) {
        fclose(fp);
        return KZ_ENOMEM;
    }
    *len = fread(*out, 1, (size_t)n, fp);
    fclose(fp);
    /* as long as its header says (a profile cut short is no profile), an
     * output (printer) profile in CMYK: 'prtr' and 'CMYK' */
    whole = *len == (size_t)n && memcmp(*out + 36, "acsp", 4) == 0 &&
            ((size_t)(*out)[0] << 24 | (size_t)(*out)[1] << 16 |
             (size_t)(*out)[2] << 8 | (*out)[3]) == *len;
    if (!whole || memcmp(*out + 12, "prtr", 4) != 0 ||
        memcmp(*out + 16, "CMYK", 4) != 0) {
        kz__free(ctx, *out);
        *out = NULL;
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "%s",
                         whole ? "not a CMYK output ICC profile"
                               : "not a whole ICC profile (its header "
                                 "says another length)");
    }
    return KZ_OK;
}

static qpdf_oh new_stream(qpdf_data q, const void *data, size_t len)
{
    qpdf_oh s = qpdf_oh_new_stream(q), none = qpdf_oh_new_null(q);
    qpdf_oh_replace_stream_data(q, s, data, len, none, none);
    qpdf_oh_release(q, none);
    return s;
}

/* Transparency groups blend in the output's colour space. */
static void groups_cmyk(qpdf_data q)
{
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
    int n = (int)qpdf_oh_get_numeric_value(q, size), id;
    for (id = 1; id < n; id++) {
        qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
        qpdf_oh d = qpdf_oh_is_stream(q, o) ? qpdf_oh_get_dict(q, o) : o;
        qpdf_oh g = qpdf_oh_get_key_if_dict(q, d, "/Group");
        if (qpdf_oh_is_dictionary(q, g)) {
            qpdf_oh cs = qpdf_oh_get_key(q, g, "/CS");
            if (qpdf_oh_is_name_and_equals(q, cs, "/DeviceRGB")) {
                qpdf_oh cmyk = qpdf_oh_new_name(q, "/DeviceCMYK");
                qpdf_oh_replace_key(q, g, "/CS", cmyk);
                qpdf_oh_release(q, cmyk);
            }
            qpdf_oh_release(q, cs);
        }
        qpdf_oh_release(q, g);
        if (d != o)
            qpdf_oh_release(q, d);
        qpdf_oh_release(q, o);
    }
    qpdf_oh_release(q, size);
    qpdf_oh_release(q, trailer);
}

/* ------------------------------------------------- identification */

/* What the press file says it is, said alike in Info and in XMP, where a
 * PDF/X preflight compares the two. */
#define PRODUCER "kahriz-atlas, Ghostscript, qpdf"

/* The Info strings carried over from the screen PDF (Ghostscript keeps
 * them), and the XMP property each one is. */
enum { DOC_TITLE, DOC_AUTHOR, DOC_SUBJECT, DOC_KEYWORDS, DOC_CREATOR, DOC_N };
static const char *const info_keys[DOC_N] = {"/Title", "/Author", "/Subject",
                                             "/Keywords", "/Creator"};

typedef struct doc_info {
    char *v[DOC_N]; /* UTF-8; NULL: none */
} doc_info;

/* Info's strings as text, whether Ghostscript wrote them in
 * PDFDocEncoding or UTF-16; the title the caller gave wins. */
static int info_read(kz_ctx *ctx, qpdf_data q, const press_job *job,
                     doc_info *di)
{
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
    int i, rc = KZ_OK;

    memset(di, 0, sizeof(*di));
    for (i = 0; i < DOC_N && rc == KZ_OK; i++) {
        qpdf_oh v = qpdf_oh_get_key_if_dict(q, info, info_keys[i]);
        const char *text = i == DOC_TITLE && job->title ? job->title
                           : qpdf_oh_is_string(q, v)
                               ? qpdf_oh_get_utf8_value(q, v)
                               : NULL;
        if (text && *text && !(di->v[i] = kz__strdup(ctx, text)))
            rc = KZ_ENOMEM;
        qpdf_oh_release(q, v);
    }
    qpdf_oh_release(q, info);
    qpdf_oh_release(q, trailer);
    return rc;
}

static void info_release(kz_ctx *ctx, doc_info *di)
{
    int i;
    for (i = 0; i < DOC_N; i++)
        kz__free(ctx, di->v[i]);
}

/* Info, every string in PDFDocEncoding when it fits and otherwise in
 * UTF-16BE with its byte order mark (qpdf chooses), as ISO 32000 has
 * text strings; the dates of the document. */
static void info_write(qpdf_data q, const doc_info *di, const char *pdfdate)
{
    qpdf_oh trailer, info, v;
    int i;

    qpdf_set_info_key(q, "/GTS_PDFXVersion", "PDF/X-4");
    qpdf_set_info_key(q, "/CreationDate", pdfdate);
    qpdf_set_info_key(q, "/ModDate", pdfdate);
    trailer = qpdf_get_trailer(q);
    info = qpdf_oh_get_key(q, trailer, "/Info");
    for (i = 0; i < DOC_N; i++) {
        if (!di->v[i]) {
            qpdf_oh_remove_key(q, info, info_keys[i]);
            continue;
        }
        v = qpdf_oh_new_unicode_string(q, di->v[i]);
        qpdf_oh_replace_key(q, info, info_keys[i], v);
        qpdf_oh_release(q, v);
    }
    v = qpdf_oh_new_unicode_string(q, PRODUCER);
    qpdf_oh_replace_key(q, info, "/Producer", v);
    qpdf_oh_release(q, v);
    v = qpdf_oh_new_name(q, "/False");
    qpdf_oh_replace_key(q, info, "/Trapped", v);
    qpdf_oh_release(q, v);
    qpdf_oh_release(q, info);
    qpdf_oh_release(q, trailer);
}

/* <open>text</close> when there is text. */
static int xmp_element(kz_buf *b, const char *open, const char *text,
                       const char *close)
{
    int rc;
    if (!text)
        return KZ_OK;
    if ((rc = kz__buf_puts(b, open)) == KZ_OK &&
        (rc = kz__xml_escape(b, text)) == KZ_OK)
        rc = kz__buf_puts(b, close);
    return rc;
}

/* The XMP packet PDF/X-4 requires, saying what Info says; its
 * identifiers made from the title and the date so that the same document
 * gets the same ones. */
static int xmp_packet(kz_buf *b, const press_job *job, const char *iso,
                      const doc_info *di)
{
    unsigned long long h = 1469598103934665603ULL;
    const char *s;
    char uuid[48];
    int rc;

    for (s = job->title ? job->title : ""; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h ^= (unsigned long long)job->timestamp;
    snprintf(uuid, sizeof(uuid), "%08llx-%04llx-4%03llx-8%03llx-%012llx",
             h >> 32, (h >> 16) & 0xffff, h & 0xfff, (h >> 52) & 0xfff,
             (h * 31) & 0xffffffffffffULL);
    rc = kz__buf_printf(
        b,
        "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "<rdf:Description rdf:about=\"\"\n"
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
        " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
        " xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
        " xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"\n"
        " xmp:CreateDate=\"%s\" xmp:ModifyDate=\"%s\" "
        "xmp:MetadataDate=\"%s\"\n"
        " pdf:Trapped=\"False\"\n"
        " xmpMM:DocumentID=\"uuid:%s\" xmpMM:InstanceID=\"uuid:%s\"\n"
        " xmpMM:RenditionClass=\"default\" xmpMM:VersionID=\"1\"\n"
        " pdfxid:GTS_PDFXVersion=\"PDF/X-4\">\n"
        "<dc:format>application/pdf</dc:format>\n"
        "<pdf:Producer>" PRODUCER "</pdf:Producer>\n",
        iso, iso, iso, uuid, uuid);
    if (rc == KZ_OK)
        rc = xmp_element(
            b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">",
            di->v[DOC_TITLE], "</rdf:li></rdf:Alt></dc:title>\n");
    if (rc == KZ_OK)
        rc = xmp_element(b, "<dc:creator><rdf:Seq><rdf:li>",
                         di->v[DOC_AUTHOR],
                         "</rdf:li></rdf:Seq></dc:creator>\n");
    if (rc == KZ_OK)
        rc = xmp_element(
            b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">",
            di->v[DOC_SUBJECT], "</rdf:li></rdf:Alt></dc:description>\n");
    if (rc == KZ_OK)
        rc = xmp_element(b, "<pdf:Keywords>", di->v[DOC_KEYWORDS],
                         "</pdf:Keywords>\n");
    if (rc == KZ_OK)
        rc = xmp_element(b, "<xmp:CreatorTool>", di->v[DOC_CREATOR],
                         "</xmp:CreatorTool>\n");
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "</rdf:Description>\n</rdf:RDF>\n"
                             "</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
    return rc;
}

static int pdfx_rewrite(void *ud, kz_ctx *ctx, const char *in,
                        const char *out)
{
    const press_job *job = ud;
    qpdf_data q = NULL;
    unsigned char *icc = NULL;
    size_t icc_len = 0;
    qpdf_oh root, trailer, intents, intent, v, profile, meta;
    doc_info di;
    char pdfdate[32], iso[32];
    time_t t = (time_t)job->timestamp;
    struct tm tm;
    kz_buf b;
    int rc;

    kz__buf_init(&b, ctx);
    memset(&di, 0, sizeof(di));
    if ((rc = file_bytes(ctx, job->o->profile, &icc, &icc_len,
                         job->target)) < 0)
        return rc;
    if ((rc = kz__qpdf_open(ctx, &q, in, job->target, 0)) < 0)
        goto done;
    if ((rc = restore_viewports(ctx, q, job)) < 0 ||
        (rc = kz__press_sheet(ctx, q, job->pw, job->ph,
                              (job->o->bleed_mm > 0 ? job->o->bleed_mm : 3) *
                                  MM,
                              job->o->crop_marks ? 10 * MM : 0,
                              job->target)) < 0)
        goto done;
    /* Ghostscript drops the marked content that kept the halos silent */
    if ((rc = kz__pdf_mark_halos(ctx, q, job->target)) < 0)
        goto done;
    groups_cmyk(q);

    /* the output intent, with the profile embedded */
    root = qpdf_get_root(q);
    profile = new_stream(q, icc, icc_len);
    v = qpdf_oh_get_dict(q, profile);
    {
        qpdf_oh four = qpdf_oh_new_integer(q, 4);
        qpdf_oh_replace_key(q, v, "/N", four);
        qpdf_oh_release(q, four);
    }
    qpdf_oh_release(q, v);
    {
        qpdf_oh id = qpdf_oh_new_unicode_string(
            q, job->o->condition ? job->o->condition : "Custom");
        qpdf_oh info_s = qpdf_oh_new_unicode_string(
            q, job->o->condition_info ? job->o->condition_info : "");
        qpdf_oh reg = qpdf_oh_new_string(q, "http://www.color.org");
        intent = qpdf_oh_parse(q, "<< /Type /OutputIntent /S /GTS_PDFX >>");
        qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier", id);
        qpdf_oh_replace_key(q, intent, "/OutputCondition", info_s);
        qpdf_oh_replace_key(q, intent, "/Info", info_s);
        qpdf_oh_replace_key(q, intent, "/RegistryName", reg);
        qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
        qpdf_oh_release(q, id);
        qpdf_oh_release(q, info_s);
        qpdf_oh_release(q, reg);
    }
    intents = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, intents, intent);
    qpdf_oh_replace_key(q, root, "/OutputIntents", intents);
    qpdf_oh_release(q, intents);
    qpdf_oh_release(q, intent);
    qpdf_oh_release(q, profile);

    /* Info and XMP say the same: PDF/X-4, not trapped, the same dates,
     * title, author, subject, keywords, creator and producer */
    gmtime_r(&t, &tm);
    strftime(pdfdate, sizeof(pdfdate), "D:%Y%m%d%H%M%SZ", &tm);
    strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if ((rc = info_read(ctx, q, job, &di)) < 0)
        goto done;
    info_write(q, &di, pdfdate);
    /* Ghostscript's ID changes on every run; qpdf makes one from the
     * content when there is none */
    trailer = qpdf_get_trailer(q);
    qpdf_oh_remove_key(q, trailer, "/ID");
    qpdf_oh_release(q, trailer);
    b.len = 0;
    if ((rc = xmp_packet(&b, job, iso, &di)) < 0)
        goto done;
    meta = new_stream(q, b.data, b.len);
    v = qpdf_oh_get_dict(q, meta);
    {
        qpdf_oh type = qpdf_oh_new_name(q, "/Metadata");
        qpdf_oh sub = qpdf_oh_new_name(q, "/XML");
        qpdf_oh_replace_key(q, v, "/Type", type);
        qpdf_oh_replace_key(q, v, "/Subtype", sub);
        qpdf_oh_release(q, type);
        qpdf_oh_release(q, sub);
    }
    qpdf_oh_release(q, v);
    qpdf_oh_replace_key(q, root, "/Metadata", meta);
    qpdf_oh_release(q, meta);
    qpdf_oh_release(q, root);
    if (qpdf_has_error(q)) {
        rc = kz__qpdf_fail(ctx, q, job->target, "PDF/X");
        goto done;
    }
    rc = kz__qpdf_save(ctx, q, out, job->target);
done:
    kz__free(ctx, icc);
    info_release(ctx, &di);
    kz__buf_release(&b);
    if (q)
        qpdf_cleanup(&q);
    return rc;
}

int kz__pdf_press(kz_ctx *ctx, kz_outfile *o, double page_w, double page_h,
                  const kz_press_options *opts, int64_t timestamp,
                  const char *title)
{
    press_job job;
    int rc;

    KZ_ASSERT_ARG(ctx, o && opts);
    if (opts->version != KZ_PRESS_OPTIONS_VERSION)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "kz_press_options version %u, expected %u",
                         opts->version, KZ_PRESS_OPTIONS_VERSION);
    if (!opts->profile || !*opts->profile)
        return kz__error(ctx, KZ_EINVAL, o->path, 0, NULL,
                         "the press PDF needs a CMYK output profile");
    job.target = o->path;
    job.o = opts;
    job.pw = page_w;
    job.ph = page_h;
    job.timestamp = timestamp;
    job.title = title;
    job.vp = NULL;
    job.n_vp = 0;
    /* the profile's own faults first (missing, not ICC, not a printer's
     * CMYK), before lcms's one word for all of them and before the
     * Ghostscript run */
    {
        unsigned char *icc = NULL;
        size_t len = 0;
        if ((rc = file_bytes(ctx, opts->profile, &icc, &len, o->path)) < 0)
            return rc;
        kz__free(ctx, icc);
    }
    if ((rc = ink_table(ctx, &job)) == KZ_OK &&
        (rc = kz__outfile_rewrite(o, ctx, neutral_rewrite, &job)) == KZ_OK &&
        (rc = kz__outfile_rewrite(o, ctx, gs_rewrite, &job)) == KZ_OK)
        rc = kz__outfile_rewrite(o, ctx, pdfx_rewrite, &job);
    release_viewports(ctx, &job);
    return rc;
}
