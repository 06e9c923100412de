// GDPR Art. 9 special categories and Art. 10 offence data, from the word lists of
// schemas/special-categories.txt (embedded): whole words, any case, any accents. A finding
// spans the whole sentence, for the human review every such finding needs. A term says
// something about a person only when its sentence is about someone (PersonalContext): "je
// suis diabétique", "Mme Durand est en arrêt maladie"; in a sentence about no one ("VFP is
// disabled", "le diabète touche 4 millions de Français", a headline) it is a near miss.
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

// ---------------------------------------------------------------------------------------
// Personal context: whether a sentence is about a person. Words folded (lower case, no
// accents); a word written all in capitals ("SA", "IL", "ME", "US") is an acronym, not a
// pronoun.

// Personal pronouns and possessives, French and English, that refer to people.
constexpr std::array<std::string_view, 55> kPersonWords{
    // French: je/j' and m'/t' are read apart (an elided letter before an apostrophe).
    "je", "me", "moi", "mon", "ma", "mes", "nous", "notre", "nos", "vous", "votre", "vos", "tu",
    "te", "toi", "ta", "tes", "il", "elle", "ils", "elles", "son", "sa", "ses", "leur", "leurs",
    "lui",
    // English: "I" is read apart (a Roman numeral, "I/O").
    "me", "my", "mine", "myself", "we", "our", "ours", "you", "your", "yours", "yourself", "he",
    "she", "him", "her", "his", "hers", "himself", "herself", "they", "them", "their", "theirs",
    "themselves", "ourselves", "yourselves"};

// Family and role nouns, singular: a plural ("les salariés", "patients") names a group.
constexpr std::array<std::string_view, 38> kPersonNouns{
    "femme",         "mari",           "epoux",     "epouse",   "conjoint", "conjointe", "compagne",
    "compagnon",     "fils",           "fille",     "enfant",   "soeur",    "patient",   "patiente",
    "salarie",       "salariee",       "employe",   "employee", "candidat", "candidate", "collegue",
    "collaborateur", "collaboratrice", "stagiaire", "wife",     "husband",  "son",       "daughter",
    "child",         "mother",         "father",    "brother",  "sister",   "colleague", "pere",
    "mere",          "frere",          "bebe"};

// Civil titles, as written (case matters: "MS" is multiple sclerosis, "Ms" a title).
constexpr std::array<std::string_view, 10> kTitles{"M",   "Mme", "Mmes", "Mlle", "Mr",
                                                   "Mrs", "Ms",  "Dr",   "Pr",   "Miss"};
// Titles written out: any case.
constexpr std::array<std::string_view, 4> kTitleWords{"madame", "monsieur", "mademoiselle",
                                                      "mesdames"};

// After these words "I" is a Roman numeral ("type I diabetes", "phase I", "stade I").
constexpr std::array<std::string_view, 26> kBeforeNumeral{
    "type",     "phase",   "stage",   "grade", "class",    "level",  "part",   "chapter", "war",
    "title",    "article", "section", "annex", "appendix", "tier",   "volume", "vol",     "act",
    "category", "book",    "stade",   "titre", "tome",     "classe", "annexe", "partie"};

// "il" is impersonal before these ("il faut", "il y a", "il semble", "il s'agit").
constexpr std::array<std::string_view, 16> kImpersonalVerbs{
    "faut",   "fallait", "faudra",   "faudrait", "y",        "semble",  "semblait", "parait",
    "suffit", "suffira", "convient", "existe",   "existait", "importe", "pleut",    "fallu"};
// … and in "il est/était/sera/serait ADJ de/que" with one of these ("il est important de").
constexpr std::array<std::string_view, 27> kImpersonalAdjectives{
    "important", "necessaire", "possible", "impossible", "probable",  "improbable",
    "difficile", "facile",     "utile",    "inutile",    "essentiel", "indispensable",
    "urgent",    "temps",      "clair",    "evident",    "rare",      "frequent",
    "courant",   "normal",     "interdit", "recommande", "conseille", "preferable",
    "dommage",   "question",   "prevu"};

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

