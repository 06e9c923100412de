-- breachkit incident record, schema version 18.
--
-- One database file = one incident. Embedded into the binary at build time
-- (core/store/schema.h); core/store/store.cc applies it to a new file and
-- upgrades older files step by step (core/store/migrations.cc). Times are
-- INTEGER seconds since 1970-01-01 UTC; the v_* views at the end show them as
-- text for people who open the file with the sqlite3 shell.
--
-- Personal data: detected values are never stored in clear (finding.masked_preview
-- + finding.keyed_hash); addresses and display names are, because the letters need
-- them. The file is created with mode 0600.

-- The incident itself: a single row (id = 1). Fields follow the CNIL form
-- (doc/regulatory.md §1.2) and the register (§6).
CREATE TABLE incident (
  id                     INTEGER PRIMARY KEY CHECK (id = 1),
  title                  TEXT NOT NULL DEFAULT '',
  description            TEXT NOT NULL DEFAULT '',
  controller_name        TEXT NOT NULL DEFAULT '',
  controller_siren       TEXT NOT NULL DEFAULT '',
  controller_address     TEXT NOT NULL DEFAULT '',
  controller_sector      TEXT NOT NULL DEFAULT '',
  dpo_name               TEXT NOT NULL DEFAULT '',
  dpo_email              TEXT NOT NULL DEFAULT '',
  dpo_phone              TEXT NOT NULL DEFAULT '',
  signatory_name         TEXT NOT NULL DEFAULT '',
  signatory_title        TEXT NOT NULL DEFAULT '',
  language               TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
  timezone               TEXT NOT NULL DEFAULT 'Europe/Paris',
  nature_confidentiality INTEGER NOT NULL DEFAULT 1 CHECK (nature_confidentiality IN (0, 1)),
  nature_integrity       INTEGER NOT NULL DEFAULT 0 CHECK (nature_integrity IN (0, 1)),
  nature_availability    INTEGER NOT NULL DEFAULT 0 CHECK (nature_availability IN (0, 1)),
  -- The CNIL's code lists (core/model/cnil_lists.h): codes, validated by `set` since v13;
  -- an item that takes a text keeps it after '=' ("9,11=...")
  origin_codes           TEXT NOT NULL DEFAULT '',   -- comma-separated §1.2 E codes
  cause                  TEXT NOT NULL DEFAULT '',   -- §1.2 F code (free text before v13)
  circumstances          TEXT NOT NULL DEFAULT '',
  discovery_means        TEXT NOT NULL DEFAULT '',
  occurred_at            INTEGER,
  awareness_at           INTEGER,
  contained_at           INTEGER,
  notified_at            INTEGER,
  late_reason            TEXT NOT NULL DEFAULT '',
  consequences           TEXT NOT NULL DEFAULT '',   -- likely consequences (v3)
  measures_taken         TEXT NOT NULL DEFAULT '',   -- (v3)
  measures_planned       TEXT NOT NULL DEFAULT '',   -- (v3)
  cnil_reference         TEXT NOT NULL DEFAULT '',   -- of the initial notification (v3)
  persons_vulnerable     INTEGER NOT NULL DEFAULT 0, -- minors or vulnerable persons (v3)
  data_unintelligible    INTEGER NOT NULL DEFAULT 0, -- e.g. encrypted (v3)
  notify_band            TEXT NOT NULL DEFAULT 'medium',  -- decision thresholds (v3)
  inform_band            TEXT NOT NULL DEFAULT 'high',
  large_audience         INTEGER NOT NULL DEFAULT 100,
  profile_path           TEXT NOT NULL DEFAULT '',
  profile_sha256         TEXT NOT NULL DEFAULT '',
  hmac_key               BLOB NOT NULL,              -- per-incident key of the keyed hashes
  created_at             INTEGER NOT NULL,
  updated_at             INTEGER NOT NULL,
  person_categories      TEXT NOT NULL DEFAULT '',   -- §1.2 G codes (v13)
  -- v14: the three texts the letters print, in the other language of the letters (en when
  -- `language` is fr, fr when it is en), and which texts still hold breachkit's proposal,
  -- not yet confirmed by the DPO ("consequences:fr measures-taken:en", space-separated).
  consequences_alt       TEXT NOT NULL DEFAULT '',
  measures_taken_alt     TEXT NOT NULL DEFAULT '',
  measures_planned_alt   TEXT NOT NULL DEFAULT '',
  proposed               TEXT NOT NULL DEFAULT '',
  -- v15: the law the notification follows (core/profile/regime.h: 'gdpr', 'digital-omnibus')
  -- and its deadline, in hours after awareness.
  regime                 TEXT NOT NULL DEFAULT 'gdpr',
  deadline_hours         INTEGER NOT NULL DEFAULT 72
);

