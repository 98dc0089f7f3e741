import ArgumentParser
import Matcher

/// `match validate SCENARIO.yaml`: reads the scenario and its five lists and reports every problem.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario and its five lists; print every error and warning.",
        discussion: "Diagnostics go to stderr, one per line (file:line: error: column: message). Exit status 65 when any error exists, 0 otherwise."
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    func run() throws {
        let (result, diagnostics) = ScenarioReader.read(path: scenario)
        for d in diagnostics.sorted() { Console.error(d.description) }
        let errors = diagnostics.filter(\.isError).count
        let warnings = diagnostics.count - errors
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        if let s = result, errors == 0 {
            var summary = "ok: " + [plural(s.communities.count, "community").replacingOccurrences(of: "communitys", with: "communities"),
                                    plural(s.needs.count, "need"), plural(s.units.count, "unit"),
                                    plural(s.projects.count, "project"), plural(s.members.count, "member")].joined(separator: ", ")
            if !s.variants.isEmpty { summary += ", " + plural(s.variants.count, "variant") }
            if warnings > 0 { summary += "; " + plural(warnings, "warning") }
            print(summary)
            let placed = s.members.lazy.filter(\.placedAtCommunity).count
            if placed > 0 { print(Words(ReportLanguage.detect(s)).membersPlacedAtCommunity(placed)) }
        } else {
            Console.error(plural(errors, "error") + ", " + plural(warnings, "warning"))
            throw ExitCode(Exit.dataError)
        }
    }
}
