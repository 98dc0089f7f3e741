import Foundation

/// The headline figures of a plan, computed from the plan and its scenario (not trusted from
/// the plan's own statements: coverage is what the running projects list). Shown after
/// `match solve` and side by side by `match compare`.
public struct PlanSummary: Hashable, Sendable {
    public var scenario: String
    public var variant: String
    public var status: Plan.Status
    public var objective: Double
    public var bound: Double
    public var gap: Double
    public var needsTotal: Int
    public var needsCovered: Int
    /// Covered weight / total weight (0 when there are no needs).
    public var weightCoveredFraction: Double
    /// Households of the covered needs, summed.
    public var householdsReached: Int
    public var projectsRun: Int
    public var projectsTotal: Int
    /// Sessions held: the distinct dates of running projects, summed.
    public var sessions: Int
    /// Staffed member-sessions: the plan's assignments.
    public var memberSessions: Int
    public var membersEngaged: Int
    public var membersTotal: Int
    /// Σ over assignments of the project's hours per session.
    public var volunteerHours: Double
    public var unitsLeading: Int
    public var unitsTotal: Int
    /// Units leading fewer projects than their min_projects.
    public var unitsBelowMinimum: Int
    /// Street funds given, yuan.
    public var streetFundsUsed: Double
    /// rules.street_budget; nil = no limit.
    public var streetBudget: Double?
    public var unitFundsUsed: Double
    /// Street funds per budgeted street (rules.street_budgets, contract v3), by street name; empty without them.
    public var streetMoney: [StreetMoney] = []
    public struct StreetMoney: Hashable, Sendable {
        public var street: String
        public var used: Double
        public var budget: Double
    }
    /// Mean member-to-project distance over assignments, km (0 without assignments).
    public var meanDistanceKm: Double
    /// 90th percentile (nearest rank) of the same distances, km.
    public var p90DistanceKm: Double
    /// Participation (contract v2); nil when the scenario sets no target and no weight.
    public var participation: ParticipationSummary?
    /// The plan's participation term.
    public var participationTerm: Double

    public init(plan: Plan, scenario: Scenario, settings: Settings) {
        self.scenario = plan.scenario
        variant = plan.variant
        status = plan.status
        objective = plan.objective
        bound = plan.bestBound
        gap = plan.gap
        var projectIndex = [String: Int](minimumCapacity: scenario.projects.count)
        for (i, p) in scenario.projects.enumerated() where projectIndex[p.id] == nil { projectIndex[p.id] = i }
        var memberIndex = [String: Int](minimumCapacity: scenario.members.count)
        for (i, m) in scenario.members.enumerated() where memberIndex[m.id] == nil { memberIndex[m.id] = i }
        var unitIndex = [String: Int](minimumCapacity: scenario.units.count)
        for (i, u) in scenario.units.enumerated() where unitIndex[u.id] == nil { unitIndex[u.id] = i }

        var running = Array(repeating: false, count: scenario.projects.count)
        var led = Array(repeating: 0, count: scenario.units.count)
        var sessions = 0, street = 0.0, unitFunds = 0.0
        for pr in plan.projects {
            guard let p = projectIndex[pr.id], !running[p] else { continue }
            running[p] = true
            sessions += Set(pr.dates).count
            street += pr.streetFunds
            unitFunds += pr.unitFunds
            if let u = unitIndex[pr.leadUnit] { led[u] += 1 }
        }
        if let streets = StreetBudgets(scenario, settings: settings) {
            var used = [Double](repeating: 0, count: streets.names.count)
            for pr in plan.projects {
                if let p = projectIndex[pr.id], let s = streets.streetOf[p] { used[s] += pr.streetFunds }
            }
            streetMoney = streets.names.indices.map { StreetMoney(street: streets.names[$0], used: used[$0], budget: streets.budgets[$0]) }
        }
        let covered = PlanSummary.coveredNeeds(running: running, scenario: scenario)
        var totalWeight = 0, coveredWeight = 0, households = 0, coveredCount = 0
        for (i, n) in scenario.needs.enumerated() {
            totalWeight += n.weight
            if covered[i] {
                coveredCount += 1
                coveredWeight += n.weight
                households += n.households
            }
        }
        var engaged = Array(repeating: false, count: scenario.members.count)
        var distances: [Double] = []
        distances.reserveCapacity(plan.assignments.count)
        var hours = 0.0
        for a in plan.assignments {
            guard let m = memberIndex[a.member], let p = projectIndex[a.project] else { continue }
            engaged[m] = true
            hours += scenario.projects[p].hours
            distances.append(Eligibility.memberDistance(m, project: p, in: scenario))
        }
        distances.sort()

        needsTotal = scenario.needs.count
        needsCovered = coveredCount
        weightCoveredFraction = totalWeight > 0 ? Double(coveredWeight) / Double(totalWeight) : 0
        householdsReached = households
        projectsRun = running.count { $0 }
        projectsTotal = scenario.projects.count
        self.sessions = sessions
        memberSessions = plan.assignments.count
        membersEngaged = engaged.count { $0 }
        membersTotal = scenario.members.count
        volunteerHours = hours
        unitsLeading = led.count { $0 > 0 }
        unitsTotal = scenario.units.count
        unitsBelowMinimum = zip(scenario.units, led).count { $1 < $0.minProjects }
        streetFundsUsed = street
        streetBudget = settings.streetBudget
        unitFundsUsed = unitFunds
        meanDistanceKm = distances.isEmpty ? 0 : distances.reduce(0, +) / Double(distances.count)
        p90DistanceKm = distances.isEmpty ? 0 : distances[Int((0.9 * Double(distances.count)).rounded(.up)) - 1]
        let part = ParticipationSummary(plan: plan, scenario: scenario, settings: settings)
        participation = part.inUse ? part : nil
        participationTerm = plan.objectiveTerms.participation
    }

