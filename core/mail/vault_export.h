// Google Vault exports of Gmail: what Vault writes beside the messages, read here.
//
// A Vault export is a set of files: zip archives of mbox (or PST) files, an XML file of the
// messages' metadata as Google recorded them ("<export>-metadata.xml", EDRM XML: a Document
// per message, with Tags), a file of the MD5 checksums of the export's files, and CSV reports.
// The metadata matters for a head-count: Google records each message's recipients, Bcc
// included, which the message's own headers may lack (a Bcc header is not sent), and the
// account the message was exported from, with its labels.
//
// Google documents the files but not the XML's tag names; no public export exists to read
// (tests/data/vault/README.md). The tag names read here are EDRM's ("#From", "#To", "#CC",
// "#BCC", "#Subject", "#DateSent") and the names Vault is known to add ("Labels",
// "Rfc822MessageId", "GmailMessageId", "Owner"/"Account"/"Custodian"), compared without the
// leading '#' and without case. A Document whose Message-ID is not among its tags cannot be
// matched to a message: it is counted as such, never dropped silently.
#ifndef BREACHKIT_CORE_MAIL_VAULT_EXPORT_H_
#define BREACHKIT_CORE_MAIL_VAULT_EXPORT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mail/mail_message.h"
#include "core/util/result.h"

namespace breachkit {

struct VaultDocument {
  std::string doc_id;
  std::string message_id;  // without angle brackets; "" when the Document has none
  std::string account;     // the mailbox it was exported from, when recorded
  std::vector<std::string> labels;
  std::vector<MailAddress> recipients;  // from, to, cc, bcc, as Vault recorded them
};

/// The first bytes of an EDRM XML file as Vault writes it: a <Root> element first (after an
/// XML declaration, comments, white space), with Documents or a Batch within the first 4 KB.
bool LooksLikeVaultMetadata(std::string_view head);

/// Reads more bytes into `buf` (at most `len`): how many, 0 at the end, -1 on an error.
using ReadMore = std::function<int64_t(char* buf, size_t len)>;

/// Every Document of a metadata file, streamed (a large export's file holds one per message).
/// Fails, naming `name` and the line, on XML that is not well formed. Needs InitMime()
/// (mime_parser.h): the recipients are read with the address parser.
Result<std::vector<VaultDocument>> ReadVaultMetadata(const ReadMore& read, std::string_view name);
Result<std::vector<VaultDocument>> ReadVaultMetadata(std::string_view xml, std::string_view name);

/// One line of a checksum file: a file name and its MD5, 32 lower-case hex digits.
struct ChecksumLine {
  std::string file;
  std::string md5;
};
/// "export-results-count.csv", any case: Vault's count of the messages of each account.
bool IsResultsCountName(std::string_view filename);

/// Whether a file name is a checksum file's: "*.md5", or a name with "checksum" in it.
bool IsChecksumFileName(std::string_view filename);
/// The lines that hold an MD5 (32 hex digits) and a file name, in the two shapes in use:
/// md5sum's "HASH  NAME" (or "HASH *NAME"), BSD's "MD5 (NAME) = HASH" and CSV "NAME,HASH" (or
/// "HASH,NAME", a header line and quotes allowed). `unread`: the other non-empty lines, numbered
/// from 1.
std::vector<ChecksumLine> ParseChecksums(std::string_view text, std::vector<int>* unread);

/// Every Document of one Message-ID (one per account that held the message), merged: what the
/// record keeps of the message and the recipients Google recorded.
struct VaultMessage {
  std::vector<std::string> doc_ids;
  std::vector<std::string> accounts;  // each once, in the Documents' order
  std::vector<std::string> labels;    // each once
  std::vector<MailAddress> recipients;
};
VaultMessage MergeVaultDocuments(const std::vector<const VaultDocument*>& docs);

/// As kept in the record (message.vault): JSON {"documents": [...], "accounts": [...],
/// "labels": [...]}.
std::string VaultRecordJson(const MailMessage::VaultRecord& vault);

/// Adds to `m` the recipients Google recorded that its headers lack (each with a defect
/// "vault-recipient" saying so: the headers and Google disagree; a Bcc is never in the
/// delivered headers), and keeps the rest (VaultRecordJson). Returns how many were added.
int ApplyVaultMessage(const VaultMessage& vault, MailMessage* m);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_MAIL_VAULT_EXPORT_H_
