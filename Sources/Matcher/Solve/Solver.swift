import Foundation

/// Options of one solve; the scenario's `solver` section gives the defaults.
public struct SolveOptions: Sendable {
    public var timeLimitSeconds: Double
    public var mipGap: Double
    /// Solve the contract's model directly with GLPK when it has at most this many columns
    /// (after the decomposition found a start plan); larger models rely on the decomposition.
    public var exactColumnLimit: Int = 20_000
    /// Staffing considers the nearest this many eligible members per session (plus every
    /// holder of a required skill) before falling back to all of them.
    public var staffingCandidates: Int = 40
    /// GLPK's branch-and-bound works on the master problem up to this many columns; above it
    /// (a city) the greedy plan with re-chosen lead units stands in for the master's answer.
    public var masterColumnLimit: Int = 120_000
    /// The master's branch-and-bound stops after this long (or half its running time, if
    /// longer) without a better plan or bound.
    public var masterStallSeconds: Double = 4
    /// Groups of sessions sharing members with more candidate pairs than this are staffed
    /// nearest-first instead of by a MIP.
    public var staffingGroupColumnLimit: Int = 60_000
    /// With participation on: at most this many rounds of moving sessions to dates where more
    /// members below target are free (`SessionSwap`), each staffed again and kept if better.
    public var sessionSwapRounds: Int = 12
    /// Called from the solving thread, at most a few times a second.
    public var progress: (@Sendable (SolveProgress) -> Void)?
    /// GLPK's own output, line by line (for --verbose).
    public var log: (@Sendable (String) -> Void)?
    /// Stops the solve early (Ctrl-C, a cancel button): the best plan so far is returned, with
    /// `stoppedBy` "interrupt".
    public var stop: StopRequest?

    public init(settings: Settings) {
        timeLimitSeconds = settings.timeLimitSeconds
        mipGap = settings.mipGap
    }
}

public struct SolveProgress: Sendable {
    public var phase: String
    public var elapsedSeconds: Double
    public var bestObjective: Double?
    public var bestBound: Double?
    public init(phase: String, elapsedSeconds: Double, bestObjective: Double? = nil, bestBound: Double? = nil) {
        self.phase = phase; self.elapsedSeconds = elapsedSeconds; self.bestObjective = bestObjective; self.bestBound = bestBound
    }
    public var gap: Double? {
        guard let b = bestObjective, let u = bestBound else { return nil }
        return relativeGap(objective: b, bound: u)
    }
}

/// Facts about a solve for the summary and the benchmarks.
public struct SolveStats: Sendable {
    public var method: String = "decomposition"
    public var sessions = 0
    public var staffingPairs = 0
    /// Size of the contract's full model (rows, columns, nonzeros) when it was built.
    public var fullModel: (rows: Int, columns: Int, nonzeros: Int)?
    public var masterModel: (rows: Int, columns: Int, nonzeros: Int) = (0, 0, 0)
    public var masterRounds = 0
    public var staffingColumns = 0
    public var phaseSeconds: [(phase: String, seconds: Double)] = []
    public var totalSeconds = 0.0
}

extension SolveStats {
    /// The figures as JSON (for `match solve --stats` and the benchmarks).
    public func json(plan: Plan) -> String {
        func size(_ m: (rows: Int, columns: Int, nonzeros: Int)?) -> String {
            guard let m else { return "null" }
            return "{\"rows\": \(m.rows), \"columns\": \(m.columns), \"nonzeros\": \(m.nonzeros)}"
        }
        let t = plan.objectiveTerms
        let phases = phaseSeconds.map { "{\"phase\": \"\($0.phase)\", \"seconds\": \($0.seconds)}" }.joined(separator: ", ")
        return """
        {"method": "\(method)", "status": "\(plan.status.rawValue)", "objective": \(plan.objective), \
        "best_bound": \(plan.bestBound), "gap": \(plan.gap), \
        "objective_terms": {"needs": \(t.needs), "distance": \(t.distance), "unit_shortfall": \(t.unitShortfall), \
        "participation": \(t.participation)}, "sessions": \(sessions), "staffing_pairs": \(staffingPairs), \
        "full_model": \(size(fullModel)), "master_model": \(size(masterModel)), "master_rounds": \(masterRounds), \
        "staffing_columns": \(staffingColumns), "phases": [\(phases)], "total_seconds": \(totalSeconds)}
        """
    }
}

