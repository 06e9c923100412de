#include "core/ingest/ingest.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ingest/scan.h"
#include "core/mail/mapi_message.h"
#include "core/mail/mbox_reader.h"
#include "core/mail/mime_parser.h"
#include "core/mail/pst_file.h"
#include "core/mail/vault_export.h"
#include "core/mail/zip_archive.h"
#include "core/util/hash.h"
#include "core/util/message_number.h"

namespace breachkit {
namespace {

namespace fs = std::filesystem;

// kMsg: an OLE2 file, an Outlook .msg once its streams say so (else kOle, not mail). kTnef: a
// winmail.dat given as a file. kPst: an Outlook PST or OST, each of its items a message
// (pst_file.h); named or found in a folder, it is evidence. kZip: a zip archive, whose entries
// that are mail are sources of their own (a Google Vault export's zips of mbox files).
enum class Format { kEml, kMsg, kTnef, kMbox, kPst, kZip, kOle, kNotMail };

struct InputFile {
  std::string path;
  bool in_maildir = false;
  bool named = false;  // given on the command line (not found by walking a folder)
  uint64_t size = 0;
};

// A header field name followed by a colon: what the first line of a message looks like.
// `head` starts (after a BOM) with a field name of characters `in_name` accepts, then a colon.
template <typename InName>
bool StartsWithField(std::string_view head, InName in_name) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  size_t i = 0;
  while (i < head.size() && in_name(static_cast<unsigned char>(head[i]))) ++i;
  return i > 0 && i < head.size() && head[i] == ':';
}

bool LooksLikeHeaderLine(std::string_view head) {
  return StartsWithField(head, [](unsigned char c) { return c > ' ' && c < 127 && c != ':'; });
}

// Stricter, for a zip's entries: letters, digits and '-' only.
bool LooksLikeNamedHeader(std::string_view head) {
  return StartsWithField(head, [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

Format Sniff(std::string_view head) {
  if (LooksLikeMbox(head)) return Format::kMbox;
  if (LooksLikeHeaderLine(head)) return Format::kEml;
  if (LooksLikeOle2(head)) return Format::kMsg;
  if (LooksLikeTnef(head)) return Format::kTnef;
  if (LooksLikePst(head)) return Format::kPst;
  if (LooksLikeZip(head)) return Format::kZip;
  return Format::kNotMail;
}

// The format of a file whose first bytes Sniff read, now that all its bytes are here.
Format Confirm(Format sniffed, std::string_view data) {
  if (sniffed == Format::kMsg && !IsOutlookMsg(data)) return Format::kOle;
  return sniffed;
}

std::string_view FormatName(Format format, bool in_maildir) {
  switch (format) {
    case Format::kMbox: return "mbox";
    case Format::kMsg: return "msg";
    case Format::kTnef: return "tnef";
    case Format::kPst: return "pst";
    default: return in_maildir ? "maildir" : "eml";
  }
}

// Why a file is no message breachkit reads (recorded as unparsed, or listed as skipped).
std::string_view NotMailWhy(Format format, uint64_t size) {
  if (size == 0) return "empty file";
  switch (format) {
    case Format::kOle:
      return "an OLE2 compound file that is not an Outlook message (a Word, Excel or other "
             "Office file)";
    case Format::kZip:
      return "a zip archive with no mail in it (an Office document, or other files)";
    default:
      return "not an e-mail: the file does not start with a header line, an mbox From_ line "
             "or an Outlook .msg signature";
  }
}

using FilePtr = std::unique_ptr<FILE, int (*)(FILE*)>;

// What the format of a file is told by: its first bytes.
constexpr size_t kHeadBytes = 4096;

Result<FilePtr> OpenFile(const std::string& path) {
  FilePtr f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Fail(ErrorCode::kIo, "{}: cannot open: {}", path, std::strerror(errno));
  // Read in our own buffers, in blocks of 4 KB or more: stdio's buffer would add a copy.
  std::setvbuf(f.get(), nullptr, _IONBF, 0);
  return f;
}

// The first kHeadBytes of `f` (fewer when it is shorter).
std::string ReadHeadOf(FILE* f) {
  std::string head(kHeadBytes, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), f));
  return head;
}

Result<std::string> ReadHead(const std::string& path) {
  auto f = OpenFile(path);
  if (!f) return std::unexpected(f.error());
  return ReadHeadOf(f->get());
}

// Why a folder entry that is neither a folder nor a regular file is not read ("" when it is
// one of those): a symbolic link is not followed (no loops, no escaping the folder given); a
// FIFO would block the walk, a device or a socket is not a file of the leak.
std::string NotReadKind(const fs::directory_entry& e) {
  std::error_code ec;
  if (e.is_symlink(ec)) return "symbolic link, not followed";
  const fs::file_status st = e.status(ec);
  if (ec) return "";  // vanished or unreadable: the walk's checks below say it
  switch (st.type()) {
    case fs::file_type::regular:
    case fs::file_type::directory: return "";
    case fs::file_type::fifo: return "FIFO (named pipe), not read";
    case fs::file_type::block:
    case fs::file_type::character: return "device, not read";
    case fs::file_type::socket: return "socket, not read";
    default: return "not a regular file, not read";
  }
}

void Walk(const fs::path& dir, bool maildir_part, std::vector<InputFile>* files,
          std::vector<SkippedFile>* skipped, std::vector<std::string>* problems, int depth) {
  if (depth > 64) {
    problems->push_back(fmt::format("{}: folders nested too deep, not read", dir.string()));
    return;
  }
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    problems->push_back(fmt::format("{}: cannot read the folder: {}", dir.string(), ec.message()));
    return;
  }
  std::vector<fs::directory_entry> entries;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    entries.push_back(*it);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  const bool is_maildir = fs::is_directory(dir / "cur", ec) || fs::is_directory(dir / "new", ec);
  for (const auto& e : entries) {
    const std::string name = e.path().filename().string();
    if (std::string why = NotReadKind(e); !why.empty()) {
      skipped->push_back({e.path().string(), std::move(why)});
      continue;
    }
    if (e.is_directory(ec)) {
      if (is_maildir && name == "tmp") continue;  // messages still being delivered
      const bool maildir_leaf = is_maildir && (name == "cur" || name == "new");
      Walk(e.path(), maildir_leaf, files, skipped, problems, depth + 1);
    } else if (e.is_regular_file(ec)) {
      files->push_back({e.path().string(), maildir_part, false, 0});
    }
  }
}

// The rest of `f` appended to `data`, which holds what was read of it before.
Status ReadRest(FILE* f, const std::string& path, std::string* data) {
  char buf[1 << 16];
  size_t n;
  while (!std::feof(f) && (n = std::fread(buf, 1, sizeof buf, f)) > 0) data->append(buf, n);
  if (std::ferror(f)) return Fail(ErrorCode::kIo, "{}: read error", path);
  return Ok();
}

Result<std::string> ReadWhole(const std::string& path) {
  auto f = OpenFile(path);
  if (!f) return std::unexpected(f.error());
  std::string data;
  if (auto st = ReadRest(f->get(), path, &data); !st) return std::unexpected(st.error());
  return data;
}

// What a message becomes before it is written: parsed and scanned. Pure, so any thread can
// do it; the writes stay on the thread that owns the record, in the order of the source.
struct Prepared {
  MessageSpan span;
  Result<ParsedMail> mail;
  std::vector<std::vector<LocatedFinding>> findings;
  bool cut_short = false;  // a stop request came while it was scanned: not to be written
  const VaultMessage* vault = nullptr;  // what a Vault export's metadata says of it
  int vault_added = 0;                  // recipients it gave that the headers lack
};

// The Documents of the Vault metadata read before the messages, by Message-ID.
using VaultIndex = std::unordered_map<std::string, VaultMessage>;

// What preparing a message needs: how to parse it, the key of the findings' hashes, and the
// stop request that cuts a long scan short.
struct PrepareOptions {
  MailParseOptions parse;
  std::string hmac_key;
  const std::atomic<bool>* stop = nullptr;
  ScanScope scope;                    // the organisation's domains, country and address (ScanMail)
  const VaultIndex* vault = nullptr;  // read only while messages are prepared
};

// Whether a file read whole is one message, and which reader reads it.
bool OneMessage(Format format) {
  return format == Format::kEml || format == Format::kMsg || format == Format::kTnef;
}

// `span.raw_sha256` is computed here unless the caller has it already (a file that is one
// message: its own hash).
Prepared PrepareParsed(MessageSpan span, Result<ParsedMail> mail, const PrepareOptions& options) {
  Prepared p{std::move(span), std::move(mail), {}};
  // Matched before the scan (the recipients it adds are scanned too) and before the masking
  // (which may change a Message-ID).
  if (p.mail && options.vault && !p.mail->messages.empty()) {
    MailMessage& top = p.mail->messages[0];
    if (auto it = options.vault->find(top.message_id); it != options.vault->end()) {
      p.vault = &it->second;
      p.vault_added = ApplyVaultMessage(it->second, &top);
    }
  }
  if (p.mail) {
    p.findings = ScanMail(*p.mail, options.stop, options.scope);
    if (options.stop && options.stop->load()) {
      p.cut_short = true;
      return p;
    }
    SealFindings(options.hmac_key, &p.findings);
    // Header text is masked here, before the writer sees it: no view or export of the
    // record can show a value from a subject, a name or an identifier in clear.
    MaskHeaders(options.hmac_key, p.findings, &*p.mail);
  }
  return p;
}

Prepared Prepare(MessageSpan span, std::string_view bytes, const PrepareOptions& options,
                 Format format = Format::kEml) {
  if (span.raw_sha256.empty()) span.raw_sha256 = Sha256Hex(bytes);
  return PrepareParsed(std::move(span),
                       ParseAsFormat(FormatName(format, false), bytes, options.parse), options);
}

// Worker threads preparing messages; each Submit returns a future, taken back in order.
constexpr int kWorkerNice = 5;

// Messages of an mbox prepared ahead of the writer, per worker. While the writer commits (a
// checkpoint of the write-ahead log waits for two disk syncs), the workers go on until this
// many wait; with fewer, both sat idle at each checkpoint. Memory stays bounded by the 64 MB
// cap on the bytes waiting, whatever the count.
constexpr unsigned kAheadPerThread = 128;

// Text of the mbox messages prepared and not yet written, past which a worker starts the next
// message only when it is the oldest one not written: a message of a few hundred KB can hold
// the text limit of a message (zip bombs), so the 64 MB cap on the raw bytes waiting does not
// bound what they become. Per run, whatever the mbox.
constexpr uint64_t kPreparedTextBytes = 256ull << 20;

uint64_t TextBytes(const Prepared& p) {
  uint64_t n = 0;
  if (!p.mail) return n;
  for (const MailMessage& m : p.mail->messages) {
    for (const MailPart& part : m.parts) n += part.text.size() + TableBytes(part.tables);
  }
  return n;
}

class PreparePool {
 public:
  PreparePool(unsigned threads, const PrepareOptions& options) : options_(options) {
    for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~PreparePool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
      jobs_.clear();  // not started: nobody waits for them any more
    }
    ready_.notify_all();
    room_.notify_all();
    for (auto& t : workers_) t.join();
  }
  PreparePool(const PreparePool&) = delete;
  PreparePool& operator=(const PreparePool&) = delete;

