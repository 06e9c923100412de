// breachkit must not become a second leak. The whole pipeline runs on the sample leak with
// umask 0; then everything it printed (stdout and stderr of every command, the audit log,
// the text of the CNIL draft and of the register entry) is searched for the exposed values
// of the ground truth: the candidates' addresses, and the planted phone numbers, IBAN, NIR,
// profile URL and street addresses, also with their separators removed. None may appear.
// Left out by design: `subjects` and `messages` (they list the persons and the addresses of
// each message: the DPO's working lists), the letters and .eml drafts (each addressed to its
// person), and the exports (the record itself). Every file written is 0600, every folder 0700.
// The register of detected values (table finding) holds no value in clear either.
#include <algorithm>
#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "tests/test_util.h"

namespace breachkit {
namespace {

using testing::ReadFile;
using testing::RunBreachkit;
using testing::ScopedTempDir;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Compact(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

struct Secret {
  std::string what;      // "address", "phone" ...
  std::string value;     // as planted, lower-cased
  bool compact = false;  // also searched with separators removed
};

std::vector<Secret> GroundTruthSecrets() {
  const auto truth =
      nlohmann::json::parse(ReadFile(std::string(BREACHKIT_SAMPLE_DIR) + "/ground-truth.json"));
  std::vector<Secret> out;
  for (const auto& c : truth["candidates"]) out.push_back({"address", Lower(c["address"]), false});
  for (const auto& p : truth["planted"]) {
    const std::string category = p["category"];
    std::string value = p["value"];
    if (category == "phone" || category == "iban" || category == "nir") {
      out.push_back({category, Lower(value), true});
    } else if (category == "profile_url") {
      out.push_back({category, Lower(value), false});
    } else if (category == "postal_address") {
      out.push_back({category, Lower(value.substr(0, value.find(','))), false});  // the street
    }
  }
  return out;
}

// The first secret found in `text`, or "".
std::string FindSecret(const std::string& text, const std::vector<Secret>& secrets) {
  const std::string lower = Lower(text), compact = Compact(text);
  for (const Secret& s : secrets) {
    if (lower.find(s.value) != std::string::npos) return s.what + " '" + s.value + "'";
    if (s.compact && compact.find(Compact(s.value)) != std::string::npos)
      return s.what + " (compact) '" + s.value + "'";
  }
  return "";
}

class UmaskZero {
 public:
  UmaskZero() : previous_(::umask(0)) {}
  ~UmaskZero() { ::umask(previous_); }

 private:
  mode_t previous_;
};

TEST(NoLeak, NothingPrintedHoldsAnExposedValueAndEveryFileIsPrivate) {
  const std::vector<Secret> secrets = GroundTruthSecrets();
  ASSERT_GT(secrets.size(), 340u);
  ScopedTempDir dir;
  UmaskZero umask_zero;
  const std::string out = dir.File("out");
  const std::string db = out + "/incident.db";
  const std::string mbox = std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox";

  // The sanity check of the check: the secrets are there to be found in the evidence.
  EXPECT_NE(FindSecret(ReadFile(mbox), secrets), "");

  const std::vector<std::vector<std::string>> commands = {
      {"run", "--org", testing::SourcePath("schemas/examples/organisation.xml"), "-o", out, mbox},
      {"--db", db, "ingest", mbox},
      {"--db", db, "ingest", "--json", mbox},
      {"--db", db, "summary"},
      {"--db", db, "summary", "--json"},
      {"--db", db, "findings"},
      {"--db", db, "findings", "--json"},
      {"--db", db, "assess"},
      {"--db", db, "assess", "--json"},
      {"--db", db, "timeline"},
      {"--db", db, "cnil", "--text"},
      {"--db", db, "cnil", "-o", out + "/cnil.pdf"},
      {"--db", db, "report", "--text"},
      {"--db", db, "report", "-o", out + "/register.pdf"},
      // The DPO accepts the proposed measures: the letters may then go as e-mails.
      {"--db", db, "set", "--confirm", "measures-taken"},
      {"--db", db, "set", "--confirm", "measures-planned"},
      {"--db", db, "letters", "-o", out + "/letters", "--eml", "--merged", out + "/all.pdf"},
      {"--db", db, "export", "--format", "json", "-o", out + "/record.json"},
      {"--db", db, "export", "--format", "csv", "-o", out + "/csv"},
      {"--db", db, "audit"},
      {"--db", db, "audit", "verify"},
      {"--db", db, "ingest", dir.File("missing.mbox")},  // an error message
  };
  for (const auto& args : commands) {
    auto r = RunBreachkit(args);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_NE(r.exit_code, 4) << shown << r.err;
    EXPECT_EQ(FindSecret(r.out, secrets), "") << "stdout of: " << shown;
    EXPECT_EQ(FindSecret(r.err, secrets), "") << "stderr of: " << shown;
  }

  // The register of detected values: masked previews and keyed hashes only.
  SQLite::Database record(db);
  SQLite::Statement rows(record, "SELECT * FROM finding");
  size_t findings = 0;
  while (rows.executeStep()) {
    ++findings;
    std::string row;
    for (int i = 0; i < rows.getColumnCount(); ++i) row += rows.getColumn(i).getString() + "|";
    ASSERT_EQ(FindSecret(row, secrets), "") << "finding row " << row;
  }
  EXPECT_GT(findings, 50u);

  // Modes, whatever the umask: files 0600, folders 0700.
  size_t files = 0;
  EXPECT_EQ(testing::FileMode(out), 0700);
  for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
    if (e.is_directory()) {
      EXPECT_EQ(testing::FileMode(e.path()), 0700) << e.path();
    } else {
      ++files;
      EXPECT_EQ(testing::FileMode(e.path()), 0600) << e.path();
    }
  }
  EXPECT_GT(files, 340u * 2);  // a PDF and an .eml per person, at least
}

}  // namespace
}  // namespace breachkit
