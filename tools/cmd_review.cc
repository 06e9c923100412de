// breachkit review [list|show|accept|reject|rules|sample|sample-result|export|import] …: the DPO's
// review of what the detectors claim. `review` lists what awaits a person, the most decisive first:
// for each group (a category, near misses apart) what the assessment would become if it were
// decided (the band, the Art. 33/34 decision, the persons affected). `accept`/`reject` decide items
// by id or a whole class by --rule; every decision needs --why and goes into the audit log. Values
// are printed only with --reveal (list, show): read again from the evidence, each showing recorded
// in the audit log; otherwise the masked preview and the masked context.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "core/detect/finding.h"
#include "core/ingest/reveal.h"
#include "core/mail/mail_message.h"
#include "core/review/person_merge.h"
#include "core/risk/facts.h"
#include "core/store/exposure_loader.h"
#include "core/store/review_store.h"
#include "core/util/message_number.h"
#include "tools/commands.h"
#include "tools/record_view.h"
#include "tools/recorded_output.h"
#include "tools/review_sheet.h"

namespace breachkit {
namespace {

// Who decides: --by, else the DPO named in the record, else the login name.
std::string Decider(const Options::Review& o, const IncidentInfo& info) {
  if (!o.by.empty()) return o.by;
  if (!info.dpo_name.empty()) return info.dpo_name;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "unknown";
}

// What a decision on a group would change, in words ("" when nothing).
struct Outlook {
  RiskAssessment assessment;
  int64_t persons = 0;
};

Result<Outlook> AssessWith(const IncidentStore& store, const IncidentInfo& info,
                           const Overrides& overrides, const std::optional<ReviewWhatIf>& what_if) {
  auto loaded = LoadExposureReport(store, what_if);
  if (!loaded) return std::unexpected(loaded.error());
  const ExposureReport& report = *loaded;
  const RiskFacts facts = FactsFrom(report, info);
  auto a = AssessRiskByGroup(facts, GroupFactsFrom(report, facts), PolicyFrom(info), overrides);
  if (!a) return std::unexpected(a.error());
  return Outlook{std::move(*a), facts.persons_affected};
}

std::string YesNo(bool b) { return b ? "yes" : "no"; }

// The differences between `now` and `then`, and how decisive they are (3: the Art. 33/34
// decision, 2: the band, 1: the persons affected or the score, 0: nothing).
std::pair<std::string, int> Changes(const Outlook& now, const Outlook& then) {
  std::vector<std::string> parts;
  int weight = 0;
  const RiskAssessment& a = now.assessment;
  const RiskAssessment& b = then.assessment;
  if (a.notify_cnil != b.notify_cnil) {
    parts.push_back(
        fmt::format("notify the CNIL {} → {}", YesNo(a.notify_cnil), YesNo(b.notify_cnil)));
    weight = 3;
  }
  if (a.inform_persons != b.inform_persons) {
    parts.push_back(fmt::format("inform the persons {} → {}", YesNo(a.inform_persons),
                                YesNo(b.inform_persons)));
    weight = 3;
  }
  if (a.band != b.band) {
    parts.push_back(fmt::format("band {} → {}", InfoOf(a.band).name, InfoOf(b.band).name));
    weight = std::max(weight, 2);
  }
  if (a.se != b.se) {
    parts.push_back(fmt::format("SE {:g} → {:g}", a.se, b.se));
    weight = std::max(weight, 1);
  }
  if (now.persons != then.persons) {
    parts.push_back(fmt::format("persons affected {} → {}", now.persons, then.persons));
    weight = std::max(weight, 1);
  }
  std::string text;
  for (const std::string& p : parts) text += (text.empty() ? "" : ", ") + p;
  return {text, weight};
}

std::string WhereOf(const ReviewItem& it) {
  return fmt::format("{} #{}{} {}", it.source_path, MessageNumber(it.message_index),
                     it.mime_path.empty() ? "" : "/" + it.mime_path, it.identity.location);
}

std::string PersonOf(const ReviewItem& it) {
  if (it.owner_in_content) return "a person in the content";
  if (it.owner_address.empty()) return "no known owner";
  return MaskedAddress(it.owner_address);
}

// A person of a possible duplicate: their address masked, or "#N" for one found in content.
std::string RefOf(const MergeCandidate& c, const std::string& address) {
  return c.mailbox ? MaskedAddress(address) : fmt::format("#{}", c.party);
}

std::string PairOf(const MergeItem& m) {
  return fmt::format("{} and {}", RefOf(m.first, m.first_address),
                     RefOf(m.second, m.second_address));
}

// What a merge by identifier joined, in words.
std::string LinkOf(const MergeItem& m) {
  return fmt::format("{}{}: {} {} of attachments{}", RefOf(m.first, m.first_address),
                     m.name.empty() ? "" : " “" + m.name + "”", m.groups,
                     m.groups == 1 ? "row or document" : "rows or documents",
                     m.first.mailbox ? " and their own mail" : "");
}

// Every merge the review knows: the possible duplicates, then the merges by identifier.
Result<std::vector<MergeItem>> AllMerges(const IncidentStore& store) {
  auto merges = LoadMergeItems(store);
  if (!merges) return std::unexpected(merges.error());
  auto links = LoadIdentifierMerges(store);
  if (!links) return std::unexpected(links.error());
  merges->insert(merges->end(), std::make_move_iterator(links->begin()),
                 std::make_move_iterator(links->end()));
  return merges;
}

struct Group {
  std::string category;
  bool near_miss = false;
  std::vector<const ReviewItem*> items;
  std::string change;  // what deciding it would change
  int weight = 0;
  size_t in_figures = 0;  // items the figures count as shown to someone (InFigures)
};

// The findings the figures count as shown to someone, by their owner's address, category and
// masked preview: an affected person exposed with such an item. A finding its owner showed
// only to the organisation (a newsletter's health word, read by staff alone) changes no
// figure, and is listed after those that do. A person found in a table has no address: their
// findings are taken as shown (their table reached whoever received it); so are those of a
// row or document the DPO split from a mailbox's person (the finding's owner in the record is
// still the mailbox), when a person with no address holds such an item.
class FiguresIndex {
 public:
  explicit FiguresIndex(const ExposureReport& x) {
    for (const Subject& s : x.subjects) {
      const std::string key = s.address.empty() ? std::string() : AddressKey(s.address);
      for (const ExposedItem& i : s.items)
        shown_.emplace(key, std::string(i.kind), std::string(i.masked));
    }
  }
  bool InFigures(const ReviewItem& it) const {
    if (it.owner_in_content) return true;
    if (it.owner_address.empty()) return false;
    // Where a split person is keyed: a row of a table, a document (SplitGroupOf). Matched
    // by its category and preview among the persons with no address: two rows with the same
    // preview, or a name (shown without one), are not told apart.
    if (Shows(AddressKey(it.owner_address), it)) return true;
    return !SplitGroupOf(it.identity.location).empty() && Shows(std::string(), it);
  }

