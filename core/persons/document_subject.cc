#include "core/persons/document_subject.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include <glib.h>

#include "core/detect/text_util.h"

namespace breachkit {
namespace {

// The head of a document: where a CV, a payslip or a certificate names its person.
constexpr size_t kHeadBytes = 2000;
constexpr int kHeadLines = 30;
// A document naming more addresses than this is about several persons (a list of
// participants, a mail merge), not about one.
constexpr size_t kMaxAddresses = 3;
// Nor one naming more phone numbers, IBANs and NIRs than this (a CV has a phone or two, a
// payslip an IBAN and a NIR).
constexpr size_t kMaxIdentifiers = 4;

// `text` as FoldWords gives it, with a space at each end: " bulletin de paie octobre ".
// Phrases are looked up with their spaces, so that "cv" is a word and not the middle of
// "cvs".
std::string Words(std::string_view text) { return " " + FoldWords(text) + " "; }

struct KindWords {
  std::string_view phrase;  // as Words writes it: " curriculum vitae "
  std::string_view kind;
};

// What names a document about one person, in its head.
constexpr std::array<KindWords, 17> kHeadPhrases{{
    {" curriculum vitae ", "cv"},
    {" lettre de motivation ", "cover-letter"},
    {" cover letter ", "cover-letter"},
    {" bulletin de paie ", "payslip"},
    {" bulletin de salaire ", "payslip"},
    {" fiche de paie ", "payslip"},
    {" payslip ", "payslip"},
    {" pay slip ", "payslip"},
    {" attestation ", "certificate"},
    {" certificat ", "certificate"},
    {" certificate ", "certificate"},
    {" releve d identite bancaire ", "bank-details"},
    {" arret de travail ", "medical"},
    {" ordonnance ", "medical"},
    {" contrat de travail ", "contract"},
    {" employment contract ", "contract"},
    {" avis d imposition ", "tax"},
}};

// What names one in a file name ("CV_Lea_Martin.pdf", "bulletin-paie-2026-10.pdf").
constexpr std::array<KindWords, 19> kFilePhrases{{
    {" cv ", "cv"},
    {" resume ", "cv"},
    {" curriculum ", "cv"},
    {" motivation ", "cover-letter"},
    {" cover letter ", "cover-letter"},
    {" bulletin de paie ", "payslip"},
    {" bulletin paie ", "payslip"},
    {" bulletin de salaire ", "payslip"},
    {" fiche de paie ", "payslip"},
    {" fiche paie ", "payslip"},
    {" payslip ", "payslip"},
    {" attestation ", "certificate"},
    {" certificat ", "certificate"},
    {" certificate ", "certificate"},
    {" rib ", "bank-details"},
    {" passeport ", "identity"},
    {" passport ", "identity"},
    {" cni ", "identity"},
    {" contrat de travail ", "contract"},
}};

// Words that head a section of a CV rather than name its person.
constexpr std::array<std::string_view, 24> kNotNameWords{
    "curriculum", "vitae",      "cv",        "resume",      "experience", "experiences",
    "formation",  "formations", "education", "competences", "skills",     "profil",
    "profile",    "contact",    "langues",   "languages",   "loisirs",    "interets",
    "objet",      "madame",     "monsieur",  "page",        "bulletin",   "attestation"};

bool StartsUpper(std::string_view w) {
  if (w.empty()) return false;
  const auto c = static_cast<unsigned char>(w[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return g_unichar_isupper(g_utf8_get_char_validated(w.data(), static_cast<gssize>(w.size())));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Whether `s` is a name as a document's head writes it: one to four words (at least
// `min_words`), each a capital then letters, hyphens or apostrophes ("Jean-Pierre",
// "DUPONT", "d'Arc" after a capitalised word), and no heading word.
bool IsNameValue(std::string_view s, int min_words) {
  int words = 0;
  size_t at = 0;
  while (at < s.size()) {
    size_t end = at;
    while (end < s.size() && (IsWordByte(s[end]) || s[end] == '-' || s[end] == '\'')) ++end;
    const std::string_view w = s.substr(at, end - at);
    if (w.empty()) return false;
    if (std::any_of(w.begin(), w.end(), [](char c) { return IsDigit(c); })) return false;
    // A particle may be lower case after the first word: "Léa de La Tour".
    const std::string f = Fold(w);
    const bool particle = words > 0 && (f == "de" || f == "du" || f == "van" || f == "von" ||
                                        f == "der" || f == "le" || f == "la" || f == "d'");
    if (!particle && !StartsUpper(w)) return false;
    if (std::find(kNotNameWords.begin(), kNotNameWords.end(), f) != kNotNameWords.end()) {
      return false;
    }
    if (++words > 4) return false;
    if (end == s.size()) break;
    if (s[end] != ' ') return false;
    at = end + 1;
  }
  return words >= min_words;
}

enum class Label { kNone, kFull, kLast, kFirst };

Label LabelOf(std::string_view label) {
  const std::string w = Words(label);
  static constexpr std::array<std::string_view, 22> kFull{
      " nom et prenom ",   " nom prenom ",    " prenom et nom ", " prenom nom ", " nom complet ",
      " full name ",       " name ",          " salarie ",       " salariee ",   " employe ",
      " employee ",        " candidat ",      " candidate ",     " titulaire ",  " patient ",
      " patiente ",        " beneficiaire ",  " assure ",        " assuree ",    " nom du salarie ",
      " nom du candidat ", " nom de l agent "};
  static constexpr std::array<std::string_view, 6> kLast{
      " nom ",       " nom de famille ", " nom de naissance ",
      " last name ", " surname ",        " family name "};
  static constexpr std::array<std::string_view, 4> kFirst{" prenom ", " prenoms ", " first name ",
                                                          " given name "};
  auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), w) != list.end(); };
  if (in(kFull)) return Label::kFull;
  if (in(kLast)) return Label::kLast;
  if (in(kFirst)) return Label::kFirst;
  return Label::kNone;
}

// A civility and a name filling the rest of the line: "Mme Léa MARTIN", "M. DUPONT".
std::optional<std::pair<size_t, size_t>> AfterCivility(std::string_view line) {
  static constexpr std::array<std::string_view, 11> kCivilities{
      "M. ", "Mme ", "Mme. ", "Madame ", "Monsieur ", "Mr ", "Mr. ", "Mrs ", "Ms ", "Mlle ", "Dr "};
  for (std::string_view c : kCivilities) {
    if (!line.starts_with(c)) continue;
    const std::string_view rest = Trim(line.substr(c.size()));
    if (IsNameValue(rest, 1)) {
      const auto at = static_cast<size_t>(rest.data() - line.data());
      return std::pair(at, at + rest.size());
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view DocumentKindOf(std::string_view filename, std::string_view text) {
  const std::string name = Words(filename);
  for (const KindWords& k : kFilePhrases) {
    if (name.find(k.phrase) != std::string::npos) return k.kind;
  }
  const std::string head = Words(Utf8Prefix(text, 400));
  for (const KindWords& k : kHeadPhrases) {
    if (head.find(k.phrase) != std::string::npos) return k.kind;
  }
  // "CV" alone at the top: "CV – Léa Martin".
  if (head.starts_with(" cv ")) return "cv";
  return {};
}

std::optional<DocumentSubject> ReadDocumentSubject(std::string_view filename, std::string_view text,
                                                   const std::vector<Finding>& found) {
  DocumentSubject subject;
  subject.kind = DocumentKindOf(filename, text);
  if (subject.kind.empty()) return std::nullopt;
  std::set<std::string> addresses, identifiers;
  for (const Finding& f : found) {
    if (f.category == DataCategory::kEmail) addresses.insert(f.value);
    if ((f.category == DataCategory::kPhone || f.category == DataCategory::kIban ||
         f.category == DataCategory::kNir) &&
        !IsNearMiss(f)) {
      identifiers.insert(std::string(InfoOf(f.category).name) + ":" + f.value);
    }
  }
  if (addresses.size() > kMaxAddresses || identifiers.size() > kMaxIdentifiers) {
    return std::nullopt;
  }

  // The head: its first lines, at most kHeadBytes.
  size_t head_end = std::min(text.size(), kHeadBytes);
  {
    size_t at = 0;
    for (int line = 0; line < kHeadLines && at < head_end; ++line) {
      const size_t nl = text.find('\n', at);
      at = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    head_end = std::min(head_end, at);
  }
  for (const Finding& f : found) {
    if (f.category == DataCategory::kEmail && f.begin < head_end) {
      subject.email = f.value;
      break;
    }
  }

  // The name: labelled fields first, then a civility, then (a CV, a cover letter) a line of
  // capitalised words at the top.
  std::optional<std::pair<size_t, size_t>> full, last, first, civility, top;
  int nonempty = 0;
  for (size_t at = 0; at < head_end;) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos || nl > head_end) nl = head_end;
    const std::string_view line = text.substr(at, nl - at);
    const std::string_view trimmed = Trim(line);
    at = nl + 1;
    if (trimmed.empty()) continue;
    ++nonempty;
    // "Nom : DUPONT    Prénom : Jean": fields apart by a tab or two spaces.
    for (size_t seg = 0; seg < line.size();) {
      size_t seg_end = line.find('\t', seg);
      const size_t two = line.find("  ", seg);
      if (two < seg_end) seg_end = two;
      if (seg_end == std::string_view::npos) seg_end = line.size();
      const std::string_view field = line.substr(seg, seg_end - seg);
      seg = seg_end + 1;
      const size_t colon = field.find(':');
      if (colon == std::string_view::npos) continue;
      const Label label = LabelOf(field.substr(0, colon));
      const std::string_view value = Trim(field.substr(colon + 1));
      if (label == Label::kNone || !IsNameValue(value, label == Label::kFull ? 2 : 1)) continue;
      const size_t b = static_cast<size_t>(value.data() - text.data());
      const auto span = std::pair(b, b + value.size());
      auto& slot = label == Label::kFull ? full : label == Label::kLast ? last : first;
      if (!slot) slot = span;
    }
    if (!civility) {
      if (auto c = AfterCivility(trimmed)) {
        const auto off = static_cast<size_t>(trimmed.data() - text.data());
        civility = std::pair(off + c->first, off + c->second);
      }
    }
    if (!top && nonempty <= 6 && (subject.kind == "cv" || subject.kind == "cover-letter") &&
        IsNameValue(trimmed, 2)) {
      const auto b = static_cast<size_t>(trimmed.data() - text.data());
      top = std::pair(b, b + trimmed.size());
    }
  }
  auto set = [&](std::pair<size_t, size_t> span) {
    subject.name_begin = span.first;
    subject.name_end = span.second;
    subject.name = std::string(text.substr(span.first, span.second - span.first));
  };
  if (full) {
    set(*full);
  } else if (last) {
    set(*last);
    if (first) {
      subject.name =
          std::string(text.substr(first->first, first->second - first->first)) + " " + subject.name;
    }
  } else if (civility) {
    set(*civility);
  } else if (top) {
    set(*top);
  }
  // A CV is about someone even when its top is a picture; any other kind is known to be
  // about one person only by the name it gives ("Attestation" or "Certificat" also head a
  // report, a training certificate, a technical document).
  if (subject.name.empty() && subject.kind != "cv" && subject.kind != "cover-letter") {
    return std::nullopt;
  }
  return subject;
}

}  // namespace breachkit
