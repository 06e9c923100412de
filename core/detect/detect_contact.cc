// Contact data: e-mail addresses, phone numbers, French postal addresses, links to
// online profiles and messenger invitations.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <phonenumbers/phonenumberutil.h>

#include "core/detect/detector.h"
#include "core/detect/functional_address.h"
#include "core/detect/text_util.h"
#include "core/util/ascii.h"

namespace breachkit {
namespace {

bool IsLocalByte(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
}
bool IsDomainByte(char c) { return IsAsciiAlnum(c) || c == '.' || c == '-'; }

// Whether text[b, e) (its '@' at `at`) is a mailbox rather than an identifier written like
// one or a placeholder: not a part of a path or a URL ("/extensions/langpack-fr@firefox.
// mozilla.org.xpi"), not a Content-ID or Message-ID reference ("cid:part1.0604@host"), not
// a local part masked as "xxxx".
// The shapes of a message identifier, never of a mailbox: a mailer's timestamp and queue id
// ("20020710162554.PZHG5870.host", "200506152144.56540.pmcfarland"), Mozilla's
// "457FD55E.5030303", Pine's
// "Pine.LNX.4.61.0612…", and Gmail's, whose host is mail.gmail.com (the mailboxes are at
// gmail.com).
bool MessageIdShape(std::string_view local, std::string_view domain) {
  if (AsciiLower(domain) == "mail.gmail.com") return true;
  const std::string lower = AsciiLower(local);
  const auto dots = std::count(lower.begin(), lower.end(), '.');
  // Pine's: "Pine.LNX.4.61.0612…", "Pine.A41.…" (a system's name, its version, three dots at
  // least).
  if ((lower.starts_with("pine.") || lower.starts_with("alpine.")) && dots >= 3) {
    const size_t system = lower.find('.') + 1;
    const size_t end = lower.find('.', system);
    const bool named = end - system >= 2 && end - system <= 5 &&
                       std::all_of(lower.begin() + static_cast<std::ptrdiff_t>(system),
                                   lower.begin() + static_cast<std::ptrdiff_t>(end), IsAsciiAlnum);
    if (named && end + 1 < lower.size() && IsDigit(lower[end + 1])) return true;
  }
  // A timestamp to the second of a year 19xx or 20xx, then a dot: mutt's
  // "20240101120000.GA12345", git send-email's "20240101120000.1234-1-jdoe", a mailer's
  // "20020710162554.PZHG5870.host".
  size_t digits = 0;
  while (digits < local.size() && IsDigit(local[digits])) ++digits;
  // KMail's to the minute, "200506152144.56540.pmcfarland", has two dots after it.
  if (digits < local.size() && local[digits] == '.' &&
      (local.starts_with("19") || local.starts_with("20")) &&
      (digits >= 14 || (digits == 12 && dots >= 2))) {
    return true;
  }
  // Mozilla's: eight hexadecimal digits, letters and figures mixed, a dot, five digits or
  // more ("457FD55E.5030303"; not "cafebabe.2024").
  if (local.size() >= 14 && local[8] == '.') {
    bool mozilla = true, letter = false, figure = false;
    for (size_t k = 0; k < local.size() && mozilla; ++k) {
      const char c = local[k];
      const bool hex_letter = (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
      letter = letter || (k < 8 && hex_letter);
      figure = figure || (k < 8 && IsDigit(c));
      mozilla = k == 8 || (k < 8 ? IsDigit(c) || hex_letter : IsDigit(c));
    }
    if (mozilla && letter && figure) return true;
  }
  return false;
}

// "07.06.2024", "7/6/2024", "07-06-2024" at the start of `s`: a day, a month, a year of four
// digits, with one separator twice.
bool StartsWithDate(std::string_view s) {
  size_t i = 0;
  auto digits = [&](size_t min, size_t max) {
    const size_t from = i;
    while (i < s.size() && IsDigit(s[i]) && i - from < max) ++i;
    return i - from >= min && (i >= s.size() || !IsDigit(s[i]));
  };
  if (!digits(1, 2) || i >= s.size()) return false;
  const char sep = s[i];
  if (sep != '.' && sep != '/' && sep != '-') return false;
  ++i;
  if (!digits(1, 2) || i >= s.size() || s[i] != sep) return false;
  ++i;
  return digits(4, 4);
}

bool MailboxHere(std::string_view text, size_t b, size_t at, size_t e) {
  if (b > 0 && (text[b - 1] == '/' || text[b - 1] == '\\' || text[b - 1] == '{')) return false;
  if (e < text.size() && (text[e] == '/' || text[e] == '\\' || text[e] == '}')) return false;
  if (b >= 4) {
    const std::string before = AsciiLower(text.substr(b - 4, 4));
    if (before == "cid:" || before == "mid:") return false;
  }
  const std::string_view local = text.substr(b, at - b);
  if (local.size() >= 2 && local.find_first_not_of("xX") == std::string_view::npos) return false;
  if (MessageIdShape(local, text.substr(at + 1, e - at - 1))) return false;
  if (b > 0 && text[b - 1] == '$') return false;  // Outlook Express's "…$56104586@host"
  // A newsreader's attribution: "In article <id@host> you wrote:".
  if (b >= 12 && text[b - 1] == '<' && AsciiLower(text.substr(b - 12, 11)) == "in article ") {
    return false;
  }
  // A header line quoted as text (a bounce's copy of the headers, a forwarded message shown
  // raw): its identifiers are no one's mailbox. The line's head is read after its indent and
  // quote marks ("  Message-id: <…$56104586@host>" in a report, "> References: …").
  // A header line is at most 998 bytes (RFC 5322 §2.1.1): its start is looked for that far
  // back only, so that a text of one long line (20,000 addresses on it) is not read back
  // to its start for each address.
  constexpr size_t kLongestHeaderLine = 998;
  const size_t from = b > kLongestHeaderLine ? b - kLongestHeaderLine : 0;
  const size_t nl = text.substr(from, b - from).rfind('\n');
  if (nl == std::string_view::npos && from > 0) return true;  // longer than a header line
  size_t head_at = nl == std::string_view::npos ? 0 : from + nl + 1;
  while (head_at < b && (text[head_at] == ' ' || text[head_at] == '\t' || text[head_at] == '>')) {
    ++head_at;
  }
  const std::string head = AsciiLower(text.substr(head_at, 16));
  for (std::string_view h : {"message-id:", "content-id:", "in-reply-to:", "references:"}) {
    if (head.starts_with(h)) return false;
  }
  return true;
}

// The display name written before an address in angle brackets, where the text says it is
// one: quoted ("\"Mail Delivery System\" <…>"; a signature check's "\"Ubuntu CD Image
// Automatic Signing Key <…>\"") or after a From, Sender or Reply-To label at the line's start
// ("From: Mail Delivery System <…>", "De : …"). Running text before an address ("Automatic
// reply from Jeanne Martin <…>", "Subject: …") is no name: "" then.
std::string_view DisplayNameBefore(std::string_view text, size_t b) {
  constexpr size_t kLongest = 96;
  if (b == 0 || text[b - 1] != '<') return {};
  size_t close = b - 1;
  while (close > 0 && text[close - 1] == ' ') --close;
  if (close > 0 && text[close - 1] == '"') {  // "Name" <addr>
    const size_t last = close - 1;
    size_t open = last;
    while (open > 0 && last - open < kLongest && text[open - 1] != '"' && text[open - 1] != '\n') {
      --open;
    }
    if (open == 0 || text[open - 1] != '"') return {};
    return text.substr(open, last - open);
  }
  size_t start = close;
  while (start > 0 && close - start < kLongest) {
    const char c = text[start - 1];
    if (c == '\n' || c == '"' || c == ':' || c == '<' || c == '>') break;
    --start;
  }
  if (start == 0) return {};
  if (text[start - 1] == '"') return text.substr(start, close - start);
  if (text[start - 1] != ':') return {};
  // The label: from the line's start (after an indent or quote marks) to the colon.
  size_t head = text.rfind('\n', start - 1);
  head = head == std::string_view::npos ? 0 : head + 1;
  while (head < start - 1 && (text[head] == ' ' || text[head] == '\t' || text[head] == '>')) ++head;
  std::string label = AsciiLower(text.substr(head, start - 1 - head));
  while (!label.empty() && label.back() == ' ') label.pop_back();
  for (std::string_view l : {"from", "sender", "reply-to", "de", "von", "da", "expéditeur"}) {
    if (label == l) return text.substr(start, close - start);
  }
  return {};
}

}  // namespace

void DetectEmails(std::string_view text, std::vector<Finding>* out) {
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    // An address may hold letters of any script (RFC 6531): "amélie.moreau@…" is whole,
    // never "lie.moreau@…", someone else's.
    size_t b = at;
    while (b > 0) {
      const size_t letter = IsLocalByte(text[b - 1]) ? 1 : Utf8AlnumBefore(text, b);
      if (letter == 0) break;
      b -= letter;
    }
    while (b < at && (text[b] == '.' || text[b] == '\'' || text[b] == '-')) ++b;
    size_t e = at + 1;
    while (e < text.size()) {
      const size_t letter = IsDomainByte(text[e]) ? 1 : Utf8AlnumAt(text, e);
      if (letter == 0) break;
      e += letter;
    }
    while (e > at + 1 && (text[e - 1] == '.' || text[e - 1] == '-')) --e;
    // The top-level domain is ASCII letters: a word glued after the address ends it
    // ("…@exemple.frÀ bientôt", "…@exemple.fr.Élodie"), as it did before letters beyond ASCII
    // were read in an address.
    if (const size_t last_dot = text.substr(at + 1, e - at - 1).rfind('.');
        last_dot != std::string_view::npos) {
      const size_t tld = at + 1 + last_dot + 1;
      size_t tld_end = tld;
      while (tld_end < e && IsAsciiAlpha(text[tld_end])) ++tld_end;
      if (tld_end < e && static_cast<unsigned char>(text[tld_end]) >= 0x80) {
        // "fr" of "frÀ" is the TLD; the "É" of ".Élodie" starts no TLD: the one before ends.
        e = tld_end - tld >= 2 ? tld_end : tld - 1;
        while (e > at + 1 && (text[e - 1] == '.' || text[e - 1] == '-')) --e;
      }
    }
    if (b == at || e == at + 1) continue;
    const std::string_view domain = text.substr(at + 1, e - at - 1);
    const size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || domain.size() - dot - 1 < 2) continue;
    bool tld_alpha = true;
    for (char c : domain.substr(dot + 1)) tld_alpha = tld_alpha && IsAsciiAlpha(c);
    if (!tld_alpha) continue;
    if (!MailboxHere(text, b, at, e)) continue;
    std::string value = AsciiLower(text.substr(b, e - b));
    if (!FunctionalReason(value).empty() ||
        !DisplayNameReason(DisplayNameBefore(text, b)).empty() ||
        ContextBefore(text, b, 64,
                      {"mailing list", "list", "submissions", "subscribe", "unsubscribe",
                       "liste de diffusion", "desabonner", "desinscrire"})) {
      // A list's, a role's, a robot's: no one's own, unless the DPO says so (review).
      out->push_back({DataCategory::kEmail, "email", b, e, std::move(value), kNearMissConfidence,
                      "near-miss:functional", false});
      continue;
    }
    out->push_back({DataCategory::kEmail, "email", b, e, std::move(value), 0.99, "syntax", false});
  }
}

