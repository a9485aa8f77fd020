#!/usr/bin/python3
"""Every reader given files damaged at several offsets: each run either
reads the damaged file whole or fails with exit 3 naming it; it never
crashes and never exits 0 having read fewer rows than the file holds.

The files are made here from the bundled survey (GDAL's own tools write
the GeoPackage, GeoJSON, Shapefile and XLSX), then damaged in two ways at
a quarter, half and three quarters of their length: cut there, and 512
bytes there overwritten with zeros.  "Rows the file holds" is counted by
an independent reader: the CSV's physical lines (less the header) and,
for the others, what ogrinfo reads of the damaged file, when it reads it
without an error.

Usage: sweep.py KAHRIZ_ATLAS SOURCE_DIR [WORK_DIR]
Prints one line per damaged file and "N passed, N failed" at the end.
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
SRC = sys.argv[2]
OWN_WORK = len(sys.argv) <= 3
WORK = sys.argv[3] if not OWN_WORK else tempfile.mkdtemp(prefix="kz-sweep-")
KAHRIZES = os.path.join(SRC, "data", "survey", "kahrizes.csv")
ENV = dict(os.environ, LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1764547200")
passed = failed = 0


def run(args, timeout=300):
    r = subprocess.run(args, capture_output=True, text=True, env=ENV,
                       timeout=timeout)
    return r.returncode, r.stdout + r.stderr


def ogr_count(path, layer=None):
    """Features GDAL reads of path's layer, or None when GDAL fails."""
    args = ["ogrinfo", "-ro", "-al", "-so", path] if layer is None else \
        ["ogrinfo", "-ro", "-so", path, layer]
    code, out = run(args)
    if code != 0 or "ERROR" in out:
        return None
    m = re.search(r"Feature Count: (\d+)", out)
    if not m:
        return None
    # -so may take the count from metadata: read every feature to be sure
    code, full = run(["ogrinfo", "-ro", "-al", "-q", path] +
                     ([layer] if layer else []))
    if code != 0 or "ERROR" in full:
        return None
    return int(m.group(1))


def csv_rows(path):
    with open(path, "rb") as fh:
        data = fh.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return max(len(lines) - 1, 0)


def validate_read(out, role="kahrizes"):
    m = re.search(r"\n%s\s+(\d+)\s+(\d+)\s+(\d+)" % role, "\n" + out)
    return int(m.group(1)) if m else None


def check(name, ok, detail):
    global passed, failed
    if ok:
        passed += 1
        print("ok    %s" % name)
    else:
        failed += 1
        print("FAIL  %s: %s" % (name, detail))


def damaged(path):
    """(label, path) of the damaged copies of path."""
    size = os.path.getsize(path)
    stem, ext = os.path.splitext(path)
    for frac in (0.25, 0.5, 0.75):
        at = int(size * frac)
        cut = "%s-cut%d%s" % (stem, int(frac * 100), ext)
        with open(path, "rb") as fh:
            data = fh.read()
        with open(cut, "wb") as fh:
            fh.write(data[:at])
        yield "cut at %d%%" % int(frac * 100), cut
        zero = "%s-zero%d%s" % (stem, int(frac * 100), ext)
        with open(zero, "wb") as fh:
            fh.write(data[:at] + b"\0" * 512 + data[at + 512:])
        yield "512 zero bytes at %d%%" % int(frac * 100), zero


def sweep_table(kind, path, rows_of, source_args, role="kahrizes"):
    """A survey source: validate reads it whole (rows of role) or exits 3."""
    for label, bad in damaged(path):
        name = "%s %s" % (kind, label)
        try:
            code, out = run([CLI, "validate"] + source_args(bad))
        except subprocess.TimeoutExpired:
            check(name, False, "no answer in 300 s")
            continue
        if code == 3:
            check(name, os.path.basename(bad) in out,
                  "exit 3 without naming the file:\n" + out[-400:])
            continue
        if code != 0:
            check(name, False, "exit %d:\n%s" % (code, out[-400:]))
            continue
        holds, read = rows_of(bad), validate_read(out, role)
        check(name, holds is not None and read == holds,
              "exit 0 with %s rows read, the file holds %s" % (read, holds))


