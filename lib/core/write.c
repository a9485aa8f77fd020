/*
 * write.c - quoting of text fields for the CSV and JSON writers (the
 * statistics and the ingest report write both) and escaping of XML text
 * (the GeoPackage's metadata and styles, the press PDF's XMP packet).
 */
#include "core/core.h"

#include <stdio.h>
#include <string.h>

void kz__csv_field(FILE *fp, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

void kz__json_string(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', fp);
    for (; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", fp);
            break;
        case '\\':
            fputs("\\\\", fp);
            break;
        case '\n':
            fputs("\\n", fp);
            break;
        case '\r':
            fputs("\\r", fp);
            break;
        case '\t':
            fputs("\\t", fp);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(fp, "\\u%04x", *p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

int kz__xml_escape(kz_buf *b, const char *s)
{
    int rc = KZ_OK;
    for (; *s && rc == KZ_OK; s++) {
        switch (*s) {
        case '<': rc = kz__buf_puts(b, "&lt;"); break;
        case '>': rc = kz__buf_puts(b, "&gt;"); break;
        case '&': rc = kz__buf_puts(b, "&amp;"); break;
        case '"': rc = kz__buf_puts(b, "&quot;"); break;
        case '\'': rc = kz__buf_puts(b, "&apos;"); break;
        default: rc = kz__buf_append(b, s, 1);
        }
    }
    return rc;
}
