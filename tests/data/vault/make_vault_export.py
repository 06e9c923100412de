#!/usr/bin/env python3
"""Writes a synthetic Google Vault export of Gmail, the shape Google documents: zip archives of
mbox files (one per account), an EDRM XML file of the messages' metadata, a checksum list of
the files and the results-count CSV. Python 3 standard library only; every name, address and
number is made up.

usage: make_vault_export.py OUT [--name NAME] [--accounts N] [--bcc N] [--replies N]
                            [--layout folder|one-zip] [--checksums md5sum|csv]
                            [--corrupt] [--drop-message] [--no-id] [--miscount] [--label TEXT]
                            [--seed N]

OUT is created (a folder). What is in it:
  NAME-1.zip … NAME-A.zip   each an mbox of one account's copy of the messages
                            (--layout one-zip: a single NAME-1.zip holding every mbox and
                            the metadata XML)
  NAME-metadata.xml         one <Document> per message and account: #From, #To, #CC, #BCC,
                            #Subject, #DateSent, Labels, Rfc822MessageId, and the account as
                            <Custodian>
  NAME-results-count.csv    accounts and their message counts
  NAME.md5 / NAME-checksums.csv   the MD5 of every other file (--checksums)
and, beside the folder, OUT.expected.json: what breachkit must find (the Bcc recipients, the
counts).

The first message is the leak: the HR team writes to candidates in To, and to --bcc more
candidates in Bcc. As delivered (and as Vault exports it) the message has no Bcc header: only
the metadata records the Bcc recipients. --replies candidates answer "reply all".
--corrupt changes one byte of NAME-1.zip after its checksum was taken; --drop-message leaves a
Document whose message is in no mbox; --no-id writes one Document without a Message-ID;
--miscount makes the results-count CSV count one message too many for the first account;
--label TEXT adds a label to the leak's Documents.
"""
import argparse
import hashlib
import io
import json
import os
import random
import sys
import zipfile
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import quoteattr, escape

FIRST = ["Camille", "Léa", "Hugo", "Nina", "Louis", "Chloé", "Jules", "Inès", "Arthur", "Manon"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
        "Moreau"]


def person(rng, i):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return (f"{first} {last}", f"cand{i:03d}.{last.lower()}@exemple-candidats.fr")


def message(msg_id, date, sender, to, cc, subject, body, in_reply_to=None):
    """A message as Gmail delivers it: no Bcc header."""
    def addresses(people):
        return ", ".join(f'"{n}" <{a}>' for n, a in people)
    lines = [
        f"From: \"{sender[0]}\" <{sender[1]}>",
        f"To: {addresses(to)}",
    ]
    if cc:
        lines.append(f"Cc: {addresses(cc)}")
    lines += [
        f"Subject: {subject}",
        f"Date: {format_datetime(date)}",
        f"Message-ID: <{msg_id}>",
    ]
    if in_reply_to:
        lines += [f"In-Reply-To: <{in_reply_to}>", f"References: <{in_reply_to}>"]
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
              "Content-Transfer-Encoding: 8bit", "", body, ""]
    return "\r\n".join(lines).replace("\r\n", "\n")


def mbox_of(messages):
    out = io.StringIO()
    for m in messages:
        out.write("From MAILER-DAEMON Mon Oct  6 09:00:00 2025\n")
        for line in m.split("\n"):
            if line.startswith("From ") or line.startswith(">From "):
                line = ">" + line
            out.write(line + "\n")
    return out.getvalue().encode("utf-8")


