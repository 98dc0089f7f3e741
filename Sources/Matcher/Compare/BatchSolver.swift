import Foundation

/// One solve of a batch: a scenario, the variant to solve and the options to solve it with.
public struct BatchJob: Sendable {
    public var scenario: Scenario
    public var variant: String
    public var options: SolveOptions
    public init(scenario: Scenario, variant: String, options: SolveOptions) {
        self.scenario = scenario; self.variant = variant; self.options = options
    }
}

/// Runs several `Solver.solve` calls on up to `maxConcurrent` threads (default 2) and returns
/// their results in the order of the jobs, whatever order they finish in.
///
/// Threads. GLPK keeps its environment per thread (see GLPKProblem.swift), so every solve runs
/// whole — build, solve, free every GLPK problem — on one dedicated `Thread`: a worker takes
/// the next job, runs it synchronously to the end, then takes the next; nothing of a solve is
/// ever moved to another thread, and there is no `await` anywhere in it. Each worker frees its
/// thread's GLPK environment before it ends. With one job (or `maxConcurrent` 1) the solves run
/// on a single worker thread, one after another.
///
/// The result of a solve does not depend on which worker ran it or when: the output of a
/// batch is the same as that of the same solves run one by one (unless a time limit cuts a
/// solve short, which depends on the machine's load either way).
public enum BatchSolver {
    /// - Parameters:
    ///   - started: called (on the worker's thread) when job `i` begins.
    ///   - finished: called (on the worker's thread) when job `i` ends, with its outcome.
    public static func solve(_ jobs: [BatchJob], maxConcurrent: Int = 2,
                             started: (@Sendable (Int) -> Void)? = nil,
                             finished: (@Sendable (Int, Result<SolveResult, any Error>) -> Void)? = nil)
        -> [Result<SolveResult, any Error>] {
        guard !jobs.isEmpty else { return [] }
        let state = BatchState(count: jobs.count)
        let workers = max(1, min(maxConcurrent, jobs.count))
        let done = DispatchGroup()
        for w in 0..<workers {
            done.enter()
            let thread = Thread {
                while let i = state.next() {
                    started?(i)
                    let job = jobs[i]
                    let outcome: Result<SolveResult, any Error>
                    do {
                        outcome = .success(try Solver.solve(job.scenario, variant: job.variant, options: job.options))
                    } catch {
                        outcome = .failure(error)
                    }
                    state.store(outcome, at: i)
                    finished?(i, outcome)
                }
                GLPK.freeThreadEnvironment()
                done.leave()
            }
            thread.name = "match.batch.\(w)"
            thread.stackSize = 16 << 20
            thread.start()
        }
        done.wait()
        return state.results()
    }
}

/// The shared queue position and result slots of a batch, behind a lock.
private final class BatchState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private var slots: [Result<SolveResult, any Error>?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }

    func store(_ r: Result<SolveResult, any Error>, at i: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = r
    }

    func results() -> [Result<SolveResult, any Error>] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
