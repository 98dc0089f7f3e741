import Foundation
import GRDB

/// How volunteer points (志愿服务积分) are counted from attended sessions: by default one point
/// per hour served. Streets with their own rule set both numbers.
public struct PointsRule: Hashable, Sendable {
    public var perHour: Double
    public var perSession: Double
    public init(perHour: Double = 1, perSession: Double = 0) { self.perHour = perHour; self.perSession = perSession }
    public func points(sessions: Int, hours: Double) -> Double { perHour * hours + perSession * Double(sessions) }
}

/// A year of the ledger, summed: the rows of members.csv, units.csv and communities.csv and
/// what the pages show. Every list is in id order.
public struct LedgerSummary: Sendable {
    public struct MemberRow: Hashable, Sendable {
        public var member, name, unit, unitName: String
        /// Planned member-sessions, and those the member attended.
        public var assigned: Int, sessions: Int
        public var hours: Double
        public var points: Double
    }

    public struct UnitRow: Hashable, Sendable {
        public var unit, name: String
        public var membersReporting: Int, membersServed: Int
        public var sessionsAssigned: Int, sessionsAttended: Int
        /// attended / assigned; nil when none were assigned.
        public var completionRate: Double? { sessionsAssigned > 0 ? Double(sessionsAttended) / Double(sessionsAssigned) : nil }
        public var hours: Double
        public var projectsLed: Int, projectsCompleted: Int
        /// Yuan the unit gave the projects it led.
        public var funds: Double
    }

    public struct CommunityRow: Hashable, Sendable {
        public var community, name: String
        /// Distinct needs listed in the year's plans; those covered by a completed project; the rest.
        public var needsRaised: Int, needsCovered: Int
        public var needsCarried: Int { needsRaised - needsCovered }
        /// Households of the carried needs (their latest record).
        public var householdsWaiting: Int
    }

    public struct ProjectRow: Hashable, Sendable {
        public var quarter, project, title, community, leadUnit: String
        public var sessions: Int
        public var completed: Bool
        public var satisfaction: Int?
    }

    public struct PlanRow: Hashable, Sendable {
        public var quarter, scenario, variant: String
        public var sessionsAssigned: Int, sessionsAttended: Int
    }

    public var year: Int
    public var points: PointsRule
    public var plans: [PlanRow]
    public var members: [MemberRow]
    public var units: [UnitRow]
    public var communities: [CommunityRow]
    /// Running projects of the year, by lead unit, quarter and id.
    public var projects: [ProjectRow]
}

extension LedgerStore {
    /// The years that have records, ascending.
    public func years() throws -> [Int] {
        try read { db in try Int.fetchAll(db, sql: "SELECT DISTINCT year FROM plan ORDER BY year") }
    }

