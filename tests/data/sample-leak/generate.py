#!/usr/bin/env python3
"""Generate breachkit's sample leak: a synthetic mbox modelled on the reference case, and
its ground truth. Deterministic: the same seed always gives the same bytes.

usage: generate.py OUT_DIR [--seed N] [--candidates N] [--replies N]

Writes OUT_DIR/hr-rejection.mbox and OUT_DIR/ground-truth.json. Everything in them is
invented: names are drawn from common first and last names, domains end in .example
(RFC 2606), phone numbers come from the ranges ARCEP reserves for fiction
(06 39 98 xx xx, 01 99 00 xx xx), the IBAN and NIR are built to pass their check digits
but belong to nobody.

The story: on Friday 12 September 2025 at 09:30 the recruiting team of Garonne Ingénierie
sends one rejection e-mail to 340 candidates, half in To and half in Cc. Over the next day
candidates answer "reply all": thanks, jokes, phone numbers in signatures, a CV, a health
remark, an IBAN for travel expenses; one forwards the whole thing to a friend; one adds a
partner in Cc; the HR director asks everyone to stop.
"""
import base64
import datetime as dt
import io
import json
import os
import random
import sys
import zipfile
from email.header import Header
from email.utils import format_datetime

ORG_DOMAIN = "garonne-ingenierie.example"
RECRUITING = ("Recrutement Garonne Ingénierie", "recrutement@recrutement." + ORG_DOMAIN)
HR_DIRECTOR = ("Sophie Lambert", "sophie.lambert@" + ORG_DOMAIN)
PARIS = dt.timezone(dt.timedelta(hours=2))
START = dt.datetime(2025, 9, 12, 9, 30, tzinfo=PARIS)

FIRST = ["Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Emma", "Sarah", "Lucie",
         "Thomas", "Lucas", "Hugo", "Nathan", "Théo", "Maxime", "Antoine", "Julien", "Mathis",
         "Clément", "Amandine", "Aurélie", "Benoît", "Cédric", "Élodie", "Gaëlle", "Hélène",
         "Jérémy", "Loïc", "Noémie", "Océane", "Rémi", "Sébastien", "Timothée", "Yannick",
         "Karim", "Yasmine", "Mehdi", "Fatou", "Moussa", "Aïcha", "Rachid", "Mei", "Anh", "Pedro"]
LAST = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
        "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
        "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
        "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
        "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
        "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Benali", "Diallo"]
DOMAINS = ["laposte.example", "orange.example", "free.example", "gmail.example",
           "outlook.example", "yahoo.example", "sfr.example", "proton.example"]
# Names a letter must print right (doc/design.md): accents, ligatures, non-Latin scripts.
SPECIAL_NAMES = [
    ("Nguyễn Thị Hương", "huong.nguyen"), ("Łukasz Wójcik", "lukasz.wojcik"),
    ("Zoë Ørsted", "zoe.orsted"), ("François Lœwenbrück", "francois.loewenbruck"),
    ("Ελένη Παπαδοπούλου", "eleni.papadopoulou"), ("Дмитрий Иванов", "dmitri.ivanov"),
    ("Dubois, Jérôme", "jerome.dubois"), ("Siobhán Ó Briain", "siobhan.obriain"),
]


def ascii_fold(s):
    table = str.maketrans("àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒÆ",
                          "aaaaaaceeeeiiiinooooouuuuyyoaAAACEEEEIIOOUUUOA")
    return s.translate(table).replace("œ", "oe").replace("æ", "ae").replace("Œ", "OE")


def encode_name(name, rnd):
    """A display name as a header would carry it: plain, quoted, or RFC 2047."""
    if all(ord(c) < 128 for c in name):
        return '"%s"' % name if "," in name else name
    if rnd.random() >= 0.3:
        return Header(name, "utf-8").encode()  # B encoding
    # Q encoding some of the time, as Thunderbird does.
    out = []
    for ch in name:
        if ch.isalnum() and ord(ch) < 128:
            out.append(ch)
        elif ch == " ":
            out.append("_")
        else:
            out.extend("=%02X" % b for b in ch.encode("utf-8"))
    return "=?UTF-8?Q?%s?=" % "".join(out)


