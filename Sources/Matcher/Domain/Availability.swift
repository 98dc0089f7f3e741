/// Member availability compiled for one period: one bit per (member, day of the period, slot),
/// in one flat array. Testing a (date, slot) is a shift and a mask.
public struct AvailabilityTable: Hashable, Sendable {
    public let period: Period
    /// 64-bit words per member.
    public let stride: Int
    public private(set) var words: [UInt64]

    public init(period: Period, memberCount: Int = 0) {
        self.period = period
        stride = (period.dayCount * 3 + 63) / 64
        words = Array(repeating: 0, count: stride * memberCount)
    }

    public var memberCount: Int { stride == 0 ? 0 : words.count / stride }

    /// Appends a member's row; returns its index.
    @discardableResult
    public mutating func append(_ bits: AvailabilityBits) -> Int {
        precondition(bits.words.count == stride, "availability row of another period")
        words.append(contentsOf: bits.words)
        return memberCount - 1
    }

    /// Is `member` free on the `dayIndex`-th day of the period in `slot`?
    @inline(__always)
    public func isAvailable(member: Int, dayIndex: Int, slot: Slot) -> Bool {
        let bit = dayIndex * 3 + slot.rawValue
        return words[member * stride + bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    public func isAvailable(member: Int, day: Day, slot: Slot) -> Bool {
        guard period.contains(day) else { return false }
        return isAvailable(member: member, dayIndex: period.index(of: day), slot: slot)
    }

    public func row(_ member: Int) -> AvailabilityBits {
        AvailabilityBits(period: period, words: Array(words[member * stride ..< (member + 1) * stride]))
    }
}

/// One member's availability over a period, before it is appended to the table.
public struct AvailabilityBits: Hashable, Sendable {
    public let period: Period
    public var words: [UInt64]

    public init(period: Period) {
        self.period = period
        words = Array(repeating: 0, count: (period.dayCount * 3 + 63) / 64)
    }

    public init(period: Period, words: [UInt64]) {
        self.period = period
        self.words = words
    }

    public mutating func set(dayIndex: Int, slot: Slot, _ value: Bool) {
        let bit = dayIndex * 3 + slot.rawValue
        if value { words[bit >> 6] |= 1 << UInt64(bit & 63) } else { words[bit >> 6] &= ~(1 << UInt64(bit & 63)) }
    }

    public func get(dayIndex: Int, slot: Slot) -> Bool {
        let bit = dayIndex * 3 + slot.rawValue
        return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }
}
