/*
 * atlas.c - kz_atlas_render: plan the pages, prepare each one as a cairo
 * recording surface (on worker threads when asked, one kz_ctx each), and
 * replay them in page order onto one PDF surface, adding the named
 * destinations, links, bookmarks and metadata.  Invariant: a page's
 * drawing depends only on the plan and the inputs, never on the thread
 * that made it, so every number of jobs writes the same bytes.  The PDF is
 * written to a temporary file beside the target and renamed on success.
 */
#include "atlas/atlas.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const section_names[KZ_ATLAS_SECTION_COUNT] = {
    "cover",    "contents", "intro",     "overview",
    "districts", "sheets",  "gazetteer", "colophon"};

const char *kz_atlas_section_name(unsigned section)
{
    int i;
    for (i = 0; i < KZ_ATLAS_SECTION_COUNT; i++)
        if (section == 1u << i)
            return section_names[i];
    return "";
}

int kz_atlas_sections_parse(unsigned *out, kz_ctx *ctx, const char *list)
{
    unsigned bits = 0;
    const char *p;

    KZ_ASSERT_ARG(ctx, out && list);
    for (p = list; *p;) {
        size_t n = strcspn(p, ","), i;
        if (n == 3 && strncmp(p, "all", 3) == 0) {
            bits |= KZ_ATLAS_ALL;
        } else {
            for (i = 0; i < KZ_ATLAS_SECTION_COUNT; i++)
                if (strlen(section_names[i]) == n &&
                    strncmp(p, section_names[i], n) == 0)
                    break;
            if (i == KZ_ATLAS_SECTION_COUNT || n == 0)
                return kz__error(ctx, KZ_EUSAGE, NULL, 0, NULL,
                                 "unknown atlas section \"%.*s\" (cover, "
                                 "contents, intro, overview, districts, "
                                 "sheets, gazetteer, colophon)",
                                 (int)n, p);
            bits |= 1u << i;
        }
        p += n;
        if (*p == ',')
            p++;
    }
    if (!bits)
        return kz__error(ctx, KZ_EUSAGE, NULL, 0, NULL,
                         "no atlas section named");
    *out = bits;
    return KZ_OK;
}

/* ------------------------------------------------------------ pages */

/* One prepared page. */
typedef struct prepared {
    cairo_surface_t *rec;
    int done, rc;
    char *message;
    size_t photos, photos_missing;
    kz_georefs geo; /* map frames, owned by the preparing thread's ctx */
} prepared;

