import Foundation
import Testing
@testable import Matcher

/// `match check` on a roster edited by hand (Fixtures/replan: P1 on 01-09 and 01-16 with M1, M2;
/// P2 on 01-16 pm with M3).
@Suite("Roster check")
struct RosterCheckTests {
    func check(_ rows: [[String]], header: [String] = ["member", "project", "date"]) throws -> (RosterPlan.Result, PlanCheckCommand.Report) {
        let sc = try ScenarioReader.loadWithoutWarnings(path: ReplanTests.scenarioPath)
        let base = try PlanJSON.read(path: ReplanTests.planPath)
        let table = RowTable(file: "roster.csv", header: header, rows: rows, lines: rows.indices.map { $0 + 2 })
        let edited = try RosterPlan.plan(roster: table, base: base, scenario: sc, settings: sc.settings)
        return (edited, PlanCheckCommand.report(plan: edited.plan, scenario: sc, settings: sc.settings))
    }

    static let announced = [["M1", "P1", "2027-01-09"], ["M2", "P1", "2027-01-09"], ["M1", "P1", "2027-01-16"],
                            ["M2", "P1", "2027-01-16"], ["M3", "P2", "2027-01-16"]]

    @Test("the roster as written checks like its plan")
    func unchanged() throws {
        let (edited, report) = try check(Self.announced)
        #expect(report.verdict == .ok)
        #expect(edited.notes.isEmpty)
    }

    @Test("a feasible hand edit whose objective differs is a note, not a violation")
    func swapIsANote() throws {
        // M4 (444 m) instead of M2 (222 m) on 01-16: distance + 0.5 × 0.222 km.
        var rows = Self.announced
        rows[3] = ["M4", "P1", "2027-01-16"]
        let (edited, report) = try check(rows)
        #expect(report.verdict == .ok, "\(report.output)")
        #expect(edited.notes.count == 1 && edited.notes[0].contains("a note, not a violation"))
        #expect(abs(edited.plan.objective - (39.49962283009902 - 0.5 * 0.2223898532892451)) < 1e-6)
    }

    @Test("a row moved onto a full session says plainly what breaks")
    func movedRowBreaks() throws {
        // M3 moved from P2 (pm) to P1 on 01-16 (am): P1 has 3 > max 2; P2 has no rows left, so it
        // does not run (a note) and N2 is uncovered.
        var rows = Self.announced
        rows[4] = ["M3", "P1", "2027-01-16"]
        let (edited, report) = try check(rows)
        #expect(report.verdict == .violations)
        #expect(report.output.contains("P1") && report.output.contains("3"))
        #expect(edited.notes.contains { $0.contains("project P2 has no rows") })
        #expect(edited.plan.needs.first { $0.id == "N2" }?.covered == false)
    }

    @Test("Chinese headers of plan.xlsx's 排班表 and spreadsheet day numbers are read")
    func chineseSheet() throws {
        // 46396 = 2027-01-09 counted from 1899-12-30.
        let rows = Self.announced.map { [$0[0], $0[1], $0[2] == "2027-01-09" ? "46396" : $0[2]] }
        let (_, report) = try check(rows, header: ["党员编号", "项目编号", "日期"])
        #expect(report.verdict == .ok, "\(report.output)")
    }

    @Test("a bad date names file and line")
    func badDate() throws {
        var rows = Self.announced
        rows[2] = ["M1", "P1", "next week"]
        #expect(throws: InputError.self) { try check(rows) }
        do { _ = try check(rows) } catch let e as InputError {
            #expect(e.description == "roster.csv:4: error: date: 'next week' is not a date; expected YYYY-MM-DD")
        }
    }
}
