/*
 * gen-survey: deterministic generator of SYNTHETIC kahriz survey data.
 *
 * Writes kahrizes.csv, assessments.csv and shafts.csv (RFC 4180: UTF-8,
 * CRLF line ends, '.' decimal separator, header line first) with invented
 * kahrizes placed in the districts of data/districts.geojson where kahrizes
 * are common in Azerbaijan. Nothing in the output is real field data.
 *
 * The output depends only on the options: every kahriz draws from its own
 * xoshiro256** stream seeded from --seed and its number, so files are
 * byte-identical on every machine with the same districts file.
 *
 * Build:
 *   cc -O2 -std=c11 -Wall -Wextra tools/gen-survey.c \
 *      $(pkg-config --cflags --libs gdal geos proj) -lm -o build/gen-survey
 * (if geos has no .pc file: $(geos-config --cflags --clibs))
 */
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <gdal.h>
#include <ogr_api.h>
#include <proj.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define PI 3.14159265358979323846
#define M_PER_DEG_LAT 111320.0

/* ------------------------------------------------------------------ util */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen-survey: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        die("out of memory");
    return p;
}

/* ------------------------------------------------------------------ PRNG */

/* splitmix64 seeds xoshiro256** (Blackman and Vigna, public domain). */
typedef struct {
    uint64_t s[4];
} rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* One independent stream per (seed, stream, sub). */
static void rng_seed(rng_t *r, uint64_t seed, uint64_t stream, uint64_t sub)
{
    uint64_t x = seed;
    x ^= splitmix64(&(uint64_t){stream * 0xD1B54A32D192ED03ULL + sub});
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* uniform in [0, 1) */
static double unif(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static double unif_range(rng_t *r, double lo, double hi)
{
    return lo + (hi - lo) * unif(r);
}

/* uniform integer in [lo, hi] */
static int irange(rng_t *r, int lo, int hi)
{
    return lo + (int)(unif(r) * (double)(hi - lo + 1));
}

static double gauss(rng_t *r)
{
    double u1 = 1.0 - unif(r); /* (0, 1] */
    double u2 = unif(r);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * PI * u2);
}

/* Never use two random draws in one expression: the order in which C
 * evaluates function arguments is unspecified, and the output must not
 * depend on the compiler. */
#define PICK(r, arr)                                                           \
    ((arr)[irange((r), 0, (int)(sizeof(arr) / sizeof(*(arr))) - 1)])

/* ----------------------------------------------------------- word lists */

/* Districts where kahrizes are common, their relative weight and the rough
 * compass bearing (degrees) from an outlet up towards the mountains, where
 * the mother well lies. */
static const struct {
    const char *name_az;
    double weight;
    double upslope;
} KZ_DISTRICTS[] = {
    /* Nakhchivan Autonomous Republic */
    {"Ordubad", 10.0, 0.0},
    {"Culfa", 8.0, 30.0},
    {"Babək", 8.0, 45.0},
    {"Şahbuz", 6.0, 45.0},
    {"Şərur", 6.0, 30.0},
    {"Kəngərli", 5.0, 30.0},
    {"Sədərək", 3.0, 30.0},
    /* west: foothills of the Lesser Caucasus */
    {"Gəncə", 1.5, 210.0},
    {"Göygöl", 3.0, 200.0},
    {"Goranboy", 3.0, 225.0},
    {"Şəmkir", 3.0, 215.0},
    {"Tovuz", 3.0, 200.0},
    {"Qazax", 2.5, 200.0},
    {"Ağstafa", 2.0, 200.0},
    {"Samux", 1.5, 225.0},
    /* Karabakh */
    {"Tərtər", 2.5, 250.0},
    {"Bərdə", 2.5, 250.0},
    {"Ağdam", 3.0, 255.0},
    {"Ağcabədi", 3.0, 260.0},
    {"Füzuli", 3.5, 280.0},
    {"Cəbrayıl", 2.5, 330.0},
    {"Zəngilan", 1.5, 330.0},
    {"Qubadlı", 1.5, 300.0},
};
#define N_KZ_DISTRICTS (int)(sizeof(KZ_DISTRICTS) / sizeof(*KZ_DISTRICTS))

static const char *PERSONAL[] = {
    "Əli",   "Həsən",   "Hüseyn",  "İbrahim",  "İsmayıl",  "Qasım",
    "Rəhim", "Kərim",   "Nəcəf",   "Bağır",    "Cəfər",    "Şahmar",
    "Mirzə", "Fərəc",   "Məmməd",  "Əhməd",    "Yusif",    "Musa",
    "Tağı",  "Talıb",   "Sultan",  "Qurban",   "Heydər",   "Abbas",
    "Rza",   "Əsgər",   "Zeynal",  "Süleyman", "Xəlil",    "Şükür",
    "Vəli",  "Cavad",   "Ağası",   "Qulu",     "Bəşir",    "Sadıq",
    "Həbib", "Nuru",    "Cabbar",  "Novruz",   "Məhərrəm", "Bayram",
    "Səfər", "Ramazan", "Şamil",   "İmran",    "Qədir",    "Möhsün",
    "Göyüş", "Dadaş",   "Ələsgər", "Abdulla",  "Fətəli",   "Hümbət",
};
static const char *TITLE_BEFORE[] = {"Hacı",  "Kərbəlayı", "Məşədi", "Molla",
                                     "Seyid", "Mir",       "Usta",   "Dərviş"};
static const char *TITLE_AFTER[] = {"bəy", "xan", "kişi", "ağa", "dayı"};
static const char *ADJECTIVE[] = {
    "Böyük", "Kiçik", "Yuxarı", "Aşağı", "Orta", "Təzə",  "Köhnə",
    "Dərin", "Şirin", "Soyuq",  "Qoşa",  "Uzun", "Qara",  "Ağ",
    "Göy",   "Lal",   "Gur",    "Sakit", "Dolu", "Yaşıl",
};
static const char *PLACE[] = {
    "Şıxlar",    "Seyidlər",   "Mollalar",  "Hacılar",  "Bəylər",
    "Ağbulaq",   "Çaylı",      "Qaraağac",  "Söyüdlü",  "Gözəldərə",
    "Bağlar",    "Dəyirman",   "Çinarlı",   "Ərəblər",  "Məscid",
    "Kəndaltı",  "Qızılqaya",  "Üzümlük",   "Armudlu",  "Qoşabulaq",
    "Bağbanlar", "Dəmirçilər", "Zərgərlər", "Qışlaq",   "Çəmənli",
    "Tutluq",    "Narlıq",     "Heyvalı",   "Pir",      "Qala",
    "Bazar",     "Karvansara", "Hamam",     "Sarıdaş",  "Göydərə",
    "Yaylaq",    "Dağətəyi",   "Gölyeri",   "Söyüdlük", "İmamzadə",
};
static const char *VILLAGE[] = {
    "Əylis",       "Nüsnüs",        "Dizə",        "Ərəfsə",     "Bənəniyar",
    "Qazançı",     "Yaycı",         "Kolanı",      "Düdəngə",    "Təzəkənd",
    "Yenikənd",    "Qarabağlar",    "Xanlıqlar",   "Şıxmahmud",  "Çalxanqala",
    "Nehrəm",      "Qıvraq",        "Başkənd",     "Ortakənd",   "Sarıca",
    "Gülüstan",    "Bulaqlı",       "Qaradağlı",   "Dəmirçi",    "Kürdlər",
    "Əhmədli",     "Məmmədli",      "Hacılar",     "Seyidlər",   "Alıbəyli",
    "Qızılhacılı", "Mollalı",       "Quşçu",       "Dəlləkli",   "Soyuqbulaq",
    "Armudlu",     "Söyüdlü",       "Zeyvə",       "Ağbulaq",    "Qaraqışlaq",
    "Güznüt",      "Biləv",         "Vənənd",      "Cəhri",      "Kükü",
    "Badamlı",     "Kərimbəyli",    "Şahtaxtı",    "Yengicə",    "Dəstə",
    "Tivi",        "Parağa",        "Kəmərli",     "Poylu",      "Muğanlı",
    "Əlibəyli",    "Düzqışlaq",     "Zəyəm",       "Çinarlı",    "Qovlar",
    "Əsrik",       "Öysüzlü",       "Duzal",       "Seyfəli",    "Qarabulaq",
    "Xoşbulaq",    "Toğanalı",      "Zurnabad",    "Balçılı",    "Qızılca",
    "Quzanlı",     "Qiyaslı",       "Qarapirimli", "Bərgüşad",   "Qaraxanbəyli",
    "Dövlətyarlı", "Arayatlı",      "Qarağac",     "Əhmədbəyli", "Cuvarlı",
    "Köçərli",     "Şıxlı",         "Mehdili",     "Göytəpə",    "Çəmənli",
    "Üçtəpə",      "İmamqulubəyli", "Şükürbəyli",  "Həsənqaya",  "Ağdaban",
};
static const char *VILLAGE_PREFIX[] = {"Yuxarı ", "Aşağı ", "Orta "};

static const char *ASSESSOR[] = {
    "Əli Məmmədov",      "Günel Hüseynova",  "Rəşad Quliyev",
    "Aynur İsmayılova",  "Şahin Əliyev",     "Nərmin Cəfərova",
    "Tural Həsənov",     "Leyla Qasımova",   "Elçin Abbasov",
    "Səbinə Rzayeva",    "Orxan Süleymanov", "Könül Babayeva",
    "Fərid Nəsirov",     "Ülviyyə Kərimova", "Vüqar Bağırov",
    "Gülnarə Zeynalova",
};

/* Field notes by condition; the second string is the English version. */
typedef struct {
    const char *az, *en;
} note_t;

static const note_t NOTES_GOOD[] = {
    {"Su bol və təmizdir", "Plentiful clean water"},
    {"Kankanlar qalereyanı təmizləyib", "Kankans cleaned the gallery"},
    {"Çıxışda hovuz var", "Pool at the outlet"},
    {"Su içməli kimi istifadə olunur", "Used for drinking water"},
    {"Çıxışın yanında çeşmə tikilib", "Fountain built by the outlet"},
};
static const note_t NOTES_FAIR[] = {
    {"Yay aylarında su azalır", "Flow drops in summer"},
    {"Qalereyada lil toplanıb", "Silt in the gallery"},
    {"Su bağların suvarılmasına gedir", "Water irrigates the orchards"},
    {"Quyuların ağzı örtülməlidir", "Shaft mouths need covers"},
    {"Bir neçə quyu təmir tələb edir, ana quyu sağlamdır",
     "Some shafts need repair, mother well sound"},
};
static const note_t NOTES_POOR[] = {
    {"Bir neçə quyu uçub", "Several shafts collapsed"},
    {"Su çirklənib, yoxlanmalıdır", "Water polluted, needs testing"},
    {"Bələdiyyə təmir üçün müraciət edib", "Municipality applied for repair"},
    {"Qalereyanın bir hissəsi uçub", "Part of the gallery collapsed"},
    {"Kənd sakinləri \"ana quyu\"nu təmizləyib",
     "Villagers cleaned the \"mother well\""},
};
static const note_t NOTES_DRY[] = {
    {"Kəhriz quruyub", "The kahriz has dried up"},
    {"Ətrafdakı subartezian quyuları suyu azaldıb",
     "Nearby boreholes lowered the water table"},
    {"Yayda quruyur, yazda axır", "Dry in summer, flows in spring"},
};
static const note_t NOTES_COLLAPSED[] = {
    {"Uçqun səbəbindən axın dayanıb", "Flow stopped after a collapse"},
    {"Ana quyu uçub", "Mother well collapsed"},
    {"Qalereya bərpa olunmalıdır", "Gallery needs rebuilding"},
};
static const note_t NOTE_REHAB = {"Bərpadan sonra axın artıb",
                                  "Flow increased after rehabilitation"};

enum { GOOD, FAIR, POOR, DRY, COLLAPSED, N_COND };
static const char *COND_EN[N_COND] = {"good", "fair", "poor", "dry",
                                      "collapsed"};
static const char *COND_AZ[N_COND] = {"yaxşı", "kafi", "pis", "quru", "uçmuş"};

/* ------------------------------------------------------ transliteration */

/* Cabinet of Ministers Resolution No. 498 (2020): Azerbaijani -> English. */
static const struct {
    const char *from, *to;
} TRANSLIT[] = {
    {"ə", "a"},  {"Ə", "A"},  {"ı", "i"},  {"İ", "I"},  {"ö", "o"},
    {"Ö", "O"},  {"ü", "u"},  {"Ü", "U"},  {"ç", "ch"}, {"Ç", "Ch"},
    {"ş", "sh"}, {"Ş", "Sh"}, {"ğ", "gh"}, {"Ğ", "Gh"}, {"c", "j"},
    {"C", "J"},  {"x", "kh"}, {"X", "Kh"}, {"q", "g"},  {"Q", "G"},
    {"j", "zh"}, {"J", "Zh"},
};

static void translit(const char *in, char *out, size_t size)
{
    size_t o = 0;
    while (*in) {
        const char *rep = NULL;
        size_t len = 1;
        for (size_t i = 0; i < sizeof(TRANSLIT) / sizeof(*TRANSLIT); i++) {
            size_t l = strlen(TRANSLIT[i].from);
            if (strncmp(in, TRANSLIT[i].from, l) == 0) {
                rep = TRANSLIT[i].to;
                len = l;
                break;
            }
        }
        size_t rl = rep ? strlen(rep) : 1;
        if (o + rl + 1 > size)
            die("name too long for transliteration");
        memcpy(out + o, rep ? rep : in, rl);
        o += rl;
        in += len;
    }
    out[o] = '\0';
}

/* English name of a kahriz: transliteration, "kəhrizi" -> "kahriz". */
static void kahriz_name_en(const char *az, char *out, size_t size)
{
    translit(az, out, size);
    size_t n = strlen(out);
    if (n >= 8 && strcmp(out + n - 8, " kahrizi") == 0)
        out[n - 1] = '\0';
}

/* ------------------------------------------------------------- districts */

typedef struct {
    char code[16];
    char name_az[64];
    char type[16];
    GEOSGeometry *geom;
    const GEOSPreparedGeometry *prep;
    double minx, miny, maxx, maxy;
    int *nbr; /* indices of adjacent districts */
    int n_nbr;
} district_t;

typedef struct {
    char name_az[64];
    char name_en[96];
    double lon, lat;
} village_t;

typedef struct {
    int district; /* index into districts */
    double weight, cum;
    double upslope;
    village_t *villages;
    int n_villages;
} kz_district_t;

static GEOSContextHandle_t geos;

static void geos_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen-survey: GEOS: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static district_t *load_districts(const char *path, int *n_out)
{
    GDALDatasetH ds =
        GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        die("cannot open %s", path);
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    int cap = (int)OGR_L_GetFeatureCount(lyr, 1);
    if (cap <= 0)
        die("%s: no features", path);
    district_t *d = xcalloc((size_t)cap, sizeof(*d));
    GEOSWKBReader *reader = GEOSWKBReader_create_r(geos);
    int n = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (n >= cap)
            die("%s: feature count changed while reading", path);
        int ic = OGR_F_GetFieldIndex(f, "code");
        int in = OGR_F_GetFieldIndex(f, "name_az");
        int it = OGR_F_GetFieldIndex(f, "type");
        if (ic < 0 || in < 0 || it < 0)
            die("%s: needs fields code, name_az, type", path);
        snprintf(d[n].code, sizeof(d[n].code), "%s",
                 OGR_F_GetFieldAsString(f, ic));
        snprintf(d[n].name_az, sizeof(d[n].name_az), "%s",
                 OGR_F_GetFieldAsString(f, in));
        snprintf(d[n].type, sizeof(d[n].type), "%s",
                 OGR_F_GetFieldAsString(f, it));
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (!g)
            die("%s: %s has no geometry", path, d[n].code);
        size_t size = (size_t)OGR_G_WkbSize(g);
        unsigned char *wkb = xcalloc(size, 1);
        OGR_G_ExportToWkb(g, wkbNDR, wkb);
        d[n].geom = GEOSWKBReader_read_r(geos, reader, wkb, size);
        free(wkb);
        if (!d[n].geom)
            die("%s: cannot read geometry of %s", path, d[n].code);
        d[n].prep = GEOSPrepare_r(geos, d[n].geom);
        GEOSGeom_getXMin_r(geos, d[n].geom, &d[n].minx);
        GEOSGeom_getYMin_r(geos, d[n].geom, &d[n].miny);
        GEOSGeom_getXMax_r(geos, d[n].geom, &d[n].maxx);
        GEOSGeom_getYMax_r(geos, d[n].geom, &d[n].maxy);
        OGR_F_Destroy(f);
        n++;
    }
    GEOSWKBReader_destroy_r(geos, reader);
    GDALClose(ds);

    /* adjacency, for the deliberately wrong district codes */
    for (int i = 0; i < n; i++) {
        d[i].nbr = xcalloc((size_t)n, sizeof(int));
        for (int j = 0; j < n; j++) {
            if (j == i || d[j].minx > d[i].maxx || d[j].maxx < d[i].minx ||
                d[j].miny > d[i].maxy || d[j].maxy < d[i].miny)
                continue;
            if (GEOSPreparedIntersects_r(geos, d[i].prep, d[j].geom) == 1)
                d[i].nbr[d[i].n_nbr++] = j;
        }
    }
    *n_out = n;
    return d;
}

