/*
 * ingest.h - pieces shared by the files of lib/ingest: value parsing
 * (numbers independent of LC_NUMERIC, dates, coded words), sources opened
 * through OGR and the final grouping of the model.  Nothing here leaves
 * lib/ingest.
 */
#ifndef KZ_INGEST_H
#define KZ_INGEST_H

#include "ingest/survey.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

/* --- values (parse.c) --- */
typedef enum kz_numres {
    KZ_NUM_OK = 0,
    KZ_NUM_EMPTY,     /* blank */
    KZ_NUM_BAD,       /* not a number */
    KZ_NUM_AMBIGUOUS, /* "1,234" without a decimal-comma declaration */
    KZ_NUM_WRONG_MARK, /* "12.5" in a decimal-comma source */
    KZ_NUM_BAD_GROUPING /* "1.23,4": thousands groups not of three */
} kz_numres;

/* Parse a decimal number; decimal_comma selects ',' as the mark.  Accepts
 * [+-]digits[mark digits][e[+-]digits] with surrounding blanks, and
 * thousands grouping in groups of three: by the other mark ("1.234,5",
 * "1,234.5") or, when decimal_comma is set, by a space or no-break space
 * ("1 966,5").  One other mark alone and no decimal mark ("1,234") is
 * ambiguous. */
kz_numres kz__parse_number(const char *s, int decimal_comma, double *out);
/* ISO 8601 date "YYYY-MM-DD", "YYYY/MM/DD" as spreadsheet date cells are
 * formatted as text, or "DD.MM.YYYY" as Azerbaijani and Russian
 * spreadsheets write it, optionally followed by 'T' or ' ' and a time;
 * returns 1 and yyyymmdd, 0 when malformed or impossible.  A day- or
 * month-first slashed date is refused: its day and month could be either
 * way round. */
int kz__parse_date(const char *s, int32_t *out);
/* Today as yyyymmdd (UTC). */
int32_t kz__today(void);
/* Case- and diacritic-folded ASCII form of a short word into out
 * ("UÇMUŞ" -> "ucmus", "Kafİ" -> "kafi"); blanks trimmed. */
void kz__fold_word(char *out, size_t cap, const char *s);
/* 1 and the class when recognised; 0 otherwise.  "" never matches. */
int kz__parse_drinkable(const char *s, kz_drinkable *out);
int kz__parse_rehab(const char *s, kz_rehab *out);
/* Shaft state: open / açıq (0) or collapsed / uçmuş (1). */
int kz__parse_shaft_state(const char *s, int *collapsed);
/* Quote a data value for a report message: at most 60 bytes, invalid
 * UTF-8 and control bytes as \xNN, so reports are always valid UTF-8. */
void kz__quote_value(char *out, size_t cap, const char *s);

/* --- sources (source.c) --- */
/* One column the model knows: canonical name and '|'-separated aliases. */
typedef struct kz_colspec {
    const char *name;
    const char *aliases;
    int required;
} kz_colspec;

/* "canonical = header" lines of a mapping file, optionally "role.canonical". */
typedef struct kz_mapping {
    char *role; /* NULL: any role */
    char *canonical;
    char *header;
    long line;  /* in the mapping file */
    int known;  /* a bound source has the canonical field */
    int found;  /* a bound source has the header */
} kz_mapping;

typedef struct kz_mappings {
    const char *path; /* the mapping file (borrowed) */
    kz_mapping *items;
    size_t n, cap;
} kz_mappings;

/* Read a mapping file; a malformed line or an unknown role is KZ_EINPUT
 * naming the file and line. */
int kz__mappings_load(kz_ctx *ctx, kz_mappings *m, const char *path);
/* Names of specs as "a, b, c" into b (for messages). */
int kz__colspec_names(kz_buf *b, const kz_colspec *specs, size_t n);
void kz__mappings_release(kz_ctx *ctx, kz_mappings *m);

/* --- CSV text (csvtext.c) --- */
/* A record that OGR's CSV driver reads other than its author meant. */
typedef enum kz_csv_flaw_kind {
    KZ_CSV_UNCLOSED, /* a quote opened on its line is never closed */
    KZ_CSV_FIELDS    /* more fields than the header; or a quoted value over
                        several lines and a field count not the header's */
} kz_csv_flaw_kind;

typedef struct kz_csv_flaw {
    long line, last; /* first and last text line of the record */
    long fields;     /* fields of the record */
    kz_csv_flaw_kind kind;
} kz_csv_flaw;

/* From feature id fid on, records begin on text line line + (id - fid)
 * until the next jump. */
typedef struct kz_csv_jump {
    long fid, line;
} kz_csv_jump;

/* The records of a CSV text as the CSV driver splits them. */
typedef struct kz_csv_text {
    int scanned;        /* the text could be read */
    long header_fields; /* fields of the header record */
    long records;       /* data records: feature ids 1..records */
    kz_csv_jump *jumps; /* ascending fid */
    size_t n_jumps, cap_jumps;
    kz_csv_flaw *flaws; /* ascending line */
    size_t n_flaws, cap_flaws;
    long *nul_lines; /* first lines of records holding a NUL, ascending */
    size_t n_nul, cap_nul;
    long unclosed_line;     /* where a quote that never closes opens, or 0 */
    long long unclosed_at;  /* byte offset of the end of that line */
} kz_csv_text;

