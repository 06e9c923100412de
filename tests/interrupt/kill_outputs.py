#!/usr/bin/env python3
"""Interrupted outputs: kills `breachkit letters`, `export` and `run` with SIGKILL at random
points, and stops `letters` with Ctrl-C (SIGINT), and checks that the same command run again
leaves the output folder as an uninterrupted run leaves it, with every file in the record.

SOURCE_DATE_EPOCH pins the clock, and every trial starts from a copy of one record (so the
per-incident key of the keyed hashes is the same) and writes into the same folder path as the
reference run: then no byte of the output may differ. For each trial:

  integrity     `PRAGMA integrity_check` of the record after the kill
  sigint        Ctrl-C stops `letters`: exit 3 with the "interrupted" message (README, "Exit
                codes"); exit 0 after Ctrl-C means it did not stop
  rerun-exit    the same command run again exits 0
  same-output   the folder then holds the same file names with the same bytes as the
                reference run's folder (the record's own files left aside)
  all-recorded  every file of the folder is in the record's document table with its current
                SHA-256, so that `purge` finds it
  purge         `purge --yes` then leaves no file in the folder
  no-temporary  no temporary file of a write (NAME.XXXXXX) is left in the folder

The reference runs are checked the same way (all-recorded, purge), without a kill.

usage: kill_outputs.py BREACHKIT [LEAK] [--trials 4] [--seed 1] [--commands letters,export,run]
                       [--candidates 120] [--keep DIR] [--strict]
  LEAK        an mbox; without it, the sample leak's generator writes one with --candidates
              persons (tests/data/sample-leak/generate.py)
  --trials    SIGKILL trials per command (SIGINT: half as many, at least 2, for letters)
  --keep      copy the folder of each failing trial (and the references) into a new folder
              under DIR (run-DATE-PID)
Exit 0 when every trial passes or fails only as EXPECTED_FAILURES says, 1 otherwise.
"""
import hashlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "property"))
sys.dont_write_bytecode = True  # nothing written into the source tree
from known_defects import known_defects, match  # noqa: E402
PROFILE = os.path.join(ROOT, "schemas", "examples", "organisation.xml")
EPOCH = "1757844000"  # 2025-09-14T10:00:00Z, after the sample leak's last message
RECORD_FILES = {"incident.db", "incident.db-wal", "incident.db-shm", "incident.db-journal"}

# Known defects, found by this test on the code it was written against. A "# " line names a
# defect (what is wrong, and where the issue tracker lists it); each line under it gives a
# check it fails and a regular expression that the failure's message matches. A failure
# matched here is reported as XFAIL and does not fail the run. Delete a defect's lines when
# its fix is merged: one that no longer shows is reported as XPASS (an error with --strict; a
# kill lands at random, so a few trials may miss a defect).
EXPECTED_FAILURES_TEXT = r"""
"""


EXPECTED_FAILURES = known_defects(EXPECTED_FAILURES_TEXT)


def files_of(folder):
    out = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        out += [os.path.join(base, n) for n in sorted(names)]
    return out


def snapshot(folder):
    return {os.path.relpath(p, folder): hashlib.sha256(open(p, "rb").read()).hexdigest()
            for p in files_of(folder) if os.path.basename(p) not in RECORD_FILES}


def integrity(db):
    if not os.path.exists(db):
        return "ok"
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def first_difference(a_path, b_path):
    """Where two versions of an export first differ: the XML table, the JSON key or the line."""
    a, b = open(a_path, "rb").read(), open(b_path, "rb").read()
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    head = a[:i].decode("utf-8", "replace")
    if a_path.endswith(".xml"):
        tables = re.findall(r'<table name="([^"]+)"', head)
        return "table " + (tables[-1] if tables else "(none)")
    if a_path.endswith(".pdf"):  # which fonts each embeds, and where they part
        fonts = lambda data: ",".join(sorted(set(f.decode("latin-1") for f in re.findall(
            rb"/BaseFont\s*/([^\s/>\]]+)", data)))) or "(none)"
        return "byte %d of %d/%d; fonts %s / %s" % (i, len(a), len(b), fonts(a), fonts(b))
    if a_path.endswith(".json"):
        keys = re.findall(r'^  "([^"]+)":', head, re.M)
        return "key " + (keys[-1] if keys else "(none)")
    return "line %d" % (head.count("\n") + 1)


