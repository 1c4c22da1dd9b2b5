"""check_report: structure of the HTML report, for make check.

usage: python3 tests/check_report.py REPORT.html
Fails unless the page is well formed (every element closed in order),
has the sections people read (overview, lanes per destination, reasons,
flags, value totals, value against thresholds, rules used) with at least one inline
SVG chart, and refers to nothing outside itself (no scripts, no src or
href attributes, no url(), no http).
"""
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col",
        "embed", "source", "track", "wbr"}
SVG_EMPTY = {"rect", "line", "path", "circle", "polyline", "polygon"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids, self.tags = [], [], set(), {}

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            if k in ("src", "href", "xlink:href", "action", "formaction"):
                self.errors.append("attribute %s=%r refers outside" % (k, v))
            if k == "id":
                self.ids.add(v)
        if tag == "script":
            self.errors.append("a script element")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append("unexpected </%s> at line %d" % (tag, self.getpos()[0]))
            return
        self.stack.pop()


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    c = Checker()
    c.feed(text)
    c.close()
    errs = list(c.errors)
    if not text.startswith("<!DOCTYPE html>"):
        errs.append("no <!DOCTYPE html>")
    for tag, pos in c.stack:
        errs.append("<%s> at line %d never closed" % (tag, pos[0]))
    for need in ("overview", "lanes", "reasons", "flags", "totals", "values",
                 "rules"):
        if need not in c.ids:
            errs.append("no section id=%r" % need)
    if c.tags.get("svg", 0) < 1:
        errs.append("no inline SVG chart")
    low = text.lower()
    for bad in ("http:", "https:", "url(", "@import", "//cdn"):
        if bad in low:
            errs.append("refers outside: %r" % bad)
    for e in errs:
        print("check_report: %s: %s" % (sys.argv[1], e), file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
