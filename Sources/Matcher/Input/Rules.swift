/// Splits a cell separated by `;`, `；`, `、` or `，` into trimmed, non-empty items.
func splitList(_ cell: String) -> [Substring] {
    cell.split(whereSeparator: ListCell.isSeparator).map { trimSpaces($0) }.filter { !$0.isEmpty }
}

/// A list cell (`N1;N2`, `N1；N2`, `N1、N2`, `N1，N2`): the one splitting every reader and
/// writer of lists uses (docs/INPUT.md, "Lists in a cell").
public enum ListCell {
    public static func isSeparator(_ c: Character) -> Bool { c == ";" || c == "；" || c == "、" || c == "，" }

    /// The trimmed, non-empty items of a cell.
    public static func split(_ cell: String) -> [String] { splitList(cell).map(String.init) }

    /// Items joined with the separator `like` uses first (so a `、` list stays one), else `;`.
    public static func join(_ items: [String], like cell: String) -> String {
        let separator = cell.first(where: isSeparator).map(String.init) ?? ";"
        return items.joined(separator: separator)
    }
}

func trimSpaces(_ s: Substring) -> Substring {
    var a = s.startIndex, b = s.endIndex
    while a < b, s[a].isWhitespace { a = s.index(after: a) }
    while b > a, s[s.index(before: b)].isWhitespace { b = s.index(before: b) }
    return s[a..<b]
}

/// The `dates` rule of projects.csv (CONTRACT.md §2): `;`-separated items, each an ISO date,
/// `monthday:6,16,26` or `weekday:sat,sun`; an item starting with `!` removes the dates it names.
/// Candidate dates are the union of the plain items, minus the `!` items, minus the scenario's
/// holidays, restricted to the period.
public enum DateRule {
    public static func candidateDates(_ rule: String, in period: Period, holidays: [Day] = []) throws(RuleError) -> [Day] {
        try evaluate(rule, in: period, holidays: holidays).dates
    }

    /// The candidate dates, and how many dates the plain items alone give (for the warning
    /// about `!` items or holidays that remove every date).
    public static func evaluate(_ rule: String, in period: Period, holidays: [Day] = []) throws(RuleError)
        -> (dates: [Day], plainCount: Int) {
        let rule = try ChineseValues.dateRule(rule, period: period)
        var picked = [Bool](repeating: false, count: period.dayCount)
        var removed = [Bool](repeating: false, count: period.dayCount)
        for raw in splitList(rule) {
            var item = raw
            var negated = false
            if item.hasPrefix("!") { negated = true; item = trimSpaces(item.dropFirst()) }
            let days = try self.days(item, written: raw, in: period)
            for k in days { if negated { removed[k] = true } else { picked[k] = true } }
        }
        let plainCount = picked.lazy.filter { $0 }.count
        for d in holidays where period.contains(d) { removed[period.index(of: d)] = true }
        let dates = (0..<period.dayCount).filter { picked[$0] && !removed[$0] }.map(period.day(at:))
        return (dates, plainCount)
    }

