import Foundation
import Matcher

/// The quarter a period belongs to (`2027Q1`: the quarter of its first day) and its year.
public enum Quarter {
    public static func label(_ period: Period) -> String {
        let c = period.start.components
        return "\(c.year)Q\((c.month - 1) / 3 + 1)"
    }

    public static func year(_ period: Period) -> Int { period.start.components.year }
}

/// A yes/no cell of an attendance or feedback sheet: 是/否, yes/no, y/n, 1/0, true/false.
enum YesNo {
    static func parse(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "是", "yes", "y", "1", "true", "到", "√", "✓": true
        case "否", "no", "n", "0", "false", "未到", "×", "✗": false
        default: nil
        }
    }

    static let expected = "是/否, yes/no, 1/0 or true/false"
}

/// Column names the ledger's sheets accept (English as `match solve` writes them, and Chinese).
enum SheetColumn {
    static let member = ["member", "党员", "成员", "党员编号"]
    static let project = ["project", "项目", "项目编号"]
    static let date = ["date", "日期"]
    static let attended = ["attended", "到场", "出席"]
    static let completed = ["completed", "完成", "已完成"]
    static let satisfaction = ["satisfaction", "满意度"]
    static let quartersWaited = ["quarters_waited", "已等待季度数", "等待季度"]
}