static int contains(const district_t *d, double lon, double lat)
{
    if (lon < d->minx || lon > d->maxx || lat < d->miny || lat > d->maxy)
        return 0;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(geos, lon, lat);
    char r = GEOSPreparedContains_r(geos, d->prep, pt);
    GEOSGeom_destroy_r(geos, pt);
    return r == 1;
}

/* Move (lon, lat) by dx, dy metres east and north (local approximation). */
static void offset(double lon, double lat, double dx, double dy, double *olon,
                   double *olat)
{
    *olat = lat + dy / M_PER_DEG_LAT;
    *olon = lon + dx / (M_PER_DEG_LAT * cos(lat * PI / 180.0));
}

static void random_point_in(rng_t *r, const district_t *d, double *lon,
                            double *lat)
{
    for (int tries = 0; tries < 100000; tries++) {
        double x = unif_range(r, d->minx, d->maxx);
        double y = unif_range(r, d->miny, d->maxy);
        if (contains(d, x, y)) {
            *lon = x;
            *lat = y;
            return;
        }
    }
    die("cannot place a point in %s", d->code);
}

static void make_village_name(rng_t *r, char *out, size_t size)
{
    if (unif(r) < 0.2) {
        const char *prefix = PICK(r, VILLAGE_PREFIX);
        snprintf(out, size, "%s%s", prefix, PICK(r, VILLAGE));
    } else {
        snprintf(out, size, "%s", PICK(r, VILLAGE));
    }
}

