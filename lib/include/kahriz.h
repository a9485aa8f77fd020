/*
 * kahriz.h - the public API of libkahriz.
 *
 * libkahriz ingests field surveys of kahrizes (qanats) and their technical
 * assessments, reprojects them with PROJ, indexes them in a packed Hilbert
 * R-tree, aggregates them per district with GEOS and renders bilingual
 * (Azerbaijani / English) atlas pages with cairo and pango.
 *
 * Conventions: every call that can fail takes a kz_ctx and returns KZ_OK (0)
 * or a negative kz_status; the context then holds the message.  Out-params
 * come first.  create/destroy pairs; destroy accepts NULL.  Getters return
 * borrowed pointers valid while the parent object lives.  One context per
 * thread; read-only objects (a finished tree, a loaded survey) may be shared
 * between threads.
 */
#ifndef KAHRIZ_H
#define KAHRIZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(KZ_BUILDING_LIBRARY) && defined(__GNUC__)
#define KZ_API __attribute__((visibility("default")))
#else
#define KZ_API
#endif

#define KZ_VERSION_MAJOR 0
#define KZ_VERSION_MINOR 1
#define KZ_VERSION_PATCH 0

/* ===================================================================== */
/* Core: context, status codes, errors, logging                          */
/* ===================================================================== */

/** Status codes, grouped by family (see kz_status_family()). */
typedef enum kz_status {
    KZ_OK = 0,
    /* general */
    KZ_ERROR = -1,       /**< unspecified failure */
    KZ_EINVAL = -2,      /**< invalid argument (API misuse) */
    KZ_ENOMEM = -3,      /**< allocation failed */
    KZ_EIO = -4,         /**< file system error */
    KZ_EFORMAT = -5,     /**< corrupt serialized data */
    KZ_EINTERRUPTED = -6, /**< interrupted by a signal or a callback */
    KZ_EUSAGE = -7,      /**< bad command-line usage */
    /* input */
    KZ_EINPUT = -100,    /**< a source cannot be opened or read */
    KZ_ENOTFOUND = -101, /**< a layer, field, code or id does not exist */
    KZ_EDATA = -102,     /**< input rows were rejected (see the report) */
    /* projection */
    KZ_EPROJ = -200,     /**< CRS unknown or transformation failed */
    /* geometry */
    KZ_EGEOM = -300,     /**< geometry operation failed */
    /* render */
    KZ_ERENDER = -400,   /**< cairo or pango failed */
    KZ_ESTYLE = -401,    /**< invalid style document */
    KZ_EFONT = -402,     /**< a font is missing */
    /* export */
    KZ_EEXPORT = -500,   /**< writing an output failed */
    KZ_EEXISTS = -501    /**< output exists and overwriting was not asked */
} kz_status;

/** Families of status codes; the CLI maps them to exit codes. */
typedef enum kz_family {
    KZ_FAMILY_OK = 0,
    KZ_FAMILY_GENERAL,
    KZ_FAMILY_INPUT,
    KZ_FAMILY_PROJECTION,
    KZ_FAMILY_GEOMETRY,
    KZ_FAMILY_RENDER,
    KZ_FAMILY_EXPORT
} kz_family;

/** Static name of a status code ("KZ_EINPUT"); never NULL. Since: 0.1 */
KZ_API const char *kz_status_str(int code);
/** Family of a status code. Since: 0.1 */
KZ_API kz_family kz_status_family(int code);

/** Version string of the library ("0.1.0"). Since: 0.1 */
KZ_API const char *kz_version(void);
/**
 * $SOURCE_DATE_EPOCH (Unix seconds) into *out, the time reproducible
 * builds give every output (dates printed, PDF and GeoPackage dates).
 * @return 1 when it is set and valid, 0 when not (*out unchanged).
 * Since: 0.2
 */
KZ_API int kz_source_date_epoch(int64_t *out);
/**
 * Versions of the libraries in use, one line, e.g.
 * "GDAL 3.6.2, PROJ 9.1.1, GEOS 3.11.1, cairo 1.16.0, pango 1.50.12,
 * json-c 0.16". Static storage. Since: 0.1
 */
KZ_API const char *kz_dependency_versions(void);

typedef struct kz_ctx kz_ctx;

/** The last error of a context. Strings are owned by the context and valid
 *  until the next failing call on it. */
typedef struct kz_error {
    int code;            /**< kz_status, KZ_OK when none */
    const char *message; /**< one line with location, "" when none */
    const char *file;    /**< input or output file, "" when none */
    long row;            /**< row (line) number, 0 when none */
    const char *field;   /**< field (column) name, "" when none */
} kz_error;

typedef enum kz_log_level {
    KZ_LOG_DEBUG = 0,
    KZ_LOG_INFO = 1,
    KZ_LOG_WARN = 2,
    KZ_LOG_ERROR = 3
} kz_log_level;

typedef void (*kz_log_fn)(void *userdata, kz_log_level level,
                          const char *message);

/** Custom allocator; all three functions must be set. */
typedef struct kz_allocator {
    void *(*malloc_fn)(void *userdata, size_t size);
    void *(*realloc_fn)(void *userdata, void *ptr, size_t size);
    void (*free_fn)(void *userdata, void *ptr);
    void *userdata;
} kz_allocator;

typedef struct kz_ctx_options {
    unsigned version;              /**< KZ_CTX_OPTIONS_VERSION */
    const kz_allocator *allocator; /**< NULL: malloc/realloc/free */
    kz_log_fn log;                 /**< NULL: no logging */
    void *log_userdata;
    kz_log_level log_level; /**< messages below this level are dropped */
} kz_ctx_options;

#define KZ_CTX_OPTIONS_VERSION 1
#define KZ_CTX_OPTIONS_INIT {KZ_CTX_OPTIONS_VERSION, NULL, NULL, NULL, KZ_LOG_WARN}

/**
 * Create a context.  It owns the PROJ and GEOS contexts (created on first
 * use), the allocator, the log callback and the last error.
 * @param out   receives the context
 * @param opts  NULL for defaults
 * @return KZ_OK, KZ_ENOMEM, KZ_EINVAL
 * Ownership: caller frees with kz_ctx_destroy().  Since: 0.1
 */
KZ_API int kz_ctx_create(kz_ctx **out, const kz_ctx_options *opts);
/** Destroy a context; NULL is a no-op. Since: 0.1 */
KZ_API void kz_ctx_destroy(kz_ctx *ctx);
/** The last error; borrowed, never NULL. Since: 0.1 */
KZ_API const kz_error *kz_ctx_error(const kz_ctx *ctx);
/** Forget the last error. Since: 0.1 */
KZ_API void kz_ctx_clear_error(kz_ctx *ctx);
/**
 * Ask long operations running on this context to stop at the next safe
 * point with KZ_EINTERRUPTED.  Async-signal-safe.  Since: 0.1
 */
KZ_API void kz_ctx_interrupt(kz_ctx *ctx);

/* ===================================================================== */
/* Text: UTF-8, Azerbaijani transliteration, case mapping and collation  */
/* ===================================================================== */

/**
 * Check UTF-8.  Returns len when s[0..len) is valid UTF-8 without NUL bytes,
 * otherwise the byte offset of the first invalid sequence.  Since: 0.1
 */
KZ_API size_t kz_utf8_check(const char *s, size_t len);
/** Number of code points of a valid UTF-8 string. Since: 0.1 */
KZ_API size_t kz_utf8_length(const char *s);
/** Terminal display width (combining marks 0, wide CJK 2). Since: 0.1 */
KZ_API size_t kz_utf8_width(const char *s);

