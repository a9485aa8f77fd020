/*
 * file.c - one map page written to a PDF, PNG or SVG file: title band,
 * map frame and footer, drawn through a temporary file in the target
 * directory that is renamed only when cairo reports success.
 */
#include "map/map.h"
#include "finish/finish.h"
#include "ingest/survey.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

typedef enum { OUT_PDF, OUT_PNG, OUT_SVG } out_kind;

/* A page's stream: writing stops when the context is interrupted, so
 * that encoding a large PNG does not outlast a signal by seconds. */
typedef struct page_stream {
    FILE *fp;
    kz_ctx *ctx;
} page_stream;

static cairo_status_t write_stream(void *closure, const unsigned char *data,
                                   unsigned int len)
{
    page_stream *ps = closure;
    if (kz__interrupted(ps->ctx))
        return CAIRO_STATUS_WRITE_ERROR;
    return kz__cairo_write_fp(ps->fp, data, len);
}

static int interrupted(kz_ctx *ctx, const char *path)
{
    return kz__error(ctx, KZ_EINTERRUPTED, path, 0, NULL, "interrupted");
}

/* "Ordubad rayonu" / "Ordubad District" from the catalog's suffixes. */
static void title_text(char *buf, size_t cap, long *second,
                       const kz_style *st, const kz_survey *sv,
                       const kz_map_options *o)
{
    char az[256] = "", en[256] = "";
    const char *naz = NULL, *nen = NULL, *key = "suffix.region";
    int iaz = kz__style_lang_index(st, "az"),
        ien = kz__style_lang_index(st, "en");
    size_t i;

    if (o->title) {
        kz__text_printf(buf, cap, "%s", o->title);
        *second = -1;
        return;
    }
    if (o->kind == KZ_MAP_NATIONAL) {
        kz__text_catalog(buf, cap, second, st, "title.national", 0);
        return;
    }
    if (o->kind == KZ_MAP_DISTRICT) {
        long d = kz_survey_find_district(sv, o->code);
        if (d >= 0) {
            const kz_district *dd = kz_survey_district(sv, (size_t)d);
            naz = dd->name_az;
            nen = dd->name_en;
            key = strcmp(dd->type, "city") == 0 ? "suffix.city"
                                                : "suffix.district";
        }
    } else {
        for (i = 0; i < kz_survey_district_count(sv); i++) {
            const kz_district *dd = kz_survey_district(sv, i);
            if (strcmp(dd->region_code, o->code) == 0) {
                naz = dd->region_az;
                nen = dd->region_en;
                break;
            }
        }
    }
    if (!naz)
        naz = nen = o->code;
    if (iaz >= 0)
        kz__text_printf(az, sizeof(az), "%s %s", naz,
                 kz__style_text_i(st, key, (size_t)iaz));
    if (ien >= 0)
        kz__text_printf(en, sizeof(en), "%s %s", nen,
                 kz__style_text_i(st, key, (size_t)ien));
    kz__text_bilingual(buf, cap, second, st, az, en, 0);
}

/* Kahrizes of the district or region itself (located in it), whatever
 * else the frame shows; the country's all for a national map. */
static size_t own_kahrizes(const kz_survey *sv, const kz_map_options *o,
                           const kz_map_result *res)
{
    size_t i, n = kz_survey_kahriz_count(sv), own = 0;

    if (o->kind == KZ_MAP_NATIONAL)
        return res->kahrizes_drawn;
    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(sv, i);
        const kz_district *d;
        if (k->district < 0)
            continue;
        d = kz_survey_district(sv, (size_t)k->district);
        if (strcmp(o->kind == KZ_MAP_DISTRICT ? d->code : d->region_code,
                   o->code) == 0)
            own++;
    }
    return own;
}