  // A message of an mbox, numbered in the order given: each one submitted must be given back
  // to Written, in that order, once written (or dropped).
  std::future<Prepared> Submit(MessageSpan span, std::string bytes) {
    const uint64_t number = submitted_++;  // only the writer's thread submits
    return Async([this, number, span = std::move(span), bytes = std::move(bytes)]() mutable {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        room_.wait(lock, [&] {
          return done_ || held_text_ < kPreparedTextBytes || number == next_written_;
        });
      }
      Prepared p = Prepare(std::move(span), bytes, options_);
      std::lock_guard<std::mutex> lock(mutex_);
      held_text_ += TextBytes(p);
      return p;
    });
  }

  // The writer is done with the oldest message submitted, `p`.
  void Written(const Prepared& p) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      held_text_ -= std::min(held_text_, TextBytes(p));
      ++next_written_;
    }
    room_.notify_all();
  }

  // Any job; jobs start in the order they were given.
  template <typename F>
  auto Async(F f) -> std::future<decltype(f())> {
    auto task = std::make_shared<std::packaged_task<decltype(f())()>>(std::move(f));
    auto result = task->get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back([task] { (*task)(); });
    }
    ready_.notify_one();
    return result;
  }

 private:
  void Work() {
    // The single writer is the pipeline's critical path: with as many workers as cores,
    // three threads share two cores and the writer got only part of one. Workers run at
    // nice +5, so the writer keeps its core and they fill the rest (one worker fewer instead
    // is slower). Best effort: nothing depends on it.
    (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kWorkerNice);
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return done_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  const PrepareOptions& options_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;  // text held went down, or the oldest message changed
  uint64_t submitted_ = 0;
  uint64_t next_written_ = 0;  // the oldest message submitted and not yet written
  uint64_t held_text_ = 0;     // text of the messages prepared and not yet written
  std::deque<std::function<void()>> jobs_;
  bool done_ = false;
  std::vector<std::thread> workers_;
};

