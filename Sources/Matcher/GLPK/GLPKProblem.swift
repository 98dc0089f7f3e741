/// The GLPK binding: the only file in the code base that imports the C library.
///
/// Threads. This libglpk (Debian's GLPK 5.0) keeps its whole environment — memory pool,
/// terminal hook, error hook — in thread-local storage (`glp_config("TLS")` answers
/// `_Thread_local`). Two `GLPKProblem`s may therefore be built and solved on two threads
/// at the same time (tested in GLPKTests), provided each problem lives its whole life —
/// create, solve, read, free — on the thread that created it. A problem is not `Sendable`;
/// every method checks the calling thread and throws `.solverFailed` on any other, and
/// `deinit` on a foreign thread leaks the problem instead of freeing it (GLPK would
/// abort with "glp_free: memory allocation error"). Keep a problem inside one
/// synchronous function; never hold it across an `await`.
///
/// Fatal errors. Every argument is checked in Swift before it reaches GLPK (GLPK aborts
/// the process on a bad index, and silently accepts NaN). The remaining fatal errors are
/// caught by the setjmp guard in shim.h; GLPK then requires `glp_free_env()`, which frees
/// every problem of the thread: all of them are marked dead (a per-thread generation
/// counter) and later calls on them throw `.solverFailed`.
///
/// Output. GLPK writes to stdout unless hooked. Each call that can print installs a
/// terminal hook for its duration (thread-local, like the environment) that routes
/// complete lines to the caller's `log` closure or discards them.
internal import CGLPK
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Library facts

/// Facts about the linked libglpk and per-thread housekeeping.
public enum GLPK {
    /// The library version, e.g. "5.0".
    public static var version: String { String(cString: glp_version()) }

    /// Whether GLPK keeps its environment in thread-local storage (`glp_config("TLS")`),
    /// i.e. whether problems on different threads may be solved concurrently.
    public static var hasThreadLocalEnvironment: Bool {
        guard let tls = glp_config("TLS") else { return false }
        return !String(cString: tls).isEmpty
    }

    /// Frees this thread's GLPK environment (GLPK's `glp_free_env`). Every `GLPKProblem`
    /// still alive on this thread becomes dead (its methods throw). Call it at the end of a
    /// worker thread that used GLPK, so its environment does not outlive the thread.
    public static func freeThreadEnvironment() {
        GLPKThreadState.current.generation += 1
        glp_free_env()
    }
}

// MARK: - Per-thread state

/// Counts resets of the calling thread's GLPK environment (fatal-error recovery,
/// `freeThreadEnvironment`): a problem created under an older generation is gone.
final class GLPKThreadState {
    var generation = 0
    private static let key = "match.glpk.threadState"

    static var current: GLPKThreadState {
        let dictionary = Thread.current.threadDictionary
        if let state = dictionary[key] as? GLPKThreadState { return state }
        let state = GLPKThreadState()
        dictionary[key] = state
        return state
    }
}

// MARK: - Terminal output

/// Collects GLPK's terminal output for one call: splits it into lines, forwards them to
/// `log` and keeps the last few for error messages.
final class GLPKTerminalSink {
    let log: (@Sendable (String) -> Void)?
    private var pending = ""
    private(set) var recentLines: [String] = []

    init(log: (@Sendable (String) -> Void)?) { self.log = log }

    func take(_ chunk: String) {
        pending += chunk
        while let newline = pending.firstIndex(of: "\n") {
            let line = String(pending[..<newline])
            pending = String(pending[pending.index(after: newline)...])
            emit(line)
        }
    }

    func flush() {
        if !pending.isEmpty {
            emit(pending)
            pending = ""
        }
    }

    private func emit(_ line: String) {
        recentLines.append(line)
        if recentLines.count > 6 { recentLines.removeFirst() }
        log?(line)
    }

    var recentText: String {
        recentLines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " | ")
    }
}

/// GLPK terminal hook: returning non-zero tells GLPK not to print the text itself.
private func glpkTerminalHook(_ info: UnsafeMutableRawPointer?, _ text: UnsafePointer<CChar>?) -> Int32 {
    guard let info, let text else { return 1 }
    Unmanaged<GLPKTerminalSink>.fromOpaque(info).takeUnretainedValue().take(String(cString: text))
    return 1
}

/// Runs `body` with this thread's terminal hook routed to a fresh sink; removes it after.
private func withGLPKTerminal<R, E: Error>(
    _ log: (@Sendable (String) -> Void)?, _ body: (GLPKTerminalSink) throws(E) -> R
) throws(E) -> R {
    let sink = GLPKTerminalSink(log: log)
    let retained = Unmanaged.passRetained(sink)
    glp_term_hook(glpkTerminalHook, retained.toOpaque())
    defer {
        glp_term_hook(nil, nil)
        sink.flush()
        retained.release()
    }
    return try body(sink)
}

// MARK: - Validation helpers

private enum Check {
    static let maxNameBytes = 255

