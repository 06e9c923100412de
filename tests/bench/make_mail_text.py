#!/usr/bin/env python3
"""Deterministic mixed French mail text for the detector benchmark: message bodies as an
HR mailbox holds them (prose, greetings, signatures with phone numbers and addresses,
quoted earlier messages, links, now and then an IBAN, a date of birth or a health remark),
separated by a line holding only "\\f". All invented.

usage: make_mail_text.py OUT.txt SIZE_MB [--seed N]
"""
import random
import sys

PROSE = [
    "Je vous remercie pour votre message et pour le temps consacré à ma candidature.",
    "Comme convenu lors de notre échange téléphonique, je vous transmets les éléments demandés.",
    "Nous revenons vers vous concernant le poste d'ingénieur d'études basé à Toulouse.",
    "La réunion de lancement aura lieu mardi prochain dans la salle du deuxième étage.",
    "Merci de bien vouloir confirmer votre présence avant vendredi midi.",
    "Vous trouverez ci-joint le compte rendu de la réunion du comité de pilotage.",
    "Le planning prévisionnel a été mis à jour suite aux remarques de l'équipe technique.",
    "Je reste à votre disposition pour tout complément d'information.",
    "Nous avons bien reçu votre dossier et il est en cours d'examen par nos équipes.",
    "Pourriez-vous me préciser vos disponibilités pour un entretien la semaine prochaine ?",
    "Les candidatures sont ouvertes jusqu'au 30 septembre, le poste est à pourvoir rapidement.",
    "Suite à votre demande, la facture n° FA2025-00417 a été corrigée et renvoyée.",
    "Le montant total de la prestation s'élève à 12 480,00 € HT, payable à trente jours.",
    "Je serai absent du 12 au 19 août, merci de contacter ma collègue en cas d'urgence.",
    "La version 3.2.1 du logiciel corrige les problèmes signalés lors de la recette.",
    "Votre commande CMD-2025-88412 a été expédiée et sera livrée sous 48 heures.",
    "Thanks for your quick reply, I will review the document and get back to you.",
    "Please find attached the updated schedule for the onboarding sessions.",
]
GREET = ["Bonjour Madame,", "Bonjour à tous,", "Bonjour Camille,", "Hello Marc,", "Madame, Monsieur,"]
CLOSE = ["Cordialement,", "Bien à vous,", "Bonne journée,", "Best regards,"]
NAMES = ["Camille Martin", "Hugo Dubois", "Léa Fontaine", "Théo Guérin", "Inès Benali", "Zoë Ørsted"]
RARE = [
    "Pour le remboursement, voici mon IBAN : FR76 3000 6000 0112 3456 7890 189.",
    "Je suis née le 3 avril 1996 à Albi.",
    "J'étais en arrêt maladie la semaine dernière, d'où mon retard.",
    "Mon profil : https://www.linkedin.com/in/camille-martin-1234",
]


def body(rnd):
    lines = [rnd.choice(GREET), ""]
    for _ in range(rnd.randrange(2, 6)):
        lines.append(" ".join(rnd.choice(PROSE) for _ in range(rnd.randrange(2, 5))))
        lines.append("")
    if rnd.random() < 0.05:
        lines.append(rnd.choice(RARE))
        lines.append("")
    name = rnd.choice(NAMES)
    lines += [rnd.choice(CLOSE), name]
    if rnd.random() < 0.6:
        lines.append("Tél. : 06 %02d %02d %02d %02d" % tuple(rnd.randrange(100) for _ in range(4)))
    if rnd.random() < 0.3:
        lines.append("%d rue des Lilas, 31000 Toulouse" % rnd.randrange(1, 90))
    text = "\n".join(lines) + "\n"
    if rnd.random() < 0.6:
        quoted = "\n".join("> " + l for l in body_simple(rnd).split("\n"))
        text += "\nLe 12/09/2025 à 09:30, %s a écrit :\n%s\n" % (rnd.choice(NAMES), quoted)
    return text


def body_simple(rnd):
    return "\n".join(rnd.choice(PROSE) for _ in range(rnd.randrange(2, 6)))


def main():
    out, size_mb = sys.argv[1], float(sys.argv[2])
    rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 3)
    written, target = 0, int(size_mb * 1e6)
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            b = body(rnd) + "\f\n"
            f.write(b)
            written += len(b.encode("utf-8"))


if __name__ == "__main__":
    main()
