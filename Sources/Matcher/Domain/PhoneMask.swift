/// The one masking rule for phone numbers on outputs meant to be posted or shared beyond the
/// planner (个人信息保护法: minimum exposure; issue 30, docs/OUTPUTS.md "Phone numbers"):
/// an 11-digit mainland mobile (`1` then 10 digits, optionally after `+86`/`86`) keeps its first
/// 3 and last 4 digits (`138****5678`); any other number keeps only its last 4 digits. Only
/// digits are replaced, so separators stay where they were (`138-****-5678`, `***-****5678`).
public enum PhoneMask {
    public static func masked(_ phone: String) -> String {
        let chars = Array(phone)
        let digitPositions = chars.indices.filter { chars[$0].isASCII && chars[$0].isNumber }
        guard !digitPositions.isEmpty else { return phone }
        let digits = String(digitPositions.map { chars[$0] })
        let n = digits.count
        // Digits kept visible, by position among the digits.
        var keep = Set<Int>(max(0, n - 4) ..< n)
        let mobileStart: Int? = n == 11 && digits.hasPrefix("1") ? 0
            : n == 13 && digits.hasPrefix("861") ? 2
            : n == 15 && digits.hasPrefix("00861") ? 4 : nil
        if let s = mobileStart {
            keep.formUnion(0 ..< s)           // the country code
            keep.formUnion(s ..< s + 3)       // the network prefix
        }
        var out = chars
        for (k, i) in digitPositions.enumerated() where !keep.contains(k) { out[i] = "*" }
        return String(out)
    }
}

extension Scenario {
    /// `phone` as it may appear on an output shared beyond the planner: masked unless the
    /// scenario's `outputs.mask_phones` is false.
    public func sharedPhone(_ phone: String) -> String { maskPhones ? PhoneMask.masked(phone) : phone }
}
