/*
 * sheet.c - the kahriz sheets: compact cards, several to a page, each with
 * a large-scale location map (the subject's gallery, shafts and mother
 * well when known and its outlet ringed; the other outlets muted; district
 * boundaries, a UTM grid, the reference lakes, rivers and places), the
 * attributes of the latest assessment (a note in one language marked so
 * in the other), a chart of discharge over the years and the photo.
 * Photos are embedded as they are: PNG through cairo, JPEG as its own
 * bytes (decoded through GDAL only for the surface cairo wants beside).
 */
#include "atlas/atlas.h"

#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const kz_rgb grey = {0.42, 0.42, 0.42};

void kz__atlas_card_box(const atlas_doc *doc, size_t slot, double *x,
                        double *y, double *w, double *h)
{
    double gap = doc->st->font_small * 1.6,
           top = doc->y0 + doc->head_h,
           bh = doc->y0 + doc->h - doc->foot_h - top;
    size_t c = slot % doc->sheet_cols, r = slot / doc->sheet_cols;
    *w = (doc->w - gap * (double)(doc->sheet_cols - 1)) /
         (double)doc->sheet_cols;
    *h = (bh - gap * (double)(doc->sheet_rows - 1)) / (double)doc->sheet_rows;
    *x = doc->x0 + (double)c * (*w + gap);
    *y = top + (double)r * (*h + gap);
}

/* ------------------------------------------------------------ photos */

static cairo_status_t read_fp(void *closure, unsigned char *data,
                              unsigned int len)
{
    return fread(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS
                                               : CAIRO_STATUS_READ_ERROR;
}

static void mime_free(void *p)
{
    free(p);
}

/* A JPEG decoded through GDAL with its own bytes attached, so that a PDF
 * embeds the file unchanged. */
static cairo_surface_t *load_jpeg(const char *path)
{
    const char *const drivers[] = {"JPEG", NULL};
    GDALDatasetH ds;
    cairo_surface_t *s = NULL;
    unsigned char *px = NULL, *bytes = NULL;
    FILE *fp = NULL;
    int w, h, nb, x, y, stride;
    long len;

    GDALAllRegister();
    /* a photo that cannot be read is counted as missing, not shouted
     * about on stderr by GDAL */
    CPLPushErrorHandler(CPLQuietErrorHandler);
    ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, NULL,
                    NULL);
    if (!ds) {
        CPLPopErrorHandler();
        return NULL;
    }
    w = GDALGetRasterXSize(ds);
    h = GDALGetRasterYSize(ds);
    nb = GDALGetRasterCount(ds);
    if (w <= 0 || h <= 0 || w > 20000 || h > 20000 || (nb != 1 && nb < 3))
        goto fail;
    if (!(px = malloc((size_t)w * (size_t)h * 3)))
        goto fail;
    {
        int bands[3] = {1, nb >= 3 ? 2 : 1, nb >= 3 ? 3 : 1};
        if (GDALDatasetRasterIO(ds, GF_Read, 0, 0, w, h, px, w, h, GDT_Byte,
                                3, bands, 3, w * 3, 1) != CE_None)
            goto fail;
    }
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        goto fail;
    stride = cairo_image_surface_get_stride(s);
    {
        unsigned char *dst = cairo_image_surface_get_data(s);
        for (y = 0; y < h; y++) {
            uint32_t *row = (uint32_t *)(void *)(dst + (size_t)y * stride);
            const unsigned char *src = px + (size_t)y * w * 3;
            for (x = 0; x < w; x++)
                row[x] = 0xff000000u | (uint32_t)src[3 * x] << 16 |
                         (uint32_t)src[3 * x + 1] << 8 | src[3 * x + 2];
        }
    }
    cairo_surface_mark_dirty(s);
    if (!(fp = fopen(path, "rb")) || fseek(fp, 0, SEEK_END) != 0 ||
        (len = ftell(fp)) <= 0 || fseek(fp, 0, SEEK_SET) != 0 ||
        !(bytes = malloc((size_t)len)) ||
        fread(bytes, 1, (size_t)len, fp) != (size_t)len)
        goto fail;
    if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, bytes,
                                    (unsigned long)len, mime_free,
                                    bytes) != CAIRO_STATUS_SUCCESS)
        goto fail;
    bytes = NULL; /* owned by the surface */
    fclose(fp);
    free(px);
    GDALClose(ds);
    CPLPopErrorHandler();
    return s;
fail:
    if (fp)
        fclose(fp);
    free(bytes);
    free(px);
    if (s)
        cairo_surface_destroy(s);
    GDALClose(ds);
    CPLPopErrorHandler();
    return NULL;
}

static cairo_surface_t *load_photo(const atlas_doc *doc, const char *photo)
{
    char path[4096];
    const char *ext = strrchr(photo, '.');
    cairo_surface_t *s = NULL;

    if (photo[0] == '/' || !doc->o.photo_dir || !*doc->o.photo_dir)
        snprintf(path, sizeof(path), "%s", photo);
    else
        snprintf(path, sizeof(path), "%s/%s", doc->o.photo_dir, photo);
    if (ext && strcasecmp(ext, ".png") == 0) {
        FILE *fp = fopen(path, "rb");
        if (!fp)
            return NULL;
        s = cairo_image_surface_create_from_png_stream(read_fp, fp);
        fclose(fp);
    } else if (ext && (strcasecmp(ext, ".jpg") == 0 ||
                       strcasecmp(ext, ".jpeg") == 0)) {
        s = load_jpeg(path);
    }
    if (s && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        s = NULL;
    }
    return s;
}

