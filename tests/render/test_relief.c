/*
 * test_relief.c - relief from an elevation model.  The models are made by
 * tests/render/dem_fixture.py with GDAL (a plane z = 1000 (lon - 45) +
 * 2000 (lat - 38) + 100, a cone), so every expected elevation is worked
 * by hand from the formula; the pages are read back with pdfimages (one
 * grey 8-bit image, its pixels' spread) and pdftotext (contour labels,
 * legend, source line).
 */
#include "kztest.h"

#include "map/map.h"

#include <proj.h>

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tools(void)
{
    return kz_test_need(system("/usr/bin/python3 -c 'import osgeo.gdal, "
                               "numpy, PIL' 2>/dev/null") == 0,
                        "/usr/bin/python3 with osgeo, numpy and PIL") &&
           kz_test_need(system("pdfimages -v >/dev/null 2>&1") == 0,
                        "pdfimages (poppler-utils)") &&
           kz_test_need(system("pdftotext -v >/dev/null 2>&1") == 0,
                        "pdftotext (poppler-utils)");
}

static double plane(double lon, double lat)
{
    return 1000.0 * (lon - 45) + 2000.0 * (lat - 38) + 100;
}

static void test_elevation_plane(void)
{
    kz_basemap *bm = NULL;
    static const double pts[][2] = {
        {45.9, 39.05}, {45.61234, 38.91}, {46.1, 39.17}, {44.5026, 40.4975}};
    const char *kinds[] = {"plane", "utm"};
    size_t i, k;
    double m;

    if (!tools())
        return;
    for (k = 0; k < 2; k++) {
        CU_ASSERT_EQUAL_FATAL(kz_basemap_load(&bm, kz_test_ctx, NULL, NULL),
                              KZ_OK);
        CU_ASSERT_EQUAL_FATAL(kz_basemap_set_dem(bm, kz_test_dem(kinds[k])),
                              KZ_OK);
        /* the last point is inside only the lon/lat plane's edge pixel */
        for (i = 0; i < (k ? 3u : 4u); i++) {
            CU_ASSERT_EQUAL(kz_basemap_elevation(bm, kz_test_ctx, pts[i][0],
                                                 pts[i][1], &m),
                            KZ_OK);
            if (fabs(m - plane(pts[i][0], pts[i][1])) >= 0.5)
                printf("\n%s at %g %g: %g, expected %g\n", kinds[k],
                       pts[i][0], pts[i][1], m, plane(pts[i][0], pts[i][1]));
            CU_ASSERT(fabs(m - plane(pts[i][0], pts[i][1])) < 0.5);
        }
        /* outside the model */
        CU_ASSERT_EQUAL(kz_basemap_elevation(bm, kz_test_ctx, 49.0, 41.0, &m),
                        KZ_ENOTFOUND);
        kz_basemap_destroy(bm);
        bm = NULL;
    }
    /* no model: not found, never an error */
    CU_ASSERT_EQUAL_FATAL(kz_basemap_load(&bm, kz_test_ctx, NULL, NULL),
                          KZ_OK);
    CU_ASSERT_EQUAL(kz_basemap_elevation(bm, kz_test_ctx, 45.9, 39.0, &m),
                    KZ_ENOTFOUND);
    kz_basemap_destroy(bm);
}

/* One grid of kz__dem_resample against the plane worked at each pixel
 * centre (lon/lat from PROJ directly): *worst and *mean absolute error
 * over the pixels with data (but the model's outer half pixel), *holes
 * the pixels without, *outside those whose centre lies more than tol
 * degrees outside the lon/lat models' extent (44.5-47.5 E, 38.3-40.5 N)
 * and *inside_holes those more than tol inside it yet without data. */
