/*
 * text.c - pango layouts for every text on a page: one font family from
 * the style, point sizes at 72 units per inch so that layout units are
 * page points, and text drawn as text (searchable in a PDF) over an
 * outline halo.  Also checks that fontconfig really has the family.
 */
#include "canvas/canvas.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Whether family is one of the comma-separated names in list. */
static int in_family_list(const char *list, const char *family)
{
    size_t n = strlen(family);
    const char *p = list;

    while (*p) {
        const char *end = strchr(p, ',');
        size_t len;
        if (!end)
            end = p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        len = (size_t)(end - p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == n && strncasecmp(p, family, n) == 0)
            return 1;
        p = *end ? end + 1 : end;
    }
    return 0;
}

int kz_fonts_add_dir(kz_ctx *ctx, const char *dir)
{
    PangoFontMap *fm;
    struct stat sb;

    KZ_ASSERT_ARG(ctx, dir);
    /* fontconfig accepts a directory that is not there: look first */
    if (stat(dir, &sb) != 0)
        return kz__error(ctx, KZ_EFONT, dir, 0, NULL, "%s", strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return kz__error(ctx, KZ_EFONT, dir, 0, NULL, "not a directory");
    if (!FcConfigAppFontAddDir(FcConfigGetCurrent(), (const FcChar8 *)dir))
        return kz__error(ctx, KZ_EFONT, dir, 0, NULL,
                         "fontconfig cannot add the fonts of this directory");
    /* pango caches what fontconfig offered: make it look again */
    fm = pango_cairo_font_map_get_default();
    if (fm && PANGO_IS_FC_FONT_MAP(fm))
        pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(fm));
    return KZ_OK;
}

int kz_style_check_fonts(kz_ctx *ctx, const kz_style *st)
{
    PangoFontMap *fm;
    PangoContext *pc = NULL;
    PangoFontDescription *want = NULL, *got = NULL;
    PangoFont *font = NULL;
    const char *family;
    int rc = KZ_OK;

    KZ_ASSERT_ARG(ctx, st);
    if (!(fm = pango_cairo_font_map_get_default()))
        return kz__error(ctx, KZ_ERENDER, NULL, 0, NULL,
                         "no pango font map");
    pc = pango_font_map_create_context(fm);
    want = pango_font_description_new();
    pango_font_description_set_family(want, st->font);
    pango_font_description_set_absolute_size(want, 10 * PANGO_SCALE);
    font = pango_font_map_load_font(fm, pc, want);
    if (!font) {
        rc = kz__error(ctx, KZ_EFONT, st->name, 0, "fonts.family",
                       "font \"%s\" not found", st->font);
        goto done;
    }
    /* fontconfig substitutes a missing family without a word: compare */
    got = pango_font_describe(font);
    family = pango_font_description_get_family(got);
    if (!family || !in_family_list(st->font, family)) {
        rc = kz__error(ctx, KZ_EFONT, st->name, 0, "fonts.family",
                       "font \"%s\" not found (fontconfig offers \"%s\"): "
                       "install it, e.g. fonts-noto-core",
                       st->font, family ? family : "nothing");
        goto done;
    }
done:
    if (got)
        pango_font_description_free(got);
    if (font)
        g_object_unref(font);
    pango_font_description_free(want);
    if (pc)
        g_object_unref(pc);
    return rc;
}

int kz__text_init(kz_text *t, kz_ctx *ctx, cairo_t *cr, const kz_style *st)
{
    cairo_font_options_t *fo;

    t->st = st;
    if (!(t->pc = pango_cairo_create_context(cr)))
        return kz__error(ctx, KZ_ERENDER, NULL, 0, NULL,
                         "cannot create a pango context");
    pango_cairo_context_set_resolution(t->pc, 72.0);
    /* the same metrics on every surface: a PNG proof breaks lines and
     * places labels exactly as the PDF does */
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(t->pc, fo);
    cairo_font_options_destroy(fo);
    /* pango rounds glyph positions to whole device units by default: at
     * 72 units per inch that is a whole point, which at 5-6 pt eats the
     * space between words and spreads the letters of a word apart */
    pango_context_set_round_glyph_positions(t->pc, FALSE);
    return KZ_OK;
}

void kz__text_release(kz_text *t)
{
    if (t->pc)
        g_object_unref(t->pc);
    t->pc = NULL;
}

