#!/usr/bin/env python3
"""Re-running `ingest` after a SIGKILL: kills a first ingestion once N messages are in the
record, then times the re-run (which wipes the unfinished source and reads it again) against
a clean run of the same mbox into a fresh record. Prints both times; the re-run should cost
about a clean run plus the wipe, not a time that grows with the square of what was written.

The mbox is made here: small messages (a text body with a phone number, an attachment, and
every tenth one a forwarded message nested in it), so that the messages, parts, findings and
nested messages a wipe deletes are all many. All invented.

usage: rerun_bench.py BREACHKIT [--messages 30000] [--kill-after 18000] [--keep DIR]
(--messages 8000 --kill-after 5000 for a quick check)
"""
import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time


def make_mbox(path, count):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            sender = "p%06d@laposte.example" % i
            to = ", ".join("q%06d@orange.example" % ((i * 7 + k) % 50000) for k in range(5))
            body = ("Bonjour, rappelez-moi au 06 39 98 %02d %02d.\n" % (i % 100, (i // 100) % 100))
            f.write("From %s Mon Jan  6 10:00:00 2025\n" % sender)
            f.write("From: Personne %d <%s>\nTo: %s\nSubject: Dossier %d\n" % (i, sender, to, i))
            f.write("Message-ID: <m%d@laposte.example>\nDate: Mon, 6 Jan 2025 10:00:00 +0100\n" % i)
            f.write('MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b%d"\n\n' % i)
            f.write("--b%d\nContent-Type: text/plain; charset=utf-8\n\n%s\n" % (i, body))
            f.write("--b%d\nContent-Type: text/csv; name=\"l%d.csv\"\n"
                    "Content-Disposition: attachment; filename=\"l%d.csv\"\n\n"
                    "nom;telephone\nA;07 12 34 %02d %02d\n\n" % (i, i, i, i % 100, i % 97))
            if i % 10 == 0:
                f.write("--b%d\nContent-Type: message/rfc822\n\nFrom: <f%d@free.example>\n"
                        "To: <%s>\nSubject: Transfert\n\nIBAN FR76 3000 6000 0112 3456 7890 189\n\n"
                        % (i, i, sender))
            f.write("--b%d--\n\n" % i)


def ingest(breachkit, db, mbox):
    start = time.monotonic()
    p = subprocess.run([breachkit, "--db", db, "-q", "ingest", mbox], capture_output=True,
                       text=True)
    seconds = time.monotonic() - start
    if p.returncode not in (0, 3):
        sys.exit("ingest failed (%d): %s" % (p.returncode, p.stderr))
    return seconds


def messages_in(db):
    try:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=0.1)
        n = con.execute("SELECT count(*) FROM message WHERE parent_id IS NULL").fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("breachkit")
    ap.add_argument("--messages", type=int, default=30000)
    ap.add_argument("--kill-after", type=int, default=18000)
    ap.add_argument("--keep", help="work in this folder and leave it")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="rerun-bench-")
    os.makedirs(work, exist_ok=True)
    mbox = os.path.join(work, "leak.mbox")
    make_mbox(mbox, a.messages)

    clean_db = os.path.join(work, "clean.db")
    for f in (clean_db, clean_db + "-wal", clean_db + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    clean = ingest(a.breachkit, clean_db, mbox)
    print("clean run: %.2f s" % clean, flush=True)

    db = os.path.join(work, "killed.db")
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    proc = subprocess.Popen([a.breachkit, "--db", db, "-q", "ingest", mbox],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    written = 0
    while proc.poll() is None:
        written = messages_in(db)
        if written >= a.kill_after:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait()
    if written < a.kill_after:
        sys.exit("ingest ended before %d messages were written (%d): give more --messages"
                 % (a.kill_after, written))
    rerun = ingest(a.breachkit, db, mbox)
    print("messages %d, killed after %d written" % (a.messages, written))
    print("re-run after SIGKILL: %.2f s" % rerun)
    if not a.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
