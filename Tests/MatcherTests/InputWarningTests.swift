import Testing
@testable import Matcher

/// One fixture per kind of warning (Fixtures/input/warnings): the scenario is still returned.
@Suite struct InputWarningTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var fixture: String
        var file: String
        var line: Int
        var words: [String]
        var column: String? = nil
        var count = 1
        var testDescription: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "need-unlisted.needs.csv", file: "needs.csv", line: 7, words: ["need 'N06'", "listed by no project"]),
        Case(fixture: "few-dates.projects.csv", file: "projects.csv", line: 5, words: ["'P04'", "2 candidate dates", "3 sessions"]),
        Case(fixture: "no-lead-unit.projects.csv", file: "projects.csv", line: 5, words: ["'P04'", "no unit", "'culture'"],
             column: "category", count: 2),  // and: P04 (culture) lists N05 (environment)
        Case(fixture: "unstaffable-skill.projects.csv", file: "projects.csv", line: 3, words: ["'P02'", "with 'medical' of 3 needed", "2027-01-02"]),
        Case(fixture: "unstaffable-min.projects.csv", file: "projects.csv", line: 2, words: ["'P01'", "on 9 of 9 candidate dates", "of 9 needed", "within 2.0 km"]),
        Case(fixture: "unreachable.members.csv", file: "members.csv", line: 14, words: ["member 'M13'", "can reach no project"]),
    ]

    @Test func validScenarioHasNoDiagnostics() throws {
        let (scenario, diagnostics) = ScenarioReader.read(path: InputFixtures.path("valid/scenario.yaml"))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(scenario != nil)
    }

    @Test(arguments: cases)
    func warns(_ c: Case) throws {
        let (scenario, diagnostics) = InputFixtures.read(replacingWith: "warnings/" + c.fixture)
        #expect(scenario != nil)
        #expect(diagnostics.allSatisfy { !$0.isError }, "\(diagnostics)")
        let d = try #require(diagnostics.first { $0.file.lastComponent == c.file && $0.line == c.line && (c.column == nil || $0.column == c.column) },
                             "no warning at \(c.file):\(c.line) in:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(d.severity == .warning)
        #expect(d.description.contains("\(c.file):\(c.line): warning: "))
        for w in c.words { #expect(d.message.contains(w), "\(d) lacks '\(w)'") }
        #expect(diagnostics.count == c.count, "\(diagnostics)")
    }

    @Test func loadReturnsWarnings() throws {
        var files = InputFixtures.validFiles()
        files["needs.csv"] = InputFixtures.bytes("warnings/need-unlisted.needs.csv")
        let (scenario, _) = InputFixtures.read(files)
        #expect(scenario?.needs.count == 6)
    }
}
