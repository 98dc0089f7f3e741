import Foundation
import Workbook

/// What `match init` writes: a scenario.yaml with comments and the five lists with their header
/// and example rows — five CSVs, or one workbook whose first sheet (说明 / Guide) explains every
/// column in one line with an example, followed by the five lists with numbers as number cells,
/// dates as date cells, a frozen header, column widths and drop-down lists where the values are
/// fixed. The example rows validate and solve as they are, so a planner can replace them row by row.
public enum ScenarioTemplate {
    public static let lists = ["communities", "needs", "units", "projects", "members"]

    /// The guide sheet's name; a `data:` entry without `#Sheet` skips it (ListSource).
    public static func guideSheetName(_ lang: ReportLanguage) -> String { lang == .zh ? "说明" : "Guide" }
    static let guideSheetNames: Set<String> = ["说明", "guide"]

    /// One example cell.
    enum Value {
        case text(String)
        case number(Double)
        case date(Day)
        case empty

        var csv: String {
            switch self {
            case let .text(s): s
            case let .number(x): Limits.text(x)
            case let .date(d): d.iso
            case .empty: ""
            }
        }

        var cell: WorkbookCell {
            switch self {
            case let .text(s): .text(s)
            case let .number(x): .number(x)
            case let .date(d): .date(year: d.components.year, month: d.components.month, day: d.components.day)
            case .empty: .empty
            }
        }
    }

    /// One column of a list: its header, whether it is required, one line about it, the example
    /// rows' values (`rows[r]`), the guide's example when no row has one, and its fixed values.
    struct Column {
        var header: String
        var required: Bool
        var about: String
        var rows: [Value]
        var guideExample: Value? = nil
        var choices: [String] = []
        var choicesMessage: String = ""

        var example: Value {
            if let guideExample { return guideExample }
            return rows.first { if case .empty = $0 { false } else { true } } ?? .empty
        }
    }

    /// The first Saturday of the quarter: the one-day example project's date.
    static func firstSaturday(_ quarter: String) -> Day {
        let start = Period(quarter: quarter)?.start ?? Day(year: 2027, month: 1, day: 1)!
        return start.adding(days: (5 - start.weekday + 7) % 7)
    }

