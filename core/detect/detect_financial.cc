// Financial data: IBANs and payment card numbers.
#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "core/detect/detector.h"
#include "core/detect/text_util.h"
#include "core/util/check_digits.h"

namespace breachkit {
namespace {

struct IbanFormat {
  std::string_view country;
  std::string_view
      bban;  // SWIFT notation: "5!n5!n11!c2!n" (n digits, a upper-case letters, c either)
};

// Source: SWIFT IBAN Registry, release 101 (as carried by python-stdnum's iban.dat). One row
// per country.
constexpr std::array<IbanFormat, 89> kIbanFormats{{{"AD", "4!n4!n12!c"},
                                                   {"AE", "3!n16!n"},
                                                   {"AL", "8!n16!c"},
                                                   {"AT", "5!n11!n"},
                                                   {"AZ", "4!a20!c"},
                                                   {"BA", "3!n3!n8!n2!n"},
                                                   {"BE", "3!n7!n2!n"},
                                                   {"BG", "4!a4!n2!n8!c"},
                                                   {"BH", "4!a14!c"},
                                                   {"BI", "5!n5!n11!n2!n"},
                                                   {"BR", "8!n5!n10!n1!a1!c"},
                                                   {"BY", "4!c4!n16!c"},
                                                   {"CH", "5!n12!c"},
                                                   {"CR", "4!n14!n"},
                                                   {"CY", "3!n5!n16!c"},
                                                   {"CZ", "4!n16!n"},
                                                   {"DE", "8!n10!n"},
                                                   {"DJ", "5!n5!n11!n2!n"},
                                                   {"DK", "4!n9!n1!n"},
                                                   {"DO", "4!c20!n"},
                                                   {"EE", "2!n14!n"},
                                                   {"EG", "4!n4!n17!n"},
                                                   {"ES", "4!n4!n1!n1!n10!n"},
                                                   {"FI", "3!n11!n"},
                                                   {"FK", "2!a12!n"},
                                                   {"FO", "4!n9!n1!n"},
                                                   {"FR", "5!n5!n11!c2!n"},
                                                   {"GB", "4!a6!n8!n"},
                                                   {"GE", "2!a16!n"},
                                                   {"GI", "4!a15!c"},
                                                   {"GL", "4!n9!n1!n"},
                                                   {"GR", "3!n4!n16!c"},
                                                   {"GT", "4!c20!c"},
                                                   {"HN", "4!a20!n"},
                                                   {"HR", "7!n10!n"},
                                                   {"HU", "3!n4!n1!n15!n1!n"},
                                                   {"IE", "4!a6!n8!n"},
                                                   {"IL", "3!n3!n13!n"},
                                                   {"IQ", "4!a3!n12!n"},
                                                   {"IS", "4!n2!n6!n10!n"},
                                                   {"IT", "1!a5!n5!n12!c"},
                                                   {"JO", "4!a4!n18!c"},
                                                   {"KW", "4!a22!c"},
                                                   {"KZ", "3!n13!c"},
                                                   {"LB", "4!n20!c"},
                                                   {"LC", "4!a24!c"},
                                                   {"LI", "5!n12!c"},
                                                   {"LT", "5!n11!n"},
                                                   {"LU", "3!n13!c"},
                                                   {"LV", "4!a13!c"},
                                                   {"LY", "3!n3!n15!n"},
                                                   {"MC", "5!n5!n11!c2!n"},
                                                   {"MD", "2!c18!c"},
                                                   {"ME", "3!n13!n2!n"},
                                                   {"MK", "3!n10!c2!n"},
                                                   {"MN", "4!n12!n"},
                                                   {"MR", "5!n5!n11!n2!n"},
                                                   {"MT", "4!a5!n18!c"},
                                                   {"MU", "4!a2!n2!n12!n3!n3!a"},
                                                   {"NI", "4!a20!n"},
                                                   {"NL", "4!a10!n"},
                                                   {"NO", "4!n6!n1!n"},
                                                   {"OM", "3!n16!c"},
                                                   {"PK", "4!a16!c"},
                                                   {"PL", "8!n16!n"},
                                                   {"PS", "4!a21!c"},
                                                   {"PT", "4!n4!n11!n2!n"},
                                                   {"QA", "4!a21!c"},
                                                   {"RO", "4!a16!c"},
                                                   {"RS", "3!n13!n2!n"},
                                                   {"RU", "9!n5!n15!c"},
                                                   {"SA", "2!n18!c"},
                                                   {"SC", "4!a2!n2!n16!n3!a"},
                                                   {"SD", "2!n12!n"},
                                                   {"SE", "3!n16!n1!n"},
                                                   {"SI", "5!n8!n2!n"},
                                                   {"SK", "4!n6!n10!n"},
                                                   {"SM", "1!a5!n5!n12!c"},
                                                   {"SO", "4!n3!n12!n"},
                                                   {"ST", "4!n4!n11!n2!n"},
                                                   {"SV", "4!a20!n"},
                                                   {"TL", "3!n14!n2!n"},
                                                   {"TN", "2!n3!n13!n2!n"},
                                                   {"TR", "5!n1!n16!c"},
                                                   {"UA", "6!n19!c"},
                                                   {"VA", "3!n15!n"},
                                                   {"VG", "4!a16!n"},
                                                   {"XK", "4!n10!n2!n"},
                                                   {"YE", "4!a4!n18!c"}}};

const IbanFormat* FormatOf(std::string_view country) {
  auto it = std::lower_bound(kIbanFormats.begin(), kIbanFormats.end(), country,
                             [](const IbanFormat& f, std::string_view c) { return f.country < c; });
  return it != kIbanFormats.end() && it->country == country ? &*it : nullptr;
}

size_t BbanLength(std::string_view format) {
  size_t total = 0;
  size_t n = 0;
  for (char c : format) {
    if (IsDigit(c))
      n = n * 10 + static_cast<size_t>(c - '0');
    else if (c == '!')
      continue;
    else {
      total += n;
      n = 0;
    }
  }
  return total;
}

bool BbanMatches(std::string_view bban, std::string_view format) {
  size_t pos = 0;
  size_t n = 0;
  for (char c : format) {
    if (IsDigit(c)) {
      n = n * 10 + static_cast<size_t>(c - '0');
      continue;
    }
    if (c == '!') continue;
    for (size_t k = 0; k < n; ++k, ++pos) {
      if (pos >= bban.size()) return false;
      const char b = bban[pos];
      const bool ok = c == 'n'   ? IsDigit(b)
                      : c == 'a' ? (b >= 'A' && b <= 'Z')
                                 : (IsDigit(b) || (b >= 'A' && b <= 'Z'));
      if (!ok) return false;
    }
    n = 0;
  }
  return pos == bban.size();
}

// ISO 13616 / ISO 7064 mod 97-10 over the rearranged IBAN.
bool Mod97(std::string_view iban) {
  int rem = 0;
  auto feed = [&](char c) {
    if (IsDigit(c)) {
      rem = (rem * 10 + (c - '0')) % 97;
    } else {
      const int v = c - 'A' + 10;
      rem = (rem * 100 + v) % 97;
    }
  };
  for (char c : iban.substr(4)) feed(c);
  for (char c : iban.substr(0, 4)) feed(c);
  return rem == 1;
}

// French RIB key: 97 - ((89 × bank + 15 × branch + 3 × account) mod 97), letters of the
// account number replaced as the Banque de France table says.
bool FrenchRibKeyValid(std::string_view bban) {
  std::string digits;
  for (char c : bban) {
    if (IsDigit(c)) {
      digits.push_back(c);
      continue;
    }
    static constexpr std::string_view kLetters = "123456789123456789234567890";  // A..Z
    digits.push_back(kLetters[static_cast<size_t>(c - 'A')]);
  }
  auto mod97 = [](std::string_view s) {
    int r = 0;
    for (char c : s) r = (r * 10 + (c - '0')) % 97;
    return r;
  };
  const int bank = mod97(digits.substr(0, 5));
  const int branch = mod97(digits.substr(5, 5));
  const int account = mod97(digits.substr(10, 11));
  const int key = std::stoi(digits.substr(21, 2));
  return (89 * bank + 15 * branch + 3 * account + key) % 97 == 0;
}

// Spanish CCC: two control digits (entity+office, then account).
bool SpanishControlValid(std::string_view bban) {
  static constexpr int kWeights[] = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
  auto control = [](std::string_view ten) {
    int sum = 0;
    for (size_t i = 0; i < 10; ++i) sum += (ten[i] - '0') * kWeights[i];
    const int c = 11 - sum % 11;
    return c == 11 ? 0 : c == 10 ? 1 : c;
  };
  const std::string first = "00" + std::string(bban.substr(0, 8));
  return control(first) == bban[8] - '0' && control(bban.substr(10, 10)) == bban[9] - '0';
}

enum class IbanCheck {
  kValid,
  kRibKeyFails,  // format and mod 97 hold, the French/Monaco RIB key does not: a near miss
  kInvalid,
};

IbanCheck CheckIban(std::string_view compact) {
  if (compact.size() < 5) return IbanCheck::kInvalid;
  const IbanFormat* f = FormatOf(compact.substr(0, 2));
  if (!f || compact.size() != 4 + BbanLength(f->bban)) return IbanCheck::kInvalid;
  if (!IsDigit(compact[2]) || !IsDigit(compact[3])) return IbanCheck::kInvalid;
  const std::string_view bban = compact.substr(4);
  if (!BbanMatches(bban, f->bban) || !Mod97(compact)) return IbanCheck::kInvalid;
  if (f->country == "FR" || f->country == "MC") {
    return FrenchRibKeyValid(bban) ? IbanCheck::kValid : IbanCheck::kRibKeyFails;
  }
  if (f->country == "ES")
    return SpanishControlValid(bban) ? IbanCheck::kValid : IbanCheck::kInvalid;
  return IbanCheck::kValid;
}

}  // namespace

bool IbanValid(std::string_view compact) { return CheckIban(compact) == IbanCheck::kValid; }

void DetectIbans(std::string_view text, std::vector<Finding>* out) {
  for (size_t i = 0; i + 4 < text.size(); ++i) {
    if (!(text[i] >= 'A' && text[i] <= 'Z' && text[i + 1] >= 'A' && text[i + 1] <= 'Z')) continue;
    if (WordByteBefore(text, i)) continue;
    const IbanFormat* f = FormatOf(text.substr(i, 2));
    if (!f) continue;
    const size_t want = 4 + BbanLength(f->bban);
    // Collect letters and digits, allowing single spaces (and "FR 76"), up to the length.
    std::string compact;
    size_t j = i;
    size_t end = i;
    while (j < text.size() && compact.size() < want) {
      const char c = text[j];
      if (IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z' && compact.size() >= 4)) {
        compact.push_back(static_cast<char>(c >= 'a' ? c - 32 : c));
        end = j + 1;
      } else if ((c == ' ' || c == '-' || c == '.') && j + 1 < text.size() &&
                 IsAsciiAlnum(text[j + 1]) && j > i) {
        // one separator between groups
      } else if (const size_t space = UnicodeSpaceAt(text, j); space > 0) {
        j += space - 1;
      } else {
        break;
      }
      ++j;
    }
    if (compact.size() != want) continue;
    if (end < text.size() && IsAsciiAlnum(text[end]) && (j == end)) continue;  // longer token
    const IbanCheck check = CheckIban(compact);
    if (check == IbanCheck::kInvalid) continue;
    if (check == IbanCheck::kRibKeyFails) {
      // Mod 97 holds by chance once in 97: most likely a real IBAN with a mistyped RIB key
      // (or check digits computed over a wrong BBAN). The DPO decides.
      out->push_back({DataCategory::kIban, "iban", i, end, compact, kNearMissConfidence,
                      "near-miss:rib-key", false});
    } else {
      out->push_back({DataCategory::kIban, "iban", i, end, compact, 0.99,
                      f->country == "FR" ? "mod97+rib-key" : "mod97+format", false});
    }
    i = end;
  }
}

namespace {

bool IssuerKnown(std::string_view d) {
  auto prefix = [&](int len) { return std::stoi(std::string(d.substr(0, len))); };
  const size_t n = d.size();
  if (d[0] == '4') return n == 13 || n == 16 || n == 19;  // Visa
  const int p2 = prefix(2), p4 = prefix(4), p3 = prefix(3);
  if (p2 >= 51 && p2 <= 55) return n == 16;                                // Mastercard
  if (p4 >= 2221 && p4 <= 2720) return n == 16;                            // Mastercard 2-series
  if (p2 == 34 || p2 == 37) return n == 15;                                // Amex
  if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649)) return n >= 16;  // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16;                            // JCB
  if (p2 == 36 || p2 == 38 || (p3 >= 300 && p3 <= 305)) return n >= 14;    // Diners
  if (p2 == 62) return n >= 16;                                            // UnionPay
  if (p2 == 50 || (p2 >= 56 && p2 <= 69)) return n >= 12;                  // Maestro
  return false;
}

