/*
 * test_hardening.c - bad and hostile input through the CLI, each with its
 * expected message and documented exit code, and no partial output: empty
 * and header-only files, BOM and CRLF, swapped coordinates, a wrong CRS,
 * duplicate ids, 10,000-character names, invalid UTF-8, NUL bytes, broken
 * and empty district polygons, districts without a CRS, bad styles, a
 * missing font, unwritable and full outputs, and interruption.  The cases
 * that are files live in tests/data/bad/ with their expectations in
 * tests/data/bad/cases.tsv.
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

/* Replace @BAD@, @SRC@ and @OUT@ in a case's arguments. */
static void expand(char *out, size_t cap, const char *args, const char *o)
{
    size_t n = 0;
    while (*args && n + 1 < cap) {
        const char *rep = NULL;
        size_t skip = 0;
        char quoted[1200];
        if (strncmp(args, "@BAD@", 5) == 0) {
            snprintf(quoted, sizeof(quoted), "%s/tests/data/bad",
                     KZ_SOURCE_DIR);
            rep = quoted;
            skip = 5;
        } else if (strncmp(args, "@SRC@", 5) == 0) {
            rep = KZ_SOURCE_DIR;
            skip = 5;
        } else if (strncmp(args, "@OUT@", 5) == 0) {
            rep = o;
            skip = 5;
        }
        if (rep) {
            n += (size_t)snprintf(out + n, cap - n, "%s", rep);
            if (n >= cap)
                n = cap - 1;
            args += skip;
        } else {
            out[n++] = *args++;
        }
    }
    out[n] = '\0';
}

/* tests/data/bad/cases.tsv: every case with its exit code and messages;
 * an output named @OUT@ must not exist after a failure. */
static void test_bad_input_corpus(void)
{
    FILE *fp = fopen(kz_test_src("tests/data/bad/cases.tsv"), "r");
    char line[4096];
    int cases = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    while (fgets(line, sizeof(line), fp)) {
        char *f[5] = {NULL}, *p = line, args[8192], dir[1200], out[1300];
        int nf = 0, code;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        while (nf < 5 && p) {
            f[nf++] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        CU_ASSERT_FATAL(nf >= 3);
        code = atoi(f[0]);
        snprintf(dir, sizeof(dir), "%s/case%d", kz_test_tmpdir(), cases);
        mkdir(dir, 0755);
        snprintf(out, sizeof(out), "%s/out", dir);
        expand(args, sizeof(args), f[1], out);
        expect(args, code, f[2], nf > 3 ? f[3] : NULL);
        if (code != 0)
            CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
        cases++;
    }
    fclose(fp);
    CU_ASSERT_TRUE(cases >= 20);
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
    expect(a, 3, "style_wrong_types.json: page.", NULL);
    CU_ASSERT_NOT_EQUAL(access(out, F_OK), 0);
    /* the default style with a font family nobody has */
    in = fopen(kz_test_src("styles/default.json"), "r");
    o = fopen(font_style, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    while (fgets(line, sizeof(line), in)) {
        if (strstr(line, "\"family\":"))
            fputs("    \"family\": \"Kahriz Missing Sans\",\n", o);
        else
            fputs(line, o);
    }
    fclose(in);
    fclose(o);
    snprintf(a, sizeof(a), "map --national --style '%s' -o '%s'", font_style,
             out);
    expect(a, 1, "Kahriz Missing Sans", NULL);
    CU_ASSERT_NOT_EQUAL(access(out, F_OK), 0);
}

/* A full disk, as a file size limit: the output fails cleanly, exit 1,
 * and nothing is left behind.  The limit holds for every file the run
 * writes, so a coverage build's counters (.gcda, .profraw) go to a
 * throwaway directory instead of being truncated in the build tree. */
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
                 "GCOV_PREFIX='%s/counters' GCOV_PREFIX_STRIP=0 "
                 "LLVM_PROFILE_FILE='%s/counters/%%p.profraw' "
                 "sh -c \"ulimit -f 2; exec '%s' %s '%s/%s'\" >/dev/null "
                 "2>&1",
                 kz_test_tmpdir(), kz_test_tmpdir(), cli, cmds[i], dir,
                 outs[i]);
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
        {"bad-input corpus", test_bad_input_corpus},
        {"bad style and missing font", test_bad_style_and_font},
        {"full disk", test_full_disk},
        {"interrupted export", test_interrupted_export},
        {"interrupted build", test_interrupted_build},
        {"hostile district names", test_hostile_district_names},
        KZ_TEST_END};
    if (kz_test_add_suite("hardening", cases) < 0)
        return 2;
    return kz_test_run();
}