typedef struct pool {
    atlas_doc *doc;
    prepared *p;
    size_t next;     /* next page to prepare */
    size_t consumed; /* pages replayed */
    size_t *ahead;   /* ahead[i]: weight of pages 0..i-1 (see weight()) */
    size_t budget;   /* weight prepared ahead of the replay at most */
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pool;

/* What a prepared page weighs while it waits for the replay: a page of
 * text is a small recording, one with maps or photos a large one.  Pages
 * are prepared ahead of the replay up to a budget of weight, so that the
 * many cheap pages of a long table keep every thread busy while a map is
 * replayed, and memory stays bounded. */
static size_t weight(const atlas_page *pg)
{
    switch (pg->kind) {
    case PG_CONTENTS:
    case PG_INTRO:
    case PG_TABLE:
    case PG_GAZETTEER:
    case PG_COLOPHON:
        return 1;
    default:
        return 8;
    }
}

/* Whether page j may be prepared now (with pl->mu held). */
static int may_prepare(const pool *pl, size_t j)
{
    return j == pl->consumed ||
           pl->ahead[j + 1] - pl->ahead[pl->consumed] <= pl->budget;
}

/* Draw page i into a recording surface with ctx (this thread's). */
static void prepare(atlas_doc *doc, kz_ctx *ctx, size_t i, prepared *out)
{
    cairo_rectangle_t ext = {0, 0, doc->pw, doc->ph};
    cairo_surface_t *rec;
    cairo_t *cr;
    atlas_ctx ac;
    int rc;

    memset(&ac, 0, sizeof(ac));
    out->rec = NULL;
    out->message = NULL;
    if (kz__interrupted(doc->ctx) || kz__interrupted(ctx)) {
        out->rc = KZ_EINTERRUPTED;
        return;
    }
    rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    /* replayed only into the atlas PDF, which kz__pdf_finish finishes */
    if ((rc = kz__halo_as_text(ctx, rec)) < 0) {
        cairo_surface_destroy(rec);
        out->rc = rc;
        out->message = strdup(kz_ctx_error(ctx)->message);
        return;
    }
    cr = cairo_create(rec);
    ac.doc = doc;
    ac.ctx = ctx;
    ac.cr = cr;
    ac.page = (long)i + 1;
    if ((rc = kz__glyphs_create(&ac.gl, ctx)) == KZ_OK &&
        (rc = kz__text_init(&ac.txt, ctx, cr, doc->st)) == KZ_OK) {
        rc = kz__atlas_draw_page(&ac, &doc->pages[i]);
        kz__glyphs_flush(ac.gl, cr);
        kz__text_release(&ac.txt);
    }
    kz__glyphs_destroy(ac.gl);
    if (rc == KZ_OK && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = kz__error(ctx, KZ_ERENDER, NULL, 0, NULL, "cairo: page %zu: %s",
                       i + 1, cairo_status_to_string(cairo_status(cr)));
    cairo_destroy(cr);
    if (rc < 0) {
        const char *m = kz_ctx_error(ctx)->message;
        cairo_surface_destroy(rec);
        kz__georefs_release(ctx, &ac.geo);
        out->rc = rc;
        out->message = strdup(m && *m ? m : kz_status_str(rc));
        return;
    }
    out->rc = KZ_OK;
    out->rec = rec;
    out->photos = ac.photos;
    out->photos_missing = ac.photos_missing;
    out->geo = ac.geo;
}

static void *worker(void *arg)
{
    pool *pl = arg;
    kz_ctx *ctx = NULL;
    kz_ctx_options o = KZ_CTX_OPTIONS_INIT;

    o.allocator = &pl->doc->ctx->alloc;
    o.log = pl->doc->ctx->log;
    o.log_userdata = pl->doc->ctx->log_userdata;
    o.log_level = pl->doc->ctx->log_level;
    if (kz_ctx_create(&ctx, &o) < 0) {
        pthread_mutex_lock(&pl->mu);
        pl->stop = 1;
        if (pl->next < pl->doc->n_pages) {
            prepared *p = &pl->p[pl->next++];
            p->rc = KZ_ENOMEM;
            p->done = 1;
        }
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->mu);
        return NULL;
    }
    for (;;) {
        size_t i;
        prepared tmp;
        pthread_mutex_lock(&pl->mu);
        while (!pl->stop && pl->next < pl->doc->n_pages &&
               !may_prepare(pl, pl->next))
            pthread_cond_wait(&pl->cv, &pl->mu);
        if (pl->stop || pl->next >= pl->doc->n_pages) {
            pthread_mutex_unlock(&pl->mu);
            break;
        }
        i = pl->next++;
        pthread_mutex_unlock(&pl->mu);

        memset(&tmp, 0, sizeof(tmp));
        prepare(pl->doc, ctx, i, &tmp);
        tmp.done = 1;
        pthread_mutex_lock(&pl->mu);
        pl->p[i] = tmp;
        if (tmp.rc < 0)
            pl->stop = 1;
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->mu);
    }
    kz_ctx_destroy(ctx);
    return NULL;
}

/* ------------------------------------------------------------ output */

static void set_meta(cairo_surface_t *surf, const atlas_doc *doc)
{
    char buf[1024], date[64];
    time_t t = (time_t)doc->timestamp;
    struct tm tm;

    kz__atlas_bi(doc, buf, sizeof(buf), "title.national");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, buf);
    kz__atlas_bi(doc, buf, sizeof(buf), "atlas.author");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, buf);
    kz__atlas_bi(doc, buf, sizeof(buf), "atlas.subtitle");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, buf);
    kz__atlas_bi(doc, buf, sizeof(buf), "atlas.keywords");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS, buf);
    snprintf(buf, sizeof(buf), "kahriz-atlas %s", kz_version());
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, buf);
    gmtime_r(&t, &tm);
    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE,
                                   date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
}

