import Foundation
import Testing
@testable import Workbook
import Matcher
import ZIPFoundation

/// Issue 27, items 4 and 5: big workbooks are read whole, hostile ones refused at once.
@Suite struct WorkbookSafetyTests {
    /// A roster of a city (171,000 members, one row each) as `match` writes plan.xlsx sheets:
    /// its worksheet part is far above libxml2's 10 MB single-document limit, and every row
    /// comes back.
    @Test func aCityRosterSheetIsReadWhole() throws {
        let count = 171_000
        let header = ["编号", "姓名", "项目编号", "项目", "日期", "时段", "社区", "电话"]
        var rows: [[WorkbookCell]] = []
        rows.reserveCapacity(count)
        for i in 0..<count {
            rows.append([.text("M\(100_000 + i)"), .text("党员\(i)"), .text("P\(i % 6_000)"), .text("项目名称\(i % 6_000)"),
                         .text("2027-01-\(10 + i % 18)"), .text("上午"), .text("社区\(i % 800)"), .number(Double(13_800_000_000 + i))])
        }
        let bytes = try WorkbookWriter.data([WorkbookSheet(name: "排班表", header: header, rows: rows)])
        let archive = try Archive(data: bytes, accessMode: .read)
        let sheetPart = try #require(archive.first { $0.path.hasPrefix("xl/worksheets/") })
        #expect(sheetPart.uncompressedSize > 10_000_000, "the part is only \(sheetPart.uncompressedSize) bytes")
        let read = try WorkbookReader(bytes: [UInt8](bytes)).rows(sheet: "排班表")
        #expect(read.rows.count == count + 1)
        #expect(read.rows.first?.cells == header)
        #expect(read.rows.last?.cells.first == "M\(100_000 + count - 1)")
        #expect(read.rows.last?.cells.last == String(13_800_000_000 + count - 1))
    }

    /// A workbook part with an internal entity referenced thousands of times (a few KB that
    /// expand to gigabytes): refused before any parsing, in well under a second, as Excel
    /// never writes a DOCTYPE. The same in shared strings, and split across chunks.
    @Test(arguments: ["xl/worksheets/s.xml", "xl/sharedStrings.xml", "xl/workbook.xml"])
    func entityDeclarationsAreRefusedUnread(_ target: String) throws {
        var laughs = "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
        var previous = "a"
        for level in 1...9 {
            let name = "e\(level)"
            laughs += "<!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
            previous = name
        }
        laughs += "]>"
        let refs = String(repeating: "&\(previous);", count: 1_000)
        let bytes = try Self.book(target: target, doctype: laughs, body: refs)
        #expect(bytes.count < 16_000, "\(bytes.count) bytes")
        let start = Date()
        #expect(throws: WorkbookError.declarations(part: target)) {
            let reader = try WorkbookReader(bytes: bytes)
            _ = try reader.rows()
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func theDeclarationScanSeesAcrossChunksAndSparesCommentsAndCDATA() {
        #expect(!DeclarationScanProbe().feed(["<?xml version=\"1.0\"?><!-- c --><a><![CDATA[x]]></a>"]))
        #expect(DeclarationScanProbe().feed(["<?xml?><", "!", "DOCTYPE a>"]))
        #expect(DeclarationScanProbe().feed(["<!", "ENTITY"]))
        #expect(!DeclarationScanProbe().feed(["<!-", "-x-->"]))
    }

    /// The example's shape, with `doctype` before the root of `target` and `body` inside it.
    static func book(target: String, doctype: String, body: String) throws -> [UInt8] {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var parts: [String: String] = [
            "_rels/.rels": "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
            "xl/workbook.xml": "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            "xl/_rels/workbook.xml.rels": "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/s.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>",
            "xl/worksheets/s.xml": "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
            "xl/sharedStrings.xml": "<sst xmlns=\"\(main)\"><si><t>x</t></si></sst>",
        ]
        let original = try #require(parts[target])
        let close = try #require(original.firstIndex(of: ">"))
        parts[target] = doctype + original[...close] + body + original[original.index(after: close)...]
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let d = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(d.count), compressionMethod: .deflate) { pos, size in
                d.subdata(in: Int(pos) ..< Int(pos) + size)
            }
        }
        return [UInt8](try #require(archive.data))
    }
}

