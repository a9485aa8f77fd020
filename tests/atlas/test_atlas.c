/*
 * test_atlas.c - the printed atlas, checked from the PDF it writes with
 * poppler-utils: page count against the structure worked out from the
 * survey, district pages naming their district in both languages, every
 * kahriz on exactly one sheet and in both gazetteers, links and named
 * destinations landing on the right pages, bookmarks, metadata, embedded
 * photos, byte-identical rebuilds (also with two threads), and no file left
 * behind by a failed or interrupted build.  Navigation (outline, contents
 * links and printed page numbers, gazetteer pages) is checked by
 * check_atlas.py from qpdf's JSON and pdftotext's word boxes alone.
 */
#include "kztest.h"

#include "atlas/atlas.h"

#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------- fixtures ---------- */

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

static const char *fixture_dir(void)
{
    static char dir[512];
    snprintf(dir, sizeof(dir), "%s/fixture", kz_test_tmpdir());
    return dir;
}

/* A PNG and a JPEG photo (the JPEG through GDAL's driver). */
static void make_photos(const char *dir)
{
    char path[600];
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 40,
                                                    30);
    cairo_t *cr = cairo_create(s);
    GDALDriverH mem, jpg;
    GDALDatasetH src, dst;
    unsigned char px[40 * 30];
    int i;

    cairo_set_source_rgb(cr, 0.2, 0.5, 0.8);
    cairo_paint(cr);
    cairo_destroy(cr);
    snprintf(path, sizeof(path), "%s/well.png", dir);
    CU_ASSERT_EQUAL(cairo_surface_write_to_png(s, path),
                    CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);

    GDALAllRegister();
    mem = GDALGetDriverByName("MEM");
    jpg = GDALGetDriverByName("JPEG");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
    CU_ASSERT_PTR_NOT_NULL_FATAL(jpg);
    src = GDALCreate(mem, "", 40, 30, 3, GDT_Byte, NULL);
    for (i = 0; i < 40 * 30; i++)
        px[i] = (unsigned char)(i % 251);
    for (i = 1; i <= 3; i++)
        CU_ASSERT_EQUAL(GDALRasterIO(GDALGetRasterBand(src, i), GF_Write, 0,
                                     0, 40, 30, px, 40, 30, GDT_Byte, 0, 0),
                        CE_None);
    snprintf(path, sizeof(path), "%s/outlet.jpg", dir);
    dst = GDALCreateCopy(jpg, path, src, FALSE, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL(dst);
    if (dst)
        GDALClose(dst);
    GDALClose(src);
}

/* Three districts in two regions: "Şəki-like" AZ-TA (Tağlı / Tagli) with
 * 9 kahrizes, AZ-TB (Çaylı / Chayli) with 4, AZ-TC (Boş / Bosh) with none,
 * plus one kahriz outside every district. */