/* ------------------------------------------------------------ CSV output */

typedef struct {
    FILE *fp;
    int first; /* no field written yet on this line */
} csv_t;

static void csv_open(csv_t *c, const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    c->fp = fopen(path, "wb");
    if (!c->fp)
        die("cannot write %s: %s", path, strerror(errno));
    setvbuf(c->fp, NULL, _IOFBF, 1 << 20);
    c->first = 1;
}

static void csv_close(csv_t *c, const char *name)
{
    if (ferror(c->fp) || fclose(c->fp) != 0)
        die("error writing %s", name);
}

static void csv_sep(csv_t *c)
{
    if (!c->first)
        putc(',', c->fp);
    c->first = 0;
}

static void csv_str(csv_t *c, const char *s)
{
    csv_sep(c);
    if (!s || !*s)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, c->fp);
        return;
    }
    putc('"', c->fp);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', c->fp);
        putc(*s, c->fp);
    }
    putc('"', c->fp);
}

static void csv_fmt(csv_t *c, const char *fmt, ...)
{
    va_list ap;
    csv_sep(c);
    va_start(ap, fmt);
    vfprintf(c->fp, fmt, ap);
    va_end(ap);
}

static void csv_empty(csv_t *c)
{
    csv_sep(c);
}

static void csv_end(csv_t *c)
{
    fputs("\r\n", c->fp);
    c->first = 1;
}

