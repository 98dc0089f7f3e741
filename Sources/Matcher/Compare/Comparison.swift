import Foundation

/// Solved plans side by side (`match compare`, docs/COMPARE.md): the key figures of each as a
/// table (`table()` for the terminal, `csv()` for compare.csv), and for every variant what
/// changed against the base of its scenario file (`changes(of:)`, `markdown()` for compare.md).
///
/// The figures are `PlanSummary`'s and the plan's objective terms, nothing recomputed here.
/// Everything is a function of the entries in their given order; the solve time is the only
/// figure that varies between two runs on the same input: it is the last row of the table
/// and the CSV, and absent from the Markdown.
public struct Comparison: Sendable {
    public struct Entry: Sendable {
        /// The column's heading: the variant ("base", "wider-circle"), or "stem/variant" when
        /// several scenario files are compared.
        public var label: String
        /// Which scenario file the entry belongs to: a variant's base is the entry of the same
        /// group whose plan's variant is "base".
        public var group: String
        public var scenario: Scenario
        public var settings: Settings
        public var plan: Plan
        /// Wall-clock seconds of the solve.
        public var seconds: Double
        public var summary: PlanSummary

        public init(label: String, group: String = "", scenario: Scenario, settings: Settings, plan: Plan, seconds: Double) {
            self.label = label; self.group = group; self.scenario = scenario; self.settings = settings
            self.plan = plan; self.seconds = seconds
            summary = PlanSummary(plan: plan, scenario: scenario, settings: settings)
        }
    }

    /// What a variant changes against its base: ids in ascending order.
    public struct Changes: Hashable, Sendable {
        /// Projects the variant runs and the base does not.
        public var projectsAdded: [String]
        /// Projects the base runs and the variant does not.
        public var projectsDropped: [String]
        /// Needs the variant covers and the base leaves unmet.
        public var needsNewlyCovered: [String]
        /// Needs the base covers and the variant leaves unmet.
        public var needsNewlyUnmet: [String]
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) { self.entries = entries }

    /// The index of entry `i`'s base, nil for a base itself or when its group has none.
    public func baseIndex(of i: Int) -> Int? {
        guard entries[i].plan.variant != "base" else { return nil }
        return entries.indices.first { entries[$0].group == entries[i].group && entries[$0].plan.variant == "base" }
    }

    /// What entry `i` changes against its base; nil for a base.
    public func changes(of i: Int) -> Changes? {
        guard let b = baseIndex(of: i) else { return nil }
        let sc = entries[i].scenario
        let base = entries[b]
        guard base.scenario.projects.count == sc.projects.count, base.scenario.needs.count == sc.needs.count else { return nil }
        let runV = PlanSummary.runningProjects(entries[i].plan, scenario: sc)
        let runB = PlanSummary.runningProjects(base.plan, scenario: sc)
        let covV = PlanSummary.coveredNeeds(running: runV, scenario: sc)
        let covB = PlanSummary.coveredNeeds(running: runB, scenario: sc)
        func ids(_ flags: [Bool], _ id: (Int) -> String) -> [String] {
            flags.indices.filter { flags[$0] }.map(id).sorted()
        }
        return Changes(
            projectsAdded: ids(zip(runV, runB).map { $0 && !$1 }) { sc.projects[$0].id },
            projectsDropped: ids(zip(runV, runB).map { !$0 && $1 }) { sc.projects[$0].id },
            needsNewlyCovered: ids(zip(covV, covB).map { $0 && !$1 }) { sc.needs[$0].id },
            needsNewlyUnmet: ids(zip(covV, covB).map { !$0 && $1 }) { sc.needs[$0].id })
    }

    // MARK: - Figures

    /// One row of the table: a number per entry (or a text, for the status).
    struct Figure {
        var label: String
        var values: [Double]
        var text: [String]? = nil
        var decimals: Int
        /// Whether variants show a difference to their base.
        var differences = true
    }

