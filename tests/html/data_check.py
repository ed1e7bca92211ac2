#!/usr/bin/env python3
"""Check the data of the scan page against doc/html-report.md.

    data_check.py AGENTDUP FIXTURES_DIR

Writes the page of fixture collections, takes the data out of each
(pagedata.py: base64, then zlib) and checks it: the shape every page's
data has (columns of equal length, every agent, text, group and doc
index in range, a doc for every agent with a link, in a cluster or in a
collision), the known answers of tests/fixtures/jobs, that the hostile texts of
tests/fixtures/hostile are carried as text, made one line and cut, and
that with two PATHs scanned each agent's source is its PATH.
"""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pagedata import page_data  # noqa: E402

RLO = "\u202e"
ELLIPSIS = "\u2026"
fails = []


def check(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)


def scan(agentdup, folders, out):
    subprocess.run([agentdup, "scan", "-q", "-j", "1", "-f", "html", "-o",
                    out] + folders, check=True)
    with open(out, encoding="utf-8") as f:
        return json.loads(page_data(f.read()))


def columns(table):
    """The length of a columnar table's columns, or -1 if they differ."""
    lengths = {len(v) for v in table.values()}
    return lengths.pop() if len(lengths) == 1 else -1


def texts_used(d):
    """Every text index the data holds."""
    for doc in d["docs"]:
        for _, value in doc["fm"]:
            yield value
        for heading, _, _, rules in doc["sec"]:
            yield heading
            yield from rules[0::3]
    for c in d["clusters"]:
        for add in c["add"]:
            yield from add[0::2]
        for add in c["addsec"]:
            yield from add[0::2]
    for r in d["roles"]:
        for add in r["add"]:
            yield from add[0::3]
        for add in r["addsec"]:
            yield from add[0::2]
    for f in d["families"]:
        yield from f["headings"]
    yield from d["groups"]["text"]
    for forms in d["groups"]["forms"]:
        yield from forms


def agents_used(d):
    yield from d["links"]["a"] + d["links"]["b"]
    yield from d["collisions"]["a"] + d["collisions"]["b"]
    for c in d["clusters"] + d["roles"] + d["families"] + d["routing"]:
        yield from c["m"]
    for members in d["groups"]["agents"]:
        yield from members
    yield from (doc["agent"] for doc in d["docs"])


def shape(name, d):
    """What holds for the data of any page."""
    n = d["counts"]["agents"]
    a = d["agents"]
    check(name + ": version 1", d["v"] == 1 and d["tool"].startswith(
        "agentdup "))
    check(name + ": a row per agent", columns(a) == n)
    check(name + ": links, groups, collisions are columns",
          min(columns(d[k]) for k in ("links", "groups", "collisions")) >= 0)
    check(name + ": every text index in range",
          all(0 <= t < len(d["texts"]) for t in texts_used(d)))
    check(name + ": every agent index in range",
          all(0 <= i < n for i in agents_used(d)))
    check(name + ": every source and kind in range",
          all(0 <= s < len(d["sources"]) for s in a["src"]) and
          all(0 <= k < len(d["kinds"]) for k in a["kind"]))
    ngroups = len(d["groups"]["text"])
    check(name + ": shared groups counted",
          ngroups == d["counts"]["shared"])
    check(name + ": every rule's group in range", all(
        -1 <= g < ngroups for doc in d["docs"]
        for sec in doc["sec"] for g in sec[3][1::3]))
    for key, column in (("clusters", "cluster"), ("roles", "role"),
                        ("families", "family")):
        check(name + ": agents name their " + column, all(
            a[column][m] == i for i, c in enumerate(d[key])
            for m in c["m"]) and sum(x >= 0 for x in a[column]) ==
            sum(len(c["m"]) for c in d[key]))
    linked = set(d["links"]["a"] + d["links"]["b"])
    linked |= {i for i in range(n) if a["cluster"][i] >= 0}
    linked |= set(d["collisions"]["a"] + d["collisions"]["b"])
    check(name + ": a doc for every agent linked, in a cluster or in a "
          "collision", all(
        (a["detail"][i] >= 0) == (i in linked) for i in range(n)) and all(
        d["docs"][a["detail"][i]]["agent"] == i for i in linked))
    check(name + ": links by (a, b), a < b", all(
        x < y for x, y in zip(d["links"]["a"], d["links"]["b"])) and
        list(zip(d["links"]["a"], d["links"]["b"])) == sorted(
            zip(d["links"]["a"], d["links"]["b"])))
    check(name + ": plan lists parallel to members", all(
        len(c["add"]) == len(c["addsec"]) == len(c["cut"]) == len(c["m"])
        == len(c["s"]) for c in d["clusters"] + d["roles"]))
    check(name + ": no text past its cap", all(
        len(t.encode()) <= 603 for t in d["texts"]) and all(
        len((s or "").encode()) <= 603 for s in a["desc"]))


