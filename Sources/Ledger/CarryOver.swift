import Foundation
import GRDB
import Matcher

/// `match carry-over`: the next quarter's scenario folder from this quarter's scenario and
/// what the ledger says happened (docs/LEDGER.md, "The cycle").
public enum CarryOver {
    public struct Options: Sendable {
        /// The next quarter, `2027Q2`.
        public var quarter: String
        /// Which recorded variant of this quarter to carry (needed when several were recorded).
        public var variant: String?
        public init(quarter: String, variant: String? = nil) { self.quarter = quarter; self.variant = variant }
    }

    public struct Result: Sendable {
        /// The folder's files (name, bytes): scenario.yaml and the five lists.
        public var files: [(name: String, data: Data)]
        /// Needs covered by a completed project, dropped.
        public var dropped: [String]
        /// Needs kept with urgency + 1 (capped at 5), with their new urgency and quarters waited.
        public var carried: [(need: String, urgency: Int, quartersWaited: Int)]
        /// Projects whose needs were all dropped (their work is done), removed from projects.csv;
        /// the others lose the dropped needs from their `needs` cell.
        public var projectsDone: [String]
        /// Members who attended no session this year, given `min_sessions` 1.
        public var targeted: [String]
        /// Needs of the list the record does not know (the list was edited after recording): kept as they are.
        public var unknownNeeds: [String]
        /// Other things the planner should look at (holidays of the old quarter, date rules with no date in the new one).
        public var notes: [String]
        public var newName: String
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        /// A problem of the command line (exit 64) rather than of the data (exit 65).
        public var isUsage: Bool
        public var description: String { message }
    }

    /// The files of the next quarter. Reads the scenario's files and the ledger; writes nothing.
    public static func prepare(scenario: Scenario, ledger: LedgerStore, options: Options) throws -> Result {
        guard let files = scenario.files else { throw Failure(message: "the scenario has no files to carry over", isUsage: false) }
        guard let next = Period(quarter: options.quarter) else {
            throw Failure(message: "--quarter '\(options.quarter)' is not a quarter like 2027Q2", isUsage: true)
        }
        let thisQuarter = Quarter.label(scenario.period), nextQuarter = Quarter.label(next)
        guard next.start > scenario.period.start else {
            throw Failure(message: "--quarter \(nextQuarter) is not after the scenario's quarter \(thisQuarter)", isUsage: true)
        }
        let scenarioFile = (files.scenario as NSString).lastPathComponent
        let recorded = try ledger.plans().filter { $0.scenario == scenario.name && $0.quarter == thisQuarter }
        let chosen: PlanRecord
        if let v = options.variant {
            guard let p = recorded.first(where: { $0.variant == v }) else {
                throw Failure(message: "\(ledger.path): no record of variant '\(v)' of '\(scenario.name)' \(thisQuarter)"
                              + (recorded.isEmpty ? "" : "; recorded: " + recorded.map(\.variant).joined(separator: ", ")), isUsage: false)
            }
            chosen = p
        } else if recorded.count == 1 {
            chosen = recorded[0]
        } else if recorded.isEmpty {
            throw Failure(message: "\(ledger.path): no record of '\(scenario.name)' \(thisQuarter) (\(scenarioFile)); run `match record` for it first", isUsage: false)
        } else {
            throw Failure(message: "\(ledger.path): '\(scenario.name)' \(thisQuarter) has records of several variants (\(recorded.map(\.variant).joined(separator: ", "))); choose one with --variant", isUsage: true)
        }
        let planID = chosen.id ?? 0
        let (coveredByID, attendedThisYear): ([String: Bool], Set<String>) = try ledger.read { db in
            var covered: [String: Bool] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT need, covered FROM need WHERE plan_id = ?", arguments: [planID]) {
                covered[r[0]] = r[1]
            }
            let attended = try String.fetchAll(db, sql: """
                SELECT DISTINCT s.member FROM session s JOIN plan p ON p.id = s.plan_id
                WHERE p.year = ? AND p.quarter < ? AND s.attended
                """, arguments: [Quarter.year(next), nextQuarter])
            return (covered, Set(attended))
        }

