/*
 * main.c - kahriz-atlas: dispatch to the subcommands, --help, --version.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} subcommand;

static const subcommand commands[] = {
    {"validate", cmd_validate,
     "check the survey sources row by row and report every problem"},
    {"stats", cmd_stats,
     "statistics per district, economic region and for the country"},
    {"map", cmd_map,
     "render one map (national, region or district) to PDF, PNG or SVG"},
    {"build", cmd_build,
     "compose the whole printed atlas (maps, tables, sheets, index) as PDF"},
    {"export", cmd_export,
     "write the survey and its statistics to a GeoPackage for partners"},
    {NULL, NULL, NULL}};

static void usage(FILE *fp)
{
    const subcommand *c;
    fprintf(fp, "Usage: kahriz-atlas COMMAND [OPTIONS]\n\n"
                "Bilingual (Azerbaijani / English) atlas of kahrizes from "
                "field surveys.\n\nCommands:\n");
    for (c = commands; c->name; c++)
        fprintf(fp, "  %-10s %s\n", c->name, c->summary);
    fprintf(fp,
            "\nRun 'kahriz-atlas COMMAND --help' for a command's options.\n"
            "\nOptions:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version and the library versions\n"
            "\nExit codes:\n"
            "  0    success\n"
            "  1    runtime failure (I/O, rendering, export)\n"
            "  2    usage error\n"
            "  3    input data errors (rows rejected, unreadable source)\n"
            "  130  interrupted (SIGINT)\n"
            "  143  terminated (SIGTERM)\n");
}

int main(int argc, char **argv)
{
    const subcommand *c;

    if (argc < 2) {
        usage(stderr);
        return KZ_EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return KZ_EXIT_OK;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("kahriz-atlas %s\n%s\n", kz_version(),
               kz_dependency_versions());
        return KZ_EXIT_OK;
    }
    for (c = commands; c->name; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "kahriz-atlas: unknown command \"%s\"\n\n", argv[1]);
    usage(stderr);
    return KZ_EXIT_USAGE;
}