def document(doc_id, account, labels, sender, to, cc, bcc, subject, date, msg_id):
    def tag(name, value, kind="Text"):
        return (f'        <Tag TagName={quoteattr(name)} TagDataType="{kind}" '
                f'TagValue={quoteattr(value)}/>\n')
    def addresses(people):
        return ", ".join(f"{n} <{a}>" for n, a in people)
    out = f'    <Document DocID={quoteattr(doc_id)} DocType="Message" MimeType="message/rfc822">\n'
    out += "      <Tags>\n"
    out += tag("#From", f"{sender[0]} <{sender[1]}>")
    out += tag("#To", addresses(to))
    if cc:
        out += tag("#CC", addresses(cc))
    if bcc:
        out += tag("#BCC", addresses(bcc))
    out += tag("#Subject", subject)
    out += tag("#DateSent", date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "DateTime")
    out += tag("Labels", ",".join(labels))
    if msg_id:
        out += tag("Rfc822MessageId", f"<{msg_id}>")
    out += "      </Tags>\n"
    out += f"      <Locations><Location><Custodian>{escape(account)}</Custodian></Location></Locations>\n"
    out += "    </Document>\n"
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--name", default="vault-export")
    ap.add_argument("--accounts", type=int, default=2)
    ap.add_argument("--to", type=int, default=6)
    ap.add_argument("--bcc", type=int, default=4)
    ap.add_argument("--replies", type=int, default=2)
    ap.add_argument("--layout", choices=["folder", "one-zip"], default="folder")
    ap.add_argument("--checksums", choices=["md5sum", "csv"], default="md5sum")
    ap.add_argument("--corrupt", action="store_true")
    ap.add_argument("--drop-message", action="store_true")
    ap.add_argument("--no-id", action="store_true")
    ap.add_argument("--miscount", action="store_true")
    ap.add_argument("--label", default="", help="one more label on the leak's Documents")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    hr = ("Recrutement Exemple", "recrutement@exemple-employeur.fr")
    to = [person(rng, i) for i in range(args.to)]
    bcc = [person(rng, 100 + i) for i in range(args.bcc)]
    accounts = [f"rh{i + 1}@exemple-employeur.fr" for i in range(args.accounts)]
    start = datetime(2025, 10, 6, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    subject = "Votre candidature au poste de chargé de paie"
    leak_id = f"leak.{args.seed}@mail.exemple-employeur.fr"
    msgs = [(leak_id, start, hr, to, [], subject,
             "Bonjour,\n\nNous vous remercions de votre candidature. Nous ne pouvons y donner "
             "une suite favorable.\n\nLe service recrutement\n", None)]
    for r in range(args.replies):
        who = to[r % len(to)]
        msgs.append((f"reply.{r}.{args.seed}@exemple-candidats.fr", start + timedelta(hours=r + 1),
                     who, [hr], [p for p in to if p != who], "Re: " + subject,
                     f"Bonjour,\n\nMerci. Vous pouvez me joindre au 06 12 34 56 {r:02d}.\n\n"
                     f"{who[0]}\n", leak_id))
    texts = [message(*m) for m in msgs]

    docs = []
    archives = {}
    for a, account in enumerate(accounts):
        # Each account holds the leak and the replies (Vault exports each account's copy).
        held = list(range(len(msgs)))
        if args.drop_message:
            held = held[:-1]  # the last reply is in the metadata but in no mbox
        if a % 2 == 1:
            held.reverse()  # another account's mbox: the same messages, in another order
        archives[f"{args.name}-{a + 1}.mbox"] = mbox_of([texts[i] for i in held])
        for i, (msg_id, date, sender, mto, mcc, msubject, _, _) in enumerate(msgs):
            no_id = args.no_id and a == 0 and i == 0
            docs.append(document(f"{account}-{i:04d}", account,
                                 (["^SENT"] + ([args.label] if args.label else [])) if i == 0
                                 else ["^INBOX", "Recrutement"],
                                 sender, mto, mcc, bcc if i == 0 else [], msubject, date,
                                 None if no_id else msg_id))
    metadata = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<Root DataInterchangeType="Update" Description="Vault export">\n'
                f'  <Batch name={quoteattr(args.name)}>\n    <Documents>\n'
                + "".join(docs) + "    </Documents>\n  </Batch>\n</Root>\n").encode("utf-8")

    files = {}
    if args.layout == "folder":
        for n, (name, data) in enumerate(archives.items()):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr(name, data)
            files[f"{args.name}-{n + 1}.zip"] = buf.getvalue()
        files[f"{args.name}-metadata.xml"] = metadata
    else:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in archives.items():
                z.writestr(name, data)
            z.writestr(f"{args.name}-metadata.xml", metadata)
        files[f"{args.name}-1.zip"] = buf.getvalue()
    files[f"{args.name}-results-count.csv"] = (
        "Account,Count\n" + "".join(f"{a},{len(msgs) + (1 if args.miscount and i == 0 else 0)}\n"
                                     for i, a in enumerate(accounts))).encode()
    sums = {name: hashlib.md5(data).hexdigest() for name, data in sorted(files.items())}
    if args.checksums == "md5sum":
        files[f"{args.name}.md5"] = "".join(f"{h}  {n}\n" for n, h in sums.items()).encode()
    else:
        files[f"{args.name}-checksums.csv"] = ("File Name,MD5 Hash\n" + "".join(
            f'"{n}",{h}\n' for n, h in sums.items())).encode()
    if args.corrupt:
        first = f"{args.name}-1.zip"
        data = bytearray(files[first])
        data[len(data) // 2] ^= 0x01  # inside the compressed data: the checksum must say so
        files[first] = bytes(data)
    for name, data in files.items():
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
    expected = {
        "to": [a for _, a in to],
        "bcc": [a for _, a in bcc],
        "leak_message_id": leak_id,
        "messages": len(msgs),
        "accounts": accounts,
        "documents": len(msgs) * len(accounts),
    }
    with open(args.out.rstrip("/") + ".expected.json", "w") as f:
        json.dump(expected, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
