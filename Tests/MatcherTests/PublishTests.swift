import Foundation
import Testing
@testable import Matcher

/// Outputs a street office can post (issue 30): phones masked on everything shared beyond the
/// planner and whole where the reader must call that person; a 单位 page for every unit whose
/// members serve. On a copy of the example street with phones added to members and units.
@Suite(.serialized) struct PublishTests {
    /// The example street copied to a temporary folder with a phone column in members.csv
    /// (mobiles 139 0000 0NNN) and contact and phone columns in units.csv (every other unit a
    /// landline), plus `extraYAML` appended to scenario.yaml.
    static func streetWithPhones(extraYAML: String = "") throws -> String {
        let src = Repo.root.appendingPathComponent("scenarios/example-street").path
        let dir = try temporaryDirectory("match-publish")
        for name in ["communities.csv", "needs.csv", "projects.csv"] {
            try FileManager.default.copyItem(atPath: src + "/" + name, toPath: dir + "/" + name)
        }
        func addColumns(_ name: String, _ header: String, _ cells: (Int) -> String) throws {
            let text = try String(contentsOfFile: src + "/" + name, encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            lines[0] += "," + header
            for i in 1..<lines.count { lines[i] += "," + cells(i) }
            try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        try addColumns("members.csv", "phone") { memberPhone($0) }
        try addColumns("units.csv", "contact,phone") { i in "联系人\(i)," + unitPhone(i) }
        var yaml = try String(contentsOfFile: src + "/scenario.yaml", encoding: .utf8)
        yaml += extraYAML
        try yaml.write(toFile: dir + "/scenario.yaml", atomically: true, encoding: .utf8)
        return dir + "/scenario.yaml"
    }

    static func memberPhone(_ row: Int) -> String { "139" + String(format: "%08d", 40_000 + row) }
    static func unitPhone(_ row: Int) -> String { row % 2 == 0 ? "020-8" + String(format: "%07d", 3_000_000 + row) : "138" + String(format: "%08d", 70_000 + row) }

    struct Solved {
        var dir: String
        var scenario: Scenario
        var plan: Plan
        var result: SolveResult
    }

    static func solve(_ path: String) throws -> Solved {
        let sc = try ScenarioReader.load(path: path).scenario
        var options = SolveOptions(settings: sc.settings)
        options.timeLimitSeconds = 20
        let result = try Solver.solve(sc, options: options)
        let out = try temporaryDirectory("match-publish-out")
        try PlanWriter.write(result.plan, scenario: sc, settings: sc.settings, report: .zh,
                             projectReasons: result.projectReasons, to: out)
        return Solved(dir: out, scenario: sc, plan: result.plan, result: result)
    }

    static let shared: Result<Solved, any Error> = Result { try solve(try streetWithPhones()) }

    /// Runs of 11 or more digits, separators ` ` and `-` inside a number ignored.
    static func longNumbers(_ text: String) -> [String] {
        var out: [String] = [], run = ""
        for ch in text + "x" {
            if ch.isASCII && ch.isNumber { run.append(ch) } else if (ch == "-" || ch == " ") && !run.isEmpty { continue } else {
                if run.count >= 11 { out.append(run) }
                run = ""
            }
        }
        return out
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func theMaskingRule() {
        #expect(PhoneMask.masked("13812345678") == "138****5678")
        #expect(PhoneMask.masked("138-1234-5678") == "138-****-5678")
        #expect(PhoneMask.masked("+86 138 1234 5678") == "+86 138 **** 5678")
        #expect(PhoneMask.masked("020-83001234") == "***-****1234")
        #expect(PhoneMask.masked("83001234") == "****1234")
        #expect(PhoneMask.masked("") == "")
        #expect(PhoneMask.masked("无") == "无")
    }

    @Test func sharedOutputsMaskPhonesAndUnitPagesShowTheirOwn() throws {
        let s = try Self.shared.get()
        let sc = s.scenario
        #expect(sc.maskPhones)
        try #require(sc.extras.memberPhone.contains { !$0.isEmpty })
        try #require(!s.plan.assignments.isEmpty)
        let dispatch = s.dir + "/dispatch"
        let pages = try FileManager.default.contentsOfDirectory(atPath: dispatch)
        let communityPages = pages.filter { $0.hasPrefix("community-") }
        try #require(!communityPages.isEmpty)
        var shared = communityPages.map { dispatch + "/" + $0 } + [s.dir + "/report.html", s.dir + "/sessions.ics"]
        let compare = try temporaryDirectory("match-publish-compare") + "/compare.html"
        let entry = Comparison.Entry(label: "base", group: "scenario", scenario: sc, settings: sc.settings, plan: s.plan, seconds: 1)
        var again = entry
        again.label = "again"
        try CompareReport.render(Comparison([entry, again]), language: .zh).write(toFile: compare, atomically: true, encoding: .utf8)
        shared.append(compare)
        for path in shared {
            let text = try Self.read(path)
            #expect(Self.longNumbers(text).isEmpty, "\(path): \(Self.longNumbers(text).prefix(3))")
        }
        // Community pages do show the masked numbers of the members sent.
        let ids = ScenarioIds(sc)
        let first = try #require(s.plan.assignments.first)
        let m = try #require(ids.members[first.member]), p = try #require(ids.projects[first.project])
        let communityPage = try Self.read(dispatch + "/" + DispatchPages.communityFile(sc.communities[sc.projects[p].community].id))
        #expect(communityPage.contains(PhoneMask.masked(sc.extras.phone(member: m))))

        // A unit's page has its own serving members' numbers whole, and its contact's.
        let serving = Set(s.plan.assignments.compactMap { ids.members[$0.member] })
        var checked = 0
        for u in sc.units.indices {
            let own = serving.filter { sc.members[$0].unit == u }
            guard !own.isEmpty else { continue }
            let page = try Self.read(dispatch + "/" + DispatchPages.unitFile(sc.units[u].id))
            for m in own { #expect(page.contains(sc.extras.phone(member: m)), "\(sc.members[m].id) on \(sc.units[u].id)'s page") }
            if s.plan.projects.contains(where: { $0.leadUnit == sc.units[u].id }) {
                #expect(page.contains(sc.extras.phone(unit: u)), "\(sc.units[u].id)'s contact")
            }
            // Members of other units on its cards stay masked.
            for other in serving where sc.members[other].unit != u {
                #expect(!page.contains(sc.extras.phone(member: other)))
            }
            checked += 1
        }
        #expect(checked > 0)
        // The planner's own files keep numbers whole.
        let notices = try Self.read(s.dir + "/notices.csv")
        #expect(notices.contains(sc.extras.phone(member: m)))
    }

    /// 双报到: a unit that leads nothing but whose members serve gets a page listing its
    /// members' sessions, linked from the index.
    @Test func everyUnitWhoseMembersServeHasAPage() throws {
        let s = try Self.shared.get()
        let sc = s.scenario, ids = ScenarioIds(sc)
        // On the example street every unit whose members serve also leads: hand one unit's
        // projects to another lead unit, so that it leads nothing while its members still serve.
        var byUnit: [Int: [Plan.Assignment]] = [:]
        for a in s.plan.assignments { if let m = ids.members[a.member] { byUnit[sc.members[m].unit, default: []].append(a) } }
        let leads = Set(s.plan.projects.map(\.leadUnit))
        let u = try #require(byUnit.keys.sorted().first { leads.contains(sc.units[$0].id) })
        let other = try #require(leads.sorted().first { $0 != sc.units[u].id })
        var plan = s.plan
        for k in plan.projects.indices where plan.projects[k].leadUnit == sc.units[u].id { plan.projects[k].leadUnit = other }
        let files = try PlanWriter.render(plan, scenario: sc, settings: sc.settings, language: .zh)
        func text(_ name: String) throws -> String {
            String(decoding: try #require(files.first { $0.name == "dispatch/" + name }, "\(name) written").data, as: UTF8.self)
        }
        let file = DispatchPages.unitFile(sc.units[u].id)
        #expect(try text("index.html").contains("href=\"\(DispatchPages.href(file))\""), "\(file) linked")
        let page = try text(file)
        #expect(page.contains("不牵头"), "says it leads nothing")
        for a in byUnit[u]! {
            let m = try #require(ids.members[a.member]), p = try #require(ids.projects[a.project])
            #expect(page.contains(ReportPage.escape(sc.members[m].name)), "\(a.member) on \(file)")
            #expect(page.contains(ReportPage.escape(sc.projects[p].title)), "\(a.project) on \(file)")
            #expect(page.contains(Words(.zh).longDate(Day(iso: a.date)!)))
            #expect(page.contains(sc.extras.phone(member: m)), "its own members' phones whole")
        }
    }

    @Test func maskingCanBeTurnedOff() throws {
        let path = try Self.streetWithPhones(extraYAML: "outputs:\n  mask_phones: false\n")
        let sc = try ScenarioReader.load(path: path).scenario
        #expect(!sc.maskPhones)
        let s = try Self.shared.get()
        var plain = s.scenario
        plain.maskPhones = false
        let files = try PlanWriter.render(s.plan, scenario: plain, settings: plain.settings, language: .zh)
        let ids = ScenarioIds(plain)
        let first = try #require(s.plan.assignments.first)
        let m = try #require(ids.members[first.member]), p = try #require(ids.projects[first.project])
        let name = "dispatch/" + DispatchPages.communityFile(plain.communities[plain.projects[p].community].id)
        let page = try #require(files.first { $0.name == name })
        #expect(String(decoding: page.data, as: UTF8.self).contains(plain.extras.phone(member: m)))
    }

    @Test func anUnknownOutputsKeyIsAnError() throws {
        let path = try Self.streetWithPhones(extraYAML: "outputs:\n  mask_phone: false\n")
        do {
            _ = try ScenarioReader.load(path: path)
            Issue.record("an unknown key under outputs must be an error")
        } catch {
            #expect("\(error)".contains("mask_phone"), "\(error)")
            #expect("\(error)".contains("scenario.yaml"), "\(error)")
        }
        let bad = try Self.streetWithPhones(extraYAML: "outputs:\n  mask_phones: maybe\n")
        #expect(throws: InputError.self) { _ = try ScenarioReader.load(path: bad) }
    }
}