    var figures: [Figure] {
        func row(_ label: String, decimals: Int = 0, _ value: (Entry) -> Double) -> Figure {
            Figure(label: label, values: entries.map(value), decimals: decimals)
        }
        // Participation rows (contract v2) only when some entry sets a target or a weight, so that a
        // variant changing participation_shortfall shows its trade-off against needs and distance.
        let w = ReportLanguage.en
        let participation = entries.contains { $0.summary.participation != nil }
        let participationTerm = participation ? [row("  " + w.word(.participationTerm), decimals: 2) { $0.plan.objectiveTerms.participation }] : []
        let participationCounts = participation ? [
            row(w.word(.membersBelowTarget)) { Double($0.summary.participation?.belowTarget ?? 0) },
            row(w.word(.shortfallSessions)) { Double($0.summary.participation?.shortfallSessions ?? 0) },
        ] : []
        return [
            Figure(label: "status", values: [], text: entries.map { $0.plan.status.rawValue }, decimals: 0, differences: false),
            row("gap (%)", decimals: 2) { $0.summary.gap * 100 },
            row("objective", decimals: 2) { $0.summary.objective },
            row("  needs term", decimals: 2) { $0.plan.objectiveTerms.needs },
            row("  distance term", decimals: 2) { $0.plan.objectiveTerms.distance },
            row("  unit shortfall term", decimals: 2) { $0.plan.objectiveTerms.unitShortfall },
        ] + participationTerm + [
            row("needs covered") { Double($0.summary.needsCovered) },
            row("needs covered (% of weight)", decimals: 1) { $0.summary.weightCoveredFraction * 100 },
            row("households reached") { Double($0.summary.householdsReached) },
            row("projects run") { Double($0.summary.projectsRun) },
            row("sessions") { Double($0.summary.sessions) },
            row("members engaged") { Double($0.summary.membersEngaged) },
        ] + participationCounts + [
            row("volunteer hours", decimals: 1) { $0.summary.volunteerHours },
            row("units leading") { Double($0.summary.unitsLeading) },
            row("units below minimum") { Double($0.summary.unitsBelowMinimum) },
            row("street funds used (yuan)", decimals: 2) { $0.summary.streetFundsUsed },
            row("mean distance (km)", decimals: 2) { $0.summary.meanDistanceKm },
            row("p90 distance (km)", decimals: 2) { $0.summary.p90DistanceKm },
        ]
    }

    /// The solve-time row: always last, never in the Markdown.
    var solveTime: Figure {
        Figure(label: "solve time (s)", values: entries.map(\.seconds), decimals: 1, differences: false)
    }

    func value(_ f: Figure, _ i: Int) -> String {
        if let t = f.text { return t[i] }
        return NumberText.plain(f.values[i], decimals: f.decimals)
    }

    /// The signed difference of entry `i` to its base ("+2", "-0.35", `zero`); nil for a base,
    /// a figure without differences, or a number that is not finite.
    func difference(_ f: Figure, _ i: Int, zero: String = "±0") -> String? {
        guard f.differences, f.text == nil, let b = baseIndex(of: i) else { return nil }
        let d = f.values[i] - f.values[b]
        guard d.isFinite else { return nil }
        let s = NumberText.plain(d, decimals: f.decimals)
        if s == "0" { return zero }
        return d > 0 ? "+" + s : s
    }

    func cell(_ f: Figure, _ i: Int) -> String {
        let v = value(f, i)
        guard let d = difference(f, i) else { return v }
        return v + " (" + d + ")"
    }

    // MARK: - Renderings

