/*
 * test_sheet_values.c - the attributes of a kahriz sheet in both
 * languages ("6,8 l/san / 6.8 l/s"), the mother well's depth named as a
 * depth, and a long village name whole (wrapped, never cut); the values
 * written by hand into a six-kahriz survey, read back with pdftotext.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define VILLAGE_AZ "Yuxarı Həsənqaya Dağ Məhəlləsi"
#define VILLAGE_EN "Yukhari Hasangaya Dagh Mahallasi"

static const char *six_kahrizes(void)
{
    static char dir[512];
    char path[600];
    FILE *fp;
    int i;

    snprintf(dir, sizeof(dir), "%s/sheetvalues", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "wb"));
    fputs(KZ_TEST_KAHRIZ_HEADER, fp);
    /* six, so that the sheets take their usual size, six to a page */
    for (i = 1; i <= 6; i++)
        fprintf(fp,
                "KZ-%d,Zeynal kəhrizi,,AZ-ORD," VILLAGE_AZ "," VILLAGE_EN
                ",45.9%d,38.95,EPSG:4326,,,2016,12,14.1,1900,icma,\n",
                i, i);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/assessments.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "wb"));
    fputs(KZ_TEST_ASSESSMENT_HEADER, fp);
    for (i = 1; i <= 6; i++)
        fprintf(fp, "KZ-%d,2021-05-01,6.8,good,yes,1250,12,0,none,,,,x\n",
                i);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/shafts.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "wb"));
    fputs("kahriz_id,seq,x,y,crs,depth_m\n", fp);
    fclose(fp);
    return dir;
}

/* Every run of white space made one space, so that wrapped lines read
 * as one. */
static void squeeze(char *s)
{
    char *o = s;
    int space = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\f') {
            space = 1;
            continue;
        }
        if (space && o != s)
            *o++ = ' ';
        space = 0;
        *o++ = *s;
    }
    *o = '\0';
}

/* Characters of a UTF-8 string. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/*
 * The words of the village names as poppler sees them: each is a word of
 * its own, at least 0.25 em per letter wide (Noto Sans's narrowest
 * letters, i and l, are 0.26 em), on each of the six sheets.  A name cut
 * by an ellipsis keeps its text in the PDF (as the ellipsis glyph's
 * ActualText) but squeezed into one glyph's width, with its spaces.
 */
static void check_village_boxes(const char *pdf)
{
    static const char *const words[] = {"Yuxarı", "Həsənqaya", "Dağ",
                                        "Məhəlləsi", "Yukhari", "Hasangaya",
                                        "Dagh", "Mahallasi"};
    char cmd[900], *xml, *p;
    size_t i;

    snprintf(cmd, sizeof(cmd), "pdftotext -q -bbox-layout '%s' -", pdf);
    xml = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    for (p = xml; (p = strstr(p, "<word ")) != NULL; p++) {
        const char *gt = strchr(p, '>'), *end = strstr(p, "</word>");
        const char *sp = gt ? strchr(gt, ' ') : NULL;
        CU_ASSERT_FATAL(gt && end);
        if (sp && sp < end)
            fprintf(stderr, "\nword with spaces: %.*s",
                    (int)(end - gt - 1), gt + 1);
        CU_ASSERT(!sp || sp > end);
    }
    for (i = 0; i < sizeof(words) / sizeof(*words); i++) {
        char want[64];
        int n = 0;
        snprintf(want, sizeof(want), ">%s</word>", words[i]);
        for (p = xml; (p = strstr(p, want)) != NULL; p++) {
            const char *start = p;
            double x0, y0, x1, y1, em;
            while (start > xml && strncmp(start, "<word ", 6) != 0)
                start--;
            CU_ASSERT_FATAL(sscanf(start,
                                   "<word xMin=\"%lf\" yMin=\"%lf\" "
                                   "xMax=\"%lf\" yMax=\"%lf\"",
                                   &x0, &y0, &x1, &y1) == 4);
            em = (y1 - y0) / 1.362; /* ascent + descent of Noto Sans */
            CU_ASSERT(x1 - x0 >= 0.25 * em * (double)chars(words[i]));
            n++;
        }
        if (n < 6)
            fprintf(stderr, "\n\"%s\" %d times", words[i], n);
        CU_ASSERT(n >= 6);
    }
    free(xml);
}

static void test_sheet_values(void)
{
    const char *dir = six_kahrizes();
    char args[2400], pdf[700], cmd[900], *text;

    snprintf(pdf, sizeof(pdf), "%s/sheet.pdf", dir);
    snprintf(args, sizeof(args),
             "build -q --sections sheets --kahrizes '%s/kahrizes.csv' "
             "--assessments '%s/assessments.csv' --shafts '%s/shafts.csv' "
             "-o '%s'",
             dir, dir, dir, pdf);
    kz_test_cli_ok(args);
    snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    squeeze(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "6,8 l/san / 6.8 l/s"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "14,1 m / 14.1 m"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "Ana quyunun dərinliyi / Mother-well depth"));
    /* 2016 and 1250: the Azerbaijani thousands group by a (narrow)
     * no-break space, the English by a comma */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, " m / 2,016 m"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "/ 1,250"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, VILLAGE_AZ " / " VILLAGE_EN));
    CU_ASSERT_PTR_NULL(strstr(text, "…"));
    free(text);
    check_village_boxes(pdf);
}

static const kz_test_case cases[] = {
    {"sheet values bilingual, village names whole", test_sheet_values},
    KZ_TEST_END};

KZ_TEST_SUITE("sheet_values", cases);
