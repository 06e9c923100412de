#include "core/detect/finding.h"

#include <glib.h>

#include "core/detect/detector.h"
#include "core/detect/text_util.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

constexpr std::string_view kDot = "•";
// What stands for a value too short to show any of it, whatever its length (six dots: as
// wide as the dots of a longer one, so that the mask does not tell how short it was).
constexpr size_t kShortMaskDots = 6;

std::string Dots(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.append(kDot);
  return s;
}

// Keeps the first `head` and last `tail` characters of `value` (ASCII), dots between,
// in groups of `group` for readability (0 = no grouping). A value that would show half of
// itself or more shows nothing but a fixed row of dots.
std::string KeepEnds(std::string_view value, size_t head, size_t tail, size_t group) {
  if (value.size() < 2 * (head + tail) || value.size() <= head + tail) {
    return Dots(kShortMaskDots);
  }
  std::string out(value.substr(0, head));
  const size_t hidden = value.size() - head - tail;
  for (size_t i = 0; i < hidden; ++i) {
    if (group && (head + i) % group == 0 && !out.empty()) out.push_back(' ');
    out.append(kDot);
  }
  if (group && (value.size() - tail) % group == 0) out.push_back(' ');
  out.append(value.substr(value.size() - tail));
  return out;
}

// The local part of an address shows its first character only when it has at least this
// many: "j••••••@orange.fr". A shorter one shows none ("•••••••@free.fr"), and both are
// seven characters wide, so that neither the part nor its length can be read from the mask.
constexpr size_t kLocalPartShown = 4;
constexpr size_t kLocalPartWidth = 7;

std::string MaskEmail(std::string_view v) {
  const size_t at = v.rfind('@');
  const std::string_view local = at == std::string_view::npos ? v : v.substr(0, at);
  const std::string_view domain = at == std::string_view::npos ? "" : v.substr(at);
  const size_t first = CharEnd(local, 0);
  // Characters of the local part, not bytes: a name in another script counts by letters.
  size_t chars = 0;
  for (size_t p = 0; p < local.size(); p = CharEnd(local, p)) ++chars;
  if (chars < kLocalPartShown) return Dots(kLocalPartWidth) + std::string(domain);
  return std::string(local.substr(0, first)) + Dots(kLocalPartWidth - 1) + std::string(domain);
}

// Initials of a (folded) name, each a whole character with its accents, upper-cased:
// "jean dupont" → "J. D.", "łukasz żak" → "Ł. Ż.", "e\u0301mile" → "É." (as written).
std::string Initials(std::string_view v) {
  std::string out;
  bool start = true;
  for (size_t i = 0; i < v.size();) {
    const char c = v[i];
    if (c == ' ' || c == '-') {
      start = true;
      ++i;
      continue;
    }
    const size_t e = CharEnd(v, i);
    if (start) {
      if (!out.empty()) out.push_back(' ');
      const gunichar u = g_utf8_get_char_validated(v.data() + i, static_cast<gssize>(v.size() - i));
      if (u == static_cast<gunichar>(-1) || u == static_cast<gunichar>(-2)) return Dots(4);
      char buf[6];
      out.append(buf, static_cast<size_t>(g_unichar_to_utf8(g_unichar_toupper(u), buf)));
      const size_t first = static_cast<size_t>(g_utf8_skip[static_cast<unsigned char>(c)]);
      out.append(v.substr(i + first, e - i - first));  // its combining marks
      out.push_back('.');
      start = false;
    }
    i = e;
  }
  return out.empty() ? Dots(4) : out;
}

}  // namespace

std::optional<DataCategory> CategoryFromName(std::string_view name) {
  for (const auto& c : kCategories) {
    if (c.name == name) return c.category;
  }
  return std::nullopt;
}

