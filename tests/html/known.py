"""Known answers for the browser tests, from the JSON report.

The page under test is never asked what it should show. The answers come
from `scan -f json --detail full --outline` of the same collection, run
from the same folder with the same arguments, read here into plain lists
indexed as the page's data is (doc/html-report.md: agents by their number
in the JSON report's `agents`, clusters, role groups, template families,
rule groups and collisions by their place in their lists).
"""
import json
import subprocess


def report(agentdup, cwd, paths, out):
    """Write and read the JSON report of PATHS (relative to CWD)."""
    subprocess.run([agentdup, 'scan', '-q', '-f', 'json', '--detail', 'full',
                    '--outline', '-o', out] + list(paths), cwd=cwd,
                   check=False)
    with open(out, encoding='utf-8') as f:
        return Known(json.load(f))


def matches(q, text, words=True):
    """Does TEXT hold every word of Q (Q whole when not WORDS), ignoring
    case?"""
    text = text.lower()
    if not words:
        return q.lower() in text
    return all(w in text for w in q.lower().split())


def source_of(path):
    """The first component of a path ("." at the root)."""
    return path.split('/')[0] if '/' in path else '.'


class Known:
    def __init__(self, r):
        self.r = r
        self.agents = r['agents']
        self.index = {a['path']: i for i, a in enumerate(self.agents)}
        self.clusters = [self.members(c['members']) for c in r['clusters']]
        self.canonical = [self.index[c['canonical']] for c in r['clusters']]
        self.roles = [self.members(g['members']) for g in r['roles']]
        self.families = [self.members(f['members'])
                         for f in r['template_families']]
        self.groups = r['overlap']['rules']
        self.collisions = r['collisions']
        self.pairs = [(self.index[p['a']], self.index[p['b']])
                      for p in r['pairs']]
        self.problems = r['problems']
        self.rule_group = self.place_groups()

    def members(self, ms):
        return [self.index[m['path']] for m in ms]

    # ---- agents ----

    def path(self, i):
        return self.agents[i]['path']

    def src(self, i):
        return source_of(self.path(i))

    def agent_text(self, i, fields):
        a = self.agents[i]
        return ' '.join((a.get(f) or '') for f in fields).lower()

    def agents_where(self, q, fields=('path', 'name', 'description'),
                     words=True):
        """Agents whose FIELDS hold every word of Q (or Q whole), in any
        case: the search box's rule."""
        return [i for i in range(len(self.agents))
                if matches(q, '\n'.join(self.agents[i].get(f) or ''
                                        for f in fields), words)]

    def source_names(self):
        return sorted({self.src(i) for i in range(len(self.agents))})

    def rules_of(self, i):
        """[(line, text)] of agent I's rules, in order."""
        out = []
        for s in self.agents[i].get('outline', []):
            for r in s['rules']:
                out.append((r['line'], r['text']))
        return out

    # ---- rule groups ----

    def place_groups(self):
        """(path, line) -> index of the shared rule group holding it."""
        at = {}
        for g, grp in enumerate(self.groups):
            for w in grp['wordings']:
                for p in w['at']:
                    at[(p['path'], p['line'])] = g
        return at

    def groups_where(self, groups, q, extra=None):
        """Clusters, role groups or families (lists of members) a search
        for Q keeps: it looks in member paths and names, and in EXTRA[g]
        (a role group's reason, a family's headings)."""
        out = []
        for g, m in enumerate(groups):
            text = '\n'.join(self.path(a) + ' ' + (self.agents[a]['name'] or '')
                             for a in m)
            if extra:
                text += '\n' + extra[g]
            if matches(q, text):
                out.append(g)
        return out

    def rule_groups_where(self, q):
        """Shared rule groups whose centre or wordings hold Q's words."""
        return [g for g in range(len(self.groups))
                if matches(q, self.groups[g]['rule']['text'] + '\n' +
                           '\n'.join(self.group_texts(g)))]

    def collisions_where(self, q):
        return [i for i, c in enumerate(self.collisions)
                if matches(q, c['a'] + '\n' + c['b'] + '\n' + c['detail'])]

    def agent_groups(self, i):
        """The shared rule groups agent I carries a rule of."""
        return sorted({g for g in self.groups_of(i) if g >= 0})

    def group_agents(self, g):
        return sorted({self.index[p['path']]
                       for w in self.groups[g]['wordings'] for p in w['at']})

    def group_texts(self, g):
        return [w['text'] for w in self.groups[g]['wordings']]

    def groups_of(self, i):
        """Shared rule group of each of agent I's rules (-1: none)."""
        p = self.path(i)
        return [self.rule_group.get((p, line), -1)
                for line, _ in self.rules_of(i)]

    def lacks(self, a, b):
        """How many of A's rules B has nowhere: in no shared group of B's
        rules and in no rule of B's of the same text."""
        gb = {g for g in self.groups_of(b) if g >= 0}
        tb = {t for _, t in self.rules_of(b)}
        return sum(1 for g, (_, t) in zip(self.groups_of(a), self.rules_of(a))
                   if not (g >= 0 and g in gb) and t not in tb)

    def compare(self, a, b):
        """What a compare of A and B must show: every rule of each side
        once (in a matched row or a row of its own), and as lacking on
        the other side the rules it has nowhere."""
        da = self.agents[a].get('description')
        db = self.agents[b].get('description')
        return {'rules_a': len(self.rules_of(a)),
                'rules_b': len(self.rules_of(b)),
                'lack_b': self.lacks(a, b),  # A's rules B lacks
                'lack_a': self.lacks(b, a),
                'names_differ': (self.agents[a]['name'] or '') !=
                                (self.agents[b]['name'] or ''),
                'descs_differ': None if not (da and db) else da != db}

    def compare_pairs(self):
        """Every pair the pairs view lists: each link, and each cluster
        member with its canonical, as unordered pairs."""
        out = {frozenset(p) for p in self.pairs}
        for m in self.clusters:
            out |= {frozenset((m[0], x)) for x in m[1:]}
        return out
