#!/usr/bin/env python3
"""Generate the "wrong recipient" test leaks: one e-mail from the organisation's staff to one
outside address, carrying a table of persons as an attachment. Synthetic data only; Python 3
standard library only; deterministic (same options, same seed -> same bytes).

usage: make_payroll.py --out DIR [--shape payroll|candidates|noheader|all] [--rows N]
                       [--seed N] [--format xlsx,ods,csv,csv-1252,docx,html,zip]

Shapes (each writes one .eml per variant into DIR, plus DIR/expected.json, the ground truth,
and DIR/organisation.xml, the profile of the organisation for `breachkit init --org`):

  payroll     (default) the payroll clerk of Acme Industrie sends the October salary sheet to
              a wrong outside address. The table (default 40 rows, one per employee): Nom,
              Prénom, E-mail, IBAN, Salaire brut, Date de naissance, Matricule, then a
              "Total" row that is no person. One .eml per format: payroll-xlsx.eml,
              payroll-ods.eml, payroll-csv.eml (UTF-8 with BOM, `;`, as French Excel writes
              it), payroll-csv-1252.eml (the same in windows-1252, as Excel's "CSV
              (séparateur : point-virgule)" writes it: characters outside windows-1252
              become "?"), payroll-docx.eml (a Word table), payroll-html.eml (an HTML
              export with a <table>), payroll-zip.eml (the XLSX in a folder of a zip
              archive, beside a note). Also DIR/contacts.csv, an HR export (Matricule;E-mail;
              Adresse postale) for the employees whose row has no e-mail.
  candidates  an HR assistant forwards to the wrong person an XLSX of job candidates
              (default 25): Nom complet, Téléphone, Courriel, Poste visé, Évaluation,
              Remarque, with one health remark: candidates.eml.
  noheader    the accounts department sends a CSV of expense refunds without a header row:
              e-mail;IBAN;name (default 30 rows): noheader.eml.
  all         the three shapes into the same folder, one expected.json for all.

Choices (see tests/data/README.md):
  - E-mail column of the payroll: 25 rows of 40 have one; of those, 15 are the employee's
    work address at the organisation's own domain (acme-industrie.example) and 10 a
    personal address (gmail.example, orange.example ...). A work address is the
    organisation's domain, so it is "staff" as a mail header; in a leaked table it is the
    data subject's own contact datum, and the row is an affected person all the same. The
    clerk who sent the mail is herself row of the sheet (her salary and IBAN leaked too).
  - Names: French names with accents, ligatures (Œ), apostrophes (N'Diaye), compound given
    names and surnames (Jean-Baptiste, Le Goff, Da Silva), two employees sharing a surname,
    and one Vietnamese name with its diacritics (Nguyễn Thị Hương). No non-Latin script:
    a French payroll holds names as the civil status writes them, in Latin letters.
  - IBANs are French, with a correct RIB key and correct mod-97 check digits, on random bank
    and branch codes: they pass every check and belong to nobody. Phone numbers come from
    the range ARCEP keeps for fiction (06 39 98 xx xx). Domains end in .example (RFC 2606).
  - Salaries are written as a French spreadsheet displays them, "3 120,50" with a no-break
    space (U+00A0) between thousands; in XLSX and ODS they are numbers with a number format,
    and the birth dates are dates (an Excel serial with a dd/mm/yyyy format, an ODF date).
"""
import argparse
import base64
import datetime as dt
import io
import json
import os
import random
import sys
import urllib.parse
import zipfile
from email.header import Header
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

ORG_NAME = "Acme Industrie SAS"
ORG_DOMAIN = "acme-industrie.example"
ORG_SIREN = "732829320"  # passes the Luhn check, as the schema's example
CLERK = ("Nathalie", "Roux", "nathalie.roux@" + ORG_DOMAIN)
HR_ASSISTANT = ("Élise Caron", "elise.caron@" + ORG_DOMAIN)
HR_MANAGER = ("Karim Haddad", "karim.haddad@" + ORG_DOMAIN)
ACCOUNTS = ("Comptabilité Acme Industrie", "comptabilite@" + ORG_DOMAIN)
# The wrong recipients: the clerk meant the accountant of the firm's payroll provider, and
# the mail client completed "j.martin" with another Martin.
PAYROLL_RECIPIENT = ("Jérôme Martin", "j.martin@martin-conseil.example")
CANDIDATES_RECIPIENT = ("Claire Lemaire", "c.lemaire@lemaire-avocats.example")
NOHEADER_RECIPIENT = ("Paul Besson", "p.besson@besson-transports.example")

PARIS_WINTER = dt.timezone(dt.timedelta(hours=1))
PAYROLL_DATE = dt.datetime(2025, 10, 28, 16, 42, tzinfo=PARIS_WINTER)
CANDIDATES_DATE = dt.datetime(2025, 11, 4, 10, 17, tzinfo=PARIS_WINTER)
NOHEADER_DATE = dt.datetime(2025, 11, 5, 11, 3, tzinfo=PARIS_WINTER)
ZIP_TIME = (2025, 10, 28, 16, 30, 0)

PAYROLL_FORMATS = ["xlsx", "ods", "csv", "csv-1252", "docx", "html", "zip"]
DEFAULT_ROWS = {"payroll": 40, "candidates": 25, "noheader": 30}

FIRST = ["Camille", "Léa", "Manon", "Chloé", "Inès", "Louise", "Lucie", "Thomas", "Lucas",
         "Hugo", "Théo", "Maxime", "Antoine", "Julien", "Clément", "Amandine", "Aurélie",
         "Benoît", "Cédric", "Élodie", "Gaëlle", "Hélène", "Jérémy", "Loïc", "Noémie", "Océane",
         "Rémi", "Sébastien", "Yannick", "Karim", "Yasmine", "Mehdi", "Fatou", "Moussa",
         "Aïcha", "Rachid", "Jean-Baptiste", "Marie-Hélène", "Anne-Sophie", "Pierre-Yves",
         "François", "Agnès", "Joël", "Maëlys", "Stéphane", "Françoise", "Jérôme", "Mathéo"]
LAST = ["Martin", "Bernard", "Petit", "Durand", "Dubois", "Moreau", "Laurent", "Lefèvre",
        "Leroy", "Roussel", "Bertrand", "Fournier", "Girard", "Bonnet", "Fontaine", "Mercier",
        "Guérin", "Chevalier", "François", "Gauthier", "Garcia", "Perrin", "Benali", "Diallo",
        "Le Goff", "Da Silva", "N'Diaye", "Lœwenbrück", "Martin-Lefèvre", "Ménard", "Béranger",
        "Kervella", "Hamidi", "Courtois", "Barthélemy", "Lacroix", "Ferrand", "Évrard",
        "De Oliveira", "Quéméner", "Brossard", "Aubert", "Hoarau", "Texier", "Joubert"]
