#!/usr/bin/env python3
"""Deterministic large mbox for benchmarks: thousands of messages with hundreds of
recipients, quoted replies, attachments (PDF-like binary, DOCX-like zip, CSV) and several
charsets (UTF-8, ISO-8859-1, windows-1252, quoted-printable, base64). All invented.

usage: make_mbox.py OUT.mbox SIZE_MB [--seed N]
"""
import base64
import random
import sys

FIRST = ["Camille", "Léa", "Hugo", "Lucas", "Inès", "Chloé", "Théo", "Zoë", "Jérôme", "Anaïs",
         "Łukasz", "Nguyễn", "Ελένη", "Дмитрий", "François", "Gaëlle", "Noémie", "Rémi"]
LAST = ["Martin", "Bernard", "Dubois", "Lefèvre", "Müller", "Fontaine", "Ørsted", "Wójcik",
        "Garcia", "Benali", "Diallo", "Roussel", "Guérin", "Chevalier"]
DOMAINS = ["laposte.example", "orange.example", "free.example", "gmail.example", "sfr.example"]
TEXT = ("Bonjour à tous, je vous remercie pour votre retour. Vous pouvez me joindre au "
        "06 39 98 %02d %02d ou par courriel. Cordialement, et bonne journée.\n")


def person(rnd, i):
    f, l = rnd.choice(FIRST), rnd.choice(LAST)
    return "%s %s" % (f, l), "p%05d.%s@%s" % (i, rnd.choice(["a", "b", "c"]), rnd.choice(DOMAINS))


def encoded(name):
    return "=?UTF-8?B?%s?=" % base64.b64encode(name.encode()).decode()


def main():
    out, size_mb = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rnd = random.Random(seed)
    people = [person(rnd, i) for i in range(5000)]
    target = size_mb * 1_000_000
    written = 0
    n = 0
    attachment = bytes(rnd.randrange(256) for _ in range(60_000))
    with open(out, "wb") as f:
        while written < target:
            audience = rnd.sample(people, rnd.randrange(100, 400))
            sender = rnd.choice(people)
            kind = n % 6
            headers = [
                "From %s Fri Sep 12 09:30:00 2025" % sender[1],
                "From: %s <%s>" % (encoded(sender[0]), sender[1]),
                "To: " + ",\n ".join("%s <%s>" % (encoded(p[0]), p[1]) for p in audience[:len(audience) // 2]),
                "Cc: " + ",\n ".join("%s <%s>" % (encoded(p[0]), p[1]) for p in audience[len(audience) // 2:]),
                "Subject: =?UTF-8?Q?RE=3A_Votre_candidature_n=C2=B0%d?=" % n,
                "Date: Fri, 12 Sep 2025 %02d:%02d:00 +0200" % (9 + n % 12, n % 60),
                "Message-ID: <bench-%d@example.com>" % n,
                "In-Reply-To: <bench-%d@example.com>" % max(0, n - 1),
                "MIME-Version: 1.0",
            ]
            body_text = "".join(TEXT % (rnd.randrange(100), rnd.randrange(100)) for _ in range(rnd.randrange(5, 40)))
            quoted = "".join("> " + line + "\n" for line in body_text.splitlines()[:20])
            if kind == 0:
                headers.append("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit")
                body = (body_text + quoted).encode("utf-8")
            elif kind == 1:
                headers.append("Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable")
                raw = (body_text + quoted).encode("latin-1", "replace")
                body = b"".join(b"=%02X" % c if c > 126 or c == 61 else bytes([c]) for c in raw)
            elif kind == 2:
                headers.append("Content-Type: text/html; charset=windows-1252\nContent-Transfer-Encoding: 8bit")
                body = ("<html><body><p>" + body_text.replace("\n", "<br>") + "</p><blockquote>" +
                        quoted.replace("\n", "<br>") + "</blockquote></body></html>\n").encode("cp1252", "replace")
            else:
                b = "=_b%d" % n
                headers.append('Content-Type: multipart/mixed; boundary="%s"' % b)
                att_type = ["application/pdf", "text/csv; charset=utf-8", "application/octet-stream"][kind % 3]
                payload = attachment[: rnd.randrange(5_000, 60_000)] if kind != 4 else (
                    "nom;téléphone\n" + "".join("%s;06 39 98 %02d %02d\n" % (p[0], i % 100, i % 97) for i, p in enumerate(audience))).encode()
                enc = base64.encodebytes(payload)
                body = ("--%s\nContent-Type: text/plain; charset=utf-8\n\n%s\n--%s\nContent-Type: %s\n"
                        "Content-Disposition: attachment; filename=\"pièce-%d.bin\"\n"
                        "Content-Transfer-Encoding: base64\n\n" % (b, body_text, b, att_type, n)).encode() + enc + (
                        "--%s--\n" % b).encode()
            msg = ("\n".join(headers) + "\n\n").encode("utf-8") + body
            msg = msg.replace(b"\nFrom ", b"\n>From ")
            f.write(msg + b"\n\n")
            written += len(msg) + 2
            n += 1
    print("%s: %d messages, %.1f MB" % (out, n, written / 1e6))


if __name__ == "__main__":
    main()
