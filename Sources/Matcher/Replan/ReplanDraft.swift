import Foundation

/// A held session of the draft: project index and date.
struct SessionRef: Hashable, Comparable {
    var p: Int
    var day: Day
    static func < (a: SessionRef, b: SessionRef) -> Bool { (a.p, a.day) < (b.p, b.day) }
}

/// The plan being repaired, in index form of the changed scenario: lead units, held dates and
/// staff, with each member's load and booked (date, slot)s kept up to date. Member-sessions of
/// the announced plan are remembered: keeping one earns the change weight in every staffing MIP.
struct Draft {
    private(set) var scenario: Scenario
    let settings: Settings
    let options: ReplanOptions
    private(set) var graph: EligibilityGraph
    private(set) var ids: ScenarioIds
    var lead: [Int?]
    private(set) var held: [[Day]]
    private(set) var staff: [SessionRef: [Int32]] = [:]
    private var load: [Int]
    private var booked = Set<Int64>()
    /// (member, session) pairs of the announced plan.
    private var announced = Set<Pair>()
    /// Objective change of the last `restaff` (distance, change penalty, participation).
    private(set) var lastDelta = 0.0

    struct Pair: Hashable { var m: Int32; var s: SessionRef }

    init(scenario: Scenario, settings: Settings, options: ReplanOptions) {
        self.scenario = scenario
        self.settings = settings
        self.options = options
        graph = EligibilityGraph(scenario: scenario, settings: settings)
        ids = ScenarioIds(scenario)
        lead = Array(repeating: nil, count: scenario.projects.count)
        held = Array(repeating: [], count: scenario.projects.count)
        load = Array(repeating: 0, count: scenario.members.count)
    }

    /// The same draft on a scenario whose lists differ only in projects' sessions and dates.
    func rebased(on sc: Scenario) -> Draft {
        var d = Draft(scenario: sc, settings: settings, options: options)
        d.lead = lead
        d.held = held
        d.staff = staff
        d.load = load
        d.booked = booked
        d.announced = announced
        return d
    }

    // MARK: lookups

    var today: Day { options.today }

