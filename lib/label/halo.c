/*
 * halo.c - label halos on vector surfaces, as vector.  Where the library
 * finishes the PDF itself (kz__halo_as_text: map pages, the atlas), the
 * halos are text: the halo of a glyph is that glyph's outline grown by the
 * halo width (round joins), drawn by a cairo user font, which the PDF
 * writer keeps as a Type 3 font.  A run of a label costs one text
 * operator, and each grown outline is written once per font, however
 * many times it is printed; nothing is an image.  The finishing step
 * (lib/finish/pdf.c) marks that text as having none of its own
 * (ActualText), so that text extraction reads each label once.  On other
 * surfaces (a caller's cairo_t), each distinct glyph's outline is stroked
 * once into a small recording surface, painted under every occurrence:
 * slower, but nothing there for a reader to extract.
 *
 * The grown outlines are computed once per (font, glyph, halo width) and
 * kept for the life of the process, in font space, behind a mutex: the
 * user font draws them whenever cairo asks, which may be on another
 * thread, long after the page that first used them (a recording surface
 * replayed into the atlas, a PDF surface writing its fonts when it is
 * finished), so they cannot belong to a kz_ctx or to one surface.  The
 * user font faces and the scaled fonts they grow are kept as long.
 */
#include "label/label.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Flattening tolerance of the glyph outlines (device units, points on our
 * surfaces): a 600 dpi pixel is 0.12 pt, so 0.2 of one. */
#define HALO_TOLERANCE 0.025
/* GEOS segments per quarter circle of the round joins: for a 1 pt halo
 * (0.35 mm) the chord is 0.012 pt from the arc. */
#define HALO_QUADSEGS 5

/* ------------------------------------------------ painted outlines */

typedef struct halo_glyph {
    cairo_scaled_font_t *font; /* one reference owned */
    unsigned long index;
    cairo_surface_t *rec; /* the stroked outline, glyph origin at 0, 0 */
} halo_glyph;

typedef struct halo_cache {
    halo_glyph *g;
    size_t n, cap;
    double halo;
    kz_rgb color;
} halo_cache;

static const cairo_user_data_key_t cache_key;


static void cache_destroy(void *p)
{
    halo_cache *c = p;
    size_t i;
    for (i = 0; i < c->n; i++) {
        cairo_scaled_font_destroy(c->g[i].font);
        cairo_surface_destroy(c->g[i].rec);
    }
    free(c->g);
    free(c);
}

/* The target's cache for this halo width and colour (a new one replaces
 * a cache of another style); NULL when out of memory. */
static halo_cache *cache_get(cairo_surface_t *target, double halo,
                             const kz_rgb *color)
{
    halo_cache *c = cairo_surface_get_user_data(target, &cache_key);
    if (c && c->halo == halo && c->color.r == color->r &&
        c->color.g == color->g && c->color.b == color->b)
        return c;
    if (!(c = calloc(1, sizeof(*c))))
        return NULL;
    c->halo = halo;
    c->color = *color;
    if (cairo_surface_set_user_data(target, &cache_key, c, cache_destroy) !=
        CAIRO_STATUS_SUCCESS) {
        free(c);
        return NULL;
    }
    return c;
}

/* The stroked outline of glyph index of font; NULL when out of memory
 * (cairo's errors are sticky on the surface: the caller checks it). */
static cairo_surface_t *outline(halo_cache *c, cairo_scaled_font_t *font,
                                unsigned long index, double halo,
                                const kz_rgb *color)
{
    cairo_text_extents_t ext;
    cairo_glyph_t g = {index, 0, 0};
    cairo_rectangle_t r;
    cairo_surface_t *rec;
    cairo_t *rcr;
    size_t i;

    for (i = c->n; i-- > 0;)
        if (c->g[i].index == index && c->g[i].font == font)
            return c->g[i].rec;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        halo_glyph *grown = realloc(c->g, cap * sizeof(*grown));
        if (!grown)
            return NULL;
        c->g = grown;
        c->cap = cap;
    }
    cairo_scaled_font_glyph_extents(font, &g, 1, &ext);
    r.x = ext.x_bearing - halo - 1;
    r.y = ext.y_bearing - halo - 1;
    r.width = ext.width + 2 * halo + 2;
    r.height = ext.height + 2 * halo + 2;
    rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
    rcr = cairo_create(rec);
    cairo_set_scaled_font(rcr, font);
    cairo_glyph_path(rcr, &g, 1);
    cairo_set_line_width(rcr, 2 * halo);
    cairo_set_line_join(rcr, CAIRO_LINE_JOIN_ROUND);
    kz__set_rgb(rcr, color);
    cairo_stroke(rcr);
    cairo_destroy(rcr);
    c->g[c->n].font = cairo_scaled_font_reference(font);
    c->g[c->n].index = index;
    c->g[c->n].rec = rec;
    return c->g[c->n++].rec;
}

