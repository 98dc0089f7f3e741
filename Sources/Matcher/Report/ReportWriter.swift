import Foundation

/// Writes `report.html` beside a plan's files: one self-contained page (inline CSS and SVG, no
/// scripts, no fonts or anything else fetched from the network) that the people acting on the
/// plan read in a browser, on a phone or on paper (A4). docs/OUTPUTS.md describes it.
public enum ReportWriter {
    public static let fileName = "report.html"

    /// Renders the report and writes it into `directory` atomically (`PlanWriter.writeAtomically`).
    public static func write(plan: Plan, scenario: Scenario, settings: Settings, language: ReportLanguage,
                             to directory: String) throws {
        let html = render(plan: plan, scenario: scenario, settings: settings, language: language)
        try PlanWriter.writeAtomically([(fileName, Data(html.utf8))], to: directory)
    }

    /// The report's HTML text; the same plan, scenario, settings and language give the same bytes.
    /// `projectReasons` (`SolveResult.projectReasons`) fill the section of projects that do not run.
    public static func render(plan: Plan, scenario: Scenario, settings: Settings, language: ReportLanguage,
                              limits: ReportLimits = .standard, projectReasons: [String] = []) -> String {
        PlanReport(plan: plan, scenario: scenario, settings: settings, language: language, limits: limits,
                   projectReasons: projectReasons).html()
    }
}

/// Where the report stops drawing or listing every item one by one, so that a city-sized plan
/// (170,000 members, thousands of projects) still gives a page of a few megabytes that a
/// phone opens. Below every limit (a street) the page lists everything. docs/OUTPUTS.md.
public struct ReportLimits: Sendable, Equatable {
    /// Above this many members the map draws a density grid instead of one dot per member.
    public var mapMemberDots = 2_000
    /// Above this many running projects the map draws projects as plain small marks, without
    /// service circles, labels or tooltips.
    public var mapProjectDetail = 300
    /// Above this many units the map draws units as plain marks without labels.
    public var mapUnitDetail = 300
    /// Above this many communities the map labels none (each keeps its tooltip).
    public var mapCommunityLabels = 60
    /// At most this many running projects get a card (the heaviest); the rest get a table row.
    public var projectCards = 200
    /// At most this many rows in the members and unmet-needs tables.
    public var memberRows = 500
    public var unmetRows = 500
    /// At most this many rows in the units table (those leading most projects first).
    public var unitRows = 500
    /// Above this many sessions in all, each calendar day shows one chip per slot (sessions
    /// and people) instead of one chip per session.
    public var calendarSessions = 400
    /// Above this many communities the coverage section is one table row per community.
    public var coverageBars = 100

    public init() {}
    public static let standard = ReportLimits()
}

/// The sections of one plan's report.
struct PlanReport {
    let plan: Plan
    let scenario: Scenario
    let settings: Settings
    let lang: ReportLanguage
    let limits: ReportLimits
    let summary: PlanSummary
    let tables: PlanTables
    /// Running project indices in id order.
    let runningOrder: [Int]
    /// Staff of each (project, date): member indices in id order.
    let staff: [Int: [String: [Int]]]
    /// Covered needs: those a running project lists (as PlanSummary counts them).
    let covered: [Bool]

    /// Weight covered by each project (the weights of the needs it lists; 0 when not running).
    let weight: [Int]
    /// Per project: why it does not run, English ("" when it runs or is unknown).
    let projectReasons: [String]

    init(plan: Plan, scenario: Scenario, settings: Settings, language: ReportLanguage, limits: ReportLimits = .standard,
         projectReasons: [String] = []) {
        self.plan = plan; self.scenario = scenario; self.settings = settings; lang = language; self.limits = limits
        self.projectReasons = projectReasons
        summary = PlanSummary(plan: plan, scenario: scenario, settings: settings)
        tables = PlanTables(plan: plan, scenario: scenario, settings: settings, language: language, projectReasons: projectReasons)
        runningOrder = tables.running.keys.sorted { scenario.projects[$0].id != scenario.projects[$1].id
            ? scenario.projects[$0].id < scenario.projects[$1].id : $0 < $1 }
        let memberRank = PlanTables.ranks(scenario.members.map(\.id))
        var staff: [Int: [String: [Int]]] = [:]
        for s in tables.staffed { staff[s.p, default: [:]][s.date, default: []].append(s.m) }
        for (p, byDate) in staff {
            for (d, ms) in byDate { staff[p]![d] = ms.sorted { memberRank[$0] < memberRank[$1] } }
        }
        self.staff = staff
        var covered = Array(repeating: false, count: scenario.needs.count)
        for p in tables.running.keys { for i in scenario.projects[p].needs { covered[i] = true } }
        self.covered = covered
        var weight = Array(repeating: 0, count: scenario.projects.count)
        for p in tables.running.keys { weight[p] = scenario.projects[p].needs.reduce(0) { $0 + scenario.needs[$1].weight } }
        self.weight = weight
    }

