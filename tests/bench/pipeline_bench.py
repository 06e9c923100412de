#!/usr/bin/env python3
"""The whole pipeline against its two references, in one run, on the same inputs:

  breachkit   `breachkit ingest` (parse, extract, detect, store), on one core (taskset -c 0)
              and on every core;
  gmime       tests/bench/reference/gmime_floor.c: GMime alone parses and extracts (the
              floor set by the MIME library), one core;
  python      tests/bench/reference/python_ingest.py: the standard library doing the job
              (what an analyst would otherwise write), one core.

Inputs are generated and kept in the work folder, one shape per --shapes name:
  storm     a reply-all storm mbox (tests/bench/make_mbox.py: 100-400 recipients a message,
            quoted replies, attachments, several charsets);
  mailbox   an ordinary mailbox (tests/bench/make_mailbox.py: many messages of about 4.5 KB,
            1-40 recipients, Received headers, quoted-printable French text, some attachments);
  maildir   the same messages as a Maildir (one file a message).
All deterministic. Each
figure is the median of the runs, interleaved, warm cache; peak RSS is the child's own
maximum.

usage: pipeline_bench.py [--sizes 100] [--shapes storm,mailbox,maildir] [--runs 3]
                         [--workdir /tmp/breachkit-bench]
                         [--skip python] [--build build] [--against OTHER/breachkit]

--against times another breachkit binary (a build of an earlier commit) in the same
interleaved runs, to show that a change kept or moved the speed.
Run by hand, never as a unit test.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


PROBE = ("import resource,subprocess,sys,time;t=time.time();"
         "p=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE,stderr=subprocess.PIPE,text=True);"
         "print(time.time()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode);"
         "print(p.stdout[-2000:]);print(p.stderr[-2000:])")


def measure(command, before=None):
    """(seconds, peak RSS in MB) of one run; `before` runs first, untimed."""
    if before:
        before()
    out = subprocess.run([sys.executable, "-c", PROBE] + command, capture_output=True, text=True, check=True).stdout
    first, rest = out.split("\n", 1)
    seconds, maxrss_kb, rc = first.split()
    if rc not in ("0", "3"):
        sys.exit("%s failed (exit %s): %s" % (command[0], rc, rest))
    return float(seconds), int(maxrss_kb) / 1024


def main():
    sizes = [int(s) for s in arg("--sizes", "100").split(",")]
    shapes = arg("--shapes", "storm").split(",")
    runs = int(arg("--runs", "3"))
    work = arg("--workdir", "/tmp/breachkit-bench")
    skip = arg("--skip", "").split(",")
    build = os.path.join(ROOT, arg("--build", "build"))
    breachkit = os.path.join(build, "tools", "breachkit")
    against = arg("--against", "")
    floor = os.path.join(build, "tests", "bench", "gmime_floor")
    python_ref = os.path.join(HERE, "reference", "python_ingest.py")
    for exe in (breachkit, floor):
        if not os.path.exists(exe):
            sys.exit("%s is missing: build first (bash tests/run.sh or cmake --build build)" % exe)
    os.makedirs(work, exist_ok=True)
    cores = os.cpu_count()
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print("pipeline benchmark: %d cores (%s), median of %d runs, warm cache" % (cores, cpu, runs))
    db = os.path.join(work, "bench.db")

    def fresh():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)

    def size_of(path):
        if not os.path.isdir(path):
            return os.path.getsize(path)
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)

    for shape, size in [(shape, size) for shape in shapes for size in sizes]:
        if shape == "storm":
            mbox = os.path.join(work, "bench-%d.mbox" % size)
            make = [os.path.join(HERE, "make_mbox.py"), mbox, str(size)]
        elif shape == "mailbox":
            mbox = os.path.join(work, "mailbox-%d.mbox" % size)
            make = [os.path.join(HERE, "make_mailbox.py"), mbox, str(size)]
        elif shape == "maildir":
            mbox = os.path.join(work, "maildir-%d" % size)
            make = [os.path.join(HERE, "make_mailbox.py"), mbox, str(size), "--maildir"]
        else:
            sys.exit("unknown shape %s (storm, mailbox, maildir)" % shape)
        if not os.path.exists(mbox):
            subprocess.run([sys.executable] + make, check=True)
        mb = size_of(mbox) / 1e6
        messages = int(subprocess.run([floor, mbox], capture_output=True, text=True, check=True).stdout.split()[0])
        subprocess.run(["cat"] + ([os.path.join(d, f) for d, _, files in os.walk(mbox) for f in files]
                                  if os.path.isdir(mbox) else [mbox]),
                       stdout=subprocess.DEVNULL, check=True)  # warm the cache
        rows = []
        programs = [
            ("breachkit, 1 core", ["taskset", "-c", "0", breachkit, "--db", db, "-q", "ingest", mbox], fresh),
            ("breachkit, %d cores" % cores, [breachkit, "--db", db, "-q", "ingest", mbox], fresh),
            ("gmime floor, 1 core", ["taskset", "-c", "0", floor, mbox], None),
        ]
        if against:
            programs += [
                ("against, 1 core", ["taskset", "-c", "0", against, "--db", db, "-q", "ingest", mbox], fresh),
                ("against, %d cores" % cores, [against, "--db", db, "-q", "ingest", mbox], fresh),
            ]
        if "python" not in skip and shape != "maildir":  # the reference reads an mbox
            programs.append(("python stdlib, 1 core", ["taskset", "-c", "0", sys.executable, python_ref, mbox, db], fresh))
        # Interleaved (each program once, then again): this machine's speed drifts by up to
        # 20 % from one quarter of an hour to the next, and a program run in a slow spell
        # while another ran in a fast one would skew the ratios.
        results = {name: [] for name, _, _ in programs}
        for _ in range(runs):
            for name, command, before in programs:
                results[name].append(measure(command, before))
        for name, _, _ in programs:
            seconds = statistics.median(r[0] for r in results[name])
            rss = max(r[1] for r in results[name])
            rows.append((name, seconds, rss))
        fresh()
        print("\n%s: %.0f MB, %d messages" % (shape, mb, messages))
        print("%-24s %9s %9s %12s %12s" % ("program", "seconds", "MB/s", "messages/s", "peak RSS MB"))
        for name, seconds, rss in rows:
            print("%-24s %9.2f %9.1f %12.0f %12.0f" % (name, seconds, mb / seconds, messages / seconds, rss))
        t = {name: seconds for name, seconds, _ in rows}
        g = t["gmime floor, 1 core"]
        print("ratios (throughput): breachkit 1 core / gmime = %.2f (target >= 0.6); "
              "breachkit %d cores / gmime = %.2f (target >= 1.2)" % (
                  g / t["breachkit, 1 core"], cores, g / t["breachkit, %d cores" % cores]))
        if against:
            print("            this build / --against: 1 core %.3f, %d cores %.3f (time ratio; < 1 is faster)" % (
                t["breachkit, 1 core"] / t["against, 1 core"], cores,
                t["breachkit, %d cores" % cores] / t["against, %d cores" % cores]))
        if "python stdlib, 1 core" in t:
            print("            breachkit 1 core / python = %.1f, breachkit %d cores / python = %.1f (target >= 40)" % (
                t["python stdlib, 1 core"] / t["breachkit, 1 core"], cores,
                t["python stdlib, 1 core"] / t["breachkit, %d cores" % cores]))


if __name__ == "__main__":
    main()