/**
 * Transliterate Azerbaijani to the English form made mandatory for maps by
 * Cabinet of Ministers Resolution No. 498 (16 December 2020): ə→a, ı→i, ö→o,
 * ü→u, c→j, ç→ch, ş→sh, ğ→gh, x→kh, q→g, j→zh, İ→I, other letters as they
 * are; capitalisation follows the source ("Şəki"→"Shaki", "ŞƏKİ"→"SHAKI").
 * Writes at most cap bytes including the terminating NUL (like snprintf).
 * @return the length the full result needs (excluding NUL).  Since: 0.1
 */
KZ_API size_t kz_translit_en(char *out, size_t cap, const char *az);
/**
 * The older (pre-2020, Soviet-era) English spelling used in earlier texts
 * ("Şəmkir"→"Shemkir", "Tərtər"→"Terter", "Ağdam"→"Agdam"), for search and
 * the gazetteer.  Known irregular names ("Cəbrayıl"→"Jabrail",
 * "Göygöl"→"Khanlar") come from a table.  Same return as kz_translit_en.
 * Since: 0.1
 */
KZ_API size_t kz_translit_legacy(char *out, size_t cap, const char *az);
/**
 * Azerbaijani-correct case mapping: i↔İ and ı↔I ("İmişli"→"İMİŞLİ",
 * "Qazax"→"QAZAX").  Same return as kz_translit_en.  Since: 0.1
 */
KZ_API size_t kz_upper_az(char *out, size_t cap, const char *s);
KZ_API size_t kz_lower_az(char *out, size_t cap, const char *s);
/**
 * Compare in Azerbaijani alphabetical order
 * (a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z),
 * case-insensitively first, then by case.  Since: 0.1
 */
KZ_API int kz_collate_az(const char *a, const char *b);
/** Compare in English alphabetical order (accents folded). Since: 0.1 */
KZ_API int kz_collate_en(const char *a, const char *b);
/**
 * A safe file name from any text (a district's name, say): transliterated
 * to ASCII, letters, digits, '.', '_' and '-' kept, every other run of
 * characters one '-', no leading '.' or '-', at most 80 bytes, "unnamed"
 * when nothing is left.  It never holds '/' or starts with '.', so
 * "../../x" cannot leave a directory.  Same return as kz_translit_en().
 * Since: 0.1
 */
KZ_API size_t kz_safe_filename(char *out, size_t cap, const char *name);

/* ===================================================================== */
/* Reports: every rejected or doubtful input row, never silent           */
/* ===================================================================== */

typedef enum kz_severity { KZ_SEV_WARNING = 1, KZ_SEV_ERROR = 2 } kz_severity;

typedef struct kz_report_entry {
    kz_severity severity;
    const char *source; /**< role: "kahrizes", "assessments", ... */
    const char *file;   /**< file or connection string */
    long row;           /**< text line (header = 1) or feature id; 0: none */
    const char *field;  /**< "" when the whole row or file is concerned */
    const char *message;
} kz_report_entry;

/** Per-source counts. */
typedef struct kz_report_summary {
    const char *source;
    const char *file;
    long rows_read;
    long accepted;
    long rejected;
    long warnings;
} kz_report_summary;

typedef struct kz_report kz_report;

typedef enum kz_report_format {
    KZ_REPORT_TEXT = 0,
    KZ_REPORT_JSON = 1,
    KZ_REPORT_CSV = 2
} kz_report_format;

/** Ownership: caller frees with kz_report_destroy(). Since: 0.1 */
KZ_API int kz_report_create(kz_report **out, kz_ctx *ctx);
KZ_API void kz_report_destroy(kz_report *report);
KZ_API size_t kz_report_count(const kz_report *report);
/** Borrowed entry i (0-based), NULL when out of range. */
KZ_API const kz_report_entry *kz_report_get(const kz_report *report,
                                            size_t i);
KZ_API size_t kz_report_errors(const kz_report *report);
KZ_API size_t kz_report_warnings(const kz_report *report);
KZ_API size_t kz_report_summary_count(const kz_report *report);
KZ_API const kz_report_summary *kz_report_summary_get(const kz_report *report,
                                                      size_t i);
/** Write the summary and every entry. Since: 0.1 */
KZ_API int kz_report_write(kz_ctx *ctx, const kz_report *report, FILE *fp,
                           kz_report_format format);

/* ===================================================================== */
/* Survey model                                                          */
/* ===================================================================== */

typedef enum kz_condition {
    KZ_COND_UNASSESSED = 0,
    KZ_COND_GOOD = 1,
    KZ_COND_FAIR = 2,
    KZ_COND_POOR = 3,
    KZ_COND_DRY = 4,
    KZ_COND_COLLAPSED = 5
} kz_condition;
#define KZ_COND_COUNT 6

typedef enum kz_drinkable {
    KZ_DRINK_UNKNOWN = 0,
    KZ_DRINK_YES = 1,
    KZ_DRINK_NO = 2
} kz_drinkable;

typedef enum kz_rehab {
    KZ_REHAB_UNKNOWN = 0,
    KZ_REHAB_NONE = 1,
    KZ_REHAB_PLANNED = 2,
    KZ_REHAB_ONGOING = 3,
    KZ_REHAB_DONE = 4
} kz_rehab;

/** English keyword of a class ("good", "yes", "done"); "" for unknown. */
KZ_API const char *kz_condition_name(kz_condition c);
KZ_API const char *kz_drinkable_name(kz_drinkable d);
KZ_API const char *kz_rehab_name(kz_rehab r);
/**
 * Parse a condition: good, fair, poor, dry, collapsed; the Azerbaijani
 * yaxşı, kafi, pis, quru, uçmuş; codes 1-5; case-insensitive.
 * @return the class, or KZ_COND_UNASSESSED (0) when not recognised.
 */
KZ_API kz_condition kz_condition_parse(const char *s);

/** One technical visit.  Unknown numbers are NAN (double) or -1 (int). */
typedef struct kz_assessment {
    uint32_t kahriz;    /**< index of the kahriz in the survey */
    int32_t date;       /**< yyyymmdd */
    double discharge_l_s;
    kz_condition condition;
    kz_drinkable drinkable;
    int32_t households_served;
    int32_t shafts_open;
    int32_t shafts_collapsed;
    kz_rehab rehab_status;
    int32_t rehab_year;
    const char *notes_az; /**< "" when none */
    const char *notes_en;
    const char *assessor;
    long source_row;
    const char *submitted_at; /**< field form's submission time, "" none */
    const char *uuid;         /**< field form's submission id, "" none */
} kz_assessment;

/** One kahriz.  Coordinates are WGS84 longitude/latitude. */
typedef struct kz_kahriz {
    const char *id;
    const char *name_az;
    const char *name_en;      /**< transliterated when the source had none */
    int name_en_derived;      /**< 1 when name_en was transliterated */
    const char *district_declared; /**< code from the source, "" when none */
    const char *village_az;
    const char *village_en;
    double lon, lat;           /**< outlet */
    double head_lon, head_lat; /**< mother well, NAN when unknown */
    double length_m;           /**< NAN when unknown */
    int32_t shafts;            /**< -1 when unknown */
    double mother_well_depth_m;
    int32_t year_built;        /**< 0 when unknown */
    const char *owner;
    const char *photo;         /**< path as given, "" when none */
    uint32_t first_assessment; /**< into kz_survey_assessment(), by date */
    uint32_t n_assessments;
    uint32_t first_shaft;      /**< into kz_survey_shaft(), by seq */
    uint32_t n_shafts;
    int32_t district;          /**< index of the containing district, -1 */
    long source_row;
    double gps_precision_m;      /**< of the outlet's GPS fix, NAN unknown */
    double head_gps_precision_m; /**< of the mother well's, NAN unknown */
    /** Elevation of the outlet and of the mother well in metres above sea
     *  level as surveyed (columns elevation_m / altitude / elevation and
     *  head_elevation_m; a form's geopoint altitude), NAN unknown.
     *  Since: 0.3 */
    double elevation_m, head_elevation_m;
} kz_kahriz;

