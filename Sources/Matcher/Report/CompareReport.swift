import Foundation

/// Writes `compare.html` beside compare.csv and compare.md: the comparison of `match compare`
/// as one self-contained page in the plan report's style (`ReportPage`): the table of key
/// figures (one column per scenario/variant, differences to the base), bar charts of the
/// weighted coverage and the funds used per entry, what each variant changes against its base,
/// and the coverage per community side by side. docs/COMPARE.md describes it.
///
/// Every number comes from `Comparison` (its figures, `changes(of:)`, `communityCoverage()`)
/// and the entries' `PlanSummary`; nothing is recomputed here. The solve time is left out, as
/// in compare.md, so that the same plans and language always give the same bytes.
public enum CompareReport {
    public static let fileName = "compare.html"

    /// The page's HTML text.
    public static func render(_ comparison: Comparison, language: ReportLanguage) -> String {
        ComparePage(c: comparison, lang: language).html()
    }

    /// Renders the page and writes it into `directory` atomically (`PlanWriter.writeAtomically`).
    public static func write(_ comparison: Comparison, language: ReportLanguage, to directory: String) throws {
        try PlanWriter.writeAtomically([(fileName, Data(render(comparison, language: language).utf8))], to: directory)
    }

    /// `zh` when any compared scenario's data holds Chinese text (`ReportLanguage.detect`), else `en`.
    public static func defaultLanguage(_ comparison: Comparison) -> ReportLanguage {
        var seen = Set<String>()
        for e in comparison.entries where seen.insert(e.group).inserted {
            if ReportLanguage.detect(e.scenario) == .zh { return .zh }
        }
        return .en
    }

    /// The extra style of the comparison page (added to `ReportPage.css`).
    static let css = """
    .cmp td.num{white-space:nowrap}
    .cmp .fl{white-space:nowrap}
    .cmp .fl-sub{display:inline-block;padding-left:1.2em;color:var(--muted);white-space:nowrap}
    .cmp th.num{white-space:normal}
    .diff{color:var(--muted);font-size:.85em;margin-left:4px}
    .diff.nz{color:var(--ink);font-weight:600}
    .cmp .diff{display:inline-block;min-width:5.2em;text-align:left}
    .chart{margin-bottom:14px}
    .variant{border-top:1px solid var(--line);padding-top:10px;margin-top:12px}
    .variant:first-of-type{border-top:none;margin-top:0;padding-top:0}
    .variant h4{font-size:.95em;margin:.8em 0 .3em}
    .variant .counts{display:flex;flex-wrap:wrap;gap:6px;margin:.3em 0 .4em}
    .mini{display:block;height:5px;background:#e7ebf0;border-radius:2px;margin-top:2px;overflow:hidden;-webkit-print-color-adjust:exact;print-color-adjust:exact}
    .mini i{display:block;height:100%;background:var(--accent2)}
    @media print{.variant,.chart{break-inside:avoid}}

    """
}

/// The sections of a comparison page.
struct ComparePage {
    let c: Comparison
    let lang: ReportLanguage

    typealias R = ReportPage
    private func t(_ zh: String, _ en: String) -> String { lang.pick(zh: zh, en: en) }
    private func t(_ p: Words.Phrase) -> String { Words(lang)(p) }
    private func money(_ x: Double) -> String { NumberText.plain(x, decimals: 2) }
    private func yuan(_ x: Double) -> String { t("\(money(x)) 元", "\(money(x)) yuan") }

    func html() -> String {
        var names: [String] = []
        for e in c.entries {
            let n = e.scenario.name.isEmpty ? e.plan.scenario : e.scenario.name
            if !names.contains(n) { names.append(n) }
        }
        var subtitle = [t(.comparisonOfPlans) + " · "
                        + t("\(c.entries.count) 个方案", NumberText.count(c.entries.count, "plan"))]
        var periods: [String] = []
        for e in c.entries {
            let p = e.scenario.period.start.iso + " – " + e.scenario.period.end.iso
            if !periods.contains(p) { periods.append(p) }
        }
        subtitle += periods.map { t(.period) + " " + $0 }
        return R.document(
            language: lang, title: names.joined(separator: " / "), subtitle: subtitle,
            sections: [table(), charts(), changes(), communities()],
            footer: t(.writtenByMatchCompareFromThe),
            extraCSS: CompareReport.css)
    }

