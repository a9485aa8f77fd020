/*
 * source.c - opening survey sources through OGR only: any path or
 * connection string GDAL understands, with an optional QGIS-style
 * "|layername=NAME" or "|layerid=N"; CSV read as text (every value parsed
 * here), its separator sniffed from the header line or given (a separator
 * the CSV driver cannot take is read from a comma-separated copy in
 * /vsimem/).  Columns are bound by name, case-insensitively, through
 * aliases and a mapping file.  GDAL's failures become our messages.
 */
#include "ingest/ingest.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static pthread_once_t gdal_once = PTHREAD_ONCE_INIT;

static void gdal_register(void)
{
    GDALAllRegister();
}

/* ------------------------------------------------------------- mapping */

static char *trim(char *s)
{
    char *e;
    while (isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

void kz__mappings_release(kz_ctx *ctx, kz_mappings *m)
{
    size_t i;
    for (i = 0; i < m->n; i++) {
        kz__free(ctx, m->items[i].role);
        kz__free(ctx, m->items[i].canonical);
        kz__free(ctx, m->items[i].header);
    }
    kz__free(ctx, m->items);
    m->items = NULL;
    m->n = m->cap = 0;
}

static int known_role(const char *role)
{
    return strcmp(role, "kahrizes") == 0 ||
           strcmp(role, "assessments") == 0 ||
           strcmp(role, "shafts") == 0 || strcmp(role, "districts") == 0;
}

int kz__colspec_names(kz_buf *b, const kz_colspec *specs, size_t n)
{
    size_t i;
    int rc = KZ_OK;
    for (i = 0; i < n && rc == KZ_OK; i++)
        if ((rc = kz__buf_puts(b, i ? ", " : "")) == KZ_OK)
            rc = kz__buf_puts(b, specs[i].name);
    return rc;
}

int kz__mappings_load(kz_ctx *ctx, kz_mappings *m, const char *path)
{
    FILE *fp = NULL;
    char line[1024];
    long lineno = 0;
    int rc = KZ_OK;

    m->path = path;
    if (!path)
        return KZ_OK;
    fp = fopen(path, "r");
    if (!fp)
        return kz__error(ctx, KZ_EINPUT, path, 0, NULL,
                         "cannot open the mapping file");
    while (fgets(line, sizeof(line), fp)) {
        char *s, *eq, *lhs, *rhs, *dot;
        kz_mapping *it;
        lineno++;
        if ((s = strchr(line, '#')))
            *s = '\0';
        s = trim(line);
        if (!*s)
            continue;
        eq = strchr(s, '=');
        if (!eq) {
            rc = kz__error(ctx, KZ_EINPUT, path, lineno, NULL,
                           "expected \"canonical = header\"");
            goto done;
        }
        *eq = '\0';
        lhs = trim(s);
        rhs = trim(eq + 1);
        if (!*lhs || !*rhs) {
            rc = kz__error(ctx, KZ_EINPUT, path, lineno, NULL,
                           "expected \"canonical = header\"");
            goto done;
        }
        if ((rc = kz__grow(ctx, (void **)&m->items, &m->cap, m->n + 1,
                           sizeof(*m->items))) < 0)
            goto done;
        it = &m->items[m->n];
        memset(it, 0, sizeof(*it));
        it->line = lineno;
        dot = strchr(lhs, '.');
        if (dot) {
            *dot = '\0';
            lhs = trim(lhs);
            if (!known_role(lhs)) {
                char q[160];
                kz__quote_value(q, sizeof(q), lhs);
                rc = kz__error(ctx, KZ_EINPUT, path, lineno, NULL,
                               "unknown role %s (kahrizes, assessments, "
                               "shafts or districts)",
                               q);
                goto done;
            }
            it->role = kz__strdup(ctx, lhs);
            lhs = trim(dot + 1);
        }
        it->canonical = kz__strdup(ctx, lhs);
        it->header = kz__strdup(ctx, rhs);
        m->n++;
        if ((dot && !it->role) || !it->canonical || !it->header) {
            rc = KZ_ENOMEM;
            goto done;
        }
    }
done:
    fclose(fp);
    return rc;
}

/* ------------------------------------------------------------- opening */

/* Separator of a CSV header line: the first ',', ';' or tab outside
 * quotes, as the CSV driver decides; else '|' when the line has one (the
 * driver cannot tell it: such files are rewritten, see rewrite_csv). */
static char sniff_separator(const char *path)
{
    FILE *fp = fopen(path, "rb");
    int c, inq = 0, pipe = 0;
    char sep = 0;

    if (!fp)
        return ',';
    while ((c = fgetc(fp)) != EOF && c != '\n') {
        if (c == '"')
            inq = !inq;
        else if (!inq && (c == ',' || c == ';' || c == '\t')) {
            sep = (char)c;
            break;
        } else if (!inq && c == '|') {
            pipe = 1;
        }
    }
    fclose(fp);
    return sep ? sep : pipe ? '|' : ',';
}

/* The extension of path, lower-case ASCII, "" when none. */
static void path_ext(char *out, size_t cap, const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    size_t i;
    out[0] = '\0';
    if (!dot || (slash && dot < slash) || cap == 0)
        return;
    for (i = 0; dot[1 + i] && i + 1 < cap; i++)
        out[i] = (char)tolower((unsigned char)dot[1 + i]);
    out[i] = '\0';
}

/* Append field f[0..n) to out as an RFC 4180 field of a comma-separated
 * file: quoted when it was quoted or holds a comma, quote or line end. */
static int put_field(kz_buf *out, const char *f, size_t n, int quoted)
{
    size_t i;
    int rc;
    if (!quoted)
        for (i = 0; i < n && !quoted; i++)
            quoted = f[i] == ',' || f[i] == '"' || f[i] == '\r' ||
                     f[i] == '\n';
    if (!quoted)
        return kz__buf_append(out, f, n);
    if ((rc = kz__buf_append(out, "\"", 1)) < 0)
        return rc;
    for (i = 0; i < n; i++)
        if ((rc = kz__buf_append(out, f[i] == '"' ? "\"\"" : f + i,
                                 f[i] == '"' ? 2 : 1)) < 0)
            return rc;
    return kz__buf_append(out, "\"", 1);
}

/*
 * The CSV driver of GDAL 3.6 takes its separator from the header line and
 * knows only ',', ';', tab and space.  A file with another separator, or
 * one the header line would mislead it about, is rewritten with commas
 * (text in, out) and read from a copy in /vsimem/ by the same driver.
 * Quoted fields and line ends are kept, so text line numbers stay those of
 * the file.
 */
static int rewrite_csv(const kz_buf *in, char sep, kz_buf *out,
                       kz_buf *field)
{
    const char *d = in->data;
    size_t i = 0;
    int rc = KZ_OK;

    if (in->len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
        if ((rc = kz__buf_append(out, d, 3)) < 0)
            return rc;
        i = 3;
    }
    while (i < in->len) {
        int quoted = d[i] == '"';
        field->len = 0;
        if (quoted) {
            for (i++; i < in->len; i++) {
                if (d[i] == '"' && i + 1 < in->len && d[i + 1] == '"')
                    i++;
                else if (d[i] == '"') {
                    i++;
                    break;
                }
                if ((rc = kz__buf_append(field, d + i, 1)) < 0)
                    return rc;
            }
        }
        /* an unquoted field, or what follows a closing quote */
        for (; i < in->len && d[i] != sep && d[i] != '\n' &&
               !(d[i] == '\r' && i + 1 < in->len && d[i + 1] == '\n');
             i++)
            if ((rc = kz__buf_append(field, d + i, 1)) < 0)
                return rc;
        if ((rc = put_field(out, field->data ? field->data : "", field->len,
                            quoted)) < 0)
            return rc;
        if (i < in->len && d[i] == sep) {
            rc = kz__buf_append(out, ",", 1);
            i++;
        } else if (i < in->len && d[i] == '\r') {
            rc = kz__buf_append(out, "\r\n", 2);
            i += 2;
        } else if (i < in->len) {
            rc = kz__buf_append(out, "\n", 1);
            i++;
        }
        if (rc < 0)
            return rc;
    }
    return KZ_OK;
}

/*
 * Read a CSV source from a copy in /vsimem/: the text with a quote that
 * never closes closed at the end of the line it opens on (the driver
 * would read every line after it as one value: that row is rejected, the
 * rows after it are read), and with its separator written as ',' when
 * rewrite is set.  The copy is scanned again for its records.
 */
static int csv_copy(kz_ctx *ctx, kz_src *src, const char *path, char sep,
                    int rewrite)
{
    kz_buf in, out, field;
    VSILFILE *fp = NULL, *vf = NULL;
    const char *base = strrchr(path, '/');
    const kz_buf *text = &in;
    char chunk[65536];
    long unclosed = src->csv.unclosed_line;
    long long at = src->csv.unclosed_at;
    size_t n;
    int rc = KZ_OK;

    kz__buf_init(&in, ctx);
    kz__buf_init(&out, ctx);
    kz__buf_init(&field, ctx);
    if (!(fp = VSIFOpenL(path, "rb"))) {
        rc = kz__error(ctx, KZ_EINPUT, src->spec, 0, NULL, "cannot open: %s",
                       strerror(errno));
        goto done;
    }
    while ((n = VSIFReadL(chunk, 1, sizeof(chunk), fp)) > 0) {
        if (unclosed && at >= 0 && (size_t)at >= in.len &&
            (size_t)at < in.len + n) {
            /* the closing quote goes where the line ends */
            size_t k = (size_t)at - in.len;
            if ((rc = kz__buf_append(&in, chunk, k)) < 0 ||
                (rc = kz__buf_append(&in, "\"", 1)) < 0 ||
                (rc = kz__buf_append(&in, chunk + k, n - k)) < 0)
                goto done;
            at = -1;
            continue;
        }
        if ((rc = kz__buf_append(&in, chunk, n)) < 0)
            goto done;
    }
    if (unclosed && at >= 0 && (rc = kz__buf_append(&in, "\"", 1)) < 0)
        goto done; /* the last line, without a line end */
    if (rewrite) {
        if ((rc = rewrite_csv(&in, sep, &out, &field)) < 0)
            goto done;
        text = &out;
    }
    src->vsi_path = kz__malloc(ctx, strlen(base ? base : path) + 64);
    if (!src->vsi_path) {
        rc = KZ_ENOMEM;
        goto done;
    }
    sprintf(src->vsi_path, "/vsimem/kahriz-atlas-%p/%s.csv", (void *)src,
            base ? base + 1 : path);
    vf = VSIFOpenL(src->vsi_path, "wb");
    if (!vf || (text->len &&
                VSIFWriteL(text->data, 1, text->len, vf) != text->len)) {
        rc = kz__error(ctx, KZ_ENOMEM, src->spec, 0, NULL,
                       "cannot hold a copy of the text in memory");
        goto done;
    }
    VSIFCloseL(vf);
    vf = NULL;
    if ((rc = kz__csv_scan(ctx, &src->csv, src->vsi_path,
                           rewrite ? ',' : sep)) < 0)
        goto done;
    if (unclosed)
        rc = kz__csv_add_unclosed(ctx, &src->csv, unclosed);
done:
    if (vf)
        VSIFCloseL(vf);
    if (fp)
        VSIFCloseL(fp);
    kz__buf_release(&in);
    kz__buf_release(&out);
    kz__buf_release(&field);
    return rc;
}

static const char *sep_name(char c)
{
    switch (c) {
    case ';':
        return "SEMICOLON";
    case '\t':
        return "TAB";
    case ' ':
        return "SPACE";
    case '|':
        return "PIPE";
    case ',':
        return "COMMA";
    default:
        return NULL;
    }
}

/* Does the CSV driver take this separator as an open option?  (GDAL
 * 3.6 has no SEPARATOR open option; later ones list their values.) */
static int driver_takes_separator(GDALDriverH drv, char sep)
{
    const char *list = GDALGetMetadataItem(drv, GDAL_DMD_OPENOPTIONLIST, NULL);
    const char *opt = list ? strstr(list, "name='SEPARATOR'") : NULL;
    const char *end;
    char val[32];

    if (!opt)
        opt = list ? strstr(list, "name=\"SEPARATOR\"") : NULL;
    if (!opt)
        return 0;
    end = strstr(opt, "</Option>");
    if (!sep_name(sep))
        return 0;
    snprintf(val, sizeof(val), "<Value>%s</Value>", sep_name(sep));
    opt = strstr(opt, val);
    return opt && (!end || opt < end);
}

/* "CSV:path": makes the CSV driver read a file of any extension. */
static char *csv_prefix(kz_ctx *ctx, const char *path)
{
    char *p = kz__malloc(ctx, strlen(path) + 5);
    if (p)
        sprintf(p, "CSV:%s", path);
    return p;
}

/* Why GDAL could not open path: its own failure, else what the file
 * looks like (no such file, UTF-16 text, not a valid file of the format
 * its extension names).  Written into buf. */
static const char *open_failure(char *buf, size_t cap, const char *path,
                                const char *ext)
{
    const char *m = kz__gdal_message();
    unsigned char head[2] = {0, 0};
    struct stat st;
    FILE *fp;
    int i, n;

    if (m)
        return m;
    if (stat(path, &st) != 0 && errno == ENOENT && !strchr(path, ':'))
        return "no such file or directory";
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return "a directory, not a file; GDAL reads no survey table from it";
    if ((fp = fopen(path, "rb"))) {
        size_t got = fread(head, 1, 2, fp);
        fclose(fp);
        if (got == 2 && ((head[0] == 0xFF && head[1] == 0xFE) ||
                         (head[0] == 0xFE && head[1] == 0xFF)))
            return "UTF-16 text; only UTF-8 is read (save it as CSV UTF-8)";
    }
    if (strcmp(ext, "txt") == 0)
        return "not recognised as a supported vector source (a .txt file "
               "is read as delimited text when a CSV separator is given)";
    n = *ext ? GDALGetDriverCount() : 0;
    for (i = 0; i < n; i++) {
        GDALDriverH d = GDALGetDriver(i);
        const char *exts = GDALGetMetadataItem(d, GDAL_DMD_EXTENSIONS, NULL);
        const char *name = GDALGetMetadataItem(d, GDAL_DMD_LONGNAME, NULL);
        char **list;
        int hit;
        if (!exts || !name || !GDALGetMetadataItem(d, GDAL_DCAP_VECTOR, NULL))
            continue;
        list = CSLTokenizeString(exts);
        hit = CSLFindString(list, ext) >= 0;
        CSLDestroy(list);
        if (hit) {
            int len = (int)strlen(name);
            while (len > 0 && name[len - 1] == ' ')
                len--;
            snprintf(buf, cap, "not a valid %.*s file (damaged or of "
                               "another format)", len, name);
            return buf;
        }
    }
    return "not recognised as a supported vector source";
}

/* Split "path|layername=x" into path and layer name or id. */
static int split_spec(kz_ctx *ctx, const char *spec, char **path,
                      char **layername, long *layerid)
{
    const char *bar = strchr(spec, '|');
    *path = *layername = NULL;
    *layerid = -1;
    if (!bar) {
        *path = kz__strdup(ctx, spec);
        return *path ? KZ_OK : KZ_ENOMEM;
    }
    *path = kz__malloc(ctx, (size_t)(bar - spec) + 1);
    if (!*path)
        return KZ_ENOMEM;
    memcpy(*path, spec, (size_t)(bar - spec));
    (*path)[bar - spec] = '\0';
    if (strncasecmp(bar + 1, "layername=", 10) == 0) {
        *layername = kz__strdup(ctx, bar + 11);
        return *layername ? KZ_OK : KZ_ENOMEM;
    }
    if (strncasecmp(bar + 1, "layerid=", 8) == 0) {
        char *end;
        *layerid = strtol(bar + 9, &end, 10);
        if (end != bar + 9 && !*end && *layerid >= 0)
            return KZ_OK;
    }
    return kz__error(ctx, KZ_EINPUT, spec, 0, NULL,
                     "expected \"|layername=NAME\" or \"|layerid=N\" "
                     "after the source");
}

static int pick_layer(kz_ctx *ctx, kz_src *src, const char *layername,
                      long layerid)
{
    int n = GDALDatasetGetLayerCount(src->ds), i;
    kz_buf names;
    int rc;

    if (layername) {
        src->layer = GDALDatasetGetLayerByName(src->ds, layername);
        if (!src->layer)
            return kz__error(ctx, KZ_EINPUT, src->spec, 0, NULL,
                             "no layer named \"%s\"", layername);
        return KZ_OK;
    }
    if (layerid >= 0) {
        if (layerid >= n)
            return kz__error(ctx, KZ_EINPUT, src->spec, 0, NULL,
                             "no layer %ld (%d layers)", layerid, n);
        src->layer = GDALDatasetGetLayer(src->ds, (int)layerid);
        return KZ_OK;
    }
    if (n == 1) {
        src->layer = GDALDatasetGetLayer(src->ds, 0);
        return KZ_OK;
    }
    /* by name rather than by listing: some drivers (PostgreSQL) do not
     * list tables without geometry but open them by name */
    src->layer = GDALDatasetGetLayerByName(src->ds, src->role);
    if (src->layer)
        return KZ_OK;
    kz__buf_init(&names, ctx);
    for (i = 0; i < n; i++) {
        if ((rc = kz__buf_puts(&names, i ? ", " : "")) < 0 ||
            (rc = kz__buf_puts(&names,
                               OGR_L_GetName(GDALDatasetGetLayer(src->ds, i)))) <
                0) {
            kz__buf_release(&names);
            return rc;
        }
    }
    rc = kz__error(ctx, KZ_EINPUT, src->spec, 0, NULL,
                   "no layer named \"%s\" among %d layers (%s); add "
                   "\"|layername=NAME\"",
                   src->role, n, names.data ? names.data : "");
    kz__buf_release(&names);
    return rc;
}

int kz__src_has_nul(const kz_src *src, long row)
{
    return kz__csv_has_nul(&src->csv, row);
}

int kz__src_open(kz_ctx *ctx, kz_src *src, const char *role, const char *spec,
                 const kz_sources *opts)
{
    char *path = NULL, *layername = NULL, *csv_prefixed = NULL;
    const char *open_path;
    char ext[16];
    long layerid = -1;
    char **oo = NULL;
    GDALDriverH drv;
    struct stat st;
    int rc, forced, takes, rewrite;

    memset(src, 0, sizeof(*src));
    src->role = role;
    src->spec = spec;
    src->slot = SIZE_MAX;
    pthread_once(&gdal_once, gdal_register);
    if ((rc = split_spec(ctx, spec, &path, &layername, &layerid)) < 0)
        goto done;
    open_path = path;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        FILE *fp;
        if (st.st_size == 0) {
            src->empty_file = 1;
            goto done;
        }
        /* GDAL would only warn that it cannot open the file, then fail
         * as if it were of another format */
        if (!(fp = fopen(path, "rb"))) {
            rc = kz__error(ctx, KZ_EINPUT, spec, 0, NULL,
                           "cannot read the file: %s", strerror(errno));
            goto done;
        }
        fclose(fp);
    }
    kz__gdal_reset(spec);
    drv = GDALIdentifyDriverEx(path, GDAL_OF_VECTOR, NULL, NULL);
    path_ext(ext, sizeof(ext), path);
    /* .psv is always pipe-separated text; .txt is CSV when a separator is
     * given */
    if ((forced = strcmp(ext, "psv") == 0 ||
                  (strcmp(ext, "txt") == 0 && opts->csv_separator)))
        drv = GDALGetDriverByName("CSV");
    if (drv && strcmp(GDALGetDriverShortName(drv), "CSV") == 0) {
        char sniffed = sniff_separator(path);
        char sep = opts->csv_separator ? opts->csv_separator
                   : strcmp(ext, "psv") == 0 && sniffed == ',' ? '|'
                                                                : sniffed;
        src->is_csv = 1;
        if (sep == '"' || sep == '\n' || sep == '\r' || sep == '\0') {
            rc = kz__error(ctx, KZ_EINVAL, spec, 0, NULL,
                           "'%c' cannot separate CSV fields", sep);
            goto done;
        }
        src->separator = sep;
        src->row_offset = 1;
        oo = CSLSetNameValue(oo, "AUTODETECT_TYPE", "NO");
        oo = CSLSetNameValue(oo, "KEEP_GEOM_COLUMNS", "YES");
        oo = CSLSetNameValue(oo, "EMPTY_STRING_AS_NULL", "NO");
        oo = CSLSetNameValue(oo, "HEADERS", "YES");
        takes = driver_takes_separator(drv, sep);
        /* without the option this GDAL decides from the header line */
        rewrite = !takes && (sep != sniffed || sep == '|');
        if (takes)
            oo = CSLSetNameValue(oo, "SEPARATOR", sep_name(sep));
        if ((rc = kz__csv_scan(ctx, &src->csv, path, sep)) < 0)
            goto done;
        if (rewrite || src->csv.unclosed_line) {
            if ((rc = csv_copy(ctx, src, path, sep, rewrite)) < 0)
                goto done;
            open_path = src->vsi_path;
        } else if (forced) {
            open_path = csv_prefixed = csv_prefix(ctx, path);
        }
        if (!open_path) {
            rc = KZ_ENOMEM;
            goto done;
        }
        src->decimal_comma = opts->decimal_comma >= 0 ? opts->decimal_comma
                                                     : sep == ';';
    } else if (drv && (strcmp(GDALGetDriverShortName(drv), "XLSX") == 0 ||
                       strcmp(GDALGetDriverShortName(drv), "ODS") == 0)) {
        /* a survey sheet always has a header row, even when every cell is
         * text (then the drivers would take it for data).  Cells keep the
         * types the sheet gives them: a date cell is read as a date, a
         * number as a number.  GDAL 3.6 takes the setting only as
         * configuration, read while the sheet is parsed: it is set for
         * this thread until the source is closed.  Feature ids are the
         * sheet's row numbers. */
        int ods = strcmp(GDALGetDriverShortName(drv), "ODS") == 0;
        src->sheet_config = ods ? 2 : 1;
        CPLSetThreadLocalConfigOption(ods ? "OGR_ODS_HEADERS"
                                          : "OGR_XLSX_HEADERS",
                                      "FORCE");
        src->decimal_comma = opts->decimal_comma > 0;
    } else {
        src->decimal_comma = opts->decimal_comma > 0;
    }
    kz__gdal_reset(spec);
    src->ds = GDALOpenEx(open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                         (const char *const *)oo, NULL);
    if (!src->ds) {
        char why[256];
        rc = kz__error(ctx, KZ_EINPUT, spec, 0, NULL, "%s",
                       open_failure(why, sizeof(why), path, ext));
        goto done;
    }
    if ((rc = pick_layer(ctx, src, layername, layerid)) < 0)
        goto done;
    OGR_L_ResetReading(src->layer);
done:
    CSLDestroy(oo);
    kz__free(ctx, csv_prefixed);
    kz__free(ctx, path);
    kz__free(ctx, layername);
    return rc;
}

void kz__src_close(kz_ctx *ctx, kz_src *src)
{
    if (src->ds)
        GDALClose(src->ds);
    if (src->vsi_path) {
        VSIUnlink(src->vsi_path);
        kz__free(ctx, src->vsi_path);
        src->vsi_path = NULL;
    }
    if (src->sheet_config) {
        int ods = src->sheet_config == 2;
        CPLSetThreadLocalConfigOption(ods ? "OGR_ODS_HEADERS"
                                          : "OGR_XLSX_HEADERS",
                                      NULL);
        src->sheet_config = 0;
    }
    src->ds = NULL;
    src->layer = NULL;
    kz__free(ctx, src->cols);
    kz__free(ctx, src->types);
    kz__csv_release(ctx, &src->csv);
    src->cols = NULL;
    src->types = NULL;
}

/* ------------------------------------------------------------- columns */

/* Header names compare case-insensitively; non-ASCII letters by their
 * Azerbaijani case pairs too ("Şərq" = "ŞƏRQ"). */
static int same_name(const char *a, const char *b)
{
    char fa[128], fb[128];
    if (strcasecmp(a, b) == 0)
        return 1;
    kz__fold_word(fa, sizeof(fa), a);
    kz__fold_word(fb, sizeof(fb), b);
    return fa[0] && !strchr(fa, '?') && strcmp(fa, fb) == 0 &&
           strlen(a) == strlen(b);
}

static int alias_match(const kz_colspec *s, const char *name)
{
    const char *p = s->aliases;
    if (same_name(s->name, name))
        return 1;
    while (p && *p) {
        const char *e = strchr(p, '|');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (strlen(name) == n && strncasecmp(p, name, n) == 0)
            return 1;
        p = e ? e + 1 : NULL;
    }
    return 0;
}

/* Columns the atlas's own GeoPackage export derives (latest assessment,
 * computed district, relation keys, statistics): reading an export back
 * takes the survey columns and passes over these without a warning. */
static int derived_column(const char *role, const char *name)
{
    static const struct {
        const char *role, *names;
    } derived[] = {
        {"kahrizes",
         "|name_en_derived|district_declared|assessments|last_date|"
         "last_discharge_l_s|last_condition|"
         "last_drinkable|last_households_served|last_shafts_open|"
         "last_shafts_collapsed|last_rehab_status|last_rehab_year|"},
        {"assessments", "|kahriz_fid|"},
    };
    size_t i, n = strlen(name);
    if (n == 0 || strchr(name, '|'))
        return 0;
    for (i = 0; i < sizeof(derived) / sizeof(derived[0]); i++) {
        const char *p = derived[i].names;
        if (strcmp(derived[i].role, role) != 0)
            continue;
        while ((p = strstr(p, name)) != NULL) {
            if (p[-1] == '|' && p[n] == '|')
                return 1;
            p += n;
        }
    }
    return 0;
}

static int has_spec(const kz_colspec *specs, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(specs[i].name, name) == 0)
            return 1;
    return 0;
}

