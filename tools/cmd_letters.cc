// breachkit letters -o DIR [--lang fr|en] [--template FILE] [--merged FILE.pdf] [--eml]
//                   [--only ADDRESS...]
// One letter per affected person (GDPR Art. 34) as PDF in DIR, DIR/manifest.csv (person,
// address, file, pages, SHA-256), an optional merged PDF for printing, and with --eml one
// ready-to-send .eml per person, addressed to that person alone (checked by parsing it back:
// exactly one recipient, no Cc, no Bcc). Re-running rewrites only the letters that changed, and
// removes the letters and drafts of an earlier set that are no longer part of it. Every core
// renders; progress on stderr. Ctrl-C stops between two batches of letters, each letter written
// whole and listed in the record (exit 3); the same command finishes the job.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fmt/core.h>
#include <fmt/format.h>
#include <glib.h>

#include "core/mail/mail_writer.h"
#include "core/mail/mime_parser.h"
#include "core/risk/facts.h"
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
  // Where to write to them: their address, else their contact (a person found in a table:
  // the address in their row, or one imported with `contacts import`); "" when none known.
  std::string address;
  std::string postal_address;
  std::string contact;      // how: "address", "e-mail (leak)", "e-mail (import)", "postal", "none"
  bool draft = false;       // prints a proposal the DPO has not confirmed: not to be sent
  bool bounced = false;     // a delivery report of the evidence says `address` does not exist
  bool required = false;    // Art. 34 obliges to inform them (their group's risk is high)
  std::string ref;          // the person as the record's document row names them
  std::string file;         // its name in the folder
  int index = 0;            // its number in the whole list (its reference VDP-NNNN)
  std::optional<bool> why;  // LetterContext::required
  // Filled by the renderers:
  int pages = 0;
  Output output;
  std::string bytes;              // the PDF, from rendering to writing
  std::unique_ptr<Document> doc;  // from rendering to the merged PDF
  std::optional<Error> error;
};

// A letter's Document, composed when it is rendered rather than all at once: the letters of
// 50,000 persons do not stay in memory.
struct LetterComposer {
  const RecordView& view;
  const LetterTemplate& tmpl;
  const std::vector<std::string>& unconfirmed;

  Result<Document> operator()(const Letter& l) const {
    Subject addressed = *l.person;
    if (l.person->content) addressed.address = l.address.empty() ? l.postal_address : l.address;
    LetterContext ctx{view.incident,
                      std::move(addressed),
                      fmt::format("VDP-{:04}", l.index),
                      view.incident.created_at,
                      unconfirmed,
                      l.why,
                      view.facts.recruitment_context};
    return ComposeLetter(tmpl, ctx);
  }
};