public struct SolveResult: Sendable {
    public var plan: Plan
    public var stats: SolveStats
    /// Per scenario project (index order): "" when it runs, else why not, in English, with a
    /// checked hint where one rule change would let it run (`ProjectReasons`). Not in plan.json.
    public var projectReasons: [String] = []
}

/// (bound − objective) / max(1, |bound|), never negative.
public func relativeGap(objective: Double, bound: Double) -> Double {
    max(0, bound - objective) / max(1, abs(bound))
}

/// The solve strategy (docs/MODEL.md):
/// 1. eligibility graph and session analysis;
/// 2. master problem — the contract's model with the staffing block relaxed — solved by GLPK's
///    branch-and-cut: its bound is a true upper bound of the contract's model;
/// 3. staffing of the chosen sessions exactly (a transportation-like MIP); sessions that
///    cannot be staffed together are barred and the master re-solved;
/// 4. for small scenarios, the contract's model itself, warm-started with that plan.
public enum Solver {
    public static func solve(_ scenario: Scenario, variant: String = "base", options: SolveOptions) throws -> SolveResult {
        let settings = try scenario.settings(for: variant)
        let deadline = Deadline(seconds: options.timeLimitSeconds, stop: options.stop)
        var stats = SolveStats()
        var phaseStart = deadline.elapsed
        func phase(_ name: String) {
            let now = deadline.elapsed
            stats.phaseSeconds.append((name, now - phaseStart))
            phaseStart = now
        }
        var best: Double?
        var bound: Double?
        func report(_ name: String) {
            options.progress?(SolveProgress(phase: name, elapsedSeconds: deadline.elapsed, bestObjective: best, bestBound: bound))
        }

        report("eligibility")
        let graph = EligibilityGraph(scenario: scenario, settings: settings)
        stats.sessions = graph.sessionCount
        stats.staffingPairs = graph.staffingPairCount
        phase("eligibility")
        let analysis = SessionAnalysis(scenario: scenario, graph: graph)
        phase("sessions")

        // The empty plan is always feasible: it is the first incumbent.
        var incumbent = Solution(projectCount: scenario.projects.count, sessionCount: graph.sessionCount)
        best = incumbent.objective(scenario, graph)

        // A coarse bound that is cheap at any scale (units pooled).
        report("bound")
        if let b = try AggregateBound(scenario: scenario, graph: graph, analysis: analysis).solve(deadline: deadline, log: options.log) {
            bound = b
        }
        phase("bound")

        // Master problem.
        var master = ContractModel(scenario: scenario, graph: graph, staffing: .relaxed(analysis))
        let masterByGLPK = master.lp.columns.count <= options.masterColumnLimit
        stats.masterModel = (master.lp.rows.count, master.lp.columns.count, master.lp.nonzeroCount)
        var barred = Set<Int>()
        var round = 0
        // At least one round, however short the limit: the greedy plan and its staffing take
        // moments, and a planner asking for a 1-second answer wants a plan, not the empty one.
        // A stop request (StopRequest) skips that first round, or ends the loop after the master.
        while (round == 0 && !deadline.stopped) || !deadline.expired {
            round += 1
            report("master \(round)")
            let greedy = GreedyStart(scenario: scenario, graph: graph, analysis: analysis, barred: barred).solution()
            var candidate: Solution
            var provedOptimal = false
            if masterByGLPK {
                guard let solved = try solveMaster(master, scenario: scenario, start: greedy, round: round, deadline: deadline,
                                                   options: options, best: best, bound: &bound) else { break }
                candidate = solved.solution
                provedOptimal = solved.optimal
            } else {
                // Too big for GLPK's branch-and-bound in the time: the greedy plan is the master's answer.
                candidate = greedy
            }
            if !provedOptimal, !deadline.expired {
                // At least choose the lead units best for the projects chosen.
                candidate = try assignLeads(candidate, scenario: scenario, graph: graph, deadline: deadline, options: options)
            }
            phase("master")
            if deadline.stopped { break }

            report("staffing \(round)")
            let sessions = candidate.held.flatMap { $0 }
            var staffing = StaffingProblem(scenario: scenario, graph: graph)
            staffing.groupColumnLimit = options.staffingGroupColumnLimit
            var staffed = try staffing.solve(sessions: sessions, candidates: options.staffingCandidates,
                                             deadline: deadline, log: options.log)
            if !staffed.failed.isEmpty && !deadline.expired {
                staffed = try staffing.solve(sessions: sessions, candidates: options.staffingCandidates,
                                             full: Set(staffed.failed), deadline: deadline, log: options.log)
            }
            stats.staffingColumns = max(stats.staffingColumns, staffed.columns)
            phase("staffing")
            for (n, k) in sessions.enumerated() { candidate.staff[k] = staffed.staff[n] }
            // Projects with a session left short do not run in this plan; the rest is feasible
            // as it stands (taking staff away never breaks constraints 7 and 8).
            for k in staffed.failed { candidate.drop(project: graph.sessions[k].project) }
            let value = candidate.objective(scenario, graph)
            if value > best! + 1e-9 {
                incumbent = candidate
                best = value
            }
            if staffed.failed.isEmpty { break }
            // Bar the sessions that could not be staffed alongside the others; solve again.
            for k in staffed.failed where barred.insert(k).inserted {
                master.bar(session: k)
            }
            stats.masterRounds = round
        }
        stats.masterRounds = round

        // Participation: move sessions to dates where more members below target are free.
        if analysis.participation.isActive {
            report("dates")
            var rounds = 0
            var single = false   // after a rejected batch: the single most valuable move only
            while rounds < options.sessionSwapRounds, !deadline.expired,
                  var moved = SessionSwap(scenario: scenario, graph: graph, analysis: analysis, barred: barred)
                      .moved(incumbent, limit: single ? 1 : .max) {
                rounds += 1
                let sessions = moved.held.flatMap { $0 }
                var staffing = StaffingProblem(scenario: scenario, graph: graph)
                staffing.groupColumnLimit = options.staffingGroupColumnLimit
                let staffed = try staffing.solve(sessions: sessions, candidates: options.staffingCandidates,
                                                 deadline: deadline, log: options.log)
                for (n, k) in sessions.enumerated() { moved.staff[k] = staffed.staff[n] }
                for k in staffed.failed { moved.drop(project: graph.sessions[k].project) }
                let value = moved.objective(scenario, graph)
                if value > best! + 1e-9 {
                    incumbent = moved
                    best = value
                    single = false
                } else if single {
                    break
                } else {
                    single = true
                }
            }
            phase("dates")
        }
        report("plan")

        // Small scenarios: the contract's model itself, started from the plan found.
        let provedAlready = bound.map { relativeGap(objective: best!, bound: max($0, best!)) <= options.mipGap } ?? false
        if graph.staffingPairCount <= options.exactColumnLimit, !deadline.expired, !provedAlready {
            let full = ContractModel(scenario: scenario, graph: graph)
            stats.fullModel = (full.lp.rows.count, full.lp.columns.count, full.lp.nonzeroCount)
            if full.lp.columns.count <= options.exactColumnLimit * 2 {
                report("exact")
                let problem = try GLPKProblem(full.lp)
                var mip = MIPOptions()
                mip.timeLimitSeconds = max(0.5, deadline.remaining)
                mip.relativeGap = options.mipGap / 10
                mip.log = options.log
                mip.stop = options.stop
                let tracker = BoundTracker()
                let known = (best: best, bound: bound)
                let result = try problem.solveMIP(mip, start: incumbent.columnValues(full, scenario)) { p in
                    tracker.observe(p.bestBound)
                    options.progress?(SolveProgress(phase: "exact", elapsedSeconds: deadline.elapsed,
                                                    bestObjective: p.bestObjective ?? known.best, bestBound: known.bound))
                    return !deadline.stopped
                }
                let seenBound = tracker.bound
                if result.hasSolution {
                    let candidate = Solution(model: full, values: result.columnValues, scenario: scenario)
                    let value = candidate.objective(scenario, graph)
                    if value > best! + 1e-9 {
                        incumbent = candidate
                        best = value
                    }
                }
                var b = result.bestBound
                if result.termination == .optimal {
                    b = result.objective + mip.relativeGap * max(1, abs(result.objective))
                } else if let s = seenBound {
                    b = min(b, s)
                }
                if b.isFinite { bound = min(bound ?? b, b) }
                stats.method = "exact"
                phase("exact")
            }
        }

        let objective = best!
        let finalBound = max(bound ?? .infinity, objective)
        let gap = finalBound.isFinite ? relativeGap(objective: objective, bound: finalBound) : 1
        let stopped = deadline.stopped
        // Stopped by an interrupt: the plan so far, not proved within the gap.
        let status: Plan.Status = gap <= options.mipGap + 1e-12 && !stopped ? .optimal : .feasible
        let reasons = UnmetReasons(scenario: scenario, graph: graph, analysis: analysis, solution: incumbent)
        var plan = incumbent.plan(scenario, graph, variant: variant, status: status,
                                  bound: finalBound.isFinite ? finalBound : objective, gap: gap, reasons: reasons)
        if stopped { plan.stoppedBy = "interrupt" }
        let projectReasons = ProjectReasons.compute(scenario: scenario, graph: graph, analysis: analysis,
                                                    solution: incumbent, reasons: reasons)
        phase("reasons")
        stats.totalSeconds = deadline.elapsed
        report("done")
        return SolveResult(plan: plan, stats: stats, projectReasons: projectReasons)
    }
}

