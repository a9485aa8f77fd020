/*
 * test_press_faults.c - the printer's file when its inputs are wrong: a
 * missing, short, non-printer or unreadable output profile, and a
 * Ghostscript that fails or cannot be run.  Each build exits 1 with a
 * message naming what was wrong (the profile's path, Ghostscript's own
 * last line) and leaves no PDF, not even a temporary one.  The damaged
 * profiles are the bundled FOGRA39 with its ICC header changed by hand
 * (ICC.1:2010 7.2: device class at byte 12, colour space at byte 16).
 */
#include "kztest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fogra39(void)
{
    static char path[1024];
    const char *dir = getenv("KZ_ICC_DIR");
    snprintf(path, sizeof(path), "%s/FOGRA39.icc",
             dir && *dir ? dir : KZ_BINARY_DIR "/icc");
    return path;
}

/* FOGRA39 with len bytes from offset replaced by what (NULL: the file
 * cut at offset); the copy's path. */
static const char *damaged(const char *name, long offset, const char *what)
{
    static char path[1024];
    size_t len = 0;
    char *data = kz_test_slurp(fogra39(), &len);
    FILE *fp;
    snprintf(path, sizeof(path), "%s/%s", kz_test_tmpdir(), name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    CU_ASSERT_FATAL(len > 200);
    if (what)
        memcpy(data + offset, what, strlen(what));
    else
        len = (size_t)offset;
    fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fwrite(data, 1, len, fp);
    fclose(fp);
    free(data);
    return path;
}

/* A build of the cover alone for the press into a fresh directory
 * (*dir), with env before the program and args after the others; its
 * output, stderr too, with "exit N" last. */
static char *press_build(char *dir, size_t cap, const char *env,
                         const char *args)
{
    static unsigned serial;
    char cmd[4096];
    snprintf(dir, cap, "%s/press-fault-%u", kz_test_tmpdir(), serial++);
    CU_ASSERT_EQUAL(mkdir(dir, 0755), 0);
    snprintf(cmd, sizeof(cmd),
             "SOURCE_DATE_EPOCH=1700000000 %s '%s' build -q --sections cover "
             "--press %s -o '%s/atlas.pdf' 2>&1; echo \"exit $?\"",
             env, kz_test_cli_path(), args, dir);
    return kz_test_output(cmd);
}

/* The run failed as it should: exit code, the message holds want,
 * nothing left in the directory. */
static void refused_with(char *out, const char *dir, const char *want,
                         const char *code)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    if (!strstr(out, want) || !strstr(out, code))
        fprintf(stderr, "\n  wanted \"%s\", got: %s", want, out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, code));
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    free(out);
}

static void refused(char *out, const char *dir, const char *want)
{
    refused_with(out, dir, want, "exit 1");
}

/* --icc naming a bad profile, an input: exit 3, the message the path then
 * why. */
static void bad_profile(const char *path, const char *why)
{
    char dir[1024], args[1200], want[1200];
    snprintf(args, sizeof(args), "--icc '%s'", path);
    snprintf(want, sizeof(want), "%s: %s", path, why);
    refused_with(press_build(dir, sizeof(dir), "", args), dir, want,
                 "exit 3");
}

static void test_bad_profiles(void)
{
    bad_profile("/nonexistent/FOGRA39.icc", "cannot read the output profile");
    /* shorter than an ICC header (128 bytes) */
    bad_profile(damaged("short.icc", 100, NULL), "not an ICC profile");
    /* a display ('mntr') profile, and an RGB one, are not for a press */
    bad_profile(damaged("monitor.icc", 12, "mntr"),
                "not a CMYK output ICC profile");
    bad_profile(damaged("rgb.icc", 16, "RGB "),
                "not a CMYK output ICC profile");
    /* a printer's CMYK profile cut short: its header says its length */
    bad_profile(damaged("cut.icc", 400, NULL), "not a whole ICC profile");
}

/* A Ghostscript that fails says why (its last line); one that is not
 * there is named. */
static void test_ghostscript_fails(void)
{
    char bin[1024], gs[1100], dir[1024], env[1200];
    FILE *fp;
    snprintf(bin, sizeof(bin), "%s/fakegs", kz_test_tmpdir());
    CU_ASSERT_EQUAL(mkdir(bin, 0755), 0);
    snprintf(gs, sizeof(gs), "%s/gs", bin);
    fp = fopen(gs, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs("#!/bin/sh\necho 'GPL Ghostscript: starting' >&2\n"
          "echo 'Error: /ioerror in --showpage--' >&2\nexit 1\n",
          fp);
    fclose(fp);
    CU_ASSERT_EQUAL(chmod(gs, 0755), 0);
    snprintf(env, sizeof(env), "PATH='%s':\"$PATH\"", bin);
    refused(press_build(dir, sizeof(dir), env, ""), dir,
            "Ghostscript could not convert the PDF to CMYK: Error: "
            "/ioerror in --showpage--");
}

static const kz_test_case cases[] = {
    {"press: bad output profiles", test_bad_profiles},
    {"press: Ghostscript fails", test_ghostscript_fails},
    KZ_TEST_END};

KZ_TEST_SUITE("press faults", cases);
