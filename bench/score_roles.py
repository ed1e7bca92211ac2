#!/usr/bin/env python3
"""Score role groups and query neighbours against job labels.

usage: score_roles.py [options] REPORT.json [LABELS.tsv]

REPORT.json is `agentdup scan -f json` of the role set (by default
tests/fixtures/roles, whose LABELS.tsv is the default labels file).
LABELS.tsv has a header and the columns path, job and an optional note;
a note `copy-of=PATH` marks a copy (exact, or a fork that changed a few
lines) of another labelled file. Report paths are matched to labelled
paths exactly or by a trailing suffix, so a scan of a parent folder
scores too.

1. Role groups, pairwise: the pairs of labelled files placed in one group
   against the pairs of files with one job; a file alone in its job (a
   singleton) belongs in no pair. Groups are read from the report's
   "roles" (each with "members": [{"path": ...}]); the report's "clusters"
   (same shape) are scored the same way, and stand in when the report has
   no "roles". Paraphrase recall counts only the same-job pairs that are
   not copies of one another, the pairs that clusters of variants are not
   meant to find.
2. Recall@1 of `agentdup query`: every file whose job has another version
   is the query, against the collection it was labelled in; a hit is a
   top neighbour with the same job. Counted twice: as the tool answers,
   and with the query's labelled copies taken out of the answers (the
   first neighbour that is not a copy counts), where a file whose only
   other versions are its copies is not asked.

Options:
  --agentdup BIN    the binary for the queries (default build/agentdup)
  --collection DIR  the folder the labels describe (default: the folder
                    of LABELS.tsv)
  --no-query        score the groups only
  -v                list the pairs missed and joined, and the queries missed

Standard library only.
"""
import argparse
import collections
import itertools
import json
import os
import subprocess
import sys

DEFAULT_LABELS = 'tests/fixtures/roles/LABELS.tsv'


def load_labels(path):
    """Return ({path: job}, {path: set of its copies}) from LABELS.tsv."""
    job, copy_edges = {}, []
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            cols = line.split('\t')
            if n == 0 and cols[:2] == ['path', 'job']:
                continue
            if len(cols) < 2:
                sys.exit(f'{path}:{n + 1}: expected path<TAB>job')
            job[cols[0]] = cols[1]
            for note in cols[2:]:
                if note.startswith('copy-of='):
                    copy_edges.append((cols[0], note[len('copy-of='):]))
    return job, copy_groups(job, copy_edges, path)


def copy_groups(job, edges, labels_path):
    """Close copy-of under symmetry and transitivity: {path: its copies}."""
    parent = {p: p for p in job}

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for a, b in edges:
        if b not in job:
            sys.exit(f'{labels_path}: copy-of={b}: not a labelled path')
        if job[a] != job[b]:
            sys.exit(f'{labels_path}: {a} is a copy of {b} of another job')
        parent[find(a)] = find(b)
    members = collections.defaultdict(set)
    for p in job:
        members[find(p)].add(p)
    return {p: members[find(p)] - {p} for p in job}


def matcher(known):
    """Map a reported path to a labelled one (exact or trailing suffix)."""
    def norm(p):
        p = p.replace('\\', '/')
        while p.startswith('./'):
            p = p[2:]
        if p in known:
            return p
        parts = p.split('/')
        for i in range(1, len(parts)):
            q = '/'.join(parts[i:])
            if q in known:
                return q
        return None
    return norm


def pairs_of(groups):
    out = set()
    for g in groups:
        out.update(itertools.combinations(sorted(set(g)), 2))
    return out


def true_pairs(job):
    by_job = collections.defaultdict(list)
    for p, j in job.items():
        by_job[j].append(p)
    return pairs_of(by_job.values())


def read_groups(report, key, norm):
    """The report's groups under key as lists of labelled paths, and the
    number of member paths no label knows."""
    groups, unknown = [], 0
    for g in report.get(key, []):
        ms = []
        for m in g.get('members', []):
            p = norm(m['path'] if isinstance(m, dict) else m)
            if p is None:
                unknown += 1
            else:
                ms.append(p)
        groups.append(ms)
    return groups, unknown


def ratio(a, b):
    return a / b if b else 0.0


