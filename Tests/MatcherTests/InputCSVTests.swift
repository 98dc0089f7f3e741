import Foundation
import Testing
@testable import Matcher

@Suite struct InputCSVTests {
    func table(_ text: String) -> CSVTable { CSVTable(utf8: Array(text.utf8)) }
    func rows(_ t: CSVTable) -> [[String]] {
        (0..<t.count).map { r in Array(t.cells[t.recordStart[r]..<t.recordStart[r + 1]]) }
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlines() {
        let t = table("id,title,x\nA,\"a, b\",\"say \"\"hi\"\"\"\nB,\"two\nlines\",z\nC,plain,\"\"\n")
        #expect(t.header == ["id", "title", "x"])
        #expect(rows(t) == [["A", "a, b", "say \"hi\""], ["B", "two\nlines", "z"], ["C", "plain", ""]])
        #expect(t.lines == [2, 3, 5])
    }

    @Test(arguments: ["\n", "\r\n"])
    func lineEndings(_ eol: String) {
        let t = table(["id,name", "A,甲", "\"B\",\"乙\r\n丙\"", "C,丁"].joined(separator: eol) + eol)
        #expect(rows(t).map { $0[0] } == ["A", "B", "C"])
        #expect(t.lines == [2, 3, 5])
        #expect(t.cell(1, "name") == "乙\r\n丙")
    }

    @Test func trailingAndBlankLinesAndNoFinalNewline() {
        let t = table("id,name\n\nA,x\n,\n  \nB,y")
        #expect(rows(t) == [["A", "x"], ["B", "y"]])
        #expect(t.lines == [3, 6])
        #expect(table("id,name\nA,x\n\n\n").count == 1)
        #expect(table("id,name\nA,\n").cell(0, "name") == "")
    }

    @Test func cellsAreTrimmedAndShortRowsReadEmpty() {
        let t = table(" id , Name ,lat\n  A  ,\t x \u{3000},1\nB\n")
        #expect(t.header == ["id", "Name", "lat"])
        #expect(t.cell(0, "id") == "A")
        #expect(t.cell(0, "name") == "x")
        #expect(t.cell(1, "lat") == "")
        #expect(t.cell(0, "nosuch") == "")
    }

    @Test func chineseHeaderAliases() {
        let t = table("编号,姓名,可服务时间,最多场次,最少场次,备注\nM1,张三,any,2,1,extra\n")
        #expect(t.cell(0, "id") == "M1")
        #expect(t.cell(0, "name") == "张三")
        #expect(t.cell(0, "availability") == "any")
        #expect(t.cell(0, "max_sessions") == "2")
        #expect(t.cell(0, "min_sessions") == "1")
        #expect(CSVTable.aliases.count == 42)
        // The ledger's column, written by carry-over into a Chinese sheet (issue 28), reads back.
        #expect(CSVTable.canonical("已等待季度数") == "quarters_waited")
        #expect(CSVTable.canonical("最少间隔天数") == "min_gap_days")
        let extras = table("地点,开始时间,结束,联系电话,联系人\n活动室,09:00,11:00,138,王\n")
        #expect(["place", "start", "end", "phone", "contact"].map { extras.cell(0, $0) } == ["活动室", "09:00", "11:00", "138", "王"])
    }

    @Test func duplicateColumnsAreNoted() {
        #expect(table("id,name,名称\n").duplicateColumns == ["name"])
    }

    @Test func bomIsDroppedAndGB18030Decoded() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name\nA,甲\n".utf8)
        let d = TextDecoding.utf8(bom)
        #expect(d.failure == nil && d.encoding == .utf8)
        #expect(CSVTable(utf8: d.bytes).header == ["id", "name"])
        // 甲 in GB18030 is BC D7.
        let gb = TextDecoding.utf8(Array("id,name\nA,".utf8) + [0xBC, 0xD7, 0x0A])
        #expect(gb.encoding == .gb18030 && gb.failure == nil)
        #expect(CSVTable(utf8: gb.bytes).cell(0, "name") == "甲")
        let bad = TextDecoding.utf8(Array("id\nA\nB".utf8) + [0xFF, 0x0A])
        #expect(bad.failure == .undecodable(line: 3, offset: 6, byte: 0xFF))
    }

    /// Columns in another order, with extra columns, a BOM and CRLF: the same scenario as the valid fixture.
    @Test func reorderedColumnsExtraColumnsBomAndCRLFReadTheSame() throws {
        var files = InputFixtures.validFiles()
        for name in ["communities.csv", "members.csv", "projects.csv"] {
            let text = String(decoding: files[name]!, as: UTF8.self)
            let lines = text.split(separator: "\n").map { parseLine(String($0)) }
            let n = lines[0].count
            let order = Array((0..<n).reversed())
            let out = lines.enumerated().map { i, cells in
                (order.map { quote(cells[$0]) } + [i == 0 ? "备注" : quote("note \(i), ok")]).joined(separator: ",")
            }.joined(separator: "\r\n") + "\r\n"
            files[name] = [0xEF, 0xBB, 0xBF] + Array(out.utf8)
        }
        let a = try #require(InputFixtures.read(InputFixtures.validFiles()).scenario)
        let (b, diags) = InputFixtures.read(files)
        #expect(diags.isEmpty, "\(diags)")
        let s = try #require(b)
        #expect(s.communities == a.communities)
        #expect(s.projects == a.projects)
        #expect(s.members == a.members)
        #expect(s.availability == a.availability)
    }

