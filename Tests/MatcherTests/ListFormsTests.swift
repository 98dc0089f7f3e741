import Foundation
import Testing
import Workbook
@testable import Matcher

/// The same scenario as one workbook, with Chinese values and separators, and as UTF-16
/// tab-separated text reads to the same scenario and solves to the plan of its plain CSV twin
/// (fixtures: Fixtures/forms, made by make-forms.py).
@Suite struct ListFormsTests {
    static func load(_ form: String) throws -> (scenario: Scenario, warnings: [Diagnostic]) {
        try ScenarioReader.load(path: Repo.fixture("forms/\(form)/scenario.yaml"))
    }

    @Test(arguments: ["workbook", "chinese", "utf16"])
    func solvesToThePlanOfItsCSVTwin(_ form: String) throws {
        let twin = try Self.load("plain").scenario
        let other = try Self.load(form).scenario
        #expect(other.projects.map(\.candidateDates) == twin.projects.map(\.candidateDates))
        #expect(other.projects.map(\.slot) == twin.projects.map(\.slot))
        #expect(other.projects.map(\.skills) == twin.projects.map(\.skills))
        #expect(other.needs.map(\.households) == twin.needs.map(\.households))
        #expect(other.units.map(\.categories) == twin.units.map(\.categories))
        #expect(other.availability == twin.availability)
        let a = try Solver.solve(twin, options: SolveOptions(settings: twin.settings)).plan
        let b = try Solver.solve(other, options: SolveOptions(settings: other.settings)).plan
        #expect(a.status == .optimal && b.status == .optimal)
        #expect(b.objective == a.objective)
        #expect(b.projects == a.projects)
        #expect(b.assignments == a.assignments)
        #expect(b.needs == a.needs)
        #expect(!a.assignments.isEmpty)
    }

    @Test func workbookDiagnosticsNameTheSheetAndRow() throws {
        let (_, warnings) = try Self.load("workbook")
        let w = try #require(warnings.first { $0.message.contains("'N17'") })
        #expect(w.file.hasSuffix("lists.xlsx#需求"))
        #expect(w.line == 18)
        #expect(w.description.hasSuffix("lists.xlsx#需求:18: warning: id: need 'N17' is listed by no project; it cannot be covered"))
    }

    @Test func tabSeparatedTextIsNoted() throws {
        let (_, warnings) = try Self.load("utf16")
        let notes = warnings.filter { $0.message.contains("制表符") }
        #expect(notes.count == 5)
        #expect(notes.allSatisfy { $0.line == 1 && $0.file.hasSuffix(".txt") })
    }

