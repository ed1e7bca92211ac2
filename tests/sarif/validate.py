"""Validate SARIF logs against the SARIF 2.1.0 JSON schema.

usage: validate.py SCHEMA FILE...

The schema is read from SCHEMA (tests/sarif/sarif-schema-2.1.0.json),
never fetched: its "$ref"s are all inside it. Prints each file's first
errors and exits 1 when any file is not valid, 0 when every one is.
Needs the jsonschema module (Debian: python3-jsonschema).
"""
import json
import sys

import jsonschema


def errors_of(validator, path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.path))


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.validators.validator_for(schema)(schema)
    bad = 0
    for path in argv[2:]:
        errs = errors_of(validator, path)
        if errs:
            bad += 1
            print(f"{path}: not valid SARIF 2.1.0 ({len(errs)} errors)")
            for e in errs[:5]:
                where = "/".join(str(p) for p in e.path) or "(top)"
                print(f"  at {where}: {e.message[:200]}")
        else:
            print(f"{path}: valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
