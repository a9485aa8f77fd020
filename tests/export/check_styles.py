#!/usr/bin/python3
"""Read the layer_styles table of an export with SQLite and parse each
QML: one default style per layer, catalog and schema '' (QGIS matches
nothing else), the renderer QGIS is to apply, and the colours, widths
and classes of the atlas style given (styles/default.json).
Usage: check_styles.py FILE.gpkg STYLE.json; exit 1 with a message."""
import json
import sqlite3
import sys
import xml.dom.minidom

gpkg, style_path = sys.argv[1], sys.argv[2]
style = json.load(open(style_path, encoding="utf-8"))
db = sqlite3.connect(gpkg)
fail = []


def check(cond, what):
    if not cond:
        fail.append(what)


def rgba(hexcolor):
    h = hexcolor.lstrip("#")
    return "%d,%d,%d,255" % (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def options(layer_el):
    return {o.getAttribute("name"): o.getAttribute("value")
            for o in layer_el.getElementsByTagName("Option")
            if o.getAttribute("name")}


geom = dict(db.execute("SELECT table_name, column_name FROM "
                       "gpkg_geometry_columns").fetchall())
expected = {"kahrizes": "categorizedSymbol", "districts": "graduatedSymbol",
            "regions": "graduatedSymbol", "shafts": "singleSymbol",
            "galleries": "categorizedSymbol", "assessments": None}
rows = db.execute("SELECT f_table_catalog, f_table_schema, f_table_name, "
                  "f_geometry_column, useAsDefault, styleQML "
                  "FROM layer_styles").fetchall()
check(sorted(r[2] for r in rows) == sorted(expected),
      "one style per layer: %s" % sorted(r[2] for r in rows))
qml = {}
for cat, schema, table, gcol, default, text in rows:
    check(cat == "" and schema == "",
          "%s: catalog/schema %r/%r, not ''" % (table, cat, schema))
    check(default == 1, "%s: useAsDefault %r" % (table, default))
    check(gcol == geom.get(table, ""),
          "%s: geometry column %r, layer has %r" % (table, gcol,
                                                    geom.get(table, "")))
    doc = xml.dom.minidom.parseString(text.encode("utf-8"))
    qml[table] = doc
    r = doc.getElementsByTagName("renderer-v2")
    got = r[0].getAttribute("type") if r else None
    check(got == expected[table], "%s: renderer %r" % (table, got))

colors = style["colors"]
lines = style["lines"]
# kahrizes by condition, in the atlas's colours
k = qml["kahrizes"].getElementsByTagName("renderer-v2")[0]
check(k.getAttribute("attr") == "last_condition", "kahrizes: attribute")
cats = {c.getAttribute("value"): c.getAttribute("symbol")
        for c in k.getElementsByTagName("category")}
syms = {s.getAttribute("name"): options(s)
        for s in k.getElementsByTagName("symbol")}
# the marker's own "name" (its shape), before the data-defined options
shapes = {s.getAttribute("name"): [o.getAttribute("value")
                                   for o in s.getElementsByTagName("Option")
                                   if o.getAttribute("name") == "name"][0]
          for s in k.getElementsByTagName("symbol")}
# the maps' shapes by their QGIS marker names (the maps' cross is an x);
# an open symbol is the paper colour inside its outline
QGIS_SHAPE = {"circle": "circle", "square": "square", "triangle": "triangle",
              "diamond": "diamond", "cross": "cross2"}
symbols = style.get("symbols", {}).get("condition", {})
for cond, col in colors["condition"].items():
    value = "" if cond == "unassessed" else cond
    check(value in cats, "kahrizes: no category %r" % value)
    sym = symbols.get(cond, {})
    if sym.get("fill") == "open":
        col = colors["paper"]
    if value in cats:
        got = syms[cats[value]]
        check(got.get("color") == rgba(col),
              "kahrizes %s: colour %s" % (cond, got.get("color")))
        check(shapes[cats[value]] == QGIS_SHAPE[sym.get("shape", "circle")],
              "kahrizes %s: shape %s" % (cond, shapes[cats[value]]))
# each class named as the atlas names it, Azerbaijani first
labels = {c.getAttribute("value"): c.getAttribute("label")
          for c in k.getElementsByTagName("category")}
for cond in colors["condition"]:
    value = "" if cond == "unassessed" else cond
    text = style["catalog"]["condition." + cond]
    want = "%s / %s" % (text["az"], text["en"])
    check(labels.get(value) == want,
          "kahrizes %s: label %r, want %r" % (cond, labels.get(value), want))

# districts and regions: the choropleth classes, labels on
ch = style["choropleth"]
breaks, dcolors = ch["breaks_per_100km2"], ch["colors"]
for table in ("districts", "regions"):
    doc = qml[table]
    r = doc.getElementsByTagName("renderer-v2")[0]
    check(r.getAttribute("attr") == "density_per_100km2", table + ": attr")
    ranges = [(float(x.getAttribute("lower")), float(x.getAttribute("upper")),
               x.getAttribute("symbol"))
              for x in r.getElementsByTagName("range")]
    syms = {s.getAttribute("name"): options(s)
            for s in r.getElementsByTagName("symbol")}
    check(len(ranges) == len(breaks) + 1, table + ": %d ranges" % len(ranges))

    def klass(v):
        """QGIS: lower < v <= upper, the first range closed below."""
        for i, (lo, hi, _) in enumerate(ranges):
            if (lo < v or (i == 0 and lo == v)) and v <= hi:
                return i
        return None
    # the atlas: class i holds breaks[i-1] <= d < breaks[i]
    for i, b in enumerate(breaks):
        check(klass(b) == i + 1, "%s: %g in class %r" % (table, b, klass(b)))
        check(klass(b - 1e-9) == i, "%s: just under %g" % (table, b))
    check(klass(0) == 0, table + ": 0 in the first class")
    check(klass(1000) == len(breaks), table + ": 1000 in the last class")
    for i, (_, _, s) in enumerate(ranges):
        check(syms[s].get("color") == rgba(dcolors[i]),
              "%s class %d colour %s" % (table, i, syms[s].get("color")))
        check(syms[s].get("outline_color") == rgba(colors["district_border"]),
              table + ": border colour")
        check(abs(float(syms[s].get("outline_width")) -
                  lines["district_mm"]) < 1e-6, table + ": border width")
    root = doc.getElementsByTagName("qgis")[0]
    check(root.getAttribute("labelsEnabled") == "1", table + ": labels off")
    ts = doc.getElementsByTagName("text-style")
    check(ts and "name_az" in ts[0].getAttribute("fieldName") and
          "name_en" in ts[0].getAttribute("fieldName"),
          table + ": labels not bilingual")

# shafts and galleries as on the maps
s = options(qml["shafts"].getElementsByTagName("symbol")[0])
check(s.get("outline_color") == rgba(colors["shaft"]), "shafts: colour")
check(abs(float(s.get("outline_width")) - lines["shaft_mm"]) < 1e-6,
      "shafts: width")
check(abs(float(s.get("size")) - 2 * lines["shaft_radius_mm"]) < 1e-6,
      "shafts: size")
gsym = {el.getAttribute("name"): options(el)
        for el in qml["galleries"].getElementsByTagName("symbol")}
gcat = {el.getAttribute("value"): el.getAttribute("symbol")
        for el in qml["galleries"].getElementsByTagName("category")}
check(sorted(gcat) == ["0", "1"], "galleries: categories %s" % sorted(gcat))
g, gs = gsym.get(gcat.get("0"), {}), gsym.get(gcat.get("1"), {})
for sym, what in ((g, "surveyed"), (gs, "schematic")):
    check(sym.get("line_color") == rgba(colors["gallery"]),
          "galleries (%s): colour" % what)
check(abs(float(g.get("line_width", "nan")) - lines["gallery_mm"]) < 1e-6
      and g.get("use_custom_dash") == "0", "galleries (surveyed): line")
dash = [float(v) for v in gs.get("customdash", "").split(";") if v]
check(abs(float(gs.get("line_width", "nan")) -
          lines["gallery_schematic_mm"]) < 1e-6 and
      gs.get("use_custom_dash") == "1" and
      dash == lines["gallery_schematic_dash_mm"],
      "galleries (schematic): dashed %s" % gs)

# assessments: pick-lists for the coded fields
widgets = {f.getAttribute("name"):
           f.getElementsByTagName("editWidget")[0].getAttribute("type")
           for f in qml["assessments"].getElementsByTagName("field")}
for f in ("condition", "drinkable", "rehab_status"):
    check(widgets.get(f) == "ValueMap", "assessments: %s widget %r" %
          (f, widgets.get(f)))

if fail:
    print("\n".join(fail))
    sys.exit(1)
print("styles ok")
