/*
 * pdf.c - finishing a PDF with qpdf: cairo 1.16 leaves cross-reference
 * entries for objects it never writes (the structure of link annotations),
 * which preflight tools reject; qpdf reads the file with recovery and
 * writes it anew, with object streams and an ID made from the content, so
 * the same pages give the same bytes.  Map frames become ISO 32000
 * geospatial viewports (/VP with a /Measure of subtype /GEO) on their page.
 */
#include "finish/finish.h"

#include "geo/geo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kz__georef_from_map(kz_georef *g, const kz_map_result *res,
                         size_t page)
{
    g->page = page;
    g->x = res->frame[0];
    g->y = res->frame[1];
    g->w = res->frame[2];
    g->h = res->frame[3];
    g->gx0 = res->ground[0];
    g->gy0 = res->ground[1];
    g->gx1 = res->ground[2];
    g->gy1 = res->ground[3];
    snprintf(g->crs, sizeof(g->crs), "%s", res->crs);
}

int kz__georefs_add(kz_ctx *ctx, kz_georefs *g, const kz_georef *r)
{
    int rc;
    if ((rc = kz__grow(ctx, (void **)&g->v, &g->cap, g->n + 1,
                       sizeof(*g->v))) < 0)
        return rc;
    g->v[g->n++] = *r;
    return KZ_OK;
}

int kz__georefs_add_all(kz_ctx *ctx, kz_georefs *g, const kz_georefs *other,
                        size_t page)
{
    size_t i;
    int rc;
    for (i = 0; i < other->n; i++) {
        kz_georef r = other->v[i];
        r.page = page;
        if ((rc = kz__georefs_add(ctx, g, &r)) < 0)
            return rc;
    }
    return KZ_OK;
}

void kz__georefs_release(kz_ctx *ctx, kz_georefs *g)
{
    kz__free(ctx, g->v);
    g->v = NULL;
    g->n = g->cap = 0;
}

typedef struct finish_job {
    const char *target; /* for messages */
    double page_h;
    const kz_georefs *geo;
} finish_job;

int kz__qpdf_fail(kz_ctx *ctx, qpdf_data q, const char *target,
                  const char *what)
{
    const char *m = NULL;
    if (qpdf_has_error(q))
        m = qpdf_get_error_full_text(q, qpdf_get_error(q));
    return kz__error(ctx, KZ_EEXPORT, target, 0, NULL, "%s: %s", what,
                     m && *m ? m : "qpdf failed");
}

int kz__qpdf_open(kz_ctx *ctx, qpdf_data *out, const char *in,
                  const char *target, int recover)
{
    qpdf_data q = qpdf_init();
    *out = NULL;
    if (!q)
        return KZ_ENOMEM;
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    qpdf_set_attempt_recovery(q, recover ? QPDF_TRUE : QPDF_FALSE);
    if (qpdf_read(q, in, NULL) & QPDF_ERRORS) {
        int rc = kz__qpdf_fail(ctx, q, target, "reading the PDF back");
        qpdf_cleanup(&q);
        return rc;
    }
    *out = q;
    return KZ_OK;
}

int kz__qpdf_save(kz_ctx *ctx, qpdf_data q, const char *out,
                  const char *target)
{
    if (qpdf_init_write(q, out) & QPDF_ERRORS)
        return kz__qpdf_fail(ctx, q, target, "writing the PDF");
    qpdf_set_object_stream_mode(q, qpdf_o_generate);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_set_suppress_original_object_IDs(q, QPDF_TRUE);
    if (qpdf_write(q) & QPDF_ERRORS)
        return kz__qpdf_fail(ctx, q, target, "writing the PDF");
    return KZ_OK;
}

/* A PDF literal string: backslash, parentheses and line breaks escaped. */
static int pdf_string(kz_buf *b, const char *s)
{
    int rc = kz__buf_puts(b, "(");
    for (; rc == KZ_OK && *s; s++) {
        char esc[3] = {'\\', *s, '\0'};
        if (*s == '(' || *s == ')' || *s == '\\')
            rc = kz__buf_puts(b, esc);
        else if (*s == '\n' || *s == '\r')
            rc = kz__buf_puts(b, " ");
        else
            rc = kz__buf_append(b, s, 1);
    }
    return rc == KZ_OK ? kz__buf_puts(b, ")") : rc;
}