/// Feeds chunks to one `DeclarationScan`, as the archive hands them out.
struct DeclarationScanProbe {
    func feed(_ chunks: [String]) -> Bool {
        var scan = DeclarationScan()
        for c in chunks where scan.finds(in: Data(c.utf8)) { return true }
        return false
    }
}

/// Issue 27, item 13: merged cells and a hidden first sheet are said, not read silently.
@Suite struct WorkbookLayoutNotesTests {
    /// One-sheet workbook of inline strings; `merges` as `B2:B4`; the sheet hidden or not.
    static func book(_ rows: [[String]], merges: [String] = [], hidden: Bool = false) throws -> Data {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var data = ""
        for (i, row) in rows.enumerated() {
            data += "<row r=\"\(i + 1)\">"
            for (j, cell) in row.enumerated() where !cell.isEmpty {
                data += "<c r=\"\(WorkbookWriter.columnName(j))\(i + 1)\" t=\"inlineStr\"><is><t>\(cell)</t></is></c>"
            }
            data += "</row>"
        }
        let mergeXML = merges.isEmpty ? "" : "<mergeCells count=\"\(merges.count)\">" + merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
        let parts: [(String, String)] = [
            ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"需求\" sheetId=\"1\" \(hidden ? "state=\"hidden\" " : "")r:id=\"rId1\"/><sheet name=\"其他\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/s.xml\"/></Relationships>"),
            ("xl/worksheets/s.xml", "<worksheet xmlns=\"\(main)\"><sheetData>\(data)</sheetData>\(mergeXML)</worksheet>"),
        ]
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let d = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(d.count), compressionMethod: .deflate) { pos, size in
                d.subdata(in: Int(pos) ..< Int(pos) + size)
            }
        }
        return try #require(archive.data)
    }

    static let needs = [["编号", "社区", "类别", "名称", "户数", "紧急程度"],
                        ["N01", "C01", "drains", "下水道", "10", "3"],
                        ["N02", "", "drains", "雨水管", "5", "2"],
                        ["N03", "", "parking", "停车", "4", "1"]]

    @Test func theReaderReportsMergedRangesAndHiddenSheets() throws {
        let reader = try WorkbookReader(bytes: [UInt8](try Self.book(Self.needs, merges: ["B2:B4", "D1:E1"], hidden: true)))
        #expect(reader.sheetHidden == [true, false])
        let sheet = try reader.sheet(nil)
        #expect(sheet.merged == [MergedRange(firstColumn: 1, firstRow: 2, lastColumn: 1, lastRow: 4),
                                 MergedRange(firstColumn: 3, firstRow: 1, lastColumn: 4, lastRow: 1)])
    }

    /// A needs sheet whose community cells are merged over three rows: one warning saying the
    /// cells are merged (at the merge's first row, in the sheet's language), beside the rows'
    /// own errors; a hidden first sheet read without `#Sheet` gets a note.
    @Test func validateSaysCellsAreMergedAndTheFirstSheetIsHidden() throws {
        let dir = try temporaryDirectory("merged-cells")
        let source = Repo.root.appendingPathComponent("scenarios/example-street").path
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: dir + "/" + name)
        }
        try Self.book(Self.needs, merges: ["B2:B4"], hidden: true).write(to: URL(fileURLWithPath: dir + "/needs.xlsx"))
        let yaml = try String(contentsOfFile: dir + "/scenario.yaml", encoding: .utf8).replacingOccurrences(of: "needs.csv", with: "needs.xlsx")
        try yaml.write(toFile: dir + "/scenario.yaml", atomically: true, encoding: .utf8)
        let (_, diagnostics) = ScenarioReader.read(path: dir + "/scenario.yaml")
        let merged = diagnostics.filter { $0.message.contains("B2:B4") }
        #expect(merged.count == 1, "\(diagnostics)")
        #expect(merged.first?.severity == .warning && merged.first?.line == 2)
        #expect(merged.first?.message.contains("合并单元格") == true, "\(merged)")
        #expect(merged.first?.file.hasSuffix("needs.xlsx#需求") == true)
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("隐藏") }, "\(diagnostics)")
        // The rows the merge emptied are still errors of their own.
        #expect(diagnostics.contains { $0.isError && $0.line == 3 }, "\(diagnostics)")
    }
}
