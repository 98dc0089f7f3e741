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
        #expect(counts == [1, 2, 1, 2, 2])
        let plan = try Solver.solve(s, options: SolveOptions(settings: s.settings)).plan
        #expect(plan.projects.map(\.id) == ["P01", "P02"])
        #expect(s.members.map(\.placedAtCommunity) == [false, true])
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
        try append("needs.csv", zh ? "N03,C01,环境,垃圾分类,30,3" : "N03,C01,cleanup,Recycling,30,3")
        try append("projects.csv", zh ? "P03,垃圾分类宣传,C01,环境,N03,1,逢六,下午,1,2,2,0," : "P03,Recycling,C01,cleanup,N03,1,\"monthday:6,16,26\",pm,1,2,2,0,")
        try append("members.csv", zh ? "M03,王五,U01,C01,23.1302,113.2602,,每天、！2027年1月16日,2" : "M03,Wang Wu,U01,C01,23.1302,113.2602,,any;!2027-01-16,2")
        let (scenario, diagnostics) = ScenarioReader.read(path: dir + "/scenario.yaml")
        #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
        let s = try #require(scenario)
        #expect(s.projects.count == 3)
    }

    /// A real reader (openpyxl) opens the template workbook and finds the five sheets and their headers.
    @Test func openpyxlReadsTheTemplateWorkbook() throws {
        let (dir, names) = try Self.write(.zh, workbook: true)
        let script = "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print('|'.join(wb.sheetnames)); print('|'.join(str(c.value) for c in wb['项目'][1]))"
        let r = try run("/usr/bin/python3", ["-c", script, dir + "/" + names[1]])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("说明|社区|需求|单位|项目|党员"))
        #expect(r.output.contains("编号|标题|社区|类别|需求|场次|日期|时段|最少人数|最多人数|时长|费用|技能|地点|最少间隔天数"))
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

    /// What a planner sees in Excel, read with openpyxl: the guide sheet first, no number stored
    /// as text, number and date cells, a frozen header and widths on every list sheet, drop-down
    /// lists for the slot and urgency, and the optional columns with an example.
    @Test(arguments: [ReportLanguage.zh, .en])
    func openpyxlSeesATemplateAPlannerCanFill(_ lang: ReportLanguage) throws {
        let (dir, names) = try Self.write(lang, workbook: true)
        let script = """
            import openpyxl, sys, json, datetime, re
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {"sheets": wb.sheetnames, "lists": {}}
            for ws in wb.worksheets:
                rows = [[c.value for c in r] for r in ws.iter_rows()]
                kinds = [[type(v).__name__ for v in r] for r in rows]
                out["lists"][ws.title] = {
                    "freeze": ws.freeze_panes, "header": rows[0],
                    "kinds": kinds[1:],
                    "textNumbers": [v for r in rows[1:] for v in r if isinstance(v, str) and re.fullmatch(r"[-+]?[0-9]+([.][0-9]+)?", v.strip())],
                    "widths": [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(len(rows[0]))],
                    "validations": [[str(v.sqref), v.type, v.formula1] for v in ws.data_validations.dataValidation],
                    "guide": [[str(x) if x is not None else "" for x in r] for r in rows[1:]],
                }
            print(json.dumps(out, ensure_ascii=False))
            """
        let r = try run("/usr/bin/python3", ["-c", script, dir + "/" + names[1]])
        #expect(r.status == 0, "\(r.output)")
        struct Sheet: Decodable {
            var freeze: String?; var header: [String]; var kinds: [[String]]; var textNumbers: [String]
            var widths: [Double?]; var validations: [[String]]; var guide: [[String]]
        }
        struct Book: Decodable { var sheets: [String]; var lists: [String: Sheet] }
        let book = try JSONDecoder().decode(Book.self, from: Data((r.output.split(separator: "\n").last ?? "").utf8))
        let zh = lang == .zh
        #expect(book.sheets == (zh ? ["说明", "社区", "需求", "单位", "项目", "党员"] : ["Guide", "communities", "needs", "units", "projects", "members"]))
        let numeric: Set<String> = zh ? ["纬度", "经度", "户数", "紧急程度", "资金", "最少项目", "最多项目", "场次", "最少人数", "最多人数", "时长", "费用", "最少间隔天数", "最多场次", "最少场次"]
                                      : ["lat", "lon", "households", "urgency", "funds", "min_projects", "max_projects", "sessions", "min_volunteers", "max_volunteers", "hours", "cost", "min_gap_days", "max_sessions", "min_sessions"]
        var columns = 0
        for name in book.sheets.dropFirst() {
            let sheet = try #require(book.lists[name])
            columns += sheet.header.count
            #expect(sheet.freeze == "A2", "\(name): header not frozen")
            #expect(sheet.textNumbers.isEmpty, "\(name): numbers stored as text: \(sheet.textNumbers)")
            #expect(sheet.widths.allSatisfy { ($0 ?? 0) >= 8 }, "\(name): widths \(sheet.widths)")
            for (c, h) in sheet.header.enumerated() where numeric.contains(h) {
                for row in sheet.kinds {
                    #expect(["int", "float", "NoneType"].contains(row[c]), "\(name).\(h) is a \(row[c]) cell")
                }
                #expect(sheet.kinds.contains { ["int", "float"].contains($0[c]) }, "\(name).\(h) has no number example")
            }
        }
        let projects = try #require(book.lists[zh ? "项目" : "projects"])
        let dates = try #require(projects.header.firstIndex(of: zh ? "日期" : "dates"))
        #expect(projects.kinds.map { $0[dates] } == ["str", "datetime"])
        #expect(projects.validations.contains { $0 == ["H2:H1048576", "list", zh ? "\"上午,下午,晚上\"" : "\"am,pm,eve\""] }, "\(projects.validations)")
        let needs = try #require(book.lists[zh ? "需求" : "needs"])
        #expect(needs.validations.contains { $0 == ["F2:F1048576", "list", "\"1,2,3,4,5\""] }, "\(needs.validations)")
        let optional = zh ? [("单位", "电话"), ("单位", "联系人"), ("项目", "地点"), ("项目", "最少间隔天数"), ("党员", "最少场次"), ("党员", "电话")]
                          : [("units", "phone"), ("units", "contact"), ("projects", "place"), ("projects", "min_gap_days"), ("members", "min_sessions"), ("members", "phone")]
        for (list, column) in optional {
            let sheet = try #require(book.lists[list])
            let c = try #require(sheet.header.firstIndex(of: column), "\(list) has no \(column)")
            #expect(sheet.kinds.contains { $0[c] != "NoneType" }, "\(list).\(column) has no example")
        }
        // The guide: one line per column of every list, each with what it holds and an example.
        let guide = try #require(book.lists[zh ? "说明" : "Guide"]).guide
        #expect(guide.count == columns)
        #expect(guide.allSatisfy { $0.count == 5 && !$0[3].isEmpty && !$0[4].isEmpty }, "\(guide)")
        #expect(guide.contains { $0[1] == (zh ? "纬度" : "lat") && $0[0] == (zh ? "党员" : "members") && $0[2] == (zh ? "可空" : "optional") })
    }

    /// `match init --xlsx`, then solve its example rows: the plan passes the contract's checker
    /// (which reads CSV with English headers, so the lists are copied out of the workbook by openpyxl).
    @Test func templateExamplesSolveAndPassTheChecker() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.match))
        let dir = try temporaryDirectory("init") + "/t"
        let initialised = try run(CommandLineTests.match, ["init", dir, "--xlsx", "--lang", "en"])
        #expect(initialised.status == 0, "\(initialised.output)")
        let solve = try run(CommandLineTests.match, ["solve", dir + "/scenario.yaml", "--out", dir + "/plan", "--quiet"])
        #expect(solve.status == 0, "\(solve.output)")
        let plan = try PlanJSON.read(path: dir + "/plan/plan.json")
        #expect(plan.status == .optimal)
        #expect(plan.projects.count == 2)
        let validate = try run(CommandLineTests.match, ["validate", dir + "/scenario.yaml"])
        #expect(validate.output.contains("1 member has no coordinates and is placed at their community"), "\(validate.output)")
        let script = """
            import openpyxl, sys, csv, datetime, re
            d = sys.argv[1]
            wb = openpyxl.load_workbook(d + "/lists.xlsx")
            for ws in wb.worksheets[1:]:
                with open(d + "/" + ws.title + ".csv", "w", newline="", encoding="utf-8") as f:
                    w = csv.writer(f)
                    for r in ws.iter_rows(values_only=True):
                        w.writerow(["" if v is None else v.date().isoformat() if isinstance(v, datetime.datetime)
                                    else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in r])
            y = open(d + "/scenario.yaml", encoding="utf-8").read()
            y = re.sub(r'"lists[.]xlsx#([a-z]+)"', lambda m: m.group(1) + ".csv", y)
            open(d + "/checker.yaml", "w", encoding="utf-8").write(y)
            """
        let copy = try run("/usr/bin/python3", ["-c", script, dir])
        #expect(copy.status == 0, "\(copy.output)")
        if let check = try independentCheck(scenario: dir + "/checker.yaml", plan: dir + "/plan/plan.json") {
            #expect(check.ok, "\(String(describing: check.result))")
        }
    }

    /// A `data:` entry naming the workbook without a sheet passes over the guide sheet.
    @Test func aWorkbookWithoutASheetNameSkipsTheGuide() throws {
        let (dir, names) = try Self.write(.zh, workbook: true)
        let yamlPath = dir + "/scenario.yaml"
        var yaml = try String(contentsOfFile: yamlPath, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "\"\(names[1])#社区\"", with: names[1])
        try yaml.write(toFile: yamlPath, atomically: true, encoding: .utf8)
        let (scenario, diagnostics) = ScenarioReader.read(path: yamlPath)
        #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
        #expect(try #require(scenario).communities.map(\.id) == ["C01"])
    }
}
