/// The language of a report's labels, headings and reasons.
public enum ReportLanguage: String, CaseIterable, Hashable, Sendable {
    case zh, en

    /// `zh` when the scenario's data holds Chinese text (names, titles), else `en`.
    public static func detect(_ scenario: Scenario) -> ReportLanguage {
        func chinese(_ s: String) -> Bool {
            s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
        }
        let texts: [String] = [scenario.name]
            + scenario.communities.flatMap { [$0.name, $0.street] }
            + scenario.needs.map(\.title) + scenario.units.map(\.name)
            + scenario.projects.map(\.title) + scenario.members.map(\.name)
        return texts.contains(where: chinese) ? .zh : .en
    }

    /// The Chinese or the English text, by this language.
    public func pick(zh: String, en: String) -> String { self == .zh ? zh : en }

    /// A solver's reason (English, from `UnmetReasons`) in this language. For `zh` each known
    /// sentence pattern is rewritten by `ReasonTranslation`; text that matches no pattern is kept.
    public func reason(_ english: String) -> String {
        self == .zh ? ReasonTranslation.chinese(english) : english
    }

    /// `reason` for many reasons: the patterns are compiled once and each distinct reason is
    /// translated once (a district's unmet.csv has thousands of rows with few distinct reasons).
    public func reasonTranslator() -> (String) -> String {
        guard self == .zh else { return { $0 } }
        let rules = ReasonTranslation.rules()
        var cache: [String: String] = [:]
        return { english in
            if let known = cache[english] { return known }
            let chinese = ReasonTranslation.chinese(english, rules: rules)
            cache[english] = chinese
            return chinese
        }
    }
}

/// The Chinese of the sentences `UnmetReasons` writes, as a table of patterns: each English
/// sentence with its variable parts (ids, categories, numbers) captured, and the Chinese
/// sentence that puts them back. A reason naming several projects (`P1: …; P2: …`) has each
/// part rewritten in place. Keep this table in step with Sources/Matcher/Solve/UnmetReasons.swift;
/// ReportTests checks one sample of each sentence.
enum ReasonTranslation {
    struct Rule {
        let regex: Regex<AnyRegexOutput>
        let chinese: ([String]) -> String
        init(_ pattern: String, _ chinese: @escaping ([String]) -> String) {
            regex = try! Regex(pattern)
            self.chinese = chinese
        }
    }

    // Ids and numbers: no spaces; categories and skills: quoted with '…'.
    private static let id = #"(\S+?)"#
    private static let num = #"([0-9.]+)"#
    private static let quoted = #"'([^']*)'"#

    // Built per call: Regex is not Sendable, so it cannot live in a static constant.
    static func rules() -> [Rule] { [
        Rule("no project lists this need") { _ in "没有项目列出这项需求" },
        Rule("project \(id) has \(num) candidate date\\(s\\) in the quarter for \(num) session\\(s\\)") {
            "项目 \($0[0]) 在本季度只有 \($0[1]) 个候选日期，却需要 \($0[2]) 次活动"
        },
        Rule("too few candidate dates at the required spacing: project \(id) has \(num) candidate date\\(s\\), at most \(num) of them at least \(num) days apart, for \(num) session\\(s\\)") {
            "间隔要求下可用日期不足：项目 \($0[0]) 有 \($0[1]) 个候选日期，相隔至少 \($0[3]) 天最多只能排 \($0[2]) 次，却需要 \($0[4]) 次活动"
        },
        Rule("too few candidate dates at the required spacing: project \(id) can be staffed on \(num) date\\(s\\), at most \(num) of them at least \(num) days apart, for \(num) session\\(s\\)") {
            "间隔要求下可用日期不足：项目 \($0[0]) 有 \($0[1]) 个日期能配齐人员，相隔至少 \($0[3]) 天最多只能排 \($0[2]) 次，却需要 \($0[4]) 次活动"
        },
        Rule("budget: project \(id) costs \(num) yuan; the units that may lead it have \(num) left and the budget of street \(quoted) \(num) of \(num)") {
            "经费不足：项目 \($0[0]) 需要 \($0[1]) 元；可牵头单位剩余 \($0[2]) 元，“\($0[3])”街道预算剩余 \($0[4]) 元（共 \($0[5]) 元）"
        },
        Rule("no unit offers the category \(quoted)") { "没有单位提供“\($0[0])”类服务" },
        Rule("no unit offering \(quoted) is paired with community \(id) or within \(num) km of project \(id)(?=;|$)") {
            "提供“\($0[0])”类服务的单位都未与社区 \($0[1]) 结对，也不在项目 \($0[3]) 的 \($0[2]) 公里以内"
        },
        Rule("too few members with skill \(quoted) within \(num) km are free on the candidate dates of project \(id) \\(needs \(num) per session on \(num) date\\(s\\)\\)") {
            "项目 \($0[2]) 的候选日期上，\($0[1]) 公里内有空且具备“\($0[0])”技能的党员不足（每次需要 \($0[3]) 人，共 \($0[4]) 个日期）"
        },
        Rule("too few members within \(num) km are free on the candidate dates of project \(id): \(num) live within \(num) km, at most \(num) are free on any one date, and it needs \(num) on each of \(num) date\\(s\\); only \(num) date\\(s\\) can be staffed") {
            "项目 \($0[1]) 的候选日期上，\($0[0]) 公里内有空的党员不足：\($0[3]) 公里内住有 \($0[2]) 人，任一日期最多 \($0[4]) 人有空，而每个日期需要 \($0[5]) 人、共 \($0[6]) 个日期；只有 \($0[7]) 个日期能配齐人员"
        },
        Rule("budget: project \(id) costs \(num) yuan; the units that may lead it have \(num) left and the street budget \(num) of \(num)") {
            "经费不足：项目 \($0[0]) 需要 \($0[1]) 元；可牵头单位剩余 \($0[2]) 元，街道预算剩余 \($0[3]) 元（共 \($0[4]) 元）"
        },
        Rule("every unit that may lead project \(id) \\(([^)]*)\\) already leads its maximum of projects") {
            "可牵头项目 \($0[0]) 的单位（\($0[1].replacingOccurrences(of: ", ", with: "、"))）已达到各自牵头项目数上限"
        },
        Rule("with a unit circle of \(num) km \\(unit_max_distance_km\\) \(id) could run") {
            "若单位服务半径（unit_max_distance_km）放宽到 \($0[0]) 公里，项目 \($0[1]) 即可开展"
        },
        Rule("with a street budget \(num) yuan larger \\(street_budget \(num)\\) \(id) could run") {
            "若街道预算增加 \($0[0]) 元（street_budget \($0[1])），项目 \($0[2]) 即可开展"
        },
        Rule("with a \(num) km circle \\(max_distance_km\\) \(id) could run") {
            "若服务半径（max_distance_km）放宽到 \($0[0]) 公里，项目 \($0[1]) 即可开展"
        },
        Rule("project \(id) was not chosen: the members, units, dates or budget it would use serve needs of higher weight") {
            "项目 \($0[0]) 未入选：它所需的党员、单位、日期或经费用于了权重更高的需求"
        },
    ] }

