/*
 * test_core.c - context and errors, allocation failure, UTF-8, Azerbaijani
 * transliteration (Resolution No. 498), case mapping and collation.
 */
#include "kztest.h"

#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static void expect_translit(const char *az, const char *en)
{
    char buf[256];
    size_t n = kz_translit_en(buf, sizeof(buf), az);
    CU_ASSERT_EQUAL(n, strlen(en));
    if (strcmp(buf, en) != 0)
        fprintf(stderr, "\n  translit(%s) = %s, expected %s\n", az, buf, en);
    CU_ASSERT_STRING_EQUAL(buf, en);
}

static void test_translit_districts(void)
{
    expect_translit("Ağcabədi", "Aghjabadi");
    expect_translit("Bərdə", "Barda");
    expect_translit("Füzuli", "Fuzuli");
    expect_translit("Gəncə", "Ganja");
    expect_translit("Qazax", "Gazakh");
    expect_translit("Göygöl", "Goygol");
    expect_translit("Naxçıvan", "Nakhchivan");
    expect_translit("Culfa", "Julfa");
    expect_translit("Şəmkir", "Shamkir");
    expect_translit("Xaçmaz", "Khachmaz");
    expect_translit("Cəbrayıl", "Jabrayil");
    expect_translit("Goranboy", "Goranboy");
    expect_translit("Ordubad", "Ordubad");
    expect_translit("İmişli", "Imishli");
    expect_translit("Jdanov", "Zhdanov");
    expect_translit("Hacı Əli kəhrizi", "Haji Ali kahrizi");
}

static void test_translit_capitals(void)
{
    expect_translit("ŞƏKİ", "SHAKI");
    expect_translit("Şəki", "Shaki");
    expect_translit("XAÇMAZ", "KHACHMAZ");
    expect_translit("AĞDAM", "AGHDAM");
    expect_translit("Ş", "Sh");
    expect_translit("", "");
}

static void test_translit_truncation(void)
{
    char buf[5];
    size_t n = kz_translit_en(buf, sizeof(buf), "Şəmkir");
    CU_ASSERT_EQUAL(n, 7); /* "Shamkir" */
    CU_ASSERT_STRING_EQUAL(buf, "Sham");
    CU_ASSERT_EQUAL(kz_translit_en(NULL, 0, "Şəki"), 5);
}

static void test_translit_keeps_invalid_bytes(void)
{
    char buf[32];
    kz_translit_en(buf, sizeof(buf), "a\xff" "ə");
    CU_ASSERT_STRING_EQUAL(buf, "a\xff" "a");
}

static void test_legacy_aliases(void)
{
    char buf[64];
    kz_translit_legacy(buf, sizeof(buf), "Şəmkir");
    CU_ASSERT_STRING_EQUAL(buf, "Shemkir");
    kz_translit_legacy(buf, sizeof(buf), "Tərtər");
    CU_ASSERT_STRING_EQUAL(buf, "Terter");
    kz_translit_legacy(buf, sizeof(buf), "Ağdam");
    CU_ASSERT_STRING_EQUAL(buf, "Agdam");
    kz_translit_legacy(buf, sizeof(buf), "Cəbrayıl");
    CU_ASSERT_STRING_EQUAL(buf, "Jabrail");
    kz_translit_legacy(buf, sizeof(buf), "Göygöl");
    CU_ASSERT_STRING_EQUAL(buf, "Khanlar");
}

static void test_safe_filename(void)
{
    char buf[128];
    kz_safe_filename(buf, sizeof(buf), "../../x");
    CU_ASSERT_STRING_EQUAL(buf, "x");
    kz_safe_filename(buf, sizeof(buf), "Şəki / Shaki");
    CU_ASSERT_STRING_EQUAL(buf, "Shaki-Shaki");
    kz_safe_filename(buf, sizeof(buf), "..");
    CU_ASSERT_STRING_EQUAL(buf, "unnamed");
    kz_safe_filename(buf, sizeof(buf), "/etc/passwd");
    CU_ASSERT_STRING_EQUAL(buf, "etc-passwd");
    kz_safe_filename(buf, sizeof(buf), "a\x01\nb\xff c");
    CU_ASSERT_STRING_EQUAL(buf, "a-b-c");
    kz_safe_filename(buf, sizeof(buf), "Ağcabədi");
    CU_ASSERT_STRING_EQUAL(buf, "Aghcabadi");
    kz_safe_filename(buf, sizeof(buf), "AZ-ORD Ordubad");
    CU_ASSERT_STRING_EQUAL(buf, "AZ-ORD-Ordubad");
    kz_safe_filename(buf, sizeof(buf),
                     "Qarabağ Qarabağ Qarabağ Qarabağ Qarabağ Qarabağ Qarabağ "
                     "Qarabağ Qarabağ Qarabağ Qarabağ");
    CU_ASSERT_TRUE(strlen(buf) <= 80);
    CU_ASSERT_PTR_NULL(strchr(buf, '/'));
}

