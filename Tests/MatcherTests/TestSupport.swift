import Foundation
import Testing
@testable import Matcher

/// Paths of the repository, found from this file (no bundle resources needed).
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/MatcherTests/Fixtures")
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")

    static func fixture(_ path: String) -> String { fixtures.appendingPathComponent(path).path }
}

/// Runs a program and returns its exit status and output (stdout + stderr).
@discardableResult
func run(_ executable: String, _ arguments: [String], cwd: String? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A fresh temporary directory.
func temporaryDirectory(_ name: String = "match-test") throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// The independent checker and contract reader in ../shared/contract (python3 with PyYAML).
/// A clone from a forge has no ../shared beside it: there the tests that need them are skipped
/// with a visible note. With `CI` set they are required, so CI never passes without them.
enum ContractChecker {
    static var directory: URL { Repo.shared.appendingPathComponent("contract") }
    static var checkplan: URL { directory.appendingPathComponent("checkplan.py") }
    static var reader: URL { directory.appendingPathComponent("scenario.py") }

    /// `CI` is set to anything but empty, 0 or false.
    static let isRequired: Bool = {
        guard let ci = ProcessInfo.processInfo.environment["CI"]?.lowercased() else { return false }
        return !["", "0", "false", "no"].contains(ci)
    }()

    static let isAvailable: Bool = {
        FileManager.default.fileExists(atPath: checkplan.path) && FileManager.default.fileExists(atPath: reader.path)
            && ((try? run("/usr/bin/env", ["python3", "-c", "import yaml"]))?.status == 0)
    }()

    /// Whether tests that need it run: where it is present, and always under CI (where its absence fails).
    static var shouldRun: Bool { isAvailable || isRequired }

    static let skipNote: Comment = "skipped: the independent checker ../shared/contract (python3 with PyYAML) is absent; CI requires it"
}

extension Trait where Self == ConditionTrait {
    /// For tests that are only about the independent checker or reader.
    static var needsContractChecker: Self { .enabled(if: ContractChecker.shouldRun, ContractChecker.skipNote) }
}

/// The independent checker's verdict on a plan file.
struct IndependentCheck: Decodable {
    var violations: [String]
    var violation_count: Int
    var objective: Double
}

/// The independent checker's verdict, or nil (with a warning in the test's log) where it is absent
/// outside CI, so that a test for which it is one check among others still runs its own checks.
func independentCheck(scenario: String, plan: String, variant: String? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> (ok: Bool, result: IndependentCheck?)? {
    guard ContractChecker.shouldRun else {
        Issue.record(ContractChecker.skipNote, severity: .warning, sourceLocation: sourceLocation)
        return nil
    }
    var args = [ContractChecker.checkplan.path, scenario, plan]
    if let variant { args += ["--variant", variant] }
    let (status, output) = try run("/usr/bin/env", ["python3"] + args)
    let line = output.split(separator: "\n").last.map(String.init) ?? ""
    let result = try? JSONDecoder().decode(IndependentCheck.self, from: Data(line.utf8))
    return (status == 0, result)
}

/// A generated scenario, written to a fresh temporary directory and read back.
func generatedScenario(_ config: GeneratorConfig, _ name: String) throws -> Scenario {
    let dir = try temporaryDirectory(name)
    _ = try ScenarioGenerator.write(config, to: dir)
    return try ScenarioReader.load(path: dir + "/scenario.yaml").scenario
}

/// The same solve twice, 60 s limit and the proving search off (so only the phases under test
/// can close the gap): with the default options, and with `without` applied to them.
func solveWithAndWithout(_ scenario: Scenario, _ without: (inout SolveOptions) -> Void) throws -> (with: SolveResult, without: SolveResult) {
    var options = SolveOptions(settings: scenario.settings)
    options.timeLimitSeconds = 60
    options.exactColumnLimit = 0
    let with = try Solver.solve(scenario, options: options)
    without(&options)
    return (with, try Solver.solve(scenario, options: options))
}
