import ArgumentParser
import Foundation
import Matcher

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve scenarios and all their variants; compare the plans side by side.",
        discussion: """
        Solves the base and every variant of each scenario file (two at a time), prints a table of \
        the key figures (variants with their difference to the base) and writes compare.csv, \
        compare.md (what each variant changes), compare.html (the same as a page to read, with \
        charts) and every plan as `match solve` writes it (with its report.html), in \
        <out>/<scenario folder>/<variant>/. --out defaults to out/<first scenario folder>/compare/.

        Exit status: 0 every plan was found, 2 some solve found no plan, 64 bad command line, \
        65 invalid input, 70 the solver failed, 73 output not writable.
        """
    )

    @Argument(help: "The scenario files (YAML).")
    var scenarios: [String]

    @Option(help: "Output folder (default: out/<first scenario folder>/compare/).")
    var out: String?

    @OptionGroup var limits: SolverOverrides

    @Option(help: "Solves run at once (1 or 2).")
    var jobs: Int = 2

    @Option(help: "Language of compare.html and every report.html: zh or en (default: zh when the data holds Chinese text, else en).")
    var lang: ReportLanguage?

    @Flag(help: "No progress display.")
    var quiet = false

    func validate() throws {
        if scenarios.isEmpty { throw ValidationError("Name at least one scenario file.") }
        if !(1...2).contains(jobs) { throw ValidationError("--jobs must be 1 or 2, not \(jobs).") }
    }

    func run() throws {
        Interrupts.install(quiet: quiet)
        // compare keeps its own rule: a first signal stops the solves and the comparison so far is written.
        Interrupts.phase = .solving
        // Read every file first: a bad one stops the comparison before any solving.
        var loaded: [(path: String, stem: String, scenario: Scenario)] = []
        var failed = false
        var stems = Set<String>()
        for path in scenarios {
            do {
                let (sc, warnings) = try ScenarioReader.load(path: path)
                if !quiet { Console.warnings(warnings, of: path) }
                // Named by folder (OutputLocation.scenarioName); two files with the same name (a/q/scenario.yaml, b/q/scenario.yaml) get q, q-2, ….
                let plain = OutputLocation.scenarioName(scenarioFile: path)
                var stem = plain, k = 1
                while stems.contains(stem) { k += 1; stem = "\(plain)-\(k)" }
                stems.insert(stem)
                loaded.append((path, stem, sc))
            } catch {
                for d in error.diagnostics.sorted() { Console.error(d.description) }
                Console.error("\(path): \(error.diagnostics.filter { $0.severity == .error }.count) error(s)")
                failed = true
            }
        }
        if failed {
            Console.error("nothing was compared")
            throw ExitCode(Exit.dataError)
        }

        struct Item { var file: Int; var variant: String; var settings: Settings; var label: String }
        var items: [Item] = []
        for (f, l) in loaded.enumerated() {
            for name in ["base"] + l.scenario.variants.map(\.name) {
                let settings: Settings
                do { settings = try l.scenario.settings(for: name) } catch {
                    Console.error("\(l.path): error: \(error.description)")
                    throw ExitCode(Exit.usage)
                }
                items.append(Item(file: f, variant: name, settings: settings,
                                  label: loaded.count > 1 ? "\(l.stem)/\(name)" : name))
            }
        }

        let display = BatchProgressDisplay(labels: items.map(\.label), quiet: quiet)
        let jobs = items.enumerated().map { i, item in
            var options = SolveOptions(settings: item.settings)
            limits.apply(to: &options)
            options.stop = Interrupts.stop
            options.progress = { display.update(i, $0) }
            return BatchJob(scenario: loaded[item.file].scenario, variant: item.variant, options: options)
        }
        let results = BatchSolver.solve(jobs, maxConcurrent: self.jobs,
                                        started: { display.started($0) },
                                        finished: { i, r in display.finished(i, seconds: (try? r.get())?.stats.totalSeconds) })
        display.finish()

        var entries: [Comparison.Entry] = []
        var projectReasons: [[String]] = []
        for (i, item) in items.enumerated() {
            let sc = loaded[item.file].scenario
            switch results[i] {
            case .success(let r):
                entries.append(Comparison.Entry(label: item.label, group: loaded[item.file].stem, scenario: sc,
                                                settings: item.settings, plan: r.plan, seconds: r.stats.totalSeconds))
                projectReasons.append(r.projectReasons)
            case .failure(let error):
                Console.error("\(loaded[item.file].path) (\(item.variant)): error: the solver failed: \(error)")
                throw ExitCode(Exit.software)
            }
        }

        let folder = out ?? "out/\(loaded[0].stem)/compare"
        for (i, item) in items.enumerated() {
            let dir = folder + "/" + loaded[item.file].stem + "/" + item.variant
            do {
                try PlanWriter.write(entries[i].plan, scenario: entries[i].scenario, settings: item.settings,
                                     report: lang ?? ReportLanguage.detect(entries[i].scenario),
                                     projectReasons: projectReasons[i], madeAt: Date(), to: dir)
            } catch {
                Console.error("\(dir): error: could not write the plan: \(error)")
                throw ExitCode(Exit.cantCreate)
            }
        }
        let comparison = Comparison(entries)
        do {
            try PlanWriter.writeAtomically([("compare.csv", comparison.csv().data),
                                            ("compare.md", Data(comparison.markdown().utf8)),
                                            (CompareReport.fileName,
                                             Data(CompareReport.render(comparison, language: lang ?? CompareReport.defaultLanguage(comparison)).utf8))],
                                           to: folder)
        } catch {
            Console.error("\(folder): error: could not write the comparison: \(error)")
            throw ExitCode(Exit.cantCreate)
        }
        print(comparison.table(), terminator: "")
        print("written to \(folder)/ (compare.csv, compare.md, compare.html, one folder per plan)")
        if let status = Interrupts.exitStatus { throw ExitCode(status) }
        if entries.contains(where: { $0.plan.status == .noPlan }) { throw ExitCode(Exit.noPlan) }
    }
}

