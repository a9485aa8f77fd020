/*
 * test_hardening.c - bad and hostile input through the CLI, each with its
 * expected message and documented exit code, and no partial output: empty
 * and header-only files, BOM and CRLF, swapped coordinates, a wrong CRS,
 * duplicate ids, 10,000-character names, invalid UTF-8, NUL bytes, broken
 * and empty district polygons, districts without a CRS, bad styles, a
 * missing font, unwritable and full outputs, and interruption.
 */
#include "kztest.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NO_EXTRA "--assessments none --shafts none"

static const char *bad(const char *name)
{
    static char buf[4][1024];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof(buf[i]), "'%s/tests/data/bad/%s'", KZ_SOURCE_DIR,
             name);
    return buf[i];
}

static char *tmp_path(const char *name)
{
    static char buf[4][1024];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof(buf[i]), "%s/%s", kz_test_tmpdir(), name);
    return buf[i];
}

static void write_bytes(const char *path, const char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL(fwrite(data, 1, n, fp), n);
    fclose(fp);
}

/* Run and check the exit code and that out contains every needle. */
static void expect(const char *args, int code, const char *n1,
                   const char *n2)
{
    char *out = NULL;
    int rc = kz_test_cli(&out, 1, args);
    if (rc != code || (n1 && !strstr(out, n1)) || (n2 && !strstr(out, n2)))
        fprintf(stderr, "\n  kahriz-atlas %s\n  exit %d (expected %d):\n%s\n",
                args, rc, code, out);
    CU_ASSERT_EQUAL(rc, code);
    if (n1)
        CU_ASSERT_PTR_NOT_NULL(strstr(out, n1));
    if (n2)
        CU_ASSERT_PTR_NOT_NULL(strstr(out, n2));
    free(out);
}

static void test_empty_and_header_only(void)
{
    char a[2048];
    snprintf(a, sizeof(a), "validate --kahrizes %s " NO_EXTRA, bad("empty.csv"));
    expect(a, 3, "empty.csv: the file is empty (no header line)", NULL);
    snprintf(a, sizeof(a), "validate --kahrizes %s " NO_EXTRA,
             bad("header_only.csv"));
    expect(a, 0, "header_only.csv: warning: no data rows", NULL);
}

static void test_bom_and_crlf_read(void)
{
    char a[2048];
    snprintf(a, sizeof(a), "validate --kahrizes %s " NO_EXTRA,
             bad("bom_crlf.csv"));
    expect(a, 0, "0 errors", NULL);
}

static void test_swapped_and_wrong_crs(void)
{
    char a[2048];
    const char *wrong = tmp_path("utm_as_wgs84.csv");
    snprintf(a, sizeof(a), "validate --kahrizes %s " NO_EXTRA,
             bad("swapped.csv"));
    expect(a, 3, "swapped.csv:3: x:", "look swapped");
    /* UTM metres declared as WGS84 degrees */
    {
        static const char csv[] =
            "id,name_az,x,y,crs\nU1,Ağ,412345.0,4432100.0,EPSG:4326\n";
        write_bytes(wrong, csv, sizeof(csv) - 1);
    }
    snprintf(a, sizeof(a), "validate --kahrizes '%s' " NO_EXTRA, wrong);
    expect(a, 3, "utm_as_wgs84.csv:2: x:", NULL);
}

