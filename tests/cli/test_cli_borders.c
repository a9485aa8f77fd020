/*
 * test_cli_borders.c - the state's land border has its own symbol, heavier
 * than a district boundary and dashed, listed in the legend of every map
 * that draws it and of no other.  Read back from the files: the SVG's
 * stroke dash arrays and colours against the style file's values (read
 * here with json-c), the PDF's legend through pdftotext.
 */
#include "kztest.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *path_in(const char *name)
{
    static char p[4][700];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof(p[k]), "%s/borders-%s", kz_test_tmpdir(), name);
    return p[k];
}

/* The style's state border as cairo's SVG writes it: the dash array in
 * points ("6.80315,1.70079,...") and the colour's percentages. */
static void expected(char *dash, size_t dcap, double rgb[3])
{
    json_object *root = json_object_from_file(kz_test_src("styles/default.json"));
    json_object *lines, *arr, *colors, *c;
    const char *hex;
    size_t i, n = 0;
    unsigned v;

    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_FATAL(json_object_object_get_ex(root, "lines", &lines));
    CU_ASSERT_FATAL(json_object_object_get_ex(lines, "state_border_dash_mm",
                                              &arr));
    CU_ASSERT_EQUAL_FATAL(json_object_array_length(arr), 4);
    dash[0] = '\0';
    for (i = 0; i < 4; i++) {
        double mm = json_object_get_double(json_object_array_get_idx(arr, i));
        n += (size_t)snprintf(dash + n, dcap - n, "%s%g", i ? "," : "",
                              round(mm / 25.4 * 72 * 1000) / 1000);
    }
    CU_ASSERT_FATAL(json_object_object_get_ex(root, "colors", &colors));
    CU_ASSERT_FATAL(json_object_object_get_ex(colors, "state_border", &c));
    hex = json_object_get_string(c);
    CU_ASSERT_EQUAL_FATAL(sscanf(hex, "#%6x", &v), 1);
    rgb[0] = (v >> 16 & 255) / 255.0;
    rgb[1] = (v >> 8 & 255) / 255.0;
    rgb[2] = (v & 255) / 255.0;
    json_object_put(root);
}

/* Strokes of svg dashed as dash (numbers compared to 3 decimals) in the
 * colour rgb: cairo writes "stroke-dasharray:a,b,c,d;" and
 * "stroke:rgb(p%,q%,r%)" in one style attribute. */
static int dashed_strokes(const char *svg, const char *dash,
                          const double rgb[3])
{
    const char *p = svg;
    int n = 0;

    while ((p = strstr(p, "stroke-dasharray:"))) {
        const char *end = strchr(p, '"'), *col;
        const char *start = p;
        double d[4], want[4], c[3];
        int i, same = 1;
        p += 17;
        if (sscanf(p, "%lf,%lf,%lf,%lf", &d[0], &d[1], &d[2], &d[3]) != 4 ||
            sscanf(dash, "%lf,%lf,%lf,%lf", &want[0], &want[1], &want[2],
                   &want[3]) != 4)
            continue;
        for (i = 0; i < 4; i++)
            same &= fabs(d[i] - want[i]) < 2e-3;
        /* the colour in the same style attribute, before or after */
        while (start > svg && start[-1] != '"')
            start--;
        col = strstr(start, "stroke:rgb(");
        if (!same || !col || (end && col > end) ||
            sscanf(col, "stroke:rgb(%lf%%,%lf%%,%lf%%)", &c[0], &c[1],
                   &c[2]) != 3)
            continue;
        for (i = 0; i < 3; i++)
            same &= fabs(c[i] / 100 - rgb[i]) < 0.003;
        n += same;
    }
    return n;
}

static int legend_lists(const char *pdf)
{
    char cmd[1200], *text;
    int both;
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' -", pdf);
    text = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    both = strstr(text, "State border") != NULL;
    CU_ASSERT_EQUAL(strstr(text, "Dövlət sərhədi") != NULL, both);
    free(text);
    return both;
}

static void map_both(const char *what, const char *name)
{
    char args[1600];
    snprintf(args, sizeof(args), "map -q --overwrite %s -o '%s.svg'", what,
             path_in(name));
    kz_test_cli_ok(args);
    snprintf(args, sizeof(args), "map -q --overwrite %s -o '%s.pdf'", what,
             path_in(name));
    kz_test_cli_ok(args);
}

static void test_state_border(void)
{
    static const struct {
        const char *what, *name;
        int border; /* the map shows a stretch of the state border */
    } maps[] = {
        {"--district AZ-ORD", "ord", 1},   /* Armenia and Iran */
        {"--national", "az", 1},
        {"--region GANJA-DASHKASAN", "ganja", 1}, /* Armenia near */
        {"--district AZ-KUR", "kur", 0},   /* Kürdəmir: inland */
        {"--district AZ-BA", "baku", 0},   /* Bakı: the sea, no border */
    };
    char dash[128], file[800], *svg;
    double rgb[3];
    size_t i;

    expected(dash, sizeof(dash), rgb);
    for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
        int n;
        map_both(maps[i].what, maps[i].name);
        snprintf(file, sizeof(file), "%s.svg", path_in(maps[i].name));
        svg = kz_test_slurp(file, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(svg);
        n = dashed_strokes(svg, dash, rgb);
        /* the map's line, and the legend's key when drawn */
        if (maps[i].border) {
            CU_ASSERT(n >= 2);
        } else {
            CU_ASSERT_EQUAL(n, 0);
        }
        snprintf(file, sizeof(file), "%s.pdf", path_in(maps[i].name));
        CU_ASSERT_EQUAL(legend_lists(file), maps[i].border);
        if ((n >= 2) != maps[i].border)
            printf("\n%s: %d strokes dashed %s\n", maps[i].what, n, dash);
        free(svg);
    }
}

static const kz_test_case cases[] = {
    {"the state border drawn and listed where it is", test_state_border},
    KZ_TEST_END};

KZ_TEST_SUITE("state_border", cases);