def is_temporary(path):
    """A temporary file of an output (NAME.XXXXXX, made by mkostemp beside NAME)."""
    return re.fullmatch(r".+\.(pdf|eml|csv|xml|json)\.[A-Za-z0-9]{6}", os.path.basename(path)) is not None


class Harness:
    def __init__(self, breachkit, leak, work):
        self.bk, self.leak, self.work = breachkit, leak, work
        self.env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, LC_ALL="C.UTF-8", TZ="UTC")
        self.out = os.path.join(work, "out")  # every run writes here, the reference too
        self.db = os.path.join(self.out, "incident.db")
        self.saved = {}  # a copy of each reference run's folder
        self.keep = None  # --keep: where a failing trial's folder is copied

    def call(self, args, db=None, check=True):
        p = subprocess.run([self.bk, "--db", db or self.db] + args, capture_output=True, text=True,
                           env=self.env, cwd=self.work, errors="replace")
        if check and p.returncode != 0:
            raise RuntimeError("%s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr[-400:]))
        return p

    def prepare(self):
        """Two records the trials start from: an empty one (for `run`) and one ready for the
        documents (for `letters` and `export`), each made once so that its key stays."""
        self.empty = os.path.join(self.work, "empty.db")
        self.call(["-q", "init", "--org", PROFILE], db=self.empty)
        self.ready = os.path.join(self.work, "ready.db")
        shutil.copy(self.empty, self.ready)
        self.call(["-q", "ingest", self.leak], db=self.ready)
        self.call(["-q", "assess"], db=self.ready)
        for field in ("consequences", "measures-taken", "measures-planned"):
            self.call(["-q", "set", field, "Texte de test pour %s." % field], db=self.ready)
        # How long the binary takes to reach its first line of its own (loading, and the
        # sanitizer's start under --sanitize): a Ctrl-C before that kills any program, as it
        # should; breachkit holds one that comes later until the command can take it.
        self.startup = 0.0
        for _ in range(3):
            t = time.monotonic()
            subprocess.run([self.bk, "--version"], capture_output=True, env=self.env)
            self.startup = max(self.startup, time.monotonic() - t)

    def command(self, name, variant):
        if name == "letters":
            return ["letters", "-o", os.path.join(self.out, "letters"), "--merged",
                    os.path.join(self.out, "letters-all.pdf"), "--eml"]
        if name == "export":
            target = {"xml": "record.xml", "json": "record.json", "csv": "csv"}[variant]
            return ["export", "--format", variant, "-o", os.path.join(self.out, target)]
        return ["run", self.leak, "-o", self.out, "--org", PROFILE]

    def fresh(self, name):
        shutil.rmtree(self.out, ignore_errors=True)
        os.makedirs(self.out, mode=0o700)
        shutil.copy(self.empty if name == "run" else self.ready, self.db)

    def finish_checks(self, problems):
        """all-recorded and purge, on the folder as it is now; empties it."""
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True)
        recorded = {}
        for path, sha in con.execute("SELECT path, sha256 FROM document"):
            recorded.setdefault(os.path.abspath(os.path.join(self.work, path)), set()).add(sha)
        con.close()
        missing, stale = [], []
        for path in files_of(self.out):
            if os.path.basename(path) in RECORD_FILES or is_temporary(path):
                continue  # a temporary file is reported once, by no-temporary
            if path not in recorded:
                missing.append(os.path.relpath(path, self.out))
            elif hashlib.sha256(open(path, "rb").read()).hexdigest() not in recorded[path]:
                stale.append(os.path.relpath(path, self.out))
        if missing:
            problems.append(("all-recorded", "%d file(s) not in the document table: %s"
                             % (len(missing), ", ".join(missing[:5]))))
        if stale:
            problems.append(("all-recorded", "%d file(s) whose SHA-256 is not recorded: %s"
                             % (len(stale), ", ".join(stale[:5]))))
        p = self.call(["purge", "--yes"], check=False)
        left = [os.path.relpath(f, self.out) for f in files_of(self.out) if not is_temporary(f)]
        if p.returncode != 0:
            problems.append(("purge", "purge --yes exited %d: %s" % (p.returncode, p.stderr.strip()[-200:])))
        if left:
            problems.append(("purge", "%d file(s) left after purge --yes (it said: %s): %s"
                             % (len(left), p.stdout.strip().splitlines()[-1][:120] if p.stdout.strip() else "",
                                ", ".join(left[:5]))))

    def reference(self, name, variant):
        self.fresh(name)
        start = time.monotonic()
        self.call(self.command(name, variant))
        duration = time.monotonic() - start
        snap = snapshot(self.out)
        saved = os.path.join(self.work, "reference-" + name + (variant or ""))
        shutil.rmtree(saved, ignore_errors=True)
        shutil.copytree(self.out, saved)
        self.saved[name + (variant or "")] = saved
        problems = []
        self.finish_checks(problems)
        return duration, snap, problems

    def trial(self, name, variant, sig, delay, reference):
        self.fresh(name)
        p = subprocess.Popen([self.bk, "--db", self.db] + self.command(name, variant), cwd=self.work,
                             env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             errors="replace")
        time.sleep(delay)
        sent = p.poll() is None  # else it had finished first
        if sent:
            p.send_signal(sig)
        try:
            out, err = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            err += " (still running 60 s after the signal)"
        problems = []
        finished = not sent
        if sig == signal.SIGINT and sent:
            if p.returncode != 3 or "interrupted" not in err:
                problems.append(("sigint", "Ctrl-C during %s: exit %s, stderr %r" % (
                    name, p.returncode, err.strip()[-160:])))
        check = integrity(self.db)
        if check != "ok":
            problems.append(("integrity", "integrity_check: %s" % check[:200]))
        again = self.call(self.command(name, variant), check=False)
        if again.returncode != 0:
            problems.append(("rerun-exit", "re-run exited %d: %s" % (again.returncode, again.stderr.strip()[-300:])))
        got = snapshot(self.out)
        temporaries = sorted(n for n in got if is_temporary(os.path.join(self.out, n)))
        if temporaries:
            problems.append(("no-temporary", "%d temporary file(s) left beside the outputs, through "
                             "the re-run and purge: %s" % (len(temporaries), ", ".join(temporaries[:5]))))
        got = {n: h for n, h in got.items() if n not in temporaries}
        extra = sorted(set(got) - set(reference))
        absent = sorted(set(reference) - set(got))
        changed = sorted(k for k in set(got) & set(reference) if got[k] != reference[k])
        for what, names in (("extra", extra), ("missing", absent), ("different", changed)):
            if names:
                detail = "".join("; %s first differs in %s" % (n, first_difference(
                    os.path.join(self.saved[name + (variant or "")], n), os.path.join(self.out, n)))
                    for n in [n for n in names if n.endswith((".xml", ".json", ".csv", ".pdf"))][:4]
                    if what == "different")
                problems.append(("same-output", "%d %s file(s): %s%s" % (
                    len(names), what, ", ".join(names[:5]), detail)))
        if problems and self.keep:  # the folder as the re-run left it, before purge
            kept = os.path.join(self.keep, "%s%s-%s-%.2f" % (name, variant or "", signal.Signals(sig).name, delay))
            shutil.copytree(self.out, kept)
            for ref, path in self.saved.items():
                if not os.path.exists(os.path.join(self.keep, "reference-" + ref)):
                    shutil.copytree(path, os.path.join(self.keep, "reference-" + ref))
        self.finish_checks(problems)
        return ("finished first" if finished else "stopped"), problems


