import Foundation
import Matcher

/// Numbers as the plan's files write them: at most `decimals` decimals, no trailing zeros, no locale.
enum LedgerNumber {
    static func plain(_ x: Double, decimals: Int = 2) -> String {
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    static func percent(_ fraction: Double?) -> String {
        guard let fraction else { return "–" }
        return plain(fraction * 100, decimals: 1) + "%"
    }
}

/// The files of `match ledger`: three CSV tables, a summary page and one 双报告 page per unit.
public enum LedgerPages {
    /// A file name made from an id: letters, digits, `-` and `.` are kept; every other byte
    /// (including `_`) becomes `_XX` (hex), so different ids never share a name and none can
    /// leave the folder.
    public static func safeName(_ id: String) -> String {
        var out = ""
        for b in id.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || (b == 0x2E && !out.isEmpty) {
                out.append(c)
            } else {
                out += String(format: "_%02X", b)
            }
        }
        return out.isEmpty ? "_" : out
    }

    public static func unitPageName(_ unit: String) -> String { "unit-" + safeName(unit) + ".html" }

    /// Every file, rendered (name, bytes), in a fixed order.
    public static func render(_ s: LedgerSummary, language: ReportLanguage) -> [(name: String, data: Data)] {
        var files: [(name: String, data: Data)] = [
            ("members.csv", membersCSV(s).data),
            ("units.csv", unitsCSV(s).data),
            ("communities.csv", communitiesCSV(s).data),
            ("index.html", Data(summaryPage(s, language: language).utf8)),
        ]
        let byUnit = Dictionary(grouping: s.members, by: \.unit)
        let projectsByUnit = Dictionary(grouping: s.projects, by: \.leadUnit)
        for u in s.units {
            files.append((unitPageName(u.unit),
                          Data(unitPage(u, members: byUnit[u.unit] ?? [], projects: projectsByUnit[u.unit] ?? [],
                                        summary: s, language: language).utf8)))
        }
        return files
    }

    // MARK: CSV

    static func membersCSV(_ s: LedgerSummary) -> CSVOutput {
        CSVOutput(header: ["member", "name", "unit", "unit_name", "sessions_assigned", "sessions", "hours", "points"],
                  rows: s.members.map { m in
                      [m.member, m.name, m.unit, m.unitName, String(m.assigned), String(m.sessions),
                       LedgerNumber.plain(m.hours), LedgerNumber.plain(m.points)]
                  })
    }

    static func unitsCSV(_ s: LedgerSummary) -> CSVOutput {
        CSVOutput(header: ["unit", "name", "members_reporting", "members_served", "sessions_assigned", "sessions_attended",
                           "completion_rate", "hours", "projects_led", "projects_completed", "funds"],
                  rows: s.units.map { u in
                      [u.unit, u.name, String(u.membersReporting), String(u.membersServed), String(u.sessionsAssigned),
                       String(u.sessionsAttended), u.completionRate.map { LedgerNumber.plain($0, decimals: 4) } ?? "",
                       LedgerNumber.plain(u.hours), String(u.projectsLed), String(u.projectsCompleted), LedgerNumber.plain(u.funds)]
                  })
    }

    static func communitiesCSV(_ s: LedgerSummary) -> CSVOutput {
        CSVOutput(header: ["community", "name", "needs_raised", "needs_covered", "needs_carried", "households_waiting"],
                  rows: s.communities.map { c in
                      [c.community, c.name, String(c.needsRaised), String(c.needsCovered), String(c.needsCarried), String(c.householdsWaiting)]
                  })
    }

    // MARK: pages

    private static func totals(_ s: LedgerSummary) -> (assigned: Int, attended: Int, hours: Double, points: Double, served: Int) {
        var t = (assigned: 0, attended: 0, hours: 0.0, points: 0.0, served: 0)
        for m in s.members {
            t.assigned += m.assigned; t.attended += m.sessions; t.hours += m.hours; t.points += m.points
            if m.sessions > 0 { t.served += 1 }
        }
        return t
    }

