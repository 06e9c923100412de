#include "core/persons/table_rows.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "core/detect/detector.h"
#include "core/detect/text_util.h"

namespace breachkit {
namespace {

int Mod(std::string_view digits, int m) {
  int r = 0;
  for (char c : digits) r = (r * 10 + (c - '0')) % m;
  return r;
}

// A valid French IBAN (RIB key and mod-97 check digits computed) for a synthetic account of
// bank 30006, branch 00001.
std::string FrIban(int64_t account) {
  const std::string bank = "30006", branch = "00001";
  const std::string acc = fmt::format("{:011}", account);
  const int key = 97 - (89 * Mod(bank, 97) + 15 * Mod(branch, 97) + 3 * Mod(acc, 97)) % 97;
  const std::string bban = bank + branch + acc + fmt::format("{:02}", key);
  const int check = 98 - Mod(bban + "152700", 97);  // "FR00": F = 15, R = 27
  return fmt::format("FR{:02}{}", check, bban);
}

// "FR76 3000 6000 ..." as people write it.
std::string Grouped(std::string_view compact) {
  std::string out;
  for (size_t i = 0; i < compact.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(compact[i]);
  }
  return out;
}

Table TableOf(std::vector<std::vector<std::string>> rows) {
  Table t;
  for (size_t i = 0; i < rows.size(); ++i) t.row_numbers.push_back(static_cast<int64_t>(i) + 1);
  t.rows = std::move(rows);
  return t;
}

std::vector<const Finding*> Of(const RowPerson& p, DataCategory c) {
  std::vector<const Finding*> out;
  for (const Finding& f : p.findings) {
    if (f.category == c) out.push_back(&f);
  }
  return out;
}

std::string ValueOf(const RowPerson& p, DataCategory c) {
  const auto found = Of(p, c);
  return found.size() == 1 ? found[0]->value : "<" + std::to_string(found.size()) + " findings>";
}

TEST(TableRowsTest, TheTestIbansAreValid) {
  EXPECT_EQ(FrIban(12345678901), "FR7630006000011234567890189");
}

TEST(TableRows, ReadsAFrenchPayrollEachRowItsOwnPerson) {
  const Table t = TableOf({
      {"Paie de mars 2024"},  // a title above the header
      {"Nom", "Prénom", "Courriel", "IBAN", "Salaire brut", "Date de naissance"},
      {"Dupont", "Jean", "Jean.Dupont@Exemple.FR", Grouped(FrIban(11)), "3 120,50 €", "12/05/1985"},
      {"Martin", "Claire", "", FrIban(22), "2 450,00", "1990-01-31"},
      {"Nguyễn", "Thị Hoa", "hoa.nguyen@exemple.fr", Grouped(FrIban(33)), "4.010,75", "03/11/78"},
      {"Lefèvre", "Zoé", "", FrIban(44), "1850", "29/02/2000"},
      {"Bernard", "Luc", "luc.b@exemple.fr", FrIban(55), "2\u202f980,00", "7/3/1969"},
  });
  const TableReading r = ReadTablePersons(t);
  EXPECT_TRUE(r.has_header);
  EXPECT_EQ(r.header_row, 1);
  ASSERT_EQ(r.columns.size(), 6u);
  EXPECT_EQ(r.columns[0], ColumnKind::kLastName);
  EXPECT_EQ(r.columns[1], ColumnKind::kFirstName);
  EXPECT_EQ(r.columns[2], ColumnKind::kEmail);
  EXPECT_EQ(r.columns[3], ColumnKind::kIban);
  EXPECT_EQ(r.columns[4], ColumnKind::kSalary);
  EXPECT_EQ(r.columns[5], ColumnKind::kBirthDate);
  ASSERT_EQ(r.persons.size(), 5u);
  EXPECT_EQ(r.rows_without_person, 0);

  struct Expected {
    int64_t row;
    std::string name, email, iban, salary, birth;
  };
  const std::vector<Expected> want = {
      {3, "Jean Dupont", "jean.dupont@exemple.fr", FrIban(11), "3120.50", "1985-05-12"},
      {4, "Claire Martin", "", FrIban(22), "2450.00", "1990-01-31"},
      {5, "Thị Hoa Nguyễn", "hoa.nguyen@exemple.fr", FrIban(33), "4010.75", "1978-11-03"},
      {6, "Zoé Lefèvre", "", FrIban(44), "1850.00", "2000-02-29"},
      {7, "Luc Bernard", "luc.b@exemple.fr", FrIban(55), "2980.00", "1969-03-07"},
  };
  for (size_t i = 0; i < want.size(); ++i) {
    const RowPerson& p = r.persons[i];
    SCOPED_TRACE(want[i].name);
    EXPECT_EQ(p.row_number, want[i].row);
    EXPECT_EQ(p.name, want[i].name);
    EXPECT_EQ(p.email, want[i].email);
    EXPECT_EQ(ValueOf(p, DataCategory::kIban), want[i].iban);
    EXPECT_EQ(ValueOf(p, DataCategory::kSalary), want[i].salary);
    EXPECT_EQ(ValueOf(p, DataCategory::kDateOfBirth), want[i].birth);
    EXPECT_EQ(Of(p, DataCategory::kEmail).size(), want[i].email.empty() ? 0u : 1u);
    ASSERT_EQ(Of(p, DataCategory::kPersonName).size(), 1u);
    EXPECT_EQ(Of(p, DataCategory::kPersonName)[0]->detector, "table.name");
    EXPECT_EQ(p.findings.size(), p.columns.size());
    // Nothing of another row: every value is one of this row's.
    const std::set<std::string> mine = {want[i].email, want[i].iban, want[i].salary, want[i].birth};
    for (const Finding& f : p.findings) {
      if (f.category == DataCategory::kPersonName) continue;
      EXPECT_TRUE(mine.contains(f.value)) << InfoOf(f.category).name << " " << f.value;
    }
  }
  // The span is within the cell: the IBAN cell of the first row, written in groups.
  const auto iban = Of(r.persons[0], DataCategory::kIban);
  ASSERT_EQ(iban.size(), 1u);
  EXPECT_EQ(iban[0]->begin, 0u);
  EXPECT_EQ(iban[0]->end, Grouped(FrIban(11)).size());
  EXPECT_EQ(iban[0]->detector, "table.iban");
  EXPECT_EQ(Of(r.persons[0], DataCategory::kPersonName)[0]->value, "jean dupont");
}

TEST(TableRows, ReadsEnglishHeaders) {
  const Table t = TableOf({
      {"Employee ID", "First name", "Last name", "E-mail address", "Mobile", "Gross pay",
       "Date of birth", "Job title", "Performance rating"},
      {"E-0042", "Ann", "Smith", "ann.smith@example.com", "06 39 98 12 78", "3,120.50",
       "1985-05-12", "Accountant", "Exceeds expectations"},
      {"E-0043", "Bob", "Jones", "", "", "2,000", "31/12/1970", "Clerk", "Meets"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_TRUE(r.has_header);
  EXPECT_EQ(r.columns[0], ColumnKind::kEmployeeNumber);
  EXPECT_EQ(r.columns[4], ColumnKind::kPhone);
  EXPECT_EQ(r.columns[7], ColumnKind::kJobTitle);
  EXPECT_EQ(r.columns[8], ColumnKind::kEvaluation);
  ASSERT_EQ(r.persons.size(), 2u);
  const RowPerson& ann = r.persons[0];
  EXPECT_EQ(ann.name, "Ann Smith");
  EXPECT_EQ(ann.email, "ann.smith@example.com");
  EXPECT_EQ(ValueOf(ann, DataCategory::kPhone), "+33639981278");
  EXPECT_EQ(ValueOf(ann, DataCategory::kSalary), "3120.50");
  EXPECT_EQ(ValueOf(ann, DataCategory::kEmployeeNumber), "E0042");
  EXPECT_EQ(ValueOf(ann, DataCategory::kJobTitle), "accountant");
  EXPECT_EQ(ValueOf(ann, DataCategory::kEvaluation), "exceeds expectations");
  const RowPerson& bob = r.persons[1];
  EXPECT_EQ(bob.name, "Bob Jones");
  EXPECT_EQ(bob.email, "");
  EXPECT_TRUE(Of(bob, DataCategory::kPhone).empty());
  EXPECT_EQ(ValueOf(bob, DataCategory::kSalary), "2000.00");
  EXPECT_EQ(ValueOf(bob, DataCategory::kDateOfBirth), "1970-12-31");
}

// A bare "Name" is the given name beside "Surname" (English), the surname beside "Vorname"
// (German) or "Prénom"; a German payroll's headers are read (they gave no name and no salary).
TEST(TableRows, ABareNameColumnIsReadByTheNameColumnBesideIt) {
  const Table english = TableOf({
      {"Name", "Surname", "Mobile", "Gross salary"},
      {"Nathan", "Bernard", "06 39 98 12 78", "3,120.50"},
  });
  TableReading r = ReadTablePersons(english);
  ASSERT_EQ(r.persons.size(), 1u);
  EXPECT_EQ(r.columns[0], ColumnKind::kFirstName);
  EXPECT_EQ(r.persons[0].name, "Nathan Bernard");
  const Table german = TableOf({
      {"Name", "Vorname", "Telefon", "Bruttogehalt", "Geburtsdatum", "PLZ", "Ort"},
      {"Bernard", "Nathan", "06 39 98 12 78", "3.120,50", "12.05.1985", "31000", "Toulouse"},
  });
  r = ReadTablePersons(german);
  ASSERT_EQ(r.persons.size(), 1u);
  EXPECT_EQ(r.columns[0], ColumnKind::kLastName);
  EXPECT_EQ(r.columns[2], ColumnKind::kPhone);
  EXPECT_EQ(r.columns[3], ColumnKind::kSalary);
  EXPECT_EQ(r.columns[4], ColumnKind::kBirthDate);
  EXPECT_EQ(r.columns[5], ColumnKind::kPostalCode);
  EXPECT_EQ(r.columns[6], ColumnKind::kCity);
  EXPECT_EQ(r.persons[0].name, "Nathan Bernard");
  EXPECT_EQ(ValueOf(r.persons[0], DataCategory::kSalary), "3120.50");
  const Table german_full = TableOf({
      {"Nachname", "Vorname", "E-Mail", "Bruttogehalt"},
      {"Bernard", "Nathan", "nathan.bernard@example.de", "3.120,50"},
  });
  r = ReadTablePersons(german_full);
  ASSERT_EQ(r.persons.size(), 1u);
  EXPECT_EQ(r.persons[0].name, "Nathan Bernard");
  // Alone, "Name" is the whole name.
  const Table alone = TableOf({{"Name", "Mobile"}, {"Nathan Bernard", "06 39 98 12 78"}});
  r = ReadTablePersons(alone);
  ASSERT_EQ(r.persons.size(), 1u);
  EXPECT_EQ(r.columns[0], ColumnKind::kFullName);
  EXPECT_EQ(r.persons[0].name, "Nathan Bernard");
}

// A column of phone numbers typed as numbers by a spreadsheet lost its trunk 0: nine
// digits under a phone's header are a French number; not under another header.
TEST(TableRows, APhoneColumnTypedAsNumbersIsReadWithItsTrunkZero) {
  const Table t = TableOf({
      {"Nom", "Prénom", "Tél portable", "Matricule"},
      {"Durand", "Léa", "639981278", "639981278"},
      {"Petit", "Marc", "0639981279", "12"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 2u);
  EXPECT_EQ(ValueOf(r.persons[0], DataCategory::kPhone), "+33639981278");
  EXPECT_EQ(Of(r.persons[0], DataCategory::kPhone).size(), 1u);  // not the staff number
  EXPECT_EQ(ValueOf(r.persons[1], DataCategory::kPhone), "+33639981279");
}

TEST(TableRowsHeader, FoldsCaseAccentsAndPunctuation) {
  for (const char* h : {"Prénom", "PRENOM", "prénom", "PRÉNOM", "Pre\u0301nom",
                        " prénom : ", "First name", "FIRST-NAME", "Given name"}) {
    EXPECT_EQ(ClassifyHeader(h), ColumnKind::kFirstName) << h;
  }
  struct Case {
    const char* header;
    ColumnKind kind;
  };
  const Case cases[] = {
      {"Nom", ColumnKind::kLastName},
      {"NOM DE FAMILLE", ColumnKind::kLastName},
      {"Surname", ColumnKind::kLastName},
      {"Nom complet", ColumnKind::kFullName},
      {"Nom et prénom", ColumnKind::kFullName},
      {"Name", ColumnKind::kFullName},
      {"Salarié", ColumnKind::kFullName},
      {"Candidat", ColumnKind::kFullName},
      {"E-mail", ColumnKind::kEmail},
      {"Adresse e-mail", ColumnKind::kEmail},
      {"Courriel", ColumnKind::kEmail},
      {"Tél.", ColumnKind::kPhone},
      {"Téléphone portable", ColumnKind::kPhone},
      {"RIB", ColumnKind::kIban},
      {"Coordonnées bancaires", ColumnKind::kIban},
      {"Salaire net", ColumnKind::kSalary},
      {"Rémunération", ColumnKind::kSalary},
      {"Brut mensuel", ColumnKind::kSalary},
      {"Net à payer", ColumnKind::kSalary},
      {"Gross pay", ColumnKind::kSalary},
      {"Né(e) le", ColumnKind::kBirthDate},
      {"DOB", ColumnKind::kBirthDate},
      {"Lieu de naissance", ColumnKind::kUnknown},
      {"Adresse postale", ColumnKind::kPostalAddress},
      {"Adresse IP", ColumnKind::kUnknown},
      {"Code postal", ColumnKind::kPostalCode},
      {"CP", ColumnKind::kPostalCode},
      {"Ville", ColumnKind::kCity},
      {"N° SS", ColumnKind::kNir},
      {"Numéro de sécurité sociale", ColumnKind::kNir},
      {"Matricule", ColumnKind::kEmployeeNumber},
      {"N° salarié", ColumnKind::kEmployeeNumber},
      {"ID salarié", ColumnKind::kEmployeeNumber},
      {"Intitulé du poste", ColumnKind::kJobTitle},
      {"Fonction", ColumnKind::kJobTitle},
      {"Évaluation", ColumnKind::kEvaluation},
      {"Appréciation", ColumnKind::kEvaluation},
      {"Note", ColumnKind::kEvaluation},
      {"Arrêt maladie", ColumnKind::kHealth},
      {"Motif d'absence", ColumnKind::kHealth},
      {"Nom de la société", ColumnKind::kUnknown},
      {"E-mail du manager", ColumnKind::kUnknown},
      {"Remarque", ColumnKind::kUnknown},
      {"jean.dupont@exemple.fr", ColumnKind::kUnknown},
      {"", ColumnKind::kUnknown},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ClassifyHeader(c.header), c.kind)
        << c.header << " → " << ColumnKindName(ClassifyHeader(c.header));
  }
  EXPECT_EQ(ClassifyHeader(std::string(200, 'n')), ColumnKind::kUnknown);
}

TEST(TableRows, ReadsATableWithoutHeaderByItsValues) {
  const Table t = TableOf({
      {"Jean Dupont", FrIban(11), "jean.dupont@exemple.fr", "Paris"},
      {"Claire Martin", Grouped(FrIban(22)), "claire.martin@exemple.fr", "Lyon"},
      {"Luc Bernard", FrIban(33), "luc@exemple.fr", "Nantes"},
  });
  const TableReading r = ReadTablePersons(t);
  EXPECT_FALSE(r.has_header);
  EXPECT_EQ(r.header_row, -1);
  ASSERT_EQ(r.columns.size(), 4u);
  EXPECT_EQ(r.columns[0], ColumnKind::kFullName);
  EXPECT_EQ(r.columns[1], ColumnKind::kIban);
  EXPECT_EQ(r.columns[2], ColumnKind::kEmail);
  EXPECT_EQ(r.columns[3], ColumnKind::kUnknown);  // one word: not taken for a name
  ASSERT_EQ(r.persons.size(), 3u);
  EXPECT_EQ(r.persons[1].name, "Claire Martin");
  EXPECT_EQ(r.persons[1].email, "claire.martin@exemple.fr");
  EXPECT_EQ(ValueOf(r.persons[1], DataCategory::kIban), FrIban(22));
  EXPECT_EQ(r.persons[1].row_number, 2);
}

TEST(TableRows, NamesAloneWithoutIdentifiersAreNotTakenForPersons) {
  const Table t = TableOf({
      {"Saint Denis", "Seine Saint Denis"},
      {"Le Mans", "Sarthe"},
      {"La Rochelle", "Charente Maritime"},
  });
  const TableReading r = ReadTablePersons(t);
  EXPECT_EQ(r.columns[0], ColumnKind::kUnknown);
  EXPECT_TRUE(r.persons.empty());
  EXPECT_EQ(r.rows_without_person, 3);
}

TEST(TableRows, AnIbanThatFailsItsCheckIsNoIban) {
  std::string bad = FrIban(11);
  bad[3] = bad[3] == '9' ? '0' : static_cast<char>(bad[3] + 1);  // check digits off by one
  const Table t = TableOf({
      {"Nom", "Prénom", "IBAN", "Salaire"},
      {"Dupont", "Jean", bad, "3000"},
      {"Martin", "Claire", "pas d'IBAN", "2500"},
      {"Bernard", "Luc", FrIban(33), "2800"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 3u);  // a name and a salary still make a person
  EXPECT_TRUE(Of(r.persons[0], DataCategory::kIban).empty());
  EXPECT_TRUE(Of(r.persons[1], DataCategory::kIban).empty());
  EXPECT_EQ(ValueOf(r.persons[2], DataCategory::kIban), FrIban(33));
  ASSERT_EQ(r.rejected.size(), 4u);
  EXPECT_EQ(r.rejected[2], 2);
  EXPECT_EQ(r.rejected[3], 0);
}

// An IBAN whose mod 97 holds but whose RIB key does not is a near miss in prose; in a table it
// stays what it was: a value that failed its check, rejected in an IBAN column, nothing in
// another, never the identifier that makes a row a person.
TEST(TableRows, AnIbanWhoseRibKeyFailsIsRejectedNotANearMissOfTheRow) {
  const std::string near = "FR0630006000011234567890188";  // RIB key 88 for 89, mod 97 holds
  ASSERT_FALSE(IbanValid(near));
  std::vector<Finding> prose;
  DetectIbans(near, &prose);
  ASSERT_EQ(prose.size(), 1u);
  ASSERT_TRUE(IsNearMiss(prose[0]));
  const Table t = TableOf({
      {"Nom", "Prénom", "IBAN", "Remarque"},
      {"Dupont", "Jean", near, "-"},
      {"Martin", "Claire", FrIban(33), "virement sur " + Grouped(near)},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 1u);  // Jean Dupont has a name and nothing else
  EXPECT_EQ(r.rows_without_person, 1);
  EXPECT_EQ(r.rejected[2], 1);
  EXPECT_EQ(ValueOf(r.persons[0], DataCategory::kIban), FrIban(33));
  for (const Finding& f : r.persons[0].findings) EXPECT_FALSE(IsNearMiss(f)) << f.value;
}

// A health remark in a row needs no pronoun: the row is the person it is about.
TEST(TableRows, AnArt9TermInACellIsAboutTheRowsPerson) {
  const Table t = TableOf({
      {"Nom", "Prénom", "IBAN", "Remarque"},
      {"Dupont", "Jean", FrIban(11), "diabète, prévoir pauses"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 1u);
  const auto health = Of(r.persons[0], DataCategory::kHealth);
  ASSERT_EQ(health.size(), 1u);
  EXPECT_EQ(std::string(health[0]->validation), "review");
  EXPECT_EQ(health[0]->confidence, 0.7);
  // In prose the same words are about no one.
  std::vector<Finding> prose;
  DetectSpecialCategories("diabète, prévoir pauses", &prose);
  ASSERT_EQ(prose.size(), 1u);
  EXPECT_TRUE(IsNearMiss(prose[0]));
}

TEST(TableRows, EmptyAndTotalsRowsAreNoOne) {
  Table t = TableOf({
      {"Nom", "Prénom", "Courriel", "IBAN", "Salaire brut"},
      {"Dupont", "Jean", "jean@exemple.fr", FrIban(11), "3 000,00"},
      {"", "", "", "", ""},
      {"Total", "", "", "", "125 000,00"},
      {"Sous-total", "", "", "", "3 000,00"},
      {"", "", "", "", "125 000,00"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 1u);
  EXPECT_EQ(r.persons[0].name, "Jean Dupont");
  EXPECT_EQ(r.rows_without_person, 4);
}

// "Somme", "Moyenne" and "Sum" are surnames as well as totals labels: the row's shape tells
// them apart. A label with a first name beside it, or with an address or an IBAN, is a
// person; a label alone in the name columns ("TOTAL GÉNÉRAL", "Moyenne", "Total" | "Général")
// with amounts only is no one.
TEST(TableRows, ASurnameThatIsATotalsWordIsAPersonATotalsRowIsNot) {
  const Table t = TableOf({
      {"Nom", "Prénom", "Courriel", "IBAN", "Salaire brut"},
      {"Somme", "Claire", "claire.somme@exemple.fr", FrIban(11), "3 000,00"},
      {"Moyenne", "Paul", "", "", "2 500,00"},
      {"SUM", "", "", FrIban(22), ""},
      {"TOTAL GÉNÉRAL", "", "", "", "125 000,00"},
      {"Moyenne", "", "", "", "2 750,00"},
      {"Total", "Général", "", "", "125 000,00"},
      {"Sous-total service 2", "", "", "", "5 500,00"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 3u);
  EXPECT_EQ(r.persons[0].name, "Claire Somme");
  EXPECT_EQ(r.persons[0].email, "claire.somme@exemple.fr");
  EXPECT_EQ(ValueOf(r.persons[0], DataCategory::kIban), FrIban(11));
  EXPECT_EQ(r.persons[1].name, "Paul Moyenne");
  EXPECT_EQ(ValueOf(r.persons[1], DataCategory::kSalary), "2500.00");
  EXPECT_EQ(r.persons[2].name, "SUM");
  EXPECT_EQ(r.rows_without_person, 4);
}

// In a single name column too: "Somme Claire" is a name, "Total des salaires" a label.
TEST(TableRows, AFullNameColumnTellsASurnameFromATotalsLabel) {
  const Table t = TableOf({
      {"Nom et prénom", "E-mail", "Salaire"},
      {"Somme Claire", "claire.somme@exemple.fr", "3 000,00"},
      {"Moyenne Paul", "", "2 500,00"},
      {"Total des salaires", "", "5 500,00"},
      {"Grand total", "", "5 500,00"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 2u);
  EXPECT_EQ(r.persons[0].name, "Somme Claire");
  EXPECT_EQ(r.persons[1].name, "Moyenne Paul");
  EXPECT_EQ(r.rows_without_person, 2);
}

TEST(TableRows, AStrongIdentifierAloneMakesAPersonANameAloneDoesNot) {
  const Table t = TableOf({
      {"Nom", "Prénom", "Téléphone", "Service"},
      {"", "", "06 39 98 12 78", "Compta"},
      {"Durand", "Paul", "", "Compta"},
      {"Petit", "Anne", "pas de numéro", ""},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 1u);
  EXPECT_EQ(r.persons[0].name, "");
  EXPECT_EQ(ValueOf(r.persons[0], DataCategory::kPhone), "+33639981278");
  EXPECT_EQ(r.rows_without_person, 2);
  EXPECT_EQ(r.rejected[2], 1);
}

TEST(TableRows, UnknownColumnsAreScannedButAnotherPartysAreNot) {
  const Table t = TableOf({
      {"Nom", "Prénom", "Remarque", "E-mail du manager"},
      {"Dupont", "Jean", "virement sur " + Grouped(FrIban(11)), "chef@exemple.fr"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 1u);
  const RowPerson& p = r.persons[0];
  EXPECT_EQ(ValueOf(p, DataCategory::kIban), FrIban(11));
  EXPECT_TRUE(Of(p, DataCategory::kEmail).empty());
  EXPECT_EQ(p.email, "");
  for (size_t i = 0; i < p.findings.size(); ++i) {
    if (p.findings[i].category == DataCategory::kIban) {
      EXPECT_EQ(p.columns[i], 2);
      EXPECT_EQ(p.findings[i].begin, std::string_view("virement sur ").size());
    }
  }
}

TEST(TableRows, AHealthColumnCountsOnlyWhenItSaysSomething) {
  const Table t = TableOf({
      {"Nom", "Prénom", "Arrêt maladie"},
      {"Dupont", "Jean", "Oui, 12 jours (dépression)"},
      {"Martin", "Claire", "non"},
      {"Bernard", "Luc", "-"},
      {"Petit", "Anne", "0"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 1u);
  const auto health = Of(r.persons[0], DataCategory::kHealth);
  ASSERT_EQ(health.size(), 1u);
  // The value is the column's term, not what the cell says.
  EXPECT_EQ(health[0]->value, "arret maladie");
  EXPECT_EQ(MaskedPreview(*health[0]).find("dépression"), std::string::npos);
  EXPECT_EQ(r.rows_without_person, 3);
}

// A patient list's treatment is health data; a civil servant's "Traitement brut" is a salary.
TEST(TableRows, APatientsTreatmentIsHealthAndACivilServantsIsPay) {
  const Table patients = TableOf({
      {"Nom", "Prénom", "Traitement", "Téléphone"},
      {"Dupont", "Jean", "Metformine 1000 mg", "06 12 34 56 78"},
  });
  const TableReading r = ReadTablePersons(patients);
  ASSERT_EQ(r.persons.size(), 1u);
  ASSERT_EQ(Of(r.persons[0], DataCategory::kHealth).size(), 1u);
  EXPECT_EQ(Of(r.persons[0], DataCategory::kHealth)[0]->value, "traitement");
  const Table pay = TableOf({
      {"Nom", "Prénom", "Traitement brut"},
      {"Dupont", "Jean", "2 345,67"},
  });
  const TableReading p = ReadTablePersons(pay);
  ASSERT_EQ(p.persons.size(), 1u);
  EXPECT_TRUE(Of(p.persons[0], DataCategory::kHealth).empty());
  EXPECT_EQ(Of(p.persons[0], DataCategory::kSalary).size(), 1u);
}

// A list of patients' appointments tells each row's care in its "Spécialité" and "Motif"
// (helper-63's clinic planning: 10 of 13 patients had no health item, and were told the
// risk was low); the same columns in a staff list are no one's health.
TEST(TableRows, APatientListsSpecialityAndReasonAreHealth) {
  const Table planning = TableOf({
      {"Nom", "Prénom", "Téléphone", "Date RDV", "Spécialité", "Praticien", "Motif"},
      {"Dupont", "Jean", "06 12 34 56 78", "10/03/2025", "Addictologie", "Dr P. Martin", "Suivi"},
      {"Durand", "Lucie", "06 12 34 56 79", "10/03/2025", "Cardiologie", "Dr F. Morel", ""},
  });
  const TableReading r = ReadTablePersons(planning);
  ASSERT_EQ(r.persons.size(), 2u);
  std::set<std::string> terms;
  for (const Finding* f : Of(r.persons[0], DataCategory::kHealth)) terms.insert(f->value);
  EXPECT_EQ(terms, (std::set<std::string>{"specialite", "motif"}));
  EXPECT_EQ(Of(r.persons[1], DataCategory::kHealth).size(), 1u);  // an empty reason tells nothing
  // A garage's appointments: no patient, no practitioner, no health (helper-64).
  const Table garage = TableOf({
      {"Nom", "Prénom", "Téléphone", "Date RDV", "Motif", "Service"},
      {"Dupont", "Jean", "06 12 34 56 78", "10/03/2025", "Vidange", "Atelier"},
  });
  const TableReading g = ReadTablePersons(garage);
  ASSERT_EQ(g.persons.size(), 1u);
  EXPECT_TRUE(Of(g.persons[0], DataCategory::kHealth).empty());
  // In a patient list they are to confirm, not certain.
  EXPECT_EQ(Of(r.persons[0], DataCategory::kHealth)[0]->validation, "review");
  const Table staff = TableOf({
      {"Nom", "Prénom", "Téléphone", "Service", "Spécialité", "Motif"},
      {"Dupont", "Jean", "06 12 34 56 78", "Comptabilité", "Paie", "Mutation"},
  });
  const TableReading s = ReadTablePersons(staff);
  ASSERT_EQ(s.persons.size(), 1u);
  EXPECT_TRUE(Of(s.persons[0], DataCategory::kHealth).empty());
}

// A class list: a child per row, and their parent's name, address and mobile in columns of
// the parent. The parent is a person of the row too, with their own data; the child keeps
// none of them, and knows the parent's address (helper-62's school: the parents' mobiles
// were the director's, and the children had no contact).
TEST(TableRows, AParentsColumnsAreTheParentsAndTheChildsContact) {
  const Table list = TableOf({
      {"Nom", "Prénom", "Date de naissance", "Nom du père", "Courriel du père", "Portable du père",
       "Nom de la mère", "Téléphone de la mère"},
      {"Bernard", "Emma", "15/03/2015", "Arnaud Bernard", "bernard.arnaud@orange.example",
       "06 39 98 35 12", "Julie Bernard", "06 39 98 35 13"},
      {"Petit", "Léo", "02/04/2015", "", "", "", "", ""},
  });
  const TableReading r = ReadTablePersons(list);
  ASSERT_EQ(r.persons.size(), 4u);
  const RowPerson& child = r.persons[0];
  EXPECT_FALSE(child.guardian);
  EXPECT_EQ(child.name, "Emma Bernard");
  EXPECT_TRUE(child.email.empty());
  EXPECT_EQ(child.guardian_email, "bernard.arnaud@orange.example");
  EXPECT_TRUE(Of(child, DataCategory::kPhone).empty());
  // The father and the mother are two persons, each with their own data (helper-64: one
  // guardian held both parents' numbers and the mother's address).
  const RowPerson& father = r.persons[1];
  EXPECT_TRUE(father.guardian);
  EXPECT_EQ(father.row_number, child.row_number);
  EXPECT_EQ(father.name, "Arnaud Bernard");
  EXPECT_EQ(father.email, "bernard.arnaud@orange.example");
  ASSERT_EQ(Of(father, DataCategory::kPhone).size(), 1u);
  EXPECT_EQ(Of(father, DataCategory::kPhone)[0]->value, "+33639983512");
  const RowPerson& mother = r.persons[2];
  EXPECT_TRUE(mother.guardian);
  EXPECT_EQ(mother.name, "Julie Bernard");
  EXPECT_TRUE(mother.email.empty());
  ASSERT_EQ(Of(mother, DataCategory::kPhone).size(), 1u);
  EXPECT_EQ(Of(mother, DataCategory::kPhone)[0]->value, "+33639983513");
  // A row without its parents' data: the child alone.
  EXPECT_EQ(r.persons[3].name, "Léo Petit");
  EXPECT_TRUE(r.persons[3].guardian_email.empty());
  // One guardian's two numbered phones are one guardian's (helper-66: two nameless persons).
  const Table phones = TableOf({
      {"Nom", "Prénom", "Date de naissance", "Nom du responsable", "Tél. 1 du responsable",
       "Tél. 2 du responsable"},
      {"Bernard", "Emma", "15/03/2015", "Arnaud Bernard", "06 39 98 35 12", "06 39 98 35 13"},
  });
  const TableReading t = ReadTablePersons(phones);
  ASSERT_EQ(t.persons.size(), 2u);
  EXPECT_EQ(t.persons[1].name, "Arnaud Bernard");
  EXPECT_EQ(Of(t.persons[1], DataCategory::kPhone).size(), 2u);
}

// A sports licence's "Certificat médical" column holds the certificate's date: no health
// datum (helper-67: every player of a club's list had one); what a certificate says is.
TEST(TableRows, ACertificatesDateIsNoHealthDatumItsRemarkIs) {
  const Table licences = TableOf({
      {"Nom", "Prénom", "Téléphone", "Certificat médical"},
      {"Dupont", "Jean", "06 12 34 56 78", "12/09/2025"},
      {"Durand", "Lucie", "06 12 34 56 79", "contre-indication asthme"},
  });
  const TableReading r = ReadTablePersons(licences);
  ASSERT_EQ(r.persons.size(), 2u);
  EXPECT_TRUE(Of(r.persons[0], DataCategory::kHealth).empty());
  EXPECT_EQ(Of(r.persons[1], DataCategory::kHealth).size(), 1u);
}

// An employee's row with their child's birth date: the date is the child's, not the
// employee's (helper-64: an employee of a health insurer's dependents list was a minor);
// a list whose names are the child's is the child's.
TEST(TableRows, ARelativesBirthDateIsNotTheRowsPersons) {
  const Table dependents = TableOf({
      {"Nom", "Prénom", "Courriel", "Date de naissance enfant"},
      {"Roux", "Paul", "paul.roux@atelier.example", "02/02/2016"},
  });
  const TableReading d = ReadTablePersons(dependents);
  ASSERT_EQ(d.persons.size(), 1u);
  EXPECT_TRUE(Of(d.persons[0], DataCategory::kDateOfBirth).empty());
  // The child's names beside the employee's own: still the child's date (helper-66).
  const Table mixed = TableOf({
      {"Nom", "Prénom", "Courriel", "Nom enfant", "Prénom enfant", "Date de naissance enfant"},
      {"Roux", "Paul", "paul.roux@atelier.example", "Roux", "Léa", "02/02/2016"},
  });
  const TableReading m = ReadTablePersons(mixed);
  ASSERT_FALSE(m.persons.empty());
  EXPECT_EQ(m.persons[0].name, "Paul Roux");
  EXPECT_TRUE(Of(m.persons[0], DataCategory::kDateOfBirth).empty());
  const Table children = TableOf({
      {"Nom de l'enfant", "Prénom de l'enfant", "Date de naissance de l'enfant", "Classe"},
      {"Roux", "Léa", "02/02/2016", "CE2"},
  });
  const TableReading c = ReadTablePersons(children);
  ASSERT_EQ(c.persons.size(), 1u);
  EXPECT_EQ(Of(c.persons[0], DataCategory::kDateOfBirth).size(), 1u);
}

TEST(TableRows, ACellListsRelativesByNameAndBirthDate) {
  const std::string spouse = "Thierry LAMBERT, né le 08/11/1989";
  auto r = RelativesOfCell(spouse);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].name, "Thierry LAMBERT");
  EXPECT_EQ(r[0].born, "1989-11-08");
  EXPECT_EQ(spouse.substr(r[0].born_begin, r[0].born_end - r[0].born_begin), "08/11/1989");
  const std::string children = "Lucas (03/06/2013) ; Emma (19/09/2017)\nLéa-Rose 2020-02-02";
  r = RelativesOfCell(children);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].name, "Lucas");
  EXPECT_EQ(r[0].born, "2013-06-03");
  EXPECT_EQ(r[1].name, "Emma");
  EXPECT_EQ(children.substr(r[1].name_begin, r[1].name_end - r[1].name_begin), "Emma");
  EXPECT_EQ(r[2].name, "Léa-Rose");
  EXPECT_EQ(r[2].born, "2020-02-02");
  // No one: a dash, a placeholder, a date alone, a remark.
  for (const char* none : {"—", "Néant", "Sans objet", "10/11", "sortie prévue 10/11"}) {
    for (const CellRelative& c : RelativesOfCell(none)) {
      EXPECT_TRUE(c.born.empty() && c.name.find(' ') == std::string::npos) << none;
    }
  }
}

// A CCAS's table of households: the spouse and the children of each row are persons of that
// row, a child bearing the row's family name and having the row's person as guardian; the
// row's person gets none of their data (helper-68: 34 relatives were no one, 0 minors).
TEST(TableRows, AHouseholdsSpouseAndChildrenArePersonsOfTheRow) {
  const Table t = TableOf({
      {"Nom", "Prénom", "Date de naissance", "Courriel", "Conjoint(e)",
       "Enfants (prénom, date de naissance)"},
      {"MOREL", "Sandrine", "14/02/1988", "sandrine.morel@free.example",
       "David MOREL, né le 21/05/1985", "Lucas (03/06/2013) ; Emma (19/09/2017)"},
      {"BLANC", "Julie", "02/03/1990", "julie.blanc@free.example", "—", "Néant"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 5u);
  EXPECT_EQ(r.persons[0].name, "Sandrine MOREL");
  EXPECT_FALSE(r.persons[0].relative);
  ASSERT_EQ(Of(r.persons[0], DataCategory::kDateOfBirth).size(), 1u);
  EXPECT_EQ(ValueOf(r.persons[0], DataCategory::kDateOfBirth), "1988-02-14");
  EXPECT_EQ(r.persons[1].name, "David MOREL");
  EXPECT_TRUE(r.persons[1].relative);
  EXPECT_EQ(ValueOf(r.persons[1], DataCategory::kDateOfBirth), "1985-05-21");
  // The row's address is any relative's contact while a minor (an adult's is their own).
  EXPECT_EQ(r.persons[1].guardian_email, "sandrine.morel@free.example");
  EXPECT_EQ(r.persons[2].name, "Lucas MOREL");
  EXPECT_EQ(ValueOf(r.persons[2], DataCategory::kPersonName), "lucas morel");
  EXPECT_EQ(r.persons[2].guardian_email, "sandrine.morel@free.example");
  EXPECT_EQ(r.persons[3].name, "Emma MOREL");
  EXPECT_EQ(ValueOf(r.persons[3], DataCategory::kDateOfBirth), "2017-09-19");
  EXPECT_EQ(r.persons[4].name, "Julie BLANC");
  EXPECT_EQ(r.persons[2].row_number, r.persons[0].row_number);
  // The separate columns of one child: the same.
  const Table columns = TableOf({
      {"Nom", "Prénom", "Courriel", "Prénom enfant", "Date de naissance enfant"},
      {"Roux", "Paul", "paul.roux@atelier.example", "Léa", "02/02/2016"},
  });
  const TableReading c = ReadTablePersons(columns);
  ASSERT_EQ(c.persons.size(), 2u);
  EXPECT_TRUE(Of(c.persons[0], DataCategory::kDateOfBirth).empty());
  EXPECT_EQ(c.persons[1].name, "Léa Roux");
  EXPECT_EQ(ValueOf(c.persons[1], DataCategory::kDateOfBirth), "2016-02-02");
  EXPECT_EQ(c.persons[1].guardian_email, "paul.roux@atelier.example");
  // Another datum of a relative is nobody's person: the row keeps its own phone.
  const Table phones = TableOf({
      {"Nom", "Prénom", "Téléphone", "Tél. conjoint"},
      {"Roux", "Paul", "06 39 98 35 12", "06 39 98 35 13"},
  });
  const TableReading ph = ReadTablePersons(phones);
  ASSERT_EQ(ph.persons.size(), 1u);
  EXPECT_EQ(Of(ph.persons[0], DataCategory::kPhone).size(), 1u);
}

// helper-70's review: a '×' in a cell looped forever; a school's "Nom | Prénom de l'enfant"
// lost the child's given name; a full name written surname first gave a child the given
// name as family name; numbered and ordinal dependants' columns.
TEST(TableRows, RelativesCellsAndColumnsInTheirOtherShapes) {
  for (const char* cell : {"Lucas × 2", "×", "É", "Lucas (03/06/2013) É", "ŁUKASZ 2010-01-01"}) {
    const auto relatives = RelativesOfCell(cell);  // ends
    EXPECT_LE(relatives.size(), 2u) << cell;
  }
  const Table school = TableOf({
      {"Nom", "Prénom de l'enfant", "Date de naissance", "Courriel"},
      {"DURAND", "Léo", "03/04/2015", "parents.durand@free.example"},
  });
  const TableReading s = ReadTablePersons(school);
  ASSERT_EQ(s.persons.size(), 1u);
  EXPECT_EQ(s.persons[0].name, "Léo DURAND");
  EXPECT_EQ(ValueOf(s.persons[0], DataCategory::kDateOfBirth), "2015-04-03");
  const Table surname_first = TableOf({
      {"Nom et prénom", "Courriel", "Enfants"},
      {"MOREL Sandrine", "s.morel@free.example", "Lucas (03/06/2013)"},
      {"Paul Roux", "p.roux@free.example", "Léa (02/02/2016)"},
  });
  const TableReading f = ReadTablePersons(surname_first);
  ASSERT_EQ(f.persons.size(), 4u);
  EXPECT_EQ(f.persons[1].name, "Lucas MOREL");
  EXPECT_EQ(f.persons[3].name, "Léa");  // which word is the family name is not known
  const Table dependants = TableOf({
      {"Nom", "Prénom", "Courriel", "Nom ayant droit 1", "Prénom ayant droit 1",
       "Date de naissance ayant droit 1", "Prénom du 2e enfant", "Date de naissance du 2e enfant",
       "Nombre d'enfants à charge"},
      {"LEROY", "Julien", "j.leroy@free.example", "LEROY", "Jules", "04/05/2012", "Lou",
       "06/07/2019", "2"},
  });
  const TableReading d = ReadTablePersons(dependants);
  ASSERT_EQ(d.persons.size(), 3u);
  EXPECT_EQ(d.persons[0].name, "Julien LEROY");
  EXPECT_EQ(Of(d.persons[0], DataCategory::kDateOfBirth).size(), 0u);
  EXPECT_EQ(d.persons[1].name, "Jules LEROY");
  EXPECT_EQ(d.persons[1].guardian_email, "j.leroy@free.example");
  EXPECT_EQ(d.persons[2].name, "Lou LEROY");
  EXPECT_EQ(ValueOf(d.persons[2], DataCategory::kDateOfBirth), "2019-07-06");
}

// A school's "Régime alimentaire" column: "halal", "casher", "sans porc" hint at a religion,
// to confirm (Art. 9); "végétarien" and "sans gluten" say none (helper-78: lost in silence).
TEST(TableRows, ADietThatHintsAtAReligionIsAReligionToConfirm) {
  const Table t = TableOf({
      {"Nom", "Prénom", "Date de naissance", "Régime alimentaire"},
      {"MOREAU", "Léa", "12/03/2016", "halal"},
      {"BERNARD", "Hugo", "02/11/2016", "sans porc"},
      {"PERRIN", "Zoé", "21/06/2017", "végétarien"},
      {"COHEN", "Noé", "05/01/2017", "casher"},
      {"ROUX", "Paul", "09/09/2016", "sans gluten"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 5u);
  for (size_t i : {0u, 1u, 3u}) {
    const auto religion = Of(r.persons[i], DataCategory::kReligion);
    ASSERT_EQ(religion.size(), 1u) << r.persons[i].name;
    EXPECT_EQ(religion[0]->validation, "review") << r.persons[i].name;
  }
  EXPECT_TRUE(Of(r.persons[2], DataCategory::kReligion).empty());
  EXPECT_TRUE(Of(r.persons[4], DataCategory::kReligion).empty());
  // In a message's text they say no one's faith: a caterer's order, an idiom (a review: both
  // were religion findings, the severity "très élevé").
  for (const char* text : {"Nous vous confirmons 12 repas, dont 4 halal et 2 sans porc.",
                           "Something in this quote is not kosher, could you check it?"}) {
    for (const Finding& f : DetectAll(text)) {
      EXPECT_NE(f.category, DataCategory::kReligion) << text;
    }
  }
}

// "RQTH" alone in a remarks column is the row's health datum, as "RQTH - temps partiel" is
// (helper-71: four letters were too short to be read).
TEST(TableRows, AShortTermInARemarksColumnIsRead) {
  const Table t = TableOf({
      {"Nom", "Prénom", "Courriel", "Observations"},
      {"LOPEZ", "Laurent", "l.lopez@free.example", "RQTH"},
      {"PETIT", "Anne", "a.petit@free.example", "VIH"},
      {"ROUX", "Paul", "p.roux@free.example", "RAS"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 3u);
  EXPECT_EQ(Of(r.persons[0], DataCategory::kHealth).size(), 1u);
  EXPECT_EQ(Of(r.persons[1], DataCategory::kHealth).size(), 1u);
  EXPECT_TRUE(Of(r.persons[2], DataCategory::kHealth).empty());
  // A short cell is read for a health term only: a colleague's surname, a department.
  const Table pairs = TableOf({
      {"Nom", "Prénom", "Courriel", "Binôme", "Service"},
      {"ROUX", "Paul", "p.roux@free.example", "Gay", "CGT"},
  });
  const TableReading b = ReadTablePersons(pairs);
  ASSERT_EQ(b.persons.size(), 1u);
  EXPECT_TRUE(Of(b.persons[0], DataCategory::kSexualOrientation).empty());
  EXPECT_TRUE(Of(b.persons[0], DataCategory::kTradeUnion).empty());
}

// A remark of the employee's row that names one of the children is that child's (helper-71:
// "Enfant Jules : ALD asthme sévère" was the father's health).
TEST(TableRows, ARemarkNamingARelativeIsTheRelatives) {
  const Table t = TableOf({
      {"Nom", "Prénom", "Courriel", "Prénom enfant 1", "Date de naissance enfant 1",
       "Observations"},
      {"LEROY", "Julien", "j.leroy@free.example", "Jules", "04/05/2012",
       "Enfant Jules : ALD asthme sévère"},
      {"PETIT", "Anne", "a.petit@free.example", "Lou", "06/07/2019", "ALD diabète"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 4u);
  EXPECT_EQ(r.persons[0].name, "Julien LEROY");
  EXPECT_TRUE(Of(r.persons[0], DataCategory::kHealth).empty());
  EXPECT_EQ(r.persons[1].name, "Jules LEROY");
  EXPECT_EQ(Of(r.persons[1], DataCategory::kHealth).size(), 1u);
  EXPECT_EQ(r.persons[2].name, "Anne PETIT");
  EXPECT_EQ(Of(r.persons[2], DataCategory::kHealth).size(), 1u);
  EXPECT_TRUE(Of(r.persons[3], DataCategory::kHealth).empty());
  // By what they are to the row's person, when the row has one such (helper-72: the
  // partner's prison term was the woman's); with two children, "un enfant" is neither.
  const Table households = TableOf({
      {"Nom", "Prénom", "Courriel", "Conjoint(e)", "Enfants", "Situation"},
      {"GIRAUD", "Laura", "l.giraud@free.example", "Thierry LAMBERT, né le 08/11/1989", "—",
       "RSA ; incarcération du conjoint"},
      {"MOREL", "Sandrine", "s.morel@free.example", "—", "Lucas (03/06/2013) ; Emma (19/09/2017)",
       "suivi psychiatrique d'un enfant"},
  });
  const TableReading h = ReadTablePersons(households);
  ASSERT_EQ(h.persons.size(), 5u);
  EXPECT_EQ(h.persons[0].name, "Laura GIRAUD");
  EXPECT_TRUE(Of(h.persons[0], DataCategory::kOffence).empty());
  EXPECT_EQ(h.persons[1].name, "Thierry LAMBERT");
  EXPECT_EQ(Of(h.persons[1], DataCategory::kOffence).size(), 1u);
  EXPECT_EQ(h.persons[2].name, "Sandrine MOREL");
  EXPECT_EQ(Of(h.persons[2], DataCategory::kHealth).size(), 1u);
}

// helper-73's review of the remark's move and the family name: a common word is no given
// name unless capitalised, only the remark's clause moves, a name the row's person bears too
// names them, an initial is no family name, names of all capitals are surname first, Ł is a
// capital, "1ère fille" is a number.
TEST(TableRows, ARemarkMovesOnlyWhenItsClauseNamesTheRelative) {
  const Table t = TableOf({
      {"Nom et prénom", "Courriel", "Enfants", "Observations"},
      {"Paul ROUX", "p.roux@free.example", "Grâce (02/02/2016)",
       "Aménagement de poste grâce à la RQTH"},
      {"Anne PETIT", "a.petit@free.example", "Lou (06/07/2019)", "RQTH ; Lou : asthme"},
      {"Léo MARTIN", "l.martin@free.example", "Léo (01/01/2015)", "Léo (père) : diabète"},
      {"J. MOREL", "j.morel@free.example", "Emma (19/09/2017)", ""},
      {"DUPONT JEAN", "j.dupont@free.example", "Łukasz (03/03/2012)", ""},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 10u);
  EXPECT_EQ(Of(r.persons[0], DataCategory::kHealth).size(), 1u);  // Paul's RQTH
  EXPECT_TRUE(Of(r.persons[1], DataCategory::kHealth).empty());   // not Grâce's
  EXPECT_EQ(r.persons[2].name, "Anne PETIT");
  EXPECT_EQ(Of(r.persons[2], DataCategory::kHealth).size(), 1u);  // her RQTH
  EXPECT_EQ(Of(r.persons[3], DataCategory::kHealth).size(), 1u);  // Lou's asthma
  EXPECT_EQ(Of(r.persons[4], DataCategory::kHealth).size(), 1u);  // the father's diabetes
  EXPECT_TRUE(Of(r.persons[5], DataCategory::kHealth).empty());
  EXPECT_EQ(r.persons[7].name, "Emma MOREL");
  EXPECT_EQ(r.persons[9].name, "Łukasz DUPONT");
  const Table ordinals = TableOf({
      {"Nom", "Prénom", "Courriel", "Prénom 1ère fille", "Date de naissance 1ère fille"},
      {"ROUX", "Paul", "p.roux@free.example", "Rose", "02/02/2016"},
  });
  const TableReading o = ReadTablePersons(ordinals);
  ASSERT_EQ(o.persons.size(), 2u);
  EXPECT_EQ(o.persons[1].name, "Rose ROUX");
  // A son's and a daughter's columns are two persons' (they were one with two birth dates).
  const Table son_daughter = TableOf({
      {"Nom", "Prénom", "Courriel", "Prénom fils", "Date de naissance fils", "Prénom fille",
       "Date de naissance fille"},
      {"LEROY", "Marc", "m.leroy@free.example", "Hugo", "02/02/2012", "Rose", "03/03/2014"},
  });
  const TableReading sd = ReadTablePersons(son_daughter);
  ASSERT_EQ(sd.persons.size(), 3u);
  EXPECT_EQ(sd.persons[1].name, "Hugo LEROY");
  EXPECT_EQ(Of(sd.persons[1], DataCategory::kDateOfBirth).size(), 1u);
  EXPECT_EQ(sd.persons[2].name, "Rose LEROY");
}

TEST(TableRows, JoinsThePostalAddressWithItsCodeAndCity) {
  const Table t = TableOf({
      {"Nom", "Adresse", "CP", "Ville"},
      {"Jean Dupont", "12 rue des Lilas", "31000", "Toulouse"},
  });
  const TableReading r = ReadTablePersons(t);
  ASSERT_EQ(r.persons.size(), 1u);
  EXPECT_EQ(r.persons[0].name, "Jean Dupont");
  EXPECT_EQ(ValueOf(r.persons[0], DataCategory::kPostalAddress), "12 rue des lilas 31000 toulouse");
  EXPECT_EQ(MaskedPreview(*Of(r.persons[0], DataCategory::kPostalAddress)[0]),
            "•••••• 31000 toulouse");
}

TEST(TableRows, AHeaderTenThousandColumnsWideIsReadOnce) {
  std::vector<std::string> header = {"Nom", "Courriel"};
  std::vector<std::string> row = {"Dupont", "jean@exemple.fr"};
  for (int c = 0; c < 10000; ++c) {
    header.push_back(c % 2 ? "Remarque" : "");
    row.push_back(c % 7 == 0 ? "x" : "");
  }
  std::vector<std::vector<std::string>> rows = {header};
  for (int i = 0; i < 20; ++i) rows.push_back(row);
  const TableReading r = ReadTablePersons(TableOf(std::move(rows)));
  EXPECT_TRUE(r.has_header);
  EXPECT_EQ(r.columns.size(), 10002u);
  EXPECT_EQ(r.persons.size(), 20u);
}

TEST(TableRows, ALayoutTableHasNoPersons) {
  const Table t = TableOf({
      {"Trimestre", "Chiffre d'affaires", "Objectif", "Écart"},
      {"T1", "125 000", "130 000", "-3,8 %"},
      {"T2", "142 500", "135 000", "+5,6 %"},
      {"Total", "267 500", "265 000", ""},
      {"Page 1 / 2"},
  });
  const TableReading r = ReadTablePersons(t);
  EXPECT_FALSE(r.has_header);
  EXPECT_TRUE(r.persons.empty());
  EXPECT_EQ(r.rows_without_person, 5);
  EXPECT_TRUE(ReadTablePersons(Table{}).persons.empty());
}

TEST(TableRowsValues, ReadsAmountsAsPeopleWriteThem) {
  EXPECT_EQ(ParseAmount("3 120,50 €"), "3120.50");
  EXPECT_EQ(ParseAmount("3\u00a0120,50"), "3120.50");
  EXPECT_EQ(ParseAmount("3.120,50"), "3120.50");
  EXPECT_EQ(ParseAmount("3,120.50"), "3120.50");
  EXPECT_EQ(ParseAmount("3120.5 EUR"), "3120.50");
  EXPECT_EQ(ParseAmount("1.500"), "1500.00");
  EXPECT_EQ(ParseAmount("1 234 567"), "1234567.00");
  EXPECT_EQ(ParseAmount("€ 2000"), "2000.00");
  EXPECT_EQ(ParseAmount("0,00"), "");
  EXPECT_EQ(ParseAmount("12/05/1985"), "");
  EXPECT_EQ(ParseAmount("3 120,50 et 200"), "");
  EXPECT_EQ(ParseAmount("1,2,3"), "");
  EXPECT_EQ(ParseAmount("12.34.56"), "");
  EXPECT_EQ(ParseAmount("-"), "");
  // Another currency than the euro is kept after the amount: a letter must not say "€".
  EXPECT_EQ(ParseAmount("£34,500"), "34500.00 GBP");
  EXPECT_EQ(ParseAmount("34500 GBP"), "34500.00 GBP");
  EXPECT_EQ(ParseAmount("CHF 7 200"), "7200.00 CHF");
  EXPECT_EQ(ParseAmount("2 000 euros"), "2000.00");
}

// One address is one value, whether a table writes it in one cell, in three columns, or a
// text on one line with a comma and a full stop: the same person's address counted once.
TEST(TableRows, AnAddressInOneCellOrThreeColumnsIsTheTextsValue) {
  Table three;
  three.rows = {{"Nom", "Prénom", "IBAN", "Adresse", "CP", "Ville"},
                {"Durand", "Léa", "FR7630006000011234567890189", "12 rue de la Paix", "42000",
                 "Saint-Étienne"}};
  Table one;
  one.rows = {
      {"Nom", "Prénom", "IBAN", "Adresse"},
      {"Durand", "Léa", "FR7630006000011234567890189", "12, rue de la Paix, 42000 Saint-Étienne"}};
  auto address_of = [](const Table& t) {
    const TableReading r = ReadTablePersons(t);
    EXPECT_EQ(r.persons.size(), 1u);
    for (const Finding& f : r.persons.at(0).findings) {
      if (f.category == DataCategory::kPostalAddress) return f.value;
    }
    return std::string();
  };
  std::vector<Finding> text;
  DetectPostalAddresses("J'habite 12 rue de la Paix, 42000 Saint-Étienne.", &text);
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0].value, "12 rue de la paix 42000 saint-etienne");
  EXPECT_EQ(MaskedPreview(text[0]), "•••••• 42000 saint-etienne");
  EXPECT_EQ(address_of(three), text[0].value);
  EXPECT_EQ(address_of(one), text[0].value);
  // A hyphen after an accented letter too: "Pré-Saint-Gervais" as "Pre-Saint-Gervais".
  EXPECT_EQ(FoldAddress("93310 Le Pré-Saint-Gervais"), FoldAddress("93310 Le Pre-Saint-Gervais"));
  EXPECT_EQ(FoldAddress("93310 Le Pré-Saint-Gervais"), "93310 le pre-saint-gervais");
}

// A British payroll: the NI number, the mobile written the national way, the sort code and
// account number, the salary in pounds, each read as the row's person's when the
// organisation is British; in a French one's record the mobile is no French number.
TEST(TableRows, ABritishPayrollIsReadInTheOrganisationsCountry) {
  Table t;
  t.rows = {{"Employee name", "NI number", "Mobile", "Sort code", "Account number", "Gross salary"},
            {"Laura Stevens", "AB 12 34 56 C", "07700 900123", "60-16-13", "31926810", "£34,500"},
            {"Daniel Price", "JG103759A", "07400123456", "601613", "31926811", "34500"}};
  const TableReading uk = ReadTablePersons(t, "GB");
  ASSERT_EQ(uk.persons.size(), 2u);
  std::vector<std::string> values;
  for (const RowPerson& p : uk.persons) {
    for (const Finding& f : p.findings) values.push_back(f.value);
  }
  EXPECT_EQ(values,
            (std::vector<std::string>{"laura stevens", "AB123456C", "+447700900123", "34500.00 GBP",
                                      "GB-601613-31926810", "daniel price", "JG103759A",
                                      "+447400123456", "34500.00 GBP", "GB-601613-31926811"}));
  for (const int64_t r : uk.rejected) EXPECT_EQ(r, 0);
  const TableReading fr = ReadTablePersons(t);
  ASSERT_EQ(fr.persons.size(), 2u);
  for (const RowPerson& p : fr.persons) {
    for (const Finding& f : p.findings) EXPECT_NE(f.category, DataCategory::kPhone) << f.value;
  }
  // With the row's IBAN, the sort code and account are that account: one value, not two.
  Table both;
  both.rows = {{"Name", "Sort code", "Account number", "IBAN"},
               {"Laura Stevens", "60-16-13", "31926819", "GB29NWBK60161331926819"}};
  const TableReading b = ReadTablePersons(both, "GB");
  ASSERT_EQ(b.persons.size(), 1u);
  int accounts = 0;
  for (const Finding& f : b.persons[0].findings) accounts += f.category == DataCategory::kIban;
  EXPECT_EQ(accounts, 1);
  for (const int64_t r : b.rejected) EXPECT_EQ(r, 0);
  // A Danish organisation's amount without its currency is in crowns, not euros.
  Table danish;
  danish.rows = {{"Name", "Email", "Salary"}, {"Anna Jensen", "anna@example.dk", "450000"}};
  const TableReading dk = ReadTablePersons(danish, "DK");
  ASSERT_EQ(dk.persons.size(), 1u);
  EXPECT_EQ(dk.persons[0].findings.back().value, "450000.00 DKK");
  // An account number without its sort code is no account.
  Table alone;
  alone.rows = {{"Name", "Email", "Account number"},
                {"Laura Stevens", "laura@example.org", "31926810"}};
  const TableReading a = ReadTablePersons(alone, "GB");
  ASSERT_EQ(a.persons.size(), 1u);
  for (const Finding& f : a.persons[0].findings) EXPECT_NE(f.category, DataCategory::kIban);
  EXPECT_EQ(a.rejected[2], 1);
}

TEST(TableRowsValues, ReadsBirthDatesDayFirst) {
  EXPECT_EQ(ParseBirthDate("12/05/1985"), "1985-05-12");
  EXPECT_EQ(ParseBirthDate("1985-05-12"), "1985-05-12");
  EXPECT_EQ(ParseBirthDate("1985-05-12 00:00:00"), "1985-05-12");
  EXPECT_EQ(ParseBirthDate("12.05.85"), "1985-05-12");
  EXPECT_EQ(ParseBirthDate("5/3/05"), "2005-03-05");
  EXPECT_EQ(ParseBirthDate("29/02/2001"), "");
  EXPECT_EQ(ParseBirthDate("31/04/1980"), "");
  EXPECT_EQ(ParseBirthDate("12/13/1980"), "");
  EXPECT_EQ(ParseBirthDate("12/05-1985"), "");
  EXPECT_EQ(ParseBirthDate("3120,50"), "");
}

TEST(TableRows, EmployeeNumbersCompareWhateverTheirSpellingAndLeadingZeros) {
  EXPECT_EQ(NormaliseEmployeeNumber("ai-9701"), NormaliseEmployeeNumber(" AI 9701 "));
  EXPECT_EQ(NormaliseEmployeeNumber("AI-9701"), "AI9701");
  EXPECT_EQ(NormaliseEmployeeNumber("00123"), NormaliseEmployeeNumber("123"));
  EXPECT_EQ(NormaliseEmployeeNumber("000"), "0");
  EXPECT_NE(NormaliseEmployeeNumber("AI-9701"), NormaliseEmployeeNumber("AI-9702"));
}

}  // namespace
}  // namespace breachkit