/* The halos as one recording of the stroked outline per distinct glyph,
 * painted at every occurrence: on surfaces whose PDF is not ours to
 * finish.  The outlines live as long as the target surface (its user
 * data): cairo copies a source destroyed before the PDF is written, and
 * loses that copy when the PDF fails. */
static int paint_outlines(kz_page *pg)
{
    const kz_style *st = pg->st;
    cairo_t *cr = pg->cr;
    halo_cache *c = cache_get(cairo_get_target(cr), st->halo,
                              &st->halo_color);
    size_t i;
    int rc = KZ_OK;

    if (!c)
        return kz__error(pg->ctx, KZ_ENOMEM, NULL, 0, NULL,
                         "out of memory for the label halos");
    for (i = 0; i < pg->n_placed && rc == KZ_OK; i++) {
        PangoLayoutIter *it;
        if (pg->placed[i].angle != 0)
            continue; /* along a line: outlined by draw.c */
        it = pango_layout_get_iter(pg->placed[i].layout);
        do {
            PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
            cairo_scaled_font_t *font;
            PangoRectangle lr;
            double x, y;
            int j, x_acc = 0;

            if (!run || !run->item->analysis.font ||
                !(font = pango_cairo_font_get_scaled_font(
                      (PangoCairoFont *)run->item->analysis.font)))
                continue;
            pango_layout_iter_get_run_extents(it, NULL, &lr);
            x = pg->placed[i].x + (double)lr.x / PANGO_SCALE;
            y = pg->placed[i].y +
                (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
            for (j = 0; j < run->glyphs->num_glyphs; j++) {
                const PangoGlyphInfo *gi = &run->glyphs->glyphs[j];
                cairo_surface_t *rec;
                if (gi->glyph != PANGO_GLYPH_EMPTY &&
                    !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
                    if (!(rec = outline(c, font, gi->glyph, st->halo,
                                        &st->halo_color))) {
                        rc = KZ_ENOMEM;
                        break;
                    }
                    cairo_set_source_surface(
                        cr, rec,
                        x + (double)(x_acc + gi->geometry.x_offset) /
                                PANGO_SCALE,
                        y + (double)gi->geometry.y_offset / PANGO_SCALE);
                    cairo_paint(cr);
                }
                x_acc += gi->geometry.width;
            }
        } while (rc == KZ_OK && pango_layout_iter_next_run(it));
        pango_layout_iter_free(it);
    }
    if (rc == KZ_ENOMEM)
        kz__error(pg->ctx, rc, NULL, 0, NULL,
                  "out of memory for the label halos");
    return rc;
}

/* ----------------------------------------------------- Type 3 text */

typedef struct halo_outline {
    unsigned long index;
    cairo_path_t *path; /* grown outline in font space, fill even-odd */
} halo_outline;

/* One user font: the halos of one scaled font at one halo width. */
typedef struct halo_face {
    cairo_scaled_font_t *real; /* one reference owned */
    double halo;               /* points */
    cairo_font_face_t *face;   /* the user font, one reference owned */
    halo_outline *g;
    size_t n, cap;
} halo_face;

static struct {
    pthread_mutex_t mu;
    halo_face **f;
    size_t n, cap;
} halos = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};

static const cairo_user_data_key_t face_key;

/* glyph's outline in f, or NULL; with halos.mu held. */
static const cairo_path_t *find(const halo_face *f, unsigned long glyph)
{
    size_t i;
    for (i = 0; i < f->n; i++)
        if (f->g[i].index == glyph)
            return f->g[i].path;
    return NULL;
}

