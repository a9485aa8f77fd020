/*
 * basemap.h - internals of lib/basemap: the geography a map draws beside
 * the survey, read once and shared by every page: neighbouring countries
 * and the sea, reference layers (rivers, lakes, roads, places) from any
 * OGR source, and the survey's villages matched to places.  Lon/lat GEOS
 * geometries; nothing here draws.
 */
#ifndef KZ_BASEMAP_H
#define KZ_BASEMAP_H

#include <gdal.h>
#include <ogr_api.h>

#include "geo/geo.h"

/* One named lon/lat geometry of a context layer. */
typedef struct kz_basemap_feature {
    GEOSGeometry *geom;
    double minx, miny, maxx, maxy;
    const char *name_az, *name_en;
} kz_basemap_feature;

/* One feature of a reference layer (kz_basemap_add_reference), lon/lat.
 * cls by kind, 0 the most important: rivers 0 main river .. 3 stream or
 * canal; roads 0 motorway/trunk, 1 primary, 2 secondary, 3 other; places
 * 0 city, 1 town, 2 village, 3 hamlet.  A place named in the survey is
 * marked by kz_basemap_match_villages through the survey, not here. */
typedef struct kz_ref_feature {
    GEOSGeometry *geom;
    double minx, miny, maxx, maxy;
    const char *name_az, *name_en; /* "" when none */
    const char *key_az, *key_en;   /* names folded by kz__ref_name_key */
    int cls;
    double population;   /* places; NAN when unknown */
    double elevation_m;  /* places; NAN when unknown */
} kz_ref_feature;

struct kz_basemap {
    kz_ctx *ctx;
    kz_arena strings;
    kz_basemap_feature *neighbours, *sea;
    size_t n_neighbours, n_sea;
    kz_ref_feature *ref[KZ_REF_KINDS]; /* by kz_reference_kind */
    size_t n_ref[KZ_REF_KINDS], cap_ref[KZ_REF_KINDS];
    char *dem_path; /* kz_basemap_set_dem; NULL: no relief */
    /* the model named for the credits: the user's words
     * (kz_basemap_set_dem_credit) before the name in the model's
     * metadata (read by kz_basemap_set_dem); NULL: none known, and the
     * credits say "digital elevation model", never the file's name */
    char *dem_credit, *dem_name;
};

/* --- ogr.c: OGR features as lon/lat GEOS geometries --- */
/* path opened read-only as vector data, with at least one layer, into
 * *ds (caller closes); GDAL's messages must be routed (kz__gdal_push)
 * by the caller.  KZ_EINPUT naming path: why GDAL could not open it, or
 * "no layer". */
int kz__ogr_open(GDALDatasetH *ds, kz_ctx *ctx, const char *path);
/* The transformation from the layer's CRS to lon/lat; *op NULL when it
 * is lon/lat already or says nothing (taken as lon/lat).  KZ_EPROJ. */
int kz__ogr_layer_op(PJ **op, kz_ctx *ctx, OGRLayerH layer,
                     const char *path);
/* g (not empty) as a valid lon/lat GEOS geometry the caller destroys;
 * errors name path and the feature id: KZ_EINPUT, KZ_EPROJ, KZ_EGEOM,
 * KZ_ENOMEM. */
int kz__ogr_geom_lonlat(GEOSGeometry **out, kz_ctx *ctx, OGRGeometryH g,
                        PJ *op, const char *path, long fid);
/* --- reference.c --- */
/* A name folded for matching: Azerbaijani lower case, romanised, letters
 * and digits only ("Nürgüt", "NURGUT", "Nurgut" give "nurgut"). */
void kz__ref_name_key(char *out, size_t cap, const char *s);
/* Free the reference layers of a basemap being destroyed. */
void kz__ref_release(kz_basemap *bm);

/* --- villages.c --- */
#define KZ_VILLAGE_KM 20.0 /* a village is looked for this near its kahriz */
#define KZ_NAME_KEY 256    /* bytes of a folded name */
/* Where a place is: its point, or its centre when it is an area. */
void kz__ref_place_lonlat(const kz_ref_feature *f, double *lon, double *lat);
/* Whether place f answers to the folded names kaz or ken. */
int kz__ref_place_matches(const kz_ref_feature *f, const char *kaz,
                          const char *ken);

#endif
