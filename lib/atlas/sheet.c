/*
 * sheet.c - the kahriz sheets: compact cards, several to a page, each with
 * a large-scale location map (the gallery, shafts and mother well when
 * known, neighbouring outlets, district boundaries), the attributes of the
 * latest assessment, a chart of discharge over the years and the photo.
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
    double bx[8], by[8], ew, eh, mpp, km;
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
    /* at least 1.5 km across, so that an outlet alone shows its setting */
    ew = fmax((env[2] - env[0]) * 1.25, 1500);
    eh = fmax((env[3] - env[1]) * 1.25, 1500);
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
    {
        near_ctx nc = {doc, ac, &v, ki};
        if ((rc = kz_rtree_search(ac->ctx, doc->index, v.lon0, v.lat0,
                                  v.lon1, v.lat1, draw_near, &nc)) < 0) {
            cairo_restore(cr);
            goto done;
        }
    }
    /* the gallery from the mother well through the shafts to the outlet */
    cairo_new_path(cr);
    for (i = 0; i < m; i++) {
        px[i] = kz__vx(&v, px[i]);
        py[i] = kz__vy(&v, py[i]);
        cairo_line_to(cr, px[i], py[i]);
    }
    kz__set_rgb(cr, &st->gallery);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
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
    for (i = head ? 1 : 0; i + 1 < m; i++) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, px[i], py[i], st->shaft_radius * 1.4, 0, 2 * M_PI);
    }
    kz__set_rgb(cr, &st->paper);
    cairo_fill_preserve(cr);
    kz__set_rgb(cr, &st->shaft);
    cairo_set_line_width(cr, st->lw_shaft);
    cairo_stroke(cr);
    if (head) {
        cairo_arc(cr, px[0], py[0], st->shaft_radius * 2.4, 0, 2 * M_PI);
        kz__set_rgb(cr, &st->shaft);
        cairo_fill(cr);
    }
    kz__symbol_draw(cr, st,
                    a && a->condition < KZ_COND_COUNT ? (int)a->condition : 0,
                    px[m - 1], py[m - 1], 3.2);
    cairo_restore(cr);

    /* scale bar and north arrow */
    if (kz__view_ground_m_per_pt(&mpp, &v) == KZ_OK && mpp > 0) {
        double len_pt;
        km = kz__scalebar_choose(w * 0.4 * mpp / 1000);
        len_pt = km * 1000 / mpp;
        /* 1-2-5 steps: whole kilometres, or whole metres below one */
        kz__atlas_num(buf, sizeof(buf), km >= 1 ? km : km * 1000, 0, "az");
        strncat(buf, km >= 1 ? " km" : " m", sizeof(buf) - strlen(buf) - 1);
        cairo_rectangle(cr, x + 3, y + h - 5, len_pt, 1.6);
        kz__set_rgb(cr, &st->frame);
        cairo_fill(cr);
        kz__atlas_text(ac, buf, st->font_small * 0.85, 0, 0, x + 3,
                       y + h - 6 - st->font_small * ATLAS_LINE, 0, 0, NULL);
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
        kz__text_fit(naz, sizeof(naz), a->notes_az, ATLAS_NOTE_CHARS);
        kz__text_fit(nen, sizeof(nen), a->notes_en, ATLAS_NOTE_CHARS);
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
