// ReadTablePersons on a synthetic payroll of N rows (default 200,000): Nom, Prénom, Courriel
// (one row in three), IBAN, Salaire brut, Date de naissance, Poste, Remarque (one row in ten).
// Prints the time and the persons read. Run by hand: build/tests/bench/table_rows_bench [N]
#include <chrono>
#include <cstdlib>
#include <string>

#include <fmt/core.h>

#include "core/detect/detector.h"
#include "core/persons/table_rows.h"

namespace {

int Mod(std::string_view digits, int m) {
  int r = 0;
  for (char c : digits) r = (r * 10 + (c - '0')) % m;
  return r;
}

std::string FrIban(int64_t account) {
  const std::string bank = "30006", branch = "00001";
  const std::string acc = fmt::format("{:011}", account);
  const int key = 97 - (89 * Mod(bank, 97) + 15 * Mod(branch, 97) + 3 * Mod(acc, 97)) % 97;
  const std::string bban = bank + branch + acc + fmt::format("{:02}", key);
  return fmt::format("FR{:02}{}", 98 - Mod(bban + "152700", 97), bban);
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : 200000;
  breachkit::Table t;
  t.rows.push_back({"Nom", "Prénom", "Courriel", "IBAN", "Salaire brut", "Date de naissance",
                    "Poste", "Remarque"});
  t.row_numbers.push_back(1);
  for (int64_t i = 0; i < n; ++i) {
    t.rows.push_back({fmt::format("Nom{}", static_cast<char>('a' + i % 26)), "Jean",
                      i % 3 == 0 ? fmt::format("jean.{}@exemple.fr", i) : "", FrIban(i + 1),
                      fmt::format("{} {:03},{:02}", 1 + i % 9, i % 1000, i % 100),
                      fmt::format("{:02}/{:02}/19{:02}", 1 + i % 28, 1 + i % 12, 50 + i % 50),
                      "Comptable", i % 10 == 0 ? "prime exceptionnelle versée en mars" : ""});
    t.row_numbers.push_back(i + 2);
  }
  const auto start = std::chrono::steady_clock::now();
  const breachkit::TableReading r = breachkit::ReadTablePersons(t);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t findings = 0;
  for (const auto& p : r.persons) findings += p.findings.size();
  fmt::print("{} rows: {} persons, {} findings, {} rows without person, {:.3f} s\n", n,
             r.persons.size(), findings, r.rows_without_person, s);
  return r.persons.size() == static_cast<size_t>(n) ? 0 : 1;
}
