#include "core/exposure/evidence_dates.h"

#include <set>
#include <unordered_map>
#include <utility>

#include "core/detect/finding.h"

namespace breachkit {
namespace {

// What the search knows of every party.
struct Parties {
  std::unordered_map<int64_t, bool> internal;            // party → staff
  std::unordered_map<int64_t, bool> functional;          // party → a list's, a role's
  std::unordered_map<std::string, int64_t> email_owner;  // keyed hash of "email:<key>" → party
};

Parties ReadParties(EvidenceReader& reader) {
  Parties parties;
  reader.ForEachParty([&](int64_t party, bool internal, bool functional, std::string email_hash) {
    parties.internal.emplace(party, internal);
    parties.functional.emplace(party, functional);
    parties.email_owner.emplace(std::move(email_hash), party);
  });
  return parties;
}

// Whether the tree of a top-level message exposes someone under the whole model, each of
// its messages given the top-level message's `date`. Without `owners`, its findings without
// an owner are left out (`*left_out` says whether there were any) — an exposure event
// without them is one with them, since a finding only adds what is shown; most messages of
// a leak expose their recipients' addresses, and the findings need not be read for owners.
// With `owners`, such a finding gets the owner the whole model gives it.
bool Exposes(const ExposureInput& tree, const Parties& known, int64_t date, EvidenceReader* owners,
             bool* left_out) {
  ExposureInput in;
  in.texts = tree.texts;
  std::set<int64_t> parties;
  for (const ExposureMessage& t : tree.messages) {
    ExposureMessage& m = in.messages.emplace_back();
    m.id = t.id;
    m.parent = t.parent;
    m.date_utc = date;
    m.recipients = t.recipients;
    for (const ExposureRecipient& r : m.recipients) parties.insert(r.party);
    for (ExposureFinding f : t.findings) {
      if (auto it = known.email_owner.find(std::string(f.keyed_hash));
          it != known.email_owner.end()) {
        in.email_hash_owner.emplace(it->first, it->second);
        parties.insert(it->second);
      }
      if (!f.owner && !in.email_hash_owner.contains(f.keyed_hash)) {
        if (!OwnedByItsValue(f.category)) continue;  // no one's but its writer's or row's
        if (!owners) {
          *left_out = true;
          continue;
        }
        f.owner = owners->FirstOwner(std::string(f.keyed_hash));
      }
      if (f.owner) parties.insert(*f.owner);
      m.findings.push_back(f);
    }
  }
  for (int64_t p : parties) {
    auto it = known.internal.find(p);
    ExposureParty& party = in.parties.emplace_back();
    party.id = p;
    party.internal = it != known.internal.end() && it->second;
    // As the figures: a functional address's items expose no one (its reason is not needed).
    if (auto f = known.functional.find(p); f != known.functional.end() && f->second) {
      party.functional = "functional";
    }
  }
  return ComputeExposure(in).exposure_events > 0;
}

// Whether top-level message `top` exposes someone; the owners of its findings are looked
// for only when it exposes nobody without them.
bool Exposes(EvidenceReader& reader, const Parties& known, int64_t top, int64_t date) {
  ExposureInput tree;
  reader.ReadTree(top, &tree);
  bool left_out = false;
  return Exposes(tree, known, date, nullptr, &left_out) ||
         (left_out && Exposes(tree, known, date, &reader, &left_out));
}

// The date of the first dated top-level message that exposes someone, from one end.
std::optional<int64_t> FirstExposingDate(EvidenceReader& reader, const Parties& known,
                                         bool newest_first) {
  std::optional<int64_t> found;
  reader.ForEachDatedMessage(newest_first, [&](int64_t id, int64_t date) {
    if (!Exposes(reader, known, id, date)) return true;
    found = date;
    return false;
  });
  return found;
}

}  // namespace

EvidenceDates FindEvidenceDates(EvidenceReader& reader) {
  const Parties known = ReadParties(reader);
  EvidenceDates dates;
  dates.first_exposure = FirstExposingDate(reader, known, false);
  dates.last_exposure = FirstExposingDate(reader, known, true);
  return dates;
}

}  // namespace breachkit
