#include "core/ingest/reveal.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "core/detect/detector.h"
#include "core/detect/finding.h"
#include "core/ingest/scan.h"
#include "core/mail/mbox_reader.h"
#include "core/mail/pst_file.h"
#include "core/store/connection.h"
#include "core/store/sql_guard.h"
#include "core/util/hash.h"
#include "core/util/message_number.h"

namespace breachkit {
namespace {

// What the record says of the top-level message a finding was seen in.
struct TopMessage {
  std::string sha256;  // of its bytes, as ingested
  std::string format;  // of its source: "mbox", "eml", "maildir", "msg", "tnef"...
};

Result<TopMessage> TopMessageOf(const IncidentStore& store, const ReviewItem& it) {
  return GuardSql(store.path(), "find the message of a finding", [&]() -> Result<TopMessage> {
    SQLite::Statement q(Connection(store),
                        "SELECT m.raw_sha256, s.format FROM message m JOIN source s "
                        "ON s.id = m.source_id WHERE s.path = ? AND m.idx = ? AND "
                        "m.parent_id IS NULL ORDER BY s.id DESC LIMIT 1");
    q.bind(1, it.source_path);
    q.bind(2, it.message_index);
    if (!q.executeStep()) {
      return Fail(ErrorCode::kNotFound, "{}: message {} of {} is not in the record", store.path(),
                  MessageNumber(it.message_index), it.source_path);
    }
    return TopMessage{q.getColumn(0).getString(), q.getColumn(1).getString()};
  });
}

// The bytes of messages `wanted` (0-based indexes) of the source at `path`, as ingestion read
// them: an mbox's messages unescaped, a PST's items as MIME, any other file whole (it is one
// message).
Result<std::map<int64_t, std::string>> ReadMessages(const std::string& path,
                                                    const std::string& format,
                                                    const std::set<int64_t>& wanted,
                                                    const MailParseOptions& parse) {
  std::map<int64_t, std::string> out;
  if (path == "-") {
    return Fail(ErrorCode::kNotFound,
                "-: the evidence was read from standard input; there is no file to read the value "
                "from again");
  }
  if (format == "pst") {  // the items as ingestion wrote them out: the walk is the same
    auto pst = PstFile::Open(path, parse.max_depth);
    if (!pst) return std::unexpected(pst.error());
    PstItem item;
    const int64_t last = wanted.empty() ? -1 : *wanted.rbegin();
    for (int64_t next = 0; next <= last && (*pst)->Next(&item); next = item.index + 1) {
      if (wanted.contains(item.index) && item.mime)
        out.emplace(item.index, std::move(item.mime->mime));
    }
    return out;
  }
  if (format != "mbox") {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Fail(ErrorCode::kIo, "{}: cannot open the evidence to read the value again: {}", path,
                  std::strerror(errno));
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return Fail(ErrorCode::kIo, "{}: read error", path);
    out.emplace(0, std::move(bytes));
    return out;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    return Fail(ErrorCode::kIo, "{}: cannot open the evidence to read the value again: {}", path,
                std::strerror(errno));
  }
  MboxReader reader(f.get(), path);
  MboxMessage m;
  const int64_t last = wanted.empty() ? -1 : *wanted.rbegin();
  for (int64_t index = 0; index <= last && reader.Next(&m); ++index) {
    if (wanted.contains(index)) out.emplace(index, std::move(m.content));
  }
  if (!reader.status()) return std::unexpected(reader.status().error());
  return out;
}

}  // namespace

Result<std::vector<RevealedValue>> RevealValues(IncidentStore& store,
                                                const std::vector<const ReviewItem*>& items,
                                                const std::string& by,
                                                const MailParseOptions& parse) {
  auto key = store.HmacKey();
  auto own_domains = store.OrgDomains();
  if (!own_domains) return std::unexpected(own_domains.error());
  if (!key) return std::unexpected(key.error());
  auto incident = store.LoadIncident();
  if (!incident) return std::unexpected(incident.error());
  const std::string home_region = PhoneHomeRegion(incident->timezone, *own_domains);
  // Per source: its format and the messages wanted.
  std::map<std::string, std::pair<std::string, std::set<int64_t>>> sources;
  std::map<std::pair<std::string, int64_t>, std::string> sha_of;
  for (const ReviewItem* it : items) {
    auto top = TopMessageOf(store, *it);
    if (!top) return std::unexpected(top.error());
    auto& [format, wanted] = sources[it->source_path];
    format = top->format;
    wanted.insert(it->message_index);
    sha_of[{it->source_path, it->message_index}] = top->sha256;
  }
  // The findings of each message wanted, scanned again: keyed by their identity.
  std::map<std::pair<std::string, int64_t>, std::vector<std::vector<LocatedFinding>>> scanned;
  for (const auto& [path, source] : sources) {
    auto messages = ReadMessages(path, source.first, source.second, parse);
    if (!messages) return std::unexpected(messages.error());
    for (int64_t index : source.second) {
      auto m = messages->find(index);
      if (m == messages->end()) {
        return Fail(ErrorCode::kInvalidInput,
                    "{}: message {} is no longer in the file: the evidence changed since it was "
                    "ingested; nothing is shown",
                    path, MessageNumber(index));
      }
      const std::string& want = sha_of.at({path, index});
      if (Sha256Hex(m->second) != want) {
        return Fail(
            ErrorCode::kInvalidInput,
            "{}: message {}: its bytes differ from those ingested (sha256 {}): the evidence "
            "changed; nothing is shown",
            path, MessageNumber(index), want);
      }
      auto mail = ParseAsFormat(source.first, m->second, parse);
      if (!mail) {
        return Fail(ErrorCode::kInvalidInput, "{}: message {}: {}", path, MessageNumber(index),
                    mail.error().message);
      }
      auto found = ScanMail(*mail, nullptr,
                            ScanScope{*own_domains, home_region, incident->controller_address});
      SealFindings(*key, &found);
      scanned.emplace(std::make_pair(path, index), std::move(found));
    }
  }
  std::vector<RevealedValue> out;
  for (const ReviewItem* it : items) {
    const FindingIdentity& id = it->identity;
    const LocatedFinding* match = nullptr;
    for (const auto& message : scanned.at({it->source_path, it->message_index})) {
      for (const LocatedFinding& lf : message) {
        if (lf.keyed_hash == id.keyed_hash && lf.location == id.location &&
            static_cast<int64_t>(lf.finding.begin) == id.span_start &&
            static_cast<int64_t>(lf.finding.end) == id.span_end &&
            InfoOf(lf.finding.category).name == id.category) {
          match = &lf;
          break;
        }
      }
      if (match) break;
    }
    if (!match) {
      return Fail(ErrorCode::kNotFound,
                  "{}: message {}: the finding {} was not found again in the evidence (it was "
                  "ingested with other limits, or by another version of breachkit); nothing is "
                  "shown",
                  it->source_path, MessageNumber(it->message_index), it->id);
    }
    out.push_back({it->id, match->finding.value});
  }
  // Shown only once every value was found, and each showing logged before it is printed.
  for (const ReviewItem* it : items) {
    if (auto a = store.AppendAudit(
            "review", fmt::format("reveal {} ({}, {}) by {}: the value shown in clear", it->id,
                                  it->identity.category, it->masked, by));
        !a)
      return std::unexpected(a.error());
  }
  if (auto st = store.SealAudit(); !st) return std::unexpected(st.error());
  return out;
}

}  // namespace breachkit
