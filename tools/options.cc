#include "tools/options.h"

#include <algorithm>
#include <sstream>

#include <CLI/CLI.hpp>

#include "tools/commands.h"

namespace breachkit {
namespace {

// The command table: a row per command, in the order `breachkit --help` lists them. A row
// names the command, says what it needs, points to its run function and sets up its options.
constexpr CommandInfo kCommands[] = {
    {"init", "Create the incident record, or update it from an organisation profile",
     Needs::kCreateStore, &Options::Init::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("--org", o.init.org_path,
                      "Organisation profile (XML, see schemas/examples/organisation.xml)")
           ->check(CLI::ExistingFile);
     }},
    {"ingest", "Read leaked mail (.eml, .msg, mbox, Maildir, folders, - for stdin) into the record",
     Needs::kWriteStore, &Options::Ingest::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("inputs", o.ingest.inputs,
                      ".eml, Outlook .msg and winmail.dat files, mbox files, Maildir folders, "
                      "folders of these, or - for stdin")
           ->required();
       sub.add_flag("--json", o.ingest.json, "Print the summary of the run as JSON");
       sub.add_option(
              "--threads", o.ingest.threads,
              "Threads that parse and scan messages (default: one per core; 1: no extra thread)")
           ->check(CLI::Range(1u, 64u));
     },
     &ArmIngestInterrupt},
    {"messages", "List the ingested messages with their addresses", Needs::kReadStore,
     &Options::Messages::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_flag("--json", o.messages.json, "One JSON object per message and line");
     }},
    {"findings", "List the personal data detected in the messages (masked, never in clear)",
     Needs::kReadStore, &Options::Findings::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_flag("--json", o.findings.json, "One JSON object per finding and line");
       sub.add_option("--category", o.findings.category,
                      "Only this category (e.g. phone, iban, health)");
     }},
    {"summary",
     "The figures: persons affected, records, categories, audience, storm, third parties",
     Needs::kReadStore, &Options::Summary::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_flag("--json", o.summary.json, "Print the figures as one JSON object");
       sub.add_flag("--show-addresses", o.summary.show_addresses,
                    "Print the third-party recipients' addresses in clear (masked by default)");
     }},
    {"subjects", "One row per affected person: what of theirs was exposed, where, to how many",
     Needs::kReadStore, &Options::Subjects::Execute,
     [](CLI::App& sub, Options& o) {
       auto* csv = sub.add_flag("--csv", o.subjects.csv, "CSV for a spreadsheet (UTF-8 with BOM)");
       sub.add_flag("--json", o.subjects.json, "One JSON object per person and line")
           ->excludes(csv);
     }},
    {"persons", "Each affected person: identifiers, where each was seen, why they are one person",
     Needs::kReadStore, &Options::Persons::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_flag("--json", o.persons.json, "One JSON object per person and line");
       auto* duplicates =
           sub.add_flag("--duplicates", o.persons.duplicates,
                        "Only the possible duplicates: equal names, no identifier in common");
       sub.add_flag("--functional", o.persons.functional,
                    "Only the addresses taken as functional (lists, roles, no-reply): not "
                    "counted as persons")
           ->excludes(duplicates);
     }},
    {"contacts", "Import the contacts of persons found in attachments: contacts import FILE.csv",
     Needs::kWriteExistingStore, &Options::Contacts::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("action", o.contacts.action, "import")
           ->required()
           ->check(CLI::IsMember({"import"}));
       sub.add_option("file", o.contacts.file,
                      "CSV with an identifier column (Matricule, IBAN, N° SS, téléphone...) and "
                      "an e-mail and/or postal address column, as HR exports it")
           ->required()
           ->check(CLI::ExistingFile);
     }},
    {"assess",
     "ENISA severity with its reasons, and the Art. 33/34 decision (overrides need --why)",
     Needs::kWriteExistingStore, &Options::Assess::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_flag("--json", o.assess.json, "Print the assessment as JSON");
       sub.add_option("--dpc", o.assess.dpc, "Override the data processing context (1 to 4)");
       sub.add_option("--ei", o.assess.ei,
                      "Override the ease of identification (0.25, 0.5, 0.75, 1)");
       sub.add_option("--cb", o.assess.cb, "Override the circumstances of the breach (0 to 2)");
       sub.add_option("--clear", o.assess.clear,
                      "Withdraw an override: dpc, ei, cb (a comma list, or repeated) or all")
           ->delimiter(',')
           ->check(CLI::IsMember({"dpc", "ei", "cb", "all"}));
       sub.add_option("--why", o.assess.why,
                      "The reason for the overrides or their withdrawal (required with them)");
       sub.add_option("--awareness", o.assess.awareness,
                      "When the organisation became aware (ISO 8601, or now)");
     }},
    {"event", "Record a timeline event: event add KIND --at TIME", Needs::kWriteExistingStore,
     &Options::Event::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("action", o.event.action, "add")->required()->check(CLI::IsMember({"add"}));
       sub.add_option("kind", o.event.kind,
                      "occurred, awareness, contained, cnil-notified, cnil-complementary, "
                      "persons-informed, note")
           ->required()
           ->check(CLI::IsMember({"occurred", "awareness", "contained", "cnil-notified",
                                  "cnil-complementary", "persons-informed", "note"}));
       sub.add_option("--at", o.event.at, "When: ISO 8601 with or without offset, or now");
       sub.add_option("--note", o.event.note, "A note");
       sub.add_option("--reference", o.event.reference, "The CNIL's reference of a notification");
     }},
    {"timeline", "The incident's timeline and the notification clock", Needs::kReadStore,
     &Options::Timeline::Execute},
    {"set", "Set a field of the incident (description, measures, late-reason ...)",
     Needs::kWriteExistingStore, &Options::Set::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("field", o.set.field, "The field (breachkit set alone lists them)");
       sub.add_option("value", o.set.value, "Its new value (\"\" empties the field)")
           ->each([&o](const std::string&) { o.set.value_given = true; });
       sub.add_option("--list", o.set.list,
                      "The codes and labels of a CNIL list: origins, cause, person-categories, "
                      "data-categories");
       sub.add_option("--lang", o.set.lang,
                      "The text in this language (consequences, measures-taken, "
                      "measures-planned; default: the record's language)")
           ->check(CLI::IsMember({"fr", "en"}));
       sub.add_flag("--confirm", o.set.confirm,
                    "Accept breachkit's proposed text of the field as it stands (in --lang, "
                    "default: the record's language)");
     }},
    {"cnil", "Write the draft of the notification to the CNIL (PDF, French)",
     Needs::kWriteExistingStore, &Options::Cnil::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("-o,--output", o.cnil.output,
                      "The PDF file to write (with --text: the text file)");
       sub.add_flag("--complementary", o.cnil.complementary,
                    "A complementary notification (refers to the initial one's reference)");
       sub.add_flag("--text", o.cnil.text,
                    "The draft as text instead of a PDF: on stdout, or in the file -o names");
       sub.add_flag("--partial", o.cnil.partial,
                    "Write it even though an ingestion did not finish (the figures then leave "
                    "out what was not read; exit code 3)");
     }},
    {"letters", "Write one letter per affected person (PDF; --eml for e-mail drafts)",
     Needs::kWriteExistingStore, &Options::Letters::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("-o,--output", o.letters.out_dir, "The folder for the letters")->required();
       sub.add_option("--lang", o.letters.lang, "fr or en (default: the record's language)")
           ->check(CLI::IsMember({"fr", "en"}));
       sub.add_option("--template", o.letters.template_path,
                      "Your own template (schemas/letter-template.xsd)")
           ->check(CLI::ExistingFile);
       sub.add_option("--merged", o.letters.merged, "Also one PDF with every letter, for printing");
       sub.add_flag("--eml", o.letters.eml,
                    "Also one ready-to-send .eml per person, to that person alone");
       sub.add_option("--only", o.letters.only,
                      "Only these persons: addresses, or #N or the contact e-mail of a person "
                      "found in a table (as `breachkit persons` lists them)");
     },
     &ArmIngestInterrupt},
    {"report", "Write the register entry (Art. 33(5)) with its charts (PDF)",
     Needs::kWriteExistingStore, &Options::Report::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("-o,--output", o.report.output,
                      "The PDF file to write (with --text: the text file)");
       sub.add_flag("--text", o.report.text,
                    "The register entry as text instead: on stdout, or in the file -o names");
       sub.add_flag("--partial", o.report.partial,
                    "Write it even though an ingestion did not finish (the figures then leave "
                    "out what was not read; exit code 3)");
     }},
    {"export", "Export the record as JSON, CSV (a folder) or XML (for import)",
     Needs::kWriteExistingStore, &Options::Export::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("--format", o.exporter.format, "json, csv or xml")
           ->check(CLI::IsMember({"json", "csv", "xml"}));
       sub.add_option("-o,--output", o.exporter.output, "The file (json, xml) or folder (csv)")
           ->required();
     }},
    {"import", "Read an XML export back into an empty record", Needs::kNoStore,
     &Options::Import::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("file", o.importer.input, "An XML export (schemas/incident.xsd)")
           ->required()
           ->check(CLI::ExistingFile);
     }},
    {"review",
     "What the detectors claim, for the DPO to confirm or reject (most decisive first); recall "
     "samples",
     Needs::kWriteExistingStore, &Options::Review::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("action", o.review.action,
                      "list (default), show, accept (or confirm), reject, rules, sample, "
                      "sample-result, export, import")
           ->check(CLI::IsMember({"list", "show", "accept", "confirm", "reject", "rules", "sample",
                                  "sample-result", "export", "import"}));
       sub.add_option(
           "args", o.review.args,
           "show/accept/confirm/reject: item ids; sample: N; sample-result: SAMPLE POSITION "
           "nothing|missed; import: FILE");
       sub.add_option("--why", o.review.why, "Why (required for every decision; audit log)");
       sub.add_option("--rule", o.review.rule,
                      "accept/reject a whole class: a category (health), a detector (wordlist), "
                      "category/detector (health/wordlist) or a near-miss reason "
                      "(near-miss:rib-key)");
       sub.add_option("--by", o.review.by,
                      "Who decides (default: the DPO named in the record, else the login name)");
       sub.add_flag("--all", o.review.all, "list: every finding, not only those to review");
       sub.add_flag("--json", o.review.json, "list: one JSON object per item and line");
       sub.add_flag("--reveal", o.review.reveal,
                    "list, show: each value in clear, read again from the evidence (the showing "
                    "is recorded in the audit log)");
       sub.add_option("--limit", o.review.limit, "list: items shown per group (0: all)")
           ->check(CLI::NonNegativeNumber);
       sub.add_option("--seed", o.review.seed, "sample: the seed of the draw (recorded)");
       sub.add_option("-o,--output", o.review.output,
                      "export: the review sheet to write (.xlsx, .ods or .csv)");
     }},
    {"audit", "Show the audit log of the record, or verify its hash chain", Needs::kReadStore,
     &Options::Audit::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("action", o.audit.action, "show (default) or verify")
           ->check(CLI::IsMember({"show", "verify"}));
       sub.add_option("--head", o.audit.head,
                      "verify: the head hash printed earlier (by `run`, `audit verify`) or "
                      "stored in a document; says whether the log still reaches it");
     }},
    {"run", "Everything in one go: init, ingest, assess, the CNIL draft, into a folder",
     Needs::kNoStore, &Options::Run::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("leak", o.run.inputs, "The leaked mail: files, folders, or -")->required();
       sub.add_option("-o,--out", o.run.out_dir, "Folder for the record and every output")
           ->required();
       sub.add_option("--org", o.run.org_path, "Organisation profile (XML)")
           ->check(CLI::ExistingFile);
       sub.add_option(
           "--awareness", o.run.awareness,
           "When the organisation became aware (ISO 8601, or now): starts the notification clock "
           "(72 hours under the GDPR; the profile's <regime> may say otherwise)");
       sub.add_flag("--add-to-record", o.run.add_to_record,
                    "The record in the folder holds another leak: add this one to that incident "
                    "(without it, run refuses)");
     }},
    {"purge",
     "Erase the incident: the record and every document it lists (asks first; --yes to skip)",
     Needs::kNoStore, &Options::Purge::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_flag("--yes", o.purge.yes,
                    "Do not ask: needed when standard input is not a terminal");
       sub.add_flag(
           "--missing-ok", o.purge.missing_ok,
           "Go on when documents listed by a relative path are not found (removed by hand)");
       // Its own exit code 3 (the other commands' footer is kExitCodes).
       sub.footer(
           "Only files breachkit wrote are removed: in a folder it wrote to, as it wrote them.\n"
           "Exit codes: 0 ok, 1 bad usage or bad input, 2 I/O or database error,\n"
           "            3 the record is erased but some files it lists were left (each named, "
           "with why),\n"
           "            4 internal error.\n");
     }},
    {"help", "Show the help of a command", Needs::kNoStore, &Options::Help::Execute,
     [](CLI::App& sub, Options& o) {
       sub.add_option("command", o.help.topic, "The command to explain");
     }},
};

