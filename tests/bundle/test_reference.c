/*
 * test_reference.c - the bundled reference layers (data/rivers.geojson,
 * lakes.geojson, towns.geojson) as shipped, read back with OGR by
 * tests/bundle/check_reference.py: valid and inside the context frame,
 * named in both languages, every district seat present, and facts worked
 * out by hand (Bakı over a million, the Araz through Ordubad, the Kür
 * into and out of the Mingəçevir reservoir, the reservoir's area).
 */
#include "kztest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* check_reference.py DATA GROUP: its exit status; *out (may be NULL)
 * receives its standard output (malloc'd, caller frees). */
static int check(const char *group, char **out)
{
    char cmd[4096], data[2048], *o;
    snprintf(data, sizeof(data), "%s", kz_test_src("data"));
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s' '%s'",
             kz_test_src("tests/bundle/check_reference.py"), data, group);
    if (out) {
        o = kz_test_output(cmd);
        *out = o;
        return o ? 0 : 1;
    } else {
        int st = system(cmd);
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }
}

static int have_gdal_python(void)
{
    int st = system("/usr/bin/python3 -c 'import osgeo.ogr' 2>/dev/null");
    return kz_test_need(WIFEXITED(st) && WEXITSTATUS(st) == 0,
                        "/usr/bin/python3 with osgeo (python3-gdal)");
}

static void test_valid_in_frame(void)
{
    if (!have_gdal_python())
        return;
    CU_ASSERT_EQUAL(check("valid", NULL), 0);
}

/* Every town named in both languages, the English form the library's own
 * Resolution 498 transliteration of the Azerbaijani one (Baku the single
 * conventional exception, as for the districts). */
static void test_town_names(void)
{
    char *out = NULL, *line, *save = NULL;
    size_t n = 0;
    if (!have_gdal_python())
        return;
    CU_ASSERT_EQUAL_FATAL(check("names", &out), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    for (line = strtok_r(out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t'), en[256];
        CU_ASSERT_PTR_NOT_NULL(tab);
        if (!tab)
            continue;
        *tab = '\0';
        n++;
        if (strcmp(line, "Bakı") == 0) {
            CU_ASSERT_STRING_EQUAL(tab + 1, "Baku");
            continue;
        }
        kz_translit_en(en, sizeof(en), line);
        if (strcmp(en, tab + 1) != 0) {
            fprintf(stderr, "\n  %s: %s, expected %s", line, tab + 1, en);
            CU_FAIL("town name_en is not the Resolution 498 form");
        }
    }
    CU_ASSERT_TRUE(n >= 180);
    free(out);
}

static void test_district_seats(void)
{
    if (!have_gdal_python())
        return;
    CU_ASSERT_EQUAL(check("centres", NULL), 0);
}

static void test_facts(void)
{
    if (!have_gdal_python())
        return;
    CU_ASSERT_EQUAL(check("facts", NULL), 0);
}

static const kz_test_case cases[] = {
    {"valid and in the frame", test_valid_in_frame},
    {"town names", test_town_names},
    {"district seats", test_district_seats},
    {"facts", test_facts},
    KZ_TEST_END};
KZ_TEST_SUITE("reference", cases);
