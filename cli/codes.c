/*
 * codes.c - district and region codes as users type them on the command
 * line: trimmed, in any case, and an unknown one answered with the nearest
 * codes the survey has.
 */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Edit distance, case-insensitive, of two short ASCII-ish codes. */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b), i, j, prev, cur, *row;
    if (n > 64 || m > 64)
        return (size_t)-1;
    row = calloc(m + 1, sizeof(*row));
    if (!row)
        return (size_t)-1;
    for (j = 0; j <= m; j++)
        row[j] = j;
    for (i = 1; i <= n; i++) {
        prev = row[0];
        row[0] = i;
        for (j = 1; j <= m; j++) {
            size_t sub = prev + (tolower((unsigned char)a[i - 1]) !=
                                 tolower((unsigned char)b[j - 1]));
            cur = row[j];
            row[j] = sub;
            if (row[j] > cur + 1)
                row[j] = cur + 1;
            if (row[j] > row[j - 1] + 1)
                row[j] = row[j - 1] + 1;
            prev = cur;
        }
    }
    cur = row[m];
    free(row);
    return cur;
}

typedef struct near {
    const char *code;
    const char *name;
    size_t d;
} near;

/* Print the (up to) three codes nearest to want among the survey's
 * districts (region codes when regions is set). */
static void suggest(FILE *fp, const kz_survey *sv, const char *want,
                    int regions)
{
    near best[3] = {{NULL, NULL, (size_t)-1},
                    {NULL, NULL, (size_t)-1},
                    {NULL, NULL, (size_t)-1}};
    size_t i, k, n = kz_survey_district_count(sv);

    for (i = 0; i < n; i++) {
        const kz_district *d = kz_survey_district(sv, i);
        const char *code = regions ? d->region_code : d->code;
        const char *name = regions ? d->region_en : d->name_en;
        near cand;
        int dup = 0;
        if (!code || !*code)
            continue;
        for (k = 0; k < 3; k++)
            dup |= best[k].code && strcmp(best[k].code, code) == 0;
        if (dup)
            continue;
        cand.code = code;
        cand.name = name;
        cand.d = distance(want, code);
        /* a name typed instead of a code counts as near */
        if (name && strcasecmp(want, name) == 0)
            cand.d = 0;
        for (k = 0; k < 3; k++) {
            if (cand.d < best[k].d) {
                near t = best[k];
                best[k] = cand;
                cand = t;
            }
        }
    }
    fputs("; nearest:", fp);
    for (k = 0; k < 3 && best[k].code; k++)
        fprintf(fp, "%s %s (%s)", k ? "," : "", best[k].code,
                best[k].name ? best[k].name : "");
    fputc('\n', fp);
}

/* The survey's own code for want, typed with any case and surrounding
 * blanks. */
static const char *find(const kz_survey *sv, const char *want, int regions)
{
    size_t i, n = kz_survey_district_count(sv), len;
    want += strspn(want, " \t");
    len = strlen(want);
    while (len && isspace((unsigned char)want[len - 1]))
        len--;
    for (i = 0; i < n; i++) {
        const kz_district *d = kz_survey_district(sv, i);
        const char *code = regions ? d->region_code : d->code;
        if (code && strlen(code) == len && strncasecmp(code, want, len) == 0)
            return code;
    }
    return NULL;
}

int cli_district_codes(const kz_survey *sv, const char **codes, size_t n,
                       const char *option)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const char *own = find(sv, codes[i], 0);
        if (!own) {
            fprintf(stderr, "kahriz-atlas: %s: no district \"%s\"", option,
                    codes[i]);
            suggest(stderr, sv, codes[i], 0);
            return KZ_EXIT_USAGE;
        }
        codes[i] = own;
    }
    return KZ_EXIT_OK;
}

int cli_region_code(const kz_survey *sv, const char **code,
                    const char *option)
{
    const char *own = find(sv, *code, 1);
    if (!own) {
        fprintf(stderr, "kahriz-atlas: %s: no economic region \"%s\"",
                option, *code);
        suggest(stderr, sv, *code, 1);
        return KZ_EXIT_USAGE;
    }
    *code = own;
    return KZ_EXIT_OK;
}
