#!/usr/bin/env python3
"""Deterministic ordinary mailbox for benchmarks: what a person's mailbox holds, not a
reply-all storm. Many small messages (about 4.5 KB), few recipients (1 to 40, about 19 on
average, To and Cc), two or three Received headers each, DKIM and List headers on some,
French text with phone numbers in quoted-printable UTF-8, some HTML alternatives, and an
attachment on one message in twelve (a small PDF-like file, a CSV of names and phones, an
image). All invented. The same messages can be written as an mbox or as a Maildir (one file
a message in cur/), so that the two readers are compared on the same mail.

usage: make_mailbox.py OUT SIZE_MB [--maildir] [--seed N]
"""
import base64
import os
import quopri
import random
import sys
import unicodedata

FIRST = ["Camille", "Léa", "Hugo", "Lucas", "Inès", "Chloé", "Théo", "Zoé", "Jérôme", "Anaïs",
         "François", "Gaëlle", "Noémie", "Rémi", "Sébastien", "Hélène", "Mathis", "Maëlys"]
LAST = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Fontaine", "Girard", "Roux",
        "Garcia", "Benali", "Diallo", "Roussel", "Guérin", "Chevalier", "Faure", "Mercier"]
DOMAINS = ["entreprise.example", "client-a.example", "fournisseur.example", "orange.example",
           "free.example", "laposte.example", "gmail.example"]
SUBJECTS = ["Réunion de suivi du projet", "Compte rendu du comité", "Facture n°%d",
            "Planning de la semaine", "Votre demande d'intervention", "Rappel : dossier à compléter",
            "Proposition commerciale", "Congés d'été", "Point budget T%d", "Invitation : atelier"]
SENTENCES = [
    "Bonjour, je reviens vers vous concernant le dossier évoqué lors de notre dernier échange.",
    "Vous trouverez ci-joint les éléments demandés ; n'hésitez pas à me faire part de vos remarques.",
    "Je suis joignable au 06 %02d %02d %02d %02d jusqu'à 18 h, ou au 01 44 %02d %02d %02d en cas d'urgence.",
    "La réunion est déplacée à jeudi, même heure, salle Gustave-Eiffel au deuxième étage.",
    "Merci de confirmer votre présence avant vendredi midi afin que nous puissions réserver.",
    "Le devis révisé tient compte de la remise accordée et des délais de livraison convenus.",
    "Pour rappel, les notes de frais doivent être déposées avant la clôture mensuelle.",
    "Je transmets votre message à l'équipe concernée, qui reviendra vers vous rapidement.",
    "Bien à vous, et excellente fin de semaine à toute l'équipe.",
]


def person(rnd, i):
    first, last = rnd.choice(FIRST), rnd.choice(LAST)
    domain = rnd.choice(DOMAINS)
    local = "%s.%s%s" % (first.lower(), last.lower(), "" if i % 7 else str(i))
    # "léa" -> "lea": addresses stay ASCII
    local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    return "%s %s" % (first, last), "%s@%s" % (local, domain)


def header_name(name):
    if all(ord(c) < 128 for c in name):
        return '"%s"' % name
    return "=?UTF-8?Q?%s?=" % quopri.encodestring(name.encode(), header=True).decode().replace("=\n", "")


def text(rnd, n_sentences):
    out = []
    for _ in range(n_sentences):
        s = rnd.choice(SENTENCES)
        if "%" in s:
            s = s % tuple(rnd.randrange(100) for _ in range(s.count("%")))
        out.append(s)
    return "\n".join(out) + "\n"