    typealias R = ReportPage
    private func t(_ zh: String, _ en: String) -> String { lang.pick(zh: zh, en: en) }
    private func t(_ p: Words.Phrase) -> String { Words(lang)(p) }
    private func money(_ x: Double) -> String { NumberText.plain(x, decimals: 2) }
    private func yuan(_ x: Double) -> String { t("\(money(x)) 元", "\(money(x)) yuan") }

    func slotName(_ s: Slot) -> String { Words(lang).slot(s) }

    func weekdayName(_ w: Int) -> String { Words(lang).weekday(w) }

    func people(_ n: Int) -> String { Words(lang).people(n) }

    func communityName(_ c: Int) -> String {
        let community = scenario.communities[c]
        return community.name.isEmpty ? community.id : community.name
    }

    func html() -> String {
        let title = scenario.name.isEmpty ? plan.scenario : scenario.name
        let subtitle = [
            t(.coBuildingPlanReport) + " · " + t(.variant) + " " + plan.variant,
            t(.period) + " " + scenario.period.start.iso + " – " + scenario.period.end.iso,
        ]
        return ReportPage.document(
            language: lang, title: title, subtitle: subtitle,
            sections: [overview(), coverage(), map(), calendar(), projects(), notRun(), unmet(), units()]
                + (summary.participation.map { [participation($0)] } ?? []) + [members()],
            footer: t(.writtenByMatchFromPlanJson))
    }

    // MARK: overview

    func qualityStatement() -> (text: String, tone: String) {
        let s = summary
        if s.status == .noPlan {
            return (t(.noPlanWasFoundWithinThe), "bad")
        }
        guard s.gap.isFinite, s.bound.isFinite else {
            return (t(.theSolverGaveNoBoundThe), "warn")
        }
        var pct = s.gap > 0 ? NumberText.percent(s.gap, decimals: 2) : "0%"
        if pct == "0.00%" { pct = "0.01%" }
        let head = t("已证明：本方案与可能的最好方案相差不超过 \(pct)。", "Proved within \(pct) of the best possible.")
        if s.status == .feasible {
            return (head + t(.theSolverStoppedAtItsLimit), "warn")
        }
        return (head, "")
    }

