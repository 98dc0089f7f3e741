/// The quarter calendar: one month grid (Monday first) per month of the period, each day
/// holding a chip per session held that day: project id, slot (also its colour) and the
/// number of staff. On a phone the grid becomes a list of the days with sessions.
struct ReportCalendar {
    let report: PlanReport
    typealias R = ReportPage

    func content() -> [ReportNode] {
        let sc = report.scenario, lang = report.lang
        let t = lang.pick
        // Sessions by date: (slot, project id, project index).
        var byDate: [String: [(slot: Slot, id: String, p: Int)]] = [:]
        for p in report.runningOrder {
            let project = sc.projects[p]
            for d in Set(report.tables.running[p]!.dates) { byDate[d, default: []].append((project.slot, project.id, p)) }
        }
        let period = sc.period
        var months: [(year: Int, month: Int)] = []
        var cursor = period.start.components
        let last = period.end.components
        while (cursor.year, cursor.month) <= (last.year, last.month) {
            months.append((cursor.year, cursor.month))
            cursor = cursor.month == 12 ? (cursor.year + 1, 1, 1) : (cursor.year, cursor.month + 1, 1)
            if months.count > 36 { break }
        }
        let total = byDate.values.reduce(0) { $0 + $1.count }
        let aggregate = total > report.limits.calendarSessions
        let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                          "October", "November", "December"]
        var out: [ReportNode] = []
        for (y, m) in months {
            let first = Day(year: y, month: m, day: 1)!
            var cells: [ReportNode] = (0..<7).map { R.el("div", class: "cal-wd", report.weekdayName($0)) }
            for _ in 0..<first.weekday { cells.append(R.el("div", ["class": "cal-day out"])) }
            for d in 1...Day.daysInMonth(year: y, month: m) {
                let day = Day(year: y, month: m, day: d)!
                guard period.contains(day) else {
                    cells.append(R.el("div", ["class": "cal-day out"], [R.el("span", class: "d", String(d))]))
                    continue
                }
                let sessions = (byDate[day.iso] ?? []).sorted { $0.slot != $1.slot ? $0.slot < $1.slot : $0.id < $1.id }
                let label = lang == .zh ? "\(m)月\(d)日 \(report.weekdayName(day.weekday))" : "\(report.weekdayName(day.weekday)) \(d) \(monthNames[m - 1].prefix(3))"
                var content: [ReportNode] = [R.el("span", class: "d", String(d)), R.el("span", class: "dl", label)]
                if aggregate {
                    // One chip per slot: how many sessions and people.
                    for slot in [Slot.am, .pm, .eve] {
                        let held = sessions.filter { $0.slot == slot }
                        guard !held.isEmpty else { continue }
                        let staff = held.reduce(0) { $0 + (report.staff[$1.p]?[day.iso]?.count ?? 0) }
                        let text = lang == .zh ? "\(report.slotName(slot)) \(held.count)场 · \(staff)人"
                            : "\(report.slotName(slot)) · " + NumberText.count(held.count, "session", "sessions") + " · \(staff)"
                        content.append(R.el("span", ["class": "chip agg " + slot.name, "title": text + (lang == .zh ? "" : " people")],
                                            [R.text(text)]))
                    }
                }
                for s in sessions where !aggregate {
                    let staff = report.staff[s.p]?[day.iso]?.count ?? 0
                    let project = sc.projects[s.p]
                    let tip = (project.title.isEmpty ? project.id : project.title) + " · " + report.slotName(s.slot) + " · "
                        + report.people(staff)
                    content.append(R.el("span", ["class": "chip " + s.slot.name, "title": tip], [
                        R.text(s.id + " " + report.slotName(s.slot) + " · " + (lang == .zh ? "\(staff)人" : "\(staff)")),
                    ]))
                }
                cells.append(R.el("div", ["class": sessions.isEmpty ? "cal-day idle" : "cal-day busy"], content))
            }
            out.append(R.el("div", ["class": "cal-month"], [
                R.el("h3", [:], [R.text(lang == .zh ? "\(y)年\(m)月" : "\(monthNames[m - 1]) \(y)")]),
                R.el("div", ["class": "cal-grid"], cells),
            ]))
        }
        let legend = R.el("div", ["class": "legend cal-legend"], [
            R.el("span", ["class": "lg-am", "style": "color:#e8a317"], [R.text(report.slotName(.am))]),
            R.el("span", ["class": "lg-pm", "style": "color:#1f6feb"], [R.text(report.slotName(.pm))]),
            R.el("span", ["class": "lg-eve", "style": "color:#7b4fc9"], [R.text(report.slotName(.eve))]),
        ])
        let intro = aggregate
            ? t("共 \(total) 场活动，每格按时段汇总当天的场次与上岗人数；各场活动见 roster.csv。",
                "\(total) sessions in all, so each day sums its sessions and staff by slot; roster.csv lists every session.")
            : t("每格列出当天的活动：项目编号、时段与上岗人数（共 \(total) 场）。",
                "Each day lists its sessions: project id, slot and number of staff (\(total) sessions in all).")
        return [R.note(intro), spread(months, byDate), legend] + out
    }

    /// How the sessions spread over the months: one column per month, sessions and member-sessions.
    private func spread(_ months: [(year: Int, month: Int)], _ byDate: [String: [(slot: Slot, id: String, p: Int)]]) -> ReportNode {
        let w = Words(report.lang)
        var sessions = Array(repeating: 0, count: months.count), people = Array(repeating: 0, count: months.count)
        for (date, held) in byDate {
            guard let day = Day(iso: date) else { continue }
            let (y, m, _) = day.components
            guard let k = months.firstIndex(where: { $0.year == y && $0.month == m }) else { continue }
            sessions[k] += held.count
            people[k] += held.reduce(0) { $0 + (report.staff[$1.p]?[date]?.count ?? 0) }
        }
        return R.table(header: [w.monthWord] + months.map { w.monthName(year: $0.year, month: $0.month) },
                       textRows: [[w.sessionsPerMonth] + sessions.map(String.init), [w.memberSessionsPerMonth] + people.map(String.init)],
                       numeric: Set(1...max(1, months.count)), cls: "cal-spread")
    }
}