// A file read and, when it is one message, parsed and scanned: everything but the writes,
// so that the next files of a folder (a Maildir) are prepared while one is written.
struct PreparedFile {
  Result<std::string> sha256 = std::string();  // not of an mbox: hashed while it is read
  Format format = Format::kNotMail;
  std::optional<std::string> read_error;
  std::string data;                 // the bytes of a file read whole (not an mbox)
  std::optional<Prepared> message;  // an .eml's one message
};

// Each file is read once: an mbox is streamed when written (and hashed meanwhile); a file
// met in a folder that is not mail is only listed; any other is read whole, and its hash and
// message come from those bytes. Its head, which tells its format, is the first of them
// (one opening of the file: a Maildir's thousands of small files each cost one).
PreparedFile PrepareFile(const InputFile& input, const PrepareOptions& options) {
  PreparedFile f;
  auto in = OpenFile(input.path);
  if (!in) {
    f.sha256 = std::unexpected(in.error());
    return f;
  }
  std::string data = ReadHeadOf(in->get());
  if (std::ferror(in->get())) {  // a problem of the run, not a file that is no mail
    f.sha256 = Fail(ErrorCode::kIo, "{}: read error", input.path);
    return f;
  }
  f.format = Sniff(data);
  if (f.format == Format::kMbox) return f;
  if (f.format == Format::kNotMail && !input.named) return f;
  if (f.format == Format::kPst || f.format == Format::kZip) {  // not read: hashed, not loaded
    in->reset();
    f.sha256 = Sha256File(input.path);
    return f;
  }
  if (auto st = ReadRest(in->get(), input.path, &data); !st) {
    f.read_error = st.error().message;
    return f;
  }
  in->reset();
  f.sha256 = Sha256Hex(data);
  f.data = std::move(data);
  f.format = Confirm(f.format, f.data);
  if (OneMessage(f.format))
    f.message = Prepare({0, 0, f.data.size(), *f.sha256, "", ""}, f.data, options, f.format);
  return f;
}

// A message in a zip is read whole, as a file is; an entry of a hostile archive may claim to
// be any size, so past this many bytes it is refused (with why).
constexpr uint64_t kMaxEntryBytes = 1ull << 30;

// The cores this process may run on (taskset and cgroups included), at least 1.
unsigned UsableCores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

class Run {
 public:
  Run(IncidentStore& store, IngestWriter& writer, const IngestOptions& options,
      IngestReport* report, const VaultIndex* vault)
      : store_(store),
        writer_(writer),
        options_(options),
        prepare_{options.parse, writer.hmac_key(), options.stop,
                 ScanScope{writer.org_domains(), writer.home_region(), writer.org_address()},
                 vault},
        report_(report),
        start_(std::chrono::steady_clock::now()) {}

  uint64_t bytes_total = 0;

  bool Stopped() const { return options_.stop && options_.stop->load(); }

  // A prepared message → the record.
  Status Write(int64_t source_id, const Prepared& p) {
    // Its findings may be incomplete; its source stays incomplete and is read again next time.
    if (p.cut_short) return Ok();
    Status st = p.mail ? writer_.AddMail(source_id, p.span, *p.mail, p.findings)
                       : writer_.AddUnparsed(source_id, p.span, p.mail.error().message);
    if (p.vault && st) {
      ++vault_matched_[p.vault];  // a copy (an account's) read
      report_->vault.recipients_added += p.vault_added;
    }
    bytes_done_ += p.span.length;
    Progress(false);
    return st;
  }

  // One message's bytes → the record, on this thread.
  Status AddMessage(int64_t source_id, MessageSpan span, std::string_view bytes,
                    Format format = Format::kEml) {
    return Write(source_id, Prepare(std::move(span), bytes, prepare_, format));
  }

  // The pool, started on first use when there is more than one thread to give it.
  PreparePool* Pool() {
    if (!pool_ && threads_ > 1) pool_ = std::make_unique<PreparePool>(threads_, prepare_);
    return pool_.get();
  }

  // The mbox's messages: prepared on the pool's threads (when there is more than one core)
  // while this thread writes them, in order. At most kAheadPerThread messages a thread (and
  // 64 MB) wait.
  // `begin` is called before the first write (or at the end when there is none): false stops
  // the reading, nothing to write; true, and `source_id` is the source's.
  Status Mbox(const std::function<Result<bool>()>& begin, const std::optional<int64_t>& source_id,
              MboxReader& reader, int64_t* index) {
    PreparePool* pool = Pool();
    struct Waiting {
      std::future<Prepared> prepared;
      bool truncated;
      uint64_t offset;
      size_t bytes;
    };
    std::deque<Waiting> waiting;
    size_t waiting_bytes = 0;
    auto truncated = [&](int64_t i, uint64_t offset) {
      return writer_.AddSourceDefect(
          *source_id, "truncated",
          fmt::format("the file ends inside message {} (offset {}) without a line end",
                      MessageNumber(i), offset));
    };
    // Before any write: the source begun (once). Not to be written (or failing to begin it),
    // `stop` says how this ends.
    std::optional<Status> stop;
    auto go = [&] {
      auto r = begin();
      if (!r)
        stop = Status(std::unexpected(r.error()));
      else if (!*r)
        stop = Ok();
      return !stop;
    };
    auto write_first = [&]() -> Status {
      Waiting w = std::move(waiting.front());
      waiting.pop_front();
      waiting_bytes -= w.bytes;
      const Prepared p = w.prepared.get();
      pool->Written(p);
      if (auto st = Write(*source_id, p); !st) return st;
      return w.truncated ? truncated(p.span.index, w.offset) : Ok();
    };
    // Messages submitted and not written (this source is not to be written, or a write
    // failed) are given back all the same: the next ones wait for them.
    struct GiveBack {
      std::deque<Waiting>& waiting;
      PreparePool* pool;
      ~GiveBack() {
        if (!pool) return;
        for (Waiting& w : waiting) pool->Written(w.prepared.get());
      }
    } give_back{waiting, pool};
    MboxMessage m;
    while (!Stopped() && reader.Next(&m)) {
      MessageSpan span{*index, m.offset, m.length, "", m.from_line, ""};
      if (!pool) {
        if (!go()) return *stop;
        if (auto st = AddMessage(*source_id, span, m.content); !st) return st;
        if (m.truncated) {
          if (auto st = truncated(*index, m.offset); !st) return st;
        }
      } else {
        const size_t bytes = m.content.size();
        waiting_bytes += bytes;
        waiting.push_back(
            {pool->Submit(std::move(span), std::move(m.content)), m.truncated, m.offset, bytes});
        while (waiting.size() > kAheadPerThread * threads_ ||
               (waiting_bytes > (64u << 20) && waiting.size() > 1)) {
          if (!go()) return *stop;
          if (auto st = write_first(); !st) return st;
        }
      }
      ++*index;
    }
    if (!go()) return *stop;
    // What was read is written, even when stopped: the source stays incomplete anyway.
    while (!waiting.empty()) {
      if (auto st = write_first(); !st) return st;
    }
    return Ok();
  }

