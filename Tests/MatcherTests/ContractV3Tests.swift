import Foundation
import Testing
@testable import Matcher

/// Contract v3, the model part: spacing (constraint 14: rules.min_days_between_sessions and
/// projects.min_gap_days) and per-street budgets (constraint 15: rules.street_budgets).
@Suite struct ContractV3Tests {
    static func fixture(_ name: String) -> String { Repo.fixture("solve/\(name)/scenario.yaml") }

    /// The exact path (small: the proving search) and the decomposition alone.
    static func solveBoth(_ sc: Scenario, variant: String = "base") throws -> [Plan] {
        var options = SolveOptions(settings: try sc.settings(for: variant))
        let exact = try Solver.solve(sc, variant: variant, options: options)
        options.exactColumnLimit = 0
        let decomposed = try Solver.solve(sc, variant: variant, options: options)
        return [exact.plan, decomposed.plan]
    }

    /// The Swift checker and the independent one (checkplan.py) both accept the plan.
    static func expectValid(_ plan: Plan, _ sc: Scenario, path: String, variant: String = "base",
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let check = PlanCheck.check(plan, scenario: sc, settings: try sc.settings(for: variant))
        #expect(check.violations.isEmpty && check.statedObjectiveMatches && check.statedTermsMatch,
                "\(variant): \(check.violations)", sourceLocation: sourceLocation)
        let file = try temporaryDirectory("match-v3") + "/plan.json"
        try PlanJSON.encode(plan).write(to: URL(fileURLWithPath: file))
        if let independent = try independentCheck(scenario: path, plan: file, variant: variant, sourceLocation: sourceLocation) {
            #expect(independent.ok, "\(variant): \(independent.result?.violations ?? [])", sourceLocation: sourceLocation)
        }
    }

    static func dates(_ plan: Plan, _ id: String) -> [String]? { plan.projects.first { $0.id == id }?.dates }

    /// P1 (2 sessions; the rule's 7 days) can run on 01-02 (nearest member, 0.5 km), 01-03
    /// (1.0 km) or 01-16 (1.5 km): unspaced the two nearest, spaced 01-02 and 01-16. P2 sets its
    /// own gap of 1 and keeps two days in a row. P3 needs 3 sessions on 01-02, 01-05, 01-09:
    /// at 7 days at most two fit, so it never runs and says why; unspaced it runs.
    @Test func spacingAloneDecidesTheDates() throws {
        let path = Self.fixture("spacing")
        let (sc, warnings) = try ScenarioReader.load(path: path)
        #expect(sc.projects.map(\.minGapDays) == [nil, 1, nil])
        #expect(sc.projects.indices.map { sc.minGap(of: $0, settings: sc.settings) } == [7, 1, 7])
        let spacingWarnings = warnings.filter { $0.message.contains("at least 7 days apart") }
        #expect(spacingWarnings.count == 1)
        #expect(spacingWarnings.first.map { $0.message.contains("P3") } == true)
        #expect(spacingWarnings.first.map { $0.message.contains("2027-01-02, 2027-01-05, 2027-01-09") } == true)

        // The contract's model: one row per pair closer than the gap; the master's: windows.
        let graph = EligibilityGraph(scenario: sc, settings: sc.settings)
        let exact = ContractModel(scenario: sc, graph: graph)
        #expect(exact.lp.rows.filter { $0.name.hasPrefix("c14_spacing[") }.map(\.name)
                == ["c14_spacing[P1,2027-01-02,2027-01-03]", "c14_spacing[P3,2027-01-02,2027-01-05]", "c14_spacing[P3,2027-01-05,2027-01-09]"])
        let master = ContractModel(scenario: sc, graph: graph, staffing: .relaxed(SessionAnalysis(scenario: sc, graph: graph)))
        #expect(master.lp.rows.filter { $0.name.hasPrefix("c14_spacing[") }.count == 3)
        let unspacedSettings = try sc.settings(for: "unspaced")
        let unspacedModel = ContractModel(scenario: sc, graph: EligibilityGraph(scenario: sc, settings: unspacedSettings))
        #expect(!unspacedModel.lp.rows.contains { $0.name.hasPrefix("c14_") })

        for plan in try Self.solveBoth(sc) {
            #expect(Self.dates(plan, "P1") == ["2027-01-02", "2027-01-16"])
            #expect(Self.dates(plan, "P2") == ["2027-01-09", "2027-01-10"])
            #expect(Self.dates(plan, "P3") == nil)
            let n3 = plan.needs.first { $0.id == "N3" }
            #expect(n3?.covered == false)
            let why = n3?.reason ?? ""
            #expect(why.contains("too few candidate dates at the required spacing"), "\(why)")
            #expect(ReasonTranslation.chinese(why).hasPrefix("间隔要求下可用日期不足"))
            #expect(plan.bestBound >= plan.objective - 1e-9)
            try Self.expectValid(plan, sc, path: path)
        }
        for plan in try Self.solveBoth(sc, variant: "unspaced") {
            #expect(Self.dates(plan, "P1") == ["2027-01-02", "2027-01-03"])
            #expect(Self.dates(plan, "P3") == ["2027-01-02", "2027-01-05", "2027-01-09"])
            try Self.expectValid(plan, sc, path: path, variant: "unspaced")
        }
    }

    /// The Swift checker finds sessions closer than the gap.
    @Test func checkFindsSessionsTooClose() throws {
        let (sc, _) = try ScenarioReader.load(path: Self.fixture("spacing"))
        let plan = try Solver.solve(sc, variant: "unspaced", options: SolveOptions(settings: try sc.settings(for: "unspaced"))).plan
        let check = PlanCheck.check(plan, scenario: sc, settings: sc.settings)
        #expect(check.violations.contains { $0.contains("P1: sessions on 2027-01-02 and 2027-01-03 are 1 day apart") }, "\(check.violations)")
        #expect(PlanCheck.check(plan, scenario: sc, settings: try sc.settings(for: "unspaced")).violations.isEmpty)
    }

    /// 一街道 has 500 yuan of its own, 二街道 2,000, the street 5,000 in all (never reached).
    /// U1 (600 yuan of funds) leads P1 (二街道, first by id) and P2 (一街道): only when U1's
    /// money goes to P2 does 一街道 stay within its budget (400 of 500). P3 (一街道, 800 yuan,
    /// led by a unit without funds) then cannot run; without street budgets, or with 1,300
    /// for 一街道, it can.
    @Test func aStreetBudgetBindsAndTheTotalDoesNot() throws {
        let path = Self.fixture("streetbudgets")
        let (sc, _) = try ScenarioReader.load(path: path)
        #expect(sc.settings.streetBudgets == ["一街道": 500, "二街道": 2000])
        #expect(try sc.settings(for: "total-only").streetBudgets == nil)
        #expect(try sc.settings(for: "roomy").streetBudgets == ["一街道": 1300])

        let graph = EligibilityGraph(scenario: sc, settings: sc.settings)
        let exact = ContractModel(scenario: sc, graph: graph)
        let rows = exact.lp.rows.filter { $0.name.hasPrefix("c15_street_budget[") }
        #expect(rows.count == 2)
        #expect(rows.map(\.upper).sorted() == [500, 2000])
        let master = ContractModel(scenario: sc, graph: graph, staffing: .relaxed(SessionAnalysis(scenario: sc, graph: graph)))
        #expect(master.lp.rows.filter { $0.name.hasPrefix("c15_street_budget[") }.count == 2)

        for plan in try Self.solveBoth(sc) {
            #expect(plan.projects.map(\.id).sorted() == ["P1", "P2"])
            let p2 = plan.projects.first { $0.id == "P2" }
            #expect(p2?.unitFunds == 600 && p2?.streetFunds == 400)
            #expect(plan.projects.reduce(0) { $0 + $1.streetFunds } == 1400)
            let n3 = plan.needs.first { $0.id == "N3" }
            let why = n3?.reason ?? ""
            #expect(why.contains("the budget of street '一街道' 100 of 500"), "\(why)")
            #expect(ReasonTranslation.chinese(why).contains("“一街道”街道预算剩余 100 元"))
            try Self.expectValid(plan, sc, path: path)
            let summary = PlanSummary(plan: plan, scenario: sc, settings: sc.settings)
            #expect(summary.streetMoney.map { [$0.street, "\($0.used)", "\($0.budget)"] }
                    == [["一街道", "400.0", "500.0"], ["二街道", "1000.0", "2000.0"]])
            #expect(summary.rows.contains { $0.label == "street funds: 一街道" && $0.value.hasPrefix("400 of 500 yuan") })
        }
        for variant in ["total-only", "roomy"] {
            for plan in try Self.solveBoth(sc, variant: variant) {
                #expect(plan.projects.map(\.id).sorted() == ["P1", "P2", "P3"], "\(variant)")
                try Self.expectValid(plan, sc, path: path, variant: variant)
            }
        }
    }

    /// The plan's money split keeps every street's budget where the units-pay-in-order split
    /// would not, and says when no split can.
    @Test func theMoneySplitKeepsEveryStreetsBudget() throws {
        let (sc, _) = try ScenarioReader.load(path: Self.fixture("streetbudgets"))
        let both: [Int?] = [0, 0, nil]
        let split = FundingSplit.split(sc, settings: sc.settings, lead: both)
        #expect(split[0].unit == 0 && split[0].street == 1000)
        #expect(split[1].unit == 600 && split[1].street == 400)
        #expect(FundingSplit.fits(split, sc, settings: sc.settings))
        let all: [Int?] = [0, 0, 1]
        #expect(!FundingSplit.fits(FundingSplit.split(sc, settings: sc.settings, lead: all), sc, settings: sc.settings))
        #expect(FundingSplit.fits(FundingSplit.split(sc, settings: try sc.settings(for: "roomy"), lead: all), sc,
                                  settings: try sc.settings(for: "roomy")))
        // Without street budgets the units pay in project order, as before.
        let plain = FundingSplit.split(sc, settings: try sc.settings(for: "total-only"), lead: both)
        #expect(plain[0].unit == 600 && plain[1].unit == 0)
    }

    /// Reading: a street no community lists, a negative spacing, a bad min_gap_days.
    @Test func badV3InputIsAnErrorNamingFileAndKey() throws {
        let src = URL(fileURLWithPath: Self.fixture("streetbudgets")).deletingLastPathComponent()
        func read(_ edit: (inout String, inout String) -> Void) throws -> [Diagnostic] {
            let dir = try temporaryDirectory("match-v3-input")
            for f in ["communities.csv", "needs.csv", "units.csv", "members.csv"] {
                try FileManager.default.copyItem(atPath: src.appendingPathComponent(f).path, toPath: dir + "/" + f)
            }
            var yaml = try String(contentsOf: src.appendingPathComponent("scenario.yaml"), encoding: .utf8)
            var projects = try String(contentsOf: src.appendingPathComponent("projects.csv"), encoding: .utf8)
            edit(&yaml, &projects)
            try yaml.write(toFile: dir + "/scenario.yaml", atomically: true, encoding: .utf8)
            try projects.write(toFile: dir + "/projects.csv", atomically: true, encoding: .utf8)
            let (scenario, diagnostics) = ScenarioReader.read(path: dir + "/scenario.yaml")
            #expect(scenario == nil)
            return diagnostics.filter { $0.severity == .error }
        }
        let unknown = try read { yaml, _ in yaml = yaml.replacingOccurrences(of: "{ 一街道: 1300 }", with: "{ 三街道: 1300 }") }
        #expect(unknown.count == 1)
        #expect(unknown.first.map { $0.file.hasSuffix("scenario.yaml") } == true)
        #expect(unknown.first?.column == "variants.rules.street_budgets.三街道")
        #expect(unknown.first.map { $0.message.contains("街道“三街道”不是 communities.csv 中任何社区的街道") } == true, "\(unknown)")
        let negative = try read { yaml, _ in yaml = yaml.replacingOccurrences(of: "  street_budget: 5000", with: "  street_budget: 5000\n  min_days_between_sessions: -2") }
        #expect(negative.map(\.column) == ["rules.min_days_between_sessions"])
        // The Chinese header 最少间隔天数 is min_gap_days.
        let chinese = try temporaryDirectory("match-v3-zh")
        let spacing = URL(fileURLWithPath: Self.fixture("spacing")).deletingLastPathComponent()
        for f in ["scenario.yaml", "communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv"] {
            var text = try String(contentsOf: spacing.appendingPathComponent(f), encoding: .utf8)
            if f == "projects.csv" { text = text.replacingOccurrences(of: "skills,min_gap_days", with: "skills,最少间隔天数") }
            try text.write(toFile: chinese + "/" + f, atomically: true, encoding: .utf8)
        }
        let zh = try #require(ScenarioReader.read(path: chinese + "/scenario.yaml").scenario)
        #expect(zh.projects.map(\.minGapDays) == [nil, 1, nil])
        let gap = try read { _, projects in
            projects = projects.replacingOccurrences(of: "cost,skills\n", with: "cost,skills,min_gap_days\n")
                .replacingOccurrences(of: "1000,\n", with: "1000,,x\n")
        }
        #expect(gap.count == 2 && gap.allSatisfy { $0.column == "min_gap_days" }, "\(gap)")
    }

    /// Generated v3 scenarios (the rule's spacing, projects' own gaps, street budgets on two
    /// streets; with and without a participation target): every plan passes checkplan.py, its
    /// bound is at least the exact optimum of the contract's model (GLPK on the exported
    /// model, which has rows of both families) and its objective equals that optimum.
    @Test(arguments: [(UInt64(3), false), (UInt64(5), true)])
    func generatedV3ScenariosSolveToTheExactOptimum(_ seed: UInt64, _ participation: Bool) throws {
        var config = GeneratorConfig(preset: .street, seed: seed, streets: 2, communities: 4, units: 8,
                                     needs: 24, projects: 10, members: 90)
        config.minGapDays = 7
        config.projectGaps = true
        config.streetBudgets = true
        let dir = try temporaryDirectory("match-v3-gen")
        _ = try ScenarioGenerator.write(config, to: dir)
        let path = dir + "/scenario.yaml"
        if participation {
            var yaml = try String(contentsOfFile: path, encoding: .utf8)
            yaml += "  - name: everyone\n    rules: { min_sessions_per_member: 1 }\n    weights: { participation_shortfall: 3 }\n"
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let variant = participation ? "everyone" : "base"
        let sc = try ScenarioReader.load(path: path).scenario
        let settings = try sc.settings(for: variant)
        #expect(settings.minDaysBetweenSessions == 7 && settings.streetBudgets?.count == 2)
        #expect(sc.projects.contains { $0.minGapDays != nil })

        let graph = EligibilityGraph(scenario: sc, settings: settings)
        let model = ContractModel(scenario: sc, graph: graph)
        #expect(model.lp.rows.contains { $0.name.hasPrefix("c14_spacing[") })
        #expect(model.lp.rows.contains { $0.name.hasPrefix("c15_street_budget[") })
        let exported = dir + "/model.lp"
        try ModelExport.write(model.lp, to: exported)
        let text = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(text.contains("c14_spacing(") && text.contains("c15_street_budget("))
        var mip = MIPOptions()
        mip.relativeGap = 1e-9
        mip.timeLimitSeconds = 120
        let optimum = try GLPKProblem(model.lp).solveMIP(mip)
        try #require(optimum.termination == .optimal)

        for plan in try Self.solveBoth(sc, variant: variant) {
            try Self.expectValid(plan, sc, path: path, variant: variant)
            #expect(plan.bestBound >= optimum.objective - 1e-6 * max(1, abs(optimum.objective)), "bound \(plan.bestBound) below the optimum \(optimum.objective)")
            #expect(abs(plan.objective - optimum.objective) <= 1e-6 * max(1, abs(optimum.objective)), "plan \(plan.objective), optimum \(optimum.objective)")
        }
    }
}
