import Foundation
import Yams

/// The scenario YAML (CONTRACT.md §1) read into plain values, with every problem collected.
struct ScenarioFile {
    var name = ""
    var period: Period?
    /// `holidays` inside the period, ascending, without duplicates (contract v2).
    var holidays: [Day] = []
    /// Keys communities, needs, units, projects, members → paths as written.
    var data: [String: String] = [:]
    var settings = Settings()
    var variants: [Variant] = []
    /// `slot_times: {am: "09:00-11:30", pm: …, eve: …}`; defaults for slots not given.
    var slotTimes = SlotTimes()
    /// Every street named under a `street_budgets` (base or variant), with its line and key
    /// path: each must be a street of communities.csv (checked once the lists are read).
    var streetBudgetKeys: [(street: String, line: Int?, key: String)] = []
    /// `outputs: {mask_phones: false}` shows phone numbers whole on shared outputs (default: masked).
    var maskPhones = true

    static let topKeys = ["name", "quarter", "start", "end", "holidays", "data", "rules", "weights", "solver", "variants", "slot_times", "outputs"]
    static let outputKeys = ["mask_phones"]
    static let slotTimeKeys = ["am", "pm", "eve"]
    static let dataKeys = ["communities", "needs", "units", "projects", "members"]
    static let ruleKeys = ["max_distance_km", "unit_max_distance_km", "max_sessions_per_member", "street_budget",
                                  "min_sessions_per_member", "min_days_between_sessions", "street_budgets"]
    static let weightKeys = ["distance_per_km", "unit_shortfall", "participation_shortfall", "change"]
    static let solverKeys = ["time_limit_s", "mip_gap"]
    static let variantKeys = ["name", "rules", "weights", "solver"]
    /// Longest planning period accepted, in days (the availability table is days × 3 bits per member).
    static let maxPeriodDays = 366

