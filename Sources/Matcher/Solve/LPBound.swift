/// The LP relaxation of the contract's whole model (constraints 1–13), without building all of
/// its x columns: column generation over x_mpd, priced from the duals of families 5, 6, 7, 8
/// and 13 (docs/MODEL.md, "The LP bound").
///
/// The restricted model (`ContractModel.Staffing.columns`) holds every y, z, v, c, s, f, g, q
/// column and every row of the contract's model, but x only for some graph entries. Each round
/// solves its LP with GLPK's simplex (warm, from the previous basis), prices every absent entry
/// and adds the most promising ones per session.
///
/// With `linking` (the default) every present x also has its row x_mpd <= v_pd
/// (`ContractModel.linking`): valid for every plan, so the LP is still a relaxation of the
/// contract's model, and a much stronger one (a fraction of a session can no longer be
/// staffed with whole members). An absent x's own row has multiplier 0 in the bound below,
/// which keeps it valid; when nothing prices out, it is the LP optimum of the model with all
/// those rows. (Adding only the rows an LP breaks, as cutting planes, took twice as long on
/// the benchmark streets: many more rounds, each from a primal-infeasible basis.)
///
/// The bound is a Lagrangian bound computed here from the round's row multipliers π, valid for
/// any π (GLPK's tolerances cannot make it wrong): with each row's multiplier clipped to the
/// sign its finite bound allows,
///     opt ≤ Σ_i max(π_i·L_i, π_i·U_i) + Σ_j max over x_j in [0, u_j] of d_j·x_j,  d = c − Aᵀπ,
/// over every column of the contract's model, present or not. Columns without an upper bound
/// get one that every optimum respects (s_u ≤ min_projects_u, q_m ≤ t_m, f_up ≤ funds_u,
/// g_p ≤ cost_p). When no absent column prices out, this is the LP optimum itself.
struct LPBound {
    let scenario: Scenario
    let graph: EligibilityGraph
    /// Most columns added per session and round.
    var perSession = 6
    /// Work limit: rounds of pricing (deterministic, unlike a time limit).
    var maxRounds = 60
    /// Nearest eligible members per session in the first restricted model (beyond the
    /// members the start plan uses and the first holders of each required skill).
    var initialNearest = 4
    /// With the rows x_mpd <= v_pd (`ContractModel.linking`): a bound of the same model, as
    /// strong as or stronger than the contract's LP relaxation.
    var linking = true

    struct Result {
        /// The lowest Lagrangian bound over the rounds: never below the contract's optimum.
        var bound: Double
        /// The restricted LP's value in the last round (≤ the full LP's).
        var lpValue: Double
        /// No absent column prices out: `bound` is the full LP's optimum.
        var converged: Bool
        var rounds: Int
        /// x entries of the last restricted model.
        var entries: [Int]
        /// Reduced costs d (from the multipliers that gave `bound`) of every graph entry's x,
        /// of y per project, of v per session, and of z per (project, lead-unit position).
        var entryCost: [Double]
        var yCost: [Double]
        var vCost: [Double]
        var zCost: [[Double]]
        /// The last restricted LP's values of y per project and v per session (what the
        /// neighbourhood search is guided by).
        var yValue: [Double] = []
        var vValue: [Double] = []
    }

    /// Column generation from the entries of `start` (a plan whose staff must be present so
    /// that it stays a plan of the restricted model). nil when the first LP fails.
    func solve(start: Solution, deadline: Deadline, log: (@Sendable (String) -> Void)?) throws -> Result? {
        var generation = try Generation(self, start: start)
        return try generation.run(deadline: deadline, log: log)
    }

    /// The column generation's state, kept between runs: a run with some projects fixed
    /// (`fix(projects:)`, the project-set proof) starts from the columns and the basis of the
    /// last run. Every column ever added stays: each is a column of the contract's model.
    struct Generation {
        let config: LPBound
        /// The restricted model; its y columns carry the current fixing (the bound is of it).
        private(set) var model: ContractModel
        private var rows: SolverRows
        private let problem: GLPKProblem
        private var present: [Bool]
        /// The projects fixed to run (nil: none fixed), and the objective bonus their y carries
        /// in the solver's copy (see `fix(projects:)`).
        private var forced: [Bool]?
        private let bonus: Double
        /// The model rows' multipliers of the last run's round with the lowest bound.
        private var bestDuals: [Double] = []