static kz_survey *make_survey(void)
{
    static const char *const names[] = {
        "Əliağa", "Şıxlı", "Göyçə", "İçəri", "Ümüd", "Çölqışlaq",
        "Ağbulaq", "Qızılca", "Böyükşor", "Xoşbəxt", "Ördəkli", "Zəyli",
        "Uzun", "Yeni"};
    static const char *const cond[] = {"good", "fair", "poor", "dry",
                                       "collapsed"};
    const char *dir = fixture_dir();
    char kpath[600], apath[600], spath[600], dpath[600], line[600];
    kz_sources src = KZ_SOURCES_INIT;
    FILE *k, *a, *s;
    int i;

    mkdir(dir, 0755);
    make_photos(dir);
    snprintf(kpath, sizeof(kpath), "%s/kahrizes.csv", dir);
    snprintf(apath, sizeof(apath), "%s/assessments.csv", dir);
    snprintf(spath, sizeof(spath), "%s/shafts.csv", dir);
    snprintf(dpath, sizeof(dpath), "%s/districts.geojson", dir);
    write_file(
        dpath,
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"AZ-TA\","
        "\"name_az\":\"Tağlı\",\"name_en\":\"Tagli\",\"name_alt\":\"\","
        "\"type\":\"district\",\"region_code\":\"R1\",\"region_az\":"
        "\"Birinci\",\"region_en\":\"First\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[45.4,39.4],[45.6,39.4],[45.6,39.6],"
        "[45.4,39.6],[45.4,39.4]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"AZ-TB\","
        "\"name_az\":\"Çaylı\",\"name_en\":\"Chayli\",\"name_alt\":\"\","
        "\"type\":\"city\",\"region_code\":\"R2\",\"region_az\":"
        "\"İkinci\",\"region_en\":\"Second\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[45.6,39.4],[45.8,39.4],[45.8,39.6],"
        "[45.6,39.6],[45.6,39.4]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"code\":\"AZ-TC\","
        "\"name_az\":\"Boş\",\"name_en\":\"Bosh\",\"name_alt\":\"\","
        "\"type\":\"district\",\"region_code\":\"R2\",\"region_az\":"
        "\"İkinci\",\"region_en\":\"Second\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[45.8,39.4],[46.0,39.4],[46.0,39.6],"
        "[45.8,39.6],[45.8,39.4]]]}}]}");
    k = fopen(kpath, "wb");
    a = fopen(apath, "wb");
    s = fopen(spath, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    fputs(KZ_TEST_KAHRIZ_HEADER, k);
    fputs(KZ_TEST_ASSESSMENT_HEADER, a);
    fputs("kahriz_id,seq,x,y,crs,depth_m\n", s);
    for (i = 0; i < 14; i++) {
        double lon, lat;
        if (i < 9) {
            lon = 45.42 + 0.04 * (i % 4);
            lat = 39.43 + 0.05 * (i / 4);
        } else if (i < 13) {
            lon = 45.63 + 0.04 * (i - 9);
            lat = 39.5;
        } else {
            lon = 46.3; /* outside every district */
            lat = 39.5;
        }
        snprintf(line, sizeof(line),
                 "KZ-%03d,%s kəhrizi,,,Kənd %d,Kand %d,%.5f,%.5f,EPSG:4326,"
                 "%.5f,%.5f,900,3,14.5,1890,icma,%s\n",
                 i + 1, names[i], i, i, lon, lat, lon - 0.006, lat + 0.004,
                 i == 0 ? "well.png" : i == 1 ? "outlet.jpg" : "");
        fputs(line, k);
        snprintf(line, sizeof(line),
                 "KZ-%03d,2015-05-1%d,%.1f,%s,yes,%d,3,0,none,,,,\n"
                 "KZ-%03d,2024-06-1%d,%.1f,%s,no,%d,2,1,done,2023,"
                 "Təmiz su,Clean water,Əli\n",
                 i + 1, i % 10, 1.0 + i, cond[i % 5], 10 + i, i + 1, i % 10,
                 0.5 + i * 0.7, cond[(i + 1) % 5], 12 + i);
        fputs(line, a);
        snprintf(line, sizeof(line),
                 "KZ-%03d,1,%.5f,%.5f,EPSG:4326,12\n"
                 "KZ-%03d,2,%.5f,%.5f,EPSG:4326,8\n"
                 "KZ-%03d,3,%.5f,%.5f,EPSG:4326,4\n",
                 i + 1, lon - 0.0045, lat + 0.003, i + 1, lon - 0.003,
                 lat + 0.002, i + 1, lon - 0.0015, lat + 0.001);
        fputs(line, s);
    }
    fclose(k);
    fclose(a);
    fclose(s);
    src.kahrizes = kpath;
    src.assessments = apath;
    src.shafts = spath;
    src.districts = dpath;
    return kz_test_load(&src);
}

typedef struct env {
    kz_survey *sv;
    kz_style *st;
} env;

static int env_open(env *e)
{
    memset(e, 0, sizeof(*e));
    e->sv = make_survey();
    if (kz_style_load(&e->st, kz_test_ctx,
                      kz_test_src("styles/default.json")) < 0)
        fprintf(stderr, "%s\n", kz_ctx_error(kz_test_ctx)->message);
    return e->sv && e->st;
}

static void env_close(env *e)
{
    kz_style_destroy(e->st);
    kz_survey_destroy(e->sv);
}

static int build(kz_atlas_result *res, env *e, const char *path,
                 const kz_atlas_options *o)
{
    int rc = kz_atlas_render(res, kz_test_ctx, path, e->sv, NULL, e->st, o);
    if (rc < 0)
        fprintf(stderr, "\natlas: %s\n", kz_ctx_error(kz_test_ctx)->message);
    return rc;
}

static long pdf_pages(const char *path)
{
    char cmd[700], *out, *p;
    long n = -1;
    snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
    if (!(out = kz_test_output(cmd)))
        return -1;
    if ((p = strstr(out, "\nPages:")))
        n = strtol(p + 7, NULL, 10);
    free(out);
    return n;
}

static char *page_text(const char *path, long page)
{
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 -f %ld -l %ld '%s' -",
             page, page, path);
    return kz_test_output(cmd);
}

