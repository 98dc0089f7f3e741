import Foundation
import Testing
@testable import Matcher

@Suite struct PlanCheckTests {
    typealias F = PlanFixture

    @Test func feasiblePlanHasNoViolationsAndTheHandComputedObjective() {
        let r = PlanCheck.check(F.feasiblePlan, scenario: F.scenario, settings: F.settings)
        #expect(r.violations == [])
        #expect(r.isFeasible)
        #expect(r.terms.needs == 72)
        #expect(abs(r.terms.distance - 0.5 * F.kmPerDegreeLat * 0.0315) < 1e-9)
        #expect(r.terms.unitShortfall == 10)
        #expect(abs(r.objective - (72 - 0.5 * F.kmPerDegreeLat * 0.0315 - 10)) < 1e-9)
        #expect(r.statedObjectiveMatches)
        #expect(r.statedTermsMatch)
        #expect(r.passed)
    }

    @Test func wrongStatedObjectiveIsReportedApartFromFeasibility() {
        var plan = F.feasiblePlan
        plan.objective += 0.01
        let r = PlanCheck.check(plan, scenario: F.scenario, settings: F.settings)
        #expect(r.isFeasible)
        #expect(!r.statedObjectiveMatches)
        #expect(!r.passed)
        let report = PlanCheckCommand.report(plan: plan, scenario: F.scenario, settings: F.settings)
        #expect(report.verdict == .violations)
        #expect(report.output.contains("stated objective"))
        #expect(report.output.hasSuffix("1 violation; recomputed objective 60.2487 (needs 72 − distance 1.7513 − unit shortfall 10)\n"))
    }

    @Test func objectiveWithinToleranceMatches() {
        var plan = F.feasiblePlan
        plan.objective += 1e-7
        #expect(PlanCheck.check(plan, scenario: F.scenario, settings: F.settings).statedObjectiveMatches)
    }

    @Test func shortfallFollowsTheProjectsLed() {
        var plan = F.feasiblePlan
        plan.projects.removeLast() // P2 stops: U2 leads none, 2 below its minimum
        let r = PlanCheck.check(plan, scenario: F.scenario, settings: F.settings)
        #expect(r.terms.unitShortfall == 20)
        #expect(r.terms.needs == 40)
    }

