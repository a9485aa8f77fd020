/*
 * test_styles.c - the export's QGIS default styles as partners meet them:
 * layer_styles read with SQLite and every QML parsed by Python against the
 * atlas style file (check_styles.py), then each layer opened by QGIS
 * itself (check_qgis.py, PyQGIS offscreen), and GDAL's validator.
 */
#include "kztest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int run_py(const char *script, const char *gpkg, const char *style)
{
    char cmd[4096];
    int st;
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/tests/export/%s' '%s'%s%s%s",
             getenv("KZ_SOURCE_DIR") ? getenv("KZ_SOURCE_DIR") : KZ_SOURCE_DIR,
             script, gpkg, style ? " '" : "", style ? style : "",
             style ? "'" : "");
    st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void export_with(const char *gpkg, const char *style_rel)
{
    char args[8192], style[2048];
    remove(gpkg);
    style[0] = '\0';
    if (style_rel)
        snprintf(style, sizeof(style), "--style '%s'",
                 kz_test_src(style_rel));
    snprintf(args, sizeof(args), "export %s -q -o '%s'", style, gpkg);
    kz_test_cli_ok(args);
}

static void test_layer_styles_read_with_sqlite(void)
{
    char gpkg[1024], style[2048], cmd[4096];
    int st;

    snprintf(gpkg, sizeof(gpkg), "%s/styles.gpkg", kz_test_tmpdir());
    export_with(gpkg, NULL);
    snprintf(style, sizeof(style), "%s", kz_test_src("styles/default.json"));
    CU_ASSERT_EQUAL(run_py("check_styles.py", gpkg, style), 0);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 "
             "/usr/share/doc/python3-gdal/examples/validate_gpkg.py '%s'",
             gpkg);
    st = system(cmd);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    /* another atlas style gives its own look */
    snprintf(gpkg, sizeof(gpkg), "%s/styles-mono.gpkg", kz_test_tmpdir());
    export_with(gpkg, "styles/a3-mono.json");
    snprintf(style, sizeof(style), "%s", kz_test_src("styles/a3-mono.json"));
    CU_ASSERT_EQUAL(run_py("check_styles.py", gpkg, style), 0);
}

/* Each layer opened by QGIS, and every kahriz's symbol size as QGIS
 * evaluates it against the style's classes: the bundled style and the
 * A3 one given with --style. */
static void test_styles_applied_by_qgis(void)
{
    static const char *const styles[] = {"styles/default.json",
                                         "styles/a3-mono.json"};
    char gpkg[1024], style[2048];
    const char *ci = getenv("CI");
    size_t i;
    int rc;

    for (i = 0; i < sizeof(styles) / sizeof(*styles); i++) {
        snprintf(gpkg, sizeof(gpkg), "%s/qgis-%zu.gpkg", kz_test_tmpdir(),
                 i);
        export_with(gpkg, i ? styles[i] : NULL);
        snprintf(style, sizeof(style), "%s", kz_test_src(styles[i]));
        rc = run_py("check_qgis.py", gpkg, style);
        if (rc == 77) {
            fprintf(stderr, "\n(PyQGIS is not installed: QGIS style test "
                            "skipped; install qgis and python3-qgis) ");
            if (ci && *ci)
                CU_FAIL("the QGIS style test cannot be skipped in CI");
            return;
        }
        CU_ASSERT_EQUAL(rc, 0);
    }
}

static const kz_test_case cases[] = {
    {"layer_styles read with sqlite", test_layer_styles_read_with_sqlite},
    {"styles applied by qgis", test_styles_applied_by_qgis},
    KZ_TEST_END};

KZ_TEST_SUITE("export styles", cases);