static void resample_check(const char *path, const double g[4], int nx,
                           int ny, double *worst, double *mean,
                           size_t *holes, size_t *outside,
                           size_t *inside_holes)
{
    PJ_CONTEXT *pc = proj_context_create();
    PJ *raw = proj_create_crs_to_crs(pc, "EPSG:32638", "EPSG:4326", NULL);
    PJ *op = proj_normalize_for_visualization(pc, raw);
    float *z = NULL;
    double zmin = 0, zmax = 0, lo = HUGE_VAL, hi = -HUGE_VAL, sum = 0,
           tol = 0.01;
    size_t n = 0;
    int i, j;

    *worst = *mean = 0;
    *holes = *outside = *inside_holes = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(op);
    CU_ASSERT_EQUAL_FATAL(kz__dem_resample(kz_test_ctx, path, "EPSG:32638",
                                           g, nx, ny, &z, &zmin, &zmax),
                          KZ_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    for (j = 0; j < ny; j++)
        for (i = 0; i < nx; i++) {
            PJ_COORD c = proj_coord(g[0] + (i + 0.5) * (g[2] - g[0]) / nx,
                                    g[3] - (j + 0.5) * (g[3] - g[1]) / ny,
                                    0, 0);
            double lon, lat, e;
            float v = z[(size_t)j * nx + i];
            c = proj_trans(op, PJ_FWD, c);
            lon = c.xy.x;
            lat = c.xy.y;
            if (lon < 44.5 - tol || lon > 47.5 + tol || lat < 38.3 - tol ||
                lat > 40.5 + tol)
                (*outside)++;
            if (v == (float)KZ_DEM_NODATA) {
                (*holes)++;
                if (lon > 44.5 + tol && lon < 47.5 - tol &&
                    lat > 38.3 + tol && lat < 40.5 - tol)
                    (*inside_holes)++;
                continue;
            }
            if (v < lo)
                lo = v;
            if (v > hi)
                hi = v;
            /* the outer half pixel (0.0025 degrees) holds the edge's
             * value: not the plane there */
            if (lon < 44.503 || lon > 47.497 || lat < 38.303 ||
                lat > 40.497)
                continue;
            e = fabs(v - plane(lon, lat));
            if (e > *worst)
                *worst = e;
            sum += e;
            n++;
        }
    *mean = n ? sum / n : 0;
    CU_ASSERT_DOUBLE_EQUAL(zmin, lo, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(zmax, hi, 1e-9);
    kz__free(kz_test_ctx, z);
    proj_destroy(op);
    proj_destroy(raw);
    proj_context_destroy(pc);
}

/* The model resampled to a map's grid equals the plane at every pixel:
 * bilinear between pixel centres is exact on a plane, so what is left is
 * where the pixel is placed (a tenth of the model's pixel at most: 1.1 m
 * on the plane's 5 m and 10 m a pixel) and float rounding; pixels past
 * the model's edge have no data, none within it lacks data.  A model
 * finer than the grid (UTM, 250 m, read for 1 km pixels) is averaged
 * down first: the plane stays a plane. */
static void test_resample_plane(void)
{
    static const double inside[4] = {560000, 4280000, 620000, 4360000};
    /* reaching west past 44.5 E */
    static const double edge[4] = {420000, 4350000, 480000, 4400000};
    /* inside the UTM model: 540-640 km E, 4270-4360 km N */
    static const double utm[4] = {560000, 4290000, 620000, 4350000};
    double worst, mean, zmin, zmax;
    size_t holes, outside, inside_holes;
    float *z = (float *)1;

    if (!tools())
        return;
    resample_check(kz_test_dem("plane"), inside, 300, 400, &worst, &mean,
                   &holes, &outside, &inside_holes);
    CU_ASSERT_EQUAL(holes, 0);
    CU_ASSERT(worst < 1.2);
    CU_ASSERT(mean < 0.1);
    printf("\n  plane, UTM grid: worst %.3f m, mean %.4f m ", worst, mean);

    resample_check(kz_test_dem("plane"), edge, 120, 100, &worst, &mean,
                   &holes, &outside, &inside_holes);
    CU_ASSERT(outside > 1000);
    CU_ASSERT(holes >= outside);
    CU_ASSERT(holes < outside + 3 * 100); /* within tol of the edge */
    CU_ASSERT_EQUAL(inside_holes, 0);
    CU_ASSERT(worst < 1.2);

    resample_check(kz_test_dem("utm"), utm, 60, 60, &worst, &mean, &holes,
                   &outside, &inside_holes);
    CU_ASSERT_EQUAL(holes, 0);
    CU_ASSERT(worst < 1.0);
    printf("averaged: worst %.3f m ", worst);

    /* a model off the grid: nothing, and no error */
    CU_ASSERT_EQUAL(kz__dem_resample(kz_test_ctx, kz_test_dem("far"),
                                     "EPSG:32638", inside, 50, 50, &z, &zmin,
                                     &zmax),
                    KZ_OK);
    CU_ASSERT_PTR_NULL(z);
}

static void test_set_dem_errors(void)
{
    kz_basemap *bm = NULL;
    char path[600];
    FILE *fp;

    if (!tools())
        return;
    CU_ASSERT_EQUAL_FATAL(kz_basemap_load(&bm, kz_test_ctx, NULL, NULL),
                          KZ_OK);
    snprintf(path, sizeof(path), "%s/no-such-dem.tif", kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_basemap_set_dem(bm, path), KZ_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->file,
                                  "no-such-dem.tif"));
    snprintf(path, sizeof(path), "%s/not-a-dem.txt", kz_test_tmpdir());
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("elevation,1200\n", fp);
    fclose(fp);
    CU_ASSERT_EQUAL(kz_basemap_set_dem(bm, path), KZ_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->file,
                                  "not-a-dem.txt"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(kz_ctx_error(kz_test_ctx)->message, "not a raster"));
    CU_ASSERT_EQUAL(kz_basemap_set_dem(bm, kz_test_dem("nocrs")), KZ_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "no CRS"));
    kz_basemap_destroy(bm);
}