// ---------------------------------------------------------------------------------------
// Phone numbers. libphonenumber is the validator; it is called only on short regions
// that a cheap scan found (8 to 15 digits with the separators people use, in a shape a
// number can have), each cleaned of anything but ASCII, never on a whole body: its matcher
// is slow on long texts and returns nothing at all when the text holds one invalid byte
// (doc/design.md), and even its parser is the most expensive step of all detection.

namespace {

bool IsPhoneSeparator(char c) { return c == ' ' || c == '.' || c == '-' || c == '(' || c == ')'; }

struct Region {
  size_t begin;
  size_t end;
};

std::vector<Region> PhoneRegions(std::string_view text) {
  std::vector<Region> out;
  size_t i = 0;
  while ((i = NextDigit(text, i, '+', '(')) < text.size()) {
    // Not glued to a word, an identifier or a decimal number.
    if (i > 0) {
      const char p = text[i - 1];
      // A comma after a digit is a decimal's ("3,0612345678"); after a word, a list's or a
      // sheet's separator ("Dupont,Jean,0612345678").
      if (WordByteBefore(text, i) || p == '-' || p == '_' || p == '/' || p == '.' || p == '#' ||
          p == '=' || ((p == ':' || p == ',') && i >= 2 && IsDigit(text[i - 2]))) {
        // Skip the rest of that token only ("FA2025-0612", "C++"), always moving on.
        ++i;
        while (i < text.size() &&
               (IsAsciiAlnum(text[i]) || ((text[i] == '-' || text[i] == '.' || text[i] == '/') &&
                                          i + 1 < text.size() && IsAsciiAlnum(text[i + 1])))) {
          ++i;
        }
        continue;
      }
    }
    size_t j = i;
    int digits = 0;
    size_t last_digit = i;
    while (j < text.size()) {
      const char d = text[j];
      if (IsDigit(d)) {
        ++digits;
        last_digit = j;
      } else if (d == '+' && j == i) {
      } else if (d == '(' && digits >= 8) {
        break;  // "+1 412-268-7090 (24-hour hotline)": a remark after the number
      } else if (IsPhoneSeparator(d)) {
        // Two separators in a row end the number (but ") " and " (" are common).
        if (j + 1 < text.size() && IsPhoneSeparator(text[j + 1]) &&
            !(d == ')' || text[j + 1] == '(')) {
          break;
        }
      } else if (const size_t space = UnicodeSpaceAt(text, j); space > 0) {
        j += space - 1;  // a no-break or narrow space, as a space
      } else {
        break;
      }
      ++j;
    }
    const size_t end = last_digit + 1;
    const bool glued_after =
        end < text.size() && (WordByteAt(text, end) || (text[end] == ',' && end + 1 < text.size() &&
                                                        IsDigit(text[end + 1])));
    if (digits >= 8 && digits <= 15 && !glued_after) out.push_back({i, end});
    i = std::max(j, i + 1);
  }
  return out;
}

// "06 39 98 12 34", "06.39.98.12.34", "+33 6 39 98 12 34": ten digits in pairs after a 0,
// or +33 and nine digits, with one kind of separator, for a +33 number of 9 digits.
bool LooksFrench(std::string_view written, const std::string& e164) {
  if (!e164.starts_with("+33") || e164.size() != 12 || e164[3] == '0' || e164[3] == '8') {
    return false;
  }
  // A no-break or thin space between the groups (French typography, Outlook's &nbsp;) is
  // a space of the shape.
  std::string shape;
  for (size_t i = 0; i < written.size(); ++i) {
    if (const size_t n = UnicodeSpaceAt(written, i); n > 0) {
      shape.push_back(' ');
      i += n - 1;
      continue;
    }
    shape.push_back(IsDigit(written[i]) ? 'd' : written[i]);
  }
  for (std::string_view ok :
       {"dd dd dd dd dd", "dd.dd.dd.dd.dd", "dd-dd-dd-dd-dd", "dddddddddd", "+dd d dd dd dd dd",
        "+dd (d)d dd dd dd dd", "+dd ddddddddd", "+dd d.dd.dd.dd.dd"}) {
    if (shape == ok) return true;
  }
  return false;
}

}  // namespace

bool IsTollFree(std::string_view e164) {
  for (std::string_view prefix :
       {"+33800", "+33801", "+33802", "+33803", "+33804", "+33805", "+1800", "+1833", "+1844",
        "+1855", "+1866", "+1877", "+1888", "+44800", "+44808", "+800"}) {
    if (e164.starts_with(prefix)) return true;
  }
  return false;
}

namespace {

const i18n::phonenumbers::PhoneNumberUtil& PhoneUtil();

// The label written just before a number, as words: what lies between it and the line's
// start, a '|', '>', tab or ';' (a table's cell, an HTML line, a pasted sheet's column), a
// digit, or 40 bytes before it (a word cut there is left out), in lower-case ASCII letters
// and digits, Latin accents taken off, anything else one space, no space at either end.
// "Fax :" → "fax", "F." → "f", "Tél.\u00a0:" → "tel", "Account Number :" → "account number".
// Written into a buffer of its own: no allocation, as it is read for every number.
class NumberLabel {
 public:
  NumberLabel(std::string_view text, size_t begin) {
    size_t b = begin;
    while (b > 0 && begin - b < 40) {
      const char c = text[b - 1];
      if (c == '\n' || c == '|' || c == '>' || c == '\t' || c == ';' || IsDigit(c)) break;
      --b;
    }
    // Cut inside a word: its end is no word of the label ("border" is no "order").
    bool cut = b > 0 && begin - b == 40 && IsAsciiAlnum(text[b - 1]);
    for (size_t i = b; i < begin; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      char out = ' ';
      if (IsAsciiAlnum(static_cast<char>(c))) {
        out = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      } else if (c == 0xC3 && i + 1 < begin) {
        // Latin-1's letters with accents (U+00C0 to U+00FF): their base letter.
        static constexpr char kBase[] = "aaaaaaaceeeeiiiidnooooo ouuuuyty";
        out = kBase[(static_cast<unsigned char>(text[++i]) & 0x1F)];
      } else if (c >= 0x80) {
        while (i + 1 < begin && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) ++i;
      }
      if (cut) {
        if (out != ' ') continue;
        cut = false;
      }
      if (out == ' ' && (size_ == 0 || buf_[size_ - 1] == ' ')) continue;
      buf_[size_++] = out;
    }
    while (size_ > 0 && buf_[size_ - 1] == ' ') --size_;
  }
  std::string_view words() const { return {buf_, size_}; }

