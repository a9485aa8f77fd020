/*
 * test_signals.c - SIGINT and SIGTERM stop `map` as they stop `build`:
 * exit 130 / 143 soon after the signal, no partial or temporary file; of
 * --each-district the finished pages stay, whole (pdfinfo reads each),
 * with one thread or several.
 * The CLI runs in the background of a shell that sends the signal once
 * the job is under way (its temporary file or first page is there).
 */
#include "kztest.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Most a stop may take after the signal, in milliseconds: the
 * checks between features make it well under a second; the margin is for
 * a loaded or instrumented build. */
#define STOP_MS 2000

/* Run the CLI with args in the background, wait until `ready` (a shell
 * test) holds, send sig; *ms receives how long the stop took.  Returns
 * the exit code, -1 when the shell did not report. */
static int run_and_signal(const char *args, const char *ready,
                          const char *sig, long *ms)
{
    char cmd[4096], *out;
    int rc = -1;

    snprintf(cmd, sizeof(cmd),
             "LC_ALL=C.UTF-8 '%s' %s -q 2>/dev/null & pid=$!; i=0; "
             "while ! { %s; } && [ $i -lt 400 ]; do sleep 0.05; "
             "i=$((i+1)); done; sleep 0.3; t0=$(date +%%s%%N); "
             "kill -%s $pid; wait $pid; rc=$?; t1=$(date +%%s%%N); "
             "echo \"$rc $(( (t1 - t0) / 1000000 ))\"",
             kz_test_cli_path(), args, ready, sig);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (sscanf(out, "%d %ld", &rc, ms) != 2)
        rc = -1;
    free(out);
    return rc;
}

/* Entries of dir whose name holds part. */
static int count_named(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && strstr(e->d_name, part))
            n++;
    closedir(d);
    return n;
}

static void test_sigint_large_png(void)
{
    char dir[600], args[1200], ready[1400];
    long ms = 0;
    int rc;

    snprintf(dir, sizeof(dir), "%s/sig-png", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(args, sizeof(args), "map --national --dpi 1200 -o '%s/big.png'",
             dir);
    /* under way: the temporary file beside the target exists */
    snprintf(ready, sizeof(ready), "ls '%s' | grep -q tmp", dir);
    rc = run_and_signal(args, ready, "INT", &ms);
    CU_ASSERT_EQUAL(rc, 130);
    if (ms > STOP_MS)
        fprintf(stderr, "\nSIGINT took %ld ms to stop map\n", ms);
    CU_ASSERT(ms <= STOP_MS);
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
}

static void sigterm_each_district(const char *name, const char *jobs)
{
    char dir[600], args[1200], ready[1400], cmd[1600], *out;
    long ms = 0;
    int rc, pages;

    snprintf(dir, sizeof(dir), "%s/%s", kz_test_tmpdir(), name);
    snprintf(args, sizeof(args), "map --each-district '%s' %s", dir, jobs);
    /* under way: the first page is finished */
    snprintf(ready, sizeof(ready), "ls '%s' 2>/dev/null | grep -q 'pdf$'",
             dir);
    rc = run_and_signal(args, ready, "TERM", &ms);
    CU_ASSERT_EQUAL(rc, 143);
    CU_ASSERT(ms <= STOP_MS);
    /* some pages, not all 77, and not the one in progress */
    pages = count_named(dir, ".pdf");
    CU_ASSERT(pages >= 1 && pages < 77);
    CU_ASSERT_EQUAL(count_named(dir, "tmp"), 0);
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), pages);
    snprintf(cmd, sizeof(cmd),
             "for f in '%s'/*.pdf; do pdfinfo \"$f\" >/dev/null 2>&1 || "
             "echo \"broken $f\"; done",
             dir);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (*out)
        fprintf(stderr, "\n%s", out);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
}

static void test_sigterm_each_district(void)
{
    sigterm_each_district("sig-each", "");
}

/* every thread's page in progress stops, not only the first thread's */
static void test_sigterm_each_district_jobs(void)
{
    sigterm_each_district("sig-each-jobs", "--jobs 3");
}

static const kz_test_case cases[] = {
    {"SIGINT stops a 1200 dpi PNG", test_sigint_large_png},
    {"SIGTERM stops --each-district", test_sigterm_each_district},
    {"SIGTERM stops --each-district --jobs 3",
     test_sigterm_each_district_jobs},
    KZ_TEST_END};

KZ_TEST_SUITE("render_signals", cases);
