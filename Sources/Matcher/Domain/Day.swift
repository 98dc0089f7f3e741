/// A calendar day, counted from 1970-01-01 (proleptic Gregorian). A value type with no
/// time zone: the contract only ever speaks of whole days.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var ordinal: Int32

    public init(ordinal: Int32) { self.ordinal = ordinal }

    /// nil when the date does not exist (2027-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = Int32(era * 146_097 + doe - 719_468)
    }

    /// Parses a strict ISO date `YYYY-MM-DD`; nil for anything else.
    public init?(iso text: Substring) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                let c = u[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init?(iso text: String) { self.init(iso: Substring(text)) }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// (year, month, day) of this date.
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(ordinal) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Monday … 6 = Sunday (as the contract's `mon`..`sun`).
    public var weekday: Int {
        // 1970-01-01 was a Thursday (3).
        let w = (Int(ordinal) + 3) % 7
        return w < 0 ? w + 7 : w
    }

    public var iso: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public var description: String { iso }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public func adding(days n: Int) -> Day { Day(ordinal: ordinal + Int32(n)) }

    public static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
}

/// The planning period: every day from `start` through `end`, inclusive.
public struct Period: Hashable, Sendable {
    public var start: Day
    public var end: Day

    public init(start: Day, end: Day) {
        self.start = start
        self.end = end
    }

    /// `2027Q1` → 2027-01-01 … 2027-03-31.
    public init?(quarter text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = t.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let q = Int(parts[1]),
              (1...4).contains(q), let s = Day(year: y, month: 3 * (q - 1) + 1, day: 1),
              let e = Day(year: y, month: 3 * q, day: Day.daysInMonth(year: y, month: 3 * q)) else { return nil }
        start = s
        end = e
    }

    public var dayCount: Int { Int(end.ordinal - start.ordinal) + 1 }
    public func contains(_ d: Day) -> Bool { d >= start && d <= end }
    /// Index of `d` inside the period (0 for `start`).
    public func index(of d: Day) -> Int { Int(d.ordinal - start.ordinal) }
    public func day(at index: Int) -> Day { start.adding(days: index) }
    public var days: [Day] { (0..<dayCount).map(day(at:)) }
}
