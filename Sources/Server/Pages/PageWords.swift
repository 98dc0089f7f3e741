import Matcher

/// Every word of the web app's pages in Chinese and English, keyed by meaning (the pages
/// carry no literal user-facing text of their own). Built on the project's `ReportLanguage`;
/// the report and comparison pages it links to keep their own tables.
struct PageWords: Sendable {
    let language: ReportLanguage
    init(_ language: ReportLanguage) { self.language = language }
    private func t(_ zh: String, _ en: String) -> String { language.pick(zh: zh, en: en) }

    var appName: String { t("共建项目排期", "Co-building planner") }
    var appSubtitle: String { t("上传清单，检查问题，一键排期，查看方案，试算调整", "Upload the lists, see what is wrong, solve, read the plan, try a what-if") }
    var footer: String { t("match serve · 本机运行，不联网", "match serve · runs on this computer, no network") }
    var otherLanguage: String { t("English", "中文") }
    var home: String { t("首页", "Start") }

    // start
    var upload: String { t("上传场景", "Upload a scenario") }
    var uploadHelp: String { t("选择场景文件夹的 zip 压缩包，或同时选中 scenario.yaml 和五张清单，或只选一个工作簿（五张工作表：社区、需求、单位、项目、党员，与 match init --xlsx 相同）。", "Choose a zip of a scenario folder, or scenario.yaml and its five lists together, or a workbook alone (five sheets as match init --xlsx makes them).") }
    var file: String { t("文件", "File") }
    var folderName: String { t("保存名称（可不填）", "Name to keep it under (optional)") }
    var workbookHolidays: String { t("节假日（只上传工作簿时可填，如 2027-02-06、2027-02-07）", "Holidays (for a workbook alone, e.g. 2027-02-06, 2027-02-07)") }
    var workbookBudget: String { t("街道经费上限（元，不填为不限）", "Street budget (yuan; empty for no cap)") }
    var workbookCircle: String { t("服务半径（公里，不填为 2）", "Circle (km; empty for 2)") }
    var rulesInEffect: String { t("本场景的规则", "The rules this scenario uses") }
    var rulesHelp: String { t("求解前请核对；可在此修改并保存（写入 scenario.yaml，保留其注释）。", "Check them before solving; change and save them here (written into scenario.yaml, its comments kept).") }
    var period: String { t("日期范围", "Period") }
    var holidays: String { t("节假日（不排活动）", "Holidays (no sessions)") }
    var circle: String { t("党员服务半径（公里）", "Members' circle (km)") }
    var unitCircle: String { t("未结对单位牵头半径（公里）", "Unpaired units' circle (km)") }
    var maxSessions: String { t("每名党员最多场次", "Most sessions per member") }
    var noCap: String { t("不限", "no cap") }
    var none: String { t("无", "none") }
    var saveRules: String { t("保存规则", "Save the rules") }
    var workbookQuarter: String { t("季度（只上传一个工作簿时填写，如 2027Q1）", "Quarter (for a workbook alone, e.g. 2027Q1)") }
    var uploadButton: String { t("上传并检查", "Upload and check") }
    var uploading: String { t("正在上传…", "Uploading…") }
    var stored: String { t("已保存的场景", "Scenarios in the data folder") }
    var storedEmpty: String { t("数据文件夹里还没有场景。", "The data folder holds no scenario yet.") }
    var scenario: String { t("场景", "Scenario") }
    var recentJobs: String { t("本次运行的排期", "Solves since the server started") }
    var noJobs: String { t("还没有排期。", "No solve yet.") }
    var open: String { t("打开", "open") }

    // validation
    var validation: String { t("数据检查", "Validation") }
    var severity: String { t("级别", "Level") }
    var row: String { t("行", "Row") }
    var column: String { t("列", "Column") }
    var message: String { t("问题", "Problem") }
    func error(_ s: Diagnostic.Severity) -> String { s == .error ? t("错误", "error") : t("提醒", "warning") }
    func counts(errors: Int, warnings: Int) -> String {
        t("\(errors) 个错误，\(warnings) 个提醒", "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
    }
    var allGood: String { t("数据没有错误，可以排期。", "No errors: the scenario can be solved.") }
    var fixFirst: String { t("请先改正错误，再重新上传。", "Correct the errors, then upload again.") }

    // solve
    var solve: String { t("排期", "Solve") }
    var variant: String { t("方案变体", "Variant") }
    var timeLimit: String { t("时间上限（秒）", "Time limit (seconds)") }
    var gap: String { t("允许差距（如 0.0001）", "Gap (e.g. 0.0001)") }
    var solveButton: String { t("开始排期", "Solve") }
    var deleteScenario: String { t("删除场景", "Delete the scenario") }
    var deleteHelp: String { t("删除此场景的名单及其全部方案，无法恢复。", "Removes this scenario's lists and every plan of it; this cannot be undone.") }
    func deleteConfirm(_ id: String) -> String { t("确定删除场景“\(id)”及其全部方案吗？", "Delete the scenario '\(id)' and all its plans?") }
    var progress: String { t("进度", "Progress") }
    var state: String { t("状态", "State") }
    func state(_ s: Job.State) -> String {
        switch s {
        case .queued: t("排队中", "queued")
        case .running: t("计算中", "running")
        case .done: t("完成", "done")
        case .failed: t("失败", "failed")
        case .cancelled: t("已取消", "cancelled")
        }
    }
    var phase: String { t("阶段", "Phase") }
    var elapsed: String { t("用时（秒）", "Elapsed (s)") }
    var planValue: String { t("方案得分", "Plan value") }
    var bound: String { t("上界", "Bound") }
    var gapShort: String { t("差距", "Gap") }
    var cancel: String { t("取消", "Cancel") }
    var cancelled: String { t("排期已取消，没有写入任何文件。", "The solve was cancelled; no file was written.") }
    var failed: String { t("排期失败", "The solve failed") }

    // plan
    var plan: String { t("方案", "The plan") }
    var status: String { t("结果", "Status") }
    var projects: String { t("开展项目", "Projects run") }
    var assignments: String { t("党员出勤人次", "Member-sessions") }
    var report: String { t("查看方案报告", "Open the plan report") }
    var comparison: String { t("查看对比", "Open the comparison") }
    var dispatch: String { t("派单页", "Dispatch pages") }
    var downloads: String { t("下载", "Downloads") }
    func planStatus(_ s: String) -> String {
        switch s {
        case "optimal": t("最优", "optimal")
        case "feasible": t("可行（未证明最优）", "feasible (not proved optimal)")
        default: t("无方案", "no plan")
        }
    }

    // what-if
    var whatIf: String { t("试算调整", "What if") }
    var whatIfHelp: String { t("改变服务半径或街道预算，作为新的方案变体排期，并与本方案对比。", "Change the circle or the street budget as a new variant, solve it and compare it with this plan.") }
    var maxDistance: String { t("服务半径（公里，max_distance_km）", "Circle (km, max_distance_km)") }
    var streetBudget: String { t("街道预算（元，street_budget）", "Street budget (yuan, street_budget)") }
    var whatIfButton: String { t("试算", "Try it") }
    var whatIfBaseOnly: String { t("试算从基础方案（base）开始。", "A what-if starts from the base plan.") }
    var comparedWith: String { t("对比对象：", "Compared with: ") }

    var notFound: String { t("没有找到。", "Not found.") }
}
