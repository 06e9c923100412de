#include "tools/recorded_output.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <set>
#include <tuple>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "core/util/clock.h"
#include "core/util/hash.h"
#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::FileMode;
using testing::ReadFile;
using testing::ScopedTempDir;
using testing::WriteFile;

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A write(2) that writes at most 7 bytes a call, and is interrupted every other call.
ssize_t ShortAndInterruptedWrite(int fd, const void* data, size_t size) {
  static int calls = 0;
  if (++calls % 2 == 0) {
    errno = EINTR;
    return -1;
  }
  return ::write(fd, data, std::min<size_t>(size, 7));
}

ssize_t WriteNothing(int, const void*, size_t) { return 0; }

TEST(WriteAll, GoesOnAfterShortAndInterruptedWrites) {
  ScopedTempDir dir;
  const std::string path = dir.File("f");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  const std::string bytes =
      "a hundred bytes or so, written seven at a time, with an EINTR between "
      "every two writes.";
  EXPECT_TRUE(WriteAll(fd, bytes, path, &ShortAndInterruptedWrite));
  ::close(fd);
  EXPECT_EQ(ReadFile(path), bytes);
}

TEST(WriteAll, AWriteThatWritesNothingIsAnErrorNotALoop) {
  ScopedTempDir dir;
  const int fd = ::open(dir.File("f").c_str(), O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  auto st = WriteAll(fd, "bytes", "f", &WriteNothing);
  ::close(fd);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
}

TEST(WritePrivateFile, IsPrivateWhateverTheUmask) {
  ScopedTempDir dir;
  const mode_t old = ::umask(0);
  auto st = WritePrivateFile(dir.File("f"), "personal data", FileFormat::kCsv);
  ::umask(old);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(FileMode(dir.File("f")), 0600);
  EXPECT_EQ(ReadFile(dir.File("f")), "personal data");
  EXPECT_EQ(FilesIn(dir.path()), std::vector<std::string>{"f"});  // no temporary file left
}

TEST(WritePrivateFile, ReplacesALinkAtThePathInsteadOfFollowingIt) {
  ScopedTempDir dir;
  WriteFile(dir.File("elsewhere"), "not ours");
  std::filesystem::create_symlink(dir.File("elsewhere"), dir.File("f"));
  ASSERT_TRUE(WritePrivateFile(dir.File("f"), "ours", FileFormat::kCsv));
  EXPECT_FALSE(std::filesystem::is_symlink(dir.File("f")));
  EXPECT_EQ(ReadFile(dir.File("f")), "ours");
  EXPECT_EQ(ReadFile(dir.File("elsewhere")), "not ours");
}

TEST(WritePrivateFile, AFailedWriteLeavesTheOldFileWholeAndNoTemporaryFile) {
  ScopedTempDir dir;
  WriteFile(dir.File("f"), "old");
  // Files may not grow beyond 1000 bytes: the write stops short, then fails (EFBIG).
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  rlimit limit = old_limit;
  limit.rlim_cur = 1000;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  auto st = WritePrivateFile(dir.File("f"), std::string(5000, 'x'), FileFormat::kCsv);
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
  EXPECT_NE(st.error().message.find(dir.File("f")), std::string::npos) << st.error().message;
  EXPECT_EQ(ReadFile(dir.File("f")), "old");
  EXPECT_EQ(FilesIn(dir.path()), std::vector<std::string>{"f"});
}

TEST(WritePrivateFile, InAFolderItMayNotWriteToItFailsAndLeavesNothing) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into a read-only folder";
  ScopedTempDir dir;
  std::filesystem::create_directory(dir.File("ro"));
  ::chmod(dir.File("ro").c_str(), 0500);
  auto st = WritePrivateFile(dir.File("ro/f"), "bytes", FileFormat::kCsv);
  ::chmod(dir.File("ro").c_str(), 0700);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
  EXPECT_TRUE(FilesIn(dir.File("ro")).empty());
}

// What root can't do either: a folder that does not exist.
TEST(WritePrivateFile, InAMissingFolderIsAnIoErrorNamingThePath) {
  ScopedTempDir dir;
  auto st = WritePrivateFile(dir.File("missing/f"), "bytes", FileFormat::kCsv);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
  EXPECT_NE(st.error().message.find(dir.File("missing/f")), std::string::npos)
      << st.error().message;
  EXPECT_TRUE(FilesIn(dir.path()).empty());
}

