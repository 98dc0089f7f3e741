/// What can be said about each candidate session before any choice is made, and the
/// relaxation of the staffing constraints (5–8) that the master problem uses.
///
/// Everything here holds for *every* plan of the contract's model, so the master problem
/// built from it is a relaxation and its optimum is a true upper bound:
/// - `minStaff`: a held session has at least max(min_volunteers, max k over its skills) staff;
/// - `staffable`: false only when the session cannot be staffed even with nothing else held
///   (too few eligible members, too few with a required skill, or max_volunteers too small);
/// - `distanceCostBound`: distance_per_km × the sum of the `minStaff` smallest eligible distances;
/// - `capacityGroups`: sessions on one date and slot that share members (connected through
///   common eligible members) need at least sum(minStaff) distinct members (constraint 8), and all
///   sessions sharing members need at most the members' summed max_sessions (constraint 7).
public struct SessionAnalysis: Sendable {
    public struct CapacityGroup: Sendable, Hashable {
        public var sessions: [Int]
        public var capacity: Int
    }

    public private(set) var minStaff: [Int] = []
    public private(set) var staffable: [Bool] = []
    public private(set) var distanceCostBound: [Double] = []
    /// Only groups whose row can bind (sum of minStaff over the group above its capacity).
    public private(set) var capacityGroups: [CapacityGroup] = []
    /// Per session: the required skill whose holders are too few, if that is what blocks it.
    public private(set) var missingSkill: [Int?] = []
    /// Targets, what can be reached and what each session can earn back (constraint 13).
    public let participation: ParticipationAnalysis

    public init(scenario sc: Scenario, graph: EligibilityGraph) {
        let st = graph.settings
        let n = graph.sessionCount
        minStaff.reserveCapacity(n)
        for k in 0..<n {
            let project = sc.projects[graph.sessions[k].project]
            let need = max(project.minVolunteers, project.skills.map(\.count).max() ?? 0)
            minStaff.append(need)
            let range = graph.members(of: k)
            var ok = range.count >= need && need <= project.maxVolunteers
            var missing: Int?
            for req in project.skills {
                var have = 0
                for e in range where sc.members[Int(graph.memberOf[e])].hasSkill(req.tag) {
                    have += 1
                    if have >= req.count { break }
                }
                if have < req.count { ok = false; missing = missing ?? req.tag }
            }
            staffable.append(ok)
            missingSkill.append(missing)
            var cost = 0.0
            for e in range.prefix(need) { cost += graph.kmOf[e] }
            distanceCostBound.append(st.distancePerKm * cost)
        }
        participation = ParticipationAnalysis(scenario: sc, graph: graph, minStaff: minStaff, distanceCostBound: distanceCostBound)
        buildCapacityGroups(sc, graph)
    }

    private mutating func buildCapacityGroups(_ sc: Scenario, _ graph: EligibilityGraph) {
        var seen = [Int32](repeating: 0, count: graph.memberCount)
        var stamp: Int32 = 0
        let live = (0..<graph.sessionCount).filter { staffable[$0] }
        // Constraint 8: per (date, slot).
        var bySlot: [Int: [Int]] = [:]
        for k in live {
            let s = graph.sessions[k]
            bySlot[s.dayIndex * 3 + sc.projects[s.project].slot.rawValue, default: []].append(k)
        }
        for key in bySlot.keys.sorted() {
            for component in components(of: bySlot[key]!, graph) {
                let demand = component.reduce(0) { $0 + minStaff[$1] }
                let pool = distinctMembers(of: component, graph, &seen, &stamp)
                if demand > pool.count { capacityGroups.append(CapacityGroup(sessions: component, capacity: pool.count)) }
            }
        }
        // Constraint 7: over the whole period.
        for component in components(of: live, graph) {
            let pool = distinctMembers(of: component, graph, &seen, &stamp)
            let capacity = pool.reduce(0) { $0 + sc.maxSessions(of: Int($1), settings: graph.settings) }
            let demand = component.reduce(0) { $0 + minStaff[$1] }
            if demand > capacity { capacityGroups.append(CapacityGroup(sessions: component, capacity: capacity)) }
        }
    }

    /// The distinct eligible members of some sessions (`seen`/`stamp`: a reusable marker array).
    private func distinctMembers(of sessions: [Int], _ graph: EligibilityGraph, _ seen: inout [Int32],
                                 _ stamp: inout Int32) -> [Int32] {
        stamp += 1
        var out: [Int32] = []
        for k in sessions {
            for e in graph.members(of: k) {
                let m = graph.memberOf[e]
                if seen[Int(m)] != stamp { seen[Int(m)] = stamp; out.append(m) }
            }
        }
        return out
    }

    /// Sessions connected through shared eligible members, each component ascending.
    private func components(of sessions: [Int], _ graph: EligibilityGraph) -> [[Int]] {
        groupsSharingMembers(sessions.map { Array(graph.members(of: $0)) }, graph).map { $0.map { sessions[$0] } }
    }
}

/// Union–find over lists of graph entries: the positions of the lists that share a member
/// (directly or through others), each group ascending, groups by their first position.
func groupsSharingMembers(_ lists: [[Int]], _ graph: EligibilityGraph) -> [[Int]] {
    var parent = Array(lists.indices)
    func find(_ a: Int) -> Int {
        var a = a
        while parent[a] != a { parent[a] = parent[parent[a]]; a = parent[a] }
        return a
    }
    var owner = [Int32](repeating: -1, count: graph.memberCount)   // first list holding each member
    for (n, entries) in lists.enumerated() {
        for e in entries {
            let m = Int(graph.memberOf[e])
            let o = Int(owner[m])
            if o >= 0 {
                let a = find(n), b = find(o)
                if a != b { parent[max(a, b)] = min(a, b) }
            } else {
                owner[m] = Int32(n)
            }
        }
    }
    var groups: [Int: [Int]] = [:]
    for n in lists.indices { groups[find(n), default: []].append(n) }
    return groups.keys.sorted().map { groups[$0]! }
}
