#!/usr/bin/env python3
"""Write an agent file with a hostile frontmatter, for tests that bound time.

    hostile_frontmatter.py keys N OUT     N distinct top-level keys (plus name
                                          and description), then a body
    hostile_frontmatter.py dupkeys N OUT  N keys that all repeat one key
    hostile_frontmatter.py flow N OUT     a value nested N deep in flow
                                          sequences: [[[[...]]]]
    hostile_frontmatter.py block N OUT    a value nested N deep in compact
                                          block sequences: - - - - x

Nothing this writes is committed: the tests generate it at run time.
"""
import sys

BODY = ("\n# Role\n\nYou review pull requests for security problems.\n\n"
        "## Rules\n\n- Always cite the line you mean.\n"
        "- Never approve a change you did not read.\n")


def head():
    return "---\nname: hostile\ndescription: an agent with a hostile frontmatter\n"


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    mode, n, out = argv[1], int(argv[2]), argv[3]
    parts = [head()]
    if mode == "keys":
        parts.extend("key%d: value %d\n" % (i, i) for i in range(n))
    elif mode == "dupkeys":
        parts.extend("again: value %d\n" % i for i in range(n))
    elif mode == "flow":
        parts.append("nest: " + "[" * n + "x" + "]" * n + "\n")
    elif mode == "block":
        parts.append("nest:\n  " + "- " * n + "x\n")
    else:
        sys.stderr.write(__doc__)
        return 2
    parts.append("---\n")
    parts.append(BODY)
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
