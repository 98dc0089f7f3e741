import Foundation
import PropertyBased
import Testing
@testable import Matcher

@Suite struct InputPropertyTests {
    /// Bytes that matter to the reader: separators, quotes, line ends, digits, signs, invalid UTF-8.
    static let interesting: [UInt8] = [0x2C, 0x22, 0x0A, 0x0D, 0x3B, 0x3A, 0x21, 0x2D, 0x20, 0x30, 0x39, 0x2E, 0x41, 0x7A,
                                       0x00, 0x80, 0xBF, 0xC3, 0xE4, 0xEF, 0xF0, 0xFF, 0x23, 0x7B, 0x5B]

    /// Random byte-level corruption of one file of the valid fixture: the reader never traps;
    /// it yields a scenario with no errors, or errors and no scenario.
    @Test func corruptedInputNeverTraps() async {
        let valid = InputFixtures.validFiles()
        await propertyCheck(count: 300, input: Gen.int(in: 0...5), Gen.int(in: 0...Int.max).array(of: 1...12)) { which, edits in
            var files = valid
            let name = InputFixtures.fileNames[which]
            var bytes = files[name]!
            for e in edits {
                let pos = bytes.isEmpty ? 0 : (e >> 8) % (bytes.count + 1)
                let byte = e & 1 == 0 ? Self.interesting[(e >> 3) % Self.interesting.count] : UInt8(truncatingIfNeeded: e >> 40)
                switch (e >> 1) % 4 {
                case 0 where pos < bytes.count: bytes[pos] = byte
                case 1: bytes.insert(byte, at: pos)
                case 2 where pos < bytes.count: bytes.remove(at: pos)
                case 3: bytes.removeSubrange(pos..<min(bytes.count, pos + Int((e >> 20) % 40)))
                default: bytes.insert(byte, at: pos)
                }
            }
            files[name] = bytes
            let (scenario, diagnostics) = InputFixtures.read(files)
            let errors = diagnostics.filter(\.isError)
            if let s = scenario {
                #expect(errors.isEmpty)
                // Every cross-reference is a valid index.
                for n in s.needs { #expect(s.communities.indices.contains(n.community)) }
                for p in s.projects {
                    #expect(s.communities.indices.contains(p.community))
                    #expect(p.needs.allSatisfy(s.needs.indices.contains))
                    #expect(p.skills.allSatisfy { s.skillTags.indices.contains($0.tag) && $0.count >= 1 })
                    #expect(p.candidateDates.allSatisfy(s.period.contains))
                }
                for m in s.members {
                    #expect(s.units.indices.contains(m.unit) && s.communities.indices.contains(m.community))
                }
                #expect(s.availability.memberCount == s.members.count)
            } else {
                #expect(!errors.isEmpty)
                #expect(errors.allSatisfy { $0.line.map { $0 >= 1 } ?? true })
            }
        }
    }
}
