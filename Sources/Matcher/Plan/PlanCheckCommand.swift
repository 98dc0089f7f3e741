import Foundation

/// The work of `match check SCENARIO.yaml PLAN.json [--variant NAME]` once the scenario is read:
/// read the plan, check it, and say what was found in words. The executable only parses
/// arguments, reads the scenario and maps the verdict to an exit status.
public enum PlanCheckCommand {
    public enum Verdict: Hashable, Sendable {
        /// Feasible, and the stated objective is right (exit 0).
        case ok
        /// Violations, or a wrong stated objective (exit 2, `Exit.noPlan`).
        case violations
        /// The plan file could not be read (exit 65, `Exit.dataError`).
        case unreadable
    }

    public struct Report: Hashable, Sendable {
        /// For stdout: one violation per line, then the verdict line.
        public var output: String
        /// For stderr: why the plan could not be read, or remarks (a stated term that is off).
        public var diagnostics: [String]
        public var verdict: Verdict
        public var result: PlanCheckResult?
    }

    /// At most this many violations are printed; the verdict line gives the full count.
    public static let printedViolations = 200

    /// Reads and checks the plan at `planPath`. `ok` is true only for a feasible plan whose
    /// stated objective is right; an unreadable plan gives `ok == false` and the reason in `output`.
    public static func run(planPath: String, scenario: Scenario, settings: Settings) -> (output: String, ok: Bool) {
        let r = report(planPath: planPath, scenario: scenario, settings: settings)
        let text = r.diagnostics.map { $0 + "\n" }.joined() + r.output
        return (text, r.verdict == .ok)
    }

    public static func report(planPath: String, scenario: Scenario, settings: Settings) -> Report {
        let plan: Plan
        do {
            plan = try PlanJSON.read(path: planPath)
        } catch {
            return Report(output: "", diagnostics: ["\(error.description)"], verdict: .unreadable, result: nil)
        }
        return report(plan: plan, scenario: scenario, settings: settings)
    }

    public static func report(plan: Plan, scenario: Scenario, settings: Settings) -> Report {
        let result = PlanCheck.check(plan, scenario: scenario, settings: settings)
        var lines: [String] = []
        if plan.scenario != scenario.name {
            lines.append("the plan is for scenario '\(plan.scenario)', not '\(scenario.name)'")
        }
        lines += result.violations
        if !result.statedObjectiveMatches {
            lines.append("stated objective \(NumberText.plain(plan.objective, decimals: 6)) differs from the recomputed \(NumberText.plain(result.objective, decimals: 6))")
        }
        if !result.statedTermsMatch {
            let t = plan.objectiveTerms, r = result.terms
            lines.append("stated objective_terms (needs \(NumberText.plain(t.needs)), distance \(NumberText.plain(t.distance)), unit shortfall \(NumberText.plain(t.unitShortfall)), participation \(NumberText.plain(t.participation))) differ from the recomputed ones (needs \(NumberText.plain(r.needs)), distance \(NumberText.plain(r.distance)), unit shortfall \(NumberText.plain(r.unitShortfall)), participation \(NumberText.plain(r.participation)))")
        }
        let diagnostics: [String] = []
        var output = ""
        for line in lines.prefix(printedViolations) { output += line + "\n" }
        if lines.count > printedViolations { output += "… and \(lines.count - printedViolations) more\n" }
        let t = result.terms
        // The participation term (contract v2) is named only where the scenario uses it.
        let participationText = settings.participationShortfall != 0 || t.participation != 0
            ? " − participation \(NumberText.plain(t.participation))" : ""
        let objectiveText = "objective \(NumberText.plain(result.objective)) (needs \(NumberText.plain(t.needs)) − distance \(NumberText.plain(t.distance)) − unit shortfall \(NumberText.plain(t.unitShortfall))\(participationText))"
        if lines.isEmpty {
            output += "plan is feasible; \(objectiveText)\n"
        } else {
            output += "\(NumberText.count(lines.count, "violation")); recomputed \(objectiveText)\n"
        }
        return Report(output: output, diagnostics: diagnostics, verdict: lines.isEmpty ? .ok : .violations, result: result)
    }
}
