#!/usr/bin/env python3
"""check_atlas.py - the navigation of an atlas PDF checked from the file
alone, with qpdf's JSON (outline, link annotations, named destinations)
and poppler's pdftotext (text and word boxes), never with kahriz-atlas:

- every outline entry goes to the first page whose heading is its title;
- every link on the contents pages goes to the page that starts with the
  title it covers, and the page number printed in it is that page;
- every kahriz id is on exactly one sheet page, each gazetteer lists it
  once per order with that page number, and its link goes there;
- in each gazetteer (its columns read top to bottom, left to right, page
  after page) a letter heading stands exactly before the first name
  starting with that letter, and nowhere else; the letters come in the
  order of the page's alphabet (Azerbaijani: a b c ç d e ə f g ğ h x ı i
  j k q l m n o ö p r s ş t u ü v y z; English: a to z);
- the sheets' outline entry holds one entry per district, in page order,
  each going to the first sheet page with a kahriz of that district (the
  ids a district's table pages list);
- with --pages N the PDF has N pages.

Prints one line per fault and a summary; exits 1 on any fault.

usage: check_atlas.py [--pages N] [--sheets] atlas.pdf
"""
import re
import sys

from pdfread import bbox_pages, page_texts, page_words, qpdf_json

CONTENTS = "Mündəricat / Contents"
SHEETS = "Kəhriz vərəqələri / Kahriz sheets"
GAZETTEER = "Göstərici / Gazetteer"
KID = re.compile(r"\bKZ-\d+\b")
AZ_ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
EN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

faults = []


def fault(msg):
    faults.append(msg)
    print("FAULT: " + msg)


def load_json(pdf):
    j, _ = qpdf_json(pdf, "pages", "outlines")
    return j


def headings(text):
    """What heads a page: its running header (the first line up to a wide
    gap), the title under it, and that title with its second line (long
    titles wrap)."""
    lines = [re.split(r"\s{3,}", line.strip())[0]
             for line in text.split("\n") if line.strip()][:3]
    lines += [""] * (3 - len(lines))
    return [lines[0], lines[1], lines[1] + " " + lines[2]]


def title_matches(title, head):
    """Whether a page headed head starts the section titled title: the
    Azerbaijani and English parts each equal or the start of the
    heading's ("Gəncə / Ganja" heads "Gəncə şəhəri / Ganja City")."""
    def starts(part, whole):
        return whole == part or whole.startswith(part + " ")
    az, _, en = title.partition(" / ")
    haz, _, hen = head.partition(" / ")
    return starts(az, haz) and (not en or starts(en, hen))


def headed(title, heads):
    return any(title_matches(title, h) for h in heads)


def first_page_of(title, heads, page, targets=frozenset()):
    """Whether page (1-based) is the first page headed by title; a page
    before it with the same heading may start an entry of its own (the
    region page of the kahrizes outside every district, then their
    district page): targets holds (title, page) of every entry."""
    return (headed(title, heads[page - 1]) and
            (page == 1 or not headed(title, heads[page - 2]) or
             (title, page - 1) in targets))


class Doc:
    def __init__(self, pdf):
        j = load_json(pdf)
        self.objs = j["qpdf"][1]
        self.outlines = j["outlines"]
        self.page_of = {p["object"]: p["pageposfrom1"] for p in j["pages"]}
        self.page_objs = [p["object"] for p in j["pages"]]
        self.dests = {}
        root = self.obj(self.objs["trailer"]["value"]["/Root"])
        names = self.obj(root.get("/Names", {}))
        if "/Dests" in names:
            self.walk_names(self.obj(names["/Dests"]))

    def obj(self, ref):
        if isinstance(ref, str) and ref.endswith(" R"):
            return self.objs["obj:" + ref]["value"]
        return ref

    def walk_names(self, node):
        node = self.obj(node)
        flat = node.get("/Names", [])
        for i in range(0, len(flat) - 1, 2):
            self.dests[flat[i]] = self.obj(flat[i + 1])
        for kid in node.get("/Kids", []):
            self.walk_names(kid)

    def dest_page(self, dest):
        """Page (1-based) a /Dest leads to, None when it leads nowhere."""
        dest = self.obj(dest)
        if isinstance(dest, str):
            dest = self.dests.get(dest)
            if isinstance(dest, dict):
                dest = self.obj(dest.get("/D"))
        if isinstance(dest, list) and dest:
            return self.page_of.get(dest[0])
        return None

    def links(self, page):
        """(rect, target page) of each link annotation on a page."""
        out = []
        for ref in self.obj(self.page_objs[page - 1]).get("/Annots", []):
            a = self.obj(ref)
            if a.get("/Subtype") != "/Link":
                continue
            dest = a.get("/Dest")
            if dest is None and "/A" in a:
                dest = self.obj(a["/A"]).get("/D")
            out.append((a["/Rect"], self.dest_page(dest)))
        return out


