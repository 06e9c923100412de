// Fuzz target: the XML readers of user-supplied files — the organisation profile
// (`init --org`), the letter templates (`letters --template`) and the record import
// (`import`), each validated against its XSD with libxml2, then read with pugixml — and of
// the parts of office attachments (DOCX, XLSX, ODT), read with pugixml.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/mail/office_text.h"
#include "core/profile/organisation.h"
#include "core/store/record_io.h"
#include "reports/letter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  (void)breachkit::ParseOrganisationProfile(xml, "fuzz.xml");
  (void)breachkit::ParseLetterTemplate(xml, "fuzz.xml");
  (void)breachkit::RecordFromXml(xml, "fuzz.xml");
  std::string text;
  breachkit::AppendOfficeXmlText(std::string(xml), &text);
  return 0;
}
