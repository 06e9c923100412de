#!/usr/bin/env python3
"""Property test over generated leaks: what the record promises must hold on data nobody
tuned for. For each seed, make_leak.py writes a leak (its shape, line ends, names, charsets
and IDN domains vary with the seed), `breachkit run` reads it (SOURCE_DATE_EPOCH pinned, so
no byte depends on the clock), and these properties are checked:

  run-exit          `run` exits 0 (every generated message is valid mail)
  no-unparsed       no message is recorded as unparsed
  no-address-defect no address-unparsed defect (every header is valid)
  no-byte-minus-one no defect names the offset -1
  one-person-per-address  an address is one person whatever its letter case and IDN form
                          (A-label xn--… or U-label)
  xml-valid         record.xml is well-formed and valid against schemas/incident.xsd
  json-parses       record.json is UTF-8 and parses
  csv-utf8          every CSV written is UTF-8
  text-utf8         every text file written (and everything printed) is UTF-8
  pdf-valid         qpdf --check accepts the PDFs (the CNIL draft, the register, the
                    merged letters and a few letters)
  no-clear-values   no planted IBAN, NIR or phone number appears in clear in an output or
                    in what `run` prints
  all-recorded      every file of the output folder is in the record's document table with
                    its current SHA-256 (so that `purge` finds it)
  rerun-identical   a second `run` on the same record changes no byte of any output file and
                    no row of the record
  import-ok         `import record.xml` into an empty record succeeds
  import-atomic     a failed import leaves no record file behind
  roundtrip-xml     export -> import -> export gives the same XML bytes
  roundtrip-json    ... and the same JSON bytes
  roundtrip-csv     ... and the same CSV files

usage: check_leaks.py BREACHKIT [--seeds 0-5|0,3,7] [--keep DIR] [--strict]
  --seeds   which seeds (default 0,1,4,5,6,8: the three shapes, the three line ends, with
            and without --awareness; 0-8 give every shape with every line end)
  --keep    keep each seed's leak and outputs under DIR (to look at a failure)
  --strict  a known defect (EXPECTED_FAILURES) that does not show is an error too
Exit 0 when every property holds or fails only as EXPECTED_FAILURES says, 1 otherwise.
"""
import csv
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # nothing written into the source tree
from known_defects import known_defects, match  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
XSD = os.path.join(ROOT, "schemas", "incident.xsd")
# 2025-10-07T10:00:00Z: after every generated message, so the 72-hour clock has started.
EPOCH = "1759831200"
AWARENESS = "2025-10-06T18:00:00+02:00"
RECORD_FILES = {"incident.db", "incident.db-wal", "incident.db-shm", "incident.db-journal"}
TEXT_EXTENSIONS = (".xml", ".json", ".csv", ".eml", ".txt")

# Known defects, found by this test on the code it was written against. A "# " line names a
# defect (what is wrong, and where the issue tracker lists it); each line under it gives a
# property it fails and a regular expression that the failure's message matches. A failure
# matched here is reported as XFAIL and does not fail the run. Delete a defect's lines when
# its fix is merged: one that no longer shows on the seeds run is reported as XPASS (an error
# with --strict).
EXPECTED_FAILURES_TEXT = r"""
"""


EXPECTED_FAILURES = known_defects(EXPECTED_FAILURES_TEXT)


