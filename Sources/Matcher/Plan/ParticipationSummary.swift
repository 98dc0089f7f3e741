/// Participation in a plan (contract v2, 双报到): who serves, who stays below their target and
/// why, the spread of sessions per member, and per unit how many of its reporting members
/// serve (the figure a unit reports back, 双报告). Computed from the plan and the scenario, as
/// `PlanSummary` is; used by the terminal summary, members.csv, report.html and `match compare`.
public struct ParticipationSummary: Hashable, Sendable {
    /// Why a member stays below their target, the first that applies.
    public enum Reason: String, CaseIterable, Hashable, Sendable {
        /// No project within max_distance_km has a candidate date.
        case nothingInReach = "nothing_in_reach"
        /// Projects are within reach, but the member is free on none of their candidate dates and slots.
        case notAvailable = "not_available"
        /// The member could serve some candidate sessions, but the plan holds none of them.
        case noSessionHeld = "no_session_held"
        /// Sessions the member could serve are held, but staffed by others (full, or the member is booked).
        case sessionsTaken = "sessions_taken"
    }

    public struct UnitRow: Hashable, Sendable {
        public var unit: Int
        /// Members reporting to the unit (members.unit).
        public var reporting: Int
        /// Of them, serving at least one session.
        public var serving: Int
        /// Of them, below their target.
        public var belowTarget: Int
    }

    /// Whether the scenario asks for participation at all (a target or a weight above 0).
    public var inUse: Bool
    public var membersTotal: Int
    /// Members with a target t_m >= 1.
    public var membersWithTarget: Int
    /// Members with at least one session.
    public var engaged: Int
    /// Sessions per member, by member index.
    public var sessions: [Int]
    /// Target t_m per member.
    public var targets: [Int]
    /// Reason per member below target (nil for the others), by member index.
    public var reasons: [Reason?]
    /// Σ_m max(0, t_m − sessions_m).
    public var shortfallSessions: Int
    /// Members with 0, 1, 2, … sessions; the last bucket holds `distributionCap` or more.
    public var distribution: [Int]
    public static let distributionCap = 5
    /// Units in id order.
    public var units: [UnitRow]

    public var belowTarget: Int { reasons.count { $0 != nil } }
    public func count(_ reason: Reason) -> Int { reasons.count { $0 == reason } }

    public init(plan: Plan, scenario sc: Scenario, settings: Settings) {
        let ids = ScenarioIds(sc)
        membersTotal = sc.members.count
        let t = sc.members.indices.map { sc.participationTarget(of: $0, settings: settings) }
        targets = t
        inUse = settings.participationShortfall > 0 || t.contains { $0 > 0 }
        membersWithTarget = t.count { $0 > 0 }
        var held = Set<String>()
        for pr in plan.projects { for d in pr.dates { held.insert(pr.id + "\u{1F}" + d) } }
        var n = Array(repeating: 0, count: sc.members.count)
        for a in plan.assignments { if let m = ids.members[a.member] { n[m] += 1 } }
        sessions = n
        engaged = n.count { $0 > 0 }
        shortfallSessions = zip(t, n).reduce(0) { $0 + max(0, $1.0 - $1.1) }
        var dist = Array(repeating: 0, count: Self.distributionCap + 1)
        for k in n { dist[min(k, Self.distributionCap)] += 1 }
        distribution = dist

        // Reasons, only for members below target: projects within reach from a spatial index.
        var reasons = [Reason?](repeating: nil, count: sc.members.count)
        let below = sc.members.indices.filter { n[$0] < t[$0] }
        if !below.isEmpty {
            let index = SpatialIndex(lats: sc.projects.map(\.lat), lons: sc.projects.map(\.lon),
                                     cellKm: max(0.25, settings.maxDistanceKm))
            for m in below {
                let member = sc.members[m]
                var inReach = false, available = false, heldFree = false
                for (p, km) in index.query(near: member.lat, member.lon, within: settings.maxDistanceKm)
                    .sorted(by: { $0.index < $1.index }) {
                    let project = sc.projects[p]
                    guard km <= settings.maxDistanceKm, !project.candidateDates.isEmpty else { continue }
                    inReach = true
                    for d in project.candidateDates where sc.availability.isAvailable(member: m, day: d, slot: project.slot) {
                        available = true
                        if held.contains(project.id + "\u{1F}" + d.iso) { heldFree = true; break }
                    }
                    if heldFree { break }
                }
                reasons[m] = !inReach ? .nothingInReach : !available ? .notAvailable : !heldFree ? .noSessionHeld : .sessionsTaken
            }
        }
        self.reasons = reasons
        var rows = sc.units.indices.map { UnitRow(unit: $0, reporting: 0, serving: 0, belowTarget: 0) }
        for (m, member) in sc.members.enumerated() {
            rows[member.unit].reporting += 1
            if n[m] > 0 { rows[member.unit].serving += 1 }
            if reasons[m] != nil { rows[member.unit].belowTarget += 1 }
        }
        units = rows.sorted { sc.units[$0.unit].id != sc.units[$1.unit].id ? sc.units[$0.unit].id < sc.units[$1.unit].id : $0.unit < $1.unit }
    }
}