/* The viewport dictionary of one frame, in PDF syntax.  LPTS are the unit
 * square of the BBox (bottom left, top left, top right, bottom right);
 * GPTS the same corners as latitude, longitude on the CRS's datum (all
 * our CRSs are on WGS84). */
static int viewport(kz_ctx *ctx, kz_buf *b, const kz_georef *r,
                    double page_h)
{
    double gx[4] = {r->gx0, r->gx0, r->gx1, r->gx1};
    double gy[4] = {r->gy0, r->gy1, r->gy1, r->gy0};
    char *wkt = NULL;
    int epsg = 0, rc, i;
    PJ *op;

    if ((rc = kz__geo_transform(&op, ctx, r->crs, "EPSG:4326")) < 0 ||
        (rc = kz__geo_apply(ctx, op, gx, gy, 4, PJ_FWD)) < 0)
        return rc;
    for (i = 0; i < 4; i++)
        if (!isfinite(gx[i]) || !isfinite(gy[i]) || fabs(gx[i]) > 360)
            return kz__error(ctx, KZ_EPROJ, NULL, 0, NULL,
                             "a map frame's corner cannot be expressed in "
                             "degrees from \"%s\"",
                             r->crs);
    if ((rc = kz__geo_crs_describe(ctx, r->crs, &wkt, &epsg)) < 0)
        return rc;
    rc = kz__buf_printf(b,
                        "<< /Type /Viewport /Name (Map) /BBox [%.4f %.4f "
                        "%.4f %.4f] /Measure << /Type /Measure /Subtype /GEO "
                        "/Bounds [0 0 0 1 1 1 1 0] /LPTS [0 0 0 1 1 1 1 0] "
                        "/GPTS [",
                        r->x, page_h - (r->y + r->h), r->x + r->w,
                        page_h - r->y);
    for (i = 0; rc == KZ_OK && i < 4; i++)
        rc = kz__buf_printf(b, "%s%.9f %.9f", i ? " " : "", gy[i], gx[i]);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "] /PDU [/M /SQM /DEG] /GCS << /Type /PROJCS ");
    if (rc == KZ_OK && epsg > 0)
        rc = kz__buf_printf(b, "/EPSG %d ", epsg);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, "/WKT ");
    if (rc == KZ_OK)
        rc = pdf_string(b, wkt);
    if (rc == KZ_OK)
        rc = kz__buf_puts(b, " >> >> >>");
    kz__free(ctx, wkt);
    return rc;
}

static int add_viewports(kz_ctx *ctx, qpdf_data q, const finish_job *job)
{
    size_t i, pages = (size_t)qpdf_get_num_pages(q);
    kz_buf b;
    int rc = KZ_OK;

    kz__buf_init(&b, ctx);
    for (i = 0; job->geo && i < job->geo->n; i++) {
        const kz_georef *r = &job->geo->v[i];
        qpdf_oh page, vp, dict;
        if (r->page >= pages) {
            rc = kz__error(ctx, KZ_EEXPORT, job->target, 0, NULL,
                           "a map frame on page %zu of %zu", r->page + 1,
                           pages);
            break;
        }
        b.len = 0;
        if ((rc = viewport(ctx, &b, r, job->page_h)) < 0)
            break;
        dict = qpdf_oh_parse(q, b.data);
        if (qpdf_has_error(q)) {
            rc = kz__qpdf_fail(ctx, q, job->target, "georeferencing");
            break;
        }
        page = qpdf_get_page_n(q, r->page);
        vp = qpdf_oh_get_key(q, page, "/VP");
        if (!qpdf_oh_is_array(q, vp)) {
            vp = qpdf_oh_new_array(q);
            qpdf_oh_replace_key(q, page, "/VP", vp);
        }
        qpdf_oh_append_item(q, vp, dict);
        /* handles are kept by qpdf until released: the atlas has many */
        qpdf_oh_release(q, dict);
        qpdf_oh_release(q, vp);
        qpdf_oh_release(q, page);
    }
    kz__buf_release(&b);
    return rc;
}

/* The label halos' text marked as having none.  The Type 3 font names
 * of a resource dictionary are kept as NUL-terminated strings. */
