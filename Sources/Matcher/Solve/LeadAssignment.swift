/// With the running projects chosen, which unit leads each is a small b-matching problem with
/// money: families 1–3 and 10–12 restricted to the running projects (funds aggregated per unit
/// as in the master). Its LP relaxation is nearly integral, so GLPK solves it in a moment —
/// far faster than the master with y and v merely fixed.
struct LeadAssignment {
    let scenario: Scenario
    let graph: EligibilityGraph

    /// A lead unit per running project of `solution` with the least unit shortfall; nil when
    /// GLPK finds no assignment in time (then keep the one you have).
    func solve(_ solution: Solution, deadline: Deadline, log: (@Sendable (String) -> Void)?) throws -> [Int?]? {
        // Without the money rows the matrix is a bipartite incidence matrix (totally unimodular):
        // the LP optimum is integral and GLPK finds it at the root. Keep it when it fits the money.
        if let lead = try solve(solution, withFunds: false, deadline: deadline, log: log) {
            var candidate = solution
            candidate.lead = lead
            if candidate.fitsFunds(scenario, settings: graph.settings) { return lead }
        }
        return try solve(solution, withFunds: true, deadline: deadline, log: log)
    }

    private func solve(_ solution: Solution, withFunds: Bool, deadline: Deadline,
                       log: (@Sendable (String) -> Void)?) throws -> [Int?]? {
        let sc = scenario
        let st = graph.settings
        let running = solution.runningProjects
        guard !running.isEmpty else { return nil }
        var lp = LinearModel(name: "leads", sense: .maximize)
        var z: [[(unit: Int, column: Int)]] = []
        var byUnit = [[(column: Int, cost: Double)]](repeating: [], count: sc.units.count)
        for p in running {
            var cols: [(unit: Int, column: Int)] = []
            for u in graph.leadUnits[p] {
                let j = lp.addColumn("z[\(ascii(sc.units[u].id)),\(ascii(sc.projects[p].id))]", upper: 1, kind: .binary)
                cols.append((u, j))
                byUnit[u].append((j, sc.projects[p].cost))
            }
            z.append(cols)
            // 1. exactly one lead unit for each running project.
            lp.addRow("c1_lead[\(ascii(sc.projects[p].id))]", lower: 1, upper: 1, terms: cols.map { ($0.column, 1.0) })
        }
        var e: [Int] = []
        // With street budgets, 10–12 and 15 per unit and street (as in the master).
        let streets = withFunds ? StreetBudgets(sc, settings: st) : nil
        if let streets {
            var items: [(unit: Int, project: Int, z: Int)] = []
            for (n, p) in running.enumerated() { for c in z[n] { items.append((c.unit, p, c.column)) } }
            _ = AggregatedStreetFunding(lp: &lp, sc, settings: st, streets: streets, items: items)
        }
        for (u, unit) in sc.units.enumerated() {
            let s = lp.addColumn("s[\(ascii(unit.id))]", objective: -st.unitShortfall)
            let cols = byUnit[u]
            // 2. and 3.
            if !cols.isEmpty {
                lp.addRow("c2_unit_max[\(ascii(unit.id))]", upper: Double(unit.maxProjects), terms: cols.map { ($0.column, 1.0) })
            }
            lp.addRow("c3_unit_min[\(ascii(unit.id))]", lower: Double(unit.minProjects), terms: cols.map { ($0.column, 1.0) } + [(s, 1.0)])
            // 10.–11. aggregated: the unit pays as far as its funds go, the street the rest.
            let paying = cols.filter { $0.cost > 0 }
            if withFunds && streets == nil && !paying.isEmpty {
                let owed = lp.addColumn("e[\(ascii(unit.id))]")
                e.append(owed)
                lp.addRow("c10_11_unit_pays[\(ascii(unit.id))]", upper: unit.funds,
                          terms: paying.map { ($0.column, $0.cost) } + [(owed, -1.0)])
            }
        }
        // 12.
        if withFunds, streets == nil, let budget = st.streetBudget {
            lp.addRow("c12_street_budget", upper: budget, terms: e.map { ($0, 1.0) })
        }
        var options = MIPOptions()
        options.timeLimitSeconds = max(0.5, min(deadline.remaining * 0.2, 10))
        options.relativeGap = 1e-6
        options.log = log
        let result = try GLPKProblem(lp).solveMIP(options)
        guard result.hasSolution else { return nil }
        var lead = [Int?](repeating: nil, count: sc.projects.count)
        for (n, p) in running.enumerated() {
            guard let chosen = z[n].first(where: { result.columnValues[$0.column] > 0.5 }) else { return nil }
            lead[p] = chosen.unit
        }
        return lead
    }
}
