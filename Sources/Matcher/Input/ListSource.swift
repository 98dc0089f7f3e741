import Foundation
import Workbook

/// Where a `data:` entry points: a file, and for a workbook optionally one worksheet
/// (`book.xlsx#Sheet`). Without `#Sheet` a workbook's first worksheet is read (after a leading
/// guide sheet, 说明 or Guide, as `match init --xlsx` writes).
struct ListSource: Hashable, Sendable {
    var path: String
    var sheet: String?

    /// Splits `book.xlsx#Sheet` (only after an .xlsx/.xlsm name, so a CSV file may have `#` in its name).
    init(_ entry: String) {
        if let hash = entry.lastIndex(of: "#") {
            let file = entry[..<hash].lowercased()
            if file.hasSuffix(".xlsx") || file.hasSuffix(".xlsm") {
                path = String(entry[..<hash])
                let s = String(entry[entry.index(after: hash)...])
                sheet = s.isEmpty ? nil : s
                return
            }
        }
        path = entry
        sheet = nil
    }

    var looksLikeWorkbook: Bool {
        let low = path.lowercased()
        return low.hasSuffix(".xlsx") || low.hasSuffix(".xlsm") || low.hasSuffix(".xls") || sheet != nil
    }
}

/// The field separator of a text list, detected from its header line.
enum FieldSeparator: UInt8, Sendable, CaseIterable {
    case comma = 0x2C, tab = 0x09, semicolon = 0x3B

    /// The separator that occurs most often (outside quotes) in the first non-blank line; a comma on a tie or none.
    static func detect(_ b: [UInt8]) -> FieldSeparator {
        var counts: [UInt8: Int] = [:]
        var quoted = false, seen = false
        for c in b {
            if c == 0x22 { quoted.toggle(); continue }
            if quoted { continue }
            if c == 0x0A || c == 0x0D {
                if seen { break } else { continue }
            }
            if c != 0x20 { seen = true }
            if c == 0x2C || c == 0x09 || c == 0x3B { counts[c, default: 0] += 1 }
        }
        var best = FieldSeparator.comma, most = counts[0x2C] ?? 0
        for s in [FieldSeparator.tab, .semicolon] where (counts[s.rawValue] ?? 0) > most {
            best = s; most = counts[s.rawValue] ?? 0
        }
        return best
    }
}

extension CSVTable {
    /// A table from a worksheet's rows (the first non-empty row is the header), trimmed as CSV cells are.
    init(rows: [WorkbookRow]) {
        var header: [String]? = nil
        var cells: [String] = []
        var recordStart: [Int] = [0]
        var lines: [Int] = []
        for row in rows {
            let trimmed = row.cells.map { CSVTable.trimmed(Array($0.utf8)[...]) }
            guard trimmed.contains(where: { !$0.isEmpty }) else { continue }
            if header == nil { header = trimmed; continue }
            cells.append(contentsOf: trimmed)
            recordStart.append(cells.count)
            lines.append(row.number)
        }
        self.init(header: header ?? [], cells: cells, recordStart: recordStart, lines: lines)
    }

    /// Header lookups built as the CSV reader builds them.
    init(header: [String], cells: [String], recordStart: [Int], lines: [Int]) {
        var columns: [String: Int] = [:]
        var dups: [String] = []
        for (k, h) in header.enumerated() where !h.isEmpty {
            let name = CSVTable.canonical(h)
            if columns[name] != nil { dups.append(name) } else { columns[name] = k }
        }
        self.header = header
        self.columns = columns
        self.duplicateColumns = dups
        self.cells = cells
        self.recordStart = recordStart
        self.lines = lines
        self.columnList = columns.map { (name: $0.key, index: $0.value) }.sorted { $0.index < $1.index }
    }
}

extension Reader {
    /// A list that is not text: a workbook's sheet as a table, or an error saying what to do
    /// (an old .xls, an .xlsx that is no workbook). nil for a text file, which the CSV reader then
    /// reads (again: the bytes are looked at here first so that a workbook under any name is
    /// recognised); `.some(nil)` after an error.
    mutating func workbookTable(_ absolute: String, key: String, required: [String]) -> Table?? {
        let source = ListSource(absolute)
        let file = displayPath(source.path)
        if let book = workbooks[source.path] { return .some(sheetTable(book, source, file: file, key: key, required: required)) }
        let raw: [UInt8]
        switch load(source.path) {
        case let .success(b): raw = b
        case .failure:
            guard source.looksLikeWorkbook else { return nil }  // the CSV reader says what is wrong
            _ = bytes(source.path, what: "\(key) list")
            return .some(nil)
        }
        let signature = FileSignature(raw)
        switch signature {
        case .text:
            guard source.looksLikeWorkbook else { return nil }
            diagnostics.append(.error(file: file, InputText.notWorkbook))
            return .some(nil)
        case .ole2:
            diagnostics.append(.error(file: file, InputText.legacyWorkbook))
            return .some(nil)
        case .zip:
            break
        }
        let book: WorkbookReader
        do { book = try WorkbookReader(bytes: raw) } catch {
            diagnostics.append(.error(file: file, InputText.workbookError(error)))
            return .some(nil)
        }
        workbooks[source.path] = book
        return .some(sheetTable(book, source, file: file, key: key, required: required))
    }

    /// One sheet of an open workbook as a checked table, named `book.xlsx#Sheet`.
    mutating func sheetTable(_ book: WorkbookReader, _ source: ListSource, file: String, key: String, required: [String]) -> Table? {
        let rows: (sheet: String, rows: [WorkbookRow], merged: [MergedRange])
        // Without `#Sheet` the first sheet, passing over a template's guide sheet (说明 / Guide) before the lists.
        var sheet = source.sheet
        var first = 0
        if sheet == nil, book.sheetNames.count > 1,
           ScenarioTemplate.guideSheetNames.contains(book.sheetNames[0].trimmingCharacters(in: .whitespaces).lowercased()) {
            sheet = book.sheetNames[1]
            first = 1
        }
        do { rows = try book.sheet(sheet) } catch {
            diagnostics.append(.error(file: file, InputText.workbookError(error)))
            return nil
        }
        let named = file + "#" + rows.sheet
        let language = ReportLanguage.of(rows.sheet + (rows.rows.first?.cells.joined() ?? ""))
        // A hidden sheet taken as "the first" is rarely the one meant (issue 27, item 13).
        if source.sheet == nil, book.sheetHidden.indices.contains(first), book.sheetHidden[first] {
            diagnostics.append(.warning(file: named, InputText.hiddenFirstSheet(rows.sheet, file: file, language)))
        }
        // Merged cells keep their value in the first cell only: the rows below read as empty.
        for m in rows.merged where m.lastRow > m.firstRow && m.lastRow > 1 {
            diagnostics.append(.warning(file: named, line: max(2, m.firstRow), InputText.mergedCells(m, language)))
        }
        return checkedTable(CSVTable(rows: rows.rows), file: named, required: required, key: key)
    }

    /// The separator of a decoded text list; a warning when it is not a comma.
    mutating func separator(_ bytes: [UInt8], file: String) -> FieldSeparator {
        let s = FieldSeparator.detect(bytes)
        if s != .comma { diagnostics.append(.warning(file: file, line: 1, InputText.separatorNote(s, InputLanguage.of(bytes.prefix(4096))))) }
        return s
    }
}