    /// The columns of a list, in order, with their example rows.
    static func columns(_ list: String, _ lang: ReportLanguage, quarter: String) -> [Column] {
        let zh = lang == .zh
        func t(_ z: String, _ e: String) -> String { zh ? z : e }
        func col(_ zhName: String, _ enName: String, _ required: Bool, _ aboutZh: String, _ aboutEn: String, _ rows: [Value]) -> Column {
            Column(header: t(zhName, enName), required: required, about: t(aboutZh, aboutEn), rows: rows)
        }
        switch list {
        case "communities":
            return [
                col("编号", "id", true, "社区编号，其他名单用它指这个社区", "the community's id, which the other lists use", [.text("C01")]),
                col("名称", "name", true, "社区名称", "the community's name", [.text(t("示例社区", "Example community"))]),
                col("街道", "street", false, "所属街道", "the street office it belongs to", [.text(t("示例街道", "Example street"))]),
                col("纬度", "lat", true, "社区位置的纬度（度）", "latitude of the community (degrees)", [.number(23.13)]),
                col("经度", "lon", true, "社区位置的经度（度）", "longitude of the community (degrees)", [.number(113.26)]),
            ]
        case "needs":
            var urgency = col("紧急程度", "urgency", true, "1 到 5，5 最急；权重 = 户数 × 紧急程度", "1 to 5, 5 the most urgent; weight = households × urgency", [.number(4), .number(3)])
            urgency.choices = ["1", "2", "3", "4", "5"]
            urgency.choicesMessage = t("紧急程度应为 1 到 5 的整数", "urgency is a whole number 1 to 5")
            return [
                col("编号", "id", true, "需求编号", "the need's id", [.text("N01"), .text("N02")]),
                col("社区", "community", true, "所在社区的编号", "id of its community", [.text("C01"), .text("C01")]),
                col("类别", "category", true, "服务类别，与单位的服务类别、项目的类别对应", "service category, matched with units' and projects' categories",
                    [.text(t("助老", "elder-meals")), .text(t("环境", "cleanup"))]),
                col("标题", "title", false, "一句话说明需求", "the need in a few words",
                    [.text(t("独居老人助餐", "Meals for elders living alone")), .text(t("楼道清理", "Stairwell cleaning"))]),
                col("户数", "households", true, "受益户数（1 或以上）", "households that benefit (1 or more)", [.number(20), .number(30)]),
                urgency,
            ]
        case "units":
            return [
                col("编号", "id", true, "单位编号", "the unit's id", [.text("U01")]),
                col("名称", "name", true, "单位名称", "the unit's name", [.text(t("示例单位", "Example unit"))]),
                col("类型", "kind", false, "单位类型（机关、学校、企业……）", "kind of unit (agency, school, company …)", [.text(t("机关", "agency"))]),
                col("纬度", "lat", true, "单位位置的纬度", "latitude of the unit", [.number(23.131)]),
                col("经度", "lon", true, "单位位置的经度", "longitude of the unit", [.number(113.261)]),
                col("服务类别", "categories", true, "能牵头的服务类别，用；分隔", "categories it can lead, separated by ;", [.text(t("助老；环境", "elder-meals;cleanup"))]),
                col("资金", "funds", false, "本季度可出的资金（元），空为 0", "yuan it can give this quarter; empty for 0", [.number(2000)]),
                col("最少项目", "min_projects", false, "至少牵头几个项目，空为 1", "fewest projects it should lead; empty for 1", [.number(1)]),
                col("最多项目", "max_projects", false, "最多牵头几个项目，空为 2", "most projects it may lead; empty for 2", [.number(2)]),
                col("结对社区", "paired_communities", false, "结对社区的编号，用；分隔", "ids of its paired communities, separated by ;", [.text("C01")]),
                col("电话", "phone", false, "联系电话，写在派单页上", "phone number, shown on the dispatch pages", [.text("020-12345678")]),
                col("联系人", "contact", false, "单位联系人，写在派单页上", "contact person, shown on the dispatch pages", [.text(t("王老师", "Ms Wang"))]),
            ]
        case "projects":
            var slot = col("时段", "slot", true, "上午、下午或晚上", "am, pm or eve", [.text(t("上午", "am")), .text(t("下午", "pm"))])
            slot.choices = zh ? ["上午", "下午", "晚上"] : ["am", "pm", "eve"]
            slot.choicesMessage = t("时段应为 上午、下午 或 晚上", "slot is am, pm or eve")
            var skills = col("技能", "skills", false, "需要的技能和人数，如 急救:1，用；分隔", "skills needed and how many, such as first-aid:1, separated by ;", [.empty, .empty])
            skills.guideExample = .text(t("急救:1", "first-aid:1"))
            return [
                col("编号", "id", true, "项目编号", "the project's id", [.text("P01"), .text("P02")]),
                col("标题", "title", false, "项目名称", "the project's title", [.text(t("长者饭堂送餐", "Meal delivery")), .text(t("楼道大扫除", "Stairwell clean-up"))]),
                col("社区", "community", true, "在哪个社区开展（社区编号）", "id of the community it runs in", [.text("C01"), .text("C01")]),
                col("类别", "category", true, "服务类别", "service category", [.text(t("助老", "elder-meals")), .text(t("环境", "cleanup"))]),
                col("需求", "needs", true, "满足哪些需求（需求编号，用；分隔）", "ids of the needs it meets, separated by ;", [.text("N01"), .text("N02")]),
                col("场次", "sessions", true, "本季度开展几场", "sessions this quarter", [.number(2), .number(1)]),
                col("日期", "dates", true, "可选日期：日期、逢六、每月6,16,26日 或 每周六,日；前加 ！ 排除",
                    "candidate dates: a date, monthday:6,16,26 or weekday:sat,sun; ! before one excludes it",
                    [.text(t("逢六", "monthday:6,16,26")), .date(firstSaturday(quarter))]),
                slot,
                col("最少人数", "min_volunteers", true, "每场至少几名党员", "fewest members per session", [.number(1), .number(1)]),
                col("最多人数", "max_volunteers", true, "每场最多几名党员", "most members per session", [.number(3), .number(2)]),
                col("时长", "hours", false, "每场小时数，空为 2", "hours per session; empty for 2", [.number(2), .number(2)]),
                col("费用", "cost", false, "项目总费用（元），空为 0", "total cost in yuan; empty for 0", [.number(500), .number(0)]),
                skills,
                col("地点", "place", false, "集合地点，写在通知上", "meeting place, shown on the notices", [.text(t("社区党群服务中心", "Community service centre")), .empty]),
                col("最少间隔天数", "min_gap_days", false, "两场之间至少隔几天，空为方案的默认值", "fewest days between two sessions; empty for the scenario's default",
                    [.number(7), .empty]),
            ]
        default:
            var lat = col("纬度", "lat", false, "住址的纬度；经纬度都空时按所在社区的位置计算", "latitude of their home; with lat and lon both empty the member stands at their community",
                          [.number(23.1301), .empty])
            lat.guideExample = .number(23.1301)
            return [
                col("编号", "id", true, "党员编号", "the member's id", [.text("M01"), .text("M02")]),
                col("姓名", "name", false, "姓名，写在通知上", "name, shown on the notices", [.text(t("张三", "Zhang San")), .text(t("李四", "Li Si"))]),
                col("单位", "unit", true, "所在单位的编号", "id of their unit", [.text("U01"), .text("U01")]),
                col("社区", "community", true, "报到社区的编号", "id of the community they report to", [.text("C01"), .text("C01")]),
                lat,
                col("经度", "lon", false, "住址的经度；可与纬度一起留空", "longitude of their home; may be left empty together with lat", [.number(113.2601), .empty]),
                col("技能", "skills", false, "技能，用；分隔", "skills, separated by ;", [.text(t("急救", "first-aid")), .empty]),
                col("可服务时间", "availability", true, "周末、工作日晚上、每天上午、周六下午……；前加 ！ 排除",
                    "weekend, weekday-eve, any-am, sat-pm …; ! before one excludes it",
                    [.text(t("周末；工作日晚上", "weekend;weekday-eve")), .text(t("每天上午", "any-am"))]),
                col("最多场次", "max_sessions", false, "本季度最多参加几场，空为方案的默认值", "most sessions this quarter; empty for the scenario's default", [.empty, .number(3)]),
                col("最少场次", "min_sessions", false, "希望至少参加几场（参与目标），空为方案的默认值", "sessions they should serve at least (participation target); empty for the scenario's default",
                    [.number(1), .empty]),
                col("电话", "phone", false, "联系电话，写在排班表上", "phone number, shown on the roster", [.text("138-0013-8000"), .empty]),
            ]
        }
    }

