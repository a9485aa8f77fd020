/*
 * survey.c - the loaded survey: accessors, release, class names and the
 * final grouping.  Invariant after kz__survey_finish: the kahrizes are
 * in the order of their ids (bytewise), whatever the order of the rows
 * they came from; the assessments of kahriz k are
 * assessments[first_assessment .. +n_assessments), sorted by date, visits
 * of one date in an order that does not depend on the order of the rows
 * (kz__assessment_order); shafts by seq (equal numbers keep source
 * order).
 */
#include "ingest/ingest.h"

#include <math.h>
#include <string.h>

void kz__survey_free(kz_survey *sv)
{
    kz_ctx *ctx;
    size_t i;

    if (!sv)
        return;
    ctx = sv->ctx;
    if (sv->district_geoms) {
        GEOSContextHandle_t h = ctx->geos;
        for (i = 0; i < sv->n_districts; i++)
            if (sv->district_geoms[i] && h)
                GEOSGeom_destroy_r(h, sv->district_geoms[i]);
        kz__free(ctx, sv->district_geoms);
    }
    if (sv->country && ctx->geos)
        GEOSGeom_destroy_r(ctx->geos, sv->country);
    kz__free(ctx, sv->kahrizes);
    kz__free(ctx, sv->assessments);
    kz__free(ctx, sv->shafts);
    kz__free(ctx, sv->districts);
    kz__strmap_release(ctx, &sv->kahriz_ids);
    kz__strmap_release(ctx, &sv->district_codes);
    kz__arena_release(&sv->strings);
    kz__free(ctx, sv);
}

size_t kz_survey_kahriz_count(const kz_survey *sv)
{
    return sv ? sv->n_kahrizes : 0;
}

const kz_kahriz *kz_survey_kahriz(const kz_survey *sv, size_t i)
{
    return sv && i < sv->n_kahrizes ? &sv->kahrizes[i] : NULL;
}

long kz_survey_find(const kz_survey *sv, const char *id)
{
    uint32_t v;
    if (!sv || !id || !kz__strmap_get(&sv->kahriz_ids, id, &v))
        return -1;
    return (long)v;
}

size_t kz_survey_assessment_count(const kz_survey *sv)
{
    return sv ? sv->n_assessments : 0;
}

const kz_assessment *kz_survey_assessment(const kz_survey *sv, size_t i)
{
    return sv && i < sv->n_assessments ? &sv->assessments[i] : NULL;
}

const kz_assessment *kz_survey_history(const kz_survey *sv, size_t k,
                                       size_t *n)
{
    const kz_kahriz *kz = kz_survey_kahriz(sv, k);
    if (n)
        *n = kz ? kz->n_assessments : 0;
    if (!kz || kz->n_assessments == 0)
        return NULL;
    return &sv->assessments[kz->first_assessment];
}

const kz_assessment *kz_survey_latest(const kz_survey *sv, size_t k)
{
    const kz_kahriz *kz = kz_survey_kahriz(sv, k);
    if (!kz || kz->n_assessments == 0)
        return NULL;
    return &sv->assessments[kz->first_assessment + kz->n_assessments - 1];
}

size_t kz_survey_shaft_count(const kz_survey *sv)
{
    return sv ? sv->n_shafts : 0;
}

const kz_shaft *kz_survey_shaft(const kz_survey *sv, size_t i)
{
    return sv && i < sv->n_shafts ? &sv->shafts[i] : NULL;
}

size_t kz_survey_district_count(const kz_survey *sv)
{
    return sv ? sv->n_districts : 0;
}

const kz_district *kz_survey_district(const kz_survey *sv, size_t i)
{
    return sv && i < sv->n_districts ? &sv->districts[i] : NULL;
}

long kz_survey_find_district(const kz_survey *sv, const char *code)
{
    uint32_t v;
    if (!sv || !code || !kz__strmap_get(&sv->district_codes, code, &v))
        return -1;
    return (long)v;
}

/* ------------------------------------------------------------- classes */

const char *kz_condition_name(kz_condition c)
{
    static const char *const names[KZ_COND_COUNT] = {
        "", "good", "fair", "poor", "dry", "collapsed"};
    return (unsigned)c < KZ_COND_COUNT ? names[c] : "";
}

const char *kz_drinkable_name(kz_drinkable d)
{
    switch (d) {
    case KZ_DRINK_YES:
        return "yes";
    case KZ_DRINK_NO:
        return "no";
    default:
        return "";
    }
}

const char *kz_rehab_name(kz_rehab r)
{
    static const char *const names[] = {"", "none", "planned", "ongoing",
                                        "done"};
    return (unsigned)r <= KZ_REHAB_DONE ? names[r] : "";
}

