#!/usr/bin/env python3
"""The cost of reading tables in attachments: `breachkit ingest` of one payroll leak
(tests/data/payroll/make_payroll.py: one message, one attached sheet, one person a row) against
the same message with its attachment made opaque (the same base64 bytes, declared
application/octet-stream and named .bin, so that it is decoded and hashed but never read as a
table): the difference is what reading the table and its persons costs.

For each size and format: a fresh record (`breachkit --db X init --org ORG`, untimed), then
`ingest LEAK` timed; the runs of the table and of its reference are interleaved and each figure
is the median of --runs; peak RSS is the breachkit process's own maximum (os.wait4). Once per
leak, outside the timing, `summary --json` must count one affected person per row.

usage: tables_bench.py [--build build] [--runs 5] [--big-runs 3] [--workdir /tmp/breachkit-tables]
                       [--cases 1000:xlsx,1000:csv,10000:xlsx,10000:csv,10000:ods,...]
Defaults: 1,000, 10,000 and 100,000 rows in XLSX and CSV, 10,000 in ODS; --runs for each case
but those of 100,000 rows or more, which take --big-runs (about 5 minutes on the 2-core VM;
`--big-runs 5` about 7.5). Run by hand, never as a unit test.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GENERATOR = os.path.join(ROOT, "tests", "data", "payroll", "make_payroll.py")
DEFAULT_CASES = ("1000:xlsx,1000:csv,10000:xlsx,10000:csv,10000:ods,"
                 "100000:xlsx,100000:csv")


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def generate(work, rows, formats):
    """The leaks of `rows` rows, one .eml per format, generated once into the work folder."""
    out = os.path.join(work, "rows%d" % rows)
    if not all(os.path.exists(os.path.join(out, "payroll-%s.eml" % f)) for f in formats):
        subprocess.run([sys.executable, GENERATOR, "--out", out, "--rows", str(rows), "--format",
                        ",".join(formats)], check=True, stdout=subprocess.DEVNULL)
    return out


def opaque(eml, out):
    """`eml` with its attachment's type and name made opaque: same base64 body, same size."""
    with open(eml, "rb") as f:
        data = f.read()
    at = data.find(b"Content-Disposition: attachment;")
    if at < 0:
        sys.exit("%s: no attachment" % eml)
    # The part's own Content-Type line is the last one before its disposition.
    start = data.rfind(b"Content-Type: ", 0, at)
    end = data.index(b"\n", at)
    data = (data[:start] + b'Content-Type: application/octet-stream; name="data.bin"\n'
            b'Content-Disposition: attachment; filename="data.bin"' + data[end:])
    with open(out, "wb") as f:
        f.write(data)


def run(command):
    """(seconds, peak RSS in MB, exit code, stdout) of one breachkit process."""
    t = time.time()
    p = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.time() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, p.returncode, out.decode()


def ingest(bk, org, db, leak):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    subprocess.run([bk, "--db", db, "init", "--org", org], check=True, capture_output=True)
    seconds, rss, rc, _ = run([bk, "--db", db, "-q", "ingest", leak])
    if rc != 0:
        sys.exit("ingest %s: exit %d" % (leak, rc))
    return seconds, rss


def main():
    build = arg("--build", os.path.join(ROOT, "build"))
    bk = os.path.abspath(os.path.join(build, "tools", "breachkit"))
    runs = int(arg("--runs", "5"))
    big_runs = int(arg("--big-runs", "3"))
    work = arg("--workdir", "/tmp/breachkit-tables")
    cases = [(int(c.split(":")[0]), c.split(":")[1]) for c in arg("--cases", DEFAULT_CASES).split(",")]
    os.makedirs(work, exist_ok=True)
    by_rows = {}
    for rows, fmt in cases:
        by_rows.setdefault(rows, []).append(fmt)
    folders = {rows: generate(work, rows, fmts) for rows, fmts in by_rows.items()}
    db = os.path.join(work, "bench.db")
    results = []
    for rows, fmt in cases:
        leak = os.path.join(folders[rows], "payroll-%s.eml" % fmt)
        ref = os.path.join(folders[rows], "payroll-%s-opaque.eml" % fmt)
        opaque(leak, ref)
        org = os.path.join(folders[rows], "organisation.xml")
        # The check, once and untimed: one person found in tables per row.
        ingest(bk, org, db, leak)
        summary = json.loads(subprocess.run([bk, "--db", db, "summary", "--json"], check=True,
                                            capture_output=True, text=True).stdout)
        found = summary["persons_affected"]  # one a row (the clerk who sent it is a row too)
        if found != rows:
            sys.exit("%d rows %s: %d persons affected, expected %d" % (rows, fmt, found, rows))
        ingest(bk, org, db, ref)
        ref_summary = json.loads(subprocess.run([bk, "--db", db, "summary", "--json"], check=True,
                                                capture_output=True, text=True).stdout)
        if ref_summary["persons_found_in_tables"] != 0:
            sys.exit("%s: the opaque reference was read as a table" % ref)
        table, reference = [], []
        n = big_runs if rows >= 100_000 else runs
        for _ in range(n):
            table.append(ingest(bk, org, db, leak))
            reference.append(ingest(bk, org, db, ref))
        s = statistics.median(t for t, _ in table)
        rs = statistics.median(t for t, _ in reference)
        results.append((rows, fmt, n, os.path.getsize(leak) / 1e6, s, rows / s,
                        max(m for _, m in table), rs, max(m for _, m in reference), found))
        print("%7d %-4s done (%.2f s, reference %.2f s)" % (rows, fmt, s, rs), file=sys.stderr)
    print("| rows | format | runs | .eml MB | ingest s | persons/s | peak RSS MB | reference s "
          "| reference peak RSS MB | persons (summary) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for rows, fmt, n, mb, s, rate, rss, rs, rrss, found in results:
        print("| {:,} | {} | {} | {:.1f} | {:.2f} | {:,.0f} | {:.0f} | {:.2f} | {:.0f} | {:,} |".format(
            rows, fmt, n, mb, s, rate, rss, rs, rrss, found))
    print("median of the runs, interleaved; reference: the same message, its attachment an "
          "opaque application/octet-stream .bin of the same size")
    if "--keep" not in sys.argv:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)


if __name__ == "__main__":
    main()
