// Functional addresses: mailboxes that are no one's own — a role (RFC 2142: postmaster,
// abuse, info, sales...), a mailing list or its robots (owner-, -request, -bounces,
// majordomo), a no-reply sender, a bounce (VERP) address, a bug tracker or a bulk-mail
// service. What they show or receive is counted, but they are no affected person: the
// figures report them apart. Pure: a function of the address alone, no I/O.
#ifndef BREACHKIT_CORE_DETECT_FUNCTIONAL_ADDRESS_H_
#define BREACHKIT_CORE_DETECT_FUNCTIONAL_ADDRESS_H_

#include <string>
#include <string_view>
#include <vector>

namespace breachkit {

/// Why `address` is a functional mailbox ("role", "list", "no-reply", "mailer-daemon",
/// "bounce", "service-host", "generated": an encoded identifier such as "e-r-w-a-4462@"), or
/// "" when nothing in it says so (a person's, as far as the address tells). A number after a
/// role word numbers the box ("info2@", "mailusr1@"). The local part is read word by word (split at
/// . _ - + = !): a role when every word is a role word ("info@", "service.clients@"), not when a
/// name stands beside one ("info.martin@", "contact.jean@": a person's); "josephine@" is no "jo…"
/// role. A local part made of role words and the organisation's own name ("info-gnu@gnu.org") is a
/// "role" too; the name alone is not ("thomas@thomas.com" may be Thomas's own domain).
std::string_view FunctionalReason(std::string_view address);

/// A mail system's own mailbox, whose messages are delivery reports: MAILER-DAEMON (reason
/// "mailer-daemon") or postmaster (RFC 2142, a "role" besides).
bool IsMailSystem(std::string_view address);

/// FunctionalReason(address), or "list" when a message's headers named it a list
/// (`named_list`: MessageLists, kept in the record's list_address table).
inline std::string_view FunctionalReason(std::string_view address, bool named_list) {
  const std::string_view reason = FunctionalReason(address);
  return reason.empty() && named_list ? std::string_view("list") : reason;
}

/// "display-name" when a display name says its mailbox is a robot's or a system's, never a
/// person's own: "Mail Delivery System", "Ubuntu CD Image Automatic Signing Key",
/// "Grants-Notification", "S/MIME Test Account"; "" otherwise, and for a name that is an
/// address. Departments and companies say nothing ("Jeanne Martin (Support)" is a person).
std::string_view DisplayNameReason(std::string_view name);

/// Separates the display names given to FunctionalReason (SQLite's char(31)).
inline constexpr char kNameSeparator = '\x1f';

/// FunctionalReason(address, named_list), or "display-name" when every display name the
/// address was written with (`names`, separated by kNameSeparator; those that are addresses
/// left out) says so (DisplayNameReason), and there is at least one.
std::string_view FunctionalReason(std::string_view address, bool named_list,
                                  std::string_view names);

/// The mailing lists one message's headers name. An address alone cannot say that "scr@" or
/// "ppp@" is a list; the message that came through it does: List-Post, X-BeenThere,
/// X-Mailing-List and Mailing-List ("list L@D; …") name it, List-Id ("<scr.socal-raves.org>")
/// identifies it, and its robots write as "LIST-request@", "LIST-bounces@" or "owner-LIST@"
/// (in From, Sender, Errors-To, Return-Path or a List-* mailto:), and, in a message with list
/// headers, "LIST-admin@" or "LIST-owner@". Comments name nothing. Pure.
class MessageLists {
 public:
  /// `list_headers`: the message's list headers, one "Name: value" per line
  /// (MailMessage::list_headers); `senders`: its From and Sender addresses. `answer`: the
  /// message answers another (a reply, an automatic reply: AnswersAnother).
  ///
  /// A one-way sender is named too, its whole address: a newsletter's (List-Unsubscribe, and
  /// no List-Post nor a list server's own headers: no one writes back to it) or a robot's
  /// notification (Auto-Submitted: auto-generated or auto-notified), unless the message is an
  /// answer (Auto-Submitted: auto-replied, or `answer`): an out-of-office is its writer's own,
  /// and a person's post to a discussion list is theirs. Precedence: bulk alone says nothing
  /// (list servers put it on every post they relay).
  MessageLists(std::string_view list_headers, const std::vector<std::string_view>& senders,
               bool answer = false);

  /// Whether `address` is one of the message's lists (ASCII case ignored).
  bool Names(std::string_view address) const;
  /// The lists' addresses the headers write out (lower-case), List-Id's aside.
  const std::vector<std::string>& addresses() const { return addresses_; }
  bool empty() const { return addresses_.empty() && ids_.empty(); }

 private:
  // `through_list`: the message has list headers (List-*, X-BeenThere, Mailing-List,
  // X-Mailman-Version), which "-admin" and "-owner" need to be a robot's.
  void AddRobotOrList(std::string_view address, bool is_list, bool through_list);

  std::vector<std::string> addresses_;
  std::vector<std::string> ids_;  // List-Id's "<id>", lower-case
};

/// Whether a message answers another, by its subject: an automatic reply's ("Réponse
/// automatique : …", "Automatic reply: …", "Out of Office: …", "Abwesenheitsnotiz: …"). A reply's
/// thread headers and "Re:" say so too (MailMessage::IsReply).
bool AutomaticReplySubject(std::string_view subject);

/// The addresses a delivery report (a bounce: a message with a message/delivery-status
/// part) says do not exist, lower-case: in `texts` (its parts' texts), an address of a
/// paragraph that gives a permanent addressing failure — an enhanced status 5.1.x ("550
/// 5.1.1"; not 5.1.7 or 5.1.8, the sender's), "user unknown", "does not exist", "no such
/// user", "utilisateur inconnu"... (a Final-Recipient group with "Status: 5.1.1" is such a
/// paragraph). With several addresses in the paragraph, each takes what follows it up to
/// the next other one. Whether such an address is someone's only the DPO can say: its
/// findings in the report are near misses (`near-miss:undeliverable`). A full mailbox or a
/// refused message (5.2.x, 5.7.x) says the address exists. One pass over the text.
std::vector<std::string> UndeliverableAddresses(const std::vector<std::string_view>& texts);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_DETECT_FUNCTIONAL_ADDRESS_H_
