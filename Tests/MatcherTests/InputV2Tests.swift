import Foundation
import Testing
@testable import Matcher

/// Contract v2 input: `holidays`, `!` items in `dates`, members.min_sessions,
/// rules.min_sessions_per_member and weights.participation_shortfall (also in variants).
@Suite struct InputV2Tests {
    let q1 = Period(quarter: "2027Q1")!

    func dates(_ rule: String, holidays: [String] = []) throws -> [String] {
        try DateRule.candidateDates(rule, in: q1, holidays: holidays.map { Day(iso: $0)! }).map(\.iso)
    }

    @Test func bangItemsAndHolidaysRemoveDates() throws {
        #expect(try dates("monthday:6,16,26;!2027-02-06;!monthday:26") == ["2027-01-06", "2027-01-16", "2027-02-16", "2027-03-06", "2027-03-16"])
        #expect(try dates("weekday:sat,sun;!weekday:sun").count == 13)
        #expect(try dates("weekday:sat", holidays: ["2027-01-02", "2027-05-01"]).first == "2027-01-09")
        #expect(try dates("! 2027-01-02;2027-01-02;2027-01-03") == ["2027-01-03"])   // order does not matter
        #expect(try dates("!weekday:sat").isEmpty)
        #expect(try DateRule.evaluate("2027-01-02;!weekday:sat", in: q1).plainCount == 1)
        #expect(throws: RuleError.self) { try dates("monthday:6;!weekday:funday") }
    }

    static func yaml(_ extra: (String) -> String) -> [UInt8] {
        Array(extra(String(decoding: InputFixtures.bytes("valid/scenario.yaml"), as: UTF8.self)).utf8)
    }

    @Test func theNewKeysAreReadWithVariants() throws {
        var files = InputFixtures.validFiles()
        files["scenario.yaml"] = Self.yaml {
            $0.replacingOccurrences(of: "quarter: 2027Q1\n", with: "quarter: 2027Q1\nholidays: [2027-02-07, 2027-02-06, 2026-12-31]\n")
                .replacingOccurrences(of: "  street_budget: 3000\n", with: "  street_budget: 3000\n  min_sessions_per_member: 1\n")
                .replacingOccurrences(of: "  distance_per_km: 0.5\n", with: "  distance_per_km: 0.5\n  participation_shortfall: 2.5\n")
                + "  - name: serve-twice\n    rules: { min_sessions_per_member: 2 }\n    weights: { participation_shortfall: 6 }\n"
        }
        var members = String(decoding: files["members.csv"]!, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        members[0] += ",min_sessions"
        members[1] += ",0"
        files["members.csv"] = Array(members.joined(separator: "\n").utf8)
        let (scenario, diagnostics) = InputFixtures.read(files)
        let sc = try #require(scenario, "\(diagnostics)")
        #expect(sc.holidays.map(\.iso) == ["2027-02-06", "2027-02-07"])
        let outside = try #require(diagnostics.first { $0.message.contains("2026-12-31") })
        #expect(outside.severity == .warning && outside.line == 3 && outside.column == "holidays")
        #expect(sc.settings.minSessionsPerMember == 1 && sc.settings.participationShortfall == 2.5)
        let twice = try sc.settings(for: "serve-twice")
        #expect(twice.minSessionsPerMember == 2 && twice.participationShortfall == 6)
        #expect(sc.members[0].minSessions == 0 && sc.members[1].minSessions == nil)
        #expect(sc.participationTarget(of: 0, settings: sc.settings) == 0)
        #expect(sc.participationTarget(of: 1, settings: twice) == min(2, sc.maxSessions(of: 1, settings: twice)))
        // A weekend project loses the holidays from its candidate dates.
        let p03 = try #require(sc.projects.first { $0.id == "P03" })
        #expect(!p03.candidateDates.contains { sc.holidays.contains($0) })
    }

    @Test func negativeTargetsAndWeightsAreErrorsWithFileAndLine() throws {
        var files = InputFixtures.validFiles()
        files["scenario.yaml"] = Self.yaml {
            $0.replacingOccurrences(of: "  street_budget: 3000\n", with: "  street_budget: 3000\n  min_sessions_per_member: -1\n")
                .replacingOccurrences(of: "  distance_per_km: 0.5\n", with: "  distance_per_km: 0.5\n  participation_shortfall: -4\n")
                + "  - name: bad\n    weights: { participation_shortfall: -1 }\n"
        }
        var members = String(decoding: files["members.csv"]!, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        members[0] += ",min_sessions"
        members[2] += ",-2"
        files["members.csv"] = Array(members.joined(separator: "\n").utf8)
        let (scenario, diagnostics) = InputFixtures.read(files)
        #expect(scenario == nil)
        let errors = diagnostics.filter(\.isError)
        func find(_ column: String) -> Diagnostic? { errors.first { $0.column == column } }
        let rule = try #require(find("rules.min_sessions_per_member"))
        #expect(rule.line == 12 && rule.message.contains("-1") && rule.file.hasSuffix("scenario.yaml"))
        let weight = try #require(find("weights.participation_shortfall"))
        #expect(weight.line == 15 && weight.message.contains("-4"))
        #expect(find("variants.weights.participation_shortfall")?.message.contains("-1") == true)
        let cell = try #require(find("min_sessions"))
        #expect(cell.file.hasSuffix("members.csv") && cell.line == 3 && cell.message.contains("'-2'"))
    }

    @Test func aHolidayThatIsNotADateIsAnError() throws {
        var files = InputFixtures.validFiles()
        files["scenario.yaml"] = Self.yaml { $0.replacingOccurrences(of: "quarter: 2027Q1\n", with: "quarter: 2027Q1\nholidays: [春节]\n") }
        let (scenario, diagnostics) = InputFixtures.read(files)
        #expect(scenario == nil)
        let e = try #require(diagnostics.first { $0.column == "holidays" })
        #expect(e.isError && e.line == 3 && e.message.contains("'春节' is not a date"))
    }

    @Test func bangItemsRemovingEveryDateWarnNamingTheProject() throws {
        var files = InputFixtures.validFiles()
        var projects = String(decoding: files["projects.csv"]!, as: UTF8.self)
        projects = projects.replacingOccurrences(of: ",weekday:sat,pm,", with: ",weekday:sat;!weekday:sat,pm,")
        files["projects.csv"] = Array(projects.utf8)
        files["scenario.yaml"] = Self.yaml {
            $0.replacingOccurrences(of: "quarter: 2027Q1\n", with: "quarter: 2027Q1\nholidays: [2027-01-16, 2027-02-20]\n")
        }
        let (scenario, diagnostics) = InputFixtures.read(files)
        #expect(scenario != nil, "\(diagnostics)")
        let p02 = try #require(diagnostics.first { $0.message.contains("'P02'") && $0.column == "dates" })
        #expect(p02.severity == .warning && p02.line == 3)
        #expect(p02.message.contains("its ! items remove every one of its 13 dates"))
        // P04's fixed dates 2027-01-16 and 2027-02-20 are both holidays (2027-04-01 is outside the quarter).
        let p04 = try #require(diagnostics.first { $0.message.contains("'P04'") && $0.column == "dates" })
        #expect(p04.message.contains("the holidays remove every one of its 2 dates"))
    }
}
