/*
 * test_export.c - the partners' GeoPackage: GDAL's own validator, layers
 * with counts, geometry types and SRS, domains and the relation, refusal
 * to overwrite, output CRS, atomic failure, and the statistics read back.
 * Expected counts come from Python's csv and json modules, coordinates
 * from PROJ's cs2cs, statistics from SQL over the file (sqlite3).
 */
#include "kztest.h"

#include <cpl_string.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

static kz_survey *load(kz_ctx *ctx, const char *k, const char *a,
                       const char *s)
{
    kz_sources src = KZ_SOURCES_INIT;
    kz_survey *sv = NULL;
    char d[1024];
    int rc;
    snprintf(d, sizeof(d), "%s", kz_test_src("data/districts.geojson"));
    src.kahrizes = k;
    src.assessments = a;
    src.shafts = s;
    src.districts = d;
    rc = kz_survey_load(&sv, ctx, &src, NULL);
    if (rc < 0 && rc != KZ_EDATA)
        fprintf(stderr, "\n  load: %s\n", kz_ctx_error(ctx)->message);
    return sv;
}

static kz_survey *load_bundled(kz_ctx *ctx)
{
    static char k[1024], a[1024], s[1024];
    snprintf(k, sizeof(k), "%s", kz_test_src("data/survey/kahrizes.csv"));
    snprintf(a, sizeof(a), "%s", kz_test_src("data/survey/assessments.csv"));
    snprintf(s, sizeof(s), "%s", kz_test_src("data/survey/shafts.csv"));
    return load(ctx, k, a, s);
}

static long layer_count(GDALDatasetH ds, const char *name,
                        OGRwkbGeometryType *type, int *epsg)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, name);
    OGRSpatialReferenceH srs;
    if (!l)
        return -1;
    if (type)
        *type = wkbFlatten(OGR_L_GetGeomType(l));
    if (epsg) {
        srs = OGR_L_GetSpatialRef(l);
        *epsg = srs && OSRGetAuthorityCode(srs, NULL)
                    ? atoi(OSRGetAuthorityCode(srs, NULL))
                    : 0;
    }
    return (long)OGR_L_GetFeatureCount(l, TRUE);
}

/* Rows of the bundled survey counted by Python's csv and json modules:
 * kahrizes, assessments, shafts, galleries (kahrizes with at least one
 * shaft or a mother well), districts, regions, schematic galleries (a
 * mother well and no shaft). */
typedef struct counts {
    long kahrizes, assessments, shafts, galleries, districts, regions;
    long schematic;
} counts;

static int bundled_counts(counts *c)
{
    char cmd[4096], *out;
    int n;
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && /usr/bin/python3 -c 'import csv, json\n"
             "r = lambda f: list(csv.DictReader(open(\"data/survey/\" + f "
             "+ \".csv\", encoding=\"utf-8\")))\n"
             "k, a, s = r(\"kahrizes\"), r(\"assessments\"), r(\"shafts\")\n"
             "d = json.load(open(\"data/districts.geojson\"))[\"features\"]\n"
             "sh = {x[\"kahriz_id\"] for x in s}\n"
             "hd = {x[\"id\"] for x in k if x[\"head_x\"] and x[\"head_y\"]}\n"
             "ids = {x[\"id\"] for x in k}\n"
             "print(len(k), len(a), len(s), len((sh & ids) | hd),"
             " len(d), len({f[\"properties\"][\"region_code\"] for f in d}),"
             " len(hd - sh))'",
             kz_test_src("."));
    out = kz_test_output(cmd);
    if (!out)
        return 0;
    n = sscanf(out, "%ld %ld %ld %ld %ld %ld %ld", &c->kahrizes,
               &c->assessments, &c->shafts, &c->galleries, &c->districts,
               &c->regions, &c->schematic);
    free(out);
    return n == 7;
}

/* The single number a query over a file gives (sqlite3), -1 on failure. */
static long sql_long(const char *path, const char *query)
{
    char cmd[4096], *out;
    long v = -1;
    snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"%s\"", path, query);
    if ((out = kz_test_output(cmd))) {
        v = *out ? strtol(out, NULL, 10) : -1;
        free(out);
    }
    return v;
}

