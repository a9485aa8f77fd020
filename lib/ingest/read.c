/*
 * read.c - a survey's sources read in order: the kahrizes, assessments
 * and shafts tables (or a field form export), then the districts, with
 * the header mapping checked before and after; the survey sorted, not yet
 * assigned to its districts (survey/ does that).
 */
#include "ingest/load.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Open, bind and read one table source.  Returns KZ_OK (rows rejected are
 * counted in ls), or a fatal code. */
static int read_table(kz_load *ls, const char *role, const char *spec,
                      kz_table table)
{
    kz_ctx *ctx = ls->ctx;
    kz_src src;
    int rc;

    if ((rc = kz__src_open(ctx, &src, role, spec, ls->opts)) < 0)
        goto done;
    if ((rc = kz__report_begin_source(ls->report, role, spec, &src.slot)) <
        0)
        goto done;
    if (src.empty_file) {
        kz_row rs = {ls, &src, 0, 0};
        kz__row_error(&rs, "", "the file is empty (no header line)");
        ls->rejected_sources++;
        goto done;
    }
    rc = kz__read_source(ls, &src, table);
done:
    kz__src_close(ctx, &src);
    return rc;
}

/* Mapping lines checked before any source is read: a line's field must
 * be one of its role's (the district fields are checked when the
 * districts are bound).  KZ_EINPUT naming the mapping file's line. */
static int check_mapping_fields(kz_load *ls)
{
    static const char *const roles[3] = {"kahrizes", "assessments",
                                         "shafts"};
    struct {
        const char *role;
        const kz_colspec *specs;
        size_t n;
    } tables[3];
    size_t m, t, i;
    char q[160];
    int rc = KZ_OK;

    for (t = 0; t < 3; t++) {
        tables[t].role = roles[t];
        kz__table_cols((kz_table)t, &tables[t].specs, &tables[t].n);
    }

    for (m = 0; m < ls->map.n && rc == KZ_OK; m++) {
        const kz_mapping *mp = &ls->map.items[m];
        int known = 0, own = -1;
        kz_buf names;
        for (t = 0; t < 3; t++) {
            if (mp->role && strcmp(mp->role, tables[t].role) != 0)
                continue;
            own = (int)t;
            for (i = 0; i < tables[t].n; i++)
                known |= strcmp(tables[t].specs[i].name, mp->canonical) == 0;
        }
        if (known || (mp->role && own < 0) ||
            (!mp->role && ls->opts->districts))
            continue; /* districts: checked when they are bound */
        kz__quote_value(q, sizeof(q), mp->canonical);
        kz__buf_init(&names, ls->ctx);
        if (mp->role)
            rc = kz__colspec_names(&names, tables[own].specs, tables[own].n);
        if (rc == KZ_OK && mp->role)
            rc = kz__error(ls->ctx, KZ_EINPUT, ls->map.path, mp->line, NULL,
                           "%s have no field %s (fields: %s)", mp->role, q,
                           names.data);
        else if (rc == KZ_OK)
            rc = kz__error(ls->ctx, KZ_EINPUT, ls->map.path, mp->line, NULL,
                           "unknown field %s", q);
        kz__buf_release(&names);
    }
    return rc;
}

/* Mapping lines without a role, once every source is bound: one of the
 * sources must know the field and have the column. */
static int check_mapping_use(kz_load *ls)
{
    size_t m;
    char q[160];

    for (m = 0; m < ls->map.n; m++) {
        const kz_mapping *mp = &ls->map.items[m];
        if (mp->role || mp->found)
            continue;
        if (!mp->known) {
            int table = 0, t;
            for (t = 0; t < 3; t++) {
                const kz_colspec *specs;
                size_t i, n;
                kz__table_cols((kz_table)t, &specs, &n);
                for (i = 0; i < n; i++)
                    table |= strcmp(specs[i].name, mp->canonical) == 0;
            }
            if (table)
                continue; /* for a source not given this time */
            kz__quote_value(q, sizeof(q), mp->canonical);
            return kz__error(ls->ctx, KZ_EINPUT, ls->map.path, mp->line,
                             NULL, "unknown field %s", q);
        }
        kz__quote_value(q, sizeof(q), mp->header);
        return kz__error(ls->ctx, KZ_EINPUT, ls->map.path, mp->line, NULL,
                         "no source has a column %s", q);
    }
    return KZ_OK;
}

/* The sources' options checked; a version 1 struct is read into v2 and
 * *sources points there.  KZ_EINVAL. */
