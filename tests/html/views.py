"""Drive every view of the scan page of tests/fixtures in headless Chromium.

usage: views.py AGENTDUP FIXTURES_DIR WORK_DIR

The collection is the whole fixtures folder (180 agents or so: clusters,
role groups, template families, shared rule groups with house style,
collisions of every kind, routing groups, problems, a hostile agent), so
that the agents and the rule inventory run over several pages. Each list
view is typed into, filtered, sorted and paged, and the rows it shows are
counted against the answers known.py works out from the JSON report of
the same scan. Then links that carry a filter, compares opened from a
cluster and from the pairs view, and the keys.
"""
import os
import sys

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

import adpage
import known

PAGE = 100  # rows a list page shows (table.js)

VIEWS = ['overview', 'clusters', 'roles', 'templates', 'inventory', 'agents',
         'pairs', 'collisions', 'problems']


class Suite:
    def __init__(self, b, k, page):
        self.b = b
        self.k = k
        self.page = page
        self.c = adpage.Checks('html views')
        self.guards = []

    def keep_guard(self):
        """What the guard saw in the document about to be left."""
        g = self.b.guard()
        if g:
            self.guards.append(g)

    # ---- helpers ----

    def open(self, hash_=''):
        self.keep_guard()
        state = self.b.load(self.page, hash_)
        if state != 'ready':
            raise RuntimeError('page ' + hash_ + ': ' + state)

    def show(self, view, params=''):
        h = '#' + view + (('?' + params) if params else '')
        if not self.b.go(h):
            raise RuntimeError('view %s did not show' % h)

    def wait_count(self, view, want, timeout=5):
        """Wait until the view's count says WANT; return the rows then."""
        adpage.wait(lambda: (self.b.count(view) or [None])[0] == want,
                    timeout)
        return self.b.rows(view)

    def type_in(self, view, text):
        """Click the view's search box and type, as a person would; wait
        until the list is drawn again."""
        box = self.b.driver.find_element(
            By.CSS_SELECTOR, 'section#%s input[type=search].q' % view)
        box.click()
        self.b.act(view, lambda: ActionChains(self.b.driver).send_keys(
            text).perform())

    def clear_search(self, view):
        self.type_in(view, Keys.ESCAPE)

    def select(self, view, name, text):
        """Choose the option whose label is TEXT in the filter NAME."""
        sel = self.b.driver.find_element(
            By.CSS_SELECTOR, 'section#%s select[name="%s"]' % (view, name))
        self.b.act(view, lambda: Select(sel).select_by_visible_text(text))

    def number(self, view, name, value):
        box = self.b.driver.find_element(
            By.CSS_SELECTOR, 'section#%s input[name="%s"]' % (view, name))
        box.click()
        self.b.act(view, lambda: ActionChains(self.b.driver).send_keys(
            str(value), Keys.TAB).perform())

    def click(self, css, view=None):
        """Click the element CSS; when it leads to VIEW (or redraws the
        current view), wait until that is drawn."""
        el = self.b.driver.find_element(By.CSS_SELECTOR, css)
        self.b.driver.execute_script(
            'arguments[0].scrollIntoView({block: "center"});', el)
        self.b.act(view or self.b.current_view(), el.click)

    def list_shows(self, what, view, want, exact_order=False):
        """The view's count and its first page against the items WANT."""
        rows = self.wait_count(view, len(want))
        c = self.b.count(view) or [None]
        self.c.eq(what + ': count', c[0], len(want))
        if exact_order:
            self.c.eq(what + ': rows in order', rows, list(want)[:PAGE])
        elif len(want) <= PAGE:
            self.c.eq(what + ': rows', sorted(rows or []), sorted(want))
        else:
            self.c.ok(what + ': a full page of wanted rows',
                      len(rows) == PAGE and set(rows) <= set(want),
                      'got %d rows' % len(rows or []))

    # ---- the checks ----

    def load(self):
        self.open()
        b = self.b
        self.c.eq('the page opens at the overview', b.current_view(),
                  'overview')
        tabs = b.js("return Array.prototype.map.call(document.querySelectorAll"
                    "('nav a[data-view]'), function (a) {"
                    " return a.getAttribute('data-view'); });")
        self.c.eq('the nav has the views in order', tabs, VIEWS)
        self.c.ok('the title is the page\'s', b.driver.title.endswith(
            'agentdup scan report'), b.driver.title)

    def every_view(self):
        for v in VIEWS:
            self.show(v)
            cur = self.b.js("var a = document.querySelector('nav a"
                            "[aria-current=page]'); return a ? "
                            "a.getAttribute('data-view') : null;")
            self.c.eq('#%s shows, its tab current' % v,
                      (self.b.current_view(), cur), (v, v))

    def agents(self):
        k, n = self.k, len(self.k.agents)
        self.show('agents')
        self.list_shows('agents', 'agents', range(n))
        # a word in paths, names and descriptions; then two words
        for q in ('backend', 'drift v2', 'reviewer', 'PostgreSQL',
                  'zzz-no-such-agent'):
            self.show('agents')
            self.type_in('agents', q)
            want = k.agents_where(q, ('path', 'name', 'description'), words=True)
            self.list_shows('agents: search %r' % q, 'agents', want)
            self.c.eq('agents: search %r is in the URL' % q,
                      self.b.params().get('q'), q)
        self.clear_search('agents')
        self.list_shows('agents: Esc clears the search', 'agents', range(n))

    def agent_filters(self):
        k, n = self.k, len(self.k.agents)
        self.show('agents')
        self.select('agents', 'src', 'backend')
        self.list_shows('agents: source backend', 'agents',
                        [i for i in range(n) if k.src(i) == 'backend'])
        self.select('agents', 'kind', 'skill')
        self.list_shows('agents: source backend, kind skill', 'agents', [])
        self.select('agents', 'src', 'any source')
        self.list_shows('agents: kind skill', 'agents',
                        [i for i in range(n) if k.agents[i]['kind'] == 'skill'])
        self.show('agents', 'cl=1')
        in_cluster = sorted({i for m in k.clusters for i in m})
        self.list_shows('agents: in a cluster', 'agents', in_cluster)
        self.show('agents', 'rg=1&cl=0')
        roles = {i for m in k.roles for i in m}
        self.list_shows('agents: in a role group, in no cluster', 'agents',
                        sorted(roles - set(in_cluster)))

    def agent_sort(self):
        k, n = self.k, len(self.k.agents)
        self.show('agents')
        rules = [a['rules'] for a in k.agents]
        self.click('section#agents th button[name="sort-rules"]')
        adpage.wait(lambda: self.b.params().get('sort') == 'rules', 5)
        rows = self.b.rows('agents')
        want = sorted(rules, reverse=True)[:PAGE]
        self.c.eq('agents: sorted by rules, most first',
                  [rules[i] for i in rows], want)
        self.click('section#agents th button[name="sort-rules"]')
        adpage.wait(lambda: self.b.params().get('dir') == 'asc', 5)
        rows = self.b.rows('agents')
        self.c.eq('agents: sorted by rules, fewest first',
                  [rules[i] for i in rows], sorted(rules)[:PAGE])
        self.click('section#agents th button[name="sort-path"]')
        adpage.wait(lambda: self.b.params().get('sort') == 'path', 5)
        paths = sorted(range(n), key=lambda i: k.path(i).lower())
        self.c.eq('agents: sorted by path', self.b.rows('agents'),
                  paths[:PAGE])

    def agent_pages(self):
        n = len(self.k.agents)
        self.show('agents')
        seen, pages = self.walk_pages('agents')
        self.c.eq('agents: every agent on one page or another, once',
                  (sorted(seen), len(seen)), (list(range(n)), n))
        self.c.eq('agents: pages', pages, (n + PAGE - 1) // PAGE)
        if pages > 1:
            self.show('agents', 'page=2')
            self.click('section#agents nav.pager button[data-page="1"]')
            adpage.wait(lambda: 'page' not in self.b.params(), 5)
            self.c.eq('agents: page 1 again', self.b.rows('agents'),
                      list(range(min(n, PAGE))))

    def walk_pages(self, view):
        """Follow button.next to the end: the rows seen, the pages."""
        seen, pages = [], 0
        while True:
            rows = self.b.rows(view) or []
            seen += rows
            pages += 1
            nxt = self.b.driver.find_elements(
                By.CSS_SELECTOR, 'section#%s nav.pager button.next' % view)
            if not nxt or not nxt[0].is_enabled() or pages > 1000:
                return seen, pages
            self.click('section#%s nav.pager button.next' % view)
            self.c.ok('%s: the next page is in the URL' % view,
                      self.b.params().get('page') == str(pages + 1),
                      self.b.hash())

    def clusters(self):
        k = self.k
        n = len(k.clusters)
        self.show('clusters')
        self.list_shows('clusters', 'clusters', range(n))
        for q in ('changelog', 'drift-clusters', 'reviewer md'):
            self.show('clusters')
            self.type_in('clusters', q)
            self.list_shows('clusters: search %r' % q, 'clusters',
                            k.groups_where(k.clusters, q))
        self.show('clusters')
        self.number('clusters', 'min', 3)
        self.list_shows('clusters: 3 members or more', 'clusters',
                        [c for c in range(n) if len(k.clusters[c]) >= 3])
        self.show('clusters')
        self.click('section#clusters th button[name="sort-members"]')
        adpage.wait(lambda: self.b.params().get('sort') == 'members', 5)
        sizes = [len(k.clusters[c]) for c in self.b.rows('clusters')]
        self.c.eq('clusters: sorted by members, most first', sizes,
                  sorted((len(m) for m in k.clusters), reverse=True)[:PAGE])

    def roles(self):
        k = self.k
        n = len(k.roles)
        self.show('roles')
        self.list_shows('role groups', 'roles', range(n))
        self.type_in('roles', 'backend')
        self.list_shows('roles: search "backend"', 'roles',
                        k.groups_where(k.roles, 'backend',
                                       extra=[r['reason'] for r in
                                              k.r['roles']]))
        self.show('roles', 'min=3')
        self.list_shows('roles: 3 members or more (from the URL)', 'roles',
                        [r for r in range(n) if len(k.roles[r]) >= 3])

    def templates(self):
        k = self.k
        n = len(k.families)
        self.show('templates')
        self.list_shows('template families', 'templates', range(n))
        heads = [' · '.join(f['headings']) for f in k.r['template_families']]
        self.type_in('templates', 'escalation')
        self.list_shows('templates: search "escalation"', 'templates',
                        k.groups_where(k.families, 'escalation', extra=heads))

    def inventory(self):
        k = self.k
        n = len(k.groups)
        self.show('inventory')
        self.list_shows('inventory', 'inventory', range(n))
        seen, pages = self.walk_pages('inventory')
        self.c.eq('inventory: every shared rule group reached through the '
                  'pager, once', (len(seen), len(set(seen))), (n, n))
        self.c.eq('inventory: pages', pages, (n + PAGE - 1) // PAGE)
        for q in ('docstring', 'test suite', 'secrets'):
            self.show('inventory')
            self.type_in('inventory', q)
            self.list_shows('inventory: search %r' % q, 'inventory',
                            k.rule_groups_where(q))
        self.show('inventory')
        self.select('inventory', 'house', 'house style')
        self.list_shows('inventory: house style', 'inventory',
                        [g for g in range(n) if k.groups[g]['boilerplate']])
        self.show('inventory', 'min=5')
        self.list_shows('inventory: carried by 5 agents or more', 'inventory',
                        [g for g in range(n) if len(k.group_agents(g)) >= 5])

    def collisions(self):
        k = self.k
        n = len(k.collisions)
        self.show('collisions')
        self.list_shows('collisions', 'collisions', range(n))
        for kind in sorted({c['kind'] for c in k.collisions}):
            self.show('collisions')
            self.select('collisions', 'ck', kind)
            self.list_shows('collisions: kind %s' % kind, 'collisions',
                            [i for i, c in enumerate(k.collisions)
                             if c['kind'] == kind])
        self.show('collisions')
        self.type_in('collisions', 'data-migrator')
        self.list_shows('collisions: search "data-migrator"', 'collisions',
                        k.collisions_where('data-migrator'))
        rows = self.b.js("return document.querySelectorAll('section#collisions"
                         " table.grid:not(.list) tbody tr').length;")
        self.c.eq('collisions: the routing groups listed', rows,
                  min(PAGE, len(k.r['routing']['groups'])))

    def problems(self):
        k = self.k
        self.show('problems')
        self.list_shows('problems', 'problems', range(len(k.problems)))
        self.type_in('problems', 'yaml')
        self.list_shows('problems: search "yaml"', 'problems',
                        [i for i, p in enumerate(k.problems) if known.matches(
                            'yaml', p['path'] + '\n' + p['message'])])

    def pairs_search(self):
        """The pairs view's search reads both sides' paths and names; its
        rows are counted (their numbers are the page's own)."""
        k = self.k
        want = [p for p in k.compare_pairs() if any(known.matches(
            'changelog', k.path(a) + ' ' + (k.agents[a]['name'] or ''))
            for a in p)]
        self.show('pairs')
        self.type_in('pairs', 'changelog')
        rows = self.wait_count('pairs', len(want))
        self.c.eq('pairs: search "changelog"',
                  ((self.b.count('pairs') or [None])[0], len(rows or [])),
                  (len(want), min(PAGE, len(want))))

    def url_filters(self):
        """A view opened straight from a URL with a filter in it, and links
        in the page that carry one."""
        k = self.k
        self.show('agents')
        # the source's number in the URL: the value of its option
        src = self.b.js("return Array.prototype.filter.call(document."
                        "querySelectorAll('section#agents select[name=src] "
                        "option'), function (o) { return o.textContent === "
                        "'roles'; })[0].value;")
        self.open('#agents?q=developer&src=%s' % src)
        want = [i for i in k.agents_where('developer', ('path', 'name',
                                                        'description'),
                                          words=True) if k.src(i) == 'roles']
        self.list_shows('#agents?q=developer&src=roles opened directly',
                        'agents', want)
        box = self.b.js("return document.querySelector('section#agents "
                        "input.q').value;")
        self.c.eq('the search box holds the URL\'s words', box, 'developer')
        # an agent's link to its shared rule groups in the inventory
        i = max(range(len(k.agents)), key=lambda a: len(k.agent_groups(a)))
        self.show('agent', 'i=%d' % i)
        self.click('section#agent a[href="#inventory?a=%d"]' % i,
                   'inventory')
        self.list_shows('agent %d: its groups in the inventory, by a link' % i,
                        'inventory', k.agent_groups(i))
        self.b.act('agent', self.b.driver.back)
        self.c.eq('the back button returns to the agent', self.b.hash(),
                  '#agent?i=%d' % i)
        g = k.agent_groups(i)[0]
        self.click('section#agent a[href="#inventory?g=%d"]' % g,
                   'inventory')
        self.list_shows('a rule\'s "shared by" link opens its group', 'inventory',
                        [g])

    def overview_links(self):
        """The overview's links into the lists carry filters: agents in no
        cluster, one source's clusters, clusters of some sizes."""
        k = self.k
        n = len(k.agents)
        self.show('overview')
        self.click('section#overview a[href="#agents?cl=0"]', 'agents')
        in_cluster = {i for m in k.clusters for i in m}
        self.list_shows('overview: "agents in no cluster" opens them',
                        'agents', [i for i in range(n) if i not in in_cluster])
        self.show('overview')
        # the table of every source is filled when opened
        for summary in self.b.driver.find_elements(
                By.CSS_SELECTOR, 'section#overview details > summary'):
            if summary.text.startswith('Every source'):
                self.b.js('arguments[0].scrollIntoView({block: "center"});',
                          summary)
                summary.click()
        src = self.b.js("var a = Array.prototype.filter.call(document."
                        "querySelectorAll('section#overview a[href^="
                        "\"#clusters?src=\"]'), function (a) { return "
                        "a.textContent === 'drift'; })[0];"
                        "return a ? a.getAttribute('href') : null;")
        self.c.ok('overview: a link to the clusters of source drift', src)
        if src:
            self.click('section#overview a[href="%s"]' % src, 'clusters')
            self.list_shows('overview: source drift opens its clusters',
                            'clusters',
                            [c for c, m in enumerate(k.clusters)
                             if any(k.src(i) == 'drift' for i in m)])
        self.show('overview')
        sizes = self.b.js("return Array.prototype.map.call(document."
                          "querySelectorAll('section#overview a[href^="
                          "\"#clusters?max=\"]'), function (a) {"
                          " return a.getAttribute('href'); });")
        self.c.ok('overview: links to clusters by size', sizes)
        for h in sizes[-1:]:
            self.show('overview')
            self.click('section#overview a[href="%s"]' % h, 'clusters')
            prm = self.b.params()
            lo, hi = int(prm['min']), int(prm['max'])
            self.list_shows('overview: %s opens those clusters' % h,
                            'clusters', [c for c, m in enumerate(k.clusters)
                                         if lo <= len(m) <= hi])

    def keys(self):
        k = self.k
        self.show('agents')
        body = self.b.driver.find_element(By.TAG_NAME, 'body')
        body.click()
        ActionChains(self.b.driver).send_keys('/').perform()
        focused = self.b.js("var e = document.activeElement; return "
                            "e && e.matches('section#agents input.q');")
        self.c.ok('"/" puts the focus in the search box', focused)
        self.b.act('agents', lambda: ActionChains(self.b.driver).send_keys(
            'reviewer', Keys.ENTER).perform())
        want = k.agents_where('reviewer', ('path', 'name', 'description'),
                              words=True)
        self.list_shows('typed after "/", Enter', 'agents', want)
        self.b.js('document.activeElement.blur();')
        ActionChains(self.b.driver).send_keys('j').perform()
        row = self.b.js("var e = document.activeElement; return e && "
                        "e.getAttribute('data-i');")
        self.c.ok('"j" goes to the first row', row is not None and
                  int(row) == self.b.rows('agents')[0], row)
        self.b.act('agent', lambda: ActionChains(self.b.driver).send_keys(
            Keys.ENTER).perform())
        self.c.eq('Enter on a row opens it', self.b.hash(),
                  '#agent?i=%s' % row)

    def compare_check(self, what, a, b):
        """The compare view now shown, for agents A and B."""
        self.b.wait_view('compare')
        got = self.b.js(
            "var s = document.querySelector('section#compare');"
            "function n(c) { return s.querySelectorAll(c).length; }"
            "function key(k) { var r = Array.prototype.filter.call("
            "s.querySelectorAll('table.fm-diff tbody tr'), function (r) {"
            " return r.cells[0].textContent === k; })[0];"
            " return r ? r.className : null; }"
            "return {box: n('.compare'), a: n('.compare .side.a'),"
            " b: n('.compare .side.b'), match: n('tr.row.match'),"
            " only_a: n('tr.row.only-a'), only_b: n('tr.row.only-b'),"
            " lone_a: n('tr.row.only-a:not(.moved)'),"
            " lone_b: n('tr.row.only-b:not(.moved)'),"
            " fm: n('table.fm-diff'),"
            " name: key('name'), desc: key('description')};")
        want = self.k.compare(a, b)
        self.c.eq(what + ': one compare, its two sides, one frontmatter table',
                  (got['box'], got['a'] >= 1, got['b'] >= 1, got['fm']),
                  (1, True, True, 1))
        self.c.eq(what + ': every rule of A once, every rule of B once',
                  (got['match'] + got['only_a'], got['match'] + got['only_b']),
                  (want['rules_a'], want['rules_b']))
        self.c.eq(what + ': rules B lacks, rules A lacks',
                  (got['lone_a'], got['lone_b']),
                  (want['lack_b'], want['lack_a']))
        self.c.eq(what + ': the names differ or not', got['name'] != 'k-same',
                  want['names_differ'])
        if want['descs_differ'] is not None:
            self.c.eq(what + ': the descriptions differ or not',
                      got['desc'] != 'k-same', want['descs_differ'])

    def compares(self):
        k = self.k
        # from a cluster: its largest, two members against the canonical
        c = max(range(len(k.clusters)), key=lambda x: len(k.clusters[x]))
        canon = k.clusters[c][0]
        for m in k.clusters[c][1:3]:
            self.show('cluster', 'i=%d' % c)
            href = '#compare?a=%d&b=%d' % (canon, m)
            self.click('section#cluster a[href="%s"]' % href, 'compare')
            self.compare_check('cluster %d: compare %d with %d' %
                               (c, canon, m), canon, m)
        # the pairs view: every link and every member with its canonical
        want = k.compare_pairs()
        self.show('pairs')
        self.list_shows('pairs', 'pairs', range(len(want)))
        for row in (0, 1, -1):
            self.show('pairs')
            p = self.b.rows('pairs')[row]
            link = self.b.driver.find_element(
                By.CSS_SELECTOR,
                'section#pairs tr[data-i="%d"] a[href^="#compare"]' % p)
            self.b.js('arguments[0].scrollIntoView({block: "center"});', link)
            self.b.act('compare', link.click)
            prm = self.b.params()
            a, b = int(prm['a']), int(prm['b'])
            self.c.ok('pairs row %d: its compare is of a pair listed' % p,
                      frozenset((a, b)) in want, (a, b))
            self.compare_check('pairs row %d: compare %d with %d' % (p, a, b),
                               a, b)

    def clean(self):
        self.keep_guard()
        seen = [(g['nodes'], g['violations'], g['dialogs'])
                for g in self.guards if g['nodes'] or g['violations'] or
                g['dialogs']]
        self.c.eq('nothing from the data ran or loaded', seen, [])
        self.c.eq('no JavaScript error', self.b.errors(), [])


def main():
    agentdup, fixtures, work = sys.argv[1:4]
    page = adpage.scan_page(agentdup, fixtures, '.',
                            os.path.join(work, 'fixtures.html'))
    k = known.report(agentdup, fixtures, ['.'],
                     os.path.join(work, 'fixtures.json'))
    if not os.path.getsize(page):
        print('FAIL scan wrote no page')
        return 1
    b = adpage.Browser()
    s = Suite(b, k, page)
    try:
        s.c.run('the page loads', s.load)
        for step in (s.every_view, s.agents, s.agent_filters, s.agent_sort,
                     s.agent_pages, s.clusters, s.roles, s.templates,
                     s.inventory, s.collisions, s.problems, s.pairs_search, s.url_filters, s.overview_links,
                     s.keys, s.compares, s.clean):
            s.c.run(step.__name__, step)
    finally:
        b.quit()
    return s.c.status()


if __name__ == '__main__':
    sys.exit(main())
