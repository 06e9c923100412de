#include "core/ingest/scan.h"

#include <unordered_map>

#include "core/detect/detector.h"
#include "core/detect/text_util.h"
#include "core/util/hash.h"

namespace breachkit {
namespace {

std::string SenderOf(const MailMessage& m) {
  for (const MailAddress& a : m.addresses) {
    if (a.field == AddressField::kFrom) return a.address;
  }
  return {};
}

// The Received header added by the first server: the last one in the message.
std::string_view FirstHop(std::string_view received) {
  while (!received.empty() && received.back() == '\n') received.remove_suffix(1);
  const size_t nl = received.rfind('\n');
  return nl == std::string_view::npos ? received : received.substr(nl + 1);
}

bool IsNameLike(const std::string& name, const std::string& address) {
  if (name.empty() || SameAddressKey(name, address)) return false;
  for (char c : name) {
    if (IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// What a display name holds besides the name itself. A storm's messages carry the same
// few hundred names each: the answers are kept per thread (a bounded table, emptied when
// full), so each name is read once rather than once per message that shows it.
const std::vector<Finding>& NameFindings(const std::string& name) {
  thread_local std::unordered_map<std::string, std::vector<Finding>> known;
  if (auto it = known.find(name); it != known.end()) return it->second;
  if (known.size() >= 16384) known.clear();
  std::vector<Finding> found = DetectAll(name);
  std::erase_if(found, [](const Finding& f) { return f.category == DataCategory::kPersonName; });
  return known.emplace(name, std::move(found)).first->second;
}

}  // namespace

std::vector<std::vector<LocatedFinding>> ScanMail(const ParsedMail& mail) {
  std::vector<std::vector<LocatedFinding>> out(mail.messages.size());
  for (size_t mi = 0; mi < mail.messages.size(); ++mi) {
    const MailMessage& m = mail.messages[mi];
    auto& found = out[mi];
    const std::string sender = SenderOf(m);
    auto add_text = [&](std::string_view text, const std::string& location, int part) {
      for (Finding& f : DetectAll(text)) {
        std::string owner;
        if (!f.quoted && f.detector != "name.greeting") owner = sender;
        found.push_back({std::move(f), location, part, std::move(owner), {}, {}});
      }
    };
    for (size_t pi = 0; pi < m.parts.size(); ++pi) {
      const MailPart& p = m.parts[pi];
      if (p.has_text && !p.text.empty()) {
        add_text(p.text, p.mime_path.empty() ? std::string("body") : "part:" + p.mime_path,
                 static_cast<int>(pi));
      }
    }
    if (!m.subject.empty()) add_text(m.subject, "subject", -1);
    for (const MailAddress& a : m.addresses) {
      if (!IsNameLike(a.name, a.address)) continue;
      // The name itself is recorded with the recipient (it is an item of its own in the
      // exposure model); here, whatever else a name holds ("alice@example.com <bob@…>",
      // a phone number) is found.
      const std::string location = "display-name:" + std::string(AddressFieldName(a.field));
      for (const Finding& f : NameFindings(a.name)) {
        found.push_back({f, location, -1, a.address, {}, {}});
      }
    }
    if (!m.received_headers.empty() && !sender.empty()) {
      std::vector<Finding> ips;
      DetectIpAddresses(FirstHop(m.received_headers), &ips);
      for (Finding& f : ips) {
        f.confidence = 0.6;  // may be a relay rather than the sender's own connection
        found.push_back({std::move(f), "header:received", -1, sender, {}, {}});
      }
    }
  }
  return out;
}

void SealFindings(std::string_view hmac_key, std::vector<std::vector<LocatedFinding>>* found) {
  HmacSha256 hmac(hmac_key);
  for (auto& message : *found) {
    for (LocatedFinding& lf : message) {
      lf.masked_preview = MaskedPreview(lf.finding);
      std::string data(InfoOf(lf.finding.category).name);
      data += ':';
      data += lf.finding.value;
      lf.keyed_hash = hmac.Hex(data);
    }
  }
}

}  // namespace breachkit