static void draw_photo(atlas_ctx *ac, const kz_kahriz *k, double x, double y,
                       double w, double h)
{
    cairo_surface_t *s = load_photo(ac->doc, k->photo);
    cairo_t *cr = ac->cr;
    double iw, ih, sc;

    if (!s) {
        char buf[256];
        ac->photos_missing++;
        kz__log(ac->ctx, KZ_LOG_WARN, "%s: photo \"%s\" cannot be read",
                k->id, k->photo);
        cairo_rectangle(cr, x, y, w, h);
        cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
        cairo_fill(cr);
        kz__atlas_bi(ac->doc, buf, sizeof(buf), "sheet.photo_missing");
        kz__atlas_text(ac, buf, ac->doc->st->font_small, 0, 0, x,
                       y + h / 2 - ac->doc->st->font_small, w, 1, &grey);
        return;
    }
    ac->photos++;
    iw = cairo_image_surface_get_width(s);
    ih = cairo_image_surface_get_height(s);
    sc = fmin(w / iw, h / ih);
    cairo_save(cr);
    cairo_translate(cr, x + (w - iw * sc) / 2, y + (h - ih * sc) / 2);
    cairo_scale(cr, sc, sc);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(s);
}

/* ---------------------------------------------------------- mini map */

typedef struct near_ctx {
    const atlas_doc *doc;
    atlas_ctx *ac;
    const kz_view *v;
    uint32_t self;
} near_ctx;

static int draw_near(void *ud, uint32_t id)
{
    near_ctx *n = ud;
    const kz_kahriz *k = kz_survey_kahriz(n->doc->sv, id);
    const kz_assessment *a = kz_survey_latest(n->doc->sv, id);
    double px, py;
    if (id == n->self || !kz__view_point(n->v, k->lon, k->lat, &px, &py))
        return 0;
    kz__symbol_draw(n->ac->cr, n->doc->st,
                    a && a->condition < KZ_COND_COUNT ? (int)a->condition : 0,
                    px, py, 1.3);
    return 0;
}

/* The page positions of the other kahrizes' outlets, for the scale to
 * keep off them (at most SHEET_NEAR_MAX: beyond that, any corner is
 * crowded alike). */
#define SHEET_NEAR_MAX 256
typedef struct near_pts {
    const atlas_doc *doc;
    const kz_view *v;
    uint32_t self;
    size_t n;
    double x[SHEET_NEAR_MAX], y[SHEET_NEAR_MAX];
} near_pts;

static int collect_near(void *ud, uint32_t id)
{
    near_pts *n = ud;
    const kz_kahriz *k = kz_survey_kahriz(n->doc->sv, id);
    if (id == n->self || n->n >= SHEET_NEAR_MAX ||
        !kz__view_point(n->v, k->lon, k->lat, &n->x[n->n], &n->y[n->n]))
        return 0;
    n->n++;
    return 0;
}

#define SHEET_MUTED 0.4     /* opacity of the other kahrizes */
#define SHEET_OUTLET_R 3.2  /* the subject's outlet symbol, points */
#define SHEET_RING_GAP 1.4  /* from its outline to the ring round it */
#define SHEET_RING_W 1.1    /* the ring's width */

static int boxes_meet(const double *a, const double *b)
{
    return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] &&
           b[1] < a[1] + a[3];
}

/* How much of the subject (points px, py: mother well or shafts, the
 * outlet last) a box x, y, w, h would cover: the outlet with its ring
 * outweighs everything, then the gallery's course. */
static double covered(const double *box, const double *px,
                      const double *py, size_t m)
{
    double score = 0, r = SHEET_OUTLET_R * 1.5 + SHEET_RING_GAP +
                          SHEET_RING_W + 1.5;
    size_t i;
    int j;

    {
        double o[4] = {px[m - 1] - r, py[m - 1] - r, 2 * r, 2 * r};
        if (boxes_meet(box, o))
            score += 1000;
    }
    for (i = 0; i + 1 < m; i++)
        for (j = 0; j <= 16; j++) {
            double t = j / 16.0, qx = px[i] + (px[i + 1] - px[i]) * t,
                   qy = py[i] + (py[i + 1] - py[i]) * t;
            double q[4] = {qx - 2, qy - 2, 4, 4};
            if (boxes_meet(box, q))
                score += 1;
        }
    return score;
}

/* The scale bar len_pt long with its text: the corner of the frame (lower
 * left, lower right, upper left: the north arrow has the upper right)
 * where it covers the least of the subject.  sb: its box (x, y, w, h),
 * the bar's top left, the text's top left. */
static void scale_box(atlas_ctx *ac, const kz_view *v, const char *text,
                      double len_pt, const double *px, const double *py,
                      size_t m, const near_pts *np, double *sb)
{
    double fs = ac->doc->st->font_small * 0.85, tw, th, best = HUGE_VAL;
    int c;

    kz__atlas_measure(ac, text, fs, 0, 0, &tw, &th);
    for (c = 0; c < 3; c++) {
        double bw = fmax(len_pt, tw), b[8];
        double left = c == 1 ? v->x0 + v->w - 3 - bw : v->x0 + 3;
        if (c == 2) { /* bar at the top, its text below it */
            b[4] = left;
            b[5] = v->y0 + 4;
            b[7] = b[5] + 2.4;
            b[1] = v->y0 + 2;
            b[3] = b[7] + th + 1 - b[1];
        } else {
            b[4] = c == 1 ? v->x0 + v->w - 3 - len_pt : left;
            b[5] = v->y0 + v->h - 5;
            b[7] = v->y0 + v->h - 6 - fs * ATLAS_LINE;
            b[1] = fmin(b[7], b[5]) - 1;
            b[3] = v->y0 + v->h - 2 - b[1];
        }
        b[6] = c == 1 ? v->x0 + v->w - 3 - tw : left;
        b[0] = left - 1;
        b[2] = bw + 2;
        {
            double score = covered(b, px, py, m);
            size_t j;
            for (j = 0; j < np->n; j++) {
                double q[4] = {np->x[j] - 3, np->y[j] - 3, 6, 6};
                if (boxes_meet(b, q))
                    score += 3;
            }
            if (score < best) {
                best = score;
                memcpy(sb, b, sizeof(b));
            }
        }
    }
}

