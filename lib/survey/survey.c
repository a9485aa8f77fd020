/*
 * survey.c - a survey's life: loaded from its sources (read row by row
 * by ingest/, each kahriz then assigned to its district and the country's
 * outline made by aggregate/) and destroyed with what aggregate/ keeps in
 * it (the district locator).
 */
#include "aggregate/aggregate.h"
#include "aggregate/locator.h"

/* The union of the districts, for maps that show the country as one
 * shape (the inset locator).  Best effort: without it (a union GEOS cannot
 * make), they draw the districts one by one; but an allocation failure is
 * the load's KZ_ENOMEM, as anywhere else.  Well under a millisecond for
 * the bundled 77 districts. */
static int country_union(kz_ctx *ctx, kz_survey *sv)
{
    unsigned long nomem = ctx->nomem;
    uint32_t *ds;
    size_t i, n = 0;

    if (sv->n_districts == 0)
        return KZ_OK;
    if (!(ds = kz__calloc(ctx, sv->n_districts, sizeof(*ds))))
        return KZ_ENOMEM;
    for (i = 0; i < sv->n_districts; i++)
        if (sv->district_geoms[i])
            ds[n++] = (uint32_t)i;
    sv->country = kz__districts_union(ctx, sv, ds, n);
    kz__free(ctx, ds);
    return !sv->country && ctx->nomem != nomem ? KZ_ENOMEM : KZ_OK;
}

int kz_survey_load(kz_survey **out, kz_ctx *ctx, const kz_sources *sources,
                   kz_report *report)
{
    kz_survey *sv = NULL;
    kz_rejected rej;
    int rc;

    KZ_ASSERT_ARG(ctx, ctx);
    KZ_ASSERT_ARG(ctx, out && sources);
    *out = NULL;
    if ((rc = kz__survey_read(&sv, ctx, sources, report, &rej)) < 0)
        return rc;
    if (sv->n_districts > 0 && (rc = kz__survey_assign(ctx, sv, report)) < 0)
        goto done;
    if ((rc = country_union(ctx, sv)) < 0)
        goto done;
    if (rej.rows || rej.sources) {
        if (rej.rows > 1)
            rc = kz__error(ctx, KZ_EDATA, rej.file, rej.row, rej.field,
                           "%s (and %ld more rejected rows)", rej.msg,
                           rej.rows - 1);
        else
            rc = kz__error(ctx, KZ_EDATA, rej.file, rej.row, rej.field, "%s",
                           rej.msg);
    }
    *out = sv;
    sv = NULL;
done:
    kz_survey_destroy(sv);
    return rc;
}

void kz_survey_destroy(kz_survey *sv)
{
    if (!sv)
        return;
    /* the locator points into the district geometries: release it first */
    kz__locator_destroy(sv->ctx, sv->locator);
    sv->locator = NULL;
    kz__survey_free(sv);
}
