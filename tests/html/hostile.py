"""The scan page of the hostile fixture stays inert in every view.

usage: hostile.py AGENTDUP FIXTURES_DIR WORK_DIR

Its agents carry <script> and <img onerror> in names, descriptions,
headings and rules, javascript: links, reversed text and over-long lines.
Every view is visited (each list, each agent, cluster and role group,
every compare the page offers) and searched with the hostile words; in
none may a script from the data run (the title stays the page's, no
data-pwned on the body, no dialog), an element that runs or loads
anything appear (the guard in adpage.py watches every node added), or
the Content-Security-Policy be violated; the markup must show as text.
"""
import os
import sys

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

import adpage
import known

VIEWS = ['overview', 'clusters', 'roles', 'templates', 'inventory', 'agents',
         'pairs', 'collisions', 'problems']
SCRIPT = "<script>document.title='PWNED'</script>"


def inert(b):
    """What a hostile page must not have done, as a tuple of findings."""
    g = b.guard() or {}
    return (b.driver.title.find('PWNED') >= 0,
            b.js("return document.body.hasAttribute('data-pwned');"),
            b.js("return document.getElementsByTagName('img').length;"),
            g.get('nodes'), g.get('violations'), g.get('dialogs'))


CLEAN = (False, False, 0, [], [], 0)


def main():
    agentdup, fixtures, work = sys.argv[1:4]
    page = adpage.scan_page(agentdup, fixtures, 'hostile',
                            os.path.join(work, 'hostile.html'))
    k = known.report(agentdup, fixtures, ['hostile'],
                     os.path.join(work, 'hostile.json'))
    c = adpage.Checks('html hostile')
    with open(page, encoding='utf-8') as f:
        written = f.read()
    # the data is compressed and base64-encoded: none of it is readable
    c.ok('no hostile text in the page as written', 'PWNED' not in written
         and '<img' not in written)
    b = adpage.Browser()
    try:
        c.eq('the page\'s script ran', b.load(page), 'ready')
        c.eq('the shell has a section for each view', b.js(
            "return Array.prototype.map.call(document.querySelectorAll("
            "'main > section.view'), function (s) { return s.id; });"),
            VIEWS + ['agent', 'cluster', 'role', 'compare'])
        c.run('every view', visit_all, b, k, c)
        c.run('searches', search_all, b, c)
        c.run('markup as text', as_text, b, k, c)
        c.eq('no JavaScript error', b.errors(), [])
    finally:
        b.quit()
    return c.status()


def hashes(k):
    """Every view of the page and every item view it offers."""
    out = ['#' + v for v in VIEWS]
    out += ['#agent?i=%d' % i for i in range(len(k.agents))]
    out += ['#cluster?i=%d' % i for i in range(len(k.clusters))]
    out += ['#role?i=%d' % i for i in range(len(k.roles))]
    pairs = set(k.pairs)
    for m in k.clusters + k.roles:
        pairs |= {(m[0], x) for x in m[1:]}
    out += ['#compare?a=%d&b=%d' % p for p in sorted(pairs)]
    return out


def visit_all(b, k, c):
    for h in hashes(k):
        view = h[1:].split('?')[0]
        shown = b.go(h)
        c.ok('%s shows' % h, shown and b.current_view() == view)
        c.eq('%s is inert' % h, inert(b), CLEAN)
        c.ok('%s: the title is the page\'s' % h,
             b.driver.title.endswith(' – agentdup scan report'),
             b.driver.title)
    c.ok('a compare shows both sides', b.js(
        "return !!document.querySelector('section#compare .side.a') &&"
        " !!document.querySelector('section#compare .side.b');"))


def search_all(b, c):
    for view in ('agents', 'inventory', 'clusters', 'collisions'):
        for q in ('<script>', 'onerror="document', 'javascript:alert(1)'):
            b.go('#' + view)
            box = b.driver.find_element(
                By.CSS_SELECTOR, 'section#%s input.q' % view)
            box.click()
            ActionChains(b.driver).send_keys(q).perform()
            adpage.wait(lambda: b.params().get('q') == q, 5)
            c.eq('%s: search %r is inert' % (view, q), inert(b), CLEAN)


def as_text(b, k, c):
    i = [j for j, a in enumerate(k.agents)
         if a['path'].endswith('hostile-reviewer.md')][0]
    b.go('#agent?i=%d' % i)
    text = b.js("return document.getElementById('agent').textContent;")
    c.ok('an agent\'s <script> rule shows as text', SCRIPT in text)
    c.ok('its <img onerror> heading shows as text',
         '"><img src=x onerror=' in text)
    b.go('#agents?q=' + 'script')
    text = b.js("return document.getElementById('agents').textContent;")
    c.ok('a <script> name shows as text in the agents list', SCRIPT in text)
    b.go('#inventory')
    text = b.js("return document.getElementById('inventory').textContent;")
    c.ok('a shared <script> rule shows as text in the inventory',
         '<script>' in text)


if __name__ == '__main__':
    sys.exit(main())
