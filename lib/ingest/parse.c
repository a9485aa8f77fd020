/*
 * parse.c - values read as text and parsed here, so that every bad value
 * can be reported instead of silently becoming NULL.  Numbers are parsed
 * without the C library's locale (LC_NUMERIC never matters); decimal commas
 * are accepted only when the source declares or implies them.
 */
#include "ingest/ingest.h"

#include <ctype.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* U+00A0 and U+202F, used as thousands separators by spreadsheets. */
static size_t nbsp_len(const unsigned char *p)
{
    if (p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
        return 3;
    return 0;
}

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* Length of a thousands separator at p in the integer part: the other
 * mark (',' or '.'), or in decimal-comma sources a blank (space, U+00A0,
 * U+202F) that a digit follows.  *kind: 1 the mark, 2 a blank. */
static size_t group_sep(const unsigned char *p, int decimal_comma,
                        unsigned char other, int *kind)
{
    size_t nb;
    if (*p == other) {
        *kind = 1;
        return 1;
    }
    if (!decimal_comma)
        return 0;
    nb = *p == ' ' ? 1 : nbsp_len(p);
    if (nb && p[nb] >= '0' && p[nb] <= '9') {
        *kind = 2;
        return nb;
    }
    return 0;
}

kz_numres kz__parse_number(const char *s, int decimal_comma, double *out)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char mark = decimal_comma ? ',' : '.';
    const unsigned char other = decimal_comma ? '.' : ',';
    /* the value rewritten as plain C syntax, then read by strtod_l in the
     * "C" locale: exact rounding, and LC_NUMERIC never matters */
    char buf[96], *end;
    size_t o = 0, n_digits = 0, group = 0, first_group = 0, n_seps = 0;
    int kind = 0, sep_kind = 0, bad_group = 0, seen_mark = 0;
    double v;

    *out = 0;
    while (is_blank(*p))
        p++;
    if (!*p)
        return KZ_NUM_EMPTY;
    if (*p == '+' || *p == '-')
        buf[o++] = (char)*p++;
    /* integer part, with thousands grouping: "1.234.567", "1 234" */
    while (o < sizeof(buf) - 16) {
        size_t nb;
        if (*p >= '0' && *p <= '9') {
            buf[o++] = (char)*p++;
            n_digits++;
            group++;
            continue;
        }
        if (n_digits == 0 ||
            (nb = group_sep(p, decimal_comma, other, &kind)) == 0)
            break;
        if (n_seps == 0)
            first_group = group;
        else if (group != 3)
            bad_group = 1;
        if (sep_kind && kind != sep_kind)
            bad_group = 1; /* "1.234 567" */
        sep_kind = kind;
        n_seps++;
        group = 0;
        p += nb;
    }
    if (n_seps && (group != 3 || first_group == 0 || first_group > 3))
        bad_group = 1;
    if (*p == mark) {
        seen_mark = 1;
        buf[o++] = '.';
        p++;
        while (*p >= '0' && *p <= '9' && o < sizeof(buf) - 16) {
            buf[o++] = (char)*p++;
            n_digits++;
        }
    }
    if (n_digits == 0)
        return KZ_NUM_BAD;
    if (*p == 'e' || *p == 'E') {
        size_t ne = 0;
        if (n_seps)
            return KZ_NUM_BAD;
        buf[o++] = 'e';
        p++;
        if (*p == '+' || *p == '-')
            buf[o++] = (char)*p++;
        while (*p >= '0' && *p <= '9' && o < sizeof(buf) - 2) {
            buf[o++] = (char)*p++;
            ne++;
        }
        if (ne == 0)
            return KZ_NUM_BAD;
    }
    while (is_blank(*p))
        p++;
    if (*p)
        return KZ_NUM_BAD;
    if (n_seps == 1 && sep_kind == 1 && !seen_mark) {
        /* one other mark alone: "1,234" could be a thousands separator or
         * a decimal mark; "12.5" in a decimal-comma source is the wrong
         * mark */
        if (!bad_group)
            return KZ_NUM_AMBIGUOUS;
        return decimal_comma ? KZ_NUM_WRONG_MARK : KZ_NUM_BAD;
    }
    if (bad_group)
        return KZ_NUM_BAD_GROUPING;
    buf[o] = '\0';
    pthread_once(&c_locale_once, make_c_locale);
    if (!c_locale)
        return KZ_NUM_BAD;
    v = strtod_l(buf, &end, c_locale);
    if (*end || !(v - v == 0)) /* trailing junk or overflow to infinity */
        return KZ_NUM_BAD;
    *out = v;
    return KZ_NUM_OK;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int kz__parse_date(const char *s, int32_t *out)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
    const unsigned char *p = (const unsigned char *)s;
    int y, m, d, i;

    *out = 0;
    while (is_blank(*p))
        p++;
    /* DD.MM.YYYY, as Azerbaijani and Russian spreadsheets write dates: the
     * dots make the day-first order certain (a slashed date is not) */
    if (isdigit(p[0]) && isdigit(p[1]) && p[2] == '.' && isdigit(p[3]) &&
        isdigit(p[4]) && p[5] == '.' && isdigit(p[6]) && isdigit(p[7]) &&
        isdigit(p[8]) && isdigit(p[9])) {
        d = (p[0] - '0') * 10 + (p[1] - '0');
        m = (p[3] - '0') * 10 + (p[4] - '0');
        y = (p[6] - '0') * 1000 + (p[7] - '0') * 100 + (p[8] - '0') * 10 +
            (p[9] - '0');
    } else {
        /* YYYY-MM-DD, or YYYY/MM/DD as spreadsheets format date cells:
         * year first, so the order is certain; one kind of separator */
        unsigned char sep = 0; /* taken at [4]: the digits before it
                                  are checked first, so a short string
                                  ends the loop before it is read */
        for (i = 0; i < 10; i++) {
            if (i == 4) {
                if (p[4] != '/' && p[4] != '-')
                    return 0; /* also the end of "2019" */
                sep = p[4];
            } else if (i == 7) {
                if (p[i] != sep)
                    return 0;
            } else if (!isdigit(p[i])) {
                return 0;
            }
        }
        y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
            (p[3] - '0');
        m = (p[5] - '0') * 10 + (p[6] - '0');
        d = (p[8] - '0') * 10 + (p[9] - '0');
    }
    p += 10;
    if (*p == 'T' || *p == ' ') {
        /* a time of day may follow; its hh:mm is checked, the rest kept
         * as it is (seconds, fractions, zone) */
        if (!isdigit(p[1]) || !isdigit(p[2]) || p[3] != ':' ||
            !isdigit(p[4]) || !isdigit(p[5]))
            return 0;
        if ((p[1] - '0') * 10 + (p[2] - '0') > 24 ||
            (p[4] - '0') * 10 + (p[5] - '0') > 59)
            return 0;
    } else {
        while (is_blank(*p))
            p++;
        if (*p)
            return 0;
    }
    if (y < 1000 || m < 1 || m > 12 || d < 1)
        return 0;
    if (d > mdays[m - 1] + (m == 2 && leap(y)))
        return 0;
    *out = y * 10000 + m * 100 + d;
    return 1;
}

