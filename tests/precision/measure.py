#!/usr/bin/env python3
"""Precision of the detectors and of the persons count on real mail, against hand labels.

    measure.py BREACHKIT CORPUS [--labels DIR] [--check] [--json]

Ingests every message file of CORPUS (the mail corpus: each folder's MANIFEST.tsv, kind
"message") into a fresh record, lists every finding with its value (`review --all --json
--reveal`, on that temporary record only) and every counted person (`persons --json`), and
joins them with the hand labels of tests/data/precision/:
  - findings-labels.tsv: one line per finding (source, message, location, category, hash of
    the value): tp, fp or unclear;
  - persons-labels.tsv: one line per address (hash): person, functional or unclear.
Prints, per category, the counted findings, how many are labelled true / false / unclear /
not labelled, the precision tp / (tp + fp), and how many findings labelled true are no
longer counted ("missed": what a change to a detector lost); the near misses (not counted until the DPO
confirms them) apart; then the same for the persons.

Each category is also compared with the target (0.95 for a category with at least 20
labelled findings, 0.98 for the special categories of Art. 9 and 10; 0.95 for the persons):
"met" or "NOT MET" is printed beside it.

--check exits 1 when a counted finding or person has no label (a detector change made a new
one: label it), or when a precision falls under its floor, or more labelled true findings are
missed than the floor allows (tests/data/precision/floors.json: the figures reached, so that
no change makes them worse unnoticed). CORPUS may be left out when the environment's
BREACHKIT_CORPUS names it; exit 77 (skipped) when there is none.
"""
import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

SPECIAL = {"health", "religion", "trade_union", "political_opinion", "sexual_orientation",
           "ethnic_origin", "offence"}


