#!/usr/bin/env python3
"""A generated leak for the property test (tests/property/check_leaks.py): one seed gives one
leak, always the same bytes. Synthetic data only: names drawn from lists in every script,
domains under .example (RFC 2606), phone numbers from the ranges ARCEP keeps for fiction,
IBANs and NIRs built to pass their check digits for nobody's account.

usage: make_leak.py SEED OUT_DIR

Writes OUT_DIR/leak (an mbox file `leak/mail.mbox`, a folder of .eml files, or a Maildir),
OUT_DIR/organisation.xml (the profile to run with) and OUT_DIR/truth.json (what the leak
holds: its shape, line ends, the values planted in it, the IDN addresses written in two
forms).

What varies with the seed: the shape (mbox, .eml folder, Maildir: seed % 3), the line ends
(LF, CRLF, bare CR: seed // 3 % 3), so seeds 0 to 8 give every pair; the number of persons
and answers; the persons' names (Latin with diacritics, names starting with "Ł", Greek,
Cyrillic, Arabic, Hebrew, CJK, emoji, decomposed combining marks, a comma), how each header
writes them (raw UTF-8, RFC 2047 B or Q in a charset that holds the name), domains with IDN
labels written as U-labels in one message and A-labels in another, reply-all storms with
signatures, CSV and DOCX attachments holding IBANs, phones and NIRs, misdirected single
messages with a payroll CSV, an empty message, and (some seeds) the values the issue tracker
saw leak: an IBAN in a Subject and a Message-ID, a phone number in a display name.
"""
import base64
import datetime as dt
import importlib.util
import json
import os
import random
import sys
import unicodedata

ORG = "garonne-ingenierie.example"
STAFF = [("Recrutement Garonne Ingénierie", "recrutement@recrutement." + ORG),
         ("Sophie Lambert", "sophie.lambert@" + ORG),
         ("Service paie", "paie@" + ORG)]
OUTSIDE = [("Max Fischer", "max.fischer@outside.example"),
           ("Prestataire Paie", "contact@prestataire-paie.example")]

NAMES = [
    # Latin with diacritics; "Ł" first on purpose (a preview cut by bytes splits it).
    "Łukasz Wójcik", "Łucja Kowalczyk", "Ștefan Țurcanu", "Zoë Ørsted", "Siobhán Ó Briain",
    "François Lœwenbrück", "Nguyễn Thị Hương", "Đorđe Živković", "Þórunn Æsadóttir",
    "İlker Şahin", "Dubois, Jérôme", "Anaïs Guérin", "Chloé Lefèvre", "Renée d'Artagnan",
    # Greek, Cyrillic, Arabic, Hebrew, CJK.
    "Ελένη Παπαδοπούλου", "Γιώργος Οικονόμου", "Дмитрий Иванов", "Ольга Щербакова",
    "Ґанна Їжакевич", "محمد العلي", "فاطمة الزهراء", "דוד כהן", "שרה לוי", "山田 太郎",
    "王小明", "김민준", "佐藤 花子",
    # Emoji (one a ZWJ sequence) and decomposed combining marks.
    "Zoé 🌻 Martin", "Max Power 🚀", "👩\u200d💻 Camille", "Zoe\u0308 Lefe\u0300vre",
    "A\u0301ngel Nu\u0303n\u0303ez", "L\u0323a\u0302m Nguye\u0302\u0303n",
    # Plain ones, so that not every name is unusual.
    "Camille Martin", "Hugo Bernard", "Léa Petit", "Thomas Durand", "Inès Benali",
    "Moussa Diallo", "Sarah Morel",
]
ASCII_DOMAINS = ["laposte.example", "orange.example", "free.example", "gmail.example",
                 "proton.example", "sfr.example"]
IDN_DOMAINS = ["café.example", "地域猫.example", "bücher.example", "παράδειγμα.example",
               "пример.example", "münchen-post.example"]
CHARSETS = ["utf-8", "iso-8859-1", "windows-1252", "iso-8859-2", "iso-8859-5", "koi8-r",
            "windows-1251", "iso-8859-7", "iso-8859-8", "windows-1256", "iso-2022-jp",
            "shift_jis", "euc-kr", "gb2312", "big5"]
