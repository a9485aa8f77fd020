/*
 * common.c - options shared by every subcommand, locating the bundled
 * styles and data (build tree or installed), loading the survey under the
 * --on-error policy, signals and exit codes.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The process umask, read without changing it for long. */
static mode_t umask_get(void)
{
    mode_t m = umask(022);
    umask(m);
    return m;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The executable runs from the build tree when it lives under KZ_BUILD_DIR;
 * then the source tree's data and styles and the build tree's fonts and
 * output profile are used.  Installed, it looks beside itself
 * (<prefix>/bin/../share/kahriz-atlas, so an installed tree can move),
 * then in the configured data directory.  KZ_DATA_DIR, KZ_STYLES_DIR,
 * KZ_FONTS_DIR and KZ_ICC_DIR override all of these. */
static void locate_dirs(cli_common *c)
{
    char exe[PATH_MAX], rel[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    const char *root = KZ_SOURCE_DIR, *fonts_root = KZ_BUILD_DIR;
    const char *env;

    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (strncmp(exe, KZ_BUILD_DIR "/", strlen(KZ_BUILD_DIR) + 1) != 0 &&
            slash) {
            *slash = '\0';
            if ((size_t)snprintf(rel, sizeof(rel), "%s/../share/kahriz-atlas",
                                 exe) < sizeof(rel) &&
                is_dir(rel))
                root = rel;
            else if (is_dir(KZ_INSTALL_DATADIR))
                root = KZ_INSTALL_DATADIR;
            fonts_root = root;
        }
    }
    if ((size_t)snprintf(c->fonts_dir, sizeof(c->fonts_dir), "%s/fonts",
                         fonts_root) >= sizeof(c->fonts_dir))
        c->fonts_dir[0] = '\0';
    if ((size_t)snprintf(c->icc_dir, sizeof(c->icc_dir), "%s/icc",
                         fonts_root) >= sizeof(c->icc_dir))
        c->icc_dir[0] = '\0';
    if ((size_t)snprintf(c->data_dir, sizeof(c->data_dir), "%s/data", root) >=
            sizeof(c->data_dir) ||
        (size_t)snprintf(c->styles_dir, sizeof(c->styles_dir), "%s/styles",
                         root) >= sizeof(c->styles_dir))
        fprintf(stderr, "kahriz-atlas: installation path too long: %s\n",
                root);
    if ((env = getenv("KZ_DATA_DIR")) && *env)
        snprintf(c->data_dir, sizeof(c->data_dir), "%s", env);
    if ((env = getenv("KZ_STYLES_DIR")) && *env)
        snprintf(c->styles_dir, sizeof(c->styles_dir), "%s", env);
    if ((env = getenv("KZ_FONTS_DIR")) && *env)
        snprintf(c->fonts_dir, sizeof(c->fonts_dir), "%s", env);
    if ((env = getenv("KZ_ICC_DIR")) && *env)
        snprintf(c->icc_dir, sizeof(c->icc_dir), "%s", env);
}

void cli_common_init(cli_common *c)
{
    kz_sources init = KZ_SOURCES_INIT;
    memset(c, 0, sizeof(*c));
    c->src = init;
    locate_dirs(c);
    snprintf(c->def_kahrizes, sizeof(c->def_kahrizes),
             "%s/survey/kahrizes.csv", c->data_dir);
    snprintf(c->def_assessments, sizeof(c->def_assessments),
             "%s/survey/assessments.csv", c->data_dir);
    snprintf(c->def_shafts, sizeof(c->def_shafts), "%s/survey/shafts.csv",
             c->data_dir);
    snprintf(c->def_districts, sizeof(c->def_districts),
             "%s/districts.geojson", c->data_dir);
}

const char *cli_opt_value(int argc, char **argv, int *i, const char *name,
                          int *bad)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    /* an option where the value should be means the value is missing
     * ("--crs -o x.gpkg"); a negative number is still a value */
    if (*i + 1 >= argc ||
        (argv[*i + 1][0] == '-' && argv[*i + 1][1] != '\0' &&
         argv[*i + 1][1] != '.' &&
         (argv[*i + 1][1] < '0' || argv[*i + 1][1] > '9'))) {
        fprintf(stderr, "kahriz-atlas: %s needs a value\n", name);
        *bad = 1;
        return NULL;
    }
    (*i)++;
    return argv[*i];
}

