#include "core/store/record_io.h"

#include <optional>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <glib.h>
#include <pugixml.hpp>

#include "core/store/connection.h"
#include "core/store/sql_guard.h"
#include "core/util/glib_handle.h"
#include "core/util/xml_validate.h"

namespace breachkit {

extern const char kIncidentXsd[];

namespace {

// Parents before children (foreign keys).
constexpr const char* kTables[] = {
    "incident",      "org_domain",      "source",         "party",         "party_name",
    "contact",       "message",         "recipient",      "defect",        "part",
    "finding",       "assessment",      "timeline_event", "document",      "notification_facts",
    "audit_log",     "review_decision", "review_rule",    "review_sample", "review_sample_message",
    "merge_decision"};

// Tables of older exports that the record no longer has: always empty (never filled).
constexpr const char* kDroppedTables[] = {"subject", "exposure"};

const char* TypeName(SqlValue::Type t) {
  switch (t) {
    case SqlValue::Type::kNull: return "null";
    case SqlValue::Type::kInteger: return "int";
    case SqlValue::Type::kReal: return "real";
    case SqlValue::Type::kText: return "text";
    case SqlValue::Type::kBlob: return "blob";
  }
  return "null";
}

}  // namespace

namespace {

SqlValue ValueOf(const SQLite::Column& col) {
  SqlValue v;
  if (col.isInteger()) {
    v.type = SqlValue::Type::kInteger;
    v.integer = col.getInt64();
  } else if (col.isFloat()) {
    v.type = SqlValue::Type::kReal;
    v.real = col.getDouble();
  } else if (col.isText()) {
    v.type = SqlValue::Type::kText;
    v.text = col.getString();
  } else if (col.isBlob()) {
    v.type = SqlValue::Type::kBlob;
    v.text.assign(static_cast<const char*>(col.getBlob()), static_cast<size_t>(col.getBytes()));
  }
  return v;
}

// Reads every table of the record in kTables' order, one row at a time: `begin(name,
// columns)`, then `row(values)` for each row, then `end()`. The schema version comes first,
// through `version(v)`.
template <typename Version, typename Begin, typename EachRow, typename End>
Status ReadTables(const IncidentStore& store, Version version, Begin begin, EachRow row, End end) {
  return GuardSql(store.path(), "export the record", [&]() -> Status {
    SQLite::Database& db = Connection(store);
    version(db.execAndGet("PRAGMA user_version").getInt());
    for (const char* table : kTables) {
      // A full scan returns rows in key order (rowid, or the primary key of WITHOUT ROWID tables).
      // The exports' own rows are left out (IsExport in store.h says why), and the output
      // folders and the import's own row (kOutputFolderKind, kImportedFromKind: they belong to
      // this copy of the record).
      SQLite::Statement q(db, std::string("SELECT * FROM ") + table +
                                  (std::string_view(table) == "document"
                                       ? " WHERE kind NOT LIKE 'export-%' AND "
                                         "kind NOT IN ('output-folder', 'imported-from')"
                                       : ""));
      std::vector<std::string> columns;
      for (int c = 0; c < q.getColumnCount(); ++c) columns.push_back(q.getColumnName(c));
      begin(table, std::move(columns));
      std::vector<SqlValue> values;
      while (q.executeStep()) {
        values.clear();
        for (int c = 0; c < q.getColumnCount(); ++c) values.push_back(ValueOf(q.getColumn(c)));
        row(values);
      }
      end();
    }
    return Ok();
  });
}

}  // namespace

Result<RecordDump> DumpRecord(const IncidentStore& store) {
  RecordDump dump;
  auto st = ReadTables(
      store, [&](int v) { dump.schema_version = v; },
      [&](const char* name, std::vector<std::string> columns) {
        dump.tables.push_back({name, std::move(columns), {}});
      },
      [&](const std::vector<SqlValue>& values) { dump.tables.back().rows.push_back(values); },
      [] {});
  if (!st) return std::unexpected(st.error());
  return dump;
}

Status LoadRecord(IncidentStore& store, const RecordDump& dump) {
  // Versions 3 to 5 differ from the current one by indexes only: their exports hold the same
  // tables.
  if (dump.schema_version < 3 || dump.schema_version > kSchemaVersion) {
    return Fail(ErrorCode::kInvalidInput,
                "the export has schema version {}, this breachkit reads {}", dump.schema_version,
                kSchemaVersion);
  }
  return GuardSql(store.path(), "import the record", [&]() -> Status {
    SQLite::Database& db = Connection(store);
    for (const char* table : {"source", "message", "document", "timeline_event", "assessment"}) {
      if (db.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt() != 0) {
        return Fail(ErrorCode::kInvalidInput,
                    "{}: import goes into an empty record (this one has {} rows)", store.path(),
                    table);
      }
    }
    SQLite::Transaction tx(db);
    // The new record's own rows (its incident, a first audit entry) give way to the export's.
    db.exec("DELETE FROM incident");
    db.exec("DROP TRIGGER IF EXISTS audit_log_no_delete");
    db.exec("DELETE FROM audit_log");
    db.exec("DELETE FROM sqlite_sequence WHERE name = 'audit_log'");
    db.exec(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END");
    for (const TableDump& t : dump.tables) {
      bool known = false, dropped = false;
      for (const char* name : kTables) known = known || t.name == name;
      for (const char* name : kDroppedTables) dropped = dropped || t.name == name;
      if (dropped && t.rows.empty()) continue;
      if (dropped) {
        return Fail(ErrorCode::kInvalidInput,
                    "table '{}' of the export has rows: no breachkit ever wrote any", t.name);
      }
      if (!known) return Fail(ErrorCode::kInvalidInput, "unknown table '{}' in the export", t.name);
      if (t.rows.empty()) continue;
      std::string cols, marks;
      for (const std::string& c : t.columns) {
        for (char ch : c) {
          if (!(g_ascii_isalnum(ch) || ch == '_'))
            return Fail(ErrorCode::kInvalidInput, "bad column name in {}", t.name);
        }
        cols += (cols.empty() ? "" : ", ") + c;
        marks += marks.empty() ? "?" : ", ?";
      }
      SQLite::Statement ins(db, "INSERT INTO " + t.name + " (" + cols + ") VALUES (" + marks + ")");
      for (size_t n = 0; n < t.rows.size(); ++n) {
        const auto& row = t.rows[n];
        ins.reset();
        for (size_t c = 0; c < row.size() && c < t.columns.size(); ++c) {
          const SqlValue& v = row[c];
          const int i = static_cast<int>(c) + 1;
          switch (v.type) {
            case SqlValue::Type::kNull: ins.bind(i); break;
            case SqlValue::Type::kInteger: ins.bind(i, v.integer); break;
            case SqlValue::Type::kReal: ins.bind(i, v.real); break;
            case SqlValue::Type::kText: ins.bind(i, v.text); break;
            case SqlValue::Type::kBlob:
              ins.bind(i, v.text.data(), static_cast<int>(v.text.size()));
              break;
          }
        }
        // A row the record refuses (a key twice, a reference to no row) is the export's fault:
        // the transaction is rolled back and the record is as it was.
        try {
          ins.exec();
        } catch (const SQLite::Exception& e) {
          return Fail(ErrorCode::kInvalidInput, "table {}, row {}: {}", t.name, n + 1, e.what());
        }
      }
    }
    // Output folders are this machine's (kOutputFolderKind): an export never holds them, and
    // one that does would make `purge` remove files here that this record never wrote.
    if (db.execAndGet("SELECT count(*) FROM document WHERE kind IN ('output-folder', "
                      "'imported-from')")
            .getInt() != 0)
      return Fail(ErrorCode::kInvalidInput,
                  "the export lists output folders, which no export holds: refused");
    try {
      tx.commit();
    } catch (const SQLite::Exception& e) {
      return Fail(ErrorCode::kInvalidInput, "the rows do not hold together: {}", e.what());
    }
    return Ok();
  });
}

namespace {

void AppendFigures(const ExposureReport& r, pugi::xml_node parent) {
  pugi::xml_node figures = parent.append_child("figures");
  figures.append_attribute("persons-affected") = r.persons_affected;
  figures.append_attribute("records") = r.records;
  figures.append_attribute("messages") = r.messages;
  figures.append_attribute("exposure-events") = r.exposure_events;
  figures.append_attribute("max-audience") = r.max_audience;
  figures.append_attribute("third-party-recipients") = r.third_party_recipients.size();
  for (const auto& [name, f] : r.categories) {
    pugi::xml_node category = figures.append_child("category");
    category.append_attribute("name") = name.c_str();
    category.append_attribute("persons") = f.persons;
    category.append_attribute("records") = f.records;
  }
}

struct StringWriter : pugi::xml_writer {
  explicit StringWriter(std::string& to) : out(to) {}
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
  std::string& out;
};

// Writes the XML form one row at a time, each row built as a small pugixml tree and printed
// at its depth: the same bytes as one document saved whole, without the whole record's tree
// in memory.
class XmlRecordWriter {
 public:
  XmlRecordWriter(std::string& out, int schema_version, const ExposureReport& figures)
      : out_(out), writer_(out) {
    out_ += fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<incident-record schema-version=\"{}\">\n",
        schema_version);
    pugi::xml_document doc;
    AppendFigures(figures, doc);
    Print(doc.first_child(), 1);
  }

  void BeginTable(std::string_view name, std::vector<std::string> columns) {
    table_ = name;
    columns_ = std::move(columns);
    rows_ = 0;
  }

  void Row(const std::vector<SqlValue>& row) {
    if (rows_++ == 0) out_ += fmt::format("  <table name=\"{}\">\n", table_);
    pugi::xml_document doc;
    auto r = doc.append_child("row");
    for (size_t c = 0; c < row.size(); ++c) {
      const SqlValue& v = row[c];
      auto col = r.append_child("col");
      col.append_attribute("name") = columns_[c].c_str();
      col.append_attribute("type") = TypeName(v.type);
      switch (v.type) {
        case SqlValue::Type::kNull: break;
        case SqlValue::Type::kInteger: col.text().set(static_cast<long long>(v.integer)); break;
        case SqlValue::Type::kReal: col.text().set(v.real); break;
        case SqlValue::Type::kText: col.text().set(v.text.c_str()); break;
        case SqlValue::Type::kBlob:
          col.text().set(TakeGString(g_base64_encode(reinterpret_cast<const guchar*>(v.text.data()),
                                                     v.text.size()))
                             .c_str());
          break;
      }
    }
    Print(r, 2);
  }

  void EndTable() {
    out_ += rows_ == 0 ? fmt::format("  <table name=\"{}\" />\n", table_) : "  </table>\n";
  }

  void Finish() { out_ += "</incident-record>\n"; }

 private:
  // pugixml writes a carriage return in text as it is, and every XML reader reads it back as a
  // line feed (end-of-line handling): written as a reference, it comes back as it was.
  void Print(pugi::xml_node node, unsigned depth) {
    const size_t from = out_.size();
    node.print(writer_, "  ", pugi::format_default, pugi::encoding_utf8, depth);
    for (size_t at = from; (at = out_.find('\r', at)) != std::string::npos; at += 5)
      out_.replace(at, 1, "&#13;");
  }

  std::string& out_;
  StringWriter writer_;
  std::string table_;  // names come from kTables: nothing to escape
  std::vector<std::string> columns_;
  size_t rows_ = 0;
};

}  // namespace

std::string RecordToXml(const RecordDump& dump, const ExposureReport& figures) {
  std::string out;
  XmlRecordWriter xml(out, dump.schema_version, figures);
  for (const TableDump& t : dump.tables) {
    xml.BeginTable(t.name, t.columns);
    for (const auto& row : t.rows) xml.Row(row);
    xml.EndTable();
  }
  xml.Finish();
  return out;
}

Result<std::string> ExportRecordXml(const IncidentStore& store, const ExposureReport& figures) {
  std::string out;
  std::optional<XmlRecordWriter> xml;
  auto st = ReadTables(
      store, [&](int v) { xml.emplace(out, v, figures); },
      [&](const char* name, std::vector<std::string> columns) {
        xml->BeginTable(name, std::move(columns));
      },
      [&](const std::vector<SqlValue>& values) { xml->Row(values); }, [&] { xml->EndTable(); });
  if (!st) return std::unexpected(st.error());
  xml->Finish();
  return out;
}

Result<RecordDump> RecordFromXml(std::string_view xml, std::string_view file_name) {
  if (auto st = ValidateXml(xml, kIncidentXsd, file_name); !st) return std::unexpected(st.error());
  pugi::xml_document doc;
  const std::string buffer(xml);
  if (!doc.load_buffer(buffer.data(), buffer.size()))
    return Fail(ErrorCode::kInvalidInput, "{}: not XML", file_name);
  RecordDump dump;
  const auto root = doc.child("incident-record");
  dump.schema_version = root.attribute("schema-version").as_int();
  for (const auto& table : root.children("table")) {
    TableDump t;
    t.name = table.attribute("name").as_string();
    for (const auto& row : table.children("row")) {
      std::vector<SqlValue> values;
      std::vector<std::string> names;
      for (const auto& col : row.children("col")) {
        names.push_back(col.attribute("name").as_string());
        const std::string type = col.attribute("type").as_string();
        SqlValue v;
        if (type == "int") {
          v.type = SqlValue::Type::kInteger;
          v.integer = col.text().as_llong();
        } else if (type == "real") {
          v.type = SqlValue::Type::kReal;
          v.real = col.text().as_double();
        } else if (type == "text") {
          v.type = SqlValue::Type::kText;
          v.text = col.text().as_string();
        } else if (type == "blob") {
          v.type = SqlValue::Type::kBlob;
          gsize n = 0;
          guchar* bytes = g_base64_decode(col.text().as_string(), &n);
          v.text.assign(reinterpret_cast<const char*>(bytes), n);
          g_free(bytes);
        }
        values.push_back(std::move(v));
      }
      if (t.columns.empty()) t.columns = names;
      if (names != t.columns)
        return Fail(ErrorCode::kInvalidInput, "{}: table {} has rows of different columns",
                    file_name, t.name);
      t.rows.push_back(std::move(values));
    }
    dump.tables.push_back(std::move(t));
  }
  return dump;
}

}  // namespace breachkit
