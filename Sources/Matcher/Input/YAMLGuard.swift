/// Checks on the scenario YAML's text before Yams composes it, so that no file can hang or
/// crash the reader (docs/INPUT.md, "Limits of the scenario file"):
///
/// - at most `maxBytes` bytes (a scenario names its lists; the data is in the CSV files);
/// - no complex mapping keys — an alias (`*a: 1`), a flow list or mapping (`[a, b]: 1`) or an
///   explicit `? ` key. Yams hashes every key while composing, and an alias to a nested
///   structure of aliases as a key expands exponentially (an "alias bomb": 8 levels took
///   12 s, 9 levels more than 30 s). The scenario's keys are plain words, so nothing is lost;
/// - at most `maxAliases` aliases (values may share an anchor, which costs nothing);
/// - nesting at most `maxFlowDepth` brackets deep and `maxIndent` columns of indentation
///   (the composer recurses once per level).
///
/// A lexical scan: quoted scalars and comments are skipped; it may refuse an exotic but valid
/// YAML file (such a key inside a block scalar's text), never let a complex key through.
enum YAMLGuard {
    static let maxBytes = 1_000_000
    static let maxAliases = 1_000
    static let maxFlowDepth = 64
    static let maxIndent = 256

    /// The first problem: its 1-based line (nil for the whole file) and message.
    static func problem(_ b: [UInt8]) -> (line: Int?, message: String)? {
        if b.count > maxBytes {
            return (nil, "the file is \(b.count) bytes; a scenario file is at most \(maxBytes) bytes (the data belongs in the CSV lists)")
        }
        let complexKey = "a mapping key here is an alias, a list, a mapping or an explicit '?' key; the scenario's keys are plain names"
        let n = b.count
        var i = 0, line = 1
        var flow = 0
        var aliases = 0
        var atLineStart = true   // only indentation and `- ` seen on this line so far
        var indent = 0
        var counting = true      // still in the line's leading spaces

        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
        func isBreak(_ c: UInt8) -> Bool { c == 0x0A || c == 0x0D }
        /// Spaces from j; then whether a `:` follows that makes what precedes it a key.
        func keyColon(after j: Int) -> Bool {
            var k = j
            while k < n, isSpace(b[k]) { k += 1 }
            guard k < n, b[k] == 0x3A else { return false }
            return k + 1 >= n || isSpace(b[k + 1]) || isBreak(b[k + 1]) || flow > 0
        }
        func tokenStart(_ j: Int) -> Bool {
            guard j > 0 else { return true }
            let p = b[j - 1]
            return isSpace(p) || isBreak(p) || p == 0x5B || p == 0x7B || p == 0x2C
        }

        while i < n {
            let c = b[i]
            if c == 0x0A {
                line += 1; i += 1
                atLineStart = true; indent = 0; counting = true
                continue
            }
            if counting {
                if c == 0x20 { indent += 1; i += 1
                    if indent > maxIndent { return (line, "indented more than \(maxIndent) columns; the scenario is nested too deeply") }
                    continue
                }
                counting = false
            }
            switch c {
            case 0x23 where tokenStart(i):  // # comment
                while i < n, b[i] != 0x0A { i += 1 }
                continue
            case 0x27 where tokenStart(i), 0x22 where tokenStart(i):  // ' or " quoted scalar
                let q = c
                let start = line
                i += 1
                while i < n {
                    if b[i] == 0x0A { line += 1 }
                    if q == 0x22, b[i] == 0x5C { i += 2; continue }
                    if b[i] == q {
                        if q == 0x27, i + 1 < n, b[i + 1] == 0x27 { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
                if i >= n && start != line { return nil }  // unterminated: Yams reports it
                atLineStart = false
                continue
            case 0x2A where tokenStart(i):  // *alias
                aliases += 1
                if aliases > maxAliases { return (line, "more than \(maxAliases) aliases (*name); a scenario needs few if any") }
                var j = i + 1
                // libyaml's anchor names: letters, digits, '-' and '_'.
                while j < n, b[j] >= 0x80 || (b[j] >= 0x30 && b[j] <= 0x39) || (b[j] | 0x20 >= 0x61 && b[j] | 0x20 <= 0x7A)
                    || b[j] == 0x2D || b[j] == 0x5F { j += 1 }
                if keyColon(after: j) { return (line, complexKey) }
                i = j
                atLineStart = false
                continue
            case 0x3F where (atLineStart || (flow > 0 && tokenStart(i))) && (i + 1 >= n || isSpace(b[i + 1]) || isBreak(b[i + 1])):
                return (line, complexKey)
            case 0x5B where tokenStart(i) || flow > 0, 0x7B where tokenStart(i) || flow > 0:  // [ {
                flow += 1
                if flow > maxFlowDepth { return (line, "brackets nested more than \(maxFlowDepth) deep; the scenario is nested too deeply") }
            case 0x5D where flow > 0, 0x7D where flow > 0:  // ] }
                flow -= 1
                if keyColon(after: i + 1) { return (line, complexKey) }
            case 0x2D where atLineStart && (i + 1 >= n || isSpace(b[i + 1]) || isBreak(b[i + 1])):  // "- " keeps the line start
                i += 1
                continue
            default:
                if !isSpace(c) && !isBreak(c) { atLineStart = false }
            }
            i += 1
        }
        return nil
    }
}
