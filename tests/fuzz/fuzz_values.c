/*
 * fuzz_values.c - the row validator's field parsers on arbitrary strings:
 * numbers (both decimal marks), dates, condition / drinkable /
 * rehabilitation words and report quoting.  Input: fields separated by
 * newlines, each tried with every parser.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(const char *f)
{
    double v;
    int32_t d;
    kz_drinkable dr;
    kz_rehab rh;
    char buf[64], q[80];
    if (kz__parse_number(f, 0, &v) == KZ_NUM_OK && isnan(v))
        abort();
    if (kz__parse_number(f, 1, &v) == KZ_NUM_OK && isnan(v))
        abort();
    if (kz__parse_date(f, &d)) {
        int m = d / 100 % 100, day = d % 100;
        if (m < 1 || m > 12 || day < 1 || day > 31)
            abort();
    }
    kz_condition_parse(f);
    kz__parse_drinkable(f, &dr);
    kz__parse_rehab(f, &rh);
    kz__fold_word(buf, sizeof(buf), f);
    kz__quote_value(q, sizeof(q), f);
    /* report quoting always yields valid UTF-8 */
    if (kz_utf8_check(q, strlen(q)) != strlen(q))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1), *p, *nl;
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    for (p = s; p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        one(p);
    }
    free(s);
    return 0;
}
