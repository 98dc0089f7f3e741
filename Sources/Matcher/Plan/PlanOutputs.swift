import Foundation
import Workbook

/// One held session of a plan: a running project on one date, with its staff.
struct HeldSession {
    var project: Int
    var day: Day
    var date: String
    /// Member indices, in member-id order.
    var staff: [Int]
}

/// The outputs that turn the plan into action: notices.csv (one line per member-session),
/// sessions.ics (one event per session) and plan.xlsx (the tables as a workbook).
extension PlanTables {
    /// Held sessions: running projects by id, dates ascending, staff by member id.
    func heldSessions() -> [HeldSession] {
        let memberRank = PlanTables.ranks(scenario.members.map(\.id))
        var staff: [Int: [String: [Int]]] = [:]
        for s in staffed { staff[s.p, default: [:]][s.date, default: []].append(s.m) }
        var out: [HeldSession] = []
        for p in running.keys.sorted(by: { scenario.projects[$0].id < scenario.projects[$1].id }) {
            for date in Set(running[p]!.dates).sorted() {
                guard let day = Day(iso: date) else { continue }
                let ms = (staff[p]?[date] ?? []).sorted { memberRank[$0] < memberRank[$1] }
                out.append(HeldSession(project: p, day: day, date: date, staff: ms))
            }
        }
        return out
    }

    /// Need index → the checked hints of the projects listing it that do not run (in project id
    /// order, `; `-joined): what would let the need be covered. Appended to its reason in
    /// unmet.csv, plan.xlsx and the report (not in plan.json).
    func needHints() -> [Int: String] {
        var hints: [Int: [String]] = [:]
        for p in scenario.projects.indices.sorted(by: { scenario.projects[$0].id < scenario.projects[$1].id })
        where running[p] == nil && p < projectReasons.count {
            guard let hint = ProjectReasons.hint(of: projectReasons[p]) else { continue }
            for i in scenario.projects[p].needs { hints[i, default: []].append(hint) }
        }
        return hints.mapValues { $0.joined(separator: "; ") }
    }

    func leadUnit(of p: Int) -> Int? { running[p].flatMap { ids.units[$0.leadUnit] } }

    func communityName(_ c: Int) -> String {
        let community = scenario.communities[c]
        return community.name.isEmpty ? community.id : community.name
    }

    /// One row per staffed member-session, in roster order, with the ready-to-send notice.
    func notices() -> CSVOutput {
        var table = CSVOutput(header: words.header(["member", "name", "unit_name", "phone", "project", "project_title",
                                                    "date", "weekday", "time", "community_name", "place", "notice"]))
        let memberRank = PlanTables.ranks(scenario.members.map(\.id))
        let projectRank = PlanTables.ranks(scenario.projects.map(\.id))
        let order = staffed.indices.filter { staffed[$0].day != nil }.sorted { a, b in
            let x = staffed[a], y = staffed[b]
            if x.m != y.m { return memberRank[x.m] < memberRank[y.m] }
            if x.date != y.date { return x.date < y.date }
            return projectRank[x.p] < projectRank[y.p]
        }
        for k in order {
            let s = staffed[k], member = scenario.members[s.m], project = scenario.projects[s.p]
            let span = scenario.timeSpan(of: s.p), day = s.day!
            let lead = leadUnit(of: s.p)
            let name = member.name.isEmpty ? member.id : member.name
            let line = words.notice(name: name, day: day, start: span.start, end: span.end, slot: project.slot,
                                    community: communityName(project.community), place: scenario.extras.place(s.p),
                                    project: project.title.isEmpty ? project.id : project.title,
                                    unit: lead.map { scenario.units[$0].name } ?? "",
                                    contact: lead.map { scenario.extras.contact(unit: $0) } ?? "",
                                    phone: lead.map { scenario.extras.phone(unit: $0) } ?? "",
                                    hours: NumberText.plain(project.hours))
            table.rows.append([member.id, member.name, scenario.units[member.unit].name, scenario.extras.phone(member: s.m),
                               project.id, project.title, s.date, words.weekday(day.weekday), span.description,
                               communityName(project.community), scenario.extras.place(s.p), line])
        }
        return table
    }

