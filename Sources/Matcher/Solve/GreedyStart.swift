/// A quick plan for the master problem, handed to GLPK as its start (and kept if GLPK finds
/// nothing better in time). Lazy greedy: repeatedly run the project with the largest gain —
/// weight of the needs it newly covers, minus the least distance cost of its cheapest
/// sessions that still fit the capacity groups, plus the shortfall it removes from its lead
/// unit — among those whose lead unit has room and whose street money fits the budget.
/// With participation on, a project also earns what its sessions can earn back
/// (`ParticipationAnalysis.sessionGain`) as long as the members' reachable targets leave room,
/// exactly as the master's pooled row 13 counts it, and sessions are taken by that net value.
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
        var fundsLeft = sc.units.map(\.funds)
        var streetLeft = st.streetBudget ?? .infinity
        var groupsOf = [[Int]](repeating: [], count: graph.sessionCount)
        for (n, group) in analysis.capacityGroups.enumerated() { for k in group.sessions { groupsOf[k].append(n) } }
        var used = Array(repeating: 0, count: analysis.capacityGroups.count)
        let part = analysis.participation
        let gainOf: (Int) -> Double = part.isActive ? { part.sessionGain[$0] } : { _ in 0 }
        // Money the participation term can still give back: W × the reachable targets.
        var participationLeft = part.isActive ? part.weight * Double(part.reachableTarget) : 0

        /// The best way to run p now: (gain, unit, sessions, street money), or nil.
        func option(_ p: Int) -> (gain: Double, unit: Int, sessions: [Int], street: Double)? {
            let project = sc.projects[p]
            var gain = 0.0
            for i in project.needs where !covered[i] { gain += Double(sc.needs[i].weight) }
            var sessions: [Int] = []
            var tentative: [Int: Int] = [:]
            let order = graph.sessions(of: p).filter { analysis.staffable[$0] && !barred.contains($0) }
                .sorted { (analysis.distanceCostBound[$0] - gainOf($0), $0) < (analysis.distanceCostBound[$1] - gainOf($1), $1) }
            for k in order where sessions.count < project.sessions {
                let need = analysis.minStaff[k]
                let fits = groupsOf[k].allSatisfy { used[$0] + (tentative[$0] ?? 0) + need <= analysis.capacityGroups[$0].capacity }
                guard fits else { continue }
                for n in groupsOf[k] { tentative[n, default: 0] += need }
                sessions.append(k)
                gain -= analysis.distanceCostBound[k]
            }
            guard sessions.count == project.sessions else { return nil }
            if part.isActive { gain += min(participationLeft, sessions.reduce(0) { $0 + gainOf($1) }) }
            var best: (score: (Double, Double), unit: Int, street: Double)?
            for u in graph.leadUnits[p] where led[u] < sc.units[u].maxProjects {
                let street = max(0, project.cost - max(0, fundsLeft[u]))
                guard street <= streetLeft + 1e-9 else { continue }
                let bonus = led[u] < sc.units[u].minProjects ? st.unitShortfall : 0
                let score = (bonus, -street)
                if best == nil || score > best!.score { best = (score, u, street) }
            }
            guard let best else { return nil }
            return (gain + best.score.0, best.unit, sessions.sorted(), best.street)
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
            sol.lead[p] = o.unit
            sol.held[p] = o.sessions
            led[o.unit] += 1
            fundsLeft[o.unit] -= sc.projects[p].cost - o.street
            streetLeft -= o.street
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