    static func sheetName(_ list: String, _ lang: ReportLanguage) -> String {
        guard lang == .zh else { return list }
        return ["communities": "社区", "needs": "需求", "units": "单位", "projects": "项目", "members": "党员"][list] ?? list
    }

    /// Columns wide enough for the header and the examples (a Chinese character counts two).
    static func width(_ texts: [String]) -> Double {
        let w = texts.map { $0.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }.max() ?? 0
        return Double(min(max(w + 2, 8), 48))
    }

    /// The guide sheet: one line per column of every list.
    static func guide(_ lang: ReportLanguage, quarter: String) -> WorkbookSheet {
        let zh = lang == .zh
        var rows: [[WorkbookCell]] = []
        for l in lists {
            for c in columns(l, lang, quarter: quarter) {
                rows.append([.text(sheetName(l, lang)), .text(c.header), .text(c.required ? (zh ? "必填" : "required") : (zh ? "可空" : "optional")),
                             .text(c.about), c.example.cell])
            }
        }
        let header = zh ? ["名单", "列", "必填", "说明", "示例"] : ["list", "column", "required", "what it holds", "example"]
        return WorkbookSheet(name: guideSheetName(lang), header: header, widths: [10, 14, 10, 60, 20], rows: rows)
    }

    /// One list as a sheet.
    static func sheet(_ list: String, _ lang: ReportLanguage, quarter: String) -> WorkbookSheet {
        let cols = columns(list, lang, quarter: quarter)
        let count = cols.map(\.rows.count).max() ?? 0
        return WorkbookSheet(name: sheetName(list, lang), header: cols.map(\.header),
                             widths: cols.map { c in width([c.header] + c.rows.map(\.csv)) },
                             rows: (0..<count).map { r in cols.map { r < $0.rows.count ? $0.rows[r].cell : .empty } },
                             validations: cols.enumerated().filter { !$0.element.choices.isEmpty }
                                .map { WorkbookValidation(column: $0.offset, values: $0.element.choices, message: $0.element.choicesMessage) })
    }

