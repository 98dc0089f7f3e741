/// The Chinese (and spreadsheet) forms of the values the contract writes in English, mapped onto
/// the English grammar before the English parsers run (docs/INPUT.md, "Chinese values"):
/// full-width ASCII, 周六/星期六, 上午/下午/晚上, 2027年1月16日/1月16日/2027/1/16, 逢六, 每月…日, 每周…, ！.
/// Anything Chinese that is not one of these forms is an error in Chinese, with a did-you-mean.
enum ChineseValues {
    /// Any CJK ideograph or CJK punctuation / full-width form.
    static func hasCJK(_ s: some StringProtocol) -> Bool {
        s.unicodeScalars.contains { v in
            (0x4E00...0x9FFF).contains(v.value) || (0x3400...0x4DBF).contains(v.value)
                || (0x3000...0x303F).contains(v.value) || (0xFF00...0xFFEF).contains(v.value)
        }
    }

    /// Full-width ASCII forms (U+FF01–U+FF5E: `０`–`９`, `：`, `，`, `！`, `；`, letters) as ASCII,
    /// the ideographic space as a space. ASCII text is returned as it is.
    static func halfWidth(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 >= 0x80 }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if (0xFF01...0xFF5E).contains(u.value), let a = Unicode.Scalar(u.value - 0xFEE0) { out.append(a) } else if u.value == 0x3000 {
                out.append(" ")
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    static let weekdayChars: [Character: Int] = ["一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6]

    /// `周六`, `星期六`, `礼拜六` (and 周日/周天) → 5; nil otherwise.
    static func weekday(_ s: Substring) -> Int? {
        for prefix in ["星期", "礼拜", "周"] where s.hasPrefix(prefix) {
            let rest = s.dropFirst(prefix.count)
            if rest.count == 1, let w = weekdayChars[rest.first!] { return w }
        }
        return nil
    }

    /// 工作日, 周末, 每天/每日/任意 as weekday bit masks (bit 0 = Monday).
    static let dayGroups: [(zh: String, en: String)] = [("工作日", "weekday"), ("周末", "weekend"), ("每天", "any"), ("每日", "any"), ("任意", "any")]

    static let slots: [(zh: String, slot: Slot)] = [("上午", .am), ("下午", .pm), ("晚上", .eve)]

    static func slot(_ s: some StringProtocol) -> Slot? { slots.first { $0.zh == s }?.slot }

    /// `2027/1/16`, `2027.1.16`, `2027-1-16`, `2027年1月16日` and `1月16日` (the year of the
    /// period: the one that puts the date inside it, else the start's). nil when not of these
    /// forms; `.some(nil)` when of the form but no such day (2月30日).
    static func date(_ raw: Substring, period: Period) -> Day?? {
        var s = raw
        var parts: [Int] = []
        if s.hasSuffix("日") || s.hasSuffix("号") { s = s.dropLast() }
        let separators: Set<Character> = ["/", ".", "-", "年", "月"]
        var current = ""
        var usedChinese = false
        for ch in s {
            if ch.isASCII, ch.isNumber { current.append(ch); continue }
            guard separators.contains(ch), !current.isEmpty, current.count <= 4 else { return nil }
            if ch == "年" || ch == "月" { usedChinese = true }
            parts.append(Int(current) ?? 0)
            current = ""
        }
        guard !current.isEmpty, current.count <= 2 else { return nil }
        parts.append(Int(current) ?? 0)
        switch parts.count {
        case 3:
            guard String(raw.prefix(while: { $0.isNumber })).count == 4 else { return nil }
            return .some(Day(year: parts[0], month: parts[1], day: parts[2]))
        case 2 where usedChinese && raw.contains("月") && !raw.contains("年"):
            let (a, b) = (period.start.components.year, period.end.components.year)
            for y in [a, b] { if let d = Day(year: y, month: parts[0], day: parts[1]), period.contains(d) { return .some(d) } }
            return .some(Day(year: a, month: parts[0], day: parts[1]))
        default:
            return nil
        }
    }

    // MARK: availability

    /// One availability token in its English form (`周六上午` → `sat-am`, `！2027年2月10日` →
    /// `!2027-02-10`); English tokens come back as they are. Throws (in Chinese) for Chinese it cannot read.
    static func availabilityToken(_ raw: Substring, period: Period) throws(RuleError) -> Substring {
        let whole = halfWidth(String(raw))
        guard hasCJK(raw) || whole != raw || whole.contains("/") || whole.contains(".") else { return raw }
        var s = trimSpaces(whole[...])
        var negated = false
        if s.hasPrefix("!") { negated = true; s = trimSpaces(s.dropFirst()) }
        var slot: Slot? = nil
        for (zh, v) in slots where s.hasSuffix(zh) {
            slot = v
            s = s.dropLast(zh.count)
            if s.hasSuffix("-") { s = s.dropLast() }
            break
        }
        if slot == nil, let dash = s.lastIndex(of: "-"), let v = Slot(name: String(s[s.index(after: dash)...])) {
            slot = v
            s = s[..<dash]
        }
        s = trimSpaces(s)
        // 每周六, 每周末: as 周六, 周末 (every week is what a weekday means here).
        if s.hasPrefix("每周") || s.hasPrefix("每星期") { s = s.dropFirst() }
        let day: String?
        if s.isEmpty, slot != nil {
            day = "any"
        } else if !hasCJK(s), !s.contains("/"), !s.contains("."), date(s, period: period) == nil {
            day = s.lowercased()
        } else if let w = weekday(s) {
            day = Day.weekdayNames[w]
        } else if let g = dayGroups.first(where: { $0.zh == s }) {
            day = g.en
        } else if let d = date(s, period: period) {
            guard let d else { throw RuleError(InputText.noSuchDate(raw)) }
            day = d.iso
        } else {
            day = nil
        }
        guard let day else {
            throw RuleError(InputText.badAvailabilityZh(raw, suggestion: suggestion(String(raw), among: availabilityWordsZh)))
        }
        return Substring((negated ? "!" : "") + day + (slot.map { "-" + $0.name } ?? ""))
    }

    static let availabilityWordsZh: [String] = {
        let days = ["周一", "周二", "周三", "周四", "周五", "周六", "周日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
            + dayGroups.map(\.zh)
        return days + days.flatMap { d in slots.map { d + $0.zh } }
    }()

    static let availabilityWordsEn: [String] = {
        let days = Day.weekdayNames + ["weekday", "weekend", "any"]
        return days + days.flatMap { d in Slot.allCases.map { d + "-" + $0.name } }
    }()

    // MARK: dates rule

    /// A `dates` rule with its Chinese items in English form, items joined by `;`:
    /// `逢六` → `monthday:6,16,26`; `每月6、16、26日` → `monthday:6,16,26`; `每周六,日` → `weekday:sat,sun`;
    /// `周六` → `weekday:sat`; `2027年1月16日`, `1月16日`, `2027/1/16` → `2027-01-16`; `！` → `!`.
    /// English items are kept as written. Throws (in Chinese) for Chinese it cannot read.
    static func dateRule(_ rule: String, period: Period) throws(RuleError) -> String {
        // A full-width comma separates items as `、` does (ListCell); an ASCII comma stays inside `monthday:6,16`.
        let text = halfWidth(rule.replacingOccurrences(of: "，", with: "、"))
        guard text != rule || hasCJK(text) || text.contains("/") || text.contains(".") else { return rule }
        var items: [Substring] = []
        for group in text.split(separator: ";") {
            for piece in group.split(separator: "、") {
                let p = trimSpaces(piece)
                if p.isEmpty { continue }
                // 每月6、16、26日 and 每周六、日: a bare continuation joins the item before it.
                if let last = items.last, isContinuation(p), isListItem(last) {
                    items[items.count - 1] = last + "," + p
                } else {
                    items.append(p)
                }
            }
        }
        var out: [String] = []
        for item in items { out.append(try dateItem(item, period: period)) }
        return out.joined(separator: ";")
    }

    private static func isListItem(_ s: Substring) -> Bool {
        let t = s.hasPrefix("!") ? trimSpaces(s.dropFirst()) : s
        return t.hasPrefix("每月") || t.hasPrefix("每周") || t.hasPrefix("monthday:") || t.hasPrefix("weekday:")
    }

    private static func isContinuation(_ s: Substring) -> Bool {
        var t = s
        if t.hasSuffix("日") || t.hasSuffix("号"), t.count > 1 { t = t.dropLast() }
        if !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        if t.hasPrefix("周") || t.hasPrefix("星期") { return weekday(t) != nil }
        return t.count == 1 && weekdayChars[t.first!] != nil
    }

    private static func dateItem(_ raw: Substring, period: Period) throws(RuleError) -> String {
        var s = trimSpaces(raw)
        var prefix = ""
        if s.hasPrefix("!") { prefix = "!"; s = trimSpaces(s.dropFirst()) }
        if let d = date(s, period: period) {
            guard let d else { throw RuleError(InputText.noSuchDate(raw)) }
            return prefix + d.iso
        }
        if !hasCJK(s) { return prefix + s }
        // 逢六: every day of the month ending in 6.
        if s.hasPrefix("逢") {
            let rest = s.dropFirst()
            let digit: Int? = rest.count == 1 ? (weekdayChars[rest.first!].flatMap { $0 < 6 ? $0 + 1 : nil }
                ?? ["七": 7, "八": 8, "九": 9, "十": 10][rest.first!] ?? Int(String(rest))) : Int(String(rest))
            guard let digit, (1...10).contains(digit) else {
                throw RuleError(InputText.badDateRuleZh(raw, suggestion: suggestion(String(raw), among: dateWordsZh)))
            }
            let days = stride(from: digit, through: 31, by: 10).map(String.init)
            return prefix + "monthday:" + days.joined(separator: ",")
        }
        if s.hasPrefix("每月") {
            var list = trimSpaces(s.dropFirst(2))
            if list.hasPrefix(":") { list = trimSpaces(list.dropFirst()) }
            var days: [String] = []
            for part in list.split(whereSeparator: { $0 == "," }) {
                var p = trimSpaces(part)
                if p.hasSuffix("日") || p.hasSuffix("号") { p = p.dropLast() }
                guard let v = Int(p), (1...31).contains(v) else { throw RuleError(InputText.badMonthDay(raw, String(p))) }
                days.append(String(v))
            }
            guard !days.isEmpty else { throw RuleError(InputText.badMonthDay(raw, "")) }
            return prefix + "monthday:" + days.joined(separator: ",")
        }
        if s.hasPrefix("每周") || s.hasPrefix("每星期") {
            var list = trimSpaces(s.dropFirst(s.hasPrefix("每周") ? 2 : 3))
            if list.hasPrefix(":") { list = trimSpaces(list.dropFirst()) }
            var days: [String] = []
            for part in list.split(whereSeparator: { $0 == "," }) {
                let p = trimSpaces(part)
                if let w = weekday(p) { days.append(Day.weekdayNames[w]); continue }
                if let g = dayGroups.first(where: { $0.zh == p }) { days.append(contentsOf: weekdays(of: g.en)); continue }
                // 每周六日: one weekday per character.
                let chars = p.compactMap { weekdayChars[$0] }
                guard !p.isEmpty, chars.count == p.count else { throw RuleError(InputText.badWeekday(raw, String(p))) }
                days.append(contentsOf: chars.map { Day.weekdayNames[$0] })
            }
            guard !days.isEmpty else { throw RuleError(InputText.badWeekday(raw, "")) }
            return prefix + "weekday:" + days.joined(separator: ",")
        }
        if let w = weekday(s) { return prefix + "weekday:" + Day.weekdayNames[w] }
        if let g = dayGroups.first(where: { $0.zh == s }) { return prefix + "weekday:" + weekdays(of: g.en).joined(separator: ",") }
        throw RuleError(InputText.badDateRuleZh(raw, suggestion: suggestion(String(raw), among: dateWordsZh)))
    }

    private static func weekdays(of group: String) -> [String] {
        switch group {
        case "weekday": Array(Day.weekdayNames.prefix(5))
        case "weekend": ["sat", "sun"]
        default: Day.weekdayNames
        }
    }

    static let dateWordsZh: [String] = ["逢一", "逢二", "逢三", "逢四", "逢五", "逢六", "逢七", "逢八", "逢九", "逢十",
                                        "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周末", "工作日", "每天"]

    // MARK: did you mean

    /// The closest of `candidates` to `text` when it is close (edit distance 1, or 2 for words of 5 or more) and the only one that close; nil otherwise.
    static func suggestion(_ text: String, among candidates: [String]) -> String? {
        let a = Array(text.lowercased())
        guard !a.isEmpty else { return nil }
        var best: (String, Int)? = nil
        var tied = false
        for c in candidates {
            let d = distance(a, Array(c.lowercased()))
            if d < (best?.1 ?? Int.max) { best = (c, d); tied = false } else if d == best?.1, c != best?.0 { tied = true }
        }
        // A tie (周八: 周一 or 周日?) suggests nothing.
        guard let (word, d) = best, !tied, d > 0, d <= (a.count >= 5 ? 2 : 1) else { return nil }
        return word
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