static void test_case_mapping(void)
{
    char buf[128];
    kz_upper_az(buf, sizeof(buf), "İmişli");
    CU_ASSERT_STRING_EQUAL(buf, "İMİŞLİ");
    kz_upper_az(buf, sizeof(buf), "Qazax");
    CU_ASSERT_STRING_EQUAL(buf, "QAZAX");
    kz_upper_az(buf, sizeof(buf), "Ağcabədi");
    CU_ASSERT_STRING_EQUAL(buf, "AĞCABƏDİ");
    kz_upper_az(buf, sizeof(buf), "Qubadlı üçün çöl");
    CU_ASSERT_STRING_EQUAL(buf, "QUBADLI ÜÇÜN ÇÖL");
    kz_lower_az(buf, sizeof(buf), "İMİŞLİ");
    CU_ASSERT_STRING_EQUAL(buf, "imişli");
    kz_lower_az(buf, sizeof(buf), "QUBADLI");
    CU_ASSERT_STRING_EQUAL(buf, "qubadlı");
    kz_lower_az(buf, sizeof(buf), "ŞƏKİ ĞÖÜÇ");
    CU_ASSERT_STRING_EQUAL(buf, "şəki ğöüç");
}

static int cmp_az(const void *a, const void *b)
{
    return kz_collate_az(*(const char *const *)a, *(const char *const *)b);
}

static void test_collation_az(void)
{
    /* the alphabet a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u
     * ü v y z, shuffled */
    const char *words[] = {"zəmi", "ümid", "şam", "öküz", "qaz", "ılıq",
                           "xalı", "ğ", "əl", "çay", "İsa", "Kür", "ilan",
                           "cəbr", "hava", "gəl", "Ağdam", "abad", "yol"};
    const char *expect[] = {"abad", "Ağdam", "cəbr", "çay", "əl", "gəl", "ğ",
                            "hava", "xalı", "ılıq", "ilan", "İsa", "Kür",
                            "qaz", "öküz", "şam", "ümid", "yol", "zəmi"};
    size_t i, n = sizeof(words) / sizeof(words[0]);
    qsort(words, n, sizeof(words[0]), cmp_az);
    for (i = 0; i < n; i++)
        CU_ASSERT_STRING_EQUAL(words[i], expect[i]);
    CU_ASSERT(kz_collate_az("Xaçmaz", "Ismayıllı") < 0); /* x before ı */
    CU_ASSERT(kz_collate_az("a", "A") < 0);
    CU_ASSERT(kz_collate_az("ab", "a") > 0);
    CU_ASSERT_EQUAL(kz_collate_az("Şəki", "Şəki"), 0);
}

static void test_collation_en(void)
{
    CU_ASSERT(kz_collate_en("Zagatala", "aghdam") > 0);
    CU_ASSERT(kz_collate_en("Imishli", "ismayilli") < 0);
    CU_ASSERT(kz_collate_en("Khachmaz", "Gazakh") > 0);
    CU_ASSERT(kz_collate_en("Xaçmaz", "Yardımlı") < 0); /* plain x order */
}

static void test_utf8(void)
{
    const char ok[] = "Şəki ə ğ ı İ ö ş ü ç";
    CU_ASSERT_EQUAL(kz_utf8_check(ok, strlen(ok)), strlen(ok));
    CU_ASSERT_EQUAL(kz_utf8_check("ab\xc3", 3), 2);       /* truncated */
    CU_ASSERT_EQUAL(kz_utf8_check("a\xc0\xaf", 3), 1);    /* overlong */
    CU_ASSERT_EQUAL(kz_utf8_check("a\xed\xa0\x80", 4), 1); /* surrogate */
    CU_ASSERT_EQUAL(kz_utf8_check("a\0b", 3), 1);         /* NUL */
    CU_ASSERT_EQUAL(kz_utf8_length("Şəki"), 4);
    CU_ASSERT_EQUAL(kz_utf8_width("Şəki"), 4);
    CU_ASSERT_EQUAL(kz_utf8_width("e\xcc\x81"), 1); /* combining acute */
    CU_ASSERT_EQUAL(kz_utf8_width("\xe4\xb8\xad"), 2); /* wide CJK */
}

