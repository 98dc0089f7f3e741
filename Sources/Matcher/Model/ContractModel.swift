/// The contract's model (section 3), exactly: every variable over its eligible pairs and the
/// thirteen constraint families, each built by one function named after its number.
///
/// Used to export the model (`--export-model`), to solve small scenarios exactly, and as the
/// reference the decomposition is tested against. Column and row names are ASCII
/// (`x[M0412,P07,2027-01-06]`, `c5_staff_min[P07,2027-01-06]`) so GLPK's LP writer keeps them.
public struct ContractModel: Sendable {
    public private(set) var lp: LinearModel
    public let graph: EligibilityGraph

    /// Column of y_p.
    public private(set) var y: [Int] = []
    /// Column of v for each session of the graph.
    public private(set) var v: [Int] = []
    /// Column of x for each (session, eligible member) entry of the graph (parallel to graph.memberOf);
    /// -1 for an entry left out of a `.columns` model.
    public private(set) var x: [Int] = []
    /// Rows of the staffing block (exact and `.columns` models), so that x columns can be priced
    /// and added later (`StaffingColumns`): per session the two rows of family 5, per session the
    /// rows of family 6 with their skill tags, per member the row of family 7 and of family 13
    /// (-1 where there is none), per entry the row of family 8 (-1 where there is none).
    public private(set) var staffMinRow: [Int] = []
    public private(set) var staffMaxRow: [Int] = []
    public private(set) var skillRows: [[(tag: Int, row: Int)]] = []
    public private(set) var memberMaxRow: [Int] = []
    public private(set) var participationRow: [Int] = []
    public private(set) var slotRowOf: [Int32] = []
    /// Column of c_i.
    public private(set) var c: [Int] = []
    /// Column of s_u.
    public private(set) var s: [Int] = []
    /// (unit, z column, f column or nil) per project, in graph.leadUnits order.
    public private(set) var lead: [[(unit: Int, z: Int, f: Int?)]] = []
    /// Column of g_p.
    public private(set) var g: [Int] = []
    /// Relaxed model only: street money unit u's projects need beyond its funds (families 10–12 aggregated).
    public private(set) var e: [Int] = []
    /// Column of q_m per member; nil where the target t_m is 0 (q_m = 0 in every optimum).
    public private(set) var q: [Int?] = []
    /// Relaxed model only: Σ_m q_m, bounded through `ParticipationAnalysis` (nil when inactive).
    public private(set) var qTotal: Int?
    /// Relaxed model with street budgets only: families 10–12 and 15 aggregated per unit and
    /// street (`AggregatedStreetFunding`); `e` is then empty.
    private(set) var streetFunding: AggregatedStreetFunding?

    var isRelaxed: Bool { if case .relaxed = staffing { true } else { false } }

    /// How the staffing block (x and constraints 5–8) enters the model.
    public enum Staffing: Sendable {
        /// The contract's model itself: x_mpd for every eligible triple, constraints 5–8.
        case exact
        /// A relaxation for the decomposition's master problem: no x columns; each session's
        /// v carries a lower bound on its distance cost and is fixed at 0 where the session
        /// cannot be staffed even alone; constraints 5–8 are replaced by the aggregated
        /// capacity rows of `SessionAnalysis` (valid for every plan of the exact model).
        case relaxed(SessionAnalysis)
        /// The contract's model with x_mpd only for these graph entries (ascending): a restriction,
        /// so every plan of it is a plan of the contract's model. Rows of 5–8 and 13 exist wherever
        /// they would in the exact model (a row may start empty), so that the LP relaxation can
        /// grow by column generation (`StaffingColumns`) and entries be added with `xEntries`.
        case columns([Int])
    }

    public let staffing: Staffing
    /// With it, x_mpd <= v_pd for every x column: not one of the contract's families, and
    /// valid for every plan of its model (5's upper row already forces x to 0 when v is 0 in
    /// integers), but the LP relaxation loses the plans that hold a fraction of a session and
    /// staff it with whole members. On the benchmark streets this LP equals the optimum. Off
    /// for the exported model, which is the contract's own.
    public let linking: Bool

