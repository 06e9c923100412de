// The number a user reads for a message of a file. The record keeps each message's 0-based
// index (`message.idx`, the JSON's "index"); every text for a reader counts from 1, the
// third message of an mbox being "leak.mbox#3" and "leak.mbox message 3" alike.

#ifndef BREACHKIT_CORE_UTIL_MESSAGE_NUMBER_H_
#define BREACHKIT_CORE_UTIL_MESSAGE_NUMBER_H_

#include <cstdint>

namespace breachkit {

constexpr int64_t MessageNumber(int64_t index) { return index + 1; }

}  // namespace breachkit

#endif  // BREACHKIT_CORE_UTIL_MESSAGE_NUMBER_H_
