import ArgumentParser
import Foundation
import Ledger
import Matcher

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record what happened in a quarter (who came, which projects were completed) in the ledger.",
        discussion: """
            Stores the plan and the attendance sheet in the ledger (an SQLite file, created when \
            missing). The attendance sheet is the plan's roster.csv with an added column attended \
            (到场): 是/否, yes/no, 1/0 or true/false. The optional feedback sheet has a column \
            project and completed (完成) and/or satisfaction (满意度, 1–5); without it a project \
            counts as completed when every one of its sessions had someone there. Recording the \
            same plan (scenario, variant, quarter) again replaces its earlier record. The import \
            is one transaction: on any error the ledger stays as it was. Exit 65: a bad row \
            (unknown member, a session not in the plan, a plan of another scenario), named with \
            file and line.
            """
    )

    @Argument(help: "The scenario file (YAML) the plan was solved from.")
    var scenario: String

    @Argument(help: "The plan file (plan.json).")
    var plan: String

    @Option(help: "The attendance sheet: roster.csv with a column attended (到场).")
    var attendance: String

    @Option(help: "The ledger file (SQLite; created when missing).")
    var ledger: String

    @Option(help: "Per project: completed (是/否) and residents' satisfaction (1–5).")
    var feedback: String?

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let loaded: Scenario
        do {
            loaded = try ScenarioReader.loadWithoutWarnings(path: scenario)
        } catch {
            for d in error.diagnostics.sorted() { Console.error("\(d)") }
            throw ExitCode(Exit.dataError)
        }
        let planValue: Plan
        let planText: String
        do {
            planValue = try PlanJSON.read(path: plan)
            planText = String(decoding: FileManager.default.contents(atPath: plan) ?? Data(), as: UTF8.self)
        } catch {
            Console.error("\(error)")
            throw ExitCode(Exit.dataError)
        }
        let prepared: (recording: Recording, warnings: [Diagnostic])
        do {
            let sheet = try RowTable.read(path: attendance)
            let feedbackSheet = try feedback.map { path throws(InputError) in try RowTable.read(path: path) }
            let needs = try loaded.files.map { f throws(InputError) in try RowTable.read(path: f.needs) }
            prepared = try Recorder.prepare(scenario: loaded, plan: planValue, planFile: plan, planText: planText,
                                            attendance: sheet, feedback: feedbackSheet, needsTable: needs)
        } catch {
            for d in error.diagnostics.sorted() { Console.error("\(d)") }
            throw ExitCode(Exit.dataError)
        }
        for w in prepared.warnings.prefix(10) { Console.error(w.description) }
        if prepared.warnings.count > 10 { Console.error("… and \(prepared.warnings.count - 10) more planned sessions missing from \(attendance)") }
        let checked = clock.now
        let store: LedgerStore
        do { store = try LedgerStore(path: ledger) } catch {
            Console.error("\(error)")
            throw ExitCode(Exit.cantCreate)
        }
        let result: (planID: Int64, replaced: Bool)
        do { result = try store.record(prepared.recording) } catch {
            Console.error("\(ledger): the import failed and was rolled back (\(error))")
            throw ExitCode(Exit.cantCreate)
        }
        let stored = clock.now
        let r = prepared.recording
        let attended = r.sessions.filter(\.attended)
        let hours = attended.reduce(0) { $0 + $1.hours }
        let completed = r.projects.filter(\.completed).count
        print("\(ledger): recorded \"\(r.plan.scenario)\" \(r.plan.variant) \(r.plan.quarter)"
              + (result.replaced ? " (replacing its earlier record)" : ""))
        print("  sessions: \(attended.count) of \(r.sessions.count) attended (\(r.sessions.count - attended.count) absent), "
              + "\(Sheet.number(hours)) hours; projects completed: \(completed) of \(r.projects.count)")
        func seconds(_ d: Duration) -> String { String(format: "%.1f s", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) }
        print("  time: reading and checking \(seconds(checked - started)), storing \(seconds(stored - checked))")
    }
}

/// Numbers in the ledger commands' output.
enum Sheet {
    static func number(_ x: Double) -> String {
        var s = String(format: "%.2f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
