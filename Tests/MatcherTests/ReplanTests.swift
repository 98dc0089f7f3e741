import Foundation
import Testing
@testable import Matcher

/// `match replan` on Fixtures/replan (five members 111 m apart going north, two units that may
/// lead everything; the announced plan: P1 on 01-09 and 01-16 am with M1, M2; P2 on 01-16 pm
/// with M3). --today is 2027-01-10, so the 01-09 session happened. Each expected plan is
/// derived by hand in the test's comment; every new plan passes the independent checker on the
/// changed scenario written beside it.
@Suite("Replan")
struct ReplanTests {
    static let scenarioPath = Repo.fixture("replan/scenario.yaml")
    static let planPath = Repo.fixture("replan/plan.json")

    struct Outcome {
        var result: ReplanResult
        var folder: String
        /// "member project date" of every assignment.
        var assignments: Set<String> { Set(result.plan.assignments.map { "\($0.member) \($0.project) \($0.date)" }) }
        var notices: [String] {
            result.notices.map { "\($0.added ? "+" : "-")\(result.scenario.members[$0.member].id) \($0.project) \($0.date.iso)" }
        }
        func project(_ id: String) -> Plan.RunningProject? { result.plan.projects.first { $0.id == id } }
    }

    func replan(_ rows: [[String]], today: String = "2027-01-10", editPlan: (inout Plan) -> Void = { _ in }) throws -> Outcome {
        let sc = try ScenarioReader.loadWithoutWarnings(path: Self.scenarioPath)
        var plan = try PlanJSON.read(path: Self.planPath)
        editPlan(&plan)
        let day = try #require(Day(iso: today))
        let table = RowTable(file: "changes.csv", header: ["change", "id", "date"], rows: rows, lines: rows.indices.map { $0 + 2 })
        let changes = try ChangeList.parse(table, scenario: sc, plan: plan, today: day)
        let result = try Replanner.replan(scenario: sc, plan: plan, changes: changes, options: ReplanOptions(today: day))
        let dir = try temporaryDirectory("replan") + "/out"
        try OutputFolder.replace(dir, with: try ReplanOutputs.files(result, original: sc, language: .en, folder: dir))
        if let check = try independentCheck(scenario: dir + "/scenario/scenario.yaml", plan: dir + "/plan.json") {
            #expect(check.ok, "checker: \(check.result?.violations ?? [])")
        }
        return Outcome(result: result, folder: dir)
    }

    static let past: Set<String> = ["M1 P1 2027-01-09", "M2 P1 2027-01-09"]

    @Test("member-unavailable: the nearest free member fills the gap, nothing else moves")
    func memberUnavailable() throws {
        // M1 cannot come on 01-16. P1 01-16 am keeps M2 and needs one more: M3 (333 m) is the
        // nearest free in the morning (their P2 session is in the afternoon).
        let o = try replan([["member-unavailable", "M1", "2027-01-16"]])
        #expect(o.assignments == Self.past.union(["M2 P1 2027-01-16", "M3 P1 2027-01-16", "M3 P2 2027-01-16"]))
        #expect(o.notices == ["-M1 P1 2027-01-16", "+M3 P1 2027-01-16"])
        #expect(o.project("P1")?.dates == ["2027-01-09", "2027-01-16"])
        #expect(o.result.summary.untouched == 2 && o.result.summary.untouchedKept == 2)
        let csv = try String(contentsOfFile: o.folder + "/changes.csv", encoding: .utf8)
        #expect(csv.contains("M1,Li,,P1,Elderly visits,2027-01-16,Sat"))
        #expect(csv.contains("removed"))
        #expect(csv.contains("added,\"Dear Zhang: please come to East Gate on Sat 16 Jan 2027 at 9:00"))
        let members = try String(contentsOfFile: o.folder + "/scenario/members.csv", encoding: .utf8)
        #expect(members.contains("M1,Li,U1,C1,31.001,121.0,any;!2027-01-16"))
    }

    @Test("member-leaves: sessions before today stay, later ones are re-staffed")
    func memberLeaves() throws {
        // M2 leaves from today: 01-09 (past) keeps M2; 01-16 gets M3 beside M1.
        let o = try replan([["member-leaves", "M2", ""]])
        #expect(o.assignments == Self.past.union(["M1 P1 2027-01-16", "M3 P1 2027-01-16", "M3 P2 2027-01-16"]))
        #expect(o.notices == ["-M2 P1 2027-01-16", "+M3 P1 2027-01-16"])
    }

