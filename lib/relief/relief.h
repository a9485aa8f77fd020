/*
 * relief.h - internals of lib/relief: the basemap's elevation model
 * (dem.c), resampled to a page's grid (resample.c), shaded under the
 * fills (hillshade.c) and traced into labelled contours (contours.c);
 * elevations sampled at points for sheets and exports.
 */
#ifndef KZ_RELIEF_H
#define KZ_RELIEF_H

#include "basemap/basemap.h"
#include "label/label.h"

/* --- hillshade.c, contours.c: relief on a map page --- */
/* Hillshade of the map area as one 8-bit grey image, clipped to the
 * frame, drawn before the district fills (which then go translucent);
 * nothing without a DEM or when it does not cover the window.  Sets
 * pg->has_relief.  KZ_EINPUT naming the DEM, KZ_ENOMEM. */
int kz__relief_draw(kz_page *pg);
/* Contour lines at an interval chosen from the scale, over the fills;
 * sets pg->contour_step.  Their elevation labels are placed by
 * kz__contours_label after the kahriz labels. */
int kz__contours_draw(kz_page *pg);
int kz__contours_label(kz_page *pg);
void kz__contours_release(kz_page *pg);
/* Elevations of many points from one opening of the DEM at path (a
 * sampler per thread: GDAL datasets are not shared).  kz__dem_open:
 * KZ_EINPUT naming the file, KZ_EPROJ, KZ_ENOMEM; caller closes with
 * kz__dem_close (NULL is a no-op).  kz__dem_sample: metres at lon/lat,
 * bilinear between pixel centres; KZ_ENOTFOUND outside the DEM or where
 * one of the four pixels has no data, KZ_EINPUT when unreadable. */
typedef struct kz_dem kz_dem;
/* The bilingual source line (the catalog's key: "source", or
 * "source.synthetic" for the bundled sample), crediting the
 * model of the relief when bm has one and relief was drawn from it:
 * "...; relyef: SRTM 3 / ...; relief: SRTM 3" by kz__dem_credit, or in
 * the catalog's words ("source.relief.model": "digital elevation
 * model") when it has no name; never the file's.  A name longer than
 * name_chars characters (0: any) is cut to them with "…".  *second as
 * kz__text_bilingual. */
void kz__source_text(char *buf, size_t cap, long *second,
                     const kz_style *st, const kz_basemap *bm, int relief,
                     const char *key, size_t name_chars);
/* The name bm's elevation model is credited by: the user's credit
 * (kz_basemap_set_dem_credit), else the model's own from its metadata;
 * NULL without a model or a name (borrowed from bm). */
const char *kz__dem_credit(const kz_basemap *bm);
/* The elevation model at path resampled to an nx x ny grid over ground
 * (xmin, ymin, xmax, ymax in crs; pixel centres at .5): *z (nx * ny
 * floats, rows from the top; caller frees with kz__free), KZ_DEM_NODATA
 * where the model has no data, *zmin / *zmax over the rest; *z NULL when
 * the model has none in the grid.  A pixel's place in the model comes
 * from PROJ at every few pixels, interpolated between to within a tenth
 * of the model's pixel; its value is bilinear between the model's pixel
 * centres (those with data, weighted anew), read from the model averaged
 * down to about the grid's pixel where it is finer.  KZ_EINPUT naming
 * the file, KZ_EPROJ, KZ_ENOMEM. */
#define KZ_DEM_NODATA -32768.0
int kz__dem_resample(kz_ctx *ctx, const char *path, const char *crs,
                     const double ground[4], int nx, int ny, float **z,
                     double *zmin, double *zmax);
int kz__dem_open(kz_dem **out, kz_ctx *ctx, const char *path);
int kz__dem_sample(kz_dem *d, double lon, double lat, double *metres);
void kz__dem_close(kz_dem *d);
/* Elevations from bm's DEM for the kahrizes of sv surveyed without one:
 * *out (caller frees with kz__free) holds two per kahriz, the outlet's
 * and the mother well's, NAN where the survey has its own or the DEM
 * none; *out NULL when bm has no DEM.  KZ_EINPUT naming the DEM,
 * KZ_ENOMEM. */
int kz__dem_sample_kahrizes(double **out, kz_ctx *ctx, const kz_basemap *bm,
                            const kz_survey *sv);

/* --- internals shared by the relief's files --- */
/* One contour line in page points: pt[start..start + n). */
typedef struct cline {
    size_t start, n;
    double level;
    int index; /* every fifth level, drawn heavier and labelled */
    int labelled;  /* its first label placed, at (lx, ly) */
    double lx, ly;
} cline;

struct kz_contours {
    GDALDatasetH dem; /* the DEM warped to the map area (MEM, Float32) */
    int nx, ny;
    double zmin, zmax; /* over the valid pixels */
    double dem_pt;     /* the DEM's pixel on paper, points */
    double *x, *y;     /* points of every line, page points */
    size_t n_pt, cap_pt;
    cline *lines;
    size_t n_lines, cap_lines;
};

/* Free c and the model it keeps (NULL is a no-op). */
void kz__contours_free(kz_ctx *ctx, struct kz_contours *c);
/* path opened as a raster with a CRS into *out, its geotransform into gt
 * and its CRS's WKT into *wkt (owned by the dataset).  KZ_EINPUT naming
 * path. */
int kz__dem_open_ds(GDALDatasetH *out, double gt[6], const char **wkt,
                    kz_ctx *ctx, const char *path);
/* The model src (geotransform gt, CRS src_wkt) resampled as
 * kz__dem_resample resamples the model at a path. */
int kz__dem_resample_ds(kz_ctx *ctx, GDALDatasetH src, const double gt[6],
                        const char *src_wkt, const char *crs,
                        const double ground[4], int nx, int ny, float **out,
                        double *zmin, double *zmax);

#endif
