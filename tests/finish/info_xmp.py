#!/usr/bin/env python3
"""Whether a PDF's Info dictionary and its XMP packet say the same.

usage: info_xmp.py PDF

Info is read by qpdf (its JSON gives every string decoded, from
PDFDocEncoding or UTF-16BE), the XMP packet is the catalog's /Metadata
stream, parsed as XML.  A PDF/X preflight compares these pairs; for each,
one line:

  FIELD same|differs|missing

then "info: VALUE" and "xmp: VALUE" lines for any pair not the same, and
last "agree A of N".  Dates are compared as instants (PDF's D:... against
ISO 8601).
"""
import datetime
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
}

# Info key, XMP property, kind
PAIRS = [
    ("/Title", "dc:title", "alt"),
    ("/Author", "dc:creator", "seq"),
    ("/Subject", "dc:description", "alt"),
    ("/Keywords", "pdf:Keywords", "text"),
    ("/Creator", "xmp:CreatorTool", "text"),
    ("/Producer", "pdf:Producer", "text"),
    ("/CreationDate", "xmp:CreateDate", "date"),
    ("/ModDate", "xmp:ModifyDate", "date"),
    ("/Trapped", "pdf:Trapped", "text"),
    ("/GTS_PDFXVersion", "pdfxid:GTS_PDFXVersion", "text"),
]


def qpdf(*args):
    return subprocess.run(["qpdf"] + list(args), capture_output=True,
                          check=True).stdout


def info_and_xmp(pdf):
    doc = json.loads(qpdf("--json=2", "--json-key=qpdf", pdf))
    objs = doc["qpdf"][1]
    trailer = objs["trailer"]["value"]

    def value(x):
        if isinstance(x, str) and x.endswith(" R"):
            return objs["obj:" + x]["value"]
        return x

    info = {}
    for k, v in value(trailer.get("/Info", {})).items():
        v = value(v)
        if isinstance(v, str) and v.startswith("u:"):
            v = v[2:]
        elif isinstance(v, str) and v.startswith("/"):
            v = v[1:]
        info[k] = v
    root = value(trailer["/Root"])
    meta = root.get("/Metadata")
    xmp = None
    if meta:
        num = meta.split()[0]
        xmp = qpdf("--show-object=" + num, "--filtered-stream-data", pdf)
    return info, xmp


def xmp_value(desc, prop, kind):
    """The property, as an attribute of an rdf:Description or an element
    (the first rdf:li of an Alt or Seq)."""
    pfx, name = prop.split(":")
    qname = "{%s}%s" % (NS[pfx], name)
    for d in desc:
        if qname in d.attrib:
            return d.attrib[qname]
        el = d.find(qname)
        if el is not None:
            if kind in ("alt", "seq"):
                li = el.find(".//rdf:li", NS)
                return li.text if li is not None else None
            return el.text
    return None


def instant(s, pdf_date):
    if s is None:
        return None
    if pdf_date:
        m = re.match(r"D:(\d{14})(Z|[+-]\d\d'?\d\d'?)?$", s)
        if not m:
            return s
        t = datetime.datetime.strptime(m.group(1), "%Y%m%d%H%M%S")
        tz = m.group(2) or "Z"
        off = 0 if tz.startswith("Z") else int(tz[1:3]) * 60 + int(
            tz.replace("'", "")[3:5] or 0)
        if tz.startswith("-"):
            off = -off
        return t - datetime.timedelta(minutes=off)
    try:
        t = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return s
    if t.tzinfo is not None:
        t = t.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return t


def main():
    info, xmp = info_and_xmp(sys.argv[1])
    desc = []
    if xmp:
        body = xmp[xmp.index(b"<x:xmpmeta"):xmp.index(b"</x:xmpmeta>") + 12]
        desc = ET.fromstring(body).findall(".//rdf:Description", NS)
    agree = 0
    for key, prop, kind in PAIRS:
        a, b = info.get(key), xmp_value(desc, prop, kind)
        if kind == "date":
            same = a is not None and instant(a, True) == instant(b, False)
        else:
            same = a is not None and a == b
        if same:
            agree += 1
            print("%s same" % key[1:])
        else:
            print("%s %s" % (key[1:], "missing" if a is None or b is None
                                    else "differs"))
            print("  info: %s" % a)
            print("  xmp: %s" % b)
    print("agree %d of %d" % (agree, len(PAIRS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
