import Foundation
import Testing
@testable import Matcher

/// compare.html on the example street's comparison (base, wider-circle, smaller-budget, solved
/// once by CompareTests): sections, one table column per entry, every change listed, escaping,
/// zh and en labels, deterministic bytes.
@Suite struct CompareReportTests {
    static let sectionIds = ["table", "charts", "changes", "communities"]

    static func comparison() throws -> Comparison { try CompareTests.shared.get().comparison }

    static func count(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }

    /// The text between `start` and the next `end` after it.
    static func slice(_ s: String, from start: String, to end: String) -> String? {
        guard let a = s.range(of: start), let b = s.range(of: end, range: a.upperBound..<s.endIndex) else { return nil }
        return String(s[a.lowerBound..<b.upperBound])
    }

    /// A variant's block: from its `<div class="variant" id="variant-N"` to the next block or the section's end.
    static func variantBlock(_ html: String, _ i: Int) -> String {
        let start = "<div class=\"variant\" id=\"variant-\(i + 1)\""
        guard let a = html.range(of: start) else { return "" }
        let rest = html[a.upperBound...]
        let ends = ["<div class=\"variant\"", "</section>"].compactMap { rest.range(of: $0)?.lowerBound }
        return String(rest[..<(ends.min() ?? rest.endIndex)])
    }

