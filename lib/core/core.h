/*
 * core.h - internals shared by every module: the context layout, the
 * allocator wrappers, error setting, logging and a bump arena for strings.
 * Only lib/ includes this; nothing here is public API.
 */
#ifndef KZ_CORE_H
#define KZ_CORE_H

#include "kahriz.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>

#if defined(__GNUC__)
#define KZ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define KZ_PRINTF(f, a)
#endif

#define KZ_ERRMSG_MAX 1024

struct kz_ctx {
    kz_allocator alloc;
    kz_log_fn log;
    void *log_userdata;
    kz_log_level log_level;

    /* last error */
    int err_code;
    char err_message[KZ_ERRMSG_MAX];
    char err_file[512];
    long err_row;
    char err_field[128];
    kz_error err_view;

    /* KZ_ENOMEM errors set so far: a helper whose result is only NULL
     * tells its caller an allocation failure from a geometry or
     * projection one by a change of this count */
    unsigned long nomem;

    /* test hook: fail the Nth allocation (1-based), 0: never */
    long fail_alloc_at;
    long alloc_count;

    volatile sig_atomic_t interrupted;

    /* owned by lib/geo; created on first use, released by geo_release */
    void *proj;  /* PJ_CONTEXT * */
    void *geos;  /* GEOSContextHandle_t */
    void (*geo_release)(struct kz_ctx *ctx);
    void *proj_cache; /* geo's cache of transformations */
};

/* --- allocation (never aborts; failures set KZ_ENOMEM on ctx) --- */
void *kz__malloc(kz_ctx *ctx, size_t n);
void *kz__calloc(kz_ctx *ctx, size_t n, size_t size);
void *kz__mallocarray(kz_ctx *ctx, size_t n, size_t size);
void *kz__reallocarray(kz_ctx *ctx, void *p, size_t n, size_t size);
void kz__free(kz_ctx *ctx, void *p);
char *kz__strdup(kz_ctx *ctx, const char *s);
/* Grow *p (holding *cap elements) so that it holds at least need. */
int kz__grow(kz_ctx *ctx, void **p, size_t *cap, size_t need, size_t size);
/* Test hook: fail the Nth allocation from now on (0 disables). */
void kz__ctx_fail_alloc_at(kz_ctx *ctx, long n);

/* --- errors --- */
/* Set the last error and return code. file/field may be NULL, row 0. */
int kz__error(kz_ctx *ctx, int code, const char *file, long row,
              const char *field, const char *fmt, ...) KZ_PRINTF(6, 7);
int kz__errorv(kz_ctx *ctx, int code, const char *file, long row,
               const char *field, const char *fmt, va_list ap)
    KZ_PRINTF(6, 0);
void kz__log(kz_ctx *ctx, kz_log_level level, const char *fmt, ...)
    KZ_PRINTF(3, 4);

