import Foundation
import Testing
@testable import Matcher

/// report.html: sections, every running project and unmet need, escaping of input values,
/// zh and en labels, the map's service circles, translated reasons and deterministic bytes.
@Suite struct ReportTests {
    static let sectionIds = ["overview", "coverage", "map", "calendar", "projects", "notrun", "unmet", "units", "members"]

    /// The plan fixture with hostile text in the input values.
    static var hostileScenario: Scenario {
        var sc = PlanFixture.scenario
        sc.needs[3].title = "<script>alert(1)</script>"
        sc.needs[1].title = "Visits & \"calls\" &lt;b&gt;"
        sc.members[0].name = "<img src=x onerror=alert(1)>"
        sc.units[1].name = "Bank of \"River\" <i>"
        sc.communities[1].name = "Riverside' onmouseover='x"
        return sc
    }

    static func render(_ sc: Scenario = hostileScenario, plan: Plan = PlanFixture.feasiblePlan,
                       language: ReportLanguage = .en) -> String {
        ReportWriter.render(plan: plan, scenario: sc, settings: PlanFixture.settings, language: language)
    }

    static func count(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }

    @Test func hasEverySectionProjectAndUnmetNeed() {
        let html = Self.render()
        #expect(html.hasPrefix("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"/>"))
        for id in Self.sectionIds {
            #expect(html.contains("<section id=\"\(id)\""), "section \(id)")
            #expect(html.contains("href=\"#\(id)\""), "contents link to \(id)")
        }
        for p in PlanFixture.feasiblePlan.projects { #expect(html.contains("id=\"project-\(p.id)\"")) }
        // N4, the one unmet need, with its reason, in the unmet table.
        let unmet = html.components(separatedBy: "<section id=\"unmet\"")[1]
        #expect(unmet.contains("N4"))
        #expect(unmet.contains("no project lists this need"))
        #expect(html.contains("Proved within 0% of the best possible."))
        // Balanced containers: a cheap well-formedness check.
        for tag in ["div", "section", "table", "tr", "td", "svg", "ul", "li", "span", "article"] {
            #expect(Self.count("<\(tag)>", in: html) + Self.count("<\(tag) ", in: html) == Self.count("</\(tag)>", in: html), "<\(tag)>")
        }
    }

    @Test func escapesEveryInputValue() {
        let html = Self.render()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<i>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        // An entity-like input shows as typed, quotes are escaped in text and attributes.
        #expect(html.contains("Visits &amp; &quot;calls&quot; &amp;lt;b&amp;gt;"))
        #expect(html.contains("Riverside&#39; onmouseover=&#39;x"))
        #expect(!html.contains("' onmouseover='"))
        #expect(html.contains("<title>Bank of &quot;River&quot; &lt;i&gt; · U2</title>"))
    }

    @Test func isSelfContained() {
        let html = Self.render(PlanFixture.scenario)
        for banned in ["<script", "<link", "<img", "<iframe", "@import", "url(", "src="] {
            #expect(!html.contains(banned), "\(banned)")
        }
        let withoutSVGNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutSVGNamespace.contains("http://") && !withoutSVGNamespace.contains("https://"))
    }

    @Test func labelsInChinese() {
        let html = Self.render(language: .zh)
        #expect(html.contains("<html lang=\"zh\">"))
        for label in ["概览", "各社区需求覆盖", "地图", "季度日程", "开展的项目", "未满足的需求", "共建单位", "参与党员",
                      "已证明：本方案与可能的最好方案相差不超过 0%。", "牵头单位", "上午", "下午", "时长（积分）"] {
            #expect(html.contains(label), "\(label)")
        }
        let body = html.components(separatedBy: "</style>")[1]
        for english in ["Overview", "Coverage by community", "Quarter calendar", "Running projects", "Unmet needs",
                        "Lead unit", "no project lists this need", "households", "morning", "weight covered", ">weight<"] {
            #expect(!body.contains(english), "\(english)")
        }
        #expect(html.contains("没有项目列出这项需求"))
    }