/* Named destinations of page i: the page itself and its kahriz cards. */
static void tags_dest(cairo_t *cr, const atlas_doc *doc, size_t i)
{
    const atlas_page *pg = &doc->pages[i];
    char attr[96];
    size_t j;

    snprintf(attr, sizeof(attr), "name='p%zu' x=0 y=0", i + 1);
    cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
    cairo_tag_end(cr, CAIRO_TAG_DEST);
    if (pg->kind != PG_SHEETS)
        return;
    for (j = 0; j < pg->n; j++) {
        double x, y, w, h;
        kz__atlas_card_box(doc, j, &x, &y, &w, &h);
        snprintf(attr, sizeof(attr), "name='k%u' x=%.2f y=%.2f",
                 (unsigned)doc->sheet_order[pg->first + j], x, y);
        cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
        cairo_tag_end(cr, CAIRO_TAG_DEST);
    }
}

static void link_rect(cairo_t *cr, const char *dest, double x, double y,
                      double w, double h)
{
    char attr[160];
    snprintf(attr, sizeof(attr), "dest='%s' rect=[%.2f %.2f %.2f %.2f]", dest,
             x, y, w, h);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
    cairo_tag_end(cr, CAIRO_TAG_LINK);
}

/* Links of the contents and gazetteer lines on page i. */
static void tags_links(cairo_t *cr, const atlas_doc *doc, size_t i)
{
    const atlas_page *pg = &doc->pages[i];
    char dest[32];
    size_t j;

    if (pg->kind == PG_CONTENTS) {
        for (j = 0; j < pg->n; j++) {
            const atlas_entry *e = &doc->entries[pg->first + j];
            double x, y, w, h;
            if (!e->page)
                continue;
            kz__atlas_contents_box(doc, j, &x, &y, &w, &h);
            snprintf(dest, sizeof(dest), "p%ld", e->page);
            link_rect(cr, dest, x, y, w, h);
        }
    } else if (pg->kind == PG_GAZETTEER) {
        for (j = 0; j < pg->n; j++) {
            const atlas_gline *g = &doc->gaz[pg->a][pg->first + j];
            double x, y, w, h;
            long page;
            if (g->heading)
                continue;
            page = kz__atlas_kahriz_page(doc, g->k);
            if (!page)
                continue;
            if (doc->sheet_page[g->k])
                snprintf(dest, sizeof(dest), "k%u", (unsigned)g->k);
            else
                snprintf(dest, sizeof(dest), "p%ld", page);
            kz__atlas_gaz_box(doc, (size_t)pg->a, g, &x, &y, &w, &h);
            link_rect(cr, dest, x, y, w, h);
        }
    }
}

/* Bookmarks: sections at the top; regions and districts below, in the
 * districts' section and again, at their first sheets, in the sheets'. */
typedef struct outline {
    int section[KZ_ATLAS_SECTION_COUNT];
    int region;
} outline;

