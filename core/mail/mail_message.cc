#include "core/mail/mail_message.h"

#include <algorithm>
#include <optional>

#include <glib.h>

namespace breachkit {

std::optional<AddressField> AddressFieldFromName(std::string_view name) {
  for (const auto& f : kAddressFields) {
    if (f.name == name) return f.field;
  }
  return std::nullopt;
}

namespace {

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The domain of an address ("" when it has no '@').
std::string_view DomainPart(std::string_view address) {
  const size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

// A domain IDNA may write in two forms: a byte outside ASCII, or a label starting "xn--".
bool MayBeIdn(std::string_view domain) {
  for (size_t i = 0; i < domain.size(); ++i) {
    if (static_cast<unsigned char>(domain[i]) >= 0x80) return true;
    if ((i == 0 || domain[i - 1] == '.') && domain.size() - i >= 4 &&
        AsciiLower(domain[i]) == 'x' && AsciiLower(domain[i + 1]) == 'n' && domain[i + 2] == '-' &&
        domain[i + 3] == '-')
      return true;
  }
  return false;
}

}  // namespace

std::string CanonicalDomain(std::string_view domain) {
  std::string out;
  if (MayBeIdn(domain)) {
    const std::string copy(domain);
    // IDNA's mapping (case folding, NFKC) on the way to the A-label, then back to Unicode.
    // Only a form that goes back to the same A-labels: "xn--invalid-" would decode to a
    // plain "invalid", another domain.
    if (gchar* ascii = g_hostname_to_ascii(copy.c_str())) {
      gchar* unicode = g_hostname_to_unicode(ascii);
      gchar* back = unicode ? g_hostname_to_ascii(unicode) : nullptr;
      if (back && g_ascii_strcasecmp(back, ascii) == 0) out = unicode;
      g_free(back);
      g_free(unicode);
      g_free(ascii);
    }
  }
  if (out.empty()) out.assign(domain);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

void AddressKeyInto(std::string_view address, std::string* key) {
  const std::string_view domain = DomainPart(address);
  if (MayBeIdn(domain)) {
    key->assign(address.substr(0, address.size() - domain.size()));
    for (char& c : *key) c = AsciiLower(c);
    key->append(CanonicalDomain(domain));
    return;
  }
  key->assign(address);
  for (char& c : *key) c = AsciiLower(c);
}

bool SameAddressKey(std::string_view a, std::string_view b) {
  if (MayBeIdn(DomainPart(a)) || MayBeIdn(DomainPart(b))) return AddressKey(a) == AddressKey(b);
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

std::string AddressKey(std::string_view address) {
  std::string key;
  AddressKeyInto(address, &key);
  return key;
}

std::vector<std::string_view> MailMessage::SenderAddresses() const {
  std::vector<std::string_view> out;
  for (const MailAddress& a : addresses) {
    if (a.field == AddressField::kFrom || a.field == AddressField::kSender)
      out.push_back(a.address);
  }
  return out;
}

bool MailMessage::IsReply() const {
  if (!in_reply_to.empty() || !references.empty()) return true;
  // Some clients drop the thread headers; the subject prefix still says it.
  std::string_view s = subject;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  for (std::string_view prefix : {"re:", "re :", "aw:", "sv:", "antw:", "réf:", "ref:"}) {
    if (s.size() >= prefix.size() && AddressKey(s.substr(0, prefix.size())) == prefix) return true;
  }
  return false;
}

bool MailMessage::IsReplyAll() const {
  if (!IsReply()) return false;
  std::vector<std::string> from;
  for (const MailAddress& a : addresses) {
    if (a.field == AddressField::kFrom) from.push_back(AddressKey(a.address));
  }
  // Two different To/Cc addresses other than the sender's are enough: no need to collect a
  // storm's hundreds (this runs on the single writer thread).
  std::optional<std::string> first;
  for (const MailAddress& a : addresses) {
    if (a.field != AddressField::kTo && a.field != AddressField::kCc) continue;
    std::string key = AddressKey(a.address);
    if (std::find(from.begin(), from.end(), key) != from.end()) continue;
    if (!first) {
      first = std::move(key);
    } else if (key != *first) {
      return true;
    }
  }
  return false;
}

}  // namespace breachkit
