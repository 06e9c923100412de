#include "core/exposure/exposure.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <gtest/gtest.h>

#include "core/exposure/evidence_dates.h"

namespace breachkit {
namespace {

// A small world: parties 1..9; 9 is staff.
ExposureInput World() {
  ExposureInput in;
  for (int64_t id = 1; id <= 9; ++id) {
    in.parties.push_back({id, "p" + std::to_string(id) + "@example.org", id == 9, {}});
  }
  return in;
}

ExposureMessage Msg(int64_t id, std::vector<ExposureRecipient> recipients, bool reply = false,
                    int64_t date = 1000) {
  ExposureMessage m;
  m.id = id;
  m.recipients = std::move(recipients);
  m.is_reply = reply;
  m.date_utc = date;
  m.message_id = "m" + std::to_string(id);
  return m;
}

const Subject* Find(const ExposureReport& r, int64_t party) {
  for (const auto& s : r.subjects) {
    if (s.party == party) return &s;
  }
  return nullptr;
}

using F = AddressField;

TEST(Exposure, ToAndCcSeeEachOtherAndTheSender) {
  auto in = World();
  in.messages.push_back(
      Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, true}, {F::kTo, 2, false}, {F::kCc, 3, false}}));
  const auto r = ComputeExposure(in);
  EXPECT_EQ(r.persons_affected, 3);  // the staff sender is not affected
  EXPECT_EQ(r.staff_addresses, 1);
  // Each address is seen by the two other receivers; the name of 1 as well.
  EXPECT_EQ(r.records, 4);
  EXPECT_EQ(r.exposure_events, 4);
  EXPECT_EQ(r.max_audience, 2);
  EXPECT_EQ(Find(r, 1)->items.size(), 2u);
}

// A candidate answers all and puts a recruiter (4) in copy: the recruiter was on no list of
// the original and wrote nothing, an address added by others (the letters do not tell them
// "we sent you a message"); the candidates, and the writer, are not.
TEST(Exposure, AnAddressACandidateAddedToAReplyIsAddedByOthers) {
  auto in = World();
  in.messages.push_back(Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, false}, {F::kTo, 2, false}}));
  auto reply =
      Msg(2, {{F::kFrom, 1, false}, {F::kTo, 9, false}, {F::kTo, 2, false}, {F::kCc, 4, false}},
          /*reply=*/true, 2000);
  reply.in_reply_to = "m1";
  in.messages.push_back(reply);
  const auto r = ComputeExposure(in);
  ASSERT_NE(Find(r, 4), nullptr);
  EXPECT_TRUE(Find(r, 4)->added_by_others);
  EXPECT_FALSE(Find(r, 1)->added_by_others);
  EXPECT_FALSE(Find(r, 2)->added_by_others);
}

// A reply whose client dropped the thread headers ("RE: …" and no In-Reply-To) is in the
// original's thread for the count of threads too, as for the storm; another subject is
// another thread.
TEST(Exposure, AnAnswerJoinedByItsSubjectIsInTheOriginalsThread) {
  auto in = World();
  auto original = Msg(1, {{F::kFrom, 9, false},
                          {F::kTo, 1, false},
                          {F::kTo, 2, false},
                          {F::kTo, 3, false},
                          {F::kTo, 4, false}});
  original.subject = "Commission logement";
  in.messages.push_back(original);
  // A reply by its "RE:" (MailMessage::IsReply), with no thread header.
  auto reply = Msg(2, {{F::kFrom, 1, false}, {F::kTo, 9, false}, {F::kTo, 2, false}},
                   /*reply=*/true, 2000);
  reply.subject = "RE: Commission logement";
  in.messages.push_back(reply);
  auto linked = Msg(3, {{F::kFrom, 2, false}, {F::kTo, 1, false}}, /*reply=*/true, 3000);
  linked.subject = "RE: RE: Commission logement";
  linked.in_reply_to = "m2";
  in.messages.push_back(linked);
  auto other = Msg(4, {{F::kFrom, 9, false}, {F::kTo, 3, false}}, false, 4000);
  other.subject = "Autre chose";
  in.messages.push_back(other);
  const auto r = ComputeExposure(in);
  ASSERT_EQ(r.original_message, 1);
  EXPECT_EQ(r.thread_messages, 2);
  EXPECT_EQ(r.threads, 2);
}

