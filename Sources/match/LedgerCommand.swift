import ArgumentParser
import Foundation
import Ledger
import Matcher

struct LedgerReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Write a year of the ledger: members', units' and communities' tables and the 双报告 pages.",
        discussion: """
            Writes members.csv (sessions, hours and points year to date), units.csv (members \
            reporting and serving, sessions assigned and attended, completion rate, projects led \
            and completed, funds), communities.csv (needs raised, covered, carried), index.html \
            (the summary) and unit-<id>.html per unit (the report to the unit's Party branch).
            """
    )

    @Option(help: "The ledger file (SQLite), as `match record` writes it.")
    var ledger: String

    @Option(help: "The year (default: the latest year recorded).")
    var year: Int?

    @Option(help: "Output folder (default: ledger-<year>).")
    var out: String?

    @Option(help: "Language of the pages: zh or en (default: zh).")
    var lang: ReportLanguage = .zh

    @Option(help: "Points per hour served (志愿服务积分).")
    var pointsPerHour: Double = 1

    @Option(help: "Points per session attended.")
    var pointsPerSession: Double = 0

    func validate() throws {
        for (name, v) in [("--points-per-hour", pointsPerHour), ("--points-per-session", pointsPerSession)] where !(v >= 0 && v.isFinite) {
            throw ValidationError("\(name) must be a number >= 0, not \(v).")
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let store = try LedgerFile.open(ledger)
        let summary: LedgerSummary
        let chosen: Int
        do {
            let years = try store.years()
            guard let y = year ?? years.last else {
                Console.error("\(ledger): the ledger has no records yet; run `match record` first")
                throw ExitCode(Exit.dataError)
            }
            if !years.contains(y) {
                Console.error("\(ledger): no records of \(y); recorded years: " + (years.isEmpty ? "none" : years.map(String.init).joined(separator: ", ")))
                throw ExitCode(Exit.dataError)
            }
            chosen = y
            summary = try store.summary(year: y, points: PointsRule(perHour: pointsPerHour, perSession: pointsPerSession))
        } catch let e as ExitCode { throw e } catch {
            Console.error("\(ledger): cannot read the ledger (\(error))")
            throw ExitCode(Exit.dataError)
        }
        let summed = clock.now
        let folder = out ?? "ledger-\(chosen)"
        do {
            try PlanWriter.writeAtomically(LedgerPages.render(summary, language: lang), to: folder)
        } catch {
            Console.error("\(error)")
            throw ExitCode(Exit.cantCreate)
        }
        let written = clock.now
        let served = summary.members.filter { $0.sessions > 0 }.count
        let hours = summary.members.reduce(0) { $0 + $1.hours }
        print("\(folder): the ledger of \(chosen) (\(summary.plans.map(\.quarter).joined(separator: ", ")))")
        print("  members: \(served) of \(summary.members.count) served, \(Sheet.number(hours)) hours; units: \(summary.units.count) (one page each); communities: \(summary.communities.count)")
        func seconds(_ d: Duration) -> String { String(format: "%.1f s", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) }
        print("  time: reading and summing \(seconds(summed - started)), writing \(seconds(written - summed))")
    }
}

enum LedgerFile {
    /// An existing ledger (a typo must not create an empty one).
    static func open(_ path: String, readOnly: Bool = true) throws -> LedgerStore {
        guard FileManager.default.fileExists(atPath: path) else {
            Console.error("\(path): no such ledger; `match record` creates it")
            throw ExitCode(Exit.dataError)
        }
        do { return try LedgerStore(path: path, readOnly: readOnly) } catch {
            Console.error("\(error)")
            throw ExitCode(Exit.dataError)
        }
    }
}
