/*
 * pages.c - every kind of atlas page but the kahriz sheets: cover,
 * contents, introduction, national overview, region and district pages,
 * the district tables, the gazetteer and the colophon, each framed by a
 * bilingual running head and a page number.  Positions of contents lines
 * and gazetteer entries are shared with the links (atlas.c).
 */
#include "atlas/atlas.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const kz_rgb grey = {0.42, 0.42, 0.42};
static const kz_rgb rule = {0.55, 0.50, 0.44};

static const char *const section_keys[KZ_ATLAS_SECTION_COUNT] = {
    "atlas.cover",     "atlas.contents", "atlas.intro",
    "atlas.overview",  "atlas.districts", "atlas.sheets",
    "atlas.gazetteer", "atlas.colophon"};

static double body_bottom(const atlas_doc *doc)
{
    return doc->y0 + doc->h - doc->foot_h;
}

static double body_top(const atlas_doc *doc)
{
    return doc->y0 + doc->head_h;
}

static void hline(cairo_t *cr, double x0, double x1, double y, double lw,
                  const kz_rgb *c)
{
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_set_line_width(cr, lw);
    kz__set_rgb(cr, c);
    cairo_stroke(cr);
}

/* Paper, running head and page number. */
static void frame(atlas_ctx *ac, const atlas_page *pg, const char *head)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    char buf[512], num[32];
    double size = st->font_small, tw, th;

    kz__set_rgb(ac->cr, &st->paper);
    cairo_paint(ac->cr);
    if (pg->kind != PG_COVER) {
        if (head)
            kz__text_printf(buf, sizeof(buf), "%s", head);
        else
            kz__atlas_bi(doc, buf, sizeof(buf),
                         section_keys[kz__atlas_section_index(pg->section)]);
        kz__atlas_text(ac, buf, size, 0, 1, doc->x0, doc->y0, doc->w * 0.6,
                       0, &grey);
        kz__atlas_bi(doc, buf, sizeof(buf), "title.national");
        kz__atlas_text(ac, buf, size, 0, 0, doc->x0 + doc->w * 0.4, doc->y0,
                       doc->w * 0.6, 2, &grey);
        hline(ac->cr, doc->x0, doc->x0 + doc->w,
              doc->y0 + size * ATLAS_LINE * 1.3, 0.4, &rule);
    }
    kz__text_printf(num, sizeof(num), "%ld", ac->page);
    kz__atlas_measure(ac, num, size * 1.3, 0, 0, &tw, &th);
    /* the cover counts as page 1 but carries no folio */
    if (pg->kind != PG_COVER)
        kz__atlas_text(ac, num, size * 1.3, 0, 0,
                       doc->x0 + (doc->w - tw) / 2, doc->y0 + doc->h - th, 0,
                       0, NULL);
    if (doc->o.synthetic) {
        kz__atlas_bi(doc, buf, sizeof(buf), "atlas.synthetic.short");
        kz__atlas_text(ac, buf, size, 0, 0, doc->x0, doc->y0 + doc->h - th,
                       doc->w * 0.4, 0, &grey);
    }
}

/* Page title "az / en" at the top of the body; returns its bottom. */
static double title(atlas_ctx *ac, const char *az, const char *en,
                    const char *sub)
{
    const atlas_doc *doc = ac->doc;
    char buf[512];
    long second;
    double y = body_top(doc), h;

    kz__text_bilingual(buf, sizeof(buf), &second, doc->st, az, en, 0);
    h = kz__atlas_text(ac, buf, doc->st->font_title, 1, 0, doc->x0, y,
                       doc->w, 0, NULL);
    y += h;
    if (sub && *sub)
        y += kz__atlas_text(ac, sub, doc->st->font_small * 1.3, 0, 0,
                            doc->x0, y, doc->w, 0, &grey);
    return y + doc->st->font_small;
}

static double title_key(atlas_ctx *ac, const char *key, const char *sub)
{
    return title(ac, kz__atlas_t(ac->doc, key, "az"),
                 kz__atlas_t(ac->doc, key, "en"), sub);
}

/* "Ordubad rayonu" / "Ordubad District", "Naxçıvan iqtisadi rayonu". */
static void place_name(const atlas_doc *doc, char *az, char *en, size_t cap,
                       const char *naz, const char *nen, const char *key)
{
    if (!key) {
        kz__text_printf(az, cap, "%s", naz);
        kz__text_printf(en, cap, "%s", nen);
        return;
    }
    kz__text_printf(az, cap, "%s %s", naz, kz__atlas_t(doc, key, "az"));
    kz__text_printf(en, cap, "%s %s", nen, kz__atlas_t(doc, key, "en"));
}

static int map(atlas_ctx *ac, kz_map_kind kind, const char *code,
               kz_map_fill fill, double x, double y, double w, double h)
{
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    kz_map_result res;
    kz_georef g;
    int rc;
    o.kind = kind;
    o.code = code;
    o.fill = fill;
    o.frame_x = x;
    o.frame_y = y;
    o.frame_w = w;
    o.frame_h = h;
    o.index = ac->doc->index;
    kz__glyphs_flush(ac->gl, ac->cr); /* text so far stays below the map */
    if ((rc = kz_map_render(&res, ac->ctx, ac->cr, ac->doc->sv, ac->doc->bm,
                            ac->doc->st, &o)) < 0)
        return rc;
    kz__georef_from_map(&g, &res, 0);
    return kz__georefs_add(ac->ctx, &ac->geo, &g);
}

/* ------------------------------------------------------------- cover */

static int cover(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    char buf[512], a[128], b[128];
    double y = doc->y0 + doc->h * 0.06, mh;

    frame(ac, pg, NULL);
    y += kz__atlas_text(ac, kz__atlas_t(doc, "title.national", "az"),
                        st->font_title * 2.4, 1, 0, doc->x0, y, doc->w, 1,
                        NULL);
    y += kz__atlas_text(ac, kz__atlas_t(doc, "title.national", "en"),
                        st->font_title * 1.8, 0, 1, doc->x0, y, doc->w, 1,
                        &grey);
    y += st->font_title * 0.8;
    hline(ac->cr, doc->x0 + doc->w * 0.3, doc->x0 + doc->w * 0.7, y, 0.8,
          &rule);
    y += st->font_title * 0.6;
    y += kz__atlas_text(ac, kz__atlas_t(doc, "atlas.subtitle", "az"),
                        st->font_title * 0.9, 0, 0, doc->x0, y, doc->w, 1,
                        NULL);
    y += kz__atlas_text(ac, kz__atlas_t(doc, "atlas.subtitle", "en"),
                        st->font_title * 0.9, 0, 1, doc->x0, y, doc->w, 1,
                        &grey);
    y += st->font_title * 0.5;
    kz_format_date(a, sizeof(a), st, doc->today, "az");
    kz_format_date(b, sizeof(b), st, doc->today, "en");
    kz__text_printf(buf, sizeof(buf), "%s / %s", a, b);
    y += kz__atlas_text(ac, buf, st->font_title * 0.75, 0, 0, doc->x0, y,
                        doc->w, 1, NULL);
    if (doc->o.synthetic) {
        y += st->font_title * 0.4;
        kz__atlas_bi(doc, buf, sizeof(buf), "atlas.synthetic.short");
        y += kz__atlas_text(ac, buf, st->font_title * 0.75, 1, 0, doc->x0, y,
                            doc->w, 1, &st->cond[KZ_COND_DRY].color);
    }
    y += st->font_title;
    mh = body_bottom(doc) - y;
    return map(ac, KZ_MAP_NATIONAL, NULL, KZ_FILL_PLAIN, doc->x0, y, doc->w,
               mh);
}

