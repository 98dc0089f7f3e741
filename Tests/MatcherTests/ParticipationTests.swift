import Foundation
import PropertyBased
import Testing
@testable import Matcher

/// Contract v2: participation targets (constraint 13, q_m, the participation term), holidays
/// and `!` date items.
@Suite struct ParticipationTests {
    static var fixture: String { Repo.fixture("solve/participation/scenario.yaml") }
    static func km(_ lat: Double) -> Double { haversineKm(30.0, 120.0, lat, 120.0) }

    /// One project of one session (2 to 3 staff): 2027-01-09 is a holiday and 2027-01-23 is
    /// removed by `!2027-01-23`, so 2027-01-16 is its only date. M1–M3 live 0.5, 1.0 and 1.5 km
    /// away, M4 and M5 22 km away. Everyone's target is 1 (M3: min(min_sessions 2, max_sessions 1);
    /// M5: min_sessions 0). With weight 4 a third member earns 4 − 0.5 × 1.5 > 0, so M3 serves
    /// too; M4 can reach nothing and stays 1 below target: the term is 4.
    @Test func constraint13AloneOnATinyInstance() throws {
        let (scenario, _) = try ScenarioReader.load(path: Self.fixture)
        #expect(scenario.projects[0].candidateDates.map(\.iso) == ["2027-01-16"])
        #expect(scenario.members.indices.map { scenario.participationTarget(of: $0, settings: scenario.settings) } == [1, 1, 1, 1, 0])

        let graph = EligibilityGraph(scenario: scenario, settings: scenario.settings)
        let model = ContractModel(scenario: scenario, graph: graph)
        let rows = model.lp.rows.filter { $0.name.hasPrefix("c13_participation[") }
        #expect(rows.map(\.name) == ["c13_participation[M1]", "c13_participation[M2]", "c13_participation[M3]", "c13_participation[M4]"])
        #expect(rows.allSatisfy { $0.lower == 1 && $0.upper == .infinity })
        #expect(model.q.map { $0 != nil } == [true, true, true, true, false])
        #expect(model.q.compactMap { $0 }.allSatisfy { model.lp.columns[$0].objective == -4 })

        let expected = 30 - 0.5 * (Self.km(30.0045) + Self.km(30.009) + Self.km(30.0135)) - 4
        var options = SolveOptions(settings: scenario.settings)
        let exact = try Solver.solve(scenario, options: options)
        options.exactColumnLimit = 0
        let decomposed = try Solver.solve(scenario, options: options)
        for plan in [exact.plan, decomposed.plan] {
            #expect(abs(plan.objective - expected) < 1e-9, "objective \(plan.objective), expected \(expected)")
            #expect(plan.objectiveTerms.participation == 4)
            #expect(Set(plan.assignments.map(\.member)) == ["M1", "M2", "M3"])
            #expect(plan.bestBound >= plan.objective - 1e-9)
            let check = PlanCheck.check(plan, scenario: scenario, settings: scenario.settings)
            #expect(check.violations.isEmpty && check.statedObjectiveMatches && check.statedTermsMatch)
        }
        #expect(exact.plan.status == .optimal)

        // Without the weight the nearest two suffice and the term is 0 whatever the targets.
        let off = try scenario.settings(for: "unweighted")
        let plain = try Solver.solve(scenario, variant: "unweighted", options: SolveOptions(settings: off))
        #expect(Set(plain.plan.assignments.map(\.member)) == ["M1", "M2"])
        #expect(plain.plan.objectiveTerms.participation == 0)
        #expect(abs(plain.plan.objective - (30 - 0.5 * (Self.km(30.0045) + Self.km(30.009)))) < 1e-9)

        let dir = try temporaryDirectory()
        for (variant, plan) in [("base", exact.plan), ("unweighted", plain.plan)] {
            let path = dir + "/plan-\(variant).json"
            try PlanJSON.encode(plan).write(to: URL(fileURLWithPath: path))
            if let independent = try independentCheck(scenario: Self.fixture, plan: path, variant: variant) {
                #expect(independent.ok, "\(variant): \(independent.result?.violations ?? [])")
            }
        }
    }

