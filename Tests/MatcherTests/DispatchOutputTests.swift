import Foundation
import Testing
@testable import Matcher

/// The outputs that turn a plan into action, on the example street and on a generated Chinese
/// scenario: Chinese CSV headers, plan.xlsx read back by openpyxl and compared cell by cell
/// with the CSVs, a dispatch page per community and lead unit naming every member sent,
/// notices.csv one row per member-session, sessions.ics parsed as RFC 5545.
@Suite(.serialized) struct DispatchOutputTests {
    enum Source: String, CaseIterable, CustomTestStringConvertible {
        case exampleStreet, generated
        var testDescription: String { rawValue }
    }

    /// Solves the scenario and writes its files in Chinese; returns the folder, scenario and plan.
    static func solved(_ source: Source) throws -> (dir: String, scenario: Scenario, plan: Plan) {
        let path: String
        switch source {
        case .exampleStreet:
            path = Repo.root.appendingPathComponent("scenarios/example-street/scenario.yaml").path
        case .generated:
            let dir = try temporaryDirectory("match-gen19")
            let config = GeneratorConfig(preset: .street, seed: 19, streets: 1, communities: 6, units: 10,
                                         needs: 40, projects: 14, members: 160)
            _ = try ScenarioGenerator.write(config, to: dir)
            path = dir + "/scenario.yaml"
        }
        let sc = try ScenarioReader.load(path: path).scenario
        var options = SolveOptions(settings: sc.settings)
        options.timeLimitSeconds = 20
        let result = try Solver.solve(sc, options: options)
        let out = try temporaryDirectory("match-out19")
        try PlanWriter.write(result.plan, scenario: sc, settings: sc.settings, report: .zh,
                             projectReasons: result.projectReasons, to: out)
        return (out, sc, result.plan)
    }

    func csv(_ dir: String, _ name: String) throws -> CSVTable {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        return CSVTable(utf8: Array(bytes.dropFirst(3)))
    }

    func rows(_ t: CSVTable) -> [[String]] {
        (0..<t.count).map { r in Array(t.cells[t.recordStart[r] ..< t.recordStart[r + 1]]) }
    }

    @Test(arguments: Source.allCases) func everyOutputAgreesWithThePlan(_ source: Source) throws {
        let (dir, sc, plan) = try Self.solved(source)
        #expect(ReportLanguage.detect(sc) == .zh, "a Chinese scenario")
        try #require(!plan.assignments.isEmpty)

        // Chinese headers and values.
        let projects = try csv(dir, "projects.csv")
        #expect(projects.header.prefix(3) == ["编号", "名称", "社区编号"])
        #expect(projects.header.suffix(2) == ["状态", "原因"])
        #expect(projects.count == sc.projects.count, "every candidate project")
        let projectRows = rows(projects)
        #expect(Set(projectRows.map { $0[8] }).isSubset(of: ["上午", "下午", "晚上"]))
        let notRun = projectRows.filter { $0[20] == "未开展" }
        #expect(notRun.count == sc.projects.count - plan.projects.count)
        let report = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(report.contains("<section id=\"notrun\""))
        for r in notRun {
            #expect(!r[21].isEmpty, "\(r[0]) has a reason")
            #expect(report.contains(ReportPage.escape(r[21])), "report.html gives \(r[0])'s reason")
        }
        let roster = try csv(dir, "roster.csv")
        #expect(roster.header.prefix(2) == ["党员编号", "姓名"])
        #expect(roster.count == plan.assignments.count)

        // notices.csv: one row per member-session, each with its line.
        let notices = try csv(dir, "notices.csv")
        #expect(notices.count == plan.assignments.count)
        let noticeRows = rows(notices)
        var byKey = Set<String>()
        let projectIndex = ScenarioIds(sc).projects
        for r in noticeRows {
            byKey.insert(r[0] + "|" + r[4] + "|" + r[6])
            let line = r[11]
            #expect(line.hasPrefix(r[1] + "同志：请于"), "\(line)")
            let p = try #require(projectIndex[r[4]])
            #expect(line.contains("「\(sc.projects[p].title)」"))
            #expect(line.contains(sc.timeSpan(of: p).start.short))
        }
        #expect(byKey == Set(plan.assignments.map { $0.member + "|" + $0.project + "|" + $0.date }))

        try checkDispatchPages(dir, sc, plan)
        try checkCalendar(dir, sc, plan)
        try checkWorkbook(dir, projects: projectRows, header: projects.header)
    }