def sweep_map(kind, path, args_of):
    """A map's input (reference layer, elevation model, style): the map
    is made or the command exits 3 (2 for a style: a usage error) naming
    the file; never a crash."""
    for label, bad in damaged(path):
        name = "%s %s" % (kind, label)
        pdf = os.path.join(WORK, "sweep.pdf")
        try:
            code, out = run([CLI, "map", "-q", "--overwrite", "--district",
                             "AZ-ORD", "-o", pdf] + args_of(bad))
        except subprocess.TimeoutExpired:
            check(name, False, "no answer in 300 s")
            continue
        if code == 0:
            check(name, True, "")
        elif code in (2, 3):
            check(name, os.path.basename(bad) in out,
                  "exit %d without naming the file:\n%s" % (code, out[-400:]))
        else:
            check(name, False, "exit %d:\n%s" % (code, out[-400:]))


def main():
    os.makedirs(WORK, exist_ok=True)
    csv_path = os.path.join(WORK, "kahrizes.csv")
    shutil.copy(KAHRIZES, csv_path)
    sweep_table("CSV", csv_path, csv_rows, lambda p: ["--kahrizes", p])

    for drv, ext in (("GPKG", "gpkg"), ("GeoJSON", "geojson"),
                     ("ESRI Shapefile", "shp"), ("XLSX", "xlsx"),
                     ("ODS", "ods")):
        out = os.path.join(WORK, "kahrizes." + ext)
        code, msg = run(["ogr2ogr", "-f", drv, out, KAHRIZES, "-nln",
                         "kahrizes"])
        if code != 0:
            check("%s made by ogr2ogr" % drv, False, msg[-300:])
            continue
        if ext == "shp" and not os.path.exists(out):
            out = out[:-3] + "dbf"  # a table without geometry: its .dbf
        sweep_table(drv, out, lambda p: ogr_count(p),
                    lambda p: ["--kahrizes", p])

    # a KoboToolbox CSV export of the field form: one submission a line
    kobo = os.path.join(WORK, "kobo.csv")
    with open(os.path.join(SRC, "tests", "data", "kobo",
                           "kobo-main-plain.txt"), encoding="utf-8") as fh:
        table = [line.rstrip("\n").split("|") for line in fh if line.strip()]
    with open(kobo, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)
    sweep_table("Kobo", kobo, csv_rows, lambda p: ["--kobo", p],
                role="assessments")

    osm = os.path.join(WORK, "extract.osm")
    with open(osm, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<osm version="0.6" generator="sweep">\n')
        for i in range(200):
            fh.write(' <node id="%d" lat="%.4f" lon="%.4f" version="1"/>\n'
                     % (i + 1, 38.85 + i * 0.002, 45.6 + i * 0.004))
        for w in range(20):
            fh.write(' <way id="%d" version="1">' % (1000 + w))
            for i in range(10):
                fh.write('<nd ref="%d"/>' % (w * 10 + i + 1))
            fh.write('<tag k="waterway" v="river"/>'
                     '<tag k="name" v="Çay %d"/></way>\n' % w)
        fh.write("</osm>\n")
    sweep_map("OpenStreetMap", osm,
              lambda p: ["--rivers", "none", "--reference", p])

    dem = os.path.join(WORK, "dem.tif")
    asc = os.path.join(WORK, "dem.asc")
    with open(asc, "w") as fh:
        fh.write("ncols 80\nnrows 60\nxllcorner 45.5\nyllcorner 38.8\n"
                 "cellsize 0.01\nNODATA_value -32768\n")
        for j in range(60):
            fh.write(" ".join(str(800 + 10 * i + 5 * j) for i in range(80))
                     + "\n")
    run(["gdal_translate", "-q", "-a_srs", "EPSG:4326", "-ot", "Int16",
         asc, dem])
    sweep_map("GeoTIFF elevation model", dem, lambda p: ["--dem", p])

    # the printer's output profile, given to a press build of the cover
    icc = os.path.join(WORK, "FOGRA39.icc")
    shutil.copy(os.path.join(os.path.dirname(os.path.dirname(CLI)), "icc",
                             "FOGRA39.icc"), icc)
    for label, bad in damaged(icc):
        name = "ICC profile %s" % label
        code, out = run([CLI, "build", "-q", "--overwrite", "--press",
                         "--sections", "cover", "--icc", bad, "-o",
                         os.path.join(WORK, "press.pdf")])
        check(name, code == 0 or (code == 3 and os.path.basename(bad) in out),
              "exit %d:\n%s" % (code, out[-400:]))

    style = os.path.join(WORK, "style.json")
    shutil.copy(os.path.join(SRC, "styles", "default.json"), style)
    sweep_map("style", style, lambda p: ["--style", p])

    print("%d passed, %d failed" % (passed, failed))
    if OWN_WORK:
        shutil.rmtree(WORK, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
