/*
 * sheet.c - the press PDF's pages laid on the printer's sheet: the page as
 * drawn (the trim, with its bleed) becomes a form XObject placed bleed and
 * marks in from the sheet's corner, and the sheet's bottom left corner is
 * the origin of the page's coordinates.  Readers that take a page box's
 * origin for zero (GDAL does, for geospatial viewports) then read every
 * position the page states where it is drawn; everything stated in the
 * page's coordinates (viewports, link areas, destinations) moves with it.
 */
#include "finish/finish.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The fit types of an explicit destination ([page /XYZ left top zoom],
 * ISO 32000-1 12.3.2.2) and how many coordinates follow each. */
static int dest_coords(const char *fit)
{
    static const struct {
        const char *name;
        int n;
    } fits[] = {{"/XYZ", 2},   {"/FitH", 1},  {"/FitV", 1},
                {"/FitBH", 1}, {"/FitBV", 1}, {"/FitR", 4}};
    size_t i;
    for (i = 0; fit && i < sizeof(fits) / sizeof(fits[0]); i++)
        if (strcmp(fit, fits[i].name) == 0)
            return fits[i].n;
    return 0;
}

/* Items from..from+n of array a moved by d (every coordinate moves by the
 * same amount along both axes); null items (a destination's "unchanged")
 * stay. */
static void shift_items(qpdf_data q, qpdf_oh a, int from, int n, double d)
{
    int i, len = qpdf_oh_get_array_n_items(q, a);
    for (i = from; i < from + n && i < len; i++) {
        qpdf_oh v = qpdf_oh_get_array_item(q, a, i);
        if (qpdf_oh_is_number(q, v)) {
            qpdf_oh moved = qpdf_oh_new_real_from_double(
                q, qpdf_oh_get_numeric_value(q, v) + d, 4);
            qpdf_oh_set_array_item(q, a, i, moved);
            qpdf_oh_release(q, moved);
        }
        qpdf_oh_release(q, v);
    }
}

/* The array under key of dict d, all of it moved by e. */
static void shift_key(qpdf_data q, qpdf_oh d, const char *key, double e)
{
    qpdf_oh a = qpdf_oh_get_key(q, d, key);
    if (qpdf_oh_is_array(q, a))
        shift_items(q, a, 0, qpdf_oh_get_array_n_items(q, a), e);
    qpdf_oh_release(q, a);
}

/* Every explicit destination held directly in o (its own arrays and
 * dictionaries, not the objects it refers to, which are visited by
 * themselves) moved by e. */
static int shift_dests(kz_ctx *ctx, qpdf_data q, qpdf_oh o, double e, int depth)
{
    int rc = KZ_OK, i, n;

    if (depth > 32)
        return KZ_OK;
    if (qpdf_oh_is_array(q, o)) {
        n = qpdf_oh_get_array_n_items(q, o);
        if (n >= 2) {
            qpdf_oh page = qpdf_oh_get_array_item(q, o, 0);
            qpdf_oh fit = qpdf_oh_get_array_item(q, o, 1);
            int k = qpdf_oh_is_name(q, fit)
                        ? dest_coords(qpdf_oh_get_name(q, fit))
                        : 0;
            if (k && qpdf_oh_is_indirect(q, page)) {
                shift_items(q, o, 2, k, e);
                n = 0;
            }
            qpdf_oh_release(q, fit);
            qpdf_oh_release(q, page);
        }
        for (i = 0; rc == KZ_OK && i < n; i++) {
            qpdf_oh v = qpdf_oh_get_array_item(q, o, i);
            if (!qpdf_oh_is_indirect(q, v))
                rc = shift_dests(ctx, q, v, e, depth + 1);
            qpdf_oh_release(q, v);
        }
    } else if (qpdf_oh_is_dictionary(q, o)) {
        /* qpdf has one key iterator: the keys first, then the values */
        kz_buf keys;
        size_t at;
        kz__buf_init(&keys, ctx);
        qpdf_oh_begin_dict_key_iter(q, o);
        while (rc == KZ_OK && qpdf_oh_dict_more_keys(q)) {
            const char *k = qpdf_oh_dict_next_key(q);
            rc = kz__buf_append(&keys, k, strlen(k) + 1);
        }
        for (at = 0; rc == KZ_OK && at < keys.len;
             at += strlen(keys.data + at) + 1) {
            qpdf_oh v = qpdf_oh_get_key(q, o, keys.data + at);
            if (!qpdf_oh_is_indirect(q, v) &&
                strcmp(keys.data + at, "/Parent") != 0)
                rc = shift_dests(ctx, q, v, e, depth + 1);
            qpdf_oh_release(q, v);
        }
        kz__buf_release(&keys);
    }
    return rc;
}

