#!/usr/bin/env python3
"""A generated leak for the review's acceptance (tests/review/check_review.py): a rejection
sent to every candidate in To, and replies to all that plant what a DPO must decide. One seed
gives one leak, always the same bytes. Synthetic data only: names from a list, domains under
.example (RFC 2606), IBANs built for nobody's account.

usage: make_review_leak.py SEED OUT_DIR

Writes OUT_DIR/leak (an mbox file leak/mail.mbox for even seeds, a folder of .eml files for odd
ones), OUT_DIR/again (the same messages in the other shape: ingesting it again must change
nothing) and OUT_DIR/truth.json. Each planted sentence carries a code word of its own
("dossier kestrel"), which the masked context keeps, so that the check finds its item:

- true-health: a candidate writes of their own health ("Je suis diabétique"): counted, to confirm;
- false-health: a health word about a machine, with a pronoun ("je pense que ce serveur a le
  cancer du code"): counted until rejected, a false positive;
- near-iban: an IBAN whose mod 97 holds and whose French RIB key fails: shown, not counted
  until confirmed;
- near-card: a card number failing Luhn next to the word "carte": shown, not counted;
- a candidate who answers from a second address with the same name: a possible duplicate.
"""
import json
import os
import random
import sys

ORG = "garonne-ingenierie.example"
HR = ("Recrutement Garonne Ingénierie", "recrutement@" + ORG)
FIRST = ["Camille", "Hugo", "Léa", "Thomas", "Inès", "Moussa", "Sarah", "Chloé", "Jérôme",
         "Anaïs", "Zoé", "Mathis", "Nadia", "Yanis", "Élodie", "Bastien", "Aïcha", "Rémi"]
LAST = ["Martin", "Bernard", "Petit", "Durand", "Benali", "Diallo", "Morel", "Lefèvre",
        "Guérin", "Fontaine", "Roux", "Mercier", "Giraud", "Bonnet", "Nguyen", "Faure"]
DOMAINS = ["laposte.example", "orange.example", "free.example", "gmail.example",
           "proton.example", "sfr.example"]
CODES = ["kestrel", "osprey", "heron", "plover", "wren", "finch", "egret", "lapwing", "merlin",
         "curlew", "dunlin", "godwit", "avocet", "bittern", "shrike", "siskin", "linnet",
         "ouzel", "pipit", "redpoll", "rook", "smew", "stint", "tern", "twite", "whimbrel"]
TRUE_HEALTH = ["Je suis diabétique depuis l'enfance (dossier {c}).",
               "J'étais en arrêt maladie en mars, d'où mon retard (dossier {c}).",
               "Je suis reconnu RQTH, je le précise pour l'entretien (dossier {c}).",
               "Je suis épileptique mais cela ne gêne pas le poste (dossier {c})."]
FALSE_HEALTH = ["Je pense que ce vieux serveur a le cancer du code legacy (dossier {c}).",
                "Je vous ai dit que la migration était un vrai cancer pour l'équipe (dossier {c}).",
                "Je trouve que votre site a le cancer des pop-ups (dossier {c})."]


def rib_iban(rnd, good):
    """A French IBAN whose mod 97 holds; its RIB key holds only when `good`."""
    bank, branch, account = rnd.randrange(10**4, 10**5), rnd.randrange(10**5), rnd.randrange(10**11)
    key = 97 - (89 * bank + 15 * branch + 3 * account) % 97
    if not good:
        key = (key + 1 + rnd.randrange(90)) % 97 or 1
    bban = "%05d%05d%011d%02d" % (bank, branch, account, key)
    digits = "".join(str(int(c, 36)) for c in bban + "FR") + "00"
    raw = "FR%02d%s" % (98 - int(digits) % 97, bban)
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def luhn_ok(number):
    total = 0
    for i, d in enumerate(reversed(number)):
        n = int(d)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def bad_card(rnd):
    """A 16-digit Visa-shaped number that fails Luhn, printed in groups of four."""
    while True:
        digits = "4" + "".join(str(rnd.randrange(10)) for _ in range(15))
        if not luhn_ok(digits):
            return " ".join(digits[i:i + 4] for i in range(0, 16, 4))