    @Test func pairedCommunityLetsAFarUnitLead() {
        var sc = F.scenario
        sc.units[0].lat = 40.2 // 33 km away
        #expect(PlanCheck.check(F.feasiblePlan, scenario: sc, settings: F.settings).violations
            .contains { $0.contains("lead unit U1 may not lead it") && $0.contains("not paired with C1") })
        sc.units[0].pairedCommunities = [0]
        #expect(PlanCheck.check(F.feasiblePlan, scenario: sc, settings: F.settings).violations == [])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var expect: [String]
        var mutate: @Sendable (inout Plan, inout Scenario, inout Settings) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown project", expect: ["project P9: not in the scenario"]) { plan, _, _ in
            plan.projects.append(.init(id: "P9", leadUnit: "U1", dates: [], unitFunds: 0, streetFunds: 0))
        },
        Case(name: "project listed twice", expect: ["project P1: listed twice"]) { plan, _, _ in
            plan.projects.append(plan.projects[0])
        },
        Case(name: "lead unit without the category", expect: ["project P2: lead unit U1 may not lead it", "does not offer category 'kids'"]) { plan, _, _ in
            plan.projects[1].leadUnit = "U1"
        },
        Case(name: "unknown lead unit", expect: ["project P2: lead unit U9 is not in the scenario"]) { plan, _, _ in
            plan.projects[1].leadUnit = "U9"
        },
        Case(name: "lead unit too far", expect: ["lead unit U1 may not lead it", "km away, beyond 5 km"]) { _, sc, _ in
            sc.units[0].lat = 40.0
        },
        Case(name: "too few dates", expect: ["project P1: 1 date, needs 2"]) { plan, _, _ in
            plan.projects[0].dates = ["2027-01-16"]
            plan.assignments.remove(at: 1)
        },
        Case(name: "date listed twice", expect: ["project P1: date 2027-01-16 listed twice"]) { plan, _, _ in
            plan.projects[0].dates.append("2027-01-16")
        },
        Case(name: "not a candidate date", expect: ["project P1: 2027-01-24 is not a candidate date"]) { plan, _, _ in
            plan.projects[0].dates[1] = "2027-01-24"
        },
        Case(name: "not a date", expect: ["project P1: '2027-02-30' is not a date"]) { plan, _, _ in
            plan.projects[0].dates[1] = "2027-02-30"
        },
        Case(name: "funds short of the cost", expect: ["project P1: funds 800 + 100 = 900, cost is 1000"]) { plan, _, _ in
            plan.projects[0].streetFunds = 100
        },
        Case(name: "negative funds", expect: ["project P1: negative funds"]) { plan, _, _ in
            plan.projects[0].streetFunds = -200
            plan.projects[0].unitFunds = 1200
        },
        Case(name: "unit leads too many", expect: ["unit U2: leads 1 project, max 0"]) { _, sc, _ in
            sc.units[1].maxProjects = 0
        },
        Case(name: "unit gives more than it has", expect: ["unit U1: gives 900 yuan, has 800"]) { plan, _, _ in
            plan.projects[0].unitFunds = 900
            plan.projects[0].streetFunds = 100
        },
        Case(name: "street budget", expect: ["street funds 700 yuan exceed the budget 600"]) { _, _, settings in
            settings.streetBudget = 600
        },
        Case(name: "unknown member", expect: ["assignment M9 to P1 on 2027-01-23: member M9 is not in the scenario"]) { plan, _, _ in
            plan.assignments.append(.init(member: "M9", project: "P1", date: "2027-01-23"))
        },
        Case(name: "unknown project in an assignment", expect: ["project P7 is not in the scenario"]) { plan, _, _ in
            plan.assignments.append(.init(member: "M1", project: "P7", date: "2027-01-23"))
        },
        Case(name: "assignment listed twice", expect: ["assignment M2 to P1 on 2027-01-16: listed twice"]) { plan, _, _ in
            plan.assignments.append(plan.assignments[2])
        },
        Case(name: "session not held that day", expect: ["assignment M5 to P1 on 2027-01-30: session not held", "no session that day"]) { plan, _, _ in
            plan.assignments.append(.init(member: "M5", project: "P1", date: "2027-01-30"))
        },
        Case(name: "project does not run", expect: ["assignment M3 to P2 on 2027-01-17: session not held (P2 does not run)"]) { plan, _, _ in
            plan.projects.removeLast()
        },
        Case(name: "member too far", expect: ["assignment M5 to P1 on 2027-01-23: member not eligible", "km away, beyond 2 km"]) { plan, _, _ in
            plan.assignments.append(.init(member: "M5", project: "P1", date: "2027-01-23"))
        },
        Case(name: "member not available", expect: ["assignment M2 to P1 on 2027-01-23: member not eligible (M2 is not available on 2027-01-23 am)"]) { plan, sc, _ in
            var row = sc.availability.row(1)
            row.set(dayIndex: sc.period.index(of: F.day("2027-01-23")), slot: .am, false)
            var table = AvailabilityTable(period: sc.period)
            for m in 0..<sc.members.count { table.append(m == 1 ? row : sc.availability.row(m)) }
            sc.availability = table
            plan.assignments.append(.init(member: "M2", project: "P1", date: "2027-01-23"))
        },
        Case(name: "member with max_sessions 0", expect: ["member not eligible (M2 has max_sessions 0)"]) { _, sc, _ in
            sc.members[1].maxSessions = 0
        },
        Case(name: "member over max_sessions", expect: ["member M1: 2 sessions, max 1"]) { _, _, settings in
            settings.maxSessionsPerMember = 1
        },
        Case(name: "double-booked", expect: ["member M3: double-booked on 2027-01-16 am (P1, P2)"]) { plan, sc, _ in
            sc.projects[1].slot = .am
            sc.projects[1].candidateDates = [F.day("2027-01-16")]
            plan.projects[1].dates = ["2027-01-16"]
            plan.assignments[2].member = "M3"
            plan.assignments[3].date = "2027-01-16"
            plan.assignments[4].date = "2027-01-16"
        },
        Case(name: "too few staff", expect: ["session P2 on 2027-01-17: 1 staff, needs 2..2"]) { plan, _, _ in
            plan.assignments.removeLast()
        },
        Case(name: "too many staff", expect: ["session P1 on 2027-01-16: 3 staff, needs 1..2"]) { plan, sc, _ in
            sc.members[3].lat = 39.905; sc.members[3].lon = 116.400
            plan.assignments.append(.init(member: "M4", project: "P1", date: "2027-01-16"))
        },
        Case(name: "skill missing", expect: ["session P1 on 2027-01-23: 0 with skill 'first-aid', needs 1"]) { plan, _, _ in
            plan.assignments[1].member = "M2"
        },
        Case(name: "need missing from the list", expect: ["need N4: missing from plan.needs"]) { plan, _, _ in
            plan.needs.removeLast()
        },
        Case(name: "unknown need in the list", expect: ["need N9: in plan.needs but not in the scenario"]) { plan, _, _ in
            plan.needs.append(.init(id: "N9", covered: false, reason: "x"))
        },
        Case(name: "need listed twice", expect: ["need N1: listed twice in plan.needs"]) { plan, _, _ in
            plan.needs.append(plan.needs[0])
        },
        Case(name: "covered flag set wrongly", expect: ["need N4: marked covered, but no running project lists it"]) { plan, _, _ in
            plan.needs[3] = .init(id: "N4", covered: true, reason: nil)
        },
        Case(name: "covered flag cleared wrongly", expect: ["need N1: marked uncovered, but a running project lists it"]) { plan, _, _ in
            plan.needs[0] = .init(id: "N1", covered: false, reason: "?")
        },
        Case(name: "uncovered without reason", expect: ["need N4: uncovered without a reason"]) { plan, _, _ in
            plan.needs[3].reason = "  "
        },
    ]

    @Test(arguments: cases)
    func eachViolationIsReportedInWords(_ c: Case) {
        var plan = F.feasiblePlan, sc = F.scenario, settings = F.settings
        c.mutate(&plan, &sc, &settings)
        let r = PlanCheck.check(plan, scenario: sc, settings: settings)
        #expect(!r.isFeasible)
        #expect(r.violations.contains { v in c.expect.allSatisfy { v.contains($0) } }, "got: \(r.violations)")
    }

    @Test func commandReportsAFeasiblePlanFile() throws {
        let dir = try F.temporaryDirectory()
        let path = dir + "/plan.json"
        try PlanJSON.encode(F.feasiblePlan).write(to: URL(fileURLWithPath: path))
        let (output, ok) = PlanCheckCommand.run(planPath: path, scenario: F.scenario, settings: F.settings)
        #expect(ok)
        #expect(output == "plan is feasible; objective 60.2487 (needs 72 − distance 1.7513 − unit shortfall 10)\n")
    }

    @Test func commandReportsViolationsAndAnUnreadablePlan() throws {
        var plan = F.feasiblePlan
        plan.assignments.removeLast()
        let report = PlanCheckCommand.report(plan: plan, scenario: F.scenario, settings: F.settings)
        #expect(report.verdict == .violations)
        #expect(report.output.hasPrefix("session P2 on 2027-01-17: 1 staff, needs 2..2\n"))
        // and the stated objective, and its distance term
        #expect(report.output.contains("stated objective_terms"))
        #expect(report.output.contains("\n3 violations; recomputed objective"), "\(report.output)")

        let dir = try F.temporaryDirectory()
        let missing = PlanCheckCommand.report(planPath: dir + "/nope.json", scenario: F.scenario, settings: F.settings)
        #expect(missing.verdict == .unreadable)
        #expect(missing.diagnostics.first?.contains("nope.json") == true)
        let (_, ok) = PlanCheckCommand.run(planPath: dir + "/nope.json", scenario: F.scenario, settings: F.settings)
        #expect(!ok)
    }

    /// A city-scale plan: 30,000 members, 3,000 projects, 300,000 assignments, all valid.
    @Test func checksACityScalePlanQuickly() throws {
        let period = F.period
        let projectCount = 3000, sessions = 10, staffPer = 10
        var communities: [Community] = [], needs: [Need] = [], units: [Matcher.Unit] = [], projects: [Project] = [], members: [Member] = []
        var table = AvailabilityTable(period: period)
        var all = AvailabilityBits(period: period)
        for k in 0..<period.dayCount { for s in Slot.allCases { all.set(dayIndex: k, slot: s, true) } }
        let dates = (0..<sessions).map { period.start.adding(days: 7 * $0) }
        var plan = Plan(scenario: "city", variant: "base", status: .optimal, objective: 0, bestBound: 0, gap: 0,
                        objectiveTerms: .init(needs: 0, distance: 0, unitShortfall: 0), projects: [], assignments: [], needs: [])
        plan.assignments.reserveCapacity(projectCount * sessions * staffPer)
        for p in 0..<projectCount {
            let lat = 30 + Double(p / 60) * 0.05, lon = 120 + Double(p % 60) * 0.05
            communities.append(Community(id: "C\(p)", name: "c", lat: lat, lon: lon))
            needs.append(Need(id: "N\(p)", community: p, category: "x", households: 1, urgency: 1))
            if p % 2 == 0 {
                units.append(Unit(id: "U\(p / 2)", name: "u", lat: lat, lon: lon, categories: ["x"], funds: 0, minProjects: 1, maxProjects: 2))
            }
            projects.append(Project(id: "P\(p)", community: p, category: "x", needs: [p], sessions: sessions, candidateDates: dates,
                                    slot: .am, minVolunteers: staffPer, maxVolunteers: staffPer, lat: lat, lon: lon))
            plan.projects.append(.init(id: "P\(p)", leadUnit: "U\(p / 2)", dates: dates.map(\.iso), unitFunds: 0, streetFunds: 0))
            plan.needs.append(.init(id: "N\(p)", covered: true, reason: nil))
            for s in 0..<staffPer {
                let m = members.count
                members.append(Member(id: "M\(m)", unit: p / 2, community: p, lat: lat + 0.001 * Double(s), lon: lon, maxSessions: sessions))
                table.append(all)
                for d in dates { plan.assignments.append(.init(member: "M\(m)", project: "P\(p)", date: d.iso)) }
            }
        }
        let sc = Scenario(name: "city", period: period, communities: communities, needs: needs, units: units,
                          projects: projects, members: members, skillTags: [], availability: table)
        let clock = ContinuousClock()
        var result: PlanCheckResult?
        let elapsed = clock.measure { result = PlanCheck.check(plan, scenario: sc, settings: Settings()) }
        let r = try #require(result)
        #expect(r.violations == [])
        #expect(r.terms.needs == Double(projectCount))
        print("PlanCheck on \(plan.assignments.count) assignments: \(elapsed)")
        // Debug builds are several times slower than release; this bounds gross regressions only.
        #expect(elapsed < .seconds(20))
    }
}
