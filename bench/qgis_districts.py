#!/usr/bin/python3
"""District maps made with QGIS, for comparison with kahriz-atlas.

A PyQGIS script (QGIS 3.22, Debian's python3-qgis) that makes the district
maps of `kahriz-atlas map --each-district` from the same bundled data: a
QgsPrintLayout atlas (QgsLayoutAtlas) over the districts, A4 portrait, one
PDF per district written by QgsLayoutExporter.exportToPdfs.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/qgis_districts.py \
        --out-dir /tmp/qgis [--only-with-kahrizes] [--font-dir build/fonts]

What each page holds, as on ours:
- the district in the UTM zone of its centroid, at the next smaller of the
  standard scales (1:25 000 ... 1:1 000 000) that shows its envelope plus
  12 %, as lib/map/map.c computes it (the scale and CRS are worked out
  here and given to the map as data-defined properties of the atlas);
- the Caspian Sea, the neighbouring countries, the districts (the current
  one filled lighter, with a darker boundary), district and country names;
- galleries (mother well, shafts in order, outlet), mother wells, and the
  shafts when the scale is 1:400 000 or larger (styles/default.json);
- every kahriz outlet in the frame, categorised by the condition of its
  latest assessment (good, fair, poor, dry, collapsed; colours and shapes of
  styles/default.json) and sized by its latest discharge (the style's
  breaks 0.5, 2, 5, 10 l/s and radii 0.75 ... 2.0 mm), larger under
  smaller;
- each outlet labelled with its Azerbaijani and English name on two lines
  (6.5 pt with a 0.35 mm white halo; QGIS's cartographic placement around
  the point, the same eight positions as ours);
- a legend of the five classes, the discharge sizes and the line and point
  features; a scale bar, north
  arrow, a graticule with degree-minute labels at the style's intervals, an
  inset locator of the country with the district in red, the bilingual
  title, the count of kahrizes (own and neighbours' in the frame) and a
  footer with the source and the CRS.

Inputs are read through OGR (the CSV and GeoJSON files of data/).  The
survey rows need what kahriz-atlas's loader does before any map: each row's
CRS (EPSG:4326 or UTM 38N) to longitude/latitude, conditions written in
Azerbaijani or as codes 1-5 to the five classes, the latest assessment of
each kahriz, English names transliterated where empty (Resolution 498),
and the district of each outlet from its location.  That is done here with
OGR/OSR and QGIS geometry (timed with the rest) into memory layers, as a
QGIS user would with a processing model or a prepared GeoPackage.

What differs from ours (and why the comparison is still like for like):
- ours validates every row and reports errors; this script trusts the data;
- ours places the legend, inset and scale bar in the emptiest corners and
  drops labels that would collide (QGIS drops them too, by its own rules);
  here the furniture sits in fixed corners (legend bottom left, inset top
  right, scale bar and north arrow bottom right);
- ours leaves out symbols wholly hidden under others, and draws the italic
  English line of each label; QGIS 3.22 cannot mix styles inside a label,
  so both lines are upright here;
- ours drops a label that would cover a symbol; QGIS only keeps labels off
  each other, so it places more of them (more work for QGIS);
- ours lists in the legend only the classes on the page; the QGIS legend
  is not filtered by the map (see below), which is cheaper for QGIS;
- a kahriz never assessed is drawn by ours (white); the bundled survey has
  none, and the renderer here has only the five classes;
- the inset shows the districts (ours: the country as one shape);
- QGIS embeds its own PDF metadata and georeference; ours adds a
  georeferenced viewport too (libqpdf).
Page size, number of maps, data, symbols and labels are the same.
"""

import argparse
import json
import math
import os
import sys
import time

T_START = time.perf_counter()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Conditions as the survey may write them (lib/ingest/parse.c): English,
# Azerbaijani, or the code 1-5.
CONDITIONS = ["good", "fair", "poor", "dry", "collapsed"]
COND_ALIASES = {
    "good": "good", "yaxşı": "good", "yaxsi": "good", "1": "good",
    "fair": "fair", "kafi": "fair", "2": "fair",
    "poor": "poor", "pis": "poor", "3": "poor",
    "dry": "dry", "quru": "dry", "4": "dry",
    "collapsed": "collapsed", "uçmuş": "collapsed", "ucmus": "collapsed",
    "5": "collapsed",
}
# Resolution No. 498 (16 December 2020): Azerbaijani to English letters.
TRANSLIT = {
    "ə": "a", "ı": "i", "ö": "o", "ü": "u", "c": "j", "ç": "ch", "ş": "sh",
    "ğ": "gh", "x": "kh", "q": "g", "j": "zh", "i": "i",
    "Ə": "A", "I": "I", "İ": "I", "Ö": "O", "Ü": "U", "C": "J", "Ç": "Ch",
    "Ş": "Sh", "Ğ": "Gh", "X": "Kh", "Q": "G", "J": "Zh",
}
# The standard scales a district map takes (lib/map/map.c).
SCALES = [25000, 50000, 100000, 200000, 250000, 500000, 1000000]

