/// A time of day in minutes after midnight (`09:30` = 570), as the optional `start`/`end`
/// columns of projects.csv and the scenario's `slot_times` give it.
public struct ClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var minutes: Int
    public init(minutes: Int) { self.minutes = minutes }

    /// Parses `H:MM` or `HH:MM` (00:00 … 23:59); nil for anything else.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        minutes = h * 60 + m
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }
    /// `09:05`.
    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
    /// `9:05` (no leading zero), for notices.
    public var short: String { String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute) }

    public static func < (a: ClockTime, b: ClockTime) -> Bool { a.minutes < b.minutes }
}

/// The hours of a session: from `start` to `end` on its date.
public struct TimeSpan: Hashable, Sendable, CustomStringConvertible {
    public var start: ClockTime
    public var end: ClockTime
    public init(start: ClockTime, end: ClockTime) { self.start = start; self.end = end }

    /// Parses `09:00-11:30` (also with `–`, `~` or `～`); nil unless start < end.
    public init?(_ text: String) {
        let seps: Set<Character> = ["-", "–", "~", "～"]
        guard let i = text.firstIndex(where: { seps.contains($0) }),
              let a = ClockTime(String(text[..<i])), let b = ClockTime(String(text[text.index(after: i)...])), a < b else { return nil }
        start = a; end = b
    }

    public var description: String { "\(start)-\(end)" }
}

/// The scenario's `slot_times`: the hours of a morning, afternoon and evening session, used
/// for notices and the calendar when a project gives no `start`/`end` of its own.
public struct SlotTimes: Hashable, Sendable {
    public var am = TimeSpan(start: ClockTime(minutes: 9 * 60), end: ClockTime(minutes: 11 * 60 + 30))
    public var pm = TimeSpan(start: ClockTime(minutes: 14 * 60 + 30), end: ClockTime(minutes: 17 * 60))
    public var eve = TimeSpan(start: ClockTime(minutes: 19 * 60), end: ClockTime(minutes: 21 * 60))
    public init() {}

    public subscript(slot: Slot) -> TimeSpan {
        get {
            switch slot { case .am: am; case .pm: pm; case .eve: eve }
        }
        set {
            switch slot { case .am: am = newValue; case .pm: pm = newValue; case .eve: eve = newValue }
        }
    }
}

/// Optional columns of the lists that the plan's outputs carry through (docs/INPUT.md):
/// where and when a project meets, and how to reach members and units.
public struct ContactExtras: Hashable, Sendable {
    /// projects.place, start, end (index-aligned with `Scenario.projects`; empty/nil when not given).
    public var projectPlace: [String] = []
    public var projectStart: [ClockTime?] = []
    public var projectEnd: [ClockTime?] = []
    /// members.phone and units.phone, units.contact (index-aligned; empty when not given).
    public var memberPhone: [String] = []
    public var unitPhone: [String] = []
    public var unitContact: [String] = []
    /// Other columns of members.csv (header names as written) and each member's cells, kept in the roster.
    public var memberColumns: [String] = []
    public var memberCells: [[String]] = []
    public init() {}

    public func place(_ p: Int) -> String { p < projectPlace.count ? projectPlace[p] : "" }
    public func phone(member m: Int) -> String { m < memberPhone.count ? memberPhone[m] : "" }
    public func phone(unit u: Int) -> String { u < unitPhone.count ? unitPhone[u] : "" }
    public func contact(unit u: Int) -> String { u < unitContact.count ? unitContact[u] : "" }
    public func cells(member m: Int) -> [String] {
        m < memberCells.count ? memberCells[m] : Array(repeating: "", count: memberColumns.count)
    }
}