// One letter per affected person, or per --only value (a mailbox address, #N for a person
// found in a table, or such a person's contact e-mail: the address in their row or one
// imported with `contacts import`); numbered as in the whole list, so that a person's number
// does not depend on what --only selects. A value that matches no one is an error naming it.
// `unconfirmed`: the proposals the letters print, which make every one of them a draft.
// `undeliverable`: the keyed hashes ("email:" and the address's key, under `key`) of the
// addresses a bounce of the evidence says do not exist.
Result<std::vector<Letter>> ListLetters(const RecordView& view,
                                        const std::vector<std::string>& only_values,
                                        const std::vector<PersonContact>& contacts,
                                        const std::vector<std::string>& unconfirmed,
                                        const std::set<std::string>& undeliverable,
                                        const std::string& key) {
  HmacSha256 hmac(key);
  // Each value as compared (an address by its key), with the values written that way.
  std::map<std::string, std::vector<std::string>> only;
  for (const auto& a : only_values) only[a.starts_with('#') ? a : AddressKey(a)].push_back(a);
  std::set<std::string> matched;
  std::map<int64_t, const PersonContact*> contact_of;
  for (const PersonContact& c : contacts) contact_of.emplace(c.party, &c);
  std::vector<Letter> letters;
  int index = 0;
  for (const Subject& s : view.exposure.subjects) {
    ++index;
    const std::string ref = s.content ? fmt::format("#{}", s.party) : s.address;
    if (!only.empty()) {
      std::vector<std::string> keys{s.content ? ref : AddressKey(s.address)};
      if (auto it = contact_of.find(s.party); s.content && it != contact_of.end()) {
        if (!it->second->email.empty()) keys.push_back(AddressKey(it->second->email));
      }
      bool selected = false;
      for (const std::string& k : keys) {
        if (only.contains(k)) {
          matched.insert(k);
          selected = true;
        }
      }
      if (!selected) continue;
    }
    Letter letter;
    letter.person = &s;
    letter.ref = ref;
    letter.address = s.address;
    letter.contact = "address";
    if (s.content) {
      letter.contact = "none";
      letter.address.clear();
      if (auto it = contact_of.find(s.party); it != contact_of.end()) {
        const PersonContact& c = *it->second;
        letter.address = c.email;
        letter.postal_address = c.postal_address;
        if (!c.email.empty()) {
          letter.contact = c.origin.starts_with("leak") ? "e-mail (leak)" : "e-mail (import)";
        } else if (!c.postal_address.empty()) {
          letter.contact = "postal";
        }
      }
    }
    const GroupAssessment* group = GroupWithKinds(view.assessment, KindsKey(s));
    letter.required = group != nullptr ? group->inform_persons : view.assessment.inform_persons;
    // Unintelligible data (Art. 34(3)(a)): no duty whatever the risk, and "your risk is not
    // high" would not be the reason; the letter says neither.
    if (!view.facts.unintelligible) letter.why = letter.required;
    letter.index = index;
    letter.file = SafeFileName(
        index, s.display_name.empty() ? s.address.substr(0, s.address.find('@')) : s.display_name,
        "pdf");
    letter.draft = !unconfirmed.empty();
    letter.bounced = !letter.address.empty() && !undeliverable.empty() &&
                     undeliverable.contains(hmac.Hex("email:" + AddressKey(letter.address)));
    letters.push_back(std::move(letter));
  }
  std::vector<std::string> unmatched;
  for (const auto& [wanted, written] : only) {
    if (!matched.contains(wanted))
      unmatched.insert(unmatched.end(), written.begin(), written.end());
  }
  if (!unmatched.empty()) {
    return Fail(ErrorCode::kUsage,
                "--only: {} matches no affected person (an address, #N, or the contact e-mail of "
                "a person found in a table: breachkit persons lists them)",
                fmt::format("\"{}\"", fmt::join(unmatched, "\", \"")));
  }
  return letters;
}

// Letters rendered at a time, on every core, before they are listed in the record and written.
constexpr size_t kLettersPerBatch = 64;
// How far the renderers may run ahead of the merged PDF (letters whose documents wait in
// memory for it).
constexpr size_t kMergeLag = 4 * kLettersPerBatch;

// The merged PDF, drawn on a thread of its own while the letters are rendered, letter after
// letter in their order, each Document let go once drawn, into a file written as it grows:
// the merged letters of 50,000 persons are never in memory, and the other cores do not wait.
class MergedPdf {
 public:
  MergedPdf(std::vector<Letter>& letters, const PdfOptions& pdf, StreamedOutput& out)
      : letters_(letters), pdf_(pdf), out_(out), thread_([this] { Run(); }) {}
  ~MergedPdf() { Stop(); }
  MergedPdf(const MergedPdf&) = delete;
  MergedPdf& operator=(const MergedPdf&) = delete;

  // The letters before `upto` hold their documents (or an error: the merge stops there).
  void Publish(size_t upto) {
    const std::lock_guard lock(mutex_);
    ready_ = upto;
    changed_.notify_all();
  }
  // Waits until the merge is at most kMergeLag letters behind `from`.
  void CatchUp(size_t from) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stop_ || merged_ + kMergeLag >= from; });
  }
  // Interrupted, or failed: the thread ends, the file is not finished.
  void Stop() {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
      changed_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }
  // Every letter published: the pages of the merged file, its last bytes written.
  Result<int> Finish() {
    if (thread_.joinable()) thread_.join();
    if (!pages_) return std::unexpected(pages_.error());
    return *pages_;
  }

 private:
  void Run() {
    std::unique_ptr<PdfStream> stream;
    for (size_t k = 0; k < letters_.size(); ++k) {
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || ready_ > k; });
        if (stop_) return;
      }
      std::unique_ptr<Document> doc = std::move(letters_[k].doc);
      if (!doc) {  // the letter failed: RenderLetters says why
        pages_ = Fail(ErrorCode::kInternal, "the merged PDF stops at letter {}", k + 1);
        return;
      }
      if (!stream) {  // the file's metadata are the first letter's
        stream = std::make_unique<PdfStream>(
            *doc, pdf_, [this](std::string_view bytes) { return out_.Write(bytes); });
      }
      stream->Add(*doc);
      const std::lock_guard lock(mutex_);
      merged_ = k + 1;
      changed_.notify_all();
    }
    if (stream) pages_ = stream->Finish();
  }

  std::vector<Letter>& letters_;
  const PdfOptions& pdf_;
  StreamedOutput& out_;
  std::mutex mutex_;
  std::condition_variable changed_;
  size_t ready_ = 0, merged_ = 0;
  bool stop_ = false;
  Result<int> pages_ = 0;
  std::thread thread_;  // last: started once the rest is set
};

