#include "core/model/incident_texts.h"

#include <algorithm>

#include "core/util/ascii.h"

namespace breachkit {
namespace {

bool KnownLanguage(std::string_view lang) {
  return std::find(kTextLanguages.begin(), kTextLanguages.end(), lang) != kTextLanguages.end();
}

std::string Key(std::string_view field, std::string_view lang) {
  return std::string(field) + ":" + std::string(lang);
}

}  // namespace

std::string* TextIn(IncidentInfo* i, std::string_view field, std::string_view lang) {
  if (!KnownLanguage(lang)) return nullptr;
  const bool main = lang == i->language;
  if (field == "consequences") return main ? &i->consequences : &i->consequences_alt;
  if (field == "measures-taken") return main ? &i->measures_taken : &i->measures_taken_alt;
  if (field == "measures-planned") return main ? &i->measures_planned : &i->measures_planned_alt;
  return nullptr;
}

const std::string* TextIn(const IncidentInfo& i, std::string_view field, std::string_view lang) {
  return TextIn(const_cast<IncidentInfo*>(&i), field, lang);
}

void SetRecordLanguage(IncidentInfo* i, const std::string& lang) {
  if (lang == i->language) return;
  std::string texts[3][2];
  for (size_t f = 0; f < kTextsPerLanguage.size(); ++f) {
    for (size_t l = 0; l < kTextLanguages.size(); ++l) {
      if (const std::string* t = TextIn(*i, kTextsPerLanguage[f], kTextLanguages[l]))
        texts[f][l] = *t;
    }
  }
  i->language = lang;
  for (size_t f = 0; f < kTextsPerLanguage.size(); ++f) {
    for (size_t l = 0; l < kTextLanguages.size(); ++l) {
      if (std::string* t = TextIn(i, kTextsPerLanguage[f], kTextLanguages[l]))
        *t = std::move(texts[f][l]);
    }
  }
}

bool IsProposed(const IncidentInfo& i, std::string_view field, std::string_view lang) {
  const std::vector<std::string> keys = SplitWords(i.proposed);
  return std::find(keys.begin(), keys.end(), Key(field, lang)) != keys.end();
}

void MarkProposed(IncidentInfo* i, std::string_view field, std::string_view lang, bool proposed) {
  std::vector<std::string> keys = SplitWords(i->proposed);
  const std::string key = Key(field, lang);
  keys.erase(std::remove(keys.begin(), keys.end(), key), keys.end());
  if (proposed) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  i->proposed.clear();
  for (const std::string& k : keys) i->proposed += (i->proposed.empty() ? "" : " ") + k;
}

std::vector<std::string> UnconfirmedTexts(const IncidentInfo& i) {
  std::vector<std::string> out;
  for (std::string_view field : kTextsPerLanguage) {
    for (std::string_view lang : kTextLanguages) {
      if (IsProposed(i, field, lang))
        out.push_back(std::string(field) + " (" + std::string(lang) + ")");
    }
  }
  return out;
}

}  // namespace breachkit