    @Test func labelsInEnglish() {
        let html = Self.render(language: .en)
        for label in ["Overview", "Coverage by community", "Map", "Quarter calendar", "Running projects", "Unmet needs",
                      "Units", "Members", "Lead unit", "morning", "afternoon", "hours (points)"] {
            #expect(html.contains(label), "\(label)")
        }
        for chinese in ["概览", "季度日程", "牵头单位", "上午"] { #expect(!html.contains(chinese), "\(chinese)") }
    }

    @Test func mapHasOneServiceCirclePerRunningProject() {
        let html = Self.render()
        #expect(Self.count("<circle class=\"service\"", in: html) == 2)
        #expect(Self.count("<circle class=\"proj run\"", in: html) == 2)
        var none = PlanFixture.feasiblePlan
        none.projects = []
        none.assignments = []
        #expect(Self.count("<circle class=\"service\"", in: Self.render(plan: none)) == 0)
        // Five members: M1 to M4 serve, M5 does not.
        #expect(Self.count("class=\"member on\"", in: html) == 4)
        #expect(Self.count("class=\"member\"", in: html) == 1)
    }

    @Test func calendarShowsEachSessionWithStaff() throws {
        let html = Self.render()
        // P1 on two Saturdays (2 and 1 staff), P2 on Sunday the 17th (2 staff).
        let calendar = html.components(separatedBy: "<section id=\"calendar\"")[1].components(separatedBy: "</section>")[0]
        #expect(Self.count("class=\"chip ", in: calendar) == 3)
        #expect(calendar.contains("P1 morning · 2"))
        #expect(calendar.contains("P1 morning · 1"))
        #expect(calendar.contains("P2 afternoon · 2"))
        #expect(calendar.contains("January 2027") && calendar.contains("March 2027"))
        // The spread over the months: sessions and member-sessions per month, from the plan.
        let spread = try #require(calendar.components(separatedBy: "cal-spread").dropFirst().first?.components(separatedBy: "</table>").first)
        var sessions: [String: Int] = [:], people: [String: Int] = [:]
        let plan = PlanFixture.feasiblePlan
        for p in plan.projects { for d in Set(p.dates) { sessions[String(d.prefix(7)), default: 0] += 1 } }
        for a in plan.assignments { people[String(a.date.prefix(7)), default: 0] += 1 }
        #expect(spread.contains(">Jan 2027<") && spread.contains(">Mar 2027<"))
        let cells = spread.components(separatedBy: "<td").dropFirst().map { cell -> String in
            let text = cell.components(separatedBy: ">").dropFirst().first ?? ""
            return text.components(separatedBy: "<").first ?? ""
        }
        let months = ["2027-01", "2027-02", "2027-03"]
        #expect(cells == ["Sessions"] + months.map { String(sessions[$0] ?? 0) } + ["Member-sessions"] + months.map { String(people[$0] ?? 0) },
                "\(cells)")
    }

    /// rules.street_budgets: each budgeted street's money used against its budget in the overview.
    @Test func perStreetMoneyInTheOverview() throws {
        var settings = PlanFixture.settings
        let plain = ReportWriter.render(plan: PlanFixture.feasiblePlan, scenario: PlanFixture.scenario, settings: settings, language: .en)
        #expect(!plain.contains("北京路街道 · street funds"))
        settings.streetBudgets = ["北京路街道": 400]
        let html = ReportWriter.render(plan: PlanFixture.feasiblePlan, scenario: PlanFixture.scenario, settings: settings, language: .en)
        let overview = try #require(html.components(separatedBy: "<section id=\"overview\"").dropFirst().first?.components(separatedBy: "</section>").first)
        let summary = PlanSummary(plan: PlanFixture.feasiblePlan, scenario: PlanFixture.scenario, settings: settings)
        let money = try #require(summary.streetMoney.first)
        #expect(money.street == "北京路街道" && money.budget == 400)
        #expect(overview.contains("北京路街道 · street funds"))
        #expect(money.used > 0, "P1 in 东风社区 draws street funds")
        #expect(overview.contains(NumberText.percent(money.used / 400)))
    }

    @Test func sameInputSameBytes() throws {
        let a = Self.render(language: .zh), b = Self.render(language: .zh)
        #expect(a == b)
        let dir = try PlanFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ReportWriter.write(plan: PlanFixture.feasiblePlan, scenario: Self.hostileScenario, settings: PlanFixture.settings,
                               language: .zh, to: dir)
        let written = try Data(contentsOf: URL(fileURLWithPath: dir + "/report.html"))
        #expect(written == Data(a.utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.html"])
    }

    @Test func detectsTheLanguageOfTheData() {
        #expect(ReportLanguage.detect(PlanFixture.scenario) == .zh)
        var sc = PlanFixture.scenario
        sc.name = "Test"
        sc.communities = sc.communities.map { var c = $0; c.name = "C"; c.street = ""; return c }
        sc.needs = sc.needs.map { var n = $0; n.title = "need"; return n }
        sc.units = sc.units.map { var u = $0; u.name = "unit"; return u }
        sc.projects = sc.projects.map { var p = $0; p.title = "project"; return p }
        sc.members = sc.members.map { var m = $0; m.name = "member"; return m }
        #expect(ReportLanguage.detect(sc) == .en)
    }