namespace {

std::string PreviewOf(const Finding& f) {
  const std::string& v = f.value;
  switch (f.category) {
    case DataCategory::kEmail: return MaskEmail(v);
    case DataCategory::kPhone: {
      // +33639981234 → "+33 6 •• •• •• 34"; other countries: country code and last two.
      if (v.starts_with("+33") && v.size() == 12) {
        return "+33 " + v.substr(3, 1) + " " + kDot.data() + std::string(kDot) + " " + Dots(2) +
               " " + Dots(2) + " " + v.substr(10);
      }
      return KeepEnds(v, 3, 2, 0);
    }
    case DataCategory::kIban:
      // A British account read from its sort code and number ("GB-601613-31926810"): as a
      // statement prints it, the number's last two digits only: "••-••-•• ••••••10".
      if (v.starts_with("GB-") && v.size() > 12 && v[9] == '-') {
        return "••-••-•• " + Dots(v.size() - 12) + v.substr(v.size() - 2);
      }
      return KeepEnds(v, 4, 2, 4);
    case DataCategory::kPaymentCard: return KeepEnds(v, 0, 4, 4);
    case DataCategory::kNir: return KeepEnds(v, 1, 0, 0);
    case DataCategory::kOrganisationId: return v;  // an organisation's public number
    case DataCategory::kIdentityDocument: return KeepEnds(v, 0, 2, 0);
    case DataCategory::kDateOfBirth:
      return "••/••/" + (v.size() >= 4 ? v.substr(0, 2) + "••" : Dots(4));
    case DataCategory::kIpAddress: {
      const size_t dot = v.find_first_of(".:");
      return dot == std::string::npos ? Dots(kShortMaskDots) : v.substr(0, dot + 1) + Dots(3);
    }
    case DataCategory::kProfileUrl: {
      const size_t slash = v.find('/');
      return slash == std::string::npos ? Dots(6) : v.substr(0, slash + 1) + Dots(6);
    }
    case DataCategory::kPostalAddress: {
      // The town only: "•• ••• 31000 toulouse" keeps the postcode and city.
      for (size_t i = 0; i + 5 <= v.size(); ++i) {
        bool five = true;
        for (size_t k = 0; k < 5; ++k) five = five && IsDigit(v[i + k]);
        if (five && (i == 0 || !IsDigit(v[i - 1]))) {
          // The postcode, then the town's words only (letters, spaces, hyphens, apostrophes,
          // at most 40 bytes): an address read from a cell that holds more (a row swallowed
          // by a broken quote) shows none of the rest (helper-74: a NIR and an IBAN).
          size_t end = i + 5;
          while (end < v.size() && end - i < 45) {
            const char c = v[end];
            if (static_cast<unsigned char>(c) < 0x80 && !IsAsciiAlpha(c) && c != ' ' && c != '-' &&
                c != '\'') {
              break;
            }
            ++end;
          }
          end = CharBoundary(v, end);
          while (end > i + 5 && (v[end - 1] == ' ' || v[end - 1] == '-')) --end;
          return Dots(6) + " " + v.substr(i, end - i);
        }
      }
      // A British postcode ends it ("14 baker street london nw1 6xe"): the town and the
      // outward code, not the inward one (a few houses): "•••••• london nw1".
      std::vector<std::string_view> words;
      for (size_t at = 0; at < v.size();) {
        size_t end = v.find(' ', at);
        if (end == std::string::npos) end = v.size();
        words.push_back(std::string_view(v).substr(at, end - at));
        at = end + 1;
      }
      const size_t n = words.size();
      if (n >= 2 && words[n - 1].size() == 3 && IsDigit(words[n - 1][0])) {
        std::string_view town = n >= 3 ? words[n - 3] : "";
        // No street's word ("street", "road", "close"...) nor a number for a town.
        if (IsBritishStreetType(town) || (!town.empty() && IsDigit(town[0]))) town = "";
        return Dots(6) + " " + (town.empty() ? "" : std::string(town) + " ") +
               std::string(words[n - 2]);
      }
      return Dots(8);
    }
    case DataCategory::kPersonName:
      return Initials(v);  // "jean dupont" → "J. D."
    // An amount shows nothing of itself, not even how many digits it has.
    // Its currency is shown ("34500.00 GBP" → "•••• £"): a letter must not turn pounds into
    // euros.
    case DataCategory::kSalary: {
      const std::string_view code =
          v.size() > 4 && v[v.size() - 4] == ' ' ? std::string_view(v).substr(v.size() - 3) : "";
      if (code.empty() || code == "EUR") return Dots(4) + " €";
      if (code == "GBP") return Dots(4) + " £";
      if (code == "USD") return Dots(4) + " $";
      return Dots(4) + " " + std::string(code);
    }
    case DataCategory::kEmployeeNumber: {
      // "A-20417" → "•••••17"; a short number shows nothing. Only ASCII ends are shown.
      bool ascii = true;
      for (char c : v) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
      return ascii ? KeepEnds(v, 0, 2, 0) : Dots(kShortMaskDots);
    }
    // "comptable" → "C••••••": the first letter, upper-cased, and a fixed row of dots.
    case DataCategory::kJobTitle: {
      const std::string initial = Initials(v.substr(0, CharEnd(v, 0)));
      return (initial.ends_with(".") ? initial.substr(0, initial.size() - 1) : Dots(1)) +
             Dots(kShortMaskDots);
    }
    case DataCategory::kEvaluation: return Dots(kShortMaskDots);
    default:
      // Art. 9/10: the term of our word list, not the person's words.
      return "« " + v + " »";
  }
}

}  // namespace

std::string MaskedAddress(std::string_view address) {
  Finding f;
  f.category = DataCategory::kEmail;
  f.value = std::string(address);
  return MaskedPreview(f);
}

std::string MaskedPreview(const Finding& f) {
  std::string preview = PreviewOf(f);
  // What is stored, printed and exported is valid UTF-8 whatever a detector put in the value.
  if (!g_utf8_validate(preview.data(), static_cast<gssize>(preview.size()), nullptr)) {
    preview = TakeGString(g_utf8_make_valid(preview.data(), static_cast<gssize>(preview.size())));
  }
  return preview;
}

}  // namespace breachkit