/// Turns a plan and what happened (attendance, feedback) into a `Recording`, checking every row
/// against the scenario and the plan. Pure: reads nothing and writes nothing itself.
public enum Recorder {
    /// - Parameters:
    ///   - planFile, planText: plan.json's display name and text (for the line of `"scenario"`).
    ///   - needsTable: the scenario's needs list as rows (its `quarters_waited` column, when there).
    /// - Returns: the recording and warnings (planned sessions missing from the attendance sheet).
    public static func prepare(scenario: Scenario, plan: Plan, planFile: String, planText: String,
                               attendance: RowTable, feedback: RowTable?, needsTable: RowTable?,
                               recordedAt: Date = Date()) throws(InputError) -> (recording: Recording, warnings: [Diagnostic]) {
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        func lineOf(_ needle: String) -> Int? {
            var line = 1
            for l in planText.split(separator: "\n", omittingEmptySubsequences: false) {
                if l.contains(needle) { return line }
                line += 1
            }
            return nil
        }

        // The plan must be of this scenario, of one of its variants.
        if plan.scenario != scenario.name {
            errors.append(.error(file: planFile, line: lineOf("\"scenario\""), column: "scenario",
                                 "the plan is of scenario '\(plan.scenario)', not of '\(scenario.name)' (\(scenario.files.map { displayName($0.scenario) } ?? "the scenario file"))"))
        }
        if (try? scenario.settings(for: plan.variant)) == nil {
            errors.append(.error(file: planFile, line: lineOf("\"variant\""), column: "variant",
                                 "the scenario has no variant '\(plan.variant)'"))
        }
        let ids = ScenarioIds(scenario)
        for a in plan.assignments where ids.members[a.member] == nil || ids.projects[a.project] == nil {
            let what = ids.members[a.member] == nil ? "member '\(a.member)'" : "project '\(a.project)'"
            errors.append(.error(file: planFile, line: lineOf("\"\(ids.members[a.member] == nil ? a.member : a.project)\""),
                                 column: "assignments", "\(what) is not in the scenario"))
        }
        for p in plan.projects where ids.projects[p.id] == nil || ids.units[p.leadUnit] == nil {
            errors.append(.error(file: planFile, line: lineOf("\"\(p.id)\""), column: "projects",
                                 "project '\(p.id)' or its lead unit '\(p.leadUnit)' is not in the scenario"))
        }
        guard errors.isEmpty else { throw InputError(diagnostics: errors.sorted()) }

        // Attendance: one row per planned member-session.
        var planned: [String: Int] = [:]   // "member\u{1}project\u{1}date" → assignment index
        for (k, a) in plan.assignments.enumerated() { planned[key(a.member, a.project, a.date)] = k }
        var attended = [Bool?](repeating: nil, count: plan.assignments.count)
        var seenLine = [Int](repeating: 0, count: plan.assignments.count)
        let t = attendance
        let cMember = t.column(SheetColumn.member), cProject = t.column(SheetColumn.project)
        let cDate = t.column(SheetColumn.date), cAttended = t.column(SheetColumn.attended)
        let missing = [("member", cMember), ("project", cProject), ("date", cDate), ("attended", cAttended)]
            .filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty {
            throw InputError(diagnostics: [.error(file: t.file, line: 1,
                "missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (the roster.csv of `match solve` with an added column attended / 到场); the header has: \(t.header.joined(separator: ", "))")])
        }
        for (r, row) in t.rows.enumerated() {
            let line = t.lines[r]
            let m = row[cMember!], p = row[cProject!], d = row[cDate!], v = row[cAttended!]
            guard ids.members[m] != nil else {
                errors.append(.error(file: t.file, line: line, column: "member", "unknown member '\(m)': not in the scenario's members list"))
                continue
            }
            guard let k = planned[key(m, p, d)] else {
                errors.append(.error(file: t.file, line: line, column: "project",
                                     "\(m) on \(p) \(d) is not a session of the plan (\(displayName(planFile)))"))
                continue
            }
            guard let yes = YesNo.parse(v) else {
                errors.append(.error(file: t.file, line: line, column: "attended",
                                     v.isEmpty ? "empty; expected \(YesNo.expected)" : "'\(v)' is not \(YesNo.expected)"))
                continue
            }
            if seenLine[k] > 0 {
                errors.append(.error(file: t.file, line: line, column: "member",
                                     "\(m) on \(p) \(d) is already on line \(seenLine[k])"))
                continue
            }
            seenLine[k] = line
            attended[k] = yes
        }
        for (k, a) in plan.assignments.enumerated() where attended[k] == nil && errors.isEmpty {
            warnings.append(.warning(file: t.file, "\(a.member) on \(a.project) \(a.date) is in the plan but not in the attendance sheet; counted as absent"))
        }

        // Feedback: per running project, completed and satisfaction.
        let running = Dictionary(plan.projects.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var completedBy = [Bool?](repeating: nil, count: plan.projects.count)
        var satisfaction = [Int?](repeating: nil, count: plan.projects.count)
        if let f = feedback {
            guard let cp = f.column(SheetColumn.project) else {
                throw InputError(diagnostics: errors.sorted() + [.error(file: f.file, line: 1,
                    "missing column project; the header has: \(f.header.joined(separator: ", "))")])
            }
            let cc = f.column(SheetColumn.completed), cs = f.column(SheetColumn.satisfaction)
            if cc == nil && cs == nil {
                errors.append(.error(file: f.file, line: 1, "expected a column completed (完成) or satisfaction (满意度); the header has: \(f.header.joined(separator: ", "))"))
            }
            var seen: [String: Int] = [:]
            for (r, row) in f.rows.enumerated() {
                let line = f.lines[r], p = row[cp]
                guard let k = running[p] else {
                    errors.append(.error(file: f.file, line: line, column: "project",
                                         ids.projects[p] == nil ? "unknown project '\(p)'" : "project '\(p)' does not run in the plan"))
                    continue
                }
                if let first = seen[p] {
                    errors.append(.error(file: f.file, line: line, column: "project", "project '\(p)' is already on line \(first)"))
                    continue
                }
                seen[p] = line
                if let cc, !row[cc].isEmpty {
                    if let b = YesNo.parse(row[cc]) { completedBy[k] = b }
                    else { errors.append(.error(file: f.file, line: line, column: "completed", "'\(row[cc])' is not \(YesNo.expected)")) }
                }
                if let cs, !row[cs].isEmpty {
                    if let s = CellValue.int(row[cs]), (1...5).contains(s) { satisfaction[k] = s }
                    else { errors.append(.error(file: f.file, line: line, column: "satisfaction", "'\(row[cs])' is not a whole number 1..5")) }
                }
            }
        }

        // quarters_waited of each need, from the needs list's own column.
        var waited: [String: Int] = [:]
        if let n = needsTable, let cid = n.column(["id", "编号"]), let cw = n.column(SheetColumn.quartersWaited) {
            for (r, row) in n.rows.enumerated() where !row[cw].isEmpty {
                if let w = CellValue.int(row[cw]), w >= 0 { waited[row[cid]] = w }
                else { errors.append(.error(file: n.file, line: n.lines[r], column: "quarters_waited", "'\(row[cw])' is not a whole number >= 0")) }
            }
        }
        guard errors.isEmpty else { throw InputError(diagnostics: errors.sorted()) }

        // The rows.
        let quarter = Quarter.label(scenario.period)
        let iso = ISO8601DateFormatter()
        iso.timeZone = TimeZone(identifier: "UTC")
        let planRow = PlanRecord(id: nil, scenario: scenario.name, variant: plan.variant, quarter: quarter,
                                 year: Quarter.year(scenario.period), periodStart: scenario.period.start.iso,
                                 periodEnd: scenario.period.end.iso, status: plan.status.rawValue, planJSON: planText,
                                 attendanceFile: displayName(attendance.file), feedbackFile: feedback.map { displayName($0.file) },
                                 recordedAt: iso.string(from: recordedAt))
        let members = scenario.members.map {
            MemberRecord(planID: 0, member: $0.id, name: $0.name, unit: scenario.units[$0.unit].id,
                         community: scenario.communities[$0.community].id)
        }
        let units = scenario.units.map { UnitRecord(planID: 0, unit: $0.id, name: $0.name, kind: $0.kind, funds: $0.funds) }
        let communities = scenario.communities.map { CommunityRecord(planID: 0, community: $0.id, name: $0.name) }

        // A running project is completed as the feedback says, else when every session had someone there.
        var sessionsWithSomeone: [String: Set<String>] = [:]
        for (k, a) in plan.assignments.enumerated() where attended[k] == true {
            sessionsWithSomeone[a.project, default: []].insert(a.date)
        }
        var projects: [ProjectRecord] = []
        var completedNeeds = Set<String>()
        var plannedNeeds = Set<String>()
        for (k, rp) in plan.projects.enumerated() {
            let p = scenario.projects[ids.projects[rp.id]!]
            let byAttendance = !rp.dates.isEmpty && rp.dates.allSatisfy { sessionsWithSomeone[rp.id]?.contains($0) == true }
            let done = completedBy[k] ?? byAttendance
            let needIDs = p.needs.map { scenario.needs[$0].id }
            plannedNeeds.formUnion(needIDs)
            if done { completedNeeds.formUnion(needIDs) }
            projects.append(ProjectRecord(planID: 0, project: p.id, title: p.title, community: scenario.communities[p.community].id,
                                          leadUnit: rp.leadUnit, hours: p.hours, sessions: rp.dates.count,
                                          unitFunds: rp.unitFunds, streetFunds: rp.streetFunds, needs: needIDs.joined(separator: ";"),
                                          completed: done, completedFrom: completedBy[k] == nil ? "attendance" : "feedback",
                                          satisfaction: satisfaction[k]))
        }
        let needs = scenario.needs.map { n in
            NeedRecord(planID: 0, need: n.id, community: scenario.communities[n.community].id, title: n.title,
                       households: n.households, urgency: n.urgency, planned: plannedNeeds.contains(n.id),
                       covered: completedNeeds.contains(n.id), quartersWaited: waited[n.id] ?? 0)
        }
        let sessions = plan.assignments.enumerated().map { k, a in
            SessionRecord(planID: 0, member: a.member, project: a.project, date: a.date,
                          hours: scenario.projects[ids.projects[a.project]!].hours, attended: attended[k] ?? false)
        }
        let recording = Recording(plan: planRow, members: members, units: units, communities: communities,
                                  needs: needs, projects: projects, sessions: sessions)
        return (recording, warnings)
    }

    private static func key(_ m: String, _ p: String, _ d: String) -> String { m + "\u{1}" + p + "\u{1}" + d }

    /// The last path component (files are named as the user gave them elsewhere).
    static func displayName(_ path: String) -> String { (path as NSString).lastPathComponent }
}
