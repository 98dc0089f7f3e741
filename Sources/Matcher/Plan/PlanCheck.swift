import Foundation

/// What `PlanCheck` found: the violated rules in words, and the objective recomputed from
/// the plan itself.
public struct PlanCheckResult: Hashable, Sendable {
    /// One line per violation, in words, in plan order (`session P07 on 2027-01-16: 2 staff, needs 3..5`).
    /// Does not include a wrong stated objective: see `statedObjectiveMatches`.
    public var violations: [String]
    /// The objective terms recomputed from the plan (contract section 4).
    public var terms: Plan.Terms
    /// `terms.needs - terms.distance - terms.unitShortfall - terms.participation`.
    public var objective: Double
    /// The plan's own `objective` equals the recomputed one within 1e-6·max(1,|obj|) + 1e-6.
    public var statedObjectiveMatches: Bool
    /// The plan's `objective_terms` each equal the recomputed ones within the same tolerance.
    public var statedTermsMatch: Bool

    public init(violations: [String], terms: Plan.Terms, statedObjectiveMatches: Bool, statedTermsMatch: Bool) {
        self.violations = violations; self.terms = terms; objective = terms.objective
        self.statedObjectiveMatches = statedObjectiveMatches; self.statedTermsMatch = statedTermsMatch
    }

    /// No constraint of the contract is violated.
    public var isFeasible: Bool { violations.isEmpty }
    /// Feasible and the stated objective is right: what the independent checker accepts.
    public var passed: Bool { isFeasible && statedObjectiveMatches }
}

/// Checks a plan against its scenario: every constraint of the contract's model (section 3)
/// as it applies to a plan, and every rule of section 4, independently of how the plan was
/// made. Mirrors `shared/contract/checkplan.py` and is a little stricter where the contract
/// says so (a date or a need listed twice).
///
/// Ids are looked up once in dictionaries; the rest is integer-indexed, so a city-scale plan
/// (hundreds of thousands of assignments) checks in well under a second.
public struct PlanCheck {
    public static func check(_ plan: Plan, scenario: Scenario, settings: Settings) -> PlanCheckResult {
        var run = Run(scenario: scenario, settings: settings)
        run.checkProjects(plan)
        run.checkAssignments(plan)
        run.checkSessions()
        let terms = run.recomputeTerms()
        run.checkNeeds(plan)
        let stated = plan.objective
        let objectiveOK = stated.isFinite && close(stated, terms.objective)
        let t = plan.objectiveTerms
        let termsOK = close(t.needs, terms.needs) && close(t.distance, terms.distance)
            && close(t.unitShortfall, terms.unitShortfall) && close(t.participation, terms.participation)
        return PlanCheckResult(violations: run.violations, terms: terms,
                               statedObjectiveMatches: objectiveOK, statedTermsMatch: termsOK)
    }

    /// The contract's objective tolerance: 1e-6·max(1,|expected|) + 1e-6.
    public static func close(_ stated: Double, _ expected: Double) -> Bool {
        abs(stated - expected) <= 1e-6 * max(1, abs(expected)) + 1e-6
    }
}

private struct SessionKey: Hashable {
    var project: Int32
    var day: Int32
}

private struct AssignmentKey: Hashable {
    var member: Int32
    var project: Int32
    var day: Int32
}

private struct BookingKey: Hashable {
    var member: Int32
    var day: Int32
    var slot: Int8
}

/// The state of one check, built once per call.
private struct Run {
    let scenario: Scenario
    let settings: Settings
    /// Id → index maps of the scenario's lists.
    let ids: ScenarioIds
    var violations: [String] = []

    /// Per project index: the plan entry that makes it run (the last, if listed twice).
    var entry: [Plan.RunningProject?]
    /// Running projects in the order first listed.
    var runningOrder: [Int] = []
    /// Per running project: its distinct valid dates, in listed order.
    var held: [[Day]]
    /// Per unit index: projects led (running projects only).
    var led: [Int]
    var distanceKm = 0.0
    var staff: [SessionKey: [Int32]] = [:]
    var sessionsOf: [Int]
    var booking: [BookingKey: Int32] = [:]
    var doubleBooked: [BookingKey: [Int32]] = [:]
    var doubleBookedOrder: [BookingKey] = []

