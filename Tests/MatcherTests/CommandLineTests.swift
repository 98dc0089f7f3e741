import Foundation
import Testing
@testable import Matcher

/// The `match` executable end to end: exit statuses, messages on stderr, files written.
/// `swift test` builds the executable next to the test bundle.
@Suite struct CommandLineTests {
    static var match: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("match").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return Repo.root.appendingPathComponent(".build/debug/match").path
    }

    func match(_ args: [String]) throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: Self.match), "no match executable at \(Self.match)")
        return try run(Self.match, args)
    }

    @Test func validateReportsEveryErrorAndExits65() throws {
        let dir = try temporaryDirectory()
        for name in ["scenario.yaml", "communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv"] {
            try FileManager.default.copyItem(atPath: Repo.fixture("solve/single/\(name)"), toPath: dir + "/" + name)
        }
        try "id,community,category,title,households,urgency\nN1,C9,drain,x,0,3\n".write(toFile: dir + "/needs.csv", atomically: true, encoding: .utf8)
        let r = try match(["validate", dir + "/scenario.yaml"])
        #expect(r.status == 65)
        #expect(r.output.contains("needs.csv:2: error: community: "), "\(r.output)")
        #expect(r.output.contains("'C9'"))
        #expect(r.output.contains("needs.csv:2: error: households: "))
        // solve refuses the same input with the same messages, and writes nothing.
        let s = try match(["solve", dir + "/scenario.yaml", "--out", dir + "/out", "--quiet"])
        #expect(s.status == 65)
        #expect(s.output.contains("needs.csv:2: error: community: "))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func solveWritesThePlanFilesAndCheckAcceptsThem() throws {
        let dir = try temporaryDirectory()
        let scenario = Repo.fixture("solve/skills/scenario.yaml")
        let r = try match(["solve", scenario, "--out", dir, "--quiet"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("状态                最优"), "Chinese data, Chinese summary: \(r.output)")
        for file in ["plan.json", "projects.csv", "roster.csv", "members.csv", "unmet.csv", "units.csv", "report.html",
                     "notices.csv", "sessions.ics", "plan.xlsx", "dispatch/index.html"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + file), "\(file)")
        }
        let c = try match(["check", scenario, dir + "/plan.json"])
        #expect(c.status == 0, "\(c.output)")
        #expect(c.output.contains("plan is feasible"))
    }

    @Test func checkFindsAHandEditedViolation() throws {
        let dir = try temporaryDirectory()
        let scenario = Repo.fixture("solve/single/scenario.yaml")
        #expect(try match(["solve", scenario, "--out", dir, "--quiet"]).status == 0)
        var plan = try PlanJSON.read(path: dir + "/plan.json")
        plan.assignments.removeLast()
        try PlanJSON.encode(plan).write(to: URL(fileURLWithPath: dir + "/edited.json"))
        let c = try match(["check", scenario, dir + "/edited.json"])
        #expect(c.status == 2)
        #expect(c.output.contains("session P1 on 2027-01-16: 1 staff, needs 2..3"), "\(c.output)")
    }

    @Test func unknownVariantAndBadOptionsAreUsageErrors() throws {
        let scenario = Repo.fixture("solve/single/scenario.yaml")
        let v = try match(["solve", scenario, "--variant", "nope", "--quiet", "--out", try temporaryDirectory()])
        #expect(v.status == 64)
        #expect(v.output.contains("unknown variant 'nope'"))
        let t = try match(["solve", scenario, "--time-limit", "-3"])
        #expect(t.status == 64)
    }

    /// The exported model is the contract's model: glpsol finds the same optimum.
    @Test(arguments: ["single", "skills"])
    func exportedModelSolvesToTheSameOptimumInGlpsol(_ fixture: String) throws {
        let glpsol = ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let tool = try #require(glpsol, "glpsol is not installed (apt-get install glpk-utils)")
        let dir = try temporaryDirectory()
        let scenario = Repo.fixture("solve/\(fixture)/scenario.yaml")
        let r = try match(["solve", scenario, "--out", dir, "--quiet", "--export-model", dir + "/model.lp"])
        #expect(r.status == 0)
        let plan = try PlanJSON.read(path: dir + "/plan.json")
        let g = try run(tool, ["--lp", dir + "/model.lp", "-o", dir + "/sol.txt"])
        #expect(g.status == 0, "\(g.output)")
        let text = try String(contentsOfFile: dir + "/sol.txt", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Objective:") })
        let value = try #require(line.split(separator: "=").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(abs(value - plan.objective) < 1e-3 * max(1, abs(plan.objective)), "glpsol \(value), match \(plan.objective)")
    }

    @Test func versionAnswersFromTheOnePlaceItIsWritten() throws {
        let r = try match(["--version"])
        #expect(r.status == 0)
        #expect(r.output.trimmingCharacters(in: .whitespacesAndNewlines) == MatchVersion.string)
    }

    /// Help paragraphs wrap at the width (79 columns off a terminal), never in mid-sentence:
    /// a line of the overview and discussion ends early only where its paragraph ends.
    @Test(arguments: ["validate", "solve", "check", "compare", "generate"])
    func helpTextWrapsCleanly(_ command: String) throws {
        let r = try match(["help", command])
        #expect(r.status == 0)
        let head = r.output.components(separatedBy: "\nUSAGE:").first ?? ""
        let lines = head.components(separatedBy: "\n")
        for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty {
            let nextWord = next.split(separator: " ").first.map(String.init) ?? ""
            #expect(line.count + 1 + nextWord.count > 79,
                    "'\(line)' breaks before '\(nextWord)' with room to spare (match help \(command))")
        }
    }
}
