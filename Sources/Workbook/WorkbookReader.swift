import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// What the first bytes of a list file say it is.
public enum FileSignature: Sendable, Equatable {
    /// A zip archive (`PK\3\4`): an .xlsx workbook, if anything.
    case zip
    /// An OLE2 compound file (`D0 CF 11 E0`): an old binary .xls, or a password-protected workbook.
    case ole2
    /// Anything else: text.
    case text

    public init(_ bytes: [UInt8]) {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            self = .zip
        } else if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            self = .ole2
        } else {
            self = .text
        }
    }
}

/// Why a workbook could not be read. Each case carries what a message needs; the wording is the caller's.
public enum WorkbookError: Error, Sendable, Equatable {
    /// Not a zip archive at all (the file's signature is given).
    case notZip(FileSignature)
    /// A zip archive without the parts of a workbook (for example a .docx, or a damaged file).
    case notWorkbook(missing: String)
    /// A part that cannot be extracted or parsed: its path in the archive and a short reason.
    case damaged(part: String, reason: String)
    /// The workbook has no worksheet.
    case noSheets
    /// No worksheet of that name; the names there are.
    case noSuchSheet(String, available: [String])
    /// A part declares a DOCTYPE or entities (`<!DOCTYPE`, `<!ENTITY` …), which Excel and WPS
    /// never write: refused before parsing, so no entity is ever expanded.
    case declarations(part: String)
}

/// A block of merged cells (`<mergeCell ref="A2:A5"/>`): Excel keeps the value in its first
/// cell only, so every other cell of it reads as empty.
public struct MergedRange: Sendable, Equatable {
    /// 0-based columns, 1-based rows, inclusive.
    public var firstColumn: Int, firstRow: Int, lastColumn: Int, lastRow: Int
    public init(firstColumn: Int, firstRow: Int, lastColumn: Int, lastRow: Int) {
        self.firstColumn = firstColumn; self.firstRow = firstRow; self.lastColumn = lastColumn; self.lastRow = lastRow
    }
}

/// One row of a worksheet: its 1-based row number and its cells from column A, as text. Gaps
/// (cells not written) are empty strings; trailing empty cells are dropped.
public struct WorkbookRow: Sendable, Equatable {
    public var number: Int
    public var cells: [String]
    public init(number: Int, cells: [String]) { self.number = number; self.cells = cells }
}

/// Reads an .xlsx workbook (Office Open XML, SpreadsheetML) from memory: the workbook part and its
/// relationships map sheet names to worksheet parts; shared strings, inline strings, numbers,
/// booleans and formula results become text; a number whose cell style has a date format (a
/// built-in date id or a custom format with day or year fields) becomes an ISO date `YYYY-MM-DD`
/// (1900 date system, or 1904 when the workbook says so). Integral numbers are written without
/// a fraction (`2.0` → `2`); other numbers in Swift's shortest round-trip form.
///
/// Never traps on any input: every problem is a `WorkbookError`.
public struct WorkbookReader {
    /// Worksheet names in workbook order.
    public let sheetNames: [String]
    /// Per worksheet: hidden (or very hidden) in Excel's tabs.
    public let sheetHidden: [Bool]
    private let sheetParts: [String]
    private let archive: Archive
    private let sharedStrings: [String]
    /// Per cell style index (cellXfs): is it a date format?
    private let dateStyles: [Bool]
    private let date1904: Bool

    /// Largest part extracted (bytes), against zip bombs.
    public static let maxPartBytes = 512 << 20
    /// Excel's limits: columns A..XFD, rows 1..1,048,576.
    public static let maxColumns = 16_384
    public static let maxRows = 1_048_576

