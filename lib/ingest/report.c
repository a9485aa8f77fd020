/*
 * report.c - the ingest report: one entry per rejected or doubtful input
 * row and one summary per source.  The report owns copies of every string
 * (in its own arena), so entries outlive the files and features they name.
 * A row being read reports here too (kz__row_error, kz__row_warning) and
 * is counted once it is done (kz__row_done).
 */
#include "ingest/load.h"

#include <stdarg.h>

#include <stdio.h>
#include <string.h>

struct kz_report {
    kz_ctx *ctx;
    kz_arena strings;
    kz_report_entry *entries;
    size_t n_entries, cap_entries;
    kz_report_summary *summaries;
    size_t n_summaries, cap_summaries;
    size_t n_errors, n_warnings;
};

int kz_report_create(kz_report **out, kz_ctx *ctx)
{
    kz_report *r;

    KZ_ASSERT_ARG(ctx, ctx);
    KZ_ASSERT_ARG(ctx, out);
    *out = NULL;
    r = kz__calloc(ctx, 1, sizeof(*r));
    if (!r)
        return KZ_ENOMEM;
    r->ctx = ctx;
    kz__arena_init(&r->strings, ctx, 16 * 1024);
    *out = r;
    return KZ_OK;
}

void kz_report_destroy(kz_report *report)
{
    if (!report)
        return;
    kz__free(report->ctx, report->entries);
    kz__free(report->ctx, report->summaries);
    kz__arena_release(&report->strings);
    kz__free(report->ctx, report);
}

size_t kz_report_count(const kz_report *report)
{
    return report ? report->n_entries : 0;
}

const kz_report_entry *kz_report_get(const kz_report *report, size_t i)
{
    if (!report || i >= report->n_entries)
        return NULL;
    return &report->entries[i];
}

size_t kz_report_errors(const kz_report *report)
{
    return report ? report->n_errors : 0;
}

size_t kz_report_warnings(const kz_report *report)
{
    return report ? report->n_warnings : 0;
}

size_t kz_report_summary_count(const kz_report *report)
{
    return report ? report->n_summaries : 0;
}

const kz_report_summary *kz_report_summary_get(const kz_report *report,
                                               size_t i)
{
    if (!report || i >= report->n_summaries)
        return NULL;
    return &report->summaries[i];
}

int kz__report_begin_source(kz_report *r, const char *source,
                            const char *file, size_t *slot)
{
    kz_report_summary *s;
    const char *src, *f;
    int rc;

    *slot = SIZE_MAX;
    if (!r)
        return KZ_OK;
    src = kz__arena_strdup(&r->strings, source);
    f = kz__arena_strdup(&r->strings, file);
    if (!src || !f)
        return KZ_ENOMEM;
    if ((rc = kz__grow(r->ctx, (void **)&r->summaries, &r->cap_summaries,
                       r->n_summaries + 1, sizeof(*r->summaries))) < 0)
        return rc;
    s = &r->summaries[r->n_summaries];
    memset(s, 0, sizeof(*s));
    s->source = src;
    s->file = f;
    *slot = r->n_summaries++;
    return KZ_OK;
}

void kz__report_count(kz_report *r, size_t slot, long read, long accepted,
                      long rejected)
{
    if (!r || slot >= r->n_summaries)
        return;
    r->summaries[slot].rows_read += read;
    r->summaries[slot].accepted += accepted;
    r->summaries[slot].rejected += rejected;
}

/* Entries added without a slot (e.g. by the district assignment) still
 * count in the latest summary of their source, so that the summary and
 * the entries agree. */
static size_t slot_of(const kz_report *r, size_t slot, const char *source)
{
    size_t i;
    if (slot < r->n_summaries)
        return slot;
    if (!source)
        return SIZE_MAX;
    for (i = r->n_summaries; i-- > 0;)
        if (strcmp(r->summaries[i].source, source) == 0)
            return i;
    return SIZE_MAX;
}

