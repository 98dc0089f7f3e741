import Foundation
import Workbook
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plan's output files could not be written; the previous files are left as they were.
public struct PlanWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) { self.path = path; self.message = message }
    public var description: String { "\(path): \(message)" }
}

/// Writes a plan's files into one directory: `plan.json` and the planner's CSV tables
/// (`projects.csv`, `roster.csv`, `members.csv`, `unmet.csv`, `units.csv`; docs/OUTPUTS.md).
///
/// All or nothing: the files are written into a fresh sibling folder that is swapped in with
/// a rename, under a lock on the output folder (`OutputFolder`). A failure leaves the
/// previous outputs untouched and no temporary files.
///
/// CSV files are UTF-8 with a byte-order mark (so that Excel in a Chinese locale opens them
/// as UTF-8 rather than GBK), RFC 4180: CRLF line ends, a cell holding a comma, quote, CR or
/// LF is quoted and its quotes doubled. Rows are in id order; the same input gives the same bytes.
public enum PlanWriter {
    public static let fileNames = ["plan.json", "projects.csv", "roster.csv", "members.csv", "unmet.csv", "units.csv",
                                   "notices.csv", "sessions.ics", "plan.xlsx"]

    /// With `report`, `report.html` in that language joins the same all-or-nothing write.
    /// `language` sets the CSV headers and values, the workbook and the dispatch pages
    /// (default: `report`'s, else English); `projectReasons` are `SolveResult.projectReasons`.
    /// `madeAt`: when the files are made (sessions.ics's DTSTAMP; callers pass the clock, tests a
    /// fixed time; nil: the period's first day, so the same plan gives the same bytes).
    public static func write(_ plan: Plan, scenario: Scenario, settings: Settings, report: ReportLanguage? = nil,
                             language: ReportLanguage? = nil, projectReasons: [String] = [], madeAt: Date? = nil,
                             to directory: String) throws {
        var files = try render(plan, scenario: scenario, settings: settings, language: language ?? report ?? .en,
                               projectReasons: projectReasons, madeAt: madeAt)
        if let report {
            let html = ReportWriter.render(plan: plan, scenario: scenario, settings: settings, language: report,
                                           projectReasons: projectReasons)
            files.append((ReportWriter.fileName, Data(html.utf8)))
        }
        // The swap replaces `dispatch/` whole, so pages of an earlier plan's communities or
        // units never linger beside this plan's index.
        try writeAtomically(files, to: directory)
    }

    /// The files' names and bytes, in `fileNames` order, then the dispatch pages (`dispatch/…`).
    /// `calendarHistory`: the calendar published before (a replan), for SEQUENCE and cancelled events.
    public static func render(_ plan: Plan, scenario: Scenario, settings: Settings, language: ReportLanguage = .en,
                              projectReasons: [String] = [], madeAt: Date? = nil,
                              calendarHistory: CalendarHistory? = nil) throws -> [(name: String, data: Data)] {
        let tables = PlanTables(plan: plan, scenario: scenario, settings: settings, language: language,
                                projectReasons: projectReasons)
        let csv = (projects: tables.projects(), roster: tables.roster(), members: tables.members(),
                   unmet: tables.unmet(), units: tables.units())
        var files: [(name: String, data: Data)] = [
            ("plan.json", try PlanJSON.encode(plan)),
            ("projects.csv", csv.projects.data),
            ("roster.csv", csv.roster.data),
            ("members.csv", csv.members.data),
            ("unmet.csv", csv.unmet.data),
            ("units.csv", csv.units.data),
            ("notices.csv", tables.notices().data),
            ("sessions.ics", Data(tables.calendar(madeAt: madeAt, history: calendarHistory).utf8)),
            ("plan.xlsx", try tables.workbook(projects: csv.projects, roster: csv.roster, members: csv.members,
                                              units: csv.units, unmet: csv.unmet)),
        ]
        files += DispatchPages(tables: tables).files()
        return files
    }

    /// Replaces `directory`'s files by `files` all at once (`OutputFolder`: a fresh sibling
    /// folder swapped in by rename, under a lock); other entries of the folder are kept.
    public static func writeAtomically(_ files: [(name: String, data: Data)], to directory: String) throws {
        try OutputFolder.replace(directory, with: files)
    }
}

