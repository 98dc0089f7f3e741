import GRDB

// The ledger's rows (docs/LEDGER.md, "Schema"): one Codable struct per table. Every row but a
// plan's belongs to one recorded plan (`plan_id`, deleted with it), so re-recording a plan
// replaces all it brought.

/// One recorded quarter plan: its key is (scenario, variant, quarter).
public struct PlanRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "plan"
    public var id: Int64?
    public var scenario: String
    public var variant: String
    /// `2027Q1`: the quarter of the scenario's period start.
    public var quarter: String
    public var year: Int
    public var periodStart: String
    public var periodEnd: String
    public var status: String
    /// plan.json as recorded.
    public var planJSON: String
    public var attendanceFile: String
    public var feedbackFile: String?
    /// ISO 8601 time of recording (UTC).
    public var recordedAt: String

    enum CodingKeys: String, CodingKey {
        case id, scenario, variant, quarter, year, status
        case periodStart = "period_start", periodEnd = "period_end", planJSON = "plan_json"
        case attendanceFile = "attendance_file", feedbackFile = "feedback_file", recordedAt = "recorded_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A member of the scenario when the plan was recorded (who reports to which unit).
public struct MemberRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "member"
    public var planID: Int64
    public var member: String
    public var name: String
    public var unit: String
    public var community: String
    enum CodingKeys: String, CodingKey { case planID = "plan_id", member, name, unit, community }
}

public struct UnitRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "unit"
    public var planID: Int64
    public var unit: String
    public var name: String
    public var kind: String
    public var funds: Double
    enum CodingKeys: String, CodingKey { case planID = "plan_id", unit, name, kind, funds }
}

public struct CommunityRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "community"
    public var planID: Int64
    public var community: String
    public var name: String
    enum CodingKeys: String, CodingKey { case planID = "plan_id", community, name }
}

/// A need of the quarter: raised, covered by the plan, and covered by a completed project.
public struct NeedRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "need"
    public var planID: Int64
    public var need: String
    public var community: String
    public var title: String
    public var households: Int
    public var urgency: Int
    /// The plan covers it (a running project lists it).
    public var planned: Bool
    /// A running project that lists it was completed.
    public var covered: Bool
    /// Quarters it had waited when this plan was made (the needs.csv `quarters_waited` cell, 0 when none).
    public var quartersWaited: Int
    enum CodingKeys: String, CodingKey {
        case planID = "plan_id", need, community, title, households, urgency, planned, covered
        case quartersWaited = "quarters_waited"
    }
}

/// A running project of the plan and how it went.
public struct ProjectRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "project"
    public var planID: Int64
    public var project: String
    public var title: String
    public var community: String
    public var leadUnit: String
    public var hours: Double
    public var sessions: Int
    public var unitFunds: Double
    public var streetFunds: Double
    /// The needs it lists, `;`-joined.
    public var needs: String
    public var completed: Bool
    /// `feedback` (the feedback file said so) or `attendance` (every session had someone there).
    public var completedFrom: String
    /// Residents' satisfaction 1–5 from the feedback file, nil when not given.
    public var satisfaction: Int?
    enum CodingKeys: String, CodingKey {
        case planID = "plan_id", project, title, community, hours, sessions, needs, completed, satisfaction
        case leadUnit = "lead_unit", unitFunds = "unit_funds", streetFunds = "street_funds", completedFrom = "completed_from"
    }
}

/// One planned member-session and whether the member came.
public struct SessionRecord: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "session"
    public var planID: Int64
    public var member: String
    public var project: String
    public var date: String
    public var hours: Double
    public var attended: Bool
    enum CodingKeys: String, CodingKey { case planID = "plan_id", member, project, date, hours, attended }
}