const char *cli_opt_output(int argc, char **argv, int *i, int *bad)
{
    const char *v = cli_opt_value(argc, argv, i, "-o", bad);
    return v ? v : cli_opt_value(argc, argv, i, "--output", bad);
}

int cli_unknown_option(const char *who, const char *arg, int bad,
                       void (*help)(FILE *))
{
    if (!bad)
        fprintf(stderr, "%s: unknown option \"%s\"\n", who, arg);
    help(stderr);
    return KZ_EXIT_USAGE;
}

/* "none" or "" disables an optional source. */
static const char *source_or_null(const char *v)
{
    return (!*v || strcmp(v, "none") == 0) ? NULL : v;
}

static const char *const role_names[CLI_ROLES] = {"kahrizes", "assessments",
                                                  "shafts", "districts"};

static const char **role_slot(cli_common *c, int role)
{
    switch (role) {
    case CLI_KAHRIZES:
        return &c->src.kahrizes;
    case CLI_ASSESSMENTS:
        return &c->src.assessments;
    case CLI_SHAFTS:
        return &c->src.shafts;
    default:
        return &c->src.districts;
    }
}

int cli_has_extension(const char *path, const char *ext)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) && strcasecmp(dot + 1, ext) == 0;
}

int cli_synthetic_opt(const char *arg, int *synthetic)
{
    if (strcmp(arg, "--synthetic") == 0)
        *synthetic = 1;
    else if (strcmp(arg, "--no-synthetic") == 0)
        *synthetic = 0;
    else
        return 0;
    return 1;
}

int cli_synthetic(const cli_common *c, int asked)
{
    return asked >= 0 ? asked : c->sample_used;
}

/* A source given without an option: a directory stands for its
 * kahrizes.csv, assessments.csv and shafts.csv; a file goes to the role its
 * name mentions, a GeoPackage that mentions none is --survey, and any other
 * file is the kahrizes source. */
static int positional(cli_common *c, const char *arg)
{
    const char *base = strrchr(arg, '/');
    struct stat st;
    int role = CLI_KAHRIZES, r;

    base = base ? base + 1 : arg;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        for (r = CLI_KAHRIZES; r <= CLI_SHAFTS; r++) {
            if ((size_t)snprintf(c->made[r], sizeof(c->made[r]), "%s/%s.csv",
                                 arg, role_names[r]) >= sizeof(c->made[r])) {
                fprintf(stderr, "kahriz-atlas: %s: path too long\n", arg);
                return -1;
            }
            if (stat(c->made[r], &st) != 0) {
                if (r == CLI_KAHRIZES) {
                    fprintf(stderr,
                            "kahriz-atlas: %s: no kahrizes.csv in this "
                            "directory\n",
                            arg);
                    return -1;
                }
                c->made[r][0] = '\0';
            }
            *role_slot(c, r) = c->made[r][0] ? c->made[r] : NULL;
            c->given[r] = 1;
        }
        return 0;
    }
    if (strstr(base, "assess"))
        role = CLI_ASSESSMENTS;
    else if (strstr(base, "shaft"))
        role = CLI_SHAFTS;
    else if (strstr(base, "district"))
        role = CLI_DISTRICTS;
    else if (cli_has_extension(base, "gpkg")) {
        c->survey = arg;
        return 0;
    }
    *role_slot(c, role) = arg;
    c->given[role] = 1;
    return 0;
}