-- The organisation's own mail domains: their addresses are staff, not affected persons.
CREATE TABLE org_domain (
  domain TEXT PRIMARY KEY COLLATE NOCASE
) WITHOUT ROWID;

-- Every file given to `ingest`.
CREATE TABLE source (
  id          INTEGER PRIMARY KEY,
  path        TEXT NOT NULL,                 -- as given on the command line
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  -- v11: 'msg' (an Outlook .msg), 'tnef' (a winmail.dat), 'pst' (a PST/OST; its items read since v12)
  format      TEXT NOT NULL CHECK (format IN ('eml', 'mbox', 'maildir', 'stdin', 'msg', 'tnef', 'pst')),
  ingested_at INTEGER NOT NULL,
  messages    INTEGER NOT NULL DEFAULT 0,
  complete    INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1))
);
-- v16: the unfinished sources by path, which each new source looks up (a Maildir of 22,000
-- files scanned the table once per file); few rows, kept during a bulk load.
CREATE INDEX source_unfinished ON source(path) WHERE complete = 0;

-- Every message, top-level or nested (message/rfc822 inside another).
CREATE TABLE message (
  id            INTEGER PRIMARY KEY,
  source_id     INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
  idx           INTEGER NOT NULL,            -- 0-based position in its source (top level)
  mime_path     TEXT NOT NULL DEFAULT '',    -- '' at top level, else the part path ("2", "2.1")
  parent_id     INTEGER REFERENCES message(id) ON DELETE CASCADE,
  depth         INTEGER NOT NULL DEFAULT 0,
  byte_offset   INTEGER NOT NULL,            -- span in the source file
  byte_length   INTEGER NOT NULL,
  raw_sha256    TEXT NOT NULL,
  duplicate_of  INTEGER REFERENCES message(id),  -- same raw bytes seen in an earlier source
  parse_status  TEXT NOT NULL DEFAULT 'ok' CHECK (parse_status IN ('ok', 'unparsed')),
  parse_error   TEXT NOT NULL DEFAULT '',
  message_id    TEXT NOT NULL DEFAULT '',
  date_utc      INTEGER,
  date_offset   INTEGER,                     -- original offset, minutes east of UTC
  date_raw      TEXT NOT NULL DEFAULT '',
  subject       TEXT NOT NULL DEFAULT '',
  in_reply_to   TEXT NOT NULL DEFAULT '',
  refs          TEXT NOT NULL DEFAULT '',    -- References, space separated
  is_reply_all  INTEGER NOT NULL DEFAULT 0,
  envelope_from TEXT NOT NULL DEFAULT '',    -- the mbox From_ line (v2)
  -- v12: where a PST/OST item is in its file, "FOLDER/PATH#ID" ('' for any other source);
  -- byte_offset then holds the item's identifier, byte_length the size of its MIME form
  item_path     TEXT NOT NULL DEFAULT '',
  -- v17: what a Google Vault export's metadata recorded of the message (JSON: doc_id, account,
  -- labels; core/mail/vault_export.h), '' for any other
  vault         TEXT NOT NULL DEFAULT '',
  UNIQUE (source_id, byte_offset, mime_path)
);
CREATE INDEX message_raw_sha256 ON message(raw_sha256);
CREATE INDEX message_message_id ON message(message_id);
-- The rows that point at a message (v7): wiping an unfinished source deletes its messages,
-- and each deletion looks up the messages nested in it and those that duplicate it.
CREATE INDEX message_parent ON message(parent_id);
CREATE INDEX message_duplicate ON message(duplicate_of);

