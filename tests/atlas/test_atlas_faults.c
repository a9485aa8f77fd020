/*
 * test_atlas_faults.c - an atlas built while one allocation fails: an
 * error that says it ran out of memory and no file, never a half-written
 * atlas.  The survey is the aggregate tests' (five districts, nine
 * kahrizes), every section; the allocations of the build are counted
 * first (after a build that fills the context's caches), then 16 of them,
 * evenly spread, fail in turn (the 2,000 of a whole loop would take
 * minutes), on one thread and on two.  The glyph batches may fall back to
 * drawing text directly when their buffers cannot grow: such a build
 * succeeds, and its atlas has every page (pdfinfo counts them).  Workers
 * that cannot even make their context (an allocator refusing each new
 * thread's first allocation) make the build fail the same way, or leave
 * the work to the calling thread, but never make it wait for ever.
 */
#include "kztest.h"
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <pthread.h>
#include <unistd.h>

/* Pages of a PDF by pdfinfo; -1 when it cannot tell. */
static long pages(const char *pdf)
{
    char cmd[1200], *out, *p;
    long n = -1;
    snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", pdf);
    out = kz_test_output(cmd);
    if (out && (p = strstr(out, "Pages:")))
        n = strtol(p + 6, NULL, 10);
    free(out);
    return n;
}

static void oom_atlas(int jobs)
{
    kz_survey *sv = kz_test_load_small(1);
    kz_style *st = NULL;
    kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
    char dir[1024], path[1100];
    long total, n, want_pages;
    int rc, wrong = 0, runs = 0;
    static unsigned serial;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    snprintf(dir, sizeof(dir), "%s/oom-atlas-%u", kz_test_tmpdir(),
             serial++);
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/atlas.pdf", dir);
    o.jobs = jobs;
    o.timestamp = 1700000000;
    rc = kz_atlas_render(NULL, kz_test_ctx, path, sv, NULL, st, &o);
    if (rc != KZ_OK)
        fprintf(stderr, "\n  %s\n", kz_ctx_error(kz_test_ctx)->message);
    CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    want_pages = pages(path);
    CU_ASSERT_FATAL(want_pages > 5);
    CU_ASSERT_EQUAL(remove(path), 0);
    kz__ctx_fail_alloc_at(kz_test_ctx, 1L << 40);
    rc = kz_atlas_render(NULL, kz_test_ctx, path, sv, NULL, st, &o);
    total = kz_test_ctx->alloc_count;
    kz__ctx_fail_alloc_at(kz_test_ctx, 0);
    CU_ASSERT_EQUAL_FATAL(rc, KZ_OK);
    CU_ASSERT_EQUAL(remove(path), 0);
    for (n = 1; n <= total; n += total / 16 + 1) {
        kz__ctx_fail_alloc_at(kz_test_ctx, n);
        rc = kz_atlas_render(NULL, kz_test_ctx, path, sv, NULL, st, &o);
        kz__ctx_fail_alloc_at(kz_test_ctx, 0);
        runs++;
        if (rc == KZ_OK) {
            /* a fallback took over: the atlas is whole */
            CU_ASSERT_EQUAL(pages(path), want_pages);
            CU_ASSERT_EQUAL(remove(path), 0);
            continue;
        }
        if (!strstr(kz_ctx_error(kz_test_ctx)->message, "out of memory") &&
            wrong++ < 10)
            fprintf(stderr, "\n  allocation %ld of %ld failing: %s (%s)", n,
                    total, kz_status_str(rc),
                    kz_ctx_error(kz_test_ctx)->message);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(kz_ctx_error(kz_test_ctx)->message, "out of memory"));
        CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    }
    CU_ASSERT(runs >= 15);
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static void test_oom_one_thread(void)
{
    oom_atlas(1);
}

static void test_oom_two_threads(void)
{
    oom_atlas(2);
}

/* An allocator refusing the first allocation of every thread but the one
 * that made it: a worker of the atlas cannot even make its context. */
static pthread_t first_thread;
static __thread int refused;

static void *refuse_first_malloc(void *ud, size_t n)
{
    (void)ud;
    if (!pthread_equal(pthread_self(), first_thread) && !refused) {
        refused = 1;
        return NULL;
    }
    return malloc(n);
}

static void *plain_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    return realloc(p, n);
}

static void plain_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

/* Workers that cannot make their context: the render fails with
 * KZ_ENOMEM and leaves no file, or the calling thread writes the whole
 * atlas; it never waits for pages nobody prepares (a child process with a
 * 60 s alarm tells a hang). */
static void test_worker_without_context(void)
{
    kz_survey *sv = kz_test_load_small(1);
    kz_style *st = NULL;
    char dir[1024], path[1100];
    pid_t pid;
    int status;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_EQUAL_FATAL(kz_style_load(&st, kz_test_ctx,
                                        kz_test_src("styles/default.json")),
                          KZ_OK);
    snprintf(dir, sizeof(dir), "%s/no-worker-ctx", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/atlas.pdf", dir);
    fflush(NULL);
    pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        kz_allocator a = {refuse_first_malloc, plain_realloc, plain_free,
                          NULL};
        kz_ctx_options co = KZ_CTX_OPTIONS_INIT;
        kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
        kz_ctx *ctx = NULL;
        int rc;
        alarm(60);
        first_thread = pthread_self();
        co.allocator = &a;
        if (kz_ctx_create(&ctx, &co) != KZ_OK)
            _exit(3);
        o.jobs = 3;
        o.timestamp = 1700000000;
        rc = kz_atlas_render(NULL, ctx, path, sv, NULL, st, &o);
        if (rc == KZ_OK)
            _exit(pages(path) > 5 ? 0 : 4);
        if (rc == KZ_ENOMEM && kz_test_dir_entries(dir) == 0)
            _exit(1);
        fprintf(stderr, "\n  %s: %s\n", kz_status_str(rc),
                kz_ctx_error(ctx)->message);
        _exit(2);
    }
    CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        fprintf(stderr, "\n  the render ended by signal %d (60 s alarm: "
                        "it waited for ever)\n",
                WTERMSIG(status));
    CU_ASSERT_TRUE(WIFEXITED(status) &&
                   (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1));
    kz_style_destroy(st);
    kz_survey_destroy(sv);
}

static const kz_test_case cases[] = {
    {"allocation failures, one thread", test_oom_one_thread},
    {"allocation failures, two threads", test_oom_two_threads},
    {"workers without a context", test_worker_without_context},
    KZ_TEST_END};

KZ_TEST_SUITE("atlas faults", cases);
