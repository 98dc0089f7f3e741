/// The part of a day a session is held in.
public enum Slot: Int, CaseIterable, Hashable, Sendable, Comparable {
    case am = 0, pm = 1, eve = 2

    public init?(name: String) {
        switch name.trimmingCharacters(in: .whitespaces).lowercased() {
        case "am", "上午": self = .am
        case "pm", "下午": self = .pm
        case "eve", "晚上": self = .eve
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .am: "am"
        case .pm: "pm"
        case .eve: "eve"
        }
    }

    public static func < (a: Slot, b: Slot) -> Bool { a.rawValue < b.rawValue }
}