    public init(scenario: Scenario, graph: EligibilityGraph, staffing: Staffing = .exact, linking: Bool = false) {
        self.graph = graph
        self.staffing = staffing
        self.linking = linking && { if case .relaxed = staffing { false } else { true } }()
        lp = LinearModel(name: "match", sense: .maximize)
        addVariables(scenario)
        constraint1LeadUnit(scenario)
        constraint2UnitMaxProjects(scenario)
        constraint3UnitMinProjects(scenario)
        constraint4Sessions(scenario)
        switch staffing {
        case .exact, .columns:
            constraint5Staffing(scenario)
            constraint6Skills(scenario)
            constraint7MemberMaxSessions(scenario)
            constraint8OneSessionPerSlot(scenario)
        case .relaxed(let analysis):
            relaxedCapacity(scenario, analysis)
        }
        constraint9Coverage(scenario)
        switch staffing {
        case .exact, .columns: constraint13Participation(scenario)
        case .relaxed(let analysis): relaxedParticipation(scenario, analysis)
        }
        constraint14Spacing(scenario)
        if isRelaxed {
            if let streets = StreetBudgets(scenario, settings: graph.settings) {
                relaxedStreetFunding(scenario, streets)
            } else {
                relaxedFunding(scenario)
            }
        } else {
            constraint10UnitFunds(scenario)
            constraint11ProjectFunding(scenario)
            constraint12StreetBudget(scenario)
            constraint15StreetBudgets(scenario)
        }
        if self.linking { linkingRows(scenario) }
    }

    // MARK: variables and objective

    private mutating func addVariables(_ sc: Scenario) {
        let st = graph.settings
        for (p, project) in sc.projects.enumerated() {
            y.append(lp.addColumn("y[\(ascii(project.id))]", upper: 1, kind: .binary))
            var leads: [(unit: Int, z: Int, f: Int?)] = []
            for u in graph.leadUnits[p] {
                let z = lp.addColumn("z[\(ascii(sc.units[u].id)),\(ascii(project.id))]", upper: 1, kind: .binary)
                var f: Int?
                if sc.units[u].funds > 0 && project.cost > 0 && !isRelaxed {
                    f = lp.addColumn("f[\(ascii(sc.units[u].id)),\(ascii(project.id))]")
                }
                leads.append((u, z, f))
            }
            lead.append(leads)
            if !isRelaxed { g.append(lp.addColumn("g[\(ascii(project.id))]")) }
        }
        var present: [Bool] = []
        switch staffing {
        case .exact: present = Array(repeating: true, count: graph.memberOf.count)
        case .columns(let entries):
            present = Array(repeating: false, count: graph.memberOf.count)
            for e in entries { present[e] = true }
        case .relaxed: break
        }
        if !isRelaxed { x = Array(repeating: -1, count: graph.memberOf.count) }
        for (k, session) in graph.sessions.enumerated() {
            let pid = ascii(sc.projects[session.project].id)
            if case .relaxed(let analysis) = staffing {
                v.append(lp.addColumn("v[\(pid),\(session.day.iso)]", upper: analysis.staffable[k] ? 1 : 0,
                                      objective: -analysis.distanceCostBound[k], kind: .binary))
                continue
            }
            v.append(lp.addColumn("v[\(pid),\(session.day.iso)]", upper: 1, kind: .binary))
            for e in graph.members(of: k) where present[e] { x[e] = lp.addColumn(xColumn(e, session: k, sc)) }
        }
        for need in sc.needs {
            c.append(lp.addColumn("c[\(ascii(need.id))]", upper: 1, objective: Double(need.weight)))
        }
        for unit in sc.units {
            s.append(lp.addColumn("s[\(ascii(unit.id))]", objective: -st.unitShortfall))
            if isRelaxed && graph.settings.streetBudgets.map({ $0.isEmpty }) ?? true { e.append(lp.addColumn("e[\(ascii(unit.id))]")) }
        }
        if !isRelaxed {
            for (m, member) in sc.members.enumerated() {
                let t = sc.participationTarget(of: m, settings: st)
                q.append(t > 0 ? lp.addColumn("q[\(ascii(member.id))]", objective: -st.participationShortfall) : nil)
            }
        }
    }

