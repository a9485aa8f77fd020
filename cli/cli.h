/*
 * cli.h - shared pieces of the kahriz-atlas subcommands: the options every
 * subcommand accepts (sources, CRS, CSV hints, error policy), locating the
 * bundled styles and data, loading the survey, and exit codes.
 */
#ifndef KZ_CLI_H
#define KZ_CLI_H

#include <stdio.h>

#include "kahriz.h"

/* Documented exit codes. */
enum {
    KZ_EXIT_OK = 0,
    KZ_EXIT_FAILURE = 1,
    KZ_EXIT_USAGE = 2,
    KZ_EXIT_DATA = 3,
    KZ_EXIT_SIGINT = 130,
    KZ_EXIT_SIGTERM = 143
};

/* The survey's roles, in the order of cli_common.given. */
enum { CLI_KAHRIZES, CLI_ASSESSMENTS, CLI_SHAFTS, CLI_DISTRICTS, CLI_ROLES };

typedef struct cli_common {
    kz_sources src;
    const char *survey; /* --survey: one source holding every role */
    int sample;         /* --sample: the bundled survey, said outright */
    int sample_used;    /* the bundled survey was read (set on resolve) */
    int given[CLI_ROLES]; /* role named by an option or a positional */
    int crs_is_output;  /* --crs is the subcommand's own (map, export) */
    int on_error_skip;  /* --on-error=skip */
    int overwrite;      /* --overwrite: an existing output may be replaced */
    int quiet;
    char data_dir[4096];
    char styles_dir[4096];
    char fonts_dir[4096]; /* Kahriz Sans, made at build time */
    char icc_dir[4096];   /* the press profile, made at build time */
    /* storage for default source paths */
    char def_kahrizes[4200], def_assessments[4200], def_shafts[4200],
        def_districts[4200];
    /* storage for paths made from a directory or --survey */
    char made[CLI_ROLES][4200];
} cli_common;

/* Fill defaults (bundled data, styles).  No source is chosen yet: that is
 * cli_sources_resolve(), once every option is read. */
void cli_common_init(cli_common *c);
/*
 * Try to consume argv[*i] (and its value) as a common option or a
 * positional source.  Returns 1 when consumed (*i advanced past it), 0 when
 * not a common option, -1 on a usage error (message printed).
 */
int cli_common_parse(cli_common *c, int argc, char **argv, int *i);
/* Help text for the common options. */
void cli_common_help(FILE *fp);
/*
 * Choose the sources: the bundled sample survey only when no survey source
 * was given at all (or --sample); otherwise the roles given, --survey's
 * layers for the others, and nothing for the rest (districts: the bundled
 * ones).  Prints the error and returns an exit code (0 on success).
 */
int cli_sources_resolve(kz_ctx *ctx, cli_common *c);
/* "survey: 1500 kahrizes from FILE, no shafts, ..." on fp. */
void cli_sources_summary(FILE *fp, const cli_common *c, const kz_survey *sv);
/*
 * Resolve the sources and load the survey: print the report when rows were
 * rejected; with --on-error=fail (default) a rejected row fails with exit
 * code 3.  Unless -q, says which sources were read.  Returns an exit code
 * (0 on success).
 */
int cli_load_survey(kz_ctx *ctx, cli_common *c, kz_survey **out);
/* Exit code for a library status (KZ_EDATA → 3, KZ_EUSAGE → 2, ...). */
int cli_exit_code(int status);
/* Print "kahriz-atlas: message" for the context's last error. */
void cli_print_error(kz_ctx *ctx);
/* Value of option "--name=value" or "--name value"; NULL if argv[*i] is
 * not that option.  Advances *i past a separate value. Sets *bad on a
 * missing value. */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name,
                          int *bad);
/* The output file: "-o FILE" or "--output FILE" (as cli_opt_value). */
const char *cli_opt_output(int argc, char **argv, int *i, int *bad);
/* An option the subcommand does not know (or, with bad set, one whose value
 * is missing, already said): "<who>: unknown option ..." unless bad, then
 * the help on stderr.  Returns KZ_EXIT_USAGE. */
int cli_unknown_option(const char *who, const char *arg, int bad,
                       void (*help)(FILE *));