typedef struct halo_job {
    kz_ctx *ctx;
    qpdf_data q;
    const char *target;
    kz_buf content;    /* scratch: a rewritten stream */
    int *seen;         /* form XObjects already done (object ids) */
    size_t n_seen, cap_seen;
} halo_job;

static int silent_font(void *ud, const char *name, size_t len)
{
    const kz_buf *names = ud;
    size_t i = 0;
    while (i < names->len) {
        size_t l = strlen(names->data + i);
        if (l == len && memcmp(names->data + i, name, len) == 0)
            return 1;
        i += l + 1;
    }
    return 0;
}

/* The keys of dictionary key of res whose value is a dictionary with
 * /Subtype sub, into names (qpdf has one key iterator: not nested). */
static int keys_of(qpdf_data q, qpdf_oh res, const char *key,
                   const char *sub, kz_buf *names)
{
    qpdf_oh d = qpdf_oh_get_key(q, res, key);
    int rc = KZ_OK;
    if (qpdf_oh_is_dictionary(q, d)) {
        qpdf_oh_begin_dict_key_iter(q, d);
        while (rc == KZ_OK && qpdf_oh_dict_more_keys(q)) {
            const char *k = qpdf_oh_dict_next_key(q);
            qpdf_oh v = qpdf_oh_get_key(q, d, k), vd, st;
            vd = qpdf_oh_is_stream(q, v) ? qpdf_oh_get_dict(q, v) : v;
            st = qpdf_oh_get_key(q, vd, "/Subtype");
            if (qpdf_oh_is_name_and_equals(q, st, sub))
                rc = kz__buf_append(names, k, strlen(k) + 1);
            qpdf_oh_release(q, st);
            if (vd != v)
                qpdf_oh_release(q, vd);
            qpdf_oh_release(q, v);
        }
    }
    qpdf_oh_release(q, d);
    return rc;
}

/* Mark the halo text of content stream s drawn with resources res. */
static int mark_stream(halo_job *j, qpdf_oh s, const kz_buf *fonts)
{
    unsigned char *data = NULL;
    size_t len = 0, changed = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    int rc = KZ_OK;

    if (qpdf_oh_get_stream_data(j->q, s, qpdf_dl_generalized, &filtered,
                                &data, &len) &
        QPDF_ERRORS)
        return kz__qpdf_fail(j->ctx, j->q, j->target, "reading a page");
    if (filtered) {
        j->content.len = 0;
        rc = kz__content_mark_no_text(j->ctx, data, len, silent_font,
                                      (void *)fonts, &j->content, &changed);
        if (rc == KZ_OK && changed) {
            qpdf_oh none = qpdf_oh_new_null(j->q);
            qpdf_oh_replace_stream_data(
                j->q, s, (unsigned char *)j->content.data, j->content.len,
                none, none);
            qpdf_oh_release(j->q, none);
        }
    }
    free(data);
    return rc;
}

/* The streams of contents (a stream or an array of them) drawn with res,
 * then the form XObjects of res, each once, with their own resources. */