/// An RFC 4180 table: header and rows of cells, rendered as UTF-8 with BOM and CRLF line ends.
/// An output meant to be opened (a plan's tables) passes every cell through
/// `SpreadsheetText.neutralised` (no live formulas); an input list written back for the
/// planner to edit (`carry-over`) keeps its cells as they were (`neutralised: false`), so a
/// phone `+86 139…` stays a phone and round-trips unchanged.
public struct CSVOutput: Hashable, Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var neutralised: Bool

    public init(header: [String], rows: [[String]] = [], neutralised: Bool = true) {
        self.header = header; self.rows = rows; self.neutralised = neutralised
    }

    public static func quote(_ cell: String) -> String {
        let special = cell.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard special else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public var text: String {
        var out = "\u{FEFF}"
        for row in [header] + rows {
            out += row.map { CSVOutput.quote(neutralised ? SpreadsheetText.neutralised($0) : $0) }.joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    public var data: Data { Data(text.utf8) }
}

/// The CSV tables of one plan.
struct PlanTables {
    let plan: Plan
    let scenario: Scenario
    let settings: Settings
    /// Id → index maps of the scenario's lists.
    let ids: ScenarioIds
    /// Running projects: scenario index → plan entry (the first, if listed twice).
    let running: [Int: Plan.RunningProject]
    /// Assignments with known ids, parsed: (member, project, day).
    let staffed: [(m: Int, p: Int, day: Day?, date: String)]
    /// The language of headers, values and reasons.
    let words: Words
    /// Per scenario project: why it does not run ("" when it does or when unknown).
    let projectReasons: [String]

    init(plan: Plan, scenario: Scenario, settings: Settings, language: ReportLanguage = .en, projectReasons: [String] = []) {
        self.plan = plan; self.scenario = scenario; self.settings = settings
        words = Words(language)
        self.projectReasons = projectReasons
        ids = ScenarioIds(scenario)
        var running: [Int: Plan.RunningProject] = [:]
        for pr in plan.projects {
            if let p = ids.projects[pr.id], running[p] == nil { running[p] = pr }
        }
        self.running = running
        var staffed: [(m: Int, p: Int, day: Day?, date: String)] = []
        staffed.reserveCapacity(plan.assignments.count)
        for a in plan.assignments {
            if let m = ids.members[a.member], let p = ids.projects[a.project] {
                staffed.append((m, p, Day(iso: a.date), a.date))
            }
        }
        self.staffed = staffed
    }

    /// rank[i] = position of ids[i] in id order (ties by index).
    static func ranks(_ ids: [String]) -> [Int] {
        let order = ids.indices.sorted { ids[$0] != ids[$1] ? ids[$0] < ids[$1] : $0 < $1 }
        var rank = Array(repeating: 0, count: ids.count)
        for (r, i) in order.enumerated() { rank[i] = r }
        return rank
    }

    private func money(_ x: Double) -> String { NumberText.plain(x, decimals: 2) }
    private func unitName(_ id: String) -> String { ids.units[id].map { scenario.units[$0].name } ?? "" }

    /// Every candidate project: the running ones by id, then those that do not run, by id, with their reason.
    func projects() -> CSVOutput {
        var table = CSVOutput(header: words.header(["id", "title", "community", "community_name", "category", "lead_unit", "lead_unit_name",
                                                    "dates", "slot", "sessions", "headcount", "skills_required", "skills_met",
                                                    "hours", "cost", "unit_funds", "street_funds", "needs_covered",
                                                    "place", "time", "status", "reason"]))
        // Staff per (project, date string) and skill holders per (project, date, tag).
        var headcount: [String: [String: [Int]]] = [:]
        for s in staffed { headcount[scenario.projects[s.p].id, default: [:]][s.date, default: []].append(s.m) }
        for p in running.keys.sorted(by: { scenario.projects[$0].id < scenario.projects[$1].id }) {
            let pr = running[p]!, project = scenario.projects[p]
            let dates = pr.dates.sorted()
            let staffOf = headcount[project.id] ?? [:]
            let counts = dates.map { String(staffOf[$0]?.count ?? 0) }
            let required = project.skills.map { "\(scenario.skillTags[$0.tag]):\($0.count)" }
            var met = ""
            if !project.skills.isEmpty {
                let ok = dates.allSatisfy { d in
                    let ms = staffOf[d] ?? []
                    return project.skills.allSatisfy { req in ms.count { scenario.members[$0].hasSkill(req.tag) } >= req.count }
                }
                met = words.yesNo(ok)
            }
            table.rows.append([
                project.id, project.title, scenario.communities[project.community].id,
                scenario.communities[project.community].name, project.category, pr.leadUnit, unitName(pr.leadUnit),
                dates.joined(separator: ";"), words.slotValue(project.slot), String(project.sessions), counts.joined(separator: ";"),
                required.joined(separator: ";"), met, NumberText.plain(project.hours), money(project.cost),
                money(pr.unitFunds), money(pr.streetFunds), project.needs.map { scenario.needs[$0].id }.joined(separator: ";"),
                scenario.extras.place(p), scenario.timeSpan(of: p).description, words.status(running: true), "",
            ])
        }
        let translate = words.language.reasonTranslator()
        for p in scenario.projects.indices.sorted(by: { scenario.projects[$0].id < scenario.projects[$1].id }) where running[p] == nil {
            let project = scenario.projects[p], c = scenario.communities[project.community]
            let required = project.skills.map { "\(scenario.skillTags[$0.tag]):\($0.count)" }
            let reason = p < projectReasons.count ? translate(projectReasons[p]) : ""
            table.rows.append([
                project.id, project.title, c.id, c.name, project.category, "", "", "", words.slotValue(project.slot),
                String(project.sessions), "", required.joined(separator: ";"), "", NumberText.plain(project.hours),
                money(project.cost), "", "", "", scenario.extras.place(p), scenario.timeSpan(of: p).description,
                words.status(running: false), reason,
            ])
        }
        return table
    }

    /// One row per staffed member-session, by member, date, slot, project.
    func roster() -> CSVOutput {
        var table = CSVOutput(header: words.header(["member", "name", "unit", "unit_name", "project", "project_title", "community",
                                                    "date", "slot", "distance_km", "hours", "weekday", "time", "place", "phone"])
                                      + scenario.extras.memberColumns)
        let memberRank = PlanTables.ranks(scenario.members.map(\.id))
        let projectRank = PlanTables.ranks(scenario.projects.map(\.id))
        let order = staffed.indices.sorted { a, b in
            let x = staffed[a], y = staffed[b]
            if x.m != y.m { return memberRank[x.m] < memberRank[y.m] }
            if x.date != y.date { return x.date < y.date }
            let sx = scenario.projects[x.p].slot, sy = scenario.projects[y.p].slot
            if sx != sy { return sx < sy }
            return projectRank[x.p] < projectRank[y.p]
        }
        table.rows.reserveCapacity(order.count)
        for k in order {
            let s = staffed[k], member = scenario.members[s.m], project = scenario.projects[s.p]
            let unit = scenario.units[member.unit]
            table.rows.append([
                member.id, member.name, unit.id, unit.name, project.id, project.title,
                scenario.communities[project.community].id, s.date, words.slotValue(project.slot),
                NumberText.fixed(Eligibility.memberDistance(s.m, project: s.p, in: scenario), decimals: 3),
                NumberText.plain(project.hours), s.day.map { words.weekday($0.weekday) } ?? "",
                scenario.timeSpan(of: s.p).description, scenario.extras.place(s.p), scenario.extras.phone(member: s.m),
            ] + (scenario.extras.memberColumns.isEmpty ? [] : scenario.extras.cells(member: s.m)))
        }
        return table
    }

    /// One row per engaged member: sessions and volunteer hours (the basis of volunteer points).
    /// With participation in use (contract v2) also every member below their target, with
    /// the target, the sessions still missing and why (`nothing_in_reach`, …).
    func members() -> CSVOutput {
        let part = ParticipationSummary(plan: plan, scenario: scenario, settings: settings)
        var header = ["member", "name", "unit", "unit_name", "community", "sessions", "hours", "distance_km", "projects"]
        if part.inUse { header += ["target", "below_target", "reason"] }
        var table = CSVOutput(header: words.header(header))
        var sessions: [Int: Int] = [:], hours: [Int: Double] = [:], km: [Int: Double] = [:]
        var projects: [Int: Set<String>] = [:]
        for s in staffed {
            sessions[s.m, default: 0] += 1
            hours[s.m, default: 0] += scenario.projects[s.p].hours
            km[s.m, default: 0] += Eligibility.memberDistance(s.m, project: s.p, in: scenario)
            projects[s.m, default: []].insert(scenario.projects[s.p].id)
        }
        var listed = Set(sessions.keys)
        if part.inUse { for m in scenario.members.indices where part.reasons[m] != nil { listed.insert(m) } }
        for m in listed.sorted(by: { scenario.members[$0].id != scenario.members[$1].id ? scenario.members[$0].id < scenario.members[$1].id : $0 < $1 }) {
            let member = scenario.members[m], unit = scenario.units[member.unit]
            var row = [
                member.id, member.name, unit.id, unit.name, scenario.communities[member.community].id,
                String(sessions[m] ?? 0), NumberText.plain(hours[m] ?? 0), NumberText.fixed(km[m] ?? 0, decimals: 3),
                (projects[m] ?? []).sorted().joined(separator: ";"),
            ]
            if part.inUse {
                row += [String(part.targets[m]), String(max(0, part.targets[m] - part.sessions[m])), part.reasons[m]?.rawValue ?? ""]
            }
            table.rows.append(row)
        }
        return table
    }

    /// Uncovered needs, heaviest first (weight descending, then id).
    func unmet() -> CSVOutput {
        var table = CSVOutput(header: words.header(["need", "title", "community", "community_name", "category", "households",
                                                    "urgency", "weight", "reason"]))
        var rows: [(need: Need, reason: String)] = []
        var seen = Set<String>()
        let hints = needHints()
        for n in plan.needs where !n.covered && seen.insert(n.id).inserted {
            if let i = ids.needs[n.id] { rows.append((scenario.needs[i], (n.reason ?? "") + (hints[i].map { "; " + $0 } ?? ""))) }
        }
        rows.sort { $0.need.weight != $1.need.weight ? $0.need.weight > $1.need.weight : $0.need.id < $1.need.id }
        let translate = words.language.reasonTranslator()
        for r in rows {
            let c = scenario.communities[r.need.community]
            table.rows.append([r.need.id, r.need.title, c.id, c.name, r.need.category, String(r.need.households),
                               String(r.need.urgency), String(r.need.weight), translate(r.reason)])
        }
        return table
    }

    /// Every unit, by id: projects led, funds given, limits and shortfall.
    func units() -> CSVOutput {
        // With participation in use (contract v2): how many reporting members serve (双报告).
        let part = ParticipationSummary(plan: plan, scenario: scenario, settings: settings)
        var byUnit: [Int: ParticipationSummary.UnitRow] = [:]
        if part.inUse { for row in part.units { byUnit[row.unit] = row } }
        var table = CSVOutput(header: words.header(["unit", "units.name", "kind", "projects_led", "projects", "funds_given", "funds",
                                      "min_projects", "max_projects", "shortfall"]
                                  + (part.inUse ? ["reporting_members", "members_serving", "members_below_target"] : [])))
        var led = Array(repeating: [String](), count: scenario.units.count)
        var given = Array(repeating: 0.0, count: scenario.units.count)
        for p in running.keys.sorted() {
            let pr = running[p]!
            if let u = ids.units[pr.leadUnit] {
                led[u].append(scenario.projects[p].id)
                given[u] += pr.unitFunds
            }
        }
        for u in scenario.units.indices.sorted(by: { scenario.units[$0].id < scenario.units[$1].id }) {
            let unit = scenario.units[u]
            table.rows.append([
                unit.id, unit.name, unit.kind, String(led[u].count), led[u].sorted().joined(separator: ";"),
                money(given[u]), money(unit.funds), String(unit.minProjects), String(unit.maxProjects),
                String(max(0, unit.minProjects - led[u].count)),
            ] + (byUnit[u].map { [String($0.reporting), String($0.serving), String($0.belowTarget)] } ?? []))
        }
        return table
    }
}
