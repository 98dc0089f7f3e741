import Foundation
import Testing
import Workbook
@testable import Matcher

/// `match intake` (issue 34): a generated 问卷星-style export, in both multi-select layouts and
/// as CSV and .xlsx, counted against a hand count made here from the generated answers.
@Suite struct IntakeTests {
    static let communitiesFile = Repo.root.appendingPathComponent("scenarios/example-street/communities.csv").path
    static let communities: [(id: String, name: String)] = [
        ("C01", "盐运西社区"), ("C02", "广卫社区"), ("C03", "西湖路社区"), ("C04", "大南路社区"), ("C05", "惠新社区"), ("C06", "流水井社区"),
    ]
    /// The survey's need options and their categories (the example street's project categories); 其他 is not counted.
    static let options: [(String, String?)] = [
        ("下水道堵塞", "drains"), ("长者助餐", "elder-meals"), ("电动车充电", "ev-charging"), ("消防安全", "fire-safety"),
        ("邻里纠纷", "mediation"), ("老旧房屋修缮", "renovation"), ("环境卫生", "cleanup"), ("课后辅导", "tutoring"),
        ("健康义诊", "clinic"), ("法律咨询", "legal"), ("微心愿", "micro-wish"), ("其他", nil),
    ]
    static let urgencies: [(String, Int)] = [("非常急", 4), ("比较急", 3), ("不急", 1)]
    static let situations = ["70岁以上老人", "独居", "残疾人", "无"]
    static let raising: Set<String> = ["70岁以上老人", "独居", "残疾人"]

    static let qCommunity = "1、您所在的社区"
    static let qAddress = "2、您的住址（小区、楼栋、门牌）"
    static let qNeeds = "3、您家最希望解决的问题（多选）"
    static let qSituation = "4、家中是否有以下情况（多选）"
    static let qUrgency = "5、问题有多急"

    static func mapping(combine: String = "mean") -> String {
        """
        community: "\(qCommunity)"
        address: "\(qAddress)"
        needs:
          column: "\(qNeeds)"
          options:
        \(options.map { "    \($0.0): \($0.1 ?? "~")" }.joined(separator: "\n"))
        urgency:
          column: "\(qUrgency)"
          values: { \(urgencies.map { "\($0.0): \($0.1)" }.joined(separator: ", ")) }
          raise: [ { column: "\(qSituation)", any_of: [70岁以上老人, 独居, 残疾人] } ]
          combine: \(combine)

        """
    }

    /// One generated answer, as a household filled it in.
    struct Answer {
        var community: String      // as written: a name, an id or an unknown name
        var communityId: String?   // nil: unknown
        var address: String        // as written (spacing varies)
        var addressKey: String     // the household
        var time: Int              // seconds, distinct
        var needs: [String]        // options chosen
        var situation: [String]
        var urgency: String
    }

    /// Answers over the six communities: few addresses per community so households answer more
    /// than once, times out of row order, names or ids, spacing that varies, some unknown communities.
    static func answers(seed: UInt64, count: Int, cover: [(String, String)] = []) -> [Answer] {
        var rng = Xoshiro256StarStar(seed: seed)
        var out: [Answer] = []
        var used = Set<Int>()
        func time() -> Int {
            while true { let t = rng.int(0...2_000_000); if used.insert(t).inserted { return t } }
        }
        func answer(_ c: (id: String, name: String), needs: [String]) -> Answer {
            let building = rng.int(1...4), flat = rng.int(1...3) * 100 + 1
            let spaced = rng.chance(0.5)
            return Answer(community: rng.chance(0.3) ? c.id : c.name, communityId: c.id,
                          address: spaced ? "\(building)号楼 \(flat)" : "\(building)号楼\(flat)", addressKey: "\(building)-\(flat)",
                          time: time(), needs: needs, situation: situations.filter { _ in rng.chance(0.25) },
                          urgency: rng.pick(urgencies).0)
        }
        // First one answer per (community, category) to cover, each in a household of its own.
        for (k, pair) in cover.enumerated() {
            let c = communities.first { $0.id == pair.0 }!
            let option = options.first { $0.1 == pair.1 }!.0
            var a = answer(c, needs: [option])
            a.address = "覆盖\(k)号"; a.addressKey = "cover-\(k)"
            a.time = 2_100_000 + k
            out.append(a)
        }
        for _ in 0..<count {
            if rng.chance(0.06) {
                var a = answer(("C99", rng.pick(["盐运东社区", "北京路社区", "不知道"])), needs: [options[0].0])
                a.communityId = nil
                out.append(a)
                continue
            }
            let needs = options.map(\.0).filter { _ in rng.chance(0.2) }
            out.append(answer(rng.pick(communities), needs: needs))
        }
        return out
    }

