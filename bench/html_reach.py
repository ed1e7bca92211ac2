#!/usr/bin/env python3
"""Everything on a scan page can be reached: rule groups, clusters, compares.

usage: bench/html_reach.py PAGE.html

On a page written by `scan -f html` (say of ../shared/corpus), in
headless Chromium driven through chromedriver:
- the rule inventory is walked with its pager (button.next to the end),
  and the distinct rows seen must be every shared rule group in the
  page's data, each once;
- every cluster's view is opened, and every role group's;
- every compare the pairs view offers (each link, each cluster member
  with its canonical) is opened and must show its two sides;
all without a script error. The page's data is read here from the file
(base64, zlib, JSON) for the counts to reach. Not part of the tests: on
the corpus it takes minutes.
"""
import base64
import json
import os
import re
import sys
import time
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'tests', 'html'))
import adpage  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def page_data(path):
    with open(path, encoding='utf-8') as f:
        html = f.read()
    m = re.search(r'<script type="application/octet-stream" id="ad-data"'
                  r'[^>]*>([^<]*)</script>', html)
    raw = zlib.decompress(base64.b64decode(re.sub(r'\s+', '', m.group(1))))
    return json.loads(raw.decode('utf-8'))


def pairs_of(d):
    """The pairs the pairs view offers: links, then members not linked
    to their canonical."""
    L = d['links']
    out = list(zip(L['a'], L['b']))
    linked = set(frozenset(p) for p in out)
    for c in d['clusters']:
        for m in c['m'][1:]:
            if frozenset((c['m'][0], m)) not in linked:
                out.append((c['m'][0], m))
    return out


def walk_inventory(b, c):
    b.go('#inventory')
    seen, pages = [], 0
    t = time.time()
    while True:
        seen += b.rows('inventory') or []
        pages += 1
        nxt = b.driver.find_elements(
            By.CSS_SELECTOR, 'section#inventory nav.pager button.next')
        if not nxt or not nxt[0].is_enabled():
            break
        before = b.hash()
        b.js('arguments[0].click();', nxt[0])
        adpage.wait(lambda: b.hash() != before, 10)
    return seen, pages, time.time() - t


def visit(b, hashes, check):
    """Open each hash; CHECK (a JS expression) must hold in each. Return
    the hashes where it did not, and the time taken."""
    bad = []
    t = time.time()
    for h in hashes:
        shown = b.go(h, timeout=20)
        if not shown or not b.js('return ' + check + ';'):
            bad.append(h)
    return bad, time.time() - t


def main():
    page = sys.argv[1]
    d = page_data(page)
    ngroups = len(d['groups']['text'])
    c = adpage.Checks('html reach')
    b = adpage.Browser()
    try:
        t = time.time()
        c.eq('the page loads', b.load(page, timeout=300), 'ready')
        print('loaded in %.1f s' % (time.time() - t))
        seen, pages, secs = walk_inventory(b, c)
        print('inventory: %d pages walked in %.1f s' % (pages, secs))
        c.eq('every shared rule group reached through the pager, once',
             (len(set(seen)), len(seen)), (ngroups, ngroups))
        bad, secs = visit(b, ['#cluster?i=%d' % i
                              for i in range(len(d['clusters']))],
                          "!!document.querySelector('section#cluster h2')")
        print('%d clusters opened in %.1f s' % (len(d['clusters']), secs))
        c.eq('every cluster opens', bad, [])
        bad, secs = visit(b, ['#role?i=%d' % i for i in range(len(d['roles']))],
                          "!!document.querySelector('section#role h2')")
        print('%d role groups opened in %.1f s' % (len(d['roles']), secs))
        c.eq('every role group opens', bad, [])
        pairs = pairs_of(d)
        b.go('#pairs')
        c.eq('the pairs view lists every link and unlinked member',
             (b.count('pairs') or [None])[0], len(pairs))
        bad, secs = visit(b, ['#compare?a=%d&b=%d' % p for p in pairs],
                          "!!document.querySelector('section#compare "
                          ".compare .side.a') && !!document.querySelector("
                          "'section#compare .compare .side.b')")
        print('%d compares opened in %.1f s' % (len(pairs), secs))
        c.eq('every compare the pairs view offers opens', bad[:10], [])
        g = b.guard() or {}
        c.eq('no script error', g.get('errors'), [])
        c.eq('no JavaScript error in the console', b.errors()[:5], [])
    finally:
        b.quit()
    return c.status()


if __name__ == '__main__':
    sys.exit(main())