    @Test func sectionsAndOneColumnPerEntry() throws {
        let c = try Self.comparison()
        let html = CompareReport.render(c, language: .en)
        #expect(html.hasPrefix("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"/>"))
        for id in Self.sectionIds {
            #expect(html.contains("<section id=\"\(id)\""), "section \(id)")
            #expect(html.contains("href=\"#\(id)\""), "contents link to \(id)")
        }
        let table = try #require(Self.slice(html, from: "<table class=\"cmp\">", to: "</table>"))
        let head = try #require(Self.slice(table, from: "<thead>", to: "</thead>"))
        #expect(Self.count("<th>", in: head) + Self.count("<th ", in: head) == c.entries.count + 1)
        for e in c.entries { #expect(head.contains(">\(e.label)</th>"), "column \(e.label)") }
        let body = try #require(Self.slice(table, from: "<tbody>", to: "</tbody>"))
        let rows = body.components(separatedBy: "<tr>").dropFirst()
        #expect(rows.count == c.figures.count)
        for row in rows { #expect(Self.count("<td", in: row) == c.entries.count + 1) }
        // The figures and differences are Comparison's: wider-circle's objective cell.
        let objective = try #require(c.figures.first { $0.label == "objective" })
        #expect(html.contains(c.value(objective, 1) + "<span class=\"diff nz\">(" + (c.difference(objective, 1) ?? "?") + ")</span>"))
        // The charts: one bar per entry in each of the three.
        let charts = try #require(Self.slice(html, from: "<section id=\"charts\"", to: "</section>"))
        #expect(Self.count("class=\"bar-row\"", in: charts) == 3 * c.entries.count)
        for e in c.entries { #expect(charts.contains(NumberText.percent(e.summary.weightCoveredFraction))) }
        // Coverage per community: a row per community with needs, a column per entry.
        let communities = try #require(Self.slice(html, from: "<section id=\"communities\"", to: "</section>"))
        let sc = c.entries[0].scenario
        for community in sc.communities where sc.needs.contains(where: { sc.communities[$0.community].id == community.id }) {
            #expect(communities.contains(">\(community.id)</div>"), "\(community.id)")
        }
        // Balanced containers: a cheap well-formedness check.
        for tag in ["div", "section", "table", "tr", "td", "th", "span", "h3", "h4", "p"] {
            #expect(Self.count("<\(tag)>", in: html) + Self.count("<\(tag) ", in: html) == Self.count("</\(tag)>", in: html), "<\(tag)>")
        }
    }

    @Test func everyChangeOfEveryVariantAppears() throws {
        let c = try Self.comparison()
        for lang in ReportLanguage.allCases {
            let html = CompareReport.render(c, language: lang)
            for i in c.entries.indices {
                guard let ch = c.changes(of: i) else { continue }
                let block = Self.variantBlock(html, i)
                #expect(block.contains(c.entries[i].label), "\(lang) variant \(i)")
                for id in ch.projectsAdded + ch.projectsDropped + ch.needsNewlyCovered + ch.needsNewlyUnmet {
                    #expect(block.contains("<td>\(id)</td>"), "\(lang) \(c.entries[i].label): \(id)")
                }
                // A newly unmet need carries the variant plan's reason, in the page's language.
                for id in ch.needsNewlyUnmet {
                    let reason = try #require(c.entries[i].plan.needs.first { $0.id == id }?.reason)
                    #expect(!reason.isEmpty)
                    #expect(block.contains(ReportPage.escape(lang.reason(reason))), "\(lang) reason of \(id)")
                }
            }
        }
        // The example's variants change something, so the loop above checks lists that are not empty.
        #expect(c.changes(of: 1)?.projectsAdded.isEmpty == false)
        #expect(c.changes(of: 2)?.needsNewlyUnmet.isEmpty == false)
    }

    @Test func escapesInputValues() throws {
        let c = try Self.comparison()
        let ch1 = try #require(c.changes(of: 1)), ch2 = try #require(c.changes(of: 2))
        var sc = c.entries[0].scenario
        sc.name = "<script>alert(1)</script>"
        let added = try #require(sc.projects.firstIndex { $0.id == ch1.projectsAdded.first })
        sc.projects[added].title = "<img src=x onerror=alert(1)>"
        let unmet = try #require(sc.needs.firstIndex { $0.id == ch2.needsNewlyUnmet.first })
        sc.needs[unmet].title = "Visits & \"calls\" &lt;b&gt;"
        sc.communities[0].name = "Riverside' onmouseover='x"
        let hostile = Comparison(c.entries.map { e in
            Comparison.Entry(label: e.label == "base" ? "base" : "<b>" + e.label + "</b>", group: e.group, scenario: sc,
                             settings: e.settings, plan: e.plan, seconds: e.seconds)
        })
        let html = CompareReport.render(hostile, language: .en)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        #expect(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("Visits &amp; &quot;calls&quot; &amp;lt;b&amp;gt;"))
        #expect(html.contains("Riverside&#39; onmouseover=&#39;x"))
        #expect(!html.contains("' onmouseover='"))
        #expect(html.contains("&lt;b&gt;wider-circle&lt;/b&gt;"))
    }

    @Test func isSelfContained() throws {
        let html = CompareReport.render(try Self.comparison(), language: .zh)
        for banned in ["<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "http://", "https://"] {
            #expect(!html.contains(banned), "\(banned)")
        }
    }

    @Test func labelsInChineseAndEnglish() throws {
        let c = try Self.comparison()
        #expect(CompareReport.defaultLanguage(c) == .zh)
        let zh = CompareReport.render(c, language: .zh)
        #expect(zh.contains("<html lang=\"zh\">"))
        for label in ["比较表", "图表", "各方案的变化", "各社区覆盖对比", "新增的项目", "取消的项目", "新覆盖的需求", "不再覆盖的需求",
                      "需求覆盖（按权重）", "街道经费使用", "目标值", "覆盖需求数", "街道经费（元）", "最优", "原因"] {
            #expect(zh.contains(label), "\(label)")
        }
        // Every row of the table has its Chinese label.
        let page = ComparePage(c: c, lang: .zh)
        for f in c.figures {
            #expect(page.figureLabel(f.label) != f.label.trimmingCharacters(in: .whitespaces), "\(f.label)")
        }
        let zhBody = zh.components(separatedBy: "</style>")[1]
        for english in ["Comparison table", "Charts", "What each variant changes", "Coverage per community", "Projects added",
                        "Needs newly unmet", "optimal", "objective", "Settings:", "no limit", "budget:"] {
            #expect(!zhBody.contains(english), "\(english)")
        }
        let en = CompareReport.render(c, language: .en)
        #expect(en.contains("<html lang=\"en\">"))
        for label in ["Comparison table", "Charts", "What each variant changes", "Coverage per community", "Projects added",
                      "Projects dropped", "Needs newly covered", "Needs newly unmet", "Settings: max_distance_km 2 → 3",
                      "street funds used (yuan)", "budget: project"] {
            #expect(en.contains(label), "\(label)")
        }
        for chinese in ["比较表", "新增的项目", "设置：", "经费不足"] { #expect(!en.contains(chinese), "\(chinese)") }
    }

    /// The same comparison gives the same bytes; the solve time is not on the page at all.
    @Test func deterministicWithoutSolveTime() throws {
        let c = try Self.comparison()
        var other = c
        for i in other.entries.indices { other.entries[i].seconds = 1000 + Double(i) * 17.25 }
        for lang in ReportLanguage.allCases {
            let a = CompareReport.render(c, language: lang)
            #expect(a == CompareReport.render(c, language: lang))
            #expect(a == CompareReport.render(other, language: lang))
            #expect(!a.contains("1017.25"))
        }
    }

    @Test func writesTheFile() throws {
        let c = try Self.comparison()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("compare-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try CompareReport.write(c, language: .en, to: dir.path)
        let written = try String(contentsOf: dir.appendingPathComponent(CompareReport.fileName), encoding: .utf8)
        #expect(written == CompareReport.render(c, language: .en))
    }

    @Test func baseOnly() throws {
        let c = try Self.comparison()
        let html = CompareReport.render(Comparison([c.entries[0]]), language: .en)
        #expect(html.contains("There is no variant to compare with a base."))
        #expect(!html.contains("class=\"variant\""))
    }
}
