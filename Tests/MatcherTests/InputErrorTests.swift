import Foundation
import Testing
@testable import Matcher

/// One fixture per kind of error: the valid scenario with one file replaced by a copy with one defect
/// (Fixtures/input/errors, written by make-variants.py).
@Suite struct InputErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var fixture: String
        /// The diagnostic's file name, line and column.
        var file: String
        var line: Int?
        var column: String?
        var words: [String]
        var testDescription: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "missing-file.scenario.yaml", file: "nowhere.csv", line: nil, column: nil, words: ["members list", "no such file"]),
        Case(fixture: "missing-column.needs.csv", file: "needs.csv", line: 1, column: nil, words: ["missing required column urgency", "the header has"]),
        Case(fixture: "households-not-number.needs.csv", file: "needs.csv", line: 4, column: "households", words: ["'many'", "not a whole number"]),
        Case(fixture: "bad-date.projects.csv", file: "projects.csv", line: 5, column: "dates", words: ["'2027-02-30'", "ISO date"]),
        Case(fixture: "bad-coordinate.communities.csv", file: "communities.csv", line: 3, column: "lat", words: ["'39.92x'", "not a number", "latitude"]),
        Case(fixture: "lat-outside.members.csv", file: "members.csv", line: 6, column: "lat", words: ["'91.9200'", "outside -90..90"]),
        Case(fixture: "lon-outside.units.csv", file: "units.csv", line: 3, column: "lon", words: ["'216.4000'", "outside -180..180"]),
        Case(fixture: "urgency-outside.needs.csv", file: "needs.csv", line: 6, column: "urgency", words: ["'6' is outside 1..5"]),
        Case(fixture: "households-zero.needs.csv", file: "needs.csv", line: 2, column: "households", words: ["'0'", "1 or more"]),
        Case(fixture: "sessions-zero.projects.csv", file: "projects.csv", line: 4, column: "sessions", words: ["'0'", "1 or more"]),
        Case(fixture: "volunteers-min-over-max.projects.csv", file: "projects.csv", line: 3, column: "min_volunteers", words: ["5 is more than max_volunteers 3"]),
        Case(fixture: "funds-negative.units.csv", file: "units.csv", line: 2, column: "funds", words: ["'-100' is negative"]),
        Case(fixture: "cost-negative.projects.csv", file: "projects.csv", line: 2, column: "cost", words: ["'-5' is negative"]),
        Case(fixture: "hours-negative.projects.csv", file: "projects.csv", line: 3, column: "hours", words: ["'-1' is negative"]),
        Case(fixture: "min-projects-over-max.units.csv", file: "units.csv", line: 4, column: "min_projects", words: ["2 is more than max_projects 1"]),
        Case(fixture: "duplicate-id.members.csv", file: "members.csv", line: 8, column: "id", words: ["'M03' is already used on line 4"]),
        Case(fixture: "unknown-community.needs.csv", file: "needs.csv", line: 5, column: "community", words: ["unknown community 'C09'"]),
        Case(fixture: "unknown-community.projects.csv", file: "projects.csv", line: 5, column: "community", words: ["unknown community 'c03'", "did you mean 'C03'"]),
        Case(fixture: "unknown-need.projects.csv", file: "projects.csv", line: 2, column: "needs", words: ["unknown need 'N33'"]),
        Case(fixture: "unknown-paired.units.csv", file: "units.csv", line: 4, column: "paired_communities", words: ["unknown community 'C04'"]),
        Case(fixture: "unknown-unit.members.csv", file: "members.csv", line: 11, column: "unit", words: ["unknown unit 'U09'"]),
        Case(fixture: "unknown-community.members.csv", file: "members.csv", line: 2, column: "community", words: ["unknown community 'C00'"]),
        Case(fixture: "unknown-slot.projects.csv", file: "projects.csv", line: 4, column: "slot", words: ["unknown slot 'night'", "am, pm or eve"]),
        Case(fixture: "bad-availability.members.csv", file: "members.csv", line: 7, column: "availability", words: ["'saturday'", "not an availability token"]),
        Case(fixture: "skill-count.projects.csv", file: "projects.csv", line: 3, column: "skills", words: ["'Medical:0'", "1 or more"]),
        Case(fixture: "multiline-record.needs.csv", file: "needs.csv", line: 3, column: "urgency", words: ["'7' is outside 1..5"]),
        Case(fixture: "multiline-record.needs.csv", file: "needs.csv", line: 5, column: "urgency", words: ["'8' is outside 1..5"]),
        Case(fixture: "undecodable.members.csv", file: "members.csv", line: 10, column: nil, words: ["byte 0xFF", "at byte offset 499", "not UTF-8, though the rest of the file is"]),
        Case(fixture: "unknown-key.scenario.yaml", file: "scenario.yaml", line: 10, column: "rules.max_distance",
             words: ["unknown key 'max_distance'", "max_distance_km", "unit_max_distance_km"]),
        Case(fixture: "wrong-type.scenario.yaml", file: "scenario.yaml", line: 12, column: "rules.max_sessions_per_member", words: ["'four'", "whole number"]),
        Case(fixture: "negative-limit.scenario.yaml", file: "scenario.yaml", line: 10, column: "rules.max_distance_km", words: ["-1", "0 or more"]),
        Case(fixture: "missing-name.scenario.yaml", file: "scenario.yaml", line: 1, column: "name", words: ["missing"]),
        Case(fixture: "missing-quarter.scenario.yaml", file: "scenario.yaml", line: 1, column: "quarter", words: ["missing", "2027Q1", "start and end"]),
        Case(fixture: "missing-data.scenario.yaml", file: "scenario.yaml", line: 1, column: "data", words: ["missing"]),
    ]

    @Test(arguments: cases)
    func reportsTheDefect(_ c: Case) throws {
        let (scenario, diagnostics) = InputFixtures.read(replacingWith: "errors/" + c.fixture)
        #expect(scenario == nil)
        let hits = diagnostics.filter {
            $0.severity == .error && $0.file.lastComponent == c.file && $0.line == c.line && $0.column == c.column
        }
        let d = try #require(hits.first, "no error at \(c.file):\(c.line.map(String.init) ?? "-") [\(c.column ?? "-")] in:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        for w in c.words { #expect(d.message.contains(w), "\(d) lacks '\(w)'") }
        let location = c.file + (c.line.map { ":\($0)" } ?? "") + ": error: " + (c.column.map { "\($0): " } ?? "")
        #expect(d.description.contains(location), "\(d)")
    }

    @Test func errorsAreAllCollectedAndSorted() throws {
        var files = InputFixtures.validFiles()
        files["needs.csv"] = InputFixtures.bytes("errors/multiline-record.needs.csv")
        files["projects.csv"] = InputFixtures.bytes("errors/unknown-slot.projects.csv")
        files["members.csv"] = InputFixtures.bytes("errors/duplicate-id.members.csv")
        let (scenario, diagnostics) = InputFixtures.read(files)
        #expect(scenario == nil)
        #expect(diagnostics.filter(\.isError).count == 4)
        #expect(diagnostics == diagnostics.sorted())
        let lines = diagnostics.map { "\($0.file.lastComponent):\($0.line ?? 0)" }
        #expect(lines == ["members.csv:8", "needs.csv:3", "needs.csv:5", "projects.csv:4"])
    }

    @Test func loadThrowsEveryError() {
        #expect(throws: InputError.self) { _ = try ScenarioReader.load(path: InputFixtures.path("does-not-exist.yaml")) }
        do {
            _ = try ScenarioReader.load(path: InputFixtures.path("does-not-exist.yaml"))
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.description.contains("does-not-exist.yaml: error: scenario file: no such file"))
        }
    }

    @Test func descriptionIsCompilerStyle() {
        let d = Diagnostic.error(file: "needs.csv", line: 7, column: "urgency", "'6' is outside 1..5")
        #expect(d.description == "needs.csv:7: error: urgency: '6' is outside 1..5")
        #expect(Diagnostic.warning(file: "a.csv", "x").description == "a.csv: warning: x")
    }
}

/// The last path component of a diagnostic's file.
extension String {
    var lastComponent: String { split(separator: "/").last.map(String.init) ?? self }
}
