#!/usr/bin/env python3
"""Where GDAL puts a point of a georeferenced PDF page.

usage: locate.py PDF_OR_PDF:N:FILE LON LAT DPI

GDAL renders the page at DPI and reads its georeferencing; the point
(WGS84) is projected with OSR into the page's CRS and then into pixels.
The outlet symbol drawn there is the connected patch of the colour found
at that pixel; its centroid is compared with the point.  Prints
"offset_px offset_m patch_px epsg" on one line.  The map code under test
takes no part: only GDAL, OSR and the pixels.
"""
import sys

from osgeo import gdal, osr

gdal.UseExceptions()


def main():
    src, lon, lat, dpi = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    gdal.SetConfigOption("GDAL_PDF_DPI", dpi)
    ds = gdal.Open(src)
    gt = ds.GetGeoTransform()
    srs = ds.GetSpatialRef()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    x, y, _ = osr.CoordinateTransformation(wgs, srs).TransformPoint(lon, lat)
    # pixel of (x, y): the geotransform has no rotation
    px = (x - gt[0]) / gt[1]
    py = (y - gt[3]) / gt[5]
    half = 40
    x0, y0 = max(int(px) - half, 0), max(int(py) - half, 0)
    w = min(2 * half, ds.RasterXSize - x0)
    h = min(2 * half, ds.RasterYSize - y0)
    bands = [ds.GetRasterBand(b + 1).ReadRaster(x0, y0, w, h) for b in range(3)]

    def rgb(i, j):
        k = j * w + i
        return tuple(bands[b][k] for b in range(3))

    ci, cj = int(px) - x0, int(py) - y0
    seed = rgb(ci, cj)

    def near(c):
        return sum(abs(a - b) for a, b in zip(c, seed)) <= 30

    seen = {(ci, cj)}
    todo = [(ci, cj)]
    while todo:
        i, j = todo.pop()
        for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            n = (i + di, j + dj)
            if 0 <= n[0] < w and 0 <= n[1] < h and n not in seen and near(rgb(*n)):
                seen.add(n)
                todo.append(n)
    # pixel centres: the patch's centroid in the raster's pixel space
    mx = sum(i for i, _ in seen) / len(seen) + x0 + 0.5
    my = sum(j for _, j in seen) / len(seen) + y0 + 0.5
    off_px = ((mx - px) ** 2 + (my - py) ** 2) ** 0.5
    off_m = off_px * abs(gt[1])
    epsg = srs.GetAuthorityCode(None) or "none"
    print("%.3f %.3f %d %s" % (off_px, off_m, len(seen), epsg))


if __name__ == "__main__":
    main()
