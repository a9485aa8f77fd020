/*
 * geo.c - PROJ and GEOS contexts owned by a kz_ctx, GEOS messages turned
 * into context errors, and the per-CRS transformation cache.
 */
#include "geo/geo.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct proj_cache_entry {
    char *src, *dst;
    PJ *op;
} proj_cache_entry;

typedef struct proj_cache {
    proj_cache_entry *items;
    size_t n, cap;
} proj_cache;

static void geos_message(const char *msg, void *ud)
{
    kz_ctx *ctx = ud;
    kz__error(ctx, KZ_EGEOM, NULL, 0, NULL, "GEOS: %s", msg);
}

static void geos_notice(const char *msg, void *ud)
{
    kz__log(ud, KZ_LOG_DEBUG, "GEOS: %s", msg);
}

static void geo_release(kz_ctx *ctx)
{
    proj_cache *c = ctx->proj_cache;
    if (c) {
        size_t i;
        for (i = 0; i < c->n; i++) {
            proj_destroy(c->items[i].op);
            kz__free(ctx, c->items[i].src);
            kz__free(ctx, c->items[i].dst);
        }
        kz__free(ctx, c->items);
        kz__free(ctx, c);
        ctx->proj_cache = NULL;
    }
    if (ctx->proj) {
        proj_context_destroy(ctx->proj);
        ctx->proj = NULL;
    }
    if (ctx->geos) {
        GEOS_finish_r(ctx->geos);
        ctx->geos = NULL;
    }
}

PJ_CONTEXT *kz__proj(kz_ctx *ctx)
{
    if (!ctx->proj) {
        PJ_CONTEXT *pc = proj_context_create();
        if (!pc) {
            kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL,
                      "cannot create a PROJ context");
            return NULL;
        }
        proj_log_level(pc, PJ_LOG_NONE);
        ctx->proj = pc;
        ctx->geo_release = geo_release;
    }
    return ctx->proj;
}

GEOSContextHandle_t kz__geos(kz_ctx *ctx)
{
    if (!ctx->geos) {
        GEOSContextHandle_t h = GEOS_init_r();
        if (!h) {
            kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL,
                      "cannot create a GEOS context");
            return NULL;
        }
        GEOSContext_setErrorMessageHandler_r(h, geos_message, ctx);
        GEOSContext_setNoticeMessageHandler_r(h, geos_notice, ctx);
        ctx->geos = h;
        ctx->geo_release = geo_release;
    }
    return ctx->geos;
}

int kz__geo_transform(PJ **out, kz_ctx *ctx, const char *src,
                      const char *dst)
{
    proj_cache *c;
    PJ_CONTEXT *pc;
    PJ *raw = NULL, *op = NULL;
    size_t i;
    int rc = KZ_OK;

    *out = NULL;
    if (!(pc = kz__proj(ctx)))
        return KZ_ENOMEM;
    if (!ctx->proj_cache) {
        ctx->proj_cache = kz__calloc(ctx, 1, sizeof(proj_cache));
        if (!ctx->proj_cache)
            return KZ_ENOMEM;
    }
    c = ctx->proj_cache;
    for (i = 0; i < c->n; i++)
        if (strcmp(c->items[i].src, src) == 0 &&
            strcmp(c->items[i].dst, dst) == 0) {
            *out = c->items[i].op;
            return KZ_OK;
        }
    raw = proj_create_crs_to_crs(pc, src, dst, NULL);
    if (!raw) {
        int e = proj_context_errno(pc);
        rc = kz__error(ctx, KZ_EPROJ, NULL, 0, NULL,
                       "cannot transform from \"%s\" to \"%s\": %s", src, dst,
                       e ? proj_context_errno_string(pc, e) : "unknown CRS");
        goto done;
    }
    op = proj_normalize_for_visualization(pc, raw);
    if (!op) {
        rc = kz__error(ctx, KZ_EPROJ, NULL, 0, NULL,
                       "cannot normalise the axis order of \"%s\"", src);
        goto done;
    }
    if ((rc = kz__grow(ctx, (void **)&c->items, &c->cap, c->n + 1,
                       sizeof(*c->items))) < 0)
        goto done;
    c->items[c->n].src = kz__strdup(ctx, src);
    c->items[c->n].dst = kz__strdup(ctx, dst);
    if (!c->items[c->n].src || !c->items[c->n].dst) {
        kz__free(ctx, c->items[c->n].src);
        kz__free(ctx, c->items[c->n].dst);
        rc = KZ_ENOMEM;
        goto done;
    }
    c->items[c->n].op = op;
    c->n++;
    *out = op;
    op = NULL;
done:
    proj_destroy(raw);
    proj_destroy(op);
    return rc;
}

