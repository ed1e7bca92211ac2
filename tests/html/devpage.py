#!/usr/bin/env python3
"""Swap the script and style of a written scan page for the app's files.

    devpage.py PAGE APPDIR OUT

PAGE is a page written by `agentdup scan -f html`. OUT gets the same page
with the body of its one <script nonce=...> replaced by APPDIR's
core, table, views, compare, overview and main .js (in that order, missing
files skipped) inside one strict IIFE, and the body of its one <style> by
APPDIR's base, compare and overview .css. The nonce stays: the page's CSP
checks the nonce, not the script's text, so the JS and CSS can be worked
on without rebuilding the binary.
"""

import os
import re
import sys

JS = ("core", "table", "views", "compare", "overview", "main")
CSS = ("base", "compare", "overview")


def gather(appdir, names, ext):
    parts = []
    for name in names:
        path = os.path.join(appdir, name + ext)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                parts.append(f.read())
    return "\n".join(parts)


def swap(page, open_re, close, body):
    """Replace the text between the one match of open_re and close."""
    found = list(re.finditer(open_re, page))
    if len(found) != 1:
        sys.exit("devpage: expected one %s, found %d" % (open_re, len(found)))
    start = found[0].end()
    end = page.find(close, start)
    if end < 0:
        sys.exit("devpage: %s is not closed" % open_re)
    return page[:start] + body + page[end:]


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: devpage.py PAGE APPDIR OUT")
    page_path, appdir, out = sys.argv[1:]
    with open(page_path, encoding="utf-8") as f:
        page = f.read()
    script = ("(function () {\n'use strict';\n" + gather(appdir, JS, ".js")
              + "\n})();")
    page = swap(page, r'<script nonce="[^"]*">', "</script>", script)
    page = swap(page, r"<style>", "</style>", gather(appdir, CSS, ".css"))
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
