#!/usr/bin/env python3
"""Interrupted runs: kills `breachkit ingest` at random points and checks that nothing is
lost or counted twice.

For each input: one uninterrupted run gives the reference figures. Then each trial ingests
into a fresh record, sends SIGKILL after a random delay (uniform over the reference run's
duration), checks `PRAGMA integrity_check`, runs the same command again to completion, and
compares every figure with the reference: summary, subjects, findings, messages and the
evidence dates of the timeline. Then the same with SIGINT, which must stop cleanly: exit 3,
the "interrupted" message, an intact record.

usage: kill_ingest.py BREACHKIT INPUT [INPUT...] [--trials 20] [--seed 1]
Exit 0 when every trial matches, 1 otherwise (the differences are printed).
"""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

# What a run shows that depends on the clock of the run itself, not on the evidence.
# keyed_hash: each new record draws its own HMAC key.
VOLATILE = {"deadline", "seconds_left", "keyed_hash", "owner_hash", "address_hash"}


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def figures(breachkit, db):
    out = {}
    for cmd in (["summary", "--json"], ["subjects", "--json"], ["findings", "--json"],
                ["messages", "--json"]):
        p = subprocess.run([breachkit, "--db", db] + cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr))
        text = p.stdout.strip()
        try:
            value = json.loads(text)
        except json.JSONDecodeError:  # one JSON object per line
            value = [json.loads(line) for line in text.splitlines() if line]
        out[cmd[0]] = strip(value)
    # The evidence's own dates on the timeline (the rest of it is this run's clock).
    con = sqlite3.connect(db)
    out["timeline"] = con.execute("SELECT kind, at FROM timeline_event WHERE origin = 'evidence' "
                                  "ORDER BY kind").fetchall()
    con.close()
    return out


def integrity(db):
    if not os.path.exists(db):
        return "ok"  # killed before the record existed
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def ingest(breachkit, db, inputs):
    return [breachkit, "--db", db, "-q", "ingest"] + inputs


def fresh(work, name):
    db = os.path.join(work, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    return db


def diff(reference, got):
    lines = []
    for key in reference:
        if reference[key] != got.get(key):
            a, b = json.dumps(reference[key], sort_keys=True), json.dumps(got.get(key), sort_keys=True)
            i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
            lines.append("  %s differs at char %d: ...%s... vs ...%s..." % (key, i, a[max(0, i - 60):i + 60], b[max(0, i - 60):i + 60]))
    return lines


def main():
    args = sys.argv[1:]
    trials = int(args[args.index("--trials") + 1]) if "--trials" in args else 20
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    positional = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] not in ("--trials", "--seed"))]
    breachkit, inputs = os.path.abspath(positional[0]), [os.path.abspath(p) for p in positional[1:]]
    rnd = random.Random(seed)
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        db = fresh(work, "reference.db")
        start = time.monotonic()
        # Exit 3 when an attachment of the inputs cannot be read (the generator's fake PDFs).
        reference_exit = subprocess.run(ingest(breachkit, db, inputs), capture_output=True).returncode
        if reference_exit not in (0, 3):
            raise RuntimeError("the reference ingestion failed (%d)" % reference_exit)
        duration = time.monotonic() - start
        reference = figures(breachkit, db)
        print("reference: %s in %.2f s, %d messages, %d persons affected" % (
            " ".join(os.path.basename(i) for i in inputs), duration,
            reference["summary"]["messages"], reference["summary"]["persons_affected"]))
        for sig in (signal.SIGKILL, signal.SIGINT):
            name = signal.Signals(sig).name
            for trial in range(trials if sig == signal.SIGKILL else max(3, trials // 4)):
                db = fresh(work, "trial.db")
                delay = rnd.uniform(0, duration)
                p = subprocess.Popen(ingest(breachkit, db, inputs), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                if sig == signal.SIGINT:
                    # Ctrl-C is caught once ingest has started (the record exists); before
                    # that, the default action (stop at once) is right: nothing was written.
                    while not os.path.exists(db) and p.poll() is None:
                        time.sleep(0.001)
                time.sleep(delay)
                p.send_signal(sig)
                out, err = p.communicate()
                problems = []
                check = integrity(db)
                if check != "ok":
                    problems.append("  integrity_check after %s: %s" % (name, check))
                if sig == signal.SIGINT and p.returncode not in (0, 3):
                    problems.append("  SIGINT: exit %s, stderr %r" % (p.returncode, err[-300:]))
                if (sig == signal.SIGINT and p.returncode == 3 and "interrupted" not in err
                        and "exit 3, a partial success" not in err):
                    problems.append("  SIGINT: exit 3 without the 'interrupted' message: %r" % err[-300:])
                stopped = "finished first" if p.returncode in (0, 3) and "interrupted" not in err else "stopped"
                again = subprocess.run(ingest(breachkit, db, inputs), capture_output=True, text=True)
                # 3 only if the reference said 3: the sources the killed run finished are not
                # read again, so their attachments not read may not be met again.
                if again.returncode not in ((0,) if reference_exit == 0 else (0, 3)):
                    problems.append("  re-run: exit %d (the reference's %d): %s" % (
                        again.returncode, reference_exit, again.stderr[-300:]))
                else:
                    problems += diff(reference, figures(breachkit, db))
                print("%s trial %2d at %.3f s (%s): %s" % (name, trial + 1, delay, stopped, "ok" if not problems else "FAILED"))
                for line in problems:
                    print(line)
                failures += bool(problems)
    print("%d failure%s" % (failures, "" if failures == 1 else "s"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
