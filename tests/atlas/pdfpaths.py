"""pdfpaths.py - the vector paths a PDF paints, read from its content
streams (qpdf's JSON, streams decoded) through form XObjects: per page,
each painted path with its points in page points (top-left origin), its
fill and stroke colours (DeviceRGB/Gray, 0..1), its line width in page
points, its opacity and whether it has curves.  Text, images and clips
are passed over.  Nothing is taken from the renderer but the PDF.

Imported by check_sheet_map.py and check_legend_symbols.py.
"""
import base64
import json
import re
import subprocess

TOKEN = re.compile(rb"\s*(?:(%[^\r\n]*)|(\((?:\\.|[^\\)])*\))|(<<|>>|\[|\])"
                   rb"|(<[0-9A-Fa-f\s]*>)|(/[^\s/\[\]()<>{}%]*)"
                   rb"|([+-]?(?:\d+\.?\d*|\.\d+))|([A-Za-z'\"*]+\d?\*?))")


def tokens(data):
    pos, n = 0, len(data)
    while pos < n:
        m = TOKEN.match(data, pos)
        if not m or m.end() == pos:
            pos += 1
            continue
        pos = m.end()
        com, s, br, hx, name, num, op = m.groups()
        if com:
            continue
        if num is not None:
            yield ("n", float(num))
        elif name is not None:
            yield ("name", name.decode("latin1"))
        elif op is not None:
            yield ("op", op.decode("latin1"))
        else:
            yield ("x", (s or br or hx))


def mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5]]


class Pdf:
    def __init__(self, path):
        j = json.loads(subprocess.run(
            ["qpdf", "--json=2", "--json-stream-data=inline",
             "--decode-level=generalized", path],
            capture_output=True, check=True).stdout)
        self.objs = j["qpdf"][1]
        self.pages = [p["object"] for p in j["pages"]]

    def obj(self, r):
        while isinstance(r, str) and r.endswith(" R"):
            o = self.objs["obj:" + r]
            r = o.get("value", o)
        return r

    def stream(self, r):
        o = self.objs["obj:" + r]["stream"]
        return o["dict"], base64.b64decode(o.get("data", ""))

    def page_paths(self, i):
        """The paths painted on page i (0-based) and the page height."""
        page = self.obj(self.pages[i])
        h = float(self.obj(page["/MediaBox"])[3])
        out = []
        contents = self.obj(page.get("/Contents"))
        refs = contents if isinstance(contents, list) else [self.pages[i]
                                                           and page["/Contents"]]
        data = b"\n".join(self.stream(r)[1] for r in refs)
        self.run(data, self.obj(page.get("/Resources", {})),
                 [1, 0, 0, 1, 0, 0], 1.0, out, h)
        return out, h

    def run(self, data, res, ctm0, alpha0, out, h):
        st = {"ctm": ctm0, "fill": (0, 0, 0), "stroke": (0, 0, 0), "lw": 1,
              "ca": alpha0, "CA": alpha0}
        stack, args, path, cur, curves = [], [], [], None, False
        intext = False
        for kind, v in tokens(data):
            if kind != "op":
                args.append(v)
                continue
            op, a = v, args
            args = []
            if op == "BT":
                intext = True
            elif op == "ET":
                intext = False
            if intext:
                continue
            if op == "q":
                stack.append(dict(st))
            elif op == "Q" and stack:
                st = stack.pop()
            elif op == "cm" and len(a) == 6:
                st["ctm"] = mul([x for x in a], st["ctm"])
            elif op == "w" and a:
                st["lw"] = a[0]
            elif op in ("rg", "RG") and len(a) == 3:
                st["fill" if op == "rg" else "stroke"] = tuple(a)
            elif op in ("g", "G") and a:
                st["fill" if op == "g" else "stroke"] = (a[0],) * 3
            elif op in ("sc", "scn", "SC", "SCN") and len(a) == 3 and \
                    all(isinstance(x, float) for x in a):
                st["fill" if op in ("sc", "scn") else "stroke"] = tuple(a)
            elif op == "gs" and a:
                gs = self.obj(self.obj(res.get("/ExtGState", {})).get(a[0],
                                                                       {}))
                if "/ca" in gs:
                    st["ca"] = alpha0 * float(gs["/ca"])
                if "/CA" in gs:
                    st["CA"] = alpha0 * float(gs["/CA"])
            elif op == "m" and len(a) == 2:
                cur = [self.pt(st, a[0], a[1], h)]
                path.append(cur)
            elif op == "l" and len(a) == 2 and cur is not None:
                cur.append(self.pt(st, a[0], a[1], h))
            elif op in ("c", "v", "y") and len(a) >= 4 and cur is not None:
                # points along the curve, so that a box holds an arc
                p0 = cur[-1]
                q = [self.pt(st, a[k], a[k + 1], h)
                     for k in range(0, len(a), 2)]
                if op == "v":
                    q = [p0] + q
                elif op == "y":
                    q = q + [q[-1]]
                for t in (0.25, 0.5, 0.75, 1.0):
                    u = 1 - t
                    cur.append(tuple(
                        u ** 3 * p0[k] + 3 * u * u * t * q[0][k] +
                        3 * u * t * t * q[1][k] + t ** 3 * q[2][k]
                        for k in (0, 1)))
                curves = True
            elif op == "h" and cur:
                cur.append(cur[0])
            elif op == "re" and len(a) == 4:
                x, y, w, hh = a
                cur = [self.pt(st, x, y, h), self.pt(st, x + w, y, h),
                       self.pt(st, x + w, y + hh, h),
                       self.pt(st, x, y + hh, h), self.pt(st, x, y, h)]
                path.append(cur)
            elif op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"):
                if any(len(p) > 1 for p in path) and op != "n":
                    m = st["ctm"]
                    scale = (abs(m[0] * m[3] - m[1] * m[2])) ** 0.5
                    out.append({
                        "fill": st["fill"] if op[0] in "fFBb" else None,
                        "stroke": st["stroke"] if op[0] in "SsBb" else None,
                        "lw": st["lw"] * scale, "curves": curves,
                        "subpaths": [p for p in path if len(p) > 1],
                        "alpha": st["ca"] if op[0] in "fFBb" else st["CA"]})
                path, cur, curves = [], None, False
            elif op == "Do" and a:
                xo = self.obj(res.get("/XObject", {})).get(a[0])
                if xo:
                    d, body = self.stream(xo)
                    if d.get("/Subtype") == "/Form":
                        mat = [float(x) for x in
                               self.obj(d.get("/Matrix", [1, 0, 0, 1, 0,
                                                          0]))]
                        self.run(body, self.obj(d.get("/Resources", res)),
                                 mul(mat, st["ctm"]), st["ca"], out, h)

    @staticmethod
    def pt(st, x, y, h):
        m = st["ctm"]
        return (m[0] * x + m[2] * y + m[4], h - (m[1] * x + m[3] * y + m[5]))


def bbox(p):
    xs = [q[0] for s in p["subpaths"] for q in s]
    ys = [q[1] for s in p["subpaths"] for q in s]
    return min(xs), min(ys), max(xs), max(ys)


def same_rgb(a, b, tol=0.01):
    return a is not None and all(abs(x - y) <= tol for x, y in zip(a, b))


def hex_rgb(s):
    return tuple(int(s[i:i + 2], 16) / 255 for i in (1, 3, 5))
