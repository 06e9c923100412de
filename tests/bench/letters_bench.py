#!/usr/bin/env python3
"""Letters benchmark: one message sent to N persons (names with accents), ingested, then
`breachkit letters` timed for all of them: letters per second (both cores) and bytes per
letter; then `letters --merged` into another folder, with its peak RSS (the merged PDF of every
letter must not hold every letter's layout in memory). Run by hand.

usage: letters_bench.py [BREACHKIT] [--persons 10000]
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIRST = ["Léa", "Hugo", "Zoë", "Jérôme", "Anaïs", "Łukasz", "Nguyễn", "François", "Gaëlle", "Rémi"]
LAST = ["Martin", "Dubois", "Lefèvre", "Ørsted", "Wójcik", "Lœwenbrück", "Guérin", "Benali"]


def main():
    positional = [a for i, a in enumerate(sys.argv[1:], 1)
                  if not a.startswith("--") and not sys.argv[i - 1].startswith("--")]
    bk = os.path.abspath(positional[0] if positional else os.path.join(ROOT, "build", "tools", "breachkit"))
    n = int(sys.argv[sys.argv.index("--persons") + 1]) if "--persons" in sys.argv else 10000
    with tempfile.TemporaryDirectory() as tmp:
        eml, db, out = os.path.join(tmp, "m.eml"), os.path.join(tmp, "i.db"), os.path.join(tmp, "letters")
        people = ["=?UTF-8?B?%s?= <p%05d@example.org>" % (
            __import__("base64").b64encode(("%s %s" % (FIRST[i % 10], LAST[i % 8])).encode()).decode(), i)
            for i in range(n)]
        with open(eml, "w") as f:
            f.write("From: rh@corp.example\nTo: %s\nSubject: Votre candidature\n"
                    "Date: Fri, 12 Sep 2025 09:30:00 +0200\n\nBonjour\n" % ",\n ".join(people))
        run = lambda *a: subprocess.run([bk, "--db", db, "-q"] + list(a), check=True, capture_output=True)
        run("init", "--org", os.path.join(ROOT, "schemas", "examples", "organisation.xml"))
        run("ingest", eml)
        for field in ("consequences", "measures-taken", "measures-planned"):
            run("set", field, "Texte de test.")
        t = time.time()
        run("letters", "-o", out)
        s = time.time() - t
        sizes = [os.path.getsize(os.path.join(out, f)) for f in os.listdir(out) if f.endswith(".pdf")]
        print("letters: %d persons in %.1f s on %d cores: %.0f letters/s, %.1f KB per letter (max %.1f KB)"
              % (len(sizes), s, os.cpu_count(), len(sizes) / s, sum(sizes) / len(sizes) / 1024, max(sizes) / 1024))
        t = time.time()
        run("letters", "-o", out + "-merged", "--merged", os.path.join(tmp, "all.pdf"))
        s = time.time() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print("letters --merged: %d persons in %.1f s, peak RSS of the largest command %.0f MB, "
              "merged PDF %.1f MB" % (len(sizes), s, peak, os.path.getsize(os.path.join(tmp, "all.pdf")) / 2**20))


if __name__ == "__main__":
    main()
