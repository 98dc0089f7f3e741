import Foundation
import Yams

/// The changed scenario of a replan, as files: the scenario's YAML with its `data:` pointing
/// at five CSV lists beside it, the lists copied with the changes written in (docs/REPLAN.md):
/// - member-unavailable: `;!DATE` appended to the member's availability;
/// - member-leaves: `;!DATE` for every day from the change's date to the end of the period;
/// - unit-withdraws: min_projects 0, max_projects and funds only what the projects it keeps
///   (shortened ones, see below) need — 0 and 0 when it keeps none;
/// - a project that holds no more sessions (cancelled, or it cannot continue): with sessions
///   held before the change's date, `sessions` and `dates` become those held sessions (the
///   project ran, shortened); without, its row is removed.
/// The independent checker reads these files; `match replan` reads them back too, so the plan
/// is built on exactly what is written.
struct ScenarioEdit {
    /// The lists, as read (headers made canonical: English names).
    var communities: RowTable
    var needs: RowTable
    var units: RowTable
    var projects: RowTable
    var members: RowTable
    /// The scenario file's YAML, composed.
    let root: Node

    static let fileNames = (scenario: "scenario.yaml", communities: "communities.csv", needs: "needs.csv",
                            units: "units.csv", projects: "projects.csv", members: "members.csv")

    init(scenario: Scenario) throws(InputError) {
        guard let f = scenario.files else {
            throw InputError(diagnostics: [.error(file: scenario.name, "the scenario was not read from files")])
        }
        func table(_ path: String) throws(InputError) -> RowTable {
            var t = try RowTable.read(path: path)
            t.header = t.header.map(CSVTable.canonical)
            return t
        }
        communities = try table(f.communities)
        needs = try table(f.needs)
        units = try table(f.units)
        projects = try table(f.projects)
        members = try table(f.members)
        let text: String
        do { text = try String(contentsOfFile: f.scenario, encoding: .utf8) } catch {
            throw InputError(diagnostics: [.error(file: displayPath(f.scenario), "cannot be read")])
        }
        do {
            guard let node = try Yams.compose(yaml: text), node.mapping != nil else {
                throw InputError(diagnostics: [.error(file: displayPath(f.scenario), "expected a mapping")])
            }
            root = node
        } catch let e as InputError {
            throw e
        } catch {
            throw InputError(diagnostics: [.error(file: displayPath(f.scenario), "not valid YAML: \(error)")])
        }
    }

    private static func row(of id: String, in t: RowTable) -> Int? {
        guard let c = t.column(["id"]) else { return nil }
        return t.rows.firstIndex { $0[c].trimmingCharacters(in: .whitespaces) == id }
    }

    private static func set(_ t: inout RowTable, row r: Int, column: String, _ value: String) {
        var c = t.column([column])
        if c == nil {
            t.header.append(column)
            for i in t.rows.indices { t.rows[i].append("") }
            c = t.header.count - 1
        }
        t.rows[r][c!] = value
    }

    /// The member may not serve on these dates.
    mutating func block(member id: String, days: [Day]) {
        guard !days.isEmpty, let r = Self.row(of: id, in: members), let c = members.column(["availability"]) else { return }
        var rule = members.rows[r][c].trimmingCharacters(in: .whitespaces)
        for d in days where !rule.contains("!" + d.iso) { rule += (rule.isEmpty ? "" : ";") + "!" + d.iso }
        members.rows[r][c] = rule
    }

    /// The unit leads at most `keeps` projects (those it keeps) and gives at most `funds`.
    mutating func withdraw(unit id: String, keeps: Int, funds: Double) {
        guard let r = Self.row(of: id, in: units) else { return }
        Self.set(&units, row: r, column: "min_projects", "0")
        Self.set(&units, row: r, column: "max_projects", String(keeps))
        Self.set(&units, row: r, column: "funds", NumberText.plain(funds, decimals: 2))
    }

