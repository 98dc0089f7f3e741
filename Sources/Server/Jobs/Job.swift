import Foundation
import Matcher
import Synchronization

/// One solve requested through the API: queued, then run whole on its own thread.
final class Job: Sendable {
    enum State: String, Sendable, Codable, CaseIterable { case queued, running, done, failed, cancelled }

    struct Request: Sendable {
        var variant: String
        var timeLimit: Double?
        var gap: Double?
        var language: ReportLanguage?
        /// A what-if: compare with this (done, base) job's plan.
        var compareWith: Job?
    }

    /// What a finished solve keeps in memory for the pages: its figures, not the plan (a city's
    /// plan and scenario are tens of MB; issue 27, item 8). A what-if reads its base plan back
    /// from the base job's plan.json.
    struct Outcome: Sendable {
        var status: Plan.Status
        var objective: Double
        var bestBound: Double
        var gap: Double
        var projects: Int
        var assignments: Int
        var scenarioName: String
        var variant: String
        var seconds: Double
        /// The rules the what-if form starts from.
        var maxDistanceKm: Double
        var streetBudget: Double?

        init(plan: Plan, scenarioName: String, settings: Settings, seconds: Double) {
            maxDistanceKm = settings.maxDistanceKm; streetBudget = settings.streetBudget
            status = plan.status; objective = plan.objective; bestBound = plan.bestBound; gap = plan.gap
            projects = plan.projects.count; assignments = plan.assignments.count
            self.scenarioName = scenarioName; variant = plan.variant; self.seconds = seconds
        }
    }

    struct Snapshot: Sendable {
        var state: State
        var progress: SolveProgress?
        var errors: [Diagnostic]
        var message: String?
        var outcome: Outcome?
    }

    let id: String
    let scenario: StoredScenario
    let request: Request
    let stop = StopRequest()
    let created = Date()
    private let shared: Mutex<(snapshot: Snapshot, listeners: [Int: AsyncStream<Snapshot>.Continuation], next: Int)>

    init(id: String, scenario: StoredScenario, request: Request) {
        self.id = id; self.scenario = scenario; self.request = request
        shared = Mutex((Snapshot(state: .queued, errors: []), [:], 0))
    }

    /// The job's folder of plan files, once done.
    var outputFolder: String { scenario.outFolder + "/" + id }

    var snapshot: Snapshot { shared.withLock { $0.snapshot } }

    var isFinished: Bool { [.done, .failed, .cancelled].contains(snapshot.state) }

    /// Every change from now on, starting with the current state; ends after the last state.
    func events() -> AsyncStream<Snapshot> {
        let (stream, continuation) = AsyncStream<Snapshot>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let key: Int? = shared.withLock { s in
            continuation.yield(s.snapshot)
            if [.done, .failed, .cancelled].contains(s.snapshot.state) { continuation.finish(); return nil }
            let k = s.next
            s.next += 1
            s.listeners[k] = continuation
            return k
        }
        if let key {
            continuation.onTermination = { [weak self] _ in self?.shared.withLock { _ = $0.listeners.removeValue(forKey: key) } }
        }
        return stream
    }

    /// Changes the snapshot and tells every listener; a final state ends their streams. The
    /// listeners are called after the lock is released (finishing a stream runs its
    /// `onTermination`, which takes the lock again).
    func update(_ change: (inout Snapshot) -> Void) {
        let (snapshot, listeners, final) = shared.withLock { s in
            change(&s.snapshot)
            let listeners = Array(s.listeners.values)
            let final = [.done, .failed, .cancelled].contains(s.snapshot.state)
            if final { s.listeners = [:] }
            return (s.snapshot, listeners, final)
        }
        for c in listeners {
            c.yield(snapshot)
            if final { c.finish() }
        }
    }

    /// Moves `queued` → `cancelled`; false if the job already started.
    func cancelIfQueued() -> Bool {
        var cancelled = false
        update { s in
            if s.state == .queued { s.state = .cancelled; cancelled = true }
        }
        return cancelled
    }

