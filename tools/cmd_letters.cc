// breachkit letters -o DIR [--lang fr|en] [--template FILE] [--merged FILE.pdf] [--eml]
//                   [--only ADDRESS...]
// One letter per affected person (GDPR Art. 34) as PDF in DIR, DIR/manifest.csv (person,
// address, file, pages, SHA-256), an optional merged PDF for printing, and with --eml one
// ready-to-send .eml per person, addressed to that person alone (checked by parsing it back:
// exactly one recipient, no Cc, no Bcc). Re-running rewrites only the letters that changed.
// Both cores render; progress on stderr.
#include <fcntl.h>
#include <glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <fmt/core.h>

#include "core/mail/mail_writer.h"
#include "core/mail/mime_parser.h"
#include "core/util/hash.h"
#include "reports/letter.h"
#include "reports/pdf_writer.h"
#include "reports/text_writer.h"
#include "tools/commands.h"
#include "tools/csv.h"
#include "tools/record_view.h"

namespace breachkit {

// A file name from untrusted text: letters, digits (any script), '-', '_' only; no path
// separator, no "..", no control character; unique thanks to the number in front.
std::string SafeFileName(int index, const std::string& name, const std::string& ext) {
  std::string base;
  const char* p = name.c_str();
  while (*p) {
    const gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) break;
    if (g_unichar_isalnum(c) || c == '-') {
      char buf[6];
      base.append(buf, static_cast<size_t>(g_unichar_to_utf8(c, buf)));
    } else if (!base.empty() && base.back() != '_') {
      base.push_back('_');
    }
    p = g_utf8_next_char(p);
    if (base.size() > 60) break;
  }
  while (!base.empty() && (base.back() == '_' || base.back() == '-')) base.pop_back();
  if (base.empty()) base = "person";
  return fmt::format("{:04}-{}.{}", index, base, ext);
}

namespace {


Status WritePrivateFile(const std::string& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(ErrorCode::kIo, "{}: cannot create: {}", path, std::strerror(errno));
  ::fchmod(fd, 0600);
  size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n <= 0) {
      ::close(fd);
      return Fail(ErrorCode::kIo, "{}: cannot write: {}", path, std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  return ::close(fd) == 0 ? Ok() : Fail(ErrorCode::kIo, "{}: cannot write", path);
}

struct Job {
  const Subject* person = nullptr;
  std::string file;
  Document doc;
  // Filled by the workers:
  int pages = 0;
  std::string sha256;
  bool changed = false;
  std::optional<Error> error;
};

}  // namespace

Result<Outcome> CmdLetters(const Options& options, const Io& io, IncidentStore& store) {
  const auto& o = options.letters;
  auto view = LoadRecordView(store);
  if (!view) return std::unexpected(view.error());
  if (auto st = CheckLetterFields(view->incident); !st) return std::unexpected(st.error());
  const std::string lang = o.lang.empty() ? view->incident.language : o.lang;
  Result<LetterTemplate> tmpl = [&]() -> Result<LetterTemplate> {
    if (o.template_path.empty()) return BuiltinLetterTemplate(lang);
    std::ifstream in(o.template_path, std::ios::binary);
    if (!in) return Fail(ErrorCode::kIo, "{}: cannot read the template", o.template_path);
    const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return ParseLetterTemplate(xml, o.template_path);
  }();
  if (!tmpl) return std::unexpected(tmpl.error());

  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) return Fail(ErrorCode::kIo, "{}: cannot create the folder: {}", o.out_dir, ec.message());
  ::chmod(o.out_dir.c_str(), 0700);

  std::set<std::string> only;
  for (const auto& a : o.only) only.insert(AddressKey(a));
  std::vector<Job> jobs;
  int index = 0;
  for (const Subject& s : view->exposure.subjects) {
    ++index;  // numbering is stable whatever --only selects
    if (!only.empty() && !only.contains(AddressKey(s.address))) continue;
    LetterContext ctx{view->incident, s, fmt::format("VDP-{:04}", index), view->incident.created_at};
    auto doc = ComposeLetter(*tmpl, ctx);
    if (!doc) return std::unexpected(doc.error());
    Job job;
    job.person = &s;
    job.file = SafeFileName(index, s.display_name.empty() ? s.address.substr(0, s.address.find('@')) : s.display_name, "pdf");
    job.doc = std::move(*doc);
    jobs.push_back(std::move(job));
  }
  if (!only.empty() && jobs.size() != only.size()) {
    return Fail(ErrorCode::kUsage, "--only: {} of the {} addresses are not affected persons (breachkit subjects lists them)",
                only.size() - jobs.size(), only.size());
  }