PERSONAL_DOMAINS = ["gmail.example", "orange.example", "free.example", "laposte.example",
                    "outlook.example", "sfr.example", "proton.example", "yahoo.example"]
STREETS = ["rue des Lilas", "avenue de la République", "chemin de la Ramée", "rue Pargaminières",
           "boulevard Lascrosses", "allée des Demoiselles", "impasse du Moulin", "rue Gambetta",
           "place du Marché", "route de Narbonne"]
CITIES = [("31000", "Toulouse"), ("31300", "Toulouse"), ("31700", "Blagnac"),
          ("31770", "Colomiers"), ("31120", "Portet-sur-Garonne"), ("31520", "Ramonville-Saint-Agne"),
          ("82000", "Montauban"), ("31600", "Muret")]
POSTS = ["Technicien·ne de maintenance", "Ingénieur·e méthodes", "Assistant·e de direction",
         "Opérateur·rice CN", "Comptable fournisseurs", "Responsable qualité"]
EVALUATIONS = ["Très favorable", "Favorable", "Réservé", "Défavorable", "À revoir"]
REMARKS = ["", "", "", "Relancer en novembre", "Bon entretien, prétentions élevées",
           "Mobilité possible", "Déjà vu en 2023", "Attend une réponse avant le 15"]
HEALTH_REMARK = "Disponible après son arrêt maladie, fin novembre"
NBSP = "\u00a0"


# ---------------------------------------------------------------------------------------------
# Values


def ascii_fold(s):
    table = str.maketrans("àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ",
                          "aaaaaaceeeeiiiinooooouuuuyyAAACEEEEIIOOUUU")
    s = s.translate(table).replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")
    return s.replace("ễ", "e").replace("ị", "i").replace("ư", "u").replace("ơ", "o")


def local_part(first, last):
    return ascii_fold("%s.%s" % (first, last)).lower().replace(" ", "").replace("'", "")


def iban_fr(rnd):
    """A French IBAN with a correct RIB key and correct mod-97 check digits, for no real
    account: (bank, branch, account, RIB key) -> FRkk BBBB BGGG GGCC CCCC CCCC CKK."""
    bank, branch, account = rnd.randrange(10**4, 10**5), rnd.randrange(10**5), rnd.randrange(10**11)
    rib_key = 97 - (89 * bank + 15 * branch + 3 * account) % 97
    bban = "%05d%05d%011d%02d" % (bank, branch, account, rib_key)
    check = 98 - int(bban + "152700") % 97  # F=15 R=27, check digits 00 moved to the end
    return "FR%02d%s" % (check, bban)


def iban_valid(iban):
    """Both checks, written again from the definitions, so that a mistake in iban_fr shows."""
    s = iban.replace(" ", "")
    moved = s[4:] + s[:4]
    if int("".join(str(int(c, 36)) for c in moved)) % 97 != 1:
        return False
    bban = s[4:]
    bank, branch, account, key = int(bban[0:5]), int(bban[5:10]), int(bban[10:21]), int(bban[21:23])
    return (89 * bank + 15 * branch + 3 * account + key) % 97 == 0


def spaced(iban):
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


def fiction_mobile(rnd, style):
    a, b = rnd.randrange(100), rnd.randrange(100)
    if style == 0:
        return "06 39 98 %02d %02d" % (a, b)
    if style == 1:
        return "+33 6 39 98 %02d %02d" % (a, b)
    return "063998%02d%02d" % (a, b)


def french_amount(cents):
    """3 120,50 with a no-break space between thousands, as a French spreadsheet shows it."""
    units, c = divmod(cents, 100)
    digits = "%d" % units
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return NBSP.join(groups) + ",%02d" % c


def excel_serial(date):
    return (date - dt.date(1899, 12, 30)).days


def unique_people(rnd, n, used_names):
    people = []
    while len(people) < n:
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        if len(used_names) >= 1500:
            # FIRST x LAST holds 2,160 names: past 1,500 (a table of 10,000 rows) the names
            # are compound, on both sides, so that drawing one never loops for ever.
            first += "-" + rnd.choice(FIRST)
            last += "-" + rnd.choice(LAST)
        if (first, last) in used_names:
            continue
        used_names.add((first, last))
        people.append((first, last))
    return people


# ---------------------------------------------------------------------------------------------
# Rows of each shape


def payroll_rows(rnd, n):
    # Fixed rows first: the clerk herself, a Vietnamese name, and two employees sharing a
    # surname (the wrong recipient is a Martin too).
    names = [(CLERK[0], CLERK[1]), ("Thị Hương", "Nguyễn"), ("Julien", "Martin"),
             ("Camille", "Martin")][:n]
    names += unique_people(rnd, n - len(names), set(names))

    n_email = round(n * 25 / 40)
    n_work = round(n_email * 15 / 25)
    n_birth = round(n * 28 / 40)
    # The clerk's row (0) has her work address: she is the sender and a data subject.
    others = list(range(1, n))
    rnd.shuffle(others)
    email_rows = ([0] + others)[:n_email]
    with_email = set(email_rows)
    work_rows = set(email_rows[:n_work])
    birth_rows = set(rnd.sample(range(n), n_birth))

    # Four digits up to 8,999 rows; a larger table draws from a wider range.
    matricules = rnd.sample(range(1000, 9999 if n <= 8999 else 1000 + 10 * n), n)
    rows, used_locals = [], set()
    for i, (first, last) in enumerate(names):
        email, kind = "", None
        if i in with_email:
            local = local_part(first, last)
            if i in work_rows:
                domain, kind = ORG_DOMAIN, "work"
            else:
                domain, kind = rnd.choice(PERSONAL_DOMAINS), "personal"
                style = rnd.randrange(3)
                if style == 1:
                    local = ascii_fold(first[0] + last).lower().replace(" ", "").replace("'", "")
                elif style == 2:
                    local = local + str(rnd.randrange(60, 99))
            while local + "@" + domain in used_locals:
                local += "2"
            used_locals.add(local + "@" + domain)
            email = local + "@" + domain
        birth = None
        if i in birth_rows:
            birth = dt.date(1961, 1, 1) + dt.timedelta(days=rnd.randrange(42 * 365))
        iban = iban_fr(rnd)
        assert iban_valid(iban), iban
        rows.append({
            "matricule": "AI-%04d" % matricules[i],
            "nom": last,
            "prenom": first,
            "email": email,
            "email_kind": kind,
            "iban": iban,
            "iban_written": iban if rnd.random() < 0.25 else spaced(iban),
            "salary_cents": rnd.randrange(185000, 620000),
            "birth_date": birth,
        })
    rows.sort(key=lambda r: (ascii_fold(r["nom"]).lower(), ascii_fold(r["prenom"]).lower()))
    return rows


