#!/usr/bin/env python3
"""Exposure benchmark: a reply-all storm of N_REPLIES answers to one message sent to
N_RECIPIENTS people (To and Cc), ingested once, then `breachkit summary --json` timed
(median of runs) with its peak resident memory. Deterministic; run by hand.

usage: exposure_bench.py [BREACHKIT] [--recipients 300] [--replies 3000] [--runs 3]
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def storm(path, n_recipients, n_replies):
    people = ["Person %d <p%04d@example.org>" % (i, i) for i in range(n_recipients)]
    with open(path, "w", encoding="utf-8") as f:
        half = n_recipients // 2
        f.write("From hr@corp.example Fri Sep 12 09:30:00 2025\n")
        f.write("From: HR <hr@corp.example>\nTo: %s\nCc: %s\nSubject: Votre candidature\n"
                "Date: Fri, 12 Sep 2025 09:30:00 +0200\nMessage-ID: <orig@corp.example>\n\n"
                "Nous sommes au regret...\n\n" % (",\n ".join(people[:half]), ",\n ".join(people[half:])))
        for k in range(n_replies):
            i = k % n_recipients
            others = people[:i] + people[i + 1:]
            f.write("From p%04d@example.org Fri Sep 12 10:00:00 2025\n" % i)
            f.write("From: %s\nTo: HR <hr@corp.example>\nCc: %s\nSubject: RE: Votre candidature\n"
                    "Date: Fri, 12 Sep 2025 %02d:%02d:00 +0200\nMessage-ID: <r%d@example.org>\n"
                    "In-Reply-To: <orig@corp.example>\n\nMerci, bonne journée !\n\n"
                    % (people[i], ",\n ".join(others), 10 + k // 600 % 12, k % 60, k))


def main():
    positional = [a for i, a in enumerate(sys.argv[1:], 1)
                  if not a.startswith("--") and not sys.argv[i - 1].startswith("--")]
    bk = os.path.abspath(positional[0] if positional else os.path.join(ROOT, "build", "tools", "breachkit"))
    n_rec, n_rep, runs = arg("--recipients", 300), arg("--replies", 3000), arg("--runs", 3)
    with tempfile.TemporaryDirectory() as tmp:
        mbox, db = os.path.join(tmp, "storm.mbox"), os.path.join(tmp, "i.db")
        storm(mbox, n_rec, n_rep)
        t = time.time()
        rc = subprocess.run([bk, "--db", db, "-q", "ingest", mbox], capture_output=True).returncode
        if rc not in (0, 3):  # 3: an attachment not read (the generator's fake PDFs)
            sys.exit("ingest %s: exit %d" % (mbox, rc))
        ingest_s = time.time() - t
        probe = ("import resource,subprocess,sys,time;t=time.time();"
                 "p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
                 "print(time.time()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);print(p.stdout)")
        times, rss, summary = [], [], None
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", probe, bk, "--db", db, "summary", "--json"],
                                 capture_output=True, text=True, check=True).stdout
            first, rest = out.split("\n", 1)
            s, kb = first.split()
            times.append(float(s))
            rss.append(int(kb) / 1024)
            summary = json.loads(rest)
        print("storm: %d recipients, %d replies, %.1f MB mbox, ingested in %.1f s"
              % (n_rec, n_rep, os.path.getsize(mbox) / 1e6, ingest_s))
        print("summary: %d exposure events, %d persons, %d records in %.2f s (median of %d), "
              "peak RSS %.0f MB" % (summary["exposure_events"], summary["persons_affected"],
                                    summary["records"], statistics.median(times), runs, max(rss)))


if __name__ == "__main__":
    main()