    public init(bytes: [UInt8]) throws(WorkbookError) {
        let signature = FileSignature(bytes)
        guard signature == .zip else { throw .notZip(signature) }
        // Through a file, not Archive(data:): ZIPFoundation 0.9.20's in-memory archive traps when a
        // damaged offset points past the end (MemoryFile.readData); a FILE* read just comes back short.
        // The file is unlinked at once; the open FILE* keeps it readable until the archive is released.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("match-workbook-\(UUID().uuidString).xlsx")
        let archive: Archive
        do {
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw .damaged(part: "(zip directory)", reason: "\(error)")
        }
        self.archive = archive

        // _rels/.rels names the workbook part (xl/workbook.xml by convention).
        var workbookPart = "xl/workbook.xml"
        if let rootRels = try WorkbookReader.part(archive, "_rels/.rels") {
            for r in try Relationships.parse(rootRels, part: "_rels/.rels", base: "")
            where r.type.hasSuffix("/officeDocument") { workbookPart = r.target; break }
        }
        guard let workbookXML = try WorkbookReader.part(archive, workbookPart) else {
            throw .notWorkbook(missing: workbookPart)
        }
        let book = try WorkbookPart.parse(workbookXML, part: workbookPart)
        let dir = (workbookPart as NSString).deletingLastPathComponent
        let relsPath = (dir.isEmpty ? "" : dir + "/") + "_rels/" + (workbookPart as NSString).lastPathComponent + ".rels"
        let rels = try WorkbookReader.part(archive, relsPath).map { data throws(WorkbookError) in
            try Relationships.parse(data, part: relsPath, base: dir)
        } ?? []

        var names: [String] = [], parts: [String] = [], hidden: [Bool] = []
        for s in book.sheets {
            guard let rel = rels.first(where: { $0.id == s.relationship }) else { continue }
            guard rel.type.hasSuffix("/worksheet") else { continue }  // chartsheets, dialog sheets
            names.append(s.name)
            parts.append(rel.target)
            hidden.append(s.hidden)
        }
        sheetNames = names
        sheetHidden = hidden
        sheetParts = parts
        date1904 = book.date1904

        let stringsPart = rels.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target ?? (dir + "/sharedStrings.xml")
        if let data = try WorkbookReader.part(archive, stringsPart) {
            sharedStrings = try SharedStringsPart.parse(data, part: stringsPart)
        } else {
            sharedStrings = []
        }
        let stylesPart = rels.first(where: { $0.type.hasSuffix("/styles") })?.target ?? (dir + "/styles.xml")
        if let data = try WorkbookReader.part(archive, stylesPart) {
            dateStyles = try StylesPart.parse(data, part: stylesPart)
        } else {
            dateStyles = []
        }
    }

    /// The rows of the worksheet `name` (nil: the first worksheet), with the sheet's name.
    public func rows(sheet name: String? = nil) throws(WorkbookError) -> (sheet: String, rows: [WorkbookRow]) {
        let content = try sheet(name)
        return (content.sheet, content.rows)
    }

    /// The rows of the worksheet `name` (nil: the first worksheet), with its name and its
    /// merged cells.
    public func sheet(_ name: String? = nil) throws(WorkbookError) -> (sheet: String, rows: [WorkbookRow], merged: [MergedRange]) {
        guard !sheetNames.isEmpty else { throw .noSheets }
        let k: Int
        if let name {
            guard let i = sheetNames.firstIndex(of: name)
                    ?? sheetNames.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == name.trimmingCharacters(in: .whitespaces).lowercased() })
            else { throw .noSuchSheet(name, available: sheetNames) }
            k = i
        } else {
            k = 0
        }
        let part = sheetParts[k]
        guard let data = try WorkbookReader.part(archive, part) else { throw .damaged(part: part, reason: "missing from the archive") }
        let parsed = try SheetPart.parse(data, part: part, strings: sharedStrings, dateStyles: dateStyles, date1904: date1904)
        return (sheetNames[k], parsed.rows, parsed.merged)
    }

    /// A part extracted into a temporary file (removed with the returned object), so that a
    /// worksheet of any size up to `maxPartBytes` is parsed as a stream, never held whole (libxml2
    /// refuses a document fed in one piece above 10 MB); nil when the archive has no such entry.
    /// A part with declarations (`<!` followed by a letter: DOCTYPE, ENTITY …) is refused as its
    /// bytes come out of the archive.
    static func part(_ archive: Archive, _ path: String) throws(WorkbookError) -> PartFile? {
        let p = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard let entry = archive[p] ?? archive.first(where: { $0.path.lowercased() == p.lowercased() }) else { return nil }
        guard entry.type == .file else { return nil }
        let file = PartFile()
        guard FileManager.default.createFile(atPath: file.url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: file.url.path) else {
            throw .damaged(part: p, reason: "cannot create a temporary file")
        }
        defer { try? handle.close() }
        var size = 0
        var scan = DeclarationScan()
        do {
            let crc = try archive.extract(entry, skipCRC32: false) { chunk in
                size += chunk.count
                guard size <= WorkbookReader.maxPartBytes else { throw PartTooLarge() }
                if scan.finds(in: chunk) { throw WorkbookError.declarations(part: p) }
                try handle.write(contentsOf: chunk)
            }
            guard crc == entry.checksum else { throw WorkbookError.damaged(part: p, reason: "checksum mismatch") }
        } catch let e as WorkbookError {
            throw e
        } catch is PartTooLarge {
            throw .damaged(part: p, reason: "larger than \(WorkbookReader.maxPartBytes >> 20) MB uncompressed")
        } catch {
            throw .damaged(part: p, reason: "\(error)")
        }
        return file
    }

    private struct PartTooLarge: Error {}
}

