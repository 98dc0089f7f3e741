import Foundation
import Matcher
import Synchronization

/// All jobs of this server run, by id; at most `maxConcurrent` solve at once, each on its own
/// `Thread` (GLPK's environment is per thread, docs/GLPK.md: a solve is built, solved and freed
/// on one thread, synchronously, never across an `await`); the rest wait in order.
final class JobQueue: Sendable {
    let maxConcurrent: Int
    private let state = Mutex<(jobs: [String: Job], order: [String], waiting: [Job], running: Int)>(([:], [], [], 0))

    init(maxConcurrent: Int) { self.maxConcurrent = max(1, maxConcurrent) }

    func job(_ id: String) -> Job? { state.withLock { $0.jobs[id] } }

    /// Every job, oldest first.
    var all: [Job] { state.withLock { s in s.order.compactMap { s.jobs[$0] } } }

    /// Registers a job and starts it now or when a solve slot frees up.
    func submit(scenario: StoredScenario, request: Job.Request, store: ScenarioStore) -> Job {
        let job = Job(id: Self.newID(), scenario: scenario, request: request)
        let start = state.withLock { s -> Bool in
            s.jobs[job.id] = job
            s.order.append(job.id)
            if s.running < maxConcurrent { s.running += 1; return true }
            s.waiting.append(job)
            return false
        }
        if start { launch(job, store: store) }
        return job
    }

    /// Forgets the finished jobs of a deleted scenario.
    func forget(scenario id: String) {
        state.withLock { s in
            let gone = Set(s.order.filter { s.jobs[$0]?.scenario.id == id && s.jobs[$0]?.isFinished == true })
            for j in gone { s.jobs[j] = nil }
            s.order.removeAll { gone.contains($0) }
        }
    }

    /// Cancels a job: a queued one at once, a running one through its `StopRequest` (it ends as
    /// `cancelled` within moments, writing nothing). false when it had already ended.
    func cancel(_ job: Job) -> Bool {
        if job.cancelIfQueued() {
            state.withLock { s in s.waiting.removeAll { $0 === job } }
            return true
        }
        guard job.snapshot.state == .running else { return false }
        job.stop.request()
        return true
    }

    private func launch(_ job: Job, store: ScenarioStore) {
        let thread = Thread { [self] in
            var next: Job? = job
            while let j = next {
                j.run(store: store)
                next = state.withLock { s -> Job? in
                    if s.waiting.isEmpty { s.running -= 1; return nil }
                    return s.waiting.removeFirst()
                }
            }
            GLPK.freeThreadEnvironment()
        }
        thread.name = "match.serve.job"
        thread.stackSize = 16 << 20
        thread.start()
    }

    private static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        return String(format: "%012llx", UInt64.random(in: 0 ..< (1 << 48), using: &g))
    }
}