    /// GLPK bound type and values for [lower, upper]; rejects NaN, lower > upper,
    /// lower = +inf and upper = -inf.
    static func bounds(_ lower: Double, _ upper: Double, _ what: @autoclosure () -> String)
        throws(GLPKError) -> (type: Int32, lower: Double, upper: Double)
    {
        if lower.isNaN || upper.isNaN { throw .invalidArgument("\(what()): NaN bound") }
        if lower == .infinity { throw .invalidArgument("\(what()): lower bound is +infinity") }
        if upper == -.infinity { throw .invalidArgument("\(what()): upper bound is -infinity") }
        if lower > upper { throw .invalidArgument("\(what()): lower bound \(lower) > upper bound \(upper)") }
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, lower, 0)
        case (false, true): return (GLP_UP, 0, upper)
        case (true, true): return (lower == upper ? GLP_FX : GLP_DB, lower, upper)
        }
    }

    static func finite(_ value: Double, _ what: @autoclosure () -> String) throws(GLPKError) {
        if !value.isFinite { throw .invalidArgument("\(what()): coefficient \(value) is not finite") }
    }

    /// An ASCII-safe name GLPK accepts: at most 255 bytes (checked on the given name),
    /// non-ASCII scalars written as `_uXXXX`, control characters and spaces as `_`.
    /// A name that grows past 255 bytes this way is cut and ends in `~fallback`.
    static func name(_ name: String, fallback: String, _ what: @autoclosure () -> String) throws(GLPKError) -> String {
        let bytes = name.utf8.count
        if bytes > maxNameBytes {
            throw .invalidArgument("\(what()): name is \(bytes) bytes, GLPK allows at most \(maxNameBytes)")
        }
        if name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return name }
        var out = ""
        for scalar in name.unicodeScalars {
            if scalar.isASCII {
                out.append(scalar.value <= 0x20 || scalar.value == 0x7F ? "_" : Character(scalar))
            } else {
                out += "_u" + String(scalar.value, radix: 16, uppercase: true)
            }
        }
        if out.utf8.count > maxNameBytes {
            out = String(out.utf8.prefix(maxNameBytes - 1 - fallback.utf8.count))! + "~" + fallback
        }
        return out
    }

    /// Milliseconds for GLPK's `tm_lim`; nil means no limit.
    static func timeLimit(_ seconds: Double?) throws(GLPKError) -> Int32? {
        guard let seconds, seconds != .infinity else { return nil }
        if seconds.isNaN || seconds <= 0 {
            throw .invalidArgument("time limit must be > 0 seconds, got \(seconds)")
        }
        return Int32(min(Double(Int32.max - 1), max(1, (seconds * 1000).rounded(.up))))
    }
}

// MARK: - The problem

/// One GLPK problem object loaded from a `LinearModel`. Create, use and free it on one
/// thread (see the file header); `deinit` frees it.
public final class GLPKProblem {
    private var prob: OpaquePointer?
    private let owner: pthread_t
    private let generation: Int
    private let sense: LinearModel.Sense
    private let objectiveConstant: Double
    /// Swift-side copy of the model (bounds, kinds, objective, matrix) for checking start
    /// plans and for column/row counts.
    private var columns: [LinearModel.Column]
    private var rows: [LinearModel.Row]
    private var entryRows: [Int32]
    private var entryColumns: [Int32]
    private var entryValues: [Double]

    private enum LPSolution { case none, simplex, interior }
    private var lastLP: LPSolution = .none

    public var rowCount: Int { rows.count }
    public var columnCount: Int { columns.count }

    /// Validates the whole model in Swift, then loads it with one `glp_load_matrix`.
    public init(_ model: LinearModel) throws(GLPKError) {
        let m = model.rows.count, n = model.columns.count, nz = model.entryValues.count
        let limit = Int(Int32.max) - 1
        if m > limit || n > limit || nz > limit { throw .invalidArgument("model too large for GLPK") }
        if model.entryRows.count != nz || model.entryColumns.count != nz {
            throw .invalidArgument("entry arrays differ in length (\(model.entryRows.count), \(model.entryColumns.count), \(nz))")
        }
        try Check.finite(model.objectiveConstant, "objective constant")
        let problemName = try Check.name(model.name, fallback: "model", "model name")

        var rowSpecs: [(name: String, type: Int32, lower: Double, upper: Double)] = []
        rowSpecs.reserveCapacity(m)
        for (i, row) in model.rows.enumerated() {
            let b = try Check.bounds(row.lower, row.upper, "row \(i) '\(row.name)'")
            rowSpecs.append((try Check.name(row.name, fallback: "r\(i)", "row \(i)"), b.type, b.lower, b.upper))
        }
        var columnSpecs: [(name: String, type: Int32, lower: Double, upper: Double)] = []
        columnSpecs.reserveCapacity(n)
        for (j, column) in model.columns.enumerated() {
            columnSpecs.append(try Self.columnSpec(column, index: j))
        }
        var seen = Set<Int64>(minimumCapacity: nz)
        for k in 0..<nz {
            let i = model.entryRows[k], j = model.entryColumns[k], v = model.entryValues[k]
            if i < 0 || Int(i) >= m { throw .invalidArgument("entry \(k): row index \(i) out of range 0..<\(m)") }
            if j < 0 || Int(j) >= n { throw .invalidArgument("entry \(k): column index \(j) out of range 0..<\(n)") }
            try Check.finite(v, "entry \(k) (row \(i), column \(j))")
            if !seen.insert(Int64(i) << 32 | Int64(j)).inserted {
                throw .invalidArgument("entry \(k): duplicate entry for row \(i), column \(j)")
            }
        }

        // Everything is valid: nothing below can throw or reach glp_error.
        owner = pthread_self()
        generation = GLPKThreadState.current.generation
        sense = model.sense
        objectiveConstant = model.objectiveConstant
        columns = model.columns
        rows = model.rows
        entryRows = []
        entryColumns = []
        entryValues = []
        for k in 0..<nz where model.entryValues[k] != 0 {
            entryRows.append(model.entryRows[k])
            entryColumns.append(model.entryColumns[k])
            entryValues.append(model.entryValues[k])
        }
        for j in 0..<n {  // the bounds GLPK holds, for start-plan checks
            columns[j].lower = columnSpecs[j].type == GLP_FR || columnSpecs[j].type == GLP_UP ? -.infinity : columnSpecs[j].lower
            columns[j].upper = columnSpecs[j].type == GLP_FR || columnSpecs[j].type == GLP_LO ? .infinity : columnSpecs[j].upper
        }

        let p = glp_create_prob()!
        prob = p
        glp_set_prob_name(p, problemName)
        glp_set_obj_dir(p, model.sense == .maximize ? GLP_MAX : GLP_MIN)
        glp_set_obj_coef(p, 0, model.objectiveConstant)
        if m > 0 { glp_add_rows(p, Int32(m)) }
        if n > 0 { glp_add_cols(p, Int32(n)) }
        for (i, spec) in rowSpecs.enumerated() {
            let r = Int32(i + 1)
            glp_set_row_name(p, r, spec.name)
            glp_set_row_bnds(p, r, spec.type, spec.lower, spec.upper)
        }
        for (j, spec) in columnSpecs.enumerated() {
            Self.setColumn(p, Int32(j + 1), spec, model.columns[j])
        }
        let count = entryValues.count
        var ia = [Int32](repeating: 0, count: count + 1)
        var ja = [Int32](repeating: 0, count: count + 1)
        var ar = [Double](repeating: 0, count: count + 1)
        for k in 0..<count {
            ia[k + 1] = entryRows[k] + 1
            ja[k + 1] = entryColumns[k] + 1
            ar[k + 1] = entryValues[k]
        }
        glp_load_matrix(p, Int32(count), ia, ja, ar)
    }

