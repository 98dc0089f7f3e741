import Foundation
import Testing
@testable import Matcher

/// `SolveOptions.stop`: a stop request ends the solve as at its time limit, with a feasible plan.
@Suite struct SolveStopTests {
    static let example = Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path

    /// Issue 27: no phase made a plan, so there is none to state (not the empty plan as
    /// `feasible`, which a caller would write over a good one), and the bound is an honest one.
    @Test func aStopRequestedBeforehandGivesNoPlanAtOnce() throws {
        let scenario = try ScenarioReader.load(path: Self.example).scenario
        var options = SolveOptions(settings: scenario.settings)
        options.stop = StopRequest()
        options.stop?.request()
        let result = try Solver.solve(scenario, options: options)
        // No master round, no staffing, no exact model: no plan.
        #expect(result.plan.projects.isEmpty && result.plan.assignments.isEmpty)
        #expect(result.plan.status == .noPlan)
        #expect(result.plan.stoppedBy == "interrupt")
        // A proved bound (the pooled bound, or Σ w_i): never the empty plan's own value, never
        // below a plan the full solve finds.
        #expect(result.plan.bestBound <= scenario.needs.reduce(0.0) { $0 + Double($1.weight) })
        let full = try Solver.solve(scenario, options: SolveOptions(settings: scenario.settings))
        #expect(result.plan.bestBound >= full.plan.objective - 1e-6 * max(1, abs(full.plan.objective)))
        #expect(result.stats.masterRounds == 0 && result.stats.lpRounds == 0 && result.stats.provingColumns == 0)
        #expect(PlanCheck.check(result.plan, scenario: scenario, settings: scenario.settings).violations.isEmpty)
    }

    @Test func aStopDuringTheSolveKeepsTheBestPlanSoFar() throws {
        let scenario = try ScenarioReader.load(path: Self.example).scenario
        var options = SolveOptions(settings: scenario.settings)
        let stop = StopRequest()
        options.stop = stop
        // Stop as soon as the LP bound (after the master and staffing) starts: the plan found before it stays.
        options.progress = { p in if p.phase == "lp bound" { stop.request() } }
        let result = try Solver.solve(scenario, options: options)
        #expect(stop.isRequested)
        #expect(!result.plan.projects.isEmpty)
        #expect(PlanCheck.check(result.plan, scenario: scenario, settings: scenario.settings).violations.isEmpty)
    }
}
