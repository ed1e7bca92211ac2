#!/usr/bin/env python3
"""Screenshots of every view of a scan page, wide and narrow, light and dark.

usage: bench/html_shots.py PAGE.html OUTDIR [HEIGHT]

For each view (the nine lists of the nav, then one agent, one cluster,
one role group and one compare, picked from the page's data), at 1400
and 800 px wide, in the light and the dark theme (the system's colour
scheme emulated through the DevTools protocol, as prefers-color-scheme
reads it), writes OUTDIR/VIEW-WIDTH-THEME.png: the top of the page down
to HEIGHT px (default 2400), beyond the window when the page is longer.
"""
import base64
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'tests', 'html'))
import adpage  # noqa: E402
from html_reach import page_data  # noqa: E402

LISTS = ['overview', 'clusters', 'roles', 'templates', 'inventory', 'agents',
         'pairs', 'collisions', 'problems']


def details(d):
    """One agent (the one with the most links), the largest cluster and
    role group, and the cluster member least like its canonical compared
    with it (the compare with the most to show)."""
    out = []
    links = d['links']
    count = {}
    for a in links['a'] + links['b']:
        count[a] = count.get(a, 0) + 1
    if count:
        out.append(('agent', '#agent?i=%d' % max(count, key=count.get)))
    if d['clusters']:
        c = max(range(len(d['clusters'])),
                key=lambda i: len(d['clusters'][i]['m']))
        out.append(('cluster', '#cluster?i=%d' % c))
        far = min(((cl['s'][k], cl['m'][0], cl['m'][k])
                   for cl in d['clusters'] for k in range(1, len(cl['m']))))
        out.append(('compare', '#compare?a=%d&b=%d' % far[1:]))
    if d['roles']:
        r = max(range(len(d['roles'])), key=lambda i: len(d['roles'][i]['m']))
        out.append(('role', '#role?i=%d' % r))
    return out


def shot(b, path, height):
    """The page from its top, HEIGHT px at most, into PATH."""
    full = b.js('return Math.max(document.documentElement.scrollHeight,'
                ' window.innerHeight);')
    width = b.js('return document.documentElement.clientWidth;')
    png = b.cdp('Page.captureScreenshot', {
        'format': 'png', 'captureBeyondViewport': True,
        'clip': {'x': 0, 'y': 0, 'width': width,
                 'height': min(full, height), 'scale': 1}})
    with open(path, 'wb') as f:
        f.write(base64.b64decode(png['data']))


def main():
    page, out = sys.argv[1], sys.argv[2]
    height = int(sys.argv[3]) if len(sys.argv) > 3 else 2400
    os.makedirs(out, exist_ok=True)
    views = [(v, '#' + v) for v in LISTS] + details(page_data(page))
    b = adpage.Browser(guard=False)
    try:
        for dark in (False, True):
            b.theme(dark)
            for width in (1400, 800):
                b.size(width, 1000)
                state = b.load(page, timeout=300)
                if state != 'ready':
                    print('%s: %s' % (page, state))
                    return 1
                for name, h in views:
                    b.go(h, timeout=30)
                    b.js('window.scrollTo(0, 0);')
                    path = os.path.join(out, '%s-%d-%s.png' % (
                        name, width, 'dark' if dark else 'light'))
                    shot(b, path, height)
                    print(path)
    finally:
        b.quit()
    return 0


if __name__ == '__main__':
    sys.exit(main())