PangoLayout *kz__text_layout(kz_text *t, const char *s, double size,
                             int bold, int italic, long italic_from,
                             int centre)
{
    PangoLayout *l = pango_layout_new(t->pc);
    PangoFontDescription *fd = pango_font_description_new();

    pango_font_description_set_family(fd, t->st->font);
    /* a print floor: smaller text does not survive offset printing */
    if (!(size >= KZ_TEXT_MIN_PT))
        size = KZ_TEXT_MIN_PT;
    pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE + 0.5));
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    if (italic)
        pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, s, -1); /* plain text: names are never markup */
    if (italic_from >= 0 && t->st->second_italic) {
        PangoAttrList *al = pango_attr_list_new();
        PangoAttribute *a = pango_attr_style_new(PANGO_STYLE_ITALIC);
        a->start_index = (guint)italic_from;
        a->end_index = G_MAXUINT;
        pango_attr_list_insert(al, a);
        pango_layout_set_attributes(l, al);
        pango_attr_list_unref(al);
    }
    if (centre)
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    return l;
}

void kz__text_size(PangoLayout *l, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

void kz__text_draw(cairo_t *cr, PangoLayout *l, double x, double y,
                   const kz_rgb *color, double halo, const kz_rgb *halo_c)
{
    cairo_save(cr);
    if (halo > 0 && halo_c) {
        cairo_new_path(cr);
        cairo_move_to(cr, x, y);
        pango_cairo_layout_path(cr, l);
        cairo_set_line_width(cr, 2 * halo);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        kz__set_rgb(cr, halo_c);
        cairo_stroke(cr);
    }
    cairo_move_to(cr, x, y);
    kz__set_rgb(cr, color);
    pango_cairo_show_layout(cr, l);
    cairo_restore(cr);
}

void kz__upper_en(char *out, size_t cap, const char *s)
{
    size_t i, o = 0;

    /* English has no dotted capital: the Azerbaijani mapping with İ
     * folded to I ("Georgia" -> "GEORGIA", never "GEORGİA") */
    if (!cap)
        return;
    kz_upper_az(out, cap, s);
    for (i = 0; out[i]; i++) {
        unsigned char a = (unsigned char)out[i], b = (unsigned char)out[i + 1];
        if (a == 0xC4 && b == 0xB0) {
            out[o++] = 'I';
            i++;
        } else {
            out[o++] = out[i];
        }
    }
    out[o] = '\0';
}

void kz__text_bilingual(char *buf, size_t cap, long *second,
                        const kz_style *st, const char *az, const char *en,
                        int two_lines)
{
    const char *parts[KZ_STYLE_MAX_LANGS];
    size_t i, n = 0, o = 0;

    *second = -1;
    for (i = 0; i < st->n_langs; i++) {
        const char *s = strcmp(st->langs[i], "az") == 0 ? az : en;
        size_t j;
        if (!s || !*s)
            continue;
        for (j = 0; j < n && strcmp(parts[j], s) != 0; j++)
            ;
        if (j == n) /* "Goranboy / Goranboy" says it once */
            parts[n++] = s;
    }
    if (cap)
        buf[0] = '\0';
    {
        /* too long for buf: each language keeps its share, cut between
         * characters, so that neither is lost nor split mid-letter */
        size_t sep = two_lines ? 1 : 3, total = 0, share = 0;
        for (i = 0; i < n; i++)
            total += strlen(parts[i]) + (i ? sep : 0);
        if (n && total + 1 > cap && cap > (n - 1) * sep + 1)
            share = (cap - 1 - (n - 1) * sep) / n;
        for (i = 0; i < n && o + 1 < cap; i++) {
            if (i) {
                if (o + sep + 1 > cap)
                    break;
                memcpy(buf + o, two_lines ? "\n" : " / ", sep);
                o += sep;
                if (i == 1)
                    *second = (long)o;
            }
            kz__text_fit(buf + o, share ? share + 1 : cap - o, parts[i], 0);
            o += strlen(buf + o);
        }
    }
}

void kz__text_catalog(char *buf, size_t cap, long *second,
                      const kz_style *st, const char *key, int two_lines)
{
    int az = kz__style_lang_index(st, "az"), en = kz__style_lang_index(st, "en");
    kz__text_bilingual(buf, cap, second, st,
                       az >= 0 ? kz__style_text_i(st, key, (size_t)az) : "",
                       en >= 0 ? kz__style_text_i(st, key, (size_t)en) : "",
                       two_lines);
}
