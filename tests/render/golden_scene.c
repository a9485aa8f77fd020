/*
 * golden_scene.c - the golden scenes: one district with a cluster of
 * labelled outlets (every Azerbaijani letter), drawn with the default style
 * and with each condition given another symbol shape and fill, so every
 * shape and fill the styles can name is drawn.
 */
#include "golden_scene.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KAHRIZ_HEADER                                                         \
    "id,name_az,name_en,district,village_az,village_en,x,y,crs,head_x,"       \
    "head_y,length_m,shafts,mother_well_depth_m,year_built,owner,photo\n"
#define ASSESSMENT_HEADER                                                     \
    "kahriz_id,date,discharge_l_s,condition,drinkable,households_served,"     \
    "shafts_open,shafts_collapsed,rehab_status,rehab_year,notes_az,"          \
    "notes_en,assessor\n"

const kz_golden_scene kz_golden_scenes[] = {
    {"render-district", "a district, default style, a labelled cluster"},
    {"render-shapes", "every symbol shape and fill, one per condition"},
    {NULL, NULL}};

static int write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    int ok;
    if (!fp)
        return 0;
    ok = fputs(text, fp) >= 0;
    return fclose(fp) == 0 && ok;
}

/* One square district "AZ-TST" (45.4-45.6 E, 39.4-39.6 N), 30 kahrizes:
 * 8 within ~300 m of 45.5/39.5, the rest on a grid; conditions cycle
 * good, fair, poor, dry (no water: 0 l/s), collapsed, and every sixth is
 * unassessed. */
static kz_survey *make_survey(kz_ctx *ctx, const char *dir)
{
    static const char *const names[] = {
        "Əliağa", "Şıxlı", "Göyçə", "İçəri", "Ümüd", "Çölqışlaq",
        "Ağbulaq", "Qızılca", "Böyükşor", "Xoşbəxt"};
    static const char *const cond[] = {"good", "fair", "poor", "dry",
                                       "collapsed"};
    char kpath[700], apath[700], dpath[700], line[512];
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    FILE *k, *a;
    int i;
    const int n = 30, dense = 8;

    snprintf(kpath, sizeof(kpath), "%s/kahrizes.csv", dir);
    snprintf(apath, sizeof(apath), "%s/assessments.csv", dir);
    snprintf(dpath, sizeof(dpath), "%s/districts.geojson", dir);
    if (!write_text(
            dpath,
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
            "\"Feature\",\"properties\":{\"code\":\"AZ-TST\",\"name_az\":"
            "\"Sınaq\",\"name_en\":\"Sinag\",\"name_alt\":\"\",\"type\":"
            "\"district\",\"region_code\":\"TEST\",\"region_az\":\"Sınaq"
            "\",\"region_en\":\"Sinag\"},\"geometry\":{\"type\":"
            "\"Polygon\",\"coordinates\":[[[45.4,39.4],[45.6,39.4],[45.6,"
            "39.6],[45.4,39.6],[45.4,39.4]]]}}]}"))
        return NULL;
    k = fopen(kpath, "wb");
    a = fopen(apath, "wb");
    if (!k || !a) {
        if (k)
            fclose(k);
        if (a)
            fclose(a);
        return NULL;
    }
    fputs(KAHRIZ_HEADER, k);
    fputs(ASSESSMENT_HEADER, a);
    for (i = 0; i < n; i++) {
        double lon, lat;
        if (i < dense) {
            lon = 45.5 + 0.003 * cos(i * 2.4) * sqrt((double)i / dense);
            lat = 39.5 + 0.0025 * sin(i * 2.4) * sqrt((double)i / dense);
        } else {
            int j = i - dense;
            lon = 45.42 + 0.035 * (j % 5);
            lat = 39.42 + 0.04 * (j / 5 % 5);
        }
        snprintf(line, sizeof(line),
                 "KZ-%04d,%s kəhrizi %d,,AZ-TST,,,%.6f,%.6f,EPSG:4326,"
                 "%.6f,%.6f,800,10,12,1900,icma,\n",
                 i, names[i % 10], i, lon, lat, lon - 0.004, lat + 0.003);
        fputs(line, k);
        if (i % 6 != 5) {
            snprintf(line, sizeof(line),
                     "KZ-%04d,2024-05-1%d,%.1f,%s,yes,10,5,0,none,,,,\n", i,
                     i % 10, i % 5 == 3 ? 0 : 0.3 + (i % 13), cond[i % 5]);
            fputs(line, a);
        }
    }
    fclose(k);
    fclose(a);
    src.kahrizes = kpath;
    src.assessments = apath;
    src.districts = dpath;
    if (kz_survey_load(&sv, ctx, &src, NULL) < 0) {
        fprintf(stderr, "golden survey: %s\n", kz_ctx_error(ctx)->message);
        return NULL;
    }
    return sv;
}