// What a row needs matches the kind of its run function: a mistake is a build error.
constexpr bool NeedsMatchRunFunctions() {
  for (const CommandInfo& c : kCommands) {
    const bool ok = c.needs == Needs::kNoStore     ? c.run.index() == 0
                    : c.needs == Needs::kReadStore ? c.run.index() == 1
                                                   : c.run.index() == 2;
    if (!ok) return false;
  }
  return true;
}
static_assert(NeedsMatchRunFunctions(), "a row's needs and its run function disagree");

constexpr char kExitCodes[] =
    "Exit codes: 0 ok, 1 bad usage or bad input, 2 I/O or database error,\n"
    "            3 partial success (some input could not be processed), 4 internal error.\n";

std::unique_ptr<CLI::App> BuildApp(Options* o) {
  auto app = std::make_unique<CLI::App>(
      "breachkit: count what an e-mail data breach exposed and write the GDPR paperwork",
      "breachkit");
  app->fallthrough();  // global options may follow the command
  app->add_option("--db", o->db_path, "The incident record (default: ./incident.db)");
  app->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  app->set_version_flag("--version", "breachkit " BREACHKIT_VERSION);
  app->require_subcommand(0, 1);
  for (const CommandInfo& info : kCommands) {
    CLI::App* sub = app->add_subcommand(std::string(info.name), std::string(info.help));
    if (info.setup) info.setup(*sub, *o);
    if (sub->get_footer().empty()) sub->footer(kExitCodes);
  }
  return app;
}

