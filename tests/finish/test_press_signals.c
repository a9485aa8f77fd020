/*
 * test_press_signals.c - SIGINT and SIGTERM while Ghostscript converts the
 * press PDF: exit 130 / 143, Ghostscript stopped too, and nothing left
 * anywhere, neither in the output's directory nor in $TMPDIR, where
 * Ghostscript keeps its temporary files.  The CLI runs in the background
 * of a shell with TMPDIR an empty directory; the signal goes to the CLI
 * (or, as a terminal's Ctrl-C does, to its whole process group: the CLI
 * then runs in a session of its own) once Ghostscript runs and its
 * temporary files are there.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Ghostscript converts these pages for about three seconds */
#define PAGES "--sections districts,sheets --only-districts AZ-ORD"

typedef struct stop {
    int rc;       /* the CLI's exit code */
    int gs_files; /* Ghostscript's temporary files when the signal went */
    long gs_pid;  /* Ghostscript, 0 when it was not seen running */
    int gs_alive; /* Ghostscript still running after the CLI exited */
} stop;

/* Build for the press into out with TMPDIR tmp, send sig (to the CLI, or
 * to its process group when group) while Ghostscript runs. */
static int run_and_signal(stop *st, const char *tmp, const char *out,
                          const char *sig, int group)
{
    char cmd[8192], *res;
    int n;

    snprintf(
        cmd, sizeof(cmd),
        "TMPDIR='%s' LC_ALL=C.UTF-8 %s'%s' build -q --press " PAGES
        " -o '%s/atlas.pdf' 2>/dev/null & pid=$!; "
        "gs_child() { for f in /proc/[0-9]*/stat; do "
        "read -r p c s pp rest < \"$f\" 2>/dev/null || continue; "
        "if [ \"$pp\" = \"$pid\" ] && [ \"$c\" = '(gs)' ]; then "
        "echo \"$p\"; return; fi; done; }; "
        "i=0; while ! find '%s' -name 'gs_*' | grep -q . && [ $i -lt 1000 ]; "
        "do sleep 0.02; i=$((i+1)); done; "
        "gs=$(gs_child); files=$(find '%s' -name 'gs_*' | wc -l); "
        "kill -%s %s$pid; wait $pid; rc=$?; sleep 0.2; "
        "alive=0; [ -n \"$gs\" ] && kill -0 \"$gs\" 2>/dev/null && alive=1; "
        "echo \"$rc $files ${gs:-0} $alive\"",
        tmp, group ? "setsid " : "", kz_test_cli_path(), out, tmp, tmp, sig,
        group ? "-" : "");
    res = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(res);
    n = sscanf(res, "%d %d %ld %d", &st->rc, &st->gs_files, &st->gs_pid,
               &st->gs_alive);
    free(res);
    return n == 4 ? 0 : -1;
}

static void stopped_clean(const char *name, const char *sig, int group,
                          int want_rc)
{
    char tmp[1024], out[1024];
    stop st;

    snprintf(tmp, sizeof(tmp), "%s/%s-tmp", kz_test_tmpdir(), name);
    snprintf(out, sizeof(out), "%s/%s-out", kz_test_tmpdir(), name);
    CU_ASSERT_EQUAL_FATAL(mkdir(tmp, 0755), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir(out, 0755), 0);
    CU_ASSERT_EQUAL_FATAL(run_and_signal(&st, tmp, out, sig, group), 0);
    /* the signal came while Ghostscript ran with its temporary files */
    CU_ASSERT(st.gs_pid > 0);
    CU_ASSERT(st.gs_files >= 1);
    CU_ASSERT_EQUAL(st.rc, want_rc);
    CU_ASSERT_EQUAL(st.gs_alive, 0);
    if (kz_test_dir_entries(tmp) != 0 || kz_test_dir_entries(out) != 0) {
        char cmd[2200], *left;
        snprintf(cmd, sizeof(cmd), "find '%s' '%s' -mindepth 1", tmp, out);
        left = kz_test_output(cmd);
        fprintf(stderr, "\n  left behind:\n%s", left ? left : "");
        free(left);
    }
    CU_ASSERT_EQUAL(kz_test_dir_entries(tmp), 0);
    CU_ASSERT_EQUAL(kz_test_dir_entries(out), 0);
}

static void test_sigint(void)
{
    stopped_clean("gs-int", "INT", 0, 130);
}

static void test_sigterm(void)
{
    stopped_clean("gs-term", "TERM", 0, 143);
}

/* Ctrl-C: Ghostscript gets the signal itself, as the CLI does */
static void test_sigint_group(void)
{
    stopped_clean("gs-int-group", "INT", 1, 130);
}

static const kz_test_case cases[] = {
    {"press: SIGINT during Ghostscript", test_sigint},
    {"press: SIGTERM during Ghostscript", test_sigterm},
    {"press: SIGINT to the process group during Ghostscript",
     test_sigint_group},
    KZ_TEST_END};

KZ_TEST_SUITE("press signals", cases);
