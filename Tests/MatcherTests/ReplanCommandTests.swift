import Foundation
import Testing
@testable import Matcher

/// `match replan` and `match check ROSTER` end to end: exit statuses, messages, files.
@Suite("Replan command")
struct ReplanCommandTests {
    func match(_ args: [String]) throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.match), "no match executable")
        return try run(CommandLineTests.match, args)
    }

    @Test("bad change rows: every one named with file and line, exit 65, nothing written")
    func badRows() throws {
        let dir = try temporaryDirectory("replan-cli")
        try "change,id,date\nmember-unavailable,M1,2027-01-16\nmember-unavailble,M2,2027-01-16\nmember-leaves,M9,\n"
            .write(toFile: dir + "/changes.csv", atomically: true, encoding: .utf8)
        let r = try match(["replan", ReplanTests.scenarioPath, ReplanTests.planPath, "--changes", dir + "/changes.csv",
                           "--today", "2027-01-10", "--out", dir + "/out"])
        #expect(r.status == 65)
        #expect(r.output.contains("changes.csv:3: error: change: 'member-unavailble' is not a change"), "\(r.output)")
        #expect(r.output.contains("changes.csv:4: error: id: no member 'M9' in members.csv"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test("a replan writes the plan files, changes.csv, summary.txt and the changed scenario; check reads its roster")
    func writesFolder() throws {
        let dir = try temporaryDirectory("replan-cli")
        try "变动,编号,日期\n党员请假,M1,2027-01-16\n".write(toFile: dir + "/changes.csv", atomically: true, encoding: .utf8)
        let r = try match(["replan", ReplanTests.scenarioPath, ReplanTests.planPath, "--changes", dir + "/changes.csv",
                           "--today", "2027-01-10", "--out", dir + "/out", "--lang", "en"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("to notify: 1 member-session removed, 1 added, 2 people"), "\(r.output)")
        for f in ["plan.json", "roster.csv", "notices.csv", "plan.xlsx", "changes.csv", "summary.txt", "scenario/scenario.yaml",
                  "scenario/members.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/out/" + f), "\(f)")
        }
        let c = try match(["check", dir + "/out/scenario/scenario.yaml", dir + "/out/roster.csv"])
        #expect(c.status == 0, "\(c.output)")
        let x = try match(["check", dir + "/out/scenario/scenario.yaml", dir + "/out/plan.xlsx"])
        #expect(x.status == 0, "\(x.output)")
    }

    @Test("a plan edited by hand so it breaks the contract is named, rule by rule, before the replan")
    func brokenInputPlanIsNamed() throws {
        let dir = try temporaryDirectory("replan-cli")
        var plan = try PlanJSON.read(path: ReplanTests.planPath)
        // Take every member off one session: below its minimum (constraint 5).
        let first = try #require(plan.assignments.first)
        plan.assignments.removeAll { $0.project == first.project && $0.date == first.date }
        try PlanJSON.encode(plan).write(to: URL(fileURLWithPath: dir + "/plan.json"))
        try "change,id,date\nmember-unavailable,M1,2027-01-16\n".write(toFile: dir + "/changes.csv", atomically: true, encoding: .utf8)
        let r = try match(["replan", ReplanTests.scenarioPath, dir + "/plan.json", "--changes", dir + "/changes.csv",
                           "--today", "2027-01-10", "--out", dir + "/out", "--lang", "en"])
        #expect(r.output.contains("plan.json: warning: the plan breaks"), "\(r.output)")
        #expect(r.output.contains(first.project) && r.output.contains(first.date), "\(r.output)")
        // The original plan is clean: no such warning.
        let clean = try match(["replan", ReplanTests.scenarioPath, ReplanTests.planPath, "--changes", dir + "/changes.csv",
                               "--today", "2027-01-10", "--out", dir + "/out2", "--lang", "en"])
        #expect(!clean.output.contains("the plan breaks"), "\(clean.output)")
    }
}
