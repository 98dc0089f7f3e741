import Foundation
import Testing
import Workbook
@testable import Matcher

/// Issue 28: a street office's quarter end to end through the `match` executable, the way the
/// README recommends: `init` → the lists filled with Chinese values (`；`/`、`/`，` lists,
/// full-width digits, date cells) → solve → record (attendance typed into the plan) →
/// carry-over → the next quarter validates without the covered needs and solves. Once with the
/// workbook (`名单.xlsx#需求`), once with CSV lists.
@Suite("Quarter round trip") struct QuarterRoundTripTests {
    static let street = Repo.root.appendingPathComponent("scenarios/example-street").path
    static let separators = ["；", "、", "，"]

    /// The example street's list under `header` (init's Chinese header, mapped by canonical
    /// name; the street's other columns appended), with Chinese values. `dateCell`: the last
    /// project runs on one date, written as an ISO date (a date cell in a workbook) or in Chinese.
    static func chineseRows(_ list: String, header initHeader: [String], workbook: Bool) throws -> (header: [String], rows: [[String]]) {
        let source = try RowTable.read(path: street + "/" + list + ".csv")
        let canonical = source.header.map(CSVTable.canonical)
        var header = initHeader
        var from: [Int?] = initHeader.map { canonical.firstIndex(of: CSVTable.canonical($0)) }
        for (k, c) in canonical.enumerated() where !from.contains(k) { header.append(c); from.append(k) }
        func full(_ s: String) -> String {
            String(String.UnicodeScalarView(s.unicodeScalars.map { $0.properties.numericType != nil && $0.isASCII ? Unicode.Scalar($0.value + 0xFEE0)! : $0 }))
        }
        var rows: [[String]] = []
        for (r, src) in source.rows.enumerated() {
            var row = from.map { $0.map { src[$0] } ?? "" }
            func set(_ name: String, _ f: (String) -> String) {
                if let c = header.firstIndex(where: { CSVTable.canonical($0) == name }), !row[c].isEmpty { row[c] = f(row[c]) }
            }
            switch list {
            case "needs":
                set("urgency", full)
            case "projects":
                set("needs") { $0.replacingOccurrences(of: ";", with: separators[r % 3]) }
                set("sessions", full)
                if r == source.rows.count - 1 {
                    set("sessions") { _ in "１" }
                    set("dates") { _ in workbook ? "2027-01-09" : "2027年1月9日" }
                }
            case "units":
                set("paired_communities") { $0.replacingOccurrences(of: ";", with: "、") }
            case "members":
                set("max_sessions", full)
            default: break
            }
            rows.append(row)
        }
        return (header, rows)
    }

    static func initScenario(_ dir: String, xlsx: Bool) throws {
        let r = try run(CommandLineTests.match, ["init", dir] + (xlsx ? ["--xlsx"] : []))
        #expect(r.status == 0, "\(r.output)")
        // The example street's data is of 2027Q1 (init picks the quarter after today).
        let yamlPath = dir + "/scenario.yaml"
        let yaml = try String(contentsOfFile: yamlPath, encoding: .utf8)
            .replacing(/\nquarter: [0-9]{4}Q[1-4]/, with: "\nquarter: 2027Q1")
        try yaml.write(toFile: yamlPath, atomically: true, encoding: .utf8)
    }

    /// Needs that are in the new quarter's lists, and the projects' needs cells.
    static func nextQuarterNeeds(_ dir: String) throws -> (needs: Set<String>, projectNeeds: [String]) {
        let scenario = try ScenarioReader.load(path: dir + "/scenario.yaml").scenario
        return (Set(scenario.needs.map(\.id)), scenario.projects.flatMap { $0.needs.map { scenario.needs[$0].id } })
    }

