/*
 * kobo_fixture.c - writes the field form exports of kobo_fixture.h.  Only
 * GDAL and plain file writes: nothing of the library under test.
 */
#include "kobo_fixture.h"

#include "kztest.h"

#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *table_text(const char *name)
{
    char rel[256];
    char *t;
    snprintf(rel, sizeof(rel), "tests/data/kobo/%s", name);
    t = kz_test_slurp(kz_test_src(rel), NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    return t;
}

/* The cells of one line, split in place at '|'; returns their number. */
static int cells(char *line, char **out, int cap)
{
    int n = 0;
    for (;;) {
        char *bar = strchr(line, '|');
        if (n < cap)
            out[n++] = line;
        if (!bar)
            break;
        *bar = '\0';
        line = bar + 1;
    }
    return n;
}

static void add_sheet(GDALDatasetH ds, const char *sheet, const char *name)
{
    char *text = table_text(name), *line, *save = NULL, *cell[256];
    OGRLayerH l = GDALDatasetCreateLayer(ds, sheet, NULL, wkbNone, NULL);
    int header = 1, n, i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        n = cells(line, cell, 256);
        if (header) {
            for (i = 0; i < n; i++) {
                OGRFieldDefnH fd = OGR_Fld_Create(cell[i], OFTString);
                CU_ASSERT(OGR_L_CreateField(l, fd, TRUE) == OGRERR_NONE);
                OGR_Fld_Destroy(fd);
            }
        } else {
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            for (i = 0; i < n; i++)
                if (*cell[i]) /* an empty cell stays empty */
                    OGR_F_SetFieldString(f, i, cell[i]);
            CU_ASSERT(OGR_L_CreateFeature(l, f) == OGRERR_NONE);
            OGR_F_Destroy(f);
        }
        header = 0;
    }
    free(text);
}

void kobo_write_xlsx(const char *path, const char *main_sheet, const char *main,
                     const char *shafts)
{
    GDALDriverH drv;
    GDALDatasetH ds;

    GDALAllRegister();
    drv = GDALGetDriverByName("XLSX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(drv);
    remove(path);
    ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    add_sheet(ds, main_sheet, main);
    if (shafts)
        add_sheet(ds, "shafts", shafts);
    GDALClose(ds);
}

/* A table as RFC 4180 text with separator sep, CRLF line ends. */
static void put_csv(VSILFILE *fp, const char *name, char sep)
{
    char *text = table_text(name), *line, *save = NULL, *cell[256];
    int n, i;

    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        n = cells(line, cell, 256);
        for (i = 0; i < n; i++) {
            const char *c = cell[i];
            int quote = strchr(c, sep) || strchr(c, '"') || strchr(c, ' ');
            if (i)
                VSIFWriteL(&sep, 1, 1, fp);
            if (quote)
                VSIFWriteL("\"", 1, 1, fp);
            for (; *c; c++) /* a quote doubled */
                VSIFWriteL(*c == '"' ? "\"\"" : c, 1, *c == '"' ? 2 : 1, fp);
            if (quote)
                VSIFWriteL("\"", 1, 1, fp);
        }
        VSIFWriteL("\r\n", 1, 2, fp);
    }
    free(text);
}

void kobo_write_csv(const char *path, const char *table, char sep)
{
    VSILFILE *fp = VSIFOpenL(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    put_csv(fp, table, sep);
    VSIFCloseL(fp);
}

void kobo_write_central_zip(const char *path, const char *form,
                            const char *main, const char *shafts)
{
    char name[4200];
    VSILFILE *fp;

    GDALAllRegister();
    remove(path);
    snprintf(name, sizeof(name), "/vsizip/%s/%s.csv", path, form);
    fp = VSIFOpenL(name, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    put_csv(fp, main, ',');
    VSIFCloseL(fp);
    snprintf(name, sizeof(name), "/vsizip/%s/%s-shafts.csv", path, form);
    fp = VSIFOpenL(name, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    put_csv(fp, shafts, ',');
    VSIFCloseL(fp);
}

void kobo_write_attachments(const char *dir)
{
    char p[4200];
    FILE *fp;
    snprintf(p, sizeof(p),
             "mkdir -p '%s/kobo_user/attachments/aFormUid/uuid-a' && echo ok",
             dir);
    free(kz_test_output(p));
    snprintf(p, sizeof(p), "%s/kobo_user/attachments/aFormUid/uuid-a/p1.jpg",
             dir);
    fp = fopen(p, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("not a JPEG: only its name is looked up", fp);
    fclose(fp);
}
