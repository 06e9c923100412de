// breachkit messages [--json]: what was ingested, one message per line.
// --json: one object per line, keys documented in README.md ("messages").
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/store/ingest_writer.h"
#include "core/util/message_number.h"
#include "tools/commands.h"

namespace breachkit {
namespace {

nlohmann::json AddressesOf(const ListedMessage& m, std::string_view field) {
  nlohmann::json out = nlohmann::json::array();
  for (const ListedAddress& a : m.addresses) {
    if (a.field == field) out.push_back({{"name", a.name}, {"address", a.address}});
  }
  return out;
}

nlohmann::json ToJson(const ListedMessage& m) {
  nlohmann::json j;
  j["source"] = m.source;
  j["source_format"] = m.source_format;
  j["source_sha256"] = m.source_sha256;
  if (!m.item_path.empty()) j["item_path"] = m.item_path;
  // A source inside a zip archive (a Vault export's): the archive and the entry.
  if (const size_t bang = m.source.find("!/"); bang != std::string::npos) {
    j["container"] = m.source.substr(0, bang);
    j["container_entry"] = m.source.substr(bang + 2);
  }
  if (!m.vault.empty()) {
    j["vault"] = nlohmann::json::parse(m.vault, nullptr, false);
  }
  j["index"] = m.index;
  j["offset"] = m.offset;
  j["length"] = m.length;
  j["mime_path"] = m.mime_path;
  j["parent"] = m.parent_index ? nlohmann::json(*m.parent_index) : nlohmann::json(nullptr);
  if (m.parent_index) j["parent_path"] = m.parent_path;
  j["message_id"] =
      m.message_id.empty() ? nlohmann::json(nullptr) : nlohmann::json("<" + m.message_id + ">");
  j["date"] = m.date_utc ? nlohmann::json(FormatWithOffset(*m.date_utc, m.date_offset))
                         : nlohmann::json(nullptr);
  j["subject"] = m.subject;
  for (const auto& f : kAddressFields) j[std::string(f.name)] = AddressesOf(m, f.name);
  nlohmann::json attachments = nlohmann::json::array();
  for (const ListedAttachment& a : m.attachments) {
    attachments.push_back(
        {{"filename", a.filename}, {"content_type", a.content_type}, {"size", a.size}});
  }
  j["attachments"] = attachments;
  j["reply_all"] = m.is_reply_all;
  j["unparsed"] = m.unparsed ? nlohmann::json(m.parse_error) : nlohmann::json(nullptr);
  j["duplicate"] = m.duplicate_of.has_value();
  j["defects"] = m.defects;
  return j;
}

}  // namespace

Result<Outcome> Options::Messages::Execute(const Options& options, const Io& io,
                                           const IncidentStore& store) {
  int64_t count = 0;
  auto st = ListMessages(store, [&](const ListedMessage& m) -> Status {
    ++count;
    if (options.messages.json) {
      // Invalid UTF-8 cannot reach here (core/mail validates), but never throw on output.
      fmt::print(io.out, "{}\n",
                 ToJson(m).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      return Ok();
    }
    size_t to = 0, cc = 0, bcc = 0;
    std::string from;
    for (const ListedAddress& a : m.addresses) {
      if (a.field == "to") ++to;
      if (a.field == "cc") ++cc;
      if (a.field == "bcc") ++bcc;
      if (a.field == "from" && from.empty()) from = a.address;
    }
    // A PST/OST item: its folder path and identifier after its number.
    const std::string where =
        m.parent_index ? fmt::format("  {}#{}/{}", m.source, MessageNumber(m.index), m.mime_path)
        : m.item_path.empty()
            ? fmt::format("{}#{}", m.source, MessageNumber(m.index))
            : fmt::format("{}#{} [{}]", m.source, MessageNumber(m.index), m.item_path);
    if (m.unparsed) {
      fmt::print(io.out, "{}  @{}+{}  UNPARSED: {}\n", where, m.offset, m.length, m.parse_error);
      return Ok();
    }
    fmt::print(io.out, "{}  {}  from {}  to {} cc {} bcc {}  {}{}{}{}\n", where,
               m.date_utc ? FormatWithOffset(*m.date_utc, m.date_offset) : "(no date)", from, to,
               cc, bcc, m.subject,
               m.attachments.empty() ? "" : fmt::format("  [{} attachments]", m.attachments.size()),
               m.duplicate_of ? "  [duplicate]" : "",
               m.defects.empty() ? "" : fmt::format("  [{} defects]", m.defects.size()));
    return Ok();
  });
  if (!st) return std::unexpected(st.error());
  if (!options.messages.json) fmt::print(io.out, "{} messages\n", count);
  return Outcome::kOk;
}

}  // namespace breachkit