        init(_ config: LPBound, start: Solution) throws {
            self.config = config
            let sc = config.scenario
            let graph = config.graph
            var present = [Bool](repeating: false, count: graph.memberOf.count)
            for k in 0..<graph.sessionCount {
                let range = graph.members(of: k)
                for e in range.prefix(config.initialNearest) { present[e] = true }
                let staff = Set(start.staff[k])
                let project = sc.projects[graph.sessions[k].project]
                var skillFound = [Int](repeating: 0, count: project.skills.count)
                for e in range {
                    let m = graph.memberOf[e]
                    if staff.contains(m) { present[e] = true }
                    for (r, req) in project.skills.enumerated() where skillFound[r] < req.count && sc.members[Int(m)].hasSkill(req.tag) {
                        skillFound[r] += 1
                        present[e] = true
                    }
                }
            }
            self.present = present
            model = ContractModel(scenario: sc, graph: graph, staffing: .columns(present.indices.filter { present[$0] }), linking: config.linking)
            rows = SolverRows(model.lp)
            problem = try GLPKProblem(rows.compact(model.lp))
            // More than leaving a project out can gain in any LP of the fixed model: the
            // distance of staffing every session in full at its farthest eligible member.
            var distance = 0.0
            for k in 0..<graph.sessionCount {
                let range = graph.members(of: k)
                let farthest = range.map { graph.kmOf[$0] }.max() ?? 0
                distance += farthest * Double(min(range.count, sc.projects[graph.sessions[k].project].maxVolunteers))
            }
            bonus = 1 + 2 * graph.settings.distancePerKm * distance
        }

        /// Fixes y_p at 1 where `projects[p]` and at 0 elsewhere; nil frees every y again.
        /// The bound is of the model so fixed. In the solver's copy a project fixed to run keeps
        /// y in [0, 1] with the objective bonus instead: while the restricted model cannot yet
        /// staff it, its LP stays feasible and its multipliers make the missing x price out.
        /// The bound itself is computed on the fixed model, from any multipliers, so it is valid
        /// either way; once every such y is at 1 the two LPs have the same optimal multipliers.
        mutating func fix(projects: [Bool]?) throws {
            forced = projects
            for (p, j) in model.y.enumerated() {
                let on = projects?[p]
                model.fixColumn(j, lower: on == true ? 1 : 0, upper: on == false ? 0 : 1)
                try problem.setColumnBounds(j, lower: 0, upper: on == false ? 0 : 1)
                try problem.setObjectiveCoefficient(j, model.lp.columns[j].objective + (on == true ? bonus : 0))
            }
        }

        /// Rounds of pricing, from the current columns and basis, until nothing prices out or
        /// `maxRounds`, or until the bound is at most `enough` (every round's bound is valid, so a
        /// caller that only needs to know the bound is that low may stop there). nil when the
        /// first LP fails.
        mutating func run(deadline: Deadline, enough: Double = -.infinity, log: (@Sendable (String) -> Void)?) throws -> Result? {
            let graph = config.graph
            var best: Result?
            var rounds = 0
            while rounds < config.maxRounds {
                rounds += 1
                var options = LPOptions()
                options.presolve = false
                options.log = log
                if deadline.seconds.isFinite { options.timeLimitSeconds = max(0.1, deadline.remaining) }
                let lp = try problem.solveLP(options)
                guard lp.status == .optimal else { break }
                let duals = rows.modelDuals(problem.rowDuals)
                let priced = config.price(model, duals: duals, upper: config.impliedUpper(model), present: present)
                if best == nil || priced.bound < best!.bound {
                    bestDuals = duals
                    best = Result(bound: priced.bound, lpValue: lp.objective, converged: false, rounds: rounds,
                                  entries: [], entryCost: priced.entryCost, yCost: priced.yCost, vCost: priced.vCost, zCost: priced.zCost)
                }
                let primal = problem.primalValues
                var lpValue = lp.objective
                if primal.count == model.lp.columns.count {
                    best!.yValue = model.y.map { primal[$0] }
                    best!.vValue = model.v.map { primal[$0] }
                    if let forced { lpValue -= bonus * Double(forced.indices.filter { forced[$0] }.count) }
                }
                best!.lpValue = lpValue
                best!.rounds = rounds
                if best!.bound <= enough { break }
                // The most promising absent entries of each session.
                var added: [(e: Int, k: Int)] = []
                for k in 0..<graph.sessionCount {
                    var top: [(d: Double, e: Int)] = []
                    for e in graph.members(of: k) where !present[e] && priced.entryCost[e] > 1e-6 { top.append((priced.entryCost[e], e)) }
                    guard !top.isEmpty else { continue }
                    top.sort { ($0.d, -$0.e) > ($1.d, -$1.e) }
                    for t in top.prefix(config.perSession) { added.append((t.e, k)) }
                }
                if added.isEmpty {
                    // The LP optimum of the fixed model, unless a project fixed to run stays
                    // below 1 (then no plan runs that set, and the bound above still holds).
                    best!.converged = true
                    break
                }
                if deadline.expired { break }
                try add(added)
            }
            guard var result = best else { return nil }
            result.entries = present.indices.filter { present[$0] }
            return result
        }