  // Render on every core; each job writes its own file.
  PdfOptions pdf;
  pdf.creation_date = view->incident.created_at;
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  auto render = [&](Job& j) {
    const std::string path = o.out_dir + "/" + j.file;
    const std::string fresh = path + ".new";
    auto pages = WritePdf(j.doc, pdf, fresh);
    if (!pages) {
      j.error = pages.error();
      return;
    }
    j.pages = *pages;
    auto sha = Sha256File(fresh);
    if (!sha) {
      j.error = sha.error();
      return;
    }
    j.sha256 = *sha;
    auto old = Sha256File(path);
    if (old && *old == j.sha256) {
      ::unlink(fresh.c_str());  // unchanged: the existing file stays as it is
    } else {
      ::rename(fresh.c_str(), path.c_str());
      j.changed = true;
    }
  };
  auto worker = [&] {
    for (size_t k; (k = next.fetch_add(1)) < jobs.size();) {
      render(jobs[k]);
      ++done;  // failed or not: the progress line waits for every job
    }
  };
  const unsigned cores = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < cores; ++t) threads.emplace_back(worker);
  if (io.err_is_terminal) {
    std::thread progress([&] {
      while (done < jobs.size()) {
        fmt::print(io.err, "\r\033[Kletters {} / {}", done.load(), jobs.size());
        std::fflush(io.err);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    });
    worker();
    for (auto& t : threads) t.join();
    progress.join();
    fmt::print(io.err, "\r\033[K");
  } else {
    worker();
    for (auto& t : threads) t.join();
  }
  for (const Job& j : jobs) {
    if (j.error) return std::unexpected(*j.error);
  }

  // Manifest, records, audit.
  std::string manifest = "\xEF\xBB\xBF\"person\",\"address\",\"file\",\"pages\",\"sha256\"\r\n";
  int changed = 0;
  std::vector<DocumentRecord> written;
  for (const Job& j : jobs) {
    manifest += fmt::format("{},{},{},{},{}\r\n", CsvField(j.person->display_name), CsvField(j.person->address),
                            CsvField(j.file), CsvField(std::to_string(j.pages)), CsvField(j.sha256));
    if (!j.changed) continue;
    ++changed;
    written.push_back({"letter", o.out_dir + "/" + j.file, j.sha256, store.clock().NowUnix(), j.person->address});
  }
  if (auto st = store.RecordDocuments(written); !st) return std::unexpected(st.error());
  if (auto st = WritePrivateFile(o.out_dir + "/manifest.csv", manifest); !st) return std::unexpected(st.error());
  // What else is written is listed too, so that `purge` finds every file.
  std::vector<DocumentRecord> listed{{"letters-manifest", o.out_dir + "/manifest.csv", Sha256Hex(manifest), store.clock().NowUnix(), ""}};

  if (!o.merged.empty()) {
    std::vector<Document> docs;
    for (const Job& j : jobs) docs.push_back(j.doc);
    if (!docs.empty()) {
      auto pages = WritePdfs(docs, pdf, o.merged);
      if (!pages) return std::unexpected(pages.error());
      auto sha = Sha256File(o.merged);
      if (!sha) return std::unexpected(sha.error());
      listed.push_back({"letters-merged", o.merged, *sha, store.clock().NowUnix(), ""});
    }
  }

  if (o.eml) {
    const std::string eml_dir = o.out_dir + "/eml";
    std::filesystem::create_directories(eml_dir, ec);
    ::chmod(eml_dir.c_str(), 0700);
    for (const Job& j : jobs) {
      std::ifstream in(o.out_dir + "/" + j.file, std::ios::binary);
      const std::string pdf_bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      OutgoingMail mail;
      mail.from_name = view->incident.dpo_name;
      mail.from_address = view->incident.dpo_email;
      mail.to_name = j.person->display_name;
      mail.to_address = j.person->address;
      mail.subject = j.doc.title;
      std::string body;
      for (const Block& b : j.doc.sections.front().blocks) {
        if (const auto* p = std::get_if<Paragraph>(&b)) body += p->text + "\n\n";
      }
      mail.body = body;
      mail.attachment = pdf_bytes;
      mail.attachment_name = j.file;
      mail.date = view->incident.created_at;
      mail.tag = j.sha256.substr(0, 24);
      auto bytes = BuildMail(mail);
      if (!bytes) return std::unexpected(bytes.error());
      // The check that this notification cannot repeat the original mistake.
      auto parsed = ParseMail(*bytes);
      if (!parsed) return Fail(ErrorCode::kInternal, "{}: the draft e-mail does not parse back", j.file);
      int to = 0, others = 0;
      bool right_person = false;
      for (const MailAddress& a : parsed->messages.front().addresses) {
        if (a.field == AddressField::kTo) {
          ++to;
          right_person = AddressKey(a.address) == AddressKey(j.person->address);
        }
        if (a.field == AddressField::kCc || a.field == AddressField::kBcc) ++others;
      }
      if (to != 1 || others != 0 || !right_person) {
        return Fail(ErrorCode::kInternal,
                    "{}: refused: a notification must go to its person alone (found {} To, {} Cc/Bcc)",
                    j.file, to, others);
      }
      const std::string eml_file = eml_dir + "/" + j.file.substr(0, j.file.size() - 4) + ".eml";
      if (auto st = WritePrivateFile(eml_file, *bytes); !st) return std::unexpected(st.error());
      listed.push_back({"letter-eml", eml_file, Sha256Hex(*bytes), store.clock().NowUnix(), j.person->address});
    }
  }
  if (auto st = store.RecordDocuments(listed); !st) return std::unexpected(st.error());
  if (changed > 0) {  // a re-run that changes nothing leaves the record as it was
    if (auto st = store.AppendAudit("document", fmt::format("letters: {} persons, {} written, lang {}", jobs.size(),
                                                            changed, tmpl->lang));
        !st)
      return std::unexpected(st.error());
  }
  fmt::print(io.out, "{} letters in {} ({} written, {} unchanged){}{}; manifest {}/manifest.csv\n", jobs.size(),
             o.out_dir, changed, jobs.size() - static_cast<size_t>(changed),
             o.merged.empty() ? "" : ", merged into " + o.merged, o.eml ? ", e-mails in " + o.out_dir + "/eml" : "",
             o.out_dir);
  return Outcome::kOk;
}

}  // namespace breachkit
