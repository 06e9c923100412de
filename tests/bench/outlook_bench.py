#!/usr/bin/env python3
"""Ingestion speed of Outlook files: a folder of .msg files and a folder of winmail.dat (TNEF)
files, timed side by side with a folder of .eml files of about the same size, interleaved;
with the corpus (BREACHKIT_CORPUS), also its OST file (16.8 MB, 183 items: no public PST is
larger) beside a generated mbox of the same size.

The inputs are the public test files of tests/data/outlook/, each copied COPIES times with a
different trailing byte string (an OLE2 or TNEF reader ignores bytes after the last sector or
attribute; without it every copy would be the same bytes, ingested once). The .eml folder
holds the first messages of a generated mbox as large as the .msg folder
(tests/bench/make_mbox.py), at most as many as there are .msg files. Each figure is the median of RUNS runs into a fresh record, warm cache; messages/s
counts top-level messages.

usage: outlook_bench.py [--copies 125] [--runs 3] [--build build] [--workdir /tmp/bk-outlook]
Run by hand, never as a unit test.
"""
import glob
import json
import mailbox
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def fill(folder, files, copies):
    os.makedirs(folder, exist_ok=True)
    n = 0
    for path in files:
        data = open(path, "rb").read()
        base = os.path.basename(path)
        for i in range(copies):
            with open(os.path.join(folder, "%04d-%s" % (i, base)), "wb") as f:
                f.write(data + b"\0" * 16 + str(i).encode())
            n += 1
    return n


def size_of(folder):
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))


def ingest(bk, folder, work):
    db = os.path.join(work, "r.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    t = time.monotonic()
    p = subprocess.run([bk, "--db", db, "ingest", "--json", folder], capture_output=True, text=True)
    elapsed = time.monotonic() - t
    if p.returncode not in (0, 3):
        sys.exit("ingest %s failed (%d): %s" % (folder, p.returncode, p.stderr[-500:]))
    return elapsed, json.loads(p.stdout)


def main():
    copies = int(arg("--copies", "125"))
    runs = int(arg("--runs", "3"))
    bk = os.path.abspath(os.path.join(arg("--build", os.path.join(ROOT, "build")), "tools", "breachkit"))
    work = arg("--workdir", "/tmp/bk-outlook")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    data = os.path.join(ROOT, "tests", "data", "outlook")
    folders = {
        "msg": fill(os.path.join(work, "msg"), sorted(glob.glob(os.path.join(data, "*.msg"))), copies),
        "tnef": fill(os.path.join(work, "tnef"),
                     sorted(glob.glob(os.path.join(data, "*.tnef")) + glob.glob(os.path.join(data, "*.dat"))),
                     copies * 2),
    }
    corpus = os.environ.get("BREACHKIT_CORPUS", "")
    ost = os.path.join(corpus, "outlook", "ost", "pst-extractor", "pstextractortest@outlook.com.ost")
    if corpus and os.path.isfile(ost):
        os.makedirs(os.path.join(work, "pst"))
        shutil.copy(ost, os.path.join(work, "pst", "mailbox.ost"))
        folders["pst"] = 1
        os.makedirs(os.path.join(work, "mbox"))
        subprocess.run([sys.executable, os.path.join(HERE, "make_mbox.py"),
                        os.path.join(work, "mbox", "same-size.mbox"),
                        str(int(os.path.getsize(ost) / 1e6 + 0.5))], check=True, capture_output=True)
        folders["mbox"] = 1
    # As many .eml files as .msg ones, from a generated mbox.
    mbox = os.path.join(work, "gen.mbox")
    megabytes = int(size_of(os.path.join(work, "msg")) / 1e6) + 1
    subprocess.run([sys.executable, os.path.join(HERE, "make_mbox.py"), mbox, str(megabytes)],
                   check=True, capture_output=True)
    eml = os.path.join(work, "eml")
    os.makedirs(eml)
    for i, message in enumerate(mailbox.mbox(mbox)):
        if i == folders["msg"]:
            break
        with open(os.path.join(eml, "%05d.eml" % i), "wb") as f:
            f.write(message.as_bytes())
    folders["eml"] = len(os.listdir(eml))
    times = {k: [] for k in folders}
    reports = {}
    for _ in range(runs):
        for kind in folders:  # interleaved
            elapsed, report = ingest(bk, os.path.join(work, kind), work)
            times[kind].append(elapsed)
            reports[kind] = report
    print("%-5s %6s %8s %8s %10s %10s" % ("input", "files", "MB", "s", "MB/s", "messages/s"))
    for kind, n in folders.items():
        mb = size_of(os.path.join(work, kind)) / 1e6
        t = statistics.median(times[kind])
        messages = reports[kind].get("messages", n)  # top level
        print("%-5s %6d %8.1f %8.2f %10.1f %10.0f" % (kind, n, mb, t, mb / t, messages / t))


if __name__ == "__main__":
    main()