// Outlook's recall of the original ("Rappel : …", "Recall: …"), from its writer to its
// recipients, is in its thread (helper-74: "Threads: 3" for a payroll, its corrected resend
// and its recall).
TEST(Exposure, ARecallOfTheOriginalIsInItsThread) {
  auto in = World();
  auto original = Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, false}, {F::kTo, 2, false}});
  original.subject = "Paie octobre 2025";
  in.messages.push_back(original);
  auto recall = Msg(2, {{F::kFrom, 9, false}, {F::kTo, 1, false}, {F::kTo, 2, false}}, false, 2000);
  recall.subject = "Rappel : Paie octobre 2025";
  in.messages.push_back(recall);
  auto english = Msg(3, {{F::kFrom, 9, false}, {F::kTo, 1, false}}, false, 3000);
  english.subject = "Recall: Paie octobre 2025";
  in.messages.push_back(english);
  // A reminder of the same subject to someone the original was not sent to is no recall
  // (helper-76: "Rappel : Votre rendez-vous" to another patient joined the thread).
  auto reminder = Msg(4, {{F::kFrom, 9, false}, {F::kTo, 3, false}}, false, 4000);
  reminder.subject = "Rappel : Paie octobre 2025";
  in.messages.push_back(reminder);
  const auto r = ComputeExposure(in);
  ASSERT_EQ(r.original_message, 1);
  EXPECT_EQ(r.thread_messages, 2);
  EXPECT_EQ(r.threads, 2);
}

TEST(Exposure, BccIsSeenByNobodyButSeesTheRest) {
  auto in = World();
  in.messages.push_back(
      Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, false}, {F::kBcc, 2, false}, {F::kBcc, 3, false}}));
  const auto r = ComputeExposure(in);
  // Only 1 is shown (To), to 2 and 3 (the Bcc receivers); 2 and 3 are shown to nobody.
  EXPECT_EQ(r.persons_affected, 1);
  EXPECT_EQ(Find(r, 1)->max_audience, 2);
  EXPECT_EQ(Find(r, 2), nullptr);
  EXPECT_EQ(Find(r, 3), nullptr);
}

TEST(Exposure, ResentHeadersFollowTheSameRules) {
  auto in = World();
  in.messages.push_back(Msg(1, {{F::kFrom, 1, false},
                                {F::kTo, 2, false},
                                {F::kResentFrom, 3, false},
                                {F::kResentTo, 4, false},
                                {F::kResentBcc, 5, false}}));
  const auto r = ComputeExposure(in);
  // Receivers: 2, 4, 5. Shown: 1, 2, 3, 4. 5 (Resent-Bcc) is hidden.
  EXPECT_EQ(Find(r, 1)->max_audience, 3);
  EXPECT_EQ(Find(r, 2)->max_audience, 2);
  EXPECT_EQ(Find(r, 4)->max_audience, 2);
  EXPECT_EQ(Find(r, 5), nullptr);
}

TEST(Exposure, APersonInToOnceAndBccElsewhereIsExposedOnlyByTheFirst) {
  auto in = World();
  in.messages.push_back(
      Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, false}, {F::kTo, 2, false}}, false, 1000));
  in.messages.push_back(
      Msg(2, {{F::kFrom, 9, false}, {F::kTo, 3, false}, {F::kBcc, 1, false}}, true, 2000));
  const auto r = ComputeExposure(in);
  const Subject* one = Find(r, 1);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->messages, 1);
  EXPECT_EQ(one->last_exposure, 1000);
  // 3 was seen by 1 (the Bcc receiver) in message 2.
  EXPECT_EQ(Find(r, 3)->max_audience, 1);
}

TEST(Exposure, StaffNeitherAffectedNorAudience) {
  auto in = World();
  in.messages.push_back(Msg(1, {{F::kFrom, 1, false}, {F::kTo, 9, false}}));
  const auto r = ComputeExposure(in);
  EXPECT_EQ(r.persons_affected, 0);  // 1 wrote to the organisation only
  EXPECT_EQ(r.exposure_events, 0);
}

TEST(Exposure, AGroupWithNoMembersExposesNobody) {
  auto in = World();
  in.messages.push_back(Msg(1, {{F::kFrom, 9, false}}));  // To: undisclosed-recipients:;
  const auto r = ComputeExposure(in);
  EXPECT_EQ(r.persons_affected, 0);
  EXPECT_EQ(r.messages, 1);
}

