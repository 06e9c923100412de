// breachkit letters -o DIR [--lang fr|en] [--template FILE] [--merged FILE.pdf] [--eml]
//                   [--only ADDRESS...]
// One letter per affected person (GDPR Art. 34) as PDF in DIR, DIR/manifest.csv (person,
// address, file, pages, SHA-256), an optional merged PDF for printing, and with --eml one
// ready-to-send .eml per person, addressed to that person alone (checked by parsing it back:
// exactly one recipient, no Cc, no Bcc). Re-running rewrites only the letters that changed.
// Both cores render; progress on stderr.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include <fmt/core.h>
#include <glib.h>

#include "core/mail/mail_writer.h"
#include "core/mail/mime_parser.h"
#include "core/util/hash.h"
#include "reports/letter.h"
#include "reports/pdf_writer.h"
#include "tools/commands.h"
#include "tools/csv.h"
#include "tools/record_view.h"
#include "tools/recorded_output.h"

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

struct Letter {
  const Subject* person = nullptr;
  std::string file;  // its name in the folder
  Document doc;
  // Filled by the renderers:
  int pages = 0;
  Output output;
  std::optional<Error> error;
};

// One letter per affected person, or per --only address; numbered as in the whole list, so
// that a person's number does not depend on what --only selects.
Result<std::vector<Letter>> ComposeLetters(const RecordView& view, const LetterTemplate& tmpl,
                                           const std::vector<std::string>& only_addresses) {
  std::set<std::string> only;
  for (const auto& a : only_addresses) only.insert(AddressKey(a));
  std::vector<Letter> letters;
  int index = 0;
  for (const Subject& s : view.exposure.subjects) {
    ++index;
    if (!only.empty() && !only.contains(AddressKey(s.address))) continue;
    LetterContext ctx{view.incident, s, fmt::format("VDP-{:04}", index), view.incident.created_at};
    auto doc = ComposeLetter(tmpl, ctx);
    if (!doc) return std::unexpected(doc.error());
    Letter letter;
    letter.person = &s;
    letter.file = SafeFileName(
        index, s.display_name.empty() ? s.address.substr(0, s.address.find('@')) : s.display_name,
        "pdf");
    letter.doc = std::move(*doc);
    letters.push_back(std::move(letter));
  }
  if (!only.empty() && letters.size() != only.size()) {
    return Fail(
        ErrorCode::kUsage,
        "--only: {} of the {} addresses are not affected persons (breachkit subjects lists them)",
        only.size() - letters.size(), only.size());
  }
  return letters;
}

// Every letter as PDF into `dir`, on every core; a progress line on a terminal.
Status RenderLetters(std::vector<Letter>& letters, const IncidentStore& store,
                     const std::string& dir, const PdfOptions& pdf, const Io& io) {
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  auto render = [&](Letter& l) {
    auto rendered = RenderPdf(l.doc, pdf);
    if (!rendered) {
      l.error = rendered.error();
      return;
    }
    l.pages = rendered->pages;
    auto written =
        WriteOutput(store, "letter", dir + "/" + l.file, rendered->bytes, l.person->address);
    if (!written) {
      l.error = written.error();
      return;
    }
    l.output = std::move(*written);
  };
  auto worker = [&] {
    for (size_t k; (k = next.fetch_add(1)) < letters.size();) {
      render(letters[k]);
      ++done;  // failed or not: the progress line waits for every letter
    }
  };
  const unsigned cores = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < cores; ++t) threads.emplace_back(worker);
  if (io.err_is_terminal) {
    std::thread progress([&] {
      while (done < letters.size()) {
        fmt::print(io.progress, "\r\033[Kletters {} / {}", done.load(), letters.size());
        std::fflush(io.progress);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    });
    worker();
    for (auto& t : threads) t.join();
    progress.join();
    fmt::print(io.progress, "\r\033[K");
  } else {
    worker();
    for (auto& t : threads) t.join();
  }
  for (const Letter& l : letters) {
    if (l.error) return std::unexpected(*l.error);
  }
  return Ok();
}

// DIR/manifest.csv: person, address, file, pages, SHA-256.
std::string Manifest(const std::vector<Letter>& letters) {
  std::string manifest = "\xEF\xBB\xBF\"person\",\"address\",\"file\",\"pages\",\"sha256\"\r\n";
  for (const Letter& l : letters) {
    manifest += fmt::format("{},{},{},{},{}\r\n", CsvField(l.person->display_name),
                            CsvField(l.person->address), CsvField(l.file),
                            CsvField(std::to_string(l.pages)), CsvField(l.output.doc.sha256));
  }
  return manifest;
}

