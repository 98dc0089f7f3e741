import Foundation

/// Reads a scenario (CONTRACT.md §1–2): the YAML file and its five lists, every problem collected.
public enum ScenarioReader {
    /// Reads and validates everything; reports all problems at once. scenario is nil when any error exists.
    public static func read(path: String) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
        read(path: path) { p in
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { return .failure(.missing) }
            if isDir.boolValue { return .failure(.directory) }
            guard let d = FileManager.default.contents(atPath: p) else { return .failure(.unreadable) }
            return .success([UInt8](d))
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

    enum LoadFailure: Error { case missing, directory, unreadable }

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
    /// Whether a read scenario also gets its warnings (Warnings.check).
    var checksWarnings = true
    var errorCount: Int { diagnostics.lazy.filter(\.isError).count }

    init(load: @escaping (String) -> Result<[UInt8], ScenarioReader.LoadFailure>) { self.load = load }

    /// A list file read into a table, with its display name.
    struct Table {
        var csv: CSVTable
        var file: String
        func line(_ r: Int) -> Int { csv.lines[r] }
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
            }
            diagnostics.append(.error(file: displayPath(absolute), "\(what): \(why)"))
            return nil
        }
    }

    mutating func table(_ absolute: String, key: String, required: [String]) -> Table? {
        let file = displayPath(absolute)
        guard let raw = bytes(absolute, what: "\(key) list") else { return nil }
        let dec = TextDecoding.utf8(raw)
        if let f = dec.failure {
            switch f {
            case let .undecodable(line, byte):
                diagnostics.append(.error(file: file, line: line, String(format: "byte 0x%02X is neither UTF-8 nor GB18030; save the file as UTF-8", byte)))
            case .unsupported:
                diagnostics.append(.error(file: file, "not UTF-8, and this system's iconv cannot decode GB18030; save the file as UTF-8"))
            }
            return nil
        }
        let csv = CSVTable(utf8: dec.bytes)
        let t = Table(csv: csv, file: file)
        if csv.header.isEmpty {
            diagnostics.append(.error(file: file, line: 1, "empty file; expected a header row with columns: " + required.joined(separator: ", ")))
            return nil
        }
        for d in csv.duplicateColumns {
            diagnostics.append(.error(file: file, line: 1, column: d, "column '\(d)' appears twice in the header"))
        }
        let missing = required.filter { !csv.has($0) }
        if !missing.isEmpty {
            diagnostics.append(.error(file: file, line: 1,
                                      "missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the header has: \(csv.header.joined(separator: ", "))"))
            return nil
        }
        return t
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
        let s = t.csv.cell(r, col)
        if s.isEmpty {
            if isRequired { error(t, r, col, "empty; expected \(expected)"); return nil }
            return def
        }
        guard let v = Int(s) else { error(t, r, col, "'\(s)' is not a whole number; expected \(expected)"); return nil }
        guard range.contains(v) else {
            let bound = range.upperBound == Int.max ? "below \(range.lowerBound)" : "outside \(range.lowerBound)..\(range.upperBound)"
            error(t, r, col, "'\(s)' is \(bound); expected \(expected)"); return nil
        }
        return v
    }

    mutating func double(_ t: Table, _ r: Int, _ col: String, required isRequired: Bool, default def: Double = 0,
                         range: ClosedRange<Double>, expected: String) -> Double? {
        let s = t.csv.cell(r, col)
        if s.isEmpty {
            if isRequired { error(t, r, col, "empty; expected \(expected)"); return nil }
            return def
        }
        guard let v = Double(s), v.isFinite else { error(t, r, col, "'\(s)' is not a number; expected \(expected)"); return nil }
        guard range.contains(v) else {
            let bound = range.upperBound == .greatestFiniteMagnitude ? "negative" : "outside \(fmt(range.lowerBound))..\(fmt(range.upperBound))"
            error(t, r, col, "'\(s)' is \(bound); expected \(expected)"); return nil
        }
        return v
    }

    mutating func coordinate(_ t: Table, _ r: Int, _ col: String, required: Bool = true) -> Double? {
        let lat = col == "lat"
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

    private func fmt(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
