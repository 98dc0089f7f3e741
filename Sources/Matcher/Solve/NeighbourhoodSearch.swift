/// Large-neighbourhood search over the contract's model (issue 14): free a few projects —
/// whether they run, their lead unit, their dates and their staff — and the staff of every
/// other held session (over each session's candidate members), fix the rest of the plan
/// where it is, and let GLPK solve what is left exactly (or within a node limit). Unit funds (10, 11), the street budget (12), needs' coverage (9), units'
/// shortfalls (3) and members' participation (13) stay free everywhere, so a neighbourhood
/// can move money and need coverage between its projects and the rest.
///
/// Every plan found is a plan of the contract's model (fixing at a feasible plan restricts
/// the model, it never relaxes it), and the incumbent is the start of every re-solve, so a
/// re-solve never returns anything worse.
struct NeighbourhoodSearch {
    let scenario: Scenario
    let graph: EligibilityGraph
    /// Per project, the other projects most tied to it, strongest first: shared eligible
    /// members (capacity, slots, participation), shared candidate lead units, shared needs.
    let related: [[Int]]
    /// Candidate x entries of each session when its project is freed, ascending: the
    /// `perSession` best by the LP's reduced cost (nearest first without an LP), and enough
    /// holders of each required skill. The incumbent's staff are always added.
    private let candidateStart: [Int]
    private let candidates: [Int]

    init(scenario: Scenario, graph: EligibilityGraph, entryCost: [Double]?, perSession: Int) {
        self.scenario = scenario
        self.graph = graph
        var start = [0]
        var list: [Int] = []
        for k in 0..<graph.sessionCount {
            let range = graph.members(of: k)
            let project = scenario.projects[graph.sessions[k].project]
            var pick = Set<Int>()
            var order = Array(range)
            if let entryCost { order.sort { entryCost[$0] != entryCost[$1] ? entryCost[$0] > entryCost[$1] : $0 < $1 } }
            pick.formUnion(order.prefix(perSession))
            for req in project.skills {
                // Enough holders for the requirement and a spare, best first.
                var found = 0
                for e in order where found < req.count + perSession / 4 && scenario.members[Int(graph.memberOf[e])].hasSkill(req.tag) {
                    pick.insert(e)
                    found += 1
                }
            }
            list += pick.sorted()
            start.append(list.count)
        }
        candidateStart = start
        candidates = list
        let P = scenario.projects.count
        // Members eligible for any session of each project, and projects of each member.
        var membersOf = [[Int32]](repeating: [], count: P)
        var projectsOf = [[Int32]](repeating: [], count: graph.memberCount)
        var seen = [Int](repeating: -1, count: graph.memberCount)
        for p in 0..<P {
            for k in graph.sessions(of: p) {
                for e in graph.members(of: k) {
                    let m = Int(graph.memberOf[e])
                    if seen[m] != p { seen[m] = p; membersOf[p].append(Int32(m)); projectsOf[m].append(Int32(p)) }
                }
            }
        }
        let leadSets = graph.leadUnits.map(Set.init)
        let needSets = scenario.projects.map { Set($0.needs) }
        var shared = [Double](repeating: 0, count: P)
        var related: [[Int]] = []
        for p in 0..<P {
            for m in membersOf[p] { for q in projectsOf[Int(m)] { shared[Int(q)] += 1 } }
            var score: [(q: Int, s: Double)] = []
            for q in 0..<P where q != p {
                var s = shared[q] / Double(max(1, min(membersOf[p].count, membersOf[q].count)))
                if !leadSets[p].isDisjoint(with: leadSets[q]) { s += 1 }
                if !needSets[p].isDisjoint(with: needSets[q]) { s += 1 }
                if s > 0 { score.append((q, s)) }
                shared[q] = 0
            }
            shared[p] = 0
            score.sort { $0.s != $1.s ? $0.s > $1.s : $0.q < $1.q }
            related.append(score.map(\.q))
        }
        self.related = related
    }

    /// Candidate pairs of project p (the x columns freeing it adds).
    func pairCount(_ p: Int) -> Int {
        let r = graph.sessions(of: p)
        return r.isEmpty ? 0 : candidateStart[r.upperBound] - candidateStart[r.lowerBound]
    }

    /// `seed` and the projects most tied to it, up to `columnBudget` x columns (the seed always)
    /// and `maxProjects` projects, ascending.
    func neighbourhood(seed: Int, columnBudget: Int, maxProjects: Int) -> [Int] {
        var chosen = [seed]
        var columns = pairCount(seed)
        for q in related[seed] where chosen.count < maxProjects {
            let c = pairCount(q)
            if columns + c > columnBudget { continue }
            chosen.append(q)
            columns += c
        }
        return chosen.sorted()
    }

    /// Re-solves `projects` — whether they run, their lead unit, dates and staff — with every
    /// held session of the others re-staffed among its candidates and everything else of
    /// `incumbent` fixed. nil when GLPK finds nothing (the incumbent is then still the best known).
    func solve(projects: [Int], incumbent: Solution, options: MIPOptions) throws -> Solution? {
        let sc = scenario
        var free = [Bool](repeating: false, count: sc.projects.count)
        for p in projects { free[p] = true }
        var kept: [Int] = []
        for k in 0..<graph.sessionCount where free[graph.sessions[k].project] || !incumbent.staff[k].isEmpty {
            var entries = Set(candidates[candidateStart[k] ..< candidateStart[k + 1]])
            if !incumbent.staff[k].isEmpty {
                let staff = Set(incumbent.staff[k])
                for e in graph.members(of: k) where staff.contains(graph.memberOf[e]) { entries.insert(e) }
            }
            kept += entries.sorted()
        }
        var model = ContractModel(scenario: sc, graph: graph, staffing: .columns(kept), linking: true)
        let start = incumbent.columnValues(model, sc)
        for p in sc.projects.indices where !free[p] {
            model.fixColumn(model.y[p], at: start[model.y[p]])
            for l in model.lead[p] { model.fixColumn(l.z, at: start[l.z]) }
            for k in graph.sessions(of: p) { model.fixColumn(model.v[k], at: start[model.v[k]]) }
        }
        guard let reduced = FixedColumnsReduction(model.lp) else { return nil }
        let result = try GLPKProblem(reduced.model).solveMIP(options, start: reduced.restrict(start))
        guard result.hasSolution else { return nil }
        return Solution(model: model, values: reduced.expand(result.columnValues), scenario: sc)
    }
}
