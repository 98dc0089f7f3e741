/// Constraint 14 (contract v3): two sessions of one project at least `gap` days apart. A gap
/// of 0 or 1 asks nothing (two sessions of a project are never on one date anyway).
public enum Spacing {
    /// Whether days `a` and `b` (different) may both hold a session at this gap.
    @inline(__always)
    public static func apart(_ a: Day, _ b: Day, gap: Int) -> Bool {
        gap <= 1 || abs(Int(a.ordinal) - Int(b.ordinal)) >= gap
    }

    /// Whether `days` (any order) are pairwise at least `gap` days apart.
    public static func spaced(_ days: [Day], gap: Int) -> Bool {
        guard gap > 1, days.count > 1 else { return true }
        let sorted = days.sorted()
        return zip(sorted, sorted.dropFirst()).allSatisfy { Int($1.ordinal) - Int($0.ordinal) >= gap }
    }

    /// The most of `days` (ascending) that can be taken at least `gap` apart, taken greedily
    /// from the earliest (which is as many as any choice can take).
    public static func mostSpaced(_ days: [Day], gap: Int) -> [Day] {
        guard gap > 1 else { return days }
        var out: [Day] = []
        for d in days where out.last.map({ Int(d.ordinal) - Int($0.ordinal) >= gap }) ?? true { out.append(d) }
        return out
    }

    /// The cheapest `count` of the items (ascending `days`, one cost each) pairwise at least
    /// `gap` apart: their indices ascending, or nil when no such choice exists. Exact (dynamic
    /// programming over the last item taken); ties go to the earlier items.
    public static func cheapest(days: [Day], cost: [Double], count n: Int, gap: Int) -> [Int]? {
        let D = days.count
        guard n > 0 else { return [] }
        guard D >= n else { return nil }
        // best[j][i]: least cost of j+1 items ending with item i; from[j][i]: the item before.
        var best = [[Double]](repeating: [Double](repeating: .infinity, count: D), count: n)
        var from = [[Int]](repeating: [Int](repeating: -1, count: D), count: n)
        for i in 0..<D { best[0][i] = cost[i] }
        for j in 1..<max(1, n) {
            // Prefix minimum of best[j-1] over the items at least gap before item i.
            var prefix = Double.infinity, arg = -1, q = 0
            for i in 0..<D {
                while q < i, gap <= 1 || Int(days[i].ordinal) - Int(days[q].ordinal) >= gap {
                    if best[j - 1][q] < prefix { prefix = best[j - 1][q]; arg = q }
                    q += 1
                }
                if arg >= 0, prefix < .infinity { best[j][i] = prefix + cost[i]; from[j][i] = arg }
            }
        }
        var end = -1
        for i in 0..<D where best[n - 1][i] < .infinity && (end < 0 || best[n - 1][i] < best[n - 1][end]) { end = i }
        guard end >= 0 else { return nil }
        var out = [end]
        var j = n - 1, i = end
        while j > 0 { i = from[j][i]; j -= 1; out.append(i) }
        return out.reversed()
    }

    /// The maximal sets of `days` (ascending) that lie within `gap` − 1 days of each other, as
    /// index ranges: at most one of each set can hold a session, and every pair closer than
    /// `gap` is in one of them (the cliques of an interval graph). Empty when gap ≤ 1.
    public static func windows(_ days: [Day], gap: Int) -> [Range<Int>] {
        guard gap > 1 else { return [] }
        var out: [Range<Int>] = []
        var end = 0
        for i in days.indices {
            var e = max(end, i + 1)
            while e < days.count, Int(days[e].ordinal) - Int(days[i].ordinal) < gap { e += 1 }
            if e - i >= 2, e > end { out.append(i..<e) }
            end = max(end, e)
        }
        return out
    }

    /// The pairs (i, j), i < j, of `days` (ascending) closer than `gap` days: constraint 14 as
    /// the contract writes it.
    public static func closePairs(_ days: [Day], gap: Int) -> [(Int, Int)] {
        guard gap > 1 else { return [] }
        var out: [(Int, Int)] = []
        for i in days.indices {
            var j = i + 1
            while j < days.count, Int(days[j].ordinal) - Int(days[i].ordinal) < gap { out.append((i, j)); j += 1 }
        }
        return out
    }
}

/// Constraint 15 (contract v3): the budgeted streets of `rules.street_budgets` and which of
/// them each project's money comes from (its community's `street`).
public struct StreetBudgets: Sendable {
    /// Budgeted street names, sorted, and their budgets (yuan).
    public let names: [String]
    public let budgets: [Double]
    /// Per project: index into `names`, or nil when its street has no budget of its own.
    public let streetOf: [Int?]

    /// nil when the settings set no street budgets.
    public init?(_ sc: Scenario, settings: Settings) {
        guard let map = settings.streetBudgets, !map.isEmpty else { return nil }
        names = map.keys.sorted()
        budgets = names.map { map[$0]! }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() { index[n] = i }
        streetOf = sc.projects.map { index[String(trimSpaces(Substring(sc.communities[$0.community].street)))] }
    }
}
