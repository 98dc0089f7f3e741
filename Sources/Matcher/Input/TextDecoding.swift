import CTextCodec

/// Bytes of a list file turned into UTF-8: a UTF-8 BOM is dropped; text that is not valid
/// UTF-8 is decoded as GB18030 (what spreadsheet programs in Chinese locales save) with iconv.
/// UTF-16 with a byte order mark (Excel's "Unicode text") is decoded first.
enum TextDecoding {
    enum Failure: Error, Equatable {
        /// Neither UTF-8 nor GB18030: the first bad byte's 1-based line and value.
        case undecodable(line: Int, byte: UInt8)
        /// This C library cannot convert GB18030.
        case unsupported
    }

    enum Encoding: String, Sendable { case utf8 = "UTF-8", gb18030 = "GB18030", utf16LE = "UTF-16LE", utf16BE = "UTF-16BE" }

    static func utf8(_ raw: [UInt8]) -> (bytes: [UInt8], encoding: Encoding, failure: Failure?) {
        if let u = utf16(raw) { return u }
        var bytes = raw
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes.removeFirst(3)
        }
        if isValidUTF8(bytes) { return (bytes, .utf8, nil) }
        var out = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var bad = 0
        let written = match_convert_to_utf8("GB18030", bytes, bytes.count, &out, out.count, &bad)
        if written >= 0 {
            out.removeSubrange(Int(written)...)
            return (out, .gb18030, nil)
        }
        if written == -1 {
            let at = min(max(bad, 0), bytes.count - 1)
            var line = 1
            for i in 0..<at where bytes[i] == 0x0A { line += 1 }
            // The BOM was not removed when the file is not UTF-8, so offsets are of the raw file.
            return (bytes, .gb18030, .undecodable(line: line, byte: bytes[at]))
        }
        return (bytes, .gb18030, .unsupported)
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, at most U+10FFFF).
    static func isValidUTF8(_ b: [UInt8]) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            let c1 = b[i + 1]
            guard c1 >= lo, c1 <= hi else { return false }
            var k = 2
            while k <= need {
                let ck = b[i + k]
                guard ck >= 0x80, ck <= 0xBF else { return false }
                k += 1
            }
            i += need + 1
        }
        return true
    }

    /// UTF-16 text with a BOM (FF FE little-endian, FE FF big-endian) as UTF-8; an odd last byte
    /// and unpaired surrogates become U+FFFD. nil without a BOM.
    static func utf16(_ raw: [UInt8]) -> (bytes: [UInt8], encoding: Encoding, failure: Failure?)? {
        guard raw.count >= 2 else { return nil }
        let little: Bool
        switch (raw[0], raw[1]) {
        case (0xFF, 0xFE): little = true
        case (0xFE, 0xFF): little = false
        default: return nil
        }
        var units: [UInt16] = []
        units.reserveCapacity(raw.count / 2)
        var i = 2
        while i + 1 < raw.count {
            units.append(little ? UInt16(raw[i]) | UInt16(raw[i + 1]) << 8 : UInt16(raw[i]) << 8 | UInt16(raw[i + 1]))
            i += 2
        }
        if i < raw.count { units.append(0xFFFD) }
        return (Array(String(decoding: units, as: UTF16.self).utf8), little ? .utf16LE : .utf16BE, nil)
    }
}
