/// The contract's eligibility rules (section 3), shared by validation, the model and the checker.
public enum Eligibility {
    /// May `member` staff `project` on `day`? (d a candidate date, available in the slot,
    /// within max_distance_km inclusive, max_sessions >= 1).
    public static func member(_ m: Int, project p: Int, day: Day, in scenario: Scenario, settings: Settings) -> Bool {
        let project = scenario.projects[p]
        guard scenario.maxSessions(of: m, settings: settings) >= 1,
              project.candidateDates.contains(day),
              scenario.availability.isAvailable(member: m, day: day, slot: project.slot) else { return false }
        return memberDistance(m, project: p, in: scenario) <= settings.maxDistanceKm
    }

    public static func memberDistance(_ m: Int, project p: Int, in scenario: Scenario) -> Double {
        let a = scenario.members[m], b = scenario.projects[p]
        return haversineKm(a.lat, a.lon, b.lat, b.lon)
    }

    public static func unitDistance(_ u: Int, project p: Int, in scenario: Scenario) -> Double {
        let a = scenario.units[u], b = scenario.projects[p]
        return haversineKm(a.lat, a.lon, b.lat, b.lon)
    }

    /// May `unit` lead `project`? (category offered, and paired with the project's community
    /// or within unit_max_distance_km inclusive).
    public static func unit(_ u: Int, project p: Int, in scenario: Scenario, settings: Settings) -> Bool {
        let unit = scenario.units[u], project = scenario.projects[p]
        guard unit.offers(project.category) else { return false }
        if unit.pairedCommunities.contains(project.community) { return true }
        return unitDistance(u, project: p, in: scenario) <= settings.unitMaxDistanceKm
    }
}
