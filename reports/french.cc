#include "reports/french.h"

#include <array>
#include <cstdlib>

#include <fmt/core.h>
#include <glib.h>

#include "core/risk/facts.h"
#include "core/util/clock.h"
#include "core/util/glib_handle.h"

namespace breachkit {
namespace {

constexpr char kNoBreak[] = "\u00A0";
constexpr char kNarrowNoBreak[] = "\u202F";

using DateTimePtr = DeletableUniquePtr<GDateTime, g_date_time_unref>;

// The instant as `zone` shows it, or null when the zone or the instant is no good.
DateTimePtr Local(int64_t t, std::string_view zone) {
  GTimeZone* tz = TimeZoneNamed(zone);
  DateTimePtr utc(g_date_time_new_from_unix_utc(t));
  if (tz == nullptr || !utc) return nullptr;
  return DateTimePtr(g_date_time_to_timezone(utc.get(), tz));
}

constexpr std::array<std::string_view, 12> kMonthsFr{
    "janvier", "février", "mars",      "avril",   "mai",      "juin",
    "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
constexpr std::array<std::string_view, 12> kMonthsEn{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::string FrenchDay(const DateTimePtr& d) {
  const int day = g_date_time_get_day_of_month(d.get());
  return fmt::format("{}{} {} {}", day, day == 1 ? "er" : "",
                     kMonthsFr[static_cast<size_t>(g_date_time_get_month(d.get()) - 1)],
                     g_date_time_get_year(d.get()));
}

}  // namespace

std::string FrenchDate(int64_t t, std::string_view zone) {
  const DateTimePtr d = Local(t, zone);
  return d ? FrenchDay(d) : FormatUtc(t);
}

std::string FrenchDateTime(int64_t t, std::string_view zone) {
  const DateTimePtr d = Local(t, zone);
  if (!d) return FormatUtc(t);
  const int h = g_date_time_get_hour(d.get()), m = g_date_time_get_minute(d.get());
  // "9 h", "9 h 05": the hour and its minutes never part across a line.
  std::string text = FrenchDay(d) + " à " +
                     (m == 0 ? fmt::format("{}{}h", h, kNoBreak)
                             : fmt::format("{}{}h{}{:02}", h, kNoBreak, kNoBreak, m));
  // A time of another zone than France's says which: the CNIL reads a bare time as Paris's
  // (a London record's "17 h 30" is 18 h 30 there).
  if (zone != "Europe/Paris") {
    const int64_t minutes = g_date_time_get_utc_offset(d.get()) / G_TIME_SPAN_MINUTE;
    text += fmt::format(" (UTC{}{:02}:{:02}, {})", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                        std::abs(minutes) % 60, zone);
  }
  return text;
}

std::string EnglishDate(int64_t t, std::string_view zone) {
  const DateTimePtr d = Local(t, zone);
  if (!d) return FormatUtc(t);
  return fmt::format("{} {} {}", g_date_time_get_day_of_month(d.get()),
                     kMonthsEn[static_cast<size_t>(g_date_time_get_month(d.get()) - 1)],
                     g_date_time_get_year(d.get()));
}

std::string FrenchEventKind(std::string_view kind) {
  static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
      {"occurred", "début de la violation"},
      {"awareness", "prise de connaissance"},
      {"contained", "fin de la violation"},
      {"cnil-notified", "notification à la CNIL"},
      {"cnil-complementary", "notification complémentaire à la CNIL"},
      {"persons-informed", "information des personnes"},
      {"note", "note"},
      {"first-exposure", "première exposition"},
      {"last-exposure", "dernière exposition"}};
  for (const auto& [k, fr] : kKinds) {
    if (k == kind) return std::string(fr);
  }
  return std::string(kind);
}

std::string FrenchEventNote(const TimelineEvent& e) {
  if (e.origin == "evidence") {
    if (e.kind == "first-exposure") return "premier message qui a exposé une personne";
    if (e.kind == "last-exposure") return "dernier message qui a exposé une personne";
  }
  return e.note;
}

std::string FrenchDocumentKind(std::string_view kind) {
  static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
      {"cnil-initial", "notification à la CNIL (initiale)"},
      {"cnil-complementary", "notification à la CNIL (complémentaire)"},
      {"register", "registre"},
      {"letter", "lettre"},
      {"letter-eml", "brouillon de courriel"},
      {"letters-merged", "lettres réunies"},
      {"letters-manifest", "liste des lettres"},
      {"review-sheet", "feuille de contrôle des détections"},
      {"export-json", "export JSON"},
      {"export-xml", "export XML"},
      {"export-csv", "export CSV"}};
  for (const auto& [k, fr] : kKinds) {
    if (k == kind) return std::string(fr);
  }
  return std::string(kind);
}

std::string FrenchSpacing(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t k = 0; k < text.size(); ++k) {
    const std::string_view rest = text.substr(k);
    if (text[k] == ' ' && k + 1 < text.size()) {
      const char next = text[k + 1];
      // Before : the no-break space is a word space; before ; ? ! a narrow one.
      if (next == ':') {
        out += kNoBreak;
        continue;
      }
      if (next == ';' || next == '?' || next == '!') {
        out += kNarrowNoBreak;
        continue;
      }
      if (text.substr(k + 1).starts_with("»")) {
        out += kNoBreak;
        continue;
      }
    }
    // "n° 6", "88 %": the sign stays with its number.
    if (rest.starts_with("n° ")) {
      out += "n°";
      out += kNoBreak;
      k += std::string_view("n° ").size() - 1;
      continue;
    }
    if (rest.starts_with(" %")) {
      out += kNoBreak;
      continue;
    }
    if (rest.starts_with("« ")) {
      out += "«";
      out += kNoBreak;
      k += std::string_view("« ").size() - 1;
      continue;
    }
    out += text[k];
  }
  return out;
}