/* ---------------------------------------------------------- contents */

void kz__atlas_contents_box(const atlas_doc *doc, size_t row, double *x,
                            double *y, double *w, double *h)
{
    double rh = (doc->st->font_legend + 1.5) * ATLAS_LINE * 1.35;
    *x = doc->x0;
    *y = kz__atlas_contents_top(doc) + row * rh;
    *w = doc->w;
    *h = rh;
}

/* Catalog text of key in both languages, or the built-in az / en for a
 * style from before the key. */
static void bi_or(const atlas_doc *doc, char *buf, size_t cap,
                  const char *key, const char *az, const char *en)
{
    long second;
    const char *a = kz_style_text(doc->st, key, "az");
    const char *e = kz_style_text(doc->st, key, "en");
    if (kz__style_lang_index(doc->st, "az") < 0)
        az = "";
    if (kz__style_lang_index(doc->st, "en") < 0)
        en = "";
    kz__text_bilingual(buf, cap, &second, doc->st, a ? a : az, e ? e : en,
                       0);
}

/* "Numbers in the Azerbaijani form: 12 345,6 = 12,345.6" in both languages:
 * the tables print each number once. */
static void numbers_note(const atlas_doc *doc, char *buf, size_t cap)
{
    bi_or(doc, buf, cap, "atlas.table.numbers",
          "Ədədlər Azərbaycan yazılışında: 12\u202f345,6 = 12,345.6",
          "Numbers in the Azerbaijani form: 12\u202f345,6 = 12,345.6");
}

