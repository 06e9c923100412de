// Outlook's PST and OST files ([MS-PST]): every item of every folder, each written out as the
// internet message it describes (the same MAPI model and writer as a .msg: mapi_model.h), so
// that ParseMail reads it with the same addresses, limits and defects. The container is read
// through libpff (Debian libpff-dev); README's dependency table says why it and not libpst.
//
// The walk: a folder's items in the file's order, then its subfolders, depth first from the
// root folder. An item's place is its folder path ("Top of Personal Folders/Inbox") and its
// identifier in the file. An item libpff cannot open is returned all the same, with the
// reason, to be recorded as not read; so is each item a folder declares (PR_CONTENT_COUNT) and
// does not list (search folders aside: their count is of other folders' items). A folder or
// a list of subfolders that cannot be read, and items no folder holds (orphans), are problems
// of the file, listed once the walk is done: what they hid cannot be counted.
#ifndef BREACHKIT_CORE_MAIL_PST_FILE_H_
#define BREACHKIT_CORE_MAIL_PST_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/mail/mapi_message.h"
#include "core/util/result.h"

namespace breachkit {

struct PstItem {
  int64_t index = 0;          // 0-based, in the walk's order
  std::string folder;         // the folder path, names joined by '/' ("" for the root)
  uint32_t id = 0;            // the item's identifier in the file
  int64_t missing = 0;        // k > 0: the k-th item its folder declares and does not list
  int64_t position = 0;       // 1-based place in its folder's list (0 for a missing one)
  std::string message_class;  // PR_MESSAGE_CLASS ("IPM.Note", "IPM.Contact"...), when read
  Result<MapiAsMime> mime = MapiAsMime{};  // the item as an internet message, or why not

  /// Where the item is in its file: "FOLDER/PATH#ID"; "FOLDER/PATH#unreadable-P" for the
  /// P-th item of the folder's list that could not be opened (it has no identifier then),
  /// "FOLDER/PATH#not-found-K" for one declared and not listed.
  std::string Path() const;
};

class PstFile {
 public:
  /// Opens `path` (a PST or an OST). Attached items deeper than `max_depth` are not opened
  /// ("depth-limit" defect). Fails when libpff cannot open the file.
  static Result<std::unique_ptr<PstFile>> Open(const std::string& path, int max_depth);
  ~PstFile();
  PstFile(const PstFile&) = delete;
  PstFile& operator=(const PstFile&) = delete;

  /// The next item of the walk; false at the end.
  bool Next(PstItem* item);

  /// What the file declares and the walk could not match (see above); complete once Next
  /// returned false.
  const std::vector<std::string>& problems() const { return problems_; }
  /// What differs from the declared counts and lost nothing (a folder listing more items than
  /// it declares: all are read).
  const std::vector<std::string>& notes() const { return notes_; }

  /// Items the file's folders declare (the sum of their PR_CONTENT_COUNT) and items walked.
  int64_t declared() const { return declared_; }
  int64_t walked() const { return index_; }
  /// Folders entered (the root included).
  int64_t folders() const { return folders_; }

 private:
  struct Walk;
  struct Frame;
  PstFile() = default;
  void Enter(Frame frame);

  int max_depth_ = 0;
  std::unique_ptr<Walk> walk_;
  std::vector<std::string> problems_;
  std::vector<std::string> notes_;
  int64_t declared_ = 0;
  int64_t index_ = 0;
  int64_t folders_ = 0;
  int64_t missing_budget_ = 0;  // not-found items the file could still hold
};

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_PST_FILE_H_