    /// Every community with sessions and every lead unit has its page, naming every member sent.
    func checkDispatchPages(_ dir: String, _ sc: Scenario, _ plan: Plan) throws {
        let ids = ScenarioIds(sc)
        var communityMembers: [String: Set<String>] = [:], unitMembers: [String: Set<String>] = [:]
        let lead = Dictionary(plan.projects.map { ($0.id, $0.leadUnit) }, uniquingKeysWith: { a, _ in a })
        for a in plan.assignments {
            let p = try #require(ids.projects[a.project]), m = try #require(ids.members[a.member])
            let name = ReportPage.escape(sc.members[m].name)
            communityMembers[sc.communities[sc.projects[p].community].id, default: []].insert(name)
            unitMembers[lead[a.project]!, default: []].insert(name)
        }
        let index = try String(contentsOfFile: dir + "/dispatch/index.html", encoding: .utf8)
        for (c, names) in communityMembers {
            let file = DispatchPages.communityFile(c)
            let page = try String(contentsOfFile: dir + "/dispatch/" + file, encoding: .utf8)
            for n in names { #expect(page.contains(n), "\(n) on \(file)") }
            #expect(index.contains("href=\"\(DispatchPages.href(file))\""))
            #expect(page.contains("@page{size:A4"))
            #expect(!page.contains("<script"))
        }
        for u in Set(plan.projects.map(\.leadUnit)) {
            let file = DispatchPages.unitFile(u)
            let page = try String(contentsOfFile: dir + "/dispatch/" + file, encoding: .utf8)
            for n in unitMembers[u] ?? [] { #expect(page.contains(n), "\(n) on \(file)") }
            #expect(page.contains("单位接单"))
        }
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir + "/dispatch")
        // A page per unit that leads or whose members serve (双报到).
        let serving = Set(plan.assignments.compactMap { ids.members[$0.member].map { sc.units[sc.members[$0].unit].id } })
        #expect(pages.count == 1 + communityMembers.count + Set(plan.projects.map(\.leadUnit)).union(serving).count)
    }

    /// sessions.ics parsed by the rules of RFC 5545: CRLF only, lines of at most 75 octets,
    /// unfolded; one VEVENT per held session with UID, DTSTAMP, DTSTART < DTEND, LOCATION, and
    /// the headcount in DESCRIPTION.
    func checkCalendar(_ dir: String, _ sc: Scenario, _ plan: Plan) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/sessions.ics")))
        let text = String(decoding: bytes, as: UTF8.self)
        let events = try ICSParser.events(text)
        let sessions = plan.projects.reduce(0) { $0 + Set($1.dates).count }
        #expect(events.count == sessions)
        #expect(Set(events.compactMap { $0["UID"] }).count == sessions, "UIDs are unique")
        var staff: [String: Int] = [:]
        for a in plan.assignments { staff[a.project + "|" + a.date, default: 0] += 1 }
        for e in events {
            for key in ["DTSTAMP", "DTSTART;TZID=Asia/Shanghai", "DTEND;TZID=Asia/Shanghai", "SUMMARY", "LOCATION", "DESCRIPTION"] {
                #expect(e[key] != nil, "\(key) in \(e)")
            }
            let start = try #require(e["DTSTART;TZID=Asia/Shanghai"]), end = try #require(e["DTEND;TZID=Asia/Shanghai"])
            #expect(start.count == 15 && start < end)
            let uid = try #require(e["UID"])
            let date = String(start.prefix(8))
            let project = try #require(plan.projects.first { uid.hasSuffix("-" + ICS.uidPart($0.id) + "-" + date + "@match") })
            let iso = String(date.prefix(4)) + "-" + String(date.dropFirst(4).prefix(2)) + "-" + String(date.suffix(2))
            let description = ICSParser.unescape(try #require(e["DESCRIPTION"]))
            #expect(description.hasPrefix("人数：\(staff[project.id + "|" + iso] ?? -1) 人"), "\(description)")
        }
        // Byte-identical: no clock in the file.
        #expect(text == PlanTables(plan: plan, scenario: sc, settings: sc.settings, language: .zh).calendar())
    }

    /// plan.xlsx read with openpyxl: sheet names, a frozen header row, and every cell equal to
    /// the CSV's (numbers as numbers, the roster's dates as dates).
    func checkWorkbook(_ dir: String, projects: [[String]], header: [String]) throws {
        let script = """
        import datetime, json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = []
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows(values_only=True):
                cells = []
                for v in row:
                    if isinstance(v, datetime.datetime): cells.append({"date": v.date().isoformat()})
                    elif isinstance(v, (int, float)) and not isinstance(v, bool): cells.append({"number": v})
                    elif v is None: cells.append({"empty": True})
                    else: cells.append({"text": v})
                rows.append(cells)
            out.append({"name": ws.title, "frozen": ws.freeze_panes, "rows": rows})
        print(json.dumps(out, ensure_ascii=False))
        """
        // Debian's python3-openpyxl is in the system Python, which a pyenv python3 on PATH may hide.
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
            (try? run($0, ["-c", "import openpyxl"]).status) == 0
        }
        let r = try run(python ?? "/usr/bin/env", (python == nil ? ["python3"] : []) + ["-c", script, dir + "/plan.xlsx"])
        try #require(r.status == 0, "openpyxl: \(r.output)")
        struct Cell: Decodable { var text: String?; var number: Double?; var date: String?; var empty: Bool? }
        struct Sheet: Decodable { var name: String; var frozen: String?; var rows: [[Cell]] }
        let sheets = try JSONDecoder().decode([Sheet].self, from: Data(r.output.utf8))
        #expect(sheets.map(\.name) == ["概览", "开展项目", "未开展项目", "排班表", "党员", "单位", "未满足需求"])
        for s in sheets { #expect(s.frozen == "A2", "\(s.name) freezes its header") }

        func text(_ c: Cell) -> String {
            if let t = c.text { return t }
            if let d = c.date { return d }
            return ""
        }
        /// The sheet agrees with the CSV rows, column by column by header name.
        func agree(_ sheet: Sheet, _ csvHeader: [String], _ csvRows: [[String]], dates: Set<String> = []) {
            guard let head = sheet.rows.first else { Issue.record("\(sheet.name) is empty"); return }
            let names = head.map(text)
            let columns = names.map { csvHeader.firstIndex(of: $0) }
            #expect(!columns.contains(nil), "\(sheet.name): \(names) ⊆ \(csvHeader)")
            #expect(sheet.rows.count - 1 == csvRows.count, "\(sheet.name) rows")
            for (row, expected) in zip(sheet.rows.dropFirst(), csvRows) {
                for (k, cell) in row.enumerated() where k < columns.count {
                    guard let c = columns[k] else { continue }
                    let want = c < expected.count ? expected[c] : ""
                    if let x = cell.number {
                        #expect(Double(want) == x, "\(sheet.name) \(names[k]): \(x) vs '\(want)'")
                    } else {
                        #expect(text(cell) == want, "\(sheet.name) \(names[k]): '\(text(cell))' vs '\(want)'")
                    }
                    if dates.contains(names[k]) { #expect(cell.date != nil, "\(sheet.name) \(names[k]) is a date") }
                }
            }
        }
        agree(sheets[1], header, projects.filter { $0[20] == "开展" })
        agree(sheets[2], header, projects.filter { $0[20] != "开展" })
        for (i, file) in [(3, "roster.csv"), (4, "members.csv"), (5, "units.csv"), (6, "unmet.csv")] {
            let t = try csv(dir, file)
            agree(sheets[i], t.header, rows(t), dates: i == 3 ? ["日期"] : [])
        }
        // Numbers are numbers: the roster's hours, the units' funds.
        #expect(sheets[3].rows.dropFirst().allSatisfy { $0[10].number != nil })
        #expect(sheets[0].rows.count > 10 && text(sheets[0].rows[1][0]) == "方案")
    }

    /// A later plan in the same folder leaves only its own pages: C2's page goes with P2.
    @Test func stalePagesAreRemoved() throws {
        let dir = try temporaryDirectory()
        try PlanWriter.write(PlanFixture.feasiblePlan, scenario: PlanFixture.scenario, settings: PlanFixture.settings, to: dir)
        let pages = { try FileManager.default.contentsOfDirectory(atPath: dir + "/dispatch").sorted() }
        #expect(try pages() == ["community-C1.html", "community-C2.html", "index.html", "unit-U1.html", "unit-U2.html"])
        var plan = PlanFixture.feasiblePlan
        plan.projects.removeAll { $0.id == "P2" }
        plan.assignments.removeAll { $0.project == "P2" }
        try PlanWriter.write(plan, scenario: PlanFixture.scenario, settings: PlanFixture.settings, to: dir)
        #expect(try pages() == ["community-C1.html", "index.html", "unit-U1.html"])
    }

    /// The unit-circle and budget hints, each checked by solving again under the rule it names.
    @Test func unitCircleAndBudgetHintsHoldWhenResolved() throws {
        var sc = try ScenarioReader.load(path: Repo.fixture("solve/single/scenario.yaml")).scenario
        func solve() throws -> SolveResult { try Solver.solve(sc, options: SolveOptions(settings: sc.settings)) }
        #expect(try solve().plan.projects.map(\.id) == ["P1"])

        // The only unit, unpaired and about 6 km away: no unit may lead P1 within 5 km.
        sc.units[0].pairedCommunities = []
        sc.units[0].lat += 0.054
        var r = try solve()
        #expect(r.plan.projects.isEmpty)
        #expect(r.projectReasons[0].hasSuffix("; with a unit circle of 6.5 km (unit_max_distance_km) P1 could run"), "\(r.projectReasons[0])")
        sc.settings.unitMaxDistanceKm = 6.5
        #expect(try solve().plan.projects.map(\.id) == ["P1"])

        // Money: P1 costs 1000, its unit has 300 and the street 200: 500 yuan short.
        sc.projects[0].cost = 1000
        sc.units[0].funds = 300
        sc.settings.streetBudget = 200
        r = try solve()
        #expect(r.plan.projects.isEmpty)
        #expect(r.projectReasons[0].hasSuffix("; with a street budget 500 yuan larger (street_budget 700) P1 could run"), "\(r.projectReasons[0])")
        #expect(ReportLanguage.zh.reason(r.projectReasons[0]).hasSuffix("；若街道预算增加 500 元（street_budget 700），项目 P1 即可开展"))
        sc.settings.streetBudget = 700
        #expect(try solve().plan.projects.map(\.id) == ["P1"])
    }

    /// Unsafe ids still give distinct file names that stay inside dispatch/.
    @Test func fileNamesFromUnsafeIds() {
        let ids = ["C01", "../etc", "社区 1", "a/b", "a%2Fb", ".hidden", ""]
        let names = ids.map(DispatchPages.communityFile)
        #expect(Set(names).count == ids.count)
        for n in names { #expect(!n.contains("/") && !n.contains("..") && !n.contains(" ")) }
        #expect(names[0] == "community-C01.html")
        #expect(DispatchPages.href(names[4]) == "community-a%25252Fb.html")
    }

    /// The hint "with a 3 km circle P12 could run" is true: with max_distance_km 3 the
    /// example street's P12 is no longer blocked by its staffing. On the street without its
    /// 春节 holidays and with a street budget of 12,000 instead of 8,000: the optimal plans of
    /// the example itself leave too few street yuan for P12 beside their other projects, so no
    /// circle alone is offered there (the hint holds the plan's money fixed).
    @Test func hintsAreCheckedByResolving() throws {
        let example = Repo.root.appendingPathComponent("scenarios/example-street").path
        let copy = try temporaryDirectory("match-hint")
        for name in ["communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv"] {
            try FileManager.default.copyItem(atPath: example + "/" + name, toPath: copy + "/" + name)
        }
        let yaml = try String(contentsOfFile: example + "/scenario.yaml", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("holidays:") }.joined(separator: "\n")
            .replacingOccurrences(of: "street_budget: 8000", with: "street_budget: 12000")
        try yaml.write(toFile: copy + "/scenario.yaml", atomically: true, encoding: .utf8)
        let path = copy + "/scenario.yaml"
        let sc = try ScenarioReader.load(path: path).scenario
        #expect(sc.holidays.isEmpty)
        #expect(sc.settings.streetBudget == 12_000)
        var options = SolveOptions(settings: sc.settings)
        options.timeLimitSeconds = 20
        let base = try Solver.solve(sc, options: options)
        let p = try #require(sc.projects.firstIndex { $0.id == "P12" })
        let reason = base.projectReasons[p]
        #expect(reason.contains("with a 3 km circle (max_distance_km) P12 could run"), "\(reason)")
        #expect(ReportLanguage.zh.reason(reason).contains("若服务半径（max_distance_km）放宽到 3 公里，项目 P12 即可开展"))
        var wider = sc.settings
        wider.maxDistanceKm = 3
        let graph = EligibilityGraph(scenario: sc, settings: wider)
        let analysis = SessionAnalysis(scenario: sc, graph: graph)
        #expect(graph.sessions(of: p).filter { analysis.staffable[$0] }.count >= sc.projects[p].sessions)
        // …and at the base circle it is not.
        let g0 = EligibilityGraph(scenario: sc, settings: sc.settings)
        let a0 = SessionAnalysis(scenario: sc, graph: g0)
        #expect(g0.sessions(of: p).filter { a0.staffable[$0] }.count < sc.projects[p].sessions)
        // The hint reaches the need P12 would cover: unmet.csv and the report say what would cover N21.
        let dir = try temporaryDirectory()
        try PlanWriter.write(base.plan, scenario: sc, settings: sc.settings, report: .zh, projectReasons: base.projectReasons, to: dir)
        let unmet = try String(contentsOfFile: dir + "/unmet.csv", encoding: .utf8)
        let n21 = try #require(unmet.split(separator: "\r\n").first { $0.hasPrefix("N21,") })
        #expect(n21.hasSuffix("；若服务半径（max_distance_km）放宽到 3 公里，项目 P12 即可开展"), "\(n21)")
        #expect(try String(contentsOfFile: dir + "/report.html", encoding: .utf8).contains("若服务半径（max_distance_km）放宽到 3 公里，项目 P12 即可开展"))
        #expect(base.plan.needs.first { $0.id == "N21" }?.reason?.contains("could run") == false, "plan.json keeps the solver's reason")
        #expect(base.projectReasons.enumerated().allSatisfy { i, r in
            base.plan.projects.contains { $0.id == sc.projects[i].id } ? r.isEmpty : !r.isEmpty
        })
    }
}

/// A small RFC 5545 reader for the tests: checks CRLF line ends and the 75-octet limit,
/// unfolds continuation lines, and returns each VEVENT's properties (name with parameters → value).
enum ICSParser {
    struct Malformed: Error, CustomStringConvertible { var description: String }