    deinit {
        guard let prob else { return }
        // On a foreign thread, or after this thread's environment was reset, freeing would
        // abort the process (or touch freed memory): leak instead.
        guard pthread_equal(pthread_self(), owner) != 0,
              GLPKThreadState.current.generation == generation else { return }
        glp_delete_prob(prob)
    }

    /// The bounds GLPK gets for a column: a binary column's are intersected with [0, 1];
    /// an integer column's are rounded inward to integers (glp_intopt refuses fractional
    /// bounds on integer columns with GLP_EBOUND). Rejects NaN, crossed bounds, and an
    /// integer column whose bounds hold no integer.
    private static func effectiveBounds(_ kind: LinearModel.Kind, _ lower: Double, _ upper: Double,
                                        _ what: @autoclosure () -> String) throws(GLPKError) -> (lower: Double, upper: Double) {
        if lower.isNaN || upper.isNaN { throw .invalidArgument("\(what()): NaN bound") }
        if lower > upper { throw .invalidArgument("\(what()): lower bound \(lower) > upper bound \(upper)") }
        guard kind != .continuous else { return (lower, upper) }
        func inward(_ v: Double, _ rule: FloatingPointRoundingRule) -> Double {
            guard v.isFinite else { return v }
            let r = v.rounded()
            return abs(v - r) <= 1e-9 * max(1, abs(v)) ? r : v.rounded(rule)
        }
        var l = inward(lower, .up), u = inward(upper, .down)
        if kind == .binary { l = max(l, 0); u = min(u, 1) }
        if l > u {
            throw .invalidArgument("\(what()): bounds [\(lower), \(upper)] contain no \(kind == .binary ? "0 or 1" : "integer")")
        }
        return (l, u)
    }

    private static func columnSpec(_ column: LinearModel.Column, index j: Int) throws(GLPKError)
        -> (name: String, type: Int32, lower: Double, upper: Double)
    {
        let what = "column \(j) '\(column.name)'"
        try Check.finite(column.objective, "\(what) objective")
        let e = try effectiveBounds(column.kind, column.lower, column.upper, what)
        let b = try Check.bounds(e.lower, e.upper, what)
        return (try Check.name(column.name, fallback: "c\(j)", what), b.type, b.lower, b.upper)
    }

    private static func setColumn(_ p: OpaquePointer, _ c: Int32,
                                  _ spec: (name: String, type: Int32, lower: Double, upper: Double),
                                  _ column: LinearModel.Column) {
        glp_set_col_name(p, c, spec.name)
        switch column.kind {
        case .continuous: glp_set_col_kind(p, c, GLP_CV)
        case .integer: glp_set_col_kind(p, c, GLP_IV)
        case .binary: glp_set_col_kind(p, c, GLP_BV)  // [0, 1]; narrowed below if fixed
        }
        glp_set_col_bnds(p, c, spec.type, spec.lower, spec.upper)
        glp_set_obj_coef(p, c, column.objective)
    }

    // MARK: Liveness