    func cycle(xlsx: Bool) throws {
        let match = CommandLineTests.match
        try #require(FileManager.default.isExecutableFile(atPath: match))
        let dir = try temporaryDirectory(xlsx ? "round-trip-xlsx" : "round-trip-csv")
        let q1 = dir + "/q1"
        try Self.initScenario(q1, xlsx: xlsx)

        // Fill the lists.
        if xlsx {
            let book = try WorkbookReader(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: q1 + "/名单.xlsx"))))
            var sheets: [WorkbookSheet] = []
            let names = ["社区": "communities", "需求": "needs", "单位": "units", "项目": "projects", "党员": "members"]
            for name in book.sheetNames {
                let read = try book.rows(sheet: name).rows
                let header = read.first?.cells ?? []
                if let list = names[name] {
                    let filled = try Self.chineseRows(list, header: header, workbook: true)
                    sheets.append(WorkbookSheet(name: name, header: filled.header, rows: filled.rows.map { $0.map(ListWriter.cell) }))
                } else {
                    sheets.append(WorkbookSheet(name: name, header: header, rows: read.dropFirst().map { $0.cells.map(ListWriter.cell) }))
                }
            }
            #expect(sheets.count == 6)
            try WorkbookWriter.data(sheets).write(to: URL(fileURLWithPath: q1 + "/名单.xlsx"))
        } else {
            for list in ScenarioTemplate.lists {
                let header = try RowTable.read(path: q1 + "/\(list).csv").header
                let filled = try Self.chineseRows(list, header: header, workbook: false)
                try CSVOutput(header: filled.header, rows: filled.rows, neutralised: false).data.write(to: URL(fileURLWithPath: q1 + "/\(list).csv"))
            }
        }
        let validate = try run(match, ["validate", q1 + "/scenario.yaml"])
        #expect(validate.status == 0, "\(validate.output)")
        let solve = try run(match, ["solve", q1 + "/scenario.yaml", "--out", q1 + "/out", "--quiet"])
        try #require(solve.status == 0, "\(solve.output)")

        // Attendance typed into the plan: plan.xlsx#排班表 with a column 到场 (one absence), or roster.csv.
        let attendance: String
        if xlsx {
            let planBook = try WorkbookReader(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: q1 + "/out/plan.xlsx"))))
            var sheets: [WorkbookSheet] = []
            for name in planBook.sheetNames {
                let read = try planBook.rows(sheet: name).rows
                var header = read.first?.cells ?? []
                var rows = read.dropFirst().map(\.cells)
                if name == "排班表" {
                    // A column 到场 typed in: 否 on the first row, 是 elsewhere (rows padded: the reader drops trailing empty cells).
                    #expect(!header.contains("到场"))
                    header.append("到场")
                    let c = header.count - 1
                    rows = rows.enumerated().map { i, r in
                        var r = r + Array(repeating: "", count: max(0, header.count - r.count))
                        r[c] = i == 0 ? "否" : "是"
                        return r
                    }
                }
                sheets.append(WorkbookSheet(name: name, header: header, rows: rows.map { $0.map(ListWriter.cell) }))
            }
            try WorkbookWriter.data(sheets).write(to: URL(fileURLWithPath: q1 + "/out/plan.xlsx"))
            attendance = q1 + "/out/plan.xlsx#排班表"
        } else {
            let roster = try RowTable.read(path: q1 + "/out/roster.csv")
            try CSVOutput(header: roster.header + ["到场"], rows: roster.rows.enumerated().map { i, r in r + [i == 0 ? "否" : "是"] })
                .data.write(to: URL(fileURLWithPath: q1 + "/out/attendance.csv"))
            attendance = q1 + "/out/attendance.csv"
        }
        let record = try run(match, ["record", q1 + "/scenario.yaml", q1 + "/out/plan.json", "--attendance", attendance, "--ledger", dir + "/l.sqlite"])
        try #require(record.status == 0, "\(record.output)")
        let carry = try run(match, ["carry-over", q1 + "/scenario.yaml", "--ledger", dir + "/l.sqlite", "--quarter", "2027Q2", "--out", dir + "/q2"])
        try #require(carry.status == 0, "\(carry.output)")

        // The covered needs are gone; the next quarter validates and solves.
        let droppedLine = try #require(carry.output.split(separator: "\n").first { $0.hasPrefix("needs: ") && $0.contains("dropped") })
        let dropped = droppedLine.split(separator: ":").dropFirst(2).first.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        #expect(!dropped.isEmpty, "\(carry.output)")
        let q2Validate = try run(match, ["validate", dir + "/q2/scenario.yaml"])
        #expect(q2Validate.status == 0, "\(q2Validate.output)")
        let next = try Self.nextQuarterNeeds(dir + "/q2")
        for n in dropped {
            #expect(!next.needs.contains(n), "\(n) was covered but is still a need")
            #expect(!next.projectNeeds.contains(n))
        }
        let q2Solve = try run(match, ["solve", dir + "/q2/scenario.yaml", "--out", dir + "/q2/out", "--quiet"])
        #expect(q2Solve.status == 0, "\(q2Solve.output)")

        // The lists came back in the form they went in: the workbook with all six sheets and a
        // Chinese header for the new column; CSV lists as CSV.
        let yaml = try String(contentsOfFile: dir + "/q2/scenario.yaml", encoding: .utf8)
        if xlsx {
            #expect(yaml.contains("名单.xlsx#需求"), "\(yaml)")
            let book = try WorkbookReader(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/q2/名单.xlsx"))))
            #expect(book.sheetNames == ["说明", "社区", "需求", "单位", "项目", "党员"])
            let needs = try book.rows(sheet: "需求").rows
            #expect(needs.first?.cells.contains("已等待季度数") == true, "\(needs.first?.cells ?? [])")
            #expect(try book.rows(sheet: "说明").rows.count > 3)
            #expect(!FileManager.default.fileExists(atPath: dir + "/q2/needs.csv"))
        } else {
            #expect(yaml.contains("needs: needs.csv"))
            let needs = try RowTable.read(path: dir + "/q2/needs.csv")
            #expect(needs.header.contains("已等待季度数"), "\(needs.header)")
        }
        // Lists of needs keep their separators readable (no project lost a need that was not covered).
        let q1Scenario = try ScenarioReader.load(path: q1 + "/scenario.yaml").scenario
        let keptProjects = q1Scenario.projects.filter { p in !p.needs.allSatisfy { dropped.contains(q1Scenario.needs[$0].id) } }
        #expect(Set(next.projectNeeds) == Set(keptProjects.flatMap { $0.needs.map { q1Scenario.needs[$0].id } }).subtracting(dropped))
    }

    @Test("init --xlsx → Chinese values → solve → record from plan.xlsx#排班表 → carry-over → next quarter")
    func workbookQuarter() throws { try cycle(xlsx: true) }

    @Test("the same with CSV lists")
    func csvQuarter() throws { try cycle(xlsx: false) }
}