def words_in(words, rect, height):
    """Words whose centre lies in a link's /Rect (PDF coordinates)."""
    x0, y0, x1, y1 = rect
    top, bottom = height - y1, height - y0
    got = [w for w in words
           if x0 <= (w[0] + w[2]) / 2 <= x1 and
           top <= (w[1] + w[3]) / 2 <= bottom]
    got.sort(key=lambda w: (round(w[1]), w[0]))
    return got


def check_outline(doc, heads):
    every = []
    stack = list(doc.outlines)
    while stack:
        o = stack.pop()
        # the districts under the sheets go to sheet pages, headed by the
        # section: check_sheet_bookmarks checks them
        if o.get("title") != SHEETS:
            stack.extend(o.get("kids", []))
        every.append(o)
    targets = {(o.get("title"), o.get("destpageposfrom1")) for o in every}
    for o in every:
        page = o.get("destpageposfrom1")
        title = o.get("title", "")
        if not page:
            fault("outline %r leads nowhere" % title)
        elif page == 1:
            continue  # the cover has no running header
        elif not first_page_of(title, heads, page, targets) and not any(
                first_page_of(k["title"], heads, page, targets)
                for k in o.get("kids", [])
                if k.get("destpageposfrom1") == page):
            fault("outline %r goes to page %d headed %r" %
                  (title, page, heads[page - 1][0]))
    return len(every)


def check_contents(doc, heads, words, height):
    pages = [i + 1 for i, h in enumerate(heads) if h[0] == CONTENTS]
    if not pages:
        fault("no contents page")
    entries = []
    for p in pages:
        links = doc.links(p)
        for i, (rect, target) in enumerate(links):
            text = " ".join(w[4] for w in words_in(words[p - 1], rect,
                                                  height))
            m = re.match(r"(.*?)\s+(\d+)$", text)
            if not m:
                fault("contents link on page %d covers %r, no page number" %
                      (p, text))
                continue
            nxt = links[i + 1][1] if i + 1 < len(links) else None
            entries.append((m.group(1), int(m.group(2)), target, nxt))
    targets = {(e[0], e[2]) for e in entries}
    for title, printed, target, nxt in entries:
        if target is None:
            fault("contents link %r leads nowhere" % title)
            continue
        if printed != target:
            fault("contents entry %r prints page %d, links to %d" %
                  (title, printed, target))
        # a part title leading straight into its first chapter is
        # followed by that chapter's entry on the same page
        if not first_page_of(title, heads, target, targets) and not (
                nxt == target and target > 1):
            fault("contents entry %r links to page %d headed %r" %
                  (title, target, heads[target - 1][0]))
    return len(entries)