  // A PST or OST: each item of each folder, in the walk's order (pst_file.h), on this thread
  // (libpff reads one file from one thread). An item that cannot be read is recorded as
  // unparsed with its place and the reason; what the file declares and the walk did not find
  // is a defect of the source. A file libpff cannot open is one unparsed message, with why.
  Status Pst(const std::string& path, int64_t source_id, uint64_t size, const std::string& sha,
             int64_t* index) {
    // libpff reads a file by its path: standard input has none (and a file named "-" in the
    // working directory is not the bytes that were hashed).
    // A PST inside a zip is read from a temporary copy (pst_read_path_).
    auto pst = path == "-" ? Fail(ErrorCode::kInvalidInput,
                                  "a PST/OST cannot be read from standard input: give the path "
                                  "of the file")
                           : PstFile::Open(pst_read_path_.empty() ? path : pst_read_path_,
                                           options_.parse.max_depth);
    if (!pst) {
      if (auto st = writer_.AddUnparsed(source_id, {0, 0, size, sha, "", ""}, pst.error().message);
          !st)
        return st;
      bytes_done_ += size;
      *index = 1;
      return Ok();
    }
    PstItem item;
    const uint64_t done_before = bytes_done_;
    int64_t unread = 0;
    while (!Stopped() && (*pst)->Next(&item)) {
      // The offset is the item's identifier (32 bits); an item not found or not opened has
      // none, and is numbered past them (offsets are unique in a source).
      MessageSpan span{item.index, item.id != 0 ? item.id : (1ull << 40) + item.index, 0, "", "",
                       item.Path()};
      ++*index;
      if (!item.mime) {
        ++unread;
        span.raw_sha256 = Sha256Hex("");  // no bytes were read
        if (auto st = writer_.AddUnparsed(
                source_id, span, fmt::format("{}: {}", span.item_path, item.mime.error().message));
            !st)
          return st;
        continue;
      }
      span.length = item.mime->mime.size();  // the item's bytes as MIME: what the hash is of
      span.raw_sha256 = Sha256Hex(item.mime->mime);
      if (auto st =
              Write(source_id,
                    PrepareParsed(std::move(span),
                                  ParseMapiMime(std::move(item.mime), options_.parse), prepare_));
          !st)
        return st;
      // Progress in the file's bytes: the share of the items it declares walked so far.
      const double share = static_cast<double>(*index) /
                           std::max<double>(static_cast<double>((*pst)->declared()), 1);
      bytes_done_ =
          done_before + static_cast<uint64_t>(static_cast<double>(size) * std::min(1.0, share));
    }
    bytes_done_ = done_before + size;
    if (Stopped()) return Ok();
    // What hid an unknown number of items makes the run partial (exit 3), like an item not
    // read; a count that differs without loss is only noted.
    for (const std::string& problem : (*pst)->problems()) {
      if (auto st = writer_.AddSourceDefect(source_id, "pst-incomplete", problem); !st) return st;
      report_->problems.push_back(fmt::format("{}: {}", path, problem));
    }
    for (const std::string& note : (*pst)->notes()) {
      if (auto st = writer_.AddSourceDefect(source_id, "pst-count", note); !st) return st;
    }
    const ContainerTally tally{path, (*pst)->folders(), (*pst)->declared(), (*pst)->walked(),
                               unread};
    audit_detail_ = fmt::format("; {} folders, {} items declared, {} walked, {} not read",
                                tally.folders, tally.declared, tally.items, tally.unread);
    report_->containers.push_back(tally);
    return Ok();
  }

  // One source (file or stdin) whose bytes are `data` (eml) or streamed (mbox). `sha256`
  // gives the source's hash, which says whether it is new: an mbox's first messages are
  // read and prepared while the pool hashes the file (a core's 0.06 s per 100 MB).
  Status Source(const std::string& path, const std::string& format_name, uint64_t size,
                const std::function<Result<std::string>()>& sha256, Format format,
                std::FILE* stream, std::string_view in_memory, const Prepared* prepared = nullptr) {
    std::string sha;
    std::optional<int64_t> source_id;
    bool begun = false;
    // The source's row, once its hash is known. False: nothing to write (the same bytes are
    // in the record already, or the file could not be read: a problem of the run).
    auto begin = [&]() -> Result<bool> {
      if (begun) return source_id.has_value();
      begun = true;
      auto hash = sha256();
      if (!hash) {
        report_->problems.push_back(hash.error().message);
        bytes_done_ += size;
        return false;
      }
      sha = std::move(*hash);
      auto id = writer_.BeginSource({path, size, sha, format_name});
      if (!id) return std::unexpected(id.error());
      if (!*id) {
        ++report_->sources_already;
        bytes_done_ += size;
        // The same bytes as an earlier source (two accounts' identical mboxes of a Vault
        // export): each of its messages is one more copy read.
        if (prepare_.vault) {
          auto ids = writer_.MessageIdsOfSource(sha);
          if (!ids) return std::unexpected(ids.error());
          for (const std::string& message_id : *ids) {
            if (auto it = prepare_.vault->find(message_id); it != prepare_.vault->end())
              ++vault_already_[&it->second];
          }
        }
        return false;
      }
      source_id = **id;
      ++report_->sources_new;
      report_->bytes += size;
      return true;
    };
    int64_t index = 0;
    if (format == Format::kMbox) {
      MboxReader reader = stream ? MboxReader(stream, path) : MboxReader::FromText(in_memory);
      if (auto st = Mbox(begin, source_id, reader, &index); !st) return st;
      if (!source_id) return Ok();
      if (!reader.status()) {
        report_->problems.push_back(reader.status().error().message);
        return writer_.Flush();  // the source stays incomplete: redone next time
      }
    } else {
      auto go = begin();
      if (!go) return std::unexpected(go.error());
      if (!*go) return Ok();
      if (format == Format::kPst) {  // its items: `index` counts them
        if (auto st = Pst(path, *source_id, size, sha, &index); !st) return st;
      } else if (OneMessage(format)) {
        if (auto st = prepared
                          ? Write(*source_id, *prepared)
                          : AddMessage(*source_id, {0, 0, size, sha, "", ""}, in_memory, format);
            !st)
          return st;
        index = 1;
      } else {
        MessageSpan span{0, 0, size, sha, "", ""};  // the file is the message
        const std::string why = size == 0               ? std::string(NotMailWhy(format, size))
                                : not_mail_why_.empty() ? std::string(NotMailWhy(format, size))
                                                        : std::exchange(not_mail_why_, "");
        if (auto st = writer_.AddUnparsed(*source_id, span, why); !st) return st;
        bytes_done_ += size;
        index = 1;
      }
    }
    if (Stopped()) {
      report_->interrupted = true;
      return writer_.Flush();
    }
    if (auto st = writer_.FinishSource(*source_id, index); !st) return st;
    return store_.AppendAudit(
        "ingest", fmt::format("{} ({}, {} bytes, sha256={}): {} messages{}", path, format_name,
                              size, sha, index, std::exchange(audit_detail_, "")));
  }