def fold_addresses(field, entries):
    """`field: a, b, c` folded one address per line, as mail clients do."""
    return "%s: %s\n" % (field, ",\n ".join(entries))


def fiction_mobile(rnd):
    return "06 39 98 %02d %02d" % (rnd.randrange(100), rnd.randrange(100))


def iban_fr(rnd):
    """A French IBAN that passes both the RIB key and mod 97, for no real account."""
    bank, branch, account = rnd.randrange(10**5), rnd.randrange(10**5), rnd.randrange(10**11)
    rib_key = 97 - (89 * bank + 15 * branch + 3 * account) % 97
    bank = "%05d%05d%011d%02d" % (bank, branch, account, rib_key)
    numeric = int(bank + "152700")  # F=15 R=27, check digits 00
    check = 98 - numeric % 97
    raw = "FR%02d%s" % (check, bank)
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def nir(rnd):
    base = "2960731%03d%03d" % (rnd.randrange(1, 990), rnd.randrange(1, 999))  # woman, 1996-07, Haute-Garonne
    key = 97 - int(base) % 97
    return "%s %s %s %s %s %s %02d" % (base[0], base[1:3], base[3:5], base[5:7], base[7:10],
                                     base[10:13], key)


def docx(paragraphs):
    """A minimal DOCX with fixed timestamps, so the bytes never change."""
    body = "".join("<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>" % p
                   .replace("&", "&amp;").replace("<", "&lt;") for p in paragraphs)
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>' % body,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 9, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content.encode("utf-8"))
    return buf.getvalue()


def b64_lines(data):
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + "\n"


def quote(text):
    return "".join("> " + line + "\n" if line else ">\n" for line in text.rstrip("\n").split("\n"))