// Every letter as PDF into `dir`, a batch at a time: rendered on every core, listed in the
// record, then written, so that a letter on disk is always one the record lists, whenever the
// run is killed. Stops between two batches when interrupted (Ctrl-C). Returns how many letters
// (from the first) are written; a progress line on a terminal.
Result<size_t> RenderLetters(std::vector<Letter>& letters, const LetterComposer& compose,
                             IncidentStore& store, const std::string& dir, const PdfOptions& pdf,
                             MergedPdf* merged, const Io& io) {
  std::atomic<size_t> done{0};
  std::atomic<bool> finished{false};
  std::thread progress;
  if (io.err_is_terminal) {
    progress = std::thread([&] {
      while (!finished) {
        fmt::print(io.progress, "\r\033[Kletters {} / {}", done.load(), letters.size());
        std::fflush(io.progress);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    });
  }
  const unsigned cores = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
  Status status = Ok();
  size_t from = 0;
  while (status && from < letters.size() && !InterruptRequested()) {
    const size_t to = std::min(letters.size(), from + kLettersPerBatch);
    if (merged != nullptr) merged->CatchUp(from);
    std::atomic<size_t> next{from};
    auto worker = [&] {
      for (size_t k; (k = next.fetch_add(1)) < to;) {
        Letter& l = letters[k];
        auto doc = compose(l);
        if (!doc) {
          l.error = doc.error();
          continue;
        }
        auto rendered = RenderPdf(*doc, pdf);
        if (!rendered) {
          l.error = rendered.error();
          continue;
        }
        l.pages = rendered->pages;
        auto prepared = PrepareOutput(store, "letter", dir + "/" + l.file, rendered->bytes, l.ref);
        if (!prepared) {
          l.error = prepared.error();
          continue;
        }
        l.output = std::move(*prepared);
        l.bytes = std::move(rendered->bytes);
        if (merged != nullptr) l.doc = std::make_unique<Document>(std::move(*doc));
      }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < cores; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    std::vector<Output> batch;
    for (size_t k = from; k < to && status; ++k) {
      if (letters[k].error) status = std::unexpected(*letters[k].error);
      batch.push_back(letters[k].output);
    }
    if (status && merged != nullptr) merged->Publish(to);
    if (status) status = RecordOutputs(store, batch);
    for (size_t k = from; k < to && status; ++k) {
      status = WritePrepared(letters[k].output, letters[k].bytes);
      std::string().swap(letters[k].bytes);  // the letters of a large leak do not stay in memory
      ++done;
    }
    from = to;
  }
  if (!status && merged != nullptr) merged->Stop();
  finished = true;
  if (progress.joinable()) {
    progress.join();
    fmt::print(io.progress, "\r\033[K");
  }
  if (!status) return std::unexpected(status.error());
  return from;
}

// The letters and e-mail drafts that an earlier run wrote into `folders` (real paths: the
// letters' folder and its eml folder) and that are not among `kept` (this run's files):
// removed when still as written (RemoveWrittenFile), each one left said on io.err. Returns
// how many were removed.
Result<int> RemoveEarlierLetters(const IncidentStore& store, const std::set<std::string>& folders,
                                 const std::vector<Output>& kept, const Io& io) {
  auto real_path = [](const std::string& path) -> std::optional<std::string> {
    auto folder = RealFolderOf(path);
    if (!folder) return std::nullopt;
    return *folder + "/" + std::filesystem::path(path).filename().string();
  };
  std::set<std::string> keep;
  for (const Output& o : kept)
    keep.insert(o.folder + "/" + std::filesystem::path(o.doc.path).filename().string());
  auto documents = store.Documents();
  if (!documents) return std::unexpected(documents.error());
  auto recorded_folders = store.OutputFolders();
  if (!recorded_folders) return std::unexpected(recorded_folders.error());
  const std::set<std::string> written_to(recorded_folders->begin(), recorded_folders->end());
  std::map<std::string, std::set<std::string>> earlier;  // path as recorded -> its SHA-256s
  for (const DocumentRecord& d : *documents) {
    if (d.kind != "letter" && d.kind != "letter-eml") continue;
    const auto real = real_path(d.path);
    if (!real || keep.contains(*real)) continue;
    if (!folders.contains(std::filesystem::path(*real).parent_path().string())) continue;
    earlier[d.path].insert(d.sha256);
  }
  int removed = 0;
  for (const auto& [path, sha256s] : earlier) {
    auto removal = RemoveWrittenFile(path, sha256s, written_to);
    if (!removal) return std::unexpected(removal.error());
    if (removal->what == Removal::What::kRemoved) ++removed;
    if (removal->what == Removal::What::kLeft) {
      fmt::print(io.err, "left {}: {}; it is not part of this set of letters{}\n", path,
                 removal->reason, path.ends_with(".eml") ? ": do not send it" : "");
    }
  }
  return removed;
}

// DIR/manifest.csv: person, address, file, pages, SHA-256, then how to reach them (contact:
// "none" for a person whose contact is not known), their postal address when imported, and
// whether the letter may be sent ("ready"), prints an unconfirmed proposal ("draft"), or goes
// to an address a delivery report of the evidence says does not exist ("address-bounced":
// find another way to reach them), and
// what Art. 34 says of the person: "required" (their risk is high) or "choice" (the
// controller's: their risk is not high).
std::string Manifest(const std::vector<Letter>& letters) {
  std::string manifest =
      "\xEF\xBB\xBF\"person\",\"address\",\"file\",\"pages\",\"sha256\",\"contact\",\"postal_"
      "address\",\"status\",\"art34\"\r\n";
  for (const Letter& l : letters) {
    manifest +=
        fmt::format("{},{},{},{},{},{},{},{},{}\r\n", CsvField(l.person->display_name),
                    CsvField(l.address), CsvField(l.file), CsvField(std::to_string(l.pages)),
                    CsvField(l.output.doc.sha256), CsvField(l.contact), CsvField(l.postal_address),
                    CsvField(l.bounced ? "address-bounced"
                             : l.draft ? "draft"
                                       : "ready"),
                    CsvField(l.required ? "required" : "choice"));
  }
  return manifest;
}

// The letter as a ready-to-send e-mail with its PDF attached, refused unless it goes to its
// person alone: the check that this notification cannot repeat the original mistake.
Result<std::string> LetterMail(const Letter& l, const LetterComposer& compose,
                               const IncidentInfo& incident) {
  // Read back rather than kept: the letters of a large leak do not all stay in memory.
  std::ifstream in(l.output.doc.path, std::ios::binary);
  const std::string pdf_bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad() || Sha256Hex(pdf_bytes) != l.output.doc.sha256) {
    return Fail(ErrorCode::kIo, "{}: unreadable, or changed since it was written",
                l.output.doc.path);
  }
  auto doc = compose(l);
  if (!doc) return std::unexpected(doc.error());
  OutgoingMail mail;
  mail.from_name = incident.dpo_name;
  mail.from_address = incident.dpo_email;
  // A minor's letter goes to their parent or guardian, not in the child's name.
  mail.to_name = l.person->minor ? "" : l.person->display_name;
  mail.to_address = l.address;
  mail.subject = doc->title;
  std::string body;
  for (const Block& b : doc->sections.front().blocks) {
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
      right_person = AddressKey(a.address) == AddressKey(l.address);
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
  if (auto warned = WarnAboutRecord(store, io); !warned) return std::unexpected(warned.error());
  auto view = LoadRecordView(store);
  if (!view) return std::unexpected(view.error());
  const std::string lang = o.lang.empty() ? view->incident.language : o.lang;
  Result<LetterTemplate> tmpl = [&]() -> Result<LetterTemplate> {
    if (o.template_path.empty()) return BuiltinLetterTemplate(lang);
    std::ifstream in(o.template_path, std::ios::binary);
    if (!in) return Fail(ErrorCode::kIo, "{}: cannot read the template", o.template_path);
    const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return ParseLetterTemplate(xml, o.template_path);
  }();
  if (!tmpl) return std::unexpected(tmpl.error());
  if (auto st = CheckLetterFields(view->incident, *tmpl); !st) return std::unexpected(st.error());
  // A proposal nobody confirmed makes every letter a draft, marked as one; never a
  // ready-to-send e-mail.
  const std::vector<std::string> unconfirmed = UnconfirmedInLetters(view->incident, *tmpl);
  if (o.eml && !unconfirmed.empty()) {
    std::string fields;
    for (const std::string& f : unconfirmed) fields += (fields.empty() ? "" : ", ") + f;
    const std::string lang_option =
        tmpl->lang == view->incident.language ? "" : " --lang " + tmpl->lang;
    return Fail(ErrorCode::kInvalidInput,
                "no ready-to-send e-mail while the letters print breachkit's proposals that "
                "nobody confirmed: {} ({}). Review them (breachkit set), then confirm each "
                "(breachkit set --confirm FIELD{}) or write your own (breachkit set FIELD{} "
                "\"…\"); without --eml the letters are written as drafts",
                fields, tmpl->lang, lang_option, lang_option);
  }
  // Compose, render, record, write: the letters listed first, so that an --only that
  // matches no one leaves no folder behind.
  auto contacts = store.Contacts();
  if (!contacts) return std::unexpected(contacts.error());
  auto undeliverable = store.UndeliverableAddressHashes();
  if (!undeliverable) return std::unexpected(undeliverable.error());
  auto key = store.HmacKey();
  if (!key) return std::unexpected(key.error());
  auto letters = ListLetters(*view, o.only, *contacts, unconfirmed, *undeliverable, *key);
  if (!letters) return std::unexpected(letters.error());
  if (auto st = MakePrivateFolder(o.out_dir); !st) return std::unexpected(st.error());
  const LetterComposer compose{*view, *tmpl, unconfirmed};
  PdfOptions pdf;
  pdf.creation_date = view->incident.created_at;
  // Fontconfig loaded here, before the threads that draw (the letters', the merged PDF's)
  // look up their first font at once.
  if (!letters->empty()) {
    if (const std::string family = PrepareFonts(pdf);
        g_ascii_strcasecmp(family.c_str(), pdf.font_family.c_str()) != 0)
      fmt::print(io.err, "warning: the font '{}' is not installed; the letters are set in '{}'\n",
                 pdf.font_family, family);
  }
  // The merged PDF is drawn while the letters are (MergedPdf), into a temporary file that is
  // listed and put in place after the manifest.
  std::unique_ptr<StreamedOutput> merged_file;
  std::optional<MergedPdf> merged;
  if (!o.merged.empty() && !letters->empty()) {
    auto begun = StreamedOutput::Begin("letters-merged", o.merged);
    if (!begun) return std::unexpected(begun.error());
    merged_file = std::move(*begun);
    merged.emplace(*letters, pdf, *merged_file);
  }
  auto done =
      RenderLetters(*letters, compose, store, o.out_dir, pdf, merged ? &*merged : nullptr, io);
  if (!done) return std::unexpected(done.error());
  const auto changed = std::count_if(letters->begin(), letters->begin() + *done,
                                     [](const Letter& l) { return l.output.changed; });
  // Interrupted (even after the last batch): what is written is whole and listed; the
  // manifest, the merged PDF and the drafts wait for the re-run.
  if (*done < letters->size() || InterruptRequested()) {
    if (merged) merged->Stop();  // the temporary file goes with merged_file
    if (changed > 0) {
      if (auto st = store.AppendAudit(
              "document", fmt::format("letters: {} persons, {} written, lang {}, interrupted",
                                      letters->size(), changed, tmpl->lang));
          !st)
        return std::unexpected(st.error());
    }
    fmt::print(io.err,
               "interrupted: {} of the {} letters are written and recorded in {}; run the same "
               "command again to finish\n",
               *done, letters->size(), o.out_dir);
    return Outcome::kPartial;
  }

  // What else is written is listed too, so that `purge` finds every file.
  std::vector<Output> written;
  for (const Letter& l : *letters) written.push_back(l.output);
  auto write = [&](const std::string& kind, const std::string& path, std::string_view bytes,
                   const std::string& person = "") -> Status {
    auto output = WriteOutput(store, kind, path, bytes, person);
    if (!output) return std::unexpected(output.error());
    written.push_back(std::move(*output));
    return Ok();
  };
  if (auto st = write("letters-manifest", o.out_dir + "/manifest.csv", Manifest(*letters)); !st)
    return std::unexpected(st.error());
  if (merged) {
    if (auto pages = merged->Finish(); !pages) return std::unexpected(pages.error());
    auto output = merged_file->Finish(store);
    if (!output) return std::unexpected(output.error());
    written.push_back(std::move(*output));
  }
  const std::string eml_dir = o.out_dir + "/eml";
  if (o.eml) {
    if (auto st = MakePrivateFolder(eml_dir); !st) return std::unexpected(st.error());
    for (const Letter& l : *letters) {
      if (l.address.empty()) continue;  // no e-mail known: listed in the manifest
      if (InterruptRequested()) {
        fmt::print(io.err,
                   "interrupted: the {} letters are written and recorded in {}, their e-mail "
                   "drafts not all; run the same command again to finish\n",
                   letters->size(), o.out_dir);
        return Outcome::kPartial;
      }
      auto mail = LetterMail(l, compose, view->incident);
      if (!mail) return std::unexpected(mail.error());
      const std::string eml_file = eml_dir + "/" + l.file.substr(0, l.file.size() - 4) + ".eml";
      if (auto st = write("letter-eml", eml_file, *mail, l.ref); !st)
        return std::unexpected(st.error());
    }
  }
  // The whole set made again: what an earlier set left in the folder goes (the numbering
  // shifts when the persons change), above all its ready-to-send drafts. Not with --only,
  // which makes a few letters of the set.
  int removed = 0;
  if (o.only.empty()) {
    std::set<std::string> folders;
    for (const std::string& f : {o.out_dir, eml_dir}) {
      if (auto real = RealFolderOf(f + "/manifest.csv")) folders.insert(*real);
    }
    auto earlier = RemoveEarlierLetters(store, folders, written, io);
    if (!earlier) return std::unexpected(earlier.error());
    removed = *earlier;
  }
  // Logged once per set of letters (the manifest lists each letter's SHA-256), however many
  // runs it took to write them: a run killed after its letters were written but before this
  // entry logs it when run again, and a re-run that changes nothing logs nothing.
  std::string manifest_sha256;
  for (const Output& w : written) {
    if (w.doc.kind == "letters-manifest") manifest_sha256 = w.doc.sha256;
  }
  const std::string entry = fmt::format("letters: {} persons, lang {}, manifest sha256={}",
                                        letters->size(), tmpl->lang, manifest_sha256);
  auto entries = store.AuditEntries();
  if (!entries) return std::unexpected(entries.error());
  const AuditEntry* last = nullptr;
  for (const AuditEntry& e : *entries) {
    if (e.action == "document" && e.details.starts_with("letters: ")) last = &e;
  }
  if (removed > 0 || !last || !last->details.starts_with(entry)) {
    if (auto st = store.AppendAudit(
            "document", entry + (removed ? fmt::format(", {} of an earlier set removed", removed)
                                         : std::string()));
        !st)
      return std::unexpected(st.error());
  }
  const auto no_contact = std::count_if(letters->begin(), letters->end(),
                                        [](const Letter& l) { return l.contact == "none"; });
  const auto no_email = std::count_if(letters->begin(), letters->end(),
                                      [](const Letter& l) { return l.address.empty(); });
  fmt::print(
      io.out, "{} letters in {} ({} written, {} unchanged){}{}{}; manifest {}/manifest.csv\n",
      letters->size(), o.out_dir, changed, letters->size() - static_cast<size_t>(changed),
      removed ? fmt::format(", {} files of an earlier set removed", removed) : "",
      o.merged.empty()   ? ""
      : letters->empty() ? ", no merged PDF (no letter to merge: a PDF has one page at least)"
                         : ", merged into " + o.merged,
      o.eml ? ", e-mails in " + o.out_dir + "/eml" : "", o.out_dir);
  if (no_contact > 0) {
    fmt::print(io.out,
               "{} persons found in attachments have no known contact (\"none\" in the "
               "manifest): their letters are written, to be sent once `breachkit contacts "
               "import FILE.csv` gives their e-mail or postal address\n",
               no_contact);
  }
  const auto bounced =
      std::count_if(letters->begin(), letters->end(), [](const Letter& l) { return l.bounced; });
  if (bounced > 0) {
    fmt::print(io.out,
               "{} {} to an address a delivery report of the evidence says does not exist "
               "(\"address-bounced\" in the manifest): {} bounce again; find another way to "
               "reach {}\n",
               bounced, bounced == 1 ? "letter goes" : "letters go",
               bounced == 1 ? "it would" : "they would",
               bounced == 1 ? "this person" : "these persons");
  }
  if (o.eml && no_email > no_contact) {
    fmt::print(io.out, "{} persons have a postal address only: no e-mail draft for them\n",
               no_email - no_contact);
  }
  return Outcome::kOk;
}

}  // namespace breachkit
