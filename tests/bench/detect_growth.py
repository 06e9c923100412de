#!/usr/bin/env python3
"""Detection time against the number of findings in one text: one message whose body is N
rows "IBAN;phone" (every phone number different), ingested on one thread, for N = 16k, 64k
and 256k. Linear detection takes about four times as long for four times the rows; the
ratios printed say how far from that it is (16 for a quadratic one).

usage: detect_growth.py BREACHKIT [--base OTHER_BREACHKIT] [--rows 16000,64000,256000]
                        [--timeout SECONDS]
--base times another binary (an older build) on the same inputs, side by side; a run past
--timeout (default 600 s) is stopped and shown as such.
"""
import os
import subprocess
import sys
import tempfile
import time

IBAN = "FR76 3000 6000 0112 3456 7890 189"


def make_eml(path, rows):
    with open(path, "w") as f:
        f.write("From: a@example.com\nTo: b@example.com\nSubject: rows\n"
                "Message-ID: <rows@example.com>\nDate: Fri, 12 Sep 2025 09:30:00 +0200\n\n")
        for i in range(rows):
            n = 10000000 + i  # 06 1X XX XX XX: a different valid-looking number a row
            f.write("%s;06 %s %s %s %s\n" % (IBAN, str(n)[0:2], str(n)[2:4], str(n)[4:6],
                                               str(n)[6:8]))


def time_ingest(breachkit, eml, work, timeout):
    db = os.path.join(work, "bench.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    subprocess.run([breachkit, "--db", db, "init"], check=True, capture_output=True)
    start = time.monotonic()
    p = subprocess.Popen([breachkit, "--db", db, "-q", "ingest", "--threads", "1", eml],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return None, ""
    if p.returncode not in (0, 3):  # 3: an attachment not read (the generators' fake PDFs)
        raise RuntimeError("ingest failed (%d): %s" % (p.returncode, err[-300:]))
    return time.monotonic() - start, out.strip()


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    breachkit = os.path.abspath(args[0])
    base = os.path.abspath(args[args.index("--base") + 1]) if "--base" in args else None
    rows = [int(r) for r in (args[args.index("--rows") + 1] if "--rows" in args
                             else "16000,64000,256000").split(",")]
    timeout = float(args[args.index("--timeout") + 1]) if "--timeout" in args else 600
    binaries = [("this", breachkit)] + ([("base", base)] if base else [])
    with tempfile.TemporaryDirectory() as work:
        results = {name: [] for name, _ in binaries}
        for n in rows:
            eml = os.path.join(work, "rows.eml")
            make_eml(eml, n)
            size = os.path.getsize(eml) / 1e6
            for name, binary in binaries:
                seconds, summary = time_ingest(binary, eml, work, timeout)
                results[name].append(seconds)
                shown = "past %.0f s (stopped)" % timeout if seconds is None else "%.2f s" % seconds
                print("%-4s %7d rows (%5.1f MB): %s  %s" % (name, n, size, shown, summary[-60:]),
                      flush=True)
        for name, _ in binaries:
            times = results[name]
            ratios = []
            for k in range(1, len(rows)):
                a, b = times[k - 1], times[k]
                if a and b:
                    ratios.append("%d→%d rows: ×%.1f time for ×%.0f rows" % (
                        rows[k - 1], rows[k], b / a, rows[k] / rows[k - 1]))
                else:
                    ratios.append("%d→%d rows: n/a" % (rows[k - 1], rows[k]))
            print("%s: %s" % (name, "; ".join(ratios)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