 private:
  char buf_[48];
  size_t size_ = 0;
};

// The label's words, last first: WordFromEnd(label, 0) is its last word, 1 the one before; "" past
// its start.
std::string_view WordFromEnd(std::string_view words, int k) {
  size_t end = words.size();
  for (;;) {
    const size_t space = words.rfind(' ', end == 0 ? 0 : end - 1);
    const size_t start = space == std::string_view::npos || end == 0 ? 0 : space + 1;
    if (k-- == 0) return words.substr(start, end - start);
    if (start == 0) return {};
    end = start - 1;
  }
}

// "telefonnummer" → "telefon", "auftragsnr" → "auftrags": what a German or Dutch compound in
// "nummer" or "nr" is the number of.
std::optional<std::string_view> NummerStem(std::string_view word) {
  for (const std::string_view suffix : {"nummer", "nr"}) {
    if (word.size() > suffix.size() + 1 && word.ends_with(suffix)) {
      return word.substr(0, word.size() - suffix.size());
    }
  }
  return std::nullopt;
}

// Whether a label (NumberLabel's words) names a phone: "Tél.", "Mobile", "Cell.", "Móvil",
// "Telemóvel", or a German or Dutch compound ("Telefonnummer", "Handynummer",
// "telefoonnummer"; "Kundennummer" is another number's).
bool NamesAPhone(std::string_view label) {
  static constexpr std::string_view kPhoneWords[] = {
      "tel",   "telephone", "phone",    "mobile",    "portable",   "gsm",   "cell",      "contact",
      "fon",   "telefon",   "telefono", "mob",       "port",       "fax",   "ligne",     "line",
      "appel", "call",      "joindre",  "cellulare", "cel",        "movil", "telemovel", "tlf",
      "tfno",  "telf",      "whatsapp", "telefone",  "telefonico", "telem", "tlm",       "celular",
      "mov",   "fijo",      "fixo",     "mobil",     "mobiel",     "handy"};
  static constexpr std::string_view kPhoneStems[] = {
      "telefon", "telefons", "telefoon", "tel",       "fax",          "handy",     "ruf",
      "mobil",   "mobiel",   "gsm",      "festnetz",  "mobiltelefon", "mobilfunk", "kontakt",
      "contact", "privat",   "prive",    "durchwahl", "whatsapp",     "werk",      "notfall",
      "notruf",  "ruckruf",  "direkt",   "service"};
  for (size_t start = 0; start < label.size();) {
    size_t end = label.find(' ', start);
    if (end == std::string_view::npos) end = label.size();
    const std::string_view word = label.substr(start, end - start);
    if (OneOf(word, kPhoneWords)) return true;
    if (const auto stem = NummerStem(word); stem && OneOf(*stem, kPhoneStems)) return true;
    start = end + 1;
  }
  return false;
}

// Whether a label says the digits after it are some other number than a phone's: an
// account's, an invoice's, a customer's, a tax or company registration's: "Account Number :
// 0700016539" is no French mobile. The noun must stand right by the number's word ("customer
// no", "n de compte", "numero de facture") or be the label's last word ("IBAN", "Invoice");
// a label that names a phone ("Customer phone number", "Client : Jean Dupont, tél. n°") is a
// phone's.
bool OtherNumberLabel(std::string_view label) {
  if (label.empty() || NamesAPhone(label)) return false;
  static constexpr std::string_view kAlone[] = {
      "iban",    "siret",   "siren",    "vat",     "tva",     "iva",    "bic",
      "invoice", "facture", "rechnung", "fattura", "factura", "fatura", "factuur"};
  static constexpr std::string_view kNumberWords[] = {"number", "no",     "nr",    "n",
                                                      "num",    "numero", "nummer"};
  static constexpr std::string_view kNouns[] = {
      "account",  "acct",     "compte",     "konto",     "invoice",   "facture",   "rechnung",
      "order",    "commande", "contract",   "contrat",   "policy",    "client",    "customer",
      "kunden",   "dossier",  "reference",  "vat",       "tva",       "tax",       "fiscal",
      "serial",   "tracking", "adherent",   "member",    "siret",     "siren",     "registration",
      "fattura",  "ordine",   "conto",      "contratto", "cliente",   "pratica",   "factura",
      "pedido",   "cuenta",   "contrato",   "poliza",    "fatura",    "encomenda", "conta",
      "apolice",  "factuur",  "bestelling", "klant",     "rechnungs", "bestell",   "auftrags",
      "vertrags", "kassen",   "vorgangs"};
  // "of", "de", "di", "del", "da", "do": between the number's word and its noun ("numéro du
  // client" is as often the client's phone).
  static constexpr std::string_view kLinks[] = {"de", "di", "del", "da", "do", "of"};
  const std::string_view last = WordFromEnd(label, 0);
  if (OneOf(last, kAlone)) return true;
  // "Kundennummer", "Bestellnummer", "klantnummer" (a phone's were kept above: a compound
  // names another number only when its stem is one of these).
  static constexpr std::string_view kOtherStems[] = {
      "kunden",    "bestell",     "auftrags",      "konto",
      "rechnungs", "vertrags",    "steuer",        "versicherungs",
      "mitglieds", "personal",    "ausweis",       "pass",
      "vorgangs",  "akten",       "referenz",      "kassen",
      "artikel",   "serien",      "sach",          "klant",
      "klanten",   "order",       "bestel",        "referentie",
      "factuur",   "polis",       "lidmaatschaps", "dossier",
      "rekening",  "btw",         "ust",           "sozialversicherungs",
      "fall",      "transaktions"};
  if (const auto stem = NummerStem(last); stem && OneOf(*stem, kOtherStems)) return true;
  // "account number", "customer no"
  if (OneOf(last, kNumberWords) && OneOf(WordFromEnd(label, 1), kNouns)) return true;
  // "n de compte", "numero de facture", "no. de client", "numero di fattura", "número del
  // pedido"
  return OneOf(last, kNouns) && OneOf(WordFromEnd(label, 1), kLinks) &&
         OneOf(WordFromEnd(label, 2), kNumberWords);
}

// "F." or "F:" written alone before a number: a fax, as signatures abbreviate it beside "T.";
// not a name's initial ("DUPONT F. 06…") nor a column's "F" (a pasted sheet's gender).
bool FaxInitialBefore(std::string_view text, size_t begin, std::string_view label) {
  if (label != "f") return false;
  size_t i = begin;
  auto skip_spaces = [&] {
    for (;;) {
      if (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) {
        --i;
      } else if (i > 1 && static_cast<unsigned char>(text[i - 2]) == 0xC2 &&
                 static_cast<unsigned char>(text[i - 1]) == 0xA0) {
        i -= 2;
      } else {
        return;
      }
    }
  };
  skip_spaces();
  if (i == 0 || (text[i - 1] != '.' && text[i - 1] != ':')) return false;
  --i;
  skip_spaces();
  return i > 0 && (text[i - 1] == 'F' || text[i - 1] == 'f');
}

// Whether the number text[begin, end) (written `written`, its label `label`) is an
// organisation's line rather than a person's: named so beside it ("Fax :", "F.", "Standard",
// "Accueil", "Board Line -", "(24-hour hotline)"); a fixed line under a heading that names the
// organisation's office on its line or up to three lines above ("Head Office:\nVia Feltrina
// 37 …\nPh: +39 0423 68 88 00"), when its own label is a plain "Tel." (a "Mobile" or "Direct"
// line is someone's, and so is a mobile number); a German or Austrian switchboard ("+49 711 2
// 10 41-0": extension 0 is the operator's); or a toll-free number (French "numéros verts"
// 0800 to 0805, North American 800, 833 to 888, UK 0800/0808, international +800; another
// country's free, shared-cost or special-rate ranges as libphonenumber knows them).
bool OrganisationLine(std::string_view text, size_t begin, size_t end, std::string_view written,
                      std::string_view label, std::string_view e164,
                      const i18n::phonenumbers::PhoneNumber& number) {
  if (IsTollFree(e164)) return true;
  // Another country's free, shared-cost or special-rate number (Spain's 900 and 902, Italy's
  // 800, Portugal's 808): libphonenumber knows every country's ranges. France's are known
  // above without asking (asking for every French number costs).
  if (!e164.starts_with("+33")) {
    using Type = i18n::phonenumbers::PhoneNumberUtil::PhoneNumberType;
    const Type type = PhoneUtil().GetNumberType(number);
    // Not UAN: companies give their employees direct lines in those ranges ("Direct: +41 58
    // 792 12 34", "+31 88 …", "+44 330 …").
    if (type == Type::TOLL_FREE || type == Type::SHARED_COST || type == Type::PREMIUM_RATE) {
      return true;
    }
  }
  if (ContextBefore(
          text, begin, 28,
          {"fax", "telecopie", "telecopieur", "standard", "switchboard", "accueil", "reception",
           "hotline", "helpline", "board line", "main line", "head office", "siege",
           "service client", "customer service", "numero vert", "toll free", "toll-free"}) ||
      ContextAfter(text, end, 28,
                   {"fax", "standard", "switchboard", "accueil", "hotline", "helpline",
                    "numero vert", "toll free", "toll-free"})) {
    return true;
  }
  if (written.size() > 3 && written.ends_with("-0") && IsDigit(written[written.size() - 3]) &&
      (e164.starts_with("+49") || e164.starts_with("+43"))) {
    return true;
  }
  // A conference bridge's dial-in: the pause ",," and the meeting's ID with its '#' after it
  // ("+49 69 365 051 123,,412345678#", as Teams, Webex and Zoom write it). A sheet's empty
  // column ("Dupont,Jean,0612345678,,Paris") is no pause.
  if (const std::string_view after = text.substr(end);
      after.starts_with(",,") || after.starts_with(";;")) {
    size_t i = 2;
    while (i < after.size() && (after[i] == ',' || after[i] == ';')) ++i;
    const size_t digits = i;
    while (i < after.size() && i < digits + 24 && IsDigit(after[i])) ++i;
    if (i > digits && i < after.size() && after[i] == '#') return true;
  }
  const std::string_view last = WordFromEnd(label, 0);
  for (std::string_view fax : {"fax", "fx", "telefax", "telecopie", "telecopieur", "faxnummer",
                               "faxnr", "telefaxnummer"}) {
    if (last == fax) return true;
  }
  if (FaxInitialBefore(text, begin, label)) return true;
  static constexpr std::string_view kPersonal[] = {
      "mobile",  "mobil", "mob",  "portable", "port",      "cell",      "cellulare",
      "handy",   "gsm",   "m",    "direct",   "directe",   "durchwahl", "diretto",
      "private", "prive", "home", "perso",    "personnel", "personal",  "domicile"};
  for (int k = 0; k < 4; ++k) {
    const std::string_view w = WordFromEnd(label, k);
    if (w.empty()) break;
    if (OneOf(w, kPersonal)) return false;
  }
  // The lines before the number (its own and the three before: a signature's heading
  // "Head Office:" above the street), back to the number before it (eight digits or more:
  // "Ph: … Fax: … Mobile: …"), a blank line or a sentence's end at a line's end (running
  // text, not a signature), or 200 bytes.
  size_t b = begin;
  int digits = 0, lines = 0;
  while (b > 0 && begin - b < 200) {
    const char c = text[b - 1];
    if (c == '\n') {
      if (++lines > 3) break;
      size_t k = b - 1;
      while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\r' || text[k - 1] == '\t')) --k;
      if (k == 0 || text[k - 1] == '\n' || text[k - 1] == '.') break;
    }
    if (IsDigit(c)) {
      if (++digits >= 8) break;
    } else if (IsAsciiAlpha(c)) {
      digits = 0;
    }
    --b;
  }
  while (b < begin && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) ++b;
  if (!HasWord(Fold(text.substr(b, begin - b)),
               {"head office", "headquarters", "siege social", "switchboard", "zentrale",
                "centralino", "main office", "registered office", "sede legale"})) {
    return false;
  }
  // A mobile is someone's, whatever heading is above it (asked last: libphonenumber's type is
  // costly; a French one is known by its prefix).
  if (e164.starts_with("+336") || e164.starts_with("+337")) return false;
  using i18n::phonenumbers::PhoneNumberUtil;
  const auto type = PhoneUtil().GetNumberType(number);
  return type != PhoneNumberUtil::MOBILE && type != PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
}

// Whether a number written without a country code is written as French numbers are: ten
// digits in five pairs, one separator between pairs ("06 12 34 56 78", "06.12.34.56.78"), or
// none ("0612345678"). "0423 68 88 00" (Italy) or "03-3544-6222" (Japan) are not.
bool FrenchNationalShape(std::string_view written) {
  // The shape: 'd' per digit, one ' ' per separator (a no-break space is one).
  std::string shape;
  for (char c : written) {
    const auto u = static_cast<unsigned char>(c);
    if (IsDigit(c)) {
      shape += 'd';
    } else if (u < 0x80 || (u & 0xC0) != 0x80) {
      shape += ' ';
    }
  }
  // "0612345678", "06 12 34 56 78" (any one separator between pairs), and "0 800 123 456",
  // as free and special-rate numbers are written.
  return shape == "dddddddddd" || shape == "dd dd dd dd dd" || shape == "d ddd ddd ddd";
}

// Country names as a signature writes them, folded ("Pederobba (TV) Italy", "48160 Derio -
// España"), with their country-code domain: each counts as one such domain in CountryHint.
// Names that are also words or given names elsewhere (Jordan, Georgia, Chad, China as
// porcelain) are left out.
constexpr std::pair<std::string_view, std::string_view> kCountryNames[] = {
    {"france", "fr"},         {"italy", "it"},       {"italia", "it"},
    {"italie", "it"},         {"spain", "es"},       {"espana", "es"},
    {"espagne", "es"},        {"germany", "de"},     {"deutschland", "de"},
    {"allemagne", "de"},      {"belgium", "be"},     {"belgique", "be"},
    {"belgie", "be"},         {"switzerland", "ch"}, {"suisse", "ch"},
    {"schweiz", "ch"},        {"svizzera", "ch"},    {"austria", "at"},
    {"osterreich", "at"},     {"autriche", "at"},    {"netherlands", "nl"},
    {"nederland", "nl"},      {"pays-bas", "nl"},    {"portugal", "pt"},
    {"united kingdom", "gb"}, {"royaume-uni", "gb"}, {"ireland", "ie"},
    {"irlande", "ie"},        {"japan", "jp"},       {"japon", "jp"},
    {"canada", "ca"},         {"usa", "us"},         {"united states", "us"},
    {"etats-unis", "us"},     {"luxembourg", "lu"},  {"maroc", "ma"},
    {"morocco", "ma"},        {"tunisie", "tn"},     {"tunisia", "tn"},
    {"algerie", "dz"},        {"algeria", "dz"},     {"poland", "pl"},
    {"polska", "pl"},         {"pologne", "pl"},     {"sweden", "se"},
    {"sverige", "se"},        {"suede", "se"},       {"denmark", "dk"},
    {"danmark", "dk"},        {"danemark", "dk"},    {"norway", "no"},
    {"norge", "no"},          {"norvege", "no"},     {"finland", "fi"},
    {"suomi", "fi"},          {"finlande", "fi"},    {"greece", "gr"},
    {"grece", "gr"},          {"brazil", "br"},      {"brasil", "br"},
    {"bresil", "br"},         {"mexico", "mx"},      {"mexique", "mx"},
    {"india", "in"},          {"inde", "in"}};

// A country-code domain used as a generic one in practice (.co, .io, .me, .tv...), no
// country's.
bool IsGenericTld(std::string_view tld) {
  static constexpr std::string_view kGeneric[] = {"co", "io", "me", "tv", "ai", "ly",
                                                  "to", "cc", "ws", "fm", "am", "eu"};
  return std::find(std::begin(kGeneric), std::end(kGeneric), tld) != std::end(kGeneric);
}

// Whether text[pos] ends a line or a segment of one: the text's end, a line end, or two
// spaces, " | " or " - " before what follows ("… Pederobba (TV) Italy\n", "48160 Derio -
// Spain  Ph: …"). A country's name is written so at an address's end; in running text ("un
// stage au Maroc en 2019", "Marie Portugal a écrit") it says nothing of a number.
bool EndsItsLine(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] == '\n' || text[pos] == '\r') return true;
  if (text[pos] != ' ' || pos + 1 >= text.size()) return false;
  const char next = text[pos + 1];
  return next == ' ' || next == '\n' || next == '\r' ||
         ((next == '|' || next == '-') && pos + 2 < text.size() && text[pos + 2] == ' ');
}