    // MARK: the table

    /// A figure's row heading in this language (the table's own English label for `en`).
    func figureLabel(_ english: String) -> String {
        let key = english.trimmingCharacters(in: .whitespaces)
        guard lang == .zh else { return key }
        let zh: [String: String] = [
            "status": "状态",
            "gap (%)": "相对差距（%）",
            "objective": "目标值",
            "needs term": "需求项",
            "distance term": "路程项",
            "unit shortfall term": "单位未达标项",
            "needs covered": "覆盖需求数",
            "needs covered (% of weight)": "覆盖需求（按权重，%）",
            "households reached": "受益户数",
            "projects run": "开展项目",
            "sessions": "活动场次",
            "members engaged": "参与党员",
            "volunteer hours": "志愿服务时长（小时）",
            "units leading": "牵头单位",
            "units below minimum": "未达最低项目数的单位",
            "street funds used (yuan)": "街道经费（元）",
            "mean distance (km)": "党员平均路程（km）",
            "p90 distance (km)": "90% 党员路程不超过（km）",
        ]
        return zh[key] ?? key
    }

    func statusText(_ s: Plan.Status) -> (text: String, tone: String) {
        switch s {
        case .optimal: (t(.optimal), "ok")
        case .feasible: (t(.feasible), "warn")
        case .noPlan: (t(.noPlan), "bad")
        }
    }

    func table() -> ReportSection {
        let header = [t(.figure)] + c.entries.map(\.label)
        let rows = c.figures.map { f -> [ReportNode] in
            let cells = c.entries.indices.map { i -> ReportNode in
                if f.text != nil {
                    let s = statusText(c.entries[i].plan.status)
                    return R.badge(s.text, tone: s.tone)
                }
                guard let d = c.difference(f, i) else { return R.text(c.value(f, i)) }
                return .group([R.text(c.value(f, i)), R.el("span", class: d == "±0" ? "diff" : "diff nz", "(" + d + ")")])
            }
            let sub = f.label.hasPrefix(" ")
            return [R.el("span", class: sub ? "fl-sub" : "fl", figureLabel(f.label))] + cells
        }
        let numeric = Set(1...max(1, c.entries.count))
        var content: [ReportNode] = [
            R.note(t(.oneColumnPerPlanAVariant)),
            R.table(header: header, rows: rows, numeric: numeric, cls: "cmp"),
        ]
        if c.entries.contains(where: { $0.plan.status == .noPlan }) {
            content.append(R.note(t(.someSolveFoundNoPlanWithin)))
        }
        return ReportSection(id: "table", title: t(.comparisonTable), content: content)
    }

    // MARK: charts

    func charts() -> ReportSection {
        let n = NumberText.self
        let coverage = c.entries.map { e in
            ReportBar(label: e.label, value: e.summary.weightCoveredFraction, max: 1,
                      text: n.percent(e.summary.weightCoveredFraction)
                          + t("（\(e.summary.needsCovered) / \(e.summary.needsTotal) 项）", " (\(e.summary.needsCovered) of \(e.summary.needsTotal))"))
        }
        let streetMax = c.entries.map { max($0.summary.streetBudget ?? 0, $0.summary.streetFundsUsed) }.max() ?? 0
        let street = c.entries.map { e -> ReportBar in
            let s = e.summary
            let of = s.streetBudget.map { t(" / \(money($0)) 元", " of \(money($0))") } ?? t(.noLimitParenthetical)
            return ReportBar(label: e.label, value: s.streetFundsUsed, max: streetMax,
                             text: money(s.streetFundsUsed) + of)
        }
        let totals = c.entries.map { $0.summary.streetFundsUsed + $0.summary.unitFundsUsed }
        let totalMax = totals.max() ?? 0
        let funds = c.entries.indices.map { i in
            ReportBar(label: c.entries[i].label, value: totals[i], max: totalMax,
                      text: yuan(totals[i]), tone: "alt")
        }
        func chart(_ caption: String, _ note: String, _ bars: [ReportBar]) -> ReportNode {
            R.el("div", ["class": "chart"], [R.bars(bars, caption: caption), R.note(note)])
        }
        return ReportSection(id: "charts", title: t(.charts), content: [
            chart(t(.needsCoveredShareOfWeight),
                  t(.coveredWeightHouseholdsUrgencyAsA),
                  coverage),
            chart(t(.streetFundsUsed),
                  t(.streetFundsEachPlanUsesOf),
                  street),
            chart(t(.fundsSpentUnitsStreet),
                  t(.allFundsOfTheRunningProjects),
                  funds),
        ])
    }