static void test_error_message(void)
{
    const kz_error *e;
    int rc = kz__error(kz_test_ctx, KZ_EDATA, "kahrizes.csv", 412,
                       "depth_m", "\"%s\" is not a number", "12,5");
    CU_ASSERT_EQUAL(rc, KZ_EDATA);
    e = kz_ctx_error(kz_test_ctx);
    CU_ASSERT_EQUAL(e->code, KZ_EDATA);
    CU_ASSERT_STRING_EQUAL(e->message,
                           "kahrizes.csv:412: depth_m: \"12,5\" is not a "
                           "number");
    CU_ASSERT_STRING_EQUAL(e->file, "kahrizes.csv");
    CU_ASSERT_EQUAL(e->row, 412);
    CU_ASSERT_STRING_EQUAL(e->field, "depth_m");
    kz_ctx_clear_error(kz_test_ctx);
    CU_ASSERT_EQUAL(kz_ctx_error(kz_test_ctx)->code, KZ_OK);
    CU_ASSERT_STRING_EQUAL(kz_ctx_error(kz_test_ctx)->message, "");
}

static void test_status_families(void)
{
    CU_ASSERT_STRING_EQUAL(kz_status_str(KZ_EPROJ), "KZ_EPROJ");
    CU_ASSERT_EQUAL(kz_status_family(KZ_EDATA), KZ_FAMILY_INPUT);
    CU_ASSERT_EQUAL(kz_status_family(KZ_EPROJ), KZ_FAMILY_PROJECTION);
    CU_ASSERT_EQUAL(kz_status_family(KZ_EGEOM), KZ_FAMILY_GEOMETRY);
    CU_ASSERT_EQUAL(kz_status_family(KZ_ESTYLE), KZ_FAMILY_RENDER);
    CU_ASSERT_EQUAL(kz_status_family(KZ_EEXISTS), KZ_FAMILY_EXPORT);
    CU_ASSERT_EQUAL(kz_status_family(KZ_ENOMEM), KZ_FAMILY_GENERAL);
    CU_ASSERT_EQUAL(kz_status_family(KZ_OK), KZ_FAMILY_OK);
}

static void test_versions(void)
{
    const char *v = kz_dependency_versions();
    CU_ASSERT_PTR_NOT_NULL(strstr(v, "GDAL 3"));
    CU_ASSERT_PTR_NOT_NULL(strstr(v, "PROJ "));
    CU_ASSERT_PTR_NOT_NULL(strstr(v, "GEOS "));
    CU_ASSERT_PTR_NOT_NULL(strstr(v, "cairo "));
    CU_ASSERT_STRING_EQUAL(kz_version(), "0.1.0");
}

/* Every allocation failure is reported as KZ_ENOMEM and leaks nothing. */
static void test_alloc_failure(void)
{
    kz_arena a;
    void *p;
    kz__ctx_fail_alloc_at(kz_test_ctx, 1);
    p = kz__malloc(kz_test_ctx, 16);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_EQUAL(kz_ctx_error(kz_test_ctx)->code, KZ_ENOMEM);
    CU_ASSERT_PTR_NULL(kz__mallocarray(kz_test_ctx, SIZE_MAX / 2, 4));
    kz__ctx_fail_alloc_at(kz_test_ctx, 0);
    kz__arena_init(&a, kz_test_ctx, 64);
    CU_ASSERT_STRING_EQUAL(kz__arena_strdup(&a, "Şəki"), "Şəki");
    CU_ASSERT_PTR_NOT_NULL(kz__arena_alloc(&a, 1000, 8)); /* > block */
    CU_ASSERT_STRING_EQUAL(kz__arena_strdup(&a, "ok"), "ok");
    kz__arena_release(&a);
}

static void test_ctx_options(void)
{
    kz_ctx *c = NULL;
    kz_ctx_options o = KZ_CTX_OPTIONS_INIT;
    o.version = 99;
    CU_ASSERT_EQUAL(kz_ctx_create(&c, &o), KZ_EINVAL);
    CU_ASSERT_PTR_NULL(c);
    CU_ASSERT_EQUAL(kz_ctx_create(NULL, NULL), KZ_EINVAL);
    kz_ctx_destroy(NULL);
    CU_ASSERT_EQUAL(kz_ctx_error(NULL)->code, KZ_OK);
}

int main(void)
{
    static const kz_test_case cases[] = {
        {"translit districts", test_translit_districts},
        {"translit capitals", test_translit_capitals},
        {"translit truncation", test_translit_truncation},
        {"translit invalid bytes", test_translit_keeps_invalid_bytes},
        {"legacy aliases", test_legacy_aliases},
        {"case mapping", test_case_mapping},
        {"safe file names", test_safe_filename},
        {"collation az", test_collation_az},
        {"collation en", test_collation_en},
        {"utf8", test_utf8},
        {"error message", test_error_message},
        {"status families", test_status_families},
        {"versions", test_versions},
        {"allocation failure", test_alloc_failure},
        {"context options", test_ctx_options},
        KZ_TEST_END};
    if (kz_test_add_suite("core", cases) < 0)
        return 2;
    return kz_test_run();
}
