import Foundation
import Testing
import Workbook
import ZIPFoundation
@testable import Matcher

/// 300 random mutations of the fixture workbook — 150 of its raw bytes, 150 of the XML inside
/// it, re-zipped so that they reach the XML parser — are read without a trap: each gives a
/// scenario or errors naming the workbook.
@Suite struct WorkbookMutationTests {
    static let yaml = Repo.fixture("forms/workbook/scenario.yaml")
    static let original = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: Repo.fixture("forms/workbook/lists.xlsx")))) ?? Data())

    struct Rng {
        var state: Xoshiro256StarStar
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(state.next() % UInt64(n)) }
    }

    /// Reads the workbook scenario with `bytes` as lists.xlsx; checks the outcome is an answer, not a trap.
    static func readThrough(_ bytes: [UInt8]) {
        var files: [String: [UInt8]] = [:]
        files[yaml] = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: yaml))) ?? Data())
        files[Repo.fixture("forms/workbook/lists.xlsx")] = bytes
        let (scenario, diagnostics) = ScenarioReader.read(path: yaml, files: files)
        #expect(scenario != nil || diagnostics.contains { $0.isError && $0.file.contains("lists.xlsx") })
        if let book = try? WorkbookReader(bytes: bytes) {
            for name in book.sheetNames { _ = try? book.rows(sheet: name) }
        }
    }

    @Test func rawByteMutations() throws {
        try #require(!Self.original.isEmpty)
        var rng = Rng(state: Xoshiro256StarStar(seed: 15))
        for _ in 0..<150 {
            var b = Self.original
            for _ in 0..<(1 + rng.below(6)) {
                let at = rng.below(b.count)
                switch rng.below(5) {
                case 0: b[at] ^= UInt8(1 << rng.below(8))
                case 1: b[at] = UInt8(rng.below(256))
                case 2: b.removeSubrange(at..<min(b.count, at + rng.below(64) + 1))
                case 3: b.insert(contentsOf: b[at..<min(b.count, at + rng.below(64) + 1)], at: rng.below(b.count))
                default: b.removeSubrange(min(b.count, at + 22)...)
                }
                if b.isEmpty { b = [0x50, 0x4B, 0x03, 0x04] }
            }
            Self.readThrough(b)
        }
    }

    @Test func xmlMutations() throws {
        let archive = try Archive(data: Data(Self.original), accessMode: .read)
        var parts: [(String, Data)] = []
        for entry in archive {
            var d = Data()
            _ = try archive.extract(entry) { d.append($0) }
            parts.append((entry.path, d))
        }
        let xml = parts.indices.filter { parts[$0].0.hasPrefix("xl/") }
        try #require(xml.count >= 7)
        let snippets = ["<c r=\"XFD1048576\" t=\"s\"><v>99999</v></c>", "<row r=\"0\">", "<row r=\"99999999\"/>", "<c r=\"A1\" s=\"999\"><v>1e308</v></c>",
                        "<v>-1</v>", "<c t=\"s\"><v>x</v></c>", "&amp;", "<t>", "</si>", "<xf numFmtId=\"14\"/>", "<c r=\"ZZZZ1\"/>",
                        "<c r=\"A1\" t=\"d\"><v>2027</v></c>", "<c t=\"b\"><v>7</v></c>", "<numFmt numFmtId=\"0\" formatCode=\"[\"/>", "\u{0}"]
        var rng = Rng(state: Xoshiro256StarStar(seed: 1915))
        for _ in 0..<150 {
            let k = xml[rng.below(xml.count)]
            var text = [UInt8](parts[k].1)
            for _ in 0..<(1 + rng.below(4)) {
                let at = rng.below(text.count)
                switch rng.below(4) {
                case 0: text.removeSubrange(at..<min(text.count, at + rng.below(200) + 1))
                case 1: text.insert(contentsOf: Array(snippets[rng.below(snippets.count)].utf8), at: at)
                case 2: if text[at] >= 0x30 && text[at] <= 0x39 { text[at] = UInt8(0x30 + rng.below(10)) } else { text[at] = UInt8(0x20 + rng.below(95)) }
                default: text.insert(contentsOf: text[at..<min(text.count, at + rng.below(300) + 1)], at: rng.below(text.count))
                }
                if text.isEmpty { text = Array("<".utf8) }
            }
            let out = try Archive(data: Data(), accessMode: .create)
            for (i, (path, data)) in parts.enumerated() {
                let d = i == k ? Data(text) : data
                try out.addEntry(with: path, type: .file, uncompressedSize: Int64(d.count), compressionMethod: .deflate) { pos, size in
                    d.subdata(in: Int(pos) ..< Int(pos) + size)
                }
            }
            Self.readThrough([UInt8](try #require(out.data)))
        }
    }
}
