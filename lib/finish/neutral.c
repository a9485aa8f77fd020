/*
 * neutral.c - neutral colours of content streams printed with black ink
 * alone: cairo writes every colour as DeviceRGB, so black text would
 * become a rich four-ink black in CMYK.  "r r r rg" becomes "0 0 0 k k"
 * (and RG, K), k chosen by the caller (from the output profile, so that
 * the grey keeps its lightness).  Strings, comments and inline images are
 * copied untouched; only exact neutrals change.  Also: text shown in
 * the fonts a caller names is marked as having no text (ActualText),
 * for the label halos' Type 3 fonts.
 */
#include "finish/finish.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct span {
    size_t a, b; /* [a, b) in the input */
} span;

static int is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
           c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
           c == '\0';
}

/* End of the literal string starting at s[i] == '(' (nested, escaped). */
static size_t skip_string(const unsigned char *s, size_t n, size_t i)
{
    int depth = 0;
    for (; i < n; i++) {
        if (s[i] == '\\') {
            i++;
        } else if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')' && --depth == 0) {
            return i + 1;
        }
    }
    return n;
}

/* After "ID": the image data ends at whitespace, "EI", whitespace. */
static size_t skip_inline_image(const unsigned char *s, size_t n, size_t i)
{
    for (i++; i + 2 < n; i++)
        if (is_space(s[i]) && s[i + 1] == 'E' && s[i + 2] == 'I' &&
            (i + 3 == n || is_space(s[i + 3]) || is_delim(s[i + 3])))
            return i + 3;
    return n;
}

static int number(const unsigned char *s, span t, double *out)
{
    char buf[40], *end;
    size_t len = t.b - t.a;
    if (len == 0 || len >= sizeof(buf))
        return 0;
    memcpy(buf, s + t.a, len);
    buf[len] = '\0';
    *out = strtod(buf, &end);
    return *end == '\0';
}

int kz__content_neutral_to_k(kz_ctx *ctx, const unsigned char *in, size_t n,
                             double (*black)(void *ud, double grey),
                             void *ud, kz_buf *out, size_t *changed)
{
    span ops[3] = {{0, 0}, {0, 0}, {0, 0}}; /* the last three operands */
    int n_ops = 0;
    size_t i = 0, copied = 0;
    int rc = KZ_OK;

    *changed = 0;
    while (i < n && rc == KZ_OK) {
        unsigned char c = in[i];
        span t;
        if (is_space(c)) {
            i++;
            continue;
        }
        if (c == '%') {
            while (i < n && in[i] != '\n' && in[i] != '\r')
                i++;
            continue;
        }
        t.a = i;
        if (c == '(') {
            i = skip_string(in, n, i);
            n_ops = 0;
            continue;
        }
        if (c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
            c == '}') {
            /* hex strings, dictionaries and arrays are never colours */
            if ((c == '<' || c == '>') && i + 1 < n && in[i + 1] == c)
                i++; /* << or >> */
            else if (c == '<')
                while (i < n && in[i] != '>')
                    i++;
            i++;
            n_ops = 0;
            continue;
        }
        if (c == '/') {
            for (i++; i < n && !is_space(in[i]) && !is_delim(in[i]); i++)
                ;
            n_ops = 0;
            continue;
        }
        for (; i < n && !is_space(in[i]) && !is_delim(in[i]); i++)
            ;
        t.b = i;
        if (t.b == t.a) { /* a stray delimiter */
            i++;
            continue;
        }
        if (isdigit(c) || c == '-' || c == '+' || c == '.') {
            ops[0] = ops[1];
            ops[1] = ops[2];
            ops[2] = t;
            if (n_ops < 3)
                n_ops++;
            continue;
        }
        /* an operator */
        if (t.b - t.a == 2 && in[t.a + 1] == 'D' && in[t.a] == 'I') {
            i = skip_inline_image(in, n, i);
        } else if (t.b - t.a == 2 && n_ops == 3 &&
                   ((in[t.a] == 'r' && in[t.a + 1] == 'g') ||
                    (in[t.a] == 'R' && in[t.a + 1] == 'G'))) {
            double r, g, b;
            if (number(in, ops[0], &r) && number(in, ops[1], &g) &&
                number(in, ops[2], &b) && r == g && g == b) {
                /* "r g b rg" -> "0 0 0 k k" */
                if ((rc = kz__buf_append(out, (const char *)in + copied,
                                         ops[0].a - copied)) < 0 ||
                    (rc = kz__buf_printf(out, "0 0 0 %.4f %s",
                                         black(ud, r),
                                         in[t.a] == 'r' ? "k" : "K")) < 0)
                    break;
                copied = t.b;
                (*changed)++;
            }
        }
        n_ops = 0;
    }
    if (rc == KZ_OK)
        rc = kz__buf_append(out, (const char *)in + copied, n - copied);
    (void)ctx;
    return rc;
}

