import Foundation
import Synchronization
import Testing
@testable import Matcher

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Instances

/// Deterministic random numbers (SplitMix64), so instances are the same on every run.
private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

private struct Knapsack {
    var profits: [Int]
    var weights: [[Int]]  // [constraint][item]
    var capacities: [Int]

    var itemCount: Int { profits.count }

    static func single(items: Int, seed: UInt64) -> Knapsack {
        var rng = SplitMix64(state: seed)
        let w = (0..<items).map { _ in rng.int(5...40) }
        let p = w.map { $0 + rng.int(0...20) }
        return Knapsack(profits: p, weights: [w], capacities: [w.reduce(0, +) / 2])
    }

    /// Multi-dimensional knapsack. `strongly` correlated (profit = mean weight + 10): GLPK
    /// does not prove 60 × 5 in 10 s; weakly (Chu–Beasley, + U[0, 500]): a fraction of a second.
    static func multi(items: Int, constraints: Int, seed: UInt64, strongly: Bool = true) -> Knapsack {
        var rng = SplitMix64(state: seed)
        let w = (0..<constraints).map { _ in (0..<items).map { _ in rng.int(1...1000) } }
        let p = (0..<items).map { j in
            (0..<constraints).map { w[$0][j] }.reduce(0, +) / constraints + (strongly ? 10 : rng.int(0...500))
        }
        return Knapsack(profits: p, weights: w, capacities: w.map { $0.reduce(0, +) / 2 })
    }

    var model: LinearModel {
        var m = LinearModel(name: "knapsack", sense: .maximize)
        for j in 0..<itemCount { m.addColumn("x\(j)", objective: Double(profits[j]), kind: .binary) }
        for (i, row) in weights.enumerated() {
            m.addRow("cap\(i)", upper: Double(capacities[i]),
                     terms: row.enumerated().map { (column: $0.offset, coefficient: Double($0.element)) })
        }
        return m
    }

    func fits(_ x: [Double]) -> Bool {
        weights.enumerated().allSatisfy { i, row in
            zip(row, x).map { Double($0) * $1 }.reduce(0, +) <= Double(capacities[i]) + 1e-6
        }
    }

    /// Exhaustive optimum (for up to ~20 items).
    var bruteForceOptimum: Int {
        var best = 0
        for mask in 0..<(1 << itemCount) {
            var profit = 0, ok = true
            for (i, row) in weights.enumerated() {
                var load = 0
                for j in 0..<itemCount where mask & (1 << j) != 0 { load += row[j] }
                if load > capacities[i] { ok = false; break }
            }
            guard ok else { continue }
            for j in 0..<itemCount where mask & (1 << j) != 0 { profit += profits[j] }
            best = max(best, profit)
        }
        return best
    }

    /// Greedy by profit per total weight: a feasible start plan.
    var greedyPlan: [Double] {
        let ratio: [Double] = (0..<itemCount).map { j in
            let total = weights.reduce(0) { sum, row in sum + row[j] }
            return Double(profits[j]) / Double(total)
        }
        let order = (0..<itemCount).sorted { ratio[$0] > ratio[$1] }
        var load = [Int](repeating: 0, count: weights.count)
        var x = [Double](repeating: 0, count: itemCount)
        for j in order where weights.indices.allSatisfy({ load[$0] + weights[$0][j] <= capacities[$0] }) {
            for i in weights.indices { load[i] += weights[i][j] }
            x[j] = 1
        }
        return x
    }

    func profit(_ x: [Double]) -> Double { zip(profits, x).map { Double($0) * $1 }.reduce(0, +) }
}

/// max 3x + 2y + 1.5  s.t.  c1: x + y <= 4,  c2: x + 3y <= 6,  x, y >= 0.
/// Optimum x = 4, y = 0, objective 13.5; duals (3, 0); reduced costs (0, -1).
private func smallLP() -> LinearModel {
    var m = LinearModel(name: "small", sense: .maximize)
    m.objectiveConstant = 1.5
    let x = m.addColumn("x", objective: 3)
    let y = m.addColumn("y", objective: 2)
    m.addRow("c1", upper: 4, terms: [(x, 1), (y, 1)])
    m.addRow("c2", upper: 6, terms: [(x, 1), (y, 3)])
    return m
}

