import Foundation

extension Reader {
    mutating func run(path: String) -> Scenario? {
        let yamlPath = absolutePath(path)
        let yamlFile = displayPath(yamlPath)
        guard let raw = bytes(yamlPath, what: "scenario file") else { return nil }
        let dec = TextDecoding.utf8(raw)
        if let f = dec.failure {
            diagnostics.append(Reader.decodingError(f, file: yamlFile))
            return nil
        }
        if dec.encoding == .gb18030 { diagnostics.append(Reader.readAsGB18030(file: yamlFile)) }
        let spec = ScenarioFile.parse(String(decoding: dec.bytes, as: UTF8.self), file: yamlFile, into: &diagnostics)
        guard let period = spec.period else {
            // Without a period no date or availability can be read; the lists are still checked for what they can be.
            _ = readLists(spec: spec, yamlPath: yamlPath, period: Period(start: Day(ordinal: 0), end: Day(ordinal: 0)))
            return nil
        }
        let read = readLists(spec: spec, yamlPath: yamlPath, period: period)
        if let read {
            // street_budgets names streets of communities.csv (contract v3).
            let known = Set(read.communities.map { String(trimSpaces(Substring($0.street))) }.filter { !$0.isEmpty })
            for entry in spec.streetBudgetKeys where !known.contains(entry.street) {
                let listed = known.sorted().joined(separator: ChineseValues.hasCJK(entry.street) ? "、" : ", ")
                diagnostics.append(.error(file: yamlFile, line: entry.line, column: entry.key, ChineseValues.hasCJK(entry.street)
                    ? "街道“\(entry.street)”不是 communities.csv 中任何社区的街道（street 列）；已有的街道：\(listed.isEmpty ? "无" : listed)"
                    : "street '\(entry.street)' is the street of no community in communities.csv (column street); streets there: \(listed.isEmpty ? "none" : listed)"))
            }
        }
        guard let lists = read, errorCount == 0 else { return nil }
        let scenario = Scenario(name: spec.name, period: period, holidays: spec.holidays, settings: spec.settings, variants: spec.variants,
                                files: lists.files, communities: lists.communities, needs: lists.needs, units: lists.units,
                                projects: lists.projects, members: lists.members, skillTags: lists.skillTags,
                                availability: lists.availability)
        var scenarioWithExtras = scenario
        scenarioWithExtras.slotTimes = spec.slotTimes
        scenarioWithExtras.extras = lists.extras
        scenarioWithExtras.maskPhones = spec.maskPhones
        if checksWarnings { diagnostics += Warnings.check(scenarioWithExtras) }
        return scenarioWithExtras
    }

    struct Lists {
        var files: ScenarioFiles
        var communities: [Community] = []
        var needs: [Need] = []
        var units: [Unit] = []
        var projects: [Project] = []
        var members: [Member] = []
        var skillTags: [String] = []
        var availability: AvailabilityTable
        var extras = ContactExtras()
    }

