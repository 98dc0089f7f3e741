import Foundation
import Workbook

/// Reads a scenario (CONTRACT.md §1–2): the YAML file and its five lists, every problem collected.
public enum ScenarioReader {
    /// Reads and validates everything; reports all problems at once. scenario is nil when any error exists.
    public static func read(path: String) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
        read(path: path, load: fileBytes)
    }

    /// As `read(path:)`, but every file the scenario names must lie inside `folder` (after
    /// resolving `..` and symbolic links); one outside is an error, not read. For scenarios
    /// uploaded to `match serve`, whose `data:` paths come from someone else.
    public static func read(path: String, confinedTo folder: String) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
        let root = URL(fileURLWithPath: absolutePath(folder)).resolvingSymlinksInPath().path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return read(path: path) { p in
            let real = URL(fileURLWithPath: p).resolvingSymlinksInPath().path
            guard real.hasPrefix(prefix) else { return .failure(.outside) }
            return fileBytes(real)
        }
    }

    /// For solve: throws InputError with all error diagnostics; returns the scenario and its warnings.
    public static func load(path: String) throws(InputError) -> (scenario: Scenario, warnings: [Diagnostic]) {
        let (scenario, diagnostics) = read(path: path)
        guard let scenario else { throw InputError(diagnostics: diagnostics.filter(\.isError)) }
        return (scenario, diagnostics)
    }

    /// Reads without the warnings' analysis (which, for a city, costs more than the reading):
    /// for commands that read a scenario already solved, such as `match record`.
    public static func loadWithoutWarnings(path: String) throws(InputError) -> Scenario {
        var r = Reader(load: fileBytes)
        r.checksWarnings = false
        guard let scenario = r.run(path: path) else { throw InputError(diagnostics: r.diagnostics.sorted().filter(\.isError)) }
        return scenario
    }

    static func fileBytes(_ p: String) -> Result<[UInt8], LoadFailure> {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { return .failure(.missing) }
        if isDir.boolValue { return .failure(.directory) }
        guard let d = FileManager.default.contents(atPath: p) else { return .failure(.unreadable) }
        return .success([UInt8](d))
    }

    enum LoadFailure: Error { case missing, directory, unreadable, outside }

    /// Reads with `load` giving the bytes of an absolute path (tests read from memory).
    static func read(path: String, load: @escaping (String) -> Result<[UInt8], LoadFailure>) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
        var r = Reader(load: load)
        let scenario = r.run(path: path)
        return (scenario, r.diagnostics.sorted())
    }

    /// Reads from memory: `files` maps paths (as the YAML names them, relative to `path`'s folder, or absolute) to bytes.
    static func read(path: String, files: [String: [UInt8]]) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
        var byAbsolute: [String: [UInt8]] = [:]
        let dir = (absolutePath(path) as NSString).deletingLastPathComponent
        for (k, v) in files { byAbsolute[absolutePath(k, relativeTo: k == path ? nil : dir)] = v }
        byAbsolute[absolutePath(path)] = files[path]
        return read(path: path) { p in byAbsolute[p].map { .success($0) } ?? .failure(.missing) }
    }
}

/// One reading pass: owns the diagnostics and the id tables.
struct Reader {
    let load: (String) -> Result<[UInt8], ScenarioReader.LoadFailure>
    var diagnostics: [Diagnostic] = []
    /// Workbooks opened so far, by path: five lists in one workbook open it once.
    var workbooks: [String: WorkbookReader] = [:]
    /// Whether a read scenario also gets its warnings (Warnings.check).
    var checksWarnings = true
    /// Whether a list with a header and no rows is read (for RowTable.read: an attendance sheet
    /// may be empty); the scenario's lists need rows.
    var allowsNoRows = false
    var errorCount: Int { diagnostics.lazy.filter(\.isError).count }

    init(load: @escaping (String) -> Result<[UInt8], ScenarioReader.LoadFailure>) { self.load = load }

    /// A list file read into a table, with its display name.
    struct Table {
        var csv: CSVTable
        var file: String
        func line(_ r: Int) -> Int { csv.lines[r] }
        /// Is the header of `column` written in Chinese?
        func isChinese(_ column: String) -> Bool { csv.columns[column].map { ChineseValues.hasCJK(csv.header[$0]) } ?? false }
    }

