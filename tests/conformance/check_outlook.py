#!/usr/bin/env python3
"""Outlook-format conformance: breachkit's reading of public .msg, TNEF, PST and OST test files
against a reference reading of each message's sender, recipients by
type (To/Cc/Bcc), subject and attachment count.

usage: check_outlook.py BREACHKIT [OUTLOOK_DIR] [--verbose]

OUTLOOK_DIR (or the environment's BREACHKIT_CORPUS + "/outlook") holds MANIFEST.tsv (file,
format, ...) and oracle.jsonl (one JSON object per message: file, embedded_path ("" or
"emb0", "emb0/emb1"...), from, to, cc, bcc ({name, address, addrtype}), subject, attachments).

Every file is ingested alone into a fresh record (`breachkit ingest FILE`), then read back
with `breachkit messages --json`. Per message, breachkit agrees when:
  - its From address is the reference's (lower-cased), or, where the reference has only an
    Exchange DN ("/O=..."), breachkit records an "address-exchange-unresolved" defect on
    From naming that DN;
  - its To, Cc and Bcc lists are the reference's, in order, the same rule for DNs, and a
    recipient the reference gives no address is an "address-missing" defect on that field;
  - its subject is the reference's (none read as "");
  - its attachments plus its "attachment-not-stored" defects are the reference's count.
A PST/OST holds many items: the reference's items (its `index`, with their `folder`) are
matched to breachkit's top-level messages by folder path (`item_path` before the '#') and
subject, then compared message by message as above (embedded ones by their path); an item
only one side has is "missing" or "extra". A reference line `no_items` means none expected.

Fails when a file crashes or times out, or a message differs without its `file#path` key
being listed in tests/data/outlook-differences.md with the reason. Exit 77 (skipped) when
the folder is not there.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
READ_FORMATS = {"msg", "tnef", "pst", "ost"}
CONTAINERS = {"pst", "ost"}


def documented():
    keys = set()
    with open(os.path.join(ROOT, "tests", "data", "outlook-differences.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\|\s*`([^`]+)`", line)
            if m:
                keys.add(m.group(1))
    return keys


def run(cmd, timeout=60):
    return subprocess.run(cmd, capture_output=True, timeout=timeout)


def read_back(bk, path):
    """(rc, rows of `messages --json`) for one file ingested alone."""
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "o.db")
        p = run([bk, "--db", db, "ingest", path])
        q = run([bk, "--db", db, "messages", "--json"])
        rows = [json.loads(l) for l in q.stdout.decode("utf-8").splitlines() if l.strip()]
        return p.returncode, rows


def embedded_paths(rows):
    """Each row's path in the reference's terms: "" for the top level, "emb0/emb1"... below."""
    by_mime = {}
    out = []
    counts = defaultdict(int)
    for r in rows:
        if r.get("parent") is None:
            by_mime[""] = ""
            out.append((r, ""))
            continue
        parent = by_mime.get(r.get("parent_path", ""), "")
        k = counts[r.get("parent_path", "")]
        counts[r.get("parent_path", "")] += 1
        path = ("%s/emb%d" % (parent, k)).lstrip("/")
        by_mime[r["mime_path"]] = path
        out.append((r, path))
    return out


def items(rows):
    """breachkit's messages grouped by top-level item: [(top row, {path: row})], in order."""
    groups = defaultdict(list)
    order = []
    for r in rows:
        i = r["index"]
        if i not in groups:
            order.append(i)
        groups[i].append(r)
    out = []
    for i in order:
        paths = {path: row for row, path in embedded_paths(groups[i])}
        out.append((paths.get(""), paths))
    return out


def same_subject(reference, mine):
    """Subjects are equal but for surrounding spaces, and for the parts breachkit masks in the
    record (an address or a number in a subject: "p••••••@outlook.com")."""
    reference, mine = (reference or "").strip(), (mine or "").strip()
    if "\u2022" not in mine:
        return reference == mine
    pattern = "".join(".+?" if part.startswith("\u2022") else re.escape(part)
                      for part in re.split("(\u2022+)", mine) if part)
    return re.fullmatch(pattern, reference, re.S) is not None


def dn_resolved(orow, mine):
    """True when the only differences are parties for which the reference has an Exchange DN
    alone and breachkit an internet address (read from the item's own SMTP properties or its
    transport headers): the reference row with those parties given breachkit's addresses
    then agrees."""
    fixed = dict(orow)
    changed = False
    frm = orow.get("from")
    mine_from = [a["address"] for a in mine.get("from", [])]
    if frm and expected(frm).startswith("/") and len(mine_from) == 1 and "@" in mine_from[0]:
        fixed["from"] = dict(frm, address=mine_from[0])
        changed = True
    for field in ("to", "cc", "bcc"):
        got = [a["address"] for a in mine.get(field, [])]
        want = orow.get(field, [])
        if len(got) == len(want):
            new = []
            for w, g in zip(want, got):
                if expected(w).startswith("/") and "@" in g:
                    new.append(dict(w, address=g))
                    changed = True
                else:
                    new.append(w)
            fixed[field] = new
    return changed and not compare(fixed, mine)