    mutating func readLists(spec: ScenarioFile, yamlPath: String, period: Period) -> Lists? {
        guard spec.data.count == ScenarioFile.dataKeys.count else { return nil }
        let dir = (yamlPath as NSString).deletingLastPathComponent
        func abs(_ key: String) -> String { absolutePath(spec.data[key]!, relativeTo: dir) }
        var L = Lists(files: ScenarioFiles(scenario: yamlPath, communities: abs("communities"), needs: abs("needs"),
                                           units: abs("units"), projects: abs("projects"), members: abs("members")),
                      availability: AvailabilityTable(period: period))
        var tagIndex: [String: Int] = [:]
        func intern(_ tag: String) -> Int {
            if let i = tagIndex[tag] { return i }
            tagIndex[tag] = L.skillTags.count
            L.skillTags.append(tag)
            return L.skillTags.count - 1
        }

        // communities
        var communityIds: [String: Int]? = nil
        if let t = table(L.files.communities, key: "communities", required: ["id", "name", "lat", "lon"]) {
            var ids: [String: Int] = [:], lines: [Int] = []
            for r in 0..<t.csv.count {
                let id = register(t, r, index: L.communities.count, into: &ids, lines: &lines)
                let name = required(t, r, "name", "the community's name") ?? ""
                let lat = coordinate(t, r, "lat") ?? 0, lon = coordinate(t, r, "lon") ?? 0
                lines.append(t.line(r))
                L.communities.append(Community(id: id, name: name, street: t.csv.cell(r, "street"), lat: lat, lon: lon, line: t.line(r)))
            }
            communityIds = ids
        }

        // needs
        var needIds: [String: Int]? = nil
        if let t = table(L.files.needs, key: "needs", required: ["id", "community", "category", "households", "urgency"]) {
            var ids: [String: Int] = [:], lines: [Int] = []
            for r in 0..<t.csv.count {
                let id = register(t, r, index: L.needs.count, into: &ids, lines: &lines)
                var community = 0
                if let c = required(t, r, "community", "a community id") {
                    community = reference(t, r, "community", c, in: communityIds, what: "community") ?? 0
                }
                let category = (required(t, r, "category", "a service category") ?? "").lowercased()
                let hh = int(t, r, "households", required: true, range: Limits.households, expected: "a whole number of households, 1 or more") ?? 1
                let urg = int(t, r, "urgency", required: true, range: 1...5, expected: "a whole number 1..5") ?? 1
                lines.append(t.line(r))
                L.needs.append(Need(id: id, community: community, category: category, title: t.csv.cell(r, "title"),
                                    households: hh, urgency: urg, line: t.line(r)))
            }
            needIds = ids
        }

        // units
        var unitIds: [String: Int]? = nil
        if let t = table(L.files.units, key: "units", required: ["id", "name", "lat", "lon", "categories"]) {
            var ids: [String: Int] = [:], lines: [Int] = []
            for r in 0..<t.csv.count {
                let id = register(t, r, index: L.units.count, into: &ids, lines: &lines)
                let name = required(t, r, "name", "the unit's name") ?? ""
                let lat = coordinate(t, r, "lat") ?? 0, lon = coordinate(t, r, "lon") ?? 0
                var cats: [String] = []
                if let c = required(t, r, "categories", "service categories separated by ;") {
                    cats = Array(Set(splitList(c).map { $0.lowercased() })).sorted()
                }
                let funds = double(t, r, "funds", required: false, range: Limits.money, expected: "yuan, 0 or more") ?? 0
                let minP = int(t, r, "min_projects", required: false, default: 1, range: Limits.projectsPerUnit, expected: "a whole number, 0 or more")
                let maxP = int(t, r, "max_projects", required: false, default: 2, range: Limits.projectsPerUnit, expected: "a whole number, 0 or more")
                if let minP, let maxP, minP > maxP {
                    error(t, r, "min_projects", "\(minP) is more than max_projects \(maxP)")
                }
                var paired = Set<Int>()
                for c in splitList(t.csv.cell(r, "paired_communities")) {
                    if let i = reference(t, r, "paired_communities", String(c), in: communityIds, what: "community") { paired.insert(i) }
                }
                lines.append(t.line(r))
                L.extras.unitPhone.append(t.csv.cell(r, "phone"))
                L.extras.unitContact.append(t.csv.cell(r, "contact"))
                L.units.append(Unit(id: id, name: name, kind: t.csv.cell(r, "kind"), lat: lat, lon: lon, categories: cats,
                                    funds: funds, minProjects: minP ?? 1, maxProjects: maxP ?? 2,
                                    pairedCommunities: paired.sorted(), line: t.line(r)))
            }
            unitIds = ids
        }

        // projects
        if let t = table(L.files.projects, key: "projects",
                         required: ["id", "community", "category", "needs", "sessions", "dates", "slot", "min_volunteers", "max_volunteers"]) {
            var ids: [String: Int] = [:], lines: [Int] = []
            for r in 0..<t.csv.count {
                let id = register(t, r, index: L.projects.count, into: &ids, lines: &lines)
                var community: Int? = nil
                if let c = required(t, r, "community", "a community id") {
                    community = reference(t, r, "community", c, in: communityIds, what: "community")
                }
                let category = (required(t, r, "category", "a service category") ?? "").lowercased()
                var needs: [Int] = []
                if let n = required(t, r, "needs", "need ids separated by ;") {
                    for item in splitList(n) {
                        if let i = reference(t, r, "needs", String(item), in: needIds, what: "need"), !needs.contains(i) { needs.append(i) }
                    }
                }
                let sessions = int(t, r, "sessions", required: true, range: Limits.sessions, expected: "a whole number of sessions, 1 or more") ?? 1
                let rule = required(t, r, "dates", "a dates rule such as monthday:6,16,26 or weekday:sat") ?? ""
                var dates: [Day] = []
                if !rule.isEmpty {
                    do { dates = try DateRule.candidateDates(rule, in: period, holidays: spec.holidays) } catch { self.error(t, r, "dates", error.message) }
                }
                var slot = Slot.am
                if let s = required(t, r, "slot", "am, pm or eve") {
                    if let v = Slot(name: ChineseValues.halfWidth(s)) { slot = v } else { error(t, r, "slot", InputText.badSlot(s, chinese: t.isChinese("slot"))) }
                }
                let minV = int(t, r, "min_volunteers", required: true, range: Limits.volunteers, expected: "a whole number, 0 or more")
                let maxV = int(t, r, "max_volunteers", required: true, range: Limits.volunteers, expected: "a whole number, 0 or more")
                if let minV, let maxV, minV > maxV {
                    error(t, r, "min_volunteers", "\(minV) is more than max_volunteers \(maxV)")
                }
                let hours = double(t, r, "hours", required: false, default: 2, range: Limits.hours, expected: "hours per session, 0 to 24") ?? 2
                let cost = double(t, r, "cost", required: false, range: Limits.money, expected: "yuan, 0 or more") ?? 0
                var skills: [Int: Int] = [:]
                for item in splitList(t.csv.cell(r, "skills")).map({ Substring(ChineseValues.halfWidth(String($0))) }) {
                    guard let colon = item.lastIndex(of: ":") else {
                        error(t, r, "skills", InputText.skillNoCount(item)); continue
                    }
                    let tag = trimSpaces(item[..<colon]).lowercased()
                    let countText = trimSpaces(item[item.index(after: colon)...])
                    guard !tag.isEmpty else { error(t, r, "skills", "'\(item)' has no tag; expected tag:count such as medical:1"); continue }
                    guard let k = Int(countText), k >= 1, k <= Limits.volunteers.upperBound else {
                        error(t, r, "skills", "'\(item)': count '\(countText)' is not a whole number 1 or more (at most \(Limits.volunteers.upperBound))"); continue
                    }
                    let ti = intern(tag)
                    if skills[ti] != nil { error(t, r, "skills", "skill '\(tag)' is listed twice"); continue }
                    skills[ti] = k
                }
                var start: ClockTime?, end: ClockTime?
                for (col, value) in [("start", t.csv.cell(r, "start")), ("end", t.csv.cell(r, "end"))] where !value.isEmpty {
                    guard let time = ClockTime(value) else {
                        error(t, r, col, "'\(value)' is not a time of day; expected HH:MM such as 09:00"); continue
                    }
                    if col == "start" { start = time } else { end = time }
                }
                if let start, let end, !(start < end) { error(t, r, "end", "\(end) is not after start \(start)") }
                // Spacing (contract v3): empty = the rule's min_days_between_sessions.
                var gap: Int? = nil
                if !t.csv.cell(r, "min_gap_days").isEmpty {
                    gap = int(t, r, "min_gap_days", required: false, range: Limits.gapDays,
                              expected: "a whole number of days, 0 or more, or empty for the rule's default (min_days_between_sessions)")
                }
                L.extras.projectPlace.append(t.csv.cell(r, "place"))
                L.extras.projectStart.append(start)
                L.extras.projectEnd.append(end)
                let home = community.map { L.communities[$0] }
                let lat = t.csv.cell(r, "lat").isEmpty ? home?.lat ?? 0 : coordinate(t, r, "lat", required: false) ?? 0
                let lon = t.csv.cell(r, "lon").isEmpty ? home?.lon ?? 0 : coordinate(t, r, "lon", required: false) ?? 0
                lines.append(t.line(r))
                L.projects.append(Project(id: id, title: t.csv.cell(r, "title"), community: community ?? 0, category: category,
                                          needs: needs, sessions: sessions, datesRule: rule, candidateDates: dates, slot: slot,
                                          minVolunteers: minV ?? 0, maxVolunteers: maxV ?? 0, hours: hours, cost: cost,
                                          skills: skills.keys.sorted().map { SkillRequirement(tag: $0, count: skills[$0]!) },
                                          lat: lat, lon: lon, line: t.line(r)))
                L.projects[L.projects.count - 1].minGapDays = gap
            }
        }

        // members
        // lat and lon are optional (contract v3): both empty places the member at their community.
        if let t = table(L.files.members, key: "members", required: ["id", "unit", "community", "availability"]) {
            var ids: [String: Int] = [:], lines: [Int] = []
            ids.reserveCapacity(t.csv.count)
            L.members.reserveCapacity(t.csv.count)
            var compiled: [String: AvailabilityBits] = [:]
            var failed: [String: RuleError] = [:]
            var skillSets: [String: [Int]] = [:]
            let empty = AvailabilityBits(period: period)
            var table = AvailabilityTable(period: period, memberCount: 0)
            // Columns match does not read are kept for the roster, as written.
            let known: Set<String> = ["id", "name", "unit", "community", "lat", "lon", "skills", "availability",
                                      "max_sessions", "phone", "contact", "min_sessions"]
            let extraColumns = t.csv.header.enumerated().filter { !$0.element.isEmpty && !known.contains(CSVTable.canonical($0.element)) }
            L.extras.memberColumns = extraColumns.map(\.element)
            for r in 0..<t.csv.count {
                let id = register(t, r, index: L.members.count, into: &ids, lines: &lines)
                var unit = 0, community: Int? = nil
                if let u = required(t, r, "unit", "a unit id") { unit = reference(t, r, "unit", u, in: unitIds, what: "unit") ?? 0 }
                if let c = required(t, r, "community", "a community id") {
                    community = reference(t, r, "community", c, in: communityIds, what: "community")
                }
                let position = memberPosition(t, r, home: community.map { L.communities[$0] })
                var skills: [Int] = []
                let skillCell = t.csv.cell(r, "skills")
                if !skillCell.isEmpty {
                    if let known = skillSets[skillCell] { skills = known } else {
                        skills = Array(Set(splitList(skillCell).map { intern($0.lowercased()) })).sorted()
                        skillSets[skillCell] = skills
                    }
                }
                let rule = required(t, r, "availability", "availability tokens such as weekend;wed-eve") ?? ""
                var bits = empty
                if !rule.isEmpty {
                    if let b = compiled[rule] { bits = b } else if let e = failed[rule] { error(t, r, "availability", e.message) } else {
                        do {
                            bits = try AvailabilityRule.compile(rule, period: period)
                            compiled[rule] = bits
                        } catch {
                            failed[rule] = error
                            self.error(t, r, "availability", error.message)
                        }
                    }
                }
                let maxS: Int?
                if t.csv.cell(r, "max_sessions").isEmpty { maxS = nil } else {
                    maxS = int(t, r, "max_sessions", required: false, range: Limits.sessionsPerMember, expected: "a whole number, 0 or more, or empty for the rule's default")
                }
                let minS: Int?
                if t.csv.cell(r, "min_sessions").isEmpty { minS = nil } else {
                    minS = int(t, r, "min_sessions", required: false, range: 0...Int.max,
                               expected: "a whole number of sessions, 0 or more, or empty for the rule's default (participation target)")
                }
                lines.append(t.line(r))
                table.append(bits)
                L.extras.memberPhone.append(t.csv.cell(r, "phone"))
                if !extraColumns.isEmpty {
                    L.extras.memberCells.append(extraColumns.map { c in
                        let i = t.csv.recordStart[r] + c.offset
                        return i < t.csv.recordStart[r + 1] ? t.csv.cells[i] : ""
                    })
                }
                L.members.append(Member(id: id, name: t.csv.cell(r, "name"), unit: unit, community: community ?? 0,
                                        lat: position.lat, lon: position.lon, placedAtCommunity: position.atCommunity, skills: skills, availabilityRule: rule, maxSessions: maxS, minSessions: minS, line: t.line(r)))
            }
            L.availability = table
        }
        return L
    }

    /// A member's position: their lat/lon, or both empty their community's (`home`, nil when the
    /// community id is unknown and already an error). One of the two empty is an error naming the
    /// cell that is filled, in the header's language.
    mutating func memberPosition(_ t: Table, _ r: Int, home: Community?) -> (lat: Double, lon: Double, atCommunity: Bool) {
        let latCell = t.csv.cell(r, "lat"), lonCell = t.csv.cell(r, "lon")
        if latCell.isEmpty && lonCell.isEmpty { return (home?.lat ?? 0, home?.lon ?? 0, true) }
        if latCell.isEmpty || lonCell.isEmpty {
            let filled = latCell.isEmpty ? "lon" : "lat"
            let header = { (c: String) in t.csv.columns[c].map { t.csv.header[$0] } ?? c }
            error(t, r, latCell.isEmpty ? "lat" : "lon",
                  InputText.halfCoordinate(filled: header(filled), value: latCell.isEmpty ? lonCell : latCell,
                                           empty: header(latCell.isEmpty ? "lat" : "lon"), chinese: t.isChinese(filled)))
            return (0, 0, false)
        }
        return (coordinate(t, r, "lat") ?? 0, coordinate(t, r, "lon") ?? 0, false)
    }
}