def score_groups(key, groups, unknown, job, copies, verbose):
    truth = true_pairs(job)
    copy_pairs = {(a, b) for a, b in truth if b in copies[a]}
    pred = pairs_of(groups)
    hit = pred & truth
    p, r = ratio(len(hit), len(pred)), ratio(len(hit), len(truth))
    f1 = ratio(2 * p * r, p + r)
    para = truth - copy_pairs
    para_hit = hit - copy_pairs
    sizes = [len(g) for g in groups]
    print(f'{key}: {len(groups)} group{"" if len(groups) == 1 else "s"} holding {sum(sizes)} labelled files'
          f' ({unknown} unlabelled), {len(pred)} pairs')
    print(f'  pairwise precision {p:.4f} ({len(hit)}/{len(pred)}),'
          f' recall {r:.4f} ({len(hit)}/{len(truth)}), F1 {f1:.4f}')
    print(f'  paraphrase recall {ratio(len(para_hit), len(para)):.4f}'
          f' ({len(para_hit)}/{len(para)}: same-job pairs that are not copies)')
    if verbose:
        for a, b in sorted(pred - truth):
            print(f'  joined  {job[a]} {a}  ~  {job[b]} {b}')
        for a, b in sorted(truth - pred):
            print(f'  missed  {job[a]}: {a}  ~  {b}')


def query_top(binary, query, collection, k):
    """The neighbours' paths of one query, best first."""
    cmd = [binary, 'query', '-q', '-f', 'json', '-k', str(k), query, collection]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f'{" ".join(cmd)}: exit status {run.returncode}\n{run.stderr}')
    return [n['path'] for n in json.loads(run.stdout).get('neighbours', [])]


def score_queries(binary, collection, job, copies, norm, verbose):
    same = collections.Counter(job.values())
    asked = hits = asked_x = hits_x = 0
    misses = []
    for q in sorted(job):
        if same[job[q]] < 2:
            continue
        top = [norm(p) for p in query_top(binary, os.path.join(collection, q),
                                          collection, 1 + len(copies[q]))]
        first = top[0] if top else None
        asked += 1
        hits += first is not None and job[first] == job[q]
        if same[job[q]] - 1 - len(copies[q]) < 1:
            continue
        rest = [p for p in top if p not in copies[q]]
        first_x = rest[0] if rest else None
        asked_x += 1
        ok = first_x is not None and job[first_x] == job[q]
        hits_x += ok
        if not ok:
            misses.append((q, first_x))
    print(f'query recall@1: {ratio(hits, asked):.4f} ({hits}/{asked}:'
          ' the top neighbour does the same job)')
    print(f'query recall@1, copies excluded: {ratio(hits_x, asked_x):.4f}'
          f' ({hits_x}/{asked_x}: a labelled copy of the query is no answer)')
    if verbose and misses:
        print('  queries missed, copies excluded:')
        for q, got in misses:
            what = f'{job[got]} {got}' if got else 'no neighbour'
            print(f'  missed  {job[q]} {q}  ->  {what}')


def main():
    ap = argparse.ArgumentParser(
        usage='score_roles.py [options] REPORT.json [LABELS.tsv]',
        description=__doc__.split('\n\n', 2)[2].split('\nOptions:')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('report', help='agentdup scan -f json of the role set')
    ap.add_argument('labels', nargs='?', default=DEFAULT_LABELS,
                    help=f'path, job and note (default {DEFAULT_LABELS})')
    ap.add_argument('--agentdup', default='build/agentdup', metavar='BIN',
                    help='the binary for the queries (default build/agentdup)')
    ap.add_argument('--collection', metavar='DIR',
                    help='the folder the labels describe (default: the folder of LABELS.tsv)')
    ap.add_argument('--no-query', action='store_true', help='score the groups only')
    ap.add_argument('-v', action='store_true', dest='verbose',
                    help='list the pairs missed and joined, and the queries missed')
    a = ap.parse_args()
    job, copies = load_labels(a.labels)
    norm = matcher(job)
    with open(a.report, encoding='utf-8') as fh:
        report = json.load(fh)
    counts = collections.Counter(job.values())
    truth = true_pairs(job)
    ncopy = sum(1 for x, y in truth if y in copies[x])
    print(f'role set: {len(job)} labelled files, {len(counts)} jobs'
          f' ({sum(1 for n in counts.values() if n > 1)} with versions,'
          f' {sum(1 for n in counts.values() if n == 1)} singletons),'
          f' {len(truth)} same-job pairs ({ncopy} of copies)')
    if 'roles' not in report:
        print('roles: the report has no "roles"; its clusters are scored instead')
    for key in ('roles', 'clusters'):
        if key in report:
            groups, unknown = read_groups(report, key, norm)
            score_groups(key, groups, unknown, job, copies, a.verbose)
    if not a.no_query:
        collection = a.collection or os.path.dirname(a.labels) or '.'
        score_queries(a.agentdup, collection, job, copies, norm, a.verbose)


if __name__ == '__main__':
    main()