/// A temporary file holding one extracted part; removed when released.
final class PartFile {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("match-part-\(UUID().uuidString).xml")
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Finds `<!` followed by an ASCII letter across chunk boundaries: a markup declaration, which
/// only a DOCTYPE holds (comments are `<!--`, CDATA `<![`).
struct DeclarationScan {
    private var last: (UInt8, UInt8) = (0, 0)

    mutating func finds(in chunk: Data) -> Bool {
        var (a, b) = last
        defer { last = (a, b) }
        for c in chunk {
            if a == 0x3C, b == 0x21, (c | 0x20) >= 0x61, (c | 0x20) <= 0x7A { return true }
            a = b; b = c
        }
        return false
    }
}

// MARK: - XML parts

/// The local name of an XML element or attribute (`x:sheet` → `sheet`).
@inline(__always)
private func local(_ qualified: String) -> Substring {
    if let c = qualified.lastIndex(of: ":") { return qualified[qualified.index(after: c)...] }
    return qualified[...]
}

/// The XMLParser delegate of one part: counts open elements so that a truncated part is caught
/// (on Linux `parse()` returns true for `<a>` and for mismatched tags), and hands elements with
/// their local names to `start`, `end` and `characters`.
private class PartParser: NSObject, XMLParserDelegate {
    var depth = 0
    var sawRoot = false
    var parseFailed = false

    func start(_ name: Substring, _ attributes: [String: String], _ parser: XMLParser) {}
    func end(_ name: Substring, _ parser: XMLParser) {}
    func characters(_ s: String) {}

    final func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                      attributes a: [String: String] = [:]) {
        depth += 1
        sawRoot = true
        start(local(name), a, parser)
    }

    final func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        end(local(name), parser)
    }

    final func parser(_ parser: XMLParser, foundCharacters s: String) { characters(s) }

    final func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { parseFailed = true }
}

/// Runs XMLParser over the part's file as a stream with `delegate`; a parse error or an
/// unclosed element becomes `.damaged`.
private func run(_ file: PartFile, _ delegate: PartParser, part: String) throws(WorkbookError) {
    guard let stream = InputStream(fileAtPath: file.url.path) else { throw .damaged(part: part, reason: "cannot read it back") }
    let parser = XMLParser(stream: stream)
    parser.shouldProcessNamespaces = false
    parser.shouldResolveExternalEntities = false
    parser.delegate = delegate
    let ok = parser.parse()
    if !ok || delegate.parseFailed || parser.parserError != nil || delegate.depth != 0 || !delegate.sawRoot {
        let code = parser.parserError.map { " (\(($0 as NSError).code))" } ?? ""
        throw .damaged(part: part, reason: "not well-formed XML\(code) at line \(parser.lineNumber)")
    }
}

