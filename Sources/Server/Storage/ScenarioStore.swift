import Foundation
import Matcher
import Synchronization
import Yams

/// One scenario folder in `--data`: its name (the folder's) and scenario file.
struct StoredScenario: Sendable, Hashable {
    /// The folder's name, which is the scenario's id in URLs.
    var id: String
    var folder: String
    /// The scenario file's path (scenario.yaml, or the folder's only .yaml/.yml file).
    var file: String
    /// Where plans of this scenario go: one sub-folder per job.
    var outFolder: String { folder + "/out" }
}

/// The result of reading and validating a stored scenario.
struct Validation: Sendable {
    var scenario: Scenario?
    /// Errors and warnings, file names relative to the scenario's folder.
    var diagnostics: [Diagnostic]
    var errors: [Diagnostic] { diagnostics.filter(\.isError) }
}

/// The `--data` folder: one folder per scenario (uploaded, or put there by hand), each holding
/// its scenario file and lists, and `out/JOB/` per solve. Temporary files live in `.tmp/` inside
/// it, so nothing is written anywhere else. Ids from URLs are looked up in the folder's listing,
/// never joined onto a path unchecked.
final class ScenarioStore: Sendable {
    let root: String
    let limits: UploadLimits
    /// Serialises uploads choosing folder names, and what-if edits of scenario files.
    private let lock = Mutex(())
    /// Each scenario's last validation, with the files it read (names, sizes, modification
    /// times): a page view validates again only when a file changed (issue 27, item 5).
    /// How many times a scenario was read and validated (tests see the cache work).
    let readings = Mutex(0)
    private let validations = Mutex<[String: (signature: [String], validation: Validation)]>([:])

    init(root: String, limits: UploadLimits) throws {
        let url = URL(fileURLWithPath: root).standardizedFileURL
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.root = url.resolvingSymlinksInPath().path
        self.limits = limits
        sweep()
    }