TEST(Exposure, AnAddressOnlyInAForwardedOriginalIsExposedToTheForwardsReceivers) {
  auto in = World();
  in.messages.push_back(Msg(1, {{F::kFrom, 1, false}, {F::kTo, 7, false}}, false, 1000));
  ExposureMessage nested = Msg(2, {{F::kFrom, 9, false}, {F::kTo, 5, false}, {F::kCc, 6, false}});
  nested.parent = 1;
  in.messages.push_back(nested);
  const auto r = ComputeExposure(in);
  // 5 and 6 are only in the forwarded original: shown to 7, the forward's receiver.
  ASSERT_NE(Find(r, 5), nullptr);
  EXPECT_EQ(Find(r, 5)->max_audience, 1);
  EXPECT_EQ(Find(r, 6)->max_audience, 1);
  EXPECT_EQ(r.nested_messages, 1);
}

TEST(Exposure, DuplicatesCountOnce) {
  auto in = World();
  in.messages.push_back(Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, false}, {F::kTo, 2, false}}));
  ExposureMessage dup = Msg(2, {{F::kFrom, 9, false}, {F::kTo, 1, false}, {F::kTo, 2, false}});
  dup.duplicate = true;
  in.messages.push_back(dup);
  const auto r = ComputeExposure(in);
  EXPECT_EQ(r.messages, 1);
  EXPECT_EQ(r.duplicate_messages, 1);
  EXPECT_EQ(r.exposure_events, 2);
}

// Findings hold views of texts kept by the input; a copy of the input shares them, so a
// copy outlives the original (the sanitizer build would catch a dangling view).
TEST(Exposure, ACopyOfTheInputKeepsTheTextsOfItsFindings) {
  auto copy = [] {
    auto in = World();
    ExposureMessage a = Msg(1, {{F::kFrom, 1, false}, {F::kTo, 2, false}, {F::kCc, 3, false}});
    a.findings.push_back({in.Text(std::string("phone")), in.Text(std::string(64, 'a')),
                          in.Text("+33 6 •• •• •• " + std::to_string(78)), 1, false});
    in.messages = {a};
    ExposureInput kept = in;
    return kept;  // `in` and its first handle on the texts are gone
  }();
  const auto r = ComputeExposure(copy);
  const Subject* one = Find(r, 1);
  ASSERT_NE(one, nullptr);
  bool phone = false;
  for (const auto& item : one->items) {
    if (item.kind != "phone") continue;
    phone = true;
    EXPECT_EQ(item.masked, "+33 6 •• •• •• 78");
    EXPECT_EQ(item.messages, 1);
  }
  EXPECT_TRUE(phone);
  // The same text twice is kept once.
  ExposureInput in;
  EXPECT_EQ(in.Text(std::string("x")).data(), in.Text(std::string("x")).data());
}

TEST(Exposure, AFindingCountsOnceAsARecordAndEveryMessageAsAnEvent) {
  auto in = World();
  // 1 writes their phone to 2 and 3; 2 replies to all quoting it.
  ExposureMessage a =
      Msg(1, {{F::kFrom, 1, false}, {F::kTo, 2, false}, {F::kCc, 3, false}}, false, 1000);
  a.findings.push_back({"phone", "h-phone", "+33 6 •• •• •• 78", 1, false});
  ExposureMessage b =
      Msg(2, {{F::kFrom, 2, false}, {F::kTo, 1, false}, {F::kCc, 3, false}}, true, 2000);
  b.findings.push_back({"phone", "h-phone", "+33 6 •• •• •• 78", std::nullopt, true});  // quoted
  in.messages = {a, b};
  const auto r = ComputeExposure(in);
  const Subject* one = Find(r, 1);
  ASSERT_NE(one, nullptr);
  int phones = 0;
  for (const auto& item : one->items) {
    if (item.kind == "phone") {
      ++phones;
      EXPECT_EQ(item.messages, 2);  // the quote is a re-exposure of 1's phone
    }
  }
  EXPECT_EQ(phones, 1);
  EXPECT_EQ(r.unattributed_findings, 0);
  EXPECT_GE(r.re_exposures, 1);
}

