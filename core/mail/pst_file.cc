#include "core/mail/pst_file.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <glib.h>
#include <libpff.h>

#include "core/mail/mapi_model.h"
#include "core/mail/mime_parser.h"
#include "core/util/ascii.h"

namespace breachkit {
namespace {

using mapi::kMessageClass;
using mapi::kSubject;
using mapi::MapiAttachment;
using mapi::MapiMessage;
using mapi::MapiProps;

// [MS-PST] 2.2.2.1: the low 5 bits of a node identifier give its type; 0x03 is a search folder.
constexpr uint32_t kNidTypeMask = 0x1F;
constexpr uint32_t kNidTypeSearchFolder = 0x03;
constexpr uint16_t kContentCount = 0x3602;

// libpff's error: its text, and freed.
class PffError {
 public:
  PffError() = default;
  ~PffError() { libpff_error_free(&error_); }
  PffError(const PffError&) = delete;
  PffError& operator=(const PffError&) = delete;
  libpff_error_t** get() {
    libpff_error_free(&error_);
    return &error_;
  }
  std::string Text() const {
    if (!error_) return "unknown error";
    char buf[512];
    if (libpff_error_sprint(error_, buf, sizeof buf) <= 0) return "unknown error";
    std::string text(buf);
    // libpff's text is a stack of calls ("libpff_...: unable to ..."); its last line says
    // what failed first.
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    for (char& c : text) {
      if (c == '\n') c = ' ';
    }
    return text;
  }

 private:
  libpff_error_t* error_ = nullptr;
};

// An item, freed with it.
class PffItem {
 public:
  PffItem() = default;
  explicit PffItem(libpff_item_t* item) : item_(item) {}
  ~PffItem() { Reset(); }
  PffItem(PffItem&& o) noexcept : item_(std::exchange(o.item_, nullptr)) {}
  PffItem& operator=(PffItem&& o) noexcept {
    if (this != &o) {
      Reset();
      item_ = std::exchange(o.item_, nullptr);
    }
    return *this;
  }
  PffItem(const PffItem&) = delete;
  PffItem& operator=(const PffItem&) = delete;
  libpff_item_t* get() const { return item_; }
  libpff_item_t** out() {
    Reset();
    return &item_;
  }
  explicit operator bool() const { return item_ != nullptr; }

