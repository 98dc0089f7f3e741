/// The largest (and smallest) value `validate` accepts for every number of the scenario and
/// its lists (docs/INPUT.md, "Ranges"). Each bound is far beyond any real street office's
/// figures and far inside what the arithmetic of the model, GLPK and the outputs can hold:
/// a value outside gets a clear error instead of an overflow trap, an `inf` coefficient or
/// a GLPK assertion.
enum Limits {
    /// Households of one need.
    static let households = 1...1_000_000_000
    /// Sessions of one project: at most one a day over the longest period.
    static let sessions = 1...ScenarioFile.maxPeriodDays
    /// Days between two sessions of one project (rules.min_days_between_sessions, projects.min_gap_days).
    static let gapDays = 0...ScenarioFile.maxPeriodDays
    /// Volunteers per session, and members with one skill a session needs.
    static let volunteers = 0...10_000
    /// Projects a unit leads at least / at most.
    static let projectsPerUnit = 0...10_000
    /// Sessions of one member (max_sessions, rules.max_sessions_per_member): one per slot and day.
    static let sessionsPerMember = 0...(3 * ScenarioFile.maxPeriodDays)
    /// Yuan: a unit's funds, a project's cost, the street budget (1,000,000,000 = 10亿元).
    static let money: ClosedRange<Double> = 0...1_000_000_000
    /// Hours of one session.
    static let hours: ClosedRange<Double> = 0...24
    /// Service circles (rules.max_distance_km, rules.unit_max_distance_km), km.
    static let distanceKm: ClosedRange<Double> = 0...1_000
    /// Weights of the objective.
    static let distanceWeight: ClosedRange<Double> = 0...1_000_000
    static let shortfallWeight: ClosedRange<Double> = 0...1_000_000_000
    /// solver.time_limit_s (a week) and solver.mip_gap (below 1).
    static let timeLimitSeconds: ClosedRange<Double> = 0...604_800
    static let mipGap: ClosedRange<Double> = 0...0.99

    /// A bound as written in messages: whole numbers without a decimal point.
    static func text(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