static cairo_status_t render_glyph(cairo_scaled_font_t *sf,
                                   unsigned long glyph, cairo_t *cr,
                                   cairo_text_extents_t *ext)
{
    halo_face *f = cairo_font_face_get_user_data(
        cairo_scaled_font_get_font_face(sf), &face_key);
    const cairo_path_t *path;

    pthread_mutex_lock(&halos.mu);
    path = f ? find(f, glyph) : NULL;
    pthread_mutex_unlock(&halos.mu);
    if (!path) /* every glyph shown was grown first */
        return CAIRO_STATUS_USER_FONT_ERROR;
    cairo_append_path(cr, path);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_fill(cr);
    ext->x_advance = 0; /* every glyph is placed by position */
    ext->y_advance = 0;
    return cairo_status(cr);
}

/* The user font of (real, halo), made on first use; NULL when out of
 * memory.  With halos.mu held. */
static halo_face *face_for(cairo_scaled_font_t *real, double halo)
{
    halo_face *f;
    size_t i;

    for (i = 0; i < halos.n; i++)
        if (halos.f[i]->real == real && halos.f[i]->halo == halo)
            return halos.f[i];
    if (halos.n == halos.cap) {
        size_t cap = halos.cap ? 2 * halos.cap : 16;
        halo_face **grown = realloc(halos.f, cap * sizeof(*grown));
        if (!grown)
            return NULL;
        halos.f = grown;
        halos.cap = cap;
    }
    if (!(f = calloc(1, sizeof(*f))))
        return NULL;
    f->face = cairo_user_font_face_create();
    cairo_user_font_face_set_render_glyph_func(f->face, render_glyph);
    if (cairo_font_face_set_user_data(f->face, &face_key, f, NULL) !=
        CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(f->face);
        free(f);
        return NULL;
    }
    f->real = cairo_scaled_font_reference(real);
    f->halo = halo;
    halos.f[halos.n++] = f;
    return f;
}

/* The rings of a flattened outline: ring k is pt[2 * at[k]] ... up to
 * at[k + 1], closed (its last point repeats its first). */
typedef struct rings {
    double *pt;
    size_t *at;
    size_t n, n_pt, cap_pt, cap_at;
} rings;

static int ring_point(rings *r, double x, double y)
{
    if (r->n_pt == r->cap_pt) {
        size_t cap = r->cap_pt ? 2 * r->cap_pt : 256;
        double *grown = realloc(r->pt, 2 * cap * sizeof(*grown));
        if (!grown)
            return KZ_ENOMEM;
        r->pt = grown;
        r->cap_pt = cap;
    }
    r->pt[2 * r->n_pt] = x;
    r->pt[2 * r->n_pt + 1] = y;
    r->n_pt++;
    return KZ_OK;
}

/* Split the flattened path p into closed rings of 3 points or more. */
static int rings_of(rings *r, const cairo_path_t *p)
{
    double x0 = 0, y0 = 0;
    int i, rc = KZ_OK;

    if (!(r->at = malloc(sizeof(*r->at))))
        return KZ_ENOMEM;
    r->cap_at = 1;
    r->at[0] = 0;
    for (i = 0; i <= p->num_data && rc == KZ_OK;
         i += i < p->num_data ? p->data[i].header.length : 1) {
        cairo_path_data_type_t t =
            i < p->num_data ? p->data[i].header.type : CAIRO_PATH_MOVE_TO;
        if (t == CAIRO_PATH_LINE_TO) {
            rc = ring_point(r, p->data[i + 1].point.x,
                            p->data[i + 1].point.y);
            continue;
        }
        if (t != CAIRO_PATH_MOVE_TO)
            continue; /* CLOSE_PATH: closed below */
        /* the ring so far ends: keep it when it has an area */
        if (r->n_pt - r->at[r->n] >= 3) {
            if ((rc = ring_point(r, x0, y0)) < 0)
                break;
            if (r->n + 1 == r->cap_at) {
                size_t *grown = realloc(r->at, 2 * r->cap_at * sizeof(*grown));
                if (!grown)
                    return KZ_ENOMEM;
                r->at = grown;
                r->cap_at *= 2;
            }
            r->at[++r->n] = r->n_pt;
        } else {
            r->n_pt = r->at[r->n];
        }
        if (i < p->num_data) {
            x0 = p->data[i + 1].point.x;
            y0 = p->data[i + 1].point.y;
            rc = ring_point(r, x0, y0);
        }
    }
    return rc;
}