def jobs(d):
    """Known answers of tests/fixtures/jobs."""
    a, t = d["agents"], d["texts"]
    c = d["counts"]
    check("jobs: counts", (c["agents"], c["sections"], c["rules"],
                           c["shared"]) == (17, 72, 216, 30))
    check("jobs: sources", d["sources"] == ["templates", "versions", "zh"])
    check("jobs: agent paths", a["path"][0] ==
          "templates/accessibility-auditor.md" and a["path"][13] ==
          "versions/v1/changelog-writer.md" and a["path"][16] ==
          "zh/team-b/db-tuner.md")
    check("jobs: a name in Chinese", a["name"][15] == "数据库性能顾问")
    check("jobs: clusters' members",
          [x["m"] for x in d["clusters"]] == [[13, 14], [15, 16]])
    check("jobs: a cluster's canonical scores 1",
          d["clusters"][0]["s"][0] == 1)
    check("jobs: the role group and its variant",
          [(r["m"], r["of"]) for r in d["roles"]] ==
          [([9, 13, 14], [-1, -1, 1])])
    fam = d["families"]
    check("jobs: the template family", len(fam) == 1 and
          fam[0]["m"] == [0, 1, 2, 9, 10] and fam[0]["quorum"] == 3 and
          fam[0]["groups"] == 22)
    check("jobs: docs of the linked agents and of the two data-migrators "
          "that share a name", [doc["agent"] for doc in d["docs"]] ==
          [11, 12, 13, 14, 15, 16])
    doc = d["docs"][a["detail"][13]]
    check("jobs: a doc's frontmatter keys",
          [k for k, _ in doc["fm"]] == ["name", "description", "tools"] and
          t[doc["fm"][0][1]] == "changelog-writer")
    check("jobs: a doc's sections", [
        (t[s[0]], s[1], s[2], len(s[3]) // 3) for s in doc["sec"]] == [
        ("Changelog writer", 1, 6, 0), ("Sources", 2, 11, 4),
        ("Style", 2, 18, 5), ("Checklist", 2, 26, 3)])
    g = d["groups"]
    shared = [i for i, m in enumerate(g["agents"]) if m == [13, 14]]
    check("jobs: groups of the two changelog writers", len(shared) == 8)
    check("jobs: a group's wordings", all(
        len(g["forms"][i]) == g["wordings"][i] and
        g["forms"][i][0] == g["text"][i] for i in shared))
    check("jobs: the family's groups, five agents each",
          sum(m == [0, 1, 2, 9, 10] for m in g["agents"]) == 22)
    check("jobs: the name collision",
          (d["collision_kinds"][d["collisions"]["kind"][0]],
           d["collisions"]["a"], d["collisions"]["b"]) ==
          ("name", [11], [12]))


def hostile(d):
    """The hostile texts are carried as text: one line, cut, no override."""
    a = d["agents"]
    every = json.dumps(d, ensure_ascii=False)
    check("hostile: markup in a name is text",
          "<script>document.title='PWNED'</script>" in a["name"])
    check("hostile: no direction override", RLO not in every)
    check("hostile: the long description is cut", any(
        s and s.endswith(ELLIPSIS) and len(s.encode()) > 500
        for s in a["desc"]))
    check("hostile: texts are one line",
          all("\n" not in s for s in d["texts"]))


def paths(d, a, b):
    """Two PATHs scanned: each agent's source is its PATH."""
    check("paths: a source per PATH", d["sources"] == [a, b])
    check("paths: agents by their PATH", [
        d["sources"][s] for s in d["agents"]["src"]] == [
        p.rsplit("/", 1)[0] for p in d["agents"]["path"]])


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: data_check.py AGENTDUP FIXTURES_DIR")
    agentdup, fixtures = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        for name, known in (("jobs", jobs), ("hostile", hostile)):
            d = scan(agentdup, [os.path.join(fixtures, name)],
                     os.path.join(tmp, name + ".html"))
            shape(name, d)
            known(d)
        two = [os.path.join(fixtures, "paths", x) for x in "ab"]
        d = scan(agentdup, two, os.path.join(tmp, "paths.html"))
        shape("paths", d)
        paths(d, *two)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