    /// The files to write, by name, in writing order. `quarter` such as `2027Q1`.
    public static func files(quarter: String, lang: ReportLanguage, workbook: Bool) throws -> [(name: String, bytes: [UInt8])] {
        let book = lang == .zh ? "名单.xlsx" : "lists.xlsx"
        var out: [(String, [UInt8])] = []
        var data: [String: String] = [:]
        if workbook {
            let sheets = [guide(lang, quarter: quarter)] + lists.map { sheet($0, lang, quarter: quarter) }
            out.append((book, [UInt8](try WorkbookWriter.data(sheets))))
            for l in lists { data[l] = "\"\(book)#\(sheetName(l, lang))\"" }
        } else {
            for l in lists {
                let cols = columns(l, lang, quarter: quarter)
                let count = cols.map(\.rows.count).max() ?? 0
                var text = csvLine(cols.map(\.header))
                for r in 0..<count { text += csvLine(cols.map { r < $0.rows.count ? $0.rows[r].csv : "" }) }
                out.append((l + ".csv", Array(text.utf8)))
                data[l] = l + ".csv"
            }
        }
        return [("scenario.yaml", Array(yaml(quarter: quarter, lang: lang, data: data).utf8))] + out
    }

    static func csvLine(_ cells: [String]) -> String {
        cells.map { c in c.contains(",") || c.contains("\"") ? "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : c }
            .joined(separator: ",") + "\n"
    }

    static func yaml(quarter: String, lang: ReportLanguage, data: [String: String]) -> String {
        let zh = lang == .zh
        var s = zh
            ? "# 共建项目方案：把五张名单填进表格（保留标题行，删去或改写示例行；工作簿的“说明”表逐列解释），然后运行\n#   match validate scenario.yaml   检查名单\n#   match solve scenario.yaml      生成方案\n"
            : "# A quarter's co-building plan: fill in the five lists (keep the header row, replace the example rows; a workbook's Guide sheet explains every column), then run\n#   match validate scenario.yaml   to check them\n#   match solve scenario.yaml      to plan\n"
        s += "name: \"\(zh ? "示例街道 共建项目" : "Example street co-building") \(quarter)\"\n"
        s += zh ? "# 季度（如 2027Q1），或用 start: 与 end: 写起止日期\n" : "# The quarter (such as 2027Q1), or start: and end: dates\n"
        s += "quarter: \(quarter)\n"
        s += zh ? "# 五张名单的位置（相对本文件）；工作簿写成 名单.xlsx#工作表\n" : "# Where the five lists are (relative to this file); a workbook sheet is lists.xlsx#Sheet\n"
        s += "data:\n"
        let comments = zh
            ? ["communities": "社区：编号、名称、经纬度", "needs": "居民需求：所在社区、类别、户数、紧急程度 1..5",
               "units": "报到单位：服务类别、资金、结对社区", "projects": "候选项目：满足哪些需求、场次、日期规则、时段、人数",
               "members": "在职党员：单位、社区、可服务时间（经纬度可空，按社区位置计算）"]
            : ["communities": "communities: id, name, position", "needs": "resident needs: community, category, households, urgency 1..5",
               "units": "units: categories offered, funds, paired communities", "projects": "candidate projects: needs, sessions, dates rule, slot, volunteers",
               "members": "Party members: unit, community, availability (lat/lon may be empty: their community's)"]
        for l in lists { s += "  \(l): \(data[l] ?? l + ".csv")   # \(comments[l] ?? "")\n" }
        s += zh
            ? "rules:\n  max_distance_km: 2.0          # 党员到项目地点的最远距离（公里）\n  unit_max_distance_km: 5.0     # 未结对单位牵头项目的最远距离（公里）\n  max_sessions_per_member: 4    # 每名党员本季度最多参加几次\n  street_budget: null           # 街道经费上限（元），null 为不限\n"
            : "rules:\n  max_distance_km: 2.0          # farthest a member travels to a project (km)\n  unit_max_distance_km: 5.0     # farthest an unpaired unit may lead a project (km)\n  max_sessions_per_member: 4    # most sessions per member this quarter\n  street_budget: null           # street funds cap (yuan); null for none\n"
        return s
    }
}
