// A reader for the plain shape of an address header, giving what GMime's own address parser
// gives for it, without building GMime's objects.
//
// A storm's To and Cc hold hundreds of addresses, and GMime makes a GObject of each one
// (with its change event) and frees it again: parsing and freeing them were a large share of
// an ingestion. Nearly every header is a list of `Name <local@domain>`, `"Name"
// <local@domain>`, `<local@domain>` or `local@domain` separated by commas; such a header is
// read here (address_hook.h hands it over while GMime builds the message), a domain in
// UTF-8 U-labels too. Anything else (comments, groups, routes, quoted local parts, domain
// literals, A-label ("xn--") domains, a name with an '@' or a comma, a name that is not UTF-8,
// an encoded word GMime would warn about, stray brackets, empty entries) is left to GMime:
// nullopt.
//
// Names are decoded by GMime itself (unquoted, RFC 2047 decoded, stripped: what its
// decode_name does in internet-address.c), so they are the same bytes; only the cutting of
// the header into entries is done here. tests/address_list_test.cc checks both against
// GMime on every header it accepts.
#ifndef BREACHKIT_CORE_MAIL_ADDRESS_LIST_H_
#define BREACHKIT_CORE_MAIL_ADDRESS_LIST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace breachkit {

struct HeaderAddress {
  std::string name;     // as InternetAddress's name: decoded, stripped ("" when none)
  std::string address;  // as InternetAddressMailbox's addr: the addr-spec as written
  bool operator==(const HeaderAddress&) const = default;
};

/// The addresses of a raw (folded) address header value, when it has the plain shape;
/// nullopt otherwise (then GMime must read it). Needs InitMime() (mime_parser.h) first.
std::optional<std::vector<HeaderAddress>> ParsePlainAddressList(std::string_view raw);

/// GMime's reading of the same value (internet_address_list_parse, with the options ParseMail
/// gives it): what ParsePlainAddressList must equal whenever it reads a value. A group is
/// {"group:" + its name, ""}. `warned`: GMime gave a warning. For the tests and the fuzzer.
std::vector<HeaderAddress> ReadAddressListWithGMime(const std::string& raw, bool* warned);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_ADDRESS_LIST_H_
