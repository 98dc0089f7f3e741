/// The version of `match`, written in this one place: `match --version` prints it.
public enum MatchVersion {
    public static let string = "0.10.0"
}
