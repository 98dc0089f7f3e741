import Foundation

/// Why each uncovered need stays uncovered, in words a planner can act on. For each project
/// listing the need, the first blocking fact found in this order: too few candidate dates, no
/// unit may lead it, too few sessions can be staffed (members in range and free, or a missing
/// skill), the budget, every eligible unit busy with other projects; otherwise the project
/// was left out for needs of higher weight.
struct UnmetReasons {
    let scenario: Scenario
    let graph: EligibilityGraph
    let analysis: SessionAnalysis
    let solution: Solution
    private let listing: [[Int]]
    private let led: [Int]

    init(scenario: Scenario, graph: EligibilityGraph, analysis: SessionAnalysis, solution: Solution) {
        self.scenario = scenario
        self.graph = graph
        self.analysis = analysis
        self.solution = solution
        var listing = [[Int]](repeating: [], count: scenario.needs.count)
        for (p, project) in scenario.projects.enumerated() { for i in project.needs { listing[i].append(p) } }
        self.listing = listing
        var led = Array(repeating: 0, count: scenario.units.count)
        for p in solution.runningProjects { led[solution.lead[p]!] += 1 }
        self.led = led
    }

    func reason(for need: Int) -> String {
        let projects = listing[need]
        if projects.isEmpty { return "no project lists this need" }
        let parts = projects.map { p in (projects.count > 1 ? "\(scenario.projects[p].id): " : "") + blocker(p) }
        return parts.joined(separator: "; ")
    }

    /// The first fact that blocks project `p` (or that it was not chosen), in English.
    func blocker(_ p: Int) -> String {
        let sc = scenario
        let st = graph.settings
        let project = sc.projects[p]
        let km = format(st.maxDistanceKm)
        if project.candidateDates.count < project.sessions {
            return "project \(project.id) has \(project.candidateDates.count) candidate date(s) in the quarter for \(project.sessions) session(s)"
        }
        let gap = sc.minGap(of: p, settings: st)
        let spaced = Spacing.mostSpaced(project.candidateDates, gap: gap).count
        if spaced < project.sessions {
            return "too few candidate dates at the required spacing: project \(project.id) has \(project.candidateDates.count) candidate date(s), at most \(spaced) of them at least \(gap) days apart, for \(project.sessions) session(s)"
        }
        if graph.leadUnits[p].isEmpty {
            let offering = sc.units.filter { $0.offers(project.category) }.count
            if offering == 0 { return "no unit offers the category '\(project.category)'" }
            return "no unit offering '\(project.category)' is paired with community \(sc.communities[project.community].id) or within \(format(st.unitMaxDistanceKm)) km of project \(project.id)"
        }
        let sessions = graph.sessions(of: p)
        let staffable = sessions.filter { analysis.staffable[$0] }
        if staffable.count < project.sessions {
            let tags = Set(sessions.compactMap { analysis.missingSkill[$0] }).sorted()
            let withStaff = sessions.filter { graph.members(of: $0).count >= analysis.minStaff[$0] }.count
            if withStaff >= project.sessions, let tag = tags.first {
                return "too few members with skill '\(sc.skillTags[tag])' within \(km) km are free on the candidate dates of project \(project.id) (needs \(project.skills.first { $0.tag == tag }?.count ?? 1) per session on \(project.sessions) date(s))"
            }
            let most = sessions.map { graph.members(of: $0).count }.max() ?? 0
            return "too few members within \(km) km are free on the candidate dates of project \(project.id): \(graph.membersInRange[p]) live within \(km) km, at most \(most) are free on any one date, and it needs \(analysis.minStaff[sessions.lowerBound]) on each of \(project.sessions) date(s); only \(staffable.count) date(s) can be staffed"
        }
        let staffableDays = staffable.map { graph.sessions[$0].day }
        let spacedStaffable = Spacing.mostSpaced(staffableDays, gap: gap).count
        if spacedStaffable < project.sessions {
            return "too few candidate dates at the required spacing: project \(project.id) can be staffed on \(staffable.count) date(s), at most \(spacedStaffable) of them at least \(gap) days apart, for \(project.sessions) session(s)"
        }
        if let streets = StreetBudgets(sc, settings: st), let s = streets.streetOf[p] {
            let funding = solution.funding(sc, settings: st)
            var spent = 0.0
            for q in solution.runningProjects where streets.streetOf[q] == s { spent += funding[q].street }
            var unitLeft = sc.units.map(\.funds)
            for q in solution.runningProjects { unitLeft[solution.lead[q]!] -= funding[q].unit }
            let unitFunds = max(0, graph.leadUnits[p].map { unitLeft[$0] }.max() ?? 0)
            let budget = streets.budgets[s]
            if project.cost - unitFunds > budget - spent + 1e-9 {
                return "budget: project \(project.id) costs \(format(project.cost)) yuan; the units that may lead it have \(format(unitFunds)) left and the budget of street '\(streets.names[s])' \(format(max(0, budget - spent))) of \(format(budget))"
            }
        }
        if let budget = st.streetBudget {
            let funding = solution.funding(sc, settings: graph.settings)
            let spent = funding.reduce(0) { $0 + $1.street }
            var unitLeft = sc.units.map(\.funds)
            for q in solution.runningProjects { unitLeft[solution.lead[q]!] -= funding[q].unit }
            let unitFunds = max(0, graph.leadUnits[p].map { unitLeft[$0] }.max() ?? 0)
            if project.cost - unitFunds > budget - spent + 1e-9 {
                return "budget: project \(project.id) costs \(format(project.cost)) yuan; the units that may lead it have \(format(unitFunds)) left and the street budget \(format(max(0, budget - spent))) of \(format(budget))"
            }
        }
        let free = graph.leadUnits[p].filter { led[$0] < sc.units[$0].maxProjects }
        if free.isEmpty {
            let ids = graph.leadUnits[p].map { sc.units[$0].id }.joined(separator: ", ")
            return "every unit that may lead project \(project.id) (\(ids)) already leads its maximum of projects"
        }
        return "project \(project.id) was not chosen: the members, units, dates or budget it would use serve needs of higher weight"
    }
}

/// Numbers in messages: integers without decimals, others with up to two.
func format(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    var s = String(format: "%.2f", x)
    while s.hasSuffix("0") { s.removeLast() }
    return s
}
