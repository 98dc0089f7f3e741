import Foundation
import Testing
@testable import Matcher

/// Hand-built scenarios whose optimum was derived by hand (see each case), solved to exactly
/// that optimum; every plan passes both checkers.
@Suite struct SolveTests {
    /// Distance from the community centre (30.0, 120.0) to a member at (lat, 120.0).
    static func km(_ lat: Double) -> Double { haversineKm(30.0, 120.0, lat, 120.0) }

    struct Case: CustomTestStringConvertible, Sendable {
        var folder: String
        var objective: Double
        var running: [String: String]          // project → lead unit
        var staff: Set<String>                 // "member project date"
        var uncovered: [String: String]        // need → words the reason must hold
        var testDescription: String { folder }
    }

    static let cases: [Case] = [
        // P1 needs 2 of 3 members: the nearest two. w(N1) = 10×3.
        Case(folder: "single", objective: 30 - 0.5 * (km(30.0045) + km(30.009)),
             running: ["P1": "U1"], staff: ["M1 P1 2027-01-16", "M2 P1 2027-01-16"],
             uncovered: ["N2": "no project lists"]),
        // Both projects need the same two members on one date and slot: only the heavier (N2: 20×2) runs.
        Case(folder: "conflict", objective: 40 - 0.5 * (km(30.0045) + km(30.009)),
             running: ["P2": "U1"], staff: ["M1 P2 2027-01-16", "M2 P2 2027-01-16"],
             uncovered: ["N1": "not chosen"]),
        // Budget 600: P1 (1000, unit gives 500) fits, P1+P2 (1800 − 500) does not; P1 weighs more.
        Case(folder: "budget", objective: 30 - 0.5 * km(30.0045),
             running: ["P1": "U1"], staff: ["M1 P1 2027-01-16"],
             uncovered: ["N2": "budget"]),
        // U2 (legal) may lead nothing: P2 is 22 km away and unpaired, so U2 pays the shortfall of 100.
        Case(folder: "shortfall", objective: 30 - 0.5 * km(30.0045) - 100,
             running: ["P1": "U1"], staff: ["M1 P1 2027-01-16"],
             uncovered: ["N2": "no unit offering 'legal'"]),
        // An electrician on each of two dates; M4 (nearest electrician) is away on the 6th, M1 serves once.
        Case(folder: "skills", objective: 120 - 0.5 * (km(30.0045) + km(30.009) + km(30.0135) + km(30.0018)),
             running: ["P1": "U1"], staff: [], uncovered: [:]),
    ]

    @Test(arguments: cases)
    func solvesToTheHandDerivedOptimum(_ c: Case) throws {
        let path = Repo.fixture("solve/\(c.folder)/scenario.yaml")
        let (scenario, _) = try ScenarioReader.load(path: path)
        let result = try Solver.solve(scenario, options: SolveOptions(settings: scenario.settings))
        let plan = result.plan
        #expect(plan.status == .optimal)
        #expect(abs(plan.objective - c.objective) < 1e-9, "objective \(plan.objective), expected \(c.objective)")
        #expect(plan.bestBound >= plan.objective - 1e-9)
        #expect(Dictionary(uniqueKeysWithValues: plan.projects.map { ($0.id, $0.leadUnit) }) == c.running)
        if !c.staff.isEmpty {
            #expect(Set(plan.assignments.map { "\($0.member) \($0.project) \($0.date)" }) == c.staff)
        }
        for need in plan.needs {
            if let words = c.uncovered[need.id] {
                #expect(!need.covered)
                #expect(need.reason?.contains(words) == true, "reason of \(need.id): \(need.reason ?? "nil")")
            } else {
                #expect(need.covered, "\(need.id) should be covered")
            }
        }
        let check = PlanCheck.check(plan, scenario: scenario, settings: scenario.settings)
        #expect(check.violations.isEmpty, "\(check.violations)")
        #expect(abs(check.objective - plan.objective) < 1e-9)

        let dir = try temporaryDirectory()
        let planPath = dir + "/plan.json"
        try PlanJSON.encode(plan).write(to: URL(fileURLWithPath: planPath))
        if let independent = try independentCheck(scenario: path, plan: planPath) {
            #expect(independent.ok, "checkplan.py: \(independent.result?.violations ?? [])")
            #expect(abs((independent.result?.objective ?? .nan) - c.objective) < 1e-6)
        }
    }

    @Test func skillsPlanUsesBothElectricians() throws {
        let (scenario, _) = try ScenarioReader.load(path: Repo.fixture("solve/skills/scenario.yaml"))
        let plan = try Solver.solve(scenario, options: SolveOptions(settings: scenario.settings)).plan
        let byDate = Dictionary(grouping: plan.assignments, by: \.date).mapValues { Set($0.map(\.member)) }
        #expect(byDate["2027-01-06"]?.contains("M3") == true)
        #expect(byDate["2027-01-16"]?.contains("M4") == true)
        #expect(plan.assignments.filter { $0.member == "M1" }.count == 1)
    }

    /// The decomposition alone (no exact polish) reaches the same optimum on these cases.
    @Test(arguments: cases)
    func decompositionAloneIsOptimalHere(_ c: Case) throws {
        let (scenario, _) = try ScenarioReader.load(path: Repo.fixture("solve/\(c.folder)/scenario.yaml"))
        var options = SolveOptions(settings: scenario.settings)
        options.exactColumnLimit = 0
        let result = try Solver.solve(scenario, options: options)
        #expect(result.stats.method == "decomposition")
        #expect(abs(result.plan.objective - c.objective) < 1e-9)
        #expect(result.plan.bestBound >= result.plan.objective - 1e-9)
    }

    /// A limit too short for any search still gives the greedy plan, staffed and feasible.
    @Test func aMillisecondLimitStillGivesARealPlan() throws {
        let path = Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path
        let scenario = try ScenarioReader.load(path: path).scenario
        var options = SolveOptions(settings: scenario.settings)
        options.timeLimitSeconds = 0.001
        let plan = try Solver.solve(scenario, options: options).plan
        #expect(plan.projects.count >= 10)
        #expect(plan.status == .feasible || plan.status == .optimal)
        #expect(plan.bestBound >= plan.objective)
        #expect(PlanCheck.check(plan, scenario: scenario, settings: scenario.settings).violations.isEmpty)
    }
}
