"""Drive the drift page in headless Chromium.

usage: drift.py AGENTDUP FIXTURES_DIR WORK_DIR

Three pages, each between two snapshots recorded here:
- drift/v1 to drift/v3: agents moved (one exactly, three edited, the
  tools or model of two changed) and added; the agents' list is searched,
  filtered by change and by tools/model, and the compare of an edited
  agent's two versions opened from its row and counted;
- drift-clusters/v1 to v2: a cluster formed, merged, split, dissolved and
  changed, and a member drifted away; each kind of cluster change is
  filtered for;
- the hostile fixture, then one file removed and one edited (its hostile
  rules reworded), under a label that is markup: every view is visited
  and searched, and nothing from the data may run or load, the title
  stays the page's, and the markup shows as text.
The answers come from `drift -f json` of the same snapshots.
"""
import json
import os
import shutil
import subprocess
import sys

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import adpage

SCRIPT = "<script>document.title='PWNED'</script>"
KINDS = ('moved', 'added', 'removed', 'changed')
TITLE = ' – agentdup drift report'


def record(agentdup, work, name, versions, span=()):
    """Snapshots of VERSIONS ([(label, folder)]) in a store of their own;
    the drift page and the drift as JSON between SPAN (default: the last
    two). Returns (page path, JSON report)."""
    db = os.path.join(work, name + '.db')
    for label, path in versions:
        subprocess.run([agentdup, 'snapshot', '-q', '--db', db, '--label',
                        label, path], check=True)
    page = os.path.join(work, name + '.html')
    out = os.path.join(work, name + '.json')
    args = ['--from', span[0], '--to', span[1]] if span else []
    subprocess.run([agentdup, 'drift', '--db', db, '-f', 'html', '-o', page] +
                   args, check=True)
    subprocess.run([agentdup, 'drift', '--db', db, '-f', 'json', '-o', out] +
                   args, check=True)
    with open(out, encoding='utf-8') as f:
        return page, json.load(f)


def hostile_v2(fixtures, work):
    """The hostile files again: one removed, one with its rules reworded."""
    v2 = os.path.join(work, 'v2')
    os.makedirs(v2, exist_ok=True)
    src = os.path.join(fixtures, 'hostile')
    shutil.copy(os.path.join(src, 'hostile-reviewer.md'), v2)
    with open(os.path.join(src, 'hostile-tester.md'), encoding='utf-8') as f:
        text = f.read()
    text = '\n'.join('- Also: ' + line[2:] if line.startswith('- ') else line
                     for line in text.split('\n'))
    text = text.replace('Writes tests', 'Writes more tests')
    with open(os.path.join(v2, 'hostile-tester.md'), 'w',
              encoding='utf-8') as f:
        f.write(text)
    return v2


def changes(r):
    """The agents with a change as the page numbers them: by kind, then
    path. [(kind, entry)]."""
    out = []
    for k in KINDS:
        out += [(k, e) for e in sorted(r[k], key=lambda e: e['path'])]
    return out


