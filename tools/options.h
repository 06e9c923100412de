// Options: everything the command line said, as plain values. Filled by
// ParseOptions (tools/options.cc, the only file that includes CLI11), read by the
// commands. The command table in options.cc is the one list of commands: it drives
// registration, `--help`, `breachkit help CMD`, the suggestion for a mistyped
// command, and (through `needs`) which store run_command.cc opens.
#ifndef BREACHKIT_TOOLS_OPTIONS_H_
#define BREACHKIT_TOOLS_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/util/result.h"

namespace CLI {
class App;
}  // namespace CLI

namespace breachkit {

/// What a command needs opened before it runs.
enum class Needs {
  kNoStore,             // works without the incident record (or opens it itself)
  kReadStore,           // an existing record, read-only
  kWriteStore,          // the record, created if missing (with a note saying so)
  kCreateStore,         // the record, created if missing: creating it is what the command is for
  kWriteExistingStore,  // an existing record, written to (a missing one is an error, not a
                        // new empty record that would say "0 persons")
};

class IncidentStore;
struct Io;
enum class Outcome;
struct Options;

/// A command's run function, by what it needs: declared in its options struct below
/// (`static RunWriting Execute;`), defined in tools/cmd_<name>.cc.
using RunWithoutStore = Result<Outcome>(const Options& options, const Io& io);
using RunReading = Result<Outcome>(const Options& options, const Io& io,
                                   const IncidentStore& store);
using RunWriting = Result<Outcome>(const Options& options, const Io& io, IncidentStore& store);

/// A row of the command table (tools/options.cc): all there is to know about a command.
struct CommandInfo {
  std::string_view name;
  std::string_view help;  // one line
  Needs needs;
  std::variant<RunWithoutStore*, RunReading*, RunWriting*> run;
  void (*setup)(CLI::App& sub, Options& o) = nullptr;  // its options and arguments (CLI11)
  void (*before_open)() = nullptr;                     // called before the record is opened
};

/// The command table, in the order `breachkit --help` lists it.
std::span<const CommandInfo> Commands();
/// The row of the command called `name`, or nullptr.
const CommandInfo* FindCommand(std::string_view name);

struct Options {
  // Global.
  std::string db_path = "incident.db";
  bool quiet = false;  // no progress on stderr

  std::string_view command = "help";  // the name of a row of the command table

  struct Init {
    std::string org_path;
    static RunWriting Execute;
  } init;

  struct Ingest {
    std::vector<std::string> inputs;
    bool json = false;
    unsigned threads = 0;  // 0: one per usable core
    static RunWriting Execute;
  } ingest;

  struct Messages {
    bool json = false;
    static RunReading Execute;
  } messages;

  struct Findings {
    bool json = false;
    std::string category;  // only this category
    static RunReading Execute;
  } findings;

  struct Summary {
    bool json = false;
    bool show_addresses = false;  // third parties' addresses in clear
    static RunReading Execute;
  } summary;

  struct Subjects {
    bool csv = false;
    bool json = false;
    static RunReading Execute;
  } subjects;

  struct Persons {
    bool json = false;
    bool duplicates = false;
    bool functional = false;
    static RunReading Execute;
  } persons;

  struct Contacts {
    std::string action;  // import
    std::string file;
    static RunWriting Execute;
  } contacts;

  struct Assess {
    bool json = false;
    std::optional<double> dpc;
    std::optional<double> ei;
    std::optional<double> cb;
    std::vector<std::string> clear;  // factors whose override is withdrawn: dpc, ei, cb, all
    std::string why;
    std::string awareness;
    static RunWriting Execute;
  } assess;

  struct Event {
    std::string action;  // add
    std::string kind;
    std::string at = "now";
    std::string note;
    std::string reference;
    static RunWriting Execute;
  } event;

  struct Timeline {
    static RunReading Execute;
  };

  struct Set {
    std::string field;
    std::string value;
    bool value_given = false;  // a value, even "" (which empties the field), was given
    std::string list;          // --list FIELD: the codes a CNIL list field takes
    std::string lang;          // --lang fr|en: the text in that language (texts per language only)
    bool confirm = false;      // --confirm: the DPO accepts breachkit's proposal as it stands
    static RunWriting Execute;
  } set;

  struct Cnil {
    std::string output;
    bool complementary = false;
    bool text = false;
    bool partial = false;  // write it even though an ingestion did not finish
    static RunWriting Execute;
  } cnil;

  struct Letters {
    std::string out_dir;
    std::string lang;  // empty: the record's language
    std::string template_path;
    std::string merged;
    bool eml = false;
    std::vector<std::string> only;
    static RunWriting Execute;
  } letters;

  struct Report {
    std::string output;
    bool text = false;
    bool partial = false;  // write it even though an ingestion did not finish
    static RunWriting Execute;
  } report;

  struct Export {
    std::string format = "json";
    std::string output;
    static RunWriting Execute;
  } exporter;

  struct Import {
    std::string input;
    static RunWithoutStore Execute;
  } importer;

  struct Review {
    std::string action = "list";    // list | show | accept | reject | rules | sample | …
    std::vector<std::string> args;  // ids; N; SAMPLE POSITION RESULT
    std::string why;
    std::string rule;
    std::string by;
    bool all = false;
    bool json = false;
    bool reveal = false;  // list, show: the values in clear, read again from the evidence
    int64_t limit = 20;   // items shown per group
    std::optional<uint64_t> seed;
    std::string output;  // export: the review sheet
    static RunWriting Execute;
  } review;

  struct Audit {
    std::string action = "show";  // show | verify
    std::string head;             // verify: the head printed earlier, kept outside the record
    static RunReading Execute;
  } audit;

  struct Run {
    std::vector<std::string> inputs;
    std::string out_dir;
    std::string org_path;
    std::string awareness;  // when the organisation became aware (starts the notification clock)
    bool db_given = false;  // --db was given explicitly
    bool add_to_record = false;  // the record there may hold another leak: add this one to it
    static RunWithoutStore Execute;
  } run;

  struct Purge {
    bool yes = false;         // confirmed on the command line
    bool missing_ok = false;  // documents listed by a relative path may be gone
    static RunWithoutStore Execute;
  } purge;

  struct Help {
    std::string topic;  // a command name, or empty for the overview
    static RunWithoutStore Execute;
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