/* Check the mapping lines against this source: a line of its role must
 * name one of its fields and one of its columns (KZ_EINPUT naming the
 * line); lines of any role are marked known and found for the check
 * after the load. */
static int check_mappings(kz_ctx *ctx, kz_src *src, const kz_colspec *specs,
                          size_t n_specs, kz_mappings *map)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src->layer);
    int nf = OGR_FD_GetFieldCount(defn), f;
    size_t m;
    kz_buf names;
    char q[160];
    int rc = KZ_OK;

    kz__buf_init(&names, ctx);
    for (m = 0; map && m < map->n; m++) {
        kz_mapping *mp = &map->items[m];
        int own = mp->role && strcmp(mp->role, src->role) == 0;
        if (mp->role && !own)
            continue;
        if (!has_spec(specs, n_specs, mp->canonical)) {
            if (!own)
                continue;
            kz__quote_value(q, sizeof(q), mp->canonical);
            if ((rc = kz__colspec_names(&names, specs, n_specs)) == KZ_OK)
                rc = kz__error(ctx, KZ_EINPUT, map->path, mp->line, NULL,
                               "%s have no field %s (fields: %s)",
                               src->role, q, names.data);
            goto done;
        }
        mp->known = 1;
        for (f = 0; f < nf; f++)
            if (same_name(mp->header,
                          OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, f))))
                break;
        if (f < nf) {
            mp->found = 1;
            continue;
        }
        if (!own)
            continue;
        kz__quote_value(q, sizeof(q), mp->header);
        for (f = 0; f < nf && rc == KZ_OK; f++)
            if ((rc = kz__buf_puts(&names, f ? ", " : "")) == KZ_OK)
                rc = kz__buf_puts(
                    &names, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, f)));
        if (rc == KZ_OK)
            rc = kz__error(ctx, KZ_EINPUT, map->path, mp->line, NULL,
                           "no column %s in the %s source %s (columns: %s)",
                           q, src->role, src->spec,
                           names.data ? names.data : "none");
        goto done;
    }