class Drift:
    def __init__(self, b, c):
        self.b = b
        self.c = c

    def load(self, page, what):
        self.c.eq(what + ': the page\'s script ran', self.b.load(page),
                  'ready')

    def count(self, view):
        return (self.b.count(view) or [None])[0]

    def wait_count(self, view, want):
        adpage.wait(lambda: self.count(view) == want, 5)
        return self.count(view)

    def type_in(self, view, text):
        box = self.b.driver.find_element(
            By.CSS_SELECTOR, 'section#%s input[type=search].q' % view)
        box.click()
        self.b.act(view, lambda: ActionChains(self.b.driver).send_keys(
            text).perform())

    def select(self, view, name, value):
        sel = self.b.driver.find_element(
            By.CSS_SELECTOR, 'section#%s select[name="%s"]' % (view, name))
        self.b.act(view, lambda: Select(sel).select_by_value(value))

    def agents(self, r):
        """The agents' list of the drift/v1 to v3 page."""
        ch = changes(r)
        self.b.go('#agents')
        self.c.eq('drift agents: every change listed', self.wait_count(
            'agents', len(ch)), len(ch))
        self.c.eq('drift agents: rows', sorted(self.b.rows('agents')),
                  list(range(len(ch))))
        for k in KINDS:
            want = [i for i, (kind, _) in enumerate(ch) if kind == k]
            if not want:
                continue
            self.b.go('#agents')
            self.select('agents', 'k', k)
            self.c.eq('drift agents: change %s' % k,
                      (self.wait_count('agents', len(want)),
                       sorted(self.b.rows('agents'))),
                      (len(want), want))
        self.b.go('#agents')
        self.type_in('agents', 'quality')
        want = [i for i, (_, e) in enumerate(ch)
                if 'quality' in e['path'] + '\n' + (e.get('from') or '')]
        self.c.eq('drift agents: search "quality"',
                  (self.wait_count('agents', len(want)),
                   sorted(self.b.rows('agents'))), (len(want), want))
        self.c.eq('drift agents: the search is in the URL',
                  self.b.params().get('q'), 'quality')
        want = [i for i, (_, e) in enumerate(ch)
                if any(f.get('flagged') for f in e.get('frontmatter') or [])]
        self.b.go('#agents?flag=1')
        self.c.eq('drift agents: #agents?flag=1 keeps tools or model changed',
                  (self.wait_count('agents', len(want)),
                   sorted(self.b.rows('agents'))), (len(want), want))

    def compare(self, r):
        """The two versions of the edited agent with the most rule changes,
        opened from its row."""
        ch = changes(r)
        i = max(range(len(ch)), key=lambda j: len(ch[j][1].get('rules')
                                                  or []))
        ops = [x['op'] for x in ch[i][1]['rules']]
        self.b.go('#agents')
        link = self.b.driver.find_element(
            By.CSS_SELECTOR, 'section#agents tr[data-i="%d"] '
            'a[href^="#compare"]' % i)
        self.b.act('compare', link.click)
        # the versions may come in a chunk of their own, decoded on demand
        adpage.wait(lambda: self.b.js(
            "return !!document.querySelector('section#compare .compare "
            ".side.b') && !document.querySelector('section#compare "
            "p.loading');"), 10)
        got = self.b.js(
            "var s = document.getElementById('compare');"
            "function n(c) { return s.querySelectorAll(c).length; }"
            "return [n('.compare .side.a'), n('.compare .side.b'),"
            " n('tr.row.reworded'), n('tr.row.only-a'), n('tr.row.only-b'),"
            " n('table.fm-diff')];")
        what = 'drift compare of %s' % ch[i][1]['path']
        self.c.ok(what + ': both sides', got[0] >= 1 and got[1] >= 1, got)
        self.c.eq(what + ': rules reworded, removed, added',
                  tuple(got[2:5]), (ops.count('~'), ops.count('-'),
                                    ops.count('+')))
        self.c.eq(what + ': a frontmatter table when a value changed',
                  got[5], 1 if ch[i][1].get('frontmatter') else 0)

    def clusters(self, r):
        cl = r['clusters']
        n = len(cl['changes'])
        self.b.go('#clusters')
        self.c.eq('drift clusters: every cluster change listed',
                  self.wait_count('clusters', n), n)
        for kind in sorted({x['change'] for x in cl['changes']}):
            want = [j for j, x in enumerate(cl['changes'])
                    if x['change'] == kind]
            self.b.go('#clusters')
            self.select('clusters', 'ck', kind)
            self.c.eq('drift clusters: change %s' % kind,
                      self.wait_count('clusters', len(want)), len(want))
        self.b.go('#away')
        self.c.eq('drift: every member drifted away listed',
                  self.wait_count('away', len(cl['away'])), len(cl['away']))

    def inert(self, what):
        g = self.b.guard() or {}
        self.c.eq(what + ' is inert',
                  (self.b.driver.title.find('PWNED') >= 0,
                   self.b.js("return document.body.hasAttribute("
                             "'data-pwned');"),
                   self.b.js("return document.getElementsByTagName('img')"
                             ".length;"),
                   g.get('nodes'), g.get('violations'), g.get('dialogs')),
                  (False, False, 0, [], [], 0))
        self.c.ok(what + ': the title is the page\'s',
                  self.b.driver.title.endswith(TITLE), self.b.driver.title)

    def hostile(self, r):
        ch = changes(r)
        views = ['#overview', '#agents', '#clusters', '#away']
        views += ['#compare?i=%d' % i for i in range(len(ch))]
        for h in views:
            self.b.go(h)
            if h.startswith('#compare'):
                adpage.wait(lambda: self.b.js(
                    "return !document.querySelector('section#compare "
                    "p.loading');"), 10)
            self.inert('drift ' + h)
        for q in ('<script>', 'onerror', 'tester'):
            self.b.go('#agents')
            self.type_in('agents', q)
            self.inert('drift agents: search %r' % q)
        text = ''
        for h in views:
            self.b.go(h)
            text += self.b.js('return document.getElementById(arguments[0])'
                              '.textContent;', h[1:].split('?')[0])
        self.c.ok('drift: a label\'s markup shows as text', '<b>one</b>' in
                  self.b.js('return document.body.textContent;'))
        self.c.ok('drift: a rule\'s markup shows as text', SCRIPT in text)
        self.c.ok('drift: a name\'s markup shows as text', '"><img src=x'
                  in text)


def main():
    agentdup, fixtures, work = sys.argv[1:4]
    c = adpage.Checks('html drift')
    fx = fixtures
    page_a, ra = record(agentdup, work, 'versions', [
        (v, os.path.join(fx, 'drift', v)) for v in ('v1', 'v2', 'v3')],
        ('v1', 'v3'))
    page_b, rb = record(agentdup, work, 'clusters', [
        (v, os.path.join(fx, 'drift-clusters', v)) for v in ('v1', 'v2')])
    page_c, rc = record(agentdup, work, 'hostile', [
        ('<b>one</b>', os.path.join(fx, 'hostile')),
        ('two', hostile_v2(fx, work))])
    b = adpage.Browser()
    d = Drift(b, c)
    try:
        d.load(page_a, 'drift/v1 to v3')
        c.run('drift agents', d.agents, ra)
        c.run('drift compare', d.compare, ra)
        d.load(page_b, 'drift-clusters/v1 to v2')
        c.run('drift clusters', d.clusters, rb)
        d.load(page_c, 'hostile drift')
        c.ok('the timeline is drawn',
             b.js("return !!document.querySelector('svg.chart');"))
        c.run('drift hostile', d.hostile, rc)
        c.eq('no JavaScript error', b.errors(), [])
    finally:
        b.quit()
    return c.status()


if __name__ == '__main__':
    sys.exit(main())
