#!/usr/bin/env python3
"""Precision of breachkit's counted findings and persons on a held-out set of real mail.

The messages are not in this repository (they are other projects' test mail): fetch each file
of tests/data/precision/heldout/sources.tsv (repo, path, commit) into a folder, saved under the
name of its `saved_as` column, then:

    python3 tests/precision/heldout.py build/tools/breachkit FOLDER

The labels (tests/data/precision/heldout/labels.tsv) were made by hand by a labeller who read
each message (labeller-notes.md): one row a counted finding, a near miss or a person, keyed by
file, category and masked value. A finding or person the labels do not know is "unlabelled".
Exit 77 (skipped) without FOLDER.
"""
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = os.path.join(HERE, "..", "data", "precision", "heldout", "labels.tsv")


def masked(category, value):
    # The labeller's masking of a value (labeller-notes.md).
    if category == "email" or "@" in value:
        local, _, domain = value.partition("@")
        return local[:1] + "•••@" + domain
    if category == "phone":
        return value[:4] + "•••" + value[-2:]
    if category == "ip_address":
        parts = value.split(".")
        return parts[0] + ".•••.•••." + parts[-1]
    if category == "person_name":
        return " ".join(w[:1] + "•••" for w in value.split())
    return value[:2] + "•••"


def run(breachkit, db, *args):
    r = subprocess.run([breachkit, "--db", db, *args], capture_output=True, text=True)
    if r.returncode not in (0, 3):
        sys.exit(f"heldout: breachkit {' '.join(args[:2])} failed ({r.returncode}): {r.stderr}")
    return r.stdout


def main():
    if len(sys.argv) < 3 or not os.path.isdir(sys.argv[2]):
        print("usage: heldout.py BREACHKIT FOLDER (the messages of sources.tsv): skipped")
        return 77
    breachkit, folder = sys.argv[1], os.path.abspath(sys.argv[2])
    labels = {}
    with open(LABELS, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            labels[(row["file"], row["category"], row["masked_value"])] = row["label"]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "h.db")
        run(breachkit, db, "init")
        run(breachkit, db, "ingest", folder)
        items = [json.loads(line) for line in
                 run(breachkit, db, "review", "--all", "--json", "--reveal", "--limit", "0")
                 .splitlines()]
        persons = [json.loads(line) for line in run(breachkit, db, "persons", "--json").splitlines()]
    tally = collections.defaultdict(collections.Counter)
    for it in items:
        if "value" not in it or not it.get("counted"):
            continue
        where = os.path.relpath(it["where"].split(" #")[0], folder)
        key = (where, it["category"], masked(it["category"], it["value"]))
        tally[it["category"]][labels.get(key, "unlabelled")] += 1
    by_address = {k[2]: v for k, v in labels.items() if k[1] == "person"}
    for p in persons:
        address = p.get("address") or ""
        tally["persons"][by_address.get(masked("email", address), "unlabelled")
                         if address else "unlabelled"] += 1
    print(f"{'category':14} {'n':>5} {'tp':>5} {'fp':>5} {'unclear':>8} {'unlabelled':>11} precision")
    for category, c in sorted(tally.items()):
        tp, fp = c["tp"], c["fp"]
        p = f"{tp / (tp + fp):.3f}" if tp + fp else "-"
        print(f"{category:14} {sum(c.values()):5} {tp:5} {fp:5} {c['unclear']:8} "
              f"{c['unlabelled']:11} {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
