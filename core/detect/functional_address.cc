#include "core/detect/functional_address.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "core/detect/text_util.h"
#include "core/util/ascii.h"

namespace breachkit {
namespace {

std::vector<std::string_view> Words(std::string_view s, std::string_view separators) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || separators.find(s[i]) != std::string_view::npos) {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// RFC 2142's mailbox names, and the role boxes every organisation has. Words only: no first
// name or surname is among them.
constexpr std::string_view kRoles[] = {
    // RFC 2142
    "postmaster", "hostmaster", "webmaster", "abuse", "noc", "security", "info", "marketing",
    "sales", "sale", "support", "nobody", "usenet", "news", "uucp", "ftp", "www",
    // systems and services
    "admin", "administrator", "root", "sysadmin", "helpdesk", "help", "service", "services",
    "notification", "notifications", "alerts", "announce", "announcements", "newsletter",
    "newsletters", "infos", "information", "contact", "contacts", "office", "team", "hello",
    // departments, in English and French
    "billing", "accounting", "accounts", "orders", "order", "feedback", "press", "media", "careers",
    "jobs", "hr", "customer", "customers", "customerservice", "enquiries", "inquiries", "export",
    "import", "purchasing", "purchase", "procurement", "training", "claims", "legal", "compliance",
    "reception", "booking", "reservation", "reservations", "shop", "store", "accueil", "contact",
    "commercial", "comptabilite", "compta", "facturation", "achats", "formation", "juridique",
    "direction", "secretariat", "communication", "presse", "recrutement", "rh", "assistance", "sav",
    "commandes", "devis", "clients", "client", "boutique", "desk", "ventes", "rgpd", "gdpr",
    "privacy",
    // functions and services
    "leads", "quality", "president", "concierge", "events", "tickets", "partners", "affiliates",
    "investors", "monitoring", "backup", "system", "sysop", "weather", "meteo", "overseas",
    // a newsletter's names
    "enews", "newsflash",
    // a system's generic accounts ("mailusr1@"), a mail drop ("mail_dump@")
    "usr", "mailuser", "mailusr", "mail", "dump", "maildump",
    // departments in Spanish, Italian and German
    "ventas", "clientes", "atencion", "soporte", "informacion", "notificaciones", "contacto",
    "facturacion", "pedidos", "administracion", "vendite", "clienti", "assistenza",
    "amministrazione", "ufficio", "segreteria", "commerciale", "contatti", "ordini", "vertrieb",
    "kundenservice", "kundendienst", "buchhaltung", "verwaltung", "zentrale", "kontakt",
    "bestellung", "einkauf"};
// A list's address or its robots, and the words lists are named with ("gnupg-announce",
// "dm-devel", "python-users").
constexpr std::string_view kListWords[] = {
    "list",     "lists",    "request", "owner",     "bounces",     "majordomo",
    "listserv", "listproc", "mailman", "subscribe", "unsubscribe", "digest",
    "announce", "devel",    "discuss", "users",     "moderator"};
// Words that qualify a role without naming anyone: "vice-president@", "sysservices@"
// (glued). A role only beside a role word.
constexpr std::string_view kRoleQualifiers[] = {"vice", "deputy", "sys"};
// The suffixes of a list's robots ("ppp-request@", "gnupg-announce-bounces@"; "owner-LIST@"
// is a prefix). "-admin" and "-owner" are also people's second mailboxes ("jdupont-admin@"):
// they name a list only in a message that came through one.
constexpr std::string_view kRobotSuffixes[] = {"-request", "-bounces"};
constexpr std::string_view kListRobotSuffixes[] = {"-admin", "-owner"};
constexpr std::array<std::string_view, 6> kNoReply{"noreply",    "no-reply",     "no_reply",
                                                   "donotreply", "do-not-reply", "do_not_reply"};
// Hosts that only robots write from: a list server, a tracker, a bounce handler.
constexpr std::array<std::string_view, 7> kServiceHosts{"lists",   "list",  "bugs",   "bounce",
                                                        "bounces", "reply", "noreply"};

// A role word, or two glued together ("abusedesk", "salesoffice", "sysservices"); a number
// after it numbers the box ("user1", "info2", "mailusr1").
bool IsRoleWord(std::string_view w) {
  while (w.size() > 1 && IsDigit(w.back())) w.remove_suffix(1);
  if (OneOf(w, kRoles)) return true;
  for (size_t i = 2; i + 2 <= w.size(); ++i) {
    const std::string_view head = w.substr(0, i);
    if ((OneOf(head, kRoles) || OneOf(head, kRoleQualifiers)) && OneOf(w.substr(i), kRoles)) {
      return true;
    }
  }
  return false;
}

// The organisation's name in its domain: the label before the public suffix, as far as a
// list of two-level suffixes tells ("mmlampadari" of "mmlampadari.com", "example" of
// "www.example.co.uk").
std::string_view DomainName(const std::vector<std::string_view>& labels) {
  if (labels.size() < 2) return {};
  size_t name = labels.size() - 2;
  static constexpr std::string_view kSecondLevel[] = {"co",  "com",  "org", "net", "ac", "gov",
                                                      "edu", "gouv", "or",  "ne",  "go"};
  if (name > 0 && OneOf(labels[name], kSecondLevel)) --name;
  return labels[name];
}

// A domain's name that names an organisation: not a documentation domain ("example") nor
// a mask ("xxx@xxx.com" stands for someone's address, redacted).
bool IsOrganisationName(std::string_view name) {
  return name.size() >= 3 && name != "example" &&
         name.find_first_not_of(name.front()) != std::string_view::npos;
}

}  // namespace

std::string_view FunctionalReason(std::string_view address) {
  // An address with no domain ("Moderator-Address", "postmaster" on the host itself) is a
  // local part: its words say what it is as they would with one.
  const size_t at = std::min(address.rfind('@'), address.size());
  if (at == 0) return "";
  const std::string local = AsciiLower(address.substr(0, at));
  const std::string domain = AsciiLower(address.substr(std::min(at + 1, address.size())));
  if (OneOf(local, kNoReply) || local.starts_with("noreply") || local.starts_with("no-reply")) {
    return "no-reply";
  }
  // A sub-address ("notification+45b0d380@", "jean+shop@") is a tag, not a word.
  const std::string_view base = std::string_view(local).substr(0, local.find('+'));
  const std::vector<std::string_view> words = Words(base, "._-=!");
  for (std::string_view w : words) {
    if (OneOf(w, kNoReply)) return "no-reply";  // "gmail-noreply"
  }
  for (std::string_view w : words) {
    if (w == "daemon" || w == "mailer") return "mailer-daemon";
  }
  // A VERP bounce address: the recipient encoded after '=' in a long local part
  // ("bounce-mc.us14_65794145.395229-jdoe=example.com@…").
  if (local.starts_with("bounce") || (local.size() > 24 && local.find('=') != std::string::npos)) {
    return "bounce";
  }
  for (std::string_view w : words) {
    if (OneOf(w, kListWords)) return "list";
  }
  if (base.ends_with("-admin")) return "list";  // Mailman's "<list>-admin"
  // A role only when every word is one ("info@", "service.clients@", "hr-team@"): a name
  // beside it makes a person's own address ("contact.jean@", "info.martin@"), and a person
  // wrongly left out of the count matters more than a role box counted.
  // The organisation's own name beside a role word is no one's either ("info-gnu@gnu.org");
  // alone it may be a person's own domain ("thomas@thomas.com", "dupont@dupont.fr").
  const std::vector<std::string_view> labels = Words(domain, ".");
  const std::string_view name = DomainName(labels);
  bool role = false, all_roles = true;
  for (std::string_view w : words) {
    const bool number = w.find_first_not_of("0123456789") == std::string_view::npos;
    const bool is_role = IsRoleWord(w);
    role = role || is_role;
    all_roles = all_roles && (is_role || number || OneOf(w, kRoleQualifiers) ||
                              (w == name && IsOrganisationName(name)));
  }
  if (role && all_roles) return "role";
  // An encoded identifier, not a name: four single letters or more and a number that is no
  // year ("e-r-w-a-4462@", a web form's per-lead address). Initials, with a birth year or
  // not ("j.p.m@", "j.p.m.1985@"), stay a person's.
  if (words.size() >= 5) {
    size_t letters = 0, numbers = 0;
    bool year = false;
    for (std::string_view w : words) {
      if (w.size() == 1 && IsAsciiAlpha(w[0])) ++letters;
      if (w.find_first_not_of("0123456789") == std::string_view::npos) {
        ++numbers;
        year = year || (w.size() == 4 && (w.starts_with("19") || w.starts_with("20")));
      }
    }
    if (letters >= 4 && numbers >= 1 && !year && letters + numbers == words.size())
      return "generated";
  }

  // A host of the domain, not the domain itself ("lists.example.org", but not "list.ru").
  for (size_t i = 0; i + 2 < labels.size(); ++i) {
    if (OneOf(labels[i], kServiceHosts)) return "service-host";
  }
  return "";
}

std::string_view DisplayNameReason(std::string_view name) {
  if (name.find('@') != std::string_view::npos) return "";  // an address, not a name
  const std::string lower = AsciiLower(name);
  std::vector<std::string_view> words;
  size_t start = 0;
  for (size_t i = 0; i <= lower.size(); ++i) {
    if (i == lower.size() || !IsAsciiAlnum(lower[i])) {
      if (i > start) words.push_back(std::string_view(lower).substr(start, i - start));
      start = i + 1;
    }
  }
  // Words a person's name is never made of, even beside a name: a robot's, a system's, a
  // bulk sender's ("mailer" and "robot" are surnames: Norman Mailer). A department ("Support",
  // "Sales Team") or a company ("Acme GmbH") is not among them: "Jeanne Martin (Support)" and
  // "Jeanne Martin | Acme GmbH" are people.
  static constexpr std::string_view kRobotWords[] = {
      "daemon",     "subsystem",   "automatic", "automated",  "notification", "notifications",
      "newsletter", "newsletters", "noreply",   "postmaster", "webmaster"};
  // A list, as Linux's get_maintainer names one in Cc ("open list:OPEN FIRMWARE …",
  // "moderated list:ARM PORT") or as a list names itself ("Mailing list", "Liste de
  // diffusion").
  static constexpr std::pair<std::string_view, std::string_view> kRobotPairs[] = {
      {"delivery", "system"}, {"signing", "key"},     {"test", "account"},
      {"service", "account"}, {"open", "list"},       {"moderated", "list"},
      {"mailing", "list"},    {"discussion", "list"}, {"liste", "de"}};
  for (size_t i = 0; i < words.size(); ++i) {
    if (OneOf(words[i], kRobotWords)) return "display-name";
    if (i + 1 < words.size()) {
      for (const auto& [first, second] : kRobotPairs) {
        if (words[i] == first && words[i + 1] == second) return "display-name";
      }
    }
  }
  return "";
}

std::string_view FunctionalReason(std::string_view address, bool named_list,
                                  std::string_view names) {
  const std::string_view reason = FunctionalReason(address, named_list);
  if (!reason.empty() || names.empty()) return reason;
  // Every name it was written with says so: one that does not may be its person's own.
  bool any = false;
  for (size_t start = 0; start <= names.size();) {
    const size_t end = std::min(names.find(kNameSeparator, start), names.size());
    const std::string_view name = names.substr(start, end - start);
    start = end + 1;
    if (name.empty() || name.find('@') != std::string_view::npos) continue;  // an address
    if (DisplayNameReason(name).empty()) return "";
    any = true;
  }
  return any ? std::string_view("display-name") : std::string_view();
}

namespace {

// The addresses written in a header's value: each run of address bytes around an '@'
// ("<mailto:scr-request@socal-raves.org?subject=help>", "list scr@x.org; contact y@x.org").
std::vector<std::string> AddressesIn(std::string_view raw) {
  // A comment ("(run by ezmlm)", "(c@y.org, the owner)") names nothing.
  std::string value;
  int depth = 0;
  for (char c : raw) {
    if (c == '(') ++depth;
    if (depth == 0) value += c;
    if (c == ')' && depth > 0) --depth;
  }
  std::vector<std::string> out;
  // UTF-8 bytes too: an internationalised address ("liste@bücher.de").
  auto utf8 = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
  auto address_byte = [&](char c) {
    return IsAsciiAlnum(c) || utf8(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' ||
           c == '=' || c == '\'';
  };
  for (size_t at = value.find('@'); at != std::string::npos; at = value.find('@', at + 1)) {
    size_t b = at, e = at + 1;
    while (b > 0 && address_byte(value[b - 1])) --b;
    while (e < value.size() &&
           (IsAsciiAlnum(value[e]) || utf8(value[e]) || value[e] == '.' || value[e] == '-')) {
      ++e;
    }
    while (e > at + 1 && value[e - 1] == '.') --e;
    if (b == at || e == at + 1) continue;
    std::string a = AsciiLower(std::string_view(value).substr(b, e - b));
    if (a.starts_with("mailto:")) a.erase(0, 7);
    out.push_back(std::move(a));
  }
  return out;
}

bool HeaderIs(std::string_view line, std::string_view name) {
  return line.size() > name.size() && line[name.size()] == ':' &&
         AsciiLower(line.substr(0, name.size())) == name;
}

}  // namespace

bool AutomaticReplySubject(std::string_view subject) {
  std::string s = AsciiLower(subject.substr(0, 40));
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return false;
  s.erase(0, b);
  for (std::string_view prefix :
       {"automatic reply", "auto-reply", "autoreply", "auto reply", "out of office",
        "out of the office", "reponse automatique", "r\xc3\xa9ponse automatique", "absence",
        "absent", "abwesenheit", "abwesend", "risposta automatica", "respuesta autom", "autosvar",
        "automatisch antwoord", "automatische antwort"}) {
    if (s.starts_with(prefix)) return true;
  }
  return false;
}

MessageLists::MessageLists(std::string_view list_headers,
                           const std::vector<std::string_view>& senders, bool answer) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < list_headers.size();) {
    size_t end = list_headers.find('\n', start);
    if (end == std::string_view::npos) end = list_headers.size();
    lines.push_back(list_headers.substr(start, end - start));
    start = end + 1;
  }
  // Whether the message came through a list at all (its List-* headers, Mailman's own).
  bool through_list = false;
  for (std::string_view line : lines) {
    through_list = through_list || HeaderIs(line, "x-beenthere") ||
                   HeaderIs(line, "x-mailing-list") || HeaderIs(line, "mailing-list") ||
                   HeaderIs(line, "x-mailman-version") ||
                   (line.size() > 5 && AsciiLower(line.substr(0, 5)) == "list-");
  }
  for (std::string_view a : senders) AddRobotOrList(AsciiLower(a), false, through_list);
  for (std::string_view line : lines) {
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view value = line.substr(colon + 1);
    if (HeaderIs(line, "list-id")) {
      // "Description <id>", or the id alone.
      const size_t lt = value.rfind('<'), gt = value.rfind('>');
      std::string_view id = value;
      if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt) {
        id = value.substr(lt + 1, gt - lt - 1);
      }
      while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
      while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
      if (id.find('.') != std::string_view::npos) ids_.push_back(AsciiLower(id));
      continue;
    }
    if (HeaderIs(line, "mailing-list")) {
      // ezmlm: "list L@D; contact L-help@D; run by ezmlm": the segment that starts "list".
      size_t from = 0;
      while (from <= value.size()) {
        size_t semi = value.find(';', from);
        if (semi == std::string_view::npos) semi = value.size();
        std::string_view segment = value.substr(from, semi - from);
        from = semi + 1;
        while (!segment.empty() && (segment.front() == ' ' || segment.front() == '\t')) {
          segment.remove_prefix(1);
        }
        const bool list = segment.size() > 5 && AsciiLower(segment.substr(0, 4)) == "list" &&
                          (segment[4] == ' ' || segment[4] == '\t');
        for (std::string& a : AddressesIn(segment)) AddRobotOrList(a, list, through_list);
      }
      continue;
    }
    if (HeaderIs(line, "precedence") || HeaderIs(line, "auto-submitted")) continue;
    // The list itself, written out; else an address its robots use.
    const bool is_list = HeaderIs(line, "list-post") || HeaderIs(line, "x-beenthere") ||
                         HeaderIs(line, "x-mailing-list");
    for (std::string& a : AddressesIn(value)) AddRobotOrList(a, is_list, through_list);
  }
  // A one-way sender (the constructor's comment in the header says which).
  bool unsubscribe = false, post = false, generated = false, replied = false;
  bool list_server = false;  // a discussion list's own headers (Mailman, ezmlm)
  for (std::string_view line : lines) {
    list_server = list_server || HeaderIs(line, "x-beenthere") ||
                  HeaderIs(line, "x-mailing-list") || HeaderIs(line, "mailing-list") ||
                  HeaderIs(line, "x-mailman-version");
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string value = AsciiLower(line.substr(colon + 1));
    const size_t b = value.find_first_not_of(" \t");
    value.erase(0, b == std::string::npos ? value.size() : b);
    unsubscribe = unsubscribe || HeaderIs(line, "list-unsubscribe");
    post = post || HeaderIs(line, "list-post");
    if (HeaderIs(line, "auto-submitted")) {
      generated =
          generated || value.starts_with("auto-generated") || value.starts_with("auto-notified");
      replied = replied || value.starts_with("auto-replied");
    }
  }
  // Precedence: bulk alone says nothing: list servers (Majordomo, older Mailman) put it on
  // every post they relay, a person's included; so do many out-of-office programs.
  // A bulk mailer's bounce handler as the envelope sender says nothing alone: Google
  // Calendar's invitations and a job board's relayed applications have one too (a review
  // found both made persons no persons).
  if (!answer && !replied && !post && (generated || (unsubscribe && !list_server))) {
    for (std::string_view a : senders) {
      std::string sender = AsciiLower(a);
      if (sender.find('@') == std::string::npos) continue;
      if (std::find(addresses_.begin(), addresses_.end(), sender) == addresses_.end())
        addresses_.push_back(std::move(sender));
    }
  }
}