static void test_export_bundled_is_valid_and_complete(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx);
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    kz_export_result r;
    char path[1024], cmd[2048];
    GDALDatasetH ds;
    OGRwkbGeometryType t;
    int epsg = 0, st;
    char **names;
    counts c;

    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_FATAL(bundled_counts(&c));
    snprintf(path, sizeof(path), "%s/bundled.gpkg", kz_test_tmpdir());
    o.timestamp = 1700000000;
    CU_ASSERT_EQUAL_FATAL(kz_export_gpkg(&r, kz_test_ctx, sv, &o, path),
                          KZ_OK);
    CU_ASSERT_EQUAL(r.kahrizes, c.kahrizes);
    CU_ASSERT_EQUAL(r.assessments, c.assessments);
    CU_ASSERT_EQUAL(r.shafts, c.shafts);
    CU_ASSERT_EQUAL(r.districts, c.districts);
    CU_ASSERT_EQUAL(r.regions, c.regions);
    CU_ASSERT_EQUAL(r.galleries, c.galleries);
    /* the rows are in the tables, as SQLite reads them */
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(*) FROM kahrizes"),
                    c.kahrizes);
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(*) FROM assessments"),
                    c.assessments);
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(*) FROM shafts"), c.shafts);
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(*) FROM galleries"),
                    c.galleries);
    /* every shaft on its gallery */
    CU_ASSERT_EQUAL(sql_long(path, "SELECT sum(shafts) FROM galleries"),
                    c.shafts);
    /* a gallery known only from its ends is schematic, as on the maps */
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(*) FROM galleries "
                                   "WHERE schematic = 1 AND shafts = 0"),
                    c.schematic);
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(*) FROM galleries "
                                   "WHERE schematic = 1"),
                    c.schematic);
    /* each gallery starts at its mother well when one was surveyed (OGR
     * reads the lines, OSR puts the well into the layer's CRS) */
    {
        char py[4096], *pyout;
        snprintf(py, sizeof(py),
                 "/usr/bin/python3 -c 'from osgeo import ogr, osr\n"
                 "ds = ogr.Open(\"%s\")\n"
                 "k = {f[\"id\"]: (f[\"head_lon\"], f[\"head_lat\"]) for f in "
                 "ds.GetLayer(\"kahrizes\")}\n"
                 "g = ds.GetLayer(\"galleries\")\n"
                 "w = osr.SpatialReference(); w.ImportFromEPSG(4326)\n"
                 "w.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)\n"
                 "t = g.GetSpatialRef().Clone()\n"
                 "t.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)\n"
                 "ct = osr.CoordinateTransformation(w, t)\n"
                 "n = bad = 0\n"
                 "for f in g:\n"
                 " lon, lat = k[f[\"kahriz_id\"]]\n"
                 " if lon is None: continue\n"
                 " x, y, _ = ct.TransformPoint(lon, lat)\n"
                 " p = f.GetGeometryRef().GetPoint_2D(0)\n"
                 " n += 1; bad += abs(p[0] - x) + abs(p[1] - y) > 0.01\n"
                 "print(n, bad)'",
                 path);
        pyout = kz_test_output(py);
        CU_ASSERT_PTR_NOT_NULL_FATAL(pyout);
        {
            long n = -1, bad = -1;
            CU_ASSERT_EQUAL(sscanf(pyout, "%ld %ld", &n, &bad), 2);
            CU_ASSERT(n >= c.schematic && n > 0);
            CU_ASSERT_EQUAL(bad, 0);
        }
        free(pyout);
    }
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(*) FROM districts"),
                    c.districts);
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(*) FROM regions"),
                    c.regions);
    /* each assessment related to its kahriz once */
    CU_ASSERT_EQUAL(sql_long(path,
                             "SELECT count(*) FROM kahrizes_assessments m "
                             "JOIN kahrizes k ON k.fid = m.base_id "
                             "JOIN assessments a ON a.fid = m.related_id "
                             "AND a.kahriz_id = k.id"),
                    c.assessments);

    /* GDAL's own validator */
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 "
             "/usr/share/doc/python3-gdal/examples/validate_gpkg.py '%s'",
             path);
    st = system(cmd);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    CU_ASSERT_EQUAL(layer_count(ds, "districts", &t, &epsg), r.districts);
    CU_ASSERT_EQUAL(t, wkbMultiPolygon);
    CU_ASSERT_EQUAL(epsg, 4326);
    CU_ASSERT_EQUAL(layer_count(ds, "regions", &t, NULL), 14);
    CU_ASSERT_EQUAL(t, wkbMultiPolygon);
    CU_ASSERT_EQUAL(layer_count(ds, "kahrizes", &t, &epsg), r.kahrizes);
    CU_ASSERT_EQUAL(t, wkbPoint);
    CU_ASSERT_EQUAL(layer_count(ds, "assessments", &t, NULL), r.assessments);
    CU_ASSERT_EQUAL(t, wkbNone);
    CU_ASSERT_EQUAL(layer_count(ds, "shafts", &t, NULL), r.shafts);
    CU_ASSERT_EQUAL(t, wkbPoint);
    CU_ASSERT_EQUAL(layer_count(ds, "galleries", &t, NULL), r.galleries);
    CU_ASSERT_EQUAL(t, wkbLineString);
    CU_ASSERT_EQUAL(layer_count(ds, "kahrizes_assessments", NULL, NULL),
                    r.assessments);
    /* one default style per geometry layer and the assessments table */
    CU_ASSERT_EQUAL(layer_count(ds, "layer_styles", NULL, NULL), 6);
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(DISTINCT f_table_name) "
                                   "FROM layer_styles WHERE useAsDefault"),
                    6);
    {
        /* a spatial index (gpkg_rtree_index) on every geometry table */
        static const char *const spatial[] = {"districts", "regions",
                                              "kahrizes", "shafts",
                                              "galleries"};
        size_t i;
        for (i = 0; i < 5; i++)
            CU_ASSERT_TRUE(OGR_L_TestCapability(
                GDALDatasetGetLayerByName(ds, spatial[i]),
                OLCFastSpatialFilter));
    }

    /* pick-lists and the relation */
    CU_ASSERT_PTR_NOT_NULL(GDALDatasetGetFieldDomain(ds, "condition"));
    CU_ASSERT_PTR_NOT_NULL(GDALDatasetGetFieldDomain(ds, "drinkable"));
    CU_ASSERT_PTR_NOT_NULL(GDALDatasetGetFieldDomain(ds, "rehab_status"));
    names = GDALDatasetGetRelationshipNames(ds, NULL);
    CU_ASSERT_TRUE(names && names[0]);
    if (names && names[0]) {
        GDALRelationshipH rel = GDALDatasetGetRelationship(ds, names[0]);
        CU_ASSERT_STRING_EQUAL(GDALRelationshipGetLeftTableName(rel),
                               "kahrizes");
        CU_ASSERT_STRING_EQUAL(GDALRelationshipGetRightTableName(rel),
                               "assessments");
        CU_ASSERT_STRING_EQUAL(GDALRelationshipGetMappingTableName(rel),
                               "kahrizes_assessments");
    }
    CSLDestroy(names);
    {
        /* real types and NOT NULL */
        OGRFeatureDefnH fd = OGR_L_GetLayerDefn(
            GDALDatasetGetLayerByName(ds, "assessments"));
        OGRFieldDefnH date = OGR_FD_GetFieldDefn(
            fd, OGR_FD_GetFieldIndex(fd, "date"));
        CU_ASSERT_EQUAL(OGR_Fld_GetType(date), OFTDate);
        CU_ASSERT_FALSE(OGR_Fld_IsNullable(date));
        CU_ASSERT_STRING_EQUAL(
            OGR_Fld_GetDomainName(OGR_FD_GetFieldDefn(
                fd, OGR_FD_GetFieldIndex(fd, "condition"))),
            "condition");
    }
    {
        /* bilingual ISO 19115 metadata */
        char **md = GDALGetMetadata(ds, NULL);
        const char *iso = CSLFetchNameValue(md, "GPKG_METADATA_ITEM_1");
        CU_ASSERT_PTR_NOT_NULL_FATAL(iso);
        CU_ASSERT_PTR_NOT_NULL(strstr(iso, "gmd:MD_Metadata"));
        CU_ASSERT_PTR_NOT_NULL(strstr(iso, "Azərbaycan kəhrizlərinin"));
        CU_ASSERT_PTR_NOT_NULL(strstr(iso, "Atlas of the kahrizes"));
        CU_ASSERT_PTR_NOT_NULL(strstr(iso, "2023-11-14T22:13:20"));
    }
    GDALClose(ds);
    kz_survey_destroy(sv);
}

static void test_refuses_existing_file(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx);
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    char path[1024];
    FILE *fp;
    struct stat st;
    counts c;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/exists.gpkg", kz_test_tmpdir());
    fp = fopen(path, "w");
    fputs("keep me", fp);
    fclose(fp);
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                    KZ_EEXISTS);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "--overwrite"));
    stat(path, &st);
    CU_ASSERT_EQUAL(st.st_size, 7);
    o.overwrite = 1;
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path), KZ_OK);
    /* replaced by a whole GeoPackage: SQLite's application id "GPKG" and
     * every kahriz */
    CU_ASSERT_EQUAL(sql_long(path, "PRAGMA application_id"), 0x47504B47L);
    CU_ASSERT_FATAL(bundled_counts(&c));
    CU_ASSERT_EQUAL(sql_long(path, "SELECT count(*) FROM kahrizes"),
                    c.kahrizes);
    kz_survey_destroy(sv);
}

static void test_output_crs(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx);
    kz_export_options o = KZ_EXPORT_OPTIONS_INIT;
    char path[1024], cmd[2048], script[1024], *expect, *line;
    GDALDatasetH ds;
    OGRFeatureH f;
    OGRLayerH l;
    int epsg = 0;
    long checked = 0, off = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    snprintf(path, sizeof(path), "%s/utm.gpkg", kz_test_tmpdir());
    o.crs = "EPSG:32638";
    CU_ASSERT_EQUAL_FATAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                          KZ_OK);
    /* where each kahriz lies in zone 38N, from the CSV through cs2cs */
    snprintf(script, sizeof(script), "%s",
             kz_test_src("tests/export/expect_utm.py"));
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s'", script,
             kz_test_src("data/survey/kahrizes.csv"));
    expect = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(expect);
    ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    layer_count(ds, "kahrizes", NULL, &epsg);
    CU_ASSERT_EQUAL(epsg, 32638);
    l = GDALDatasetGetLayerByName(ds, "kahrizes");
    OGR_L_ResetReading(l);
    /* every kahriz within a centimetre of where cs2cs puts it: a point in
     * another zone, or not reprojected, is kilometres off */
    for (line = expect; *line; line = strchr(line, '\n') + 1) {
        char id[64];
        double e, n, x, y;
        if (sscanf(line, "%63s %lf %lf", id, &e, &n) != 3)
            break;
        f = OGR_L_GetNextFeature(l);
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        CU_ASSERT_STRING_EQUAL(OGR_F_GetFieldAsString(
                                   f, OGR_F_GetFieldIndex(f, "id")),
                               id);
        x = OGR_G_GetX(OGR_F_GetGeometryRef(f), 0);
        y = OGR_G_GetY(OGR_F_GetGeometryRef(f), 0);
        if (fabs(x - e) > 0.01 || fabs(y - n) > 0.01) {
            if (off++ < 3)
                fprintf(stderr, "\n%s at %.3f %.3f, cs2cs: %.3f %.3f", id,
                        x, y, e, n);
        }
        checked++;
        OGR_F_Destroy(f);
        if (!strchr(line, '\n'))
            break;
    }
    CU_ASSERT_EQUAL(off, 0);
    CU_ASSERT_EQUAL(checked, (long)kz_survey_kahriz_count(sv));
    CU_ASSERT_PTR_NULL(OGR_L_GetNextFeature(l));
    free(expect);
    GDALClose(ds);
    o.crs = "EPSG:999999";
    o.overwrite = 1;
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, &o, path),
                    KZ_EPROJ);
    kz_survey_destroy(sv);
}

/* Export into a directory without write permission, as nobody (uid and
 * gid 65534) when the test runs as root, whom permissions do not stop:
 * in a child, whose exit status is the return code (negated). */
static int export_unprivileged(kz_survey *sv, const char *path)
{
    pid_t pid;
    int st;
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        int rc;
        if (geteuid() == 0 &&
            (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
             setresuid(65534, 65534, 65534) != 0))
            _exit(100);
        rc = kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path);
        if (rc < 0 && !strstr(kz_ctx_error(kz_test_ctx)->message, path))
            _exit(101); /* the message does not name the file */
        _exit(rc < 0 ? -rc : 0);
    }
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
        return 1;
    return -WEXITSTATUS(st);
}

static void test_failure_leaves_nothing(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx);
    char dir[1024], path[1100];
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    /* nobody must reach the directory to be refused by it */
    CU_ASSERT_EQUAL(chmod(kz_test_tmpdir(), 0711), 0);
    snprintf(dir, sizeof(dir), "%s/ro", kz_test_tmpdir());
    CU_ASSERT_EQUAL(mkdir(dir, 0555), 0);
    CU_ASSERT_EQUAL(chmod(dir, 0555), 0); /* whatever the umask */
    snprintf(path, sizeof(path), "%s/x.gpkg", dir);
    CU_ASSERT_EQUAL(export_unprivileged(sv, path), KZ_EIO);
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    snprintf(path, sizeof(path), "%s/no/such/dir/x.gpkg", kz_test_tmpdir());
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path),
                    KZ_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(kz_ctx_error(kz_test_ctx)->message,
                                  "no/such/dir/x.gpkg"));
    /* an interrupted export leaves no file, not even a temporary one */
    snprintf(dir, sizeof(dir), "%s/intr", kz_test_tmpdir());
    mkdir(dir, 0755);
    snprintf(path, sizeof(path), "%s/x.gpkg", dir);
    kz_ctx_interrupt(kz_test_ctx);
    CU_ASSERT_EQUAL(kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path),
                    KZ_EINTERRUPTED);
    CU_ASSERT_EQUAL(kz_test_dir_entries(dir), 0);
    kz_survey_destroy(sv);
}

