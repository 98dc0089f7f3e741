import Foundation
/// Warnings about a valid scenario: things that can never happen, which the model tolerates
/// (CONTRACT.md §3) but a planner wants to know before solving. Checked with the base settings.
enum Warnings {
    /// At most this many "member can reach no project" warnings one by one; the rest are counted in one line.
    static let memberLimit = 20
    /// Short dates named in one staffing warning.
    static let shownDates = 5

    static func check(_ s: Scenario) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let files = s.files
        let needsFile = files.map { displayPath($0.needs) } ?? "needs.csv"
        let projectsFile = files.map { displayPath($0.projects) } ?? "projects.csv"
        let membersFile = files.map { displayPath($0.members) } ?? "members.csv"
        let settings = s.settings
        let km = fmtKm(settings.maxDistanceKm)

        // A need no project lists.
        var listed = [Bool](repeating: false, count: s.needs.count)
        for p in s.projects { for n in p.needs { listed[n] = true } }
        for (i, n) in s.needs.enumerated() where !listed[i] {
            out.append(.warning(file: needsFile, line: n.line, column: "id", "need '\(n.id)' is listed by no project; it cannot be covered"))
        }

        // A project listing a need of another category, or of a community beyond
        // unit_max_distance_km (a neighbouring community's need is fine): likely a wrong id.
        for p in s.projects {
            var odd: [String] = []
            for n in p.needs {
                let need = s.needs[n]
                var why: [String] = []
                let c = s.communities[need.community]
                let away = haversineKm(p.lat, p.lon, c.lat, c.lon)
                if need.community != p.community, away > settings.unitMaxDistanceKm {
                    why.append(String(format: "community %@, %.1f km away", c.id, away))
                }
                if need.category != p.category { why.append("category '\(need.category)'") }
                if !why.isEmpty { odd.append("'\(need.id)' (\(why.joined(separator: ", ")))") }
            }
            if !odd.isEmpty {
                out.append(.warning(file: projectsFile, line: p.line, column: "needs",
                                    "project '\(p.id)' (community \(s.communities[p.community].id), category '\(p.category)') lists need\(odd.count == 1 ? "" : "s") of another category or a distant community: \(odd.joined(separator: ", ")); check the ids"))
            }
        }

        // A project with fewer candidate dates than sessions.
        for p in s.projects where p.candidateDates.count < p.sessions {
            if p.candidateDates.isEmpty, let plain = try? DateRule.evaluate(p.datesRule, in: s.period), plain.plainCount > 0 {
                // Its dates existed before the `!` items and the holidays took them all away.
                let byItems = plain.dates.isEmpty
                let what = byItems ? "its ! items remove" : "the holidays remove"
                out.append(.warning(file: projectsFile, line: p.line, column: "dates",
                                    "project '\(p.id)': \(what) every one of its \(plain.plainCount) date\(plain.plainCount == 1 ? "" : "s") in \(s.period.start.iso)..\(s.period.end.iso); it can never run"))
                continue
            }
            out.append(.warning(file: projectsFile, line: p.line, column: "dates",
                                "project '\(p.id)' has \(p.candidateDates.count) candidate date\(p.candidateDates.count == 1 ? "" : "s") in \(s.period.start.iso)..\(s.period.end.iso) for \(p.sessions) sessions; it can never run"))
        }

        // A project whose candidate dates cannot hold its sessions at its spacing (constraint 14).
        for (pi, p) in s.projects.enumerated() where p.candidateDates.count >= p.sessions {
            let gap = s.minGap(of: pi, settings: settings)
            let spaced = Spacing.mostSpaced(p.candidateDates, gap: gap).count
            guard spaced < p.sessions else { continue }
            let dates = p.candidateDates.map(\.iso).joined(separator: ", ")
            out.append(.warning(file: projectsFile, line: p.line, column: p.minGapDays == nil ? "dates" : "min_gap_days",
                                "project '\(p.id)': its candidate dates (\(dates)) hold at most \(spaced) session\(spaced == 1 ? "" : "s") at least \(gap) days apart, for \(p.sessions) sessions; it can never run"))
        }