static int mark_contents(halo_job *j, qpdf_oh contents, qpdf_oh res,
                         int depth)
{
    qpdf_data q = j->q;
    kz_buf fonts, forms;
    size_t at;
    int rc, k, n;

    kz__buf_init(&fonts, j->ctx);
    kz__buf_init(&forms, j->ctx);
    if ((rc = keys_of(q, res, "/Font", "/Type3", &fonts)) < 0 ||
        (rc = keys_of(q, res, "/XObject", "/Form", &forms)) < 0)
        goto done;
    n = qpdf_oh_is_array(q, contents) ? qpdf_oh_get_array_n_items(q, contents)
                                      : 1;
    for (k = 0; fonts.len && rc == KZ_OK && k < n; k++) {
        qpdf_oh s = qpdf_oh_is_array(q, contents)
                        ? qpdf_oh_get_array_item(q, contents, k)
                        : contents;
        if (qpdf_oh_is_stream(q, s))
            rc = mark_stream(j, s, &fonts);
        if (s != contents)
            qpdf_oh_release(q, s);
    }
    for (at = 0; rc == KZ_OK && depth < 16 && at < forms.len;
         at += strlen(forms.data + at) + 1) {
        qpdf_oh xo = qpdf_oh_get_key(q, res, "/XObject");
        qpdf_oh f = qpdf_oh_get_key(q, xo, forms.data + at);
        qpdf_oh fd = qpdf_oh_get_dict(q, f);
        qpdf_oh fres = qpdf_oh_get_key(q, fd, "/Resources");
        int id = qpdf_oh_get_object_id(q, f);
        size_t i;
        for (i = 0; i < j->n_seen && j->seen[i] != id; i++)
            ;
        if (id > 0 && i == j->n_seen &&
            (rc = kz__grow(j->ctx, (void **)&j->seen, &j->cap_seen,
                           j->n_seen + 1, sizeof(*j->seen))) == KZ_OK) {
            j->seen[j->n_seen++] = id;
            rc = mark_contents(j, f, qpdf_oh_is_dictionary(q, fres) ? fres
                                                                    : res,
                               depth + 1);
        }
        qpdf_oh_release(q, fres);
        qpdf_oh_release(q, fd);
        qpdf_oh_release(q, f);
        qpdf_oh_release(q, xo);
    }
done:
    kz__buf_release(&fonts);
    kz__buf_release(&forms);
    return rc;
}

int kz__pdf_mark_halos(kz_ctx *ctx, qpdf_data q, const char *target)
{
    halo_job j;
    int pages = qpdf_get_num_pages(q), p, rc = KZ_OK;

    memset(&j, 0, sizeof(j));
    j.ctx = ctx;
    j.q = q;
    j.target = target;
    kz__buf_init(&j.content, ctx);
    for (p = 0; rc == KZ_OK && p < pages; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
        qpdf_oh res = qpdf_oh_get_key(q, page, "/Resources");
        rc = mark_contents(&j, c, res, 0);
        qpdf_oh_release(q, res);
        qpdf_oh_release(q, c);
        qpdf_oh_release(q, page);
    }
    kz__buf_release(&j.content);
    kz__free(ctx, j.seen);
    return rc;
}

/* The Info dictionary's dates in the form PDF gives them ("D:" then
 * YYYYMMDDHHmmSS and the zone): cairo 1.16 leaves the "D:" out, and
 * readers and preflight then see no date. */
static void info_dates(qpdf_data q)
{
    static const char *const keys[] = {"/CreationDate", "/ModDate"};
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
    size_t i;

    for (i = 0; qpdf_oh_is_dictionary(q, info) && i < 2; i++) {
        qpdf_oh d = qpdf_oh_get_key(q, info, keys[i]);
        if (qpdf_oh_is_string(q, d)) {
            char date[64];
            const char *v = qpdf_oh_get_utf8_value(q, d);
            if (v && strncmp(v, "D:", 2) != 0 && strlen(v) < 48) {
                qpdf_oh nd;
                snprintf(date, sizeof(date), "D:%s", v);
                nd = qpdf_oh_new_string(q, date);
                qpdf_oh_replace_key(q, info, keys[i], nd);
                qpdf_oh_release(q, nd);
            }
        }
        qpdf_oh_release(q, d);
    }
    qpdf_oh_release(q, info);
    qpdf_oh_release(q, trailer);
}

static int rewrite(void *ud, kz_ctx *ctx, const char *in, const char *out)
{
    const finish_job *job = ud;
    qpdf_data q = NULL;
    int rc;

    /* cairo's own damage is what this repairs: recovery on */
    if ((rc = kz__qpdf_open(ctx, &q, in, job->target, 1)) < 0)
        return rc;
    info_dates(q);
    if ((rc = kz__pdf_mark_halos(ctx, q, job->target)) == KZ_OK &&
        (rc = add_viewports(ctx, q, job)) == KZ_OK)
        rc = kz__qpdf_save(ctx, q, out, job->target);
    qpdf_cleanup(&q);
    return rc;
}

int kz__pdf_finish(kz_ctx *ctx, kz_outfile *o, double page_h,
                   const kz_georefs *geo)
{
    finish_job job;
    job.target = o->path;
    job.page_h = page_h;
    job.geo = geo;
    return kz__outfile_rewrite(o, ctx, rewrite, &job);
}