  Status File(const InputFile& input) { return File(input, PrepareFile(input, prepare_)); }

  // The writes for a prepared file, on this thread, in the order of the files.
  Status File(const InputFile& input, PreparedFile prepared) {
    const Result<std::string>& sha = prepared.sha256;
    if (!sha) {
      report_->problems.push_back(sha.error().message);
      bytes_done_ += input.size;
      return Ok();
    }
    const Format format = prepared.format;
    // An empty file, named or met in a folder, holds nothing: told and recorded as skipped,
    // as an empty folder is (it was "1 unparsed" when named).
    if ((format == Format::kNotMail || format == Format::kOle) &&
        (!input.named || input.size == 0)) {
      report_->skipped.push_back({input.path, input.size == 0 ? "empty file"
                                              : format == Format::kOle
                                                  ? std::string(NotMailWhy(format, input.size))
                                                  : "not mail"});
      bytes_done_ += input.size;
      return Ok();
    }
    const std::string format_name(FormatName(format, input.in_maildir));
    if (format == Format::kMbox) {
      std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(input.path.c_str(), "rb"), &std::fclose);
      if (!f) {
        report_->problems.push_back(
            fmt::format("{}: cannot open: {}", input.path, std::strerror(errno)));
        return Ok();
      }
      // Hashed on the pool while this thread reads the first messages for the workers.
      std::optional<std::future<Result<std::string>>> hash;
      if (PreparePool* pool = Pool())
        hash = pool->Async([path = input.path] { return Sha256File(path); });
      auto sha256 = [&]() -> Result<std::string> {
        return hash ? hash->get() : Sha256File(input.path);
      };
      return Source(input.path, format_name, input.size, sha256, format, f.get(), {});
    }
    if (prepared.read_error) {
      report_->problems.push_back(*prepared.read_error);
      return Ok();
    }
    if (format == Format::kPst) {
      return Source(input.path, format_name, input.size, [&] { return sha; }, format, nullptr, {});
    }
    if (format == Format::kZip) return Zip(input, *sha);
    return Source(
        input.path, format_name, prepared.data.size(), [&] { return sha; }, format, nullptr,
        prepared.data, prepared.message ? &*prepared.message : nullptr);
  }

  // A zip archive: each entry that is mail is a source of its own, "ARCHIVE!/ENTRY", read in
  // the archive's order (an mbox streamed, a PST from a private temporary copy, any other
  // read whole); the Vault metadata it holds was read before (Ingest); every other entry is
  // listed as skipped, with why. A zip with no mail in it is not mail, as before.
  Status Zip(const InputFile& input, const std::string& sha) {
    auto zip = ZipArchive::Open(input.path);
    struct MailEntry {
      const ZipArchive::Entry* entry;
      Format format;
    };
    std::vector<MailEntry> mail;
    std::vector<SkippedFile> others;
    int64_t metadata = 0, unreadable = 0;
    if (zip) {
      for (const ZipArchive::Entry& e : zip->entries()) {
        if (e.directory) continue;
        const std::string where = ContainerPath(input.path, e.name);
        if (vault_files_ && vault_files_->contains(where)) {
          ++metadata;
          continue;
        }
        auto head = zip->Head(e, kHeadBytes);
        if (!head) {  // a problem of the run (exit 3), and in the archive's audit entry
          report_->problems.push_back(head.error().message);
          ++unreadable;
          continue;
        }
        Format f = head->empty() ? Format::kNotMail : Sniff(*head);
        // An entry is a message only when its first line is a header field whose name is
        // letters, digits and '-' (a zip holds XML parts, "<w:document …", that a loose
        // reading of a first line would take for one).
        if (f == Format::kEml && !LooksLikeNamedHeader(*head)) f = Format::kNotMail;
        if (f == Format::kZip) {  // not read: a problem of the run, not a skip
          report_->problems.push_back(
              fmt::format("{}: a zip archive inside a zip archive: not read (extract it and "
                          "give it to ingest)",
                          where));
          ++unreadable;
        } else if (f == Format::kNotMail) {
          others.push_back({where, head->empty() ? "empty file" : "not mail"});
        } else {
          mail.push_back({&e, f});
        }
      }
    }
    // A zip libzip cannot open (truncated, damaged) met in a folder may hold the leak: a
    // problem of the run (named, it is recorded as not read, below).
    if (!zip && input.size > 0 && !input.named) {
      report_->problems.push_back(zip.error().message);
      bytes_done_ += input.size;
      return Ok();
    }
    if (mail.empty() && metadata == 0 &&
        unreadable == 0) {  // not evidence breachkit reads: as any other file
      const std::string why =
          zip ? std::string(NotMailWhy(Format::kZip, input.size)) : zip.error().message;
      if (!input.named) {
        report_->skipped.push_back({input.path, input.size == 0 ? "empty file" : why});
        bytes_done_ += input.size;
        return Ok();
      }
      not_mail_why_ = why;
      return Source(input.path, "eml", input.size, [&] { return sha; }, Format::kNotMail, nullptr,
                    {});
    }
    for (SkippedFile& s : others) report_->skipped.push_back(std::move(s));
    const uint64_t done_before = bytes_done_;
    int64_t read = 0;
    for (const MailEntry& m : mail) {
      if (Stopped()) break;
      if (auto st = ZipEntry(*zip, input.path, *m.entry, m.format); !st) return st;
      ++read;
    }
    bytes_done_ = done_before + input.size;
    if (Stopped()) return Ok();
    return store_.AppendAudit(
        "ingest",
        fmt::format("{} (zip, {} bytes, sha256={}): {} entries read as mail, {} as "
                    "Vault metadata, {} skipped, {} unreadable",
                    input.path, input.size, sha, read, metadata, others.size(), unreadable));
  }

  Status ZipEntry(ZipArchive& zip, const std::string& archive, const ZipArchive::Entry& e,
                  Format format) {
    const std::string path = ContainerPath(archive, e.name);
    auto problem = [&](const Error& error) {
      report_->problems.push_back(error.message);
      return Ok();
    };
    if (format == Format::kMbox) {
      // Hashed first (a second pass over the entry): two readers of one archive at a time is
      // more than libzip promises.
      uint64_t size = 0;  // what the entry holds, not what the archive declares
      auto sha = zip.Sha256(e, &size);
      if (!sha) return problem(sha.error());
      auto stream = zip.Stream(e);
      if (!stream) return problem(stream.error());
      return Source(path, "mbox", size, [&] { return *sha; }, format, stream->get(), {});
    }
    if (format == Format::kPst) {
      uint64_t size = 0;
      auto sha = zip.Sha256(e, &size);
      if (!sha) return problem(sha.error());
      const char* dir = std::getenv("TMPDIR");
      std::string name = fmt::format("{}/breachkit-pst-XXXXXX", dir && *dir ? dir : "/tmp");
      const int fd = ::mkstemp(name.data());  // 0600
      if (fd < 0) {
        return problem(Error{
            ErrorCode::kIo,
            fmt::format("{}: no temporary file to read it from: {}", path, std::strerror(errno))});
      }
      struct Remove {
        int fd;
        std::string name;
        ~Remove() {
          ::close(fd);
          ::unlink(name.c_str());
        }
      } remove{fd, name};
      if (auto st = zip.CopyTo(e, fd); !st) return problem(st.error());
      pst_read_path_ = name;
      auto st = Source(path, "pst", size, [&] { return *sha; }, format, nullptr, {});
      pst_read_path_.clear();
      return st;
    }
    auto data = zip.Read(e, kMaxEntryBytes);
    if (!data) return problem(data.error());
    const Format f = Confirm(format, *data);
    if (f == Format::kOle) {
      report_->skipped.push_back({path, std::string(NotMailWhy(f, data->size()))});
      return Ok();
    }
    const std::string sha = Sha256Hex(*data);
    return Source(
        path, std::string(FormatName(f, false)), data->size(), [&] { return sha; }, f, nullptr,
        *data);
  }

  // Which Vault export's Documents the messages written matched.
  const std::unordered_map<const VaultMessage*, int64_t>& vault_matched() const {
    return vault_matched_;
  }
  const std::unordered_map<const VaultMessage*, int64_t>& vault_already() const {
    return vault_already_;
  }
  // The metadata entries of zips read before (ContainerPath), not to be read as mail.
  void set_vault_files(const std::unordered_set<std::string>* files) { vault_files_ = files; }

  // Every file in order; with more than one core, the next ones (at most 4 a thread and
  // 64 MB) are read, parsed and scanned on the pool while one is written.
  Status Files(const std::vector<InputFile>& files) {
    PreparePool* pool = Pool();
    if (!pool) {
      for (const InputFile& f : files) {
        if (Stopped()) break;
        if (auto st = File(f); !st) return st;
      }
      return Ok();
    }
    struct Ahead {
      const InputFile* input;
      std::future<PreparedFile> prepared;
    };
    std::deque<Ahead> ahead;
    uint64_t ahead_bytes = 0;
    size_t next = 0;
    const PrepareOptions& prepare = prepare_;
    while (!Stopped() && (next < files.size() || !ahead.empty())) {
      while (next < files.size() &&
             (ahead.empty() || (ahead.size() < 4 * threads_ && ahead_bytes < (64u << 20)))) {
        const InputFile* f = &files[next++];
        ahead_bytes += f->size;
        ahead.push_back({f, pool->Async([f, &prepare] { return PrepareFile(*f, prepare); })});
      }
      Ahead a = std::move(ahead.front());
      ahead.pop_front();
      ahead_bytes -= a.input->size;
      if (auto st = File(*a.input, a.prepared.get()); !st) return st;
    }
    return Ok();  // files still ahead when stopped are dropped: not read is not recorded
  }

  Status Stdin() {
    std::string data;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, options_.stdin_stream)) > 0) data.append(buf, n);
    const Format format =
        data.empty() ? Format::kNotMail : Confirm(Sniff(data.substr(0, kHeadBytes)), data);
    if (format == Format::kZip)  // read by entries from a file only
      not_mail_why_ = "a zip archive on standard input is not read: give the path of the file";
    return Source(
        "-", std::string(FormatName(format, false)), data.size(),
        [&]() -> Result<std::string> { return Sha256Hex(data); }, format, nullptr, data);
  }

  void Progress(bool force) {
    if (!options_.on_progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_progress_ < std::chrono::milliseconds(100)) return;
    last_progress_ = now;
    IngestProgress p;
    p.messages = writer_.counts().messages;
    p.bytes_done = bytes_done_;
    p.bytes_total = bytes_total;
    p.seconds = std::chrono::duration<double>(now - start_).count();
    options_.on_progress(p);
  }

  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  IncidentStore& store_;
  IngestWriter& writer_;
  const IngestOptions& options_;
  const PrepareOptions prepare_;
  IngestReport* report_;
  std::string audit_detail_;   // a PST's tally, for its source's audit entry
  std::string pst_read_path_;  // where a PST of a zip was copied to, while it is read
  std::string not_mail_why_;   // why the next source recorded as not mail is not
  std::unordered_map<const VaultMessage*, int64_t> vault_matched_;  // copies read, by message
  std::unordered_map<const VaultMessage*, int64_t> vault_already_;  // in sources read before
  const std::unordered_set<std::string>* vault_files_ = nullptr;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_progress_{};
  uint64_t bytes_done_ = 0;
  const unsigned threads_ = options_.threads ? options_.threads : UsableCores();
  std::unique_ptr<PreparePool> pool_;  // started on first use, when there are cores
};