def contacts_rows(rnd, rows):
    """The HR export for the rows whose table gave no e-mail: every one has a postal address,
    about half a personal e-mail address too."""
    out = []
    for r in rows:
        if r["email"]:
            continue
        email = ""
        if rnd.random() < 0.5:
            email = "%s@%s" % (local_part(r["prenom"], r["nom"]), rnd.choice(PERSONAL_DOMAINS))
        postcode, city = rnd.choice(CITIES)
        address = "%d %s, %s %s" % (rnd.randrange(1, 120), rnd.choice(STREETS), postcode, city)
        out.append({"matricule": r["matricule"], "email": email, "postal_address": address})
    return out


def candidate_rows(rnd, n):
    used = set()
    names = [("Thị Hương", "Nguyễn")] if n > 0 else []
    used.update(names)
    names += unique_people(rnd, n - len(names), used)
    rnd.shuffle(names)
    health_row = rnd.randrange(n) if n else None
    rows, used_emails = [], set()
    for i, (first, last) in enumerate(names):
        local = local_part(first, last)
        if rnd.random() < 0.3:
            local += str(rnd.randrange(1, 99))
        domain = rnd.choice(PERSONAL_DOMAINS)
        while local + "@" + domain in used_emails:
            local += "x"
        used_emails.add(local + "@" + domain)
        rows.append({
            "id": "C%02d" % (i + 1),
            "name": "%s %s" % (first, last.upper()) if rnd.random() < 0.5 else "%s %s" % (first, last),
            "prenom": first,
            "nom": last,
            "phone": fiction_mobile(rnd, rnd.randrange(3)),
            "email": local + "@" + domain,
            "post": rnd.choice(POSTS),
            "evaluation": rnd.choice(EVALUATIONS),
            "remark": HEALTH_REMARK if i == health_row else rnd.choice(REMARKS),
            "health": i == health_row,
        })
    return rows


def noheader_rows(rnd, n):
    names = unique_people(rnd, n, set())
    rows, used = [], set()
    for i, (first, last) in enumerate(names):
        local = local_part(first, last)
        domain = rnd.choice(PERSONAL_DOMAINS)
        while local + "@" + domain in used:
            local += "2"
        used.add(local + "@" + domain)
        iban = iban_fr(rnd)
        assert iban_valid(iban)
        rows.append({"id": "R%02d" % (i + 1), "email": local + "@" + domain, "iban": iban,
                     "name": "%s %s" % (first, last), "prenom": first, "nom": last})
    return rows


# ---------------------------------------------------------------------------------------------
# Containers