    func overview() -> ReportSection {
        let s = summary, n = NumberText.self
        let q = qualityStatement()
        var figs: [ReportFigure] = [
            ReportFigure(value: "\(s.needsCovered) / \(s.needsTotal)", label: t(.needsCovered),
                         note: t(.byWeightPrefix) + n.percent(s.weightCoveredFraction) + t(.ofWeight)),
            ReportFigure(value: "\(s.householdsReached)", label: t(.householdsReached)),
            ReportFigure(value: "\(s.projectsRun) / \(s.projectsTotal)", label: t(.projectsRun)),
            ReportFigure(value: "\(s.sessions)", label: t(.sessionsFigure),
                         note: t("\(s.memberSessions) 人次", "\(s.memberSessions) member-sessions")),
            ReportFigure(value: "\(s.membersEngaged) / \(s.membersTotal)", label: t(.membersEngaged)),
            ReportFigure(value: n.plain(s.volunteerHours, decimals: 1), label: t(.volunteerHours)),
            ReportFigure(value: "\(s.unitsLeading) / \(s.unitsTotal)", label: t(.unitsLeading)),
            ReportFigure(value: "\(s.unitsBelowMinimum)", label: t(.unitsBelowMinimum),
                         tone: s.unitsBelowMinimum > 0 ? "warn" : ""),
        ]
        if let b = s.streetBudget {
            let share = b > 0 ? " (\(n.percent(s.streetFundsUsed / b)))" : ""
            figs.append(ReportFigure(value: yuan(s.streetFundsUsed), label: t(.streetFunds),
                                     note: t("预算 \(yuan(b))", "of \(yuan(b))") + share))
        } else {
            figs.append(ReportFigure(value: yuan(s.streetFundsUsed), label: t(.streetFunds),
                                     note: t(.noBudgetLimit)))
        }
        // Each street with a budget of its own (rules.street_budgets, contract v3).
        for m in s.streetMoney {
            let share = m.budget > 0 ? " (\(n.percent(m.used / m.budget)))" : ""
            figs.append(ReportFigure(value: yuan(m.used), label: m.street + " · " + t(.streetFunds),
                                     note: t("预算 \(yuan(m.budget))", "of \(yuan(m.budget))") + share,
                                     tone: m.used > m.budget + 0.005 ? "bad" : ""))
        }
        figs.append(ReportFigure(value: yuan(s.unitFundsUsed), label: t(.unitFunds)))
        figs.append(ReportFigure(value: n.fixed(s.meanDistanceKm, decimals: 2) + " km", label: t(.meanMemberDistance),
                                 note: t(.n90thPercentile) + n.fixed(s.p90DistanceKm, decimals: 2) + " km"))
        let numbers = t(.objective) + n.plain(s.objective, decimals: 2) + t(.bestBound)
            + n.plain(s.bound, decimals: 2) + t(.gap) + (s.gap.isFinite ? n.percent(s.gap, decimals: 3) : "n/a")
            + t(.statusOpen) + s.status.rawValue + t(.closeParen)
        return ReportSection(id: "overview", title: t(.overview), content: [
            R.el("p", class: "quality" + (q.tone.isEmpty ? "" : " " + q.tone), q.text),
            R.figures(figs),
            R.note(numbers),
        ])
    }

    // MARK: coverage

    func coverage() -> ReportSection {
        var needs = Array(repeating: (total: 0, covered: 0, hh: 0, hhCovered: 0), count: scenario.communities.count)
        for (i, need) in scenario.needs.enumerated() {
            needs[need.community].total += 1
            needs[need.community].hh += need.households
            if covered[i] {
                needs[need.community].covered += 1
                needs[need.community].hhCovered += need.households
            }
        }
        let order = scenario.communities.indices.sorted { scenario.communities[$0].id < scenario.communities[$1].id }
        if order.count > limits.coverageBars {
            let rows = order.map { c -> [String] in
                let x = needs[c]
                return [communityName(c), scenario.communities[c].id, "\(x.covered) / \(x.total)",
                        x.total > 0 ? NumberText.percent(Double(x.covered) / Double(x.total)) : "–",
                        "\(x.hhCovered) / \(x.hh)"]
            }
            return ReportSection(id: "coverage", title: t(.coverageByCommunity), content: [
                R.note(t("每个社区已覆盖的需求数与户数（一项需求由开展中的项目列出即算覆盖）；共 \(order.count) 个社区，每个社区一行。",
                         "Needs and households covered in each community (a need is covered when a running project lists it); \(order.count) communities, one row each.")),
                R.table(header: [t(.community), t(.id), t(.needs), t(.share), t(.households)],
                        textRows: rows, numeric: [2, 3, 4], cls: "coverage", scroll: true),
            ])
        }
        var blocks: [ReportNode] = []
        for c in order {
            let x = needs[c]
            blocks.append(R.el("div", ["class": "community"], [
                R.el("h3", [:], [R.text(communityName(c)), R.el("span", class: "note", " " + scenario.communities[c].id)]),
                R.bars([
                    ReportBar(label: t(.needs), value: Double(x.covered), max: Double(x.total),
                              text: t("\(x.covered) / \(x.total) 项", "\(x.covered) of \(x.total)")),
                    ReportBar(label: t(.households), value: Double(x.hhCovered), max: Double(x.hh),
                              text: t("\(x.hhCovered) / \(x.hh) 户", "\(x.hhCovered) of \(x.hh)"), tone: "alt"),
                ]),
            ]))
        }
        return ReportSection(id: "coverage", title: t(.coverageByCommunity),
                             content: [R.note(t(.needsAndHouseholdsCoveredInEach))]
                                 + blocks)
    }

    // MARK: map, calendar

    func map() -> ReportSection {
        ReportSection(id: "map", title: t(.map), content: ReportMap(report: self).content())
    }

