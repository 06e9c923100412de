#include <cerrno>
#include <csignal>

#include <fmt/core.h>
#include <pthread.h>
#include <sys/stat.h>

#include "core/profile/organisation.h"
#include "tools/commands.h"

namespace breachkit {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// A named input that does not exist stops `ingest` and `run` before they create anything: a
// record (or a folder) made for a mistyped path would be an empty incident left behind.
Status InputsExist(const Options& options) {
  const std::vector<std::string>* inputs = options.command == "ingest" ? &options.ingest.inputs
                                           : options.command == "run"  ? &options.run.inputs
                                                                       : nullptr;
  if (inputs == nullptr) return Ok();
  for (const std::string& path : *inputs) {
    struct stat st;
    if (path != "-" && ::lstat(path.c_str(), &st) != 0 && errno == ENOENT) {
      return Fail(ErrorCode::kIo, "{}: No such file or directory (nothing was written)", path);
    }
  }
  return Ok();
}

// A profile that cannot be read stops `init --org` and `run --org` before they create the
// record: a record made without it would count the staff as affected persons.
Status ProfileReadable(const Options& options) {
  const std::string& path = options.command == "init"  ? options.init.org_path
                            : options.command == "run" ? options.run.org_path
                                                       : options.init.org_path;
  if ((options.command != "init" && options.command != "run") || path.empty()) return Ok();
  if (auto profile = LoadOrganisationProfile(path); !profile) {
    return Fail(profile.error().code, "{} (nothing was written)", profile.error().message);
  }
  return Ok();
}

template <typename F>
Result<Outcome> WithStore(const Options& options, StoreMode mode, F&& body) {
  auto store = IncidentStore::Open(options.db_path, {.mode = mode});
  if (!store) return std::unexpected(store.error());
  return body(**store);
}

}  // namespace

void HoldStopSignals() {
  const sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void ReleaseStopSignals() {
  const sigset_t set = StopSignals();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

Result<Outcome> RunCommand(const Options& options, const Io& io) {
  const CommandInfo* command = FindCommand(options.command);
  if (!command) return Fail(ErrorCode::kInternal, "no command '{}'", options.command);
  if (auto st = InputsExist(options); !st) return std::unexpected(st.error());
  if (auto st = ProfileReadable(options); !st) return std::unexpected(st.error());
  if (command->before_open) command->before_open();
  // A Ctrl-C held since main began is delivered now: to the command's handler when it armed
  // one (it then stops cleanly, exit 3), else with the default action, as before.
  ReleaseStopSignals();
  if (const auto* run = std::get_if<RunWithoutStore*>(&command->run)) return (*run)(options, io);
  if (const auto* run = std::get_if<RunReading*>(&command->run)) {
    return WithStore(options, StoreMode::kReadOnly,
                     [&](const IncidentStore& store) { return (*run)(options, io, store); });
  }
  RunWriting* const run = std::get<RunWriting*>(command->run);
  if (command->needs == Needs::kWriteExistingStore) {
    return WithStore(options, StoreMode::kReadWrite,
                     [&](IncidentStore& store) { return run(options, io, store); });
  }
  return WithStore(options, StoreMode::kCreateIfMissing, [&](IncidentStore& store) {
    if (store.created() && command->needs == Needs::kWriteStore && !options.quiet) {
      fmt::print(io.err, "note: created a new incident record at {}\n", store.path());
    }
    return run(options, io, store);
  });
}

Result<Outcome> Options::Help::Execute(const Options& options, const Io& io) {
  auto text = HelpText(options.help.topic);
  if (!text) return std::unexpected(text.error());
  fmt::print(io.out, "{}", *text);
  return Outcome::kOk;
}

}  // namespace breachkit
