import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import ZIPFoundation
@testable import Server

/// The few helpers of MatcherTests' TestSupport.swift this target needs (kept minimal).
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("scenarios/example-street")
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
}

func temporaryDirectory(_ name: String = "match-serve-test") throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// The independent checker ../shared/contract/checkplan.py: nil (with a warning) where it is
/// absent outside CI; required when CI is set.
func independentCheck(scenario: String, plan: String, variant: String? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> (ok: Bool, objective: Double?, output: String)? {
    let checker = Repo.shared.appendingPathComponent("contract/checkplan.py").path
    let ci = ProcessInfo.processInfo.environment["CI"].map { !["", "0", "false", "no"].contains($0.lowercased()) } ?? false
    guard FileManager.default.fileExists(atPath: checker) || ci else {
        Issue.record("skipped: the independent checker ../shared/contract is absent; CI requires it", severity: .warning, sourceLocation: sourceLocation)
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", checker, scenario, plan] + (variant.map { ["--variant", $0] } ?? [])
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let last = output.split(separator: "\n").last.map(String.init) ?? ""
    let objective = (try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])?["objective"] as? Double
    return (process.terminationStatus == 0, objective, output)
}

/// A zip in memory: (path, contents) files, plus raw entries of other types.
func makeZip(_ files: [(path: String, data: Data)], symlinks: [(path: String, target: String)] = []) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for f in files {
        try archive.addEntry(with: f.path, type: .file, uncompressedSize: Int64(f.data.count), compressionMethod: .deflate) { pos, size in
            f.data.subdata(in: Int(pos) ..< Int(pos) + size)
        }
    }
    for l in symlinks {
        let target = Data(l.target.utf8)
        try archive.addEntry(with: l.path, type: .symlink, uncompressedSize: Int64(target.count)) { pos, size in
            target.subdata(in: Int(pos) ..< Int(pos) + size)
        }
    }
    return archive.data!
}

/// The files of a folder as zip entries under `prefix/` (the way a zipped folder looks).
func zipFolder(_ folder: URL, prefix: String, replacing: [String: Data] = [:]) throws -> Data {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    let files = try names.map { name in
        (path: prefix + "/" + name, data: try replacing[name] ?? Data(contentsOf: folder.appendingPathComponent(name)))
    }
    return try makeZip(files)
}

/// A job as the API describes it.
struct JobReply: Decodable {
    struct PlanFigures: Decodable { var status: String; var objective: Double; var projects: Int; var assignments: Int }
    struct Progress: Decodable { var phase: String; var elapsed_s: Double }
    struct Problem: Decodable { var file: String; var line: Int?; var column: String?; var message: String }
    var job: String
    var scenario: String
    var variant: String
    var state: String
    var progress: Progress?
    var errors: [Problem]
    var message: String?
    var plan: PlanFigures?
    var files: [String]
}

struct ScenarioReply: Decodable {
    var scenario: String
    var valid: Bool
    var variants: [String]
    var errors: [JobReply.Problem]
}

struct Created: Decodable { var job: String; var scenario: String }

/// A live server on a free loopback port with its own data folder.
func withServer<T: Sendable>(maxConcurrent: Int = 2, token: String? = nil, allowedHosts: [String] = [], limits: UploadLimits = UploadLimits(),
                             _ body: @Sendable (_ client: any TestClientProtocol, _ data: String) async throws -> T) async throws -> T {
    let data = try temporaryDirectory() + "/data"
    var config = ServerConfiguration(host: "127.0.0.1", port: 0, dataFolder: data, token: token,
                                     maxConcurrentSolves: maxConcurrent, limits: limits)
    config.allowedHosts = allowedHosts
    let app = try buildApplication(configuration: config)
    return try await app.test(.live) { client in try await body(client, data) }
}

extension TestClientProtocol {
    func get(_ uri: String) async throws -> TestResponse { try await execute(uri: uri, method: .get) }

    func post(_ uri: String, _ body: Data, type: String = "application/zip") async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: [.contentType: type], body: ByteBuffer(bytes: body))
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer: response.body))
    }

    /// Polls the job until it reaches one of `states` (or fails the test after `seconds`).
    func wait(for job: String, until states: Set<String> = ["done", "failed", "cancelled"], seconds: Double = 180,
              tokenQuery: String = "") async throws -> JobReply {
        let end = Date().addingTimeInterval(seconds)
        while true {
            let reply = try decode(JobReply.self, try await get("/api/jobs/\(job)" + tokenQuery))
            if states.contains(reply.state) || Date() > end { return reply }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}

/// A request exactly as given — its own `Host` (authority) and headers — on a fresh connection
/// to the test server's port: what a browser sends from another site, or after DNS rebinding.
func rawRequest(port: Int?, _ uri: String, method: HTTPRequest.Method = .get, authority: String? = nil,
                headers: HTTPFields = [:], body: Data? = nil) async throws -> TestClient.Response {
    let port = try #require(port)
    return try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
        try await client.execute(TestClient.Request(uri, method: method, authority: authority ?? "127.0.0.1:\(port)", headers: headers,
                                                    body: body.map { ByteBuffer(bytes: $0) }))
    }
}

extension TestClient.Response {
    var text: String { body.map { String(buffer: $0) } ?? "" }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