typedef struct kz_shaft {
    uint32_t kahriz;
    int32_t seq;
    double lon, lat;
    double depth_m; /**< NAN when unknown */
    long source_row;
    double gps_precision_m; /**< of the GPS fix, NAN when unknown */
    int collapsed;          /**< 1 collapsed, 0 open, -1 unknown */
} kz_shaft;

typedef struct kz_district {
    const char *code;
    const char *name_az;
    const char *name_en;
    const char *name_alt;   /**< older forms separated by ';', "" if none */
    const char *type;       /**< "district" or "city" */
    const char *region_code;
    const char *region_az;
    const char *region_en;
    double minx, miny, maxx, maxy; /**< envelope, degrees */
    double area_km2;               /**< equal-area (LAEA on Azerbaijan) */
    long source_row;
} kz_district;

/** Where the survey comes from. Any path or OGR connection string, with an
 *  optional QGIS-style "|layername=NAME". */
typedef struct kz_sources {
    unsigned version;        /**< KZ_SOURCES_VERSION */
    const char *kahrizes;    /**< required, unless kobo is given */
    const char *assessments; /**< NULL: none */
    const char *shafts;      /**< NULL: none */
    const char *districts;   /**< NULL: none (no assignment possible) */
    const char *default_crs; /**< for rows without crs; NULL: EPSG:4326 */
    const char *mapping;     /**< header mapping file, NULL: none */
    char csv_separator;      /**< 0: detect */
    int decimal_comma;       /**< -1: detect, 0: no, 1: yes */
    int32_t today;           /**< yyyymmdd for "date in the future"; 0: now */
    /* Since version 2 (0.3); a version 1 struct ends before these. */
    const char *kobo;        /**< a KoboToolbox export (XLSX or CSV) or an
                                  ODK Central CSV zip of the kahriz survey
                                  form: gives kahrizes, assessments and
                                  shafts (leave those NULL); NULL: none */
    const char *attachments; /**< directory of the export's photos, NULL:
                                  photo names are kept as they are */
    double max_gps_error_m;  /**< GPS precision above this is a warning;
                                  0: 20 m */
} kz_sources;

#define KZ_SOURCES_VERSION 2
#define KZ_SOURCES_INIT                                                      \
    {KZ_SOURCES_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, -1, 0,        \
     NULL, NULL, 0}
/** Default of kz_sources.max_gps_error_m, metres. */
#define KZ_MAX_GPS_ERROR_M 20.0

typedef struct kz_survey kz_survey;

/**
 * Load a survey.  Every input row is either accepted into the model or
 * reported in report (which may be NULL to discard the details; counts are
 * still returned through the status).  Kahrizes are assigned to districts
 * when districts are given.  A field form export (sources->kobo, since
 * 0.3) gives the kahrizes, assessments and shafts: one submission is one
 * visit, a revisit adds an assessment and updates the kahriz; submissions
 * not approved are left out with a warning.  Version 1 sources are still
 * taken.
 * @return KZ_OK when every row was accepted or only warnings were raised,
 *         KZ_EDATA when rows were rejected (the survey is still returned,
 *         holding the accepted rows), KZ_EINPUT, KZ_EPROJ, KZ_ENOMEM,
 *         KZ_EINVAL (no kahrizes source, or kobo with another survey
 *         source).
 * Ownership: caller frees with kz_survey_destroy().  Since: 0.1
 */
KZ_API int kz_survey_load(kz_survey **out, kz_ctx *ctx,
                          const kz_sources *sources, kz_report *report);
KZ_API void kz_survey_destroy(kz_survey *survey);

/**
 * Whether source (a path or OGR connection string, without "|layername=")
 * holds a layer named layer: how one GeoPackage can give every role of a
 * survey ("kahrizes", "assessments", "shafts", "districts").
 * @return 1 when it does, 0 when it does not, KZ_EINPUT (naming the
 *         source) when it cannot be opened.  Since: 0.2
 */
KZ_API int kz_source_has_layer(kz_ctx *ctx, const char *source,
                               const char *layer);

KZ_API size_t kz_survey_kahriz_count(const kz_survey *sv);
KZ_API const kz_kahriz *kz_survey_kahriz(const kz_survey *sv, size_t i);
/** Index of the kahriz with this id, or -1. */
KZ_API long kz_survey_find(const kz_survey *sv, const char *id);
KZ_API size_t kz_survey_assessment_count(const kz_survey *sv);
KZ_API const kz_assessment *kz_survey_assessment(const kz_survey *sv,
                                                 size_t i);
/** The assessments of kahriz k sorted by date; *n receives their number. */
KZ_API const kz_assessment *kz_survey_history(const kz_survey *sv, size_t k,
                                              size_t *n);
/** The latest assessment of kahriz k, NULL when never assessed. */
KZ_API const kz_assessment *kz_survey_latest(const kz_survey *sv, size_t k);
KZ_API size_t kz_survey_shaft_count(const kz_survey *sv);
KZ_API const kz_shaft *kz_survey_shaft(const kz_survey *sv, size_t i);
KZ_API size_t kz_survey_district_count(const kz_survey *sv);
KZ_API const kz_district *kz_survey_district(const kz_survey *sv, size_t i);
/** Index of the district with this code, or -1. */
KZ_API long kz_survey_find_district(const kz_survey *sv, const char *code);

/* ===================================================================== */
/* Spatial index (lib/index)                                             */
/* ===================================================================== */
/*
 * A static packed Hilbert R-tree over points or boxes, and a grid for label
 * collision.  Build once (kz_rtree_create, kz_rtree_add..., kz_rtree_finish,
 * or kz_rtree_build_points), then query from any number of threads: a
 * finished tree is immutable.  Item ids are the insertion index (uint32).
 * Window searches use closed boxes: an item touching the window is found.
 * Leaf coordinates are kept exactly (float64), so results are exact; inner
 * node boxes are float32 rounded outward.  Trees with more than
 * UINT32_MAX items are rejected.
 */
typedef struct kz_rtree kz_rtree;

/** Build options; start from KZ_RTREE_OPTIONS_INIT. */
typedef struct kz_rtree_options {
    unsigned version;   /**< KZ_RTREE_OPTIONS_VERSION */
    unsigned node_size; /**< children per node, 2..256; 0: default (16) */
} kz_rtree_options;

#define KZ_RTREE_OPTIONS_VERSION 1
#define KZ_RTREE_OPTIONS_INIT {KZ_RTREE_OPTIONS_VERSION, 16}

/**
 * Start a tree that will hold exactly n_items items.
 * @param out   receives the tree (unfinished: add items, then finish)
 * @param opts  NULL for defaults
 * @return KZ_OK, KZ_EINVAL (bad node size, too many items), KZ_ENOMEM
 * Ownership: caller frees with kz_rtree_destroy(), before destroying ctx.
 * Since: 0.1
 */
KZ_API int kz_rtree_create(kz_rtree **out, kz_ctx *ctx, size_t n_items,
                           const kz_rtree_options *opts);
/**
 * Add the next item, a box; its id is the number of items added before.
 * @return KZ_OK, KZ_EINVAL (not finite, min > max, tree full or finished;
 *         the message names the item id)
 * Since: 0.1
 */
