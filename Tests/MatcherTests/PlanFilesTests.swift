import Foundation
import Testing
@testable import Matcher

@Suite struct PlanJSONTests {
    typealias F = PlanFixture

    @Test func roundTrip() throws {
        let plan = F.feasiblePlan
        let back = try PlanJSON.decode(try PlanJSON.encode(plan), file: "plan.json")
        #expect(back == plan)
    }

    @Test func sameBytesEveryTimeWithSortedKeysAndNullReasons() throws {
        let a = try PlanJSON.encode(F.feasiblePlan), b = try PlanJSON.encode(F.feasiblePlan)
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("\"reason\" : null"))
        #expect(text.contains("\"street_funds\" : 200,"))
        #expect(text.hasSuffix("}\n"))
        // Keys sorted: assignments < best_bound < format < gap < needs < objective < ...
        let keys = ["\"assignments\"", "\"best_bound\"", "\"format\"", "\"gap\"", "\"needs\"", "\"objective\"",
                    "\"objective_terms\"", "\"projects\"", "\"scenario\"", "\"status\"", "\"variant\""]
        let positions = keys.map { text.range(of: "\n  \($0)")!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func noPlanWithoutBoundWritesNull() throws {
        var plan = F.feasiblePlan
        plan.status = .noPlan
        plan.bestBound = .infinity
        plan.gap = .nan
        let text = String(decoding: try PlanJSON.encode(plan), as: UTF8.self)
        #expect(text.contains("\"best_bound\" : null"))
        #expect(text.contains("\"gap\" : null"))
        #expect(text.contains("\"status\" : \"no_plan\""))
        let back = try PlanJSON.decode(Data(text.utf8), file: "p.json")
        #expect(back.bestBound.isNaN && back.gap.isNaN)
    }

    @Test(arguments: [
        (#"{"format": "match-plan/1"}"#, "p.json: scenario: missing field"),
        (#"{"format":"match-plan/1","scenario":"s","variant":"base","status":"optimal","objective":"high"}"#,
         "p.json: objective: wrong type, expected a number"),
        (#"{"format":"match-plan/1","scenario":"s","variant":"base","status":"best","objective":1}"#, "p.json: status:"),
        (#"{"format":"match-plan/2"}"#, "p.json: format: format is 'match-plan/2', expected 'match-plan/1'"),
        (#"{"format":"match-plan/1","scenario":"s","variant":"base","status":"optimal","objective":1,"best_bound":1,"gap":0,"#
            + #""objective_terms":{"needs":1,"distance":0,"unit_shortfall":0},"projects":[{"id":"P1","dates":[]}],"assignments":[],"needs":[]}"#,
         "p.json: projects[0].lead_unit: missing field"),
        (#"{"format":"match-plan/1","scenario":"s","variant":"base","status":"optimal","objective":1,"best_bound":1,"gap":0,"#
            + #""objective_terms":{"needs":1,"distance":0,"unit_shortfall":0},"projects":[],"assignments":[{"member":"M1","project":"P1","date":7}],"needs":[]}"#,
         "p.json: assignments[0].date: wrong type, expected a string"),
        (#"{"format": "match-plan/1", "#, "p.json: not valid JSON"),
        ("", "p.json: not valid JSON"),
    ])
    func decodeErrorsNameTheFileAndTheProblem(json: String, expected: String) {
        #expect {
            _ = try PlanJSON.decode(Data(json.utf8), file: "p.json")
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    @Test func missingFileIsAnErrorNotATrap() throws {
        let dir = try F.temporaryDirectory()
        #expect(throws: PlanFileError.self) { try PlanJSON.read(path: dir + "/none.json") }
    }
}

@Suite struct PlanWriterTests {
    typealias F = PlanFixture

    /// A CSV file's expected text: BOM, then each line ended by CRLF.
    func csvText(_ lines: String...) -> String { "\u{FEFF}" + lines.map { $0 + "\r\n" }.joined() }

    func read(_ dir: String, _ name: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)), as: UTF8.self)
    }

    @Test func writesAllFilesWithBOMAndQuoting() throws {
        let dir = try F.temporaryDirectory() + "/out/q1"
        try PlanWriter.write(F.feasiblePlan, scenario: F.scenario, settings: F.settings, to: dir)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(names == (PlanWriter.fileNames + ["dispatch"]).sorted())
        #expect(try PlanJSON.decode(Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json")), file: "plan.json") == F.feasiblePlan)
        for name in PlanWriter.fileNames where name.hasSuffix(".csv") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(name) starts with a BOM")
            #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("\r\n"))
        }
        let projects = try read(dir, "projects.csv")
        #expect(projects == csvText(
            #"id,title,community,community_name,category,lead_unit,lead_unit_name,dates,slot,sessions,headcount,skills_required,skills_met,hours,cost,unit_funds,street_funds,needs_covered,place,time,status,reason"#,
            #"P1,"Lunch, ""hot"" meals",C1,东风社区,elderly,U1,第一中学,2027-01-16;2027-01-23,am,2,2;1,first-aid:1,yes,2,1000,800,200,N1;N2,,09:00-11:30,run,"#,
            #"P2,Homework club,C2,"Riverside, ""East""",kids,U2,"Bank of ""River""",2027-01-17,pm,1,2,,,3,500,0,500,N3,,14:30-17:00,run,"#))
        let roster = try read(dir, "roster.csv")
        let lines = roster.components(separatedBy: "\r\n")
        #expect(lines[0] == "\u{FEFF}member,name,unit,unit_name,project,project_title,community,date,slot,distance_km,hours,weekday,time,place,phone")
        #expect(lines[1] == #"M1,王芳,U1,第一中学,P1,"Lunch, ""hot"" meals",C1,2027-01-16,am,1.001,2,Sat,09:00-11:30,,"#)
        #expect(lines[3] == #"M2,"Li, Lei",U1,第一中学,P1,"Lunch, ""hot"" meals",C1,2027-01-16,am,0.500,2,Sat,09:00-11:30,,"#)
        #expect(lines[4] == "M3,张伟,U2,\"Bank of \"\"River\"\"\",P2,Homework club,C2,2027-01-17,pm,0.000,3,Sun,14:30-17:00,,")
        #expect(lines.count == 7) // header, 5 rows, empty after the last CRLF
        let members = try read(dir, "members.csv").components(separatedBy: "\r\n")
        #expect(members[0] == "\u{FEFF}member,name,unit,unit_name,community,sessions,hours,distance_km,projects")
        #expect(members[1] == "M1,王芳,U1,第一中学,C1,2,4,2.002,P1")
        #expect(members.count == 6)
        #expect(try read(dir, "unmet.csv") == csvText(
            #"need,title,community,community_name,category,households,urgency,weight,reason"#,
            #"N4,"Reading, corner",C2,"Riverside, ""East""",kids,2,1,2,no project lists this need"#))
        #expect(try read(dir, "units.csv") == csvText(
            #"unit,name,kind,projects_led,projects,funds_given,funds,min_projects,max_projects,shortfall"#,
            #"U1,第一中学,school,1,P1,800,800,1,1,0"#,
            #"U2,"Bank of ""River""",company,1,P2,0,0,2,2,1"#))
    }

    @Test func unmetNeedsHeaviestFirstThenById() throws {
        var sc = F.scenario
        sc.needs.append(Need(id: "N0", community: 0, category: "elderly", title: "tie", households: 1, urgency: 2))
        var plan = F.feasiblePlan
        plan.projects.removeLast()
        plan.assignments.removeLast(2)
        plan.needs[2] = .init(id: "N3", covered: false, reason: "no lead unit")
        plan.needs.append(.init(id: "N0", covered: false, reason: "no project"))
        let table = PlanTables(plan: plan, scenario: sc, settings: F.settings).unmet()
        #expect(table.rows.map { $0[0] } == ["N3", "N0", "N4"])
    }

    @Test func sameInputSameBytes() throws {
        let a = try F.temporaryDirectory(), b = try F.temporaryDirectory()
        try PlanWriter.write(F.feasiblePlan, scenario: F.scenario, settings: F.settings, to: a)
        try PlanWriter.write(F.feasiblePlan, scenario: F.scenario, settings: F.settings, to: b)
        for name in PlanWriter.fileNames {
            #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/" + name)) == Data(contentsOf: URL(fileURLWithPath: b + "/" + name)))
        }
    }

    @Test func failedWriteLeavesThePreviousFiles() throws {
        let dir = try F.temporaryDirectory()
        try PlanWriter.write(F.feasiblePlan, scenario: F.scenario, settings: F.settings, to: dir)
        var before: [String: Data] = [:]
        for name in PlanWriter.fileNames { before[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)) }

        // A directory where the last temporary file would go: every other file gets written
        // to its temporary name first, then the last one fails (root ignores chmod).
        let pid = ProcessInfo.processInfo.processIdentifier
        let blocker = dir + "/.units.csv.\(pid).tmp"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        var changed = F.feasiblePlan
        changed.projects[0].streetFunds = 150
        changed.scenario = "changed"
        #expect(throws: PlanWriteError.self) {
            try PlanWriter.write(changed, scenario: F.scenario, settings: F.settings, to: dir)
        }
        for name in PlanWriter.fileNames {
            #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)) == before[name], "\(name) untouched")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tmp") }
        #expect(left == [".units.csv.\(pid).tmp"], "no temporary files left but the blocker")
    }

    @Test func unwritableDirectoryIsAnError() throws {
        let dir = try F.temporaryDirectory()
        let file = dir + "/a-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: PlanWriteError.self) {
            try PlanWriter.write(F.feasiblePlan, scenario: F.scenario, settings: F.settings, to: file + "/out")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("x".utf8))
    }