    /// The whole job, synchronously, on the calling (dedicated) thread: read and validate,
    /// solve, write the plan files into a hidden folder and rename it into place. A cancel
    /// or a failure at any point leaves no output folder.
    func run(store: ScenarioStore) {
        var started = false
        update { s in
            if s.state == .queued { s.state = .running; started = true }
        }
        guard started else { return }
        update { $0.progress = SolveProgress(phase: "reading", elapsedSeconds: 0) }
        let validation = store.validate(scenario)
        guard let sc = validation.scenario else {
            update { $0.state = .failed; $0.errors = validation.errors; $0.message = "the scenario has errors" }
            return
        }
        let settings: Settings
        do {
            settings = try sc.settings(for: request.variant)
        } catch {
            update { $0.state = .failed; $0.message = error.description }
            return
        }
        var options = SolveOptions(settings: settings)
        if let t = request.timeLimit { options.timeLimitSeconds = t }
        if let g = request.gap { options.mipGap = g }
        options.stop = stop
        options.progress = { [weak self] p in self?.update { $0.progress = p } }
        if stop.isRequested { update { $0.state = .cancelled }; return }
        let result: SolveResult
        do {
            // A cancel is answered within a second whatever phase runs (issue 27).
            result = try Solver.solve(sc, variant: request.variant, options: options, afterStop: 1)
        } catch is SolveInterrupted {
            update { $0.state = .cancelled }
            return
        } catch {
            update { $0.state = .failed; $0.message = "the solver failed: \(error)" }
            return
        }
        if stop.isRequested { update { $0.state = .cancelled }; return }
        do {
            try write(result, scenario: sc, settings: settings, store: store)
        } catch {
            update { $0.state = stop.isRequested ? .cancelled : .failed; $0.message = "the plan could not be written: \(error)" }
            return
        }
        let outcome = Outcome(plan: result.plan, scenarioName: sc.name, settings: settings, seconds: result.stats.totalSeconds)
        update { $0.state = .done; $0.outcome = outcome }
    }

    /// Plan files, report.html and (for a what-if) compare.html into `.JOB.partial/`, then one
    /// rename to `out/JOB/`.
    private func write(_ result: SolveResult, scenario sc: Scenario, settings: Settings, store: ScenarioStore) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: scenario.outFolder, withIntermediateDirectories: true)
        let staging = scenario.outFolder + "/." + id + ".partial"
        try? fm.removeItem(atPath: staging)
        do {
            let language = request.language ?? ReportLanguage.detect(sc)
            try PlanWriter.write(result.plan, scenario: sc, settings: settings, report: language, language: language,
                                 projectReasons: result.projectReasons, madeAt: Date(), to: staging)
            if let base = request.compareWith, let outcome = base.snapshot.outcome {
                let basePlan = try PlanJSON.read(path: base.outputFolder + "/plan.json")
                guard let baseScenario = store.validate(base.scenario).scenario else {
                    throw UploadError("the base plan's scenario no longer reads")
                }
                let comparison = Comparison([
                    Comparison.Entry(label: basePlan.variant, scenario: baseScenario,
                                     settings: try baseScenario.settings(for: base.request.variant), plan: basePlan, seconds: outcome.seconds),
                    Comparison.Entry(label: result.plan.variant, scenario: sc, settings: settings, plan: result.plan,
                                     seconds: result.stats.totalSeconds),
                ])
                try CompareReport.write(comparison, language: language, to: staging)
            }
            if stop.isRequested { throw CancellationError() }
            try fm.moveItem(atPath: staging, toPath: outputFolder)
        } catch {
            try? fm.removeItem(atPath: staging)
            throw error
        }
    }

    /// The job's files (paths relative to its folder: `plan.json`, `dispatch/…`), regular files
    /// only, sorted; empty until it is done. This listing is the allow-list of downloads.
    func files() -> [String] {
        guard snapshot.state == .done else { return [] }
        let base = URL(fileURLWithPath: outputFolder)
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else { return [] }
        var out: [String] = []
        let prefix = base.resolvingSymlinksInPath().path + "/"
        for case let url as URL in e {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            let path = url.resolvingSymlinksInPath().path
            guard path.hasPrefix(prefix) else { continue }
            let rel = String(path.dropFirst(prefix.count))
            if !rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { out.append(rel) }
        }
        return out.sorted()
    }
}
