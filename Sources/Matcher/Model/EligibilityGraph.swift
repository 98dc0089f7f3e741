import Foundation

/// Who may do what, for one scenario under one variant's settings: the eligible pairs of the
/// contract's section 3, precomputed once in flat arrays.
///
/// A *session* is a candidate (project, date). For each session we keep its eligible members
/// (available in the project's slot that day, within max_distance_km, max_sessions >= 1),
/// sorted by distance, in one CSR array. For each project we keep the units that may lead it.
public struct EligibilityGraph: Sendable {
    public struct Session: Hashable, Sendable {
        public var project: Int
        public var day: Day
        /// Index of `day` in the scenario's period.
        public var dayIndex: Int
    }

    public let settings: Settings
    /// Number of members in the scenario (member indices are below it).
    public let memberCount: Int
    /// Every candidate session, ordered by project then date.
    public private(set) var sessions: [Session] = []
    /// sessionStart[p] ..< sessionStart[p+1]: the sessions of project p.
    public private(set) var sessionStart: [Int] = [0]
    /// memberStart[s] ..< memberStart[s+1]: eligible members of session s in `memberOf`/`kmOf`.
    public private(set) var memberStart: [Int] = [0]
    /// Eligible members per session, nearest first (ties by member index).
    public private(set) var memberOf: [Int32] = []
    /// Distance in km of `memberOf[k]` to the session's project.
    public private(set) var kmOf: [Double] = []
    /// Units that may lead each project, ascending.
    public private(set) var leadUnits: [[Int]] = []
    /// Members within max_distance_km of each project (whatever their availability), for reasons.
    public private(set) var membersInRange: [Int] = []

    public init(scenario: Scenario, settings: Settings) {
        self.settings = settings
        let sc = scenario
        memberCount = sc.members.count
        let index = SpatialIndex(lats: sc.members.map(\.lat), lons: sc.members.map(\.lon),
                                 cellKm: max(0.25, settings.maxDistanceKm))
        // Projects are independent: two halves on two threads (pure Swift, read-only inputs),
        // joined in project order so the graph is the same whatever the timing.
        let chunks = sc.projects.count >= 200 ? 2 : 1
        let parts = ChunkResults<Part>(count: chunks)
        let units = UnitTable(sc)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = sc.projects.count * c / chunks, hi = sc.projects.count * (c + 1) / chunks
            parts.store(c, Part(projects: lo..<hi, scenario: sc, settings: settings, index: index, units: units))
        }
        for part in parts.values {
            let sessionBase = sessions.count, entryBase = memberOf.count
            sessions += part.sessions
            sessionStart += part.sessionStart.dropFirst().map { $0 + sessionBase }
            memberStart += part.memberStart.dropFirst().map { $0 + entryBase }
            memberOf += part.memberOf
            kmOf += part.kmOf
            leadUnits += part.leadUnits
            membersInRange += part.membersInRange
        }
    }

    /// The graph of a range of projects, with local offsets.
    private struct Part: Sendable {
        var sessions: [Session] = []
        var sessionStart: [Int] = [0]
        var memberStart: [Int] = [0]
        var memberOf: [Int32] = []
        var kmOf: [Double] = []
        var leadUnits: [[Int]] = []
        var membersInRange: [Int] = []

        init(projects: Range<Int>, scenario sc: Scenario, settings: Settings, index: SpatialIndex, units: UnitTable) {
            let period = sc.period
            for p in projects {
                let project = sc.projects[p]
                var near = index.query(near: project.lat, project.lon, within: settings.maxDistanceKm)
                near.removeAll { sc.maxSessions(of: $0.index, settings: settings) < 1 }
                near.sort { ($0.km, $0.index) < ($1.km, $1.index) }
                membersInRange.append(near.count)
                for day in project.candidateDates where period.contains(day) {
                    let di = period.index(of: day)
                    sessions.append(Session(project: p, day: day, dayIndex: di))
                    for h in near where sc.availability.isAvailable(member: h.index, dayIndex: di, slot: project.slot) {
                        memberOf.append(Int32(h.index))
                        kmOf.append(h.km)
                    }
                    memberStart.append(memberOf.count)
                }
                sessionStart.append(sessions.count)
                leadUnits.append(units.leaders(of: project, maxKm: settings.unitMaxDistanceKm))
            }
        }
    }

    public var sessionCount: Int { sessions.count }

    public func sessions(of project: Int) -> Range<Int> { sessionStart[project] ..< sessionStart[project + 1] }

    public func members(of session: Int) -> Range<Int> { memberStart[session] ..< memberStart[session + 1] }

    /// Number of eligible (member, project, date) triples: the x columns of the full model.
    public var staffingPairCount: Int { memberOf.count }
}

/// Results of parallel work, one slot per chunk, read back in chunk order.
final class ChunkResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ i: Int, _ value: T) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = value
    }

    var values: [T] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}

/// The units in flat arrays, grouped by category, so that finding who may lead a project
/// touches only the units offering its category (the rule of `Eligibility.unit`).
struct UnitTable: Sendable {
    private let byCategory: [String: [Int]]
    private let lat: [Double]
    private let lon: [Double]
    private let paired: [[Int]]

    init(_ sc: Scenario) {
        var byCategory: [String: [Int]] = [:]
        for (u, unit) in sc.units.enumerated() { for c in unit.categories { byCategory[c, default: []].append(u) } }
        self.byCategory = byCategory.mapValues { Array(Set($0)).sorted() }
        lat = sc.units.map(\.lat)
        lon = sc.units.map(\.lon)
        paired = sc.units.map(\.pairedCommunities)
    }

    /// Units offering the project's category that are paired with its community or within
    /// `maxKm` (inclusive), ascending.
    func leaders(of project: Project, maxKm: Double) -> [Int] {
        (byCategory[project.category] ?? []).filter { u in
            paired[u].contains(project.community) || haversineKm(lat[u], lon[u], project.lat, project.lon) <= maxKm
        }
    }
}