int kz__report_add(kz_report *r, size_t slot, kz_severity sev,
                   const char *source, const char *file, long row,
                   const char *field, const char *fmt, ...)
{
    kz_report_entry *e;
    va_list ap;
    int n, rc;

    if (!r)
        return KZ_OK;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return kz__error(r->ctx, KZ_ERROR, NULL, 0, NULL, "bad format");
    if ((rc = kz__grow(r->ctx, (void **)&r->entries, &r->cap_entries,
                       r->n_entries + 1, sizeof(*r->entries))) < 0)
        return rc;
    e = &r->entries[r->n_entries];
    e->severity = sev;
    e->row = row;
    e->source = kz__arena_strdup(&r->strings, source);
    if (!file || !*file) {
        /* entries about a loaded record name the file it came from */
        size_t s = slot_of(r, slot, source);
        file = s != SIZE_MAX ? r->summaries[s].file : "";
    }
    e->file = kz__arena_strdup(&r->strings, file);
    e->field = kz__arena_strdup(&r->strings, field);
    {
        char *m = kz__arena_alloc(&r->strings, (size_t)n + 1, 1);
        if (m) {
            va_start(ap, fmt);
            vsnprintf(m, (size_t)n + 1, fmt, ap);
            va_end(ap);
        }
        e->message = m;
    }
    if (!e->source || !e->file || !e->field || !e->message)
        return KZ_ENOMEM;
    r->n_entries++;
    if (sev == KZ_SEV_ERROR) {
        r->n_errors++;
    } else {
        size_t s = slot_of(r, slot, source);
        r->n_warnings++;
        if (s != SIZE_MAX)
            r->summaries[s].warnings++;
    }
    return KZ_OK;
}

/* ---------------------------------------------------------------- output */

static void put_location(FILE *fp, const kz_report_entry *e)
{
    fputs(e->file, fp);
    if (e->row > 0)
        fprintf(fp, ":%ld", e->row);
    fputs(": ", fp);
    if (e->severity == KZ_SEV_WARNING)
        fputs("warning: ", fp);
    if (e->field[0]) {
        fputs(e->field, fp);
        fputs(": ", fp);
    }
}

static void write_text(const kz_report *r, FILE *fp)
{
    size_t i, wsrc = 6;

    for (i = 0; i < r->n_entries; i++) {
        const kz_report_entry *e = &r->entries[i];
        put_location(fp, e);
        fputs(e->message, fp);
        fputc('\n', fp);
    }
    if (r->n_summaries == 0)
        return;
    if (r->n_entries)
        fputc('\n', fp);
    for (i = 0; i < r->n_summaries; i++) {
        size_t w = strlen(r->summaries[i].source);
        if (w > wsrc)
            wsrc = w;
    }
    fprintf(fp, "%-*s %10s %10s %10s %10s  %s\n", (int)wsrc, "source",
            "read", "accepted", "rejected", "warnings", "file");
    for (i = 0; i < r->n_summaries; i++) {
        const kz_report_summary *s = &r->summaries[i];
        fprintf(fp, "%-*s %10ld %10ld %10ld %10ld  ", (int)wsrc, s->source,
                s->rows_read, s->accepted, s->rejected, s->warnings);
        fputs(s->file, fp);
        fputc('\n', fp);
    }
    fprintf(fp, "%zu error%s, %zu warning%s\n", r->n_errors,
            r->n_errors == 1 ? "" : "s", r->n_warnings,
            r->n_warnings == 1 ? "" : "s");
}