int cli_common_parse(cli_common *c, int argc, char **argv, int *i)
{
    int bad = 0, role;
    const char *v = NULL;

    for (role = 0; role < CLI_ROLES; role++) {
        char opt[32];
        snprintf(opt, sizeof(opt), "--%s", role_names[role]);
        if ((v = cli_opt_value(argc, argv, i, opt, &bad)))
            break;
        if (bad)
            return -1;
    }
    if (v) {
        /* kahrizes are never optional; the others may be "none" */
        *role_slot(c, role) = role == CLI_KAHRIZES ? v : source_or_null(v);
        c->given[role] = 1;
    } else if ((v = cli_opt_value(argc, argv, i, "--survey", &bad))) {
        c->survey = v;
    } else if ((v = cli_opt_value(argc, argv, i, "--kobo", &bad))) {
        c->src.kobo = v;
    } else if ((v = cli_opt_value(argc, argv, i, "--attachments", &bad))) {
        c->src.attachments = v;
    } else if ((v = cli_opt_value(argc, argv, i, "--max-gps-error", &bad))) {
        char *end;
        double m = strtod(v, &end);
        if (end == v || *end || !(m > 0) || m > 1e6) {
            fprintf(stderr, "kahriz-atlas: --max-gps-error: expected a "
                            "positive number of metres, got \"%s\"\n",
                    v);
            return -1;
        }
        c->src.max_gps_error_m = m;
    } else if (strcmp(argv[*i], "--sample") == 0) {
        c->sample = 1;
    } else if ((!c->crs_is_output &&
                (v = cli_opt_value(argc, argv, i, "--crs", &bad))) ||
               (v = cli_opt_value(argc, argv, i, "--input-crs", &bad))) {
        c->src.default_crs = v;
    } else if ((v = cli_opt_value(argc, argv, i, "--mapping", &bad))) {
        c->src.mapping = v;
    } else if ((v = cli_opt_value(argc, argv, i, "--csv-separator", &bad))) {
        if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
            c->src.csv_separator = '\t';
        else if (strlen(v) == 1 && strchr(",;|\t", v[0]))
            c->src.csv_separator = v[0];
        else {
            fprintf(stderr, "kahriz-atlas: --csv-separator: expected one "
                            "of , ; | tab\n");
            return -1;
        }
    } else if (strcmp(argv[*i], "--decimal-comma") == 0) {
        c->src.decimal_comma = 1;
    } else if (strcmp(argv[*i], "--no-decimal-comma") == 0) {
        c->src.decimal_comma = 0;
    } else if ((v = cli_opt_value(argc, argv, i, "--on-error", &bad))) {
        if (strcmp(v, "fail") == 0)
            c->on_error_skip = 0;
        else if (strcmp(v, "skip") == 0)
            c->on_error_skip = 1;
        else {
            fprintf(stderr, "kahriz-atlas: --on-error: expected fail or "
                            "skip, got \"%s\"\n", v);
            return -1;
        }
    } else if (strcmp(argv[*i], "--overwrite") == 0) {
        c->overwrite = 1;
    } else if (strcmp(argv[*i], "-q") == 0 ||
               strcmp(argv[*i], "--quiet") == 0) {
        c->quiet = 1;
    } else if (!bad && argv[*i][0] != '-') {
        if (positional(c, argv[*i]) < 0)
            return -1;
    } else {
        return bad ? -1 : 0;
    }
    if (bad)
        return -1;
    (*i)++;
    return 1;
}