def zip_bytes(files, stored_first=None):
    """A zip with fixed timestamps and fixed order: the same files give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            z.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buf.getvalue()


XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CT_ODS = "application/vnd.oasis.opendocument.spreadsheet"


def col_letter(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def office_core(title, creator):
    return (XML_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>%s</dc:title><dc:creator>%s</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2025-10-28T15:30:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-10-28T15:30:00Z</dcterms:modified>'
            '</cp:coreProperties>' % (escape(title), escape(creator)))


def xlsx(sheet_name, rows, title, creator):
    """A minimal SpreadsheetML workbook. `rows` is a list of rows of cells; a cell is None
    (left out), a str (shared string), ("num", float, style), ("date", date) or
    ("formula", text, cached float, style). Styles: 0 normal, 1 bold header, 2 #,##0.00,
    3 dd/mm/yyyy."""
    strings, index = [], {}

    def sst(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    width = max(len(r) for r in rows)
    xml_rows = []
    for ri, row in enumerate(rows, 1):
        cells = []
        for ci, cell in enumerate(row):
            ref = "%s%d" % (col_letter(ci), ri)
            if cell is None or cell == "":
                continue
            if isinstance(cell, str):
                style = ' s="1"' if ri == 1 else ""
                cells.append('<c r="%s"%s t="s"><v>%d</v></c>' % (ref, style, sst(cell)))
            elif cell[0] == "num":
                cells.append('<c r="%s" s="%d"><v>%s</v></c>' % (ref, cell[2], repr(cell[1])))
            elif cell[0] == "date":
                cells.append('<c r="%s" s="3"><v>%d</v></c>' % (ref, excel_serial(cell[1])))
            elif cell[0] == "formula":
                cells.append('<c r="%s" s="%d"><f>%s</f><v>%s</v></c>'
                             % (ref, cell[3], escape(cell[1]), repr(cell[2])))
        xml_rows.append('<row r="%d">%s</row>' % (ri, "".join(cells)))
    dim = "A1:%s%d" % (col_letter(width - 1), len(rows))
    sheet = (XML_DECL + '<worksheet xmlns="%s" xmlns:r="%s"><dimension ref="%s"/>'
             '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
             'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
             '<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="%d" width="22" '
             'customWidth="1"/></cols><sheetData>%s</sheetData>'
             '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
             '</worksheet>' % (NS_MAIN, NS_REL, dim, width, "".join(xml_rows)))
    shared = (XML_DECL + '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
              % (NS_MAIN, len(strings), len(strings),
                 "".join('<si><t xml:space="preserve">%s</t></si>' % escape(s) for s in strings)))
    styles = (XML_DECL + '<styleSheet xmlns="%s">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
              '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
              '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill>'
              '<fill><patternFill patternType="gray125"/></fill></fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="4">'
              '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
              '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
              '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
              '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
              '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
              '</styleSheet>' % NS_MAIN)
    workbook = (XML_DECL + '<workbook xmlns="%s" xmlns:r="%s"><bookViews><workbookView/></bookViews>'
                '<sheets><sheet name=%s sheetId="1" r:id="rId1"/></sheets></workbook>'
                % (NS_MAIN, NS_REL, quoteattr(sheet_name)))
    wb_rels = (XML_DECL + '<Relationships xmlns="%s">'
               '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
               '<Relationship Id="rId3" Type="%s/styles" Target="styles.xml"/>'
               '</Relationships>' % (NS_PKG_REL, NS_REL, NS_REL, NS_REL))
    rels = (XML_DECL + '<Relationships xmlns="%s">'
            '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="%s/extended-properties" Target="docProps/app.xml"/>'
            '</Relationships>' % (NS_PKG_REL, NS_REL, NS_REL))
    ctypes = (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
              '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
              '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
              '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
              '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
              '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
              '</Types>')
    app = (XML_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>Microsoft Excel</Application></Properties>')
    return zip_bytes([
        ("[Content_Types].xml", ctypes), ("_rels/.rels", rels),
        ("docProps/core.xml", office_core(title, creator)), ("docProps/app.xml", app),
        ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared),
        ("xl/styles.xml", styles),
    ])


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"')


def ods(sheet_name, rows, title):
    """A minimal ODF spreadsheet: mimetype first and stored, a manifest, content.xml with a
    table:table; cells as in xlsx(), the date cells with office:value-type="date"."""
    xml_rows = []
    width = max(len(r) for r in rows)
    for row in rows:
        cells = []
        for cell in row + [None] * (width - len(row)):
            if cell is None or cell == "":
                cells.append("<table:table-cell/>")
            elif isinstance(cell, str):
                cells.append('<table:table-cell office:value-type="string"><text:p>%s</text:p>'
                             '</table:table-cell>' % escape(cell))
            elif cell[0] == "num":
                cells.append('<table:table-cell table:style-name="ce2" office:value-type="float" '
                             'office:value="%s"><text:p>%s</text:p></table:table-cell>'
                             % (repr(cell[1]), escape(french_amount(round(cell[1] * 100)))))
            elif cell[0] == "date":
                cells.append('<table:table-cell table:style-name="ce1" office:value-type="date" '
                             'office:date-value="%s"><text:p>%s</text:p></table:table-cell>'
                             % (cell[1].isoformat(), cell[1].strftime("%d/%m/%Y")))
            elif cell[0] == "formula":
                cells.append('<table:table-cell table:style-name="ce2" table:formula=%s '
                             'office:value-type="float" office:value="%s"><text:p>%s</text:p>'
                             '</table:table-cell>'
                             % (quoteattr(cell[4]), repr(cell[2]),
                                escape(french_amount(round(cell[2] * 100)))))
        xml_rows.append("<table:table-row>%s</table:table-row>" % "".join(cells))
    content = (XML_DECL + '<office:document-content %s office:version="1.2">'
               '<office:automatic-styles>'
               '<number:date-style style:name="N37"><number:day number:style="long"/>'
               '<number:text>/</number:text><number:month number:style="long"/>'
               '<number:text>/</number:text><number:year number:style="long"/></number:date-style>'
               '<number:number-style style:name="N4"><number:number number:decimal-places="2" '
               'number:min-integer-digits="1" number:grouping="true"/></number:number-style>'
               '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N37"/>'
               '<style:style style:name="ce2" style:family="table-cell" style:data-style-name="N4"/>'
               '</office:automatic-styles><office:body><office:spreadsheet>'
               '<table:table table:name=%s><table:table-column table:number-columns-repeated="%d"/>'
               '%s</table:table></office:spreadsheet></office:body></office:document-content>'
               % (ODF_NS, quoteattr(sheet_name), width, "".join(xml_rows)))
    styles = (XML_DECL + '<office:document-styles %s office:version="1.2"><office:styles/>'
              '</office:document-styles>' % ODF_NS)
    meta = (XML_DECL + '<office:document-meta %s office:version="1.2"><office:meta>'
            '<meta:generator>LibreOffice/7.4</meta:generator><dc:title>%s</dc:title>'
            '<meta:creation-date>2025-10-28T16:30:00</meta:creation-date></office:meta>'
            '</office:document-meta>' % (ODF_NS, escape(title)))
    manifest = (XML_DECL + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>' % CT_ODS)
    return zip_bytes([("mimetype", CT_ODS), ("content.xml", content), ("styles.xml", styles),
                      ("meta.xml", meta), ("META-INF/manifest.xml", manifest)],
                     stored_first="mimetype")


def docx(title, rows):
    """A minimal WordprocessingML document: a title paragraph and a w:tbl of text cells."""
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def para(text, bold=False):
        if not text:
            return "<w:p/>"
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        return '<w:p><w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (rpr, escape(text))

    width = max(len(r) for r in rows)
    border = "".join('<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>' % b
                     for b in ("top", "left", "bottom", "right", "insideH", "insideV"))
    trs = []
    for ri, row in enumerate(rows):
        tcs = "".join('<w:tc><w:tcPr><w:tcW w:w="1400" w:type="dxa"/></w:tcPr>%s</w:tc>'
                      % para(c, bold=ri == 0) for c in row + [""] * (width - len(row)))
        head = "<w:trPr><w:tblHeader/></w:trPr>" if ri == 0 else ""
        trs.append("<w:tr>%s%s</w:tr>" % (head, tcs))
    tbl = ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:tblBorders>%s</w:tblBorders></w:tblPr><w:tblGrid>%s</w:tblGrid>%s</w:tbl>'
           % (border, '<w:gridCol w:w="1400"/>' * width, "".join(trs)))
    document = (XML_DECL + '<w:document xmlns:w="%s" xmlns:r="%s"><w:body>%s%s%s'
                '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
                '<w:pgMar w:top="720" w:right="720" w:bottom="720" w:left="720" w:header="0" '
                'w:footer="0" w:gutter="0"/></w:sectPr></w:body></w:document>'
                % (W, NS_REL, para(title, bold=True), tbl, para("Document interne – ne pas diffuser")))
    ctypes = (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
              '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
              '</Types>')
    rels = (XML_DECL + '<Relationships xmlns="%s">'
            '<Relationship Id="rId1" Type="%s/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '</Relationships>' % (NS_PKG_REL, NS_REL))
    return zip_bytes([("[Content_Types].xml", ctypes), ("_rels/.rels", rels),
                      ("docProps/core.xml", office_core(title, "Service paie")),
                      ("word/document.xml", document)])


def html_table(title, rows):
    head = "".join("<th>%s</th>" % escape(c) for c in rows[0])
    body = []
    for row in rows[1:]:
        tag = "th" if row and row[0] == "Total" else "td"
        body.append("<tr>%s</tr>" % "".join(
            "<%s>%s</%s>" % (tag, escape(c).replace(NBSP, "&nbsp;"), tag) for c in row))
    text = ('<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>%s</title>\n'
            '<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}</style>\n'
            '</head>\n<body>\n<h1>%s</h1>\n<p>Export du logiciel de paie, %s.</p>\n'
            '<table>\n<thead><tr>%s</tr></thead>\n<tbody>\n%s\n</tbody>\n</table>\n</body>\n</html>\n'
            % (escape(title), escape(title), "28/10/2025 16:30", head, "\n".join(body)))
    return text.encode("utf-8")


def csv_text(rows):
    """`;`-separated, CRLF, fields quoted only when they must be (as Excel writes)."""
    def field(s):
        if any(c in s for c in ';"\r\n'):
            return '"%s"' % s.replace('"', '""')
        return s
    return "".join(";".join(field(c) for c in row) + "\r\n" for row in rows)


# ---------------------------------------------------------------------------------------------
# Mail


def b64_lines(data):
    s = base64.b64encode(data).decode("ascii")
    return "".join(s[i:i + 76] + "\r\n" for i in range(0, len(s), 76))


def header_words(text):
    if all(ord(c) < 128 for c in text):
        return text
    return Header(text, "utf-8").encode()


def mailbox(name, address):
    return "%s <%s>" % (header_words(name), address)


def filename_params(filename):
    if all(ord(c) < 128 for c in filename):
        return '; name="%s"' % filename, '; filename="%s"' % filename
    return ('; name="%s"' % Header(filename, "utf-8").encode(),
            "; filename*=utf-8''%s" % urllib.parse.quote(filename, safe=""))


def eml(sender, recipient, subject, date, msgid, body, attachment, filename, content_type,
        boundary):
    """One message, built by hand so that the bytes are fixed (the email package draws its
    boundaries at random): multipart/mixed, a text/plain body in 8bit UTF-8, one base64
    attachment."""
    name_p, file_p = filename_params(filename)
    lines = [
        "From: " + mailbox(*sender),
        "To: " + mailbox(*recipient),
        "Subject: " + header_words(subject),
        "Date: " + format_datetime(date),
        "Message-ID: <%s>" % msgid,
        "MIME-Version: 1.0",
        "X-Mailer: Microsoft Outlook 16.0",
        'Content-Type: multipart/mixed; boundary="%s"' % boundary,
        "",
        "This is a multi-part message in MIME format.",
        "",
        "--" + boundary,
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
    ]
    lines += body.split("\n")
    lines += [
        "",
        "--" + boundary,
        "Content-Type: %s%s" % (content_type, name_p),
        "Content-Disposition: attachment" + file_p,
        "Content-Transfer-Encoding: base64",
        "",
    ]
    text = "\r\n".join(lines) + "\r\n" + b64_lines(attachment) + "\r\n--" + boundary + "--\r\n"
    return text.encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Shapes


CNIL_FINANCIAL = ("Données relatives à des informations financières (revenus, numéro de carte "
                  "de crédit, coordonnées bancaires), économiques")
CNIL_CIVIL = "État civil (nom, sexe, date de naissance, âge...)"
CNIL_CONTACT = ("Coordonnées (adresse postale ou électronique, numéros de téléphone fixe ou "
                "portable...)")
CNIL_HEALTH = "Données de santé"
CNIL_IDENTIFICATION = ("Données d'identification ou d'accès (identifiant, mot de passe, "
                       "numéro client...)")
CNIL = {"financial": CNIL_FINANCIAL, "civil_status": CNIL_CIVIL, "contact": CNIL_CONTACT,
        "health": CNIL_HEALTH, "identification": CNIL_IDENTIFICATION}

PAYROLL_BODY = """Bonjour Jérôme,