    /// A naive split for the fixtures' simple quoting (one quoted field with commas at most).
    private func parseLine(_ line: String) -> [String] {
        var out: [String] = [], cur = "", inQ = false
        for ch in line {
            if ch == "\"" { inQ.toggle() } else if ch == ",", !inQ { out.append(cur); cur = "" } else { cur.append(ch) }
        }
        out.append(cur)
        return out
    }

    private func quote(_ s: String) -> String { s.contains(",") ? "\"\(s)\"" : s }
}

@Suite struct InputScenarioValuesTests {
    @Test func valuesOfTheValidFixture() throws {
        let s = try #require(ScenarioReader.read(path: InputFixtures.path("valid/scenario.yaml")).scenario)
        #expect(s.name == "东华门街道 2027 Q1 (test)")
        #expect(s.period == Period(quarter: "2027Q1"))
        #expect(s.settings.streetBudget == 3000)
        #expect(s.variants.map(\.name) == ["wider-circle", "no-budget"])
        #expect(try s.settings(for: "wider-circle").maxDistanceKm == 3.0)
        #expect(try s.settings(for: "no-budget").streetBudget == nil)
        #expect(try s.settings(for: "no-budget").timeLimitSeconds == 5)
        #expect(s.needs[1].category == "health")
        #expect(s.needs.map(\.weight) == [160, 90, 100, 50, 60])
        #expect(s.units[1].categories == ["children", "elderly"])
        #expect(s.units[1].minProjects == 1 && s.units[1].maxProjects == 2 && s.units[1].pairedCommunities == [])
        #expect(s.units[2].pairedCommunities == [1, 2])
        let p1 = s.projects[0]
        #expect(p1.needs == [0, 2])
        #expect(p1.candidateDates.count == 9)
        #expect(p1.lat == s.communities[0].lat && p1.lon == s.communities[0].lon)
        #expect(s.projects[1].lat == 39.9110)
        #expect(s.projects[1].skills == [SkillRequirement(tag: try #require(s.skillTags.firstIndex(of: "medical")), count: 1)])
        #expect(s.projects[2].hours == 2 && s.projects[2].cost == 0)
        #expect(s.projects[3].slot == .am)
        #expect(s.projects[3].candidateDates.map(\.iso) == ["2027-01-16", "2027-02-20"])
        #expect(s.members[0].maxSessions == nil && s.members[1].maxSessions == 2 && s.members[11].maxSessions == 0)
        #expect(s.members[2].skills.map { s.skillTags[$0] }.sorted() == ["driving", "medical"])
        #expect(Set(s.skillTags) == ["medical", "driving", "tutoring"])
        let feb10 = try #require(Day(iso: "2027-02-10"))
        #expect(s.availability.isAvailable(member: 0, day: feb10, slot: .am))
        #expect(!s.availability.isAvailable(member: 2, day: feb10, slot: .am))
        #expect(s.availability.isAvailable(member: 4, day: feb10, slot: .eve))  // wed-eve
        #expect(!s.availability.isAvailable(member: 4, day: feb10, slot: .pm))
        #expect(s.files?.members.hasSuffix("valid/members.csv") == true)
    }

    @Test func gb18030WithChineseHeadersReadsLikeItsUTF8Twin() throws {
        let a = try #require(ScenarioReader.read(path: InputFixtures.path("valid/scenario.yaml")).scenario)
        let (b, diags) = ScenarioReader.read(path: InputFixtures.path("gb18030/scenario.yaml"))
        // Only the notes that say which encoding was used, one per GB18030 list.
        #expect(!diags.isEmpty)
        #expect(diags.allSatisfy { $0.severity == .warning && $0.message.hasPrefix("read as GB18030") }, "\(diags)")
        let s = try #require(b)
        #expect(s.communities == a.communities)
        #expect(s.needs == a.needs)
        #expect(s.units == a.units)
        #expect(s.projects == a.projects)
        #expect(s.members == a.members)
        #expect(s.skillTags == a.skillTags)
        #expect(s.availability == a.availability)
        #expect(s.members[0].name == "张伟")
    }

    @Test func startAndEndInsteadOfQuarter() throws {
        var files = InputFixtures.validFiles()
        let y = String(decoding: files["scenario.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: "quarter: 2027Q1", with: "start: 2027-01-10\nend: 2027-02-09")
        files["scenario.yaml"] = Array(y.utf8)
        let (s, diags) = InputFixtures.read(files)
        let sc = try #require(s, "\(diags)")
        #expect(sc.period.dayCount == 31)
        #expect(sc.projects[3].candidateDates.map(\.iso) == ["2027-01-16"])
        #expect(diags.isEmpty, "\(diags)")
    }
}