    func session(_ p: Int, _ d: Day) -> Int? {
        let r = graph.sessions(of: p)
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if graph.sessions[mid].day < d { lo = mid + 1 } else { hi = mid }
        }
        return lo < r.upperBound && graph.sessions[lo].day == d ? lo : nil
    }

    func eligible(_ m: Int, _ p: Int, _ d: Day) -> Bool {
        guard let k = session(p, d) else { return false }
        return graph.members(of: k).contains { graph.memberOf[$0] == Int32(m) }
    }

    private func slotKey(_ m: Int32, _ s: SessionRef) -> Int64 {
        Int64(m) << 20 | Int64(scenario.period.index(of: s.day) * 3 + scenario.projects[s.p].slot.rawValue)
    }

    func dates(of p: Int) -> [Day] { held[p] }

    func covered(_ need: Int) -> Bool {
        scenario.projects.indices.contains { lead[$0] != nil && scenario.projects[$0].needs.contains(need) }
    }

    private func cap(_ m: Int) -> Int { scenario.maxSessions(of: m, settings: settings) }

    // MARK: edits

    /// Holds session (p, d) with `staff`, all of them announced.
    mutating func hold(_ p: Int, _ d: Day, staff members: [Int]) {
        let s = SessionRef(p: p, day: d)
        place(s)
        let ms = members.map { Int32($0) }.sorted()
        assign(s, ms)
        for m in ms { announced.insert(Pair(m: m, s: s)) }
    }

    private mutating func place(_ s: SessionRef) {
        if !held[s.p].contains(s.day) { held[s.p].append(s.day); held[s.p].sort() }
        if staff[s] == nil { staff[s] = [] }
    }

    private mutating func assign(_ s: SessionRef, _ members: [Int32]) {
        for m in staff[s] ?? [] { load[Int(m)] -= 1; booked.remove(slotKey(m, s)) }
        staff[s] = members
        for m in members { load[Int(m)] += 1; booked.insert(slotKey(m, s)) }
    }

    private mutating func unhold(_ s: SessionRef) {
        assign(s, [])
        staff[s] = nil
        held[s.p].removeAll { $0 == s.day }
    }

    /// Drops every session of p on or after --today; the project keeps `kept` (before it) or stops.
    mutating func stop(_ p: Int, keeping kept: [Day]) {
        for d in held[p] where !kept.contains(d) { unhold(SessionRef(p: p, day: d)) }
        if held[p].isEmpty { lead[p] = nil }
    }

    // MARK: staffing

    private func isShort(_ s: SessionRef, _ members: [Int32]) -> Bool {
        let project = scenario.projects[s.p]
        if members.count < project.minVolunteers || members.count > project.maxVolunteers { return true }
        return project.skills.contains { req in members.filter { scenario.members[Int($0)].hasSkill(req.tag) }.count < req.count }
    }

    /// Held sessions on or after --today short of staff or skills.
    func shortSessions() -> [SessionRef] {
        var out: [SessionRef] = []
        for p in scenario.projects.indices where lead[p] != nil {
            for d in held[p] where d >= today {
                let s = SessionRef(p: p, day: d)
                if isShort(s, staff[s] ?? []) { out.append(s) }
            }
        }
        return out
    }

    /// Future held sessions whose staff could be swapped to help `failed`: the other sessions
    /// of members eligible for a failed session but busy (at their maximum, or booked that slot).
    func neighbours(of failed: [SessionRef]) -> [SessionRef] {
        var sessionsOf: [Int32: [SessionRef]] = [:]
        for (s, ms) in staff where s.day >= today { for m in ms { sessionsOf[m, default: []].append(s) } }
        let skip = Set(failed)
        var out = Set<SessionRef>()
        for f in failed.sorted() {
            guard let k = session(f.p, f.day) else { continue }
            for e in graph.members(of: k) {
                let m = graph.memberOf[e]
                for s in (sessionsOf[m] ?? []).sorted() where !skip.contains(s) {
                    out.insert(s)
                    if out.count >= options.neighbourLimit { return out.sorted() }
                }
            }
        }
        return out.sorted()
    }

    /// Re-staffs `targets` (every eligible member a candidate) and `neighbours` (their staff and
    /// nearest few) in one MIP, everything else fixed: least distance, change penalty and
    /// participation shortfall, each announced member-session kept earning the change weight.
    /// Returns the sessions still short.
    @discardableResult
    mutating func restaff(_ targets: [SessionRef], neighbours: [SessionRef]) throws -> [SessionRef] {
        lastDelta = 0
        let all = targets + neighbours
        guard !all.isEmpty else { return [] }
        let sc = scenario, st = settings, w = options.changeWeight
        let previous = all.map { staff[$0] ?? [] }
        for s in all { assign(s, []) }
        let big = 1000.0 * (1 + w + st.distancePerKm * st.maxDistanceKm + st.participationShortfall)
        var lp = LinearModel(name: "replan", sense: .minimize)
        var cols: [[(m: Int32, j: Int)]] = []
        var byMember: [Int32: [Int]] = [:]
        var bySlot: [Int64: [Int]] = [:]
        var shortOf: [(Int, Int)] = []      // (position in all, column)
        var constant = 0.0                 // the objective of `previous` is measured against this
        for (n, s) in all.enumerated() {
            var row: [(m: Int32, j: Int)] = []
            guard let k = session(s.p, s.day) else { cols.append([]); continue }
            let isTarget = n < targets.count
            let keep = Set(previous[n])
            var taken = 0
            for e in graph.members(of: k) {
                let m = graph.memberOf[e]
                let mine = keep.contains(m)
                if !isTarget && !mine && taken >= options.neighbourCandidates { continue }
                if !mine { taken += 1 }
                guard load[Int(m)] < cap(Int(m)), !booked.contains(slotKey(m, s)) else { continue }
                let was = announced.contains(Pair(m: m, s: s))
                let j = lp.addColumn("x[\(n),\(m)]", upper: 1, objective: st.distancePerKm * graph.kmOf[e] + (was ? -w : w), kind: .binary)
                if was { constant += w }
                row.append((m, j))
                byMember[m, default: []].append(j)
                bySlot[slotKey(m, s), default: []].append(j)
            }
            cols.append(row)
        }
        for (n, s) in all.enumerated() {
            let project = sc.projects[s.p]
            let row = cols[n]
            let short = lp.addColumn("short[\(n)]", objective: big)
            shortOf.append((n, short))
            lp.addRow("staff_min[\(n)]", lower: Double(project.minVolunteers), terms: row.map { ($0.j, 1.0) } + [(short, 1.0)])
            lp.addRow("staff_max[\(n)]", upper: Double(project.maxVolunteers), terms: row.map { ($0.j, 1.0) })
            for req in project.skills {
                let with = row.filter { sc.members[Int($0.m)].hasSkill(req.tag) }.map { ($0.j, 1.0) }
                let skillShort = lp.addColumn("short_skill[\(n),\(req.tag)]", objective: big)
                shortOf.append((n, skillShort))
                lp.addRow("skill[\(n),\(req.tag)]", lower: Double(req.count), terms: with + [(skillShort, 1.0)])
            }
        }
        for m in byMember.keys.sorted() {
            let js = byMember[m]!
            let room = cap(Int(m)) - load[Int(m)]
            if js.count > room { lp.addRow("member_max[\(m)]", upper: Double(room), terms: js.map { ($0, 1.0) }) }
            if st.participationShortfall > 0 {
                let need = sc.participationTarget(of: Int(m), settings: st) - load[Int(m)]
                if need > 0 {
                    let q = lp.addColumn("q[\(m)]", upper: Double(need), objective: st.participationShortfall)
                    lp.addRow("participation[\(m)]", lower: Double(need), terms: js.map { ($0, 1.0) } + [(q, 1.0)])
                    constant -= st.participationShortfall * Double(need)
                }
            }
        }
        for key in bySlot.keys.sorted() where bySlot[key]!.count > 1 {
            lp.addRow("one_per_slot[\(key)]", upper: 1, terms: bySlot[key]!.map { ($0, 1.0) })
        }
        let problem = try GLPKProblem(lp)
        var mip = MIPOptions()
        mip.timeLimitSeconds = max(1, options.timeLimitSeconds)
        mip.relativeGap = 1e-6
        let result = try problem.solveMIP(mip)
        guard result.hasSolution else {
            for (n, s) in all.enumerated() { assign(s, previous[n]) }
            return targets
        }
        let x = result.columnValues
        var failed = Set<Int>()
        for (n, j) in shortOf where x[j] > 1e-6 { failed.insert(n) }
        var delta = constant
        for (n, s) in all.enumerated() {
            let chosen = cols[n].filter { x[$0.j] > 0.5 }.map(\.m).sorted()
            assign(s, chosen)
        }
        for (j, v) in x.enumerated() where v > 1e-9 { delta += v * lp.columns[j].objective }
        lastDelta = delta
        return failed.sorted().map { all[$0] }
    }

    /// Moves a session that cannot be staffed to the nearest other candidate date (on or after
    /// --today, not already held) where it can be, at least cost. Returns the new date, or nil
    /// (the session is then no longer held).
    mutating func move(_ s: SessionRef) throws -> Day? {
        unhold(s)
        let options = graph.sessions(of: s.p).map { graph.sessions[$0].day }
            .filter { d in d >= today && d != s.day && !held[s.p].contains(d)
                && held[s.p].allSatisfy { Spacing.apart($0, d, gap: scenario.minGap(of: s.p, settings: settings)) } }
            .sorted { (abs($0.ordinal - s.day.ordinal), $0) < (abs($1.ordinal - s.day.ordinal), $1) }
            .prefix(self.options.moveDates)
        var best: (cost: Double, draft: Draft, day: Day)?
        for d in options {
            var trial = self
            let t = SessionRef(p: s.p, day: d)
            trial.place(t)
            if try trial.restaff([t], neighbours: []).isEmpty, trial.lastDelta < (best?.cost ?? .infinity) {
                best = (trial.lastDelta, trial, d)
            }
        }
        guard let best else { return nil }
        self = best.draft
        return best.day
    }

    /// Adds project p (not running) for a new need: a lead unit with room, its sessions on the
    /// cheapest dates on or after --today. Returns the gain (objective change less the change
    /// penalty), or nil when it cannot be added within the rules.
    mutating func add(project p: Int) throws -> Double? {
        let sc = scenario, project = sc.projects[p]
        let before = solution().objective(sc, graph)
        var led = Array(repeating: 0, count: sc.units.count)
        for q in sc.projects.indices { if let u = lead[q] { led[u] += 1 } }
        let left = Replanner.fundsLeftByUnit(sc, lead: Dictionary(uniqueKeysWithValues: sc.projects.indices.compactMap { q in lead[q].map { (q, $0) } }))
        guard let u = graph.leadUnits[p].filter({ led[$0] < sc.units[$0].maxProjects }).min(by: { a, b in
            (led[a] < sc.units[a].minProjects ? 0 : 1, max(0, project.cost - left[a]), Eligibility.unitDistance(a, project: p, in: sc), a)
                < (led[b] < sc.units[b].minProjects ? 0 : 1, max(0, project.cost - left[b]), Eligibility.unitDistance(b, project: p, in: sc), b)
        }) else { return nil }
        lead[p] = u
        guard solution().fitsFunds(sc, settings: settings) else { lead[p] = nil; return nil }
        // Each date alone, then committed cheapest first while the sessions still staff.
        var costs: [(Double, Day)] = []
        for k in graph.sessions(of: p) where graph.sessions[k].day >= today {
            var trial = self
            let t = SessionRef(p: p, day: graph.sessions[k].day)
            trial.place(t)
            if try trial.restaff([t], neighbours: []).isEmpty { costs.append((trial.lastDelta, t.day)) }
        }
        var added = 0
        let gap = sc.minGap(of: p, settings: settings)
        for (_, d) in costs.sorted(by: { $0 < $1 }) where added < project.sessions {
            // Spacing (14): apart from the dates already taken.
            guard held[p].allSatisfy({ Spacing.apart($0, d, gap: gap) }) else { continue }
            var trial = self
            let t = SessionRef(p: p, day: d)
            trial.place(t)
            if try trial.restaff([t], neighbours: []).isEmpty { self = trial; added += 1 }
        }
        guard added == project.sessions else { return nil }
        let changed = held[p].reduce(0) { $0 + (staff[SessionRef(p: p, day: $1)]?.count ?? 0) }
        return solution().objective(sc, graph) - before - options.changeWeight * Double(changed)
    }

    // MARK: the plan

    func solution() -> Solution {
        var sol = Solution(projectCount: scenario.projects.count, sessionCount: graph.sessionCount)
        for p in scenario.projects.indices {
            guard let u = lead[p] else { continue }
            sol.lead[p] = u
            for d in held[p] {
                guard let k = session(p, d) else { continue }
                sol.held[p].append(k)
                sol.staff[k] = staff[SessionRef(p: p, day: d)] ?? []
            }
        }
        return sol
    }

    /// The contract's plan of this draft. Uncovered needs get the solver's reasons; a need whose
    /// project stopped because of a change says so first.
    func plan(variant: String, oldPlan: Plan, stopped: Set<String>) -> Plan {
        let sc = scenario
        let sol = solution()
        let fund = sol.funding(sc, settings: settings)
        var projects: [Plan.RunningProject] = []
        var assignments: [Plan.Assignment] = []
        for p in sol.runningProjects {
            let project = sc.projects[p]
            projects.append(Plan.RunningProject(id: project.id, leadUnit: sc.units[lead[p]!].id,
                                                dates: held[p].map(\.iso), unitFunds: fund[p].unit, streetFunds: fund[p].street))
            for d in held[p] {
                for m in staff[SessionRef(p: p, day: d)] ?? [] {
                    assignments.append(Plan.Assignment(member: sc.members[Int(m)].id, project: project.id, date: d.iso))
                }
            }
        }
        let cov = sol.covered(sc)
        let reasons = UnmetReasons(scenario: sc, graph: graph, analysis: SessionAnalysis(scenario: sc, graph: graph), solution: sol)
        let words = Words(.en)
        let needs = sc.needs.enumerated().map { i, need -> Plan.NeedOutcome in
            if cov[i] { return Plan.NeedOutcome(id: need.id, covered: true, reason: nil) }
            let stoppedBy = sc.projects.filter { stopped.contains($0.id) && $0.needs.contains(i) }.map(\.id)
            let stoppedGone = stopped.filter { id in ids.projects[id] == nil }.sorted()
            var reason = reasons.reason(for: i)
            if !stoppedBy.isEmpty { reason = words.replanReasonStopped(stoppedBy) + "; " + reason }
            else if reason == "no project lists this need", !stoppedGone.isEmpty,
                    oldPlan.needs.first(where: { $0.id == need.id })?.covered == true {
                reason = words.replanReasonCancelled
            }
            return Plan.NeedOutcome(id: need.id, covered: false, reason: reason)
        }
        let t = sol.terms(sc, graph)
        return Plan(scenario: sc.name, variant: variant, status: .feasible, objective: t.objective, bestBound: .nan,
                    gap: .nan, objectiveTerms: t, projects: projects, assignments: assignments, needs: needs)
    }
}