kz_condition kz_condition_parse(const char *s)
{
    /* folded forms: English, Azerbaijani (diacritics folded), codes */
    static const struct {
        const char *word;
        kz_condition c;
    } words[] = {
        {"good", KZ_COND_GOOD},     {"fair", KZ_COND_FAIR},
        {"poor", KZ_COND_POOR},     {"dry", KZ_COND_DRY},
        {"collapsed", KZ_COND_COLLAPSED},
        {"yaxsi", KZ_COND_GOOD},    {"kafi", KZ_COND_FAIR},
        {"pis", KZ_COND_POOR},      {"quru", KZ_COND_DRY},
        {"ucmus", KZ_COND_COLLAPSED},
        {"1", KZ_COND_GOOD},        {"2", KZ_COND_FAIR},
        {"3", KZ_COND_POOR},        {"4", KZ_COND_DRY},
        {"5", KZ_COND_COLLAPSED},
    };
    char w[32];
    size_t i;

    if (!s)
        return KZ_COND_UNASSESSED;
    kz__fold_word(w, sizeof(w), s);
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcmp(w, words[i].word) == 0)
            return words[i].c;
    return KZ_COND_UNASSESSED;
}

/* ------------------------------------------------------------ grouping */

static int cmp_num(double a, double b)
{
    return a < b ? -1 : a > b;
}

static int cmp_text(const char *a, const char *b)
{
    int c = strcmp(a ? a : "", b ? b : "");
    return c < 0 ? -1 : c > 0;
}

int kz__assessment_order(const kz_assessment *a, const kz_assessment *b,
                         const char **why)
{
    int c;
    const char *w = "";

    if ((c = cmp_num(a->date, b->date)) != 0) {
        w = "date";
    } else if (a->submitted_at[0] && b->submitted_at[0] &&
               (c = cmp_text(a->submitted_at, b->submitted_at)) != 0) {
        w = "submission time";
    } else if ((c = cmp_num(a->condition, b->condition)) != 0) {
        w = "worse condition"; /* the enum runs from good to collapsed */
    } else if ((c = cmp_num(isnan(b->discharge_l_s) ? HUGE_VAL
                                                    : b->discharge_l_s,
                            isnan(a->discharge_l_s) ? HUGE_VAL
                                                    : a->discharge_l_s)) !=
               0) {
        w = "lower discharge"; /* an unknown one before any measured */
    } else if ((c = cmp_num(a->households_served, b->households_served)) ||
               (c = cmp_num(a->shafts_open, b->shafts_open)) ||
               (c = cmp_num(a->shafts_collapsed, b->shafts_collapsed)) ||
               (c = cmp_num(a->drinkable, b->drinkable)) ||
               (c = cmp_num(a->rehab_status, b->rehab_status)) ||
               (c = cmp_num(a->rehab_year, b->rehab_year)) ||
               (c = cmp_text(a->uuid, b->uuid)) ||
               (c = cmp_text(a->assessor, b->assessor)) ||
               (c = cmp_text(a->notes_az, b->notes_az)) ||
               (c = cmp_text(a->notes_en, b->notes_en)) ||
               (c = cmp_text(a->submitted_at, b->submitted_at))) {
        w = "other values";
    }
    if (why)
        *why = w;
    return c;
}

/* Stable bottom-up merge sort of n records of size sz by cmp(). */
typedef int (*cmp_fn)(const void *a, const void *b);

static int assessment_cmp(const void *a, const void *b)
{
    return kz__assessment_order(a, b, NULL);
}

static int shaft_cmp(const void *a, const void *b)
{
    return cmp_num(((const kz_shaft *)a)->seq, ((const kz_shaft *)b)->seq);
}

static void merge_sort(unsigned char *a, unsigned char *tmp, size_t n,
                       size_t sz, cmp_fn cmp)
{
    size_t width, i;
    unsigned char *src = a, *dst = tmp;

    for (width = 1; width < n; width *= 2) {
        for (i = 0; i < n; i += 2 * width) {
            size_t lo = i, mid = i + width < n ? i + width : n;
            size_t hi = i + 2 * width < n ? i + 2 * width : n;
            size_t l = lo, r = mid, k = lo;
            while (l < mid && r < hi) {
                if (cmp(src + r * sz, src + l * sz) < 0)
                    memcpy(dst + k++ * sz, src + r++ * sz, sz);
                else
                    memcpy(dst + k++ * sz, src + l++ * sz, sz);
            }
            if (l < mid)
                memcpy(dst + k * sz, src + l * sz, (mid - l) * sz);
            k += mid - l;
            if (r < hi)
                memcpy(dst + k * sz, src + r * sz, (hi - r) * sz);
        }
        {
            unsigned char *t = src;
            src = dst;
            dst = t;
        }
    }
    if (src != a)
        memcpy(a, src, n * sz);
}

static int sorted_by(const unsigned char *a, size_t n, size_t sz,
                     cmp_fn cmp)
{
    size_t i;
    for (i = 1; i < n; i++)
        if (cmp(a + i * sz, a + (i - 1) * sz) < 0)
            return 0;
    return 1;
}

/*
 * Group n records (kahriz index at offset 0) by kahriz with a stable
 * counting sort applied in place by following permutation cycles, so that
 * a million-row table needs only one index array beside it; then sort each
 * group by cmp.  first/count receive per-kahriz ranges.
 */