    static func events(_ text: String) throws -> [[String: String]] {
        guard text.hasSuffix("\r\n") else { throw Malformed(description: "does not end in CRLF") }
        let raw = text.components(separatedBy: "\r\n").dropLast()
        var lines: [String] = []
        for l in raw {
            if l.contains("\n") || l.contains("\r") { throw Malformed(description: "bare LF or CR in '\(l)'") }
            if l.utf8.count > 75 { throw Malformed(description: "line of \(l.utf8.count) octets: \(l)") }
            if l.hasPrefix(" ") {
                guard !lines.isEmpty else { throw Malformed(description: "continuation first") }
                lines[lines.count - 1] += String(l.dropFirst())
            } else {
                lines.append(l)
            }
        }
        guard lines.first == "BEGIN:VCALENDAR", lines.last == "END:VCALENDAR" else { throw Malformed(description: "no VCALENDAR") }
        guard lines.contains("VERSION:2.0"), lines.contains(where: { $0.hasPrefix("PRODID:") }) else {
            throw Malformed(description: "VERSION or PRODID missing")
        }
        var events: [[String: String]] = [], current: [String: String]?, depth: [String] = []
        for l in lines {
            guard let colon = l.firstIndex(of: ":") else { throw Malformed(description: "no colon in '\(l)'") }
            let name = String(l[..<colon]), value = String(l[l.index(after: colon)...])
            if name == "BEGIN" { depth.append(value); if value == "VEVENT" { current = [:] }; continue }
            if name == "END" {
                guard depth.popLast() == value else { throw Malformed(description: "END:\(value) unbalanced") }
                if value == "VEVENT", let e = current { events.append(e); current = nil }
                continue
            }
            if current != nil {
                if current![name] != nil { throw Malformed(description: "\(name) twice in an event") }
                current![name] = value
            }
        }
        guard depth.isEmpty else { throw Malformed(description: "unclosed \(depth)") }
        return events
    }

    /// TEXT value unescaped: `\n`, `\,`, `\;`, `\\`.
    static func unescape(_ s: String) -> String {
        var out = "", escaped = false
        for ch in s {
            if escaped {
                out.append(ch == "n" || ch == "N" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" { escaped = true } else { out.append(ch) }
        }
        return out
    }
}
