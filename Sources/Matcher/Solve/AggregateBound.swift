/// A second, coarser relaxation of the contract's model that stays small at any scale: units
/// are pooled, so only projects and needs have columns. Its LP optimum is a true upper bound:
/// - c_i <= sum of y_p over projects listing i (9);
/// - a running project costs at least the least distance of its cheapest staffable sessions (5–8);
/// - total shortfall >= sum of min_projects over units that may lead something − number of
///   running projects, plus the minimum of units that may lead nothing (1–3);
/// - running projects <= sum of max_projects (2);
/// - total cost of running projects <= street budget + all units' funds (10–12);
/// - y_p = 0 where no unit may lead p or fewer sessions than it needs can be staffed (at
///   its spacing, 14), and a running project costs its cheapest spaced sessions;
/// - the participation term is at least its unavoidable part, W·(T − reachable targets).
/// Used where the master problem is too big for GLPK to finish its LP in time (a city).
struct AggregateBound {
    let scenario: Scenario
    let graph: EligibilityGraph
    let analysis: SessionAnalysis

    func solve(deadline: Deadline, log: (@Sendable (String) -> Void)?) throws -> Double? {
        let sc = scenario
        let st = graph.settings
        var lp = LinearModel(name: "aggregate", sense: .maximize)
        var y: [Int] = []
        for (p, project) in sc.projects.enumerated() {
            let gap = sc.minGap(of: p, settings: st)
            var runnable: Bool, least: Double
            if gap > 1 {
                // Spacing (14): the cheapest staffable sessions pairwise gap days apart.
                let ks = graph.sessions(of: p).filter { analysis.staffable[$0] }
                let picked = Spacing.cheapest(days: ks.map { graph.sessions[$0].day }, cost: ks.map { analysis.distanceCostBound[$0] },
                                              count: project.sessions, gap: gap)
                runnable = !graph.leadUnits[p].isEmpty && picked != nil
                least = picked.map { $0.reduce(0) { $0 + analysis.distanceCostBound[ks[$1]] } } ?? 0
            } else {
                let costs = graph.sessions(of: p).filter { analysis.staffable[$0] }.map { analysis.distanceCostBound[$0] }.sorted()
                runnable = !graph.leadUnits[p].isEmpty && costs.count >= project.sessions
                least = costs.prefix(project.sessions).reduce(0, +)
            }
            y.append(lp.addColumn("y[\(ascii(project.id))]", upper: runnable ? 1 : 0, objective: -least))
        }
        var listing = [[Int]](repeating: [], count: sc.needs.count)
        for (p, project) in sc.projects.enumerated() { for i in project.needs { listing[i].append(p) } }
        for (i, need) in sc.needs.enumerated() {
            let c = lp.addColumn("c[\(ascii(need.id))]", upper: 1, objective: Double(need.weight))
            lp.addRow("c9_cover[\(ascii(need.id))]", upper: 0, terms: [(c, 1.0)] + listing[i].map { (y[$0], -1.0) })
        }
        var mayLead = Array(repeating: false, count: sc.units.count)
        for units in graph.leadUnits { for u in units { mayLead[u] = true } }
        var pooledMin = 0.0, idleMin = 0.0, pooledMax = 0.0, funds = 0.0
        for (u, unit) in sc.units.enumerated() {
            if mayLead[u] { pooledMin += Double(unit.minProjects); pooledMax += Double(unit.maxProjects) } else { idleMin += Double(unit.minProjects) }
            funds += unit.funds
        }
        lp.objectiveConstant = -st.unitShortfall * idleMin - analysis.participation.unavoidable
        let short = lp.addColumn("s_total", objective: -st.unitShortfall)
        lp.addRow("c3_pooled_min", lower: pooledMin, terms: y.map { ($0, 1.0) } + [(short, 1.0)])
        lp.addRow("c2_pooled_max", upper: pooledMax, terms: y.map { ($0, 1.0) })
        if let budget = st.streetBudget {
            lp.addRow("c10_12_pooled_money", upper: budget + funds,
                      terms: sc.projects.enumerated().map { (y[$0.offset], $0.element.cost) })
        }
        var options = LPOptions()
        options.timeLimitSeconds = max(1, deadline.remaining)
        options.log = log
        let problem = try GLPKProblem(lp)
        let result = try problem.solveLP(options)
        guard result.status == .optimal else { return nil }
        return result.objective
    }
}