class Leak:
    def __init__(self, seed, n_candidates, n_replies):
        self.rnd = random.Random(seed)
        self.seed = seed
        self.n_candidates = n_candidates
        self.n_replies = n_replies
        self.messages = []   # (bytes, truth)
        self.planted = []

    def make_candidates(self):
        rnd = self.rnd
        people, used = [], set()
        for name, local in SPECIAL_NAMES:
            domain = rnd.choice(DOMAINS)
            people.append({"name": name, "address": "%s@%s" % (local, domain)})
            used.add(local)
        while len(people) < self.n_candidates:
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            local = ascii_fold("%s.%s" % (first, last)).lower().replace(" ", "")
            n = 2
            while local in used:
                local = ascii_fold("%s.%s%d" % (first, last, n)).lower()
                n += 1
            used.add(local)
            # Some candidates give no display name at all.
            name = "" if rnd.random() < 0.12 else "%s %s" % (first, last)
            people.append({"name": name, "address": "%s@%s" % (local, rnd.choice(DOMAINS))})
        rnd.shuffle(people)
        # One address appears in the original in mixed case and replies in lower case.
        people[5]["address"] = people[5]["address"][0].upper() + people[5]["address"][1:]
        people[5]["address"] = people[5]["address"].split("@")[0] + "@" + people[5]["address"].split("@")[1].upper()
        self.candidates = people

    def entry(self, person):
        if not person["name"]:
            return person["address"]
        return "%s <%s>" % (encode_name(person["name"], self.rnd), person["address"])

    def add(self, text, truth):
        truth["index"] = len(self.messages)
        self.messages.append((text, truth))

    def plant(self, category, value, owner, where, message_index, note=""):
        self.planted.append({"id": "P%02d" % (len(self.planted) + 1), "category": category,
                             "value": value, "owner": owner.lower(), "where": where,
                             "message_index": message_index, "note": note})

    def headers(self, sender, to, cc, subject, date, msgid, in_reply_to=None, refs=None,
                extra=""):
        h = "From: %s\n" % sender
        h += fold_addresses("To", to)
        if cc:
            h += fold_addresses("Cc", cc)
        h += "Subject: %s\n" % Header(subject, "utf-8").encode()
        h += "Date: %s\n" % format_datetime(date)
        h += "Message-ID: <%s>\n" % msgid
        if in_reply_to:
            h += "In-Reply-To: <%s>\n" % in_reply_to
            h += "References: %s\n" % " ".join("<%s>" % r for r in refs)
        h += "MIME-Version: 1.0\n" + extra
        return h

    def build(self):
        rnd = self.rnd
        self.make_candidates()
        half = len(self.candidates) // 2
        to_list, cc_list = self.candidates[:half], self.candidates[half:]
        subject = "Votre candidature au poste d'ingénieur·e d'études"
        original_id = "20250912093000.rh-001@recrutement.%s" % ORG_DOMAIN
        original_body = (
            "Bonjour,\n\nNous vous remercions de l'intérêt que vous portez à Garonne Ingénierie.\n"
            "Après examen attentif de votre dossier, nous sommes au regret de vous informer que\n"
            "votre candidature n'a pas été retenue pour le poste d'ingénieur·e d'études.\n\n"
            "Nous conservons votre CV et vous souhaitons une bonne continuation.\n\n"
            "Le service recrutement\nGaronne Ingénierie\n")
        sender = "%s <%s>" % (encode_name(RECRUITING[0], rnd), RECRUITING[1])
        original_headers = self.headers(
            sender, [self.entry(p) for p in to_list], [self.entry(p) for p in cc_list], subject,
            START, original_id,
            extra="Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n")
        original = original_headers + "\n" + original_body
        self.add(original, {"kind": "original", "from": [RECRUITING[1]],
                            "to": [p["address"] for p in to_list],
                            "cc": [p["address"] for p in cc_list]})

        everyone = to_list + cc_list
        repliers = rnd.sample(range(len(everyone)), self.n_replies)
        repliers[0] = 5  # the mixed-case candidate answers in lower case
        when = START + dt.timedelta(minutes=11)
        thread = [(original_id, original_body, RECRUITING[0], START)]
        special = {1: "phone-signature", 2: "cp1252", 3: "html", 4: "cv", 5: "health",
                   6: "iban", 7: "from-line", 8: "partner-bcc", 9: "linkedin-address",
                   10: "nir", 11: "birth-date"}
        forward_after = 12
        director_after = 20
        for k, idx in enumerate(repliers):
            person = everyone[idx]
            address = person["address"].lower() if k == 0 else person["address"]
            me = {"name": person["name"], "address": address}
            others = [p for p in everyone if p is not person]
            parent_id, parent_body, parent_name, parent_date = thread[-1] if rnd.random() < 0.5 else thread[0]
            refs = [original_id] if parent_id == original_id else [original_id, parent_id]
            msgid = "reply-%02d.%d@%s" % (k + 1, rnd.randrange(10**6), address.split("@")[1].lower())
            kind = special.get(k + 1, "plain")
            cc = [self.entry(p) for p in others]
            bcc_header = ""
            bcc_truth = []
            if kind == "partner-bcc":
                # The sender's own copy (as a Sent folder export has it) shows the Bcc.
                partner = {"name": "Alex Morel", "address": "alex.morel@partner.example"}
                bcc_header = "Bcc: %s\n" % self.entry(partner)
                bcc_truth.append(partner["address"])
            text_lines = rnd.choice([
                "Merci pour votre retour.",
                "Bonjour, merci quand même, bonne journée à tous !",
                "Je crois que vous avez mis tout le monde en copie...",
                "Ha, au moins on n'est pas seuls. Courage à tous !",
                "Merci de me retirer de cette liste.",
                "Dommage ! Merci pour la réponse rapide.",
            ])
            signature = "\n-- \n%s\n" % (person["name"] or address)
            index = len(self.messages)
            if kind == "phone-signature":
                phone = fiction_mobile(rnd)
                signature = "\n-- \n%s\nTél. : %s\n" % (person["name"], phone)
                self.plant("phone", phone, address, "signature", index)
            if kind == "linkedin-address":
                slug = ascii_fold(person["name"] or "candidat").lower().replace(" ", "-")
                url = "https://www.linkedin.com/in/%s-%d" % (slug, rnd.randrange(1000, 9999))
                street = "%d rue des Filatiers, 31000 Toulouse" % rnd.randrange(2, 60)
                phone = "01 99 00 %02d %02d" % (rnd.randrange(100), rnd.randrange(100))
                signature = "\n-- \n%s\n%s\nFixe : %s\n%s\n" % (person["name"], street, phone, url)
                self.plant("postal_address", street, address, "signature", index)
                self.plant("phone", phone, address, "signature", index)
                self.plant("profile_url", url, address, "signature", index)
            if kind == "health":
                text_lines = ("Pour info, j'étais en arrêt maladie pendant le processus, d'où mon "
                              "retard pour l'entretien. Je suis reconnu RQTH, ce que j'avais "
                              "précisé dans mon dossier.")
                self.plant("health", "arrêt maladie", address, "body", index, "Art. 9: health")
                self.plant("health", "RQTH", address, "body", index, "Art. 9: disability")
            if kind == "iban":
                iban = iban_fr(rnd)
                text_lines = ("Pour le remboursement de mes frais de déplacement à l'entretien, "
                              "voici mon IBAN : %s" % iban)
                self.plant("iban", iban, address, "body", index)
            if kind == "nir":
                number = nir(rnd)
                text_lines = ("Vous m'aviez demandé mon numéro de sécurité sociale pour le "
                              "dossier : %s. Merci de le supprimer." % number)
                self.plant("nir", number, address, "body", index)
            if kind == "birth-date":
                text_lines = ("Je précise que je suis née le 3 avril 1996, j'avais l'âge requis "
                              "pour le poste.")
                self.plant("date_of_birth", "1996-04-03", address, "body", index)
            if kind == "from-line":
                text_lines = ("Same here.\nFrom what I understood the position is filled anyway.\n"
                              "Good luck everyone.")
            body = text_lines + "\n" + signature
            quoted = "\nLe %s, %s a écrit :\n%s" % (
                parent_date.strftime("%d/%m/%Y à %H:%M"), parent_name, quote(parent_body))
            reply_subject = "RE: " + subject
            sender_entry = self.entry(me)
            # The first hop: the candidate's laptop handing the reply to their provider. A
            # public address (a documentation range such as 192.0.2.0/24 is no device's on
            # the Internet, and breachkit rightly ignores it); random, so no one's.
            host = rnd.randrange(1, 254)  # one draw, as before: the rest of the leak holds
            extra_headers = ("Received: from [82.64.%d.%d] (helo=laptop) by mx.%s; %s\n"
                             % (host, 255 - host, address.split("@")[1].lower(),
                                format_datetime(when))) + bcc_header
            truth = {"kind": "reply", "from": [address], "to": [RECRUITING[1]],
                     "cc": [p["address"] for p in others], "bcc": bcc_truth, "replier": address}
            if kind == "cp1252":
                h = self.headers(sender_entry, [self.entry({"name": RECRUITING[0], "address": RECRUITING[1]})],
                                 cc, reply_subject, when, msgid, parent_id, refs,
                                 extra_headers + "Content-Type: text/plain; charset=windows-1252\n"
                                 "Content-Transfer-Encoding: 8bit\n")
                text = h.encode("ascii") + b"\n" + ("Très déçu… mais merci. Bon week-end à "
                                                     "l'équipe – 5 € que ça arrive encore !\n" + signature + quoted
                                                     ).encode("cp1252", errors="replace")
                self.add(text, truth)
            elif kind == "html":
                phone = fiction_mobile(rnd)
                self.plant("phone", phone, address, "html signature", index)
                html = ("<html><body><p>Bonjour,</p><p>Merci pour votre message. Je reste "
                        "disponible pour d'autres postes.</p><p>--<br>%s<br>Mobile&nbsp;: <b>%s</b></p>"
                        "<blockquote>%s</blockquote></body></html>\n" % (
                            person["name"] or address, phone,
                            parent_body.replace("\n", "<br>")))
                h = self.headers(sender_entry, [self.entry({"name": RECRUITING[0], "address": RECRUITING[1]})],
                                 cc, reply_subject, when, msgid, parent_id, refs,
                                 extra_headers + "Content-Type: text/html; charset=utf-8\n"
                                 "Content-Transfer-Encoding: 8bit\n")
                self.add(h + "\n" + html, truth)
            elif kind == "cv":
                phone = fiction_mobile(rnd)
                cv = docx([person["name"] or address, "Ingénieure d'études – 6 ans d'expérience",
                           "Née le 14/02/1991", "8 allée des Demoiselles, 31400 Toulouse",
                           "Tél. %s" % phone, address])
                self.plant("phone", phone, address, "attachment", index, "CV (DOCX)")
                self.plant("date_of_birth", "1991-02-14", address, "attachment", index, "CV (DOCX)")
                self.plant("postal_address", "8 allée des Demoiselles, 31400 Toulouse", address,
                           "attachment", index, "CV (DOCX)")
                boundary = "=_cv_%d" % rnd.randrange(10**8)
                h = self.headers(sender_entry, [self.entry({"name": RECRUITING[0], "address": RECRUITING[1]})],
                                 cc, reply_subject, when, msgid, parent_id, refs,
                                 extra_headers + 'Content-Type: multipart/mixed; boundary="%s"\n' % boundary)
                filename = "CV %s.docx" % (person["name"] or "candidat")
                part = ("--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                        "Je me permets de vous renvoyer mon CV au cas où un autre poste se libère.\n%s%s\n"
                        "--%s\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\n"
                        " name=\"%s\"\nContent-Disposition: attachment;\n filename*=UTF-8''%s\n"
                        "Content-Transfer-Encoding: base64\n\n%s--%s--\n") % (
                    boundary, signature, quoted, boundary, Header(filename, "utf-8").encode(),
                    "".join(c if c.isalnum() or c in ".-_" else "%%%02X" % b
                            for c in filename for b in c.encode("utf-8"))[:200],
                    b64_lines(cv), boundary)
                truth["attachments"] = [filename]
                self.add(h + "\n" + part, truth)
            else:
                h = self.headers(sender_entry, [self.entry({"name": RECRUITING[0], "address": RECRUITING[1]})],
                                 cc, reply_subject, when, msgid, parent_id, refs,
                                 extra_headers + "Content-Type: text/plain; charset=utf-8\n"
                                 "Content-Transfer-Encoding: 8bit\n")
                self.add(h + "\n" + body + quoted, truth)
            thread.append((msgid, body, person["name"] or address, when))
            when += dt.timedelta(minutes=rnd.randrange(9, 55))

            if k + 1 == forward_after:
                self.forward(everyone, original, when)
                when += dt.timedelta(minutes=17)
            if k + 1 == director_after:
                self.director(everyone, subject, original_id, when)
                when += dt.timedelta(minutes=23)

    def forward(self, everyone, original, when):
        rnd = self.rnd
        person = everyone[rnd.randrange(len(everyone))]
        friend = {"name": "Max Fischer", "address": "max.fischer@outside.example"}
        boundary = "=_fwd_%d" % rnd.randrange(10**8)
        h = self.headers(self.entry(person), [self.entry(friend)], [],
                         "TR: Votre candidature au poste d'ingénieur·e d'études", when,
                         "fwd.%d@%s" % (rnd.randrange(10**6), person["address"].split("@")[1].lower()),
                         extra='Content-Type: multipart/mixed; boundary="%s"\n' % boundary)
        body = ("--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                "Regarde, ils ont envoyé ça à tout le monde en clair !\n"
                "--%s\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n%s\n--%s--\n"
                ) % (boundary, boundary, original, boundary)
        self.add(h + "\n" + body, {"kind": "forward", "from": [person["address"]],
                                   "to": [friend["address"]], "cc": [],
                                   "nested": {"from": [RECRUITING[1]],
                                              "to": self.messages[0][1]["to"],
                                              "cc": self.messages[0][1]["cc"]}})
        self.third_parties = [friend["address"]]

    def director(self, everyone, subject, original_id, when):
        h = self.headers("%s <%s>" % (HR_DIRECTOR[0], HR_DIRECTOR[1]), [self.entry(p) for p in everyone],
                         [], "RE: " + subject, when, "stop.%d@%s" % (self.rnd.randrange(10**6), ORG_DOMAIN),
                         original_id, [original_id],
                         extra="Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n")
        body = ("Mesdames, Messieurs,\n\nLe message précédent vous a été adressé par erreur avec "
                "l'ensemble des destinataires visibles. Nous vous prions de ne pas répondre à tous "
                "et de supprimer ces messages. Nous vous présentons nos excuses.\n\n"
                "Sophie Lambert\nDirectrice des ressources humaines\n")
        self.add(h + "\n" + body, {"kind": "staff", "from": [HR_DIRECTOR[1]],
                                   "to": [p["address"] for p in everyone], "cc": []})

    def write(self, out_dir):
        os.makedirs(out_dir, exist_ok=True)
        mbox = io.BytesIO()
        for i, (text, truth) in enumerate(self.messages):
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            date = START + dt.timedelta(minutes=i)
            mbox.write(("From %s %s\n" % (truth["from"][0], date.strftime("%a %b %d %H:%M:%S %Y"))).encode())
            for line in data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n"):
                stripped = line.lstrip(b">")
                if stripped.startswith(b"From "):
                    line = b">" + line  # mboxrd escaping
                mbox.write(line + b"\n")
            mbox.write(b"\n")
        path = os.path.join(out_dir, "hr-rejection.mbox")
        with open(path, "wb") as f:
            f.write(mbox.getvalue())
        truth = {
            "seed": self.seed,
            "mbox": "hr-rejection.mbox",
            "organisation_domains": [ORG_DOMAIN],
            "staff": [RECRUITING[1], HR_DIRECTOR[1]],
            "candidates": [{"name": p["name"], "address": p["address"]} for p in self.candidates],
            "third_parties": sorted(getattr(self, "third_parties", []) + ["alex.morel@partner.example"]),
            # What the exposure model must find, written down from the story (not computed by
            # the model): every candidate of the original list was exposed to the others; the
            # staff are not affected persons; the friend (To of the forward) and the partner
            # (Bcc of a reply) saw the storm without being on the list, and their own
            # addresses were shown to nobody else.
            "expected": {
                "persons_affected": len(self.candidates),
                "staff_addresses": 2,
                "third_party_recipients": sorted(getattr(self, "third_parties", []) +
                                                 ["alex.morel@partner.example"]),
            },
            "messages": [t for _, t in self.messages],
            "planted": self.planted,
        }
        with open(os.path.join(out_dir, "ground-truth.json"), "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")


def main(argv):
    args = argv[1:]
    if not args or args[0] in ("-h", "--help"):
        # Usage, never a folder named "--help".
        print(__doc__.split("\n\n")[1], file=sys.stderr if not args else sys.stdout)
        return 2 if not args else 0
    out_dir = args[0]
    opts = {"--seed": 20250912, "--candidates": 340, "--replies": 34}
    if out_dir.startswith("-") or len(args) % 2 == 0:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    for i in range(1, len(args) - 1, 2):
        if args[i] not in opts:
            print("generate.py: unknown option %s\n%s" % (args[i], __doc__.split("\n\n")[1]),
                  file=sys.stderr)
            return 2
        opts[args[i]] = int(args[i + 1])
    leak = Leak(opts["--seed"], opts["--candidates"], opts["--replies"])
    leak.build()
    leak.write(out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