    // MARK: sessions.ics

    /// The calendar (RFC 5545): one VEVENT per held session, local times in Asia/Shanghai
    /// (a VTIMEZONE for UTC+8 without daylight saving), CRLF line ends, lines folded at 75
    /// octets. DTSTAMP is `madeAt` (when the file is made, passed in by the caller; without it
    /// the period's first day, 00:00 UTC, so that a test gets the same bytes); UIDs are built
    /// from the scenario, variant, project and date. With `history` (a replan: the calendar
    /// published before), an event whose content changed gets the SEQUENCE after its old one,
    /// and an event no longer held stays in the file as STATUS:CANCELLED with a higher SEQUENCE,
    /// so that subscribed calendars update or drop it.
    func calendar(madeAt: Date? = nil, history: CalendarHistory? = nil) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//match//co-building plan//ZH", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + ICS.text(scenario.name), "X-WR-TIMEZONE:Asia/Shanghai",
                     "BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000",
                     "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE"]
        let stamp = madeAt.map(ICS.stamp) ?? ICS.date(scenario.period.start) + "T000000Z"
        let events = calendarEvents()
        let held = Set(events.map(\.uid))
        for e in events {
            let sequence = history?.events[e.uid].map { old in old.cancelled || old.body != e.body ? old.sequence + 1 : old.sequence } ?? 0
            lines += ["BEGIN:VEVENT", "UID:" + e.uid, "DTSTAMP:" + stamp, "SEQUENCE:\(sequence)"] + e.body + ["END:VEVENT"]
        }
        for (uid, old) in (history?.events ?? [:]).sorted(by: { $0.key < $1.key }) where !held.contains(uid) {
            lines += ["BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:" + stamp, "SEQUENCE:\(old.cancelled ? old.sequence : old.sequence + 1)",
                      "STATUS:CANCELLED"] + old.body + ["END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICS.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// One event per held session: its UID and its content lines (unfolded; without UID,
    /// DTSTAMP, SEQUENCE and STATUS), in `heldSessions` order.
    func calendarEvents() -> [(uid: String, body: [String])] {
        var out: [(uid: String, body: [String])] = []
        let uidBase = ICS.hash(plan.scenario + "\u{0}" + plan.variant) + "-" + ICS.uidPart(plan.variant)
        for s in heldSessions() {
            let project = scenario.projects[s.project], span = scenario.timeSpan(of: s.project)
            let lead = leadUnit(of: s.project)
            let place = [communityName(project.community), scenario.extras.place(s.project)].filter { !$0.isEmpty }
            // A calendar is subscribed and shared: the contact's phone is masked (notices.csv has it whole).
            let reach = lead.map { [scenario.extras.contact(unit: $0), scenario.sharedPhone(scenario.extras.phone(unit: $0))]
                .filter { !$0.isEmpty }.joined(separator: " ") } ?? ""
            let description = words.eventDescription(
                headcount: s.staff.count, lead: lead.map { scenario.units[$0].name } ?? "", contact: reach,
                needs: project.needs.map { scenario.needs[$0].title.isEmpty ? scenario.needs[$0].id : scenario.needs[$0].title },
                members: s.staff.map { scenario.members[$0].name.isEmpty ? scenario.members[$0].id : scenario.members[$0].name })
            out.append((uidBase + "-" + ICS.uidPart(project.id) + "-" + ICS.date(s.day) + "@match", [
                "DTSTART;TZID=Asia/Shanghai:" + ICS.date(s.day) + "T" + ICS.time(span.start),
                "DTEND;TZID=Asia/Shanghai:" + ICS.date(s.day) + "T" + ICS.time(span.end),
                "SUMMARY:" + ICS.text(words.eventSummary(project: project.title.isEmpty ? project.id : project.title,
                                                         community: communityName(project.community))),
                "LOCATION:" + ICS.text(place.joined(separator: " ")),
                "DESCRIPTION:" + ICS.text(description),
                "CATEGORIES:" + ICS.text(project.category),
            ]))
        }
        return out
    }

    // MARK: plan.xlsx

    /// The workbook: the overview, then the CSV tables as sheets (the same cells; numbers as
    /// numbers, single ISO dates as dates), projects split into those run and those not run.
    func workbook(projects: CSVOutput, roster: CSVOutput, members: CSVOutput, units: CSVOutput, unmet: CSVOutput) throws -> Data {
        let summary = PlanSummary(plan: plan, scenario: scenario, settings: settings)
        let overview = WorkbookSheet(
            name: words.sheet(.overview), header: words.header(["figure", "value"]), widths: [22, 60],
            rows: summary.rows(words).map { [.text($0.label), .text($0.value)] })
        let statusColumn = projects.header.count - 2
        let run = words.status(running: true)
        let runRows = projects.rows.filter { $0[statusColumn] == run }
        let notRunRows = projects.rows.filter { $0[statusColumn] != run }
        // Projects not run: the columns that say what they are and why.
        let notRunKeep = [0, 1, 2, 3, 4, 8, 9, 11, 13, 14, 18, 19, 21]
        let notRun = CSVOutput(header: notRunKeep.map { projects.header[$0] }, rows: notRunRows.map { r in notRunKeep.map { r[$0] } })
        let runTable = CSVOutput(header: Array(projects.header.dropLast(2)), rows: runRows.map { Array($0.dropLast(2)) })
        do {
            return try WorkbookWriter.data([
                overview,
                sheet(.projectsRun, runTable, numeric: [9, 13, 14, 15, 16]),
                sheet(.projectsNotRun, notRun, numeric: [6, 8, 9]),
                sheet(.roster, roster, numeric: [9, 10], dates: [7]),
                sheet(.members, members, numeric: [5, 6, 7]),
                sheet(.units, units, numeric: [3, 5, 6, 7, 8, 9]),
                sheet(.unmet, unmet, numeric: [5, 6, 7]),
            ])
        } catch {
            throw PlanWriteError(path: "plan.xlsx", message: "\(error)")
        }
    }

    private func sheet(_ kind: Words.Sheet, _ table: CSVOutput, numeric: Set<Int>, dates: Set<Int> = []) -> WorkbookSheet {
        var widths = table.header.map { Double(min(40, max(6, $0.count * 2 + 2))) }
        let rows: [[WorkbookCell]] = table.rows.map { r in
            r.enumerated().map { c, text in
                if text.isEmpty { return .empty }
                if numeric.contains(c), let x = Double(text) { return .number(x) }
                if dates.contains(c), let d = Day(iso: text) {
                    let (y, m, day) = d.components
                    return .date(year: y, month: m, day: day)
                }
                return .text(text)
            }
        }
        // Widths from the first rows' texts (CJK characters count double), at most 60.
        for r in table.rows.prefix(200) {
            for (c, text) in r.enumerated() where c < widths.count {
                let w = text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) }
                widths[c] = max(widths[c], Double(min(60, w + 2)))
            }
        }
        return WorkbookSheet(name: words.sheet(kind), header: table.header, widths: widths, rows: rows)
    }
}

