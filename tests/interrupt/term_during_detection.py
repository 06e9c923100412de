#!/usr/bin/env python3
"""SIGTERM while one huge text is being scanned: `breachkit ingest` of a single message whose
body is one line of megabytes of "IBAN;phone;" must stop soon after the first SIGTERM, with
the usual exit 3 and "interrupted" message, and leave the source incomplete in the record
(the next run reads it again). Detection used to check the stop request only between two
messages: the first SIGTERM was ignored for minutes.

Reading a message that large (MIME parsing) is not interrupted; its time is measured first,
on a message of the same size with nothing to find, and allowed on top of --bound.

usage: term_during_detection.py BREACHKIT [--mb 20] [--bound 10]
Exit 0 when it stopped in time, 1 otherwise.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time


def main():
    args = sys.argv[1:]
    breachkit = os.path.abspath(args[0])
    mb = float(args[args.index("--mb") + 1]) if "--mb" in args else 20
    bound = float(args[args.index("--bound") + 1]) if "--bound" in args else 10
    with tempfile.TemporaryDirectory() as work:
        eml = os.path.join(work, "line.eml")
        with open(eml, "w") as f:
            f.write("From: a@example.com\nTo: b@example.com\nSubject: one line\n"
                    "Message-ID: <line@example.com>\n\n")
            row, i, written = "FR76 3000 6000 0112 3456 7890 189;06 %s;", 0, 0
            chunk = []
            while written < mb * 1e6:
                n = str(10000000 + i % 90000000)
                r = row % ("%s %s %s %s" % (n[0:2], n[2:4], n[4:6], n[6:8]))
                chunk.append(r)
                written += len(r)
                i += 1
                if len(chunk) >= 10000:
                    f.write("".join(chunk))
                    chunk = []
            f.write("".join(chunk) + "\n")
        # The same size with nothing to find: what reading and writing it costs.
        plain = os.path.join(work, "plain.eml")
        with open(plain, "w") as f:
            f.write("From: a@example.com\nTo: b@example.com\nSubject: plain\n"
                    "Message-ID: <plain@example.com>\n\n")
            f.write("lorem ipsum " * int(os.path.getsize(eml) / 12) + "\n")
        db = os.path.join(work, "plain.db")
        subprocess.run([breachkit, "--db", db, "init"], check=True, capture_output=True)
        start = time.monotonic()
        subprocess.run([breachkit, "--db", db, "ingest", plain], check=True, capture_output=True)
        reading = time.monotonic() - start
        bound += reading
        db = os.path.join(work, "i.db")
        subprocess.run([breachkit, "--db", db, "init"], check=True, capture_output=True)
        p = subprocess.Popen([breachkit, "--db", db, "ingest", eml], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        # Into the reading or the detection of the one message.
        time.sleep(min(4, reading / 2))
        if p.poll() is not None:
            print("ingest finished before the signal (%d): use a larger --mb" % p.returncode)
            return 1
        sent = time.monotonic()
        p.send_signal(signal.SIGTERM)
        try:
            out, err = p.communicate(timeout=max(bound, 60) * 5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            print("FAILED: still running %.0f s after SIGTERM" % (max(bound, 60) * 5))
            return 1
        took = time.monotonic() - sent
        con = sqlite3.connect(db)
        sources = con.execute("SELECT complete FROM source").fetchall()
        messages = con.execute("SELECT count(*) FROM message").fetchone()[0]
        con.close()
        problems = []
        if p.returncode != 3:
            problems.append("exit %d, not 3" % p.returncode)
        if "interrupted" not in err:
            problems.append("no 'interrupted' message: %r" % err[-300:])
        if took > bound:
            problems.append("stopped %.1f s after SIGTERM (bound %.0f s)" % (took, bound))
        if any(c for (c,) in sources) or messages:
            problems.append("the record holds the message as read: sources %s, %d messages" % (
                sources, messages))
        print("%.0f MB line: stopped %.2f s after SIGTERM (reading such a message: %.2f s), "
              "exit %d: %s" % (mb, took, reading, p.returncode, "ok" if not problems else "FAILED"))
        for line in problems:
            print("  " + line)
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
