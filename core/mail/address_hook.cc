#include "core/mail/address_hook.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <string>

#include "core/mail/parser_options.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

// GMime's own handlers, kept when the hook is installed (it calls them) and put back when it
// is not. GMimeMessage's calls GMimeObject's through its class at run time.
using HeaderAddedFn = void (*)(GMimeObject*, GMimeHeader*);
struct Handlers {
  GMimeObjectClass* object_class;
  GMimeObjectClass* message_class;
  HeaderAddedFn object_header_added;
  HeaderAddedFn message_header_added;
};
const Handlers& GMimeHandlers() {
  static const Handlers handlers = [] {
    auto* object_class = static_cast<GMimeObjectClass*>(g_type_class_ref(GMIME_TYPE_OBJECT));
    auto* message_class = static_cast<GMimeObjectClass*>(g_type_class_ref(GMIME_TYPE_MESSAGE));
    return Handlers{object_class, message_class, object_class->header_added,
                    message_class->header_added};
  }();
  return handlers;
}

bool g_installed = false;  // set on the initialising thread before any other parses
PlainAddressReader g_reader = &ParsePlainAddressList;

// How the address headers of the messages built on this thread under an AddressHookScope
// were read, by message and GMimeAddressType, one segment per header in order.
struct MessageAddressSegments {
  GMimeMessage* message;
  std::array<std::vector<AddressSegment>, GMIME_ADDRESS_TYPE_BCC + 1> by_type;
};
thread_local std::vector<MessageAddressSegments>* t_segments = nullptr;

std::vector<AddressSegment>& SegmentsOf(GMimeMessage* message, GMimeAddressType type) {
  auto it = std::find_if(t_segments->begin(), t_segments->end(),
                         [&](const MessageAddressSegments& s) { return s.message == message; });
  if (it == t_segments->end()) it = t_segments->insert(t_segments->end(), {message, {}});
  return it->by_type[static_cast<size_t>(type)];
}

// GMimeObject's handler of an added header decodes the value once more as text, only to
// validate it, whenever a warning callback is set (gmime-object.c, object_header_changed):
// hundreds of encoded names per To or Cc, decoded for nothing (a large share of a worker
// thread's time). The one warning that decoding can give (gmime-utils.c,
// tokenize_rfc2047_text) is an encoded word with a space inside, so an address header of a
// message goes through it only when it may hold one; any other header, and every header of a
// part, always does.
//
// True when the value, unfolded, has an "=?charset?X?text?=" with a space or tab in its
// charset or text: more often than GMime warns (it checks only where a word starts), never
// less. GMime unfolds by dropping CR and LF; an LF is always followed by the folding space,
// so only a CR not before an LF could join an "=" to a "?": such a value is always checked.
bool MayHoldASpacedEncodedWord(std::string_view v) {
  for (size_t cr = v.find('\r'); cr != std::string_view::npos; cr = v.find('\r', cr + 1)) {
    if (cr + 1 == v.size() || v[cr + 1] != '\n') return true;
  }
  auto spaced = [](std::string_view s) { return s.find_first_of(" \t") != std::string_view::npos; };
  for (size_t p = v.find("=?"); p != std::string_view::npos; p = v.find("=?", p + 2)) {
    const size_t q = v.find('?', p + 2);  // after the charset
    if (q == std::string_view::npos || q + 2 >= v.size()) break;
    if (!std::strchr("BbQq", v[q + 1]) || v[q + 2] != '?') continue;
    const size_t end = v.find("?=", q + 3);
    if (end == std::string_view::npos) break;
    if (spaced(v.substr(p + 2, q - p - 2)) || spaced(v.substr(q + 3, end - q - 3))) return true;
  }
  return false;
}

// The list GMimeMessage parses a header into (gmime-message.c, process_header), if any.
std::optional<GMimeAddressType> MessageAddressType(const char* name) {
  if (!name) return std::nullopt;
  for (const auto& f : kAddressFields) {
    if (g_ascii_strcasecmp(name, f.header.data()) == 0) return ParsedByGMime(f.field);  // a literal
  }
  return std::nullopt;
}

// GMimeObject's handler for an address header of a message: only when it can warn.
void AddressHeaderAdded(GMimeObject* object, GMimeHeader* header) {
  const char* raw = g_mime_header_get_raw_value(header);
  if (MayHoldASpacedEncodedWord(raw ? raw : ""))
    GMimeHandlers().object_header_added(object, header);
}