/// What a replanned calendar carries over from the one published before (RFC 5545 §3.8.7.4):
/// each event's SEQUENCE and content, so that changed events count up and removed ones stay
/// as cancelled. docs/OUTPUTS.md "sessions.ics".
public struct CalendarHistory: Hashable, Sendable {
    public struct Event: Hashable, Sendable {
        public var sequence: Int
        /// The content lines (unfolded), without UID, DTSTAMP, SEQUENCE and STATUS.
        public var body: [String]
        public var cancelled: Bool
    }
    /// UID → event.
    public var events: [String: Event] = [:]
    public init() {}

    /// The events of a sessions.ics written by match (others' lines are kept as they are).
    public static func parse(_ text: String) -> CalendarHistory {
        var out = CalendarHistory()
        var current: (uid: String, event: Event)?
        for line in ICS.unfolded(text) {
            if line == "BEGIN:VEVENT" { current = ("", Event(sequence: 0, body: [], cancelled: false)); continue }
            guard var c = current else { continue }
            if line == "END:VEVENT" {
                if !c.uid.isEmpty { out.events[c.uid] = c.event }
                current = nil
                continue
            }
            if line.hasPrefix("UID:") { c.uid = String(line.dropFirst(4)) } else if line.hasPrefix("SEQUENCE:") {
                c.event.sequence = max(0, Int(line.dropFirst(9)) ?? 0)
            } else if line.hasPrefix("STATUS:") { c.event.cancelled = line == "STATUS:CANCELLED" } else if !line.hasPrefix("DTSTAMP:") {
                c.event.body.append(line)
            }
            current = c
        }
        return out
    }

