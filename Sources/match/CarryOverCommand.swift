import ArgumentParser
import Foundation
import Ledger
import Matcher

struct CarryOverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carry-over",
        abstract: "Write the next quarter's scenario folder from this quarter's and the ledger.",
        discussion: """
            Needs covered by a completed project are dropped; the other needs are kept with \
            urgency + 1 (at most 5) and a column quarters_waited; members with no attended \
            session this year get min_sessions 1; the other lists, the rules, weights and \
            variants are carried as they are. Prints what changed. The folder is written all or \
            nothing.
            """
    )

    @Argument(help: "This quarter's scenario file (YAML), recorded with `match record`.")
    var scenario: String

    @Option(help: "The ledger file (SQLite).")
    var ledger: String

    @Option(help: "The next quarter, like 2027Q2.")
    var quarter: String

    @Option(help: "The folder to write (scenario.yaml and the five lists).")
    var out: String

    @Option(help: "The recorded variant to carry over (needed when several were recorded).")
    var variant: String?

    func run() throws {
        let loaded: Scenario
        do {
            loaded = try ScenarioReader.loadWithoutWarnings(path: scenario)
        } catch {
            for d in error.diagnostics.sorted() { Console.error("\(d)") }
            throw ExitCode(Exit.dataError)
        }
        let store = try LedgerFile.open(ledger)
        let result: CarryOver.Result
        do {
            result = try CarryOver.prepare(scenario: loaded, ledger: store, options: .init(quarter: quarter, variant: variant))
        } catch let f as CarryOver.Failure {
            Console.error(f.message)
            throw ExitCode(f.isUsage ? Exit.usage : Exit.dataError)
        } catch let e as InputError {
            for d in e.diagnostics.sorted() { Console.error("\(d)") }
            throw ExitCode(Exit.dataError)
        }
        do {
            try CarryOver.writeFolder(result.files, to: out)
        } catch {
            Console.error("\(error)")
            throw ExitCode(Exit.cantCreate)
        }
        for line in CarryOver.describe(result, quarter: quarter.uppercased(), folder: out) { print(line) }
    }
}