        /// The staffing block's Lagrangian prices at the last run's best multipliers
        /// (`LPBound.sessionPrices`).
        func sessionPrices() -> SessionPrices? {
            bestDuals.isEmpty ? nil : config.sessionPrices(model, duals: bestDuals)
        }

        private mutating func add(_ added: [(e: Int, k: Int)]) throws {
            let sc = config.scenario
            var columns: [LinearModel.Column] = []
            var entries: [[(row: Int, value: Double)]] = []
            var links: [LinearModel.Row] = []
            var linkEntries: [[(column: Int, value: Double)]] = []
            for a in added {
                present[a.e] = true
                columns.append(model.xColumn(a.e, session: a.k, sc))
                entries.append(model.xEntries(a.e, session: a.k, sc))
                if let link = model.addX(a.e, session: a.k, sc) {
                    links.append(link.row)
                    linkEntries.append(link.entries)
                }
            }
            // Rows the new columns are the first to enter join the solver's copy (empty) first.
            let joining = rows.join(entries, of: model.lp)
            if !joining.isEmpty { _ = try problem.addRows(joining, entries: Array(repeating: [], count: joining.count)) }
            _ = try problem.addColumns(columns, entries: entries.map(rows.solverEntries))
            if !links.isEmpty {
                rows.append(links.count)
                _ = try problem.addRows(links, entries: linkEntries)
            }
        }
    }

    /// What the staffing block is worth to the master at fixed multipliers, for the
    /// project-set proof. Take multipliers π of the staffing rows (families 5, 6, 7, 8, 13;
    /// clipped to their rows' finite sides as in `price`) into the objective, and keep every
    /// other row, the links x_mpd ≤ v_pd and integrality. Then each x_mpd and q_m stands alone:
    /// x is worth max(0, d_x) where its session is held, q_m max(0, d_q)·t_m. So for every plan
    ///     objective ≤ constant + Σ_k session_k · v_k + (the master's own terms in y, z, c, s),
    /// where constant = Σ over staffing rows of π·(their bound) + Σ_m max(0, d_q)·t_m and
    /// session_k = −Σ π·(v_k's coefficients in those rows) + Σ over k's entries of max(0, d_x).
    /// The master (families 1–4 and 9–12, or its valid relaxations of them) with these session
    /// values is a bound of the contract's model for any π, and no weaker than the LP where π
    /// is the LP's.
    struct SessionPrices {
        var constant: Double
        var session: [Double]
    }

