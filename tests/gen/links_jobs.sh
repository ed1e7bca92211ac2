#!/bin/sh
# Links do not depend on the number of workers: a collection written at
# run time of 60 families of eight renamed forks (the rules of the family,
# each fork a name, a description and a duty of its own), so that over a
# thousand links of two names have their descriptions discounted by the
# words of template siblings (job.h, on the links shared out to the
# workers), is scanned with one worker and with four, and the two full
# JSON reports must be the same bytes (and the CSV and HTML reports:
# same_with_jobs.sh).
# usage: links_jobs.sh AGENTDUP
set -u
AGENTDUP=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp/in" '
function w(k) { return words[k % nw + 1] }
# fork i of family t, written to file f
function fork(f, t, i,    k) {
	printf "---\nname: %s-%s-%d-%d\n", w(t), w(i + 3), t, i > f
	printf "description: Expert %s specialist for %s work on %s. Use " \
		"when the team needs %s.\n---\n", w(t), w(t * 3 + i),
		w(i * 5 + 2), w(t + i) > f
	printf "\n## Standards\n\n" > f
	for (k = 0; k < 10; k++)
		printf "- %s the %s with %s before %s number %d\n",
			w(t + k), w(t * 7 + k), w(t * 11 + 2 * k), w(k), t > f
	printf "\n## Duties\n\n- %s the %s of each change\n", w(i), w(i + t) > f
	printf "\n## Output\n\nReport in the format of family %d.\n", t > f
	close(f)
}
BEGIN {
	nw = split("review test deploy migrate audit profile document " \
		   "design triage refactor monitor secure benchmark " \
		   "translate schedule index observe package release " \
		   "validate archive", words, " ")
	for (t = 0; t < 60; t++) {
		system("mkdir -p " dir "/family" t)
		for (i = 0; i < 8; i++)
			fork(dir "/family" t "/agent-" i ".md", t, i)
	}
}'
sh "$(dirname "$0")/same_with_jobs.sh" links_jobs "$AGENTDUP" "$tmp"
