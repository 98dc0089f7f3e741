import Foundation
@testable import Matcher

/// Paths of the repository, found from this file (no bundle resources needed).
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/MatcherTests/Fixtures")
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static var checkplan: URL { shared.appendingPathComponent("contract/checkplan.py") }

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

/// The independent checker's verdict on a plan file.
struct IndependentCheck: Decodable {
    var violations: [String]
    var violation_count: Int
    var objective: Double
}

func independentCheck(scenario: String, plan: String, variant: String? = nil) throws -> (ok: Bool, result: IndependentCheck?) {
    var args = [Repo.checkplan.path, scenario, plan]
    if let variant { args += ["--variant", variant] }
    let (status, output) = try run("/usr/bin/env", ["python3"] + args)
    let line = output.split(separator: "\n").last.map(String.init) ?? ""
    let result = try? JSONDecoder().decode(IndependentCheck.self, from: Data(line.utf8))
    return (status == 0, result)
}