// Short words that are frequent in one language and rare in the others (a word two of these
// languages share is in neither list: "por", "esta", "die", "das", "des", "pas", "le"),
// folded: a text's language is the one whose words it has most. French and English are
// listed so that they win over the others on their own texts.
constexpr std::pair<std::string_view, std::string_view> kLanguageWords[] = {
    {"fr", "les est pour avec nous vous une merci bonjour cordialement dans sur votre vos"},
    {"en", "the and with for you your this that please thanks regards are have will from dear"},
    {"de",
     "und der nicht mit ist ich sie wir fur auf eine bitte vielen grusse grussen von dem "
     "ihre auch freundlichen"},
    {"it",
     "della che sono grazie cordiali saluti gli nel questo questa alla delle anche molto "
     "buongiorno"},
    {"es", "el los las gracias saludos muy usted estimado nuestro tambien hola cuando"},
    {"nl", "het een niet voor zijn wij ik bedankt groeten vriendelijke dat ook uw graag hebben"},
    {"pt", "nao obrigado obrigada uma voce atenciosamente cumprimentos sao seu muito tambem ola"},
};

// The countries a language is written in, its main one first: a number is the main
// country's when valid there (a German text's "0171 2345678", valid in Austria too), else the
// one other country's where it is valid (DetectPhonesOutside).
constexpr std::pair<std::string_view, std::string_view> kLanguageCountries[] = {
    {"de", "DE AT CH"}, {"it", "IT CH"}, {"es", "ES MX AR CO PE CL"},
    {"nl", "NL BE"},    {"pt", "PT BR"}, {"ja", "JP"},
    {"ko", "KR"}};

