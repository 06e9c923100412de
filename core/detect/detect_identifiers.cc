// Identifiers: French NIR, SIREN/SIRET, identity card and passport numbers (near context
// words only), dates of birth (near context words only), IPv4/IPv6 addresses.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include <arpa/inet.h>
#include <fmt/core.h>

#include "core/detect/detector.h"
#include "core/detect/text_util.h"
#include "core/util/ascii.h"
#include "core/util/check_digits.h"

namespace breachkit {
namespace {

bool BoundaryBefore(std::string_view text, size_t i) { return !WordByteBefore(text, i); }
bool BoundaryAfter(std::string_view text, size_t e) {
  return e >= text.size() ||
         (!WordByteAt(text, e) && !(text[e] == '.' && e + 1 < text.size() && IsDigit(text[e + 1])));
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

// INSEE NIR: sex (1, 2; 7, 8 provisional), year, month (01-12; 20, 30-42, 50-99 when
// unknown), département (01-95, 2A, 2B, 96-99), commune, order, key = 97 - N mod 97 where
// 2A counts as 19 and 2B as 18.
bool NirValid(std::string_view c15) {
  if (c15.size() != 15) return false;
  const char sex = c15[0];
  if (!(sex == '1' || sex == '2' || sex == '3' || sex == '4' || sex == '7' || sex == '8'))
    return false;
  for (size_t k : {1u, 2u, 3u, 4u, 7u, 8u, 9u, 10u, 11u, 12u, 13u, 14u}) {
    if (!IsDigit(c15[k])) return false;
  }
  const int month = Num(c15.substr(3, 2));
  if (!((month >= 1 && month <= 12) || month == 20 || (month >= 30 && month <= 42) || month >= 50))
    return false;
  std::string number(c15.substr(0, 13));
  const std::string_view dept = c15.substr(5, 2);
  if (dept == "2A" || dept == "2B") {
    number.replace(5, 2, dept == "2A" ? "19" : "18");
  } else if (!IsDigit(dept[0]) || !IsDigit(dept[1]) || Num(dept) == 0) {
    return false;
  }
  long long n = 0;
  for (char c : number) n = n * 10 + (c - '0');
  const int key = Num(c15.substr(13, 2));
  return key == 97 - static_cast<int>(n % 97);
}

namespace {

// The digits of a number written in groups ("1 23 45 67 890 123 45"): up to `max` of them
// from `i`, the group sizes between separators, and where the last one ends. Fixed
// buffers: this runs on every number of every text.
struct DigitGroups {
  char digits[15];
  size_t count = 0;
  int groups[16];
  size_t group_count = 0;
  size_t end = 0;

  bool Shape(std::initializer_list<int> sizes) const {
    return group_count == sizes.size() && std::equal(sizes.begin(), sizes.end(), groups);
  }
  std::string_view Digits() const { return {digits, count}; }
};

// `take(c, count)`: whether c is a digit of the number; `separator(c)`: whether c may stand
// between two groups (when an alphanumeric byte follows it).
template <typename Take, typename Separator>
DigitGroups ReadGroups(std::string_view text, size_t i, size_t max, Take take,
                       Separator separator) {
  DigitGroups g;
  g.end = i;
  int run = 0;
  for (size_t j = i; j < text.size() && g.count < max; ++j) {
    const char c = text[j];
    if (take(c, g.count)) {
      g.digits[g.count++] = c;
      ++run;
      g.end = j + 1;
    } else if (separator(c) && j + 1 < text.size() && IsAsciiAlnum(text[j + 1]) &&
               g.group_count + 1 < std::size(g.groups)) {
      g.groups[g.group_count++] = run;
      run = 0;
    } else if (const size_t space = UnicodeSpaceAt(text, j);
               space > 0 && separator(' ') && j + space < text.size() &&
               IsAsciiAlnum(text[j + space]) && g.group_count + 1 < std::size(g.groups)) {
      g.groups[g.group_count++] = run;  // a no-break space between groups, as a space
      run = 0;
      j += space - 1;
    } else {
      break;
    }
  }
  g.groups[g.group_count++] = run;
  return g;
}

}  // namespace

void DetectNirs(std::string_view text, std::vector<Finding>* out) {
  for (size_t i = NextDigit(text, 0); i < text.size(); i = NextDigit(text, i + 1)) {
    const char s = text[i];
    if (!(s == '1' || s == '2' || s == '3' || s == '4' || s == '7' || s == '8') ||
        !BoundaryBefore(text, i)) {
      continue;
    }
    const DigitGroups g = ReadGroups(
        text, i, 15,
        [](char c, size_t count) { return IsDigit(c) || ((c == 'A' || c == 'B') && count == 6); },
        [](char c) { return c == ' ' || c == '.' || c == '-'; });
    // As people write it: whole, "1 23 45 67 890 123 45", or the number then its key.
    const bool shaped = g.Shape({15}) || g.Shape({1, 2, 2, 2, 3, 3, 2}) || g.Shape({13, 2});
    if (g.count != 15 || !shaped || !BoundaryAfter(text, g.end) || !NirValid(g.Digits())) continue;
    out->push_back(
        {DataCategory::kNir, "nir", i, g.end, std::string(g.Digits()), 0.99, "nir-key", false});
    i = g.end;
  }
}

// ---------------------------------------------------------------------------------------
// The British National Insurance number and the Irish PPS number: the social security
// numbers of those countries, recorded as a NIR is (their persons' "social security number").

namespace {

// HMRC's rules for the two letters: not D, F, I, Q, U or V first, not D, F, I, O, Q, U or V
// second, never BG, GB, KN, NK, NT, TN or ZZ. "QQ" is HMRC's own specimen (QQ 12 34 56 C),
// which forms and test files copy: under its label it is taken for what it stands for.
bool NinoPrefixValid(char a, char b) {
  if (!(a >= 'A' && a <= 'Z') || !(b >= 'A' && b <= 'Z')) return false;
  if (a == 'Q' && b == 'Q') return true;
  if (std::string_view("DFIQUV").find(a) != std::string_view::npos ||
      std::string_view("DFIOQUV").find(b) != std::string_view::npos) {
    return false;
  }
  for (const std::string_view bad : {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}) {
    if (a == bad[0] && b == bad[1]) return false;
  }
  return true;
}

// "AB 12 34 56 C", "AB123456C", "AB 123456 C", "ab123456c" (the suffix A to D, or none)
// starting at `i`: its compact form and where it ends, or nothing.
// Lower-case letters only in a cell (`any_case`): in running text "le 123456", "ce 204117"
// are words before a number.
std::optional<std::pair<std::string, size_t>> ReadNino(std::string_view text, size_t i,
                                                       bool any_case) {
  auto upper = [&](char c) {
    return static_cast<char>(any_case && c >= 'a' && c <= 'z' ? c - 32 : c);
  };
  if (i + 8 > text.size()) return std::nullopt;
  const char a = upper(text[i]), b = upper(text[i + 1]);
  if (!NinoPrefixValid(a, b)) return std::nullopt;
  std::string compact{a, b};
  size_t j = i + 2;
  auto space = [&] {
    if (j < text.size() && (text[j] == ' ' || text[j] == '-')) return size_t{1};
    return UnicodeSpaceAt(text, j);
  };
  int groups = 0;
  while (compact.size() < 8 && j < text.size()) {
    if (IsDigit(text[j])) {
      compact.push_back(text[j++]);
      continue;
    }
    // A separator only between pairs of digits, or before the first.
    const size_t n = space();
    if (n == 0 || (compact.size() - 2) % 2 != 0 || j + n >= text.size() || !IsDigit(text[j + n]))
      break;
    j += n;
    ++groups;
  }
  if (compact.size() != 8 || (j < text.size() && IsDigit(text[j]))) return std::nullopt;
  if (groups == 2 || groups > 3) return std::nullopt;  // "AB 12 3456": no shape of it
  size_t end = j;
  const size_t n = space();
  const size_t k = j + n;
  if (k < text.size()) {
    const char suffix = any_case ? upper(text[k]) : text[k];
    if (suffix >= 'A' && suffix <= 'D' && (k + 1 >= text.size() || !IsAsciiAlnum(text[k + 1]))) {
      compact.push_back(suffix);
      end = k + 1;
    }
  }
  if (end < text.size() && IsAsciiAlnum(text[end])) return std::nullopt;
  return std::make_pair(std::move(compact), end);
}

// The Irish PPS number: seven digits, a check letter, maybe a second letter ("1234567TW",
// "1234567FA"); the check is the digits weighted 8 to 2, plus 9 times the second letter's
// rank, modulo 23 (0 is W).
bool PpsnValid(std::string_view compact) {
  if (compact.size() != 8 && compact.size() != 9) return false;
  int sum = 0;
  for (size_t k = 0; k < 7; ++k) {
    if (!IsDigit(compact[k])) return false;
    sum += (compact[k] - '0') * static_cast<int>(8 - k);
  }
  const char check = compact[7];
  if (check < 'A' || check > 'W') return false;
  if (compact.size() == 9) {
    const char second = compact[8];
    if (second < 'A' || second > 'Z') return false;
    if (second != 'W') sum += (second - 'A' + 1) * 9;
  }
  const int r = sum % 23;
  return check == (r == 0 ? 'W' : static_cast<char>('A' + r - 1));
}

std::optional<std::pair<std::string, size_t>> ReadPpsn(std::string_view text, size_t i) {
  if (i + 8 > text.size()) return std::nullopt;
  std::string compact;
  size_t j = i;
  while (j < text.size() && IsDigit(text[j]) && compact.size() < 8) compact.push_back(text[j++]);
  if (compact.size() != 7) return std::nullopt;
  if (j < text.size() && text[j] == ' ') ++j;
  for (int letters = 0; letters < 2 && j < text.size(); ++letters) {
    const char c = text[j];
    const char u = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    if (u < 'A' || u > 'Z') break;
    compact.push_back(u);
    ++j;
  }
  if (j < text.size() && IsAsciiAlnum(text[j])) return std::nullopt;
  if (!PpsnValid(compact)) return std::nullopt;
  return std::make_pair(std::move(compact), j);
}

// Whether `words` stand before `pos` in its clause, or, for a number that starts its line,
// at the end of the line before: a mail's lines are wrapped, "my National Insurance number
// is\nQQ 12 34 56 C" is one clause.
bool LabelBefore(std::string_view text, size_t pos, std::initializer_list<std::string_view> words) {
  if (ContextBefore(text, pos, 60, words)) return true;
  size_t line = pos;
  while (line > 0 && (text[line - 1] == ' ' || text[line - 1] == '\t')) --line;
  if (line == 0 || text[line - 1] != '\n') return false;
  size_t end = line - 1;
  if (end > 0 && text[end - 1] == '\r') --end;
  // A line that ends a sentence or is empty ends the clause.
  if (end == 0 || text[end - 1] == '.' || text[end - 1] == '\n') return false;
  return ContextBefore(text, end, 60, words);
}

// "NI: QQ 12 34 56 C", "N.I. QQ…": the capitals NI, alone, right before the number (a colon
// or spaces between). Not "ni" (a French word), not "NI" further away ("Our NI office:
// Belfast, order CE 204117").
bool NiRightBefore(std::string_view text, size_t pos) {
  size_t e = pos;
  while (e > 0 && (text[e - 1] == ' ' || text[e - 1] == ':' || text[e - 1] == '\t')) --e;
  std::string_view before = text.substr(0, e);
  for (const std::string_view label : {"N.I.", "NI"}) {
    if (before.ends_with(label) &&
        (before.size() == label.size() || !IsAsciiAlnum(before[before.size() - label.size() - 1])))
      return true;
  }
  return false;
}

}  // namespace

void DetectForeignSocialNumbers(std::string_view text, std::vector<Finding>* out) {
  // Letters then digits: look from each run of digits back to its letters.
  for (size_t k = NextDigit(text, 0); k < text.size(); k = NextDigit(text, k + 1)) {
    // A run of digits is looked at from its start only.
    const size_t start = k;
    while (k + 1 < text.size() && IsDigit(text[k + 1])) ++k;
    // A PPS number is seven digits, a NI number's groups two or six (a label is rare; the
    // shape, first, is cheap).
    const size_t run = k + 1 - start;
    if (run != 7 && run != 2 && run != 6) continue;
    k = start;
    // A PPS number starts at its digits; a NI number two letters (and a space) before them.
    if (run == 7 && BoundaryBefore(text, k)) {
      if (auto ppsn = ReadPpsn(text, k);
          ppsn && LabelBefore(text, k,
                              {"pps", "ppsn", "pps no", "pps number", "personal public service"})) {
        out->push_back({DataCategory::kNir, "ie_ppsn", k, ppsn->second, std::move(ppsn->first),
                        0.95, "ppsn-key", false});
        k = ppsn->second;
        continue;
      }
    }
    for (const size_t back : {size_t{2}, size_t{3}}) {
      if (k < back || run == 7) continue;
      const size_t i = k - back;
      if (!BoundaryBefore(text, i)) continue;
      auto nino = ReadNino(text, i, /*any_case=*/false);
      if (!nino || !(LabelBefore(text, i,
                                 {"national insurance", "nat ins", "nino", "ni number", "ni no",
                                  "n i number", "n i no"}) ||
                     NiRightBefore(text, i))) {
        continue;
      }
      out->push_back({DataCategory::kNir, "uk_nino", i, nino->second, std::move(nino->first), 0.95,
                      "nino-format", false});
      k = nino->second;
      break;
    }
    if (k == start) k += run - 1;
  }
}

std::optional<Finding> SocialNumberOfCell(std::string_view cell) {
  const size_t at = cell.find_first_not_of(' ');
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view t = cell.substr(at, cell.find_last_not_of(' ') + 1 - at);
  if (t.size() > 16) return std::nullopt;
  if (auto nino = ReadNino(t, 0, /*any_case=*/true); nino && nino->second == t.size()) {
    return Finding{DataCategory::kNir,   "uk_nino", at, at + t.size(), std::move(nino->first), 0.95,
                   "column+nino-format", false};
  }
  if (auto ppsn = ReadPpsn(t, 0); ppsn && ppsn->second == t.size()) {
    return Finding{DataCategory::kNir, "ie_ppsn", at, at + t.size(), std::move(ppsn->first), 0.95,
                   "column+ppsn-key",  false};
  }
  return std::nullopt;
}

void DetectOrganisationIds(std::string_view text, std::vector<Finding>* out) {
  auto context = [&](size_t i) {
    return ContextBefore(text, i, 40, {"siren", "siret", "rcs", "n° tva", "tva intra"});
  };
  for (size_t i = NextDigit(text, 0); i < text.size(); i = NextDigit(text, i + 1)) {
    if (!BoundaryBefore(text, i)) continue;
    const DigitGroups g = ReadGroups(
        text, i, 14, [](char c, size_t) { return IsDigit(c); }, [](char c) { return c == ' '; });
    const size_t end = g.end;
    if (!BoundaryAfter(text, end) || (end < text.size() && IsDigit(text[end]))) {
      i = end;
      continue;
    }
    const std::string_view digits = g.Digits();
    if (digits.size() == 14) {
      const bool la_poste = digits.starts_with("356000000");
      int sum = 0;
      for (char c : digits) sum += c - '0';
      const bool valid =
          la_poste ? sum % 5 == 0 : LuhnValid(digits) && LuhnValid(digits.substr(0, 9));
      if (valid && (g.Shape({3, 3, 3, 5}) || context(i))) {
        out->push_back({DataCategory::kOrganisationId, "siret", i, end, std::string(digits), 0.95,
                        "luhn", false});
      }
    } else if (digits.size() == 9 && LuhnValid(digits) && context(i)) {
      out->push_back({DataCategory::kOrganisationId, "siren", i, end, std::string(digits), 0.95,
                      "luhn+context", false});
    }
    i = end;
  }
}

void DetectIdentityDocuments(std::string_view text, std::vector<Finding>* out) {
  // A document number has digits, which prose rarely has: start from each digit, take the
  // token of digits and capitals around it, then ask for a context word before it.
  auto is_id_byte = [](char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); };
  for (size_t k = NextDigit(text, 0); k < text.size(); k = NextDigit(text, k + 1)) {
    size_t i = k;
    while (i > 0 && is_id_byte(text[i - 1])) --i;
    size_t j = k;
    int digits = 0;
    while (j < text.size() && is_id_byte(text[j])) digits += IsDigit(text[j++]);
    k = j;
    const size_t n = j - i;
    if (n < 9 || n > 12 || digits < 2 || !BoundaryBefore(text, i) || !BoundaryAfter(text, j))
      continue;
    if (!ContextBefore(text, i, 60,
                       {"carte d'identite", "carte nationale d'identite", "cni", "piece d'identite",
                        "passeport", "passport", "identity card", "id card", "titre de sejour",
                        "permis de conduire", "driving licence", "driver's license"})) {
      continue;
    }
    out->push_back({DataCategory::kIdentityDocument, "identity_document", i, j,
                    std::string(text.substr(i, n)), 0.85, "context", false});
  }
}

// ---------------------------------------------------------------------------------------
// Dates of birth: a date (numeric, or written in French or English) with a birth context
// word just before it. Other dates are not personal data by themselves.

namespace {

constexpr std::array<std::string_view, 12> kMonthsFr{
    "janvier", "fevrier", "mars",      "avril",   "mai",      "juin",
    "juillet", "aout",    "septembre", "octobre", "novembre", "decembre"};
constexpr std::array<std::string_view, 12> kMonthsEn{
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

int MonthFromWord(std::string_view w) {
  for (int m = 0; m < 12; ++m) {
    if (w == kMonthsFr[static_cast<size_t>(m)] || w == kMonthsEn[static_cast<size_t>(m)])
      return m + 1;
    // Abbreviations: "avr.", "sept", "jan", "feb"...
    if (w.size() >= 3 &&
        (kMonthsFr[static_cast<size_t>(m)].starts_with(w) ||
         kMonthsEn[static_cast<size_t>(m)].starts_with(w)) &&
        w != "mar" && w != "ma") {
      return m + 1;
    }
  }
  if (w == "mar" || w == "mars") return 3;
  return 0;
}

bool ValidDate(int y, int m, int d) {
  if (y < 1900 || y > 2030 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kDays[m - 1]) return false;
  if (m == 2 && d == 29) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return true;
}

struct DateMatch {
  size_t end = 0;
  int y = 0, m = 0, d = 0;
};

// A date starting at `i` in the folded text, or nothing.
std::optional<DateMatch> DateAt(std::string_view f, size_t i) {
  auto number = [&](size_t& p, size_t max_len) {
    size_t s = p;
    int v = 0;
    while (p < f.size() && IsDigit(f[p]) && p - s < max_len) v = v * 10 + (f[p++] - '0');
    return p > s && (p >= f.size() || !IsDigit(f[p])) ? v : -1;
  };
  auto word = [&](size_t& p) {
    size_t s = p;
    while (p < f.size() && IsAsciiAlpha(f[p])) ++p;
    return f.substr(s, p - s);
  };
  auto skip = [&](size_t& p, std::string_view s) {
    if (f.substr(p, s.size()) != s) return false;
    p += s.size();
    return true;
  };
  auto ordinal = [&](size_t& p, bool french) {  // 1er, 1st, 2nd, 3rd, 4th
    for (std::string_view o : {"er", "st", "nd", "rd", "th"}) {
      if ((french || o != "er") && skip(p, o)) return;
    }
  };
  // " 1996" that ends a written date: the date, if it is one.
  auto year = [&](size_t p, int m, int d) -> std::optional<DateMatch> {
    if (!skip(p, " ")) return std::nullopt;
    const int y = number(p, 4);
    if (!ValidDate(y, m, d)) return std::nullopt;
    return DateMatch{p, y, m, d};
  };
  size_t p = i;
  if (IsDigit(f[p])) {
    const size_t s = p;
    const int a = number(p, 4);
    if (a < 0) return std::nullopt;
    if (p - s == 4 && p < f.size() && f[p] == '-') {  // ISO 1996-04-03
      ++p;
      const int m = number(p, 2);
      if (m < 0 || p >= f.size() || f[p] != '-') return std::nullopt;
      ++p;
      const int d = number(p, 2);
      if (d < 0 || !ValidDate(a, m, d)) return std::nullopt;
      return DateMatch{p, a, m, d};
    }
    if (p < f.size() && (f[p] == '/' || f[p] == '.' || f[p] == '-')) {  // 03/04/1996
      const char sep = f[p++];
      const int m = number(p, 2);
      if (m < 0 || p >= f.size() || f[p] != sep) return std::nullopt;
      ++p;
      const size_t ys = p;
      int y = number(p, 4);
      if (y < 0) return std::nullopt;
      if (p - ys == 2) y += y > 30 ? 1900 : 2000;
      if (!ValidDate(y, m, a)) return std::nullopt;
      return DateMatch{p, y, m, a};
    }
    // 3 avril 1996, 1er avril 1996, 3rd April 1996, 3 of April 1996, 3 avr. 1996
    ordinal(p, true);
    if (!skip(p, " ")) return std::nullopt;
    skip(p, "of ");
    const int m = MonthFromWord(word(p));
    if (!m) return std::nullopt;
    skip(p, ".");
    return year(p, m, a);
  }
  if (IsAsciiAlpha(f[p])) {  // April 3, 1996
    const int m = MonthFromWord(word(p));
    if (!m || !skip(p, " ")) return std::nullopt;
    const int d = number(p, 2);
    if (d < 0) return std::nullopt;
    ordinal(p, false);
    skip(p, ",");
    return year(p, m, d);
  }
  return std::nullopt;
}

}  // namespace

namespace {

// Folds text[from, to) into `folded`, keeping for each folded byte the original byte.
void FoldWindow(std::string_view text, size_t from, size_t to, std::string* folded,
                std::vector<size_t>* map) {
  for (size_t i = from; i < to;) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t len = std::min<size_t>(c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4, to - i);
    if (c < 0x80) {
      folded->push_back(static_cast<char>(std::tolower(c)));
      map->push_back(i);
    } else {
      for (char ch : Fold(text.substr(i, len))) {
        folded->push_back(ch);
        map->push_back(i);
      }
    }
    i += len;
  }
  map->push_back(to);
}

// Whether a birth cue starts at text[i]: every context word holds "né", "ne le", "ne en",
// "nee", "ne(e)", "naissance", "birth", "born" or "dob" (any case). A cheap pre-screen.
bool BirthCueAt(std::string_view text, size_t i) {
  auto at = [&](size_t from, std::string_view s) {
    if (from + s.size() > text.size()) return false;
    for (size_t k = 0; k < s.size(); ++k) {
      if ((text[from + k] | 0x20) != s[k] && text[from + k] != s[k]) return false;
    }
    return true;
  };
  switch (text[i] | 0x20) {
    case 'n':
      return at(i + 1, "\xc3\xa9") || at(i + 1, "e le") || at(i + 1, "e en") || at(i + 1, "ee ") ||
             at(i + 1, "e(e)");
    case 'a': return at(i + 1, "issance");
    case 'b': return at(i + 1, "irth") || at(i + 1, "orn");
    case 'd': return at(i + 1, "ob") || at(i + 1, ".o.b");
    default: return false;
  }
}

// Birth context words in the 40 bytes before `pos`, same clause. Positions are asked in
// increasing order: the pre-screen reads each byte of the text once (`scanned_to`), however
// many numbers sit close together.
class BirthContext {
 public:
  explicit BirthContext(std::string_view text) : text_(text) {}

