/*
 * fit.c - text shortened to a buffer or a number of characters: cut only
 * between whole characters, never inside a UTF-8 sequence nor before a
 * combining mark, joiner or variation selector, at a word end when one is
 * near, and marked with an ellipsis.  Every field a page shortens (names,
 * villages, notes, labels, cells, titles) goes through here.
 */
#include "core/core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <string.h>

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */
#define ELLIPSIS_LEN 3

/* Code points that belong to the character before them. */
static int extends(uint32_t c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFE20 && c <= 0xFE2F) ||
           (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0100 && c <= 0xE01EF) ||
           c == 0x200C || c == 0x200D;
}

/*
 * Byte length of the longest prefix of s[0..len) that ends between two
 * characters, holds at most max_chars characters (0: any) and max_bytes
 * bytes.  *word receives the end of the last word before a space within
 * that prefix (0 when none).  The prefix stops before an invalid byte.
 */
static size_t prefix(const char *s, size_t len, size_t max_chars,
                     size_t max_bytes, size_t *word)
{
    size_t i = 0, chars = 0, good = 0;
    uint32_t prev = 0;

    *word = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = kz__utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return i;
        /* a joiner glues the next character (emoji sequences) */
        if (!extends(cp) && prev != 0x200D) {
            if (max_chars && chars == max_chars)
                return i;
            good = i; /* a cut before this character is clean */
            if (cp == ' ' && i > 0 && s[i - 1] != ' ')
                *word = i;
            chars++;
        }
        if (i + n > max_bytes)
            return good;
        i += n;
        prev = cp;
    }
    return len;
}

static void cut(char *dst, size_t cap, const char *src, size_t len,
                size_t max_chars)
{
    size_t word = 0, n = 0;

    if (cap < ELLIPSIS_LEN + 1) {
        /* no room for the mark: whole characters only */
        n = cap ? prefix(src, len, max_chars, cap - 1, &word) : 0;
        if (cap) {
            memmove(dst, src, n);
            dst[n] = '\0';
        }
        return;
    }
    /* the ellipsis takes one character and three bytes */
    if (max_chars != 1)
        n = prefix(src, len, max_chars ? max_chars - 1 : 0,
                   cap - ELLIPSIS_LEN - 1, &word);
    /* end at a word when that keeps two thirds of the text */
    if (word && word * 3 >= n * 2)
        n = word;
    while (n > 0 && src[n - 1] && strchr(" ,;/\n", src[n - 1]))
        n--;
    memmove(dst, src, n);
    memcpy(dst + n, ELLIPSIS, ELLIPSIS_LEN + 1);
}

int kz__text_fit(char *dst, size_t cap, const char *src, size_t max_chars)
{
    size_t len, word, whole;

    if (!cap)
        return 0;
    if (!src)
        src = "";
    len = strlen(src);
    whole = prefix(src, len, max_chars, cap - 1, &word);
    if (whole == len) {
        memmove(dst, src, len + 1);
        return 0;
    }
    cut(dst, cap, src, len, max_chars);
    return 1;
}

int kz__text_printf(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (!cap)
        return 0;
    va_start(ap, fmt);
    n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    if ((size_t)n < cap)
        return 0;
    /* buf holds the first cap - 1 bytes, maybe ending inside a
     * character: keep whole ones and mark the cut */
    cut(buf, cap, buf, cap - 1, 0);
    return 1;
}
