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

    // MARK: interrupts (issue 27)

    /// The first Ctrl-C: the solve stops and its best plan is weighed against the folder's.
    public var interruptStopping: String {
        t("已中断：正在停止求解（再按一次 Ctrl-C 立即退出）", "interrupted: stopping the solve (press Ctrl-C again to quit at once)")
    }

    /// A signal while the scenario is read: nothing was solved or written.
    public var interruptedWhileReading: String {
        t("已中断：尚在读取名单，未求解也未写入任何文件", "interrupted while reading the lists: nothing was solved or written")
    }

    /// A signal while the plan is written: the folder is left as it was.
    public func interruptedWhileWriting(folder: String) -> String {
        t("已中断：写入未完成，\(folder) 保持原样（保留此前的方案）",
          "interrupted while writing: \(folder) is left as it was (the previous plan is kept)")
    }

    /// An interrupt before any plan was made: nothing is written.
    public func interruptedBeforeAPlan(folder: String) -> String {
        t("已中断：尚未得到任何方案，未写入任何文件；\(folder) 保持原样",
          "interrupted before any plan was found: nothing was written; \(folder) is as it was")
    }

    /// The folder's plan is at least as good as the interrupted one: kept, the other beside it.
    public func interruptedKeptBetter(folder: String, kept: String, found: String, beside: String) -> String {
        t("已中断：\(folder) 中原有的方案（目标值 \(kept)）不差于本次中断时的方案（\(found)），予以保留；中断时的方案写在 \(beside)",
          "interrupted: the plan already in \(folder) (objective \(kept)) is at least as good as the one found so far (\(found)), so it is kept; the interrupted plan is in \(beside)")
    }

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
        "change": "变动", "time_span": "时间", "recipient": "通知对象",
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

    /// validate's note on members whose lat/lon were both empty (contract v3).
    public func membersPlacedAtCommunity(_ n: Int) -> String {
        t("\(n) 名党员未填坐标，按所在社区位置计算",
          n == 1 ? "1 member has no coordinates and is placed at their community"
                 : "\(n) members have no coordinates and are placed at their community")
    }

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
    public var unitServesOnlyNote: String {
        t("请转所在党组织（双报到）：本单位在本计划中不牵头活动；以下为本单位党员参加的活动（由其他单位牵头）。",
          "For the unit's Party branch (dual reporting): this unit leads no session in this plan; these are the sessions its members serve in (led by other units).")
    }
    public func leadsSessions(_ n: Int) -> String { t("牵头 \(n) 场", "leads \(n) session\(n == 1 ? "" : "s")") }
    public func ownMemberSessions(_ n: Int) -> String { t("本单位党员 \(n) 人次", "\(n) member-session\(n == 1 ? "" : "s") of its own") }

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

// MARK: replanning (match replan, docs/REPLAN.md)

extension Words {
    /// CHANGES.csv values of `change`: the English kind, or its Chinese name.
    static let changeKindNames: [(zh: [String], kind: Change.Kind)] = [
        (["党员请假", "请假", "不能参加"], .memberUnavailable),
        (["党员退出", "退出"], .memberLeaves),
        (["单位退出", "单位撤出"], .unitWithdraws),
        (["项目取消", "取消项目"], .projectCancelled),
        (["新增需求", "需求新增"], .needAdded),
    ]

