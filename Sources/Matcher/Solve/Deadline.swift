import Foundation

/// Wall-clock budget of one solve, on the monotonic clock.
/// A `stop` request (Ctrl-C) ends it at once: no time remains.
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

/// A request to stop a solve early and return the best plan so far (the first Ctrl-C or
/// SIGTERM). Thread-safe: set from a signal handler's queue, read by the solving thread and
/// GLPK's callbacks.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    public init() {}
    public func request() { lock.lock(); requested = true; lock.unlock() }
    public var isRequested: Bool { lock.lock(); defer { lock.unlock() }; return requested }
}
