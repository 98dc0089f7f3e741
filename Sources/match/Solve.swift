import ArgumentParser
import Foundation
import Matcher

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve a scenario: choose projects, lead units, dates and staff; write the plan.",
        discussion: """
        Writes plan.json, projects.csv, roster.csv, members.csv, unmet.csv, units.csv, \
        notices.csv, sessions.ics, plan.xlsx, report.html and the dispatch pages (dispatch/) \
        into --out (default out/<scenario folder>/<variant>/, see docs/OUTPUTS.md) and prints a \
        summary. A folder holding another scenario's plan is not overwritten without --force.

        Exit status: 0 a plan was found, 2 no plan within the limits, 64 bad usage, \
        65 invalid input, 70 internal error, 73 output not writable or holding another \
        scenario's plan.
        """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Solve this variant of the scenario (default: base).")
    var variant: String?

    @Flag(help: "Solve the base scenario and every variant.")
    var allVariants = false

    @Option(help: "Output folder (default: out/<scenario folder>/<variant>/; with several variants, one sub-folder each).")
    var out: String?

    @Flag(help: "Overwrite an output folder even when it holds another scenario's plan.")
    var force = false

    @OptionGroup var limits: SolverOverrides

    @Option(help: "Also write the contract's full model for glpsol or another solver: a path ending in .lp (CPLEX LP) or .mps (free MPS).")
    var exportModel: String?

    @Option(help: "Write the solve's figures (model sizes, phase times, bound, gap) as JSON to this file.")
    var stats: String?

    @Option(help: "Language of the CSV headers and values, plan.xlsx, the pages and the summary: zh or en (default: zh when the scenario's data holds Chinese text, else en).")
    var lang: ReportLanguage?

    @Flag(help: "No progress display.")
    var quiet = false

    @Flag(help: "Show GLPK's own output on stderr.")
    var verbose = false

    func validate() throws {
        if allVariants && variant != nil { throw ValidationError("--variant and --all-variants exclude each other.") }
        if let e = exportModel, !(e.hasSuffix(".lp") || e.hasSuffix(".mps")) {
            throw ValidationError("--export-model needs a path ending in .lp or .mps, not '\(e)'.")
        }
    }

    func run() throws {
        Interrupts.install(quiet: quiet)
        let readStart = Date()
        let loaded: (scenario: Scenario, warnings: [Diagnostic])
        do {
            loaded = try ScenarioReader.load(path: scenario)
        } catch {
            for d in error.diagnostics.sorted() { Console.error(d.description) }
            Console.error("\(error.diagnostics.filter { $0.severity == .error }.count) error(s): no plan was made")
            throw ExitCode(Exit.dataError)
        }
        let sc = loaded.scenario
        let readSeconds = Date().timeIntervalSince(readStart)
        if !quiet { Console.warnings(loaded.warnings, of: scenario, limit: verbose ? nil : 10) }
        let names = allVariants ? ["base"] + sc.variants.map(\.name) : [variant ?? "base"]
        let language = lang ?? ReportLanguage.detect(sc)
        let words = Words(language)
        Interrupts.words = words
        var worst = Exit.ok
        for name in names {
            let settings: Settings
            do { settings = try sc.settings(for: name) } catch {
                Console.error("\(scenario): error: \(error.description)")
                throw ExitCode(Exit.usage)
            }
            let folder: String
            if let out { folder = names.count > 1 ? out + "/" + name : out } else {
                folder = OutputLocation.defaultFolder(scenarioFile: scenario, variant: name)
            }
            if !force, let other = OutputLocation.otherScenario(in: folder, scenarioName: sc.name) {
                Console.error("\(folder): error: holds the plan of another scenario ('\(other)'); give --out for a folder of its own, or --force to overwrite it")
                throw ExitCode(Exit.cantCreate)
            }
            if let exportModel {
                try export(sc, settings: settings, to: names.count > 1 ? insert(name, into: exportModel) : exportModel)
            }
            var options = SolveOptions(settings: settings)
            limits.apply(to: &options)
            options.stop = Interrupts.stop
            let display = ProgressDisplay(label: names.count > 1 ? "\(name):" : "solving", quiet: quiet)
            options.progress = { display.update($0) }
            if verbose { options.log = { Console.error("glpk: " + $0) } }
            let result: SolveResult
            Interrupts.phase = .solving
            do {
                // A stop is answered within half a second whatever phase runs (issue 27).
                result = try Solver.solve(sc, variant: name, options: options, afterStop: 0.5)
            } catch is SolveInterrupted {
                display.finish()
                Console.error(words.interruptedBeforeAPlan(folder: folder))
                throw ExitCode(Interrupts.exitStatus ?? 130)
            } catch {
                display.finish()
                Console.error("\(scenario): error: the solver failed: \(error)")
                throw ExitCode(Exit.software)
            }
            display.finish()
            if let status = Interrupts.exitStatus {
                // Never replace a plan with a worse one, nor write a plan nobody made.
                if result.plan.status == .noPlan {
                    Console.error(words.interruptedBeforeAPlan(folder: folder))
                    throw ExitCode(status)
                }
                if let kept = OutputLocation.betterPlan(in: folder, than: result.plan, scenario: sc, settings: settings) {
                    let beside = folder + "/interrupted"
                    do {
                        try PlanWriter.writeAtomically([("plan.json", try PlanJSON.encode(result.plan))], to: beside)
                    } catch {
                        Console.error("\(beside): error: could not write the plan: \(error)")
                        throw ExitCode(Exit.cantCreate)
                    }
                    Console.error(words.interruptedKeptBetter(folder: folder, kept: String(format: "%.2f", kept.objective),
                                                              found: String(format: "%.2f", result.plan.objective),
                                                              beside: beside + "/plan.json"))
                    throw ExitCode(status)
                }
            }
            let writeStart = Date()
            Interrupts.phase = .writing(folder: folder)
            do {
                try PlanWriter.write(result.plan, scenario: sc, settings: settings, report: language,
                                     projectReasons: result.projectReasons, madeAt: Date(), to: folder)
            } catch {
                Console.error("\(folder): error: could not write the plan: \(error)")
                throw ExitCode(Exit.cantCreate)
            }
            if let stats {
                let path = names.count > 1 ? insert(name, into: stats) : stats
                do {
                var figures = result.stats
                figures.phaseSeconds.insert(("read", readSeconds), at: 0)
                figures.phaseSeconds.append(("write", Date().timeIntervalSince(writeStart)))
                try Data((figures.json(plan: result.plan) + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    Console.error("\(path): error: could not write the statistics: \(error.localizedDescription)")
                    throw ExitCode(Exit.cantCreate)
                }
            }
            Interrupts.phase = .reading
            if names.count > 1 { print("== \(name) ==") }
            let summary = PlanSummary(plan: result.plan, scenario: sc, settings: settings)
            print(summary.render(solveSeconds: result.stats.totalSeconds, words: words))
            print(words.summary("written to") + " \(folder)/")
            if result.plan.status == .noPlan { worst = Exit.noPlan }
            if let status = Interrupts.exitStatus {
                // The rest of --all-variants is not solved.
                throw ExitCode(status)
            }
        }
        if worst != Exit.ok { throw ExitCode(worst) }
    }

    private func export(_ sc: Scenario, settings: Settings, to path: String) throws {
        let graph = EligibilityGraph(scenario: sc, settings: settings)
        let model = ContractModel(scenario: sc, graph: graph)
        do {
            try ModelExport.write(model.lp, to: path)
        } catch {
            Console.error("\(path): error: could not write the model: \(error)")
            throw ExitCode(Exit.cantCreate)
        }
        if !quiet {
            Console.error("model written to \(path): \(model.lp.rows.count) rows, \(model.lp.columns.count) columns, \(model.lp.nonzeroCount) nonzeros")
        }
    }

    private func insert(_ variant: String, into path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        return url.deletingPathExtension().path + "-" + variant + "." + ext
    }
}

extension ReportLanguage: ExpressibleByArgument {}