void ObjectHeaderAdded(GMimeObject* object, GMimeHeader* header) {
  if (GMIME_IS_MESSAGE(object) && MessageAddressType(g_mime_header_get_name(header))) {
    AddressHeaderAdded(object, header);
  } else {
    GMimeHandlers().object_header_added(object, header);
  }
}

// GMimeMessage's handler of an added header (gmime-message.c, message_header_added) parses an
// address header into the message's list, then calls GMimeObject's (ObjectHeaderAdded). Under
// an AddressHookScope, a header of the plain shape is read by the plain reader instead, and
// GMime's list does not get its addresses; each header's segment says where they are.
void MessageHeaderAdded(GMimeObject* object, GMimeHeader* header) {
  const auto type = t_segments && GMIME_IS_MESSAGE(object)
                        ? MessageAddressType(g_mime_header_get_name(header))
                        : std::nullopt;
  if (!type) {
    GMimeHandlers().message_header_added(object, header);
    return;
  }
  GMimeMessage* message = GMIME_MESSAGE(object);
  std::vector<AddressSegment>& segments = SegmentsOf(message, *type);
  if (const char* raw = g_mime_header_get_raw_value(header)) {
    if (auto plain = g_reader(raw)) {
      segments.push_back({std::move(*plain)});
      AddressHeaderAdded(object, header);  // what GMimeMessage's handler calls after its parse
      return;
    }
  }
  InternetAddressList* list = g_mime_message_get_addresses(message, *type); /* transfer none */
  const int before = internet_address_list_length(list);
  GMimeHandlers().message_header_added(object, header);
  segments.push_back({{}, before, internet_address_list_length(list)});
}

void Install(PlainAddressReader reader) {
  const Handlers& h = GMimeHandlers();
  g_reader = reader;
  h.object_class->header_added = &ObjectHeaderAdded;
  h.message_class->header_added = &MessageHeaderAdded;
  g_installed = true;
}

void Uninstall() {
  const Handlers& h = GMimeHandlers();
  h.object_class->header_added = h.object_header_added;
  h.message_class->header_added = h.message_header_added;
  g_reader = &ParsePlainAddressList;
  g_installed = false;
}

// ---------------------------------------------------------------------------------------
// The self-test: messages whose reading the hook must not change. Each line of a reading is
// one address (its field, name, address, group) or the warnings of the parse.

constexpr std::array<std::string_view, 4> kSelfTestMessages{
    // Two To headers, the first plain, the second GMime's (a comment): an upstream GMime
    // parses the first one again into the list.
    "From: Ann Martin <ann@example.com>\r\nTo: bob@example.com, \"Carl\" <carl@example.com>\r\n"
    "To: (team) Dan <dan@example.com>\r\n\r\nx\r\n",
    // GMime's header (a group) first, a plain list after it.
    "From: a@example.com\nCc: Team: eve@example.com, fay@example.com;\n"
    "Cc: Gus <gus@example.com>, hal@example.com,\n \"Ivy Lee\" <ivy@example.com>\n\nx\n",
    // Encoded and folded names.
    "From: =?UTF-8?Q?Jos=C3=A9_Garc=C3=ADa?= <jose@example.es>\n"
    "To: =?ISO-8859-1?Q?L=E9a?= Roy\n <lea@example.fr>, \"=?UTF-8?B?w4lsaXNl?=\" "
    "<elise@example.fr>\n"
    "\nx\n",
    // An encoded word with a space (GMime warns), a bare address, a Sender.
    "From: a@example.com\nReply-To: =?UTF-8?Q?bad word?= <w@example.com>\n"
    "Bcc: <b@example.com>\nSender: s@example.com\n\nx\n",
};

void DescribeList(InternetAddressList* list, int begin, int end, const std::string& prefix,
                  std::string* out) {
  ForEachMailbox(list, begin, end, [&](const char* name, const char* addr, const char* group) {
    *out += prefix + group + ": " + name + " <" + addr + ">\n";
  });
}

