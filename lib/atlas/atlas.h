/*
 * atlas.h - internals of lib/atlas: the page plan computed before any
 * drawing (so that the contents and the gazetteer know every page number),
 * the shared read-only document and the page drawers.  Page units are
 * points, y down; page numbers are 1-based.
 */
#ifndef KZ_ATLAS_H
#define KZ_ATLAS_H

#include "map/map.h"
#include "finish/finish.h"
#include "ingest/survey.h"

typedef enum atlas_kind {
    PG_COVER = 0,
    PG_CONTENTS,
    PG_INTRO,
    PG_OVERVIEW_MAP,     /* national map by condition, charts */
    PG_OVERVIEW_DENSITY, /* choropleth, region table */
    PG_REGION,           /* region map and its districts' totals */
    PG_DISTRICT,         /* map, statistics block, condition chart */
    PG_TABLE,            /* kahrizes of a district, continued */
    PG_SHEETS,
    PG_GAZETTEER,
    PG_COLOPHON
} atlas_kind;

typedef struct atlas_page {
    atlas_kind kind;
    unsigned section; /* kz_atlas_section bit */
    long a;           /* region, district, listing (0 az, 1 en) or block */
    size_t first, n;  /* rows, sheets, entries or blocks on the page */
} atlas_page;

typedef struct atlas_region {
    const char *code, *name_az, *name_en;
    size_t first_dist, n_dists; /* into doc->dists */
    /* every survey district of the region, kahrizes or not, in
     * Azerbaijani order of names: the rows of its table */
    const size_t *all;          /* into doc->region_all */
    size_t n_all;
    long stats_row;             /* in by_region, -1 */
    long page;                  /* 1-based, 0 when not drawn */
} atlas_region;

typedef struct atlas_dist {
    long d;                  /* district index, -1: unassigned kahrizes */
    const char *code, *name_az, *name_en, *type;
    size_t region;           /* into doc->regions */
    uint32_t *k;             /* its kahrizes, by id (into doc->dist_k) */
    size_t n;
    long stats_row;          /* in by_district, -1 */
    long page;               /* first page, 0 when not drawn */
} atlas_dist;

/* One line of the contents. */
typedef struct atlas_entry {
    int level;               /* 0 section, 1 region, 2 district */
    const char *key;         /* catalog key (sections), or NULL */
    const char *az, *en;     /* names (regions, districts) */
    long page;
} atlas_entry;

/* One line of a gazetteer listing: a letter heading or a kahriz. */
typedef struct atlas_gline {
    int heading;             /* 1: letter heading */
    uint32_t k;              /* kahriz index, or the heading letter */
    size_t col;              /* column on its page (plan) */
    double y, h;             /* top below kz__atlas_gaz_top, height */
} atlas_gline;

/* A block of the introduction: heading and text from the catalog. */
typedef struct atlas_block {
    const char *key;         /* "atlas.intro.kahriz": .title and .text */
    int legend;              /* 1: the symbol legend, not text */
    double h;                /* measured height, points */
} atlas_block;

typedef struct atlas_doc {
    kz_ctx *ctx; /* the caller's; read-only during drawing */
    const kz_survey *sv;
    const kz_basemap *bm;
    const kz_style *st;
    kz_atlas_options o;
    const kz_rtree *index;
    kz_rtree *own_index;
    kz_stats *by_district, *by_region;
    int32_t today;           /* yyyymmdd of the timestamp */
    int64_t timestamp;

    /* page geometry */
    double pw, ph, x0, y0, w, h; /* page; body box inside the margins */
    double head_h, foot_h;       /* running head and folio bands */

    /* plan */
    atlas_page *pages;
    size_t n_pages;
    atlas_region *regions;
    size_t n_regions;
    atlas_dist *dists;
    size_t n_dists;
    size_t *region_all;          /* survey districts by region */
    uint32_t *dist_k;            /* kahrizes of every dist, concatenated */
    size_t n_dist_k;
    atlas_entry *entries;
    size_t n_entries, rows_contents;
    size_t rows_table;           /* kahriz table rows per page */
    size_t sheets_per_page, sheet_cols, sheet_rows;
    long *sheet_page;            /* per kahriz: page of its sheet, 0 none */
    uint32_t *sheet_order;       /* kahrizes in sheet order */
    double *dem_elev;            /* per kahriz: outlet, mother well from
                                  * the DEM (NAN: surveyed or none);
                                  * NULL without a DEM */
    size_t n_sheets;
    atlas_gline *gaz[2];         /* az, en listings */
    size_t n_gaz[2];
    size_t gaz_cols;             /* gazetteer columns a page */
    atlas_block blocks[8];
    size_t n_blocks;
    long section_page[KZ_ATLAS_SECTION_COUNT]; /* first page, 0 none */
    long gaz_page[2];
    double gaz_top[2];           /* of each listing's entries */
} atlas_doc;

/* --- plan.c --- */
int kz__atlas_plan(atlas_doc *doc);
void kz__atlas_plan_release(atlas_doc *doc);
/* First letter of a name in capitals, for gazetteer headings. */
void kz__atlas_first_letter(char *out, size_t cap, const char *name, int en);
/* Index of a section bit (0..7). */
int kz__atlas_section_index(unsigned bit);