/* The bundled style with the six condition symbols given every shape and
 * fill the style can name, whatever the bundled ones are (the first six
 * "shape" values and the "fill" after each): good circle/open, fair
 * square, poor triangle/half, dry diamond, collapsed cross, unassessed
 * square/open. */
static char *shapes_style(const char *json)
{
    static const char *const shape[] = {"circle", "square", "triangle",
                                        "diamond", "cross", "square"};
    static const char *const fill[] = {"open", "solid", "half",
                                       "solid", "solid", "open"};
    static const char *const key[] = {"\"shape\": \"", "\"fill\": \""};
    size_t n = strlen(json), i, k;
    char *out = malloc(n + 256), *p;
    if (!out)
        return NULL;
    memcpy(out, json, n + 1);
    p = out;
    for (i = 0; i < 6; i++) {
        for (k = 0; k < 2; k++) {
            const char *to = k ? fill[i] : shape[i];
            char *q = strstr(p, key[k]), *end;
            size_t tl = strlen(to);
            if (!q || !(end = strchr(q + strlen(key[k]), '"'))) {
                free(out);
                return NULL;
            }
            q += strlen(key[k]);
            memmove(q + tl, end, strlen(end) + 1);
            memcpy(q, to, tl);
            p = q + tl;
        }
    }
    return out;
}

static kz_style *load_style(kz_ctx *ctx, size_t scene, const char *dir,
                            const char *srcdir)
{
    char path[800], spath[800];
    kz_style *st = NULL;
    snprintf(path, sizeof(path), "%s/styles/default.json", srcdir);
    if (scene == 1) {
        FILE *fp = fopen(path, "rb");
        char *json = NULL, *mod = NULL;
        long len;
        int ok = 0;
        if (fp && fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) > 0 &&
            fseek(fp, 0, SEEK_SET) == 0 &&
            (json = calloc(1, (size_t)len + 1)) &&
            fread(json, 1, (size_t)len, fp) == (size_t)len &&
            (mod = shapes_style(json))) {
            snprintf(spath, sizeof(spath), "%s/shapes.json", dir);
            ok = write_text(spath, mod);
        }
        if (fp)
            fclose(fp);
        free(json);
        free(mod);
        if (!ok) {
            fprintf(stderr, "golden: cannot make the shapes style from %s "
                            "(its condition symbols changed?)\n",
                    path);
            return NULL;
        }
        snprintf(path, sizeof(path), "%s", spath);
    }
    if (kz_style_load(&st, ctx, path) < 0) {
        fprintf(stderr, "golden style: %s\n", kz_ctx_error(ctx)->message);
        return NULL;
    }
    return st;
}

cairo_surface_t *kz_golden_render(size_t i, kz_ctx *ctx, const char *dir,
                                  const char *srcdir)
{
    kz_map_options o = KZ_MAP_OPTIONS_INIT;
    kz_survey *sv = NULL;
    kz_style *st = NULL;
    cairo_surface_t *out = NULL;
    cairo_t *cr;
    char sub[640];

    snprintf(sub, sizeof(sub), "%s/golden-%s", dir, kz_golden_scenes[i].name);
    mkdir(sub, 0755);
    if (!(sv = make_survey(ctx, sub)) ||
        !(st = load_style(ctx, i, sub, srcdir)))
        goto done;
    out = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 360, 360);
    cr = cairo_create(out);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    o.kind = KZ_MAP_DISTRICT;
    o.code = "AZ-TST";
    o.frame_w = o.frame_h = 360;
    if (kz_map_render(NULL, ctx, cr, sv, NULL, st, &o) < 0) {
        fprintf(stderr, "golden map: %s\n", kz_ctx_error(ctx)->message);
        cairo_surface_destroy(out);
        out = NULL;
    }
    cairo_destroy(cr);
done:
    kz_style_destroy(st);
    kz_survey_destroy(sv);
    return out;
}
