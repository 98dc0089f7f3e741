import Foundation
import PropertyBased
import Testing
@testable import Matcher

/// Random small scenarios from the generator: every plan passes both checkers, and the
/// decomposition's bound is a true bound (never below the optimum GLPK proves on the
/// contract's model itself).
@Suite struct SolvePropertyTests {
    static func tinyScenario(seed: UInt64, members: Int, projects: Int) throws -> (path: String, scenario: Scenario) {
        let dir = try temporaryDirectory("match-prop")
        let config = GeneratorConfig(preset: .street, seed: seed, streets: 1, communities: 2, units: 3,
                                     needs: 2 * projects + 1, projects: projects, members: members)
        _ = try ScenarioGenerator.write(config, to: dir, overwrite: true)
        let path = dir + "/scenario.yaml"
        return (path, try ScenarioReader.load(path: path).scenario)
    }

    @Test func plansPassBothCheckersAndBoundsHold() async throws {
        await propertyCheck(count: 12, input: Gen.int(in: 1...1_000_000), Gen.int(in: 4...24), Gen.int(in: 1...5)) { seed, members, projects in
            do {
                let (path, scenario) = try Self.tinyScenario(seed: UInt64(seed), members: members, projects: projects)
                var options = SolveOptions(settings: scenario.settings)
                options.timeLimitSeconds = 20
                let exact = try Solver.solve(scenario, options: options)
                options.exactColumnLimit = 0
                let decomposed = try Solver.solve(scenario, options: options)
                // The paths taken at city scale: greedy master, nearest-first staffing.
                options.masterColumnLimit = 0
                options.staffingGroupColumnLimit = 0
                let greedy = try Solver.solve(scenario, options: options)
                #expect(greedy.plan.objective <= exact.plan.objective + 1e-6 || exact.plan.status != .optimal)

                for result in [exact, decomposed, greedy] {
                    let check = PlanCheck.check(result.plan, scenario: scenario, settings: scenario.settings)
                    #expect(check.violations.isEmpty, "seed \(seed): \(check.violations)")
                    #expect(check.statedObjectiveMatches, "seed \(seed)")
                    #expect(result.plan.bestBound >= result.plan.objective - 1e-6)
                    let planPath = (path as NSString).deletingLastPathComponent + "/plan-\(UUID().uuidString).json"
                    try PlanJSON.encode(result.plan).write(to: URL(fileURLWithPath: planPath))
                    if let independent = try independentCheck(scenario: path, plan: planPath) {
                        #expect(independent.ok, "seed \(seed) \(result.stats.method): \(independent.result?.violations ?? [])")
                    }
                }
                if exact.plan.status == .optimal {
                    // The decomposition's bound comes from a relaxation: it may not cut off the optimum.
                    #expect(decomposed.plan.bestBound >= exact.plan.objective - 1e-6,
                            "seed \(seed): bound \(decomposed.plan.bestBound) below the optimum \(exact.plan.objective)")
                    #expect(decomposed.plan.objective <= exact.plan.objective + 1e-6)
                }
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }
}
