import Foundation

/// Options of a replan (docs/REPLAN.md).
public struct ReplanOptions: Sendable {
    /// Sessions before this day happened as planned and stay fixed.
    public var today: Day
    /// The change penalty: cost per member-session removed from or added to the announced plan
    /// (a move counts as one removal and one addition). Not part of the contract's objective:
    /// it only steers the repair, the plan's objective stays the contract's.
    public var changeWeight: Double = ReplanOptions.defaultChangeWeight
    /// Wall-clock limit of each staffing MIP of the repair, seconds (the scenario's time_limit_s).
    public var timeLimitSeconds: Double = 60
    /// Candidate members of a neighbouring session whose staff may be swapped (stage 2).
    var neighbourCandidates = 20
    /// Neighbouring sessions taken into stage 2 at most.
    var neighbourLimit = 300
    /// Other dates tried for a session that cannot be staffed on its own.
    var moveDates = 12

    /// 5: at the default distance_per_km (0.5) five times the most a member-session's travel
    /// can cost within the default 2 km circle, so nobody is moved to save a few hundred metres,
    /// yet far below any need's weight, so a change that keeps a need covered is always made.
    public static let defaultChangeWeight = 5.0

    public init(today: Day) { self.today = today }
}

/// A member-session the replan adds or removes: one line of `changes.csv`.
public struct ChangeNotice: Hashable, Sendable {
    public var member: Int
    public var project: String
    public var date: Day
    public var added: Bool
}

/// What a replan changed and what it cost, for `summary.txt` and the terminal.
public struct ReplanSummary: Sendable {
    public var changes: [Change] = []
    public var today: Day
    public var changeWeight: Double
    /// Member-sessions of the old plan before --today (all kept).
    public var fixedBefore = 0
    /// Member-sessions of the old plan on or after --today.
    public var futureBefore = 0
    /// Of those, the ones no change touches directly (member, date, project all unaffected).
    public var untouched = 0
    /// Of the untouched, how many the new plan keeps.
    public var untouchedKept = 0
    public var removed = 0
    public var added = 0
    /// Sessions moved to another date: (project, from, to).
    public var moved: [(project: String, from: Day, to: Day)] = []
    /// Lead units replaced: (project, old unit, new unit).
    public var newLeads: [(project: String, from: String, to: String)] = []
    /// Projects that hold no more sessions: (project, sessions kept before the change).
    public var stopped: [(project: String, kept: Int)] = []
    /// Projects added for a new need.
    public var addedProjects: [String] = []
    /// New needs that stay uncovered.
    public var addedNeedsUncovered: [String] = []
    public var objectiveBefore = 0.0
    public var objectiveAfter = 0.0
    public var seconds = 0.0
    public var changePenalty: Double { changeWeight * Double(removed + added) }
    /// Kept share of the untouched member-sessions (1 when there are none).
    public var keptShare: Double { untouched == 0 ? 1 : Double(untouchedKept) / Double(untouched) }
}

public struct ReplanResult: Sendable {
    /// The new plan, valid for `scenario`.
    public var plan: Plan
    /// The changed scenario (as read back from `scenarioFiles`).
    public var scenario: Scenario
    public var settings: Settings
    /// The changed scenario's files (scenario.yaml and the five lists), for `scenario/`.
    public var scenarioFiles: [(name: String, data: Data)]
    public var notices: [ChangeNotice]
    public var summary: ReplanSummary
    /// The announced plan the replan started from (its calendar and leads, for the outputs).
    public var before: Plan? = nil
}

