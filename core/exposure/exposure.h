// The exposure model: who was exposed, what of theirs, to whom, how often. Pure code over
// plain values (loaded from the store by core/store/exposure_loader.h); no I/O.
//
// Rules (README.md, "summary", says the same for users):
// - A person is a party (one normalised address). Parties of the organisation's own domains
//   are staff: never affected persons, and never part of an audience (the organisation
//   seeing its own data is not a disclosure).
// - Visibility follows the headers. The addresses in From, Sender, Reply-To, To, Cc and
//   Resent-From/To/Cc are shown to everyone who receives the message; Bcc and Resent-Bcc
//   addresses are shown to nobody else; Delivered-To / X-Original-To are per-copy envelope
//   data, shown to no one else. Everything in the body and the attachments is shown to
//   everyone who receives it.
// - Who receives a top-level message: its To, Cc, Bcc, Resent-To/Cc/Bcc, Delivered-To and
//   X-Original-To recipients. A nested message (a forward) is shown, headers and all, to the
//   recipients of the message that carries it. A duplicate (same bytes seen before) counts
//   once.
// - An item is a person's address, their name (a display name shown, or their signature),
//   or a finding attributed to them. Attribution: the finding's owner if ingestion knew it;
//   else (quoted text) the owner of the same keyed hash where it was original; an e-mail
//   address written in a text belongs to the party of that address.
// - An exposure event = (item, message, audience), audience = receivers minus staff minus
//   the item's owner, counted only when not empty. A record = (person, item), once however
//   many messages repeat it. A data subject (affected person) = a non-staff person with at
//   least one exposure event.
// - The storm: the original message is the top-level message that is not a reply and shows
//   someone's data to someone else, the most answered in the record (In-Reply-To and
//   References naming it), then the earliest (ties: the one with the most recipients): the
//   evidence may be a whole mailbox with the leak in it. Its thread: the messages linked to
//   it by those headers, or sent at or after it with its subject once reply, forward and
//   automatic-reply prefixes are taken off. Third-party recipients = non-staff
//   receivers of any message who are neither on the original's lists nor its sender (of a
//   message of the thread, when it showed them nobody's data); and every non-staff
//   receiver of a message that shows the data of a person found in a table (a row of an
//   attachment: the payroll sent to a wrong address): the table's persons corresponded with
//   nobody, so whoever received their row was not meant to.
// - A person found in a table (party of kind 'content') has no address of their own: their
//   row's data are theirs (ingestion gives them as the findings' owner), they are never staff.
#ifndef BREACHKIT_CORE_EXPOSURE_EXPOSURE_H_
#define BREACHKIT_CORE_EXPOSURE_EXPOSURE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/mail/mail_message.h"

namespace breachkit {

struct ExposureParty {
  int64_t id = 0;
  std::string address;
  bool internal = false;
  std::vector<std::pair<std::string, int64_t>> names;  // display names seen, with counts
  bool content = false;  // a person found in a table, with no address of their own
  // Why the address is a functional mailbox (FunctionalReason: "role", "list"...), "" for a
  // person's: a functional one is no affected person (what it receives still counts).
  std::string functional;
  // A delivery report of the evidence says the address does not exist (a permanent
  // addressing failure, UndeliverableAddresses) and it wrote no message of the evidence: it
  // received nothing, so it reads nothing; what the others saw of it still counts.
  bool undeliverable = false;
};

// A leak of millions of addresses and findings is held in memory by `summary`: these two
// are kept small (16 bytes a recipient; a finding's strings are views, each distinct text
// stored once, in ExposureInput::texts: take them from ExposureInput::Text, or literals).
struct ExposureRecipient {
  ExposureRecipient() = default;
  ExposureRecipient(AddressField f, int64_t p, bool n) : party(p), field(f), named(n) {}
  int64_t party = 0;
  AddressField field = AddressField::kTo;
  bool named = false;  // a display name was shown with the address (the names are on the party)
};

struct ExposureFinding {
  std::string_view category;  // DataCategory name
  std::string_view keyed_hash;
  std::string_view masked;
  std::optional<int64_t> owner;
  bool quoted = false;
  bool in_table = false;  // a datum of a row of a table, or of a document about one person
                          // (its owner is that person, not the writer)
  bool minor = false;     // a date of birth less than 18 years before its message's date
};

struct ExposureMessage {
  int64_t id = 0;
  std::optional<int64_t> parent;  // enclosing message id (nested messages)
  bool duplicate = false;
  std::optional<int64_t> date_utc;
  std::string message_id;
  std::string in_reply_to;
  std::vector<std::string> references;
  bool is_reply = false;
  std::string subject;
  /// How many recipient rows the record has for it (the loaders set it; 0: recipients.size()
  /// is used): the tie-break of the original message, the same whether `recipients` is
  /// loaded or not (ComputeExposure with an ExposureTreeReader).
  int64_t recipient_rows = 0;
  std::vector<ExposureRecipient> recipients;
  std::vector<ExposureFinding> findings;
};

/// How the findings of one category stand in the DPO's review (core/review/review.h), as the
/// loader counted them: what the figures count, and of that what still awaits a person.
struct ReviewTally {
  int64_t counted = 0;      // findings the figures count
  int64_t awaiting = 0;     // of them, awaiting review: "à confirmer"
  int64_t near_misses = 0;  // near misses not confirmed: shown for review, not counted
  int64_t rejected = 0;     // rejected by the DPO (one by one or by a rule): not counted
  int64_t confirmed = 0;    // confirmed by the DPO (near misses included)
};

struct ExposureInput {
  /// The texts the findings' views point to (shared by copies of the input): each distinct
  /// category, hash and masked preview once. Views of string literals need none.
  std::shared_ptr<std::unordered_set<std::string>> texts =
      std::make_shared<std::unordered_set<std::string>>();
  std::string_view Text(std::string&& s) { return *texts->insert(std::move(s)).first; }

