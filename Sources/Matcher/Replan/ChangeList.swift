import Foundation

/// One row of CHANGES.csv (docs/REPLAN.md): what happened after the plan was announced.
public struct Change: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// `id` = a member, `date` = the one date they cannot come.
        case memberUnavailable = "member-unavailable"
        /// `id` = a member who serves no more from `date` (default: --today).
        case memberLeaves = "member-leaves"
        /// `id` = a unit that leads no more projects from `date` (default: --today).
        case unitWithdraws = "unit-withdraws"
        /// `id` = a project that holds no more sessions from `date` (default: --today).
        case projectCancelled = "project-cancelled"
        /// `id` = a need the planner added to needs.csv (and to a project's needs) after the plan.
        case needAdded = "need-added"
    }

    public var kind: Kind
    public var id: String
    /// The change's date; for every kind but member-unavailable, nil means --today.
    public var date: Day?
    /// File and line for messages (`changes.csv:4`).
    public var file: String
    public var line: Int

    public init(kind: Kind, id: String, date: Day? = nil, file: String = "changes.csv", line: Int = 0) {
        self.kind = kind; self.id = id; self.date = date; self.file = file; self.line = line
    }

    /// From when the change holds: its date, or --today.
    public func effective(today: Day) -> Day { max(date ?? today, today) }
}

/// Reads and checks CHANGES.csv (or a workbook sheet) against the scenario and the plan.
public enum ChangeList {
    /// Column names accepted (English or Chinese), per meaning.
    static let changeColumn = ["change", "kind", "变动", "变更", "变化", "类型"]
    static let idColumn = ["id", "编号"]
    static let dateColumn = ["date", "日期"]

    /// Reads the sheet at `path` (CSV, or `book.xlsx[#Sheet]`).
    public static func read(path: String, scenario: Scenario, plan: Plan, today: Day) throws(InputError) -> [Change] {
        let table = try RowTable.read(path: path)
        return try parse(table, scenario: scenario, plan: plan, today: today)
    }

    /// Every row's problems at once, each naming file, line and value.
    public static func parse(_ table: RowTable, scenario: Scenario, plan: Plan, today: Day) throws(InputError) -> [Change] {
        var errors: [Diagnostic] = []
        let file = table.file
        let words = Words(.en)
        guard let kc = table.column(changeColumn), let ic = table.column(idColumn) else {
            let missing = [table.column(changeColumn) == nil ? "change (变动)" : nil, table.column(idColumn) == nil ? "id (编号)" : nil]
                .compactMap { $0 }.joined(separator: " and ")
            throw InputError(diagnostics: [.error(file: file, line: 1, words.replanMissingColumns(missing))])
        }
        let dc = table.column(dateColumn)
        let ids = ScenarioIds(scenario)
        let planNeeds = Set(plan.needs.map(\.id))
        var out: [Change] = []
        for (r, row) in table.rows.enumerated() {
            let line = table.lines[r]
            let kindText = row[kc].trimmingCharacters(in: .whitespaces)
            let id = row[ic].trimmingCharacters(in: .whitespaces)
            let dateText = dc.map { row[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            if kindText.isEmpty && id.isEmpty && dateText.isEmpty { continue }
            func err(_ column: String, _ message: String) { errors.append(.error(file: file, line: line, column: column, message)) }
            guard let kind = Words.changeKind(kindText) else {
                err("change", words.replanUnknownKind(kindText)); continue
            }
            var date: Day?
            if !dateText.isEmpty {
                let parsed: Day? = Day(iso: dateText) ?? ChineseValues.date(Substring(dateText), period: scenario.period) ?? nil
                guard let d = parsed else { err("date", words.replanBadDate(dateText)); continue }
                if !scenario.period.contains(d) {
                    err("date", words.replanDateOutside(d, scenario.period)); continue
                }
                if d < today, kind != .needAdded { err("date", words.replanDateBeforeToday(d, today)); continue }
                date = d
            } else if kind == .memberUnavailable {
                err("date", words.replanDateRequired); continue
            }
            if id.isEmpty { err("id", words.replanIdRequired(kind)); continue }
            switch kind {
            case .memberUnavailable, .memberLeaves:
                if ids.members[id] == nil { err("id", words.replanUnknownId("member", id, "members.csv")); continue }
            case .unitWithdraws:
                if ids.units[id] == nil { err("id", words.replanUnknownId("unit", id, "units.csv")); continue }
            case .projectCancelled:
                if ids.projects[id] == nil { err("id", words.replanUnknownId("project", id, "projects.csv")); continue }
            case .needAdded:
                if ids.needs[id] == nil { err("id", words.replanUnknownId("need", id, "needs.csv")); continue }
                if planNeeds.contains(id) { err("id", words.replanNeedAlreadyPlanned(id)); continue }
            }
            out.append(Change(kind: kind, id: id, date: date, file: file, line: line))
        }
        if !errors.isEmpty { throw InputError(diagnostics: errors) }
        if out.isEmpty { throw InputError(diagnostics: [.error(file: file, line: 1, words.replanNoChanges)]) }
        return out
    }
}
