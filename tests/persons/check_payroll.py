#!/usr/bin/env python3
"""End-to-end acceptance check for persons found in the content of a leak: an e-mail sent by
staff to one wrong outside address, with a table of persons attached (a payroll sheet in six
formats, a table of job candidates, a CSV without a header row). Python 3 standard library
only.

usage: check_payroll.py [BREACHKIT] [--data DIR] [--keep DIR] [--only NAME,...] [--seed N]

BREACHKIT is the breachkit binary (or the environment variable BREACHKIT). The leaks are made
by tests/data/payroll/make_payroll.py --shape all into a temporary folder (or taken from
--data DIR, a folder that script wrote). For each variant the script runs, in a folder of its
own:

  breachkit -q run LEAK.eml -o OUT --org organisation.xml
  breachkit --db OUT/incident.db summary --json --show-addresses
  breachkit --db OUT/incident.db subjects --json
  breachkit --db OUT/incident.db assess --json
  breachkit --db OUT/incident.db contacts import contacts.csv     (payroll variants)

and compares what they say with expected.json. One line per check, PASS, FAIL or SKIP with
the figures; exit 1 when any check fails, 2 when the check itself cannot run (no binary, the
generator fails). Nothing of the leak is printed in clear except the synthetic recipient's
address.

The checks (see tests/data/README.md):
  persons        summary: persons affected == the rows of the table (the header and the Total
                 row are not persons; the outside recipient is not one either)
  rows           every row of the table is exactly one person of `subjects`, and no person
                 is left over (matched by e-mail address, else by name)
  staff-rows     rows whose e-mail is at the organisation's own domain (the clerk who sent
                 the mail among them) are persons all the same
  recipient      the outside recipient is not an affected person
  category:*     each expected CNIL category is in the summary with the expected persons
  row-categories each person has the CNIL categories of their own row
  third-party    the outside recipient is listed among the third-party recipients
  decision       assess: notify the CNIL (Art. 33) and inform the persons (Art. 34)
  letters        one letter per row in letters/manifest.csv
  letter-text    each letter (pdftotext) names its own person and no other row's name,
                 e-mail or matricule (SKIP without pdftotext)
  no-contact     rows without e-mail are persons without an address, until contacts import
  contacts       `breachkit contacts import contacts.csv` gives them their e-mail or postal
                 address (FAIL "command missing" while the command does not exist)
"""
import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "..", "data", "payroll", "make_payroll.py")
TIMEOUT = 600

CATEGORY_SHORT = {}  # CNIL label -> short key, from expected.json


class Report:
    def __init__(self):
        self.counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}

    def line(self, status, variant, check, text):
        self.counts[status] += 1
        print("%-4s  %-17s %-16s %s" % (status, variant, check, text), flush=True)

    def ok(self, cond, variant, check, text):
        self.line("PASS" if cond else "FAIL", variant, check, text)
        return cond


def norm(s):
    """A name or address compared as a reader would: NFC, case-folded, spaces collapsed."""
    if not s:
        return ""
    return " ".join(unicodedata.normalize("NFC", s).casefold().split())


def run(cmd, **kw):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, **kw)
    except subprocess.TimeoutExpired:
        return 124, b"", b"timed out after %d s" % TIMEOUT
    return p.returncode, p.stdout, p.stderr


def first_line(b):
    text = b.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:160] if text else "(nothing on stderr)"


def json_of(bk, db, args):
    """(value, error): the command's JSON output, or why there is none."""
    rc, out, err = run([bk, "-q", "--db", db] + args)
    if rc not in (0, 3):
        return None, "`%s` exited %d: %s" % (" ".join(args), rc, first_line(err))
    try:
        text = out.decode("utf-8")
        if args[0] == "subjects":
            return [json.loads(line) for line in text.splitlines() if line.strip()], None
        return json.loads(text), None
    except (UnicodeDecodeError, ValueError) as e:
        return None, "`%s` printed no valid JSON: %s" % (" ".join(args), e)


def written(row):
    """(first name, surname) as the attachment writes them."""
    return row.get("prenom_written", row["prenom"]), row.get("nom_written", row["nom"])


def row_keys(row):
    """What identifies a row in breachkit's output: its e-mail, its name in either order."""
    first, last = written(row)
    names = {norm(row.get("name")), norm("%s %s" % (first, last)), norm("%s %s" % (last, first))}
    names.discard("")
    return norm(row.get("email")), names


