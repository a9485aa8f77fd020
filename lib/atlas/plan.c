/*
 * plan.c - the page plan of the atlas, computed before anything is drawn:
 * which regions and districts get pages, how many table rows, sheets and
 * gazetteer lines fit on a page, and so every page number.  Invariant:
 * drawing follows the plan exactly, so the contents, the gazetteer, the
 * links and the bookmarks are right by construction.
 */
#include "atlas/atlas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int kz__atlas_section_index(unsigned bit)
{
    int i;
    for (i = 0; i < KZ_ATLAS_SECTION_COUNT; i++)
        if (bit == 1u << i)
            return i;
    return 0;
}

/* qsort has no user data: the survey for the comparators lives here, set
 * and used only while planning, which runs on the calling thread before any
 * worker starts. */
static _Thread_local const kz_survey *sort_sv;

static int by_id(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    int c = strcmp(kz_survey_kahriz(sort_sv, a)->id,
                   kz_survey_kahriz(sort_sv, b)->id);
    return c ? c : (a > b) - (a < b);
}

static int by_name_az(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const kz_kahriz *ka = kz_survey_kahriz(sort_sv, a),
                    *kb = kz_survey_kahriz(sort_sv, b);
    int c = kz_collate_az(ka->name_az, kb->name_az);
    if (!c)
        c = strcmp(ka->id, kb->id);
    return c ? c : (a > b) - (a < b);
}

static int by_name_en(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const kz_kahriz *ka = kz_survey_kahriz(sort_sv, a),
                    *kb = kz_survey_kahriz(sort_sv, b);
    int c = kz_collate_en(ka->name_en, kb->name_en);
    if (!c)
        c = strcmp(ka->id, kb->id);
    return c ? c : (a > b) - (a < b);
}

/* Survey districts (indices): by name in Azerbaijani order, then code. */
static int survey_dist_cmp(const void *pa, const void *pb)
{
    const kz_district *a = kz_survey_district(sort_sv, *(const size_t *)pa),
                      *b = kz_survey_district(sort_sv, *(const size_t *)pb);
    int c = kz_collate_az(a->name_az, b->name_az);
    return c ? c : strcmp(a->code, b->code);
}

/* Districts: by region name, then by name, both in Azerbaijani order;
 * the unassigned group last. */
static int dist_cmp(const void *pa, const void *pb)
{
    const atlas_dist *a = pa, *b = pb;
    const kz_district *da, *db;
    int c;
    if ((a->d < 0) != (b->d < 0))
        return a->d < 0 ? 1 : -1;
    if (a->d < 0)
        return 0;
    da = kz_survey_district(sort_sv, (size_t)a->d);
    db = kz_survey_district(sort_sv, (size_t)b->d);
    if ((c = kz_collate_az(da->region_az, db->region_az)) != 0 ||
        (c = strcmp(da->region_code, db->region_code)) != 0 ||
        (c = kz_collate_az(da->name_az, db->name_az)) != 0)
        return c;
    return strcmp(da->code, db->code);
}

static int add_page(atlas_doc *doc, size_t *cap, atlas_kind kind,
                    unsigned section, long a, size_t first, size_t n)
{
    atlas_page *p;
    int rc;
    if ((rc = kz__grow(doc->ctx, (void **)&doc->pages, cap, doc->n_pages + 1,
                       sizeof(*doc->pages))) < 0)
        return rc;
    p = &doc->pages[doc->n_pages++];
    p->kind = kind;
    p->section = section;
    p->a = a;
    p->first = first;
    p->n = n;
    if (!doc->section_page[kz__atlas_section_index(section)])
        doc->section_page[kz__atlas_section_index(section)] =
            (long)doc->n_pages;
    return KZ_OK;
}

static int add_entry(atlas_doc *doc, size_t *cap, int level, const char *key,
                     const char *az, const char *en)
{
    atlas_entry *e;
    int rc;
    if ((rc = kz__grow(doc->ctx, (void **)&doc->entries, cap,
                       doc->n_entries + 1, sizeof(*doc->entries))) < 0)
        return rc;
    e = &doc->entries[doc->n_entries++];
    e->level = level;
    e->key = key;
    e->az = az;
    e->en = en;
    e->page = 0;
    return KZ_OK;
}

static int wanted(const atlas_doc *doc, unsigned bit)
{
    return (doc->o.sections & bit) != 0;
}