def check_gazetteer(doc, heads, texts, words, height, want_sheets):
    sheet_of = {}
    for i, h in enumerate(heads):
        if h[0] != SHEETS:
            continue
        for kid in set(KID.findall(texts[i])):
            if kid in sheet_of:
                fault("%s on sheet pages %d and %d" %
                      (kid, sheet_of[kid], i + 1))
            sheet_of[kid] = i + 1
    if want_sheets and not sheet_of:
        fault("no kahriz sheets")
    gaz = [i + 1 for i, h in enumerate(heads) if h[0] == GAZETTEER]
    if not gaz:
        fault("no gazetteer")
    listed = {}
    for p in gaz:
        # each entry's link: the kahriz id it covers, the page number
        # printed at the right of its first line, and where it goes
        for rect, target in doc.links(p):
            got = words_in(words[p - 1], rect, height)
            ids = [w[4] for w in got if KID.fullmatch(w[4])]
            if len(ids) != 1:
                fault("gazetteer link on page %d covers ids %s" % (p, ids))
                continue
            first = [w for w in got if w[1] < got[0][3]]
            nums = [w for w in first if w[4].isdigit()]
            if not nums:
                fault("gazetteer entry of %s on page %d has no page number"
                      % (ids[0], p))
                continue
            listed.setdefault(ids[0], []).append(
                int(max(nums, key=lambda w: w[2])[4]))
            if want_sheets and target != sheet_of.get(ids[0]):
                fault("gazetteer link of %s goes to page %s, its sheet is "
                      "on %s" % (ids[0], target, sheet_of.get(ids[0])))
    for kid, pages in sorted(listed.items()):
        if len(pages) != 2:
            fault("%s listed %d times in the gazetteers" % (kid, len(pages)))
        if want_sheets:
            for page in pages:
                if page != sheet_of.get(kid):
                    fault("gazetteer gives page %d for %s, its sheet is on "
                          "page %s" % (page, kid, sheet_of.get(kid)))
    if want_sheets and set(listed) != set(sheet_of):
        fault("sheets without an entry: %s; entries without a sheet: %s" %
              (sorted(set(sheet_of) - set(listed))[:5],
               sorted(set(listed) - set(sheet_of))[:5]))
    return len(listed)


def upper_first(name, az):
    """A name's first letter in capitals, the Azerbaijani way (i -> İ,
    ı -> I) or the English one."""
    c = name[:1]
    if az and c == "i":
        return "İ"
    if c == "ı":
        return "I"
    return c.upper()


def gazetteer_items(lines):
    """A gazetteer page's headings and entries in reading order: ("head",
    letter) for a line that is one capital letter, ("entry", name) for a
    line "name · district" (its page number is a line of its own; the line
    under it, "id · coordinates · map page", is passed over)."""
    items = []
    for ln in lines:
        texts = [w[4] for w in ln]
        if KID.fullmatch(texts[0]):
            continue  # the line of id, coordinates and map page
        if len(ln) == 1 and len(texts[0]) == 1 and texts[0].isupper():
            items.append((ln[0][0], ln[0][1], "head", texts[0]))
        else:
            dot = [i for i, t in enumerate(texts) if t.startswith("·")]
            if dot and dot[0] > 0:
                items.append((ln[0][0], ln[0][1], "entry",
                              " ".join(texts[:dot[0]])))
    # columns by their left edge (a heading starts where its entries do)
    lefts = sorted({round(x) for x, _, _, _ in items})
    cols = []
    for x in lefts:
        if not cols or x - cols[-1] > 20:
            cols.append(x)

    def col(x):
        return max(i for i, c in enumerate(cols) if round(x) >= c - 20)
    return [(kind, text) for _, _, kind, text in
            sorted(items, key=lambda it: (col(it[0]), it[1]))]


def check_gazetteer_headings(pdf, heads, texts):
    """Letter headings before the first name of each letter, in the
    order of the gazetteer's alphabet; the number of headings checked."""
    pages = bbox_pages(pdf)
    lists = {True: [], False: []}
    for i, h in enumerate(heads):
        if h[0] == GAZETTEER:
            az = "(Azerbaijani alphabetical order)" in texts[i]
            lists[az] += [(i + 1,) + it for it in gazetteer_items(pages[i][2])]
    n = 0
    for az, items in lists.items():
        alphabet = AZ_ALPHABET if az else EN_ALPHABET
        what = "Azerbaijani" if az else "English"
        prev = None  # the letter of the entry before
        letters = []
        for j, (p, kind, text) in enumerate(items):
            before = items[j - 1] if j > 0 else None
            if kind == "head":
                n += 1
                letters.append(text)
                nxt = items[j + 1] if j + 1 < len(items) else None
                if not nxt or nxt[1] != "entry" or \
                        upper_first(nxt[2], az) != text:
                    fault("%s gazetteer, page %d: heading %r not before "
                          "the first name in %s" % (what, p, text, text))
                continue
            letter = upper_first(text, az)
            headed = before is not None and before[1] == "head"
            if letter != prev and not headed:
                fault("%s gazetteer, page %d: no heading %r before %r" %
                      (what, p, letter, text))
            elif letter == prev and headed:
                fault("%s gazetteer, page %d: heading %r inside the "
                      "names in %s (before %r)" %
                      (what, p, before[2], letter, text))
            prev = letter
        low = [(c.replace("I", "ı").replace("İ", "i") if az else c).lower()
               for c in letters]
        rank = [alphabet.index(c) if c in alphabet else 100 + ord(c)
                for c in low]
        if rank != sorted(set(rank)):
            fault("%s gazetteer: headings %s, not in alphabetical order"
                  % (what, " ".join(letters[:60])))
    if (lists[True] or lists[False]) and not (lists[True] and lists[False]):
        fault("gazetteer pages in %d orders, expected both" %
              sum(1 for v in lists.values() if v))
    return n


