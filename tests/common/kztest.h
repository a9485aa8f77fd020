/*
 * kztest.h - shared CUnit runner: one suite per module, each test gets a
 * fresh kz_ctx (kz_test_ctx) from the suite's setup/teardown.
 */
#ifndef KZ_TEST_H
#define KZ_TEST_H

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>

#include "kahriz.h"

typedef struct kz_test_case {
    const char *name;
    CU_TestFunc fn;
} kz_test_case;

#define KZ_TEST_END {NULL, NULL}

/* Header lines of the survey CSV files the tests write. */
#define KZ_TEST_KAHRIZ_HEADER                                                 \
    "id,name_az,name_en,district,village_az,village_en,x,y,crs,head_x,"       \
    "head_y,length_m,shafts,mother_well_depth_m,year_built,owner,photo\n"
#define KZ_TEST_ASSESSMENT_HEADER                                             \
    "kahriz_id,date,discharge_l_s,condition,drinkable,households_served,"     \
    "shafts_open,shafts_collapsed,rehab_status,rehab_year,notes_az,"          \
    "notes_en,assessor\n"

/* Fresh context for the running test. */
extern kz_ctx *kz_test_ctx;

/* Register one suite per call, then run all and return the exit status. */
int kz_test_add_suite(const char *name, const kz_test_case *cases);

/* A further file of a module's suite registers its cases itself, before
 * the module's main() runs (the registry is made on first use):
 * KZ_TEST_SUITE("name", cases); at file scope. */
#define KZ_TEST_SUITE(name, cases)                                            \
    __attribute__((constructor)) static void kz_test_register_(void)         \
    {                                                                         \
        if (kz_test_add_suite(name, cases) < 0) {                             \
            fprintf(stderr, "cannot register suite %s\n", name);             \
            exit(2);                                                          \
        }                                                                     \
    }                                                                         \
    extern int kz_test_suite_needs_a_semicolon_
int kz_test_run(void);

/* Path under the source tree, in a static buffer (valid until next call). */
const char *kz_test_src(const char *rel);
/* A fresh temporary directory for this process (created once). */
const char *kz_test_tmpdir(void);
/* Seed for randomized tests: $KZ_TEST_SEED or a fixed default; printed. */
unsigned long kz_test_seed(void);

/*
 * Run the kahriz-atlas executable ($KZ_CLI) with args through the shell
 * (args are shell words: quote paths), stdout captured into *out (malloc'd,
 * caller frees), with stderr too when want_err.  Returns the exit code, or
 * 128 + the signal when killed.
 */
int kz_test_cli(char **out, int want_err, const char *args);
/* Run a shell command; its standard output (malloc'd, caller frees), or
 * NULL when it could not run or exited non-zero. */
char *kz_test_output(const char *cmd);
/* A whole file, NUL-terminated (malloc'd, caller frees); *len (may be
 * NULL) receives its size.  NULL when it cannot be read. */
char *kz_test_slurp(const char *path, size_t *len);
/* A PDF's objects as text, read back by qpdf (--qdf, no object streams,
 * streams uncompressed): NUL-terminated, malloc'd, caller frees; *len
 * (may be NULL) receives its size.  NULL when qpdf cannot read it. */
char *kz_test_pdf_objects(const char *pdf, size_t *len);
/* Entries of a directory other than dot files; -1 when it cannot be read. */
int kz_test_dir_entries(const char *dir);
/* Path of the kahriz-atlas executable under test. */
const char *kz_test_cli_path(void);
/* Load src with kz_test_ctx and no report; asserts it loads (printing the
 * error when not).  Returns the survey, NULL on failure. */
kz_survey *kz_test_load(const kz_sources *src);

#endif
