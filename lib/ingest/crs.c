/*
 * crs.c - the coordinate systems rows come in: each CRS met resolved
 * once per load (EPSG codes, "UTM 38N", WKT, PROJ strings) with its area
 * of use, and a row's coordinates taken to WGS84 lon/lat with a check
 * that they fall where the CRS can be used and in Azerbaijan.
 */
#include "ingest/load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Azerbaijan (44.77-50.63°E, 38.39-41.91°N) with a small margin. */
#define AZ_W 44.7
#define AZ_E 50.7
#define AZ_S 38.3
#define AZ_N 42.0
/* Projections stay usable a little beyond their official area of use
 * (UTM 38N is routinely used just east of 48°E). */
#define AREA_MARGIN 1.0

/* Resolve a CRS string ("EPSG:32638", "32638", "UTM 38N", WKT, PROJ
 * string) once per
 * load; unknown ones are remembered so each row reports without asking
 * PROJ again.  NULL only on fatal errors (ls->fatal set). */
kz_crs *kz__crs_get(kz_load *ls, const char *crs)
{
    kz_ctx *ctx = ls->ctx;
    char norm[64];
    const char *key = crs;
    kz_crs *c;
    size_t i;
    int rc;

    while (*key == ' ')
        key++;
    if (kz__geo_crs_name(norm, sizeof(norm), key))
        key = norm;
    if (ls->last_crs && strcmp(ls->last_crs->crs, key) == 0)
        return ls->last_crs;
    for (i = 0; i < ls->n_crs; i++)
        if (strcmp(ls->crs[i].crs, key) == 0)
            return ls->last_crs = &ls->crs[i];
    if ((rc = kz__grow(ctx, (void **)&ls->crs, &ls->cap_crs, ls->n_crs + 1,
                       sizeof(*ls->crs))) < 0) {
        ls->fatal = rc;
        return NULL;
    }
    c = &ls->crs[ls->n_crs];
    memset(c, 0, sizeof(*c));
    c->crs = kz__strdup(ctx, key);
    if (!c->crs) {
        ls->fatal = KZ_ENOMEM;
        return NULL;
    }
    ls->n_crs++;
    if (strcasecmp(key, KZ_CRS_WGS84) == 0) {
        c->ok = c->identity = 1;
    } else {
        rc = kz__geo_transform(&c->op, ctx, key, KZ_CRS_WGS84);
        if (rc == KZ_ENOMEM) {
            ls->fatal = rc;
            return NULL;
        }
        c->ok = rc == KZ_OK;
        if (c->ok)
            c->has_area =
                kz__geo_area_of_use(ctx, key, &c->w, &c->s, &c->e, &c->n);
        kz_ctx_clear_error(ctx);
    }
    return ls->last_crs = c;
}

/* Where coordinates read as degrees cannot be degrees (|x| > 180 or
 * |y| > 90), they are metres of a projected CRS given without it: the hint
 * names the first of the CRSs surveys of Azerbaijan use that puts them
 * in Azerbaijan, else says they look projected.  Written into out. */
static void projected_hint(kz_load *ls, char *out, size_t cap, double x,
                           double y)
{
    static const struct {
        const char *crs, *name;
    } tries[] = {
        {"EPSG:32638", "WGS 84 / UTM zone 38N"},
        {"EPSG:32639", "WGS 84 / UTM zone 39N"},
        {"EPSG:28408", "Pulkovo 1942 / Gauss-Kruger zone 8"},
        {"EPSG:28409", "Pulkovo 1942 / Gauss-Kruger zone 9"},
    };
    size_t i;

    out[0] = '\0';
    if (fabs(x) <= 180 && fabs(y) <= 90)
        return;
    for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
        double a = x, b = y;
        PJ *op = NULL;
        int rc = kz__geo_transform(&op, ls->ctx, tries[i].crs, KZ_CRS_WGS84);
        kz_ctx_clear_error(ls->ctx);
        if (rc == KZ_ENOMEM) {
            ls->fatal = rc;
            return;
        }
        if (rc < 0 || kz__geo_apply(ls->ctx, op, &a, &b, 1, PJ_FWD) < 0) {
            kz_ctx_clear_error(ls->ctx);
            continue;
        }
        if (a >= AZ_W && a <= AZ_E && b >= AZ_S && b <= AZ_N) {
            snprintf(out, cap,
                     "; the values look like projected metres, not degrees: "
                     "in %s (%s) they fall at %.5f°E, %.5f°N; give the CRS "
                     "in a crs column or as the default (--input-crs %s)",
                     tries[i].crs, tries[i].name, a, b, tries[i].crs);
            return;
        }
    }
    snprintf(out, cap, "; the values look like projected metres, not "
                       "degrees: give their CRS in a crs column or as the "
                       "default (--input-crs)");
}

/* Short name of a CRS for messages (WKT is too long to quote). */
static const char *crs_label(const kz_crs *c)
{
    return strlen(c->crs) <= 48 ? c->crs : "the layer's CRS";
}

/* Transform (x, y) from c to lon/lat and check it lies in the CRS's area of
 * use and in Azerbaijan.  Returns 1 when accepted. */
int kz__locate(kz_row *rs, const kz_crs *c, const char *field, double x,
               double y, double *lon, double *lat)
{
    double a = x, b = y;

    if (!c->identity) {
        kz__geo_apply(rs->ls->ctx, c->op, &a, &b, 1, PJ_FWD);
        if (!isfinite(a) || !isfinite(b) || a == HUGE_VAL || b == HUGE_VAL) {
            kz__row_error(rs, field,
                          "(%.3f, %.3f) cannot be transformed from %s to "
                          "longitude/latitude",
                          x, y, crs_label(c));
            return 0;
        }
        if (c->has_area &&
            (a < c->w - AREA_MARGIN || a > c->e + AREA_MARGIN ||
             b < c->s - AREA_MARGIN || b > c->n + AREA_MARGIN)) {
            kz__row_error(rs, field,
                          "(%.3f, %.3f) in %s is at lon %.6f, lat %.6f, "
                          "outside the area of use of that CRS "
                          "(%.2f to %.2f°E, %.2f to %.2f°N)",
                          x, y, crs_label(c), a, b, c->w, c->e, c->s, c->n);
            return 0;
        }
    }
    if (a < AZ_W || a > AZ_E || b < AZ_S || b > AZ_N) {
        int swapped = b >= AZ_W && b <= AZ_E && a >= AZ_S && a <= AZ_N;
        char hint[320] = "";
        if (c->identity)
            projected_hint(rs->ls, hint, sizeof(hint), x, y);
        kz__row_error(rs, field,
                      "lon %.6f, lat %.6f is outside Azerbaijan "
                      "(%.1f to %.1f°E, %.1f to %.1f°N)%s%s",
                      a, b, AZ_W, AZ_E, AZ_S, AZ_N,
                      swapped ? "; latitude and longitude look swapped" : "",
                      hint);
        return 0;
    }
    *lon = a;
    *lat = b;
    return 1;
}