std::string Reading(std::string_view bytes, bool hook) {
  std::string out;
  ParserOptionsPtr options = LooseParserOptions(
      [](gint64, GMimeParserWarning code, const gchar*, gpointer user) {
        *static_cast<std::string*>(user) += "warning " + std::to_string(code) + "\n";
      },
      &out);
  std::optional<AddressHookScope> scope;
  if (hook) scope.emplace();
  GObjectPtr<GMimeStream> stream =
      GObjectPtr<GMimeStream>::Adopt(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GObjectPtr<GMimeParser> parser =
      GObjectPtr<GMimeParser>::Adopt(g_mime_parser_new_with_stream(stream.get()));
  GObjectPtr<GMimeMessage> message = GObjectPtr<GMimeMessage>::Adopt(
      g_mime_parser_construct_message(parser.get(), options.get())); /* transfer full */
  if (!message) return out + "no message\n";
  for (int t = GMIME_ADDRESS_TYPE_SENDER; t <= GMIME_ADDRESS_TYPE_BCC; ++t) {
    const auto type = static_cast<GMimeAddressType>(t);
    const std::string prefix = std::to_string(t) + " ";
    InternetAddressList* list = g_mime_message_get_addresses(message.get(), type); /* none */
    const std::vector<AddressSegment>* segments = AddressSegments(message.get(), type);
    if (!segments) {
      DescribeList(list, 0, -1, prefix, &out);
      continue;
    }
    for (const AddressSegment& s : *segments) {
      for (const HeaderAddress& a : s.plain)
        out += prefix + ": " + a.name + " <" + a.address + ">\n";
      DescribeList(list, s.gmime_begin, s.gmime_end, prefix, &out);
    }
  }
  return out;
}

AddressPath Choose(GMimeVersion version, PlainAddressReader reader) {
  Uninstall();
  if (!HookFitsGMime(version)) return AddressPath::kGMime;
  std::array<std::string, kSelfTestMessages.size()> expected;
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = Reading(kSelfTestMessages[i], false);
  Install(reader);
  for (size_t i = 0; i < expected.size(); ++i) {
    if (Reading(kSelfTestMessages[i], true) != expected[i]) {
      Uninstall();
      return AddressPath::kGMime;
    }
  }
  return AddressPath::kPlainReader;
}

}  // namespace

std::string_view AddressPathName(AddressPath path) {
  return path == AddressPath::kPlainReader ? "plain-reader" : "gmime";
}

AddressPath ActiveAddressPath() {
  return g_installed ? AddressPath::kPlainReader : AddressPath::kGMime;
}

GMimeVersion RunningGMime() {
  return {gmime_major_version, gmime_minor_version, gmime_micro_version};
}

bool HookFitsGMime(GMimeVersion version) { return version.major == 3 && version.minor == 2; }

AddressPath ChooseAddressPath() { return Choose(RunningGMime(), &ParsePlainAddressList); }

AddressPath ChooseAddressPathForTesting(GMimeVersion version, PlainAddressReader reader) {
  return Choose(version, reader);
}

std::optional<GMimeAddressType> ParsedByGMime(AddressField field) {
  switch (field) {
    case AddressField::kFrom: return GMIME_ADDRESS_TYPE_FROM;
    case AddressField::kSender: return GMIME_ADDRESS_TYPE_SENDER;
    case AddressField::kReplyTo: return GMIME_ADDRESS_TYPE_REPLY_TO;
    case AddressField::kTo: return GMIME_ADDRESS_TYPE_TO;
    case AddressField::kCc: return GMIME_ADDRESS_TYPE_CC;
    case AddressField::kBcc: return GMIME_ADDRESS_TYPE_BCC;
    default: return std::nullopt;
  }
}

struct AddressHookScope::Messages {
  std::vector<MessageAddressSegments> segments;
  std::vector<MessageAddressSegments>* previous;
};

AddressHookScope::AddressHookScope() {
  if (!g_installed) return;
  messages_ = std::make_unique<Messages>(Messages{{}, t_segments});
  t_segments = &messages_->segments;
}

AddressHookScope::~AddressHookScope() {
  if (messages_) t_segments = messages_->previous;
}

const std::vector<AddressSegment>* AddressSegments(GMimeMessage* message, GMimeAddressType type) {
  if (!t_segments) return nullptr;
  for (const MessageAddressSegments& s : *t_segments) {
    if (s.message != message) continue;
    const auto& segments = s.by_type[static_cast<size_t>(type)];
    return segments.empty() ? nullptr : &segments;
  }
  return nullptr;
}

}  // namespace breachkit
