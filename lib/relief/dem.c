/*
 * dem.c - the basemap's digital elevation model: opened and checked (a
 * raster with a CRS), sampled at points (outlets and mother wells without
 * elevations of their own), and named in the maps' source line by its
 * metadata or the user's credit, never by its file.  A
 * basemap is shared by render threads and a GDAL dataset is not: every
 * page and every sampler opens the DEM for itself.
 */
#include "relief/relief.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Open the DEM read-only and check what relief needs of it: a band, a
 * CRS and a geotransform.  *wkt is the DEM's CRS (owned by ds). */
int kz__dem_open_ds(GDALDatasetH *out, double gt[6], const char **wkt,
                    kz_ctx *ctx, const char *path)
{
    GDALDatasetH ds;
    const char *why, *w;

    *out = NULL;
    kz__gdal_reset(path);
    ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL,
                    NULL);
    if (!ds) {
        struct stat st;
        /* say what is wrong: no file, a directory, one not readable */
        if (stat(path, &st) != 0 && !strchr(path, ':'))
            return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "%s",
                             errno == ENOENT ? "no such file or directory"
                                             : strerror(errno));
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                             "a directory, not an elevation model");
        if (stat(path, &st) == 0 && access(path, R_OK) != 0)
            return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "%s",
                             strerror(errno));
        why = kz__gdal_message();
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "not a raster GDAL can read%s%s",
                         why ? ": " : "", why ? why : "");
    }
    if (GDALGetRasterCount(ds) < 1) {
        GDALClose(ds);
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "not a raster: no band");
    }
    w = GDALGetProjectionRef(ds);
    if (!w || !*w) {
        GDALClose(ds);
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "no CRS: the elevation model must be "
                         "georeferenced");
    }
    if (GDALGetGeoTransform(ds, gt) != CE_None || gt[1] == 0 ||
        gt[5] == 0) {
        GDALClose(ds);
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL, "no geotransform");
    }
    *wkt = w;
    *out = ds;
    return KZ_OK;
}

/* A credit of at most 160 bytes, blanks for control characters and
 * trimmed, into a new string (*out NULL when nothing is left). */
