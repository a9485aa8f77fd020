/*
 * test_threads.c - the atlas when the system gives fewer threads than
 * --jobs asks for (pthread_create failing with EAGAIN from its Nth call
 * on, through the LD_PRELOAD module tests/atlas/shim/failthread.c): with
 * one worker short it still writes the atlas --jobs 1 writes, byte for
 * byte (SOURCE_DATE_EPOCH fixed); with no worker at all it writes that
 * atlas too or fails cleanly, leaving no file.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Build AZ-ORD's district pages with jobs threads, thread creation
 * failing from call fail_from on (0: never); the CLI's exit code. */
static int build(const char *pdf, int jobs, int fail_from)
{
    char cmd[3000], env[800] = "", *out;
    int rc = -1;
    if (fail_from > 0)
        /* under AddressSanitizer the module comes before its runtime:
         * allowed, the module only wraps pthread_create */
        snprintf(env, sizeof(env),
                 "ASAN_OPTIONS=\"verify_asan_link_order=0:${ASAN_OPTIONS:-}\" "
                 "LD_PRELOAD='%s' KZ_FAIL_THREAD=%d ",
                 KZ_FAILTHREAD, fail_from);
    snprintf(cmd, sizeof(cmd),
             "%sSOURCE_DATE_EPOCH=1700000000 LC_ALL=C.UTF-8 '%s' build -q "
             "--sections districts --only-districts AZ-ORD --jobs %d "
             "-o '%s' 2>&1; echo rc=$?",
             env, kz_test_cli_path(), jobs, pdf);
    out = kz_test_output(cmd);
    if (out && strstr(out, "rc="))
        rc = atoi(strstr(out, "rc=") + 3);
    if (rc != 0 && out)
        fprintf(stderr, "\n  jobs %d, threads failing from %d: %s", jobs,
                fail_from, out);
    free(out);
    return rc;
}

static int same_file(const char *a, const char *b)
{
    char cmd[2000];
    snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", a, b);
    return system(cmd) == 0;
}

static void test_fewer_threads(void)
{
    char dir[700], one[800], short1[800], none[800];
    struct stat s;
    int rc;

    snprintf(dir, sizeof(dir), "%s/threads", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(one, sizeof(one), "%s/one.pdf", dir);
    snprintf(short1, sizeof(short1), "%s/short.pdf", dir);
    snprintf(none, sizeof(none), "%s/none.pdf", dir);
    CU_ASSERT_EQUAL_FATAL(build(one, 1, 0), 0);
    /* three asked, the second refused: one worker and the caller */
    CU_ASSERT_EQUAL(build(short1, 3, 2), 0);
    CU_ASSERT(same_file(one, short1));
    /* none at all: the same atlas, or an error and no file */
    rc = build(none, 3, 1);
    if (rc == 0) {
        CU_ASSERT(same_file(one, none));
    } else {
        CU_ASSERT_NOT_EQUAL(stat(none, &s), 0);
    }
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), rc == 0 ? 3 : 2);
}

static const kz_test_case cases[] = {
    {"fewer threads than jobs: the same atlas", test_fewer_threads},
    KZ_TEST_END};

KZ_TEST_SUITE("threads", cases);