/// One progress display for a whole batch on stderr: a live line on a terminal showing how
/// many solves are done and the state of those running; on a pipe, a line when a solve starts
/// or ends and every few seconds otherwise; nothing when quiet. Thread-safe.
final class BatchProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let labels: [String]
    private let quiet: Bool
    private let start = Date()
    private var running: [Int: (phase: String, gap: Double?)] = [:]
    private var done = 0
    private var lastPrint = -1.0
    private var status = StatusLine()
    private var live: Bool { status.live }

    init(labels: [String], quiet: Bool) {
        self.labels = labels
        self.quiet = quiet
    }

    private var elapsed: Double { Date().timeIntervalSince(start) }

    func started(_ i: Int) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        running[i] = ("starting", nil)
        if !live { Console.error(String(format: "compare %6.1fs  %@: started", elapsed, labels[i])) }
        show(force: true)
    }

    func update(_ i: Int, _ p: SolveProgress) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        running[i] = (p.phase, p.gap)
        show(force: false)
    }

    func finished(_ i: Int, seconds: Double?) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        running[i] = nil
        done += 1
        if !live {
            let how = seconds.map { String(format: "done in %.1fs", $0) } ?? "failed"
            Console.error(String(format: "compare %6.1fs  %@: %@ (%d of %d)", elapsed, labels[i], how, done, labels.count))
        }
        show(force: true)
    }

    /// Caller holds the lock.
    private func show(force: Bool) {
        let now = elapsed
        let interval = live ? 0.2 : 5.0
        guard force && live || now - lastPrint >= interval else { return }
        lastPrint = now
        var line = String(format: "compare %6.1fs  %d of %d done", now, done, labels.count)
        for i in running.keys.sorted() {
            let p = running[i]!
            line += "  | \(labels[i]): \(p.phase)"
            if let g = p.gap { line += String(format: " gap %.2f%%", g * 100) }
        }
        if live || !force { status.show(line) }
    }

    /// Ends the live line.
    func finish() {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        status.finish()
    }
}