/* Misuse check: assert in debug builds, KZ_EINVAL in release. */
#ifdef NDEBUG
#define KZ_ASSERT_ARG(ctx, expr)                                              \
    do {                                                                      \
        if (!(expr))                                                          \
            return kz__error((ctx), KZ_EINVAL, NULL, 0, NULL,                 \
                             "invalid argument: %s", #expr);                  \
    } while (0)
#else
#include <assert.h>
#define KZ_ASSERT_ARG(ctx, expr)                                              \
    do {                                                                      \
        assert(expr);                                                         \
        if (!(expr))                                                          \
            return kz__error((ctx), KZ_EINVAL, NULL, 0, NULL,                 \
                             "invalid argument: %s", #expr);                  \
    } while (0)
#endif

static inline bool kz__interrupted(const kz_ctx *ctx)
{
    return ctx->interrupted != 0;
}

/* --- arena: bump allocator for many small long-lived strings --- */
typedef struct kz_arena_block kz_arena_block;
typedef struct kz_arena {
    kz_ctx *ctx;
    kz_arena_block *head;
    size_t block_size;
    size_t used_bytes;
} kz_arena;

void kz__arena_init(kz_arena *a, kz_ctx *ctx, size_t block_size);
void kz__arena_release(kz_arena *a);
void *kz__arena_alloc(kz_arena *a, size_t n, size_t align);
/* Copy of s[0..n) plus NUL; "" for n == 0 shares one static empty string. */
const char *kz__arena_strndup(kz_arena *a, const char *s, size_t n);
const char *kz__arena_strdup(kz_arena *a, const char *s);

/* --- small growable byte buffer --- */
typedef struct kz_buf {
    kz_ctx *ctx;
    char *data;
    size_t len, cap;
} kz_buf;

void kz__buf_init(kz_buf *b, kz_ctx *ctx);
void kz__buf_release(kz_buf *b);
int kz__buf_append(kz_buf *b, const char *s, size_t n);
int kz__buf_puts(kz_buf *b, const char *s);
int kz__buf_printf(kz_buf *b, const char *fmt, ...) KZ_PRINTF(2, 3);

/* --- outputs written atomically (outfile.c) --- */
typedef struct kz_outfile {
    const char *path; /* the target (borrowed) */
    char *tmp;        /* the temporary file beside it; NULL when closed */
    FILE *fp;         /* write here */
    int code;         /* kz_status for I/O failures */
    int copy;         /* the target is no regular file: copied into */
} kz_outfile;
/* Open a temporary file beside path (mode 0644 less the umask); failures
 * are reported with code and path.  When path names something other than
 * a regular file (/dev/stdout, a pipe, /dev/null) the temporary file is
 * made in $TMPDIR and its bytes are written into path on commit: a
 * device or pipe is never renamed over. */
int kz__outfile_open(kz_outfile *o, kz_ctx *ctx, const char *path, int code);
/* Flush, sync, close and rename it to path; on failure it is removed. */
int kz__outfile_commit(kz_outfile *o, kz_ctx *ctx);
/* Close and remove the temporary file (no-op once committed). */
void kz__outfile_abort(kz_outfile *o, kz_ctx *ctx);
/* Rewrite what was written so far: fn reads the file at in and writes a
 * new one at out (a fresh temporary beside the target), which then takes
 * the place of the old one before commit.  fn reports its own errors. */
int kz__outfile_rewrite(kz_outfile *o, kz_ctx *ctx,
                        int (*fn)(void *ud, kz_ctx *ctx, const char *in,
                                  const char *out),
                        void *ud);

/* --- text fields for writers (write.c) --- */
/* RFC 4180 field: quoted when it holds a separator, quote or line break. */
void kz__csv_field(FILE *fp, const char *s);
/* JSON string: UTF-8 passes through, quotes and controls are escaped. */
void kz__json_string(FILE *fp, const char *s);
/* XML text into b: & < > " ' escaped, UTF-8 passes through.  KZ_ENOMEM. */
int kz__xml_escape(kz_buf *b, const char *s);

/* --- GDAL messages (gdalerr.c) --- */
/* While pushed, GDAL's messages on this thread go to ctx, never to
 * stderr: the first failure since kz__gdal_reset is kept, warnings are
 * logged naming the file.  Scopes nest; pop in reverse order. */
typedef struct kz_gdal_scope {
    kz_ctx *ctx;
    struct kz_gdal_scope *prev;
    const char *file; /* the source being read, for warnings (borrowed) */
    char first[512];  /* the first failure, one line */
} kz_gdal_scope;
void kz__gdal_push(kz_gdal_scope *s, kz_ctx *ctx);
void kz__gdal_pop(kz_gdal_scope *s);
/* CPLErrorReset, and forget the first failure; file names the source
 * read from now on (borrowed, may be NULL). */
void kz__gdal_reset(const char *file);
/* GDAL's failure since the reset, one line; NULL when there is none.
 * Valid until the next GDAL call on this thread. */
const char *kz__gdal_message(void);
/* After a read of file's features: KZ_EINPUT naming file with GDAL's
 * reason when GDAL failed since kz__gdal_reset (a read that stops on an
 * error looks to the reader like the end of its layer), else KZ_OK. */
int kz__gdal_read_check(kz_ctx *ctx, const char *file);

/* --- numbers for readers (number.c): the one rounding rule --- */
/* value * 10^decimals (0..9) rounded half away from zero on the decimal
 * value (2.35 -> 24 at one decimal): an integral double; non-finite values
 * come back as they are. */
double kz__round_scaled(double value, int decimals);
/* value rounded as kz__round_scaled, written with '.' and no grouping
 * ("2.4", "-0.1", "4312345"); no sign on a zero.  Non-finite or huge
 * (>= 1e15) values are written as printf's %.15g.  Like snprintf: at most
 * cap bytes with the NUL, returns the length the whole text needs. */
size_t kz__number_fixed(char *out, size_t cap, double value, int decimals);

/* --- names (text.c) --- */
/* English form of a kahriz's Azerbaijani name: kz_translit_en, and the
 * possessive "kəhrizi" of a final word becomes "kahriz" ("Hacı Zeynal
 * kəhrizi" -> "Haji Zeynal kahriz"), as supplied English names read.
 * Same return and truncation as kz_translit_en. */
size_t kz__translit_kahriz_en(char *out, size_t cap, const char *az);

/* --- UTF-8 --- */
/* Decode one code point at s (len bytes available); returns bytes used, or
 * 0 on an invalid sequence.  *cp receives the code point. */
size_t kz__utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns bytes written. */
size_t kz__utf8_encode(char *out, uint32_t cp);

/* --- fit.c: text cut to a size --- */
/* Copy src (NULL: "") into dst: whole when it fits in cap bytes and
 * max_chars characters (0: any number), else cut between characters (at
 * a word end when one is near) and ended with "…", still within both
 * limits.  dst may be src.  Returns 1 when cut. */
int kz__text_fit(char *dst, size_t cap, const char *src, size_t max_chars);
/* snprintf into buf whose overflow is cut as kz__text_fit cuts (never
 * inside a UTF-8 sequence).  Returns 1 when cut. */
int kz__text_printf(char *buf, size_t cap, const char *fmt, ...)
    KZ_PRINTF(3, 4);

#endif
