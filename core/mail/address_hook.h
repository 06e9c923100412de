// The fast path of a message's address headers: while ParseMail builds a message, GMime's
// handlers of an added header (GMimeMessageClass's and GMimeObjectClass's header_added,
// replaced process-wide) hand a From/To/Cc/... header of the plain shape to the plain reader
// (address_list.h) instead of GMime's parser, and spare GMime's validating decode of an
// address header that cannot warn. Same addresses and defects as GMime's own reading, without
// its objects: a storm's To and Cc hold hundreds of addresses.
//
// It relies on GMime's internals as Debian 12 ships them (3.2.13 with Debian's patch
// 0001-Avoid-clearing-a-header-list-if-it-is-being-appended: a repeated address header is
// appended to the message's list; upstream GMime parses every header of the field again).
// So InitMime (mime_parser.h) installs it only on the GMime 3.2 series, and only when a
// self-test passes: a few built-in messages read with the hook must read exactly as GMime
// reads them without it (addresses, names, groups, warnings). Otherwise GMime reads every
// header itself: the same record, only slower. ActiveAddressPath() says which is in use.
#ifndef BREACHKIT_CORE_MAIL_ADDRESS_HOOK_H_
#define BREACHKIT_CORE_MAIL_ADDRESS_HOOK_H_

#include <algorithm>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <gmime/gmime.h>

#include "core/mail/address_list.h"
#include "core/mail/mail_message.h"

namespace breachkit {

enum class AddressPath {
  kPlainReader,  // the hook is installed: plain headers by the plain reader
  kGMime,        // GMime reads every address header (unknown GMime, or the self-test failed)
};
std::string_view AddressPathName(AddressPath path);  // "plain-reader", "gmime"

/// The path ParseMail uses in this process.
AddressPath ActiveAddressPath();

/// InitMime's part (once, on the thread that initialises GMime, before any other parses):
/// checks GMime's version, installs the hook and runs the self-test; uninstalls it on failure.
AddressPath ChooseAddressPath();

struct GMimeVersion {
  unsigned major = 0, minor = 0, micro = 0;
};
/// The version of the GMime library loaded (not of the headers built against).
GMimeVersion RunningGMime();
/// Whether the hook was written for that GMime: the 3.2 series.
bool HookFitsGMime(GMimeVersion version);

/// For the tests: decides again as ChooseAddressPath does, with `version` in place of the
/// running GMime's and `reader` in place of ParsePlainAddressList (a deliberately wrong
/// reader must make the self-test fail). Not while another thread parses a message.
using PlainAddressReader = std::optional<std::vector<HeaderAddress>> (*)(std::string_view raw);
AddressPath ChooseAddressPathForTesting(GMimeVersion version, PlainAddressReader reader);

/// The list GMimeMessage parses a field's headers into while it builds the message, or
/// nullopt for the fields it leaves as text (Resent-*, Delivered-To, X-Original-To).
std::optional<GMimeAddressType> ParsedByGMime(AddressField field);

/// While alive, the messages GMime builds on this thread record how each address header was
/// read (ParseMail holds one for its parse). Does nothing on the GMime path.
class AddressHookScope {
 public:
  AddressHookScope();
  ~AddressHookScope();

 private:
  struct Messages;
  std::unique_ptr<Messages> messages_;
};

/// How one address header of a message was read, in the order of the field's headers: by the
/// plain reader (`plain`), or by GMime into the message's list, items [gmime_begin, gmime_end).
struct AddressSegment {
  std::vector<HeaderAddress> plain;
  int gmime_begin = 0, gmime_end = 0;
};
/// The segments of a message's field under the current AddressHookScope; nullptr when none
/// (no scope, the GMime path, or no such header): GMime's list then holds every address.
const std::vector<AddressSegment>* AddressSegments(GMimeMessage* message, GMimeAddressType type);

/// fn(name, addr, group) for each mailbox of GMime's list, items [begin, end) (end < 0: to
/// the end of the list), members of groups included (nested at most 8 deep) with the name of
/// the innermost group ("" outside any). GMime's strings as they are, never null.
template <typename Fn>
void ForEachMailbox(InternetAddressList* list, int begin, int end, const Fn& fn,
                    const char* group = "", int depth = 0) {
  if (!list || depth > 8) return;
  const int n = internet_address_list_length(list);
  for (int i = std::max(begin, 0); i < (end < 0 ? n : std::min(end, n)); ++i) {
    InternetAddress* ia = internet_address_list_get_address(list, i); /* transfer none */
    const char* name = internet_address_get_name(ia);                 /* transfer none */
    if (INTERNET_ADDRESS_IS_GROUP(ia)) {
      InternetAddressList* members =
          internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)); /* transfer none */
      ForEachMailbox(members, 0, -1, fn, name ? name : "", depth + 1);
    } else if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)); /* none */
      fn(name ? name : "", addr ? addr : "", group);
    }
  }
}

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_ADDRESS_HOOK_H_