KZ_API int kz_rtree_add(kz_ctx *ctx, kz_rtree *tree, double minx,
                        double miny, double maxx, double maxy);
/** Add a point, a degenerate box; as kz_rtree_add(). Since: 0.1 */
KZ_API int kz_rtree_add_point(kz_ctx *ctx, kz_rtree *tree, double x,
                              double y);
/**
 * Sort and pack the tree.  A tree whose items are all points stores them
 * as points (20 bytes each plus about 1 byte of inner nodes).
 * @return KZ_OK, KZ_EINVAL (not all n_items added), KZ_ENOMEM; on failure
 *         the tree stays unfinished and may be finished again.
 * Since: 0.1
 */
KZ_API int kz_rtree_finish(kz_ctx *ctx, kz_rtree *tree);
/**
 * Build a finished tree from n points xy[2*i], xy[2*i+1] (ids 0..n-1) in
 * one call, without copying them through kz_rtree_add().
 * @return KZ_OK, KZ_EINVAL (a coordinate is not finite: the message names
 *         the point id), KZ_ENOMEM
 * Ownership: caller frees with kz_rtree_destroy().  Since: 0.1
 */
KZ_API int kz_rtree_build_points(kz_rtree **out, kz_ctx *ctx,
                                 const double *xy, size_t n,
                                 const kz_rtree_options *opts);
/** Destroy a tree; NULL is a no-op. Since: 0.1 */
KZ_API void kz_rtree_destroy(kz_rtree *tree);
/** Number of items (those added so far while unfinished). Since: 0.1 */
KZ_API size_t kz_rtree_count(const kz_rtree *tree);
/** 1 when the tree is finished (searchable), else 0. Since: 0.1 */
KZ_API int kz_rtree_is_finished(const kz_rtree *tree);
/**
 * Bounding box of all items of a finished tree; 0 when the tree is empty
 * or unfinished (outputs untouched), 1 otherwise.  Since: 0.1
 */
KZ_API int kz_rtree_bounds(const kz_rtree *tree, double *minx, double *miny,
                           double *maxx, double *maxy);

/**
 * Visitor of a window search: called once per item found, in no particular
 * order.  Return 0 to continue, nonzero to stop the search.
 */
typedef int (*kz_rtree_visit_fn)(void *userdata, uint32_t id);

/**
 * Call visit for every item whose box intersects the closed window
 * (touching counts).  An inverted window (min > max) finds nothing.
 * @return KZ_OK, the visitor's nonzero value when it stopped the search,
 *         KZ_EINVAL (unfinished tree, NaN window)
 * Thread-safe on a finished tree.  Since: 0.1
 */
KZ_API int kz_rtree_search(kz_ctx *ctx, const kz_rtree *tree, double minx,
                           double miny, double maxx, double maxy,
                           kz_rtree_visit_fn visit, void *userdata);
/**
 * Window search into a caller's array: up to cap ids are stored in ids, in
 * no particular order; *total receives the number of items found, which
 * may exceed cap (call again with a larger array).  No allocation.
 * @return KZ_OK, KZ_EINVAL (unfinished tree, NaN window)
 * Thread-safe on a finished tree.  Since: 0.1
 */
KZ_API int kz_rtree_search_ids(size_t *total, uint32_t *ids, size_t cap,
                               kz_ctx *ctx, const kz_rtree *tree, double minx,
                               double miny, double maxx, double maxy);

/** Filter of a kNN query: return nonzero to accept the item. */
typedef int (*kz_rtree_filter_fn)(void *userdata, uint32_t id);

/** kNN options; start from KZ_RTREE_KNN_OPTIONS_INIT. */
typedef struct kz_rtree_knn_options {
    unsigned version;          /**< KZ_RTREE_KNN_OPTIONS_VERSION */
    double max_dist;           /**< < 0: unlimited; else items farther
                                    than this are not returned */
    kz_rtree_filter_fn filter; /**< NULL: accept every item */
    void *userdata;            /**< passed to filter */
} kz_rtree_knn_options;

#define KZ_RTREE_KNN_OPTIONS_VERSION 1
#define KZ_RTREE_KNN_OPTIONS_INIT {KZ_RTREE_KNN_OPTIONS_VERSION, -1.0, NULL, NULL}

/**
 * Per-thread working memory of kNN queries: a priority queue that grows
 * on demand and is reused, so that queries do not allocate once warm.
 * Use it only with the context that created it.
 * Ownership: caller frees with kz_rtree_knn_scratch_destroy().  Since: 0.1
 */
typedef struct kz_rtree_knn_scratch kz_rtree_knn_scratch;
KZ_API int kz_rtree_knn_scratch_create(kz_rtree_knn_scratch **out,
                                       kz_ctx *ctx);
KZ_API void kz_rtree_knn_scratch_destroy(kz_rtree_knn_scratch *scratch);

/**
 * The k items nearest to (x, y) in the plane (projected coordinates),
 * nearest first.  The distance of a box item is the Euclidean distance to
 * the nearest point of the box (0 inside).  Ties are ordered arbitrarily.
 * @param n_found receives the number of items returned (<= k)
 * @param ids     k ids (or more room)
 * @param dists   k distances, or NULL
 * @param opts    NULL for defaults
 * @return KZ_OK, KZ_EINVAL (unfinished tree, NaN point), KZ_ENOMEM
 * Thread-safe on a finished tree, with one scratch per thread.  Since: 0.1
 */
KZ_API int kz_rtree_knn(size_t *n_found, uint32_t *ids, double *dists,
                        kz_ctx *ctx, const kz_rtree *tree,
                        kz_rtree_knn_scratch *scratch, double x, double y,
                        size_t k, const kz_rtree_knn_options *opts);
/**
 * As kz_rtree_knn() for a tree of longitude/latitude degrees: great-circle
 * distance on a sphere of radius KZ_EARTH_RADIUS_M (haversine), in metres,
 * both for the results and for max_dist.  Longitudes may wrap (-180/180).
 * Since: 0.1
 */
KZ_API int kz_rtree_knn_geo(size_t *n_found, uint32_t *ids, double *dists,
                            kz_ctx *ctx, const kz_rtree *tree,
                            kz_rtree_knn_scratch *scratch, double lon,
                            double lat, size_t k,
                            const kz_rtree_knn_options *opts);
/** Mean Earth radius (IUGG R1) used by kz_rtree_knn_geo(), metres. */
#define KZ_EARTH_RADIUS_M 6371008.8

/**
 * The serialized form of a finished tree: a borrowed, little-endian byte
 * buffer valid while the tree lives, *len bytes; NULL when unfinished.
 * Since: 0.1
 */
KZ_API const void *kz_rtree_data(const kz_rtree *tree, size_t *len);
/**
 * Write a finished tree to a file (through a temporary name, renamed).
 * @return KZ_OK, KZ_EINVAL (unfinished), KZ_EIO, KZ_ENOMEM.  Since: 0.1
 */
KZ_API int kz_rtree_save(kz_ctx *ctx, const kz_rtree *tree,
                         const char *path);
/**
 * Load a tree from len bytes (copied) made by kz_rtree_data() or
 * kz_rtree_save().  Magic, version, sizes, ids and a checksum are verified.
 * @return KZ_OK, KZ_EFORMAT (corrupt or truncated), KZ_ENOMEM
 * Ownership: caller frees with kz_rtree_destroy().  Since: 0.1
 */
KZ_API int kz_rtree_load_buffer(kz_rtree **out, kz_ctx *ctx,
                                const void *data, size_t len);