/* A light grid of the map's CRS (UTM), step metres apart: distances
 * read off at a glance, and the lines tell which way grid north is. */
static void grid(cairo_t *cr, const kz_style *st, const kz_view *v,
                 double step)
{
    double gx0 = v->cx - v->w / 2 / v->s, gx1 = v->cx + v->w / 2 / v->s,
           gy0 = v->cy - v->h / 2 / v->s, gy1 = v->cy + v->h / 2 / v->s, g;

    if (!(step > 0) || (gx1 - gx0) / step > 40 || (gy1 - gy0) / step > 40)
        return;
    cairo_new_path(cr);
    for (g = ceil(gx0 / step) * step; g <= gx1; g += step) {
        cairo_move_to(cr, kz__vx(v, g), v->y0);
        cairo_line_to(cr, kz__vx(v, g), v->y0 + v->h);
    }
    for (g = ceil(gy0 / step) * step; g <= gy1; g += step) {
        cairo_move_to(cr, v->x0, kz__vy(v, g));
        cairo_line_to(cr, v->x0 + v->w, kz__vy(v, g));
    }
    kz__set_rgb(cr, &st->graticule);
    cairo_set_line_width(cr, st->lw_graticule);
    cairo_stroke(cr);
}

static int ref_in_view(const kz_view *v, const kz_ref_feature *f)
{
    return !(f->maxx < v->lon0 || f->minx > v->lon1 || f->maxy < v->lat0 ||
             f->miny > v->lat1);
}

/* Lakes and rivers of the reference layers in view. */
static int context_lines(atlas_ctx *ac, const kz_view *v)
{
    const kz_basemap *bm = ac->doc->bm;
    const kz_style *st = ac->doc->st;
    GEOSContextHandle_t gh = kz__geos(ac->ctx);
    cairo_t *cr = ac->cr;
    int kinds[2] = {KZ_REF_WATER, KZ_REF_RIVERS}, t;
    size_t i;

    if (!bm)
        return KZ_OK;
    for (t = 0; t < 2; t++)
        for (i = 0; i < bm->n_ref[kinds[t]]; i++) {
            const kz_ref_feature *f = &bm->ref[kinds[t]][i];
            GEOSGeometry *g;
            int empty;
            if (!f->geom || !ref_in_view(v, f))
                continue;
            if (!(g = kz__view_prepare(ac->ctx, v, f->geom, KZ_TOL_PT, 4,
                                       &empty))) {
                if (empty)
                    continue;
                return KZ_EGEOM;
            }
            cairo_new_path(cr);
            kz__path_geom(cr, v, gh, g);
            if (kinds[t] == KZ_REF_WATER) {
                kz__set_rgb(cr, &st->water_fill);
                cairo_fill_preserve(cr);
                kz__set_rgb(cr, &st->water_border);
                cairo_set_line_width(cr, st->lw_water);
            } else {
                kz__set_rgb(cr, &st->river);
                cairo_set_line_width(cr, st->lw_river[f->cls & 3]);
                cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
                cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
            }
            cairo_stroke(cr);
            GEOSGeom_destroy_r(gh, g);
        }
    return KZ_OK;
}

/* The towns and villages of the reference layers in view, drawn as the
 * maps draw them (pass 0: their dots, under the kahrizes) and named
 * (pass 1: beside the dot, clear of the subject (px, py), of the scale
 * box sb and of the north arrow; a name that finds no room is left
 * off). */