static int contents(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    double size = st->font_legend + 1.5;
    size_t i;

    frame(ac, pg, NULL);
    title_key(ac, "atlas.contents", NULL);
    if (!doc->n_entries) {
        /* the contents alone: say so rather than leave the page blank */
        char buf[512];
        double x, y, w, h;
        kz__atlas_contents_box(doc, 0, &x, &y, &w, &h);
        bi_or(doc, buf, sizeof(buf), "atlas.contents.empty",
              "Bu nəşrdə mündəricatda göstəriləcək bölmə yoxdur.",
              "This edition has no sections to list.");
        kz__atlas_text(ac, buf, size, 0, 0, x, y, w, 0, NULL);
        return KZ_OK;
    }
    for (i = 0; i < pg->n; i++) {
        const atlas_entry *e = &doc->entries[pg->first + i];
        char buf[512], num[32];
        long second;
        double x, y, w, h, tw, th, nw, indent = e->level * size * 1.6;
        PangoLayout *l;

        kz__atlas_contents_box(doc, i, &x, &y, &w, &h);
        if (e->key)
            kz__atlas_bi(doc, buf, sizeof(buf), e->key);
        else
            kz__text_bilingual(buf, sizeof(buf), &second, st, e->az, e->en,
                               0);
        kz__text_printf(num, sizeof(num), "%ld", e->page);
        kz__atlas_measure(ac, num, size, e->level < 2, 0, &nw, &th);
        l = kz__text_layout(&ac->txt, buf, e->level == 0 ? size * 1.1 : size,
                            e->level < 2, 0, -1, 0);
        pango_layout_set_width(l, (int)((w - indent - nw - size * 2) *
                                        PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        kz__text_size(l, &tw, &th);
        kz__glyphs_add(ac->gl, ac->cr, l, x + indent, y, &st->text);
        g_object_unref(l);
        /* dotted leader to the page number */
        cairo_save(ac->cr);
        {
            double dash[2] = {0.5, 2.2};
            cairo_set_dash(ac->cr, dash, 2, 0);
        }
        hline(ac->cr, x + indent + tw + size * 0.5, x + w - nw - size * 0.5,
              y + th * 0.78, 0.6, &grey);
        cairo_restore(ac->cr);
        kz__atlas_text(ac, num, size, e->level < 2, 0, x + w - nw, y, 0, 0,
                       NULL);
    }
    return KZ_OK;
}

/* ------------------------------------------------------ introduction */

/* Discharge size class i as the maps' legends write it, with its unit:
 * "0,5–<2 l/san" in lang's number format (the lower limit in the class,
 * the upper one not: kz__style_size_class). */
static void size_class_text(const atlas_doc *doc, char *buf, size_t cap,
                            size_t i, const char *lang)
{
    const kz_style *st = doc->st;
    char a[64];

    kz__legend_range(a, sizeof(a), st->size_breaks, st->n_sizes, i, 0, lang);
    kz__text_printf(buf, cap, "%s %s", a, kz__atlas_t(doc, "unit.l_s", lang));
}

/* The features the maps draw and the density classes of the national
 * density map, in two columns from y (features left, classes right), each
 * with its key drawn by the maps' legend code and the words of their
 * legends.  Returns the bottom of the longer column. */
static double legend_features(atlas_ctx *ac, double y, double size,
                              double lh)
{
    static const struct {
        const char *key;
        kz_legend_row kind;
    } rows[] = {
        {"legend.mother_well", KZ_ROW_MOTHER},
        {"legend.shaft", KZ_ROW_SHAFT},
        {"legend.focus.district", KZ_ROW_FOCUS},
        {"legend.focus.city", KZ_ROW_FOCUS},
        {"legend.focus.region", KZ_ROW_FOCUS},
        {"legend.neighbour_districts", KZ_ROW_OTHERS},
        {"legend.neighbour_countries", KZ_ROW_COUNTRIES},
        {"legend.state_border", KZ_ROW_STATE},
        {"legend.district", KZ_ROW_DISTRICT},
        {"legend.water", KZ_ROW_WATER},
        {"legend.river", KZ_ROW_RIVER},
        {"legend.road", KZ_ROW_ROAD},
        {"legend.city", KZ_ROW_CITY},
        {"legend.settlement", KZ_ROW_SETTLEMENT},
        {"legend.contour_lines", KZ_ROW_CONTOUR},
        {"legend.hillshade", KZ_ROW_RELIEF},
    };
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    double cx[2] = {doc->x0, doc->x0 + doc->w / 2}, cy[2], h;
    char buf[512], az[96], en[96];
    long second;
    size_t i;

    for (i = 0; i < 2; i++) {
        kz__atlas_bi(doc, buf, sizeof(buf),
                     i ? "legend.density" : "legend.features");
        cy[i] = y + kz__atlas_text(ac, buf, size, 1, 0, cx[i], y,
                                   doc->w / 2 - size, 0, NULL) +
                size * 0.4;
    }
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        kz__legend_key(ac->cr, st, rows[i].kind, 0, cx[0] + size,
                       cy[0] + lh / 2);
        kz__atlas_bi(doc, buf, sizeof(buf), rows[i].key);
        h = kz__atlas_text(ac, buf, size, 0, 0, cx[0] + size * 4, cy[0],
                           doc->w / 2 - size * 5, 0, NULL);
        cy[0] += fmax(lh, h + lh - size * ATLAS_LINE);
    }
    /* a district without kahrizes, hatched, then the classes above 0 */
    kz__legend_key(ac->cr, st, KZ_ROW_DENSITY_ZERO, 0, cx[1] + size,
                   cy[1] + lh / 2);
    kz__atlas_text(ac, "0", size, 0, 0, cx[1] + size * 4, cy[1], 0, 0, NULL);
    cy[1] += lh;
    for (i = 0; i <= st->n_density; i++) {
        kz__legend_key(ac->cr, st, KZ_ROW_DENSITY, (int)i, cx[1] + size,
                       cy[1] + lh / 2);
        kz__legend_range(az, sizeof(az), st->density_breaks, st->n_density,
                         i, 1, "az");
        kz__legend_range(en, sizeof(en), st->density_breaks, st->n_density,
                         i, 1, "en");
        kz__text_bilingual(buf, sizeof(buf), &second, st, az, en, 0);
        kz__atlas_text(ac, buf, size, 0, 0, cx[1] + size * 4, cy[1], 0, 0,
                       NULL);
        cy[1] += lh;
    }
    return fmax(cy[0], cy[1]);
}

static double legend_block(atlas_ctx *ac, double y)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    static const char *const cond_keys[KZ_COND_COUNT] = {
        "unassessed", "good", "fair", "poor", "dry", "collapsed"};
    double size = st->font_legend + 1.5, lh = size * ATLAS_LINE * 1.3,
           sx = doc->x0 + size, tx = doc->x0 + size * 4;
    char buf[1536], key[64]; /* the note on numbers is a paragraph */
    long second;
    size_t i;
    cairo_t *cr = ac->cr;
    double ex = 0, ew, w, h;

    /* the explanations start a space after the widest name, so that no
     * name runs into its explanation */
    for (i = 0; i <= KZ_COND_COUNT + 1; i++) {
        if (i < KZ_COND_COUNT) {
            kz__text_printf(key, sizeof(key), "condition.%s", cond_keys[i]);
            kz__atlas_bi(doc, buf, sizeof(buf), key);
        } else {
            kz__text_catalog(buf, sizeof(buf), &second, st,
                             i == KZ_COND_COUNT ? "legend.gallery"
                                                : "legend.gallery_schematic",
                             0);
        }
        kz__atlas_measure(ac, buf, size, 1, 0, &w, &h);
        ex = fmax(ex, w + size * 1.5);
    }
    ex = fmin(ex, doc->w * 0.4);
    ew = doc->x0 + doc->w - (tx + ex);

    for (i = 1; i <= KZ_COND_COUNT; i++) {
        int c = (int)(i % KZ_COND_COUNT);
        kz__symbol_draw(cr, st, c, sx, y + lh / 2, size * 0.45);
        kz__text_printf(key, sizeof(key), "condition.%s", cond_keys[c]);
        kz__atlas_bi(doc, buf, sizeof(buf), key);
        h = kz__atlas_text(ac, buf, size, 1, 0, tx, y, ex - size, 0, NULL);
        kz__text_printf(key, sizeof(key), "atlas.explain.%s", cond_keys[c]);
        kz__atlas_bi(doc, buf, sizeof(buf), key);
        h = fmax(h, kz__atlas_text(ac, buf, size * 0.9, 0, 0, tx + ex, y, ew,
                                   0, &grey));
        y += fmax(lh, h + lh - size * ATLAS_LINE);
    }
    y += lh * 0.4;
    for (i = 0; i <= st->n_sizes; i++) {
        kz__legend_key(cr, st, KZ_ROW_SIZE, (int)i, sx, y + lh / 2);
        {
            char az[96], en[96];
            long off;
            size_class_text(doc, az, sizeof(az), i, "az");
            size_class_text(doc, en, sizeof(en), i, "en");
            kz__text_bilingual(buf, sizeof(buf), &off, st, az, en, 0);
        }
        h = kz__atlas_text(ac, buf, size, 0, 0, tx, y, ex - size, 0, NULL);
        if (i == 0) {
            kz__atlas_bi(doc, buf, sizeof(buf), "atlas.explain.size");
            h = fmax(h, kz__atlas_text(ac, buf, size * 0.9, 0, 0, tx + ex, y,
                                       ew, 0, &grey));
        }
        y += fmax(lh, h + lh - size * ATLAS_LINE);
    }
    /* an outlet whose discharge was never measured */
    kz__legend_key(cr, st, KZ_ROW_SIZE, -1, sx, y + lh / 2);
    kz__atlas_bi(doc, buf, sizeof(buf), "legend.not_measured");
    y += fmax(lh, kz__atlas_text(ac, buf, size, 0, 0, tx, y, ex - size, 0,
                                 NULL) +
                      lh - size * ATLAS_LINE);
    y += lh * 0.4;
    /* gallery with shafts and the mother well */
    cairo_move_to(cr, sx - size, y + lh / 2);
    cairo_line_to(cr, sx + size * 1.5, y + lh / 2);
    kz__set_rgb(cr, &st->gallery);
    cairo_set_line_width(cr, st->lw_gallery);
    cairo_stroke(cr);
    cairo_arc(cr, sx, y + lh / 2, st->shaft_radius * 1.5, 0, 2 * M_PI);
    kz__set_rgb(cr, &st->paper);
    cairo_fill_preserve(cr);
    kz__set_rgb(cr, &st->shaft);
    cairo_set_line_width(cr, st->lw_shaft);
    cairo_stroke(cr);
    kz__symbol_mother_well(cr, st, sx - size, y + lh / 2, 1.25);
    kz__text_catalog(buf, sizeof(buf), &second, st, "legend.gallery", 0);
    h = kz__atlas_text(ac, buf, size, 1, 0, tx, y, ex - size, 0, NULL);
    kz__atlas_bi(doc, buf, sizeof(buf), "atlas.explain.gallery");
    h = fmax(h, kz__atlas_text(ac, buf, size * 0.9, 0, 0, tx + ex, y, ew, 0,
                               &grey));
    y += fmax(lh, h + lh - size * ATLAS_LINE);
    /* a gallery known only from its ends: thinner and dashed, as drawn */
    cairo_move_to(cr, sx - size, y + lh / 2);
    cairo_line_to(cr, sx + size * 1.5, y + lh / 2);
    kz__set_rgb(cr, &st->gallery);
    cairo_set_line_width(cr, st->lw_gallery_schematic);
    cairo_set_dash(cr, st->dash_gallery_schematic, 2, 0);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    kz__symbol_mother_well(cr, st, sx - size, y + lh / 2, 1.25);
    kz__text_catalog(buf, sizeof(buf), &second, st,
                     "legend.gallery_schematic", 0);
    h = kz__atlas_text(ac, buf, size, 1, 0, tx, y, ex - size, 0, NULL);
    kz__atlas_bi(doc, buf, sizeof(buf), "atlas.explain.gallery_schematic");
    h = fmax(h, kz__atlas_text(ac, buf, size * 0.9, 0, 0, tx + ex, y, ew, 0,
                               &grey));
    y += fmax(lh * 1.4, h + lh * 0.6);
    y = legend_features(ac, y, size, lh) + lh * 0.6;
    kz__atlas_bi(doc, buf, sizeof(buf), "atlas.explain.numbers");
    y += kz__atlas_text(ac, buf, size * 0.9, 0, 0, doc->x0, y, doc->w, 0,
                        &grey);
    return y;
}

