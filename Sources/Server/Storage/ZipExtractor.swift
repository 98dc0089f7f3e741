import Foundation
import Matcher
import ZIPFoundation

/// Why an upload was refused (HTTP 400 or 413); nothing of it was kept.
struct UploadError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable { case badRequest, tooLarge, insufficientStorage }
    var kind: Kind
    var message: String
    init(_ message: String) { kind = .badRequest; self.message = message }
    init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }
    var description: String { message }
}

/// Unpacks an uploaded zip safely. First every entry is checked — no absolute path, no `..`,
/// no backslash, no symbolic link, no more than `limits.zipEntries` entries, no more than
/// `limits.uncompressedBytes` declared — and only then is anything written, into `folder`
/// (a fresh temporary folder the caller removes on failure). Bytes are counted again as they
/// are inflated, since declared sizes can lie.
enum ZipExtractor {
    static func extract(_ data: Data, into folder: URL, limits: UploadLimits) throws(UploadError) {
        // Through a file beside `folder`, not Archive(data:): ZIPFoundation 0.9.20's in-memory
        // archive traps when a damaged offset points past the end (found by issue 15's mutation
        // tests); a FILE* read just comes back short. The open FILE* keeps it readable once unlinked.
        let file = folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + ".zip")
        let archive: Archive
        do {
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            throw UploadError("the upload is not a zip archive")
        }
        var entries: [(entry: Entry, parts: [String])] = []
        var declared: UInt64 = 0
        for entry in archive {
            entries.append((entry, try safeParts(try name(entry))))
            if entries.count > limits.zipEntries {
                throw UploadError("the zip holds more than \(limits.zipEntries) entries")
            }
            if entry.type == .symlink { throw UploadError("zip entry '\(entries[entries.count - 1].parts.joined(separator: "/"))' is a symbolic link; links are refused") }
            declared += entry.uncompressedSize
            if declared > UInt64(limits.uncompressedBytes) {
                throw UploadError(.tooLarge, "the zip unpacks to more than \(limits.uncompressedBytes >> 20) MB")
            }
        }
        if entries.isEmpty { throw UploadError("the zip is empty") }

        var written = 0
        let fm = FileManager.default
        for (entry, parts) in entries {
            if parts.first == "__MACOSX" || parts.isEmpty { continue }
            let target = parts.reduce(folder) { $0.appendingPathComponent($1) }
            do {
                if entry.type == .directory {
                    try fm.createDirectory(at: target, withIntermediateDirectories: true)
                    continue
                }
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard fm.createFile(atPath: target.path, contents: nil), let handle = FileHandle(forWritingAtPath: target.path) else {
                    throw UploadError("cannot unpack '\(parts.joined(separator: "/"))'")
                }
                defer { try? handle.close() }
                let limit = limits.uncompressedBytes
                _ = try archive.extract(entry) { chunk in
                    written += chunk.count
                    if written > limit { throw UploadError(.tooLarge, "the zip unpacks to more than \(limit >> 20) MB") }
                    try handle.write(contentsOf: chunk)
                }
            } catch let e as UploadError {
                throw e
            } catch {
                throw UploadError("zip entry '\(parts.joined(separator: "/"))' cannot be unpacked (\(error))")
            }
        }
    }

    /// The entry's name: its bytes as UTF-8 when valid, else GB18030 (ZIPFoundation 0.9.20 reads
    /// a name without the UTF-8 flag as CP437, which turns a GBK `名单.xlsx` into `├√╡Ñ.xlsx`).
    /// The raw bytes come back through ISO-8859-1, which maps every byte to one character.
    static func name(_ entry: Entry) throws(UploadError) -> String {
        let latin1 = entry.path(using: .isoLatin1)
        let raw = latin1.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        guard latin1.unicodeScalars.allSatisfy({ $0.value < 256 }), let name = ArchiveNames.decode(raw) else {
            throw UploadError("a zip entry's name is neither UTF-8 nor GBK / 压缩包内有文件名既不是 UTF-8 也不是 GBK 编码")
        }
        return name
    }

    /// The entry's path as folder names, or a refusal: absolute, `..`, a drive letter or a backslash.
    static func safeParts(_ path: String) throws(UploadError) -> [String] {
        if path.hasPrefix("/") || path.contains("\\") || path.contains("\0") || path.contains(":") {
            throw UploadError("zip entry '\(path)' has an absolute or unsafe path; refused")
        }
        let parts = path.split(separator: "/").map(String.init).filter { $0 != "." }
        if parts.contains("..") { throw UploadError("zip entry '\(path)' climbs out of its folder (..); refused") }
        return parts
    }
}
