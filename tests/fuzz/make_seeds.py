#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (tests/fuzz/seeds/<target>/), deterministically.

message: four messages of the sample leak (plain, HTML, DOCX attachment, forward), their
         recipient lists cut to three so the fuzzer mutates bodies rather than addresses,
         small hand-made messages of the shapes that break parsers, and one with a PDF
         attachment.
mbox:    short mboxes (escaped From lines, CRLF, truncated, no final newline).
xml:     the example organisation profile, both letter templates, a small record export.
address: address header values, plain (core/mail/address_list.h reads them) and not.
msg:     not written here (kept as they are): three public .msg and two TNEF test files, copies of
         tests/data/outlook/ (whose README gives their origin and licence), and the compressed
         RTF example of [MS-OXRTFCP] section 3.1.1 (rtf-compressed.bin).

usage: make_seeds.py SAMPLE_MBOX BREACHKIT
       (build/sample-leak/hr-rejection.mbox build/tools/breachkit)
"""
import base64
import mailbox
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def write(target, name, data):
    d = os.path.join(HERE, "seeds", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def cut_lists(raw):
    # Keep the first three entries of each To/Cc header (continuation lines folded away).
    def cut(m):
        entries = re.split(rb",\s*", re.sub(rb"\r?\n[ \t]+", b" ", m.group(2)).strip())
        return m.group(1) + b", ".join(entries[:3]) + b"\n"
    return re.sub(rb"(?m)^((?:To|Cc): )((?:.*\n)(?:[ \t].*\n)*)", cut, raw)


HOSTILE = {
    "nested-multipart.eml": "Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nIBAN FR76 3000 6000 0112 3456 7890 189\n--b--\n--a--\n",
    "no-closing-boundary.eml": "From: a@example.org\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nTel 06 12 34 56 78\n--x\nContent-Type: text/html\n\n<p>le 3 janvier 2001",
    "forward-chain.eml": "From: a@example.org\nContent-Type: message/rfc822\n\nFrom: b@example.org\nContent-Type: message/rfc822\n\nFrom: c@example.org\nSubject: =?utf-8?q?caf=C3=A9?=\n\nNIR 2 84 05 73 025 047 54\n",
    "unknown-charset.eml": "From: a@example.org\nContent-Type: text/plain; charset=x-no-such-charset\nContent-Transfer-Encoding: quoted-printable\n\nn=E9 le 03/04/1996\n",
    "bad-base64.eml": "From: a@example.org\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nQm9uam91ci!!!#$%^&*()\n===\nSGVsbG8\n",
    "nul-and-invalid-utf8.eml": b"From: \xff\xfe <a@example.org>\nSubject: a\x00b\xc3\n\nbody \x00 with \xe9 and 4111 1111 1111 1111\n",
    "cr-only.eml": "From: a@example.org\rTo: b@example.org\rSubject: cr\r\rLe 12/05/1990, ne le\r",
    "crlf.eml": "From: a@example.org\r\nTo: \"Dubois, J\" <b@example.org>, c@example.org\r\n\r\nBonjour Ilona,\r\n> On Mon, x wrote:\r\n> 0612345678\r\n",
    "encoded-words.eml": "From: =?iso-8859-1?q?J=E9r=F4me?= <j@example.org>\nTo: =?utf-8?b?RHVib2lzLCBKw6lyw7RtZQ==?= <d@example.org>\nReply-To: group: x@example.org, y@example.org;\n\nhttps://www.linkedin.com/in/someone 192.168.1.1 ::1\n",
}


def pdf(pages):
    """A PDF of one page per string (ASCII, one line each), in Helvetica."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        kids.append(b"%d 0 R" % (len(objects) + 1))
        content = b"BT /F1 12 Tf 72 760 Td (" + text.encode() + b") Tj ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects) + 2))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i + 1, o)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def pdf_message():
    """A message with a two-page PDF attachment: the fuzzer reaches poppler through it."""
    body = base64.encodebytes(pdf(["Tel 06 39 98 12 34", "IBAN FR76 3000 6000 0112 3456 7890 189"]))
    return (b"From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
            b"--b\nContent-Type: text/plain\n\nCV\n--b\nContent-Type: application/pdf\n"
            b"Content-Disposition: attachment; filename=cv.pdf\nContent-Transfer-Encoding: base64\n\n"
            + body + b"--b--\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    for target in ("message", "mbox", "xml", "address"):
        shutil.rmtree(os.path.join(HERE, "seeds", target), ignore_errors=True)
    box = mailbox.mbox(sys.argv[1])
    for i in (0, 3, 4, 13):
        write("message", "sample-%02d.eml" % i, cut_lists(box.get_bytes(i)))
    for name, data in HOSTILE.items():
        write("message", name, data)
    write("message", "pdf-attachment.eml", pdf_message())

    write("mbox", "two.mbox", "From a@example.org Fri Sep 12 09:30:00 2025\nSubject: 1\n\n>From here\n\n"
          "From b@example.org Fri Sep 12 09:31:00 2025\nSubject: 2\n\nbody\n")
    write("mbox", "crlf.mbox", "From a Fri Sep 12 09:30:00 2025\r\nSubject: 1\r\n\r\nx\r\n\r\nFrom b\r\n\r\ny")
    write("mbox", "truncated.mbox", "From a Fri Sep 12 09:30:00 2025\nSubject: 1\n\nx\n\nFrom b Fri\nContent-Type: multipart/mixed; boun")
    write("mbox", "bom.mbox", b"\xef\xbb\xbfFrom a\n\n>>From x\nFrom b\n")

    for i, value in enumerate([
            "Jean Dupont <jean@example.org>, \"Martin, L\u00e9a\" <lea@example.org>",
            "=?UTF-8?B?TMOpYSBNYXJ0aW4=?= <lea@example.org>,\r\n =?ISO-8859-1?Q?Andr=E9?= <a@example.org>",
            "<p00001.a@laposte.example>, o'brien@example.org, J. Dupont <j+rh@example.org>",
            "Team: a@example.org, (RH) b@example.org;, <@route.example:c@example.org>",
            "\"a b\"@example.org, d@[192.0.2.1], e@xn--bcher-kva.example, f@example.",
            "Dupont, Jean <j@example.org>, x@y <x@y>, <<z@example.org>>, \"open <q@example.org>",
            "=?utf-8?q?Ren=C3=A9e Dupont?= <r@example.com>, M\u00fcller <m@example.org>"]):
        write("address", "header-%d.txt" % i, value)

    os.makedirs(os.path.join(HERE, "seeds", "xml"))
    shutil.copy(os.path.join(ROOT, "schemas", "examples", "organisation.xml"), os.path.join(HERE, "seeds", "xml"))
    for lang in ("fr", "en"):
        shutil.copy(os.path.join(ROOT, "schemas", "templates", "letter-%s.xml" % lang), os.path.join(HERE, "seeds", "xml"))
    # A real export of a one-message record, made with the breachkit binary.
    work = tempfile.mkdtemp()
    db, eml, xml = (os.path.join(work, n) for n in ("r.db", "m.eml", "r.xml"))
    with open(eml, "wb") as f:
        f.write(HOSTILE["crlf.eml"].encode())
    for args in (["init", "--org", os.path.join(ROOT, "schemas", "examples", "organisation.xml")],
                 ["-q", "ingest", eml], ["export", "--format", "xml", "-o", xml]):
        subprocess.run([sys.argv[2], "--db", db] + args, check=True, stdout=subprocess.DEVNULL)
    shutil.copy(xml, os.path.join(HERE, "seeds", "xml", "record.xml"))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