static int intro(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    double y, size = st->font_legend + 1.5,
              col = (doc->w - st->font_legend * 3) / 2;
    size_t i;

    frame(ac, pg, NULL);
    y = title_key(ac, "atlas.intro", NULL);
    for (i = 0; i < pg->n; i++) {
        const atlas_block *b = &doc->blocks[pg->first + i];
        char key[96], buf[512];
        double ha, hb;
        kz__text_printf(key, sizeof(key), "%s.title", b->key);
        kz__atlas_bi(doc, buf, sizeof(buf), key);
        y += kz__atlas_text(ac, buf, st->font_title * 0.8, 1, 0, doc->x0, y,
                            doc->w, 0, NULL);
        y += size * 0.6;
        if (b->legend) {
            y = legend_block(ac, y) + size * 2;
            continue;
        }
        kz__text_printf(key, sizeof(key), "%s.text", b->key);
        ha = kz__atlas_text(ac, kz__atlas_t(doc, key, "az"), size, 0, 0,
                            doc->x0, y, col, 0, NULL);
        hb = kz__atlas_text(ac, kz__atlas_t(doc, key, "en"), size, 0,
                            st->second_italic, doc->x0 + col +
                            st->font_legend * 3, y, col, 0, &grey);
        y += fmax(ha, hb) + size * 2;
    }
    return KZ_OK;
}

/* ---------------------------------------------------------- overview */

/* Latest condition counts and discharges of some kahrizes. */
static void tally(const atlas_doc *doc, const uint32_t *ks, size_t n,
                  long *counts, double *q)
{
    size_t i, nk = ks ? n : kz_survey_kahriz_count(doc->sv);
    memset(counts, 0, KZ_COND_COUNT * sizeof(long));
    for (i = 0; i < nk; i++) {
        size_t k = ks ? ks[i] : i;
        const kz_assessment *a = kz_survey_latest(doc->sv, k);
        int c = a && a->condition >= 0 && a->condition < KZ_COND_COUNT
                    ? (int)a->condition
                    : 0;
        counts[c]++;
        if (q)
            q[i] = a ? a->discharge_l_s : NAN;
    }
}

static void chart_title(atlas_ctx *ac, const char *key, double x, double y,
                        double w)
{
    char buf[512];
    kz__atlas_bi(ac->doc, buf, sizeof(buf), key);
    kz__atlas_text(ac, buf, ac->doc->st->font_legend + 1, 1, 0, x, y, w, 0,
                   NULL);
}

static int overview_map(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    size_t nk = kz_survey_kahriz_count(doc->sv);
    long counts[KZ_COND_COUNT];
    double *q = NULL, y, mh, cy, ch, size = doc->st->font_legend + 1;
    int rc;

    frame(ac, pg, NULL);
    y = title_key(ac, "atlas.overview.map", NULL);
    mh = (body_bottom(doc) - y) * 0.66;
    if ((rc = map(ac, KZ_MAP_NATIONAL, NULL, KZ_FILL_PLAIN, doc->x0, y,
                  doc->w, mh)) < 0)
        return rc;
    if (nk && !(q = kz__mallocarray(ac->ctx, nk, sizeof(double))))
        return KZ_ENOMEM;
    tally(doc, NULL, nk, counts, q);
    cy = y + mh + size;
    ch = body_bottom(doc) - cy - size * ATLAS_LINE * 1.5;
    chart_title(ac, "atlas.chart.conditions", doc->x0, cy, doc->w * 0.47);
    kz__atlas_chart_conditions(ac, counts, doc->x0,
                               cy + size * ATLAS_LINE * 1.5, doc->w * 0.47,
                               ch);
    chart_title(ac, "atlas.chart.discharge", doc->x0 + doc->w * 0.53, cy,
                doc->w * 0.47);
    kz__atlas_chart_histogram(ac, q, nk, doc->x0 + doc->w * 0.53,
                              cy + size * ATLAS_LINE * 1.5, doc->w * 0.47,
                              ch);
    kz__free(ac->ctx, q);
    return KZ_OK;
}

/* The columns of a statistics table: name, kahrizes, functioning,
 * discharge, households, length, density, rehabilitated; the decimals
 * each is printed with, and whether its total is the sum of its rows (a
 * density is not). */
static const int stats_dec[8] = {0, 0, 0, 1, 0, 1, 2, 0};
static const int stats_sum[8] = {0, 1, 1, 1, 1, 1, 0, 1};

static double stats_value(const kz_stats_row *r, int c)
{
    switch (c) {
    case 1: return (double)r->kahrizes;
    case 2: return (double)r->functioning;
    case 3: return r->discharge_l_s_total;
    case 4: return (double)r->households_served;
    case 5: return r->length_km;
    case 6: return r->density_per_100km2;
    case 7: return (double)r->rehabilitated;
    default: return NAN;
    }
}

/* Cells of one statistics row; a total cell marked (mark[c]) gets the
 * footnote's asterisk. */
static void stats_cells(char cells[8][160], const kz_stats_row *r,
                        const char *az, const char *en, const int *mark)
{
    int c;
    if (strcmp(az, en) == 0)
        kz__text_printf(cells[0], 160, "%s", az);
    else
        kz__text_printf(cells[0], 160, "%s / %s", az, en);
    for (c = 1; c < 8; c++) {
        kz__atlas_num(cells[c], 160, stats_value(r, c), stats_dec[c], "az");
        if (mark && mark[c])
            strncat(cells[c], "*", 160 - strlen(cells[c]) - 1);
    }
}

static const double stats_w[8] = {0.28, 0.09, 0.1, 0.11, 0.11,
                                  0.1,  0.11, 0.10};
static const int stats_align[8] = {0, 2, 2, 2, 2, 2, 2, 2};
static const char *const stats_keys[8] = {
    "col.name",       "col.kahrizes", "col.functioning", "col.discharge_total",
    "col.households", "col.length_km", "col.density",    "col.rehabilitated"};

/* A statistics table of one line a row, as the region pages and the
 * national overview print it. */
static void stats_metrics(const atlas_doc *doc, atlas_table *t)
{
    t->n_cols = 8;
    t->widths = stats_w;
    t->align = stats_align;
    kz__atlas_table_metrics(t, doc->st->font_small);
    t->row_h = doc->st->font_small * (ATLAS_LINE + 0.8); /* one line */
}

/* Height a statistics table of n rows and its total takes, with room
 * for the footnote. */
static double stats_height(const atlas_doc *doc, const atlas_table *t,
                           size_t n)
{
    return t->head_h + t->row_h * (double)(n + 1) +
           doc->st->font_small * ATLAS_LINE * 4;
}

/* A statistics table: the header, the rows, the total.  Totals are
 * computed from unrounded values; where a column's rows as printed do not
 * add up to its total as printed, the total is marked and a footnote
 * under the table says why.  Returns the bottom of the table. */