Ci-joint l'état des salaires d'octobre avant l'envoi du fichier de virements à la banque.
Peux-tu vérifier les bruts, surtout les heures supplémentaires de l'atelier ?
Le virement part jeudi matin.

Bonne fin de journée,

Nathalie Roux
Service paie – Acme Industrie
Tél. 01 99 00 27 41
"""

PAYROLL_HEADER = ["Nom", "Prénom", "E-mail", "IBAN", "Salaire brut", "Date de naissance",
                  "Matricule"]


def payroll_table(rows, typed):
    """The rows as cells: typed cells (numbers, dates) for spreadsheets, text otherwise."""
    out = [list(PAYROLL_HEADER)]
    for r in rows:
        if typed:
            salary = ("num", r["salary_cents"] / 100, 2)
            birth = ("date", r["birth_date"]) if r["birth_date"] else None
        else:
            salary = french_amount(r["salary_cents"])
            birth = r["birth_date"].strftime("%d/%m/%Y") if r["birth_date"] else ""
        out.append([r["nom"], r["prenom"], r["email"], r["iban_written"], salary, birth,
                    r["matricule"]])
    total = sum(r["salary_cents"] for r in rows)
    n = len(rows)
    if typed:
        out.append(["Total", None, None, None,
                    ("formula", "SUM(E2:E%d)" % (n + 1), total / 100, 2,
                     "of:=SUM([.E2:.E%d])" % (n + 1)), None, None])
    else:
        out.append(["Total", "", "", "", french_amount(total), "", ""])
    return out


def payroll_expected_rows(rows, name_of, written=lambda s: s):
    out = []
    for r in rows:
        items = ["name", "iban", "salary", "matricule"]
        cats = ["civil_status", "financial"]
        if r["birth_date"]:
            items.append("date_of_birth")
        if r["email"]:
            items.append("email")
            cats.append("contact")
        out.append({
            "id": r["matricule"],
            "matricule": r["matricule"],
            "nom": r["nom"],
            "prenom": r["prenom"],
            "name": name_of(r),
            # The name as the attachment writes it (the windows-1252 CSV loses what that
            # charset lacks); nom and prenom are the civil status.
            "nom_written": written(r["nom"]),
            "prenom_written": written(r["prenom"]),
            "email": r["email"] or None,
            "email_kind": r["email_kind"],
            "iban": r["iban"],
            "salary": french_amount(r["salary_cents"]).replace(NBSP, " "),
            "date_of_birth": r["birth_date"].strftime("%d/%m/%Y") if r["birth_date"] else None,
            "items": sorted(items),
            "categories": sorted(cats),
            "cnil_categories": sorted(CNIL[c] for c in cats),
            # Expected too, but not required by the acceptance check: the Matricule is an
            # internal identifier (CNIL "Données d'identification").
            "other_categories": ["identification"],
        })
    return out


def shape_payroll(rnd, n, formats, out_dir):
    rows = payroll_rows(rnd, n)
    contacts = contacts_rows(rnd, rows)
    title = "État des salaires – octobre 2025"
    sheet = "Paie octobre 2025"
    variants = {}
    for fmt in formats:
        written = lambda s: s
        if fmt == "xlsx":
            data = xlsx(sheet, payroll_table(rows, True), title, "Nathalie Roux")
            filename, ctype = "Paie_octobre_2025.xlsx", CT_XLSX
        elif fmt == "ods":
            data = ods(sheet, payroll_table(rows, True), title)
            filename, ctype = "État des salaires octobre 2025.ods", CT_ODS
        elif fmt == "csv":
            data = b"\xef\xbb\xbf" + csv_text(payroll_table(rows, False)).encode("utf-8")
            filename, ctype = "paie_oct2025.csv", "text/csv; charset=utf-8"
        elif fmt == "csv-1252":
            data = csv_text(payroll_table(rows, False)).encode("cp1252", errors="replace")
            filename, ctype = "paie_oct2025.csv", "text/csv; charset=windows-1252"
            # What a reader of this file can know of each name: Excel wrote "?" for what
            # windows-1252 lacks.
            written = lambda s: s.encode("cp1252", errors="replace").decode("cp1252")
        elif fmt == "docx":
            table = payroll_table(rows, False)
            data = docx(title, table)
            filename, ctype = "Etat_salaires_octobre_2025.docx", CT_DOCX
        elif fmt == "html":
            data = html_table(title, payroll_table(rows, False))
            filename, ctype = "etat_paie_2025-10.html", "text/html; charset=utf-8"
        elif fmt == "zip":
            # The XLSX zipped in a folder, beside a note, as "Envoyer vers > Dossier
            # compressé" makes it: the sheet is read only if the archive is opened.
            inner = xlsx(sheet, payroll_table(rows, True), title, "Nathalie Roux")
            data = zip_bytes([("Paie octobre 2025/LISEZMOI.txt",
                               "Fichier de contrôle de la paie, à ne pas diffuser.\r\n"),
                              ("Paie octobre 2025/Paie_octobre_2025.xlsx", inner)])
            filename, ctype = "Paie_octobre_2025.zip", "application/zip"
        else:
            raise SystemExit("make_payroll.py: unknown format %r (one of %s)"
                             % (fmt, ",".join(PAYROLL_FORMATS)))
        key = "payroll-" + fmt
        mail = eml(("Nathalie Roux", CLERK[2]), PAYROLL_RECIPIENT,
                   "Paie octobre 2025 – état des salaires pour contrôle", PAYROLL_DATE,
                   "%s.20251028154200.4417@%s" % (key, ORG_DOMAIN), PAYROLL_BODY, data,
                   filename, ctype, "----=_NextPart_000_%s_01DC4830.5A1B2C40" % fmt.upper())
        with open(os.path.join(out_dir, key + ".eml"), "wb") as f:
            f.write(mail)
        exp_rows = payroll_expected_rows(
            rows, lambda r: "%s %s" % (written(r["prenom"]), written(r["nom"])), written)
        variants[key] = {
            "file": key + ".eml",
            "shape": "payroll",
            "format": fmt,
            "attachment": {"filename": filename, "content_type": ctype.split(";")[0],
                           "size": len(data)},
            "sender": CLERK[2],
            "recipients": [PAYROLL_RECIPIENT[1]],
            "outside_recipients": [PAYROLL_RECIPIENT[1]],
            "recipient_affected": False,
            "persons": len(rows),
            "table_rows": len(rows) + 2,
            "header_row": True,
            "total_row": True,
            "rows_with_email": sum(1 for r in rows if r["email"]),
            "rows_with_work_email": sum(1 for r in rows if r["email_kind"] == "work"),
            "rows_with_personal_email": sum(1 for r in rows if r["email_kind"] == "personal"),
            "rows_with_date_of_birth": sum(1 for r in rows if r["birth_date"]),
            "rows_without_email": [r["matricule"] for r in rows if not r["email"]],
            "categories": {"financial": ["iban", "salary"],
                           "civil_status": ["name", "date_of_birth"],
                           "contact": ["email"]},
            "cnil_categories": sorted([CNIL_FINANCIAL, CNIL_CIVIL, CNIL_CONTACT]),
            "cnil_category_persons": {
                CNIL_FINANCIAL: len(rows), CNIL_CIVIL: len(rows),
                CNIL_CONTACT: sum(1 for r in rows if r["email"])},
            "also_expected": {"identification": ["matricule"]},
            "sensitive": False,
            "decision": {"notify_cnil": True, "inform_persons": True},
            "letters": len(rows),
            "contacts_file": "contacts.csv" if contacts else None,
            "rows": exp_rows,
        }
    if contacts:
        lines = [["Matricule", "E-mail", "Adresse postale"]]
        lines += [[c["matricule"], c["email"], c["postal_address"]] for c in contacts]
        with open(os.path.join(out_dir, "contacts.csv"), "wb") as f:
            f.write(b"\xef\xbb\xbf" + csv_text(lines).encode("utf-8"))
    return variants, contacts


CANDIDATES_BODY = """Bonjour,