    /// The x_mpd column of graph entry `e` (its objective is the distance cost).
    public func xColumn(_ e: Int, session k: Int, _ sc: Scenario) -> LinearModel.Column {
        let session = graph.sessions[k]
        let m = Int(graph.memberOf[e])
        return LinearModel.Column(name: "x[\(ascii(sc.members[m].id)),\(ascii(sc.projects[session.project].id)),\(session.day.iso)]",
                                  upper: 1, objective: -graph.settings.distancePerKm * graph.kmOf[e], kind: .binary)
    }

    /// The rows (with coefficients) where x of graph entry `e` appears: families 5, 6, 7, 8, 13.
    public func xEntries(_ e: Int, session k: Int, _ sc: Scenario) -> [(row: Int, value: Double)] {
        let m = Int(graph.memberOf[e])
        var out: [(row: Int, value: Double)] = [(staffMinRow[k], 1), (staffMaxRow[k], 1)]
        for s in skillRows[k] where sc.members[m].hasSkill(s.tag) { out.append((s.row, 1)) }
        if memberMaxRow[m] >= 0 { out.append((memberMaxRow[m], 1)) }
        if slotRowOf[e] >= 0 { out.append((Int(slotRowOf[e]), 1)) }
        if participationRow[m] >= 0 { out.append((participationRow[m], 1)) }
        return out
    }

    /// Adds the x column of graph entry `e` to this `.columns` model (no-op when present), and
    /// with `linking` its row x <= v after every existing row (returned with its entries, to be
    /// added to a solver's copy in the same order).
    @discardableResult
    mutating func addX(_ e: Int, session k: Int, _ sc: Scenario) -> (row: LinearModel.Row, entries: [(column: Int, value: Double)])? {
        guard x[e] < 0 else { return nil }
        let j = lp.addColumn(xColumn(e, session: k, sc))
        x[e] = j
        for t in xEntries(e, session: k, sc) {
            lp.entryRows.append(Int32(t.row)); lp.entryColumns.append(Int32(j)); lp.entryValues.append(t.value)
        }
        guard linking else { return nil }
        let terms = link(e, session: k, sc)
        return (lp.rows[lp.rows.count - 1], terms)
    }

    /// Adds the row x_mpd - v_pd <= 0 of graph entry `e` (its x column present) after every
    /// existing row; returns its terms.
    @discardableResult
    private mutating func link(_ e: Int, session k: Int, _ sc: Scenario) -> [(column: Int, value: Double)] {
        let session = graph.sessions[k]
        let name = "link[\(ascii(sc.members[Int(graph.memberOf[e])].id)),\(ascii(sc.projects[session.project].id)),\(session.day.iso)]"
        let terms: [(column: Int, value: Double)] = [(x[e], 1), (v[k], -1)]
        lp.addRow(name, upper: 0, terms: terms.map { ($0.column, $0.value) })
        return terms
    }

    /// The strengthening rows x_mpd <= v_pd (`linking`), after the thirteen families.
    private mutating func linkingRows(_ sc: Scenario) {
        for k in 0..<graph.sessionCount {
            for e in graph.members(of: k) where x[e] >= 0 { link(e, session: k, sc) }
        }
    }

    // MARK: the thirteen constraint families

    /// 1. sum_u z_up = y_p.
    private mutating func constraint1LeadUnit(_ sc: Scenario) {
        for (p, project) in sc.projects.enumerated() {
            lp.addRow("c1_lead[\(ascii(project.id))]", lower: 0, upper: 0,
                      terms: lead[p].map { ($0.z, 1.0) } + [(y[p], -1.0)])
        }
    }