    @Test func csvQuoting() {
        #expect(CSVOutput.quote("plain 文字") == "plain 文字")
        #expect(CSVOutput.quote("a,b") == "\"a,b\"")
        #expect(CSVOutput.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVOutput.quote("two\nlines") == "\"two\nlines\"")
        #expect(CSVOutput.quote("cr\r") == "\"cr\r\"")
        #expect(CSVOutput(header: ["a"], rows: [[""]]).text == "\u{FEFF}a\r\n\r\n")
    }
}

@Suite struct PlanSummaryTests {
    typealias F = PlanFixture

    @Test func figuresOfTheFeasiblePlan() {
        let s = PlanSummary(plan: F.feasiblePlan, scenario: F.scenario, settings: F.settings)
        #expect(s.status == .optimal)
        #expect(s.needsCovered == 3 && s.needsTotal == 4)
        #expect(abs(s.weightCoveredFraction - 72.0 / 74.0) < 1e-12)
        #expect(s.householdsReached == 23)
        #expect(s.projectsRun == 2 && s.sessions == 3 && s.memberSessions == 5)
        #expect(s.membersEngaged == 4 && s.membersTotal == 5)
        #expect(s.volunteerHours == 12)
        #expect(s.unitsLeading == 2 && s.unitsBelowMinimum == 1)
        #expect(s.streetFundsUsed == 700 && s.streetBudget == 1000 && s.unitFundsUsed == 800)
        #expect(abs(s.meanDistanceKm - F.feasibleDistanceKm / 5) < 1e-9)
        #expect(abs(s.p90DistanceKm - F.kmPerDegreeLat * 0.009) < 1e-9)
    }

