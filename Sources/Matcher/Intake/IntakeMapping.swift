import Foundation
import Yams

/// The mapping file of `match intake` (docs/INTAKE.md): which survey column is the community,
/// which the household's address, which question lists the needs and the category of each of
/// its options, and how urgency is judged. Read from YAML with every problem collected; a
/// mapping with any error is refused whole (nothing is counted from half a mapping).
public struct IntakeMapping: Sendable, Equatable {
    public struct Raise: Sendable, Equatable {
        public var column: String
        public var anyOf: [String]
        public var line: Int?
    }

    public enum Combine: String, Sendable, Equatable { case mean, max }

    public var community: String
    public var address: String
    /// The submission time column; nil: 提交答卷时间 when the survey has it, else row order.
    public var submitted: String?
    public var needsColumn: String
    /// Option → category, in the file's order; a nil category is an option deliberately ignored (其他, 没有).
    public var options: [(option: String, category: String?)]
    /// Category → title in words, when the mapping lists its categories.
    public var categories: [(category: String, title: String)]?
    public var urgencyColumn: String?
    /// Answer → urgency 1..5, in the file's order; empty: the cell is the number itself.
    public var urgencyValues: [(answer: String, value: Int)]
    /// The urgency of a household whose urgency answer is empty; nil: such an answer is skipped.
    public var urgencyDefault: Int?
    public var raise: [Raise]
    public var combine: Combine
    /// Lines of the keys in the file, by key path (`needs.column`), for messages about them.
    public var lines: [String: Int]

    public static func == (a: IntakeMapping, b: IntakeMapping) -> Bool {
        a.community == b.community && a.address == b.address && a.submitted == b.submitted && a.needsColumn == b.needsColumn
            && a.options.map(\.option) == b.options.map(\.option) && a.options.map(\.category) == b.options.map(\.category)
            && a.categories?.map(\.category) == b.categories?.map(\.category) && a.categories?.map(\.title) == b.categories?.map(\.title)
            && a.urgencyColumn == b.urgencyColumn && a.urgencyValues.map(\.answer) == b.urgencyValues.map(\.answer)
            && a.urgencyValues.map(\.value) == b.urgencyValues.map(\.value) && a.urgencyDefault == b.urgencyDefault
            && a.raise == b.raise && a.combine == b.combine
    }

    static let topKeys = ["community", "address", "submitted", "needs", "categories", "urgency"]
    static let needsKeys = ["column", "options"]
    static let urgencyKeys = ["column", "values", "default", "raise", "combine"]
    static let raiseKeys = ["column", "any_of"]

    /// The category an option maps to: `.some(nil)` for an ignored option, nil for one outside the mapping.
    func category(of option: String) -> String?? {
        if let e = options.first(where: { $0.option == option }) { return .some(e.category) }
        let loose = Intake.loose(option)
        if let e = options.first(where: { Intake.loose($0.option) == loose }) { return .some(e.category) }
        return nil
    }