    /// Sums `year` in one read snapshot. Names and units are a member's latest record in the year.
    public func summary(year: Int, points: PointsRule = PointsRule()) throws -> LedgerSummary {
        try read { db in
            // SQLite: with MAX() in a grouped query, the bare columns come from the row holding the maximum.
            let latest = "MAX(p.quarter || printf('%012d', p.id))"
            var unitNames: [String: String] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT u.unit, u.name, \(latest) FROM unit u JOIN plan p ON p.id = u.plan_id
                WHERE p.year = ? GROUP BY u.unit
                """, arguments: [year]) {
                unitNames[r[0]] = r[1]
            }
            var served: [String: (assigned: Int, attended: Int, hours: Double)] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT s.member, COUNT(*), SUM(s.attended), SUM(CASE WHEN s.attended THEN s.hours ELSE 0 END)
                FROM session s JOIN plan p ON p.id = s.plan_id WHERE p.year = ? GROUP BY s.member
                """, arguments: [year]) {
                served[r[0]] = (r[1], r[2], r[3])
            }
            var members: [LedgerSummary.MemberRow] = []
            var unitMembers: [String: (reporting: Int, served: Int)] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT m.member, m.name, m.unit, \(latest) FROM member m JOIN plan p ON p.id = m.plan_id
                WHERE p.year = ? GROUP BY m.member ORDER BY m.member
                """, arguments: [year])
            while let r = try cursor.next() {
                let id: String = r[0], unit: String = r[2]
                let s = served[id] ?? (0, 0, 0)
                members.append(.init(member: id, name: r[1], unit: unit, unitName: unitNames[unit] ?? "",
                                     assigned: s.assigned, sessions: s.attended, hours: s.hours,
                                     points: points.points(sessions: s.attended, hours: s.hours)))
                var u = unitMembers[unit] ?? (0, 0)
                u.reporting += 1
                if s.attended > 0 { u.served += 1 }
                unitMembers[unit] = u
            }
            // Sessions count for the unit the member belonged to in that quarter's plan.
            var unitSessions: [String: (assigned: Int, attended: Int, hours: Double)] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT m.unit, COUNT(*), SUM(s.attended), SUM(CASE WHEN s.attended THEN s.hours ELSE 0 END)
                FROM session s JOIN plan p ON p.id = s.plan_id
                JOIN member m ON m.plan_id = s.plan_id AND m.member = s.member
                WHERE p.year = ? GROUP BY m.unit
                """, arguments: [year]) {
                unitSessions[r[0]] = (r[1], r[2], r[3])
            }
            var projects: [LedgerSummary.ProjectRow] = []
            var unitProjects: [String: (led: Int, completed: Int, funds: Double)] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT p.quarter, j.project, j.title, j.community, j.lead_unit, j.sessions, j.completed, j.satisfaction, j.unit_funds
                FROM project j JOIN plan p ON p.id = j.plan_id WHERE p.year = ?
                ORDER BY j.lead_unit, p.quarter, j.project, p.id
                """, arguments: [year]) {
                let row = LedgerSummary.ProjectRow(quarter: r[0], project: r[1], title: r[2], community: r[3], leadUnit: r[4],
                                                   sessions: r[5], completed: r[6], satisfaction: r[7])
                projects.append(row)
                var u = unitProjects[row.leadUnit] ?? (0, 0, 0)
                u.led += 1
                if row.completed { u.completed += 1 }
                u.funds += r[8] as Double
                unitProjects[row.leadUnit] = u
            }
            let unitIDs = Set(unitNames.keys).union(unitMembers.keys).union(unitProjects.keys).sorted()
            let units = unitIDs.map { id in
                let m = unitMembers[id] ?? (0, 0), s = unitSessions[id] ?? (0, 0, 0), p = unitProjects[id] ?? (0, 0, 0)
                return LedgerSummary.UnitRow(unit: id, name: unitNames[id] ?? "", membersReporting: m.reporting, membersServed: m.served,
                                             sessionsAssigned: s.assigned, sessionsAttended: s.attended, hours: s.hours,
                                             projectsLed: p.led, projectsCompleted: p.completed, funds: p.funds)
            }
            var communityNames: [String: String] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT c.community, c.name, \(latest) FROM community c JOIN plan p ON p.id = c.plan_id
                WHERE p.year = ? GROUP BY c.community
                """, arguments: [year]) {
                communityNames[r[0]] = r[1]
            }
            // Each need once: its latest record (community, households), covered when any record of the year says so.
            let coveredNeeds = Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT n.need FROM need n JOIN plan p ON p.id = n.plan_id WHERE p.year = ? AND n.covered
                """, arguments: [year]))
            var needs: [String: (raised: Int, covered: Int, households: Int)] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT n.need, n.community, n.households, \(latest)
                FROM need n JOIN plan p ON p.id = n.plan_id WHERE p.year = ? GROUP BY n.need
                """, arguments: [year]) {
                let community: String = r[1]
                var c = needs[community] ?? (0, 0, 0)
                c.raised += 1
                if coveredNeeds.contains(r[0]) { c.covered += 1 } else { c.households += r[2] as Int }
                needs[community] = c
            }
            let communities = Set(communityNames.keys).union(needs.keys).sorted().map { id in
                let n = needs[id] ?? (0, 0, 0)
                return LedgerSummary.CommunityRow(community: id, name: communityNames[id] ?? "", needsRaised: n.raised,
                                                  needsCovered: n.covered, householdsWaiting: n.households)
            }
            var plans: [LedgerSummary.PlanRow] = []
            for r in try Row.fetchAll(db, sql: """
                SELECT p.quarter, p.scenario, p.variant, COUNT(s.member), COALESCE(SUM(s.attended), 0)
                FROM plan p LEFT JOIN session s ON s.plan_id = p.id WHERE p.year = ?
                GROUP BY p.id ORDER BY p.quarter, p.scenario, p.variant
                """, arguments: [year]) {
                plans.append(.init(quarter: r[0], scenario: r[1], variant: r[2], sessionsAssigned: r[3], sessionsAttended: r[4]))
            }
            return LedgerSummary(year: year, points: points, plans: plans, members: members, units: units,
                                 communities: communities, projects: projects)
        }
    }
}