/* --- one page being drawn (draw.c) --- */
typedef struct atlas_ctx {
    atlas_doc *doc;
    kz_ctx *ctx; /* this thread's */
    cairo_t *cr;
    kz_text txt;
    kz_glyphs *gl; /* text queued for the page (canvas/glyphs.c) */
    long page;   /* 1-based */
    size_t photos, photos_missing; /* on this page */
    kz_georefs geo; /* map frames on this page (page index unset) */
} atlas_ctx;

/* Catalog text in one language ("" when missing). */
const char *kz__atlas_t(const atlas_doc *doc, const char *key,
                        const char *lang);
/* "az / en" of a catalog key into buf. */
void kz__atlas_bi(const atlas_doc *doc, char *buf, size_t cap,
                  const char *key);
/* Plain text at x, y (top-left); wrapped to width when width > 0;
 * align: 0 left, 1 centre, 2 right (within width).  Returns the height. */
double kz__atlas_text(atlas_ctx *ac, const char *s, double size, int bold,
                      int italic, double x, double y, double width,
                      int align, const kz_rgb *color);
/* Measure s as kz__atlas_text would draw it. */
void kz__atlas_measure(atlas_ctx *ac, const char *s, double size, int bold,
                       double width, double *w, double *h);
/* Number as a language writes it. */
void kz__atlas_num(char *buf, size_t cap, double v, int decimals,
                   const char *lang);
/* Condition, drinkable, rehabilitation names "az\nen". */
void kz__atlas_class(const atlas_doc *doc, char *buf, size_t cap,
                     const char *prefix, const char *name, int two_lines);

/* A table: columns with relative widths; cells may hold "az\nen". */
typedef struct atlas_table {
    size_t n_cols;
    const double *widths;  /* fractions of the width, sum 1 */
    const int *align;      /* per column: 0 left, 2 right */
    double size;           /* font size */
    double row_h, head_h;
} atlas_table;
/* Row heights for a table in size pt: two lines of text. */
void kz__atlas_table_metrics(atlas_table *t, double size);
void kz__atlas_table_header(atlas_ctx *ac, const atlas_table *t, double x,
                            double y, double w, const char *const *cells);
void kz__atlas_table_row(atlas_ctx *ac, const atlas_table *t, double x,
                         double y, double w, const char *const *cells,
                         int shade, int bold);

/* Charts (charts.c). */
void kz__atlas_chart_conditions(atlas_ctx *ac, const long *counts, double x,
                                double y, double w, double h);
void kz__atlas_chart_histogram(atlas_ctx *ac, const double *values,
                               size_t n, double x, double y, double w,
                               double h);
void kz__atlas_chart_history(atlas_ctx *ac, size_t k, double x, double y,
                             double w, double h);

/* Pages (pages.c, sheet.c). */
int kz__atlas_draw_page(atlas_ctx *ac, const atlas_page *pg);
int kz__atlas_draw_sheets(atlas_ctx *ac, const atlas_page *pg);
/* Where card slot i of a sheets page lies. */
void kz__atlas_card_box(const atlas_doc *doc, size_t slot, double *x,
                        double *y, double *w, double *h);
/* Where line i (0-based) of a contents page, or entry i of a gazetteer
 * page, lies: for the links. */
void kz__atlas_contents_box(const atlas_doc *doc, size_t row, double *x,
                            double *y, double *w, double *h);
void kz__atlas_gaz_box(const atlas_doc *doc, size_t l, const atlas_gline *g,
                       double *x, double *y, double *w, double *h);
/* A gazetteer entry as printed: "name · district" (the name's length in
 * bytes in *name_len) and the line under it, "id · lat° N, lon° E · map
 * p. N" (lang's catalog word; no page when its district has none). */
void kz__atlas_gaz_name(const atlas_doc *doc, uint32_t k, int en, char *buf,
                        size_t cap, size_t *name_len);
void kz__atlas_gaz_detail(const atlas_doc *doc, uint32_t k, int en,
                          char *buf, size_t cap);
/* Font size of the gazetteer's names, and the width they wrap to. */
double kz__atlas_gaz_size(const atlas_doc *doc);
double kz__atlas_gaz_text_w(const atlas_doc *doc);
/* The page of the map of k's district (its district page), 0 none. */
long kz__atlas_kahriz_map_page(const atlas_doc *doc, uint32_t k);
/* Page number a gazetteer entry refers to: its sheet, else the page of
 * its district's table that lists it; 0 when neither is in the document. */
long kz__atlas_kahriz_page(const atlas_doc *doc, uint32_t k);
/* Geometry of the contents and gazetteer pages. */
double kz__atlas_contents_top(const atlas_doc *doc);
/* Top of listing l's entries, below its title and note (plan). */
double kz__atlas_gaz_top(const atlas_doc *doc, size_t l);
/* The note under a gazetteer's title: what its numbers are, and why some
 * entry of the listing has no page in this edition. */
void kz__atlas_gaz_sub(const atlas_doc *doc, size_t l, char *buf,
                       size_t cap);

/* Longest names and notes a page shows, in characters: beyond them a
 * field is cut with an ellipsis (kz__text_fit), not wrapped on and on. */
#define ATLAS_NAME_CHARS 60
#define ATLAS_NOTE_CHARS 160
#define ATLAS_LINE 1.25 /* line height as a multiple of the font size */

#endif
