import Foundation
import Workbook

/// A table another module reads rows from (the ledger's attendance and feedback sheets): the
/// header as written, each record's cells and first line. It comes from a CSV file through the
/// same decoding (UTF-8 with or without BOM, GB18030) and RFC 4180 reader as the scenario's
/// lists, so a roster a planner saved from a spreadsheet reads the same way — or from one
/// worksheet of an .xlsx workbook (`plan.xlsx#排班表` with an 到场 column typed in).
public struct RowTable: Sendable {
    /// The file as the user would recognise it (for messages).
    public var file: String
    /// Header names as written (trimmed).
    public var header: [String]
    /// Each record's cells, in header order (a short record is padded with "").
    public var rows: [[String]]
    /// 1-based first line of each record (header = line 1).
    public var lines: [Int]

    public init(file: String, header: [String], rows: [[String]], lines: [Int]) {
        self.file = file; self.header = header; self.rows = rows; self.lines = lines
    }

    /// The index of the first header cell whose name, ASCII lower-cased, is one of `names`.
    public func column(_ names: [String]) -> Int? {
        let lowered = names.map { $0.lowercased() }
        return header.firstIndex { lowered.contains($0.lowercased()) }
    }

    /// Reads a CSV file; errors name the file (and the line of an undecodable byte).
    public static func readCSV(path: String) throws(InputError) -> RowTable {
        let absolute = absolutePath(path)
        let file = displayPath(absolute)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDir), !isDir.boolValue,
              let data = FileManager.default.contents(atPath: absolute) else {
            throw InputError(diagnostics: [.error(file: file, isDir.boolValue ? "is a folder, not a file" : "no such file")])
        }
        let dec = TextDecoding.utf8([UInt8](data))
        if let failure = dec.failure { throw InputError(diagnostics: [Reader.decodingError(failure, file: file)]) }
        let csv = CSVTable(utf8: dec.bytes)
        if csv.header.isEmpty { throw InputError(diagnostics: [.error(file: file, line: 1, "empty file; expected a header row")]) }
        var rows: [[String]] = []
        rows.reserveCapacity(csv.count)
        for r in 0..<csv.count {
            var row = Array(csv.cells[csv.recordStart[r]..<csv.recordStart[r + 1]])
            if row.count < csv.header.count { row += Array(repeating: "", count: csv.header.count - row.count) }
            rows.append(row)
        }
        return RowTable(file: file, header: csv.header, rows: rows, lines: csv.lines)
    }

    /// Reads one worksheet of an .xlsx workbook: `book.xlsx` its first sheet, `book.xlsx#Sheet`
    /// that one. Lines are the rows as Excel numbers them; messages name `book.xlsx#Sheet`.
    public static func readWorkbook(path: String) throws(InputError) -> RowTable {
        let source = ListSource(path)
        let absolute = absolutePath(source.path)
        let file = displayPath(absolute)
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw InputError(diagnostics: [.error(file: file, "no such file")])
        }
        let sheet: (sheet: String, rows: [WorkbookRow])
        do {
            sheet = try WorkbookReader(bytes: [UInt8](data)).rows(sheet: source.sheet)
        } catch {
            throw InputError(diagnostics: [.error(file: file, InputText.workbookError(error))])
        }
        let shown = file + "#" + sheet.sheet
        func trimmed(_ cells: [String]) -> [String] { cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }
        guard let first = sheet.rows.first else {
            throw InputError(diagnostics: [.error(file: shown, line: 1, "empty sheet; expected a header row")])
        }
        let header = trimmed(first.cells)
        var rows: [[String]] = [], lines: [Int] = []
        for row in sheet.rows.dropFirst() {
            var cells = trimmed(row.cells)
            if cells.count < header.count { cells += Array(repeating: "", count: header.count - cells.count) }
            rows.append(cells)
            lines.append(row.number)
        }
        return RowTable(file: shown, header: header, rows: rows, lines: lines)
    }
}
