import Foundation
import Testing
@testable import Matcher

/// Where `match solve` writes without `--out`, the guard against overwriting another
/// scenario's plan, `--lang`, and the optional columns carried into the outputs.
@Suite struct OutputLocationTests {
    static let lists = ["communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv"]

    /// A copy of a fixture scenario in `dir/folder/scenario.yaml`, renamed `name`.
    func scenario(from fixture: String, in dir: String, folder: String, name: String) throws -> String {
        let target = dir + "/" + folder
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for file in Self.lists {
            try FileManager.default.copyItem(atPath: Repo.fixture(fixture + "/" + file), toPath: target + "/" + file)
        }
        var yaml = try String(contentsOfFile: Repo.fixture(fixture + "/scenario.yaml"), encoding: .utf8)
        let first = try #require(yaml.split(separator: "\n").first { $0.hasPrefix("name:") })
        yaml = yaml.replacingOccurrences(of: String(first), with: "name: \"\(name)\"")
        try yaml.write(toFile: target + "/scenario.yaml", atomically: true, encoding: .utf8)
        return folder + "/scenario.yaml"
    }

    func match(_ args: [String], cwd: String) throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.match))
        return try run(CommandLineTests.match, args, cwd: cwd)
    }

    func planName(_ path: String) throws -> String { try PlanJSON.read(path: path).scenario }

    /// A file's text with its byte-order mark (Foundation's String(contentsOfFile:) drops it).
    func bytesText(_ path: String) throws -> String { String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) }

    @Test func defaultFolderFollowsTheScenarioFolder() {
        #expect(OutputLocation.defaultFolder(scenarioFile: "q1/scenario.yaml", variant: "base") == "out/q1/base")
        #expect(OutputLocation.defaultFolder(scenarioFile: "/data/2027/q2/scenario.yaml", variant: "wider") == "out/q2/wider")
        #expect(OutputLocation.defaultFolder(scenarioFile: "plans/q3.yaml", variant: "base") == "out/plans-q3/base")
    }

    @Test func twoScenariosInTwoFoldersKeepTwoPlans() throws {
        let dir = try temporaryDirectory("match-folders")
        let q1 = try scenario(from: "solve/single", in: dir, folder: "q1", name: "街道 Q1")
        let q2 = try scenario(from: "solve/single", in: dir, folder: "q2", name: "街道 Q2")
        let a = try match(["solve", q1, "--quiet"], cwd: dir)
        #expect(a.status == 0, "\(a.output)")
        let b = try match(["solve", q2, "--quiet"], cwd: dir)
        #expect(b.status == 0, "\(b.output)")
        #expect(try planName(dir + "/out/q1/base/plan.json") == "街道 Q1")
        #expect(try planName(dir + "/out/q2/base/plan.json") == "街道 Q2")
        // Solving Q1 again is fine: the folder holds Q1's own plan.
        #expect(try match(["solve", q1, "--quiet"], cwd: dir).status == 0)
    }

    @Test func refusesToOverwriteAnotherScenariosPlanUnlessForced() throws {
        let dir = try temporaryDirectory("match-clash")
        let first = try scenario(from: "solve/single", in: dir, folder: "a/q", name: "first")
        let second = try scenario(from: "solve/single", in: dir, folder: "b/q", name: "second")
        #expect(try match(["solve", first, "--quiet"], cwd: dir).status == 0)
        let refused = try match(["solve", second, "--quiet"], cwd: dir)
        #expect(refused.status == 73)
        #expect(refused.output.contains("out/q/base: error: holds the plan of another scenario ('first')"), "\(refused.output)")
        #expect(refused.output.contains("--force"))
        #expect(try planName(dir + "/out/q/base/plan.json") == "first")
        let forced = try match(["solve", second, "--quiet", "--force"], cwd: dir)
        #expect(forced.status == 0, "\(forced.output)")
        #expect(try planName(dir + "/out/q/base/plan.json") == "second")
    }

    @Test func langEnglishGivesEnglishHeadersAndSummary() throws {
        let dir = try temporaryDirectory("match-lang")
        let r = try match(["solve", Repo.fixture("solve/single/scenario.yaml"), "--out", dir + "/en", "--lang", "en", "--quiet"], cwd: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("needs covered"))
        let projects = try bytesText(dir + "/en/projects.csv")
        #expect(projects.hasPrefix("\u{FEFF}id,title,community,"))
        let z = try match(["solve", Repo.fixture("solve/single/scenario.yaml"), "--out", dir + "/zh", "--lang", "zh", "--quiet"], cwd: dir)
        #expect(z.output.contains("满足需求"), "\(z.output)")
        #expect(try bytesText(dir + "/zh/roster.csv").hasPrefix("\u{FEFF}党员编号,姓名,"))
    }

    /// The example street with places, phones, a contact and `slot_times` added: they reach
    /// the roster, the notices, the calendar and the dispatch pages.
    @Test func placesPhonesAndSlotTimesAreCarriedThrough() throws {
        let dir = try temporaryDirectory("match-extras")
        let example = Repo.root.appendingPathComponent("scenarios/example-street").path
        func addColumns(_ file: String, _ header: String, _ value: (Int, String) -> String) throws {
            let text = try String(contentsOfFile: example + "/" + file, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var out: [String] = []
            for (i, line) in lines.enumerated() {
                if line.isEmpty { out.append(""); continue }
                out.append(i == 0 ? line + "," + header : line + "," + value(i, String(line.prefix { $0 != "," })))
            }
            try out.joined(separator: "\n").write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        }
        for file in ["communities.csv", "needs.csv"] {
            try FileManager.default.copyItem(atPath: example + "/" + file, toPath: dir + "/" + file)
        }
        try addColumns("projects.csv", "地点,开始") { _, id in id == "P01" ? "盐运西社区党群服务中心,08:00" : "\(id)活动室," }
        try addColumns("members.csv", "电话,工号") { i, _ in "1380000\(String(format: "%04d", i)),E\(i)" }
        try addColumns("units.csv", "联系人,电话") { i, _ in "联络员\(i),020-8000\(String(format: "%04d", i))" }
        var yaml = try String(contentsOfFile: example + "/scenario.yaml", encoding: .utf8)
        yaml += "slot_times: { am: \"08:30-11:00\", eve: \"19:30-21:00\" }\n"
        try yaml.write(toFile: dir + "/scenario.yaml", atomically: true, encoding: .utf8)

        let sc = try ScenarioReader.load(path: dir + "/scenario.yaml").scenario
        #expect(sc.slotTimes.am.description == "08:30-11:00")
        #expect(sc.slotTimes.pm.description == "14:30-17:00", "a slot not given keeps its default")
        #expect(sc.extras.memberColumns == ["工号"])
        var options = SolveOptions(settings: sc.settings)
        options.timeLimitSeconds = 20
        let result = try Solver.solve(sc, options: options)
        let out = dir + "/out"
        try PlanWriter.write(result.plan, scenario: sc, settings: sc.settings, report: .zh,
                             projectReasons: result.projectReasons, to: out)

        let ids = ScenarioIds(sc)
        let a = try #require(result.plan.assignments.first { $0.project == "P01" })
        let m = try #require(ids.members[a.member])
        let roster = try bytesText(out + "/roster.csv")
        #expect(roster.hasPrefix("\u{FEFF}党员编号,姓名,单位编号,单位,项目编号,项目,社区编号,日期,时段,距离（公里）,时长,星期,时间,地点,电话,工号\r\n"))
        #expect(roster.contains(",P01,") && roster.contains("08:00-11:00,盐运西社区党群服务中心,\(sc.extras.phone(member: m)),E"))
        let notices = try String(contentsOfFile: out + "/notices.csv", encoding: .utf8)
        #expect(notices.contains("\(sc.members[m].name)同志：请于2027年"))
        #expect(notices.contains("上午8:00到盐运西社区（盐运西社区党群服务中心）参加「盐运西下水道疏通行动」"), "project start overrides the slot time")
        let lead = try #require(result.plan.projects.first { $0.id == "P01" }?.leadUnit)
        let u = try #require(ids.units[lead])
        #expect(notices.contains("联系人：\(sc.extras.contact(unit: u)) \(sc.extras.phone(unit: u))"))
        let ics = try String(contentsOfFile: out + "/sessions.ics", encoding: .utf8)
        #expect(ics.contains("DTSTART;TZID=Asia/Shanghai:\(a.date.replacingOccurrences(of: "-", with: ""))T080000\r\n"))
        let other = try #require(result.plan.projects.first { p in sc.projects[ids.projects[p.id]!].slot == .am && p.id != "P01" })
        #expect(ics.contains("DTSTART;TZID=Asia/Shanghai:\(other.dates[0].replacingOccurrences(of: "-", with: ""))T083000\r\n"))
        let page = try String(contentsOfFile: out + "/dispatch/" + DispatchPages.unitFile(lead), encoding: .utf8)
        // The lead unit's page: its contact; the member's phone whole only if the member is its own (issue 30).
        let own = sc.members[m].unit == u
        #expect(page.contains(sc.extras.contact(unit: u))
            && page.contains(own ? sc.extras.phone(member: m) : PhoneMask.masked(sc.extras.phone(member: m))))
        let memberPage = try String(contentsOfFile: out + "/dispatch/" + DispatchPages.unitFile(sc.units[sc.members[m].unit].id), encoding: .utf8)
        #expect(memberPage.contains(sc.extras.phone(member: m)), "whole on the member's own unit's page")
    }

    @Test func badTimesAreInputErrors() throws {
        var files = InputFixtures.validFiles()
        let projects = String(decoding: files["projects.csv"]!, as: UTF8.self)
        var lines = projects.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] += ",start,end"
        lines[1] += ",9:00,8:00"
        lines[2] += ",25:00,"
        for i in 3..<lines.count where !lines[i].isEmpty { lines[i] += ",," }
        files["projects.csv"] = Array(lines.joined(separator: "\n").utf8)
        files["scenario.yaml"]! += Array("slot_times: { am: \"11:00-09:00\" }\n".utf8)
        let (scenario, diagnostics) = InputFixtures.read(files)
        #expect(scenario == nil)
        let text = diagnostics.map(\.description)
        #expect(text.contains { $0.contains("projects.csv:2") && $0.contains("end") && $0.contains("08:00 is not after start 09:00") }, "\(text)")
        #expect(text.contains { $0.contains("projects.csv:3") && $0.contains("'25:00' is not a time of day") }, "\(text)")
        #expect(text.contains { $0.contains("slot_times.am") && $0.contains("'11:00-09:00'") }, "\(text)")
    }
}
