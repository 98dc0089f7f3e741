import Foundation
import Hummingbird
import HummingbirdTesting
import Matcher
import Testing
import Workbook
@testable import Server

/// A zip written byte by byte (stored entries): names as raw bytes and the general purpose
/// flags as given — what Chinese Windows' built-in zip (GBK names, no UTF-8 flag), Info-ZIP
/// (UTF-8 bytes, no flag) and the start page's own packer (UTF-8 with the flag) write.
func rawZip(_ entries: [(name: [UInt8], data: Data)], flags: UInt16) -> Data {
    func crc32(_ d: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in d {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }
    var out = Data(), central = Data()
    func le16(_ v: UInt16, _ d: inout Data) { d.append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8)]) }
    func le32(_ v: UInt32, _ d: inout Data) { le16(UInt16(v & 0xFFFF), &d); le16(UInt16(v >> 16), &d) }
    for e in entries {
        let offset = UInt32(out.count), crc = crc32(e.data), size = UInt32(e.data.count)
        le32(0x0403_4B50, &out); le16(20, &out); le16(flags, &out); le16(0, &out); le16(0, &out); le16(0x21, &out)
        le32(crc, &out); le32(size, &out); le32(size, &out); le16(UInt16(e.name.count), &out); le16(0, &out)
        out.append(contentsOf: e.name); out.append(e.data)
        le32(0x0201_4B50, &central); le16(20, &central); le16(20, &central); le16(flags, &central); le16(0, &central)
        le16(0, &central); le16(0x21, &central); le32(crc, &central); le32(size, &central); le32(size, &central)
        le16(UInt16(e.name.count), &central); le16(0, &central); le16(0, &central); le16(0, &central); le16(0, &central)
        le32(0, &central); le32(offset, &central)
        central.append(contentsOf: e.name)
    }
    let start = UInt32(out.count)
    out.append(central)
    le32(0x0605_4B50, &out); le16(0, &out); le16(0, &out); le16(UInt16(entries.count), &out); le16(UInt16(entries.count), &out)
    le32(UInt32(central.count), &out); le32(start, &out); le16(0, &out)
    return out
}

/// GBK bytes of `s` (iconv, as Chinese Windows writes names).
func gbk(_ s: String) throws -> [UInt8] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
    p.arguments = ["-f", "UTF-8", "-t", "GBK"]
    let input = Pipe(), output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    try p.run()
    input.fileHandleForWriting.write(Data(s.utf8))
    try input.fileHandleForWriting.close()
    let d = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return [UInt8](d)
}

func percent(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }

/// Issue 28, items 3–7: uploads of the files Chinese offices have, reached by their Chinese
/// names; the rules a bare workbook gets; editing rules and what-ifs in place.
@Suite("Upload forms") struct UploadFormsTests {
    /// The example street as a folder `示范街道` with Chinese list names, named in scenario.yaml.
    static func chineseFolder(encode: (String) throws -> [UInt8]) throws -> [(name: [UInt8], data: Data)] {
        let lists = ["communities": "社区名单", "needs": "居民需求", "units": "报到单位", "projects": "候选项目", "members": "在职党员"]
        var yaml = try String(contentsOf: Repo.example.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        var files: [(name: [UInt8], data: Data)] = []
        for (key, zh) in lists.sorted(by: { $0.key < $1.key }) {
            yaml = yaml.replacingOccurrences(of: "  \(key): \(key).csv", with: "  \(key): \(zh).csv")
            files.append((try encode("示范街道/\(zh).csv"), try Data(contentsOf: Repo.example.appendingPathComponent("\(key).csv"))))
        }
        #expect(!yaml.contains(".csv\n  needs: needs.csv"))
        return [(try encode("示范街道/"), Data()), (try encode("示范街道/scenario.yaml"), Data(yaml.utf8))] + files
    }

    @Test("a GBK-named zip without the UTF-8 flag, with a Chinese folder and Chinese list names: valid and reachable")
    func gbkZip() async throws {
        let zip = rawZip(try Self.chineseFolder(encode: gbk), flags: 0)
        try await withServer { client, _ in
            let r = try await client.post("/api/scenarios", zip)
            #expect(r.status == .created, "\(r.text)")
            let reply = try client.decode(ScenarioReply.self, r)
            #expect(reply.scenario == "示范街道")
            #expect(reply.valid, "\(reply.errors)")
            let again = try await client.get("/api/scenarios/" + percent("示范街道"))
            #expect(again.status == .ok, "\(again.text)")
            #expect(try await client.get("/scenarios/" + percent("示范街道")).status == .ok)
        }
    }

    @Test("Info-ZIP: UTF-8 names without the flag")
    func infoZip() async throws {
        let zip = rawZip(try Self.chineseFolder { Array($0.utf8) }, flags: 0)
        try await withServer { client, _ in
            let r = try await client.post("/api/scenarios", zip)
            #expect(r.status == .created, "\(r.text)")
            let reply = try client.decode(ScenarioReply.self, r)
            #expect(reply.valid, "\(reply.errors)")
            #expect(try await client.get("/api/scenarios/" + percent(reply.scenario)).status == .ok)
        }
    }

    @Test("a Chinese scenario name through HTTP: stored, its API and page reachable, and solved")
    func chineseName() async throws {
        let zip = try zipFolder(Repo.example, prefix: "example-street")
        try await withServer { client, _ in
            let r = try await client.post("/api/scenarios?name=" + percent("示范街道一季度"), zip)
            #expect(r.status == .created, "\(r.text)")
            #expect(try client.decode(ScenarioReply.self, r).scenario == "示范街道一季度")
            let id = percent("示范街道一季度")
            #expect(try await client.get("/api/scenarios/" + id).status == .ok)
            let page = try await client.get("/scenarios/" + id)
            #expect(page.status == .ok)
            #expect(page.text.contains("rules-section"))
            let solve = try await client.execute(uri: "/api/scenarios/\(id)/solve?time_limit=20", method: .post)
            #expect(solve.status == .accepted, "\(solve.text)")
            let job = try await client.wait(for: try client.decode(Created.self, solve).job)
            #expect(job.state == "done", "\(job)")
            // Its files, dispatch pages of Chinese names among them, are reachable by their encoded names.
            for file in job.files.filter({ $0.unicodeScalars.contains { !$0.isASCII } }).prefix(3) {
                let path = file.split(separator: "/").map { percent(String($0)) }.joined(separator: "/")
                #expect(try await client.get("/api/jobs/\(job.job)/files/" + path).status == .ok, "\(file)")
            }
        }
    }

    @Test("the start page's zip of scenario.yaml + 名单.xlsx is a scenario folder, not a bare workbook")
    func pagesZipOfYamlAndWorkbook() async throws {
        let files = try ScenarioTemplate.files(quarter: "2027Q1", lang: .zh, workbook: true)
        let zip = rawZip(files.map { (Array($0.name.utf8), Data($0.bytes)) }, flags: 0x0800)
        #expect(!UploadKind.isWorkbook(zip))
        #expect(UploadKind.isWorkbook(Data(try #require(files.first { $0.name.hasSuffix(".xlsx") }).bytes)))
        try await withServer { client, _ in
            let r = try await client.post("/api/scenarios", zip)
            #expect(r.status == .created, "\(r.text)")
            let reply = try client.decode(ScenarioReply.self, r)
            #expect(reply.valid, "\(reply.errors)")
            #expect(try await client.get("/scenarios/" + percent(reply.scenario)).status == .ok)
        }
    }

    @Test("a bare workbook takes the planner's quarter, holidays, budget and circle; the page shows them; messages in Chinese")
    func bareWorkbookRules() async throws {
        let book = try Data(contentsOf: Repo.root.appendingPathComponent("Tests/MatcherTests/Fixtures/forms/workbook/lists.xlsx"))
        let type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        try await withServer { client, data in
            let missing = try await client.post("/api/scenarios", book, type: type)
            #expect(missing.status == .badRequest)
            #expect(missing.text.contains("季度"), "\(missing.text)")
            let bad = try await client.post("/api/scenarios?quarter=2027Q1&street_budget=" + percent("很多"), book, type: type)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("street_budget 须为"), "\(bad.text)")
            let r = try await client.post("/api/scenarios?name=book&quarter=2027Q1&holidays=" + percent("2027-02-06、2027-02-07")
                                          + "&street_budget=6000&max_distance_km=1.5", book, type: type)
            #expect(r.status == .created, "\(r.text)")
            let yaml = try String(contentsOfFile: data + "/book/scenario.yaml", encoding: .utf8)
            #expect(yaml.contains("holidays: [2027-02-06, 2027-02-07]"))
            #expect(yaml.contains("street_budget: 6000"))
            #expect(yaml.contains("max_distance_km: 1.5"))
            #expect(yaml.contains("# 街道经费上限（元），null 为不限"), "comments kept: \(yaml)")
            let page = try await client.get("/scenarios/book")
            #expect(page.text.contains("2027-02-06、2027-02-07"))
            #expect(page.text.contains(">6000<"))
        }
    }

