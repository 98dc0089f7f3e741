import Foundation
import Testing
@testable import Matcher

/// A small scenario built in code, and plans for it written by hand.
///
/// Two communities, two units, two projects, four needs, five members, quarter 2027Q1:
/// - P1 (C1, elderly, needs N1 N2): 2 of 3 candidate Saturdays, am, 1..2 staff, first-aid:1, cost 1000, 2 h.
/// - P2 (C2, kids, need N3): 2027-01-17 pm, exactly 2 staff, cost 500, 3 h.
/// - N4 is listed by no project.
/// - U1 (elderly only, funds 800, max 1) is 0.56 km from P1; U2 (elderly, kids, min 2) sits at C2.
/// - M1, M2 and M4 lie due north or south of their projects, so their distances are exactly
///   6371 km × Δlat in radians; M5 is 5.6 km away from everything.
enum PlanFixture {
    static let kmPerDegreeLat = 6371.0 * Double.pi / 180
    static let period = Period(quarter: "2027Q1")!

    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static func bits(_ items: [(String, Slot)]) -> AvailabilityBits {
        var b = AvailabilityBits(period: period)
        for (iso, slot) in items { b.set(dayIndex: period.index(of: day(iso)), slot: slot, true) }
        return b
    }

    static var settings: Settings {
        var s = Settings()
        s.streetBudget = 1000
        s.unitShortfall = 10
        return s
    }

    static var scenario: Scenario {
        let communities = [
            Community(id: "C1", name: "东风社区", street: "北京路街道", lat: 39.900, lon: 116.400, line: 2),
            Community(id: "C2", name: "Riverside, \"East\"", lat: 39.900, lon: 116.420, line: 3),
        ]
        let needs = [
            Need(id: "N1", community: 0, category: "elderly", title: "独居老人助餐", households: 10, urgency: 3),
            Need(id: "N2", community: 0, category: "elderly", title: "Visits", households: 5, urgency: 2),
            Need(id: "N3", community: 1, category: "kids", title: "After-school care", households: 8, urgency: 4),
            Need(id: "N4", community: 1, category: "kids", title: "Reading, corner", households: 2, urgency: 1),
        ]
        let units = [
            Unit(id: "U1", name: "第一中学", kind: "school", lat: 39.905, lon: 116.400, categories: ["elderly"],
                 funds: 800, minProjects: 1, maxProjects: 1),
            Unit(id: "U2", name: "Bank of \"River\"", kind: "company", lat: 39.900, lon: 116.420,
                 categories: ["elderly", "kids"], funds: 0, minProjects: 2, maxProjects: 2),
        ]
        let projects = [
            Project(id: "P1", title: "Lunch, \"hot\" meals", community: 0, category: "elderly", needs: [0, 1], sessions: 2,
                    datesRule: "weekday:sat", candidateDates: [day("2027-01-16"), day("2027-01-23"), day("2027-01-30")],
                    slot: .am, minVolunteers: 1, maxVolunteers: 2, hours: 2, cost: 1000,
                    skills: [SkillRequirement(tag: 0, count: 1)], lat: 39.900, lon: 116.400),
            Project(id: "P2", title: "Homework club", community: 1, category: "kids", needs: [2], sessions: 1,
                    datesRule: "2027-01-17", candidateDates: [day("2027-01-17")], slot: .pm,
                    minVolunteers: 2, maxVolunteers: 2, hours: 3, cost: 500, lat: 39.900, lon: 116.420),
        ]
        let members = [
            Member(id: "M1", name: "王芳", unit: 0, community: 0, lat: 39.909, lon: 116.400, skills: [0]),
            Member(id: "M2", name: "Li, Lei", unit: 0, community: 0, lat: 39.8955, lon: 116.400),
            Member(id: "M3", name: "张伟", unit: 1, community: 1, lat: 39.900, lon: 116.420, skills: [1]),
            Member(id: "M4", name: "Chen", unit: 1, community: 1, lat: 39.909, lon: 116.420),
            Member(id: "M5", name: "Far Away", unit: 1, community: 0, lat: 39.950, lon: 116.400, maxSessions: 1),
        ]
        var table = AvailabilityTable(period: period)
        table.append(bits([("2027-01-16", .am), ("2027-01-23", .am)]))
        table.append(bits([("2027-01-16", .am), ("2027-01-23", .am)]))
        table.append(bits([("2027-01-16", .am), ("2027-01-17", .pm)]))
        table.append(bits([("2027-01-16", .am), ("2027-01-17", .pm)]))
        table.append(bits(period.days.flatMap { d in Slot.allCases.map { (d.iso, $0) } }))
        return Scenario(name: "Plan test street, 2027 Q1", period: period, settings: settings, communities: communities,
                        needs: needs, units: units, projects: projects, members: members,
                        skillTags: ["first-aid", "tutoring"], availability: table)
    }

    /// Distance term of `feasiblePlan`, by hand: members at 0.009°, 0.009°, 0.0045°, 0° and
    /// 0.009° of latitude from their projects, times distance_per_km 0.5.
    static let feasibleDistanceKm = kmPerDegreeLat * (0.009 + 0.009 + 0.0045 + 0 + 0.009)
    static let feasibleTerms = Plan.Terms(needs: 30 + 10 + 32, distance: 0.5 * feasibleDistanceKm, unitShortfall: 10)

