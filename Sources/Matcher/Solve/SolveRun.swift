/// One solve, phase by phase (docs/MODEL.md, "The decomposition"). Each phase reads and
/// improves the same state — the incumbent plan and the best bound — and checks the deadline;
/// `execute` runs them in order. Every rule that ends a phase early counts work (nodes, rounds),
/// never seconds, so a run that ends by proof or by a work limit gives the same plan on any
/// machine; only the time limit and a stop request depend on the clock.
struct SolveRun {
    let scenario: Scenario
    let variant: String
    let options: SolveOptions
    let deadline: Deadline
    let graph: EligibilityGraph
    let analysis: SessionAnalysis

    private(set) var stats = SolveStats()
    /// The best plan so far and its objective; the empty plan is always feasible.
    private(set) var incumbent: Solution
    private(set) var best: Double
    /// The lowest valid upper bound so far (nil: none yet).
    private(set) var bound: Double?
    /// Sessions the master may no longer hold (they could not be staffed alongside the others).
    private var barred = Set<Int>()
    /// The LP bound's last round, for the proving search's reduced costs.
    private var relaxation: LPBound.Result?
    /// The LP bound's column generation, kept for the project-set proof's fixed LPs.
    private var generation: LPBound.Generation?
    /// The project-set proof's first set (the incumbent's): its fixed LP, and the bound the
    /// proof found on every other set.
    private var incumbentSet: (running: [Bool], lp: LPBound.Result, rest: Double)?
    private var phaseStart = 0.0
    /// Whether the incumbent is a plan some phase made (not just the empty start): an
    /// interrupt before that has no plan to offer (`Plan.Status.noPlan`).
    private var found = false

    init(scenario: Scenario, variant: String, options: SolveOptions) throws {
        let settings = try scenario.settings(for: variant)
        self.scenario = scenario
        self.variant = variant
        self.options = options
        deadline = Deadline(seconds: options.timeLimitSeconds, stop: options.stop)
        options.progress?(SolveProgress(phase: "eligibility", elapsedSeconds: deadline.elapsed))
        graph = EligibilityGraph(scenario: scenario, settings: settings)
        analysis = SessionAnalysis(scenario: scenario, graph: graph)
        incumbent = Solution(projectCount: scenario.projects.count, sessionCount: graph.sessionCount)
        best = incumbent.objective(scenario, graph)
        stats.sessions = graph.sessionCount
        stats.staffingPairs = graph.staffingPairCount
        options.snapshot?.begin(scenario: scenario, graph: graph, analysis: analysis, variant: variant,
                                mipGap: options.mipGap, deadline: deadline)
        phase("eligibility")
    }

    mutating func execute() throws -> SolveResult {
        try aggregateBound()
        try masterRounds()
        try spreadOverDates()
        try lpBound()
        try neighbourhoodSearch()
        try projectSets()
        try provingSearch()
        return finish()
    }

    // MARK: bookkeeping

    private mutating func phase(_ name: String) {
        let now = deadline.elapsed
        stats.phaseSeconds.append((name, now - phaseStart))
        phaseStart = now
    }

    private func report(_ name: String) {
        options.progress?(SolveProgress(phase: name, elapsedSeconds: deadline.elapsed, bestObjective: best, bestBound: bound))
    }

    /// Keeps `candidate` when it is strictly better. A plan that breaks the spacing (14) or has
    /// no split of its money within the budgets (12, 15) is never kept, whichever phase made it.
    private mutating func offer(_ candidate: Solution) {
        guard candidate.keepsSpacing(scenario, graph), candidate.fitsFunds(scenario, settings: graph.settings) else {
            options.log?("a plan that breaks the spacing or the budgets was refused")
            return
        }
        let value = candidate.objective(scenario, graph)
        if value > best + 1e-9 {
            incumbent = candidate
            best = value
            found = true
            publish()
        }
    }

    private mutating func tighten(_ b: Double) {
        if b.isFinite {
            bound = min(bound ?? b, b)
            publish()
        }
    }

    /// Tells `options.snapshot` the best plan and bound so far (for an interrupt that cannot
    /// wait for the phase under way to end).
    private func publish() {
        options.snapshot?.update(incumbent: incumbent, found: found, bound: bound, stats: stats)
    }