void TypesetFrench(Document* doc) {
  auto fix = [](std::string& s) { s = FrenchSpacing(s); };
  fix(doc->title);
  for (Section& section : doc->sections) {
    fix(section.heading);
    for (Block& block : section.blocks) {
      if (auto* p = std::get_if<Paragraph>(&block)) {
        fix(p->text);
      } else if (auto* kv = std::get_if<KeyValues>(&block)) {
        for (auto& [k, v] : kv->rows) {
          fix(k);
          fix(v);
        }
      } else if (auto* t = std::get_if<TableBlock>(&block)) {
        for (auto& h : t->header) fix(h);
        if (t->verbatim) continue;  // a file's path must stay the file's
        for (auto& row : t->rows) {
          for (auto& cell : row) fix(cell);
        }
      } else if (auto* l = std::get_if<BulletList>(&block)) {
        for (auto& item : l->items) fix(item);
      } else if (auto* c = std::get_if<ToComplete>(&block)) {
        fix(c->field);
      } else if (auto* ch = std::get_if<Chart>(&block)) {
        fix(ch->title);
      }
    }
  }
}

TableBlock RiskGroupTable(const RiskAssessment& a) {
  TableBlock t{{"Données exposées", "Personnes", "SE", "Niveau", "Information (art. 34)"}, {}};
  for (const GroupAssessment& g : a.groups) {
    t.rows.push_back({KindsLabel(g.kinds, "fr"), FrenchNumber(g.persons), FrenchDecimal(g.se),
                      std::string(InfoOf(g.band).fr),
                      g.inform_persons ? "obligatoire" : "au choix du responsable"});
  }
  return t;
}

std::string ThirdPartyReason(const ThirdParty& t) {
  return t.on_original_list ? "sur la liste d'origine : a reçu les lignes d'un tableau ou un "
                              "document sur d'autres personnes"
                            : "hors de la liste d'origine";
}

}  // namespace breachkit
