/// What `match generate` makes: a preset's sizes, each of which a knob may override.
public struct GeneratorConfig: Hashable, Sendable {
    public enum Preset: String, CaseIterable, Sendable {
        /// One street office: 8 communities, 40 units, 150 needs, 60 projects, 2,000 members.
        case street
        /// A district of 6 streets: ~50 communities, 450 units, ~900 needs, 360 projects, 12,000 members.
        case district
        /// A city of 100 streets: ~800 communities, 3,600 units, ~14,000 needs, 6,000 projects, 171,000 members.
        case city
    }

    public var preset: Preset
    public var seed: UInt64
    public var streets: Int
    public var communities: Int
    public var units: Int
    public var needs: Int
    public var projects: Int
    public var members: Int
    /// The planning quarter written to scenario.yaml (volunteer days and the Spring
    /// Festival exclusions are drawn for 2027 Q1).
    public var quarter: String = "2027Q1"
    /// Scarce shapes (issue 14's benchmark): the service circle, a fixed street budget instead of
    /// one drawn from the projects' costs, and the distance cost. nil: the defaults (2 km, drawn, 0.5).
    public var maxDistanceKm: Double?
    public var streetBudget: Int?
    public var distancePerKm: Double?
    /// Share of members written with empty lat/lon (contract v3: they stand at their community), 0...1.
    public var membersWithoutCoordinates: Double = 0
    /// Contract v3: `rules.min_days_between_sessions` (nil: not written, 0), a `min_gap_days`
    /// column with some projects' own gaps, and `rules.street_budgets` for every street.
    public var minGapDays: Int?
    public var projectGaps = false
    public var streetBudgets = false

    public init(preset: Preset = .street, seed: UInt64 = 1) {
        self.preset = preset
        self.seed = seed
        switch preset {
        case .street:
            streets = 1; communities = 8; units = 40; needs = 150; projects = 60; members = 2_000
        case .district:
            streets = 6; communities = 50; units = 450; needs = 900; projects = 360; members = 12_000
        case .city:
            streets = 100; communities = 800; units = 3_600; needs = 14_000; projects = 6_000; members = 171_000
        }
    }

    /// The memberwise form, for tests and custom sizes.
    public init(preset: Preset = .street, seed: UInt64 = 1, streets: Int, communities: Int, units: Int,
                needs: Int, projects: Int, members: Int) {
        self.preset = preset; self.seed = seed; self.streets = streets; self.communities = communities
        self.units = units; self.needs = needs; self.projects = projects; self.members = members
    }

    /// Problems with the sizes, in words; empty when they are usable.
    public var problems: [String] {
        var p: [String] = []
        if streets < 1 { p.append("--streets must be at least 1") }
        if communities < streets { p.append("--communities (\(communities)) must be at least --streets (\(streets))") }
        if units < 1 { p.append("--units must be at least 1") }
        if needs < 0 { p.append("--needs must not be negative") }
        if projects < 0 { p.append("--projects must not be negative") }
        if projects > 0 && needs < 1 { p.append("--projects needs at least one need to bundle") }
        if members < 0 { p.append("--members must not be negative") }
        let cap = 10_000_000
        for (name, v) in [("streets", streets), ("communities", communities), ("units", units),
                          ("needs", needs), ("projects", projects), ("members", members)] where v > cap {
            p.append("--\(name) (\(v)) is above \(cap)")
        }
        if let km = maxDistanceKm, !(km > 0 && km <= 100) { p.append("--max-distance-km (\(km)) must be above 0 and at most 100") }
        if let b = streetBudget, b < 0 { p.append("--street-budget (\(b)) must not be negative") }
        if let w = distancePerKm, !(w >= 0 && w <= 1_000) { p.append("--distance-per-km (\(w)) must be between 0 and 1000") }
        if !(membersWithoutCoordinates >= 0 && membersWithoutCoordinates <= 1) {
            p.append("--members-without-coordinates (\(membersWithoutCoordinates)) must be between 0 and 1")
        }
        if let g = minGapDays, !(0...92).contains(g) { p.append("--min-gap-days (\(g)) must be between 0 and 92") }
        if Period(quarter: quarter) == nil { p.append("quarter '\(quarter)' is not of the form 2027Q1") }
        return p
    }

    /// `generated/<preset>-<seed>`.
    public var defaultDirectory: String { "generated/\(preset.rawValue)-\(seed)" }
}
