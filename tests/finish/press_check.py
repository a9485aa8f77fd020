#!/usr/bin/env python3
"""The press PDF's colours, read back by Ghostscript and littleCMS.

usage: press_check.py SCREEN.pdf PRESS.pdf PAGE PROFILE.icc COLOUR...

PAGE of SCREEN.pdf is rendered in RGB by poppler (pdftoppm), the same page
of PRESS.pdf in CMYK by Ghostscript (tiff32nc, trim box only, so both
rasters match).  Then, on one line each:

  black  N CMY_MAX K_MIN  pixels inside black text or lines on the screen
                        page (r = g = b < 40, and so are their 8
                        neighbours, as the two rasters may differ by a row
                        or a column), the most cyan, magenta or yellow ink
                        any of them carries on the press page, and the
                        least black ink
  swatch RRGGBB N DE    for each COLOUR: the pixels wholly inside areas of
                        exactly that colour (3x3), and the colour difference
                        (delta E 2000) between the screen colour (sRGB) and
                        the median press colour rendered back to Lab through
                        the output profile (CIEDE2000, the print trade's)
"""
import math
import statistics
import subprocess
import sys
import tempfile

from PIL import Image, ImageCms

DPI = 200


def delta_e2000(lab1, lab2):
    """CIEDE2000 (Sharma, Wu, Dalal 2005), kL = kC = kH = 1."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cm = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(cm ** 7 / (cm ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    elif h2p - h1p > 180:
        dh = h2p - h1p - 360
    else:
        dh = h2p - h1p + 360
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lm, cmp_ = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hm = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hm = (h1p + h2p + 360) / 2
    else:
        hm = (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hm - 30)) + 0.24 * math.cos(math.radians(2 * hm))
         + 0.32 * math.cos(math.radians(3 * hm + 6)) - 0.20 * math.cos(math.radians(4 * hm - 63)))
    dtheta = 30 * math.exp(-(((hm - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cmp_ ** 7 / (cmp_ ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (lm - 50) ** 2 / math.sqrt(20 + (lm - 50) ** 2)
    sc = 1 + 0.045 * cmp_
    sh = 1 + 0.015 * cmp_ * t
    rt = -math.sin(math.radians(2 * dtheta)) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2
                     + rt * (dc / sc) * (dhh / sh))


def render(screen, press, page, tmp):
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", page, "-l", page,
                    "-singlefile", "-png", screen, tmp + "/screen"], check=True)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                    "-sDEVICE=tiff32nc", "-r%d" % DPI, "-dUseTrimBox",
                    "-dFirstPage=" + page, "-dLastPage=" + page,
                    "-o", tmp + "/press.tif", press], check=True)
    rgb = Image.open(tmp + "/screen.png").convert("RGB")
    cmyk = Image.open(tmp + "/press.tif")
    return rgb, cmyk


def main():
    screen, press, page, profile = sys.argv[1:5]
    colours = [tuple(int(c[i:i + 2], 16) for i in (0, 2, 4)) for c in sys.argv[5:]]
    with tempfile.TemporaryDirectory() as tmp:
        rgb, cmyk = render(screen, press, page, tmp)
        w = min(rgb.size[0], cmyk.size[0])
        h = min(rgb.size[1], cmyk.size[1])
        rp, cp = rgb.load(), cmyk.load()

        # one pass: where each colour of interest is, and the dark neutrals
        wanted = set(colours)
        where = {c: [] for c in colours}
        darks = set()
        for y in range(h):
            for x in range(w):
                p = rp[x, y]
                if p in wanted:
                    where[p].append((x, y))
                elif p[0] == p[1] == p[2] and p[0] < 40:
                    darks.add((x, y))

        def inside(points, pset):
            return [(x, y) for x, y in points
                    if all((x + dx, y + dy) in pset
                           for dx in (-1, 0, 1) for dy in (-1, 0, 1))]

        n_black, worst, least_k = 0, 0, 255
        for x, y in inside(darks, darks):
            n_black += 1
            c, m, yy, k = cp[x, y]
            worst = max(worst, c, m, yy)
            least_k = min(least_k, k)
        print("black %d %d %d" % (n_black, worst, least_k))

        srgb = ImageCms.createProfile("sRGB")
        lab = ImageCms.createProfile("LAB", 6500)
        to_lab_rgb = ImageCms.buildTransform(srgb, lab, "RGB", "LAB")
        to_lab_cmyk = ImageCms.buildTransform(ImageCms.getOpenProfile(profile),
                                              lab, "CMYK", "LAB")

        def lab_of(img, transform):
            v = ImageCms.applyTransform(img, transform).getpixel((0, 0))
            # PIL's 8-bit Lab: L 0..255 for 0..100, a and b offset by 128
            return (v[0] * 100.0 / 255.0, v[1] - 128.0, v[2] - 128.0)

        for col in colours:
            inside_px = [cp[x, y] for x, y in inside(where[col], set(where[col]))]
            if not inside_px:
                print("swatch %02x%02x%02x 0 -1" % col)
                continue
            med = tuple(int(statistics.median(p[i] for p in inside_px)) for i in range(4))
            l1 = lab_of(Image.new("RGB", (1, 1), col), to_lab_rgb)
            l2 = lab_of(Image.new("CMYK", (1, 1), med), to_lab_cmyk)
            de = delta_e2000(l1, l2)
            print("swatch %02x%02x%02x %d %.2f" % (col + (len(inside_px), de)))


if __name__ == "__main__":
    main()