/* Page of a named destination (pdfinfo -dests), -1 when absent. */
static long dest_page(const char *dests, const char *name)
{
    char q[64];
    const char *p;
    snprintf(q, sizeof(q), "\"%s\"\n", name);
    if (!(p = strstr(dests, q)))
        return -1;
    while (p > dests && p[-1] != '\n')
        p--;
    return strtol(p, NULL, 10);
}

/* Run check_atlas.py on a PDF (with --pages when pages > 0, --sheets when
 * sheets): 1 when it finds no fault; its report is printed when not. */
static int check_atlas(const char *pdf, long pages, int sheets)
{
    char script[700], cmd[1800], *out;
    int ok;
    snprintf(script, sizeof(script), "%s",
             kz_test_src("tests/atlas/check_atlas.py"));
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' %s%.0ld %s '%s' 2>&1",
             script, pages > 0 ? "--pages " : "", pages > 0 ? pages : 0L,
             sheets ? "--sheets" : "", pdf);
    out = kz_test_output(cmd);
    ok = out != NULL;
    if (!ok) {
        /* run again to show the faults */
        char *why;
        snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), " || true");
        why = kz_test_output(cmd);
        fprintf(stderr, "\n%s\n", why ? why : "check_atlas.py did not run");
        free(why);
    }
    free(out);
    return ok;
}

/* ---------- tests ---------- */

static void test_sections_parse(void)
{
    unsigned bits = 0;
    CU_ASSERT_EQUAL(kz_atlas_sections_parse(&bits, kz_test_ctx,
                                            "cover,districts,colophon"),
                    KZ_OK);
    CU_ASSERT_EQUAL(bits,
                    KZ_ATLAS_COVER | KZ_ATLAS_DISTRICTS | KZ_ATLAS_COLOPHON);
    CU_ASSERT_EQUAL(kz_atlas_sections_parse(&bits, kz_test_ctx, "all"),
                    KZ_OK);
    CU_ASSERT_EQUAL(bits, KZ_ATLAS_ALL);
    CU_ASSERT_EQUAL(kz_atlas_sections_parse(&bits, kz_test_ctx,
                                            "cover,maps"),
                    KZ_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "\"maps\""));
    CU_ASSERT_STRING_EQUAL(kz_atlas_section_name(KZ_ATLAS_SHEETS), "sheets");
}

