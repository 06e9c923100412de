#include "core/mail/vault_export.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_set>

#include <fmt/core.h>
#include <libxml/xmlreader.h>

#include "core/mail/address_list.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A Tag's name as compared: without EDRM's leading '#', lower case.
std::string TagKey(std::string_view name) {
  name = Trim(name);
  if (name.starts_with('#')) name.remove_prefix(1);
  return Lower(name);
}

// The addresses of a tag's value: an address list as in a header; Vault and other EDRM
// writers also separate them with ';'.
std::vector<HeaderAddress> AddressesOf(std::string_view value) {
  std::string raw(Trim(value));
  if (raw.empty()) return {};
  if (auto plain = ParsePlainAddressList(raw)) return *plain;
  std::replace(raw.begin(), raw.end(), ';', ',');
  if (auto plain = ParsePlainAddressList(raw)) return *plain;
  bool warned = false;
  std::vector<HeaderAddress> out;
  for (HeaderAddress& a : ReadAddressListWithGMime(raw, &warned)) {
    if (!a.address.empty()) out.push_back(std::move(a));
  }
  return out;
}

std::string Attribute(xmlTextReaderPtr reader, const char* name) {
  xmlChar* value = xmlTextReaderGetAttribute(reader, reinterpret_cast<const xmlChar*>(name));
  if (!value) return "";
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

void AddTag(std::string_view name, std::string_view value, VaultDocument* doc) {
  const std::string key = TagKey(name);
  auto add = [&](AddressField field) {
    for (HeaderAddress& a : AddressesOf(value))
      doc->recipients.push_back({field, std::move(a.name), std::move(a.address), "", false});
  };
  if (key == "rfc822messageid" || key == "messageid" || key == "message-id" ||
      key == "internetmessageid") {
    std::string_view id = Trim(value);
    if (id.starts_with('<') && id.ends_with('>')) id = id.substr(1, id.size() - 2);
    doc->message_id = std::string(Trim(id));
  } else if (key == "from" || (key == "author" && doc->recipients.empty())) {
    add(AddressField::kFrom);
  } else if (key == "to") {
    add(AddressField::kTo);
  } else if (key == "cc") {
    add(AddressField::kCc);
  } else if (key == "bcc") {
    add(AddressField::kBcc);
  } else if (key == "labels") {
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view label = Trim(rest.substr(0, comma));
      if (!label.empty()) doc->labels.emplace_back(label);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  } else if ((key == "owner" || key == "account" || key == "custodian" || key == "custodians") &&
             doc->account.empty()) {
    doc->account = std::string(Trim(value));
  }
}

struct ReadState {
  const ReadMore* read;
  std::string error;  // the parser's first error, with its line
};

int ReadCallback(void* context, char* buffer, int len) {
  auto* state = static_cast<ReadState*>(context);
  const int64_t n = (*state->read)(buffer, static_cast<size_t>(std::max(len, 0)));
  return n < 0 ? -1 : static_cast<int>(n);
}

void OnError(void* context, xmlErrorPtr error) {
  auto* state = static_cast<ReadState*>(context);
  if (!state->error.empty() || !error || error->level < XML_ERR_ERROR) return;
  std::string message = error->message ? error->message : "XML error";
  while (!message.empty() && message.back() == '\n') message.pop_back();
  state->error = fmt::format("line {}: {}", error->line, message);
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      *out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

}  // namespace

bool LooksLikeVaultMetadata(std::string_view head) {
  // <Root> must be the first element: only a BOM, white space, the XML declaration and
  // comments before it (an e-mail quoting such XML is mail).
  std::string_view rest = head.substr(0, 4096);
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
  for (;;) {
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())))
      rest.remove_prefix(1);
    const std::string_view close = rest.starts_with("<?")     ? "?>"
                                   : rest.starts_with("<!--") ? "-->"
                                                              : "";
    if (close.empty()) break;
    const size_t end = rest.find(close);
    if (end == std::string_view::npos) return false;
    rest.remove_prefix(end + close.size());
  }
  if (!rest.starts_with("<Root") || rest.size() < 6 ||
      !(std::isspace(static_cast<unsigned char>(rest[5])) || rest[5] == '>'))
    return false;
  return rest.find("<Documents") != std::string_view::npos ||
         rest.find("<Batch") != std::string_view::npos;
}