/** As kz_rtree_load_buffer() from a file; also KZ_EIO. Since: 0.1 */
KZ_API int kz_rtree_load(kz_rtree **out, kz_ctx *ctx, const char *path);

/**
 * Label collision: boxes placed on a page, kept in a uniform grid.  Two
 * boxes collide when their interiors overlap: a.minx < b.maxx and
 * b.minx < a.maxx, and likewise in y.  Boxes that only touch along an edge
 * or at a corner do not collide.  Boxes may extend beyond the page.
 */
typedef struct kz_collide kz_collide;
/**
 * @param cell  grid cell size in page units (> 0); about the size of a
 *              typical label.  At most 4,194,304 cells are made: a
 *              smaller cell is enlarged.
 * @return KZ_OK, KZ_EINVAL (empty or non-finite page, cell <= 0), KZ_ENOMEM
 * Ownership: caller frees with kz_collide_destroy().  Since: 0.1
 */
KZ_API int kz_collide_create(kz_collide **out, kz_ctx *ctx, double minx,
                             double miny, double maxx, double maxy,
                             double cell);
KZ_API void kz_collide_destroy(kz_collide *c);
/** Place a box. @return KZ_OK, KZ_EINVAL (not finite, min > max),
 *  KZ_ENOMEM.  Since: 0.1 */
KZ_API int kz_collide_insert(kz_ctx *ctx, kz_collide *c, double minx,
                             double miny, double maxx, double maxy);
/** 1 when the box collides with a placed box, else 0 (also for a box with
 *  NaN coordinates).  Since: 0.1 */
KZ_API int kz_collide_test(const kz_collide *c, double minx, double miny,
                           double maxx, double maxy);
/** Number of boxes placed since creation or the last clear. Since: 0.1 */
KZ_API size_t kz_collide_count(const kz_collide *c);
/** Remove every box, keeping the memory for the next page. Since: 0.1 */
KZ_API void kz_collide_clear(kz_collide *c);

/* ===================================================================== */
/* District aggregates (lib/aggregate)                                   */
/* ===================================================================== */
/** Grouping of statistics rows. */
typedef enum kz_stats_by {
    KZ_STATS_BY_DISTRICT = 0,
    KZ_STATS_BY_REGION = 1
} kz_stats_by;

typedef enum kz_stats_format {
    KZ_STATS_CSV = 0,   /**< RFC 4180, UTF-8, '.' decimals */
    KZ_STATS_JSON = 1,  /**< array of objects with the CSV keys */
    KZ_STATS_TABLE = 2  /**< aligned for a terminal (UTF-8 widths) */
} kz_stats_format;

/**
 * Aggregates of one district, region, the unassigned kahrizes or the whole
 * country, from each kahriz's latest assessment.
 */
typedef struct kz_stats_row {
    const char *code;    /**< district or region code, "UNASSIGNED", "TOTAL" */
    const char *name_az;
    const char *name_en;
    const char *region;  /**< region code ("" for UNASSIGNED and TOTAL) */
    double area_km2;     /**< equal-area; 0 for UNASSIGNED */
    long kahrizes;
    long functioning;    /**< latest discharge > 0 */
    long condition[KZ_COND_COUNT]; /**< by latest condition; [0] unassessed */
    double discharge_l_s_total;
    double discharge_l_s_median; /**< NAN when no discharge was measured */
    long households_served;
    double length_km;
    double density_per_100km2;   /**< NAN when area is 0 */
    long rehabilitated;          /**< latest rehab_status = done */
    int first_year, last_year;   /**< assessment years seen, 0 when none */
    /** total discharge in last_year minus that in first_year, summed over
     *  the kahrizes measured in both years; NAN when not computable */
    double discharge_change_l_s;
    int32_t index;               /**< district or region index, -1 */
} kz_stats_row;

typedef struct kz_stats kz_stats;

/**
 * Compute statistics for every district (also those without kahrizes) or
 * every region, then an UNASSIGNED row and a TOTAL row (the last two).
 * @return KZ_OK, KZ_ENOMEM, KZ_EGEOM
 * Ownership: caller frees with kz_stats_destroy().  Since: 0.1
 */
KZ_API int kz_stats_compute(kz_stats **out, kz_ctx *ctx, const kz_survey *sv,
                            kz_stats_by by);
KZ_API void kz_stats_destroy(kz_stats *stats);
KZ_API size_t kz_stats_count(const kz_stats *stats);
/** Borrowed row i, NULL when out of range. */
KZ_API const kz_stats_row *kz_stats_row_get(const kz_stats *stats, size_t i);
/** Index of the row with this code, -1 when none. */
KZ_API long kz_stats_find(const kz_stats *stats, const char *code);
/** Write every row (header first for CSV) with the 19 statistics
 *  columns.  CSV and JSON give numbers to 15 significant digits (values
 *  as measured, no rounding); the table rounds them.  Since: 0.1 */
KZ_API int kz_stats_write(kz_ctx *ctx, const kz_stats *stats, FILE *fp,
                          kz_stats_format format);

/** Column sets of kz_stats_write_columns(). */
#define KZ_STATS_COLUMNS_BASE 0u
/** adds first_year, last_year, discharge_change_l_s */
#define KZ_STATS_COLUMNS_TREND 1u

/** As kz_stats_write(), with the optional trend columns. Since: 0.1 */
KZ_API int kz_stats_write_columns(kz_ctx *ctx, const kz_stats *stats,
                                  FILE *fp, kz_stats_format format,
                                  unsigned columns);
/**
 * Assign one lon/lat point to a district of sv: the index, or -1 when it
 * lies outside every district (then *nearest_km, if not NULL, receives the
 * distance to the nearest district in km).  Thread-safe on a loaded survey
 * with one ctx per thread.  Since: 0.1
 */
KZ_API int kz_survey_locate(long *district, double *nearest_km, kz_ctx *ctx,
                            const kz_survey *sv, double lon, double lat);


/* ===================================================================== */
/* Styles and rendering (lib/render)                                     */
/* ===================================================================== */
/*
 * Styles describe how a page looks (page size, fonts, colours, symbols,
 * languages, label rules) and hold every fixed text of a page in both
 * languages, so that translators and cartographers edit JSON, not C.
 * A map frame is drawn onto any cairo context; kz_map_render_file() makes a
 * one-page PDF, PNG or SVG.
 */
typedef struct _cairo cairo_t;

typedef struct kz_style kz_style;

/**
 * Load and validate a style document (JSON).
 * @return KZ_OK, KZ_EINPUT (unreadable), KZ_ESTYLE (invalid: the message
 *         names the file and the JSON path, e.g. "styles/x.json:
 *         $.colors.condition.good: expected \"#rrggbb\" string, got
 *         number"), KZ_ENOMEM
 * Ownership: caller frees with kz_style_destroy().  Since: 0.1
 */
KZ_API int kz_style_load(kz_style **out, kz_ctx *ctx, const char *path);
/** As kz_style_load() from a JSON string; name is used in messages. */
KZ_API int kz_style_load_string(kz_style **out, kz_ctx *ctx,
                                const char *json, const char *name);
/** Destroy a style; NULL is a no-op. Since: 0.1 */
KZ_API void kz_style_destroy(kz_style *style);
/**
 * Check that the style's font family resolves through fontconfig (pango
 * substitutes silently otherwise).  The family may be a list in order of
 * preference, "Kahriz Sans, Noto Sans": the first one installed is used,
 * and it is an error only when none is.
 * @return KZ_OK, KZ_EFONT naming the missing family.  Since: 0.1
 */