    func calendar() -> ReportSection {
        ReportSection(id: "calendar", title: t(.quarterCalendar), content: ReportCalendar(report: self).content())
    }

    // MARK: project cards

    func projects() -> ReportSection {
        guard !runningOrder.isEmpty else {
            return ReportSection(id: "projects", title: t(.runningProjects),
                                 content: [R.note(t(.thePlanRunsNoProject))])
        }
        // Above the limit: cards for the heaviest projects (weight covered, then id), in id order.
        let carded: Set<Int>
        if runningOrder.count > limits.projectCards {
            let heaviest = runningOrder.sorted { weight[$0] != weight[$1] ? weight[$0] > weight[$1]
                : scenario.projects[$0].id != scenario.projects[$1].id ? scenario.projects[$0].id < scenario.projects[$1].id : $0 < $1 }
            carded = Set(heaviest.prefix(limits.projectCards))
        } else {
            carded = Set(runningOrder)
        }
        let cards = runningOrder.filter { carded.contains($0) }.map { p -> ReportNode in
            let project = scenario.projects[p], pr = tables.running[p]!
            let lead = tables.ids.units[pr.leadUnit].map { scenario.units[$0].name + " (" + pr.leadUnit + ")" } ?? pr.leadUnit
            let required = Set(project.skills.map(\.tag))
            let needItems = project.needs.map { i -> ReportNode in
                let need = scenario.needs[i]
                return R.el("li", [:], [R.text((need.title.isEmpty ? need.id : need.title) + " "),
                                        R.el("span", class: "note",
                                             need.id + " · " + t("\(need.households) 户 · 权重 \(need.weight)",
                                                                 "\(need.households) households · weight \(need.weight)"))])
            }
            let skillsText = project.skills.map { "\(scenario.skillTags[$0.tag]) × \($0.count)" }.joined(separator: ", ")
            var sessions: [ReportNode] = []
            for date in pr.dates.sorted() {
                let roster = staff[p]?[date] ?? []
                let day = Day(iso: date)
                let when = date + (day.map { " " + weekdayName($0.weekday) } ?? "") + " " + slotName(project.slot)
                let names = roster.map { m -> ReportNode in
                    let member = scenario.members[m]
                    let skills = member.skills.map { tag in
                        R.el("span", class: required.contains(tag) ? "skill req" : "skill", scenario.skillTags[tag])
                    }
                    return R.el("li", [:], [R.text((member.name.isEmpty ? member.id : member.name) + " "),
                                            R.el("span", class: "note", member.id + " · " + scenario.units[member.unit].name)]
                                + skills)
                }
                sessions.append(R.el("div", ["class": "session"], [
                    R.el("div", class: "when", when + " · " + people(roster.count)),
                    R.el("ul", [:], names),
                ]))
            }
            var facts: [ReportNode] = [
                R.el("dt", [:], [R.text(t(.leadUnitHeading))]), R.el("dd", [:], [R.text(lead)]),
                R.el("dt", [:], [R.text(t(.funds))]),
                R.el("dd", [:], [R.text(t("单位 \(yuan(pr.unitFunds)) + 街道 \(yuan(pr.streetFunds))（费用 \(yuan(project.cost))）",
                                          "unit \(yuan(pr.unitFunds)) + street \(yuan(pr.streetFunds)) (cost \(yuan(project.cost)))"))]),
                R.el("dt", [:], [R.text(t(.perSession))]),
                R.el("dd", [:], [R.text(t("\(project.minVolunteers)–\(project.maxVolunteers) 人，\(NumberText.plain(project.hours)) 小时",
                                          "\(project.minVolunteers)–\(project.maxVolunteers) people, \(NumberText.plain(project.hours)) h"))]),
            ]
            if !skillsText.isEmpty {
                facts += [R.el("dt", [:], [R.text(t(.skills))]), R.el("dd", [:], [R.text(skillsText)])]
            }
            return R.el("article", ["class": "card", "id": "project-" + project.id], [
                R.el("h3", [:], [R.text(project.title.isEmpty ? project.id : project.title)]),
                R.el("p", class: "meta", project.id + " · " + communityName(project.community) + " · " + project.category
                     + " · " + slotName(project.slot)),
                R.el("dl", [:], facts),
                R.el("div", class: "note", t(.needsCoveredHeading)),
                R.el("ul", [:], needItems),
                R.el("div", class: "note", t(.sessionsAndRosters)),
            ] + sessions)
        }
        let rest = runningOrder.filter { !carded.contains($0) }
        guard !rest.isEmpty else {
            return ReportSection(id: "projects", title: t(.runningProjects),
                                 content: [R.el("div", ["class": "cards"], cards)])
        }
        let rows = rest.map { p -> [String] in
            let project = scenario.projects[p], pr = tables.running[p]!
            let dates = Set(pr.dates)
            let people = dates.reduce(0) { $0 + (staff[p]?[$1]?.count ?? 0) }
            return [project.id, project.title.isEmpty ? project.id : project.title, communityName(project.community),
                    slotName(project.slot), pr.leadUnit, String(dates.count), String(people), String(weight[p])]
        }
        let note = t("共 \(runningOrder.count) 个开展的项目：覆盖权重最大的 \(cards.count) 个列为卡片（含人员名单），其余 \(rest.count) 个在下表中各占一行。全部项目与名单见 plan.json、projects.csv 与 roster.csv。",
                     "\(runningOrder.count) running projects: the \(cards.count) covering the most weight have a card with rosters; the other \(rest.count) have one row each in the table below. plan.json, projects.csv and roster.csv hold every project and roster.")
        return ReportSection(id: "projects", title: t(.runningProjects), content: [
            R.note(note),
            R.el("div", ["class": "cards"], cards),
            R.el("h3", [:], [R.text(t(.otherRunningProjects))]),
            R.table(header: [t(.id), t(.project), t(.community), t(.slot),
                             t(.leadUnitColumn), t(.sessionsColumn), t(.memberSessions),
                             t(.weightCovered)],
                    textRows: rows, numeric: [5, 6, 7], cls: "projects-rest", scroll: true),
        ])
    }