int32_t kz__today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return 99991231;
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

void kz__fold_word(char *out, size_t cap, const char *s)
{
    size_t len = strlen(s), i = 0, o = 0;

    if (cap == 0)
        return;
    while (i < len && is_blank((unsigned char)s[i]))
        i++;
    while (len > i && is_blank((unsigned char)s[len - 1]))
        len--;
    while (i < len && o + 1 < cap) {
        uint32_t cp;
        size_t n = kz__utf8_decode(s + i, len - i, &cp);
        char c;
        if (n == 0) {
            out[0] = '\0'; /* invalid UTF-8 matches nothing */
            return;
        }
        i += n;
        switch (cp) {
        case 0x130: case 0x131: c = 'i'; break;  /* İ ı */
        case 0x18F: case 0x259: c = 'e'; break;  /* Ə ə */
        case 0x15E: case 0x15F: c = 's'; break;  /* Ş ş */
        case 0xC7: case 0xE7: c = 'c'; break;    /* Ç ç */
        case 0x11E: case 0x11F: c = 'g'; break;  /* Ğ ğ */
        case 0xD6: case 0xF6: c = 'o'; break;    /* Ö ö */
        case 0xDC: case 0xFC: c = 'u'; break;    /* Ü ü */
        default:
            if (cp >= 'A' && cp <= 'Z')
                c = (char)(cp - 'A' + 'a');
            else if (cp < 0x80)
                c = (char)cp;
            else
                c = '?';
        }
        out[o++] = c;
    }
    out[o] = '\0';
}

