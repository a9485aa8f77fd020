/*
 * stats_write.c - statistics as RFC 4180 CSV, JSON or an aligned terminal
 * table.  Numbers always use '.' whatever the process locale: writing
 * runs under a thread-local "C" locale.  CSV and JSON carry each value as
 * measured (15 significant digits); only the table rounds, by the rule
 * of every number printed for readers (kz__number_fixed).
 */
#include "aggregate/locator.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <string.h>

/* The 19 statistics columns, then the 3 of the discharge trend. */
#define NCOLS_BASE 19
#define NCOLS_ALL 22

static const char *const columns[NCOLS_ALL] = {
    "code", "name_az", "name_en", "region", "area_km2", "kahrizes",
    "functioning", "good", "fair", "poor", "dry", "collapsed", "unassessed",
    "discharge_l_s_total", "discharge_l_s_median", "households_served",
    "length_km", "density_per_100km2", "rehabilitated", "first_year",
    "last_year", "discharge_change_l_s"};

/* Column c of row r as text; an unknown value is "".  For the table,
 * numbers have fixed decimals; otherwise (exact) they keep DBL_DIG
 * significant digits: every value of up to 15 digits, as surveys record
 * them, and their sums print as written, without rounding and without the
 * binary noise of a 17-digit form (0.1 + 0.2 is 0.3).  Returns 1 when the
 * column is a string. */
static int cell(char *buf, size_t cap, const kz_stats_row *r, int c,
                int exact)
{
    double v = NAN;
    long l = 0;
    int is_long = 0, dec = 3;
    switch (c) {
    case 0: snprintf(buf, cap, "%s", r->code); return 1;
    case 1: snprintf(buf, cap, "%s", r->name_az); return 1;
    case 2: snprintf(buf, cap, "%s", r->name_en); return 1;
    case 3: snprintf(buf, cap, "%s", r->region); return 1;
    case 4: v = r->area_km2; dec = 1; break;
    case 5: l = r->kahrizes; is_long = 1; break;
    case 6: l = r->functioning; is_long = 1; break;
    case 7: l = r->condition[KZ_COND_GOOD]; is_long = 1; break;
    case 8: l = r->condition[KZ_COND_FAIR]; is_long = 1; break;
    case 9: l = r->condition[KZ_COND_POOR]; is_long = 1; break;
    case 10: l = r->condition[KZ_COND_DRY]; is_long = 1; break;
    case 11: l = r->condition[KZ_COND_COLLAPSED]; is_long = 1; break;
    case 12: l = r->condition[KZ_COND_UNASSESSED]; is_long = 1; break;
    case 13: v = r->discharge_l_s_total; dec = 1; break;
    case 14: v = r->discharge_l_s_median; dec = 2; break;
    case 15: l = r->households_served; is_long = 1; break;
    case 16: v = r->length_km; dec = 2; break;
    case 17: v = r->density_per_100km2; dec = 3; break;
    case 18: l = r->rehabilitated; is_long = 1; break;
    case 19: l = r->first_year; is_long = 1; break;
    case 20: l = r->last_year; is_long = 1; break;
    case 21: v = r->discharge_change_l_s; dec = 1; break;
    default: buf[0] = '\0'; return 1;
    }
    if (is_long && (c == 19 || c == 20) && l == 0)
        buf[0] = '\0'; /* no assessment year */
    else if (is_long)
        snprintf(buf, cap, "%ld", l);
    else if (isfinite(v) && exact)
        snprintf(buf, cap, "%.*g", DBL_DIG, v == 0 ? 0.0 : v);
    else if (isfinite(v))
        kz__number_fixed(buf, cap, v, dec); /* the atlas's rounding */
    else
        buf[0] = '\0';
    return 0;
}

static void write_csv(FILE *fp, const kz_stats *st, int ncols)
{
    char buf[512];
    size_t i;
    int c;
    for (c = 0; c < ncols; c++)
        fprintf(fp, "%s%s", c ? "," : "", columns[c]);
    fputs("\r\n", fp);
    for (i = 0; i < kz_stats_count(st); i++) {
        const kz_stats_row *r = kz_stats_row_get(st, i);
        for (c = 0; c < ncols; c++) {
            if (c)
                fputc(',', fp);
            cell(buf, sizeof(buf), r, c, 1);
            kz__csv_field(fp, buf);
        }
        fputs("\r\n", fp);
    }
}