 private:
  // Whether the person of `key` holds the finding's item as the figures count it: a name is
  // their "name", an address known as a mailbox their "address", both without a preview
  // (ExposureModel::CollectShown).
  bool Shows(const std::string& key, const ReviewItem& it) const {
    const std::string& category = it.identity.category;
    if (category == "person_name") return shown_.contains({key, "name", ""});
    if (category == "email" && shown_.contains({key, "address", ""})) return true;
    return shown_.contains({key, category, it.masked});
  }

  // (address key, or "" for a person with no address; category; masked preview)
  std::set<std::tuple<std::string, std::string, std::string>> shown_;
};

Result<Outcome> List(const Options& options, const Io& io, IncidentStore& store,
                     const IncidentInfo& info) {
  const auto& o = options.review;
  auto items = LoadReviewItems(store, o.all);
  if (!items) return std::unexpected(items.error());
  auto view = LoadRecordView(store);
  if (!view) return std::unexpected(view.error());
  const Outlook now{view->assessment, view->facts.persons_affected};

  std::map<std::pair<std::string, bool>, Group> groups;
  int64_t decided = 0;
  for (const ReviewItem& it : *items) {
    if (it.state != ReviewState::kPending) {
      ++decided;
      continue;
    }
    if (!NeedsReview(it.validation) && !o.all) continue;
    const bool near = IsNearMiss(it.validation);
    Group& g = groups[{it.identity.category, near}];
    g.category = it.identity.category;
    g.near_miss = near;
    g.items.push_back(&it);
  }
  // In each group, the items the figures count first.
  const FiguresIndex figures(view->exposure);
  for (auto& [key, g] : groups) {
    if (g.near_miss) continue;  // a near miss is in no figure until confirmed: all alike
    std::stable_partition(g.items.begin(), g.items.end(),
                          [&](const ReviewItem* it) { return figures.InFigures(*it); });
    g.in_figures = static_cast<size_t>(
        std::count_if(g.items.begin(), g.items.end(),
                      [&](const ReviewItem* it) { return figures.InFigures(*it); }));
  }
  std::vector<Group*> order;
  for (auto& [key, g] : groups) {
    if (NeedsReview(g.items.front()->validation)) {
      // A near miss would count once confirmed; a counted one would leave once rejected.
      auto then =
          AssessWith(store, info, view->overrides,
                     ReviewWhatIf{g.category, g.near_miss,
                                  g.near_miss ? ReviewState::kConfirmed : ReviewState::kRejected});
      if (!then) return std::unexpected(then.error());
      std::tie(g.change, g.weight) = Changes(now, *then);
    }
    order.push_back(&g);
  }
  // Possible duplicate persons: a near-miss tier of their own, kept apart until confirmed.
  auto merges = AllMerges(store);
  if (!merges) return std::unexpected(merges.error());
  // Merges by identifier: counted as one person each until rejected (then split).
  std::vector<const MergeItem*> pending_merges, pending_links;
  for (const MergeItem& m : *merges) {
    if (m.state != ReviewState::kPending) {
      ++decided;
    } else if (m.kind == kSameNameMerge) {
      pending_merges.push_back(&m);
    } else {
      pending_links.push_back(&m);
    }
  }
  std::string merge_change, link_change;
  int merge_weight = 0;
  if (!pending_merges.empty()) {
    auto then = AssessWith(store, info, view->overrides,
                           ReviewWhatIf{"", false, ReviewState::kPending, true, false});
    if (!then) return std::unexpected(then.error());
    std::tie(merge_change, merge_weight) = Changes(now, *then);
  }
  if (!pending_links.empty()) {
    auto then = AssessWith(store, info, view->overrides,
                           ReviewWhatIf{"", false, ReviewState::kPending, false, true});
    if (!then) return std::unexpected(then.error());
    link_change = Changes(now, *then).first;
  }
  std::stable_sort(order.begin(), order.end(), [](const Group* a, const Group* b) {
    if (a->weight != b->weight) return a->weight > b->weight;
    const auto ca = CategoryFromName(a->category), cb = CategoryFromName(b->category);
    const bool sa = ca && InfoOf(*ca).special, sb = cb && InfoOf(*cb).special;
    if (sa != sb) return sa;
    return a->items.size() > b->items.size();
  });

  // --reveal: the values of the items shown, read again from the evidence (and logged).
  std::map<std::string, std::string> clear;
  if (o.reveal) {
    std::vector<const ReviewItem*> shown;
    for (const Group* g : order) {
      for (size_t i = 0; i < g->items.size(); ++i) {
        if (!o.json && o.limit > 0 && i >= static_cast<size_t>(o.limit)) break;
        shown.push_back(g->items[i]);
      }
    }
    auto values = RevealValues(store, shown, Decider(o, info));
    if (!values) return std::unexpected(values.error());
    for (RevealedValue& v : *values) clear.emplace(v.id, std::move(v.value));
  }
  if (o.json) {
    for (const MergeItem* m : pending_merges) {
      const nlohmann::json j = {
          {"id", m->id},
          {"category", "person-merge"},
          {"tier", "near-miss"},
          {"rule", kSameNameRule},
          {"name", m->name},
          {"persons", {RefOf(m->first, m->first_address), RefOf(m->second, m->second_address)}},
          {"counted", false},
          {"if_decided", merge_change},
          {"state", ReviewStateName(m->state)}};
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    for (const MergeItem* m : pending_links) {
      const nlohmann::json j = {{"id", m->id},
                                {"category", "person-merge"},
                                {"tier", "merged"},
                                {"rule", ""},
                                {"name", m->name},
                                {"persons", {RefOf(m->first, m->first_address)}},
                                {"rows_or_documents", m->groups},
                                {"counted", true},
                                {"if_decided", link_change},
                                {"state", ReviewStateName(m->state)}};
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    for (const Group* g : order) {
      for (const ReviewItem* it : g->items) {
        nlohmann::json j = {{"id", it->id},
                            {"category", it->identity.category},
                            {"tier", g->near_miss ? "near-miss" : "unsure"},
                            {"rule", it->identity.category + "/" + it->detector},
                            {"validation", it->validation},
                            {"masked", it->masked},
                            {"context", it->context},
                            {"person", PersonOf(*it)},
                            {"where", WhereOf(*it)},
                            {"counted", !g->near_miss},
                            {"in_figures", !g->near_miss && figures.InFigures(*it)},
                            {"if_decided", g->change},
                            {"state", ReviewStateName(it->state)}};
        if (auto v = clear.find(it->id); v != clear.end()) j["value"] = v->second;
        fmt::print(io.out, "{}\n",
                   j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
    }
    return Outcome::kOk;
  }
  int64_t pending = 0, near = static_cast<int64_t>(pending_merges.size());
  for (const Group* g : order)
    (g->near_miss ? near : pending) += static_cast<int64_t>(g->items.size());
  fmt::print(io.out,
             "To review: {} (counted, marked \"à confirmer\" until decided: {}; near misses, not "
             "counted until confirmed: {}); decided already: {}\n",
             pending + near, pending, near, decided);
  // The duplicates first when deciding them weighs more than any group of findings.
  auto print_merges = [&] {
    if (pending_merges.empty()) return;
    fmt::print(io.out,
               "\npersons — {} possible duplicate(s): the same name, no identifier in common; "
               "kept apart until confirmed\n",
               pending_merges.size());
    fmt::print(io.out, "  if confirmed: {}\n",
               merge_change.empty() ? "the band, the decision and the persons affected stay as "
                                      "they are"
                                    : merge_change);
    fmt::print(io.out, "  rules: {}\n", kSameNameRule);
    size_t shown = 0;
    for (const MergeItem* m : pending_merges) {
      if (o.limit > 0 && shown++ >= static_cast<size_t>(o.limit)) {
        fmt::print(io.out, "  … {} more (--limit 0 shows all)\n", pending_merges.size() - o.limit);
        break;
      }
      fmt::print(io.out, "  {}  “{}”  {}\n", m->id, m->name, PairOf(*m));
    }
  };
  const bool merges_first = order.empty() || merge_weight > order.front()->weight;
  if (merges_first) print_merges();
  for (const Group* g : order) {
    fmt::print(io.out, "\n{} — {} {}\n", g->category, g->items.size(),
               g->near_miss ? "near miss(es), not counted" : "pending, counted \"à confirmer\"");
    if (!g->near_miss && g->in_figures < g->items.size()) {
      fmt::print(io.out,
                 "  {} of them shown to someone outside the organisation, listed first; the "
                 "other {} only to the organisation or their own writer: they change no figure\n",
                 g->in_figures, g->items.size() - g->in_figures);
    }
    if (!g->change.empty()) {
      fmt::print(io.out, "  if {}: {}\n", g->near_miss ? "confirmed" : "rejected", g->change);
    } else if (NeedsReview(g->items.front()->validation)) {
      fmt::print(io.out,
                 "  if {}: the band, the decision and the persons affected stay as they are\n",
                 g->near_miss ? "confirmed" : "rejected");
    }
    std::set<std::string> rules;
    for (const ReviewItem* it : g->items) rules.insert(it->identity.category + "/" + it->detector);
    std::string rule_list;
    for (const std::string& r : rules) rule_list += (rule_list.empty() ? "" : ", ") + r;
    fmt::print(io.out, "  rules: {}\n", rule_list);
    size_t shown = 0;
    for (const ReviewItem* it : g->items) {
      if (o.limit > 0 && shown++ >= static_cast<size_t>(o.limit)) {
        fmt::print(io.out, "  … {} more (--limit 0 shows all)\n", g->items.size() - o.limit);
        break;
      }
      fmt::print(io.out, "  {}  {}  [{}]  {}  ({}){}\n", it->id, it->masked,
                 it->validation.empty() ? it->detector : it->validation, WhereOf(*it),
                 PersonOf(*it), g->near_miss || figures.InFigures(*it) ? "" : "  [in no figure]");
      if (!it->context.empty()) fmt::print(io.out, "      “{}”\n", it->context);
      if (auto v = clear.find(it->id); v != clear.end())
        fmt::print(io.out, "      value in clear: {}\n", v->second);
    }
  }
  if (!merges_first) print_merges();
  if (!pending_links.empty()) {
    fmt::print(io.out,
               "\npersons merged by an identifier — {}: counted as one person each until the "
               "merge is rejected (then each row or document is a person of its own)\n",
               pending_links.size());
    fmt::print(io.out, "  if every one were rejected: {}\n",
               link_change.empty() ? "the band, the decision and the persons affected stay as "
                                     "they are"
                                   : link_change);
    size_t shown = 0;
    for (const MergeItem* m : pending_links) {
      if (o.limit > 0 && shown++ >= static_cast<size_t>(o.limit)) {
        fmt::print(io.out, "  … {} more (--limit 0 shows all)\n", pending_links.size() - o.limit);
        break;
      }
      fmt::print(io.out, "  {}  {}\n", m->id, LinkOf(*m));
    }
  }
  if (pending + near > 0) {
    fmt::print(io.out,
               "\nDecide: breachkit --db {0} review accept|reject ID… --why TEXT, or a class: "
               "breachkit --db {0} review reject --rule NAME --why TEXT\n",
               store.path());
  }
  return Outcome::kOk;
}

// `review show ID…`: each item whole (what, where, whose, its state and who decided it), and
// with --reveal its value in clear, read again from the evidence.
Result<Outcome> Show(const Options& options, const Io& io, IncidentStore& store,
                     const IncidentInfo& info) {
  const auto& o = options.review;
  if (o.args.empty()) {
    return Fail(ErrorCode::kUsage,
                "review show ID… [--reveal]: the ids of the items (from `review`)");
  }
  auto items = LoadReviewItems(store, true);
  if (!items) return std::unexpected(items.error());
  std::map<std::string_view, const ReviewItem*> by_id;
  for (const ReviewItem& it : *items) by_id.emplace(it.id, &it);
  auto merges = AllMerges(store);
  if (!merges) return std::unexpected(merges.error());
  std::vector<const ReviewItem*> shown;
  for (const std::string& id : o.args) {
    auto merge = std::find_if(merges->begin(), merges->end(),
                              [&](const MergeItem& m) { return m.id == id; });
    if (merge != merges->end()) {
      if (o.reveal) {
        return Fail(ErrorCode::kUsage,
                    "review show: {} is a possible duplicate; --reveal is for findings (`breachkit "
                    "persons --duplicates` shows where each person was seen)",
                    id);
      }
      continue;
    }
    auto it = by_id.find(id);
    if (it == by_id.end()) {
      return Fail(ErrorCode::kInvalidInput,
                  "review show: no finding or possible duplicate of the record has the id {} "
                  "(`breachkit --db {} "
                  "review --all` lists them)",
                  id, store.path());
    }
    shown.push_back(it->second);
  }
  std::map<std::string, std::string> clear;
  if (o.reveal) {
    auto values = RevealValues(store, shown, Decider(o, info));
    if (!values) return std::unexpected(values.error());
    for (RevealedValue& v : *values) clear.emplace(v.id, std::move(v.value));
  }
  for (const MergeItem& m : *merges) {
    if (std::find(o.args.begin(), o.args.end(), m.id) == o.args.end()) continue;
    if (o.json) {
      nlohmann::json persons = {RefOf(m.first, m.first_address)};
      if (m.kind == kSameNameMerge) persons.push_back(RefOf(m.second, m.second_address));
      const nlohmann::json j = {{"id", m.id},
                                {"category", "person-merge"},
                                {"kind", m.kind},
                                {"rule", m.kind == kSameNameMerge ? kSameNameRule : ""},
                                {"name", m.name},
                                {"persons", persons},
                                {"state", ReviewStateName(m.state)},
                                {"decided_by", m.decided_by},
                                {"why", m.why}};
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      continue;
    }
    const bool link = m.kind == kIdentifierMerge;
    if (link) {
      fmt::print(io.out, "{}  merged by an identifier: {}\n", m.id, LinkOf(m));
    } else {
      fmt::print(io.out, "{}  possible duplicate “{}”: {}\n", m.id, m.name, PairOf(m));
    }
    fmt::print(
        io.out, "  state: {}{}\n",
        m.state == ReviewState::kPending     ? (link ? "pending (one person until rejected)"
                                                     : "pending (kept apart until confirmed)")
        : m.state == ReviewState::kConfirmed ? "confirmed (one person)"
        : link                               ? "rejected (each row or document a person of its own)"
                                             : "rejected (two persons)",
        m.decided_by.empty() ? std::string() : fmt::format(" by {}: {}", m.decided_by, m.why));
  }
  for (const ReviewItem* it : shown) {
    if (o.json) {
      nlohmann::json j = {{"id", it->id},
                          {"category", it->identity.category},
                          {"rule", it->identity.category + "/" + it->detector},
                          {"validation", it->validation},
                          {"masked", it->masked},
                          {"context", it->context},
                          {"person", PersonOf(*it)},
                          {"where", WhereOf(*it)},
                          {"state", ReviewStateName(it->state)},
                          {"decided_by", it->decided_by},
                          {"why", it->why}};
      if (auto v = clear.find(it->id); v != clear.end()) j["value"] = v->second;
      fmt::print(io.out, "{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      continue;
    }
    fmt::print(io.out, "{}  {} {}  [{}]\n", it->id, it->identity.category, it->masked,
               it->validation.empty() ? it->detector : it->validation);
    fmt::print(io.out, "  where: {}\n  person: {}\n", WhereOf(*it), PersonOf(*it));
    if (!it->context.empty()) fmt::print(io.out, "  context: “{}”\n", it->context);
    fmt::print(io.out, "  state: {}{}\n", ReviewStateName(it->state),
               it->decided_by.empty() ? std::string()
                                      : fmt::format(" (by {}: {})", it->decided_by, it->why));
    if (auto v = clear.find(it->id); v != clear.end())
      fmt::print(io.out, "  value in clear: {}  (shown by {}, recorded in the audit log)\n",
                 v->second, Decider(o, info));
  }
  return Outcome::kOk;
}

Result<Outcome> Decide(const Options& options, const Io& io, IncidentStore& store,
                       const IncidentInfo& info, ReviewState state) {
  const auto& o = options.review;
  if (o.why.empty()) {
    return Fail(ErrorCode::kUsage, "review {}: say why (--why TEXT): it goes into the audit log",
                o.action);
  }
  const std::string by = Decider(o, info);
  if (!o.rule.empty()) {
    if (!o.args.empty()) {
      return Fail(ErrorCode::kUsage, "review {}: give ids or --rule NAME, not both", o.action);
    }
    auto items = LoadReviewItems(store, true);
    if (!items) return std::unexpected(items.error());
    // What the rule decides: the matching findings without a decision of their own (which
    // wins over any rule).
    int64_t matched = 0, kept = 0;
    for (const ReviewItem& it : *items) {
      if (it.duplicate_copy) continue;  // the kept copy's claim, counted there
      for (const std::string& name : RuleNamesOf(it.identity.category, it.detector, it.validation))
        if (name == o.rule) {
          const bool own = !it.decided_by.empty() && !it.decided_by.starts_with("rule ");
          ++(own ? kept : matched);
          break;
        }
    }
    if (o.rule == kSameNameRule) {
      auto merges = LoadMergeItems(store);
      if (!merges) return std::unexpected(merges.error());
      for (const MergeItem& m : *merges) {
        const bool own = !m.decided_by.empty() && !m.decided_by.starts_with("rule ");
        ++(own ? kept : matched);
      }
    }
    const bool known_category = CategoryFromName(o.rule).has_value() || o.rule == kSameNameRule;
    if (matched + kept == 0 && !known_category) {
      return Fail(ErrorCode::kInvalidInput,
                  "review {}: no finding of the record matches the rule {} (a rule is a category "
                  "such as health, a detector such as wordlist, category/detector such as "
                  "health/wordlist, or a near-miss reason such as near-miss:rib-key)",
                  o.action, o.rule);
    }
    if (auto st = RecordRule(store, o.rule, state, by, o.why); !st)
      return std::unexpected(st.error());
    fmt::print(io.out, "{} by rule {}: {} {} of the record now, and any found later{}\n",
               state == ReviewState::kConfirmed ? "confirmed" : "rejected", o.rule, matched,
               o.rule == kSameNameRule ? "possible duplicate(s)" : "finding(s)",
               kept == 0 ? std::string()
                         : fmt::format(" ({} decided one by one keep their decision)", kept));
    return Outcome::kOk;
  }
  if (o.args.empty()) {
    return Fail(ErrorCode::kUsage,
                "review {}: give the ids of the items (from `review`) or --rule NAME", o.action);
  }
  auto items = LoadReviewItems(store, true);
  if (!items) return std::unexpected(items.error());
  auto merges = AllMerges(store);
  if (!merges) return std::unexpected(merges.error());
  std::set<std::string> merge_ids;
  for (const MergeItem& m : *merges) merge_ids.insert(m.id);
  std::vector<ItemDecision> decisions, merge_decisions;
  for (const std::string& id : o.args) {
    if (!IsReviewItemId(id)) {
      return Fail(ErrorCode::kUsage,
                  "review {}: {} is not an item id (10 hex digits, as `review` prints them)",
                  o.action, id);
    }
    (merge_ids.contains(id) ? merge_decisions : decisions).push_back({id, state, ""});
  }
  // Both checked before either is recorded: an unknown id records nothing.
  std::set<std::string> finding_ids;
  for (const ReviewItem& it : *items) finding_ids.insert(it.id);
  for (const ItemDecision& d : decisions) {
    if (!finding_ids.contains(d.id)) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}: no finding or possible duplicate to review has the id {} (`breachkit --db "
                  "{} review --all` lists them); nothing was recorded",
                  store.path(), d.id, store.path());
    }
  }
  if (!merge_decisions.empty()) {
    if (auto st = RecordMergeDecisions(store, *merges, merge_decisions, by, o.why); !st)
      return std::unexpected(st.error());
  }
  if (!decisions.empty()) {
    if (auto st = RecordDecisions(store, *items, decisions, by, o.why); !st)
      return std::unexpected(st.error());
  }
  decisions.insert(decisions.end(), merge_decisions.begin(), merge_decisions.end());
  fmt::print(io.out, "{} {} item(s), by {}\n",
             state == ReviewState::kConfirmed ? "confirmed" : "rejected", decisions.size(), by);
  return Outcome::kOk;
}

Result<Outcome> Rules(const Io& io, const IncidentStore& store) {
  auto items = LoadReviewItems(store, true);
  if (!items) return std::unexpected(items.error());
  auto rules = LoadReviewRules(store);
  if (!rules) return std::unexpected(rules.error());
  std::map<std::string, int64_t> counts;
  for (const ReviewItem& it : *items) {
    if (it.duplicate_copy) continue;  // the kept copy's claim, counted there
    for (const std::string& name : RuleNamesOf(it.identity.category, it.detector, it.validation))
      ++counts[name];
  }
  auto merges = AllMerges(store);
  if (!merges) return std::unexpected(merges.error());
  if (!merges->empty()) counts[std::string(kSameNameRule)] += static_cast<int64_t>(merges->size());
  fmt::print(io.out, "Rules in force:{}\n", rules->empty() ? " none" : "");
  for (const auto& [name, state] : *rules) {
    fmt::print(io.out, "  {} {} ({} item(s))\n", ReviewStateName(state), name, counts[name]);
  }
  fmt::print(io.out, "Rule names the record's findings match:\n");
  for (const auto& [name, n] : counts) fmt::print(io.out, "  {}  {}\n", name, n);
  return Outcome::kOk;
}

// The items awaiting a person as the rows of a review sheet, in the listing's order.
std::vector<ReviewSheetRow> SheetRows(const std::vector<ReviewItem>& items,
                                      const std::vector<MergeItem>& merges) {
  std::vector<ReviewSheetRow> rows;
  for (const MergeItem& m : merges) {
    if (m.state != ReviewState::kPending) continue;
    if (m.kind == kIdentifierMerge) {
      rows.push_back({m.id, "person-merge", "person", "", "merged", LinkOf(m), "persons",
                      "one person by an identifier they share (see the reasons in `persons`)",
                      "one person until rejected", "", ""});
      continue;
    }
    rows.push_back({m.id, "person-merge", "person", std::string(kSameNameRule), "near-miss",
                    PairOf(m), "persons --duplicates",
                    fmt::format("the same name, “{}”, and no identifier in common", m.name),
                    "two persons until confirmed one", "", ""});
  }
  for (const ReviewItem& it : items) {
    if (it.state != ReviewState::kPending || !NeedsReview(it.validation)) continue;
    const bool near = IsNearMiss(it.validation);
    rows.push_back({it.id, "finding", it.identity.category,
                    it.identity.category + "/" + it.detector, near ? "near-miss" : "unsure",
                    PersonOf(it), WhereOf(it),
                    it.context.empty() ? it.masked : it.masked + " — " + it.context,
                    near ? "not counted until confirmed" : "counted, à confirmer", "", ""});
  }
  return rows;
}

Result<Outcome> ExportSheet(const Options& options, const Io& io, IncidentStore& store,
                            const IncidentInfo& info) {
  const auto& o = options.review;
  if (o.output.empty()) {
    return Fail(ErrorCode::kUsage, "review export: say where to write it: -o FILE.xlsx|.ods|.csv");
  }
  auto format = SheetFormatOf(o.output);
  if (!format) return std::unexpected(format.error());
  auto items = LoadReviewItems(store, false);
  if (!items) return std::unexpected(items.error());
  auto merges = AllMerges(store);
  if (!merges) return std::unexpected(merges.error());
  const auto rows = SheetRows(*items, *merges);
  auto bytes = RenderReviewSheet(rows, *format, info.created_at);
  if (!bytes) return std::unexpected(bytes.error());
  auto written = WriteOutput(store, "review-sheet", o.output, *bytes);
  if (!written) return std::unexpected(written.error());
  fmt::print(io.out,
             "{} item(s) to review written to {} (fill in the decision and why columns, then "
             "breachkit --db {} review import {})\n",
             rows.size(), o.output, store.path(), o.output);
  return Outcome::kOk;
}

Result<Outcome> ImportSheet(const Options& options, const Io& io, IncidentStore& store,
                            const IncidentInfo& info) {
  const auto& o = options.review;
  if (o.args.size() != 1) return Fail(ErrorCode::kUsage, "review import FILE.xlsx|.ods|.csv");
  const std::string& path = o.args[0];
  auto format = SheetFormatOf(path);
  if (!format) return std::unexpected(format.error());
  std::ifstream in(path, std::ios::binary);
  const std::string contents((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad()) return Fail(ErrorCode::kIo, "{}: cannot read the file", path);
  const std::string* bytes = &contents;
  const std::string name = std::filesystem::path(path).filename().string();
  auto read = ReadReviewSheet(*bytes, *format, name);
  if (!read) return std::unexpected(read.error());
  auto items = LoadReviewItems(store, true);
  if (!items) return std::unexpected(items.error());
  auto merges = AllMerges(store);
  if (!merges) return std::unexpected(merges.error());
  std::set<std::string> known, merge_ids;
  for (const ReviewItem& it : *items) known.insert(it.id);
  for (const MergeItem& m : *merges) merge_ids.insert(m.id);
  std::vector<ItemDecision> decisions, merge_decisions;
  std::string unknown;
  for (const SheetDecision& d : *read) {
    if (merge_ids.contains(d.id)) {
      merge_decisions.push_back({d.id,
                                 d.decision == SheetDecision::Decision::kAccept
                                     ? ReviewState::kConfirmed
                                     : ReviewState::kRejected,
                                 d.why});
      continue;
    }
    if (!known.contains(d.id)) {
      unknown +=
          fmt::format("{}{}: row {}: no finding or possible duplicate of the record has the id {}",
                      unknown.empty() ? "" : "\n", name, d.row, d.id);
      continue;
    }
    decisions.push_back({d.id,
                         d.decision == SheetDecision::Decision::kAccept ? ReviewState::kConfirmed
                                                                        : ReviewState::kRejected,
                         d.why});
  }
  if (!unknown.empty()) {
    return Fail(ErrorCode::kInvalidInput, "{}\nnothing was applied from {}", unknown, name);
  }
  for (const ItemDecision& d : merge_decisions) {
    if (d.why.empty()) {
      return Fail(ErrorCode::kInvalidInput,
                  "{}: the decision on {} has no why\nnothing was applied from {}", name, d.id,
                  name);
    }
  }
  if (!merge_decisions.empty()) {
    if (auto st = RecordMergeDecisions(store, *merges, merge_decisions, Decider(o, info), ""); !st)
      return std::unexpected(st.error());
  }
  if (auto st = RecordDecisions(store, *items, decisions, Decider(o, info), ""); !st)
    return std::unexpected(st.error());
  decisions.insert(decisions.end(), merge_decisions.begin(), merge_decisions.end());
  int64_t accepted = 0;
  for (const ItemDecision& d : decisions) accepted += d.state == ReviewState::kConfirmed;
  fmt::print(io.out, "{}: {} decision(s) applied ({} confirmed, {} rejected), by {}\n", name,
             decisions.size(), accepted, static_cast<int64_t>(decisions.size()) - accepted,
             Decider(o, info));
  return Outcome::kOk;
}

Result<int64_t> NumberArg(const std::string& text, std::string_view what) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0) {
    return Fail(ErrorCode::kUsage, "review: {} must be a number, not {}", what, text);
  }
  return v;
}

Result<Outcome> Sample(const Options& options, const Io& io, IncidentStore& store,
                       const IncidentInfo& info) {
  const auto& o = options.review;
  if (o.args.size() != 1) {
    return Fail(ErrorCode::kUsage, "review sample N [--seed S]: N messages to draw");
  }
  auto n = NumberArg(o.args[0], "N");
  if (!n) return std::unexpected(n.error());
  // Without --seed, one from the clock: recorded, so the draw can be made again.
  const uint64_t seed =
      o.seed ? *o.seed : static_cast<uint64_t>(store.clock().NowUnix()) * 2654435761u;
  auto sample = DrawSample(store, *n, seed, Decider(o, info));
  if (!sample) return std::unexpected(sample.error());
  if (sample->population == 0) {
    fmt::print(io.out,
               "Nothing to sample: every message of the record has a finding (a recall sample "
               "draws among the messages with none, to look for what the detectors missed); "
               "nothing was recorded\n");
    return Outcome::kOk;
  }
  fmt::print(io.out,
             "Sample {}: {} of the {} messages with no finding, seed {} (read each, then record "
             "what you found: breachkit --db {} review sample-result {} POSITION nothing|missed "
             "[--why TEXT])\n",
             sample->id, sample->messages.size(), sample->population, sample->seed, store.path(),
             sample->id);
  for (const SampledMessage& m : sample->messages) {
    fmt::print(io.out, "  {:>3}  {}\n", m.position, m.place);
  }
  return Outcome::kOk;
}

Result<Outcome> SampleResult(const Options& options, const Io& io, IncidentStore& store,
                             const IncidentInfo& info) {
  const auto& o = options.review;
  if (o.args.size() != 3) {
    return Fail(ErrorCode::kUsage,
                "review sample-result SAMPLE POSITION nothing|missed [--why TEXT]");
  }
  auto sample = NumberArg(o.args[0], "SAMPLE");
  if (!sample) return std::unexpected(sample.error());
  auto position = NumberArg(o.args[1], "POSITION");
  if (!position) return std::unexpected(position.error());
  if (auto st = RecordSampleResult(store, *sample, *position, o.args[2], o.why, Decider(o, info));
      !st)
    return std::unexpected(st.error());
  fmt::print(io.out, "sample {} message {}: {}\n", *sample, *position, o.args[2]);
  return Outcome::kOk;
}

}  // namespace

Result<Outcome> Options::Review::Execute(const Options& options, const Io& io,
                                         IncidentStore& store) {
  const auto& o = options.review;
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  if (o.action == "list") {
    if (!o.args.empty()) {
      return Fail(ErrorCode::kUsage,
                  "review: unknown action {} (list, show, accept, reject, rules, "
                  "sample, sample-result, export, import)",
                  o.args.front());
    }
    return List(options, io, store, *info);
  }
  if (o.reveal && o.action != "list" && o.action != "show") {
    return Fail(ErrorCode::kUsage, "review {}: --reveal is for list and show", o.action);
  }
  if (o.action == "show") return Show(options, io, store, *info);
  // A decision can move the first and last exposure (a rejected finding, a merge of
  // persons): the timeline's evidence events are made again after it.
  auto then_dates = [&](Result<Outcome> done) -> Result<Outcome> {
    if (!done) return done;
    if (auto st = RecordEvidenceDates(store); !st) return std::unexpected(st.error());
    return done;
  };
  if (o.action == "accept" || o.action == "confirm")
    return then_dates(Decide(options, io, store, *info, ReviewState::kConfirmed));
  if (o.action == "reject")
    return then_dates(Decide(options, io, store, *info, ReviewState::kRejected));
  if (o.action == "rules") return Rules(io, store);
  if (o.action == "sample") return Sample(options, io, store, *info);
  if (o.action == "sample-result") return SampleResult(options, io, store, *info);
  if (o.action == "export") return ExportSheet(options, io, store, *info);
  if (o.action == "import") return then_dates(ImportSheet(options, io, store, *info));
  return Fail(
      ErrorCode::kUsage,
      "review: unknown action {} (list, show, accept, reject, rules, sample, sample-result, "
      "export, import)",
      o.action);
}

}  // namespace breachkit
