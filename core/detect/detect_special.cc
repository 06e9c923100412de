// GDPR Art. 9 special categories and Art. 10 offence data, from the word lists of
// schemas/special-categories.txt (embedded): whole words, any case, any accents. A finding
// spans the whole sentence, for the human review every such finding needs.
#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <tuple>
#include <unordered_map>

#include <glib.h>

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

// Looks words up by string_view: no string is built for a word of the text.
struct WordHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

struct Lexicon {
  std::unordered_map<std::string, std::vector<Term>, WordHash, std::equal_to<>> by_first_word;
  std::array<uint64_t, 512> shape_bits{};  // length and first 3 letters of first words (filter)
};

// The filter's bit for a folded word: its length and first three bytes (0 past the end).
size_t ShapeIndex(size_t size, unsigned char a, unsigned char b, unsigned char c) {
  uint32_t h = static_cast<uint32_t>(std::min<size_t>(size, 31));
  h = ((h * 131u + a) * 131u + b) * 131u + c;
  return (h * 2654435761u >> 7) % (512 * 64);
}

size_t ShapeIndex(std::string_view folded) {
  auto at = [&](size_t k) { return k < folded.size() ? static_cast<unsigned char>(folded[k]) : 0; };
  return ShapeIndex(folded.size(), at(0), at(1), at(2));
}

constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<size_t>(c)] = IsWordByte(static_cast<char>(c));
  return t;
}();

unsigned char LowerAsciiByte(unsigned char c) { return c >= 'A' && c <= 'Z' ? c | 0x20 : c; }

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
      const size_t bit = ShapeIndex(first);
      lx.shape_bits[bit / 64] |= uint64_t{1} << (bit % 64);
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
  auto passes = [&](size_t bit) { return (lx.shape_bits[bit / 64] >> (bit % 64) & 1) != 0; };
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  std::string folded;
  std::set<std::tuple<DataCategory, size_t, size_t>> found;  // category, sentence
  for (size_t i = 0; i < n;) {
    while (i < n && !kWordBytes[bytes[i]]) ++i;
    if (i >= n) break;
    const size_t wb = i;
    unsigned char any = 0;
    while (i < n && kWordBytes[bytes[i]]) any |= bytes[i++];
    size_t we = i;
    const size_t size = we - wb;
    if (size > 40) continue;
    const std::string_view raw = text.substr(wb, size);
    // Most words are ASCII: the filter on the length and first letters is read from the
    // text itself, and only a word that passes it is lower-cased and looked up.
    folded.clear();
    if (any < 0x80) {
      auto at = [&](size_t k) { return k < size ? LowerAsciiByte(bytes[wb + k]) : 0; };
      if (!passes(ShapeIndex(size, at(0), at(1), at(2)))) continue;
      for (char c : raw)
        folded.push_back(static_cast<char>(LowerAsciiByte(static_cast<unsigned char>(c))));
    } else {
      FoldAppend(raw, &folded);
      if (!passes(ShapeIndex(folded))) continue;
    }
    auto it = lx.by_first_word.find(std::string_view(folded));
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
      if (found.emplace(t.category, sb, se).second) {
        out->push_back({t.category, "wordlist", sb, se, t.text, 0.7, "review", false});
      }
      i = prev_end;
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
    "madame",   "monsieur", "mesdames", "messieurs", "tous",   "toutes", "tout",  "a",
    "everyone", "all",      "team",     "l'equipe",  "equipe", "cher",   "chere", "sir"};

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
    if (e < text.size() && text[e] == ' ')
      p = e + 1;
    else
      break;
  }
  if (words == 0 || (words == 1 && !allow_one_word)) return std::string_view::npos;
  return end;
}

}  // namespace

void DetectPersonNames(std::string_view text, std::vector<Finding>* out) {
  static constexpr std::array<std::string_view, 9> kGreetings{
      "bonjour ", "bonsoir ", "salut ", "hello ", "hi ", "dear ", "cher ", "chere ", "coucou "};
  static constexpr std::array<std::string_view, 9> kClosings{
      "cordialement",  "bien a vous", "bien cordialement",
      "best regards",  "regards",     "sinceres salutations",
      "bonne journee", "merci",       "a bientot"};
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
    while (!trimmed.empty() &&
           (trimmed.back() == ' ' || trimmed.back() == ',' || trimmed.back() == '\r'))
      trimmed.pop_back();
    if (line == "-- " || line == "--" || line == "-- \r") {
      after_signature_mark = true;
    } else if (after_signature_mark && !trimmed.empty()) {
      const size_t at = line_start + lead;
      const size_t end = NameRun(text, at, /*allow_one_word=*/false);
      const size_t eol = line_start + line.size() - (line.ends_with("\r") ? 1 : 0);
      if (end != std::string_view::npos &&
          (end == eol ||
           text.substr(end, eol - end).find_first_not_of(" ,") == std::string_view::npos)) {
        out->push_back({DataCategory::kPersonName, "name.signature", at, end,
                        Fold(text.substr(at, end - at)), 0.8, "signature", false});
      }
      after_signature_mark = false;
    } else {
      after_signature_mark =
          std::find(kClosings.begin(), kClosings.end(), trimmed) != kClosings.end();
    }
    line_start = line_end + 1;
  }
}

}  // namespace breachkit
