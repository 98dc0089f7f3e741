/// Staffing fixed sessions (the contract's constraints 5–8 once y, z and v are chosen):
/// who serves each held session, at least distance cost. A small MIP whose LP relaxation is
/// almost always integral (without skills it is a network flow). Each session gets a
/// shortfall column priced far above any distance, so the model is always feasible and a
/// session that cannot be staffed shows up as shortfall instead of making the whole model fail.
struct StaffingProblem {
    struct Result {
        /// Members per session, in the order of `sessions`.
        var staff: [[Int32]]
        /// Sessions (graph indices) left short of staff or skills.
        var failed: [Int]
        var columns: Int
        var rows: Int
    }

    let scenario: Scenario
    let graph: EligibilityGraph
    /// Groups with more candidate pairs than this are staffed greedily (a city's held sessions
    /// can chain into one group of hundreds of thousands of pairs).
    var groupColumnLimit = 60_000

    /// Extra candidate sessions per member with a participation target, beyond the target itself.
    var participationSpare = 6

    /// `candidates`: nil = every eligible member; else the nearest `candidates` members of each
    /// session plus every eligible member holding one of its required skills — and, when the
    /// participation term is on, every member below a target in their nearest t_m + 6 held
    /// sessions on distinct dates and slots, so that members no session has among its
    /// nearest can still be picked.
    func solve(sessions: [Int], candidates: Int?, full: Set<Int> = [], deadline: Deadline,
               log: (@Sendable (String) -> Void)?) throws -> Result {
        let sc = scenario
        let st = graph.settings
        let participation = st.participationShortfall > 0 && sc.hasParticipationTargets(settings: st)
        var extra = [[Int]](repeating: [], count: sessions.count)
        if participation, candidates != nil {
            // Per targeted member: (km, position in `sessions`, entry), nearest first.
            var options = [Int32: [(km: Double, n: Int, e: Int)]]()
            for (n, k) in sessions.enumerated() {
                for e in graph.members(of: k) {
                    let m = graph.memberOf[e]
                    if sc.participationTarget(of: Int(m), settings: st) >= 1 { options[m, default: []].append((graph.kmOf[e], n, e)) }
                }
            }
            for m in options.keys.sorted() {
                let keep = sc.participationTarget(of: Int(m), settings: st) + participationSpare
                var keys: [Int] = []
                for o in options[m]!.sorted(by: { ($0.km, $0.n) < ($1.km, $1.n) }) where keys.count < keep {
                    let session = graph.sessions[sessions[o.n]]
                    let key = session.dayIndex * 3 + sc.projects[session.project].slot.rawValue
                    if keys.contains(key) { continue }
                    keys.append(key)
                    extra[o.n].append(o.e)
                }
            }
        }
        // Candidate members (graph entries) of each session.
        var chosenOf: [[Int]] = []
        for (n, k) in sessions.enumerated() {
            let project = sc.projects[graph.sessions[k].project]
            let range = graph.members(of: k)
            if let limit = candidates, !full.contains(k), range.count > limit {
                let skilled = range.dropFirst(limit).filter { e in
                    project.skills.contains { sc.members[Int(graph.memberOf[e])].hasSkill($0.tag) }
                }
                var chosen = Array(range.prefix(limit)) + skilled
                if !extra[n].isEmpty {
                    let have = Set(chosen)
                    chosen += extra[n].filter { !have.contains($0) }
                    chosen.sort()
                }
                chosenOf.append(chosen)
            } else {
                chosenOf.append(Array(range))
            }
        }
        // Sessions that share no candidate member are independent: one small MIP per group
        // (members serve within walking distance, so groups stay local even for a city).
        let groups = groupsSharingMembers(chosenOf, graph)
        var result = Result(staff: Array(repeating: [], count: sessions.count), failed: [], columns: 0, rows: 0)
        var booked = Set<Int64>()          // member << 20 | day * 3 + slot, across greedy groups
        var used: [Int32: Int] = [:]
        for members in groups {
            let size = members.reduce(0) { $0 + chosenOf[$1].count }
            let part = size <= groupColumnLimit
                ? try solveGroup(sessions: members.map { sessions[$0] }, chosenOf: members.map { chosenOf[$0] },
                                 deadline: deadline, log: log)
                : greedyGroup(sessions: members.map { sessions[$0] }, chosenOf: members.map { chosenOf[$0] },
                              booked: &booked, used: &used)
            for (i, n) in members.enumerated() { result.staff[n] = part.staff[i] }
            result.failed += part.failed
            result.columns += part.columns
            result.rows += part.rows
        }
        result.failed.sort()
        return result
    }