    /// The live problem pointer, on the owning thread, in the current environment.
    private func live() throws(GLPKError) -> OpaquePointer {
        guard pthread_equal(pthread_self(), owner) != 0 else {
            throw .solverFailed("GLPKProblem used on a thread other than the one that created it")
        }
        guard let prob else { throw .solverFailed("the GLPK problem was freed after a fatal GLPK error") }
        guard GLPKThreadState.current.generation == generation else {
            self.prob = nil
            throw .solverFailed("this thread's GLPK environment was reset; the problem no longer exists")
        }
        return prob
    }

    /// After the shim's guard caught a fatal error (and freed the environment).
    private func died(_ sink: GLPKTerminalSink, _ call: String) -> GLPKError {
        GLPKThreadState.current.generation += 1
        prob = nil
        sink.flush()
        return .solverFailed("fatal GLPK error in \(call) (caught; this thread's GLPK problems were freed): \(sink.recentText)")
    }

    // MARK: Editing

    /// Appends columns (for column generation). New columns are non-basic, so the current
    /// basis stays valid and the next simplex restarts warm from it.
    /// - Returns: the 0-based indices of the new columns.
    @discardableResult
    public func addColumns(_ newColumns: [LinearModel.Column], entries: [[(row: Int, value: Double)]])
        throws(GLPKError) -> Range<Int>
    {
        let p = try live()
        guard newColumns.count == entries.count else {
            throw .invalidArgument("addColumns: \(newColumns.count) columns but \(entries.count) entry lists")
        }
        let first = columns.count
        if first + newColumns.count > Int(Int32.max) - 1 { throw .invalidArgument("addColumns: too many columns") }
        var specs: [(name: String, type: Int32, lower: Double, upper: Double)] = []
        for (k, column) in newColumns.enumerated() {
            specs.append(try Self.columnSpec(column, index: first + k))
            var seen = Set<Int>()
            for (row, value) in entries[k] {
                if row < 0 || row >= rows.count {
                    throw .invalidArgument("addColumns: column \(first + k): row index \(row) out of range 0..<\(rows.count)")
                }
                try Check.finite(value, "addColumns: column \(first + k), row \(row)")
                if !seen.insert(row).inserted {
                    throw .invalidArgument("addColumns: column \(first + k): duplicate entry for row \(row)")
                }
            }
        }
        guard !newColumns.isEmpty else { return first..<first }
        glp_add_cols(p, Int32(newColumns.count))
        for (k, column) in newColumns.enumerated() {
            let j = first + k
            Self.setColumn(p, Int32(j + 1), specs[k], column)
            var stored = column
            let spec = specs[k]
            stored.lower = spec.type == GLP_FR || spec.type == GLP_UP ? -.infinity : spec.lower
            stored.upper = spec.type == GLP_FR || spec.type == GLP_LO ? .infinity : spec.upper
            columns.append(stored)
            let list = entries[k].filter { $0.value != 0 }
            var ind: [Int32] = [0], val: [Double] = [0]
            for (row, value) in list {
                ind.append(Int32(row + 1)); val.append(value)
                entryRows.append(Int32(row)); entryColumns.append(Int32(j)); entryValues.append(value)
            }
            glp_set_mat_col(p, Int32(j + 1), Int32(list.count), ind, val)
        }
        return first..<columns.count
    }

    /// Appends rows (cuts, new constraints). New rows are basic, so the basis stays valid.
    /// - Returns: the 0-based indices of the new rows.
    @discardableResult
    public func addRows(_ newRows: [LinearModel.Row], entries: [[(column: Int, value: Double)]])
        throws(GLPKError) -> Range<Int>
    {
        let p = try live()
        guard newRows.count == entries.count else {
            throw .invalidArgument("addRows: \(newRows.count) rows but \(entries.count) entry lists")
        }
        let first = rows.count
        if first + newRows.count > Int(Int32.max) - 1 { throw .invalidArgument("addRows: too many rows") }
        var specs: [(name: String, type: Int32, lower: Double, upper: Double)] = []
        for (k, row) in newRows.enumerated() {
            let b = try Check.bounds(row.lower, row.upper, "addRows: row \(first + k) '\(row.name)'")
            specs.append((try Check.name(row.name, fallback: "r\(first + k)", "row \(first + k)"), b.type, b.lower, b.upper))
            var seen = Set<Int>()
            for (column, value) in entries[k] {
                if column < 0 || column >= columns.count {
                    throw .invalidArgument("addRows: row \(first + k): column index \(column) out of range 0..<\(columns.count)")
                }
                try Check.finite(value, "addRows: row \(first + k), column \(column)")
                if !seen.insert(column).inserted {
                    throw .invalidArgument("addRows: row \(first + k): duplicate entry for column \(column)")
                }
            }
        }
        guard !newRows.isEmpty else { return first..<first }
        glp_add_rows(p, Int32(newRows.count))
        for (k, row) in newRows.enumerated() {
            let i = first + k, r = Int32(i + 1)
            glp_set_row_name(p, r, specs[k].name)
            glp_set_row_bnds(p, r, specs[k].type, specs[k].lower, specs[k].upper)
            rows.append(row)
            let list = entries[k].filter { $0.value != 0 }
            var ind: [Int32] = [0], val: [Double] = [0]
            for (column, value) in list {
                ind.append(Int32(column + 1)); val.append(value)
                entryRows.append(Int32(i)); entryColumns.append(Int32(column)); entryValues.append(value)
            }
            glp_set_mat_row(p, r, Int32(list.count), ind, val)
        }
        return first..<rows.count
    }

