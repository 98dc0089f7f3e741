import Foundation

/// Why each candidate project that does not run stays out, with a hint where one rule change
/// would clear what blocks it. The reason is `UnmetReasons`' sentence for the project; the
/// hint is checked, not guessed: the project's feasibility is worked out again under the
/// changed rule with the same rules the solver uses (candidate dates, the lead-unit rule of
/// `UnitTable`, the staffing of `EligibilityGraph` + `SessionAnalysis`, the budget), and only
/// a change under which every one of them passes is named.
///
/// Rule changes tried: a wider service circle (`max_distance_km` + 0.5, 1, 1.5, 2 km) for a
/// project that cannot be staffed; the unit circle (`unit_max_distance_km`) out to the nearest
/// unit offering the category, for one that no unit may lead; more street budget for one that
/// the money blocks. Bounded: at most `maxChecked` staffing-blocked projects (in id order)
/// are re-checked, in one graph per radius over just those projects.
struct ProjectReasons {
    static let maxChecked = 200
    /// Every hint is appended to its reason after this separator.
    static let hintSeparator = "; with a "

    /// The hint part of a project's reason ("with a … could run"), if it has one.
    static func hint(of reason: String) -> String? {
        guard let r = reason.range(of: hintSeparator) else { return nil }
        return String(reason[reason.index(r.lowerBound, offsetBy: 2)...])
    }
    static let radiusSteps: [Double] = [0.5, 1, 1.5, 2]

    /// Per scenario project: "" for a running one, else the English reason (with its hint).
    static func compute(scenario sc: Scenario, graph: EligibilityGraph, analysis: SessionAnalysis,
                        solution: Solution, reasons: UnmetReasons) -> [String] {
        let st = graph.settings
        let running = Set(solution.runningProjects)
        var out = Array(repeating: "", count: sc.projects.count)
        let order = sc.projects.indices.filter { !running.contains($0) }.sorted { sc.projects[$0].id < sc.projects[$1].id }
        let funding = solution.funding(sc, settings: graph.settings)
        let spent = funding.reduce(0) { $0 + $1.street }
        var unitLeft = sc.units.map(\.funds)
        for q in solution.runningProjects { unitLeft[solution.lead[q]!] -= funding[q].unit }

        // Staffable dates that can hold sessions at the project's spacing (constraint 14).
        func staffedDates(_ p: Int) -> Int {
            Spacing.mostSpaced(graph.sessions(of: p).filter { analysis.staffable[$0] }.map { graph.sessions[$0].day },
                               gap: sc.minGap(of: p, settings: st)).count
        }
        func moneyOK(_ p: Int, leads: [Int], budget: Double?) -> Bool {
            guard let budget else { return true }
            let unitFunds = max(0, leads.map { unitLeft[$0] }.max() ?? 0)
            return sc.projects[p].cost - unitFunds <= budget - spent + 1e-9
        }

        var staffingBlocked: [Int] = []
        let unitTable = UnitTable(sc)
        for p in order {
            let project = sc.projects[p]
            var text = reasons.blocker(p)
            guard Spacing.mostSpaced(project.candidateDates, gap: sc.minGap(of: p, settings: st)).count >= project.sessions else {
                out[p] = text
                continue
            }
            if graph.leadUnits[p].isEmpty {
                // The nearest unit offering the category, as a unit circle rounded up to 0.5 km.
                let offering = sc.units.indices.filter { sc.units[$0].offers(project.category) }
                if let nearest = offering.map({ haversineKm(sc.units[$0].lat, sc.units[$0].lon, project.lat, project.lon) }).min() {
                    let km = (nearest * 2).rounded(.up) / 2
                    let leads = unitTable.leaders(of: project, maxKm: km)
                    if !leads.isEmpty, staffedDates(p) >= project.sessions, moneyOK(p, leads: leads, budget: st.streetBudget) {
                        text += "; with a unit circle of \(format(km)) km (unit_max_distance_km) \(project.id) could run"
                    }
                }
                out[p] = text
                continue
            }
            if staffedDates(p) < project.sessions {
                staffingBlocked.append(p)
                out[p] = text
                continue
            }
            if let budget = st.streetBudget, !moneyOK(p, leads: graph.leadUnits[p], budget: budget) {
                let unitFunds = max(0, graph.leadUnits[p].map { unitLeft[$0] }.max() ?? 0)
                let more = ((project.cost - unitFunds - (budget - spent)) / 100).rounded(.up) * 100
                if moneyOK(p, leads: graph.leadUnits[p], budget: budget + more) {
                    text += "; with a street budget \(format(more)) yuan larger (street_budget \(format(budget + more))) \(project.id) could run"
                }
            }
            out[p] = text
        }

        // Wider service circles for the projects that cannot be staffed: one graph per radius.
        var pending = Array(staffingBlocked.prefix(maxChecked))
        for step in radiusSteps where !pending.isEmpty {
            var changed = st
            changed.maxDistanceKm = st.maxDistanceKm + step
            var sub = sc
            sub.projects = pending.map { sc.projects[$0] }
            let g = EligibilityGraph(scenario: sub, settings: changed)
            let a = SessionAnalysis(scenario: sub, graph: g)
            var still: [Int] = []
            for (k, p) in pending.enumerated() {
                let staffed = Spacing.mostSpaced(g.sessions(of: k).filter { a.staffable[$0] }.map { g.sessions[$0].day },
                                                 gap: sc.minGap(of: p, settings: st)).count
                if staffed >= sc.projects[p].sessions, !g.leadUnits[k].isEmpty,
                   moneyOK(p, leads: g.leadUnits[k], budget: changed.streetBudget) {
                    out[p] += "; with a \(format(changed.maxDistanceKm)) km circle (max_distance_km) \(sc.projects[p].id) could run"
                } else {
                    still.append(p)
                }
            }
            pending = still
        }
        return out
    }
}