// The countries a text's language is written in (kLanguageCountries), or none (French,
// English, or not clear), read on the writer's own words: the text before its first quoted
// part (QuotedRanges: "> " lines, "Le … a écrit :", Outlook's "De : … Envoyé :" block), its
// first 64 KB. Japanese or Korean by their scripts (kana, hangul; at least 10 characters),
// else German, Italian, Spanish, Dutch or Portuguese by their words: at least 4, more than
// twice as many as any other language's, and fewer than 4 French ones. Chinese is left out:
// its script does not tell China from Taiwan. The weakest hint, read only when the text
// gives no other (CountryHint).
std::vector<std::string> LanguageCountries(std::string_view text) {
  auto of = [](std::string_view language) {
    for (const auto& [lang, countries] : kLanguageCountries) {
      if (lang == language) return SplitWords(countries);
    }
    return std::vector<std::string>{};
  };
  if (const auto quoted = QuotedRanges(text); !quoted.empty()) {
    text = text.substr(0, quoted.front().first);
  }
  text = text.substr(0, std::min<size_t>(text.size(), 65536));
  size_t kana = 0, hangul = 0;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    if (b0 == 0xE3 && b1 >= 0x81 && b1 <= 0x83) {
      ++kana;  // U+3040..U+30FF, hiragana and katakana
    } else if ((b0 >= 0xEA && b0 <= 0xEC) || (b0 == 0xED && b1 < 0x9F)) {
      ++hangul;  // U+A000..U+D7BF: hangul syllables, and Yi before them (rare)
    }
  }
  if (kana >= 10 && kana >= hangul) return of("ja");
  if (hangul >= 10) return of("ko");
  const std::string folded = Fold(text);

  static const auto* const kLanguageOf = [] {
    auto* map = new std::unordered_map<std::string_view, size_t>;
    for (size_t l = 0; l < std::size(kLanguageWords); ++l) {
      std::string_view words = kLanguageWords[l].second;
      while (!words.empty()) {
        const size_t space = words.find(' ');
        map->emplace(words.substr(0, space), l);
        words = space == std::string_view::npos ? std::string_view{} : words.substr(space + 1);
      }
    }
    return map;
  }();
  std::array<size_t, std::size(kLanguageWords)> hits{};
  for (size_t i = 0; i < folded.size();) {
    if (!IsAsciiAlpha(folded[i])) {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < folded.size() && IsAsciiAlpha(folded[e])) ++e;
    // A word of another script's letters around it is no word of these languages.
    const bool joined = (i > 0 && static_cast<unsigned char>(folded[i - 1]) >= 0x80) ||
                        (e < folded.size() && static_cast<unsigned char>(folded[e]) >= 0x80);
    if (!joined && e - i <= 16) {
      if (const auto it = kLanguageOf->find(folded.substr(i, e - i)); it != kLanguageOf->end()) {
        ++hits[it->second];
      }
    }
    i = e;
  }
  const size_t best =
      static_cast<size_t>(std::max_element(hits.begin(), hits.end()) - hits.begin());
  for (size_t l = 0; l < hits.size(); ++l) {
    if (l != best && hits[l] * 2 >= hits[best]) return {};
  }
  const std::string_view language = kLanguageWords[best].first;
  if (hits[best] < 4 || hits[0] >= 4) return {};  // kLanguageWords[0] is French
  return of(language);
}

// The country a text points to when it is not France: the country-code top-level domain most
// written in it (a web site, an address: "www.example.it", "@example.co.jp"), a country's
// name at a line's end counting as its domain ("… Pederobba (TV) Italy"), and the writer's
// address's (`writer_domain`), when France's is not as frequent; when none of these names a
// country, the countries of the text's language (LanguageCountries: "TEL 03-3544-6222" in
// Japanese).
// Upper case ("IT", "JP"; "GB" for .uk); none for France or no hint. A number written
// without a country code in such a text is read as that country's; under a language's hint,
// as its main country's (the first), else as the one other country's where it is valid.
struct CountryGuess {
  std::vector<std::string> regions;
  bool by_language = false;  // the weakest hint: a phone's label is asked for too
};

CountryGuess CountryHint(std::string_view text, std::string_view writer_domain,
                         std::string_view home_region) {
  std::unordered_map<std::string, int> count;
  // The writer's address's country-code domain, as one more written in the text.
  if (const size_t dot = writer_domain.rfind('.');
      dot != std::string_view::npos && writer_domain.size() - dot == 3) {
    std::string tld = AsciiLower(writer_domain.substr(dot + 1));
    if (IsAsciiAlpha(tld[0]) && IsAsciiAlpha(tld[1]) && !IsGenericTld(tld)) {
      ++count[tld == "uk" ? "gb" : tld];
    }
  }
  const std::string folded = Fold(text);
  {
    for (const auto& [name, tld] : kCountryNames) {
      for (size_t at = folded.find(name); at != std::string::npos;
           at = folded.find(name, at + name.size())) {
        const size_t e = at + name.size();
        if ((at == 0 || !IsAsciiAlpha(folded[at - 1])) && EndsItsLine(folded, e)) {
          ++count[std::string(tld)];
        }
      }
    }
  }
  for (size_t i = text.find('.'); i != std::string_view::npos && i + 2 < text.size();
       i = text.find('.', i + 1)) {
    const char a = text[i + 1], b = text[i + 2];
    if (i == 0 || !(a >= 'a' && a <= 'z') || !(b >= 'a' && b <= 'z')) continue;
    const char before = text[i - 1];
    if (!((before >= 'a' && before <= 'z') || IsDigit(before) || before == '-')) continue;
    if (i + 3 < text.size() && (IsAsciiAlnum(text[i + 3]) || text[i + 3] == '-')) continue;
    std::string tld{a, b};
    if (IsGenericTld(tld)) continue;
    ++count[tld == "uk" ? "gb" : tld];
  }
  std::string best;
  int best_count = 0;
  for (const auto& [tld, n] : count) {
    if (n > best_count || (n == best_count && tld < best)) {
      best = tld;
      best_count = n;
    }
  }
  if (count.empty()) {
    // The organisation's own country, when not France, comes after the text's language: a
    // British company's mail in German is read as German, in English as British.
    std::vector<std::string> by_language = LanguageCountries(text);
    if (by_language.empty() && !home_region.empty() && home_region != "FR") {
      return {{std::string(home_region)}, false};
    }
    return {std::move(by_language), true};
  }
  if (best == "fr" || count["fr"] >= best_count) return {};
  for (char& c : best) c = static_cast<char>(c - 'a' + 'A');
  return {{best}, false};
}

const i18n::phonenumbers::PhoneNumberUtil& PhoneUtil() {
  return *i18n::phonenumbers::PhoneNumberUtil::GetInstance();
}

// "6 12 34 56 78", "33 6 12 34 56 78": a French number written without its trunk 0 or
// without the "+" of its country code.
bool FrenchWithoutPrefix(std::string_view written) {
  std::string shape;
  for (const char c : written) shape += IsDigit(c) ? 'd' : ' ';
  if (shape == "d dd dd dd dd") return true;
  // 33 and nine digits, however grouped ("33 612 345 678", "336 12 34 56 78"): a French
  // number that lost its "+" (not 338, a French number's 8 is a special-rate one).
  const std::string digits = DigitsOf(written);
  return digits.size() == 11 && digits.starts_with("33") && digits[2] >= '1' && digits[2] != '8';
}

// Whether a country's numbers are written without a trunk prefix (libphonenumber's national
// prefix): Italy, Spain, Portugal, Greece... (an Italian fixed line's 0 is part of its
// number), not France, Germany, Britain or Japan, whose 0 is a prefix.
bool WithoutTrunkPrefix(const std::string& region) {
  std::string prefix;
  PhoneUtil().GetNddPrefixForRegion(region, true, &prefix);
  return prefix.empty() && PhoneUtil().GetCountryCodeForRegion(region) != 0;
}

// libphonenumber's validator runs its regular expressions on every call; in a mailbox the
// same numbers (signatures, quoted again in every reply) come back in message after
// message. Its answers are kept per thread in a map emptied when full, of as many numbers as
// the people writing in a large mailbox (a smaller one was emptied before any came back).
// Keyed by the number's fields (what its E.164 form is made of), not its E.164 string: the
// look-ups of a map of strings cost more than the answers they spared.
constexpr size_t kKnownNumbers = 65536;

struct NumberKey {
  uint64_t national_number;
  int32_t country_code;
  int32_t leading_zeros;  // written in E.164 only with an Italian leading zero
  bool italian_leading_zero;
  bool operator==(const NumberKey&) const = default;
};

struct NumberKeyHash {
  size_t operator()(const NumberKey& k) const {
    uint64_t h = k.national_number * 0x9E3779B97F4A7C15ull ^
                 (uint64_t{static_cast<uint32_t>(k.country_code)} |
                  uint64_t{static_cast<uint32_t>(k.leading_zeros) & 0xffff} << 40 |
                  uint64_t{k.italian_leading_zero} << 32);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return static_cast<size_t>(h);
  }
};

bool IsValidNumberCached(const i18n::phonenumbers::PhoneNumber& number) {
  thread_local std::unordered_map<NumberKey, bool, NumberKeyHash> known = [] {
    std::unordered_map<NumberKey, bool, NumberKeyHash> map;
    map.reserve(kKnownNumbers);
    return map;
  }();
  const bool italian = number.italian_leading_zero();
  const NumberKey key{number.national_number(), number.country_code(),
                      italian ? number.number_of_leading_zeros() : 0, italian};
  if (const auto it = known.find(key); it != known.end()) return it->second;
  const bool valid = PhoneUtil().IsValidNumber(number);
  if (known.size() >= kKnownNumbers) known.clear();
  known.emplace(key, valid);
  return valid;
}

// The British numbers Ofcom keeps for drama (films, books, test data), which libphonenumber
// knows as unallocated: 07700 900000 to 900999, 020 7946 0000 to 0999, the 0xxx 496 0xxx of
// the large towns, 028 9649 6xxx, 029 2018 0xxx, 01632 960xxx, 0306 999 0xxx, 0808 157 0xxx.
bool InDramaRange(const i18n::phonenumbers::PhoneNumber& number) {
  if (number.country_code() != 44) return false;
  const uint64_t n = number.national_number();
  if (n < 1000000000ull || n > 9999999999ull) return false;  // ten digits
  const uint64_t head = n / 1000;                            // all but the last three
  for (const uint64_t range :
       {7700900ull, 2079460ull, 1134960ull, 1144960ull, 1154960ull, 1164960ull, 1174960ull,
        1184960ull, 1214960ull, 1314960ull, 1414960ull, 1514960ull, 1614960ull, 1914980ull,
        2896496ull, 2920180ull, 1632960ull, 3069990ull, 8081570ull}) {
    if (head == range) return true;
  }
  return false;
}

}  // namespace