-- Every address seen, one row per normalised address.
CREATE TABLE party (
  id          INTEGER PRIMARY KEY,
  address_key TEXT NOT NULL UNIQUE,          -- local part and domain lower-cased: the identity
  address     TEXT NOT NULL,                 -- as first written, domain lower-cased
  domain      TEXT NOT NULL,
  is_internal INTEGER NOT NULL DEFAULT 0,
  -- v8: 'content' is a person found in the content (a row of an attached table), who has no
  -- address of their own: address_key is 'content:' and a keyed hash of their strongest
  -- identifier (IBAN, NIR, phone, else their name and the row), address and domain are ''.
  kind        TEXT NOT NULL DEFAULT 'mailbox' CHECK (kind IN ('mailbox', 'content'))
);

-- How to write to a person (v8): from the leak (an e-mail cell of their row) or imported by
-- `breachkit contacts import`. A person with neither is listed as without a known contact.
CREATE TABLE contact (
  party_id       INTEGER PRIMARY KEY REFERENCES party(id),
  email          TEXT NOT NULL DEFAULT '',
  postal_address TEXT NOT NULL DEFAULT '',
  origin         TEXT NOT NULL,              -- 'import:<file name>'
  at             INTEGER NOT NULL
);

CREATE TABLE party_name (
  party_id INTEGER NOT NULL REFERENCES party(id) ON DELETE CASCADE,
  name     TEXT NOT NULL,
  seen     INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (party_id, name)
) WITHOUT ROWID;

-- message × party × header field.
CREATE TABLE recipient (
  message_id   INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
  field        TEXT NOT NULL,                -- from, sender, reply_to, to, cc, bcc, resent_*, delivered_to, x_original_to
  position     INTEGER NOT NULL,
  party_id     INTEGER NOT NULL REFERENCES party(id),
  display_name TEXT NOT NULL DEFAULT '',
  group_name   TEXT NOT NULL DEFAULT '',
  address      TEXT NOT NULL DEFAULT '',     -- as written in this message (v2)
  recovered    INTEGER NOT NULL DEFAULT 0,   -- found by the raw header scan, not the parser (v2)
  PRIMARY KEY (message_id, field, position)
) WITHOUT ROWID;
-- No index on party_id (v4): nothing looks recipients up by person (the exposure model
-- reads them all in order), and parties are never deleted; keeping it cost a third of the
-- time of writing a recipient row.

-- v18: the mailing lists the messages' headers name (List-Post, X-BeenThere, List-Id, a robot's
-- "LIST-request@"): an address alone cannot say that "scr@" is a list, the message that came
-- through it can. Such a party is functional (reason 'list'), as FunctionalReason's are. One
-- row per list and message that named it (a source read again takes its own rows only).
CREATE TABLE list_address (
  address_key TEXT NOT NULL,                  -- as party.address_key
  message_id  INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
  PRIMARY KEY (address_key, message_id)
) WITHOUT ROWID;
CREATE INDEX list_address_message ON list_address(message_id);  -- a source deleted on re-ingestion