    @Test func workbookCellsReadAsText() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.fixture("forms/workbook/lists.xlsx"))))
        let book = try WorkbookReader(bytes: bytes)
        #expect(book.sheetNames == ["社区", "需求", "单位", "项目", "党员"])
        let projects = try book.rows(sheet: "项目")
        #expect(projects.sheet == "项目")
        let header = projects.rows[0].cells
        let p01 = projects.rows[1]
        #expect(p01.number == 2)
        #expect(p01.cells[header.firstIndex(of: "sessions")!] == "2")           // written as 2.0
        let p16 = try #require(projects.rows.first { $0.cells.first == "P16" })
        #expect(p16.cells[header.firstIndex(of: "dates")!] == "2027-02-20")   // a date cell
        let needs = try book.rows(sheet: "需求")
        #expect(needs.rows[0].cells[0] == " id ")                              // trimmed by the reader, not here
        let units = try book.rows(sheet: "单位")
        #expect(units.rows[1].cells.last == "TRUE")
        let communities = try book.rows()
        #expect(communities.sheet == "社区")
        #expect(communities.rows[1].cells[3] == "23.133094")
        let members = try book.rows(sheet: "党员")
        #expect(members.rows[1].cells.count == 8)  // empty max_sessions: trailing gap dropped
    }

    /// Writes `files` (name → bytes) beside a scenario whose lists all come from `entries`.
    static func scenarioFolder(_ files: [String: [UInt8]], entries: [String: String]) throws -> String {
        let dir = try temporaryDirectory("forms")
        var yaml = "name: t\nquarter: 2027Q1\ndata:\n"
        for k in ["communities", "needs", "units", "projects", "members"] { yaml += "  \(k): \"\(entries[k] ?? k + ".csv")\"\n" }
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: dir + "/scenario.yaml"))
        for (name, b) in files { try Data(b).write(to: URL(fileURLWithPath: dir + "/" + name)) }
        for f in InputFixtures.fileNames where f != "scenario.yaml" && files[f] == nil {
            try Data(InputFixtures.bytes("valid/" + f)).write(to: URL(fileURLWithPath: dir + "/" + f))
        }
        return dir
    }

    @Test(arguments: [
        ("needs.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0] as [UInt8], "old Excel 97–2003 workbook (.xls)"),
        ("needs.xlsx", Array("id,community\nN1,C01\n".utf8), "named like an Excel workbook but is not one"),
        ("needs.xlsx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "the workbook is damaged"),
    ])
    func notAWorkbookSaysWhatToDo(_ name: String, _ bytes: [UInt8], _ words: String) throws {
        let dir = try Self.scenarioFolder([name: bytes], entries: ["needs": name])
        let (scenario, diagnostics) = ScenarioReader.read(path: dir + "/scenario.yaml")
        #expect(scenario == nil)
        let e = try #require(diagnostics.first { $0.isError && $0.file.hasSuffix(name) })
        #expect(e.message.contains(words), "\(e)")
        #expect(e.message.contains("CSV UTF-8") || e.message.contains("save it again"))
        #expect(!e.message.contains("GB18030"))
    }

    /// A one-sheet workbook of text cells, the first row its header (the project's one workbook writer).
    static func textBook(_ name: String, _ rows: [[String]]) throws -> Data {
        try WorkbookWriter.data([WorkbookSheet(name: name, header: rows.first ?? [],
                                               rows: rows.dropFirst().map { $0.map { $0.isEmpty ? .empty : .text($0) } })])
    }

    @Test func unknownSheetSuggestsTheClosest() throws {
        let bytes = [UInt8](try Self.textBook("Needs", [["id"]]))
        let dir = try Self.scenarioFolder(["book.xlsx": bytes], entries: ["needs": "book.xlsx#Neds"])
        let (_, diagnostics) = ScenarioReader.read(path: dir + "/scenario.yaml")
        let e = try #require(diagnostics.first { $0.isError && $0.file.hasSuffix("book.xlsx") })
        #expect(e.message.contains("no worksheet 'Neds' (did you mean 'Needs'?); the workbook has: 'Needs'"))
    }

    @Test func aWorkbookUnderACSVNameIsReadAsOne() throws {
        let rows = String(decoding: InputFixtures.bytes("valid/needs.csv"), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let bytes = [UInt8](try Self.textBook("Sheet1", rows))
        var files = InputFixtures.validFiles()
        files["needs.csv"] = bytes
        let (scenario, diagnostics) = InputFixtures.read(files)
        #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
        #expect(try #require(scenario).needs.count == rows.count - 1)
    }

    @Test func inlineStringsGapsAndErrorsInAWrittenWorkbook() throws {
        let needs = InputFixtures.bytes("valid/needs.csv")
        let rows = String(decoding: needs, as: UTF8.self).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var withGap = rows
        withGap.insert([], at: 2)          // an empty row: skipped, later rows keep their numbers
        withGap[3][4] = "many"             // households of N02, now on row 4
        let bytes = [UInt8](try Self.textBook("需求", withGap))
        let dir = try Self.scenarioFolder(["lists.xlsx": bytes], entries: ["needs": "lists.xlsx"])
        let (scenario, diagnostics) = ScenarioReader.read(path: dir + "/scenario.yaml")
        #expect(scenario == nil)
        let e = try #require(diagnostics.first { $0.isError })
        #expect(e.description.hasSuffix("lists.xlsx#需求:4: error: households: 'many' is not a whole number; expected a whole number of households, 1 or more"))
    }
}