// The folder of an export's file: a file's own, or its zip's ("F/X.zip!/e.xml" → "F").
std::string ExportFolder(const std::string& path) {
  const size_t bang = path.find("!/");
  return fs::path(bang == std::string::npos ? path : path.substr(0, bang)).parent_path().string();
}

// A Google Vault export's files that are not mail, read before the messages: the metadata
// (each Document, by Message-ID) and the checksum lists (each file listed, verified).
class VaultExport {
 public:
  // Whether `f` is one of them (then read here, and not read as mail).
  bool Take(const InputFile& f, IngestReport* report) {
    if (f.in_maildir || f.path == "-") return false;
    const std::string name = fs::path(f.path).filename().string();
    auto head = ReadHead(f.path);
    if (!head) return false;              // the main pass says why
    if (LooksLikeVaultMetadata(*head)) {  // by its content, whatever its name
      std::unique_ptr<FILE, int (*)(FILE*)> in(std::fopen(f.path.c_str(), "rb"), &std::fclose);
      if (!in) {
        report->problems.push_back(
            fmt::format("{}: cannot open: {}", f.path, std::strerror(errno)));
        return true;
      }
      Metadata(f.path, in.get(), report);
      return true;
    }
    // Mail and archives are never lists, whatever their name.
    if (Sniff(*head) != Format::kNotMail) {
      if (LooksLikeZip(*head)) ZipMetadata(f.path, report);
      return false;
    }
    if (IsResultsCountName(name) && f.size < (64u << 20) && ResultsCount(f, report)) return true;
    if (IsChecksumFileName(name) && f.size < (64u << 20)) {
      if (Checksums(f, report)) return true;
      report->problems.push_back(
          fmt::format("{}: named as a checksum list but no line holds an MD5 and a file name: "
                      "nothing checked",
                      f.path));
    }
    return false;
  }