static void csv_header(csv_t *c, const char *names)
{
    fputs(names, c->fp);
    csv_end(c);
}

/* ------------------------------------------------------------ generation */

typedef struct {
    const char *districts;
    const char *out_dir;
    long kahrizes;
    uint64_t seed;
    double shaft_fraction;
    double visits_mean;
} options_t;

typedef struct {
    int utm; /* 0: EPSG:4326; else EPSG code */
    PJ *to_utm38, *to_utm39;
} crs_ctx_t;

/* Coordinates of a point in the row's CRS. */
static void project(const crs_ctx_t *cc, int epsg, double lon, double lat,
                    double *x, double *y)
{
    if (epsg == 4326) {
        *x = lon;
        *y = lat;
        return;
    }
    PJ_COORD in = proj_coord(lon, lat, 0, 0);
    PJ_COORD out =
        proj_trans(epsg == 32638 ? cc->to_utm38 : cc->to_utm39, PJ_FWD, in);
    if (!isfinite(out.xy.x) || !isfinite(out.xy.y))
        die("PROJ could not transform %.6f %.6f", lon, lat);
    *x = out.xy.x;
    *y = out.xy.y;
}

static void csv_xy(csv_t *c, int epsg, double x, double y)
{
    if (epsg == 4326) {
        csv_fmt(c, "%.6f", x);
        csv_fmt(c, "%.6f", y);
    } else {
        csv_fmt(c, "%.2f", x);
        csv_fmt(c, "%.2f", y);
    }
}

