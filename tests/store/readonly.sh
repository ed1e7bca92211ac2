#!/bin/sh
# A store on a medium the tool cannot write is still read: `snapshots`,
# `drift` and `history` succeed, and the store keeps its bytes; a
# `snapshot` is refused with the reason.
# usage: readonly.sh AGENTDUP SOURCE_DIR
# Run as root, the commands run as the user nobody (setpriv), since root
# writes through missing write permission; without setpriv, exit 77
# (skipped).
set -u
AGENTDUP=$1
SRC=$2
if [ "$(id -u)" -eq 0 ]; then
	if ! command -v setpriv >/dev/null; then
		echo "readonly: root without setpriv"
		exit 77
	fi
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	as=""
fi
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir "$tmp/c" "$tmp/ro"
cp -r "$SRC/corpus/core" "$SRC/corpus/fork-acme" "$tmp/c/"
db="$tmp/ro/store.db"
"$AGENTDUP" snapshot -q --db "$db" --label one "$tmp/c" || exit 1
printf -- '- one more rule, added later\n' >>"$tmp/c/core/code-reviewer.md"
"$AGENTDUP" snapshot -q --db "$db" --label two "$tmp/c" || exit 1
# nothing but the store itself: no WAL left to read
ls "$tmp/ro" | grep -qv '^store.db$' && { echo "FAIL: $(ls "$tmp/ro")"; exit 1; }
chmod 444 "$db"
chmod 555 "$tmp/ro"
if [ -n "$as" ] && ! $as "$AGENTDUP" --help >/dev/null 2>&1; then
	echo "readonly: nobody cannot run $AGENTDUP"
	exit 77
fi
before=$(cksum <"$db")
fail=0
for cmd in "snapshots --db $db" "drift --db $db" \
	"history --db $db code-reviewer.md"; do
	# shellcheck disable=SC2086
	if ! out=$($as "$AGENTDUP" $cmd 2>&1); then
		echo "FAIL: agentdup $cmd: $out"
		fail=1
	fi
done
# and the store is as it was, with nothing beside it
[ "$(cksum <"$db")" = "$before" ] || { echo "FAIL: the store changed"; fail=1; }
[ "$(ls "$tmp/ro")" = "store.db" ] || { echo "FAIL: files beside it: $(ls "$tmp/ro")"; fail=1; }
# A writer is refused at once, saying why, and writes nothing.
out=$($as "$AGENTDUP" snapshot -q --db "$db" --label three "$tmp/c" 2>&1)
st=$?
case "$st:$out" in
3:*"cannot write the store: Permission denied"*) ;;
*) echo "FAIL: snapshot on a read-only store: exit $st: $out"; fail=1 ;;
esac
[ "$(cksum <"$db")" = "$before" ] || { echo "FAIL: the refused snapshot wrote"; fail=1; }
# A store of schema version 2 has the tables of version 5 but for its
# counts, a row a term as versions 1 to 3 kept them (and older keys, which
# reading does not look at): made here from the store above by python3's
# sqlite3, it cannot be migrated, so it is read as it is.
chmod 755 "$tmp/ro"
chmod 644 "$db"
python3 - "$db" <<'PY' || { echo "FAIL: could not make a version 2 store"; exit 1; }
import sqlite3, sys

def numbers(b):
    x = shift = 0
    for byte in b:
        x |= (byte & 0x7f) << shift
        shift += 7
        if not byte & 0x80:
            yield x
            x = shift = 0

db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode = DELETE")
db.execute("CREATE TABLE count(blob_id INTEGER NOT NULL REFERENCES blob(id)"
           " ON DELETE CASCADE, term_id INTEGER NOT NULL REFERENCES term(id),"
           " n INTEGER NOT NULL, PRIMARY KEY(blob_id, term_id)) WITHOUT ROWID")
for blob, packed in db.execute("SELECT blob_id, packed FROM counts").fetchall():
    v = list(numbers(packed))
    term = 0
    for k in range(v[0]):
        term += v[1 + 2 * k]
        db.execute("INSERT INTO count VALUES(?, ?, ?)", (blob, term, v[2 + 2 * k]))
db.execute("DROP TABLE counts")
db.commit()
db.execute("PRAGMA user_version = 2")
db.close()
PY
chmod 444 "$db"
chmod 555 "$tmp/ro"
before=$(cksum <"$db")
for cmd in "snapshots --db $db" "drift --db $db"; do
	# shellcheck disable=SC2086
	if ! out=$($as "$AGENTDUP" $cmd 2>&1); then
		echo "FAIL: version 2: agentdup $cmd: $out"
		fail=1
	fi
done
[ "$(cksum <"$db")" = "$before" ] || { echo "FAIL: the version 2 store changed"; fail=1; }
[ $fail -eq 0 ] && echo "readonly: snapshots, drift and history read a store on a read-only folder (versions 5 and 2)"
exit $fail
