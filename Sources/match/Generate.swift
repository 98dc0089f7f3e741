import ArgumentParser
import Foundation
import Matcher

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic, realistic scenario (scenario.yaml and the five lists).",
        discussion: """
            Presets: street (1 street, 8 communities, 40 units, 150 needs, 60 projects, 2,000 members); \
            district (6 streets, 50 communities, 450 units, 900 needs, 360 projects, 12,000 members); \
            city (100 streets, 800 communities, 3,600 units, 14,000 needs, 6,000 projects, 171,000 members).

            The size options override the preset. The same seed always gives byte-identical files.
            """
    )

    @Option(help: "street, district or city.")
    var preset: GeneratorConfig.Preset = .street

    @Option(help: "Seed of the pseudo-random numbers.")
    var seed: UInt64 = 1

    @Option(help: "Output folder (default: generated/<preset>-<seed>).")
    var out: String?

    @Flag(help: "Overwrite the files of a non-empty output folder.")
    var force = false

    @Option(help: "Number of streets (street offices).") var streets: Int?
    @Option(help: "Number of communities, spread over the streets.") var communities: Int?
    @Option(help: "Number of units (双报到 units).") var units: Int?
    @Option(help: "Number of in-service Party members.") var members: Int?
    @Option(help: "Number of resident needs.") var needs: Int?
    @Option(help: "Number of candidate projects.") var projects: Int?
    @Option(help: "Service circle written to scenario.yaml, km (default 2.0).") var maxDistanceKm: Double?
    @Option(help: "Street budget written to scenario.yaml, yuan (default: drawn from the projects' costs).") var streetBudget: Int?
    @Option(help: "Distance cost per km written to scenario.yaml (default 0.5).") var distancePerKm: Double?
    @Option(help: "Share of members (0 to 1) written with empty lat/lon, who then stand at their community (default 0).")
    var membersWithoutCoordinates: Double?
    @Option(help: "Spacing written to scenario.yaml: rules.min_days_between_sessions, days (default: none).") var minGapDays: Int?
    @Flag(help: "Give some projects their own spacing (a min_gap_days column: 0, 3 or 14 days; empty for the rule's).")
    var projectGaps = false
    @Flag(help: "Write rules.street_budgets: each street's share of the projects' cost, 0.9 of the street budget in all.")
    var streetBudgets = false

    func run() throws {
        var config = GeneratorConfig(preset: preset, seed: seed)
        if let streets { config.streets = streets }
        if let communities { config.communities = communities }
        if let units { config.units = units }
        if let members { config.members = members }
        if let needs { config.needs = needs }
        if let projects { config.projects = projects }
        config.maxDistanceKm = maxDistanceKm
        config.streetBudget = streetBudget
        config.distancePerKm = distancePerKm
        if let membersWithoutCoordinates { config.membersWithoutCoordinates = membersWithoutCoordinates }
        config.minGapDays = minGapDays
        config.projectGaps = projectGaps
        config.streetBudgets = streetBudgets
        // A custom street count with the preset's communities would leave empty streets.
        if streets != nil && communities == nil { config.communities = max(config.communities, config.streets) }
        let problems = config.problems
        guard problems.isEmpty else {
            throw ValidationError(problems.joined(separator: "\n"))
        }
        let dir = out ?? config.defaultDirectory
        let result: GeneratedScenario
        do {
            result = try ScenarioGenerator.write(config, to: dir, overwrite: force)
        } catch let e as GeneratorError {
            Console.error("match generate: \(e)")
            throw ExitCode(Exit.cantCreate)
        }
        print("wrote \(result.directory)/")
        print("  scenario.yaml    street_budget \(result.streetBudget) (projects cost \(result.totalProjectCost) in all)")
        print("  communities.csv  \(result.communities) in \(result.streets) street\(result.streets == 1 ? "" : "s")")
        print("  needs.csv        \(result.needs) (\(result.unlistedNeeds) listed by no project)")
        print("  units.csv        \(result.units)")
        print("  projects.csv     \(result.projects)")
        print("  members.csv      \(result.members)")
    }
}

extension GeneratorConfig.Preset: ExpressibleByArgument {}
