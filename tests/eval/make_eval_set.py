#!/usr/bin/env python3
"""Labelled evaluation set for breachkit's detectors: synthetic mail-like texts in French
and English, each with the byte spans of the personal data planted in it, mixed with hard
negatives that must not be found (GUIDs, order and invoice numbers, amounts, times,
postcodes, dates that are not birth dates, an IBAN or NIR with a wrong key, a card number
failing Luhn, version numbers, street names that contain a sensitive word, an Art. 9 term in
a sentence about no one ...). Some negatives are near misses (an IBAN whose RIB key fails, a
card number failing Luhn after "carte", an Art. 9 term about no one): the detectors report
them with a "near-miss:" validation, which counts as no detection.

usage: make_eval_set.py OUT.jsonl [--docs N] [--seed N]
One JSON object per line: {"text": str, "labels": [{"category", "start", "end"}]}
(UTF-8 byte offsets). Deterministic. Everything is invented.
"""
import json
import random
import sys

FIRST = ["Léa", "Hugo", "Chloé", "Théo", "Inès", "Lucas", "Zoë", "Jérôme", "Anaïs", "Rémi",
         "Gaëlle", "Noémie", "Karim", "Yasmine", "Mei", "Pedro", "Siobhán", "Łukasz"]
LAST = ["Martin", "Dubois", "Lefèvre", "Fontaine", "Guérin", "Benali", "Diallo", "Roussel",
        "Chevalier", "Muller", "Garcia", "Nguyen"]
STREETS = ["rue des Lilas", "avenue Jean Jaurès", "boulevard de Strasbourg", "allée des Pins",
           "chemin du Moulin", "impasse des Tilleuls", "place du Capitole", "quai de la Daurade"]
CITIES = [("31000", "Toulouse"), ("69003", "Lyon"), ("33000", "Bordeaux"), ("75011", "Paris"),
          ("44000", "Nantes"), ("13008", "Marseille"), ("67000", "Strasbourg")]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
# Art. 9 / Art. 10 terms in sentences about a person (a pronoun, a possessive, a civil title, a
# family or role noun): each is a finding of its category, labelled on the term (`inner`).
SPECIAL = {
    "health": [
        ("J'étais en arrêt maladie du 3 au 14 mars.", "arrêt maladie"),
        ("Je suis reconnue RQTH depuis l'an dernier.", "RQTH"),
        ("Mon diabète est enfin stabilisé.", "diabète"),
        ("Ma femme est en chimiothérapie depuis l'été.", "chimiothérapie"),
        ("Mme Roussel est en arrêt maladie pour dépression.", "arrêt maladie"),
        ("M. Benali est hospitalisé depuis lundi.", "hospitalisé"),
        ("Il est en chimiothérapie jusqu'en juin.", "chimiothérapie"),
        ("Elle a fait une dépression l'an dernier.", "dépression"),
        ("Notre collègue reprend en mi-temps thérapeutique.", "mi-temps thérapeutique"),
        ("Mon fils est autiste.", "autiste"),
        ("I was on sick leave in May.", "sick leave"),
        ("I have been diagnosed with asthma.", "diagnosed with"),
        ("My wife has cancer.", "cancer"),
        ("She is pregnant with her second child.", "pregnant"),
    ],
    "religion": [
        ("Je suis musulmane et pratiquante.", "musulmane"),
        ("Pendant le ramadan, je commence plus tôt.", "ramadan"),
        ("Mon mari est juif.", "juif"),
        ("Je ne travaille pas pendant le shabbat.", "shabbat"),
        ("I am Jewish and keep the sabbath.", "Jewish"),
    ],
    "trade_union": [
        ("Je suis délégué syndical depuis 2018.", "délégué syndical"),
        ("Elle est adhérente à la CFDT.", "CFDT"),
        ("Ma section CGT se réunit jeudi.", "CGT"),
        ("He is a trade union representative.", "trade union"),
    ],
    "political_opinion": [
        ("Je suis militante politique depuis dix ans.", "militante politique"),
        ("Il est adhérent du parti socialiste.", "adhérent du parti"),
        ("Mon père vote pour le Rassemblement national.", "Rassemblement national"),
    ],
    "sexual_orientation": [
        ("En tant que lesbienne, je connais ces questions.", "lesbienne"),
        ("Mon compagnon et moi serons présents.", "Mon compagnon et moi"),
        ("Mon frère est homosexuel.", "homosexuel"),
        ("I am gay and out at work.", "gay"),
    ],
    "ethnic_origin": [
        ("Je suis d'origine maghrébine.", "d'origine maghrébine"),
        ("Mon origine ethnique ne regarde que moi.", "origine ethnique"),
        ("Sa famille est d'origine asiatique.", "d'origine asiatique"),
    ],
    "offence": [
        ("Mon casier judiciaire n'est pas vierge.", "casier judiciaire"),
        ("Il a fait une garde à vue en 2019.", "garde à vue"),
        ("I have a criminal record.", "criminal record"),
        ("Le candidat a été condamné en 2015.", "condamné"),
    ],
}