    /// Day indices inside the period that one item (without its `!`) names.
    private static func days(_ item: Substring, written raw: Substring, in period: Period) throws(RuleError) -> [Int] {
        let low = item.lowercased()
        if low.hasPrefix("monthday:") {
            var days = Set<Int>()
            for part in low.dropFirst(9).split(separator: ",", omittingEmptySubsequences: false) {
                let t = trimSpaces(part)
                if t.isEmpty { continue }
                guard let v = Int(t), (1...31).contains(v) else {
                    throw RuleError("'\(raw)': '\(t)' is not a day of the month (1..31)")
                }
                days.insert(v)
            }
            guard !days.isEmpty else { throw RuleError("'\(raw)': no day of the month given (for example monthday:6,16,26)") }
            return (0..<period.dayCount).filter { days.contains(period.day(at: $0).components.day) }
        } else if low.hasPrefix("weekday:") {
            var wds = Set<Int>()
            for part in low.dropFirst(8).split(separator: ",", omittingEmptySubsequences: false) {
                let t = trimSpaces(part)
                if t.isEmpty { continue }
                guard let w = Day.weekdayNames.firstIndex(of: String(t)) else {
                    throw RuleError("'\(raw)': '\(t)' is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
                }
                wds.insert(w)
            }
            guard !wds.isEmpty else { throw RuleError("'\(raw)': no weekday given (for example weekday:sat,sun)") }
            return (0..<period.dayCount).filter { wds.contains(period.day(at: $0).weekday) }
        } else if let d = Day(iso: item) {
            return period.contains(d) ? [period.index(of: d)] : []
        }
        throw RuleError("'\(raw)' is not a date rule item; expected an ISO date (2027-01-16), monthday:6,16,26 or weekday:sat,sun, or ! before one to exclude its dates")
    }
}

/// The `availability` rule of members.csv (CONTRACT.md §2): `;`-separated tokens, each a day
/// part (`mon`..`sun`, `weekday`, `weekend`, `any`, an ISO date) with an optional `-am`/`-pm`/`-eve`
/// suffix; a `!` token removes what it names. Available when some plain token matches and no `!` token does.
public enum AvailabilityRule {
    /// One token: which days (weekday mask or a single date) and which slots.
    struct Token: Hashable {
        var weekdays: UInt8 = 0     // bit w for weekday w (0 = mon)
        var date: Day? = nil
        var slots: UInt8 = 0b111    // bit s for Slot(rawValue: s)
        var negated = false
    }

    static func parse(_ raw: Substring, period: Period) throws(RuleError) -> Token {
        var t = Token()
        var s = try ChineseValues.availabilityToken(raw, period: period).lowercased()[...]
        if s.hasPrefix("!") { t.negated = true; s = trimSpaces(s.dropFirst()) }
        for slot in Slot.allCases where s.hasSuffix("-" + slot.name) {
            t.slots = 1 << UInt8(slot.rawValue)
            s = s.dropLast(slot.name.count + 1)
            break
        }
        switch s {
        case "any": t.weekdays = 0b111_1111
        case "weekday": t.weekdays = 0b001_1111
        case "weekend": t.weekdays = 0b110_0000
        default:
            if let w = Day.weekdayNames.firstIndex(of: String(s)) {
                t.weekdays = 1 << UInt8(w)
            } else if let d = Day(iso: s) {
                t.date = d
            } else {
                throw RuleError(InputText.badAvailabilityEn(raw, suggestion: ChineseValues.suggestion(String(raw), among: ChineseValues.availabilityWordsEn)))
            }
        }
        return t
    }

    public static func compile(_ rule: String, period: Period) throws(RuleError) -> AvailabilityBits {
        var plus: [Token] = [], minus: [Token] = []
        for item in splitList(rule) {
            let t = try parse(item, period: period)
            if t.negated { minus.append(t) } else { plus.append(t) }
        }
        var bits = AvailabilityBits(period: period)
        if plus.isEmpty { return bits }
        // Per weekday: the slots plain tokens give minus the slots `!` tokens take, before dates.
        var wdPlus = [UInt8](repeating: 0, count: 7), wdMinus = [UInt8](repeating: 0, count: 7)
        var datePlus: [Day: UInt8] = [:], dateMinus: [Day: UInt8] = [:]
        for t in plus {
            if let d = t.date { datePlus[d, default: 0] |= t.slots } else {
                for w in 0..<7 where t.weekdays & (1 << UInt8(w)) != 0 { wdPlus[w] |= t.slots }
            }
        }
        for t in minus {
            if let d = t.date { dateMinus[d, default: 0] |= t.slots } else {
                for w in 0..<7 where t.weekdays & (1 << UInt8(w)) != 0 { wdMinus[w] |= t.slots }
            }
        }
        let firstWeekday = period.start.weekday
        for k in 0..<period.dayCount {
            let w = (firstWeekday + k) % 7
            var on = wdPlus[w], off = wdMinus[w]
            if !datePlus.isEmpty || !dateMinus.isEmpty {
                let d = period.day(at: k)
                on |= datePlus[d] ?? 0
                off |= dateMinus[d] ?? 0
            }
            let slots = on & ~off
            if slots == 0 { continue }
            for s in Slot.allCases where slots & (1 << UInt8(s.rawValue)) != 0 { bits.set(dayIndex: k, slot: s, true) }
        }
        return bits
    }
}