TEST(Exposure, ThirdPartiesAreReceiversOffTheOriginalList) {
  auto in = World();
  in.messages.push_back(
      Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, false}, {F::kCc, 2, false}}, false, 1000));
  in.messages.push_back(
      Msg(2, {{F::kFrom, 1, false}, {F::kTo, 9, false}, {F::kCc, 2, false}, {F::kBcc, 8, false}},
          true, 2000));
  const auto r = ComputeExposure(in);
  ASSERT_EQ(r.third_party_recipients.size(), 1u);
  EXPECT_EQ(r.third_party_recipients[0].address, "p8@example.org");
  EXPECT_EQ(r.third_party_recipients[0].subjects_reached, 2);  // 1 and 2 were shown to 8
  EXPECT_EQ(Find(r, 8), nullptr);  // a Bcc receiver's own address is not exposed
  EXPECT_TRUE(Find(r, 1)->reached_third_party);
}

// Hundreds of parties (owners spread over many 64-party words), two third parties who see
// each other: each is reached by everyone shown but never by themselves.
TEST(Exposure, ThirdPartiesCountEveryOwnerOnceButNotThemselves) {
  ExposureInput in;
  for (int64_t id = 1; id <= 300; ++id) {
    in.parties.push_back({1000 + id, "p" + std::to_string(id) + "@example.org", id == 300, {}});
  }
  std::vector<ExposureRecipient> list = {{F::kFrom, 1300, false}};
  for (int64_t id = 1; id <= 200; ++id) list.push_back({F::kTo, 1000 + id, false});
  in.messages.push_back(Msg(1, list, false, 1000));
  list[0] = {F::kFrom, 1001, false};
  list.push_back({F::kCc, 1250, false});
  list.push_back({F::kCc, 1251, false});
  in.messages.push_back(Msg(2, list, true, 2000));
  in.messages.push_back(Msg(3, list, true, 3000));  // the same again: no double count
  const auto r = ComputeExposure(in);
  ASSERT_EQ(r.third_party_recipients.size(), 2u);
  for (const auto& tp : r.third_party_recipients) {
    EXPECT_EQ(tp.subjects_reached, 201) << tp.address;  // 1..200 and the other third party
  }
  EXPECT_TRUE(Find(r, 1250)->reached_third_party);
  EXPECT_TRUE(Find(r, 1200)->reached_third_party);
}

// The keyed hashes change with each record's key; the order of a person's items must not.
TEST(Exposure, ItemsWithTheSameMaskedPreviewKeepOneOrderWhateverTheirHashes) {
  auto order = [](const std::string& h1, const std::string& h2) {
    auto in = World();
    ExposureMessage a = Msg(1, {{F::kFrom, 1, false}, {F::kTo, 2, false}, {F::kTo, 3, false}});
    a.findings.push_back({"phone", h1, "•• •• •• 09", 1, false});
    ExposureMessage b = Msg(2, {{F::kFrom, 1, false}, {F::kTo, 2, false}}, true, 2000);
    b.findings.push_back({"phone", h2, "•• •• •• 09", 1, false});
    in.messages = {a, b};
    std::vector<int64_t> audiences;
    const ExposureReport report = ComputeExposure(in);  // kept: Find points into it
    for (const auto& item : Find(report, 1)->items) {
      if (item.kind == "phone") audiences.push_back(item.max_audience);
    }
    return audiences;
  };
  const std::vector<int64_t> expected = {2, 1};  // by first exposure: message 1 (to 2 and 3) first
  for (int i = 0; i < 20; ++i) {
    const std::string x = "hash-" + std::to_string(i), y = "other-" + std::to_string(i * 7);
    EXPECT_EQ(order(x, y), expected);
    EXPECT_EQ(order(y, x), expected);
  }
}

TEST(Exposure, OrganisationNumbersAreNotPersonalRecords) {
  auto in = World();
  ExposureMessage a = Msg(1, {{F::kFrom, 1, false}, {F::kTo, 2, false}});
  a.findings.push_back({"organisation_id", "h-siret", "73282932000074", 1, false});
  in.messages = {a};
  const auto r = ComputeExposure(in);
  for (const auto& item : Find(r, 1)->items) EXPECT_NE(item.kind, "organisation_id");
}

// An EvidenceReader over an input held in memory (core/store's reads the record).
class InputReader : public EvidenceReader {
 public:
  explicit InputReader(const ExposureInput& in) : in_(in) {}

