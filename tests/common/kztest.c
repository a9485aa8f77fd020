/*
 * kztest.c - the shared CUnit runner and fixtures.
 */
#include "kztest.h"

#include <CUnit/Basic.h>
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

kz_ctx *kz_test_ctx = NULL;
static int registry_ready = 0;

static void setup(void)
{
    if (kz_ctx_create(&kz_test_ctx, NULL) < 0)
        kz_test_ctx = NULL;
}

static void teardown(void)
{
    kz_ctx_destroy(kz_test_ctx);
    kz_test_ctx = NULL;
}

int kz_test_add_suite(const char *name, const kz_test_case *cases)
{
    CU_pSuite s;
    if (!registry_ready) {
        if (CU_initialize_registry() != CUE_SUCCESS)
            return -1;
        registry_ready = 1;
    }
    s = CU_add_suite_with_setup_and_teardown(name, NULL, NULL, setup,
                                             teardown);
    if (!s)
        return -1;
    for (; cases->name; cases++)
        if (!CU_add_test(s, cases->name, cases->fn))
            return -1;
    return 0;
}

int kz_test_run(void)
{
    const char *only = getenv("KZ_TEST_ONLY");
    unsigned failed;
    CU_basic_set_mode(CU_BRM_VERBOSE);
    if (only && *only) {
        /* one suite, as ctest runs each on its own */
        CU_pSuite s = CU_get_suite(only);
        if (!s) {
            fprintf(stderr, "no suite \"%s\" here\n", only);
            CU_cleanup_registry();
            return 2;
        }
        CU_basic_run_suite(s);
    } else {
        CU_basic_run_tests();
    }
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    failed += CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}

const char *kz_test_src(const char *rel)
{
    static char buf[4096];
    const char *root = getenv("KZ_SOURCE_DIR");
    snprintf(buf, sizeof(buf), "%s/%s", root ? root : KZ_SOURCE_DIR, rel);
    return buf;
}

static char tmpdir[256];

static void remove_tmpdir(void)
{
    char cmd[300];
    if (tmpdir[0] && !getenv("KZ_TEST_KEEP")) {
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
    }
}

const char *kz_test_tmpdir(void)
{
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/kztest-XXXXXX");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            exit(2);
        }
        atexit(remove_tmpdir);
    }
    return tmpdir;
}

unsigned long kz_test_seed(void)
{
    static unsigned long seed = 0;
    static int printed = 0;
    if (!printed) {
        const char *e = getenv("KZ_TEST_SEED");
        seed = e ? strtoul(e, NULL, 10) : 20261127UL;
        fprintf(stderr, "random seed: %lu (set KZ_TEST_SEED to repeat)\n",
                seed);
        printed = 1;
    }
    return seed;
}

const char *kz_test_cli_path(void)
{
    const char *cli = getenv("KZ_CLI");
    return cli && *cli ? cli : KZ_BINARY_DIR "/cli/kahriz-atlas";
}

int kz_test_need(int available, const char *what)
{
    const char *ci = getenv("CI");
    if (available)
        return 1;
    fprintf(stderr, "\n(%s: skipped) ", what);
    if (ci && strcmp(ci, "true") == 0)
        CU_FAIL("a test may not be skipped under CI=true");
    return 0;
}

int kz_test_need_locale(const char *locale)
{
    char what[256];
    locale_t l = newlocale(LC_ALL_MASK, locale, (locale_t)0);
    if (l)
        freelocale(l);
    snprintf(what, sizeof(what),
             "locale %s not installed: run scripts/install-deps", locale);
    return kz_test_need(l != (locale_t)0, what);
}

int kz_test_cli(char **out, int want_err, const char *args)
{
    return kz_test_cli_locale(out, want_err, "C.UTF-8", args);
}

/* The executable under locale with args, stderr sent where err (a shell
 * redirection) says; stdout into *out as for kz_test_cli. */
static int cli_run(char **out, const char *err, const char *locale,
                   const char *args)
{
    const char *cli = kz_test_cli_path();
    char cmd[16384], buf[4096];
    size_t len = 0, cap = 0;
    FILE *fp;
    int st;

    snprintf(cmd, sizeof(cmd), "LC_ALL='%s' '%s' %s %s", locale, cli, args,
             err);
    *out = NULL;
    fp = popen(cmd, "r");
    if (!fp)
        return -1;
    while (fgets(buf, sizeof(buf), fp)) {
        size_t n = strlen(buf);
        if (len + n + 1 > cap) {
            char *p;
            cap = (len + n + 1) * 2;
            p = realloc(*out, cap);
            if (!p)
                break;
            *out = p;
        }
        memcpy(*out + len, buf, n + 1);
        len += n;
    }
    if (!*out)
        *out = calloc(1, 1);
    st = pclose(fp);
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
}

