#!/usr/bin/env python3
"""Print the data of a scan page as JSON.

    pagedata.py PAGE

PAGE is a page written by `agentdup scan -f html`. Its #ad-data element
holds the data JSON compressed in the zlib format, then base64-encoded
(doc/html-report.md); this prints the JSON, one line, as it was before
compression. Exit 1 when the element is missing or does not decode, or
its data-bytes is not the length of the JSON.
"""

import base64
import re
import sys
import zlib

OPEN = re.compile(r'<script type="application/octet-stream" id="ad-data" '
                  r'data-encoding="deflate-base64" data-bytes="(\d+)">')


def page_data(page):
    """The data JSON of a page's text, as bytes."""
    found = OPEN.search(page)
    if not found:
        raise ValueError("no #ad-data element")
    end = page.index("</script>", found.end())
    raw = zlib.decompress(base64.b64decode("".join(
        page[found.end():end].split())))
    if len(raw) != int(found.group(1)):
        raise ValueError("data-bytes %s, but %d bytes of JSON"
                         % (found.group(1), len(raw)))
    return raw


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: pagedata.py PAGE")
    with open(sys.argv[1], encoding="utf-8") as f:
        try:
            raw = page_data(f.read())
        except (ValueError, zlib.error) as e:
            sys.exit("pagedata: %s" % e)
    sys.stdout.write(raw.decode("utf-8"))


if __name__ == "__main__":
    main()
