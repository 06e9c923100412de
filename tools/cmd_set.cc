// breachkit set FIELD VALUE: the incident's free-text fields and the DPO's flags, as the
// CNIL draft, the letters and the risk assessment use them. `breachkit set` alone lists the
// fields with their current values.
#include <algorithm>
#include <array>

#include <fmt/core.h>

#include "core/detect/finding.h"
#include "core/model/cnil_lists.h"
#include "core/model/incident_texts.h"
#include "core/model/proposals.h"
#include "core/risk/facts.h"
#include "core/store/exposure_loader.h"
#include "reports/document.h"
#include "reports/text_writer.h"
#include "tools/commands.h"

namespace breachkit {
namespace {

struct Field {
  std::string_view name;
  std::string_view help;
  std::string IncidentInfo::* text = nullptr;  // a text field, or
  bool IncidentInfo::* flag = nullptr;         // a yes/no field
};

constexpr std::array<Field, 15> kFields{{
    {"title", "a short title of the incident", &IncidentInfo::title},
    {"description", "what happened, in a few sentences", &IncidentInfo::description},
    {"circumstances", "how it happened", &IncidentInfo::circumstances},
    {"discovery", "how it was discovered", &IncidentInfo::discovery_means},
    {"cause", "CNIL list, one code (set --list cause), e.g. 2: Acte interne accidentel",
     &IncidentInfo::cause},
    {"origins",
     "CNIL list codes, comma-separated (set --list origins), e.g. 9: sent to the wrong person",
     &IncidentInfo::origin_codes},
    {"person-categories",
     "CNIL list codes (set --list person-categories), e.g. 11=candidats à un recrutement",
     &IncidentInfo::person_categories},
    {"late-reason", "why the notification comes after the deadline (GDPR Art. 33(1))",
     &IncidentInfo::late_reason},
    {"consequences",
     "likely consequences for the persons (third person: the CNIL draft, the register)",
     &IncidentInfo::consequences},
    {"measures-taken", "measures taken to stop the breach and limit its effects",
     &IncidentInfo::measures_taken},
    {"measures-planned", "measures planned so that it does not happen again",
     &IncidentInfo::measures_planned},
    {"cnil-reference", "reference of the initial notification", &IncidentInfo::cnil_reference},
    {"vulnerable", "yes if minors or vulnerable persons are among them", nullptr,
     &IncidentInfo::persons_vulnerable},
    {"unintelligible", "yes if the data were unintelligible (e.g. encrypted)", nullptr,
     &IncidentInfo::data_unintelligible},
    {"integrity", "yes if the data were also altered", nullptr, &IncidentInfo::nature_integrity},
}};

// The form's data categories (§1.2 H) are not set: they come from what the detectors found.
// The list shows which of breachkit's categories lands in each.
std::string DataCategoryList() {
  std::vector<std::pair<std::string_view, std::string>> rows;
  for (int k = 0; k < static_cast<int>(DataCategory::kCount); ++k) {
    const CategoryInfo& info = InfoOf(static_cast<DataCategory>(k));
    auto at =
        std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.first == info.cnil; });
    if (at == rows.end()) {
      rows.emplace_back(info.cnil, std::string(info.label_fr));
    } else {
      at->second += ", " + std::string(info.label_fr);
    }
  }
  std::string out =
      "data-categories (H. Catégories de données; counted from the evidence, not set)\n";
  for (const auto& [cnil, ours] : rows) out += fmt::format("  {}\n      ← {}\n", cnil, ours);
  return out;
}

bool PerLanguage(std::string_view field) {
  return std::find(kTextsPerLanguage.begin(), kTextsPerLanguage.end(), field) !=
         kTextsPerLanguage.end();
}

}  // namespace