int kz_test_cli_locale(char **out, int want_err, const char *locale,
                       const char *args)
{
    return cli_run(out, want_err ? "2>&1" : "2>/dev/null", locale, args);
}

char *kz_test_cli_out(int want_err, const char *args)
{
    char err[512], redirect[600], *out = NULL, *said;
    int rc;

    /* without want_err, stderr is kept aside to be shown on failure */
    snprintf(err, sizeof(err), "%s/cli-stderr.txt", kz_test_tmpdir());
    snprintf(redirect, sizeof(redirect), "2>'%s'", err);
    rc = cli_run(&out, want_err ? "2>&1" : redirect, "C.UTF-8", args);
    if (rc != 0) {
        fprintf(stderr, "\n  kahriz-atlas %s\n  exit %d:\n%s", args, rc,
                out ? out : "");
        if (!want_err && (said = kz_test_slurp(err, NULL)) != NULL) {
            fputs(said, stderr);
            free(said);
        }
        fputc('\n', stderr);
        free(out);
        out = NULL;
    }
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    return out;
}

void kz_test_cli_ok(const char *args)
{
    free(kz_test_cli_out(1, args));
}

char *kz_test_output(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    char *buf = NULL;
    size_t n = 0, cap = 0, r;
    if (!p)
        return NULL;
    do {
        if (n + 4096 + 1 > cap) {
            char *nb;
            cap = (n + 4096 + 1) * 2;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                pclose(p);
                return NULL;
            }
            buf = nb;
        }
        r = fread(buf + n, 1, 4096, p);
        n += r;
    } while (r > 0);
    buf[n] = '\0';
    if (pclose(p) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

int kz_test_dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

char *kz_test_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *s;
    long n;
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s) {
        s[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    fclose(fp);
    return s;
}

kz_survey *kz_test_load(const kz_sources *src)
{
    kz_survey *sv = NULL;
    int rc = kz_survey_load(&sv, kz_test_ctx, src, NULL);
    if (rc < 0)
        fprintf(stderr, "survey: %s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL(rc, KZ_OK);
    return sv;
}

void kz_test_bundled_sources(kz_sources *src)
{
    static char p[4][4096];
    static const char *const rel[4] = {
        "data/survey/kahrizes.csv", "data/survey/assessments.csv",
        "data/survey/shafts.csv", "data/districts.geojson"};
    int i;
    for (i = 0; i < 4; i++)
        snprintf(p[i], sizeof(p[i]), "%s", kz_test_src(rel[i]));
    src->kahrizes = p[0];
    src->assessments = p[1];
    src->shafts = p[2];
    src->districts = p[3];
}

kz_basemap *kz_test_bundled_basemap(int reference)
{
    static const char *const refs[] = {"data/rivers.geojson",
                                       "data/lakes.geojson",
                                       "data/towns.geojson"};
    kz_basemap *bm = NULL;
    char nb[4096], sea[4096];
    size_t i;
    int rc;

    snprintf(nb, sizeof(nb), "%s", kz_test_src("data/neighbours.geojson"));
    snprintf(sea, sizeof(sea), "%s", kz_test_src("data/sea.geojson"));
    rc = kz_basemap_load(&bm, kz_test_ctx, nb, sea);
    CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    for (i = 0; reference && i < sizeof(refs) / sizeof(refs[0]); i++) {
        rc = kz_basemap_add_reference(bm, kz_test_src(refs[i]), KZ_REF_AUTO);
        CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    }
    return bm;
}

kz_survey *kz_test_load_small(int assessments)
{
    kz_sources src = KZ_SOURCES_INIT;
    char k[4096], a[4096], d[4096];
    snprintf(k, sizeof(k), "%s",
             kz_test_src("tests/data/aggregate/kahrizes.csv"));
    snprintf(a, sizeof(a), "%s",
             kz_test_src("tests/data/aggregate/assessments.csv"));
    snprintf(d, sizeof(d), "%s",
             kz_test_src("tests/data/aggregate/districts.geojson"));
    src.kahrizes = k;
    src.assessments = assessments ? a : NULL;
    src.districts = d;
    src.today = 20260101;
    return kz_test_load(&src);
}

char *kz_test_pdf_objects(const char *pdf, size_t *len)
{
    static unsigned serial;
    char out[512], cmd[2048], *text;
    size_t n = 0, i;
    snprintf(out, sizeof(out), "%s/qdf-%u.pdf", kz_test_tmpdir(), serial++);
    snprintf(cmd, sizeof(cmd),
             "qpdf --qdf --object-streams=disable '%s' '%s' 2>/dev/null",
             pdf, out);
    /* qpdf exits 3 when it only warned */
    {
        int rc = system(cmd);
        if (rc == -1 || !WIFEXITED(rc) ||
            (WEXITSTATUS(rc) != 0 && WEXITSTATUS(rc) != 3))
            return NULL;
    }
    text = kz_test_slurp(out, &n);
    unlink(out);
    /* binary streams (fonts, images) hold NUL bytes: made blanks, so that
     * a search with strstr reads past them to the end of the file */
    for (i = 0; text && i < n; i++)
        if (text[i] == '\0')
            text[i] = ' ';
    if (len)
        *len = n;
    return text;
}

int kz_test_report_has(const kz_report *rep, const char *file, long row,
                       const char *field, const char *substr)
{
    size_t i;
    for (i = 0; i < kz_report_count(rep); i++) {
        const kz_report_entry *e = kz_report_get(rep, i);
        size_t fl = strlen(e->file), sl = strlen(file);
        if (fl >= sl && strcmp(e->file + fl - sl, file) == 0 &&
            e->row == row && strcmp(e->field, field) == 0 &&
            strstr(e->message, substr))
            return 1;
    }
    fprintf(stderr, "\nmissing report line %s:%ld: %s: %s; report:\n", file,
            row, field, substr);
    kz_report_write(kz_test_ctx, rep, stderr, KZ_REPORT_TEXT);
    return 0;
}

int kz_test_refused(int (*call)(void *arg), void *arg)
{
    pid_t pid;
    int st;
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        /* the assertion's message is expected: keep it off the log */
        if (!freopen("/dev/null", "w", stderr))
            _exit(3);
        _exit(call(arg) == KZ_EINVAL ? 0 : 1);
    }
    if (waitpid(pid, &st, 0) != pid)
        return 0;
#ifdef NDEBUG
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
#else
    return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
#endif
}

size_t kz_test_count(const char *s, const char *what)
{
    size_t n = 0;
    while ((s = strstr(s, what)) != NULL) {
        n++;
        s += strlen(what);
    }
    return n;
}

const char *kz_test_dem(const char *kind)
{
    static char path[8][600], kinds[8][16];
    char cmd[5120];
    size_t i;

    for (i = 0; i < 8 && kinds[i][0]; i++)
        if (strcmp(kinds[i], kind) == 0)
            return path[i];
    CU_ASSERT_FATAL(i < 8 && strlen(kind) < sizeof(kinds[i]));
    snprintf(path[i], sizeof(path[i]), "%s/%s.tif", kz_test_tmpdir(),
             kind);
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' %s '%s'",
             kz_test_src("tests/render/dem_fixture.py"), kind, path[i]);
    CU_ASSERT_FATAL(system(cmd) == 0);
    snprintf(kinds[i], sizeof(kinds[i]), "%s", kind);
    return path[i];
}

int kz_test_role_counts(const char *out, const char *role, long c[4])
{
    char key[32];
    const char *p;
    snprintf(key, sizeof(key), "\n%s ", role);
    if (!(p = strstr(out, key)))
        return 0;
    return sscanf(p + strlen(key), "%ld %ld %ld %ld", &c[0], &c[1], &c[2],
                  &c[3]) == 4;
}

int kz_test_pdf_page_with(const char *pdf, const char *needle)
{
    char cmd[2048], *out;
    int page, found = 0;
    for (page = 1; page <= 40 && !found; page++) {
        snprintf(cmd, sizeof(cmd), "pdftotext -f %d -l %d '%s' - 2>/dev/null",
                 page, page, pdf);
        out = kz_test_output(cmd);
        if (!out || !*out) {
            free(out);
            break;
        }
        if (strstr(out, needle))
            found = page;
        free(out);
    }
    return found;
}
