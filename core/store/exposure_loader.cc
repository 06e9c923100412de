#include "core/store/exposure_loader.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <sstream>
#include <unordered_map>

#include "core/store/sql_guard.h"
#include "core/util/hash.h"

namespace breachkit {

Result<ExposureInput> LoadExposureInput(const IncidentStore& store) {
  auto key = store.HmacKey();
  if (!key) return std::unexpected(key.error());
  return GuardSql(store.path(), "load the exposure figures", [&]() -> Result<ExposureInput> {
    SQLite::Database& db = store.db();
    ExposureInput in;
    std::unordered_map<int64_t, size_t> party_index;
    {
      SQLite::Statement q(db, "SELECT id, address, address_key, is_internal FROM party ORDER BY id");
      while (q.executeStep()) {
        ExposureParty p;
        p.id = q.getColumn(0).getInt64();
        p.address = q.getColumn(1).getString();
        p.internal = q.getColumn(3).getInt() != 0;
        in.email_hash_owner.emplace(HmacSha256Hex(*key, "email:" + q.getColumn(2).getString()), p.id);
        party_index.emplace(p.id, in.parties.size());
        in.parties.push_back(std::move(p));
      }
      SQLite::Statement names(db, "SELECT party_id, name, seen FROM party_name ORDER BY party_id, name");
      while (names.executeStep()) {
        auto it = party_index.find(names.getColumn(0).getInt64());
        if (it == party_index.end()) continue;
        in.parties[it->second].names.emplace_back(names.getColumn(1).getString(),
                                                  names.getColumn(2).getInt64());
      }
    }
    std::unordered_map<int64_t, size_t> message_index;
    {
      SQLite::Statement q(db,
                          "SELECT id, parent_id, duplicate_of IS NOT NULL, date_utc, message_id, "
                          "in_reply_to, refs, subject FROM message WHERE parse_status = 'ok' "
                          "ORDER BY id");
      while (q.executeStep()) {
        ExposureMessage m;
        m.id = q.getColumn(0).getInt64();
        if (!q.getColumn(1).isNull()) m.parent = q.getColumn(1).getInt64();
        m.duplicate = q.getColumn(2).getInt() != 0;
        if (!q.getColumn(3).isNull()) m.date_utc = q.getColumn(3).getInt64();
        m.message_id = q.getColumn(4).getString();
        m.in_reply_to = q.getColumn(5).getString();
        std::istringstream refs(q.getColumn(6).getString());
        for (std::string r; refs >> r;) m.references.push_back(r);
        MailMessage probe;
        probe.in_reply_to = m.in_reply_to;
        probe.references = m.references;
        probe.subject = q.getColumn(7).getString();
        m.is_reply = probe.IsReply();
        m.subject = probe.subject;
        message_index.emplace(m.id, in.messages.size());
        in.messages.push_back(std::move(m));
      }
    }
    {
      SQLite::Statement q(db,
                          "SELECT message_id, field, party_id, display_name != '' FROM recipient "
                          "ORDER BY message_id, position");
      while (q.executeStep()) {
        auto it = message_index.find(q.getColumn(0).getInt64());
        if (it == message_index.end()) continue;
        const auto field = AddressFieldFromName(q.getColumn(1).getString());
        if (!field) continue;
        in.messages[it->second].recipients.push_back(
            {*field, q.getColumn(2).getInt64(), q.getColumn(3).getInt() != 0});
      }
    }
    {
      SQLite::Statement q(db,
                          "SELECT message_id, category, keyed_hash, masked_preview, "
                          "owner_party_id, quoted FROM finding ORDER BY id");
      while (q.executeStep()) {
        auto it = message_index.find(q.getColumn(0).getInt64());
        if (it == message_index.end()) continue;
        ExposureFinding f;
        f.category = q.getColumn(1).getString();
        f.keyed_hash = q.getColumn(2).getString();
        f.masked = q.getColumn(3).getString();
        if (!q.getColumn(4).isNull()) f.owner = q.getColumn(4).getInt64();
        f.quoted = q.getColumn(5).getInt() != 0;
        in.messages[it->second].findings.push_back(std::move(f));
      }
    }
    in.unparsed_messages =
        db.execAndGet("SELECT count(*) FROM message WHERE parse_status = 'unparsed'").getInt64();
    in.address_defects =
        db.execAndGet("SELECT count(*) FROM defect WHERE kind = 'address-unparsed'").getInt64();
    return in;
  });
}

}  // namespace breachkit
