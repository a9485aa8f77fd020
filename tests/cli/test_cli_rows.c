/*
 * test_cli_rows.c - the CLI on a small Nakhchivan survey (tests/common/
 * survey_nx.c) whose rows come in another order or whose sources cannot
 * be read: statistics that do not depend on the order of the visits, and
 * errors that name the cause (a directory, a file the process may not
 * read).
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The data lines of a file (after its header), malloc'd copies. */
static size_t data_lines(const char *path, char ***out)
{
    char **lines = NULL, *l;
    size_t n = 0;
    long row;
    for (row = 2; (l = kz_test_line(path, row)) != NULL; row++) {
        if (!*l) {
            free(l);
            continue;
        }
        lines = realloc(lines, (n + 1) * sizeof(*lines));
        CU_ASSERT_PTR_NOT_NULL_FATAL(lines);
        lines[n++] = l;
    }
    *out = lines;
    return n;
}

static void write_order(const char *path, const char *header, char **lines,
                        const size_t *order, size_t n)
{
    FILE *fp = fopen(path, "wb");
    size_t i;
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fprintf(fp, "%s\n", header);
    for (i = 0; i < n; i++)
        fprintf(fp, "%s\n", lines[order[i]]);
    fclose(fp);
}

/* The visits written in their order, reversed, and shuffled (seeded):
 * `stats --format csv` gives the same bytes each time.  NX-03 has two
 * visits on its last date, one finding it good, one poor: which of them
 * counts as the latest decides its district's condition counts. */
static void test_stats_in_any_visit_order(void)
{
    char dir[4096], k[4200], a[4200], args[9000], *header, *good, *at;
    char poor[1024], both[2100], *first = NULL, *out;
    char **lines;
    size_t n, i, *order, run;
    unsigned long seed = kz_test_seed();
    long g, row;

    kz_test_nx_survey(dir, sizeof(dir), "shuffle");
    snprintf(k, sizeof(k), "%s/kahrizes.csv", dir);
    snprintf(a, sizeof(a), "%s/assessments.csv", dir);
    for (g = 0, row = 2; !g; row++) {
        char *l = kz_test_line(a, row);
        CU_ASSERT_PTR_NOT_NULL_FATAL(l);
        if (strncmp(l, "NX-03,2023", 10) == 0)
            g = row;
        free(l);
    }
    good = kz_test_line(a, g);
    CU_ASSERT_PTR_NOT_NULL_FATAL(good);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at = strstr(good, ",good,"));
    snprintf(poor, sizeof(poor), "%.*s,poor,%s", (int)(at - good), good,
             at + 6);
    snprintf(both, sizeof(both), "%s\n%s", good, poor);
    kz_test_set_line(a, g, both);
    free(good);
    header = kz_test_line(a, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(header);
    n = data_lines(a, &lines);
    CU_ASSERT_EQUAL_FATAL(n, (size_t)kz_test_data_lines(a));
    order = calloc(n, sizeof(*order));
    CU_ASSERT_PTR_NOT_NULL_FATAL(order);
    srand((unsigned)seed);
    for (run = 0; run < 5; run++) {
        for (i = 0; i < n; i++)
            order[i] = run == 1 ? n - 1 - i : i;
        if (run >= 2)
            for (i = n - 1; i > 0; i--) {
                size_t j = (size_t)rand() % (i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        write_order(a, header, lines, order, n);
        snprintf(args, sizeof(args),
                 "stats -q --kahrizes '%s' --assessments '%s' --shafts none "
                 "--format csv",
                 k, a);
        out = kz_test_cli_out(0, args);
        if (!first) {
            first = out;
            continue;
        }
        if (strcmp(first, out) != 0)
            fprintf(stderr, "\n  run %zu (seed %lu): stats differ\n", run,
                    seed);
        CU_ASSERT_STRING_EQUAL(first, out);
        free(out);
    }
    free(first);
    for (i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    free(order);
    free(header);
}

/* A directory given as the kahrizes: said to be a directory, not "not a
 * valid CSV". */
static void test_directory_as_source(void)
{
    char dir[4096], args[8400], *out = NULL;
    int rc;

    snprintf(dir, sizeof(dir), "%s/kahrizes-dir.csv", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(args, sizeof(args), "validate --kahrizes '%s'", dir);
    rc = kz_test_cli(&out, 1, args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (rc != 3 || !strstr(out, "kahrizes-dir.csv: a directory"))
        fprintf(stderr, "\n  %s: exit %d:\n%s", args, rc, out);
    CU_ASSERT_EQUAL(rc, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "kahrizes-dir.csv: a directory"));
    CU_ASSERT_PTR_NULL(strstr(out, "not a valid"));
    free(out);
}

/* A kahrizes file the process may not read (mode 000): permission denied,
 * once, not GDAL's warnings followed by "not a valid CSV".  Tests run as
 * root, which reads any file: the CLI is then run by setpriv(1) without
 * the capabilities that bypass file permissions, so the mode applies. */
static void test_unreadable_source(void)
{
    char dir[4096], k[4200], cmd[12000], *out;
    const char *drop = "";

    kz_test_nx_survey(dir, sizeof(dir), "unreadable");
    snprintf(k, sizeof(k), "%s/kahrizes.csv", dir);
    CU_ASSERT_EQUAL_FATAL(chmod(k, 0), 0);
    if (geteuid() == 0) {
        drop = "setpriv --bounding-set -dac_override,-dac_read_search ";
        snprintf(cmd, sizeof(cmd), "%s cat '%s' >/dev/null 2>&1", drop, k);
        if (!kz_test_need(system(cmd) != 0,
                          "setpriv(1) able to drop the capabilities that "
                          "let root read a mode 000 file"))
            return;
    }
    snprintf(cmd, sizeof(cmd),
             "LC_ALL=C.UTF-8 %s'%s' validate --kahrizes '%s' 2>&1; "
             "echo \"exit $?\"",
             drop, kz_test_cli_path(), k);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, "kahrizes.csv: cannot read the file: Permission "
                     "denied") ||
        !strstr(out, "exit 3"))
        fprintf(stderr, "\n  %s\n%s", cmd, out);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "kahrizes.csv: cannot read the file: Permission denied"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "exit 3"));
    CU_ASSERT_PTR_NULL(strstr(out, "not a valid"));
    CU_ASSERT_PTR_NULL(strstr(out, "warning:"));
    free(out);
    chmod(k, 0644);
}

static const kz_test_case cases[] = {
    {"stats in any visit order", test_stats_in_any_visit_order},
    {"directory as a source", test_directory_as_source},
    {"unreadable source", test_unreadable_source},
    KZ_TEST_END};

KZ_TEST_SUITE("cli rows", cases);