    /// 2. sum_p z_up <= max_projects_u.
    private mutating func constraint2UnitMaxProjects(_ sc: Scenario) {
        let zs = zColumnsByUnit(sc)
        for (u, unit) in sc.units.enumerated() {
            lp.addRow("c2_unit_max[\(ascii(unit.id))]", upper: Double(unit.maxProjects), terms: zs[u].map { ($0, 1.0) })
        }
    }

    /// 3. sum_p z_up + s_u >= min_projects_u.
    private mutating func constraint3UnitMinProjects(_ sc: Scenario) {
        let zs = zColumnsByUnit(sc)
        for (u, unit) in sc.units.enumerated() {
            lp.addRow("c3_unit_min[\(ascii(unit.id))]", lower: Double(unit.minProjects),
                      terms: zs[u].map { ($0, 1.0) } + [(s[u], 1.0)])
        }
    }

    /// 4. sum_d v_pd = sessions_p * y_p.
    private mutating func constraint4Sessions(_ sc: Scenario) {
        for (p, project) in sc.projects.enumerated() {
            lp.addRow("c4_sessions[\(ascii(project.id))]", lower: 0, upper: 0,
                      terms: graph.sessions(of: p).map { (v[$0], 1.0) } + [(y[p], -Double(project.sessions))])
        }
    }

    /// 5. min_volunteers_p * v_pd <= sum_m x_mpd <= max_volunteers_p * v_pd (two rows).
    private mutating func constraint5Staffing(_ sc: Scenario) {
        for (k, session) in graph.sessions.enumerated() {
            let project = sc.projects[session.project]
            let tag = "[\(ascii(project.id)),\(session.day.iso)]"
            let staff = graph.members(of: k).filter { x[$0] >= 0 }.map { (x[$0], 1.0) }
            staffMinRow.append(lp.addRow("c5_staff_min\(tag)", lower: 0, terms: staff + [(v[k], -Double(project.minVolunteers))]))
            staffMaxRow.append(lp.addRow("c5_staff_max\(tag)", upper: 0, terms: staff + [(v[k], -Double(project.maxVolunteers))]))
        }
    }

    /// 6. for each tag:k of p: sum over members with tag of x_mpd >= k * v_pd.
    private mutating func constraint6Skills(_ sc: Scenario) {
        for (k, session) in graph.sessions.enumerated() {
            let project = sc.projects[session.project]
            var rows: [(tag: Int, row: Int)] = []
            for req in project.skills {
                let with = graph.members(of: k).filter { x[$0] >= 0 && sc.members[Int(graph.memberOf[$0])].hasSkill(req.tag) }
                rows.append((req.tag, lp.addRow("c6_skill[\(ascii(project.id)),\(session.day.iso),\(ascii(sc.skillTags[req.tag]))]", lower: 0,
                                                terms: with.map { (x[$0], 1.0) } + [(v[k], -Double(req.count))])))
            }
            skillRows.append(rows)
        }
    }

    /// 7. sum over (p, d) of x_mpd <= max_sessions_m (rows only where they can bind).
    private mutating func constraint7MemberMaxSessions(_ sc: Scenario) {
        var byMember = [[Int]](repeating: [], count: sc.members.count)
        var eligible = [Int](repeating: 0, count: sc.members.count)
        for e in 0..<graph.memberOf.count {
            let m = Int(graph.memberOf[e])
            eligible[m] += 1
            if x[e] >= 0 { byMember[m].append(x[e]) }
        }
        memberMaxRow = Array(repeating: -1, count: sc.members.count)
        for (m, cols) in byMember.enumerated() {
            let cap = sc.maxSessions(of: m, settings: graph.settings)
            guard eligible[m] > cap else { continue }
            memberMaxRow[m] = lp.addRow("c7_member_max[\(ascii(sc.members[m].id))]", upper: Double(cap), terms: cols.map { ($0, 1.0) })
        }
    }