    /// The project ran only on `held` (ascending); none: it does not run at all (row removed).
    mutating func shorten(project id: String, held: [Day]) {
        guard let r = Self.row(of: id, in: projects) else { return }
        if held.isEmpty {
            projects.rows.remove(at: r)
            projects.lines.remove(at: r)
            return
        }
        Self.set(&projects, row: r, column: "sessions", String(held.count))
        Self.set(&projects, row: r, column: "dates", held.map(\.iso).joined(separator: ";"))
    }

    /// The files, named relative to the folder they go into.
    func files() throws -> [(name: String, data: Data)] {
        let n = Self.fileNames
        var pairs: [(Node, Node)] = []
        for (k, v) in root.mapping! {
            if k.string == "data" {
                let data: [(Node, Node)] = [("communities", n.communities), ("needs", n.needs), ("units", n.units),
                                            ("projects", n.projects), ("members", n.members)]
                    .map { (Node($0.0), Node($0.1)) }
                pairs.append((k, Node.mapping(Node.Mapping(data))))
            } else {
                pairs.append((k, v))
            }
        }
        let yaml = try Yams.serialize(node: Node.mapping(Node.Mapping(pairs)), allowUnicode: true)
        return [(n.scenario, Data(yaml.utf8)), (n.communities, Self.csv(communities)), (n.needs, Self.csv(needs)),
                (n.units, Self.csv(units)), (n.projects, Self.csv(projects)), (n.members, Self.csv(members))]
    }

