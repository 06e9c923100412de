// Builds an outgoing message with GMime (a letter to one person with its PDF attached), for
// `breachkit letters --eml`. Deterministic: the boundary and the Message-ID come from the
// caller's `tag`, the date from the caller, so the same letter gives the same bytes.
#ifndef BREACHKIT_CORE_MAIL_MAIL_WRITER_H_
#define BREACHKIT_CORE_MAIL_MAIL_WRITER_H_

#include <cstdint>
#include <string>

#include "core/util/result.h"

namespace breachkit {

struct OutgoingMail {
  std::string from_name, from_address;
  std::string to_name, to_address;  // exactly one recipient, in To
  std::string subject;
  std::string body;        // text/plain, UTF-8
  std::string attachment;  // bytes
  std::string attachment_name;
  std::string attachment_type = "application/pdf";
  int64_t date = 0;
  std::string tag;  // makes the boundary and Message-ID
};

Result<std::string> BuildMail(const OutgoingMail& mail);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_MAIL_WRITER_H_