# Page geometry of lib/map/file.c and map.c, in mm: margins 12 mm, the
# title band 15 pt * 1.35 + 6 pt * 2.2, the footer 6 pt * 1.8, the map area
# inside the frame by 6 pt * 1.3 + 2 * 2 pt for the coordinate labels.
PT = 25.4 / 72
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
TITLE_H = (15 * 1.35 + 6 * 2.2) * PT
FOOT_H = 6 * 1.8 * PT
GRID_M = (6 * 1.3 + 4) * PT
FRAME_X, FRAME_Y = MARGIN, MARGIN + TITLE_H
FRAME_W = PAGE_W - 2 * MARGIN
FRAME_H = PAGE_H - 2 * MARGIN - TITLE_H - FOOT_H
MAP_X, MAP_Y = FRAME_X + GRID_M, FRAME_Y + GRID_M
MAP_W, MAP_H = FRAME_W - 2 * GRID_M, FRAME_H - 2 * GRID_M


def translit(s):
    out = "".join(TRANSLIT.get(ch, ch) for ch in s)
    # "kəhrizi" (the compound's possessive) is "kahriz" in English
    words = out.rsplit(" ", 1)
    if len(words) == 2 and words[1].lower() == "kahrizi":
        out = words[0] + " " + words[1][:6]
    return out


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=os.path.join(ROOT, "data"),
                   help="directory with districts.geojson, neighbours, sea "
                        "and survey/ (default: the bundled data)")
    p.add_argument("--style", default=os.path.join(ROOT, "styles",
                                                   "default.json"))
    p.add_argument("--font-dir", default=None,
                   help="directory with KahrizSans-*.ttf (build/fonts); "
                        "default: Noto Sans from the system")
    p.add_argument("--out-dir", required=True)
    p.add_argument("--only-with-kahrizes", action="store_true",
                   help="only the districts with kahrizes of their own "
                        "(default: all, as map --each-district)")
    p.add_argument("--districts", default="",
                   help="comma list of district codes (default: all)")
    p.add_argument("-q", "--quiet", action="store_true")
    return p.parse_args()


