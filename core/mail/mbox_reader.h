// MboxReader: splits an mbox into messages while streaming it (the file is never held
// whole in memory), with the exact byte span of each one in the file.
//
// Splitting rule: the file's first line when it begins with "From ", and after it every line
// that begins with "From " and has the shape of a From_ line (a sender that is no number,
// then a date with a time, a year and a day's or a month's name; or a sender alone that is "-"
// or an address, as Thunderbird and some tools write it) starts a new message. A body line an mboxo
// writer did not escape ("From now on my number is …") stays in its message, where Python's mailbox
// and GMime would start a message that cannot be parsed. A message's span runs from its From_ line
// to the next From_ line (or the end of the file), so the spans of a file add up to the whole file.
// Its content is the span without the From_ line and without the one empty line that
// separates it from the next message; lines matching ^>+From have one '>' removed
// (mboxrd; for mboxo this restores the "From " lines it escaped).
// Lines end with LF (or CRLF); in a file whose first block holds a CR and no LF, with a bare CR
// (the messages keep their CRs: ParseMail reads them as LF, with a "cr-line-ends" defect).
#ifndef BREACHKIT_CORE_MAIL_MBOX_READER_H_
#define BREACHKIT_CORE_MAIL_MBOX_READER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace breachkit {

struct MboxMessage {
  uint64_t offset = 0;     // of the From_ line in the file
  uint64_t length = 0;     // up to the next From_ line or the end of the file
  std::string from_line;   // the From_ line, without its line end
  std::string content;     // the message bytes, unescaped
  bool truncated = false;  // the file ended without a line end
};

class MboxReader {
 public:
  /// Reads from an open stream it does not own (a file or stdin).
  explicit MboxReader(std::FILE* in, std::string name_for_errors);
  /// Reads from memory (tests, stdin already read).
  static MboxReader FromText(std::string_view text);

  /// The next message, or false at the end (status() tells whether the end was an error).
  bool Next(MboxMessage* out);
  const Status& status() const { return status_; }

 private:
  // One line with its line end, or false at the end.
  bool ReadLine(std::string* line);

  std::FILE* in_ = nullptr;
  std::string name_;
  std::string_view text_;  // when reading from memory
  size_t text_pos_ = 0;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  uint64_t file_pos_ = 0;     // bytes consumed so far
  std::string pending_from_;  // a From_ line already read, starting the next message
  uint64_t pending_offset_ = 0;
  bool have_pending_ = false;
  bool eof_ = false;
  char eol_ = '\n';         // what ends a line: '\r' in a file of bare-CR line ends
  bool eol_known_ = false;  // decided on the first block read
  Status status_;
};

/// True when `head` (the first bytes of a file) looks like an mbox: "From " after an
/// optional UTF-8 BOM.
bool LooksLikeMbox(std::string_view head);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_MBOX_READER_H_