Result<std::vector<VaultDocument>> ReadVaultMetadata(const ReadMore& read, std::string_view name) {
  ReadState state{&read, ""};
  // No network, no entity substitution, no DTD loaded: a hostile file reads nothing else.
  DeletableUniquePtr<xmlTextReader, xmlFreeTextReader> reader(
      xmlReaderForIO(ReadCallback, nullptr, &state, nullptr, nullptr,
                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!reader) return Fail(ErrorCode::kInvalidInput, "{}: cannot start reading the XML", name);
  xmlTextReaderSetStructuredErrorHandler(reader.get(), OnError, &state);
  std::vector<VaultDocument> docs;
  std::optional<VaultDocument> doc;
  bool in_custodian = false;
  bool root_seen = false;
  int ret;
  while ((ret = xmlTextReaderRead(reader.get())) == 1) {
    const int type = xmlTextReaderNodeType(reader.get());
    const char* local = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader.get()));
    const std::string_view element = local ? local : "";
    if (type == XML_READER_TYPE_ELEMENT) {
      if (!root_seen) {
        root_seen = true;
        if (element != "Root")
          return Fail(ErrorCode::kInvalidInput,
                      "{}: not a Vault metadata file: its root element is <{}>, not <Root>", name,
                      element);
      }
      const bool empty = xmlTextReaderIsEmptyElement(reader.get()) == 1;
      if (element == "Document") {
        doc.emplace();
        doc->doc_id = Attribute(reader.get(), "DocID");
        if (empty) {
          docs.push_back(std::move(*doc));
          doc.reset();
        }
      } else if (doc && element == "Tag") {
        AddTag(Attribute(reader.get(), "TagName"), Attribute(reader.get(), "TagValue"), &*doc);
      } else if (doc && element == "Custodian" && !empty) {
        in_custodian = true;
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (element == "Document" && doc) {
        docs.push_back(std::move(*doc));
        doc.reset();
      } else if (element == "Custodian") {
        in_custodian = false;
      }
    } else if (in_custodian && doc && doc->account.empty() &&
               (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA)) {
      const xmlChar* text = xmlTextReaderConstValue(reader.get());
      if (text) doc->account = std::string(Trim(reinterpret_cast<const char*>(text)));
    }
  }
  if (ret < 0 || !state.error.empty()) {
    return Fail(ErrorCode::kInvalidInput, "{}: not well-formed XML: {}", name,
                state.error.empty() ? "read error" : state.error);
  }
  if (!root_seen) return Fail(ErrorCode::kInvalidInput, "{}: empty XML file", name);
  return docs;
}

Result<std::vector<VaultDocument>> ReadVaultMetadata(std::string_view xml, std::string_view name) {
  size_t at = 0;
  return ReadVaultMetadata(
      [&](char* buf, size_t len) -> int64_t {
        const size_t n = std::min(len, xml.size() - at);
        std::copy_n(xml.data() + at, n, buf);
        at += n;
        return static_cast<int64_t>(n);
      },
      name);
}

bool IsResultsCountName(std::string_view filename) {
  return Lower(filename).ends_with("-results-count.csv");
}

bool IsChecksumFileName(std::string_view filename) {
  const std::string lower = Lower(filename);
  return lower.ends_with(".md5") || lower.find("checksum") != std::string::npos;
}