def run(cmd, env, cwd=None):
    p = subprocess.run(cmd, capture_output=True, env=env, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def utf8_error(data):
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        return "invalid UTF-8 at byte %d: %r" % (e.start, data[max(0, e.start - 20):e.start + 10])


def files_of(folder):
    out = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        for n in sorted(names):
            out.append(os.path.join(base, n))
    return out


def folder_hashes(folder):
    """SHA-256 of every file of the folder but the record itself (its pages move)."""
    return {os.path.relpath(p, folder): hashlib.sha256(open(p, "rb").read()).hexdigest()
            for p in files_of(folder) if os.path.basename(p) not in RECORD_FILES}


def record_rows(db):
    """Every row of every table, as text: a logical image of the record."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    con.text_factory = bytes  # a stored text need not be UTF-8
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        tables = [t.decode() for t in tables]
        return {t: sorted(repr(r) for r in con.execute("SELECT * FROM \"%s\"" % t)) for t in tables}
    finally:
        con.close()


def documents(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        return con.execute("SELECT path, sha256 FROM document").fetchall()
    finally:
        con.close()


def address_key(address):
    local, _, domain = address.rpartition("@")
    labels = []
    for label in domain.lower().split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                pass
        labels.append(label)
    return local.lower() + "@" + ".".join(labels)


def where_in(rel, text, at):
    """Where offset `at` of an output is: the XML table and column, the JSON key, or the line."""
    if rel.endswith(".xml"):
        table = re.findall(r'<table name="([^"]+)"', text[:at])
        col = re.findall(r'<col name="([^"]+)"', text[:at])
        return "%s.%s" % (table[-1] if table else "?", col[-1] if col else "?")
    if rel.endswith(".json"):
        keys = re.findall(r'^  "([^"]+)":', text[:at], re.M)
        inner = re.findall(r'"([^"]+)":', text[:at])
        return "%s…%s" % (keys[-1] if keys else "?", inner[-1] if inner else "?")
    return "line %d" % (text.count("\n", 0, at) + 1)


def compact(text):
    return re.sub(r"[\s.\-\u00a0\u202f]", "", text)


def clear_forms(item):
    value = item["value"]
    forms = {compact(value)}
    if item["category"] == "phone":
        digits = re.sub(r"\D", "", value)
        national = "0" + digits[2:] if digits.startswith("33") else digits
        forms = {national, "+33" + national[1:]}
    return forms


class Seed:
    def __init__(self, breachkit, seed, work):
        self.bk, self.seed, self.work = breachkit, seed, work
        self.failures = []  # (property, message)
        self.env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, LC_ALL="C.UTF-8", TZ="UTC")

    def fail(self, prop, message):
        self.failures.append((prop, message))

    def bk_run(self, *args, db=None):
        cmd = [self.bk] + (["--db", db] if db else []) + list(args)
        return run(cmd, self.env)

    def check(self):
        gen = os.path.join(self.work, "gen")
        subprocess.run([sys.executable, os.path.join(HERE, "make_leak.py"), str(self.seed), gen],
                       check=True)
        with open(os.path.join(gen, "truth.json"), encoding="utf-8") as f:
            self.truth = json.load(f)
        out = os.path.join(self.work, "out")
        db = os.path.join(out, "incident.db")
        leak = os.path.join(gen, self.truth["leak"])
        cmd = ["run", leak, "-o", out, "--org", os.path.join(gen, "organisation.xml")]
        if self.seed % 2:
            cmd += ["--awareness", AWARENESS]
        code, stdout, stderr = self.bk_run(*cmd)
        self.printed = stdout + stderr
        if code != 0:
            self.fail("run-exit", "run exited %d: %s" % (code, stderr.decode("utf-8", "replace")[-400:].strip()))
        if not os.path.exists(db):
            return
        self.check_record(db)
        self.check_files(out, db)
        first_hashes, first_rows = folder_hashes(out), record_rows(db)
        # The same run again on the same record: nothing may change.
        code2, _, stderr2 = self.bk_run(*cmd)
        how = " (run with --awareness)" if "--awareness" in cmd else ""
        if code2 != code:
            self.fail("rerun-identical", "second run%s exited %d (first %d): %s" % (how, code2, code, stderr2.decode("utf-8", "replace")[-300:]))
        second_hashes, second_rows = folder_hashes(out), record_rows(db)
        changed = sorted(k for k in set(first_hashes) | set(second_hashes)
                         if first_hashes.get(k) != second_hashes.get(k))
        if changed:
            self.fail("rerun-identical", "second run%s changed %d file(s): %s" % (how, len(changed), ", ".join(changed[:8])))
        tables = sorted(t for t in set(first_rows) | set(second_rows) if first_rows.get(t) != second_rows.get(t))
        for t in tables:
            a, b = set(first_rows.get(t, [])), set(second_rows.get(t, []))
            self.fail("rerun-identical", "second run%s changed table %s: %d row(s) added, %d removed; added: %s"
                      % (how, t, len(b - a), len(a - b), "; ".join(sorted(b - a))[:300]))
        self.check_roundtrip(out)

    def check_record(self, db):
        code, stdout, _ = self.bk_run("summary", "--json", db=db)
        if code == 0:
            summary = json.loads(stdout)
            if summary.get("unparsed_messages"):
                self.fail("no-unparsed", "%d of %d generated messages unparsed (%s, %s line ends)"
                          % (summary["unparsed_messages"], self.truth["messages"], self.truth["shape"],
                             self.truth["line_ends"]))
        code, stdout, _ = self.bk_run("messages", "--json", db=db)
        for line in stdout.decode("utf-8", "replace").splitlines():
            m = json.loads(line)
            if m.get("unparsed"):
                self.fail("no-unparsed", "%s#%s: %s" % (os.path.basename(m["source"]), m["index"], m["unparsed"]))
            for d in m.get("defects", []):
                if "address-unparsed" in d:
                    self.fail("no-address-defect", "%s#%s: %s" % (os.path.basename(m["source"]), m["index"], d))
                if re.search(r"byte -1\b", d):
                    self.fail("no-byte-minus-one", "%s#%s: %s" % (os.path.basename(m["source"]), m["index"], d))
        code, stdout, _ = self.bk_run("subjects", "--json", db=db)
        seen = {}
        for line in stdout.decode("utf-8", "replace").splitlines():
            person = json.loads(line)
            if person.get("found_in_table"):
                continue  # a row of a table: no address of their own
            address = person["address"]
            seen.setdefault(address_key(address), []).append(address)
        for key, forms in sorted(seen.items()):
            if len(forms) > 1:
                self.fail("one-person-per-address", "%d persons for %s: %s" % (len(forms), key, ", ".join(forms)))

    def check_files(self, out, db):
        xml = os.path.join(out, "record.xml")
        if os.path.exists(xml):
            p = subprocess.run(["xmllint", "--noout", "--schema", XSD, xml], capture_output=True, text=True,
                               errors="replace")
            if p.returncode != 0:
                self.fail("xml-valid", "record.xml: " + " | ".join(p.stderr.strip().splitlines()[:3])[:400])
        else:
            self.fail("xml-valid", "record.xml not written")
        js = os.path.join(out, "record.json")
        if os.path.exists(js):
            data = open(js, "rb").read()
            err = utf8_error(data)
            if err:
                self.fail("json-parses", "record.json: " + err)
            try:
                json.loads(data.decode("utf-8", "strict"))
            except (ValueError, UnicodeDecodeError) as e:
                self.fail("json-parses", "record.json: %s" % str(e)[:200])
        else:
            self.fail("json-parses", "record.json not written")
        texts = []
        for path in files_of(out):
            rel = os.path.relpath(path, out)
            if not path.endswith(TEXT_EXTENSIONS):
                continue
            data = open(path, "rb").read()
            err = utf8_error(data)
            if err:
                self.fail("csv-utf8" if path.endswith(".csv") else "text-utf8", "%s: %s" % (rel, err))
            elif path.endswith(".csv"):
                list(csv.reader(io.StringIO(data.decode("utf-8"))))
            texts.append((rel, data.decode("utf-8", "replace")))
        err = utf8_error(self.printed)
        if err:
            self.fail("text-utf8", "what run printed: " + err)
        texts.append(("(printed by run)", self.printed.decode("utf-8", "replace")))
        pdfs = [p for p in files_of(out) if p.endswith(".pdf")]
        letters = sorted(p for p in pdfs if os.sep + "letters" + os.sep in p)
        for path in [p for p in pdfs if p not in letters] + letters[:3]:
            rel = os.path.relpath(path, out)
            if shutil.which("qpdf"):
                p = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
                if p.returncode != 0:
                    self.fail("pdf-valid", "%s: %s" % (rel, p.stdout.strip()[-200:]))
            if shutil.which("pdftotext") and path not in letters:
                p = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True)
                texts.append((rel, p.stdout.decode("utf-8", "replace")))
        forms = {}
        for item in self.truth["planted"]:
            for form in clear_forms(item):
                forms[form] = item
        for rel, text in texts:
            flat = compact(text)
            hits = set()
            for form, item in forms.items():
                if form not in flat:
                    continue
                m = re.search(r"[\s.\-\u00a0\u202f]*".join(map(re.escape, form)), text)
                hits.add("%s %s… planted in %s, found in %s" % (
                    item["category"], form[:4], item["where"], where_in(rel, text, m.start() if m else 0)))
            if hits:
                self.fail("no-clear-values", "%s holds %d planted value(s) in clear: %s"
                          % (rel, len(hits), "; ".join(sorted(hits)[:4])))
        recorded = {}
        for path, sha in documents(db):
            recorded.setdefault(os.path.abspath(path), set()).add(sha)
        for path in files_of(out):
            if os.path.basename(path) in RECORD_FILES:
                continue
            sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
            if os.path.abspath(path) not in recorded:
                self.fail("all-recorded", "%s is not in the document table" % os.path.relpath(path, out))
            elif sha not in recorded[os.path.abspath(path)]:
                self.fail("all-recorded", "%s: its SHA-256 is not the recorded one" % os.path.relpath(path, out))

    def check_roundtrip(self, out):
        rt = os.path.join(self.work, "roundtrip")
        os.makedirs(rt)
        db = os.path.join(rt, "imported.db")
        code, _, stderr = self.bk_run("import", os.path.join(out, "record.xml"), db=db)
        if code != 0:
            self.fail("import-ok", "import exited %d: %s" % (code, stderr.decode("utf-8", "replace").strip()[-300:]))
            if os.path.exists(db):
                self.fail("import-atomic", "the failed import left a record file behind (%d bytes)"
                          % os.path.getsize(db))
            return
        for fmt, name in (("xml", "record.xml"), ("json", "record.json"), ("csv", "csv")):
            target = os.path.join(rt, name)
            code, _, stderr = self.bk_run("export", "--format", fmt, "-o", target, db=db)
            if code != 0:
                self.fail("roundtrip-" + fmt, "export after import exited %d: %s" % (code, stderr.decode("utf-8", "replace").strip()[-300:]))
                continue
            pairs = [(os.path.join(out, name), target)] if fmt != "csv" else [
                (os.path.join(out, "csv", f), os.path.join(target, f)) for f in sorted(os.listdir(os.path.join(out, "csv")))]
            for before, after in pairs:
                a = open(before, "rb").read()
                b = open(after, "rb").read() if os.path.exists(after) else b""
                rel = os.path.relpath(before, out)
                ra, rb = regions(rel, a), regions(rel, b)
                for name in list(ra) + [n for n in rb if n not in ra]:
                    x, y = ra.get(name, b""), rb.get(name, b"")
                    if x == y:
                        continue
                    i = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]), min(len(x), len(y)))
                    note = " (a CR read back as LF)" if x[i:i + 1] == b"\r" and y[i:i + 1] == b"\n" else ""
                    self.fail("roundtrip-" + fmt, "%s differs after import in %s%s: %r vs %r" % (
                        rel, name, note, x[max(0, i - 40):i + 40], y[max(0, i - 40):i + 40]))


# How an export is cut into the parts a difference is reported by: (kind, where a part starts).
REGIONS = {".xml": ("table", rb'<table name="([^"]+)"'), ".json": ("key", rb'\n  "([^"]+)": ')}


def regions(rel, data):
    """An export cut into the parts a difference is reported by: the XML's tables, the JSON's
    top-level keys, a CSV whole."""
    kind, start = REGIONS.get(os.path.splitext(rel)[1], (None, None))
    if kind is None:
        return {"the file": data}
    parts = re.split(b"(?=" + start.replace(b"(", b"").replace(b")", b"") + b")", data)
    out = {"the head": parts[0]}
    for part in parts[1:]:
        out["%s %s" % (kind, re.match(start, part).group(1).decode())] = part
    return out


def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            seeds += range(int(a), int(b) + 1)
        else:
            seeds.append(int(part))
    return seeds


def main():
    args = sys.argv[1:]
    value = lambda name, default: args[args.index(name) + 1] if name in args else default
    seeds = parse_seeds(value("--seeds", "0,1,4,5,6,8"))
    keep = value("--keep", None)
    positional = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] not in ("--seeds", "--keep"))]
    breachkit = os.path.abspath(positional[0])
    if not shutil.which("xmllint"):
        print("xmllint is missing (Debian: libxml2-utils)")
        return 1
    unexpected, expected_seen = 0, set()
    base = keep or tempfile.mkdtemp(prefix="breachkit-props-")
    try:
        for seed in seeds:
            work = os.path.join(base, "seed-%d" % seed)
            shutil.rmtree(work, ignore_errors=True)
            os.makedirs(work)
            s = Seed(breachkit, seed, work)
            s.check()
            t = s.truth
            label = "seed %d (%s, %s, %d messages%s)" % (seed, t["shape"], t["line_ends"], t["messages"],
                                                         ", hostile headers" if t["hostile"] else "")
            if not s.failures:
                print("%s: ok" % label)
            else:
                print("%s:" % label)
            shown = {}
            for prop, message in s.failures:
                k = match(EXPECTED_FAILURES, prop, message)
                known = [] if k is None else [k]
                tag = "XFAIL" if known else "FAIL"
                if known:
                    expected_seen.add(known[0])
                else:
                    unexpected += 1
                # At most 3 lines per property and kind in a seed; the count of the others.
                shown[(tag, prop)] = shown.get((tag, prop), 0) + 1
                if shown[(tag, prop)] <= 3:
                    print("  %s %s: %s%s" % (tag, prop, message.replace("\n", " | "),
                                             "  [known: %s]" % EXPECTED_FAILURES[known[0]][0][:60] if known else ""))
            for (tag, prop), n in sorted(shown.items()):
                if n > 3:
                    print("  %s %s: ... and %d more" % (tag, prop, n - 3))
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    not_seen = [i for i in range(len(EXPECTED_FAILURES)) if i not in expected_seen]
    for i in not_seen:
        print("XPASS (did not show on these seeds; remove it once its fix is merged): %s"
              % EXPECTED_FAILURES[i][0])
    strict = "--strict" in args
    print("%d unexpected failure%s, %d known defect%s shown" % (
        unexpected, "" if unexpected == 1 else "s", len(expected_seen), "" if len(expected_seen) == 1 else "s"))
    return 1 if unexpected or (strict and not_seen) else 0


if __name__ == "__main__":
    sys.exit(main())