KZ_API int kz_style_check_fonts(kz_ctx *ctx, const kz_style *style);
/**
 * Make the fonts in dir (TrueType and OpenType files) available to every
 * later render in this process, beside the installed ones: the CLI adds
 * <datadir>/kahriz-atlas/fonts, where Kahriz Sans (Noto Sans without its
 * hinting, made at build time; smaller PDFs) is installed.  Call it
 * before rendering starts on other threads.
 * @return KZ_OK, KZ_EFONT when dir cannot be read.  Since: 0.1
 */
KZ_API int kz_fonts_add_dir(kz_ctx *ctx, const char *dir);
/**
 * Fixed text of the catalog in a language ("az", "en"): borrowed, valid
 * while the style lives; NULL when the key or language is missing.
 * Since: 0.1
 */
KZ_API const char *kz_style_text(const kz_style *style, const char *key,
                                 const char *lang);
/** Page size in points (1/72 in). Since: 0.1 */
KZ_API void kz_style_page_size(const kz_style *style, double *width_pt,
                               double *height_pt);
/** Number of languages of the style and the i-th ("az"), NULL past them. */
KZ_API size_t kz_style_language_count(const kz_style *style);
KZ_API const char *kz_style_language(const kz_style *style, size_t i);

/**
 * Format a number as a language writes it: "az" 1 966,5 (a narrow
 * no-break space U+202F between thousands, decimal comma), "en" 1,966.5.
 * decimals 0..9, rounded half away from zero on the decimal value (1.95
 * gives 2,0 like 1.75 gives 1,8).  Other languages get the English form.
 * A negative number starts with U+2212 MINUS SIGN ("−2,5"), never a
 * hyphen.  Never in exponent form: a magnitude of 10^15 or more is written
 * as that bound, "≥ 1,000,000,000,000,000" (or "≤ −1,000,...").
 * Writes at most cap bytes including the NUL, like snprintf.
 * @return the length the full result needs.  Since: 0.1
 */
KZ_API size_t kz_format_number(char *out, size_t cap, double value,
                               int decimals, const char *lang);
/**
 * Format a yyyymmdd date with the month names of the style's catalog:
 * "az" 27 noyabr 2026, "en" 27 November 2026.  Same return as
 * kz_format_number(); an invalid date gives "".  Since: 0.1
 */
KZ_API size_t kz_format_date(char *out, size_t cap, const kz_style *style,
                             int32_t yyyymmdd, const char *lang);

/**
 * Context layers that are not part of a survey: neighbouring countries
 * (name_az, name_en) and the sea (Caspian), read with OGR and kept as
 * longitude/latitude geometries.
 */
typedef struct kz_basemap kz_basemap;
/**
 * Load the context layers; each path (any OGR dataset, first layer) may be
 * NULL to leave that layer empty.
 * @return KZ_OK, KZ_EINPUT naming the file, KZ_EPROJ, KZ_ENOMEM
 * Ownership: caller frees with kz_basemap_destroy().  Since: 0.1
 */
KZ_API int kz_basemap_load(kz_basemap **out, kz_ctx *ctx,
                           const char *neighbours, const char *sea);
/** Destroy a basemap; NULL is a no-op. It must go before its ctx. */
KZ_API void kz_basemap_destroy(kz_basemap *basemap);

/** What a reference layer holds; see kz_basemap_add_reference(). */
typedef enum kz_reference_kind {
    KZ_REF_AUTO = 0,  /**< detected per layer (OSM tags, geometry, fields) */
    KZ_REF_RIVERS,    /**< lines: rivers, streams, canals */
    KZ_REF_WATER,     /**< polygons: lakes, reservoirs */
    KZ_REF_PLACES,    /**< points: cities, towns, villages */
    KZ_REF_ROADS,     /**< lines: roads by class */
    KZ_REF_KINDS
} kz_reference_kind;

/**
 * Parse a kind name ("rivers", "water", "places", "roads"; "auto").
 * @return KZ_OK, KZ_EINVAL naming the word.  Since: 0.3
 */
KZ_API int kz_reference_kind_parse(kz_reference_kind *out, kz_ctx *ctx,
                                   const char *name);

/**
 * Add the layers of an OGR source (OpenStreetMap .osm/.osm.pbf, GeoJSON,
 * GeoPackage, Shapefile...) to the basemap as reference geography.  With
 * KZ_REF_AUTO the kind of each layer is detected: OSM layers by their
 * tags (waterway, natural=water, place, highway), other layers by
 * geometry and fields; a layer of no known kind is skipped with a warning
 * on ctx's log.  Names come from name_az / name:az / name and name_en /
 * name:en; a class from the fields "class", "waterway", "highway", "place"
 * and "population".  Features outside lon 42..54, lat 35..46 are kept:
 * the map only draws what is in its window.
 * @return KZ_OK, KZ_EINPUT naming the file (and the feature), KZ_EPROJ,
 *         KZ_ENOMEM
 * Since: 0.3
 */
KZ_API int kz_basemap_add_reference(kz_basemap *basemap, const char *source,
                                    kz_reference_kind kind);

/**
 * Use a digital elevation model (any GDAL raster with a CRS, e.g. SRTM
 * tiles or a VRT of them) for relief shading and contours on the maps and
 * for the elevation of kahrizes that were surveyed without one.  The file
 * is opened here to check it, and again by each render (a basemap may be
 * shared by threads).
 * @return KZ_OK, KZ_EINPUT naming the file, KZ_EPROJ, KZ_ENOMEM
 * Since: 0.3
 */
KZ_API int kz_basemap_set_dem(kz_basemap *basemap, const char *path);

/**
 * Name the elevation model in the credits of maps and the atlas (e.g.
 * "SRTM 1 Arc-Second Global, NASA/USGS"), in place of the name the
 * model's metadata gives (a TIFF ImageDescription, a DESCRIPTION or
 * source item), read by kz_basemap_set_dem().  Without either the
 * credits say "digital elevation model" in each language, never the
 * file's name.  Control characters become blanks; the text is cut to
 * 160 bytes.  credit NULL or blank: back to the model's own name.  The
 * credit stays when another model is set.  Copied.
 * @return KZ_OK, KZ_EINVAL (basemap NULL), KZ_ENOMEM
 * Since: 0.3
 */
KZ_API int kz_basemap_set_dem_credit(kz_basemap *basemap,
                                     const char *credit);

/**
 * Elevation in metres of the DEM at lon/lat (bilinear).
 * @return KZ_OK, KZ_ENOTFOUND (no DEM, outside it or no data there),
 *         KZ_EINPUT (unreadable)
 * Since: 0.3
 */
KZ_API int kz_basemap_elevation(const kz_basemap *basemap, kz_ctx *ctx,
                                double lon, double lat, double *metres);

/**
 * Match the survey's villages (village_az / village_en) to the places of
 * the basemap's reference layers by name: Azerbaijani letters folded as
 * the language sorts them (case, dotted and dotless i), either spelling.
 * Every village that matches no place, or that matches two places more
 * than 30 km apart, goes into report as a warning naming the kahriz row
 * and field; it is never guessed.
 * @param matched  number of distinct villages matched (may be NULL)
 * @return KZ_OK, KZ_ENOMEM
 * Since: 0.3
 */
KZ_API int kz_basemap_match_villages(const kz_basemap *basemap, kz_ctx *ctx,
                                     const kz_survey *sv, kz_report *report,
                                     size_t *matched);

typedef enum kz_map_kind {
    KZ_MAP_NATIONAL = 0, /**< the whole country */
    KZ_MAP_REGION = 1,   /**< an economic region, by region code */
    KZ_MAP_DISTRICT = 2  /**< one district, by district code */
} kz_map_kind;