    /// Parses the mapping's text; errors name `file`, the line and the key. nil when any error was found.
    public static func parse(_ source: String, file: String) -> (mapping: IntakeMapping?, diagnostics: [Diagnostic]) {
        let lang = ReportLanguage.of(source)
        var diags: [Diagnostic] = []
        func err(_ node: Node?, _ key: String?, zh: String, en: String) {
            diags.append(.error(file: file, line: node?.mark?.line, column: key, lang.pick(zh: zh, en: en)))
        }
        if let p = YAMLGuard.problem(Array(source.utf8)) {
            return (nil, [.error(file: file, line: p.line, p.message)])
        }
        let root: Node?
        do { root = try Yams.compose(yaml: source) } catch let e as YamlError {
            switch e {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                return (nil, [.error(file: file, line: mark.line, lang.pick(zh: "不是有效的 YAML：\(problem)", en: "not valid YAML: \(problem)"))])
            default:
                return (nil, [.error(file: file, lang.pick(zh: "不是有效的 YAML：\(e)", en: "not valid YAML: \(e)"))])
            }
        } catch {
            return (nil, [.error(file: file, lang.pick(zh: "不是有效的 YAML：\(error)", en: "not valid YAML: \(error)"))])
        }
        guard let root, let top = root.mapping else {
            return (nil, [.error(file: file, line: root?.mark?.line, lang.pick(zh: "应为映射，键有：", en: "expected a mapping with keys: ") + topKeys.joined(separator: ", "))])
        }
        var lines: [String: Int] = [:]
        func checkKeys(_ m: Node.Mapping, _ known: [String], _ path: String) {
            var seen = Set<String>()
            for (k, _) in m {
                let key = scalar(k) ?? "?"
                lines[path + key] = k.mark?.line
                if !known.contains(key) {
                    let dym = ChineseValues.suggestion(key, among: known)
                    err(k, path + key, zh: "未知的键“\(key)”" + (dym.map { "（是否要写“\($0)”？）" } ?? "") + "；此处可用的键：" + known.joined(separator: ", "),
                        en: "unknown key '\(key)'" + (dym.map { " (did you mean '\($0)'?)" } ?? "") + "; known keys here: " + known.joined(separator: ", "))
                } else if !seen.insert(key).inserted {
                    err(k, path + key, zh: "“\(key)”写了两次", en: "'\(key)' is given twice")
                }
            }
        }
        checkKeys(top, topKeys, "")
        func text(_ m: Node.Mapping, _ key: String, _ path: String, required: Bool, owner: Node) -> String? {
            guard let n = m[key] else {
                if required { err(owner, path + key, zh: "缺少；应写问卷中的列名", en: "missing; expected a column name of the survey") }
                return nil
            }
            guard let s = scalar(n), !s.isEmpty else {
                err(n, path + key, zh: "应为非空的列名", en: "expected a non-empty column name")
                return nil
            }
            return s
        }
        let community = text(top, "community", "", required: true, owner: root)
        let address = text(top, "address", "", required: true, owner: root)
        let submitted = text(top, "submitted", "", required: false, owner: root)

        // needs
        var needsColumn: String?
        var options: [(String, String?)] = []
        if let n = top["needs"] {
            if let m = n.mapping {
                checkKeys(m, needsKeys, "needs.")
                needsColumn = text(m, "column", "needs.", required: true, owner: n)
                if let o = m["options"] {
                    if let om = o.mapping, !om.isEmpty {
                        for (k, v) in om {
                            let option = scalar(k) ?? ""
                            if option.isEmpty { err(k, "needs.options", zh: "选项不能为空", en: "an option cannot be empty"); continue }
                            if options.contains(where: { $0.0 == option }) {
                                err(k, "needs.options", zh: "选项“\(option)”写了两次", en: "option '\(option)' is given twice"); continue
                            }
                            if isNull(v) { options.append((option, nil)); continue }
                            guard let c = scalar(v), !c.isEmpty else {
                                err(v, "needs.options", zh: "选项“\(option)”的类别应为文字（不计入的选项写 ~）", en: "the category of option '\(option)' should be a word (~ for an option not counted)")
                                continue
                            }
                            if c.contains(";") || c.contains("；") {
                                err(v, "needs.options", zh: "类别“\(c)”不能含分号", en: "category '\(c)' cannot hold a semicolon"); continue
                            }
                            options.append((option, c))
                        }
                    } else {
                        err(o, "needs.options", zh: "应为 选项: 类别 的映射，如 { 停车难: parking }", en: "expected a mapping of option: category, such as { 停车难: parking }")
                    }
                } else {
                    err(n, "needs.options", zh: "缺少；应写每个选项对应的类别", en: "missing; expected the category of each option")
                }
            } else {
                err(n, "needs", zh: "应为 { column: 列名, options: { 选项: 类别 } }", en: "expected { column: NAME, options: { OPTION: CATEGORY } }")
            }
        } else {
            err(root, "needs", zh: "缺少；应写列出需求的问题及各选项的类别", en: "missing; expected the question listing the needs and each option's category")
        }

        // categories (optional): category → title; every category used, and every one listed used.
        var categories: [(String, String)]?
        if let n = top["categories"] {
            if let m = n.mapping {
                var list: [(String, String)] = []
                for (k, v) in m {
                    let c = scalar(k) ?? ""
                    let title = scalar(v) ?? ""
                    if c.isEmpty { err(k, "categories", zh: "类别不能为空", en: "a category cannot be empty"); continue }
                    if list.contains(where: { $0.0.lowercased() == c.lowercased() }) {
                        err(k, "categories", zh: "类别“\(c)”写了两次", en: "category '\(c)' is given twice"); continue
                    }
                    list.append((c, title.isEmpty ? c : title))
                }
                categories = list
                let known = list.map(\.0)
                for (k, v) in m {
                    let c = scalar(k) ?? ""
                    if !c.isEmpty, !options.contains(where: { $0.1?.lowercased() == c.lowercased() }) {
                        err(k, "categories", zh: "没有任何选项归入类别“\(c)”", en: "no option maps to category '\(c)'")
                    }
                    _ = v
                }
                if let om = top["needs"]?.mapping?["options"]?.mapping {
                    for (k, v) in om {
                        guard let c = scalar(v), !c.isEmpty, !known.contains(where: { $0.lowercased() == c.lowercased() }) else { continue }
                        let dym = ChineseValues.suggestion(c, among: known)
                        err(v, "needs.options", zh: "选项“\(scalar(k) ?? "")”的类别“\(c)”不在 categories 中" + (dym.map { "（是否要写“\($0)”？）" } ?? ""),
                            en: "option '\(scalar(k) ?? "")': category '\(c)' is not among categories" + (dym.map { " (did you mean '\($0)'?)" } ?? ""))
                    }
                }
            } else {
                err(n, "categories", zh: "应为 类别: 标题 的映射，如 { parking: 停车难 }", en: "expected a mapping of category: title, such as { parking: parking problems }")
            }
        }

        // urgency
        var urgencyColumn: String?
        var values: [(String, Int)] = []
        var urgencyDefault: Int?
        var raise: [Raise] = []
        var combine = Combine.mean
        func level(_ n: Node, _ key: String) -> Int? {
            guard let s = scalar(n), let v = Int(s), (1...5).contains(v) else {
                err(n, key, zh: "“\(scalar(n) ?? "")”不是 1..5 的整数", en: "'\(scalar(n) ?? "")' is not an integer in 1..5")
                return nil
            }
            return v
        }
        if let n = top["urgency"] {
            if let m = n.mapping {
                checkKeys(m, urgencyKeys, "urgency.")
                urgencyColumn = text(m, "column", "urgency.", required: false, owner: n)
                if let v = m["values"] {
                    if let vm = v.mapping, !vm.isEmpty {
                        for (k, x) in vm {
                            let answer = scalar(k) ?? ""
                            if answer.isEmpty { err(k, "urgency.values", zh: "答案不能为空", en: "an answer cannot be empty"); continue }
                            if let l = level(x, "urgency.values") { values.append((answer, l)) }
                        }
                    } else {
                        err(v, "urgency.values", zh: "应为 答案: 紧急程度 的映射，如 { 非常急: 4 }", en: "expected a mapping of answer: urgency, such as { very urgent: 4 }")
                    }
                    if urgencyColumn == nil { err(v, "urgency.column", zh: "写了 values 就要写 column", en: "values need a column") }
                }
                if let d = m["default"] { urgencyDefault = level(d, "urgency.default") }
                if urgencyColumn == nil && urgencyDefault == nil {
                    err(n, "urgency", zh: "应写 column（问紧急程度的列）或 default（统一的紧急程度）", en: "expected column (the question on urgency) or default (one urgency for all)")
                }
                if let r = m["raise"] {
                    if let items = r.sequence {
                        for item in items {
                            guard let im = item.mapping else {
                                err(item, "urgency.raise", zh: "应为 { column: 列名, any_of: [选项, …] }", en: "expected { column: NAME, any_of: [OPTION, …] }"); continue
                            }
                            checkKeys(im, raiseKeys, "urgency.raise.")
                            let col = text(im, "column", "urgency.raise.", required: true, owner: item)
                            var any: [String] = []
                            if let a = im["any_of"] {
                                if let seq = a.sequence { any = seq.compactMap(scalar).filter { !$0.isEmpty } }
                                else if let s = scalar(a), !s.isEmpty { any = [s] }
                                if any.isEmpty { err(a, "urgency.raise.any_of", zh: "应为选项列表，如 [独居, 残疾人]", en: "expected a list of options, such as [lives alone, disabled]") }
                            } else {
                                err(item, "urgency.raise.any_of", zh: "缺少；应写哪些选项加 1", en: "missing; expected the options that raise urgency by 1")
                            }
                            if let col, !any.isEmpty { raise.append(Raise(column: col, anyOf: any, line: item.mark?.line)) }
                        }
                    } else {
                        err(r, "urgency.raise", zh: "应为列表：- { column: 列名, any_of: [选项, …] }", en: "expected a list: - { column: NAME, any_of: [OPTION, …] }")
                    }
                }
                if let c = m["combine"] {
                    if let s = scalar(c), let v = Combine(rawValue: s) { combine = v } else {
                        err(c, "urgency.combine", zh: "“\(scalar(c) ?? "")”不是 mean（平均，四舍五入）或 max（最高）", en: "'\(scalar(c) ?? "")' is not mean or max")
                    }
                }
            } else {
                err(n, "urgency", zh: "应为 { column: 列名, values: { 答案: 1..5 } }", en: "expected { column: NAME, values: { ANSWER: 1..5 } }")
            }
        } else {
            err(root, "urgency", zh: "缺少；应写如何判断紧急程度（column 与 values，或 default）", en: "missing; expected how urgency is judged (column and values, or default)")
        }

        guard diags.isEmpty, let community, let address, let needsColumn else { return (nil, diags) }
        return (IntakeMapping(community: community, address: address, submitted: submitted, needsColumn: needsColumn,
                              options: options, categories: categories, urgencyColumn: urgencyColumn, urgencyValues: values,
                              urgencyDefault: urgencyDefault, raise: raise, combine: combine, lines: lines), [])
    }