/* "Kəhrizlər: 174 (+ 34 qonşu rayonlarda)" in language li. */
static void count_text(char *buf, size_t cap, const kz_style *st, size_t li,
                       size_t own, size_t others)
{
    char a[64], b[64];
    const char *where = kz__style_text_i(st, "title.neighbours", li);

    kz_format_number(a, sizeof(a), (double)own, 0, st->langs[li]);
    if (!others) {
        kz__text_printf(buf, cap, "%s: %s",
                        kz__style_text_i(st, "title.kahrizes", li), a);
        return;
    }
    if (!*where) /* a style from before the key */
        where = strcmp(st->langs[li], "az") == 0 ? "qonşu rayonlarda"
                                                 : "in neighbouring districts";
    kz_format_number(b, sizeof(b), (double)others, 0, st->langs[li]);
    kz__text_printf(buf, cap, "%s: %s (+ %s %s)",
                    kz__style_text_i(st, "title.kahrizes", li), a, b, where);
}

/* The catalog key of the page's source line: the field survey, or the
 * bundled synthetic sample (a style of older days without
 * "source.synthetic" says "atlas.synthetic.short"). */
static const char *source_key(const kz_style *st, const kz_map_options *o)
{
    const char *t;
    if (!o->synthetic)
        return "source";
    t = kz__style_text_i(st, "source.synthetic", 0);
    return t && *t ? "source.synthetic" : "atlas.synthetic.short";
}

/* PDF creation and modification dates: the reproducible build's time when
 * one is given, so that two runs give the same bytes; else cairo's now. */
