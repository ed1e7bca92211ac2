#!/bin/sh
# SARIF output against the SARIF 2.1.0 JSON schema, offline: the schema
# is tests/sarif/sarif-schema-2.1.0.json (see tests/sarif/README.md for
# where it comes from) and the validator is Debian's python3-jsonschema,
# which scripts/setup.sh installs.
# Valid: the reports of the fixtures with every kind of result, a file
# outside the root (an absolute URI), names that need percent-encoding,
# and a rule and a cluster over the cap of related locations.
# Invalid, and the validator must say so: our own report with a level
# SARIF does not know, and with a result that lost its message.
# usage: run.sh AGENTDUP TESTS_DIR
set -u
AGENTDUP=$1
here=$2/sarif
fixtures=$2/fixtures
schema=$here/sarif-schema-2.1.0.json
python=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then python=$p; break; fi
done
if [ -z "$python" ]; then
	echo "sarif: no python3 with jsonschema (apt-get install python3-jsonschema, or run scripts/setup.sh)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# a collection over the caps, in a work tree of its own: 24 copies of
# one agent (a cluster, and rules, of 24) and, outside the work tree, an
# agent of the same name that does another job (a name collision of 25)
mkdir -p "$tmp/repo/.git" "$tmp/repo/agents" "$tmp/outside"
i=0
while [ $i -lt 24 ]; do
	mkdir -p "$tmp/repo/agents/copy$i"
	printf -- '---\nname: helper\ndescription: Helps the team with releases.\n---\n\nYou help with releases.\n\n## Rules\n\n- Always run the full test suite before a release\n- Write the release notes\n' \
		>"$tmp/repo/agents/copy$i/helper.md"
	i=$((i + 1))
done
sed 's/^name: reviewer$/name: helper/' "$fixtures/sarif/team-a/reviewer.md" \
	>"$tmp/outside/helper.md"

run() { # name, then the arguments of scan
	name=$1; shift
	"$AGENTDUP" scan -q -f sarif -o "$tmp/$name.sarif" "$@"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: scan exited $rc"; fail=1
	fi
}
run fixtures-all --kinds all --sarif-root "$fixtures" "$fixtures/sarif" \
	"$fixtures/scan"
run fixtures-default "$fixtures/sarif"
run caps-outside --kinds all --sarif-root "$tmp/repo" "$tmp/outside" \
	"$tmp/repo/agents"
grep -q '"artifactLocation": {"uri": "file://[^"]*"}' "$tmp/caps-outside.sarif" ||
	{ echo "FAIL caps-outside: no absolute URI"; fail=1; }
grep -q 'more are not' "$tmp/caps-outside.sarif" ||
	{ echo "FAIL caps-outside: no capped result"; fail=1; }
for f in fixtures-all fixtures-default caps-outside; do
	"$python" "$here/validate.py" "$schema" "$tmp/$f.sarif" || fail=1
done

# the validator must reject SARIF that is not valid
sed 's/"level": "warning"/"level": "warn"/' "$tmp/fixtures-all.sarif" \
	>"$tmp/bad-level.sarif"
sed 's/"message": {"text": "[^"]*"}, *//; s/"message": {"text": "[^"]*"},$//' \
	"$tmp/fixtures-all.sarif" >"$tmp/no-message.sarif"
for f in bad-level no-message; do
	if cmp -s "$tmp/$f.sarif" "$tmp/fixtures-all.sarif"; then
		echo "FAIL $f: the edit did not apply"; fail=1
	elif "$python" "$here/validate.py" "$schema" "$tmp/$f.sarif" >"$tmp/out"; then
		echo "FAIL $f: accepted"; fail=1
	else
		head -2 "$tmp/out"
	fi
done
[ $fail = 0 ] && echo "sarif: 3 reports valid, 2 broken ones refused"
exit $fail