  void ForEachParty(const std::function<void(int64_t party, bool internal, bool functional,
                                             std::string email_hash)>& visit) override {
    for (const auto& p : in_.parties) {
      std::string hash = "no-address-" + std::to_string(p.id);
      for (const auto& [h, owner] : in_.email_hash_owner) {
        if (owner == p.id) hash = h;
      }
      visit(p.id, p.internal, !p.functional.empty(), hash);
    }
  }
  void ForEachDatedMessage(bool newest_first,
                           const std::function<bool(int64_t id, int64_t date)>& visit) override {
    std::vector<std::pair<int64_t, int64_t>> dated;  // date, id
    for (const auto& m : in_.messages) {
      if (!m.parent && !m.duplicate && m.date_utc) dated.emplace_back(*m.date_utc, m.id);
    }
    std::sort(dated.begin(), dated.end());
    if (newest_first) std::reverse(dated.begin(), dated.end());
    for (const auto& [date, id] : dated) {
      if (!visit(id, date)) return;
    }
  }
  void ReadTree(int64_t top, ExposureInput* in) override {
    for (const auto& m : in_.messages) {  // parents come before their nested messages
      const bool in_tree =
          m.id == top || std::any_of(in->messages.begin(), in->messages.end(),
                                     [&](const auto& x) { return m.parent == x.id; });
      if (!in_tree) continue;
      ExposureMessage& copy = in->messages.emplace_back();
      std::tie(copy.id, copy.parent, copy.recipients) = std::tie(m.id, m.parent, m.recipients);
      for (ExposureFinding f : m.findings) {
        f.category = in->Text(std::string(f.category));
        f.keyed_hash = in->Text(std::string(f.keyed_hash));
        f.masked = in->Text(std::string(f.masked));
        copy.findings.push_back(f);
      }
    }
  }
  std::optional<int64_t> FirstOwner(const std::string& keyed_hash) override {
    ++owners_asked;
    for (const auto& m : in_.messages) {
      for (const auto& f : m.findings) {
        if (!m.duplicate && !f.quoted && f.owner && f.keyed_hash == keyed_hash) return f.owner;
      }
    }
    return std::nullopt;
  }

  int owners_asked = 0;

 private:
  const ExposureInput& in_;
};

// The first and last messages expose nobody (each sent to its own writer); the last
// exposure is a quoted phone number, whose owner only its first writer's message gives.
// The payroll sent to a wrong address: staff (9) writes to one outside address (1); the
// attachment's rows are persons 20 and 21 (found in a table), who wrote to nobody.
TEST(Exposure, PersonsOfATableAreAffectedAndTheirReaderIsAThirdParty) {
  auto in = World();
  for (int64_t id : {20, 21}) {
    ExposureParty p{id, "", false, {{"Row " + std::to_string(id), 1}}};
    p.content = true;
    in.parties.push_back(p);
  }
  auto m = Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, false}});
  for (int64_t id : {20, 21}) {
    ExposureFinding f;
    f.category = "iban";
    f.keyed_hash = id == 20 ? "h20" : "h21";
    f.masked = "FR76 ••••";
    f.owner = id;
    f.in_table = true;
    m.findings.push_back(f);
  }
  in.messages.push_back(m);
  const auto r = ComputeExposure(in);
  // The two rows are affected; the outside recipient saw only their own address.
  EXPECT_EQ(r.persons_affected, 2);
  ASSERT_NE(Find(r, 20), nullptr);
  EXPECT_TRUE(Find(r, 20)->content);
  EXPECT_TRUE(Find(r, 20)->reached_third_party);
  EXPECT_EQ(Find(r, 20)->items.size(), 1u);  // its own IBAN only, not the other row's
  EXPECT_EQ(Find(r, 1), nullptr);
  // The outside recipient was on the message's list, and still a third party to the rows.
  ASSERT_EQ(r.third_party_recipients.size(), 1u);
  EXPECT_EQ(r.third_party_recipients[0].address, "p1@example.org");
  EXPECT_EQ(r.third_party_recipients[0].subjects_reached, 2);
  // Said as such: on the list, sent rows meant for nobody; no one off the list was reached
  // (a letter said "au moins une personne qui ne figurait pas parmi les destinataires
  // d'origine", and the ENISA reason "hors de la liste d'origine").
  EXPECT_TRUE(r.third_party_recipients[0].on_original_list);
  EXPECT_FALSE(Find(r, 20)->reached_outside_list);
  // Persons with an address first, then those of the tables.
  EXPECT_EQ(r.subjects.back().party, 21);

  // The outside recipient forwards it to someone off the list: that one is outside.
  auto forward = Msg(2, {{F::kFrom, 1, false}, {F::kTo, 3, false}}, /*reply=*/true, 2000);
  forward.in_reply_to = "m1";
  forward.findings = m.findings;
  in.messages.push_back(forward);
  const auto f = ComputeExposure(in);
  ASSERT_EQ(f.third_party_recipients.size(), 2u);
  EXPECT_TRUE(f.third_party_recipients[0].on_original_list);
  EXPECT_FALSE(f.third_party_recipients[1].on_original_list);
  EXPECT_TRUE(Find(f, 20)->reached_outside_list);
}

