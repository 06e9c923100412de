#include "core/persons/person_name.h"

#include <algorithm>
#include <array>
#include <vector>

#include <glib.h>

#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

using GString_ = DeletableUniquePtr<gchar, g_free>;

std::string Lower(std::string_view s) {
  GString_ out(g_utf8_strdown(s.data(), static_cast<gssize>(s.size())));
  return out ? std::string(out.get()) : std::string(s);
}

std::string Upper(std::string_view s) {
  GString_ out(g_utf8_strup(s.data(), static_cast<gssize>(s.size())));
  return out ? std::string(out.get()) : std::string(s);
}

// Letters only, and at least one with a case: "THOMAS" and "É" are capitals, "O'NEIL" too.
bool AllCapitals(std::string_view word) {
  bool cased = false;
  for (const char* p = word.data(); p < word.data() + word.size(); p = g_utf8_next_char(p)) {
    const gunichar c = g_utf8_get_char(p);
    if (g_unichar_islower(c)) return false;
    if (g_unichar_isupper(c)) cased = true;
  }
  return cased;
}

bool AllLower(std::string_view word) {
  bool cased = false;
  for (const char* p = word.data(); p < word.data() + word.size(); p = g_utf8_next_char(p)) {
    const gunichar c = g_utf8_get_char(p);
    if (g_unichar_isupper(c)) return false;
    if (g_unichar_islower(c)) cased = true;
  }
  return cased;
}

// Words a surname keeps in lower case after a first name: "Jean de la Fontaine".
bool IsParticle(std::string_view lowered) {
  static constexpr std::array<std::string_view, 9> kParticles{"de", "du",  "des", "d'", "d’",
                                                              "la", "van", "von", "der"};
  return std::find(kParticles.begin(), kParticles.end(), lowered) != kParticles.end();
}

// "jean-pierre" → "Jean-Pierre", "o'neil" → "O'Neil", "ÉLODIE" → "Élodie".
std::string TitleCase(std::string_view word) {
  const std::string low = Lower(word);
  std::string out;
  bool start = true;
  for (const char* p = low.c_str(); *p != '\0'; p = g_utf8_next_char(p)) {
    const char* next = g_utf8_next_char(p);
    const std::string_view ch(p, static_cast<size_t>(next - p));
    out += start ? Upper(ch) : std::string(ch);
    const gunichar c = g_utf8_get_char(p);
    start = c == '-' || c == '\'' || c == 0x2019;
  }
  return out;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

// The first word of a surname of several words: "Le Goff", "Da Silva", "van der Berg".
bool IsSurnameParticle(std::string_view lowered) {
  static constexpr std::array<std::string_view, 22> kParticles{
      "le",  "la",  "de",  "du",  "des", "da",  "das", "do", "dos", "di", "del",
      "van", "von", "ter", "ten", "mac", "ben", "ibn", "al", "el",  "st", "saint"};
  return std::find(kParticles.begin(), kParticles.end(), lowered) != kParticles.end();
}

bool IsRoleWord(std::string_view lowered) {
  static constexpr std::array<std::string_view, 14> kRoles{
      "service",   "équipe",      "team",        "support",    "contact",     "rh",    "hr",
      "direction", "recrutement", "recruitment", "ressources", "secrétariat", "admin", "no-reply"};
  return std::find(kRoles.begin(), kRoles.end(), lowered) != kRoles.end();
}

}  // namespace

std::string NameForGreeting(std::string_view display_name) {
  std::string name(display_name);
  if (!g_utf8_validate(name.data(), static_cast<gssize>(name.size()), nullptr)) return "";
  // Quotes a mailer left around the name.
  auto trim = [](std::string& s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '"' || s.front() == '\''))
      s.erase(s.begin());
    while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\'')) s.pop_back();
  };
  trim(name);
  if (name.empty() || name.find('@') != std::string::npos ||
      std::any_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "";
  }
  // "Martin, Inès": directory order, surname first.
  if (const size_t comma = name.find(','); comma != std::string::npos) {
    if (name.find(',', comma + 1) != std::string::npos) return "";  // a list, not one name
    std::string surname = name.substr(0, comma), given = name.substr(comma + 1);
    trim(surname);
    trim(given);
    if (surname.empty() || given.empty()) return "";
    // "Martin, Inès", "DE LA FONTAINE, Jean" and "Le Goff, Jean" (a surname of several words
    // starting with a particle) are directory order; "Jean Dupont, Directeur" is a name and a
    // title: the name alone.
    const std::vector<std::string> before = Words(surname);
    const bool directory = before.size() == 1 || IsSurnameParticle(Lower(before.front())) ||
                           std::all_of(before.begin(), before.end(),
                                       [](const std::string& w) { return AllCapitals(w); });
    name = directory ? given + " " + surname : surname;
  }
  std::vector<std::string> words = Words(name);
  if (words.empty()) return "";
  for (const std::string& w : words) {
    if (IsRoleWord(Lower(w))) return "";
    // Letters, and the marks names carry ("Jean-Pierre", "O'Neil", "J."): anything else
    // ("<script>", "{x}", "(RH)") is no name to greet.
    for (const char* q = w.c_str(); *q != '\0'; q = g_utf8_next_char(q)) {
      const gunichar c = g_utf8_get_char(q);
      if (!g_unichar_isalpha(c) && c != '-' && c != '\'' && c != 0x2019 && c != '.') return "";
    }
  }
  // A surname in capitals beside a first name that is not ("THOMAS Maëlys", "Maëlys THOMAS",
  // "DE LA FONTAINE Jean"): the capitals are the surname, which goes last.
  std::vector<std::string> given, surname;
  for (const std::string& w : words) {
    const bool initial = w.back() == '.';  // "J.": a first name's initial
    (!initial && AllCapitals(w) && g_utf8_strlen(w.c_str(), -1) > 1 ? surname : given).push_back(w);
  }
  if (!given.empty() && !surname.empty()) {
    words = given;
    words.insert(words.end(), surname.begin(), surname.end());
  }
  // Case: a word in capitals or in lower case is title-cased; a word the writer cased
  // ("McDonald", "DuPont") is kept as written. Particles after the first word stay lower.
  std::string out;
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    std::string cased = w;
    if (k > 0 && k + 1 < words.size() && IsParticle(Lower(w)) && (AllCapitals(w) || AllLower(w))) {
      cased = Lower(w);
    } else if (AllCapitals(w) || AllLower(w)) {
      cased = TitleCase(w);
    }
    out += (out.empty() ? "" : " ") + cased;
  }
  return out;
}

}  // namespace breachkit