    mutating func error(_ t: Table, _ r: Int, _ column: String?, _ message: String) {
        diagnostics.append(.error(file: t.file, line: t.line(r), column: column, message))
    }

    mutating func bytes(_ absolute: String, what: String) -> [UInt8]? {
        switch load(absolute) {
        case let .success(b): return b
        case let .failure(f):
            let why = switch f {
            case .missing: "no such file"
            case .directory: "is a folder, not a file"
            case .unreadable: "cannot be read"
            case .outside: "is outside the scenario's folder; name only files inside it"
            }
            diagnostics.append(.error(file: displayPath(absolute), "\(what): \(why)"))
            return nil
        }
    }

    mutating func table(_ absolute: String, key: String, required: [String]) -> Table? {
        if let sheet = workbookTable(absolute, key: key, required: required) { return sheet }
        let file = displayPath(absolute)
        guard let raw = bytes(absolute, what: "\(key) list") else { return nil }
        let dec = TextDecoding.utf8(raw)
        if let f = dec.failure {
            diagnostics.append(Reader.decodingError(f, file: file))
            return nil
        }
        if dec.encoding == .gb18030 { diagnostics.append(Reader.readAsGB18030(file: file)) }
        let csv = CSVTable(utf8: dec.bytes, separator: separator(dec.bytes, file: file).rawValue)
        return checkedTable(csv, file: file, required: required, key: key)
    }

    /// The table if it read cleanly and its header has every required column (errors otherwise).
    mutating func checkedTable(_ csv: CSVTable, file: String, required: [String], key: String) -> Table? {
        let t = Table(csv: csv, file: file)
        var unusable = false
        for p in csv.problems {
            switch p.kind {
            case let .unclosedQuote(column, lastLine):
                let span = lastLine > p.line ? "lines \(p.line)–\(lastLine)" : "the rest of line \(p.line)"
                diagnostics.append(.error(file: file, line: p.line, column: column,
                                          "a quote (\") opens here and is never closed, so \(span) would be read as one cell; close the quote or remove it"))
                unusable = true
            case let .extraCells(count, columns):
                diagnostics.append(.error(file: file, line: p.line,
                                          "this row has \(count) cells but the header has \(columns) columns; a cell holding a comma must be in quotes"))
            }
        }
        // Nothing after an unclosed quote can be trusted: no checks against a list cut short.
        if unusable { return nil }
        if csv.header.isEmpty {
            diagnostics.append(.error(file: file, line: 1, "empty file; expected a header row with columns: " + required.joined(separator: ", ")))
            return nil
        }
        for d in csv.duplicateColumns {
            diagnostics.append(.error(file: file, line: 1, column: d, "column '\(d)' appears twice in the header"))
        }
        let missing = required.filter { !csv.has($0) }
        if !missing.isEmpty {
            diagnostics.append(.error(file: file, line: 1, InputText.missingColumns(missing, header: csv.header)))
            return nil
        }
        if csv.count == 0 && !allowsNoRows {
            diagnostics.append(.error(file: file, line: 1, "the header has no rows below it; the \(key) list needs at least one"))
            return nil
        }
        return t
    }

    /// The error for bytes that cannot be decoded, at the true line and byte offset.
    static func decodingError(_ f: TextDecoding.Failure, file: String) -> Diagnostic {
        switch f {
        case let .invalidUTF8(line, offset, byte):
            return .error(file: file, line: line, String(format: "byte 0x%02X at byte offset %d is not UTF-8, though the rest of the file is; retype the character there or save the file as UTF-8 again", byte, offset))
        case let .undecodable(line, offset, byte):
            return .error(file: file, line: line, String(format: "byte 0x%02X at byte offset %d is neither UTF-8 nor GB18030; save the file as UTF-8", byte, offset))
        case .unsupported:
            return .error(file: file, "not UTF-8, and this system's iconv cannot decode GB18030; save the file as UTF-8")
        }
    }

    /// Says which encoding was used when it was not UTF-8.
    static func readAsGB18030(file: String) -> Diagnostic {
        .warning(file: file, "read as GB18030 (the file is not UTF-8); if names look garbled, save it as UTF-8")
    }