 private:
  void Reset() {
    if (item_) libpff_item_free(&item_, nullptr);
    item_ = nullptr;
  }
  libpff_item_t* item_ = nullptr;
};

// PSETID_Address ({00062004-0000-0000-C000-000000000046}, [MS-OXPROPS] 1.3.2) as stored.
constexpr uint8_t kPsetidAddress[16] = {0x04, 0x20, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00,
                                        0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46};
// The number of a named property of PSETID_Address (0 for any other).
uint32_t AddressBookNumber(libpff_record_entry_t* entry) {
  libpff_name_to_id_map_entry_t* named = nullptr;  // owned by the file
  if (libpff_record_entry_get_name_to_id_map_entry(entry, &named, nullptr) != 1 || !named) return 0;
  uint8_t kind = 0;
  uint32_t number = 0;
  uint8_t guid[16] = {};
  if (libpff_name_to_id_map_entry_get_type(named, &kind, nullptr) != 1 ||
      kind != LIBPFF_NAME_TO_ID_MAP_ENTRY_TYPE_NUMERIC ||
      libpff_name_to_id_map_entry_get_number(named, &number, nullptr) != 1 ||
      libpff_name_to_id_map_entry_get_guid(named, guid, sizeof guid, nullptr) != 1 ||
      std::memcmp(guid, kPsetidAddress, sizeof guid) != 0 || number < 0x8000 || number > 0xFFFF)
    return 0;
  return number;
}

// The properties of one record set of an item (a message's own, one recipient row, an
// attachment): each entry's id and type make its tag, its bytes the value (strings as stored:
// UTF-16LE or 8-bit). nullopt when the record set cannot be read; `*skipped` counts the
// entries whose value could not be (or that declare more bytes than the file has).
std::optional<MapiProps> LoadProps(libpff_item_t* item, int set, uint64_t max_value, int* skipped) {
  MapiProps props;
  libpff_record_set_t* record_set = nullptr;
  if (libpff_item_get_record_set_by_index(item, set, &record_set, nullptr) != 1)
    return std::nullopt;
  int entries = 0;
  if (libpff_record_set_get_number_of_entries(record_set, &entries, nullptr) != 1) {
    libpff_record_set_free(&record_set, nullptr);
    return std::nullopt;
  }
  for (int i = 0; i < entries; ++i) {
    libpff_record_entry_t* entry = nullptr;
    if (libpff_record_set_get_entry_by_index(record_set, i, &entry, nullptr) != 1) {
      ++*skipped;
      continue;
    }
    uint32_t id = 0;
    uint32_t type = 0;
    size_t size = 0;
    bool read = false;
    if (libpff_record_entry_get_entry_type(entry, &id, nullptr) == 1 && id >= 0x8000) {
      // A named property: its id is the file's own mapping, meaningless here. It is kept only
      // when it is one of the address book's (PSETID_Address), under its number there: every
      // id from 0x8000 up in MapiProps is then such a number.
      id = AddressBookNumber(entry);
      if (id == 0) {
        libpff_record_entry_free(&entry, nullptr);
        continue;
      }
    }
    if (id != 0 && libpff_record_entry_get_value_type(entry, &type, nullptr) == 1 &&
        libpff_record_entry_get_data_size(entry, &size, nullptr) == 1 && size <= max_value) {
      std::string value(size, '\0');
      if (size == 0 || libpff_record_entry_get_data(entry, reinterpret_cast<uint8_t*>(value.data()),
                                                    size, nullptr) == 1) {
        props.Set((id & 0xFFFF) << 16 | (type & 0xFFFF), std::move(value));
        read = true;
      }
    }
    if (!read) ++*skipped;
    libpff_record_entry_free(&entry, nullptr);
  }
  libpff_record_set_free(&record_set, nullptr);
  return props;
}

// What an address book item (IPM.Contact, IPM.DistList) holds of a person, as "Label: value"
// lines: names, e-mail addresses (named properties of PSETID_Address), phones, addresses, the
// birthday. Its body (notes) follows in the message; the detectors read both.
std::string ContactCard(const MapiProps& p) {
  static constexpr std::pair<uint16_t, std::string_view> kFields[] = {
      {0x3001, "Name"},
      {0x3A06, "Given name"},
      {0x3A11, "Surname"},
      {0x3A16, "Company"},
      {0x3A17, "Title"},
      {0x3A18, "Department"},
      {0x8080, "E-mail 1 name"},
      {0x8083, "E-mail 1"},
      {0x8090, "E-mail 2 name"},
      {0x8093, "E-mail 2"},
      {0x80A0, "E-mail 3 name"},
      {0x80A3, "E-mail 3"},
      {0x3A1C, "Mobile phone"},
      {0x3A08, "Business phone"},
      {0x3A1B, "Business phone 2"},
      {0x3A09, "Home phone"},
      {0x3A2F, "Home phone 2"},
      {0x3A1A, "Primary phone"},
      {0x3A1F, "Other phone"},
      {0x3A24, "Business fax"},
      {0x3A25, "Home fax"},
      {0x3A5D, "Home street"},
      {0x3A5B, "Home postal code"},
      {0x3A59, "Home city"},
      {0x3A5A, "Home country"},
      {0x3A29, "Business street"},
      {0x3A2A, "Business postal code"},
      {0x3A27, "Business city"},
      {0x3A26, "Business country"},
      {0x3A15, "Postal address"},
      {0x3A48, "Spouse"},
      {0x3A50, "Personal home page"}};
  std::string card;
  for (const auto& [id, label] : kFields) {
    std::string value = p.StringOr(id);
    for (char& c : value) {
      if (c == '\r' || c == '\n') c = ' ';  // one line a field
    }
    if (!value.empty()) card += fmt::format("{}: {}\n", label, value);
  }
  if (auto birthday = p.Time(0x3A42)) {
    if (GDateTime* date = g_date_time_new_from_unix_utc(*birthday)) { /* full */
      gchar* text = g_date_time_format(date, "%Y-%m-%d");             /* full */
      card += fmt::format("Birthday: {}\n", text ? text : "");
      g_free(text);
      g_date_time_unref(date);
    }
  }
  return card;
}

// A PST stores some subjects with a prefix: 0x01 and a character giving the length of a
// "Re: "-like part ([MS-OXCMSG] PidTagSubjectPrefix is kept apart). It is not text.
void StripSubjectMarker(MapiProps* props) {
  if (auto w = props->Take(kSubject, mapi::kPtUnicode)) {
    if (w->size() >= 4 && (*w)[0] == '\x01' && (*w)[1] == '\0') w->erase(0, 4);
    props->Set(static_cast<uint32_t>(kSubject) << 16 | mapi::kPtUnicode, std::move(*w));
  }
  if (auto a = props->Take(kSubject, mapi::kPtString8)) {
    if (a->size() >= 2 && (*a)[0] == '\x01') a->erase(0, 2);
    props->Set(static_cast<uint32_t>(kSubject) << 16 | mapi::kPtString8, std::move(*a));
  }
}

// An item's message; nullptr when its own properties cannot be read (it is then no message
// at all: the caller records it as not read).
std::unique_ptr<MapiMessage> LoadItem(libpff_item_t* item, int depth, int max_depth,
                                      uint64_t max_value) {
  auto m = std::make_unique<MapiMessage>();
  int skipped = 0;
  auto own = LoadProps(item, 0, max_value, &skipped);
  if (!own) return nullptr;
  m->props = std::move(*own);
  StripSubjectMarker(&m->props);
  const std::string message_class = AsciiLower(m->props.StringOr(kMessageClass));
  if (message_class.starts_with("ipm.contact") || message_class.starts_with("ipm.distlist")) {
    m->props.set_codepage(mapi::MessageCodepage(m->props));
    m->card = ContactCard(m->props);
  }

  PffError error;
  PffItem recipients;
  const int has_recipients = libpff_message_get_recipients(item, recipients.out(), error.get());
  if (has_recipients == 1) {
    int rows = 0;
    if (libpff_item_get_number_of_record_sets(recipients.get(), &rows, error.get()) == 1) {
      for (int i = 0; i < rows; ++i) {
        if (auto row = LoadProps(recipients.get(), i, max_value, &skipped)) {
          m->recipients.push_back(std::move(*row));
        } else {
          m->defects.push_back({"recipient-unreadable", fmt::format("recipient {}", i + 1),
                                "its row of the recipient table cannot be read"});
        }
      }
    } else {
      m->defects.push_back({"pst-recipients-unreadable", "recipients", error.Text()});
    }
  } else if (has_recipients == -1) {
    // The message is kept: its recipients are what is missing, and it says so.
    m->defects.push_back({"pst-recipients-unreadable", "recipients",
                          fmt::format("the recipient table cannot be read: {}", error.Text())});
  }

  int count = 0;
  const int has_attachments = libpff_message_get_number_of_attachments(item, &count, error.get());
  if (has_attachments == -1)
    m->defects.push_back({"pst-attachments-unreadable", "attachments",
                          fmt::format("the attachment table cannot be read: {}", error.Text())});
  if (has_attachments != 1) count = 0;
  for (int i = 0; i < count; ++i) {
    MapiAttachment a;
    PffItem attachment;
    if (libpff_message_get_attachment(item, i, attachment.out(), error.get()) != 1) {
      m->defects.push_back(
          {"attachment-unreadable", fmt::format("attachment {}", i + 1), error.Text()});
      continue;
    }
    auto props = LoadProps(attachment.get(), 0, max_value, &skipped);
    if (!props) {
      m->defects.push_back({"attachment-unreadable", fmt::format("attachment {}", i + 1),
                            "its properties cannot be read"});
      continue;
    }
    a.props = std::move(*props);
    int type = LIBPFF_ATTACHMENT_TYPE_UNDEFINED;
    libpff_attachment_get_type(attachment.get(), &type, nullptr);
    if (type == LIBPFF_ATTACHMENT_TYPE_DATA) {
      size64_t size = 0;
      const int has_size = libpff_attachment_get_data_size(attachment.get(), &size, error.get());
      if (has_size == -1 || (has_size == 1 && size > max_value)) {
        m->defects.push_back(
            {"attachment-unreadable", fmt::format("attachment {}", i + 1),
             has_size == -1
                 ? error.Text()
                 : fmt::format("its declared size, {} bytes, is larger than the file", size)});
        continue;
      }
      if (has_size == 1) {
        std::string bytes(static_cast<size_t>(size), '\0');
        const ssize_t read =
            size == 0 ? 0
                      : libpff_attachment_data_read_buffer(attachment.get(),
                                                           reinterpret_cast<uint8_t*>(bytes.data()),
                                                           bytes.size(), error.get());
        if (read == static_cast<ssize_t>(size)) {
          a.data = std::move(bytes);
        } else {
          m->defects.push_back({"attachment-unreadable", fmt::format("attachment {}", i + 1),
                                read < 0 ? error.Text() : "its data ends early"});
          continue;
        }
      }
    } else if (type == LIBPFF_ATTACHMENT_TYPE_ITEM) {
      PffItem attached;
      if (libpff_attachment_get_item(attachment.get(), attached.out(), error.get()) != 1) {
        m->defects.push_back({"attachment-unreadable", fmt::format("attachment {}", i + 1),
                              fmt::format("an attached item: {}", error.Text())});
        continue;
      }
      if (depth + 1 > max_depth) {
        a.depth_limited = true;
      } else {
        a.message = LoadItem(attached.get(), depth + 1, max_depth, max_value);
        if (!a.message) {
          m->defects.push_back({"attachment-unreadable", fmt::format("attachment {}", i + 1),
                                "an attached item whose properties cannot be read"});
          continue;
        }
      }
    }
    // A reference (or an undefined type) has no bytes here: the writer says so.
    m->attachments.push_back(std::move(a));
  }
  if (skipped > 0)
    m->defects.push_back({"pst-properties-partial", "",
                          fmt::format("{} propert{} of the item, its recipients or its "
                                      "attachments could not be read",
                                      skipped, skipped == 1 ? "y" : "ies")});
  return m;
}

std::string FolderName(libpff_item_t* folder) {
  size_t size = 0;
  if (libpff_folder_get_utf8_name_size(folder, &size, nullptr) != 1 || size == 0) return "";
  std::string name(size, '\0');
  if (libpff_folder_get_utf8_name(folder, reinterpret_cast<uint8_t*>(name.data()), size, nullptr) !=
      1)
    return "";
  name.resize(name.find('\0') == std::string::npos ? name.size() : name.find('\0'));
  for (char& c : name) {
    if (c == '/') c = '_';  // a name's own '/' would read as a folder boundary
  }
  return name;
}

}  // namespace

std::string PstItem::Path() const {
  if (missing) return fmt::format("{}#not-found-{}", folder, missing);
  if (id == 0) return fmt::format("{}#unreadable-{}", folder, position);  // not opened
  return fmt::format("{}#{}", folder, id);
}

struct PstFile::Frame {
  PffItem folder;
  std::string path;
  int messages = 0;
  int next_message = 0;
  int folders = 0;
  int next_folder = 0;
  int64_t missing = 0;  // items the folder declares beyond those it lists
  int64_t next_missing = 0;
};

struct PstFile::Walk {
  libpff_file_t* file = nullptr;
  std::vector<Frame> stack;
  uint64_t max_value = 0;

