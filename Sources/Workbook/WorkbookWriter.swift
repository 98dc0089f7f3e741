import Foundation
import ZIPFoundation

/// One cell of a sheet: text, a number, a calendar date or nothing.
public enum WorkbookCell: Hashable, Sendable {
    case text(String)
    case number(Double)
    /// A real date cell (an Excel serial number shown with the `yyyy-mm-dd` format).
    case date(year: Int, month: Int, day: Int)
    case empty
}

/// A drop-down list on one column below the header: the cell must be one of `values` (Excel and
/// WPS show the list and refuse anything else with `message`). A value that reads as a number
/// is stored as a number when picked.
public struct WorkbookValidation: Hashable, Sendable {
    /// 0-based column index.
    public var column: Int
    public var values: [String]
    /// Shown when a typed value is not in the list.
    public var message: String
    public init(column: Int, values: [String], message: String = "") {
        self.column = column; self.values = values; self.message = message
    }
}

/// One worksheet: a name (at most 31 characters, none of `[]:*?/\`), the width of each column
/// in characters, a header row (frozen, bold), the rows below it and drop-down lists on columns.
public struct WorkbookSheet: Hashable, Sendable {
    public var name: String
    public var header: [String]
    public var widths: [Double]
    public var rows: [[WorkbookCell]]
    public var validations: [WorkbookValidation]
    public init(name: String, header: [String], widths: [Double] = [], rows: [[WorkbookCell]] = [],
                validations: [WorkbookValidation] = []) {
        self.name = name; self.header = header; self.widths = widths; self.rows = rows; self.validations = validations
    }
}

/// Writes a minimal Office Open XML workbook (.xlsx): `[Content_Types].xml`, `_rels/.rels`,
/// `xl/workbook.xml` with its rels, `xl/styles.xml` (a bold header style and a date format) and
/// one `xl/worksheets/sheetN.xml` per sheet with inline strings, the header row frozen and
/// column widths set, and drop-down lists where a column's values are fixed. Numbers are numbers, dates are dates. The archive is built in memory
/// with ZIPFoundation; every entry carries the same fixed time stamp, so the same sheets give
/// the same bytes.
public enum WorkbookWriter {
    public enum WriteError: Error, CustomStringConvertible {
        case archive(String)
        public var description: String {
            switch self { case .archive(let why): "cannot build the workbook: \(why)" }
        }
    }

    /// The workbook's bytes.
    public static func data(_ sheets: [WorkbookSheet]) throws -> Data {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            ("_rels/.rels", rootRels),
            ("xl/workbook.xml", workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRels(sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (i, s) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", sheet(s))) }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            var c = DateComponents()
            c.year = 2000; c.month = 1; c.day = 1
            let stamp = Calendar(identifier: .gregorian).date(from: c) ?? Date(timeIntervalSince1970: 946_684_800)
            for (path, text) in parts {
                let bytes = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: stamp,
                                     compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position) ..< Int(position) + size)
                }
            }
            guard let data = archive.data else { throw WriteError.archive("no data") }
            return data
        } catch let e as WriteError {
            throw e
        } catch {
            throw WriteError.archive("\(error)")
        }
    }

    // MARK: parts

    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 forbids most control characters; tabs and line breaks are kept.
            case "\t", "\n", "\r": out.unicodeScalars.append(ch)
            default:
                if ch.value < 0x20 || ch.value == 0xFFFE || ch.value == 0xFFFF { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    private static let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(_ n: Int) -> String {
        var s = head + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        s += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in 0..<n {
            s += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return s + "</Types>"
    }

    static let rootRels = head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"

    static func workbook(_ sheets: [WorkbookSheet]) -> String {
        var s = head + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets>"
        for (i, sheet) in sheets.enumerated() {
            s += "<sheet name=\"\(xml(sheetName(sheet.name)))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        return s + "</sheets></workbook>"
    }

    static func workbookRels(_ n: Int) -> String {
        var s = head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 0..<n {
            s += "<Relationship Id=\"rId\(i + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(n + 1)\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
        return s + "</Relationships>"
    }

    /// Style 0: plain; 1: date `yyyy-mm-dd`; 2: bold header with a grey fill.
    static let styles = head + "<styleSheet xmlns=\"\(main)\">"
        + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE7EBF0\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    /// A name Excel accepts: forbidden characters replaced, at most 31 characters.
    static func sheetName(_ name: String) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        return String(cleaned.prefix(31))
    }

    /// `A`, `B`, …, `Z`, `AA`, … for column index 0, 1, ….
    public static func columnName(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// Excel's last row.
    static let maxRow = 1_048_576

    /// Days from Excel's epoch (1899-12-30) to the date: its serial number.
    public static func serial(year: Int, month: Int, day: Int) -> Int {
        // days_from_civil (Howard Hinnant), then shifted to 1899-12-30.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468 + 25_569
    }

    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    static func sheet(_ s: WorkbookSheet) -> String {
        var out = head + "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(rel)\">"
        let lastColumn = max(1, s.header.count, s.rows.map(\.count).max() ?? 0)
        out += "<dimension ref=\"A1:\(columnName(lastColumn - 1))\(s.rows.count + 1)\"/>"
        out += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        out += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        out += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !s.widths.isEmpty {
            out += "<cols>"
            for (i, w) in s.widths.enumerated() {
                out += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(number(w))\" customWidth=\"1\"/>"
            }
            out += "</cols>"
        }
        out += "<sheetData>"
        func row(_ r: Int, _ cells: [WorkbookCell], style: Int) {
            out += "<row r=\"\(r)\">"
            for (c, cell) in cells.enumerated() {
                let ref = columnName(c) + String(r)
                let st = style == 0 ? "" : " s=\"\(style)\""
                switch cell {
                case .empty: continue
                case .text(let t):
                    out += "<c r=\"\(ref)\"\(st) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(SpreadsheetText.neutralised(t)))</t></is></c>"
                case .number(let x):
                    out += "<c r=\"\(ref)\"\(st)><v>\(number(x))</v></c>"
                case .date(let y, let m, let d):
                    out += "<c r=\"\(ref)\" s=\"1\"><v>\(serial(year: y, month: m, day: d))</v></c>"
                }
            }
            out += "</row>"
        }
        row(1, s.header.map { .text($0) }, style: 2)
        for (i, cells) in s.rows.enumerated() { row(i + 2, cells, style: 0) }
        out += "</sheetData>"
        if !s.validations.isEmpty {
            // Every row below the header; the list is a quoted, comma-separated formula (at most 255 characters).
            out += "<dataValidations count=\"\(s.validations.count)\">"
            for v in s.validations {
                let col = columnName(v.column)
                let title = String((s.header.indices.contains(v.column) ? s.header[v.column] : col).prefix(32))
                let message = v.message.isEmpty ? "" : " errorTitle=\"\(xml(title))\" error=\"\(xml(String(v.message.prefix(225))))\""
                out += "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\"\(message) sqref=\"\(col)2:\(col)\(maxRow)\">"
                out += "<formula1>\"\(xml(v.values.joined(separator: ",")))\"</formula1></dataValidation>"
            }
            out += "</dataValidations>"
        }
        out += "</worksheet>"
        return out
    }
}
