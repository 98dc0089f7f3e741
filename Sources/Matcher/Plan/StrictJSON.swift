/// RFC 8259 syntax, strictly, before a plan file is decoded: Foundation's reader accepts
/// trailing commas and other leniencies a hand-edited plan.json should be told about. Also
/// bounds the nesting (the decoder recurses once per level).
enum StrictJSON {
    static let maxDepth = 64

    /// The first syntax error: 1-based line and a message; nil when `b` is one valid JSON value.
    static func problem(_ b: [UInt8]) -> (line: Int, message: String)? {
        var i = 0
        let n = b.count
        var stack: [UInt8] = []   // '[' or '{'
        func line(_ at: Int) -> Int { 1 + b[..<min(at, n)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        func fail(_ at: Int, _ m: String) -> (line: Int, message: String) { (line(at), m) }
        func skipSpace() { while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 } }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

        /// Reads a string at i (which is at the opening quote).
        func string() -> (line: Int, message: String)? {
            let start = i
            i += 1
            while i < n {
                let c = b[i]
                if c == 0x22 { i += 1; return nil }
                if c < 0x20 { return fail(i, "a control character inside a string (write \\n, \\t …)") }
                if c == 0x5C {
                    guard i + 1 < n else { break }
                    let e = b[i + 1]
                    if e == 0x75 {
                        guard i + 5 < n, b[(i + 2)...(i + 5)].allSatisfy({ isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }) else {
                            return fail(i, "a \\u escape needs four hex digits")
                        }
                        i += 6; continue
                    }
                    guard [0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74].contains(e) else { return fail(i, "an unknown escape in a string") }
                    i += 2; continue
                }
                i += 1
            }
            return fail(start, "a string that never ends")
        }

        func number() -> (line: Int, message: String)? {
            let start = i
            if i < n, b[i] == 0x2D { i += 1 }
            guard i < n, isDigit(b[i]) else { return fail(start, "not a number") }
            if b[i] == 0x30 { i += 1; if i < n, isDigit(b[i]) { return fail(start, "a number with a leading zero") } } else {
                while i < n, isDigit(b[i]) { i += 1 }
            }
            if i < n, b[i] == 0x2E {
                i += 1
                guard i < n, isDigit(b[i]) else { return fail(start, "a number ending in '.'") }
                while i < n, isDigit(b[i]) { i += 1 }
            }
            if i < n, b[i] == 0x65 || b[i] == 0x45 {
                i += 1
                if i < n, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
                guard i < n, isDigit(b[i]) else { return fail(start, "a number with an empty exponent") }
                while i < n, isDigit(b[i]) { i += 1 }
            }
            return nil
        }

        // A value is expected at i; afterwards the container's separator or end.
        skipSpace()
        var expectValue = true
        while true {
            if expectValue {
                skipSpace()
                guard i < n else { return fail(i, "the file ends where a value is expected") }
                let c = b[i]
                switch c {
                case 0x7B, 0x5B:
                    stack.append(c)
                    if stack.count > maxDepth { return fail(i, "nested more than \(maxDepth) deep") }
                    i += 1
                    skipSpace()
                    if i < n, b[i] == (c == 0x7B ? 0x7D : 0x5D) { i += 1; stack.removeLast(); expectValue = false; continue }
                    if c == 0x7B {
                        guard i < n, b[i] == 0x22 else { return fail(i, "an object key must be a string in double quotes") }
                        if let e = string() { return e }
                        skipSpace()
                        guard i < n, b[i] == 0x3A else { return fail(i, "':' expected after an object key") }
                        i += 1
                    }
                    continue
                case 0x22:
                    if let e = string() { return e }
                case 0x2D, 0x30...0x39:
                    if let e = number() { return e }
                default:
                    var matched = false
                    for word in ["true", "false", "null"] {
                        let w = Array(word.utf8)
                        if i + w.count <= n, Array(b[i..<(i + w.count)]) == w { i += w.count; matched = true; break }
                    }
                    if !matched { return fail(i, "not a JSON value (strings need double quotes; no comments, NaN or Infinity)") }
                }
                expectValue = false
            } else {
                skipSpace()
                guard let top = stack.last else {
                    return i < n ? fail(i, "text after the end of the JSON value") : nil
                }
                guard i < n else { return fail(i, "the file ends inside \(top == 0x7B ? "an object" : "a list")") }
                let close: UInt8 = top == 0x7B ? 0x7D : 0x5D
                if b[i] == close { i += 1; stack.removeLast(); continue }
                guard b[i] == 0x2C else { return fail(i, "',' or '\(top == 0x7B ? "}" : "]")' expected") }
                i += 1
                skipSpace()
                if i < n, b[i] == 0x7D || b[i] == 0x5D { return fail(i, "a trailing comma before '\(Character(UnicodeScalar(b[i])))'") }
                if top == 0x7B {
                    guard i < n, b[i] == 0x22 else { return fail(i, "an object key must be a string in double quotes") }
                    if let e = string() { return e }
                    skipSpace()
                    guard i < n, b[i] == 0x3A else { return fail(i, "':' expected after an object key") }
                    i += 1
                }
                expectValue = true
            }
        }
    }
}