    init(scenario: Scenario, settings: Settings) {
        self.scenario = scenario
        self.settings = settings
        ids = ScenarioIds(scenario)
        entry = Array(repeating: nil, count: scenario.projects.count)
        held = Array(repeating: [], count: scenario.projects.count)
        led = Array(repeating: 0, count: scenario.units.count)
        sessionsOf = Array(repeating: 0, count: scenario.members.count)
    }

    mutating func add(_ message: String) { violations.append(message) }

    // MARK: projects, units, funds (constraints 1–4, 10–12)

    mutating func checkProjects(_ plan: Plan) {
        for pr in plan.projects {
            guard let p = ids.projects[pr.id] else {
                add("project \(pr.id): not in the scenario")
                continue
            }
            let project = scenario.projects[p]
            if entry[p] != nil {
                add("project \(pr.id): listed twice")
            } else {
                runningOrder.append(p)
            }
            entry[p] = pr
            if let u = ids.units[pr.leadUnit] {
                if !Eligibility.unit(u, project: p, in: scenario, settings: settings) {
                    add("project \(pr.id): lead unit \(pr.leadUnit) may not lead it (\(unitReason(u, p)))")
                }
            } else {
                add("project \(pr.id): lead unit \(pr.leadUnit.isEmpty ? "(none)" : pr.leadUnit) is not in the scenario")
            }
            var days: [Day] = []
            for text in pr.dates {
                guard let d = Day(iso: text) else {
                    add("project \(pr.id): '\(text)' is not a date (YYYY-MM-DD)")
                    continue
                }
                if days.contains(d) {
                    add("project \(pr.id): date \(d.iso) listed twice")
                    continue
                }
                days.append(d)
                if !project.candidateDates.contains(d) {
                    add("project \(pr.id): \(d.iso) is not a candidate date" + (scenario.holidays.contains(d) ? " (a holiday)" : ""))
                }
            }
            if days.count != project.sessions {
                add("project \(pr.id): \(NumberText.count(days.count, "date")), needs \(project.sessions)")
            }
            held[p] = days
            // 14. spacing.
            let gap = scenario.minGap(of: p, settings: settings)
            let sortedDays = days.sorted()
            for (a, b) in zip(sortedDays, sortedDays.dropFirst()) where !Spacing.apart(a, b, gap: gap) {
                add("project \(pr.id): sessions on \(a.iso) and \(b.iso) are \(NumberText.count(Int(b.ordinal - a.ordinal), "day")) apart, less than its spacing of \(gap)")
            }
            let uf = pr.unitFunds, sf = pr.streetFunds
            if !uf.isFinite || !sf.isFinite {
                add("project \(pr.id): funds are not numbers")
            } else if uf < -1e-6 || sf < -1e-6 {
                add("project \(pr.id): negative funds (unit \(NumberText.plain(uf)), street \(NumberText.plain(sf)))")
            } else if abs(uf + sf - project.cost) > 1e-4 * max(1, project.cost) {
                add("project \(pr.id): funds \(NumberText.plain(uf)) + \(NumberText.plain(sf)) = \(NumberText.plain(uf + sf)), cost is \(NumberText.plain(project.cost))")
            }
        }
        // Units and the street budget, over the running projects.
        var given = Array(repeating: 0.0, count: scenario.units.count)
        var street = 0.0
        for p in runningOrder {
            let pr = entry[p]!
            street += pr.streetFunds
            if let u = ids.units[pr.leadUnit] {
                led[u] += 1
                given[u] += pr.unitFunds
            }
        }
        for (u, unit) in scenario.units.enumerated() {
            if led[u] > unit.maxProjects {
                add("unit \(unit.id): leads \(NumberText.count(led[u], "project")), max \(unit.maxProjects)")
            }
            if given[u] > unit.funds + 1e-4 * max(1, unit.funds) {
                add("unit \(unit.id): gives \(NumberText.plain(given[u])) yuan, has \(NumberText.plain(unit.funds))")
            }
        }
        if let budget = settings.streetBudget, street > budget + 1e-4 * max(1, budget) {
            add("street funds \(NumberText.plain(street)) yuan exceed the budget \(NumberText.plain(budget))")
        }
        // 15. each street's budget.
        if let streets = StreetBudgets(scenario, settings: settings) {
            var spent = [Double](repeating: 0, count: streets.names.count)
            for p in runningOrder { if let s = streets.streetOf[p] { spent[s] += entry[p]!.streetFunds } }
            for (s, name) in streets.names.enumerated() where spent[s] > streets.budgets[s] + 1e-4 * max(1, streets.budgets[s]) {
                add("street \(name): street funds \(NumberText.plain(spent[s])) yuan exceed its budget \(NumberText.plain(streets.budgets[s]))")
            }
        }
    }

