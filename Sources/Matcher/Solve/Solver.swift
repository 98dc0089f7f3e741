import Foundation

/// Options of one solve; the scenario's `solver` section gives the defaults.
public struct SolveOptions: Sendable {
    public var timeLimitSeconds: Double
    public var mipGap: Double
    /// The proving search (the contract's model with the x columns the LP's reduced costs
    /// cannot rule out, by GLPK's branch-and-bound, started from the plan found) runs when that
    /// reduced model keeps at most this many x columns; 0 turns it off (the decomposition alone).
    public var exactColumnLimit: Int = 40_000
    /// Staffing considers the nearest this many eligible members per session (plus every
    /// holder of a required skill) before falling back to all of them.
    public var staffingCandidates: Int = 40
    /// GLPK's branch-and-bound works on the master problem up to this many columns; above it
    /// (a city) the greedy plan with re-chosen lead units stands in for the master's answer.
    public var masterColumnLimit: Int = 10_000
    /// Work limits of the master's branch-and-bound (nodes, not seconds, so that the same input
    /// gives the same plan on any machine): at most `masterNodeLimit` nodes, and it stops once
    /// neither its plan nor its bound has changed over `masterStallNodes` nodes.
    public var masterNodeLimit: Int = 1_000
    public var masterStallNodes: Int = 200
    /// Rounds of master and staffing (each bars the sessions the last could not staff) where the
    /// LP-guided phases follow. After the last, the projects left short are dropped and those
    /// phases take over: on
    /// scarce400 seed 2, rounds 7–25 took 8 s and the plan they reached was found anyway.
    public var masterRoundLimit: Int = 6
    /// The LP bound (column generation of the whole model's LP, `LPBound`) runs where the graph
    /// has at most this many staffing pairs.
    public var lpBoundPairLimit: Int = 1_500_000
    /// Up to this many staffing pairs the LP bound carries the rows x_mpd <= v_pd
    /// (`ContractModel.linking`, much stronger: it proves 600- and 2,000-member streets
    /// optimal), and the neighbourhood search runs. With the participation term on, up to
    /// `participationStrongPairLimit`: there the linked LP needs many more columns (a 2,000-member
    /// street's took 13 s instead of 2.4 s, and with the re-solves 42 s instead of 3.5).
    public var strongPairLimit: Int = 1_000_000
    public var participationStrongPairLimit: Int = 400_000
    /// When the LP bound already proves the gap, the proving search still runs where the
    /// reduced model keeps at most this many x columns (the exact optimum and the money
    /// tie-break; the example street's variants keep 800–3,100 when already proved).
    public var polishColumnLimit: Int = 10_000
    /// Work limit of the proving search (the contract's model reduced by the LP's reduced
    /// costs, solved by GLPK's branch-and-bound): nodes.
    public var provingNodeLimit: Int = 200_000
    /// Work limit of the project-set proof: sets of running projects cut off from the master
    /// and bounded one by one; 0 turns it off.
    public var projectSetLimit: Int = 30
    /// The project-set proof also ends after this many sets in a row that found no better plan
    /// and lowered the master's bound on the rest by less than the pace that would reach the
    /// target within `projectSetLimit` (on scarce400 seed 2 it listed 24 sets of nearly one
    /// value, 2940.20 to 2935.45, after the last better plan, for nothing).
    public var projectSetStall: Int = 4
    /// The set search (`SetSearch`): where the project-set proof meets a set whose fixed LP is
    /// above the plan by more than mip_gap, GLPK searches the plans that run it, within
    /// `setSearchNodeLimit` nodes, over every x column that can beat the plan when there are at
    /// most `setSearchColumns` of them (else over the fixed LP's own), at most `setSearchLimit`
    /// sets a run (0 turns it off).
    public var setSearchLimit: Int = 3
    public var setSearchColumns: Int = 6_000
    public var setSearchNodeLimit: Int = 2_000
    /// The incumbent's own set is searched too when its fixed LP is above the plan by more
    /// than this fraction of it (a polish: the plan may already be within mip_gap).
    public var setSearchPolish: Double = 1e-6
    /// Where the reduced model is too big to prove with, GLPK can search the LP's own columns
    /// (price and branch) for a better plan, for at most this many nodes. Off (0) by default:
    /// on the benchmark streets it never beat the decomposition's plan and took 6–60 s.
    public var restrictedNodeLimit: Int = 0
    /// The neighbourhood search (`NeighbourhoodSearch`): re-solves of a few projects (at most
    /// `neighbourhoodProjects`, `neighbourhoodColumns` of their candidate x columns) with every
    /// held session re-staffed and the rest of the plan fixed, each within
    /// `neighbourhoodNodeLimit` nodes, over `neighbourhoodCandidates` members per session. It
    /// ends after `neighbourhoodStall` re-solves in a row without a gain of mip_gap/10, or after
    /// `neighbourhoodLimit` in all (0 turns it off). Work limits, so the same input gives the
    /// same plan on any machine.
    public var neighbourhoodLimit: Int = 200
    public var neighbourhoodStall: Int = 5
    public var neighbourhoodColumns: Int = 3_000
    public var neighbourhoodProjects: Int = 6
    public var neighbourhoodNodeLimit: Int = 100
    public var neighbourhoodCandidates: Int = 16
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
    /// Receives the best plan and bound as the phases improve them (`SolveSnapshot`).
    public var snapshot: SolveSnapshot?

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
    public var masterModel: (rows: Int, columns: Int, nonzeros: Int) = (0, 0, 0)
    public var masterRounds = 0
    /// Rounds of column generation of the LP bound, whether it converged (the full LP's
    /// optimum), and its value; nil where it did not run.
    public var lpRounds = 0
    public var lpConverged = false
    public var lpBound: Double?
    /// x columns of the reduced model the proving search solved, and its nodes' end.
    public var provingColumns = 0
    /// Re-solves of the neighbourhood search, and how many of them improved the plan.
    public var neighbourhoods = 0
    /// Sets of running projects the project-set proof bounded one by one.
    public var projectSets = 0
    public var neighbourhoodImprovements = 0
    /// Sets the set search searched, and how many of them gave a better plan.
    public var setSearches = 0
    public var setSearchImprovements = 0
    public var provingTermination: String?
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
        "master_model": \(size(masterModel)), "master_rounds": \(masterRounds), \
        "staffing_columns": \(staffingColumns), "lp_rounds": \(lpRounds), "lp_converged": \(lpConverged), \
        "lp_bound": \(lpBound.map { "\($0)" } ?? "null"), "proving_columns": \(provingColumns), \
        "neighbourhoods": \(neighbourhoods), "neighbourhood_improvements": \(neighbourhoodImprovements), "project_sets": \(projectSets), \
        "set_searches": \(setSearches), "set_search_improvements": \(setSearchImprovements), \
        "proving_termination": \(provingTermination.map { "\"\($0)\"" } ?? "null"), "phases": [\(phases)], "total_seconds": \(totalSeconds)}
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

