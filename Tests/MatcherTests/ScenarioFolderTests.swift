import Foundation
import Testing
@testable import Matcher

/// Every scenario shipped in scenarios/ and the generator's street preset validate cleanly,
/// solve, and give plans both checkers accept.
@Suite struct ScenarioFolderTests {
    static let shipped: [String] = {
        let dir = Repo.root.appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent("\($0)/scenario.yaml").path) }
    }()

    @Test func thereAreShippedScenarios() {
        #expect(Self.shipped.contains("example-street"))
        #expect(Self.shipped.contains("example-street-gb18030"))
    }

    @Test(arguments: shipped)
    func validatesWithoutErrors(_ name: String) throws {
        let path = Repo.root.appendingPathComponent("scenarios/\(name)/scenario.yaml").path
        let (scenario, diagnostics) = ScenarioReader.read(path: path)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        #expect(scenario != nil)
    }

    @Test func gb18030TwinReadsToTheSameScenario() throws {
        let a = try ScenarioReader.load(path: Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path).scenario
        let b = try ScenarioReader.load(path: Repo.root.appendingPathComponent("scenarios/example-street-gb18030/scenario.yaml").path).scenario
        #expect(a.communities == b.communities)
        #expect(a.needs == b.needs)
        #expect(a.units == b.units)
        #expect(a.projects == b.projects)
        #expect(a.members == b.members)
        #expect(a.availability == b.availability)
    }

    /// The rows of the table under "What `match solve` prints" in scenarios/example-street/README.md,
    /// by variant: status, projects run, needs covered, member-sessions, members engaged, street
    /// funds, objective — as `keyFigures` words them.
    static func exampleFigures() throws -> [String: [String]] {
        let readme = try String(contentsOf: Repo.root.appendingPathComponent("scenarios/example-street/README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## What `match solve` prints").dropFirst().first)
        var rows: [String: [String]] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| variant") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if let variant = cells.first { rows[variant] = Array(cells.dropFirst()) }
        }
        return rows
    }

    static func keyFigures(_ plan: Plan, scenario: Scenario) -> [String] {
        [plan.status.rawValue,
         "\(plan.projects.count) of \(scenario.projects.count)",
         "\(plan.needs.filter(\.covered).count) of \(scenario.needs.count)",
         "\(plan.assignments.count)",
         "\(Set(plan.assignments.map(\.member)).count) of \(scenario.members.count)",
         String(format: "%.0f", plan.projects.reduce(0) { $0 + $1.streetFunds }),
         String(format: "%.2f", plan.objective)]
    }

    /// The example street's story (scenarios/example-street/README.md) as the solver tells it.
    @Test func exampleStreetSolvesAndExplainsItsUnmetNeeds() throws {
        let path = Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path
        let scenario = try ScenarioReader.load(path: path).scenario
        let told = try Self.exampleFigures()
        for variant in ["base"] + scenario.variants.map(\.name) {
            let settings = try scenario.settings(for: variant)
            let plan = try Solver.solve(scenario, variant: variant, options: SolveOptions(settings: settings)).plan
            #expect(plan.status == .optimal, "\(variant)")
            let figures = Self.keyFigures(plan, scenario: scenario)
            #expect(told[variant] == figures, "README.md's row for \(variant) should read: | \(figures.joined(separator: " | ")) |")
            let check = PlanCheck.check(plan, scenario: scenario, settings: settings)
            #expect(check.violations.isEmpty, "\(variant): \(check.violations)")
            let dir = try temporaryDirectory()
            try PlanJSON.encode(plan).write(to: URL(fileURLWithPath: dir + "/plan.json"))
            if let independent = try independentCheck(scenario: path, plan: dir + "/plan.json", variant: variant) {
                #expect(independent.ok, "\(variant): \(independent.result?.violations ?? [])")
            }
            let n21 = try #require(plan.needs.first { $0.id == "N21" })
            if variant == "wider-circle" {
                #expect(n21.covered, "the doctors 2.8 km away are in a 3 km circle")
            } else {
                #expect(!n21.covered)
                #expect(n21.reason?.contains("doctor") == true, "\(n21.reason ?? "")")
            }
            let n05 = try #require(plan.needs.first { $0.id == "N05" })
            #expect(n05.reason == "no project lists this need")
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func generatedStreetValidatesAndSolvesWithinOnePercent(seed: UInt64) throws {
        let dir = try temporaryDirectory("match-street")
        _ = try ScenarioGenerator.write(GeneratorConfig(preset: .street, seed: seed), to: dir, overwrite: true)
        let (scenario, diagnostics) = ScenarioReader.read(path: dir + "/scenario.yaml")
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
        let sc = try #require(scenario)
        #expect(sc.members.count == 2_000)
        #expect(sc.projects.count == 60)
        // 20 s, not the scenario's 60: a debug build's neighbourhood search would use them all
        // (the release build ends it by its work limit in 2–5 s), and the gap is met long before.
        var options = SolveOptions(settings: sc.settings)
        options.timeLimitSeconds = 20
        let plan = try Solver.solve(sc, options: options).plan
        #expect(plan.gap <= 0.01, "gap \(plan.gap)")
        #expect(PlanCheck.check(plan, scenario: sc, settings: sc.settings).violations.isEmpty)
        try PlanJSON.encode(plan).write(to: URL(fileURLWithPath: dir + "/plan.json"))
        if let independent = try independentCheck(scenario: dir + "/scenario.yaml", plan: dir + "/plan.json") {
            #expect(independent.ok, "\(independent.result?.violations ?? [])")
        }
    }

    /// The graph's fast lead-unit lookup agrees with the contract's rule pair by pair.
    @Test func leadUnitsMatchTheEligibilityRule() throws {
        let dir = try temporaryDirectory("match-units")
        _ = try ScenarioGenerator.write(GeneratorConfig(preset: .district, seed: 3, streets: 3, communities: 20, units: 120,
                                                        needs: 200, projects: 80, members: 500), to: dir, overwrite: true)
        let sc = try ScenarioReader.load(path: dir + "/scenario.yaml").scenario
        for settings in [sc.settings, { var s = sc.settings; s.unitMaxDistanceKm = 1.0; return s }()] {
            let graph = EligibilityGraph(scenario: sc, settings: settings)
            for p in sc.projects.indices {
                let rule = sc.units.indices.filter { Eligibility.unit($0, project: p, in: sc, settings: settings) }
                #expect(graph.leadUnits[p] == rule, "project \(sc.projects[p].id)")
            }
        }
    }
}
