#!/usr/bin/env python3
"""Ingestion conformance on a corpus of other mail parsers' test messages with Python's
reference parse. The corpus is not part of the repository: CORPUS_DIR, or the environment's
BREACHKIT_CORPUS, names its folder; its comparison tool stands beside it, in
CORPUS_DIR/../tools/compare_ingest.py.

usage: check_corpus.py BREACHKIT [CORPUS_DIR]

Runs compare_ingest.py (every message ingested into a fresh record and its
(field, address) pairs compared with Python's reference parse), prints its agreement
figures, and fails when a message crashes, times out, goes missing, or differs without
being listed in tests/data/corpus-differences.md (with the reason). Exit 77 (skipped) when
no corpus is given or it is not there.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def documented():
    """`file#index` keys listed in the differences document."""
    keys = set()
    with open(os.path.join(ROOT, "tests", "data", "corpus-differences.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\|\s*`([^`]+#\d+)`", line)
            if m:
                keys.add(m.group(1))
    return keys


def main():
    breachkit = os.path.abspath(sys.argv[1])
    corpus = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("BREACHKIT_CORPUS", "")
    if not corpus:
        print("no corpus given (BREACHKIT_CORPUS): skipped")
        return 77
    tool = os.path.join(corpus, "..", "tools", "compare_ingest.py")
    if not os.path.isdir(corpus) or not os.path.isfile(tool):
        print("corpus not found at %s: skipped" % corpus)
        return 77
    p = subprocess.run([sys.executable, tool, breachkit, corpus], capture_output=True, text=True)
    print(p.stdout, end="")
    if p.returncode != 0:
        print(p.stderr, file=sys.stderr)
        return 1
    total = re.search(r"TOTAL: (\d+)/(\d+) agree .*crashes (\d+), timeouts (\d+)", p.stdout)
    if not total:
        print("no TOTAL line from compare_ingest.py", file=sys.stderr)
        return 1
    agree, judged, crashes, timeouts = map(int, total.groups())
    found = set()
    for line in p.stdout.splitlines():
        m = re.match(r"\s+(\S+) #(\d+) ", line) or re.match(r"\s+(\S+) message (\d+) missing", line)
        if m:
            found.add("%s#%s" % m.groups())
    undocumented = sorted(found - documented())
    ok = crashes == 0 and timeouts == 0 and not undocumented and judged - agree == len(found)
    for key in undocumented:
        print("undocumented difference: %s (explain it in tests/data/corpus-differences.md)" % key)
    print("%d passed, %d failed" % (agree + len(found) - len(undocumented),
                                    len(undocumented) + crashes + timeouts))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
