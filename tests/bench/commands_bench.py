#!/usr/bin/env python3
"""Every command on a large leak: time and peak memory (RSS) of each.

A recruitment leak of N persons made by the sample generator (one rejection sent to every
candidate in To/Cc, replies to all with phone numbers, a CV, a health remark) goes through
`breachkit run` (its time per stage, from its stderr), then each command the issue lists is
run on the record it made, alone, its peak RSS read from wait4(). Run by hand; the figures go
to the README.

usage: commands_bench.py [BREACHKIT] [--persons 50000] [--replies 40] [--keep DIR [--no-run]]

--keep DIR keeps the leak and the record in DIR; with --no-run, the record made there before
is used again (the commands only).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def run_alone(cmd):
    """Runs `cmd` through a fresh Python child so that RUSAGE_CHILDREN is this command's alone."""
    probe = ("import os,resource,subprocess,sys,time;t=time.monotonic();"
             "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
             "s=time.monotonic()-t;"
             "print('%.2f %.0f %d'%(s,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024,"
             "r.returncode));sys.stderr.write(r.stderr.decode()[-2000:])")
    p = subprocess.run([sys.executable, "-c", probe] + cmd, capture_output=True, text=True)
    seconds, peak, rc = p.stdout.split()
    if int(rc) not in (0, 3):
        sys.exit("%s failed (exit %s): %s" % (" ".join(cmd), rc, p.stderr))
    return float(seconds), float(peak)


def main():
    positional = [a for i, a in enumerate(sys.argv[1:], 1)
                  if not a.startswith("--") and not sys.argv[i - 1].startswith("--")]
    bk = os.path.abspath(positional[0] if positional else os.path.join(ROOT, "build", "tools", "breachkit"))
    persons = int(arg("--persons", "50000"))
    replies = arg("--replies", "40")
    keep = arg("--keep", None)
    tmp = keep or tempfile.mkdtemp(prefix="breachkit-commands-")
    os.makedirs(tmp, exist_ok=True)
    try:
        leak = os.path.join(tmp, "leak")
        if not os.path.exists(os.path.join(leak, "hr-rejection.mbox")):  # --keep: made once
            subprocess.run([sys.executable, os.path.join(ROOT, "tests", "data", "sample-leak", "generate.py"),
                            leak, "--seed", "5", "--candidates", str(persons), "--replies", replies],
                           check=True, capture_output=True)
        mbox = os.path.join(leak, "hr-rejection.mbox")
        out = os.path.join(tmp, "run")
        org = os.path.join(ROOT, "schemas", "examples", "organisation.xml")
        probe = ("import resource,subprocess,sys;r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,"
                 "stderr=subprocess.PIPE);sys.stdout.write(r.stderr.decode());"
                 "print('peak %.0f'%(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024));"
                 "sys.exit(r.returncode)")
        if "--no-run" in sys.argv and os.path.exists(os.path.join(out, "incident.db")):
            return commands(bk, persons, tmp, out)
        shutil.rmtree(out, ignore_errors=True)
        t = time.monotonic()
        p = subprocess.run([sys.executable, "-c", probe, bk, "-q", "run", "--org", org, "-o", out, mbox],
                           capture_output=True, text=True)
        run_s = time.monotonic() - t
        if p.returncode not in (0, 3):
            sys.exit("run failed: " + p.stdout[-2000:] + p.stderr[-2000:])
        print("leak: %d persons, %s replies, mbox %.1f MB" % (persons, replies, os.path.getsize(mbox) / 2**20))
        print("run: %.1f s, peak RSS %s MB; its stages:" % (run_s, p.stdout.split("peak ")[-1].strip()))
        for line in p.stdout.splitlines():
            if line.startswith("  "):
                print("  " + line.strip())
        commands(bk, persons, tmp, out)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def commands(bk, persons, tmp, out):
    """Each command alone on the record `run` made in `out`."""
    db = os.path.join(out, "incident.db")
    work = os.path.join(tmp, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    steps = [
        ("summary", ["summary"]),
        ("subjects --csv", ["subjects", "--csv"]),
        ("persons", ["persons"]),
        ("persons --json", ["persons", "--json"]),
        ("persons --functional", ["persons", "--functional"]),
        ("persons --duplicates", ["persons", "--duplicates"]),
        ("review --json", ["review", "--json"]),
        ("assess", ["assess"]),
        ("cnil", ["cnil", "-o", os.path.join(work, "cnil.pdf")]),
        ("report", ["report", "-o", os.path.join(work, "register.pdf")]),
        ("letters --merged", ["letters", "-o", os.path.join(work, "letters"), "--merged",
                              os.path.join(work, "all.pdf")]),
        ("export --format json", ["export", "--format", "json", "-o", os.path.join(work, "r.json")]),
        ("export --format csv", ["export", "--format", "csv", "-o", os.path.join(work, "csv")]),
        ("export --format xml", ["export", "--format", "xml", "-o", os.path.join(work, "r.xml")]),
    ]
    print("%-22s %9s %9s" % ("command", "seconds", "peak MB"))
    for name, args in steps:
        seconds, peak = run_alone([bk, "--db", db, "-q"] + args)
        extra = ""
        if name == "letters --merged":
            extra = "  (%.0f letters/s)" % (persons / seconds)
        print("%-22s %9.1f %9.0f%s" % (name, seconds, peak, extra))
    seconds, peak = run_alone([bk, "--db", os.path.join(work, "imported.db"), "-q", "import",
                               os.path.join(work, "r.xml")])
    print("%-22s %9.1f %9.0f" % ("import", seconds, peak))


if __name__ == "__main__":
    main()
