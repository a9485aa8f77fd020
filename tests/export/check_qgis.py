#!/usr/bin/python3
"""Open each layer of an export with QGIS itself (PyQGIS, offscreen) and
check the default style it applied from layer_styles: the renderer type,
labels on districts and regions, pick-lists on the coded fields; with
STYLE.json, the size QGIS gives every kahriz's symbol (its data-defined
size evaluated by QGIS for the feature) against the atlas style's classes:
the diameter of the class of its last discharge (breaks_l_s: a class
holds its lower limit), the unmeasured one's without a discharge.
Usage: check_qgis.py FILE.gpkg [STYLE.json]; exit 1 with a message, 77
when PyQGIS is not installed."""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import (QgsApplication, QgsExpressionContext,
                           QgsExpressionContextUtils, QgsRenderContext,
                           QgsSymbolLayer, QgsVectorLayer)
except ImportError:
    print("PyQGIS is not installed (python3-qgis)")
    sys.exit(77)

gpkg = sys.argv[1]
app = QgsApplication([], False)
app.initQgis()
fail = []
expected = {"kahrizes": "categorizedSymbol", "districts": "graduatedSymbol",
            "regions": "graduatedSymbol", "shafts": "singleSymbol",
            "galleries": "categorizedSymbol"}
for name, renderer in expected.items():
    layer = QgsVectorLayer("%s|layername=%s" % (gpkg, name), name, "ogr")
    if not layer.isValid():
        fail.append("%s: not valid" % name)
        continue
    got = layer.renderer().type() if layer.renderer() else None
    if got != renderer:
        fail.append("%s: renderer %s, expected %s" % (name, got, renderer))
    if name in ("districts", "regions", "kahrizes") and \
            not layer.labelsEnabled():
        fail.append("%s: labels off" % name)
    if name in ("districts", "regions") and got == "graduatedSymbol":
        n = len(layer.renderer().ranges())
        if n != 5:
            fail.append("%s: %d classes" % (name, n))
    if name == "shafts":
        # the style QGIS's own single symbol would not have
        sym = layer.renderer().symbol()
        if sym.color().name() != "#ffffff":
            fail.append("shafts: fill %s" % sym.color().name())

def sizes(style_path):
    """Each kahriz's symbol size as QGIS evaluates it, against the
    style's class diameter (mm)."""
    sz = json.load(open(style_path, encoding="utf-8"))["sizes"]
    layer = QgsVectorLayer("%s|layername=kahrizes" % gpkg, "k", "ogr")
    r = layer.renderer()
    ctx = QgsRenderContext()
    ectx = QgsExpressionContext()
    ectx.appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(
        layer))
    ctx.setExpressionContext(ectx)
    r.startRender(ctx, layer.fields())
    n = 0
    for f in layer.getFeatures():
        ectx.setFeature(f)
        q = f["last_discharge_l_s"]
        if q is None or (hasattr(q, "isNull") and q.isNull()):
            want = 2 * sz["unmeasured_radius_mm"]
        else:
            want = 2 * sz["radii_mm"][sum(1 for b in sz["breaks_l_s"]
                                          if float(q) >= b)]
        sym = r.symbolForFeature(f, ctx)
        sl = sym.symbolLayer(0)
        prop = sl.dataDefinedProperties().property(
            QgsSymbolLayer.PropertySize)
        got = prop.valueAsDouble(ectx, sl.size())[0] if prop.isActive() \
            else sl.size()
        n += 1
        if abs(got - want) > 1e-6:
            fail.append("kahrizes %s: size %g mm for %r l/s, the style's "
                        "class %g mm" % (f["id"], got, q, want))
            if len(fail) > 10:
                break
    r.stopRender(ctx)
    if not n:
        fail.append("kahrizes: no feature")


if len(sys.argv) > 2:
    sizes(sys.argv[2])
layer = QgsVectorLayer("%s|layername=assessments" % gpkg, "a", "ogr")
for f in ("condition", "drinkable", "rehab_status"):
    i = layer.fields().indexOf(f)
    t = layer.editorWidgetSetup(i).type() if i >= 0 else None
    if t != "ValueMap":
        fail.append("assessments: %s edit widget %r" % (f, t))
print("\n".join(fail) if fail else "qgis ok")
sys.stdout.flush()
# PyQGIS 3.22 may crash tearing down its application after layers were
# opened: leave without the teardown, with the verdict as the status
os._exit(1 if fail else 0)
