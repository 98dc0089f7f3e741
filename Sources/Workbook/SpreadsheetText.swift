/// The one rule for text cells in spreadsheet outputs (the CSV files and plan.xlsx):
/// a text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as
/// a formula by Excel, WPS or LibreOffice (CSV injection). Such a cell gets a leading `'`,
/// OWASP's rule, which the programs show as plain text. Real numbers (`-12.5`, `+3`, `1e-3`)
/// are left alone, so sums and sorting still work.
public enum SpreadsheetText {
    /// `cell` safe to put into a spreadsheet.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.utf8.first, [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains(first) else { return cell }
        if isNumber(cell) { return cell }
        return "'" + cell
    }

    /// A plain decimal number: optional sign, digits with an optional fraction, optional exponent.
    static func isNumber(_ s: String) -> Bool {
        var b = Array(s.utf8)[...]
        if let f = b.first, f == 0x2B || f == 0x2D { b = b.dropFirst() }
        var digits = 0
        while let c = b.first, c >= 0x30 && c <= 0x39 { digits += 1; b = b.dropFirst() }
        if b.first == 0x2E {
            b = b.dropFirst()
            while let c = b.first, c >= 0x30 && c <= 0x39 { digits += 1; b = b.dropFirst() }
        }
        guard digits > 0 else { return false }
        if let e = b.first, e == 0x65 || e == 0x45 {
            b = b.dropFirst()
            if let f = b.first, f == 0x2B || f == 0x2D { b = b.dropFirst() }
            var exp = 0
            while let c = b.first, c >= 0x30 && c <= 0x39 { exp += 1; b = b.dropFirst() }
            guard exp > 0 else { return false }
        }
        return b.isEmpty
    }
}
