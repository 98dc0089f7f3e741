import Foundation

/// Where `match solve` writes when no `--out` is given, and the guard that keeps two
/// scenarios from overwriting each other's plans.
public enum OutputLocation {
    /// `out/<scenario folder>/<variant>`: the name of the folder holding the scenario file,
    /// followed by `-<file stem>` unless the file is called `scenario.yaml` — so
    /// `q1/scenario.yaml` and `q2/scenario.yaml` go to `out/q1/base` and `out/q2/base`, and
    /// `plans/q1.yaml` to `out/plans-q1/base`.
    public static func defaultFolder(scenarioFile: String, variant: String) -> String {
        "out/" + scenarioName(scenarioFile: scenarioFile) + "/" + variant
    }

    /// The scenario's name for folders: `q1` for `q1/scenario.yaml`, `plans-q3` for `plans/q3.yaml`.
    public static func scenarioName(scenarioFile: String) -> String {
        let url = URL(fileURLWithPath: scenarioFile).standardizedFileURL
        let stem = url.deletingPathExtension().lastPathComponent
        var folder = url.deletingLastPathComponent().lastPathComponent
        if folder.isEmpty || folder == "/" { folder = "scenario" }
        return stem == "scenario" ? folder : folder + "-" + stem
    }

    /// The scenario name of the plan already in `folder` when it is not `scenarioName`
    /// (nil when the folder holds no readable plan or a plan of this scenario).
    public static func otherScenario(in folder: String, scenarioName: String) -> String? {
        let path = (folder as NSString).appendingPathComponent("plan.json")
        guard let data = FileManager.default.contents(atPath: path),
              let plan = try? PlanJSON.decode(data, file: path) else { return nil }
        return plan.scenario == scenarioName ? nil : plan.scenario
    }

    /// The plan already in `folder` when it is a plan of this scenario and variant that is
    /// feasible for `scenario` as it is now, states its objective right, and is at least as
    /// good as `plan`: an interrupted solve must not replace it (issue 27). nil otherwise.
    public static func betterPlan(in folder: String, than plan: Plan, scenario: Scenario, settings: Settings) -> Plan? {
        let path = (folder as NSString).appendingPathComponent("plan.json")
        guard let data = FileManager.default.contents(atPath: path),
              let old = try? PlanJSON.decode(data, file: path),
              old.scenario == scenario.name, old.variant == plan.variant, old.status != .noPlan else { return nil }
        let check = PlanCheck.check(old, scenario: scenario, settings: settings)
        guard check.passed, check.objective >= plan.objective - 1e-9 * max(1, abs(plan.objective)) else { return nil }
        return old
    }
}
