import Foundation

/// One problem found in the input, compiler-style so editors can jump to it:
/// `needs.csv:7: error: urgency: '6' is outside 1..5`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Comparable {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    /// The path as the user would recognise it: relative to the working directory when under it, else absolute.
    public var file: String
    /// 1-based line (CSV: the first line of the record, the header is line 1; YAML: the node's line).
    public var line: Int?
    /// The CSV column or the YAML key the problem is about.
    public var column: String?
    public var message: String

    public init(_ severity: Severity, file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        self.severity = severity; self.file = file; self.line = line; self.column = column; self.message = message
    }

    public static func error(file: String, line: Int? = nil, column: String? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.error, file: file, line: line, column: column, message)
    }

    public static func warning(file: String, line: Int? = nil, column: String? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.warning, file: file, line: line, column: column, message)
    }

    public var isError: Bool { severity == .error }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": \(severity.rawValue): "
        if let column { s += "\(column): " }
        return s + message
    }

    /// By file, line (none first), then message.
    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
        if a.message != b.message { return a.message < b.message }
        if (a.column ?? "") != (b.column ?? "") { return (a.column ?? "") < (b.column ?? "") }
        return a.severity.rawValue < b.severity.rawValue
    }
}

/// The input could not be read: every error found, sorted.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A `dates` or `availability` rule that does not parse; `message` names the bad item.
public struct RuleError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How a path is shown to the user: relative to the working directory when under it, else absolute.
func displayPath(_ absolute: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
    if absolute.hasPrefix(prefix) { return String(absolute.dropFirst(prefix.count)) }
    return absolute
}

/// `path` made absolute (against the working directory) and standardized.
func absolutePath(_ path: String, relativeTo base: String? = nil) -> String {
    let root = base ?? FileManager.default.currentDirectoryPath
    let joined = path.hasPrefix("/") ? path : (root.hasSuffix("/") ? root + path : root + "/" + path)
    return URL(fileURLWithPath: joined).standardizedFileURL.path
}