extension Solver {
    /// One GLPK solve of the master problem, started from `start`. The first round's bound is
    /// a true bound and tightens `bound`; later rounds bar sessions for contention and are no
    /// longer relaxations. nil when GLPK has no plan at all.
    static func solveMaster(_ master: ContractModel, scenario: Scenario, start: Solution, round: Int, deadline: Deadline,
                            options: SolveOptions, best: Double?, bound: inout Double?) throws -> (solution: Solution, optimal: Bool)? {
        let masterGap = options.mipGap / 10
        let problem = try GLPKProblem(master.lp)
        var mip = MIPOptions()
        mip.timeLimitSeconds = max(0.5, deadline.remaining * (round == 1 ? 0.25 : 0.15))
        mip.relativeGap = masterGap
        mip.log = options.log
        mip.stop = options.stop
        let firstRound = round == 1
        let tracker = BoundTracker()
        let known = (best: best, bound: bound)
        let phaseName = "master \(round)"
        let stall = StallWatch(start: deadline.elapsed, minimumSeconds: options.masterStallSeconds)
        let progress: (MIPProgress) -> Bool = { p in
            if firstRound { tracker.observe(p.bestBound) }
            options.progress?(SolveProgress(phase: phaseName, elapsedSeconds: deadline.elapsed,
                                            bestObjective: known.best, bestBound: known.bound ?? tracker.bound))
            // Stop when neither the plan nor the bound has moved for a while: the greedy start
            // and the lead-unit matching do the rest, and the bound is kept (GLPK's best so far).
            return !deadline.stopped && !stall.stalled(now: deadline.elapsed, objective: p.bestObjective, bound: p.bestBound)
        }
        var result: MIPResult
        do {
            result = try problem.solveMIP(mip, start: start.columnValues(master, scenario), progress: progress)
        } catch {
            guard case .invalidArgument(let why) = error else { throw error }
            // The start plan is feasible by construction; should round-off say otherwise, solve without it.
            options.log?("master start plan refused: \(why)")
            result = try GLPKProblem(master.lp).solveMIP(mip, progress: progress)
        }
        if firstRound {
            // Proved within GLPK's gap: a deterministic bound (same input, same plan.json).
            // Stopped early: the best bound GLPK reported (depends on timing, as the plan does).
            var b = result.bestBound
            if result.termination == .optimal {
                b = result.objective + masterGap * max(1, abs(result.objective))
            } else if let s = tracker.bound {
                b = min(b, s)
            }
            if b.isFinite { bound = min(bound ?? b, b) }
        }
        guard result.hasSolution else { return nil }
        return (Solution(model: master, values: result.columnValues, scenario: scenario), result.termination == .optimal)
    }

