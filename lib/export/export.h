/*
 * export.h - internals of the GeoPackage export: metadata documents and
 * the QGIS style, built as text, and SQL literal quoting.
 */
#ifndef KZ_EXPORT_H
#define KZ_EXPORT_H

#include <ogr_srs_api.h>

#include "aggregate/locator.h"

/* Append s as an SQL string literal ('...' with quotes doubled). */
int kz__sql_quote(kz_buf *b, const char *s);
/* What a dataset of the bundled synthetic sample says of itself, before
 * its title, abstract, lineage and layer descriptions. */
#define KZ_EXPORT_SYNTHETIC_EN "SYNTHETIC sample data, not real kahrizes"
#define KZ_EXPORT_SYNTHETIC_AZ                                                \
    "SİNTETİK nümunə məlumatlar, həqiqi kəhrizlər deyil"
/* The options' synthetic flag (options of version 4 and later). */
static inline int kz__export_synthetic(const kz_export_options *o)
{
    return o->version >= 4 && o->synthetic;
}
/* ISO 19115 (ISO 19139 XML) dataset metadata in Azerbaijani and English;
 * synthetic: the texts begin by saying the data are the synthetic
 * sample. */
int kz__export_iso19115(kz_buf *b, const kz_export_texts *texts,
                        int synthetic, const kz_survey *sv,
                        const char *stamp, OGRSpatialReferenceH srs);
/* What the QGIS styles take from the atlas style: "#rrggbb" colours,
 * widths and sizes in millimetres, class breaks. */
typedef struct kz_export_look {
    char cond[KZ_COND_COUNT][8];
    /* QGIS marker name of each condition's shape; open symbols are filled
     * with the paper colour, as the maps draw them */
    const char *cond_shape[KZ_COND_COUNT];
    char symbol_stroke[8];
    double symbol_mm;
    double size_breaks[8];    /* latest discharge, l/s */
    double radius_mm[9];      /* per discharge class */
    size_t n_sizes;           /* breaks; classes = n_sizes + 1 */
    double radius_unmeasured_mm;
    size_t n_density;         /* breaks; classes = n_density + 1 */
    double density_breaks[9]; /* kahrizes per 100 km² */
    char density_color[10][8];
    char district_border[8];
    double district_mm;
    char gallery[8];
    double gallery_mm;
    /* a gallery known only from its mother well and outlet */
    double gallery_schematic_mm, gallery_schematic_dash_mm[2];
    char shaft[8], paper[8];
    double shaft_mm, shaft_radius_mm;
    char text[8], halo[8];
    /* each condition's name as the atlas prints it, Azerbaijani first:
     * "Yaxşı / Good" */
    char cond_label[KZ_COND_COUNT][128];
} kz_export_look;

/* The look of style st (NULL: the bundled default style), with the
 * condition colours given (NULL entries: the style's). */
void kz__export_look_init(kz_export_look *lk, const kz_style *st,
                          const char *const *condition_colors);
/* QGIS QML of one layer of the export: kahrizes, districts, regions,
 * shafts, galleries or assessments. */
int kz__export_qml(kz_buf *b, const kz_export_look *lk, const char *layer);

/* --- photos.c: photos copied beside the GeoPackage --- */
typedef struct kz_photos {
    kz_ctx *ctx;
    char dir[4200]; /* "survey_photos" beside "survey.gpkg" */
    char rel[512];  /* its name, as the GeoPackage records it */
    char tmp[4300]; /* the copies until placed; "" before the first */
    size_t n;       /* photos copied */
    int placed;     /* dir is this export's */
} kz_photos;
void kz__photos_init(kz_photos *p, kz_ctx *ctx, const char *gpkg);
/* The photo path the export records for a kahriz (id): an absolute path
 * to a file on this disk is copied beside the GeoPackage and its path
 * relative to the GeoPackage written to out; any other is written as it
 * is.  KZ_EIO naming the file. */
int kz__photos_take(kz_photos *p, const char *id, const char *photo,
                    char *out, size_t cap);
/* Place the copies (before the GeoPackage itself): an existing directory
 * is replaced only with overwrite.  KZ_EEXISTS, KZ_EIO. */
int kz__photos_commit(kz_photos *p, int overwrite);
/* Remove the copies, or the placed directory when the GeoPackage could
 * not follow it. */
void kz__photos_abort(kz_photos *p);

#endif
