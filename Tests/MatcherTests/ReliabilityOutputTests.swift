import Foundation
import Testing
@testable import Matcher
@testable import Workbook

/// Issue 11, item 3: the output folder is replaced all at once, under a lock.
@Suite struct OutputFolderTests {
    typealias F = PlanFixture

    @Test func aWriteSwapsInAFreshFolderAndKeepsForeignEntries() throws {
        let parent = try F.temporaryDirectory()
        let dir = parent + "/base"
        try OutputFolder.replace(dir, with: [("a.csv", Data("1".utf8)), ("b.csv", Data("2".utf8))])
        try FileManager.default.createDirectory(atPath: dir + "/wider", withIntermediateDirectories: false)
        try Data("model".utf8).write(to: URL(fileURLWithPath: dir + "/model.lp"))
        var before = stat()
        #expect(stat(dir, &before) == 0)
        try OutputFolder.replace(dir, with: [("a.csv", Data("3".utf8)), ("b.csv", Data("4".utf8))])
        var after = stat()
        #expect(stat(dir, &after) == 0)
        #expect(before.st_ino != after.st_ino, "a fresh folder, swapped in")
        #expect(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8) == "3")
        #expect(try String(contentsOfFile: dir + "/model.lp", encoding: .utf8) == "model")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.csv", "b.csv", "model.lp", "wider"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["base"])
    }

    /// A second writer waits for the first to finish; it never mixes its files with the first's.
    @Test func aSecondWriterWaitsForTheLock() async throws {
        let dir = try F.temporaryDirectory() + "/out"
        try OutputFolder.replace(dir, with: [("a.csv", Data("first".utf8))])
        let held = try OutputFolder.Lock(dir, display: dir, waiting: nil)
        let waited = AsyncStream<Void>.makeStream()
        let writer = Task.detached { () throws -> Void in
            try OutputFolder.replace(dir, with: [("a.csv", Data("second".utf8))], waiting: { waited.continuation.yield() })
        }
        var iterator = waited.stream.makeAsyncIterator()
        _ = await iterator.next()
        #expect(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8) == "first", "nothing written while the lock is held")
        held.release()
        try await writer.value
        #expect(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8) == "second")
    }

    @Test func theWorkingFolderIsNeverSwapped() throws {
        #expect(throws: PlanWriteError.self) { try OutputFolder.replace(".", with: [("a.csv", Data())]) }
        #expect(throws: PlanWriteError.self) { try OutputFolder.replace("..", with: [("a.csv", Data())]) }
    }

    @Test func abandonAllRemovesHiddenFoldersOfWritesUnderWay() throws {
        let registry = OutputFolder.Registry()
        let dir = try F.temporaryDirectory()
        let staging = dir + "/.out.new-1"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        registry.add(staging)
        registry.abandonAll()
        #expect(!FileManager.default.fileExists(atPath: staging))
        #expect(throws: PlanWriteError.self) { try registry.swapping {} }
    }
}