    /// GLPK's options for one search from now: the time left, the run's log and stop request,
    /// the given relative gap and node limit.
    private func mipOptions(relativeGap: Double, nodeLimit: Int?) -> MIPOptions {
        var mip = MIPOptions()
        if deadline.seconds.isFinite { mip.timeLimitSeconds = max(0.1, deadline.remaining) }
        mip.relativeGap = relativeGap
        mip.nodeLimit = nodeLimit
        mip.log = options.log
        mip.stop = options.stop
        return mip
    }

    /// Whether the LP bound carries the linking rows and the neighbourhood search runs: up to
    /// `strongPairLimit` staffing pairs, `participationStrongPairLimit` with the participation
    /// term on (its linked LP needs many more columns and rounds).
    private var strong: Bool {
        graph.staffingPairCount <= (analysis.participation.isActive ? options.participationStrongPairLimit : options.strongPairLimit)
    }

    private var proved: Bool {
        guard let bound else { return false }
        return relativeGap(objective: best, bound: max(bound, best)) <= options.mipGap
    }

    /// Staffs the held sessions of `candidate` exactly; projects with a session left short are
    /// dropped (taking staff away never breaks constraints 7 and 8). Returns the sessions that failed.
    private mutating func staff(_ candidate: inout Solution, retryFailedWithAll: Bool) throws -> [Int] {
        let sessions = candidate.held.flatMap { $0 }
        var staffing = StaffingProblem(scenario: scenario, graph: graph)
        staffing.groupColumnLimit = options.staffingGroupColumnLimit
        var staffed = try staffing.solve(sessions: sessions, candidates: options.staffingCandidates,
                                         deadline: deadline, log: options.log)
        if retryFailedWithAll, !staffed.failed.isEmpty, !deadline.expired {
            staffed = try staffing.solve(sessions: sessions, candidates: options.staffingCandidates,
                                         full: Set(staffed.failed), deadline: deadline, log: options.log)
        }
        stats.staffingColumns = max(stats.staffingColumns, staffed.columns)
        for (n, k) in sessions.enumerated() { candidate.staff[k] = staffed.staff[n] }
        for k in staffed.failed { candidate.drop(project: graph.sessions[k].project) }
        return staffed.failed
    }

    // MARK: phases

    /// A coarse bound that is cheap at any scale (units pooled).
    private mutating func aggregateBound() throws {
        report("bound")
        if let b = try AggregateBound(scenario: scenario, graph: graph, analysis: analysis).solve(deadline: deadline, log: options.log) {
            tighten(b)
        }
        phase("bound")
    }

    /// Master problem, lead units, staffing; sessions that cannot be staffed are barred and the
    /// master solved again until a round staffs every session it chose, or (where `strong`)
    /// `masterRoundLimit` rounds; the projects still short are then dropped.
    private mutating func masterRounds() throws {
        var master = ContractModel(scenario: scenario, graph: graph, staffing: .relaxed(analysis))
        let masterByGLPK = master.lp.columns.count <= options.masterColumnLimit
        stats.masterModel = (master.lp.rows.count, master.lp.columns.count, master.lp.nonzeroCount)
        var round = 0
        // At least one round, however short the limit: the greedy plan and its staffing take
        // moments, and a planner asking for a 1-second answer wants a plan, not the empty one.
        // A stop request (StopRequest) skips that first round, or ends the loop after the master.
        // Where the LP-guided phases follow (`strong`), they repair what the rounds leave.
        let roundLimit = strong ? options.masterRoundLimit : .max
        while ((round == 0 && !deadline.stopped) || !deadline.expired) && round < roundLimit {
            round += 1
            report("master \(round)")
            let greedy = GreedyStart(scenario: scenario, graph: graph, analysis: analysis, barred: barred).solution()
            var candidate = greedy
            var provedOptimal = false
            if masterByGLPK {
                guard let solved = try solveMaster(master, start: greedy, round: round) else { break }
                candidate = solved.solution
                provedOptimal = solved.optimal
            }
            if !provedOptimal, !deadline.expired {
                // At least choose the lead units best for the projects chosen.
                candidate = try assignLeads(candidate)
            }
            phase("master")
            if deadline.stopped { break }
            report("staffing \(round)")
            let failed = try staff(&candidate, retryFailedWithAll: true)
            phase("staffing")
            offer(candidate)
            // A whole round ran: its plan is real even where nothing can run (the empty plan).
            if !found { found = true; publish() }
            if failed.isEmpty { break }
            for k in failed where barred.insert(k).inserted { master.bar(session: k) }
        }
        stats.masterRounds = round
    }

