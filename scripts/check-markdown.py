#!/usr/bin/env python3
"""Renders a Markdown report with cmark-gfm (GitHub's renderer) and checks it is safe.

Usage: check-markdown.py FILE
Fails when a table row has a different number of cells than its header (counted in the source,
since GFM silently drops extra cells when rendering), or when the HTML has a script, an image,
an event-handler attribute, a javascript: URL, a link (reports contain none), or a raw HTML
element other than the <details>/<summary> the report uses itself. Raw HTML is rendered as is
(--unsafe, no tag filter), so anything the report failed to escape shows up.
"""
import re
import subprocess
import sys
from html.parser import HTMLParser

path = sys.argv[1]
source = open(path, encoding="utf-8").read()
html = subprocess.run(
    ["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "--unsafe", path],
    check=True, capture_output=True, text=True,
).stdout

# Cells per source row of each table: pipes not escaped by a backslash.
source_problems = []
table, in_fence = [], False
for number, line in enumerate(source.split("\n") + [""], 1):
    if line.startswith("```"):
        in_fence = not in_fence
    if not in_fence and line.startswith("|"):
        table.append((number, len(re.findall(r"(?<!\\)\|", line)) - 1))
    elif table:
        expected = table[0][1]
        for row, cells in table:
            if cells != expected:
                source_problems.append(f"line {row}: a table row of {cells} cells under a header of {expected}")
        table = []

ALLOWED = {"h1", "h2", "h3", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
           "strong", "em", "blockquote", "details", "summary", "input", "br", "del"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []
        self.tables = []
        self.row = None

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.problems.append(f"unexpected <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if value and "javascript:" in value.lower():
                self.problems.append(f"javascript: URL in <{tag} {name}>")
        if tag == "input" and dict(attrs).get("type") != "checkbox":
            self.problems.append("an <input> that is not a task-list checkbox")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = 0
        elif tag in ("td", "th") and self.row is not None:
            self.row += 1

    def handle_endtag(self, tag):
        if tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None


checker = Checker()
checker.feed(html)
checker.problems += source_problems
for index, rows in enumerate(checker.tables, 1):
    if len(set(rows)) != 1:
        checker.problems.append(f"table {index} has rows of {sorted(set(rows))} cells")
if "<script" in html.lower():
    checker.problems.append("a <script> survived")
if checker.problems:
    sys.exit("\n".join(sorted(set(checker.problems))))
print(f"ok: {len(checker.tables)} tables, {sum(len(t) for t in checker.tables)} rows")
