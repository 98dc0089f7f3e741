import ArgumentParser
import Foundation
import Matcher

struct Replan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Repair an announced plan after changes (a member drops out, a unit withdraws, …) with the least change.",
        discussion: """
            CHANGES.csv (or a workbook sheet) has columns change, id, date (变动, 编号, 日期); change is \
            member-unavailable (id a member, date the day they cannot come), member-leaves, \
            unit-withdraws, project-cancelled (date: from when; default --today) or need-added \
            (id a need added to needs.csv after the plan). Sessions before --today stay as they \
            happened; announced sessions keep their dates and staff unless a change forces \
            otherwise: each member-session removed or added costs --change-weight. Writes the new \
            plan's usual files, changes.csv (whom to tell what, with the notice text), summary.txt \
            and the changed scenario (scenario/) for the independent checker — all or nothing. \
            Exit 65: a bad change row, plan or scenario (named with file and line); 73: the folder \
            cannot be written.
            """
    )

    @Argument(help: "The scenario file (YAML) the plan was solved from (with any need rows added).")
    var scenario: String

    @Argument(help: "The announced plan (plan.json).")
    var plan: String

    @Option(help: "The change list: CSV or book.xlsx[#Sheet] with columns change, id, date.")
    var changes: String

    @Option(help: "Sessions before this date (YYYY-MM-DD) are fixed as they happened (default: the system date).")
    var today: String?

    @Option(help: "Cost per member-session removed or added, against the objective (default: the scenario's weights.change, else 5).")
    var changeWeight: Double?

    @Option(help: "Output folder (default: out/<scenario folder>/<variant>-replan).")
    var out: String?

    @Option(help: "Language of the CSV headers and values, the notices and the summary: zh or en (default: as match solve).")
    var lang: ReportLanguage?

    func validate() throws {
        if let changeWeight, !(changeWeight >= 0 && changeWeight <= 1e6) {
            throw ValidationError("--change-weight must be a number from 0 to 1000000, not \(changeWeight).")
        }
        if let today, Day(iso: today) == nil { throw ValidationError("--today must be a date YYYY-MM-DD, not '\(today)'.") }
    }

    func run() throws {
        let loaded: Scenario
        do {
            loaded = try ScenarioReader.loadWithoutWarnings(path: scenario)
        } catch {
            for d in error.diagnostics.sorted() { Console.error("\(d)") }
            throw ExitCode(Exit.dataError)
        }
        let planValue: Plan
        do {
            planValue = try PlanJSON.read(path: plan)
            try Replanner.checkPlan(planValue, scenario: loaded, file: plan)
            _ = try loaded.settings(for: planValue.variant)
        } catch let e as ReplanError {
            for d in e.diagnostics { Console.error("\(d)") }
            throw ExitCode(Exit.dataError)
        } catch {
            Console.error("\(error)")
            throw ExitCode(Exit.dataError)
        }
        for w in Replanner.planWarnings(planValue, scenario: loaded, file: plan, language: lang ?? ReportLanguage.detect(loaded)) {
            Console.error("\(w)")
        }
        let day = today.flatMap { Day(iso: $0) } ?? Replan.systemDay()
        let list: [Change]
        do {
            list = try ChangeList.read(path: changes, scenario: loaded, plan: planValue, today: day)
        } catch {
            for d in error.diagnostics.sorted() { Console.error("\(d)") }
            throw ExitCode(Exit.dataError)
        }
        var options = ReplanOptions(today: day)
        options.changeWeight = changeWeight ?? ((try? loaded.settings(for: planValue.variant))?.changeWeight ?? ReplanOptions.defaultChangeWeight)
        options.timeLimitSeconds = loaded.settings.timeLimitSeconds
        let result: ReplanResult
        do {
            result = try Replanner.replan(scenario: loaded, plan: planValue, changes: list, options: options)
        } catch let e as InputError {
            for d in e.diagnostics.sorted() { Console.error("\(d)") }
            throw ExitCode(Exit.dataError)
        } catch {
            Console.error("replan failed: \(error)")
            throw ExitCode(Exit.software)
        }
        let folder = out ?? OutputLocation.defaultFolder(scenarioFile: scenario, variant: planValue.variant + "-replan")
        let language = lang ?? ReportLanguage.detect(loaded)
        do {
            // The calendar published with the plan (beside plan.json), so SEQUENCE numbers carry on.
            let calendarPath = ((plan as NSString).deletingLastPathComponent as NSString).appendingPathComponent("sessions.ics")
            let previous = try? String(contentsOfFile: calendarPath, encoding: .utf8)
            let files = try ReplanOutputs.files(result, original: loaded, language: language, folder: folder,
                                                previousCalendar: previous, madeAt: Date())
            try OutputFolder.replace(folder, with: files)
        } catch {
            Console.error("\(error)")
            throw ExitCode(Exit.cantCreate)
        }
        for line in ReplanOutputs.summary(result, language: language, folder: folder) { print(line) }
    }

    /// Today in China (UTC+8), where the street office is.
    static func systemDay() -> Day {
        let seconds = Date().timeIntervalSince1970 + 8 * 3600
        return Day(year: 1970, month: 1, day: 1)!.adding(days: Int((seconds / 86400).rounded(.down)))
    }
}
