import Foundation
import Testing
@testable import Matcher

/// The LP bound (issue 14): column generation reaches the LP relaxation of the contract's whole
/// model, its bound is never below the proved optimum, and the solve is deterministic.
@Suite struct LPBoundTests {
    static let folders = ["single", "conflict", "budget", "shortfall", "skills", "participation"]

    /// On small fixtures, the converged column generation equals GLPK's LP optimum of the exact
    /// model built whole (with the rows x <= v, as the column generation has them), and the
    /// Lagrangian bound equals it too. That LP lies between the MIP optimum and the contract's LP.
    @Test(arguments: folders)
    func columnGenerationReachesTheWholeLP(_ folder: String) throws {
        let (scenario, _) = try ScenarioReader.load(path: Repo.fixture("solve/\(folder)/scenario.yaml"))
        let settings = scenario.settings
        let graph = EligibilityGraph(scenario: scenario, settings: settings)
        let whole = try GLPKProblem(ContractModel(scenario: scenario, graph: graph, linking: true).lp).solveLP()
        #expect(whole.status == .optimal)
        let contractLP = try GLPKProblem(ContractModel(scenario: scenario, graph: graph).lp).solveLP()
        var exact = MIPOptions()
        exact.relativeGap = 0
        let optimum = try GLPKProblem(ContractModel(scenario: scenario, graph: graph).lp).solveMIP(exact)
        #expect(optimum.termination == .optimal)
        #expect(whole.objective <= contractLP.objective + 1e-6)
        #expect(whole.objective >= optimum.objective - 1e-6)
        var lp = LPBound(scenario: scenario, graph: graph)
        lp.initialNearest = 1
        lp.perSession = 1
        let empty = Solution(projectCount: scenario.projects.count, sessionCount: graph.sessionCount)
        let result = try #require(try lp.solve(start: empty, deadline: Deadline(seconds: 60), log: nil))
        #expect(result.converged)
        #expect(abs(result.lpValue - whole.objective) < 1e-6)
        #expect(abs(result.bound - whole.objective) < 1e-6)
    }

    /// Before convergence the bound is still a bound: one round from a tiny start is above the LP.
    @Test(arguments: folders)
    func anEarlyRoundStillBoundsTheLP(_ folder: String) throws {
        let (scenario, _) = try ScenarioReader.load(path: Repo.fixture("solve/\(folder)/scenario.yaml"))
        let graph = EligibilityGraph(scenario: scenario, settings: scenario.settings)
        let whole = try GLPKProblem(ContractModel(scenario: scenario, graph: graph, linking: true).lp).solveLP()
        var lp = LPBound(scenario: scenario, graph: graph)
        lp.initialNearest = 0
        lp.maxRounds = 1
        let empty = Solution(projectCount: scenario.projects.count, sessionCount: graph.sessionCount)
        let result = try #require(try lp.solve(start: empty, deadline: Deadline(seconds: 60), log: nil))
        #expect(result.bound >= whole.objective - 1e-6)
        #expect(result.lpValue <= whole.objective + 1e-6)
    }

    /// Same input, same options: byte-identical plan.json, with the participation term on and the
    /// master and proving searches stopped by node limits, not by the clock.
    @Test func theSameInputGivesTheSamePlan() throws {
        let path = Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path
        let scenario = try ScenarioReader.load(path: path).scenario
        var texts: [String] = []
        for _ in 0..<2 {
            let options = SolveOptions(settings: try scenario.settings(for: "everyone-serves"))
            let result = try Solver.solve(scenario, variant: "everyone-serves", options: options)
            texts.append(String(decoding: try PlanJSON.encode(result.plan), as: UTF8.self))
        }
        #expect(texts[0] == texts[1])
    }

    /// The example street is proved optimal, and its plan says nothing stopped it.
    @Test func theExampleStreetIsProvedOptimal() throws {
        let path = Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path
        let scenario = try ScenarioReader.load(path: path).scenario
        let result = try Solver.solve(scenario, options: SolveOptions(settings: scenario.settings))
        #expect(result.plan.status == .optimal)
        #expect(result.plan.stoppedBy == nil)
        #expect(result.plan.gap <= scenario.settings.mipGap)
        #expect(result.stats.lpConverged)
    }
}