static void set_dates(cairo_surface_t *surf)
{
    int64_t epoch;
    time_t t;
    struct tm tm;
    char date[64];

    if (!kz_source_date_epoch(&epoch))
        return;
    t = (time_t)epoch;
    gmtime_r(&t, &tm);
    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE,
                                   date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static int draw_page(kz_map_result *res, kz_ctx *ctx, cairo_t *cr,
                     const kz_survey *sv, const kz_basemap *bm,
                     const kz_style *st, const kz_map_options *opts)
{
    kz_map_options o = *opts; /* read whole by kz_map_render_file */
    kz_text txt = {NULL, NULL};
    PangoLayout *l = NULL;
    char text[512], a[128], b[128], parts[KZ_STYLE_MAX_LANGS][160];
    long second;
    double x = st->margin[3], y = st->margin[0];
    double w = st->page_w - st->margin[1] - st->margin[3];
    static const size_t name_chars[] = {0, 48, 32, 24, 16, 8};
    double tw, th, title_h, foot_h;
    size_t li, own, others;
    int rc, relief = 0;

    if ((rc = kz_style_check_fonts(ctx, st)) < 0 ||
        (rc = kz__text_init(&txt, ctx, cr, st)) < 0)
        return rc;
    kz__set_rgb(cr, &st->paper);
    if ((rc = kz__fill_area(ctx, cr, NULL)) < 0)
        goto done;

    title_h = st->font_title * 1.35 + st->font_small * 2.2;
    foot_h = st->font_small * 1.8;
    if (o.frame_w <= 0 || o.frame_h <= 0) {
        o.frame_x = x;
        o.frame_y = y + title_h;
        o.frame_w = w;
        o.frame_h = st->page_h - st->margin[0] - st->margin[2] - title_h -
                    foot_h;
    }
    if ((rc = kz__map_render_ex(res, ctx, cr, sv, bm, st, &o, NULL,
                                &relief)) < 0)
        goto done;

    title_text(text, sizeof(text), &second, st, sv, &o);
    l = kz__text_layout(&txt, text, st->font_title, 1, 0, -1, 0);
    kz__text_draw(cr, l, x, y, &st->text, 0, NULL);
    kz__text_size(l, &tw, &th);
    g_object_unref(l);

    /* subtitle: "Kəhrizlər: 23 / Kahrizes: 23", the district's (or
     * region's) own; those of its neighbours in the frame apart */
    own = own_kahrizes(sv, &o, res);
    others = res->kahrizes_drawn > own ? res->kahrizes_drawn - own : 0;
    for (li = 0; li < st->n_langs; li++)
        count_text(parts[li], sizeof(parts[li]), st, li, own, others);
    {
        int iaz = kz__style_lang_index(st, "az"),
            ien = kz__style_lang_index(st, "en");
        kz__text_bilingual(text, sizeof(text), &second, st,
                           iaz >= 0 ? parts[iaz] : "",
                           ien >= 0 ? parts[ien] : "", 0);
    }
    l = kz__text_layout(&txt, text, st->font_small * 1.2, 0, 0, second, 0);
    kz__text_draw(cr, l, x, y + th, &st->text, 0, NULL);
    g_object_unref(l);

    /* footer: source and date (the projection is the map frame's own
     * last line), on one line: a long name of the elevation model is
     * cut until it fits (the colophon gives it whole) */
    l = NULL; /* the title's and subtitle's layouts are released */
    for (li = 0; li < sizeof(name_chars) / sizeof(name_chars[0]); li++) {
        kz__source_text(text, sizeof(text), &second, st, bm, relief,
                        source_key(st, &o), name_chars[li]);
        if (o.date > 0) {
            int iaz = kz__style_lang_index(st, "az"),
                ien = kz__style_lang_index(st, "en");
            char dates[256];
            long s2;
            kz_format_date(a, sizeof(a), st, o.date, "az");
            kz_format_date(b, sizeof(b), st, o.date, "en");
            kz__text_bilingual(dates, sizeof(dates), &s2, st,
                               iaz >= 0 ? a : "", ien >= 0 ? b : "", 0);
            kz__text_printf(text + strlen(text), sizeof(text) - strlen(text),
                            " · %s", dates);
        }
        if (l)
            g_object_unref(l);
        l = kz__text_layout(&txt, text, st->font_small, 0, 0, -1, 0);
        kz__text_size(l, &tw, &th);
        if (tw <= w)
            break;
    }
    kz__text_draw(cr, l, x, st->page_h - st->margin[2] - foot_h * 0.8,
                  &st->text, 0, NULL);
    g_object_unref(l);
done:
    kz__text_release(&txt);
    return rc;
}

/* The format from path's extension and the raster resolution.  KZ_EINVAL
 * naming path. */
static int output_kind(out_kind *kind, double *dpi, kz_ctx *ctx,
                       const char *path, const kz_map_options *opts)
{
    const char *ext = strrchr(path, '.');

    if (ext && strcasecmp(ext, ".pdf") == 0)
        *kind = OUT_PDF;
    else if (ext && strcasecmp(ext, ".png") == 0)
        *kind = OUT_PNG;
    else if (ext && strcasecmp(ext, ".svg") == 0)
        *kind = OUT_SVG;
    else
        return kz__error(ctx, KZ_EINVAL, path, 0, NULL,
                         "unknown output format (.pdf, .png, .svg)");
    *dpi = opts->dpi > 0 ? opts->dpi : 150;
    if (*dpi > 1200)
        return kz__error(ctx, KZ_EINVAL, path, 0, NULL,
                         "%g dpi is more than 1200", *dpi);
    return KZ_OK;
}

/* A page surface of kind writing into ps (an image for PNG, written at
 * the end); check its status. */
static cairo_surface_t *page_surface(out_kind kind, page_stream *ps,
                                     const kz_style *st, double dpi,
                                     const kz_map_options *o)
{
    cairo_surface_t *surf;
    char subject[512];
    long second;

    switch (kind) {
    case OUT_PDF:
        surf = cairo_pdf_surface_create_for_stream(
            write_stream, ps, st->page_w, st->page_h);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
                                       "kahriz-atlas");
        /* the document says what its kahrizes are, as the page does */
        kz__text_catalog(subject, sizeof(subject), &second, st,
                         source_key(st, o), 0);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT,
                                       subject);
        set_dates(surf);
        return surf;
    case OUT_SVG:
        return cairo_svg_surface_create_for_stream(write_stream, ps,
                                                   st->page_w, st->page_h);
    default:
        return cairo_image_surface_create(
            CAIRO_FORMAT_ARGB32, (int)(st->page_w * dpi / 72 + 0.5),
            (int)(st->page_h * dpi / 72 + 0.5));
    }
}

/* The page drawn on surf (points scaled to dpi on an image) and shown.
 * KZ_EINTERRUPTED and KZ_ERENDER name path. */