typedef enum kz_map_fill {
    KZ_FILL_PLAIN = 0,  /**< districts in one land colour */
    KZ_FILL_DENSITY = 1 /**< choropleth: kahrizes per 100 km² */
} kz_map_fill;

/** What to draw; start from KZ_MAP_OPTIONS_INIT. */
typedef struct kz_map_options {
    unsigned version; /**< KZ_MAP_OPTIONS_VERSION */
    kz_map_kind kind;
    const char *code; /**< district or region code; NULL for national */
    /**
     * Map CRS (anything PROJ accepts).  NULL: for a district or region the
     * UTM zone (WGS84, north) of its centre; for the national map a
     * Lambert azimuthal equal-area projection centred on Azerbaijan
     * (lat 40.2 N, lon 47.7 E), true to area and with north up at the
     * centre of the country.
     */
    const char *crs;
    /** Frame on the page in points; w or h <= 0: the clip extents of cr
     *  (kz_map_render) or the page inside the margins and title band
     *  (kz_map_render_file). */
    double frame_x, frame_y, frame_w, frame_h;
    double dpi;       /**< raster resolution of PNG output; 0: 150 */
    kz_map_fill fill;
    /** Choropleth class breaks (ascending); NULL: the style's. */
    const double *breaks;
    size_t n_breaks;
    /**
     * A finished tree of the survey's kahriz outlets in lon/lat, ids =
     * kahriz indices (kz_rtree_build_points over lon, lat).  A survey is
     * read-only, so the renderer cannot keep one in it: NULL builds a tree
     * for this call (O(n log n)); an atlas of many pages passes one here
     * so that each page costs what is on it.
     */
    const kz_rtree *index;
    int32_t date; /**< yyyymmdd printed in the footer; 0: none */
    const char *title; /**< NULL: from the district or region names */
    /**
     * 0: symbols, galleries and shafts wholly covered by outlet symbols
     * drawn over them are left out (the page looks the same and costs what
     * can be seen); 1: every one is drawn, for a PDF that will be edited
     * symbol by symbol in a drawing program.
     */
    int keep_hidden;
    /**
     * 1: the survey is the bundled synthetic sample: kz_map_render_file()
     * says so in the page's source line and in the PDF's subject, instead
     * of naming a field survey.  Since: 0.3 (options version 3; a version 2
     * caller's struct ends before it and is read as 0)
     */
    int synthetic;
} kz_map_options;

#define KZ_MAP_OPTIONS_VERSION 3
#define KZ_MAP_OPTIONS_INIT                                                   \
    {KZ_MAP_OPTIONS_VERSION, KZ_MAP_NATIONAL, NULL, NULL, 0, 0, 0, 0, 0,      \
     KZ_FILL_PLAIN, NULL, 0, NULL, 0, NULL, 0, 0}

/** What a render put on the page. */
typedef struct kz_map_result {
    size_t kahrizes_drawn;   /**< outlets inside the frame */
    size_t symbols_hidden;   /**< outlets not drawn: wholly covered by
                                  symbols on top of them */
    size_t shafts_drawn;
    size_t labels_placed;
    size_t labels_dropped;   /**< no free candidate position */
    unsigned conditions;     /**< bit (1 << kz_condition) per class drawn */
    unsigned sizes;          /**< bit i: discharge size class i drawn
                                  (bit 31: not measured) */
    unsigned density_classes; /**< bit i: choropleth class i drawn */
    double scale;            /**< scale denominator at the frame centre */
    double scalebar_km;      /**< length of the scale bar */
    double north_deg;        /**< true north, degrees clockwise from up */
    char crs[160];           /**< CRS used, as PROJ was given it */
    double frame[4];         /**< map area inside the neatline: x, y,
                                  width, height in cr's device units
                                  (points on a PDF page).  Since: 0.2 */
    double ground[4];        /**< where that area is, in crs: west, south,
                                  east, north edge.  Since: 0.2 */
} kz_map_result;

/**
 * Draw a map frame onto cr: background and sea, neighbouring countries,
 * districts (plain or choropleth), the current district or region
 * highlighted, galleries, shafts, outlets by condition and discharge,
 * bilingual labels without overlaps, graticule, scale bar, north arrow,
 * inset locator and a legend of the classes present.  The state of cr is
 * saved and restored.
 * @param result   filled when not NULL
 * @param basemap  NULL: no neighbours and no sea
 * @return KZ_OK, KZ_ENOTFOUND (unknown code), KZ_EPROJ, KZ_EGEOM,
 *         KZ_EFONT, KZ_ERENDER (cairo's status, named)
 * Since: 0.1
 */
KZ_API int kz_map_render(kz_map_result *result, kz_ctx *ctx, cairo_t *cr,
                         const kz_survey *sv, const kz_basemap *basemap,
                         const kz_style *style, const kz_map_options *opts);
/**
 * Render one page (title, map frame, footer) to path; the format follows
 * the extension: .pdf (vector, searchable text, subset fonts), .png
 * (opts->dpi) or .svg.  Written to a temporary name in the same directory
 * and renamed, so a failure leaves no partial file.
 * @return as kz_map_render(), KZ_EINVAL (unknown extension), KZ_EEXPORT
 *         (cannot write)
 * Since: 0.1
 */
KZ_API int kz_map_render_file(kz_map_result *result, kz_ctx *ctx,
                              const char *path, const kz_survey *sv,
                              const kz_basemap *basemap,
                              const kz_style *style,
                              const kz_map_options *opts);

/* ===================================================================== */
/* GeoPackage export (lib/export)                                        */
/* ===================================================================== */

/** Texts of the dataset metadata, in both languages. */
typedef struct kz_export_texts {
    const char *title_az, *title_en;
    const char *abstract_az, *abstract_en;
    const char *source_az, *source_en;
    const char *licence_az, *licence_en;
} kz_export_texts;

typedef struct kz_export_options {
    unsigned version;     /**< KZ_EXPORT_OPTIONS_VERSION */
    const char *crs;      /**< output CRS; NULL: EPSG:4326 */
    int overwrite;        /**< replace an existing file */
    const kz_export_texts *texts; /**< NULL: built-in English/Azerbaijani */
    /** "#rrggbb" per condition (index kz_condition) for the QGIS styles
     *  stored in layer_styles; NULL entries: the style's */
    const char *condition_colors[KZ_COND_COUNT];
    int64_t timestamp;    /**< generation time (Unix); 0: now or
                               $SOURCE_DATE_EPOCH */
    /** The atlas style whose colours, widths and classes the QGIS default
     *  styles of every layer take; NULL: the bundled default.json's.
     *  Borrowed for the call.  Since: 0.2 (options version 2) */
    const kz_style *style;
    /** A basemap whose elevation model (kz_basemap_set_dem()) gives the
     *  elevations of kahrizes surveyed without one: the kahrizes layer's
     *  elevation_m and head_elevation_m, with elevation_source and
     *  head_elevation_source "survey" or "dem"; NULL: surveyed elevations
     *  only.  Borrowed for the call.  Since: 0.3 (options version 3; a
     *  version 2 caller's struct ends before it and is read as NULL) */
    const kz_basemap *basemap;
    /** 1: the survey is the bundled synthetic sample: the dataset's title,
     *  abstract and lineage and every layer's description say so.
     *  Since: 0.3 (options version 4; read as 0 from older versions) */
    int synthetic;
} kz_export_options;

#define KZ_EXPORT_OPTIONS_VERSION 4
#define KZ_EXPORT_OPTIONS_INIT                                                \
    {KZ_EXPORT_OPTIONS_VERSION, NULL, 0, NULL,                                \
     {NULL, NULL, NULL, NULL, NULL, NULL}, 0, NULL, NULL, 0}

