#!/usr/bin/env python3
"""Benchmark `breachkit ingest` on generated mboxes of several sizes: MB/s, messages/s and
peak resident memory (which must not grow with the size of the mbox: it is streamed).

usage: ingest_bench.py [BREACHKIT] [--sizes 100,500] [--runs 3] [--workdir DIR]

Inputs are generated once (tests/bench/make_mbox.py, deterministic) and kept in the work
folder (default /tmp/breachkit-bench). Each run ingests into a fresh record; the table
shows the median of the runs. Run by hand, never as a unit test.
"""
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def main():
    positional = [a for i, a in enumerate(sys.argv[1:], 1)
                  if not a.startswith("--") and not sys.argv[i - 1].startswith("--")]
    breachkit = os.path.abspath(positional[0] if positional else os.path.join(ROOT, "build", "tools", "breachkit"))
    sizes = [int(s) for s in arg("--sizes", "100,500").split(",")]
    runs = int(arg("--runs", "3"))
    work = arg("--workdir", "/tmp/breachkit-bench")
    os.makedirs(work, exist_ok=True)
    print("breachkit ingest benchmark on %s (%d cores)" % (os.uname().nodename, os.cpu_count()))
    print("%8s %10s %10s %10s %12s %12s" % ("size MB", "messages", "seconds", "MB/s", "messages/s", "peak RSS MB"))
    for size in sizes:
        mbox = os.path.join(work, "bench-%d.mbox" % size)
        if not os.path.exists(mbox):
            subprocess.run([sys.executable, os.path.join(HERE, "make_mbox.py"), mbox, str(size)], check=True)
        real_mb = os.path.getsize(mbox) / 1e6
        times, rss, messages = [], [], 0
        for _ in range(runs):
            db = os.path.join(work, "bench.db")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            # Peak RSS of this child alone: run it through a fresh python so RUSAGE_CHILDREN
            # does not carry the previous runs' maximum.
            probe = ("import resource,subprocess,sys,time;t=time.time();"
                     "p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
                     "print(time.time()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode);"
                     "print(p.stdout)")
            out = subprocess.run([sys.executable, "-c", probe, breachkit, "--db", db, "-q", "ingest",
                                  "--json", mbox], capture_output=True, text=True, check=True).stdout
            first, rest = out.split("\n", 1)
            seconds, maxrss_kb, rc = first.split()
            if rc not in ("0", "3"):
                sys.exit("breachkit failed (exit %s): %s" % (rc, rest))
            import json
            messages = json.loads(rest.strip().splitlines()[-1])["messages"]
            times.append(float(seconds))
            rss.append(int(maxrss_kb) / 1024)
        t = statistics.median(times)
        print("%8.0f %10d %10.2f %10.1f %12.0f %12.0f" % (real_mb, messages, t, real_mb / t, messages / t, max(rss)))


if __name__ == "__main__":
    main()
