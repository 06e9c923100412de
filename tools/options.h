// Options: everything the command line said, as plain values. Filled by
// ParseOptions (tools/options.cc, the only file that includes CLI11), read by the
// commands. The command table in options.cc is the one list of commands: it drives
// registration, `--help`, `breachkit help CMD`, the suggestion for a mistyped
// command, and (through `needs`) which store run_command.cc opens.
#ifndef BREACHKIT_TOOLS_OPTIONS_H_
#define BREACHKIT_TOOLS_OPTIONS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace breachkit {

enum class Command {
  kInit,
  kIngest,
  kMessages,
  kFindings,
  kSummary,
  kSubjects,
  kAssess,
  kEvent,
  kTimeline,
  kSet,
  kCnil,
  kLetters,
  kReport,
  kExport,
  kImport,
  kAudit,
  kRun,
  kPurge,
  kHelp,
  kCount,  // not a command: the number of commands
};

/// What a command needs opened before it runs.
enum class Needs {
  kNoStore,     // works without the incident record (or opens it itself)
  kReadStore,   // an existing record, read-only
  kWriteStore,  // the record, created if missing
  kWriteExistingStore,  // an existing record, written to (export records what it wrote)
};

struct CommandInfo {
  Command command;
  std::string_view name;
  std::string_view help;  // one line
  Needs needs;
};

/// The command table, in the order `breachkit --help` lists it.
std::span<const CommandInfo> Commands();
const CommandInfo& InfoOf(Command command);

struct Options {
  // Global.
  std::string db_path = "incident.db";
  bool quiet = false;  // no progress on stderr

  Command command = Command::kHelp;

  struct Init {
    std::string org_path;
  } init;

  struct Ingest {
    std::vector<std::string> inputs;
    bool json = false;
    unsigned threads = 0;  // 0: one per usable core
  } ingest;

  struct Messages {
    bool json = false;
  } messages;

  struct Findings {
    bool json = false;
    std::string category;  // only this category
  } findings;

  struct Summary {
    bool json = false;
  } summary;

  struct Subjects {
    bool csv = false;
    bool json = false;
  } subjects;

  struct Assess {
    bool json = false;
    std::optional<double> dpc;
    std::optional<double> ei;
    std::optional<double> cb;
    std::string why;
    std::string awareness;
  } assess;

  struct Event {
    std::string action;  // add
    std::string kind;
    std::string at = "now";
    std::string note;
    std::string reference;
  } event;

  struct Set {
    std::string field;
    std::string value;
  } set;

  struct Cnil {
    std::string output;
    bool complementary = false;
    bool text = false;
  } cnil;

  struct Letters {
    std::string out_dir;
    std::string lang;  // empty: the record's language
    std::string template_path;
    std::string merged;
    bool eml = false;
    std::vector<std::string> only;
  } letters;

  struct Report {
    std::string output;
    bool text = false;
  } report;

  struct Export {
    std::string format = "json";
    std::string output;
  } exporter;

  struct Import {
    std::string input;
  } importer;

  struct Audit {
    std::string action = "show";  // show | verify
  } audit;

  struct Run {
    std::vector<std::string> inputs;
    std::string out_dir;
    std::string org_path;
    std::string awareness;  // when the organisation became aware (starts the 72-hour clock)
    bool db_given = false;  // --db was given explicitly
  } run;

  struct Purge {
    bool yes = false;         // confirmed on the command line
    bool missing_ok = false;  // documents listed by a relative path may be gone
  } purge;

  struct Help {
    std::string topic;  // a command name, or empty for the overview
  } help;

  // Set when parsing already produced the output (--help, --version): print it, exit 0.
  std::optional<std::string> early_output;
};

/// Parses argv. Usage errors (unknown command, bad flag) come back as ErrorCode::kUsage
/// with a message that suggests the fix.
Result<Options> ParseOptions(int argc, const char* const* argv);

/// The text of `breachkit --help` (empty topic) or `breachkit help CMD`.
Result<std::string> HelpText(std::string_view topic);

/// The known command closest to `word` by edit distance, if any is close enough.
std::optional<std::string_view> NearestCommand(std::string_view word);

}  // namespace breachkit

#endif  // BREACHKIT_TOOLS_OPTIONS_H_