    static func scalar(_ n: Node) -> String? {
        guard case let .scalar(s) = n, !isNull(n) else { return nil }
        return s.string.trimmingCharacters(in: .whitespaces)
    }

    static func isNull(_ n: Node) -> Bool {
        guard case let .scalar(s) = n else { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// The commented mapping `match intake --template` writes: a 问卷星 questionnaire's columns.
    public static func template(_ lang: ReportLanguage) -> String {
        if lang == .zh {
            return """
            # match intake 的映射文件：问卷的哪一列是什么（列名照抄问卷导出表的标题行）。
            # 用法：match intake 问卷.xlsx --map intake.yaml --communities communities.csv --out needs.csv

            # 所在社区（单选）：答案按社区编号或名称对应 communities.csv
            community: "1、您所在的社区"
            # 住址：同一社区内住址相同（忽略空格与全角半角）算同一户，一户只算一次，以后提交的答卷为准
            address: "2、您的住址（小区、楼栋、门牌）"
            # 提交时间（可省略：问卷星导出有“提交答卷时间”列时自动使用，否则按行序，后面的行为准）
            # submitted: "提交答卷时间"

            # 列出需求的问题（多选）：每个选项归入一个类别（与 units.csv 的服务类别一致）；
            # 不计入的选项写 ~（如“其他”“没有问题”）。多选答案可以是一格内用 ┋ 分隔，
            # 也可以是每个选项一列“3、问题(选项)”、填 1/0。
            needs:
              column: "3、您家最希望解决的问题（多选）"
              options:
                停车难: parking
                下水道堵塞: drainage
                楼道照明: lighting
                其他: ~

            # 可省略：类别及其标题（写了就要求每个类别都有选项归入，每个选项的类别都在其中）
            categories:
              parking: 停车难
              drainage: 下水道堵塞
              lighting: 楼道照明

            urgency:
              # 问紧急程度的列（单选）及各答案对应的紧急程度 1..5
              column: "5、问题有多急"
              values: { 非常急: 4, 比较急: 3, 不急: 1 }
              # 可省略：未回答紧急程度时按此值（不写则跳过该答卷）
              # default: 3
              # 每满足一条加 1，最高 5
              raise:
                - { column: "4、家中是否有以下情况（多选）", any_of: [70岁以上老人, 独居, 残疾人] }
              # 一个需求的紧急程度：mean（各户平均，四舍五入）或 max（最高）
              combine: mean

            """
        }
        return """
        # The mapping of `match intake`: what each survey column is (names exactly as in the export's header row).
        # Usage: match intake survey.xlsx --map intake.yaml --communities communities.csv --out needs.csv

        # The community (single choice): matched to communities.csv by id or name
        community: "1. Your community"
        # The address: one household per distinct address in a community (spaces and full-width forms ignored);
        # a household that answered twice counts once, its later answer wins
        address: "2. Your address (estate / building / flat)"
        # The submission time (optional: 提交答卷时间 when the export has it, else row order, the later row wins)
        # submitted: "Submitted"

        # The question listing the needs (multiple choice): each option's category (as in units.csv);
        # ~ for an option not counted ("other", "none"). Answers may be joined by ┋ in one cell, or one
        # column per option "3. question(option)" holding 1/0.
        needs:
          column: "3. What should be fixed first (multiple)"
          options:
            parking: parking
            blocked drains: drainage
            stair lights: lighting
            other: ~

        # Optional: the categories and their titles (then every category needs an option, every option a listed category)
        categories:
          parking: parking problems
          drainage: blocked drains
          lighting: stairwell lighting

        urgency:
          # The question on urgency (single choice) and the urgency 1..5 of each answer
          column: "5. How urgent is it"
          values: { very urgent: 4, quite urgent: 3, not urgent: 1 }
          # Optional: the urgency of an empty answer (without it such an answer is skipped)
          # default: 3
          # +1 for each rule a household meets, at most 5
          raise:
            - { column: "4. Does your household have (multiple)", any_of: [over 70, lives alone, disabled] }
          # A need's urgency: mean (of its households, rounded half up) or max
          combine: mean

        """
    }
}
