// The CNIL notification form's code lists (doc/regulatory.md §1.2): the origins of the
// breach (E), its cause (F) and the categories of persons (G), as the online service (MADIS)
// spells them. They are data: a field of the record holds codes, validated when the DPO sets
// them, and the documents print their labels. An item that takes a free text ("Autres") keeps
// it after "=": "1,11=candidats à un recrutement".
#ifndef BREACHKIT_CORE_MODEL_CNIL_LISTS_H_
#define BREACHKIT_CORE_MODEL_CNIL_LISTS_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace breachkit {

struct CodeItem {
  std::string_view code;    // "9"
  std::string_view label;   // "Données personnelles envoyées à un mauvais destinataire"
  bool takes_text = false;  // "Autres": the DPO says which
};

struct CodeList {
  std::string_view field;  // the `breachkit set` field: origins, cause, person-categories
  std::string_view title;  // the form's section
  bool several = false;    // several items may be ticked
  std::span<const CodeItem> items;
};

/// Every list, in the form's order.
std::span<const CodeList> CnilCodeLists();
/// The list behind a `set` field, or null.
const CodeList* CnilCodeList(std::string_view field);

/// What the DPO typed, as stored: codes ("9", "9,7"), or for a one-choice list its label as
/// the list spells it (any case); the item that takes a text carries it after "=" and comes
/// last. Refused (kUsage) with the list's codes and labels when a code is unknown, repeated,
/// when a list of one choice gets several, or when "Autres" comes without its text.
Result<std::string> ParseCodes(const CodeList& list, std::string_view typed);

/// The labels of a stored value ("Autres : candidats à un recrutement"). A value written
/// before the lists were checked (free text) is given back as it is.
std::vector<std::string> CodeLabels(const CodeList& list, std::string_view stored);

/// The labels of the stored value of the list behind `field`, joined by "; " ("" when empty).
std::string LabelsOf(std::string_view field, std::string_view stored);

/// `breachkit set --list FIELD`: one line per item, "code  label".
std::string DescribeCodeList(const CodeList& list);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MODEL_CNIL_LISTS_H_