-- Anything the parser did not read cleanly, kept with its raw text.
CREATE TABLE defect (
  id         INTEGER PRIMARY KEY,
  message_id INTEGER REFERENCES message(id) ON DELETE CASCADE,
  source_id  INTEGER REFERENCES source(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,                  -- e.g. address-unparsed, charset-fallback, depth-limit
  field      TEXT NOT NULL DEFAULT '',
  detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX defect_message ON defect(message_id);
CREATE INDEX defect_source ON defect(source_id);

-- MIME leaves: bodies and attachments.
CREATE TABLE part (
  id               INTEGER PRIMARY KEY,
  message_id       INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
  mime_path        TEXT NOT NULL,
  content_type     TEXT NOT NULL,
  disposition      TEXT NOT NULL DEFAULT '',
  filename         TEXT NOT NULL DEFAULT '',
  charset          TEXT NOT NULL DEFAULT '',
  charset_fallback INTEGER NOT NULL DEFAULT 0,
  is_attachment    INTEGER NOT NULL DEFAULT 0,
  size             INTEGER NOT NULL DEFAULT 0,  -- decoded bytes
  sha256           TEXT NOT NULL DEFAULT '',
  text_chars       INTEGER NOT NULL DEFAULT 0,  -- length of the readable text extracted
  UNIQUE (message_id, mime_path)
);

-- What the detectors found. Never the value in clear.
CREATE TABLE finding (
  id             INTEGER PRIMARY KEY,
  message_id     INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
  part_id        INTEGER REFERENCES part(id) ON DELETE CASCADE,
  location       TEXT NOT NULL,              -- body, subject, header:<field>, display-name
  category       TEXT NOT NULL,
  detector       TEXT NOT NULL,
  masked_preview TEXT NOT NULL,
  keyed_hash     TEXT NOT NULL,              -- HMAC-SHA-256 under incident.hmac_key
  span_start     INTEGER NOT NULL,
  span_end       INTEGER NOT NULL,
  confidence     REAL NOT NULL,
  validation     TEXT NOT NULL DEFAULT '',
  quoted         INTEGER NOT NULL DEFAULT 0,
  owner_party_id INTEGER REFERENCES party(id),
  -- v9: for a finding a person must review (a near miss, a word-list match), the words around
  -- it with every detected value masked (core/detect/review_context.h); '' otherwise.
  context        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX finding_message ON finding(message_id);
-- Deleting a part looks up its findings (v7).
CREATE INDEX finding_part ON finding(part_id);
-- No index on keyed_hash (v6): the first owner of a datum is found by reading the findings
-- once (core/store/exposure_loader.h, FirstOwners), three times faster than building the
-- index at the end of a first ingestion.

-- (v8: the subject and exposure tables, created in v1 and never filled, are gone: the exposure
-- model computes the persons from the evidence each time, core/exposure/exposure.h.)

-- v9: the DPO's review of what the detectors claim. A decision is keyed by the finding's
-- stable identity (the message's raw SHA-256, where in it, the span, the category, the keyed
-- hash), not by the finding's row, so that it holds when the same evidence is ingested again
-- and when new evidence is added. `item` is the id the DPO types (core/review/review.h).
CREATE TABLE review_decision (
  item        TEXT NOT NULL UNIQUE,
  message_sha TEXT NOT NULL,
  location    TEXT NOT NULL,
  span_start  INTEGER NOT NULL,
  span_end    INTEGER NOT NULL,
  category    TEXT NOT NULL,
  keyed_hash  TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('confirmed', 'rejected')),
  decided_by  TEXT NOT NULL,
  at          INTEGER NOT NULL,
  why         TEXT NOT NULL,
  -- The loader looks a finding's decision up by its identity.
  PRIMARY KEY (message_sha, span_start, span_end, location, category, keyed_hash)
) WITHOUT ROWID;
-- A decision for a whole class of findings: `name` is a category ("health"), a detector
-- ("wordlist"), a category and detector ("health/wordlist") or a near-miss reason
-- ("near-miss:rib-key"). A decision on one finding wins over a rule.
CREATE TABLE review_rule (
  name       TEXT PRIMARY KEY,
  state      TEXT NOT NULL CHECK (state IN ('confirmed', 'rejected')),
  decided_by TEXT NOT NULL,
  at         INTEGER NOT NULL,
  why        TEXT NOT NULL
) WITHOUT ROWID;
-- Recall sampling: messages with no finding drawn for the DPO to read (seeded, the seed
-- kept), and what the DPO found in them.
CREATE TABLE review_sample (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  seed       INTEGER NOT NULL,
  population INTEGER NOT NULL,              -- messages with no finding when drawn
  drawn_by   TEXT NOT NULL
);
CREATE TABLE review_sample_message (
  sample_id   INTEGER NOT NULL REFERENCES review_sample(id),
  position    INTEGER NOT NULL,
  message_sha TEXT NOT NULL,
  place       TEXT NOT NULL,                -- source path and message index, when drawn
  result      TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'nothing', 'missed')),
  note        TEXT NOT NULL DEFAULT '',
  decided_by  TEXT NOT NULL DEFAULT '',
  at          INTEGER,
  PRIMARY KEY (sample_id, position)
) WITHOUT ROWID;