    static var feasiblePlan: Plan {
        Plan(scenario: "Plan test street, 2027 Q1", variant: "base", status: .optimal,
             objective: feasibleTerms.objective, bestBound: feasibleTerms.objective, gap: 0,
             objectiveTerms: feasibleTerms,
             projects: [
                .init(id: "P1", leadUnit: "U1", dates: ["2027-01-16", "2027-01-23"], unitFunds: 800, streetFunds: 200),
                .init(id: "P2", leadUnit: "U2", dates: ["2027-01-17"], unitFunds: 0, streetFunds: 500),
             ],
             assignments: [
                .init(member: "M1", project: "P1", date: "2027-01-16"),
                .init(member: "M1", project: "P1", date: "2027-01-23"),
                .init(member: "M2", project: "P1", date: "2027-01-16"),
                .init(member: "M3", project: "P2", date: "2027-01-17"),
                .init(member: "M4", project: "P2", date: "2027-01-17"),
             ],
             needs: [
                .init(id: "N1", covered: true, reason: nil),
                .init(id: "N2", covered: true, reason: nil),
                .init(id: "N3", covered: true, reason: nil),
                .init(id: "N4", covered: false, reason: "no project lists this need"),
             ])
    }

    // MARK: files

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory(_ tag: String = #function) throws -> String {
        let safe = tag.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "planio-\(safe)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `scenario` as the contract's scenario.yaml and five CSV lists (English headers,
    /// explicit dates and availability tokens) into `dir`; returns the YAML path.
    static func writeContractFiles(_ sc: Scenario, settings: Settings, to dir: String) throws -> String {
        func csv(_ name: String, _ header: [String], _ rows: [[String]]) throws {
            try CSVOutput(header: header, rows: rows).data.write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        func num(_ x: Double) -> String { "\(x)" }
        try csv("communities.csv", ["id", "name", "street", "lat", "lon"],
                sc.communities.map { [$0.id, $0.name, $0.street, num($0.lat), num($0.lon)] })
        try csv("needs.csv", ["id", "community", "category", "title", "households", "urgency"],
                sc.needs.map { [$0.id, sc.communities[$0.community].id, $0.category, $0.title, "\($0.households)", "\($0.urgency)"] })
        try csv("units.csv", ["id", "name", "kind", "lat", "lon", "categories", "funds", "min_projects", "max_projects", "paired_communities"],
                sc.units.map { u in [u.id, u.name, u.kind, num(u.lat), num(u.lon), u.categories.joined(separator: ";"), num(u.funds),
                                     "\(u.minProjects)", "\(u.maxProjects)", u.pairedCommunities.map { sc.communities[$0].id }.joined(separator: ";")] })
        try csv("projects.csv", ["id", "title", "community", "category", "needs", "sessions", "dates", "slot", "min_volunteers",
                                 "max_volunteers", "hours", "cost", "skills", "lat", "lon"],
                sc.projects.map { p in [p.id, p.title, sc.communities[p.community].id, p.category, p.needs.map { sc.needs[$0].id }.joined(separator: ";"),
                                        "\(p.sessions)", p.candidateDates.map(\.iso).joined(separator: ";"), p.slot.name,
                                        "\(p.minVolunteers)", "\(p.maxVolunteers)", num(p.hours), num(p.cost),
                                        p.skills.map { "\(sc.skillTags[$0.tag]):\($0.count)" }.joined(separator: ";"), num(p.lat), num(p.lon)] })
        try csv("members.csv", ["id", "name", "unit", "community", "lat", "lon", "skills", "availability", "max_sessions"],
                sc.members.enumerated().map { i, m in
                    var tokens: [String] = []
                    for (k, d) in sc.period.days.enumerated() {
                        for s in Slot.allCases where sc.availability.isAvailable(member: i, dayIndex: k, slot: s) { tokens.append("\(d.iso)-\(s.name)") }
                    }
                    return [m.id, m.name, sc.units[m.unit].id, sc.communities[m.community].id, num(m.lat), num(m.lon),
                            m.skills.map { sc.skillTags[$0] }.joined(separator: ";"), tokens.joined(separator: ";"), m.maxSessions.map(String.init) ?? ""]
                })
        var yaml = """
            name: "\(sc.name)"
            start: \(sc.period.start.iso)
            end: \(sc.period.end.iso)
            data:
              communities: communities.csv
              needs: needs.csv
              units: units.csv
              projects: projects.csv
              members: members.csv
            rules:
              max_distance_km: \(settings.maxDistanceKm)
              unit_max_distance_km: \(settings.unitMaxDistanceKm)
              max_sessions_per_member: \(settings.maxSessionsPerMember)

            """
        if let b = settings.streetBudget { yaml += "  street_budget: \(b)\n" }
        yaml += """
            weights:
              distance_per_km: \(settings.distancePerKm)
              unit_shortfall: \(settings.unitShortfall)

            """
        let path = dir + "/scenario.yaml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    struct PythonVerdict {
        var exitCode: Int32
        var objective: Double
        var violationCount: Int
        var violations: [String]
    }

    /// Runs the independent Python checker on a scenario and plan file.
    static func runIndependentChecker(scenario: String, plan: String) throws -> PythonVerdict {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ContractChecker.checkplan.path, scenario, plan]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CheckerFailure(message: String(decoding: errData, as: UTF8.self))
        }
        return PythonVerdict(exitCode: process.terminationStatus,
                             objective: (json["objective"] as? NSNumber)?.doubleValue ?? .nan,
                             violationCount: (json["violation_count"] as? NSNumber)?.intValue ?? -1,
                             violations: json["violations"] as? [String] ?? [])
    }

    struct CheckerFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { "checkplan.py gave no JSON: \(message)" }
    }
}