static void tags_outline(cairo_surface_t *surf, const atlas_doc *doc,
                         size_t i, outline *ol)
{
    const atlas_page *pg = &doc->pages[i];
    static const char *const keys[KZ_ATLAS_SECTION_COUNT] = {
        "atlas.cover",     "atlas.contents", "atlas.intro",
        "atlas.overview",  "atlas.districts", "atlas.sheets",
        "atlas.gazetteer", "atlas.colophon"};
    int si = kz__atlas_section_index(pg->section);
    char name[512], dest[32];
    long second;

    snprintf(dest, sizeof(dest), "dest='p%zu'", i + 1);
    if (!ol->section[si]) {
        kz__atlas_bi(doc, name, sizeof(name), keys[si]);
        ol->section[si] = cairo_pdf_surface_add_outline(
            surf, CAIRO_PDF_OUTLINE_ROOT, name, dest,
            pg->section == KZ_ATLAS_DISTRICTS ? CAIRO_PDF_OUTLINE_FLAG_OPEN
                                              : 0);
    }
    if (pg->kind == PG_REGION) {
        const atlas_region *r = &doc->regions[pg->a];
        kz__text_bilingual(name, sizeof(name), &second, doc->st, r->name_az,
                           r->name_en, 0);
        ol->region = cairo_pdf_surface_add_outline(surf, ol->section[si],
                                                   name, dest, 0);
    } else if (pg->kind == PG_DISTRICT) {
        const atlas_dist *ad = &doc->dists[pg->a];
        kz__text_bilingual(name, sizeof(name), &second, doc->st, ad->name_az,
                           ad->name_en, 0);
        cairo_pdf_surface_add_outline(surf, ol->region ? ol->region
                                                       : ol->section[si],
                                      name, dest, 0);
    } else if (pg->kind == PG_SHEETS) {
        /* each district at its first sheet, in the sheets' own part of
         * the outline: a reader finds Ordubad's sheets without paging */
        size_t d;
        for (d = 0; d < doc->n_dists; d++) {
            const atlas_dist *ad = &doc->dists[d];
            size_t first = (size_t)(ad->k - doc->dist_k);
            if (!ad->n || first < pg->first || first >= pg->first + pg->n)
                continue;
            kz__text_bilingual(name, sizeof(name), &second, doc->st,
                               ad->name_az, ad->name_en, 0);
            snprintf(dest, sizeof(dest), "dest='k%u'",
                     (unsigned)doc->sheet_order[first]);
            cairo_pdf_surface_add_outline(surf, ol->section[si], name, dest,
                                          0);
        }
    } else if (pg->kind == PG_GAZETTEER && pg->first == 0) {
        kz__atlas_bi(doc, name, sizeof(name),
                     pg->a == 0 ? "atlas.gazetteer.az" : "atlas.gazetteer.en");
        cairo_pdf_surface_add_outline(surf, ol->section[si], name, dest, 0);
    }
}

static int64_t resolve_timestamp(int64_t given)
{
    int64_t e;
    if (given > 0)
        return given;
    if (kz_source_date_epoch(&e))
        return e;
    return (int64_t)time(NULL);
}

static int build_index(atlas_doc *doc)
{
    size_t n = kz_survey_kahriz_count(doc->sv), i;
    double *xy;
    int rc;
    if (!(xy = kz__mallocarray(doc->ctx, n ? 2 * n : 1, sizeof(double))))
        return KZ_ENOMEM;
    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(doc->sv, i);
        xy[2 * i] = k->lon;
        xy[2 * i + 1] = k->lat;
    }
    rc = kz_rtree_build_points(&doc->own_index, doc->ctx, xy, n, NULL);
    kz__free(doc->ctx, xy);
    doc->index = doc->own_index;
    return rc;
}

