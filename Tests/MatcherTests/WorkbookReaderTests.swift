import Foundation
import Testing
import Workbook
import ZIPFoundation

/// The reader on hand-written parts: every kind of cell a spreadsheet program writes.
@Suite struct WorkbookReaderTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook of one sheet `S` with `sheetData`, optional shared strings and styles, 1904 dates or not.
    static func book(_ sheetData: String, strings: String? = nil, styles: String? = nil, date1904: Bool = false) throws -> [UInt8] {
        var parts: [(String, String)] = [
            ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\">\(date1904 ? "<workbookPr date1904=\"1\"/>" : "")<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/s.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"\(rel)/styles\" Target=\"/xl/styles.xml\"/></Relationships>"),
            ("xl/worksheets/s.xml", "<worksheet xmlns=\"\(main)\"><sheetData>\(sheetData)</sheetData></worksheet>"),
        ]
        if let strings { parts.append(("xl/sharedStrings.xml", "<sst xmlns=\"\(main)\">\(strings)</sst>")) }
        if let styles { parts.append(("xl/styles.xml", "<styleSheet xmlns=\"\(main)\">\(styles)</styleSheet>")) }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let d = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(d.count), compressionMethod: .deflate) { pos, size in
                d.subdata(in: Int(pos) ..< Int(pos) + size)
            }
        }
        return [UInt8](try #require(archive.data))
    }

    static func cells(_ bytes: [UInt8]) throws -> [[String]] {
        try WorkbookReader(bytes: bytes).rows().rows.map(\.cells)
    }

    @Test func stringsOfEveryKind() throws {
        let strings = "<si><t>plain</t></si><si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh><t>ふりがな</t></rPh></si><si><t>a_x000D_b</t></si>"
        let data = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>行内</t></is></c><c r="B2" t="str"><f>A1&amp;"x"</f><v>plainx</v></c><c r="C2" t="e"><v>#N/A</v></c></row>
            <row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c></row>
            """
        #expect(try Self.cells(Self.book(data, strings: strings)) == [["plain", "rich text", "a\rb"], ["行内", "plainx", "#N/A"], ["TRUE", "FALSE"]])
    }

    @Test func gapsAndMissingReferences() throws {
        let data = """
            <row r="1"><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row>
            <row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>
            <row r="5"><c r="AA5"><v>7</v></c></row>
            """
        let rows = try WorkbookReader(bytes: Self.book(data)).rows().rows
        #expect(rows.map(\.number) == [1, 2, 5])
        #expect(rows[0].cells == ["", "b", "", "d"])
        #expect(rows[1].cells == ["x", "y"])
        #expect(rows[2].cells.count == 27 && rows[2].cells[26] == "7")
    }

    @Test func numbersAsText() throws {
        let data = "<row r=\"1\"><c r=\"A1\"><v>2.0</v></c><c r=\"B1\"><v>23.133094000000001</v></c><c r=\"C1\"><v>-5</v></c><c r=\"D1\"><v>1E-3</v></c></row>"
        #expect(try Self.cells(Self.book(data)) == [["2", "23.133094", "-5", "0.001"]])
    }

    /// Styles 0 general, 1 built-in 14, 2 zh-CN 31, 3 custom m"月"d"日", 4 time h:mm, 5 custom with a quoted "d".
    static let styles = """
        <numFmts count="3"><numFmt numFmtId="164" formatCode="m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="h:mm"/><numFmt numFmtId="166" formatCode="0.0&quot; d&quot;"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
        <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs>
        """

    @Test func dateCellsByTheirFormat() throws {
        // 46403 = 2027-01-16 in the 1900 system.
        let data = "<row r=\"1\">" + (0..<6).map { "<c r=\"\(["A", "B", "C", "D", "E", "F"][$0])1\" s=\"\($0)\"><v>46403.75</v></c>" }.joined() + "</row>"
        #expect(try Self.cells(Self.book(data, styles: Self.styles)) == [["46403.75", "2027-01-16", "2027-01-16", "2027-01-16", "46403.75", "46403.75"]])
    }

    @Test(arguments: [(1.0, false, "1900-01-01"), (59.0, false, "1900-02-28"), (61.0, false, "1900-03-01"), (46403.0, false, "2027-01-16"),
                      (44941.0, true, "2027-01-16"), (1.0, true, "1904-01-02")])
    func serialDates(_ serial: Double, _ date1904: Bool, _ iso: String) throws {
        let data = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>\(serial)</v></c></row>"
        #expect(try Self.cells(Self.book(data, styles: Self.styles, date1904: date1904)) == [[iso]])
    }

    @Test func isoDateCells() throws {
        #expect(try Self.cells(Self.book("<row r=\"1\"><c r=\"A1\" t=\"d\"><v>2027-01-16T00:00:00</v></c></row>")) == [["2027-01-16"]])
    }

    @Test(arguments: [
        ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row>", "shared string '3' does not exist"),
        ("<row r=\"0\"></row>", "row number '0'"),
        ("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", "cell reference 'XFE1'"),
        ("<row r=\"1\"><c r=\"A1\"><v>1</v></row>", "not well-formed XML"),
    ])
    func damagedSheets(_ data: String, _ words: String) throws {
        let bytes = try Self.book(data, strings: "<si><t>x</t></si>")
        do {
            _ = try WorkbookReader(bytes: bytes).rows()
            Issue.record("read a damaged sheet")
        } catch {
            guard case let .damaged(part, reason) = error else { Issue.record("\(error)"); return }
            #expect(part == "xl/worksheets/s.xml")
            #expect(reason.contains(words), "\(reason)")
        }
    }

    @Test func signatures() {
        #expect(FileSignature([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) == .ole2)
        #expect(FileSignature(Array("PK\u{3}\u{4}".utf8)) == .zip)
        #expect(FileSignature(Array("id,name".utf8)) == .text)
        #expect(throws: WorkbookError.notZip(.text)) { try WorkbookReader(bytes: Array("id,name".utf8)) }
    }
}
