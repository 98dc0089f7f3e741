/// A growing byte buffer for CSV and YAML text, with number formatting that does not
/// depend on locale or on the standard library's float printing.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }
    @inline(__always) mutating func comma() { bytes.append(0x2C) }
    @inline(__always) mutating func newline() { bytes.append(0x0A) }

    @inline(__always) mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A CSV cell: quoted (RFC 4180) only when it holds a comma, quote or line break.
    mutating func cell(_ s: String) {
        if s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            byte(0x22)
            for b in s.utf8 {
                if b == 0x22 { byte(0x22) }
                byte(b)
            }
            byte(0x22)
        } else {
            text(s)
        }
    }

    mutating func int(_ v: Int) {
        if v < 0 { byte(0x2D) }
        var m = v.magnitude
        let start = bytes.count
        repeat { bytes.append(UInt8(truncatingIfNeeded: 48 + m % 10)); m /= 10 } while m > 0
        bytes[start...].reverse()
    }

    /// Zero-padded to `width` digits (ids such as M000042).
    mutating func padded(_ v: Int, width: Int) {
        var digits = 1, t = v
        while t >= 10 { t /= 10; digits += 1 }
        for _ in digits..<max(digits, width) { byte(0x30) }
        int(v)
    }

    /// Fixed-point with exactly `decimals` digits after the point, rounded half away from zero.
    mutating func fixed(_ x: Double, decimals: Int) {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (x * Double(scale)).rounded(.toNearestOrAwayFromZero)
        var v = Int(scaled)
        if v < 0 { byte(0x2D); v = -v }
        int(v / scale)
        if decimals > 0 {
            byte(0x2E)
            padded(v % scale, width: decimals)
        }
    }
}