    // MARK: unmet needs

    /// Every candidate project that does not run, by id, with why (and a checked hint).
    func notRun() -> ReportSection {
        let title = t(.projectsNotRun)
        let order = scenario.projects.indices.filter { tables.running[$0] == nil }
            .sorted { scenario.projects[$0].id < scenario.projects[$1].id }
        guard !order.isEmpty else {
            return ReportSection(id: "notrun", title: title, content: [R.note(t(.everyCandidateProjectRuns))])
        }
        let shown = order.prefix(limits.unmetRows)
        let capNote: [ReportNode] = order.count > shown.count
            ? [R.note(t("共 \(order.count) 个未开展的项目，这里列出前 \(shown.count) 个；全部见 projects.csv。",
                        "\(order.count) projects do not run; the first \(shown.count) are listed here, projects.csv lists them all."))]
            : []
        let translate = lang.reasonTranslator()
        let rows = shown.map { p -> [ReportNode] in
            let project = scenario.projects[p]
            let reason = p < projectReasons.count ? translate(projectReasons[p]) : ""
            return [.group([R.text(project.title.isEmpty ? project.id : project.title), R.el("div", class: "note", project.id)]),
                    R.text(communityName(project.community)), R.text(project.category), R.text(String(project.sessions)),
                    R.text(reason.isEmpty ? "—" : reason)]
        }
        return ReportSection(id: "notrun", title: title, content: [
            R.note(t(.eachReasonNamesTheBindingFact)),
        ] + capNote + [
            R.table(header: [t(.project), t(.community), t(.category), t(.sessionsColumn), t(.reason)],
                    rows: rows, numeric: [3], cls: "notrun", scroll: !capNote.isEmpty),
        ])
    }

