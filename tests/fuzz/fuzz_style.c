/*
 * fuzz_style.c - the style loader on arbitrary JSON: a valid style or a
 * KZ_ESTYLE/KZ_ENOMEM error with a message, never a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kahriz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kz_ctx *ctx = NULL;
    kz_style *st = NULL;
    char *s = malloc(size + 1);
    int rc;
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if (kz_ctx_create(&ctx, NULL) == KZ_OK) {
        rc = kz_style_load_string(&st, ctx, s, "fuzz.json");
        if (rc == KZ_OK) {
            size_t i;
            double w, h;
            if (!st)
                abort();
            kz_style_page_size(st, &w, &h);
            for (i = 0; i < kz_style_language_count(st); i++)
                kz_style_text(st, "title", kz_style_language(st, i));
        } else if (st || kz_ctx_error(ctx)->message[0] == '\0') {
            abort(); /* a failure always says why */
        }
        kz_style_destroy(st);
    }
    kz_ctx_destroy(ctx);
    free(s);
    return 0;
}