int kz__geo_crs_describe(kz_ctx *ctx, const char *crs, char **wkt,
                         int *epsg)
{
    PJ_CONTEXT *pc;
    PJ *obj;
    const char *text, *auth, *code;
    int rc = KZ_OK;

    *wkt = NULL;
    *epsg = 0;
    if (!(pc = kz__proj(ctx)))
        return KZ_ENOMEM;
    if (!(obj = proj_create(pc, crs)))
        return kz__error(ctx, KZ_EPROJ, NULL, 0, NULL, "unknown CRS \"%s\"",
                         crs);
    text = proj_as_wkt(pc, obj, PJ_WKT1_GDAL, NULL);
    if (!text) {
        /* a PROJ string names an operation unless it says it is a CRS */
        int proj_string = strchr(crs, '+') && !strstr(crs, "+type=crs");
        rc = kz__error(ctx, KZ_EPROJ, NULL, 0, NULL,
                       "\"%s\" is %s", crs,
                       proj_string ? "a PROJ string without +type=crs: add "
                                     "it to name a coordinate system"
                                   : "no coordinate system (it has no WKT1 "
                                     "form)");
        goto done;
    }
    if (!(*wkt = kz__strdup(ctx, text))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    auth = proj_get_id_auth_name(obj, 0);
    code = proj_get_id_code(obj, 0);
    if (auth && code && strcmp(auth, "EPSG") == 0)
        *epsg = atoi(code);
done:
    proj_destroy(obj);
    return rc;
}

int kz__geo_apply(kz_ctx *ctx, PJ *op, double *x, double *y, size_t n,
                  PJ_DIRECTION dir)
{
    if (n == 0)
        return KZ_OK;
    proj_errno_reset(op);
    proj_trans_generic(op, dir, x, sizeof(double), n, y, sizeof(double), n,
                       NULL, 0, 0, NULL, 0, 0);
    return KZ_OK;
}

int kz__geo_area_of_use(kz_ctx *ctx, const char *crs, double *w, double *s,
                        double *e, double *n)
{
    PJ_CONTEXT *pc = kz__proj(ctx);
    PJ *p;
    int ok;
    if (!pc)
        return 0;
    p = proj_create(pc, crs);
    if (!p)
        return 0;
    ok = proj_get_area_of_use(pc, p, w, s, e, n, NULL);
    proj_destroy(p);
    return ok && *w > -1000;
}

void kz__geo_utm_for(char *out, size_t cap, double lon, double lat)
{
    int zone = (int)floor((lon + 180.0) / 6.0) + 1;
    if (zone < 1)
        zone = 1;
    if (zone > 60)
        zone = 60;
    snprintf(out, cap, "EPSG:%d", (lat >= 0 ? 32600 : 32700) + zone);
}

void kz__geo_utm_for_geom(char *out, size_t cap, kz_ctx *ctx,
                          const GEOSGeometry *g, double lon, double lat)
{
    GEOSContextHandle_t h = g ? kz__geos(ctx) : NULL;
    GEOSGeometry *c = h ? GEOSGetCentroid_r(h, g) : NULL;
    if (c) {
        double x, y;
        if (GEOSGeomGetX_r(h, c, &x) && GEOSGeomGetY_r(h, c, &y) &&
            isfinite(x) && isfinite(y)) {
            lon = x;
            lat = y;
        }
        GEOSGeom_destroy_r(h, c);
    }
    kz__geo_utm_for(out, cap, lon, lat);
}

/* Transform every coordinate of a sequence into a new sequence. */
static GEOSCoordSequence *transform_seq(kz_ctx *ctx, PJ *op,
                                        const GEOSCoordSequence *cs)
{
    GEOSContextHandle_t h = ctx->geos;
    unsigned int size = 0, i;
    double *x = NULL, *y = NULL;
    GEOSCoordSequence *out = NULL;

    if (!GEOSCoordSeq_getSize_r(h, cs, &size))
        return NULL;
    x = kz__mallocarray(ctx, size ? size : 1, sizeof(double));
    y = kz__mallocarray(ctx, size ? size : 1, sizeof(double));
    if (!x || !y)
        goto done;
    for (i = 0; i < size; i++)
        GEOSCoordSeq_getXY_r(h, cs, i, &x[i], &y[i]);
    kz__geo_apply(ctx, op, x, y, size, PJ_FWD);
    out = GEOSCoordSeq_create_r(h, size, 2);
    if (!out)
        goto done;
    for (i = 0; i < size; i++)
        GEOSCoordSeq_setXY_r(h, out, i, x[i], y[i]);
done:
    kz__free(ctx, x);
    kz__free(ctx, y);
    return out;
}

static GEOSGeometry *transform_ring(kz_ctx *ctx, PJ *op,
                                    const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(ctx->geos, ring);
    GEOSCoordSequence *t = cs ? transform_seq(ctx, op, cs) : NULL;
    return t ? GEOSGeom_createLinearRing_r(ctx->geos, t) : NULL;
}

static GEOSGeometry *transform_geom(kz_ctx *ctx, PJ *op,
                                    const GEOSGeometry *g)
{
    GEOSContextHandle_t h = kz__geos(ctx);
    int type, i, n;
    GEOSGeometry **parts = NULL, *out = NULL;

    if (!h)
        return NULL;
    type = GEOSGeomTypeId_r(h, g);
    switch (type) {
    case GEOS_POINT:
    case GEOS_LINESTRING: {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
        GEOSCoordSequence *t = cs ? transform_seq(ctx, op, cs) : NULL;
        if (!t)
            return NULL;
        return type == GEOS_POINT ? GEOSGeom_createPoint_r(h, t)
                                  : GEOSGeom_createLineString_r(h, t);
    }
    case GEOS_LINEARRING:
        return transform_ring(ctx, op, g);
    case GEOS_POLYGON: {
        GEOSGeometry *shell;
        n = GEOSGetNumInteriorRings_r(h, g);
        shell = transform_ring(ctx, op, GEOSGetExteriorRing_r(h, g));
        if (!shell)
            return NULL;
        parts = kz__calloc(ctx, (size_t)(n > 0 ? n : 1), sizeof(*parts));
        if (!parts) {
            GEOSGeom_destroy_r(h, shell);
            return NULL;
        }
        for (i = 0; i < n; i++) {
            parts[i] = transform_ring(ctx, op, GEOSGetInteriorRingN_r(h, g, i));
            if (!parts[i])
                break;
        }
        if (i < n) {
            GEOSGeom_destroy_r(h, shell);
            while (i-- > 0)
                GEOSGeom_destroy_r(h, parts[i]);
        } else {
            out = GEOSGeom_createPolygon_r(h, shell, parts, (unsigned)n);
        }
        kz__free(ctx, parts);
        return out;
    }
    case GEOS_MULTIPOINT:
    case GEOS_MULTILINESTRING:
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION:
        n = GEOSGetNumGeometries_r(h, g);
        parts = kz__calloc(ctx, (size_t)(n > 0 ? n : 1), sizeof(*parts));
        if (!parts)
            return NULL;
        for (i = 0; i < n; i++) {
            parts[i] = transform_geom(ctx, op, GEOSGetGeometryN_r(h, g, i));
            if (!parts[i])
                break;
        }
        if (i < n) {
            while (i-- > 0)
                GEOSGeom_destroy_r(h, parts[i]);
        } else {
            out = GEOSGeom_createCollection_r(h, type, parts, (unsigned)n);
        }
        kz__free(ctx, parts);
        return out;
    default:
        kz__error(ctx, KZ_EGEOM, NULL, 0, NULL,
                  "unsupported geometry type %d", type);
        return NULL;
    }
}

GEOSGeometry *kz__geo_transform_geom(kz_ctx *ctx, PJ *op,
                                     const GEOSGeometry *g)
{
    unsigned long nomem = ctx->nomem;
    GEOSGeometry *t = transform_geom(ctx, op, g);
    /* an allocation failure keeps its KZ_ENOMEM; anything else is GEOS's */
    if (!t && ctx->nomem == nomem)
        kz__error(ctx, KZ_EGEOM, NULL, 0, NULL,
                  "cannot transform a geometry");
    return t;
}

int kz__geo_area_km2(kz_ctx *ctx, const GEOSGeometry *g, double *km2)
{
    PJ *op;
    GEOSGeometry *t;
    double a = 0;
    int rc;

    *km2 = 0;
    if ((rc = kz__geo_transform(&op, ctx, KZ_CRS_WGS84, KZ_CRS_EQUAL_AREA)) <
        0)
        return rc;
    if (!(t = kz__geo_transform_geom(ctx, op, g)))
        return ctx->err_code; /* KZ_ENOMEM or KZ_EGEOM, with its message */
    GEOSArea_r(ctx->geos, t, &a);
    GEOSGeom_destroy_r(ctx->geos, t);
    *km2 = a / 1e6;
    return KZ_OK;
}

double kz__geo_km(double lon1, double lat1, double lon2, double lat2)
{
    const double r = 6371.0088, k = M_PI / 180.0;
    double dlat = (lat2 - lat1) * k, dlon = (lon2 - lon1) * k;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * k) * cos(lat2 * k) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

/* "UTM 38N", "utm zone 38 N", "WGS 84 / UTM zone 38N" as EPSG:326NN /
 * EPSG:327NN into out; 0 when s is no such name. */
static int utm_name(char *out, size_t cap, const char *s)
{
    char w[64];
    size_t n = 0;
    const char *p;
    int zone = 0, digits = 0;

    /* lower-case, without blanks, '/' or '_' */
    for (; *s && n + 1 < sizeof(w); s++)
        if (*s != ' ' && *s != '/' && *s != '_')
            w[n++] = (char)tolower((unsigned char)*s);
    w[n] = '\0';
    p = w;
    if (strncmp(p, "wgs84", 5) == 0)
        p += 5;
    if (strncmp(p, "utm", 3) != 0)
        return 0;
    p += 3;
    if (strncmp(p, "zone", 4) == 0)
        p += 4;
    while (*p >= '0' && *p <= '9' && digits < 3) {
        zone = zone * 10 + (*p++ - '0');
        digits++;
    }
    if (!digits || zone < 1 || zone > 60 || (*p != 'n' && *p != 's') ||
        p[1] != '\0')
        return 0;
    snprintf(out, cap, "EPSG:32%c%02d", *p == 'n' ? '6' : '7', zone);
    return 1;
}

int kz__geo_crs_name(char *out, size_t cap, const char *crs)
{
    while (*crs == ' ')
        crs++;
    if (*crs && strspn(crs, "0123456789") == strlen(crs) &&
        strlen(crs) < 20) {
        snprintf(out, cap, "EPSG:%s", crs);
        return 1;
    }
    return utm_name(out, cap, crs);
}