    @Test("PATCH /api/scenarios/ID sets holidays, rules and weights in scenario.yaml in place, comments kept")
    func patchRules() async throws {
        let zip = try zipFolder(Repo.example, prefix: "example-street")
        try await withServer { client, data in
            #expect(try await client.post("/api/scenarios", zip).status == .created)
            let before = try String(contentsOfFile: data + "/example-street/scenario.yaml", encoding: .utf8)
            let body = Data(#"{"holidays": ["2027-02-10"], "rules": {"street_budget": 0, "max_distance_km": 1}, "weights": {"unit_shortfall": 50}}"#.utf8)
            let r = try await client.execute(uri: "/api/scenarios/example-street", method: .patch,
                                             headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
            #expect(r.status == .ok, "\(r.text)")
            let after = try String(contentsOfFile: data + "/example-street/scenario.yaml", encoding: .utf8)
            for comment in before.split(separator: "\n").filter({ $0.contains("#") && !$0.hasPrefix("holidays") }) {
                #expect(after.contains(comment), "lost: \(comment)")
            }
            #expect(after.contains("holidays: [2027-02-10]"))
            #expect(after.contains("  street_budget: 0\n"))
            #expect(after.contains("  max_distance_km: 1\n"))
            #expect(after.contains("  unit_shortfall: 50\n"))
            let json = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]
            #expect(json?["holidays"] as? [String] == ["2027-02-10"])
            #expect((json?["rules"] as? [String: Any])?["street_budget"] as? Double == 0)
            for bad in [#"{"rules": {"colour": 1}}"#, #"{"rules": {"max_distance_km": true}}"#, #"{"holidays": ["Feb 10"]}"#, "[]"] {
                let refused = try await client.execute(uri: "/api/scenarios/example-street", method: .patch,
                                                       headers: [.contentType: "application/json"], body: ByteBuffer(string: bad))
                #expect(refused.status == .badRequest, "\(bad)")
            }
            #expect(try String(contentsOfFile: data + "/example-street/scenario.yaml", encoding: .utf8) == after)
        }
    }

    @Test("a what-if of 1 km and 0 yuan is solved; scenario.yaml keeps its comments")
    func whatIfOneKmZeroYuan() async throws {
        try await withServer { client, data in
            let zip = try zipFolder(Repo.example, prefix: "example-street")
            let base = try client.decode(Created.self, try await client.post("/api/solve?time_limit=20", zip))
            #expect(try await client.wait(for: base.job).state == "done")
            let before = try String(contentsOfFile: data + "/example-street/scenario.yaml", encoding: .utf8)
            let response = try await client.post("/api/jobs/\(base.job)/whatif", Data(#"{"max_distance_km": 1, "street_budget": 0}"#.utf8),
                                                 type: "application/json")
            #expect(response.status == .accepted, "\(response.text)")
            let reply = try await client.wait(for: try client.decode(Created.self, response).job)
            #expect(reply.state == "done", "\(reply)")
            let after = try String(contentsOfFile: data + "/example-street/scenario.yaml", encoding: .utf8)
            #expect(after.hasPrefix(before.trimmingCharacters(in: .newlines)), "the file was rewritten, not added to:\n\(after)")
            #expect(after.contains("- name: whatif-1\n    rules: { max_distance_km: 1, street_budget: 0 }"), "\(after)")
            #expect(try await client.post("/api/jobs/\(base.job)/whatif", Data(#"{"max_distance_km": true}"#.utf8), type: "application/json").status == .badRequest)
        }
    }
}