    /// Re-chooses the lead units of `solution`'s running projects (`LeadAssignment`); keeps the
    /// old ones unless the new ones are strictly better.
    static func assignLeads(_ solution: Solution, scenario: Scenario, graph: EligibilityGraph, deadline: Deadline,
                            options: SolveOptions) throws -> Solution {
        guard let lead = try LeadAssignment(scenario: scenario, graph: graph).solve(solution, deadline: deadline, log: options.log) else {
            return solution
        }
        var better = solution
        better.lead = lead
        return better.objective(scenario, graph) > solution.objective(scenario, graph) + 1e-9 ? better : solution
    }
}

/// Says when a branch-and-bound has made no progress (same plan value, same bound) for
/// max(`minimumSeconds`, half the time it has run).
final class StallWatch: @unchecked Sendable {
    private let start: Double
    private let minimumSeconds: Double
    private var last: (objective: Double?, bound: Double?) = (nil, nil)
    private var lastChange: Double

    init(start: Double, minimumSeconds: Double) {
        self.start = start
        self.minimumSeconds = minimumSeconds
        lastChange = start
    }

    func stalled(now: Double, objective: Double?, bound: Double?) -> Bool {
        if objective != last.objective || bound != last.bound {
            last = (objective, bound)
            lastChange = now
            return false
        }
        return now - lastChange >= max(minimumSeconds, 0.5 * (now - start))
    }
}