Result<Outcome> Options::Set::Execute(const Options& options, const Io& io, IncidentStore& store) {
  auto info = store.LoadIncident();
  if (!info) return std::unexpected(info.error());
  const auto& o = options.set;
  if (!o.list.empty()) {
    if (const CodeList* list = CnilCodeList(o.list)) {
      fmt::print(io.out, "{}", DescribeCodeList(*list));
      return Outcome::kOk;
    }
    if (o.list == "data-categories") {
      fmt::print(io.out, "{}", DataCategoryList());
      return Outcome::kOk;
    }
    return Fail(ErrorCode::kUsage,
                "no CNIL list '{}' (origins, cause, person-categories, data-categories)", o.list);
  }
  if (o.field.empty()) {
    if (o.confirm) return Fail(ErrorCode::kUsage, "--confirm needs a field (set --confirm FIELD)");
    TableBlock t{{"field", "value", "what it is"}, {}};
    for (const Field& f : kFields) {
      std::string value = f.text ? (*info).*f.text : ((*info).*f.flag ? "yes" : "no");
      if (const CodeList* list = CnilCodeList(f.name); list && !value.empty()) {
        std::string labels;
        for (const std::string& l : CodeLabels(*list, value))
          labels += (labels.empty() ? "" : "; ") + l;
        value += " (" + labels + ")";
      }
      if (!PerLanguage(f.name)) {
        t.rows.push_back({std::string(f.name), value.empty() ? "—" : value, std::string(f.help)});
        continue;
      }
      // A text per language: each language on its row, a proposal marked.
      for (std::string_view lang : kTextLanguages) {
        std::string text = *TextIn(*info, f.name, lang);
        if (IsProposed(*info, f.name, lang))
          text += fmt::format(
              " [proposed by breachkit: review it, then set --confirm {} --lang {}]", f.name, lang);
        t.rows.push_back(
            {fmt::format("{} ({})", f.name, lang), text.empty() ? "—" : text, std::string(f.help)});
      }
    }
    fmt::print(io.out, "{}\n",
               RenderText(Document{"Incident fields", "", "", {Section{store.path(), {t}}}}));
    const std::vector<std::string> unconfirmed = UnconfirmedTexts(*info);
    if (!unconfirmed.empty()) {
      std::string list;
      for (const std::string& u : unconfirmed) list += (list.empty() ? "" : ", ") + u;
      fmt::print(io.out,
                 "breachkit's proposals not confirmed yet: {}; the CNIL draft and the register "
                 "mark them, and a letter that prints one is a draft\n",
                 list);
    }
    return Outcome::kOk;
  }
  if (!o.lang.empty() && !PerLanguage(o.field)) {
    return Fail(ErrorCode::kUsage,
                "{} has one text; --lang is for consequences, measures-taken and "
                "measures-planned",
                o.field);
  }
  const std::string lang = o.lang.empty() ? info->language : o.lang;
  if (o.confirm) {
    if (!PerLanguage(o.field) || !o.value.empty()) {
      return Fail(ErrorCode::kUsage,
                  "set --confirm FIELD [--lang fr|en] confirms breachkit's proposal of "
                  "consequences, measures-taken or measures-planned; to write a text: set FIELD "
                  "\"…\"");
    }
    // One language at a time, the record's by default: a text is confirmed by someone who
    // read it. An empty field shows breachkit's proposal in the CNIL draft: confirming it
    // writes that proposal, for the shape of incident the evidence shows, into the record.
    std::string* text = TextIn(&*info, o.field, lang);
    if (!IsProposed(*info, o.field, lang) && !text->empty()) {
      return Fail(ErrorCode::kUsage,
                  "{} ({}) holds a text already (your own, or a proposal confirmed): nothing to "
                  "confirm (set alone lists the fields)",
                  o.field, lang);
    }
    // What is confirmed is the proposal for what the evidence shows now, as the CNIL draft
    // prints it (a stored one made for an earlier shape is made again first).
    auto exposure = LoadExposureReport(store);
    if (!exposure) return std::unexpected(exposure.error());
    if (exposure->persons_affected == 0) {
      return Fail(ErrorCode::kUsage,
                  "the record holds no affected person yet: ingest the evidence first "
                  "(breachkit ingest FILE), then confirm the proposal made for it");
    }
    const std::string proposal = ProposedText(o.field, lang, ShapeOf(*exposure, *info));
    const bool filled = *text != proposal;  // empty, or proposed for an earlier shape
    *text = proposal;
    MarkProposed(&*info, o.field, lang, false);
    if (auto st = store.SaveIncident(*info); !st) return std::unexpected(st.error());
    if (auto st = store.AppendAudit("set", fmt::format("{} confirmed ({})", o.field, lang)); !st)
      return std::unexpected(st.error());
    if (filled) {
      fmt::print(io.out, "{} confirmed ({}): breachkit's proposal, now the record's text: {}\n",
                 o.field, lang, *text);
    } else {
      fmt::print(io.out, "{} confirmed ({})\n", o.field, lang);
    }
    return Outcome::kOk;
  }
  if (!o.value_given) {
    return Fail(ErrorCode::kUsage,
                "set {} needs a value: set {} \"…\" (\"\" empties it; set alone lists the "
                "fields)",
                o.field, o.field);
  }
  if (PerLanguage(o.field)) {
    *TextIn(&*info, o.field, lang) = o.value;
    MarkProposed(&*info, o.field, lang, false);  // the DPO's own words now
    if (auto st = store.SaveIncident(*info); !st) return std::unexpected(st.error());
    if (auto st = store.AppendAudit("set", fmt::format("{} ({})", o.field, lang)); !st)
      return std::unexpected(st.error());
    fmt::print(io.out, "{} ({}) set\n", o.field, lang);
    return Outcome::kOk;
  }
  for (const Field& f : kFields) {
    if (f.name != o.field) continue;
    if (const CodeList* list = CnilCodeList(f.name)) {
      auto codes = ParseCodes(*list, o.value);  // a CNIL list: codes, checked
      if (!codes) return std::unexpected(codes.error());
      (*info).*f.text = *codes;
    } else if (f.text) {
      (*info).*f.text = o.value;
    } else if (o.value == "yes" || o.value == "no") {
      (*info).*f.flag = o.value == "yes";
    } else {
      return Fail(ErrorCode::kUsage, "{} takes yes or no", f.name);
    }
    if (auto st = store.SaveIncident(*info); !st) return std::unexpected(st.error());
    // The audit log names the field, not its text (which may quote people).
    if (auto st = store.AppendAudit("set", std::string(f.name)); !st)
      return std::unexpected(st.error());
    fmt::print(io.out, "{} set\n", f.name);
    return Outcome::kOk;
  }
  std::string names;
  for (const Field& f : kFields) names += (names.empty() ? "" : ", ") + std::string(f.name);
  return Fail(ErrorCode::kUsage, "unknown field '{}' (one of: {})", o.field, names);
}

}  // namespace breachkit
