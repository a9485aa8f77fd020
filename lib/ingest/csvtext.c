/*
 * csvtext.c - a CSV file's text read once as GDAL's CSV driver splits it
 * into records, so that every record OGR returns can be named by the text
 * line it begins on, and the records OGR reads silently wrong are known:
 * a quote that never closes (OGR would read the rest of the file as one
 * value), more fields than the header (OGR drops the extra ones), a
 * quoted value over several lines that leaves a field count other than
 * the header's, and lines holding a NUL byte (OGR ends the line there).
 */
#include "ingest/ingest.h"

#include <cpl_vsi.h>
#include <string.h>

/* The driver's rules (GDAL 3.6, CSVReadParseLine3L and CSVSplitLine):
 * a line ends at CR, LF, CR LF or LF CR; a record goes on over the next
 * line while it holds an odd number of quotes; empty records are skipped
 * without a feature id; a quote opens a string, a doubled quote inside
 * one is a literal quote, the separator splits fields outside strings;
 * a line is read up to a NUL byte. */
typedef struct scan {
    kz_ctx *ctx;
    kz_csv_text *t;
    char sep;
    long line;         /* current text line, from 1 */
    int open;          /* a record has begun */
    long rec_line;     /* where it began */
    long long rec_end; /* byte offset of the end of its first line */
    unsigned long quotes;
    int in_str, quote_pending;
    long fields;
    int after_nul; /* the rest of this line is not read */
    char eol;      /* the line end just read, to pair CR LF */
    long records;  /* header included */
    int rc;
} scan;

static void add_flaw(scan *s, kz_csv_flaw_kind kind)
{
    kz_csv_text *t = s->t;
    kz_csv_flaw *fl;
    if (s->rc < 0)
        return;
    if ((s->rc = kz__grow(s->ctx, (void **)&t->flaws, &t->cap_flaws,
                          t->n_flaws + 1, sizeof(*t->flaws))) < 0)
        return;
    fl = &t->flaws[t->n_flaws++];
    fl->kind = kind;
    fl->line = s->rec_line;
    fl->last = s->line;
    fl->fields = s->fields;
}

static void end_record(scan *s)
{
    kz_csv_text *t = s->t;
    long fid;

    s->open = 0;
    if (++s->records == 1) {
        t->header_fields = s->fields;
        return;
    }
    fid = s->records - 1;
    t->records = fid;
    if (t->n_jumps == 0 ||
        t->jumps[t->n_jumps - 1].line + (fid - t->jumps[t->n_jumps - 1].fid) !=
            s->rec_line) {
        if (s->rc < 0 ||
            (s->rc = kz__grow(s->ctx, (void **)&t->jumps, &t->cap_jumps,
                              t->n_jumps + 1, sizeof(*t->jumps))) < 0)
            return;
        t->jumps[t->n_jumps].fid = fid;
        t->jumps[t->n_jumps].line = s->rec_line;
        t->n_jumps++;
    }
    if (s->fields > t->header_fields ||
        (s->line != s->rec_line && s->fields != t->header_fields))
        add_flaw(s, KZ_CSV_FIELDS);
}

static void add_nul(scan *s)
{
    kz_csv_text *t = s->t;
    long line = s->open ? s->rec_line : s->line;
    if (s->rc < 0 || (t->n_nul && t->nul_lines[t->n_nul - 1] == line))
        return;
    if ((s->rc = kz__grow(s->ctx, (void **)&t->nul_lines, &t->cap_nul,
                          t->n_nul + 1, sizeof(long))) < 0)
        return;
    t->nul_lines[t->n_nul++] = line;
}

