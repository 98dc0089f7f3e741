import Foundation

/// Exit statuses of `match` (documented in the README).
enum Exit {
    static let ok: Int32 = 0
    /// A command ran but found no plan within the limits (solve), or the plan violates the contract (check).
    static let noPlan: Int32 = 2
    /// Bad command line: ArgumentParser's own status.
    static let usage: Int32 = 64
    /// Invalid input data: the scenario or one of its lists.
    static let dataError: Int32 = 65
    /// An internal error (a bug): please report it.
    static let software: Int32 = 70
    /// Output could not be written.
    static let cantCreate: Int32 = 73
}

/// Diagnostics and progress go to stderr; stdout carries the product.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }
}