static void make_kahriz_name(rng_t *r, const char *village, char *out,
                             size_t size)
{
    double u = unif(r);
    if (u < 0.22) {
        const char *title = PICK(r, TITLE_BEFORE);
        snprintf(out, size, "%s %s kəhrizi", title, PICK(r, PERSONAL));
    } else if (u < 0.32) {
        snprintf(out, size, "%s kəhrizi", PICK(r, PERSONAL));
    } else if (u < 0.42) {
        const char *person = PICK(r, PERSONAL);
        snprintf(out, size, "%s %s kəhrizi", person, PICK(r, TITLE_AFTER));
    } else if (u < 0.62) {
        snprintf(out, size, "%s kəhriz", PICK(r, ADJECTIVE));
    } else if (u < 0.82) {
        snprintf(out, size, "%s kəhrizi", PICK(r, PLACE));
    } else {
        snprintf(out, size, "%s kəhrizi", village);
    }
}

typedef struct {
    int y, m, d;
} date_t;

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int date_cmp(const void *a, const void *b)
{
    const date_t *x = a, *y = b;
    if (x->y != y->y)
        return x->y - y->y;
    if (x->m != y->m)
        return x->m - y->m;
    return x->d - y->d;
}

static const note_t *pick_note(rng_t *r, int cond)
{
    switch (cond) {
    case GOOD:
        return &PICK(r, NOTES_GOOD);
    case FAIR:
        return &PICK(r, NOTES_FAIR);
    case POOR:
        return &PICK(r, NOTES_POOR);
    case DRY:
        return &PICK(r, NOTES_DRY);
    default:
        return &PICK(r, NOTES_COLLAPSED);
    }
}

typedef struct {
    char id[24];
    int shafts;
    int nakhchivan;
} kahriz_t;

static void write_assessments(csv_t *c, rng_t *r, const kahriz_t *k,
                              const options_t *o)
{
    /* number of visits: 1 + Binomial(3, p), mean 1 + 3p */
    double p = (o->visits_mean - 1.0) / 3.0;
    int nv = 1;
    for (int i = 0; i < 3; i++)
        nv += unif(r) < p;

    date_t dates[4];
    for (int i = 0; i < nv; i++) {
        for (;;) {
            date_t t;
            t.y = irange(r, 2008, 2025);
            t.m = irange(r, 3, 11); /* field season */
            t.d = irange(r, 1, days_in_month(t.y, t.m));
            int dup = 0;
            for (int j = 0; j < i; j++)
                dup |= date_cmp(&t, &dates[j]) == 0;
            if (!dup) {
                dates[i] = t;
                break;
            }
        }
    }
    qsort(dates, (size_t)nv, sizeof(*dates), date_cmp);

    /* kahriz-level state */
    static const double cond_p[N_COND] = {0.25, 0.35, 0.25, 0.10, 0.05};
    int cond = 0;
    double u = unif(r), acc = 0;
    for (cond = 0; cond < N_COND - 1; cond++) {
        acc += cond_p[cond];
        if (u < acc)
            break;
    }
    double productivity = exp(0.5 * gauss(r));
    double households = fmin(400.0, fmax(1.0, 35.0 * exp(0.8 * gauss(r))));
    int rehab_year = 0, planned_from = 0;
    u = unif(r);
    if (u < 0.22)
        rehab_year =
            k->nakhchivan ? irange(r, 2002, 2011) : irange(r, 2012, 2024);
    else if (u < 0.32)
        planned_from = irange(r, 2008, 2025);

    int prev_rehab_done = 0;
    for (int i = 0; i < nv; i++) {
        const date_t *t = &dates[i];
        if (i > 0) { /* drift between visits */
            double v = unif(r);
            if (v < 0.25 && cond < COLLAPSED)
                cond++;
            else if (v < 0.35 && cond > GOOD)
                cond--;
        }
        const char *status = "none";
        int ryear = 0, fresh_rehab = 0;
        if (rehab_year) {
            if (t->y < rehab_year - 2) {
                status = "none";
            } else if (t->y < rehab_year) {
                status = "planned";
            } else if (t->y == rehab_year) {
                status = "ongoing";
                ryear = rehab_year;
            } else {
                status = "done";
                ryear = rehab_year;
                if (!prev_rehab_done) {
                    cond = unif(r) < 0.7 ? GOOD : FAIR;
                    fresh_rehab = 1;
                }
                prev_rehab_done = 1;
            }
        } else if (planned_from && t->y >= planned_from) {
            status = "planned";
        }

        double q = 0.0;
        if (cond <= POOR) {
            static const double median[] = {6.0, 3.0, 1.2};
            double season = t->m <= 5 ? 1.3 : (t->m >= 8 ? 0.75 : 1.0);
            q = median[cond] * productivity * season * exp(0.45 * gauss(r));
            q = fmin(25.0, fmax(0.1, q));
        }
        int hh = 0;
        if (cond <= POOR) {
            double h =
                households * fmin(1.0, q / 2.0) * unif_range(r, 0.85, 1.15);
            hh = (int)lround(fmin(400.0, h));
        }
        static const double coll_lo[] = {0.0, 0.05, 0.2, 0.1, 0.4};
        static const double coll_hi[] = {0.05, 0.2, 0.5, 0.6, 1.0};
        int collapsed = (int)lround(
            k->shafts * unif_range(r, coll_lo[cond], coll_hi[cond]));
        if (cond == COLLAPSED && collapsed < 1)
            collapsed = 1;
        if (collapsed > k->shafts)
            collapsed = k->shafts;

        const char *drink;
        double dv = unif(r);
        if (cond == GOOD)
            drink = dv < 0.70 ? "yes" : dv < 0.85 ? "no" : "unknown";
        else if (cond == FAIR)
            drink = dv < 0.50 ? "yes" : dv < 0.80 ? "no" : "unknown";
        else if (cond == POOR)
            drink = dv < 0.20 ? "yes" : dv < 0.80 ? "no" : "unknown";
        else
            drink = dv < 0.85 ? "no" : "unknown";

        char cond_text[16];
        double cv = unif(r);
        if (cv < 0.03)
            snprintf(cond_text, sizeof(cond_text), "%s", COND_AZ[cond]);
        else if (cv < 0.05)
            snprintf(cond_text, sizeof(cond_text), "%d", cond + 1);
        else
            snprintf(cond_text, sizeof(cond_text), "%s", COND_EN[cond]);

        const note_t *note = NULL;
        if (fresh_rehab && unif(r) < 0.6)
            note = &NOTE_REHAB;
        else if (unif(r) < 0.45)
            note = pick_note(r, cond);
        int note_en = note && unif(r) >= 0.1;

        csv_str(c, k->id);
        csv_fmt(c, "%04d-%02d-%02d", t->y, t->m, t->d);
        csv_fmt(c, "%.1f", q);
        csv_str(c, cond_text);
        csv_str(c, drink);
        csv_fmt(c, "%d", hh);
        csv_fmt(c, "%d", k->shafts - collapsed);
        csv_fmt(c, "%d", collapsed);
        csv_str(c, status);
        if (ryear)
            csv_fmt(c, "%d", ryear);
        else
            csv_empty(c);
        csv_str(c, note ? note->az : "");
        csv_str(c, note_en ? note->en : "");
        csv_str(c, PICK(r, ASSESSOR));
        csv_end(c);
    }
}