int cli_sources_resolve(kz_ctx *ctx, cli_common *c)
{
    int any = c->given[CLI_KAHRIZES] || c->given[CLI_ASSESSMENTS] ||
              c->given[CLI_SHAFTS];
    int role;

    if (c->src.kobo && (any || c->survey)) {
        fprintf(stderr, "kahriz-atlas: --kobo gives the kahrizes, "
                        "assessments and shafts; leave out the other survey "
                        "sources\n");
        return KZ_EXIT_USAGE;
    }
    if (c->src.attachments && !c->src.kobo) {
        fprintf(stderr, "kahriz-atlas: --attachments goes with --kobo (the "
                        "photos of a field form export)\n");
        return KZ_EXIT_USAGE;
    }
    any |= c->src.kobo != NULL;
    if (c->sample && (any || c->survey)) {
        fprintf(stderr, "kahriz-atlas: --sample reads the bundled survey; "
                        "leave it out to read your own sources\n");
        return KZ_EXIT_USAGE;
    }
    if (!any && !c->survey) {
        c->src.kahrizes = c->def_kahrizes;
        c->src.assessments = c->def_assessments;
        c->src.shafts = c->def_shafts;
        c->sample_used = 1;
    }
    for (role = 0; c->survey && role < CLI_ROLES; role++) {
        int has;
        if (c->given[role])
            continue;
        has = kz_source_has_layer(ctx, c->survey, role_names[role]);
        if (has < 0) {
            cli_print_error(ctx);
            return cli_exit_code(has);
        }
        if (!has && role == CLI_KAHRIZES) {
            fprintf(stderr,
                    "kahriz-atlas: %s: no layer named \"kahrizes\" "
                    "(--survey reads the layers kahrizes, assessments, "
                    "shafts and districts)\n",
                    c->survey);
            return KZ_EXIT_DATA;
        }
        if (!has)
            continue;
        snprintf(c->made[role], sizeof(c->made[role]), "%s|layername=%s",
                 c->survey, role_names[role]);
        *role_slot(c, role) = c->made[role];
        c->given[role] = 1;
    }
    if (!c->given[CLI_DISTRICTS])
        c->src.districts = c->def_districts;
    if (!c->src.kahrizes && !c->src.kobo) {
        fprintf(stderr, "kahriz-atlas: no kahrizes source: give --kahrizes "
                        "FILE or --survey FILE (--sample reads the bundled "
                        "survey)\n");
        return KZ_EXIT_USAGE;
    }
    return KZ_EXIT_OK;
}

void cli_sources_summary(FILE *fp, const cli_common *c, const kz_survey *sv)
{
    const size_t counts[CLI_ROLES] = {
        kz_survey_kahriz_count(sv), kz_survey_assessment_count(sv),
        kz_survey_shaft_count(sv), kz_survey_district_count(sv)};
    int role;

    fputs(c->sample_used ? "kahriz-atlas: the bundled sample survey:"
                         : "kahriz-atlas: survey:",
          fp);
    for (role = 0; role < CLI_ROLES; role++) {
        const char *src = *role_slot((cli_common *)c, role);
        if (c->src.kobo && role != CLI_DISTRICTS)
            src = c->src.kobo;
        fputs(role ? "," : "", fp);
        if (!src)
            fprintf(fp, " no %s", role_names[role]);
        else if (c->sample_used || (role == CLI_DISTRICTS &&
                                    src == c->def_districts))
            fprintf(fp, " %zu %s%s", counts[role], role_names[role],
                    role == CLI_DISTRICTS && src == c->def_districts &&
                            !c->sample_used
                        ? " (bundled)"
                        : "");
        else
            fprintf(fp, " %zu %s from %s", counts[role], role_names[role],
                    src);
    }
    fputc('\n', fp);
}