    func unitReason(_ u: Int, _ p: Int) -> String {
        let unit = scenario.units[u], project = scenario.projects[p]
        if !unit.offers(project.category) { return "it does not offer category '\(project.category)'" }
        let km = Eligibility.unitDistance(u, project: p, in: scenario)
        return "\(NumberText.fixed(km, decimals: 2)) km away, beyond \(NumberText.plain(settings.unitMaxDistanceKm)) km, and not paired with \(scenario.communities[project.community].id)"
    }

    // MARK: assignments (constraints 5–8 gathered; 7 and 8 judged here)

    mutating func checkAssignments(_ plan: Plan) {
        var seen = Set<AssignmentKey>(minimumCapacity: plan.assignments.count)
        staff.reserveCapacity(plan.assignments.count / 2)
        booking.reserveCapacity(plan.assignments.count)
        for a in plan.assignments {
            let what = "assignment \(a.member) to \(a.project) on \(a.date)"
            guard let d = Day(iso: a.date) else {
                add("\(what): '\(a.date)' is not a date (YYYY-MM-DD)")
                continue
            }
            guard let m = ids.members[a.member] else {
                add("\(what): member \(a.member) is not in the scenario")
                continue
            }
            guard let p = ids.projects[a.project] else {
                add("\(what): project \(a.project) is not in the scenario")
                continue
            }
            let key = AssignmentKey(member: Int32(m), project: Int32(p), day: d.ordinal)
            guard seen.insert(key).inserted else {
                add("\(what): listed twice")
                continue
            }
            if entry[p] == nil {
                add("\(what): session not held (\(a.project) does not run)")
            } else if !held[p].contains(d) {
                add("\(what): session not held (\(a.project) has no session that day)")
            }
            if !Eligibility.member(m, project: p, day: d, in: scenario, settings: settings) {
                add("\(what): member not eligible (\(memberReason(m, p, d)))")
            }
            distanceKm += Eligibility.memberDistance(m, project: p, in: scenario)
            staff[SessionKey(project: Int32(p), day: d.ordinal), default: []].append(Int32(m))
            sessionsOf[m] += 1
            let bk = BookingKey(member: Int32(m), day: d.ordinal, slot: Int8(scenario.projects[p].slot.rawValue))
            if let first = booking[bk] {
                if doubleBooked[bk] == nil {
                    doubleBooked[bk] = [first]
                    doubleBookedOrder.append(bk)
                }
                doubleBooked[bk]!.append(Int32(p))
            } else {
                booking[bk] = Int32(p)
            }
        }
        for (m, n) in sessionsOf.enumerated() where n > 0 {
            let max = scenario.maxSessions(of: m, settings: settings)
            if n > max {
                add("member \(scenario.members[m].id): \(NumberText.count(n, "session")), max \(max)")
            }
        }
        for bk in doubleBookedOrder {
            let ps = doubleBooked[bk]!.map { scenario.projects[Int($0)].id }
            let slot = Slot(rawValue: Int(bk.slot))!
            add("member \(scenario.members[Int(bk.member)].id): double-booked on \(Day(ordinal: bk.day).iso) \(slot.name) (\(ps.joined(separator: ", ")))")
        }
    }