    // MARK: changes

    func communityName(_ sc: Scenario, _ c: Int) -> String {
        let community = sc.communities[c]
        return community.name.isEmpty ? community.id : community.name
    }

    func changes() -> ReportSection {
        var blocks: [ReportNode] = []
        for i in c.entries.indices {
            guard let b = c.baseIndex(of: i), let ch = c.changes(of: i) else { continue }
            blocks.append(variant(i, base: b, ch))
        }
        let title = t(.whatEachVariantChanges)
        if blocks.isEmpty {
            return ReportSection(id: "changes", title: title,
                                 content: [R.note(t(.thereIsNoVariantToCompare))])
        }
        return ReportSection(id: "changes", title: title, content: [
            R.note(t(.eachVariantAgainstTheBaseOf)),
        ] + blocks)
    }

    func variant(_ i: Int, base b: Int, _ ch: Comparison.Changes) -> ReportNode {
        let e = c.entries[i], sc = e.scenario
        let projectIndex = Dictionary(sc.projects.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let needIndex = Dictionary(sc.needs.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let unitIndex = Dictionary(sc.units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        func limit(_ x: Double?) -> String { x.map { NumberText.plain($0) } ?? t(.noLimit) }
        let settings = c.settingDifferences(c.entries[b].settings, e.settings)
            .map { "\($0.name) \(limit($0.from)) → \(limit($0.to))" }
        let settingsText = settings.isEmpty ? t(.settingsAsTheBase)
            : t(.settings) + settings.joined(separator: t(.listSeparator))

        func projectRows(_ ids: [String], in plan: Plan) -> [[ReportNode]] {
            ids.map { id in
                guard let p = projectIndex[id] else { return [R.text(id), R.text(""), R.text(""), R.text(""), R.text(""), R.text("")] }
                let pr = sc.projects[p]
                let run = plan.projects.first { $0.id == id }
                let lead = run.map { r in unitIndex[r.leadUnit].map { sc.units[$0].name + " (" + r.leadUnit + ")" } ?? r.leadUnit } ?? ""
                return [R.text(id), R.text(pr.title.isEmpty ? id : pr.title), R.text(communityName(sc, pr.community)),
                        R.text(pr.category), R.text(lead), R.text(run.map { String($0.dates.count) } ?? "")]
            }
        }
        func needRows(_ ids: [String], reasonFrom plan: Plan?) -> [[ReportNode]] {
            ids.map { id in
                var row: [ReportNode]
                if let n = needIndex[id] {
                    let nd = sc.needs[n]
                    row = [R.text(id), R.text(nd.title.isEmpty ? id : nd.title), R.text(communityName(sc, nd.community)),
                           R.text(String(nd.weight))]
                } else {
                    row = [R.text(id), R.text(""), R.text(""), R.text("")]
                }
                if let plan {
                    let reason = plan.needs.first { $0.id == id }?.reason ?? ""
                    row.append(R.text(lang.reason(reason)))
                }
                return row
            }
        }
        let projectHeader = [t(.id), t(.project), t(.community), t(.category),
                             t(.leadUnitColumn), t(.sessionsColumn)]
        let needHeader = [t(.id), t(.need), t(.community), t(.weight)]
        func list(_ title: String, _ count: Int, _ table: @autoclosure () -> ReportNode) -> [ReportNode] {
            [R.el("h4", [:], [R.text(title + " (\(count))")]),
             count == 0 ? R.note(t(.none)) : table()]
        }
        let counts = R.el("div", ["class": "counts"], [
            R.badge(t("新增项目 \(ch.projectsAdded.count)", "\(ch.projectsAdded.count) added"), tone: ch.projectsAdded.isEmpty ? "" : "ok"),
            R.badge(t("取消项目 \(ch.projectsDropped.count)", "\(ch.projectsDropped.count) dropped"), tone: ch.projectsDropped.isEmpty ? "" : "warn"),
            R.badge(t("新覆盖需求 \(ch.needsNewlyCovered.count)", "\(ch.needsNewlyCovered.count) newly covered"), tone: ch.needsNewlyCovered.isEmpty ? "" : "ok"),
            R.badge(t("不再覆盖需求 \(ch.needsNewlyUnmet.count)", "\(ch.needsNewlyUnmet.count) newly unmet"), tone: ch.needsNewlyUnmet.isEmpty ? "" : "bad"),
        ])
        let content: [ReportNode] = [
            R.el("h3", [:], [R.text(e.label + t(.vs) + c.entries[b].label)]),
            R.el("p", class: "note", settingsText),
            counts,
        ]
            + list(t(.projectsAdded), ch.projectsAdded.count,
                   R.table(header: projectHeader, rows: projectRows(ch.projectsAdded, in: e.plan), numeric: [5], cls: "added"))
            + list(t(.projectsDropped), ch.projectsDropped.count,
                   R.table(header: projectHeader, rows: projectRows(ch.projectsDropped, in: c.entries[b].plan), numeric: [5], cls: "dropped"))
            + list(t(.needsNewlyCovered), ch.needsNewlyCovered.count,
                   R.table(header: needHeader, rows: needRows(ch.needsNewlyCovered, reasonFrom: nil), numeric: [3], cls: "covered"))
            + list(t(.needsNewlyUnmet), ch.needsNewlyUnmet.count,
                   R.table(header: needHeader + [t(.reason)], rows: needRows(ch.needsNewlyUnmet, reasonFrom: e.plan),
                           numeric: [3], cls: "unmet"))
        return R.el("div", ["class": "variant", "id": "variant-\(i + 1)"], content)
    }

    // MARK: coverage per community

    func communities() -> ReportSection {
        let tables = c.communityCoverage()
        let title = t(.coveragePerCommunity)
        var content: [ReportNode] = [
            R.note(t(.needsCoveredOfEachCommunityS)),
        ]
        for table in tables {
            if tables.count > 1 { content.append(R.el("h3", [:], [R.text(table.group)])) }
            let header = [t(.community)] + table.entries.map { c.entries[$0].label }
            let rows = table.rows.map { row -> [ReportNode] in
                let community = table.scenario.communities[row.community]
                let name: ReportNode = .group([R.text(communityName(table.scenario, row.community)),
                                               R.el("div", class: "note", community.id)])
                return [name] + table.entries.indices.map { k -> ReportNode in
                    let share = row.weightFraction(k)
                    var parts: [ReportNode] = [R.text("\(row.covered[k]) / \(row.needs) · " + NumberText.percent(share))]
                    if let d = row.differenceToBase(k) {
                        parts.append(R.el("span", class: "diff nz", "(" + (d > 0 ? "+" : "") + "\(d))"))
                    }
                    parts.append(R.el("span", ["class": "mini"], [
                        R.el("i", ["style": "width:" + NumberText.fixed(min(1, max(0, share)) * 100, decimals: 1) + "%"]),
                    ]))
                    return .group(parts)
                }
            }
            content.append(R.table(header: header, rows: rows, numeric: Set(1...max(1, table.entries.count)), cls: "cmp-comm"))
        }
        if tables.isEmpty {
            content.append(R.note(t(.thePlansScenariosDifferNoSide)))
        }
        return ReportSection(id: "communities", title: title, content: content)
    }
}