/* Outlines, links, named destinations: wherever they are kept. */
static int shift_all_dests(kz_ctx *ctx, qpdf_data q, double e)
{
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
    int n = (int)qpdf_oh_get_numeric_value(q, size), id, rc = KZ_OK;
    for (id = 1; rc == KZ_OK && id < n; id++) {
        qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
        if (!qpdf_oh_is_stream(q, o))
            rc = shift_dests(ctx, q, o, e, 0);
        qpdf_oh_release(q, o);
    }
    qpdf_oh_release(q, size);
    qpdf_oh_release(q, trailer);
    return rc;
}

/* The link areas and geospatial viewports of page moved by e. */
static void shift_page_areas(qpdf_data q, qpdf_oh page, double e)
{
    static const char *const lists[] = {"/Annots", "/VP"};
    size_t l;
    for (l = 0; l < 2; l++) {
        qpdf_oh a = qpdf_oh_get_key(q, page, lists[l]);
        int i, n = qpdf_oh_is_array(q, a) ? qpdf_oh_get_array_n_items(q, a) : 0;
        for (i = 0; i < n; i++) {
            qpdf_oh d = qpdf_oh_get_array_item(q, a, i);
            if (qpdf_oh_is_dictionary(q, d)) {
                shift_key(q, d, l ? "/BBox" : "/Rect", e);
                if (!l)
                    shift_key(q, d, "/QuadPoints", e);
            }
            qpdf_oh_release(q, d);
        }
        qpdf_oh_release(q, a);
    }
}

static qpdf_oh new_stream(qpdf_data q, const void *data, size_t len)
{
    qpdf_oh s = qpdf_oh_new_stream(q), none = qpdf_oh_new_null(q);
    qpdf_oh_replace_stream_data(q, s, data, len, none, none);
    qpdf_oh_release(q, none);
    return s;
}

static void set_parsed(qpdf_data q, qpdf_oh d, const char *key, const char *pdf)
{
    qpdf_oh v = qpdf_oh_parse(q, pdf);
    qpdf_oh_replace_key(q, d, key, v);
    qpdf_oh_release(q, v);
}

/* The page as drawn, into a form XObject that the sheet's page places e
 * in: its content streams joined, its resources its own, so that
 * patterns and soft masks, which live in the coordinates of the stream
 * that uses them, move with it. */
static int page_form(kz_ctx *ctx, qpdf_data q, qpdf_oh page, kz_buf *b,
                     double e, double pw, double ph, const char *target,
                     qpdf_oh *out)
{
    qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
    qpdf_oh res, form, fd;
    int k, n = qpdf_oh_is_array(q, c) ? qpdf_oh_get_array_n_items(q, c) : 1;
    int rc = KZ_OK;

    b->len = 0;
    for (k = 0; rc == KZ_OK && k < n; k++) {
        qpdf_oh s =
            qpdf_oh_is_array(q, c) ? qpdf_oh_get_array_item(q, c, k) : c;
        unsigned char *data = NULL;
        size_t len = 0;
        QPDF_BOOL filtered = QPDF_FALSE;
        if (qpdf_oh_is_stream(q, s) &&
            (qpdf_oh_get_stream_data(q, s, qpdf_dl_generalized, &filtered,
                                     &data, &len) &
             QPDF_ERRORS)) {
            rc = kz__qpdf_fail(ctx, q, target, "reading a page");
        } else if (qpdf_oh_is_stream(q, s) && !filtered) {
            rc = kz__error(ctx, KZ_EEXPORT, target, 0, NULL,
                           "a page's contents are in a filter qpdf cannot "
                           "decode");
        } else if (data &&
                   (rc = kz__buf_append(b, (char *)data, len)) == KZ_OK) {
            /* streams of one page split only between tokens */
            rc = kz__buf_puts(b, "\n");
        }
        free(data);
        if (s != c)
            qpdf_oh_release(q, s);
    }
    qpdf_oh_release(q, c);
    if (rc < 0)
        return rc;
    form = new_stream(q, b->data, b->len);
    fd = qpdf_oh_get_dict(q, form);
    set_parsed(q, fd, "/Type", "/XObject");
    set_parsed(q, fd, "/Subtype", "/Form");
    b->len = 0;
    if ((rc = kz__buf_printf(b, "[%.4f %.4f %.4f %.4f]", -e, -e, pw + e,
                             ph + e)) == KZ_OK)
        set_parsed(q, fd, "/BBox", b->data);
    b->len = 0;
    if (rc == KZ_OK &&
        (rc = kz__buf_printf(b, "[1 0 0 1 %.4f %.4f]", e, e)) == KZ_OK)
        set_parsed(q, fd, "/Matrix", b->data);
    res = qpdf_oh_get_key(q, page, "/Resources");
    if (qpdf_oh_is_dictionary(q, res))
        qpdf_oh_replace_key(q, fd, "/Resources", res);
    qpdf_oh_release(q, res);
    qpdf_oh_release(q, fd);
    if (rc < 0) {
        qpdf_oh_release(q, form);
        return rc;
    }
    *out = form;
    return KZ_OK;
}