TEST(WritePrivateFile, AFolderAtThePathIsAnErrorAndNoTemporaryFileIsLeft) {
  ScopedTempDir dir;
  std::filesystem::create_directory(dir.File("f"));
  WriteFile(dir.File("f/inside"), "x");
  auto st = WritePrivateFile(dir.File("f"), "bytes", FileFormat::kCsv);
  ASSERT_FALSE(st);
  EXPECT_EQ(FilesIn(dir.path()), std::vector<std::string>{"f"});
  EXPECT_EQ(ReadFile(dir.File("f/inside")), "x");
}

// Bytes a command got wrong, in each format: the writer refuses them as its own bug (exit 4),
// naming the file, and leaves the file that was there as it was, and no other.
TEST(WritePrivateFile, InvalidContentOfEachFormatIsAnInternalErrorAndWritesNothing) {
  const std::vector<std::tuple<std::string, std::string, FileFormat>> bad{
      {"r.xml", "<incident-record schema-version=\"6\">", FileFormat::kIncidentXml},
      {"s.xml", "<?xml version=\"1.0\"?><other/>\n", FileFormat::kIncidentXml},
      {"r.json", "{\"subjects\": [", FileFormat::kJson},
      {"u.json", "{\"name\": \"\xC5 R.\"}", FileFormat::kJson},
      {"t.csv", "\"address\",\"name\"\r\n\"a@b\",\"\xC5 R.\"\r\n", FileFormat::kCsv},
      {"q.csv", "\"address\",\"na\"me\"\r\n", FileFormat::kCsv},
      {"o.csv", "\"address\r\n", FileFormat::kCsv},
      {"l.pdf", "%PDF-1.5\n1 0 obj", FileFormat::kPdf},
      {"m.eml", "From: a@b\r\nSubject: x\r\n", FileFormat::kEml},
  };
  for (const auto& [name, bytes, format] : bad) {
    ScopedTempDir dir;
    WriteFile(dir.File(name), "old");
    auto st = WritePrivateFile(dir.File(name), bytes, format);
    ASSERT_FALSE(st) << name;
    EXPECT_EQ(st.error().code, ErrorCode::kInternal) << name;
    EXPECT_NE(st.error().message.find(dir.File(name)), std::string::npos) << st.error().message;
    EXPECT_EQ(ReadFile(dir.File(name)), "old") << name;
    EXPECT_EQ(FilesIn(dir.path()), std::vector<std::string>{name});
  }
  const std::vector<std::tuple<std::string, std::string, FileFormat>> good{
      {"r.json", "{\"name\": \"\xC5\x81ukasz\"}\n", FileFormat::kJson},
      {"t.csv", "\xEF\xBB\xBF\"a\",\"say \"\"hi\"\"\"\r\n\"b\r\nc\",\"\"\r\n", FileFormat::kCsv},
      {"l.pdf", "%PDF-1.5\n%%EOF\n", FileFormat::kPdf},
      {"m.eml", "From: a@b\r\n\r\nbody\r\n", FileFormat::kEml},
  };
  for (const auto& [name, bytes, format] : good) {
    ScopedTempDir dir;
    auto st = WritePrivateFile(dir.File(name), bytes, format);
    EXPECT_TRUE(st) << name << ": " << st.error().message;
  }
}

TEST(MakePrivateFolder, RefusesALinkPlantedAtTheFolder) {
  ScopedTempDir dir;
  std::filesystem::create_directory(dir.File("elsewhere"));
  ::chmod(dir.File("elsewhere").c_str(), 0755);
  std::filesystem::create_directory_symlink(dir.File("elsewhere"), dir.File("eml"));
  auto st = MakePrivateFolder(dir.File("eml"));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
  EXPECT_NE(st.error().message.find(dir.File("eml") + ": is a symbolic link"), std::string::npos)
      << st.error().message;
  EXPECT_EQ(FileMode(dir.File("elsewhere")), 0755);  // not made 0700 through the link
}

TEST(MakePrivateFolder, EveryFolderItCreatesIsPrivateWhateverTheUmask) {
  ScopedTempDir dir;
  const mode_t old = ::umask(0);
  auto st = MakePrivateFolder(dir.File("U/deep/er"));
  ::umask(old);
  ASSERT_TRUE(st) << st.error().message;
  for (const std::string folder : {"U", "U/deep", "U/deep/er"}) {
    EXPECT_EQ(FileMode(dir.File(folder)), 0700) << folder;
  }
  EXPECT_TRUE(MakePrivateFolder(dir.File("U/deep/er")));  // there already: fine
  EXPECT_TRUE(MakePrivateFolder(dir.File("U//deep/./er/")));
  WriteFile(dir.File("file"), "x");
  EXPECT_FALSE(MakePrivateFolder(dir.File("file")));
}

class RecordedOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = IncidentStore::Open(dir_.File("i.db"),
                                     {.mode = StoreMode::kCreateIfMissing, .clock = &clock_});
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }
  int64_t Count(const std::string& sql) {
    return std::stoll(testing::QueryColumn(dir_.File("i.db"), sql).at(0));
  }
  ScopedTempDir dir_;
  FixedClock clock_{1'758'528'000};
  std::unique_ptr<IncidentStore> store_;
};

TEST_F(RecordedOutputTest, AFileAlreadyHoldingTheBytesIsLeftAsItIsAndNotChanged) {
  const std::string path = dir_.File("out.csv");
  auto first = WriteOutput(*store_, "export-csv", path, "a,b\r\n");
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->changed);
  EXPECT_EQ(first->doc.sha256, Sha256Hex("a,b\r\n"));
  EXPECT_EQ(first->doc.generated_at, 1'758'528'000);
  ::chmod(path.c_str(), 0644);
  struct stat before;
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  auto again = WriteOutput(*store_, "export-csv", path, "a,b\r\n");
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->changed);
  struct stat after;
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);  // not written again
  EXPECT_EQ(FileMode(path), 0600);
  auto other = WriteOutput(*store_, "export-csv", path, "a,c\r\n");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->changed);
}

// The merged letters are written as they are drawn: the file appears whole at its path (0600,
// listed with the SHA-256 of all its bytes), the same bytes again leave it untouched, and an
// unfinished one (interrupted, failed) leaves the path as it was and no temporary file.
TEST_F(RecordedOutputTest, AStreamedOutputAppearsWholeListedAndPrivateOrNotAtAll) {
  const std::string path = dir_.File("merged.pdf");
  const std::string bytes = "%PDF-1.5\n" + std::string(5000, 'x') + "\n%%EOF\n";
  auto write = [&](const std::string& content) -> Result<Output> {
    auto pdf = StreamedOutput::Begin("letters-merged", path);
    if (!pdf) return std::unexpected(pdf.error());
    for (size_t at = 0; at < content.size(); at += 777) {
      if (!(*pdf)->Write(std::string_view(content).substr(at, 777)))
        return Fail(ErrorCode::kIo, "write failed");
    }
    return (*pdf)->Finish(*store_);
  };
  auto first = write(bytes);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->changed);
  EXPECT_EQ(first->doc.sha256, Sha256Hex(bytes));
  EXPECT_EQ(ReadFile(path), bytes);
  EXPECT_EQ(FileMode(path), 0600);
  EXPECT_EQ(Count("SELECT count(*) FROM document WHERE kind = 'letters-merged' AND sha256 = '" +
                  Sha256Hex(bytes) + "'"),
            1);
  struct stat before;
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  auto again = write(bytes);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->changed);
  struct stat after;
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);  // not written again
  {
    auto unfinished = StreamedOutput::Begin("letters-merged", path);
    ASSERT_TRUE(unfinished);
    ASSERT_TRUE((*unfinished)->Write("%PDF-1.5\nhalf of another file"));
  }
  EXPECT_EQ(ReadFile(path), bytes);
  EXPECT_EQ(FilesIn(dir_.path()),
            (std::vector<std::string>{"i.db", "i.db-shm", "i.db-wal", "merged.pdf"}));
  // Bytes that are no PDF (no trailer) are a bug: refused, nothing listed or written.
  auto bad = write("%PDF-1.5\nno trailer");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  EXPECT_EQ(ReadFile(path), bytes);
  EXPECT_EQ(StreamedOutput::Begin("letter-eml", dir_.File("r.eml")).error().code,
            ErrorCode::kInternal);
  // A CSV is checked as it is written, whole records at a time: the first bad piece is
  // refused (its line counted from the file's start), and nothing is written.
  {
    auto csv = StreamedOutput::Begin("export-csv", dir_.File("r.csv"));
    ASSERT_TRUE(csv) << csv.error().message;
    ASSERT_TRUE(
        (*csv)->Write("\xEF\xBB\xBF"
                      "a,b\r\n\"x\ny\",2\r\n"));
    EXPECT_FALSE((*csv)->Write("c,\"unclosed\r\n"));
    auto finished = (*csv)->Finish(*store_);
    ASSERT_FALSE(finished);
    EXPECT_EQ(finished.error().code, ErrorCode::kInternal);
    // The line the check of the whole file names (where its scan stopped).
    const std::string whole =
        "\xEF\xBB\xBF"
        "a,b\r\n\"x\ny\",2\r\nc,\"unclosed\r\n";
    auto checked = CheckOutput(dir_.File("r.csv"), whole, FileFormat::kCsv);
    ASSERT_FALSE(checked);
    EXPECT_EQ(finished.error().message, checked.error().message);
    EXPECT_NE(finished.error().message.find("line 5: a quoted field is not closed"),
              std::string::npos)
        << finished.error().message;
    EXPECT_FALSE(std::filesystem::exists(dir_.File("r.csv")));
  }
  {
    const std::string rows =
        "\xEF\xBB\xBF"
        "a,b\r\n1,\"x,y\"\r\n";
    auto csv = StreamedOutput::Begin("export-csv", dir_.File("r.csv"));
    ASSERT_TRUE(csv);
    ASSERT_TRUE((*csv)->Write(rows.substr(0, 8)));
    ASSERT_TRUE((*csv)->Write(rows.substr(8)));
    auto finished = (*csv)->Finish(*store_);
    ASSERT_TRUE(finished) << finished.error().message;
    EXPECT_EQ(ReadFile(dir_.File("r.csv")), rows);
    EXPECT_EQ(FileMode(dir_.File("r.csv")), 0600);
  }
  // A streamed JSON or XML export is checked as it is read back: broken, nothing is written.
  for (const auto& [kind, name, text] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"export-json", "r.json", "{\"a\": [1, 2"},
           {"export-xml", "r.xml", "<incident-record schema-version=\"17\">"}}) {
    auto out = StreamedOutput::Begin(kind, dir_.File(name));
    ASSERT_TRUE(out) << out.error().message;
    ASSERT_TRUE((*out)->Write(text));
    auto finished = (*out)->Finish(*store_);
    ASSERT_FALSE(finished) << name;
    EXPECT_EQ(finished.error().code, ErrorCode::kInternal);
    EXPECT_FALSE(std::filesystem::exists(dir_.File(name)));
  }
}