    /// Which of the scenario's projects the plan runs (by index; unknown ids ignored).
    public static func runningProjects(_ plan: Plan, scenario: Scenario) -> [Bool] {
        var projectIndex = [String: Int](minimumCapacity: scenario.projects.count)
        for (i, p) in scenario.projects.enumerated() where projectIndex[p.id] == nil { projectIndex[p.id] = i }
        var running = Array(repeating: false, count: scenario.projects.count)
        for pr in plan.projects { if let p = projectIndex[pr.id] { running[p] = true } }
        return running
    }

    /// Which of the scenario's needs the running projects cover (by index): the coverage
    /// every figure here counts, also used by `Comparison` for its need lists.
    public static func coveredNeeds(running: [Bool], scenario: Scenario) -> [Bool] {
        var covered = Array(repeating: false, count: scenario.needs.count)
        for (p, isRunning) in running.enumerated() where isRunning {
            for i in scenario.projects[p].needs { covered[i] = true }
        }
        return covered
    }

    /// (label, value) pairs in display order, for this table and for `match compare`.
    public var rows: [(label: String, value: String)] {
        let n = NumberText.self
        var out: [(label: String, value: String)] = [
            ("scenario", "\(scenario) (\(variant))"),
            ("status", status.rawValue),
            ("objective", n.plain(objective, decimals: 2)),
            ("best bound", n.plain(bound, decimals: 2)),
            ("gap", gap.isFinite ? n.percent(gap, decimals: 3) : "n/a"),
            ("needs covered", "\(needsCovered) of \(needsTotal) (\(n.percent(weightCoveredFraction)) of weight)"),
            ("households reached", "\(householdsReached)"),
            ("projects run", "\(projectsRun) of \(projectsTotal)"),
            ("sessions", "\(sessions)"),
            ("member-sessions", "\(memberSessions)"),
            ("members engaged", "\(membersEngaged) of \(membersTotal)"),
        ]
        if let part = participation {
            // Labels from the zh/en table; the terminal summary is in English.
            let w = ReportLanguage.en
            let why = ParticipationSummary.Reason.allCases.filter { part.count($0) > 0 }
                .map { "\(w.word($0)) \(part.count($0))" }.joined(separator: ", ")
            out.append((w.word(.membersBelowTarget), "\(part.belowTarget) of \(part.membersWithTarget) with a target" + (why.isEmpty ? "" : " (\(why))")))
            out.append((w.word(.participationTerm), n.plain(participationTerm, decimals: 2)))
        }
        out += [
            ("volunteer hours", n.plain(volunteerHours, decimals: 1)),
            ("units leading", "\(unitsLeading) of \(unitsTotal)"),
            ("units below minimum", "\(unitsBelowMinimum)"),
        ]
        if let b = streetBudget {
            let share = b > 0 ? " (\(n.percent(streetFundsUsed / b)))" : ""
            out.append(("street funds", "\(n.plain(streetFundsUsed, decimals: 2)) of \(n.plain(b, decimals: 2)) yuan\(share)"))
        } else {
            out.append(("street funds", "\(n.plain(streetFundsUsed, decimals: 2)) yuan (no budget limit)"))
        }
        for m in streetMoney {
            let share = m.budget > 0 ? " (\(n.percent(m.used / m.budget)))" : ""
            out.append(("street funds: \(m.street)", "\(n.plain(m.used, decimals: 2)) of \(n.plain(m.budget, decimals: 2)) yuan\(share)"))
        }
        out.append(("unit funds", "\(n.plain(unitFundsUsed, decimals: 2)) yuan"))
        out.append(("member distance", "mean \(n.fixed(meanDistanceKm, decimals: 2)) km, 90th percentile \(n.fixed(p90DistanceKm, decimals: 2)) km"))
        return out
    }