def pair_items(oracle_items, mine_items):
    """(key, reference {path: row}, breachkit {path: row} or None), then breachkit's extra
    items as (key, None, paths). An item is matched by folder and subject."""
    used = set()
    pairs = []
    for index, opaths in sorted(oracle_items.items()):
        top = opaths.get("") or {}
        folder, subject = top.get("folder") or "", top.get("subject") or ""
        found = None
        for k, (mtop, mpaths) in enumerate(mine_items):
            if k in used or mtop is None:
                continue
            mfolder = (mtop.get("item_path") or "").rsplit("#", 1)[0]
            if mfolder == folder and same_subject(subject, mtop.get("subject")):
                found = k
                break
        if found is not None:
            used.add(found)
        pairs.append(("item%d" % index, opaths, mine_items[found][1] if found is not None else None))
    for k, (mtop, mpaths) in enumerate(mine_items):
        if k not in used:
            where = (mtop or {}).get("item_path", "?")
            pairs.append(("extra:%s" % where, None, mpaths))
    return pairs


def unresolved(row, field):
    """DNs breachkit names in "address-exchange-unresolved" defects of `field`, lower-cased."""
    dns = []
    for d in row.get("defects", []):
        m = re.match(r"address-exchange-unresolved \((?:.* )?%s\): .*<(.*)>: " % field, d)
        if m:
            dns.append(m.group(1).lower())
    return dns


def missing(row, field):
    """How many "address-missing" defects (a name, no address) breachkit has on `field`."""
    return sum(1 for d in row.get("defects", [])
               if re.match(r"address-missing \((?:.* )?%s\): " % field, d))


def expected(party):
    return (party.get("address") or "").lower()


