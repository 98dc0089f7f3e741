import Foundation

/// Wall-clock budget of one solve, on the monotonic clock. A requested `StopRequest` ends it at
/// once: `expired` turns true and `remaining` 0, so every phase winds up as at the time limit.
struct Deadline: Sendable {
    let start: UInt64
    let seconds: Double
    let stop: StopRequest?

    init(seconds: Double, stop: StopRequest? = nil) {
        start = DispatchTime.now().uptimeNanoseconds
        self.seconds = seconds
        self.stop = stop
    }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var stopped: Bool { stop?.isRequested ?? false }
    var remaining: Double { stopped ? 0 : max(0, seconds - elapsed) }
    var expired: Bool { remaining <= 0 }
}

/// A request to stop a solve early and return the best plan so far, from any thread: the first
/// Ctrl-C or SIGTERM of `match solve`, the cancel button of `match serve`. The solve ends as at
/// its time limit — GLPK's search is told to stop at its next callback, at most half a second
/// later — and its plan says `"stopped_by": "interrupt"` (the server discards a cancelled one).
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    public init() {}
    public func request() { lock.lock(); requested = true; lock.unlock() }
    public var isRequested: Bool { lock.lock(); defer { lock.unlock() }; return requested }
}
