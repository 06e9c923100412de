#!/usr/bin/env python3
"""What an analyst would otherwise write: Python's standard library doing the job of
`breachkit ingest` on an mbox — parse every message (mailbox + email, modern policy),
collect the addresses of the address headers, decode every text part, find e-mail
addresses, French phone numbers and IBANs with regular expressions, and store messages,
recipients and findings in SQLite. tests/bench/pipeline_bench.py compares breachkit to it.

usage: python_ingest.py FILE.mbox DB     prints: messages addresses findings
"""
import email.policy
import email.utils
import mailbox
import re
import sqlite3
import sys

FIELDS = ["from", "sender", "reply-to", "to", "cc", "bcc", "resent-from", "resent-to",
          "resent-cc", "resent-bcc", "delivered-to", "x-original-to"]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b")


def main():
    path, db_path = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(db_path)
    db.executescript("""
      CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY, message_id TEXT, subject TEXT);
      CREATE TABLE IF NOT EXISTS recipient (message INTEGER, field TEXT, name TEXT, address TEXT);
      CREATE TABLE IF NOT EXISTS finding (message INTEGER, category TEXT, value_hash TEXT);
    """)
    messages = addresses = findings = 0
    box = mailbox.mbox(path, factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default))
    for msg in box:
        messages += 1
        cur = db.execute("INSERT INTO message (message_id, subject) VALUES (?, ?)",
                         (str(msg.get("message-id", "")), str(msg.get("subject", ""))))
        mid = cur.lastrowid
        rows = []
        for field in FIELDS:
            for value in msg.get_all(field, []):
                for name, addr in email.utils.getaddresses([str(value)]):
                    if addr:
                        rows.append((mid, field, name, addr.lower()))
        addresses += len(rows)
        db.executemany("INSERT INTO recipient VALUES (?, ?, ?, ?)", rows)
        found = []
        for part in msg.walk():
            if part.get_content_maintype() != "text":
                continue
            try:
                text = part.get_content()
            except (LookupError, ValueError):
                text = part.get_payload(decode=True).decode("latin-1")
            for category, rx in (("email", EMAIL), ("phone", PHONE), ("iban", IBAN)):
                for m in rx.finditer(text):
                    found.append((mid, category, str(hash(m.group(0)))))
        findings += len(found)
        db.executemany("INSERT INTO finding VALUES (?, ?, ?)", found)
    db.commit()
    print(messages, addresses, findings)


if __name__ == "__main__":
    main()