    static func chinese(_ english: String) -> String { chinese(english, rules: rules()) }

    static func chinese(_ english: String, rules: [Rule]) -> String {
        var s = english
        var changed = false
        for rule in rules {
            let replaced = s.replacing(rule.regex) { match -> String in
                let parts = (1..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
                return rule.chinese(parts)
            }
            if replaced != s { s = replaced; changed = true }
        }
        guard changed else { return english }
        // Separators between the parts of a reason naming several projects.
        return s.replacingOccurrences(of: "; ", with: "；").replacingOccurrences(of: ": ", with: "：")
    }
}

/// The words of participation (contract v2, 双报到) in both languages, keyed by meaning: the
/// terminal summary, members.csv, report.html and `match compare` take them from here.
public enum ParticipationWord: CaseIterable, Hashable, Sendable {
    case sectionTitle, membersEngaged, membersBelowTarget, membersWithTarget, participationTerm, shortfallSessions
    case distributionCaption, sessionsBucket, unitTableTitle, unitColumn, reportingColumn, servingColumn
    case servingShareColumn, belowTargetColumn, reasonColumn, targetColumn, intro, noTargets
    case nothingInReach, notAvailable, noSessionHeld, sessionsTaken

    var zh: String {
        switch self {
        case .sectionTitle: "双报到参与"
        case .membersEngaged: "参加活动的党员"
        case .membersBelowTarget: "未达参与目标的党员"
        case .membersWithTarget: "有参与目标的党员"
        case .participationTerm: "参与不足项"
        case .shortfallSessions: "距目标尚缺场次"
        case .distributionCaption: "每名党员参加的场次"
        case .sessionsBucket: "场"
        case .unitTableTitle: "各单位报到党员参与情况（双报告）"
        case .unitColumn: "单位"
        case .reportingColumn: "报到党员"
        case .servingColumn: "参加活动"
        case .servingShareColumn: "参与率"
        case .belowTargetColumn: "未达目标"
        case .reasonColumn: "未达目标原因"
        case .targetColumn: "参与目标"
        case .intro: "参与目标：每名党员至少参加的场次（members.csv 的 min_sessions，默认 rules.min_sessions_per_member）。"
        case .noTargets: "本方案没有设定参与目标。"
        case .nothingInReach: "服务半径内没有项目"
        case .notAvailable: "附近项目的候选日期都没有空"
        case .noSessionHeld: "可参加的场次都未安排"
        case .sessionsTaken: "可参加的场次已由他人承担"
        }
    }