/* kahriz-atlas map of Ordubad with extra options into name.pdf, which
 * must succeed; returns the PDF's path (static). */
static const char *map(const char *name, const char *extra)
{
    static char pdf[600];
    char args[2000];

    snprintf(pdf, sizeof(pdf), "%s/%s.pdf", kz_test_tmpdir(), name);
    snprintf(args, sizeof(args),
             "map -q --no-synthetic --date none --district AZ-ORD %s -o '%s'",
             extra, pdf);
    kz_test_cli_ok(args);
    return pdf;
}

/* Rows of pdfimages -list, the first in *row (NUL-terminated). */
static int image_rows(const char *pdf, char *row, size_t cap)
{
    char cmd[800], *out, *p;
    int n = 0;

    snprintf(cmd, sizeof(cmd), "pdfimages -list '%s' | tail -n +3", pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    row[0] = '\0';
    for (p = out; *p; p++)
        if (*p == '\n') {
            if (n == 0)
                snprintf(row, cap, "%.*s", (int)(p - out), out);
            n++;
        }
    free(out);
    return n;
}

/* Standard deviation of the grey values of the page's one image. */
static double image_spread(const char *pdf, const char *name)
{
    char cmd[1600], *out;
    double mean = -1, sd = -1;

    snprintf(cmd, sizeof(cmd),
             "pdfimages -png '%s' '%s/%s' && /usr/bin/python3 '%s' stats "
             "'%s/%s-000.png'",
             pdf, kz_test_tmpdir(), name,
             kz_test_src("tests/render/dem_fixture.py"), kz_test_tmpdir(),
             name);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(sscanf(out, "%lf %lf", &mean, &sd), 2);
    free(out);
    return sd;
}

static void test_map_hillshade(void)
{
    char row[512], extra[800], col[8][32];
    const char *pdf;
    double sd;

    if (!tools())
        return;
    /* without a model, no image at all */
    pdf = map("relief-none", "");
    CU_ASSERT_EQUAL(image_rows(pdf, row, sizeof(row)), 0);

    /* a plane lit from every side shades evenly; a cone does not */
    snprintf(extra, sizeof(extra), "--dem '%s'", kz_test_dem("plane"));
    pdf = map("relief-plane", extra);
    CU_ASSERT_EQUAL(image_rows(pdf, row, sizeof(row)), 1);
    /* page num type width height color comp bpc enc */
    CU_ASSERT_EQUAL(sscanf(row, "%31s %31s %31s %31s %31s %31s %31s %31s",
                           col[0], col[1], col[2], col[3], col[4], col[5],
                           col[6], col[7]),
                    8);
    CU_ASSERT_STRING_EQUAL(col[2], "image");
    CU_ASSERT_STRING_EQUAL(col[5], "gray");
    CU_ASSERT_STRING_EQUAL(col[7], "8");
    sd = image_spread(pdf, "plane");
    if (sd >= 1)
        printf("\nplane's hillshade spread %g\n", sd);
    CU_ASSERT(sd < 1);

    snprintf(extra, sizeof(extra), "--dem '%s'", kz_test_dem("cone"));
    pdf = map("relief-cone", extra);
    CU_ASSERT_EQUAL(image_rows(pdf, row, sizeof(row)), 1);
    sd = image_spread(pdf, "cone");
    if (sd <= 4)
        printf("\ncone's hillshade spread %g\n", sd);
    CU_ASSERT(sd > 4);

    /* a model off the map: no relief and no error */
    snprintf(extra, sizeof(extra), "--dem '%s'", kz_test_dem("far"));
    pdf = map("relief-far", extra);
    CU_ASSERT_EQUAL(image_rows(pdf, row, sizeof(row)), 0);
}

/* The hillshade of a model coarser than the page (the cone's 0.005
 * degrees, about 0.9 mm on Ordubad's page) prints at print resolution:
 * pdfimages reads one grey component of at least 200 ppi either way, in
 * the compression the style names (JPEG at jpeg_quality, Flate at 0). */
static void test_map_hillshade_ppi(void)
{
    char row[512], extra[1200], path[600], *json, *q;
    char col[16][32];
    const char *pdf;
    double xppi = 0, yppi = 0;
    FILE *fp;
    int pass;

    if (!tools())
        return;
    for (pass = 0; pass < 2; pass++) {
        if (pass == 0) {
            snprintf(extra, sizeof(extra), "--dem '%s'", kz_test_dem("cone"));
        } else {
            /* the default style with deflate instead of JPEG */
            json = kz_test_slurp(kz_test_src("styles/default.json"), NULL);
            CU_ASSERT_PTR_NOT_NULL_FATAL(json);
            q = strstr(json, "\"jpeg_quality\": 80");
            CU_ASSERT_PTR_NOT_NULL_FATAL(q);
            memcpy(q, "\"jpeg_quality\":  0", 18);
            snprintf(path, sizeof(path), "%s/flate.json", kz_test_tmpdir());
            fp = fopen(path, "w");
            CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
            fputs(json, fp);
            fclose(fp);
            free(json);
            snprintf(extra, sizeof(extra), "--dem '%s' --style '%s'",
                     kz_test_dem("cone"), path);
        }
        pdf = map(pass ? "relief-ppi-flate" : "relief-ppi", extra);
        CU_ASSERT_EQUAL_FATAL(image_rows(pdf, row, sizeof(row)), 1);
        /* page num type width height color comp bpc enc interp object
         * ID x-ppi y-ppi size ratio */
        CU_ASSERT_EQUAL_FATAL(
            sscanf(row,
                   "%31s %31s %31s %31s %31s %31s %31s %31s %31s %31s %31s "
                   "%31s %31s %31s",
                   col[0], col[1], col[2], col[3], col[4], col[5], col[6],
                   col[7], col[8], col[9], col[10], col[11], col[12],
                   col[13]),
            14);
        CU_ASSERT_STRING_EQUAL(col[5], "gray");
        CU_ASSERT_STRING_EQUAL(col[6], "1");
        CU_ASSERT_STRING_EQUAL(col[8], pass ? "image" : "jpeg");
        xppi = atof(col[12]);
        yppi = atof(col[13]);
        if (xppi < 200 || yppi < 200)
            printf("\nhillshade at %g x %g ppi (%s)\n", xppi, yppi, row);
        CU_ASSERT(xppi >= 200 && yppi >= 200);
    }
}

/* Words of the page that are whole numbers, as a set of flags 0..9999. */
static void numbers(const char *pdf, unsigned char *seen)
{
    char cmd[800], *out, *p;

    memset(seen, 0, 10000);
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    for (p = out; *p;) {
        size_t n = strspn(p, "0123456789");
        int word = n > 0 && (p == out || strchr(" \n\t", p[-1])) &&
                   (p[n] == '\0' || strchr(" \n\t", p[n]));
        if (word && n <= 4)
            seen[atoi(p)] = 1;
        p += n ? n : 1;
    }
    free(out);
}

static void test_map_contours(void)
{
    static unsigned char plain[10000], relief[10000];
    char extra[800], *text, cmd[800], *legend;
    const char *pdf;
    int step = 0, labels = 0, z;

    if (!tools())
        return;
    numbers(map("contours-none", ""), plain);
    snprintf(extra, sizeof(extra), "--dem '%s'", kz_test_dem("cone"));
    pdf = map("contours-cone", extra);
    numbers(pdf, relief);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* under the scale: "Relyef (DEM), horizontallar arası 200 m /
     * Relief (DEM), contour interval 200 m" */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Relyef (DEM), horizontallar arası "));
    legend = strstr(text, "Relief (DEM), contour interval ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(legend);
    CU_ASSERT_EQUAL(
        sscanf(legend, "Relief (DEM), contour interval %d m", &step), 1);
    /* the source line credits an unnamed model in words, never by its
     * file */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "relief: digital elevation model"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "relyef: rəqəmsal hündürlük modeli"));
    CU_ASSERT_PTR_NULL(strstr(text, "cone.tif"));
    free(text);
    CU_ASSERT(step > 0);
    /* numbers only the relief page has are the contour labels: each a
     * multiple of the interval and within the cone (600-3000 m) */
    for (z = 0; z < 10000; z++) {
        if (!relief[z] || plain[z] || z == step)
            continue;
        labels++;
        if (step > 0 && z % step != 0)
            printf("\nlabel %d is no multiple of %d\n", z, step);
        CU_ASSERT(step > 0 && z % step == 0);
        CU_ASSERT(z >= 600 && z <= 3000);
    }
    CU_ASSERT(labels > 0);
}

