/*
 * test_photos.c - the photos on the kahriz sheets: PNG and JPEG (".jpg",
 * ".jpeg", any case) are embedded, a JPEG as itself (pdfimages lists it
 * as "jpeg"); a format the atlas cannot draw or a missing file is counted
 * missing.  The pictures are made by PIL; the counts are worked by hand
 * from the names.  A visit's note is on the sheet when only its English
 * or only its Azerbaijani text is given (pdftotext).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Occurrences of what in s. */
static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (; s && (s = strstr(s, what)); s++)
        n++;
    return n;
}

static void test_photo_formats(void)
{
    char dir[1024], k[1100], d[1100], pdf[1100], cmd[3000], *out;
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    kz_style *st = NULL;
    kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
    kz_atlas_result res;
    int rc;
    snprintf(dir, sizeof(dir), "%s/photos", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && /usr/bin/python3 -c 'from PIL import Image\n"
             "for n, f in ((\"a.jpeg\", \"JPEG\"), (\"b.JPG\", \"JPEG\"), "
             "(\"c.png\", \"PNG\"), (\"d.gif\", \"GIF\")):\n"
             "    Image.new(\"RGB\", (64, 48), (40, 90, 160)).save(n, f)\n"
             "print(\"ok\")'",
             dir);
    out = kz_test_output(cmd);
    if (!kz_test_need(out && strcmp(out, "ok\n") == 0, "Python's PIL")) {
        free(out);
        return;
    }
    free(out);
    snprintf(k, sizeof(k), "%s/kahrizes.csv", dir);
    write_file(k, KZ_TEST_KAHRIZ_HEADER
               "P-1,Bir,,,,,46.15,40.15,,,,,,,,,a.jpeg\n"
               "P-2,İki,,,,,46.16,40.16,,,,,,,,,b.JPG\n"
               "P-3,Üç,,,,,46.17,40.14,,,,,,,,,c.png\n"
               "P-4,Dörd,,,,,46.14,40.17,,,,,,,,,d.gif\n"
               "P-5,Beş,,,,,46.13,40.13,,,,,,,,,e.jpg\n");
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    src.kahrizes = k;
    src.districts = d;
    src.today = 20260101;
    sv = kz_test_load(&src);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    snprintf(pdf, sizeof(pdf), "%s/photos.pdf", dir);
    o.sections = KZ_ATLAS_SHEETS;
    o.photo_dir = dir;
    o.timestamp = 1700000000;
    rc = kz_atlas_render(&res, kz_test_ctx, pdf, sv, NULL, st, &o);
    if (rc != KZ_OK)
        fprintf(stderr, "\n  %s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    /* a.jpeg, b.JPG, c.png drawn; d.gif not drawable, e.jpg absent */
    CU_ASSERT_EQUAL(res.photos, 3);
    CU_ASSERT_EQUAL(res.photos_missing, 2);
    snprintf(cmd, sizeof(cmd), "pdfimages -list '%s'", pdf);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    /* the two JPEGs as they are, 64 x 48 */
    CU_ASSERT_EQUAL(count(out, " jpeg "), 2);
    CU_ASSERT(count(out, "   64    48 ") >= 3);
    free(out);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static void test_notes_in_one_language(void)
{
    char dir[1024], k[1100], a[1100], d[1100], pdf[1100], cmd[1300], *text;
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    kz_style *st = NULL;
    kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
    snprintf(dir, sizeof(dir), "%s/notes", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(k, sizeof(k), "%s/kahrizes.csv", dir);
    write_file(k, KZ_TEST_KAHRIZ_HEADER
               "N-1,Bir,,,,,46.15,40.15,,,,,,,,,\n"
               "N-2,İki,,,,,46.16,40.16,,,,,,,,,\n");
    snprintf(a, sizeof(a), "%s/assessments.csv", dir);
    write_file(a, KZ_TEST_ASSESSMENT_HEADER
               "N-1,2024-05-01,2.5,good,yes,10,3,0,none,,,Gallery cleaned "
               "last spring,A\n"
               "N-2,2024-05-02,1.5,fair,yes,8,3,0,none,,Quyular açıqdır,,A\n");
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    src.kahrizes = k;
    src.assessments = a;
    src.districts = d;
    src.today = 20260101;
    sv = kz_test_load(&src);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    snprintf(pdf, sizeof(pdf), "%s/notes.pdf", dir);
    o.sections = KZ_ATLAS_SHEETS;
    o.timestamp = 1700000000;
    CU_ASSERT_EQUAL_FATAL(kz_atlas_render(NULL, kz_test_ctx, pdf, sv, NULL,
                                          st, &o),
                          KZ_OK);
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Gallery cleaned last spring"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "Quyular açıqdır"));
    free(text);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static const kz_test_case cases[] = {
    {"photo formats", test_photo_formats},
    {"notes in one language", test_notes_in_one_language},
    KZ_TEST_END};

KZ_TEST_SUITE("photos", cases);
