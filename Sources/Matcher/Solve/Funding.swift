/// Who pays for a plan's running projects (constraints 10–12 and 15): each unit's funds go to
/// the projects it leads, the street pays the rest, within the street budget and, since
/// contract v3, within each street's own budget.
enum FundingSplit {
    /// Unit and street money per project (zero where it does not run) for these lead units.
    /// Without street budgets: each unit pays in project order as far as its funds go, which
    /// spends as little street money as any split can. With them: a maximum flow of unit funds
    /// to the streets' projects that first gives every budgeted street what it needs beyond its
    /// budget, then the budgeted streets the rest of their cost (least room first), then as
    /// much as it can anywhere — the least total street money among the splits
    /// that keep every street within its budget, when one exists (exact for fixed projects and
    /// leads: augmenting paths never take flow away from a street). Each unit's flow to one
    /// street is spread over its projects there in project order. When no split keeps every
    /// budget, the split returned breaks one (`fits` says so).
    static func split(_ sc: Scenario, settings: Settings, lead: [Int?]) -> [(unit: Double, street: Double)] {
        var out = Array(repeating: (unit: 0.0, street: 0.0), count: sc.projects.count)
        guard let streets = StreetBudgets(sc, settings: settings) else {
            var left = sc.units.map(\.funds)
            for p in lead.indices {
                guard let u = lead[p] else { continue }
                let cost = sc.projects[p].cost
                let give = min(max(left[u], 0), cost)
                left[u] -= give
                out[p] = (give, cost - give)
            }
            return out
        }
        // Groups: the budgeted streets, then one for every project without a budget of its own.
        let S = streets.names.count
        func group(_ p: Int) -> Int { streets.streetOf[p] ?? S }
        var groupCost = [Double](repeating: 0, count: S + 1)
        // Edges unit → group with the cost of the unit's projects there.
        var pairs: [Int: Int] = [:]   // u * (S + 1) + g → edge index
        var edgeUnit: [Int] = [], edgeGroup: [Int] = [], edgeCap: [Double] = []
        for p in lead.indices {
            guard let u = lead[p], sc.projects[p].cost > 0 else { continue }
            let g = group(p)
            groupCost[g] += sc.projects[p].cost
            guard sc.units[u].funds > 0 else { continue }
            let key = u * (S + 1) + g
            if let e = pairs[key] { edgeCap[e] += sc.projects[p].cost } else {
                pairs[key] = edgeUnit.count
                edgeUnit.append(u); edgeGroup.append(g); edgeCap.append(sc.projects[p].cost)
            }
        }
        var flow = [Double](repeating: 0, count: edgeUnit.count)
        var unitLeft = sc.units.map { max(0, $0.funds) }
        var groupFlow = [Double](repeating: 0, count: S + 1)
        var edgesOfUnit = [[Int]](repeating: [], count: sc.units.count)
        var edgesOfGroup = [[Int]](repeating: [], count: S + 1)
        for e in edgeUnit.indices { edgesOfUnit[edgeUnit[e]].append(e); edgesOfGroup[edgeGroup[e]].append(e) }
        let eps = 1e-9
        /// Augments from units with funds left to groups below `cap` until no path is left
        /// (breadth-first over units and groups; an edge is used forward up to its capacity and
        /// backward down to 0).
        func augment(_ cap: [Double]) {
            while true {
                // Nodes: units 0..<U, groups U..<U+S+1.
                let U = sc.units.count
                var via = [Int](repeating: -2, count: U + S + 1)   // edge reached by (-1: source)
                var queue: [Int] = []
                for u in 0..<U where unitLeft[u] > eps && !edgesOfUnit[u].isEmpty { via[u] = -1; queue.append(u) }
                var head = 0, end = -1
                while head < queue.count, end < 0 {
                    let n = queue[head]; head += 1
                    if n < U {
                        for e in edgesOfUnit[n] where flow[e] < edgeCap[e] - eps {
                            let g = U + edgeGroup[e]
                            guard via[g] == -2 else { continue }
                            via[g] = e; queue.append(g)
                            if groupFlow[edgeGroup[e]] < cap[edgeGroup[e]] - eps { end = g; break }
                        }
                    } else {
                        for e in edgesOfGroup[n - U] where flow[e] > eps && via[edgeUnit[e]] == -2 {
                            via[edgeUnit[e]] = e; queue.append(edgeUnit[e])
                        }
                    }
                }
                guard end >= 0 else { return }
                // The path's bottleneck, then push.
                var amount = cap[end - U] - groupFlow[end - U]
                var n = end
                while via[n] != -1 {
                    let e = via[n]
                    if n >= U { amount = min(amount, edgeCap[e] - flow[e]); n = edgeUnit[e] } else { amount = min(amount, flow[e]); n = U + edgeGroup[e] }
                }
                amount = min(amount, unitLeft[n])
                unitLeft[n] -= amount
                groupFlow[end - U] += amount
                n = end
                while via[n] != -1 {
                    let e = via[n]
                    if n >= U { flow[e] += amount; n = edgeUnit[e] } else { flow[e] -= amount; n = U + edgeGroup[e] }
                }
            }
        }
        // First what each budgeted street needs beyond its budget, then all it can.
        var need = [Double](repeating: 0, count: S + 1)
        for g in 0..<S { need[g] = max(0, groupCost[g] - streets.budgets[g]) }
        augment(need)
        // Then each budgeted street up to its cost, the one with the least room left first
        // (the money one street does not need goes where it leaves a street more room), then
        // everything: the total is the maximum flow whatever the order.
        var cap = groupFlow
        let order = (0..<S).sorted { a, b in
            let ra = streets.budgets[a] - (groupCost[a] - groupFlow[a]), rb = streets.budgets[b] - (groupCost[b] - groupFlow[b])
            return (ra, a) < (rb, b)
        }
        for g in order {
            cap[g] = groupCost[g]
            augment(cap)
        }
        augment(groupCost)
        // Each unit's flow to a group, over its projects there in project order.
        var given = [Double](repeating: 0, count: edgeUnit.count)
        for e in edgeUnit.indices { given[e] = flow[e] }
        for p in lead.indices {
            guard let u = lead[p] else { continue }
            let cost = sc.projects[p].cost
            var give = 0.0
            if cost > 0, let e = pairs[u * (S + 1) + group(p)] {
                give = max(0, min(given[e], cost))
                given[e] -= give
            }
            out[p] = (give, cost - give)
        }
        return out
    }

    /// Whether `split` keeps the street budget (12) and every street's budget (15).
    static func fits(_ split: [(unit: Double, street: Double)], _ sc: Scenario, settings: Settings) -> Bool {
        if let budget = settings.streetBudget {
            let used = split.reduce(0) { $0 + $1.street }
            if used > budget + 1e-6 * max(1, budget) { return false }
        }
        if let streets = StreetBudgets(sc, settings: settings) {
            var used = [Double](repeating: 0, count: streets.names.count)
            for p in split.indices { if let s = streets.streetOf[p] { used[s] += split[p].street } }
            for s in used.indices where used[s] > streets.budgets[s] + 1e-6 * max(1, streets.budgets[s]) { return false }
        }
        return true
    }
}