/// Classic balanced-ish transportation instance; optimal cost 2850 (checked with glpsol).
private func transportation() -> LinearModel {
    let supply = [300.0, 400, 500], demand = [250.0, 350, 400, 200]
    let cost: [[Double]] = [[3, 1, 7, 4], [2, 6, 5, 9], [8, 3, 3, 2]]
    var m = LinearModel(name: "transport", sense: .minimize)
    var v = [[Int]]()
    for s in supply.indices {
        v.append(demand.indices.map { d in m.addColumn("x[\(s),\(d)]", objective: cost[s][d]) })
    }
    for s in supply.indices { m.addRow("supply[\(s)]", upper: supply[s], terms: v[s].map { ($0, 1) }) }
    for d in demand.indices { m.addRow("demand[\(d)]", lower: demand[d], terms: supply.indices.map { (v[$0][d], 1) }) }
    return m
}

private func expectInvalid(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("expected GLPKError.invalidArgument, nothing was thrown", sourceLocation: sourceLocation)
    } catch {
        guard case .invalidArgument? = error as? GLPKError else {
            Issue.record("expected .invalidArgument, got \(error)", sourceLocation: sourceLocation)
            return
        }
    }
}

private func tempPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("glpk-test-\(UUID().uuidString)-\(name)").path
}

// MARK: - Tests

@Suite struct GLPKTests {
    @Test func libraryFacts() {
        #expect(GLPK.version == "5.0")
        #expect(GLPK.hasThreadLocalEnvironment)
    }

    @Test func smallLPOptimumDualsAndReducedCosts() throws {
        let p = try GLPKProblem(smallLP())
        #expect(p.rowCount == 2 && p.columnCount == 2)
        let r = try p.solveLP()
        #expect(r.status == .optimal)
        #expect(abs(r.objective - 13.5) < 1e-9)
        let x = p.primalValues, duals = p.rowDuals, dj = p.reducedCosts
        #expect(x.count == 2 && duals.count == 2 && dj.count == 2)
        #expect(abs(x[0] - 4) < 1e-9 && abs(x[1]) < 1e-9)
        #expect(abs(duals[0] - 3) < 1e-9 && abs(duals[1]) < 1e-9)
        #expect(abs(dj[0]) < 1e-9 && abs(dj[1] + 1) < 1e-9)
    }

    @Test func smallLPWithPresolveAndInteriorPoint() throws {
        var presolved = LPOptions()
        presolved.presolve = true
        let p = try GLPKProblem(smallLP())
        let r1 = try p.solveLP(presolved)
        #expect(r1.status == .optimal && abs(r1.objective - 13.5) < 1e-9)
        #expect(abs(p.rowDuals[0] - 3) < 1e-9)

        var ipm = LPOptions()
        ipm.method = .interiorPoint
        let q = try GLPKProblem(smallLP())
        let r2 = try q.solveLP(ipm)
        #expect(r2.status == .optimal && abs(r2.objective - 13.5) < 1e-6)
        #expect(abs(q.primalValues[0] - 4) < 1e-6)
        #expect(abs(q.rowDuals[0] - 3) < 1e-6)
    }

    @Test func transportationProblem() throws {
        let model = transportation()
        let p = try GLPKProblem(model)
        let r = try p.solveLP()
        #expect(r.status == .optimal)
        #expect(abs(r.objective - 2850) < 1e-7)
        let x = p.primalValues
        #expect(abs(model.objectiveValue(x) - 2850) < 1e-7)
        let activity = model.rowActivities(x)
        for (i, row) in model.rows.enumerated() {
            #expect(activity[i] >= row.lower - 1e-7 && activity[i] <= row.upper + 1e-7)
        }
    }