int kz_atlas_render(kz_atlas_result *result, kz_ctx *ctx, const char *path,
                    const kz_survey *sv, const kz_basemap *bm,
                    const kz_style *st, const kz_atlas_options *opts)
{
    atlas_doc doc;
    kz_atlas_result res;
    pool pl;
    outline ol;
    pthread_t *threads = NULL;
    size_t n_threads = 0, i;
    cairo_surface_t *surf = NULL;
    cairo_t *cr = NULL;
    kz_outfile out = {NULL, NULL, NULL, 0, 0};
    kz_georefs geo = {NULL, 0, 0}; /* map frames of the pages written */
    int rc = KZ_OK, sync = 0;

    KZ_ASSERT_ARG(ctx, path && sv && st && opts);
    if (opts->version != KZ_ATLAS_OPTIONS_VERSION)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "kz_atlas_options version %u, expected %u",
                         opts->version, KZ_ATLAS_OPTIONS_VERSION);
    if (kz__interrupted(ctx))
        return kz__error(ctx, KZ_EINTERRUPTED, path, 0, NULL,
                         "interrupted");
    memset(&doc, 0, sizeof(doc));
    memset(&res, 0, sizeof(res));
    memset(&pl, 0, sizeof(pl));
    memset(&ol, 0, sizeof(ol));
    doc.ctx = ctx;
    doc.sv = sv;
    doc.bm = bm;
    doc.st = st;
    doc.o = *opts;
    if (!doc.o.sections)
        doc.o.sections = KZ_ATLAS_ALL;
    doc.timestamp = resolve_timestamp(opts->timestamp);
    {
        time_t t = (time_t)doc.timestamp;
        struct tm tm;
        gmtime_r(&t, &tm);
        doc.today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
                    tm.tm_mday;
    }
    if ((rc = kz_style_check_fonts(ctx, st)) < 0 ||
        (rc = kz_stats_compute(&doc.by_district, ctx, sv,
                               KZ_STATS_BY_DISTRICT)) < 0 ||
        (rc = kz_stats_compute(&doc.by_region, ctx, sv, KZ_STATS_BY_REGION)) <
            0)
        goto done;
    doc.index = opts->index;
    if (!doc.index && (rc = build_index(&doc)) < 0)
        goto done;
    if (doc.index && kz_rtree_count(doc.index) != kz_survey_kahriz_count(sv)) {
        rc = kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                       "index holds %zu items, the survey %zu kahrizes",
                       kz_rtree_count(doc.index), kz_survey_kahriz_count(sv));
        goto done;
    }
    if ((rc = kz__atlas_plan(&doc)) < 0)
        goto done;
    /* sheets give the elevations the survey lacks from the DEM, sampled
     * here once for the threads that draw them */
    if ((doc.o.sections & KZ_ATLAS_SHEETS) &&
        (rc = kz__dem_sample_kahrizes(&doc.dem_elev, ctx, bm, sv)) < 0)
        goto done;

    /* the temporary file beside the target */
    if ((rc = kz__outfile_open(&out, ctx, path, KZ_EEXPORT)) < 0)
        goto done;
    surf = cairo_pdf_surface_create_for_stream(kz__cairo_write_fp, out.fp,
                                               doc.pw, doc.ph);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        rc = kz__error(ctx, KZ_ERENDER, path, 0, NULL, "cairo: %s",
                       cairo_status_to_string(cairo_surface_status(surf)));
        goto done;
    }
    set_meta(surf, &doc);
    cr = cairo_create(surf);

    /* prepare pages ahead on workers, replay them here in order */
    pl.doc = &doc;
    pl.budget = (size_t)(opts->jobs > 1 ? opts->jobs : 1) * 128;
    if ((doc.n_pages &&
         !(pl.p = kz__calloc(ctx, doc.n_pages, sizeof(*pl.p)))) ||
        !(pl.ahead = kz__calloc(ctx, doc.n_pages + 1, sizeof(size_t)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < doc.n_pages; i++)
        pl.ahead[i + 1] = pl.ahead[i] + weight(&doc.pages[i]);
    if (opts->jobs > 1 && doc.n_pages > 1) {
        /* the calling thread prepares pages as well */
        n_threads = (size_t)opts->jobs - 1;
        if (n_threads > doc.n_pages)
            n_threads = doc.n_pages;
        if (!(threads = kz__calloc(ctx, n_threads, sizeof(pthread_t)))) {
            rc = KZ_ENOMEM;
            goto done;
        }
        pthread_mutex_init(&pl.mu, NULL);
        pthread_cond_init(&pl.cv, NULL);
        sync = 1;
        for (i = 0; i < n_threads; i++)
            if (pthread_create(&threads[i], NULL, worker, &pl) != 0) {
                n_threads = i;
                if (i == 0) {
                    rc = kz__error(ctx, KZ_ERROR, NULL, 0, NULL,
                                   "cannot start a thread");
                    goto done;
                }
                break;
            }
    }
    for (i = 0; i < doc.n_pages; i++) {
        prepared *p = &pl.p[i];
        if (n_threads) {
            /* while page i is not ready, this thread prepares pages too */
            pthread_mutex_lock(&pl.mu);
            while (!p->done) {
                if (!pl.stop && pl.next < doc.n_pages &&
                    may_prepare(&pl, pl.next)) {
                    size_t j = pl.next++;
                    prepared got;
                    pthread_mutex_unlock(&pl.mu);
                    memset(&got, 0, sizeof(got));
                    prepare(&doc, ctx, j, &got);
                    got.done = 1;
                    pthread_mutex_lock(&pl.mu);
                    pl.p[j] = got;
                    if (got.rc < 0)
                        pl.stop = 1;
                    pthread_cond_broadcast(&pl.cv);
                    continue;
                }
                pthread_cond_wait(&pl.cv, &pl.mu);
            }
            pthread_mutex_unlock(&pl.mu);
        } else {
            prepare(&doc, ctx, i, p);
            p->done = 1;
        }
        if (p->rc < 0) {
            rc = p->rc == KZ_EINTERRUPTED
                     ? kz__error(ctx, KZ_EINTERRUPTED, path, 0, NULL,
                                 "interrupted")
                     : kz__error(ctx, p->rc, NULL, 0, NULL, "page %zu: %s",
                                 i + 1, p->message ? p->message : "");
            goto done;
        }
        if (kz__interrupted(ctx)) {
            rc = kz__error(ctx, KZ_EINTERRUPTED, path, 0, NULL,
                           "interrupted");
            goto done;
        }
        cairo_set_source_surface(cr, p->rec, 0, 0);
        cairo_paint(cr);
        tags_dest(cr, &doc, i);
        tags_links(cr, &doc, i);
        tags_outline(surf, &doc, i, &ol);
        cairo_show_page(cr);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
            rc = kz__error(ctx, KZ_ERENDER, path, 0, NULL,
                           "cairo: page %zu: %s", i + 1,
                           cairo_status_to_string(cairo_status(cr)));
            goto done;
        }
        cairo_surface_destroy(p->rec);
        p->rec = NULL;
        rc = kz__georefs_add_all(ctx, &geo, &p->geo, i);
        kz__georefs_release(ctx, &p->geo);
        if (rc < 0)
            goto done;
        res.photos += p->photos;
        res.photos_missing += p->photos_missing;
        res.section_pages[kz__atlas_section_index(doc.pages[i].section)]++;
        if (n_threads) {
            pthread_mutex_lock(&pl.mu);
            pl.consumed = i + 1;
            pthread_cond_broadcast(&pl.cv);
            pthread_mutex_unlock(&pl.mu);
        }
        if (opts->progress)
            opts->progress(opts->progress_userdata, i + 1, doc.n_pages);
    }
    cairo_destroy(cr);
    cr = NULL;
    cairo_surface_finish(surf);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        rc = kz__error(ctx, KZ_EEXPORT, path, 0, NULL, "cairo: %s",
                       cairo_status_to_string(cairo_surface_status(surf)));
        goto done;
    }
    cairo_surface_destroy(surf);
    surf = NULL;
    if ((rc = kz__pdf_finish(ctx, &out, doc.ph, &geo)) < 0)
        goto done;
    if (opts->press) {
        char title[1024];
        kz__atlas_bi(&doc, title, sizeof(title), "title.national");
        if ((rc = kz__pdf_press(ctx, &out, doc.pw, doc.ph, opts->press,
                                doc.timestamp, title)) < 0)
            goto done;
    }
    if ((rc = kz__outfile_commit(&out, ctx)) < 0)
        goto done;
    res.pages = doc.n_pages;
    res.districts = doc.pages ? 0 : 0;
    for (i = 0; i < doc.n_pages; i++)
        if (doc.pages[i].kind == PG_DISTRICT)
            res.districts++;
    res.sheets = (doc.o.sections & KZ_ATLAS_SHEETS) ? doc.n_sheets : 0;
    if (result)
        *result = res;
