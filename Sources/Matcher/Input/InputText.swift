import Workbook

/// The input reader's messages that depend on the language of the data (zh when the cell is
/// Chinese), and the file-level ones about workbooks, which name both languages because no data
/// could be read. Kept in one place beside ReportLanguage (the report's table).
extension ReportLanguage {
    /// zh when the text holds Chinese.
    static func of(_ text: some StringProtocol) -> ReportLanguage { ChineseValues.hasCJK(text) ? .zh : .en }

    /// zh when the bytes (UTF-8) hold Chinese.
    static func of(_ bytes: ArraySlice<UInt8>) -> ReportLanguage { of(String(decoding: bytes, as: UTF8.self)) }
}

typealias InputLanguage = ReportLanguage

enum InputText {
    private static func dym(_ s: String?, _ lang: ReportLanguage) -> String {
        guard let s else { return "" }
        return lang.pick(zh: "（是否要写“\(s)”？）", en: " (did you mean '\(s)'?)")
    }

    // MARK: files

    static let saveAs = "save it from Excel or WPS as .xlsx (Excel Workbook) or as CSV UTF-8 / 请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）或 CSV UTF-8"

    static var notWorkbook: String { "named like an Excel workbook but is not one (not a zip archive); " + saveAs }

    static var legacyWorkbook: String {
        "an old Excel 97–2003 workbook (.xls) or a password-protected workbook, which cannot be read; remove any password and "
            + saveAs + "（旧版 .xls 或加密的工作簿无法读取）"
    }

    static func workbookError(_ e: WorkbookError) -> String {
        switch e {
        case let .notZip(sig):
            sig == .ole2 ? legacyWorkbook : notWorkbook
        case let .notWorkbook(missing):
            "a zip archive but not an Excel workbook (it has no \(missing)); " + saveAs
        case let .damaged(part, reason):
            "the workbook is damaged (\(part): \(reason)); open it in Excel or WPS and save it again as .xlsx / 工作簿已损坏，请重新保存"
        case let .declarations(part):
            "the workbook holds a DOCTYPE or entity declarations (\(part)), which Excel and WPS never write; it is refused unread. Open it in Excel or WPS and save it again as .xlsx / 工作簿含有 DOCTYPE 或实体声明（Excel、WPS 从不写入），已拒绝读取，请重新保存"
        case .noSheets:
            "the workbook has no worksheet / 工作簿中没有工作表"
        case let .noSuchSheet(name, available):
            "no worksheet '\(name)'" + dym(ChineseValues.suggestion(name, among: available), .en)
                + "; the workbook has: " + available.map { "'\($0)'" }.joined(separator: ", ") + " / 没有名为“\(name)”的工作表"
        }
    }

    /// `A2:A5` for a merged range.
    static func reference(_ m: MergedRange) -> String {
        WorkbookWriter.columnName(m.firstColumn) + "\(m.firstRow):" + WorkbookWriter.columnName(m.lastColumn) + "\(m.lastRow)"
    }

    static func mergedCells(_ m: MergedRange, _ lang: ReportLanguage) -> String {
        let ref = reference(m), below = m.firstRow + 1 == m.lastRow ? "\(m.lastRow)" : "\(m.firstRow + 1)–\(m.lastRow)"
        return lang.pick(zh: "单元格 \(ref) 是合并单元格：只有第一格有值，第 \(below) 行读作空；请取消合并并在每一行填写",
                         en: "cells \(ref) are merged: only the first holds the value, so rows \(below) read as empty; unmerge them and fill every row")
    }

    static func hiddenFirstSheet(_ sheet: String, file: String, _ lang: ReportLanguage) -> String {
        lang.pick(zh: "第一个工作表“\(sheet)”是隐藏的，仍按它读取；如要读取别的表，请写成 \(file)#表名",
                  en: "the first worksheet '\(sheet)' is hidden and was read; to read another, name it as \(file)#Sheet")
    }

    static func separatorNote(_ s: FieldSeparator, _ lang: ReportLanguage) -> String {
        switch s {
        case .tab: lang.pick(zh: "各列以制表符分隔（不是逗号），已按制表符读取", en: "columns are separated by tabs, not commas; read as tab-separated")
        case .semicolon: lang.pick(zh: "各列以分号分隔（不是逗号），已按分号读取", en: "columns are separated by semicolons, not commas; read as semicolon-separated")
        case .comma: ""
        }
    }

    // MARK: values