    func unmet() -> ReportSection {
        var rows: [(need: Need, reason: String)] = []
        var seen = Set<String>()
        let hints = tables.needHints()
        for n in plan.needs where !n.covered && seen.insert(n.id).inserted {
            if let i = tables.ids.needs[n.id] { rows.append((scenario.needs[i], (n.reason ?? "") + (hints[i].map { "; " + $0 } ?? ""))) }
        }
        rows.sort { $0.need.weight != $1.need.weight ? $0.need.weight > $1.need.weight : $0.need.id < $1.need.id }
        guard !rows.isEmpty else {
            return ReportSection(id: "unmet", title: t(.unmetNeeds),
                                 content: [R.note(t(.everyNeedIsCovered))])
        }
        let total = rows.count
        var capNote: [ReportNode] = []
        if total > limits.unmetRows {
            rows = Array(rows.prefix(limits.unmetRows))
            capNote = [R.note(t("共 \(total) 项未满足的需求，这里列出权重最大的 \(rows.count) 项；全部见 unmet.csv。",
                                "\(total) needs are unmet; the \(rows.count) heaviest are listed here, unmet.csv lists them all."))]
        }
        let translate = lang.reasonTranslator()
        let body = rows.map { r -> [ReportNode] in
            [R.text(String(r.need.weight)),
             .group([R.text(r.need.title.isEmpty ? r.need.id : r.need.title), R.el("div", class: "note", r.need.id)]),
             R.text(communityName(r.need.community)), R.text(r.need.category), R.text(String(r.need.households)),
             R.text(String(r.need.urgency)), R.text(translate(r.reason))]
        }
        return ReportSection(id: "unmet", title: t(.unmetNeeds), content: [
            R.note(t(.heaviestFirstWeightHouseholdsUrgencyThe)),
        ] + capNote + [
            R.table(header: [t(.weight), t(.need), t(.community), t(.category),
                             t(.households), t(.urgency), t(.reason)],
                    rows: body, numeric: [0, 4, 5], cls: "unmet", scroll: !capNote.isEmpty),
        ])
    }

    // MARK: units and members

    func units() -> ReportSection {
        var led = Array(repeating: [String](), count: scenario.units.count)
        var given = Array(repeating: 0.0, count: scenario.units.count)
        for p in runningOrder {
            let pr = tables.running[p]!
            if let u = tables.ids.units[pr.leadUnit] { led[u].append(scenario.projects[p].id); given[u] += pr.unitFunds }
        }
        var order = scenario.units.indices.sorted { scenario.units[$0].id < scenario.units[$1].id }
        var capNote: [ReportNode] = []
        if order.count > limits.unitRows {
            // Units below their minimum first, then those leading most projects; shown in id order.
            let below = { (u: Int) in led[u].count < scenario.units[u].minProjects }
            let shown = Set(order.sorted { below($0) != below($1) ? below($0) : led[$0].count != led[$1].count
                ? led[$0].count > led[$1].count : scenario.units[$0].id < scenario.units[$1].id }.prefix(limits.unitRows))
            let total = order.count, belowCount = order.filter(below).count
            order = order.filter { shown.contains($0) }
            capNote = [R.note(t("共 \(total) 个单位（\(belowCount) 个低于最低项目数），这里列出 \(order.count) 个：先列低于最低数的，再按牵头项目数从多到少；全部见 units.csv。",
                                "\(total) units (\(belowCount) below their minimum); \(order.count) are listed here, those below their minimum first, then those leading most projects; units.csv lists them all."))]
        }
        let rows = order.map { u -> [ReportNode] in
            let unit = scenario.units[u]
            let below = led[u].count < unit.minProjects
            let flag = below
                ? R.badge(t("低于最低数 \(unit.minProjects)", "below minimum of \(unit.minProjects)"), tone: "warn")
                : R.badge(t(.ok), tone: "ok")
            return [R.text(unit.id), R.text(unit.name), R.text(unit.kind), R.text(String(led[u].count)),
                    R.text(led[u].joined(separator: ", ")), R.text(money(given[u]) + " / " + money(unit.funds)),
                    R.text("\(unit.minProjects)–\(unit.maxProjects)"), flag]
        }
        return ReportSection(id: "units", title: t(.units), content: capNote + [
            R.table(header: [t(.id), t(.nameColumn), t(.kind), t(.projectsLed),
                             t(.projects), t(.fundsGivenAvailableYuan),
                             t(.minMax), t(.statusColumn)],
                    rows: rows, numeric: [3, 5, 6], cls: "units", scroll: !capNote.isEmpty),
        ])
    }

    // MARK: participation (contract v2)

