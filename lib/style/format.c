/*
 * format.c - numbers and dates as each language writes them on a map:
 * Azerbaijani 1 966,5 and 27 noyabr 2026, English 1,966.5 and
 * 27 November 2026; a negative number with U+2212 MINUS SIGN (−2,5).  Month names come from the style's catalog.
 * Rounding is the library's one rule (kz__number_fixed, core/number.c).
 * No number is ever written in exponent form: one too large to write in
 * full is written as the bound it passes.
 */
#include "style/style.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* snprintf-like: copy s into out (cap bytes), return strlen(s); a cut
 * falls between characters, never inside one. */
static size_t put(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (cap) {
        size_t m = n < cap - 1 ? n : cap - 1;
        while (m > 0 && m < n && ((unsigned char)s[m] & 0xC0) == 0x80)
            m--;
        memcpy(out, s, m);
        out[m] = '\0';
    }
    return n;
}

size_t kz_format_number(char *out, size_t cap, double value, int decimals,
                        const char *lang)
{
    /* U+202F NARROW NO-BREAK SPACE: a group never breaks across lines */
    static const char nnbsp[] = "\xe2\x80\xaf";
    int az = lang && strcmp(lang, "az") == 0;
    const char *group = az ? nnbsp : ",";
    char point = az ? ',' : '.';
    char raw[64], res[160];
    const char *p, *dot;
    size_t ndig, i, o = 0;

    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    if (!isfinite(value))
        return put(out, cap, isnan(value) ? "-" : (value > 0 ? "∞" : "\xe2\x88\x92∞"));
    if (fabs(value) >= 1e15) {
        /* past the digits a double holds (and any survey's measure, so
         * a value that got there is a slip already reported): the bound,
         * "≥ 1,000,000,000,000,000", never "1e+15" */
        static const char ge[] = "\xe2\x89\xa5\xc2\xa0", /* ≥ and NBSP */
                          le[] = "\xe2\x89\xa4\xc2\xa0";
        memcpy(res, value > 0 ? ge : le, sizeof(ge) - 1);
        o = sizeof(ge) - 1;
        snprintf(raw, sizeof(raw), "%s", value > 0 ? "1000000000000000"
                                                   : "-1000000000000000");
    } else {
        kz__number_fixed(raw, sizeof(raw), value, decimals);
    }
    p = raw;
    if (*p == '-') {
        /* U+2212 MINUS SIGN, not the hyphen (the bundled fonts carry it);
         * never on a zero (kz__number_fixed) */
        memcpy(res + o, "\xe2\x88\x92", 3);
        o += 3;
        p++;
    }
    dot = strchr(p, '.');
    ndig = dot ? (size_t)(dot - p) : strlen(p);
    for (i = 0; i < ndig; i++) {
        res[o++] = p[i];
        if (i + 1 < ndig && (ndig - i - 1) % 3 == 0) {
            size_t gl = strlen(group);
            memcpy(res + o, group, gl);
            o += gl;
        }
    }
    for (p += ndig; *p && o < sizeof(res) - 1; p++)
        res[o++] = *p == '.' ? point : *p;
    res[o] = '\0';
    return put(out, cap, res);
}

size_t kz_format_date(char *out, size_t cap, const kz_style *style,
                      int32_t ymd, const char *lang)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100, li;
    char buf[128];

    if (!style || !lang || ymd <= 0 || m < 1 || m > 12 || d < 1 ||
        d > mdays[m - 1] ||
        (li = kz__style_lang_index(style, lang)) < 0)
        return put(out, cap, "");
    /* both languages put the day first; only the month name differs */
    snprintf(buf, sizeof(buf), "%d %s %d", d, style->months[li][m - 1], y);
    return put(out, cap, buf);
}
