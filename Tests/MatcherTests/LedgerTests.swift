import Foundation
import Testing
import Workbook
@testable import Ledger
@testable import Matcher

/// The quarter cycle (issue 17) on the example street, with a real SQLite ledger in a temp folder.
@Suite("Ledger") struct LedgerTests {
    static let exampleStreet = Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path

    /// Q1 solved once for the suite (a few seconds), written to its own folder.
    struct SolvedQuarter {
        var scenario: Scenario
        var plan: Plan
        var folder: String
        var planPath: String { folder + "/plan.json" }
        var planText: String { String(decoding: FileManager.default.contents(atPath: planPath)!, as: UTF8.self) }
        var roster: RowTable
    }

    static func solve(_ path: String, into folder: String) throws -> SolvedQuarter {
        let scenario = try ScenarioReader.load(path: path).scenario
        let plan = try Solver.solve(scenario, options: SolveOptions(settings: scenario.settings)).plan
        try PlanWriter.write(plan, scenario: scenario, settings: scenario.settings, to: folder)
        return SolvedQuarter(scenario: scenario, plan: plan, folder: folder, roster: try RowTable.readCSV(path: folder + "/roster.csv"))
    }

    /// roster.csv with an `attended` column: 否 on the rows in `absent`, 是 elsewhere.
    static func attendance(_ roster: RowTable, absent: Set<Int>, header: String = "attended", to path: String) throws {
        let out = CSVOutput(header: roster.header + [header],
                            rows: roster.rows.enumerated().map { i, r in r + [absent.contains(i) ? "否" : "是"] })
        try out.data.write(to: URL(fileURLWithPath: path))
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func record(_ q: SolvedQuarter, attendance: String, feedback: String? = nil, into store: LedgerStore) throws -> Recording {
        let needs = try RowTable.readCSV(path: q.scenario.files!.needs)
        let r = try Recorder.prepare(scenario: q.scenario, plan: q.plan, planFile: q.planPath, planText: q.planText,
                                     attendance: try RowTable.readCSV(path: attendance),
                                     feedback: try feedback.map { p throws(InputError) in try RowTable.readCSV(path: p) },
                                     needsTable: needs).recording
        try store.record(r)
        return r
    }

    @Test("two quarters: solve, record three absences, ledger, record again, carry over, solve Q2")
    func twoQuarters() throws {
        let dir = try temporaryDirectory("ledger-cycle")
        let q1 = try Self.solve(Self.exampleStreet, into: dir + "/q1")
        let cm = try #require(q1.roster.column(["member"])), ch = try #require(q1.roster.column(["hours"]))
        let cp = try #require(q1.roster.column(["project"]))
        try #require(q1.roster.rows.count > 10)
        // Three absences on different members; one running project marked not completed.
        var absent: [Int] = []
        for (i, r) in q1.roster.rows.enumerated() where absent.count < 3 && !absent.contains(where: { q1.roster.rows[$0][cm] == r[cm] }) {
            absent.append(i)
        }
        try Self.attendance(q1.roster, absent: Set(absent), to: dir + "/attendance.csv")
        let notDone = try #require(q1.plan.projects.first { p in
            q1.scenario.projects.first { $0.id == p.id }!.needs.count > 0
        })
        try Self.write("project,completed,satisfaction\r\n\(notDone.id),否,2\r\n", to: dir + "/feedback.csv")

        let store = try LedgerStore(path: dir + "/ledger.sqlite")
        _ = try Self.record(q1, attendance: dir + "/attendance.csv", feedback: dir + "/feedback.csv", into: store)
        let first = try store.summary(year: 2027)