    /// The hand count: households by (community, address), the latest answer winning; per
    /// community and category the households and the mean (half up) of min(5, value + 1 if raised).
    static func handCount(_ answers: [Answer]) -> [String: (households: Int, urgency: Int)] {
        var latest: [String: Answer] = [:]
        for a in answers {
            guard let c = a.communityId else { continue }
            let key = c + "|" + a.addressKey
            if let old = latest[key], old.time > a.time { continue }
            latest[key] = a
        }
        var sums: [String: (n: Int, sum: Int)] = [:]
        for a in latest.values {
            let value = urgencies.first { $0.0 == a.urgency }!.1
            let u = min(5, value + (a.situation.contains { raising.contains($0) } ? 1 : 0))
            var categories = Set<String>()
            for o in a.needs { if let c = options.first(where: { $0.0 == o })!.1 { categories.insert(c) } }
            for c in categories {
                let key = "Q-\(a.communityId!)-\(c)"
                sums[key, default: (0, 0)].n += 1
                sums[key, default: (0, 0)].sum += u
            }
        }
        return sums.mapValues { ($0.n, Int((Double($0.sum) / Double($0.n) + 0.5).rounded(.down))) }
    }

    enum Layout: String, CaseIterable { case joined, perOption }

    /// The export's rows: 问卷星's fixed columns, then the questions in `layout`.
    static func rows(_ answers: [Answer], _ layout: Layout) -> [[String]] {
        func stamp(_ t: Int) -> String {
            let d = 1 + t / 86_400, s = t % 86_400
            return String(format: "2024/5/%d %d:%02d:%02d", d, s / 3600, s / 60 % 60, s % 60)
        }
        var header = ["序号", "提交答卷时间", "所用时间", "来源", "来自IP", qCommunity, qAddress]
        switch layout {
        case .joined: header += [qNeeds, qSituation]
        case .perOption: header += options.map { "\(qNeeds)(\($0.0))" } + situations.map { "\(qSituation)(\($0))" }
        }
        header.append(qUrgency)
        var rows = [header]
        for (k, a) in answers.enumerated() {
            var row = [String(k + 1), stamp(a.time), "\(60 + k % 50)秒", "手机提交", "10.0.0.\(k % 250)(广东-广州)", a.community, a.address]
            switch layout {
            case .joined:
                row.append(a.needs.map { $0 == "其他" ? "其他〖楼道堆物〗" : $0 }.joined(separator: "┋"))
                row.append(a.situation.isEmpty ? "(跳过)" : a.situation.joined(separator: "┋"))
            case .perOption:
                row += options.map { a.needs.contains($0.0) ? "1" : "0" }
                row += situations.map { a.situation.contains($0) ? "1" : "0" }
            }
            row.append(a.urgency)
            rows.append(row)
        }
        return rows
    }

