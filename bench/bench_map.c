/*
 * bench_map.c - time to render one district page as a PDF, and its size.
 * Usage: bench_map [DATA_DIR [SURVEY_DIR]]: districts, neighbours and sea
 * from DATA_DIR (default: the bundled data), kahrizes, assessments and
 * shafts from SURVEY_DIR (default DATA_DIR/survey), e.g. a synthetic survey
 * from gen-survey.  Every district is rendered once after one warm-up
 * page; the survey's outlets are indexed once, as an atlas would.  Fonts:
 * Kahriz Sans from the build tree, as the CLI embeds them.
 */
#include "kahriz.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

static cairo_status_t count_bytes(void *closure, const unsigned char *data,
                                  unsigned int len)
{
    (void)data;
    *(size_t *)closure += len;
    return CAIRO_STATUS_SUCCESS;
}

static int cmp_z(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* One page to a counting stream; returns bytes or 0 on failure. */
static size_t page(kz_ctx *ctx, const kz_survey *sv, const kz_basemap *bm,
                   const kz_style *st, kz_map_options *o)
{
    double w, h;
    size_t bytes = 0;
    cairo_surface_t *s;
    cairo_t *cr;
    int rc;

    kz_style_page_size(st, &w, &h);
    s = cairo_pdf_surface_create_for_stream(count_bytes, &bytes, w, h);
    cr = cairo_create(s);
    o->frame_x = o->frame_y = 34;
    o->frame_w = w - 68;
    o->frame_h = h - 100;
    rc = kz_map_render(NULL, ctx, cr, sv, bm, st, o);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", o->code, kz_ctx_error(ctx)->message);
        return 0;
    }
    return bytes;
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : KZ_SOURCE_DIR "/data";
    char sdir[4096], k[4200], a[4200], s[4200], d[4200], nb[4200], sea[4200];
    kz_ctx *ctx = NULL;
    kz_survey *sv = NULL;
    kz_style *st = NULL;
    kz_basemap *bm = NULL;
    kz_rtree *tree = NULL;
    kz_sources src = KZ_SOURCES_INIT;
    double *xy = NULL, *ms = NULL, t;
    size_t *bytes = NULL, n, i, nd;
    int rc = 1;

    snprintf(sdir, sizeof(sdir), "%s", argc > 2 ? argv[2] : "");
    if (!sdir[0])
        snprintf(sdir, sizeof(sdir), "%s/survey", data);
    snprintf(k, sizeof(k), "%s/kahrizes.csv", sdir);
    snprintf(a, sizeof(a), "%s/assessments.csv", sdir);
    snprintf(s, sizeof(s), "%s/shafts.csv", sdir);
    snprintf(d, sizeof(d), "%s/districts.geojson", data);
    snprintf(nb, sizeof(nb), "%s/neighbours.geojson", data);
    snprintf(sea, sizeof(sea), "%s/sea.geojson", data);
    src.kahrizes = k;
    src.assessments = a;
    src.shafts = s;
    src.districts = d;
    if (kz_ctx_create(&ctx, NULL) < 0)
        return 1;
    t = bench_now_ms();
    if (kz_survey_load(&sv, ctx, &src, NULL) < 0 && !sv)
        goto fail;
    fprintf(stderr, "survey: %zu kahrizes, %zu shafts, %.0f ms to load\n",
            kz_survey_kahriz_count(sv), kz_survey_shaft_count(sv),
            bench_now_ms() - t);
    /* the fonts the CLI embeds (Kahriz Sans), as the product does */
    if (kz_fonts_add_dir(ctx, KZ_FONT_DIR) < 0)
        goto fail;
    if (kz_style_load(&st, ctx, KZ_SOURCE_DIR "/styles/default.json") < 0 ||
        kz_basemap_load(&bm, ctx, nb, sea) < 0)
        goto fail;
    n = kz_survey_kahriz_count(sv);
    if (!(xy = malloc((n ? n : 1) * 2 * sizeof(double))))
        goto fail;
    for (i = 0; i < n; i++) {
        xy[2 * i] = kz_survey_kahriz(sv, i)->lon;
        xy[2 * i + 1] = kz_survey_kahriz(sv, i)->lat;
    }
    if (kz_rtree_build_points(&tree, ctx, xy, n, NULL) < 0)
        goto fail;
    nd = kz_survey_district_count(sv);
    ms = calloc(nd + 1, sizeof(double));
    bytes = calloc(nd + 1, sizeof(size_t));
    for (i = 0; i <= nd; i++) {
        kz_map_options o = KZ_MAP_OPTIONS_INIT;
        size_t di = i == 0 ? 0 : i - 1; /* page 0 warms caches up */
        o.kind = KZ_MAP_DISTRICT;
        o.code = kz_survey_district(sv, di)->code;
        o.index = tree;
        t = bench_now_ms();
        if (!(bytes[i] = page(ctx, sv, bm, st, &o)))
            goto fail;
        ms[i] = bench_now_ms() - t;
    }
    qsort(ms + 1, nd, sizeof(double), bench_cmp_double);
    qsort(bytes + 1, nd, sizeof(size_t), cmp_z);
    printf("district pages: %zu\n", nd);
    printf("ms per page:    median %.1f  p90 %.1f  max %.1f\n",
           ms[1 + nd / 2], ms[1 + nd * 9 / 10], ms[nd]);
    printf("PDF bytes:      median %zu  p90 %zu  max %zu\n",
           bytes[1 + nd / 2], bytes[1 + nd * 9 / 10], bytes[nd]);
    rc = 0;
fail:
    if (rc)
        fprintf(stderr, "bench_map: %s\n", kz_ctx_error(ctx)->message);
    free(xy);
    free(ms);
    free(bytes);
    kz_rtree_destroy(tree);
    kz_basemap_destroy(bm);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
    kz_ctx_destroy(ctx);
    return rc;
}
