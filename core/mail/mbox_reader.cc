#include "core/mail/mbox_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <glib.h>

namespace breachkit {
namespace {

constexpr size_t kReadBlock = 1 << 20;

// A time (h:mm), a year (19xx or 20xx) and a day's or a month's name: the date of a From_
// line, in ctime's form ("Mon Jan  1 00:00:00 2001"), Gmail's ("+0000 2024") or RFC 5322's.
bool HasDateAndTime(std::string_view rest) {
  bool time = false, year = false;
  for (size_t i = 0; i < rest.size(); ++i) {
    const auto digit = [&](size_t at) { return at < rest.size() && g_ascii_isdigit(rest[at]); };
    if (i > 0 && g_ascii_isdigit(rest[i - 1])) continue;  // the start of a number only
    if (!digit(i)) continue;
    const size_t w = digit(i + 1) ? 2 : 1;
    if (rest.size() > i + w + 2 && rest[i + w] == ':' && digit(i + w + 1) && digit(i + w + 2))
      time = true;
    if (digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4) &&
        (rest.substr(i, 2) == "19" || rest.substr(i, 2) == "20"))
      year = true;
  }
  if (!time || !year) return false;
  // And a day's or a month's name, as a word of its own ("Mon", "Jan"): the dates of From_
  // lines all have one; a body's "From 9:00 to 17:00 in 2024" has none.
  static constexpr std::string_view kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun",
                                                "jan", "feb", "mar", "apr", "may", "jun", "jul",
                                                "aug", "sep", "oct", "nov", "dec"};
  for (size_t i = 0; i + 3 <= rest.size(); ++i) {
    if (i > 0 && g_ascii_isalpha(rest[i - 1])) continue;
    if (i + 3 < rest.size() && g_ascii_isalpha(rest[i + 3])) continue;
    const std::string word{static_cast<char>(g_ascii_tolower(rest[i])),
                           static_cast<char>(g_ascii_tolower(rest[i + 1])),
                           static_cast<char>(g_ascii_tolower(rest[i + 2]))};
    if (std::find(std::begin(kNames), std::end(kNames), word) != std::end(kNames)) return true;
  }
  return false;
}

// The From_ line of a message: "From " then its envelope sender, then its date. A line of
// text that starts with "From " in a body an mbox writer did not escape (mboxo: "From now on
// my number is …", "From Russia with love") has neither: it stays in its message. Thunderbird
// writes "From - DATE" and older versions "From -"; Gmail's export "From ID@xxx DATE"; some
// tools a sender alone: a sender with no date is one only when it is "-" or an address.
bool IsFromLine(std::string_view line) {
  if (!line.starts_with("From ")) return false;
  std::string_view rest = line.substr(5);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  const size_t end = rest.find_first_of(" \t\r\n");
  const std::string_view sender = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  // A sender that starts with a digit is an address (Gmail's "1844…@xxx"), or no sender at
  // all ("From 9:00 to 17:00", "From 2019 to 2021").
  if (!sender.empty() && g_ascii_isdigit(sender.front()) &&
      sender.find('@') == std::string_view::npos)
    return false;
  if (HasDateAndTime(rest)) return true;
  const bool nothing_after = rest.find_first_not_of(" \t\r\n") == std::string_view::npos;
  return nothing_after && (sender == "-" || sender.find('@') != std::string_view::npos ||
                           g_ascii_strcasecmp(std::string(sender).c_str(), "MAILER-DAEMON") == 0);
}

// ^>+From  → drop one '>'.
bool IsEscapedFrom(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return i > 0 && line.substr(i).starts_with("From ");
}

std::string_view WithoutLineEnd(std::string_view line) {
  if (line.ends_with("\r\n")) return line.substr(0, line.size() - 2);
  if (line.ends_with("\n") || line.ends_with("\r")) return line.substr(0, line.size() - 1);
  return line;
}

}  // namespace