static void test_structure(void)
{
    env e;
    kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
    kz_atlas_result res;
    char path[600], *dests, cmd[1024], *text;
    size_t nk, i, nd, n_dist = 0, n_table = 0, n_regions = 0;
    long expect, pages, p, sheets_first = 0, gaz_first = 0;
    int region_seen[2] = {0, 0};

    CU_ASSERT_FATAL(env_open(&e));
    snprintf(path, sizeof(path), "%s/atlas.pdf", kz_test_tmpdir());
    o.timestamp = 1764201600; /* 27 November 2025 */
    o.photo_dir = fixture_dir();
    o.synthetic = 1;
    CU_ASSERT_EQUAL_FATAL(build(&res, &e, path, &o), KZ_OK);
    pages = pdf_pages(path);
    CU_ASSERT_EQUAL(pages, (long)res.pages);

    /* the structure from the survey alone: districts with kahrizes and
     * their regions, one table page each (at most 9 rows), six sheets to
     * an A4 page, one gazetteer page per order */
    nk = kz_survey_kahriz_count(e.sv);
    nd = kz_survey_district_count(e.sv);
    for (i = 0; i < nd; i++) {
        size_t j, n = 0;
        for (j = 0; j < nk; j++)
            n += kz_survey_kahriz(e.sv, j)->district == (int32_t)i;
        if (n) {
            const kz_district *d = kz_survey_district(e.sv, i);
            n_dist++;
            n_table++;
            region_seen[strcmp(d->region_code, "R1") == 0 ? 0 : 1] = 1;
        }
    }
    n_regions = (size_t)(region_seen[0] + region_seen[1]);
    /* the kahriz outside every district: its own group */
    n_dist++;
    n_table++;
    n_regions++;
    CU_ASSERT_EQUAL(res.districts, n_dist);
    CU_ASSERT_EQUAL(res.sheets, nk);
    /* the introduction's fixed text with the synthetic-data note fills
     * two A4 pages (read from the text and its layout by hand) */
    expect = 1 /* cover */ + 1 /* contents */ + 2 /* introduction */ +
             2 /* overview */ + (long)(n_regions + n_dist + n_table) +
             (long)((nk + 5) / 6) + 2 /* gazetteers */ + 1 /* colophon */;
    CU_ASSERT_EQUAL(pages, expect);
    /* outline, contents links and printed numbers, gazetteer pages: all
     * from the PDF */
    CU_ASSERT(check_atlas(path, expect, 1));
    /* labels inside their frames and apart, statistics boxes equal to
     * `stats` over the same survey */
    {
        char csv[700], args[3000], script[700], *out = NULL;
        const char *fx = fixture_dir();
        snprintf(csv, sizeof(csv), "%s/stats.csv", fx);
        snprintf(args, sizeof(args),
                 "stats -q --kahrizes '%s/kahrizes.csv' --assessments "
                 "'%s/assessments.csv' --shafts '%s/shafts.csv' --districts "
                 "'%s/districts.geojson' --format csv -o '%s'",
                 fx, fx, fx, fx, csv);
        kz_test_cli_ok(args);
        snprintf(script, sizeof(script), "%s",
                 kz_test_src("tests/atlas/check_pages.py"));
        snprintf(args, sizeof(args),
                 "/usr/bin/python3 '%s' '%s' '%s' 2>&1 || true", script,
                 path, csv);
        out = kz_test_output(args);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out);
        if (!strstr(out, " 0 faults\n"))
            fprintf(stderr, "\n%s", out);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, " 0 faults\n"));
        free(out);
    }
    CU_ASSERT_EQUAL(res.photos, 2);
    CU_ASSERT_EQUAL(res.photos_missing, 0);

    snprintf(cmd, sizeof(cmd), "pdfinfo -dests '%s'", path);
    dests = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dests);

    /* every district with kahrizes: a page naming it in both languages,
     * reached from the contents */
    {
        static const char *const az[] = {"Tağlı rayonu", "Çaylı şəhəri"};
        static const char *const en[] = {"Tagli District", "Chayli City"};
        char *contents = page_text(path, 2);
        CU_ASSERT_PTR_NOT_NULL_FATAL(contents);
        CU_ASSERT_PTR_NULL(strstr(contents, "Boş")); /* no kahrizes */
        for (i = 0; i < 2; i++) {
            long found = 0;
            for (p = 1; p <= pages && !found; p++) {
                text = page_text(path, p);
                if (text && strstr(text, az[i]) && strstr(text, en[i]) &&
                    strstr(text, "Statistika"))
                    found = p;
                free(text);
            }
            CU_ASSERT(found > 0);
            if (found) {
                char name[32], link[48];
                size_t len;
                char *raw = kz_test_pdf_objects(path, &len);
                snprintf(name, sizeof(name), "p%ld", found);
                CU_ASSERT_EQUAL(dest_page(dests, name), found);
                snprintf(link, sizeof(link), "/Dest (p%ld)", found);
                CU_ASSERT_PTR_NOT_NULL(raw && memmem(raw, len, link,
                                                     strlen(link)));
                free(raw);
            }
        }
        free(contents);
    }

    /* sheets and gazetteers: find their first pages from the text */
    for (p = 1; p <= pages; p++) {
        text = page_text(path, p);
        if (text && !sheets_first && strstr(text, "Kəhriz vərəqələri") &&
            strstr(text, "Son baxış"))
            sheets_first = p;
        if (text && !gaz_first && strstr(text, "Azərbaycan əlifbası ilə") &&
            p > 2)
            gaz_first = p;
        free(text);
    }
    CU_ASSERT(sheets_first > 0);
    CU_ASSERT(gaz_first > sheets_first);
    /* each kahriz on one sheet page, the gazetteers' pages and links:
     * check_atlas above */
    /* Azerbaijani order: Ə after E, Ç after C, Ş after S, Ü after U */
    if (gaz_first) {
        text = page_text(path, gaz_first);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        {
            const char *order[] = {"Ağbulaq", "Böyükşor", "Çölqışlaq",
                                   "Əliağa",  "Xoşbəxt", "İçəri",
                                   "Qızılca", "Ördəkli", "Şıxlı",
                                   "Uzun",    "Ümüd",    "Yeni",
                                   "Zəyli"};
            const char *last = text;
            for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
                const char *q = strstr(text, order[i]);
                CU_ASSERT_PTR_NOT_NULL(q);
                if (q) {
                    if (q < last)
                        fprintf(stderr, "\n%s out of order\n", order[i]);
                    CU_ASSERT(q >= last);
                    last = q;
                }
            }
        }
        free(text);
    }
    free(dests);

    /* bookmarks, metadata, fonts embedded and subset, photos embedded */
    {
        size_t len;
        char *raw = kz_test_pdf_objects(path, &len), *info;
        CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
        CU_ASSERT_PTR_NOT_NULL(memmem(raw, len, "/DCTDecode", 10));
        free(raw);
        /* a bookmark per district with kahrizes, in the districts' part
         * and again at its first sheet, read by qpdf (where each leads:
         * check_atlas above) */
        snprintf(cmd, sizeof(cmd),
                 "qpdf --json=2 --json-key=outlines '%s' | "
                 "grep -c '\"title\": \"\\(Tağlı / Tagli\\|"
                 "Çaylı / Chayli\\|Boş / Bosh\\)\"'",
                 path);
        info = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL(info);
        CU_ASSERT_STRING_EQUAL(info ? info : "", "4\n");
        free(info);
        snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
        info = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL_FATAL(info);
        CU_ASSERT_PTR_NOT_NULL(strstr(info, "Kahrizes of Azerbaijan"));
        CU_ASSERT_PTR_NOT_NULL(strstr(info, "Creator:         kahriz-atlas"));
        CU_ASSERT_PTR_NOT_NULL(strstr(info, "Nov 27 00:00:00 2025"));
        free(info);
        /* every font embedded and subset, but for the label halos'
         * Type 3 fonts, whose glyphs are drawn in the file */
        snprintf(cmd, sizeof(cmd), "pdffonts '%s' | tail -n +3 | "
                                   "awk '!($2 == \"Type\" && $3 == \"3\") && "
                                   "($(NF-4) != \"yes\" || $(NF-3) != "
                                   "\"yes\")'",
                 path);
        info = kz_test_output(cmd);
        CU_ASSERT_PTR_NOT_NULL(info);
        CU_ASSERT_STRING_EQUAL(info ? info : "x", "");
        free(info);
    }
    /* the cover says the data are synthetic, in both languages */
    text = page_text(path, 1);
    CU_ASSERT_PTR_NOT_NULL(text && strstr(text, "Synthetic sample data"));
    CU_ASSERT_PTR_NOT_NULL(text && strstr(text, "27 noyabr 2025"));
    free(text);
    env_close(&e);
}

