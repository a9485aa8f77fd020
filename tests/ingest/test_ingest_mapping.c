/*
 * test_ingest_mapping.c - mapping files (--mapping): role-prefixed lines,
 * and each mistake in a line reported with the mapping file and its line
 * number, by the library and by the command line.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char kpath[4096], apath[4096], mpath[4096];

static void put(char *path, const char *name, const char *text)
{
    FILE *fp;
    snprintf(path, 4096, "%s/%s", kz_test_tmpdir(), name);
    fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

static void write_sources(void)
{
    put(kpath, "mapped_k.csv", "Nömrə,Adı,Şərq,Şimal\n"
                               "M-1,Xanağa kəhrizi,46.01,38.95\n");
    put(apath, "mapped_a.csv", "Kəhriz,Tarix,Debit\n"
                               "M-1,2020-05-01,2.5\n");
}

/* Load with mapping text; the status, the survey destroyed. */
static int load_mapping(const char *mapping, int with_assessments)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_report *rep = NULL;
    kz_survey *sv = NULL;
    int rc;

    write_sources();
    put(mpath, "mapping.txt", mapping);
    src.kahrizes = kpath;
    src.assessments = with_assessments ? apath : NULL;
    src.mapping = mpath;
    src.today = 20250101;
    CU_ASSERT_FATAL(kz_report_create(&rep, kz_test_ctx) == KZ_OK);
    rc = kz_survey_load(&sv, kz_test_ctx, &src, rep);
    if (rc == KZ_OK) {
        CU_ASSERT(kz_survey_kahriz_count(sv) == 1);
        CU_ASSERT(kz_survey_assessment_count(sv) ==
                  (with_assessments ? 1u : 0u));
        if (with_assessments && kz_survey_assessment_count(sv) == 1) {
            CU_ASSERT(kz_survey_assessment(sv, 0)->date == 20200501);
            CU_ASSERT(kz_survey_assessment(sv, 0)->discharge_l_s == 2.5);
        }
    } else if (rc != KZ_EINPUT) {
        kz_report_write(kz_test_ctx, rep, stderr, KZ_REPORT_TEXT);
    }
    kz_survey_destroy(sv);
    kz_report_destroy(rep);
    return rc;
}

/* The context's message is "<mapping path>:<line>: <text...>". */
static int error_at(long line, const char *text)
{
    char want[4200];
    const char *msg = kz_ctx_error(kz_test_ctx)->message;
    snprintf(want, sizeof(want), "%s:%ld: %s", mpath, line, text);
    if (strncmp(msg, want, strlen(want)) == 0)
        return 1;
    fprintf(stderr, "\nwanted \"%s...\"\ngot    \"%s\"\n", want, msg);
    return 0;
}

static const char good[] = "# canonical = source header\n"
                           "kahrizes.id = Nömrə\n"
                           "name_az = Adı\n"
                           "kahrizes.x = Şərq\n"
                           "y = Şimal\n"
                           "assessments.kahriz_id = Kəhriz\n"
                           "assessments . date = Tarix\n"
                           "discharge_l_s = Debit\n";

static void test_role_prefixed(void)
{
    CU_ASSERT(load_mapping(good, 1) == KZ_OK);
}

static void test_unknown_role(void)
{
    CU_ASSERT(load_mapping("id = Nömrə\n"
                           "name_az = Adı\n"
                           "kahriz.x = Şərq\n"
                           "y = Şimal\n",
                           0) == KZ_EINPUT);
    CU_ASSERT(error_at(3, "unknown role \"kahriz\""));
}

static void test_unknown_field(void)
{
    CU_ASSERT(load_mapping("id = Nömrə\n"
                           "kahrizes.depth = Adı\n",
                           0) == KZ_EINPUT);
    CU_ASSERT(error_at(2, "kahrizes have no field \"depth\""));
    /* a field of another role */
    CU_ASSERT(load_mapping("id = Nömrə\n"
                           "name_az = Adı\n"
                           "x = Şərq\n"
                           "y = Şimal\n"
                           "shafts.date = Tarix\n",
                           0) == KZ_EINPUT);
    CU_ASSERT(error_at(5, "shafts have no field \"date\""));
    /* without a role: a field no role has */
    CU_ASSERT(load_mapping("\n# comment\nlenght_m = Uzunluq\n", 0) ==
              KZ_EINPUT);
    CU_ASSERT(error_at(3, "unknown field \"lenght_m\""));
}

static void test_missing_column(void)
{
    CU_ASSERT(load_mapping("id = Nömrə\n"
                           "name_az = Adı\n"
                           "kahrizes.x = Şərqi\n"
                           "y = Şimal\n",
                           0) == KZ_EINPUT);
    CU_ASSERT(error_at(3, "no column \"Şərqi\" in the kahrizes source"));
    CU_ASSERT(strstr(kz_ctx_error(kz_test_ctx)->message,
                     "(columns: Nömrə, Adı, Şərq, Şimal)") != NULL);
    CU_ASSERT(load_mapping("id = Nömrə\n"
                           "name_az = Adı\n"
                           "x = Şərq\n"
                           "y = Şimal\n"
                           "assessments.date = Gün\n",
                           1) == KZ_EINPUT);
    CU_ASSERT(error_at(5, "no column \"Gün\" in the assessments source"));
    /* without a role: no source has it */
    CU_ASSERT(load_mapping("id = Nömrə\n"
                           "name_az = Adı\n"
                           "x = Şərq\n"
                           "y = Şimal\n"
                           "name_en = Ad (ingiliscə)\n",
                           0) == KZ_EINPUT);
    CU_ASSERT(error_at(5, "no source has a column \"Ad (ingiliscə)\""));
}

/* The command line prints the same "file:line:" message. */
static void test_cli_message(void)
{
    char args[16384], want[4200];
    char *out = NULL;
    int rc;

    write_sources();
    put(mpath, "mapping.txt", "id = Nömrə\nname_az = Adı\nx = Şərq\n"
                              "y = Şimal\nkahrizes.photo = Şəkil\n");
    snprintf(args, sizeof(args),
             "validate --kahrizes '%s' --assessments none --shafts none "
             "--mapping '%s'",
             kpath, mpath);
    rc = kz_test_cli(&out, 1, args);
    snprintf(want, sizeof(want), "%s:5: no column \"Şəkil\"", mpath);
    CU_ASSERT(rc == 3);
    CU_ASSERT(out && strstr(out, want) != NULL);
    if (!out || !strstr(out, want))
        fprintf(stderr, "\nwanted %s in:\n%s\n", want, out ? out : "");
    free(out);
}

static const kz_test_case cases[] = {
    {"role-prefixed lines", test_role_prefixed},
    {"unknown role", test_unknown_role},
    {"unknown field", test_unknown_field},
    {"missing column", test_missing_column},
    {"command line message", test_cli_message},
    KZ_TEST_END};

KZ_TEST_SUITE("ingest mapping", cases);