void cli_common_help(FILE *fp)
{
    fputs(
        "Sources (a path or an OGR connection string, optionally with\n"
        "|layername=NAME; a GeoPackage without one gives the layer named\n"
        "after the role).  The bundled sample survey is read only when no\n"
        "survey source is given at all; as soon as one is, the roles not\n"
        "given are empty (no assessments: kahrizes are not assessed; no\n"
        "shafts: galleries as known).  Districts default to the bundled\n"
        "ones.  'none' leaves out assessments, shafts or districts.\n"
        "  --kahrizes SRC       kahrizes, one row per kahriz\n"
        "  --assessments SRC    technical assessments, one row per visit\n"
        "  --shafts SRC         shafts, one row per shaft\n"
        "  --districts SRC      district polygons\n"
        "  --survey FILE        every role from one GeoPackage (its layers\n"
        "                       kahrizes, assessments, shafts, districts),\n"
        "                       e.g. the output of 'export'\n"
        "  SOURCE               a path without an option: a directory (its\n"
        "                       kahrizes.csv, assessments.csv, shafts.csv),\n"
        "                       a file whose name says its role (assess,\n"
        "                       shaft, district), a .gpkg (as --survey), or\n"
        "                       else the kahrizes\n"
        "  --kobo FILE          a KoboToolbox export (XLSX or CSV) or an\n"
        "                       ODK Central CSV zip of the kahriz survey form\n"
        "                       (forms/kahriz-survey.xlsx): kahrizes,\n"
        "                       assessments and shafts from the submissions\n"
        "  --attachments DIR    the export's photos (media download); photo\n"
        "                       names are looked up there\n"
        "  --max-gps-error M    GPS precision worse than M metres is a\n"
        "                       warning (default 20)\n"
        "  --sample             the bundled sample survey (the default when\n"
        "                       no source is given)\n"
        "  --input-crs CRS      CRS of rows without a crs column (default\n"
        "                       EPSG:4326); validate, stats and build also\n"
        "                       take it as --crs (map and export: --crs is\n"
        "                       the output's CRS)\n"
        "  --mapping FILE       header mapping ([role.]field = column)\n"
        "  --csv-separator C    , ; | or tab (default: detected)\n"
        "  --decimal-comma      numbers use a decimal comma (default: "
        "detected)\n"
        "  --on-error=fail|skip rejected rows fail the command (default) or\n"
        "                       are reported and left out\n"
        "  --overwrite          replace an existing output file (or write\n"
        "                       into a directory that holds files); without\n"
        "                       it an existing output is never touched\n"
        "  -q, --quiet          nothing on stderr but errors\n",
        fp);
}

int cli_exit_code(int status)
{
    if (status >= 0)
        return KZ_EXIT_OK;
    switch (status) {
    case KZ_EUSAGE:
    case KZ_EINVAL:
        return KZ_EXIT_USAGE;
    case KZ_EDATA:
    case KZ_ESTYLE: /* an invalid style file is bad input too */
        return KZ_EXIT_DATA;
    case KZ_EINTERRUPTED:
        return cli_signal_caught() == SIGTERM ? KZ_EXIT_SIGTERM
                                              : KZ_EXIT_SIGINT;
    default:
        return kz_status_family(status) == KZ_FAMILY_INPUT ||
                       kz_status_family(status) == KZ_FAMILY_PROJECTION
                   ? KZ_EXIT_DATA
                   : KZ_EXIT_FAILURE;
    }
}

void cli_print_error(kz_ctx *ctx)
{
    const kz_error *e = kz_ctx_error(ctx);
    fprintf(stderr, "kahriz-atlas: %s\n",
            e->message[0] ? e->message : kz_status_str(e->code));
}

int cli_load_survey(kz_ctx *ctx, cli_common *c, kz_survey **out)
{
    kz_report *rep = NULL;
    int rc, code;

    *out = NULL;
    if ((code = cli_sources_resolve(ctx, c)) != KZ_EXIT_OK)
        return code;
    if ((rc = kz_report_create(&rep, ctx)) < 0) {
        cli_print_error(ctx);
        return cli_exit_code(rc);
    }
    rc = kz_survey_load(out, ctx, &c->src, rep);
    if (rc == KZ_EDATA) {
        kz_report_write(ctx, rep, stderr, KZ_REPORT_TEXT);
        if (!c->on_error_skip) {
            fprintf(stderr,
                    "kahriz-atlas: %zu input error(s); fix them or use "
                    "--on-error=skip to leave those rows out\n",
                    kz_report_errors(rep));
            kz_survey_destroy(*out);
            *out = NULL;
            code = KZ_EXIT_DATA;
        }
    } else if (rc < 0) {
        cli_print_error(ctx);
        code = cli_exit_code(rc);
    } else if (kz_report_warnings(rep) > 0 && !c->quiet) {
        fprintf(stderr,
                "kahriz-atlas: %zu warning(s) while reading the survey "
                "(run 'kahriz-atlas validate' for the list)\n",
                kz_report_warnings(rep));
    }
    if (*out && !c->quiet)
        cli_sources_summary(stderr, c, *out);
    kz_report_destroy(rep);
    return code;
}