/// Issue 11, item 6: no live formula in a CSV output.
@Suite struct FormulaInjectionTests {
    @Test(arguments: [("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
                      ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("-", "'-"),
                      ("-12.5", "-12.5"), ("+3", "+3"), ("-1e-3", "-1e-3"), ("0.5", "0.5"), ("a=b", "a=b"), ("张伟", "张伟"), ("", "")])
    func textCellsAreNeutralisedNumbersAreNot(_ cell: String, _ expected: String) {
        #expect(SpreadsheetText.neutralised(cell) == expected)
    }

    /// Names and titles from the lists reach roster.csv (the sheet sent to units) and the others.
    @Test func rosterAndProjectsCarryNoLiveFormula() throws {
        var files = InputFixtures.validFiles()
        func edit(_ name: String, _ a: String, _ b: String) throws {
            let t = String(decoding: files[name]!, as: UTF8.self)
            try #require(t.contains(a))
            files[name] = Array(t.replacingOccurrences(of: a, with: b).utf8)
        }
        for m in ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴芳", "徐明", "孙丽"] {
            try edit("members.csv", "," + m + ",", ",=1+2 \(m),")
        }
        try edit("units.csv", "市第六医院", "@SUM(A1)")
        try edit("projects.csv", "P01,助老送餐", "P01,\"-2+3,cmd\"")
        try edit("projects.csv", "P02,社区义诊", "P02,+社区义诊")
        let (read, diagnostics) = InputFixtures.read(files)
        let scenario = try #require(read, "\(diagnostics.filter(\.isError))")
        var options = SolveOptions(settings: scenario.settings)
        options.timeLimitSeconds = 5
        let plan = try Solver.solve(scenario, options: options).plan
        let rendered = try PlanWriter.render(plan, scenario: scenario, settings: scenario.settings)
        var cells = 0
        for (name, data) in rendered where name.hasSuffix(".csv") {
            let table = CSVTable(utf8: TextDecoding.utf8([UInt8](data)).bytes)
            for c in table.cells + table.header where !c.isEmpty {
                if let f = c.first, "=+-@".contains(f) {
                    #expect(SpreadsheetText.isNumber(c), "\(name): live cell \(c)")
                }
                if c.hasPrefix("'") { cells += 1 }
            }
        }
        let roster = try #require(rendered.first { $0.name == "roster.csv" })
        let text = String(decoding: roster.data, as: UTF8.self)
        #expect(text.contains(",'=1+2 "), "member names neutralised in roster.csv")
        #expect(cells > 0)
    }
}

/// Issue 11, item 9: `match check` gaps.
@Suite struct CheckGapTests {
    typealias F = PlanFixture

    @Test func aPlanOfAnotherScenarioFails() {
        var plan = F.feasiblePlan
        plan.scenario = "another street"
        let r = PlanCheckCommand.report(plan: plan, scenario: F.scenario, settings: F.settings)
        #expect(r.verdict == .violations)
        #expect(r.output.contains("the plan is for scenario 'another street', not '\(F.scenario.name)'"), "\(r.output)")
    }

    @Test func wrongObjectiveTermsAreAViolation() {
        var plan = F.feasiblePlan
        // The same total, split wrongly between the terms.
        plan.objectiveTerms.needs += 10
        plan.objectiveTerms.distance += 10
        let r = PlanCheckCommand.report(plan: plan, scenario: F.scenario, settings: F.settings)
        #expect(r.result?.statedObjectiveMatches == true)
        #expect(r.verdict == .violations)
        #expect(r.output.contains("stated objective_terms"), "\(r.output)")
    }

    @Test func theUneditedPlanStillPasses() {
        let r = PlanCheckCommand.report(plan: F.feasiblePlan, scenario: F.scenario, settings: F.settings)
        #expect(r.verdict == .ok, "\(r.output)")
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, "trailing comma"), (#"[1, 2,]"#, "trailing comma"), (#"{'a': 1}"#, "double quotes"),
        (#"{"a": 01}"#, "leading zero"), (#"{"a": NaN}"#, "not a JSON value"), (#"{"a": 1} x"#, "after the end"),
        (#"{"a": 1"#, "ends inside"), ("// c\n{}", "not a JSON value"), (String(repeating: "[", count: 100), "nested more than 64"),
    ])
    func lenientJSONIsRefused(_ text: String, _ words: String) throws {
        do {
            _ = try PlanJSON.decode(Data(text.utf8), file: "plan.json")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.contains(words), "\(error)")
            #expect(error.description.hasPrefix("plan.json: not valid JSON (line 1: "), "\(error)")
        }
    }

    @Test func strictJSONAcceptsWhatTheWriterWrites() throws {
        let data = try PlanJSON.encode(F.feasiblePlan)
        #expect(StrictJSON.problem([UInt8](data)) == nil)
        #expect(try PlanJSON.decode(data, file: "plan.json") == F.feasiblePlan)
        #expect(StrictJSON.problem(Array(#"{"s": "a\"b\u00e9\n", "n": [-0.5e+3, 0, true, false, null, {}]}"#.utf8)) == nil)
    }
}