    @Test func theSummaryAndMembersTableSayWhoIsBelowTargetAndWhy() throws {
        let (scenario, _) = try ScenarioReader.load(path: Self.fixture)
        let plan = try Solver.solve(scenario, options: SolveOptions(settings: scenario.settings)).plan
        let part = ParticipationSummary(plan: plan, scenario: scenario, settings: scenario.settings)
        #expect(part.inUse)
        #expect(part.engaged == 3 && part.belowTarget == 1 && part.membersWithTarget == 4)
        #expect(part.reasons[3] == .nothingInReach)
        #expect(part.distribution == [2, 3, 0, 0, 0, 0])
        #expect(part.units.map { [$0.reporting, $0.serving, $0.belowTarget] } == [[5, 3, 1]])
        let members = PlanTables(plan: plan, scenario: scenario, settings: scenario.settings).members()
        #expect(members.header.suffix(3) == ["target", "below_target", "reason"])
        #expect(members.rows.map { $0[0] } == ["M1", "M2", "M3", "M4"])
        #expect(members.rows[3].suffix(3) == ["1", "1", "nothing_in_reach"])
        let units = PlanTables(plan: plan, scenario: scenario, settings: scenario.settings).units()
        #expect(units.header.suffix(3) == ["reporting_members", "members_serving", "members_below_target"])
        #expect(units.rows.map { Array($0.suffix(3)) } == [["5", "3", "1"]])
        let html = ReportWriter.render(plan: plan, scenario: scenario, settings: scenario.settings, language: .zh)
        let section = html.components(separatedBy: "<section id=\"participation\"")[1].components(separatedBy: "</section>")[0]
        #expect(section.contains(ReportLanguage.zh.word(.sectionTitle)))
        #expect(section.components(separatedBy: "class=\"bar-row\"").count - 1 == ParticipationSummary.distributionCap + 1)
        #expect(section.contains(ReportLanguage.zh.word(ParticipationSummary.Reason.nothingInReach)))
        #expect(section.contains("区水务局"))
        // Without targets or weight the report has no participation section (v1 output unchanged).
        let plain = try Solver.solve(scenario, variant: "unweighted", options: SolveOptions(settings: try scenario.settings(for: "unweighted"))).plan
        var v1 = try scenario.settings(for: "unweighted")
        v1.minSessionsPerMember = 0
        var noTargets = scenario
        for m in noTargets.members.indices { noTargets.members[m].minSessions = nil }
        #expect(!ReportWriter.render(plan: plain, scenario: noTargets, settings: v1, language: .zh).contains("<section id=\"participation\""))
        let rows = PlanSummary(plan: plan, scenario: scenario, settings: scenario.settings).rows
        let below = try #require(rows.first { $0.label == "members below target" })
        #expect(below.value == "1 of 4 with a target (nothing within reach 1)")
    }

