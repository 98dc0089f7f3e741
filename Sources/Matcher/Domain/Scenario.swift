/// `rules`, `weights` and `solver` of the scenario file, with the contract's defaults.
public struct Settings: Hashable, Sendable {
    /// rules.max_distance_km: a member serves only within this distance of a project.
    public var maxDistanceKm: Double = 2.0
    /// rules.unit_max_distance_km: a unit may lead a project this close, or in a paired community.
    public var unitMaxDistanceKm: Double = 5.0
    /// rules.max_sessions_per_member: default for an empty members.max_sessions.
    public var maxSessionsPerMember: Int = 4
    /// rules.street_budget in yuan; nil = no limit.
    public var streetBudget: Double? = nil
    /// rules.min_sessions_per_member: participation target for an empty members.min_sessions (contract v2).
    public var minSessionsPerMember: Int = 0
    /// rules.min_days_between_sessions: spacing default for an empty projects.min_gap_days (contract v3).
    public var minDaysBetweenSessions: Int = 0
    /// rules.street_budgets: yuan per street (communities.street), beside the total (contract v3); nil = none.
    public var streetBudgets: [String: Double]? = nil
    /// weights.distance_per_km.
    public var distancePerKm: Double = 0.5
    /// weights.unit_shortfall.
    public var unitShortfall: Double = 100
    /// weights.participation_shortfall: cost per session a member stays below the target (contract v2).
    public var participationShortfall: Double = 0
    /// weights.change: what `match replan` charges per member-session removed or added (not in
    /// the contract's objective; the contract's checker ignores the key). Default 5.
    public var changeWeight: Double = 5
    /// solver.time_limit_s.
    public var timeLimitSeconds: Double = 60
    /// solver.mip_gap (relative).
    public var mipGap: Double = 0.0001

    public init() {}
}

/// Keys a variant overrides; nil = inherit from the base settings.
public struct SettingsOverride: Hashable, Sendable {
    public var maxDistanceKm: Double?
    public var unitMaxDistanceKm: Double?
    public var maxSessionsPerMember: Int?
    /// `.some(nil)` removes the base budget (a variant writing `street_budget: null`).
    public var streetBudget: Double??
    public var minSessionsPerMember: Int?
    public var minDaysBetweenSessions: Int?
    /// The whole map (a variant that sets it replaces the base's); `.some(nil)` removes it.
    public var streetBudgets: [String: Double]??
    public var distancePerKm: Double?
    public var unitShortfall: Double?
    public var participationShortfall: Double?
    public var changeWeight: Double?
    public var timeLimitSeconds: Double?
    public var mipGap: Double?

    public init() {}

    public func applied(to base: Settings) -> Settings {
        var s = base
        if let v = maxDistanceKm { s.maxDistanceKm = v }
        if let v = unitMaxDistanceKm { s.unitMaxDistanceKm = v }
        if let v = maxSessionsPerMember { s.maxSessionsPerMember = v }
        if let v = streetBudget { s.streetBudget = v }
        if let v = minSessionsPerMember { s.minSessionsPerMember = v }
        if let v = minDaysBetweenSessions { s.minDaysBetweenSessions = v }
        if let v = streetBudgets { s.streetBudgets = v }
        if let v = distancePerKm { s.distancePerKm = v }
        if let v = unitShortfall { s.unitShortfall = v }
        if let v = participationShortfall { s.participationShortfall = v }
        if let v = changeWeight { s.changeWeight = v }
        if let v = timeLimitSeconds { s.timeLimitSeconds = v }
        if let v = mipGap { s.mipGap = v }
        return s
    }
}

public struct Variant: Hashable, Sendable {
    public var name: String
    public var override: SettingsOverride
    public init(name: String, override: SettingsOverride) { self.name = name; self.override = override }
}

/// Where each list came from (absolute paths), for messages and reports.
public struct ScenarioFiles: Hashable, Sendable {
    public var scenario: String
    public var communities: String
    public var needs: String
    public var units: String
    public var projects: String
    public var members: String
    public init(scenario: String, communities: String, needs: String, units: String, projects: String, members: String) {
        self.scenario = scenario; self.communities = communities; self.needs = needs
        self.units = units; self.projects = projects; self.members = members
    }
}

