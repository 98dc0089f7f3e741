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

/// Ctrl-C and SIGTERM during `solve` and `compare` (docs/OUTPUTS.md, "Interrupts"): the first
/// stops the solve, which returns its best plan so far (status feasible, `stopped_by:
/// "interrupt"`) to be written as usual; the second exits at once (status 128 + signal) after
/// removing the hidden folders of a write under way, so the previous output stays intact.
enum Interrupts {
    /// What the command is doing when a signal comes: the first signal stops a solve (its best
    /// plan is then weighed against the folder's); while reading (nothing solved yet) or
    /// writing (the folder is replaced all at once) it quits at once, leaving the folder as it
    /// was — a city's read or write takes seconds that nobody should have to wait (issue 27).
    enum Phase: Sendable { case reading, solving, writing(folder: String) }

    /// The solves' stop request, set by the first signal.
    static let stop = StopRequest()
    private nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []
    private static let count = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        private var signal: Int32 = 0
        private var language = Words(.en)
        private var current = Phase.reading
        var words: Words {
            get { lock.lock(); defer { lock.unlock() }; return language }
            set { lock.lock(); language = newValue; lock.unlock() }
        }
        var phase: Phase {
            get { lock.lock(); defer { lock.unlock() }; return current }
            set { lock.lock(); current = newValue; lock.unlock() }
        }
        func next(_ sig: Int32) -> Int { lock.lock(); defer { lock.unlock() }; n += 1; if n == 1 { signal = sig }; return n }
        var first: Int32 { lock.lock(); defer { lock.unlock() }; return signal }
    }

    /// The language of the interrupt's own lines (the scenario's, once read).
    static var words: Words {
        get { count.words }
        set { count.words = newValue }
    }

    /// What the command does now (see `Phase`).
    static var phase: Phase {
        get { count.phase }
        set { count.phase = newValue }
    }

    /// Installs the handlers (call once, on the main thread, before reading the scenario).
    static func install(quiet: Bool) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global(qos: .userInteractive))
            source.setEventHandler {
                guard count.next(sig) == 1 else {
                    OutputFolder.abandonAll()
                    _exit(128 + sig)
                }
                switch count.phase {
                case .solving:
                    stop.request()
                    if !quiet { Console.error("\n" + count.words.interruptStopping) }
                case .reading:
                    Console.error("\n" + count.words.interruptedWhileReading)
                    _exit(128 + sig)
                case .writing(let folder):
                    OutputFolder.abandonAll()
                    Console.error("\n" + count.words.interruptedWhileWriting(folder: folder))
                    _exit(128 + sig)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// After the plan is written: 128 + the signal's number when a signal stopped the solve, else nil.
    static var exitStatus: Int32? { stop.isRequested ? 128 + count.first : nil }
}
