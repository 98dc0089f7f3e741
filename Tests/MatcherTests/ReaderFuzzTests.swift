import Foundation
import Testing
@testable import Matcher

/// Issue 11: the CSV and YAML readers under random damage — random bytes, stray quotes, huge
/// numbers, deep aliases, truncation. Every case must end in a scenario (exit 0) or errors
/// (exit 65): no trap (it would kill the test process), no hang, nothing else. Seeded, so a
/// failure is reproducible; about 600 cases in a few seconds.
@Suite struct ReaderFuzzTests {
    /// SplitMix64: small, seeded, the same sequence on every machine.
    struct Rand {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let hugeNumbers = ["1e308", "-1e308", "9223372036854775807", "-9223372036854775808", "99999999999999999999",
                              "1e-320", "nan", "inf", "-0", "0x10", "1_000", "١٢", "４２", "2.5e9", "18446744073709551616"]

    static func aliasBomb(levels: Int, asKey: Bool, _ r: inout Rand) -> String {
        var lines = ["b0: &b0 [x, x, x, x, x, x, x, x, x]"]
        for i in 1...levels { lines.append("b\(i): &b\(i) [" + Array(repeating: "*b\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        lines.append(asKey ? (r.below(2) == 0 ? "*b\(levels): 1" : "? *b\(levels)\n: 1") : "top: *b\(levels)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One damaged copy of the valid scenario.
    static func mutate(_ files: [String: [UInt8]], _ r: inout Rand) -> [String: [UInt8]] {
        var out = files
        let names = InputFixtures.fileNames
        let name = names[r.below(names.count)]
        var b = out[name]!
        switch r.below(8) {
        case 0:  // random bytes overwritten
            for _ in 0..<(1 + r.below(8)) where !b.isEmpty { b[r.below(b.count)] = UInt8(truncatingIfNeeded: r.next()) }
        case 1:  // random bytes inserted
            for _ in 0..<(1 + r.below(8)) { b.insert(UInt8(truncatingIfNeeded: r.next()), at: r.below(b.count + 1)) }
        case 2:  // quotes
            for _ in 0..<(1 + r.below(3)) { b.insert(0x22, at: r.below(b.count + 1)) }
        case 3:  // a number replaced by a huge or odd one
            let text = String(decoding: b, as: UTF8.self)
            let numbers = text.ranges(of: /[0-9]+(\.[0-9]+)?/)
            if !numbers.isEmpty {
                let range = numbers[r.below(numbers.count)]
                var t = text
                t.replaceSubrange(range, with: hugeNumbers[r.below(hugeNumbers.count)])
                b = Array(t.utf8)
            }
        case 4:  // truncated
            b = Array(b.prefix(r.below(b.count + 1)))
        case 5:  // an alias bomb or a deep structure appended to the YAML
            var y = String(decoding: out["scenario.yaml"]!, as: UTF8.self)
            switch r.below(3) {
            case 0: y += aliasBomb(levels: 1 + r.below(12), asKey: r.below(2) == 0, &r)
            case 1: y += "deep: " + String(repeating: "[", count: r.below(10_000)) + "\n"
            default: y += "deep: " + String(repeating: "{a: ", count: r.below(200)) + "\n"
            }
            out["scenario.yaml"] = Array(y.utf8)
            return out
        case 6:  // lines duplicated or swapped
            var lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            if lines.count > 2 {
                let i = r.below(lines.count), j = r.below(lines.count)
                if r.below(2) == 0 { lines.swapAt(i, j) } else { lines.insert(lines[i], at: j) }
            }
            b = Array(lines.joined(separator: [0x0A]))
        default:  // separators, CR and NUL sprinkled
            let pool: [UInt8] = [0x2C, 0x0D, 0x0A, 0x00, 0x3B, 0x3A, 0x26, 0x2A, 0xEF, 0xBB, 0xBF]
            for _ in 0..<(1 + r.below(6)) { b.insert(pool[r.below(pool.count)], at: r.below(b.count + 1)) }
        }
        out[name] = b
        return out
    }

    @Test(arguments: 0..<6)
    func damagedInputEndsInAScenarioOrErrors(_ batch: Int) throws {
        var r = Rand(state: 0x11_0000 + UInt64(batch))
        let valid = InputFixtures.validFiles()
        for k in 0..<100 {
            var files = Self.mutate(valid, &r)
            if r.below(4) == 0 { files = Self.mutate(files, &r) }
            let (scenario, diagnostics) = InputFixtures.read(files)
            let errors = diagnostics.filter(\.isError)
            // exit 0: a scenario and no errors; exit 65: errors and no scenario. Nothing else.
            #expect((scenario != nil) == errors.isEmpty, "batch \(batch) case \(k): \(errors.prefix(3))")
            #expect(diagnostics.allSatisfy { !$0.file.isEmpty && !$0.message.isEmpty })
            if let scenario {
                // A scenario that validates can be modelled: no trap in the checks that follow reading.
                let plan = Plan(scenario: scenario.name, variant: "base", status: .feasible, objective: 0, bestBound: 0, gap: 0,
                                objectiveTerms: .init(needs: 0, distance: 0, unitShortfall: 0), projects: [], assignments: [], needs: [])
                _ = PlanCheck.check(plan, scenario: scenario, settings: scenario.settings)
                _ = EligibilityGraph(scenario: scenario, settings: scenario.settings)
            }
        }
    }

    /// The built binary on a few damaged scenarios: exit 0 or 65 only.
    @Test func validateExitsWith0Or65() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.match))
        var r = Rand(state: 0x11_FFFF)
        let valid = InputFixtures.validFiles()
        var seen = Set<Int32>()
        for _ in 0..<12 {
            let dir = try temporaryDirectory("match-fuzz")
            for (name, bytes) in Self.mutate(valid, &r) { try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name)) }
            let result = try run(CommandLineTests.match, ["validate", dir + "/scenario.yaml"])
            #expect([0, 65].contains(result.status), "\(result.status): \(result.output.suffix(300))")
            seen.insert(result.status)
        }
        #expect(seen.contains(65))
    }
}
