/*
 * test_cli_usage.c - every subcommand's help and its refusals of bad
 * arguments: exit code 2 (usage error, as --help documents), a message
 * naming the option or value at fault, and no output file.  The cases are
 * written by hand from each command's --help text.
 */
#include "kztest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct usage_case {
    const char *args; /* @ stands for a file name in a fresh directory */
    const char *says; /* part of the message */
} usage_case;

static const usage_case bad[] = {
    {"build --jobs 0 -o @.pdf", "--jobs"},
    {"build --jobs abc -o @.pdf", "--jobs"},
    {"build", "-o FILE.pdf"},
    {"build -o @.png", "PDF"},
    {"build --press --bleed 50 -o @.pdf", "--bleed"},
    {"build --frobnicate -o @.pdf", "\"--frobnicate\""},
    {"build --sections cover,maps -o @.pdf", "\"maps\""},
    {"export", "-o FILE.gpkg"},
    {"export -o @.txt", ".gpkg"},
    {"export --frobnicate", "\"--frobnicate\""},
    {"stats --format xml", "--format"},
    {"stats --by county", "--by"},
    {"stats --frobnicate", "\"--frobnicate\""},
    {"stats -o", "-o"},
    {"validate --format xml", "--format"},
    {"validate --frobnicate", "\"--frobnicate\""},
    {"map", "--district"},
    {"map --district AZ-ORD", "-o FILE"},
    {"map --district AZ-ORD -o @.tiff", ".svg"},
    {"map --dpi 0 --district AZ-ORD -o @.png", "--dpi"},
    {"map --national --district AZ-ORD -o @.pdf", "one of"},
    {"map --fill bogus --district AZ-ORD -o @.pdf", "--fill"},
    {"map --each-district", "--each-district"},
    {"map --jobs 2 --district AZ-ORD -o @.pdf", "--each-district"},
    {"map --jobs 0 --each-district @", "--jobs"},
    {"map --jobs 257 --each-district @", "--jobs"},
    {"stats --csv-separator x", "--csv-separator: expected one of"},
    {"stats --csv-separator ';;'", "--csv-separator: expected one of"},
    {"stats --on-error maybe", "--on-error: expected fail or skip, got "
                               "\"maybe\""},
    {"stats --crs -o @.csv", "--crs"},
    {"export --mapping -o @.gpkg", "--mapping"},
    {"build --crop-marks -o @.pdf", "go with --press"},
    {"build --icc x.icc -o @.pdf", "go with --press"},
    {NULL, NULL}};

static void test_bad_arguments(void)
{
    const usage_case *u;
    int n = 0;
    for (u = bad; u->args; u++, n++) {
        char dir[600], args[1200], *out = NULL, *o = args;
        const char *p;
        int rc;
        snprintf(dir, sizeof(dir), "%s/usage%d", kz_test_tmpdir(), n);
        CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0755), 0);
        for (p = u->args; *p && o < args + sizeof(args) - 700; p++) {
            if (*p == '@')
                o += snprintf(o, 700, "'%s/out'", dir);
            else
                *o++ = *p;
        }
        *o = '\0';
        /* the quote closes before the extension: '.../out'.pdf */
        rc = kz_test_cli(&out, 1, args);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        if (rc != 2 || !strstr(out, u->says))
            fprintf(stderr, "\n%s: exit %d, said:\n%s", u->args, rc, out);
        CU_ASSERT_EQUAL(rc, 2);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, u->says));
        CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
        free(out);
    }
}

static void test_help_of_each_command(void)
{
    static const char *const cmds[] = {"build", "export", "stats",
                                       "validate", "map"};
    size_t i;
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        char args[64], usage[64], *out;
        snprintf(args, sizeof(args), "%s --help", cmds[i]);
        snprintf(usage, sizeof(usage), "Usage: kahriz-atlas %s", cmds[i]);
        out = kz_test_cli_out(0, args);
        CU_ASSERT_EQUAL(strncmp(out, usage, strlen(usage)), 0);
        free(out);
    }
}

static const kz_test_case cases[] = {
    {"bad arguments", test_bad_arguments},
    {"help of each command", test_help_of_each_command},
    KZ_TEST_END};

KZ_TEST_SUITE("cli usage", cases);