// The letter as a ready-to-send e-mail with its PDF attached, refused unless it goes to its
// person alone: the check that this notification cannot repeat the original mistake.
Result<std::string> LetterMail(const Letter& l, const IncidentInfo& incident) {
  // Read back rather than kept: the letters of a large leak do not all stay in memory.
  std::ifstream in(l.output.doc.path, std::ios::binary);
  const std::string pdf_bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad() || Sha256Hex(pdf_bytes) != l.output.doc.sha256) {
    return Fail(ErrorCode::kIo, "{}: unreadable, or changed since it was written",
                l.output.doc.path);
  }
  OutgoingMail mail;
  mail.from_name = incident.dpo_name;
  mail.from_address = incident.dpo_email;
  mail.to_name = l.person->display_name;
  mail.to_address = l.person->address;
  mail.subject = l.doc.title;
  std::string body;
  for (const Block& b : l.doc.sections.front().blocks) {
    if (const auto* p = std::get_if<Paragraph>(&b)) body += p->text + "\n\n";
  }
  mail.body = body;
  mail.attachment = pdf_bytes;
  mail.attachment_name = l.file;
  mail.date = incident.created_at;
  mail.tag = l.output.doc.sha256.substr(0, 24);
  auto bytes = BuildMail(mail);
  if (!bytes) return std::unexpected(bytes.error());
  auto parsed = ParseMail(*bytes);
  if (!parsed)
    return Fail(ErrorCode::kInternal, "{}: the draft e-mail does not parse back", l.file);
  int to = 0, others = 0;
  bool right_person = false;
  for (const MailAddress& a : parsed->messages.front().addresses) {
    if (a.field == AddressField::kTo) {
      ++to;
      right_person = AddressKey(a.address) == AddressKey(l.person->address);
    }
    if (a.field == AddressField::kCc || a.field == AddressField::kBcc) ++others;
  }
  if (to != 1 || others != 0 || !right_person) {
    return Fail(ErrorCode::kInternal,
                "{}: refused: a notification must go to its person alone (found {} To, {} Cc/Bcc)",
                l.file, to, others);
  }
  return bytes;
}

}  // namespace

Result<Outcome> Options::Letters::Execute(const Options& options, const Io& io,
                                          IncidentStore& store) {
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
  if (auto st = MakePrivateFolder(o.out_dir); !st) return std::unexpected(st.error());

  // Compose, render, record.
  auto letters = ComposeLetters(*view, *tmpl, o.only);
  if (!letters) return std::unexpected(letters.error());
  PdfOptions pdf;
  pdf.creation_date = view->incident.created_at;
  if (auto st = RenderLetters(*letters, store, o.out_dir, pdf, io); !st)
    return std::unexpected(st.error());
  std::vector<Output> rendered;
  for (const Letter& l : *letters) rendered.push_back(l.output);
  if (auto st = RecordOutputs(store, rendered, Listing::kChanged); !st)
    return std::unexpected(st.error());
  const auto changed =
      std::count_if(rendered.begin(), rendered.end(), [](const Output& r) { return r.changed; });

  // What else is written is listed too, so that `purge` finds every file.
  std::vector<Output> listed;
  auto write = [&](const std::string& kind, const std::string& path, std::string_view bytes,
                   const std::string& person = "") -> Status {
    auto written = WriteOutput(store, kind, path, bytes, person);
    if (!written) return std::unexpected(written.error());
    listed.push_back(std::move(*written));
    return Ok();
  };
  if (auto st = write("letters-manifest", o.out_dir + "/manifest.csv", Manifest(*letters)); !st)
    return std::unexpected(st.error());
  if (!o.merged.empty() && !letters->empty()) {
    std::vector<Document> docs;
    for (const Letter& l : *letters) docs.push_back(l.doc);
    auto merged = RenderPdfs(docs, pdf);
    if (!merged) return std::unexpected(merged.error());
    if (auto st = write("letters-merged", o.merged, merged->bytes); !st)
      return std::unexpected(st.error());
  }
  if (o.eml) {
    const std::string eml_dir = o.out_dir + "/eml";
    if (auto st = MakePrivateFolder(eml_dir); !st) return std::unexpected(st.error());
    for (const Letter& l : *letters) {
      auto mail = LetterMail(l, view->incident);
      if (!mail) return std::unexpected(mail.error());
      const std::string eml_file = eml_dir + "/" + l.file.substr(0, l.file.size() - 4) + ".eml";
      if (auto st = write("letter-eml", eml_file, *mail, l.person->address); !st)
        return std::unexpected(st.error());
    }
  }
  if (auto st = RecordOutputs(store, listed, Listing::kEvery); !st)
    return std::unexpected(st.error());
  if (changed > 0) {  // a re-run that changes nothing leaves the record as it was
    if (auto st =
            store.AppendAudit("document", fmt::format("letters: {} persons, {} written, lang {}",
                                                      letters->size(), changed, tmpl->lang));
        !st)
      return std::unexpected(st.error());
  }
  fmt::print(io.out, "{} letters in {} ({} written, {} unchanged){}{}; manifest {}/manifest.csv\n",
             letters->size(), o.out_dir, changed, letters->size() - static_cast<size_t>(changed),
             o.merged.empty() ? "" : ", merged into " + o.merged,
             o.eml ? ", e-mails in " + o.out_dir + "/eml" : "", o.out_dir);
  return Outcome::kOk;
}

}  // namespace breachkit
