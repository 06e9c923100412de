#include "core/detect/finding.h"

#include "core/detect/text_util.h"

namespace breachkit {
namespace {

constexpr std::string_view kDot = "•";

std::string Dots(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.append(kDot);
  return s;
}

// Keeps the first `head` and last `tail` characters of `value` (ASCII), dots between,
// in groups of `group` for readability (0 = no grouping).
std::string KeepEnds(std::string_view value, size_t head, size_t tail, size_t group) {
  if (value.size() <= head + tail) return Dots(value.size());
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

}  // namespace

std::optional<DataCategory> CategoryFromName(std::string_view name) {
  for (const auto& c : kCategories) {
    if (c.name == name) return c.category;
  }
  return std::nullopt;
}

std::string MaskedPreview(const Finding& f) {
  const std::string& v = f.value;
  switch (f.category) {
    case DataCategory::kEmail: {
      const size_t at = v.find('@');
      if (at == std::string::npos || at == 0) return Dots(v.size());
      return v.substr(0, 1) + Dots(std::min<size_t>(at - 1, 6)) + v.substr(at);
    }
    case DataCategory::kPhone: {
      // +33639981234 → "+33 6 •• •• •• 34"; other countries: country code and last two.
      if (v.starts_with("+33") && v.size() == 12) {
        return "+33 " + v.substr(3, 1) + " " + kDot.data() + std::string(kDot) + " " + Dots(2) +
               " " + Dots(2) + " " + v.substr(10);
      }
      return KeepEnds(v, 3, 2, 0);
    }
    case DataCategory::kIban: return KeepEnds(v, 4, 2, 4);
    case DataCategory::kPaymentCard: return KeepEnds(v, 0, 4, 4);
    case DataCategory::kNir: return KeepEnds(v, 1, 0, 0);
    case DataCategory::kOrganisationId: return v;  // an organisation's public number
    case DataCategory::kIdentityDocument: return KeepEnds(v, 0, 2, 0);
    case DataCategory::kDateOfBirth:
      return "••/••/" + (v.size() >= 4 ? v.substr(0, 2) + "••" : Dots(4));
    case DataCategory::kIpAddress: {
      const size_t dot = v.find_first_of(".:");
      return dot == std::string::npos ? Dots(v.size()) : v.substr(0, dot + 1) + Dots(3);
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
        if (five && (i == 0 || !IsDigit(v[i - 1]))) return Dots(6) + " " + v.substr(i);
      }
      return Dots(8);
    }
    case DataCategory::kPersonName: {
      // Initials: "jean dupont" → "J. D."
      std::string out;
      bool start = true;
      for (char c : v) {
        if (c == ' ' || c == '-') {
          start = true;
        } else if (start) {
          if (!out.empty()) out.push_back(' ');
          out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c));
          if (static_cast<unsigned char>(c) < 0x80) out.push_back('.');
          start = false;
        }
      }
      return out.empty() ? Dots(4) : out;
    }
    default:
      // Art. 9/10: the term of our word list, not the person's words.
      return "« " + v + " »";
  }
}

}  // namespace breachkit
