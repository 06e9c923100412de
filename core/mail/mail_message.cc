#include "core/mail/mail_message.h"

#include <algorithm>
#include <optional>

namespace breachkit {

std::optional<AddressField> AddressFieldFromName(std::string_view name) {
  for (const auto& f : kAddressFields) {
    if (f.name == name) return f.field;
  }
  return std::nullopt;
}

void AddressKeyInto(std::string_view address, std::string* key) {
  key->assign(address);
  for (char& c : *key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

bool SameAddressKey(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string AddressKey(std::string_view address) {
  std::string key;
  AddressKeyInto(address, &key);
  return key;
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