/// A replan failed on its inputs (an old plan naming unknown ids, a changed list that does not read).
public struct ReplanError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Replanning mid-quarter (issue 16, docs/REPLAN.md): the old plan repaired after a list of
/// changes with as few changed member-sessions as it takes.
public enum Replanner {
    /// The old plan's ids checked against the scenario (file: the plan's path).
    public static func checkPlan(_ plan: Plan, scenario sc: Scenario, file: String) throws(ReplanError) {
        let ids = ScenarioIds(sc)
        var bad: [Diagnostic] = []
        for p in plan.projects {
            if ids.projects[p.id] == nil { bad.append(.error(file: file, Words(.en).replanPlanUnknown("project", p.id))) }
            if ids.units[p.leadUnit] == nil { bad.append(.error(file: file, Words(.en).replanPlanUnknown("unit", p.leadUnit))) }
            for d in p.dates where Day(iso: d) == nil { bad.append(.error(file: file, Words(.en).replanBadDate(d))) }
        }
        for a in plan.assignments {
            if ids.members[a.member] == nil { bad.append(.error(file: file, Words(.en).replanPlanUnknown("member", a.member))) }
            if ids.projects[a.project] == nil || Day(iso: a.date) == nil || !plan.projects.contains(where: { $0.id == a.project && $0.dates.contains(a.date) }) {
                bad.append(.error(file: file, Words(.en).replanPlanSession(a.member, a.project, a.date)))
            }
        }
        if !bad.isEmpty { throw ReplanError(diagnostics: Array(bad.prefix(20))) }
    }

    /// The rules of the contract the plan to be replanned breaks, as warnings naming the plan
    /// file and each broken session or project (a plan edited by hand): the replan starts from
    /// it and keeps what it can, so the planner must know what was wrong before (issue 27).
    public static func planWarnings(_ plan: Plan, scenario sc: Scenario, file: String, language: ReportLanguage) -> [Diagnostic] {
        guard let settings = try? sc.settings(for: plan.variant) else { return [] }
        let check = PlanCheck.check(plan, scenario: sc, settings: settings)
        guard !check.violations.isEmpty else { return [] }
        let words = Words(language)
        var out = [Diagnostic.warning(file: file, words.replanPlanBreaks(check.violations.count))]
        out += check.violations.prefix(20).map { Diagnostic.warning(file: file, $0) }
        if check.violations.count > 20 { out.append(.warning(file: file, words.andMore(check.violations.count - 20))) }
        return out
    }