    fileprivate func sessionPrices(_ model: ContractModel, duals raw: [Double]) -> SessionPrices {
        let lp = model.lp
        let sc = scenario
        var staffing = [Bool](repeating: false, count: lp.rows.count)
        for k in 0..<graph.sessionCount {
            staffing[model.staffMinRow[k]] = true
            staffing[model.staffMaxRow[k]] = true
            for r in model.skillRows[k] { staffing[r.row] = true }
        }
        for r in model.memberMaxRow where r >= 0 { staffing[r] = true }
        for r in model.participationRow where r >= 0 { staffing[r] = true }
        for r in model.slotRowOf where r >= 0 { staffing[Int(r)] = true }
        var pi = [Double](repeating: 0, count: lp.rows.count)
        var constant = 0.0
        for (i, row) in lp.rows.enumerated() where staffing[i] && i < raw.count {
            var p = raw[i]
            if p > 0 && !row.upper.isFinite { p = 0 }
            if p < 0 && !row.lower.isFinite { p = 0 }
            pi[i] = p
            if p > 0 { constant += p * row.upper } else if p < 0 { constant += p * row.lower }
        }
        var sessionOf = [Int](repeating: -1, count: lp.columns.count)
        for (k, j) in model.v.enumerated() { sessionOf[j] = k }
        var session = model.v.map { lp.columns[$0].objective }
        for n in 0..<lp.entryValues.count {
            let k = sessionOf[Int(lp.entryColumns[n])]
            if k >= 0 { session[k] -= pi[Int(lp.entryRows[n])] * lp.entryValues[n] }
        }
        let perKm = graph.settings.distancePerKm
        var member: [Double] = []
        for k in 0..<graph.sessionCount {
            let sessionDual = pi[model.staffMinRow[k]] + pi[model.staffMaxRow[k]]
            member.removeAll(keepingCapacity: true)
            var priced = session[k]
            for e in graph.members(of: k) {
                let m = Int(graph.memberOf[e])
                var cost = memberCost(model, pi, entry: e, member: m, perKm: perKm)
                member.append(cost)
                cost -= sessionDual
                for r in model.skillRows[k] where sc.members[m].hasSkill(r.tag) { cost -= pi[r.row] }
                if cost > 0 { priced += cost }
            }
            // The session's own rows (5 and 6) need not keep the LP's multipliers, which are
            // arbitrary where the LP holds none of its dates: the best staff at the members'
            // prices, from min to max volunteers and skills left out, is a bound too (of the
            // same term by LP duality, over a larger set), and often far lower.
            let project = sc.projects[graph.sessions[k].project]
            if member.count >= project.minVolunteers {
                member.sort(by: >)
                var best = lp.columns[model.v[k]].objective
                for (n, cost) in member.prefix(project.maxVolunteers).enumerated() where n < project.minVolunteers || cost > 0 {
                    best += cost
                }
                priced = min(priced, best)
            }
            session[k] = priced
        }
        for (m, column) in model.q.enumerated() {
            guard let column else { continue }
            var d = lp.columns[column].objective
            if model.participationRow[m] >= 0 { d -= pi[model.participationRow[m]] }
            if d > 0 { constant += d * Double(sc.participationTarget(of: m, settings: graph.settings)) }
        }
        return SessionPrices(constant: constant, session: session)
    }

    /// The solver's copy of the restricted model holds only the rows that have an entry (or
    /// that 0 would break). The others, families 7 and 8 of members without a present x, are
    /// most of the rows (105,000 of 107,000 on a 2,000-member street with participation) and
    /// each costs the simplex work per iteration; a row joins when a column first enters it.
    /// An absent row is redundant (every column in it is 0), and its multiplier is 0 in the
    /// bound, which any multiplier keeps valid.
    struct SolverRows {
        /// Model row → solver row, -1 while absent.
        private(set) var index: [Int]
        private(set) var count = 0

        init(_ lp: LinearModel) {
            var used = [Bool](repeating: false, count: lp.rows.count)
            for r in lp.entryRows { used[Int(r)] = true }
            index = Array(repeating: -1, count: lp.rows.count)
            for (i, row) in lp.rows.enumerated() where used[i] || row.lower > 0 || row.upper < 0 {
                index[i] = count
                count += 1
            }
        }

        /// The model with only the solver's rows.
        func compact(_ lp: LinearModel) -> LinearModel {
            var out = lp
            out.rows = lp.rows.indices.filter { index[$0] >= 0 }.map { lp.rows[$0] }
            out.entryRows = lp.entryRows.map { Int32(index[Int($0)]) }
            return out
        }

        /// Adds the absent rows that `entries` (model rows) enter; returns them, in order.
        mutating func join(_ entries: [[(row: Int, value: Double)]], of lp: LinearModel) -> [LinearModel.Row] {
            var joining: [LinearModel.Row] = []
            for list in entries {
                for t in list where index[t.row] < 0 {
                    index[t.row] = count
                    count += 1
                    joining.append(lp.rows[t.row])
                }
            }
            return joining
        }

        /// Rows just appended to the model (link rows), appended to the solver's copy too.
        mutating func append(_ n: Int) {
            for _ in 0..<n {
                index.append(count)
                count += 1
            }
        }

        func solverEntries(_ list: [(row: Int, value: Double)]) -> [(row: Int, value: Double)] {
            list.map { (index[$0.row], $0.value) }
        }