        // needs: drop the covered, age the rest. Lists are read as solve reads them (a workbook's
        // sheet or a text list) and written back in the same form (ListWriter).
        let needsTable = try RowTable.read(path: files.needs)
        guard let cID = needsTable.column(canonical: "id"), let cUrgency = needsTable.column(canonical: "urgency") else {
            throw Failure(message: "\(needsTable.file): no id or urgency column", isUsage: false)
        }
        var needHeader = needsTable.header
        let cWaited = needsTable.column(canonical: "quarters_waited") ?? {
            needHeader.append(needsTable.isChinese ? "已等待季度数" : "quarters_waited"); return needHeader.count - 1
        }()
        var needRows: [[String]] = []
        var dropped: [String] = [], carried: [(need: String, urgency: Int, quartersWaited: Int)] = [], unknown: [String] = []
        for (r, var row) in needsTable.rows.enumerated() {
            while row.count < needHeader.count { row.append("") }
            let id = row[cID]
            guard let covered = coveredByID[id] else { unknown.append(id); needRows.append(row); continue }
            if covered { dropped.append(id); continue }
            guard let u = CellValue.int(row[cUrgency]) else {
                throw Failure(message: "\(needsTable.file):\(needsTable.lines[r]): urgency '\(row[cUrgency])' is not a whole number", isUsage: false)
            }
            let urgency = min(5, u + 1)
            let waited = (CellValue.int(row[cWaited]) ?? 0) + 1
            row[cUrgency] = String(urgency)
            row[cWaited] = String(waited)
            carried.append((id, urgency, waited))
            needRows.append(row)
        }

        // projects: the dropped needs are gone; a project left with none is done.
        let droppedSet = Set(dropped)
        let projectsTable = try RowTable.read(path: files.projects)
        guard let cProject = projectsTable.column(canonical: "id"), let cNeeds = projectsTable.column(canonical: "needs") else {
            throw Failure(message: "\(projectsTable.file): no id or needs column", isUsage: false)
        }
        var projectRows: [[String]] = []
        var projectsDone: [String] = []
        for row in projectsTable.rows {
            let listed = ListCell.split(row[cNeeds])
            let left = listed.filter { !droppedSet.contains($0) }
            if !listed.isEmpty && left.isEmpty { projectsDone.append(row[cProject]); continue }
            var r = row
            if left.count != listed.count { r[cNeeds] = ListCell.join(left, like: row[cNeeds]) }
            projectRows.append(r)
        }

        // members: a participation target for those who have not served this year.
        let yaml = String(decoding: FileManager.default.contents(atPath: files.scenario) ?? Data(), as: UTF8.self)
        let defaultTarget = ScenarioText.minSessionsPerMember(yaml) ?? 0
        let membersTable = try RowTable.read(path: files.members)
        guard let cMember = membersTable.column(canonical: "id") else {
            throw Failure(message: "\(membersTable.file): no id column", isUsage: false)
        }
        var memberHeader = membersTable.header
        let cMin = membersTable.column(canonical: "min_sessions") ?? {
            memberHeader.append(membersTable.isChinese ? "最少场次" : "min_sessions"); return memberHeader.count - 1
        }()
        var memberRows: [[String]] = []
        var targeted: [String] = []
        for var row in membersTable.rows {
            while row.count < memberHeader.count { row.append("") }
            if !attendedThisYear.contains(row[cMember]) {
                let cell = row[cMin]
                let current = cell.isEmpty ? defaultTarget : (CellValue.int(cell) ?? 0)
                if current < 1 { row[cMin] = "1"; targeted.append(row[cMember]) }
            }
            memberRows.append(row)
        }

        // Notes: date rules that name no date of the new quarter, and the old quarter's holidays.
        var notes: [String] = []
        let doneSet = Set(projectsDone)
        let stale = scenario.projects.filter { !doneSet.contains($0.id) }.filter { p in
            let items = ListCell.split(p.datesRule)
            let plain = items.filter { !$0.hasPrefix("!") }
            return !plain.isEmpty && plain.allSatisfy { item in Day(iso: item).map { !next.contains($0) } ?? false }
        }.map(\.id)
        if !stale.isEmpty {
            notes.append("projects whose dates are all ISO dates outside \(nextQuarter) (give them new dates): " + ScenarioText.list(stale))
        }
        if ScenarioText.hasTopLevel("holidays", in: yaml) {
            notes.append("holidays kept as they were; put \(nextQuarter)'s in scenario.yaml")
        }