std::string Overview() {
  std::string out = "breachkit " BREACHKIT_VERSION
                    ": count what an e-mail data breach exposed and write the GDPR paperwork.\n\n"
                    "Usage: breachkit [--db FILE] COMMAND [OPTIONS]\n\nCommands:\n";
  size_t width = 0;
  for (const CommandInfo& c : kCommands) width = std::max(width, c.name.size());
  for (const CommandInfo& c : kCommands) {
    out += fmt::format("  {:<{}}  {}\n", c.name, width, c.help);
  }
  out +=
      "\nGlobal options:\n"
      "  --db FILE    the incident record (default: ./incident.db)\n"
      "  -q, --quiet  no progress on stderr\n"
      "  --version    print the version\n"
      "  -h, --help   this text\n\n"
      "`breachkit help COMMAND` or `breachkit COMMAND --help` shows a command's options.\n";
  out += kExitCodes;
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The first word of argv that is not an option (or an option's value): the command.
std::optional<std::string_view> CommandWord(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--db") {
      ++i;
      continue;
    }
    if (a == "--") return std::nullopt;
    if (!a.empty() && a[0] == '-') continue;
    return a;
  }
  return std::nullopt;
}

}  // namespace

std::span<const CommandInfo> Commands() { return kCommands; }

const CommandInfo* FindCommand(std::string_view name) {
  for (const CommandInfo& c : kCommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::optional<std::string_view> NearestCommand(std::string_view word) {
  std::optional<std::string_view> best;
  size_t best_distance = 3;  // suggest only within two edits, or a prefix
  for (const CommandInfo& c : kCommands) {
    if (word.size() >= 2 && c.name.starts_with(word)) return c.name;
    const size_t d = EditDistance(word, c.name);
    if (d < best_distance) {
      best_distance = d;
      best = c.name;
    }
  }
  return best;
}

Result<std::string> HelpText(std::string_view topic) {
  if (topic.empty()) return Overview();
  Options scratch;
  auto app = BuildApp(&scratch);
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == topic) return sub->help();
  }
  const auto near = NearestCommand(topic);
  return Fail(ErrorCode::kUsage, "unknown command '{}'{}", topic,
              near ? fmt::format("; did you mean '{}'?", *near) : std::string());
}