  // Once every file is taken: the Documents merged by Message-ID.
  const VaultIndex& index() {
    if (index_.empty()) {
      for (auto& [id, docs] : by_id_) index_.emplace(id, MergeVaultDocuments(docs));
    }
    return index_;
  }
  // How many Documents each Message-ID has.
  size_t DocumentsOf(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? 0 : it->second.size();
  }
  const std::unordered_set<std::string>& files() const { return files_; }
  const std::vector<std::string>& audit() const { return audit_; }

  // Vault's count of each account's messages against the Documents of the metadata: a
  // difference is a problem of the run.
  // Each count file is compared with the metadata of its own export: the metadata files of
  // its folder (or of the zips in it).
  void Reconcile(IngestReport* report) const {
    for (const auto& [file, counts] : counted_) {
      const std::string folder = ExportFolder(file);
      std::set<std::string> listed;
      for (const auto& [account, count] : counts) {
        listed.insert(account);
        ++report->vault.accounts_counted;
        auto it = per_account_.find({folder, account});
        const int64_t documents = it == per_account_.end() ? 0 : it->second;
        if (documents == count) continue;
        ++report->vault.accounts_differing;
        report->problems.push_back(
            fmt::format("{}: account {}: {} messages counted by Vault, {} documents in the "
                        "metadata",
                        file, account, count, documents));
      }
      for (const auto& [key, documents] : per_account_) {
        if (key.first != folder || listed.contains(key.second)) continue;
        ++report->vault.accounts_differing;
        report->problems.push_back(
            fmt::format("{}: account {} has {} documents in the metadata and no count in this file",
                        file, key.second.empty() ? "(none recorded)" : key.second, documents));
      }
    }
  }

 private:
  bool ResultsCount(const InputFile& f, IngestReport* report) {
    auto text = ReadWhole(f.path);
    if (!text) return false;
    std::vector<std::pair<std::string, int64_t>> counts;
    std::vector<int> unread;
    int line_no = 0;
    std::string_view rest = *text;
    while (!rest.empty()) {
      const size_t eol = rest.find('\n');
      std::string_view line = rest.substr(0, eol);
      rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
      if (line.ends_with('\r')) line.remove_suffix(1);
      ++line_no;
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      const size_t comma = line.rfind(',');
      if (comma == std::string_view::npos) {
        unread.push_back(line_no);
        continue;
      }
      std::string_view account = line.substr(0, line.find(','));
      if (account.size() >= 2 && account.front() == '"' && account.back() == '"')
        account = account.substr(1, account.size() - 2);
      const std::string_view number = line.substr(comma + 1);
      int64_t n = 0;
      auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
      if (ec != std::errc() || end != number.data() + number.size()) {
        if (line_no > 1 || !counts.empty()) unread.push_back(line_no);  // line 1: the header
        continue;
      }
      counts.emplace_back(std::string(account), n);
    }
    if (counts.empty()) return false;
    for (int n : unread) {
      report->problems.push_back(
          fmt::format("{}: line {} holds no account and count: not compared", f.path, n));
    }
    report->vault.results_count_files.push_back(f.path);
    counted_.emplace_back(f.path, std::move(counts));
    return true;
  }

  void Metadata(const std::string& path, std::FILE* in, IngestReport* report) {
    if (!files_.insert(path).second) return;  // given twice (named, and in its folder)
    Sha256 sha;
    auto docs = ReadVaultMetadata(
        [&](char* buf, size_t len) -> int64_t {
          const size_t n = std::fread(buf, 1, len, in);
          if (n == 0 && std::ferror(in)) return -1;
          sha.Update(std::string_view(buf, n));
          return static_cast<int64_t>(n);
        },
        path);
    report->vault.metadata.push_back(path);
    if (!docs) {
      report->problems.push_back(docs.error().message);
      return;
    }
    report->vault.documents += static_cast<int64_t>(docs->size());
    audit_.push_back(fmt::format("Vault metadata {} (sha256={}): {} documents", path,
                                 sha.HexDigest(), docs->size()));
    for (VaultDocument& d : *docs) {
      ++per_account_[{ExportFolder(path), d.account}];
      documents_.push_back(std::move(d));
      const VaultDocument* doc = &documents_.back();
      if (doc->message_id.empty()) {
        ++report->vault.without_message_id;
        continue;
      }
      by_id_[doc->message_id].push_back(doc);
    }
  }

  void ZipMetadata(const std::string& path, IngestReport* report) {
    auto zip = ZipArchive::Open(path);
    if (!zip) return;  // the main pass says why
    for (const ZipArchive::Entry& e : zip->entries()) {
      if (e.directory) continue;
      auto head = zip->Head(e, kHeadBytes);
      if (!head || !LooksLikeVaultMetadata(*head)) continue;
      auto stream = zip->Stream(e);
      if (!stream) {
        report->problems.push_back(stream.error().message);
        continue;
      }
      Metadata(ContainerPath(path, e.name), stream->get(), report);
    }
  }