static int credit_copy(char **out, kz_ctx *ctx, const char *text)
{
    char buf[161], *p, *end;

    *out = NULL;
    kz__text_fit(buf, sizeof(buf), text, 0);
    for (p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    for (p = buf; *p == ' '; p++)
        ;
    for (end = p + strlen(p); end > p && end[-1] == ' '; end--)
        ;
    *end = '\0';
    if (!*p)
        return KZ_OK;
    return (*out = kz__strdup(ctx, p)) ? KZ_OK : KZ_ENOMEM;
}

/* The model's name from its metadata: a TIFF's ImageDescription, a
 * DESCRIPTION or source item of the dataset (SRTM, Copernicus and
 * ASTER tiles and gdal_translate -mo carry one there); *out NULL when
 * none, or when it is only the file's name again.  Items such as
 * AREA_OR_POINT describe the grid, not the model, and are not read. */
static int model_name(char **out, kz_ctx *ctx, GDALDatasetH ds,
                      const char *path)
{
    static const char *const items[] = {
        "TIFFTAG_IMAGEDESCRIPTION", "DESCRIPTION", "source", "SOURCE"};
    const char *file = strrchr(path, '/');
    size_t i;
    int rc;

    *out = NULL;
    file = file ? file + 1 : path;
    for (i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
        const char *v = GDALGetMetadataItem(ds, items[i], NULL);
        if (!v || strcmp(v, path) == 0 || strcmp(v, file) == 0)
            continue;
        if ((rc = credit_copy(out, ctx, v)) < 0 || *out)
            return rc;
    }
    return KZ_OK;
}

int kz_basemap_set_dem_credit(kz_basemap *bm, const char *credit)
{
    char *copy = NULL;
    int rc;

    if (!bm)
        return KZ_EINVAL;
    if (credit && (rc = credit_copy(&copy, bm->ctx, credit)) < 0)
        return rc;
    kz__free(bm->ctx, bm->dem_credit);
    bm->dem_credit = copy;
    return KZ_OK;
}

const char *kz__dem_credit(const kz_basemap *bm)
{
    if (!bm || !bm->dem_path)
        return NULL;
    return bm->dem_credit ? bm->dem_credit : bm->dem_name;
}

int kz_basemap_set_dem(kz_basemap *bm, const char *path)
{
    kz_ctx *ctx;
    GDALDatasetH ds = NULL;
    kz_gdal_scope gdal;
    const char *wkt;
    char *copy = NULL, *name = NULL;
    double gt[6];
    PJ *op;
    int rc;

    if (!bm)
        return KZ_EINVAL;
    ctx = bm->ctx;
    KZ_ASSERT_ARG(ctx, path);
    /* drivers registered here, once, not by the render threads */
    GDALAllRegister();
    kz__gdal_push(&gdal, ctx);
    if ((rc = kz__dem_open_ds(&ds, gt, &wkt, ctx, path)) < 0)
        goto done;
    /* a CRS PROJ cannot reach from lon/lat is useless to the maps */
    if ((rc = kz__geo_transform(&op, ctx, KZ_CRS_WGS84, wkt)) < 0) {
        rc = kz__error(ctx, rc, path, 0, NULL, "%s",
                       kz_ctx_error(ctx)->message);
        goto done;
    }
    if ((rc = model_name(&name, ctx, ds, path)) < 0)
        goto done;
    if (!(copy = kz__strdup(ctx, path))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    kz__free(ctx, bm->dem_path);
    bm->dem_path = copy;
    copy = NULL;
    kz__free(ctx, bm->dem_name);
    bm->dem_name = name;
    name = NULL;
done:
    kz__free(ctx, copy);
    kz__free(ctx, name);
    if (ds)
        GDALClose(ds);
    kz__gdal_pop(&gdal);
    return rc;
}

struct kz_dem {
    kz_ctx *ctx;
    GDALDatasetH ds;
    GDALRasterBandH band;
    PJ *op; /* lon/lat -> DEM CRS, borrowed from ctx's cache */
    double inv[6];
    int nx, ny, has_nodata;
    double nodata;
    kz_gdal_scope gdal;
    int pushed;
};

int kz__dem_open(kz_dem **out, kz_ctx *ctx, const char *path)
{
    kz_dem *d = NULL;
    const char *wkt;
    double gt[6];
    int rc;

    *out = NULL;
    if (!(d = kz__calloc(ctx, 1, sizeof(*d))))
        return KZ_ENOMEM;
    d->ctx = ctx;
    kz__gdal_push(&d->gdal, ctx);
    d->pushed = 1;
    if ((rc = kz__dem_open_ds(&d->ds, gt, &wkt, ctx, path)) < 0)
        goto done;
    if ((rc = kz__geo_transform(&d->op, ctx, KZ_CRS_WGS84, wkt)) < 0)
        goto done;
    if (!GDALInvGeoTransform(gt, d->inv)) {
        rc = kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                       "geotransform cannot be inverted");
        goto done;
    }
    d->band = GDALGetRasterBand(d->ds, 1);
    d->nx = GDALGetRasterXSize(d->ds);
    d->ny = GDALGetRasterYSize(d->ds);
    d->nodata = GDALGetRasterNoDataValue(d->band, &d->has_nodata);
    *out = d;
    d = NULL;
done:
    kz__dem_close(d);
    return rc;
}

int kz__dem_sample(kz_dem *d, double lon, double lat, double *metres)
{
    double x = lon, y = lat, px, py, fx, fy, z[4];
    int ix, iy, i;

    if (kz__geo_apply(d->ctx, d->op, &x, &y, 1, PJ_FWD) < 0 ||
        !isfinite(x) || !isfinite(y) || x == HUGE_VAL)
        return KZ_ENOTFOUND;
    /* pixel centres are at .5: the four around the point */
    px = d->inv[0] + x * d->inv[1] + y * d->inv[2] - 0.5;
    py = d->inv[3] + x * d->inv[4] + y * d->inv[5] - 0.5;
    if (px < -0.5 || py < -0.5 || px > d->nx - 0.5 || py > d->ny - 0.5)
        return KZ_ENOTFOUND;
    /* at the outer half pixel the edge value holds */
    px = fmin(fmax(px, 0), d->nx - 1);
    py = fmin(fmax(py, 0), d->ny - 1);
    ix = (int)floor(px);
    iy = (int)floor(py);
    if (ix > d->nx - 2)
        ix = d->nx > 1 ? d->nx - 2 : 0;
    if (iy > d->ny - 2)
        iy = d->ny > 1 ? d->ny - 2 : 0;
    fx = d->nx > 1 ? px - ix : 0;
    fy = d->ny > 1 ? py - iy : 0;
    kz__gdal_reset(NULL);
    if (GDALRasterIO(d->band, GF_Read, ix, iy, d->nx > 1 ? 2 : 1,
                     d->ny > 1 ? 2 : 1, z, 2, 2, GDT_Float64, 0,
                     2 * sizeof(double)) != CE_None) {
        const char *why = kz__gdal_message();
        return kz__error(d->ctx, KZ_EINPUT, GDALGetDescription(d->ds), 0,
                         NULL, "unreadable%s%s", why ? ": " : "",
                         why ? why : "");
    }
    if (d->nx == 1) {
        z[1] = z[0];
        z[3] = z[2];
    }
    if (d->ny == 1) {
        z[2] = z[0];
        z[3] = z[1];
    }
    for (i = 0; i < 4; i++)
        if (!isfinite(z[i]) || (d->has_nodata && z[i] == d->nodata))
            return KZ_ENOTFOUND;
    *metres = (z[0] * (1 - fx) + z[1] * fx) * (1 - fy) +
              (z[2] * (1 - fx) + z[3] * fx) * fy;
    return KZ_OK;
}

void kz__dem_close(kz_dem *d)
{
    if (!d)
        return;
    if (d->ds)
        GDALClose(d->ds);
    if (d->pushed)
        kz__gdal_pop(&d->gdal);
    kz__free(d->ctx, d);
}

int kz__dem_sample_kahrizes(double **out, kz_ctx *ctx, const kz_basemap *bm,
                            const kz_survey *sv)
{
    size_t n = kz_survey_kahriz_count(sv), i, asked = 0, missed = 0;
    double *z = NULL;
    kz_dem *d = NULL;
    int rc = KZ_OK;

    *out = NULL;
    if (!bm || !bm->dem_path || n == 0)
        return KZ_OK;
    if (!(z = kz__mallocarray(ctx, 2 * n, sizeof(double))))
        return KZ_ENOMEM;
    if ((rc = kz__dem_open(&d, ctx, bm->dem_path)) < 0)
        goto done;
    for (i = 0; i < n; i++) {
        const kz_kahriz *k = kz_survey_kahriz(sv, i);
        z[2 * i] = z[2 * i + 1] = NAN;
        asked += isnan(k->elevation_m);
        if (isnan(k->elevation_m) &&
            (rc = kz__dem_sample(d, k->lon, k->lat, &z[2 * i])) < 0 &&
            rc != KZ_ENOTFOUND)
            goto done;
        if (rc == KZ_ENOTFOUND) {
            z[2 * i] = NAN;
            missed++;
        }
        rc = KZ_OK;
        if (isnan(k->head_elevation_m) && isfinite(k->head_lon) &&
            isfinite(k->head_lat) &&
            (rc = kz__dem_sample(d, k->head_lon, k->head_lat,
                                 &z[2 * i + 1])) < 0 &&
            rc != KZ_ENOTFOUND)
            goto done;
        if (rc == KZ_ENOTFOUND)
            z[2 * i + 1] = NAN;
        rc = KZ_OK;
    }
    if (missed)
        kz__log(ctx, KZ_LOG_WARN,
                "%s: the elevation model holds no data at %zu of the %zu "
                "outlets surveyed without an elevation: theirs stay empty",
                bm->dem_path, missed, asked);
    *out = z;
    z = NULL;
done:
    kz__dem_close(d);
    kz__free(ctx, z);
    return rc;
}

int kz_basemap_elevation(const kz_basemap *bm, kz_ctx *ctx, double lon,
                         double lat, double *metres)
{
    kz_dem *d = NULL;
    int rc;

    KZ_ASSERT_ARG(ctx, metres);
    if (!bm || !bm->dem_path)
        return KZ_ENOTFOUND;
    if ((rc = kz__dem_open(&d, ctx, bm->dem_path)) < 0)
        return rc;
    rc = kz__dem_sample(d, lon, lat, metres);
    kz__dem_close(d);
    return rc;
}

void kz__source_text(char *buf, size_t cap, long *second,
                     const kz_style *st, const kz_basemap *bm, int relief,
                     const char *key, size_t name_chars)
{
    char part[2][512], cut[256];
    const char *name, *langs[2] = {"az", "en"};
    int i;

    if (!bm || !bm->dem_path || !relief) {
        kz__text_catalog(buf, cap, second, st, key, 0);
        return;
    }
    if ((name = kz__dem_credit(bm)) && name_chars) {
        kz__text_fit(cut, sizeof(cut), name, name_chars);
        name = cut;
    }
    for (i = 0; i < 2; i++) {
        int li = kz__style_lang_index(st, langs[i]);
        const char *model = name;
        part[i][0] = '\0';
        if (li < 0)
            continue;
        /* an unnamed model is credited in words, not by its file (a
         * style without the key says "DEM") */
        if (!model && !*(model = kz__style_text_i(st, "source.relief.model",
                                                  (size_t)li)))
            model = "DEM";
        kz__text_printf(part[i], sizeof(part[i]), "%s; %s: %s",
                        kz__style_text_i(st, key, (size_t)li),
                        kz__style_text_i(st, "source.relief", (size_t)li),
                        model);
    }
    kz__text_bilingual(buf, cap, second, st, part[0], part[1], 0);
}
