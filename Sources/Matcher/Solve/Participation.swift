/// The participation part of the objective (contract v2, constraint 13) as the decomposition
/// sees it before any choice is made. Everything here holds for every plan of the contract's
/// model, so the master problem that uses it stays a relaxation (docs/MODEL.md, "Participation").
///
/// With weight W, targets t_m and n_m sessions of member m, the term is
/// W Σ_m max(0, t_m − n_m) = W·T − W Σ_m min(t_m, n_m), T = Σ_m t_m. So:
/// - `reachableTarget`: Σ_m min(t_m, distinct (date, slot) pairs m could serve) — no plan engages
///   more (constraint 8), so the term is at least W·(T − reachableTarget) in every plan;
/// - `sessionGain[k]`: the most that the staff of session k can earn back over the least
///   distance cost of its `minStaff` nearest members: over staff sets S of a size the session
///   allows, max Σ_{m∈S} (W·[t_m ≥ 1] − distance_per_km·d_m) + distanceCostBound[k], at least 0.
///   Summed over held sessions it bounds W Σ_m min(t_m, n_m) plus the distance saved, because
///   every session a member earns back is one session in which they are counted.
public struct ParticipationAnalysis: Sendable {
    /// t_m per member.
    public let targets: [Int]
    /// T = Σ_m t_m.
    public let totalTarget: Int
    /// Σ_m min(t_m, distinct (date, slot) pairs m is eligible for).
    public let reachableTarget: Int
    /// weights.participation_shortfall.
    public let weight: Double
    /// Per graph session, in money; empty when the term cannot matter.
    public let sessionGain: [Double]

    /// The term can change a plan: a positive weight and some positive target.
    public var isActive: Bool { weight > 0 && totalTarget > 0 }

    /// The least the term can be in any plan: W·(T − reachableTarget).
    public var unavoidable: Double { weight * Double(totalTarget - reachableTarget) }

    public init(scenario sc: Scenario, graph: EligibilityGraph, minStaff: [Int], distanceCostBound: [Double]) {
        let st = graph.settings
        targets = sc.members.indices.map { sc.participationTarget(of: $0, settings: st) }
        totalTarget = targets.reduce(0, +)
        weight = st.participationShortfall
        // Distinct (date, slot) keys per member, counted only up to the member's target.
        var seenKeys = [[Int32]](repeating: [], count: sc.members.count)
        var reach = 0
        if totalTarget > 0 {
            for k in 0..<graph.sessionCount {
                let session = graph.sessions[k]
                let key = Int32(session.dayIndex * 3 + sc.projects[session.project].slot.rawValue)
                for e in graph.members(of: k) {
                    let m = Int(graph.memberOf[e])
                    if seenKeys[m].count < targets[m], !seenKeys[m].contains(key) {
                        seenKeys[m].append(key)
                        reach += 1
                    }
                }
            }
        }
        reachableTarget = reach
        guard weight > 0, totalTarget > 0 else { sessionGain = []; return }
        var gains = [Double](repeating: 0, count: graph.sessionCount)
        var targeted: [Double] = [], others: [Double] = []
        for k in 0..<graph.sessionCount {
            let project = sc.projects[graph.sessions[k].project]
            targeted.removeAll(keepingCapacity: true)
            others.removeAll(keepingCapacity: true)
            // Nearest first, so each list is already in descending order of its value.
            for e in graph.members(of: k) {
                let r = -st.distancePerKm * graph.kmOf[e]
                if targets[Int(graph.memberOf[e])] >= 1 { targeted.append(weight + r) } else { others.append(r) }
            }
            var i = 0, j = 0, count = 0, best = 0.0
            let need = minStaff[k], room = project.maxVolunteers
            while count < room, i < targeted.count || j < others.count {
                let takeTargeted = j >= others.count || (i < targeted.count && targeted[i] >= others[j])
                let r = takeTargeted ? targeted[i] : others[j]
                if count >= need && r <= 0 { break }
                best += r
                count += 1
                if takeTargeted { i += 1 } else { j += 1 }
            }
            gains[k] = max(0, best + distanceCostBound[k])
        }
        sessionGain = gains
    }
}