    /// The calendar of `plan` as first published (every SEQUENCE 0), then what `previous` (the
    /// sessions.ics published with it, when there is one) says: the events' SEQUENCE, and the
    /// events it already had cancelled.
    static func of(_ plan: Plan, scenario: Scenario, language: ReportLanguage, previous: String?) -> CalendarHistory {
        var out = CalendarHistory()
        if let settings = try? scenario.settings(for: plan.variant) {
            let tables = PlanTables(plan: plan, scenario: scenario, settings: settings, language: language)
            for e in tables.calendarEvents() { out.events[e.uid] = Event(sequence: 0, body: e.body, cancelled: false) }
        }
        guard let previous else { return out }
        for (uid, e) in parse(previous).events {
            if out.events[uid] != nil { out.events[uid]!.sequence = e.sequence } else if e.cancelled { out.events[uid] = e }
        }
        return out
    }
}

/// RFC 5545 text helpers.
enum ICS {
    /// TEXT value: `\`, `;`, `,` escaped, line breaks as `\n`.
    static func text(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A content line folded so that no line is longer than 75 octets, never inside a
    /// UTF-8 sequence; continuation lines start with one space.
    static func fold(_ line: String) -> String {
        var out = "", count = 0
        for ch in line.unicodeScalars {
            let n = String(ch).utf8.count
            if count + n > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(ch)
            count += n
        }
        return out
    }

    static func date(_ d: Day) -> String { d.iso.replacingOccurrences(of: "-", with: "") }

    /// A UTC date-time `YYYYMMDDTHHMMSSZ` (DTSTAMP).
    static func stamp(_ t: Date) -> String {
        let seconds = Int(t.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86400).rounded(.down)), rest = seconds - days * 86400
        let day = Day(year: 1970, month: 1, day: 1)!.adding(days: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return date(day) + "T" + two(rest / 3600) + two(rest % 3600 / 60) + two(rest % 60) + "Z"
    }

    /// The content lines of `text`, folded lines joined (RFC 5545 §3.1).
    static func unfolded(_ text: String) -> [String] {
        var out: [String] = []
        for raw in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: true) {
            if raw.hasPrefix(" ") || raw.hasPrefix("\t"), !out.isEmpty { out[out.count - 1] += raw.dropFirst() } else { out.append(String(raw)) }
        }
        return out
    }
    static func time(_ t: ClockTime) -> String { t.description.replacingOccurrences(of: ":", with: "") + "00" }

    /// FNV-1a (64 bits) of the UTF-8 bytes, as 16 hex digits: a short stable tag for the scenario.
    static func hash(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// An id inside a UID: letters, digits, `-` and `.` kept, every other byte as `_XX`.
    static func uidPart(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 {
                out.unicodeScalars.append(UnicodeScalar(b))
            } else {
                out += "_" + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