static int sources_check(kz_ctx *ctx, const kz_sources **sources,
                         kz_sources *v2)
{
    const kz_sources *s = *sources;

    if (s->version == 1) {
        /* a version 1 struct ends at today: the rest keeps its defaults */
        memcpy(v2, s, offsetof(kz_sources, kobo));
        v2->version = KZ_SOURCES_VERSION;
        *sources = s = v2;
    }
    if (s->version != KZ_SOURCES_VERSION)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "kz_sources version %u, expected %u", s->version,
                         KZ_SOURCES_VERSION);
    if (!s->kahrizes && !s->kobo)
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "no kahrizes source given");
    if (s->kobo && (s->kahrizes || s->assessments || s->shafts))
        return kz__error(ctx, KZ_EINVAL, s->kobo, 0, NULL,
                         "a field form export gives the kahrizes, "
                         "assessments and shafts: leave the other survey "
                         "sources out");
    if (s->max_gps_error_m < 0 || isnan(s->max_gps_error_m))
        return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                         "the GPS precision threshold must be a positive "
                         "number of metres");
    return KZ_OK;
}

/* The default CRS resolved, then every source read in order: the
 * tables (or a form's export), then the districts. */
static int read_all(kz_load *ls, const kz_sources *sources)
{
    kz_crs *c;
    int rc;

    ls->default_crs = sources->default_crs ? sources->default_crs
                                           : KZ_CRS_WGS84;
    if (!(c = kz__crs_get(ls, ls->default_crs)))
        return ls->fatal;
    if (!c->ok)
        return kz__error(ls->ctx, KZ_EPROJ, NULL, 0, NULL,
                         "unknown default CRS \"%s\"", ls->default_crs);
    if (sources->kahrizes &&
        (rc = read_table(ls, "kahrizes", sources->kahrizes,
                         KZ_TABLE_KAHRIZES)) < 0)
        return rc;
    if (sources->assessments &&
        (rc = read_table(ls, "assessments", sources->assessments,
                         KZ_TABLE_ASSESSMENTS)) < 0)
        return rc;
    if (sources->shafts &&
        (rc = read_table(ls, "shafts", sources->shafts, KZ_TABLE_SHAFTS)) <
            0)
        return rc;
    if (sources->kobo && (rc = kz__read_kobo(ls, sources->kobo)) < 0)
        return rc;
    if (sources->districts &&
        (rc = kz__read_districts(ls, sources->districts)) < 0)
        return rc;
    return check_mapping_use(ls);
}

int kz__survey_read(kz_survey **out, kz_ctx *ctx, const kz_sources *sources,
                    kz_report *report, kz_rejected *rej)
{
    kz_load ls;
    kz_survey *sv = NULL;
    kz_gdal_scope gdal;
    kz_sources v2 = KZ_SOURCES_INIT;
    size_t i;
    int rc;

    KZ_ASSERT_ARG(ctx, ctx);
    KZ_ASSERT_ARG(ctx, out && sources);
    *out = NULL;
    if ((rc = sources_check(ctx, &sources, &v2)) < 0)
        return rc;
    memset(&ls, 0, sizeof(ls));
    ls.ctx = ctx;
    ls.opts = sources;
    ls.report = report;
    ls.today = sources->today ? sources->today : kz__today();
    ls.max_gps_error_m = sources->max_gps_error_m > 0
                             ? sources->max_gps_error_m
                             : KZ_MAX_GPS_ERROR_M;
    kz__arena_init(&ls.scratch, ctx, 16 * 1024);
    kz__buf_init(&ls.id, ctx);
    kz__gdal_push(&gdal, ctx);

    sv = kz__calloc(ctx, 1, sizeof(*sv));
    if (!sv) {
        rc = KZ_ENOMEM;
        goto done;
    }
    sv->ctx = ctx;
    kz__arena_init(&sv->strings, ctx, 256 * 1024);
    ls.sv = sv;
    if ((rc = kz__mappings_load(ctx, &ls.map, sources->mapping)) < 0 ||
        (rc = check_mapping_fields(&ls)) < 0)
        goto done;
    if ((rc = read_all(&ls, sources)) < 0 ||
        (rc = kz__survey_finish(ctx, sv)) < 0)
        goto done;
    memset(rej, 0, sizeof(*rej));
    rej->rows = ls.rejected_rows;
    rej->sources = ls.rejected_sources;
    memcpy(rej->file, ls.first_file, sizeof(rej->file));
    memcpy(rej->field, ls.first_field, sizeof(rej->field));
    memcpy(rej->msg, ls.first_msg, sizeof(rej->msg));
    rej->row = ls.first_row;
    *out = sv;
    sv = NULL;
done:
    kz__gdal_pop(&gdal);
    kz__survey_free(sv);
    for (i = 0; i < ls.n_crs; i++)
        kz__free(ctx, ls.crs[i].crs);
    kz__free(ctx, ls.crs);
    kz__mappings_release(ctx, &ls.map);
    kz__strmap_release(ctx, &ls.rejected_ids);
    kz__strmap_release(ctx, &ls.shaft_seqs);
    kz__strmap_release(ctx, &ls.visit_dates);
    kz__arena_release(&ls.scratch);
    kz__buf_release(&ls.id);
    return rc;
}