// A quoted copy of a row, with no owner of its own, is the row's person's again by the value
// of an identifier (a phone); a special category's word is not one person's: "cancer"
// quoted in another patient's forward is not the row's (helper-63's clinic: a patient was
// told of a message about another patient's cancer).
TEST(Exposure, AQuotedIdentifierIsItsOwnersAgainButNotAWordOfASpecialCategory) {
  auto in = World();
  ExposureParty row{20, "", false, {{"Row 20", 1}}};
  row.content = true;
  in.parties.push_back(row);
  auto m = Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, false}});
  for (const char* category : {"phone", "health"}) {
    ExposureFinding f;
    f.category = category;
    f.keyed_hash = category;
    f.masked = "•••";
    f.owner = 20;
    f.in_table = true;
    m.findings.push_back(f);
  }
  in.messages.push_back(m);
  auto later = Msg(2, {{F::kFrom, 9, false}, {F::kTo, 1, false}}, /*reply=*/false, 2000);
  for (ExposureFinding f : m.findings) {
    f.owner.reset();
    f.in_table = false;
    f.quoted = true;
    later.findings.push_back(f);
  }
  in.messages.push_back(later);
  const auto r = ComputeExposure(in);
  const Subject* s = Find(r, 20);
  ASSERT_NE(s, nullptr);
  std::map<std::string, int64_t> messages;
  for (const ExposedItem& item : s->items) messages[std::string(item.kind)] = item.messages;
  EXPECT_EQ(messages["phone"], 2);
  EXPECT_EQ(messages["health"], 1);
}

// A row's e-mail address that is also a correspondent's mailbox, given to the row's person
// (a row with its own person, or one the DPO split from the mailbox's): an "email" item with
// its preview, not the mailbox's "address" item, shown without one (the letter said "votre
// adresse électronique ()"). The mailbox's own address written in its own text stays its
// "address".
TEST(Exposure, ARowsAddressOfAnotherMailboxIsAnEmailItemWithItsPreview) {
  auto in = World();
  ExposureParty row{20, "", false, {{"Hugo Durand", 1}}};
  row.content = true;
  in.parties.push_back(row);
  in.email_hash_owner.emplace("h-p2", 2);
  auto m = Msg(1, {{F::kFrom, 9, false}, {F::kTo, 1, false}, {F::kTo, 2, false}});
  ExposureFinding in_row;
  in_row.category = "email";
  in_row.keyed_hash = "h-p2";
  in_row.masked = "p••••••@example.org";
  in_row.owner = 20;
  in_row.in_table = true;
  m.findings.push_back(in_row);
  in.messages.push_back(m);
  auto reply = Msg(2, {{F::kFrom, 2, false}, {F::kTo, 1, false}}, /*reply=*/true, 2000);
  reply.in_reply_to = "m1";
  ExposureFinding own = in_row;
  own.owner = 2;
  own.in_table = false;
  reply.findings.push_back(own);
  in.messages.push_back(reply);
  const auto r = ComputeExposure(in);
  ASSERT_NE(Find(r, 20), nullptr);
  ASSERT_EQ(Find(r, 20)->items.size(), 1u);
  EXPECT_EQ(Find(r, 20)->items[0].kind, "email");
  EXPECT_EQ(Find(r, 20)->items[0].masked, "p••••••@example.org");
  ASSERT_NE(Find(r, 2), nullptr);
  for (const ExposedItem& i : Find(r, 2)->items) EXPECT_NE(i.kind, "email") << i.masked;
}

// The same message without the table: its recipient is on the list, no third party.
TEST(Exposure, AMessageWithoutTableDataHasNoThirdPartyOnItsOwnList) {
  auto in = World();
  auto m = Msg(1, {{F::kFrom, 2, false}, {F::kTo, 1, false}});
  ExposureFinding f;
  f.category = "iban";
  f.keyed_hash = "h";
  f.masked = "FR76 ••••";
  f.owner = 2;
  m.findings.push_back(f);
  in.messages.push_back(m);
  const auto r = ComputeExposure(in);
  EXPECT_EQ(r.persons_affected, 1);
  EXPECT_TRUE(r.third_party_recipients.empty());
}