void DetectPhones(std::string_view text, std::vector<Finding>* out) {
  DetectPhonesOutside(text, {}, out);
}

void DetectPhonesOutside(std::string_view text, const std::vector<Finding>& covered,
                         std::vector<Finding>* out, const std::atomic<bool>* stop,
                         std::string_view writer_domain, std::string_view home_region) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  // The spans already covered, by start, each with the furthest end of those up to it: a
  // region overlaps one of them when one that starts before the region's end reaches past
  // its start (a binary search a region, not a look at every finding).
  std::vector<std::pair<size_t, size_t>> spans;  // begin, furthest end so far
  spans.reserve(covered.size());
  for (const Finding& f : covered) spans.emplace_back(f.begin, f.end);
  std::sort(spans.begin(), spans.end());
  for (size_t k = 1; k < spans.size(); ++k) {
    spans[k].second = std::max(spans[k].second, spans[k - 1].second);
  }
  auto is_covered = [&](const Region& r) {
    const auto after = std::lower_bound(spans.begin(), spans.end(), r.end,
                                        [](const auto& s, size_t end) { return s.first < end; });
    return after != spans.begin() && std::prev(after)->second > r.begin;
  };
  size_t regions = 0;
  std::optional<CountryGuess> hint;  // CountryHint(text), read when first needed
  for (Region r : PhoneRegions(text)) {
    // libphonenumber's validation is the slow part of a text full of numbers.
    if (++regions % 1024 == 0 && stop && stop->load(std::memory_order_relaxed)) return;
    // Digits that a stronger finding (IBAN, card, NIR, SIRET) already explains.
    if (is_covered(r)) continue;
    while (r.begin < r.end && text[r.begin] == '(') ++r.begin;
    std::string_view written = text.substr(r.begin, r.end - r.begin);
    const bool international = written.starts_with("+") || written.starts_with("00");
    // Written without a country code, a French number is ten digits starting with its trunk
    // prefix 0, in pairs: "208096446" is a reference, not +33 2 08 09 64 46. Only the shapes
    // that can be a number go to libphonenumber (its parser is the expensive part). A
    // number in another country's shape is that country's when the text points to one
    // (CountryHint), else nobody's: never a French number it is not.
    const bool trunk = written.starts_with("0");
    if (!international && !trunk && !IsDigit(written[0])) continue;
    // A date and its time ("On 07.06.2024 12:52:08, … wrote", "le 03.11.2026 10 h"): the
    // digits of a day, a month and a year, no number.
    if (!international && StartsWithDate(written)) continue;
    const bool french = international || (trunk && FrenchNationalShape(written));
    // "Account Number : 0700016539": labelled as some other number.
    const NumberLabel label(text, r.begin);
    if (!french) {
      // Grouped as people write numbers, not a run of digits (a company's register number,
      // "n. 04336160264").
      const size_t digits = DigitsOf(written).size();
      if (digits < 9 || digits > 11 || digits == written.size()) continue;
      // Without a leading 0, a number is read only right after a phone's label ("Cell. 337
      // 1250569", "Móvil: 612 34 56 78"; not "Phone Conference ID:", "Line total:"): digits
      // grouped so are more often an amount or a reference, and this spares the country's
      // search in most texts. A French number without its "+" or its 0 ("33 6 12 34 56 78",
      // "6 12 34 56 78") is no other country's.
      const bool phone_label = NamesAPhone(WordFromEnd(label.words(), 0));
      if (!trunk && (!phone_label || FrenchWithoutPrefix(written))) continue;
      if (!hint) hint = CountryHint(text, writer_domain, home_region);
      const std::vector<std::string>& countries = hint->regions;
      if (countries.empty()) continue;
      // The language is the weakest hint: a phone's label is asked for too ("0912 345 678"
      // in a Spanish text is as often an order's number).
      if (hint->by_language && !phone_label) continue;
      // ... and only where a country's numbers have no trunk prefix: an Italian mobile, a
      // Spanish, a Portuguese or a Greek number. Elsewhere a number is written with its 0.
      if (!trunk && std::none_of(countries.begin(), countries.end(), WithoutTrunkPrefix)) {
        continue;
      }
    }
    PhoneNumber number;
    std::string e164;
    if (french && !international) {
      // "0X XX XX XX XX": the number is +33 and the nine digits after the trunk 0. Building
      // it directly spares libphonenumber's string parser (its costliest step); its
      // validator below still decides. Its E.164 form is what libphonenumber's Format
      // writes for it: "+", the country code, the national number.
      number.set_country_code(33);
      number.set_national_number(std::stoull(DigitsOf(written).substr(1)));
      e164 = "+33" + std::to_string(number.national_number());
    } else {
      // ASCII only: the no-break space becomes two spaces (same length, so offsets hold).
      std::string ascii(written);
      for (char& c : ascii) {
        if (static_cast<unsigned char>(c) >= 0x80) c = ' ';
      }
      if (international) {
        if (PhoneUtil().Parse(ascii, "FR", &number) != PhoneNumberUtil::NO_PARSING_ERROR) continue;
      } else {
        // The hint's country; under a language's, its main country when the number is valid
        // there (a German text's "0171 2345678" is German, though valid in Austria too), else
        // the one other country where it is valid (a Swiss "079 123 45 67" is valid in
        // Germany too: read as German, the category and the person right, the country not).
        int valid_in = 0;
        for (const std::string& region : hint->regions) {
          PhoneNumber candidate;
          if (PhoneUtil().Parse(ascii, region, &candidate) == PhoneNumberUtil::NO_PARSING_ERROR &&
              (IsValidNumberCached(candidate) || InDramaRange(candidate))) {
            ++valid_in;
            number = candidate;
            if (region == hint->regions.front()) break;
          }
        }
        if (valid_in != 1) continue;
      }
      PhoneUtil().Format(number, PhoneNumberUtil::E164, &e164);
    }
    const bool valid = IsValidNumberCached(number);
    if ((valid || LooksFrench(written, e164)) && OtherNumberLabel(label.words())) {
      // "Account Number : 0700016539": labelled as some other number. Not counted; listed
      // for the DPO (review), in case the label was a phone's after all.
      out->push_back({DataCategory::kPhone, "phone", r.begin, r.end, e164, kNearMissConfidence,
                      "near-miss:other-number", false});
    } else if (valid &&
               OrganisationLine(text, r.begin, r.end, written, label.words(), e164, number)) {
      // A switchboard, a fax, a hotline, a free or special-rate number: an organisation's,
      // listed for the DPO to confirm (review) rather than counted as a person's.
      out->push_back({DataCategory::kPhone, "phone", r.begin, r.end, e164, kNearMissConfidence,
                      "near-miss:organisation-line", false});
    } else if (valid) {
      out->push_back(
          {DataCategory::kPhone, "phone", r.begin, r.end, e164, 0.95, "libphonenumber", false});
    } else if (LooksFrench(written, e164)) {
      // Not allocated (libphonenumber knows the ranges ARCEP reserves for fiction, and
      // new ones lag), but written in the unmistakable French shape: still a phone number.
      out->push_back({DataCategory::kPhone, "phone", r.begin, r.end, e164, 0.8, "fr-shape", false});
    } else if (InDramaRange(number)) {
      // The British ranges Ofcom keeps for fiction, as France's above: a number as written.
      out->push_back(
          {DataCategory::kPhone, "phone", r.begin, r.end, e164, 0.8, "gb-drama-range", false});
    }
  }
}

namespace {

// The zones of the countries whose organisations the profile's time zone may name (the
// European Economic Area, Britain, Switzerland), with their country: tzdata's zone.tab rows.
constexpr std::pair<std::string_view, std::string_view> kZoneCountries[] = {
    {"Europe/London", "GB"},     {"Europe/Belfast", "GB"},     {"Europe/Dublin", "IE"},
    {"Europe/Paris", "FR"},      {"Europe/Monaco", "MC"},      {"Europe/Brussels", "BE"},
    {"Europe/Luxembourg", "LU"}, {"Europe/Amsterdam", "NL"},   {"Europe/Berlin", "DE"},
    {"Europe/Busingen", "DE"},   {"Europe/Vienna", "AT"},      {"Europe/Zurich", "CH"},
    {"Europe/Vaduz", "LI"},      {"Europe/Rome", "IT"},        {"Europe/Malta", "MT"},
    {"Europe/Madrid", "ES"},     {"Atlantic/Canary", "ES"},    {"Africa/Ceuta", "ES"},
    {"Europe/Lisbon", "PT"},     {"Atlantic/Madeira", "PT"},   {"Atlantic/Azores", "PT"},
    {"Europe/Copenhagen", "DK"}, {"Europe/Stockholm", "SE"},   {"Europe/Oslo", "NO"},
    {"Europe/Helsinki", "FI"},   {"Atlantic/Reykjavik", "IS"}, {"Europe/Warsaw", "PL"},
    {"Europe/Prague", "CZ"},     {"Europe/Bratislava", "SK"},  {"Europe/Budapest", "HU"},
    {"Europe/Ljubljana", "SI"},  {"Europe/Zagreb", "HR"},      {"Europe/Bucharest", "RO"},
    {"Europe/Sofia", "BG"},      {"Europe/Athens", "GR"},      {"Asia/Nicosia", "CY"},
    {"Europe/Tallinn", "EE"},    {"Europe/Riga", "LV"},        {"Europe/Vilnius", "LT"},
};

}  // namespace

