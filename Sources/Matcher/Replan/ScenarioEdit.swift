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