    @Test(arguments: [false, true])
    func knapsackMatchesBruteForce(presolve: Bool) throws {
        for seed: UInt64 in [1, 2, 3] {
            let k = Knapsack.single(items: 16, seed: seed)
            let expected = Double(k.bruteForceOptimum)
            let p = try GLPKProblem(k.model)
            var o = MIPOptions()
            o.presolve = presolve
            o.relativeGap = 0
            let r = try p.solveMIP(o)
            #expect(r.termination == .optimal)
            #expect(r.hasSolution)
            #expect(r.objective == expected)
            #expect(r.bestBound == r.objective && r.gap == 0)
            #expect(r.columnValues.allSatisfy { $0 == 0 || $0 == 1 })
            #expect(k.fits(r.columnValues) && k.profit(r.columnValues) == expected)
        }
    }

    @Test func infeasibleLP() throws {
        var m = LinearModel(name: "infeasible", sense: .minimize)
        let x = m.addColumn("x", objective: 1), y = m.addColumn("y", objective: 1)
        m.addRow("atLeast5", lower: 5, terms: [(x, 1), (y, 1)])
        m.addRow("atMost3", upper: 3, terms: [(x, 1), (y, 1)])
        for presolve in [false, true] {
            var o = LPOptions()
            o.presolve = presolve
            let r = try GLPKProblem(m).solveLP(o)
            #expect(r.status == .infeasible)
            #expect(r.objective.isNaN)
        }
    }

    @Test func infeasibleMIP() throws {
        // 2x = 1 with x integer: the LP relaxation (x = 0.5) is feasible, the MIP is not.
        var m = LinearModel(name: "oddEven", sense: .maximize)
        let x = m.addColumn("x", upper: 5, objective: 1, kind: .integer)
        m.addRow("twice", lower: 1, upper: 1, terms: [(x, 2)])
        for presolve in [false, true] {
            var o = MIPOptions()
            o.presolve = presolve
            let r = try GLPKProblem(m).solveMIP(o)
            #expect(r.termination == .infeasible)
            #expect(!r.hasSolution && r.columnValues.isEmpty)
        }
        // And an infeasible relaxation.
        var n = LinearModel(name: "noRelaxation", sense: .minimize)
        let b = n.addColumn("b", kind: .binary)
        n.addRow("two", lower: 2, terms: [(b, 1)])
        for presolve in [false, true] {
            var o = MIPOptions()
            o.presolve = presolve
            let r = try GLPKProblem(n).solveMIP(o)
            #expect(r.termination == .infeasible && !r.hasSolution)
        }
    }

    @Test func unboundedLP() throws {
        var m = LinearModel(name: "unbounded", sense: .maximize)
        let x = m.addColumn("x", objective: 1), y = m.addColumn("y", objective: 1)
        m.addRow("diff", upper: 1, terms: [(x, 1), (y, -1)])
        for presolve in [false, true] {
            var o = LPOptions()
            o.presolve = presolve
            let r = try GLPKProblem(m).solveLP(o)
            #expect(r.status == .unbounded)
            #expect(r.objective == .infinity)
        }
        // A MIP with an unbounded relaxation reports .failed, not a crash.
        var mip = m
        mip.columns[0].kind = .integer
        let r = try GLPKProblem(mip).solveMIP()
        #expect(r.termination == .failed && !r.hasSolution)
    }

    @Test func tinyTimeLimitOnHardMultiKnapsack() throws {
        let k = Knapsack.multi(items: 60, constraints: 5, seed: 42)
        let p = try GLPKProblem(k.model)
        var o = MIPOptions()
        o.timeLimitSeconds = 0.05
        o.relativeGap = 0
        let clock = ContinuousClock.now
        let r = try p.solveMIP(o)
        let elapsed = ContinuousClock.now - clock
        #expect(r.termination == .timeLimit || r.termination == .optimal)
        #expect(elapsed < .seconds(2), "a 50 ms limit should stop GLPK quickly, took \(elapsed)")
        if r.termination == .optimal {
            #expect(r.hasSolution && r.gap == 0)
        }
        if r.hasSolution {
            #expect(k.fits(r.columnValues))
            #expect(abs(k.profit(r.columnValues) - r.objective) < 1e-6)
            #expect(r.bestBound >= r.objective - 1e-6)
        }
        #expect(r.bestBound.isFinite || r.bestBound == .infinity)
    }

