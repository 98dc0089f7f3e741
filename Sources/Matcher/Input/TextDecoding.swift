import CTextCodec

/// Bytes of a list file turned into UTF-8: a UTF-8 BOM is dropped; text that is not valid
/// UTF-8 is decoded as GB18030 (what spreadsheet programs in Chinese locales save) with iconv —
/// but only when it is not plausibly UTF-8: a UTF-8 file with a stray byte (most of its
/// non-ASCII text valid UTF-8) is an error at that byte, never read as garbled GB18030.
/// UTF-16 with a byte order mark (Excel's "Unicode text") is decoded first.
enum TextDecoding {
    enum Failure: Error, Equatable {
        /// Mostly valid UTF-8 with a bad byte: its 1-based line, 0-based offset in the file, value.
        case invalidUTF8(line: Int, offset: Int, byte: UInt8)
        /// Neither UTF-8 nor GB18030: the first bad byte's 1-based line, 0-based offset in the file, value.
        case undecodable(line: Int, offset: Int, byte: UInt8)
        /// This C library cannot convert GB18030.
        case unsupported
    }

    enum Encoding: String, Sendable { case utf8 = "UTF-8", gb18030 = "GB18030", utf16LE = "UTF-16LE", utf16BE = "UTF-16BE" }

    static func utf8(_ raw: [UInt8]) -> (bytes: [UInt8], encoding: Encoding, failure: Failure?) {
        if let u = utf16(raw) { return u }
        var bytes = raw
        var bom = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes.removeFirst(3)
            bom = 3
        }
        func line(at offset: Int) -> Int {
            var line = 1
            for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A { line += 1 }
            return line
        }
        let scan = scanUTF8(bytes)
        guard let firstBad = scan.firstInvalid else { return (bytes, .utf8, nil) }
        // Plausibly UTF-8: at least as many valid multi-byte characters as bad spots. GB18030
        // text forms a valid UTF-8 sequence only now and then (about one character in ten).
        if bom == 3 || scan.valid >= scan.invalid {
            return (bytes, .utf8, .invalidUTF8(line: line(at: firstBad), offset: firstBad + bom, byte: bytes[firstBad]))
        }
        var out = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var bad = 0
        let written = match_convert_to_utf8("GB18030", bytes, bytes.count, &out, out.count, &bad)
        if written >= 0 {
            out.removeSubrange(Int(written)...)
            return (out, .gb18030, nil)
        }
        if written == -1 {
            let at = min(max(bad, 0), bytes.count - 1)
            return (bytes, .gb18030, .undecodable(line: line(at: at), offset: at, byte: bytes[at]))
        }
        return (bytes, .gb18030, .unsupported)
    }

    /// Valid multi-byte sequences, invalid spots and the offset of the first invalid byte.
    static func scanUTF8(_ b: [UInt8]) -> (valid: Int, invalid: Int, firstInvalid: Int?) {
        var i = 0, valid = 0, invalid = 0
        var first: Int?
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let k = sequenceLength(b, at: i)
            if k > 0 { valid += 1; i += k } else {
                invalid += 1
                if first == nil { first = i }
                i += 1
            }
        }
        return (valid, invalid, first)
    }

    /// The length of the valid UTF-8 multi-byte sequence starting at `i`, or 0.
    private static func sequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let c = b[i]
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
        default: return 0
        }
        guard i + need < b.count else { return 0 }
        guard b[i + 1] >= lo, b[i + 1] <= hi else { return 0 }
        var k = 2
        while k <= need {
            guard b[i + k] >= 0x80, b[i + k] <= 0xBF else { return 0 }
            k += 1
        }
        return need + 1
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

/// A file name from an archive whose entries do not say they are UTF-8 (general purpose bit 11
/// unset: Chinese Windows' built-in zip, Info-ZIP): UTF-8 when the bytes are valid UTF-8, else
/// GB18030 (which covers GBK); nil when they are neither.
public enum ArchiveNames {
    public static func decode(_ raw: [UInt8]) -> String? {
        if TextDecoding.scanUTF8(raw).firstInvalid == nil { return String(decoding: raw, as: UTF8.self) }
        var out = [UInt8](repeating: 0, count: raw.count * 2 + 16)
        var bad = 0
        let written = match_convert_to_utf8("GB18030", raw, raw.count, &out, out.count, &bad)
        guard written >= 0 else { return nil }
        return String(decoding: out[..<Int(written)], as: UTF8.self)
    }
}