TEXTS = ["Merci pour votre retour.", "Bonjour, merci quand même, bonne journée à tous !",
         "Je crois que vous avez mis tout le monde en copie…", "Merci de me retirer de cette liste.",
         "Thanks, and please remove me from this thread.", "Ha, au moins on n'est pas seuls."]


def slug(name):
    s = "".join(c for c in unicodedata.normalize("NFKD", name) if c.isascii() and c.isalnum())
    return s.lower()[:12] or "contact"


def iban(rnd, country):
    """An IBAN that passes mod 97 (and for France the RIB key), for no real account."""
    if country == "FR":
        bank, branch, account = rnd.randrange(10**5), rnd.randrange(10**5), rnd.randrange(10**11)
        key = 97 - (89 * bank + 15 * branch + 3 * account) % 97
        bban = "%05d%05d%011d%02d" % (bank, branch, account, key)
    else:  # DE: 8-digit bank code, 10-digit account
        bban = "%08d%010d" % (rnd.randrange(10**7, 10**8), rnd.randrange(10**10))
    digits = "".join(str(int(c, 36)) for c in bban + country) + "00"
    raw = "%s%02d%s" % (country, 98 - int(digits) % 97, bban)
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def nir(rnd):
    base = "%d%02d%02d31%03d%03d" % (rnd.choice([1, 2]), rnd.randrange(60, 99), rnd.randrange(1, 13),
                                      rnd.randrange(1, 990), rnd.randrange(1, 999))
    key = 97 - int(base) % 97
    return "%s %s %s %s %s %s %02d" % (base[0], base[1:3], base[3:5], base[5:7], base[7:10],
                                     base[10:13], key)


def phone(rnd):
    return rnd.choice(["06 39 98 %02d %02d", "01 99 00 %02d %02d", "+33 6 39 98 %02d %02d"]) % (
        rnd.randrange(100), rnd.randrange(100))


def encoded_words(text, charset, kind):
    """RFC 2047 encoded words for `text`, each at most 75 characters, split between characters."""
    words, chunk = [], ""

    def word(s):
        data = s.encode(charset)
        if kind == "B":
            return "=?%s?B?%s?=" % (charset, base64.b64encode(data).decode())
        q = "".join(chr(b) if chr(b).isalnum() and b < 128 else "_" if b == 32 else "=%02X" % b
                    for b in data)
        return "=?%s?Q?%s?=" % (charset, q)

    for ch in text:
        if chunk and len(word(chunk + ch)) > 75:
            words.append(word(chunk))
            chunk = ""
        chunk += ch
    if chunk:
        words.append(word(chunk))
    return "\n ".join(words)


def display(rnd, name):
    """A display name as a header carries it: raw (quoted when it must be), or RFC 2047."""
    if not name:
        return ""
    how = rnd.random()
    if all(ord(c) < 128 for c in name) or how < 0.25:
        special = any(c in name for c in ',.;:@<>()[]"\\') or not name.isascii()
        return '"%s"' % name.replace("\\", "\\\\").replace('"', '\\"') if special else name
    fits = [cs for cs in CHARSETS if _encodes(name, cs)]
    return encoded_words(name, rnd.choice(fits), "B" if how < 0.65 else "Q")


def _encodes(text, charset):
    try:
        text.encode(charset)
        return True
    except UnicodeEncodeError:
        return False


