#include "tools/recorded_output.h"

#include <algorithm>
#include <csignal>
#include <filesystem>

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
  auto st = WritePrivateFile(dir.File("f"), "personal data");
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
  ASSERT_TRUE(WritePrivateFile(dir.File("f"), "ours"));
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
  auto st = WritePrivateFile(dir.File("f"), std::string(5000, 'x'));
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
  auto st = WritePrivateFile(dir.File("ro/f"), "bytes");
  ::chmod(dir.File("ro").c_str(), 0700);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
  EXPECT_TRUE(FilesIn(dir.File("ro")).empty());
}

// What root can't do either: a folder that does not exist.
TEST(WritePrivateFile, InAMissingFolderIsAnIoErrorNamingThePath) {
  ScopedTempDir dir;
  auto st = WritePrivateFile(dir.File("missing/f"), "bytes");
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
  auto st = WritePrivateFile(dir.File("f"), "bytes");
  ASSERT_FALSE(st);
  EXPECT_EQ(FilesIn(dir.path()), std::vector<std::string>{"f"});
  EXPECT_EQ(ReadFile(dir.File("f/inside")), "x");
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

TEST_F(RecordedOutputTest, ADocumentIsRecordedAndAuditedOnlyWhenItsBytesChanged) {
  auto audit = [&] { return Count("SELECT count(*) FROM audit_log"); };
  const int64_t audit_before = audit();
  auto first = WriteOutput(*store_, "register", dir_.File("r.pdf"), "%PDF-1");
  ASSERT_TRUE(first);
  ASSERT_TRUE(RecordDocument(*store_, *first));
  EXPECT_EQ(Count("SELECT count(*) FROM document"), 1);
  EXPECT_EQ(audit(), audit_before + 1);
  auto again = WriteOutput(*store_, "register", dir_.File("r.pdf"), "%PDF-1");
  ASSERT_TRUE(again);
  ASSERT_TRUE(RecordDocument(*store_, *again));
  EXPECT_EQ(Count("SELECT count(*) FROM document"), 1);
  EXPECT_EQ(audit(), audit_before + 1);  // a re-run leaves the record as it was
  auto other = WriteOutput(*store_, "register", dir_.File("r.pdf"), "%PDF-2");
  ASSERT_TRUE(other);
  ASSERT_TRUE(RecordDocument(*store_, *other));
  EXPECT_EQ(Count("SELECT count(*) FROM document"), 2);
  EXPECT_EQ(audit(), audit_before + 2);
}

TEST_F(RecordedOutputTest, ListingEveryOutputOrOnlyTheChangedOnes) {
  auto a = WriteOutput(*store_, "letter", dir_.File("a.pdf"), "a");
  auto b = WriteOutput(*store_, "letter", dir_.File("b.pdf"), "b");
  ASSERT_TRUE(a && b);
  b->changed = false;
  const std::vector<Output> both{*a, *b};
  ASSERT_TRUE(RecordOutputs(*store_, both, Listing::kChanged));
  EXPECT_EQ(testing::QueryColumn(dir_.File("i.db"), "SELECT path FROM document ORDER BY id"),
            std::vector<std::string>{dir_.File("a.pdf")});
  ASSERT_TRUE(RecordOutputs(*store_, both, Listing::kEvery));
  EXPECT_EQ(testing::QueryColumn(dir_.File("i.db"), "SELECT path FROM document ORDER BY id"),
            (std::vector<std::string>{dir_.File("a.pdf"), dir_.File("b.pdf")}));
}

}  // namespace
}  // namespace breachkit