    /// Parses `text`; problems go to `diagnostics` against `file` (the display path).
    static func parse(_ text: String, file: String, into diagnostics: inout [Diagnostic]) -> ScenarioFile {
        var out = ScenarioFile()
        func err(_ node: Node?, _ key: String?, _ message: String) {
            diagnostics.append(.error(file: file, line: node?.mark?.line, column: key, message))
        }
        if let p = YAMLGuard.problem(Array(text.utf8)) {
            diagnostics.append(.error(file: file, line: p.line, p.message))
            return out
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            switch e {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                diagnostics.append(.error(file: file, line: mark.line, "not valid YAML: \(problem)"))
            default:
                diagnostics.append(.error(file: file, "not valid YAML: \(e)"))
            }
            return out
        } catch {
            diagnostics.append(.error(file: file, "not valid YAML: \(error)"))
            return out
        }
        guard let root, let top = root.mapping else {
            err(root, nil, "expected a mapping with keys: " + topKeys.joined(separator: ", "))
            return out
        }
        checkKeys(top, known: topKeys, path: "", err)

        // name
        if let n = top["name"] {
            if let s = scalarString(n), !s.isEmpty { out.name = s } else { err(n, "name", "expected a non-empty text") }
        } else {
            err(root, "name", "missing; the scenario needs a name")
        }

        // period
        let q = top["quarter"], st = top["start"], en = top["end"]
        if let q {
            if st != nil || en != nil { err(q, "quarter", "give either quarter or start/end, not both") }
            if let s = scalarString(q), let p = Period(quarter: s) { out.period = p } else {
                err(q, "quarter", "'\(scalarString(q) ?? "?")' is not a quarter; expected for example 2027Q1")
            }
        } else if st != nil || en != nil {
            var days: [Day?] = []
            for (key, node) in [("start", st), ("end", en)] {
                guard let node else { err(root, key, "missing; start and end go together (or give quarter)"); days.append(nil); continue }
                let s = scalarString(node) ?? ""
                if let d = Day(iso: s) { days.append(d) } else {
                    err(node, key, "'\(s)' is not a date; expected YYYY-MM-DD"); days.append(nil)
                }
            }
            if let a = days[0], let b = days[1] {
                if a > b { err(en, "end", "\(b.iso) is before start \(a.iso)") } else if Int(b.ordinal - a.ordinal) + 1 > maxPeriodDays {
                    err(en, "end", "the period \(a.iso)..\(b.iso) is longer than \(maxPeriodDays) days")
                } else { out.period = Period(start: a, end: b) }
            }
        } else {
            err(root, "quarter", "missing; give quarter (2027Q1) or start and end")
        }

        // holidays: dates with no session; one outside the period is a warning (it changes nothing).
        if let h = top["holidays"], !isNull(h) {
            let items: [Node]
            if let seq = h.sequence { items = Array(seq) } else if scalarString(h) != nil { items = [h] } else {
                err(h, "holidays", "expected a list of dates such as [2027-02-06, 2027-02-07]"); items = []
            }
            var days = Set<Day>()
            for item in items {
                let text = scalarString(item) ?? ""
                guard let d = Day(iso: text) else {
                    err(item, "holidays", "'\(text)' is not a date; expected YYYY-MM-DD"); continue
                }
                if let p = out.period, !p.contains(d) {
                    diagnostics.append(.warning(file: file, line: item.mark?.line, column: "holidays",
                                                "\(d.iso) is outside the period \(p.start.iso)..\(p.end.iso); it changes nothing"))
                    continue
                }
                days.insert(d)
            }
            out.holidays = days.sorted()
        }

        // data
        if let d = top["data"] {
            if let m = d.mapping {
                checkKeys(m, known: dataKeys, path: "data.", err)
                for key in dataKeys {
                    guard let v = m[key] else { err(d, "data." + key, "missing; the path of \(key).csv relative to the scenario file"); continue }
                    if let s = scalarString(v), !s.isEmpty { out.data[key] = s } else { err(v, "data." + key, "expected a file path") }
                }
            } else {
                err(d, "data", "expected a mapping with keys: " + dataKeys.joined(separator: ", "))
            }
        } else {
            err(root, "data", "missing; the five list files (\(dataKeys.joined(separator: ", ")))")
        }

        // slot_times
        if let t = top["slot_times"], !isNull(t) {
            if let m = t.mapping {
                checkKeys(m, known: slotTimeKeys, path: "slot_times.", err)
                for slot in Slot.allCases {
                    guard let v = m[slot.name] else { continue }
                    let text = scalarString(v) ?? ""
                    if let span = TimeSpan(text) { out.slotTimes[slot] = span } else {
                        err(v, "slot_times." + slot.name, "'\(text)' is not a time span; expected for example 09:00-11:30 (start before end)")
                    }
                }
            } else {
                err(t, "slot_times", "expected a mapping with keys: " + slotTimeKeys.joined(separator: ", "))
            }
        }

        // outputs
        if let o = top["outputs"], !isNull(o) {
            if let m = o.mapping {
                checkKeys(m, known: outputKeys, path: "outputs.", err)
                if let v = m["mask_phones"] {
                    switch scalarString(v)?.lowercased() {
                    case "true", "yes", "on": out.maskPhones = true
                    case "false", "no", "off": out.maskPhones = false
                    default: err(v, "outputs.mask_phones", "'\(scalarString(v) ?? "?")' is not true or false")
                    }
                }
            } else {
                err(o, "outputs", "expected a mapping with keys: " + outputKeys.joined(separator: ", "))
            }
        }

        // rules, weights, solver
        let base = readOverride(root, path: "", err, streets: &out.streetBudgetKeys)
        out.settings = base.applied(to: Settings())

        // variants
        if let vs = top["variants"], !isNull(vs) {
            if let seq = vs.sequence {
                var seen: [String: Int] = [:]
                for v in seq {
                    guard let m = v.mapping else { err(v, "variants", "each variant is a mapping with keys: " + variantKeys.joined(separator: ", ")); continue }
                    checkKeys(m, known: variantKeys, path: "variants.", err)
                    var name = ""
                    if let n = m["name"], let s = scalarString(n), !s.isEmpty {
                        name = s
                        if s == "base" { err(n, "variants.name", "'base' is the scenario itself; pick another name") }
                        if let why = unsafeFolderName(s) { err(n, "variants.name", "'\(s)' \(why); a variant's name is its output folder") }
                        if let l = seen[s] { err(n, "variants.name", "'\(s)' is already used on line \(l)") }
                        seen[s] = n.mark?.line ?? 0
                    } else {
                        err(m["name"] ?? v, "variants.name", "missing; every variant needs a name")
                    }
                    let o = readOverride(v, path: "variants.", err, streets: &out.streetBudgetKeys)
                    out.variants.append(Variant(name: name, override: o))
                }
            } else {
                err(vs, "variants", "expected a list of variants")
            }
        }
        return out
    }

