import Foundation

/// The files of `match replan` (docs/REPLAN.md): the new plan's usual files, `changes.csv`
/// (whom to tell what), `summary.txt`, and the changed scenario under `scenario/`.
public enum ReplanOutputs {
    public static let changesFile = "changes.csv"
    public static let summaryFile = "summary.txt"
    public static let scenarioFolder = "scenario"

    /// `original`: the scenario before the changes (a removed project's notice needs its details).
    public static func files(_ r: ReplanResult, original: Scenario, language: ReportLanguage, folder: String) throws -> [(name: String, data: Data)] {
        var files = try PlanWriter.render(r.plan, scenario: r.scenario, settings: r.settings, language: language)
        files.append((changesFile, changes(r, original: original, language: language).data))
        files.append((summaryFile, Data((summary(r, language: language, folder: folder).joined(separator: "\n") + "\n").utf8)))
        files += r.scenarioFiles.map { (scenarioFolder + "/" + $0.name, $0.data) }
        return files
    }

    /// One row per member-session added or removed, by member and date, with the text to send.
    public static func changes(_ r: ReplanResult, original: Scenario, language: ReportLanguage) -> CSVOutput {
        let words = Words(language)
        var table = CSVOutput(header: words.header(["member", "name", "phone", "project", "project_title", "date", "weekday",
                                                    "time_span", "change", "notice"]))
        // The new plan's own notices, for the added member-sessions.
        let tables = PlanTables(plan: r.plan, scenario: r.scenario, settings: r.settings, language: language)
        let noticeRows = tables.notices()
        var added: [String: String] = [:]
        for row in noticeRows.rows { added[row[0] + "|" + row[4] + "|" + row[6]] = row[11] }
        let ids = ScenarioIds(original)
        for n in r.notices {
            let member = original.members[n.member]
            let name = member.name.isEmpty ? member.id : member.name
            guard let p = ids.projects[n.project] else { continue }
            let project = original.projects[p]
            let span = original.timeSpan(of: p)
            let text = n.added
                ? added[member.id + "|" + n.project + "|" + n.date.iso] ?? ""
                : words.cancelNotice(name: name, day: n.date, slot: project.slot, start: span.start,
                                     community: original.communities[project.community].name,
                                     project: project.title.isEmpty ? project.id : project.title)
            table.rows.append([member.id, member.name, original.extras.phone(member: n.member), project.id, project.title,
                               n.date.iso, words.weekday(n.date.weekday), span.description, words.changeValue(added: n.added), text])
        }
        return table
    }

    /// What changed and what it cost, one line each.
    public static func summary(_ r: ReplanResult, language: ReportLanguage, folder: String) -> [String] {
        let w = Words(language), s = r.summary
        var lines = [w.replanTitle + " · " + r.plan.scenario + " · " + r.plan.variant,
                     w.replanToday(s.today), w.replanChanges(s.changes.count)]
        for c in s.changes {
            lines.append("  " + w.changeKindName(c.kind) + " " + c.id + (c.date.map { " " + $0.iso } ?? ""))
        }
        lines.append(w.replanKept(fixed: s.fixedBefore, untouchedKept: s.untouchedKept, untouched: s.untouched,
                                  share: NumberText.percent(s.keptShare)))
        let people = Set(r.notices.map(\.member)).count
        lines.append(w.replanNotified(removed: s.removed, added: s.added, people: people))
        for m in s.moved { lines.append(w.replanMoved(m.project, m.from, m.to)) }
        for l in s.newLeads { lines.append(w.replanNewLead(l.project, l.from, l.to)) }
        for p in s.stopped { lines.append(w.replanStopped(p.project, kept: p.kept)) }
        for p in s.addedProjects { lines.append(w.replanAdded(p)) }
        for n in s.addedNeedsUncovered { lines.append(w.replanNeedUncovered(n)) }
        let loss = s.objectiveBefore - s.objectiveAfter
        let share = s.objectiveBefore != 0 ? " = " + NumberText.percent(loss / abs(s.objectiveBefore), decimals: 2) : ""
        lines.append(w.replanObjective(before: NumberText.plain(s.objectiveBefore, decimals: 2),
                                       after: NumberText.plain(s.objectiveAfter, decimals: 2),
                                       loss: NumberText.plain(loss, decimals: 2) + share))
        lines.append(w.replanPenalty(weight: NumberText.plain(s.changeWeight), changed: s.removed + s.added,
                                     penalty: NumberText.plain(s.changePenalty, decimals: 2)))
        lines.append(w.replanTime(NumberText.fixed(s.seconds, decimals: 2)))
        lines.append(w.replanCheck(folder))
        return lines
    }
}