void MessageLists::AddRobotOrList(std::string_view address, bool is_list, bool through_list) {
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0) return;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  auto add = [&](std::string_view list_local) {
    if (list_local.empty()) return;
    std::string a = std::string(list_local) + "@" + std::string(domain);
    if (std::find(addresses_.begin(), addresses_.end(), a) == addresses_.end()) {
      addresses_.push_back(std::move(a));
    }
  };
  if (is_list) {
    add(local);
    return;
  }
  // A robot's VERP tag ("gnupg-announce-bounces+jean=example.org@") is no part of the name;
  // an envelope tag ("prvs=1234=jean@", SRS) makes no robot.
  const std::string_view base = local.substr(0, local.find('+'));
  if (base.find('=') != std::string_view::npos) return;
  if (base.starts_with("owner-")) {
    add(base.substr(6));
    return;
  }
  for (std::string_view suffix : kRobotSuffixes) {
    if (base.size() > suffix.size() && base.ends_with(suffix)) {
      add(base.substr(0, base.size() - suffix.size()));
      return;
    }
  }
  if (!through_list) return;
  for (std::string_view suffix : kListRobotSuffixes) {
    if (base.size() > suffix.size() && base.ends_with(suffix)) {
      add(base.substr(0, base.size() - suffix.size()));
      return;
    }
  }
}

