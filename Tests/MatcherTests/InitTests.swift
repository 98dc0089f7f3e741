import Foundation
import Testing
@testable import Matcher

/// `match init`: the template validates with its example rows, and again once more rows are filled in.
@Suite struct InitTests {
    static let forms: [(ReportLanguage, Bool)] = [(.zh, false), (.zh, true), (.en, false), (.en, true)]

    static func write(_ lang: ReportLanguage, workbook: Bool) throws -> (dir: String, files: [String]) {
        let dir = try temporaryDirectory("init")
        let files = try ScenarioTemplate.files(quarter: "2027Q1", lang: lang, workbook: workbook)
        for f in files { try Data(f.bytes).write(to: URL(fileURLWithPath: dir + "/" + f.name)) }
        return (dir, files.map(\.name))
    }

    @Test(arguments: forms)
    func exampleRowsValidate(_ lang: ReportLanguage, _ workbook: Bool) throws {
        let (dir, names) = try Self.write(lang, workbook: workbook)
        #expect(names.count == (workbook ? 2 : 6))
        let (scenario, diagnostics) = ScenarioReader.read(path: dir + "/scenario.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let s = try #require(scenario)
        let counts: [Int] = [s.communities.count, s.needs.count, s.units.count, s.projects.count, s.members.count]
        #expect(counts == [1, 1, 1, 1, 1])
        let plan = try Solver.solve(s, options: SolveOptions(settings: s.settings)).plan
        #expect(plan.projects.map(\.id) == ["P01"])
        let yaml = try String(contentsOfFile: dir + "/scenario.yaml", encoding: .utf8)
        #expect(yaml.contains(lang == .zh ? "# 五张名单的位置" : "# Where the five lists are"))
    }

    /// Filled in: a second need, project and member typed below the examples, in the template's own language.
    @Test(arguments: [ReportLanguage.zh, .en])
    func filledInCSVsValidate(_ lang: ReportLanguage) throws {
        let (dir, _) = try Self.write(lang, workbook: false)
        let zh = lang == .zh
        func append(_ file: String, _ row: String) throws {
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/" + file))
            h.seekToEndOfFile(); h.write(Data((row + "\n").utf8)); try h.close()
        }
        try append("needs.csv", zh ? "N02,C01,环境,楼道清理,30,3" : "N02,C01,cleanup,Stairwells,30,3")
        try append("projects.csv", zh ? "P02,楼道大扫除,C01,环境,N02,1,逢六,下午,1,2,2,0," : "P02,Stairwells,C01,cleanup,N02,1,\"monthday:6,16,26\",pm,1,2,2,0,")
        try append("members.csv", zh ? "M02,李四,U01,C01,23.1302,113.2602,,每天、！2027年1月16日,2" : "M02,Li Si,U01,C01,23.1302,113.2602,,any;!2027-01-16,2")
        let (scenario, diagnostics) = ScenarioReader.read(path: dir + "/scenario.yaml")
        #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
        let s = try #require(scenario)
        #expect(s.projects.count == 2)
    }

    /// A real reader (openpyxl) opens the template workbook and finds the five sheets and their headers.
    @Test func openpyxlReadsTheTemplateWorkbook() throws {
        let (dir, names) = try Self.write(.zh, workbook: true)
        let script = "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print('|'.join(wb.sheetnames)); print('|'.join(str(c.value) for c in wb['项目'][1]))"
        let r = try run("/usr/bin/python3", ["-c", script, dir + "/" + names[1]])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("社区|需求|单位|项目|党员"))
        #expect(r.output.contains("编号|标题|社区|类别|需求|场次|日期|时段|最少人数|最多人数|时长|费用|技能"))
    }

    @Test func commandPrintsTheNextStepAndNeverOverwrites() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.match))
        let dir = try temporaryDirectory("init") + "/new"
        let first = try run(CommandLineTests.match, ["init", dir, "--xlsx"])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("match validate \(dir)/scenario.yaml"))
        #expect(FileManager.default.fileExists(atPath: dir + "/名单.xlsx"))
        let again = try run(CommandLineTests.match, ["init", dir, "--xlsx"])
        #expect(again.status == 73)
        #expect(again.output.contains("already exists"))
        let check = try run(CommandLineTests.match, ["validate", dir + "/scenario.yaml"])
        #expect(check.status == 0, "\(check.output)")
    }
}