        let newName = ScenarioText.renamed(scenario.name, from: scenario.period, to: next)
        let projectsChanged = !projectsDone.isEmpty || projectRows.map { $0[cNeeds] } != projectsTable.rows.map { $0[cNeeds] }
        let lists: [ListWriter.List] = [
            .init(key: "communities", table: try RowTable.read(path: files.communities)),
            .init(key: "needs", table: needsTable, header: needHeader, rows: needRows),
            .init(key: "units", table: try RowTable.read(path: files.units)),
            projectsChanged ? .init(key: "projects", table: projectsTable, rows: projectRows) : .init(key: "projects", table: projectsTable),
            .init(key: "members", table: membersTable, header: memberHeader, rows: memberRows),
        ]
        let written: (files: [(name: String, data: Data)], data: [(key: String, file: String)])
        do { written = try ListWriter.files(lists) } catch { throw Failure(message: error.message, isUsage: false) }
        let yamlOut = ScenarioText.rewritten(yaml, name: newName, quarter: nextQuarter, data: written.data)
        let out: [(name: String, data: Data)] = [("scenario.yaml", Data(yamlOut.utf8))] + written.files
        return Result(files: out, dropped: dropped, carried: carried, projectsDone: projectsDone, targeted: targeted, unknownNeeds: unknown,
                      notes: notes, newName: newName)
    }

    /// What changed, in lines for the planner.
    public static func describe(_ r: Result, quarter: String, folder: String) -> [String] {
        var lines = ["\(folder): the scenario of \(quarter), \"\(r.newName)\""]
        lines.append("needs: \(r.dropped.count) dropped (covered by a completed project)" + (r.dropped.isEmpty ? "" : ": " + ScenarioText.list(r.dropped)))
        lines.append("needs: \(r.carried.count) carried with urgency + 1 (at most 5) and quarters_waited"
                     + (r.carried.isEmpty ? "" : ": " + ScenarioText.list(r.carried.map { "\($0.need) (urgency \($0.urgency), waited \($0.quartersWaited))" })))
        if !r.unknownNeeds.isEmpty {
            lines.append("needs: \(r.unknownNeeds.count) not in the record, kept as they are: " + ScenarioText.list(r.unknownNeeds))
        }
        lines.append("members: \(r.targeted.count) with no attended session this year given min_sessions 1"
                     + (r.targeted.isEmpty ? "" : ": " + ScenarioText.list(r.targeted)))
        lines.append("projects: \(r.projectsDone.count) done (every need they list was covered) and removed"
                     + (r.projectsDone.isEmpty ? "" : ": " + ScenarioText.list(r.projectsDone)) + "; the others lose the covered needs from their needs cell")
        lines.append("communities, units: copied as they are; rules, weights, solver and variants: as they were")
        lines += r.notes.map { "note: " + $0 }
        return lines
    }

    /// Writes the folder all or nothing: every file into a temporary folder beside `directory`
    /// (fsynced), then the temporary folder renamed into place (an existing folder is moved
    /// aside first and removed after). On a failure before the rename nothing visible changes.
    public static func writeFolder(_ files: [(name: String, data: Data)], to directory: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let temp = parent.appendingPathComponent(".\(target.lastPathComponent).\(pid).tmp")
        let old = parent.appendingPathComponent(".\(target.lastPathComponent).\(pid).old")
        try? fm.removeItem(at: temp)
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try PlanWriter.writeAtomically(files, to: temp.path)
        } catch {
            try? fm.removeItem(at: temp)
            throw Failure(message: "\(directory): cannot write (\(error))", isUsage: false)
        }
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            try? fm.removeItem(at: temp)
            throw Failure(message: "\(directory): is a file, not a folder", isUsage: false)
        }
        if exists && rename(target.path, old.path) != 0 {
            let why = String(cString: strerror(errno))
            try? fm.removeItem(at: temp)
            throw Failure(message: "\(directory): cannot replace (\(why))", isUsage: false)
        }
        if rename(temp.path, target.path) != 0 {
            let why = String(cString: strerror(errno))
            if exists { _ = rename(old.path, target.path) }
            try? fm.removeItem(at: temp)
            throw Failure(message: "\(directory): cannot replace (\(why))", isUsage: false)
        }
        if exists { try? fm.removeItem(at: old) }
    }
}