def sample_generator():
    """The sample leak's generator (tests/data/sample-leak/generate.py), for its DOCX writer."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "sample-leak",
                        "generate.py")
    sys.dont_write_bytecode = True  # nothing written into the source tree
    spec = importlib.util.spec_from_file_location("sample_leak_generate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


docx = sample_generator().docx


def b64(data):
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + "\n"


def qp(text):
    out, line = [], ""
    for b in text.encode("utf-8"):
        c = chr(b)
        piece = "\n" if c == "\n" else c if 32 < b < 127 and c != "=" else "=%02X" % b
        if piece == "\n":
            out.append(line + "\n")
            line = ""
            continue
        if len(line) + len(piece) > 73:
            out.append(line + "=\n")
            line = ""
        line += piece
    return "".join(out) + line


class Leak:
    def __init__(self, seed):
        self.seed = seed
        self.rnd = random.Random(seed)
        self.shape = ["mbox", "eml", "maildir"][seed % 3]
        self.eol = ["\n", "\r\n", "\r"][seed // 3 % 3]
        self.messages = []  # (bytes with LF line ends, envelope sender)
        self.planted = []   # {"category", "value"}
        self.idn = []       # [u-label address, a-label address]
        self.hostile = self.rnd.random() < 0.5
        self.when = dt.datetime(2025, 10, 6, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))

    def plant(self, category, value, where):
        self.planted.append({"category": category, "value": value, "where": where})
        return value

    def persons(self):
        rnd = self.rnd
        n = rnd.randrange(10, 30)
        names = rnd.sample(NAMES, min(n, len(NAMES)))
        # Two names starting with "Ł" in every leak: the byte-cut preview shows on them.
        for must in ("Łukasz Wójcik", "Łucja Kowalczyk"):
            if must not in names:
                names[rnd.randrange(len(names))] = must
                if names.count(must) > 1:
                    names.remove(must)
        people = []
        for i, name in enumerate(names):
            if rnd.random() < 0.1:
                name = ""  # no display name at all
            local = "%s.%02d" % (slug(name), i)
            if i % 5 == 2:
                domain = rnd.choice(IDN_DOMAINS)
            else:
                domain = rnd.choice(ASCII_DOMAINS)
            people.append({"name": name, "local": local, "domain": domain})
        if self.hostile:  # a phone number in a display name
            people[0]["name"] = "%s %s" % (people[0]["name"] or "Client", self.plant("phone", phone(rnd), "display-name"))
        self.people = people
        for p in people:
            if p["domain"] in IDN_DOMAINS:
                a = p["domain"].split(".")[0].encode("idna").decode() + ".example"
                self.idn.append([p["local"] + "@" + p["domain"], p["local"] + "@" + a])

    def address(self, p, form):
        """`form` 0: as the person writes it (U-label); 1: A-label; the domain's case varies."""
        domain = p["domain"]
        if domain in IDN_DOMAINS and form == 1:
            domain = domain.split(".")[0].encode("idna").decode() + ".example"
        return "%s@%s" % (p["local"], domain)

    def entry(self, p, form):
        name = display(self.rnd, p["name"])
        addr = self.address(p, form)
        return "%s <%s>" % (name, addr) if name else addr

    def date(self):
        self.when += dt.timedelta(minutes=self.rnd.randrange(3, 50))
        return self.when.strftime("%a, %d %b %Y %H:%M:%S %z")

    def add(self, headers, body, sender):
        text = "".join("%s: %s\n" % (k, v) for k, v in headers) + "\n" + body
        self.messages.append((text.encode("utf-8"), sender))

    def body_part(self, text):
        """A text/plain body in one of the transfer encodings mail clients use."""
        how = self.rnd.randrange(4)
        if how == 0:
            return [("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Transfer-Encoding", "8bit")], text
        if how == 1:
            return [("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Transfer-Encoding", "quoted-printable")], qp(text)
        if how == 2:
            return [("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Transfer-Encoding", "base64")], b64(text.encode("utf-8"))
        if _encodes(text, "windows-1252"):
            return [("Content-Type", "text/plain; charset=windows-1252"),
                    ("Content-Transfer-Encoding", "base64")], b64(text.encode("windows-1252"))
        return [("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Transfer-Encoding", "base64")], b64(text.encode("utf-8"))

    def with_attachments(self, headers, text, attachments):
        part_headers, part_body = self.body_part(text)
        if not attachments:
            return headers + part_headers, part_body
        boundary = "=_b%d_%d" % (self.seed, len(self.messages))
        body = "This is a multi-part message in MIME format.\n"
        body += "--%s\n%s\n%s" % (boundary, "".join("%s: %s\n" % h for h in part_headers), part_body)
        for filename, ctype, data in attachments:
            body += ("\n--%s\nContent-Type: %s; name=\"%s\"\nContent-Disposition: attachment; "
                     "filename=\"%s\"\nContent-Transfer-Encoding: base64\n\n%s"
                     % (boundary, ctype, filename, filename, b64(data)))
        body += "\n--%s--\n" % boundary
        return headers + [("Content-Type", 'multipart/mixed; boundary="%s"' % boundary)], body

    def csv_attachment(self, rows):
        lines = ["nom;téléphone;iban;nir"]
        for p in rows:
            lines.append("%s;%s;%s;%s" % (p["name"] or p["local"], self.plant("phone", phone(self.rnd), "csv"),
                                          self.plant("iban", iban(self.rnd, "FR"), "csv"),
                                          self.plant("nir", nir(self.rnd), "csv")))
        data = ("\n".join(lines) + "\n").encode(self.rnd.choice(["utf-8", "utf-8-sig"]))
        return ("export-%d.csv" % len(self.messages), "text/csv; charset=utf-8", data)

    def docx_attachment(self, p):
        paras = [p["name"] or p["local"], "Ingénieur·e d'études",
                 "Tél. %s" % self.plant("phone", phone(self.rnd), "docx"),
                 "IBAN : %s" % self.plant("iban", iban(self.rnd, self.rnd.choice(["FR", "DE"])), "docx"),
                 "N° de sécurité sociale : %s" % self.plant("nir", nir(self.rnd), "docx")]
        return ("CV-%02d.docx" % len(self.messages),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx(paras))

    def build(self):
        rnd = self.rnd
        self.persons()
        people = self.people
        half = len(people) // 2
        subject = rnd.choice(["Votre candidature au poste d'ingénieur·e d'études",
                              "Convocation à l'entretien — 地域 / Ελλάδα", "Résultats du jury 📋"])
        original_id = "orig.%d@recrutement.%s" % (self.seed, ORG)
        form0 = rnd.randrange(2)
        headers = [("From", "%s <%s>" % (display(rnd, STAFF[0][0]), STAFF[0][1])),
                   ("To", ",\n ".join(self.entry(p, form0) for p in people[:half])),
                   ("Cc", ",\n ".join(self.entry(p, form0) for p in people[half:])),
                   ("Subject", encoded_words(subject, "utf-8", "B")),
                   ("Date", self.date()), ("Message-ID", "<%s>" % original_id),
                   ("MIME-Version", "1.0")]
        text = ("Bonjour,\n\nNous sommes au regret de vous informer que votre candidature n'a pas "
                "été retenue.\n\nLe service recrutement\n")
        self.add(*self.with_attachments(headers, text, []), STAFF[0][1])

        for k in range(rnd.randrange(3, 9)):
            me = rnd.choice(people)
            form = 1 - form0  # the other form of every IDN address
            others = [p for p in people if p is not me]
            greeting = "Bonjour %s," % rnd.choice([p["name"].split(" ")[0] for p in others if p["name"]] or ["à tous"])
            lines = [greeting, "", rnd.choice(TEXTS)]
            what = rnd.randrange(5)
            if what == 0:
                lines.append("Pour le remboursement, voici mon IBAN : %s" % self.plant("iban", iban(rnd, "FR"), "body"))
            elif what == 1:
                lines.append("Mon numéro de sécurité sociale : %s." % self.plant("nir", nir(rnd), "body"))
            lines += ["", "-- ", me["name"] or self.address(me, 0),
                      "Tél. : %s" % self.plant("phone", phone(rnd), "signature")]
            lines += ["", "Le 06/10/2025 à 09:30, %s a écrit :" % STAFF[0][0],
                      "> Nous sommes au regret de vous informer que votre candidature",
                      "> n'a pas été retenue.", "From the jury: good luck.", ""]
            attachments = []
            if rnd.random() < 0.35:
                attachments.append(self.docx_attachment(me))
            if rnd.random() < 0.25:
                attachments.append(self.csv_attachment(rnd.sample(people, 3)))
            reply_subject = "RE: " + subject
            msgid = "reply.%d.%d@%s" % (self.seed, k, self.address(me, 1).split("@")[1])
            if self.hostile and k == 0:
                reply_subject += " IBAN %s" % self.plant("iban", iban(rnd, "FR"), "subject")
                msgid = "%s.%s" % (self.plant("iban", iban(rnd, "FR"), "message-id").replace(" ", ""), msgid)
            headers = [("From", self.entry(me, form)),
                       ("To", "%s <%s>" % (display(rnd, STAFF[0][0]), STAFF[0][1])),
                       ("Cc", ",\n ".join(self.entry(p, form) for p in others)),
                       ("Subject", encoded_words(reply_subject, rnd.choice(["utf-8", "utf-8"]), rnd.choice("BQ"))),
                       ("Date", self.date()), ("Message-ID", "<%s>" % msgid),
                       ("In-Reply-To", "<%s>" % original_id), ("References", "<%s>" % original_id),
                       ("MIME-Version", "1.0")]
            self.add(*self.with_attachments(headers, "\n".join(lines) + "\n", attachments),
                     self.address(me, 1))

        # Misdirected single messages: the payroll table sent to the wrong outside address.
        for k in range(rnd.randrange(1, 3)):
            staff, outsider = STAFF[2], rnd.choice(OUTSIDE)
            headers = [("From", "%s <%s>" % (display(rnd, staff[0]), staff[1])),
                       ("To", "%s <%s>" % (display(rnd, outsider[0]), outsider[1])),
                       # A carriage return inside a decoded Subject (=0D): kept as text.
                       ("Subject", encoded_words("Export paie\roctobre", "utf-8", "Q")),
                       ("Date", self.date()),
                       ("Message-ID", "<paie.%d.%d@%s>" % (self.seed, k, ORG)), ("MIME-Version", "1.0")]
            attachments = [self.csv_attachment(rnd.sample(people, 4))]
            if rnd.random() < 0.5:
                attachments.append(self.docx_attachment(rnd.choice(people)))
            self.add(*self.with_attachments(headers, "Bonjour,\n\nci-joint l'export.\n\nLe service paie\n",
                                            attachments), staff[1])

        if self.shape != "mbox" or rnd.random() < 0.5:
            # An empty message: headers, and in a file of its own not even the blank line.
            me = rnd.choice(people)
            headers = [("From", self.entry(me, 0)), ("To", STAFF[1][1]), ("Subject", ""),
                       ("Date", self.date()), ("Message-ID", "<empty.%d@%s>" % (self.seed, ORG))]
            self.messages.append(("".join("%s: %s\n" % h for h in headers).encode("utf-8"),
                                  self.address(me, 0)))

    def write(self, out):
        leak = os.path.join(out, "leak")
        os.makedirs(leak, exist_ok=True)
        eol = self.eol.encode()

        def lines(data):
            return data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n")

        if self.shape == "mbox":
            mbox = b""
            for i, (data, sender) in enumerate(self.messages):
                envelope = self.when - dt.timedelta(minutes=len(self.messages) - i)
                mbox += ("From %s %s" % (sender, envelope.strftime("%a %b %d %H:%M:%S %Y"))).encode() + eol
                for line in lines(data):
                    if line.lstrip(b">").startswith(b"From "):
                        line = b">" + line  # mboxrd
                    mbox += line + eol
                mbox += eol
            with open(os.path.join(leak, "mail.mbox"), "wb") as f:
                f.write(mbox)
        else:
            for i, (data, _) in enumerate(self.messages):
                body = eol.join(lines(data)) + eol
                if self.shape == "eml":
                    path = os.path.join(leak, "%04d.eml" % i)
                else:
                    sub = "cur" if i % 3 else "new"
                    os.makedirs(os.path.join(leak, sub), exist_ok=True)
                    path = os.path.join(leak, sub, "17597%05d.M%dP%d.host%s" % (i, i, self.seed, ":2,S" if sub == "cur" else ""))
                with open(path, "wb") as f:
                    f.write(body)
            if self.shape == "maildir":
                os.makedirs(os.path.join(leak, "tmp"), exist_ok=True)
                os.makedirs(os.path.join(leak, "new"), exist_ok=True)
        language, zone = self.rnd.choice([("fr", "Europe/Paris"), ("en", "Europe/Paris"),
                                          ("fr", "America/Cayenne"), ("en", "Asia/Tokyo")])
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "..", "..", "schemas", "examples", "organisation.xml"),
                  encoding="utf-8") as f:
            profile = f.read()
        profile = profile.replace("<language>fr</language>", "<language>%s</language>" % language)
        profile = profile.replace("<timezone>Europe/Paris</timezone>", "<timezone>%s</timezone>" % zone)
        with open(os.path.join(out, "organisation.xml"), "w", encoding="utf-8") as f:
            f.write(profile)
        truth = {"seed": self.seed, "shape": self.shape,
                 "line_ends": {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}[self.eol],
                 "messages": len(self.messages), "language": language, "timezone": zone,
                 "hostile": self.hostile, "planted": self.planted, "idn_addresses": self.idn,
                 "leak": "leak/mail.mbox" if self.shape == "mbox" else "leak"}
        with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)
            f.write("\n")


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    leak = Leak(int(argv[1]))
    leak.build()
    leak.write(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
