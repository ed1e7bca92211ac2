#!/usr/bin/env python3
"""Size and load time of the scan page, side by side with a blank page.

usage: bench/html_load.py [--rounds N] [--out DIR] [--label NAME=BIN]...
                          [COLLECTION]

Builds nothing: each --label NAME=BIN is an agentdup binary (say
old=build-main/agentdup for the page before issue 16, new=build/agentdup)
that writes `scan -f html` of COLLECTION (default ../shared/corpus) into
DIR. Each page, and a blank page, is then opened N times (default 5) in
one headless Chromium driven through chromedriver, the pages taking turns
so that a change in the machine's load falls on all of them alike; each
time the navigation's end (the load event's end) and the moment the body
says data-ready="1" (the page's script has drawn its first view) are
read from the page's own clock, from the start of the navigation. Prints
the pages' sizes and the medians (and the spread) as a table.
Not part of the tests: it needs minutes and the corpus.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'tests', 'html'))
import adpage  # noqa: E402

BLANK = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
         '<title>blank</title></head><body data-ready="1"></body></html>\n')


def write_pages(labels, collection, out):
    pages = [('blank', os.path.join(out, 'blank.html'))]
    with open(pages[0][1], 'w', encoding='utf-8') as f:
        f.write(BLANK)
    for name, binary in labels:
        page = os.path.join(out, name + '.html')
        t = time.time()
        subprocess.run([binary, 'scan', '-q', '-f', 'html', '-o', page,
                        collection], check=False)
        print('%s: scan -f html wrote %s in %.1f s' % (name, page,
                                                      time.time() - t),
              file=sys.stderr)
        pages.append((name, page))
    return pages


def one_load(b, page, timeout=120):
    """[navigation end, data-ready] in ms for one load of PAGE."""
    b.load(page, timeout=timeout)
    nav = b.js("var e = performance.getEntriesByType('navigation')[0];"
               "return e ? e.loadEventEnd : null;")
    g = b.guard() or {}
    ready = g.get('ready')
    if ready is None and b.js("return document.body.getAttribute("
                              "'data-ready') === '1';"):
        ready = nav  # ready as parsed (the blank page)
    return nav, ready, g.get('errors') or []


def fmt_ms(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return '-'
    return '%.0f (%.0f–%.0f)' % (statistics.median(xs), min(xs), max(xs))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[1])
    ap.add_argument('collection', nargs='?', default='../shared/corpus')
    ap.add_argument('--label', action='append', default=[],
                    help='NAME=BINARY, a page to measure (repeatable)')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--out', default='/tmp/agentdup-html-load')
    args = ap.parse_args()
    labels = [tuple(x.split('=', 1)) for x in args.label]
    os.makedirs(args.out, exist_ok=True)
    pages = write_pages(labels, args.collection, args.out)
    times = {name: ([], []) for name, _ in pages}
    errors = {}
    b = adpage.Browser(guard=True)
    try:
        for r in range(args.rounds):
            for name, page in pages:
                nav, ready, errs = one_load(b, page)
                times[name][0].append(nav)
                times[name][1].append(ready)
                if errs:
                    errors[name] = errs
                print('round %d %s: navigation end %s ms, ready %s ms' %
                      (r + 1, name, nav and round(nav),
                       ready and round(ready)), file=sys.stderr)
    finally:
        b.quit()
    print('%s, %d rounds; load at the end: %s' % (
        args.collection, args.rounds, os.getloadavg()))
    print('%-8s %12s %24s %24s' % ('page', 'bytes', 'navigation end ms',
                                   'interactive ms'))
    for name, page in pages:
        print('%-8s %12s %24s %24s' % (
            name, '{:,}'.format(os.path.getsize(page)),
            fmt_ms(times[name][0]), fmt_ms(times[name][1])))
    print('(median, then lowest–highest)')
    for name, errs in errors.items():
        print('%s: script errors: %s' % (name, errs[:3]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