    @Test("unit-withdraws: the other unit leads, nobody is told anything")
    func unitWithdraws() throws {
        // U1 led P1 and P2; U2 may lead both (max 2): same sessions, same staff, new lead.
        let o = try replan([["unit-withdraws", "U1", ""]])
        #expect(o.project("P1")?.leadUnit == "U2")
        #expect(o.project("P2")?.leadUnit == "U2")
        #expect(o.notices.isEmpty)
        #expect(o.assignments.count == 5)
        #expect(o.result.summary.newLeads.map(\.to) == ["U2", "U2"])
        let units = try String(contentsOfFile: o.folder + "/scenario/units.csv", encoding: .utf8)
        #expect(units.contains("U1,Street school,31.0,121.0,care;clean,0,0,0"))
    }

    @Test("project-cancelled: a project that held sessions ends shortened, one that had not is dropped")
    func projectCancelled() throws {
        // P1 held 01-09: it stays in the plan as a one-session project (N1 still counts); its
        // 01-16 staff are told. P2 had held nothing: it is dropped, N2 uncovered with a reason.
        let o = try replan([["project-cancelled", "P1", ""], ["project-cancelled", "P2", ""]])
        #expect(o.assignments == Self.past)
        #expect(o.project("P1")?.dates == ["2027-01-09"])
        #expect(o.project("P2") == nil)
        #expect(o.notices == ["-M1 P1 2027-01-16", "-M2 P1 2027-01-16", "-M3 P2 2027-01-16"])
        let n2 = try #require(o.result.plan.needs.first { $0.id == "N2" })
        #expect(!n2.covered && !(n2.reason ?? "").isEmpty)
        #expect(o.result.plan.objectiveTerms.needs == 30)
        let projects = try String(contentsOfFile: o.folder + "/scenario/projects.csv", encoding: .utf8)
        #expect(projects.contains("P1,Elderly visits,C1,care,N1,1,2027-01-09,am"))
        #expect(!projects.contains("P2,"))
    }

    @Test("need-added: a project for the new need is added when it gains more than it changes")
    func needAdded() throws {
        // N3 (20 households × urgency 1) is new: P3 on 01-23 pm with the nearest member M1
        // (111 m). U1 already leads two projects (its maximum), so U2 leads P3.
        // Gain 20 − 0.5 × 0.111 − 5 (one added member-session) > 0.
        let o = try replan([["need-added", "N3", ""]]) { plan in plan.needs.removeAll { $0.id == "N3" } }
        #expect(o.project("P3")?.leadUnit == "U2")
        #expect(o.project("P3")?.dates == ["2027-01-23"])
        #expect(o.assignments.contains("M1 P3 2027-01-23"))
        #expect(o.notices == ["+M1 P3 2027-01-23"])
        #expect(o.result.plan.objectiveTerms.needs == 60)
    }

    @Test("a session nobody can staff on its date moves to the nearest date that works")
    func moveDate() throws {
        // Only M2 is free on 01-16: P2 (pm, one member) takes M2; P1 (am, two members) cannot be
        // held that day and moves to 01-23 with the two nearest, M1 and M2.
        let o = try replan([["member-unavailable", "M1", "2027-01-16"], ["member-unavailable", "M3", "2027-01-16"],
                            ["member-unavailable", "M4", "2027-01-16"], ["member-unavailable", "M5", "2027-01-16"]])
        #expect(o.project("P1")?.dates == ["2027-01-09", "2027-01-23"])
        #expect(o.assignments == Self.past.union(["M1 P1 2027-01-23", "M2 P1 2027-01-23", "M2 P2 2027-01-16"]))
        #expect(o.result.summary.moved.map { "\($0.project) \($0.from.iso) \($0.to.iso)" } == ["P1 2027-01-16 2027-01-23"])
    }

    @Test("bad change rows name file, line and value", arguments: [
        (["member-unavailable", "M9", "2027-01-16"], "changes.csv:2: error: id: no member 'M9' in members.csv"),
        (["member-unavailable", "M1", "2027-01-05"], "changes.csv:2: error: date: 2027-01-05 is before --today 2027-01-10"),
        (["member-sick", "M1", "2027-01-16"], "changes.csv:2: error: change: 'member-sick' is not a change"),
        (["member-unavailable", "M1", ""], "changes.csv:2: error: date: member-unavailable needs the date"),
        (["project-cancelled", "P1", "2027-13-01"], "changes.csv:2: error: date: '2027-13-01' is not a date"),
        (["need-added", "N1", ""], "changes.csv:2: error: id: need 'N1' is already in the plan"),
    ])
    func badRows(row: [String], message: String) throws {
        let sc = try ScenarioReader.loadWithoutWarnings(path: Self.scenarioPath)
        let plan = try PlanJSON.read(path: Self.planPath)
        let table = RowTable(file: "changes.csv", header: ["change", "id", "date"], rows: [row], lines: [2])
        do {
            _ = try ChangeList.parse(table, scenario: sc, plan: plan, today: Day(iso: "2027-01-10")!)
            Issue.record("no error")
        } catch {
            let text = error.diagnostics.map(\.description).joined(separator: "\n")
            #expect(text.hasPrefix(message), "\(text)")
        }
    }

