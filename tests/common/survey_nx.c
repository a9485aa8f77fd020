/*
 * survey_nx.c - a small survey of ten Nakhchivan kahrizes (Babək, Şahbuz,
 * Culfa, Ordubad) written as the three CSV tables, for tests that damage
 * one row and check what the atlas makes of it; and line-level helpers
 * to damage and count the rows of such files.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct {
    const char *id, *name, *district;
    double x, y;
} nx[10] = {
    {"NX-01", "Ələk kəhrizi", "AZ-BAB", 45.45, 39.15},
    {"NX-02", "Bulaq kəhrizi", "AZ-BAB", 45.50, 39.25},
    {"NX-03", "Dərə kəhrizi", "AZ-SAH", 45.60, 39.40},
    {"NX-04", "Yuxarı kəhriz", "AZ-SAH", 45.65, 39.45},
    {"NX-05", "Araz kəhrizi", "AZ-CUL", 45.63, 38.98},
    {"NX-06", "Qala kəhrizi", "AZ-CUL", 45.55, 39.05},
    {"NX-07", "Bağ kəhrizi", "AZ-ORD", 45.75, 39.05},
    {"NX-08", "Çay kəhrizi", "AZ-ORD", 45.95, 38.95},
    {"NX-09", "Dağ kəhrizi", "AZ-ORD", 46.05, 39.00},
    {"NX-10", "Kənd kəhrizi", "AZ-ORD", 45.85, 39.10},
};

void kz_test_nx_survey(char *dir, size_t cap, const char *name)
{
    static const char *const cond[10] = {"good", "fair", "poor", "good",
                                         "fair", "good", "poor", "fair",
                                         "good", "fair"};
    char path[4200];
    FILE *fp;
    int i, s;

    snprintf(dir, cap, "%s/%s", kz_test_tmpdir(), name);
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/kahrizes.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "w"));
    fputs(KZ_TEST_KAHRIZ_HEADER, fp);
    for (i = 0; i < 10; i++)
        fprintf(fp,
                "%s,%s,,%s,,,%.6f,%.6f,EPSG:4326,%.6f,%.6f,%d,%d,%d.5,%d,"
                "icma,\n",
                nx[i].id, nx[i].name, nx[i].district, nx[i].x, nx[i].y,
                nx[i].x + 0.01, nx[i].y + 0.008, 1200 + 100 * i, 10 + i, 20 + i,
                1850 + 10 * i);
    fclose(fp);
    snprintf(path, sizeof(path), "%s/assessments.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "w"));
    fputs(KZ_TEST_ASSESSMENT_HEADER, fp);
    for (i = 0; i < 10; i++) {
        fprintf(fp,
                "%s,2019-05-%02d,%.1f,%s,yes,%d,%d,2,none,,,,Əli Məmmədov\n",
                nx[i].id, 10 + i, 2 + 0.5 * i, cond[i], 20 + i, 8 + i);
        fprintf(
            fp, "%s,2023-06-%02d,%.1f,%s,yes,%d,%d,2,none,,,,Əli Məmmədov\n",
            nx[i].id, 10 + i, 1.5 + 0.5 * i, cond[(i + 1) % 10], 20 + i, 8 + i);
    }
    fclose(fp);
    /* four shafts each for the first four, from the mother well down */
    snprintf(path, sizeof(path), "%s/shafts.csv", dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "w"));
    fputs("kahriz_id,seq,x,y,crs,depth_m\n", fp);
    for (i = 0; i < 4; i++)
        for (s = 1; s <= 4; s++)
            fprintf(fp, "%s,%d,%.6f,%.6f,EPSG:4326,%d.0\n", nx[i].id, s,
                    nx[i].x + 0.01 - s * 0.002, nx[i].y + 0.008 - s * 0.0016,
                    20 - s);
    fclose(fp);
}

char *kz_test_line(const char *path, long line)
{
    size_t len;
    char *text = kz_test_slurp(path, &len), *p, *e, *out = NULL;
    long n = 1;
    if (!text)
        return NULL;
    for (p = text; n < line && (p = strchr(p, '\n')) != NULL; n++)
        p++;
    if (p && *p) {
        e = strchr(p, '\n');
        len = e ? (size_t)(e - p) : strlen(p);
        if ((out = malloc(len + 1)) != NULL) {
            memcpy(out, p, len);
            out[len] = '\0';
        }
    }
    free(text);
    return out;
}

void kz_test_set_line(const char *path, long line, const char *text)
{
    size_t len;
    char *old = kz_test_slurp(path, &len), *p, *e;
    long n = 1;
    FILE *fp;
    CU_ASSERT_PTR_NOT_NULL_FATAL(old);
    for (p = old; n < line && (p = strchr(p, '\n')) != NULL; n++)
        p++;
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    e = strchr(p, '\n');
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "wb"));
    fwrite(old, 1, (size_t)(p - old), fp);
    fputs(text, fp);
    if (e)
        fputs(e, fp);
    fclose(fp);
    free(old);
}

long kz_test_data_lines(const char *path)
{
    char *text = kz_test_slurp(path, NULL);
    long n;
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    n = (long)kz_test_count(text, "\n") - 1; /* wc -l, less the header */
    free(text);
    return n;
}