/* Twice the signed area of ring k. */
static double ring_area(const rings *r, size_t k)
{
    const double *q = r->pt;
    double a = 0;
    size_t i;
    for (i = r->at[k]; i + 1 < r->at[k + 1]; i++)
        a += q[2 * i] * q[2 * i + 3] - q[2 * i + 2] * q[2 * i + 1];
    return a;
}

/* Is x, y inside ring k (even-odd)? */
static int ring_has(const rings *r, size_t k, double x, double y)
{
    const double *q = r->pt;
    size_t i;
    int in = 0;
    for (i = r->at[k]; i + 1 < r->at[k + 1]; i++) {
        double xa = q[2 * i], ya = q[2 * i + 1];
        double xb = q[2 * i + 2], yb = q[2 * i + 3];
        if ((ya > y) != (yb > y) &&
            x < xa + (y - ya) * (xb - xa) / (yb - ya))
            in = !in;
    }
    return in;
}

static GEOSGeometry *ring_geom(GEOSContextHandle_t h, const rings *r,
                               size_t k)
{
    size_t i, n = r->at[k + 1] - r->at[k];
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, (unsigned)n, 2);
    if (!cs)
        return NULL;
    for (i = 0; i < n; i++)
        GEOSCoordSeq_setXY_r(h, cs, (unsigned)i, r->pt[2 * (r->at[k] + i)],
                             r->pt[2 * (r->at[k] + i) + 1]);
    return GEOSGeom_createLinearRing_r(h, cs);
}

/* The glyph as GEOS polygons: rings turning the way of the largest one
 * are shells, the others holes of the smallest shell holding them (the
 * nonzero rule of a font's outline, whose contours do not cross); a hole
 * in no shell is a shell. */
static GEOSGeometry *glyph_polygons(GEOSContextHandle_t h, const rings *r)
{
    double *area = NULL, big = 0;
    size_t *owner = NULL, k, j, n_poly = 0;
    GEOSGeometry **polys = NULL, **holes = NULL, *out = NULL;
    int sign = 1, ok = 1;

    if (r->n == 0)
        return GEOSGeom_createEmptyCollection_r(h, GEOS_MULTIPOLYGON);
    area = malloc(r->n * sizeof(*area));
    owner = malloc(r->n * sizeof(*owner));
    polys = calloc(r->n, sizeof(*polys));
    holes = calloc(r->n, sizeof(*holes));
    if (!area || !owner || !polys || !holes)
        goto done;
    for (k = 0; k < r->n; k++) {
        area[k] = ring_area(r, k);
        if (fabs(area[k]) > big) {
            big = fabs(area[k]);
            sign = area[k] > 0 ? 1 : -1;
        }
    }
    for (k = 0; k < r->n; k++) {
        owner[k] = k; /* a shell owns itself */
        if ((area[k] > 0 ? 1 : -1) == sign)
            continue;
        for (j = 0; j < r->n; j++)
            if ((area[j] > 0 ? 1 : -1) == sign &&
                (owner[k] == k || fabs(area[j]) < fabs(area[owner[k]])) &&
                ring_has(r, j, r->pt[2 * r->at[k]], r->pt[2 * r->at[k] + 1]))
                owner[k] = j;
    }
    for (k = 0; ok && k < r->n; k++) {
        GEOSGeometry *shell = NULL;
        unsigned nh = 0, i;
        if (owner[k] != k)
            continue;
        for (j = 0; ok && j < r->n; j++)
            if (j != k && owner[j] == k)
                ok = (holes[nh++] = ring_geom(h, r, j)) != NULL;
        if (ok && (shell = ring_geom(h, r, k)) != NULL) {
            /* the polygon owns its rings, made or not */
            ok = (polys[n_poly] = GEOSGeom_createPolygon_r(h, shell, holes,
                                                           nh)) != NULL;
            n_poly += ok;
            continue;
        }
        ok = 0;
        for (i = 0; i < nh; i++)
            GEOSGeom_destroy_r(h, holes[i]);
    }
    if (ok)
        out = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys,
                                          (unsigned)n_poly);
    if (!out)
        for (k = 0; k < n_poly; k++)
            GEOSGeom_destroy_r(h, polys[k]);