bool AllCapitals(std::string_view w) {
  for (char c : w) {
    if (!(c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

bool ApostropheAt(std::string_view text, size_t pos) {
  return pos < text.size() && (text[pos] == '\'' || text.substr(pos).starts_with("\xE2\x80\x99"));
}

// The length of the punctuation or space character at `pos` that is not ASCII (a word
// byte to IsWordByte): U+0080–U+00BF (no-break space, «, », °) and U+2000–U+203F (’, –, …,
// thin spaces). 0 for any other character.
size_t SeparatorLength(std::string_view text, size_t pos) {
  const auto at = [&](size_t k) {
    return pos + k < text.size() ? static_cast<unsigned char>(text[pos + k]) : 0;
  };
  if (at(0) == 0xC2 && at(1) >= 0x80 && at(1) <= 0xBF) return 2;
  if (at(0) == 0xE2 && at(1) == 0x80 && at(2) >= 0x80 && at(2) <= 0xBF) return 3;
  return 0;
}

struct SentenceWord {
  size_t begin, end;   // in the text
  std::string folded;  // "" for a long word (none of the lists has one)
};

// Whether "il" at words[k] is the impersonal one: "il faut", "il n'y a", "il s'agit", "il est
// important de".
bool ImpersonalIl(const std::vector<SentenceWord>& words, size_t k) {
  auto at = [&](size_t j) -> std::string_view {
    return j < words.size() ? std::string_view(words[j].folded) : std::string_view();
  };
  size_t j = k + 1;
  if (at(j) == "ne" || at(j) == "n") ++j;
  if (at(j) == "s" && at(j + 1) == "agit") return true;
  if (In(kImpersonalVerbs, at(j))) return true;
  if (at(j) == "est" || at(j) == "etait" || at(j) == "sera" || at(j) == "serait") {
    ++j;
    while (at(j) == "pas" || at(j) == "plus" || at(j) == "tres" || at(j) == "bien") ++j;
    return In(kImpersonalAdjectives, at(j));
  }
  return false;
}

// Whether "I" at words[k] is the English pronoun: "I have", "I'm", "I've", not "type I",
// "I/O", "phase I".
bool PronounI(std::string_view text, const std::vector<SentenceWord>& words, size_t k) {
  const size_t e = words[k].end;
  if (k > 0 && In(kBeforeNumeral, words[k - 1].folded)) return false;
  if (ApostropheAt(text, e)) {
    const size_t after = e + (text[e] == '\'' ? 1 : 3);
    return after < text.size() &&
           (text[after] == 'm' || text[after] == 'v' || text[after] == 'd' || text[after] == 'l');
  }
  return e + 1 < text.size() && text[e] == ' ' && text[e + 1] >= 'a' && text[e + 1] <= 'z';
}

// A title just before the sentence: SentenceAround stops at the full stop of "M. Durand",
// "Dr. Smith".
bool TitleBefore(std::string_view text, size_t sentence_begin) {
  size_t p = sentence_begin;
  while (p > 0 && text[p - 1] == ' ') --p;
  if (p == 0 || text[p - 1] != '.') return false;
  const size_t e = p - 1;
  size_t b = e;
  while (b > 0 && IsAsciiAlpha(text[b - 1])) --b;
  if (b > 0 && IsWordByte(text[b - 1])) return false;
  return In(kTitles, text.substr(b, e - b));
}

}  // namespace

bool PersonalContext(std::string_view text, size_t begin, size_t end) {
  if (TitleBefore(text, begin)) return true;
  std::vector<SentenceWord> words;
  for (size_t i = begin; i < end;) {
    while (i < end && !IsWordByte(text[i])) ++i;
    const size_t b = i;
    while (i < end && IsWordByte(text[i]) && SeparatorLength(text, i) == 0) ++i;
    if (i == b) {  // a separator that is not ASCII
      i += std::max<size_t>(SeparatorLength(text, i), 1);
      continue;
    }
    const std::string_view raw = text.substr(b, i - b);
    words.push_back({b, i, raw.size() <= 16 ? Fold(raw) : std::string()});
  }
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string_view raw = text.substr(words[k].begin, words[k].end - words[k].begin);
    const std::string& w = words[k].folded;
    if (w.empty()) continue;
    if (In(kTitles, raw)) {
      // "M" is a title only as "M." (not "M 6", "type M").
      if (raw != "M" || (words[k].end < text.size() && text[words[k].end] == '.')) return true;
      continue;
    }
    if (In(kTitleWords, w)) return true;
    if (raw == "I") {
      if (PronounI(text, words, k)) return true;
      continue;
    }
    if (w.size() == 1) {
      // French elision: "j'ai", "m'a", "t'avais".
      // Not the "t" of English "don't", "can’t" (after an apostrophe).
      const bool after_apostrophe =
          words[k].begin > 0 && (text[words[k].begin - 1] == '\'' ||
                                 (words[k].begin >= 3 && ApostropheAt(text, words[k].begin - 3)));
      if ((w == "j" || w == "m" || w == "t") && ApostropheAt(text, words[k].end) &&
          !after_apostrophe) {
        return true;
      }
      continue;
    }
    if (raw.size() >= 2 && AllCapitals(raw)) continue;  // an acronym: "SA", "IL", "MS", "US"
    if (In(kPersonWords, w)) {
      if (w == "il" && ImpersonalIl(words, k)) continue;
      // A place: "Notre-Dame", "Notre-Dame-de-Lorette".
      if (w == "notre" && raw == "Notre" && text.substr(words[k].end).starts_with("-D")) continue;
      return true;
    }
    if (In(kPersonNouns, w)) {
      // "mere", "pere", "frere" only with their accent: English "a mere 5%".
      const bool accented_only = w == "mere" || w == "pere" || w == "frere" || w == "bebe";
      if (!accented_only || raw.find('\xC3') != std::string_view::npos) return true;
    }
  }
  return false;
}

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
  // The last sentence read for a person, and whether it is about one (several terms of one
  // sentence ask once).
  std::pair<std::pair<size_t, size_t>, bool> person_sentence{{1, 0}, false};
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
        if (person_sentence.first != std::pair(sb, se)) {
          person_sentence = {{sb, se}, PersonalContext(text, sb, se)};
        }
        if (person_sentence.second) {
          out->push_back({t.category, "wordlist", sb, se, t.text, 0.7, "review", false});
        } else {
          out->push_back({t.category, "wordlist", sb, se, t.text, kNearMissConfidence,
                          "near-miss:no-person", false});
        }
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

// Words that address or close rather than name: a greeting to a group or a role ("Dear
// Customer", "Hello SourceForge.net Users", "Bonjour Madame"), a closing ("Best Regards").
// A run of capitalised words holding one of them is no name.
constexpr std::string_view kNotNames[] = {
    "madame", "monsieur", "mesdames", "messieurs", "madam", "sir", "sirs", "mr", "mrs", "ms",
    "tous", "toutes", "tout", "a", "everyone", "everybody", "all", "team", "teams", "l'equipe",
    "equipe", "cher", "chere", "chers", "cheres", "dear", "customer", "customers", "client",
    "clients", "user", "users", "member", "members", "homeowner", "owner", "friend", "friends",
    "colleague", "colleagues", "collegue", "collegues", "developer", "developers", "subscriber",
    "subscribers", "partner", "partners", "valued", "candidate", "candidates", "candidat",
    "candidate", "candidats", "candidates", "amis", "ami", "amie", "abonne", "abonnee", "abonnes",
    "utilisateur", "utilisateurs", "membre", "membres", "participant", "participants", "reader",
    "readers", "lecteur", "lecteurs", "recipient", "applicant", "applicants", "staff", "support",
    "helpdesk", "hr", "beneficiary", "winner", "holder", "account", "service",
    // a function, not a name ("Dear Hiring Manager",
    // "Madame la Directrice")
    "hiring", "manager", "managers", "recruiter", "recruiters", "recruteur", "recruteuse",
    "director", "directeur", "directrice", "committee", "comite", "department", "departement",
    "regards", "best", "kind", "warm", "thanks", "thank", "merci", "cordialement", "sincerely",
    "cheers", "salutations", "bien", "sent", "envoye", "bonne", "journee", "greetings", "hello",
    "bonjour", "hi"};

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
    if (std::find(std::begin(kNotNames), std::end(kNotNames), f) != std::end(kNotNames)) {
      return std::string_view::npos;
    }
    bool digits = false;
    for (char c : w) digits = digits || IsDigit(c);
    if (digits) break;
    if (w.size() == 1) return std::string_view::npos;  // "S/MIME", an initial alone
    // Glued to a domain, a path or an alternative ("SourceForge.net", "Sirs/Madame").
    if (e < text.size() && (text[e] == '/' || text[e] == '@' ||
                            (text[e] == '.' && e + 1 < text.size() && IsAsciiAlpha(text[e + 1])))) {
      return std::string_view::npos;
    }
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