Result<Options> ParseOptions(int argc, const char* const* argv) {
  Options o;
  if (const auto word = CommandWord(argc, argv)) {
    if (!FindCommand(*word)) {
      const auto near = NearestCommand(*word);
      return Fail(ErrorCode::kUsage, "unknown command '{}'{} (`breachkit --help` lists them)",
                  *word, near ? fmt::format("; did you mean '{}'?", *near) : std::string());
    }
  }
  auto app = BuildApp(&o);
  try {
    app->parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    // Help of the deepest subcommand that was named, else the overview.
    for (CLI::App* sub : app->get_subcommands()) {
      o.early_output = sub->help();
      return o;
    }
    o.early_output = Overview();
    return o;
  } catch (const CLI::CallForVersion& e) {
    o.early_output = std::string(e.what()) + "\n";
    return o;
  } catch (const CLI::ParseError& e) {
    std::string where;
    for (CLI::App* sub : app->get_subcommands()) where = " " + sub->get_name();
    return Fail(ErrorCode::kUsage, "{} (see `breachkit{} --help`)", e.what(), where);
  }
  const auto subs = app->get_subcommands();
  if (subs.empty()) {
    o.early_output = Overview();
    return o;
  }
  o.command = FindCommand(subs.front()->get_name())->name;
  o.run.db_given = app->get_option("--db")->count() > 0;
  return o;
}

}  // namespace breachkit
