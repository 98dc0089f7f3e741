import Foundation

/// 群众点单: a needs survey (问卷星 export, door-to-door form, hotline list) turned into the
/// scenario's needs list (docs/INTAKE.md). Households, not answers: one per distinct address in
/// a community, its later answer winning; one need per community and category with the
/// households counted, an urgency judged by the mapping, and a sentence saying why. An answer
/// that cannot be placed is skipped and reported by its row; a broken mapping or an unreadable
/// file is an `InputError` (nothing is written). The command line and the web app call this.
public enum Intake {
    /// Ids of the needs the survey made start with this; `merge` replaces exactly those.
    public static let idPrefix = "Q-"

    /// One row of needs.csv.
    public struct Need: Sendable, Equatable {
        public var id: String
        /// The community's id (needs.csv's `community`) and name.
        public var community: String
        public var communityName: String
        public var category: String
        public var title: String
        public var households: Int
        public var urgency: Int
        public var why: String
    }

    /// Why an answer was not counted.
    public enum SkipReason: String, Sendable, CaseIterable {
        case unknownCommunity, emptyAddress, unknownOption, badUrgency

        func words(_ lang: ReportLanguage) -> String {
            switch self {
            case .unknownCommunity: lang.pick(zh: "社区不明", en: "unknown community")
            case .emptyAddress: lang.pick(zh: "住址为空", en: "empty address")
            case .unknownOption: lang.pick(zh: "选项不在映射中", en: "option outside the mapping")
            case .badUrgency: lang.pick(zh: "紧急程度不明", en: "urgency not understood")
            }
        }
    }

    public struct Summary: Sendable, Equatable {
        /// Answers (non-blank rows) in the survey.
        public var answers = 0
        /// Answers counted, and the households they came from (answers − households were repeats).
        public var counted = 0
        public var households = 0
        /// Households whose (winning) answer chose no need the mapping counts.
        public var withoutNeeds = 0
        public var skipped: [SkipReason: Int] = [:]
        /// Options outside the mapping, with the number of answers that chose each, most first.
        public var unknownOptions: [(option: String, answers: Int)] = []
        public var needs = 0
        public var communities = 0

        public var skippedTotal: Int { skipped.values.reduce(0, +) }
        public var repeats: Int { counted - households }

        public static func == (a: Summary, b: Summary) -> Bool {
            a.answers == b.answers && a.counted == b.counted && a.households == b.households && a.withoutNeeds == b.withoutNeeds
                && a.skipped == b.skipped && a.unknownOptions.map(\.option) == b.unknownOptions.map(\.option)
                && a.unknownOptions.map(\.answers) == b.unknownOptions.map(\.answers) && a.needs == b.needs && a.communities == b.communities
        }

        /// One line: how many answers, households and needs; how many answers were skipped and why.
        public func text(_ lang: ReportLanguage) -> String {
            let reasons = SkipReason.allCases.compactMap { r in skipped[r].map { (r, $0) } }
            let unknown = unknownOptions.prefix(5).map { lang.pick(zh: "“\($0.option)”\($0.answers) 份", en: "'\($0.option)' \($0.answers)") }
                .joined(separator: lang.pick(zh: "、", en: ", ")) + (unknownOptions.count > 5 ? "…" : "")
            let why = reasons.map { r, n in
                lang.pick(zh: "\(r.words(.zh)) \(n) 份", en: "\(r.words(.en)) \(n)")
                    + (r == .unknownOption && !unknown.isEmpty ? lang.pick(zh: "（\(unknown)）", en: " (\(unknown))") : "")
            }.joined(separator: lang.pick(zh: "、", en: ", "))
            if lang == .zh {
                var s = "共 \(answers) 份答卷：计入 \(counted) 份，来自 \(households) 户"
                if repeats > 0 { s += "（\(repeats) 份为同一户重复作答，以后提交的为准）" }
                if withoutNeeds > 0 { s += "，其中 \(withoutNeeds) 户未选需求" }
                s += skippedTotal > 0 ? "；跳过 \(skippedTotal) 份：\(why)" : "；没有跳过的答卷"
                return s + "；得出 \(needs) 条需求（\(communities) 个社区）"
            }
            var s = "\(answers) answers: \(counted) counted, from \(households) households"
            if repeats > 0 { s += " (\(repeats) repeat answers of a household; the later one wins)" }
            if withoutNeeds > 0 { s += ", \(withoutNeeds) of them chose no need" }
            s += skippedTotal > 0 ? "; \(skippedTotal) skipped: \(why)" : "; none skipped"
            return s + "; \(needs) needs in \(communities) communit\(communities == 1 ? "y" : "ies")"
        }
    }