static long write_shafts(csv_t *c, rng_t *r, const kahriz_t *k,
                         const crs_ctx_t *cc, int epsg, double head_lon,
                         double head_lat, double out_lon, double out_lat,
                         double depth)
{
    int n = k->shafts;
    double prev = depth;
    for (int s = 1; s <= n; s++) {
        double f = (double)(s - 1) / n; /* 0 at the mother well */
        double lon = head_lon + f * (out_lon - head_lon);
        double lat = head_lat + f * (out_lat - head_lat);
        double dep = depth;
        if (s > 1) { /* shallower towards the outlet, never deeper */
            dep = 1.0 +
                  (depth - 1.0) * pow(1.0 - f, 1.3) * unif_range(r, 0.93, 1.07);
            dep = fmax(0.8, fmin(dep, prev));
        }
        prev = dep;
        double x, y;
        project(cc, epsg, lon, lat, &x, &y);
        csv_str(c, k->id);
        csv_fmt(c, "%d", s);
        csv_xy(c, epsg, x, y);
        csv_fmt(c, "EPSG:%d", epsg);
        csv_fmt(c, "%.1f", dep);
        csv_end(c);
    }
    return n;
}

static void usage(FILE *fp)
{
    fputs(
        "usage: gen-survey [options]\n"
        "Writes SYNTHETIC kahrizes.csv, assessments.csv, shafts.csv.\n"
        "  --districts FILE      districts GeoJSON "
        "(default data/districts.geojson)\n"
        "  --out-dir DIR         output directory (default .)\n"
        "  --kahrizes N          number of kahrizes (default 1500)\n"
        "  --seed S              random seed (default 2026)\n"
        "  --shaft-fraction F    share of kahrizes with a mother well whose\n"
        "                        shafts are listed (default 0.3)\n"
        "  --visits-mean M       mean visits per kahriz, 1..4 (default 2.2)\n",
        fp);
}

static const char *arg_value(int argc, char **argv, int *i, const char *name)
{
    size_t l = strlen(name);
    if (strncmp(argv[*i], name, l) != 0)
        return NULL;
    if (argv[*i][l] == '=')
        return argv[*i] + l + 1;
    if (argv[*i][l] != '\0')
        return NULL;
    if (*i + 1 >= argc)
        die("%s needs a value", name);
    return argv[++*i];
}

static double parse_num(const char *s, const char *name)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end)
        die("bad value for %s: %s", name, s);
    return v;
}

static void parse_args(int argc, char **argv, options_t *o)
{
    o->districts = "data/districts.geojson";
    o->out_dir = ".";
    o->kahrizes = 1500;
    o->seed = 2026;
    o->shaft_fraction = 0.3;
    o->visits_mean = 2.2;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            exit(0);
        } else if ((v = arg_value(argc, argv, &i, "--districts"))) {
            o->districts = v;
        } else if ((v = arg_value(argc, argv, &i, "--out-dir"))) {
            o->out_dir = v;
        } else if ((v = arg_value(argc, argv, &i, "--kahrizes"))) {
            double n = parse_num(v, "--kahrizes");
            if (n < 1 || n > 99999999 || n != floor(n))
                die("--kahrizes must be an integer from 1 to 99999999");
            o->kahrizes = (long)n;
        } else if ((v = arg_value(argc, argv, &i, "--seed"))) {
            char *end;
            errno = 0;
            o->seed = strtoull(v, &end, 10);
            if (errno || end == v || *end)
                die("bad value for --seed: %s", v);
        } else if ((v = arg_value(argc, argv, &i, "--shaft-fraction"))) {
            o->shaft_fraction = parse_num(v, "--shaft-fraction");
            if (o->shaft_fraction < 0 || o->shaft_fraction > 1)
                die("--shaft-fraction must be between 0 and 1");
        } else if ((v = arg_value(argc, argv, &i, "--visits-mean"))) {
            o->visits_mean = parse_num(v, "--visits-mean");
            if (o->visits_mean < 1 || o->visits_mean > 4)
                die("--visits-mean must be between 1 and 4");
        } else {
            usage(stderr);
            die("unknown option %s", argv[i]);
        }
    }
}