    static func summaryPage(_ s: LedgerSummary, language: ReportLanguage) -> String {
        let L = language.ledger
        let t = totals(s)
        let raised = s.communities.reduce(0) { $0 + $1.needsRaised }
        let covered = s.communities.reduce(0) { $0 + $1.needsCovered }
        let rate: Double? = t.assigned > 0 ? Double(t.attended) / Double(t.assigned) : nil
        let overview = ReportSection(id: "overview", title: L.overview, content: [
            ReportPage.figures([
                ReportFigure(value: "\(t.served) / \(s.members.count)", label: L.membersServed),
                ReportFigure(value: "\(t.attended) / \(t.assigned)", label: L.sessionsAttended),
                ReportFigure(value: LedgerNumber.percent(rate), label: L.completionRate),
                ReportFigure(value: LedgerNumber.plain(t.hours), label: L.hours),
                ReportFigure(value: "\(covered) / \(raised)", label: L.needsCovered, note: "\(raised - covered) " + L.needsCarried),
            ]),
            ReportPage.note(L.pointsRule + ": " + L.pointsRuleText(perHour: LedgerNumber.plain(s.points.perHour),
                                                                   perSession: LedgerNumber.plain(s.points.perSession))),
        ])
        let plans = ReportSection(id: "plans", title: L.plans, content: [
            ReportPage.table(header: [L.quarter, L.scenario, L.variant, L.sessionsAssigned, L.sessionsAttended],
                             textRows: s.plans.map { [$0.quarter, $0.scenario, $0.variant, String($0.sessionsAssigned), String($0.sessionsAttended)] },
                             numeric: [3, 4]),
        ])
        let units = ReportSection(id: "units", title: L.units, content: [
            ReportPage.table(header: [L.id, L.name, L.membersReporting, L.membersServed, L.sessionsAttended, L.completionRate,
                                      L.hours, L.projectsLed, L.projectsCompleted, L.funds],
                             rows: s.units.map { u in
                                 [ReportPage.el("a", ["href": unitPageName(u.unit)], [ReportPage.text(u.unit)]), ReportPage.text(u.name),
                                  ReportPage.text(String(u.membersReporting)), ReportPage.text(String(u.membersServed)),
                                  ReportPage.text("\(u.sessionsAttended) / \(u.sessionsAssigned)"),
                                  ReportPage.text(LedgerNumber.percent(u.completionRate)), ReportPage.text(LedgerNumber.plain(u.hours)),
                                  ReportPage.text(String(u.projectsLed)), ReportPage.text(String(u.projectsCompleted)),
                                  ReportPage.text(LedgerNumber.plain(u.funds))]
                             }, numeric: [2, 3, 4, 5, 6, 7, 8, 9], scroll: s.units.count > 40),
        ])
        let communities = ReportSection(id: "communities", title: L.communities, content: [
            ReportPage.table(header: [L.id, L.name, L.needsRaised, L.needsCovered, L.needsCarried, L.householdsWaiting],
                             textRows: s.communities.map { [$0.community, $0.name, String($0.needsRaised), String($0.needsCovered),
                                                            String($0.needsCarried), String($0.householdsWaiting)] },
                             numeric: [2, 3, 4, 5], scroll: s.communities.count > 40),
        ])
        let quarters = Array(Set(s.plans.map(\.quarter))).sorted()
        return ReportPage.document(language: language, title: L.summaryTitle(year: s.year), subtitle: [L.recorded(quarters)],
                                   sections: [overview, units, communities, plans], footer: L.footer)
    }

    static func unitPage(_ u: LedgerSummary.UnitRow, members: [LedgerSummary.MemberRow], projects: [LedgerSummary.ProjectRow],
                         summary s: LedgerSummary, language: ReportLanguage) -> String {
        let L = language.ledger
        let points = members.reduce(0) { $0 + $1.points }
        let overview = ReportSection(id: "overview", title: L.overview, content: [
            ReportPage.figures([
                ReportFigure(value: "\(u.membersServed) / \(u.membersReporting)", label: L.membersServed),
                ReportFigure(value: "\(u.sessionsAttended) / \(u.sessionsAssigned)", label: L.sessionsAttended),
                ReportFigure(value: LedgerNumber.percent(u.completionRate), label: L.completionRate),
                ReportFigure(value: LedgerNumber.plain(u.hours), label: L.hours),
                ReportFigure(value: LedgerNumber.plain(points), label: L.points),
                ReportFigure(value: "\(u.projectsCompleted) / \(u.projectsLed)", label: L.projectsCompleted),
                ReportFigure(value: LedgerNumber.plain(u.funds), label: L.funds),
            ]),
        ])
        let memberRows: [[ReportNode]] = members.map { m in
            [ReportPage.text(m.member), ReportPage.text(m.name), ReportPage.text("\(m.sessions) / \(m.assigned)"),
             ReportPage.text(LedgerNumber.plain(m.hours)), ReportPage.text(LedgerNumber.plain(m.points)),
             m.sessions > 0 ? ReportPage.text("") : ReportPage.badge(L.notServed, tone: "warn")]
        }
        let membersSection = ReportSection(id: "members", title: L.members, content: [
            ReportPage.table(header: [L.id, L.memberName, L.sessionsAttended, L.hours, L.points, ""], rows: memberRows,
                             numeric: [2, 3, 4], scroll: members.count > 40),
        ])
        let projectsSection = ReportSection(id: "projects", title: L.projects, content: projects.isEmpty ? [ReportPage.note(L.noneYet)] : [
            ReportPage.table(header: [L.quarter, L.project, L.name, L.community, L.sessions, L.completed, L.satisfaction],
                             rows: projects.map { p in
                                 [ReportPage.text(p.quarter), ReportPage.text(p.project), ReportPage.text(p.title), ReportPage.text(p.community),
                                  ReportPage.text(String(p.sessions)),
                                  p.completed ? ReportPage.badge(L.yes, tone: "ok") : ReportPage.badge(L.no, tone: "bad"),
                                  ReportPage.text(p.satisfaction.map(String.init) ?? "–")]
                             }, numeric: [4, 6]),
        ])
        return ReportPage.document(language: language, title: L.unitTitle(u.name.isEmpty ? u.unit : u.name, year: s.year),
                                   subtitle: [L.unitSubtitle(u.unit)], sections: [overview, membersSection, projectsSection],
                                   footer: L.footer)
    }
}
