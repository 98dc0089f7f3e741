/// A quick plan for the master problem, handed to GLPK as its start (and kept if GLPK finds
/// nothing better in time). Lazy greedy: repeatedly run the project with the largest gain —
/// weight of the needs it newly covers, minus the least distance cost of its cheapest
/// sessions that still fit the capacity groups, plus the shortfall it removes from its lead
/// unit — among those whose lead unit has room and whose street money fits the budget.
/// With participation on, a project also earns what its sessions can earn back
/// (`ParticipationAnalysis.sessionGain`) as long as the members' reachable targets leave room,
/// exactly as the master's pooled row 13 counts it, and sessions are taken by that net value.
/// When every unit that may lead a project is full, a chain of lead changes can make room
/// (an augmenting path of the b-matching of projects to units, `reassignment`): the project
/// takes a full unit, whose project moves to another unit, and so on until a unit with room.
/// Feasible for every row of the master problem by construction.
struct GreedyStart {
    let scenario: Scenario
    let graph: EligibilityGraph
    let analysis: SessionAnalysis
    let barred: Set<Int>

    func solution() -> Solution {
        let sc = scenario
        let st = graph.settings
        var sol = Solution(projectCount: sc.projects.count, sessionCount: graph.sessionCount)
        var covered = Array(repeating: false, count: sc.needs.count)
        var led = Array(repeating: 0, count: sc.units.count)
        var leading = [[Int]](repeating: [], count: sc.units.count)
        // Cost of the projects each unit leads: it pays up to its funds, the street the rest.
        var load = Array(repeating: 0.0, count: sc.units.count)
        var streetLeft = st.streetBudget ?? .infinity
        // With street budgets (15): each project's street money is charged to its street when it
        // is added (its unit pays first as far as its funds go, as `load` counts), and chains of
        // lead changes are not tried (their street money moves between streets).
        let streets = StreetBudgets(sc, settings: st)
        var streetsLeft = streets?.budgets ?? []
        func fitsStreet(_ p: Int, _ money: Double) -> Bool {
            guard let streets, let s = streets.streetOf[p] else { return true }
            return money <= streetsLeft[s] + 1e-9
        }
        func street(_ u: Int, _ l: Double) -> Double { max(0, l - sc.units[u].funds) }
        var groupsOf = [[Int]](repeating: [], count: graph.sessionCount)
        for (n, group) in analysis.capacityGroups.enumerated() { for k in group.sessions { groupsOf[k].append(n) } }
        var used = Array(repeating: 0, count: analysis.capacityGroups.count)
        let part = analysis.participation
        let gainOf: (Int) -> Double = part.isActive ? { part.sessionGain[$0] } : { _ in 0 }
        // Money the participation term can still give back: W × the reachable targets.
        var participationLeft = part.isActive ? part.weight * Double(part.reachableTarget) : 0

        // Breadth-first search state, reused: a unit is reached in search `epoch` when
        // reached[u] == epoch, from unit fromUnit[u] (-1: straight from p) by moving fromProject[u].
        var reached = Array(repeating: 0, count: sc.units.count)
        var fromUnit = Array(repeating: -1, count: sc.units.count)
        var fromProject = Array(repeating: -1, count: sc.units.count)
        var epoch = 0
        /// Makes room for p when every unit that may lead it is full: the shortest chain
        /// p → u1, q1: u1 → u2, …, q_k: u_k → e, where q_i is led by u_i and e has room, whose
        /// street money fits. Returns (p's unit, the moves (project, new unit), e, street money
        /// added), or nil. Breadth-first over units, each unit reached once.
        func reassignment(_ p: Int) -> (unit: Int, moves: [(project: Int, unit: Int)], end: Int, street: Double)? {
            if streets != nil { return nil }
            epoch += 1
            var queue: [Int] = []
            for u in graph.leadUnits[p] where reached[u] != epoch {
                reached[u] = epoch
                fromUnit[u] = -1
                fromProject[u] = p
                queue.append(u)
            }
            var head = 0
            while head < queue.count {
                let u = queue[head]
                head += 1
                for q in leading[u] {
                    for u2 in graph.leadUnits[q] where reached[u2] != epoch {
                        reached[u2] = epoch
                        fromUnit[u2] = u
                        fromProject[u2] = q
                        guard led[u2] >= sc.units[u2].maxProjects else {
                            // Walk back: each unit on the path gains the project moved in and
                            // loses the one moved on.
                            var moves: [(project: Int, unit: Int)] = []
                            var delta: [(unit: Int, cost: Double)] = []
                            var at = u2
                            while fromUnit[at] >= 0 {
                                let q = fromProject[at]
                                moves.append((q, at))
                                delta.append((at, sc.projects[q].cost))
                                delta.append((fromUnit[at], -sc.projects[q].cost))
                                at = fromUnit[at]
                            }
                            delta.append((at, sc.projects[p].cost))
                            // Each unit on the path gains one project and loses at most one.
                            delta.sort { $0.unit < $1.unit }
                            var added = 0.0, i = 0
                            while i < delta.count {
                                let unit = delta[i].unit
                                var change = 0.0
                                while i < delta.count, delta[i].unit == unit { change += delta[i].cost; i += 1 }
                                added += street(unit, load[unit] + change) - street(unit, load[unit])
                            }
                            if added <= streetLeft + 1e-9 { return (at, moves, u2, max(0, added)) }
                            continue
                        }
                        queue.append(u2)
                    }
                }
            }
            return nil
        }

        /// The best way to run p now: (gain, unit, sessions, street money, lead changes that
        /// make room), or nil.
        func option(_ p: Int) -> (gain: Double, unit: Int, sessions: [Int], street: Double, moves: [(project: Int, unit: Int)])? {
            let project = sc.projects[p]
            var gain = 0.0
            for i in project.needs where !covered[i] { gain += Double(sc.needs[i].weight) }
            var sessions: [Int] = []
            var tentative: [Int: Int] = [:]
            let order = graph.sessions(of: p).filter { analysis.staffable[$0] && !barred.contains($0) }
                .sorted { (analysis.distanceCostBound[$0] - gainOf($0), $0) < (analysis.distanceCostBound[$1] - gainOf($1), $1) }
            let gap = sc.minGap(of: p, settings: st)
            func fits(_ k: Int) -> Bool {
                let need = analysis.minStaff[k]
                return groupsOf[k].allSatisfy { used[$0] + (tentative[$0] ?? 0) + need <= analysis.capacityGroups[$0].capacity }
            }
            for k in order where sessions.count < project.sessions {
                // Spacing (14): not closer than gap days to a session already taken.
                guard fits(k), sessions.allSatisfy({ Spacing.apart(graph.sessions[$0].day, graph.sessions[k].day, gap: gap) }) else { continue }
                for n in groupsOf[k] { tentative[n, default: 0] += analysis.minStaff[k] }
                sessions.append(k)
            }
            if sessions.count < project.sessions, gap > 1 {
                // Cheapest first may block itself at a spacing: the cheapest spaced choice
                // among the sessions that fit the capacity groups alone.
                sessions = []
                tentative = [:]
                let ks = graph.sessions(of: p).filter { analysis.staffable[$0] && !barred.contains($0) && fits($0) }
                if let picked = Spacing.cheapest(days: ks.map { graph.sessions[$0].day },
                                                 cost: ks.map { analysis.distanceCostBound[$0] - gainOf($0) },
                                                 count: project.sessions, gap: gap) {
                    for i in picked where fits(ks[i]) {
                        for n in groupsOf[ks[i]] { tentative[n, default: 0] += analysis.minStaff[ks[i]] }
                        sessions.append(ks[i])
                    }
                }
            }
            guard sessions.count == project.sessions else { return nil }
            for k in sessions { gain -= analysis.distanceCostBound[k] }
            if part.isActive { gain += min(participationLeft, sessions.reduce(0) { $0 + gainOf($1) }) }
            var best: (score: (Double, Double), unit: Int, street: Double)?
            var full = true
            for u in graph.leadUnits[p] where led[u] < sc.units[u].maxProjects {
                full = false
                let added = street(u, load[u] + project.cost) - street(u, load[u])
                guard added <= streetLeft + 1e-9, fitsStreet(p, added) else { continue }
                let bonus = led[u] < sc.units[u].minProjects ? st.unitShortfall : 0
                let score = (bonus, -added)
                if best == nil || score > best!.score { best = (score, u, added) }
            }
            if let best { return (gain + best.score.0, best.unit, sessions.sorted(), best.street, []) }
            guard full, !graph.leadUnits[p].isEmpty, let chain = reassignment(p) else { return nil }
            let bonus = led[chain.end] < sc.units[chain.end].minProjects ? st.unitShortfall : 0
            return (gain + bonus, chain.unit, sessions.sorted(), chain.street, chain.moves)
        }
        func lead(_ p: Int, by u: Int) {
            if let old = sol.lead[p] {
                led[old] -= 1
                load[old] -= sc.projects[p].cost
                leading[old].removeAll { $0 == p }
            }
            sol.lead[p] = u
            led[u] += 1
            load[u] += sc.projects[p].cost
            leading[u].append(p)
        }

        // Lazy greedy over a max-heap of (gain, -project) keys; gains only fall as needs get
        // covered and resources used, so a popped entry that is still best is the true best.
        var heap = MaxHeap<(Double, Int)>(by: { ($0.0, -$0.1) < ($1.0, -$1.1) })
        for p in sc.projects.indices { if let o = option(p), o.gain > 0 { heap.push((o.gain, p)) } }
        while let top = heap.pop() {
            let p = top.1
            guard sol.lead[p] == nil, let o = option(p), o.gain > 0 else { continue }
            if let next = heap.peek(), o.gain < next.0 - 1e-12 {
                heap.push((o.gain, p))
                continue
            }
            // The chain's moves end at a unit with room, so apply them from that end.
            for move in o.moves { lead(move.project, by: move.unit) }
            lead(p, by: o.unit)
            sol.held[p] = o.sessions
            streetLeft -= o.street
            if let streets, let s = streets.streetOf[p] { streetsLeft[s] -= o.street }
            for i in sc.projects[p].needs { covered[i] = true }
            if part.isActive { participationLeft -= min(participationLeft, o.sessions.reduce(0) { $0 + gainOf($1) }) }
            for k in o.sessions { for n in groupsOf[k] { used[n] += analysis.minStaff[k] } }
        }
        return sol
    }
}

/// A binary max-heap over an ordering.
struct MaxHeap<Element> {
    private var items: [Element] = []
    private let less: (Element, Element) -> Bool

    init(by less: @escaping (Element, Element) -> Bool) { self.less = less }

    func peek() -> Element? { items.first }

    mutating func push(_ x: Element) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(items[parent], items[i]) else { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, less(items[m], items[l]) { m = l }
            if r < items.count, less(items[m], items[r]) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
