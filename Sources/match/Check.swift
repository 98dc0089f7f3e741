import ArgumentParser
import Foundation
import Matcher

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a plan.json, or an edited roster (roster.csv, plan.xlsx#排班表), against every rule of its scenario.",
        discussion: """
            Checks every rule of the model (lead units, dates, funds, budgets, staffing, skills, \
            sessions per member, double-booking, needs) and recomputes the objective. Prints each \
            violation in words, then a verdict line. Instead of plan.json it also takes a roster \
            edited by hand (roster.csv, or plan.xlsx / plan.xlsx#排班表 with rows moved): the \
            assignments and each project's dates come from the roster's rows (member, project, \
            date), lead units and funds from the plan.json beside it (or --plan); the objective \
            is recomputed, and a stated one that merely differs after the edit is a note. Exit \
            0: feasible and the stated objective is right; 2: violations; 65: the scenario or \
            the plan cannot be read.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Argument(help: "The plan file (plan.json), or an edited roster (roster.csv, plan.xlsx[#排班表]).")
    var plan: String

    @Option(help: "With a roster: the plan.json it came from (default: plan.json beside the roster).")
    var basePlan: String?

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
        var planValue: Plan
        let roster = RosterPlan.isRoster(plan)
        do {
            let file = plan.split(separator: "#", maxSplits: 1).first.map(String.init) ?? plan
            planValue = try PlanJSON.read(path: roster ? basePlan ?? ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("plan.json") : plan)
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
        if roster {
            do {
                let edited = try RosterPlan.plan(roster: RosterPlan.read(path: plan), base: planValue, scenario: loaded, settings: settings)
                for note in edited.notes { Console.error("note: \(note)") }
                planValue = edited.plan
            } catch {
                for d in error.diagnostics.sorted() { Console.error("\(d)") }
                throw ExitCode(Exit.dataError)
            }
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
