import Foundation

/// Wall-clock budget of one solve, on the monotonic clock.
struct Deadline: Sendable {
    let start: UInt64
    let seconds: Double

    init(seconds: Double) {
        start = DispatchTime.now().uptimeNanoseconds
        self.seconds = seconds
    }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var remaining: Double { max(0, seconds - elapsed) }
    var expired: Bool { remaining <= 0 }
}