def message(n, sender, to, subject, body, reply_to_id=None):
    name, address = sender
    head = ["From: %s <%s>" % (name, address),
            "To: " + ", ".join("%s <%s>" % p for p in to),
            "Subject: " + subject,
            "Date: Tue, 28 Oct 2025 %02d:%02d:00 +0100" % (9 + n // 60, n % 60),
            "Message-ID: <review-%d@leak.example>" % n,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit"]
    if reply_to_id is not None:
        head.append("In-Reply-To: <review-%d@leak.example>" % reply_to_id)
    return "\n".join(head) + "\n\n" + body + "\n"


def build(seed):
    rnd = random.Random(seed)
    count = rnd.randrange(24, 60)
    people, seen = [], set()
    while len(people) < count:
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        if (first, last) in seen:
            continue
        seen.add((first, last))
        local = "%s.%s" % (first, last)
        local = local.lower().translate(str.maketrans("éèëêïîàâçôöüû", "eeeeiiaacoouu"))
        people.append(("%s %s" % (first, last), "%s@%s" % (local, rnd.choice(DOMAINS))))
    codes = rnd.sample(CODES, len(CODES))
    truth = {"seed": seed, "candidates": count, "items": {}, "duplicate": None}
    mails = [message(0, HR, people, "Votre candidature",
                     "Bonjour,\n\nNous ne donnerons pas suite à votre candidature.\n\nCordialement")]
    plants = ([("true-health", t) for t in rnd.sample(TRUE_HEALTH, rnd.randrange(1, 4))] +
              [("false-health", t) for t in rnd.sample(FALSE_HEALTH, rnd.randrange(1, 4))] +
              [("near-iban", "Pour le remboursement du trajet, mon RIB (dossier {c}) : {v}")] *
              rnd.randrange(1, 3) +
              [("near-card", "Pour la caution (dossier {c}), ma carte : {v}")] *
              rnd.randrange(1, 3))
    rnd.shuffle(plants)
    writers = rnd.sample(people, len(plants) + 1)
    for i, (kind, text) in enumerate(plants):
        code = codes[i]
        value = (rib_iban(rnd, False) if kind == "near-iban" else
                 bad_card(rnd) if kind == "near-card" else "")
        truth["items"][code] = kind
        body = "Bonjour,\n\n%s\n\n%s" % (text.format(c=code, v=value), writers[i][0])
        mails.append(message(len(mails), writers[i], [HR] + people, "Re: Votre candidature", body,
                             0))
    # The last writer answers from another mailbox, with the same name: a possible duplicate.
    name, address = writers[-1]
    second = (name, address.split("@")[0] + ".perso@" +
              [d for d in DOMAINS if d != address.split("@")[1]][0])
    truth["duplicate"] = {"name": name}
    mails.append(message(len(mails), second, [HR] + people, "Re: Votre candidature",
                         "Bonjour,\n\nMerci de votre réponse.\n\n" + name, 0))
    return mails, truth


def write(mails, folder, mbox):
    os.makedirs(folder, exist_ok=True)
    if mbox:
        with open(os.path.join(folder, "mail.mbox"), "w", encoding="utf-8", newline="\n") as f:
            for m in mails:
                f.write("From candidate Tue Oct 28 09:00:00 2025\n" + m + "\n")
    else:
        for i, m in enumerate(mails):
            with open(os.path.join(folder, "%03d.eml" % i), "w", encoding="utf-8",
                      newline="\n") as f:
                f.write(m)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    seed, out = int(argv[1]), argv[2]
    mails, truth = build(seed)
    write(mails, os.path.join(out, "leak"), seed % 2 == 0)
    write(mails, os.path.join(out, "again"), seed % 2 == 1)
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv)
