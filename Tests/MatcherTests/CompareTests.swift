import Foundation
import Testing
@testable import Matcher

/// `match compare`'s library part on the example street: its two variants (wider-circle:
/// max_distance_km 2 → 3; smaller-budget: street_budget 8000 → 5000) against the base.
@Suite struct CompareTests {
    static let variants = ["base", "wider-circle", "smaller-budget"]

    /// The example and its three plans, solved one after another on the calling thread.
    struct Solved: Sendable {
        var scenario: Scenario
        var results: [SolveResult]
        var comparison: Comparison
    }

    static func load() throws -> Scenario {
        try ScenarioReader.load(path: Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path).scenario
    }

    static func jobs(_ sc: Scenario) throws -> [BatchJob] {
        try variants.map { BatchJob(scenario: sc, variant: $0, options: SolveOptions(settings: try sc.settings(for: $0))) }
    }

    static func comparison(_ sc: Scenario, _ results: [SolveResult]) throws -> Comparison {
        Comparison(try zip(variants, results).map { v, r in
            Comparison.Entry(label: v, group: "scenario", scenario: sc, settings: try sc.settings(for: v),
                             plan: r.plan, seconds: r.stats.totalSeconds)
        })
    }

    static func solveSequentially() throws -> Solved {
        let sc = try load()
        let results = try jobs(sc).map { try Solver.solve($0.scenario, variant: $0.variant, options: $0.options) }
        return Solved(scenario: sc, results: results, comparison: try comparison(sc, results))
    }

    /// Solved once for the whole suite (a static is initialised once, thread-safely).
    static let shared: Result<Solved, any Error> = Result { try solveSequentially() }

    @Test func solvedToOptimality() throws {
        let s = try Self.shared.get()
        for (v, r) in zip(Self.variants, s.results) {
            #expect(r.plan.status == .optimal, "\(v): \(r.plan.status)")
            #expect(r.plan.variant == v)
        }
    }

    /// The directions that hold between optimal plans of these variants.
    @Test func directions() throws {
        let s = try Self.shared.get()
        let c = s.comparison
        let (base, wider, smaller) = (c.entries[0].summary, c.entries[1].summary, c.entries[2].summary)
        try #require(c.entries.allSatisfy { $0.plan.status == .optimal })
        let tolerance = 1e-3 * max(1, abs(base.objective)) // the plans are optimal within mip_gap 1e-4

        // Wider circle, same budget: every base plan stays feasible, so the optimum is no worse
        // and covers no less weight.
        #expect(c.entries[1].settings.streetBudget == c.entries[0].settings.streetBudget)
        #expect(wider.objective >= base.objective - tolerance)
        #expect(wider.weightCoveredFraction >= base.weightCoveredFraction)
        #expect(wider.needsCovered >= base.needsCovered)

        // Smaller budget: the feasible set shrinks; no more street funds are spent, and within the limit.
        #expect(smaller.streetFundsUsed <= base.streetFundsUsed + 1e-6)
        #expect(smaller.streetFundsUsed <= 5000 + 1e-6)
        #expect(smaller.objective <= base.objective + tolerance)
        #expect(smaller.weightCoveredFraction <= base.weightCoveredFraction)
    }

    /// The change lists are exactly the set differences of the plans' running projects and of
    /// the needs each plan states as covered.
    @Test func changeListsAgreeWithPlans() throws {
        let s = try Self.shared.get()
        let c = s.comparison
        #expect(c.changes(of: 0) == nil)
        #expect(c.baseIndex(of: 0) == nil)
        let base = c.entries[0].plan
        let baseRunning = Set(base.projects.map(\.id))
        let baseCovered = Set(base.needs.filter(\.covered).map(\.id))
        for i in 1..<c.entries.count {
            #expect(c.baseIndex(of: i) == 0)
            let ch = try #require(c.changes(of: i))
            let plan = c.entries[i].plan
            let running = Set(plan.projects.map(\.id))
            let covered = Set(plan.needs.filter(\.covered).map(\.id))
            #expect(ch.projectsAdded == running.subtracting(baseRunning).sorted())
            #expect(ch.projectsDropped == baseRunning.subtracting(running).sorted())
            #expect(ch.needsNewlyCovered == covered.subtracting(baseCovered).sorted())
            #expect(ch.needsNewlyUnmet == baseCovered.subtracting(covered).sorted())
            // … and agree with the summaries' counts.
            let (sb, sv) = (c.entries[0].summary, c.entries[i].summary)
            #expect(sv.needsCovered - sb.needsCovered == ch.needsNewlyCovered.count - ch.needsNewlyUnmet.count)
            #expect(sv.projectsRun - sb.projectsRun == ch.projectsAdded.count - ch.projectsDropped.count)
            // Every listed id appears in compare.md.
            let md = c.markdown()
            for id in ch.projectsAdded + ch.projectsDropped + ch.needsNewlyCovered + ch.needsNewlyUnmet {
                #expect(md.contains("- \(id) "), "\(id) not listed in compare.md")
            }
        }
        // The example's variants do change something (else the lists above test little).
        #expect(c.changes(of: 1)?.needsNewlyCovered.isEmpty == false)
        #expect(c.changes(of: 2)?.projectsDropped.isEmpty == false)
    }

