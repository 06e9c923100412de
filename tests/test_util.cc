#include "tests/test_util.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <glib.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include "core/exposure/exposure.h"
#include "core/store/exposure_loader.h"
#include "core/store/store.h"

extern char** environ;

namespace breachkit::testing {

ScopedTempDir::ScopedTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/breachkit-test-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

int FileMode(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 0777);
}

std::string SourcePath(const std::string& relative) {
  return std::string(BREACHKIT_SOURCE_DIR) + "/" + relative;
}

namespace {

std::string Drain(int fd) {
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

}  // namespace

void InitAndIngestSample(const std::string& db_path) {
  RunResult init = RunBreachkit(
      {"--db", db_path, "init", "--org", SourcePath("schemas/examples/organisation.xml")});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  RunResult ingest = RunBreachkit(
      {"--db", db_path, "ingest", std::string(BREACHKIT_SAMPLE_DIR) + "/hr-rejection.mbox"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
}

RunResult RunBreachkit(const std::vector<std::string>& args, const std::string& stdin_data) {
  std::vector<std::string> argv{BREACHKIT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, stdin_data);
}

RunResult RunCommand(const std::vector<std::string>& command, const std::string& stdin_data) {
  ::signal(SIGPIPE, SIG_IGN);  // the child may exit before reading all of stdin
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe(in_pipe) || ::pipe(out_pipe) || ::pipe(err_pipe)) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
    posix_spawn_file_actions_addclose(&actions, fd);
  std::vector<std::string> argv_s = command;
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, argv_s[0].c_str(), &actions, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start " + argv_s[0]);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  std::thread feeder([&] {
    size_t off = 0;
    while (off < stdin_data.size()) {
      const ssize_t n = ::write(in_pipe[1], stdin_data.data() + off, stdin_data.size() - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    ::close(in_pipe[1]);
  });
  RunResult r;
  std::thread err_reader([&] { r.err = Drain(err_pipe[0]); });
  r.out = Drain(out_pipe[0]);
  err_reader.join();
  feeder.join();
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  ScopedTempDir dir;
  const std::string path = dir.File("a.zip");
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!z) throw std::runtime_error("zip_open failed");
  for (const auto& [name, content] : entries) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  return ReadFile(path);
}

std::string Base64(const std::string& bytes) {
  gchar* b = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string out(b);
  g_free(b);
  return out;
}

std::string MakePdf(const std::vector<std::string>& pages) {
  // Objects: 1 the catalog, 2 the page tree, 3 the font, then a page and its content stream
  // for each page. The cross-reference table gives each object's byte offset.
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", "",
                                      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                                      "/Encoding /WinAnsiEncoding >>"};
  std::string kids;
  for (const std::string& page : pages) {
    const size_t page_object = objects.size() + 1;
    kids += std::to_string(page_object) + " 0 R ";
    std::string content = "BT /F1 12 Tf 16 TL 72 760 Td";
    std::istringstream lines(page);
    for (std::string line; std::getline(lines, line);) {
      std::string escaped;
      for (char c : line) {
        if (c == '(' || c == ')' || c == '\\') escaped.push_back('\\');
        escaped.push_back(c);
      }
      content += " (" + escaped + ") Tj T*";
    }
    content += " ET";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
        "<< /F1 3 0 R >> >> /Contents " +
        std::to_string(page_object + 1) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "\nendstream");
  }
  objects[1] =
      "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    std::string number = std::to_string(offset);
    pdf += std::string(10 - number.size(), '0') + number + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string EncryptPdf(const std::string& pdf, const std::string& user_password) {
  ScopedTempDir dir;
  WriteFile(dir.File("in.pdf"), pdf);
  const RunResult r = RunCommand({"/usr/bin/qpdf", "--encrypt", user_password, "owner-secret",
                                  "256", "--", dir.File("in.pdf"), dir.File("out.pdf")});
  if (r.exit_code != 0) throw std::runtime_error("qpdf --encrypt failed: " + r.err);
  return ReadFile(dir.File("out.pdf"));
}