    /// The same rows in the words of `words` (labels and values; English gives `rows`).
    public func rows(_ words: Words) -> [(label: String, value: String)] {
        guard words.language == .zh else { return rows }
        let n = NumberText.self, w = words
        var out: [(label: String, value: String)] = [
            (w.summary("scenario"), "\(scenario)（\(variant)）"),
            (w.summary("status"), w.planStatus(status)),
            (w.summary("objective"), n.plain(objective, decimals: 2)),
            (w.summary("best bound"), n.plain(bound, decimals: 2)),
            (w.summary("gap"), gap.isFinite ? n.percent(gap, decimals: 3) : w.notAvailable),
            (w.summary("needs covered"), w.of("\(needsCovered)", "\(needsTotal)") + "（" + w.ofWeight(n.percent(weightCoveredFraction)) + "）"),
            (w.summary("households reached"), "\(householdsReached)"),
            (w.summary("projects run"), w.of("\(projectsRun)", "\(projectsTotal)")),
            (w.summary("sessions"), "\(sessions)"),
            (w.summary("member-sessions"), "\(memberSessions)"),
            (w.summary("members engaged"), w.of("\(membersEngaged)", "\(membersTotal)")),
            (w.summary("volunteer hours"), n.plain(volunteerHours, decimals: 1)),
            (w.summary("units leading"), w.of("\(unitsLeading)", "\(unitsTotal)")),
            (w.summary("units below minimum"), "\(unitsBelowMinimum)"),
        ]
        if let b = streetBudget {
            let share = b > 0 ? "（\(n.percent(streetFundsUsed / b))）" : ""
            out.append((w.summary("street funds"), w.yuan(w.of(n.plain(streetFundsUsed, decimals: 2), n.plain(b, decimals: 2))) + share))
        } else {
            out.append((w.summary("street funds"), w.yuan(n.plain(streetFundsUsed, decimals: 2)) + "（" + w.noBudgetLimit + "）"))
        }
        for m in streetMoney {
            let share = m.budget > 0 ? "（\(n.percent(m.used / m.budget))）" : ""
            out.append((w.summary("street funds") + "：" + m.street, w.yuan(w.of(n.plain(m.used, decimals: 2), n.plain(m.budget, decimals: 2))) + share))
        }
        out.append((w.summary("unit funds"), w.yuan(n.plain(unitFundsUsed, decimals: 2))))
        out.append((w.summary("member distance"), w.distance(mean: n.fixed(meanDistanceKm, decimals: 2), p90: n.fixed(p90DistanceKm, decimals: 2))))
        return out
    }

    /// An aligned two-column plain-text table, one line per figure, ending in a newline.
    /// `solveSeconds`, when given, adds a `solve time` line. Chinese labels are aligned by
    /// display width (a CJK character takes two columns).
    public func render(solveSeconds: Double? = nil, words: Words = Words(.en)) -> String {
        var rows = self.rows(words)
        if let s = solveSeconds { rows.append((words.summary("solve time"), NumberText.fixed(s, decimals: 1) + " s")) }
        func width(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }
        let widest = rows.map { width($0.label) }.max() ?? 0
        var out = ""
        for r in rows {
            out += r.label + String(repeating: " ", count: widest - width(r.label) + 2) + r.value + "\n"
        }
        return out
    }
}