    /// Sets a column's bounds (infinite means none). A binary column's are intersected with
    /// [0, 1], an integer column's rounded inward to integers.
    public func setColumnBounds(_ j: Int, lower: Double, upper: Double) throws(GLPKError) {
        let p = try live()
        guard j >= 0 && j < columns.count else { throw .invalidArgument("setColumnBounds: column \(j) out of range 0..<\(columns.count)") }
        let what = "setColumnBounds: column \(j)"
        let (l, u) = try Self.effectiveBounds(columns[j].kind, lower, upper, what)
        let b = try Check.bounds(l, u, what)
        glp_set_col_bnds(p, Int32(j + 1), b.type, b.lower, b.upper)
        columns[j].lower = l
        columns[j].upper = u
    }

    public func setObjectiveCoefficient(_ j: Int, _ value: Double) throws(GLPKError) {
        let p = try live()
        guard j >= 0 && j < columns.count else { throw .invalidArgument("setObjectiveCoefficient: column \(j) out of range 0..<\(columns.count)") }
        try Check.finite(value, "setObjectiveCoefficient: column \(j)")
        glp_set_obj_coef(p, Int32(j + 1), value)
        columns[j].objective = value
    }

    // MARK: LP

    /// Solves the LP relaxation (integrality ignored).
    public func solveLP(_ options: LPOptions = LPOptions()) throws(GLPKError) -> LPResult {
        let p = try live()
        let limit = try Check.timeLimit(options.timeLimitSeconds)
        return try withGLPKTerminal(options.log) { sink throws(GLPKError) -> LPResult in
            switch options.method {
            case .simplex:
                return try simplex(p, presolve: options.presolve, limitMs: limit, log: options.log != nil, sink)
            case .interiorPoint:
                return try interior(p, log: options.log != nil, sink)
            }
        }
    }

    private func simplex(_ p: OpaquePointer, presolve: Bool, limitMs: Int32?, log: Bool,
                         _ sink: GLPKTerminalSink) throws(GLPKError) -> LPResult {
        var parm = glp_smcp()
        glp_init_smcp(&parm)
        parm.msg_lev = log ? GLP_MSG_ALL : GLP_MSG_ERR
        parm.presolve = presolve ? GLP_ON : GLP_OFF
        if let limitMs { parm.tm_lim = limitMs }
        var ret = match_guarded_simplex(p, &parm)
        if ret == MATCH_GLPK_FATAL { throw died(sink, "simplex") }
        if !presolve && (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND) {
            // The stored basis is unusable (e.g. after heavy edits): restart from scratch.
            glp_std_basis(p)
            ret = match_guarded_simplex(p, &parm)
            if ret == MATCH_GLPK_FATAL { throw died(sink, "simplex") }
        }
        lastLP = .simplex
        switch ret {
        case 0:
            switch glp_get_status(p) {
            case GLP_OPT: return LPResult(status: .optimal, objective: glp_get_obj_val(p))
            case GLP_NOFEAS: return LPResult(status: .infeasible, objective: .nan)
            case GLP_UNBND: return LPResult(status: .unbounded, objective: sense == .maximize ? .infinity : -.infinity)
            default: return LPResult(status: .failed, objective: .nan)
            }
        case GLP_ETMLIM, GLP_EITLIM:
            return LPResult(status: .timeLimit, objective: .nan)
        case GLP_ENOPFS where presolve:
            return LPResult(status: .infeasible, objective: .nan)
        case GLP_ENODFS where presolve:
            // No dual feasible solution: infeasible or unbounded. Classify without presolve.
            return try simplex(p, presolve: false, limitMs: limitMs, log: log, sink)
        default:
            return LPResult(status: .failed, objective: .nan)
        }
    }

    private func interior(_ p: OpaquePointer, log: Bool, _ sink: GLPKTerminalSink) throws(GLPKError) -> LPResult {
        if rows.isEmpty || columns.isEmpty {
            // glp_interior refuses an empty problem (GLP_EFAIL); the simplex handles it.
            return try simplex(p, presolve: false, limitMs: nil, log: log, sink)
        }
        var parm = glp_iptcp()
        glp_init_iptcp(&parm)
        parm.msg_lev = log ? GLP_MSG_ON : GLP_MSG_ERR
        let ret = match_guarded_interior(p, &parm)
        if ret == MATCH_GLPK_FATAL { throw died(sink, "interior") }
        lastLP = .interior
        switch ret {
        case 0:
            switch glp_ipt_status(p) {
            case GLP_OPT: return LPResult(status: .optimal, objective: glp_ipt_obj_val(p))
            case GLP_NOFEAS: return LPResult(status: .infeasible, objective: .nan)
            default: return LPResult(status: .failed, objective: .nan)
            }
        case GLP_ENOFEAS:
            // No primal or no dual feasible solution: let the simplex tell which.
            return try simplex(p, presolve: false, limitMs: nil, log: log, sink)
        default:
            return LPResult(status: .failed, objective: .nan)
        }
    }

    /// Column values of the last `solveLP` (simplex or interior point); empty before one.
    public var primalValues: [Double] {
        guard let p = try? live() else { return [] }
        switch lastLP {
        case .none: return []
        case .simplex: return (0..<columns.count).map { glp_get_col_prim(p, Int32($0 + 1)) }
        case .interior: return (0..<columns.count).map { glp_ipt_col_prim(p, Int32($0 + 1)) }
        }
    }

