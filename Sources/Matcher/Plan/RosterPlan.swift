import Foundation

/// The plan an edited roster describes (`match check SCENARIO.yaml roster.csv`, or
/// `plan.xlsx#排班表` with rows moved by hand): who serves where and when from the roster's
/// rows (columns member, project, date — or 党员编号, 项目编号, 日期), each project held on the
/// dates its rows name, lead units and funds from the plan.json the roster came with. The
/// objective is recomputed from the edited plan: a stated objective that merely differs after
/// a hand edit is a note, not a violation.
public enum RosterPlan {
    public struct Result: Sendable {
        public var plan: Plan
        /// Remarks for the planner (not violations).
        public var notes: [String]
    }

    static let memberColumn = ["member", "党员编号"]
    static let projectColumn = ["project", "项目编号"]
    static let dateColumn = ["date", "日期"]

    /// Whether `path` names a roster sheet rather than a plan.json.
    public static func isRoster(_ path: String) -> Bool {
        let file = (path.split(separator: "#", maxSplits: 1).first.map(String.init) ?? path).lowercased()
        return file.hasSuffix(".csv") || file.hasSuffix(".xlsx") || file.hasSuffix(".xlsm")
    }

    /// Reads the roster (CSV or `book.xlsx[#Sheet]`; a workbook without a sheet: its 排班表 or roster sheet).
    public static func read(path: String) throws(InputError) -> RowTable {
        let file = path.split(separator: "#", maxSplits: 1).first.map(String.init) ?? path
        if file.lowercased().hasSuffix(".csv") { return try RowTable.readCSV(path: path) }
        if path.contains("#") { return try RowTable.readWorkbook(path: path) }
        for sheet in ["排班表", "roster", "Roster"] {
            if let t = try? RowTable.readWorkbook(path: path + "#" + sheet) { return t }
        }
        return try RowTable.readWorkbook(path: path)
    }

    public static func plan(roster: RowTable, base: Plan, scenario: Scenario, settings: Settings) throws(InputError) -> Result {
        guard let mc = roster.column(memberColumn), let pc = roster.column(projectColumn), let dc = roster.column(dateColumn) else {
            throw InputError(diagnostics: [.error(file: roster.file, line: 1,
                "a roster needs the columns member, project and date (党员编号, 项目编号, 日期); the header has: " + roster.header.joined(separator: ", "))])
        }
        var errors: [Diagnostic] = []
        var assignments: [Plan.Assignment] = []
        var datesOf: [String: Set<String>] = [:]
        for (r, row) in roster.rows.enumerated() {
            let m = row[mc].trimmingCharacters(in: .whitespaces), p = row[pc].trimmingCharacters(in: .whitespaces)
            let text = row[dc].trimmingCharacters(in: .whitespaces)
            if m.isEmpty && p.isEmpty && text.isEmpty { continue }
            guard let day = date(text, period: scenario.period) else {
                errors.append(.error(file: roster.file, line: roster.lines[r], column: "date", "'\(text)' is not a date; expected YYYY-MM-DD"))
                continue
            }
            assignments.append(Plan.Assignment(member: m, project: p, date: day.iso))
            datesOf[p, default: []].insert(day.iso)
        }
        if !errors.isEmpty { throw InputError(diagnostics: errors) }
        var notes: [String] = []
        var projects: [Plan.RunningProject] = []
        for rp in base.projects {
            guard let dates = datesOf[rp.id] else {
                notes.append("project \(rp.id) has no rows in the roster: it is checked as not running")
                continue
            }
            var edited = rp
            edited.dates = dates.sorted()
            if edited.dates != rp.dates {
                notes.append("project \(rp.id): the roster holds it on \(edited.dates.joined(separator: ", ")) (the plan: \(rp.dates.joined(separator: ", ")))")
            }
            projects.append(edited)
        }
        for id in datesOf.keys.sorted() where !base.projects.contains(where: { $0.id == id }) {
            // A project the plan does not run: no lead unit or funds to take from it.
            projects.append(Plan.RunningProject(id: id, leadUnit: "", dates: datesOf[id]!.sorted(), unitFunds: 0, streetFunds: 0))
        }
        let ids = ScenarioIds(scenario)
        var covered = Set<Int>()
        for rp in projects { if let p = ids.projects[rp.id] { covered.formUnion(scenario.projects[p].needs) } }
        let baseReasons = Dictionary(base.needs.map { ($0.id, $0.reason) }, uniquingKeysWith: { a, _ in a })
        let needs = scenario.needs.enumerated().map { i, need in
            covered.contains(i) ? Plan.NeedOutcome(id: need.id, covered: true, reason: nil)
                : Plan.NeedOutcome(id: need.id, covered: false,
                                   reason: (baseReasons[need.id] ?? nil) ?? "no project listing it runs in the edited roster")
        }
        var plan = Plan(scenario: base.scenario, variant: base.variant, status: base.status, objective: base.objective,
                        bestBound: base.bestBound, gap: base.gap, objectiveTerms: base.objectiveTerms,
                        projects: projects, assignments: assignments, needs: needs)
        let recomputed = PlanCheck.check(plan, scenario: scenario, settings: settings)
        if !PlanCheck.close(base.objective, recomputed.objective) {
            notes.append("the objective is \(NumberText.plain(recomputed.objective)) after the edit (the plan stated \(NumberText.plain(base.objective))); a note, not a violation")
        }
        plan.objective = recomputed.objective
        plan.objectiveTerms = recomputed.terms
        return Result(plan: plan, notes: notes)
    }

    /// `2027-01-16`, `2027/1/16`, `2027年1月16日`, or a spreadsheet's day number (days since 1899-12-30).
    static func date(_ text: String, period: Period) -> Day? {
        if let d = Day(iso: text) { return d }
        if let d = ChineseValues.date(Substring(text), period: period) { return d }
        if let n = Double(text), n >= 20_000, n <= 100_000, n == n.rounded() {
            return Day(year: 1899, month: 12, day: 30)!.adding(days: Int(n))
        }
        return nil
    }
}