/// Re-chooses dates of running projects so that more members below their target can serve
/// (participation on): the master sees only how much each session could earn back, not which
/// members, so two projects may hold sessions where the same members are free while others
/// have none. Each round moves, per project, one held session to the candidate date that
/// reaches the most members still below target, net of the members the old date alone
/// engaged; then the moved plan is staffed again and kept only if its recomputed objective
/// is higher. Every kept plan is feasible: sessions come from the project's candidates, and
/// staffing enforces 5–8 as always.
struct SessionSwap {
    let scenario: Scenario
    let graph: EligibilityGraph
    let analysis: SessionAnalysis
    let barred: Set<Int>

    /// One round's moved plan (held sessions changed, staff not yet recomputed), or nil when no
    /// move helps. A move's value: W × (members below target it reaches − members only the old
    /// date engaged) − distance_per_km × (their distance − the old staff's). `limit`: at most
    /// this many moves, the most valuable first.
    func moved(_ sol: Solution, limit: Int = .max) -> Solution? {
        let sc = scenario
        let st = graph.settings
        let part = analysis.participation
        let n = sol.sessionsPerMember(sc)
        var below = sc.members.indices.map { n[$0] < part.targets[$0] }
        var moves: [(value: Double, net: Int, project: Int, from: Int, to: Int, claim: [Int32])] = []
        for p in sol.runningProjects {
            let project = sc.projects[p]
            let held = Set(sol.held[p])
            let gap = sc.minGap(of: p, settings: st)
            var bestMove: (value: Double, net: Int, from: Int, to: Int, claim: [Int32])?
            // What each held session alone gives: staff whose only sessions reach their target
            // here, and the distance its staff travel.
            var loss: [Int: (members: Int, km: Double)] = [:]
            for k in held {
                let only = sol.staff[k].count { n[Int($0)] <= part.targets[Int($0)] }
                let km = sol.staff[k].reduce(0.0) { $0 + Eligibility.memberDistance(Int($1), project: p, in: sc) }
                loss[k] = (only, km)
            }
            for k2 in graph.sessions(of: p) where !held.contains(k2) && analysis.staffable[k2] && !barred.contains(k2) {
                var claim: [Int32] = []
                var km = 0.0
                for e in graph.members(of: k2) where claim.count < project.maxVolunteers {
                    let m = graph.memberOf[e]
                    if below[Int(m)] { claim.append(m); km += graph.kmOf[e] }
                }
                guard !claim.isEmpty else { continue }
                for k in held.sorted() {
                    // Spacing (14): the new date apart from every other held date.
                    guard held.allSatisfy({ $0 == k || Spacing.apart(graph.sessions[$0].day, graph.sessions[k2].day, gap: gap) }) else { continue }
                    let net = claim.count - loss[k]!.members
                    guard net > 0 else { continue }
                    let value = part.weight * Double(net) - st.distancePerKm * (km - loss[k]!.km)
                    if bestMove == nil || (net, value) > (bestMove!.net, bestMove!.value) { bestMove = (value, net, k, k2, claim) }
                }
            }
            if let b = bestMove { moves.append((b.value, b.net, p, b.from, b.to, b.claim)) }
        }
        guard !moves.isEmpty else { return nil }
        var out = sol
        var taken = 0
        for move in moves.sorted(by: { ($0.net, $0.value, -$0.project) > ($1.net, $1.value, -$1.project) }) where taken < limit {
            // Members another move already counts on are not counted twice.
            let fresh = move.claim.count { below[Int($0)] }
            guard fresh - (move.claim.count - move.net) > 0 else { continue }
            for m in move.claim { below[Int(m)] = false }
            out.staff[move.from] = []
            out.held[move.project] = (out.held[move.project].filter { $0 != move.from } + [move.to]).sorted()
            taken += 1
        }
        return taken > 0 ? out : nil
    }
}