/// Joins a relationship target to its base folder: `worksheets/sheet1.xml` from `xl` → `xl/worksheets/sheet1.xml`.
private func resolve(_ target: String, base: String) -> String {
    var parts: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
    for p in target.split(separator: "/") {
        if p == "." || p.isEmpty { continue }
        if p == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
        parts.append(p)
    }
    return parts.joined(separator: "/")
}

private struct Relationship { var id: String; var type: String; var target: String }

private final class Relationships: PartParser {
    var list: [Relationship] = []
    let base: String
    init(base: String) { self.base = base }

    static func parse(_ data: PartFile, part: String, base: String) throws(WorkbookError) -> [Relationship] {
        let d = Relationships(base: base)
        try run(data, d, part: part)
        return d.list
    }

    override func start(_ n: Substring, _ a: [String: String], _ parser: XMLParser) {
        guard n == "Relationship", let id = a["Id"], let target = a["Target"] else { return }
        if a["TargetMode"] == "External" { return }
        list.append(Relationship(id: id, type: a["Type"] ?? "", target: resolve(target, base: base)))
    }
}

private final class WorkbookPart: PartParser {
    var sheets: [(name: String, relationship: String, hidden: Bool)] = []
    var date1904 = false

    static func parse(_ data: PartFile, part: String) throws(WorkbookError) -> WorkbookPart {
        let d = WorkbookPart()
        try run(data, d, part: part)
        return d
    }

    override func start(_ n: Substring, _ a: [String: String], _ parser: XMLParser) {
        switch n {
        case "sheet":
            guard let n = a["name"], let rid = a.first(where: { local($0.key) == "id" && $0.key.contains(":") })?.value else { return }
            sheets.append((n, rid, a["state"] == "hidden" || a["state"] == "veryHidden"))
        case "workbookPr":
            if let v = a["date1904"] { date1904 = v == "1" || v.lowercased() == "true" }
        default: break
        }
    }
}

/// OOXML escapes control characters in strings as `_xHHHH_`.
private func unescapeOOXML(_ s: String) -> String {
    guard s.contains("_x") else { return s }
    var out = ""
    var rest = s[...]
    while let r = rest.range(of: "_x") {
        out += rest[..<r.lowerBound]
        let after = rest[r.upperBound...]
        let hex = after.prefix(4)
        if hex.count == 4, after.dropFirst(4).first == "_", let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) {
            out.unicodeScalars.append(u)
            rest = after.dropFirst(5)
        } else {
            out += "_x"
            rest = after
        }
    }
    return out + rest
}

/// Collects the text of `<t>` elements inside a string item, skipping phonetic runs (`<rPh>`).
private struct StringItemText {
    var text = ""
    var inT = false
    var phonetic = 0

    mutating func start(_ name: Substring) {
        if name == "rPh" { phonetic += 1 } else if name == "t", phonetic == 0 { inT = true }
    }
    mutating func end(_ name: Substring) {
        if name == "rPh" { phonetic = max(0, phonetic - 1) } else if name == "t" { inT = false }
    }
    mutating func characters(_ s: String) { if inT { text += s } }
}

private final class SharedStringsPart: PartParser {
    var strings: [String] = []
    var item: StringItemText? = nil

    static func parse(_ data: PartFile, part: String) throws(WorkbookError) -> [String] {
        let d = SharedStringsPart()
        try run(data, d, part: part)
        return d.strings
    }

    override func start(_ n: Substring, _ a: [String: String], _ parser: XMLParser) {
        if n == "si" { item = StringItemText() } else { item?.start(n) }
    }

    override func end(_ n: Substring, _ parser: XMLParser) {
        if n == "si" {
            strings.append(unescapeOOXML(item?.text ?? ""))
            item = nil
        } else {
            item?.end(n)
        }
    }

    override func characters(_ s: String) { item?.characters(s) }
}

/// Which cell styles (cellXfs, by index) show a date.
private final class StylesPart: PartParser {
    var custom: [Int: String] = [:]
    var xfFormats: [Int] = []
    var inCellXfs = false