std::string PhoneHomeRegion(std::string_view timezone, const std::vector<std::string>& domains) {
  for (const auto& [zone, country] : kZoneCountries) {
    if (zone == timezone && country != "FR") return std::string(country);
  }
  // The default zone may be the profile's silence: the domains, when they all name one
  // country ("acme.co.uk" and "acme.uk"), and it is not France.
  std::string shared;
  for (const std::string& domain : domains) {
    const size_t dot = domain.rfind('.');
    std::string tld = dot == std::string::npos ? std::string() : AsciiLower(domain.substr(dot + 1));
    if (tld.size() != 2 || IsGenericTld(tld)) return "FR";
    if (tld == "uk") tld = "gb";
    if (!shared.empty() && shared != tld) return "FR";
    shared = tld;
  }
  if (shared.empty() || shared == "fr") return "FR";
  for (char& c : shared) c = static_cast<char>(c - 'a' + 'A');
  return PhoneUtil().GetCountryCodeForRegion(shared) != 0 ? shared : "FR";
}

std::optional<Finding> PhoneOfColumn(std::string_view cell, std::string_view region) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  if (cell.size() > 32) return std::nullopt;
  size_t digits = 0;
  std::string ascii;
  for (const char c : cell) {
    if (IsDigit(c)) ++digits;
    // Only what a number is written with: digits, spaces, "+", dots, dashes, brackets.
    if (!IsDigit(c) && std::string_view(" +.-()/").find(c) == std::string_view::npos &&
        static_cast<unsigned char>(c) < 0x80) {
      return std::nullopt;
    }
    ascii += static_cast<unsigned char>(c) >= 0x80 ? ' ' : c;
  }
  if (digits < 7 || digits > 15) return std::nullopt;
  PhoneNumber number;
  if (PhoneUtil().Parse(ascii, std::string(region.empty() ? "FR" : region), &number) !=
          PhoneNumberUtil::NO_PARSING_ERROR ||
      (!IsValidNumberCached(number) && !InDramaRange(number))) {
    return std::nullopt;
  }
  std::string e164;
  PhoneUtil().Format(number, PhoneNumberUtil::E164, &e164);
  return Finding{DataCategory::kPhone,    "phone", 0, cell.size(), std::move(e164), 0.9,
                 "column+libphonenumber", false};
}

// ---------------------------------------------------------------------------------------
// French postal addresses: "12 bis, rue des Lilas, 31000 Toulouse" (street on the same line
// or the line before the postcode).

namespace {

constexpr std::array<std::string_view, 24> kStreetTypes{
    "rue",    "avenue",   "av",      "boulevard", "bd",          "allee",
    "chemin", "impasse",  "place",   "quai",      "route",       "cours",
    "square", "voie",     "passage", "residence", "lotissement", "lieu-dit",
    "hameau", "faubourg", "sentier", "esplanade", "promenade",   "parvis"};

bool IsStreetType(std::string_view folded_word) {
  return std::find(kStreetTypes.begin(), kStreetTypes.end(), folded_word) != kStreetTypes.end();
}

// Start of "N [bis|ter] [,] <street type> ..." in [from, to), or npos.
size_t StreetStart(std::string_view text, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (!IsDigit(text[i]) || WordByteBefore(text, i)) continue;
    size_t j = i;
    while (j < to && IsDigit(text[j]) && j - i < 4) ++j;
    if (j < to && IsDigit(text[j])) continue;
    std::string rest = Fold(text.substr(j, std::min<size_t>(to - j, 30)));
    size_t k = 0;
    while (k < rest.size() && (rest[k] == ' ' || rest[k] == ',')) ++k;
    for (std::string_view suffix : {"bis", "ter"}) {
      if (rest.compare(k, suffix.size(), suffix) == 0) k += suffix.size();
    }
    while (k < rest.size() && (rest[k] == ' ' || rest[k] == ',')) ++k;
    size_t w = k;
    while (w < rest.size() && (IsAsciiAlpha(rest[w]) || rest[w] == '-')) ++w;
    if (w > k && IsStreetType(std::string_view(rest).substr(k, w - k)) &&
        (w == rest.size() || rest[w] == ' ' || rest[w] == '.')) {
      return i;
    }
  }
  return std::string_view::npos;
}

// British and Irish streets: "14 Baker Street", "2a Station Rd". Folded.
constexpr std::string_view kBritishStreetTypes[] = {
    "street", "st",   "road",    "rd",     "avenue", "ave",      "lane",  "ln",      "close",
    "drive",  "dr",   "way",     "place",  "pl",     "crescent", "cres",  "gardens", "gdns",
    "court",  "ct",   "terrace", "square", "sq",     "grove",    "hill",  "park",    "row",
    "mews",   "walk", "green",   "rise",   "parade", "gate",     "wharf", "quay",    "broadway"};

}  // namespace

bool IsBritishStreetType(std::string_view word) {
  return std::find(std::begin(kBritishStreetTypes), std::end(kBritishStreetTypes), word) !=
         std::end(kBritishStreetTypes);
}

namespace {

// The end of a British postcode ("NW1 6XE", "SW1A 1AA", "M1 1AE", "EH12 9DN") starting at
// `i`, or npos: its outward code (one or two letters, a digit, a digit or letter), one space
// or none, its inward code (a digit, two letters), a word's end after it.
size_t BritishPostcodeEnd(std::string_view text, size_t i) {
  auto upper = [&](size_t k) { return k < text.size() && text[k] >= 'A' && text[k] <= 'Z'; };
  auto digit = [&](size_t k) { return k < text.size() && IsDigit(text[k]); };
  size_t j = i;
  if (!upper(j)) return std::string_view::npos;
  ++j;
  if (upper(j)) ++j;
  if (!digit(j)) return std::string_view::npos;
  ++j;
  if (digit(j) || upper(j)) ++j;
  size_t k = j;
  if (k < text.size() && text[k] == ' ') {
    ++k;
  } else if (const size_t sp = UnicodeSpaceAt(text, k); sp > 0) {
    k += sp;
  }
  // Written without its space ("SW1A1AA", "W1A0AX") it is read too, the outward code taking
  // what it can ("M11AE" is M11 and no inward code: left).
  if (!digit(k) || !upper(k + 1) || !upper(k + 2)) return std::string_view::npos;
  const size_t end = k + 3;
  if (end < text.size() && IsAsciiAlnum(text[end])) return std::string_view::npos;
  return end;
}

// Start of "N[a] <words> <street type>" in [from, to), the last one, or npos.
size_t BritishStreetStart(std::string_view text, size_t from, size_t to) {
  size_t found = std::string_view::npos;
  for (size_t i = from; i < to; ++i) {
    if (!IsDigit(text[i]) || WordByteBefore(text, i)) continue;
    size_t j = i;
    while (j < to && IsDigit(text[j]) && j - i < 4) ++j;
    if (j < to && IsDigit(text[j])) continue;
    if (j < to && text[j] >= 'a' && text[j] <= 'z' && (j + 1 >= to || text[j + 1] == ' ')) ++j;
    if (j >= to || text[j] != ' ') continue;
    // One to four capitalised words, the last a street type.
    size_t w = j + 1;
    for (int words = 0; words < 4 && w < to; ++words) {
      if (!(text[w] >= 'A' && text[w] <= 'Z')) break;
      size_t e = w;
      while (e < to && (IsAsciiAlpha(text[e]) || text[e] == '\'' || text[e] == '-')) ++e;
      const std::string word = AsciiLower(text.substr(w, e - w));
      if (words > 0 && IsBritishStreetType(word)) {
        found = i;
        break;
      }
      if (e >= to || text[e] != ' ') break;
      w = e + 1;
    }
  }
  return found;
}

// British and Irish-style addresses: a street ("14 Baker Street") then, on the same line or
// up to two lines below, a postcode ("London NW1 6XE"). The value is its words, folded.
void DetectBritishAddresses(std::string_view text, std::vector<Finding>* out) {
  // From each digit that follows one or two capitals (the outward code's area): a text's
  // digits are fewer than its capitals.
  for (size_t k = NextDigit(text, 0); k < text.size(); k = NextDigit(text, k + 1)) {
    const size_t start = k;
    while (k + 1 < text.size() && IsDigit(text[k + 1])) ++k;  // a run is looked at once
    if (start == 0 || !(text[start - 1] >= 'A' && text[start - 1] <= 'Z')) continue;
    const bool two = start >= 2 && text[start - 2] >= 'A' && text[start - 2] <= 'Z';
    const size_t i = two ? start - 2 : start - 1;
    if (i > 0 && IsWordByte(text[i - 1])) continue;
    const size_t end = BritishPostcodeEnd(text, i);
    if (end == std::string_view::npos) continue;
    // The street: in the 160 bytes before, on the postcode's line or the two before it.
    const size_t window = i > 160 ? i - 160 : 0;
    size_t from = i;
    for (int lines = 0; lines < 3 && from > window; ++lines) {
      const size_t nl = text.substr(window, from - window - (lines > 0 ? 1 : 0)).rfind('\n');
      from = nl == std::string_view::npos ? window : window + nl + 1;
      if (nl == std::string_view::npos) break;
    }
    const size_t street = BritishStreetStart(text, from, i);
    if (street == std::string_view::npos) continue;
    std::string value = FoldAddress(text.substr(street, end - street));
    out->push_back({DataCategory::kPostalAddress, "postal_address.gb", street, end,
                    std::move(value), 0.85, "street+postcode", false});
    k = end;
  }
}

}  // namespace