def message(rnd, n, people):
    sender = rnd.choice(people)
    k = min(40, max(1, int(rnd.gauss(19, 9))))
    audience = rnd.sample(people, k)
    to, cc = audience[: max(1, k // 3)], audience[max(1, k // 3):]
    day, hour, minute = 1 + n % 28, 8 + n % 10, n % 60
    date = "%s, %02d Oct 2025 %02d:%02d:%02d +0200" % (
        ["Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue"][day % 7], day, hour, minute, n % 60)
    subject = rnd.choice(SUBJECTS)
    if "%d" in subject:
        subject = subject % (n % 4 + 1 if "T%d" in subject else 1000 + n)
    if n % 3:
        subject = "RE: " + subject
    ip = "%d.%d.%d.%d" % (rnd.choice([82, 90, 176, 88]), rnd.randrange(256), rnd.randrange(256), rnd.randrange(1, 255))
    h = [
        "Return-Path: <%s>" % sender[1],
        "Received: from mx1.entreprise.example (mx1.entreprise.example [192.0.2.10])\n"
        "\tby mail.entreprise.example (Postfix) with ESMTPS id %X\n\tfor <%s>; %s" % (n * 7919, to[0][1], date),
        "Received: from [%s] (%s.abo.wanadoo.example [%s])\n\tby smtp.%s (Postfix) with ESMTPSA id %X;\n\t%s"
        % (ip, ip.replace(".", "-"), ip, sender[1].split("@")[1], n * 104729, date),
    ]
    if n % 4 == 0:
        h.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s; s=mail;\n\th=from:to:subject:date;"
                 " bh=%s;\n\tb=%s" % (sender[1].split("@")[1], base64.b64encode(bytes([n % 256]) * 32).decode(),
                                       base64.b64encode(bytes([n % 251]) * 96).decode()))
    if n % 9 == 0:
        h.append("List-Id: <equipe.entreprise.example>\nList-Unsubscribe: <mailto:equipe-unsubscribe@entreprise.example>")
    h += [
        "From: %s <%s>" % (header_name(sender[0]), sender[1]),
        "To: " + ",\n ".join("%s <%s>" % (header_name(p[0]), p[1]) for p in to),
    ]
    if cc:
        h.append("Cc: " + ",\n ".join("%s <%s>" % (header_name(p[0]), p[1]) for p in cc))
    h += [
        "Subject: =?UTF-8?Q?%s?=" % quopri.encodestring(subject.encode(), header=True).decode().replace("=\n", ""),
        "Date: " + date,
        "Message-ID: <%d.%d@%s>" % (n, n * 31, sender[1].split("@")[1]),
        "MIME-Version: 1.0",
    ]
    if n % 3:
        h.append("In-Reply-To: <%d.%d@%s>" % (n - 1, (n - 1) * 31, sender[1].split("@")[1]))
    body_text = text(rnd, rnd.randrange(3, 12)) + "\n-- \n%s\nTél. : 06 %02d %02d %02d %02d\n" % (
        sender[0], *(rnd.randrange(100) for _ in range(4)))
    if n % 3:
        body_text += "\n" + "".join("> " + line + "\n" for line in text(rnd, rnd.randrange(2, 6)).splitlines())
    qp = quopri.encodestring(body_text.encode()).decode()
    plain = "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + qp
    kind = n % 12
    if kind in (1, 5, 9):  # an HTML alternative
        html = "<html><body>" + "".join("<p>%s</p>" % line for line in body_text.splitlines() if line) + "</body></html>\n"
        b = "=_alt%d" % n
        h.append('Content-Type: multipart/alternative; boundary="%s"' % b)
        body = "--%s\n%s\n--%s\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n--%s--\n" % (
            b, plain, b, quopri.encodestring(html.encode()).decode(), b)
    elif kind == 7:  # an attachment
        b = "=_mix%d" % n
        h.append('Content-Type: multipart/mixed; boundary="%s"' % b)
        choice = (n // 12) % 3
        if choice == 0:
            att_type, name = "application/pdf", "document-%d.pdf" % n
            payload = b"%PDF-1.4\n" + bytes(rnd.randrange(256) for _ in range(rnd.randrange(2000, 12000))) + b"\n%%EOF\n"
        elif choice == 1:
            att_type, name = "text/csv; charset=utf-8", "contacts-%d.csv" % n
            payload = ("nom;prénom;téléphone\n" + "".join(
                "%s;%s;06 %02d %02d %02d %02d\n" % (p[0].split()[1], p[0].split()[0], *(rnd.randrange(100) for _ in range(4)))
                for p in audience)).encode()
        else:
            att_type, name = "image/png", "capture-%d.png" % n
            payload = b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(rnd.randrange(3000, 15000)))
        body = "--%s\n%s\n--%s\nContent-Type: %s; name=\"%s\"\nContent-Disposition: attachment; filename=\"%s\"\n" \
               "Content-Transfer-Encoding: base64\n\n%s--%s--\n" % (
                   b, plain, b, att_type, name, name, base64.encodebytes(payload).decode(), b)
    else:
        h.append(plain.split("\n\n", 1)[0])
        body = qp
    return sender[1], ("\n".join(h) + "\n\n" + body).encode("utf-8")


def main():
    positional = [a for i, a in enumerate(sys.argv[1:], 1)
                  if not a.startswith("--") and not sys.argv[i - 1].startswith("--seed")]
    out, size_mb = positional[0], float(positional[1])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    maildir = "--maildir" in sys.argv
    rnd = random.Random(seed)
    people = [person(rnd, i) for i in range(3000)]
    target = size_mb * 1_000_000
    written = n = 0
    if maildir:
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(out, sub), exist_ok=True)
        f = None
    else:
        f = open(out, "wb")
    while written < target:
        sender, msg = message(rnd, n, people)
        if maildir:
            with open(os.path.join(out, "cur", "%010d.%d.bench:2,S" % (1760000000 + n, n)), "wb") as m:
                m.write(msg)
        else:
            f.write(b"From %s Wed Oct  1 09:30:00 2025\n" % sender.encode() + msg.replace(b"\nFrom ", b"\n>From ") + b"\n")
        written += len(msg)
        n += 1
    if f:
        f.close()
    print("%s: %d messages, %.1f MB" % (out, n, written / 1e6))


if __name__ == "__main__":
    main()