/* Install SIGINT/SIGTERM handlers that interrupt ctx; returns the signal
 * caught so far (0 when none). */
void cli_signals_install(kz_ctx *ctx);
int cli_signal_caught(void);
/* Most threads of --jobs. */
#define CLI_MAX_JOBS 256
/* A worker thread's context, interrupted by the signals too; register each
 * before its thread starts (-1 past CLI_MAX_JOBS), and drop them all once
 * the threads have ended, before the contexts are destroyed. */
int cli_signals_add_worker(kz_ctx *ctx);
void cli_signals_drop_workers(void);
/* Standard context for a subcommand (logging to stderr; with -q only
 * errors). */
int cli_ctx_create(kz_ctx **out, const cli_common *c);

/*
 * Atomic output: open a temporary file beside path (name in tmp), and on
 * success flush, fsync, close and rename it over path.  Both print the
 * error and return an exit code (0 on success); on failure the temporary
 * file is removed.
 */
int cli_atomic_open(FILE **fp, char *tmp, size_t cap, const char *path);
/* Rename tmp over path; without overwrite, a file that appeared at path
 * meanwhile (another run writing the same output) is kept and this write
 * fails. */
int cli_atomic_commit(FILE *fp, const char *tmp, const char *path,
                      int overwrite);
/* The one rule for every output: an existing regular file at path is
 * replaced only with --overwrite (pipes and devices are written into).
 * KZ_EXIT_OK, or the exit code of KZ_EEXISTS with the reason printed. */
int cli_output_check(const char *path, int overwrite);
/* The same for a directory of outputs: one that holds anything is
 * written into only with --overwrite. */
int cli_output_dir_check(const char *dir, int overwrite);
/* Make dir and every missing parent (mode 0777 less the umask).  0, or
 * -1 with the reason printed. */
int cli_mkdir_p(const char *dir);

/* Style and context layers of the commands that draw (map, build). */
#define CLI_MAX_REFERENCES 32
typedef struct cli_carto {
    const char *style;      /* --style; NULL: the bundled default */
    const char *neighbours; /* --neighbours; NULL: bundled; "none": none */
    const char *sea;        /* --sea; likewise */
    const char *rivers;     /* --rivers; likewise */
    const char *lakes;      /* --lakes; likewise */
    const char *towns;      /* --towns; likewise */
    const char *refs[CLI_MAX_REFERENCES]; /* --reference [KIND=]SOURCE */
    kz_reference_kind ref_kind[CLI_MAX_REFERENCES];
    size_t n_refs;
    const char *dem;        /* --dem; NULL: no relief */
    const char *dem_credit; /* --dem-credit; NULL: the model's own name */
    char path[6][4200];     /* storage for the bundled defaults */
} cli_carto;

void cli_carto_init(cli_carto *k);
/* Consume --style, --neighbours, --sea, --rivers, --lakes, --towns,
 * --reference, --dem or --dem-credit like cli_common_parse(). */
int cli_carto_parse(cli_carto *k, int argc, char **argv, int *i);
/* The help lines of those options. */
void cli_carto_help(FILE *fp);
/* Load the style and the context layers (bundled ones where not given);
 * prints the error and returns an exit code (0 on success). */
int cli_carto_load(kz_ctx *ctx, const cli_common *c, cli_carto *k,
                   kz_style **style, kz_basemap **basemap);

/*
 * Codes typed on the command line: each is made the survey's own code
 * (matched in any case and without surrounding blanks; borrowed from sv).  An unknown
 * code prints the nearest ones and returns KZ_EXIT_USAGE; option names the
 * option in the message.
 */
int cli_district_codes(const kz_survey *sv, const char **codes, size_t n,
                       const char *option);
int cli_region_code(const kz_survey *sv, const char **code,
                    const char *option);
/* Whether path ends in "." ext, in any case. */
int cli_has_extension(const char *path, const char *ext);
/* 1 when arg is --synthetic (*synthetic = 1) or --no-synthetic (0). */
int cli_synthetic_opt(const char *arg, int *synthetic);
/* Whether the outputs say the data are the synthetic sample: as asked
 * (asked >= 0), else when the bundled survey was read. */
int cli_synthetic(const cli_common *c, int asked);

/* Subcommands. */
int cmd_validate(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif
