/*
 * reference.c - reference geography read from any OGR source: rivers,
 * water areas, places and roads.  OpenStreetMap layers (GDAL's OSM driver,
 * tags in "other_tags"), Geofabrik shapefiles ("fclass") and plain layers
 * with a "class" field are told apart feature by feature; what is of no
 * kind is counted and said, never dropped silently.
 */
#include "basemap/basemap.h"
#include "ingest/ingest.h"

#include <gdal.h>
#include <cpl_conv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[KZ_REF_KINDS] = {"auto", "rivers",
                                                     "water", "places",
                                                     "roads"};

int kz_reference_kind_parse(kz_reference_kind *out, kz_ctx *ctx,
                            const char *name)
{
    int k;

    KZ_ASSERT_ARG(ctx, out && name);
    for (k = 0; k < KZ_REF_KINDS; k++)
        if (strcasecmp(name, kind_names[k]) == 0) {
            *out = (kz_reference_kind)k;
            return KZ_OK;
        }
    return kz__error(ctx, KZ_EINVAL, NULL, 0, NULL,
                     "unknown reference kind \"%s\" (rivers, water, "
                     "places, roads or auto)",
                     name);
}

/* ------------------------------------------------------------ fields */

/* Attributes read from a feature: a field of that name, else the tag in
 * OSM's "other_tags" / "all_tags" (hstore text: "k"=>"v","k2"=>"v2"). */
enum {
    A_NAME_AZ, A_NAMEC_AZ, A_NAME, A_NAME_EN, A_NAMEC_EN, A_INT_NAME,
    A_CLASS, A_WATERWAY, A_HIGHWAY, A_PLACE, A_NATURAL, A_LANDUSE, A_WATER,
    A_FCLASS, A_POPULATION, A_ELE, A_ELEVATION, A_COUNT
};
static const char *const attr_names[A_COUNT] = {
    "name_az", "name:az", "name", "name_en", "name:en", "int_name", "class",
    "waterway", "highway", "place", "natural", "landuse", "water", "fclass",
    "population", "ele", "elevation"};

typedef struct layer_info {
    OGRLayerH layer;
    PJ *op;
    int field[A_COUNT]; /* index, -1 when the layer has no such field */
    int tags;           /* other_tags or all_tags, -1 */
    int hint;           /* kind its name suggests, KZ_REF_AUTO: none */
    long skipped;       /* features of no kind */
    long used;
} layer_info;

/* The value of key in an hstore text, unescaped into buf; NULL if absent. */
static const char *hstore_get(const char *s, const char *key, char *buf,
                              size_t cap)
{
    size_t klen = strlen(key);

    while (s && *s) {
        char tmp[256];
        size_t n = 0;
        int is_key;

        /* key */
        if (*s != '"')
            return NULL;
        s++;
        while (*s && *s != '"') {
            if (*s == '\\' && s[1])
                s++;
            if (n + 1 < sizeof(tmp))
                tmp[n++] = *s;
            s++;
        }
        if (*s != '"')
            return NULL;
        s++;
        tmp[n] = '\0';
        is_key = n == klen && memcmp(tmp, key, klen) == 0;
        if (strncmp(s, "=>", 2) != 0 || s[2] != '"')
            return NULL;
        s += 3;
        n = 0;
        while (*s && *s != '"') {
            if (*s == '\\' && s[1])
                s++;
            if (is_key && n + 1 < cap)
                buf[n++] = *s;
            s++;
        }
        if (*s != '"')
            return NULL;
        s++;
        if (is_key) {
            buf[n] = '\0';
            return buf;
        }
        if (*s == ',')
            s++;
    }
    return NULL;
}

/* Attribute a of f, "" when it has none. */
static const char *attr(const layer_info *li, OGRFeatureH f, int a,
                        char *buf, size_t cap)
{
    const char *v;
    int i = li->field[a];

    if (i >= 0) {
        if (!OGR_F_IsFieldSetAndNotNull(f, i))
            return "";
        return OGR_F_GetFieldAsString(f, i);
    }
    if (li->tags >= 0 && OGR_F_IsFieldSetAndNotNull(f, li->tags) &&
        (v = hstore_get(OGR_F_GetFieldAsString(f, li->tags), attr_names[a],
                        buf, cap)))
        return v;
    return "";
}

/* The kind a layer's name suggests: "rivers", "gis_osm_roads_free_1"... */
static int name_hint(const char *name)
{
    static const struct {
        const char *word;
        int kind;
    } words[] = {{"river", KZ_REF_RIVERS}, {"stream", KZ_REF_RIVERS},
                 {"waterway", KZ_REF_RIVERS}, {"canal", KZ_REF_RIVERS},
                 {"road", KZ_REF_ROADS},     {"highway", KZ_REF_ROADS},
                 {"place", KZ_REF_PLACES},   {"town", KZ_REF_PLACES},
                 {"cit", KZ_REF_PLACES},     {"settle", KZ_REF_PLACES},
                 {"village", KZ_REF_PLACES}, {"lake", KZ_REF_WATER},
                 {"reservoir", KZ_REF_WATER}, {"water", KZ_REF_WATER}};
    char low[128];
    size_t i;

    for (i = 0; name[i] && i + 1 < sizeof(low); i++)
        low[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32
                                                           : name[i]);
    low[i] = '\0';
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strstr(low, words[i].word))
            return words[i].kind;
    return KZ_REF_AUTO;
}

static int layer_init(layer_info *li, kz_ctx *ctx, OGRLayerH layer,
                      const char *path)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int a;

    memset(li, 0, sizeof(*li));
    li->layer = layer;
    for (a = 0; a < A_COUNT; a++)
        li->field[a] = OGR_FD_GetFieldIndex(defn, attr_names[a]);
    li->tags = OGR_FD_GetFieldIndex(defn, "other_tags");
    if (li->tags < 0)
        li->tags = OGR_FD_GetFieldIndex(defn, "all_tags");
    li->hint = name_hint(OGR_L_GetName(layer));
    return kz__ogr_layer_op(&li->op, ctx, layer, path);
}

/* ----------------------------------------------------- classification */

typedef struct word_class {
    const char *word;
    int cls;
} word_class;

static const word_class river_classes[] = {
    {"river", 1}, {"canal", 2}, {"stream", 3}, {"drain", 3}, {"ditch", 3}};
static const word_class road_classes[] = {
    {"motorway", 0},  {"motorway_link", 0}, {"trunk", 0},
    {"trunk_link", 0}, {"primary", 1},      {"primary_link", 1},
    {"secondary", 2}, {"secondary_link", 2}, {"tertiary", 3},
    {"tertiary_link", 3}, {"unclassified", 3}};
static const word_class place_classes[] = {
    {"city", 0}, {"town", 1}, {"village", 2}, {"hamlet", 3}};
static const word_class water_classes[] = {
    {"water", 0}, {"reservoir", 0}, {"lake", 0}, {"basin", 1}, {"pond", 1}};

static int class_of(const word_class *t, size_t n, const char *v)
{
    size_t i;
    if (!v || !*v)
        return -1;
    for (i = 0; i < n; i++)
        if (strcmp(t[i].word, v) == 0)
            return t[i].cls;
    return -1;
}
#define CLASS_OF(t, v) class_of(t, sizeof(t) / sizeof(t[0]), v)

enum { G_POINT, G_LINE, G_AREA, G_OTHER };

static int geom_family(OGRGeometryH g)
{
    switch (wkbFlatten(OGR_G_GetGeometryType(g))) {
    case wkbPoint:
    case wkbMultiPoint:
        return G_POINT;
    case wkbLineString:
    case wkbMultiLineString:
        return G_LINE;
    case wkbPolygon:
    case wkbMultiPolygon:
        return G_AREA;
    default:
        return G_OTHER;
    }
}

/* Class of a place from its population when no tag says it. */
static int place_by_population(double pop)
{
    if (!isfinite(pop))
        return 2;
    return pop >= 50000 ? 0 : pop >= 5000 ? 1 : 2;
}

/* The kind and class of a feature; KZ_REF_AUTO when it is of none. */
static int classify(const layer_info *li, OGRFeatureH f, int gf, int given,
                    int *cls)
{
    char b1[64], b2[64];
    const char *fclass = attr(li, f, A_FCLASS, b1, sizeof(b1));
    const char *cl = attr(li, f, A_CLASS, b2, sizeof(b2));
    char buf[64];
    int c, explicit_cls = -1;

    if (*cl) {
        char *end;
        long v = strtol(cl, &end, 10);
        if (!*end && v >= 0 && v <= 3)
            explicit_cls = (int)v;
    }
    if (gf == G_LINE && (given == KZ_REF_AUTO || given == KZ_REF_RIVERS)) {
        c = CLASS_OF(river_classes, attr(li, f, A_WATERWAY, buf, sizeof(buf)));
        if (c < 0)
            c = CLASS_OF(river_classes, fclass);
        if (c >= 0 || given == KZ_REF_RIVERS ||
            (li->hint == KZ_REF_RIVERS && explicit_cls >= 0)) {
            *cls = explicit_cls >= 0 ? explicit_cls : c >= 0 ? c : 2;
            return KZ_REF_RIVERS;
        }
    }
    if (gf == G_LINE && (given == KZ_REF_AUTO || given == KZ_REF_ROADS)) {
        c = CLASS_OF(road_classes, attr(li, f, A_HIGHWAY, buf, sizeof(buf)));
        if (c < 0)
            c = CLASS_OF(road_classes, fclass);
        if (c >= 0 || given == KZ_REF_ROADS ||
            (li->hint == KZ_REF_ROADS && explicit_cls >= 0)) {
            *cls = explicit_cls >= 0 ? explicit_cls : c >= 0 ? c : 3;
            return KZ_REF_ROADS;
        }
    }
    if (gf == G_POINT && (given == KZ_REF_AUTO || given == KZ_REF_PLACES)) {
        c = CLASS_OF(place_classes, attr(li, f, A_PLACE, buf, sizeof(buf)));
        if (c < 0)
            c = CLASS_OF(place_classes, fclass);
        if (c >= 0 || given == KZ_REF_PLACES ||
            (li->hint == KZ_REF_PLACES && explicit_cls >= 0)) {
            const char *p = attr(li, f, A_POPULATION, buf, sizeof(buf));
            *cls = explicit_cls >= 0 ? explicit_cls
                   : c >= 0          ? c
                                     : place_by_population(
                                  *p ? strtod(p, NULL) : NAN);
            return KZ_REF_PLACES;
        }
    }
    if (gf == G_AREA && (given == KZ_REF_AUTO || given == KZ_REF_WATER)) {
        const char *nat = attr(li, f, A_NATURAL, buf, sizeof(buf));
        c = strcmp(nat, "water") == 0 ? 0 : -1;
        if (c < 0 && *attr(li, f, A_WATER, buf, sizeof(buf)))
            c = 0;
        if (c < 0)
            c = CLASS_OF(water_classes,
                         attr(li, f, A_LANDUSE, buf, sizeof(buf)));
        if (c < 0)
            c = CLASS_OF(water_classes, fclass);
        if (c >= 0 || given == KZ_REF_WATER ||
            (li->hint == KZ_REF_WATER && li->tags < 0)) {
            *cls = explicit_cls >= 0 ? explicit_cls : c >= 0 ? c : 0;
            return KZ_REF_WATER;
        }
    }
    /* a plain layer whose name says what it is (one with a class field
     * was taken above) */
    if (given == KZ_REF_AUTO && li->tags < 0 && fclass[0] == '\0') {
        if (li->hint == KZ_REF_RIVERS && gf == G_LINE) {
            *cls = 2;
            return KZ_REF_RIVERS;
        }
        if (li->hint == KZ_REF_ROADS && gf == G_LINE) {
            *cls = 3;
            return KZ_REF_ROADS;
        }
        if (li->hint == KZ_REF_PLACES && gf == G_POINT) {
            const char *p = attr(li, f, A_POPULATION, buf, sizeof(buf));
            *cls = place_by_population(*p ? strtod(p, NULL) : NAN);
            return KZ_REF_PLACES;
        }
    }
    return KZ_REF_AUTO;
}

/* Latin script (with Azerbaijani ə): a name the maps' fonts and readers
 * take as it is. */
static int is_latin(const char *s)
{
    size_t len = strlen(s);
    while (len) {
        uint32_t cp;
        size_t n = kz__utf8_decode(s, len, &cp);
        if (!n || cp >= 0x300)
            return 0;
        s += n;
        len -= n;
    }
    return 1;
}

void kz__ref_name_key(char *out, size_t cap, const char *s)
{
    char low[512], tr[512];
    size_t i, o = 0;

    kz_lower_az(low, sizeof(low), s ? s : "");
    kz_translit_en(tr, sizeof(tr), low);
    for (i = 0; tr[i] && o + 1 < cap; i++) {
        char c = tr[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[o++] = c;
    }
    if (cap)
        out[o] = '\0';
}

static int add_feature(kz_basemap *bm, int kind, int cls, GEOSGeometry *g,
                       const char *az, const char *en, double pop,
                       double ele)
{
    GEOSContextHandle_t h = bm->ctx->geos;
    kz_ref_feature *rf;
    int rc;

    if ((rc = kz__grow(bm->ctx, (void **)&bm->ref[kind], &bm->cap_ref[kind],
                       bm->n_ref[kind] + 1, sizeof(kz_ref_feature))) < 0)
        return rc;
    rf = &bm->ref[kind][bm->n_ref[kind]];
    memset(rf, 0, sizeof(*rf));
    rf->name_az = kz__arena_strdup(&bm->strings, az);
    rf->name_en = kz__arena_strdup(&bm->strings, en);
    if (!rf->name_az || !rf->name_en)
        return KZ_ENOMEM;
    {
        char key[256];
        kz__ref_name_key(key, sizeof(key), az);
        rf->key_az = kz__arena_strdup(&bm->strings, key);
        kz__ref_name_key(key, sizeof(key), en);
        rf->key_en = kz__arena_strdup(&bm->strings, key);
        if (!rf->key_az || !rf->key_en)
            return KZ_ENOMEM;
    }
    rf->geom = g;
    rf->cls = cls;
    rf->population = pop;
    rf->elevation_m = ele;
    GEOSGeom_getXMin_r(h, g, &rf->minx);
    GEOSGeom_getYMin_r(h, g, &rf->miny);
    GEOSGeom_getXMax_r(h, g, &rf->maxx);
    GEOSGeom_getYMax_r(h, g, &rf->maxy);
    bm->n_ref[kind]++;
    return KZ_OK;
}

static double number_or_nan(const char *s)
{
    char *end;
    double v;
    if (!*s)
        return NAN;
    v = strtod(s, &end);
    return (end != s && !*end && isfinite(v)) ? v : NAN;
}

/* Names of a feature: Azerbaijani from name_az, name:az or a Latin name;
 * English from name_en, name:en, int_name, else the Azerbaijani name
 * romanised. */
static void feature_names(const layer_info *li, OGRFeatureH f, char *az,
                          size_t caz, char *en, size_t cen)
{
    char buf[512];
    const char *v;

    v = attr(li, f, A_NAME_AZ, buf, sizeof(buf));
    if (!*v)
        v = attr(li, f, A_NAMEC_AZ, buf, sizeof(buf));
    if (!*v) {
        v = attr(li, f, A_NAME, buf, sizeof(buf));
        if (!is_latin(v))
            v = "";
    }
    kz__text_fit(az, caz, v, 0);
    v = attr(li, f, A_NAME_EN, buf, sizeof(buf));
    if (!*v)
        v = attr(li, f, A_NAMEC_EN, buf, sizeof(buf));
    if (!*v)
        v = attr(li, f, A_INT_NAME, buf, sizeof(buf));
    if (*v && is_latin(v))
        kz__text_fit(en, cen, v, 0);
    else if (az[0])
        kz_translit_en(en, cen, az);
    else
        en[0] = '\0';
}

/* One feature of kind k and class cls added to bm: its geometry in
 * lon/lat, names, population and elevation.  KZ_EINPUT, KZ_EPROJ,
 * KZ_EGEOM, KZ_ENOMEM. */
static int take_feature(kz_basemap *bm, GEOSContextHandle_t h,
                        const layer_info *li, OGRFeatureH f, OGRGeometryH g,
                        int k, int cls, const char *source)
{
    GEOSGeometry *gg = NULL;
    char az[256], en[256], buf[64];
    double pop, ele;
    int rc;

    if ((rc = kz__ogr_geom_lonlat(&gg, bm->ctx, g, li->op, source,
                                  (long)OGR_F_GetFID(f))) < 0)
        return rc;
    feature_names(li, f, az, sizeof(az), en, sizeof(en));
    pop = number_or_nan(attr(li, f, A_POPULATION, buf, sizeof(buf)));
    ele = number_or_nan(attr(li, f, A_ELEVATION, buf, sizeof(buf)));
    if (!isfinite(ele))
        ele = number_or_nan(attr(li, f, A_ELE, buf, sizeof(buf)));
    if ((rc = add_feature(bm, k, cls, gg, az, en, pop, ele)) < 0)
        GEOSGeom_destroy_r(h, gg);
    return rc;
}

/* What a source gave, in the log: features left out by layer, the count
 * of each kind, a warning when none was of any. */
static void log_counts(kz_ctx *ctx, const char *source,
                       const layer_info *layers, size_t n_layers,
                       long skipped, const long *added,
                       kz_reference_kind kind)
{
    size_t i;

    if (skipped)
        kz__log(ctx, KZ_LOG_INFO, "%s: %ld feature(s) of no layer left out",
                source, skipped);
    for (i = 0; i < n_layers; i++)
        if (layers[i].skipped)
            kz__log(ctx, KZ_LOG_INFO,
                    "%s: layer %s: %ld feature(s) of no reference kind "
                    "(river, water area, place, road) left out",
                    source, OGR_L_GetName(layers[i].layer),
                    layers[i].skipped);
    kz__log(ctx, KZ_LOG_INFO,
            "%s: %ld river(s), %ld water area(s), %ld place(s), %ld "
            "road(s)",
            source, added[KZ_REF_RIVERS], added[KZ_REF_WATER],
            added[KZ_REF_PLACES], added[KZ_REF_ROADS]);
    if (added[1] + added[2] + added[3] + added[4] == 0)
        kz__log(ctx, KZ_LOG_WARN,
                "%s: no river, water area, place or road found in it%s",
                source,
                kind == KZ_REF_AUTO ? " (name its kind: KIND=FILE)" : "");
}

static int add_reference(kz_basemap *bm, const char *source,
                         kz_reference_kind kind)
{
    kz_ctx *ctx;
    GDALDatasetH ds = NULL;
    OGRFeatureH f = NULL;
    OGRLayerH layer = NULL;
    layer_info *layers = NULL;
    size_t n_layers = 0, i;
    long added[KZ_REF_KINDS] = {0, 0, 0, 0, 0}, skipped = 0, seen = 0;
    size_t before[KZ_REF_KINDS];
    kz_gdal_scope gdal;
    GEOSContextHandle_t h;
    int rc = KZ_OK, pushed = 0;

    if (!bm)
        return KZ_EINVAL;
    ctx = bm->ctx;
    KZ_ASSERT_ARG(ctx, source && (int)kind >= 0 && kind < KZ_REF_KINDS);
    if (!(h = kz__geos(ctx)))
        return KZ_ENOMEM;
    for (i = 0; i < KZ_REF_KINDS; i++)
        before[i] = bm->n_ref[i];
    GDALAllRegister();
    kz__gdal_push(&gdal, ctx);
    pushed = 1;
    if ((rc = kz__ogr_open(&ds, ctx, source)) < 0)
        goto done;
    n_layers = (size_t)GDALDatasetGetLayerCount(ds);
    if (!(layers = kz__calloc(ctx, n_layers, sizeof(*layers)))) {
        rc = KZ_ENOMEM;
        goto done;
    }
    for (i = 0; i < n_layers; i++)
        if ((rc = layer_init(&layers[i], ctx,
                             GDALDatasetGetLayer(ds, (int)i), source)) < 0)
            goto done;
    /* one pass over the whole source in the order it is stored: the way
     * OSM files (nodes, ways, relations interleaved) are read without
     * going back, and every other driver answers it too */
    kz__gdal_reset(source);
    GDALDatasetResetReading(ds);
    while ((f = GDALDatasetGetNextFeature(ds, &layer, NULL, NULL, NULL)) !=
           NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        layer_info *li = NULL;
        int k = KZ_REF_AUTO, cls = 0;

        for (i = 0; i < n_layers; i++)
            if (layers[i].layer == layer)
                li = &layers[i];
        if ((++seen & 4095) == 0 && kz__interrupted(ctx)) {
            rc = KZ_EINTERRUPTED;
            goto done;
        }
        if (li && g && !OGR_G_IsEmpty(g))
            k = classify(li, f, geom_family(g), (int)kind, &cls);
        if (k == KZ_REF_AUTO) {
            if (li)
                li->skipped++;
            else
                skipped++;
        } else {
            if ((rc = take_feature(bm, h, li, f, g, k, cls, source)) < 0)
                goto done;
            added[k]++;
            li->used++;
        }
        OGR_F_Destroy(f);
        f = NULL;
    }
    /* a file cut short or damaged ends the read early: never a map drawn
     * with part of it */
    if ((rc = kz__gdal_read_check(ctx, source)) < 0)
        goto done;
    log_counts(ctx, source, layers, n_layers, skipped, added, kind);
done:
    /* a source that failed leaves the basemap as it was */
    for (i = 0; rc < 0 && i < KZ_REF_KINDS; i++)
        while (bm->n_ref[i] > before[i])
            GEOSGeom_destroy_r(h, bm->ref[i][--bm->n_ref[i]].geom);
    if (f)
        OGR_F_Destroy(f);
    kz__free(ctx, layers);
    if (ds)
        GDALClose(ds);
    if (pushed)
        kz__gdal_pop(&gdal);
    return rc;
}

void kz__ref_release(kz_basemap *bm)
{
    GEOSContextHandle_t h = bm->ctx->geos;
    size_t i;
    int k;

    for (k = 0; k < KZ_REF_KINDS; k++) {
        for (i = 0; h && i < bm->n_ref[k]; i++)
            GEOSGeom_destroy_r(h, bm->ref[k][i].geom);
        kz__free(bm->ctx, bm->ref[k]);
        bm->ref[k] = NULL;
        bm->n_ref[k] = bm->cap_ref[k] = 0;
    }
}

int kz_basemap_add_reference(kz_basemap *bm, const char *source,
                             kz_reference_kind kind)
{
    static const char opt[] = "OSM_USE_CUSTOM_INDEXING";
    char *was;
    int rc;

    rc = add_reference(bm, source, kind);
    /* OpenStreetMap files as JOSM saves them hold new objects with
     * negative ids, which GDAL's fast node index refuses: read such a
     * file again with the index GDAL keeps in SQLite */
    if (rc != KZ_EINPUT || !strstr(kz_ctx_error(bm->ctx)->message, opt))
        return rc;
    was = CPLStrdup(CPLGetThreadLocalConfigOption(opt, ""));
    CPLSetThreadLocalConfigOption(opt, "NO");
    rc = add_reference(bm, source, kind);
    CPLSetThreadLocalConfigOption(opt, *was ? was : NULL);
    CPLFree(was);
    return rc;
}