bool MessageLists::Names(std::string_view address) const {
  if (empty()) return false;
  const std::string a = AsciiLower(address);
  if (std::find(addresses_.begin(), addresses_.end(), a) != addresses_.end()) return true;
  const size_t at = a.rfind('@');
  if (at == std::string::npos || ids_.empty()) return false;
  // List-Id "<scr.socal-raves.org>" is scr@socal-raves.org (Mailman writes it so).
  const std::string id = a.substr(0, at) + "." + a.substr(at + 1);
  return std::find(ids_.begin(), ids_.end(), id) != ids_.end();
}

namespace {

// Whether `text` (lower-case) says an address does not exist.
bool SaysNoSuchAddress(std::string_view text) {
  static constexpr std::array<std::string_view, 16> kPhrases = {
      "user unknown",         "unknown user",      "does not exist",      "doesn't exist",
      "doesn\u2019t exist",   "no such user",      "no such mailbox",     "no such recipient",
      "unknown recipient",    "address not found", "unrouteable address", "utilisateur inconnu",
      "destinataire inconnu", "adresse inconnue",  "n'existe pas",        "n\u2019existe pas"};
  for (std::string_view phrase : kPhrases) {
    if (text.find(phrase) != std::string_view::npos) return true;
  }
  // An enhanced status code 5.1.x (RFC 3463: permanent, addressing) about the recipient: not
  // 5.1.7 or 5.1.8 (the sender's address), and not part of a version or a longer number
  // ("15.1.2", "Thunderbird/5.1.1", "5.1.10.3").
  for (size_t at = text.find("5.1."); at != std::string_view::npos;
       at = text.find("5.1.", at + 1)) {
    const char before = at == 0 ? ' ' : text[at - 1];
    if (IsDigit(before) || before == '.' || before == '/' || before == 'v') continue;
    size_t end = at + 4;
    while (end < text.size() && IsDigit(text[end])) ++end;
    const std::string_view detail = text.substr(at + 4, end - at - 4);
    if (detail.empty() || detail.size() > 3 || detail == "7" || detail == "8") continue;
    if (end < text.size() && (IsDigit(text[end]) || text[end] == '.' || text[end] == '/') &&
        end + 1 < text.size() && IsDigit(text[end + 1])) {
      continue;
    }
    return true;
  }
  return false;
}

bool IsLocalChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
}
bool IsDomainChar(char c) { return IsAsciiAlnum(c) || c == '.' || c == '-'; }