    @Test func startPlanIsKeptUnderTimeLimit() throws {
        let k = Knapsack.multi(items: 60, constraints: 5, seed: 7)
        let start = k.greedyPlan
        let startValue = k.profit(start)
        #expect(k.fits(start) && startValue > 0)
        for limit in [0.001, 0.3] {
            let p = try GLPKProblem(k.model)
            var o = MIPOptions()
            o.timeLimitSeconds = limit
            o.relativeGap = 0
            let r = try p.solveMIP(o, start: start)
            #expect(r.termination == .timeLimit)  // not provable in 10 s, see Knapsack.multi
            #expect(r.hasSolution)
            #expect(r.objective >= startValue - 1e-9)
            #expect(r.bestBound >= r.objective - 1e-6)
            #expect(k.fits(r.columnValues))
            #expect(abs(k.profit(r.columnValues) - r.objective) < 1e-6)
        }
    }

    @Test func progressCallbackSeesStartPlanAndCanStop() throws {
        let k = Knapsack.multi(items: 60, constraints: 5, seed: 11)
        let start = k.greedyPlan
        let startValue = k.profit(start)
        let p = try GLPKProblem(k.model)
        var o = MIPOptions()
        o.timeLimitSeconds = 20
        o.relativeGap = 0
        var reports: [MIPProgress] = []
        let clock = ContinuousClock.now
        let r = try p.solveMIP(o, start: start) { progress in
            reports.append(progress)
            return false
        }
        let elapsed = ContinuousClock.now - clock
        // GLPK does not prove this instance in 10 s, so the first report (after ~0.5 s) stops it.
        #expect(r.termination == .stopped)
        #expect(reports.count == 1)
        #expect(elapsed < .seconds(5))
        let first = try #require(reports.first)
        #expect(first.elapsedSeconds >= 0.45)
        let best = try #require(first.bestObjective)
        #expect(best >= startValue - 1e-9)
        let bound = try #require(first.bestBound)
        #expect(bound >= best - 1e-6)
        #expect(r.objective >= best - 1e-9)
        #expect(r.hasSolution && r.objective >= startValue - 1e-9)
        #expect(r.bestBound >= r.objective - 1e-6)
    }