    func memberReason(_ m: Int, _ p: Int, _ d: Day) -> String {
        let member = scenario.members[m], project = scenario.projects[p]
        let max = scenario.maxSessions(of: m, settings: settings)
        if max < 1 { return "\(member.id) has max_sessions \(max)" }
        if !project.candidateDates.contains(d) { return "\(d.iso) is not a candidate date of \(project.id)" }
        if !scenario.availability.isAvailable(member: m, day: d, slot: project.slot) {
            return "\(member.id) is not available on \(d.iso) \(project.slot.name)"
        }
        let km = Eligibility.memberDistance(m, project: p, in: scenario)
        return "\(NumberText.fixed(km, decimals: 2)) km away, beyond \(NumberText.plain(settings.maxDistanceKm)) km"
    }

    // MARK: sessions (constraints 5 and 6)

    mutating func checkSessions() {
        for p in runningOrder {
            let project = scenario.projects[p]
            for d in held[p] {
                let ms = staff[SessionKey(project: Int32(p), day: d.ordinal)] ?? []
                if ms.count < project.minVolunteers || ms.count > project.maxVolunteers {
                    add("session \(project.id) on \(d.iso): \(ms.count) staff, needs \(project.minVolunteers)..\(project.maxVolunteers)")
                }
                for req in project.skills {
                    let have = ms.reduce(0) { $0 + (scenario.members[Int($1)].hasSkill(req.tag) ? 1 : 0) }
                    if have < req.count {
                        add("session \(project.id) on \(d.iso): \(have) with skill '\(scenario.skillTags[req.tag])', needs \(req.count)")
                    }
                }
            }
        }
    }

    // MARK: needs and the objective (constraint 9, section 4)

    func coveredNeeds() -> [Bool] {
        var covered = Array(repeating: false, count: scenario.needs.count)
        for p in runningOrder {
            for i in scenario.projects[p].needs { covered[i] = true }
        }
        return covered
    }

    func recomputeTerms() -> Plan.Terms {
        let covered = coveredNeeds()
        var needs = 0
        for (i, need) in scenario.needs.enumerated() where covered[i] { needs += need.weight }
        var shortfall = 0
        for (u, unit) in scenario.units.enumerated() { shortfall += max(0, unit.minProjects - led[u]) }
        // Constraint 13: q_m = max(0, t_m - sessions of m).
        var below = 0
        for m in scenario.members.indices {
            below += max(0, scenario.participationTarget(of: m, settings: settings) - sessionsOf[m])
        }
        return Plan.Terms(needs: Double(needs), distance: settings.distancePerKm * distanceKm,
                          unitShortfall: settings.unitShortfall * Double(shortfall),
                          participation: settings.participationShortfall * Double(below))
    }

    mutating func checkNeeds(_ plan: Plan) {
        let covered = coveredNeeds()
        var listed: [Plan.NeedOutcome?] = Array(repeating: nil, count: scenario.needs.count)
        var order: [Int] = []
        for n in plan.needs {
            guard let i = ids.needs[n.id] else {
                add("need \(n.id): in plan.needs but not in the scenario")
                continue
            }
            if listed[i] != nil { add("need \(n.id): listed twice in plan.needs") } else { order.append(i) }
            listed[i] = n
        }
        for (i, need) in scenario.needs.enumerated() where listed[i] == nil {
            add("need \(need.id): missing from plan.needs")
        }
        for i in order {
            let n = listed[i]!
            if n.covered != covered[i] {
                add(covered[i] ? "need \(n.id): marked uncovered, but a running project lists it"
                               : "need \(n.id): marked covered, but no running project lists it")
            }
            if !n.covered, (n.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                add("need \(n.id): uncovered without a reason")
            }
        }
    }
}