Voici le tableau des candidatures reçues pour les postes ouverts, avec les évaluations des
entretiens. Merci de me dire qui vous souhaitez revoir.

Bien cordialement,

Élise Caron
Assistante RH – Acme Industrie

De : Karim Haddad <karim.haddad@acme-industrie.example>
Envoyé : lundi 3 novembre 2025 18:05
À : Élise Caron <elise.caron@acme-industrie.example>
Objet : Candidatures novembre

Élise, peux-tu transmettre le tableau au cabinet ? Merci.
Karim
"""


def shape_candidates(rnd, n, out_dir):
    rows = candidate_rows(rnd, n)
    table = [["Nom complet", "Téléphone", "Courriel", "Poste visé", "Évaluation", "Remarque"]]
    for r in rows:
        table.append([r["name"], r["phone"], r["email"], r["post"], r["evaluation"], r["remark"]])
    data = xlsx("Candidatures", table, "Candidatures novembre 2025", "Karim Haddad")
    filename = "Candidatures_novembre_2025.xlsx"
    mail = eml(HR_ASSISTANT, CANDIDATES_RECIPIENT, "TR: Candidatures novembre", CANDIDATES_DATE,
               "candidates.20251104091700.2291@" + ORG_DOMAIN, CANDIDATES_BODY, data, filename,
               CT_XLSX, "----=_NextPart_000_CANDIDATES_01DC4D6B.1F2E3D40")
    with open(os.path.join(out_dir, "candidates.eml"), "wb") as f:
        f.write(mail)
    exp_rows = []
    for r in rows:
        cats = ["civil_status", "contact"] + (["health"] if r["health"] else [])
        exp_rows.append({
            "id": r["id"], "name": r["name"], "prenom": r["prenom"], "nom": r["nom"],
            "email": r["email"], "email_kind": "personal", "phone": r["phone"],
            "items": sorted(["name", "phone", "email"] + (["health"] if r["health"] else [])),
            "categories": sorted(cats), "cnil_categories": sorted(CNIL[c] for c in cats),
        })
    health = sum(1 for r in rows if r["health"])
    return {"candidates": {
        "file": "candidates.eml",
        "shape": "candidates",
        "format": "xlsx",
        "attachment": {"filename": filename, "content_type": CT_XLSX, "size": len(data)},
        "sender": HR_ASSISTANT[1],
        "recipients": [CANDIDATES_RECIPIENT[1]],
        "outside_recipients": [CANDIDATES_RECIPIENT[1]],
        "recipient_affected": False,
        "persons": len(rows),
        "table_rows": len(rows) + 1,
        "header_row": True,
        "total_row": False,
        "rows_with_email": len(rows),
        "rows_without_email": [],
        "categories": {"civil_status": ["name"], "contact": ["phone", "email"],
                       "health": ["remark"]} if health else
                      {"civil_status": ["name"], "contact": ["phone", "email"]},
        "cnil_categories": sorted([CNIL_CIVIL, CNIL_CONTACT] + ([CNIL_HEALTH] if health else [])),
        "cnil_category_persons": dict([(CNIL_CIVIL, len(rows)), (CNIL_CONTACT, len(rows))] +
                                      ([(CNIL_HEALTH, health)] if health else [])),
        "also_expected": {"professional_life": ["post", "evaluation"]},
        "sensitive": bool(health),
        "decision": {"notify_cnil": True, "inform_persons": True},
        "letters": len(rows),
        "contacts_file": None,
        "rows": exp_rows,
    }}


NOHEADER_BODY = """Bonjour Monsieur Besson,

