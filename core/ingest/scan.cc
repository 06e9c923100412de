#include "core/ingest/scan.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <absl/container/flat_hash_map.h>

#include "core/detect/detector.h"
#include "core/detect/functional_address.h"
#include "core/detect/review_context.h"
#include "core/detect/text_util.h"
#include "core/mail/table_extract.h"
#include "core/persons/document_subject.h"
#include "core/persons/table_rows.h"
#include "core/util/ascii.h"
#include "core/util/hash.h"

namespace breachkit {
namespace {

// Whether a date of birth ("YYYY-MM-DD") is less than 18 years before the day of `utc`
// (seconds since the epoch, UTC): its person was a minor that day. A date after it is none.
bool MinorOn(std::string_view iso, int64_t utc) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (iso.size() != 10 || std::from_chars(iso.data(), iso.data() + 4, y).ec != std::errc() ||
      std::from_chars(iso.data() + 5, iso.data() + 7, m).ec != std::errc() ||
      std::from_chars(iso.data() + 8, iso.data() + 10, d).ec != std::errc()) {
    return false;
  }
  using namespace std::chrono;
  const year_month_day born{year{y}, month{m}, day{d}};
  const year_month_day on{floor<days>(sys_seconds{seconds{utc}})};
  if (!born.ok() || sys_days{born} > sys_days{on}) return false;
  // The 18th birthday (a 29 February's on 1 March of a common year).
  year_month_day adult = born + years{18};
  const sys_days adult_day = adult.ok() ? sys_days{adult} : sys_days{adult.year() / 3 / 1};
  return sys_days{on} < adult_day;
}

// A datum as the scan compares them: "category:value" ("iban:FR76…"), in memory only.
std::string DatumKey(const Finding& f) {
  return std::string(InfoOf(f.category).name) + ":" + f.value;
}

std::string SenderOf(const MailMessage& m) {
  for (const MailAddress& a : m.addresses) {
    if (a.field == AddressField::kFrom) return a.address;
  }
  return {};
}

bool IsNameLike(const std::string& name, const std::string& address) {
  // "'list@example.org' <list@example.org>": the address again, in quotes.
  std::string_view bare = name;
  while (!bare.empty() && (bare.front() == '\'' || bare.front() == '"' || bare.front() == ' '))
    bare.remove_prefix(1);
  while (!bare.empty() && (bare.back() == '\'' || bare.back() == '"' || bare.back() == ' '))
    bare.remove_suffix(1);
  if (bare.empty() || SameAddressKey(bare, address)) return false;
  for (char c : name) {
    if (IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// What the detectors find in a short text of the headers, kept per thread in a bounded table
// (emptied when full), so that each text is read once rather than once per message that
// shows it: a storm's messages carry the same few hundred names and the same references.
// Open addressing (one block, no node per entry): most look-ups in an ordinary mailbox miss,
// and a miss in a table of nodes is a cache miss per node. A reference stays valid until the
// next call on the same table.
class HeaderTextCache {
 public:
  const std::vector<Finding>& Get(const std::string& text) {
    if (auto it = known_.find(text); it != known_.end()) return it->second;
    if (known_.size() >= kEntries) known_.clear();
    return known_.emplace(text, DetectAll(text)).first->second;
  }

 private:
  static constexpr size_t kEntries = 16384;
  absl::flat_hash_map<std::string, std::vector<Finding>> known_;
};

// Display names apart from the other texts (dates, identifiers, file names), which are
// mostly new in each message and would push the names out. The scan and the masking of one
// name share one entry: the name is read once.
const std::vector<Finding>& NameFindings(const std::string& name) {
  thread_local HeaderTextCache names;
  return names.Get(name);
}

const std::vector<Finding>& HeaderFindings(const std::string& text) {
  thread_local HeaderTextCache texts;
  return texts.Get(text);
}

// How header text is masked: which findings, and what stands for each.
enum class HeaderText {
  kText,        // subject, names, date, file name: each value by its masked preview
  kRawAddress,  // an address header that could not be read: its addresses stay
  kIdentifier,  // Message-ID, In-Reply-To, References: by a keyed token
};

bool MaskedIn(HeaderText kind, DataCategory c) {
  // Names are kept (the record keeps display names for the letters); an Art. 9 finding is
  // its whole sentence, a word-list term rather than a value; an organisation's number is
  // its own preview.
  if (c == DataCategory::kPersonName || c == DataCategory::kOrganisationId || InfoOf(c).special) {
    return false;
  }
  // An identifier is written like an address ("1234.5678@mail.example"), and an address
  // header's addresses are the persons the record lists anyway.
  return kind == HeaderText::kText || c != DataCategory::kEmail;
}

// The keyed hash of identifiers' values, made on first use (most messages need none).
class LazyHmac {
 public:
  explicit LazyHmac(std::string_view key) : key_(key) {}
  HmacSha256& get() { return hmac_ ? *hmac_ : hmac_.emplace(key_); }

 private:
  std::string_view key_;
  std::optional<HmacSha256> hmac_;
};

// `text` with every finding of `found` (spans in `text`, sorted, the competing ones
// disjoint) that `kind` masks replaced.
std::string Masked(std::string_view text, const std::vector<Finding>& found, HeaderText kind,
                   LazyHmac& hmac) {
  std::string out;
  size_t at = 0;
  for (const Finding& f : found) {
    if (!MaskedIn(kind, f.category) || f.begin < at || f.end > text.size()) continue;
    out.append(text.substr(at, f.begin - at));
    if (kind == HeaderText::kIdentifier) {
      // The same value gives the same token in every header that names it, so that a reply
      // still finds the message it answers; no space, so References still split.
      const std::string_view name = InfoOf(f.category).name;
      out.append(name);
      out += '-';
      out.append(hmac.get().Hex(std::string(name) + ":" + f.value).substr(0, 16));
    } else {
      out.append(MaskedPreview(f));
    }
    at = f.end;
  }
  if (at == 0) return std::string(text);
  out.append(text.substr(at));
  return out;
}

// `*text` masked by what the detectors found in it (`found`: NameFindings or HeaderFindings).
void MaskFound(std::string* text, const std::vector<Finding>& found, HeaderText kind,
               LazyHmac& hmac) {
  if (found.empty()) return;
  *text = Masked(*text, found, kind, hmac);
}

void MaskField(std::string* text, HeaderText kind, LazyHmac& hmac) {
  if (text->empty()) return;
  MaskFound(text, HeaderFindings(*text), kind, hmac);
}

// A row's name with its date of birth ("born:" …), or a parent's name with their phone
// ("guardian:" …): two rows of two tables with the same are one person (the same list sent as
// a spreadsheet and pasted as an HTML table), not a name alone; "" when the row has neither.
std::string NameKey(const RowPerson& rp) {
  if (rp.name.empty()) return {};
  // A relative known by a given name alone ("Léa (02/02/2016)" beside "Paul Roux") is no key:
  // two families' Léa born on one day are two children.
  if (rp.relative && rp.name.find(' ') == std::string::npos) return {};
  for (const Finding& f : rp.findings) {
    if (rp.guardian && f.category == DataCategory::kPhone) {
      return "guardian:" + NormalisePersonName(rp.name) + "\n" + DatumKey(f);
    }
    if (!rp.guardian && f.category == DataCategory::kDateOfBirth) {
      return "born:" + NormalisePersonName(rp.name) + "\n" + f.value;
    }
  }
  return {};
}

// A special-category word of a table's text with no person beside it ("Allergies" of a
// header, "asthme" among other rows' names: `near-miss:no-person`) that is a cell's word: the
// rows read it cell by cell, each for its own person; the text's near miss would only repeat
// it, with the rows' names in its context (helper-78: 16 near misses for 10 children's health
// cells). A word of the part outside its tables (a paragraph above an HTML table) stays.
void DropTablesOwnNearMisses(const MailPart& p, std::vector<Finding>* text_found) {
  std::vector<std::string> cells;  // folded, read once the part has such a near miss
  std::erase_if(*text_found, [&](const Finding& f) {
    if (f.validation != "near-miss:no-person" || !InfoOf(f.category).special) return false;
    if (cells.empty()) {
      for (const Table& t : p.tables) {
        for (const auto& row : t.rows) {
          for (const std::string& cell : row) {
            if (!cell.empty()) cells.push_back(" " + FoldWords(cell) + " ");
          }
        }
      }
    }
    const std::string term = " " + FoldWords(f.value) + " ";
    return std::any_of(cells.begin(), cells.end(), [&](const std::string& cell) {
      return cell.find(term) != std::string::npos;
    });
  });
}

// The key of a row's person: their address, else their strongest identifier, else the row
// itself, by the attachment's bytes (the same table sent twice is the same rows; a name alone
// never joins two rows). An identifier that several rows of one table share (a switchboard's
// number, a joint account) is no key: `shared` holds them.
std::string ContentKey(const RowPerson& rp, const MailPart& p, const std::string& table_row,
                       const std::set<std::string>& shared) {
  if (!rp.email.empty() && !shared.contains("email:" + rp.email)) return "email:" + rp.email;
  for (const DataCategory c : {DataCategory::kIban, DataCategory::kNir, DataCategory::kPhone}) {
    for (const Finding& f : rp.findings) {
      if (f.category != c) continue;
      std::string key = DatumKey(f);
      if (!shared.contains(key)) return key;
    }
  }
  if (std::string key = NameKey(rp);
      !key.empty() && (rp.guardian || rp.relative || !shared.contains(key))) {
    return key;
  }
  // A parent (or a manager) with no address of their own, named in several rows of the table
  // (two children, three employees): one person by their name in the table.
  if (rp.guardian && !rp.name.empty()) {
    return "guardian:" + p.sha256 + "\n" + table_row.substr(0, table_row.find(" row:")) + "\n" +
           NormalisePersonName(rp.name);
  }
  return "row:" + p.sha256 + "\n" + table_row + "\n" + rp.name;
}

// The persons of each table of part `p` and their data: one finding per datum of a row,
// owned by the row's person. Returns the data found ("category:value"), so that the text
// scan of the same part does not count them again as the sender's. A table of an HTML body
// counts only with a header row: a body's tables are mostly layout (a signature, a footer).
std::set<std::string> AddTablePersons(const MailPart& p, int part_index,
                                      std::string_view home_region,
                                      std::vector<LocatedFinding>* found) {
  std::set<std::string> seen;
  const std::string part = p.mime_path.empty() ? std::string("body") : "part:" + p.mime_path;
  for (size_t ti = 0; ti < p.tables.size(); ++ti) {
    TableReading reading = ReadTablePersons(p.tables[ti], home_region);
    if (!p.is_attachment && !reading.has_header) continue;
    std::set<std::string> once, shared;
    struct Holders {
      std::set<std::string> names;
      std::array<std::set<std::string>, 2> identifiers;  // IBANs, NIRs
    };
    std::map<std::string, Holders> holders;  // by "email:" address
    for (const RowPerson& rp : reading.persons) {
      std::set<std::string> mine;
      for (const Finding& f : rp.findings) {
        if (f.category == DataCategory::kIban || f.category == DataCategory::kNir ||
            f.category == DataCategory::kPhone) {
          mine.insert(DatumKey(f));
        }
      }
      // Two rows of one table with one name and one birth date are no one's key (one
      // person's rows, or a mistake): the table's other keys decide.
      // A relative the table lists twice (a spouse in their own row and in their
      // partner's; a child under both parents) is one person by it, not a shared key.
      if (std::string key = NameKey(rp); !key.empty() && !rp.guardian && !rp.relative) {
        mine.insert(key);
      }
      for (const std::string& k : mine) {
        if (!once.insert(k).second) shared.insert(k);
      }
      if (!rp.email.empty()) {
        Holders& h = holders["email:" + rp.email];
        h.names.insert(FoldWords(rp.name));
        for (const Finding& f : rp.findings) {
          if (f.category == DataCategory::kIban || f.category == DataCategory::kNir)
            h.identifiers[f.category == DataCategory::kIban ? 0 : 1].insert(f.value);
        }
      }
    }
    // An address two rows of other names or other IBANs or NIRs share (a team's box, two
    // namesakes with one work address) is no one's key either: each row stays a person of
    // its own. One person's rows (a year of payslips, the same IBAN) stay one person.
    for (const auto& [key, h] : holders) {
      if (h.names.size() > 1 || h.identifiers[0].size() > 1 || h.identifiers[1].size() > 1)
        shared.insert(key);
    }
    // A relative who has a row of their own with their address (a spouse listed by their
    // partner) is that row's person: their mailbox, whichever row comes first.
    std::map<std::string, std::string> address_of_born;
    for (const RowPerson& rp : reading.persons) {
      if (rp.guardian || rp.relative || rp.email.empty() || shared.contains("email:" + rp.email))
        continue;
      if (std::string key = NameKey(rp); !key.empty() && !shared.contains(key))
        address_of_born.emplace(std::move(key), rp.email);
    }
    for (RowPerson& rp : reading.persons) {
      if (!rp.relative || !rp.email.empty()) continue;
      if (auto it = address_of_born.find(NameKey(rp)); it != address_of_born.end())
        rp.email = it->second;
    }
    for (RowPerson& rp : reading.persons) {
      const std::string table_row =
          "table:" + std::to_string(ti + 1) + " row:" + std::to_string(rp.row_number);
      const std::string row = part + " " + table_row;
      auto person = std::make_shared<ContentPerson>();
      person->key = ContentKey(rp, p, table_row, shared);
      if (!shared.contains("email:" + rp.email)) person->email = rp.email;
      person->name = rp.name;
      person->guardian_email = rp.guardian_email;
      for (const Finding& f : rp.findings) {
        if (f.category != DataCategory::kIban && f.category != DataCategory::kNir) continue;
        std::string id = DatumKey(f);
        if (!shared.contains(id)) person->identifiers.push_back(std::move(id));
      }
      // Joined by it to the rows of other tables, whatever key each row was recorded under.
      if (std::string id = NameKey(rp);
          !id.empty() && (rp.guardian || rp.relative || !shared.contains(id))) {
        person->identifiers.push_back(std::move(id));
      }
      for (size_t i = 0; i < rp.findings.size(); ++i) {
        Finding& f = rp.findings[i];
        seen.insert(DatumKey(f));
        const int column = i < rp.columns.size() ? rp.columns[i] + 1 : 0;
        LocatedFinding lf{
            std::move(f), row + " col:" + std::to_string(column), part_index, {}, {}, {}, {}, {}};
        lf.content = person;
        found->push_back(std::move(lf));
      }
    }
  }
  return seen;
}

// Companies' legal forms, folded: a word of a company's name, never of a person's.
constexpr std::string_view kLegalForms[] = {
    "sa",  "sas", "sasu", "sarl", "eurl", "sci", "snc", "scp", "gie", "gmbh", "ag",
    "ltd", "llc", "inc",  "plc",  "bv",   "nv",  "spa", "srl", "sl",  "corp", "limited"};

// The lines of an attachment's text that each name a person and hold their NIR, when several
// do: a payroll printed to PDF, a list pasted into a document ("Henry Chloé 2661169… FR76
// 3000… chloe.henry@… 06 39 98 01 82"). Its columns are lost, its lines are not: each such
// line is one person, and the data on it are theirs (their address, phone, IBAN), as a
// table's row's are, not the writer's. A NIR is a natural person's (an IBAN may be a
// company's, a line of a statement a counterparty's); the line must start with a name (two
// to four capitalised words, no legal form: not "N° de sécurité sociale :", not "ACME SARL")
// and hold another datum. A NIR that two lines share, or a line with two, keys no one.
// Returns the data taken ("category:value"), which the text's own reading then skips, as
// AddTablePersons does; `text_found` stays whole (the review contexts mask every value).
std::set<std::string> AddLinePersons(const MailPart& p, int part_index,
                                     const std::vector<Finding>& text_found,
                                     std::vector<LocatedFinding>* found) {
  std::set<std::string> taken;
  const std::string_view text = p.text;
  auto is_nir = [](const Finding& f) {
    return f.category == DataCategory::kNir && !IsNearMiss(f) && !f.quoted;
  };
  if (std::none_of(text_found.begin(), text_found.end(), is_nir)) return taken;
  // The lines' starts, once (a finding's line by binary search: a text of one long line
  // costs no more than many short ones).
  std::vector<size_t> starts{0};
  for (size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) {
    starts.push_back(at + 1);
  }
  std::map<size_t, std::vector<size_t>> lines;  // line index → indices into text_found
  std::map<std::string, int> nir_lines;
  for (size_t k = 0; k < text_found.size(); ++k) {
    const Finding& f = text_found[k];
    if (f.begin >= text.size()) continue;
    const size_t line =
        static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), f.begin) -
                            starts.begin()) -
        1;
    const size_t line_end = line + 1 < starts.size() ? starts[line + 1] - 1 : text.size();
    if (f.end > line_end) continue;  // across lines
    lines[line].push_back(k);
    if (is_nir(f)) ++nir_lines[DatumKey(f)];
  }
  static constexpr std::string_view kParticles[] = {"de", "du",  "des", "da",  "le",
                                                    "la", "van", "von", "del", "di"};
  struct Row {
    size_t line;
    std::string_view name;  // as written: the finding's span
    size_t name_begin;
    std::string clean;  // its words, one space between two
  };
  std::vector<Row> rows;
  for (const auto& [line, ks] : lines) {
    int nirs = 0, others = 0;
    bool own_nir = false;
    size_t first_begin = text.size();
    for (size_t k : ks) {
      const Finding& f = text_found[k];
      // A special-category word's span is its whole sentence (the line): no datum's place.
      if (!InfoOf(f.category).special) first_begin = std::min(first_begin, f.begin);
      if (IsNearMiss(f) || f.quoted) continue;
      if (is_nir(f)) {
        ++nirs;
        own_nir = own_nir || nir_lines[DatumKey(f)] == 1;
      } else {
        ++others;
      }
    }
    if (nirs != 1 || !own_nir || others == 0) continue;
    // The words that start the line must read as a name: capitalised words (particles
    // aside), no legal form, two to four of them. The name ends at the first word that is
    // not one (a date, a number, a note in lower case: "LE GOFF Marc ; diabète type 2 ; NIR
    // …"), and at the end of its second cell (a PDF export of a table: "DURAND | Léa | Lyon |
    // 01/02/1980 | NIR …"). Cells are separated by a tab (a sheet's text), '|', ';' or ','; the
    // name is its words joined by one space.
    const std::string_view lead = text.substr(starts[line], first_begin - starts[line]);
    const size_t b = lead.find_first_not_of(" \t|;,");
    if (b == std::string_view::npos) continue;
    bool name_like = true;
    int words = 0, cells = 0;
    size_t name_end = b;
    std::string clean;
    bool cell_break = true;  // before the first word: a new cell
    for (size_t w = b; name_like && w < lead.size();) {
      const char sep = lead[w];
      if (sep == ' ') {
        ++w;
        continue;
      }
      if (sep == '\t' || sep == '|' || sep == ';' || sep == ',') {
        cell_break = true;
        ++w;
        continue;
      }
      if (cell_break && words >= 2 && cells >= 2) break;  // the name's cells are read
      const size_t end = std::min(lead.find_first_of(" \t|;,", w), lead.size());
      const std::string_view word = lead.substr(w, end - w);
      if (word.find_first_of("0123456789@:/=()&\xc2") != std::string_view::npos) break;
      const auto c = static_cast<unsigned char>(word[0]);
      const std::string folded = AsciiLower(word);
      if (OneOf(std::string_view(folded), kLegalForms)) {
        name_like = false;  // a company's line
        break;
      }
      if (!((c >= 'A' && c <= 'Z') || c >= 0x80 || OneOf(word, kParticles))) break;
      if (cell_break) ++cells;
      cell_break = false;
      clean += (clean.empty() ? "" : " ") + std::string(word);
      ++words;
      name_end = end;
      w = end;
    }
    const std::string_view name = lead.substr(b, name_end - b);
    if (name_like && name.size() <= 60 && words >= 2 && words <= 4)
      rows.push_back({line, name, starts[line] + b, std::move(clean)});
  }
  if (rows.size() < 2) return taken;  // one person's document, or none
  const std::string part = "part:" + p.mime_path;
  int row_number = 0;
  for (const Row& row : rows) {
    ++row_number;
    auto person = std::make_shared<ContentPerson>();
    person->name = row.clean;
    std::string nir;
    for (size_t k : lines[row.line]) {
      const Finding& f = text_found[k];
      if (IsNearMiss(f) || f.quoted) continue;
      if (f.category == DataCategory::kEmail && person->email.empty()) person->email = f.value;
      if (is_nir(f)) nir = DatumKey(f);
      if (f.category == DataCategory::kIban || is_nir(f))
        person->identifiers.push_back(DatumKey(f));
    }
    person->key = !person->email.empty() ? "email:" + person->email : nir;
    const std::string location = part + " row:" + std::to_string(row_number);
    LocatedFinding name{Finding{DataCategory::kPersonName, "line.name", row.name_begin,
                                row.name_begin + row.name.size(), NormalisePersonName(row.clean),
                                0.8, "row", false},
                        location,
                        part_index,
                        {},
                        {},
                        {},
                        {},
                        {}};
    name.content = person;
    found->push_back(std::move(name));
    for (size_t k : lines[row.line]) {
      const Finding& f = text_found[k];
      if (IsNearMiss(f) || f.quoted) continue;
      taken.insert(DatumKey(f));
      LocatedFinding lf{f, location, part_index, {}, {}, {}, {}, {}};
      lf.content = person;
      found->push_back(std::move(lf));
    }
  }
  return taken;
}

// A document about one person attached to a message (a CV, a payslip), waiting for the whole
// message to be read: whether it is the writer's own is decided by what the writer wrote.
struct PendingDocument {
  int part = 0;
  DocumentSubject subject;
  std::vector<Finding> found;
};

// Whether part `p` is a document about one person, and who: a word-processing document, a
// PDF or a text attachment whose name or head says so (a spreadsheet, or a document whose
// tables hold several persons, is a table of persons instead).
std::optional<DocumentSubject> DocumentAbout(const MailPart& p, const std::vector<Finding>& found,
                                             std::string_view home_region) {
  if (!p.is_attachment || !p.has_text || p.text.empty()) return std::nullopt;
  if (IsSheetFormat(TableFormatOf(p.content_type, p.filename))) return std::nullopt;
  auto subject = ReadDocumentSubject(p.filename, p.text, found);
  if (!subject) return std::nullopt;
  for (const Table& t : p.tables) {
    // A pupil's form with their parents' columns, an employee's with their children's, is
    // still about one person.
    const auto persons = ReadTablePersons(t, home_region).persons;
    if (std::count_if(persons.begin(), persons.end(),
                      [](const RowPerson& rp) { return !rp.guardian && !rp.relative; }) > 1) {
      return std::nullopt;
    }
  }
  return subject;
}

// The key a document's person is recorded under when they are not the writer: their address,
// else the first IBAN, NIR or phone number of the document, else the document's bytes.
std::string DocumentKey(const PendingDocument& d, const MailPart& p) {
  if (!d.subject.email.empty()) return "email:" + d.subject.email;
  for (const DataCategory c : {DataCategory::kIban, DataCategory::kNir, DataCategory::kPhone}) {
    for (const Finding& f : d.found) {
      if (f.category == c && !IsNearMiss(f)) return DatumKey(f);
    }
  }
  return "document:" + p.sha256;
}

// A near miss (an IBAN whose RIB key fails) identifies no one.
bool IsStrongIdentifier(const Finding& f) {
  return (f.category == DataCategory::kIban || f.category == DataCategory::kNir ||
          f.category == DataCategory::kPhone) &&
         !IsNearMiss(f);
}

// The data of the documents of message `m`: the writer's when a strong link makes the
// document's person the writer (their address in its head is the writer's mailbox, or the
// writer's own words carry the same phone number, IBAN or NIR), else its person's.
void AddDocuments(std::vector<PendingDocument>& documents, const MailMessage& m,
                  const std::string& sender, std::vector<LocatedFinding>* found) {
  std::set<std::string> writers_own;
  for (const LocatedFinding& lf : *found) {
    if (!sender.empty() && lf.owner == sender && IsStrongIdentifier(lf.finding)) {
      writers_own.insert(std::string(InfoOf(lf.finding.category).name) + ":" + lf.finding.value);
    }
  }
  for (PendingDocument& d : documents) {
    const MailPart& p = m.parts[static_cast<size_t>(d.part)];
    bool writer =
        !sender.empty() && !d.subject.email.empty() && SameAddressKey(d.subject.email, sender);
    for (size_t i = 0; !writer && i < d.found.size(); ++i) {
      const Finding& f = d.found[i];
      writer = IsStrongIdentifier(f) && writers_own.contains(DatumKey(f));
    }
    // "document": its person's data, shown to everyone who received it (like a table's row);
    // "document:writer": the writer's own, as their own words are.
    const std::string location =
        "part:" + p.mime_path + (writer ? " document:writer" : " document");
    std::shared_ptr<ContentPerson> person;
    if (!writer) {
      person = std::make_shared<ContentPerson>();
      person->key = DocumentKey(d, p);
      person->email = d.subject.email;
      person->name = d.subject.name;
      if (!d.subject.name.empty()) {
        d.found.push_back({DataCategory::kPersonName, "document.name", d.subject.name_begin,
                           d.subject.name_end, Fold(d.subject.name), 0.8, "document", false});
      }
    }
    for (Finding& f : d.found) {
      if (IsNearMiss(f) && InfoOf(f.category).special) {
        // An Art. 9 term of a document about one person (a CV, a medical certificate) is
        // about them, pronoun or not ("Statut : RQTH").
        f.validation = "review";
        f.confidence = 0.7;
      }
      LocatedFinding lf{std::move(f), location, d.part, {}, {}, {}, {}, {}};
      const bool greeting = lf.finding.detector == "name.greeting";
      if (writer) {
        if (!lf.finding.quoted && !greeting) lf.owner = sender;
      } else if (!greeting && (lf.finding.category != DataCategory::kEmail ||
                               lf.finding.value == d.subject.email)) {
        // Another address in the document (a referee's, the employer's) is its own mailbox's.
        lf.content = person;
      }
      found->push_back(std::move(lf));
    }
  }
}

// An organisation's bank account or office line, told by an organisation's identifier (a
// SIRET, a SIREN, a VAT number) written near it: a supplier's invoice mail ("Règlement par
// virement : IBAN …", then its footer "SARL … SIRET … TVA …") shows the company's account and
// its accounting office's line, not its writer's. Each becomes a near miss
// ("near-miss:organisation-account", "near-miss:organisation-line"): listed for review,
// counted as no one's until the DPO confirms it (a sole trader's account is theirs). Only
// when the text holds one or two distinct IBANs (a list of persons' accounts is not a
// company's) and only French fixed lines (a mobile number is someone's), within
// kOrganisationReach bytes of the identifier.
// A line that names an account's holder as a company ("Bank Account Name: Interpay Limited",
// "Titulaire du compte : Fournitures Dupont SARL") is such a sign too.
constexpr size_t kOrganisationReach = 400;

bool CompanyHolderLine(std::string_view line) {
  static constexpr std::string_view kHolderLabels[] = {
      "account name",   "account holder", "beneficiary",  "titulaire", "beneficiaire",
      "raison sociale", "kontoinhaber",   "intestatario", "titular"};
  const std::string words = " " + FoldWords(line) + " ";
  const bool holder =
      std::any_of(std::begin(kHolderLabels), std::end(kHolderLabels),
                  [&](std::string_view l) { return words.find(l) != std::string::npos; });
  if (!holder) return false;
  // Short forms that are words too ("sa fille", "ag", "spa") count only as written in capitals
  // ("Dupont SA", "Müller AG").
  static constexpr std::string_view kShortForms[] = {"sa", "ag", "sl", "nv", "bv", "spa"};
  const bool company = std::any_of(std::begin(kLegalForms), std::end(kLegalForms), [&](auto form) {
    return std::find(std::begin(kShortForms), std::end(kShortForms), form) ==
               std::end(kShortForms) &&
           words.find(" " + std::string(form) + " ") != std::string::npos;
  });
  if (company) return true;
  for (size_t b = 0; b < line.size();) {
    while (b < line.size() && !IsAsciiAlpha(line[b])) ++b;
    size_t e = b;
    while (e < line.size() && IsAsciiAlpha(line[e])) ++e;
    const std::string_view token = line.substr(b, e - b);
    const bool capitals =
        std::all_of(token.begin(), token.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!token.empty() && capitals &&
        std::find(std::begin(kShortForms), std::end(kShortForms), AsciiLower(token)) !=
            std::end(kShortForms))
      return true;
    b = e;
  }
  return false;
}

// The organisation's own postal address (the profile's) found in a text, a payslip's or a
// letter's head: the organisation's, a near miss ("near-miss:organisation-address"), never
// its employee's home.
void MarkOwnAddress(const std::string& own_words, std::vector<Finding>* found) {
  if (own_words.empty()) return;
  for (Finding& f : *found) {
    if (f.category != DataCategory::kPostalAddress || IsNearMiss(f)) continue;
    // Whole words: "2 rue de la paix" is not within "12 rue de la paix".
    const std::string words = " " + FoldAddress(f.value) + " ";
    const std::string own = " " + own_words + " ";
    if (words.size() < 10 ||
        (own.find(words) == std::string::npos && words.find(own) == std::string::npos)) {
      continue;
    }
    f.validation = "near-miss:organisation-address";
    f.confidence = kNearMissConfidence;
  }
}

void MarkOrganisationData(std::string_view text, std::vector<Finding>* found) {
  struct Sign {
    size_t begin, end;
    bool holder;  // a line naming an account's holder: a sign for the account only
  };
  std::vector<Sign> signs;  // where the signs of an organisation are
  std::set<std::string> ibans;
  for (const Finding& f : *found) {
    if (f.category == DataCategory::kOrganisationId && !IsNearMiss(f))
      signs.push_back({f.begin, f.end, false});
    if (f.category == DataCategory::kIban && !IsNearMiss(f)) ibans.insert(f.value);
  }
  if (!ibans.empty()) {
    for (size_t b = 0; b < text.size();) {
      const size_t e = std::min(text.find('\n', b), text.size());
      if (CompanyHolderLine(text.substr(b, std::min<size_t>(e - b, 2000))))
        signs.push_back({b, e, true});
      b = e + 1;
    }
  }
  if (signs.empty()) return;
  auto near = [&](const Finding& f, bool holder_too) {
    return std::any_of(signs.begin(), signs.end(), [&](const Sign& sign) {
      if (sign.holder && !holder_too) return false;
      if (f.end <= sign.begin) return sign.begin - f.end <= kOrganisationReach;
      if (f.begin >= sign.end) return f.begin - sign.end <= kOrganisationReach;
      return true;  // on the same line
    });
  };
  for (Finding& f : *found) {
    if (IsNearMiss(f) || f.quoted || !near(f, f.category == DataCategory::kIban)) continue;
    if (f.category == DataCategory::kIban && ibans.size() <= 2) {
      f.validation = "near-miss:organisation-account";
      f.confidence = kNearMissConfidence;
    } else if (f.category == DataCategory::kPhone && f.value.starts_with("+33") &&
               f.value.size() > 3 && f.value[3] >= '1' && f.value[3] <= '5') {
      f.validation = "near-miss:organisation-line";
      f.confidence = kNearMissConfidence;
    }
  }
}

}  // namespace

