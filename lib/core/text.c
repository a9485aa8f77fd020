/*
 * text.c - Azerbaijani text: transliteration to English (Resolution No. 498
 * of 2020) and to the older spelling, Azerbaijani-correct case mapping
 * (i/İ, ı/I) and collation in the Azerbaijani and English alphabets.
 * All functions take valid UTF-8; invalid bytes are copied through as they
 * are, so nothing is lost.
 */
#include "core/core.h"

#include <string.h>

/* Writes like snprintf into out/cap; tracks the length needed. */
typedef struct sink {
    char *out;
    size_t cap, len;
} sink;

static void sink_put(sink *k, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++, k->len++)
        if (k->out && k->len + 1 < k->cap)
            k->out[k->len] = s[i];
}

static size_t sink_end(sink *k)
{
    if (k->out && k->cap > 0)
        k->out[k->len < k->cap ? k->len : k->cap - 1] = '\0';
    return k->len;
}

static void sink_cp(sink *k, uint32_t cp)
{
    char b[4];
    sink_put(k, b, kz__utf8_encode(b, cp));
}

/* ------------------------------------------------------------ case maps */

/* Latin Extended-A pairs: even upper/odd lower in 0100-0137 and 014A-0177,
 * odd upper/even lower in 0139-0148 and 0179-017E. */
static int ext_a_lower(uint32_t c)
{
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return (c & 1) == 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) == 0;
    return -1;
}

static uint32_t upper_az(uint32_t c)
{
    if (c == 'i')
        return 0x130; /* İ */
    if (c == 0x131)   /* ı */
        return 'I';
    if (c >= 'a' && c <= 'z')
        return c - 32;
    if (c == 0x259) /* ə */
        return 0x18F;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 32;
    if (ext_a_lower(c) == 1)
        return c - 1;
    if (c >= 0x430 && c <= 0x44F)
        return c - 32;
    if (c >= 0x450 && c <= 0x45F)
        return c - 80;
    return c;
}

static uint32_t lower_az(uint32_t c)
{
    if (c == 'I')
        return 0x131; /* ı */
    if (c == 0x130)   /* İ */
        return 'i';
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c == 0x18F)
        return 0x259;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (ext_a_lower(c) == 0)
        return c + 1;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

static int is_upper(uint32_t c)
{
    return lower_az(c) != c;
}

static size_t map_case(char *out, size_t cap, const char *s,
                       uint32_t (*fn)(uint32_t))
{
    sink k = {out, cap, 0};
    size_t len = s ? strlen(s) : 0, i = 0;
    uint32_t cp;
    while (i < len) {
        size_t n = kz__utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            sink_put(&k, s + i, 1);
            i++;
            continue;
        }
        sink_cp(&k, fn(cp));
        i += n;
    }
    return sink_end(&k);
}

size_t kz_upper_az(char *out, size_t cap, const char *s)
{
    return map_case(out, cap, s, upper_az);
}

size_t kz_lower_az(char *out, size_t cap, const char *s)
{
    return map_case(out, cap, s, lower_az);
}

/* ------------------------------------------------------ transliteration */

typedef struct translit_rule {
    uint32_t cp;        /* lower-case Azerbaijani letter */
    const char *lower;  /* its English form */
} translit_rule;

/* Resolution No. 498: letters not listed stay as they are. */
static const translit_rule rules_2020[] = {
    {0x259, "a"},  /* ə */
    {0xE4, "a"},   /* ä, an old stand-in for ə */
    {0x131, "i"},  /* ı */
    {0xF6, "o"},   /* ö */
    {0xFC, "u"},   /* ü */
    {'c', "j"},    {0xE7, "ch"}, /* ç */
    {0x15F, "sh"}, /* ş */
    {0x11F, "gh"}, /* ğ */
    {'x', "kh"},   {'q', "g"},   {'j', "zh"},
    {0, NULL}};

/* The older spelling of Soviet-era maps and texts. */
static const translit_rule rules_legacy[] = {
    {0x259, "e"},  {0xE4, "e"},   {0x131, "y"}, {0xF6, "o"},
    {0xFC, "u"},   {'c', "j"},    {0xE7, "ch"}, {0x15F, "sh"},
    {0x11F, "g"},  {'x', "kh"},   {'q', "g"},   {'j', "zh"},
    {0, NULL}};

static const char *rule_for(const translit_rule *rules, uint32_t lower)
{
    for (; rules->lower; rules++)
        if (rules->cp == lower)
            return rules->lower;
    return NULL;
}

/* Next code point after position i, 0 at the end. */
static uint32_t peek(const char *s, size_t len, size_t i)
{
    uint32_t cp = 0;
    if (i >= len || kz__utf8_decode(s + i, len - i, &cp) == 0)
        return 0;
    return cp;
}