    @Test("Chinese headers and kinds are read")
    func chineseHeaders() throws {
        let sc = try ScenarioReader.loadWithoutWarnings(path: Self.scenarioPath)
        let plan = try PlanJSON.read(path: Self.planPath)
        let table = RowTable(file: "变动.csv", header: ["变动", "编号", "日期"], rows: [["党员请假", "M1", "2027年1月16日"]], lines: [2])
        let changes = try ChangeList.parse(table, scenario: sc, plan: plan, today: Day(iso: "2027-01-10")!)
        #expect(changes == [Change(kind: .memberUnavailable, id: "M1", date: Day(iso: "2027-01-16"), file: "变动.csv", line: 2)])
    }
}

extension ReplanTests {
    @Test("unit-withdraws with nobody to take over: a project that held sessions ends shortened under its unit")
    func unitWithdrawsNoSuccessor() throws {
        // Both units withdraw. P1 held 01-09 under U1: it stops there, shortened, still led by U1
        // (which keeps just that one project: max_projects 1). P2 had held nothing: dropped.
        let o = try replan([["unit-withdraws", "U1", ""], ["unit-withdraws", "U2", ""]])
        #expect(o.project("P1")?.dates == ["2027-01-09"])
        #expect(o.project("P1")?.leadUnit == "U1")
        #expect(o.project("P2") == nil)
        #expect(o.assignments == Self.past)
        #expect(o.notices == ["-M1 P1 2027-01-16", "-M2 P1 2027-01-16", "-M3 P2 2027-01-16"])
        let units = try String(contentsOfFile: o.folder + "/scenario/units.csv", encoding: .utf8)
        #expect(units.contains("U1,Street school,31.0,121.0,care;clean,0,0,1"))
        #expect(units.contains("U2,District clinic,31.01,121.0,care;clean,0,0,0"))
    }
}

/// sessions.ics across replans (issue 30): DTSTAMP is the time passed in, SEQUENCE counts an
/// event's changes and events no longer held stay as STATUS:CANCELLED under their first UID.
extension ReplanTests {
    static let madeAt = Date(timeIntervalSince1970: 1_800_000_000)   // 2027-01-15 08:00:00 UTC

    /// Replans `plan` (published with `calendar`) on the scenario at `scenarioPath`; returns the
    /// output folder.
    func replanWithCalendar(_ rows: [[String]], scenarioPath: String, plan: Plan, calendar: String?) throws -> String {
        let sc = try ScenarioReader.loadWithoutWarnings(path: scenarioPath)
        let day = try #require(Day(iso: "2027-01-10"))
        let table = RowTable(file: "changes.csv", header: ["change", "id", "date"], rows: rows, lines: rows.indices.map { $0 + 2 })
        let changes = try ChangeList.parse(table, scenario: sc, plan: plan, today: day)
        let result = try Replanner.replan(scenario: sc, plan: plan, changes: changes, options: ReplanOptions(today: day))
        let dir = try temporaryDirectory("replan-ics") + "/out"
        try OutputFolder.replace(dir, with: try ReplanOutputs.files(result, original: sc, language: .en, folder: dir,
                                                                     previousCalendar: calendar, madeAt: Self.madeAt))
        return dir
    }