TEST_F(RecordedOutputTest, ADocumentIsRecordedAndAuditedOnlyWhenItsBytesChanged) {
  auto audit = [&] { return Count("SELECT count(*) FROM audit_log"); };
  const int64_t audit_before = audit();
  auto first = WriteOutput(*store_, "register", dir_.File("r.pdf"), "%PDF-1\n%%EOF\n");
  ASSERT_TRUE(first);
  ASSERT_TRUE(RecordDocument(*store_, *first));
  EXPECT_EQ(Count("SELECT count(*) FROM document WHERE kind <> 'output-folder'"), 1);
  EXPECT_EQ(audit(), audit_before + 1);
  auto again = WriteOutput(*store_, "register", dir_.File("r.pdf"), "%PDF-1\n%%EOF\n");
  ASSERT_TRUE(again);
  ASSERT_TRUE(RecordDocument(*store_, *again));
  EXPECT_EQ(Count("SELECT count(*) FROM document WHERE kind <> 'output-folder'"), 1);
  EXPECT_EQ(audit(), audit_before + 1);  // a re-run leaves the record as it was
  auto other = WriteOutput(*store_, "register", dir_.File("r.pdf"), "%PDF-2\n%%EOF\n");
  ASSERT_TRUE(other);
  ASSERT_TRUE(RecordDocument(*store_, *other));
  EXPECT_EQ(Count("SELECT count(*) FROM document WHERE kind <> 'output-folder'"), 2);
  EXPECT_EQ(audit(), audit_before + 2);
}