/// Line-level edits of a scenario file, so that everything not named (rules, weights, solver,
/// variants, comments) is carried byte for byte.
enum ScenarioText {
    static func list(_ ids: [String], limit: Int = 20) -> String {
        ids.count <= limit ? ids.joined(separator: ", ") : ids.prefix(limit).joined(separator: ", ") + ", … (\(ids.count - limit) more)"
    }

    /// `key` of a top-level line (`key: …` at column 0), or nil.
    static func topKey(_ line: Substring) -> String? {
        guard let first = line.first, first != " ", first != "\t", first != "#", first != "-",
              let colon = line.firstIndex(of: ":") else { return nil }
        return String(line[..<colon]).trimmingCharacters(in: .whitespaces)
    }

    static func hasTopLevel(_ key: String, in yaml: String) -> Bool {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).contains { topKey($0) == key }
    }

    /// `rules.min_sessions_per_member` (or a top-level one), when written as a plain number.
    static func minSessionsPerMember(_ yaml: String) -> Int? {
        for line in yaml.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("min_sessions_per_member:") else { continue }
            let v = t.dropFirst("min_sessions_per_member:".count).split(separator: "#").first ?? ""
            return Int(v.trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The name with the old quarter's mentions (`2027Q1`, `2027 Q1`, `2027年第一季度`) turned into the new one's.
    static func renamed(_ name: String, from old: Period, to new: Period) -> String {
        func parts(_ p: Period) -> (y: Int, q: Int) { (Quarter.year(p), (p.start.components.month - 1) / 3 + 1) }
        let (oy, oq) = parts(old), (ny, nq) = parts(new)
        let han = ["", "一", "二", "三", "四"]
        var s = name
        for (a, b) in [("\(oy)Q\(oq)", "\(ny)Q\(nq)"), ("\(oy) Q\(oq)", "\(ny) Q\(nq)"), ("\(oy)年第\(han[oq])季度", "\(ny)年第\(han[nq])季度"),
                       ("\(oy)-Q\(oq)", "\(ny)-Q\(nq)"), ("Q\(oq) \(oy)", "Q\(nq) \(ny)")] {
            s = s.replacingOccurrences(of: a, with: b)
        }
        return s
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The scenario file with its top-level `name`, period (`quarter`, or `start`/`end`) and `data` replaced.
    static func rewritten(_ yaml: String, name: String, quarter: String, data: [(key: String, file: String)]) -> String {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var wrotePeriod = false, wroteName = false
        var i = 0
        while i < lines.count {
            let line = lines[i]
            switch topKey(line) {
            case "name":
                out.append("name: " + quoted(name)); wroteName = true
            case "quarter", "start", "end":
                if !wrotePeriod { out.append("quarter: " + quarter); wrotePeriod = true }
            case "data":
                out.append("data:")
                out += data.map { "  \($0.key): " + ($0.file.contains("#") || $0.file.contains(" ") ? quoted($0.file) : $0.file) }
                // Skip the old block: the indented lines after it (blank ones too, when more indented ones follow).
                func indented(_ l: Substring) -> Bool { l.first == " " || l.first == "\t" }
                var j = i + 1
                while j < lines.count {
                    if indented(lines[j]) { i = j; j += 1; continue }
                    if lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1; continue }
                    break
                }
            default:
                out.append(String(line))
            }
            i += 1
        }
        if !wrotePeriod { out.insert("quarter: " + quarter, at: wroteName ? 1 : 0) }
        if !wroteName { out.insert("name: " + quoted(name), at: 0) }
        return out.joined(separator: "\n")
    }
}
