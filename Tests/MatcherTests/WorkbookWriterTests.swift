import Foundation
import Testing
@testable import Matcher
import Workbook

/// The workbook writer read back by a real reader (openpyxl), and the calendar's text rules.
@Suite struct WorkbookWriterTests {
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { (try? run($0, ["-c", "import openpyxl"]).status) == 0 }

    @Test(.enabled(if: python != nil, "needs python3-openpyxl"))
    func cellsReadBackAsWritten() throws {
        let sheet = WorkbookSheet(name: "排班表/1", header: ["名称", "数", "日期"], widths: [20, 8, 12], rows: [
            [.text("=HYPERLINK(\"x\")"), .number(2.5), .date(year: 2027, month: 1, day: 23)],
            [.text("<b>&amp; \"quoted\"\ttab"), .number(-3), .empty],
            [.text("+1"), .number(1_000_000), .date(year: 2024, month: 2, day: 29)],
        ])
        let dir = try temporaryDirectory()
        try WorkbookWriter.data([sheet, WorkbookSheet(name: "second", header: ["a"])]).write(to: URL(fileURLWithPath: dir + "/t.xlsx"))
        let script = """
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb.worksheets[0]
        rows = [[(v.date().isoformat() if hasattr(v, "date") else v) for v in r] for r in ws.iter_rows(values_only=True)]
        print(json.dumps({"names": wb.sheetnames, "frozen": ws.freeze_panes, "rows": rows,
                          "width": ws.column_dimensions["A"].width, "date_format": ws["C2"].number_format,
                          "bold": ws["A1"].font.b}, ensure_ascii=False))
        """
        let r = try run(try #require(Self.python), ["-c", script, dir + "/t.xlsx"])
        try #require(r.status == 0, "\(r.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
        #expect(json["names"] as? [String] == ["排班表_1", "second"], "a / is not allowed in a sheet name")
        #expect(json["frozen"] as? String == "A2")
        #expect(json["width"] as? Double == 20)
        #expect(json["date_format"] as? String == "yyyy-mm-dd")
        #expect(json["bold"] as? Bool == true)
        let rows = try #require(json["rows"] as? [[Any]])
        #expect(rows.count == 4)
        #expect(rows[1][0] as? String == "'=HYPERLINK(\"x\")", "a formula-like text is neutralised")
        #expect(rows[1][1] as? Double == 2.5)
        #expect(rows[1][2] as? String == "2027-01-23")
        #expect(rows[2][0] as? String == "<b>&amp; \"quoted\"\ttab")
        #expect(rows[2][1] as? Double == -3, "a negative number stays a number")
        #expect(rows[2][2] is NSNull)
        #expect(rows[3][0] as? String == "'+1")
        #expect(rows[3][2] as? String == "2024-02-29")
    }

    @Test func sameSheetsSameBytes() throws {
        let sheet = WorkbookSheet(name: "a", header: ["x"], rows: [[.text("y")], [.number(1)]])
        #expect(try WorkbookWriter.data([sheet]) == WorkbookWriter.data([sheet]))
    }

    @Test func serialNumbersAndColumnNames() {
        #expect(WorkbookWriter.serial(year: 1900, month: 3, day: 1) == 61)
        #expect(WorkbookWriter.serial(year: 2027, month: 1, day: 23) == 46410)
        #expect((0..<3).map(WorkbookWriter.columnName) == ["A", "B", "C"])
        #expect(WorkbookWriter.columnName(25) == "Z" && WorkbookWriter.columnName(26) == "AA" && WorkbookWriter.columnName(701) == "ZZ")
    }

    @Test func calendarTextIsEscapedAndFolded() throws {
        #expect(ICS.text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let long = "DESCRIPTION:" + String(repeating: "派出党员、", count: 20)
        let folded = ICS.fold(long)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        for l in lines { #expect(l.utf8.count <= 75) }
        for l in lines.dropFirst() { #expect(l.hasPrefix(" ")) }
        #expect(lines.enumerated().map { $0 == 0 ? $1 : String($1.dropFirst()) }.joined() == long, "unfolds to the line")
        let events = try ICSParser.events("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n" + folded + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        #expect(events.first?["DESCRIPTION"] == String(long.dropFirst("DESCRIPTION:".count)))
        #expect(throws: ICSParser.Malformed.self) { try ICSParser.events("BEGIN:VCALENDAR\nEND:VCALENDAR\n") }
    }
}