/* ------------------------------------------------------------- signals */

static kz_ctx *signal_ctx;
static volatile sig_atomic_t signal_caught;
/* the contexts of worker threads, interrupted with signal_ctx */
static kz_ctx *signal_workers[CLI_MAX_JOBS];
static volatile sig_atomic_t signal_n_workers;

static void on_signal(int sig)
{
    sig_atomic_t i, n = signal_n_workers;
    signal_caught = sig;
    if (signal_ctx)
        kz_ctx_interrupt(signal_ctx);
    for (i = 0; i < n; i++)
        kz_ctx_interrupt(signal_workers[i]);
}

int cli_signals_add_worker(kz_ctx *ctx)
{
    if (signal_n_workers >= CLI_MAX_JOBS)
        return -1;
    signal_workers[signal_n_workers] = ctx;
    signal_n_workers = signal_n_workers + 1; /* after the slot is set */
    return 0;
}

void cli_signals_drop_workers(void)
{
    signal_n_workers = 0;
}

void cli_signals_install(kz_ctx *ctx)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    signal_ctx = ctx;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* past RLIMIT_FSIZE a write must fail with EFBIG and be reported
     * (output removed), not kill the process with a partial file */
    signal(SIGXFSZ, SIG_IGN);
}

int cli_signal_caught(void)
{
    return signal_caught;
}

static void log_stderr(void *ud, kz_log_level level, const char *msg)
{
    static const char *names[] = {"debug", "info", "warning", "error"};
    (void)ud;
    fprintf(stderr, "kahriz-atlas: %s: %s\n", names[level & 3], msg);
}

int cli_ctx_create(kz_ctx **out, const cli_common *c)
{
    kz_ctx_options o = KZ_CTX_OPTIONS_INIT;
    int rc;
    o.log = log_stderr;
    o.log_level = c->quiet ? KZ_LOG_ERROR : KZ_LOG_WARN;
    rc = kz_ctx_create(out, &o);
    if (rc < 0)
        fprintf(stderr, "kahriz-atlas: cannot create a context: %s\n",
                kz_status_str(rc));
    return rc;
}

/* ------------------------------------------------------- atomic output */

int cli_atomic_open(FILE **fp, char *tmp, size_t cap, const char *path)
{
    int fd;
    *fp = NULL;
    if ((size_t)snprintf(tmp, cap, "%s.tmp-XXXXXX", path) >= cap) {
        fprintf(stderr, "kahriz-atlas: %s: path too long\n", path);
        tmp[0] = '\0';
        return KZ_EXIT_USAGE;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "kahriz-atlas: %s: cannot create: %s\n", path,
                strerror(errno));
        tmp[0] = '\0';
        return KZ_EXIT_FAILURE;
    }
    /* mkstemp creates 0600; outputs are ordinary files */
    fchmod(fd, 0644 & ~umask_get());
    *fp = fdopen(fd, "wb");
    if (!*fp) {
        fprintf(stderr, "kahriz-atlas: %s: %s\n", path, strerror(errno));
        close(fd);
        unlink(tmp);
        tmp[0] = '\0';
        return KZ_EXIT_FAILURE;
    }
    return KZ_EXIT_OK;
}

int cli_atomic_commit(FILE *fp, const char *tmp, const char *path,
                      int overwrite)
{
    struct stat st;
    int err = 0;
    if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0)
        err = errno ? errno : EIO;
    if (fclose(fp) != 0 && !err)
        err = errno ? errno : EIO;
    if (!err && !overwrite && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        fprintf(stderr, "kahriz-atlas: %s: written meanwhile by another run; "
                        "kept as it is (use --overwrite to replace it)\n",
                path);
        unlink(tmp);
        return cli_exit_code(KZ_EEXISTS);
    }
    if (!err && !overwrite && stat(path, &st) != 0) {
        /* no file there: link, which fails when one appears first */
        if (link(tmp, path) != 0)
            err = errno;
        else
            unlink(tmp);
    } else if (!err && rename(tmp, path) != 0) {
        err = errno;
    }
    if (err) {
        fprintf(stderr, "kahriz-atlas: %s: cannot write: %s\n", path,
                strerror(err));
        unlink(tmp);
        return KZ_EXIT_FAILURE;
    }
    return KZ_EXIT_OK;
}