done:
    kz__buf_release(&names);
    return rc;
}

int kz__src_bind(kz_ctx *ctx, kz_src *src, const kz_colspec *specs,
                 size_t n_specs, kz_mappings *map, kz_report *report,
                 const kz_colspec **missing)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src->layer);
    int nf = OGR_FD_GetFieldCount(defn), f, rc;
    size_t i;
    char q[160];

    *missing = NULL;
    src->specs = specs;
    src->n_specs = n_specs;
    src->cols = kz__mallocarray(ctx, n_specs, sizeof(*src->cols));
    src->types = kz__mallocarray(ctx, n_specs, sizeof(*src->types));
    if (!src->cols || !src->types)
        return KZ_ENOMEM;
    for (i = 0; i < n_specs; i++) {
        src->cols[i] = -1;
        src->types[i] = OFTString;
    }
    if ((rc = check_mappings(ctx, src, specs, n_specs, map)) < 0)
        return rc;
    for (f = 0; f < nf; f++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        const char *name = OGR_Fld_GetNameRef(fd);
        size_t hit = SIZE_MAX, m;

        /* the mapping file wins over the built-in aliases */
        for (m = 0; map && m < map->n && hit == SIZE_MAX; m++) {
            const kz_mapping *mp = &map->items[m];
            if (mp->role && strcmp(mp->role, src->role) != 0)
                continue;
            if (!same_name(mp->header, name))
                continue;
            for (i = 0; i < n_specs; i++)
                if (strcmp(specs[i].name, mp->canonical) == 0) {
                    hit = i;
                    break;
                }
        }
        for (i = 0; i < n_specs && hit == SIZE_MAX; i++)
            if (alias_match(&specs[i], name))
                hit = i;
        kz__quote_value(q, sizeof(q), name);
        if (hit == SIZE_MAX) {
            if (strcmp(src->role, "districts") != 0 &&
                !derived_column(src->role, name) &&
                kz__report_add(report, src->slot, KZ_SEV_WARNING, src->role,
                               src->spec, src->row_offset, "",
                               "column %s is not used", q) < 0)
                return KZ_ENOMEM;
            continue;
        }
        if (src->cols[hit] >= 0) {
            if (kz__report_add(report, src->slot, KZ_SEV_WARNING, src->role,
                               src->spec, src->row_offset, specs[hit].name,
                               "column %s is ignored: an earlier column "
                               "gives %s",
                               q, specs[hit].name) < 0)
                return KZ_ENOMEM;
            continue;
        }
        src->cols[hit] = f;
        src->types[hit] = OGR_Fld_GetType(fd);
    }
    for (i = 0; i < n_specs; i++)
        if (specs[i].required && src->cols[i] < 0) {
            *missing = &specs[i];
            break;
        }
    return KZ_OK;
}

