import Foundation

/// The best plan and bound of a running solve, published by its phases as they improve, so
/// that an interrupt need not wait for the phase under way (one LP of a city's bound can take
/// many seconds, and GLPK's simplex cannot be told to stop): `Solver.solve(_:variant:options:
/// afterStop:)` takes the last published plan when the solve has not returned within its grace.
public final class SolveSnapshot: @unchecked Sendable {
    private let lock = NSLock()
    private var context: (scenario: Scenario, graph: EligibilityGraph, analysis: SessionAnalysis, variant: String,
                          mipGap: Double, deadline: Deadline)?
    private var latest: (incumbent: Solution, found: Bool, bound: Double?, stats: SolveStats)?

    public init() {}

    func begin(scenario: Scenario, graph: EligibilityGraph, analysis: SessionAnalysis, variant: String,
               mipGap: Double, deadline: Deadline) {
        lock.lock(); defer { lock.unlock() }
        context = (scenario, graph, analysis, variant, mipGap, deadline)
    }

    func update(incumbent: Solution, found: Bool, bound: Double?, stats: SolveStats) {
        lock.lock(); defer { lock.unlock() }
        latest = (incumbent, found, bound, stats)
    }

    /// The result of the last published plan, as an interrupted solve states it; nil before
    /// the eligibility graph exists (nothing can be said yet).
    func result() -> SolveResult? {
        lock.lock()
        let context = self.context, latest = self.latest
        lock.unlock()
        guard let context else { return nil }
        let incumbent = latest?.incumbent
            ?? Solution(projectCount: context.scenario.projects.count, sessionCount: context.graph.sessionCount)
        var stats = latest?.stats ?? SolveStats()
        stats.totalSeconds = context.deadline.elapsed
        return SolveRun.result(scenario: context.scenario, graph: context.graph, analysis: context.analysis,
                               variant: context.variant, incumbent: incumbent, found: latest?.found ?? false,
                               bound: latest?.bound, mipGap: context.mipGap, deadline: context.deadline, stats: stats)
    }
}

extension Solver {
    /// `solve` on a thread of its own, so that a stop request (`options.stop`) is answered
    /// within `afterStop` seconds whatever phase runs: if the solve has not returned by then,
    /// the last plan it published is returned (status `feasible` with `stopped_by: interrupt`,
    /// or `no_plan` when no phase had made one). The abandoned thread ends with its phase; the
    /// caller is expected to finish and exit. Without a stop it is exactly `solve`.
    public static func solve(_ scenario: Scenario, variant: String = "base", options: SolveOptions,
                             afterStop grace: Double) throws -> SolveResult {
        var options = options
        let snapshot = options.snapshot ?? SolveSnapshot()
        options.snapshot = snapshot
        let outcome = Outcome()
        let run = options
        let thread = Thread {
            let result = Result { try Solver.solve(scenario, variant: variant, options: run) }
            GLPK.freeThreadEnvironment()
            outcome.set(result)
        }
        thread.stackSize = 64 << 20
        thread.name = "match.solve"
        thread.start()
        var stopSeen: DispatchTime?
        while true {
            if let r = outcome.wait(seconds: 0.05) { return try r.get() }
            guard options.stop?.isRequested == true else { continue }
            let seen = stopSeen ?? .now()
            stopSeen = seen
            if DispatchTime.now().uptimeNanoseconds - seen.uptimeNanoseconds >= UInt64(grace * 1e9) {
                if let r = outcome.wait(seconds: 0) { return try r.get() }
                if let result = snapshot.result() { return result }
                throw SolveInterrupted()
            }
        }
    }

    private final class Outcome: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var result: Result<SolveResult, any Error>?
        func set(_ r: Result<SolveResult, any Error>) { lock.lock(); result = r; lock.unlock(); done.signal() }
        func wait(seconds: Double) -> Result<SolveResult, any Error>? {
            if done.wait(timeout: .now() + seconds) == .success { done.signal() }
            lock.lock(); defer { lock.unlock() }
            return result
        }
    }
}

/// A stop request answered before the solve had read its graph: there is no plan to state.
public struct SolveInterrupted: Error, Sendable {}
