/*
 * finish.h - the last step of every PDF the library writes, after cairo:
 * the file is rewritten by qpdf into a valid, compact PDF (object streams,
 * a cross-reference table that points where it should, a deterministic
 * ID), and each map frame drawn on a page gets its ISO 32000 geospatial
 * viewport, so that GIS readers place the page on the ground.
 */
#ifndef KZ_FINISH_H
#define KZ_FINISH_H

#include "core/core.h"

#include <qpdf/qpdf-c.h>

/* One map frame of a document: where it is on its page and where that is
 * on the ground. */
typedef struct kz_georef {
    size_t page;             /* 0-based page of the document */
    double x, y, w, h;       /* map area, points from the page's top left */
    double gx0, gy0, gx1, gy1; /* map CRS at its left, bottom, right, top */
    char crs[160];           /* the map's CRS, as PROJ takes it */
} kz_georef;

typedef struct kz_georefs {
    kz_georef *v;
    size_t n, cap;
} kz_georefs;

/* The frame a map drew (kz_map_result's frame, ground and crs). */
void kz__georef_from_map(kz_georef *g, const kz_map_result *res,
                         size_t page);
/* Append r; KZ_ENOMEM. */
int kz__georefs_add(kz_ctx *ctx, kz_georefs *g, const kz_georef *r);
/* Append the frames of other, all on page. */
int kz__georefs_add_all(kz_ctx *ctx, kz_georefs *g, const kz_georefs *other,
                        size_t page);
void kz__georefs_release(kz_ctx *ctx, kz_georefs *g);

/*
 * Finish the PDF written so far to o (cairo's surface already finished):
 * rewrite it with qpdf (recovering cairo's dangling cross-reference
 * entries), add a geospatial viewport per frame in geo (may be NULL), and
 * put the result in o's place; page_h is the height of every page in
 * points.  Errors: KZ_EEXPORT naming o's target, KZ_EPROJ, KZ_ENOMEM.
 */
int kz__pdf_finish(kz_ctx *ctx, kz_outfile *o, double page_h,
                   const kz_georefs *geo);

/* qpdf, read and written the same way by every step: the file at in is
 * read (with recovery when recover is set; warnings are not the user's
 * business), or written to out with object streams, compressed, with an
 * ID made from the content.  Errors name target (KZ_EEXPORT). */
int kz__qpdf_open(kz_ctx *ctx, qpdf_data *out, const char *in,
                  const char *target, int recover);
int kz__qpdf_save(kz_ctx *ctx, qpdf_data q, const char *out,
                  const char *target);
/* qpdf's first error as ours: "what: qpdf's message". */
int kz__qpdf_fail(kz_ctx *ctx, qpdf_data q, const char *target,
                  const char *what);

/*
 * Copy the content stream in[0..n) to out with every exact neutral colour
 * ("r r r rg", "r r r RG") said in black ink alone ("0 0 0 k k", "... K"),
 * k = black(ud, r); *changed counts them.  KZ_ENOMEM.
 */
int kz__content_neutral_to_k(kz_ctx *ctx, const unsigned char *in, size_t n,
                             double (*black)(void *ud, double grey),
                             void *ud, kz_buf *out, size_t *changed);

/*
 * Say the shading sh in black ink alone when every colour it gives is an
 * exact grey: a DeviceRGB shading of exponential functions (or stitching
 * ones of them) becomes DeviceCMYK with [0 0 0 k], k = black(ud, grey).
 * done (n_ids bytes, zeroed by the caller for the document) marks the
 * functions already changed, which other shadings may share.  Returns 1
 * when sh was changed, 0 when it is left as it was (not a shading, not
 * all grey, a mesh or sampled function).  Cannot fail.
 */
int kz__shading_neutral_to_k(qpdf_data q, qpdf_oh sh, unsigned char *done,
                             int n_ids,
                             double (*black)(void *ud, double grey),
                             void *ud);

/*
 * Copy the content stream in[0..n) to out with the text shown in the
 * fonts for which silent(ud, name, len) is true (name: the resource name
 * with its slash, as in the stream) wrapped in marked content with an
 * empty ActualText, so that text extraction reads nothing there;
 * *changed counts the operators inserted.  KZ_ENOMEM.
 */
int kz__content_mark_no_text(kz_ctx *ctx, const unsigned char *in, size_t n,
                             int (*silent)(void *ud, const char *name,
                                           size_t len),
                             void *ud, kz_buf *out, size_t *changed);

/*
 * Mark the text of every Type 3 font in q as having no text of its own
 * (kz__content_mark_no_text), on each page and in the form XObjects it
 * uses: the only Type 3 fonts we write are the label halos, which would
 * otherwise be extracted as a replacement character per glyph.  Errors:
 * KZ_EEXPORT naming target, KZ_ENOMEM.
 */
int kz__pdf_mark_halos(kz_ctx *ctx, qpdf_data q, const char *target);

/*
 * Lay every page of q (trim pw x ph points, drawn from the origin) on the
 * printer's sheet: the page becomes a form XObject placed bleed + mark
 * points in from the sheet's bottom left corner, which is the origin of
 * the page's coordinates; MediaBox the sheet, BleedBox, TrimBox, crop
 * marks when mark > 0, and the page's link areas, geospatial viewports
 * and every explicit destination moved with the drawing.  Errors:
 * KZ_EEXPORT naming target, KZ_ENOMEM.
 */
int kz__press_sheet(kz_ctx *ctx, qpdf_data q, double pw, double ph,
                    double bleed, double mark, const char *target);

/*
 * Turn the finished screen PDF in o into the printer's file: neutrals as
 * grey, CMYK through Ghostscript with the output profile, page boxes
 * with bleed (and crop marks), a PDF/X-4 output intent, Info and XMP.
 * page_w/page_h: the trim size in points; timestamp: Unix time of the
 * document's dates; title: for the XMP packet.  Errors: KZ_EEXPORT
 * (naming o's target, with Ghostscript's message), KZ_ENOMEM.
 */
int kz__pdf_press(kz_ctx *ctx, kz_outfile *o, double page_w, double page_h,
                  const kz_press_options *opts, int64_t timestamp,
                  const char *title);

#endif