    /// Row duals (shadow prices) of the last `solveLP`; empty before one.
    public var rowDuals: [Double] {
        guard let p = try? live() else { return [] }
        switch lastLP {
        case .none: return []
        case .simplex: return (0..<rows.count).map { glp_get_row_dual(p, Int32($0 + 1)) }
        case .interior: return (0..<rows.count).map { glp_ipt_row_dual(p, Int32($0 + 1)) }
        }
    }

    /// Reduced costs of the columns after the last `solveLP`; empty before one.
    public var reducedCosts: [Double] {
        guard let p = try? live() else { return [] }
        switch lastLP {
        case .none: return []
        case .simplex: return (0..<columns.count).map { glp_get_col_dual(p, Int32($0 + 1)) }
        case .interior: return (0..<columns.count).map { glp_ipt_col_dual(p, Int32($0 + 1)) }
        }
    }

    // MARK: MIP

    /// Solves the MIP by GLPK's branch and cut.
    ///
    /// - Without presolve (or with a start plan) the LP relaxation is solved first with
    ///   `glp_simplex` from the current basis, as `glp_intopt` requires; with presolve,
    ///   `glp_intopt` solves it itself.
    /// - `start`: a feasible plan (one value per column), checked in Swift (length, finite,
    ///   bounds, integrality, rows, to 1e-6) and handed to GLPK as a heuristic solution at
    ///   the first `GLP_IHEUR` callback. If the search stops before accepting a better plan,
    ///   the result is the start plan itself, so `hasSolution` is true whenever a start is
    ///   given. Forces presolve off.
    /// - `progress`: called from GLPK's callback, at most about every 0.5 s, for any
    ///   callback reason; return false to stop (`.stopped`, best plan kept).
    public func solveMIP(_ options: MIPOptions = MIPOptions(), start: [Double]? = nil,
                         progress: ((MIPProgress) -> Bool)? = nil) throws(GLPKError) -> MIPResult {
        let p = try live()
        let limit = try Check.timeLimit(options.timeLimitSeconds)
        guard options.relativeGap.isFinite && options.relativeGap >= 0 else {
            throw .invalidArgument("relativeGap must be finite and >= 0, got \(options.relativeGap)")
        }
        let startPlan: [Double]? = try start.map { (s) throws(GLPKError) -> [Double] in try checkedStart(s) }
        let began = ContinuousClock.now
        return try withGLPKTerminal(options.log) { sink throws(GLPKError) -> MIPResult in
            try branchAndCut(p, options, limitMs: limit, start: startPlan, progress: progress, began: began, sink)
        }
    }

    private func branchAndCut(_ p: OpaquePointer, _ options: MIPOptions, limitMs: Int32?, start: [Double]?,
                              progress: ((MIPProgress) -> Bool)?, began: ContinuousClock.Instant,
                              _ sink: GLPKTerminalSink) throws(GLPKError) -> MIPResult {
        let log = options.log != nil
        // Presolve off for a start plan (the callback would see presolved columns) and for
        // a problem without columns (handled from the relaxation, see below).
        let usePresolve = options.presolve && start == nil && !columns.isEmpty
        var relaxationBound: Double?
        if !usePresolve {
            let lp = try simplex(p, presolve: false, limitMs: limitMs, log: log, sink)
            switch lp.status {
            case .optimal: relaxationBound = lp.objective
            case .infeasible: return finish(.infeasible, bound: .nan, start: start)
            case .timeLimit: return finish(.timeLimit, bound: nil, start: start)
            case .unbounded, .failed: return finish(.failed, bound: nil, start: start)
            }
        }
        if columns.isEmpty {
            // No columns: the relaxation above already decided everything (glp_intopt with
            // a callback fails fatally on such a problem: "glp_add_cols: ncs = 0").
            return MIPResult(termination: .optimal, hasSolution: true, objective: objectiveConstant,
                             bestBound: objectiveConstant, gap: 0, columnValues: [])
        }
        var parm = glp_iocp()
        glp_init_iocp(&parm)
        parm.msg_lev = log ? GLP_MSG_ALL : GLP_MSG_ERR
        parm.presolve = usePresolve ? GLP_ON : GLP_OFF
        parm.mip_gap = options.relativeGap
        let cuts = options.cuts ? GLP_ON : GLP_OFF
        parm.mir_cuts = cuts
        parm.gmi_cuts = cuts
        parm.cov_cuts = cuts
        parm.clq_cuts = cuts
        parm.fp_heur = options.feasibilityPump ? GLP_ON : GLP_OFF
        parm.ps_heur = options.proximitySearch ? GLP_ON : GLP_OFF
        parm.ps_tm_lim = 60_000
        if let limitMs {
            let used = Self.milliseconds(since: began)
            let left = Double(limitMs) - used
            if left < 1 { return finish(.timeLimit, bound: relaxationBound, start: start) }
            parm.tm_lim = Int32(left.rounded(.down))
            parm.ps_tm_lim = min(parm.ps_tm_lim, parm.tm_lim)
        }
        let context = MIPCallbackContext(start: start, progress: progress, began: began)
        context.stop = options.stop
        context.nodeLimit = options.nodeLimit
        context.stallNodes = options.stallNodes
        let ret: Int32 = withExtendedLifetime(context) {
            parm.cb_func = glpkMIPCallback
            parm.cb_info = Unmanaged.passUnretained(context).toOpaque()
            return match_guarded_intopt(p, &parm)
        }
        if ret == MATCH_GLPK_FATAL { throw died(sink, "intopt") }
        let bound = context.lastBound ?? relaxationBound
        switch ret {
        case 0:
            switch glp_mip_status(p) {
            case GLP_OPT: return finish(.optimal, bound: nil, start: start, proved: true)
            case GLP_NOFEAS: return finish(.infeasible, bound: .nan, start: start)
            default: return finish(.failed, bound: bound, start: start)
            }
        case GLP_EMIPGAP: return finish(.optimal, bound: bound, start: start)
        case GLP_ETMLIM: return finish(.timeLimit, bound: bound, start: start)
        case GLP_ESTOP: return finish(context.workLimitHit ? .nodeLimit : .stopped, bound: bound, start: start)
        case GLP_ENOPFS: return finish(.infeasible, bound: .nan, start: start)
        case GLP_ENODFS where usePresolve:
            // The relaxation has no dual feasible solution: infeasible or unbounded.
            let lp = try simplex(p, presolve: false, limitMs: nil, log: log, sink)
            return finish(lp.status == .infeasible ? .infeasible : .failed, bound: lp.status == .infeasible ? .nan : nil, start: nil)
        default: return finish(.failed, bound: bound, start: start)
        }
    }