void DetectPostalAddresses(std::string_view text, std::vector<Finding>* out) {
  for (size_t i = NextDigit(text, 0); i + 5 <= text.size(); i = NextDigit(text, i + 1)) {
    // A postcode is a number of its own (not the end of "12 34567").
    if (i > 0 &&
        (IsWordByte(text[i - 1]) || (text[i - 1] == ' ' && i > 1 && IsDigit(text[i - 2])))) {
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsDigit(text[j])) ++j;
    if (j - i != 5) {
      i = j;
      continue;
    }
    const int code = std::stoi(std::string(text.substr(i, 5)));
    if (code < 1000 || code > 98999) continue;
    // A city after the code: a capitalised word.
    size_t c = j;
    if (c >= text.size() || text[c] != ' ') continue;
    ++c;
    if (c >= text.size() || !(std::isupper(static_cast<unsigned char>(text[c])) ||
                              static_cast<unsigned char>(text[c]) >= 0x80)) {
      continue;
    }
    // The city ends at the line's end, a comma, a tag, or where the line goes on with
    // something else: " - ", " – ", " | " ("75002 Paris - Tél. : …"; a no-break space is a
    // space), two spaces or a tab (a layout's columns), an address ("… Rhône
    // service.clients@…"), or a number ("Paris Tél 01 …"); a CEDEX office's number of one
    // to three digits is the city's ("75002 PARIS CEDEX 02").
    auto space_at = [&](size_t k) -> size_t {
      return k < text.size() && text[k] == ' ' ? 1 : UnicodeSpaceAt(text, k);
    };
    auto dash_at = [&](size_t k) -> size_t {
      if (k < text.size() && (text[k] == '-' || text[k] == '/')) return 1;
      // U+2013 en dash, U+2014 em dash
      if (k + 2 < text.size() && static_cast<unsigned char>(text[k]) == 0xE2 &&
          static_cast<unsigned char>(text[k + 1]) == 0x80 &&
          (static_cast<unsigned char>(text[k + 2]) == 0x93 ||
           static_cast<unsigned char>(text[k + 2]) == 0x94)) {
        return 3;
      }
      return 0;
    };
    size_t city_end = c;
    while (city_end < text.size() && city_end - c < 40) {
      const char ch = text[city_end];
      if (ch == '\n' || ch == '\r' || ch == ',' || ch == '<' || ch == '|' || ch == ';' ||
          ch == '\t' || ch == '(' || ch == ')')
        break;
      // The end of a sentence: "… 31700 Castelviel. Appelez-moi au 06 …".
      if ((ch == '.' || ch == '!' || ch == '?') &&
          (city_end + 1 >= text.size() || space_at(city_end + 1) > 0 ||
           text[city_end + 1] == '\n' || text[city_end + 1] == '\r')) {
        // "St. Étienne", "Ste. Foy": an abbreviation's point, not a sentence's end.
        size_t word = city_end;
        while (word > c && text[word - 1] != ' ') --word;
        const std::string abbreviation = AsciiLower(text.substr(word, city_end - word));
        if (ch != '.' || (abbreviation != "st" && abbreviation != "ste" && abbreviation != "mt" &&
                          abbreviation != "gd" && abbreviation != "pt"))
          break;
      }
      if (ch == '@') {
        while (city_end > c && text[city_end - 1] != ' ') --city_end;
        break;
      }
      if (const size_t sp = space_at(city_end); sp > 0) {
        const size_t next = city_end + sp;
        if (space_at(next) > 0) break;
        if (const size_t dash = dash_at(next); dash > 0 && space_at(next + dash) > 0) break;
      }
      if (IsDigit(ch)) {
        // "CEDEX 02": one to three digits after the word, then the city ends.
        size_t digits = city_end;
        while (digits < text.size() && IsDigit(text[digits])) ++digits;
        if (digits - city_end <= 3 && city_end - c >= 6 &&
            AsciiLower(text.substr(city_end - 6, 6)) == "cedex ") {
          city_end = digits;
        }
        break;
      }
      ++city_end;
    }
    // Cut at 40 bytes: at a character's start, not inside it.
    if (city_end - c == 40) city_end = std::max(c, CharBoundary(text, city_end));
    while (city_end > c && (text[city_end - 1] == ' ' || text[city_end - 1] == '-')) --city_end;
    // The street: on the same line, or on the line before, in the 160 bytes before the
    // postcode (only those are searched: a long line of postcodes is read once, not once a
    // postcode).
    const size_t window = i > 160 ? i - 160 : 0;
    auto line_start_before = [&](size_t pos) {  // start of the line holding text[pos - 1]
      const size_t nl = text.substr(window, pos - window).rfind('\n');
      return nl == std::string_view::npos ? window : window + nl + 1;
    };
    const size_t line_start = line_start_before(i);
    size_t from = line_start;
    if (line_start > 1 && line_start > window && i - line_start < 3) {
      from = line_start_before(line_start - 1);
    }
    const size_t street = StreetStart(text, from, i);
    if (street == std::string_view::npos) continue;
    // Its words only: written on one line with commas, in a table's three columns, or with
    // a full stop after it, one address is one value.
    const std::string value = FoldAddress(text.substr(street, city_end - street));
    out->push_back({DataCategory::kPostalAddress, "postal_address.fr", street, city_end, value, 0.9,
                    "street+postcode", false});
    i = city_end;
  }
  DetectBritishAddresses(text, out);
}

// ---------------------------------------------------------------------------------------
// Links to a person's online profile or messenger invitation.

namespace {

struct ProfileHost {
  std::string_view host;  // followed by the path prefix that names a person
  size_t min_path;        // bytes of path needed after it
};

constexpr std::array<ProfileHost, 19> kProfileHosts{{
    {"linkedin.com/in/", 2},   {"linkedin.com/pub/", 2}, {"facebook.com/", 3}, {"fb.com/", 3},
    {"instagram.com/", 2},     {"twitter.com/", 2},      {"x.com/", 2},        {"github.com/", 2},
    {"gitlab.com/", 2},        {"tiktok.com/@", 2},      {"t.me/", 3},         {"wa.me/", 6},
    {"chat.whatsapp.com/", 6}, {"signal.me/", 3},        {"signal.group/", 3}, {"discord.gg/", 3},
    {"threads.net/@", 2},      {"bsky.app/profile/", 3}, {"viadeo.com/", 3},
}};

// `text` at `pos` is `lower` (ASCII, lower case) in any case.
bool AtIgnoringCase(std::string_view text, size_t pos, std::string_view lower) {
  if (pos > text.size() || text.size() - pos < lower.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k) {
    const char c = text[pos + k];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c) != lower[k]) return false;
  }
  return true;
}

bool IsUrlByte(char c) {
  return c > ' ' && c != '<' && c != '>' && c != '"' && c != '\'' && c != ')' && c != ']' &&
         static_cast<unsigned char>(c) < 0x80;
}

}  // namespace

void DetectProfileUrls(std::string_view text, std::vector<Finding>* out) {
  // Every host pattern has a '/' in it; slashes are rare in prose, so start from them.
  size_t next_free = 0;
  // The run of URL bytes last measured: a run from any byte inside it ends where it ends, so
  // a long run with many slashes is read once.
  size_t run_from = std::string_view::npos;
  size_t run_end = 0;
  auto url_run_end = [&](size_t from) {
    if (run_from == std::string_view::npos || from < run_from || from >= run_end) {
      run_from = from;
      run_end = from;
      while (run_end < text.size() && IsUrlByte(text[run_end])) ++run_end;
      if (run_end == from) run_from = std::string_view::npos;
    }
    return std::max(from, run_end);
  };
  for (size_t slash = text.find('/'); slash != std::string_view::npos;
       slash = text.find('/', slash + 1)) {
    if (slash < next_free) continue;
    for (const ProfileHost& h : kProfileHosts) {
      const size_t cut = h.host.find('/');
      // The pattern's first '/' sits at `slash`.
      if (slash < cut || !AtIgnoringCase(text, slash - cut, h.host)) continue;
      const size_t at = slash - cut;
      size_t b = at;
      if (b > 0) {
        const char p = text[b - 1];
        if (p == '.') {
          // Only a sub-domain such as www. or fr. or m. is allowed in front.
          size_t s = b - 1;
          while (s > 0 && IsAsciiAlpha(text[s - 1])) --s;
          if (b - 1 - s > 3 || (s > 0 && IsUrlByte(text[s - 1]) && text[s - 1] != '/')) continue;
          b = s;
        } else if (IsAsciiAlnum(p) || p == '-') {
          continue;
        }
      }
      if (b >= 8 && AtIgnoringCase(text, b - 8, "https://"))
        b -= 8;
      else if (b >= 7 && AtIgnoringCase(text, b - 7, "http://"))
        b -= 7;
      size_t e = url_run_end(at + h.host.size());
      while (e > at + h.host.size() && (text[e - 1] == '.' || text[e - 1] == ',')) --e;
      if (e - (at + h.host.size()) < h.min_path) continue;
      std::string value = AsciiLower(text.substr(at, e - at));
      while (!value.empty() && value.back() == '/') value.pop_back();
      out->push_back(
          {DataCategory::kProfileUrl, "profile_url", b, e, value, 0.95, "known-host", false});
      next_free = e;
      break;
    }
  }
}

}  // namespace breachkit
