/// An RFC 4180 table read straight from UTF-8 bytes: a header row, then records. Quoted
/// fields may hold commas, doubled quotes and line breaks; lines end in LF or CRLF; cells are
/// trimmed; records whose cells are all empty (blank lines) are skipped.
struct CSVTable: Sendable {
    /// Header names as written (trimmed).
    var header: [String]
    /// Canonical column name → field index (English names; Chinese aliases mapped, ASCII lower-cased).
    var columns: [String: Int]
    /// Canonical names written twice in the header, with the header's column index.
    var duplicateColumns: [String]
    /// Every record's cells, flat; record r is cells[recordStart[r] ..< recordStart[r + 1]].
    var cells: [String]
    var recordStart: [Int]
    /// 1-based first line of each record (header = line 1).
    var lines: [Int]

    var count: Int { lines.count }

    /// (canonical name, field index) pairs: a linear scan over a few small strings beats hashing per cell.
    var columnList: [(name: String, index: Int)] = []

    /// A defect of the file's structure, at a 1-based line.
    struct Problem: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            /// A quote opened in `column` (header name, if known) that never closes: the rest of the
            /// file would be one cell, so nothing after `line` can be trusted.
            case unclosedQuote(column: String?, lastLine: Int)
            /// A record with more non-empty cells than the header has columns.
            case extraCells(count: Int, columns: Int)
        }
        var line: Int
        var kind: Kind
    }
    /// Structural defects, in file order; reading stops at an unclosed quote.
    var problems: [Problem] = []

    /// The cell of `column` in record `r`; "" when the record is short or the column absent.
    func cell(_ r: Int, _ column: String) -> String {
        var c = -1
        for e in columnList where e.name == column { c = e.index; break }
        if c < 0 { return "" }
        let i = recordStart[r] + c
        return i < recordStart[r + 1] ? cells[i] : ""
    }

    func has(_ column: String) -> Bool { columns[column] != nil }

    /// The Chinese header aliases (docs/INPUT.md), the same for every file.
    static let aliases: [String: String] = [
        "编号": "id", "名称": "name", "姓名": "name", "街道": "street", "纬度": "lat", "经度": "lon",
        "社区": "community", "类别": "category", "标题": "title", "户数": "households", "紧急程度": "urgency",
        "类型": "kind", "服务类别": "categories", "资金": "funds", "最少项目": "min_projects",
        "最多项目": "max_projects", "结对社区": "paired_communities", "需求": "needs", "场次": "sessions",
        "日期": "dates", "时段": "slot", "最少人数": "min_volunteers", "最多人数": "max_volunteers",
        "时长": "hours", "费用": "cost", "技能": "skills", "单位": "unit", "可服务时间": "availability",
        "最多场次": "max_sessions", "最少场次": "min_sessions", "最少间隔天数": "min_gap_days", "地点": "place", "集合地点": "place", "开始": "start", "开始时间": "start",
        "结束": "end", "结束时间": "end", "电话": "phone", "联系电话": "phone", "联系人": "contact",
        "已等待季度数": "quarters_waited", "等待季度": "quarters_waited",
    ]

    static func canonical(_ name: String) -> String {
        if let a = aliases[name] { return a }
        return String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Parses UTF-8 bytes (no BOM), fields separated by `separator` (a comma, tab or semicolon). Never traps on any input.
    init(utf8 b: [UInt8], separator: UInt8 = 0x2C) {
        var cells: [String] = []
        var recordStart: [Int] = [0]
        var lines: [Int] = []
        var header: [String]? = nil
        var row: [String] = []
        var scratch: [UInt8] = []
        let n = b.count
        var i = 0
        var line = 1
        var recordLine = 1
        var problems: [Problem] = []
        cells.reserveCapacity(n / 6)

        func finishRecord(_ row: inout [String], _ lineOfRecord: Int) {
            if !row.contains(where: { !$0.isEmpty }) {
                // A blank line (or a row of empty cells): skipped.
            } else if header == nil {
                header = row
            } else {
                if let h = header, row.count > h.count, row[h.count...].contains(where: { !$0.isEmpty }) {
                    problems.append(Problem(line: lineOfRecord, kind: .extraCells(count: row.count, columns: h.count)))
                }
                cells.append(contentsOf: row)
                recordStart.append(cells.count)
                lines.append(lineOfRecord)
            }
            row.removeAll(keepingCapacity: true)
        }

        while i < n {
            // One field starting at i.
            var j = i
            // Leading spaces before an opening quote are allowed.
            while j < n, b[j] == 0x20 || (b[j] == 0x09 && separator != 0x09) { j += 1 }
            if j < n, b[j] == 0x22 {
                scratch.removeAll(keepingCapacity: true)
                let openedOn = line
                var closed = false
                j += 1
                while j < n {
                    let c = b[j]
                    if c == 0x22 {
                        if j + 1 < n, b[j + 1] == 0x22 { scratch.append(0x22); j += 2; continue }
                        j += 1
                        closed = true
                        break
                    }
                    if c == 0x0A { line += 1 }
                    scratch.append(c)
                    j += 1
                }
                if !closed {
                    // Everything to the end of the file would be this one cell: stop here, keep
                    // the records before it, and say where the quote opened.
                    let column: String? = header.flatMap { row.count < $0.count ? $0[row.count] : nil }
                    let last = n > 0 && b[n - 1] == 0x0A ? line - 1 : line
                    problems.append(Problem(line: openedOn, kind: .unclosedQuote(column: column, lastLine: max(openedOn, last))))
                    row.removeAll()
                    break
                }
                // Anything after the closing quote up to the separator is kept (lenient, like Python's csv).
                while j < n, b[j] != separator, b[j] != 0x0A, b[j] != 0x0D {
                    scratch.append(b[j]); j += 1
                }
                row.append(CSVTable.trimmed(scratch[...]))
            } else {
                j = i
                while j < n, b[j] != separator, b[j] != 0x0A, b[j] != 0x0D { j += 1 }
                row.append(CSVTable.trimmed(b[i..<j]))
            }
            // Separator.
            if j >= n {
                i = n
                finishRecord(&row, recordLine)
                break
            }
            if b[j] == separator {
                i = j + 1
                if i == n { row.append(""); finishRecord(&row, recordLine) }
                continue
            }
            // CR, LF or CRLF ends the record.
            if b[j] == 0x0D, j + 1 < n, b[j + 1] == 0x0A { j += 1 }
            line += 1
            i = j + 1
            finishRecord(&row, recordLine)
            recordLine = line
        }
        if !row.isEmpty { finishRecord(&row, recordLine) }

        self.header = header ?? []
        self.problems = problems
        var columns: [String: Int] = [:]
        var dups: [String] = []
        for (k, h) in self.header.enumerated() where !h.isEmpty {
            let name = CSVTable.canonical(h)
            if columns[name] != nil { dups.append(name) } else { columns[name] = k }
        }
        self.columns = columns
        columnList = columns.map { (name: $0.key, index: $0.value) }.sorted { $0.index < $1.index }
        duplicateColumns = dups
        self.cells = cells
        self.recordStart = recordStart
        self.lines = lines
    }

    /// The bytes as a String without leading/trailing ASCII whitespace, NBSP (U+00A0) or
    /// ideographic space (U+3000).
    @inline(__always)
    static func trimmed(_ s: ArraySlice<UInt8>) -> String {
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi {
            let c = s[lo]
            if c == 0x20 || (c >= 0x09 && c <= 0x0D) { lo += 1; continue }
            if c == 0xC2, lo + 1 < hi, s[lo + 1] == 0xA0 { lo += 2; continue }
            if c == 0xE3, lo + 2 < hi, s[lo + 1] == 0x80, s[lo + 2] == 0x80 { lo += 3; continue }
            break
        }
        while hi > lo {
            let c = s[hi - 1]
            if c == 0x20 || (c >= 0x09 && c <= 0x0D) { hi -= 1; continue }
            if c == 0xA0, hi - 2 >= lo, s[hi - 2] == 0xC2 { hi -= 2; continue }
            if c == 0x80, hi - 3 >= lo, s[hi - 3] == 0xE3, s[hi - 2] == 0x80 { hi -= 3; continue }
            break
        }
        return lo == hi ? "" : String(decoding: s[lo..<hi], as: UTF8.self)
    }
}