-- v10: the DPO's decisions on merges of persons. Two persons with the same name and no
-- identifier in common (kind 'same-name') are kept apart until confirmed one; a rejection
-- keeps them apart for good. `item` is the id the DPO types (core/review/person_merge.h),
-- made from the two persons' keys (party.address_key, first_key < second_key), so that a
-- decision holds when the evidence is ingested again.
CREATE TABLE merge_decision (
  item       TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  first_key  TEXT NOT NULL,
  second_key TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('confirmed', 'rejected')),
  decided_by TEXT NOT NULL,
  at         INTEGER NOT NULL,
  why        TEXT NOT NULL
) WITHOUT ROWID;

-- ENISA assessments; the latest is current, all are kept.
CREATE TABLE assessment (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  dpc        REAL NOT NULL,
  ei         REAL NOT NULL,
  cb         REAL NOT NULL,
  se         REAL NOT NULL,
  band       TEXT NOT NULL,
  reasons    TEXT NOT NULL,                  -- JSON
  overrides  TEXT NOT NULL DEFAULT '',       -- JSON
  decision   TEXT NOT NULL DEFAULT ''        -- JSON
);

CREATE TABLE timeline_event (
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL,
  at        INTEGER NOT NULL,
  note      TEXT NOT NULL DEFAULT '',
  reference TEXT NOT NULL DEFAULT '',
  origin    TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('user', 'evidence'))
);

CREATE TABLE document (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,
  path         TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  generated_at INTEGER NOT NULL,
  person       INTEGER REFERENCES party(id)
);
-- v16: each document written looks up its path (written once); without it, letters to 50,000
-- persons scanned the table once per letter.
CREATE INDEX document_path ON document(path);

-- v14: what each initial CNIL draft said (its figures, categories, facts, measures, severity:
-- "label<TAB>value" lines), keyed by the draft's SHA-256; the row 'cnil-notified' holds the
-- draft in effect when the notification was recorded as made, so that a complementary
-- notification says what changed since.
CREATE TABLE notification_facts (
  sha256     TEXT PRIMARY KEY,
  drafted_at INTEGER NOT NULL,
  facts      TEXT NOT NULL
) WITHOUT ROWID;

-- Append-only audit log, hash-chained: hash = SHA-256(prev_hash | seq | at | action | details).
-- AUTOINCREMENT (v3) makes SQLite remember the highest seq ever used, so removing the last
-- entries shows too.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL,
  action    TEXT NOT NULL,
  details   TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Readable views for the sqlite3 shell.
CREATE VIEW v_incident AS
  SELECT title, controller_name, dpo_name, dpo_email,
         datetime(occurred_at, 'unixepoch') AS occurred_utc,
         datetime(awareness_at, 'unixepoch') AS awareness_utc,
         datetime(awareness_at + 72 * 3600, 'unixepoch') AS cnil_deadline_utc,
         datetime(notified_at, 'unixepoch') AS notified_utc
  FROM incident;
CREATE VIEW v_sources AS
  SELECT id, path, size, format, sha256, messages, datetime(ingested_at, 'unixepoch') AS ingested_utc
  FROM source;
CREATE VIEW v_messages AS
  SELECT m.id, s.path AS source, m.idx, m.mime_path, m.byte_offset, m.byte_length, m.message_id,
         datetime(m.date_utc, 'unixepoch') AS date_utc, m.subject, m.parse_status, m.duplicate_of
  FROM message m JOIN source s ON s.id = m.source_id;
CREATE VIEW v_recipients AS
  SELECT r.message_id, r.field, r.address, r.display_name, p.is_internal, r.recovered
  FROM recipient r JOIN party p ON p.id = r.party_id;
CREATE VIEW v_audit AS
  SELECT seq, datetime(at, 'unixepoch') AS at_utc, action, details, hash FROM audit_log;

PRAGMA user_version = 18;