static int context_places(atlas_ctx *ac, const kz_view *v, int pass,
                          const double *px, const double *py, size_t m,
                          const double *sb)
{
    const kz_basemap *bm = ac->doc->bm;
    const kz_style *st = ac->doc->st;
    cairo_t *cr = ac->cr;
    double placed[16][4], fs = st->font_small * 0.85;
    size_t i, n_placed = 0;

    if (!bm)
        return KZ_OK;
    if (pass == 1) {
        double r = SHEET_OUTLET_R * 1.5 + SHEET_RING_GAP + SHEET_RING_W;
        placed[n_placed][0] = px[m - 1] - r;
        placed[n_placed][1] = py[m - 1] - r;
        placed[n_placed][2] = placed[n_placed][3] = 2 * r;
        n_placed++;
        placed[n_placed][0] = px[0] - 3;
        placed[n_placed][1] = py[0] - 3;
        placed[n_placed][2] = placed[n_placed][3] = 6;
        n_placed++;
        placed[n_placed][0] = v->x0 + v->w - 12; /* the north arrow */
        placed[n_placed][1] = v->y0;
        placed[n_placed][2] = 12;
        placed[n_placed][3] = 16;
        n_placed++;
        if (sb) {
            memcpy(placed[n_placed], sb, 4 * sizeof(double));
            n_placed++;
        }
    }
    for (i = 0; i < bm->n_ref[KZ_REF_PLACES]; i++) {
        const kz_ref_feature *f = &bm->ref[KZ_REF_PLACES][i];
        double lon, lat, qx, qy, r = st->place_radius[f->cls & 3];
        if (!ref_in_view(v, f))
            continue;
        kz__ref_place_lonlat(f, &lon, &lat);
        if (!kz__view_point(v, lon, lat, &qx, &qy) || qx < v->x0 ||
            qy < v->y0 || qx > v->x0 + v->w || qy > v->y0 + v->h)
            continue;
        if (pass == 0) {
            cairo_new_path(cr);
            cairo_arc(cr, qx, qy, r, 0, 2 * M_PI);
            if ((f->cls & 3) == 0) {
                /* a city: a ring round a dot, as on the maps */
                kz__set_rgb(cr, &st->halo_color);
                cairo_fill_preserve(cr);
                kz__set_rgb(cr, &st->place);
                cairo_set_line_width(cr, r * 0.35);
                cairo_stroke(cr);
                cairo_arc(cr, qx, qy, r * 0.4, 0, 2 * M_PI);
            }
            kz__set_rgb(cr, &st->place);
            cairo_fill(cr);
        } else if (n_placed < 16) {
            char text[256];
            long second;
            double tw, th, cand[4][2];
            int c, j;
            kz__text_bilingual(text, sizeof(text), &second, st, f->name_az,
                               f->name_en, 0);
            if (!*text)
                continue;
            kz__atlas_measure(ac, text, fs, 0, 0, &tw, &th);
            cand[0][0] = qx + r + 1.5;
            cand[0][1] = qy - th / 2;
            cand[1][0] = qx - r - 1.5 - tw;
            cand[1][1] = qy - th / 2;
            cand[2][0] = qx - tw / 2;
            cand[2][1] = qy - r - 1 - th;
            cand[3][0] = qx - tw / 2;
            cand[3][1] = qy + r + 1;
            for (c = 0; c < 4; c++) {
                double b[4] = {cand[c][0], cand[c][1], tw, th};
                int clear = b[0] >= v->x0 + 1 && b[1] >= v->y0 + 1 &&
                            b[0] + tw <= v->x0 + v->w - 1 &&
                            b[1] + th <= v->y0 + v->h - 1;
                for (j = 0; clear && j < (int)n_placed; j++)
                    if (boxes_meet(b, placed[j]))
                        clear = 0;
                if (!clear)
                    continue;
                kz__atlas_text(ac, text, fs, 0, 0, b[0], b[1], 0, 0,
                               &st->place_text);
                memcpy(placed[n_placed++], b, sizeof(b));
                break;
            }
        }
    }
    return KZ_OK;
}