static void test_reproducible_and_jobs(void)
{
    env e;
    kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
    char a[600], b[600], c[600], *da, *db, *dc;
    size_t la, lb, lc;

    CU_ASSERT_FATAL(env_open(&e));
    snprintf(a, sizeof(a), "%s/r1.pdf", kz_test_tmpdir());
    snprintf(b, sizeof(b), "%s/r2.pdf", kz_test_tmpdir());
    snprintf(c, sizeof(c), "%s/r3.pdf", kz_test_tmpdir());
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    o.photo_dir = fixture_dir();
    CU_ASSERT_EQUAL_FATAL(build(NULL, &e, a, &o), KZ_OK);
    CU_ASSERT_EQUAL_FATAL(build(NULL, &e, b, &o), KZ_OK);
    o.jobs = 2;
    CU_ASSERT_EQUAL_FATAL(build(NULL, &e, c, &o), KZ_OK);
    unsetenv("SOURCE_DATE_EPOCH");
    da = kz_test_slurp(a, &la);
    db = kz_test_slurp(b, &lb);
    dc = kz_test_slurp(c, &lc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(da);
    CU_ASSERT_PTR_NOT_NULL_FATAL(db);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dc);
    CU_ASSERT_EQUAL(la, lb);
    CU_ASSERT(la == lb && memcmp(da, db, la) == 0);
    CU_ASSERT(la == lc && memcmp(da, dc, la) == 0);
    free(da);
    free(db);
    free(dc);
    env_close(&e);
}