done:
    free(area);
    free(owner);
    free(polys);
    free(holes);
    return out;
}

/* Add ring r (user space) to cr's path, in font space through inv. */
static void ring_path(GEOSContextHandle_t h, cairo_t *cr,
                      const GEOSGeometry *r, const cairo_matrix_t *inv)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, r);
    unsigned int i, n = 0;

    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return;
    for (i = 0; i + 1 < n; i++) { /* the last point repeats the first */
        double x, y;
        GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
        cairo_matrix_transform_point(inv, &x, &y);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
}

/* The outline of f's glyph grown by f->halo, in font space: a GEOS buffer
 * with round joins of the glyph's polygons.  KZ_ENOMEM, KZ_EGEOM. */
static int grow(kz_ctx *ctx, halo_face *f, unsigned long glyph,
                cairo_path_t **out)
{
    GEOSContextHandle_t h = kz__geos(ctx);
    cairo_surface_t *s = NULL;
    cairo_t *cr = NULL;
    cairo_path_t *flat = NULL;
    cairo_glyph_t g = {glyph, 0, 0};
    cairo_matrix_t ctm, inv;
    rings r;
    GEOSGeometry *shape = NULL, *grown = NULL;
    int rc = KZ_OK, i, np;

    *out = NULL;
    memset(&r, 0, sizeof(r));
    if (!h)
        return KZ_ENOMEM;
    s = cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, NULL);
    cr = cairo_create(s);
    cairo_scaled_font_get_ctm(f->real, &ctm);
    cairo_set_matrix(cr, &ctm);
    cairo_set_scaled_font(cr, f->real);
    cairo_set_tolerance(cr, HALO_TOLERANCE);
    cairo_glyph_path(cr, &g, 1);
    flat = cairo_copy_path_flat(cr);
    if (flat->status != CAIRO_STATUS_SUCCESS) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if ((rc = rings_of(&r, flat)) < 0)
        goto done;
    if (!(shape = glyph_polygons(h, &r)) ||
        !(grown = GEOSBuffer_r(h, shape, f->halo, HALO_QUADSEGS))) {
        rc = KZ_EGEOM;
        goto done;
    }
    /* the grown outline, in font space: user = font_matrix . font */
    cairo_scaled_font_get_font_matrix(f->real, &inv);
    if (cairo_matrix_invert(&inv) != CAIRO_STATUS_SUCCESS) {
        rc = KZ_EGEOM;
        goto done;
    }
    cairo_identity_matrix(cr);
    cairo_new_path(cr);
    np = GEOSGetNumGeometries_r(h, grown);
    for (i = 0; i < np; i++) {
        const GEOSGeometry *poly = GEOSGetGeometryN_r(h, grown, i);
        int k, nh;
        if (GEOSGeomTypeId_r(h, poly) != GEOS_POLYGON ||
            GEOSisEmpty_r(h, poly))
            continue;
        ring_path(h, cr, GEOSGetExteriorRing_r(h, poly), &inv);
        nh = GEOSGetNumInteriorRings_r(h, poly);
        for (k = 0; k < nh; k++)
            ring_path(h, cr, GEOSGetInteriorRingN_r(h, poly, k), &inv);
    }
    *out = cairo_copy_path(cr);
    if ((*out)->status != CAIRO_STATUS_SUCCESS) {
        cairo_path_destroy(*out);
        *out = NULL;
        rc = KZ_ENOMEM;
    }
done:
    free(r.pt);
    free(r.at);
    GEOSGeom_destroy_r(h, shape);
    GEOSGeom_destroy_r(h, grown);
    cairo_path_destroy(flat);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return rc;
}

/* Make sure f has the grown outline of glyph.  With halos.mu held. */
static int need(kz_ctx *ctx, halo_face *f, unsigned long glyph)
{
    cairo_path_t *p;
    int rc;

    if (find(f, glyph))
        return KZ_OK;
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 64;
        halo_outline *grown = realloc(f->g, cap * sizeof(*grown));
        if (!grown)
            return KZ_ENOMEM;
        f->g = grown;
        f->cap = cap;
    }
    if ((rc = grow(ctx, f, glyph, &p)) < 0)
        return rc;
    f->g[f->n].index = glyph;
    f->g[f->n++].path = p;
    return KZ_OK;
}

