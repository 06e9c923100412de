// breachkit purge [--yes]: erases an incident once it is closed and its retention period
// is over — every document the record lists (letters, their .eml drafts, the merged PDF,
// the manifest, the CNIL draft, the register entry, the exports), then the record itself
// with its -wal and -shm files, then the folders those documents were in when they are
// left empty. It asks first at a terminal (type "purge"); elsewhere it needs --yes.
//
// A document that cannot be removed stops the purge before the record is touched, so the
// record still lists what is left and the command can be run again. Files are unlinked,
// not overwritten: on journaling file systems and SSDs overwriting in place is no
// guarantee; full-disk encryption is (README.md, "What breachkit stores").
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <set>

#include <fmt/core.h>
#include <unistd.h>

#include "tools/commands.h"

namespace breachkit {

Result<Outcome> Options::Purge::Execute(const Options& options, const Io& io) {
  const std::string& db = options.db_path;
  if (!std::filesystem::exists(db))
    return Fail(ErrorCode::kNotFound, "{}: no incident record here", db);
  if (!options.purge.yes && !::isatty(STDIN_FILENO)) {
    return Fail(ErrorCode::kUsage,
                "purge erases {} and every document it lists: confirm at a terminal, or add --yes",
                db);
  }
  std::vector<DocumentRecord> documents;
  {
    auto store = IncidentStore::Open(db, {.mode = StoreMode::kReadOnly});
    if (!store) return std::unexpected(store.error());
    auto listed = (*store)->Documents();
    if (!listed) return std::unexpected(listed.error());
    documents = std::move(*listed);
  }  // closed before anything is removed
  std::set<std::string> paths;
  for (const DocumentRecord& d : documents) paths.insert(d.path);
  // Documents are listed with the path they were written to, relative ones from the folder
  // the command ran in. Not finding those from here most likely means purge runs from
  // another folder: erasing the record would then lose the list of files still holding
  // personal data. Refuse, unless told they were removed by hand.
  std::vector<std::string> unseen;
  for (const std::string& p : paths) {
    if (!p.starts_with('/') && !std::filesystem::exists(p)) unseen.push_back(p);
  }
  if (!unseen.empty() && !options.purge.missing_ok) {
    return Fail(ErrorCode::kInvalidInput,
                "{} of the documents the record lists by a relative path are not found from here "
                "(first: {}): "
                "run purge from the folder the commands ran in, or add --missing-ok if they were "
                "removed by "
                "hand; nothing was erased",
                unseen.size(), unseen.front());
  }

  if (!options.purge.yes) {
    fmt::print(io.out,
               "This erases the incident record {} and the {} documents it lists.\n"
               "It cannot be undone. Type purge to confirm: ",
               db, paths.size());
    std::fflush(io.out);
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "purge")
      return Fail(ErrorCode::kUsage, "purge not confirmed: nothing was erased");
  }

  int removed = 0, gone = 0;
  std::set<std::filesystem::path> folders;
  for (const std::string& p : paths) {
    if (::unlink(p.c_str()) == 0) {
      ++removed;
    } else if (errno == ENOENT) {
      ++gone;
    } else {
      return Fail(
          ErrorCode::kIo,
          "{}: cannot remove: {}; nothing else was erased after it, and the record still lists "
          "what is left: fix and run purge again",
          p, std::strerror(errno));
    }
    folders.insert(std::filesystem::path(p).parent_path());
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string f = db + suffix;
    if (::unlink(f.c_str()) != 0 && errno != ENOENT) {
      return Fail(ErrorCode::kIo, "{}: cannot remove: {}", f, std::strerror(errno));
    }
  }
  // The folders documents were in (and the record's own, when documents were written under
  // it, as `run -o DIR` does), deepest first, when nothing else is left in them: rmdir
  // refuses a folder that is not empty, so the user's own files and folders stay.
  const std::filesystem::path db_folder = std::filesystem::path(db).parent_path();
  for (const auto& f : std::set<std::filesystem::path>(folders)) {
    if (!db_folder.empty() && f.native().starts_with(db_folder.native() + "/"))
      folders.insert(db_folder);
  }
  int folders_removed = 0;
  for (auto it = folders.rbegin(); it != folders.rend(); ++it) {
    if (!it->empty() && ::rmdir(it->c_str()) == 0) ++folders_removed;
  }
  fmt::print(io.out,
             "erased {} (with its -wal and -shm files), {} documents{}, {} empty folder{}\n", db,
             removed, gone ? fmt::format(" ({} listed were already gone)", gone) : "",
             folders_removed, folders_removed == 1 ? "" : "s");
  return Outcome::kOk;
}

}  // namespace breachkit
