#include "core/detect/functional_address.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

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

template <typename List>
bool OneOf(std::string_view w, const List& list) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
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
    "commandes", "devis", "clients", "client", "boutique"};
// A list's address or its robots.
constexpr std::array<std::string_view, 12> kListWords{
    "list",     "lists",    "request", "owner",     "bounces",     "majordomo",
    "listserv", "listproc", "mailman", "subscribe", "unsubscribe", "digest"};
constexpr std::array<std::string_view, 6> kNoReply{"noreply",    "no-reply",     "no_reply",
                                                   "donotreply", "do-not-reply", "do_not_reply"};
// Hosts that only robots write from: a list server, a tracker, a bounce handler.
constexpr std::array<std::string_view, 7> kServiceHosts{"lists",   "list",  "bugs",   "bounce",
                                                        "bounces", "reply", "noreply"};

}  // namespace

std::string_view FunctionalReason(std::string_view address) {
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0) return "";
  const std::string local = AsciiLower(address.substr(0, at));
  const std::string domain = AsciiLower(address.substr(at + 1));
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
  bool role = false, all_roles = true;
  for (std::string_view w : words) {
    const bool number = w.find_first_not_of("0123456789") == std::string_view::npos;
    role = role || OneOf(w, kRoles);
    all_roles = all_roles && (OneOf(w, kRoles) || number);
  }
  if (role && all_roles) return "role";
  // A host of the domain, not the domain itself ("lists.example.org", but not "list.ru").
  const std::vector<std::string_view> labels = Words(domain, ".");
  for (size_t i = 0; i + 2 < labels.size(); ++i) {
    if (OneOf(labels[i], kServiceHosts)) return "service-host";
  }
  return "";
}

}  // namespace breachkit
