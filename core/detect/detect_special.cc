// GDPR Art. 9 special categories and Art. 10 offence data, from the word lists of
// schemas/special-categories.txt (embedded): whole words, any case, any accents. A finding
// spans the whole sentence, for the human review every such finding needs.
#include <array>
#include <glib.h>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <unordered_map>

#include "core/detect/detector.h"
#include "core/detect/text_util.h"

namespace breachkit {

extern const char kSpecialCategoriesTxt[];

namespace {

struct Term {
  DataCategory category;
  std::vector<std::string> words;  // folded
  std::string text;                // folded, words joined by spaces
};

struct Lexicon {
  std::unordered_map<std::string, std::vector<Term>> by_first_word;
  std::array<uint64_t, 512> prefix_bits{};  // 2-letter prefixes of first words (filter)
};

size_t PrefixIndex(char a, char b) {
  return (static_cast<unsigned char>(a) * 31u + static_cast<unsigned char>(b)) % (512 * 64);
}

// Splits folded text into words: runs of letters and digits (apostrophes and hyphens
// separate words, so "d'origine" is "d" "origine").
template <typename F>
void ForEachWord(std::string_view folded, F&& f) {
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !IsWordByte(folded[i])) ++i;
    const size_t b = i;
    while (i < folded.size() && IsWordByte(folded[i])) ++i;
    if (i > b) f(b, i);
  }
}

const Lexicon& GetLexicon() {
  static const Lexicon lexicon = [] {
    Lexicon lx;
    std::string_view data = kSpecialCategoriesTxt;
    while (!data.empty()) {
      const size_t nl = data.find('\n');
      std::string_view line = data.substr(0, nl);
      data = nl == std::string_view::npos ? std::string_view() : data.substr(nl + 1);
      if (line.empty() || line[0] == '#') continue;
      const size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      const auto category = CategoryFromName(line.substr(0, tab));
      if (!category) continue;
      Term t{*category, {}, Fold(line.substr(tab + 1))};
      ForEachWord(t.text, [&](size_t b, size_t e) { t.words.push_back(t.text.substr(b, e - b)); });
      if (t.words.empty()) continue;
      const std::string& first = t.words.front();
      const size_t bit = PrefixIndex(first[0], first.size() > 1 ? first[1] : ' ');
      lx.prefix_bits[bit / 64] |= uint64_t{1} << (bit % 64);
      lx.by_first_word[first].push_back(std::move(t));
    }
    return lx;
  }();
  return lexicon;
}

}  // namespace

