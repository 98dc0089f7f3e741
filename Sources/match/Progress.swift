import Foundation
import Matcher

/// The progress display on stderr: a live line rewritten in place on a terminal, plain lines
/// every few seconds otherwise, nothing when quiet. Thread-safe (the solver calls it from its thread).
final class ProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let quiet: Bool
    private let label: String
    private var lastPrint = -1.0
    private var status = StatusLine()

    init(label: String, quiet: Bool) {
        self.label = label
        self.quiet = quiet
    }

    func update(_ p: SolveProgress) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        let interval = status.live ? 0.2 : 5.0
        guard p.elapsedSeconds - lastPrint >= interval || p.phase == "done" else { return }
        lastPrint = p.elapsedSeconds
        var line = String(format: "%@ %6.1fs  %-11@", label, p.elapsedSeconds, p.phase)
        if let b = p.bestObjective { line += String(format: "  plan %.1f", b) }
        if let u = p.bestBound { line += String(format: "  bound %.1f", u) }
        if let g = p.gap { line += String(format: "  gap %.2f%%", g * 100) }
        status.show(line)
    }

    /// Ends the live line so the next output starts on a fresh line.
    func finish() {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        status.finish()
    }
}