static void test_duplicates_utf8_nul_long(void)
{
    char a[2048], *big;
    size_t i, n = 0;
    const char *nul = tmp_path("nul.csv");
    const char *longn = tmp_path("long.csv");
    static const char nul_csv[] = "id,name_az,x,y\nK1,Ab\0cd,47.1,40.5\n"
                                  "K2,Ok,47.2,40.6\n";
    snprintf(a, sizeof(a), "validate --kahrizes %s " NO_EXTRA,
             bad("duplicate_ids.csv"));
    expect(a, 3, "duplicate_ids.csv:4: id: duplicate id \"D-1\"", NULL);
    snprintf(a, sizeof(a), "validate --kahrizes %s " NO_EXTRA,
             bad("invalid_utf8.csv"));
    expect(a, 3, "invalid_utf8.csv:2: name_az: invalid UTF-8", NULL);
    write_bytes(nul, nul_csv, sizeof(nul_csv) - 1);
    snprintf(a, sizeof(a), "validate --kahrizes '%s' " NO_EXTRA, nul);
    expect(a, 3, "nul.csv:2: the line holds a NUL byte", "1 error");
    big = malloc(30000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    n += (size_t)sprintf(big, "id,name_az,x,y\nL1,");
    for (i = 0; i < 10000; i++) {
        memcpy(big + n, "\xc5\x9e", 2); /* Ş */
        n += 2;
    }
    n += (size_t)sprintf(big + n, ",47.1,40.5\nL2,Ok,47.2,40.6\n");
    write_bytes(longn, big, n);
    free(big);
    snprintf(a, sizeof(a), "validate --kahrizes '%s' " NO_EXTRA, longn);
    expect(a, 3, "long.csv:2: name_az: 10000 characters, at most 200", NULL);
}

static void test_bad_districts(void)
{
    char a[4096];
    const char *d = tmp_path("districts.csv");
    static const char csv[] =
        "code,name_az,name_en,type,region_code,region_az,region_en,WKT\n"
        "T-A,Alfa,Alpha,district,R1,Bir,One,\"POLYGON ((46 40,46.2 40,"
        "46.2 40.2,46 40.2,46 40))\"\n"
        "T-B,Bəta,Beta,district,R1,Bir,One,\"POLYGON ((46.2 40,46.4 40,"
        "46.2 40.2,46.4 40.2,46.2 40))\"\n"
        "T-E,Boş,Empty,district,R1,Bir,One,\"POLYGON EMPTY\"\n";
    write_bytes(d, csv, sizeof(csv) - 1);
    snprintf(a, sizeof(a),
             "validate --kahrizes '%s/tests/data/aggregate/kahrizes.csv' "
             NO_EXTRA " --districts '%s'",
             KZ_SOURCE_DIR, d);
    expect(a, 3, "districts.csv: warning: the layer has no CRS",
           "districts.csv:3: warning: geometry: invalid polygon repaired");
    expect(a, 3, "districts.csv:4: geometry: empty geometry", NULL);
}

static void test_bad_style_and_font(void)
{
    char a[4096];
    const char *font_style = tmp_path("nofont.json");
    const char *out = tmp_path("x.pdf");
    FILE *in, *o;
    char line[4096];
    snprintf(a, sizeof(a), "map --national --style %s -o '%s'",
             bad("style_wrong_types.json"), out);
    expect(a, 3, "style_wrong_types.json: $.", NULL);
    CU_ASSERT_NOT_EQUAL(access(out, F_OK), 0);
    /* the default style with a font family nobody has */
    in = fopen(kz_test_src("styles/default.json"), "r");
    o = fopen(font_style, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    while (fgets(line, sizeof(line), in)) {
        char *p = strstr(line, "Noto Sans");
        if (p) {
            fwrite(line, 1, (size_t)(p - line), o);
            fputs("Kahriz Missing Sans", o);
            fputs(p + strlen("Noto Sans"), o);
        } else {
            fputs(line, o);
        }
    }
    fclose(in);
    fclose(o);
    snprintf(a, sizeof(a), "map --national --style '%s' -o '%s'", font_style,
             out);
    expect(a, 1, "Kahriz Missing Sans", NULL);
    CU_ASSERT_NOT_EQUAL(access(out, F_OK), 0);
}

static void test_unwritable_output(void)
{
    expect("stats -o /nonexistent-dir/stats.csv", 1,
           "/nonexistent-dir/stats.csv", NULL);
    expect("export -o /nonexistent-dir/x.gpkg", 1, "/nonexistent-dir/x.gpkg",
           NULL);
    expect("map --national -o /nonexistent-dir/x.pdf", 1,
           "/nonexistent-dir/x.pdf", NULL);
}

/* A full disk, as a file size limit: the output fails cleanly, exit 1,
 * and nothing is left behind. */
static void test_full_disk(void)
{
    const char *cli = kz_test_cli_path();
    const char *outs[] = {"x.gpkg", "x.pdf", "x.csv"};
    const char *cmds[] = {"export -o", "map --national -o", "stats -o"};
    char dir[1100], cmd[4096];
    size_t i;
    snprintf(dir, sizeof(dir), "%s/full", kz_test_tmpdir());
    mkdir(dir, 0755);
    for (i = 0; i < 3; i++) {
        int st;
        /* 2 KiB: less than any of the outputs */
        snprintf(cmd, sizeof(cmd),
                 "sh -c \"ulimit -f 2; exec '%s' %s '%s/%s'\" >/dev/null "
                 "2>&1",
                 cli, cmds[i], dir, outs[i]);
        st = system(cmd);
        CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 1);
        CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    }
}

/*
 * Run the CLI with argv (argv[0] unused; "@OUT" is replaced by a file in
 * a fresh directory), send SIGTERM and then, in a second run, SIGINT after
 * delay_ms: it must exit 143 / 130 and leave the directory empty.
 */
static void interrupt_twice(const char *name, const char *const *args,
                            unsigned delay_ms)
{
    const char *cli = kz_test_cli_path();
    int sigs[2] = {SIGTERM, SIGINT}, codes[2] = {143, 130}, i;
    for (i = 0; i < 2; i++) {
        char out[1200], file[1300];
        const char *argv[32];
        pid_t pid;
        int st;
        size_t j;
        snprintf(out, sizeof(out), "%s/%s%d", kz_test_tmpdir(), name, i);
        snprintf(file, sizeof(file), "%s/%s", out, name);
        mkdir(out, 0755);
        argv[0] = cli;
        for (j = 1; args[j] && j < 31; j++)
            argv[j] = strcmp(args[j], "@OUT") == 0 ? file : args[j];
        argv[j] = NULL;
        pid = fork();
        CU_ASSERT_FATAL(pid >= 0);
        if (pid == 0) {
            if (!freopen("/dev/null", "w", stderr))
                _exit(126);
            execv(cli, (char *const *)argv);
            _exit(127);
        }
        usleep(delay_ms * 1000);
        kill(pid, sigs[i]);
        CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
        CU_ASSERT_TRUE(WIFEXITED(st));
        if (WIFEXITED(st))
            CU_ASSERT_EQUAL(WEXITSTATUS(st), codes[i]);
        CU_ASSERT_EQUAL(kz_test_dir_entries(out), 0);
    }
}

/* SIGTERM and SIGINT during a long export: 143 / 130 and no file. */
static void test_interrupted_export(void)
{
    char gen[1100], cmd[4096], dir[1100], k[1200], as[1200];
    snprintf(gen, sizeof(gen), "%s/gen-survey", KZ_BINARY_DIR);
    snprintf(dir, sizeof(dir), "%s/big", kz_test_tmpdir());
    mkdir(dir, 0755);
    if (access(gen, X_OK) != 0) {
        fprintf(stderr, "\n  %s missing\n", gen);
        CU_FAIL("gen-survey missing");
        return;
    }
    snprintf(cmd, sizeof(cmd),
             "'%s' --districts '%s/data/districts.geojson' --kahrizes "
             "150000 --visits-mean 3 --shaft-fraction 0 --out-dir '%s' "
             ">/dev/null 2>&1",
             gen, KZ_SOURCE_DIR, dir);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(k, sizeof(k), "%s/kahrizes.csv", dir);
    snprintf(as, sizeof(as), "%s/assessments.csv", dir);
    {
        const char *args[] = {"", "export", "-q", "--on-error=skip",
                              "--kahrizes", k, "--assessments", as,
                              "--shafts", "none", "-o", "@OUT", NULL};
        interrupt_twice("x.gpkg", args, 1500); /* loading takes > 1 s */
    }
}

/* SIGTERM and SIGINT while the atlas is composed: 143 / 130, no file. */
static void test_interrupted_build(void)
{
    const char *args[] = {"", "build", "-q", "-o", "@OUT", NULL};
    interrupt_twice("atlas.pdf", args, 1000); /* composing takes seconds */
}

/* File names made from district names cannot leave the directory. */
static void test_hostile_district_names(void)
{
    char dir[1100], a[4096];
    snprintf(dir, sizeof(dir), "%s/pages/inner", kz_test_tmpdir());
    mkdir(tmp_path("pages"), 0755);
    mkdir(dir, 0755);
    snprintf(a, sizeof(a),
             "map --each-district '%s' --kahrizes "
             "'%s/tests/data/aggregate/kahrizes.csv' " NO_EXTRA
             " --on-error=skip --districts %s",
             dir, KZ_SOURCE_DIR, bad("districts_hostile_names.geojson"));
    expect(a, 0, "2 district pages", NULL);
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 2);
    CU_ASSERT_EQUAL(access(tmp_path("pages/inner/x-x.pdf"), F_OK), 0);
    CU_ASSERT_EQUAL(access(tmp_path("pages/inner/etc-passwd-hidden.pdf"),
                           F_OK),
                    0);
    CU_ASSERT_EQUAL(kz_test_dir_entries(tmp_path("pages")), 1); /* only inner */
}

int main(void)
{
    static const kz_test_case cases[] = {
        {"empty and header-only files", test_empty_and_header_only},
        {"BOM and CRLF", test_bom_and_crlf_read},
        {"swapped coordinates, wrong CRS", test_swapped_and_wrong_crs},
        {"duplicates, UTF-8, NUL, long names", test_duplicates_utf8_nul_long},
        {"broken districts", test_bad_districts},
        {"bad style and missing font", test_bad_style_and_font},
        {"unwritable output", test_unwritable_output},
        {"full disk", test_full_disk},
        {"interrupted export", test_interrupted_export},
        {"interrupted build", test_interrupted_build},
        {"hostile district names", test_hostile_district_names},
        KZ_TEST_END};
    if (kz_test_add_suite("hardening", cases) < 0)
        return 2;
    return kz_test_run();
}