// An address written in a text: where it starts and ends, lower-case.
struct WrittenAddress {
  size_t begin, end;
  std::string address;
};

// The addresses written in `text` (lower-case), roughly as the e-mail detector finds them.
std::vector<WrittenAddress> WrittenAddressesIn(std::string_view text) {
  std::vector<WrittenAddress> out;
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t begin = at;
    while (begin > 0 && IsLocalChar(text[begin - 1])) --begin;
    size_t end = at + 1;
    while (end < text.size() && IsDomainChar(text[end])) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    while (begin < at && text[begin] == '.') ++begin;
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    if (begin == at || domain.find('.') == std::string_view::npos) continue;
    out.push_back({begin, end, AsciiLower(text.substr(begin, end - begin))});
  }
  return out;
}

// The addresses of one paragraph that it says do not exist. With one address, the whole
// paragraph speaks of it; with several (a list of failed recipients, an SMTP transcript),
// each address is followed by what was said of it, up to the next other address.
void UndeliverableIn(std::string_view paragraph, std::vector<std::string>* out) {
  const std::vector<WrittenAddress> written = WrittenAddressesIn(paragraph);
  if (written.empty()) return;
  const bool one = std::all_of(written.begin(), written.end(), [&](const WrittenAddress& w) {
    return w.address == written.front().address;
  });
  if (one) {
    if (SaysNoSuchAddress(paragraph)) out->push_back(written.front().address);
    return;
  }
  for (size_t i = 0; i < written.size();) {
    size_t next = i + 1;
    while (next < written.size() && written[next].address == written[i].address) ++next;
    const size_t end = next < written.size() ? written[next].begin : paragraph.size();
    if (SaysNoSuchAddress(paragraph.substr(written[i].begin, end - written[i].begin))) {
      out->push_back(written[i].address);
    }
    i = next;
  }
}

}  // namespace

std::vector<std::string> UndeliverableAddresses(const std::vector<std::string_view>& texts) {
  std::vector<std::string> out;
  for (std::string_view text : texts) {
    const std::string lower = AsciiLower(text);
    // Paragraphs: parted by a line that is empty or blank (a DSN's per-recipient groups are
    // too); one pass over the lines.
    size_t paragraph = 0;
    size_t line = 0;
    while (line <= lower.size()) {
      size_t eol = lower.find('\n', line);
      if (eol == std::string::npos) eol = lower.size();
      const bool blank = lower.find_first_not_of(" \t\r", line) >= eol;
      if (blank || eol == lower.size()) {
        const size_t end = blank ? line : eol;
        if (end > paragraph)
          UndeliverableIn(std::string_view(lower).substr(paragraph, end - paragraph), &out);
        paragraph = eol + 1;
      }
      line = eol + 1;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool IsMailSystem(std::string_view address) {
  return FunctionalReason(address) == "mailer-daemon" ||
         AsciiLower(address.substr(0, address.rfind('@'))) == "postmaster";
}

}  // namespace breachkit
