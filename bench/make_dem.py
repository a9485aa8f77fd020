#!/usr/bin/python3
"""Write a SYNTHETIC country-wide elevation model of Azerbaijan for the
relief benchmark: 3 arc-seconds (about 90 m, the SRTM grid) over lon
44.7-50.7 E, lat 38.3-42.0 N, Int16 metres, DEFLATE-compressed tiled
GeoTIFF with internal overviews, EPSG:4326, nodata -32768.

The surface is invented, not measured: smooth fractal noise plus ridged
noise, raised along rough lines where the real ranges lie (the Greater
Caucasus along the northern border, the Lesser Caucasus and the Zangezur
range in the west and Nakhchivan, the Talysh hills in the south-east),
low in the Kür-Araz lowland, at -28 m where the Caspian Sea lies.  It is
meant to load the renderer as a real DEM would (size, texture, relief of
several kilometres), never to be read as the country's topography.

Usage: bench/make_dem.py OUT.tif [--step ARCSEC] [--seed N]
"""
import argparse
import math

import numpy as np
from osgeo import gdal, osr

W, E, S, N = 44.7, 50.7, 38.3, 42.0

# (lon, lat) polylines of the ranges, crest height m, half-width km
RANGES = [
    ([(45.6, 41.75), (46.6, 41.55), (47.6, 41.35), (48.4, 41.15),
      (49.0, 40.95), (49.6, 40.6)], 3900, 28),
    ([(45.0, 41.15), (45.7, 40.75), (46.2, 40.35), (46.5, 39.95),
      (46.7, 39.55)], 2900, 30),
    ([(45.3, 39.75), (45.8, 39.4), (46.2, 39.05), (46.35, 38.85)],
     3300, 24),
    ([(48.35, 39.1), (48.55, 38.8), (48.7, 38.45)], 2100, 18),
]
# the lowland's centre and the Caspian coast (rough)
LOWLAND = (48.0, 40.0)
COAST = [(48.6, 41.9), (49.1, 41.45), (49.5, 40.95), (50.4, 40.5),
         (49.9, 40.1), (49.4, 39.9), (49.0, 39.3), (48.9, 38.9),
         (48.85, 38.4)]


def seg_dist_km(lon, lat, line):
    """Distance in km from every grid point to a polyline."""
    kx = 111.32 * math.cos(math.radians(40.0))
    ky = 111.32
    best = np.full(lon.shape, np.inf, dtype=np.float32)
    for (x0, y0), (x1, y1) in zip(line[:-1], line[1:]):
        ax, ay = (x1 - x0) * kx, (y1 - y0) * ky
        px, py = (lon - x0) * kx, (lat - y0) * ky
        t = np.clip((px * ax + py * ay) / (ax * ax + ay * ay), 0, 1)
        d = np.hypot(px - t * ax, py - t * ay)
        np.minimum(best, d, out=best)
    return best


def smooth_noise(rng, ny, nx, cells, octaves, persistence=0.5):
    """Fractal value noise in [-1, 1]: bilinear grids, octave by octave."""
    out = np.zeros((ny, nx), dtype=np.float32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        c = cells * 2 ** o
        gy, gx = max(2, int(c * ny / nx) + 2), c + 2
        g = rng.uniform(-1, 1, (gy, gx)).astype(np.float32)
        ys = np.linspace(0, gy - 1.001, ny, dtype=np.float32)
        xs = np.linspace(0, gx - 1.001, nx, dtype=np.float32)
        y0 = ys.astype(np.int32)
        x0 = xs.astype(np.int32)
        fy = (ys - y0)[:, None]
        fx = (xs - x0)[None, :]
        # smoothstep between the lattice values
        fy = fy * fy * (3 - 2 * fy)
        fx = fx * fx * (3 - 2 * fx)
        a = g[y0][:, x0]
        b = g[y0][:, x0 + 1]
        cc = g[y0 + 1][:, x0]
        d = g[y0 + 1][:, x0 + 1]
        out += amp * ((a * (1 - fx) + b * fx) * (1 - fy) +
                      (cc * (1 - fx) + d * fx) * fy)
        total += amp
        amp *= persistence
    return out / total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--step", type=float, default=3.0,
                    help="pixel size in arc-seconds (default 3)")
    ap.add_argument("--seed", type=int, default=1997)
    a = ap.parse_args()
    d = a.step / 3600.0
    nx, ny = int(round((E - W) / d)), int(round((N - S) / d))
    rng = np.random.default_rng(a.seed)
    lon = (W + (np.arange(nx, dtype=np.float32) + 0.5) * d)[None, :]
    lat = (N - (np.arange(ny, dtype=np.float32) + 0.5) * d)[:, None]
    lon = np.broadcast_to(lon, (ny, nx))
    lat = np.broadcast_to(lat, (ny, nx))

    # the ranges: a crest fading with distance, ragged by the noise
    mount = np.zeros((ny, nx), dtype=np.float32)
    for line, h, w in RANGES:
        dist = seg_dist_km(lon, lat, line)
        np.maximum(mount, h * np.exp(-(dist / w) ** 2), out=mount)
    # foothills and plateaus: higher to the west and north
    base = 150 + 500 * np.clip((47.8 - lon) / 3, 0, 1) * \
        np.clip((lat - 38.9) / 2.5 + 0.4, 0, 1)
    low = np.hypot((lon - LOWLAND[0]) * 0.85, lat - LOWLAND[1])
    base = base * np.clip(low / 1.6, 0.05, 1) - 20 * (low < 1.0)

    n1 = smooth_noise(rng, ny, nx, 12, 9)            # hills
    n2 = 1 - np.abs(smooth_noise(rng, ny, nx, 40, 7, 0.6))  # ridges
    rough = 0.25 + mount / 4000
    z = base + mount * (0.75 + 0.35 * n1) + \
        rough * (380 * n1 + 900 * (n2 - 0.55) * (mount / 4000 + 0.15))
    del n1, n2, mount, base

    # the sea east of the coast: flat at -28 m (a ray test per row)
    coast = np.array(COAST)
    east = np.interp(lat[:, 0], coast[::-1, 1], coast[::-1, 0])
    sea = lon > east[:, None]
    z = np.where(sea, -28.0, np.maximum(z, -26.0))
    z = np.round(z).astype(np.int16)

    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(a.out, nx, ny, 1, gdal.GDT_Int16,
                    ["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=2",
                     "ZLEVEL=6", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform([W, d, 0, N, 0, -d])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetMetadataItem("DESCRIPTION",
                       "SYNTHETIC elevation model for benchmarks "
                       "(bench/make_dem.py), not real topography")
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-32768)
    band.WriteArray(z)
    ds.BuildOverviews("AVERAGE", [2, 4, 8, 16, 32])
    ds = None
    print("%s: %d x %d, %.1f..%.1f m (synthetic)" %
          (a.out, nx, ny, float(z.min()), float(z.max())))


main()
