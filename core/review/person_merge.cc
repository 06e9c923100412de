#include "core/review/person_merge.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <glib.h>

#include "core/util/glib_handle.h"
#include "core/util/hash.h"

namespace breachkit {

std::string FoldPersonName(std::string_view name) {
  if (!g_utf8_validate(name.data(), static_cast<gssize>(name.size()), nullptr))
    return std::string(name);
  const std::string nfd =
      TakeGString(g_utf8_normalize(name.data(), static_cast<gssize>(name.size()), G_NORMALIZE_NFD));
  std::string bare;
  for (const char* p = nfd.c_str(); *p; p = g_utf8_next_char(p)) {
    const gunichar c = g_utf8_get_char(p);
    if (g_unichar_ismark(c)) continue;
    if (g_unichar_isspace(c) || c == '-' || c == ',') {
      if (!bare.empty() && bare.back() != ' ') bare += ' ';
      continue;
    }
    char buf[6];
    bare.append(buf, static_cast<size_t>(g_unichar_to_utf8(g_unichar_tolower(c), buf)));
  }
  while (!bare.empty() && bare.back() == ' ') bare.pop_back();
  // "Martin Léa" and "Léa Martin": the same words in any order.
  std::vector<std::string> words;
  for (size_t at = 0; at < bare.size();) {
    size_t end = bare.find(' ', at);
    if (end == std::string::npos) end = bare.size();
    words.push_back(bare.substr(at, end - at));
    at = end + 1;
  }
  std::sort(words.begin(), words.end());
  return fmt::format("{}", fmt::join(words, " "));
}

std::string MergeItemId(std::string_view kind, std::string_view a, std::string_view b) {
  if (b < a) std::swap(a, b);
  std::string data = "merge";
  for (std::string_view s : {kind, a, b}) {
    data += '\x1f';
    data.append(s);
  }
  return Sha256Hex(data).substr(0, 10);
}

std::string SplitGroupOf(std::string_view location) {
  if (const size_t row = location.find(" row:"); row != std::string_view::npos) {
    size_t start = location.find("table:");
    if (start == std::string_view::npos || start > row) start = row + 1;
    size_t end = location.find(" col:", row);
    if (end == std::string_view::npos) end = location.size();
    return std::string(location.substr(start, end - start));
  }
  if (location.find(" document") != std::string_view::npos || location.starts_with("document"))
    return "document";
  return "";
}

std::vector<PersonPair> PossibleDuplicates(const std::vector<MergeCandidate>& persons) {
  std::map<std::string, std::vector<size_t>> by_name;
  std::map<std::string, std::string> as_written;
  for (size_t i = 0; i < persons.size(); ++i) {
    std::set<std::string> folded;
    for (const std::string& n : persons[i].names) {
      std::string f = FoldPersonName(n);
      // A name of one word ("Paul") names too many people to pair anyone.
      if (f.empty() || f.find(' ') == std::string::npos) continue;
      as_written.emplace(f, n);
      folded.insert(std::move(f));
    }
    for (const std::string& f : folded) by_name[f].push_back(i);
  }
  std::vector<PersonPair> out;
  std::set<std::pair<size_t, size_t>> seen;
  for (auto& [name, who] : by_name) {
    if (who.size() < 2) continue;
    std::sort(who.begin(), who.end(),
              [&](size_t a, size_t b) { return persons[a].key < persons[b].key; });
    for (size_t k = 1; k < who.size(); ++k) {
      if (!seen.insert({who[0], who[k]}).second) continue;
      out.push_back({MergeItemId(kSameNameMerge, persons[who[0]].key, persons[who[k]].key),
                     as_written.at(name), who[0], who[k]});
    }
  }
  return out;
}

int64_t PersonMerger::Root(int64_t party) const {
  auto it = parent_.find(party);
  while (it != parent_.end() && it->second != party) {
    party = it->second;
    it = parent_.find(party);
  }
  return party;
}

void PersonMerger::Join(int64_t a, bool a_mailbox, int64_t b, bool b_mailbox) {
  parent_.emplace(a, a);
  parent_.emplace(b, b);
  mailbox_[a] = mailbox_[a] || a_mailbox;
  mailbox_[b] = mailbox_[b] || b_mailbox;
  int64_t ra = Root(a), rb = Root(b);
  if (ra == rb) return;
  // The root keeps an address to write to, else the smaller id.
  const bool ma = mailbox_[ra], mb = mailbox_[rb];
  if ((mb && !ma) || (mb == ma && rb < ra)) std::swap(ra, rb);
  parent_[rb] = ra;
}

std::unordered_map<int64_t, int64_t> PersonMerger::Absorbed() const {
  std::unordered_map<int64_t, int64_t> out;
  for (const auto& [party, up] : parent_) {
    const int64_t root = Root(party);
    if (root != party) out.emplace(party, root);
  }
  return out;
}

int64_t PersonsPendingMergesMayJoin(const std::vector<MergeItem>& items,
                                    const std::set<int64_t>& affected) {
  PersonMerger merger;
  for (const MergeItem& m : items) {
    if (m.kind == kSameNameMerge && m.state == ReviewState::kConfirmed)
      merger.Join(m.first.party, m.first.mailbox, m.second.party, m.second.mailbox);
  }
  int64_t fewer = 0;
  for (const MergeItem& m : items) {
    if (m.kind != kSameNameMerge || m.state != ReviewState::kPending) continue;
    const int64_t a = merger.Root(m.first.party), b = merger.Root(m.second.party);
    if (a == b || !affected.contains(a) || !affected.contains(b)) continue;
    merger.Join(m.first.party, m.first.mailbox, m.second.party, m.second.mailbox);
    ++fewer;
  }
  return fewer;
}

}  // namespace breachkit