/* Every index contour is labelled: the ramp's index contours (every
 * 1000 m) cross Ordubad's frame from north to south, one long piece
 * each, and each carries its elevation at least once; the frame surely
 * spans lon 45.70-46.10 (its graticule is labelled at 45 42' and 46 06'),
 * so 2000-7000 m at least, read back from the page's text. */
static void test_map_index_labels(void)
{
    static unsigned char seen[10000];
    char extra[800];
    int z, missing = 0;

    if (!tools())
        return;
    snprintf(extra, sizeof(extra), "--dem '%s'", kz_test_dem("ramp"));
    numbers(map("contours-ramp", extra), seen);
    for (z = 2000; z <= 7000; z += 1000)
        if (!seen[z]) {
            printf("\nindex contour %d m has no label\n", z);
            missing++;
        }
    CU_ASSERT_EQUAL(missing, 0);
    /* and no ordinary contour is labelled */
    for (z = 400; z < 10000; z += 200) {
        if (z % 1000 && seen[z])
            printf("\nordinary contour %d m labelled\n", z);
        CU_ASSERT(z % 1000 == 0 || !seen[z]);
    }
}

/* CIELAB (D65) of "#rrggbb". */
static void hex_lab(const char *hex, double lab[3])
{
    static const double w[3] = {0.95047, 1.0, 1.08883};
    static const double m[3][3] = {{0.4124, 0.3576, 0.1805},
                                   {0.2126, 0.7152, 0.0722},
                                   {0.0193, 0.1192, 0.9505}};
    unsigned v = 0;
    double rgb[3], f[3];
    int i;

    CU_ASSERT_EQUAL(sscanf(hex, "#%6x", &v), 1);
    for (i = 0; i < 3; i++) {
        double c = ((v >> (16 - 8 * i)) & 0xff) / 255.0;
        rgb[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
    }
    for (i = 0; i < 3; i++) {
        double t = (m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2]) /
                   w[i];
        f[i] = t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
    lab[0] = 116 * f[1] - 16;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

/* The colour of "key": "#rrggbb" in a style's JSON text, into hex. */
static int style_color(const char *json, const char *key, char hex[8])
{
    char pat[64];
    const char *p;

    snprintf(pat, sizeof(pat), "\"%s\": \"#", key);
    if (!(p = strstr(json, pat)))
        return 0;
    snprintf(hex, 8, "%.7s", p + strlen(pat) - 1);
    return 1;
}

/* Contours and galleries are both brown lines on a district page: in
 * every bundled style the contours' colour stands clearly apart from
 * the galleries' (CIE76 difference of 30 or more; 20 is told apart at
 * a glance on paper, thin lines need more). */
static void test_contour_color(void)
{
    glob_t g;
    size_t i;

    CU_ASSERT_EQUAL_FATAL(glob(kz_test_src("styles/*.json"), 0, NULL, &g),
                          0);
    CU_ASSERT(g.gl_pathc >= 2);
    for (i = 0; i < g.gl_pathc; i++) {
        char *json = kz_test_slurp(g.gl_pathv[i], NULL), gal[8], con[8];
        double a[3], b[3], de;

        CU_ASSERT_PTR_NOT_NULL_FATAL(json);
        CU_ASSERT_FATAL(style_color(json, "gallery", gal));
        CU_ASSERT_FATAL(style_color(json, "contour_color", con));
        hex_lab(gal, a);
        hex_lab(con, b);
        de = sqrt((a[0] - b[0]) * (a[0] - b[0]) +
                  (a[1] - b[1]) * (a[1] - b[1]) +
                  (a[2] - b[2]) * (a[2] - b[2]));
        if (de < 30)
            printf("\n%s: contours %s against galleries %s: dE %.1f\n",
                   g.gl_pathv[i], con, gal, de);
        CU_ASSERT(de >= 30);
        free(json);
    }
    globfree(&g);
}

/* The page's text as pdftotext reads it, lines joined (malloc'd). */
static char *page_text(const char *pdf)
{
    char cmd[800], *text;

    snprintf(cmd, sizeof(cmd), "pdftotext '%s' - | tr '\\n' ' '", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    return text;
}

/* The legend lists the relief shading and the contours when the map
 * draws them, in both languages, and neither without a model. */
static void test_map_relief_legend(void)
{
    char extra[1200], *text;

    if (!tools())
        return;
    text = page_text(map("legend-none", ""));
    CU_ASSERT_PTR_NULL(strstr(text, "Relief shading"));
    CU_ASSERT_PTR_NULL(strstr(text, "Contour lines"));
    free(text);
    snprintf(extra, sizeof(extra), "--dem '%s'", kz_test_dem("cone"));
    text = page_text(map("legend-relief", extra));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Relyef kölgələnməsi / Relief shading"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Horizontallar / Contour lines"));
    free(text);
    /* a national map shades the relief but draws no contours */
    snprintf(extra, sizeof(extra), "--dem '%s'", kz_test_dem("cone"));
    {
        char args[2000], pdf[600];
        snprintf(pdf, sizeof(pdf), "%s/legend-national.pdf",
                 kz_test_tmpdir());
        snprintf(args, sizeof(args),
                 "map -q --date none --national %s -o '%s'", extra, pdf);
        kz_test_cli_ok(args);
        text = page_text(pdf);
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Relief shading"));
    CU_ASSERT_PTR_NULL(strstr(text, "Contour lines"));
    free(text);
}

/* The source line credits the model by the name in its metadata, or by
 * --dem-credit before it; never by the file (named.tif). */
static void test_map_dem_credit(void)
{
    char extra[1200], *text;

    if (!tools())
        return;
    snprintf(extra, sizeof(extra), "--dem '%s'", kz_test_dem("named"));
    text = page_text(map("credit-metadata", extra));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "relief: Konus test modeli 2026"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "relyef: Konus test modeli 2026"));
    CU_ASSERT_PTR_NULL(strstr(text, "named.tif"));
    CU_ASSERT_PTR_NULL(strstr(text, "Area"));
    free(text);

    snprintf(extra, sizeof(extra),
             "--dem '%s' --dem-credit 'SRTM 3″, NASA/USGS'",
             kz_test_dem("named"));
    text = page_text(map("credit-option", extra));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "relief: SRTM 3″, NASA/USGS"));
    CU_ASSERT_PTR_NULL(strstr(text, "Konus"));
    CU_ASSERT_PTR_NULL(strstr(text, "named.tif"));
    free(text);

    /* a name too long for the footer's one line is cut there */
    snprintf(extra, sizeof(extra),
             "--dem '%s' --dem-credit 'Shuttle Radar Topography Mission "
             "void-filled 1 arc-second global elevation model, NASA JPL "
             "and USGS EROS, 2015 release'",
             kz_test_dem("named"));
    text = page_text(map("credit-long", extra));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "relief: Shuttle Radar Topography Mission"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "…"));
    CU_ASSERT_PTR_NULL(strstr(text, "2015 release"));
    free(text);
}