std::vector<ChecksumLine> ParseChecksums(std::string_view text, std::vector<int>* unread) {
  std::vector<ChecksumLine> out;
  auto is_md5 = [](std::string_view s) {
    return s.size() == 32 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
  };
  auto unquote = [](std::string_view s) {
    s = Trim(s);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
  };
  int number = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (Trim(line).empty()) continue;
    std::string_view file, md5;
    const size_t equals = line.rfind(") = ");
    if (line.starts_with("MD5 (") && equals != std::string_view::npos) {  // BSD md5's form
      file = line.substr(5, equals - 5);
      md5 = Trim(line.substr(equals + 4));
      if (!is_md5(md5)) file = md5 = {};
    } else if (line.size() > 34 && is_md5(line.substr(0, 32)) &&
               std::isspace(static_cast<unsigned char>(line[32]))) {
      // md5sum's "HASH  NAME" (the name may hold a comma)
      std::string_view name = Trim(line.substr(32));
      if (name.starts_with('*')) name.remove_prefix(1);
      file = name, md5 = line.substr(0, 32);
    } else if (const size_t comma = line.find(','); comma != std::string_view::npos) {
      const std::string_view a = unquote(line.substr(0, comma));
      // A CSV line may hold more columns (a size): the hash is the one that looks like one.
      std::string_view rest = line.substr(comma + 1);
      const std::string_view b = unquote(rest.substr(0, rest.find(',')));
      if (is_md5(b)) {
        file = a, md5 = b;
      } else if (is_md5(a)) {
        file = b, md5 = a;
      }
    }
    if (file.empty() || md5.empty()) {
      // A CSV's header line ("File Name,MD5 Hash") is no checksum and no loss.
      if (out.empty() && !header_seen && line.find(',') != std::string_view::npos) {
        header_seen = true;
        continue;
      }
      if (unread) unread->push_back(number);
      continue;
    }
    out.push_back({std::string(file), Lower(md5)});
  }
  return out;
}

VaultMessage MergeVaultDocuments(const std::vector<const VaultDocument*>& docs) {
  VaultMessage out;
  std::unordered_set<std::string> accounts, labels, recipients;
  for (const VaultDocument* d : docs) {
    out.doc_ids.push_back(d->doc_id);
    if (!d->account.empty() && accounts.insert(d->account).second)
      out.accounts.push_back(d->account);
    for (const std::string& l : d->labels) {
      if (labels.insert(l).second) out.labels.push_back(l);
    }
    for (const MailAddress& a : d->recipients) {
      const std::string key = std::string(AddressFieldName(a.field)) + ":" + AddressKey(a.address);
      if (recipients.insert(key).second) out.recipients.push_back(a);
    }
  }
  return out;
}

std::string VaultRecordJson(const MailMessage::VaultRecord& vault) {
  std::string out;
  auto list = [&](std::string_view key, const std::vector<std::string>& values) {
    out += out.empty() ? "{" : ",";
    AppendJsonString(key, &out);
    out += ":[";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) out.push_back(',');
      AppendJsonString(values[i], &out);
    }
    out += "]";
  };
  list("documents", vault.documents);
  list("accounts", vault.accounts);
  list("labels", vault.labels);
  return out + "}";
}

int ApplyVaultMessage(const VaultMessage& vault, MailMessage* m) {
  std::unordered_set<std::string> known;
  bool has_from = false;
  for (const MailAddress& a : m->addresses) {
    switch (a.field) {
      case AddressField::kFrom: has_from = true; [[fallthrough]];
      case AddressField::kTo:
      case AddressField::kCc:
      case AddressField::kBcc: known.insert(AddressKey(a.address)); break;
      default: break;
    }
  }
  int added = 0;
  for (const MailAddress& a : vault.recipients) {
    if (a.field == AddressField::kFrom && has_from) continue;
    if (!known.insert(AddressKey(a.address)).second) continue;
    m->addresses.push_back(a);
    m->defects.push_back({"vault-recipient", std::string(AddressFieldName(a.field)),
                          fmt::format("{} recorded by Google Vault (document {}), absent from "
                                      "the message's headers",
                                      a.address, vault.doc_ids.empty() ? "" : vault.doc_ids[0])});
    ++added;
  }
  m->vault = MailMessage::VaultRecord{vault.doc_ids, vault.accounts, vault.labels};
  return added;
}

}  // namespace breachkit