def check_sheet_bookmarks(doc, heads, texts, sheet_of):
    """The districts under the sheets' outline entry, checked against the
    districts' part of the outline and the district tables: the ids on the
    pages headed by a district's name that are not sheet pages."""
    sheets = [o for o in doc.outlines if o.get("title") == SHEETS]
    if len(sheets) != 1:
        fault("%d outline entries %r" % (len(sheets), SHEETS))
        return 0
    kids = sheets[0].get("kids", [])

    def ids_of(title):
        ids = set()
        for i, h in enumerate(heads):
            if h[0] != SHEETS and title_matches(title, h[0]):
                ids |= set(KID.findall(texts[i]))
        return ids & set(sheet_of)

    # the districts with sheets, from the districts' part of the outline
    want = {}
    for o in doc.outlines:
        if o.get("title") == SHEETS:
            continue
        for region in o.get("kids", []):
            for d in region.get("kids", []):
                ids = ids_of(d.get("title", ""))
                if ids:
                    want[d["title"]] = min(sheet_of[i] for i in ids)
    if not want:
        print("no district tables: the sheets' districts are not checked")
        return len(kids)
    got = {}
    for k in kids:
        title, page = k.get("title", ""), k.get("destpageposfrom1")
        got[title] = page
        if title not in want:
            fault("sheets outline entry %r: no district with sheets" % title)
        elif page != want[title]:
            fault("sheets outline entry %r goes to page %s, the district's "
                  "first sheet is on page %d" % (title, page, want[title]))
    for title in sorted(set(want) - set(got)):
        fault("district %r has sheets from page %d, no entry under %r" %
              (title, want[title], SHEETS))
    pages = [k.get("destpageposfrom1") or 0 for k in kids]
    if pages != sorted(pages):
        fault("the sheets' district entries are not in page order: %s" %
              pages)
    return len(kids)


def main():
    args = sys.argv[1:]
    want_pages = None
    want_sheets = False
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--pages":
            want_pages = int(args.pop(0))
        elif opt == "--sheets":
            want_sheets = True
        else:
            sys.exit("check_atlas.py: unknown option " + opt)
    pdf = args[0]
    doc = Doc(pdf)
    texts = page_texts(pdf)
    words = page_words(pdf)
    heads = [headings(t) for t in texts]
    height = float(doc.obj(doc.page_objs[0])["/MediaBox"][3])
    if len(texts) != len(doc.page_objs) or len(words) != len(texts):
        fault("pdftotext reads %d pages, qpdf %d" %
              (len(texts), len(doc.page_objs)))
    if want_pages is not None and len(doc.page_objs) != want_pages:
        fault("%d pages, expected %d" % (len(doc.page_objs), want_pages))
    n_out = check_outline(doc, heads)
    n_con = check_contents(doc, heads, words, height)
    n_gaz = check_gazetteer(doc, heads, texts, words, height, want_sheets)
    n_head = check_gazetteer_headings(pdf, heads, texts)
    n_sb = 0
    if want_sheets:
        sheet_of = {}
        for i, h in enumerate(heads):
            if h[0] == SHEETS:
                for kid in set(KID.findall(texts[i])):
                    sheet_of[kid] = i + 1
        n_sb = check_sheet_bookmarks(doc, heads, texts, sheet_of)
    print("%d pages, %d outline entries, %d contents links, %d kahrizes in "
          "the gazetteers under %d letter headings, %d districts under the "
          "sheets, %d faults" %
          (len(texts), n_out, n_con, n_gaz, n_head, n_sb, len(faults)))
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