/// A validated scenario: the five lists as flat arrays with integer cross-references,
/// in file order, plus the settings and variants of the scenario file.
public struct Scenario: Sendable {
    public var name: String
    public var period: Period
    /// The scenario's `holidays` inside the period, ascending: no session on them (contract v2).
    public var holidays: [Day]
    public var settings: Settings
    public var variants: [Variant]
    public var files: ScenarioFiles?
    public var communities: [Community]
    public var needs: [Need]
    public var units: [Unit]
    public var projects: [Project]
    public var members: [Member]
    /// Distinct skill tags (trimmed, lower-cased) of members and projects; members and
    /// projects refer to them by index.
    public var skillTags: [String]
    /// Row i is members[i].
    public var availability: AvailabilityTable
    /// The scenario file's `slot_times` (defaults when absent).
    public var slotTimes = SlotTimes()
    /// Optional columns carried through to the outputs: places, times, phones, other member columns.
    public var extras = ContactExtras()
    /// The scenario file's `outputs.mask_phones` (default true): phone numbers on outputs meant
    /// to be posted or shared (community pages, report, compare, ledger pages, sessions.ics)
    /// are masked by `PhoneMask`; the planner's own files keep them whole (docs/OUTPUTS.md).
    public var maskPhones = true

    public init(name: String, period: Period, holidays: [Day] = [], settings: Settings = Settings(), variants: [Variant] = [],
                files: ScenarioFiles? = nil, communities: [Community], needs: [Need], units: [Unit],
                projects: [Project], members: [Member], skillTags: [String], availability: AvailabilityTable) {
        self.name = name; self.period = period; self.holidays = holidays; self.settings = settings; self.variants = variants; self.files = files
        self.communities = communities; self.needs = needs; self.units = units; self.projects = projects
        self.members = members; self.skillTags = skillTags; self.availability = availability
    }

    /// The settings of `variant` ("base" or nil: the scenario's own).
    public func settings(for variant: String?) throws(VariantError) -> Settings {
        guard let variant, variant != "base" else { return settings }
        guard let v = variants.first(where: { $0.name == variant }) else {
            throw VariantError(name: variant, known: variants.map(\.name))
        }
        return v.override.applied(to: settings)
    }

    /// When project `p`'s sessions meet: its own start/end (an end missing: start + hours),
    /// else the scenario's time of its slot.
    public func timeSpan(of p: Int) -> TimeSpan {
        let slot = slotTimes[projects[p].slot]
        let start = p < extras.projectStart.count ? extras.projectStart[p] : nil
        let end = p < extras.projectEnd.count ? extras.projectEnd[p] : nil
        switch (start, end) {
        case let (s?, e?): return TimeSpan(start: s, end: e)
        case let (s?, nil):
            return TimeSpan(start: s, end: ClockTime(minutes: min(23 * 60 + 59, s.minutes + Int((projects[p].hours * 60).rounded()))))
        case let (nil, e?): return TimeSpan(start: slot.start < e ? slot.start : e, end: e)
        case (nil, nil): return slot
        }
    }

    /// members.max_sessions, or the rule's default when the cell was empty.
    @inline(__always)
    public func maxSessions(of member: Int, settings: Settings) -> Int {
        members[member].maxSessions ?? settings.maxSessionsPerMember
    }

    /// The contract's participation target t_m = min(min_sessions_m, max_sessions_m), where
    /// min_sessions_m is the member's cell or the rule's default when the cell was empty.
    @inline(__always)
    public func participationTarget(of member: Int, settings: Settings) -> Int {
        min(members[member].minSessions ?? settings.minSessionsPerMember, maxSessions(of: member, settings: settings))
    }

    /// The contract's gap_p: projects.min_gap_days, or the rule's default when the cell was empty
    /// (constraint 14: two sessions of p at least this many days apart).
    @inline(__always)
    public func minGap(of project: Int, settings: Settings) -> Int {
        projects[project].minGapDays ?? settings.minDaysBetweenSessions
    }

    /// Whether constraint 13 and q_m can matter at all under `settings` (some target above 0).
    public func hasParticipationTargets(settings: Settings) -> Bool {
        members.indices.contains { participationTarget(of: $0, settings: settings) > 0 }
    }
}

public struct VariantError: Error, Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var known: [String]
    public var description: String {
        "unknown variant '\(name)'; the scenario has " + (known.isEmpty ? "no variants" : "variants: base, " + known.joined(separator: ", "))
    }
}

/// Id → index maps of a scenario's lists (first occurrence wins), for reading plans back.
public struct ScenarioIds: Sendable {
    public let projects: [String: Int]
    public let units: [String: Int]
    public let members: [String: Int]
    public let needs: [String: Int]

    public init(_ scenario: Scenario) {
        func index<T>(_ items: [T], _ id: (T) -> String) -> [String: Int] {
            var d = [String: Int](minimumCapacity: items.count)
            for (i, x) in items.enumerated() where d[id(x)] == nil { d[id(x)] = i }
            return d
        }
        projects = index(scenario.projects) { $0.id }
        units = index(scenario.units) { $0.id }
        members = index(scenario.members) { $0.id }
        needs = index(scenario.needs) { $0.id }
    }
}
