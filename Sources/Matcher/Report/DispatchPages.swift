import Foundation

/// The 派单 pages beside the plan (`dispatch/`): one per community with sessions (社区派单),
/// one per unit that leads a session or whose members serve (单位接单, also for the unit's Party
/// branch: 双报到), and an index linking them.
/// Each is a self-contained page in the report's shell (`ReportPage`: inline CSS, no scripts,
/// A4 print rules, every input value escaped). Each session shows its date and weekday, the
/// time of day and hours, the meeting place, the lead unit and its contact, the members sent
/// (name, unit, phone when the lists have one) and the needs it serves.
struct DispatchPages {
    let tables: PlanTables
    static let folder = "dispatch"

    typealias R = ReportPage
    private var sc: Scenario { tables.scenario }
    private var w: Words { tables.words }

    /// A file-name part for an id: letters, digits, `-`, `_` and `.` (not first) are kept; every
    /// other byte becomes `%XX`, so distinct ids give distinct names and none can leave the folder.
    static func safeName(_ id: String) -> String {
        var out = ""
        for (i, b) in id.utf8.enumerated() {
            let keep = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 95 || (b == 46 && i > 0)
            if keep { out.unicodeScalars.append(UnicodeScalar(b)) } else {
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count < 2 ? "0" : "") + hex
            }
        }
        return out.isEmpty ? "%" : out
    }

    /// The page's link target: `%` itself escaped as `%25` so the browser opens that file.
    static func href(_ file: String) -> String { file.replacingOccurrences(of: "%", with: "%25") }

    static func communityFile(_ id: String) -> String { "community-" + safeName(id) + ".html" }
    static func unitFile(_ id: String) -> String { "unit-" + safeName(id) + ".html" }

    /// (path inside the plan folder, bytes): the index, then communities and units in id order.
    func files() -> [(name: String, data: Data)] {
        // Each page lists its sessions by date, then slot, then project id: a schedule.
        let projectRank = PlanTables.ranks(sc.projects.map(\.id))
        let sessions = tables.heldSessions().sorted { a, b in
            if a.day != b.day { return a.day < b.day }
            let sa = sc.projects[a.project].slot, sb = sc.projects[b.project].slot
            if sa != sb { return sa < sb }
            return projectRank[a.project] < projectRank[b.project]
        }
        var byCommunity: [Int: [HeldSession]] = [:], byUnit: [Int: [HeldSession]] = [:]
        for s in sessions {
            byCommunity[sc.projects[s.project].community, default: []].append(s)
            if let u = tables.leadUnit(of: s.project) { byUnit[u, default: []].append(s) }
        }
        // Each unit's own members in every session (also those led by other units), for its Party branch.
        var ownMembers: [Int: [(session: HeldSession, member: Int)]] = [:]
        for s in sessions { for m in s.staff { ownMembers[sc.members[m].unit, default: []].append((s, m)) } }
        let communities = byCommunity.keys.sorted { sc.communities[$0].id < sc.communities[$1].id }
        // Every unit that leads a session or whose members serve gets a page.
        let units = Set(byUnit.keys).union(ownMembers.keys).sorted { sc.units[$0].id < sc.units[$1].id }
        var out: [(name: String, data: Data)] = [(DispatchPages.folder + "/index.html",
                                                  Data(index(communities, units, byCommunity, byUnit, ownMembers).utf8))]
        for c in communities {
            out.append((DispatchPages.folder + "/" + DispatchPages.communityFile(sc.communities[c].id),
                        Data(communityPage(c, byCommunity[c]!).utf8)))
        }
        for u in units {
            out.append((DispatchPages.folder + "/" + DispatchPages.unitFile(sc.units[u].id),
                        Data(unitPage(u, byUnit[u] ?? [], own: ownMembers[u] ?? []).utf8)))
        }
        return out
    }

    private var scenarioTitle: String { sc.name.isEmpty ? tables.plan.scenario : sc.name }
    private var footer: String { w.footer(scenarioTitle, tables.plan.variant) }

    private func index(_ communities: [Int], _ units: [Int], _ byCommunity: [Int: [HeldSession]], _ byUnit: [Int: [HeldSession]],
                       _ own: [Int: [(session: HeldSession, member: Int)]]) -> String {
        func link(_ file: String, _ label: String, _ n: [HeldSession]) -> ReportNode {
            R.el("li", [:], [R.el("a", ["href": DispatchPages.href(file)], [R.text(label)]),
                             R.text(" · " + w.sessionsCount(n.count) + " · " + w.memberSessions(n.reduce(0) { $0 + $1.staff.count }))])
        }
        // A unit: the sessions it leads, then its own members' sessions.
        func unitLink(_ u: Int) -> ReportNode {
            let led = byUnit[u] ?? [], mine = own[u] ?? []
            var facts: [String] = []
            if !led.isEmpty { facts.append(w.leadsSessions(led.count)) }
            if !mine.isEmpty { facts.append(w.ownMemberSessions(mine.count)) }
            let label = sc.units[u].name.isEmpty ? sc.units[u].id : sc.units[u].name
            return R.el("li", [:], [R.el("a", ["href": DispatchPages.href(DispatchPages.unitFile(sc.units[u].id))], [R.text(label)]),
                                    R.text(" · " + facts.joined(separator: " · "))])
        }
        let sections = [
            ReportSection(id: "communities", title: w.communities + " · " + w.communityDispatch, content: [
                R.el("ul", [:], communities.map { c in
                    link(DispatchPages.communityFile(sc.communities[c].id), tables.communityName(c), byCommunity[c]!)
                }),
            ]),
            ReportSection(id: "units", title: w.units + " · " + w.unitDispatch, content: [
                R.el("ul", [:], units.map(unitLink)),
            ]),
        ]
        return R.document(language: w.language, title: scenarioTitle + " · " + w.dispatchIndexTitle,
                          subtitle: [w.sessionsCount(byCommunity.values.reduce(0) { $0 + $1.count }) + " · "
                              + w.memberSessions(byCommunity.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.staff.count } })],
                          sections: sections, footer: footer, extraCSS: DispatchPages.css)
    }

    /// The page's sessions at a glance: date, time, project, lead unit, members sent.
    private func schedule(_ sessions: [HeldSession]) -> ReportSection {
        let rows = sessions.map { s -> [String] in
            let project = sc.projects[s.project], span = sc.timeSpan(of: s.project)
            return [w.longDate(s.day), w.slot(project.slot) + " " + span.start.short + "–" + span.end.short,
                    project.title.isEmpty ? project.id : project.title,
                    tables.leadUnit(of: s.project).map { sc.units[$0].name } ?? "", String(s.staff.count)]
        }
        return ReportSection(id: "schedule", title: w.scheduleWord, content: [
            R.table(header: [w.column("date"), w.when, w.column("project_title"), w.leadWord, w.membersSent],
                    textRows: rows, numeric: [4]),
        ])
    }

    private func communityPage(_ c: Int, _ sessions: [HeldSession]) -> String {
        let community = sc.communities[c]
        let sections = [schedule(sessions),
                        ReportSection(id: "sessions", title: w.sessionsWord + " · " + w.sessionsCount(sessions.count),
                                      content: sessions.map { card($0, members: $0.staff) })]
        return R.document(language: w.language, title: w.communityDispatch + " · " + tables.communityName(c),
                          subtitle: [scenarioTitle, community.street].filter { !$0.isEmpty },
                          sections: sections, footer: footer, extraCSS: DispatchPages.css)
    }

    private func unitPage(_ u: Int, _ sessions: [HeldSession], own: [(session: HeldSession, member: Int)]) -> String {
        let unit = sc.units[u]
        // The unit's own contact and members are shown whole: this page is for the unit, which calls them.
        let reach = [sc.extras.contact(unit: u), sc.extras.phone(unit: u)].filter { !$0.isEmpty }.joined(separator: " ")
        let ownPhone = own.contains { !sc.extras.phone(member: $0.member).isEmpty }
        let ownRows = own.map { e -> [String] in
            let project = sc.projects[e.session.project], member = sc.members[e.member]
            return [member.name.isEmpty ? member.id : member.name] + (ownPhone ? [sc.extras.phone(member: e.member)] : [])
                + [w.longDate(e.session.day) + " " + w.slot(project.slot),
                   project.title.isEmpty ? project.id : project.title, tables.communityName(project.community)]
        }
        // A unit that leads nothing: the schedule is its members' sessions, with a note saying so.
        var seen = Set<String>()
        let attended = own.map(\.session).filter { seen.insert($0.date + "|" + String($0.project)).inserted }
        let sections = (sessions.isEmpty
            ? [schedule(attended), ReportSection(id: "sessions", title: w.sessionsWord + " · " + w.sessionsCount(attended.count),
                                                 content: [R.note(w.unitServesOnlyNote)])]
            : [schedule(sessions),
               ReportSection(id: "sessions", title: w.sessionsWord + " · " + w.sessionsCount(sessions.count),
                             content: [R.note(w.unitDispatchNote)] + sessions.map { card($0, members: $0.staff, reader: u) })]) + [
                        ReportSection(id: "own", title: w.membersOfUnit + " · " + w.people(Set(own.map(\.member)).count), content: [
                            R.table(header: [w.column("name")] + (ownPhone ? [w.column("phone")] : [])
                                        + [w.when, w.column("project_title"), w.column("community_name")],
                                    textRows: ownRows),
                        ]),
        ]
        return R.document(language: w.language, title: w.unitDispatch + " · " + (unit.name.isEmpty ? unit.id : unit.name),
                          subtitle: [scenarioTitle, reach].filter { !$0.isEmpty },
                          sections: sections, footer: footer, extraCSS: DispatchPages.css)
    }

    /// One session as a card: when, where, lead unit and contact, members sent, needs served.
    /// Phones are masked (`Scenario.sharedPhone`) except those of `reader`'s own contact and
    /// members: a unit's page shows whole the numbers that unit has to call.
    private func card(_ s: HeldSession, members: [Int], reader: Int? = nil) -> ReportNode {
        let p = s.project, project = sc.projects[p], span = sc.timeSpan(of: p)
        let lead = tables.leadUnit(of: p)
        func phone(unit u: Int) -> String { u == reader ? sc.extras.phone(unit: u) : sc.sharedPhone(sc.extras.phone(unit: u)) }
        func phone(member m: Int) -> String {
            sc.members[m].unit == reader ? sc.extras.phone(member: m) : sc.sharedPhone(sc.extras.phone(member: m))
        }
        let reach = lead.map { [sc.extras.contact(unit: $0), phone(unit: $0)].filter { !$0.isEmpty }.joined(separator: " ") } ?? ""
        let place = [tables.communityName(project.community), sc.extras.place(p)].filter { !$0.isEmpty }.joined(separator: " · ")
        var facts: [ReportNode] = [
            R.el("dt", [:], [R.text(w.when)]),
            R.el("dd", [:], [R.text(w.longDate(s.day) + " " + w.slot(project.slot) + " " + span.start.short + "–" + span.end.short)]),
            R.el("dt", [:], [R.text(w.placeWord)]), R.el("dd", [:], [R.text(place)]),
            R.el("dt", [:], [R.text(w.leadWord)]), R.el("dd", [:], [R.text(lead.map { sc.units[$0].name } ?? "")]),
        ]
        if !reach.isEmpty { facts += [R.el("dt", [:], [R.text(w.contactWord)]), R.el("dd", [:], [R.text(reach)])] }
        let hasPhone = members.contains { !sc.extras.phone(member: $0).isEmpty }
        let header = [w.column("name"), w.column("unit_name")] + (hasPhone ? [w.column("phone")] : [])
        let rows = members.map { m -> [String] in
            let member = sc.members[m]
            return [member.name.isEmpty ? member.id : member.name, sc.units[member.unit].name] + (hasPhone ? [phone(member: m)] : [])
        }
        let needs = project.needs.map { i -> ReportNode in
            let n = sc.needs[i]
            return R.el("li", [:], [R.text((n.title.isEmpty ? n.id : n.title) + " · \(n.households) " + w.householdsWord)])
        }
        return R.el("div", ["class": "card dispatch"], [
            R.el("h3", [:], [R.text((project.title.isEmpty ? project.id : project.title) + " · " + w.longDate(s.day))]),
            R.el("dl", [:], facts),
            R.el("h4", [:], [R.text(w.membersSent + " · " + w.people(members.count))]),
            R.table(header: header, textRows: rows),
            R.el("h4", [:], [R.text(w.needsServed)]),
            needs.isEmpty ? R.note(w.none) : R.el("ul", [:], needs),
        ])
    }

    static let css = """
    .card.dispatch{margin-bottom:12px}
    .card.dispatch h4{font-size:.95em;margin:.6em 0 .2em}
    @media print{.card.dispatch{break-inside:avoid}}

    """
}
