import ArgumentParser
import Foundation
import Matcher

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

    /// A scenario's warnings on stderr: the first `limit` (nil: all), then how many more there
    /// are — a long list would bury the progress and the summary.
    static func warnings(_ warnings: [Diagnostic], of scenario: String, limit: Int? = 10) {
        let sorted = warnings.sorted()
        let shown = min(limit ?? sorted.count, sorted.count)
        for w in sorted.prefix(shown) { error(w.description) }
        if sorted.count > shown {
            error("… and \(sorted.count - shown) more warnings (`match validate \(scenario)` lists them all)")
        }
    }
}

/// One status line on stderr: rewritten in place on a terminal (padded over the previous
/// text), printed as a plain line otherwise. Not thread-safe: callers hold their own lock.
struct StatusLine {
    let live = Console.stderrIsTerminal
    private var lastLength = 0

    mutating func show(_ line: String) {
        if live {
            let pad = max(0, lastLength - line.count)
            FileHandle.standardError.write(Data(("\r" + line + String(repeating: " ", count: pad)).utf8))
            lastLength = line.count
        } else {
            Console.error(line)
        }
    }

    /// Ends a live line so the next output starts on a fresh line.
    mutating func finish() {
        if live && lastLength > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        lastLength = 0
    }
}

/// The solver overrides `solve` and `compare` share.
struct SolverOverrides: ParsableArguments {
    @Option(help: "Wall-clock limit in seconds of each solve (overrides solver.time_limit_s).")
    var timeLimit: Double?

    @Option(help: "Relative gap at which a plan counts as optimal (overrides solver.mip_gap).")
    var gap: Double?

    func validate() throws {
        if let t = timeLimit, !(t > 0 && t <= 604_800) {
            throw ValidationError("--time-limit must be a positive number of seconds up to 604800 (a week), not \(t).")
        }
        if let g = gap, !(g >= 0 && g < 1) { throw ValidationError("--gap must be in [0, 1), not \(g).") }
    }

    func apply(to options: inout SolveOptions) {
        if let timeLimit { options.timeLimitSeconds = timeLimit }
        if let gap { options.mipGap = gap }
    }
}
