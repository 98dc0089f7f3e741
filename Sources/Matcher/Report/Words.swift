/// The one table of user-facing words in both languages, keyed by meaning: CSV headers and
/// values, workbook sheets, the terminal summary, dispatch pages, notices and the calendar.
/// The pages' fixed phrases are `Words.Phrase` (Phrases.swift); only phrases with numbers or
/// names inside stay as `t(zh, en)` pairs in their code. Reasons: `ReasonTranslation`.
public struct Words: Sendable {
    public let language: ReportLanguage
    public init(_ language: ReportLanguage) { self.language = language }

    private func t(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    // MARK: values

    public func slot(_ s: Slot) -> String {
        switch s {
        case .am: t("上午", "morning")
        case .pm: t("下午", "afternoon")
        case .eve: t("晚上", "evening")
        }
    }

    /// The slot as a CSV value: 上午/下午/晚上 in Chinese, the contract's am/pm/eve in English.
    public func slotValue(_ s: Slot) -> String { language == .zh ? slot(s) : s.name }

    /// 0 = Monday … 6 = Sunday.
    public func weekday(_ w: Int) -> String {
        language == .zh ? ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][w] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][w]
    }

    public func yesNo(_ b: Bool) -> String { b ? t("是", "yes") : t("否", "no") }

    /// A project's status in projects.csv.
    public func status(running: Bool) -> String { running ? t("开展", "run") : t("未开展", "not run") }

    /// `2027年1月23日（周六）` / `Sat 23 Jan 2027`.
    public func longDate(_ d: Day) -> String {
        let (y, m, day) = d.components
        if language == .zh { return "\(y)年\(m)月\(day)日（\(weekday(d.weekday))）" }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekday(d.weekday)) \(day) \(months[m - 1]) \(y)"
    }

    /// A count of member-sessions (one person on two dates counts twice): 人次.
    public func memberSessions(_ n: Int) -> String { language == .zh ? "\(n) 人次" : NumberText.count(n, "member-session", "member-sessions") }

    public func people(_ n: Int) -> String { language == .zh ? "\(n) 人" : NumberText.count(n, "person", "people") }

    // MARK: CSV headers

    /// A CSV or sheet header: the English column name (the key) in this language. A key may
    /// carry its table for a Chinese name of its own (`units.name`: English `name`, 单位名称).
    public func column(_ key: String) -> String {
        let english = key.split(separator: ".").last.map(String.init) ?? key
        return language == .zh ? (Words.chineseColumns[key] ?? Words.chineseColumns[english] ?? english) : english
    }

    public func header(_ keys: [String]) -> [String] { keys.map(column) }

    static let chineseColumns: [String: String] = [
        "id": "编号", "title": "名称", "community": "社区编号", "community_name": "社区", "category": "类别",
        "lead_unit": "牵头单位编号", "lead_unit_name": "牵头单位", "dates": "日期", "slot": "时段", "time": "时间",
        "sessions": "场次", "headcount": "每场人数", "skills_required": "所需技能", "skills_met": "技能满足",
        "hours": "时长", "cost": "费用", "unit_funds": "单位出资", "street_funds": "街道出资", "needs_covered": "满足需求",
        "needs": "需求", "status": "状态", "reason": "原因", "place": "地点",
        "member": "党员编号", "name": "姓名", "unit": "单位编号", "unit_name": "单位", "project": "项目编号",
        "project_title": "项目", "date": "日期", "weekday": "星期", "distance_km": "距离（公里）", "phone": "电话",
        "projects": "项目", "kind": "类型", "projects_led": "牵头项目数", "funds_given": "已出资", "funds": "资金",
        "min_projects": "最少项目", "max_projects": "最多项目", "shortfall": "差额", "need": "需求编号",
        "households": "户数", "urgency": "紧急程度", "weight": "权重", "notice": "通知",
        "contact": "联系人", "figure": "指标", "value": "数值", "units.name": "单位名称",
        "target": "目标场次", "below_target": "距目标差", "reporting_members": "报到党员",
        "members_serving": "参与党员", "members_below_target": "未达目标党员",
    ]

    // MARK: workbook sheets

    public enum Sheet: CaseIterable, Sendable {
        case overview, projectsRun, projectsNotRun, roster, members, units, unmet
    }

    public func sheet(_ s: Sheet) -> String {
        switch s {
        case .overview: t("概览", "Overview")
        case .projectsRun: t("开展项目", "Projects run")
        case .projectsNotRun: t("未开展项目", "Projects not run")
        case .roster: t("排班表", "Roster")
        case .members: t("党员", "Members")
        case .units: t("单位", "Units")
        case .unmet: t("未满足需求", "Unmet needs")
        }
    }

    // MARK: the summary (terminal, overview sheet)

    /// A summary label (the English label is the key).
    public func summary(_ key: String) -> String {
        language == .zh ? (Words.chineseSummary[key] ?? key) : key
    }

    static let chineseSummary: [String: String] = [
        "scenario": "方案", "status": "状态", "objective": "目标值", "best bound": "最优上界", "gap": "差距",
        "needs covered": "满足需求", "households reached": "惠及户数", "projects run": "开展项目",
        "sessions": "活动场次", "member-sessions": "党员人次", "members engaged": "参与党员", "volunteer hours": "志愿时长",
        "units leading": "牵头单位", "units below minimum": "未达最少项目的单位", "street funds": "街道经费",
        "unit funds": "单位经费", "member distance": "党员距离", "solve time": "求解用时", "written to": "已写入",
    ]

    public func planStatus(_ s: Plan.Status) -> String {
        switch s {
        case .optimal: t("最优", "optimal")
        case .feasible: t("可行", "feasible")
        case .noPlan: t("无方案", "no plan")
        }
    }

    public func of(_ a: String, _ b: String) -> String { t("\(a) / \(b)", "\(a) of \(b)") }
    public func ofWeight(_ share: String) -> String { t("占权重 \(share)", "\(share) of weight") }
    public func yuan(_ x: String) -> String { t("\(x) 元", "\(x) yuan") }
    public var noBudgetLimit: String { t("不限预算", "no budget limit") }
    public func distance(mean: String, p90: String) -> String {
        t("平均 \(mean) 公里，90% 分位 \(p90) 公里", "mean \(mean) km, 90th percentile \(p90) km")
    }
    public var notAvailable: String { t("无", "n/a") }

    // MARK: notices

    /// The ready-to-send line of one member-session.
    public func notice(name: String, day: Day, start: ClockTime, end: ClockTime, slot: Slot, community: String, place: String,
                       project: String, unit: String, contact: String, phone: String, hours: String) -> String {
        let reach = [contact, phone].filter { !$0.isEmpty }.joined(separator: " ")
        if language == .zh {
            var s = "\(name)同志：请于\(longDate(day))\(self.slot(slot))\(start.short)到\(community)"
            if !place.isEmpty { s += "（\(place)）" }
            s += "参加「\(project)」志愿服务（\(start.short)—\(end.short)，计 \(hours) 小时），由\(unit)牵头"
            s += reach.isEmpty ? "。" : "，联系人：\(reach)。"
            return s + "感谢您的参与！"
        }
        var s = "Dear \(name): please come to \(community)"
        if !place.isEmpty { s += " (\(place))" }
        s += " on \(longDate(day)) at \(start.short) (\(self.slot(slot)), until \(end.short), \(hours) h) for “\(project)”, led by \(unit)"
        s += reach.isEmpty ? "." : "; contact: \(reach)."
        return s + " Thank you!"
    }

    // MARK: calendar

    public func eventSummary(project: String, community: String) -> String { t("\(project)（\(community)）", "\(project) (\(community))") }
    public func eventDescription(headcount: Int, lead: String, contact: String, needs: [String], members: [String]) -> String {
        var lines = [t("人数：\(headcount) 人", "Headcount: \(headcount)"), t("牵头单位：\(lead)", "Lead unit: \(lead)")]
        if !contact.isEmpty { lines.append(t("联系人：\(contact)", "Contact: \(contact)")) }
        if !needs.isEmpty { lines.append(t("服务需求：", "Needs served: ") + needs.joined(separator: t("；", "; "))) }
        if !members.isEmpty { lines.append(t("派出党员：", "Members: ") + members.joined(separator: t("、", ", "))) }
        return lines.joined(separator: "\n")
    }

    // MARK: dispatch pages

    public var dispatchIndexTitle: String { t("派单总览", "Dispatch sheets") }
    public var communityDispatch: String { t("社区派单", "Community dispatch sheet") }
    public var unitDispatch: String { t("单位接单", "Unit order sheet") }
    public var unitDispatchNote: String {
        t("请转所在党组织（双报到）：以下为本单位牵头的活动及各单位派出的党员；本单位党员参加的全部活动见页末。",
          "For the unit's Party branch (dual reporting): the sessions this unit leads and the members sent to them; all sessions of this unit's own members are listed at the end.")
    }
    public var communities: String { t("社区", "Communities") }
    public var units: String { t("单位", "Units") }
    public var sessionsWord: String { t("场次", "Sessions") }
    public var scheduleWord: String { t("日程一览", "Schedule") }
    public var membersSent: String { t("派出党员", "Members sent") }
    public var membersOfUnit: String { t("本单位派出的党员", "This unit's members sent") }
    public var needsServed: String { t("服务的需求", "Needs served") }
    public var when: String { t("时间", "When") }
    public var placeWord: String { t("地点", "Place") }
    public var leadWord: String { t("牵头单位", "Lead unit") }
    public var contactWord: String { t("联系人", "Contact") }
    public var householdsWord: String { t("户", "households") }
    public func sessionsCount(_ n: Int) -> String { language == .zh ? "\(n) 场" : NumberText.count(n, "session", "sessions") }
    public var none: String { t("无", "none") }
    public func footer(_ scenario: String, _ variant: String) -> String {
        t("由 match 生成 · \(scenario) · 方案 \(variant)", "Made by match · \(scenario) · variant \(variant)")
    }
}