def match_rows(rows, persons, address_of, names_of):
    """row id -> list of person indexes; and the persons that match no row."""
    by_row = {r["id"]: [] for r in rows}
    matched = set()
    for i, p in enumerate(persons):
        addr = norm(address_of(p))
        names = {norm(n) for n in names_of(p) if n}
        for r in rows:
            email, rnames = row_keys(r)
            if (email and addr == email) or (not (email and addr) and names & rnames):
                by_row[r["id"]].append(i)
                matched.add(i)
    leftover = [i for i in range(len(persons)) if i not in matched]
    return by_row, leftover


def subject_names(s):
    return [s.get("display_name") or ""] + list(s.get("other_names") or [])


def check_variant(bk, data_dir, work, key, v, report, pdftotext):
    out = os.path.join(work, key)
    db = os.path.join(out, "incident.db")
    leak = os.path.join(data_dir, v["file"])
    org = os.path.join(data_dir, "organisation.xml")
    rows = v["rows"]
    n = v["persons"]
    recipient = v["outside_recipients"][0]

    rc, _, err = run([bk, "-q", "run", leak, "-o", out, "--org", org])
    report.ok(rc in (0, 3), key, "run", "breachkit run exited %d%s"
              % (rc, "" if rc in (0, 3) else ": " + first_line(err)))
    if not os.path.exists(db):
        for check in ("persons", "rows", "recipient", "third-party", "decision", "letters"):
            report.line("FAIL", key, check, "no record: %s" % db)
        return

    summary, s_err = json_of(bk, db, ["summary", "--json", "--show-addresses"])
    subjects, j_err = json_of(bk, db, ["subjects", "--json"])
    assess, a_err = json_of(bk, db, ["assess", "--json"])

    # persons
    if summary is None:
        report.line("FAIL", key, "persons", s_err)
    else:
        got = summary.get("persons_affected")
        report.ok(got == n, key, "persons", "persons affected: %s (expected %d: the %d rows)"
                  % (got, n, n))

    # rows, staff-rows, recipient, row-categories, no-contact
    by_row = {}
    if subjects is None:
        for check in ("rows", "recipient", "row-categories"):
            report.line("FAIL", key, check, j_err)
    else:
        by_row, leftover = match_rows(rows, subjects, lambda s: s.get("address"), subject_names)
        once = sum(1 for r in rows if len(by_row[r["id"]]) == 1)
        twice = sum(1 for r in rows if len(by_row[r["id"]]) > 1)
        missing = sum(1 for r in rows if not by_row[r["id"]])
        report.ok(once == n and not leftover, key, "rows",
                  "%d/%d rows found as exactly one person (%d missing, %d found more than once); "
                  "%d persons match no row (of %d listed)"
                  % (once, n, missing, twice, len(leftover), len(subjects)))
        staff_domain = "@" + v["sender"].split("@")[1]  # the organisation's own domain
        work_rows = [r for r in rows if r.get("email") and r["email"].endswith(staff_domain)]
        if work_rows:
            found = sum(1 for r in work_rows if by_row[r["id"]])
            sender_row = [r for r in work_rows if norm(r["email"]) == norm(v["sender"])]
            sender_found = bool(sender_row) and bool(by_row[sender_row[0]["id"]])
            report.ok(found == len(work_rows), key, "staff-rows",
                      "%d/%d rows with a work address at %s are persons%s"
                      % (found, len(work_rows), staff_domain[1:],
                         " (the sender's own row: %s)" % ("found" if sender_found else "missing")
                         if sender_row else ""))
        as_person = [s for s in subjects if norm(s.get("address")) == norm(recipient)]
        report.ok(not as_person, key, "recipient",
                  "outside recipient %s %s" % (recipient, "counted as an affected person"
                                               if as_person else "not an affected person"))
        good, wrong = 0, []
        for r in rows:
            if len(by_row[r["id"]]) != 1:
                continue
            s = subjects[by_row[r["id"]][0]]
            missing_cats = set(r["cnil_categories"]) - set(s.get("categories") or [])
            if missing_cats:
                wrong.append((r["id"], sorted(CATEGORY_SHORT.get(c, c) for c in missing_cats)))
            else:
                good += 1
        report.ok(good == n, key, "row-categories",
                  "%d/%d persons have their row's categories%s"
                  % (good, n, "; e.g. %s lacks %s" % (wrong[0][0], ", ".join(wrong[0][1]))
                     if wrong else ""))

    # category:*
    for label in v["cnil_categories"]:
        short = CATEGORY_SHORT.get(label, label)
        want = v["cnil_category_persons"][label]
        if summary is None:
            report.line("FAIL", key, "category:" + short, s_err)
            continue
        got = (summary.get("categories") or {}).get(label)
        persons = got.get("persons") if isinstance(got, dict) else None
        report.ok(persons == want, key, "category:" + short,
                  "%s persons (expected %d)" % ("absent" if persons is None else persons, want))

    # third-party
    if summary is None:
        report.line("FAIL", key, "third-party", s_err)
    else:
        tps = summary.get("third_parties") or []
        listed = [t for t in tps if norm(t.get("address")) == norm(recipient)]
        reached = listed[0].get("subjects_reached") if listed else None
        report.ok(bool(listed) and reached == n, key, "third-party",
                  "%s %s among %d third-party recipients%s"
                  % (recipient, "listed" if listed else "not listed", len(tps),
                     " (reached %s persons, expected %d)" % (reached, n) if listed else ""))

    # decision
    if assess is None:
        report.line("FAIL", key, "decision", a_err)
    else:
        d = assess.get("decision") or {}
        notify, inform = d.get("notify_cnil"), d.get("inform_persons")
        want = v.get("decision") or {"notify_cnil": True, "inform_persons": True}
        yn = lambda b: "yes" if b else "no"
        report.ok(notify is want["notify_cnil"] and inform is want["inform_persons"], key,
                  "decision", "notify CNIL: %s, inform persons: %s (expected %s, %s); SE %s %s"
                  % (yn(notify), yn(inform), yn(want["notify_cnil"]), yn(want["inform_persons"]),
                     assess.get("se"), assess.get("band")))

    # letters
    manifest_path = os.path.join(out, "letters", "manifest.csv")
    letters = []
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8-sig", newline="") as f:
            letters = list(csv.DictReader(f))
    report.ok(len(letters) == v["letters"], key, "letters",
              "%d letters in letters/manifest.csv (expected %d)%s"
              % (len(letters), v["letters"], "" if os.path.exists(manifest_path)
                 else "; no manifest"))
    if not letters:
        report.line("FAIL", key, "letter-text", "no letter to read")
    elif not pdftotext:
        report.line("SKIP", key, "letter-text", "pdftotext not installed")
    else:
        check_letter_texts(key, v, out, letters, rows, report, pdftotext)

    # no-contact, contacts
    if v.get("rows_without_email"):
        check_contacts(bk, db, data_dir, key, v, rows, by_row, subjects, j_err, report)