        // Hours per member equal the hours of the sessions they attended (from the roster itself).
        var expected: [String: (sessions: Int, hours: Double)] = [:]
        for (i, r) in q1.roster.rows.enumerated() where !absent.contains(i) {
            expected[r[cm], default: (0, 0)].sessions += 1
            expected[r[cm], default: (0, 0)].hours += Double(r[ch])!
        }
        #expect(first.members.count == q1.scenario.members.count)
        for m in first.members {
            #expect(m.sessions == (expected[m.member]?.sessions ?? 0), "\(m.member)")
            #expect(m.hours == (expected[m.member]?.hours ?? 0), "\(m.member)")
            #expect(m.points == m.hours)
        }
        let absentHours = absent.reduce(0.0) { $0 + Double(q1.roster.rows[$1][ch])! }
        let rosterHours = q1.roster.rows.reduce(0.0) { $0 + Double($1[ch])! }
        #expect(first.members.reduce(0) { $0 + $1.hours } == rosterHours - absentHours)
        #expect(first.units.reduce(0) { $0 + $1.sessionsAssigned } == q1.roster.rows.count)
        #expect(first.units.reduce(0) { $0 + $1.sessionsAttended } == q1.roster.rows.count - 3)
        let ledUnit = try #require(first.units.first { $0.unit == notDone.leadUnit })
        #expect(ledUnit.projectsCompleted == ledUnit.projectsLed - 1)

        // Recording the same plan again replaces it: the same rows, the same totals.
        let counts = try store.counts()
        _ = try Self.record(q1, attendance: dir + "/attendance.csv", feedback: dir + "/feedback.csv", into: store)
        #expect(try store.counts() == counts)
        #expect(counts["plan"] == 1)
        let again = try store.summary(year: 2027)
        #expect(again.members == first.members)
        #expect(again.units == first.units)
        #expect(again.communities == first.communities)

        // The ledger's files.
        try PlanWriter.writeAtomically(LedgerPages.render(again, language: .zh), to: dir + "/ledger")
        let units = try RowTable.readCSV(path: dir + "/ledger/units.csv")
        #expect(units.rows.count == q1.scenario.units.count)
        for u in q1.scenario.units {
            #expect(FileManager.default.fileExists(atPath: dir + "/ledger/unit-\(u.id).html"))
        }
        let members = try RowTable.readCSV(path: dir + "/ledger/members.csv")
        let mh = try #require(members.column(["hours"]))
        #expect(members.rows.reduce(0.0) { $0 + Double($1[mh])! } == rosterHours - absentHours)

        // Carry over to Q2.
        let result = try CarryOver.prepare(scenario: q1.scenario, ledger: store, options: .init(quarter: "2027Q2"))
        try CarryOver.writeFolder(result.files, to: dir + "/q2")
        let q2 = try ScenarioReader.load(path: dir + "/q2/scenario.yaml").scenario
        #expect(q2.period == Period(quarter: "2027Q2"))
        #expect(q2.settings == q1.scenario.settings)
        #expect(q2.variants == q1.scenario.variants)
        let unmetQ1 = Set(q1.plan.needs.filter { !$0.covered }.map(\.id))
        let notDoneNeeds = Set(q1.scenario.projects.first { $0.id == notDone.id }!.needs.map { q1.scenario.needs[$0].id })
        let needsQ2 = try RowTable.readCSV(path: dir + "/q2/needs.csv")
        let cid = try #require(needsQ2.column(["id"])), cu = try #require(needsQ2.column(["urgency"]))
        let cw = try #require(needsQ2.column(["quarters_waited"]))
        #expect(Set(needsQ2.rows.map { $0[cid] }) == unmetQ1.union(notDoneNeeds))
        for row in needsQ2.rows {
            let old = try #require(q1.scenario.needs.first { $0.id == row[cid] })
            #expect(Int(row[cu]) == min(5, old.urgency + 1), "\(old.id)")
            #expect(row[cw] == "1")
        }
        #expect(Set(q2.needs.map(\.id)) == unmetQ1.union(notDoneNeeds))
        // Idle members have a participation target; those who served have none added.
        let membersQ2 = try RowTable.readCSV(path: dir + "/q2/members.csv")
        let qm = try #require(membersQ2.column(["id"])), qmin = try #require(membersQ2.column(["min_sessions"]))
        #expect(membersQ2.rows.count == q1.scenario.members.count)
        for row in membersQ2.rows {
            #expect(row[qmin] == (expected[row[qm]] == nil ? "1" : ""), "\(row[qm])")
        }
        #expect(result.targeted.count == q1.scenario.members.count - expected.count)
        #expect(!expected.isEmpty && expected.count < q1.scenario.members.count)
        _ = cp

