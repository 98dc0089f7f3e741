import Foundation
@testable import Matcher

/// Fixtures under Tests/MatcherTests/Fixtures/input, found from this file's path.
enum InputFixtures {
    static let root: String = {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return here.appendingPathComponent("Fixtures/input").path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func bytes(_ relative: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: path(relative)) ?? Data())
    }

    static let fileNames = ["scenario.yaml", "communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv"]

    /// The valid scenario's six files in memory, keyed by their names.
    static func validFiles() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for f in fileNames { files[f] = bytes("valid/" + f) }
        return files
    }

    /// Reads the valid scenario from memory with some files replaced.
    static func read(_ files: [String: [UInt8]]) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
        var byPath: [String: [UInt8]] = [:]
        for (k, v) in files { byPath[path("valid/" + k)] = v }
        return ScenarioReader.read(path: path("valid/scenario.yaml"), files: byPath)
    }

    /// Reads the valid scenario with one file replaced by a fixture named `<what>.<file name>`.
    static func read(replacingWith fixture: String) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
        var files = validFiles()
        let target = fileNames.first { fixture.hasSuffix("." + $0) }!
        files[target] = bytes(fixture)
        return read(files)
    }
}