/* Which districts get pages, their kahrizes, and the regions. */
static int plan_districts(atlas_doc *doc)
{
    const kz_survey *sv = doc->sv;
    size_t nd = kz_survey_district_count(sv), nk = kz_survey_kahriz_count(sv);
    size_t *count = NULL, *slot = NULL, i, j, n_unassigned = 0;
    unsigned char *keep = NULL;
    int rc = KZ_OK;

    if (!(count = kz__calloc(doc->ctx, nd + 1, sizeof(size_t))) ||
        !(keep = kz__calloc(doc->ctx, nd + 1, 1)) ||
        !(slot = kz__calloc(doc->ctx, nd + 1, sizeof(size_t)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < nk; i++) {
        int32_t d = kz_survey_kahriz(sv, i)->district;
        if (d >= 0 && (size_t)d < nd)
            count[d]++;
        else
            n_unassigned++;
    }
    if (doc->o.districts && doc->o.n_districts) {
        for (i = 0; i < doc->o.n_districts; i++) {
            long d = kz_survey_find_district(sv, doc->o.districts[i]);
            if (d < 0) {
                rc = kz__error(doc->ctx, KZ_ENOTFOUND, NULL, 0, NULL,
                               "district \"%s\" not found in the survey's "
                               "districts",
                               doc->o.districts[i]);
                goto done;
            }
            keep[d] = count[d] > 0;
        }
    } else {
        for (i = 0; i < nd; i++)
            keep[i] = count[i] > 0;
        keep[nd] = n_unassigned > 0;
        count[nd] = n_unassigned;
    }
    for (i = 0; i <= nd; i++)
        if (keep[i])
            doc->n_dists++;
    if (doc->n_dists &&
        !(doc->dists = kz__calloc(doc->ctx, doc->n_dists,
                                  sizeof(*doc->dists)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0, j = 0; i <= nd; i++) {
        if (!keep[i])
            continue;
        doc->dists[j].d = i < nd ? (long)i : -1;
        doc->dists[j].n = count[i];
        j++;
    }
    sort_sv = sv;
    qsort(doc->dists, doc->n_dists, sizeof(*doc->dists), dist_cmp);

    /* the kahrizes of each kept district, by id */
    for (i = 0; i < doc->n_dists; i++)
        doc->n_dist_k += doc->dists[i].n;
    if (doc->n_dist_k &&
        !(doc->dist_k = kz__mallocarray(doc->ctx, doc->n_dist_k,
                                        sizeof(uint32_t)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0, j = 0; i < doc->n_dists; i++) {
        atlas_dist *ad = &doc->dists[i];
        size_t di = ad->d >= 0 ? (size_t)ad->d : nd;
        ad->k = doc->dist_k + j;
        slot[di] = i + 1;
        j += ad->n;
        ad->n = 0;
    }
    for (i = 0; i < nk; i++) {
        int32_t d = kz_survey_kahriz(sv, i)->district;
        size_t di = d >= 0 && (size_t)d < nd ? (size_t)d : nd;
        if (slot[di]) {
            atlas_dist *ad = &doc->dists[slot[di] - 1];
            ad->k[ad->n++] = (uint32_t)i;
        }
    }
    for (i = 0; i < doc->n_dists; i++) {
        atlas_dist *ad = &doc->dists[i];
        qsort(ad->k, ad->n, sizeof(uint32_t), by_id);
        if (ad->d >= 0) {
            const kz_district *dd = kz_survey_district(sv, (size_t)ad->d);
            ad->code = dd->code;
            ad->name_az = dd->name_az;
            ad->name_en = dd->name_en;
            ad->type = dd->type;
            ad->stats_row = kz_stats_find(doc->by_district, dd->code);
        } else {
            ad->code = "UNASSIGNED";
            ad->name_az = kz__atlas_t(doc, "atlas.unassigned", "az");
            ad->name_en = kz__atlas_t(doc, "atlas.unassigned", "en");
            ad->type = "";
            ad->stats_row = kz_stats_find(doc->by_district, "UNASSIGNED");
        }
    }

    /* regions: runs of districts with the same region code */
    if (doc->n_dists &&
        !(doc->regions = kz__calloc(doc->ctx, doc->n_dists,
                                    sizeof(*doc->regions)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < doc->n_dists; i++) {
        atlas_dist *ad = &doc->dists[i];
        const kz_district *dd =
            ad->d >= 0 ? kz_survey_district(sv, (size_t)ad->d) : NULL;
        const char *code = dd ? dd->region_code : "";
        atlas_region *r = doc->n_regions
                              ? &doc->regions[doc->n_regions - 1]
                              : NULL;
        if (!r || strcmp(r->code, code) != 0) {
            r = &doc->regions[doc->n_regions++];
            r->code = code;
            r->name_az = dd ? dd->region_az : ad->name_az;
            r->name_en = dd ? dd->region_en : ad->name_en;
            r->first_dist = i;
            r->stats_row = dd ? kz_stats_find(doc->by_region, code) : -1;
        }
        r->n_dists++;
        ad->region = (size_t)(r - doc->regions);
    }

    /* every district of each region for its table, those without
     * kahrizes too: the rows then add up to the region's total, and its
     * density is that of the districts listed */
    if (nd && !(doc->region_all = kz__mallocarray(doc->ctx, nd,
                                                  sizeof(size_t)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0, j = 0; i < doc->n_regions; i++) {
        atlas_region *r = &doc->regions[i];
        size_t d;
        r->all = doc->region_all ? doc->region_all + j : NULL;
        r->n_all = 0;
        if (r->stats_row < 0)
            continue; /* the kahrizes outside every district */
        for (d = 0; d < nd; d++)
            if (strcmp(kz_survey_district(sv, d)->region_code, r->code) ==
                0)
                doc->region_all[j + r->n_all++] = d;
        sort_sv = sv;
        qsort(doc->region_all + j, r->n_all, sizeof(size_t),
              survey_dist_cmp);
        j += r->n_all;
    }
done:
    kz__free(doc->ctx, count);
    kz__free(doc->ctx, keep);
    kz__free(doc->ctx, slot);
    return rc;
}

/* First letter of a name in capitals: Azerbaijani ("ə" -> "Ə", "i" -> "İ")
 * or, when en, English ("i" -> "I"). */
void kz__atlas_first_letter(char *out, size_t cap, const char *name, int en)
{
    char one[8] = "";
    uint32_t cp;
    size_t n = kz__utf8_decode(name, strlen(name), &cp);
    if (n > 0 && n < sizeof(one))
        memcpy(one, name, n);
    one[n < sizeof(one) ? n : 0] = '\0';
    if (en)
        kz__upper_en(out, cap, one);
    else
        kz_upper_az(out, cap, one);
}

/* The kahrizes of the sheets and the two gazetteer listings. */
static int plan_lists(atlas_doc *doc)
{
    size_t nk = kz_survey_kahriz_count(doc->sv), i, l;
    uint32_t *sorted = NULL;
    int rc = KZ_OK;

    doc->n_sheets = doc->n_dist_k;
    if (!(doc->sheet_page = kz__calloc(doc->ctx, nk + 1, sizeof(long))))
        return KZ_ENOMEM;
    doc->sheet_order = doc->dist_k; /* districts in atlas order, by id */
    if (!doc->n_sheets)
        return KZ_OK;
    if (!(sorted = kz__mallocarray(doc->ctx, doc->n_sheets,
                                   sizeof(uint32_t))))
        return KZ_ENOMEM;
    for (l = 0; l < 2; l++) {
        size_t n = 0;
        memcpy(sorted, doc->dist_k, doc->n_sheets * sizeof(uint32_t));
        sort_sv = doc->sv;
        qsort(sorted, doc->n_sheets, sizeof(uint32_t),
              l == 0 ? by_name_az : by_name_en);
        /* worst case: a heading before every entry */
        if (!(doc->gaz[l] = kz__mallocarray(doc->ctx, 2 * doc->n_sheets,
                                            sizeof(atlas_gline)))) {
            rc = KZ_ENOMEM;
            goto done;
        }
        for (i = 0; i < doc->n_sheets; i++) {
            const kz_kahriz *k = kz_survey_kahriz(doc->sv, sorted[i]);
            const char *name = l == 0 ? k->name_az : k->name_en;
            int heading = i == 0;
            if (i > 0) {
                const kz_kahriz *p = kz_survey_kahriz(doc->sv, sorted[i - 1]);
                char a[16], b[16];
                kz__atlas_first_letter(a, sizeof(a), name, l == 1);
                kz__atlas_first_letter(b, sizeof(b),
                                       l == 0 ? p->name_az : p->name_en,
                                       l == 1);
                heading = l == 0 ? kz_collate_az(a, b) != 0
                                 : kz_collate_en(a, b) != 0;
            }
            if (heading) {
                doc->gaz[l][n].heading = 1;
                doc->gaz[l][n++].k = sorted[i];
            }
            doc->gaz[l][n].heading = 0;
            doc->gaz[l][n++].k = sorted[i];
        }
        doc->n_gaz[l] = n;
    }
done:
    kz__free(doc->ctx, sorted);
    return rc;
}

/* Height of an introduction block, measured with pango as drawn. */
static int measure_blocks(atlas_doc *doc)
{
    static const char *const keys[] = {
        "atlas.intro.kahriz", "atlas.intro.method",
        "atlas.intro.projections", "atlas.intro.sources",
        "atlas.intro.synthetic"};
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    cairo_t *cr = cairo_create(s);
    atlas_ctx ac;
    size_t i;
    int rc;

    memset(&ac, 0, sizeof(ac));
    ac.doc = doc;
    ac.ctx = doc->ctx;
    ac.cr = cr;
    if ((rc = kz__text_init(&ac.txt, doc->ctx, cr, doc->st)) < 0)
        goto done;
    doc->n_blocks = 0;
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        char k[96];
        double col = (doc->w - doc->st->font_legend * 3) / 2, wa, ha, wb, hb;
        double th, tw, size = doc->st->font_legend + 1.5;
        atlas_block *b = &doc->blocks[doc->n_blocks];
        if (strcmp(keys[i], "atlas.intro.synthetic") == 0 &&
            !doc->o.synthetic)
            continue;
        snprintf(k, sizeof(k), "%s.title", keys[i]);
        if (!*kz__atlas_t(doc, k, "az") && !*kz__atlas_t(doc, k, "en"))
            continue; /* a style from before the block */
        b->key = keys[i];
        b->legend = 0;
        snprintf(k, sizeof(k), "%s.text", keys[i]);
        kz__atlas_measure(&ac, kz__atlas_t(doc, k, "az"), size, 0, col, &wa,
                          &ha);
        kz__atlas_measure(&ac, kz__atlas_t(doc, k, "en"), size, 0, col, &wb,
                          &hb);
        snprintf(k, sizeof(k), "%s.title", keys[i]);
        kz__atlas_measure(&ac, kz__atlas_t(doc, k, "az"),
                          doc->st->font_title * 0.8, 1, col, &tw, &th);
        b->h = th + size * 0.6 + fmax(ha, hb) + size * 2;
        doc->n_blocks++;
    }
    doc->blocks[doc->n_blocks].key = "atlas.intro.legend";
    doc->blocks[doc->n_blocks].legend = 1;
    doc->blocks[doc->n_blocks].h =
        doc->st->font_title * 0.8 * ATLAS_LINE * 2 +
        (KZ_COND_COUNT + doc->st->n_sizes + 25) *
            (doc->st->font_legend + 1.5) * ATLAS_LINE * 1.3;
    doc->n_blocks++;
done:
    kz__text_release(&ac.txt);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return rc;
}

double kz__atlas_contents_top(const atlas_doc *doc)
{
    return doc->y0 + doc->head_h + doc->st->font_title * ATLAS_LINE * 3;
}

double kz__atlas_gaz_top(const atlas_doc *doc, size_t l)
{
    return doc->gaz_top[l];
}

/* A catalog text in both languages, or the built-in pair for a style
 * from before the key. */
static void bi_text(const atlas_doc *doc, char *buf, size_t cap,
                    const char *key, const char *az, const char *en)
{
    const char *a = kz_style_text(doc->st, key, "az");
    const char *e = kz_style_text(doc->st, key, "en");
    long second;
    if (kz__style_lang_index(doc->st, "az") < 0)
        az = "";
    if (kz__style_lang_index(doc->st, "en") < 0)
        en = "";
    kz__text_bilingual(buf, cap, &second, doc->st, a ? a : az, e ? e : en,
                       0);
}

void kz__atlas_gaz_sub(const atlas_doc *doc, size_t l, char *buf,
                       size_t cap)
{
    char note[512];
    size_t i, o;

    bi_text(doc, buf, cap, "atlas.gazetteer.note",
            "Sağda kəhrizin vərəqinin səhifəsi; «xəritə s.» rayonunun "
            "xəritəsinin səhifəsi; koordinatlar çıxışındır (WGS 84).",
            "At the right, the page of the kahriz's sheet; “map p.” the "
            "page of its district's map; coordinates of the outlet (WGS 84).");
    /* a kahriz without a sheet or district page in this edition has no
     * page to name: the listing says why */
    for (i = 0; i < doc->n_gaz[l]; i++)
        if (!doc->gaz[l][i].heading &&
            kz__atlas_kahriz_page(doc, doc->gaz[l][i].k) <= 0)
            break;
    if (i < doc->n_gaz[l]) {
        bi_text(doc, note, sizeof(note), "atlas.gazetteer.no_pages",
                "Bu nəşrdə vərəqi və ya rayon səhifəsi olmayan kəhrizə "
                "səhifə nömrəsi verilmir.",
                "No page number where a kahriz has no sheet or district "
                "page in this edition.");
        o = strlen(buf);
        kz__text_printf(buf + o, cap - o, "\n%s", note);
    }
}

double kz__atlas_gaz_size(const atlas_doc *doc)
{
    return doc->st->font_small + 0.5;
}

/* A column's width less the page number at its right. */
static double gaz_col_w(const atlas_doc *doc)
{
    double gap = doc->st->font_small * 2.5;
    return (doc->w - gap * (double)(doc->gaz_cols - 1)) /
           (double)doc->gaz_cols;
}

double kz__atlas_gaz_text_w(const atlas_doc *doc)
{
    /* room for a four-digit page number and a space */
    return gaz_col_w(doc) - kz__atlas_gaz_size(doc) * 3.2;
}

long kz__atlas_kahriz_map_page(const atlas_doc *doc, uint32_t k)
{
    int32_t d = kz_survey_kahriz(doc->sv, k)->district;
    size_t i;
    for (i = 0; i < doc->n_dists; i++)
        if (doc->dists[i].d == (d >= 0 ? (long)d : -1))
            return doc->dists[i].page;
    return 0;
}

void kz__atlas_gaz_name(const atlas_doc *doc, uint32_t k, int en, char *buf,
                        size_t cap, size_t *name_len)
{
    const kz_kahriz *kh = kz_survey_kahriz(doc->sv, k);
    char name[ATLAS_NAME_CHARS * 4 + 4];
    const char *dname = "";

    if (kh->district >= 0) {
        const kz_district *d =
            kz_survey_district(doc->sv, (size_t)kh->district);
        dname = en ? d->name_en : d->name_az;
    }
    kz__text_fit(name, sizeof(name), en ? kh->name_en : kh->name_az,
                 ATLAS_NAME_CHARS);
    kz__text_printf(buf, cap, "%s · %s", name, dname);
    *name_len = strlen(name);
}

void kz__atlas_gaz_detail(const atlas_doc *doc, uint32_t k, int en,
                          char *buf, size_t cap)
{
    const kz_kahriz *kh = kz_survey_kahriz(doc->sv, k);
    /* coordinates always with the point, whichever the language, to 4
     * decimals (about 10 m); NO-BREAK SPACEs keep "° N" and "p. 12" whole */
    static const char nbsp[] = "\xc2\xa0";
    char a[48], b[48], coords[160], map[96];
    long mp = kz__atlas_kahriz_map_page(doc, k);
    const char *word = kz_style_text(doc->st, "atlas.gazetteer.map",
                                     en ? "en" : "az");

    if (!word)
        word = en ? "map p." : "xəritə s.";
    if (isfinite(kh->lat) && isfinite(kh->lon)) {
        kz__number_fixed(a, sizeof(a), fabs(kh->lat), 4);
        kz__number_fixed(b, sizeof(b), fabs(kh->lon), 4);
        kz__text_printf(coords, sizeof(coords), " · %s°%s%s, %s°%s%s", a,
                        nbsp, kh->lat < 0 ? "S" : "N", b, nbsp,
                        kh->lon < 0 ? "W" : "E");
    } else {
        coords[0] = '\0';
    }
    if (mp > 0)
        kz__text_printf(map, sizeof(map), " · %s%s%ld", word, nbsp, mp);
    else
        map[0] = '\0';
    kz__text_printf(buf, cap, "%s%s%s", kh->id, coords, map);
}

/* Each gazetteer line's height as drawn (a name wraps rather than being
 * cut; the line of id, coordinates and map page under it), then the
 * columns and pages they fill.  A letter heading never ends a column. */
static int plan_gazetteer(atlas_doc *doc, size_t *cap, double body_bottom)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
    cairo_t *cr = cairo_create(s);
    double size = kz__atlas_gaz_size(doc), tw = kz__atlas_gaz_text_w(doc),
           avail;
    atlas_ctx ac;
    size_t l, i;
    int rc;

    memset(&ac, 0, sizeof(ac));
    ac.doc = doc;
    ac.ctx = doc->ctx;
    ac.cr = cr;
    if ((rc = kz__text_init(&ac.txt, doc->ctx, cr, doc->st)) < 0)
        goto done;
    for (l = 0; l < 2; l++) {
        size_t first = 0, col = 0;
        double y = 0, w0, th, sh;
        char head[1024];
        long second;
        /* the title and its note as pages.c's title() draws them */
        kz__text_bilingual(
            head, sizeof(head), &second, doc->st,
            kz__atlas_t(doc, l ? "atlas.gazetteer.en" : "atlas.gazetteer.az",
                        "az"),
            kz__atlas_t(doc, l ? "atlas.gazetteer.en" : "atlas.gazetteer.az",
                        "en"),
            0);
        kz__atlas_measure(&ac, head, doc->st->font_title, 1, doc->w, &w0,
                          &th);
        kz__atlas_gaz_sub(doc, l, head, sizeof(head));
        kz__atlas_measure(&ac, head, doc->st->font_small * 1.3, 0, doc->w,
                          &w0, &sh);
        doc->gaz_top[l] = doc->y0 + doc->head_h + th + sh +
                          doc->st->font_small * 2;
        avail = body_bottom - doc->gaz_top[l];
        for (i = 0; i < doc->n_gaz[l]; i++) {
            atlas_gline *g = &doc->gaz[l][i];
            char buf[1024];
            size_t nl;
            double w, h1, h2;
            if (g->heading) {
                g->h = size * ATLAS_LINE * 1.1 * 1.05;
            } else {
                kz__atlas_gaz_name(doc, g->k, (int)l, buf, sizeof(buf), &nl);
                kz__atlas_measure(&ac, buf, size, 0, tw, &w, &h1);
                kz__atlas_gaz_detail(doc, g->k, (int)l, buf, sizeof(buf));
                kz__atlas_measure(&ac, buf, size * 0.85, 0, tw, &w, &h2);
                g->h = h1 + h2 + size * 0.45;
            }
        }
        for (i = 0; i < doc->n_gaz[l]; i++) {
            atlas_gline *g = &doc->gaz[l][i];
            double need = g->h;
            if (g->heading && i + 1 < doc->n_gaz[l])
                need += doc->gaz[l][i + 1].h;
            if (y > 0 && y + need > avail) {
                y = 0;
                if (++col == doc->gaz_cols) {
                    if ((rc = add_page(doc, cap, PG_GAZETTEER,
                                       KZ_ATLAS_GAZETTEER, (long)l, first,
                                       i - first)) < 0)
                        goto done;
                    if (first == 0)
                        doc->gaz_page[l] = (long)doc->n_pages;
                    first = i;
                    col = 0;
                }
            }
            g->col = col;
            g->y = y;
            y += g->h;
        }
        if (doc->n_gaz[l]) {
            if ((rc = add_page(doc, cap, PG_GAZETTEER, KZ_ATLAS_GAZETTEER,
                               (long)l, first, doc->n_gaz[l] - first)) < 0)
                goto done;
            if (first == 0)
                doc->gaz_page[l] = (long)doc->n_pages;
        }
    }
done:
    kz__text_release(&ac.txt);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return rc;
}

int kz__atlas_plan(atlas_doc *doc)
{
    const kz_style *st = doc->st;
    size_t cap = 0, ecap = 0, i, j, n_pages;
    double body_bottom, rh;
    long page;
    int rc;

    kz_style_page_size(st, &doc->pw, &doc->ph);
    doc->x0 = st->margin[3];
    doc->y0 = st->margin[0];
    doc->w = doc->pw - st->margin[1] - st->margin[3];
    doc->h = doc->ph - st->margin[0] - st->margin[2];
    doc->head_h = st->font_small * ATLAS_LINE * 2.6;
    doc->foot_h = st->font_small * ATLAS_LINE * 2.4;
    body_bottom = doc->y0 + doc->h - doc->foot_h;

    if ((rc = plan_districts(doc)) < 0 || (rc = plan_lists(doc)) < 0 ||
        (rc = measure_blocks(doc)) < 0)
        return rc;

    /* rows, sheets and lines per page */
    rh = (st->font_legend + 1.5) * ATLAS_LINE * 1.35;
    doc->rows_contents =
        (size_t)fmax(1, floor((body_bottom - kz__atlas_contents_top(doc)) /
                              rh));
    {
        atlas_table t;
        double top = doc->y0 + doc->head_h + st->font_title * ATLAS_LINE +
                     st->font_small * 3;
        kz__atlas_table_metrics(&t, st->font_small + 0.5);
        doc->rows_table = (size_t)fmax(
            1, floor((body_bottom - top - t.head_h) / t.row_h));
    }
    doc->sheet_cols = (size_t)fmax(2, floor(doc->w / 255 + 0.3));
    doc->sheet_rows = (size_t)fmax(
        3, floor((body_bottom - doc->y0 - doc->head_h) / 245));
    doc->sheets_per_page = doc->sheet_cols * doc->sheet_rows;
    doc->gaz_cols = (size_t)fmax(2, floor(doc->w / 170));

    /* contents lines (they do not depend on page numbers) */
    if (wanted(doc, KZ_ATLAS_INTRO) &&
        (rc = add_entry(doc, &ecap, 0, "atlas.intro", NULL, NULL)) < 0)
        return rc;
    if (wanted(doc, KZ_ATLAS_OVERVIEW) &&
        (rc = add_entry(doc, &ecap, 0, "atlas.overview", NULL, NULL)) < 0)
        return rc;
    if (wanted(doc, KZ_ATLAS_DISTRICTS) && doc->n_dists) {
        if ((rc = add_entry(doc, &ecap, 0, "atlas.districts", NULL, NULL)) <
            0)
            return rc;
        for (i = 0; i < doc->n_regions; i++) {
            atlas_region *r = &doc->regions[i];
            if ((rc = add_entry(doc, &ecap, 1, NULL, r->name_az,
                                r->name_en)) < 0)
                return rc;
            for (j = 0; j < r->n_dists; j++) {
                atlas_dist *ad = &doc->dists[r->first_dist + j];
                if ((rc = add_entry(doc, &ecap, 2, NULL, ad->name_az,
                                    ad->name_en)) < 0)
                    return rc;
            }
        }
    }
    if (wanted(doc, KZ_ATLAS_SHEETS) && doc->n_sheets &&
        (rc = add_entry(doc, &ecap, 0, "atlas.sheets", NULL, NULL)) < 0)
        return rc;
    if (wanted(doc, KZ_ATLAS_GAZETTEER) && doc->n_sheets &&
        ((rc = add_entry(doc, &ecap, 0, "atlas.gazetteer.az", NULL, NULL)) <
             0 ||
         (rc = add_entry(doc, &ecap, 0, "atlas.gazetteer.en", NULL, NULL)) <
             0))
        return rc;
    if (wanted(doc, KZ_ATLAS_COLOPHON) &&
        (rc = add_entry(doc, &ecap, 0, "atlas.colophon", NULL, NULL)) < 0)
        return rc;

    /* the pages */
    if (wanted(doc, KZ_ATLAS_COVER) &&
        (rc = add_page(doc, &cap, PG_COVER, KZ_ATLAS_COVER, 0, 0, 0)) < 0)
        return rc;
    if (wanted(doc, KZ_ATLAS_CONTENTS))
        for (i = 0; i < doc->n_entries || i == 0; i += doc->rows_contents) {
            size_t n = doc->n_entries - i < doc->rows_contents
                           ? doc->n_entries - i
                           : doc->rows_contents;
            if ((rc = add_page(doc, &cap, PG_CONTENTS, KZ_ATLAS_CONTENTS, 0,
                               i, doc->n_entries ? n : 0)) < 0)
                return rc;
            if (!doc->n_entries)
                break;
        }
    if (wanted(doc, KZ_ATLAS_INTRO)) {
        double avail = body_bottom - (doc->y0 + doc->head_h +
                                      st->font_title * ATLAS_LINE * 2);
        size_t first = 0;
        double used = 0;
        for (i = 0; i <= doc->n_blocks; i++) {
            if (i == doc->n_blocks ||
                (used > 0 && used + doc->blocks[i].h > avail)) {
                if ((rc = add_page(doc, &cap, PG_INTRO, KZ_ATLAS_INTRO, 0,
                                   first, i - first)) < 0)
                    return rc;
                first = i;
                used = 0;
            }
            if (i < doc->n_blocks)
                used += doc->blocks[i].h;
        }
    }
    if (wanted(doc, KZ_ATLAS_OVERVIEW) &&
        ((rc = add_page(doc, &cap, PG_OVERVIEW_MAP, KZ_ATLAS_OVERVIEW, 0, 0,
                        0)) < 0 ||
         (rc = add_page(doc, &cap, PG_OVERVIEW_DENSITY, KZ_ATLAS_OVERVIEW, 0,
                        0, 0)) < 0))
        return rc;
    if (wanted(doc, KZ_ATLAS_DISTRICTS)) {
        for (i = 0; i < doc->n_regions; i++) {
            atlas_region *r = &doc->regions[i];
            if ((rc = add_page(doc, &cap, PG_REGION, KZ_ATLAS_DISTRICTS,
                               (long)i, 0, 0)) < 0)
                return rc;
            r->page = (long)doc->n_pages;
            for (j = 0; j < r->n_dists; j++) {
                size_t di = r->first_dist + j, f;
                atlas_dist *ad = &doc->dists[di];
                if ((rc = add_page(doc, &cap, PG_DISTRICT, KZ_ATLAS_DISTRICTS,
                                   (long)di, 0, 0)) < 0)
                    return rc;
                ad->page = (long)doc->n_pages;
                for (f = 0; f < ad->n; f += doc->rows_table) {
                    size_t n = ad->n - f < doc->rows_table ? ad->n - f
                                                           : doc->rows_table;
                    if ((rc = add_page(doc, &cap, PG_TABLE,
                                       KZ_ATLAS_DISTRICTS, (long)di, f, n)) <
                        0)
                        return rc;
                }
            }
        }
    }
    if (wanted(doc, KZ_ATLAS_SHEETS))
        for (i = 0; i < doc->n_sheets; i += doc->sheets_per_page) {
            size_t n = doc->n_sheets - i < doc->sheets_per_page
                           ? doc->n_sheets - i
                           : doc->sheets_per_page;
            if ((rc = add_page(doc, &cap, PG_SHEETS, KZ_ATLAS_SHEETS, 0, i,
                               n)) < 0)
                return rc;
            for (j = 0; j < n; j++)
                doc->sheet_page[doc->sheet_order[i + j]] =
                    (long)doc->n_pages;
        }
    if (wanted(doc, KZ_ATLAS_GAZETTEER) &&
        (rc = plan_gazetteer(doc, &cap, body_bottom)) < 0)
        return rc;
    if (wanted(doc, KZ_ATLAS_COLOPHON) &&
        (rc = add_page(doc, &cap, PG_COLOPHON, KZ_ATLAS_COLOPHON, 0, 0, 0)) <
            0)
        return rc;

    /* page numbers of the contents lines */
    n_pages = doc->n_pages;
    for (i = 0, j = 0; i < doc->n_entries; i++) {
        atlas_entry *e = &doc->entries[i];
        page = 0;
        if (e->key && strcmp(e->key, "atlas.intro") == 0)
            page = doc->section_page[kz__atlas_section_index(KZ_ATLAS_INTRO)];
        else if (e->key && strcmp(e->key, "atlas.overview") == 0)
            page = doc->section_page[kz__atlas_section_index(
                KZ_ATLAS_OVERVIEW)];
        else if (e->key && strcmp(e->key, "atlas.districts") == 0)
            page = doc->section_page[kz__atlas_section_index(
                KZ_ATLAS_DISTRICTS)];
        else if (e->key && strcmp(e->key, "atlas.sheets") == 0)
            page = doc->section_page[kz__atlas_section_index(
                KZ_ATLAS_SHEETS)];
        else if (e->key && strcmp(e->key, "atlas.gazetteer.az") == 0)
            page = doc->gaz_page[0];
        else if (e->key && strcmp(e->key, "atlas.gazetteer.en") == 0)
            page = doc->gaz_page[1];
        else if (e->key && strcmp(e->key, "atlas.colophon") == 0)
            page = doc->section_page[kz__atlas_section_index(
                KZ_ATLAS_COLOPHON)];
        else if (e->level == 1) {
            /* regions and districts come in plan order */
            size_t r;
            for (r = 0; r < doc->n_regions; r++)
                if (doc->regions[r].name_az == e->az &&
                    doc->regions[r].first_dist == j) {
                    page = doc->regions[r].page;
                    break;
                }
        } else if (e->level == 2 && j < doc->n_dists) {
            page = doc->dists[j++].page;
        }
        e->page = page > 0 && (size_t)page <= n_pages ? page : 0;
    }
    return KZ_OK;
}

long kz__atlas_kahriz_page(const atlas_doc *doc, uint32_t k)
{
    size_t i;
    if (doc->sheet_page[k])
        return doc->sheet_page[k];
    /* no sheet: the district's table page whose row is k (the table
     * pages follow the district page) */
    for (i = 0; i < doc->n_dists; i++) {
        const atlas_dist *ad = &doc->dists[i];
        size_t r;
        if (!ad->page ||
            !(ad->d == kz_survey_kahriz(doc->sv, k)->district ||
              (ad->d < 0 && kz_survey_kahriz(doc->sv, k)->district < 0)))
            continue;
        for (r = 0; r < ad->n && ad->k[r] != k; r++)
            ;
        if (r < ad->n && doc->rows_table)
            return ad->page + 1 + (long)(r / doc->rows_table);
        return ad->page;
    }
    return 0; /* neither in this edition */
}

void kz__atlas_plan_release(atlas_doc *doc)
{
    kz__free(doc->ctx, doc->pages);
    kz__free(doc->ctx, doc->regions);
    kz__free(doc->ctx, doc->region_all);
    kz__free(doc->ctx, doc->dists);
    kz__free(doc->ctx, doc->dist_k);
    kz__free(doc->ctx, doc->entries);
    kz__free(doc->ctx, doc->sheet_page);
    kz__free(doc->ctx, doc->gaz[0]);
    kz__free(doc->ctx, doc->gaz[1]);
    doc->pages = NULL;
    doc->regions = NULL;
    doc->region_all = NULL;
    doc->dists = NULL;
    doc->dist_k = NULL;
    doc->entries = NULL;
    doc->sheet_page = NULL;
    doc->gaz[0] = doc->gaz[1] = NULL;
}