    public struct Result: Sendable {
        public var needs: [Need]
        /// Skipped answers, by row of the survey.
        public var warnings: [Diagnostic]
        public var summary: Summary
        /// Chinese when the survey's header is.
        public var language: ReportLanguage
    }

    /// A community of communities.csv.
    public struct Place: Sendable, Equatable {
        public var id: String
        public var name: String
        public init(id: String, name: String) { self.id = id; self.name = name }
    }

    // MARK: reading

    /// Reads the three files and counts; every problem of the mapping, the survey's columns or
    /// the files is thrown together.
    public static func read(survey: String, mapping: String, communities: String) throws(InputError) -> Result {
        let mappingPath = absolutePath(mapping)
        let mappingFile = displayPath(mappingPath)
        var errors: [Diagnostic] = []
        var parsed: IntakeMapping?
        if let data = FileManager.default.contents(atPath: mappingPath) {
            let dec = TextDecoding.utf8([UInt8](data))
            if let f = dec.failure { errors.append(Reader.decodingError(f, file: mappingFile)) } else {
                let p = IntakeMapping.parse(String(decoding: dec.bytes, as: UTF8.self), file: mappingFile)
                parsed = p.mapping
                errors += p.diagnostics
            }
        } else {
            errors.append(.error(file: mappingFile, "no such file / 文件不存在"))
        }
        var table: RowTable?
        do { table = try readTable(survey) } catch { errors += error.diagnostics }
        var places: [Place]?
        do { places = try readCommunities(communities) } catch { errors += error.diagnostics }
        guard errors.isEmpty, let parsed, let table, let places else { throw InputError(diagnostics: errors.sorted()) }
        return try run(survey: table, mapping: parsed, mappingFile: mappingFile, communities: places)
    }

    /// The communities list's ids and names (`id`/`编号`, `name`/`名称`).
    public static func readCommunities(_ path: String) throws(InputError) -> [Place] {
        let t = try readTable(path)
        let ids = t.header.firstIndex { CSVTable.canonical($0) == "id" }
        let names = t.header.firstIndex { CSVTable.canonical($0) == "name" }
        guard let ids, let names else {
            throw InputError(diagnostics: [.error(file: t.file, line: 1, InputText.missingColumns([ids == nil ? "id" : nil, names == nil ? "name" : nil].compactMap { $0 }, header: t.header))])
        }
        var out: [Place] = []
        for row in t.rows where !row[ids].isEmpty { out.append(Place(id: row[ids], name: row[names])) }
        if out.isEmpty {
            throw InputError(diagnostics: [.error(file: t.file, "no communities listed / 名单中没有社区")])
        }
        return out
    }

    // MARK: counting

    /// One household's counted answer.
    private struct Answer {
        var row: Int
        var time: Double?
        var categories: [String]
        var base: Int
        /// The urgency answer as written ("" when the default was used).
        var label: String
        /// Per raise rule, the options it matched (empty: not raised by it).
        var raisedBy: [[String]]
        var urgency: Int
    }

