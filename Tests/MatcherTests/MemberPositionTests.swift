import Foundation
import Testing
@testable import Ledger
@testable import Matcher

/// Contract v3: a member's lat/lon may both be empty; the member then stands at their
/// community's coordinates everywhere a position is used. One of the two alone is an error.
@Suite struct MemberPositionTests {
    /// The valid fixture's members.csv with some rows' coordinate cells replaced.
    static func members(_ edit: (inout [[String]]) -> Void, header: String? = nil) -> [UInt8] {
        let text = String(decoding: InputFixtures.bytes("valid/members.csv"), as: UTF8.self)
        var rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        if let header { rows[0] = header.split(separator: ",").map(String.init) }
        edit(&rows)
        return Array(rows.map { $0.joined(separator: ",") }.joined(separator: "\n").appending("\n").utf8)
    }

    @Test func bothEmptyStandsAtTheCommunity() throws {
        var files = InputFixtures.validFiles()
        // M05 (row 6, community C02) and M09 (row 10, C03) without coordinates.
        files["members.csv"] = Self.members { rows in for r in [5, 9] { rows[r][4] = ""; rows[r][5] = "" } }
        let (scenario, diagnostics) = InputFixtures.read(files)
        #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
        let s = try #require(scenario)
        let placed = s.members.filter(\.placedAtCommunity)
        #expect(placed.map(\.id) == ["M05", "M09"])
        for m in placed {
            let c = s.communities[m.community]
            #expect(m.lat == c.lat && m.lon == c.lon, "\(m.id) at \(m.lat),\(m.lon), community \(c.id) at \(c.lat),\(c.lon)")
        }
        #expect(s.members.first { $0.id == "M01" }.map { !$0.placedAtCommunity && $0.lat == 39.9101 } == true)
    }

    @Test func noCoordinateColumnsAtAll() throws {
        var files = InputFixtures.validFiles()
        files["members.csv"] = Self.members { rows in for r in rows.indices { rows[r].remove(at: 5); rows[r].remove(at: 4) } }
        let (scenario, diagnostics) = InputFixtures.read(files)
        #expect(diagnostics.filter(\.isError).isEmpty, "\(diagnostics)")
        #expect(try #require(scenario).members.allSatisfy(\.placedAtCommunity))
    }

