import Foundation

/// Numbers as a planner reads them in messages, tables and CSV cells: no exponent, no
/// trailing zeros, locale-independent (always `.`), `-0` as `0`.
enum NumberText {
    /// At most `decimals` decimals, trailing zeros dropped: 10734.5, 3000, 0.00006.
    static func plain(_ x: Double, decimals: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
        var s = fixed(x, decimals: decimals)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// Exactly `decimals` decimals: 1.234.
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return plain(x) }
        let s = String(format: "%.\(decimals)f", x)
        // "-0.000" after rounding a tiny negative number.
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    /// A percentage with `decimals` decimals: 82.3%.
    static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        guard fraction.isFinite else { return "n/a" }
        return fixed(fraction * 100, decimals: decimals) + "%"
    }

    /// "1 session", "2 sessions".
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : (plural ?? singular + "s"))
    }
}