    /// 8. for every member, date and slot: sum over p with that slot of x_mpd <= 1 (rows only where two sessions meet).
    private mutating func constraint8OneSessionPerSlot(_ sc: Scenario) {
        // Key: member, day index, slot → x columns, collected in session order then sorted by key.
        // (An entry's index orders like its column: both follow the graph.)
        var keyed: [(member: Int32, day: Int32, slot: Int8, entry: Int)] = []
        for (k, session) in graph.sessions.enumerated() {
            let slot = Int8(sc.projects[session.project].slot.rawValue)
            for e in graph.members(of: k) {
                keyed.append((graph.memberOf[e], Int32(session.dayIndex), slot, e))
            }
        }
        keyed.sort { ($0.member, $0.day, $0.slot, $0.entry) < ($1.member, $1.day, $1.slot, $1.entry) }
        slotRowOf = Array(repeating: -1, count: graph.memberOf.count)
        var i = 0
        while i < keyed.count {
            var j = i + 1
            while j < keyed.count, keyed[j].member == keyed[i].member, keyed[j].day == keyed[i].day, keyed[j].slot == keyed[i].slot { j += 1 }
            if j - i >= 2 {
                let m = Int(keyed[i].member)
                let day = sc.period.day(at: Int(keyed[i].day)).iso
                let slot = Slot(rawValue: Int(keyed[i].slot))!.name
                let row = lp.addRow("c8_one_per_slot[\(ascii(sc.members[m].id)),\(day),\(slot)]", upper: 1,
                                    terms: keyed[i..<j].filter { x[$0.entry] >= 0 }.map { (x[$0.entry], 1.0) })
                for t in keyed[i..<j] { slotRowOf[t.entry] = Int32(row) }
            }
            i = j
        }
    }

    /// 9. c_i <= sum over projects p listing need i of y_p.
    private mutating func constraint9Coverage(_ sc: Scenario) {
        var listing = [[Int]](repeating: [], count: sc.needs.count)
        for (p, project) in sc.projects.enumerated() { for i in project.needs { listing[i].append(p) } }
        for (i, need) in sc.needs.enumerated() {
            lp.addRow("c9_cover[\(ascii(need.id))]", upper: 0, terms: [(c[i], 1.0)] + listing[i].map { (y[$0], -1.0) })
        }
    }

    /// 10. f_up <= funds_u * z_up, and sum_p f_up <= funds_u.
    private mutating func constraint10UnitFunds(_ sc: Scenario) {
        var byUnit = [[Int]](repeating: [], count: sc.units.count)
        for (p, leads) in lead.enumerated() {
            for l in leads {
                guard let f = l.f else { continue }
                let funds = sc.units[l.unit].funds
                lp.addRow("c10_fund_link[\(ascii(sc.units[l.unit].id)),\(ascii(sc.projects[p].id))]", upper: 0,
                          terms: [(f, 1.0), (l.z, -funds)])
                byUnit[l.unit].append(f)
            }
        }
        for (u, unit) in sc.units.enumerated() where !byUnit[u].isEmpty {
            lp.addRow("c10_fund_total[\(ascii(unit.id))]", upper: unit.funds, terms: byUnit[u].map { ($0, 1.0) })
        }
    }

    /// 11. sum_u f_up + g_p = cost_p * y_p.
    private mutating func constraint11ProjectFunding(_ sc: Scenario) {
        for (p, project) in sc.projects.enumerated() {
            lp.addRow("c11_funding[\(ascii(project.id))]", lower: 0, upper: 0,
                      terms: lead[p].compactMap { l in l.f.map { ($0, 1.0) } } + [(g[p], 1.0), (y[p], -project.cost)])
        }
    }

    /// 12. sum_p g_p <= street_budget (only when a budget is set).
    private mutating func constraint12StreetBudget(_ sc: Scenario) {
        guard let budget = graph.settings.streetBudget else { return }
        lp.addRow("c12_street_budget", upper: budget, terms: g.map { ($0, 1.0) })
    }