/* The statistics columns of the districts layer against SQL over the
 * file's own kahrizes and assessments (each kahriz's latest assessment by
 * date): every district row compared, every column equal. */
static void test_statistics_round_trip(void)
{
    kz_survey *sv = load_bundled(kz_test_ctx);
    char path[1024], cmd[8192], want[128], *out;
    counts c;
    CU_ASSERT_PTR_NOT_NULL_FATAL(sv);
    CU_ASSERT_FATAL(bundled_counts(&c));
    snprintf(path, sizeof(path), "%s/round.gpkg", kz_test_tmpdir());
    CU_ASSERT_EQUAL_FATAL(kz_export_gpkg(NULL, kz_test_ctx, sv, NULL, path),
                          KZ_OK);
    snprintf(
        cmd, sizeof(cmd),
        "sqlite3 -separator , '%s' \""
        "WITH last AS (SELECT a.* FROM assessments a WHERE a.date = "
        " (SELECT max(b.date) FROM assessments b"
        "  WHERE b.kahriz_id = a.kahriz_id)),"
        "k AS (SELECT k.id, k.district, k.length_m, l.kahriz_id AS seen,"
        " l.condition, l.discharge_l_s AS q, l.households_served AS hh,"
        " l.rehab_status FROM kahrizes k"
        " LEFT JOIN last l ON l.kahriz_id = k.id),"
        "s AS (SELECT d.code, count(k.id) AS n,"
        " coalesce(sum(k.q > 0), 0) AS functioning,"
        " coalesce(sum(k.condition = 'good'), 0) AS good,"
        " coalesce(sum(k.condition = 'fair'), 0) AS fair,"
        " coalesce(sum(k.condition = 'poor'), 0) AS poor,"
        " coalesce(sum(k.condition = 'dry'), 0) AS dry,"
        " coalesce(sum(k.condition = 'collapsed'), 0) AS collapsed,"
        " coalesce(sum(k.id IS NOT NULL AND k.seen IS NULL), 0) AS unseen,"
        " coalesce(sum(k.q), 0) AS q, coalesce(sum(max(k.hh, 0)), 0) AS hh,"
        " coalesce(sum(k.length_m), 0) / 1000.0 AS km,"
        " coalesce(sum(k.rehab_status = 'done'), 0) AS rehab"
        " FROM districts d LEFT JOIN k ON k.district = d.code"
        " GROUP BY d.code)"
        "SELECT count(*), sum(s.n), sum(d.kahrizes IS NOT s.n),"
        " sum(d.functioning IS NOT s.functioning),"
        " sum(d.good IS NOT s.good), sum(d.fair IS NOT s.fair),"
        " sum(d.poor IS NOT s.poor), sum(d.dry IS NOT s.dry),"
        " sum(d.collapsed IS NOT s.collapsed),"
        " sum(d.unassessed IS NOT s.unseen),"
        " sum(abs(d.discharge_l_s_total - s.q) > 1e-6),"
        " sum(d.households_served IS NOT s.hh),"
        " sum(abs(d.length_km - s.km) > 1e-6),"
        " sum(d.rehabilitated IS NOT s.rehab)"
        " FROM districts d JOIN s ON s.code = d.code\"",
        path);
    out = kz_test_output(cmd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    /* all districts, all kahrizes (each in a district), no column off */
    snprintf(want, sizeof(want), "%ld,%ld,0,0,0,0,0,0,0,0,0,0,0,0\n",
             c.districts, c.kahrizes);
    if (strcmp(out, want) != 0)
        fprintf(stderr, "\nSQL over the file: %swanted: %s", out, want);
    CU_ASSERT_STRING_EQUAL(out, want);
    free(out);
    kz_survey_destroy(sv);
}

int main(void)
{
    static const kz_test_case cases[] = {
        {"bundled export valid and complete",
         test_export_bundled_is_valid_and_complete},
        {"refuses an existing file", test_refuses_existing_file},
        {"output crs", test_output_crs},
        {"failure leaves nothing", test_failure_leaves_nothing},
        {"statistics round trip", test_statistics_round_trip},
        KZ_TEST_END};
    GDALAllRegister();
    if (kz_test_add_suite("export", cases) < 0)
        return 2;
    return kz_test_run();
}