  std::vector<ExposureParty> parties;
  std::vector<ExposureMessage> messages;  // top-level before their nested ones
  /// keyed hash of "email:<address key>" → party, to give written addresses their owner.
  std::map<std::string, int64_t, std::less<>> email_hash_owner;
  int64_t unparsed_messages = 0;
  int64_t address_defects = 0;
  /// By DataCategory name: the review state of the findings read (those not counted left
  /// out of `messages`).
  std::map<std::string, ReviewTally, std::less<>> review;
};

/// One exposed item of a person, as listed (never the value). Its texts are views: of static
/// text, or of the texts its report keeps (ExposureReport::texts), each once however many
/// persons share it (a 2 GB mailbox gives 1.2 million items of 10,252 distinct data).
struct ExposedItem {
  std::string_view kind;    // "address", "name", or a DataCategory name
  std::string_view cnil;    // CNIL form category (one of the form's names: static text)
  std::string_view masked;  // masked preview ("" for address and name)
  int64_t messages = 0;     // messages that exposed it
  int64_t max_audience = 0;
  std::optional<int64_t> first_exposure;  // date of the first message that showed it
};

struct Subject {
  int64_t party = 0;
  std::string address;                   // "" for a person found in a table (content)
  bool content = false;                  // found in a table, with no address of their own
  std::string display_name;              // the most frequent non-empty one
  std::vector<std::string> other_names;  // every other variant seen
  std::vector<ExposedItem> items;
  int64_t messages = 0;  // messages that exposed them
  int64_t max_audience = 0;
  std::optional<int64_t> first_exposure;
  std::optional<int64_t> last_exposure;
  bool wrote_in_storm = false;
  bool reached_third_party = false;
  // Their data reached someone off the original message's lists (a forward, a Cc added); a
  // third party who was on them received the rows of a table, which the letter says apart.
  bool reached_outside_list = false;
  // Not among the original message's recipients (when the leak has one), nor a writer: an
  // address another recipient added to a reply (a recruiter a candidate put in Cc), whom the
  // letters do not tell "we sent you a message".
  bool added_by_others = false;
  // Some of their data were seen in a row of a table that someone else sent (a finding
  // in_table, in a message they did not write): what happened to them is "a file about you
  // was sent", whether or not they also have a mailbox of their own.
  bool seen_in_table = false;
  // A date of birth of theirs says they were under 18 when a message showed it (a child on a
  // school's list): a minor, a vulnerable person in the ENISA score, told through their
  // legal representatives.
  bool minor = false;
};

struct ThirdParty {
  std::string address;
  int64_t subjects_reached = 0;  // persons whose data reached them
  // On the original message's lists: a third party only because a table's rows, meant for
  // nobody, reached them (the payroll sent to a wrong address, a candidates' list sent to
  // all); not someone the mail was forwarded to.
  bool on_original_list = false;
};

struct CategoryFigures {
  int64_t persons = 0;
  int64_t records = 0;
};

/// One top-level message's part in the storm (for the charts of the register entry).
struct MessageExposure {
  int64_t id = 0;
  std::optional<int64_t> date_utc;
  int64_t audience = 0;       // receivers other than staff
  int64_t newly_exposed = 0;  // persons exposed for the first time by this message
  bool in_thread = false;     // the original or a message of its thread
  // Written by staff, it showed the rows of a table or a document about others to receivers
  // outside: a send of the file (a payroll sent, then sent again corrected).
  bool sends_rows = false;
};

struct ExposureReport {
  int64_t persons_affected = 0;
  int64_t records = 0;
  int64_t messages = 0;  // top-level, duplicates left out
  int64_t nested_messages = 0;
  int64_t duplicate_messages = 0;
  int64_t threads = 0;
  int64_t exposure_events = 0;
  int64_t re_exposures = 0;  // events beyond the first of each record
  int64_t max_audience = 0;
  std::optional<int64_t> first_exposure;
  std::optional<int64_t> last_exposure;
  int64_t staff_addresses = 0;
  // The dates of the messages of the leak that came into the organisation's own mailboxes:
  // written by someone outside it to a staff address (the replies to all), the original left
  // out. Sorted. Received mail the controller may have read before the recorded awareness.
  std::vector<int64_t> inbound_to_organisation;
  // Functional addresses (lists, roles, no-reply, bounces) by reason: not persons.
  std::map<std::string, int64_t, std::less<>> functional_addresses;
  int64_t unattributed_findings = 0;        // quoted or greeting data whose owner is unknown
  std::optional<int64_t> original_message;  // id
  std::string original_subject;
  // Top-level messages of the original's thread, the original left out (FindThread): the
  // replies, forwards and automatic replies that followed it. The evidence may hold others.
  int64_t thread_messages = 0;
  std::vector<ThirdParty> third_party_recipients;
  /// Of the third parties, those on the original's own lists who received a table's rows
  /// (ThirdParty::on_original_list); the others received what they never should have.
  int64_t ThirdPartiesOnOriginalList() const {
    int64_t n = 0;
    for (const ThirdParty& t : third_party_recipients) n += t.on_original_list ? 1 : 0;
    return n;
  }
  std::map<std::string, CategoryFigures> categories;  // by CNIL category name
  std::vector<Subject> subjects;                      // sorted by address
  /// The persons a date of birth says were minors (Subject::minor).
  int64_t Minors() const {
    int64_t n = 0;
    for (const Subject& s : subjects) n += s.minor ? 1 : 0;
    return n;
  }
  std::vector<MessageExposure> storm;  // top-level messages, in order
  int64_t unparsed_messages = 0;
  int64_t address_defects = 0;
  std::map<std::string, ReviewTally, std::less<>> review;  // ExposureInput::review
  /// Keeps the texts the subjects' items view alive, for as long as a copy of the report is.
  std::shared_ptr<const void> texts;
};

/// The receivers of the original message, staff left out (MessageExposure::audience); the
/// largest audience when there is none.
int64_t OriginalAudience(const ExposureReport& report);
/// Top-level messages outside the original's thread: the rest of a mailbox given whole.
int64_t MessagesOutsideThread(const ExposureReport& report);

/// The sends of a file after the original (MessageExposure::sends_rows, the original left
/// out), in the original's thread and outside it: what the CNIL draft and the register tell as
/// more sends rather than replies or other exchanges.
struct LaterSends {
  int64_t in_thread = 0;
  int64_t outside_thread = 0;
  int64_t total() const { return in_thread + outside_thread; }
};
LaterSends LaterSendsOfFiles(const ExposureReport& report);

/// The recipients and findings of a record too large to hold at once (13.7 million recipient
/// rows and 3.9 million findings for a 2 GB mailbox), read one top-level message at a time.
/// An implementation may throw (its caller catches what it throws around ComputeExposure).
class ExposureTreeReader {
 public:
  virtual ~ExposureTreeReader() = default;