static int page_draw(kz_map_result *res, kz_ctx *ctx, const char *path,
                     cairo_surface_t *surf, out_kind kind, double dpi,
                     const kz_survey *sv, const kz_basemap *bm,
                     const kz_style *st, const kz_map_options *opts)
{
    cairo_t *cr = cairo_create(surf);
    int rc;

    if (kind == OUT_PNG)
        cairo_scale(cr, dpi / 72, dpi / 72);
    if ((rc = draw_page(res, ctx, cr, sv, bm, st, opts)) < 0) {
        if (rc == KZ_EINTERRUPTED) /* say which page stopped */
            rc = interrupted(ctx, path);
        goto done;
    }
    cairo_show_page(cr);
    if (kz__interrupted(ctx)) {
        rc = interrupted(ctx, path);
        goto done;
    }
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = kz__error(ctx, KZ_ERENDER, path, 0, NULL, "cairo: %s",
                       cairo_status_to_string(cairo_status(cr)));
done:
    cairo_destroy(cr);
    return rc;
}

/* The surface's bytes written out: the PNG encoded, or the vector
 * surface finished.  KZ_EINTERRUPTED, KZ_EEXPORT naming path. */
static int page_end(kz_ctx *ctx, const char *path, cairo_surface_t *surf,
                    out_kind kind, page_stream *ps)
{
    if (kz__interrupted(ctx))
        return interrupted(ctx, path);
    if (kind == OUT_PNG &&
        cairo_surface_write_to_png_stream(surf, write_stream, ps) !=
            CAIRO_STATUS_SUCCESS)
        return kz__interrupted(ctx) ? interrupted(ctx, path)
                                    : kz__error(ctx, KZ_EEXPORT, path, 0,
                                                NULL, "cannot write PNG");
    cairo_surface_finish(surf);
    if (kz__interrupted(ctx))
        return interrupted(ctx, path);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
        return kz__error(ctx, KZ_EEXPORT, path, 0, NULL, "cairo: %s",
                         cairo_status_to_string(cairo_surface_status(surf)));
    return KZ_OK;
}

int kz_map_render_file(kz_map_result *result, kz_ctx *ctx, const char *path,
                       const kz_survey *sv, const kz_basemap *bm,
                       const kz_style *st, const kz_map_options *opts)
{
    kz_map_result res;
    kz_map_options o;
    cairo_surface_t *surf = NULL;
    kz_outfile out;
    page_stream ps;
    out_kind kind = OUT_PDF;
    double dpi = 150;
    int rc = KZ_OK;

    KZ_ASSERT_ARG(ctx, path && sv && st && opts);
    memset(&res, 0, sizeof(res));
    if ((rc = kz__map_options_read(&o, ctx, opts)) < 0 ||
        (rc = output_kind(&kind, &dpi, ctx, path, &o)) < 0)
        return rc;
    if (kz__interrupted(ctx))
        return interrupted(ctx, path);
    if ((rc = kz__outfile_open(&out, ctx, path, KZ_EEXPORT)) < 0)
        return rc;
    ps.fp = out.fp;
    ps.ctx = ctx;
    surf = page_surface(kind, &ps, st, dpi, &o);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        rc = kz__error(ctx, KZ_ERENDER, path, 0, NULL, "cairo: %s",
                       cairo_status_to_string(cairo_surface_status(surf)));
        goto done;
    }
    /* kz__pdf_finish silences the halos' text below */
    if ((kind == OUT_PDF && (rc = kz__halo_as_text(ctx, surf)) < 0) ||
        (rc = page_draw(&res, ctx, path, surf, kind, dpi, sv, bm, st,
                        &o)) < 0 ||
        (rc = page_end(ctx, path, surf, kind, &ps)) < 0)
        goto done;
    cairo_surface_destroy(surf);
    surf = NULL;
    if (kind == OUT_PDF) {
        /* a valid file, placed on the ground by GIS readers */
        kz_georef g;
        kz_georefs geo = {&g, 1, 1};
        kz__georef_from_map(&g, &res, 0);
        if ((rc = kz__pdf_finish(ctx, &out, st->page_h, &geo)) < 0)
            goto done;
    }
    if ((rc = kz__outfile_commit(&out, ctx)) == KZ_OK && result)
        *result = res;
done:
    if (surf) {
        cairo_surface_finish(surf);
        cairo_surface_destroy(surf);
    }
    kz__outfile_abort(&out, ctx); /* nothing left to do once committed */
    return rc;
}
