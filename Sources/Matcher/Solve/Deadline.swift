import Foundation

/// Wall-clock budget of one solve, on the monotonic clock. A requested `SolveStop` ends it at
/// once: `expired` turns true and `remaining` 0, so every phase winds up as at the time limit.
struct Deadline: Sendable {
    let start: UInt64
    let seconds: Double
    let stop: SolveStop?

    init(seconds: Double, stop: SolveStop? = nil) {
        start = DispatchTime.now().uptimeNanoseconds
        self.seconds = seconds
        self.stop = stop
    }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var remaining: Double { stopped ? 0 : max(0, seconds - elapsed) }
    var expired: Bool { remaining <= 0 }
    var stopped: Bool { stop?.isRequested ?? false }
}

/// Asks a running solve to stop early, from any thread (`match serve`'s cancel button). The
/// solve ends as at its time limit — GLPK's search is told to stop at its next callback, at most
/// half a second later — and returns the best plan found so far, which the caller may discard.
public final class SolveStop: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    public init() {}

    public func request() {
        lock.lock(); defer { lock.unlock() }
        requested = true
    }

    public var isRequested: Bool {
        lock.lock(); defer { lock.unlock() }
        return requested
    }
}
