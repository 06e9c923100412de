// breachkit purge [--yes]: erases an incident once it is closed and its retention period
// is over — every document the record lists (letters, their .eml drafts, the merged PDF,
// the manifest, the CNIL draft, the register entry, the exports), then the record itself
// with its -wal and -shm files, then the folders those documents were in when they are
// left empty. It asks first at a terminal (type "purge"); elsewhere it needs --yes.
//
// Only files breachkit wrote are removed: in a folder the record lists as written to (by its
// real path), not a symbolic link, 0600 and with the SHA-256 the record lists. Any other
// file the record names is left and said, one line each ("left PATH: why"), and the exit
// code is 3. A document that cannot be removed stops the purge before the record is touched,
// so the record still lists what is left and the command can be run again. Files are unlinked,
// not overwritten: on journaling file systems and SSDs overwriting in place is no
// guarantee; full-disk encryption is (README.md, "What breachkit stores").
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/commands.h"
#include "tools/recorded_output.h"

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
  std::set<std::string> folders;  // real paths of the folders breachkit wrote documents into
  bool imported = false;
  {
    auto store = IncidentStore::Open(db, {.mode = StoreMode::kReadOnly});
    if (!store) return std::unexpected(store.error());
    auto listed = (*store)->Documents();
    if (!listed) return std::unexpected(listed.error());
    documents = std::move(*listed);
    auto written_to = (*store)->OutputFolders();
    if (!written_to) return std::unexpected(written_to.error());
    folders.insert(written_to->begin(), written_to->end());
    auto was_imported = (*store)->Imported();
    if (!was_imported) return std::unexpected(was_imported.error());
    imported = *was_imported;
  }  // closed before anything is removed
  std::map<std::string, std::set<std::string>> paths;  // as listed -> the SHA-256s listed
  for (const DocumentRecord& d : documents) paths[d.path].insert(d.sha256);
  // A record made before breachkit listed its output folders: the folders of its documents.
  // Not for a record read from an export, whose documents were written by another record.
  if (folders.empty() && !imported) {
    for (const auto& [p, sha256s] : paths) {
      if (auto f = RealFolderOf(p)) folders.insert(*f);
    }
  }
  // Documents are listed with the path they were written to, relative ones from the folder
  // the command ran in. Not finding those from here most likely means purge runs from
  // another folder: erasing the record would then lose the list of files still holding
  // personal data. Refuse, unless told they were removed by hand.
  std::vector<std::string> unseen;
  for (const auto& [p, sha256s] : paths) {
    if (!p.starts_with('/') && !std::filesystem::exists(p) && !RealFolderOf(p)) unseen.push_back(p);
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

  // Only what breachkit wrote, as it wrote it (RemoveWrittenFile): a record edited or read
  // from an export could otherwise name any file.
  int removed = 0, gone = 0, left = 0;
  std::map<std::string, std::set<std::string>> names;  // folder written to -> names listed in it
  for (const auto& [p, sha256s] : paths) {
    if (auto f = RealFolderOf(p); f && folders.contains(*f))
      names[*f].insert(std::filesystem::path(p).filename().string());
    auto removal = RemoveWrittenFile(p, sha256s, folders);
    if (!removal) {
      return Fail(ErrorCode::kIo,
                  "{}; nothing else was erased after it, and the record still lists what is "
                  "left: fix and run purge again",
                  removal.error().message);
    }
    switch (removal->what) {
      case Removal::What::kRemoved: ++removed; break;
      case Removal::What::kGone: ++gone; break;
      case Removal::What::kLeft:
        ++left;
        fmt::print(io.out, "left {}: {}\n", p, removal->reason);
        break;
    }
  }
  // What a write cut short by a kill left: the temporary file beside a listed NAME
  // (NAME.XXXXXX, made 0600 by mkostemp) in a folder breachkit wrote to.
  int unfinished = 0;
  for (const auto& [folder, listed] : names) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(folder, ec)) {
      const std::string n = e.path().filename().string();
      if (n.size() < 8 || n[n.size() - 7] != '.' || !listed.contains(n.substr(0, n.size() - 7)))
        continue;
      struct stat st;
      if (::lstat(e.path().c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
          (st.st_mode & 07777) == 0600 && ::unlink(e.path().c_str()) == 0)
        ++unfinished;
    }
  }
  const std::optional<std::string> db_folder = RealFolderOf(db);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string f = db + suffix;
    if (::unlink(f.c_str()) != 0 && errno != ENOENT) {
      return Fail(ErrorCode::kIo, "{}: cannot remove: {}", f, std::strerror(errno));
    }
  }
  // The folders documents were written into (and the record's own, when documents were
  // written under it, as `run -o DIR` does), deepest first, when nothing else is left in
  // them: rmdir refuses a folder that is not empty, so the user's own files and folders stay.
  for (const std::string& f : std::set<std::string>(folders)) {
    if (db_folder && f.starts_with(*db_folder + "/")) folders.insert(*db_folder);
  }
  int folders_removed = 0;
  for (auto it = folders.rbegin(); it != folders.rend(); ++it) {
    if (::rmdir(it->c_str()) == 0) ++folders_removed;
  }
  fmt::print(io.out,
             "erased {} (with its -wal and -shm files), {} documents{}{}, {} empty folder{}\n", db,
             removed, gone ? fmt::format(" ({} listed were already gone)", gone) : "",
             unfinished ? fmt::format(", {} unfinished writes", unfinished) : "", folders_removed,
             folders_removed == 1 ? "" : "s");
  if (left > 0) {
    fmt::print(io.err,
               "breachkit: left {} listed file{} (named above, each with why): breachkit removes "
               "only a file it wrote, in a folder it wrote to, as it wrote it\n",
               left, left == 1 ? "" : "s");
    return Outcome::kPartial;
  }
  return Outcome::kOk;
}

}  // namespace breachkit
