import Foundation
import GRDB

/// A ledger error that is not about an input file: the database cannot be opened or written.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) { self.path = path; self.message = message }
    public var description: String { "\(path): \(message)" }
}

/// Everything one `match record` stores: the plan row and its children (plan id unset).
public struct Recording: Sendable {
    public var plan: PlanRecord
    public var members: [MemberRecord]
    public var units: [UnitRecord]
    public var communities: [CommunityRecord]
    public var needs: [NeedRecord]
    public var projects: [ProjectRecord]
    public var sessions: [SessionRecord]
}

/// The ledger database: one SQLite file in WAL mode, its schema made only by named migrations,
/// every import one transaction. The only type that talks to the database.
public final class LedgerStore: Sendable {
    public let path: String
    let queue: DatabaseQueue
    /// The private copy a read-only ledger is read from, when it cannot be read in place.
    private let copy: String?

    deinit {
        if let copy { try? FileManager.default.removeItem(atPath: copy) }
    }

    /// Opens (creating when missing) the ledger at `path` and brings its schema up to date; with
    /// `readOnly` opens an existing ledger for reading only (`match ledger`, `carry-over`), which
    /// works on a read-only file and changes nothing. A ledger written by a newer `match` (a
    /// migration this one does not know) is refused for writing, with a word, never altered.
    public init(path: String, readOnly: Bool = false) throws(LedgerError) {
        self.path = path
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.readonly = readOnly
            if !readOnly {
                config.prepareDatabase { db in
                    // WAL: readers never block the one writer; a killed import leaves the last commit.
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                }
            }
            do {
                queue = try DatabaseQueue(path: path, configuration: config)
                copy = nil
            } catch where readOnly {
                // A ledger in WAL mode needs its -shm file even to be read; in a folder the user
                // may not write, read a private copy (with its -wal) instead.
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("match-ledger-\(UUID().uuidString)").path
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                copy = folder
                for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
                    try FileManager.default.copyItem(atPath: path + suffix, toPath: folder + "/ledger.sqlite" + suffix)
                }
                config.readonly = false
                queue = try DatabaseQueue(path: folder + "/ledger.sqlite", configuration: config)
            }
        } catch {
            throw LedgerError(path: path, message: "cannot open the ledger: \(error)")
        }
        let migrator = LedgerStore.migrator
        let state: (newer: Bool, complete: Bool)
        do {
            state = try queue.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
        } catch {
            throw LedgerError(path: path, message: "cannot read the ledger: \(error)")
        }
        if state.newer && !readOnly {
            throw LedgerError(path: path, message: "the ledger was written by a newer version of match; it is left as it is. Update match (or use a copy of the ledger) before recording into it / 台账由更新版本的 match 写入，未作改动；请先更新 match 再写入")
        }
        if readOnly {
            if !state.complete && !state.newer {
                throw LedgerError(path: path, message: "the ledger's tables are older than this match; `match record` brings them up to date / 台账版本较旧，请先运行 match record 更新")
            }
            return
        }
        do {
            try migrator.migrate(queue)
        } catch {
            throw LedgerError(path: path, message: "cannot bring the ledger up to date: \(error)")
        }
    }

    /// The schema, as named migrations (docs/LEDGER.md). Add a new migration for any change; never edit one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-ledger") { db in
            try db.create(table: "plan") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("scenario", .text).notNull()
                t.column("variant", .text).notNull()
                t.column("quarter", .text).notNull()
                t.column("year", .integer).notNull().indexed()
                t.column("period_start", .text).notNull()
                t.column("period_end", .text).notNull()
                t.column("status", .text).notNull()
                t.column("plan_json", .text).notNull()
                t.column("attendance_file", .text).notNull()
                t.column("feedback_file", .text)
                t.column("recorded_at", .text).notNull()
                t.uniqueKey(["scenario", "variant", "quarter"])
            }
            func planKey(_ t: TableDefinition) {
                t.column("plan_id", .integer).notNull().references("plan", onDelete: .cascade)
            }
            try db.create(table: "member") { t in
                planKey(t)
                t.column("member", .text).notNull()
                t.column("name", .text).notNull()
                t.column("unit", .text).notNull()
                t.column("community", .text).notNull()
                t.primaryKey(["plan_id", "member"])
            }
            try db.create(table: "unit") { t in
                planKey(t)
                t.column("unit", .text).notNull()
                t.column("name", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("funds", .double).notNull()
                t.primaryKey(["plan_id", "unit"])
            }
            try db.create(table: "community") { t in
                planKey(t)
                t.column("community", .text).notNull()
                t.column("name", .text).notNull()
                t.primaryKey(["plan_id", "community"])
            }
            try db.create(table: "need") { t in
                planKey(t)
                t.column("need", .text).notNull()
                t.column("community", .text).notNull()
                t.column("title", .text).notNull()
                t.column("households", .integer).notNull()
                t.column("urgency", .integer).notNull()
                t.column("planned", .boolean).notNull()
                t.column("covered", .boolean).notNull()
                t.column("quarters_waited", .integer).notNull()
                t.primaryKey(["plan_id", "need"])
            }
            try db.create(table: "project") { t in
                planKey(t)
                t.column("project", .text).notNull()
                t.column("title", .text).notNull()
                t.column("community", .text).notNull()
                t.column("lead_unit", .text).notNull()
                t.column("hours", .double).notNull()
                t.column("sessions", .integer).notNull()
                t.column("unit_funds", .double).notNull()
                t.column("street_funds", .double).notNull()
                t.column("needs", .text).notNull()
                t.column("completed", .boolean).notNull()
                t.column("completed_from", .text).notNull()
                t.column("satisfaction", .integer)
                t.primaryKey(["plan_id", "project"])
            }
            try db.create(table: "session") { t in
                planKey(t)
                t.column("member", .text).notNull()
                t.column("project", .text).notNull()
                t.column("date", .text).notNull()
                t.column("hours", .double).notNull()
                t.column("attended", .boolean).notNull()
                t.primaryKey(["plan_id", "member", "project", "date"])
            }
            try db.create(index: "session_member", on: "session", columns: ["member"])
        }
        return m
    }

    /// Stores a recording in one transaction, replacing the plan of the same (scenario, variant,
    /// quarter) and everything it brought. Any failure (a row SQLite refuses, a full disk, a
    /// killed process) rolls the whole import back, the earlier record included. Returns the plan's id and whether an earlier record was replaced.
    @discardableResult
    public func record(_ r: Recording) throws -> (planID: Int64, replaced: Bool) {
        try queue.write { db in
            let earlier = try PlanRecord
                .filter(Column("scenario") == r.plan.scenario && Column("variant") == r.plan.variant
                        && Column("quarter") == r.plan.quarter)
                .deleteAll(db)
            var plan = r.plan
            plan.id = nil
            try plan.insert(db)
            guard let id = plan.id else { throw LedgerError(path: path, message: "the plan row got no id") }
            func put<R: PersistableRecord>(_ rows: [R], _ assign: (inout R) -> Void) throws {
                for var row in rows {
                    assign(&row)
                    try row.insert(db)
                }
            }
            try put(r.members) { $0.planID = id }
            try put(r.units) { $0.planID = id }
            try put(r.communities) { $0.planID = id }
            try put(r.needs) { $0.planID = id }
            try put(r.projects) { $0.planID = id }
            try put(r.sessions) { $0.planID = id }
            return (id, earlier > 0)
        }
    }

    /// Runs a read-only block (a snapshot: no import is seen half done).
    public func read<T>(_ block: (Database) throws -> T) throws -> T {
        try queue.read(block)
    }

    /// The recorded plans, by year, quarter, scenario and variant.
    public func plans(year: Int? = nil) throws -> [PlanRecord] {
        try queue.read { db in
            var request = PlanRecord.order(Column("year"), Column("quarter"), Column("scenario"), Column("variant"))
            if let year { request = request.filter(Column("year") == year) }
            return try request.fetchAll(db)
        }
    }

    /// Row counts per table (for tests and `match ledger`'s summary line).
    public func counts() throws -> [String: Int] {
        try queue.read { db in
            var out: [String: Int] = [:]
            for t in ["plan", "member", "unit", "community", "need", "project", "session"] {
                out[t] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(t)") ?? 0
            }
            return out
        }
    }
}