    public static func replan(scenario original: Scenario, plan: Plan, changes: [Change], options: ReplanOptions) throws -> ReplanResult {
        let clock = ContinuousClock()
        let started = clock.now
        let today = options.today
        let st0 = try original.settings(for: plan.variant)
        let ids0 = ScenarioIds(original)
        var summary = ReplanSummary(changes: changes, today: today, changeWeight: options.changeWeight)
        summary.objectiveBefore = plan.objective

        // The old plan in index form of the original scenario.
        var oldLead: [Int: Int] = [:]
        var oldDates: [Int: [Day]] = [:]
        for rp in plan.projects {
            let p = ids0.projects[rp.id]!
            oldLead[p] = ids0.units[rp.leadUnit]!
            oldDates[p] = rp.dates.compactMap { Day(iso: $0) }.sorted()
        }
        var oldStaff: [ReplanSessionKey: [Int]] = [:]
        for a in plan.assignments {
            oldStaff[ReplanSessionKey(project: a.project, day: Day(iso: a.date)!), default: []].append(ids0.members[a.member]!)
        }

        var unavailable: [Int: [Day]] = [:]
        var leaves: [Int: Day] = [:]
        var withdrawn: [Int: Day] = [:]
        var cancelled: [Int: Day] = [:]
        var addedNeeds: [Int] = []
        for c in changes {
            switch c.kind {
            case .memberUnavailable: unavailable[ids0.members[c.id]!, default: []].append(c.date!)
            case .memberLeaves: let m = ids0.members[c.id]!; leaves[m] = min(leaves[m] ?? .init(ordinal: .max), c.effective(today: today))
            case .unitWithdraws: let u = ids0.units[c.id]!; withdrawn[u] = min(withdrawn[u] ?? .init(ordinal: .max), c.effective(today: today))
            case .projectCancelled: let p = ids0.projects[c.id]!; cancelled[p] = min(cancelled[p] ?? .init(ordinal: .max), c.effective(today: today))
            case .needAdded: addedNeeds.append(ids0.needs[c.id]!)
            }
        }

        // Phase A: project fates and lead units, on the original scenario.
        var edit = try ScenarioEdit(scenario: original)
        var lead: [Int: Int] = [:]            // original project index → unit, running projects
        var heldDays: [Int: [Day]] = [:]
        var ledCount = Array(repeating: 0, count: original.units.count)
        for (p, u) in oldLead { lead[p] = u; heldDays[p] = oldDates[p]; ledCount[u] += 1 }
        var stoppedAt: [Int: Day] = [:]       // project → no sessions from this day
        for p in cancelled.keys.sorted() where lead[p] != nil { stoppedAt[p] = cancelled[p]! }
        var keptByWithdrawn = Array(repeating: 0, count: original.units.count)
        var fundsKept = Array(repeating: 0.0, count: original.units.count)
        for p in lead.keys.sorted() where stoppedAt[p] == nil {
            let u = lead[p]!
            guard let e = withdrawn[u] else { continue }
            let project = original.projects[p]
            let candidates = original.units.indices.filter { v in
                v != u && withdrawn[v] == nil && ledCount[v] < original.units[v].maxProjects
                    && Eligibility.unit(v, project: p, in: original, settings: st0)
            }
            let fundsLeft = fundsLeftByUnit(original, lead: lead)
            if let v = candidates.min(by: { a, b in
                let ka = (ledCount[a] < original.units[a].minProjects ? 0 : 1, max(0, project.cost - fundsLeft[a]),
                          Eligibility.unitDistance(a, project: p, in: original), a)
                let kb = (ledCount[b] < original.units[b].minProjects ? 0 : 1, max(0, project.cost - fundsLeft[b]),
                          Eligibility.unitDistance(b, project: p, in: original), b)
                return ka < kb
            }) {
                lead[p] = v
                ledCount[u] -= 1
                ledCount[v] += 1
                summary.newLeads.append((project.id, original.units[u].id, original.units[v].id))
            } else {
                stoppedAt[p] = e
                if heldDays[p]!.contains(where: { $0 < e }) {
                    keptByWithdrawn[u] += 1
                    fundsKept[u] += project.cost
                }
            }
        }
        for (u, _) in withdrawn {
            edit.withdraw(unit: original.units[u].id, keeps: keptByWithdrawn[u], funds: min(original.units[u].funds, fundsKept[u]))
        }
        for (m, days) in unavailable { edit.block(member: original.members[m].id, days: days) }
        for (m, e) in leaves {
            edit.block(member: original.members[m].id, days: original.period.days.filter { $0 >= e })
        }
        for p in stoppedAt.keys.sorted() {
            let kept = heldDays[p]!.filter { $0 < stoppedAt[p]! }
            edit.shorten(project: original.projects[p].id, held: kept)
            summary.stopped.append((original.projects[p].id, kept.count))
            if kept.isEmpty {
                ledCount[lead[p]!] -= 1
                lead[p] = nil
                heldDays[p] = nil
            } else {
                heldDays[p] = kept
            }
        }
        // Cancelled projects that were not running: removed from the lists, so nothing adds them back.
        for p in cancelled.keys.sorted() where oldLead[p] == nil { edit.shorten(project: original.projects[p].id, held: []) }

        // Phase B: staffing on the changed scenario.
        var sc = try edit.load()
        sc.files = original.files
        var draft = Draft(scenario: sc, settings: try sc.settings(for: plan.variant), options: options)
        for p in lead.keys.sorted() {
            let id = original.projects[p].id
            guard let q = draft.ids.projects[id] else { continue }
            draft.lead[q] = lead[p]!
            for d in heldDays[p]! {
                let key = ReplanSessionKey(project: id, day: d)
                var staff = oldStaff[key] ?? []
                if d >= today { staff = staff.filter { draft.eligible($0, q, d) } }
                draft.hold(q, d, staff: staff)
            }
        }
        let short = draft.shortSessions()
        var failed = try draft.restaff(short, neighbours: [])
        if !failed.isEmpty {
            let neighbours = draft.neighbours(of: failed)
            failed = try draft.restaff(failed, neighbours: neighbours)
        }
        var stopNow: [Int] = []
        for k in failed {
            if let to = try draft.move(k) {
                summary.moved.append((sc.projects[k.p].id, k.day, to))
            } else if !stopNow.contains(k.p) {
                stopNow.append(k.p)
            }
        }
        if !stopNow.isEmpty {
            // Projects that cannot be held any more: they stop at --today (shortened with their
            // sessions before it, or dropped); the changed scenario says so.
            for q in stopNow.sorted() {
                let id = sc.projects[q].id
                let kept = draft.dates(of: q).filter { $0 < today }
                draft.stop(q, keeping: kept)
                summary.stopped.append((id, kept.count))
                if !kept.isEmpty { edit.shorten(project: id, held: kept) }
            }
            if stopNow.contains(where: { !draft.dates(of: $0).isEmpty }) {
                var again = try edit.load()
                again.files = original.files
                draft = draft.rebased(on: again)
                sc = again
            }
        }

        // Phase C: new needs, when a project serving them gains more than it changes.
        for i in addedNeeds {
            let needId = original.needs[i].id
            guard let ni = draft.ids.needs[needId] else { continue }
            if draft.covered(ni) { continue }
            var best: (gain: Double, snapshot: Draft, project: Int)?
            for q in sc.projects.indices where sc.projects[q].needs.contains(ni) && draft.lead[q] == nil {
                var trial = draft
                if let gain = try trial.add(project: q), gain > 0, gain > (best?.gain ?? 0) { best = (gain, trial, q) }
            }
            if let best {
                draft = best.snapshot
                summary.addedProjects.append(sc.projects[best.project].id)
            } else {
                summary.addedNeedsUncovered.append(needId)
            }
        }

        // The plan and what changed.
        let newPlan = draft.plan(variant: plan.variant, oldPlan: plan, stopped: Set(summary.stopped.map(\.project)))
        var before = Set<Assignment3>()
        for a in plan.assignments { before.insert(Assignment3(member: a.member, project: a.project, date: a.date)) }
        var after = Set<Assignment3>()
        for a in newPlan.assignments { after.insert(Assignment3(member: a.member, project: a.project, date: a.date)) }
        var notices: [ChangeNotice] = []
        let todayISO = today.iso
        for a in before.subtracting(after) { notices.append(ChangeNotice(member: sc.members.firstIndex { $0.id == a.member }!, project: a.project, date: Day(iso: a.date)!, added: false)) }
        for a in after.subtracting(before) { notices.append(ChangeNotice(member: draft.ids.members[a.member]!, project: a.project, date: Day(iso: a.date)!, added: true)) }
        notices.sort { ($0.member, $0.date, $0.project, $0.added ? 1 : 0) < ($1.member, $1.date, $1.project, $1.added ? 1 : 0) }
        summary.removed = notices.filter { !$0.added }.count
        summary.added = notices.filter(\.added).count
        let touchedProjects = Set(cancelled.keys.map { original.projects[$0].id })
        for a in before {
            if a.date < todayISO { summary.fixedBefore += 1; continue }
            summary.futureBefore += 1
            let m = ids0.members[a.member]!, d = Day(iso: a.date)!
            let hit = (unavailable[m]?.contains(d) ?? false) || (leaves[m].map { d >= $0 } ?? false) || touchedProjects.contains(a.project)
            if hit { continue }
            summary.untouched += 1
            if after.contains(a) { summary.untouchedKept += 1 }
        }
        summary.objectiveAfter = newPlan.objective
        let elapsed = clock.now - started
        summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return ReplanResult(plan: newPlan, scenario: sc, settings: draft.settings, scenarioFiles: try edit.files(),
                            notices: notices, summary: summary, before: plan)
    }

    /// Funds each unit has left after paying, in project order, for the projects it leads.
    static func fundsLeftByUnit(_ sc: Scenario, lead: [Int: Int]) -> [Double] {
        var left = sc.units.map(\.funds)
        for p in lead.keys.sorted() { let u = lead[p]!; left[u] -= min(max(left[u], 0), sc.projects[p].cost) }
        return left
    }
}

struct ReplanSessionKey: Hashable {
    var project: String
    var day: Day
}

struct Assignment3: Hashable {
    var member: String
    var project: String
    var date: String
}