int cli_output_check(const char *path, int overwrite)
{
    struct stat st;

    if (overwrite || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return KZ_EXIT_OK;
    fprintf(stderr, "kahriz-atlas: %s: exists; use --overwrite to replace "
                    "it\n",
            path);
    return cli_exit_code(KZ_EEXISTS);
}

int cli_output_dir_check(const char *dir, int overwrite)
{
    DIR *d;
    struct dirent *e;
    int full = 0;

    if (overwrite || !(d = opendir(dir)))
        return KZ_EXIT_OK;
    while (!full && (e = readdir(d)) != NULL)
        full = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    if (!full)
        return KZ_EXIT_OK;
    fprintf(stderr, "kahriz-atlas: %s: holds files already; use --overwrite "
                    "to write into it\n",
            dir);
    return cli_exit_code(KZ_EEXISTS);
}

int cli_mkdir_p(const char *dir)
{
    char path[4096];
    size_t i, n = strlen(dir);

    if (n == 0 || n >= sizeof(path)) {
        fprintf(stderr, "kahriz-atlas: %s: not a usable directory name\n",
                dir);
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) < 0 && errno != EEXIST) {
            fprintf(stderr, "kahriz-atlas: %s: %s\n", path,
                    strerror(errno));
            return -1;
        }
        path[i] = dir[i];
    }
    return 0;
}

/* ------------------------------------------------- style and context */

void cli_carto_init(cli_carto *k)
{
    memset(k, 0, sizeof(*k));
}

void cli_carto_help(FILE *fp)
{
    fputs("  --neighbours, --sea, --rivers, --lakes, --towns FILE\n"
          "                        context layers in place of the bundled "
          "ones\n"
          "                        ('none': left out)\n"
          "  --reference [KIND=]SOURCE\n"
          "                        reference layers from any OGR source "
          "(OpenStreetMap\n"
          "                        .osm/.osm.pbf, GeoPackage, Shapefile...), "
          "repeatable;\n"
          "                        KIND: rivers, water, places or roads "
          "(default: told\n"
          "                        from tags, geometry and fields)\n",
          fp);
}

/* "--reference [KIND=]SOURCE": a known kind before '=' names the kind;
 * anything else is the whole source (a path may hold '='). */
