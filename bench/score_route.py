#!/usr/bin/env python3
"""Score `agentdup route` against requests labelled with the job that
should answer them.

usage: score_route.py [--agentdup BIN] [--collection DIR] [--labels TSV]
                      [REQUESTS.tsv] [-v]

REQUESTS.tsv (default bench/route_requests.tsv) holds one request a line:
the job that should answer, a tab, the request text ('#' starts a
comment). The collection (default tests/fixtures/roles) is labelled by
LABELS.tsv (default: the collection's), columns path and job.

For every request the first agent `route` lists is a hit when it does the
job. The verdict is checked too: of the requests `route` calls ambiguous
(the runner-up at AD_ROUTE_AMBIGUOUS of the first's score or more), how
many have a runner-up doing the first's job or a first that is wrong (a
choice a bag of words cannot make), and of those it calls clear, how many
have a right first.

Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys


def load_labels(path):
    job = {}
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh):
            cols = line.rstrip('\n').split('\t')
            if not cols[0] or cols[0].startswith('#'):
                continue
            if n == 0 and cols[:2] == ['path', 'job']:
                continue
            job[cols[0]] = cols[1]
    return job


def load_requests(path):
    out = []
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            cols = line.split('\t')
            if len(cols) != 2:
                sys.exit(f'{path}:{n + 1}: expected job<TAB>request')
            out.append((cols[0], cols[1]))
    return out


def route(binary, collection, text):
    res = subprocess.run([binary, 'route', '-q', '-f', 'json', '-k', '1',
                          '--text', text, collection],
                         capture_output=True, text=True, check=False)
    if res.returncode not in (0, 3):
        sys.exit(f'{binary} route failed ({res.returncode}): {res.stderr}')
    return json.loads(res.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('requests', nargs='?', default='bench/route_requests.tsv')
    ap.add_argument('--agentdup', default='build/agentdup')
    ap.add_argument('--collection', default='tests/fixtures/roles')
    ap.add_argument('--labels')
    ap.add_argument('-v', action='store_true', help='list every request')
    a = ap.parse_args()
    job = load_labels(a.labels or os.path.join(a.collection, 'LABELS.tsv'))
    reqs = load_requests(a.requests)
    hits = amb = amb_explained = clear = clear_right = 0
    for want, text in reqs:
        d = route(a.agentdup, a.collection, text)
        first = d['agents'][0]['path'] if d['agents'] else None
        ru = d['runner_up']
        right = job.get(first) == want
        hits += right
        if d['ambiguous']:
            amb += 1
            amb_explained += (not right) or job.get(ru['path']) == want
        else:
            clear += 1
            clear_right += right
        if a.v:
            print(f"{'hit ' if right else 'MISS'} {want:26} first {first} "
                  f"({job.get(first)}), runner-up "
                  f"{ru['path'] if ru else None} "
                  f"({job.get(ru['path']) if ru else None}, ratio "
                  f"{ru['ratio'] if ru else 0:.2f})")
    n = len(reqs)
    print(f'route: {n} requests on {a.collection}')
    print(f'  first agent does the job: {hits}/{n} ({hits / n:.3f})')
    print(f'  ambiguous: {amb}, of which {amb_explained} with a runner-up '
          f'of the job or a wrong first')
    print(f'  clear: {clear}, of which {clear_right} with a right first')


if __name__ == '__main__':
    main()