  bool Before(size_t pos) {
    const size_t from = pos > 40 ? pos - 40 : 0;
    for (size_t k = std::max(scanned_to_, from); k < pos; ++k) {
      if (BirthCueAt(text_, k)) last_cue_ = k;
    }
    scanned_to_ = std::max(scanned_to_, pos);
    if (last_cue_ == std::string_view::npos || last_cue_ < from) return false;
    return ContextBefore(
        text_, pos, 40,
        {"ne le", "nee le", "ne(e) le", "nee en", "ne en", "date de naissance", "naissance", "dob",
         "d.o.b", "date of birth", "born on", "born", "birthday", "ne(e)"});
  }

 private:
  std::string_view text_;
  size_t scanned_to_ = 0;
  size_t last_cue_ = std::string_view::npos;
};

}  // namespace

void DetectDatesOfBirth(std::string_view text, std::vector<Finding>* out) {
  BirthContext birth_context(text);
  // Dates are rarer than words: start from each number that can begin a date and look for
  // a birth context word just before it, in the same clause.
  for (size_t i = NextDigit(text, 0); i < text.size(); i = NextDigit(text, i + 1)) {
    if (i > 0 && (IsAsciiAlnum(text[i - 1]) || text[i - 1] == '/' || text[i - 1] == '.' ||
                  text[i - 1] == '-')) {
      while (i + 1 < text.size() && IsDigit(text[i + 1])) ++i;
      continue;
    }
    // Cheap shape check first: 1 to 4 digits, then '/', '.', '-', or a space and a letter
    // (or 1er / 3rd ...): what every date DateAt reads starts with.
    size_t k = i;
    while (k < text.size() && IsDigit(text[k]) && k - i < 5) ++k;
    const bool shaped =
        k - i <= 4 && k < text.size() &&
        (text[k] == '/' || text[k] == '.' || text[k] == '-' ||
         (text[k] == ' ' && k + 1 < text.size() &&
          (IsAsciiAlpha(text[k + 1]) || static_cast<unsigned char>(text[k + 1]) >= 0x80)) ||
         IsAsciiAlpha(text[k]));
    if (!shaped || !birth_context.Before(i)) {
      while (i + 1 < text.size() && IsDigit(text[i + 1])) ++i;
      continue;
    }
    const size_t to = std::min(text.size(), i + 32);
    std::string folded;
    std::vector<size_t> map;
    FoldWindow(text, i, to, &folded, &map);
    const auto d = DateAt(folded, 0);
    if (!d) {
      while (i + 1 < text.size() && IsDigit(text[i + 1])) ++i;
      continue;
    }
    out->push_back({DataCategory::kDateOfBirth, "date_of_birth", i, map[d->end],
                    fmt::format("{:04}-{:02}-{:02}", d->y, d->m, d->d), 0.9, "context", false});
    i = map[d->end];
  }
  // "Date of birth: April 3, 1996": the month comes first, after an English context word,
  // found in one pass over the text (a 'b' or 'd' is where one can start).
  static constexpr std::array<std::string_view, 8> kEnglishContexts{
      "birth", "Birth", "BIRTH", "born", "Born", "BORN", "DOB", "dob"};
  for (size_t at = 0; at + 1 < text.size(); ++at) {
    const char first = static_cast<char>(text[at] | 0x20);
    if (first != 'b' && first != 'd') continue;
    const std::string_view here = text.substr(at);
    for (std::string_view ctx : kEnglishContexts) {
      if (ctx[0] != here[0] || ctx[1] != here[1] || !here.starts_with(ctx)) continue;
      size_t p = at + ctx.size();
      while (p < text.size() && p < at + ctx.size() + 6 && !IsAsciiAlpha(text[p]) &&
             !IsDigit(text[p]))
        ++p;
      if (p >= text.size() || !IsAsciiAlpha(text[p])) continue;
      std::string folded;
      std::vector<size_t> map;
      FoldWindow(text, p, std::min(text.size(), p + 32), &folded, &map);
      if (const auto d = DateAt(folded, 0)) {
        out->push_back({DataCategory::kDateOfBirth, "date_of_birth", p, map[d->end],
                        fmt::format("{:04}-{:02}-{:02}", d->y, d->m, d->d), 0.9, "context", false});
      }
    }
  }
}

// ---------------------------------------------------------------------------------------

namespace {

struct IpSpan {
  size_t begin = 0;
  size_t end = 0;
  std::string value;  // IPv4 as written, IPv6 canonical
  bool v6 = false;
};

// Every IPv4 and IPv6 address of `text` by its syntax alone, in order. IPv4: four numbers
// 0-255, not part of a longer dotted number (versions, OIDs) nor followed by ".g432b3" (a git
// version). IPv6: hex groups around a ':' (rare in prose), validated by inet_pton.
std::vector<IpSpan> FindIps(std::string_view text) {
  std::vector<IpSpan> found;
  for (size_t i = NextDigit(text, 0); i < text.size(); i = NextDigit(text, i + 1)) {
    if (i > 0 && (IsWordByte(text[i - 1]) || text[i - 1] == '.')) continue;
    size_t p = i;
    int parts = 0;
    bool ok = true;
    while (parts < 4) {
      const size_t s = p;
      int v = 0;
      while (p < text.size() && IsDigit(text[p]) && p - s < 3) v = v * 10 + (text[p++] - '0');
      if (p == s || v > 255 || (p - s > 1 && text[s] == '0')) {
        ok = false;
        break;
      }
      ++parts;
      if (parts < 4) {
        if (p >= text.size() || text[p] != '.') {
          ok = false;
          break;
        }
        ++p;
      }
    }
    if (ok && (p >= text.size() ||
               (!IsWordByte(text[p]) &&
                !(text[p] == '.' && p + 1 < text.size() && IsAsciiAlnum(text[p + 1]))))) {
      found.push_back({i, p, std::string(text.substr(i, p - i)), false});
      i = p;
      continue;
    }
    while (i + 1 < text.size() && (IsDigit(text[i + 1]) || text[i + 1] == '.')) ++i;
  }
  auto is_token = [](char c) { return IsAsciiAlnum(c) || c == ':' || c == '.'; };
  size_t next_free = 0;
  for (size_t colon = text.find(':'); colon != std::string_view::npos;
       colon = text.find(':', colon + 1)) {
    if (colon < next_free) continue;
    size_t i = colon;
    while (i > 0 && is_token(text[i - 1])) --i;
    size_t p = colon;
    while (p < text.size() && is_token(text[p])) ++p;
    next_free = p;
    while (p > i && (text[p - 1] == '.' || text[p - 1] == ':')) --p;
    if (i > 0 && IsWordByte(text[i - 1])) continue;
    int colons = 0;
    for (size_t k = i; k < p; ++k) colons += text[k] == ':';
    if (colons < 2 || p - i < 6 || p - i > 45) continue;
    const std::string token(text.substr(i, p - i));
    in6_addr addr;
    if (inet_pton(AF_INET6, token.c_str(), &addr) == 1) {
      char canonical[INET6_ADDRSTRLEN];
      inet_ntop(AF_INET6, &addr, canonical, sizeof canonical);
      found.push_back({i, p, canonical, true});
    }
  }
  std::sort(found.begin(), found.end(),
            [](const IpSpan& a, const IpSpan& b) { return a.begin < b.begin; });
  return found;
}

bool PublicIpv4(uint32_t a) {
  struct Range {
    uint32_t net;
    int bits;
  };
  // RFC 6890's special-purpose ranges: none of them is a device's address on the Internet.
  static constexpr std::array<Range, 15> kNotPublic{{
      {0x00000000, 8},   // "this network"
      {0x0A000000, 8},   // private (RFC 1918)
      {0x64400000, 10},  // shared address space of carrier-grade NAT (RFC 6598)
      {0x7F000000, 8},   // loopback
      {0xA9FE0000, 16},  // link-local
      {0xAC100000, 12},  // private (RFC 1918)
      {0xC0000000, 24},  // IETF protocol assignments
      {0xC0000200, 24},  // documentation TEST-NET-1 (RFC 5737)
      {0xC0A80000, 16},  // private (RFC 1918)
      {0xC6120000, 15},  // benchmarking (RFC 2544)
      {0xC6336400, 24},  // documentation TEST-NET-2
      {0xCB007100, 24},  // documentation TEST-NET-3
      {0xE0000000, 4},   // multicast
      {0xF0000000, 4},   // reserved, and the broadcast address
      {0xC0586300, 24},  // 6to4 relay anycast (deprecated)
  }};
  for (const Range& r : kNotPublic) {
    if ((a >> (32 - r.bits)) == (r.net >> (32 - r.bits))) return false;
  }
  return true;
}

}  // namespace

bool IsPublicIp(std::string_view value) {
  const std::string s(value);
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return PublicIpv4(ntohl(v4.s_addr));
  in6_addr v6;
  if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return false;
  const uint8_t* b = v6.s6_addr;
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(b, b + 12, kMapped)) {
    return PublicIpv4(static_cast<uint32_t>(b[12]) << 24 | static_cast<uint32_t>(b[13]) << 16 |
                      static_cast<uint32_t>(b[14]) << 8 | b[15]);
  }
  if ((b[0] & 0xe0) != 0x20) return false;  // only global unicast 2000::/3 is a device's
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // 2001:db8::/32
  return true;
}

void DetectIpAddresses(std::string_view text, std::vector<Finding>* out) {
  // In prose, an address is a person's only when the text says it is one ("mon adresse IP",
  // "connected from"): the others are a server's in a log, a bounce or a configuration. A
  // version ("version 1.2.3.4", "AvMailGate-2.0.0.6", ",v 1.94"), a URL's host or an address
  // that is no device's on the Internet never is.
  for (IpSpan& ip : FindIps(text)) {
    const size_t i = ip.begin;
    if (!IsPublicIp(ip.value)) continue;
    if (i > 0 && (text[i - 1] == '-' || text[i - 1] == '_' || text[i - 1] == '/' ||
                  text[i - 1] == '@' || text[i - 1] == '=')) {
      continue;  // "Gate-2.0.0.6", "http://1.2.3.4", "user@1.2.3.4", "ip4=…"
    }
    if (ContextBefore(text, i, 16,
                      {"version", "v", "v.", "ver", "rev", "release", "build", "oid", "identifier",
                       "ip4", "ip6", "section", "rfc"})) {
      continue;
    }
    if (!ContextBefore(text, i, 48,
                       {"ip", "ipv4", "ipv6", "adresse", "adresses", "address", "addr", "connexion",
                        "connection", "connecte", "connectee", "connected", "logged", "login"})) {
      continue;
    }
    out->push_back({DataCategory::kIpAddress, ip.v6 ? "ipv6" : "ipv4", ip.begin, ip.end,
                    std::move(ip.value), 0.85, ip.v6 ? "inet_pton" : "octets", false});
  }
}

namespace {

// The offset of `word` (lower case, followed by a space or '=') in `lower` outside
// parentheses, or npos.
size_t AtDepthZero(std::string_view lower, std::string_view word) {
  int depth = 0;
  for (size_t i = 0; i < lower.size(); ++i) {
    if (lower[i] == '(') ++depth;
    if (lower[i] == ')' && depth > 0) --depth;
    if (depth == 0 && (i == 0 || lower[i - 1] == ' ') && lower.substr(i).starts_with(word)) {
      return i;
    }
  }
  return std::string_view::npos;
}

// The first word of `s` from `at`: letters, digits and ".-_[]:" (a host, or an address
// literal).
std::string_view WordAt(std::string_view s, size_t at) {
  size_t e = at;
  while (e < s.size() && (IsAsciiAlnum(s[e]) || s[e] == '.' || s[e] == '-' || s[e] == '_' ||
                          s[e] == '[' || s[e] == ']' || s[e] == ':')) {
    ++e;
  }
  return s.substr(at, e - at);
}

bool UnderDomain(std::string_view host, const std::vector<std::string>& domains) {
  const std::string h = AsciiLower(host);
  for (const std::string& d : domains) {
    if (d.empty()) continue;
    const std::string ld = AsciiLower(d);
    if (h == ld || (h.size() > ld.size() && h.ends_with(ld) && h[h.size() - ld.size() - 1] == '.'))
      return true;
  }
  return false;
}

}  // namespace

void DetectClientIp(std::string_view client_ip_headers, std::string_view received,
                    const std::vector<std::string>& own_domains, std::vector<Finding>* out) {
  // X-Originating-IP and the like: written by the webmail or the submission server about the
  // client that handed it the message.
  for (IpSpan& ip : FindIps(client_ip_headers)) {
    if (!IsPublicIp(ip.value)) continue;
    out->push_back({DataCategory::kIpAddress, ip.v6 ? "ipv6" : "ipv4", ip.begin, ip.end,
                    std::move(ip.value), 0.9, "originating-ip", false});
    return;
  }
  // The Received headers, from the first hop (the last line) up: hops inside the sender's
  // own network (a private or loopback address, a webmail's internal "by 10.x with HTTP")
  // are passed; the first hop from a public address decides. It is the sender's device when
  // the server says the client logged in (ESMTPA, ESMTPSA, "Authenticated sender", "with
  // login"), when it came through a webmail (HTTP), or when the client greeted with a name
  // that is no host name ("laptop", "[10.0.0.5]", "unknown (HELO ljhw)"): a relay between
  // two servers (a host name, plain SMTP) is no one's connection. A hop added by the
  // organisation's own servers (`own_domains`) ends the search: the copy that carries it
  // was seen by no one outside.
  size_t line_end = received.size();
  while (line_end > 0) {
    if (received[line_end - 1] == '\n') {
      --line_end;
      continue;
    }
    const size_t nl = received.rfind('\n', line_end - 1);
    size_t line_begin = nl == std::string_view::npos ? 0 : nl + 1;
    const size_t next_end = line_begin;
    while (line_begin < line_end && (received[line_begin] == ' ' || received[line_begin] == '\t'))
      ++line_begin;
    const std::string_view line = received.substr(line_begin, line_end - line_begin);
    line_end = next_end;
    const std::string lower = AsciiLower(line);
    size_t by = AtDepthZero(lower, "by ");
    if (by == std::string_view::npos) by = lower.size();
    if (lower.starts_with("(")) by = lower.size();  // a comment only
    const std::string_view by_host = WordAt(line, std::min(line.size(), by + 3));
    // A hop with no receiving host ("by ;", "by (Postfix)") is forged: nothing below it holds.
    if (by >= lower.size()) continue;  // "(qmail 1234 invoked by uid 89)": no hop
    if (by_host.empty()) return;
    if (UnderDomain(by_host, own_domains)) return;
    const std::string_view from_clause = line.substr(0, by);
    // The address the server saw: the last one of the "from" clause that is not the
    // client's own greeting ("HELO 1.2.3.4", "helo=[…]").
    std::optional<IpSpan> seen;
    for (IpSpan& ip : FindIps(from_clause)) {
      const std::string before = AsciiLower(from_clause.substr(0, ip.begin));
      const std::string_view b = before;
      if (b.ends_with("helo ") || b.ends_with("helo=") || b.ends_with("helo=[") ||
          b.ends_with("ehlo ")) {
        continue;
      }
      seen = std::move(ip);
    }
    if (!seen || !IsPublicIp(seen->value)) continue;  // a hop inside the sender's network
    const std::string_view lower_view = lower;
    const size_t with = AtDepthZero(lower_view, "with ");
    const std::string protocol =
        with == std::string_view::npos ? std::string() : std::string(WordAt(lower_view, with + 5));
    const bool logged_in =
        protocol.ends_with("smtpa") || protocol.ends_with("smtpsa") || protocol == "asmtp" ||
        protocol.starts_with("http") || lower.find("via http") != std::string::npos ||
        lower.find("authenticated") != std::string::npos ||
        lower.find(" with login") != std::string::npos ||
        lower.find("authid") != std::string::npos || lower.find("(account ") != std::string::npos;
    std::string_view greeting;
    if (size_t h = lower.find("(helo "); h != std::string::npos && h < by) {
      greeting = WordAt(line, h + 6);
    } else if (size_t h2 = lower.find("helo="); h2 != std::string::npos && h2 < by) {
      greeting = WordAt(line, h2 + 5);
    } else if (lower.starts_with("from ")) {
      greeting = WordAt(line, 5);
    }
    const bool bare_greeting = !greeting.empty() && (greeting.front() == '[' ||
                                                     greeting.find('.') == std::string_view::npos ||
                                                     IsDigit(greeting.back()));
    if (!logged_in && !bare_greeting) return;  // a relay between two servers
    out->push_back({DataCategory::kIpAddress, seen->v6 ? "ipv6" : "ipv4", line_begin + seen->begin,
                    line_begin + seen->end, std::move(seen->value), logged_in ? 0.85 : 0.7,
                    logged_in ? "submission-hop" : "client-hop", false});
    return;
  }
}

}  // namespace breachkit