    var en: String {
        switch self {
        case .sectionTitle: "Participation"
        case .membersEngaged: "members engaged"
        case .membersBelowTarget: "members below target"
        case .membersWithTarget: "members with a target"
        case .participationTerm: "participation term"
        case .shortfallSessions: "sessions short of targets"
        case .distributionCaption: "Sessions per member"
        case .sessionsBucket: "sessions"
        case .unitTableTitle: "Reporting members who serve, per unit (双报告)"
        case .unitColumn: "unit"
        case .reportingColumn: "reporting members"
        case .servingColumn: "serving"
        case .servingShareColumn: "share serving"
        case .belowTargetColumn: "below target"
        case .reasonColumn: "why below target"
        case .targetColumn: "target"
        case .intro: "Target: the sessions each member should serve at least (members.csv min_sessions, default rules.min_sessions_per_member)."
        case .noTargets: "This plan sets no participation targets."
        case .nothingInReach: "nothing within reach"
        case .notAvailable: "not available on the candidate dates in reach"
        case .noSessionHeld: "no session in reach is held"
        case .sessionsTaken: "the sessions in reach are staffed by others"
        }
    }

    static func reason(_ r: ParticipationSummary.Reason) -> ParticipationWord {
        switch r {
        case .nothingInReach: .nothingInReach
        case .notAvailable: .notAvailable
        case .noSessionHeld: .noSessionHeld
        case .sessionsTaken: .sessionsTaken
        }
    }
}

extension ReportLanguage {
    /// A participation word in this language.
    public func word(_ w: ParticipationWord) -> String { pick(zh: w.zh, en: w.en) }
    /// Why a member stays below target, in this language.
    public func word(_ r: ParticipationSummary.Reason) -> String { word(ParticipationWord.reason(r)) }
}

// MARK: the ledger's pages (issue 17: Sources/Ledger/LedgerPages.swift)

extension ReportLanguage {
    /// The labels of the ledger's summary and unit pages (`match ledger`).
    public var ledger: LedgerStrings { LedgerStrings(language: self) }
}

/// The ledger pages' text, in one language.
public struct LedgerStrings: Sendable {
    let language: ReportLanguage
    private func t(_ zh: String, _ en: String) -> String { language.pick(zh: zh, en: en) }

    public func summaryTitle(year: Int) -> String { t("\(year)年 共建服务台账", "Service ledger \(year)") }
    public func unitTitle(_ name: String, year: Int) -> String { t("\(name) \(year)年 双报到服务报告", "\(name): service report \(year)") }
    public func unitSubtitle(_ id: String) -> String { t("单位编号 \(id)；报所在单位党组织", "Unit \(id), for its Party branch (双报告)") }
    public func recorded(_ quarters: [String]) -> String {
        t("已记录季度：", "Quarters recorded: ") + (quarters.isEmpty ? t("无", "none") : quarters.joined(separator: t("、", ", ")))
    }
    public var footer: String { t("由 match ledger 根据台账生成", "Written by match ledger from the ledger") }
    public var overview: String { t("概况", "Overview") }
    public var units: String { t("单位", "Units") }
    public var communities: String { t("社区", "Communities") }
    public var plans: String { t("已记录的计划", "Recorded plans") }
    public var members: String { t("报到党员", "Reporting members") }
    public var projects: String { t("牵头项目", "Projects led") }
    public var membersReporting: String { t("报到党员", "members reporting") }
    public var membersServed: String { t("参加服务的党员", "members who served") }
    public var sessionsAssigned: String { t("安排场次", "sessions assigned") }
    public var sessionsAttended: String { t("到场场次", "sessions attended") }
    public var completionRate: String { t("到场率", "completion rate") }
    public var hours: String { t("服务时长（小时）", "hours served") }
    public var points: String { t("积分", "points") }
    public var projectsLed: String { t("牵头项目", "projects led") }
    public var projectsCompleted: String { t("完成项目", "projects completed") }
    public var funds: String { t("出资（元）", "funds given (yuan)") }
    public var needsRaised: String { t("提出需求", "needs raised") }
    public var needsCovered: String { t("已解决", "covered") }
    public var needsCarried: String { t("转入下季度", "carried") }
    public var householdsWaiting: String { t("待解决户数", "households waiting") }
    public var id: String { t("编号", "id") }
    public var name: String { t("名称", "name") }
    public var memberName: String { t("姓名", "name") }
    public var quarter: String { t("季度", "quarter") }
    public var scenario: String { t("方案", "scenario") }
    public var variant: String { t("变体", "variant") }
    public var project: String { t("项目", "project") }
    public var community: String { t("社区", "community") }
    public var sessions: String { t("场次", "sessions") }
    public var completed: String { t("完成", "completed") }
    public var satisfaction: String { t("满意度", "satisfaction") }
    public var yes: String { t("是", "yes") }
    public var no: String { t("否", "no") }
    public var page: String { t("报告", "report") }
    public var notServed: String { t("本年度未参加服务", "has not served this year") }
    public var pointsRule: String { t("积分规则", "points rule") }
    public func pointsRuleText(perHour: String, perSession: String) -> String {
        t("每小时 \(perHour) 分，每场 \(perSession) 分", "\(perHour) per hour, \(perSession) per session")
    }
    public var noneYet: String { t("暂无", "none yet") }
}