    /// A half-filled pair is an error naming file, row, the empty column and the value that is there.
    @Test(arguments: [
        ("id,name,unit,community,lat,lon,skills,availability,max_sessions", "members.csv:4: error: lon: lat is '39.9110' but lon is empty; fill in both, or leave both empty to place the member at their community"),
        ("编号,姓名,单位,社区,纬度,经度,技能,可服务时间,最多场次", "members.csv:4: error: lon: 纬度填了“39.9110”，经度却是空的；请两项都填，或都留空（按所在社区位置计算）"),
    ])
    func halfFilledPairIsAnError(_ header: String, _ expected: String) throws {
        var files = InputFixtures.validFiles()
        files["members.csv"] = Self.members({ rows in rows[3][5] = ""; rows[7][4] = "" }, header: header)
        let (scenario, diagnostics) = InputFixtures.read(files)
        #expect(scenario == nil)
        let errors = diagnostics.filter(\.isError).map(\.description)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.contains { $0.hasSuffix(expected) }, "\(errors)")
        #expect(errors.contains { $0.contains("members.csv:8: error: lat: ") && $0.contains("116.4000") }, "\(errors)")
    }

    /// Half the members of a generated street without coordinates: match's plan is the optimum of
    /// the exported model (glpsol, exact) and passes the independent checker, which places those
    /// members at their community by its own reading of the lists; validate counts them.
    @Test func halfWithoutCoordinatesSolvesToTheExactOptimumAndPassesTheChecker() throws {
        let match = CommandLineTests.match
        try #require(FileManager.default.isExecutableFile(atPath: match), "no match executable at \(match)")
        let glpsol = try #require(["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                  "glpsol is not installed (apt-get install glpk-utils)")
        let dir = try temporaryDirectory("coords")
        let gen = try run(match, ["generate", "--seed", "5", "--streets", "1", "--communities", "3", "--units", "5", "--needs", "10",
                                  "--projects", "5", "--members", "40", "--members-without-coordinates", "0.5", "--out", dir + "/s"])
        #expect(gen.status == 0, "\(gen.output)")
        let scenarioPath = dir + "/s/scenario.yaml"

        // The lists themselves: how many members have both cells empty (counted apart from match's reader).
        let csv = try String(contentsOfFile: dir + "/s/members.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let empty = csv.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[4...5].allSatisfy(\.isEmpty) }.count
        #expect(empty > 10 && empty < 30, "\(empty) of \(csv.count) without coordinates")
        let s = try ScenarioReader.load(path: scenarioPath).scenario
        #expect(s.members.filter(\.placedAtCommunity).count == empty)

        let validate = try run(match, ["validate", scenarioPath])
        #expect(validate.status == 0, "\(validate.output)")
        // The generated lists are Chinese: the note is in Chinese.
        #expect(validate.output.contains("\n\(empty) 名党员未填坐标，按所在社区位置计算\n"), "\(validate.output)")

        let out = dir + "/plan"
        let solve = try run(match, ["solve", scenarioPath, "--variant", "base", "--out", out, "--quiet", "--export-model", dir + "/model.lp"])
        #expect(solve.status == 0, "\(solve.output)")
        let plan = try PlanJSON.read(path: out + "/plan.json")
        #expect(plan.status == .optimal)
        let placedIds = Set(s.members.filter(\.placedAtCommunity).map(\.id))
        #expect(plan.assignments.contains { placedIds.contains($0.member) }, "the plan staffs no member placed at their community")

        let g = try run(glpsol, ["--lp", dir + "/model.lp", "-o", dir + "/sol.txt"])
        #expect(g.status == 0, "\(g.output)")
        let text = try String(contentsOfFile: dir + "/sol.txt", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Objective:") })
        let exact = try #require(line.split(separator: "=").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(abs(exact - plan.objective) <= 1e-4 * max(1, abs(exact)), "glpsol \(exact), match \(plan.objective)")

        if let check = try independentCheck(scenario: scenarioPath, plan: out + "/plan.json") {
            #expect(check.ok, "\(String(describing: check.result))")
            if let r = check.result { #expect(abs(r.objective - plan.objective) < 1e-6 * max(1, abs(plan.objective))) }
        }
    }

    @Test func generatorWritesMembersWithoutCoordinatesOnlyWhenAsked() throws {
        var config = GeneratorConfig(streets: 1, communities: 3, units: 4, needs: 6, projects: 3, members: 30)
        let plain = try generatedScenario(config, "coords-none")
        #expect(plain.members.allSatisfy { !$0.placedAtCommunity })
        config.membersWithoutCoordinates = 1
        let all = try generatedScenario(config, "coords-all")
        #expect(all.members.count == 30 && all.members.allSatisfy(\.placedAtCommunity))
        config.membersWithoutCoordinates = 1.5
        #expect(config.problems.contains { $0.contains("--members-without-coordinates") })
    }

    /// Lists written back (carry-over to the next quarter) keep a member's empty cells empty: the
    /// community's numbers are never written into them.
    @Test func carryOverKeepsEmptyCoordinatesEmpty() throws {
        let dir = try temporaryDirectory("coords-carry")
        var config = GeneratorConfig(streets: 1, communities: 3, units: 4, needs: 8, projects: 4, members: 30)
        config.membersWithoutCoordinates = 0.5
        _ = try ScenarioGenerator.write(config, to: dir + "/q1")
        let q1 = try LedgerTests.solve(dir + "/q1/scenario.yaml", into: dir + "/q1/plan")
        try LedgerTests.attendance(q1.roster, absent: [], to: dir + "/attendance.csv")
        let store = try LedgerStore(path: dir + "/ledger.sqlite")
        _ = try LedgerTests.record(q1, attendance: dir + "/attendance.csv", into: store)
        let result = try CarryOver.prepare(scenario: q1.scenario, ledger: store, options: .init(quarter: "2027Q2"))
        try CarryOver.writeFolder(result.files, to: dir + "/q2")
        func positions(_ path: String) throws -> [[String]] {
            let t = try RowTable.readCSV(path: path)
            let lat = try #require(t.column(["lat"])), lon = try #require(t.column(["lon"]))
            return t.rows.map { [$0[0], $0[lat], $0[lon]] }
        }
        let before = try positions(dir + "/q1/members.csv"), after = try positions(dir + "/q2/members.csv")
        #expect(before.contains { $0[1].isEmpty })
        #expect(after == before)
        let q2 = try ScenarioReader.load(path: dir + "/q2/scenario.yaml").scenario
        #expect(q2.members.map(\.placedAtCommunity) == q1.scenario.members.map(\.placedAtCommunity))
    }
}
