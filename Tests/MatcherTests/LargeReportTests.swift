import Foundation
import Testing
@testable import Matcher

/// report.html at scale: above the limits (`ReportLimits`) the page draws a member density grid
/// and plain project marks, shows cards for the heaviest projects only and caps the long tables,
/// saying so in notes, and stays a few megabytes.
@Suite struct LargeReportTests {
    static func count(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }
    static func section(_ id: String, _ html: String) -> String {
        html.components(separatedBy: "<section id=\"\(id)\"")[1].components(separatedBy: "</section>")[0]
    }

    /// The plan fixture with every limit set to 1: each capped form appears, cheaply.
    @Test func tinyLimitsUseEveryCompactForm() {
        var limits = ReportLimits()
        limits.mapMemberDots = 1; limits.mapProjectDetail = 1; limits.mapUnitDetail = 1; limits.mapCommunityLabels = 1
        limits.projectCards = 1; limits.memberRows = 1; limits.unmetRows = 0; limits.unitRows = 1
        limits.calendarSessions = 1; limits.coverageBars = 1
        let html = ReportWriter.render(plan: PlanFixture.feasiblePlan, scenario: ReportTests.hostileScenario,
                                       settings: PlanFixture.settings, language: .en, limits: limits)
        let map = Self.section("map", html)
        #expect(map.contains("class=\"member-cell\"") && !map.contains("class=\"member on\""))
        #expect(!map.contains("class=\"service\"") && !map.contains("<circle class=\"proj"))
        #expect(map.contains("class=\"proj-marks run\"") && map.contains("drawn as plain small marks without service circles"))
        #expect(map.contains("drawn as a density grid"))
        let projects = Self.section("projects", html)
        #expect(Self.count("<article class=\"card\"", in: projects) == 1)
        #expect(projects.contains("class=\"projects-rest\"") && projects.contains("roster.csv hold every project"))
        #expect(Self.section("members", html).contains("members.csv lists them all"))
        #expect(Self.section("unmet", html).contains("unmet.csv lists them all"))
        #expect(Self.section("units", html).contains("units.csv lists them all"))
        let calendar = Self.section("calendar", html)
        #expect(calendar.contains("class=\"chip agg ") && calendar.contains("roster.csv lists every session"))
        #expect(Self.section("coverage", html).contains("class=\"coverage\""))
        // Still escaped, still balanced.
        #expect(!html.contains("<script") && !html.contains("<img"))
        for tag in ["div", "section", "table", "tr", "td", "svg", "ul", "li", "span", "article"] {
            #expect(Self.count("<\(tag)>", in: html) + Self.count("<\(tag) ", in: html) == Self.count("</\(tag)>", in: html), "<\(tag)>")
        }
    }

    /// A generated scenario with 20,000 members and 600 projects, solved briefly: the page is
    /// bounded and every capped section says so, in English and in Chinese.
    @Test func largePlanGivesABoundedPage() throws {
        let dir = try temporaryDirectory("match-large-report")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try ScenarioGenerator.write(GeneratorConfig(preset: .street, seed: 1, streets: 10, communities: 80, units: 300,
                                                        needs: 1200, projects: 600, members: 20000), to: dir)
        let scenario = try ScenarioReader.load(path: dir + "/scenario.yaml").scenario
        let settings = try scenario.settings(for: "base")
        var options = SolveOptions(settings: settings)
        options.timeLimitSeconds = 10
        let plan = try Solver.solve(scenario, options: options).plan
        let running = Set(plan.projects.map(\.id)).count
        let html = ReportWriter.render(plan: plan, scenario: scenario, settings: settings, language: .en)
        #expect(html.utf8.count < 3_000_000, "\(html.utf8.count) bytes")
        let map = Self.section("map", html)
        #expect(map.contains("class=\"member-cell\"") && !map.contains("class=\"member"+" on\""))
        #expect(Self.count("class=\"member-cell\"", in: map) < 1100)
        #expect(map.contains("20000 members, drawn as a density grid"))
        if running > ReportLimits.standard.mapProjectDetail {
            #expect(!map.contains("class=\"service\"") && map.contains("drawn as plain small marks"))
        }
        if running > ReportLimits.standard.projectCards {
            #expect(Self.count("<article class=\"card\"", in: html) == ReportLimits.standard.projectCards)
            #expect(html.contains("\(running) running projects: the \(ReportLimits.standard.projectCards) covering the most weight"))
        }
        let engaged = Set(plan.assignments.map(\.member)).count
        if engaged > ReportLimits.standard.memberRows {
            #expect(Self.count("<tr>", in: Self.section("members", html)) == ReportLimits.standard.memberRows + 1)
            #expect(html.contains("(\(engaged) take part); members.csv lists them all"))
        }
        #expect(ReportWriter.render(plan: plan, scenario: scenario, settings: settings, language: .en) == html)
        let zh = ReportWriter.render(plan: plan, scenario: scenario, settings: settings, language: .zh)
        #expect(zh.utf8.count < 3_000_000 && zh.contains("按网格画出密度"))
    }
}