/* Read the CSV text at path (any GDAL virtual path) with separator sep
 * into t, released first.  A file that cannot be opened leaves t empty
 * (not scanned).  KZ_OK or KZ_ENOMEM. */
int kz__csv_scan(kz_ctx *ctx, kz_csv_text *t, const char *path, char sep);
void kz__csv_release(kz_ctx *ctx, kz_csv_text *t);
/* Text line where the record of feature id fid begins; 0 when unknown. */
long kz__csv_line(const kz_csv_text *t, long fid);
/* The flaw of the record beginning on line, or NULL. */
const kz_csv_flaw *kz__csv_flaw(const kz_csv_text *t, long line);
/* 1 when the record beginning on line holds a NUL byte. */
int kz__csv_has_nul(const kz_csv_text *t, long line);
/* Mark the record on line as one whose quote never closed (its text was
 * closed at the end of that line to read the rest).  KZ_ENOMEM. */
int kz__csv_add_unclosed(kz_ctx *ctx, kz_csv_text *t, long line);

/* An opened source: dataset, chosen layer and the bound columns. */
typedef struct kz_src {
    const char *role; /* "kahrizes", "assessments", "shafts", "districts" */
    const char *spec; /* as given: path or connection, with any suffix */
    GDALDatasetH ds;
    OGRLayerH layer;
    int is_csv;
    char separator;    /* CSV only */
    int decimal_comma; /* 1: ',' is the decimal mark */
    long row_offset;   /* CSV: 1 (the header line); else 0 */
    size_t slot;       /* report summary */
    const kz_colspec *specs;
    size_t n_specs;
    int *cols;            /* per spec: OGR field index or -1 */
    OGRFieldType *types;  /* per spec */
    int empty_file;       /* the file has no bytes at all */
    int sheet_config;     /* 1 XLSX, 2 ODS: reading settings are set */
    kz_csv_text csv;      /* CSV: the records as the driver reads them */
    char *vsi_path;       /* CSV read from a copy in /vsimem/ (another
                             separator written as ',', a quote that never
                             closes closed at its line's end), or NULL */
} kz_src;

/* 1 when the row of a CSV source beginning on text line `row` holds a NUL
 * byte: OGR would cut the line there, so such rows are rejected whole. */
int kz__src_has_nul(const kz_src *src, long row);

/*
 * Open spec for role: GDALOpenEx with the CSV open options when the CSV
 * driver takes it (also .psv files, and .txt files when opts names a
 * separator; a separator the driver cannot be given is read from a
 * comma-separated copy in /vsimem/), then pick the layer ("|layername=", "|layerid=", the
 * layer named after the role, or the only layer).  Errors: KZ_EINPUT
 * naming the source and GDAL's message.
 */
int kz__src_open(kz_ctx *ctx, kz_src *src, const char *role, const char *spec,
                 const kz_sources *opts);
/* Bind columns (aliases, mapping); reports unused and duplicate columns
 * as warnings.  Returns 0, KZ_ENOMEM, or KZ_EINPUT naming the mapping
 * file's line when a line for this role names a field the role does not
 * have or a column the source does not have; marks the mapping lines of
 * any role that this source knows and finds.  *missing receives the first
 * required spec that has no column (NULL when all are present). */
int kz__src_bind(kz_ctx *ctx, kz_src *src, const kz_colspec *specs,
                 size_t n_specs, kz_mappings *map, kz_report *report,
                 const kz_colspec **missing);
void kz__src_close(kz_ctx *ctx, kz_src *src);
/* Source row number of a feature: the CSV text line its record begins
 * on, else the feature id. */
long kz__src_row(const kz_src *src, OGRFeatureH f);
/* Text of spec i in feature f; "" when absent or NULL.  Borrowed from f. */
const char *kz__src_text(const kz_src *src, OGRFeatureH f, size_t i);
/* CRS string for a SRS: "EPSG:n" when it has an EPSG code,
 * else WKT; caller frees with kz__free.  NULL when srs is NULL. */
char *kz__srs_string(kz_ctx *ctx, OGRSpatialReferenceH srs);

/* Why GDAL could not open path as a vector source, right after the failed
 * open: missing file, GDAL's own message, or not a format it reads. */
const char *kz__ogr_why(const char *path);

/* --- model (survey.c) --- */
/* The order of two visits of one kahriz, never that of their rows: by
 * date; on one date by submission time when both have one, else the
 * worse condition is the later (the latest state of a kahriz is the worst
 * seen that day), then the lower discharge (an unknown one before any),
 * then the other values.  <0, 0 (the same values), >0; *why (may be NULL)
 * names what decided ("date", "submission time", "worse condition",
 * "lower discharge", "other values"; "" when equal). */
int kz__assessment_order(const kz_assessment *a, const kz_assessment *b,
                         const char **why);
/* Group assessments and shafts per kahriz (assessments by
 * kz__assessment_order, shafts stably by seq) and set first_/n_ of every
 * kahriz. */
int kz__survey_finish(kz_ctx *ctx, kz_survey *sv);

#endif