static int match(const char *folded, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(folded, *words) == 0)
            return 1;
    return 0;
}

int kz__parse_drinkable(const char *s, kz_drinkable *out)
{
    static const char *const yes[] = {"yes", "y", "true", "1", "beli", "he",
                                      NULL};
    static const char *const no[] = {"no", "n", "false", "0", "xeyr", "yox",
                                     NULL};
    static const char *const unk[] = {"unknown", "?", "bilinmir",
                                      "namelum", NULL};
    char w[32];

    kz__fold_word(w, sizeof(w), s);
    if (match(w, yes))
        *out = KZ_DRINK_YES;
    else if (match(w, no))
        *out = KZ_DRINK_NO;
    else if (match(w, unk))
        *out = KZ_DRINK_UNKNOWN;
    else
        return 0;
    return 1;
}

int kz__parse_rehab(const char *s, kz_rehab *out)
{
    static const char *const none[] = {"none", "yox", "yoxdur", NULL};
    static const char *const planned[] = {"planned", "planlasdirilib",
                                          "planlasdirilir", NULL};
    static const char *const ongoing[] = {"ongoing", "davam edir", NULL};
    static const char *const done[] = {"done", "completed", "tamamlanib",
                                       "bitib", NULL};
    char w[32];

    kz__fold_word(w, sizeof(w), s);
    if (match(w, none))
        *out = KZ_REHAB_NONE;
    else if (match(w, planned))
        *out = KZ_REHAB_PLANNED;
    else if (match(w, ongoing))
        *out = KZ_REHAB_ONGOING;
    else if (match(w, done))
        *out = KZ_REHAB_DONE;
    else
        return 0;
    return 1;
}

int kz__parse_shaft_state(const char *s, int *collapsed)
{
    static const char *const open[] = {"open", "aciq", NULL};
    static const char *const closed[] = {"collapsed", "ucmus", "ucub",
                                         NULL};
    char w[32];

    kz__fold_word(w, sizeof(w), s);
    if (match(w, open))
        *collapsed = 0;
    else if (match(w, closed))
        *collapsed = 1;
    else
        return 0;
    return 1;
}

void kz__quote_value(char *out, size_t cap, const char *s)
{
    const size_t limit = 60;
    size_t len = strlen(s), i = 0, o = 0;

    if (cap < 8) {
        if (cap)
            out[0] = '\0';
        return;
    }
    out[o++] = '"';
    while (i < len && o + 6 < cap) {
        uint32_t cp;
        size_t n = kz__utf8_decode(s + i, len - i, &cp);
        if (i >= limit) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (n == 0 || cp < 0x20 || cp == 0x7f) {
            snprintf(out + o, cap - o, "\\x%02X", (unsigned char)s[i]);
            o += 4;
            i++;
            continue;
        }
        if (o + n + 2 >= cap)
            break;
        memcpy(out + o, s + i, n);
        o += n;
        i += n;
    }
    out[o++] = '"';
    out[o] = '\0';
}