// How cards are printed: all digits together, groups of four (the last one shorter), or
// Amex/Diners' 4-6-5 and 4-6-4. A SIRET's 3-3-3-5 is not a card.
bool CardGrouping(const std::vector<size_t>& g) {
  if (g.size() == 1) return true;
  if (g.size() == 3 && g[0] == 4 && g[1] == 6 && (g[2] == 5 || g[2] == 4)) return true;
  for (size_t k = 0; k + 1 < g.size(); ++k) {
    if (g[k] != 4) return false;
  }
  return g.back() >= 1 && g.back() <= 4;
}

// A word that says a number is a card's, in the same clause: before it (40 bytes: "Numéro de
// carte bancaire : ") or after it (30 bytes: "… exp 12/27", "… CVV 123").
bool CardWordsAround(std::string_view text, size_t begin, size_t end) {
  return ContextBefore(text, begin, 40,
                       {"carte", "cartes", "cb", "card", "visa", "mastercard", "amex", "maestro",
                        "cvv", "cvc", "cryptogramme", "expire", "expiration", "expiry", "exp"}) ||
         ContextAfter(
             text, end, 30,
             {"exp", "expire", "expires", "expiration", "expiry", "cvv", "cvc", "cryptogramme"});
}

}  // namespace

void DetectPaymentCards(std::string_view text, std::vector<Finding>* out) {
  for (size_t i = NextDigit(text, 0); i < text.size(); i = NextDigit(text, i + 1)) {
    if (i > 0 && (WordByteBefore(text, i) || text[i - 1] == '-' || text[i - 1] == '.' ||
                  text[i - 1] == ',')) {
      continue;
    }
    std::string digits;
    std::vector<size_t> groups{0};
    size_t j = i;
    size_t end = i;
    char sep = 0;
    while (j < text.size() && digits.size() < 19) {
      const char c = text[j];
      if (IsDigit(c)) {
        digits.push_back(c);
        ++groups.back();
        end = j + 1;
      } else if ((c == ' ' || c == '-') && j + 1 < text.size() && IsDigit(text[j + 1]) &&
                 (sep == 0 || sep == c)) {
        sep = c;  // one kind of separator throughout
        groups.push_back(0);
      } else {
        break;
      }
      ++j;
    }
    if (end < text.size() &&
        (IsWordByte(text[end]) || text[end] == '-' ||
         (text[end] == ',' && end + 1 < text.size() && IsDigit(text[end + 1])))) {
      i = end;
      continue;
    }
    const bool card_shaped = digits.size() >= 13 && digits.size() <= 19 && CardGrouping(groups) &&
                             IssuerKnown(digits) &&
                             digits.find_first_not_of(digits[0]) != std::string::npos &&
                             !ContextBefore(text, i, 30, {"siret", "siren", "rcs"});
    if (card_shaped && LuhnValid(digits)) {
      out->push_back(
          {DataCategory::kPaymentCard, "payment_card", i, end, digits, 0.9, "luhn+issuer", false});
    } else if (card_shaped && CardWordsAround(text, i, end)) {
      // A card's number with one digit mistyped (or read wrong) fails Luhn: next to the word
      // "carte" it is shown for review. Without such a word, far too many numbers are
      // shaped like cards.
      out->push_back({DataCategory::kPaymentCard, "payment_card", i, end, digits,
                      kNearMissConfidence, "near-miss:luhn", false});
    }
    i = end;
  }
}

}  // namespace breachkit
