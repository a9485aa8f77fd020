/*
 * fuzz_text.c - transliteration, case mapping, collation and UTF-8
 * helpers on arbitrary bytes: no crash, no overflow, and the
 * snprintf-like length contract holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kahriz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_len(size_t (*fn)(char *, size_t, const char *),
                      const char *s)
{
    char small[7], *big;
    size_t need = fn(NULL, 0, s), n2;
    if (fn(small, sizeof(small), s) != need)
        abort();
    if (strlen(small) >= sizeof(small))
        abort();
    big = malloc(need + 1);
    if (!big)
        return;
    n2 = fn(big, need + 1, s);
    if (n2 != need || strlen(big) != need)
        abort();
    free(big);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1), *half;
    size_t cut = size / 2;
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    kz_utf8_check(s, size);
    kz_utf8_length(s);
    kz_utf8_width(s);
    check_len(kz_translit_en, s);
    check_len(kz_translit_legacy, s);
    check_len(kz_upper_az, s);
    check_len(kz_lower_az, s);
    check_len(kz_safe_filename, s);
    {
        char f[128];
        kz_safe_filename(f, sizeof(f), s);
        if (strchr(f, '/') || f[0] == '.' || f[0] == '\0' || strlen(f) > 80)
            abort();
    }
    half = malloc(size - cut + 1);
    if (half) {
        memcpy(half, data + cut, size - cut);
        half[size - cut] = '\0';
        s[cut] = '\0';
        /* a total order: antisymmetric */
        if ((kz_collate_az(s, half) > 0) != (kz_collate_az(half, s) < 0))
            abort();
        if ((kz_collate_en(s, half) > 0) != (kz_collate_en(half, s) < 0))
            abort();
        if (kz_collate_az(s, s) != 0)
            abort();
        free(half);
    }
    free(s);
    return 0;
}