/// The solve strategy (docs/MODEL.md), one `SolveRun` phase each:
/// 1. eligibility graph and session analysis; a pooled bound;
/// 2. master rounds — the contract's model with the staffing block relaxed, by GLPK's
///    branch-and-cut — each followed by exact staffing of the chosen sessions; sessions that
///    cannot be staffed together are barred and the master solved again (a few rounds);
/// 3. with participation on, sessions moved to dates where more members below target are free;
/// 4. the LP bound: the whole model's LP relaxation by column generation (`LPBound`);
/// 5. the neighbourhood search: a few projects at a time re-solved by GLPK;
/// 6. the project-set proof: the incumbent's set of projects bounded by the LP with y fixed,
///    every other set by the master priced with the LP's multipliers; a set whose fixed LP is
///    above the plan is searched (`SetSearch`: y fixed, the LP's dates fixed, the rest by GLPK);
/// 7. the proving search: the contract's model reduced by the LP's reduced costs, started from
///    the plan, until the gap is proved or a limit is reached.
public enum Solver {
    public static func solve(_ scenario: Scenario, variant: String = "base", options: SolveOptions) throws -> SolveResult {
        var run = try SolveRun(scenario: scenario, variant: variant, options: options)
        return try run.execute()
    }
}

extension Solution {
    /// The contract's plan (section 4) of this solution, with the objective recomputed from it.
    func plan(_ sc: Scenario, _ graph: EligibilityGraph, variant: String, status: Plan.Status,
              bound: Double, gap: Double, reasons: UnmetReasons) -> Plan {
        let fund = funding(sc, settings: graph.settings)
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