# The same terms in sentences about no one (news, headlines, rules, software): near misses,
# counted in no category, so negatives here.
SPECIAL_NO_PERSON = [
    "Le diabète touche 4 millions de Français.",
    "Fighting Cancer: new research from the institute.",
    "VFP is disabled in this build.",
    "Bluetooth disabled on boot.",
    "Il faut signaler tout arrêt maladie sous 48 heures.",
    "Il est important de consulter le médecin du travail.",
    "Les salariés en arrêt maladie préviennent le service RH.",
    "La CGT appelle à la grève jeudi.",
    "Le syndicat des copropriétaires se réunit mardi.",
    "Le ramadan commence le 11 mars cette année.",
    "Webinaire : le burn out au travail.",
    "Type I diabetes and pregnancy: new guidance.",
    "IL-6 levels in cancer patients.",
    "Dupont Santé SA, spécialiste du diabète.",
    "La synagogue près de Notre-Dame est fermée.",
    "Pregnancy test kits are on offer this week.",
    "Le casier judiciaire est demandé pour ce poste.",
    "Élections : le Rassemblement national en tête.",
    "Le mariage gay a été voté en 2013.",
    "Une étude sur l'origine ethnique des prénoms.",
]


def luhn_digit(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


def siren(rnd):
    body = "%08d" % rnd.randrange(10**7, 10**8)
    return body + luhn_digit(body)


def siret(rnd):
    s = siren(rnd)
    body = s + "%04d" % rnd.randrange(10**4)
    return body + luhn_digit(body)


def iban_fr(rnd, valid=True, rib_key=True):
    """A French IBAN; `valid` False: its last digit changed (mod 97 fails); `rib_key` False:
    a wrong RIB key with check digits computed over it (mod 97 holds)."""
    bank, branch, account = rnd.randrange(10**5), rnd.randrange(10**5), rnd.randrange(10**11)
    key = 97 - (89 * bank + 15 * branch + 3 * account) % 97
    if not rib_key:
        key = key % 97 + 1
    bban = "%05d%05d%011d%02d" % (bank, branch, account, key)
    check = 98 - int(bban + "152700") % 97
    raw = "FR%02d%s" % (check, bban)
    if not valid:
        raw = raw[:-1] + str((int(raw[-1]) + 1) % 10)
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def nir(rnd, valid=True):
    base = "%d%02d%02d%02d%03d%03d" % (rnd.choice([1, 2]), rnd.randrange(60, 100),
                                      rnd.randrange(1, 13), rnd.randrange(1, 96),
                                      rnd.randrange(1, 990), rnd.randrange(1, 999))
    key = 97 - int(base) % 97
    if not valid:
        key = key % 97 + 1
    return "%s %s %s %s %s %s %02d" % (base[0], base[1:3], base[3:5], base[5:7], base[7:10],
                                     base[10:13], key)


def card(rnd, valid=True):
    body = rnd.choice(["4970", "4111", "5354", "5555"]) + "".join(str(rnd.randrange(10)) for _ in range(11))
    d = luhn_digit(body)
    if not valid:
        d = str((int(d) + 1) % 10)
    n = body + d
    return " ".join(n[i:i + 4] for i in range(0, 16, 4))


def phone_fr(rnd):
    digits = "0" + rnd.choice("1234567") + "".join(str(rnd.randrange(10)) for _ in range(8))
    sep = rnd.choice([" ", ".", "-", ""])
    pairs = [digits[i:i + 2] for i in range(0, 10, 2)]
    if rnd.random() < 0.2:
        return "+33 " + digits[1] + " " + " ".join(pairs[1:])
    return sep.join(pairs)


class Doc:
    def __init__(self):
        self.parts = []
        self.labels = []
        self.size = 0

    def add(self, text, category=None, inner=None):
        """Append text; label it whole, or only `inner` (a substring) when given."""
        data = text.encode("utf-8")
        if category:
            if inner is None:
                start, end = self.size, self.size + len(data)
            else:
                pre = text[:text.index(inner)].encode("utf-8")
                start = self.size + len(pre)
                end = start + len(inner.encode("utf-8"))
            self.labels.append({"category": category, "start": start, "end": end})
        self.parts.append(data)
        self.size += len(data)

    def sentence(self, before, value, category, after):
        """Append `before`, then `value` labelled `category`, then `after`."""
        self.add(before)
        self.add(value, category)
        self.add(after)


def positive(rnd, doc):
    kind = rnd.choice(["email", "phone", "phone", "iban", "card", "nir", "siren", "siret", "passport",
                       "cni", "dob", "dob_en", "ip", "ipv6", "url", "postal", "greeting",
                       "signature", "special", "intl_phone"])
    first, last = rnd.choice(FIRST), rnd.choice(LAST)
    if kind == "email":
        doc.sentence("Vous pouvez m'écrire à ",
                     "%s.%s%d@example.org" % ("lea", "martin", rnd.randrange(100)), "email", ". ")
    elif kind == "phone":
        doc.sentence(rnd.choice(["Mon portable : ", "Tél. ", "Joignable au ", "Appelez-moi au "]),
                     phone_fr(rnd), "phone", ".\n")
    elif kind == "intl_phone":
        doc.sentence("From abroad call ",
                     rnd.choice(["+44 7400 123456", "+49 30 123456", "+1 201-555-0123", "+32 2 345 67 89"]),
                     "phone", " anytime.\n")
    elif kind == "iban":
        doc.sentence(rnd.choice(["Voici mon IBAN : ", "IBAN : ", "RIB pour le remboursement "]),
                     iban_fr(rnd), "iban", ".\n")
    elif kind == "card":
        doc.sentence("Ma carte ", card(rnd), "payment_card", " expire en 12/27.\n")
    elif kind == "nir":
        doc.sentence("Mon numéro de sécurité sociale est ", nir(rnd), "nir", ".\n")
    elif kind == "siren":
        s = siren(rnd)
        doc.sentence("Notre SIREN : ", "%s %s %s" % (s[:3], s[3:6], s[6:]), "organisation_id",
                     ".\n")
    elif kind == "siret":
        s = siret(rnd)
        doc.sentence("Siège social, SIRET ", "%s %s %s %s" % (s[:3], s[3:6], s[6:9], s[9:]),
                     "organisation_id", ".\n")
    elif kind == "passport":
        doc.sentence("Mon passeport n° ",
                     "%02d%s%s%05d" % (rnd.randrange(100), rnd.choice("ABCDEFGH"),
                                       rnd.choice("KLMNPRST"), rnd.randrange(10**5)),
                     "identity_document", " expire bientôt.\n")
    elif kind == "cni":
        doc.sentence("Carte d'identité : ",
                     "".join(rnd.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(7))
                     + "%02d" % rnd.randrange(100), "identity_document", "\n")
    elif kind == "dob":
        y, m, d = rnd.randrange(1960, 2005), rnd.randrange(1, 13), rnd.randrange(1, 29)
        text = rnd.choice(["%02d/%02d/%d" % (d, m, y), "%d %s %d" % (d, MONTHS_FR[m - 1], y)])
        doc.sentence(rnd.choice(["Je suis née le ", "né le ", "Date de naissance : "]), text,
                     "date_of_birth", ".\n")
    elif kind == "dob_en":
        y, m, d = rnd.randrange(1960, 2005), rnd.randrange(1, 13), rnd.randrange(1, 29)
        doc.sentence("Date of birth: ", "%s %d, %d" % (MONTHS_EN[m - 1], d, y), "date_of_birth", "\n")
    elif kind == "ip":
        # A public address (a documentation range is no device's: not personal data).
        x = rnd.randrange(1, 255)
        doc.sentence("Connexion depuis l'adresse ",
                     "%d.%d.%d.%d" % (PUBLIC_V4[x % len(PUBLIC_V4)], x, 255 - x, x // 2 + 1),
                     "ip_address", " hier.\n")
    elif kind == "ipv6":
        doc.sentence("connected from ",
                     "2a01:e0a:%x::%x" % (rnd.randrange(1, 65535), rnd.randrange(1, 65535)),
                     "ip_address", " yesterday\n")
    elif kind == "url":
        slug = "%s-%s-%d" % (first.lower().encode("ascii", "ignore").decode(), last.lower(), rnd.randrange(1000))
        doc.sentence("Mon profil : ",
                     rnd.choice(["https://www.linkedin.com/in/", "https://github.com/"]) + slug,
                     "profile_url", "\n")
    elif kind == "postal":
        cp, city = rnd.choice(CITIES)
        doc.sentence("J'habite au ",
                     "%d %s, %s %s" % (rnd.randrange(1, 120), rnd.choice(STREETS), cp, city),
                     "postal_address", ".\n")
    elif kind == "greeting":
        doc.sentence("\n" + rnd.choice(["Bonjour ", "Hello ", "Chère "]), first, "person_name",
                     ",\n")
    elif kind == "signature":
        doc.sentence("\nCordialement,\n", "%s %s" % (first, last), "person_name", "\n")
    elif kind == "special":
        category = rnd.choice(sorted(SPECIAL))
        text, inner = rnd.choice(SPECIAL[category])
        doc.add(text + rnd.choice([" ", "\n"]), category, inner)


# First octets of public IPv4 blocks (European and American providers' ranges).
PUBLIC_V4 = [2, 5, 31, 37, 46, 62, 78, 80, 81, 82, 83, 86, 88, 90, 91, 92, 93, 109, 176, 178,
             185, 188, 193, 194, 195, 212, 213, 217]


def negative(rnd, doc):
    kind = rnd.choice(["guid", "order", "invoice", "amount", "time", "postcode", "date", "bad_iban",
                       "bad_nir", "bad_card", "version", "ref9", "greet_all", "syndic", "eglise",
                       "handicapant", "siret_iban", "price", "tracking", "special_no_person",
                       "bad_rib"])
    if kind == "guid":
        doc.add("Ticket %08x-%04x-%04x-%04x-%012x ouvert. " % (rnd.getrandbits(32), rnd.getrandbits(16),
                                                               rnd.getrandbits(16), rnd.getrandbits(16),
                                                               rnd.getrandbits(48)))
    elif kind == "order":
        doc.add("Commande n° CMD-%d-%08d expédiée. " % (rnd.randrange(2020, 2026), rnd.randrange(10**8)))
    elif kind == "invoice":
        doc.add("Facture FA%d%06d du mois. " % (rnd.randrange(2020, 2026), rnd.randrange(10**6)))
    elif kind == "amount":
        doc.add("Montant : %d %03d %03d,%02d € TTC. " % (rnd.randrange(1, 99), rnd.randrange(1000),
                                                        rnd.randrange(1000), rnd.randrange(100)))
    elif kind == "time":
        doc.add("Rendez-vous à %02d:%02d:00. " % (rnd.randrange(24), rnd.randrange(60)))
    elif kind == "postcode":
        cp, city = rnd.choice(CITIES)
        doc.add("Le poste est basé à %s (%s). " % (city, cp))
    elif kind == "date":
        doc.add("L'entretien a eu lieu le %02d/%02d/2025. " % (rnd.randrange(1, 29), rnd.randrange(1, 13)))
    elif kind == "bad_iban":
        doc.add("IBAN erroné : %s. " % iban_fr(rnd, valid=False))
    elif kind == "bad_nir":
        doc.add("Numéro invalide %s. " % nir(rnd, valid=False))
    elif kind == "bad_card":
        doc.add("Numéro de carte %s refusé. " % card(rnd, valid=False))
    elif kind == "version":
        doc.add("Mise à jour version %d.%d.%d.%d installée. " % (rnd.randrange(10), rnd.randrange(10),
                                                               rnd.randrange(100), rnd.randrange(1000)))
    elif kind == "ref9":
        doc.add("Référence dossier %s. " % siren(rnd))
    elif kind == "greet_all":
        doc.add("\nBonjour à tous,\n")
    elif kind == "syndic":
        doc.add("Le syndic de copropriété a répondu. ")
    elif kind == "eglise":
        doc.add("La réunion est rue de l'Église. ")
    elif kind == "handicapant":
        doc.add("Ce retard est handicapant pour tous. ")
    elif kind == "siret_iban":
        # The IBAN is a positive; nothing inside it may also come out as SIRET or phone.
        doc.sentence("RIB ", iban_fr(rnd), "iban", " - ")
    elif kind == "price":
        doc.add("Prix unitaire 1234567890 centimes. ")
    elif kind == "special_no_person":
        doc.add(rnd.choice(SPECIAL_NO_PERSON) + rnd.choice([" ", "\n"]))
    elif kind == "bad_rib":
        # Mod 97 holds, the RIB key does not: a near miss, not an IBAN.
        doc.add("RIB à vérifier : %s.\n" % iban_fr(rnd, rib_key=False))
    elif kind == "tracking":
        doc.add("Colis suivi n° 6A%011d. " % rnd.randrange(10**11))


def main():
    out = sys.argv[1]
    docs = int(sys.argv[sys.argv.index("--docs") + 1]) if "--docs" in sys.argv else 3000
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rnd = random.Random(seed)
    with open(out, "w", encoding="utf-8") as f:
        for _ in range(docs):
            doc = Doc()
            for _ in range(rnd.randrange(3, 9)):
                (positive if rnd.random() < 0.55 else negative)(rnd, doc)
            text = b"".join(doc.parts).decode("utf-8")
            f.write(json.dumps({"text": text, "labels": doc.labels}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