    /// 13. sum over (p, d) of x_mpd + q_m >= t_m (rows only where t_m >= 1; a member who can
    /// reach no session keeps the row q_m >= t_m).
    private mutating func constraint13Participation(_ sc: Scenario) {
        var byMember = [[Int]](repeating: [], count: sc.members.count)
        for e in 0..<graph.memberOf.count where x[e] >= 0 { byMember[Int(graph.memberOf[e])].append(x[e]) }
        participationRow = Array(repeating: -1, count: sc.members.count)
        for (m, member) in sc.members.enumerated() {
            guard let qm = q[m] else { continue }
            let t = sc.participationTarget(of: m, settings: graph.settings)
            participationRow[m] = lp.addRow("c13_participation[\(ascii(member.id))]", lower: Double(t),
                                            terms: byMember[m].map { ($0, 1.0) } + [(qm, 1.0)])
        }
    }

    /// 14. spacing: v_pd + v_pd' <= 1 for candidate dates d < d' of p closer than gap_p days
    /// (gap 0 or 1: nothing). The contract's model (`.exact`, the exported one) has these pairs
    /// as written; the decomposition's models (`.relaxed`, `.columns`) have one row per maximal
    /// set of dates within gap_p − 1 days of each other, sum of v <= 1 (`Spacing.windows`):
    /// the same integral plans, a tighter LP and fewer rows.
    private mutating func constraint14Spacing(_ sc: Scenario) {
        for (p, project) in sc.projects.enumerated() {
            let gap = sc.minGap(of: p, settings: graph.settings)
            guard gap > 1 else { continue }
            let ks = Array(graph.sessions(of: p))
            let days = ks.map { graph.sessions[$0].day }
            if case .exact = staffing {
                for (i, j) in Spacing.closePairs(days, gap: gap) {
                    lp.addRow("c14_spacing[\(ascii(project.id)),\(days[i].iso),\(days[j].iso)]", upper: 1,
                              terms: [(v[ks[i]], 1.0), (v[ks[j]], 1.0)])
                }
            } else {
                for w in Spacing.windows(days, gap: gap) {
                    lp.addRow("c14_spacing[\(ascii(project.id)),\(days[w.lowerBound].iso)]", upper: 1,
                              terms: w.map { (v[ks[$0]], 1.0) })
                }
            }
        }
    }

    /// 15. for every street s of `street_budgets`: sum of g_p over the projects of s's
    /// communities <= street_budgets[s] (a street whose projects cost nothing gets no row).
    private mutating func constraint15StreetBudgets(_ sc: Scenario) {
        guard let streets = StreetBudgets(sc, settings: graph.settings) else { return }
        var terms = [[(Int, Double)]](repeating: [], count: streets.names.count)
        for p in sc.projects.indices { if let s = streets.streetOf[p] { terms[s].append((g[p], 1.0)) } }
        for (s, name) in streets.names.enumerated() where !terms[s].isEmpty {
            lp.addRow("c15_street_budget[\(ascii(name))]", upper: streets.budgets[s], terms: terms[s])
        }
    }

    /// Families 10–12 and 15 in the master problem where street budgets are set: per unit and
    /// street (`AggregatedStreetFunding`).
    private mutating func relaxedStreetFunding(_ sc: Scenario, _ streets: StreetBudgets) {
        var items: [(unit: Int, project: Int, z: Int)] = []
        for (p, leads) in lead.enumerated() { for l in leads { items.append((l.unit, p, l.z)) } }
        streetFunding = AggregatedStreetFunding(lp: &lp, sc, settings: graph.settings, streets: streets, items: items)
    }

    /// Constraint 13 in the master problem, pooled: Q = Σ_m q_m >= T − reachableTarget (no
    /// member serves more distinct date-slots than they can reach), and W·Q >= W·T − Σ_k
    /// sessionGain_k v_k (what held sessions can earn back at most). Together with v_pd costing
    /// only `distanceCostBound`, the master's value stays at least the contract's for every plan.
    private mutating func relaxedParticipation(_ sc: Scenario, _ analysis: SessionAnalysis) {
        let part = analysis.participation
        guard part.isActive else { return }
        let total = lp.addColumn("q_total", lower: Double(part.totalTarget - part.reachableTarget),
                                 objective: -part.weight)
        qTotal = total
        lp.addRow("c13_participation_pooled", lower: Double(part.totalTarget),
                  terms: [(total, 1.0)] + v.indices.map { (v[$0], part.sessionGain[$0] / part.weight) })
    }