    /// What a killed server left behind: unfinished uploads in `.tmp/` and unfinished plan
    /// folders (`out/.JOB.partial`) of every scenario (issue 27, item 8). Run at start, before
    /// any job or upload.
    private func sweep() {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: tmp)) ?? [] {
            try? fm.removeItem(atPath: tmp + "/" + name)
        }
        for name in (try? fm.contentsOfDirectory(atPath: root)) ?? [] where !name.hasPrefix(".") {
            let out = root + "/" + name + "/out"
            for entry in (try? fm.contentsOfDirectory(atPath: out)) ?? [] where entry.hasPrefix(".") && entry.hasSuffix(".partial") {
                try? fm.removeItem(atPath: out + "/" + entry)
            }
        }
    }

    /// Bytes of every file under the data folder.
    func usedBytes() -> Int64 {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: root) else { return 0 }
        var total: Int64 = 0
        while e.nextObject() != nil {
            if let a = e.fileAttributes, a[.type] as? FileAttributeType == .typeRegular {
                total += (a[.size] as? NSNumber)?.int64Value ?? 0
            }
        }
        return total
    }

    /// nil while the data folder is within its quota, else the refusal's words.
    func quotaProblem(adding bytes: Int64 = 0) -> UploadError? {
        let used = usedBytes()
        guard used + bytes > limits.dataQuotaBytes else { return nil }
        return UploadError(.insufficientStorage,
            "the data folder is full (\(used >> 20) MB of \(limits.dataQuotaBytes >> 20) MB): delete scenarios you no longer need / 数据文件夹已满，请删除不再需要的场景")
    }

    /// Removes a scenario folder with its plans: moved into `.tmp/` first (one rename, so the
    /// listing never shows half a folder), then deleted.
    func delete(_ s: StoredScenario) throws(UploadError) {
        let fm = FileManager.default
        let trash = tmp + "/deleted-" + UUID().uuidString
        do {
            try fm.createDirectory(atPath: tmp, withIntermediateDirectories: true)
            try lock.withLock { _ in try fm.moveItem(atPath: s.folder, toPath: trash) }
        } catch {
            throw UploadError("cannot delete the scenario (\(error.localizedDescription))")
        }
        try? fm.removeItem(atPath: trash)
        validations.withLock { _ = $0.removeValue(forKey: s.id) }
    }

    private var tmp: String { root + "/.tmp" }

    /// Every scenario folder, by name.
    func list() -> [StoredScenario] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap(scenario)
    }

    /// The scenario folder called `id`, if `id` is one of the data folder's entries, a real
    /// folder (not a link) and holds a scenario file.
    func scenario(_ id: String) -> StoredScenario? {
        guard Self.isSafeName(id),
              let names = try? FileManager.default.contentsOfDirectory(atPath: root), names.contains(id) else { return nil }
        let folder = root + "/" + id
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: folder),
              attributes[.type] as? FileAttributeType == .typeDirectory,
              let file = Self.scenarioFile(in: folder) else { return nil }
        return StoredScenario(id: id, folder: folder, file: file)
    }

    /// Reads and validates a scenario; its files must lie inside its folder. Cached until one of
    /// the folder's files changes.
    func validate(_ s: StoredScenario) -> Validation {
        let signature = Self.signature(of: s.folder)
        if let cached = validations.withLock({ $0[s.id] }), cached.signature == signature { return cached.validation }
        let validation = validateNow(s)
        readings.withLock { $0 += 1 }
        validations.withLock { $0[s.id] = (signature, validation) }
        return validation
    }

    /// Every file of the folder but its plans (`out/`) and hidden ones, with size and time.
    static func signature(of folder: String) -> [String] {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: folder) else { return [] }
        var out: [String] = []
        while let name = e.nextObject() as? String {
            if name == "out" || name.hasPrefix("out/") || name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                if name == "out" { e.skipDescendants() }
                continue
            }
            let a = e.fileAttributes ?? [:]
            let size = (a[.size] as? NSNumber)?.int64Value ?? -1
            let time = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            out.append("\(name)|\(size)|\(time)")
        }
        return out.sorted()
    }

    private func validateNow(_ s: StoredScenario) -> Validation {
        let (scenario, diagnostics) = ScenarioReader.read(path: s.file, confinedTo: s.folder)
        let named = diagnostics.map { d -> Diagnostic in
            var d = d
            d.file = self.local(d.file, scenario: s)
            d.message = self.local(d.message, scenario: s)
            return d
        }
        return Validation(scenario: scenario, diagnostics: named.sorted())
    }

    /// `text` without the server's own paths (issue 27, item 12): the scenario's folder and the
    /// data folder's temporary ones are dropped, so a message names the scenario's own files
    /// (`needs.csv`, `名单.xlsx#需求`) and nothing of this machine.
    func local(_ text: String, scenario s: StoredScenario? = nil) -> String {
        var out = text.replacingOccurrences(of: "file://", with: "")
        if let s { out = out.replacingOccurrences(of: s.folder + "/", with: "") }
        out = out.replacing(#/\/?\.tmp\/upload-[0-9A-Fa-f-]+(\.zip)?\/?/#, with: "")
        return out.replacingOccurrences(of: root + "/", with: "").replacingOccurrences(of: root, with: "")
    }

    /// Unpacks an uploaded zip of a scenario folder into a new folder of the data folder, named
    /// after `name` (or the zip's top folder). All or nothing: the zip is checked and unpacked
    /// into `.tmp/` first and moved into place only when it holds a scenario file.
    func addZip(_ data: Data, name: String?) throws(UploadError) -> StoredScenario {
        let staging = URL(fileURLWithPath: tmp).appendingPathComponent("upload-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: staging) }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw UploadError("cannot create a temporary folder in the data folder")
        }
        do throws(UploadError) {
            try ZipExtractor.extract(data, into: staging, limits: limits)
        } catch {
            throw UploadError(error.kind, local(error.message))
        }
        // A zip of a folder holds that folder: use its content and its name.
        var content = staging
        var topName: String?
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []).filter { $0 != "__MACOSX" }
        if entries.count == 1, Self.scenarioFile(in: staging.path) == nil {
            var isDir: ObjCBool = false
            let only = staging.appendingPathComponent(entries[0])
            if FileManager.default.fileExists(atPath: only.path, isDirectory: &isDir), isDir.boolValue {
                content = only
                topName = entries[0]
            }
        }
        guard Self.scenarioFile(in: content.path) != nil else {
            throw UploadError("the zip holds no scenario file (scenario.yaml, or a single .yaml file beside the lists)")
        }
        if let full = quotaProblem() { throw full }
        return try lock.withLock { _ throws(UploadError) in
            let id = freeName(Self.sanitize(name ?? topName ?? "scenario"))
            do {
                try FileManager.default.moveItem(atPath: content.path, toPath: root + "/" + id)
            } catch {
                throw UploadError(local("cannot store the scenario in the data folder (\(error.localizedDescription))"))
            }
            guard let stored = scenario(id) else { throw UploadError("the stored scenario cannot be read back") }
            return stored
        }
    }

    /// A bare workbook (five sheets, as `match init --xlsx` makes them: 社区, 需求, 单位, 项目, 党员,
    /// or communities … members in English) becomes a scenario folder: `match init`'s
    /// scenario.yaml for `quarter` (its default rules) beside the workbook.
    func addWorkbook(_ data: Data, name: String?, quarter: String, language: ReportLanguage,
                     settings: ScenarioTextEdit.Change = .init()) throws(UploadError) -> StoredScenario {
        let staging = URL(fileURLWithPath: tmp).appendingPathComponent("upload-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: staging) }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            let template = try ScenarioTemplate.files(quarter: quarter, lang: language, workbook: true)
            for file in template {
                // The template's rules with the planner's (quarter, holidays, budget, circle) written in, comments kept.
                let bytes = file.name == "scenario.yaml"
                    ? Data(try ScenarioTextEdit.apply(String(decoding: file.bytes, as: UTF8.self), settings).utf8) : data
                try bytes.write(to: staging.appendingPathComponent(file.name))
            }
        } catch {
            throw UploadError(local("cannot store the workbook (\(error))"))
        }
        if let full = quotaProblem() { throw full }
        return try lock.withLock { _ throws(UploadError) in
            let id = freeName(Self.sanitize(name ?? "workbook-" + quarter))
            do {
                try FileManager.default.moveItem(atPath: staging.path, toPath: root + "/" + id)
            } catch {
                throw UploadError(local("cannot store the scenario in the data folder (\(error.localizedDescription))"))
            }
            guard let stored = scenario(id) else { throw UploadError("the stored scenario cannot be read back") }
            return stored
        }
    }

    /// Adds a variant `whatif-N` overriding `rules` to the scenario file (a real variant, so
    /// `match solve --variant` and the checker know it too); returns its name. The file is
    /// edited in place (ScenarioTextEdit: its comments and layout kept) and replaced through a
    /// temporary file and a rename.
    func addVariant(to s: StoredScenario, rules: [(key: String, value: Double)]) throws -> String {
        try lock.withLock { _ in
            let text = try String(contentsOfFile: s.file, encoding: .utf8)
            let edited = try ScenarioTextEdit.addVariant(text, rules: rules)
            try replace(s, with: edited.text)
            return edited.name
        }
    }

    /// Sets holidays, rules and weights in the scenario file in place (PATCH /api/scenarios/ID).
    /// The edited file is read with the scenario's lists before it replaces the old one: an
    /// edit that makes the scenario file wrong is refused with the reader's messages, and
    /// nothing changes.
    func editSettings(of s: StoredScenario, _ change: ScenarioTextEdit.Change) throws(UploadError) {
        do {
            try lock.withLock { _ throws(UploadError) in
                let text: String
                do { text = try String(contentsOfFile: s.file, encoding: .utf8) } catch {
                    throw UploadError("the scenario file cannot be read / 无法读取场景文件")
                }
                let edited: String
                do throws(ScenarioTextEdit.Failure) { edited = try ScenarioTextEdit.apply(text, change) } catch { throw UploadError(error.message) }
                let trial = s.folder + "/.edit-" + UUID().uuidString + ".yaml"
                defer { unlink(trial) }
                do { try Data(edited.utf8).write(to: URL(fileURLWithPath: trial)) } catch {
                    throw UploadError("cannot write the scenario file / 无法写入场景文件")
                }
                let shown = (s.file as NSString).lastPathComponent
                let problems = ScenarioReader.read(path: trial, confinedTo: s.folder).diagnostics
                    .filter { $0.isError && $0.file.hasSuffix((trial as NSString).lastPathComponent) }
                if !problems.isEmpty {
                    throw UploadError(problems.map { d in
                        var d = d
                        d.file = shown
                        return d.description
                    }.joined(separator: "\n"))
                }
                do { try replace(s, with: edited) } catch {
                    throw UploadError("cannot rewrite the scenario file / 无法改写场景文件")
                }
            }
        }
        validations.withLock { _ = $0.removeValue(forKey: s.id) }
    }

    /// The scenario file replaced by `text` (a temporary file renamed over it). Caller holds the lock.
    private func replace(_ s: StoredScenario, with text: String) throws {
        let temp = s.folder + "/.scenario-" + UUID().uuidString + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temp))
        guard rename(temp, s.file) == 0 else {
            unlink(temp)
            throw UploadError("cannot rewrite the scenario file")
        }
    }

    /// `base`, or `base-2`, `base-3`, … — the first not yet in the data folder. Caller holds the lock.
    private func freeName(_ base: String) -> String {
        var name = base, k = 1
        while FileManager.default.fileExists(atPath: root + "/" + name) { k += 1; name = "\(base)-\(k)" }
        return name
    }

    /// A folder name from a user's text: letters, digits, `-`, `_`, `.` kept (others become `-`),
    /// no leading dot, at most 60 characters.
    static func sanitize(_ s: String) -> String {
        var out = String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" }.prefix(60))
        while out.hasPrefix(".") || out.hasPrefix("-") { out.removeFirst() }
        return out.isEmpty ? "scenario" : out
    }

    static func isSafeName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 100 && !s.hasPrefix(".") && s.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    /// scenario.yaml, else the folder's only .yaml or .yml file.
    static func scenarioFile(in folder: String) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        if names.contains("scenario.yaml") { return folder + "/scenario.yaml" }
        let yaml = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
        return yaml.count == 1 ? folder + "/" + yaml[0] : nil
    }
}
