/// A plan in index form, as the solver builds it: which unit leads each running project,
/// which sessions are held and who staffs them. Converted to the contract's `Plan` at the end.
struct Solution: Sendable {
    /// Lead unit per project; nil when the project does not run.
    var lead: [Int?]
    /// Held sessions (graph indices) per project, ascending.
    var held: [[Int]]
    /// Staff per graph session (empty when not held), ascending member index.
    var staff: [[Int32]]

    init(projectCount: Int, sessionCount: Int) {
        lead = Array(repeating: nil, count: projectCount)
        held = Array(repeating: [], count: projectCount)
        staff = Array(repeating: [], count: sessionCount)
    }

    /// Takes project p out of the plan with its sessions and their staff.
    mutating func drop(project p: Int) {
        for k in held[p] { staff[k] = [] }
        held[p] = []
        lead[p] = nil
    }

    var runningProjects: [Int] { lead.indices.filter { lead[$0] != nil } }

    /// Unit and street funds per running project (`FundingSplit`): the least street money any
    /// split of the units' funds allows, within every street's budget where one exists.
    func funding(_ sc: Scenario, settings: Settings) -> [(unit: Double, street: Double)] {
        FundingSplit.split(sc, settings: settings, lead: lead)
    }

    func streetFundsUsed(_ sc: Scenario, settings: Settings) -> Double { funding(sc, settings: settings).reduce(0) { $0 + $1.street } }

    /// Within the street budget (constraint 12) and every street's (15) with the split of `funding`.
    func fitsFunds(_ sc: Scenario, settings: Settings) -> Bool {
        if settings.streetBudget == nil && settings.streetBudgets == nil { return true }
        return FundingSplit.fits(funding(sc, settings: settings), sc, settings: settings)
    }

    /// Every held session set keeps its project's spacing (constraint 14).
    func keepsSpacing(_ sc: Scenario, _ graph: EligibilityGraph) -> Bool {
        for p in runningProjects {
            let gap = sc.minGap(of: p, settings: graph.settings)
            if gap > 1, !Spacing.spaced(held[p].map { graph.sessions[$0].day }, gap: gap) { return false }
        }
        return true
    }

    /// Needs covered: listed by some running project.
    func covered(_ sc: Scenario) -> [Bool] {
        var c = Array(repeating: false, count: sc.needs.count)
        for p in runningProjects { for i in sc.projects[p].needs { c[i] = true } }
        return c
    }

    /// Sessions per member in this plan.
    func sessionsPerMember(_ sc: Scenario) -> [Int] {
        var n = Array(repeating: 0, count: sc.members.count)
        for members in staff { for m in members { n[Int(m)] += 1 } }
        return n
    }

    /// Σ_m max(0, t_m − sessions of m): the members' participation shortfall (constraint 13).
    func participationShortfall(_ sc: Scenario, settings: Settings) -> Int {
        let n = sessionsPerMember(sc)
        var below = 0
        for m in sc.members.indices { below += max(0, sc.participationTarget(of: m, settings: settings) - n[m]) }
        return below
    }

    /// The objective's four terms, recomputed from the plan itself.
    func terms(_ sc: Scenario, _ graph: EligibilityGraph) -> Plan.Terms {
        let st = graph.settings
        let cov = covered(sc)
        var needs = 0.0
        for (i, need) in sc.needs.enumerated() where cov[i] { needs += Double(need.weight) }
        var km = 0.0
        for (k, members) in staff.enumerated() where !members.isEmpty {
            let p = graph.sessions[k].project
            for m in members { km += Eligibility.memberDistance(Int(m), project: p, in: sc) }
        }
        var led = Array(repeating: 0, count: sc.units.count)
        for p in runningProjects { led[lead[p]!] += 1 }
        var shortfall = 0.0
        for (u, unit) in sc.units.enumerated() { shortfall += Double(max(0, unit.minProjects - led[u])) }
        let below = st.participationShortfall == 0 ? 0 : participationShortfall(sc, settings: st)
        return Plan.Terms(needs: needs, distance: st.distancePerKm * km, unitShortfall: st.unitShortfall * shortfall,
                          participation: st.participationShortfall * Double(below))
    }

    func objective(_ sc: Scenario, _ graph: EligibilityGraph) -> Double { terms(sc, graph).objective }

    /// The full contract model's column values of this solution (a MIP start).
    func columnValues(_ model: ContractModel, _ sc: Scenario) -> [Double] {
        var x = [Double](repeating: 0, count: model.lp.columns.count)
        let graph = model.graph
        let fund = funding(sc, settings: graph.settings)
        let cov = covered(sc)
        var led = Array(repeating: 0, count: sc.units.count)
        for p in runningProjects {
            let u = lead[p]!
            led[u] += 1
            x[model.y[p]] = 1
            for l in model.lead[p] where l.unit == u {
                x[l.z] = 1
                if let f = l.f { x[f] = fund[p].unit }
            }
            if !model.g.isEmpty { x[model.g[p]] = fund[p].street }
            for k in held[p] { x[model.v[k]] = 1 }
        }
        if !model.x.isEmpty {
            for k in 0..<graph.sessionCount where !staff[k].isEmpty {
                let members = Set(staff[k])
                for e in graph.members(of: k) where model.x[e] >= 0 && members.contains(graph.memberOf[e]) { x[model.x[e]] = 1 }
            }
        }
        for i in sc.needs.indices where cov[i] { x[model.c[i]] = 1 }
        for (u, unit) in sc.units.enumerated() { x[model.s[u]] = Double(max(0, unit.minProjects - led[u])) }
        if !model.q.isEmpty {
            let n = sessionsPerMember(sc)
            for (m, column) in model.q.enumerated() {
                guard let column else { continue }
                x[column] = Double(max(0, sc.participationTarget(of: m, settings: graph.settings) - n[m]))
            }
        }
        if let total = model.qTotal, case .relaxed(let analysis) = model.staffing {
            // The least Σ q the pooled row allows for these sessions.
            let part = analysis.participation
            var earned = 0.0
            for p in runningProjects { for k in held[p] { earned += part.sessionGain[k] } }
            x[total] = max(Double(part.totalTarget - part.reachableTarget), Double(part.totalTarget) - earned / part.weight + 1e-7)
        }
        if let street = model.streetFunding, let streets = StreetBudgets(sc, settings: graph.settings) {
            for t in street.values(lead: lead, funding: fund, streets: streets) { x[t.column] = t.value }
        }
        if !model.e.isEmpty {
            var owed = sc.units.map { -$0.funds }
            for p in runningProjects { owed[lead[p]!] += sc.projects[p].cost }
            for u in sc.units.indices { x[model.e[u]] = max(0, owed[u]) }
        }
        return x
    }

    /// Reads a solution of the full contract model back from its column values.
    init(model: ContractModel, values: [Double], scenario sc: Scenario) {
        let graph = model.graph
        self.init(projectCount: sc.projects.count, sessionCount: graph.sessionCount)
        for p in sc.projects.indices where values[model.y[p]] > 0.5 {
            lead[p] = model.lead[p].first { values[$0.z] > 0.5 }?.unit
            held[p] = graph.sessions(of: p).filter { values[model.v[$0]] > 0.5 }
        }
        if !model.x.isEmpty {
            for k in 0..<graph.sessionCount where values[model.v[k]] > 0.5 {
                staff[k] = graph.members(of: k).filter { model.x[$0] >= 0 && values[model.x[$0]] > 0.5 }.map { graph.memberOf[$0] }.sorted()
            }
        }
    }
}
