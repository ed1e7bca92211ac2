#!/bin/sh
# Role groups do not depend on the number of workers: a collection written
# at run time (nothing large is committed) with enough units to share out
# (over 500 agents, a variant cluster of 24 copies and a few of two) is
# scanned with one worker and with four, and the two full JSON reports
# must be the same bytes (and the CSV and HTML reports:
# same_with_jobs.sh).
# usage: roles_jobs.sh AGENTDUP
set -u
AGENTDUP=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp/in" '
function w(k) { return words[k % nw + 1] }
# an agent whose words follow from i, written to file f
function agent(f, i,    a, b, c, d) {
	a = w(i); b = w(int(i / 3)); c = w(int(i / 7)); d = w(int(i / 11))
	printf "---\nname: %s-%s-%d\n", a, b, i > f
	printf "description: %s %s code, %s %s reports for team %d\n---\n",
		a, b, c, d, i % 13 > f
	printf "\n## Duties\n\n- %s the %s of each change before it ships\n",
		a, b > f
	printf "- %s the %s and write down what was found\n", c, d > f
	printf "\n## Method\n\nStart from the %s, then %s, then %s.\n",
		d, b, a > f
	close(f)
}
BEGIN {
	nw = split("review test deploy migrate audit profile document " \
		   "design triage refactor monitor secure benchmark " \
		   "translate schedule index", words, " ")
	for (t = 0; t < 9; t++)
		system("mkdir -p " dir "/team" t)
	for (i = 0; i < 520; i++)
		agent(dir "/team" (i % 9) "/agent-" i ".md", i)
	for (k = 0; k < 24; k++) {
		system("mkdir -p " dir "/copies" k)
		agent(dir "/copies" k "/agent-7.md", 7)
	}
	system("mkdir -p " dir "/forks")
	for (i = 11; i <= 14; i++)
		agent(dir "/forks/agent-" i ".md", i)
}'
sh "$(dirname "$0")/same_with_jobs.sh" roles_jobs "$AGENTDUP" "$tmp"