void MaskHeaders(std::string_view hmac_key, const std::vector<std::vector<LocatedFinding>>& found,
                 ParsedMail* mail) {
  LazyHmac hmac(hmac_key);
  for (size_t mi = 0; mi < mail->messages.size(); ++mi) {
    MailMessage& m = mail->messages[mi];
    if (!m.subject.empty()) {
      // What ScanMail found in the subject, from where it looked.
      std::vector<Finding> in_subject;
      if (mi < found.size()) {
        for (const LocatedFinding& lf : found[mi]) {
          if (lf.location == "subject") in_subject.push_back(lf.finding);
        }
      } else {
        in_subject = DetectAll(m.subject);
      }
      if (!in_subject.empty()) m.subject = Masked(m.subject, in_subject, HeaderText::kText, hmac);
    }
    for (MailAddress& a : m.addresses) {
      // A name that is its own address is the address, which the record keeps.
      if (!a.name.empty() && !SameAddressKey(a.name, a.address)) {
        MaskFound(&a.name, NameFindings(a.name), HeaderText::kText, hmac);
      }
      MaskField(&a.group, HeaderText::kText, hmac);
    }
    MaskField(&m.date_raw, HeaderText::kText, hmac);
    MaskField(&m.message_id, HeaderText::kIdentifier, hmac);
    MaskField(&m.in_reply_to, HeaderText::kIdentifier, hmac);
    for (std::string& r : m.references) MaskField(&r, HeaderText::kIdentifier, hmac);
    for (MailPart& p : m.parts) MaskField(&p.filename, HeaderText::kText, hmac);
    for (MailDefect& d : m.defects) MaskField(&d.detail, HeaderText::kRawAddress, hmac);
    if (m.vault) {  // what Google recorded: its labels and ids are free text (the accounts
                    // are addresses, kept as the recipients' are)
      for (std::string& l : m.vault->labels) MaskField(&l, HeaderText::kText, hmac);
      for (std::string& d : m.vault->documents) MaskField(&d, HeaderText::kText, hmac);
    }
  }
}

