/*
 * geo.h - the only gateway to PROJ and GEOS.  The context owns one PROJ
 * context and one GEOS handle, created on first use; transformations are
 * cached per source CRS string for the life of the context.
 */
#ifndef KZ_GEO_H
#define KZ_GEO_H

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <proj.h>

#include "core/core.h"

/* Borrowed handles (NULL and KZ_ENOMEM/KZ_EPROJ set on failure). */
PJ_CONTEXT *kz__proj(kz_ctx *ctx);
GEOSContextHandle_t kz__geos(kz_ctx *ctx);

/* The WGS84 longitude/latitude CRS used inside the model. */
#define KZ_CRS_WGS84 "EPSG:4326"
/* Equal-area projection for areas: LAEA centred on Azerbaijan. */
#define KZ_CRS_EQUAL_AREA                                                     \
    "+proj=laea +lat_0=40.2 +lon_0=47.7 +x_0=0 +y_0=0 +ellps=WGS84 "          \
    "+units=m +no_defs +type=crs"

/*
 * Transformation from crs to crs2, normalised so that x is longitude /
 * easting.  Cached in the context: the result is borrowed and lives as
 * long as ctx.  Errors: KZ_EPROJ naming the CRS.
 */
/* Great-circle (haversine) distance in km on the mean Earth radius
 * between two lon/lat points in degrees. */
double kz__geo_km(double lon1, double lat1, double lon2, double lat2);

int kz__geo_transform(PJ **out, kz_ctx *ctx, const char *src_crs,
                      const char *dst_crs);
/* Transform n points in place (x[i], y[i]); non-finite results stay HUGE_VAL
 * (PROJ's convention) and are left to the caller to report. */
int kz__geo_apply(kz_ctx *ctx, PJ *op, double *x, double *y, size_t n,
                  PJ_DIRECTION dir);
/* Area of use of a CRS in degrees; returns 0 when unknown. */
int kz__geo_area_of_use(kz_ctx *ctx, const char *crs, double *w, double *s,
                        double *e, double *n);
/* "EPSG:32638" style CRS of the UTM zone holding lon/lat (north only). */
void kz__geo_utm_for(char *out, size_t cap, double lon, double lat);
/* The UTM zone of a district map: that of the centroid of the district's
 * lon/lat geometry g, so that the whole district shares one zone even
 * where it straddles a zone boundary; of lon/lat when g is NULL or has no
 * centroid. */
void kz__geo_utm_for_geom(char *out, size_t cap, kz_ctx *ctx,
                          const GEOSGeometry *g, double lon, double lat);
/* Planar area in km² of a lon/lat GEOS geometry, in the equal-area CRS. */
int kz__geo_area_km2(kz_ctx *ctx, const GEOSGeometry *g, double *km2);
/* The CRS as WKT1 (GDAL flavour, as PDF geospatial dictionaries and older
 * readers take it) in *wkt (caller frees with kz__free) and its EPSG code
 * in *epsg (0 when it has none).  Errors: KZ_EPROJ naming the CRS. */
/* The names of a CRS the survey form and users write that PROJ does not
 * know, as PROJ knows them: "32638" as "EPSG:32638", "UTM 38N" (also
 * "UTM zone 38N", "WGS 84 / UTM zone 38N") as "EPSG:32638", into out.
 * Returns 1 when written, 0 when crs is no such name (out untouched). */
int kz__geo_crs_name(char *out, size_t cap, const char *crs);
int kz__geo_crs_describe(kz_ctx *ctx, const char *crs, char **wkt,
                         int *epsg);
/* Copy of g with every coordinate transformed by op (forward); NULL with
 * the context's error set: KZ_ENOMEM when an allocation failed, else
 * KZ_EGEOM. */
GEOSGeometry *kz__geo_transform_geom(kz_ctx *ctx, PJ *op,
                                     const GEOSGeometry *g);

#endif