void DetectSpecialCategories(std::string_view text, std::vector<Finding>* out) {
  const Lexicon& lx = GetLexicon();
  // The next word at or after `from`: [b, e), or b == text.size() at the end.
  auto next_word = [&](size_t from) {
    size_t b = from;
    while (b < text.size() && !IsWordByte(text[b])) ++b;
    size_t e = b;
    while (e < text.size() && IsWordByte(text[e])) ++e;
    return std::pair<size_t, size_t>(b, e);
  };
  std::string folded;
  for (auto [wb, we] = next_word(0); wb < text.size(); std::tie(wb, we) = next_word(we)) {
    const std::string_view raw = text.substr(wb, we - wb);
    if (raw.size() > 40) continue;
    // Cheap filter on the first two letters before folding the word.
    char a = raw[0], b = raw.size() > 1 ? raw[1] : ' ';
    if (IsAsciiAlpha(a) && (IsAsciiAlpha(b) || b == ' ')) {
      a = static_cast<char>(a | 0x20);
      if (b != ' ') b = static_cast<char>(b | 0x20);
      const size_t bit = PrefixIndex(a, b);
      if (!(lx.prefix_bits[bit / 64] >> (bit % 64) & 1)) continue;
    }
    folded = Fold(raw);
    auto it = lx.by_first_word.find(folded);
    if (it == lx.by_first_word.end()) continue;
    for (const Term& t : it->second) {
      bool all = true;
      size_t prev_end = we;
      for (size_t k = 1; k < t.words.size() && all; ++k) {
        const auto [nb, ne] = next_word(prev_end);
        // Words of a term are separated by spaces, hyphens or apostrophes only.
        const std::string_view gap = text.substr(prev_end, nb - prev_end);
        all = nb < text.size() && gap.size() <= 3 &&
              gap.find_first_not_of(" -'\xE2\x80\x99") == std::string_view::npos &&
              Fold(text.substr(nb, ne - nb)) == t.words[k];
        prev_end = ne;
      }
      if (!all) continue;
      const auto [sb, se] = SentenceAround(text, wb, prev_end);
      // One finding per category and sentence: "adhérent du parti socialiste" matches two
      // terms but says one thing.
      const bool same = std::any_of(out->begin(), out->end(), [&](const Finding& f) {
        return f.category == t.category && f.begin == sb && f.end == se;
      });
      if (!same) out->push_back({t.category, "wordlist", sb, se, t.text, 0.7, "review", false});
      we = prev_end;
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Person names in text: the name after a greeting ("Bonjour Ilona,") and the name line of a
// signature block (after "-- " or a closing formula).

namespace {

bool StartsUpper(std::string_view w) {
  if (w.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(w[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  // Any script: Ł, Œ, Ζ, Д ... (the text is valid UTF-8).
  return g_unichar_isupper(g_utf8_get_char_validated(w.data(), static_cast<gssize>(w.size())));
}

constexpr std::array<std::string_view, 16> kNotNames{
    "madame", "monsieur", "mesdames", "messieurs", "tous", "toutes", "tout", "a", "everyone",
    "all", "team", "l'equipe", "equipe", "cher", "chere", "sir"};

// 1 to 3 capitalised words from `pos` on the same line; returns the end, or npos.
size_t NameRun(std::string_view text, size_t pos, bool allow_one_word) {
  size_t p = pos;
  int words = 0;
  size_t end = pos;
  while (p < text.size() && words < 3) {
    size_t e = p;
    while (e < text.size() && (IsWordByte(text[e]) || text[e] == '-' || text[e] == '\'')) ++e;
    const std::string_view w = text.substr(p, e - p);
    if (w.empty() || !StartsUpper(w)) break;
    const std::string f = Fold(w);
    if (std::find(kNotNames.begin(), kNotNames.end(), f) != kNotNames.end()) break;
    bool digits = false;
    for (char c : w) digits = digits || IsDigit(c);
    if (digits) break;
    ++words;
    end = e;
    if (e < text.size() && text[e] == ' ') p = e + 1;
    else break;
  }
  if (words == 0 || (words == 1 && !allow_one_word)) return std::string_view::npos;
  return end;
}

}  // namespace

void DetectPersonNames(std::string_view text, std::vector<Finding>* out) {
  static constexpr std::array<std::string_view, 9> kGreetings{
      "bonjour ", "bonsoir ", "salut ", "hello ", "hi ", "dear ", "cher ", "chere ", "coucou "};
  static constexpr std::array<std::string_view, 9> kClosings{
      "cordialement", "bien a vous", "bien cordialement", "best regards", "regards",
      "sinceres salutations", "bonne journee", "merci", "a bientot"};
  size_t line_start = 0;
  bool after_signature_mark = false;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    size_t lead = 0;
    while (lead < line.size() && line[lead] == ' ') ++lead;
    // Fold only what can matter: short lines (closings, signature names) and lines that
    // start like a greeting.
    const char first = lead < line.size() ? line[lead] : ' ';
    const bool maybe = after_signature_mark || line.size() < 40 || first == 'B' || first == 'b' ||
                       first == 'S' || first == 's' || first == 'H' || first == 'h' ||
                       first == 'D' || first == 'd' || first == 'C' || first == 'c';
    const std::string folded =
        maybe ? Fold(line.substr(lead, std::min<size_t>(line.size() - lead, 60))) : std::string();
    // Greeting: "Bonjour Ilona," at the start of a line.
    for (std::string_view g : kGreetings) {
      if (!folded.starts_with(g)) continue;
      // After the greeting word as written ("Chère " is longer than its folded "chere ").
      const size_t space = text.find(' ', line_start + lead);
      if (space == std::string_view::npos || space >= line_start + line.size()) break;
      const size_t name_at = space + 1;
      const size_t end = NameRun(text, name_at, /*allow_one_word=*/true);
      if (end != std::string_view::npos) {
        out->push_back({DataCategory::kPersonName, "name.greeting", name_at, end,
                        Fold(text.substr(name_at, end - name_at)), 0.8, "greeting", false});
      }
      break;
    }
    // Signature: the first non-empty line after "-- " or after a closing formula.
    std::string trimmed = folded;
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == ',' || trimmed.back() == '\r'))
      trimmed.pop_back();
    if (line == "-- " || line == "--" || line == "-- \r") {
      after_signature_mark = true;
    } else if (after_signature_mark && !trimmed.empty()) {
      const size_t at = line_start + lead;
      const size_t end = NameRun(text, at, /*allow_one_word=*/false);
      const size_t eol = line_start + line.size() - (line.ends_with("\r") ? 1 : 0);
      if (end != std::string_view::npos && (end == eol || text.substr(end, eol - end).find_first_not_of(" ,") == std::string_view::npos)) {
        out->push_back({DataCategory::kPersonName, "name.signature", at, end,
                        Fold(text.substr(at, end - at)), 0.8, "signature", false});
      }
      after_signature_mark = false;
    } else {
      after_signature_mark = std::find(kClosings.begin(), kClosings.end(), trimmed) != kClosings.end();
    }
    line_start = line_end + 1;
  }
}

}  // namespace breachkit