    /// Nearest-first staffing of one large group: sessions with the least slack first; each takes
    /// the holders of its required skills, then the nearest free members up to min_volunteers,
    /// respecting one session per member, date and slot and each member's max_sessions.
    private func greedyGroup(sessions: [Int], chosenOf: [[Int]], booked: inout Set<Int64>,
                             used: inout [Int32: Int]) -> Result {
        let sc = scenario
        let st = graph.settings
        let order = sessions.indices.sorted {
            (chosenOf[$0].count - sc.projects[graph.sessions[sessions[$0]].project].minVolunteers, sessions[$0])
                < (chosenOf[$1].count - sc.projects[graph.sessions[sessions[$1]].project].minVolunteers, sessions[$1])
        }
        var staff = [[Int32]](repeating: [], count: sessions.count)
        var failed: [Int] = []
        for n in order {
            let k = sessions[n]
            let session = graph.sessions[k]
            let project = sc.projects[session.project]
            let slotKey = Int64(session.dayIndex * 3 + project.slot.rawValue)
            // Cost of a pick: distance, less the weight while the member is below their target.
            func cost(_ e: Int) -> Double {
                let m = Int(graph.memberOf[e])
                let below = st.participationShortfall > 0 && used[Int32(m), default: 0] < sc.participationTarget(of: m, settings: st)
                return st.distancePerKm * graph.kmOf[e] - (below ? st.participationShortfall : 0)
            }
            let entries = st.participationShortfall > 0
                ? chosenOf[n].map { ($0, cost($0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
                : chosenOf[n].sorted { (graph.kmOf[$0], $0) < (graph.kmOf[$1], $1) }
            var picked: [Int32] = []
            func free(_ m: Int32) -> Bool {
                !picked.contains(m) && !booked.contains(Int64(m) << 20 | slotKey)
                    && used[m, default: 0] < sc.maxSessions(of: Int(m), settings: st)
            }
            for req in project.skills {
                var have = picked.filter { sc.members[Int($0)].hasSkill(req.tag) }.count
                for e in entries where have < req.count {
                    let m = graph.memberOf[e]
                    if free(m) && sc.members[Int(m)].hasSkill(req.tag) { picked.append(m); have += 1 }
                }
            }
            for e in entries where picked.count < project.minVolunteers {
                let m = graph.memberOf[e]
                if free(m) { picked.append(m) }
            }
            // Beyond min_volunteers: members below their target, while that earns more than it costs.
            for e in entries where picked.count < project.maxVolunteers && cost(e) < 0 {
                let m = graph.memberOf[e]
                if free(m) { picked.append(m) }
            }
            let skillsMet = project.skills.allSatisfy { req in picked.filter { sc.members[Int($0)].hasSkill(req.tag) }.count >= req.count }
            guard picked.count >= project.minVolunteers, picked.count <= project.maxVolunteers, skillsMet else {
                failed.append(k)
                continue
            }
            for m in picked {
                booked.insert(Int64(m) << 20 | slotKey)
                used[m, default: 0] += 1
            }
            staff[n] = picked.sorted()
        }
        return Result(staff: staff, failed: failed, columns: 0, rows: 0)
    }

    /// One MIP over sessions that may share members.
    private func solveGroup(sessions: [Int], chosenOf: [[Int]], deadline: Deadline,
                            log: (@Sendable (String) -> Void)?) throws -> Result {
        let sc = scenario
        let st = graph.settings
        let big = 1000.0 * (1 + st.distancePerKm * st.maxDistanceKm + st.participationShortfall)
        var lp = LinearModel(name: "staffing", sense: .minimize)
        var entries: [[Int]] = []          // per session: graph entry indices with a column
        var columnOfEntry: [[Int]] = []
        var byMember: [Int32: [Int]] = [:]
        var bySlot: [Int64: [Int]] = [:]
        for (n, k) in sessions.enumerated() {
            let session = graph.sessions[k]
            let project = sc.projects[session.project]
            let chosen = chosenOf[n]
            var cols: [Int] = []
            for e in chosen {
                let m = graph.memberOf[e]
                let j = lp.addColumn("x[\(ascii(sc.members[Int(m)].id)),\(ascii(project.id)),\(session.day.iso)]",
                                     upper: 1, objective: st.distancePerKm * graph.kmOf[e], kind: .binary)
                cols.append(j)
                byMember[m, default: []].append(j)
                bySlot[Int64(m) << 20 | Int64(session.dayIndex * 3 + project.slot.rawValue), default: []].append(j)
            }
            entries.append(chosen)
            columnOfEntry.append(cols)
        }
        var shortColumns: [(session: Int, column: Int)] = []
        for (n, k) in sessions.enumerated() {
            let session = graph.sessions[k]
            let project = sc.projects[session.project]
            let tag = "[\(ascii(project.id)),\(session.day.iso)]"
            let cols = columnOfEntry[n]
            let short = lp.addColumn("short\(tag)", objective: big)
            shortColumns.append((k, short))
            // 5. min_volunteers <= staff <= max_volunteers (v fixed at 1).
            lp.addRow("c5_staff_min\(tag)", lower: Double(project.minVolunteers),
                      terms: cols.map { ($0, 1.0) } + [(short, 1.0)])
            lp.addRow("c5_staff_max\(tag)", upper: Double(project.maxVolunteers), terms: cols.map { ($0, 1.0) })
            // 6. skills.
            for req in project.skills {
                let with = zip(entries[n], cols).filter { sc.members[Int(graph.memberOf[$0.0])].hasSkill(req.tag) }.map(\.1)
                let skillShort = lp.addColumn("short_skill\(tag)", objective: big)
                shortColumns.append((k, skillShort))
                lp.addRow("c6_skill\(tag)", lower: Double(req.count),
                          terms: with.map { ($0, 1.0) } + [(skillShort, 1.0)])
            }
        }
        // 7. max sessions per member.
        for m in byMember.keys.sorted() {
            let cols = byMember[m]!
            let cap = sc.maxSessions(of: Int(m), settings: st)
            if cols.count > cap {
                lp.addRow("c7_member_max[\(ascii(sc.members[Int(m)].id))]", upper: Double(cap), terms: cols.map { ($0, 1.0) })
            }
        }
        // 8. one session per member, date and slot.
        for key in bySlot.keys.sorted() {
            let cols = bySlot[key]!
            if cols.count > 1 { lp.addRow("c8_one_per_slot[\(key)]", upper: 1, terms: cols.map { ($0, 1.0) }) }
        }
        // 13. participation: the first t_m sessions of a member earn the weight back (a convex
        // cost per member, so the LP stays close to a network flow). Members are in one group only.
        if st.participationShortfall > 0 {
            for m in byMember.keys.sorted() {
                let t = sc.participationTarget(of: Int(m), settings: st)
                guard t > 0 else { continue }
                let q = lp.addColumn("q[\(ascii(sc.members[Int(m)].id))]", upper: Double(t), objective: st.participationShortfall)
                lp.addRow("c13_participation[\(ascii(sc.members[Int(m)].id))]", lower: Double(t),
                          terms: byMember[m]!.map { ($0, 1.0) } + [(q, 1.0)])
            }
        }
        let problem = try GLPKProblem(lp)
        var options = MIPOptions()
        options.timeLimitSeconds = max(1, deadline.remaining)
        options.relativeGap = 1e-6
        options.log = log
        let result = try problem.solveMIP(options)
        guard result.hasSolution else {
            // No staffing within the time: report every session as failed.
            return Result(staff: sessions.map { _ in [] }, failed: sessions, columns: lp.columns.count, rows: lp.rows.count)
        }
        let values = result.columnValues
        var failed = Set<Int>()
        for s in shortColumns where values[s.column] > 1e-6 { failed.insert(s.session) }
        var staff: [[Int32]] = []
        for (n, _) in sessions.enumerated() {
            staff.append(zip(entries[n], columnOfEntry[n]).filter { values[$0.1] > 0.5 }.map { graph.memberOf[$0.0] }.sorted())
        }
        return Result(staff: staff, failed: failed.sorted(), columns: lp.columns.count, rows: lp.rows.count)
    }
}