static size_t translit(char *out, size_t cap, const char *s,
                       const translit_rule *rules)
{
    sink k = {out, cap, 0};
    size_t len = s ? strlen(s) : 0, i = 0;
    uint32_t cp, prev = 0;

    while (i < len) {
        size_t n = kz__utf8_decode(s + i, len - i, &cp);
        const char *rep;
        if (n == 0) {
            sink_put(&k, s + i, 1);
            i++;
            prev = 0;
            continue;
        }
        rep = rule_for(rules, lower_az(cp));
        if (cp == 0x130) /* İ: dotted capital I is plain I in English */
            rep = "i";
        if (!rep) {
            sink_cp(&k, cp == 0x131 ? 'i' : cp);
        } else if (!is_upper(cp)) {
            sink_put(&k, rep, strlen(rep));
        } else {
            /* "Şəki" → "Shaki" but "ŞƏKİ" → "SHAKI": a digraph is all
             * capitals when a neighbouring letter is a capital too */
            uint32_t next = peek(s, len, i + n);
            int all_caps = is_upper(next) || (next == 0 && is_upper(prev));
            size_t j, rl = strlen(rep);
            for (j = 0; j < rl; j++) {
                char c = rep[j];
                if (j == 0 || all_caps)
                    c = (char)(c - 32);
                sink_put(&k, &c, 1);
            }
        }
        prev = cp;
        i += n;
    }
    return sink_end(&k);
}

size_t kz_translit_en(char *out, size_t cap, const char *az)
{
    return translit(out, cap, az, rules_2020);
}

size_t kz__translit_kahriz_en(char *out, size_t cap, const char *az)
{
    /* "kəhrizi" is "kəhriz" with the possessive suffix of a compound
     * ("Zeynal kəhrizi", Zeynal's kahriz): English has no such suffix,
     * so the name reads "Zeynal kahriz" like "Qara kəhriz" -> "Qara
     * kahriz".  Only a whole last word, after a space, in either case of
     * its first letter. */
    static const char *const poss[2] = {" k\xc9\x99hrizi", " K\xc9\x99hrizi"};
    size_t len = az ? strlen(az) : 0, n = kz_translit_en(out, cap, az), i;

    for (i = 0; i < 2; i++) {
        size_t pl = strlen(poss[i]);
        if (len >= pl && memcmp(az + len - pl, poss[i], pl) == 0 && n > 0) {
            /* the transliteration ends in the same "i": drop it */
            if (out && cap > n - 1)
                out[n - 1] = '\0';
            return n - 1;
        }
    }
    return n;
}

/* Names whose older English form is not a letter-by-letter spelling. */
static const struct {
    const char *az, *legacy;
} legacy_names[] = {
    {"Cəbrayıl", "Jabrail"},     {"Göygöl", "Khanlar"},
    {"Şabran", "Devechi"},       {"Xankəndi", "Stepanakert"},
    {"Lənkəran", "Lenkoran"},    {"Naxçıvan", "Nakhichevan"},
    {"Gəncə", "Gyandzha"},       {"Füzuli", "Fizuli"},
    {"Ağdərə", "Mardakert"},     {"Xocavənd", "Martuni"},
    {"Şirvan", "Ali-Bayramli"},  {"Kəngərli", "Kangarli"},
    {"Ağcabədi", "Agjabedi"},    {"Bərdə", "Barda"},
    {"Qazax", "Kazakh"},         {"Ordubad", "Ordubad"},
    {NULL, NULL}};

size_t kz_translit_legacy(char *out, size_t cap, const char *az)
{
    size_t i;
    if (az)
        for (i = 0; legacy_names[i].az; i++)
            if (strcmp(az, legacy_names[i].az) == 0) {
                sink k = {out, cap, 0};
                sink_put(&k, legacy_names[i].legacy,
                         strlen(legacy_names[i].legacy));
                return sink_end(&k);
            }
    return translit(out, cap, az, rules_legacy);
}

/* ------------------------------------------------------------ collation */

/* Primary weight of a lower-case code point in the Azerbaijani alphabet
 * a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z;
 * digits sort before letters, other letters after z, by code point. */
static uint32_t weight_az(uint32_t c)
{
    static const uint32_t alphabet[] = {
        'a', 'b', 'c', 0xE7, 'd', 'e', 0x259, 'f', 'g', 0x11F, 'h',
        'x', 0x131, 'i', 'j', 'k', 'q', 'l', 'm', 'n', 'o', 0xF6,
        'p', 'r', 's', 0x15F, 't', 'u', 0xFC, 'v', 'w', 'y', 'z'};
    size_t i;
    if (c >= '0' && c <= '9')
        return 0x100 + c;
    for (i = 0; i < sizeof(alphabet) / sizeof(alphabet[0]); i++)
        if (alphabet[i] == c)
            return 0x200 + (uint32_t)i;
    if (c == 0xE4) /* ä as ə */
        return weight_az(0x259);
    if (c < 0x80)
        return c; /* spaces and punctuation first */
    return 0x1000 + c;
}

