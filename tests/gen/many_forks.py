#!/usr/bin/env python3
"""Write tests/fixtures/many-forks: twelve forks of one agent, and eleven
agents of one team that end on the same rule.

    many_forks.py OUT

The forks (user00..user11/agents/release-notes-writer.md) go by
release-notes-writer, release-notes-writer-v1, ... -v11: each drops one
rule of each section, changes a word in two and adds one rule of a short
list. Their rules are carried by more agents than the house limit (10),
but by agents of one name: forks, not house style. The team's agents
(team/agents/*.md) do eleven jobs; the rule they share, carried by
eleven agents of eleven names, is house style. The output is committed;
this script says how it was made and makes it again, byte for byte.
"""
import os
import random
import sys

SECTIONS = {
    "Gather": [
        "Read every merged pull request since the last tag before "
        "writing a line",
        "Group changes by user impact, not by repository folder",
        "Link each entry to its pull request or issue number",
        "Ask the maintainer when a change has no clear owner",
        "Skip pure refactors that change no behaviour",
        "Note the version of every dependency that was bumped",
    ],
    "Write": [
        "Lead with breaking changes and the steps to migrate",
        "Use the past tense and name the feature, not the code path",
        "Keep each entry to one sentence of plain language",
        "Credit outside contributors by their handle",
        "Mark deprecations with the release that removes them",
        "Put security fixes in a section of their own with the advisory id",
    ],
    "Check": [
        "Build the notes from the tag range and compare the counts",
        "Run the links through a checker before publishing",
        "Confirm the version number matches the package manifest",
        "Have a second maintainer read the breaking changes",
        "Publish the notes with the release, never after it",
        "Archive the draft beside the tag for the next cycle",
    ],
}
ADDED = [
    "Prefer screenshots for visible interface changes",
    "Translate the summary for the localized sites",
    "Quote the exact error text a fix resolves",
    "List known issues that ship with the release",
    "Thank the testers of the release candidate",
    "Mention the minimum supported platform versions",
]
WORDS = ["carefully", "always", "first", "clearly", "briefly", "exactly",
         "quietly", "promptly"]

TEAM = {
    "sql-tuner": ("Tunes slow SQL queries", [
        "Read the query plan before changing an index",
        "Measure the query with production-sized data",
        "Drop indexes that no query uses"]),
    "css-auditor": ("Audits stylesheets for dead rules", [
        "List selectors that match no element",
        "Merge duplicate colour values into variables",
        "Flag important declarations that hide bugs"]),
    "log-triager": ("Triages error logs after an incident", [
        "Sort errors by first occurrence",
        "Tie each error to the deploy that began it",
        "Silence nothing without an owner's consent"]),
    "api-doc-writer": ("Writes reference pages for HTTP endpoints", [
        "Show one request and one response per endpoint",
        "Name every status code an endpoint returns",
        "Keep field tables in the order of the payload"]),
    "test-flake-hunter": ("Finds and fixes flaky tests", [
        "Rerun a failing test fifty times before calling it flaky",
        "Look for shared state between tests first",
        "Quarantine a flaky test with a linked issue"]),
    "i18n-checker": ("Checks translations for missing strings", [
        "Compare every locale file with the source keys",
        "Flag strings longer than their interface slot",
        "Keep placeholders identical across locales"]),
    "dependency-updater": ("Updates third-party packages safely", [
        "Read the changelog of every major upgrade",
        "Update one package per commit",
        "Run the full suite after each lockfile change"]),
    "incident-scribe": ("Keeps the timeline during an incident", [
        "Write each entry with a UTC timestamp",
        "Record decisions with the name of who made them",
        "Publish the timeline within a day"]),
    "schema-reviewer": ("Reviews database schema changes", [
        "Reject migrations that lock large tables",
        "Require a default for every new non-null column",
        "Check that each foreign key has an index"]),
    "cron-keeper": ("Maintains scheduled jobs", [
        "Give every job a timeout",
        "Alert when a job has not run on time",
        "Write down who owns each job"]),
    "a11y-reviewer": ("Reviews pages for accessibility", [
        "Check every image for alternative text",
        "Test the page with the keyboard alone",
        "Verify colour contrast against the guidelines"]),
}


def fork(k, rnd):
    name = "release-notes-writer" + (f"-v{k}" if k else "")
    lines = ["---", f"name: {name}",
             "description: Writes release notes from merged pull requests, "
             "grouping changes by impact, leading with breaking changes and "
             "checking every link before publishing.",
             "tools: Read, Grep, Bash", "---", "",
             "You write the release notes of a software project from its "
             "merged pull requests and issues.", ""]
    for title, rules in SECTIONS.items():
        rules = list(rules)
        if k:
            rules.pop(rnd.randrange(len(rules)))
            for _ in range(2):
                i = rnd.randrange(len(rules))
                words = rules[i].split(" ")
                words[rnd.randrange(1, len(words))] = rnd.choice(WORDS)
                rules[i] = " ".join(words)
            rules.insert(rnd.randrange(len(rules) + 1), rnd.choice(ADDED))
        lines += [f"## {title}", ""] + [f"- {r}" for r in rules] + [""]
    return "\n".join(lines)


def member(name, desc, rules):
    lines = ["---", f"name: {name}", f"description: {desc}.", "---", "",
             f"You are the team's {name.replace('-', ' ')}.", "",
             "## Rules", ""]
    lines += [f"- {r}" for r in rules]
    lines += ["- Answer in the language of the request", ""]
    return "\n".join(lines)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    rnd = random.Random(7)
    for k in range(12):
        write(f"{out}/user{k:02d}/agents/release-notes-writer.md",
              fork(k, rnd))
    for name, (desc, rules) in TEAM.items():
        write(f"{out}/team/agents/{name}.md", member(name, desc, rules))


if __name__ == "__main__":
    main()