    @Test func invalidInputThrowsAndProcessSurvives() throws {
        let good = smallLP()

        var badRowIndex = good
        badRowIndex.entryRows[0] = 9
        expectInvalid { _ = try GLPKProblem(badRowIndex) }
        var badColumnIndex = good
        badColumnIndex.entryColumns[1] = -1
        expectInvalid { _ = try GLPKProblem(badColumnIndex) }
        var nanCoefficient = good
        nanCoefficient.entryValues[2] = .nan
        expectInvalid { _ = try GLPKProblem(nanCoefficient) }
        var infCoefficient = good
        infCoefficient.entryValues[2] = .infinity
        expectInvalid { _ = try GLPKProblem(infCoefficient) }
        var nanObjective = good
        nanObjective.columns[0].objective = .nan
        expectInvalid { _ = try GLPKProblem(nanObjective) }
        var nanBound = good
        nanBound.columns[1].upper = .nan
        expectInvalid { _ = try GLPKProblem(nanBound) }
        var nanRowBound = good
        nanRowBound.rows[0].lower = .nan
        expectInvalid { _ = try GLPKProblem(nanRowBound) }
        var crossed = good
        crossed.columns[0].lower = 5
        crossed.columns[0].upper = 2
        expectInvalid { _ = try GLPKProblem(crossed) }
        var crossedRow = good
        crossedRow.rows[1].lower = 7
        expectInvalid { _ = try GLPKProblem(crossedRow) }
        var duplicate = good
        duplicate.entryRows.append(0)
        duplicate.entryColumns.append(0)
        duplicate.entryValues.append(1)
        expectInvalid { _ = try GLPKProblem(duplicate) }
        var longName = good
        longName.columns[0].name = String(repeating: "n", count: 300)
        expectInvalid { _ = try GLPKProblem(longName) }
        var longRowName = good
        longRowName.rows[0].name = String(repeating: "名", count: 100)  // 300 bytes
        expectInvalid { _ = try GLPKProblem(longRowName) }
        var ragged = good
        ragged.entryValues.removeLast()
        expectInvalid { _ = try GLPKProblem(ragged) }

        let p = try GLPKProblem(good)
        expectInvalid { try p.setColumnBounds(2, lower: 0, upper: 1) }
        expectInvalid { try p.setColumnBounds(0, lower: 1, upper: 0) }
        expectInvalid { try p.setColumnBounds(0, lower: .nan, upper: 1) }
        expectInvalid { try p.setObjectiveCoefficient(0, .nan) }
        expectInvalid { try p.setObjectiveCoefficient(-1, 1) }
        expectInvalid { _ = try p.addColumns([.init(name: "z")], entries: [[(row: 2, value: 1)]]) }
        expectInvalid { _ = try p.addColumns([.init(name: "z")], entries: [[(row: 0, value: 1), (row: 0, value: 2)]]) }
        expectInvalid { _ = try p.addRows([.init(name: "r", upper: 1)], entries: [[(column: 0, value: .nan)]]) }
        expectInvalid { _ = try p.solveMIP(start: [1]) }
        expectInvalid { _ = try p.solveMIP(start: [.nan, 0]) }
        expectInvalid { _ = try p.solveMIP(start: [5, 0]) }  // violates c1
        var negative = MIPOptions()
        negative.timeLimitSeconds = -1
        expectInvalid { _ = try p.solveMIP(negative) }
        var nanGap = MIPOptions()
        nanGap.relativeGap = .nan
        expectInvalid { _ = try p.solveMIP(nanGap) }
        // The problem is untouched and still solves.
        let r = try p.solveLP()
        #expect(r.status == .optimal && abs(r.objective - 13.5) < 1e-9)
        #expect(p.columnCount == 2 && p.rowCount == 2)
    }

    @Test func fatalGLPKErrorIsCaught() throws {
        let p = try GLPKProblem(smallLP())
        #expect(throws: GLPKError.self) { try p.provokeFatalErrorForTesting() }
        // The environment was freed: the old problem is dead, not dangling.
        #expect(throws: GLPKError.self) { _ = try p.solveLP() }
        #expect(p.primalValues.isEmpty)
        // A new problem on the same thread works.
        let q = try GLPKProblem(smallLP())
        let r = try q.solveLP()
        #expect(r.status == .optimal && abs(r.objective - 13.5) < 1e-9)
    }

    @Test func emptyModels() throws {
        var none = LinearModel(name: "empty", sense: .maximize)
        none.objectiveConstant = 2.5
        let p = try GLPKProblem(none)
        #expect(p.rowCount == 0 && p.columnCount == 0)
        let lp = try p.solveLP()
        #expect(lp.status == .optimal && lp.objective == 2.5)
        #expect(p.primalValues.isEmpty && p.rowDuals.isEmpty)
        var ipm = LPOptions()
        ipm.method = .interiorPoint
        #expect(try p.solveLP(ipm).objective == 2.5)
        let mip = try p.solveMIP()
        #expect(mip.termination == .optimal && mip.hasSolution && mip.objective == 2.5 && mip.columnValues.isEmpty)
        var noPresolve = MIPOptions()
        noPresolve.presolve = false
        #expect(try p.solveMIP(noPresolve, start: []).objective == 2.5)
        let path = tempPath("empty.lp")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try p.writeLP(to: path)
        #expect(FileManager.default.fileExists(atPath: path))

        var columnsOnly = LinearModel(name: "columnsOnly", sense: .maximize)
        columnsOnly.addColumn("a", upper: 3.5, objective: 1, kind: .integer)
        columnsOnly.addColumn("b", upper: 1, objective: 2, kind: .binary)
        let q = try GLPKProblem(columnsOnly)
        #expect(try q.solveLP().objective == 5)  // integer bounds rounded inward: a <= 3
        let r = try q.solveMIP()
        #expect(r.termination == .optimal && r.objective == 5 && r.columnValues == [3, 1])
        let withStart = try q.solveMIP(noPresolve, start: [1, 0])
        #expect(withStart.termination == .optimal && withStart.objective == 5 && withStart.columnValues == [3, 1])

        var rowsOnly = LinearModel(name: "rowsOnly", sense: .minimize)
        rowsOnly.addRow("free", terms: [])
        rowsOnly.addRow("needsOne", lower: 1, terms: [])
        let s = try GLPKProblem(rowsOnly)
        #expect(try s.solveLP().status == .infeasible)
    }

