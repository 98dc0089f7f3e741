// Solver-facing value types of the GLPK binding. They carry no C types, so the rest of
// Matcher (and the command) can use them without seeing the C library.

/// Why a call into the GLPK binding failed.
public enum GLPKError: Error, Sendable, CustomStringConvertible {
    /// The model or an argument was rejected by the Swift-side checks before reaching GLPK
    /// (GLPK itself would have aborted the process or silently given a wrong answer).
    case invalidArgument(String)
    /// GLPK hit a fatal error (caught by the guard in shim.h), the problem no longer exists,
    /// or it was used on a thread other than the one that created it.
    case solverFailed(String)
    /// Writing a file failed.
    case io(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m): return "invalid argument: \(m)"
        case .solverFailed(let m): return "GLPK failed: \(m)"
        case .io(let m): return "I/O error: \(m)"
        }
    }
}

/// Options of `GLPKProblem.solveLP`.
public struct LPOptions: Sendable {
    public enum Method: Sendable, Hashable {
        /// Primal simplex from the current basis (warm start after `addColumns`/`addRows`).
        case simplex
        /// GLPK's interior-point method. `timeLimitSeconds` and `presolve` do not apply to it.
        case interiorPoint
    }
    public var method: Method = .simplex
    /// Wall-clock limit; `nil` or `+infinity` means none. Must be > 0.
    public var timeLimitSeconds: Double? = nil
    /// GLPK's LP presolver. Off by default: it discards the basis, so no warm restart.
    public var presolve: Bool = false
    /// Receives GLPK's terminal output line by line; `nil` discards it.
    public var log: (@Sendable (String) -> Void)? = nil
    public init() {}
}

public enum LPStatus: Sendable, Hashable { case optimal, infeasible, unbounded, timeLimit, failed }

public struct LPResult: Sendable {
    public var status: LPStatus
    /// The optimum (constant included) when `.optimal`; `+infinity` (maximise) or
    /// `-infinity` (minimise) when `.unbounded`; `nan` otherwise.
    public var objective: Double
    public init(status: LPStatus, objective: Double) {
        self.status = status
        self.objective = objective
    }
}

/// Options of `GLPKProblem.solveMIP`.
public struct MIPOptions: Sendable {
    /// Wall-clock limit for the whole call (LP relaxation included); `nil` or `+infinity`
    /// means none. Must be > 0.
    public var timeLimitSeconds: Double? = nil
    /// Stop when |best - bound| / (|best| + eps) <= relativeGap. Must be finite and >= 0.
    public var relativeGap: Double = 1e-4
    /// GLPK's MIP presolver. Ignored (off) when a start plan is given, because the
    /// callback then sees the presolved problem, whose columns differ from ours.
    public var presolve: Bool = true
    /// MIR, Gomory, cover and clique cuts.
    public var cuts: Bool = true
    public var feasibilityPump: Bool = false
    /// Proximity search; its own limit is set to min(60 s, the time limit).
    public var proximitySearch: Bool = false
    /// Receives GLPK's terminal output line by line; `nil` discards it.
    public var log: (@Sendable (String) -> Void)? = nil
    /// Checked at every callback: once requested, the search stops (`.stopped`, best plan kept).
    public var stop: StopRequest? = nil
    /// Work limits, checked at every callback against the number of branch-and-bound nodes
    /// created so far (`glp_ios_tree_size`): stop after `nodeLimit` nodes, or when neither the
    /// incumbent nor the best bound has changed over the last `stallNodes` nodes. Unlike a time
    /// limit they do not depend on the machine: the same problem stops at the same node
    /// (`.nodeLimit`, best plan kept).
    public var nodeLimit: Int? = nil
    public var stallNodes: Int? = nil
    public init() {}
}

/// A snapshot of a running branch-and-bound search.
public struct MIPProgress: Sendable {
    public var elapsedSeconds: Double
    /// Objective of the incumbent, if one exists.
    public var bestObjective: Double?
    /// Best bound over the active nodes, once one is known.
    public var bestBound: Double?
    /// GLPK's relative gap, when there is an incumbent.
    public var gap: Double?
    public init(elapsedSeconds: Double, bestObjective: Double?, bestBound: Double?, gap: Double?) {
        self.elapsedSeconds = elapsedSeconds
        self.bestObjective = bestObjective
        self.bestBound = bestBound
        self.gap = gap
    }
}

/// Why the MIP search stopped. Whether a plan exists is `MIPResult.hasSolution`.
public enum MIPTermination: Sendable, Hashable {
    /// Optimal within `MIPOptions.relativeGap`.
    case optimal
    case timeLimit
    /// The progress callback returned false, or a `StopRequest` was made.
    case stopped
    /// `MIPOptions.nodeLimit` or `stallNodes` ended the search.
    case nodeLimit
    case infeasible
    /// Numerical trouble, an unbounded LP relaxation, or an unexpected GLPK return code.
    case failed
}

public struct MIPResult: Sendable {
    public var termination: MIPTermination
    public var hasSolution: Bool
    /// Objective of the plan (constant included); `nan` without a plan.
    public var objective: Double
    /// A true bound on the optimum: >= objective when maximising, <= when minimising.
    /// Equals `objective` when proved optimal with gap 0; `+-infinity` when nothing is
    /// known; `nan` when infeasible.
    public var bestBound: Double
    /// |objective - bestBound| / (|objective| + DBL_EPSILON), GLPK's definition;
    /// `+infinity` without a plan.
    public var gap: Double
    /// One value per column (0-based); empty without a plan.
    public var columnValues: [Double]
    public init(termination: MIPTermination, hasSolution: Bool, objective: Double, bestBound: Double,
                gap: Double, columnValues: [Double]) {
        self.termination = termination
        self.hasSolution = hasSolution
        self.objective = objective
        self.bestBound = bestBound
        self.gap = gap
        self.columnValues = columnValues
    }
}