/* Trim marks at the four corners of the trim (x0, y0, x1, y1), in black
 * ink, from just outside the bleed to the edge of the sheet. */
static int crop_marks(kz_buf *b, double x0, double y0, double x1, double y1,
                      double bleed, double mark)
{
    double xs[2] = {x0, x1}, ys[2] = {y0, y1};
    int i, j, rc = kz__buf_puts(b, "q 0 0 0 1 K 0.25 w\n");
    for (i = 0; i < 2 && rc == KZ_OK; i++)
        for (j = 0; j < 2 && rc == KZ_OK; j++) {
            double sx = i ? 1 : -1, sy = j ? 1 : -1;
            double x = xs[i], y = ys[j];
            rc = kz__buf_printf(
                b, "%.3f %.3f m %.3f %.3f l S\n%.3f %.3f m %.3f %.3f l S\n",
                x + sx * (bleed + 2), y, x + sx * (bleed + mark), y, x,
                y + sy * (bleed + 2), x, y + sy * (bleed + mark));
        }
    return rc == KZ_OK ? kz__buf_puts(b, "Q\n") : rc;
}

static int set_box(qpdf_data q, kz_buf *b, qpdf_oh page, const char *key,
                   double x0, double y0, double x1, double y1)
{
    int rc;
    b->len = 0;
    if ((rc = kz__buf_printf(b, "[%.4f %.4f %.4f %.4f]", x0, y0, x1, y1)) ==
        KZ_OK)
        set_parsed(q, page, key, b->data);
    return rc;
}

int kz__press_sheet(kz_ctx *ctx, qpdf_data q, double pw, double ph,
                    double bleed, double mark, const char *target)
{
    /* to the 1/10000 point that boxes and positions are written in, so
     * that each moves by exactly the same */
    double e = round((bleed + mark) * 1e4) / 1e4;
    int pages = qpdf_get_num_pages(q), p, rc;
    qpdf_oh place = 0;
    kz_buf b;

    /* each page's resources become its form's: none may be left on the
     * page tree, where the page's new ones would hide them */
    if (qpdf_push_inherited_attributes_to_page(q) & QPDF_ERRORS)
        return kz__qpdf_fail(ctx, q, target, "laying out the sheet");
    kz__buf_init(&b, ctx);
    /* one content stream for every page: each page's own form */
    if ((rc = kz__buf_puts(&b, "q /Page Do Q\n")) < 0 ||
        (mark > 0 &&
         (rc = crop_marks(&b, e, e, pw + e, ph + e, bleed, mark)) < 0))
        goto done;
    place = new_stream(q, b.data, b.len);
    if ((rc = shift_all_dests(ctx, q, e)) < 0)
        goto done;
    for (p = 0; rc == KZ_OK && p < pages; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p), form = 0, res, xo;
        if ((rc = page_form(ctx, q, page, &b, e, pw, ph, target, &form)) ==
            KZ_OK) {
            res = qpdf_oh_parse(q, "<< /XObject << >> >>");
            xo = qpdf_oh_get_key(q, res, "/XObject");
            qpdf_oh_replace_key(q, xo, "/Page", form);
            qpdf_oh_replace_key(q, page, "/Resources", res);
            qpdf_oh_replace_key(q, page, "/Contents", place);
            qpdf_oh_release(q, xo);
            qpdf_oh_release(q, res);
            qpdf_oh_release(q, form);
            shift_page_areas(q, page, e);
            if ((rc = set_box(q, &b, page, "/MediaBox", 0, 0, pw + 2 * e,
                              ph + 2 * e)) == KZ_OK &&
                (rc = set_box(q, &b, page, "/BleedBox", e - bleed, e - bleed,
                              pw + e + bleed, ph + e + bleed)) == KZ_OK)
                rc = set_box(q, &b, page, "/TrimBox", e, e, pw + e, ph + e);
            qpdf_oh_remove_key(q, page, "/CropBox");
            qpdf_oh_remove_key(q, page, "/ArtBox");
        }
        qpdf_oh_release(q, page);
    }
    if (rc == KZ_OK && qpdf_has_error(q))
        rc = kz__qpdf_fail(ctx, q, target, "laying out the sheet");
done:
    if (place)
        qpdf_oh_release(q, place);
    kz__buf_release(&b);
    return rc;
}