static void write_json(const kz_report *r, FILE *fp)
{
    size_t i;

    fprintf(fp, "{\n  \"errors\": %zu,\n  \"warnings\": %zu,\n", r->n_errors,
            r->n_warnings);
    fputs("  \"summary\": [", fp);
    for (i = 0; i < r->n_summaries; i++) {
        const kz_report_summary *s = &r->summaries[i];
        fputs(i ? ",\n    {\"source\": " : "\n    {\"source\": ", fp);
        kz__json_string(fp, s->source);
        fputs(", \"file\": ", fp);
        kz__json_string(fp, s->file);
        fprintf(fp,
                ", \"rows_read\": %ld, \"accepted\": %ld, "
                "\"rejected\": %ld, \"warnings\": %ld}",
                s->rows_read, s->accepted, s->rejected, s->warnings);
    }
    fputs(r->n_summaries ? "\n  ],\n" : "],\n", fp);
    fputs("  \"entries\": [", fp);
    for (i = 0; i < r->n_entries; i++) {
        const kz_report_entry *e = &r->entries[i];
        fputs(i ? ",\n    {\"severity\": " : "\n    {\"severity\": ", fp);
        kz__json_string(fp,
                        e->severity == KZ_SEV_ERROR ? "error" : "warning");
        fputs(", \"source\": ", fp);
        kz__json_string(fp, e->source);
        fputs(", \"file\": ", fp);
        kz__json_string(fp, e->file);
        fprintf(fp, ", \"row\": %ld, \"field\": ", e->row);
        kz__json_string(fp, e->field);
        fputs(", \"message\": ", fp);
        kz__json_string(fp, e->message);
        fputc('}', fp);
    }
    fputs(r->n_entries ? "\n  ]\n}\n" : "]\n}\n", fp);
}

static void write_csv(const kz_report *r, FILE *fp)
{
    size_t i;

    fputs("severity,source,file,row,field,message\r\n", fp);
    for (i = 0; i < r->n_entries; i++) {
        const kz_report_entry *e = &r->entries[i];
        fputs(e->severity == KZ_SEV_ERROR ? "error," : "warning,", fp);
        kz__csv_field(fp, e->source);
        fputc(',', fp);
        kz__csv_field(fp, e->file);
        if (e->row > 0)
            fprintf(fp, ",%ld,", e->row);
        else
            fputs(",,", fp);
        kz__csv_field(fp, e->field);
        fputc(',', fp);
        kz__csv_field(fp, e->message);
        fputs("\r\n", fp);
    }
}

int kz_report_write(kz_ctx *ctx, const kz_report *report, FILE *fp,
                    kz_report_format format)
{
    KZ_ASSERT_ARG(ctx, ctx);
    KZ_ASSERT_ARG(ctx, report && fp);
    switch (format) {
    case KZ_REPORT_TEXT:
        write_text(report, fp);
        break;
    case KZ_REPORT_JSON:
        write_json(report, fp);
        break;
    case KZ_REPORT_CSV:
        write_csv(report, fp);
        break;
    default:
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "unknown report format %d", (int)format);
    }
    if (fflush(fp) != 0 || ferror(fp))
        return kz__error(ctx, KZ_EIO, NULL, 0, NULL, "cannot write the report");
    return KZ_OK;
}

/* ---------------------------------------------------------- one row */

void kz__row_error(kz_row *rs, const char *field, const char *fmt, ...)
{
    kz_load *ls = rs->ls;
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    rs->errors++;
    if (kz__report_add(ls->report, rs->src->slot, KZ_SEV_ERROR,
                       rs->src->role, rs->src->spec, rs->row, field, "%s",
                       msg) < 0)
        ls->fatal = KZ_ENOMEM;
    if (!ls->first_msg[0]) {
        snprintf(ls->first_file, sizeof(ls->first_file), "%s", rs->src->spec);
        snprintf(ls->first_field, sizeof(ls->first_field), "%s", field);
        snprintf(ls->first_msg, sizeof(ls->first_msg), "%s", msg);
        ls->first_row = rs->row;
    }
}

void kz__row_leave_out(kz_row *rs)
{
    rs->ls->row_left_out = 1;
}

int kz__row_done(const kz_row *rs)
{
    kz_load *ls = rs->ls;
    int out = ls->row_left_out && !rs->errors;
    ls->row_left_out = 0;
    if (ls->fatal)
        return ls->fatal;
    kz__report_count(ls->report, rs->src->slot, 1,
                     rs->errors || out ? 0 : 1, rs->errors ? 1 : 0);
    if (rs->errors)
        ls->rejected_rows++;
    return KZ_OK;
}

void kz__row_warning(kz_row *rs, const char *field, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (kz__report_add(rs->ls->report, rs->src->slot, KZ_SEV_WARNING,
                       rs->src->role, rs->src->spec, rs->row, field, "%s",
                       msg) < 0)
        rs->ls->fatal = KZ_ENOMEM;
}
