// breachkit contacts import FILE.csv: the e-mail or postal addresses of the persons found in
// attachments (a payroll's rows have no address of their own), from a file as HR exports it:
// a header row, one column that identifies the person (Matricule, IBAN, N° SS, téléphone) and
// an e-mail and/or postal address column (Adresse, Code postal, Ville). A row is matched to a
// person of the record when one of its identifiers is a datum the leak showed of that person
// (compared by keyed hash: the file's values are never stored); never on a name. Rows that
// match nobody, or two persons, are listed by row number and left out.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/detect/detector.h"
#include "core/mail/table_extract.h"
#include "core/persons/table_rows.h"
#include "core/util/ascii.h"
#include "core/util/hash.h"
#include "tools/commands.h"

namespace breachkit {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The identifiers of one row, as "category:value" (the form of a finding's keyed hash).
// `home_region`: the organisation's country, that of a phone number written without its code.
std::vector<std::string> Identifiers(const std::vector<std::string>& row,
                                     const std::vector<ColumnKind>& kinds,
                                     std::string_view home_region) {
  std::vector<std::string> out;
  for (size_t c = 0; c < row.size() && c < kinds.size(); ++c) {
    const std::string_view cell = Trim(row[c]);
    if (cell.empty()) continue;
    std::vector<Finding> found;
    switch (kinds[c]) {
      case ColumnKind::kEmployeeNumber:
        out.push_back("employee_number:" + NormaliseEmployeeNumber(cell));
        continue;
      case ColumnKind::kIban: DetectIbans(cell, &found); break;
      case ColumnKind::kNir:
        // A French NIR, else a British NI or an Irish PPS number, as the table's column reads it.
        DetectNirs(cell, &found);
        if (found.empty()) {
          if (auto other = SocialNumberOfCell(cell)) found.push_back(std::move(*other));
        }
        break;
      case ColumnKind::kPhone:
        DetectPhonesOutside(cell, {}, &found, nullptr, {}, home_region);
        if (found.empty() && !home_region.empty() && home_region != "FR") {
          if (auto whole = PhoneOfColumn(cell, home_region)) found.push_back(std::move(*whole));
        }
        break;
      default: continue;
    }
    for (const Finding& f : found) {
      if (!IsNearMiss(f)) out.push_back(std::string(InfoOf(f.category).name) + ":" + f.value);
    }
  }
  return out;
}

}  // namespace

Result<Outcome> Options::Contacts::Execute(const Options& options, const Io& io,
                                           IncidentStore& store) {
  const std::string& path = options.contacts.file;
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad()) return Fail(ErrorCode::kIo, "{}: cannot read the file", path);
  TableFormat format = TableFormatOf("", path);
  if (format == TableFormat::kNone) format = TableFormat::kCsv;
  auto tables = ExtractTables(bytes, format);
  if (!tables) return Fail(ErrorCode::kInvalidInput, "{}: {}", path, tables.error().message);
  if (tables->empty() || tables->front().rows.size() < 2) {
    return Fail(ErrorCode::kInvalidInput, "{}: no table with a header row and a row under it",
                path);
  }
  const Table& t = tables->front();
  if (t.truncated) {
    return Fail(ErrorCode::kInvalidInput, "{}: not read whole ({}): nothing imported", path, t.why);
  }
  // A row read by a guess (a quote not closed) may give a person someone else's address:
  // refused whole, as a file not read whole is (helper-76).
  if (!t.problems.empty()) {
    return Fail(ErrorCode::kInvalidInput, "{}: {}{}: nothing imported, correct the file", path,
                t.problems.front(),
                t.problems.size() > 1 ? fmt::format(" (and {} more)", t.problems.size() - 1) : "");
  }
  auto incident = store.LoadIncident();
  if (!incident) return std::unexpected(incident.error());
  auto domains = store.OrgDomains();
  if (!domains) return std::unexpected(domains.error());
  const std::string home_region = PhoneHomeRegion(incident->timezone, *domains);
  std::vector<ColumnKind> kinds;
  bool identifier = false, contact = false;
  for (const std::string& h : t.rows.front()) {
    kinds.push_back(ClassifyHeader(h));
    const ColumnKind k = kinds.back();
    identifier = identifier || k == ColumnKind::kEmployeeNumber || k == ColumnKind::kIban ||
                 k == ColumnKind::kNir || k == ColumnKind::kPhone;
    contact = contact || k == ColumnKind::kEmail || k == ColumnKind::kPostalAddress;
  }
  if (!identifier || !contact) {
    return Fail(ErrorCode::kInvalidInput,
                "{}: the first row must name an identifier column (Matricule, IBAN, N° SS, "
                "Téléphone) and an e-mail or postal address column (E-mail, Adresse)",
                path);
  }
  auto key = store.HmacKey();
  if (!key) return std::unexpected(key.error());
  HmacSha256 hmac(*key);
  std::vector<std::vector<std::string>> row_hashes;
  std::set<std::string> hashes;
  for (size_t r = 1; r < t.rows.size(); ++r) {
    auto& list = row_hashes.emplace_back();
    for (const std::string& id : Identifiers(t.rows[r], kinds, home_region)) {
      list.push_back(hmac.Hex(id));
      hashes.insert(list.back());
    }
  }
  auto owners = store.OwnersOfHashes(hashes);
  if (!owners) return std::unexpected(owners.error());

