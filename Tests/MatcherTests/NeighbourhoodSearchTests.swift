import Foundation
import Testing
@testable import Matcher

/// The neighbourhood search (issue 14): its re-solves are plans of the contract's model, never
/// worse than the incumbent, and with every project freed and every member a candidate it
/// reaches the optimum GLPK proves on the whole model.
@Suite struct NeighbourhoodSearchTests {
    static let folders = ["single", "conflict", "budget", "shortfall", "skills", "participation"]

    /// 3a + 2b + c + 0.5 with a fixed at 1: rows that keep b or c stay (shifted by a's value),
    /// a row of a alone goes, and the objective gains 3.
    @Test func fixedColumnsAreSubstituted() throws {
        var m = LinearModel(name: "t", sense: .maximize)
        m.objectiveConstant = 0.5
        let a = m.addColumn("a", lower: 1, upper: 1, objective: 3, kind: .binary)
        let b = m.addColumn("b", upper: 1, objective: 2, kind: .binary)
        let c = m.addColumn("c", upper: 4, objective: 1)
        m.addRow("ab", upper: 1, terms: [(a, 1), (b, 1)])
        m.addRow("a", lower: 1, terms: [(a, 1)])
        m.addRow("bc", lower: 0.5, upper: 3, terms: [(a, 2), (b, 1), (c, 1)])
        let r = try #require(FixedColumnsReduction(m))
        #expect(r.original == [b, c])
        #expect(r.model.columns.map(\.name) == ["b", "c"])
        #expect(r.model.rows.map(\.name) == ["ab", "bc"])
        #expect(r.model.rows[0].upper == 0)
        #expect(r.model.rows[1].lower == -1.5 && r.model.rows[1].upper == 1)
        #expect(r.model.objectiveConstant == 3.5)
        #expect(r.model.nonzeroCount == 3)
        #expect(r.expand([0, 1]) == [1, 0, 1])
        #expect(r.restrict([1, 0, 2.5]) == [0, 2.5])
        let solved = try GLPKProblem(r.model).solveMIP()
        #expect(solved.termination == .optimal)
        #expect(abs(solved.objective - 4.5) < 1e-9)   // b = 0 (row ab), c = 1 (row bc)
        #expect(abs(m.objectiveValue(r.expand(solved.columnValues)) - 4.5) < 1e-9)

        // A row of fixed columns only that they violate: no plan at all.
        var bad = m
        bad.addRow("a0", upper: 0, terms: [(a, 1)])
        #expect(FixedColumnsReduction(bad) == nil)
    }

    static func load(_ folder: String) throws -> (Scenario, EligibilityGraph) {
        let (scenario, _) = try ScenarioReader.load(path: Repo.fixture("solve/\(folder)/scenario.yaml"))
        return (scenario, EligibilityGraph(scenario: scenario, settings: scenario.settings))
    }

    static func plan(_ s: Solution, _ scenario: Scenario, _ graph: EligibilityGraph) -> Plan {
        let reasons = UnmetReasons(scenario: scenario, graph: graph, analysis: SessionAnalysis(scenario: scenario, graph: graph), solution: s)
        return s.plan(scenario, graph, variant: "base", status: .feasible, bound: 1e9, gap: 1, reasons: reasons)
    }

    /// From the empty plan, every project freed with every eligible member a candidate: the
    /// whole contract model, so the re-solve finds GLPK's proved optimum of it.
    @Test(arguments: folders)
    func freeingEverythingFindsTheOptimum(_ folder: String) throws {
        let (scenario, graph) = try Self.load(folder)
        var exactOptions = MIPOptions()
        exactOptions.relativeGap = 0
        let exact = try GLPKProblem(ContractModel(scenario: scenario, graph: graph).lp).solveMIP(exactOptions)
        #expect(exact.termination == .optimal)
        let search = NeighbourhoodSearch(scenario: scenario, graph: graph, entryCost: nil, perSession: graph.memberOf.count)
        let empty = Solution(projectCount: scenario.projects.count, sessionCount: graph.sessionCount)
        var options = MIPOptions()
        options.relativeGap = 0
        let found = try #require(try search.solve(projects: Array(scenario.projects.indices), incumbent: empty, options: options))
        #expect(abs(found.objective(scenario, graph) - exact.objective) < 1e-6)
        let check = PlanCheck.check(Self.plan(found, scenario, graph), scenario: scenario, settings: scenario.settings)
        #expect(check.violations.isEmpty, "\(check.violations)")
    }

    /// One project (and one tied to it) at a time from the empty plan, with two candidates per session: each re-solve
    /// is a plan of the contract's model and never worse than the plan it started from.
    @Test(arguments: folders)
    func eachReSolveIsAPlanNoWorseThanItsStart(_ folder: String) throws {
        let (scenario, graph) = try Self.load(folder)
        var incumbent = Solution(projectCount: scenario.projects.count, sessionCount: graph.sessionCount)
        let lp = try #require(try LPBound(scenario: scenario, graph: graph).solve(start: incumbent, deadline: Deadline(seconds: 60), log: nil))
        let search = NeighbourhoodSearch(scenario: scenario, graph: graph, entryCost: lp.entryCost, perSession: 2)
        for p in scenario.projects.indices {
            var options = MIPOptions()
            options.nodeLimit = 20
            let before = incumbent.objective(scenario, graph)
            let found = try #require(try search.solve(projects: search.neighbourhood(seed: p, columnBudget: 50, maxProjects: 2),
                                                      incumbent: incumbent, options: options))
            #expect(found.objective(scenario, graph) >= before - 1e-9)
            let check = PlanCheck.check(Self.plan(found, scenario, graph), scenario: scenario, settings: scenario.settings)
            #expect(check.violations.isEmpty, "project \(p): \(check.violations)")
            incumbent = found
        }
    }

    /// The neighbourhoods: the seed always, then the projects tied to it, within the budget.
    @Test func neighbourhoodsRespectTheirBudget() throws {
        let (scenario, graph) = try Self.load("conflict")
        let search = NeighbourhoodSearch(scenario: scenario, graph: graph, entryCost: nil, perSession: 3)
        for p in scenario.projects.indices {
            let none = search.neighbourhood(seed: p, columnBudget: 0, maxProjects: 6)
            #expect(none == [p])
            let two = search.neighbourhood(seed: p, columnBudget: .max, maxProjects: 2)
            #expect(two.contains(p) && two.count == min(2, 1 + search.related[p].count))
            let budget = 2 * search.pairCount(p)
            let within = search.neighbourhood(seed: p, columnBudget: budget, maxProjects: 6)
            #expect(within.filter { $0 != p }.reduce(search.pairCount(p)) { $0 + search.pairCount($1) } <= max(budget, search.pairCount(p)))
        }
    }
}