    private static func readOverride(_ node: Node, path: String, _ err: (Node?, String?, String) -> Void,
                                     streets: inout [(street: String, line: Int?, key: String)]) -> SettingsOverride {
        var o = SettingsOverride()
        guard let top = node.mapping else { return o }
        func section(_ name: String, _ keys: [String]) -> Node.Mapping? {
            guard let s = top[name], !isNull(s) else { return nil }
            guard let m = s.mapping else { err(s, path + name, "expected a mapping with keys: " + keys.joined(separator: ", ")); return nil }
            checkKeys(m, known: keys, path: path + name + ".", err)
            return m
        }
        func number(_ m: Node.Mapping, _ sec: String, _ key: String, range: ClosedRange<Double>, positive: Bool = false) -> Double? {
            guard let v = m[key] else { return nil }
            let k = path + sec + "." + key
            guard let s = scalarString(v), let x = Double(s), x.isFinite else {
                err(v, k, "'\(scalarString(v) ?? "?")' is not a number"); return nil
            }
            if x < 0 || (positive && x == 0) { err(v, k, "\(s) must be \(positive ? "greater than 0" : "0 or more")"); return nil }
            if x > range.upperBound {
                err(v, k, "\(s) is outside \(positive ? "above 0" : Limits.text(range.lowerBound))..\(Limits.text(range.upperBound))"); return nil
            }
            return x
        }
        if let r = section("rules", ruleKeys) {
            o.maxDistanceKm = number(r, "rules", "max_distance_km", range: Limits.distanceKm)
            o.unitMaxDistanceKm = number(r, "rules", "unit_max_distance_km", range: Limits.distanceKm)
            if let v = r["max_sessions_per_member"] {
                let k = path + "rules.max_sessions_per_member"
                if let s = scalarString(v), let x = Int(s) {
                    if x < 0 { err(v, k, "\(s) must be 0 or more") } else if x > Limits.sessionsPerMember.upperBound {
                        err(v, k, "\(s) is outside 0..\(Limits.sessionsPerMember.upperBound) (one session per slot and day)")
                    } else { o.maxSessionsPerMember = x }
                } else if let s = scalarString(v), !s.isEmpty, s.allSatisfy(\.isNumber) {
                    err(v, k, "\(s) is outside 0..\(Limits.sessionsPerMember.upperBound) (one session per slot and day)")
                } else { err(v, k, "'\(scalarString(v) ?? "?")' is not a whole number") }
            }
            if let v = r["min_sessions_per_member"] {
                let k = path + "rules.min_sessions_per_member"
                if let s = scalarString(v), let x = Int(s) {
                    if x < 0 { err(v, k, "\(s) must be 0 or more") } else { o.minSessionsPerMember = x }
                } else { err(v, k, "'\(scalarString(v) ?? "?")' is not a whole number") }
            }
            if let v = r["min_days_between_sessions"] {
                let k = path + "rules.min_days_between_sessions"
                if let s = scalarString(v), let x = Int(s) {
                    if x < 0 { err(v, k, "\(s) must be 0 or more") } else if x > Limits.gapDays.upperBound {
                        err(v, k, "\(s) is outside 0..\(Limits.gapDays.upperBound) (days between two sessions of a project)")
                    } else { o.minDaysBetweenSessions = x }
                } else if let s = scalarString(v), !s.isEmpty, s.allSatisfy(\.isNumber) {
                    err(v, k, "\(s) is outside 0..\(Limits.gapDays.upperBound) (days between two sessions of a project)")
                } else { err(v, k, "'\(scalarString(v) ?? "?")' is not a whole number") }
            }
            if let v = r["street_budgets"] {
                let k = path + "rules.street_budgets"
                if isNull(v) {
                    o.streetBudgets = .some(nil)
                } else if let m = v.mapping {
                    // The whole map: a variant that sets it replaces the base's.
                    var map: [String: Double] = [:]
                    for (keyNode, value) in m {
                        guard let street = scalarString(keyNode), !street.isEmpty else {
                            err(keyNode, k, "expected a street name (communities.csv street) as the key"); continue
                        }
                        if map[street] != nil { err(keyNode, k + "." + street, "'\(street)' is given twice"); continue }
                        streets.append((street, keyNode.mark?.line, k + "." + street))
                        guard let s = scalarString(value), let x = Double(s), x.isFinite else {
                            err(value, k + "." + street, "'\(scalarString(value) ?? "?")' is not a number (yuan)"); continue
                        }
                        if x < 0 { err(value, k + "." + street, "\(s) must be 0 or more"); continue }
                        if x > Limits.money.upperBound {
                            err(value, k + "." + street, "\(s) is outside 0..\(Limits.text(Limits.money.upperBound))"); continue
                        }
                        map[street] = x
                    }
                    o.streetBudgets = .some(map.isEmpty ? nil : map)
                } else {
                    err(v, k, "expected a mapping of street name to yuan, for example {北京路街道: 50000}")
                }
            }
            if let v = r["street_budget"] {
                if isNull(v) { o.streetBudget = .some(nil) } else if let x = number(r, "rules", "street_budget", range: Limits.money) { o.streetBudget = .some(x) }
            }
        }
        if let w = section("weights", weightKeys) {
            o.distancePerKm = number(w, "weights", "distance_per_km", range: Limits.distanceWeight)
            o.unitShortfall = number(w, "weights", "unit_shortfall", range: Limits.shortfallWeight)
            o.participationShortfall = number(w, "weights", "participation_shortfall", range: Limits.shortfallWeight)
            o.changeWeight = number(w, "weights", "change", range: Limits.shortfallWeight)
        }
        if let s = section("solver", solverKeys) {
            o.timeLimitSeconds = number(s, "solver", "time_limit_s", range: Limits.timeLimitSeconds, positive: true)
            o.mipGap = number(s, "solver", "mip_gap", range: Limits.mipGap)
        }
        return o
    }

