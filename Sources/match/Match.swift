import ArgumentParser
import Matcher

@main
struct Match: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Plans a quarter of community co-building projects for a street office.",
        version: MatchVersion.string,
        subcommands: [Init.self, Validate.self, Solve.self, Check.self, Generate.self, Compare.self, Serve.self,
                      Record.self, LedgerReport.self, CarryOverCommand.self, Replan.self, IntakeCommand.self]
    )
}