bool LooksLikeMbox(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  return head.starts_with("From ");
}

MboxReader::MboxReader(std::FILE* in, std::string name_for_errors)
    : in_(in), name_(std::move(name_for_errors)) {}

MboxReader MboxReader::FromText(std::string_view text) {
  MboxReader r(nullptr, "<memory>");
  r.text_ = text;
  return r;
}

bool MboxReader::ReadLine(std::string* line) {
  line->clear();
  for (;;) {
    if (buffer_pos_ < buffer_.size()) {
      const size_t nl = buffer_.find(eol_, buffer_pos_);
      if (nl != std::string::npos) {
        line->append(buffer_, buffer_pos_, nl + 1 - buffer_pos_);
        buffer_pos_ = nl + 1;
        file_pos_ += line->size();
        return true;
      }
      line->append(buffer_, buffer_pos_, std::string::npos);
      buffer_pos_ = buffer_.size();
    }
    if (eof_) {
      file_pos_ += line->size();
      return !line->empty();
    }
    buffer_.clear();
    buffer_pos_ = 0;
    if (in_) {
      buffer_.resize(kReadBlock);
      const size_t n = std::fread(buffer_.data(), 1, kReadBlock, in_);
      buffer_.resize(n);
      if (n == 0) {
        eof_ = true;
        if (std::ferror(in_)) {
          status_ = Fail(ErrorCode::kIo, "{}: read error at byte {}: {}", name_,
                         file_pos_ + line->size(), std::strerror(errno));
        }
      }
    } else {
      const size_t n = std::min(kReadBlock, text_.size() - text_pos_);
      buffer_.assign(text_.substr(text_pos_, n));
      text_pos_ += n;
      if (n == 0) eof_ = true;
    }
    if (!eol_known_ && !buffer_.empty()) {
      // The first block read decides: lines end with a bare CR (classic Mac OS, some
      // exports) when it holds a CR and no LF.
      eol_known_ = true;
      if (buffer_.find('\n') == std::string::npos && buffer_.find('\r') != std::string::npos)
        eol_ = '\r';
    }
  }
}

bool MboxReader::Next(MboxMessage* out) {
  std::string line;
  if (!have_pending_) {
    // Only the first call can get here with data: find the first From_ line. Bytes before
    // it (a file that does not start with "From ") become a message without a From_ line.
    const uint64_t start = file_pos_;
    if (!ReadLine(&line)) return false;
    if (start == 0 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // BOM
    if (line.starts_with("From ")) {  // the first line: whatever follows "From "
      pending_from_ = std::string(WithoutLineEnd(line));
      pending_offset_ = start;
      line.clear();
    } else {
      pending_from_.clear();
      pending_offset_ = start;
    }
    have_pending_ = true;
  }

  *out = MboxMessage{};
  out->offset = pending_offset_;
  out->from_line = std::move(pending_from_);
  have_pending_ = false;
  auto take = [&](std::string_view l) {
    if (IsEscapedFrom(l)) l.remove_prefix(1);
    out->content.append(l);
  };
  if (!line.empty()) take(line);
  for (;;) {
    const uint64_t line_start = file_pos_;
    if (!ReadLine(&line)) break;
    if (IsFromLine(line)) {
      pending_from_ = std::string(WithoutLineEnd(line));
      pending_offset_ = line_start;
      have_pending_ = true;
      break;
    }
    take(line);
  }
  out->length = (have_pending_ ? pending_offset_ : file_pos_) - out->offset;
  out->truncated = !out->content.empty() && out->content.back() != eol_;
  // The empty line that separates this message from the next is not part of it.
  if (out->content.ends_with("\r\n\r\n")) {
    out->content.resize(out->content.size() - 2);
  } else if (out->content.ends_with("\n\n") || (eol_ == '\r' && out->content.ends_with("\r\r"))) {
    out->content.pop_back();
  }
  return true;
}

}  // namespace breachkit
