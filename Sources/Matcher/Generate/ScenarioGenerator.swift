import Foundation

/// What `ScenarioGenerator.write` put on disk.
public struct GeneratedScenario: Hashable, Sendable {
    public var directory: String
    /// File names, scenario.yaml first, then the five lists.
    public var files: [String]
    public var streets: Int
    public var communities: Int
    public var needs: Int
    public var units: Int
    public var projects: Int
    public var members: Int
    /// Needs that no project lists (the plan will report them uncovered).
    public var unlistedNeeds: Int
    public var totalProjectCost: Int
    public var streetBudget: Int
}

public enum GeneratorError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidSizes([String])
    case directoryNotEmpty(String)
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case .invalidSizes(let p): return p.joined(separator: "; ")
        case .directoryNotEmpty(let d): return "\(d) exists and is not empty (use --force to overwrite)"
        case .cannotWrite(let path, let why): return "cannot write \(path): \(why)"
        }
    }
}

/// Synthetic but realistic scenarios for a street, a district or a whole city.
///
/// Everything is drawn from one xoshiro256** stream seeded by `config.seed`, and numbers
/// are printed with fixed decimals, so a seed always gives byte-identical files.
public enum ScenarioGenerator {
    public static let fileNames = ["scenario.yaml", "communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv"]

    /// Writes scenario.yaml and the five lists into `directory` (created if missing), each
    /// file atomically (temporary file, then rename). A non-empty directory is refused
    /// unless `overwrite`.
    @discardableResult
    public static func write(_ config: GeneratorConfig, to directory: String, overwrite: Bool = false) throws -> GeneratedScenario {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else { throw GeneratorError.cannotWrite(directory, "exists and is not a directory") }
            let entries = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            if !entries.isEmpty && !overwrite { throw GeneratorError.directoryNotEmpty(directory) }
        } else {
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw GeneratorError.cannotWrite(directory, "\(error.localizedDescription)")
            }
        }
        var (files, summary) = try render(config)
        summary.directory = directory
        do {
            try PlanWriter.writeAtomically(files.map { ($0.name, Data($0.bytes)) }, to: directory)
        } catch {
            throw GeneratorError.cannotWrite(directory, "\(error)")
        }
        return summary
    }

    /// The files as bytes, in `fileNames` order, without touching the disk.
    public static func render(_ config: GeneratorConfig) throws -> ([(name: String, bytes: [UInt8])], GeneratedScenario) {
        let problems = config.problems
        guard problems.isEmpty else { throw GeneratorError.invalidSizes(problems) }
        var g = Builder(config: config)
        return g.build()
    }
}

// MARK: - The builder

private struct Builder {
    let config: GeneratorConfig
    var rng: Xoshiro256StarStar
    let period: Period
    /// City centre: Guangzhou, near Beijing Road (北京路), Yuexiu.
    let lat0 = 23.1250, lon0 = 113.2700
    let kmPerDegLat = 111.195
    let kmPerDegLon: Double

    // Streets
    var streetNames: [String] = []
    var streetDistrict: [String] = []
    /// Community index range of each street.
    var streetRange: [Range<Int>] = []

    // Communities (north/east offsets in km from the city centre)
    var commName: [String] = []
    var commStem: [String] = []
    var commStreet: [Int] = []
    var commN: [Double] = []
    var commE: [Double] = []

    // Needs
    var needComm: [Int] = []
    var needCat: [Int] = []

    init(config: GeneratorConfig) {
        self.config = config
        // Mix the seed so that seeds 1, 2, 3 start far apart in the stream.
        rng = Xoshiro256StarStar(seed: config.seed ^ 0x6D61_7463_6867_656E)
        period = Period(quarter: config.quarter)!
        kmPerDegLon = 111.195 * cos(23.1250 * Double.pi / 180)
    }

    func idWidth(_ n: Int) -> Int {
        var w = 1, t = max(n, 1)
        while t >= 10 { t /= 10; w += 1 }
        return max(3, w)
    }