    /// Builds the result from GLPK's MIP solution (or the start plan, if better or alone).
    /// `bound` nil means "nothing known"; `proved` means optimal with gap 0.
    private func finish(_ termination: MIPTermination, bound: Double?, start: [Double]?, proved: Bool = false) -> MIPResult {
        let p = prob!
        let status = glp_mip_status(p)
        var hasSolution = status == GLP_OPT || status == GLP_FEAS
        var objective = Double.nan
        var values: [Double] = []
        if hasSolution {
            // Integer columns come back within GLPK's tol_int (1e-5) of an integer: round
            // them, and recompute the objective from the rounded plan so that it is exact.
            values = (0..<columns.count).map { j in
                let v = glp_mip_col_val(p, Int32(j + 1))
                return columns[j].kind == .continuous ? v : v.rounded()
            }
            objective = value(of: values)
        }
        if let start, termination != .infeasible {
            let startObjective = value(of: start)
            let better = sense == .maximize ? startObjective > objective : startObjective < objective
            if !hasSolution || better {
                hasSolution = true
                objective = startObjective
                values = start
            }
        }
        let unknown = sense == .maximize ? Double.infinity : -.infinity
        var bestBound = proved ? objective : (bound ?? unknown)
        if hasSolution && !bestBound.isNaN {
            // Never report a bound on the wrong side of a plan we hold (tolerance noise).
            bestBound = sense == .maximize ? max(bestBound, objective) : min(bestBound, objective)
        }
        var gap = Double.infinity
        if hasSolution {
            gap = proved ? 0 : abs(objective - bestBound) / (abs(objective) + Double.ulpOfOne)
        }
        return MIPResult(termination: termination, hasSolution: hasSolution, objective: objective,
                         bestBound: bestBound, gap: gap, columnValues: values)
    }

    private func value(of x: [Double]) -> Double {
        var v = objectiveConstant
        for (j, column) in columns.enumerated() { v += column.objective * x[j] }
        return v
    }

    /// Checks a start plan; returns it with integer columns rounded to exact integers.
    private func checkedStart(_ start: [Double]) throws(GLPKError) -> [Double] {
        guard start.count == columns.count else {
            throw .invalidArgument("start plan has \(start.count) values, the problem has \(columns.count) columns")
        }
        let tolerance = 1e-6
        func slack(_ b: Double) -> Double { tolerance * max(1, abs(b)) }
        var x = start
        for (j, column) in columns.enumerated() {
            var v = x[j]
            guard v.isFinite else { throw .invalidArgument("start plan: column \(j) value \(v) is not finite") }
            if column.kind != .continuous {
                let r = v.rounded()
                guard abs(v - r) <= tolerance else { throw .invalidArgument("start plan: integer column \(j) has value \(v)") }
                v = r
                x[j] = r
            }
            if v < column.lower - slack(column.lower) || v > column.upper + slack(column.upper) {
                throw .invalidArgument("start plan: column \(j) value \(v) outside [\(column.lower), \(column.upper)]")
            }
        }
        var activity = [Double](repeating: 0, count: rows.count)
        for k in 0..<entryValues.count { activity[Int(entryRows[k])] += entryValues[k] * x[Int(entryColumns[k])] }
        for (i, row) in rows.enumerated() where activity[i] < row.lower - slack(row.lower) || activity[i] > row.upper + slack(row.upper) {
            throw .invalidArgument("start plan violates row \(i) '\(row.name)': activity \(activity[i]) outside [\(row.lower), \(row.upper)]")
        }
        return x
    }

    private static func milliseconds(since instant: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - instant
        return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15
    }

    // MARK: Files

    /// Writes the problem in CPLEX LP format (`glp_write_lp`).
    public func writeLP(to path: String) throws(GLPKError) {
        let p = try live()
        try Self.checkPath(path)
        try withGLPKTerminal(nil) { sink throws(GLPKError) in
            let ret = match_guarded_write_lp(p, path)
            if ret == MATCH_GLPK_FATAL { throw died(sink, "write_lp") }
            if ret != 0 { sink.flush(); throw GLPKError.io("cannot write LP file '\(path)': \(sink.recentText)") }
        }
    }

