#include "reports/document.h"

namespace breachkit {

std::vector<ToComplete> Document::Missing() const {
  std::vector<ToComplete> out;
  for (const Section& s : sections) {
    for (const Block& b : s.blocks) {
      if (const auto* t = std::get_if<ToComplete>(&b)) out.push_back(*t);
    }
  }
  return out;
}

}  // namespace breachkit