    @Test func chineseNamesAndLPRoundTrip() throws {
        var m = LinearModel(name: "排班 模型", sense: .maximize)
        let a = m.addColumn("工人甲", upper: 1, objective: 3, kind: .binary)
        let b = m.addColumn("工人乙", upper: 1, objective: 4, kind: .binary)
        let c = m.addColumn("x y", upper: 2, objective: 1)
        m.addRow("项目[P07]", upper: 1, terms: [(a, 1), (b, 1)])
        m.addRow("容量", upper: 2.5, terms: [(a, 1), (b, 1), (c, 1)])
        let p = try GLPKProblem(m)
        let r = try p.solveMIP()
        #expect(r.termination == .optimal && abs(r.objective - 5.5) < 1e-9)
        let path = tempPath("chinese.lp")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try p.writeLP(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let ascii = text.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii)
        #expect(text.contains("_u5DE5_u4EBA_u7532"))  // 工人甲
        #expect(text.contains("x_y"))
        if let glpsol = try glpsolObjective(["--lp", path]) {
            #expect(abs(glpsol - 5.5) < 1e-9)
        }
    }

    @Test(arguments: ["lp", "freemps", "mps"])
    func writtenFilesSolveToTheSameObjectiveInGlpsol(format: String) throws {
        guard Self.glpsolPath != nil else {
            print("skipped: glpsol is not on PATH")
            return
        }
        let knapsack = Knapsack.single(items: 14, seed: 5)
        var shifted = transportation()
        shifted.objectiveConstant = 100
        for (model, isMIP) in [(shifted, false), (knapsack.model, true), (smallLP(), false)] {
            let p = try GLPKProblem(model)
            var ours: Double
            if isMIP {
                var o = MIPOptions()
                o.relativeGap = 0
                ours = try p.solveMIP(o).objective
            } else {
                ours = try p.solveLP().objective
            }
            let path = tempPath("roundtrip.\(format)")
            defer { try? FileManager.default.removeItem(atPath: path) }
            switch format {
            case "lp": try p.writeLP(to: path)
            case "freemps": try p.writeMPS(to: path)
            default: try p.writeMPS(to: path, free: false)
            }
            let theirs = try #require(try glpsolObjective(["--\(format)", path]))
            if format == "mps" || format == "freemps" {
                // MPS has no objective sense; glpsol minimises unless told --max.
                let maxed = try #require(try glpsolObjective(["--\(format)", path] + (model.sense == .maximize ? ["--max"] : [])))
                #expect(abs(maxed - ours) < 1e-6 * max(1, abs(ours)), "\(model.name) via \(format)")
                _ = theirs
            } else {
                // glp_write_lp keeps the objective constant only as a comment.
                if model.objectiveConstant != 0 {
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    #expect(text.contains("constant term = \(Int(model.objectiveConstant))"))
                }
                #expect(abs(theirs + model.objectiveConstant - ours) < 1e-6 * max(1, abs(ours)), "\(model.name) via \(format)")
            }
        }
    }