/* ------------------------------------------- text with no text of its own */

#define NO_TEXT_BEGIN "/Span <</ActualText ()>> BDC\n"
#define NO_TEXT_END "EMC\n"

static int op_is(const unsigned char *s, span t, const char *op)
{
    size_t n = strlen(op);
    return t.b - t.a == n && memcmp(s + t.a, op, n) == 0;
}

int kz__content_mark_no_text(kz_ctx *ctx, const unsigned char *in, size_t n,
                             int (*silent)(void *ud, const char *name,
                                           size_t len),
                             void *ud, kz_buf *out, size_t *changed)
{
    /* the font of the graphics state, saved by q (64 levels kept) */
    unsigned long long saved = 0;
    unsigned depth = 0;
    int font_silent = 0, open = 0;
    size_t i = 0, copied = 0, args = SIZE_MAX;
    span name = {0, 0};
    int rc = KZ_OK;

    *changed = 0;
    while (i < n && rc == KZ_OK) {
        unsigned char c = in[i];
        size_t at = SIZE_MAX; /* where to insert, if anywhere */
        const char *what = NULL;
        span t;
        if (is_space(c)) {
            i++;
            continue;
        }
        if (c == '%') {
            while (i < n && in[i] != '\n' && in[i] != '\r')
                i++;
            continue;
        }
        t.a = i;
        if (c != '/' && !isalpha(c) && c != '\'' && c != '"') {
            /* an operand: number, string, array, dictionary */
            if (args == SIZE_MAX)
                args = i;
            if (c == '(') {
                i = skip_string(in, n, i);
            } else if ((c == '<' || c == '>') && i + 1 < n &&
                       in[i + 1] == c) {
                i += 2;
            } else if (c == '<') {
                while (i < n && in[i] != '>')
                    i++;
                i++;
            } else if (is_delim(c)) {
                i++;
            } else {
                for (; i < n && !is_space(in[i]) && !is_delim(in[i]); i++)
                    ;
            }
            continue;
        }
        for (i++; i < n && !is_space(in[i]) && !is_delim(in[i]); i++)
            ;
        t.b = i;
        if (c == '/') {
            if (args == SIZE_MAX)
                args = t.a;
            name = t;
            continue;
        }
        /* an operator */
        if (op_is(in, t, "ID")) {
            i = skip_inline_image(in, n, i);
        } else if (op_is(in, t, "q")) {
            if (depth < 64)
                saved = (saved & ~(1ULL << depth)) |
                        ((unsigned long long)font_silent << depth);
            depth++;
        } else if (op_is(in, t, "Q")) {
            if (depth > 0 && --depth < 64)
                font_silent = (int)((saved >> depth) & 1);
        } else if (op_is(in, t, "Tf")) {
            int s = name.b > name.a &&
                    silent(ud, (const char *)in + name.a, name.b - name.a);
            if (open && !s) {
                at = args == SIZE_MAX ? t.a : args;
                what = NO_TEXT_END;
                open = 0;
            }
            font_silent = s;
        } else if (op_is(in, t, "ET")) {
            if (open) {
                at = t.a;
                what = NO_TEXT_END;
                open = 0;
            }
        } else if (op_is(in, t, "Tj") || op_is(in, t, "TJ") ||
                   op_is(in, t, "'") || op_is(in, t, "\"")) {
            if (font_silent && !open) {
                at = args == SIZE_MAX ? t.a : args;
                what = NO_TEXT_BEGIN;
                open = 1;
            }
        }
        if (what) {
            if ((rc = kz__buf_append(out, (const char *)in + copied,
                                     at - copied)) < 0 ||
                (rc = kz__buf_puts(out, what)) < 0)
                break;
            copied = at;
            (*changed)++;
        }
        args = SIZE_MAX;
        name.a = name.b = 0;
    }
    if (rc == KZ_OK)
        rc = kz__buf_append(out, (const char *)in + copied, n - copied);
    if (rc == KZ_OK && open) /* a text object left open by the stream */
        rc = kz__buf_puts(out, "\n" NO_TEXT_END);
    (void)ctx;
    return rc;
}