    /// One GLPK solve of the master problem, started from `start`, within its node limits. The
    /// first round's bound is a true bound; later rounds bar sessions for contention and are no
    /// longer relaxations. nil when GLPK has no plan at all.
    private mutating func solveMaster(_ master: ContractModel, start: Solution, round: Int) throws -> (solution: Solution, optimal: Bool)? {
        var mip = mipOptions(relativeGap: options.mipGap / 10, nodeLimit: options.masterNodeLimit)
        mip.stallNodes = options.masterStallNodes
        let known = (best: best, bound: bound)
        let phaseName = "master \(round)"
        let progress: (MIPProgress) -> Bool = { [deadline, options] p in
            options.progress?(SolveProgress(phase: phaseName, elapsedSeconds: deadline.elapsed,
                                            bestObjective: known.best, bestBound: known.bound ?? p.bestBound))
            return !deadline.stopped
        }
        var result: MIPResult
        do {
            result = try GLPKProblem(master.lp).solveMIP(mip, start: start.columnValues(master, scenario), progress: progress)
        } catch {
            guard case .invalidArgument(let why) = error else { throw error }
            // The start plan is feasible by construction; should round-off say otherwise, solve without it.
            options.log?("master start plan refused: \(why)")
            result = try GLPKProblem(master.lp).solveMIP(mip, progress: progress)
        }
        if round == 1 {
            if result.termination == .optimal {
                tighten(result.objective + mip.relativeGap * max(1, abs(result.objective)))
            } else {
                tighten(result.bestBound)
            }
        }
        guard result.hasSolution else { return nil }
        return (Solution(model: master, values: result.columnValues, scenario: scenario), result.termination == .optimal)
    }

    /// Re-chooses the lead units of `solution`'s running projects (`LeadAssignment`); keeps the
    /// old ones unless the new ones are strictly better.
    private func assignLeads(_ solution: Solution) throws -> Solution {
        guard let lead = try LeadAssignment(scenario: scenario, graph: graph).solve(solution, deadline: deadline, log: options.log) else {
            return solution
        }
        var better = solution
        better.lead = lead
        return better.objective(scenario, graph) > solution.objective(scenario, graph) + 1e-9 ? better : solution
    }

    /// Participation: move sessions to dates where more members below target are free
    /// (`SessionSwap`), each batch staffed again and kept if better.
    private mutating func spreadOverDates() throws {
        guard analysis.participation.isActive else { return }
        report("dates")
        var rounds = 0
        var single = false   // after a rejected batch: the single most valuable move only
        while rounds < options.sessionSwapRounds, !deadline.expired,
              var moved = SessionSwap(scenario: scenario, graph: graph, analysis: analysis, barred: barred)
                  .moved(incumbent, limit: single ? 1 : .max) {
            rounds += 1
            _ = try staff(&moved, retryFailedWithAll: false)
            let before = best
            offer(moved)
            if best > before {
                single = false
            } else if single {
                break
            } else {
                single = true
            }
        }
        phase("dates")
    }

    /// The whole model's LP relaxation by column generation: a bound as strong as the LP.
    private mutating func lpBound() throws {
        guard !proved, !deadline.expired, graph.staffingPairCount <= options.lpBoundPairLimit else { return }
        report("lp bound")
        var lp = LPBound(scenario: scenario, graph: graph)
        lp.linking = strong
        var generation = try LPBound.Generation(lp, start: incumbent)
        if let result = try generation.run(deadline: deadline, log: options.log) {
            tighten(result.bound)
            relaxation = result
            stats.lpRounds = result.rounds
            stats.lpConverged = result.converged
            stats.lpBound = result.bound
        }
        self.generation = generation
        phase("lp bound")
    }