done:
    if (n_threads) {
        pthread_mutex_lock(&pl.mu);
        pl.stop = 1;
        pthread_cond_broadcast(&pl.cv);
        pthread_mutex_unlock(&pl.mu);
        for (i = 0; i < n_threads; i++)
            pthread_join(threads[i], NULL);
    }
    if (sync) {
        pthread_mutex_destroy(&pl.mu);
        pthread_cond_destroy(&pl.cv);
    }
    for (i = 0; pl.p && i < doc.n_pages; i++) {
        if (pl.p[i].rec)
            cairo_surface_destroy(pl.p[i].rec);
        kz__georefs_release(ctx, &pl.p[i].geo);
        free(pl.p[i].message);
    }
    kz__georefs_release(ctx, &geo);
    kz__free(ctx, pl.p);
    kz__free(ctx, pl.ahead);
    kz__free(ctx, threads);
    if (cr)
        cairo_destroy(cr);
    if (surf) {
        cairo_surface_finish(surf);
        cairo_surface_destroy(surf);
    }
    kz__outfile_abort(&out, ctx); /* nothing left to do once committed */
    kz__atlas_plan_release(&doc);
    kz__free(ctx, doc.dem_elev);
    kz_rtree_destroy(doc.own_index);
    kz_stats_destroy(doc.by_district);
    kz_stats_destroy(doc.by_region);
    return rc;
}