    static func noSuchDate(_ raw: some StringProtocol) -> String {
        ReportLanguage.of(raw).pick(zh: "“\(raw)”不是有效的日期", en: "'\(raw)' is not a real date")
    }

    static func badAvailabilityZh(_ raw: some StringProtocol, suggestion: String?) -> String {
        "“\(raw)”不是可服务时间；应为 周一…周日、工作日、周末、每天 或日期（如 2027年1月16日），可加 上午、下午 或 晚上（如 周六上午、周六-下午），前加 ！ 表示排除" + dym(suggestion, .zh)
    }

    static func badAvailabilityEn(_ raw: some StringProtocol, suggestion: String?) -> String {
        "'\(raw)' is not an availability token; expected mon..sun, weekday, weekend, any or an ISO date, optionally with -am, -pm or -eve, or ! before it to exclude"
            + dym(suggestion, .en)
    }

    static func badDateRuleZh(_ raw: some StringProtocol, suggestion: String?) -> String {
        "“\(raw)”不是日期规则；应为 日期（2027年1月16日、1月16日、2027/1/16）、逢六、每月6,16,26日 或 每周六,日，前加 ！ 表示排除" + dym(suggestion, .zh)
    }

    static func badMonthDay(_ raw: some StringProtocol, _ part: String) -> String {
        part.isEmpty ? "“\(raw)”没有写日子（如 每月6,16,26日）" : "“\(raw)”：“\(part)”不是每月的日子（1..31）"
    }

    static func badWeekday(_ raw: some StringProtocol, _ part: String) -> String {
        part.isEmpty ? "“\(raw)”没有写星期几（如 每周六,日）" : "“\(raw)”：“\(part)”不是星期几（一、二、三、四、五、六、日）"
    }

    static func badSlot(_ s: String, chinese: Bool) -> String {
        let options = Slot.allCases.map(\.name) + ChineseValues.slots.map(\.zh)
        let lang: ReportLanguage = chinese || ChineseValues.hasCJK(s) ? .zh : .en
        return lang.pick(zh: "“\(s)”不是时段；应为 上午、下午 或 晚上（或 am、pm、eve）", en: "unknown slot '\(s)'; expected am, pm or eve")
            + dym(ChineseValues.suggestion(s, among: options), lang)
    }

    /// A member's lat without lon or lon without lat (contract v3: both or neither).
    static func halfCoordinate(filled: String, value: String, empty: String, chinese: Bool) -> String {
        (chinese ? ReportLanguage.zh : .en).pick(
            zh: "\(filled)填了“\(value)”，\(empty)却是空的；请两项都填，或都留空（按所在社区位置计算）",
            en: "\(filled) is '\(value)' but \(empty) is empty; fill in both, or leave both empty to place the member at their community")
    }

    static func skillNoCount(_ item: some StringProtocol) -> String {
        ReportLanguage.of(item).pick(zh: "“\(item)”没有人数；应为 技能:人数，如 水电工:1", en: "'\(item)' has no count; expected tag:count such as medical:1")
    }

    // MARK: headers

    /// Required columns not in the header, with the header found and, for a header cell that is
    /// no known column but close to a missing one, a did-you-mean. Chinese when the header is.
    static func missingColumns(_ missing: [String], header: [String]) -> String {
        let zh = header.contains { ChineseValues.hasCJK($0) }
        let known = Set(CSVTable.aliases.values)
        let unknown = header.filter { !$0.isEmpty && !known.contains(CSVTable.canonical($0)) }
        func names(_ column: String) -> [String] { [column] + CSVTable.aliases.filter { $0.value == column }.map(\.key).sorted() }
        var hints: [(found: String, meant: String)] = []
        for m in missing {
            let candidates = names(m).filter { zh ? ChineseValues.hasCJK($0) : !ChineseValues.hasCJK($0) }
            for h in unknown {
                if let s = ChineseValues.suggestion(h, among: candidates) { hints.append((h, s)); break }
            }
        }
        if zh {
            let list = missing.map { m in (names(m).dropFirst().first.map { "\($0)（\(m)）" }) ?? m }.joined(separator: "、")
            return "缺少必填列：\(list)；标题行是：\(header.joined(separator: ", "))"
                + hints.map { "（“\($0.found)”是否应为“\($0.meant)”？）" }.joined()
        }
        return "missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the header has: \(header.joined(separator: ", "))"
            + hints.map { " (did you mean '\($0.meant)' for '\($0.found)'?)" }.joined()
    }
}