// An item's kind and masked preview are views of texts the report keeps: they outlive the
// input the texts came from and the report itself, in a copy (ASan names any read after free).
TEST(Exposure, AnItemsTextsLiveAsLongAsACopyOfItsReport) {
  ExposureReport kept;
  {
    ExposureReport r;
    {
      auto in = World();
      auto m = Msg(1, {{F::kFrom, 2, false}, {F::kTo, 1, false}});
      ExposureFinding f;
      f.category = in.Text(std::string("ib") + "an");  // owned by the input, not static
      f.keyed_hash = in.Text(std::string(64, 'a'));
      f.masked = in.Text(std::string("FR76 ") + std::string(3, 'x') + " 89");
      f.owner = 2;
      m.findings.push_back(f);
      in.messages.push_back(m);
      r = ComputeExposure(in);
    }
    kept = r;
  }
  EXPECT_NE(kept.texts, nullptr);  // what keeps them (without ASan a dangling read may pass)
  ASSERT_NE(Find(kept, 2), nullptr);
  const auto& items = Find(kept, 2)->items;
  const auto iban = std::find_if(items.begin(), items.end(),
                                 [](const ExposedItem& i) { return i.kind == "iban"; });
  ASSERT_NE(iban, items.end());
  EXPECT_EQ(iban->masked, "FR76 xxx 89");
}

TEST(EvidenceDates, AreThoseOfTheWholeModelOneMessageAtATime) {
  auto in = World();
  in.messages.push_back(Msg(1, {{F::kFrom, 1, false}, {F::kTo, 1, false}}, false, 100));
  ExposureMessage original = Msg(2, {{F::kFrom, 2, false}, {F::kTo, 3, false}}, false, 200);
  original.findings.push_back({"phone", "h-phone", "•• •• •• 61", 2, false});
  in.messages.push_back(original);
  ExposureMessage quoting = Msg(3, {{F::kFrom, 4, false}, {F::kTo, 4, false}}, true, 300);
  quoting.findings.push_back({"phone", "h-phone", "•• •• •• 61", std::nullopt, true});
  in.messages.push_back(quoting);
  in.messages.push_back(Msg(4, {{F::kFrom, 5, false}, {F::kTo, 5, false}}, true, 400));
  InputReader reader(in);
  const EvidenceDates dates = FindEvidenceDates(reader);
  const ExposureReport whole = ComputeExposure(in);
  EXPECT_EQ(dates.first_exposure, whole.first_exposure);
  EXPECT_EQ(dates.last_exposure, whole.last_exposure);
  EXPECT_EQ(dates.first_exposure, 200);
  EXPECT_EQ(dates.last_exposure, 300);
  // Asked only for the quoted number, once message 3 exposed nobody without it.
  EXPECT_EQ(reader.owners_asked, 1);
}

// A functional address (a list's, a no-reply sender's) is no person: a message that shows
// only its data exposes no one, in the figures and in the search for the first exposure.
TEST(Exposure, AFunctionalAddressIsNoPersonAndItsMessageExposesNoOne) {
  auto in = World();
  in.parties[0].functional = "no-reply";  // party 1
  // Message 1 (at 100): the no-reply sender writes to person 2 and shows its own phone.
  ExposureMessage notice = Msg(1, {{F::kFrom, 1, true}, {F::kTo, 2, false}}, false, 100);
  notice.findings.push_back({"phone", "h-org", "•• •• •• 00", 1, false});
  in.messages.push_back(notice);
  // Message 2 (at 200): person 2 writes to the no-reply address and to person 3.
  in.messages.push_back(
      Msg(2, {{F::kFrom, 2, false}, {F::kTo, 1, false}, {F::kTo, 3, false}}, false, 200));
  const ExposureReport r = ComputeExposure(in);
  EXPECT_EQ(Find(r, 1), nullptr);
  EXPECT_EQ(r.functional_addresses.at("no-reply"), 1);
  ASSERT_NE(Find(r, 2), nullptr);  // seen by 3, and by the no-reply address: it still receives
  EXPECT_EQ(Find(r, 2)->max_audience, 2);
  EXPECT_EQ(r.first_exposure, 200);
  InputReader reader(in);
  EXPECT_EQ(FindEvidenceDates(reader).first_exposure, 200);
}

