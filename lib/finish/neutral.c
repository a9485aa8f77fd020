/*
 * neutral.c - neutral colours of content streams printed with black ink
 * alone: cairo writes every colour as DeviceRGB, so black text would
 * become a rich four-ink black in CMYK.  "r r r rg" becomes "0 0 0 k k"
 * (and RG, K), k chosen by the caller (from the output profile, so that
 * the grey keeps its lightness).  Strings, comments and inline images are
 * copied untouched; only exact neutrals change.  Also: text shown in
 * the fonts a caller names is marked as having no text (ActualText),
 * for the label halos' Type 3 fonts.  Both walk the stream with one
 * tokenizer, next_token, and copy every byte they do not change.
 */
#include "finish/finish.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct span {
    size_t a, b; /* [a, b) in the input */
} span;

/* ----------------------------------------------------------------- tokens */

/* What next_token found.  A bare word is an operator when it starts
 * with a letter, ' or ", a number when it starts with a digit, a sign
 * or a point, and anything else is a malformed word of neither kind. */
enum {
    TOK_OPERATOR, /* a keyword: q, Tf, rg, true ... */
    TOK_NUMBER,   /* 1, -.5, +3.25 */
    TOK_WORD,     /* a bare word neither operator nor number */
    TOK_NAME,     /* /Name */
    TOK_STRING,   /* (literal) or <hex> */
    TOK_DELIM,    /* << >> [ ] { } or a lone > */
    TOK_STRAY,    /* a ) that closes no string */
    TOK_COMMENT,  /* % to the end of the line */
    TOK_IMAGE     /* an inline image's ID, its data and EI */
};

typedef struct lexer {
    const unsigned char *s;
    size_t n, i; /* the stream s[0..n), read up to s[i] */
} lexer;

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

static int word_kind(unsigned char c)
{
    if (isdigit(c) || c == '-' || c == '+' || c == '.')
        return TOK_NUMBER;
    if (isalpha(c) || c == '\'' || c == '"')
        return TOK_OPERATOR;
    return TOK_WORD;
}

/* The next token of lx as *tok and *kind; 0 at the end of the stream.
 * Tokens cover the stream but for the whitespace between them. */
static int next_token(lexer *lx, span *tok, int *kind)
{
    const unsigned char *s = lx->s;
    size_t n = lx->n, i = lx->i;
    unsigned char c;

    while (i < n && is_space(s[i]))
        i++;
    if (i >= n) {
        lx->i = n;
        return 0;
    }
    c = s[i];
    tok->a = i;
    if (c == '%') {
        while (i < n && s[i] != '\n' && s[i] != '\r')
            i++;
        *kind = TOK_COMMENT;
    } else if (c == '(') {
        i = skip_string(s, n, i);
        *kind = TOK_STRING;
    } else if ((c == '<' || c == '>') && i + 1 < n && s[i + 1] == c) {
        i += 2; /* << or >> */
        *kind = TOK_DELIM;
    } else if (c == '<') {
        while (i < n && s[i] != '>')
            i++;
        i = i < n ? i + 1 : n;
        *kind = TOK_STRING;
    } else if (c == ')') {
        i++;
        *kind = TOK_STRAY;
    } else if (c != '/' && is_delim(c)) {
        i++;
        *kind = TOK_DELIM;
    } else {
        for (i++; i < n && !is_space(s[i]) && !is_delim(s[i]); i++)
            ;
        *kind = c == '/' ? TOK_NAME : word_kind(c);
        if (*kind == TOK_OPERATOR && i - tok->a == 2 && c == 'I' &&
            s[i - 1] == 'D') {
            i = skip_inline_image(s, n, i);
            *kind = TOK_IMAGE;
        }
    }
    tok->b = lx->i = i;
    return 1;
}

static int op_is(const unsigned char *s, span t, const char *op)
{
    size_t n = strlen(op);
    return t.b - t.a == n && memcmp(s + t.a, op, n) == 0;
}