std::vector<std::vector<LocatedFinding>> ScanMail(const ParsedMail& mail,
                                                  const std::atomic<bool>* stop,
                                                  const ScanScope& scope) {
  const std::string_view home_region = scope.home_region;
  const std::string own_address = FoldAddress(scope.address);
  std::vector<std::vector<LocatedFinding>> out(mail.messages.size());
  for (size_t mi = 0; mi < mail.messages.size(); ++mi) {
    const MailMessage& m = mail.messages[mi];
    auto& found = out[mi];
    const std::string sender = SenderOf(m);
    const MessageLists lists(m.list_headers, m.SenderAddresses(),
                             m.IsReply() || AutomaticReplySubject(m.subject));
    // A bounce: the addresses it says do not exist (none of its own headers' addresses). A
    // delivery report (a message/delivery-status part), or a message from a mail system's
    // own mailbox (MAILER-DAEMON, postmaster) whose report is in text parts.
    std::vector<std::string> undeliverable;
    const bool mail_system = IsMailSystem(sender);
    const bool delivery_report = std::any_of(m.parts.begin(), m.parts.end(), [](const MailPart& p) {
      return p.content_type == "message/delivery-status";
    });
    // A mail system's report (a bounce, an abuse feedback report): the IP addresses it
    // names are its servers' or the reported sender's ("Feedback Report for IP …", "sender
    // IP is …"), no reader's connection: listed for the DPO, not counted.
    const bool mail_report = mail_system || delivery_report ||
                             std::any_of(m.parts.begin(), m.parts.end(), [](const MailPart& p) {
                               return p.content_type == "message/feedback-report";
                             });
    if (mail_system || delivery_report) {
      std::vector<std::string_view> texts;
      for (const MailPart& p : m.parts) {
        if (p.has_text) texts.push_back(p.text);
      }
      undeliverable = UndeliverableAddresses(texts);
      std::erase_if(undeliverable, [&](const std::string& a) {
        return std::any_of(m.addresses.begin(), m.addresses.end(),
                           [&](const MailAddress& own) { return AsciiLower(own.address) == a; });
      });
    }
    // `unread_rows`: a table of the part was cut at a limit; what the text shows of the rows
    // not read is some row's person's, not the sender's: recorded with no owner.
    auto add_found = [&](std::vector<Finding> text_found, std::string_view text,
                         const std::string& location, int part,
                         const std::set<std::string>* in_rows, bool unread_rows) {
      // An address the message's headers name as a list it came through ("post to
      // scr@socal-raves.org" in its footer) is the list's, as FunctionalReason's are.
      for (Finding& f : text_found) {
        if (f.category == DataCategory::kEmail && !IsNearMiss(f) && lists.Names(f.value)) {
          f.validation = "near-miss:functional";
          f.confidence = kNearMissConfidence;
        }
        if (f.category == DataCategory::kIpAddress && !IsNearMiss(f) && mail_report) {
          f.validation = "near-miss:mail-report";
          f.confidence = kNearMissConfidence;
        }
        // An address the bounce says does not exist is no one's.
        if (f.category == DataCategory::kEmail && !IsNearMiss(f) && !undeliverable.empty() &&
            std::binary_search(undeliverable.begin(), undeliverable.end(), AsciiLower(f.value))) {
          f.validation = "near-miss:undeliverable";
          f.confidence = kNearMissConfidence;
        }
      }
      // The contexts first: each masks the other findings around it, values still whole.
      std::vector<std::string> contexts(text_found.size());
      for (size_t k = 0; k < text_found.size(); ++k) {
        if (NeedsReview(text_found[k].validation)) contexts[k] = MaskedContext(text, text_found, k);
      }
      for (size_t k = 0; k < text_found.size(); ++k) {
        Finding& f = text_found[k];
        if (in_rows && in_rows->contains(DatumKey(f))) {
          continue;  // a row's datum: its person's, found by AddTablePersons
        }
        std::string owner;
        if (!f.quoted && f.detector != "name.greeting" && !unread_rows) owner = sender;
        found.push_back(
            {std::move(f), location, part, std::move(owner), {}, {}, {}, std::move(contexts[k])});
      }
    };
    std::vector<PendingDocument> documents;
    for (size_t pi = 0; pi < m.parts.size(); ++pi) {
      if (stop && stop->load(std::memory_order_relaxed)) return out;
      const MailPart& p = m.parts[pi];
      const bool unread_rows =
          p.is_attachment &&
          std::any_of(p.tables.begin(), p.tables.end(), [](const Table& t) { return t.truncated; });
      // A sheet cut at a limit: its text is its rows; those read are persons, those not read
      // are said to be so by the part's table-limit defect (a million rows scanned as text
      // would give their data to no one, at a gigabyte of memory).
      if (unread_rows && IsSheetFormat(TableFormatOf(p.content_type, p.filename))) {
        AddTablePersons(p, static_cast<int>(pi), home_region, &found);
        continue;
      }
      std::vector<Finding> text_found;
      // The writer's domain: a hint of the country of a number written without one.
      if (p.has_text && !p.text.empty()) {
        const size_t at = sender.rfind('@');
        text_found = DetectAll(
            p.text, stop,
            at == std::string::npos ? std::string_view() : std::string_view(sender).substr(at + 1),
            home_region);
      }
      if (!p.is_attachment || p.tables.empty()) MarkOrganisationData(p.text, &text_found);
      MarkOwnAddress(own_address, &text_found);
      if (auto subject = DocumentAbout(p, text_found, home_region)) {
        documents.push_back({static_cast<int>(pi), std::move(*subject), std::move(text_found)});
        continue;
      }
      std::set<std::string> row_data;
      if (!p.tables.empty()) {
        DropTablesOwnNearMisses(p, &text_found);
        row_data = AddTablePersons(p, static_cast<int>(pi), home_region, &found);
      } else if (p.is_attachment) {
        row_data = AddLinePersons(p, static_cast<int>(pi), text_found, &found);
      }
      add_found(std::move(text_found), p.text,
                p.mime_path.empty() ? std::string("body") : "part:" + p.mime_path,
                static_cast<int>(pi), row_data.empty() ? nullptr : &row_data, unread_rows);
    }
    if (!documents.empty()) AddDocuments(documents, m, sender, &found);
    if (!m.subject.empty())
      add_found(DetectAll(m.subject, stop, {}, home_region), m.subject, "subject", -1, nullptr,
                false);
    for (const MailAddress& a : m.addresses) {
      if (!IsNameLike(a.name, a.address)) continue;
      // The name itself is recorded with the recipient (it is an item of its own in the
      // exposure model); here, whatever else a name holds ("alice@example.com <bob@…>",
      // a phone number) is found.
      const std::string location = "display-name:" + std::string(AddressFieldName(a.field));
      for (const Finding& f : NameFindings(a.name)) {
        if (f.category == DataCategory::kPersonName) continue;  // the name itself
        found.push_back({f, location, -1, a.address, {}, {}, {}, {}});
      }
    }
    // A robot's or a role's connection (a bounce's MTA, a newsletter's mailer) is a
    // server's or a workstation's, no person's.
    if (!sender.empty() && FunctionalReason(sender).empty()) {
      std::vector<Finding> ips;
      DetectClientIp(m.client_ip_headers, m.received_headers, scope.domains, &ips);
      for (Finding& f : ips) {
        const char* where =
            f.validation == "originating-ip" ? "header:x-originating-ip" : "header:received";
        found.push_back({std::move(f), where, -1, sender, {}, {}, {}, {}});
      }
    }
    // A child on a school's class list: born less than 18 years before the message. Only a
    // row's or a document's person: a date in a message's text is often not its writer's (a
    // parent writes their child's, and was taken for a minor).
    if (m.date_utc) {
      for (LocatedFinding& lf : found) {
        Finding& f = lf.finding;
        if (lf.content && f.category == DataCategory::kDateOfBirth && !IsNearMiss(f) &&
            MinorOn(f.value, *m.date_utc)) {
          f.validation = kMinorValidation;
          lf.content->minor = true;
        }
      }
    }
  }
  return out;
}

void SealFindings(std::string_view hmac_key, std::vector<std::vector<LocatedFinding>>* found) {
  HmacSha256 hmac(hmac_key);
  for (auto& message : *found) {
    for (LocatedFinding& lf : message) {
      if (lf.content && !lf.content->sealed) {
        lf.content->key = "content:" + hmac.Hex("person:" + lf.content->key).substr(0, 32);
        for (std::string& id : lf.content->identifiers) id = hmac.Hex(id);  // as keyed_hash
        lf.content->sealed = true;
      }
      lf.masked_preview = MaskedPreview(lf.finding);
      std::string data(InfoOf(lf.finding.category).name);
      data += ':';
      data += lf.finding.value;
      lf.keyed_hash = hmac.Hex(data);
    }
  }
}

}  // namespace breachkit