    // MARK: cells

    /// A required cell: an error when empty.
    mutating func required(_ t: Table, _ r: Int, _ col: String, _ expected: String) -> String? {
        let s = t.csv.cell(r, col)
        if s.isEmpty { error(t, r, col, "empty; expected \(expected)"); return nil }
        return s
    }

    mutating func int(_ t: Table, _ r: Int, _ col: String, required isRequired: Bool, default def: Int = 0,
                      range: ClosedRange<Int>, expected: String) -> Int? {
        let s = ChineseValues.halfWidth(t.csv.cell(r, col))
        if s.isEmpty {
            if isRequired { error(t, r, col, "empty; expected \(expected)"); return nil }
            return def
        }
        guard let v = Int(s) else {
            let huge = !s.isEmpty && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 43 }
            error(t, r, col, huge ? "'\(s)' is outside \(range.lowerBound)..\(range.upperBound); expected \(expected)"
                                  : "'\(s)' is not a whole number; expected \(expected)")
            return nil
        }
        guard range.contains(v) else {
            error(t, r, col, "'\(s)' is outside \(range.lowerBound)..\(range.upperBound); expected \(expected)"); return nil
        }
        return v
    }

    mutating func double(_ t: Table, _ r: Int, _ col: String, required isRequired: Bool, default def: Double = 0,
                         range: ClosedRange<Double>, expected: String) -> Double? {
        let s = ChineseValues.halfWidth(t.csv.cell(r, col))
        if s.isEmpty {
            if isRequired { error(t, r, col, "empty; expected \(expected)"); return nil }
            return def
        }
        guard let v = Double(s), v.isFinite else { error(t, r, col, "'\(s)' is not a number; expected \(expected)"); return nil }
        guard range.contains(v) else {
            let bound = v < 0 && range.lowerBound == 0 ? "negative" : "outside \(fmt(range.lowerBound))..\(fmt(range.upperBound))"
            error(t, r, col, "'\(s)' is \(bound); expected \(expected)"); return nil
        }
        return v
    }

    mutating func coordinate(_ t: Table, _ r: Int, _ col: String, required: Bool = true) -> Double? {
        let lat = col == "lat"
        // Swapped columns: a latitude beyond ±90 that would be a fine longitude, and the other way round.
        if lat, let a = Double(t.csv.cell(r, "lat")), let o = Double(t.csv.cell(r, "lon")), abs(a) > 90, abs(a) <= 180, abs(o) <= 90 {
            error(t, r, "lat", "'\(t.csv.cell(r, "lat"))' is outside -90..90; lat and lon look swapped (lat \(t.csv.cell(r, "lat")), lon \(t.csv.cell(r, "lon"))): latitude is the smaller number in China, about 18..54")
            return nil
        }
        return double(t, r, col, required: required, range: lat ? -90...90 : -180...180,
                      expected: lat ? "a latitude in degrees (-90..90)" : "a longitude in degrees (-180..180)")
    }

    /// Registers an id; an error when empty or already used.
    mutating func register(_ t: Table, _ r: Int, index: Int, into ids: inout [String: Int], lines: inout [Int]) -> String {
        let id = t.csv.cell(r, "id")
        if id.isEmpty { error(t, r, "id", "empty; every row needs an id"); return id }
        if let prior = ids[id] {
            error(t, r, "id", "'\(id)' is already used on line \(lines[prior])")
        } else {
            ids[id] = index
        }
        return id
    }

    mutating func reference(_ t: Table, _ r: Int, _ col: String, _ value: String, in ids: [String: Int]?, what: String) -> Int? {
        guard let ids else { return nil }  // the other list could not be read: no cascade of errors
        guard let i = ids[value] else {
            error(t, r, col, "unknown \(what) '\(value)'" + nearby(value, ids))
            return nil
        }
        return i
    }

    private func nearby(_ value: String, _ ids: [String: Int]) -> String {
        let low = value.lowercased()
        if let hit = ids.keys.sorted().first(where: { $0.lowercased() == low }) { return " (ids are case-sensitive: did you mean '\(hit)'?)" }
        return ""
    }

    private func fmt(_ x: Double) -> String { Limits.text(x) }
}