static void feed(scan *s, const unsigned char *p, size_t n, long long off)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (s->eol) {
            char prev = s->eol;
            s->eol = 0;
            if ((prev == '\r' && c == '\n') || (prev == '\n' && c == '\r'))
                continue;
        }
        if (c == '\n' || c == '\r') {
            if (s->open) {
                if (s->rec_end < 0)
                    s->rec_end = off + (long long)i;
                if (s->quotes % 2 == 0) {
                    end_record(s);
                } else if (s->quote_pending) {
                    /* the joined line goes on with a line feed */
                    s->quote_pending = 0;
                    s->in_str = 0;
                }
            }
            s->line++;
            s->eol = (char)c;
            s->after_nul = 0;
            continue;
        }
        if (s->after_nul)
            continue;
        if (c == 0) {
            add_nul(s);
            s->after_nul = 1;
            continue;
        }
        if (!s->open) {
            s->open = 1;
            s->rec_line = s->line;
            s->rec_end = -1;
            s->quotes = 0;
            s->in_str = s->quote_pending = 0;
            s->fields = 1;
        }
        if (s->quote_pending) {
            s->quote_pending = 0;
            if (c == '"') {
                s->quotes++; /* "" inside a string: a literal quote */
                continue;
            }
            s->in_str = 0;
        }
        if (c == '"') {
            s->quotes++;
            if (s->in_str)
                s->quote_pending = 1;
            else
                s->in_str = 1;
            continue;
        }
        if (c == (unsigned char)s->sep && !s->in_str)
            s->fields++;
    }
}

int kz__csv_scan(kz_ctx *ctx, kz_csv_text *t, const char *path, char sep)
{
    VSILFILE *fp;
    unsigned char buf[65536];
    long long off = 0;
    size_t n;
    scan s;

    kz__csv_release(ctx, t);
    if (!(fp = VSIFOpenL(path, "rb")))
        return KZ_OK; /* not readable as a file: GDAL will say why */
    memset(&s, 0, sizeof(s));
    s.ctx = ctx;
    s.t = t;
    s.sep = sep;
    s.line = 1;
    t->scanned = 1;
    while (s.rc == KZ_OK && (n = VSIFReadL(buf, 1, sizeof(buf), fp)) > 0) {
        size_t skip = 0;
        if (off == 0 && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
            skip = 3; /* the driver skips a UTF-8 byte order mark */
        feed(&s, buf + skip, n - skip, off + (long long)skip);
        off += (long long)n;
    }
    VSIFCloseL(fp);
    if (s.rc == KZ_OK && s.open) {
        if (s.rec_end < 0)
            s.rec_end = off;
        if (s.quotes % 2) {
            t->unclosed_line = s.rec_line;
            t->unclosed_at = s.rec_end;
        }
        end_record(&s);
    }
    return s.rc;
}

void kz__csv_release(kz_ctx *ctx, kz_csv_text *t)
{
    kz__free(ctx, t->jumps);
    kz__free(ctx, t->flaws);
    kz__free(ctx, t->nul_lines);
    memset(t, 0, sizeof(*t));
}

long kz__csv_line(const kz_csv_text *t, long fid)
{
    size_t lo = 0, hi = t->n_jumps;
    if (t->n_jumps == 0 || fid < t->jumps[0].fid)
        return 0;
    /* the last jump at or before fid */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->jumps[mid].fid <= fid)
            lo = mid;
        else
            hi = mid;
    }
    return t->jumps[lo].line + (fid - t->jumps[lo].fid);
}

const kz_csv_flaw *kz__csv_flaw(const kz_csv_text *t, long line)
{
    size_t lo = 0, hi = t->n_flaws;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->flaws[mid].line == line)
            return &t->flaws[mid];
        if (t->flaws[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int kz__csv_has_nul(const kz_csv_text *t, long line)
{
    size_t lo = 0, hi = t->n_nul;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->nul_lines[mid] == line)
            return 1;
        if (t->nul_lines[mid] < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int kz__csv_add_unclosed(kz_ctx *ctx, kz_csv_text *t, long line)
{
    size_t i;
    int rc;
    if ((rc = kz__grow(ctx, (void **)&t->flaws, &t->cap_flaws, t->n_flaws + 1,
                       sizeof(*t->flaws))) < 0)
        return rc;
    for (i = t->n_flaws; i > 0 && t->flaws[i - 1].line >= line; i--)
        ;
    if (i < t->n_flaws && t->flaws[i].line == line) {
        t->flaws[i].kind = KZ_CSV_UNCLOSED; /* the record ends there now */
        return KZ_OK;
    }
    memmove(t->flaws + i + 1, t->flaws + i,
            (t->n_flaws - i) * sizeof(*t->flaws));
    t->flaws[i].kind = KZ_CSV_UNCLOSED;
    t->flaws[i].line = t->flaws[i].last = line;
    t->flaws[i].fields = 0;
    t->n_flaws++;
    return KZ_OK;
}
