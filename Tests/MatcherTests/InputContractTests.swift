import Foundation
import Testing
@testable import Matcher

/// Agreement with the independent Python reader (../shared/contract/scenario.py) on valid input.
@Suite struct InputContractTests {
    static let script = """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    import scenario as S
    sc = S.load(sys.argv[2])
    out = {
      "needs": {k: v["w"] for k, v in sc.needs.items()},
      "dates": {k: [d.isoformat() for d in v["dates"]] for k, v in sc.projects.items()},
      "projects": {k: [v["lat"], v["lon"], v["category"], v["slot"], v["min"], v["max"], v["cost"], sorted(v["skills"].items()), v["needs"]] for k, v in sc.projects.items()},
      "units": {k: [sorted(v["categories"]), v["funds"], v["min"], v["max"], sorted(v["paired"])] for k, v in sc.units.items()},
      "members": {k: [v["max"], sorted(v["skills"]),
                      sum(1 for d in S.days(sc.start, sc.end) for s in S.SLOTS if S.available(v["avail"], d, s))]
                  for k, v in sc.members.items()},
      "eligible_units": {p: sorted(u for u in sc.units if S.unit_eligible(sc, u, p)) for p in sc.projects},
      "eligible_pairs": sum(1 for m in sc.members for p in sc.projects for d in sc.projects[p]["dates"] if S.member_eligible(sc, m, p, d)),
    }
    print(json.dumps(out, sort_keys=True))
    """

    struct PyView: Decodable {
        var needs: [String: Int]
        var dates: [String: [String]]
        var projects: [String: [JSONAny]]
        var units: [String: [JSONAny]]
        var members: [String: [JSONAny]]
        var eligible_units: [String: [String]]
        var eligible_pairs: Int
    }

    /// Enough of JSON for the comparison: numbers, strings, arrays.
    enum JSONAny: Decodable, Equatable, CustomStringConvertible {
        case number(Double), string(String), array([JSONAny])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { self = .number(d) } else if let s = try? c.decode(String.self) { self = .string(s) } else {
                self = .array(try c.decode([JSONAny].self))
            }
        }
        var description: String {
            switch self {
            case let .number(d): "\(d)"
            case let .string(s): s
            case let .array(a): "[" + a.map(\.description).joined(separator: ",") + "]"
            }
        }
    }

    static func n(_ x: Double) -> JSONAny { .number(x) }
    static func n(_ x: Int) -> JSONAny { .number(Double(x)) }
    static func s(_ x: String) -> JSONAny { .string(x) }
    static func a(_ x: [JSONAny]) -> JSONAny { .array(x) }

    @Test(.needsContractChecker, arguments: ["valid", "gb18030-as-utf8"])
    func agreesWithTheContractReader(_ fixture: String) throws {
        // scenario.py reads English headers only: compare on the valid fixture (and on the twin's values, which equal it).
        let yaml = InputFixtures.path("valid/scenario.yaml")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", Self.script, ContractChecker.directory.path, yaml]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "python3 failed: \(errText)")
        let py = try JSONDecoder().decode(PyView.self, from: data)

        let path = fixture == "valid" ? yaml : InputFixtures.path("gb18030/scenario.yaml")
        let sc = try #require(ScenarioReader.read(path: path).scenario)
        #expect(Dictionary(uniqueKeysWithValues: sc.needs.map { ($0.id, $0.weight) }) == py.needs)
        #expect(Dictionary(uniqueKeysWithValues: sc.projects.map { ($0.id, $0.candidateDates.map(\.iso)) }) == py.dates)
        for (i, p) in sc.projects.enumerated() {
            let skills = p.skills.map { Self.a([Self.s(sc.skillTags[$0.tag]), Self.n($0.count)]) }
                .sorted { $0.description < $1.description }
            let mine: [JSONAny] = [Self.n(p.lat), Self.n(p.lon), Self.s(p.category), Self.s(p.slot.name), Self.n(p.minVolunteers),
                                   Self.n(p.maxVolunteers), Self.n(p.cost), Self.a(skills), Self.a(p.needs.map { Self.s(sc.needs[$0].id) })]
            #expect(mine == py.projects[p.id], "project \(p.id)")
            let units = sc.units.indices.filter { Eligibility.unit($0, project: i, in: sc, settings: sc.settings) }.map { sc.units[$0].id }
            #expect(units == py.eligible_units[p.id], "eligible units of \(p.id)")
        }
        for u in sc.units {
            let mine: [JSONAny] = [Self.a(u.categories.map(Self.s)), Self.n(u.funds), Self.n(u.minProjects), Self.n(u.maxProjects),
                                   Self.a(u.pairedCommunities.map { Self.s(sc.communities[$0].id) })]
            #expect(mine == py.units[u.id], "unit \(u.id)")
        }
        var pairs = 0
        for (mi, m) in sc.members.enumerated() {
            var free = 0
            for k in 0..<sc.period.dayCount { for s in Slot.allCases where sc.availability.isAvailable(member: mi, dayIndex: k, slot: s) { free += 1 } }
            let mine: [JSONAny] = [Self.n(sc.maxSessions(of: mi, settings: sc.settings)), Self.a(m.skills.map { Self.s(sc.skillTags[$0]) }.sorted { $0.description < $1.description }), Self.n(free)]
            #expect(mine == py.members[m.id], "member \(m.id)")
            for (pi, p) in sc.projects.enumerated() {
                for d in p.candidateDates where Eligibility.member(mi, project: pi, day: d, in: sc, settings: sc.settings) { pairs += 1 }
            }
        }
        #expect(pairs == py.eligible_pairs)
    }
}