def check_letter_texts(key, v, out, letters, rows, report, pdftotext):
    by_row, leftover = match_rows(rows, letters, lambda l: l.get("address"),
                                  lambda l: [l.get("person") or ""])
    letter_of = {}
    for rid, idx in by_row.items():
        if len(idx) == 1:
            letter_of[idx[0]] = next(r for r in rows if r["id"] == rid)
    clean, own_missing, foreign, unreadable = 0, 0, 0, 0
    example = ""
    for i, letter in enumerate(letters):
        row = letter_of.get(i)
        if row is None:
            continue
        rc, text, _ = run([pdftotext, "-enc", "UTF-8", "-layout",
                           os.path.join(out, "letters", letter["file"]), "-"])
        if rc != 0:
            unreadable += 1
            continue
        text = norm(text.decode("utf-8", "replace"))
        # A long address may be broken across two lines: look for values without spaces too.
        squeezed = text.replace(" ", "")
        own = all(norm(part) in text for part in written(row) if part)
        others = []
        for r in rows:
            if r is row:
                continue
            full = norm("%s %s" % written(r))
            if (full and full != norm("%s %s" % written(row)) and full in text) \
                    or (r.get("email") and norm(r["email"]) in squeezed) \
                    or (r.get("matricule") and norm(r["matricule"]) in squeezed):
                others.append(r["id"])
        if not own:
            own_missing += 1
        if others:
            foreign += 1
            example = example or "letter %s shows row(s) %s" % (letter["file"], ", ".join(others[:3]))
        if own and not others:
            clean += 1
    report.ok(clean == len(rows), key, "letter-text",
              "%d/%d letters name their own person and no other row (%d letters match no row, "
              "%d without their own name, %d with another row's data, %d unreadable)%s"
              % (clean, len(rows), len(letters) - len(letter_of), own_missing, foreign,
                 unreadable, "; " + example if example else ""))