    @Test func columnGenerationImprovesObjective() throws {
        // max 2a + 1b  s.t.  cap: a + b <= 4,  mix: a - b <= 2  →  a = 3, b = 1, objective 7.
        var m = LinearModel(name: "colgen", sense: .maximize)
        let a = m.addColumn("a", objective: 2), b = m.addColumn("b", objective: 1)
        m.addRow("cap", upper: 4, terms: [(a, 1), (b, 1)])
        m.addRow("mix", upper: 2, terms: [(a, 1), (b, -1)])
        let p = try GLPKProblem(m)
        let first = try p.solveLP()
        #expect(first.status == .optimal && abs(first.objective - 7) < 1e-9)
        let duals = p.rowDuals  // cap 1.5, mix 0.5
        #expect(abs(duals[0] - 1.5) < 1e-9 && abs(duals[1] - 0.5) < 1e-9)
        // Pricing: column c with profit 3, using 1 of cap and 0.5 of mix: reduced cost
        // 3 - 1.5·1 - 0.5·0.5 = 1.25 > 0, so it enters.
        let column = LinearModel.Column(name: "c", upper: 10, objective: 3)
        let entries: [(row: Int, value: Double)] = [(0, 1), (1, 0.5)]
        let reducedCost = column.objective - entries.map { duals[$0.row] * $0.value }.reduce(0, +)
        #expect(abs(reducedCost - 1.25) < 1e-9)
        let added = try p.addColumns([column], entries: [entries])
        #expect(added == 2..<3 && p.columnCount == 3)
        let second = try p.solveLP()
        // New optimum: c = 4, a = b = 0 → 12.
        #expect(second.status == .optimal && abs(second.objective - 12) < 1e-9)
        let x = p.primalValues
        #expect(x.count == 3 && abs(x[2] - 4) < 1e-9)
        #expect(p.reducedCosts.count == 3)
        // A row added afterwards (a cut) is honoured on re-solve.
        let cut = try p.addRows([.init(name: "cLimit", upper: 1)], entries: [[(column: 2, value: 1)]])
        #expect(cut == 2..<3 && p.rowCount == 3)
        let third = try p.solveLP()
        // c = 1, then a + b <= 3, a - b <= 1.5 → a = 2.25, b = 0.75 → 3 + 4.5 + 0.75 = 8.25.
        #expect(third.status == .optimal && abs(third.objective - 8.25) < 1e-9)
        // Bounds and objective edits.
        try p.setColumnBounds(2, lower: 0, upper: 0)
        try p.setObjectiveCoefficient(1, 0)
        let fourth = try p.solveLP()
        // a + b <= 4, a - b <= 2, objective 2a → a = 3, b = 1: 6.
        #expect(abs(fourth.objective - 6) < 1e-9)
    }