    static func parse(_ data: PartFile, part: String) throws(WorkbookError) -> [Bool] {
        let d = StylesPart()
        try run(data, d, part: part)
        return d.xfFormats.map { id in
            if let code = d.custom[id] { return isDateFormat(code) }
            return builtinDateFormats.contains(id)
        }
    }

    /// Built-in number formats that show a date (ECMA-376 §18.8.30, with the zh-CN ids 27–31, 36, 50–58 that are dates).
    static let builtinDateFormats: Set<Int> = [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58]

    /// A custom format shows a date when, outside quoted text, escapes and `[...]` sections, it has a day or year field.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for ch in code {
            if escaped { escaped = false; continue }
            if quoted { if ch == "\"" { quoted = false }; continue }
            if bracket { if ch == "]" { bracket = false }; continue }
            switch ch {
            case "\"": quoted = true
            case "[": bracket = true
            case "\\", "_", "*": escaped = true
            case ";": return false  // only the first (positive numbers) section counts
            case "d", "D", "y", "Y": return true
            default: continue
            }
        }
        return false
    }

    override func start(_ n: Substring, _ a: [String: String], _ parser: XMLParser) {
        switch n {
        case "numFmt":
            if let id = a["numFmtId"].flatMap({ Int($0) }), let code = a["formatCode"] { custom[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            xfFormats.append(a["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    override func end(_ n: Substring, _ parser: XMLParser) {
        if n == "cellXfs" { inCellXfs = false }
    }
}

/// A worksheet's `<sheetData>` as rows of text.
private final class SheetPart: PartParser {
    let strings: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    var rows: [WorkbookRow] = []
    var merged: [MergedRange] = []
    var failure: String? = nil

    // The row and cell being read.
    var rowNumber = 0
    var rowCells: [String] = []
    var inRow = false
    var column = -1
    var cellType = "n"
    var cellStyle = 0
    var value = ""
    var inValue = false
    var inline: StringItemText? = nil
    var inCell = false

    init(strings: [String], dateStyles: [Bool], date1904: Bool) {
        self.strings = strings; self.dateStyles = dateStyles; self.date1904 = date1904
    }

    static func parse(_ data: PartFile, part: String, strings: [String], dateStyles: [Bool], date1904: Bool) throws(WorkbookError) -> (rows: [WorkbookRow], merged: [MergedRange]) {
        let d = SheetPart(strings: strings, dateStyles: dateStyles, date1904: date1904)
        do { try run(data, d, part: part) } catch {
            if let f = d.failure { throw .damaged(part: part, reason: f) }
            throw error
        }
        if let f = d.failure { throw .damaged(part: part, reason: f) }
        return (d.rows, d.merged)
    }

    func fail(_ parser: XMLParser, _ reason: String) {
        if failure == nil { failure = reason }
        parser.abortParsing()
    }

    /// `BC12` → (column index 54, row 12); nil when malformed.
    static func reference(_ r: String) -> (column: Int, row: Int)? {
        var col = 0, row = 0, letters = 0, digits = 0
        for u in r.utf8 {
            switch u {
            case 0x41...0x5A where digits == 0: col = col * 26 + Int(u - 0x40); letters += 1
            case 0x61...0x7A where digits == 0: col = col * 26 + Int(u - 0x60); letters += 1
            case 0x30...0x39: row = row * 10 + Int(u - 0x30); digits += 1
            case 0x24: continue  // $A$1
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0 else { return nil }
        return (col - 1, row)
    }

    override func start(_ n: Substring, _ a: [String: String], _ parser: XMLParser) {
        switch n {
        case "mergeCell":
            let ends = (a["ref"] ?? "").split(separator: ":").map(String.init)
            if ends.count == 2, let from = SheetPart.reference(ends[0]), let to = SheetPart.reference(ends[1]) {
                merged.append(MergedRange(firstColumn: min(from.column, to.column), firstRow: min(from.row, to.row),
                                          lastColumn: max(from.column, to.column), lastRow: max(from.row, to.row)))
            }
        case "row":
            inRow = true
            rowCells = []
            column = -1
            if let r = a["r"] {
                guard let v = Int(r), v >= 1, v <= WorkbookReader.maxRows else { return fail(parser, "row number '\(r)' is not 1..\(WorkbookReader.maxRows)") }
                rowNumber = v
            } else {
                rowNumber += 1
            }
            if rowNumber > WorkbookReader.maxRows { return fail(parser, "more than \(WorkbookReader.maxRows) rows") }
        case "c" where inRow:
            inCell = true
            if let r = a["r"] {
                guard let ref = SheetPart.reference(r), ref.column < WorkbookReader.maxColumns else {
                    return fail(parser, "cell reference '\(r)' is not a column A..XFD and a row")
                }
                column = ref.column
            } else {
                column += 1
            }
            guard column < WorkbookReader.maxColumns else { return fail(parser, "more than \(WorkbookReader.maxColumns) columns") }
            cellType = a["t"] ?? "n"
            cellStyle = a["s"].flatMap { Int($0) } ?? 0
            value = ""
            inline = nil
        case "v" where inCell:
            inValue = true
        case "is" where inCell:
            inline = StringItemText()
        case let n:
            inline?.start(n)
        }
    }

    override func end(_ n: Substring, _ parser: XMLParser) {
        switch n {
        case "v": inValue = false
        case "c" where inCell:
            inCell = false
            guard let text = cellText(parser) else { return }
            if text.isEmpty { return }
            if rowCells.count <= column { rowCells.append(contentsOf: repeatElement("", count: column + 1 - rowCells.count)) }
            rowCells[column] = text
        case "row":
            inRow = false
            while rowCells.last?.isEmpty == true { rowCells.removeLast() }
            rows.append(WorkbookRow(number: rowNumber, cells: rowCells))
        case let n:
            inline?.end(n)
        }
    }

    override func characters(_ s: String) {
        if inValue { value += s } else { inline?.characters(s) }
    }

    /// The text of the cell just closed; nil after a failure.
    func cellText(_ parser: XMLParser) -> String? {
        switch cellType {
        case "s":
            let t = value.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return "" }
            guard let i = Int(t), i >= 0, i < strings.count else {
                fail(parser, "row \(rowNumber): shared string '\(t)' does not exist (the workbook has \(strings.count))")
                return nil
            }
            return strings[i]
        case "inlineStr":
            return unescapeOOXML(inline?.text ?? value)
        case "str", "e":
            return unescapeOOXML(value)
        case "b":
            switch value.trimmingCharacters(in: .whitespaces) {
            case "1": return "TRUE"
            case "0": return "FALSE"
            default: return value
            }
        case "d":
            // An ISO 8601 date-time written as text (strict OOXML, or openpyxl's iso_dates).
            let t = value.trimmingCharacters(in: .whitespaces)
            return t.count >= 10 ? String(t.prefix(10)) : t
        default:
            let t = value.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty, let x = Double(t), x.isFinite else { return t }
            if cellStyle >= 0, cellStyle < dateStyles.count, dateStyles[cellStyle], let iso = SheetPart.isoDate(serial: x, date1904: date1904) {
                return iso
            }
            return SheetPart.numberText(x)
        }
    }

    /// `2.0` → `2`; `23.133094000000001` → `23.133094`.
    static func numberText(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }

    /// An Excel serial date as ISO text; nil outside 1900-01-01 … 9999-12-31 (the time of day is dropped).
    static func isoDate(serial x: Double, date1904: Bool) -> String? {
        guard x >= 1, x < 2_958_466 else { return nil }
        let n = Int(x.rounded(.down))
        // Days from 1970-01-01. 1900 system: serial 1 = 1900-01-01, and Lotus's phantom 1900-02-29 is serial 60.
        let days: Int
        if date1904 {
            days = n - 24_107  // serial 0 = 1904-01-01
        } else if n == 60 {
            return "1900-02-29"
        } else {
            days = n < 60 ? n - 25_568 : n - 25_569
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        guard (1...9999).contains(y) else { return nil }
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