int main(int argc, char **argv)
{
    options_t o;
    parse_args(argc, argv, &o);

    geos = GEOS_init_r();
    GEOSContext_setNoticeHandler_r(geos, geos_msg);
    GEOSContext_setErrorHandler_r(geos, geos_msg);
    GDALAllRegister();

    int nd;
    district_t *dist = load_districts(o.districts, &nd);

    /* kahriz districts, matched by name_az (a district wins over a city of
     * the same name) */
    kz_district_t kz[N_KZ_DISTRICTS];
    double wsum = 0;
    for (int i = 0; i < N_KZ_DISTRICTS; i++) {
        int found = -1;
        for (int j = 0; j < nd; j++) {
            if (strcmp(dist[j].name_az, KZ_DISTRICTS[i].name_az) != 0)
                continue;
            if (found < 0 || strcmp(dist[j].type, "district") == 0)
                found = j;
        }
        if (found < 0)
            die("district %s not found in %s", KZ_DISTRICTS[i].name_az,
                o.districts);
        kz[i].district = found;
        kz[i].weight = KZ_DISTRICTS[i].weight;
        kz[i].upslope = KZ_DISTRICTS[i].upslope;
        wsum += kz[i].weight;
        kz[i].cum = wsum;
    }

    /* villages: about one per six kahrizes, 1..150 per district */
    for (int i = 0; i < N_KZ_DISTRICTS; i++) {
        rng_t r;
        rng_seed(&r, o.seed, 1, (uint64_t)i);
        double expect = (double)o.kahrizes * kz[i].weight / wsum;
        int nv = (int)lround(expect / 6.0);
        nv = nv < 1 ? 1 : nv > 150 ? 150 : nv;
        kz[i].villages = xcalloc((size_t)nv, sizeof(village_t));
        kz[i].n_villages = nv;
        const district_t *d = &dist[kz[i].district];
        for (int v = 0; v < nv; v++) {
            village_t *vil = &kz[i].villages[v];
            for (int tries = 0; tries < 50; tries++) {
                make_village_name(&r, vil->name_az, sizeof(vil->name_az));
                int dup = 0;
                for (int w = 0; w < v && !dup; w++)
                    dup = !strcmp(kz[i].villages[w].name_az, vil->name_az);
                if (!dup)
                    break;
            }
            translit(vil->name_az, vil->name_en, sizeof(vil->name_en));
            random_point_in(&r, d, &vil->lon, &vil->lat);
        }
    }

    PJ_CONTEXT *pctx = proj_context_create();
    crs_ctx_t cc = {0, NULL, NULL};
    const char *utm[2] = {"EPSG:32638", "EPSG:32639"};
    PJ **dst[2] = {&cc.to_utm38, &cc.to_utm39};
    for (int i = 0; i < 2; i++) {
        PJ *p = proj_create_crs_to_crs(pctx, "EPSG:4326", utm[i], NULL);
        if (!p)
            die("PROJ cannot create EPSG:4326 -> %s", utm[i]);
        *dst[i] = proj_normalize_for_visualization(pctx, p);
        proj_destroy(p);
        if (!*dst[i])
            die("PROJ cannot normalise EPSG:4326 -> %s", utm[i]);
    }

    if (mkdir(o.out_dir, 0777) != 0 && errno != EEXIST)
        die("cannot create %s: %s", o.out_dir, strerror(errno));
    csv_t ck, ca, cs;
    csv_open(&ck, o.out_dir, "kahrizes.csv");
    csv_open(&ca, o.out_dir, "assessments.csv");
    csv_open(&cs, o.out_dir, "shafts.csv");
    csv_header(&ck, "id,name_az,name_en,district,village_az,village_en,x,y,"
                    "crs,head_x,head_y,length_m,shafts,mother_well_depth_m,"
                    "year_built,owner,photo");
    csv_header(&ca, "kahriz_id,date,discharge_l_s,condition,drinkable,"
                    "households_served,shafts_open,shafts_collapsed,"
                    "rehab_status,rehab_year,notes_az,notes_en,assessor");
    csv_header(&cs, "kahriz_id,seq,x,y,crs,depth_m");

    long n_shafts = 0, n_wrong = 0;
    for (long i = 1; i <= o.kahrizes; i++) {
        rng_t r, ra, rs;
        rng_seed(&r, o.seed, (uint64_t)i + 16, 0);
        rng_seed(&ra, o.seed, (uint64_t)i + 16, 1);
        rng_seed(&rs, o.seed, (uint64_t)i + 16, 2);
        kahriz_t k;
        snprintf(k.id, sizeof(k.id), "KZ-%06ld", i);

        /* place: district by weight, village, outlet near the village */
        double w = unif(&r) * wsum;
        int ki = 0;
        while (ki < N_KZ_DISTRICTS - 1 && w >= kz[ki].cum)
            ki++;
        const district_t *d = &dist[kz[ki].district];
        k.nakhchivan = ki < 7;
        const village_t *vil =
            &kz[ki].villages[irange(&r, 0, kz[ki].n_villages - 1)];
        double lon = vil->lon, lat = vil->lat;
        for (int tries = 0; tries < 30; tries++) {
            double x, y;
            double dx = 1200.0 * gauss(&r);
            double dy = 1200.0 * gauss(&r);
            offset(vil->lon, vil->lat, dx, dy, &x, &y);
            if (contains(d, x, y)) {
                lon = x;
                lat = y;
                break;
            }
        }

        /* mother well: 1-4 km upslope-ish, in the same district */
        int has_head = 0;
        double hlon = 0, hlat = 0, hdist = 0;
        if (unif(&r) < 0.62) {
            for (int tries = 0; tries < 8 && !has_head; tries++) {
                double b =
                    (kz[ki].upslope + unif_range(&r, -60, 60)) * PI / 180.0;
                double dd = 1000.0 + 3000.0 * pow(unif(&r), 1.5);
                offset(lon, lat, dd * sin(b), dd * cos(b), &hlon, &hlat);
                if (contains(d, hlon, hlat)) {
                    has_head = 1;
                    hdist = dd;
                }
            }
        }
        double length = has_head ? hdist * unif_range(&r, 1.05, 1.3)
                                 : 300.0 + 3700.0 * pow(unif(&r), 1.5);
        length = (double)lround(length);
        double spacing = 20.0 + 180.0 * sqrt(unif(&r));
        k.shafts = (int)lround(length / spacing);
        if (k.shafts < 2)
            k.shafts = 2;
        double depth = 4.0 + length / 4000.0 * 35.0 + fabs(gauss(&r)) * 8.0;
        depth = round(fmin(60.0, fmax(5.0, depth)) * 10.0) / 10.0;

        int year = unif(&r) < 0.75 ? 1700 + (int)(250.0 * sqrt(unif(&r))) : 0;
        double ou = unif(&r);
        const char *owner = ou < 0.40   ? "bələdiyyə"
                            : ou < 0.70 ? "icma"
                            : ou < 0.85 ? "dövlət"
                                        : "";

        char name_az[128], name_en[160], village_az[96], village_en[128];
        snprintf(village_az, sizeof(village_az), "%s", vil->name_az);
        snprintf(village_en, sizeof(village_en), "%s", vil->name_en);
        make_kahriz_name(&r, vil->name_az, name_az, sizeof(name_az));
        if (unif(&r) < 0.30)
            name_en[0] = '\0';
        else
            kahriz_name_en(name_az, name_en, sizeof(name_en));

        /* district code: empty for ~10 %; for exactly one kahriz in 200
         * deliberately the code of a neighbouring district */
        const char *code = d->code;
        double du = unif(&r);
        int nb = irange(&r, 0, d->n_nbr > 0 ? d->n_nbr - 1 : 0);
        if (i % 200 == 100 && d->n_nbr > 0) {
            code = dist[d->nbr[nb]].code;
            n_wrong++;
        } else if (du < 0.10) {
            code = "";
        }

        int epsg = 4326;
        if (unif(&r) < 0.10)
            epsg = lon < 48.0 ? 32638 : 32639;
        int with_shafts = has_head && unif(&r) < o.shaft_fraction;

        double x, y, hx = 0, hy = 0;
        project(&cc, epsg, lon, lat, &x, &y);
        if (has_head)
            project(&cc, epsg, hlon, hlat, &hx, &hy);

        csv_str(&ck, k.id);
        csv_str(&ck, name_az);
        csv_str(&ck, name_en);
        csv_str(&ck, code);
        csv_str(&ck, village_az);
        csv_str(&ck, village_en);
        csv_xy(&ck, epsg, x, y);
        csv_fmt(&ck, "EPSG:%d", epsg);
        if (has_head) {
            csv_xy(&ck, epsg, hx, hy);
        } else {
            csv_empty(&ck);
            csv_empty(&ck);
        }
        csv_fmt(&ck, "%.0f", length);
        csv_fmt(&ck, "%d", k.shafts);
        csv_fmt(&ck, "%.1f", depth);
        if (year)
            csv_fmt(&ck, "%d", year);
        else
            csv_empty(&ck);
        csv_str(&ck, owner);
        csv_empty(&ck); /* photo */
        csv_end(&ck);

        write_assessments(&ca, &ra, &k, &o);
        if (with_shafts)
            n_shafts += write_shafts(&cs, &rs, &k, &cc, epsg, hlon, hlat, lon,
                                     lat, depth);
    }
    csv_close(&ck, "kahrizes.csv");
    csv_close(&ca, "assessments.csv");
    csv_close(&cs, "shafts.csv");
    fprintf(stderr,
            "gen-survey: %ld kahrizes (%ld with a wrong district code), "
            "%ld shafts\n",
            o.kahrizes, n_wrong, n_shafts);

    proj_destroy(cc.to_utm38);
    proj_destroy(cc.to_utm39);
    proj_context_destroy(pctx);
    for (int i = 0; i < N_KZ_DISTRICTS; i++)
        free(kz[i].villages);
    for (int i = 0; i < nd; i++) {
        GEOSPreparedGeom_destroy_r(geos, dist[i].prep);
        GEOSGeom_destroy_r(geos, dist[i].geom);
        free(dist[i].nbr);
    }
    free(dist);
    GEOS_finish_r(geos);
    return 0;
}