        /// The solver's row multipliers by model row (0 for an absent row).
        func modelDuals(_ duals: [Double]) -> [Double] {
            index.map { $0 >= 0 ? duals[$0] : 0 }
        }
    }

    /// Upper bounds for the Lagrangian bound: the columns' own, or for an unbounded column one
    /// that every optimal plan satisfies.
    fileprivate func impliedUpper(_ model: ContractModel) -> [Double] {
        let sc = scenario
        var u = model.lp.columns.map(\.upper)
        for (n, unit) in sc.units.enumerated() { u[model.s[n]] = Double(unit.minProjects) }
        for (m, column) in model.q.enumerated() {
            if let column { u[column] = Double(sc.participationTarget(of: m, settings: graph.settings)) }
        }
        for (p, leads) in model.lead.enumerated() {
            u[model.g[p]] = sc.projects[p].cost
            for l in leads { if let f = l.f { u[f] = min(sc.units[l.unit].funds, sc.projects[p].cost) } }
        }
        return u
    }

    fileprivate struct Priced {
        var bound: Double
        var entryCost: [Double]
        var yCost: [Double]
        var vCost: [Double]
        var zCost: [[Double]]
    }

    /// The Lagrangian bound for multipliers `duals` and the reduced cost of every column.
    fileprivate func price(_ model: ContractModel, duals raw: [Double], upper: [Double], present: [Bool]) -> Priced {
        let lp = model.lp
        var pi = raw
        var bound = lp.objectiveConstant
        for (i, row) in lp.rows.enumerated() {
            // A multiplier may only lean on a finite bound: clip it otherwise (still a valid bound).
            if pi[i] > 0 && !row.upper.isFinite { pi[i] = 0 }
            if pi[i] < 0 && !row.lower.isFinite { pi[i] = 0 }
            if pi[i] > 0 { bound += pi[i] * row.upper } else if pi[i] < 0 { bound += pi[i] * row.lower }
        }
        var d = lp.columns.map(\.objective)
        for n in 0..<lp.entryValues.count {
            d[Int(lp.entryColumns[n])] -= pi[Int(lp.entryRows[n])] * lp.entryValues[n]
        }
        for (j, column) in lp.columns.enumerated() {
            bound += d[j] > 0 ? d[j] * upper[j] : d[j] * column.lower
        }
        // Absent x entries: priced from the rows they would enter.
        let sc = scenario
        var entryCost = [Double](repeating: 0, count: graph.memberOf.count)
        let perKm = graph.settings.distancePerKm
        for k in 0..<graph.sessionCount {
            // The rows of the session (families 5 and 6) once; the member's (7, 8, 13) per entry
            // (the same rows as `ContractModel.xEntries`, without building the list).
            let sessionDual = pi[model.staffMinRow[k]] + pi[model.staffMaxRow[k]]
            let skills = model.skillRows[k]
            for e in graph.members(of: k) {
                if present[e] {
                    entryCost[e] = d[model.x[e]]
                    continue
                }
                let m = Int(graph.memberOf[e])
                var cost = memberCost(model, pi, entry: e, member: m, perKm: perKm) - sessionDual
                for r in skills where sc.members[m].hasSkill(r.tag) { cost -= pi[r.row] }
                entryCost[e] = cost
                if cost > 0 { bound += cost }
            }
        }
        return Priced(bound: bound, entryCost: entryCost, yCost: model.y.map { d[$0] }, vCost: model.v.map { d[$0] },
                      zCost: model.lead.map { $0.map { d[$0.z] } })
    }

    /// The part of x_e's reduced cost that is its member's: the distance and the multipliers of
    /// the member's rows it would enter (families 7, 8, 13; `ContractModel.xEntries`), without
    /// its session's rows (5, 6).
    private func memberCost(_ model: ContractModel, _ pi: [Double], entry e: Int, member m: Int, perKm: Double) -> Double {
        var cost = -perKm * graph.kmOf[e]
        if model.memberMaxRow[m] >= 0 { cost -= pi[model.memberMaxRow[m]] }
        if model.slotRowOf[e] >= 0 { cost -= pi[Int(model.slotRowOf[e])] }
        if model.participationRow[m] >= 0 { cost -= pi[model.participationRow[m]] }
        return cost
    }
}