static double stats_table(atlas_ctx *ac, const atlas_table *t, double y,
                          const char *first_key,
                          const kz_stats_row *const *rows,
                          const char *const *az, const char *const *en,
                          size_t n, const kz_stats_row *total)
{
    const atlas_doc *doc = ac->doc;
    char head[8][160], c[8][160];
    const char *cells[8];
    long second;
    int mark[8] = {0}, any = 0;
    size_t i, j;

    for (j = 0; j < 8; j++) {
        kz__text_catalog(head[j], sizeof(head[j]), &second, doc->st,
                         j == 0 ? first_key : stats_keys[j], 1);
        cells[j] = head[j];
    }
    kz__atlas_table_header(ac, t, doc->x0, y, doc->w, cells);
    y += t->head_h;
    for (i = 0; i < n; i++) {
        stats_cells(c, rows[i], az[i], en[i], NULL);
        for (j = 0; j < 8; j++)
            cells[j] = c[j];
        kz__atlas_table_row(ac, t, doc->x0, y, doc->w, cells, (int)(i % 2),
                            0);
        y += t->row_h;
    }
    if (!total)
        return y;
    for (j = 1; j < 8; j++) {
        /* the rows as printed, in units of the last printed decimal */
        double sum = 0;
        if (!stats_sum[j])
            continue;
        for (i = 0; i < n; i++)
            sum += kz__round_scaled(stats_value(rows[i], (int)j),
                                    stats_dec[j]);
        mark[j] = sum != kz__round_scaled(stats_value(total, (int)j),
                                          stats_dec[j]);
        any |= mark[j];
    }
    stats_cells(c, total, kz__atlas_t(doc, "atlas.total", "az"),
                kz__atlas_t(doc, "atlas.total", "en"), mark);
    for (j = 0; j < 8; j++)
        cells[j] = c[j];
    kz__atlas_table_row(ac, t, doc->x0, y, doc->w, cells, 0, 1);
    y += t->row_h;
    {
        /* the numbers are printed once, in the Azerbaijani form: the
         * footnote gives the English form beside it */
        char buf[1024], nb[512];
        size_t o;
        buf[0] = '\0';
        if (any)
            bi_or(doc, buf, sizeof(buf), "atlas.table.rounded_total",
                  "* Cəm yuvarlaqlaşdırılmamış qiymətlərdən hesablanıb: "
                  "yuvarlaqlaşdırılmış sətirlərin cəmindən fərqlənə bilər.",
                  "* Totals are computed from unrounded values and may "
                  "differ from the sum of the rounded rows.");
        numbers_note(doc, nb, sizeof(nb));
        o = strlen(buf);
        kz__text_printf(buf + o, sizeof(buf) - o, "%s%s", o ? "\n" : "", nb);
        y += doc->st->font_small * 0.4;
        y += kz__atlas_text(ac, buf, doc->st->font_small, 0, 1, doc->x0, y,
                            doc->w, 0, &grey);
    }
    return y;
}

/* Azerbaijani order of the region rows of the national table, by name
 * as the contents lists them. */
static int region_row_before(const kz_stats_row *a, const kz_stats_row *b)
{
    int c = kz_collate_az(a->name_az, b->name_az);
    return c ? c < 0 : strcmp(a->code, b->code) < 0;
}