    /// Who serves (双报到): headline figures, sessions per member as bars, why members stay
    /// below target, and per unit how many reporting members serve (双报告).
    func participation(_ part: ParticipationSummary) -> ReportSection {
        let w = { (x: ParticipationWord) in lang.word(x) }
        let figures = R.figures([
            ReportFigure(value: "\(part.engaged) / \(part.membersTotal)", label: w(.membersEngaged)),
            ReportFigure(value: "\(part.belowTarget) / \(part.membersWithTarget)", label: w(.membersBelowTarget),
                         tone: part.belowTarget > 0 ? "warn" : ""),
            ReportFigure(value: "\(part.shortfallSessions)", label: w(.shortfallSessions)),
            ReportFigure(value: NumberText.plain(summary.participationTerm, decimals: 2), label: w(.participationTerm)),
        ])
        let top = Double(part.distribution.max() ?? 0)
        let bars = R.bars(part.distribution.enumerated().map { k, count in
            let label = (k == ParticipationSummary.distributionCap ? "\(k)+" : "\(k)") + " " + w(.sessionsBucket)
            return ReportBar(label: label, value: Double(count), max: top, text: people(count), tone: k == 0 ? "warn" : "")
        }, caption: w(.distributionCaption))
        let reasonRows = ParticipationSummary.Reason.allCases.filter { part.count($0) > 0 }
            .map { [lang.word($0), people(part.count($0))] }
        var content: [ReportNode] = [R.note(part.membersWithTarget > 0 ? w(.intro) : w(.noTargets)), figures, bars]
        if !reasonRows.isEmpty {
            content.append(R.table(header: [w(.reasonColumn), w(.membersBelowTarget)], textRows: reasonRows, numeric: [1]))
        }
        let shown = part.units.filter { $0.reporting > 0 }.prefix(limits.unitRows)
        let unitRows = shown.map { row -> [String] in
            let unit = scenario.units[row.unit]
            return [unit.id, unit.name, String(row.reporting), String(row.serving),
                    NumberText.percent(Double(row.serving) / Double(max(1, row.reporting))), String(row.belowTarget)]
        }
        content.append(R.el("h3", class: "", w(.unitTableTitle)))
        content.append(R.table(header: [t("编号", "id"), w(.unitColumn), w(.reportingColumn), w(.servingColumn),
                                        w(.servingShareColumn), w(.belowTargetColumn)],
                               textRows: unitRows, numeric: [2, 3, 4, 5], cls: "participation", scroll: unitRows.count > 40))
        return ReportSection(id: "participation", title: w(.sectionTitle), content: content)
    }

    func members() -> ReportSection {
        var sessions: [Int: Int] = [:], hours: [Int: Double] = [:]
        for s in tables.staffed {
            sessions[s.m, default: 0] += 1
            hours[s.m, default: 0] += scenario.projects[s.p].hours
        }
        var order = sessions.keys.sorted { scenario.members[$0].id != scenario.members[$1].id
            ? scenario.members[$0].id < scenario.members[$1].id : $0 < $1 }
        var capNote: [ReportNode] = []
        if order.count > limits.memberRows {
            // The members with most hours (then most sessions, then id), most hours first.
            order = Array(order.sorted { hours[$0]! != hours[$1]! ? hours[$0]! > hours[$1]!
                : sessions[$0]! != sessions[$1]! ? sessions[$0]! > sessions[$1]!
                : scenario.members[$0].id != scenario.members[$1].id ? scenario.members[$0].id < scenario.members[$1].id : $0 < $1 }
                .prefix(limits.memberRows))
            capNote = [R.note(t("这里按时长从多到少列出 \(order.count) 名（共 \(sessions.count) 名参加）；全部见 members.csv。",
                                "The \(order.count) with the most hours are listed here, most first (\(sessions.count) take part); members.csv lists them all."))]
        }
        let rows = order.map { m -> [String] in
            let member = scenario.members[m]
            return [member.id, member.name, scenario.units[member.unit].name, communityName(member.community),
                    String(sessions[m]!), NumberText.plain(hours[m]!)]
        }
        let intro = t("\(summary.membersEngaged) 名党员（共 \(summary.membersTotal) 名）参加了活动；时长即志愿服务积分。",
                      "\(summary.membersEngaged) of \(summary.membersTotal) members take part; hours are the volunteer points.")
        return ReportSection(id: "members", title: t(.members), content: [
            R.note(intro),
        ] + capNote + [
            R.table(header: [t(.id), t(.personNameColumn), t(.unitColumn), t(.community),
                             t(.sessionsColumn), t(.hoursPoints)],
                    textRows: rows, numeric: [4, 5], cls: "members", scroll: !capNote.isEmpty),
        ])
    }
}