def compare(orow, mine):
    """The differences between the reference's message and breachkit's, as strings."""
    diffs = []
    frm = orow.get("from")
    mine_from = [a["address"].lower() for a in mine.get("from", [])]
    if frm and expected(frm):
        want = expected(frm)
        if want.startswith("/"):
            if want not in unresolved(mine, "From") and mine_from:
                diffs.append("from: reference %s (no SMTP form), breachkit %s" % (want, mine_from))
            elif want not in unresolved(mine, "From"):
                diffs.append("from: reference %s, breachkit no defect naming it" % want)
        elif mine_from != [want]:
            diffs.append("from: reference %s, breachkit %s" % (want, mine_from))
    elif mine_from:
        diffs.append("from: reference none, breachkit %s" % mine_from)
    for field, name in (("to", "To"), ("cc", "Cc"), ("bcc", "Bcc")):
        want = [expected(p) for p in orow.get(field, [])]
        got = [a["address"].lower() for a in mine.get(field, [])]
        want_smtp = [a for a in want if a and not a.startswith("/")]
        want_dn = sorted(a for a in want if a.startswith("/"))
        if (got != want_smtp or sorted(unresolved(mine, name)) != want_dn or
                missing(mine, name) != want.count("")):
            diffs.append("%s: reference %s, breachkit %s + unresolved %s" %
                         (field, want, got, unresolved(mine, name)))
    subject = orow.get("subject") or ""
    if not same_subject(subject, mine.get("subject")):
        diffs.append("subject: reference %r, breachkit %r" % (subject, mine.get("subject")))
    count = len(mine.get("attachments", [])) + sum(
        1 for d in mine.get("defects", []) if d.startswith("attachment-not-stored"))
    if count != orow.get("attachments", 0):
        diffs.append("attachments: reference %d, breachkit %d" % (orow.get("attachments", 0), count))
    return diffs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    bk = os.path.abspath(args[0])
    folder = args[1] if len(args) > 1 else ""
    if not folder and os.environ.get("BREACHKIT_CORPUS"):
        folder = os.path.join(os.environ["BREACHKIT_CORPUS"], "outlook")
    if not folder or not os.path.isfile(os.path.join(folder, "oracle.jsonl")):
        print("no Outlook corpus (BREACHKIT_CORPUS/outlook): skipped")
        return 77
    oracle = defaultdict(dict)
    containers = defaultdict(lambda: defaultdict(dict))  # PST/OST: file → index → path → row
    with open(os.path.join(folder, "oracle.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("format") in CONTAINERS:
                if not r.get("no_items"):
                    containers[r["file"]][r["index"]][r.get("embedded_path") or ""] = r
                else:
                    containers[r["file"]]  # a file with no item: none expected
                continue
            oracle[r["file"]][r.get("embedded_path") or ""] = r
    files = []
    with open(os.path.join(folder, "MANIFEST.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 1 and cols[0] != "file" and not line.startswith("#"):
                files.append((cols[0], cols[1]))
    stats = defaultdict(lambda: defaultdict(int))
    differences = []
    for rel, fmt in files:
        s = stats[fmt]
        s["files"] += 1
        try:
            rc, rows = read_back(bk, os.path.join(folder, rel))
        except subprocess.TimeoutExpired:
            s["timeouts"] += 1
            differences.append((rel, "timeout"))
            continue
        if rc < 0 or rc >= 124:
            s["crashes"] += 1
            differences.append((rel, "crash rc=%d" % rc))
            continue
        if fmt not in READ_FORMATS:
            recorded = len(rows) == 1 and rows[0].get("unparsed")
            s["recorded_unparsed" if recorded and rc == 3 else "not_recorded"] += 1
            if not (recorded and rc == 3):
                differences.append((rel, "not recorded as unparsed (rc=%d, %d rows)" % (rc, len(rows))))
            continue
        if fmt in CONTAINERS:
            if rc != 0:  # exit 3: an item not read, or a folder that could not be walked
                differences.append(("%s#exit" % rel, "ingest exited %d" % rc))
            if any(r.get("unparsed") for r in rows):
                differences.append((rel, "items not read: %s" % "; ".join(
                    r.get("parse_error", "") for r in rows if r.get("unparsed"))))
            for key, opaths, mpaths in pair_items(containers.get(rel, {}), items(rows)):
                if opaths is None:
                    s["extra"] += 1
                    differences.append(("%s#%s" % (rel, key), "an item the reference does not have"))
                    continue
                for path, orow in sorted(opaths.items()):
                    s["messages"] += 1
                    k = "%s#%s/%s" % (rel, key, path or "top")
                    row = (mpaths or {}).get(path)
                    if row is None:
                        s["missing"] += 1
                        differences.append((k, "missing"))
                        continue
                    diffs = compare(orow, row)
                    if diffs and dn_resolved(orow, row):
                        # One documented line per file for this kind: see the differences file.
                        s["differ"] += 1
                        s["dn_resolved"] += 1
                        differences.append(("%s#dn-resolved" % rel, "; ".join(diffs)))
                    elif diffs:
                        s["differ"] += 1
                        differences.append((k, "; ".join(diffs)))
                    else:
                        s["agree"] += 1
                for path in sorted(set(mpaths or {}) - set(opaths)):
                    s["extra"] += 1
                    differences.append(("%s#%s/%s" % (rel, key, path), "a message the reference does not have"))
            continue
        mine = {path: row for row, path in embedded_paths(rows)}
        for path, orow in sorted(oracle.get(rel, {}).items()):
            s["messages"] += 1
            key = "%s#%s" % (rel, path or "top")
            row = mine.get(path)
            if row is None:
                s["missing"] += 1
                differences.append((key, "missing"))
                continue
            diffs = compare(orow, row)
            if diffs:
                s["differ"] += 1
                differences.append((key, "; ".join(diffs)))
            else:
                s["agree"] += 1
        for path in sorted(set(mine) - set(oracle.get(rel, {}))):
            s["extra"] += 1
            differences.append(("%s#%s" % (rel, path or "top"), "a message the reference does not have"))
    for fmt in sorted(stats):
        s = stats[fmt]
        if fmt in READ_FORMATS:
            print("%s: %d/%d messages agree (%d files), differ %d%s, missing %d, extra %d, "
                  "crashes %d, timeouts %d" % (
                      fmt, s["agree"], s["messages"], s["files"], s["differ"],
                      " (%d of them only an Exchange DN the reference has where breachkit has "
                      "the address)" % s["dn_resolved"] if s["dn_resolved"] else "",
                      s["missing"], s["extra"], s["crashes"], s["timeouts"]))
        else:
            print("%s: not read by this version; %d/%d files recorded as unparsed (exit 3), "
                  "crashes %d, timeouts %d" % (fmt, s["recorded_unparsed"], s["files"],
                                               s["crashes"], s["timeouts"]))
    known = documented()
    undocumented = [(k, d) for k, d in differences if k not in known]
    shown = set()
    for k, d in differences:
        if k.endswith("#dn-resolved") and k in known and not verbose:
            continue
        if k.endswith("#dn-resolved") and k in shown:
            continue
        shown.add(k)
        if verbose or k not in known:
            print("  %s%s: %s" % ("" if k in known else "UNDOCUMENTED ", k, d))
    crashes = sum(s["crashes"] + s["timeouts"] for s in stats.values())
    print("%d differences, %d documented in tests/data/outlook-differences.md, crashes+timeouts %d"
          % (len(differences), len(differences) - len(undocumented), crashes))
    return 0 if not undocumented and crashes == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
