#!/bin/sh
# The end of a test that a report does not depend on the number of
# workers: the collection in DIR is scanned with one worker and with
# four, and the two full JSON reports must be the same bytes.
# usage: same_with_jobs.sh NAME AGENTDUP DIR   (NAME starts the messages)
set -u
name=$1 AGENTDUP=$2 dir=$3
"$AGENTDUP" scan -q -j 1 -f json --detail full -o "$dir/j1.json" "$dir/in"
"$AGENTDUP" scan -q -j 4 -f json --detail full -o "$dir/j4.json" "$dir/in"
if ! cmp -s "$dir/j1.json" "$dir/j4.json"; then
	echo "$name: the reports differ between one worker and four"
	exit 1
fi
echo "$name: same report with one worker and four"
