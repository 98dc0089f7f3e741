import Foundation
import Workbook

/// How the survey export's columns are found and its cells read (docs/INTAKE.md): 问卷星's two
/// multi-select layouts, its submission times, and the files themselves (CSV in UTF-8 or
/// GB18030, or an .xlsx sheet) through the readers the scenario's lists use.
extension Intake {
    /// Where a question's answers are: one cell (single choice, or options joined by `┋`), or one
    /// column per option (`N、question(option)` holding 1/0).
    enum Choice: Sendable {
        case cell(Int)
        case perOption([(option: String, index: Int)])
    }

    /// Text compared loosely: full-width forms as ASCII, no whitespace, lower-cased.
    static func loose(_ s: String) -> String {
        String(ChineseValues.halfWidth(s).unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
            .lowercased()
    }

    /// The column of `name` (exactly, or loosely), or its per-option columns; nil when the survey has neither.
    static func choice(_ name: String, header: [String]) -> Choice? {
        if let i = header.firstIndex(of: name) { return .cell(i) }
        let key = loose(name)
        if let i = header.firstIndex(where: { loose($0) == key }) { return .cell(i) }
        var per: [(String, Int)] = []
        for (i, h) in header.enumerated() {
            let l = loose(h)
            guard l.count > key.count + 2, l.hasPrefix(key + "("), l.hasSuffix(")") else { continue }
            // The option as written in the header: the shortest tail before the last ")" that reads as it.
            let option = String(l.dropFirst(key.count + 1).dropLast())
            var raw = ChineseValues.halfWidth(h).trimmingCharacters(in: .whitespaces)
            if raw.hasSuffix(")") { raw.removeLast() }
            var shown = option
            for k in 1...max(1, raw.count) where loose(String(raw.suffix(k))) == option {
                shown = String(raw.suffix(k)).trimmingCharacters(in: .whitespaces); break
            }
            per.append((shown, i))
        }
        return per.isEmpty ? nil : .perOption(per)
    }

    /// The options a row chose in a multi-select question: `┋`-joined (also `|`), 问卷星's
    /// free-text suffix `〖…〗` dropped; in the per-option layout the columns holding 1.
    static func chosen(_ c: Choice, _ row: [String]) -> [String] {
        switch c {
        case let .cell(i):
            let cell = i < row.count ? row[i] : ""
            var out: [String] = []
            for part in cell.split(whereSeparator: { $0 == "┋" || $0 == "|" }) {
                let o = optionText(String(part))
                if !o.isEmpty, !out.contains(o) { out.append(o) }
            }
            return out
        case let .perOption(columns):
            return columns.filter { c in
                let v = c.index < row.count ? loose(row[c.index]) : ""
                return v == "1" || v == "√" || v == "✓" || v == "true" || v == "是"
            }.map { optionText($0.option) }
        }
    }

    /// A single-choice cell.
    static func single(_ c: Choice?, _ row: [String]) -> String {
        guard let c else { return "" }
        switch c {
        case let .cell(i): return i < row.count ? optionText(row[i]) : ""
        case .perOption: return chosen(c, row).first ?? ""
        }
    }

    /// An answer as an option: trimmed, 问卷星's free text `〖…〗` and its empty marks `(跳过)`, `(空)` removed.
    static func optionText(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        if let open = t.firstIndex(of: "〖") { t = String(t[..<open]).trimmingCharacters(in: .whitespaces) }
        if ["(跳过)", "（跳过）", "(空)", "（空）", "-3", "-2"].contains(t) { return "" }
        return t
    }

    /// Seconds since 1970 of a submission time as 问卷星 and spreadsheets write it
    /// (`2024/5/12 10:23:45`, `2024-05-12 10:23`, `2024年5月12日`, an Excel serial number); nil otherwise.
    static func timeKey(_ s: String) -> Double? {
        let t = ChineseValues.halfWidth(s).trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if let x = Double(t) {
            guard x >= 20_000, x < 2_958_466 else { return nil }
            return (x - 25_569) * 86_400
        }
        var nums: [Int] = []
        var cur: Int?
        for u in t.unicodeScalars {
            if let d = Int(String(u)), u.isASCII { cur = (cur ?? 0) * 10 + d; if cur! > 100_000 { return nil } } else if let c = cur {
                nums.append(c); cur = nil
            }
        }
        if let c = cur { nums.append(c) }
        guard nums.count >= 3, nums.count <= 7, (1900...9999).contains(nums[0]), (1...12).contains(nums[1]), (1...31).contains(nums[2]) else { return nil }
        let h = nums.count > 3 ? nums[3] : 0, mi = nums.count > 4 ? nums[4] : 0, sec = nums.count > 5 ? nums[5] : 0
        guard h < 24, mi < 60, sec < 61 else { return nil }
        let (y0, m, d) = (nums[0], nums[1], nums[2])
        let y = m <= 2 ? y0 - 1 : y0
        let era = y / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days) * 86_400 + Double(h * 3600 + mi * 60 + sec)
    }

    /// A list file (the survey, the communities, a needs list): an .xlsx sheet (`book.xlsx#Sheet`
    /// for one sheet) or a CSV file in UTF-8, GB18030 or UTF-16; errors name the file.
    public static func readTable(_ path: String) throws(InputError) -> RowTable {
        let source = ListSource(path)
        let absolute = absolutePath(source.path)
        let file = displayPath(absolute)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDir), !isDir.boolValue,
              let data = FileManager.default.contents(atPath: absolute) else {
            throw InputError(diagnostics: [.error(file: file, isDir.boolValue ? "is a folder, not a file / 这是文件夹，不是文件" : "no such file / 文件不存在")])
        }
        switch FileSignature([UInt8](data.prefix(8))) {
        case .zip:
            return try RowTable.readWorkbook(path: path)
        case .ole2:
            throw InputError(diagnostics: [.error(file: file, InputText.legacyWorkbook)])
        case .text:
            if source.looksLikeWorkbook { throw InputError(diagnostics: [.error(file: file, InputText.notWorkbook)]) }
            return try RowTable.readCSV(path: absolute)
        }
    }
}