std::vector<std::string> QueryColumn(const std::string& db_path, const std::string& sql) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> out;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    if (nl > at) out.push_back(nlohmann::json::parse(text.substr(at, nl - at)));
    at = nl + 1;
  }
  return out;
}

namespace {

// Every figure of `r`, one per line.
std::string ReportText(const ExposureReport& r) {
  auto date = [](const std::optional<int64_t>& d) { return d ? std::to_string(*d) : "-"; };
  std::string t = fmt::format(
      "persons {} records {} messages {} nested {} duplicates {} threads {} events {} re {} "
      "max {} first {} last {} staff {} unattributed {} original {} '{}' unparsed {} defects {}\n",
      r.persons_affected, r.records, r.messages, r.nested_messages, r.duplicate_messages, r.threads,
      r.exposure_events, r.re_exposures, r.max_audience, date(r.first_exposure),
      date(r.last_exposure), r.staff_addresses, r.unattributed_findings, date(r.original_message),
      r.original_subject, r.unparsed_messages, r.address_defects);
  for (int64_t d : r.inbound_to_organisation) t += fmt::format("inbound {}\n", d);
  for (const auto& [why, n] : r.functional_addresses)
    t += fmt::format("functional {} {}\n", why, n);
  for (const auto& tp : r.third_party_recipients)
    t += fmt::format("third {} {}\n", tp.address, tp.subjects_reached);
  for (const auto& [cnil, c] : r.categories)
    t += fmt::format("category {} {} {}\n", cnil, c.persons, c.records);
  for (const auto& m : r.storm)
    t += fmt::format("storm {} {} {} {}\n", m.id, date(m.date_utc), m.audience, m.newly_exposed);
  for (const auto& [category, v] : r.review)
    t += fmt::format("review {} {} {} {} {} {}\n", category, v.counted, v.awaiting, v.near_misses,
                     v.rejected, v.confirmed);
  for (const Subject& s : r.subjects) {
    t += fmt::format("subject {} {} {} '{}' [{}] {} {} {} {} {}{}{}\n", s.party, s.address,
                     s.content, s.display_name, fmt::join(s.other_names, "|"), s.messages,
                     s.max_audience, date(s.first_exposure), date(s.last_exposure),
                     s.wrote_in_storm, s.reached_third_party, s.seen_in_table);
    for (const ExposedItem& i : s.items)
      t += fmt::format("  {} {} {} {} {} {}\n", i.kind, i.cnil, i.masked, i.messages,
                       i.max_audience, date(i.first_exposure));
  }
  return t;
}

}  // namespace

std::string StreamedAndWholeFiguresDiffer(const std::string& db,
                                          const std::string& what_if_category, bool merges,
                                          bool splits) {
  auto store = IncidentStore::Open(db, {.mode = StoreMode::kReadOnly});
  if (!store) return "cannot open " + db + ": " + store.error().message;
  std::optional<ReviewWhatIf> what_if;
  if (!what_if_category.empty() || merges || splits) {
    what_if.emplace();
    what_if->category = what_if_category;
    what_if->merges = merges;
    what_if->splits = splits;
  }
  auto input = LoadExposureInput(**store, what_if);
  if (!input) return "LoadExposureInput: " + input.error().message;
  auto streamed = LoadExposureReport(**store, what_if);
  if (!streamed) return "LoadExposureReport: " + streamed.error().message;
  const std::string whole = ReportText(ComputeExposure(*input));
  const std::string read = ReportText(*streamed);
  if (whole == read) return "";
  return "whole record:\n" + whole + "\na message at a time:\n" + read;
}

RunResult MakePayrollLeak(const std::string& out, const std::string& format, int rows) {
  return RunCommand({"/usr/bin/env", "python3", SourcePath("tests/data/payroll/make_payroll.py"),
                     "--out", out, "--shape", "payroll", "--format", format, "--rows",
                     std::to_string(rows)});
}

}  // namespace breachkit::testing