/* English: fold Azerbaijani letters to their base Latin letter. */
static uint32_t weight_en(uint32_t c)
{
    switch (c) {
    case 0x259: case 0xE4: case 0xE0: case 0xE1: case 0xE2: case 0xE3:
        return 'a';
    case 0x131: case 0xEC: case 0xED: case 0xEE: case 0xEF:
        return 'i';
    case 0xF6: case 0xF2: case 0xF3: case 0xF4: case 0xF5:
        return 'o';
    case 0xFC: case 0xF9: case 0xFA: case 0xFB:
        return 'u';
    case 0xE7: return 'c';
    case 0x15F: return 's';
    case 0x11F: return 'g';
    case 0xE9: case 0xE8: case 0xEA: case 0xEB: return 'e';
    default:
        return c;
    }
}

static int collate(const char *a, const char *b, int az)
{
    size_t la = strlen(a), lb = strlen(b), i = 0, j = 0;
    int tie = 0;
    while (i < la && j < lb) {
        uint32_t ca = (unsigned char)a[i], cb = (unsigned char)b[j];
        uint32_t wa, wb, fa, fb;
        size_t na = kz__utf8_decode(a + i, la - i, &ca);
        size_t nb = kz__utf8_decode(b + j, lb - j, &cb);
        if (na == 0) {
            ca = (unsigned char)a[i];
            na = 1;
        }
        if (nb == 0) {
            cb = (unsigned char)b[j];
            nb = 1;
        }
        /* English folds İ to I before lowering; Azerbaijani keeps i/ı */
        fa = az ? lower_az(ca) : (ca == 0x130 ? 'i' : ca == 'I' ? 'i'
                                                                : lower_az(ca));
        fb = az ? lower_az(cb) : (cb == 0x130 ? 'i' : cb == 'I' ? 'i'
                                                                : lower_az(cb));
        wa = az ? weight_az(fa) : weight_en(fa);
        wb = az ? weight_az(fb) : weight_en(fb);
        if (wa != wb)
            return wa < wb ? -1 : 1;
        if (!tie && ca != cb)
            tie = is_upper(ca) && !is_upper(cb)   ? 1
                  : !is_upper(ca) && is_upper(cb) ? -1
                  : ca < cb                       ? -1
                                                  : 1;
        i += na;
        j += nb;
    }
    if (i < la)
        return 1;
    if (j < lb)
        return -1;
    return tie;
}

int kz_collate_az(const char *a, const char *b)
{
    return collate(a ? a : "", b ? b : "", 1);
}

int kz_collate_en(const char *a, const char *b)
{
    return collate(a ? a : "", b ? b : "", 0);
}

/* ----------------------------------------------------------- file names */

#define KZ_FILENAME_MAX 80

size_t kz_safe_filename(char *out, size_t cap, const char *name)
{
    char safe[KZ_FILENAME_MAX + 1];
    const char *p = name ? name : "";
    size_t len = strlen(p), i = 0, n = 0;
    int dash = 0;
    sink k = {out, cap, 0};

    while (i < len && n < KZ_FILENAME_MAX) {
        char one[8], ascii[16];
        uint32_t cp;
        size_t used = kz__utf8_decode(p + i, len - i, &cp), j;
        if (used == 0) { /* an invalid byte separates like a space */
            dash = n > 0;
            i++;
            continue;
        }
        /* ASCII stays as it is; other letters get their English form
         * (ş → sh, ə → a) */
        one[kz__utf8_encode(one, cp)] = '\0';
        if (cp < 0x80)
            memcpy(ascii, one, 2);
        else
            kz_translit_en(ascii, sizeof(ascii), one);
        i += used;
        for (j = 0; ascii[j] && n < KZ_FILENAME_MAX; j++) {
            unsigned char c = (unsigned char)ascii[j];
            int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') || c == '.' || c == '_';
            if (!keep) {
                dash = n > 0; /* a run of others becomes one '-' */
                continue;
            }
            if (n == 0 && c == '.')
                continue; /* no hidden files, no ".." */
            if (dash) {
                safe[n++] = '-';
                dash = 0;
                if (n >= KZ_FILENAME_MAX)
                    break;
            }
            safe[n++] = (char)c;
        }
    }
    safe[n] = '\0';
    if (n == 0)
        snprintf(safe, sizeof(safe), "unnamed");
    sink_put(&k, safe, strlen(safe));
    return sink_end(&k);
}
