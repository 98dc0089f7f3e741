/// The fixed phrases of report.html, compare.html and the map, keyed by meaning (the
/// English text names each key), in both languages: part of the one `Words` table.
/// Phrases with numbers or names in them stay beside their code as `t(zh, en)` pairs.
extension Words {
    public enum Phrase: CaseIterable, Hashable, Sendable {
        case coBuildingPlanReport, variant, period, noPlanWasFoundWithinThe, theSolverGaveNoBoundThe, theSolverStoppedAtItsLimit
        case needsCovered, byWeightPrefix, ofWeight, householdsReached, projectsRun, sessionsFigure
        case membersEngaged, volunteerHours, unitsLeading, unitsBelowMinimum, streetFunds, noBudgetLimit
        case unitFunds, meanMemberDistance, n90thPercentile, objective, bestBound, gap
        case statusOpen, closeParen, overview, coverageByCommunity, community, id
        case needs, share, households, map, quarterCalendar, runningProjects
        case thePlanRunsNoProject, leadUnitHeading, funds, perSession, skills, needsCoveredHeading
        case sessionsAndRosters, otherRunningProjects, project, slot, leadUnitColumn, sessionsColumn
        case memberSessions, weightCovered, projectsNotRun, everyCandidateProjectRuns, category, reason
        case unmetNeeds, everyNeedIsCovered, weight, need, urgency, ok
        case units, nameColumn, kind, projectsLed, projects, fundsGivenAvailableYuan
        case minMax, statusColumn, members, personNameColumn, unitColumn, hoursPoints
        case nothingToDraw, serviceRadius, notRun, weightCoveredPrefix, mapOfCommunitiesProjectsUnitsAnd, runningProjectSizeWeightCovered
        case runningProject, projectNotRun, unitMapLegend, memberServing, otherMember, membersDarkerMore
        case equirectangularProjectionNorthUpServiceCircles, equirectangularProjectionNorthUp, tooManyUnitsOrCommunitiesTo, comparisonOfPlans, optimal, feasible
        case noPlan, figure, someSolveFoundNoPlanWithin, comparisonTable, noLimitParenthetical, charts
        case needsCoveredShareOfWeight, coveredWeightHouseholdsUrgencyAsA, streetFundsUsed, fundsSpentUnitsStreet, allFundsOfTheRunningProjects, whatEachVariantChanges
        case thereIsNoVariantToCompare, noLimit, settingsAsTheBase, settings, listSeparator, none
        case vs, projectsAdded, projectsDropped, needsNewlyCovered, needsNewlyUnmet, coveragePerCommunity
        case thePlansScenariosDifferNoSide
        case writtenByMatchFromPlanJson, needsAndHouseholdsCoveredInEach, eachReasonNamesTheBindingFact, heaviestFirstWeightHouseholdsUrgencyThe, writtenByMatchCompareFromThe, oneColumnPerPlanAVariant, streetFundsEachPlanUsesOf, eachVariantAgainstTheBaseOf, needsCoveredOfEachCommunityS
    }

    /// The phrase in this language.
    public func callAsFunction(_ p: Phrase) -> String {
        let (zh, en) = Words.phrase(p)
        return language == .zh ? zh : en
    }