    mutating func build() -> ([(name: String, bytes: [UInt8])], GeneratedScenario) {
        placeStreetsAndCommunities()
        let communities = writeCommunities()
        let needs = writeNeeds()
        var projectsOut = writeProjects()
        let units = writeUnits()
        let members = writeMembers(unitHome: units.home, unitPaired: units.paired, unitKind: units.kind)
        let budget = config.streetBudget ?? streetBudget(totalCost: projectsOut.totalCost)
        let yaml = writeYAML(streetBudget: budget, streetCost: projectsOut.streetCost, totalCost: projectsOut.totalCost)
        let files: [(name: String, bytes: [UInt8])] = [
            ("scenario.yaml", yaml), ("communities.csv", communities), ("needs.csv", needs),
            ("units.csv", units.bytes), ("projects.csv", projectsOut.bytes), ("members.csv", members),
        ]
        projectsOut.bytes = []
        let summary = GeneratedScenario(
            directory: "", files: files.map(\.name), streets: config.streets, communities: config.communities,
            needs: config.needs, units: config.units, projects: config.projects, members: config.members,
            unlistedNeeds: projectsOut.unlisted, totalProjectCost: projectsOut.totalCost, streetBudget: budget)
        return (files, summary)
    }

    // MARK: Geography

    mutating func placeStreetsAndCommunities() {
        let s = config.streets, c = config.communities
        let perStreetMax = (c + s - 1) / s
        // Communities of a street sit on a jittered grid 0.9 km apart; streets on a grid far
        // enough apart that their communities do not interleave.
        let commSpacing = 0.9
        let side = Double(Int(Double(perStreetMax).squareRoot().rounded(.up)))
        let streetSpacing = max(3.0, side * commSpacing + 1.6)
        let cols = Int(Double(s).squareRoot().rounded(.up))
        let rows = (s + cols - 1) / cols
        let places = Vocabulary.places
        var stemOrder = Array(0..<places.count)
        rng.shuffle(&stemOrder)
        var next = 0
        for k in 0..<s {
            let r = k / cols, q = k % cols
            let cn = (Double(r) - Double(rows - 1) / 2) * streetSpacing + rng.uniform(-0.4, 0.4)
            let ce = (Double(q) - Double(cols - 1) / 2) * streetSpacing + rng.uniform(-0.4, 0.4)
            let round = k / places.count
            let stem = places[stemOrder[k % places.count]]
            streetNames.append(stem + Vocabulary.streetSuffixes[round % Vocabulary.streetSuffixes.count] + "街道")
            streetDistrict.append(Vocabulary.districts[(k / 6) % Vocabulary.districts.count])
            let n = c / s + (k < c % s ? 1 : 0)
            let lc = Int(Double(n).squareRoot().rounded(.up))
            let lr = (n + lc - 1) / lc
            for j in 0..<n {
                let rr = j / lc, qq = j % lc
                commN.append(cn + (Double(rr) - Double(lr - 1) / 2) * commSpacing + rng.uniform(-0.2, 0.2))
                commE.append(ce + (Double(qq) - Double(lc - 1) / 2) * commSpacing + rng.uniform(-0.2, 0.2))
                commStreet.append(k)
            }
            streetRange.append(next..<(next + n))
            next += n
        }
        // Names: every stem with every suffix before any repeats, shuffled.
        let suffixes = Vocabulary.communitySuffixes
        var combos = Array(0..<(places.count * suffixes.count))
        rng.shuffle(&combos)
        for i in 0..<c {
            let k = combos[i % combos.count]
            let stem = places[k / suffixes.count]
            let again = i / combos.count
            commStem.append(stem)
            commName.append(stem + (again > 0 ? "第\(again + 1)" : "") + suffixes[k % suffixes.count])
        }
    }

    func lat(_ north: Double) -> Double { lat0 + north / kmPerDegLat }
    func lon(_ east: Double) -> Double { lon0 + east / kmPerDegLon }

    mutating func writeCommunities() -> [UInt8] {
        var w = ByteWriter(capacity: config.communities * 64 + 64)
        w.text("id,name,street,lat,lon\n")
        let width = idWidth(config.communities)
        for i in 0..<config.communities {
            w.byte(0x43); w.padded(i + 1, width: width); w.comma()
            w.cell(commName[i]); w.comma()
            w.cell(streetNames[commStreet[i]]); w.comma()
            w.fixed(lat(commN[i]), decimals: 6); w.comma()
            w.fixed(lon(commE[i]), decimals: 6); w.newline()
        }
        return w.bytes
    }

    func commId(_ i: Int, _ w: inout ByteWriter) {
        w.byte(0x43); w.padded(i + 1, width: idWidth(config.communities))
    }

    // MARK: Needs

    /// Cumulative weights, for drawing by binary search.
    static func cumulative(_ weights: [Double]) -> [Double] {
        var acc = 0.0
        return weights.map { acc += $0; return acc }
    }