def main():
    args = sys.argv[1:]
    value = lambda name, default: args[args.index(name) + 1] if name in args else default
    trials = int(value("--trials", "4"))
    rnd = random.Random(int(value("--seed", "1")))
    commands = value("--commands", "letters,export,run").split(",")
    positional = [a for i, a in enumerate(args)
                  if not a.startswith("--") and (i == 0 or args[i - 1] not in ("--trials", "--seed", "--commands", "--candidates", "--keep"))]
    breachkit = os.path.abspath(positional[0])
    leak = os.path.abspath(positional[1]) if len(positional) > 1 else None
    unexpected, seen = 0, set()

    def report(label, problems):
        nonlocal unexpected
        print("%s: %s" % (label, "ok" if not problems else "FAILED" if any(
            known(c, m) is None for c, m in problems) else "known defects only"))
        for check, message in problems:
            k = known(check, message)
            if k is not None:
                seen.add(k)
                print("  XFAIL %s: %s  [known: %s]" % (check, message, EXPECTED_FAILURES[k][0][:60]))
            else:
                unexpected += 1
                print("  FAIL %s: %s" % (check, message))

    def known(check, message):
        return match(EXPECTED_FAILURES, check, message)

    with tempfile.TemporaryDirectory(prefix="breachkit-kill-") as work:
        if leak is None:  # the sample leak's story, smaller: faster trials
            subprocess.run([sys.executable, os.path.join(ROOT, "tests", "data", "sample-leak", "generate.py"),
                            os.path.join(work, "leak"), "--candidates", value("--candidates", "120"),
                            "--replies", "24"], check=True, capture_output=True)
            leak = os.path.join(work, "leak", "hr-rejection.mbox")
        h = Harness(breachkit, leak, work)
        if value("--keep", None):  # a folder of this run's own under DIR: none overwritten
            h.keep = os.path.join(value("--keep", None), time.strftime("run-%Y%m%d-%H%M%S-") + str(os.getpid()))
        h.prepare()
        for name in commands:
            variants = ["xml", "json", "csv"] if name == "export" else [None]
            refs = {}
            for variant in variants:
                duration, snap, problems = h.reference(name, variant)
                refs[variant] = (duration, snap)
                report("%s%s reference (%.2f s, %d files)" % (name, " " + variant if variant else "",
                                                             duration, len(snap)), problems)
            plan = [(signal.SIGKILL, rnd.choice(variants)) for _ in range(trials)]
            if name == "letters":
                plan += [(signal.SIGINT, None) for _ in range(max(2, trials // 2))]
            for n, (sig, variant) in enumerate(plan, 1):
                duration, snap = refs[variant]
                # Ctrl-C in the first half, so that it lands while letters are being written, and
                # not before the program has started (see Harness.prepare).
                low = 0.05 * duration if sig == signal.SIGKILL else max(0.05 * duration, 2 * h.startup)
                delay = rnd.uniform(low, max(low, duration if sig == signal.SIGKILL else duration / 2))
                stopped, problems = h.trial(name, variant, sig, delay, snap)
                report("%s%s %s trial %d at %.2f s (%s)" % (
                    name, " " + variant if variant else "", signal.Signals(sig).name, n, delay, stopped), problems)
    for i in range(len(EXPECTED_FAILURES)):
        if i not in seen:
            print("XPASS (did not show in these trials; remove it once its fix is merged): %s"
                  % EXPECTED_FAILURES[i][0])
    if h.keep and os.path.isdir(h.keep):
        print("failing trials' folders and the references kept in %s" % h.keep)
    print("%d unexpected failure%s, %d known defect%s shown" % (
        unexpected, "" if unexpected == 1 else "s", len(seen), "" if len(seen) == 1 else "s"))
    return 1 if unexpected or ("--strict" in args and len(seen) < len(EXPECTED_FAILURES)) else 0


if __name__ == "__main__":
    sys.exit(main())
