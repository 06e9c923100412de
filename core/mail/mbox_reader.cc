#include "core/mail/mbox_reader.h"

#include <cerrno>
#include <cstring>

namespace breachkit {
namespace {

constexpr size_t kReadBlock = 1 << 20;

bool IsFromLine(std::string_view line) { return line.starts_with("From "); }

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
    if (IsFromLine(line)) {
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
