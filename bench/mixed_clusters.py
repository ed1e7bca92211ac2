#!/usr/bin/env python3
"""Clusters of a JSON report that mix labelled families.

usage: mixed_clusters.py REPORT.json LABELS.tsv [-v]
Prints how many clusters hold members of two or more families (by the
labels; paths matched as ../shared/eval/score_clusters.py matches them),
and with -v each such cluster with its members and their families. A
template family (report key "template_families", when present) is
counted apart: it is not a cluster.
"""
import csv
import json
import sys


def main():
    args = [a for a in sys.argv[1:] if a != '-v']
    if len(args) != 2:
        sys.exit(__doc__)
    verbose = '-v' in sys.argv
    report = json.load(open(args[0]))
    fam = {}
    with open(args[1], newline='') as fh:
        for row in csv.DictReader(fh, delimiter='\t'):
            fam[row['file']] = row['family']

    def family(path):
        parts = path.split('/')
        for i in range(len(parts)):
            q = '/'.join(parts[i:])
            if q in fam:
                return fam[q]
        return None

    clusters = report.get('clusters', [])
    mixed = []
    for c in clusters:
        ms = [m['path'] if isinstance(m, dict) else m for m in c['members']]
        fams = {family(p) for p in ms} - {None}
        if len(fams) > 1:
            mixed.append((ms, fams))
    print(f"clusters {len(clusters)}  mixing families {len(mixed)}")
    if verbose:
        for ms, fams in mixed:
            print(f"- {len(ms)} members, {len(fams)} families")
            for p in ms:
                print(f"    {family(p)}  {p}")


if __name__ == '__main__':
    main()