/* The location map of kahriz ki in crs (the district map's UTM zone). */
static int mini_map(atlas_ctx *ac, uint32_t ki, const char *crs, double x,
                    double y, double w, double h)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    const kz_kahriz *k = kz_survey_kahriz(doc->sv, ki);
    const kz_assessment *a = kz_survey_latest(doc->sv, ki);
    GEOSContextHandle_t gh = kz__geos(ac->ctx);
    cairo_t *cr = ac->cr;
    kz_view v;
    char buf[64];
    size_t n = k->n_shafts + 2, m = 0, i, nd = kz_survey_district_count(doc->sv);
    double *px = NULL, *py = NULL, env[4] = {HUGE_VAL, HUGE_VAL, -HUGE_VAL,
                                             -HUGE_VAL};
    double bx[8], by[8], ew, eh, mpp = 0, km, sb[8];
    near_pts *np = NULL; /* the other outlets, for the scale's corner */
    int head = isfinite(k->head_lon) && isfinite(k->head_lat), rc;

    if (!gh)
        return KZ_ENOMEM;
    memset(&v, 0, sizeof(v));
    if ((rc = kz__geo_transform(&v.fwd, ac->ctx, KZ_CRS_WGS84, crs)) < 0)
        return rc;
    v.ctx = ac->ctx;
    if (!(px = kz__mallocarray(ac->ctx, n, sizeof(double))) ||
        !(py = kz__mallocarray(ac->ctx, n, sizeof(double)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    if (head) {
        px[m] = k->head_lon;
        py[m++] = k->head_lat;
    }
    for (i = 0; i < k->n_shafts; i++) {
        const kz_shaft *s = kz_survey_shaft(doc->sv, k->first_shaft + i);
        px[m] = s->lon;
        py[m++] = s->lat;
    }
    px[m] = k->lon;
    py[m++] = k->lat;
    if ((rc = kz__geo_apply(ac->ctx, v.fwd, px, py, m, PJ_FWD)) < 0)
        goto done;
    for (i = 0; i < m; i++) {
        if (!isfinite(px[i]) || px[i] == HUGE_VAL)
            continue;
        env[0] = fmin(env[0], px[i]);
        env[1] = fmin(env[1], py[i]);
        env[2] = fmax(env[2], px[i]);
        env[3] = fmax(env[3], py[i]);
    }
    if (!(env[0] <= env[2])) {
        rc = kz__error(ac->ctx, KZ_EPROJ, NULL, 0, NULL,
                       "%s: the outlet cannot be projected to %s", k->id,
                       crs);
        goto done;
    }
    /* at least 2.5 km across, so that an outlet alone shows its setting
     * and the villages around it */
    ew = fmax((env[2] - env[0]) * 1.25, 2500);
    eh = fmax((env[3] - env[1]) * 1.25, 2500);
    v.x0 = x;
    v.y0 = y;
    v.w = w;
    v.h = h;
    v.s = fmin(w / ew, h / eh);
    v.cx = (env[0] + env[2]) / 2;
    v.cy = (env[1] + env[3]) / 2;
    for (i = 0; i < 8; i++) {
        double fx = i == 0 || i == 6 || i == 7 ? 0 : i == 1 || i == 5 ? 0.5 : 1;
        double fy = i < 3 ? 0 : i == 3 || i == 7 ? 0.5 : 1;
        bx[i] = v.cx + (fx - 0.5) * w / v.s;
        by[i] = v.cy - (fy - 0.5) * h / v.s;
    }
    if ((rc = kz__geo_apply(ac->ctx, v.fwd, bx, by, 8, PJ_INV)) < 0)
        goto done;
    v.lon0 = v.lat0 = HUGE_VAL;
    v.lon1 = v.lat1 = -HUGE_VAL;
    for (i = 0; i < 8; i++) {
        v.lon0 = fmin(v.lon0, bx[i]);
        v.lat0 = fmin(v.lat0, by[i]);
        v.lon1 = fmax(v.lon1, bx[i]);
        v.lat1 = fmax(v.lat1, by[i]);
    }
    v.deg_per_pt = (v.lat1 - v.lat0) / h;
    {
        /* the location map is placed on the ground like the others */
        kz_map_result at;
        kz_georef g;
        memset(&at, 0, sizeof(at));
        snprintf(at.crs, sizeof(at.crs), "%s", crs);
        kz__view_georef(&v, cr, at.frame, at.ground);
        kz__georef_from_map(&g, &at, 0);
        if ((rc = kz__georefs_add(ac->ctx, &ac->geo, &g)) < 0)
            goto done;
    }

    /* the subject's points on the page, and the scale's step, before
     * anything is drawn: the scale goes to the corner clear of them */
    for (i = 0; i < m; i++) {
        px[i] = kz__vx(&v, px[i]);
        py[i] = kz__vy(&v, py[i]);
    }
    km = 0;
    if (kz__view_ground_m_per_pt(&mpp, &v) == KZ_OK && mpp > 0)
        km = kz__scalebar_choose(w * 0.4 * mpp / 1000);
    if (km > 0) {
        kz__atlas_num(buf, sizeof(buf), km >= 1 ? km : km * 1000, 0, "az");
        strncat(buf, km >= 1 ? " km" : " m", sizeof(buf) - strlen(buf) - 1);
        if (!(np = kz__calloc(ac->ctx, 1, sizeof(*np)))) {
            rc = KZ_ENOMEM;
            goto done;
        }
        np->doc = doc;
        np->v = &v;
        np->self = ki;
        if ((rc = kz_rtree_search(ac->ctx, doc->index, v.lon0, v.lat0,
                                  v.lon1, v.lat1, collect_near, np)) < 0)
            goto done;
        scale_box(ac, &v, buf, km * 1000 / mpp, px, py, m, np, sb);
    }

    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    kz__set_rgb(cr, &st->neighbour);
    cairo_paint(cr);
    for (i = 0; i < nd && doc->sv->district_geoms; i++) {
        const kz_district *d = kz_survey_district(doc->sv, i);
        GEOSGeometry *g;
        int empty;
        if (d->maxx < v.lon0 || d->minx > v.lon1 || d->maxy < v.lat0 ||
            d->miny > v.lat1 || !doc->sv->district_geoms[i])
            continue;
        g = kz__view_prepare(ac->ctx, &v, doc->sv->district_geoms[i],
                             KZ_TOL_PT, 4, &empty);
        if (!g) {
            if (empty)
                continue;
            rc = KZ_EGEOM;
            cairo_restore(cr);
            goto done;
        }
        cairo_new_path(cr);
        kz__path_geom(cr, &v, gh, g);
        kz__set_rgb(cr, (int32_t)i == k->district ? &st->highlight
                                                  : &st->land);
        cairo_fill_preserve(cr);
        kz__set_rgb(cr, &st->district_border);
        cairo_set_line_width(cr, st->lw_district);
        cairo_stroke(cr);
        GEOSGeom_destroy_r(gh, g);
    }
    if (km > 0)
        grid(cr, st, &v, km * 1000);
    if ((rc = context_lines(ac, &v)) < 0) {
        cairo_restore(cr);
        goto done;
    }
    if ((rc = context_places(ac, &v, 0, px, py, m, NULL)) < 0) {
        cairo_restore(cr);
        goto done;
    }
    {
        /* the other kahrizes around, muted: their classes still read,
         * the subject stands out */
        near_ctx nc = {doc, ac, &v, ki};
        cairo_push_group(cr);
        rc = kz_rtree_search(ac->ctx, doc->index, v.lon0, v.lat0, v.lon1,
                             v.lat1, draw_near, &nc);
        cairo_pop_group_to_source(cr);
        cairo_paint_with_alpha(cr, SHEET_MUTED);
        if (rc < 0) {
            cairo_restore(cr);
            goto done;
        }
    }
    /* the gallery from the mother well through the shafts to the outlet,
     * on a paper casing that lifts it off what lies below */
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_new_path(cr);
    for (i = 0; i < m; i++)
        cairo_line_to(cr, px[i], py[i]);
    kz__set_rgb(cr, &st->paper);
    cairo_set_line_width(cr, st->lw_gallery * 1.6 + 2.4);
    cairo_stroke_preserve(cr);
    kz__set_rgb(cr, &st->gallery);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    if (head && k->n_shafts == 0) {
        /* only its ends are known: schematic, as on the maps */
        double dash[2] = {st->dash_gallery_schematic[0] * 1.6,
                          st->dash_gallery_schematic[1] * 1.6};
        cairo_set_line_width(cr, st->lw_gallery_schematic * 1.6);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    } else {
        cairo_set_line_width(cr, st->lw_gallery * 1.6);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
    for (i = head ? 1 : 0; i + 1 < m; i++) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, px[i], py[i], st->shaft_radius * 1.4, 0, 2 * M_PI);
    }
    kz__set_rgb(cr, &st->paper);
    cairo_fill_preserve(cr);
    kz__set_rgb(cr, &st->shaft);
    cairo_set_line_width(cr, st->lw_shaft);
    cairo_stroke(cr);
    if (head)
        kz__symbol_mother_well(cr, st, px[0], py[0], 1.5);
    {
        /* the outlet in a ring of the highlight's colour */
        int cond = a && a->condition < KZ_COND_COUNT ? (int)a->condition : 0;
        double outer, inner;
        kz__symbol_extent(st, cond, SHEET_OUTLET_R, &outer, &inner);
        cairo_new_path(cr);
        cairo_arc(cr, px[m - 1], py[m - 1], outer + SHEET_RING_GAP, 0,
                  2 * M_PI);
        kz__set_rgb(cr, &st->paper);
        cairo_set_line_width(cr, SHEET_RING_W + 1.2);
        cairo_stroke_preserve(cr);
        kz__set_rgb(cr, &st->highlight_border);
        cairo_set_line_width(cr, SHEET_RING_W);
        cairo_stroke(cr);
        kz__symbol_draw(cr, st, cond, px[m - 1], py[m - 1], SHEET_OUTLET_R);
    }
    if ((rc = context_places(ac, &v, 1, px, py, m, km > 0 ? sb : NULL)) < 0) {
        cairo_restore(cr);
        goto done;
    }
    cairo_restore(cr);

    /* scale bar in the corner chosen, and the north arrow */
    if (km > 0) {
        cairo_rectangle(cr, sb[4], sb[5], km * 1000 / mpp, 1.6);
        kz__set_rgb(cr, &st->frame);
        cairo_fill(cr);
        kz__atlas_text(ac, buf, st->font_small * 0.85, 0, 0, sb[6], sb[7],
                       0, 0, NULL);
    }
    {
        double deg = 0, ax = x + w - 7, ay = y + 9;
        kz__view_north_deg(&deg, &v);
        cairo_save(cr);
        cairo_translate(cr, ax, ay);
        cairo_rotate(cr, deg * M_PI / 180);
        cairo_move_to(cr, 0, -6);
        cairo_line_to(cr, 2.5, 3);
        cairo_line_to(cr, 0, 1.5);
        cairo_line_to(cr, -2.5, 3);
        cairo_close_path(cr);
        kz__set_rgb(cr, &st->frame);
        cairo_fill(cr);
        cairo_restore(cr);
    }
    cairo_rectangle(cr, x, y, w, h);
    kz__set_rgb(cr, &st->frame);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    rc = KZ_OK;
done:
    kz__free(ac->ctx, np);
    kz__free(ac->ctx, px);
    kz__free(ac->ctx, py);
    return rc;
}

/* -------------------------------------------------------------- card */

/* One attribute row: the label at the left, the value at the right.  When
 * the value's first line fits beside the label, the value's further lines
 * (coordinates: degrees, then UTM) follow below it, right-aligned; when
 * not, the label takes its own line and the value follows, right-aligned
 * and wrapped between words: nothing is cut. */
static double attr(atlas_ctx *ac, double x, double y, double w,
                   const char *key, const char *value)
{
    const kz_style *st = ac->doc->st;
    char label[256];
    double size = st->font_small, gap = size * 0.6, lw, lh, vw, vh, h, first;
    PangoLayout *l, *v;
    PangoRectangle ext;

    kz__atlas_bi(ac->doc, label, sizeof(label), key);
    l = kz__text_layout(&ac->txt, label, size, 0, 0, -1, 0);
    v = kz__text_layout(&ac->txt, value, size, 1, 0, -1, 0);
    kz__text_size(l, &lw, &lh);
    kz__text_size(v, &vw, &vh);
    pango_layout_line_get_extents(pango_layout_get_line_readonly(v, 0),
                                  NULL, &ext);
    first = (double)ext.width / PANGO_SCALE;
    if (lw + gap + first <= w && vw <= w) {
        kz__glyphs_add(ac->gl, ac->cr, l, x, y, &grey);
        pango_layout_set_width(v, (int)(w * PANGO_SCALE));
        pango_layout_set_alignment(v, PANGO_ALIGN_RIGHT);
        kz__glyphs_add(ac->gl, ac->cr, v, x, y, &st->text);
        h = fmax(lh, vh);
    } else {
        pango_layout_set_width(l, (int)(w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        kz__text_size(l, &lw, &lh);
        kz__glyphs_add(ac->gl, ac->cr, l, x, y, &grey);
        pango_layout_set_width(v, (int)(w * PANGO_SCALE));
        pango_layout_set_wrap(v, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(v, PANGO_ALIGN_RIGHT);
        kz__text_size(v, &vw, &vh);
        kz__glyphs_add(ac->gl, ac->cr, v, x, y + lh, &st->text);
        h = lh + vh;
    }
    g_object_unref(l);
    g_object_unref(v);
    return h;
}

/* A point as a reader takes it down: WGS84 degrees to 5 decimals (about
 * 1 m) and UTM metres in the zone crs ("EPSG:326zz", the district map's),
 * "38.94512° N, 45.61234° E\nUTM 38N 612345 E 4312345 N".  Rounded by
 * the one rule of every printed number. */
static int coords_text(atlas_ctx *ac, char *buf, size_t cap,
                       const char *crs, double lon, double lat)
{
    char a[48], b[48], e[48], n[48];
    double x = lon, y = lat;
    PJ *op;
    int epsg = 0, rc;

    kz__number_fixed(a, sizeof(a), fabs(lat), 5);
    kz__number_fixed(b, sizeof(b), fabs(lon), 5);
    if ((rc = kz__geo_transform(&op, ac->ctx, KZ_CRS_WGS84, crs)) < 0 ||
        (rc = kz__geo_apply(ac->ctx, op, &x, &y, 1, PJ_FWD)) < 0)
        return rc;
    if (sscanf(crs, "EPSG:%d", &epsg) != 1 || epsg / 100 < 326 ||
        epsg / 100 > 327 || !isfinite(x) || !isfinite(y) || x == HUGE_VAL)
        return kz__error(ac->ctx, KZ_EPROJ, NULL, 0, NULL,
                         "lon %.6f, lat %.6f cannot be given in %s", lon,
                         lat, crs);
    kz__number_fixed(e, sizeof(e), x, 0);
    kz__number_fixed(n, sizeof(n), y, 0);
    kz__text_printf(buf, cap, "%s° %s, %s° %s\nUTM %d%s %s E %s N", a,
                    lat < 0 ? "S" : "N", b, lon < 0 ? "W" : "E", epsg % 100,
                    epsg / 100 == 327 ? "S" : "N", e, n);
    return KZ_OK;
}

/* A measured value with its unit in both languages' number formats
 * ("6,8 l/san / 6.8 l/s"); "–" when not measured. */
static void value_bi(const atlas_doc *doc, char *buf, size_t cap, double x,
                     int decimals, const char *unit_key, const char *unit)
{
    char az[96], en[96], naz[64], nen[64];
    long second;

    if (!isfinite(x)) {
        kz__text_printf(buf, cap, "–");
        return;
    }
    kz__atlas_num(naz, sizeof(naz), x, decimals, "az");
    kz__atlas_num(nen, sizeof(nen), x, decimals, "en");
    kz__text_printf(az, sizeof(az), "%s %s", naz,
                    unit_key ? kz__atlas_t(doc, unit_key, "az") : unit);
    kz__text_printf(en, sizeof(en), "%s %s", nen,
                    unit_key ? kz__atlas_t(doc, unit_key, "en") : unit);
    kz__text_bilingual(buf, cap, &second, doc->st, az, en, 0);
}

static int card(atlas_ctx *ac, uint32_t ki, double x, double y, double w,
                double h)
{
    const atlas_doc *doc = ac->doc;
    const kz_style *st = doc->st;
    const kz_kahriz *k = kz_survey_kahriz(doc->sv, ki);
    const kz_assessment *a = kz_survey_latest(doc->sv, ki);
    double pad = st->font_small * 0.8, size = st->font_small, hh, mw, mh,
           ax, aw, ay, pw = 0, cy;
    char buf[512], v[256], t[64], name[ATLAS_NAME_CHARS * 4 + 4], crs[32];
    char naz[ATLAS_NOTE_CHARS * 4 + 4], nen[ATLAS_NOTE_CHARS * 4 + 4];
    long second;
    int rc;

    cairo_rectangle(ac->cr, x, y, w, h);
    cairo_set_source_rgb(ac->cr, 0.55, 0.5, 0.44);
    cairo_set_line_width(ac->cr, 0.5);
    cairo_stroke(ac->cr);
    /* header: id, names */
    kz__atlas_text(ac, k->id, size, 1, 0, x + pad, y + pad, w - 2 * pad, 2,
                   &grey);
    kz__text_fit(name, sizeof(name), k->name_az, ATLAS_NAME_CHARS);
    hh = kz__atlas_text(ac, name, size * 1.45, 1, 0, x + pad, y + pad,
                        w * 0.75, 0, NULL);
    if (strcmp(k->name_az, k->name_en) != 0) {
        kz__text_fit(name, sizeof(name), k->name_en, ATLAS_NAME_CHARS);
        hh += kz__atlas_text(ac, name, size * 1.2, 0, st->second_italic,
                             x + pad, y + pad + hh, w * 0.75, 0, &grey);
    }
    hh += pad * 1.6;

    /* top: map beside the attributes; bottom: the chart and the photo */
    mw = (w - 3 * pad) * 0.42; /* the attributes take the wider part */
    mh = (h - hh - pad) * 0.6;
    /* the map and the coordinates in the zone of the district's map, so
     * that the sheet and the map read alike */
    kz__geo_utm_for_geom(crs, sizeof(crs), ac->ctx,
                         k->district >= 0 && doc->sv->district_geoms
                             ? doc->sv->district_geoms[k->district]
                             : NULL,
                         k->lon, k->lat);
    if ((rc = mini_map(ac, ki, crs, x + pad, y + hh, mw, mh)) < 0)
        return rc;
    if (k->photo && *k->photo) {
        pw = (w - 3 * pad) * 0.4;
        draw_photo(ac, k, x + w - pad - pw, y + hh + mh + pad, pw,
                   h - hh - mh - 2 * pad);
    }
    ax = x + 2 * pad + mw;
    aw = w - 3 * pad - mw;
    ay = y + hh;
    if (k->district >= 0) {
        const kz_district *d = kz_survey_district(doc->sv,
                                                  (size_t)k->district);
        kz__text_bilingual(v, sizeof(v), &second, st, d->name_az, d->name_en,
                           0);
    } else {
        kz__text_printf(v, sizeof(v), "–");
    }
    ay += attr(ac, ax, ay, aw, "sheet.district", v);
    /* village names wrap rather than being cut; only a name longer than
     * any place name is shortened */
    kz__text_fit(naz, sizeof(naz), k->village_az, ATLAS_NAME_CHARS);
    kz__text_fit(nen, sizeof(nen), k->village_en, ATLAS_NAME_CHARS);
    kz__text_bilingual(v, sizeof(v), &second, st, naz, nen, 0);
    ay += attr(ac, ax, ay, aw, "sheet.village", *v ? v : "–");
    if ((rc = coords_text(ac, v, sizeof(v), crs, k->lon, k->lat)) < 0)
        return rc;
    ay += attr(ac, ax, ay, aw, "sheet.outlet", v);
    if (isfinite(k->head_lon) && isfinite(k->head_lat)) {
        if ((rc = coords_text(ac, v, sizeof(v), crs, k->head_lon,
                              k->head_lat)) < 0)
            return rc;
        ay += attr(ac, ax, ay, aw, "sheet.mother_well", v);
    }
    {
        /* elevations as surveyed, else from the DEM and marked so */
        static const char *const keys[2] = {"sheet.elevation",
                                            "sheet.head_elevation"};
        double z[2] = {k->elevation_m, k->head_elevation_m};
        int i;
        for (i = 0; i < 2; i++) {
            int dem = 0;
            if (isnan(z[i]) && doc->dem_elev) {
                z[i] = doc->dem_elev[2 * (size_t)ki + (size_t)i];
                dem = 1;
            }
            if (isnan(z[i]))
                continue;
            value_bi(doc, v, sizeof(v), z[i], 0, NULL, "m");
            if (dem)
                kz__text_printf(v + strlen(v), sizeof(v) - strlen(v),
                                " (DEM)");
            ay += attr(ac, ax, ay, aw, keys[i], v);
        }
    }
    value_bi(doc, v, sizeof(v), k->length_m, 0, NULL, "m");
    ay += attr(ac, ax, ay, aw, "sheet.length", v);
    if (k->shafts >= 0)
        kz__atlas_num(v, sizeof(v), k->shafts, 0, "az");
    else
        kz__text_printf(v, sizeof(v), "–");
    ay += attr(ac, ax, ay, aw, "sheet.shafts", v);
    value_bi(doc, v, sizeof(v), k->mother_well_depth_m, 1, NULL, "m");
    ay += attr(ac, ax, ay, aw, "sheet.depth", v);
    if (k->year_built > 0)
        kz__text_printf(v, sizeof(v), "%d", (int)k->year_built);
    else
        kz__text_printf(v, sizeof(v), "–");
    ay += attr(ac, ax, ay, aw, "sheet.built", v);
    if (a)
        kz__text_printf(v, sizeof(v), "%04d-%02d-%02d", (int)(a->date / 10000),
                 (int)(a->date / 100 % 100), (int)(a->date % 100));
    else
        kz__text_printf(v, sizeof(v), "–");
    ay += attr(ac, ax, ay, aw, "sheet.assessed", v);
    value_bi(doc, v, sizeof(v), a ? a->discharge_l_s : NAN, 1, "unit.l_s",
             NULL);
    ay += attr(ac, ax, ay, aw, "sheet.discharge", v);
    kz__atlas_class(doc, v, sizeof(v), "condition",
                    a && *kz_condition_name(a->condition)
                        ? kz_condition_name(a->condition)
                        : "unassessed",
                    0);
    ay += attr(ac, ax, ay, aw, "sheet.condition", v);
    kz__atlas_class(doc, v, sizeof(v), "drinkable",
                    a ? kz_drinkable_name(a->drinkable) : "", 0);
    ay += attr(ac, ax, ay, aw, "sheet.drinkable", v);
    if (a && a->households_served >= 0) {
        char hen[64];
        kz__atlas_num(t, sizeof(t), a->households_served, 0, "az");
        kz__atlas_num(hen, sizeof(hen), a->households_served, 0, "en");
        kz__text_bilingual(v, sizeof(v), &second, st, t, hen, 0);
    } else {
        kz__text_printf(v, sizeof(v), "–");
    }
    ay += attr(ac, ax, ay, aw, "sheet.households", v);
    kz__atlas_class(doc, v, sizeof(v), "rehab",
                    a ? kz_rehab_name(a->rehab_status) : "", 0);
    if (a && a->rehab_status == KZ_REHAB_DONE && a->rehab_year > 0) {
        size_t l = strlen(v);
        kz__text_printf(v + l, sizeof(v) - l, " %d", (int)a->rehab_year);
    }
    ay += attr(ac, ax, ay, aw, "sheet.rehab", v);
    if (a && ((a->notes_az && *a->notes_az) ||
              (a->notes_en && *a->notes_en))) {
        /* a note in one language says so in the other's place */
        if (a->notes_az && *a->notes_az)
            kz__text_fit(naz, sizeof(naz), a->notes_az, ATLAS_NOTE_CHARS);
        else
            kz__text_printf(naz, sizeof(naz), "%s",
                            kz__atlas_t(doc, "sheet.note_en_only", "az"));
        if (a->notes_en && *a->notes_en)
            kz__text_fit(nen, sizeof(nen), a->notes_en, ATLAS_NOTE_CHARS);
        else
            kz__text_printf(nen, sizeof(nen), "%s",
                            kz__atlas_t(doc, "sheet.note_az_only", "en"));
        kz__text_bilingual(buf, sizeof(buf), &second, st, naz, nen, 0);
        ay += pad * 0.4;
        ay += kz__atlas_text(ac, buf, size * 0.9, 0, 1, ax, ay, aw, 0,
                             &grey);
    }
    cy = fmax(ay, y + hh + mh) + pad;
    /* the chart of discharge by year, headed by its axis label, when
     * there is room for an axis; a plot lower than that tells nothing */
    if (y + h - pad - cy >= size * ATLAS_LINE * 4.5)
        kz__atlas_chart_history(ac, ki, x + pad, cy,
                                w - (pw > 0 ? 3 : 2) * pad - pw,
                                y + h - pad - cy);
    return KZ_OK;
}

int kz__atlas_draw_sheets(atlas_ctx *ac, const atlas_page *pg)
{
    size_t i;
    int rc;
    for (i = 0; i < pg->n; i++) {
        double x, y, w, h;
        kz__atlas_card_box(ac->doc, i, &x, &y, &w, &h);
        if ((rc = card(ac, ac->doc->sheet_order[pg->first + i], x, y, w, h)) <
            0)
            return rc;
    }
    return KZ_OK;
}