    /// Relaxation of 5–8 (master problem): for each group of sessions that draw on a common
    /// pool of members, the members they need at least cannot exceed what the pool can give.
    private mutating func relaxedCapacity(_ sc: Scenario, _ analysis: SessionAnalysis) {
        for (n, group) in analysis.capacityGroups.enumerated() {
            lp.addRow("c5to8_capacity[\(n)]", upper: Double(group.capacity),
                      terms: group.sessions.map { (v[$0], Double(analysis.minStaff[$0])) })
        }
    }

    /// Families 10–12 in the master problem, aggregated per unit: a unit pays for the projects it
    /// leads as far as its funds go, the street pays the rest (e_u >= sum_p cost_p z_up - funds_u,
    /// e_u >= 0), and sum_u e_u <= street_budget. For integral z this is exactly the least street
    /// money families 10–11 allow; for fractional z it is weaker, so the master stays a relaxation.
    private mutating func relaxedFunding(_ sc: Scenario) {
        var terms = [[(column: Int, coefficient: Double)]](repeating: [], count: sc.units.count)
        for (p, leads) in lead.enumerated() where sc.projects[p].cost > 0 {
            for l in leads { terms[l.unit].append((l.z, sc.projects[p].cost)) }
        }
        for (u, unit) in sc.units.enumerated() {
            if terms[u].isEmpty {
                lp.columns[e[u]].upper = 0
                continue
            }
            lp.addRow("c10_11_unit_pays[\(ascii(unit.id))]", upper: unit.funds, terms: terms[u] + [(e[u], -1.0)])
        }
        if let budget = graph.settings.streetBudget {
            lp.addRow("c12_street_budget", upper: budget, terms: e.map { ($0, 1.0) })
        }
    }

    private func zColumnsByUnit(_ sc: Scenario) -> [[Int]] {
        var zs = [[Int]](repeating: [], count: sc.units.count)
        for leads in lead { for l in leads { zs[l.unit].append(l.z) } }
        return zs
    }
}

