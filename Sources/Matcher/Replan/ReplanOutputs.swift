import Foundation

/// The files of `match replan` (docs/REPLAN.md): the new plan's usual files, `changes.csv`
/// (whom to tell what), `summary.txt`, and the changed scenario under `scenario/`.
public enum ReplanOutputs {
    public static let changesFile = "changes.csv"
    public static let summaryFile = "summary.txt"
    public static let scenarioFolder = "scenario"

    /// `original`: the scenario before the changes (a removed project's notice needs its details).
    /// `previousCalendar`: the sessions.ics published with the announced plan, when there is one
    /// (its SEQUENCE numbers carry on); `madeAt`: when the files are made (DTSTAMP).
    public static func files(_ r: ReplanResult, original: Scenario, language: ReportLanguage, folder: String,
                             previousCalendar: String? = nil, madeAt: Date? = nil) throws -> [(name: String, data: Data)] {
        let history = r.before.map { CalendarHistory.of($0, scenario: original, language: language, previous: previousCalendar) }
        var files = try PlanWriter.render(r.plan, scenario: r.scenario, settings: r.settings, language: language,
                                          madeAt: madeAt, calendarHistory: history)
        files.append((changesFile, changes(r, original: original, language: language).data))
        files.append((summaryFile, Data((summary(r, language: language, folder: folder).joined(separator: "\n") + "\n").utf8)))
        files += r.scenarioFiles.map { (scenarioFolder + "/" + $0.name, $0.data) }
        return files
    }

    /// Everyone to tell, with the text to send: one row per member-session added or removed (by
    /// member and date); then, for each project whose lead unit changed, the old and the new lead
    /// unit and one row per member-session kept on it from --today on (with the new contact).
    /// `recipient` says whether `id` is a member or a unit. Phones are whole: this is the
    /// planner's list of whom to call.
    public static func changes(_ r: ReplanResult, original: Scenario, language: ReportLanguage) -> CSVOutput {
        let words = Words(language)
        var table = CSVOutput(header: words.header(["recipient", "id", "name", "phone", "project", "project_title", "date", "weekday",
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
            table.rows.append([words.recipient(unit: false), member.id, member.name, original.extras.phone(member: n.member),
                               project.id, project.title, n.date.iso, words.weekday(n.date.weekday), span.description,
                               words.changeValue(added: n.added), text])
        }
        leadChanges(r, original: original, words: words, into: &table)
        return table
    }

    /// The rows of the projects whose lead unit changed (`ReplanSummary.newLeads`).
    static func leadChanges(_ r: ReplanResult, original: Scenario, words: Words, into table: inout CSVOutput) {
        let ids = ScenarioIds(original)
        let today = r.summary.today.iso
        let added = Set(r.notices.filter(\.added).map { "\($0.member)|\($0.project)|\($0.date.iso)" })
        for l in r.summary.newLeads {
            guard let p = ids.projects[l.project], let from = ids.units[l.from], let to = ids.units[l.to] else { continue }
            let project = original.projects[p], span = original.timeSpan(of: p)
            let title = project.title.isEmpty ? project.id : project.title
            let community = original.communities[project.community].name.isEmpty ? original.communities[project.community].id
                : original.communities[project.community].name
            let dates = (r.plan.projects.first { $0.id == l.project }?.dates ?? []).filter { $0 >= today }.sorted()
            let days = dates.compactMap { Day(iso: $0) }
            func unitName(_ u: Int) -> String { original.units[u].name.isEmpty ? original.units[u].id : original.units[u].name }
            let newContact = [original.extras.contact(unit: to), original.extras.phone(unit: to)].filter { !$0.isEmpty }.joined(separator: " ")
            let oldContact = [original.extras.contact(unit: from), original.extras.phone(unit: from)].filter { !$0.isEmpty }.joined(separator: " ")
            let dateList = days.map { words.longDate($0) }.joined(separator: words.listSeparator)
            table.rows.append([words.recipient(unit: true), original.units[from].id, original.units[from].name, original.extras.phone(unit: from),
                               project.id, project.title, "", "", span.description, words.leadChangeValue(.handedOver),
                               words.leadHandedOverNotice(unit: unitName(from), project: title, community: community,
                                                          to: unitName(to), contact: newContact, dates: dateList)])
            table.rows.append([words.recipient(unit: true), original.units[to].id, original.units[to].name, original.extras.phone(unit: to),
                               project.id, project.title, "", "", span.description, words.leadChangeValue(.taken),
                               words.leadTakenNotice(unit: unitName(to), project: title, community: community,
                                                     from: unitName(from), contact: oldContact, dates: dateList)])
            // Members kept on its sessions from today on (those added already have their invitation).
            let kept = r.plan.assignments.filter { $0.project == l.project && $0.date >= today }
                .compactMap { a -> (m: Int, day: Day)? in
                    guard let d = Day(iso: a.date), let m = ids.members[a.member],
                          !added.contains("\(m)|\(a.project)|\(a.date)") else { return nil }
                    return (m, d)
                }
                .sorted { ($0.m, $0.day) < ($1.m, $1.day) }
            for k in kept {
                let member = original.members[k.m]
                let name = member.name.isEmpty ? member.id : member.name
                table.rows.append([words.recipient(unit: false), member.id, member.name, original.extras.phone(member: k.m),
                                   project.id, project.title, k.day.iso, words.weekday(k.day.weekday), span.description,
                                   words.leadChangeValue(.changed),
                                   words.leadChangedNotice(name: name, day: k.day, slot: project.slot, start: span.start,
                                                           community: community, project: title, unit: unitName(to), contact: newContact)])
            }
        }
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