    /// Counts the survey; throws when the mapping names a column the survey lacks.
    public static func run(survey t: RowTable, mapping m: IntakeMapping, mappingFile: String, communities: [Place]) throws(InputError) -> Result {
        let lang = ReportLanguage.of(t.header.joined())
        func dym(_ s: String?) -> String { s.map { lang.pick(zh: "（是否要写“\($0)”？）", en: " (did you mean '\($0)'?)") } ?? "" }

        // The mapping's columns, found in the survey's header.
        var missing: [Diagnostic] = []
        func column(_ name: String, key: String, line: Int?) -> Choice? {
            if let c = choice(name, header: t.header) { return c }
            let headers = t.header.filter { !$0.isEmpty }
            // A did-you-mean: a close header, or the one with the same question number (`3、`).
            var hint = ChineseValues.suggestion(name, among: headers)
            if hint == nil, let n = name.split(separator: "、", maxSplits: 1).first, n.allSatisfy(\.isNumber) {
                hint = headers.first { $0.hasPrefix(n + "、") }
            }
            missing.append(.error(file: mappingFile, line: line, column: key, lang.pick(
                zh: "问卷 \(t.file) 中没有列“\(name)”" + dym(hint) + "；问卷的列有：" + headers.joined(separator: ", "),
                en: "the survey \(t.file) has no column '\(name)'" + dym(hint) + "; its columns are: " + headers.joined(separator: ", "))))
            return nil
        }
        let communityColumn = column(m.community, key: "community", line: m.lines["community"])
        let addressColumn = column(m.address, key: "address", line: m.lines["address"])
        let needsColumn = column(m.needsColumn, key: "needs.column", line: m.lines["needs.column"] ?? m.lines["needs"])
        let urgencyColumn = m.urgencyColumn.map { column($0, key: "urgency.column", line: m.lines["urgency.column"]) } ?? nil
        let raiseColumns = m.raise.map { column($0.column, key: "urgency.raise.column", line: $0.line) }
        var timeColumn: Int?
        if let s = m.submitted {
            if case let .cell(i)? = column(s, key: "submitted", line: m.lines["submitted"]) { timeColumn = i }
        } else {
            timeColumn = t.header.firstIndex(of: "提交答卷时间") ?? t.header.firstIndex(of: "提交时间")
        }
        guard missing.isEmpty, let communityColumn, let addressColumn, let needsColumn else { throw InputError(diagnostics: missing) }
        if t.rows.allSatisfy({ $0.allSatisfy(\.isEmpty) }) {
            throw InputError(diagnostics: [.error(file: t.file, lang.pick(zh: "问卷中没有答卷（只有标题行）", en: "the survey has no answers (only a header row)"))])
        }
        let serial = t.header.firstIndex(of: "序号")

        // Communities by id, name and name without 社区.
        var byKey: [String: Int] = [:]
        for (i, c) in communities.enumerated() { byKey[loose(c.id)] = byKey[loose(c.id)] ?? i }
        for (i, c) in communities.enumerated() where !c.name.isEmpty {
            byKey[loose(c.name)] = byKey[loose(c.name)] ?? i
            if c.name.hasSuffix("社区"), c.name.count > 2 { byKey[loose(String(c.name.dropLast(2)))] = byKey[loose(String(c.name.dropLast(2)))] ?? i }
        }
        let communityWords = communities.map(\.id) + communities.map(\.name).filter { !$0.isEmpty }

        // Categories in the mapping's order; each spelled as the mapping first spells it.
        var categories: [String] = []
        for case let (_, c?) in m.options where !categories.contains(where: { $0.lowercased() == c.lowercased() }) { categories.append(c) }
        func canonicalCategory(_ c: String) -> String { categories.first { $0.lowercased() == c.lowercased() } ?? c }

        var summary = Summary()
        var warnings: [Diagnostic] = []
        var unknownCounts: [String: Int] = [:]
        var households: [String: Answer] = [:]
        var householdCommunity: [String: Int] = [:]
        var order: [String] = []

        for (r, row) in t.rows.enumerated() {
            if row.allSatisfy(\.isEmpty) { continue }
            summary.answers += 1
            let line = r < t.lines.count ? t.lines[r] : nil
            let where_ = serial.map { s in row[s].isEmpty ? "" : lang.pick(zh: "（序号 \(row[s])）", en: " (序号 \(row[s]))") } ?? ""
            func skip(_ reason: SkipReason, _ columnName: String, zh: String, en: String) {
                summary.skipped[reason, default: 0] += 1
                warnings.append(.warning(file: t.file, line: line, column: columnName,
                                         lang.pick(zh: zh + where_ + "；此答卷未计入", en: en + where_ + "; this answer is not counted")))
            }
            // Community.
            let said = single(communityColumn, row)
            guard !said.isEmpty else {
                skip(.unknownCommunity, m.community, zh: "未填所在社区", en: "no community given"); continue
            }
            var ci = byKey[loose(said)]
            if ci == nil, !said.hasSuffix("社区") { ci = byKey[loose(said + "社区")] }
            guard let community = ci else {
                skip(.unknownCommunity, m.community,
                     zh: "社区“\(said)”不在社区名单中" + dym(ChineseValues.suggestion(said, among: communityWords)),
                     en: "community '\(said)' is not in the communities list" + dym(ChineseValues.suggestion(said, among: communityWords)))
                continue
            }
            // Address.
            let address = loose(single(addressColumn, row))
            guard !address.isEmpty else {
                skip(.emptyAddress, m.address, zh: "住址为空，无法区分住户", en: "the address is empty, so the household is unknown"); continue
            }
            // Needs.
            var chosenCategories: [String] = []
            var unknown: [String] = []
            for o in chosen(needsColumn, row) {
                switch m.category(of: o) {
                case let .some(.some(c)):
                    let cat = canonicalCategory(c)
                    if !chosenCategories.contains(cat) { chosenCategories.append(cat) }
                case .some(.none): break
                case .none: unknown.append(o)
                }
            }
            if !unknown.isEmpty {
                for o in unknown { unknownCounts[o, default: 0] += 1 }
                let known = m.options.map(\.option)
                let list = unknown.map { o in lang.pick(zh: "“\(o)”", en: "'\(o)'") + dym(ChineseValues.suggestion(o, among: known)) }
                    .joined(separator: lang.pick(zh: "、", en: ", "))
                skip(.unknownOption, m.needsColumn,
                     zh: "选项 \(list) 不在映射 needs.options 中（请在 \(mappingFile) 中写明它的类别，不计入的写 ~）",
                     en: "option\(unknown.count == 1 ? "" : "s") \(list) not in the mapping's needs.options (give \(unknown.count == 1 ? "its" : "their") category in \(mappingFile), ~ for none)")
                continue
            }
            // Urgency: the answer's value, or the default; then +1 per raise rule met, at most 5.
            var base: Int
            var label = ""
            let answer = single(urgencyColumn, row)
            if urgencyColumn == nil || answer.isEmpty {
                guard let d = m.urgencyDefault else {
                    skip(.badUrgency, m.urgencyColumn ?? "urgency", zh: "未答紧急程度（映射未写 urgency.default）", en: "no urgency given (the mapping has no urgency.default)")
                    continue
                }
                base = d
            } else if m.urgencyValues.isEmpty {
                guard let v = Int(ChineseValues.halfWidth(answer)), (1...5).contains(v) else {
                    skip(.badUrgency, m.urgencyColumn ?? "urgency", zh: "紧急程度“\(answer)”不是 1..5 的整数", en: "urgency '\(answer)' is not an integer in 1..5")
                    continue
                }
                base = v; label = answer
            } else if let v = m.urgencyValues.first(where: { $0.answer == answer || loose($0.answer) == loose(answer) }) {
                base = v.value; label = v.answer
            } else {
                let hint = ChineseValues.suggestion(answer, among: m.urgencyValues.map(\.answer))
                skip(.badUrgency, m.urgencyColumn ?? "urgency", zh: "紧急程度“\(answer)”不在映射 urgency.values 中" + dym(hint),
                     en: "urgency '\(answer)' is not among the mapping's urgency.values" + dym(hint))
                continue
            }
            var raisedBy: [[String]] = []
            for (k, rule) in m.raise.enumerated() {
                let picked = raiseColumns[k].map { chosen($0, row) } ?? []
                let wanted = Set(rule.anyOf.map(loose))
                raisedBy.append(rule.anyOf.filter { a in picked.contains { loose($0) == loose(a) } && wanted.contains(loose(a)) })
            }
            let urgency = min(5, base + raisedBy.filter { !$0.isEmpty }.count)
            let time = timeColumn.flatMap { timeKey(row[$0]) }
            let a = Answer(row: r, time: time, categories: chosenCategories, base: base, label: label, raisedBy: raisedBy, urgency: urgency)
            summary.counted += 1
            let key = "\(community)\u{1}\(address)"
            if let old = households[key] {
                // The later answer wins: by submission time when both have one, else by row.
                if let ot = old.time, let nt = a.time, nt < ot { continue }
                households[key] = a
            } else {
                households[key] = a
                householdCommunity[key] = community
                order.append(key)
            }
        }
        summary.households = households.count
        summary.unknownOptions = unknownCounts.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }

        // One need per community and category, in the list's and the mapping's order.
        var needs: [Need] = []
        for (ci, c) in communities.enumerated() {
            let here = order.filter { householdCommunity[$0] == ci }.compactMap { households[$0] }
            for cat in categories {
                let hs = here.filter { $0.categories.contains(cat) }
                guard !hs.isEmpty else { continue }
                needs.append(need(c, cat, hs, m, lang))
            }
        }
        summary.withoutNeeds = households.values.filter(\.categories.isEmpty).count
        summary.needs = needs.count
        summary.communities = Set(needs.map(\.community)).count
        return Result(needs: needs, warnings: warnings, summary: summary, language: lang)
    }

    /// The need of `households` in community `c`, category `cat`, with its why.
    private static func need(_ c: Place, _ cat: String, _ hs: [Answer], _ m: IntakeMapping, _ lang: ReportLanguage) -> Need {
        let n = hs.count
        let sum = hs.reduce(0) { $0 + $1.urgency }
        // Mean rounded half up, in integers: floor((2·sum + n) / 2n).
        let urgency = m.combine == .max ? hs.map(\.urgency).max() ?? 1 : (2 * sum + n) / (2 * n)
        let sep = lang.pick(zh: "、", en: ", ")
        var parts: [String] = [lang.pick(zh: "\(n) 户", en: NumberText.count(n, "household", "households"))]
        // By urgency answer, in the mapping's order; then the default's households.
        var labels: [String] = m.urgencyValues.map(\.answer)
        for h in hs where !h.label.isEmpty && !labels.contains(h.label) { labels.append(h.label) }
        var byLabel: [String] = []
        for l in labels {
            let k = hs.filter { $0.label == l }.count
            if k > 0 { byLabel.append(lang.pick(zh: "\(l) \(k) 户", en: "\(l) \(k)")) }
        }
        let unanswered = hs.filter { $0.label.isEmpty }.count
        if unanswered > 0, let d = m.urgencyDefault {
            byLabel.append(lang.pick(zh: "未答 \(unanswered) 户（按 \(d)）", en: "unanswered \(unanswered) (taken as \(d))"))
        }
        if !byLabel.isEmpty { parts.append(byLabel.joined(separator: sep)) }
        for (k, rule) in m.raise.enumerated() {
            let raised = hs.filter { !$0.raisedBy[k].isEmpty }
            guard !raised.isEmpty else { continue }
            var each: [String] = []
            for o in rule.anyOf {
                let j = raised.filter { $0.raisedBy[k].contains(o) }.count
                if j > 0 { each.append(lang.pick(zh: "\(o) \(j) 户", en: "\(o) \(j)")) }
            }
            let total = each.count > 1 ? lang.pick(zh: "（共 \(raised.count) 户）", en: " (\(raised.count) in all)") : ""
            parts.append(lang.pick(zh: "加 1：", en: "+1: ") + each.joined(separator: sep) + total)
        }
        if n > 1 {
            if m.combine == .max {
                parts.append(lang.pick(zh: "取最高 \(urgency)", en: "highest \(urgency)"))
            } else if sum % n != 0 {
                parts.append(lang.pick(zh: "平均 \(String(format: "%.2f", Double(sum) / Double(n))) → \(urgency)",
                                       en: "mean \(String(format: "%.2f", Double(sum) / Double(n))) → \(urgency)"))
            }
        }
        let words = m.categories?.first { $0.category.lowercased() == cat.lowercased() }?.title
            ?? m.options.filter { $0.category?.lowercased() == cat.lowercased() }.map(\.option).joined(separator: sep)
        let name = c.name.isEmpty ? c.id : c.name
        return Need(id: idPrefix + c.id + "-" + cat, community: c.id, communityName: c.name, category: cat,
                    title: lang.pick(zh: "\(name)：\(words)", en: "\(name): \(words)"), households: n, urgency: urgency,
                    why: parts.joined(separator: lang.pick(zh: "；", en: "; ")))
    }

    // MARK: writing

    /// The columns of needs.csv, in the survey's language (the contract's names, or the Chinese aliases the reader takes).
    static func header(_ lang: ReportLanguage) -> [String] {
        lang == .zh ? ["编号", "社区", "类别", "标题", "户数", "紧急程度", "依据"] : ["id", "community", "category", "title", "households", "urgency", "why"]
    }

    static func cells(_ n: Need) -> [String] {
        [n.id, n.community, n.category, n.title, String(n.households), String(n.urgency), n.why]
    }

    /// needs.csv as the survey made it.
    public static func table(_ needs: [Need], language: ReportLanguage) -> CSVOutput {
        CSVOutput(header: header(language), rows: needs.map(cells), neutralised: false)
    }

    public struct Merged: Sendable {
        public var table: CSVOutput
        /// Needs entered by hand, kept as they were.
        public var kept: Int
        /// Survey-made needs of the old list that the new survey no longer has (projects listing them must change).
        public var dropped: [String]
        public var notes: [Diagnostic]
    }

    /// needs.csv as the survey made it, with nothing merged.
    public static func plain(_ needs: [Need], language: ReportLanguage) -> Merged {
        Merged(table: table(needs, language: language), kept: 0, dropped: [], notes: [])
    }

    /// Whether a needs list holds needs entered by hand (ids not starting with `Q-`), which writing
    /// the survey's list over it would lose.
    public static func hasHandEntered(_ t: RowTable) -> Bool {
        guard let id = t.header.firstIndex(where: { CSVTable.canonical($0) == "id" }) else { return !t.rows.isEmpty }
        return t.rows.contains { !$0[id].isEmpty && !$0[id].hasPrefix(idPrefix) }
    }

    /// `needs` merged into an existing needs list: its rows whose id does not start with `Q-` (entered
    /// by hand) are kept cell for cell, its survey-made rows are replaced by `needs`. The old
    /// header is kept; columns it lacks are added.
    public static func merge(_ needs: [Need], into old: RowTable, language: ReportLanguage) throws(InputError) -> Merged {
        let keys = ["id", "community", "category", "title", "households", "urgency", "why"]
        let names = header(language)
        var header = old.header
        var at: [Int] = []
        for (k, key) in keys.enumerated() {
            if let i = header.firstIndex(where: { CSVTable.canonical($0) == key || $0 == names[k] || $0 == "依据" && key == "why" }) { at.append(i) } else {
                header.append(names[k]); at.append(header.count - 1)
            }
        }
        guard let idColumn = old.header.firstIndex(where: { CSVTable.canonical($0) == "id" }) else {
            throw InputError(diagnostics: [.error(file: old.file, line: 1, InputText.missingColumns(["id"], header: old.header))])
        }
        let community = at[1], category = at[2]
        var rows: [[String]] = []
        var dropped: [String] = []
        var notes: [Diagnostic] = []
        let made = Set(needs.map(\.id))
        for (r, row) in old.rows.enumerated() where !row.allSatisfy(\.isEmpty) {
            let id = row[idColumn]
            if id.hasPrefix(idPrefix) {
                if !made.contains(id) { dropped.append(id) }
                continue
            }
            rows.append(Array((row + Array(repeating: "", count: max(0, header.count - row.count))).prefix(header.count)))
            if let twin = needs.first(where: { n in community < row.count && category < row.count && n.community == row[community]
                    && n.category.lowercased() == row[category].lowercased() }) {
                notes.append(.warning(file: old.file, line: r < old.lines.count ? old.lines[r] : nil, column: "id", language.pick(
                    zh: "手工录入的需求“\(id)”与问卷得出的“\(twin.id)”社区、类别相同；两条都保留，请确认是否重复",
                    en: "need '\(id)', entered by hand, has the community and category of the survey's '\(twin.id)'; both are kept: check they are not the same")))
            }
        }
        let kept = rows.count
        for n in needs {
            var line = Array(repeating: "", count: header.count)
            for (k, v) in Intake.cells(n).enumerated() { line[at[k]] = v }
            rows.append(line)
        }
        return Merged(table: CSVOutput(header: header, rows: rows, neutralised: false), kept: kept, dropped: dropped, notes: notes)
    }
}