    /// `match compare` on the example street: the variant that asks everyone to serve once shows
    /// its trade-off — the participation rows appear, it engages no fewer members (the
    /// monotonicity above, from weight 0 to 4), and its optimum is no higher (a penalty added).
    @Test func compareShowsTheTradeOffOfTheWeight() throws {
        let sc = try CompareTests.load()
        let variants = ["base", "everyone-serves"]
        let entries = try variants.map { v in
            let settings = try sc.settings(for: v)
            let plan = try Solver.solve(sc, variant: v, options: SolveOptions(settings: settings)).plan
            return Comparison.Entry(label: v, group: "scenario", scenario: sc, settings: settings, plan: plan, seconds: 0)
        }
        #expect(entries.allSatisfy { $0.plan.status == .optimal })
        #expect(sc.holidays.map(\.iso) == (6...12).map { String(format: "2027-02-%02d", $0) })
        let holidays = Set(sc.holidays.map(\.iso))
        #expect(entries.allSatisfy { $0.plan.projects.allSatisfy { $0.dates.allSatisfy { !holidays.contains($0) } } })
        let c = Comparison(entries)
        let rows = c.csv().rows
        let engaged = try #require(rows.first { $0[0] == "members engaged" })
        #expect(try #require(Int(engaged[2])) >= (try #require(Int(engaged[1]))))
        #expect(rows.contains { $0[0] == "participation term" } && rows.contains { $0[0] == "members below target" })
        #expect(entries[1].plan.objective <= entries[0].plan.objective + 1e-3 * abs(entries[0].plan.objective))
        #expect(c.table().contains("participation term"))
        #expect(c.settingDifferences(entries[0].settings, entries[1].settings).map(\.name)
                == ["min_sessions_per_member", "participation_shortfall"])
    }

    /// A tiny generated street (every member's target 1) solved exactly at `weight` and at
    /// twice it: optimal plans at a higher weight never engage fewer members (the term W·Σq
    /// is the only one that changes, so an optimum at 2W has Σq no larger than one at W).
    @Test(arguments: [0.25, 1.0, 3.0, 10.0])
    func raisingTheWeightNeverLowersMembersEngaged(weight: Double) throws {
        for seed in [3, 11] {
            var scenario = try SolvePropertyTests.tinyScenario(seed: UInt64(seed), members: 18, projects: 3).scenario
            scenario.settings.minSessionsPerMember = 1
            var engaged: [Int] = []
            for w in [weight, 2 * weight] {
                scenario.settings.participationShortfall = w
                var options = SolveOptions(settings: scenario.settings)
                options.mipGap = 1e-9
                options.timeLimitSeconds = 30
                let plan = try Solver.solve(scenario, options: options).plan
                #expect(plan.status == .optimal, "seed \(seed) weight \(w)")
                engaged.append(Set(plan.assignments.map(\.member)).count)
            }
            #expect(engaged[1] >= engaged[0], "seed \(seed): \(engaged[0]) members at weight \(weight), \(engaged[1]) at \(2 * weight)")
        }
    }

    /// Random tiny streets with holidays, `!` items and participation on: every plan (exact,
    /// decomposition, city-scale paths) passes `match check` and checkplan.py, no session falls
    /// on a holiday, and the decomposition's bound is never below the optimum GLPK proves.
    @Test func plansWithTheExtensionPassBothCheckers() async throws {
        await propertyCheck(count: 10, input: Gen.int(in: 1...1_000_000), Gen.int(in: 6...24), Gen.int(in: 1...5)) { seed, members, projects in
            do {
                let (path, _) = try SolvePropertyTests.tinyScenario(seed: UInt64(seed), members: members, projects: projects)
                try Self.addExtension(to: path, seed: seed)
                let (scenario, _) = try ScenarioReader.load(path: path)
                let holidays = Set(scenario.holidays.map(\.iso))
                #expect(!holidays.isEmpty)
                #expect(scenario.projects.contains { $0.datesRule.contains("!") })
                var options = SolveOptions(settings: scenario.settings)
                options.timeLimitSeconds = 20
                let exact = try Solver.solve(scenario, options: options)
                options.exactColumnLimit = 0
                let decomposed = try Solver.solve(scenario, options: options)
                options.masterColumnLimit = 0
                options.staffingGroupColumnLimit = 0
                let greedy = try Solver.solve(scenario, options: options)
                for result in [exact, decomposed, greedy] {
                    let plan = result.plan
                    #expect(plan.projects.allSatisfy { $0.dates.allSatisfy { !holidays.contains($0) } }, "seed \(seed): a session on a holiday")
                    let check = PlanCheck.check(plan, scenario: scenario, settings: scenario.settings)
                    #expect(check.violations.isEmpty, "seed \(seed): \(check.violations)")
                    #expect(check.statedObjectiveMatches && check.statedTermsMatch, "seed \(seed)")
                    #expect(plan.bestBound >= plan.objective - 1e-6)
                    let planPath = (path as NSString).deletingLastPathComponent + "/plan-\(UUID().uuidString).json"
                    try PlanJSON.encode(plan).write(to: URL(fileURLWithPath: planPath))
                    if let independent = try independentCheck(scenario: path, plan: planPath) {
                        #expect(independent.ok, "seed \(seed) \(result.stats.method): \(independent.result?.violations ?? [])")
                    }
                }
                if exact.plan.status == .optimal {
                    #expect(decomposed.plan.bestBound >= exact.plan.objective - 1e-6,
                            "seed \(seed): bound \(decomposed.plan.bestBound) below the optimum \(exact.plan.objective)")
                    #expect(greedy.plan.bestBound >= exact.plan.objective - 1e-6)
                }
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    /// Holidays (春节 and two more drawn from the seed), a `!` item on every other project,
    /// targets 1 (some members 2 or 0) and a weight between 1 and 8.
    static func addExtension(to path: String, seed: Int) throws {
        let dir = (path as NSString).deletingLastPathComponent
        var yaml = try String(contentsOfFile: path, encoding: .utf8)
        let extra = [String(format: "2027-01-%02d", 1 + seed % 28), String(format: "2027-03-%02d", 1 + (seed / 28) % 28)]
        yaml = yaml.replacingOccurrences(of: "quarter: 2027Q1\n", with: "quarter: 2027Q1\nholidays: [2027-02-06, 2027-02-07, \(extra.joined(separator: ", "))]\n")
        yaml = yaml.replacingOccurrences(of: "rules:\n", with: "rules:\n  min_sessions_per_member: 1\n")
        yaml = yaml.replacingOccurrences(of: "weights:\n", with: "weights:\n  participation_shortfall: \(1 + seed % 8)\n")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)

        let bans = ["!weekday:sat", "!monthday:16", "!2027-01-16", "!weekday:sun"]
        try rewrite(dir + "/projects.csv", column: "dates") { row, cell in row % 2 == 0 ? cell + ";" + bans[(row / 2 + seed) % bans.count] : cell }
        try rewrite(dir + "/members.csv", column: "min_sessions") { row, _ in ["", "", "", "2", "0"][(row + seed) % 5] }
    }

    /// Rewrites (or adds) one column of a CSV file, row by row.
    static func rewrite(_ file: String, column: String, _ value: (Int, String) -> String) throws {
        let table = CSVTable(utf8: [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))))
        let header = table.has(column) ? table.header : table.header + [column]
        var out = header.map(CSVOutput.quote).joined(separator: ",") + "\n"
        for r in 0..<table.count {
            let cells = header.map { $0 == column ? value(r, table.cell(r, column)) : table.cell(r, $0) }
            out += cells.map(CSVOutput.quote).joined(separator: ",") + "\n"
        }
        try out.write(toFile: file, atomically: true, encoding: .utf8)
    }
}