/// Model names must stay ASCII (GLPK's LP writer renames others): non-ASCII and unsafe
/// characters become `_xHHHH_` escapes, so names stay unique.
func ascii(_ id: String) -> String {
    var out = ""
    out.reserveCapacity(id.utf8.count)
    for scalar in id.unicodeScalars {
        let v = scalar.value
        let safe = (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || scalar == "_" || scalar == "-" || scalar == "."
        if safe { out.unicodeScalars.append(scalar) } else { out += "_x" + String(v, radix: 16) + "_" }
    }
    return out
}

extension ContractModel {
    /// Forbids session `k` (v_pd fixed at 0): the decomposition bars sessions it could not staff.
    mutating func bar(session k: Int) {
        lp.columns[v[k]].upper = 0
    }

    /// Cuts off one set of running projects (the project-set proof): at least one y must
    /// differ from `running`, sum over p outside it of y_p − sum over p in it of y_p ≥ 1 − |running|.
    mutating func exclude(projects running: [Bool]) {
        let n = running.filter { $0 }.count
        lp.addRow("exclude_set[\(lp.rows.count)]", lower: Double(1 - n),
                  terms: y.indices.map { (y[$0], running[$0] ? -1 : 1) })
    }

    /// Master only: v_k earns `sessions[k]` and the constant is `constant`, the staffing block's
    /// Lagrangian prices (`LPBound.SessionPrices`, the project-set proof); the pooled
    /// participation term, already in them, earns nothing more.
    mutating func price(sessions: [Double], constant: Double) {
        for (k, j) in v.enumerated() { lp.columns[j].objective = sessions[k] }
        if let qTotal { lp.columns[qTotal].objective = 0 }
        lp.objectiveConstant = constant
    }

    /// Sets a column's objective coefficient (the proving search's tie-break on street money).
    mutating func setObjective(_ j: Int, _ value: Double) {
        lp.columns[j].objective = value
    }

    /// Fixes a column's bounds at `value` (the proving search's reduced-cost fixing).
    mutating func fixColumn(_ j: Int, at value: Double) {
        fixColumn(j, lower: value, upper: value)
    }

    /// Sets a column's bounds (the LP bound's fixing of project sets).
    mutating func fixColumn(_ j: Int, lower: Double, upper: Double) {
        lp.columns[j].lower = lower
        lp.columns[j].upper = upper
    }
}

/// Families 10–12 and 15 aggregated per unit and street, for models with z but no f or g (the
/// master, the lead assignment) where street budgets are set. For each unit u and street group
/// s (each budgeted street; one group for the projects of every other street): h_us >= 0 the
/// funds u gives to its projects in s, e_us >= 0 the street money they need:
/// sum over p in s of cost_p z_up − h_us − e_us <= 0; sum_s h_us <= funds_u;
/// sum_u e_us <= street_budgets[s] (15); sum of every e <= street_budget (12). For integral z
/// this is exactly the splits families 10–11 allow (a unit's funds for one street can be
/// spread over its projects there in any way), so it is a relaxation of the contract's model
/// that is exact on the lead units it chooses.
struct AggregatedStreetFunding: Sendable {
    struct Pay: Sendable { var unit: Int; var group: Int; var h: Int?; var e: Int }
    private(set) var pays: [Pay] = []
    let groups: Int

    init(lp: inout LinearModel, _ sc: Scenario, settings: Settings, streets: StreetBudgets,
         items: [(unit: Int, project: Int, z: Int)]) {
        let S = streets.names.count
        groups = S + 1
        var terms: [Int: [(Int, Double)]] = [:]
        for it in items where sc.projects[it.project].cost > 0 {
            terms[it.unit * groups + (streets.streetOf[it.project] ?? S), default: []].append((it.z, sc.projects[it.project].cost))
        }
        var hOf = [[Int]](repeating: [], count: sc.units.count)
        for key in terms.keys.sorted() {
            let u = key / groups, g = key % groups
            let tag = "\(ascii(sc.units[u].id)),\(g < S ? ascii(streets.names[g]) : "_other")"
            let e = lp.addColumn("e[\(tag)]")
            var h: Int?
            if sc.units[u].funds > 0 {
                h = lp.addColumn("h[\(tag)]")
                hOf[u].append(h!)
            }
            lp.addRow("c10_11_unit_pays[\(tag)]", upper: 0, terms: terms[key]! + [(e, -1.0)] + (h.map { [($0, -1.0)] } ?? []))
            pays.append(Pay(unit: u, group: g, h: h, e: e))
        }
        for (u, hs) in hOf.enumerated() where !hs.isEmpty {
            lp.addRow("c10_unit_funds[\(ascii(sc.units[u].id))]", upper: sc.units[u].funds, terms: hs.map { ($0, 1.0) })
        }
        for s in 0..<S {
            let es = pays.filter { $0.group == s }.map { ($0.e, 1.0) }
            if !es.isEmpty { lp.addRow("c15_street_budget[\(ascii(streets.names[s]))]", upper: streets.budgets[s], terms: es) }
        }
        if let budget = settings.streetBudget {
            lp.addRow("c12_street_budget", upper: budget, terms: pays.map { ($0.e, 1.0) })
        }
    }

    /// The values of h and e for a plan's lead units and its funding split.
    func values(lead: [Int?], funding: [(unit: Double, street: Double)], streets: StreetBudgets) -> [(column: Int, value: Double)] {
        var h: [Int: Double] = [:], e: [Int: Double] = [:]
        for p in lead.indices {
            guard let u = lead[p] else { continue }
            let key = u * groups + (streets.streetOf[p] ?? groups - 1)
            h[key, default: 0] += funding[p].unit
            e[key, default: 0] += funding[p].street
        }
        var out: [(column: Int, value: Double)] = []
        for pay in pays {
            let key = pay.unit * groups + pay.group
            out.append((pay.e, e[key] ?? 0))
            if let hc = pay.h { out.append((hc, h[key] ?? 0)) }
        }
        return out
    }
}
