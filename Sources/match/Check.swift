import ArgumentParser
import Foundation
import Matcher

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a plan.json (also one edited by hand) against every rule of its scenario.",
        discussion: """
            Checks every rule of the model (lead units, dates, funds, budgets, staffing, skills, \
            sessions per member, double-booking, needs) and recomputes the objective. Prints each \
            violation in words, then a verdict line. Exit 0: feasible and the stated objective is \
            right; 2: violations; 65: the scenario or the plan cannot be read.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Argument(help: "The plan file (plan.json).")
    var plan: String

    @Option(help: "Check against this variant's rules (default: the variant the plan names).")
    var variant: String?

    func run() throws {
        let loaded: Scenario
        do {
            loaded = try ScenarioReader.load(path: scenario).scenario
        } catch {
            for d in error.diagnostics.sorted() { Console.error("\(d)") }
            throw ExitCode(Exit.dataError)
        }
        let planValue: Plan
        do {
            planValue = try PlanJSON.read(path: plan)
        } catch {
            Console.error("\(error)")
            throw ExitCode(Exit.dataError)
        }
        let settings: Settings
        do {
            settings = try loaded.settings(for: variant ?? planValue.variant)
        } catch {
            Console.error("\(scenario): \(error)")
            throw ExitCode(variant == nil ? Exit.dataError : Exit.usage)
        }
        let report = PlanCheckCommand.report(plan: planValue, scenario: loaded, settings: settings)
        for line in report.diagnostics { Console.error(line) }
        print(report.output, terminator: "")
        switch report.verdict {
        case .ok: return
        case .violations: throw ExitCode(Exit.noPlan)
        case .unreadable: throw ExitCode(Exit.dataError)
        }
    }
}