    /// The change kind a CHANGES.csv cell names (English, case-insensitive, or Chinese).
    public static func changeKind(_ text: String) -> Change.Kind? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let k = Change.Kind(rawValue: t.lowercased().replacingOccurrences(of: "_", with: "-")) { return k }
        return changeKindNames.first { $0.zh.contains(t) }?.kind
    }

    public func changeKindName(_ k: Change.Kind) -> String {
        language == .zh ? Words.changeKindNames.first { $0.kind == k }!.zh[0] : k.rawValue
    }

    // Errors in CHANGES.csv and the old plan (English, like the other input errors).
    func replanMissingColumns(_ missing: String) -> String {
        "missing column \(missing); the change list has columns change, id, date (变动, 编号, 日期)"
    }
    func replanUnknownKind(_ v: String) -> String {
        "'\(v)' is not a change; expected one of " + Change.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            + " (" + Words.changeKindNames.map { $0.zh[0] }.joined(separator: ", ") + ")"
    }
    func replanBadDate(_ v: String) -> String { "'\(v)' is not a date; expected YYYY-MM-DD" }
    func replanDateOutside(_ d: Day, _ p: Period) -> String { "\(d.iso) is outside the period \(p.start.iso)..\(p.end.iso)" }
    func replanDateBeforeToday(_ d: Day, _ today: Day) -> String {
        "\(d.iso) is before --today \(today.iso): what happened before today is fixed; record it with match record instead"
    }
    var replanDateRequired: String { "member-unavailable needs the date the member cannot come" }
    func replanIdRequired(_ k: Change.Kind) -> String {
        let what = switch k {
        case .memberUnavailable, .memberLeaves: "member"
        case .unitWithdraws: "unit"
        case .projectCancelled: "project"
        case .needAdded: "need"
        }
        return "\(k.rawValue) needs the id of a \(what)"
    }
    func replanUnknownId(_ what: String, _ id: String, _ list: String) -> String { "no \(what) '\(id)' in \(list)" }
    func replanNeedAlreadyPlanned(_ id: String) -> String {
        "need '\(id)' is already in the plan; need-added is for a need added to needs.csv after the plan was made"
    }
    var replanNoChanges: String { "no changes listed" }
    /// The plan given to replan breaks the contract (edited by hand?).
    func replanPlanBreaks(_ n: Int) -> String {
        t("方案文件违反了 \(n) 条规则（可能被手工改过）；重新排期从它出发，尽量保留并修复，违反之处如下",
          "the plan breaks \(n) rule(s) of the contract (edited by hand?); the replan starts from it and repairs what it can. The rows:")
    }

    func andMore(_ n: Int) -> String { t("……另有 \(n) 处", "… and \(n) more") }

    func replanPlanUnknown(_ what: String, _ id: String) -> String { "the plan names \(what) '\(id)', which the scenario does not have" }
    func replanPlanSession(_ m: String, _ p: String, _ d: String) -> String {
        "assignment \(m) \(p) \(d) is not a session the plan holds"
    }
    func replanReasonStopped(_ projects: [String]) -> String {
        "project " + projects.joined(separator: ", ") + " stopped after the changes (cancelled, or it could not be held)"
    }
    var replanReasonCancelled: String { "its project was cancelled after the changes" }

    /// The notice for a member-session taken out of the plan.
    public func cancelNotice(name: String, day: Day, slot: Slot, start: ClockTime, community: String, project: String) -> String {
        if language == .zh {
            return "\(name)同志：原定您于\(longDate(day))\(self.slot(slot))\(start.short)到\(community)参加「\(project)」志愿服务，因计划调整取消，无需前往。感谢您的理解！"
        }
        return "Dear \(name): the session of “\(project)” at \(community) on \(longDate(day)) at \(start.short) (\(self.slot(slot))) you were asked to join is off for you after a change of plan; please do not come. Thank you!"
    }

    public func changeValue(added: Bool) -> String { added ? t("新增", "added") : t("取消", "removed") }
    /// changes.csv's recipient: a member or a unit.
    public func recipient(unit: Bool) -> String { unit ? t("单位", "unit") : t("党员", "member") }
    public enum LeadChange { case changed, handedOver, taken }
    public func leadChangeValue(_ c: LeadChange) -> String {
        switch c {
        case .changed: t("牵头变更", "lead-changed")
        case .handedOver: t("移交牵头", "lead-handed-over")
        case .taken: t("接任牵头", "lead-taken")
        }
    }
    public var listSeparator: String { t("、", ", ") }

    // The report calendar's spread over the months.
    public var monthWord: String { t("月份", "Month") }
    public func monthName(year: Int, month: Int) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return t("\(year)年\(month)月", "\(names[max(0, min(11, month - 1))]) \(year)")
    }
    public var sessionsPerMonth: String { t("活动场次", "Sessions") }
    public var memberSessionsPerMonth: String { t("上岗人次", "Member-sessions") }
    /// To a member kept on a session whose lead unit changed.
    public func leadChangedNotice(name: String, day: Day, slot: Slot, start: ClockTime, community: String, project: String,
                                  unit: String, contact: String) -> String {
        if language == .zh {
            return "\(name)同志：您\(longDate(day))\(self.slot(slot))\(start.short)在\(community)参加的「\(project)」志愿服务改由\(unit)牵头"
                + (contact.isEmpty ? "" : "，联系人：\(contact)") + "；时间地点不变。感谢您的参与！"
        }
        return "Dear \(name): “\(project)” at \(community) on \(longDate(day)) at \(start.short) is now led by \(unit)"
            + (contact.isEmpty ? "" : "; contact: \(contact)") + ". Time and place are unchanged. Thank you!"
    }
    /// To the unit that no longer leads a project.
    public func leadHandedOverNotice(unit: String, project: String, community: String, to: String, contact: String, dates: String) -> String {
        if language == .zh {
            return "\(unit)：「\(project)」（\(community)）" + (dates.isEmpty ? "" : "\(dates)的活动") + "改由\(to)牵头"
                + (contact.isEmpty ? "" : "，联系人：\(contact)") + "，请做好交接。"
        }
        return "\(unit): “\(project)” (\(community))" + (dates.isEmpty ? "" : " on \(dates)") + " is now led by \(to)"
            + (contact.isEmpty ? "" : "; contact: \(contact)") + ". Please hand over."
    }
    /// To the unit that now leads a project.
    public func leadTakenNotice(unit: String, project: String, community: String, from: String, contact: String, dates: String) -> String {
        if language == .zh {
            return "\(unit)：请接任「\(project)」（\(community)）的牵头工作" + (dates.isEmpty ? "" : "，活动日期：\(dates)")
                + "；原牵头单位：\(from)" + (contact.isEmpty ? "" : "（联系人：\(contact)）") + "。"
        }
        return "\(unit): please take over the lead of “\(project)” (\(community))" + (dates.isEmpty ? "" : ", sessions on \(dates)")
            + "; previously led by \(from)" + (contact.isEmpty ? "" : " (contact: \(contact))") + "."
    }

    // The summary (summary.txt and the terminal).
    public var replanTitle: String { t("调整方案", "Replan") }
    public func replanChanges(_ n: Int) -> String { t("变动：\(n) 条", "changes: \(n)") }
    public func replanToday(_ d: Day) -> String { t("今日（此前的场次保持不变）：\(d.iso)", "today (sessions before it stay as they happened): \(d.iso)") }
    public func replanKept(fixed: Int, untouchedKept: Int, untouched: Int, share: String) -> String {
        t("保留：今日前 \(fixed) 人次全部保留；未受变动影响的 \(untouched) 人次中保留 \(untouchedKept) 人次（\(share)）",
          "kept: all \(fixed) member-sessions before today; \(untouchedKept) of the \(untouched) member-sessions no change touched (\(share))")
    }
    public func replanNotified(removed: Int, added: Int, people: Int) -> String {
        t("需通知：取消 \(removed) 人次，新增 \(added) 人次，共 \(people) 人（见 changes.csv）",
          "to notify: \(memberSessions(removed)) removed, \(added) added, \(self.people(people)) (changes.csv)")
    }
    public func replanMoved(_ p: String, _ from: Day, _ to: Day) -> String { t("改期：\(p) \(from.iso) → \(to.iso)", "moved: \(p) \(from.iso) → \(to.iso)") }
    public func replanNewLead(_ p: String, _ from: String, _ to: String) -> String {
        t("更换牵头单位：\(p) \(from) → \(to)（此前场次在计划中一并记为新牵头单位）",
          "new lead unit: \(p) \(from) → \(to) (the plan names one lead per project, so the new one stands for its sessions before today too)")
    }
    public func replanStopped(_ p: String, kept: Int) -> String {
        kept > 0 ? t("停止：\(p) 已开展 \(kept) 场后停止，计划中按缩短后的项目保留这 \(kept) 场", "stopped: \(p) after \(kept) session(s); the plan keeps them as a shortened project")
                 : t("取消：\(p) 不再开展", "dropped: \(p) holds no sessions")
    }
    public func replanAdded(_ p: String) -> String { t("新增项目（新需求）：\(p)", "added for a new need: \(p)") }
    public func replanNeedUncovered(_ n: String) -> String {
        t("新需求 \(n) 未能安排：没有项目能在规则内增加且得大于失", "new need \(n) stays uncovered: no project serving it can be added within the rules for more than it changes")
    }
    public func replanObjective(before: String, after: String, loss: String) -> String {
        t("目标值：\(before) → \(after)（减少 \(loss)）", "objective: \(before) → \(after) (loss \(loss))")
    }
    public func replanPenalty(weight: String, changed: Int, penalty: String) -> String {
        t("变动代价：每人次 \(weight) × \(changed) 人次 = \(penalty)（不计入目标值）",
          "change penalty: \(weight) per member-session × \(changed) = \(penalty) (not part of the objective)")
    }
    public func replanTime(_ s: String) -> String { t("用时：\(s) 秒", "time: \(s) s") }
    public func replanCheck(_ folder: String) -> String {
        t("核对：python3 checkplan.py \(folder)/scenario/scenario.yaml \(folder)/plan.json（已按变动修改的情景）",
          "check: checkplan.py \(folder)/scenario/scenario.yaml \(folder)/plan.json (the changed scenario)")
    }
}