static void write_json(FILE *fp, const kz_stats *st, int ncols)
{
    char buf[512];
    size_t i;
    int c;
    fputs("[\n", fp);
    for (i = 0; i < kz_stats_count(st); i++) {
        const kz_stats_row *r = kz_stats_row_get(st, i);
        fputs("  {", fp);
        for (c = 0; c < ncols; c++) {
            int str = cell(buf, sizeof(buf), r, c, 1);
            fprintf(fp, "%s\"%s\": ", c ? ", " : "", columns[c]);
            if (str)
                kz__json_string(fp, buf);
            else
                fputs(buf[0] ? buf : "null", fp);
        }
        fprintf(fp, "}%s\n", i + 1 < kz_stats_count(st) ? "," : "");
    }
    fputs("]\n", fp);
}

static int write_table(kz_ctx *ctx, FILE *fp, const kz_stats *st,
                       int ncols)
{
    size_t width[NCOLS_ALL], i, n = kz_stats_count(st);
    char buf[512];
    int c;

    for (c = 0; c < ncols; c++)
        width[c] = strlen(columns[c]);
    for (i = 0; i < n; i++)
        for (c = 0; c < ncols; c++) {
            size_t w;
            cell(buf, sizeof(buf), kz_stats_row_get(st, i), c, 0);
            w = kz_utf8_width(buf);
            if (w > width[c])
                width[c] = w;
        }
    for (i = 0; i <= n; i++) {
        const kz_stats_row *r = i ? kz_stats_row_get(st, i - 1) : NULL;
        for (c = 0; c < ncols; c++) {
            int str = 1;
            size_t w, pad;
            if (r)
                str = cell(buf, sizeof(buf), r, c, 0);
            else
                snprintf(buf, sizeof(buf), "%s", columns[c]);
            w = kz_utf8_width(buf);
            pad = width[c] > w ? width[c] - w : 0;
            if (c)
                fputs("  ", fp);
            /* text left-aligned, numbers right-aligned */
            if (!str)
                fprintf(fp, "%*s", (int)pad, "");
            fputs(buf, fp);
            if (str && c + 1 < ncols)
                fprintf(fp, "%*s", (int)pad, "");
        }
        fputc('\n', fp);
    }
    (void)ctx;
    return KZ_OK;
}

int kz_stats_write(kz_ctx *ctx, const kz_stats *st, FILE *fp,
                   kz_stats_format format)
{
    return kz_stats_write_columns(ctx, st, fp, format, KZ_STATS_COLUMNS_BASE);
}

int kz_stats_write_columns(kz_ctx *ctx, const kz_stats *st, FILE *fp,
                           kz_stats_format format, unsigned columns_set)
{
    int ncols = columns_set & KZ_STATS_COLUMNS_TREND ? NCOLS_ALL : NCOLS_BASE;
    locale_t c_locale, old;
    int rc = KZ_OK;

    KZ_ASSERT_ARG(ctx, st && fp);
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!c_locale)
        return kz__error(ctx, KZ_ENOMEM, NULL, 0, NULL,
                         "cannot create the C locale");
    old = uselocale(c_locale);
    switch (format) {
    case KZ_STATS_CSV: write_csv(fp, st, ncols); break;
    case KZ_STATS_JSON: write_json(fp, st, ncols); break;
    case KZ_STATS_TABLE: rc = write_table(ctx, fp, st, ncols); break;
    default:
        rc = kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                       "unknown statistics format %d", (int)format);
    }
    uselocale(old);
    freelocale(c_locale);
    if (rc == KZ_OK && (fflush(fp) != 0 || ferror(fp)))
        rc = kz__error(ctx, KZ_EIO, NULL, 0, NULL,
                       "cannot write the statistics");
    return rc;
}