long kz__src_row(const kz_src *src, OGRFeatureH f)
{
    long fid = (long)OGR_F_GetFID(f), line;
    if (src->csv.scanned && (line = kz__csv_line(&src->csv, fid)) > 0)
        return line;
    return fid + src->row_offset;
}

const char *kz__src_text(const kz_src *src, OGRFeatureH f, size_t i)
{
    int c = src->cols[i];
    if (c < 0 || !OGR_F_IsFieldSetAndNotNull(f, c))
        return "";
    return OGR_F_GetFieldAsString(f, c);
}

char *kz__srs_string(kz_ctx *ctx, OGRSpatialReferenceH srs)
{
    const char *auth, *code;
    char *wkt = NULL, *out = NULL;

    if (!srs)
        return NULL;
    auth = OSRGetAuthorityName(srs, NULL);
    code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code && strcasecmp(auth, "EPSG") == 0) {
        out = kz__malloc(ctx, strlen(code) + 6);
        if (out)
            sprintf(out, "EPSG:%s", code);
        return out;
    }
    {
        const char *const wopts[] = {"FORMAT=WKT2_2019", NULL};
        if (OSRExportToWktEx(srs, &wkt, wopts) != OGRERR_NONE || !wkt) {
            CPLFree(wkt);
            kz__error(ctx, KZ_EPROJ, NULL, 0, NULL,
                      "cannot express a layer's CRS as WKT");
            return NULL;
        }
    }
    out = kz__strdup(ctx, wkt);
    CPLFree(wkt);
    return out;
}
