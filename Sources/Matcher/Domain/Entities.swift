/// The domain values read from the five lists. Every cross-reference is an integer index
/// into the scenario's arrays (flat arrays, no object graph); `line` is the 1-based line
/// of the CSV record (the header is line 1), for messages.

public struct Community: Hashable, Sendable {
    public var id: String
    public var name: String
    public var street: String
    public var lat: Double
    public var lon: Double
    public var line: Int

    public init(id: String, name: String, street: String = "", lat: Double, lon: Double, line: Int = 0) {
        self.id = id; self.name = name; self.street = street; self.lat = lat; self.lon = lon; self.line = line
    }
}

public struct Need: Hashable, Sendable {
    public var id: String
    /// Index into `Scenario.communities`.
    public var community: Int
    /// Trimmed and lower-cased.
    public var category: String
    public var title: String
    public var households: Int
    public var urgency: Int
    public var line: Int

    /// The contract's w_i = households × urgency.
    public var weight: Int { households * urgency }

    public init(id: String, community: Int, category: String, title: String = "", households: Int, urgency: Int, line: Int = 0) {
        self.id = id; self.community = community; self.category = category; self.title = title
        self.households = households; self.urgency = urgency; self.line = line
    }
}

public struct Unit: Hashable, Sendable {
    public var id: String
    public var name: String
    public var kind: String
    public var lat: Double
    public var lon: Double
    /// Trimmed, lower-cased, sorted, without duplicates.
    public var categories: [String]
    /// Yuan.
    public var funds: Double
    public var minProjects: Int
    public var maxProjects: Int
    /// Indices into `Scenario.communities`, sorted.
    public var pairedCommunities: [Int]
    public var line: Int

    public init(id: String, name: String, kind: String = "", lat: Double, lon: Double, categories: [String],
                funds: Double = 0, minProjects: Int = 1, maxProjects: Int = 2, pairedCommunities: [Int] = [], line: Int = 0) {
        self.id = id; self.name = name; self.kind = kind; self.lat = lat; self.lon = lon; self.categories = categories
        self.funds = funds; self.minProjects = minProjects; self.maxProjects = maxProjects
        self.pairedCommunities = pairedCommunities; self.line = line
    }

    public func offers(_ category: String) -> Bool { categories.contains(category) }
}

/// `tag:count` from projects.skills; `tag` is an index into `Scenario.skillTags`.
public struct SkillRequirement: Hashable, Sendable {
    public var tag: Int
    public var count: Int
    public init(tag: Int, count: Int) { self.tag = tag; self.count = count }
}

public struct Project: Hashable, Sendable {
    public var id: String
    public var title: String
    /// Index into `Scenario.communities`.
    public var community: Int
    /// Trimmed and lower-cased.
    public var category: String
    /// Indices into `Scenario.needs`, in the order listed, without duplicates.
    public var needs: [Int]
    public var sessions: Int
    /// The `dates` rule as written, for reports.
    public var datesRule: String
    /// Candidate dates: the union of the rule's plain items minus its `!` items and the
    /// scenario's holidays, restricted to the period, ascending.
    public var candidateDates: [Day]
    public var slot: Slot
    public var minVolunteers: Int
    public var maxVolunteers: Int
    /// Hours per session.
    public var hours: Double
    /// Yuan.
    public var cost: Double
    /// One entry per distinct tag, sorted by tag index.
    public var skills: [SkillRequirement]
    public var lat: Double
    public var lon: Double
    /// projects.min_gap_days (contract v3); nil: the scenario's `min_days_between_sessions`.
    public var minGapDays: Int? = nil
    public var line: Int

    public init(id: String, title: String = "", community: Int, category: String, needs: [Int], sessions: Int,
                datesRule: String = "", candidateDates: [Day], slot: Slot, minVolunteers: Int, maxVolunteers: Int,
                hours: Double = 2, cost: Double = 0, skills: [SkillRequirement] = [], lat: Double, lon: Double, line: Int = 0) {
        self.id = id; self.title = title; self.community = community; self.category = category; self.needs = needs
        self.sessions = sessions; self.datesRule = datesRule; self.candidateDates = candidateDates; self.slot = slot
        self.minVolunteers = minVolunteers; self.maxVolunteers = maxVolunteers; self.hours = hours; self.cost = cost
        self.skills = skills; self.lat = lat; self.lon = lon; self.line = line
    }
}

public struct Member: Hashable, Sendable {
    public var id: String
    public var name: String
    /// Index into `Scenario.units`.
    public var unit: Int
    /// Index into `Scenario.communities`.
    public var community: Int
    /// Where the member stands for every distance (eligibility, the distance term, reasons,
    /// warnings): their own lat/lon, or their community's when both cells were empty (CONTRACT.md
    /// §2, version 3), resolved once when the list is read.
    public var lat: Double
    public var lon: Double
    /// Both lat and lon were empty: `lat`/`lon` are the community's (validate counts them; the
    /// lists themselves are never rewritten with the community's numbers).
    public var placedAtCommunity: Bool
    /// Indices into `Scenario.skillTags`, sorted, without duplicates.
    public var skills: [Int]
    /// The availability rule as written, for reports; compiled form lives in `Scenario.availability`.
    public var availabilityRule: String
    /// nil: the scenario's `max_sessions_per_member` (which a variant may change).
    public var maxSessions: Int?
    /// members.min_sessions, the participation target; nil: the scenario's `min_sessions_per_member`.
    public var minSessions: Int?
    public var line: Int

    public init(id: String, name: String = "", unit: Int, community: Int, lat: Double, lon: Double, placedAtCommunity: Bool = false,
                skills: [Int] = [], availabilityRule: String = "", maxSessions: Int? = nil, minSessions: Int? = nil, line: Int = 0) {
        self.id = id; self.name = name; self.unit = unit; self.community = community; self.lat = lat; self.lon = lon
        self.placedAtCommunity = placedAtCommunity
        self.skills = skills; self.availabilityRule = availabilityRule; self.maxSessions = maxSessions
        self.minSessions = minSessions; self.line = line
    }

    public func hasSkill(_ tag: Int) -> Bool { skills.contains(tag) }
}