    static func write(_ rows: [[String]], xlsx: Bool, to dir: String) throws -> String {
        if xlsx {
            let path = dir + "/问卷.xlsx"
            let sheet = WorkbookSheet(name: "Sheet1", header: rows[0], rows: rows.dropFirst().map { $0.map(WorkbookCell.text) })
            try WorkbookWriter.data([sheet]).write(to: URL(fileURLWithPath: path))
            return path
        }
        let path = dir + "/问卷.csv"
        try CSVOutput(header: rows[0], rows: Array(rows.dropFirst())).data.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func run(_ rows: [[String]], xlsx: Bool, mapping: String = mapping()) throws -> Intake.Result {
        let dir = try temporaryDirectory("intake")
        let survey = try write(rows, xlsx: xlsx, to: dir)
        try mapping.write(toFile: dir + "/intake.yaml", atomically: true, encoding: .utf8)
        return try Intake.read(survey: survey, mapping: dir + "/intake.yaml", communities: communitiesFile)
    }

    @Test(arguments: Layout.allCases, [false, true])
    func householdsAndUrgencyEqualTheHandCount(_ layout: Layout, _ xlsx: Bool) throws {
        let answers = Self.answers(seed: 34, count: 400)
        let result = try Self.run(Self.rows(answers, layout), xlsx: xlsx)
        let expected = Self.handCount(answers)
        let got = Dictionary(uniqueKeysWithValues: result.needs.map { ($0.id, ($0.households, $0.urgency)) })
        #expect(got.count == expected.count)
        for (id, e) in expected {
            let g = try #require(got[id], "\(id) missing")
            #expect(g.0 == e.households && g.1 == e.urgency, "\(id): got \(g), hand count \(e)")
        }
        // Repeat answers counted once: households are fewer than answers, and the summary says how many repeated.
        let known = answers.filter { $0.communityId != nil }
        let households = Set(known.map { $0.communityId! + "|" + $0.addressKey }).count
        #expect(households < known.count, "the generated survey should have repeat answers")
        #expect(result.summary.households == households)
        #expect(result.summary.repeats == known.count - households)
        #expect(result.summary.answers == answers.count)
        // Each need's why starts with its households and names the urgency answers that sum to them.
        for n in result.needs {
            #expect(n.why.hasPrefix("\(n.households) 户；"), "\(n.why)")
            let counted = Self.urgencies.compactMap { u in n.why.firstMatch(of: try! Regex("\(u.0) (\\d+) 户")).map { Int($0.output[1].substring!)! } }
            #expect(counted.reduce(0, +) == n.households, "\(n.why)")
        }
    }

    @Test func unknownCommunitiesAreSkippedAndReportedByRow() throws {
        let answers = Self.answers(seed: 7, count: 200)
        let result = try Self.run(Self.rows(answers, .joined), xlsx: true)
        let unknownLines = answers.enumerated().filter { $0.element.communityId == nil }.map { $0.offset + 2 }
        #expect(!unknownLines.isEmpty)
        let warned = result.warnings.filter { $0.message.contains("不在社区名单中") }
        #expect(warned.compactMap(\.line) == unknownLines)
        #expect(warned.allSatisfy { $0.file.hasSuffix("问卷.xlsx#Sheet1") && $0.column == Self.qCommunity })
        // The did-you-mean: 盐运东社区 is one character from 盐运西社区.
        if let k = answers.firstIndex(where: { $0.community == "盐运东社区" }) {
            let w = try #require(warned.first { $0.line == k + 2 })
            #expect(w.message.contains("是否要写“盐运西社区”"), "\(w.message)")
            #expect(w.message.contains("（序号 \(k + 1)）"), "\(w.message)")
        }
        #expect(result.summary.skipped[.unknownCommunity] == unknownLines.count)
        #expect(result.summary.text(.zh).contains("跳过 \(unknownLines.count) 份：社区不明 \(unknownLines.count) 份"), "\(result.summary.text(.zh))")
    }

    @Test func theLaterAnswerWinsByTimeNotByRow() throws {
        // One household, three answers: the last row was submitted first.
        let header = ["序号", "提交答卷时间", Self.qCommunity, Self.qAddress, Self.qNeeds, Self.qSituation, Self.qUrgency]
        let rows = [header,
                    ["1", "2024/5/12 10:00:00", "盐运西社区", "3号楼201", "下水道堵塞", "", "不急"],
                    ["2", "2024/5/13 08:00:00", "C01", " 3号楼 201 ", "长者助餐┋课后辅导", "独居┋残疾人", "比较急"],
                    ["3", "2024/5/11 09:00:00", "盐运西", "3号楼２０１", "微心愿", "", "非常急"]]
        let r = try Self.run(rows, xlsx: false)
        #expect(r.needs.map(\.id) == ["Q-C01-elder-meals", "Q-C01-tutoring"])
        #expect(r.needs.allSatisfy { $0.households == 1 && $0.urgency == 4 })
        #expect(r.needs[0].why == "1 户；比较急 1 户；加 1：独居 1 户、残疾人 1 户（共 1 户）", "\(r.needs[0].why)")
        #expect(r.summary.repeats == 2)
    }

    @Test func maxAndMeanCombine() throws {
        let header = ["序号", Self.qCommunity, Self.qAddress, Self.qNeeds, Self.qSituation, Self.qUrgency]
        let rows = [header,
                    ["1", "广卫社区", "1号", "环境卫生", "", "非常急"],
                    ["2", "广卫社区", "2号", "环境卫生", "", "比较急"],
                    ["3", "广卫社区", "3号", "环境卫生", "70岁以上老人", "不急"],
                    ["4", "广卫社区", "4号", "环境卫生", "", "不急"]]
        // Urgencies 4, 3, 2, 1: mean 2.5 rounds half up to 3; max 4.
        let mean = try Self.run(rows, xlsx: false)
        #expect(mean.needs.map(\.urgency) == [3])
        #expect(mean.needs.first?.why.contains("平均 2.50 → 3") == true, "\(mean.needs)")
        let max = try Self.run(rows, xlsx: false, mapping: Self.mapping(combine: "max"))
        #expect(max.needs.map(\.urgency) == [4])
    }

    @Test func optionsOutsideTheMappingAreSkippedWithCounts() throws {
        let header = [Self.qCommunity, Self.qAddress, Self.qNeeds, Self.qSituation, Self.qUrgency]
        let rows = [header,
                    ["广卫社区", "1号", "环境卫生┋停车难", "", "非常急"],
                    ["广卫社区", "2号", "停车难", "", "比较急"],
                    ["广卫社区", "3号", "环境卫", "", "比较急"],
                    ["广卫社区", "", "环境卫生", "", "比较急"],
                    ["广卫社区", "5号", "环境卫生", "", "很急"]]
        let r = try Self.run(rows, xlsx: false)
        #expect(r.needs.isEmpty)
        #expect(r.summary.skipped == [.unknownOption: 3, .emptyAddress: 1, .badUrgency: 1])
        #expect(r.summary.unknownOptions.map(\.option) == ["停车难", "环境卫"])
        #expect(r.summary.unknownOptions.map(\.answers) == [2, 1])
        #expect(r.warnings.map { $0.line ?? 0 } == [2, 3, 4, 5, 6])
        #expect(r.warnings[2].message.contains("是否要写“环境卫生”"), "\(r.warnings[2])")
    }

    @Test func brokenMappingsAreErrorsNamingTheKey() throws {
        let rows = Self.rows(Self.answers(seed: 1, count: 5), .joined)
        func errors(_ yaml: String) -> [Diagnostic] {
            do { _ = try Self.run(rows, xlsx: false, mapping: yaml); return [] } catch let e as InputError { return e.diagnostics } catch { return [] }
        }
        let lacking = errors(Self.mapping().replacingOccurrences(of: "column: \"\(Self.qUrgency)\"", with: "column: \"5、问题多急\""))
        #expect(lacking.count == 1)
        #expect(lacking.first?.message.contains("没有列“5、问题多急”（是否要写“5、问题有多急”？）") == true, "\(lacking)")
        let unknownKey = errors(Self.mapping() + "colour: red\n")
        #expect(unknownKey.first?.column == "colour")
        let unused = errors(Self.mapping() + "categories: { drains: 下水道, trees: 绿化 }\n")
        #expect(unused.contains { $0.message.contains("没有任何选项归入类别“trees”") }, "\(unused)")
        #expect(unused.contains { $0.message.contains("不在 categories 中") }, "\(unused)")
    }

    // MARK: through the command line

    func match(_ args: [String]) throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.match), "no match executable")
        return try MatcherTests.run(CommandLineTests.match, args)
    }

    @Test func aBrokenMappingExits65AndWritesNothing() throws {
        let dir = try temporaryDirectory("intake-cli")
        let survey = try Self.write(Self.rows(Self.answers(seed: 2, count: 30), .perOption), xlsx: true, to: dir)
        try (Self.mapping() + "colour: red\n").write(toFile: dir + "/intake.yaml", atomically: true, encoding: .utf8)
        try "old\n".write(toFile: dir + "/needs.csv", atomically: true, encoding: .utf8)
        let r = try match(["intake", survey, "--map", dir + "/intake.yaml", "--communities", Self.communitiesFile, "--out", dir + "/needs.csv"])
        #expect(r.status == 65, "\(r.output)")
        let line = Self.mapping().filter { $0 == "\n" }.count + 1
        #expect(r.output.contains("intake.yaml:\(line): error: colour: 未知的键“colour”"), "\(r.output)")
        #expect(try String(contentsOfFile: dir + "/needs.csv", encoding: .utf8) == "old\n")
        let unreadable = try match(["intake", dir + "/none.xlsx", "--map", dir + "/intake.yaml", "--communities", Self.communitiesFile, "--out", dir + "/n2.csv"])
        #expect(unreadable.status == 65)
        #expect(!FileManager.default.fileExists(atPath: dir + "/n2.csv"))
        // The template is a mapping that reads.
        let t = try match(["intake", "--template"])
        #expect(t.status == 0)
        #expect(IntakeMapping.parse(t.output, file: "t.yaml").mapping != nil)
    }

    /// The survey-to-plan path: intake writes needs.csv into the example street, the projects list
    /// the survey's needs, and the scenario validates, solves, and the plan passes checkplan.py.
    @Test func aScenarioWhoseNeedsCameFromIntakeValidatesAndSolves() throws {
        let dir = try temporaryDirectory("intake-scenario")
        let source = Repo.root.appendingPathComponent("scenarios/example-street").path
        for f in ["scenario.yaml", "communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv"] {
            try FileManager.default.copyItem(atPath: source + "/" + f, toPath: dir + "/" + f)
        }
        let projects = try Intake.readTable(dir + "/projects.csv")
        let pc = try #require(projects.column(["community"])), pk = try #require(projects.column(["category"])), pn = try #require(projects.column(["needs"]))
        let pairs = projects.rows.map { ($0[pc], $0[pk]) }
        let answers = Self.answers(seed: 11, count: 150, cover: pairs)
        let survey = try Self.write(Self.rows(answers, .joined), xlsx: true, to: dir)
        try Self.mapping().write(toFile: dir + "/intake.yaml", atomically: true, encoding: .utf8)
        // A need entered by hand stays through --merge; the survey's replace the old ones.
        try "id,community,category,title,households,urgency\nH1,C01,drains,手工录入：3号楼化粪池,48,5\nQ-C06-gone,C06,legal,旧的问卷需求,3,3\n"
            .write(toFile: dir + "/needs.csv", atomically: true, encoding: .utf8)
        let refused = try match(["intake", survey, "--map", dir + "/intake.yaml", "--communities", dir + "/communities.csv", "--out", dir + "/needs.csv"])
        #expect(refused.status == 73, "a list with needs entered by hand is not overwritten: \(refused.output)")
        for _ in 0..<2 {
            let r = try match(["intake", survey, "--map", dir + "/intake.yaml", "--communities", dir + "/communities.csv", "--merge", dir + "/needs.csv"])
            #expect(r.status == 0, "\(r.output)")
        }
        let needs = try Intake.readTable(dir + "/needs.csv")
        let ids = needs.rows.map { $0[0] }
        #expect(ids.first == "H1")
        #expect(!ids.contains("Q-C06-gone"))
        #expect(Set(ids).count == ids.count, "merging twice duplicates nothing")
        let expected = Self.handCount(answers)
        #expect(Set(ids.dropFirst()) == Set(expected.keys))
        // Projects list the survey's need of their community and category (P01 also the hand-entered one).
        var lines = [projects.header.map(CSVOutput.quote).joined(separator: ",")]
        for row in projects.rows {
            var cells = row
            cells[pn] = "Q-\(row[pc])-\(row[pk])" + (row[0] == "P01" ? ";H1" : "")
            lines.append(cells.map(CSVOutput.quote).joined(separator: ","))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/projects.csv", atomically: true, encoding: .utf8)
        let v = try match(["validate", dir + "/scenario.yaml"])
        #expect(v.status == 0, "\(v.output)")
        let s = try match(["solve", dir + "/scenario.yaml", "--out", dir + "/out", "--quiet", "--time-limit", "30"])
        #expect(s.status == 0, "\(s.output)")
        let plan = try PlanJSON.read(path: dir + "/out/plan.json")
        #expect(Set(plan.needs.map(\.id)) == Set(ids))
        #expect(plan.needs.contains { $0.covered })
        if let check = try independentCheck(scenario: dir + "/scenario.yaml", plan: dir + "/out/plan.json") {
            #expect(check.ok, "checkplan.py: \(check.result?.violations ?? [])")
        }
    }
}
