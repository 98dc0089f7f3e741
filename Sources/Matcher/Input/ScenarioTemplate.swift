import Foundation
import Workbook

/// What `match init` writes: a scenario.yaml with comments and the five lists with their header
/// and one example row each — five CSVs, or one workbook with five sheets. The example rows
/// validate as they are, so a planner can replace them row by row.
public enum ScenarioTemplate {
    public static let lists = ["communities", "needs", "units", "projects", "members"]

    /// The five lists as (header, example row), by language.
    static func table(_ list: String, _ lang: ReportLanguage) -> (header: [String], example: [String]) {
        let zh = lang == .zh
        switch list {
        case "communities":
            return (zh ? ["编号", "名称", "街道", "纬度", "经度"] : ["id", "name", "street", "lat", "lon"],
                    ["C01", zh ? "示例社区" : "Example community", zh ? "示例街道" : "Example street", "23.1300", "113.2600"])
        case "needs":
            return (zh ? ["编号", "社区", "类别", "标题", "户数", "紧急程度"] : ["id", "community", "category", "title", "households", "urgency"],
                    ["N01", "C01", zh ? "助老" : "elder-meals", zh ? "独居老人助餐" : "Meals for elders living alone", "20", "4"])
        case "units":
            return (zh ? ["编号", "名称", "类型", "纬度", "经度", "服务类别", "资金", "最少项目", "最多项目", "结对社区"]
                        : ["id", "name", "kind", "lat", "lon", "categories", "funds", "min_projects", "max_projects", "paired_communities"],
                    ["U01", zh ? "示例单位" : "Example unit", zh ? "机关" : "agency", "23.1310", "113.2610", zh ? "助老；环境" : "elder-meals;cleanup", "2000", "1", "2", "C01"])
        case "projects":
            return (zh ? ["编号", "标题", "社区", "类别", "需求", "场次", "日期", "时段", "最少人数", "最多人数", "时长", "费用", "技能"]
                        : ["id", "title", "community", "category", "needs", "sessions", "dates", "slot", "min_volunteers", "max_volunteers", "hours", "cost", "skills"],
                    ["P01", zh ? "长者饭堂送餐" : "Meal delivery", "C01", zh ? "助老" : "elder-meals", "N01", "2", zh ? "每周六、日" : "weekday:sat,sun",
                     zh ? "上午" : "am", "1", "3", "2", "500", ""])
        default:
            return (zh ? ["编号", "姓名", "单位", "社区", "纬度", "经度", "技能", "可服务时间", "最多场次"]
                        : ["id", "name", "unit", "community", "lat", "lon", "skills", "availability", "max_sessions"],
                    ["M01", zh ? "张三" : "Zhang San", "U01", "C01", "23.1301", "113.2601", "", zh ? "周末；工作日晚上" : "weekend;weekday-eve", ""])
        }
    }

    static func sheetName(_ list: String, _ lang: ReportLanguage) -> String {
        guard lang == .zh else { return list }
        return ["communities": "社区", "needs": "需求", "units": "单位", "projects": "项目", "members": "党员"][list] ?? list
    }

    /// The files to write, by name, in writing order. `quarter` such as `2027Q1`.
    public static func files(quarter: String, lang: ReportLanguage, workbook: Bool) throws -> [(name: String, bytes: [UInt8])] {
        let book = lang == .zh ? "名单.xlsx" : "lists.xlsx"
        var out: [(String, [UInt8])] = []
        var data: [String: String] = [:]
        if workbook {
            let sheets = lists.map { l in
                let t = table(l, lang)
                return MinimalXLSXWriter.Sheet(name: sheetName(l, lang), rows: [t.header, t.example])
            }
            out.append((book, [UInt8](try MinimalXLSXWriter.data(sheets))))
            for l in lists { data[l] = "\"\(book)#\(sheetName(l, lang))\"" }
        } else {
            for l in lists {
                let t = table(l, lang)
                out.append((l + ".csv", Array((csvLine(t.header) + csvLine(t.example)).utf8)))
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
            ? "# 共建项目方案：把五张名单填进表格（保留标题行，删去或改写示例行），然后运行\n#   match validate scenario.yaml   检查名单\n#   match solve scenario.yaml      生成方案\n"
            : "# A quarter's co-building plan: fill in the five lists (keep the header row, replace the example row), then run\n#   match validate scenario.yaml   to check them\n#   match solve scenario.yaml      to plan\n"
        s += "name: \"\(zh ? "示例街道 共建项目" : "Example street co-building") \(quarter)\"\n"
        s += zh ? "# 季度（如 2027Q1），或用 start: 与 end: 写起止日期\n" : "# The quarter (such as 2027Q1), or start: and end: dates\n"
        s += "quarter: \(quarter)\n"
        s += zh ? "# 五张名单的位置（相对本文件）；工作簿写成 名单.xlsx#工作表\n" : "# Where the five lists are (relative to this file); a workbook sheet is lists.xlsx#Sheet\n"
        s += "data:\n"
        let comments = zh
            ? ["communities": "社区：编号、名称、经纬度", "needs": "居民需求：所在社区、类别、户数、紧急程度 1..5",
               "units": "报到单位：服务类别、资金、结对社区", "projects": "候选项目：满足哪些需求、场次、日期规则、时段、人数",
               "members": "在职党员：单位、社区、可服务时间"]
            : ["communities": "communities: id, name, position", "needs": "resident needs: community, category, households, urgency 1..5",
               "units": "units: categories offered, funds, paired communities", "projects": "candidate projects: needs, sessions, dates rule, slot, volunteers",
               "members": "Party members: unit, community, availability"]
        for l in lists { s += "  \(l): \(data[l] ?? l + ".csv")   # \(comments[l] ?? "")\n" }
        s += zh
            ? "rules:\n  max_distance_km: 2.0          # 党员到项目地点的最远距离（公里）\n  unit_max_distance_km: 5.0     # 未结对单位牵头项目的最远距离（公里）\n  max_sessions_per_member: 4    # 每名党员本季度最多参加几次\n  street_budget: null           # 街道经费上限（元），null 为不限\n"
            : "rules:\n  max_distance_km: 2.0          # farthest a member travels to a project (km)\n  unit_max_distance_km: 5.0     # farthest an unpaired unit may lead a project (km)\n  max_sessions_per_member: 4    # most sessions per member this quarter\n  street_budget: null           # street funds cap (yuan); null for none\n"
        return s
    }
}