  const std::string file_name = std::filesystem::path(path).filename().string();
  std::vector<PersonContact> contacts;
  std::vector<int64_t> unmatched, ambiguous, no_contact, mailbox, again, unreadable;
  std::set<int64_t> persons;
  for (size_t r = 1; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const int64_t number =
        r < t.row_numbers.size() ? t.row_numbers[r] : static_cast<int64_t>(r + 1);
    std::set<int64_t> who;
    bool has_mailbox = false;  // a person with a mailbox of their own: their address is known
    for (const std::string& h : row_hashes[r - 1]) {
      if (auto it = owners->find(h); it != owners->end()) {
        for (int64_t party : it->second) {
          if (party > 0) who.insert(party);
          has_mailbox = has_mailbox || party < 0;
        }
      }
    }
    if (who.empty()) {
      (has_mailbox ? mailbox : unmatched).push_back(number);
      continue;
    }
    if (who.size() > 1) {
      ambiguous.push_back(number);
      continue;
    }
    PersonContact c;
    c.party = *who.begin();
    c.origin = "import:" + file_name;
    std::vector<std::string> postal;
    bool refused = false;  // an e-mail cell that is not one address
    for (size_t col = 0; col < row.size() && col < kinds.size() && !refused; ++col) {
      const std::string_view cell = Trim(row[col]);
      if (cell.empty()) continue;
      if (kinds[col] == ColumnKind::kEmail && c.email.empty()) {
        // The cell is one address, or the row is left out: a part of it ("lie.moreau@…" of
        // "amélie.moreau@…", misread) would send a person's letter to someone else.
        std::vector<Finding> found;
        DetectEmails(cell, &found);
        // "mailto:", a no-break space around it, "Jean Roux <jean@x.fr>": the address alone.
        std::string_view rest = cell;
        while (rest.starts_with("\xC2\xA0")) rest.remove_prefix(2);
        while (rest.ends_with("\xC2\xA0")) rest.remove_suffix(2);
        if (const size_t open = rest.rfind('<');
            open != std::string_view::npos && rest.ends_with('>')) {
          rest = rest.substr(open + 1, rest.size() - open - 2);
        }
        if (rest.size() >= 7 && AsciiLower(rest.substr(0, 7)) == "mailto:") rest.remove_prefix(7);
        if (found.size() != 1 ||
            found.front().begin != static_cast<size_t>(rest.data() - cell.data()) ||
            found.front().end != found.front().begin + rest.size()) {
          refused = true;
          continue;
        }
        c.email = found.front().value;
      } else if (kinds[col] == ColumnKind::kPostalAddress ||
                 kinds[col] == ColumnKind::kPostalCode || kinds[col] == ColumnKind::kCity) {
        postal.emplace_back(cell);
      }
    }
    if (refused) {
      unreadable.push_back(number);
      continue;
    }
    c.postal_address = fmt::format("{}", fmt::join(postal, ", "));
    if (c.email.empty() && c.postal_address.empty()) {
      no_contact.push_back(number);
      continue;
    }
    // A second row for the same person adds what the first lacked; one that says otherwise
    // is listed, the first one's contact kept (it was replaced without a word).
    if (!persons.insert(c.party).second) {
      PersonContact& first =
          *std::find_if(contacts.begin(), contacts.end(),
                        [&](const PersonContact& k) { return k.party == c.party; });
      const bool differs = (!first.email.empty() && !c.email.empty() && first.email != c.email) ||
                           (!first.postal_address.empty() && !c.postal_address.empty() &&
                            first.postal_address != c.postal_address);
      if (differs) {
        again.push_back(number);
        continue;
      }
      if (first.email.empty()) first.email = c.email;
      if (first.postal_address.empty()) first.postal_address = c.postal_address;
      continue;
    }
    contacts.push_back(std::move(c));
  }
  if (auto st = store.SetContacts(contacts); !st) return std::unexpected(st.error());
  if (auto st = store.AppendAudit(
          "contacts", fmt::format("import {} sha256={}: {} persons, {} rows matched nobody, {} "
                                  "rows matched several persons",
                                  file_name, Sha256Hex(bytes), persons.size(), unmatched.size(),
                                  ambiguous.size()));
      !st)
    return std::unexpected(st.error());
  // The contacts are sealed: an edit behind breachkit's back would send a letter elsewhere.
  if (auto st = store.SealAudit(); !st) return std::unexpected(st.error());
  fmt::print(io.out, "{}: contacts of {} persons imported ({} rows read)\n", path, persons.size(),
             t.rows.size() - 1);
  auto list = [&](const std::vector<int64_t>& rows, std::string_view what) {
    if (rows.empty()) return;
    fmt::print(io.out, "{} rows {}: row {}\n", rows.size(), what, fmt::join(rows, ", "));
  };
  list(unmatched, "match no person of the record (no identifier the leak showed)");
  list(ambiguous, "match several persons: left out, check them by hand");
  list(no_contact, "have no e-mail or postal address");
  list(unreadable,
       "have an e-mail cell that is not one address: left out, correct the cell and import again");
  list(mailbox,
       "match only persons with a mailbox of their own (their letters go there), not persons "
       "found in an attachment");
  list(again, "give a person an earlier row matched another contact: the earlier row's is kept");
  // A row not read is a partial import (exit 3): its person has no contact yet.
  return unreadable.empty() ? Outcome::kOk : Outcome::kPartial;
}

}  // namespace breachkit