        // A project no unit may lead.
        for (pi, p) in s.projects.enumerated() where !s.units.indices.contains(where: { Eligibility.unit($0, project: pi, in: s, settings: settings) }) {
            let offering = s.units.filter { $0.offers(p.category) }.count
            let why = offering == 0 ? "no unit offers category '\(p.category)'"
                : (offering == 1 ? "the one unit offering '\(p.category)' is" : "the \(offering) units offering '\(p.category)' are") + " neither paired with its community nor within \(fmtKm(settings.unitMaxDistanceKm)) km"
            out.append(.warning(file: projectsFile, line: p.line, column: "category", "project '\(p.id)' has no unit that may lead it: \(why)"))
        }

        // Sessions nobody in range could staff, and members who can reach no project.
        let index = SpatialIndex(lats: s.members.map(\.lat), lons: s.members.map(\.lon), cellKm: max(settings.maxDistanceKm, 0.05))
        var reachable = [Bool](repeating: false, count: s.members.count)
        for (pi, p) in s.projects.enumerated() where !p.candidateDates.isEmpty {
            let near = index.query(near: p.lat, p.lon, within: settings.maxDistanceKm)
                .map(\.index).filter { s.maxSessions(of: $0, settings: settings) >= 1 }
            var short: [String] = []
            for d in p.candidateDates {
                let k = s.period.index(of: d)
                var free = 0
                var withTag = [Int](repeating: 0, count: p.skills.count)
                for m in near where s.availability.isAvailable(member: m, dayIndex: k, slot: p.slot) {
                    free += 1
                    reachable[m] = true
                    for (j, req) in p.skills.enumerated() where s.members[m].hasSkill(req.tag) { withTag[j] += 1 }
                }
                var lacks: [String] = []
                if free < p.minVolunteers { lacks.append("\(free) free of \(p.minVolunteers) needed") }
                for (j, req) in p.skills.enumerated() where withTag[j] < req.count {
                    lacks.append("\(withTag[j]) with '\(s.skillTags[req.tag])' of \(req.count) needed")
                }
                if !lacks.isEmpty { short.append("\(d.iso) (\(lacks.joined(separator: ", ")))") }
            }
            _ = pi
            if !short.isEmpty {
                out.append(.warning(file: projectsFile, line: p.line, column: "min_volunteers",
                                    "project '\(p.id)': on \(short.count) of \(p.candidateDates.count) candidate dates too few members within \(km) km are free in the \(p.slot.name) slot to staff a session: " + short.prefix(shownDates).joined(separator: "; ")
                                    + (short.count > shownDates ? "; …" : "")))
            }
        }
        var unreachable: [Int] = []
        for (m, ok) in reachable.enumerated() where !ok && s.maxSessions(of: m, settings: settings) >= 1 { unreachable.append(m) }
        for m in unreachable.prefix(memberLimit) {
            let mem = s.members[m]
            let home = s.communities[mem.community]
            let away = haversineKm(mem.lat, mem.lon, home.lat, home.lon)
            let far = away > settings.maxDistanceKm
                ? String(format: "; they live %.1f km from their community %@ — check lat/lon", away, home.id) : ""
            out.append(.warning(file: membersFile, line: mem.line, column: "id",
                                "member '\(mem.id)' can reach no project: none within \(km) km has a candidate date when they are available" + far))
        }
        if unreachable.count > memberLimit {
            out.append(.warning(file: membersFile, "\(unreachable.count - memberLimit) more members can reach no project (\(unreachable.count) in all; the first \(memberLimit) are listed)"))
        }
        return out
    }

    static func fmtKm(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e9 ? String(format: "%.1f", x) : String(x)
    }
}
