#!/usr/bin/python3
"""Elevation models for the relief tests, and pixel statistics of the
hillshade read back from a PDF.

  dem_fixture.py plane OUT.tif   z = 1000 (lon - 45) + 2000 (lat - 38) + 100
  dem_fixture.py cone OUT.tif    3000 m at 45.85 E 39.0 N, 100 m lower per
                                 km, never under 600 m
  dem_fixture.py nocrs OUT.tif   the plane without a CRS
  dem_fixture.py far OUT.tif     the plane moved to 50-51 E (off Ordubad)
  dem_fixture.py utm OUT.tif     the plane in UTM 38N (EPSG:32638), 250 m
  dem_fixture.py ramp OUT.tif    z = 15000 (lon - 45.6): over Ordubad a
                                 contour every 200 m, index contours
                                 (1000 m) running north-south across the
                                 whole frame, one piece each
  dem_fixture.py named OUT.tif   the cone, named in its metadata
                                 (DESCRIPTION "Konus test modeli 2026")
  dem_fixture.py stats IMG       "mean stddev" of the image's grey values

The plane and cone cover lon 44.5-47.5, lat 38.3-40.5 (Ordubad, Şəmkir's
south) at 0.005 degrees, Float32, nodata -9999.
"""
import sys

import numpy as np
from osgeo import gdal, osr


def plane(lon, lat):
    return 1000.0 * (lon - 45) + 2000.0 * (lat - 38) + 100


def cone(lon, lat):
    r = np.hypot((lon - 45.85) * 86.5, (lat - 39.0) * 111.0)
    return np.maximum(3000 - 100 * r, 600)


def write(out, z, gt, epsg, name=None):
    ds = gdal.GetDriverByName("GTiff").Create(out, z.shape[1], z.shape[0], 1,
                                              gdal.GDT_Float32)
    if name:
        ds.SetMetadataItem("DESCRIPTION", name)
    ds.SetMetadataItem("AREA_OR_POINT", "Area")
    ds.SetGeoTransform(gt)
    if epsg:
        s = osr.SpatialReference()
        s.ImportFromEPSG(epsg)
        ds.SetProjection(s.ExportToWkt())
    b = ds.GetRasterBand(1)
    b.SetNoDataValue(-9999)
    b.WriteArray(z.astype(np.float32))
    ds = None


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "stats":
        from PIL import Image
        a = np.asarray(Image.open(out).convert("L"), dtype=float)
        print("%.3f %.3f" % (a.mean(), a.std()))
        return
    d, x0, y0 = 0.005, 44.5, 40.5
    nx, ny = 600, 440
    if kind == "far":
        x0 = 50.0
    if kind == "utm":
        # the plane sampled at the lon/lat of each UTM pixel centre
        src = osr.SpatialReference()
        src.ImportFromEPSG(32638)
        dst = osr.SpatialReference()
        dst.ImportFromEPSG(4326)
        dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        t = osr.CoordinateTransformation(src, dst)
        e0, n0, px = 540000.0, 4360000.0, 250.0
        w, h = 400, 360
        e = e0 + (np.arange(w) + 0.5) * px
        n = n0 - (np.arange(h) + 0.5) * px
        E, N = np.meshgrid(e, n)
        pts = t.TransformPoints(np.column_stack([E.ravel(), N.ravel()]))
        ll = np.array(pts)
        z = plane(ll[:, 0], ll[:, 1]).reshape(h, w)
        write(out, z, [e0, px, 0, n0, 0, -px], 32638)
        return
    lon = x0 + (np.arange(nx) + 0.5) * d
    lat = y0 - (np.arange(ny) + 0.5) * d
    LON, LAT = np.meshgrid(lon, lat)
    if kind == "ramp":
        z = 15000.0 * (LON - 45.6)
    elif kind in ("cone", "named"):
        z = cone(LON, LAT)
    else:
        z = plane(LON, LAT)
    write(out, z, [x0, d, 0, y0, 0, -d], 0 if kind == "nocrs" else 4326,
          "Konus test modeli 2026" if kind == "named" else None)


main()