// Listed before it is written: a write that fails (or a kill) leaves nothing unlisted; and a
// file already holding the bytes is listed too (a run killed before listing it wrote it).
TEST_F(RecordedOutputTest, AnOutputIsListedWithItsFolderBeforeItIsWritten) {
  const std::string blocked = dir_.File("blocked.pdf");
  std::filesystem::create_directory(blocked);
  WriteFile(blocked + "/inside", "x");
  EXPECT_FALSE(WriteOutput(*store_, "letter", blocked, "%PDF-a\n%%EOF\n"));
  const std::string real = std::filesystem::canonical(dir_.path()).string();
  EXPECT_EQ(testing::QueryColumn(dir_.File("i.db"), "SELECT kind || ' ' || path FROM document"),
            (std::vector<std::string>{"output-folder " + real, "letter " + blocked}));

  const std::string pdf_b = "%PDF-b\n%%EOF\n";
  WriteFile(dir_.File("b.pdf"), pdf_b);  // on disk, not listed
  auto b = WriteOutput(*store_, "letter", dir_.File("b.pdf"), pdf_b);
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->changed);
  auto again = WriteOutput(*store_, "letter", dir_.File("b.pdf"), pdf_b);
  ASSERT_TRUE(again);
  EXPECT_EQ(Count("SELECT count(*) FROM document WHERE path = '" + dir_.File("b.pdf") + "'"), 1);
  auto documents = store_->Documents();
  ASSERT_TRUE(documents);
  EXPECT_EQ(documents->size(), 2u);  // the folder is not a document
  auto folders = store_->OutputFolders();
  ASSERT_TRUE(folders);
  EXPECT_EQ(*folders, std::vector<std::string>{real});
}

class RemoveWrittenFileTest : public RecordedOutputTest {
 protected:
  void SetUp() override {
    RecordedOutputTest::SetUp();
    folders_ = {std::filesystem::canonical(dir_.path()).string()};
  }
  Removal Remove(const std::string& path, const std::string& bytes) {
    auto r = RemoveWrittenFile(path, {Sha256Hex(bytes)}, folders_);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : Removal{};
  }
  std::set<std::string> folders_;
};

TEST_F(RemoveWrittenFileTest, RemovesAFileAsWrittenInAFolderWrittenTo) {
  ASSERT_TRUE(WritePrivateFile(dir_.File("a.pdf"), "a", FileFormat::kCsv));
  EXPECT_EQ(Remove(dir_.File("a.pdf"), "a").what, Removal::What::kRemoved);
  EXPECT_FALSE(std::filesystem::exists(dir_.File("a.pdf")));
  EXPECT_EQ(Remove(dir_.File("a.pdf"), "a").what, Removal::What::kGone);
}

TEST_F(RemoveWrittenFileTest, LeavesWhatItCannotVouchForAndSaysWhy) {
  ScopedTempDir other;
  const std::string outside = other.File("o.txt");
  ASSERT_TRUE(WritePrivateFile(outside, "o", FileFormat::kCsv));
  auto left = Remove(outside, "o");
  EXPECT_EQ(left.what, Removal::What::kLeft);
  EXPECT_NE(left.reason.find("not in a folder breachkit wrote"), std::string::npos);

  ASSERT_TRUE(WritePrivateFile(dir_.File("changed.pdf"), "changed", FileFormat::kCsv));
  left = Remove(dir_.File("changed.pdf"), "as written");
  EXPECT_EQ(left.what, Removal::What::kLeft);
  EXPECT_NE(left.reason.find("changed since breachkit wrote it"), std::string::npos);

  ASSERT_TRUE(WritePrivateFile(dir_.File("shared.pdf"), "s", FileFormat::kCsv));
  ::chmod(dir_.File("shared.pdf").c_str(), 0644);
  left = Remove(dir_.File("shared.pdf"), "s");
  EXPECT_EQ(left.what, Removal::What::kLeft);
  EXPECT_NE(left.reason.find("0644"), std::string::npos) << left.reason;

  std::filesystem::create_symlink(outside, dir_.File("link.pdf"));
  left = Remove(dir_.File("link.pdf"), "o");
  EXPECT_EQ(left.what, Removal::What::kLeft);
  EXPECT_NE(left.reason.find("symbolic link"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(outside));

  // Through a link to the folder: the real folder is another one.
  std::filesystem::create_directory_symlink(other.path(), dir_.File("via"));
  left = Remove(dir_.File("via/o.txt"), "o");
  EXPECT_EQ(left.what, Removal::What::kLeft);
  EXPECT_TRUE(std::filesystem::exists(outside));
  EXPECT_TRUE(std::filesystem::exists(dir_.File("changed.pdf")));
  EXPECT_TRUE(std::filesystem::exists(dir_.File("shared.pdf")));
}

TEST_F(RecordedOutputTest, AKindWithNoKnownFormatIsNotWritten) {
  auto written = WriteOutput(*store_, "notes", dir_.File("n.txt"), "text");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(std::filesystem::exists(dir_.File("n.txt")));
}

}  // namespace
}  // namespace breachkit
