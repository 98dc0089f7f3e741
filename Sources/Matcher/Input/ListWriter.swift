import Foundation
import Workbook

/// Writes a scenario's lists back in the form they came in (issue 28): a list read from a
/// workbook's sheet goes back into that workbook — every other sheet kept with its rows — and a
/// text list is written as CSV (UTF-8 with BOM, cells as read: these are input lists, so no
/// spreadsheet neutralising). `match carry-over` uses it; lists read with `RowTable.read`.
public enum ListWriter {
    /// One list: its `data:` key (`needs`), the table as read (its path and sheet), and the
    /// header and rows to write (nil: unchanged).
    public struct List: Sendable {
        public var key: String
        public var table: RowTable
        public var header: [String]?
        public var rows: [[String]]?
        public init(key: String, table: RowTable, header: [String]? = nil, rows: [[String]]? = nil) {
            self.key = key; self.table = table; self.header = header; self.rows = rows
        }
        var changed: Bool { header != nil || rows != nil }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The files (names relative to the new folder) and the `data:` entries naming them.
    public static func files(_ lists: [List]) throws(Failure) -> (files: [(name: String, data: Data)], data: [(key: String, file: String)]) {
        var files: [(name: String, data: Data)] = []
        var entries: [(key: String, file: String)] = []
        var books: [String] = []   // workbook paths, in the order first met
        for list in lists {
            if let sheet = list.table.sheet {
                let name = (list.table.path as NSString).lastPathComponent
                entries.append((list.key, name + "#" + sheet))
                if !books.contains(list.table.path) { books.append(list.table.path) }
            } else {
                let name = list.key + ".csv"
                entries.append((list.key, name))
                if list.changed {
                    let header = list.header ?? list.table.header
                    files.append((name, CSVOutput(header: header, rows: list.rows ?? list.table.rows, neutralised: false).data))
                } else {
                    files.append((name, try bytes(list.table.path, shown: list.table.file)))
                }
            }
        }
        for path in books {
            let mine = lists.filter { $0.table.sheet != nil && $0.table.path == path }
            let name = (path as NSString).lastPathComponent
            files.append((name, try workbook(path, lists: mine)))
        }
        return (files, entries)
    }

    /// The workbook at `path` with the lists' sheets replaced by their rows and every other
    /// sheet's rows as they are (first row as its header).
    static func workbook(_ path: String, lists: [List]) throws(Failure) -> Data {
        let shown = (path as NSString).lastPathComponent
        let raw = try bytes(path, shown: shown)
        let book: WorkbookReader
        do { book = try WorkbookReader(bytes: [UInt8](raw)) } catch {
            throw Failure(message: "\(shown): \(InputText.workbookError(error))")
        }
        var sheets: [WorkbookSheet] = []
        for name in book.sheetNames {
            if let list = lists.first(where: { $0.table.sheet == name }) {
                let header = list.header ?? list.table.header
                let rows = list.rows ?? list.table.rows
                sheets.append(WorkbookSheet(name: name, header: header, widths: widths(header, rows),
                                            rows: rows.map { $0.prefix(header.count).map(cell) }))
                continue
            }
            let read: [WorkbookRow]
            do { read = try book.rows(sheet: name).rows } catch {
                throw Failure(message: "\(shown)#\(name): \(InputText.workbookError(error))")
            }
            let header = read.first?.cells ?? []
            let rows = read.dropFirst().map(\.cells)
            sheets.append(WorkbookSheet(name: name, header: header, widths: widths(header, Array(rows)), rows: rows.map { $0.map(cell) }))
        }
        do { return try WorkbookWriter.data(sheets) } catch {
            throw Failure(message: "\(shown): \(error)")
        }
    }

    /// A cell as a spreadsheet would hold it: an ISO date as a date cell, a plain number (no
    /// leading zero, so ids such as `007` stay text) as a number, anything else as text.
    static func cell(_ s: String) -> WorkbookCell {
        if s.isEmpty { return .empty }
        if s.utf8.count == 10, let d = Day(iso: s) {
            let c = d.components
            return .date(year: c.year, month: c.month, day: c.day)
        }
        let digits = s.hasPrefix("-") ? s.dropFirst() : s[...]
        if s.utf8.count <= 12, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
           digits.filter({ $0 == "." }).count <= 1, !digits.hasPrefix("."), !digits.hasSuffix("."),
           !(digits.hasPrefix("0") && digits.count > 1 && !digits.hasPrefix("0.")), let x = Double(s) {
            return .number(x)
        }
        return .text(s)
    }

    static func widths(_ header: [String], _ rows: [[String]]) -> [Double] {
        header.indices.map { c in
            let longest = ([header[c]] + rows.prefix(200).map { c < $0.count ? $0[c] : "" })
                .map { $0.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } }.max() ?? 8
            return Double(min(max(longest + 2, 8), 60))
        }
    }

    static func bytes(_ path: String, shown: String) throws(Failure) -> Data {
        guard let d = FileManager.default.contents(atPath: path) else { throw Failure(message: "\(shown): cannot be read") }
        return d
    }
}

/// Cell values as the scenario reader takes them, for other modules (carry-over, record).
public enum CellValue {
    /// A whole number, full-width digits (`４`) read as ASCII ones; nil when not one.
    public static func int(_ s: String) -> Int? {
        Int(ChineseValues.halfWidth(s).trimmingCharacters(in: .whitespaces))
    }

    /// Is the text Chinese (any CJK ideograph or full-width form)?
    public static func isChinese(_ s: String) -> Bool { ChineseValues.hasCJK(s) }
}

extension RowTable {
    /// The index of the column whose header is `name` in English or one of its Chinese aliases
    /// (docs/INPUT.md), as the scenario reader maps them.
    public func column(canonical name: String) -> Int? {
        header.firstIndex { CSVTable.canonical($0.trimmingCharacters(in: .whitespaces)) == name }
    }

    /// Is the header written in Chinese?
    public var isChinese: Bool { header.contains { ChineseValues.hasCJK($0) } }
}