static int reference_arg(cli_carto *k, const char *v)
{
    static const char *const kinds[] = {"rivers", "water", "places",
                                        "roads", "auto"};
    static const kz_reference_kind ids[] = {KZ_REF_RIVERS, KZ_REF_WATER,
                                            KZ_REF_PLACES, KZ_REF_ROADS,
                                            KZ_REF_AUTO};
    const char *eq = strchr(v, '=');
    size_t i;

    if (k->n_refs >= CLI_MAX_REFERENCES) {
        fprintf(stderr, "kahriz-atlas: at most %d --reference sources\n",
                CLI_MAX_REFERENCES);
        return -1;
    }
    k->ref_kind[k->n_refs] = KZ_REF_AUTO;
    k->refs[k->n_refs] = v;
    for (i = 0; eq && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if ((size_t)(eq - v) == strlen(kinds[i]) &&
            strncmp(v, kinds[i], (size_t)(eq - v)) == 0) {
            k->ref_kind[k->n_refs] = ids[i];
            k->refs[k->n_refs] = eq + 1;
        }
    if (!*k->refs[k->n_refs]) {
        fprintf(stderr, "kahriz-atlas: --reference %s: no source\n", v);
        return -1;
    }
    k->n_refs++;
    return 0;
}

int cli_carto_parse(cli_carto *k, int argc, char **argv, int *i)
{
    int bad = 0;
    const char *v;
    if ((v = cli_opt_value(argc, argv, i, "--style", &bad)))
        k->style = v;
    else if ((v = cli_opt_value(argc, argv, i, "--neighbours", &bad)))
        k->neighbours = v;
    else if ((v = cli_opt_value(argc, argv, i, "--sea", &bad)))
        k->sea = v;
    else if ((v = cli_opt_value(argc, argv, i, "--rivers", &bad)))
        k->rivers = v;
    else if ((v = cli_opt_value(argc, argv, i, "--lakes", &bad)))
        k->lakes = v;
    else if ((v = cli_opt_value(argc, argv, i, "--towns", &bad)))
        k->towns = v;
    else if ((v = cli_opt_value(argc, argv, i, "--dem", &bad)))
        k->dem = v;
    else if ((v = cli_opt_value(argc, argv, i, "--dem-credit", &bad)))
        k->dem_credit = v;
    else if ((v = cli_opt_value(argc, argv, i, "--reference", &bad))) {
        if (reference_arg(k, v) < 0)
            return -1;
    } else
        return bad ? -1 : 0;
    (*i)++;
    return 1;
}

/* The bundled file name under the data directory unless given; NULL for
 * "none". */
static const char *bundled(const char **given, char *buf, size_t cap,
                           const cli_common *c, const char *name)
{
    if (!*given) {
        snprintf(buf, cap, "%s/%s", c->data_dir, name);
        *given = buf;
    }
    return strcmp(*given, "none") ? *given : NULL;
}

int cli_carto_load(kz_ctx *ctx, const cli_common *c, cli_carto *k,
                   kz_style **style, kz_basemap **basemap)
{
    const char *layer[3];
    static const kz_reference_kind layer_kind[3] = {
        KZ_REF_RIVERS, KZ_REF_WATER, KZ_REF_PLACES};
    size_t i;
    int rc;
    if (!k->style) {
        snprintf(k->path[0], sizeof(k->path[0]), "%s/default.json",
                 c->styles_dir);
        k->style = k->path[0];
    }
    bundled(&k->neighbours, k->path[1], sizeof(k->path[1]), c,
            "neighbours.geojson");
    bundled(&k->sea, k->path[2], sizeof(k->path[2]), c, "sea.geojson");
    layer[0] = bundled(&k->rivers, k->path[3], sizeof(k->path[3]), c,
                       "rivers.geojson");
    layer[1] = bundled(&k->lakes, k->path[4], sizeof(k->path[4]), c,
                       "lakes.geojson");
    layer[2] = bundled(&k->towns, k->path[5], sizeof(k->path[5]), c,
                       "towns.geojson");
    /* Kahriz Sans, when it was built and installed: without it a style
     * falls back to the next family it names */
    if (c->fonts_dir[0] && is_dir(c->fonts_dir) &&
        (rc = kz_fonts_add_dir(ctx, c->fonts_dir)) < 0) {
        cli_print_error(ctx);
        return cli_exit_code(rc);
    }
    if ((rc = kz_style_load(style, ctx, k->style)) < 0 ||
        (rc = kz_basemap_load(basemap, ctx,
                              strcmp(k->neighbours, "none") ? k->neighbours
                                                            : NULL,
                              strcmp(k->sea, "none") ? k->sea : NULL)) < 0 ||
        (k->dem && (rc = kz_basemap_set_dem(*basemap, k->dem)) < 0) ||
        (k->dem_credit &&
         (rc = kz_basemap_set_dem_credit(*basemap, k->dem_credit)) < 0)) {
        cli_print_error(ctx);
        return cli_exit_code(rc);
    }
    for (i = 0; i < 3; i++)
        if (layer[i] &&
            (rc = kz_basemap_add_reference(*basemap, layer[i],
                                           layer_kind[i])) < 0) {
            cli_print_error(ctx);
            return cli_exit_code(rc);
        }
    for (i = 0; i < k->n_refs; i++)
        if ((rc = kz_basemap_add_reference(*basemap, k->refs[i],
                                           k->ref_kind[i])) < 0) {
            cli_print_error(ctx);
            return cli_exit_code(rc);
        }
    return KZ_EXIT_OK;
}