/* The halos of one run: its glyphs grown, then shown with the user font
 * in the halo colour. */
static int draw_run(kz_page *pg, PangoLayoutRun *run, double x, double y,
                    cairo_glyph_t **gl, size_t *cap)
{
    cairo_t *cr = pg->cr;
    cairo_scaled_font_t *font;
    cairo_font_options_t *fo;
    cairo_matrix_t fm;
    halo_face *f;
    size_t ng = 0;
    int j, x_acc = 0, rc = KZ_OK;

    if (!run->item->analysis.font ||
        !(font = pango_cairo_font_get_scaled_font(
              (PangoCairoFont *)run->item->analysis.font)))
        return KZ_OK;
    if ((rc = kz__grow(pg->ctx, (void **)gl, cap,
                       (size_t)run->glyphs->num_glyphs, sizeof(**gl))) < 0)
        return rc;
    pthread_mutex_lock(&halos.mu);
    if (!(f = face_for(font, pg->st->halo)))
        rc = KZ_ENOMEM;
    for (j = 0; rc == KZ_OK && j < run->glyphs->num_glyphs; j++) {
        const PangoGlyphInfo *gi = &run->glyphs->glyphs[j];
        if (gi->glyph != PANGO_GLYPH_EMPTY &&
            !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) &&
            (rc = need(pg->ctx, f, gi->glyph)) == KZ_OK) {
            (*gl)[ng].index = gi->glyph;
            (*gl)[ng].x =
                x + (double)(x_acc + gi->geometry.x_offset) / PANGO_SCALE;
            (*gl)[ng].y = y + (double)gi->geometry.y_offset / PANGO_SCALE;
            ng++;
        }
        x_acc += gi->geometry.width;
    }
    pthread_mutex_unlock(&halos.mu);
    if (rc < 0 || ng == 0)
        return rc;
    cairo_scaled_font_get_font_matrix(font, &fm);
    cairo_set_font_face(cr, f->face);
    cairo_set_font_matrix(cr, &fm);
    if ((fo = cairo_font_options_create())) {
        cairo_scaled_font_get_font_options(font, fo);
        cairo_set_font_options(cr, fo);
        cairo_font_options_destroy(fo);
    }
    cairo_show_glyphs(cr, *gl, (int)ng);
    return KZ_OK;
}

static int show_grown(kz_page *pg)
{
    cairo_glyph_t *gl = NULL;
    size_t i, cap = 0;
    int rc = KZ_OK;

    kz__set_rgb(pg->cr, &pg->st->halo_color);
    for (i = 0; i < pg->n_placed && rc == KZ_OK; i++) {
        PangoLayoutIter *it;
        if (pg->placed[i].angle != 0)
            continue; /* along a line: outlined by draw.c */
        it = pango_layout_get_iter(pg->placed[i].layout);
        do {
            PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
            PangoRectangle lr;
            if (!run)
                continue;
            pango_layout_iter_get_run_extents(it, NULL, &lr);
            rc = draw_run(
                pg, run, pg->placed[i].x + (double)lr.x / PANGO_SCALE,
                pg->placed[i].y +
                    (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE,
                &gl, &cap);
        } while (rc == KZ_OK && pango_layout_iter_next_run(it));
        pango_layout_iter_free(it);
    }
    kz__free(pg->ctx, gl);
    if (rc == KZ_ENOMEM)
        kz__error(pg->ctx, rc, NULL, 0, NULL,
                  "out of memory for the label halos");
    else if (rc < 0)
        kz__error(pg->ctx, rc, NULL, 0, NULL,
                  "a label's halo could not be grown");
    return rc;
}

static const cairo_user_data_key_t as_text_key;
static int as_text = 1;

int kz__halo_as_text(kz_ctx *ctx, cairo_surface_t *s)
{
    if (cairo_surface_set_user_data(s, &as_text_key, &as_text, NULL) !=
        CAIRO_STATUS_SUCCESS)
        return kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL,
                         "out of memory for the label halos");
    return KZ_OK;
}

int kz__halo_draw_vector(kz_page *pg)
{
    cairo_surface_t *s = cairo_get_target(pg->cr);
    if (cairo_surface_get_user_data(s, &as_text_key))
        return show_grown(pg);
    return paint_outlines(pg);
}