    func events(_ path: String) throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for e in try ICSParser.events(try String(contentsOfFile: path, encoding: .utf8)) { out[e["UID"] ?? "?"] = e }
        return out
    }

    @Test("sessions.ics: a lead change counts up SEQUENCE; a cancelled project's sessions stay as cancelled")
    func calendarAcrossReplans() throws {
        let sc = try ScenarioReader.loadWithoutWarnings(path: Self.scenarioPath)
        let plan = try PlanJSON.read(path: Self.planPath)
        let first = try PlanWriter.render(plan, scenario: sc, settings: try sc.settings(for: plan.variant), language: .en,
                                          madeAt: Self.madeAt)
        let firstICS = String(decoding: try #require(first.first { $0.name == "sessions.ics" }).data, as: UTF8.self)
        #expect(firstICS.contains("DTSTAMP:20270115T080000Z"))
        let dir0 = try temporaryDirectory("replan-ics0")
        try firstICS.write(toFile: dir0 + "/sessions.ics", atomically: true, encoding: .utf8)
        let firstEvents = try events(dir0 + "/sessions.ics")
        #expect(firstEvents.count == 3)
        #expect(firstEvents.values.allSatisfy { $0["SEQUENCE"] == "0" && $0["STATUS"] == nil })
        func uid(_ project: String, _ date: String) throws -> String {
            try #require(firstEvents.keys.first { $0.hasSuffix("-" + project + "-" + date + "@match") })
        }

        // U1 withdraws: U2 leads both projects, same dates and staff: every event changed (the lead), same UIDs.
        let dir1 = try replanWithCalendar([["unit-withdraws", "U1", ""]], scenarioPath: Self.scenarioPath, plan: plan, calendar: firstICS)
        let second = try events(dir1 + "/sessions.ics")
        #expect(Set(second.keys) == Set(firstEvents.keys))
        for (id, e) in second {
            #expect(e["SEQUENCE"] == "1", "\(id): \(e)")
            #expect(e["STATUS"] == nil)
            #expect(e["DTSTAMP"] == "20270115T080000Z")
        }

        // Then P2 is cancelled, replanned from the first replan's plan, scenario and calendar:
        // its session stays as cancelled (SEQUENCE 2), the others keep SEQUENCE 1.
        let plan1 = try PlanJSON.read(path: dir1 + "/plan.json")
        let secondICS = try String(contentsOfFile: dir1 + "/sessions.ics", encoding: .utf8)
        let dir2 = try replanWithCalendar([["project-cancelled", "P2", ""]], scenarioPath: dir1 + "/scenario/scenario.yaml",
                                          plan: plan1, calendar: secondICS)
        let third = try events(dir2 + "/sessions.ics")
        #expect(Set(third.keys) == Set(firstEvents.keys), "the cancelled session keeps its UID")
        let p2 = try #require(third[try uid("P2", "20270116")])
        #expect(p2["STATUS"] == "CANCELLED")
        #expect(p2["SEQUENCE"] == "2")
        #expect(p2["DTSTART;TZID=Asia/Shanghai"]?.hasPrefix("20270116") == true)
        #expect(third[try uid("P1", "20270109")]?["SEQUENCE"] == "1")
        #expect(third[try uid("P1", "20270116")]?["SEQUENCE"] == "1")
        #expect(third[try uid("P1", "20270116")]?["STATUS"] == nil)

        // Without the earlier calendar the plan itself still tells what was cancelled.
        let dir3 = try replanWithCalendar([["project-cancelled", "P1", ""]], scenarioPath: Self.scenarioPath, plan: plan, calendar: nil)
        let fourth = try events(dir3 + "/sessions.ics")
        #expect(fourth[try uid("P1", "20270116")]?["STATUS"] == "CANCELLED")
        #expect(fourth[try uid("P1", "20270116")]?["SEQUENCE"] == "1")
        #expect(fourth[try uid("P1", "20270109")]?["SEQUENCE"] == "0", "the session held before today is unchanged")
    }
}

extension ReplanTests {
    @Test("unit-withdraws: changes.csv tells the old and the new lead unit and every member kept from today on")
    func unitWithdrawsChangesCSV() throws {
        let o = try replan([["unit-withdraws", "U1", ""]])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: o.folder + "/changes.csv")))
        let t = CSVTable(utf8: Array(bytes.dropFirst(3)))
        #expect(t.header == ["recipient", "id", "name", "phone", "project", "project_title", "date", "weekday", "time_span", "change", "notice"])
        let rows = (0..<t.count).map { r in Array(t.cells[t.recordStart[r] ..< t.recordStart[r + 1]]) }
        let keys = Set(rows.map { [$0[0], $0[1], $0[4], $0[6], $0[9]].joined(separator: " ") })
        #expect(keys == [
            "unit U1 P1  lead-handed-over", "unit U2 P1  lead-taken", "unit U1 P2  lead-handed-over", "unit U2 P2  lead-taken",
            "member M1 P1 2027-01-16 lead-changed", "member M2 P1 2027-01-16 lead-changed", "member M3 P2 2027-01-16 lead-changed",
        ], "\(keys.sorted())")
        #expect(rows.count == keys.count)
        let m1 = try #require(rows.first { $0[1] == "M1" })
        #expect(m1[10].contains("is now led by District clinic"), "\(m1[10])")
        let u1 = try #require(rows.first { $0[1] == "U1" && $0[4] == "P1" })
        #expect(u1[10].hasPrefix("Street school: "), "\(u1[10])")
        #expect(u1[10].contains("Sat 16 Jan 2027"), "\(u1[10])")
    }
}
