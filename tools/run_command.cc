#include <fmt/core.h>

#include "tools/commands.h"

namespace breachkit {
namespace {

template <typename F>
Result<Outcome> WithStore(const Options& options, StoreMode mode, F&& body) {
  auto store = IncidentStore::Open(options.db_path, {.mode = mode});
  if (!store) return std::unexpected(store.error());
  return body(**store);
}

}  // namespace

Result<Outcome> RunCommand(const Options& options, const Io& io) {
  const CommandInfo* command = FindCommand(options.command);
  if (!command) return Fail(ErrorCode::kInternal, "no command '{}'", options.command);
  if (command->before_open) command->before_open();
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