Vous trouverez ci-joint le fichier des remboursements de notes de frais d'octobre, à
importer dans l'outil de virement.

Cordialement,

Service comptabilité – Acme Industrie
"""


def shape_noheader(rnd, n, out_dir):
    rows = noheader_rows(rnd, n)
    table = [[r["email"], spaced(r["iban"]), r["name"]] for r in rows]
    data = b"\xef\xbb\xbf" + csv_text(table).encode("utf-8")
    filename = "remboursements_frais_2025-10.csv"
    mail = eml(ACCOUNTS, NOHEADER_RECIPIENT, "Remboursements frais octobre", NOHEADER_DATE,
               "noheader.20251105100300.8812@" + ORG_DOMAIN, NOHEADER_BODY, data, filename,
               "text/csv; charset=utf-8", "----=_NextPart_000_NOHEADER_01DC4E34.0A0B0C40")
    with open(os.path.join(out_dir, "noheader.eml"), "wb") as f:
        f.write(mail)
    cats = ["civil_status", "contact", "financial"]
    return {"noheader": {
        "file": "noheader.eml",
        "shape": "noheader",
        "format": "csv",
        "attachment": {"filename": filename, "content_type": "text/csv", "size": len(data)},
        "sender": ACCOUNTS[1],
        "recipients": [NOHEADER_RECIPIENT[1]],
        "outside_recipients": [NOHEADER_RECIPIENT[1]],
        "recipient_affected": False,
        "persons": len(rows),
        "table_rows": len(rows),
        "header_row": False,
        "total_row": False,
        "rows_with_email": len(rows),
        "rows_without_email": [],
        "categories": {"financial": ["iban"], "civil_status": ["name"], "contact": ["email"]},
        "cnil_categories": sorted([CNIL_FINANCIAL, CNIL_CIVIL, CNIL_CONTACT]),
        "cnil_category_persons": {CNIL_FINANCIAL: len(rows), CNIL_CIVIL: len(rows),
                                  CNIL_CONTACT: len(rows)},
        "also_expected": {},
        "sensitive": False,
        # ENISA (doc/regulatory.md 4.2): an IBAN without income or balance says little of a
        # person's finances (financial base 3, -1): DPC 2, SE 2.5, medium: the CNIL is
        # notified, informing the persons is not required.
        "decision": {"notify_cnil": True, "inform_persons": False},
        "letters": len(rows),
        "contacts_file": None,
        "rows": [{"id": r["id"], "name": r["name"], "prenom": r["prenom"], "nom": r["nom"],
                  "email": r["email"], "email_kind": "personal", "iban": r["iban"],
                  "items": ["email", "iban", "name"], "categories": cats,
                  "cnil_categories": sorted(CNIL[c] for c in cats)} for r in rows],
    }}


# ---------------------------------------------------------------------------------------------
# Self-check (--check): read every .eml back with the standard library and check that its
# attachment is what it claims to be and holds the rows expected.json says.


def check_output(out_dir):
    import csv
    import email
    import email.policy
    import html.parser
    import xml.etree.ElementTree as ET

    with open(os.path.join(out_dir, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    problems = []

    def bad(key, what):
        problems.append("%s: %s" % (key, what))

    class Cells(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = ""

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(self.cell)
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    for key, v in sorted(expected["variants"].items()):
        with open(os.path.join(out_dir, v["file"]), "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        if msg.defects:
            bad(key, "message defects %r" % msg.defects)
        atts = list(msg.iter_attachments())
        if len(atts) != 1:
            bad(key, "%d attachments" % len(atts))
            continue
        att = atts[0]
        if att.get_filename() != v["attachment"]["filename"]:
            bad(key, "filename %r" % att.get_filename())
        if att.get_content_type() != v["attachment"]["content_type"]:
            bad(key, "content type %r" % att.get_content_type())
        data = att.get_payload(decode=True)
        if len(data) != v["attachment"]["size"]:
            bad(key, "size %d" % len(data))
        rows = None
        fmt = v["format"]
        if fmt == "zip":  # the sheet inside is checked as an XLSX
            outer = zipfile.ZipFile(io.BytesIO(data))
            data = outer.read("Paie octobre 2025/Paie_octobre_2025.xlsx")
            fmt = "xlsx"
        if fmt in ("xlsx", "ods", "docx"):
            z = zipfile.ZipFile(io.BytesIO(data))
            if z.testzip() is not None:
                bad(key, "zip CRC error")
            parts = {}
            for info in z.infolist():
                if info.date_time != ZIP_TIME:
                    bad(key, "%s: timestamp %r" % (info.filename, info.date_time))
                if info.filename.endswith((".xml", ".rels")):
                    try:
                        parts[info.filename] = ET.fromstring(z.read(info))
                    except ET.ParseError as e:
                        bad(key, "%s: %s" % (info.filename, e))
            if fmt == "xlsx":
                for need in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                             "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                             "xl/sharedStrings.xml", "xl/styles.xml"):
                    if need not in parts:
                        bad(key, "missing " + need)
                ns = {"m": NS_MAIN}
                sst = ["".join(t.text or "" for t in si.iter("{%s}t" % NS_MAIN))
                       for si in parts["xl/sharedStrings.xml"].findall("m:si", ns)]
                rows = []
                for row in parts["xl/worksheets/sheet1.xml"].iter("{%s}row" % NS_MAIN):
                    cells = {}
                    for c in row.findall("m:c", ns):
                        col = "".join(ch for ch in c.get("r") if ch.isalpha())
                        val = c.find("m:v", ns).text
                        cells[col] = sst[int(val)] if c.get("t") == "s" else val
                    width = max(len(PAYROLL_HEADER), 6)
                    rows.append([cells.get(col_letter(i), "") for i in range(width)])
                fmts = parts["xl/styles.xml"].find("m:numFmts", ns)
                if fmt == "xlsx" and v["shape"] == "payroll" and (
                        fmts is None or "dd/mm/yyyy" not in
                        [n.get("formatCode") for n in fmts]):
                    bad(key, "no date format in styles.xml")
            elif fmt == "ods":
                first = z.infolist()[0]
                if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED \
                        or first.extra:
                    bad(key, "mimetype is not the first entry, stored, without extra field")
                if z.read("mimetype") != CT_ODS.encode():
                    bad(key, "mimetype content")
                if "META-INF/manifest.xml" not in parts:
                    bad(key, "no manifest")
                T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
                O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
                X = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
                rows, dates = [], 0
                for row in parts["content.xml"].iter("{%s}table-row" % T):
                    cells = []
                    for c in row.findall("{%s}table-cell" % T):
                        if c.get("{%s}value-type" % O) == "date":
                            dates += 1
                        cells.append("".join(p.text or "" for p in c.iter("{%s}p" % X)))
                    rows.append(cells)
                if dates != v["rows_with_date_of_birth"]:
                    bad(key, "%d date cells, expected %d" % (dates, v["rows_with_date_of_birth"]))
            else:
                W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
                doc = parts["word/document.xml"]
                tbls = list(doc.iter("{%s}tbl" % W))
                if len(tbls) != 1:
                    bad(key, "%d w:tbl" % len(tbls))
                rows = [["".join(t.text or "" for t in tc.iter("{%s}t" % W))
                         for tc in tr.findall("{%s}tc" % W)]
                        for tr in tbls[0].findall("{%s}tr" % W)]
        elif fmt in ("csv", "csv-1252"):
            if fmt == "csv":
                if not data.startswith(b"\xef\xbb\xbf"):
                    bad(key, "no UTF-8 byte order mark")
                text = data[3:].decode("utf-8")
            else:
                text = data.decode("cp1252")
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        elif fmt == "html":
            p = Cells()
            p.feed(data.decode("utf-8"))
            rows = p.rows
        n_rows = len([r for r in rows if any(c.strip() for c in r)])
        if n_rows != v["table_rows"]:
            bad(key, "%d table rows, expected %d" % (n_rows, v["table_rows"]))
        flat = "\n".join(";".join(r) for r in rows)
        for r in v["rows"]:
            if r.get("iban") and not iban_valid(r["iban"]):
                bad(key, "%s: invalid IBAN" % r["id"])
            if r.get("email") and r["email"] not in flat:
                bad(key, "%s: e-mail not in the table" % r["id"])
            probe = r.get("matricule") or r.get("email")
            if probe not in flat:
                bad(key, "%s: row not in the table" % r["id"])
        if fmt == "xlsx":
            try:
                import openpyxl  # noqa: only when installed; nothing is installed for it
            except ImportError:
                pass
            else:
                ws = openpyxl.load_workbook(io.BytesIO(data)).active
                if ws.max_row != v["table_rows"]:
                    bad(key, "openpyxl reads %d rows" % ws.max_row)
    return problems


ORGANISATION_XML = """<?xml version="1.0" encoding="UTF-8"?>
<!-- The invented organisation of tests/data/payroll/make_payroll.py. Fictitious. -->
<organisation>
  <controller>
    <name>{name}</name>
    <siren>{siren}</siren>
    <address>8 rue des Pradettes, 31100 Toulouse</address>
    <sector>Fabrication de pièces mécaniques (NAF 25.62B)</sector>
  </controller>
  <dpo>
    <name>Sylvie Marchand</name>
    <email>dpo@{domain}</email>
    <phone>+33 1 99 00 27 00</phone>
  </dpo>
  <domains>
    <domain>{domain}</domain>
  </domains>
  <signatory>
    <name>Olivier Peyrac</name>
    <title>Président</title>
  </signatory>
  <language>fr</language>
  <timezone>Europe/Paris</timezone>
