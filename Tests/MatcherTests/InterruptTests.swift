import Foundation
import Testing
@testable import Matcher

/// Issue 11, item 8: Ctrl-C / SIGTERM during a solve (the built `match`, as CommandLineTests).
@Suite(.serialized) struct InterruptTests {
    /// A generated street (2,000 members): long enough in a debug build to be interrupted.
    static func street() throws -> String {
        let dir = try temporaryDirectory("match-interrupt")
        let r = try run(CommandLineTests.match, ["generate", "--preset", "street", "--out", dir + "/in"])
        try #require(r.status == 0, "\(r.output)")
        return dir
    }

    /// Starts `match solve`, sends `signals` once its first line is on stderr (the handlers are
    /// installed before anything is printed), and returns the exit status and stderr.
    static func solve(_ dir: String, signals: [Int32]) throws -> (status: Int32, stderr: String) {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.match))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLineTests.match)
        p.arguments = ["solve", dir + "/in/scenario.yaml", "--out", dir + "/out/base", "--gap", "0", "--time-limit", "300"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        let collected = Collected()
        err.fileHandleForReading.readabilityHandler = { h in collected.append(h.availableData) }
        try p.run()
        #expect(collected.waitForData(seconds: 60), "no output from match")
        for s in signals {
            kill(p.processIdentifier, s)
            usleep(50_000)
        }
        p.waitUntilExit()
        err.fileHandleForReading.readabilityHandler = nil
        return (p.terminationStatus, collected.text)
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private let first = DispatchSemaphore(value: 0)
        private var signalled = false
        func append(_ d: Data) {
            lock.lock(); defer { lock.unlock() }
            data.append(d)
            if !d.isEmpty && !signalled { signalled = true; first.signal() }
        }
        func waitForData(seconds: Double) -> Bool { first.wait(timeout: .now() + seconds) == .success }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func theFirstSignalWritesTheBestPlanSoFar(_ sig: Int32) throws {
        let dir = try Self.street()
        let r = try Self.solve(dir, signals: [sig])
        #expect(r.status == 128 + sig, "\(r.stderr.suffix(500))")
        #expect(r.stderr.contains("interrupted: stopping the solve"))
        let plan = try PlanJSON.read(path: dir + "/out/base/plan.json")
        #expect(plan.status == .feasible)
        #expect(plan.stoppedBy == "interrupt")
        let text = try String(contentsOfFile: dir + "/out/base/plan.json", encoding: .utf8)
        #expect(text.contains("\"stopped_by\" : \"interrupt\""))
        let scenario = try ScenarioReader.load(path: dir + "/in/scenario.yaml").scenario
        #expect(PlanCheck.check(plan, scenario: scenario, settings: scenario.settings).violations.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out") == ["base"], "no hidden folder left")
    }

    @Test func theSecondSignalExitsAtOnceAndLeavesNoTemporaryFiles() throws {
        let dir = try Self.street()
        let r = try Self.solve(dir, signals: [SIGINT, SIGINT])
        #expect(r.status == 128 + SIGINT, "\(r.stderr.suffix(500))")
        let out = dir + "/out"
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(left.allSatisfy { !$0.hasPrefix(".") }, "\(left)")
        if FileManager.default.fileExists(atPath: out + "/base") {
            #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/base").allSatisfy { !$0.hasPrefix(".") })
        }
    }
}
