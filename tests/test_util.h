// Helpers shared by the tests: temporary folders, file reading, running the
// breachkit binary as a user would, and paths into the source tree.
#ifndef BREACHKIT_TESTS_TEST_UTIL_H_
#define BREACHKIT_TESTS_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace breachkit::testing {

/// A fresh folder under $TMPDIR, removed with everything in it at scope exit.
class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);
/// Mode bits (& 0777) of a file, or -1.
int FileMode(const std::string& path);

/// A path inside the source tree ("schemas/examples/organisation.xml").
std::string SourcePath(const std::string& relative);

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

/// Runs the breachkit binary with `args` (no shell), optionally feeding `stdin_data`.
RunResult RunBreachkit(const std::vector<std::string>& args, const std::string& stdin_data = "");

/// The JSON objects of `text`, one per non-empty line (the `--json` output of a listing).
std::vector<nlohmann::json> JsonLines(const std::string& text);
/// The record at `db_path` made with the example organisation profile, and the sample leak
/// ingested into it (test assertions: call under ASSERT_NO_FATAL_FAILURE).
void InitAndIngestSample(const std::string& db_path);
/// A test with its own record holding the sample leak (InitAndIngestSample) in `db_`.
class SampleRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("i.db");
    ASSERT_NO_FATAL_FAILURE(InitAndIngestSample(db_));
  }
  ScopedTempDir dir_;
  std::string db_;
};

/// Runs any program (command[0], a path) the same way.
RunResult RunCommand(const std::vector<std::string>& command, const std::string& stdin_data = "");

/// The payroll generator's "wrong recipient" leak (tests/data/payroll/make_payroll.py, shape
/// payroll) in `out`: one format's .eml (payroll-FORMAT.eml), organisation.xml, expected.json.
RunResult MakePayrollLeak(const std::string& out, const std::string& format, int rows);

/// The first column of every row `sql` returns from the SQLite file at `db_path`, as text.
std::vector<std::string> QueryColumn(const std::string& db_path, const std::string& sql);

/// A zip archive holding `entries` (name, content): DOCX and XLSX attachments.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries);
/// Standard base64, one line.
std::string Base64(const std::string& bytes);
/// A PDF of one page per entry of `pages`, each line of a page (ASCII) drawn on its own line
/// in Helvetica: what a CV or a payslip printed to PDF holds, for the PDF attachments.
std::string MakePdf(const std::vector<std::string>& pages);
/// `pdf` encrypted by qpdf (AES-256) with `user_password` (empty: it opens without one) and
/// an owner password.
std::string EncryptPdf(const std::string& pdf, const std::string& user_password);

/// Every figure of the exposure model's report of the record at `db`, read two ways: the
/// whole record loaded (ComputeExposure(LoadExposureInput)) and a top-level message at a
/// time (LoadExposureReport, what the commands use); "" when they agree, else both texts.
std::string StreamedAndWholeFiguresDiffer(const std::string& db,
                                          const std::string& what_if_category = "",
                                          bool merges = false, bool splits = false);

}  // namespace breachkit::testing

#endif  // BREACHKIT_TESTS_TEST_UTIL_H_