static int group(kz_ctx *ctx, kz_survey *sv, void *recs, size_t n, size_t sz,
                 cmp_fn cmp, int is_shaft)
{
    unsigned char *a = recs;
    uint32_t *start = NULL, *dest = NULL;
    unsigned char *tmp = NULL, *hold = NULL;
    size_t nk = sv->n_kahrizes, i, maxg = 0;
    int rc = KZ_OK;

    if (nk == 0)
        return KZ_OK;
    start = kz__calloc(ctx, nk + 1, sizeof(*start));
    hold = kz__malloc(ctx, sz * 2);
    if (!start || !hold) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < n; i++)
        start[*(const uint32_t *)(a + i * sz) + 1]++;
    for (i = 0; i < nk; i++) {
        if (start[i + 1] > maxg)
            maxg = start[i + 1];
        start[i + 1] += start[i];
    }
    if (n) {
        dest = kz__mallocarray(ctx, n, sizeof(*dest));
        if (!dest) {
            rc = KZ_ENOMEM;
            goto done;
        }
        {
            /* next free slot per kahriz, reusing a copy of start */
            uint32_t *next = kz__mallocarray(ctx, nk, sizeof(*next));
            if (!next) {
                rc = KZ_ENOMEM;
                goto done;
            }
            memcpy(next, start, nk * sizeof(*next));
            for (i = 0; i < n; i++)
                dest[i] = next[*(const uint32_t *)(a + i * sz)]++;
            kz__free(ctx, next);
        }
        /* apply: the record at i belongs at dest[i] */
        for (i = 0; i < n; i++) {
            while (dest[i] != i) {
                uint32_t d = dest[i];
                memcpy(hold, a + (size_t)d * sz, sz);
                memcpy(a + (size_t)d * sz, a + i * sz, sz);
                memcpy(a + i * sz, hold, sz);
                dest[i] = dest[d];
                dest[d] = d;
            }
        }
    }
    for (i = 0; i < nk; i++) {
        uint32_t first = start[i], cnt = start[i + 1] - start[i];
        /* a is NULL when there are no records at all */
        unsigned char *g = cnt ? a + (size_t)first * sz : NULL;
        if (cnt > 1 && !sorted_by(g, cnt, sz, cmp)) {
            if (!tmp && !(tmp = kz__mallocarray(ctx, maxg, sz))) {
                rc = KZ_ENOMEM;
                goto done;
            }
            merge_sort(g, tmp, cnt, sz, cmp);
        }
        if (is_shaft) {
            sv->kahrizes[i].first_shaft = first;
            sv->kahrizes[i].n_shafts = cnt;
        } else {
            sv->kahrizes[i].first_assessment = first;
            sv->kahrizes[i].n_assessments = cnt;
        }
    }
done:
    kz__free(ctx, start);
    kz__free(ctx, dest);
    kz__free(ctx, tmp);
    kz__free(ctx, hold);
    return rc;
}

/* Kahrizes by id, bytewise. */
static int id_cmp(const void *pa, const void *pb)
{
    const kz_kahriz *a = pa, *b = pb;
    return strcmp(a->id, b->id);
}

/* The kahrizes in the order of their ids, each assessment, shaft and id
 * map entry following its kahriz.  KZ_ENOMEM. */
static int order_kahrizes(kz_ctx *ctx, kz_survey *sv)
{
    size_t n = sv->n_kahrizes, i;
    uint32_t *inv;
    int rc = KZ_OK;

    for (i = 1; i < n; i++)
        if (strcmp(sv->kahrizes[i - 1].id, sv->kahrizes[i].id) > 0)
            break;
    if (i >= n)
        return KZ_OK; /* in order already, as most surveys are */
    if (!(inv = kz__mallocarray(ctx, n, sizeof(*inv))))
        return KZ_ENOMEM;
    /* ids are unique: the order is total and qsort's instability
     * cannot show; each record notes where it came from first */
    for (i = 0; i < n; i++)
        sv->kahrizes[i].first_assessment = (uint32_t)i;
    qsort(sv->kahrizes, n, sizeof(*sv->kahrizes), id_cmp);
    for (i = 0; i < n; i++)
        inv[sv->kahrizes[i].first_assessment] = (uint32_t)i;
    for (i = 0; i < sv->n_assessments; i++)
        sv->assessments[i].kahriz = inv[sv->assessments[i].kahriz];
    for (i = 0; i < sv->n_shafts; i++)
        sv->shafts[i].kahriz = inv[sv->shafts[i].kahriz];
    for (i = 0; i < sv->kahriz_ids.cap; i++)
        if (sv->kahriz_ids.keys[i])
            sv->kahriz_ids.vals[i] = inv[sv->kahriz_ids.vals[i]];
    kz__free(ctx, inv);
    return rc;
}

int kz__survey_finish(kz_ctx *ctx, kz_survey *sv)
{
    int rc;
    if ((rc = order_kahrizes(ctx, sv)) < 0 ||
        (rc = group(ctx, sv, sv->assessments, sv->n_assessments,
                    sizeof(kz_assessment), assessment_cmp, 0)) < 0)
        return rc;
    return group(ctx, sv, sv->shafts, sv->n_shafts, sizeof(kz_shaft),
                 shaft_cmp, 1);
}
