/// The set search (docs/MODEL.md item 12): the plans that run exactly one set of projects,
/// searched by GLPK's branch-and-bound from that set's fixed LP (`LPBound.Generation.fix`).
/// The project-set proof meets sets whose fixed LP is above the incumbent although the
/// incumbent runs another set; the neighbourhood search, which keeps every other project's
/// dates, cannot get there (on the scarce 400-member street seed 2 the better set moves 73
/// session dates). With y fixed, lead units, dates and staff are all free.
///
/// Columns: with multipliers giving the set's bound L, a plan of the set worth more than
/// `floor` uses no x column with L + d ≤ floor (d its reduced cost, d < 0). Where at most
/// `columnLimit` such columns are left, all of them; otherwise only the fixed LP's own
/// (price and branch). The same argument fixes v and z. Then the LP guides: sessions the fixed
/// LP holds at 1 (or at 0) are fixed so, which leaves GLPK a small problem (on scarce400
/// seed 3, 11.7 s → under 1 s, same plan); when that finds nothing, the search runs again
/// with the dates free. Every plan found is a plan of the contract's model that runs the set.
struct SetSearch {
    let scenario: Scenario
    let graph: EligibilityGraph
    var columnLimit = 6_000
    /// Fix the sessions whose fixed-LP value is integral (the LP-guided step).
    var fixIntegralDates = true

    struct Outcome {
        /// The best plan found (it runs exactly the set); nil when GLPK found none.
        var solution: Solution?
        var columns: Int
        /// The columns were every x that can beat `floor` (else the fixed LP's own).
        var complete: Bool
        /// "dates fixed by the LP" or "dates free": which search gave the outcome.
        var dates: String
        var termination: MIPTermination
    }

    func solve(running: [Bool], lp: LPBound.Result, floor: Double, options: MIPOptions) throws -> Outcome {
        let sc = scenario
        let L = lp.bound
        var columns: [Int] = []
        for k in 0..<graph.sessionCount where running[graph.sessions[k].project] {
            for e in graph.members(of: k) where L + min(0, lp.entryCost[e]) > floor { columns.append(e) }
        }
        let complete = columns.count <= columnLimit
        if !complete {
            var inLP = [Bool](repeating: false, count: graph.memberOf.count)
            for e in lp.entries { inLP[e] = true }
            columns = columns.filter { inLP[$0] }
        }
        var model = ContractModel(scenario: sc, graph: graph, staffing: .columns(columns), linking: true)
        for (p, j) in model.y.enumerated() { model.fixColumn(j, at: running[p] ? 1 : 0) }
        func fix(_ column: Int, cost d: Double) {
            if d < 0, L + d <= floor { model.fixColumn(column, at: 0) }
            if d > 0, L - d <= floor { model.fixColumn(column, at: 1) }
        }
        let sessions = (0..<graph.sessionCount).filter { running[graph.sessions[$0].project] }
        for k in sessions { fix(model.v[k], cost: lp.vCost[k]) }
        for (p, leads) in model.lead.enumerated() where running[p] {
            for (n, l) in leads.enumerated() { fix(l.z, cost: lp.zCost[p][n]) }
        }
        var outcome = Outcome(solution: nil, columns: columns.count, complete: complete, dates: "dates free", termination: .infeasible)
        var attempts = [model]
        if fixIntegralDates, lp.vValue.count == graph.sessionCount {
            var guided = model
            for k in sessions {
                let j = model.v[k]
                guard model.lp.columns[j].lower < model.lp.columns[j].upper else { continue }
                if lp.vValue[k] > 1 - 1e-6 { guided.fixColumn(j, at: 1) }
                if lp.vValue[k] < 1e-6 { guided.fixColumn(j, at: 0) }
            }
            attempts.insert(guided, at: 0)
        }
        for (n, attempt) in attempts.enumerated() {
            outcome.dates = n + 1 < attempts.count ? "dates fixed by the LP" : "dates free"
            guard let reduced = FixedColumnsReduction(attempt.lp) else { continue }
            let result = try GLPKProblem(reduced.model).solveMIP(options)
            outcome.termination = result.termination
            if result.hasSolution {
                outcome.solution = Solution(model: attempt, values: reduced.expand(result.columnValues), scenario: sc)
                break
            }
            if result.termination == .timeLimit || result.termination == .stopped { break }
        }
        return outcome
    }
}