/// The best (lowest) finite bound GLPK reported during one solve.
final class BoundTracker: @unchecked Sendable {
    private(set) var bound: Double?
    func observe(_ b: Double?) {
        guard let b, b.isFinite else { return }
        bound = min(bound ?? b, b)
    }
}

extension Solution {
    /// The contract's plan (section 4) of this solution, with the objective recomputed from it.
    func plan(_ sc: Scenario, _ graph: EligibilityGraph, variant: String, status: Plan.Status,
              bound: Double, gap: Double, reasons: UnmetReasons) -> Plan {
        let fund = funding(sc)
        var projects: [Plan.RunningProject] = []
        var assignments: [Plan.Assignment] = []
        for p in runningProjects {
            let project = sc.projects[p]
            projects.append(Plan.RunningProject(id: project.id, leadUnit: sc.units[lead[p]!].id,
                                                dates: held[p].map { graph.sessions[$0].day.iso },
                                                unitFunds: fund[p].unit, streetFunds: fund[p].street))
            for k in held[p] {
                let day = graph.sessions[k].day.iso
                for m in staff[k] { assignments.append(Plan.Assignment(member: sc.members[Int(m)].id, project: project.id, date: day)) }
            }
        }
        let cov = covered(sc)
        let needs = sc.needs.enumerated().map { i, need in
            Plan.NeedOutcome(id: need.id, covered: cov[i], reason: cov[i] ? nil : reasons.reason(for: i))
        }
        let t = terms(sc, graph)
        return Plan(scenario: sc.name, variant: variant, status: status, objective: t.objective, bestBound: bound,
                    gap: gap, objectiveTerms: t, projects: projects, assignments: assignments, needs: needs)
    }
}
