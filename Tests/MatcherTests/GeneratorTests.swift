import Foundation
import Testing
@testable import Matcher

/// The repository root, from this file's path (Tests/MatcherTests/GeneratorTests.swift).
private let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private struct ProcessResult {
    var status: Int32
    var stdout: Data
    var stderr: String
}

private func run(_ args: [String], stdin: Data? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    // stderr goes to a file, stdout through a pipe read to its end before waiting.
    let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("match-gen-err-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try Data().write(to: errPath)
    defer { try? FileManager.default.removeItem(at: errPath) }
    let err = try FileHandle(forWritingTo: errPath)
    let out = Pipe()
    p.standardOutput = out
    p.standardError = err
    let input = Pipe()
    if stdin != nil { p.standardInput = input }
    try p.run()
    if let stdin {
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    try err.close()
    let errData = (try? Data(contentsOf: errPath)) ?? Data()
    return ProcessResult(status: p.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
}

/// Loads a scenario with the Python reader; returns the list sizes and the variant names.
private func loadWithPython(_ scenarioPath: String) throws -> [String: Int] {
    let script = """
        import sys, json
        sys.path.insert(0, sys.argv[1])
        import scenario as S
        sc = S.load(sys.argv[2])
        for v in sc.variants:
            S.load(sys.argv[2], v["name"])
        print(json.dumps({"communities": len(sc.communities), "needs": len(sc.needs), "units": len(sc.units),
                          "projects": len(sc.projects), "members": len(sc.members), "variants": len(sc.variants)}))
        """
    let r = try run(["python3", "-c", script, ContractChecker.directory.path, scenarioPath])
    guard r.status == 0 else {
        Issue.record("scenario.py failed on \(scenarioPath): \(r.stderr)")
        return [:]
    }
    return try JSONDecoder().decode([String: Int].self, from: r.stdout)
}


private func lineCount(_ bytes: [UInt8]) -> Int { bytes.lazy.filter { $0 == 0x0A }.count }

private let small = GeneratorConfig(preset: .street, seed: 42, streets: 2, communities: 5, units: 6,
                                    needs: 20, projects: 8, members: 50)

@Suite struct GeneratorTests {
    @Test func sameSeedGivesIdenticalBytes() throws {
        let a = try ScenarioGenerator.render(GeneratorConfig(preset: .street, seed: 7)).0
        let b = try ScenarioGenerator.render(GeneratorConfig(preset: .street, seed: 7)).0
        #expect(a.map(\.name) == ScenarioGenerator.fileNames)
        for (x, y) in zip(a, b) {
            #expect(x.name == y.name)
            #expect(x.bytes == y.bytes, "\(x.name) differs between two runs with seed 7")
        }
    }

    @Test func differentSeedGivesDifferentFiles() throws {
        let a = try ScenarioGenerator.render(GeneratorConfig(preset: .street, seed: 1)).0
        let b = try ScenarioGenerator.render(GeneratorConfig(preset: .street, seed: 2)).0
        for (x, y) in zip(a, b) {
            #expect(x.bytes != y.bytes, "\(x.name) is the same for seeds 1 and 2")
        }
    }

    @Test func writtenFilesAreByteIdenticalAcrossRuns() throws {
        let d1 = try temporaryDirectory("match-gen-a"), d2 = try temporaryDirectory("match-gen-b")
        defer { try? FileManager.default.removeItem(atPath: d1); try? FileManager.default.removeItem(atPath: d2) }
        try ScenarioGenerator.write(small, to: d1)
        try ScenarioGenerator.write(small, to: d2)
        for name in ScenarioGenerator.fileNames {
            let x = try Data(contentsOf: URL(fileURLWithPath: d1).appendingPathComponent(name))
            let y = try Data(contentsOf: URL(fileURLWithPath: d2).appendingPathComponent(name))
            #expect(x == y, "\(name)")
        }
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: d1).sorted() == ScenarioGenerator.fileNames.sorted())
    }

    @Test func streetPresetCounts() throws {
        let config = GeneratorConfig(preset: .street, seed: 1)
        #expect((config.streets, config.communities, config.units, config.needs, config.projects, config.members)
                == (1, 8, 40, 150, 60, 2_000))
        let (files, summary) = try ScenarioGenerator.render(config)
        let rows = Dictionary(uniqueKeysWithValues: files.map { ($0.name, lineCount($0.bytes) - 1) })
        #expect(rows["communities.csv"] == 8)
        #expect(rows["needs.csv"] == 150)
        #expect(rows["units.csv"] == 40)
        #expect(rows["projects.csv"] == 60)
        #expect(rows["members.csv"] == 2_000)
        #expect(summary.unlistedNeeds > 0, "some needs should be listed by no project")
        #expect(summary.streetBudget > 0 && summary.streetBudget < summary.totalProjectCost)
    }

    @Test func presetSizes() {
        let d = GeneratorConfig(preset: .district)
        #expect((d.streets, d.communities, d.units, d.needs, d.projects, d.members) == (6, 50, 450, 900, 360, 12_000))
        let c = GeneratorConfig(preset: .city)
        #expect((c.streets, c.communities, c.units, c.needs, c.projects, c.members) == (100, 800, 3_600, 14_000, 6_000, 171_000))
    }

    @Test func rejectsBadSizes() {
        var c = small
        c.communities = 1
        #expect(!c.problems.isEmpty)
        #expect(throws: GeneratorError.self) { try ScenarioGenerator.render(c) }
    }

    @Test func refusesNonEmptyDirectoryWithoutOverwrite() throws {
        let dir = try temporaryDirectory("match-gen-busy")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScenarioGenerator.write(small, to: dir)
        #expect(throws: GeneratorError.directoryNotEmpty(dir)) { try ScenarioGenerator.write(small, to: dir) }
        try ScenarioGenerator.write(small, to: dir, overwrite: true)
    }

    @Test func csvFieldsAreWellFormed() throws {
        // Every data row has as many cells as its header (a cell with a comma must be quoted).
        let files = try ScenarioGenerator.render(GeneratorConfig(preset: .street, seed: 3)).0
        for file in files where file.name.hasSuffix(".csv") {
            let text = String(decoding: file.bytes, as: UTF8.self)
            let lines = text.split(separator: "\n")
            func cells(_ line: Substring) -> Int {
                var n = 1, quoted = false
                for ch in line.utf8 {
                    if ch == 0x22 { quoted.toggle() } else if ch == 0x2C && !quoted { n += 1 }
                }
                return n
            }
            let width = cells(lines[0])
            for line in lines.dropFirst() { #expect(cells(line) == width, "\(file.name): \(line)") }
        }
    }

    @Test(.needsContractChecker,
          arguments: [GeneratorConfig(preset: .street, seed: 1), small])
    func pythonReaderLoadsGeneratedScenario(config: GeneratorConfig) throws {
        let dir = try temporaryDirectory("match-gen-py")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScenarioGenerator.write(config, to: dir)
        let counts = try loadWithPython(dir + "/scenario.yaml")
        #expect(counts["communities"] == config.communities)
        #expect(counts["needs"] == config.needs)
        #expect(counts["units"] == config.units)
        #expect(counts["projects"] == config.projects)
        #expect(counts["members"] == config.members)
        #expect(counts["variants"] == 1)
    }
}

@Suite struct ExampleScenarioTests {
    static let utf8Dir = repoRoot.appendingPathComponent("scenarios/example-street")
    static let gbDir = repoRoot.appendingPathComponent("scenarios/example-street-gb18030")
    static let lists = ["communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv"]

    @Test(.needsContractChecker)
    func exampleLoadsWithPythonReader() throws {
        let counts = try loadWithPython(Self.utf8Dir.appendingPathComponent("scenario.yaml").path)
        #expect(counts == ["communities": 6, "needs": 25, "units": 10, "projects": 18, "members": 80, "variants": 3])
    }

    /// The contract's Chinese header aliases, as scripts/make-gb18030-example writes them.
    static let aliases: [String: String] = [
        "编号": "id", "名称": "name", "姓名": "name", "街道": "street", "纬度": "lat", "经度": "lon", "社区": "community",
        "类别": "category", "标题": "title", "户数": "households", "紧急程度": "urgency", "类型": "kind",
        "服务类别": "categories", "资金": "funds", "最少项目": "min_projects", "最多项目": "max_projects",
        "结对社区": "paired_communities", "需求": "needs", "场次": "sessions", "日期": "dates", "时段": "slot",
        "最少人数": "min_volunteers", "最多人数": "max_volunteers", "时长": "hours", "费用": "cost", "技能": "skills",
        "单位": "unit", "可服务时间": "availability", "最多场次": "max_sessions", "最少场次": "min_sessions",
    ]

    @Test(arguments: lists)
    func gb18030TwinMatchesUTF8Example(file: String) throws {
        let gb = try Data(contentsOf: Self.gbDir.appendingPathComponent(file))
        let utf8 = try Data(contentsOf: Self.utf8Dir.appendingPathComponent(file))
        #expect(String(data: gb, encoding: .utf8) == nil, "\(file) should not be valid UTF-8")
        let r = try run(["iconv", "-f", "GB18030", "-t", "UTF-8"], stdin: gb)
        #expect(r.status == 0, "iconv: \(r.stderr)")
        let decoded = String(decoding: r.stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let original = String(decoding: utf8, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(decoded.count == original.count)
        // Rows are identical; the header is the English one through the alias table.
        #expect(Array(decoded.dropFirst()) == Array(original.dropFirst()))
        let header = decoded.first.map { $0.split(separator: ",").map { Self.aliases[String($0)] ?? "?\($0)" } }
        #expect(header == original.first.map { $0.split(separator: ",").map(String.init) })
        if file == "members.csv" { #expect(decoded.first?.contains("姓名") == true) }
    }

    @Test func gb18030ScenarioFilePointsAtItsOwnLists() throws {
        let yaml = try String(contentsOf: Self.gbDir.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        for file in Self.lists { #expect(yaml.contains(": \(file)")) }
        #expect(!yaml.contains("/"), "the data paths stay relative to the GB18030 folder")
    }
}