    /// Writes the problem in MPS format, free (default) or fixed (`glp_write_mps`).
    public func writeMPS(to path: String, free: Bool = true) throws(GLPKError) {
        let p = try live()
        try Self.checkPath(path)
        try withGLPKTerminal(nil) { sink throws(GLPKError) in
            let ret = match_guarded_write_mps(p, free ? GLP_MPS_FILE : GLP_MPS_DECK, path)
            if ret == MATCH_GLPK_FATAL { throw died(sink, "write_mps") }
            if ret != 0 { sink.flush(); throw GLPKError.io("cannot write MPS file '\(path)': \(sink.recentText)") }
        }
    }

    private static func checkPath(_ path: String) throws(GLPKError) {
        if path.isEmpty || path.utf8.contains(0) { throw .invalidArgument("invalid file path '\(path)'") }
    }

    // MARK: Testing

    /// Provokes a real GLPK fatal error (an out-of-range column index, passed straight to
    /// GLPK under the shim's guard) to test the guard. Throws `.solverFailed`; afterwards
    /// every problem of this thread is dead.
    func provokeFatalErrorForTesting() throws(GLPKError) {
        let p = try live()
        try withGLPKTerminal(nil) { sink throws(GLPKError) in
            let ret = match_guarded_set_obj_coef(p, Int32(columns.count + 7), 1)
            if ret == MATCH_GLPK_FATAL { throw died(sink, "set_obj_coef") }
        }
    }
}

// MARK: - MIP callback

/// State shared with GLPK's branch-and-cut callback for one `solveMIP` call.
final class MIPCallbackContext {
    let start: [Double]?
    let progress: ((MIPProgress) -> Bool)?
    let began: ContinuousClock.Instant
    var startOffered = false
    var startAccepted = false
    var stopRequested = false
    /// An outside request to stop (Ctrl-C), checked at every callback.
    var stop: StopRequest?
    /// The best bound over active nodes, last seen in any callback.
    var lastBound: Double?
    private var lastReport: ContinuousClock.Instant
    var nodeLimit: Int?
    var stallNodes: Int?
    /// True once a node limit ended the search.
    private(set) var workLimitHit = false
    private var lastChange: (objective: Double?, bound: Double?, node: Int) = (nil, nil, 0)

    /// Applies the node limits (every callback, so the stopping node does not depend on time).
    private func workLimitReached(_ tree: OpaquePointer) -> Bool {
        guard nodeLimit != nil || stallNodes != nil else { return false }
        var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
        glp_ios_tree_size(tree, &active, &current, &total)
        let nodes = Int(total)
        if let nodeLimit, nodes >= nodeLimit { return true }
        guard let stallNodes else { return false }
        let p = glp_ios_get_prob(tree)!
        let status = glp_mip_status(p)
        let objective: Double? = status == GLP_FEAS || status == GLP_OPT ? glp_mip_obj_val(p) : nil
        if objective != lastChange.objective || lastBound != lastChange.bound {
            lastChange = (objective, lastBound, nodes)
            return false
        }
        return nodes - lastChange.node >= stallNodes
    }

    init(start: [Double]?, progress: ((MIPProgress) -> Bool)?, began: ContinuousClock.Instant) {
        self.start = start
        self.progress = progress
        self.began = began
        self.lastReport = began
    }

    func handle(_ tree: OpaquePointer) {
        let node = glp_ios_best_node(tree)
        if node != 0 {
            let b = glp_ios_node_bound(tree, node)
            if abs(b) < 1e300 { lastBound = b }
        }
        if glp_ios_reason(tree) == GLP_IHEUR, !startOffered, let start {
            startOffered = true
            var x = [0.0] + start  // GLPK reads x[1...n]
            startAccepted = glp_ios_heur_sol(tree, &x) == 0
        }
        if !stopRequested, stop?.isRequested == true {
            stopRequested = true
            glp_ios_terminate(tree)
            return
        }
        if !stopRequested, workLimitReached(tree) {
            stopRequested = true
            workLimitHit = true
            glp_ios_terminate(tree)
            return
        }
        guard let progress, !stopRequested else { return }
        let now = ContinuousClock.now
        guard now - lastReport >= .milliseconds(500) else { return }
        lastReport = now
        let p = glp_ios_get_prob(tree)!
        let status = glp_mip_status(p)
        let hasIncumbent = status == GLP_FEAS || status == GLP_OPT
        var gap: Double?
        if hasIncumbent {
            let g = glp_ios_mip_gap(tree)
            if g.isFinite && g < 1e300 { gap = g }
        }
        let elapsed = now - began
        let snapshot = MIPProgress(
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            bestObjective: hasIncumbent ? glp_mip_obj_val(p) : nil,
            bestBound: lastBound, gap: gap)
        if !progress(snapshot) {
            stopRequested = true
            glp_ios_terminate(tree)
        }
    }
}

private func glpkMIPCallback(_ tree: OpaquePointer?, _ info: UnsafeMutableRawPointer?) {
    guard let tree, let info else { return }
    Unmanaged<MIPCallbackContext>.fromOpaque(info).takeUnretainedValue().handle(tree)
}
