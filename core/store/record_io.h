// The whole record as data, for `breachkit export` / `breachkit import`: every table with its
// typed rows (schemas/incident.xsd describes the XML form). Import goes into an empty record of
// the same schema version and gives back the same figures. The export holds personal data and
// the per-incident key of the keyed hashes: it is as sensitive as the record (written 0600).
#ifndef BREACHKIT_CORE_STORE_RECORD_IO_H_
#define BREACHKIT_CORE_STORE_RECORD_IO_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/exposure/exposure.h"
#include "core/store/store.h"

namespace breachkit {

struct SqlValue {
  enum class Type { kNull, kInteger, kReal, kText, kBlob };
  Type type = Type::kNull;
  int64_t integer = 0;
  double real = 0;
  std::string text;  // text, or the bytes of a blob
};

struct TableDump {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<SqlValue>> rows;
};

struct RecordDump {
  int schema_version = 0;
  std::vector<TableDump> tables;  // in an order that respects foreign keys
};

Result<RecordDump> DumpRecord(const IncidentStore& store);
/// Fails unless the record is empty (no source, no message, no document, no event) and the
/// dump has this binary's schema version.
Status LoadRecord(IncidentStore& store, const RecordDump& dump);

/// XML form (schemas/incident.xsd) and back. `figures`: the exposure figures the export
/// carries beside the tables (element figures; not read back, they derive from the tables).
std::string RecordToXml(const RecordDump& dump, const ExposureReport& figures);
/// RecordToXml(DumpRecord(store), figures), read and written one row at a time: the record's
/// rows are never all in memory, only the text.
Result<std::string> ExportRecordXml(const IncidentStore& store, const ExposureReport& figures);
/// The same bytes handed to `write` in pieces as they are made (false stops it: an error).
Status ExportRecordXml(const IncidentStore& store, const ExposureReport& figures,
                       const std::function<bool(std::string_view)>& write);
Result<RecordDump> RecordFromXml(std::string_view xml, std::string_view file_name);
/// Loads an XML export file into `store` (empty), as RecordFromXml then LoadRecord do, reading
/// it as it goes: memory stays a few MB whatever the file's size. The file must have passed
/// ValidateXmlFile against kIncidentXsd (in bounded memory too): the loader relies on its
/// shape, and says only "not XML" of anything else.
Status LoadRecordXmlFile(IncidentStore& store, const std::string& file);

}  // namespace breachkit

#endif  // BREACHKIT_CORE_STORE_RECORD_IO_H_
