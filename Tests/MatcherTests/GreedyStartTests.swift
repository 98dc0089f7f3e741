import Testing
@testable import Matcher

/// The greedy start's chains of lead changes (`GreedyStart.reassignment`): when every unit
/// that may lead a project is full, a project already placed moves to a unit with room, if
/// the street money allows it.
@Suite struct GreedyStartTests {
    /// Fixture `chain`: U1 (drain and parking, funds 100) and U2 (drain only, funds 0) lead one
    /// project each. P1 (drain, cost 100, weight 30) goes first, to U1, where it costs the
    /// street nothing; P2 (parking, weight 10) has only U1. Moving P1 to U2 costs the street
    /// 100 yuan: with a budget of 100 the chain runs both, with 99 P2 stays out.
    @Test(arguments: [(100.0, true), (99.0, false)])
    func aFullUnitIsFreedByMovingItsProject(budget: Double, bothRun: Bool) throws {
        let (scenario, _) = try ScenarioReader.load(path: Repo.fixture("solve/chain/scenario.yaml"))
        var settings = scenario.settings
        settings.streetBudget = budget
        let graph = EligibilityGraph(scenario: scenario, settings: settings)
        let greedy = GreedyStart(scenario: scenario, graph: graph, analysis: SessionAnalysis(scenario: scenario, graph: graph),
                                 barred: []).solution()
        let unit = { (id: String) in scenario.units.firstIndex { $0.id == id } }
        if bothRun {
            #expect(greedy.lead == [unit("U2"), unit("U1")])
            #expect(greedy.streetFundsUsed(scenario, settings: scenario.settings) == 100)
        } else {
            #expect(greedy.lead == [unit("U1"), nil])
            #expect(greedy.streetFundsUsed(scenario, settings: scenario.settings) == 0)
        }
        #expect(greedy.held[0].count == 1)
        #expect(greedy.held[1].count == (bothRun ? 1 : 0))
    }
}