    /// One sample of each sentence UnmetReasons writes, and its Chinese.
    static let reasons: [(String, String)] = [
        ("no project lists this need", "没有项目列出这项需求"),
        ("project P01 has 1 candidate date(s) in the quarter for 2 session(s)", "项目 P01 在本季度只有 1 个候选日期，却需要 2 次活动"),
        ("no unit offers the category 'ev-charging'", "没有单位提供“ev-charging”类服务"),
        ("no unit offering 'legal' is paired with community C02 or within 5 km of project P2",
         "提供“legal”类服务的单位都未与社区 C02 结对，也不在项目 P2 的 5 公里以内"),
        ("too few members with skill 'plumber' within 2 km are free on the candidate dates of project P01 (needs 1 per session on 2 date(s))",
         "项目 P01 的候选日期上，2 公里内有空且具备“plumber”技能的党员不足（每次需要 1 人，共 2 个日期）"),
        ("too few members within 2.5 km are free on the candidate dates of project P07: 12 live within 2.5 km, at most 2 are free on any one date, and it needs 3 on each of 2 date(s); only 0 date(s) can be staffed",
         "项目 P07 的候选日期上，2.5 公里内有空的党员不足：2.5 公里内住有 12 人，任一日期最多 2 人有空，而每个日期需要 3 人、共 2 个日期；只有 0 个日期能配齐人员"),
        ("budget: project P03 costs 4500 yuan; the units that may lead it have 0 left and the street budget 300 of 8000",
         "经费不足：项目 P03 需要 4500 元；可牵头单位剩余 0 元，街道预算剩余 300 元（共 8000 元）"),
        ("every unit that may lead project P05 (U01, U04) already leads its maximum of projects",
         "可牵头项目 P05 的单位（U01、U04）已达到各自牵头项目数上限"),
        ("project P09 was not chosen: the members, units, dates or budget it would use serve needs of higher weight",
         "项目 P09 未入选：它所需的党员、单位、日期或经费用于了权重更高的需求"),
    ]

    @Test func translatesEveryReasonPattern() {
        for (en, zh) in Self.reasons {
            #expect(ReportLanguage.zh.reason(en) == zh)
            #expect(ReportLanguage.en.reason(en) == en)
        }
        // A need listed by several projects: each part in place.
        let several = "P1: budget: project P1 costs 1000 yuan; the units that may lead it have 0 left and the street budget 0 of 600; "
            + "P2: project P2 was not chosen: the members, units, dates or budget it would use serve needs of higher weight"
        #expect(ReportLanguage.zh.reason(several)
            == "P1：经费不足：项目 P1 需要 1000 元；可牵头单位剩余 0 元，街道预算剩余 0 元（共 600 元）；P2：项目 P2 未入选：它所需的党员、单位、日期或经费用于了权重更高的需求")
        // Unknown text is kept as it is.
        #expect(ReportLanguage.zh.reason("something new") == "something new")
    }

    /// The example street, solved: every running project has a card and a service circle,
    /// every unmet need a row with a Chinese reason.
    @Test func exampleStreetReport() throws {
        let path = Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path
        let (scenario, _) = try ScenarioReader.load(path: path)
        let plan = try Solver.solve(scenario, options: SolveOptions(settings: scenario.settings)).plan
        #expect(ReportLanguage.detect(scenario) == .zh)
        let html = ReportWriter.render(plan: plan, scenario: scenario, settings: scenario.settings, language: .zh)
        #expect(Self.count("<circle class=\"service\"", in: html) == plan.projects.count)
        for p in plan.projects { #expect(html.contains("id=\"project-\(p.id)\""), "\(p.id)") }
        let unmet = html.components(separatedBy: "<section id=\"unmet\"")[1].components(separatedBy: "</section>")[0]
        for n in plan.needs where !n.covered {
            #expect(unmet.contains(">\(n.id)<"), "\(n.id)")
            #expect(unmet.contains(ReportPage.escape(ReportLanguage.zh.reason(n.reason ?? ""))), "\(n.id)")
            #expect(ReportLanguage.zh.reason(n.reason ?? "") != n.reason, "untranslated: \(n.reason ?? "")")
        }
        #expect(html == ReportWriter.render(plan: plan, scenario: scenario, settings: scenario.settings, language: .zh))
    }
}