    @Test func renderIsAnAlignedTable() {
        let s = PlanSummary(plan: F.feasiblePlan, scenario: F.scenario, settings: F.settings)
        let text = s.render(solveSeconds: 1.25)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "scenario             Plan test street, 2027 Q1 (base)")
        #expect(text.contains("\nneeds covered        3 of 4 (97.3% of weight)\n"))
        #expect(text.contains("\nstreet funds         700 of 1000 yuan (70.0%)\n"))
        #expect(lines.last == "solve time           1.2 s" || lines.last == "solve time           1.3 s")
        // Every value starts in the same column.
        #expect(Set(lines.map { $0.firstRange(of: "  ")!.lowerBound.utf16Offset(in: $0) <= 19 }) == [true])
        #expect(!s.render().contains("solve time"))
    }
}

/// The Swift checker and the independent Python one (shared/contract/checkplan.py) agree.
@Suite(.needsContractChecker) struct PlanCheckAgreementTests {
    typealias F = PlanFixture

    func bothCheckers(_ plan: Plan, scenario: Scenario, settings: Settings) throws -> (PlanCheckResult, F.PythonVerdict) {
        let dir = try F.temporaryDirectory()
        let yaml = try F.writeContractFiles(scenario, settings: settings, to: dir)
        try PlanWriter.write(plan, scenario: scenario, settings: settings, to: dir + "/out")
        let python = try F.runIndependentChecker(scenario: yaml, plan: dir + "/out/plan.json")
        return (PlanCheck.check(plan, scenario: scenario, settings: settings), python)
    }

    @Test func agreeOnAFeasiblePlan() throws {
        let (swift, python) = try bothCheckers(F.feasiblePlan, scenario: F.scenario, settings: F.settings)
        #expect(swift.passed)
        #expect(python.exitCode == 0, "python: \(python.violations)")
        #expect(python.violationCount == 0)
        #expect(abs(python.objective - swift.objective) < 1e-9)
    }

    @Test func agreeOnAnInfeasiblePlan() throws {
        var plan = F.feasiblePlan
        plan.assignments.append(.init(member: "M5", project: "P1", date: "2027-01-23")) // too far
        plan.assignments.removeLast(2) // P2 short of staff (and M5 dropped again)
        plan.assignments.append(.init(member: "M5", project: "P1", date: "2027-01-23"))
        plan.projects[0].streetFunds = 300 // funds over cost
        let (swift, python) = try bothCheckers(plan, scenario: F.scenario, settings: F.settings)
        #expect(!swift.isFeasible)
        #expect(python.exitCode == 1)
        #expect(python.violationCount - (swift.statedObjectiveMatches ? 0 : 1) == swift.violations.count,
                "swift: \(swift.violations) python: \(python.violations)")
        #expect(abs(python.objective - swift.objective) < 1e-9)
    }

    @Test func agreeOnAPlanWhereOnlyTheObjectiveIsWrong() throws {
        var plan = F.feasiblePlan
        plan.objective = 0
        let (swift, python) = try bothCheckers(plan, scenario: F.scenario, settings: F.settings)
        #expect(swift.isFeasible && !swift.statedObjectiveMatches)
        #expect(python.exitCode == 1 && python.violationCount == 1)
    }
}
