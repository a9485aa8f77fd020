/*
 * gdalerr.c - GDAL's messages become the context's.  While a scope is
 * pushed nothing GDAL reports reaches stderr: its first failure is kept
 * for the error that names the file, warnings go to the context's log.
 */
#include "core/core.h"

#include <cpl_error.h>
#include <stdio.h>
#include <string.h>

/* the innermost scope of this thread (scopes nest with the handlers) */
static _Thread_local kz_gdal_scope *current;

/* One line, without the SQL statement some drivers quote in full
 * ("sqlite3_get_table(SELECT ...) failed: database disk image is
 * malformed" keeps only its reason). */
static void tidy(char *out, size_t cap, const char *msg)
{
    const char *why = strstr(msg, " failed: ");
    size_t o = 0;

    if (why && why - msg > 60)
        msg = why + 9;
    for (; *msg && o + 4 < cap; msg++)
        out[o++] = (*msg == '\n' || *msg == '\r' || *msg == '\t') ? ' '
                                                                  : *msg;
    if (*msg) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum no, const char *msg)
{
    kz_gdal_scope *s = CPLGetErrorHandlerUserData();
    char line[512];

    (void)no;
    if (!s || !msg)
        return;
    tidy(line, sizeof(line), msg);
    if (cls >= CE_Failure && !s->first[0]) {
        snprintf(s->first, sizeof(s->first), "%s", line);
    } else if (cls == CE_Warning) {
        if (s->file && *s->file)
            kz__log(s->ctx, KZ_LOG_WARN, "%s: %s", s->file, line);
        else
            kz__log(s->ctx, KZ_LOG_WARN, "GDAL: %s", line);
    } else {
        kz__log(s->ctx, KZ_LOG_DEBUG, "GDAL: %s", line);
    }
}

void kz__gdal_push(kz_gdal_scope *s, kz_ctx *ctx)
{
    memset(s, 0, sizeof(*s));
    s->ctx = ctx;
    s->prev = current;
    current = s;
    CPLPushErrorHandlerEx(handler, s);
}

void kz__gdal_pop(kz_gdal_scope *s)
{
    CPLPopErrorHandler();
    current = s->prev;
}

void kz__gdal_reset(const char *file)
{
    CPLErrorReset();
    if (current) {
        current->first[0] = '\0';
        current->file = file;
    }
}

const char *kz__gdal_message(void)
{
    static _Thread_local char last[512];
    const char *m;

    if (current && current->first[0])
        return current->first;
    m = CPLGetLastErrorMsg();
    if (!m || !*m)
        return NULL;
    tidy(last, sizeof(last), m);
    return last;
}

int kz__gdal_read_check(kz_ctx *ctx, const char *file)
{
    const char *m;

    /* the scope keeps the first failure: GDAL may reset its own last
     * error on a later call, as the OSM driver does between features */
    if (CPLGetLastErrorType() < CE_Failure && !(current && current->first[0]))
        return KZ_OK;
    m = kz__gdal_message();
    return kz__error(ctx, KZ_EINPUT, file, 0, NULL, "%s",
                     m ? m : "reading stopped on an error");
}