static int overview_density(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    atlas_table t;
    double y, mh, size = doc->st->font_legend + 1;
    size_t i, j, n = kz_stats_count(doc->by_region), m = 0;
    const kz_stats_row **rows = NULL, *total = NULL, *un = NULL;
    const char **az = NULL, **en = NULL;
    int rc = KZ_OK;

    if (!(rows = kz__calloc(ac->ctx, n + 1, sizeof(*rows))) ||
        !(az = kz__calloc(ac->ctx, n + 1, sizeof(*az))) ||
        !(en = kz__calloc(ac->ctx, n + 1, sizeof(*en)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    /* the regions in the contents' order, then the kahrizes outside every
     * district (when there are any), then the total */
    for (i = 0; i < n; i++) {
        const kz_stats_row *r = kz_stats_row_get(doc->by_region, i);
        if (strcmp(r->code, "TOTAL") == 0) {
            total = r;
            continue;
        }
        if (strcmp(r->code, "UNASSIGNED") == 0) {
            un = r;
            continue;
        }
        for (j = m; j > 0 && region_row_before(r, rows[j - 1]); j--) {
            rows[j] = rows[j - 1];
            az[j] = az[j - 1];
            en[j] = en[j - 1];
        }
        rows[j] = r;
        az[j] = r->name_az;
        en[j] = r->name_en;
        m++;
    }
    if (un && un->kahrizes > 0) {
        rows[m] = un;
        az[m] = kz__atlas_t(doc, "atlas.unassigned", "az");
        en[m] = kz__atlas_t(doc, "atlas.unassigned", "en");
        m++;
    }

    frame(ac, pg, NULL);
    y = title_key(ac, "atlas.overview.density", NULL);
    stats_metrics(doc, &t);
    mh = body_bottom(doc) - y - stats_height(doc, &t, m) -
         size * ATLAS_LINE * 2;
    if ((rc = map(ac, KZ_MAP_NATIONAL, NULL, KZ_FILL_DENSITY, doc->x0, y,
                  doc->w, mh)) < 0)
        goto done;
    y += mh + size * 0.5;
    chart_title(ac, "atlas.table.regions", doc->x0, y, doc->w);
    y += size * ATLAS_LINE * 1.5;
    stats_table(ac, &t, y, "col.region", rows, az, en, m, total);
done:
    kz__free(ac->ctx, rows);
    kz__free(ac->ctx, az);
    kz__free(ac->ctx, en);
    return rc;
}

/* ---------------------------------------------------- region, district */

static int region(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    const atlas_region *r = &doc->regions[pg->a];
    char az[256], en[256], head[512];
    const kz_stats_row **rows = NULL;
    const char **naz = NULL, **nen = NULL;
    long second;
    atlas_table t;
    double y, mh;
    size_t i, n = 0, cap = r->n_all + r->n_dists;
    int rc = KZ_OK;

    if (!(rows = kz__calloc(ac->ctx, cap + 1, sizeof(*rows))) ||
        !(naz = kz__calloc(ac->ctx, cap + 1, sizeof(*naz))) ||
        !(nen = kz__calloc(ac->ctx, cap + 1, sizeof(*nen)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if (r->stats_row >= 0) {
        /* every district of the region, with kahrizes or not */
        for (i = 0; i < r->n_all; i++) {
            const kz_district *d = kz_survey_district(doc->sv, r->all[i]);
            long row = kz_stats_find(doc->by_district, d->code);
            if (row < 0)
                continue;
            rows[n] = kz_stats_row_get(doc->by_district, (size_t)row);
            naz[n] = d->name_az;
            nen[n++] = d->name_en;
        }
    } else {
        for (i = 0; i < r->n_dists; i++) {
            const atlas_dist *ad = &doc->dists[r->first_dist + i];
            if (ad->stats_row < 0)
                continue;
            rows[n] = kz_stats_row_get(doc->by_district,
                                       (size_t)ad->stats_row);
            naz[n] = ad->name_az;
            nen[n++] = ad->name_en;
        }
    }

    place_name(doc, az, en, sizeof(az), r->name_az, r->name_en,
               r->stats_row >= 0 ? "suffix.region" : NULL);
    kz__text_bilingual(head, sizeof(head), &second, doc->st, az, en, 0);
    frame(ac, pg, head);
    y = title(ac, az, en, NULL);
    stats_metrics(doc, &t);
    mh = body_bottom(doc) - y - stats_height(doc, &t, n) -
         doc->st->font_small * 2;
    if (mh > doc->h * 0.62)
        mh = doc->h * 0.62;
    if (r->stats_row >= 0)
        rc = map(ac, KZ_MAP_REGION, r->code, KZ_FILL_PLAIN, doc->x0, y,
                 doc->w, mh);
    else
        rc = map(ac, KZ_MAP_NATIONAL, NULL, KZ_FILL_PLAIN, doc->x0, y,
                 doc->w, mh);
    if (rc < 0)
        goto done;
    y += mh + doc->st->font_small * 2;
    stats_table(ac, &t, y, "col.district", rows, naz, nen, n,
                r->stats_row >= 0
                    ? kz_stats_row_get(doc->by_region, (size_t)r->stats_row)
                    : NULL);
done:
    kz__free(ac->ctx, rows);
    kz__free(ac->ctx, naz);
    kz__free(ac->ctx, nen);
    return rc;
}

static void dist_title(const atlas_doc *doc, const atlas_dist *ad, char *az,
                       char *en, size_t cap)
{
    place_name(doc, az, en, cap, ad->name_az, ad->name_en,
               ad->d < 0                          ? NULL
               : strcmp(ad->type, "city") == 0 ? "suffix.city"
                                                  : "suffix.district");
}

/* One "label: value" line of the statistics block, both languages. */
static double stat_line(atlas_ctx *ac, double x, double y, double w,
                        const char *key, const char *vaz, const char *ven)
{
    const kz_style *st = ac->doc->st;
    char label[256], value[256];
    double size = st->font_legend + 0.5, h;
    kz__atlas_bi(ac->doc, label, sizeof(label), key);
    if (strcmp(vaz, ven) == 0)
        kz__text_printf(value, sizeof(value), "%s", vaz);
    else
        kz__text_printf(value, sizeof(value), "%s / %s", vaz, ven);
    h = kz__atlas_text(ac, label, size, 0, 0, x, y, w * 0.6, 0, &grey);
    kz__atlas_text(ac, value, size, 1, 0, x + w * 0.6, y, w * 0.4, 2, NULL);
    return fmax(h, size * ATLAS_LINE) + size * 0.35;
}

static void num_bi(char *az, char *en, size_t cap, double v, int dec,
                   const atlas_doc *doc, const char *unit)
{
    char a[64], b[64];
    kz__atlas_num(a, sizeof(a), v, dec, "az");
    kz__atlas_num(b, sizeof(b), v, dec, "en");
    if (unit && isfinite(v)) {
        kz__text_printf(az, cap, "%s %s", a, kz__atlas_t(doc, unit, "az"));
        kz__text_printf(en, cap, "%s %s", b, kz__atlas_t(doc, unit, "en"));
    } else {
        kz__text_printf(az, cap, "%s", a);
        kz__text_printf(en, cap, "%s", b);
    }
}

static void stats_block(atlas_ctx *ac, const kz_stats_row *r, double x,
                        double y, double w)
{
    const atlas_doc *doc = ac->doc;
    char a[96], b[96];

    num_bi(a, b, sizeof(a), (double)r->kahrizes, 0, doc, NULL);
    y += stat_line(ac, x, y, w, "stat.kahrizes", a, b);
    num_bi(a, b, sizeof(a), (double)r->functioning, 0, doc, NULL);
    y += stat_line(ac, x, y, w, "stat.functioning", a, b);
    num_bi(a, b, sizeof(a), r->discharge_l_s_total, 1, doc, "unit.l_s");
    y += stat_line(ac, x, y, w, "stat.discharge_total", a, b);
    num_bi(a, b, sizeof(a), r->discharge_l_s_median, 1, doc, "unit.l_s");
    y += stat_line(ac, x, y, w, "stat.discharge_median", a, b);
    num_bi(a, b, sizeof(a), (double)r->households_served, 0, doc, NULL);
    y += stat_line(ac, x, y, w, "stat.households", a, b);
    num_bi(a, b, sizeof(a), r->length_km, 1, doc, "unit.km");
    y += stat_line(ac, x, y, w, "stat.length", a, b);
    num_bi(a, b, sizeof(a), r->area_km2, 0, doc, "unit.km2");
    y += stat_line(ac, x, y, w, "stat.area", a, b);
    num_bi(a, b, sizeof(a), r->density_per_100km2, 2, doc, NULL);
    y += stat_line(ac, x, y, w, "stat.density", a, b);
    num_bi(a, b, sizeof(a), (double)r->rehabilitated, 0, doc, NULL);
    y += stat_line(ac, x, y, w, "stat.rehabilitated", a, b);
    if (r->first_year > 0) {
        kz__text_printf(a, sizeof(a), "%d–%d", r->first_year, r->last_year);
        y += stat_line(ac, x, y, w, "stat.years", a, a);
    }
    /* the change from the first year assessed to the last, over the
     * kahrizes measured in both (aggregate/stats.c); a dash, "no data",
     * where none was, rather than a line left out */
    if (r->first_year > 0 && !isfinite(r->discharge_change_l_s)) {
        stat_line(ac, x, y, w, "stat.discharge_change", "–", "–");
    } else if (isfinite(r->discharge_change_l_s)) {
        char c[64], d[64];
        num_bi(c, d, sizeof(c), r->discharge_change_l_s, 1, doc,
               "unit.l_s");
        kz__text_printf(a, sizeof(a), "%s%s", r->discharge_change_l_s > 0 ? "+" : "",
                 c);
        kz__text_printf(b, sizeof(b), "%s%s", r->discharge_change_l_s > 0 ? "+" : "",
                 d);
        stat_line(ac, x, y, w, "stat.discharge_change", a, b);
    }
}

static int district(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    const atlas_dist *ad = &doc->dists[pg->a];
    const atlas_region *r = &doc->regions[ad->region];
    const kz_stats_row *sr =
        ad->stats_row >= 0
            ? kz_stats_row_get(doc->by_district, (size_t)ad->stats_row)
            : NULL;
    char az[256], en[256], raz[256], ren[256], sub[600];
    long counts[KZ_COND_COUNT], second;
    double y, mh, by, size = doc->st->font_legend + 1;
    int rc;

    dist_title(doc, ad, az, en, sizeof(az));
    kz__text_bilingual(sub, sizeof(sub), &second, doc->st, az, en, 0);
    frame(ac, pg, sub);
    if (r->stats_row >= 0) {
        place_name(doc, raz, ren, sizeof(raz), r->name_az, r->name_en,
                   "suffix.region");
        kz__text_bilingual(sub, sizeof(sub), &second, doc->st, raz, ren, 0);
    } else {
        sub[0] = '\0';
    }
    y = title(ac, az, en, sub);
    mh = (body_bottom(doc) - y) * 0.64;
    if (ad->d >= 0)
        rc = map(ac, KZ_MAP_DISTRICT, ad->code, KZ_FILL_PLAIN, doc->x0, y,
                 doc->w, mh);
    else
        rc = map(ac, KZ_MAP_NATIONAL, NULL, KZ_FILL_PLAIN, doc->x0, y,
                 doc->w, mh);
    if (rc < 0)
        return rc;
    by = y + mh + size;
    chart_title(ac, "atlas.stats", doc->x0, by, doc->w * 0.46);
    if (sr)
        stats_block(ac, sr, doc->x0, by + size * ATLAS_LINE * 1.6,
                    doc->w * 0.46);
    chart_title(ac, "atlas.chart.conditions", doc->x0 + doc->w * 0.54, by,
                doc->w * 0.46);
    tally(doc, ad->k, ad->n, counts, NULL);
    kz__atlas_chart_conditions(ac, counts, doc->x0 + doc->w * 0.54,
                               by + size * ATLAS_LINE * 1.6, doc->w * 0.46,
                               body_bottom(doc) - by -
                                   size * ATLAS_LINE * 2);
    return KZ_OK;
}

static const double table_w[10] = {0.08,  0.19, 0.14, 0.075, 0.05,
                                   0.08,  0.09, 0.085, 0.08, 0.13};
static const int table_align[10] = {0, 0, 0, 2, 2, 2, 0, 0, 2, 0};
static const char *const table_keys[10] = {
    "col.id",        "col.name",      "col.village",   "col.length",
    "col.shafts",    "col.discharge", "col.condition", "col.drinkable",
    "col.households", "col.rehab"};

/* "az\nen" for a cell, each line cut to a name's length on its own so
 * that a long first line never pushes out the second. */
static void two_lines(char *buf, size_t cap, const char *az, const char *en)
{
    char a[ATLAS_NAME_CHARS * 4 + 4], b[ATLAS_NAME_CHARS * 4 + 4];
    size_t half = cap / 2 < sizeof(a) ? cap / 2 : sizeof(a);

    kz__text_fit(a, half, az, ATLAS_NAME_CHARS);
    kz__text_fit(b, half, en, ATLAS_NAME_CHARS);
    kz__text_printf(buf, cap, "%s\n%s", a, b);
}

static int table(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    const atlas_dist *ad = &doc->dists[pg->a];
    char az[256], en[256], head[10][160], sub[1024], cont[256], note[512];
    char cells_s[10][200];
    const char *cells[10];
    long second;
    atlas_table t;
    double y;
    size_t i, j, part, parts;

    dist_title(doc, ad, az, en, sizeof(az));
    kz__text_bilingual(sub, sizeof(sub), &second, doc->st, az, en, 0);
    frame(ac, pg, sub);
    part = pg->first / doc->rows_table + 1;
    parts = (ad->n + doc->rows_table - 1) / doc->rows_table;
    kz__atlas_bi(doc, cont, sizeof(cont),
                 part > 1 ? "atlas.table.continued" : "atlas.table.kahrizes");
    numbers_note(doc, note, sizeof(note));
    kz__text_printf(sub, sizeof(sub), "%s (%zu/%zu) · %s", cont, part, parts,
                    note);
    y = title(ac, az, en, sub);
    t.n_cols = 10;
    t.widths = table_w;
    t.align = table_align;
    kz__atlas_table_metrics(&t, doc->st->font_small + 0.5);
    for (j = 0; j < 10; j++) {
        kz__text_catalog(head[j], sizeof(head[j]), &second, doc->st,
                         table_keys[j], 1);
        cells[j] = head[j];
    }
    kz__atlas_table_header(ac, &t, doc->x0, y, doc->w, cells);
    y += t.head_h;
    for (i = 0; i < pg->n; i++) {
        uint32_t k = ad->k[pg->first + i];
        const kz_kahriz *kh = kz_survey_kahriz(doc->sv, k);
        const kz_assessment *a = kz_survey_latest(doc->sv, k);
        kz__text_printf(cells_s[0], 200, "%s", kh->id);
        two_lines(cells_s[1], 200, kh->name_az, kh->name_en);
        two_lines(cells_s[2], 200, kh->village_az, kh->village_en);
        kz__atlas_num(cells_s[3], 200, kh->length_m, 0, "az");
        if (kh->shafts >= 0)
            kz__atlas_num(cells_s[4], 200, kh->shafts, 0, "az");
        else
            kz__text_printf(cells_s[4], 200, "–");
        kz__atlas_num(cells_s[5], 200, a ? a->discharge_l_s : NAN, 1, "az");
        kz__atlas_class(doc, cells_s[6], 200, "condition",
                        a ? kz_condition_name(a->condition) : "unassessed",
                        1);
        if (!a || !*kz_condition_name(a->condition))
            kz__atlas_class(doc, cells_s[6], 200, "condition", "unassessed",
                            1);
        kz__atlas_class(doc, cells_s[7], 200, "drinkable",
                        a ? kz_drinkable_name(a->drinkable) : "", 1);
        if (a && a->households_served >= 0)
            kz__atlas_num(cells_s[8], 200, a->households_served, 0, "az");
        else
            kz__text_printf(cells_s[8], 200, "–");
        kz__atlas_class(doc, cells_s[9], 200, "rehab",
                        a ? kz_rehab_name(a->rehab_status) : "", 1);
        if (a && a->rehab_status == KZ_REHAB_DONE && a->rehab_year > 0) {
            size_t l = strlen(cells_s[9]);
            kz__text_printf(cells_s[9] + l, 200 - l, " %d", (int)a->rehab_year);
        }
        for (j = 0; j < 10; j++)
            cells[j] = cells_s[j];
        kz__atlas_table_row(ac, &t, doc->x0, y, doc->w, cells, i % 2, 0);
        y += t.row_h;
    }
    hline(ac->cr, doc->x0, doc->x0 + doc->w, y, 0.6, &rule);
    return KZ_OK;
}

/* --------------------------------------------------------- gazetteer */

void kz__atlas_gaz_box(const atlas_doc *doc, size_t l, const atlas_gline *g,
                       double *x, double *y, double *w, double *h)
{
    double gap = doc->st->font_small * 2.5,
           cw = (doc->w - gap * (double)(doc->gaz_cols - 1)) /
                (double)doc->gaz_cols;
    *x = doc->x0 + (double)g->col * (cw + gap);
    *y = kz__atlas_gaz_top(doc, l) + g->y;
    *w = cw;
    *h = g->h;
}

static int gazetteer(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    double size = kz__atlas_gaz_size(doc), tw = kz__atlas_gaz_text_w(doc);
    size_t i, l = (size_t)pg->a;
    char sub[1024];

    frame(ac, pg, NULL);
    kz__atlas_gaz_sub(doc, l, sub, sizeof(sub));
    title_key(ac, l == 0 ? "atlas.gazetteer.az" : "atlas.gazetteer.en", sub);
    for (i = 0; i < pg->n; i++) {
        const atlas_gline *g = &doc->gaz[l][pg->first + i];
        const kz_kahriz *k = kz_survey_kahriz(doc->sv, g->k);
        double x, y, w, h, nw, nh, tw0, th;
        char buf[1024], num[32];
        size_t name_len;
        long kp;
        PangoLayout *lay;

        kz__atlas_gaz_box(doc, l, g, &x, &y, &w, &h);
        if (g->heading) {
            kz__atlas_first_letter(buf, sizeof(buf),
                                   l == 0 ? k->name_az : k->name_en, l == 1);
            kz__atlas_text(ac, buf, size * 1.05, 1, 0, x, y, w, 0,
                           &st->text);
            hline(ac->cr, x + size * 1.6, x + w, y + h * 0.55, 0.3, &rule);
            continue;
        }
        /* name · district, wrapped (never cut); the sheet's page at the
         * right; id, coordinates and map page under the name */
        if ((kp = kz__atlas_kahriz_page(doc, g->k)) > 0)
            kz__text_printf(num, sizeof(num), "%ld", kp);
        else
            num[0] = '\0';
        kz__atlas_measure(ac, num, size, 0, 0, &nw, &nh);
        kz__atlas_gaz_name(doc, g->k, (int)l, buf, sizeof(buf), &name_len);
        lay = kz__text_layout(&ac->txt, buf, size, 0, 0, -1, 0);
        pango_layout_set_width(lay, (int)(tw * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
        {
            /* the district in grey after the name */
            PangoAttrList *al = pango_attr_list_new();
            PangoAttribute *at = pango_attr_foreground_new(27000, 27000,
                                                           27000);
            at->start_index = (guint)name_len;
            at->end_index = G_MAXUINT;
            pango_attr_list_insert(al, at);
            pango_layout_set_attributes(lay, al);
            pango_attr_list_unref(al);
        }
        kz__text_size(lay, &tw0, &th);
        kz__glyphs_add(ac->gl, ac->cr, lay, x, y, &st->text);
        g_object_unref(lay);
        kz__atlas_gaz_detail(doc, g->k, (int)l, buf, sizeof(buf));
        kz__atlas_text(ac, buf, size * 0.85, 0, 0, x, y + th, tw, 0, &grey);
        kz__atlas_text(ac, num, size, 0, 0, x + w - nw, y, 0, 0, NULL);
    }
    return KZ_OK;
}

/* ---------------------------------------------------------- colophon */

static int colophon(atlas_ctx *ac, const atlas_page *pg)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    double y, size = st->font_legend + 1.5,
              col = (doc->w - st->font_legend * 3) / 2;
    /* who publishes and answers for the atlas first, the note on
     * boundaries last; a style from before a section leaves it out */
    static const char *const keys[] = {"atlas.colophon.imprint",
                                       "atlas.colophon.sources",
                                       "atlas.colophon.licences",
                                       "atlas.colophon.software",
                                       "atlas.colophon.disclaimer"};
    char buf[1024], a[128], b[128];
    size_t i;

    frame(ac, pg, NULL);
    y = title_key(ac, "atlas.colophon", NULL);
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        char key[96];
        double ha, hb;
        kz__text_printf(key, sizeof(key), "%s.title", keys[i]);
        if (!kz_style_text(st, key, "az") && !kz_style_text(st, key, "en"))
            continue;
        kz__atlas_bi(doc, buf, sizeof(buf), key);
        y += kz__atlas_text(ac, buf, size * 1.1, 1, 0, doc->x0, y, doc->w, 0,
                            NULL);
        kz__text_printf(key, sizeof(key), "%s.text", keys[i]);
        ha = kz__atlas_text(ac, kz__atlas_t(doc, key, "az"), size, 0, 0,
                            doc->x0, y, col, 0, NULL);
        hb = kz__atlas_text(ac, kz__atlas_t(doc, key, "en"), size, 0,
                            st->second_italic,
                            doc->x0 + col + st->font_legend * 3, y, col, 0,
                            &grey);
        y += fmax(ha, hb) + size;
        /* the sources: the relief's model, by the name its metadata or
         * the user gives it; the sentence alone ("...the digital
         * elevation model") when it has none, never its file's name */
        if (strcmp(keys[i], "atlas.colophon.sources") == 0 && doc->bm &&
            doc->bm->dem_path) {
            const char *name = kz__dem_credit(doc->bm);
            kz__text_printf(buf, sizeof(buf), "%s%s%s",
                            kz__atlas_t(doc, "atlas.colophon.relief", "az"),
                            name ? ": " : "", name ? name : "");
            ha = kz__atlas_text(ac, buf, size, 0, 0, doc->x0,
                                y - size * 0.5, col, 0, NULL);
            kz__text_printf(buf, sizeof(buf), "%s%s%s",
                            kz__atlas_t(doc, "atlas.colophon.relief", "en"),
                            name ? ": " : "", name ? name : "");
            hb = kz__atlas_text(ac, buf, size, 0, st->second_italic,
                                doc->x0 + col + st->font_legend * 3,
                                y - size * 0.5, col, 0, &grey);
            y += fmax(ha, hb) + size * 0.5;
        }
    }
    kz__text_printf(buf, sizeof(buf), "kahriz-atlas %s · libkahriz %s\n%s",
             kz_version(), kz_version(), kz_dependency_versions());
    y += kz__atlas_text(ac, buf, size, 0, 0, doc->x0, y, doc->w, 0, NULL);
    y += size;
    {
        char na[64], ne[64], aa[64], ae[64];
        kz__atlas_num(na, sizeof(na), (double)kz_survey_kahriz_count(doc->sv),
                      0, "az");
        kz__atlas_num(ne, sizeof(ne), (double)kz_survey_kahriz_count(doc->sv),
                      0, "en");
        kz__atlas_num(aa, sizeof(aa),
                      (double)kz_survey_assessment_count(doc->sv), 0, "az");
        kz__atlas_num(ae, sizeof(ae),
                      (double)kz_survey_assessment_count(doc->sv), 0, "en");
        kz__text_printf(buf, sizeof(buf), "%s: %s, %s: %s\n%s: %s, %s: %s",
                 kz__atlas_t(doc, "title.kahrizes", "az"), na,
                 kz__atlas_t(doc, "atlas.assessments", "az"), aa,
                 kz__atlas_t(doc, "title.kahrizes", "en"), ne,
                 kz__atlas_t(doc, "atlas.assessments", "en"), ae);
        y += kz__atlas_text(ac, buf, size, 0, 0, doc->x0, y, doc->w, 0,
                            NULL);
    }
    y += size;
    kz_format_date(a, sizeof(a), st, doc->today, "az");
    kz_format_date(b, sizeof(b), st, doc->today, "en");
    kz__text_printf(buf, sizeof(buf), "%s: %s\n%s: %s",
             kz__atlas_t(doc, "atlas.generated", "az"), a,
             kz__atlas_t(doc, "atlas.generated", "en"), b);
    y += kz__atlas_text(ac, buf, size, 0, 0, doc->x0, y, doc->w, 0, NULL);
    if (doc->o.synthetic) {
        y += size;
        kz__atlas_text(ac, kz__atlas_t(doc, "atlas.intro.synthetic.text",
                                       "az"),
                       size, 1, 0, doc->x0, y, col, 0,
                       &st->cond[KZ_COND_DRY].color);
        kz__atlas_text(ac, kz__atlas_t(doc, "atlas.intro.synthetic.text",
                                       "en"),
                       size, 1, st->second_italic,
                       doc->x0 + col + st->font_legend * 3, y, col, 0,
                       &st->cond[KZ_COND_DRY].color);
    }
    return KZ_OK;
}

int kz__atlas_draw_page(atlas_ctx *ac, const atlas_page *pg)
{
    switch (pg->kind) {
    case PG_COVER:
        return cover(ac, pg);
    case PG_CONTENTS:
        return contents(ac, pg);
    case PG_INTRO:
        return intro(ac, pg);
    case PG_OVERVIEW_MAP:
        return overview_map(ac, pg);
    case PG_OVERVIEW_DENSITY:
        return overview_density(ac, pg);
    case PG_REGION:
        return region(ac, pg);
    case PG_DISTRICT:
        return district(ac, pg);
    case PG_TABLE:
        return table(ac, pg);
    case PG_SHEETS:
        frame(ac, pg, NULL);
        return kz__atlas_draw_sheets(ac, pg);
    case PG_GAZETTEER:
        return gazetteer(ac, pg);
    case PG_COLOPHON:
        return colophon(ac, pg);
    }
    return KZ_OK;
}
