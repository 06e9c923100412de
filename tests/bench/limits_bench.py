#!/usr/bin/env python3
"""Peak memory of `breachkit ingest` on the three messages built to exhaust it, at full size:

  parts   one message of 500,000 empty MIME parts (3.5 MB)
  cc      one message of 1,000,000 `Cc:` header lines (22 MB)
  docx    one message of 40 DOCX zip bombs (each 200 MB of XML text zipped to a few hundred KB)

Each is followed, in the same mbox, by a message holding an IBAN: the run must go on past the
attack (exit 0, the IBAN found). Prints, for each, the seconds, the peak RSS of the breachkit
process (getrusage of the child), the exit code, the findings and the defects recorded on the
attack message (the limit reached, what was read and what was not). The limits are the
constants of core/mail/mime_parser.h (doc/design.md, "Limits of one message").

usage: limits_bench.py [--build build] [--workdir /tmp/breachkit-limits] [--only parts,cc,docx]
Run by hand, never as a unit test.
"""
import base64
import io
import json
import os
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

PROBE = ("import resource,subprocess,sys,time;t=time.time();"
         "p=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE,stderr=subprocess.PIPE,text=True);"
         "print(time.time()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode);"
         "print(p.stdout.strip().splitlines()[-1] if p.stdout.strip() else '{}')")

AFTER = ("From y Fri Sep 12 09:31:00 2025\nFrom: after@example.com\nSubject: after\n\n"
         "IBAN FR76 3000 6000 0112 3456 7890 189\n")


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def parts():
    body = "--b\n\n" * 500_000
    return ("From: c@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
            + body + "--b--\n")


def cc():
    lines = "".join("Cc: cc%07d@example.com\n" % i for i in range(1_000_000))
    return "From: c@example.com\n" + lines + "Subject: many\n\nbody\n"


def docx():
    text = "IBAN FR76 3000 6000 0112 3456 7890 189 " + "A" * 200_000_000
    xml = ('<w:document xmlns:w="w"><w:body><w:p><w:t>' + text + "</w:t></w:p></w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("word/document.xml", xml)
    b64 = base64.encodebytes(buf.getvalue()).decode()
    out = "From: c@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
    for i in range(40):
        out += ("--B\nContent-Type: application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document\nContent-Disposition: attachment; filename=bomb%d.docx\n"
                "Content-Transfer-Encoding: base64\n\n%s" % (i, b64))
    return out + "--B--\n"


def main():
    build = arg("--build", os.path.join(ROOT, "build"))
    work = arg("--workdir", "/tmp/breachkit-limits")
    only = arg("--only", "parts,cc,docx").split(",")
    breachkit = os.path.join(build, "tools", "breachkit")
    os.makedirs(work, exist_ok=True)
    for name, make in (("parts", parts), ("cc", cc), ("docx", docx)):
        if name not in only:
            continue
        mbox = os.path.join(work, name + ".mbox")
        if not os.path.exists(mbox):
            with open(mbox, "w") as f:
                f.write("From x Fri Sep 12 09:30:00 2025\n" + make() + "\n" + AFTER)
        db = os.path.join(work, name + ".db")
        if os.path.exists(db):
            os.remove(db)
        out = subprocess.run([sys.executable, "-c", PROBE, breachkit, "--db", db, "ingest", "--json",
                              mbox], capture_output=True, text=True, check=True).stdout
        first, summary = out.split("\n", 1)
        seconds, maxrss_kb, rc = first.split()
        summary = json.loads(summary)
        listed = subprocess.run([breachkit, "--db", db, "messages", "--json"], capture_output=True,
                                text=True).stdout.splitlines()
        defects = json.loads(listed[0])["defects"] if listed else []
        print("%-6s %6.1f MB input  %6.1f s  peak RSS %7.1f MB  exit %s  findings %s" %
              (name, os.path.getsize(mbox) / 1e6, float(seconds), int(maxrss_kb) / 1024, rc,
               summary.get("findings")))
        for d in defects[:6]:
            print("         defect: " + d[:160])
        if len(defects) > 6:
            print("         ... %d defects in all" % len(defects))


if __name__ == "__main__":
    main()
