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

    /// The file's absolute path (for a workbook without `#Sheet`), and the worksheet that was
    /// read when the list is a workbook's sheet (nil for a text list): where a writer puts the
    /// rows back in the form they came in.
    public var path: String = ""
    public var sheet: String?

    /// Reads a list through the scenario reader's own path (the one `match solve` uses): a
    /// text list (UTF-8 with or without BOM, or GB18030; comma, tab or semicolon separated) or
    /// one worksheet of a workbook (`名单.xlsx#需求`; without `#Sheet` the first list sheet,
    /// after a guide sheet). Errors name the file, row and value as the reader's do.
    public static func read(path: String) throws(InputError) -> RowTable {
        let absolute = absolutePath(path)
        var r = Reader(load: ScenarioReader.fileBytes)
        r.allowsNoRows = true
        guard let t = r.table(absolute, key: "the", required: []) else {
            throw InputError(diagnostics: r.diagnostics.filter(\.isError).sorted())
        }
        let csv = t.csv
        var rows: [[String]] = []
        rows.reserveCapacity(csv.count)
        for k in 0..<csv.count {
            var row = Array(csv.cells[csv.recordStart[k]..<csv.recordStart[k + 1]])
            if row.count < csv.header.count { row += Array(repeating: "", count: csv.header.count - row.count) }
            rows.append(row)
        }
        var table = RowTable(file: t.file, header: csv.header, rows: rows, lines: csv.lines)
        let source = ListSource(absolute)
        table.path = source.path
        if let hash = t.file.lastIndex(of: "#"), r.workbooks[source.path] != nil {
            table.sheet = String(t.file[t.file.index(after: hash)...])
        }
        return table
    }

    /// A CSV list (kept for the callers that name the form; the same reading as `read(path:)`).
    public static func readCSV(path: String) throws(InputError) -> RowTable { try read(path: path) }

    /// One worksheet of a workbook (kept for the callers that name the form; the same reading as `read(path:)`).
    public static func readWorkbook(path: String) throws(InputError) -> RowTable { try read(path: path) }
}