static void test_cli_errors(void)
{
    char args[1400], path[600], *out = NULL;
    FILE *fp;
    int rc;

    if (!tools())
        return;
    snprintf(args, sizeof(args),
             "map --district AZ-ORD --dem '%s/missing.tif' -o '%s/x.pdf'",
             kz_test_tmpdir(), kz_test_tmpdir());
    rc = kz_test_cli(&out, 1, args);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "missing.tif"));
    free(out);

    snprintf(path, sizeof(path), "%s/dem.csv", kz_test_tmpdir());
    fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("not an elevation model\n", fp);
    fclose(fp);
    snprintf(args, sizeof(args),
             "build --sections districts --dem '%s' -o '%s/x.pdf'", path,
             kz_test_tmpdir());
    rc = kz_test_cli(&out, 1, args);
    CU_ASSERT_NOT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "dem.csv"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "not a raster"));
    free(out);
}

static const kz_test_case cases[] = {
    {"elevation of a plane, lon/lat and UTM", test_elevation_plane},
    {"set_dem names a bad file", test_set_dem_errors},
    {"resampled to a map's grid: the plane", test_resample_plane},
    {"hillshade: one grey image, even on a plane", test_map_hillshade},
    {"hillshade: 200 ppi from a coarse model, JPEG or Flate",
     test_map_hillshade_ppi},
    {"contours: labels on the interval, legend", test_map_contours},
    {"every index contour labelled", test_map_index_labels},
    {"contours apart from galleries in every style", test_contour_color},
    {"the source line credits the model, not its file", test_map_dem_credit},
    {"the legend lists relief shading and contours", test_map_relief_legend},
    {"--dem errors name the file", test_cli_errors},
    KZ_TEST_END};

KZ_TEST_SUITE("relief", cases);