def main():
    args = parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from osgeo import ogr, osr
    from qgis.core import (
        Qgis, QgsApplication, QgsCategorizedSymbolRenderer,
        QgsCoordinateReferenceSystem, QgsCoordinateTransform,
        QgsDataDefinedSizeLegend, QgsFeature, QgsFeatureRequest, QgsField,
        QgsFillSymbol, QgsGeometry, QgsLayoutExporter, QgsLayoutItemLabel,
        QgsLayoutItemLegend, QgsLayoutItemMap, QgsLayoutItemMapGrid,
        QgsLayoutItemPage, QgsLayoutItemPicture, QgsLayoutItemScaleBar,
        QgsLayoutMeasurement, QgsLayoutObject, QgsLayoutPoint, QgsLayoutSize,
        QgsLegendStyle, QgsLineSymbol, QgsMapLayerLegendUtils,
        QgsMarkerSymbol, QgsPalLayerSettings, QgsPointXY, QgsPrintLayout,
        QgsProject, QgsProperty, QgsRectangle, QgsRendererCategory,
        QgsRuleBasedRenderer, QgsScaleBarSettings,
        QgsSimpleMarkerSymbolLayerBase, QgsSingleSymbolRenderer,
        QgsSpatialIndex, QgsTextBufferSettings, QgsTextFormat, QgsUnitTypes,
        QgsVectorLayer, QgsVectorLayerSimpleLabeling)
    from qgis.PyQt.QtCore import QVariant
    from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase

    ogr.UseExceptions()
    osr.UseExceptions()
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    t_init = time.perf_counter()

    family = "Noto Sans"
    if args.font_dir:
        for f in sorted(os.listdir(args.font_dir)):
            if f.endswith(".ttf"):
                fid = QFontDatabase.addApplicationFont(
                    os.path.join(args.font_dir, f))
                fams = QFontDatabase.applicationFontFamilies(fid)
                if fams:
                    family = fams[0]

    with open(args.style, encoding="utf-8") as fp:
        style = json.load(fp)
    col = style["colors"]
    cond_col = col["condition"]
    breaks = style["sizes"]["breaks_l_s"]
    radii = style["sizes"]["radii_mm"]
    unmeasured_r = style["sizes"]["unmeasured_radius_mm"]
    lines = style["lines"]
    fonts = style["fonts"]
    catalog = style["catalog"]
    shafts_max_scale = style["detail"]["shafts_max_scale"]

    project = QgsProject.instance()
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    project.setCrs(wgs84)

    def ogr_layer(path, name):
        lyr = QgsVectorLayer(path, name, "ogr")
        if not lyr.isValid():
            sys.exit("qgis_districts: cannot open %s" % path)
        return lyr

    # ---- the survey, through OGR, into memory layers ----
    survey = os.path.join(args.data, "survey")
    transforms = {}

    def to_lonlat(x, y, crs):
        if crs in ("", "EPSG:4326"):
            return x, y
        ct = transforms.get(crs)
        if ct is None:
            src = osr.SpatialReference()
            src.SetFromUserInput(crs)
            src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            dst = osr.SpatialReference()
            dst.ImportFromEPSG(4326)
            dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            ct = transforms[crs] = osr.CoordinateTransformation(src, dst)
        lon, lat, _ = ct.TransformPoint(x, y)
        return lon, lat

    def rows(name):
        ds = ogr.Open(os.path.join(survey, name))
        lyr = ds.GetLayer(0)
        names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName()
                 for i in range(lyr.GetLayerDefn().GetFieldCount())]
        for f in lyr:
            yield {n: (f.GetField(i) or "") for i, n in enumerate(names)}
        ds = None

    latest = {}
    for r in rows("assessments.csv"):
        k = r["kahriz_id"]
        if k not in latest or r["date"] >= latest[k]["date"]:
            latest[k] = r
    shafts = {}
    for r in rows("shafts.csv"):
        if r["x"] and r["y"]:
            lon, lat = to_lonlat(float(r["x"]), float(r["y"]), r["crs"])
            shafts.setdefault(r["kahriz_id"], []).append(
                (int(r["seq"]), lon, lat))

    kz = QgsVectorLayer("Point?crs=EPSG:4326", "kahrizes", "memory")
    kz.dataProvider().addAttributes([
        QgsField("id", QVariant.String), QgsField("name_az", QVariant.String),
        QgsField("name_en", QVariant.String),
        QgsField("condition", QVariant.String),
        QgsField("discharge", QVariant.Double),
        QgsField("size_mm", QVariant.Double)])
    kz.updateFields()
    gal = QgsVectorLayer("LineString?crs=EPSG:4326", "galleries", "memory")
    heads = QgsVectorLayer("Point?crs=EPSG:4326", "mother wells", "memory")
    shl = QgsVectorLayer("Point?crs=EPSG:4326", "shafts", "memory")
    kfeats, gfeats, hfeats, sfeats, outlets = [], [], [], [], []
    for r in rows("kahrizes.csv"):
        if not (r["x"] and r["y"]):
            continue
        lon, lat = to_lonlat(float(r["x"]), float(r["y"]), r["crs"])
        a = latest.get(r["id"])
        cond = COND_ALIASES.get(a["condition"].strip().lower()) if a else None
        q = float(a["discharge_l_s"]) if a and a["discharge_l_s"] else None
        if q is None:
            rad = unmeasured_r
        else:
            rad = radii[len(breaks)]
            for i, b in enumerate(breaks):
                if q < b:
                    rad = radii[i]
                    break
        f = QgsFeature(kz.fields())
        f.setAttributes([r["id"], r["name_az"],
                         r["name_en"] or translit(r["name_az"]),
                         cond or "unassessed", q, 2 * rad])
        pt = QgsPointXY(lon, lat)
        f.setGeometry(QgsGeometry.fromPointXY(pt))
        kfeats.append(f)
        outlets.append(pt)
        head = None
        if r["head_x"] and r["head_y"]:
            head = to_lonlat(float(r["head_x"]), float(r["head_y"]),
                             r["crs"])
            hf = QgsFeature()
            hf.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(*head)))
            hfeats.append(hf)
        sh = sorted(shafts.get(r["id"], []))
        for s in sh[1:]:  # seq 1 is the mother well itself
            sf = QgsFeature()
            sf.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(s[1], s[2])))
            sfeats.append(sf)
        if head:
            line = [QgsPointXY(*head)] + \
                [QgsPointXY(s[1], s[2]) for s in sh[1:]] + [pt]
            gf = QgsFeature()
            gf.setGeometry(QgsGeometry.fromPolylineXY(line))
            gfeats.append(gf)
    kz.dataProvider().addFeatures(kfeats)
    gal.dataProvider().addFeatures(gfeats)
    heads.dataProvider().addFeatures(hfeats)
    shl.dataProvider().addFeatures(sfeats)

    # ---- districts: own kahrizes, CRS and scale of each page ----
    districts = ogr_layer(os.path.join(args.data, "districts.geojson"),
                          "districts")
    inset_districts = ogr_layer(
        os.path.join(args.data, "districts.geojson"), "inset")
    neighbours = ogr_layer(os.path.join(args.data, "neighbours.geojson"),
                           "neighbours")
    sea = ogr_layer(os.path.join(args.data, "sea.geojson"), "sea")

    dfeats = list(districts.getFeatures())
    dindex = QgsSpatialIndex()
    for f in dfeats:
        dindex.addFeature(f)
    by_id = {f.id(): f for f in dfeats}
    engines = {}
    own = {}
    for pt in outlets:
        g = QgsGeometry.fromPointXY(pt)
        hits = sorted(dindex.intersects(g.boundingBox()),
                      key=lambda i: by_id[i]["code"])
        for i in hits:
            e = engines.get(i)
            if e is None:
                e = engines[i] = QgsGeometry.createGeometryEngine(
                    by_id[i].geometry().constGet())
                e.prepareGeometry()
            if e.intersects(g.constGet()):
                own[by_id[i]["code"]] = own.get(by_id[i]["code"], 0) + 1
                break

    wanted = set(c for c in args.districts.split(",") if c)
    cov = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "pages", "memory")
    cov.dataProvider().addAttributes([
        QgsField("code", QVariant.String), QgsField("name_az", QVariant.String),
        QgsField("name_en", QVariant.String), QgsField("type", QVariant.String),
        QgsField("utm", QVariant.String), QgsField("scale", QVariant.Double),
        QgsField("grat", QVariant.Double), QgsField("n_own", QVariant.Int),
        QgsField("n_other", QVariant.Int), QgsField("file", QVariant.String)])
    cov.updateFields()
    utm_pts = {}
    pages = []
    for f in sorted(dfeats, key=lambda f: f["code"]):
        code = f["code"]
        if wanted and code not in wanted:
            continue
        if args.only_with_kahrizes and not own.get(code):
            continue
        g = f.geometry()
        c = g.centroid().asPoint()
        zone = min(60, max(1, int(math.floor((c.x() + 180) / 6)) + 1))
        epsg = "EPSG:%d" % ((32600 if c.y() >= 0 else 32700) + zone)
        utm = QgsCoordinateReferenceSystem(epsg)
        fwd = QgsCoordinateTransform(wgs84, utm, project)
        gu = QgsGeometry(g)
        gu.transform(fwd)
        env = gu.boundingBox()
        ew, eh = env.width() * 1.12, env.height() * 1.12
        denom = max(ew / (MAP_W / 1000), eh / (MAP_H / 1000))
        scale = next((s for s in SCALES if denom <= s * (1 + 1e-9)), denom)
        hw, hh = MAP_W / 2000 * scale, MAP_H / 2000 * scale
        cx, cy = env.center().x(), env.center().y()
        # kahrizes in the frame, those of other districts apart
        if epsg not in utm_pts:
            pts = []
            for pt in outlets:
                p = fwd.transform(pt)
                pts.append((p.x(), p.y()))
            utm_pts[epsg] = pts
        inside = sum(1 for (x, y) in utm_pts[epsg]
                     if abs(x - cx) <= hw and abs(y - cy) <= hh)
        n_own = own.get(code, 0)
        inv = QgsCoordinateTransform(utm, wgs84, project)
        corners = [inv.transform(QgsPointXY(cx + sx * hw, cy + sy * hh))
                   for sx in (-1, 1) for sy in (-1, 1)]
        span = max(max(p.x() for p in corners) - min(p.x() for p in corners),
                   max(p.y() for p in corners) - min(p.y() for p in corners))
        grat = 0.1 if span <= 0.8 else 0.25 if span <= 2 else \
            0.5 if span <= 4 else 1.0
        safe = "".join(ch if ch.isalnum() or ch in "._-" else "_"
                       for ch in "%s-%s" % (code, f["name_en"]))
        pf = QgsFeature(cov.fields())
        pf.setAttributes([code, f["name_az"], f["name_en"], f["type"], epsg,
                          float(scale), grat, n_own,
                          max(0, inside - n_own), safe])
        pf.setGeometry(g)
        pages.append(pf)
    cov.dataProvider().addFeatures(pages)
    t_data = time.perf_counter()

    # ---- styles ----
    def qc(hexs, alpha=255):
        c = QColor(hexs)
        c.setAlpha(alpha)
        return c

    def text_format(size, color=col["text"], bold=False, halo=True):
        tf = QgsTextFormat()
        font = QFont(family)
        font.setBold(bold)
        tf.setFont(font)
        tf.setSize(size)
        tf.setSizeUnit(QgsUnitTypes.RenderPoints)
        tf.setColor(qc(color))
        if halo:
            b = QgsTextBufferSettings()
            b.setEnabled(True)
            b.setSize(style["labels"]["halo_mm"])
            b.setSizeUnit(QgsUnitTypes.RenderMillimeters)
            b.setColor(qc(col["halo"]))
            tf.setBuffer(b)
        return tf

    def qfont(size, bold=False):
        font = QFont(family)
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    def label_font(item, size, bold=False):
        item.setFont(qfont(size, bold))
        item.setFontColor(qc(col["text"]))

    sea.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({
        "color": col["sea"], "outline_style": "no"})))
    neighbours.setRenderer(QgsSingleSymbolRenderer(
        QgsFillSymbol.createSimple({
            "color": col["neighbour"],
            "outline_color": col["neighbour_border"],
            "outline_width": str(lines["neighbour_mm"])})))
    # the page's district lighter, with its darker boundary
    root = QgsRuleBasedRenderer.Rule(None)
    for expr, fill, line, width in (
            ("\"code\" = attribute(@atlas_feature, 'code')", col["highlight"],
             col["highlight_border"], lines["highlight_mm"]),
            ("ELSE", col["land"], col["district_border"],
             lines["district_mm"])):
        sym = QgsFillSymbol.createSimple({
            "color": fill, "outline_color": line,
            "outline_width": str(width)})
        rule = QgsRuleBasedRenderer.Rule(sym, 0, 0,
                                         "" if expr == "ELSE" else expr)
        if expr == "ELSE":
            rule.setIsElse(True)
        rule.setLabel(catalog["legend.district"]["az"] + " / " +
                      catalog["legend.district"]["en"])
        root.appendChild(rule)
    districts.setRenderer(QgsRuleBasedRenderer(root))
    # neighbours drawn before the district with a highlight
    root = QgsRuleBasedRenderer.Rule(None)
    for expr, fill in (("\"code\" = attribute(@atlas_feature, 'code')",
                        col["inset_highlight"]), ("ELSE", col["inset_land"])):
        rule = QgsRuleBasedRenderer.Rule(QgsFillSymbol.createSimple({
            "color": fill, "outline_style": "no"}), 0, 0,
            "" if expr == "ELSE" else expr)
        if expr == "ELSE":
            rule.setIsElse(True)
        root.appendChild(rule)
    inset_districts.setRenderer(QgsRuleBasedRenderer(root))

    gal.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple({
        "line_color": col["gallery"], "line_width": str(lines["gallery_mm"])
    })))
    heads.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple({
        "name": "circle", "color": col["shaft"], "outline_style": "no",
        "size": str(2 * lines["shaft_radius_mm"] * 1.6)})))
    shl.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple({
        "name": "circle", "color": "255,255,255,255",
        "outline_color": col["shaft"],
        "outline_width": str(lines["shaft_mm"]),
        "size": str(2 * lines["shaft_radius_mm"])})))
    shl.setScaleBasedVisibility(True)
    shl.setMinimumScale(shafts_max_scale)

    shape = {"circle": QgsSimpleMarkerSymbolLayerBase.Circle,
             "diamond": QgsSimpleMarkerSymbolLayerBase.Diamond,
             "square": QgsSimpleMarkerSymbolLayerBase.Square}
    cats, patches = [], []
    for c in CONDITIONS:
        sym = QgsMarkerSymbol.createSimple({
            "color": cond_col[c], "outline_color": col["symbol_stroke"],
            "outline_width": str(lines["symbol_mm"]),
            "size": str(2 * radii[2])})
        sym.symbolLayer(0).setShape(shape[style["symbols"]["condition"]
                                          [c]["shape"]])
        patches.append(sym.clone())
        sym.setDataDefinedSize(QgsProperty.fromField("size_mm"))
        cats.append(QgsRendererCategory(
            c, sym, catalog["condition." + c]["az"] + " / " +
            catalog["condition." + c]["en"], True))
    ren = QgsCategorizedSymbolRenderer("condition", cats)
    ddl = QgsDataDefinedSizeLegend()
    ddl.setLegendType(QgsDataDefinedSizeLegend.LegendSeparated)
    ddl.setTitle(catalog["legend.discharge"]["az"] + " / " +
                 catalog["legend.discharge"]["en"])
    sizes = []
    for i, r in enumerate(radii):
        if i == 0:
            lab = "< %g" % breaks[0]
        elif i == len(breaks):
            lab = "%g+" % breaks[-1]
        else:
            lab = "%g–%g" % (breaks[i - 1], breaks[i])
        sizes.append(QgsDataDefinedSizeLegend.SizeClass(2 * r, lab))
    ddl.setClasses(sizes)
    n_size_items = len(sizes) + 1  # the classes and their title
    ddl.setSymbol(QgsMarkerSymbol.createSimple({
        "color": "255,255,255,255", "outline_color": col["symbol_stroke"],
        "outline_width": str(lines["symbol_mm"])}))
    ren.setDataDefinedSizeLegend(ddl)
    src = QgsMarkerSymbol.createSimple({
        "color": "255,255,255,255", "outline_color": col["symbol_stroke"],
        "outline_width": str(lines["symbol_mm"])})
    src.setDataDefinedSize(QgsProperty.fromField("size_mm"))
    ren.setSourceSymbol(src)
    # larger discharges below smaller ones, unmeasured on top
    order = QgsFeatureRequest.OrderBy([QgsFeatureRequest.OrderByClause(
        "discharge", False, False)])
    ren.setOrderBy(order)
    ren.setOrderByEnabled(True)
    kz.setRenderer(ren)

    lab = QgsPalLayerSettings()
    lab.fieldName = "name_az || '\\n' || name_en"
    lab.isExpression = True
    lab.placement = QgsPalLayerSettings.OrderedPositionsAroundPoint
    lab.dist = 0.8 * PT + style["labels"]["halo_mm"]
    lab.multilineAlign = QgsPalLayerSettings.MultiFollowPlacement
    lab.setFormat(text_format(fonts["label_pt"]))
    kz.setLabeling(QgsVectorLayerSimpleLabeling(lab))
    kz.setLabelsEnabled(True)

    dlab = QgsPalLayerSettings()
    dlab.fieldName = "name_az || '\\n' || name_en"
    dlab.isExpression = True
    dlab.placement = QgsPalLayerSettings.Horizontal
    dlab.setFormat(text_format(fonts["district_pt"], col["neighbour_text"]))
    districts.setLabeling(QgsVectorLayerSimpleLabeling(dlab))
    districts.setLabelsEnabled(True)
    nlab = QgsPalLayerSettings()
    nlab.fieldName = "upper(name_az) || '\\n' || upper(name_en)"
    nlab.isExpression = True
    nlab.placement = QgsPalLayerSettings.Horizontal
    nlab.setFormat(text_format(fonts["district_pt"], col["neighbour_text"]))
    neighbours.setLabeling(QgsVectorLayerSimpleLabeling(nlab))
    neighbours.setLabelsEnabled(True)
    slab = QgsPalLayerSettings()
    slab.fieldName = "name_az || '\\n' || name_en"
    slab.isExpression = True
    slab.placement = QgsPalLayerSettings.Horizontal
    slab.setFormat(text_format(fonts["district_pt"], col["sea_text"]))
    sea.setLabeling(QgsVectorLayerSimpleLabeling(slab))
    sea.setLabelsEnabled(True)

    for lyr in (sea, neighbours, districts, inset_districts, gal, shl, heads,
                kz, cov):
        project.addMapLayer(lyr, False)
    main_layers = [kz, heads, shl, gal, districts, neighbours, sea]

    # ---- the layout ----
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # one A4 page
    layout.pageCollection().page(0).setPageSize(
        "A4", QgsLayoutItemPage.Portrait)
    mm = QgsUnitTypes.LayoutMillimeters

    mp = QgsLayoutItemMap(layout)
    mp.setId("map")
    # resized before it is moved: moved first, QGIS 3.22 keeps an empty
    # extent that no zoom repairs
    mp.attemptResize(QgsLayoutSize(MAP_W, MAP_H, mm))
    mp.attemptMove(QgsLayoutPoint(MAP_X, MAP_Y, mm))
    mp.setLayers(main_layers)
    mp.setKeepLayerSet(True)
    mp.setFrameEnabled(True)
    mp.setFrameStrokeWidth(QgsLayoutMeasurement(lines["frame_mm"], mm))
    mp.setFrameStrokeColor(qc(col["frame"]))
    mp.setBackgroundColor(qc(col["background"]))
    mp.setAtlasDriven(True)
    mp.setAtlasScalingMode(QgsLayoutItemMap.Fixed)
    mp.setCrs(QgsCoordinateReferenceSystem("EPSG:32638"))
    # a starting extent; the atlas centres it on each district at its scale
    mp.zoomToExtent(QgsRectangle(500000, 4400000, 600000, 4500000))
    props = mp.dataDefinedProperties()
    props.setProperty(QgsLayoutObject.MapCrs, QgsProperty.fromField("utm"))
    props.setProperty(QgsLayoutObject.MapScale,
                      QgsProperty.fromField("scale"))
    mp.setDataDefinedProperties(props)
    grid = QgsLayoutItemMapGrid("graticule", mp)
    grid.setCrs(wgs84)
    grid.setIntervalX(0.1)
    grid.setIntervalY(0.1)
    gprops = grid.dataDefinedProperties()
    gprops.setProperty(QgsLayoutObject.MapGridIntervalX,
                       QgsProperty.fromExpression(
                           "attribute(@atlas_feature, 'grat')"))
    gprops.setProperty(QgsLayoutObject.MapGridIntervalY,
                       QgsProperty.fromExpression(
                           "attribute(@atlas_feature, 'grat')"))
    grid.setDataDefinedProperties(gprops)
    grid.setLineSymbol(QgsLineSymbol.createSimple({
        "line_color": col["graticule"],
        "line_width": str(lines["graticule_mm"])}))
    grid.setAnnotationEnabled(True)
    grid.setAnnotationFormat(QgsLayoutItemMapGrid.DegreeMinute)
    grid.setAnnotationPrecision(0)
    grid.setAnnotationTextFormat(text_format(fonts["small_pt"], halo=False))
    for side in (QgsLayoutItemMapGrid.Left, QgsLayoutItemMapGrid.Right,
                 QgsLayoutItemMapGrid.Top, QgsLayoutItemMapGrid.Bottom):
        grid.setAnnotationPosition(QgsLayoutItemMapGrid.OutsideMapFrame,
                                   side)
        grid.setAnnotationDirection(
            QgsLayoutItemMapGrid.Vertical
            if side in (QgsLayoutItemMapGrid.Left,
                        QgsLayoutItemMapGrid.Right)
            else QgsLayoutItemMapGrid.Horizontal, side)
    grid.setAnnotationFrameDistance(2 * PT)
    for side in (QgsLayoutItemMapGrid.Left, QgsLayoutItemMapGrid.Right):
        grid.setAnnotationDisplay(QgsLayoutItemMapGrid.LatitudeOnly, side)
    for side in (QgsLayoutItemMapGrid.Top, QgsLayoutItemMapGrid.Bottom):
        grid.setAnnotationDisplay(QgsLayoutItemMapGrid.LongitudeOnly, side)
    mp.grids().addGrid(grid)
    layout.addLayoutItem(mp)

    inset = QgsLayoutItemMap(layout)
    iw = MAP_W * 0.26
    inset.attemptResize(QgsLayoutSize(iw, iw * 0.75, mm))
    inset.attemptMove(QgsLayoutPoint(MAP_X + MAP_W - iw, MAP_Y, mm))
    inset.setLayers([inset_districts])
    inset.setKeepLayerSet(True)
    inset.setCrs(QgsCoordinateReferenceSystem("EPSG:32638"))
    ext = QgsCoordinateTransform(
        wgs84, inset.crs(), project).transformBoundingBox(
            inset_districts.extent())
    ext.scale(1.08)
    inset.zoomToExtent(ext)
    inset.setFrameEnabled(True)
    inset.setBackgroundColor(qc(col["paper"]))
    layout.addLayoutItem(inset)

    title = QgsLayoutItemLabel(layout)
    title.setText(
        "[% CASE WHEN \"type\" = 'city' THEN \"name_az\" || ' {0} / ' || "
        "\"name_en\" || ' {1}' ELSE \"name_az\" || ' {2} / ' || "
        "\"name_en\" || ' {3}' END %]".format(
            catalog["suffix.city"]["az"], catalog["suffix.city"]["en"],
            catalog["suffix.district"]["az"],
            catalog["suffix.district"]["en"]))
    label_font(title, fonts["title_pt"], bold=True)
    title.attemptMove(QgsLayoutPoint(MARGIN, MARGIN, mm))
    title.attemptResize(QgsLayoutSize(FRAME_W, fonts["title_pt"] * 1.35 * PT,
                                      mm))
    layout.addLayoutItem(title)
    sub = QgsLayoutItemLabel(layout)
    sub.setText(
        "[% '{0}: ' || \"n_own\" || CASE WHEN \"n_other\" > 0 THEN "
        "' (+ ' || \"n_other\" || ' {1})' ELSE '' END || ' / {2}: ' || "
        "\"n_own\" || CASE WHEN \"n_other\" > 0 THEN ' (+ ' || "
        "\"n_other\" || ' {3})' ELSE '' END %]".format(
            catalog["title.kahrizes"]["az"], catalog["title.neighbours"]["az"],
            catalog["title.kahrizes"]["en"], catalog["title.neighbours"]["en"]))
    label_font(sub, fonts["small_pt"] * 1.2)
    sub.attemptMove(QgsLayoutPoint(
        MARGIN, MARGIN + fonts["title_pt"] * 1.35 * PT, mm))
    sub.attemptResize(QgsLayoutSize(FRAME_W, fonts["small_pt"] * 2 * PT, mm))
    layout.addLayoutItem(sub)
    foot = QgsLayoutItemLabel(layout)
    foot.setText(catalog["source"]["az"] + " / " + catalog["source"]["en"])
    label_font(foot, fonts["small_pt"])
    foot.attemptMove(QgsLayoutPoint(MARGIN, PAGE_H - MARGIN - FOOT_H, mm))
    foot.attemptResize(QgsLayoutSize(FRAME_W / 2, FOOT_H, mm))
    layout.addLayoutItem(foot)
    crs_lab = QgsLayoutItemLabel(layout)
    crs_lab.setText("[% 'UTM ' || right(\"utm\", 2) || 'N, WGS84 (' || "
                    "\"utm\" || ')' %]")
    label_font(crs_lab, fonts["small_pt"])
    crs_lab.setHAlign(2)  # Qt.AlignRight
    crs_lab.attemptMove(QgsLayoutPoint(PAGE_W / 2, PAGE_H - MARGIN - FOOT_H,
                                       mm))
    crs_lab.attemptResize(QgsLayoutSize(FRAME_W / 2, FOOT_H, mm))
    layout.addLayoutItem(crs_lab)

    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(mp)
    legend.setAutoUpdateModel(False)
    tree = legend.model().rootGroup()
    tree.removeAllChildren()
    for lyr, name in ((kz, catalog["legend.condition"]),
                      (gal, catalog["legend.gallery"]),
                      (heads, catalog["legend.mother_well"]),
                      (shl, catalog["legend.shaft"]),
                      (districts, catalog["legend.district"])):
        node = tree.addLayer(lyr)
        node.setCustomProperty("legend/title-label",
                               name["az"] + " / " + name["en"])
        if lyr is districts:
            # the boundary only, not the page's district highlight
            QgsMapLayerLegendUtils.setLegendNodeOrder(node, [1])
            node.setCustomProperty("legend/title-style", "hidden")
        elif lyr is kz:
            # legend patches of a fixed size: with the data-defined size
            # QGIS 3.22 draws them millions of millimetres wide
            for i, patch in enumerate(patches):
                QgsMapLayerLegendUtils.setLegendNodeCustomSymbol(
                    node, n_size_items + i, patch)
        else:
            node.setCustomProperty("legend/title-style", "hidden")
            QgsMapLayerLegendUtils.setLegendNodeUserLabel(
                node, 0, name["az"] + " / " + name["en"])
        legend.model().refreshLayerLegend(node)
    # Not filtered by the map's content (ours lists the classes on the
    # page): QGIS 3.22 draws the categories of a layer with a data-defined
    # size millions of millimetres wide in a filtered legend.  Unfiltered is
    # the cheaper of the two for QGIS.
    legend.setLegendFilterByMapEnabled(False)
    legend.setTitle("")
    for st in (QgsLegendStyle.Title, QgsLegendStyle.Group,
               QgsLegendStyle.Subgroup):
        legend.rstyle(st).setFont(qfont(fonts["legend_pt"], bold=True))
    legend.rstyle(QgsLegendStyle.SymbolLabel).setFont(
        qfont(fonts["legend_pt"]))
    legend.setFontColor(qc(col["text"]))
    legend.setSymbolWidth(4)
    legend.setSymbolHeight(3)
    legend.setFrameEnabled(True)
    legend.setBackgroundColor(qc(col["paper"]))
    legend.setReferencePoint(6)  # lower left
    legend.attemptMove(QgsLayoutPoint(MAP_X, MAP_Y + MAP_H, mm))
    layout.addLayoutItem(legend)

    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(mp)
    bar.setUnits(QgsUnitTypes.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
    bar.setMinimumBarWidth(30)
    bar.setMaximumBarWidth(50)
    bar.setTextFormat(text_format(fonts["small_pt"], halo=False))
    bar.setFrameEnabled(True)
    bar.setBackgroundEnabled(True)
    bar.setBackgroundColor(qc(col["paper"]))
    bar.setReferencePoint(8)  # lower right
    bar.attemptMove(QgsLayoutPoint(MAP_X + MAP_W, MAP_Y + MAP_H, mm))
    layout.addLayoutItem(bar)
    scale_lab = QgsLayoutItemLabel(layout)
    scale_lab.setText(
        "[% with_variable('s', format_number(map_get(item_variables('map'), "
        "'map_scale'), 0), '{0} 1:' || replace(@s, ',', ' ') || ' / {1} 1:'"
        " || @s) %]".format(catalog["scale"]["az"], catalog["scale"]["en"]))
    label_font(scale_lab, fonts["small_pt"])
    scale_lab.setHAlign(2)
    scale_lab.setBackgroundEnabled(True)
    scale_lab.setBackgroundColor(qc(col["paper"]))
    scale_lab.attemptResize(QgsLayoutSize(44, FOOT_H, mm))
    scale_lab.setReferencePoint(8)
    scale_lab.attemptMove(QgsLayoutPoint(MAP_X + MAP_W, MAP_Y + MAP_H - 16,
                                         mm))
    layout.addLayoutItem(scale_lab)
    north = QgsLayoutItemPicture(layout)
    north.setPicturePath(":/images/north_arrows/layout_default_north_arrow"
                         ".svg")
    north.setLinkedMap(mp)
    north.setNorthMode(QgsLayoutItemPicture.TrueNorth)
    north.attemptResize(QgsLayoutSize(6, 10, mm))
    north.setReferencePoint(8)
    north.attemptMove(QgsLayoutPoint(MAP_X + MAP_W - 62, MAP_Y + MAP_H - 2,
                                     mm))
    layout.addLayoutItem(north)

    atlas = layout.atlas()
    atlas.setCoverageLayer(cov)
    atlas.setEnabled(True)
    atlas.setHideCoverage(False)
    atlas.setFilenameExpression("\"file\"")
    layout.reportContext().setLayer(cov)
    t_layout = time.perf_counter()

    os.makedirs(args.out_dir, exist_ok=True)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.rasterizeWholeImage = False
    settings.forceVectorOutput = True
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText \
        if hasattr(Qgis, "TextRenderFormat") else 1
    settings.dpi = 300
    res, err = QgsLayoutExporter.exportToPdfs(
        atlas, os.path.join(args.out_dir, "page.pdf"), settings)
    t_done = time.perf_counter()
    if res != QgsLayoutExporter.Success:
        sys.exit("qgis_districts: export failed: %s" % err)
    if not args.quiet:
        sys.stderr.write(
            "qgis_districts: %d pages; QGIS start %.2f s, data %.2f s, "
            "layout %.2f s, export %.2f s (%.1f ms a page), total %.2f s\n"
            % (len(pages), t_init - T_START, t_data - t_init,
               t_layout - t_data, t_done - t_layout,
               1000 * (t_done - t_layout) / max(1, len(pages)),
               t_done - T_START))
    app.exitQgis()


if __name__ == "__main__":
    main()