def check_contacts(bk, db, data_dir, key, v, rows, by_row, subjects, j_err, report):
    no_email = [r for r in rows if r["id"] in set(v["rows_without_email"])]
    if subjects is None:
        report.line("FAIL", key, "no-contact", j_err)
    else:
        listed = sum(1 for r in no_email if len(by_row.get(r["id"], [])) == 1
                     and not subjects[by_row[r["id"]][0]].get("address"))
        report.ok(listed == len(no_email), key, "no-contact",
                  "%d/%d rows without e-mail are persons without an address (no contact yet)"
                  % (listed, len(no_email)))
    contacts_csv = os.path.join(data_dir, v["contacts_file"] or "contacts.csv")
    rc, _, err = run([bk, "-q", "--db", db, "contacts", "import", contacts_csv])
    msg = err.decode("utf-8", "replace")
    if rc != 0 and "unknown command" in msg:
        report.line("FAIL", key, "contacts", "command missing: `breachkit contacts import` (%s)"
                    % first_line(err))
        return
    if rc != 0:
        report.line("FAIL", key, "contacts", "`contacts import` exited %d: %s"
                    % (rc, first_line(err)))
        return
    after, err2 = json_of(bk, db, ["subjects", "--json"])
    if after is None:
        report.line("FAIL", key, "contacts", err2)
        return
    with open(contacts_csv, encoding="utf-8-sig", newline="") as f:
        contacts = {c["Matricule"]: c for c in csv.DictReader(f, delimiter=";")}
    by_row_after, _ = match_rows(no_email, after, lambda s: s.get("address"), subject_names)
    filled = 0
    for r in no_email:
        c = contacts.get(r["matricule"])
        idx = by_row_after.get(r["id"]) or []
        if c is None or len(idx) != 1:
            continue
        s = after[idx[0]]
        blob = norm(json.dumps(s, ensure_ascii=False))
        contact = s.get("contact") or {}
        if (c["E-mail"] and norm(c["E-mail"]) in (norm(s.get("address")),
                                                  norm(contact.get("email")))) or \
                (not c["E-mail"] and norm(c["Adresse postale"]) in blob):
            filled += 1
    report.ok(filled == len(no_email), key, "contacts",
              "after contacts import: %d/%d rows without e-mail have the contact of contacts.csv"
              % (filled, len(no_email)))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("breachkit", nargs="?", default=os.environ.get("BREACHKIT"),
                    help="the breachkit binary (default: $BREACHKIT)")
    ap.add_argument("--data", help="a folder make_payroll.py --shape all wrote (default: "
                                   "generated into a temporary folder)")
    ap.add_argument("--keep", help="run in this folder and keep it (default: a temporary "
                                   "folder, removed at the end)")
    ap.add_argument("--only", help="variants to check, comma-separated (payroll-xlsx, "
                                   "candidates, noheader ...)")
    ap.add_argument("--seed", type=int, default=None, help="seed for the generator")
    args = ap.parse_args(argv[1:])
    bk = args.breachkit
    if not bk:
        print("check_payroll.py: give the breachkit binary (argument or BREACHKIT)",
              file=sys.stderr)
        return 2
    bk = os.path.abspath(bk)
    if not os.access(bk, os.X_OK):
        print("check_payroll.py: %s is not an executable file" % bk, file=sys.stderr)
        return 2
    pdftotext = shutil.which("pdftotext")

    work = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="check-payroll-")
    os.makedirs(work, exist_ok=True)
    try:
        data_dir = os.path.abspath(args.data) if args.data else os.path.join(work, "data")
        if not args.data:
            cmd = [sys.executable, GENERATOR, "--shape", "all", "--out", data_dir, "--check"]
            if args.seed is not None:
                cmd += ["--seed", str(args.seed)]
            rc, out, err = run(cmd)
            if rc != 0:
                print("check_payroll.py: the generator failed (%d): %s"
                      % (rc, err.decode("utf-8", "replace")), file=sys.stderr)
                return 2
        with open(os.path.join(data_dir, "expected.json"), encoding="utf-8") as f:
            expected = json.load(f)
        for short, label in expected["cnil_categories"].items():
            CATEGORY_SHORT[label] = short
        variants = expected["variants"]
        wanted = sorted(variants)
        if args.only:
            wanted = [w.strip() for w in args.only.split(",") if w.strip()]
            unknown = [w for w in wanted if w not in variants]
            if unknown:
                print("check_payroll.py: no variant %s (there are: %s)"
                      % (", ".join(unknown), ", ".join(sorted(variants))), file=sys.stderr)
                return 2
        print("breachkit: %s" % bk)
        print("leaks: %s (seed %s)" % (data_dir, expected["seed"]))
        report = Report()
        for key in wanted:
            check_variant(bk, data_dir, work, key, variants[key], report, pdftotext)
        c = report.counts
        print("%d checks: %d passed, %d failed, %d skipped"
              % (sum(c.values()), c["PASS"], c["FAIL"], c["SKIP"]))
        return 1 if c["FAIL"] else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
