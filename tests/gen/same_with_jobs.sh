#!/bin/sh
# The end of a test that a report does not depend on the number of
# workers: the collection in DIR is scanned with one worker and with
# four, and the two full JSON reports must be the same bytes, and so must
# the two CSV reports (rows written on the workers) and the two HTML
# reports (data compressed on them).
# usage: same_with_jobs.sh NAME AGENTDUP DIR   (NAME starts the messages)
set -u
name=$1 AGENTDUP=$2 dir=$3
for f in json csv html; do
	for j in 1 4; do
		"$AGENTDUP" scan -q -j $j -f $f --detail full \
			-o "$dir/j$j.$f" "$dir/in"
	done
	if ! cmp -s "$dir/j1.$f" "$dir/j4.$f"; then
		echo "$name: the $f reports differ between one worker and four"
		exit 1
	fi
done
echo "$name: same reports (JSON, CSV, HTML) with one worker and four"