  bool Checksums(const InputFile& f, IngestReport* report) {
    auto text = ReadWhole(f.path);
    if (!text) return false;
    std::vector<int> unread;
    const std::vector<ChecksumLine> lines = ParseChecksums(*text, &unread);
    if (lines.empty()) return false;  // not a checksum list: read as any other file
    VaultTally& tally = report->vault;
    tally.checksum_files.push_back(f.path);
    int64_t verified = 0, failed = 0;
    const fs::path dir = fs::path(f.path).parent_path();
    for (const ChecksumLine& line : lines) {
      const fs::path listed = fs::path(line.file).filename();  // never outside the folder
      const std::string file = (dir / listed).string();
      // A regular file only: a FIFO named in the list would block the run.
      struct stat st;
      auto md5 = ::lstat(file.c_str(), &st) != 0
                     ? Fail(ErrorCode::kNotFound, "{}: {}", file, std::strerror(errno))
                 : !S_ISREG(st.st_mode)
                     ? Fail(ErrorCode::kInvalidInput, "{}: not a regular file, not read", file)
                     : Md5File(file);
      if (!md5) {
        ++failed;
        report->problems.push_back(fmt::format("{}: listed in {} with MD5 {}, but {}", file, f.path,
                                               line.md5, md5.error().message));
      } else if (*md5 != line.md5) {
        ++failed;
        report->problems.push_back(
            fmt::format("{}: MD5 {} differs from {} listed in {}: the file is not the one "
                        "exported",
                        file, *md5, line.md5, f.path));
      } else {
        ++verified;
      }
    }
    for (int n : unread) {
      report->problems.push_back(
          fmt::format("{}: line {} holds no MD5 and file name: not checked", f.path, n));
    }
    tally.checksums_verified += verified;
    tally.checksums_failed += failed;
    audit_.push_back(fmt::format("checksums {}: {} files listed, {} verified, {} failed", f.path,
                                 lines.size(), verified, failed));
    return true;
  }

  std::deque<VaultDocument> documents_;  // stable addresses: the index points into it
  std::unordered_map<std::string, std::vector<const VaultDocument*>> by_id_;
  std::map<std::pair<std::string, std::string>, int64_t> per_account_;  // by folder, account
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, int64_t>>>> counted_;
  VaultIndex index_;
  std::unordered_set<std::string> files_;
  std::vector<std::string> audit_;
};

// After the messages: which Documents no message matched, the record's included.
// Counted in Documents (one per account that held a message).
// A message is held by as many accounts as it has Documents (one per account): each copy read
// (this run's, or the record's from an earlier one: the top-level messages with its Message-ID,
// duplicates included) answers one Document; the Documents left over are not found.
Status SettleVault(VaultExport& vault,
                   const std::unordered_map<const VaultMessage*, int64_t>& matched,
                   const std::unordered_map<const VaultMessage*, int64_t>& already,
                   IngestWriter& writer, IngestReport* report) {
  VaultTally& tally = report->vault;
  vault.Reconcile(report);
  std::vector<std::string> ids;
  for (const auto& [id, message] : vault.index()) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  auto held = writer.CountMessageIds(ids);
  if (!held) return std::unexpected(held.error());
  std::vector<std::string> missing;
  for (size_t i = 0; i < ids.size(); ++i) {
    const VaultMessage& message = vault.index().at(ids[i]);
    const auto documents = static_cast<int64_t>(vault.DocumentsOf(ids[i]));
    auto now = matched.find(&message);
    const int64_t read_now = now == matched.end() ? 0 : now->second;
    auto before = already.find(&message);
    const int64_t copies =
        std::max(read_now + (before == already.end() ? 0 : before->second), (*held)[i]);
    const int64_t found = std::min(documents, copies);
    tally.matched += std::min(documents, read_now);
    tally.in_record += found - std::min(documents, read_now);
    tally.not_found += documents - found;
    if (found < documents) {
      missing.push_back(fmt::format("<{}>: {} of {} cop{} found (documents {})", ids[i], found,
                                    documents, documents == 1 ? "y" : "ies",
                                    fmt::join(message.doc_ids, ", ")));
    }
  }
  auto first = [](const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size() && i < 10; ++i) out += (i ? ", " : "") + v[i];
    return v.size() > 10 ? out + ", …" : out;
  };
  if (!missing.empty()) {
    report->problems.push_back(fmt::format(
        "Vault metadata: {} document{} name a message of which no copy was read for {}: {}; "
        "the export's mbox or PST files are incomplete",
        tally.not_found, tally.not_found == 1 ? "" : "s", tally.not_found == 1 ? "it" : "them",
        first(missing)));
  }
  if (tally.without_message_id > 0) {
    report->problems.push_back(fmt::format(
        "Vault metadata: {} document{} no Message-ID: {} recipients cannot be matched to a "
        "message",
        tally.without_message_id, tally.without_message_id == 1 ? " has" : "s have",
        tally.without_message_id == 1 ? "its" : "their"));
  }
  return Ok();
}

}  // namespace

Result<IngestReport> Ingest(IncidentStore& store, const std::vector<std::string>& inputs,
                            const IngestOptions& options) {
  // Every input must exist before anything is written: a typo is an error, not a partial run.
  std::vector<InputFile> files;
  IngestReport report;
  bool read_stdin = false;
  for (const std::string& in : inputs) {
    if (in == "-") {
      read_stdin = true;
      continue;
    }
    struct stat st;
    if (::stat(in.c_str(), &st) != 0) {
      return Fail(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo, "{}: {}", in,
                  std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
      const size_t before = files.size() + report.skipped.size() + report.problems.size();
      Walk(in, false, &files, &report.skipped, &report.problems, 0);
      // A folder with nothing in it is said (and recorded), not read as "0 messages".
      if (files.size() + report.skipped.size() + report.problems.size() == before)
        report.skipped.push_back({in, "empty folder: no file in it"});
    } else {
      files.push_back({in, false, true, 0});
    }
  }
  uint64_t total = 0;
  for (InputFile& f : files) {
    std::error_code ec;
    f.size = fs::file_size(f.path, ec);
    if (!ec) total += f.size;
  }

  InitMime();  // on this thread, before any worker parses
  // A Google Vault export's metadata and checksums first: the messages are matched to the
  // metadata as they are prepared.
  VaultExport vault;
  std::erase_if(files, [&](const InputFile& f) { return vault.Take(f, &report); });
  for (const std::string& line : vault.audit()) {
    if (auto st = store.AppendAudit("ingest", line); !st) return std::unexpected(st.error());
  }
  auto writer = IngestWriter::Create(store);
  if (!writer) return std::unexpected(writer.error());
  Run run(store, **writer, options, &report, vault.index().empty() ? nullptr : &vault.index());
  run.set_vault_files(&vault.files());
  run.bytes_total = total;
  if (auto st = run.Files(files); !st) return std::unexpected(st.error());
  if (read_stdin && !run.Stopped()) {
    if (auto st = run.Stdin(); !st) return std::unexpected(st.error());
  }
  if (run.Stopped()) report.interrupted = true;
  if (report.vault.any() && !run.Stopped()) {
    if (auto st = SettleVault(vault, run.vault_matched(), run.vault_already(), **writer, &report);
        !st)
      return std::unexpected(st.error());
  }
  if (auto st = (*writer)->Finish(); !st) return std::unexpected(st.error());
  run.Progress(true);
  report.counts = (*writer)->counts();
  report.unparsed = (*writer)->unparsed();
  report.replaced = (*writer)->replaced();
  report.seconds = run.Seconds();
  return report;
}

}  // namespace breachkit