    @Test func logReceivesLinesAndStdoutStaysQuiet() throws {
        let lines = Mutex<[String]>([])
        var lo = LPOptions()
        lo.log = { line in lines.withLock { $0.append(line) } }
        var mo = MIPOptions()
        mo.log = { line in lines.withLock { $0.append(line) } }
        let captured = try capturingStdout {
            print("capture-check")
            _ = try GLPKProblem(transportation()).solveLP(lo)
            _ = try GLPKProblem(Knapsack.single(items: 12, seed: 9).model).solveMIP(mo)
        }
        let logged = lines.withLock { $0 }
        #expect(logged.contains { $0.contains("OPTIMAL") }, "\(logged)")
        #expect(logged.contains { $0.contains("INTEGER OPTIMAL") || $0.contains("Integer optimization") })
        #expect(logged.allSatisfy { !$0.contains("\n") })
        #expect(captured.contains("capture-check"), "stdout redirection did not work")
        #expect(!captured.contains("OPTIMAL"), "GLPK printed to stdout: \(captured)")

        let quiet = try capturingStdout {
            let p = try GLPKProblem(transportation())
            _ = try p.solveLP()
            _ = try GLPKProblem(Knapsack.single(items: 12, seed: 9).model).solveMIP()
            let path = tempPath("quiet.lp")
            try p.writeLP(to: path)
            try? FileManager.default.removeItem(atPath: path)
        }
        #expect(!quiet.contains("GLPK") && !quiet.contains("OPTIMAL") && !quiet.contains("Writing"),
                "GLPK printed to stdout: \(quiet)")
    }

    @Test func twoThreadsSolveConcurrently() throws {
        #expect(GLPK.hasThreadLocalEnvironment)
        let instances = (0..<2).map { t in (0..<12).map { Knapsack.single(items: 14, seed: UInt64(100 + 20 * t + $0)) } }
        let expected = instances.map { $0.map { Double($0.bruteForceOptimum) } }
        struct Outcome: Sendable { var objectives: [Double] = []; var errors: [String] = []; var begin = Date(); var end = Date() }
        let outcomes = Mutex<[Int: Outcome]>([:])
        let done = DispatchSemaphore(value: 0)
        for t in 0..<2 {
            let mine = instances[t]
            let thread = Thread {
                var o = Outcome()
                o.begin = Date()
                for _ in 0..<3 {
                    for k in mine {
                        do {
                            var opts = MIPOptions()
                            opts.relativeGap = 0
                            opts.presolve = false
                            let p = try GLPKProblem(k.model)
                            o.objectives.append(try p.solveMIP(opts).objective)
                        } catch {
                            o.errors.append("\(error)")
                        }
                    }
                }
                o.end = Date()
                GLPK.freeThreadEnvironment()
                let finished = o
                outcomes.withLock { $0[t] = finished }
                done.signal()
            }
            thread.start()
        }
        done.wait()
        done.wait()
        let all = outcomes.withLock { $0 }
        for t in 0..<2 {
            let o = try #require(all[t])
            #expect(o.errors.isEmpty)
            #expect(o.objectives == expected[t] + expected[t] + expected[t])
        }
        let a = try #require(all[0]), b = try #require(all[1])
        // The two runs overlapped in time (both started before either finished).
        #expect(a.begin < b.end && b.begin < a.end)
    }

    @Test func cutsOnAndOffAgree() throws {
        let k = Knapsack.multi(items: 25, constraints: 3, seed: 3, strongly: false)
        var results: [Double] = []
        for cuts in [true, false] {
            var o = MIPOptions()
            o.cuts = cuts
            o.relativeGap = 0
            o.timeLimitSeconds = 30
            let r = try GLPKProblem(k.model).solveMIP(o)
            #expect(r.termination == .optimal)
            results.append(r.objective)
        }
        #expect(results[0] == results[1])
    }

    // MARK: Helpers

    static let glpsolPath: String? = {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/glpsol" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs glpsol on a file and returns the objective from its `-o` report; nil (with a
    /// message) when glpsol is not installed.
    private func glpsolObjective(_ arguments: [String]) throws -> Double? {
        guard let glpsol = Self.glpsolPath else {
            print("skipped glpsol check: glpsol is not on PATH")
            return nil
        }
        let report = tempPath("glpsol.out")
        defer { try? FileManager.default.removeItem(atPath: report) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: glpsol)
        process.arguments = arguments + ["-o", report]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "glpsol \(arguments) failed")
        let text = try String(contentsOfFile: report, encoding: .utf8)
        // "Objective:  cost = 2850 (MINimum)"
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Objective:") })
        let afterEquals = try #require(line.split(separator: "=").last)
        let number = try #require(afterEquals.split(separator: " ").first)
        guard let value = Double(String(number)) else {
            Issue.record("unparsable objective in: \(line)")
            return nil
        }
        return value
    }

    /// Runs `body` with file descriptor 1 redirected to a temporary file; returns what was written.
    private func capturingStdout(_ body: () throws -> Void) throws -> String {
        let path = tempPath("stdout.txt")
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try #require(FileHandle(forWritingAtPath: path))
        fflush(nil)
        let saved = dup(1)
        dup2(file.fileDescriptor, 1)
        do {
            try body()
        } catch {
            fflush(nil); dup2(saved, 1); close(saved)
            throw error
        }
        fflush(nil)
        dup2(saved, 1)
        close(saved)
        try file.close()
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
