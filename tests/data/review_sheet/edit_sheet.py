#!/usr/bin/env python3
"""A DPO's spreadsheet, for tests/review_sheet_test.cc: reads and edits a review sheet written by
breachkit with libraries other than breachkit's own (openpyxl for XLSX, odfpy for ODS, the csv
module for CSV), as Excel or LibreOffice would, so that the test reads back a file breachkit did
not write. Debian packages python3-openpyxl and python3-odf (tests/run.sh installs them).

usage: edit_sheet.py dump FORMAT IN
           prints the first sheet's cells as JSON, a list of rows (lists of strings; a cell of
           several lines joined by "\\n")
       edit_sheet.py edit FORMAT IN OUT EDITS
           EDITS is JSON:
             "set":         {"<id>": {"<column>": "<text>", ...}, ...}  cells of the row of <id>
             "move_first":  "<column>"   cut that column and insert it before column A
             "add_column":  "<header>"   a column of the DPO's own, at the end, with a note
             "rename":      {"<column>": "<new header>"}
             "add_row":     ["<cell>", ...]  a row under the table (a note, a total)
FORMAT is xlsx, ods or csv.
"""
import csv
import io
import json
import sys


def fail(message):
    sys.stderr.write(f"edit_sheet.py: {message}\n")
    sys.exit(2)


# ---- XLSX: openpyxl -------------------------------------------------------------------------

def xlsx_dump(path):
    import openpyxl
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [["" if c.value is None else str(c.value) for c in row] for row in ws.iter_rows()]


def xlsx_edit(path, out, edits):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]

    def column_of(name):
        if name not in header:
            fail(f"no column {name!r} in {header!r}")
        return header.index(name) + 1

    id_column = column_of("id")
    for row in range(2, ws.max_row + 1):
        item = ws.cell(row=row, column=id_column).value
        for name, text in edits.get("set", {}).get(item, {}).items():
            ws.cell(row=row, column=column_of(name)).value = text
    if "move_first" in edits:
        # Cut and insert before A, as a user drags a column: every column shifts right by one.
        source = column_of(edits["move_first"])
        ws.insert_cols(1)
        for row in range(1, ws.max_row + 1):
            ws.cell(row=row, column=1).value = ws.cell(row=row, column=source + 1).value
        ws.delete_cols(source + 1)
        header = [c.value for c in ws[1]]
    if "add_column" in edits:
        extra = ws.max_column + 1
        ws.cell(row=1, column=extra).value = edits["add_column"]
        ws.cell(row=2, column=extra).value = "asked HR, 12/03"
    for name, new in edits.get("rename", {}).items():
        ws.cell(row=1, column=column_of(name)).value = new
    if "add_row" in edits:
        ws.append(edits["add_row"])
    wb.save(out)


# ---- ODS: odfpy -----------------------------------------------------------------------------

def ods_cells(row):
    from odf.table import TableCell
    from odf.namespaces import TABLENS
    cells = []
    for cell in row.childNodes:
        if cell.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), "1"))
        cells.extend([cell] * repeat)
    return cells


def ods_text(cell):
    from odf import teletype
    from odf.text import P
    return "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))


def ods_table(doc):
    from odf.table import Table
    return doc.spreadsheet.getElementsByType(Table)[0]


def ods_dump(path):
    from odf.opendocument import load
    from odf.table import TableRow
    table = ods_table(load(path))
    return [[ods_text(c) for c in ods_cells(r)] for r in table.getElementsByType(TableRow)]


def ods_set(cell, text):
    from odf.text import P
    for child in list(cell.childNodes):
        cell.removeChild(child)
    cell.setAttribute("valuetype", "string")
    cell.addElement(P(text=text))


def ods_edit(path, out, edits):
    from odf.opendocument import load
    from odf.table import TableCell, TableRow
    doc = load(path)
    table = ods_table(doc)
    rows = table.getElementsByType(TableRow)
    header = [ods_text(c) for c in ods_cells(rows[0])]
    for row in rows[1:]:
        cells = ods_cells(row)
        item = ods_text(cells[header.index("id")])
        for name, text in edits.get("set", {}).get(item, {}).items():
            ods_set(cells[header.index(name)], text)
    for name, new in edits.get("rename", {}).items():
        ods_set(ods_cells(rows[0])[header.index(name)], new)
    if "add_row" in edits:
        row = TableRow()
        for text in edits["add_row"]:
            cell = TableCell()
            if text:
                ods_set(cell, text)
            row.addElement(cell)
        table.addElement(row)
    for unsupported in ("move_first", "add_column"):
        if unsupported in edits:
            fail(f"{unsupported} is not done on ODS here")
    doc.save(out)


# ---- CSV: the csv module, as a spreadsheet saves it: ";" (French Excel), no BOM -------------

def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def csv_edit(path, out, edits):
    rows = csv_rows(path)
    header = rows[0]
    for row in rows[1:]:
        for name, text in edits.get("set", {}).get(row[header.index("id")], {}).items():
            row[header.index(name)] = text
    for name, new in edits.get("rename", {}).items():
        header[header.index(name)] = new
    if "add_row" in edits:
        rows.append(edits["add_row"])
    for unsupported in ("move_first", "add_column"):
        if unsupported in edits:
            fail(f"{unsupported} is not done on CSV here")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())


def main(argv):
    if len(argv) < 4:
        fail(__doc__)
    command, fmt, path = argv[1], argv[2], argv[3]
    if command == "dump":
        dump = {"xlsx": xlsx_dump, "ods": ods_dump, "csv": csv_rows}[fmt]
        json.dump(dump(path), sys.stdout, ensure_ascii=False)
    elif command == "edit" and len(argv) == 6:
        edit = {"xlsx": xlsx_edit, "ods": ods_edit, "csv": csv_edit}[fmt]
        edit(path, argv[4], json.loads(argv[5]))
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv)