def h16(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_labels(path, key_columns):
    labels = {}
    with open(path, encoding="utf-8") as f:
        rows = [line for line in f if not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        labels[tuple(row[c] for c in key_columns)] = (row["label"], row["reason"], row["note"])
    return labels


def corpus_files(corpus):
    files = []
    for folder in sorted(os.listdir(corpus)):
        manifest = os.path.join(corpus, folder, "MANIFEST.tsv")
        if not os.path.isfile(manifest):
            continue
        with open(manifest, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) > 1 and cols[1] == "message":
                    files.append(os.path.join(corpus, folder, cols[0]))
    return files


def run(breachkit, db, *args):
    r = subprocess.run([breachkit, "--db", db, *args], capture_output=True, text=True)
    if r.returncode not in (0, 3):  # 3: some input could not be read (the corpus has such)
        sys.exit(f"measure: breachkit {' '.join(args[:2])} failed ({r.returncode}): {r.stderr}")
    return r.stdout


def finding_key(item, corpus):
    source, rest = item["where"].split(" #", 1)
    message, location = rest.split(" ", 1)
    rel = os.path.relpath(source, corpus)
    return (rel, "#" + message, location, item["category"],
            h16(item["category"] + ":" + item["value"]))


def precision(tp, fp):
    return tp / (tp + fp) if tp + fp else None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("breachkit")
    ap.add_argument("corpus", nargs="?", default=os.environ.get("BREACHKIT_CORPUS", ""))
    ap.add_argument("--labels", default=os.path.join(here, "..", "data", "precision"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--list", choices=["fp", "unlabelled", "missed"],
                    help="print these findings too (missed: labelled true, no longer counted)")
    args = ap.parse_args()
    if not args.corpus or not os.path.isdir(args.corpus):
        print("no corpus (give CORPUS or BREACHKIT_CORPUS): skipped")
        return 77
    corpus = os.path.abspath(args.corpus)
    with open(os.path.join(args.labels, "floors.json"), encoding="utf-8") as f:
        floors = json.load(f)
    flabels = read_labels(os.path.join(args.labels, "findings-labels.tsv"),
                          ["source", "message", "location", "category", "value_hash"])
    plabels = read_labels(os.path.join(args.labels, "persons-labels.tsv"), ["address_hash"])

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "corpus.db")
        run(args.breachkit, db, "init")
        run(args.breachkit, db, "ingest", *corpus_files(corpus))
        items = [json.loads(line) for line in
                 run(args.breachkit, db, "review", "--all", "--json", "--reveal", "--limit", "0")
                 .splitlines()]
        persons = [json.loads(line) for line in
                   run(args.breachkit, db, "persons", "--json").splitlines()]

    counted = defaultdict(lambda: defaultdict(int))
    near = defaultdict(lambda: defaultdict(int))
    listed = []
    for it in items:
        if it.get("category") == "person-merge" or "value" not in it:
            continue
        label, reason, note = flabels.get(finding_key(it, corpus), ("unlabelled", "", ""))
        table = counted if it.get("counted") else near
        table[it["category"]][label] += 1
        if args.list == "unlabelled" and label == "unlabelled":
            # Ready to complete and paste into findings-labels.tsv: label, reason, note.
            listed.append("\t".join(finding_key(it, corpus)) + f"\t{it['masked']}\t?\t?\t? "
                          f"({it['validation']}, {'counted' if it.get('counted') else 'near miss'})")
        elif args.list and label == args.list and it.get("counted"):
            listed.append(f"{label}\t{it['category']}\t{it['validation']}\t{it['where']}\t"
                          f"{it['masked']}\t{reason}\t{note}")
    # The labelled true findings no longer found (or no longer counted): what a change lost.
    found_keys = {finding_key(it, corpus) for it in items
                  if it.get("category") != "person-merge" and "value" in it and it.get("counted")}
    missed = defaultdict(int)
    for key, (label, reason, note) in flabels.items():
        if label == "tp" and key not in found_keys:
            missed[key[3]] += 1
            if args.list == "missed":
                listed.append(f"missed\t{key[3]}\t{key[0]} {key[1]} {key[2]}\t{reason}\t{note}")
    people = defaultdict(int)
    for p in persons:
        if p.get("found_in_table"):
            continue  # a table's row: the corpus has none; labelled by address only
        label = plabels.get((h16("address:" + p["address"].lower()),), ("unlabelled",))
        people[label[0]] += 1
        if args.list == "fp" and label[0] == "functional":
            local, _, domain = p["address"].partition("@")
            listed.append(f"functional\tperson\t{local[:1]}•••@{domain}\t{label[1]}\t{label[2]}")

    report = {"findings": {}, "near_misses": {}, "persons": {}}
    failures = []
    for name, table in (("findings", counted), ("near_misses", near)):
        for cat in sorted(table):
            c = table[cat]
            p = precision(c["tp"], c["fp"])
            report[name][cat] = {"n": sum(c.values()), "tp": c["tp"], "fp": c["fp"],
                                 "unclear": c["unclear"], "unlabelled": c["unlabelled"],
                                 "precision": p,
                                 "labelled_tp_missed": missed[cat] if name == "findings" else 0}
            if name != "findings":
                continue
            if c["unlabelled"]:
                failures.append(f"{cat}: {c['unlabelled']} counted finding(s) without a label")
            target = 0.98 if cat in SPECIAL else 0.95
            report[name][cat]["target"] = (
                None if c["tp"] + c["fp"] < 20 or p is None else
                "met" if p >= target else "NOT MET")
            floor = floors.get("findings", {}).get(cat, {})
            if p is not None and p < floor.get("precision", 0):
                failures.append(f"{cat}: precision {p:.3f} under its floor {floor['precision']}")
            if missed[cat] > floor.get("missed", 0):
                failures.append(f"{cat}: {missed[cat]} labelled true finding(s) missed, "
                                f"{floor.get('missed', 0)} allowed")
    pp = precision(people["person"], people["functional"])
    report["persons"] = {"n": sum(people.values()), "person": people["person"],
                         "functional": people["functional"], "unclear": people["unclear"],
                         "unlabelled": people["unlabelled"], "precision": pp}
    if people["unlabelled"]:
        failures.append(f"persons: {people['unlabelled']} counted address(es) without a label")
    report["persons"]["target"] = None if pp is None else "met" if pp >= 0.95 else "NOT MET"
    if pp is not None and pp < floors.get("persons", {}).get("precision", 0):
        failures.append(f"persons: precision {pp:.3f} under its floor")

    if args.json:
        print(json.dumps(report, indent=1, sort_keys=True))
    else:
        fmt = "{:<22}{:>6}{:>6}{:>6}{:>9}{:>12}{:>11}{:>9}  {}"
        for name, title in (("findings", "Counted findings"),
                            ("near_misses", "Near misses (not counted until confirmed)")):
            print(title)
            print(fmt.format("category", "n", "tp", "fp", "unclear", "unlabelled", "precision",
                             "missed" if name == "findings" else "",
                             "target" if name == "findings" else ""))
            for cat, c in report[name].items():
                p = "-" if c["precision"] is None else f"{c['precision']:.3f}"
                print(fmt.format(cat, c["n"], c["tp"], c["fp"], c["unclear"], c["unlabelled"], p,
                                 c["labelled_tp_missed"] if name == "findings" else "",
                                 c.get("target") or ""))
            if not report[name]:
                print("  (none)")
            print()
        c = report["persons"]
        p = "-" if c["precision"] is None else f"{c['precision']:.3f}"
        print("Persons counted")
        print(fmt.format("", "n", "person", "funct.", "unclear", "unlabelled", "precision", "",
                         "target"))
        print(fmt.format("address", c["n"], c["person"], c["functional"], c["unclear"],
                         c["unlabelled"], p, "", c.get("target") or ""))
    for line in listed:
        print(line)
    if args.check and failures:
        for f in failures:
            print("FAIL " + f, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