    mutating func draw(_ cum: [Double]) -> Int {
        let r = rng.unit() * cum[cum.count - 1]
        var lo = 0, hi = cum.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cum[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    mutating func writeNeeds() -> [UInt8] {
        let c = config.communities
        // Community sizes vary (lognormal): big old estates carry more needs.
        var sizes: [Double] = []
        for _ in 0..<c { sizes.append(exp(0.5 * rng.normal())) }
        let cum = Self.cumulative(sizes)
        var count = [Int](repeating: 0, count: c)
        for _ in 0..<config.needs { count[draw(cum)] += 1 }
        let cats = Vocabulary.categories
        let catCum = Self.cumulative(cats.map(\.weight))
        var w = ByteWriter(capacity: config.needs * 100 + 64)
        w.text("id,community,category,title,households,urgency\n")
        let width = idWidth(config.needs)
        var n = 0
        for ci in 0..<c {
            for _ in 0..<count[ci] {
                let k = draw(catCum)
                let cat = cats[k]
                needComm.append(ci); needCat.append(k)
                n += 1
                w.byte(0x4E); w.padded(n, width: width); w.comma()
                commId(ci, &w); w.comma()
                w.text(cat.slug); w.comma()
                var title = rng.pick(cat.needTitles)
                if rng.chance(0.5) { title = "\(rng.int(1...36))号楼" + title }
                w.cell(title); w.comma()
                // Households: heavy-tailed (Pareto-like), most needs touch a few dozen homes.
                let u = 1.0 - rng.unit()
                let h = Int((5.0 * pow(u, -0.85) * cat.households).rounded(.down))
                w.int(min(1_500, max(1, h))); w.comma()
                var urg = 1 + rng.weighted([0.10, 0.25, 0.30, 0.20, 0.15])
                if cat.slug == "fire-safety" || cat.slug == "drains" { urg = min(5, urg + 1) }
                w.int(urg); w.newline()
            }
        }
        return w.bytes
    }

    // MARK: Projects

    struct ProjectsOut {
        var bytes: [UInt8]
        var totalCost: Int
        var unlisted: Int
        /// What the projects of each street cost.
        var streetCost: [Int] = []
    }

    /// Candidate ISO dates for hand-picked projects: Saturdays and Sundays of the period.
    lazy var weekendDays: [Day] = period.days.filter { $0.weekday >= 5 }

    struct ProjectDraft {
        var community: Int
        var category: Int
        var needs: [Int]
    }

    mutating func writeProjects() -> ProjectsOut {
        let cats = Vocabulary.categories
        let nc = cats.count
        var group: [Int: [Int]] = [:]
        for i in 0..<needComm.count { group[needComm[i] * nc + needCat[i], default: []].append(i) }
        var listed = [Bool](repeating: false, count: needComm.count)
        var order = Array(0..<needComm.count)
        rng.shuffle(&order)
        var cursor = 0
        var drafts: [ProjectDraft] = []
        drafts.reserveCapacity(config.projects)
        for _ in 0..<config.projects {
            var seed = -1
            while cursor < order.count {
                let i = order[cursor]; cursor += 1
                if listed[i] { continue }
                // Some needs are beyond a volunteer project (a car park, a charging station).
                if !rng.chance(cats[needCat[i]].projectRate) { continue }
                seed = i; break
            }
            if seed < 0 { seed = rng.below(needComm.count) }   // more projects than needs: a second project for a need
            let key = needComm[seed] * nc + needCat[seed]
            var bundle = [seed]
            listed[seed] = true
            let size = 1 + rng.weighted([0.45, 0.30, 0.15, 0.10])
            for j in group[key]! where bundle.count < size && !listed[j] {
                bundle.append(j); listed[j] = true
            }
            bundle.sort()
            drafts.append(ProjectDraft(community: needComm[seed], category: needCat[seed], needs: bundle))
        }
        // File order: by community, then as drawn.
        let sortedIdx = drafts.indices.sorted { (drafts[$0].community, $0) < (drafts[$1].community, $1) }

        var w = ByteWriter(capacity: config.projects * 160 + 128)
        w.text("id,title,community,category,needs,sessions,dates,slot,min_volunteers,max_volunteers,hours,cost,skills,lat,lon")
        w.text(config.projectGaps ? ",min_gap_days\n" : "\n")
        // Per-project gaps come from their own stream, so the rest of the scenario is the same with or without them.
        var gapRng = Xoshiro256StarStar(seed: config.seed ^ 0x6761_7073_6461_7973)
        var streetCost = [Int](repeating: 0, count: config.streets)
        let width = idWidth(config.projects)
        let needWidth = idWidth(config.needs)
        var total = 0
        for (n, di) in sortedIdx.enumerated() {
            let d = drafts[di]
            let cat = cats[d.category]
            w.byte(0x50); w.padded(n + 1, width: width); w.comma()
            w.cell(commStem[d.community] + cat.projectLabel + rng.pick(Vocabulary.projectSuffixes)); w.comma()
            commId(d.community, &w); w.comma()
            w.text(cat.slug); w.comma()
            for (k, need) in d.needs.enumerated() {
                if k > 0 { w.byte(0x3B) }
                w.byte(0x4E); w.padded(need + 1, width: needWidth)
            }
            w.comma()
            let sessions = 1 + rng.weighted([0.5, 0.3, 0.2])
            w.int(sessions); w.comma()
            // 逢六上街 (6th, 16th, 26th), weekends, or a few hand-picked dates.
            let kind = rng.weighted([0.35, 0.25, 0.15, 0.10, 0.15])
            var weekdayDates = false
            switch kind {
            case 0: w.text("\"monthday:6,16,26\""); weekdayDates = true
            case 1: w.text("\"weekday:sat,sun\"")
            case 2: w.text("weekday:sat")
            case 3: w.text("weekday:sun")
            default:
                // Usually enough dates for the sessions; now and then (5%) too few, which
                // the plan must then explain.
                let k = rng.chance(0.05) ? max(1, sessions - 1) : max(sessions, rng.int(1...4))
                var picked = Set<Int>()
                while picked.count < min(k, weekendDays.count) { picked.insert(rng.below(weekendDays.count)) }
                for (j, idx) in picked.sorted().enumerated() {
                    if j > 0 { w.byte(0x3B) }
                    w.text(weekendDays[idx].iso)
                }
            }
            w.comma()
            let slot = weekdayDates ? rng.weighted([0.3, 0.2, 0.5]) : rng.weighted([0.5, 0.4, 0.1])
            w.text(["am", "pm", "eve"][slot]); w.comma()
            let minV = rng.int(2...6)
            w.int(minV); w.comma()
            w.int(minV + rng.int(2...6)); w.comma()
            w.int(slot == 2 ? 2 : rng.int(2...4)); w.comma()
            var cost = 0
            if !rng.chance(0.1) {
                cost = rng.int(cat.cost) / 100 * 100
            }
            total += cost
            streetCost[commStreet[d.community]] += cost
            w.int(cost); w.comma()
            if let skill = cat.skill, rng.chance(cat.skillChance) {
                w.text(skill); w.text(rng.chance(0.85) ? ":1" : ":2")
            }
            w.comma()
            // The site: somewhere in the community (a courtyard, the 党群服务中心).
            let a = rng.uniform(0, 2 * Double.pi), r = 0.3 * rng.unit().squareRoot()
            w.fixed(lat(commN[d.community] + r * cos(a)), decimals: 6); w.comma()
            w.fixed(lon(commE[d.community] + r * sin(a)), decimals: 6)
            if config.projectGaps {
                // Most projects keep the rule's spacing (empty); some set their own.
                w.comma()
                switch gapRng.weighted([0.5, 0.15, 0.2, 0.15]) {
                case 0: break
                case 1: w.int(0)
                case 2: w.int(3)
                default: w.int(14)
                }
            }
            w.newline()
        }
        return ProjectsOut(bytes: w.bytes, totalCost: total, unlisted: listed.lazy.filter { !$0 }.count, streetCost: streetCost)
    }

    // MARK: Units

    struct UnitsOut {
        var bytes: [UInt8]
        var home: [Int]
        var paired: [[Int]]
        var kind: [Int]
    }

    mutating func writeUnits() -> UnitsOut {
        let kinds = Vocabulary.unitKinds
        let kindCum = Self.cumulative(kinds.map(\.weight))
        // Every community gets a paired unit before any gets a second (双报到 pairs each
        // community with at least one unit where there are enough units).
        var commOrder = Array(0..<config.communities)
        rng.shuffle(&commOrder)
        var w = ByteWriter(capacity: config.units * 160 + 128)
        w.text("id,name,kind,lat,lon,categories,funds,min_projects,max_projects,paired_communities\n")
        let width = idWidth(config.units)
        var out = UnitsOut(bytes: [], home: [], paired: [], kind: [])
        for u in 0..<config.units {
            let k = draw(kindCum)
            let kind = kinds[k]
            let home = commOrder[u % commOrder.count]
            var paired = [home]
            let range = streetRange[commStreet[home]]
            let extra = rng.weighted([0.5, 0.35, 0.15])
            for _ in 0..<extra where range.count > paired.count {
                var c = range.lowerBound + rng.below(range.count)
                while paired.contains(c) { c = range.lowerBound + rng.below(range.count) }
                paired.append(c)
            }
            out.home.append(home); out.paired.append(paired); out.kind.append(k)
            w.byte(0x55); w.padded(u + 1, width: width); w.comma()
            let name = rng.pick(kind.names)
                .replacingOccurrences(of: "{p}", with: commStem[home])
                .replacingOccurrences(of: "{d}", with: streetDistrict[commStreet[home]])
            w.cell(name); w.comma()
            w.text(kind.label); w.comma()
            let a = rng.uniform(0, 2 * Double.pi), r = 1.2 * rng.unit().squareRoot()
            w.fixed(lat(commN[home] + r * cos(a)), decimals: 6); w.comma()
            w.fixed(lon(commE[home] + r * sin(a)), decimals: 6); w.comma()
            var pool = kind.categories
            rng.shuffle(&pool)
            let nCat = min(pool.count, rng.int(2...4))
            let chosen = pool.prefix(nCat).sorted { Vocabulary.category($0) < Vocabulary.category($1) }
            w.text(chosen.joined(separator: ";")); w.comma()
            w.int(rng.int(kind.funds) / 500 * 500); w.comma()
            let minP = rng.weighted([0.10, 0.85, 0.05])
            w.int(minP); w.comma()
            w.int(max(minP, [1, 2, 3][rng.weighted([0.15, 0.70, 0.15])])); w.comma()
            for (j, c) in paired.sorted().enumerated() {
                if j > 0 { w.byte(0x3B) }
                commId(c, &w)
            }
            w.newline()
        }
        out.bytes = w.bytes
        return out
    }

    // MARK: Members

    static let availability: [(String, Double)] = [
        ("weekend", 40), ("weekend;weekday-eve", 12), ("sat-am;sun-am", 8), ("weekday-eve", 10),
        ("sat;sun-pm", 8), ("sun", 6), ("sat-pm;weekday-eve", 6), ("any", 4), ("mon-eve;wed-eve;fri-eve", 3),
        ("weekday", 3),
    ]

    mutating func writeMembers(unitHome: [Int], unitPaired: [[Int]], unitKind: [Int]) -> [UInt8] {
        let kinds = Vocabulary.unitKinds
        // Rosters: by kind, and lognormal (a big bureau, a small kindergarten).
        var sizes: [Double] = []
        for u in 0..<config.units { sizes.append(kinds[unitKind[u]].staff * exp(0.6 * rng.normal())) }
        let cum = Self.cumulative(sizes)
        var count = [Int](repeating: 0, count: config.units)
        for _ in 0..<config.members { count[draw(cum)] += 1 }
        let surCum = Self.cumulative(Vocabulary.surnames.map(\.1))
        let availCum = Self.cumulative(Self.availability.map(\.1))
        let given = Vocabulary.givenChars
        let festival = ["2027-02-04", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09",
                        "2027-02-10", "2027-02-11", "2027-02-12", "2027-02-13"]
        let weekend = weekendDays
        var w = ByteWriter(capacity: config.members * 110 + 128)
        w.text("id,name,unit,community,lat,lon,skills,availability,max_sessions\n")
        let width = idWidth(config.members)
        let unitWidth = idWidth(config.units)
        var m = 0
        for u in 0..<config.units {
            let kind = kinds[unitKind[u]]
            let street = streetRange[commStreet[unitHome[u]]]
            for _ in 0..<count[u] {
                m += 1
                w.byte(0x4D); w.padded(m, width: width); w.comma()
                w.text(Vocabulary.surnames[draw(surCum)].0)
                w.text(rng.pick(given))
                if rng.chance(0.7) { w.text(rng.pick(given)) }
                w.comma()
                w.byte(0x55); w.padded(u + 1, width: unitWidth); w.comma()
                // 双报到: members report to the community they live in, mostly one the unit is
                // paired with, otherwise elsewhere in the street, now and then across the city.
                let c: Int
                let x = rng.unit()
                if x < 0.6 { c = rng.pick(unitPaired[u]) }
                else if x < 0.92 { c = street.lowerBound + rng.below(street.count) }
                else { c = rng.below(config.communities) }
                commId(c, &w); w.comma()
                let a = rng.uniform(0, 2 * Double.pi), r = min(1.5, abs(0.6 * rng.normal()))
                // Drawn only when asked for, so the default files stay byte-identical.
                if config.membersWithoutCoordinates > 0, rng.chance(config.membersWithoutCoordinates) {
                    w.comma()  // both empty: the member stands at their community
                } else {
                    w.fixed(lat(commN[c] + r * cos(a)), decimals: 6); w.comma()
                    w.fixed(lon(commE[c] + r * sin(a)), decimals: 6)
                }
                w.comma()
                for (skill, p) in kind.skills where rng.chance(p) { w.text(skill); break }
                w.comma()
                w.cell(Self.availability[draw(availCum)].0)
                let y = rng.unit()
                if y < 0.15 {
                    // Home for the Spring Festival (春节, 2027-02-06): a run of days away.
                    let start = rng.below(4), len = rng.int(3...6)
                    for d in festival[start..<min(festival.count, start + len)] { w.text(";!"); w.text(d) }
                } else if y < 0.23 {
                    w.text(";!"); w.text(weekend[rng.below(weekend.count)].iso)
                } else if y < 0.26 {
                    w.text(";!"); w.text(weekend[rng.below(weekend.count)].iso); w.text(["-am", "-pm", "-eve"][rng.below(3)])
                }
                w.comma()
                let s = rng.weighted([0.75, 0.05, 0.12, 0.04, 0.04])
                if s > 0 { w.int([0, 1, 2, 3, 6][s]) }
                w.newline()
            }
        }
        return w.bytes
    }

    // MARK: scenario.yaml

    func streetBudget(totalCost: Int) -> Int {
        // About a third of what the projects cost in all: the units' funds must carry the
        // rest, so the budget binds.
        guard totalCost > 0 else { return 0 }
        return max(1_000, (totalCost / 3 + 500) / 1_000 * 1_000)
    }

    /// Each street's own budget (`--street-budgets`): its share of the projects' cost times 0.9
    /// of the total budget, in thousands — together below the total, so that a street's budget
    /// binds before the total does.
    func streetBudgets(total budget: Int, streetCost: [Int], totalCost: Int) -> [Int] {
        streetCost.map { cost in
            totalCost > 0 ? (Int(0.9 * Double(budget) * Double(cost) / Double(totalCost)) + 500) / 1_000 * 1_000 : 0
        }
    }

    func writeYAML(streetBudget: Int, streetCost: [Int] = [], totalCost: Int = 0) -> [UInt8] {
        var w = ByteWriter(capacity: 1024)
        let big = config.members > 20_000
        w.text("# Generated by `match generate --preset \(config.preset.rawValue) --seed \(config.seed)`")
        w.text(" (streets \(config.streets), communities \(config.communities), units \(config.units),")
        w.text(" needs \(config.needs), projects \(config.projects), members \(config.members))")
        if config.membersWithoutCoordinates > 0 { w.text(", members without coordinates \(config.membersWithoutCoordinates)") }
        w.text(".\n")
        w.text("name: \"Generated \(config.preset.rawValue), seed \(config.seed), \(config.quarter)\"\n")
        w.text("quarter: \(config.quarter)\n")
        w.text("data:\n")
        for (key, file) in [("communities", "communities.csv"), ("needs", "needs.csv"), ("units", "units.csv"),
                            ("projects", "projects.csv"), ("members", "members.csv")] {
            w.text("  \(key): \(file)\n")
        }
        w.text("rules:\n  max_distance_km: \(config.maxDistanceKm.map { "\($0)" } ?? "2.0")\n")
        w.text("  unit_max_distance_km: 5.0\n  max_sessions_per_member: 4\n")
        w.text("  street_budget: "); w.int(streetBudget); w.newline()
        if let gap = config.minGapDays { w.text("  min_days_between_sessions: "); w.int(gap); w.newline() }
        if config.streetBudgets {
            w.text("  street_budgets:\n")
            for (k, amount) in streetBudgets(total: streetBudget, streetCost: streetCost, totalCost: totalCost).enumerated() {
                w.text("    \(streetNames[k]): "); w.int(amount); w.newline()
            }
        }
        w.text("weights:\n  distance_per_km: \(config.distancePerKm.map { "\($0)" } ?? "0.5")\n  unit_shortfall: 100\n")
        w.text("solver:\n  time_limit_s: \(big ? 600 : 60)\n  mip_gap: \(big ? "0.01" : "0.0001")\n")
        w.text("variants:\n  - name: wider-circle\n    rules: { max_distance_km: 3.0 }\n")
        return w.bytes
    }
}