// The evidence is the whole mailbox of the employee who sent the leak: a newsletter she
// received and a mail to her mother came first. The original is the leak (no reply, shows
// persons to one another, answered in the record), not the earliest message; its thread is
// its reply and an automatic reply that kept only its subject; the mother and a supplier,
// who received mail of her own that showed nobody's data, are no third parties.
TEST(Exposure, InAWholeMailboxTheOriginalIsTheLeakNotTheFirstMessage) {
  auto in = World();
  auto with = [](ExposureMessage m, std::string subject, std::string in_reply_to = "") {
    m.subject = std::move(subject);
    m.in_reply_to = std::move(in_reply_to);
    return m;
  };
  in.messages.push_back(
      with(Msg(1, {{F::kFrom, 7, true}, {F::kTo, 9, false}}, false, 500), "Newsletter"));
  in.messages.push_back(
      with(Msg(2, {{F::kFrom, 9, false}, {F::kTo, 8, true}}, false, 600), "Dimanche"));
  in.messages.push_back(
      with(Msg(3, {{F::kFrom, 9, false}, {F::kTo, 1, true}, {F::kTo, 2, true}, {F::kTo, 3, true}},
               false, 1000),
           "Convocation entretien"));
  in.messages.push_back(
      with(Msg(4, {{F::kFrom, 1, true}, {F::kTo, 9, false}, {F::kCc, 2, true}, {F::kCc, 3, true}},
               true, 2000),
           "RE: Convocation entretien", "m3"));
  in.messages.push_back(with(Msg(5, {{F::kFrom, 2, true}, {F::kTo, 9, false}}, false, 2100),
                             "Réponse automatique : Convocation entretien"));
  in.messages.push_back(
      with(Msg(6, {{F::kFrom, 9, false}, {F::kTo, 4, true}}, false, 3000), "Devis"));
  const ExposureReport r = ComputeExposure(in);
  EXPECT_EQ(r.original_message, 3);
  EXPECT_EQ(r.original_subject, "Convocation entretien");
  EXPECT_EQ(r.thread_messages, 2);
  EXPECT_EQ(MessagesOutsideThread(r), 3);
  EXPECT_EQ(OriginalAudience(r), 3);
  EXPECT_TRUE(r.third_party_recipients.empty());
  EXPECT_EQ(r.persons_affected, 3);

  // Read a tree at a time (a record too large to hold): the same original and thread.
  ExposureInput headers = in;
  for (ExposureMessage& m : headers.messages) {
    m.recipient_rows = static_cast<int64_t>(m.recipients.size());
    m.recipients.clear();
    m.findings.clear();
  }
  InputReader reader(in);
  const ExposureReport by_tree = ComputeExposure(headers, &reader);
  EXPECT_EQ(by_tree.original_message, 3);
  EXPECT_EQ(by_tree.thread_messages, 2);
  EXPECT_TRUE(by_tree.third_party_recipients.empty());

  // The clinic sends the same reminder to two other patients, one before the leak and one
  // after it, each alone in To: neither answers the leak, and neither patient is a third
  // party (they were, by a subject held in theirs).
  ExposureInput clinic = in;
  clinic.messages.push_back(
      with(Msg(7, {{F::kFrom, 9, false}, {F::kTo, 5, true}}, false, 900), "Convocation entretien"));
  clinic.messages.push_back(with(Msg(8, {{F::kFrom, 9, false}, {F::kTo, 6, true}}, false, 4000),
                                 "Convocation entretien"));
  const ExposureReport reminders = ComputeExposure(clinic);
  EXPECT_EQ(reminders.original_message, 3);
  EXPECT_EQ(reminders.thread_messages, 2);
  EXPECT_TRUE(reminders.third_party_recipients.empty());

  // A record of the leak alone: its earliest message that is no reply, as before.
  ExposureInput leak = World();
  leak.messages = {in.messages[2], in.messages[3], in.messages[4]};
  const ExposureReport alone = ComputeExposure(leak);
  EXPECT_EQ(alone.original_message, 3);
  EXPECT_EQ(alone.thread_messages, 2);
  EXPECT_EQ(MessagesOutsideThread(alone), 0);
}

}  // namespace
}  // namespace breachkit