    static func phrase(_ p: Phrase) -> (zh: String, en: String) {
        switch p {
        case .coBuildingPlanReport: ("共建项目方案报告", "Co-building plan report")
        case .variant: ("方案", "variant")
        case .period: ("计划期", "Period")
        case .noPlanWasFoundWithinThe: ("在给定的时限内没有找到方案。", "No plan was found within the limits.")
        case .theSolverGaveNoBoundThe: ("求解器没有给出上界：本方案的质量未经证明。", "The solver gave no bound: the plan's quality is not proved.")
        case .theSolverStoppedAtItsLimit: ("求解在时限处停止，未达到设定的精度。", " The solver stopped at its limit before reaching the set precision.")
        case .needsCovered: ("覆盖需求", "needs covered")
        case .byWeightPrefix: ("按权重 ", "")
        case .ofWeight: ("", " of weight")
        case .householdsReached: ("受益户数", "households reached")
        case .projectsRun: ("开展项目", "projects run")
        case .sessionsFigure: ("活动场次", "sessions")
        case .membersEngaged: ("参与党员", "members engaged")
        case .volunteerHours: ("志愿服务时长（小时）", "volunteer hours")
        case .unitsLeading: ("牵头单位", "units leading")
        case .unitsBelowMinimum: ("未达最低项目数的单位", "units below minimum")
        case .streetFunds: ("街道经费", "street funds")
        case .noBudgetLimit: ("预算不限", "no budget limit")
        case .unitFunds: ("单位出资", "unit funds")
        case .meanMemberDistance: ("党员平均路程", "mean member distance")
        case .n90thPercentile: ("90% 不超过 ", "90th percentile ")
        case .objective: ("目标值 ", "objective ")
        case .bestBound: ("，上界 ", ", best bound ")
        case .gap: ("，相对差距 ", ", gap ")
        case .statusOpen: ("（状态：", " (status: ")
        case .closeParen: ("）", ")")
        case .overview: ("概览", "Overview")
        case .coverageByCommunity: ("各社区需求覆盖", "Coverage by community")
        case .community: ("社区", "community")
        case .id: ("编号", "id")
        case .needs: ("需求", "needs")
        case .share: ("比例", "share")
        case .households: ("户数", "households")
        case .map: ("地图", "Map")
        case .quarterCalendar: ("季度日程", "Quarter calendar")
        case .runningProjects: ("开展的项目", "Running projects")
        case .thePlanRunsNoProject: ("本方案没有开展任何项目。", "The plan runs no project.")
        case .leadUnitHeading: ("牵头单位", "Lead unit")
        case .funds: ("经费", "Funds")
        case .perSession: ("每次", "Per session")
        case .skills: ("所需技能", "Skills")
        case .needsCoveredHeading: ("覆盖的需求", "Needs covered")
        case .sessionsAndRosters: ("活动与人员", "Sessions and rosters")
        case .otherRunningProjects: ("其余项目", "Other running projects")
        case .project: ("项目", "project")
        case .slot: ("时段", "slot")
        case .leadUnitColumn: ("牵头单位", "lead unit")
        case .sessionsColumn: ("场次", "sessions")
        case .memberSessions: ("人次", "member-sessions")
        case .weightCovered: ("覆盖权重", "weight covered")
        case .projectsNotRun: ("未开展的项目", "Projects not run")
        case .everyCandidateProjectRuns: ("所有候选项目都已开展。", "Every candidate project runs.")
        case .category: ("类别", "category")
        case .reason: ("原因", "reason")
        case .unmetNeeds: ("未满足的需求", "Unmet needs")
        case .everyNeedIsCovered: ("所有需求都已覆盖。", "Every need is covered.")
        case .weight: ("权重", "weight")
        case .need: ("需求", "need")
        case .urgency: ("紧迫度", "urgency")
        case .ok: ("达标", "ok")
        case .units: ("共建单位", "Units")
        case .nameColumn: ("名称", "name")
        case .kind: ("类型", "kind")
        case .projectsLed: ("牵头项目数", "projects led")
        case .projects: ("项目", "projects")
        case .fundsGivenAvailableYuan: ("出资 / 可用（元）", "funds given / available (yuan)")
        case .minMax: ("项目数要求", "min–max")
        case .statusColumn: ("状态", "status")
        case .members: ("参与党员", "Members")
        case .personNameColumn: ("姓名", "name")
        case .unitColumn: ("单位", "unit")
        case .hoursPoints: ("时长（积分）", "hours (points)")
        case .nothingToDraw: ("没有坐标可画。", "Nothing to draw.")
        case .serviceRadius: ("服务半径 ", "service radius ")
        case .notRun: ("（未开展）", " (not run)")
        case .weightCoveredPrefix: ("覆盖权重 ", "weight covered ")
        case .mapOfCommunitiesProjectsUnitsAnd: ("社区、项目、单位与党员分布图", "Map of communities, projects, units and members")
        case .runningProjectSizeWeightCovered: ("开展的项目（大小 = 覆盖权重）", "running project (size = weight covered)")
        case .runningProject: ("开展的项目", "running project")
        case .projectNotRun: ("未开展的项目", "project not run")
        case .unitMapLegend: ("共建单位", "unit")
        case .memberServing: ("参加活动的党员", "member serving")
        case .otherMember: ("其他党员", "other member")
        case .membersDarkerMore: ("党员密度（越深人越多）", "members (darker = more)")
        case .equirectangularProjectionNorthUpServiceCircles: ("等距圆柱投影，北在上；服务圈超出图幅的部分被裁去。", "Equirectangular projection, north up; service circles are cut at the map's edge.")
        case .equirectangularProjectionNorthUp: ("等距圆柱投影，北在上。", "Equirectangular projection, north up.")
        case .tooManyUnitsOrCommunitiesTo: ("单位或社区过多，图上不标名称。", "Too many units or communities to label them on the map.")
        case .comparisonOfPlans: ("方案比较", "Comparison of plans")
        case .optimal: ("最优", "optimal")
        case .feasible: ("可行", "feasible")
        case .noPlan: ("无方案", "no plan")
        case .figure: ("指标", "figure")
        case .someSolveFoundNoPlanWithin: ("有方案在时限内未找到可行解，其数值为零。", "Some solve found no plan within its limits; its figures are zero.")
        case .comparisonTable: ("比较表", "Comparison table")
        case .noLimitParenthetical: ("（预算不限）", " (no limit)")
        case .charts: ("图表", "Charts")
        case .needsCoveredShareOfWeight: ("需求覆盖（按权重）", "Needs covered (share of weight)")
        case .coveredWeightHouseholdsUrgencyAsA: ("已覆盖需求的权重（户数 × 紧迫度）占全部需求权重的比例。", "Covered weight (households × urgency) as a share of all needs' weight.")
        case .streetFundsUsed: ("街道经费使用", "Street funds used")
        case .fundsSpentUnitsStreet: ("项目经费合计（单位 + 街道）", "Funds spent (units + street)")
        case .allFundsOfTheRunningProjects: ("开展项目的全部经费：共建单位出资与街道经费之和（元）。", "All funds of the running projects: what units give plus street funds (yuan).")
        case .whatEachVariantChanges: ("各方案的变化", "What each variant changes")
        case .thereIsNoVariantToCompare: ("没有可与基准方案比较的变体。", "There is no variant to compare with a base.")
        case .noLimit: ("不限", "no limit")
        case .settingsAsTheBase: ("设置：与基准相同。", "Settings: as the base.")
        case .settings: ("设置：", "Settings: ")
        case .listSeparator: ("；", "; ")
        case .none: ("无。", "None.")
        case .vs: (" 对比 ", " vs ")
        case .projectsAdded: ("新增的项目", "Projects added")
        case .projectsDropped: ("取消的项目", "Projects dropped")
        case .needsNewlyCovered: ("新覆盖的需求", "Needs newly covered")
        case .needsNewlyUnmet: ("不再覆盖的需求", "Needs newly unmet")
        case .coveragePerCommunity: ("各社区覆盖对比", "Coverage per community")
        case .thePlansScenariosDifferNoSide: ("各方案的场景数据不同，无法逐社区比较。", "The plans' scenarios differ; no side-by-side coverage.")
        case .writtenByMatchFromPlanJson: ("由 match 根据 plan.json 与场景数据生成；同一方案总是生成相同的报告。",
                  "Written by match from plan.json and the scenario's lists; the same plan always gives the same report.")
        case .needsAndHouseholdsCoveredInEach: ("每个社区已覆盖的需求数与户数（一项需求由开展中的项目列出即算覆盖）。",
                  "Needs and households covered in each community (a need is covered when a running project lists it).")
        case .eachReasonNamesTheBindingFact: ("原因指出卡住项目的事实；若只改一条规则就能开展，会说明是哪一条（已重新核算）。",
                  "Each reason names the binding fact; where one rule change would let the project run, it says which (checked by re-solving).")
        case .heaviestFirstWeightHouseholdsUrgencyThe: ("按权重（户数 × 紧迫度）从高到低排列；原因由求解器给出。",
                  "Heaviest first (weight = households × urgency); the reasons are the solver's.")
        case .writtenByMatchCompareFromThe: ("由 match compare 根据各方案与场景数据生成；同一输入总是生成相同的页面（求解时间见 compare.csv）。",
                  "Written by match compare from the plans and the scenarios' lists; the same input always gives the same page (solve times are in compare.csv).")
        case .oneColumnPerPlanAVariant: ("每列一个方案；括号内为与基准方案（base）之差。求解时间不在本页（见 compare.csv 与终端输出），以便同一输入总是生成相同的页面。",
                  "One column per plan; a variant's difference to its base in parentheses. Solve times are left out of this page (they are in compare.csv and on stdout) so that the same input always gives the same page.")
        case .streetFundsEachPlanUsesOf: ("各方案用去的街道经费与其预算（元）；条长以最大的预算或用量为满格。",
                  "Street funds each plan uses, of its budget (yuan); a full bar is the largest budget or use.")
        case .eachVariantAgainstTheBaseOf: ("每个变体与其场景文件的基准方案（base）相比：新增与取消的项目、新覆盖与不再覆盖的需求。",
                  "Each variant against the base of its scenario file: projects added and dropped, needs newly covered and newly unmet.")
        case .needsCoveredOfEachCommunityS: ("每个社区已覆盖的需求数 / 需求总数，及其权重占比；括号内为与基准方案之差。",
                  "Needs covered of each community's needs, and the share of their weight; a variant's change in count against its base in parentheses.")
        }
    }
}