/* Names in dir starting with prefix. */
static int count_prefixed(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    if (!d)
        return 0;
    while ((de = readdir(d)))
        n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

static void test_failures_leave_nothing(void)
{
    env e;
    kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
    char dir[600], path[700];

    CU_ASSERT_FATAL(env_open(&e));
    /* a directory that does not exist */
    snprintf(path, sizeof(path), "%s/no/such/dir/atlas.pdf",
             kz_test_tmpdir());
    CU_ASSERT_EQUAL(build(NULL, &e, path, &o), KZ_EEXPORT);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "no/such/dir"));
    /* the target's directory is a file */
    snprintf(dir, sizeof(dir), "%s/plainfile", kz_test_tmpdir());
    write_file(dir, "x");
    snprintf(path, sizeof(path), "%s/atlas.pdf", dir);
    CU_ASSERT_EQUAL(build(NULL, &e, path, &o), KZ_EEXPORT);

    /* an unknown district */
    {
        const char *codes[] = {"AZ-NOPE"};
        snprintf(dir, sizeof(dir), "%s/unknown", kz_test_tmpdir());
        mkdir(dir, 0755);
        snprintf(path, sizeof(path), "%s/atlas.pdf", dir);
        o.districts = codes;
        o.n_districts = 1;
        CU_ASSERT_EQUAL(build(NULL, &e, path, &o), KZ_ENOTFOUND);
        CU_ASSERT_EQUAL(count_prefixed(dir, "atlas.pdf"), 0);
        o.districts = NULL;
        o.n_districts = 0;
    }
    env_close(&e);
}

static void interrupt_after(void *ud, size_t done, size_t total)
{
    (void)total;
    if (done == *(size_t *)ud)
        kz_ctx_interrupt(kz_test_ctx);
}

static void test_interrupted(void)
{
    env e;
    kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
    char dir[600], path[700];
    size_t after = 3;
    int jobs;

    CU_ASSERT_FATAL(env_open(&e));
    snprintf(dir, sizeof(dir), "%s/intr", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/atlas.pdf", dir);
    /* while building, with one and with two threads */
    for (jobs = 1; jobs <= 2; jobs++) {
        kz_ctx_clear_error(kz_test_ctx);
        o.jobs = jobs;
        o.progress = interrupt_after;
        o.progress_userdata = &after;
        CU_ASSERT_EQUAL(build(NULL, &e, path, &o), KZ_EINTERRUPTED);
        CU_ASSERT_EQUAL(count_prefixed(dir, "atlas.pdf"), 0);
        /* the context stays interrupted: a new build stops at once */
        o.progress = NULL;
        CU_ASSERT_EQUAL(build(NULL, &e, path, &o), KZ_EINTERRUPTED);
        CU_ASSERT_EQUAL(count_prefixed(dir, "atlas.pdf"), 0);
        env_close(&e);
        /* a fresh context for the next round */
        kz_ctx_destroy(kz_test_ctx);
        CU_ASSERT_EQUAL_FATAL(kz_ctx_create(&kz_test_ctx, NULL), KZ_OK);
        CU_ASSERT_FATAL(env_open(&e));
    }
    env_close(&e);
}

static void test_sections_only(void)
{
    env e;
    kz_atlas_options o = KZ_ATLAS_OPTIONS_INIT;
    kz_atlas_result res;
    const char *codes[] = {"AZ-TB"};
    char path[600], *text;

    CU_ASSERT_FATAL(env_open(&e));
    snprintf(path, sizeof(path), "%s/only.pdf", kz_test_tmpdir());
    o.sections = KZ_ATLAS_DISTRICTS | KZ_ATLAS_GAZETTEER;
    o.districts = codes;
    o.n_districts = 1;
    CU_ASSERT_EQUAL_FATAL(build(&res, &e, path, &o), KZ_OK);
    /* region page, district page, one table page, two gazetteer pages */
    CU_ASSERT_EQUAL(res.pages, 5);
    CU_ASSERT_EQUAL(pdf_pages(path), 5);
    CU_ASSERT_EQUAL(res.sheets, 0);
    text = page_text(path, 2);
    CU_ASSERT_PTR_NOT_NULL(text && strstr(text, "Çaylı şəhəri"));
    free(text);
    text = page_text(path, 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* without sheets the index points at the district page */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "KZ-010"));
    CU_ASSERT_PTR_NULL(strstr(text, "KZ-001"));
    free(text);
    env_close(&e);
}

static const kz_test_case cases[] = {
    {"sections parse", test_sections_parse},
    {"structure, links, index", test_structure},
    {"reproducible, jobs", test_reproducible_and_jobs},
    {"failures leave nothing", test_failures_leave_nothing},
    {"interrupted", test_interrupted},
    {"sections and districts", test_sections_only},
    KZ_TEST_END};

int main(void)
{
    kz_test_add_suite("atlas", cases);
    return kz_test_run();
}