    @Test func oneColumnPerVariant() throws {
        let c = try Self.shared.get().comparison
        let lines = c.table().split(separator: "\n").map(String.init)
        #expect(lines[0].split(separator: " ", omittingEmptySubsequences: true) == ["figure"] + Self.variants.map { Substring($0) })
        #expect(lines.last?.hasPrefix("solve time (s)") == true)

        let csv = c.csv()
        #expect(csv.header == ["figure"] + Self.variants)
        #expect(csv.rows.allSatisfy { $0.count == Self.variants.count + 1 })
        #expect(csv.rows.last?.first == "solve time (s)")
        let labels = csv.rows.map { $0[0] }
        for label in ["status", "gap (%)", "objective", "needs term", "distance term", "unit shortfall term", "needs covered",
                      "needs covered (% of weight)", "households reached", "projects run", "sessions", "members engaged",
                      "volunteer hours", "units leading", "units below minimum", "street funds used (yuan)",
                      "mean distance (km)", "p90 distance (km)", "objective vs base", "street funds used (yuan) vs base"] {
            #expect(labels.contains(label), "compare.csv lacks the row '\(label)'")
        }
        // The base has no differences; a variant's difference is its value minus the base's.
        let funds = try #require(csv.rows.first { $0[0] == "street funds used (yuan)" })
        let fundsDiff = try #require(csv.rows.first { $0[0] == "street funds used (yuan) vs base" })
        #expect(fundsDiff[1] == "")
        for k in 2...3 {
            let d = try #require(Double(fundsDiff[k]))
            #expect(abs(d - (try #require(Double(funds[k])) - (try #require(Double(funds[1]))))) < 0.01)
        }
        #expect(!c.markdown().contains("solve time"))
    }

    /// The same plans with other solve times give the same compare.md and the same compare.csv
    /// but for its last row.
    @Test func stableApartFromSolveTime() throws {
        let c = try Self.shared.get().comparison
        var other = c
        for i in other.entries.indices { other.entries[i].seconds += 12.5 }
        #expect(c.markdown() == other.markdown())
        #expect(Array(c.csv().rows.dropLast()) == Array(other.csv().rows.dropLast()))
        #expect(c.csv().rows.last != other.csv().rows.last)
    }

    /// Two worker threads give the same plans, in the same order, as solving one by one.
    @Test func batchMatchesSequential() throws {
        let s = try Self.shared.get()
        let jobs = try Self.jobs(s.scenario)
        let batch = BatchSolver.solve(jobs, maxConcurrent: 2)
        #expect(batch.count == jobs.count)
        for (k, (b, r)) in zip(batch, s.results).enumerated() {
            let plan = try b.get().plan
            #expect(plan.variant == Self.variants[k])
            // The bound (and so the gap) of an optimal plan may differ in its last digits: the
            // solver reads it from GLPK's progress, whose timing varies. The plan itself may not.
            var same = plan
            same.bestBound = r.plan.bestBound
            same.gap = r.plan.gap
            #expect(same == r.plan, "\(Self.variants[k]) differs between the batch and the sequential solve")
            #expect(relativeGap(objective: plan.objective, bound: plan.bestBound) <= 1e-4)
        }
        // Written out, the comparison is the same apart from solve times.
        let batchComparison = try Self.comparison(s.scenario, batch.map { try $0.get() })
        #expect(batchComparison.markdown() == s.comparison.markdown())
    }

    @Test func batchEdgeCases() throws {
        #expect(BatchSolver.solve([]).isEmpty)
        let sc = try Self.load()
        var options = SolveOptions(settings: sc.settings)
        options.timeLimitSeconds = 30
        let jobs = [BatchJob(scenario: sc, variant: "no-such-variant", options: options)]
        let results = BatchSolver.solve(jobs, maxConcurrent: 1)
        #expect(results.count == 1)
        #expect(throws: VariantError.self) { _ = try results[0].get() }
    }

    /// The files land where `match compare` puts them, and writing twice gives the same bytes.
    @Test func writtenFiles() throws {
        let c = try Self.shared.get().comparison
        let dir = try temporaryDirectory("compare")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for _ in 0..<2 {
            try PlanWriter.writeAtomically([("compare.csv", c.csv().data), ("compare.md", Data(c.markdown().utf8))], to: dir)
        }
        let csv = try Data(contentsOf: URL(fileURLWithPath: dir + "/compare.csv"))
        #expect(csv == c.csv().data)
        #expect(csv.starts(with: Data("\u{FEFF}figure,base,wider-circle,smaller-budget\r\n".utf8)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/compare.md")) == Data(c.markdown().utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