  /// The parsed messages of the tree of top-level message `top` (it and every message
  /// nested in it), by id, into `tree->messages`: id, parent, recipients and findings only
  /// (the findings the figures count, the persons the DPO made one merged), the findings'
  /// texts kept in `tree->texts`, the review's tally of what was read added to `tree->review`.
  virtual void ReadTree(int64_t top, ExposureInput* tree) = 0;

  /// The owner ComputeExposure gives a finding whose own owner is unknown: the owner of the
  /// datum's first original finding (not quoted, in a message neither duplicate nor unparsed).
  virtual std::optional<int64_t> FirstOwner(const std::string& keyed_hash) = 0;
};

/// The review's tally over every category: what the summary and the register report.
ReviewTally ReviewTotal(const ExposureReport& report);

/// The CNIL categories (of `report.categories`) whose counted findings all await review: a
/// figure that rests on nothing a person confirmed ("à confirmer").
std::set<std::string, std::less<>> CategoriesAwaitingReview(const ExposureReport& report);

/// The CNIL categories whose counted findings await review in part: one confirmed, others not
/// yet, so the figure may still fall ("en partie à confirmer").
std::set<std::string, std::less<>> CategoriesPartlyAwaitingReview(const ExposureReport& report);

/// Persons the DPO confirmed are one (core/review/person_merge.h): each absorbed party's
/// recipients, findings, written address and names go to the party it became (`absorbed`:
/// party → that party). Its own row stays, with nothing left to expose.
void MergePersons(const std::unordered_map<int64_t, int64_t>& absorbed, ExposureInput* in);

/// The figures of `input`. With `trees`, `input.messages` hold no recipients and no findings
/// (their recipient_rows are set, `input.review` is empty): each top-level message's tree is
/// read from `trees` when it is counted, and memory holds the parties, the messages' headers
/// and each distinct text once, not every recipient and finding of the record.
ExposureReport ComputeExposure(const ExposureInput& input, ExposureTreeReader* trees = nullptr);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_EXPOSURE_EXPOSURE_H_