/* -------------------------------------------------------- neutral colours */

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
    lexer lx = {in, n, 0};
    span ops[3] = {{0, 0}, {0, 0}, {0, 0}}; /* the last three operands */
    span t;
    int n_ops = 0, kind;
    size_t copied = 0;
    int rc = KZ_OK;
    double r, g, b;

    *changed = 0;
    while (rc == KZ_OK && next_token(&lx, &t, &kind)) {
        if (kind == TOK_COMMENT || kind == TOK_STRAY)
            continue; /* the numbers before it still count */
        if (kind == TOK_NUMBER) {
            ops[0] = ops[1];
            ops[1] = ops[2];
            ops[2] = t;
            if (n_ops < 3)
                n_ops++;
            continue;
        }
        /* "r g b rg" -> "0 0 0 k k": an operator after three numbers */
        if (kind == TOK_OPERATOR && n_ops == 3 &&
            (op_is(in, t, "rg") || op_is(in, t, "RG")) &&
            number(in, ops[0], &r) && number(in, ops[1], &g) &&
            number(in, ops[2], &b) && r == g && g == b) {
            if ((rc = kz__buf_append(out, (const char *)in + copied,
                                     ops[0].a - copied)) < 0 ||
                (rc = kz__buf_printf(out, "0 0 0 %.4f %s", black(ud, r),
                                     in[t.a] == 'r' ? "k" : "K")) < 0)
                break;
            copied = t.b;
            (*changed)++;
        }
        n_ops = 0; /* any other token ends a run of numbers */
    }
    if (rc == KZ_OK)
        rc = kz__buf_append(out, (const char *)in + copied, n - copied);
    (void)ctx;
    return rc;
}

/* ------------------------------------------- text with no text of its own */

#define NO_TEXT_BEGIN "/Span <</ActualText ()>> BDC\n"
#define NO_TEXT_END "EMC\n"

/* The graphics state's font, as far as the marking needs it. */
typedef struct no_text {
    int (*silent)(void *ud, const char *name, size_t len);
    void *ud;
    unsigned long long saved; /* font_silent saved by q (64 levels kept) */
    unsigned depth;           /* of q */
    int font_silent;          /* the current font shows no text */
    int open;                 /* a marked-content sequence is open */
    size_t args;              /* start of the operands, SIZE_MAX: none */
    span name;                /* the last name among them */
} no_text;

/* The operator t: what to insert (at *at) before it, if anything. */
static const char *no_text_op(no_text *st, const unsigned char *in, span t,
                              size_t *at)
{
    size_t first = st->args == SIZE_MAX ? t.a : st->args;
    if (op_is(in, t, "q")) {
        if (st->depth < 64)
            st->saved = (st->saved & ~(1ULL << st->depth)) |
                        ((unsigned long long)st->font_silent << st->depth);
        st->depth++;
    } else if (op_is(in, t, "Q")) {
        if (st->depth > 0 && --st->depth < 64)
            st->font_silent = (int)((st->saved >> st->depth) & 1);
    } else if (op_is(in, t, "Tf")) {
        int s = st->name.b > st->name.a &&
                st->silent(st->ud, (const char *)in + st->name.a,
                           st->name.b - st->name.a);
        int close = st->open && !s;
        st->font_silent = s;
        if (close) {
            st->open = 0;
            *at = first;
            return NO_TEXT_END;
        }
    } else if (op_is(in, t, "ET")) {
        if (st->open) {
            st->open = 0;
            *at = t.a;
            return NO_TEXT_END;
        }
    } else if (op_is(in, t, "Tj") || op_is(in, t, "TJ") ||
               op_is(in, t, "'") || op_is(in, t, "\"")) {
        if (st->font_silent && !st->open) {
            st->open = 1;
            *at = first;
            return NO_TEXT_BEGIN;
        }
    }
    return NULL;
}

int kz__content_mark_no_text(kz_ctx *ctx, const unsigned char *in, size_t n,
                             int (*silent)(void *ud, const char *name,
                                           size_t len),
                             void *ud, kz_buf *out, size_t *changed)
{
    no_text st = {silent, ud, 0, 0, 0, 0, SIZE_MAX, {0, 0}};
    lexer lx = {in, n, 0};
    size_t copied = 0, at = 0;
    span t;
    int kind, rc = KZ_OK;

    *changed = 0;
    while (rc == KZ_OK && next_token(&lx, &t, &kind)) {
        const char *what = NULL;
        if (kind == TOK_COMMENT)
            continue;
        if (kind != TOK_OPERATOR && kind != TOK_IMAGE) { /* an operand */
            if (st.args == SIZE_MAX)
                st.args = t.a;
            if (kind == TOK_NAME)
                st.name = t;
            continue;
        }
        if (kind == TOK_OPERATOR)
            what = no_text_op(&st, in, t, &at);
        if (what) {
            if ((rc = kz__buf_append(out, (const char *)in + copied,
                                     at - copied)) < 0 ||
                (rc = kz__buf_puts(out, what)) < 0)
                break;
            copied = at;
            (*changed)++;
        }
        st.args = SIZE_MAX;
        st.name.a = st.name.b = 0;
    }
    if (rc == KZ_OK)
        rc = kz__buf_append(out, (const char *)in + copied, n - copied);
    if (rc == KZ_OK && st.open) /* a text object left open by the stream */
        rc = kz__buf_puts(out, "\n" NO_TEXT_END);
    (void)ctx;
    return rc;
}
