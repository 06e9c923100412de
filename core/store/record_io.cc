#include "core/store/record_io.h"

#include <charconv>
#include <optional>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/core.h>
#include <glib.h>
#include <libxml/xmlreader.h>
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
    "incident",       "org_domain",      "source",         "party",         "party_name",
    "contact",        "message",         "recipient",      "defect",        "part",
    "finding",        "assessment",      "timeline_event", "document",      "notification_facts",
    "audit_log",      "review_decision", "review_rule",    "review_sample", "review_sample_message",
    "merge_decision", "list_address"};

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

namespace {

// Loads a record's tables into an empty one, a row at a time, in one transaction: Begin, then
// Table and its Rows for each table, then Finish commits. Destroyed before Finish, nothing of
// it stays (the transaction is rolled back). SQLite's exceptions stay inside: GuardSql.
class RecordLoader {
 public:
  explicit RecordLoader(IncidentStore& store) : store_(store), db_(Connection(store)) {}

  Status Begin(int schema_version) {
    // Versions 3 to 5 differ from the current one by indexes only: their exports hold the
    // same tables.
    if (schema_version < 3 || schema_version > kSchemaVersion) {
      return Fail(ErrorCode::kInvalidInput,
                  "the export has schema version {}, this breachkit reads {}", schema_version,
                  kSchemaVersion);
    }
    for (const char* table : {"source", "message", "document", "timeline_event", "assessment"}) {
      if (db_.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt() != 0) {
        return Fail(ErrorCode::kInvalidInput,
                    "{}: import goes into an empty record (this one has {} rows)", store_.path(),
                    table);
      }
    }
    tx_.emplace(db_);
    // The new record's own rows (its incident, a first audit entry) give way to the export's.
    db_.exec("DELETE FROM incident");
    db_.exec("DROP TRIGGER IF EXISTS audit_log_no_delete");
    db_.exec("DELETE FROM audit_log");
    db_.exec("DELETE FROM sqlite_sequence WHERE name = 'audit_log'");
    db_.exec(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END");
    return Ok();
  }

  // A table of the export, with the columns of its rows (none when it has no rows).
  Status Table(const std::string& name, const std::vector<std::string>& columns, bool has_rows) {
    insert_.reset();
    table_ = name;
    rows_ = 0;
    bool known = false, dropped = false;
    for (const char* t : kTables) known = known || name == t;
    for (const char* t : kDroppedTables) dropped = dropped || name == t;
    if (dropped && !has_rows) return Ok();
    if (dropped) {
      return Fail(ErrorCode::kInvalidInput,
                  "table '{}' of the export has rows: no breachkit ever wrote any", name);
    }
    if (!known) return Fail(ErrorCode::kInvalidInput, "unknown table '{}' in the export", name);
    if (!has_rows) return Ok();
    std::string cols, marks;
    for (const std::string& c : columns) {
      for (char ch : c) {
        if (!(g_ascii_isalnum(ch) || ch == '_'))
          return Fail(ErrorCode::kInvalidInput, "bad column name in {}", name);
      }
      cols += (cols.empty() ? "" : ", ") + c;
      marks += marks.empty() ? "?" : ", ?";
    }
    columns_ = columns.size();
    insert_.emplace(db_, "INSERT INTO " + name + " (" + cols + ") VALUES (" + marks + ")");
    return Ok();
  }

  Status Row(const std::vector<SqlValue>& row) {
    ++rows_;
    SQLite::Statement& ins = *insert_;
    ins.reset();
    for (size_t c = 0; c < row.size() && c < columns_; ++c) {
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
      return Fail(ErrorCode::kInvalidInput, "table {}, row {}: {}", table_, rows_, e.what());
    }
    return Ok();
  }

  Status Finish() {
    insert_.reset();
    // Output folders are this machine's (kOutputFolderKind): an export never holds them, and
    // one that does would make `purge` remove files here that this record never wrote.
    if (db_.execAndGet("SELECT count(*) FROM document WHERE kind IN ('output-folder', "
                       "'imported-from')")
            .getInt() != 0)
      return Fail(ErrorCode::kInvalidInput,
                  "the export lists output folders, which no export holds: refused");
    try {
      tx_->commit();
    } catch (const SQLite::Exception& e) {
      return Fail(ErrorCode::kInvalidInput, "the rows do not hold together: {}", e.what());
    }
    return Ok();
  }

 private:
  IncidentStore& store_;
  SQLite::Database& db_;
  std::optional<SQLite::Transaction> tx_;
  std::optional<SQLite::Statement> insert_;
  std::string table_;
  size_t columns_ = 0;
  size_t rows_ = 0;
};

SqlValue ValueOfText(std::string_view type, std::string text) {
  SqlValue v;
  if (type == "int") {
    v.type = SqlValue::Type::kInteger;
    std::from_chars(text.data(), text.data() + text.size(), v.integer);
  } else if (type == "real") {
    v.type = SqlValue::Type::kReal;
    v.real = g_ascii_strtod(text.c_str(), nullptr);
  } else if (type == "text") {
    v.type = SqlValue::Type::kText;
    v.text = std::move(text);
  } else if (type == "blob") {
    v.type = SqlValue::Type::kBlob;
    gsize n = 0;
    guchar* bytes = g_base64_decode(text.c_str(), &n);
    v.text.assign(reinterpret_cast<const char*>(bytes), n);
    g_free(bytes);
  }
  return v;
}

}  // namespace

Status LoadRecord(IncidentStore& store, const RecordDump& dump) {
  return GuardSql(store.path(), "import the record", [&]() -> Status {
    RecordLoader loader(store);
    if (auto st = loader.Begin(dump.schema_version); !st) return st;
    for (const TableDump& t : dump.tables) {
      if (auto st = loader.Table(t.name, t.columns, !t.rows.empty()); !st) return st;
      for (const auto& row : t.rows) {
        if (auto st = loader.Row(row); !st) return st;
      }
    }
    return loader.Finish();
  });
}

Status LoadRecordXmlFile(IncidentStore& store, const std::string& file) {
  DeletableUniquePtr<xmlTextReader, xmlFreeTextReader> reader(
      xmlReaderForFile(file.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_HUGE));
  if (!reader) return Fail(ErrorCode::kIo, "{}: cannot read", file);
  xmlTextReaderPtr r = reader.get();
  auto name = [&] {
    const xmlChar* n = xmlTextReaderConstLocalName(r);
    return std::string_view(n ? reinterpret_cast<const char*>(n) : "");
  };
  auto attribute = [&](const char* a) {
    xmlChar* v = xmlTextReaderGetAttribute(r, reinterpret_cast<const xmlChar*>(a));
    std::string out = v ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return out;
  };
  return GuardSql(store.path(), "import the record", [&]() -> Status {
    RecordLoader loader(store);
    bool begun = false;
    std::string table;
    bool table_open = false;  // its rows' columns not known yet: no INSERT prepared
    std::vector<std::string> columns, names;
    std::vector<SqlValue> row;
    int ret;
    while ((ret = xmlTextReaderRead(r)) == 1) {
      const int type = xmlTextReaderNodeType(r);
      if (type == XML_READER_TYPE_ELEMENT) {
        const bool empty = xmlTextReaderIsEmptyElement(r) == 1;
        if (name() == "incident-record") {
          int version = 0;
          const std::string v = attribute("schema-version");
          std::from_chars(v.data(), v.data() + v.size(), version);
          if (auto st = loader.Begin(version); !st) return st;
          begun = true;
        } else if (name() == "table") {
          table = attribute("name");
          columns.clear();
          table_open = true;
          if (empty) {
            if (auto st = loader.Table(table, {}, false); !st) return st;
            table_open = false;
          }
        } else if (name() == "row") {
          row.clear();
          names.clear();
        } else if (name() == "col") {
          names.push_back(attribute("name"));
          const std::string col_type = attribute("type");
          std::string text;
          if (!empty) {
            xmlChar* t = xmlTextReaderReadString(r);
            if (t) text = reinterpret_cast<const char*>(t);
            xmlFree(t);
          }
          row.push_back(ValueOfText(col_type, std::move(text)));
        }
      } else if (type == XML_READER_TYPE_END_ELEMENT && name() == "row") {
        if (table_open) {
          columns = names;
          if (auto st = loader.Table(table, columns, true); !st) return st;
          table_open = false;
        } else if (names != columns) {
          return Fail(ErrorCode::kInvalidInput, "{}: table {} has rows of different columns", file,
                      table);
        }
        if (auto st = loader.Row(row); !st) return st;
      } else if (type == XML_READER_TYPE_END_ELEMENT && name() == "table" && table_open) {
        if (auto st = loader.Table(table, {}, false); !st) return st;
        table_open = false;
      }
    }
    if (ret < 0 || !begun) return Fail(ErrorCode::kInvalidInput, "{}: not XML", file);
    return loader.Finish();
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

Status ExportRecordXml(const IncidentStore& store, const ExposureReport& figures,
                       const std::function<bool(std::string_view)>& write) {
  std::string out;
  std::optional<XmlRecordWriter> xml;
  bool written = true;
  // Handed on in pieces of about 1 MB: a 50,000-person record's export is a gigabyte.
  auto flush = [&](size_t at_least) {
    if (written && out.size() >= at_least) {
      written = write(out);
      out.clear();
    }
  };
  auto st = ReadTables(
      store, [&](int v) { xml.emplace(out, v, figures); },
      [&](const char* name, std::vector<std::string> columns) {
        xml->BeginTable(name, std::move(columns));
      },
      [&](const std::vector<SqlValue>& values) {
        xml->Row(values);
        flush(1u << 20);
      },
      [&] { xml->EndTable(); });
  if (!st) return st;
  xml->Finish();
  flush(0);
  if (!written)
    return Fail(ErrorCode::kIo, "{}: the XML export could not be written", store.path());
  return Ok();
}

Result<std::string> ExportRecordXml(const IncidentStore& store, const ExposureReport& figures) {
  std::string out;
  auto st = ExportRecordXml(store, figures, [&](std::string_view piece) {
    out += piece;
    return true;
  });
  if (!st) return std::unexpected(st.error());
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