  ~Walk() {
    stack.clear();  // items before the file
    if (file) {
      libpff_file_close(file, nullptr);
      libpff_file_free(&file, nullptr);
    }
  }
};

Result<std::unique_ptr<PstFile>> PstFile::Open(const std::string& path, int max_depth) {
  InitMime();  // items are written out with GMime
  std::unique_ptr<PstFile> pst(new PstFile());
  pst->max_depth_ = max_depth;
  pst->walk_ = std::make_unique<Walk>();
  Walk& w = *pst->walk_;
  PffError error;
  if (libpff_file_initialize(&w.file, error.get()) != 1)
    return Fail(ErrorCode::kInternal, "{}: libpff: {}", path, error.Text());
  if (libpff_file_open(w.file, path.c_str(), LIBPFF_OPEN_READ, error.get()) != 1) {
    const std::string why = error.Text();
    libpff_file_free(&w.file, nullptr);
    return Fail(ErrorCode::kInvalidInput, "{}: not a PST/OST libpff can open: {}", path, why);
  }
  size64_t size = 0;
  libpff_file_get_size(w.file, &size, nullptr);
  w.max_value = size;  // no value is larger than its file: a corrupt size is not allocated
  // An item takes at least one 64-byte block ([MS-PST] 2.2.2.8), and no file holds more
  // than a million placeholders.
  pst->missing_budget_ = std::min<int64_t>(static_cast<int64_t>(size / 64), 1'000'000);
  Frame root;
  const int has_root = libpff_file_get_root_folder(w.file, root.folder.out(), error.get());
  if (has_root != 1) {
    pst->problems_.push_back(
        has_root == 0 ? std::string("the file has no root folder: no item can be reached")
                      : fmt::format("the root folder cannot be read: {}", error.Text()));
  } else {
    pst->Enter(std::move(root));
  }
  int orphans = 0;
  if (libpff_file_get_number_of_orphan_items(w.file, &orphans, nullptr) == 1 && orphans > 0)
    pst->problems_.push_back(fmt::format(
        "{} orphan item{} (held by no folder: deleted, or the index is damaged) not read", orphans,
        orphans == 1 ? "" : "s"));
  return pst;
}

PstFile::~PstFile() = default;

void PstFile::Enter(Frame frame) {
  ++folders_;
  PffError error;
  if (libpff_folder_get_number_of_sub_messages(frame.folder.get(), &frame.messages, error.get()) !=
      1) {
    problems_.push_back(
        fmt::format("folder \"{}\": its items cannot be listed: {}", frame.path, error.Text()));
    frame.messages = 0;
  }
  if (libpff_folder_get_number_of_sub_folders(frame.folder.get(), &frame.folders, error.get()) !=
      1) {
    problems_.push_back(fmt::format("folder \"{}\": its subfolders cannot be listed: {}",
                                    frame.path, error.Text()));
    frame.folders = 0;
  }
  int skipped = 0;
  const MapiProps props = LoadProps(frame.folder.get(), 0, 64, &skipped).value_or(MapiProps{});
  // A search folder ("Search Root", "Reminders") counts the results of its search, items
  // that live in other folders: its count is no item of its own.
  uint32_t id = 0;
  libpff_item_get_identifier(frame.folder.get(), &id, nullptr);
  const bool search = (id & kNidTypeMask) == kNidTypeSearchFolder;
  if (auto declared = props.Long(kContentCount); declared && !search) {
    declared_ += *declared;
    if (static_cast<int64_t>(*declared) > frame.messages) {
      // Each one is recorded, as far as the file could hold them: a damaged count (a 32-bit
      // number) must not become billions of records.
      const int64_t missing = static_cast<int64_t>(*declared) - frame.messages;
      frame.missing = std::min(missing, missing_budget_);
      missing_budget_ -= frame.missing;
      if (frame.missing < missing)
        problems_.push_back(fmt::format(
            "folder \"{}\" declares {} items and lists {}: more than the file could hold; {} "
            "recorded as not found, the other {} not counted",
            frame.path, *declared, frame.messages, frame.missing, missing - frame.missing));
    } else if (static_cast<int64_t>(*declared) < frame.messages) {
      notes_.push_back(fmt::format("folder \"{}\" declares {} item{}, {} found (all read)",
                                   frame.path, *declared, *declared == 1 ? "" : "s",
                                   frame.messages));
    }
  }
  walk_->stack.push_back(std::move(frame));
}

bool PstFile::Next(PstItem* item) {
  std::vector<Frame>& stack = walk_->stack;
  while (!stack.empty()) {
    Frame& top = stack.back();
    PffError error;
    if (top.next_message < top.messages) {
      const int i = top.next_message++;
      *item = PstItem{};
      item->index = index_++;
      item->folder = top.path;
      item->position = i + 1;
      PffItem message;
      if (libpff_folder_get_sub_message(top.folder.get(), i, message.out(), error.get()) != 1) {
        item->mime = Fail(ErrorCode::kInvalidInput, "item {} of the folder cannot be opened: {}",
                          i + 1, error.Text());
        return true;
      }
      libpff_item_get_identifier(message.get(), &item->id, nullptr);
      std::unique_ptr<MapiMessage> m = LoadItem(message.get(), 0, max_depth_, walk_->max_value);
      if (!m) {
        item->mime = Fail(ErrorCode::kInvalidInput, "the item's properties cannot be read");
        return true;
      }
      item->message_class = m->props.StringOr(kMessageClass);
      item->mime = mapi::ToMime(*m);
      return true;
    }
    if (top.next_missing < top.missing) {
      *item = PstItem{};
      item->index = index_++;
      item->folder = top.path;
      item->missing = ++top.next_missing;
      item->mime = Fail(ErrorCode::kInvalidInput,
                        "the folder declares {} items and lists {}: this one cannot be reached "
                        "(the file's index is damaged)",
                        top.messages + top.missing, top.messages);
      return true;
    }
    if (top.next_folder < top.folders) {
      const int i = top.next_folder++;
      Frame sub;
      if (libpff_folder_get_sub_folder(top.folder.get(), i, sub.folder.out(), error.get()) != 1) {
        problems_.push_back(fmt::format("folder \"{}\": subfolder {} cannot be opened: {}",
                                        top.path, i + 1, error.Text()));
        continue;
      }
      const std::string name = FolderName(sub.folder.get());
      sub.path = top.path.empty() ? name : fmt::format("{}/{}", top.path, name);
      Enter(std::move(sub));  // `top` is no longer valid
      continue;
    }
    stack.pop_back();
  }
  return false;
}

}  // namespace breachkit