</organisation>
"""


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--shape", default="payroll",
                    choices=["payroll", "candidates", "noheader", "all"])
    ap.add_argument("--rows", type=int, default=None,
                    help="persons in the table (default: payroll 40, candidates 25, noheader 30)")
    ap.add_argument("--seed", type=int, default=20251028)
    ap.add_argument("--format", default=",".join(PAYROLL_FORMATS),
                    help="payroll variants, comma-separated (default: %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="then read every .eml back and check its attachment (exit 1 if wrong)")
    args = ap.parse_args(argv[1:])
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    for f in formats:
        if f not in PAYROLL_FORMATS:
            ap.error("unknown format %r (one of %s)" % (f, ",".join(PAYROLL_FORMATS)))
    if args.rows is not None and args.rows < 1:
        ap.error("--rows must be at least 1")
    os.makedirs(args.out, exist_ok=True)
    shapes = ["payroll", "candidates", "noheader"] if args.shape == "all" else [args.shape]
    variants = {}
    for i, shape in enumerate(shapes):
        # One generator per shape, so that a shape's bytes do not depend on the others.
        rnd = random.Random("%d/%s" % (args.seed, shape))
        n = args.rows if args.rows is not None else DEFAULT_ROWS[shape]
        if shape == "payroll":
            v, _ = shape_payroll(rnd, n, formats, args.out)
        elif shape == "candidates":
            v = shape_candidates(rnd, n, args.out)
        else:
            v = shape_noheader(rnd, n, args.out)
        variants.update(v)
    with open(os.path.join(args.out, "organisation.xml"), "w", encoding="utf-8") as f:
        f.write(ORGANISATION_XML.format(name=ORG_NAME, siren=ORG_SIREN, domain=ORG_DOMAIN))
    expected = {
        "generator": "tests/data/payroll/make_payroll.py",
        "seed": args.seed,
        "shape": args.shape,
        "organisation": {"name": ORG_NAME, "domains": [ORG_DOMAIN],
                         "profile": "organisation.xml"},
        "cnil_categories": CNIL,
        "note": ("Synthetic data. 'persons' counts table rows that are persons (the header and "
                 "the Total row are not). Staff in the headers (the sender) are not affected "
                 "as senders, but a staff member listed in the table is a row like any other. "
                 "The single outside recipient sees only their own address: not affected."),
        "variants": variants,
    }
    with open(os.path.join(args.out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    for key in sorted(variants):
        print("%s: %d persons" % (variants[key]["file"], variants[key]["persons"]))
    if args.check:
        problems = check_output(args.out)
        for p in problems:
            print("check: " + p, file=sys.stderr)
        if problems:
            return 1
        print("check: every attachment opens and holds its rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