    private static func checkKeys(_ m: Node.Mapping, known: [String], path: String, _ err: (Node?, String?, String) -> Void) {
        var seen = Set<String>()
        for (k, _) in m {
            let key = scalarString(k) ?? "?"
            if !known.contains(key) {
                err(k, path + key, "unknown key '\(key)'; known keys here: " + known.joined(separator: ", "))
            } else if !seen.insert(key).inserted {
                err(k, path + key, "'\(key)' is given twice")
            }
        }
    }

    /// Longest variant name, in characters.
    static let maxVariantName = 64

    /// Why `name` cannot be an output folder's name (nil when it can): variant names become
    /// folders under --out, so only letters (any script), digits, `-`, `_`, `.` and spaces
    /// are allowed, not starting with `.` or a space — never `/`, `\`, `..` or control characters.
    static func unsafeFolderName(_ name: String) -> String? {
        if name.count > maxVariantName { return "is longer than \(maxVariantName) characters" }
        if name.hasPrefix(".") || name.hasPrefix(" ") || name.hasSuffix(" ") {
            return "starts with '.' or a space or ends in a space"
        }
        for ch in name.unicodeScalars {
            let ok = ch.properties.isAlphabetic || ch.properties.numericType != nil
                || ch == "-" || ch == "_" || ch == "." || ch == " "
            if !ok {
                let shown = ch.value < 0x20 || ch.value == 0x7F ? String(format: "U+%04X", ch.value) : "'\(ch)'"
                return "holds \(shown); use letters, digits, -, _, . and spaces only"
            }
        }
        return nil
    }

    /// The text of a scalar node (trimmed); nil for mappings, sequences and null.
    static func scalarString(_ n: Node) -> String? {
        guard case let .scalar(s) = n, !isNull(n) else { return nil }
        return s.string.trimmingCharacters(in: .whitespaces)
    }

    static func isNull(_ n: Node) -> Bool {
        guard case let .scalar(s) = n else { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }
}