        // Solve Q2: its plan passes the independent checker.
        let plan2 = try Solver.solve(q2, options: SolveOptions(settings: q2.settings)).plan
        try PlanWriter.write(plan2, scenario: q2, settings: q2.settings, to: dir + "/q2/out")
        #expect(Set(plan2.needs.map(\.id)) == unmetQ1.union(notDoneNeeds))
        if let check = try independentCheck(scenario: dir + "/q2/scenario.yaml", plan: dir + "/q2/out/plan.json") {
            #expect(check.ok, "\(check.result?.violations ?? [])")
        }
    }

    @Test("an import that fails on a bad row leaves the ledger as it was, the earlier record included")
    func failedImportChangesNothing() throws {
        let dir = try temporaryDirectory("ledger-rollback")
        let q1 = try Self.solve(Self.exampleStreet, into: dir + "/q1")
        try Self.attendance(q1.roster, absent: [0], to: dir + "/attendance.csv")
        let path = dir + "/ledger.sqlite"
        let store = try LedgerStore(path: path)
        let good = try Self.record(q1, attendance: dir + "/attendance.csv", into: store)
        let counts = try store.counts()
        let before = try store.summary(year: 2027)

        // The same plan again, everyone absent, but its last row repeats a session: SQLite refuses
        // it after every other row (and the delete of the earlier record) was written.
        var bad = good
        bad.sessions = bad.sessions.map { var s = $0; s.attended = false; return s }
        bad.sessions.append(bad.sessions[0])
        #expect(throws: (any Error).self) { try store.record(bad) }
        #expect(try store.counts() == counts)
        let after = try store.summary(year: 2027)
        #expect(after.members == before.members)
        #expect(after.units == before.units)
        // Another connection to the file (as the next `match ledger` would open it) sees the same.
        let reopened = try LedgerStore(path: path)
        #expect(try reopened.counts() == counts)
        #expect(try reopened.summary(year: 2027).members == before.members)
        #expect(try reopened.plans().map(\.recordedAt) == [good.plan.recordedAt])
    }

    struct BadSheet: CustomTestStringConvertible, Sendable {
        var name: String
        /// Rewrites row 0 of the attendance sheet (member, project, date, attended columns by name).
        var edit: @Sendable (inout [String: String]) -> Void
        var message: String
        var testDescription: String { name }
    }

    @Test("bad attendance rows are errors naming file and line", arguments: [
        BadSheet(name: "unknown member", edit: { $0["member"] = "M999" }, message: "unknown member 'M999'"),
        BadSheet(name: "session not in the plan", edit: { $0["date"] = "2027-03-31" }, message: "is not a session of the plan"),
        BadSheet(name: "bad attended value", edit: { $0["attended"] = "maybe" }, message: "'maybe' is not 是/否"),
        BadSheet(name: "empty attended", edit: { $0["attended"] = "" }, message: "attended: empty"),
    ])
    func badRows(_ c: BadSheet) throws {
        let dir = try temporaryDirectory("ledger-bad")
        let q1 = try Self.solvedOnce(dir)
        var rows = q1.roster.rows.map { $0 + ["是"] }
        let header = q1.roster.header + ["到场"]
        var cells = Dictionary(uniqueKeysWithValues: zip(["member", "project", "date", "attended"],
                                                           ["member", "project", "date", "到场"].map { rows[1][header.firstIndex(of: $0)!] }))
        c.edit(&cells)
        for (k, h) in zip(["member", "project", "date", "attended"], ["member", "project", "date", "到场"]) {
            rows[1][header.firstIndex(of: h)!] = cells[k]!
        }
        try CSVOutput(header: header, rows: rows).data.write(to: URL(fileURLWithPath: dir + "/att.csv"))
        let sheet = try RowTable.readCSV(path: dir + "/att.csv")
        do {
            _ = try Recorder.prepare(scenario: q1.scenario, plan: q1.plan, planFile: q1.planPath, planText: q1.planText,
                                     attendance: sheet, feedback: nil, needsTable: nil)
            Issue.record("no error")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(error.diagnostics.count == 1)
            #expect(d.line == 3)
            #expect(d.file.hasSuffix("att.csv"))
            #expect(d.description.contains(c.message), "\(d)")
        }
    }

    @Test("a plan of another scenario is an error at plan.json's scenario line")
    func planOfAnotherScenario() throws {
        let dir = try temporaryDirectory("ledger-other")
        let q1 = try Self.solvedOnce(dir)
        var plan = q1.plan
        plan.scenario = "another street"
        let text = String(decoding: try PlanJSON.encode(plan), as: UTF8.self)
        try Self.attendance(q1.roster, absent: [], to: dir + "/att.csv")
        do {
            _ = try Recorder.prepare(scenario: q1.scenario, plan: plan, planFile: "plan.json", planText: text,
                                     attendance: try RowTable.readCSV(path: dir + "/att.csv"), feedback: nil, needsTable: nil)
            Issue.record("no error")
        } catch {
            let d = try #require(error.diagnostics.first)
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\"scenario\"") }! + 1
            #expect(d.line == line)
            #expect(d.message.contains("'another street'"))
        }
    }

    /// A Q1 plan for the tests that only read it, solved once (a static is initialised once, thread-safely).
    static let sharedQ1: Result<SolvedQuarter, any Error> = Result {
        try solve(exampleStreet, into: try temporaryDirectory("ledger-q1") + "/q1")
    }
    static func solvedOnce(_ dir: String) throws -> SolvedQuarter { try sharedQ1.get() }

    @Test("the command line: record exits 65 on a bad row with file:line and leaves no ledger behind")
    func commandLine() throws {
        let dir = try temporaryDirectory("ledger-cli")
        let match = CommandLineTests.match
        try #require(FileManager.default.isExecutableFile(atPath: match))
        let solved = try run(match, ["solve", Self.exampleStreet, "--out", dir + "/q1", "--quiet"])
        #expect(solved.status == 0, "\(solved.output)")
        let roster = try RowTable.readCSV(path: dir + "/q1/roster.csv")
        var rows = roster.rows.map { $0 + ["yes"] }
        rows[4][0] = "NOBODY"
        try CSVOutput(header: roster.header + ["attended"], rows: rows).data.write(to: URL(fileURLWithPath: dir + "/att.csv"))
        let bad = try run(match, ["record", Self.exampleStreet, dir + "/q1/plan.json", "--attendance", dir + "/att.csv",
                                  "--ledger", dir + "/l.sqlite"])
        #expect(bad.status == 65)
        #expect(bad.output.contains("att.csv:6: error: member: unknown member 'NOBODY'"), "\(bad.output)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/l.sqlite"))

        rows[4][0] = roster.rows[4][0]
        try CSVOutput(header: roster.header + ["attended"], rows: rows).data.write(to: URL(fileURLWithPath: dir + "/att.csv"))
        let ok = try run(match, ["record", Self.exampleStreet, dir + "/q1/plan.json", "--attendance", dir + "/att.csv",
                                 "--ledger", dir + "/l.sqlite"])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("\(roster.rows.count) of \(roster.rows.count) attended"))

        // The roster typed into a workbook sheet (排班表 with an 到场 column) records the same way,
        // and a bad row is named by its sheet and Excel row.
        func book(_ member: (Int) -> String) throws {
            let sheet = WorkbookSheet(name: "排班表", header: roster.header + ["到场"], rows: roster.rows.enumerated().map { i, r in
                [WorkbookCell.text(member(i))] + r.dropFirst().map { WorkbookCell.text($0) } + [.text(i == 0 ? "否" : "是")]
            })
            try WorkbookWriter.data([WorkbookSheet(name: "概览", header: ["x"]), sheet]).write(to: URL(fileURLWithPath: dir + "/att.xlsx"))
        }
        try book { $0 == 4 ? "NOBODY" : roster.rows[$0][0] }
        let badBook = try run(match, ["record", Self.exampleStreet, dir + "/q1/plan.json", "--attendance", dir + "/att.xlsx#排班表",
                                      "--ledger", dir + "/book.sqlite"])
        #expect(badBook.status == 65)
        #expect(badBook.output.contains("att.xlsx#排班表:6: error: member: unknown member 'NOBODY'"), "\(badBook.output)")
        try book { roster.rows[$0][0] }
        let fromBook = try run(match, ["record", Self.exampleStreet, dir + "/q1/plan.json", "--attendance", dir + "/att.xlsx#排班表",
                                       "--ledger", dir + "/book.sqlite"])
        #expect(fromBook.status == 0, "\(fromBook.output)")
        #expect(fromBook.output.contains("\(roster.rows.count - 1) of \(roster.rows.count) attended"), "\(fromBook.output)")
        let ledger = try run(match, ["ledger", "--ledger", dir + "/l.sqlite", "--out", dir + "/ledger", "--lang", "en"])
        #expect(ledger.status == 0, "\(ledger.output)")
        let index = String(decoding: FileManager.default.contents(atPath: dir + "/ledger/index.html") ?? Data(), as: UTF8.self)
        #expect(index.contains("<html lang=\"en\">"))
        #expect(index.contains("href=\"unit-U01.html\""))
        let carry = try run(match, ["carry-over", Self.exampleStreet, "--ledger", dir + "/l.sqlite", "--quarter", "2027Q2", "--out", dir + "/q2"])
        #expect(carry.status == 0, "\(carry.output)")
        #expect(carry.output.contains("needs:"))
        let validate = try run(match, ["validate", dir + "/q2/scenario.yaml"])
        #expect(validate.status == 0, "\(validate.output)")
        let missing = try run(match, ["ledger", "--ledger", dir + "/nope.sqlite"])
        #expect(missing.status == 65)
    }

    @Test("file names from ids are safe and distinct", arguments: [
        ("U01", "U01"), ("a/b", "a_2Fb"), ("a_2Fb", "a_5F2Fb"), ("..", "_2E."), ("单位", "_E5_8D_95_E4_BD_8D"), ("", "_"),
    ])
    func safeNames(_ id: String, _ name: String) {
        #expect(LedgerPages.safeName(id) == name)
    }

    @Test("the scenario file's name, period and data are rewritten; the rest is kept byte for byte")
    func scenarioText() {
        let yaml = """
            # street office
            name: "Street, 2027 Q1"
            start: 2027-01-01
            end: 2027-03-31
            data:
              communities: lists/c.csv
              needs: lists/n.csv

              units: u.csv
              projects: p.csv
              members: m.csv
            rules: { max_distance_km: 3.0 }   # wider
            variants:
              - name: x
                rules: { street_budget: 1 }

            """
        let out = ScenarioText.rewritten(yaml, name: ScenarioText.renamed("Street, 2027 Q1", from: Period(quarter: "2027Q1")!,
                                                                         to: Period(quarter: "2027Q2")!),
                                         quarter: "2027Q2", data: [("communities", "communities.csv"), ("needs", "needs.csv")])
        #expect(out == """
            # street office
            name: "Street, 2027 Q2"
            quarter: 2027Q2
            data:
              communities: communities.csv
              needs: needs.csv
            rules: { max_distance_km: 3.0 }   # wider
            variants:
              - name: x
                rules: { street_budget: 1 }

            """)
        #expect(ScenarioText.renamed("北京路 2027年第四季度", from: Period(quarter: "2027Q4")!, to: Period(quarter: "2028Q1")!)
                == "北京路 2028年第一季度")
    }
}

@Suite("Ledger pages") struct LedgerPageTests {
    static func summary(unit: String, name: String) -> LedgerSummary {
        LedgerSummary(year: 2027, points: PointsRule(perHour: 2, perSession: 1),
                      plans: [.init(quarter: "2027Q1", scenario: "s", variant: "base", sessionsAssigned: 3, sessionsAttended: 2)],
                      members: [.init(member: "M1", name: "<b>李</b>", unit: unit, unitName: name, assigned: 3, sessions: 2, hours: 5, points: 12),
                                .init(member: "M2", name: "王", unit: unit, unitName: name, assigned: 0, sessions: 0, hours: 0, points: 0)],
                      units: [.init(unit: unit, name: name, membersReporting: 2, membersServed: 1, sessionsAssigned: 3,
                                    sessionsAttended: 2, hours: 5, projectsLed: 1, projectsCompleted: 0, funds: 1500.5)],
                      communities: [.init(community: "C1", name: "社区", needsRaised: 3, needsCovered: 1, householdsWaiting: 40)],
                      projects: [.init(quarter: "2027Q1", project: "P1", title: "a & b", community: "C1", leadUnit: unit,
                                       sessions: 2, completed: false, satisfaction: 4)])
    }

    @Test("input text is escaped, a unit's page is named from its id, and the tables carry the figures")
    func pages() throws {
        let files = LedgerPages.render(Self.summary(unit: "U/1", name: "<script>x</script>"), language: .en)
        #expect(files.map(\.name) == ["members.csv", "units.csv", "communities.csv", "index.html", "unit-U_2F1.html"])
        let page = String(decoding: try #require(files.last).data, as: UTF8.self)
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(page.contains("&lt;b&gt;李&lt;/b&gt;"))
        #expect(page.contains("a &amp; b"))
        #expect(page.contains("has not served this year"))
        let index = String(decoding: files[3].data, as: UTF8.self)
        #expect(index.contains("href=\"unit-U_2F1.html\""))
        let units = String(decoding: files[1].data, as: UTF8.self)
        #expect(units.contains("U/1,<script>x</script>,2,1,3,2,0.6667,5,1,0,1500.5\r\n"))
        let communities = String(decoding: files[2].data, as: UTF8.self)
        #expect(communities.hasSuffix("C1,社区,3,1,2,40\r\n"))
        let zh = LedgerPages.render(Self.summary(unit: "U1", name: "单位"), language: .zh)
        #expect(String(decoding: zh[4].data, as: UTF8.self).contains("单位 2027年 双报到服务报告"))
    }
}

@Suite("Carry-over folder") struct CarryOverFolderTests {
    @Test("the folder is replaced whole, and left alone when it cannot be")
    func allOrNothing() throws {
        let dir = try temporaryDirectory("carry-folder")
        let target = dir + "/2027Q2"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: target + "/stale.csv"))
        try CarryOver.writeFolder([("scenario.yaml", Data("quarter: 2027Q2\n".utf8)), ("needs.csv", Data("id\r\n".utf8))], to: target)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).sorted() == ["needs.csv", "scenario.yaml"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["2027Q2"])

        let file = dir + "/a-file"
        try Data("keep".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: CarryOver.Failure.self) { try CarryOver.writeFolder([("x", Data())], to: file) }
        #expect(FileManager.default.contents(atPath: file) == Data("keep".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["2027Q2", "a-file"])
    }
}

/// Issue 27, item 7: carry-over writes the next quarter's input lists as they were — a phone
/// `+86 139…` or a cell starting with `-` is data to edit, not a formula to neutralise.
@Suite("Carry-over round trip") struct CarryOverRoundTripTests {
    @Test func inputCellsRoundTripUnchanged() throws {
        let dir = try temporaryDirectory("carry-roundtrip")
        let source = Repo.root.appendingPathComponent("scenarios/example-street").path
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: dir + "/" + name)
        }
        var lines = try String(contentsOfFile: dir + "/members.csv", encoding: .utf8).components(separatedBy: "\n")
        lines[0] += ",phone,note"
        for i in 1..<lines.count where !lines[i].isEmpty {
            lines[i] += i == 1 ? ",+86 139 1234 5678,=not a formula" : i == 2 ? ",-12,@home" : ",,"
        }
        try lines.joined(separator: "\n").write(toFile: dir + "/members.csv", atomically: true, encoding: .utf8)
        let scenario = try ScenarioReader.load(path: dir + "/scenario.yaml").scenario
        let q1 = try LedgerTests.solve(dir + "/scenario.yaml", into: dir + "/q1")
        try LedgerTests.attendance(q1.roster, absent: [], to: dir + "/attendance.csv")
        let store = try LedgerStore(path: dir + "/ledger.sqlite")
        _ = try LedgerTests.record(q1, attendance: dir + "/attendance.csv", into: store)
        let result = try CarryOver.prepare(scenario: scenario, ledger: store, options: .init(quarter: "2027Q2"))
        try CarryOver.writeFolder(result.files, to: dir + "/q2")
        let text = try String(contentsOfFile: dir + "/q2/members.csv", encoding: .utf8)
        #expect(text.contains(",+86 139 1234 5678,=not a formula"), "\(text.prefix(300))")
        #expect(text.contains(",-12,@home"))
        #expect(!text.contains("'+86") && !text.contains("'-12") && !text.contains("'="))
        let q2 = try ScenarioReader.load(path: dir + "/q2/scenario.yaml").scenario
        #expect(q2.members.count == scenario.members.count)
    }
}

/// Issue 27, item 11: a ledger from a newer `match` is never written into; a read-only ledger
/// can still be read.
@Suite("Ledger file safety", .serialized) struct LedgerFileSafetyTests {
    static func recordedLedger(_ dir: String) throws -> String {
        let q1 = try LedgerTests.solve(LedgerTests.exampleStreet, into: dir + "/q1")
        try LedgerTests.attendance(q1.roster, absent: [], to: dir + "/attendance.csv")
        let path = dir + "/ledger.sqlite"
        let store = try LedgerStore(path: path)
        _ = try LedgerTests.record(q1, attendance: dir + "/attendance.csv", into: store)
        return path
    }

    @Test func aNewerLedgerIsRefusedForWritingAndLeftAsItIs() throws {
        let dir = try temporaryDirectory("ledger-newer")
        let path = try Self.recordedLedger(dir)
        // A migration this match does not know, as a newer match would have applied it.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"insert into grdb_migrations values ('v99-future')\"); c.commit(); c.execute('pragma wal_checkpoint(TRUNCATE)'); c.close()", path]
        try sqlite.run(); sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { try LedgerStore(path: path) } throws: { error in
            "\(error)".contains("newer version of match")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // Reading it still works (the command too), and reports what it holds.
        let read = try LedgerStore(path: path, readOnly: true)
        #expect(try read.summary(year: 2027).members.count > 0)
        let record = try run(CommandLineTests.match, ["record", LedgerTests.exampleStreet, dir + "/q1/plan.json",
                                                     "--attendance", dir + "/attendance.csv", "--ledger", path])
        #expect(record.status != 0)
        #expect(record.output.contains("newer version of match"), "\(record.output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// `match ledger` reads a ledger the user may not write (a copy on a shared drive): as an
    /// unprivileged user (setpriv) when the tests run as root, as the user otherwise.
    @Test func aReadOnlyLedgerCanBeRead() throws {
        let dir = try temporaryDirectory("ledger-readonly")
        let path = try Self.recordedLedger(dir)
        let out = try temporaryDirectory("ledger-readonly-out")
        let fm = FileManager.default
        try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: out)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
        for name in try fm.contentsOfDirectory(atPath: dir) where name.hasPrefix("ledger.sqlite") {
            try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: dir + "/" + name)
        }
        try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir)
        defer { try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir) }
        let args = ["ledger", "--ledger", path, "--out", out + "/pages", "--lang", "en"]
        let r = getuid() == 0
            ? try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", CommandLineTests.match] + args)
            : try run(CommandLineTests.match, args)
        #expect(r.status == 0, "\(r.output)")
        #expect(fm.fileExists(atPath: out + "/pages/index.html"))
    }
}