    /// The plain-text table for stdout: one column per entry, a variant's cells followed by its
    /// difference to the base in parentheses; solve time last. Ends in a newline.
    public func table() -> String {
        let rows = [["figure"] + entries.map(\.label)] + (figures + [solveTime]).map { f in
            [f.label] + entries.indices.map { cell(f, $0) }
        }
        let widths = (0..<(entries.count + 1)).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = ""
        for (r, row) in rows.enumerated() {
            var line = ""
            for (c, text) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[c] - text.count)
                line += c == 0 ? text + pad : "  " + pad + text
            }
            out += line + "\n"
            if r == 0 { out += widths.enumerated().map { String(repeating: "-", count: $1 + ($0 == 0 ? 0 : 2)) }.joined() + "\n" }
        }
        return out
    }

    /// compare.csv: a column per entry; each figure's row of values is followed, when any
    /// entry is a variant, by a "… vs base" row of differences (empty for bases); the solve
    /// time is the last row.
    public func csv() -> CSVOutput {
        var table = CSVOutput(header: ["figure"] + entries.map(\.label))
        let anyVariant = entries.indices.contains { baseIndex(of: $0) != nil }
        for f in figures {
            table.rows.append([f.label.trimmingCharacters(in: .whitespaces)] + entries.indices.map { value(f, $0) })
            if anyVariant && f.differences && f.text == nil {
                table.rows.append([f.label.trimmingCharacters(in: .whitespaces) + " vs base"]
                                  + entries.indices.map { difference(f, $0, zero: "0") ?? "" })
            }
        }
        table.rows.append([solveTime.label] + entries.indices.map { value(solveTime, $0) })
        return table
    }

    /// compare.md: the figures (without solve time), then for every variant its changed
    /// settings, the projects it adds and drops and the needs it newly covers and newly leaves
    /// unmet, then per scenario file the coverage of each community side by side.
    public func markdown() -> String {
        var out = "# Comparison\n\n"
        let names = Array(Set(entries.map(\.scenario.name))).sorted()
        for n in names { out += "Scenario: " + md(n) + "\n" }
        out += "\n| figure | " + entries.map { md($0.label) }.joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: entries.count) + "\n"
        for f in figures {
            out += "| " + f.label.trimmingCharacters(in: .whitespaces) + " | "
                + entries.indices.map { md(cell(f, $0)) }.joined(separator: " | ") + " |\n"
        }
        out += "\nDifferences to the base in parentheses. Solve times are left out of this file (they are "
            + "in compare.csv and on stdout) so that the same input always gives the same file.\n"

        for i in entries.indices {
            guard let b = baseIndex(of: i), let ch = changes(of: i) else { continue }
            let e = entries[i], sc = e.scenario
            out += "\n## \(md(e.label)) vs \(md(entries[b].label))\n\n"
            let settingLines = settingChanges(entries[b].settings, e.settings)
            out += settingLines.isEmpty ? "Settings: as the base.\n"
                : "Settings: " + settingLines.joined(separator: "; ") + ".\n"
            let projects = Dictionary(sc.projects.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            let needs = Dictionary(sc.needs.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            func project(_ id: String, in plan: Plan) -> String {
                guard let p = projects[id] else { return id }
                let pr = sc.projects[p]
                var s = "\(md(id)) \(md(pr.title)) (\(md(sc.communities[pr.community].name)), \(md(pr.category))"
                if let r = plan.projects.first(where: { $0.id == id }) {
                    s += ", led by \(md(r.leadUnit)), \(NumberText.count(r.dates.count, "session"))"
                }
                return s + ")"
            }
            func need(_ id: String, reasonFrom plan: Plan?) -> String {
                guard let n = needs[id] else { return id }
                let nd = sc.needs[n]
                var s = "\(md(id)) \(md(nd.title)) (\(md(sc.communities[nd.community].name)), weight \(nd.weight))"
                if let plan, let reason = plan.needs.first(where: { $0.id == id })?.reason, !reason.isEmpty {
                    s += ": " + md(reason)
                }
                return s
            }
            func list(_ title: String, _ items: [String]) {
                out += "\n\(title) (\(items.count))" + (items.isEmpty ? ": none.\n" : ":\n\n")
                for item in items { out += "- " + item + "\n" }
            }
            list("Projects added", ch.projectsAdded.map { project($0, in: e.plan) })
            list("Projects dropped", ch.projectsDropped.map { project($0, in: entries[b].plan) })
            list("Needs newly covered", ch.needsNewlyCovered.map { need($0, reasonFrom: nil) })
            list("Needs newly unmet", ch.needsNewlyUnmet.map { need($0, reasonFrom: e.plan) })
        }

        let groupCount = Set(entries.map(\.group)).count
        for table in communityCoverage() {
            let members = table.entries
            out += "\n## Coverage per community" + (groupCount > 1 ? " (\(md(table.group)))" : "") + "\n\n"
            out += "Needs covered of the community's needs, and the share of their weight.\n\n"
            out += "| community | " + members.map { md(entries[$0].label) }.joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: "---:|", count: members.count) + "\n"
            for row in table.rows {
                var cells: [String] = []
                for k in members.indices {
                    var cell = "\(row.covered[k]) of \(row.needs), " + NumberText.percent(row.weightFraction(k))
                    if let d = row.differenceToBase(k) { cell += " (" + (d > 0 ? "+" : "") + "\(d))" }
                    cells.append(cell)
                }
                let community = table.scenario.communities[row.community]
                out += "| \(md(community.id)) \(md(community.name)) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }

    /// A setting that differs between a base and a variant: its name in the scenario file and
    /// the two values (nil: no limit).
    public struct SettingChange: Hashable, Sendable {
        public var name: String
        public var from: Double?
        public var to: Double?
    }

    /// Every setting that differs between `a` and `b`, in a fixed order.
    public func settingDifferences(_ a: Settings, _ b: Settings) -> [SettingChange] {
        var out: [SettingChange] = []
        func add(_ name: String, _ x: Double?, _ y: Double?) { if x != y { out.append(SettingChange(name: name, from: x, to: y)) } }
        add("max_distance_km", a.maxDistanceKm, b.maxDistanceKm)
        add("unit_max_distance_km", a.unitMaxDistanceKm, b.unitMaxDistanceKm)
        add("max_sessions_per_member", Double(a.maxSessionsPerMember), Double(b.maxSessionsPerMember))
        add("street_budget", a.streetBudget, b.streetBudget)
        add("min_sessions_per_member", Double(a.minSessionsPerMember), Double(b.minSessionsPerMember))
        add("min_days_between_sessions", Double(a.minDaysBetweenSessions), Double(b.minDaysBetweenSessions))
        // Street budgets (contract v3), one line per street whose budget differs.
        for street in Set((a.streetBudgets ?? [:]).keys).union((b.streetBudgets ?? [:]).keys).sorted() {
            add("street_budgets.\(street)", a.streetBudgets?[street], b.streetBudgets?[street])
        }
        add("distance_per_km", a.distancePerKm, b.distancePerKm)
        add("unit_shortfall", a.unitShortfall, b.unitShortfall)
        add("participation_shortfall", a.participationShortfall, b.participationShortfall)
        add("time_limit_s", a.timeLimitSeconds, b.timeLimitSeconds)
        add("mip_gap", a.mipGap, b.mipGap)
        return out
    }

    /// "max_distance_km 2 → 3" for every setting that differs.
    func settingChanges(_ a: Settings, _ b: Settings) -> [String] {
        func n(_ x: Double?) -> String { x.map { NumberText.plain($0) } ?? "no limit" }
        return settingDifferences(a, b).map { "\($0.name) \(n($0.from)) → \(n($0.to))" }
    }

    // MARK: - Coverage per community

    /// The coverage of each community in every entry of one scenario file (group).
    public struct CommunityCoverage: Sendable {
        public struct Row: Sendable {
            /// Index into the scenario's communities.
            public var community: Int
            /// The community's needs and their total weight.
            public var needs: Int
            public var weight: Int
            /// Per entry of the table (`CommunityCoverage.entries`): needs covered and their weight.
            public var covered: [Int]
            public var coveredWeight: [Int]
            /// Per entry: the index (into `covered`) of its base, nil for a base.
            var baseColumn: [Int?]

            /// Covered weight / total weight of entry column `k` (0 when the community has no weight).
            public func weightFraction(_ k: Int) -> Double {
                weight > 0 ? Double(coveredWeight[k]) / Double(weight) : 0
            }

            /// Needs covered by column `k` minus its base's; nil for a base or when equal.
            public func differenceToBase(_ k: Int) -> Int? {
                guard let b = baseColumn[k], covered[k] != covered[b] else { return nil }
                return covered[k] - covered[b]
            }
        }
        public var group: String
        /// The entries of the group, in order (indices into `Comparison.entries`).
        public var entries: [Int]
        public var scenario: Scenario
        /// Communities with at least one need, in the scenario's order.
        public var rows: [Row]
    }

    /// One table per group, in the order groups first appear; a group whose entries' scenarios
    /// differ in their lists of needs or projects has none.
    public func communityCoverage() -> [CommunityCoverage] {
        var groups: [String] = []
        for e in entries where !groups.contains(e.group) { groups.append(e.group) }
        var out: [CommunityCoverage] = []
        for g in groups {
            let members = entries.indices.filter { entries[$0].group == g }
            let sc = entries[members[0]].scenario
            guard members.allSatisfy({ entries[$0].scenario.needs.count == sc.needs.count
                                       && entries[$0].scenario.projects.count == sc.projects.count }) else { continue }
            let covered = members.map {
                PlanSummary.coveredNeeds(running: PlanSummary.runningProjects(entries[$0].plan, scenario: sc), scenario: sc)
            }
            let baseColumn = members.map { m in baseIndex(of: m).flatMap { b in members.firstIndex(of: b) } }
            var rows: [CommunityCoverage.Row] = []
            for c in sc.communities.indices {
                let needs = sc.needs.indices.filter { sc.needs[$0].community == c }
                guard !needs.isEmpty else { continue }
                rows.append(CommunityCoverage.Row(
                    community: c, needs: needs.count, weight: needs.reduce(0) { $0 + sc.needs[$1].weight },
                    covered: covered.map { cov in needs.count { cov[$0] } },
                    coveredWeight: covered.map { cov in needs.reduce(0) { $0 + (cov[$1] ? sc.needs[$1].weight : 0) } },
                    baseColumn: baseColumn))
            }
            out.append(CommunityCoverage(group: g, entries: members, scenario: sc, rows: rows))
        }
        return out
    }

    /// A table cell or list item: no line breaks, pipes escaped.
    func md(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
