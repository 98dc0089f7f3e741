import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// All-or-nothing replacement of an output folder (docs/OUTPUTS.md, "How files are written").
///
/// 1. Lock: the folder (created if missing) is opened and locked with `flock`; a second
///    `match` writing into the same folder waits until the first has swapped its files in
///    (the lock follows the folder: after a swap the waiter re-opens the new one).
/// 2. Write: every file in full, flushed, into a fresh hidden sibling `.NAME.new-PID-N`.
/// 3. Carry over: top-level entries of the old folder that this write does not produce (another
///    variant's sub-folder, an exported model, the planner's own notes) are moved into it.
/// 4. Swap: the old folder is renamed to `.NAME.old-PID-N`, the new one to NAME, and the old
///    one removed. Readers see either the old folder or the new one, never a mix; if the
///    second rename fails the old folder is renamed back.
///
/// Every exit path removes the hidden siblings: errors here, and a second Ctrl-C through
/// `abandonAll()`, which the command line calls before it exits.
public enum OutputFolder {
    /// A step of `replace`, for tests that make one fail.
    enum Step: Equatable { case wroteFile(Int), carriedOver, swapping }

    public static func replace(_ directory: String, with files: [(name: String, data: Data)],
                               waiting: (() -> Void)? = nil) throws {
        try replace(directory, with: files, waiting: waiting, fault: nil)
    }

    static func replace(_ directory: String, with files: [(name: String, data: Data)],
                        waiting: (() -> Void)? = nil, fault: ((Step) throws -> Void)?) throws {
        let path = absolutePath(directory)
        let parent = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let cwd = absolutePath(".")
        if path == "/" || cwd == path || cwd.hasPrefix(path + "/") {
            throw PlanWriteError(path: directory, message: "is the working folder or holds it; write into a sub-folder such as out/")
        }
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw PlanWriteError(path: directory, message: "cannot create the output directory (\(error.localizedDescription))")
        }
        let lock = try Lock(path, display: directory, waiting: waiting)
        defer { lock.release() }

        let tag = Registry.shared.nextTag()
        let staging = parent + "/." + name + ".new-" + tag
        let old = parent + "/." + name + ".old-" + tag
        Registry.shared.add(staging)
        Registry.shared.add(old)
        defer { Registry.shared.remove(staging); Registry.shared.remove(old) }
        var carried: [String] = []
        func abandon() {
            for e in carried { _ = rename(staging + "/" + e, path + "/" + e) }
            try? fm.removeItem(atPath: staging)
        }
        do {
            guard mkdir(staging, 0o755) == 0 else { throw PlanWriteError(path: staging, message: "cannot create (\(errnoText()))") }
            for (k, f) in files.enumerated() {
                let target = staging + "/" + f.name
                do {
                    // A name with a folder (dispatch/…): the folder is made inside the new one.
                    let folder = (target as NSString).deletingLastPathComponent
                    if folder != staging { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                    try writeFile(f.data, to: target)
                } catch {
                    throw PlanWriteError(path: (directory as NSString).appendingPathComponent(f.name), message: "cannot write (\(error))")
                }
                try fault?(.wroteFile(k))
            }
            // What this write produces, by top-level entry: `dispatch/x.html` produces `dispatch`,
            // which replaces the old `dispatch/` whole.
            let produced = Set(files.map { String($0.name.split(separator: "/", maxSplits: 1).first ?? Substring($0.name)) })
            let entries = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            for e in entries.sorted() where !produced.contains(e) {
                guard rename(path + "/" + e, staging + "/" + e) == 0 else {
                    throw PlanWriteError(path: path + "/" + e, message: "cannot keep (\(errnoText()))")
                }
                carried.append(e)
            }
            try fault?(.carriedOver)
            try Registry.shared.swapping {
                try fault?(.swapping)
                guard rename(path, old) == 0 else { throw PlanWriteError(path: directory, message: "cannot replace (\(errnoText()))") }
                guard rename(staging, path) == 0 else {
                    let why = errnoText()
                    _ = rename(old, path)
                    throw PlanWriteError(path: directory, message: "cannot replace (\(why))")
                }
            }
        } catch {
            abandon()
            throw error
        }
        try? fm.removeItem(atPath: old)
    }

    /// Removes the hidden sibling folders of writes under way (a second Ctrl-C): the previous
    /// output folders stay as they were. Waits for a swap in progress, then keeps others from
    /// starting; call it just before exiting.
    public static func abandonAll() {
        Registry.shared.abandonAll()
    }

    /// Creates (or truncates) `path`, writes all of `data` and flushes it to disk.
    static func writeFile(_ data: Data, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else { throw POSIXText(errno) }
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
        try handle.synchronize()
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    struct POSIXText: Error, CustomStringConvertible {
        var code: Int32
        init(_ code: Int32) { self.code = code }
        var description: String { String(cString: strerror(code)) }
    }

    /// An exclusive `flock` on the folder at `path`, re-taken if the folder was swapped while waiting.
    final class Lock {
        private var fd: Int32 = -1

        init(_ path: String, display: String, waiting: (() -> Void)?) throws {
            var told = false
            while true {
                let f = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                guard f >= 0 else { throw PlanWriteError(path: display, message: "cannot open to lock (\(OutputFolder.errnoText()))") }
                if flock(f, LOCK_EX | LOCK_NB) != 0 {
                    if !told { told = true; waiting?() }
                    guard flock(f, LOCK_EX) == 0 else {
                        let why = OutputFolder.errnoText()
                        close(f)
                        throw PlanWriteError(path: display, message: "cannot lock (\(why))")
                    }
                }
                // The folder we locked must still be the one at `path` (the holder may have swapped it).
                var a = stat(), b = stat()
                if fstat(f, &a) == 0, stat(path, &b) == 0, a.st_ino == b.st_ino, a.st_dev == b.st_dev {
                    fd = f
                    return
                }
                close(f)
                if stat(path, &b) != 0, mkdir(path, 0o755) != 0, errno != EEXIST {
                    throw PlanWriteError(path: display, message: "cannot create the output directory (\(OutputFolder.errnoText()))")
                }
            }
        }

        func release() {
            if fd >= 0 { close(fd); fd = -1 }
        }

        deinit { release() }
    }

    /// The hidden folders of writes under way (new and old), for `abandonAll`.
    final class Registry: @unchecked Sendable {
        static let shared = Registry()
        private let lock = NSLock()
        private var staging = Set<String>()
        private var counter = 0
        private var closed = false

        func nextTag() -> String {
            lock.lock(); defer { lock.unlock() }
            counter += 1
            return "\(getpid())-\(counter)"
        }

        func add(_ path: String) { lock.lock(); staging.insert(path); lock.unlock() }
        func remove(_ path: String) { lock.lock(); staging.remove(path); lock.unlock() }

        /// Runs the two renames of a swap so that `abandonAll` never sees half of one.
        func swapping(_ body: () throws -> Void) throws {
            lock.lock(); defer { lock.unlock() }
            if closed { throw PlanWriteError(path: "", message: "interrupted") }
            try body()
        }

        func abandonAll() {
            lock.lock()
            closed = true
            for s in staging.sorted() { try? FileManager.default.removeItem(atPath: s) }
            staging.removeAll()
            lock.unlock()
        }
    }
}