    /// RFC 4180, UTF-8 with BOM, CRLF; cells exactly as read (no spreadsheet neutralising: these
    /// are input lists, read back by the reader and the checker).
    static func csv(_ t: RowTable) -> Data {
        func quote(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "\u{FEFF}" + t.header.map(quote).joined(separator: ",") + "\r\n"
        for row in t.rows { out += row.prefix(t.header.count).map(quote).joined(separator: ",") + "\r\n" }
        return Data(out.utf8)
    }

    /// Writes the files into a fresh temporary folder and reads the scenario back.
    func load() throws -> Scenario {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("match-replan-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for f in try files() { try f.data.write(to: URL(fileURLWithPath: dir + "/" + f.name)) }
        return try ScenarioReader.loadWithoutWarnings(path: dir + "/" + Self.fileNames.scenario)
    }
}

/// Edits of a scenario file's text in place (issue 28, items 6–7; issue 32 builds on it): the
/// rules, weights and holidays the planner sets in the web app, and what-if variants. Only the
/// lines of the named keys change; every other line — comments, order, quoting — stays byte for
/// byte, and a changed line keeps its trailing comment. The result is checked to parse back.
public enum ScenarioTextEdit {
    /// A value to write: a number, or null (`street_budget: null`, no cap).
    public typealias Value = Double?

    public struct Change: Sendable {
        /// The holidays, replacing the list (nil: unchanged).
        public var holidays: [Day]?
        public var rules: [(key: String, value: Value)]
        public var weights: [(key: String, value: Value)]
        public init(holidays: [Day]? = nil, rules: [(key: String, value: Value)] = [], weights: [(key: String, value: Value)] = []) {
            self.holidays = holidays; self.rules = rules; self.weights = weights
        }
        public var isEmpty: Bool { holidays == nil && rules.isEmpty && weights.isEmpty }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The keys a change may set (the scenario file's own, docs/INPUT.md).
    public static var ruleKeys: [String] { ScenarioFile.ruleKeys }
    public static var weightKeys: [String] { ScenarioFile.weightKeys }

    /// `yaml` with the change written in.
    public static func apply(_ yaml: String, _ change: Change) throws(Failure) -> String {
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let h = change.holidays { setHolidays(&lines, h) }
        for (k, v) in change.rules { try set(&lines, block: "rules", key: k, value: text(v)) }
        for (k, v) in change.weights { try set(&lines, block: "weights", key: k, value: text(v)) }
        let out = lines.joined(separator: "\n")
        try check(out)
        return out
    }

    /// `yaml` with a new variant `whatif-N` (the first N not taken) overriding `rules`, and its name.
    public static func addVariant(_ yaml: String, rules: [(key: String, value: Double)]) throws(Failure) -> (text: String, name: String) {
        var taken = Set<String>()
        if let root = try? Yams.compose(yaml: yaml), let seq = root["variants"]?.sequence {
            for v in seq { if let n = v["name"]?.string { taken.insert(n) } }
        }
        var n = 1
        while taken.contains("whatif-\(n)") { n += 1 }
        let name = "whatif-\(n)"
        let flow = "{ " + rules.map { "\($0.key): \(text($0.value))" }.joined(separator: ", ") + " }"
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let start = lines.firstIndex(where: { topKey($0) == "variants" }) {
            let (value, _) = valueAndComment(lines[start], after: "variants")
            if !value.isEmpty && value != "[]" && value != "~" && value != "null" {
                throw Failure(message: "scenario.yaml: variants is written on one line; write it as a list (- name: …) to add a what-if")
            }
            if !value.isEmpty { lines[start] = "variants:" }
            let end = blockEnd(lines, start)
            let item = lines[(start + 1)..<end].first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
            let indent = item.map { String($0.prefix { $0 == " " }) } ?? "  "
            lines.insert(contentsOf: [indent + "- name: " + name, indent + "  rules: " + flow], at: end)
        } else {
            while lines.last?.isEmpty == true { lines.removeLast() }
            lines += ["variants:", "  - name: " + name, "    rules: " + flow, ""]
        }
        let out = lines.joined(separator: "\n")
        try check(out)
        return (out, name)
    }

    // MARK: lines

    static func text(_ v: Value) -> String {
        guard let v else { return "null" }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// `key` of a top-level line (`key: …` at column 0), or nil.
    static func topKey(_ line: String) -> String? {
        guard let first = line.first, first != " ", first != "\t", first != "#", first != "-",
              let colon = line.firstIndex(of: ":") else { return nil }
        return String(line[..<colon]).trimmingCharacters(in: .whitespaces)
    }

    /// The value after `key:` on a line and its trailing comment (with the spaces before it).
    static func valueAndComment(_ line: String, after key: String) -> (value: String, comment: String) {
        guard let colon = line.firstIndex(of: ":") else { return ("", "") }
        let rest = line[line.index(after: colon)...]
        var quote: Character? = nil
        var previous: Character = " "
        for i in rest.indices {
            let c = rest[i]
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == "#" && (previous == " " || previous == "\t") {
                var start = i
                while start > rest.startIndex, rest[rest.index(before: start)] == " " || rest[rest.index(before: start)] == "\t" { start = rest.index(before: start) }
                return (rest[..<i].trimmingCharacters(in: .whitespaces), String(rest[start...]))
            }
            previous = c
        }
        return (rest.trimmingCharacters(in: .whitespaces), "")
    }

    /// The index after the block of the top-level line at `start`: its indented lines, `- `
    /// items and the blank or comment lines between them (not trailing ones).
    static func blockEnd(_ lines: [String], _ start: Int) -> Int {
        var end = start + 1, j = start + 1
        while j < lines.count {
            let l = lines[j]
            let t = l.trimmingCharacters(in: .whitespaces)
            if l.first == " " || l.first == "\t" || l.hasPrefix("- ") || l == "-" {
                if !t.isEmpty && !t.hasPrefix("#") { end = j + 1 }
                j += 1
            } else if t.isEmpty || t.hasPrefix("#") {
                j += 1
            } else {
                break
            }
        }
        return end
    }

    /// A new line `key: value` keeping the old one's comment at its column (when it still fits).
    static func line(_ prefix: String, _ value: String, old: String) -> String {
        let (oldValue, comment) = valueAndComment(old, after: "")
        guard !comment.isEmpty else { return prefix + value }
        let pad = max(1, comment.prefix { $0 == " " || $0 == "\t" }.count + oldValue.count - value.count)
        return prefix + value + String(repeating: " ", count: pad) + comment.drop { $0 == " " || $0 == "\t" }
    }

    static func set(_ lines: inout [String], block: String, key: String, value: String) throws(Failure) {
        guard let start = lines.firstIndex(where: { topKey($0) == block }) else {
            let at = lines.firstIndex(where: { topKey($0) == "variants" }) ?? {
                var e = lines.count
                while e > 0, lines[e - 1].isEmpty { e -= 1 }
                return e
            }()
            lines.insert(contentsOf: [block + ":", "  " + key + ": " + value], at: at)
            return
        }
        let (inline, _) = valueAndComment(lines[start], after: block)
        if !inline.isEmpty {
            throw Failure(message: "scenario.yaml: \(block) is written on one line (\(inline)); write it as a block (one key per line) to change it here")
        }
        let end = blockEnd(lines, start)
        var indent = "  ", found = false
        for j in (start + 1)..<end {
            let l = lines[j]
            let t = l.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty, !t.hasPrefix("#") else { continue }
            let ind = String(l.prefix { $0 == " " || $0 == "\t" })
            if !found { indent = ind; found = true }
            if ind == indent, t.hasPrefix(key + ":") {
                lines[j] = line(ind + key + ": ", value, old: l)
                return
            }
        }
        lines.insert(indent + key + ": " + value, at: end)
    }

    static func setHolidays(_ lines: inout [String], _ days: [Day]) {
        let flow = "holidays: [" + days.map(\.iso).joined(separator: ", ") + "]"
        if let start = lines.firstIndex(where: { topKey($0) == "holidays" }) {
            let (_, comment) = valueAndComment(lines[start], after: "holidays")
            let end = blockEnd(lines, start)
            lines.replaceSubrange(start..<end, with: [flow + comment])
            return
        }
        let after = lines.lastIndex(where: { ["quarter", "start", "end"].contains(topKey($0) ?? "") })
        lines.insert(flow, at: after.map { $0 + 1 } ?? 0)
    }

    /// The edited text must still be one YAML mapping.
    static func check(_ text: String) throws(Failure) {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw Failure(message: "scenario.yaml: the edit would not be valid YAML (\(error)); nothing was changed")
        }
        guard root?.mapping != nil else { throw Failure(message: "scenario.yaml: not a mapping; nothing was changed") }
    }
}

extension ScenarioTextEdit {
    /// A JSON value, decoded so that `0` and `1` are numbers and `true` is not (on Linux,
    /// JSONSerialization's NSNumber 0/1 pass an `is Bool` test).
    enum JSONValue: Decodable {
        case number(Double), bool(Bool), string(String), null, array([JSONValue]), object([String: JSONValue])
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null } else if let x = try? c.decode(Double.self) { self = .number(x) } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let s = try? c.decode(String.self) { self = .string(s) } else if let a = try? c.decode([JSONValue].self) { self = .array(a) } else { self = .object(try c.decode([String: JSONValue].self)) }
        }
    }

    /// The allowed range of each key a planner sets (docs/INPUT.md).
    static func range(_ key: String) -> ClosedRange<Double> {
        switch key {
        case "max_distance_km", "unit_max_distance_km": 0.01...100
        case "max_sessions_per_member", "min_sessions_per_member": 0...1000
        default: 0...1e12
        }
    }

    /// A JSON object mapping keys to numbers: `{"street_budget": 0}`; nil allowed for `street_budget`.
    public static func numbers(json data: Data, keys: [String]) -> Result<[(key: String, value: Double)], Failure> {
        guard let v = try? JSONDecoder().decode(JSONValue.self, from: data), case let .object(o) = v else {
            return .failure(Failure(message: "the body must be a JSON object such as {\"max_distance_km\": 3} / 请求内容须为 JSON 对象"))
        }
        var out: [(key: String, value: Double)] = []
        for key in o.keys.sorted() {
            guard keys.contains(key) else {
                return .failure(Failure(message: "unknown key '\(key)'; known: \(keys.joined(separator: ", ")) / 未知的键 '\(key)'"))
            }
            switch o[key]! {
            case .null: continue
            case let .number(x) where range(key).contains(x): out.append((key, x))
            default:
                let r = range(key)
                return .failure(Failure(message: "\(key) must be a number in \(text(r.lowerBound))…\(text(r.upperBound)) / \(key) 须为 \(text(r.lowerBound))～\(text(r.upperBound)) 之间的数"))
            }
        }
        return .success(out)
    }

    /// The change of `PATCH /api/scenarios/ID`: `{"holidays": ["2027-02-06", …], "rules": {…}, "weights": {…}}`.
    public static func change(json data: Data) -> Result<Change, Failure> {
        guard let v = try? JSONDecoder().decode(JSONValue.self, from: data), case let .object(o) = v else {
            return .failure(Failure(message: "the body must be a JSON object with holidays, rules and/or weights / 请求内容须为含 holidays、rules、weights 的 JSON 对象"))
        }
        var change = Change()
        for key in o.keys.sorted() where !["holidays", "rules", "weights"].contains(key) {
            return .failure(Failure(message: "unknown key '\(key)'; known: holidays, rules, weights / 未知的键 '\(key)'"))
        }
        if let h = o["holidays"] {
            guard case let .array(items) = h else { return .failure(Failure(message: "holidays must be a list of dates such as [\"2027-02-06\"] / holidays 须为日期列表")) }
            var days: [Day] = []
            for item in items {
                guard case let .string(s) = item, let d = Day(iso: s) else {
                    return .failure(Failure(message: "holidays: \(item) is not a date such as 2027-02-06 / 节假日须写成 2027-02-06 这样的日期"))
                }
                days.append(d)
            }
            change.holidays = days
        }
        for (section, keys) in [("rules", ruleKeys), ("weights", weightKeys)] {
            guard let s = o[section] else { continue }
            guard case let .object(m) = s else { return .failure(Failure(message: "\(section) must be an object / \(section) 须为对象")) }
            var values: [(key: String, value: Value)] = []
            for key in m.keys.sorted() {
                guard keys.contains(key) else {
                    return .failure(Failure(message: "\(section): unknown key '\(key)'; known: \(keys.joined(separator: ", ")) / 未知的键 '\(key)'"))
                }
                switch m[key]! {
                case .null where key == "street_budget": values.append((key, nil))
                case let .number(x) where range(key).contains(x): values.append((key, x))
                default:
                    let r = range(key)
                    return .failure(Failure(message: "\(section).\(key) must be a number in \(text(r.lowerBound))…\(text(r.upperBound)) / \(key) 须为 \(text(r.lowerBound))～\(text(r.upperBound)) 之间的数"))
                }
            }
            if section == "rules" { change.rules = values } else { change.weights = values }
        }
        return .success(change)
    }

    /// The settings a bare workbook upload may carry in its query: `holidays` (dates separated
    /// by commas, `；` or `、`), `street_budget`, `max_distance_km`, `unit_max_distance_km`,
    /// `max_sessions_per_member`. Messages in `language`.
    public static func change(query get: (String) -> String?, chinese: Bool) -> Result<Change, Failure> {
        var change = Change()
        if let h = get("holidays"), !h.trimmingCharacters(in: .whitespaces).isEmpty {
            var days: [Day] = []
            for item in h.split(whereSeparator: { $0 == "," || ListCell.isSeparator($0) }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                guard let d = Day(iso: ChineseValues.halfWidth(item)) else {
                    return .failure(Failure(message: chinese ? "节假日 '\(item)' 不是 2027-02-06 这样的日期" : "holiday '\(item)' is not a date such as 2027-02-06"))
                }
                days.append(d)
            }
            change.holidays = days
        }
        for key in ["max_distance_km", "unit_max_distance_km", "max_sessions_per_member", "street_budget"] {
            guard let raw = get(key)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { continue }
            if key == "street_budget", ["none", "null", "不限"].contains(raw) { change.rules.append((key, nil)); continue }
            let r = range(key)
            guard let x = Double(ChineseValues.halfWidth(raw)), r.contains(x) else {
                return .failure(Failure(message: chinese ? "\(key) 须为 \(text(r.lowerBound))～\(text(r.upperBound)) 之间的数，不是 '\(raw)'"
                                                         : "\(key) must be a number in \(text(r.lowerBound))…\(text(r.upperBound)), not '\(raw)'"))
            }
            change.rules.append((key, x))
        }
        return .success(change)
    }
}