/** What an export wrote. */
typedef struct kz_export_result {
    long districts, regions, kahrizes, assessments, shafts, galleries;
} kz_export_result;

/**
 * Write the survey, its district and region statistics and metadata to a
 * GeoPackage through OGR's GPKG driver: layers districts, regions (with the
 * statistics columns), kahrizes (survey attributes, latest assessment,
 * computed district), assessments (attributes, related to kahrizes through
 * the Related Tables Extension), shafts and galleries, coded-value field
 * domains, ISO 19115 metadata in both languages and, in layer_styles, each
 * layer's QGIS default style in the atlas's look (opts->style).  Written
 * under a temporary name in the target directory and renamed on success; a
 * failure or an interruption leaves nothing behind.
 * @param result  may be NULL
 * @return KZ_OK, KZ_EEXISTS (file exists, overwrite not set), KZ_EEXPORT,
 *         KZ_EPROJ, KZ_EIO, KZ_EINTERRUPTED, KZ_ENOMEM
 * Since: 0.1
 */
KZ_API int kz_export_gpkg(kz_export_result *result, kz_ctx *ctx,
                          const kz_survey *sv, const kz_export_options *opts,
                          const char *path);

/* ===================================================================== */
/* Atlas (lib/atlas)                                                     */
/* ===================================================================== */
/*
 * The printed atlas: one PDF holding a cover, contents, introduction and
 * methodology, a national overview, a section per economic region with a
 * map and statistics per district and a table of its kahrizes, a sheet per
 * kahriz, a gazetteer in Azerbaijani and English order and a colophon.
 * Every fixed text comes from the style's catalog, in both languages.
 */

/** Sections of the atlas, as bits of kz_atlas_options.sections. */
typedef enum kz_atlas_section {
    KZ_ATLAS_COVER = 1 << 0,
    KZ_ATLAS_CONTENTS = 1 << 1,
    KZ_ATLAS_INTRO = 1 << 2,
    KZ_ATLAS_OVERVIEW = 1 << 3,
    KZ_ATLAS_DISTRICTS = 1 << 4,
    KZ_ATLAS_SHEETS = 1 << 5,
    KZ_ATLAS_GAZETTEER = 1 << 6,
    KZ_ATLAS_COLOPHON = 1 << 7
} kz_atlas_section;
#define KZ_ATLAS_ALL 0xffu
#define KZ_ATLAS_SECTION_COUNT 8

/**
 * Parse a comma-separated list of section names (cover, contents, intro,
 * overview, districts, sheets, gazetteer, colophon; "all") into bits.
 * @return KZ_OK, KZ_EUSAGE naming the unknown word.  Since: 0.1
 */
KZ_API int kz_atlas_sections_parse(unsigned *out, kz_ctx *ctx,
                                   const char *list);
/** Name of one section bit ("districts"), "" for anything else. */
KZ_API const char *kz_atlas_section_name(unsigned section);

/** Called after each page is written: pages done of the total. */
typedef void (*kz_atlas_progress_fn)(void *userdata, size_t done,
                                     size_t total);

/** What to build; start from KZ_ATLAS_OPTIONS_INIT. */
/**
 * The printer's file: CMYK through the output profile (Ghostscript, run as
 * a program, converts the colours; neutral greys and black print with
 * black ink alone), PDF/X-4 with its output intent, trim and bleed boxes.
 * Start from KZ_PRESS_OPTIONS_INIT.  Since: 0.2
 */
typedef struct kz_press_options {
    unsigned version;        /**< KZ_PRESS_OPTIONS_VERSION */
    const char *profile;     /**< CMYK output ICC profile (required) */
    /** OutputConditionIdentifier of the profile's printing condition in
     *  the ICC registry, e.g. "FOGRA39"; NULL: "Custom" */
    const char *condition;
    const char *condition_info; /**< its description; NULL: none */
    double bleed_mm;         /**< bleed on every side; 0: 3 mm */
    int crop_marks;          /**< 1: trim marks outside the bleed */
    const char *ghostscript; /**< the gs program; NULL: "gs" on PATH */
} kz_press_options;

#define KZ_PRESS_OPTIONS_VERSION 1
#define KZ_PRESS_OPTIONS_INIT                                                 \
    {KZ_PRESS_OPTIONS_VERSION, NULL, NULL, NULL, 0, 0, NULL}

typedef struct kz_atlas_options {
    unsigned version;  /**< KZ_ATLAS_OPTIONS_VERSION */
    unsigned sections; /**< kz_atlas_section bits; 0: all */
    /** District codes whose pages, sheets and gazetteer entries are made;
     *  NULL: every district with kahrizes (and the unassigned ones). */
    const char *const *districts;
    size_t n_districts;
    /** Threads preparing pages; 0 or 1: the calling thread only.  The
     *  output is the same for any number. */
    int jobs;
    /** 1: the survey is the bundled synthetic sample, said so on the
     *  cover, in the introduction and the colophon. */
    int synthetic;
    /** Generation time (Unix) for the dates printed and the PDF
     *  metadata; 0: $SOURCE_DATE_EPOCH when set, else now. */
    int64_t timestamp;
    /** Directory against which relative photo paths are resolved; NULL:
     *  the current directory. */
    const char *photo_dir;
    /** Outlet index as for kz_map_options.index; NULL: built once. */
    const kz_rtree *index;
    kz_atlas_progress_fn progress; /**< NULL: none */
    void *progress_userdata;
    /** NULL: the screen PDF (RGB, small); else the printer's file.
     *  Since: 0.2 (KZ_ATLAS_OPTIONS_VERSION 2) */
    const kz_press_options *press;
} kz_atlas_options;

#define KZ_ATLAS_OPTIONS_VERSION 2
#define KZ_ATLAS_OPTIONS_INIT                                                 \
    {KZ_ATLAS_OPTIONS_VERSION, 0, NULL, 0, 1, 0, 0, NULL, NULL, NULL, NULL,   \
     NULL}

/** What a build wrote. */
typedef struct kz_atlas_result {
    size_t pages;     /**< pages of the PDF */
    /** pages per section, index i for bit (1 << i) */
    size_t section_pages[KZ_ATLAS_SECTION_COUNT];
    size_t districts; /**< districts with their own pages */
    size_t sheets;    /**< kahriz sheets */
    size_t photos;    /**< photos embedded */
    size_t photos_missing; /**< photo paths that could not be read */
} kz_atlas_result;

/**
 * Compose the atlas into one PDF at path: fonts embedded and subset,
 * bookmarks for sections, regions and districts, links from the contents
 * and the gazetteer, document metadata, a number on every page.  The same
 * inputs and timestamp give a byte-identical file.  Written to a temporary
 * name in the target directory and renamed on success; a failure or
 * kz_ctx_interrupt() leaves nothing behind.
 * @param result  may be NULL
 * @param basemap NULL: no neighbours and no sea
 * @return KZ_OK, KZ_ENOTFOUND (unknown district code), KZ_EINTERRUPTED,
 *         KZ_EEXPORT (cannot write), KZ_EFONT, KZ_ERENDER, KZ_EPROJ,
 *         KZ_EGEOM, KZ_ENOMEM
 * Since: 0.1
 */
KZ_API int kz_atlas_render(kz_atlas_result *result, kz_ctx *ctx,
                           const char *path, const kz_survey *sv,
                           const kz_basemap *basemap, const kz_style *style,
                           const kz_atlas_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* KAHRIZ_H */