    /// Re-solves a few projects at a time (`NeighbourhoodSearch`): their y, z, v and x free,
    /// every other held session's staff free too, the rest of the plan fixed. Seeds go first
    /// where the LP disagrees most with the incumbent (fractional or different y and v). Ends
    /// after `neighbourhoodStall` re-solves in a row gain less than mip_gap/10 of the
    /// objective, at the work limit, at the time limit, or once proved. Runs where `strong`.
    private mutating func neighbourhoodSearch() throws {
        let P = scenario.projects.count
        guard !proved, !deadline.expired, options.neighbourhoodLimit > 0, P > 0, strong else { return }
        report("neighbourhoods")
        let search = NeighbourhoodSearch(scenario: scenario, graph: graph, entryCost: relaxation?.entryCost,
                                         perSession: options.neighbourhoodCandidates)
        var score = [Double](repeating: 0, count: P)
        if let lp = relaxation, lp.yValue.count == P, lp.vValue.count == graph.sessionCount {
            var held = [Bool](repeating: false, count: graph.sessionCount)
            for p in incumbent.runningProjects { for k in incumbent.held[p] { held[k] = true } }
            for p in 0..<P {
                score[p] = abs(lp.yValue[p] - (incumbent.lead[p] == nil ? 0 : 1))
                for k in graph.sessions(of: p) { score[p] += abs(lp.vValue[k] - (held[k] ? 1 : 0)) / Double(max(1, scenario.projects[p].sessions)) }
            }
        }
        let seeds = (0..<P).sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }
        var stall = 0
        while stats.neighbourhoods < options.neighbourhoodLimit, stall < options.neighbourhoodStall, !deadline.expired, !proved {
            let projects = search.neighbourhood(seed: seeds[stats.neighbourhoods % P], columnBudget: options.neighbourhoodColumns,
                                                maxProjects: options.neighbourhoodProjects)
            let mip = mipOptions(relativeGap: options.mipGap / 10, nodeLimit: options.neighbourhoodNodeLimit)
            stats.neighbourhoods += 1
            let before = best
            if let found = try search.solve(projects: projects, incumbent: incumbent, options: mip) { offer(found) }
            if best > before {
                stats.neighbourhoodImprovements += 1
                report("neighbourhoods")
            }
            stall = best - before > options.mipGap / 10 * max(1, abs(best)) ? 0 : stall + 1
        }
        phase("neighbourhoods")
    }

    /// The project-set proof (docs/MODEL.md item 11): where the LP bound leaves a gap that
    /// comes from fractional projects, split the plans by the set of projects they run. The LP
    /// bound with y fixed to the incumbent's set bounds the plans that run it; the whole LP's
    /// multipliers price the staffing block for the master (`LPBound.SessionPrices`): a bound
    /// of the contract's model with y, z and v integral. That master lists the other sets in
    /// order of value, each bounded by the smaller of its master value and its own fixed LP and
    /// then cut off, until the master's best remaining set is worth at most `target`.
    private mutating func projectSets() throws {
        guard !proved, !deadline.expired, strong, options.projectSetLimit > 0, var generation else { return }
        var master = ContractModel(scenario: scenario, graph: graph, staffing: .relaxed(analysis))
        guard master.lp.columns.count <= options.masterColumnLimit else { return }
        report("project sets")
        var target = best + 0.9 * options.mipGap * max(1, abs(best))
        let first = incumbent.lead.map { $0 != nil }
        // The whole LP's multipliers (the fixed LPs' are arbitrary on the sets they leave out).
        let prices = generation.sessionPrices()
        stats.projectSets = 1
        try generation.fix(projects: first)
        let firstLP = try generation.run(deadline: deadline, log: options.log)
        var others = -Double.infinity  // the largest bound of a set cut off after the first
        var rest = Double.infinity     // the master's bound on the sets not yet cut off
        if let prices, let firstLP {
            options.log?("project set 1 (incumbent): LP \(firstLP.bound), target \(target)")
            master.price(sessions: prices.session, constant: prices.constant)
            master.exclude(projects: first)
            var stall = 0  // sets in a row that lowered `rest` too slowly and found no better plan
            while !deadline.expired, stall < options.projectSetStall {
                let mip = mipOptions(relativeGap: options.mipGap / 100, nodeLimit: options.masterNodeLimit)
                let result = try GLPKProblem(master.lp).solveMIP(mip)
                let before = (rest: rest, best: best)
                if result.termination == .infeasible { rest = -.infinity; break }
                guard result.termination == .optimal, result.hasSolution else { rest = result.bestBound; break }
                rest = result.objective + mip.relativeGap * max(1, abs(result.objective))
                if rest <= target || stats.projectSets >= options.projectSetLimit { break }
                let running = master.y.map { result.columnValues[$0] > 0.5 }
                stats.projectSets += 1
                try generation.fix(projects: running)
                // A set bounded at or below the target is settled: its LP may stop there.
                let lp = try generation.run(deadline: deadline, enough: target, log: options.log)
                options.log?("project set \(stats.projectSets): \(running.filter { $0 }.count) projects, priced master \(result.objective), LP \(lp?.bound ?? .nan)")
                others = max(others, min(rest, lp?.bound ?? .infinity))
                master.exclude(projects: running)
                if let lp, lp.bound > best + options.mipGap * max(1, abs(best)) {
                    // A set that may hold a plan better by more than mip_gap: search it.
                    try searchSet(running, lp, masterPlan: Solution(model: master, values: result.columnValues, scenario: scenario))
                    target = max(target, best + 0.9 * options.mipGap * max(1, abs(best)))
                }
                // The pace that would reach the target within the set limit; a set slower than
                // that, and no better plan, is a stall.
                let pace = (rest - target) / Double(max(1, options.projectSetLimit - stats.projectSets))
                stall = before.rest - rest >= pace || best > before.best ? 0 : stall + 1
            }
        }
        // The incumbent's own set may hold a better plan too (its fixed LP is above it): on
        // street600 seed 3 the exact optimum, 0.0034% above a plan already within mip_gap.
        if let firstLP, incumbent.lead.map({ $0 != nil }) == first,
           firstLP.bound > best + options.setSearchPolish * max(1, abs(best)) {
            try searchSet(first, firstLP, masterPlan: nil)
        }
        try generation.fix(projects: nil)
        self.generation = generation
        if rest < .infinity, let firstLP {
            tighten(max(best, rest, others, firstLP.bound))
            incumbentSet = (first, firstLP, max(rest, others))
        }
        phase("project sets")
    }

    /// The set search over one set of the project-set proof, at most `setSearchLimit` times a
    /// run: first the priced master's own plan of it (its lead units and dates) staffed, then
    /// `SetSearch` within `setSearchNodeLimit` nodes.
    private mutating func searchSet(_ running: [Bool], _ lp: LPBound.Result, masterPlan: Solution?) throws {
        guard stats.setSearches < options.setSearchLimit, !deadline.expired else { return }
        stats.setSearches += 1
        let before = best
        var staffedValue = Double.nan
        if var staffed = masterPlan {
            _ = try staff(&staffed, retryFailedWithAll: true)
            staffedValue = staffed.objective(scenario, graph)
            offer(staffed)
        }
        var search = SetSearch(scenario: scenario, graph: graph)
        search.columnLimit = options.setSearchColumns
        let mip = mipOptions(relativeGap: options.mipGap / 10, nodeLimit: options.setSearchNodeLimit)
        let floor = best + 1e-7 * max(1, abs(best))
        let outcome = try search.solve(running: running, lp: lp, floor: floor, options: mip)
        if let found = outcome.solution { offer(found) }
        if best > before { stats.setSearchImprovements += 1 }
        options.log?("set search \(stats.setSearches): LP \(lp.bound), master's plan \(staffedValue), \(outcome.columns) x columns\(outcome.complete ? " (all that can beat the plan)" : " (the LP's)"), \(outcome.dates), \(outcome.termination); plan \(before) → \(best)")
        report("project sets")
    }

    /// The contract's model without the columns the LP's reduced costs rule out — with
    /// multipliers giving bound L, a plan with x_j = 1 (d_j < 0) is worth at most L + d_j, so
    /// no plan better than the incumbent uses a column with L + d_j ≤ best — solved by GLPK's
    /// branch-and-bound from the incumbent. Its bound, and the incumbent, bound the whole model.
    /// Where that model is too large, the same search over the plans that run the incumbent's
    /// projects (the project-set proof's fixed LP, whose reduced costs rule out far more).
    private mutating func provingSearch() throws {
        guard !deadline.expired, options.exactColumnLimit > 0, let lp = relaxation else { return }
        if try reducedSearch(lp, running: nil) != nil { return }
        // Only where it can decide: the other sets are already bounded within mip_gap (or the
        // run is proved and the search a polish). Otherwise it would only look for a better
        // plan among the incumbent's projects, at the cost of the whole time limit.
        guard let set = incumbentSet, !deadline.expired, incumbent.lead.map({ $0 != nil }) == set.running,
              proved || relativeGap(objective: best, bound: max(best, set.rest)) <= options.mipGap,
              let setBound = try reducedSearch(set.lp, running: set.running) else { return }
        // The incumbent's set is now bounded by the search: the rest as before.
        tighten(max(best, set.rest, setBound))
    }

    /// The reduced search of `provingSearch` from the multipliers of `lp`, over every plan
    /// (`running` nil: its bound tightens the run's) or over those that run exactly `running`
    /// (then the bound of those plans is returned). nil when it did not run.
    private mutating func reducedSearch(_ lp: LPBound.Result, running: [Bool]?) throws -> Double? {
        let sc = scenario
        let floor = best - 1e-7 * max(1, abs(best))
        let L = lp.bound
        var keep = [Bool](repeating: false, count: graph.memberOf.count)
        for k in 0..<graph.sessionCount {
            let staff = Set(incumbent.staff[k])
            for e in graph.members(of: k) where L + min(0, lp.entryCost[e]) > floor || staff.contains(graph.memberOf[e]) {
                keep[e] = true
            }
        }
        var kept = keep.indices.filter { keep[$0] }
        // Already proved: only a small reduced model is worth the search for the exact optimum
        // (on a 2,000-member street its 13,000 columns took 50 s to gain 0.0006%).
        options.log?("reduced search\(running == nil ? "" : " (incumbent's set)"): \(kept.count) x columns kept of \(keep.count)")
        if proved, kept.count > options.polishColumnLimit { return nil }
        // Too many to prove with: search the LP's own columns instead (price and branch) — its
        // plans are plans of the contract's model, but its bound is not a bound of it.
        let proving = kept.count <= options.exactColumnLimit
        if !proving {
            guard options.restrictedNodeLimit > 0, running == nil else { return nil }
            var restricted = [Bool](repeating: false, count: graph.memberOf.count)
            for e in lp.entries { restricted[e] = true }
            for k in 0..<graph.sessionCount {
                let staff = Set(incumbent.staff[k])
                for e in graph.members(of: k) where staff.contains(graph.memberOf[e]) { restricted[e] = true }
            }
            kept = restricted.indices.filter { restricted[$0] }
            guard kept.count <= options.exactColumnLimit else { return nil }
        }
        stats.provingColumns = kept.count
        report(running == nil ? "proving" : "proving set")
        var model = ContractModel(scenario: sc, graph: graph, staffing: .columns(kept), linking: true)
        // The same argument fixes y, v and z: at 0 where L + d ≤ best (d < 0), at 1 where
        // L − d ≤ best (d > 0) — unless the incumbent says otherwise.
        let start = incumbent
        if let running {
            for (p, j) in model.y.enumerated() { model.fixColumn(j, at: running[p] ? 1 : 0) }
        }
        var held = Set<Int>()
        for p in start.runningProjects { held.formUnion(start.held[p]) }
        func fix(_ column: Int, cost d: Double, used: Bool) {
            if d < 0, L + d <= floor, !used { model.fixColumn(column, at: 0) }
            if d > 0, L - d <= floor, used { model.fixColumn(column, at: 1) }
        }
        for p in sc.projects.indices { fix(model.y[p], cost: lp.yCost[p], used: start.lead[p] != nil) }
        for k in 0..<graph.sessionCount { fix(model.v[k], cost: lp.vCost[k], used: held.contains(k)) }
        for (p, leads) in model.lead.enumerated() {
            for (n, l) in leads.enumerated() { fix(l.z, cost: lp.zCost[p][n], used: start.lead[p] == l.unit) }
        }
        // Of plans equally good, prefer the one that spends less street money: g_p costs ε per
        // yuan, at most 1e-6 of the objective in all (added back to the bound below). Not when
        // mip_gap is below 1e-5: that slack would keep a proved optimum from being stated one.
        let money = sc.projects.reduce(0) { $0 + $1.cost }
        let epsilon = money > 0 && proving && options.mipGap >= 1e-5 ? 1e-6 * max(1, abs(best)) / money : 0
        for p in sc.projects.indices { model.setObjective(model.g[p], -epsilon) }
        // Proving: close to exact, so that the tie-break on money can decide between equal plans
        // (where the LP is as tight as the optimum, GLPK may stop at the first of them). The
        // price-and-branch search only looks for a better plan: a short, fixed amount of work.
        var mip = mipOptions(relativeGap: proving ? options.mipGap / 100 : options.mipGap / 2,
                             nodeLimit: proving ? options.provingNodeLimit : options.restrictedNodeLimit)
        if !proving { mip.stallNodes = options.restrictedNodeLimit / 2 }
        let known = (best: best, bound: bound)
        let result = try GLPKProblem(model.lp).solveMIP(mip, start: start.columnValues(model, sc)) { [deadline, options] p in
            options.progress?(SolveProgress(phase: "proving", elapsedSeconds: deadline.elapsed,
                                            bestObjective: p.bestObjective ?? known.best, bestBound: known.bound))
            return !deadline.stopped
        }
        stats.method = proving ? (running == nil ? "decomposition+proving" : "decomposition+proving set") : "decomposition+restricted"
        stats.provingTermination = "\(result.termination)"
        if result.hasSolution { offer(Solution(model: model, values: result.columnValues, scenario: sc)) }
        var found: Double = .infinity
        switch result.termination {
        case .optimal where proving:
            found = max(best, result.objective + epsilon * money + mip.relativeGap * max(1, abs(result.objective)))
        case .nodeLimit where proving, .timeLimit where proving, .stopped where proving:
            found = max(best, result.bestBound + epsilon * money)
        case .optimal, .nodeLimit, .timeLimit, .stopped:
            break
        case .infeasible, .failed:
            break
        }
        phase(running == nil ? "proving" : "proving set")
        if running == nil { tighten(found) }
        return found
    }

    private mutating func finish() -> SolveResult {
        phaseStart = deadline.elapsed
        var result = SolveRun.result(scenario: scenario, graph: graph, analysis: analysis, variant: variant,
                                     incumbent: incumbent, found: found, bound: bound, mipGap: options.mipGap,
                                     deadline: deadline, stats: stats)
        phase("reasons")
        stats.totalSeconds = deadline.elapsed
        result.stats = stats
        report("done")
        return result
    }

    /// The plan of `incumbent` with its status, honest bound and reasons: the end of every
    /// solve, and of an interrupt that takes the last published plan (`SolveSnapshot`).
    /// Without any bound yet, Σ w_i bounds every plan (covering every need at no cost); an
    /// interrupt before any phase made a plan gives `no_plan` (nothing to write).
    static func result(scenario: Scenario, graph: EligibilityGraph, analysis: SessionAnalysis, variant: String,
                       incumbent: Solution, found: Bool, bound: Double?, mipGap: Double,
                       deadline: Deadline, stats: SolveStats) -> SolveResult {
        let objective = incumbent.objective(scenario, graph)
        let trivial = scenario.needs.reduce(0.0) { $0 + Double($1.weight) }
        let finalBound = max(min(bound ?? trivial, trivial), objective)
        let gap = relativeGap(objective: objective, bound: finalBound)
        let stopped = deadline.stopped
        if stopped && !found {
            // Nothing to write or explain: no reasons (a city's take seconds).
            let terms = incumbent.terms(scenario, graph)
            var plan = Plan(scenario: scenario.name, variant: variant, status: .noPlan, objective: terms.objective,
                            bestBound: finalBound, gap: gap, objectiveTerms: terms, projects: [], assignments: [],
                            needs: scenario.needs.map { Plan.NeedOutcome(id: $0.id, covered: false, reason: "no plan was made: interrupted") })
            plan.stoppedBy = "interrupt"
            return SolveResult(plan: plan, stats: stats, projectReasons: [])
        }
        let status: Plan.Status = gap <= mipGap + 1e-12 && !stopped ? .optimal : .feasible
        let reasons = UnmetReasons(scenario: scenario, graph: graph, analysis: analysis, solution: incumbent)
        var plan = incumbent.plan(scenario, graph, variant: variant, status: status,
                                  bound: finalBound, gap: gap, reasons: reasons)
        if stopped {
            plan.stoppedBy = "interrupt"
        } else if status == .feasible {
            // Not proved within mip_gap: say which limit ended the search.
            plan.stoppedBy = deadline.expired ? "time_limit" : "work_limit"
        }
        let projectReasons = ProjectReasons.compute(scenario: scenario, graph: graph, analysis: analysis,
                                                    solution: incumbent, reasons: reasons)
        return SolveResult(plan: plan, stats: stats, projectReasons: projectReasons)
    }
}
