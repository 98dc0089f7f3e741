import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Server

/// Issue 27: what another web page, or a page behind a rebound DNS name, can do to a running
/// `match serve` — nothing: it neither changes nor reads anything. Through HTTP on a loopback port.
@Suite(.serialized) struct SafetyTests {
    static let evil = "http://evil.example"

    /// Item 1: a cross-origin POST with a "simple" content type (no preflight in a browser)
    /// stores nothing and starts nothing; so does one from another site with the right type.
    @Test func crossSiteRequestsChangeNothing() async throws {
        let zip = try zipFolder(Repo.example, prefix: "example-street")
        try await withServer { client, data in
            let port = client.port
            let attempts: [(String, HTTPFields, String)] = [
                ("text/plain from another origin", [.contentType: "text/plain", .origin: Self.evil], "/api/solve"),
                ("a zip from another origin", [.contentType: "application/zip", .origin: Self.evil], "/api/solve"),
                ("a zip whose Referer is another site", [.contentType: "application/zip", .referer: Self.evil + "/page.html"], "/api/scenarios"),
                ("the null origin of a sandboxed frame", [.contentType: "application/zip", .origin: "null"], "/api/solve"),
                ("a look-alike origin", [.contentType: "application/zip", .origin: "http://127.0.0.1:\(port ?? 0).evil.example"], "/api/solve"),
            ]
            for (label, headers, route) in attempts {
                let r = try await rawRequest(port: port, route, method: .post, headers: headers, body: zip)
                #expect(r.head.status == .forbidden, "\(label): \(r.text)")
            }
            // A form's body types are refused even without Origin (curl with a wrong type).
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                let r = try await rawRequest(port: port, "/api/solve", method: .post, headers: [.contentType: type], body: zip)
                #expect(r.head.status == .unsupportedMediaType, "\(type): \(r.text)")
            }
            #expect(try await client.get("/api/scenarios").text == "[]")
            #expect(try await client.get("/api/jobs").text == "[]")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []).filter { !$0.hasPrefix(".") }.isEmpty)

            // The app's own page (same origin) and a script without Origin or Referer both work.
            let own = try await rawRequest(port: port, "/api/scenarios?name=own", method: .post,
                                           headers: [.contentType: "application/zip", .origin: "http://127.0.0.1:\(port ?? 0)"], body: zip)
            #expect(own.head.status == .created, "\(own.text)")
            let script = try await client.post("/api/scenarios?name=script", zip)
            #expect(script.status == .created)

            // Cancelling and what-ifs from another site are refused too.
            let job = try client.decode(Created.self, try await client.post("/api/solve?time_limit=30", zip))
            let cancel = try await rawRequest(port: port, "/api/jobs/\(job.job)", method: .delete, headers: [.origin: Self.evil])
            #expect(cancel.head.status == .forbidden)
            let done = try await client.wait(for: job.job)
            #expect(done.state == "done", "a cross-site DELETE must not cancel: \(done)")
            let whatIf = Data(#"{"max_distance_km": 3}"#.utf8)
            let foreign = try await rawRequest(port: port, "/api/jobs/\(job.job)/whatif", method: .post,
                                               headers: [.contentType: "application/json", .origin: Self.evil], body: whatIf)
            #expect(foreign.head.status == .forbidden)
            let plain = try await client.post("/api/jobs/\(job.job)/whatif", whatIf, type: "text/plain")
            #expect(plain.status == .unsupportedMediaType, "\(plain.text)")
            #expect(try await client.get("/api/jobs").text.components(separatedBy: "\"job\"").count == 2, "one job only")
        }
    }

    /// Item 2: DNS rebinding. A request naming another Host reads nothing (no plan, no name, no
    /// phone); the loopback names with the listening port are served.
    @Test func aForeignHostReadsNothing() async throws {
        let zip = try zipFolder(Repo.example, prefix: "example-street")
        try await withServer { client, _ in
            let port = try #require(client.port)
            let job = try client.decode(Created.self, try await client.post("/api/solve?time_limit=30", zip))
            #expect(try await client.wait(for: job.job).state == "done")
            for route in ["/", "/api/scenarios", "/api/jobs", "/api/jobs/\(job.job)/files/roster.csv", "/jobs/\(job.job)"] {
                for host in ["evil.example:\(port)", "evil.example", "127.0.0.1.evil.example:\(port)", "127.0.0.1:\(port + 1)"] {
                    let r = try await rawRequest(port: port, route, authority: host)
                    #expect(r.head.status == .misdirectedRequest, "\(host) \(route)")
                    #expect(!r.text.contains("example-street") && !r.text.contains("M0"), "\(host) \(route) leaked: \(r.text.prefix(200))")
                }
                for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST:\(port)", "[::1]:\(port)"] {
                    #expect(try await rawRequest(port: port, route, authority: host).head.status == .ok, "\(host) \(route)")
                }
            }
            let write = try await rawRequest(port: port, "/api/solve", method: .post, authority: "evil.example:\(port)",
                                             headers: [.contentType: "application/zip"], body: zip)
            #expect(write.head.status == .misdirectedRequest)
            #expect(try await client.get("/api/jobs").text.components(separatedBy: "\"job\"").count == 2)
        }
    }

    /// With a token, the names of --allowed-host are served (with the token) and no others.
    @Test func allowedHostsWithAToken() async throws {
        try await withServer(token: "s3cret", allowedHosts: ["Match.Jiedao.local"]) { client, _ in
            let port = try #require(client.port)
            let ok = try await rawRequest(port: port, "/api/scenarios?token=s3cret", authority: "match.jiedao.local:\(port)")
            #expect(ok.head.status == .ok)
            let proxied = try await rawRequest(port: port, "/api/scenarios?token=s3cret", authority: "match.jiedao.local")
            #expect(proxied.head.status == .ok)
            let noToken = try await rawRequest(port: port, "/api/scenarios", authority: "match.jiedao.local:\(port)")
            #expect(noToken.head.status == .unauthorized)
            let other = try await rawRequest(port: port, "/api/scenarios?token=s3cret", authority: "evil.example:\(port)")
            #expect(other.head.status == .misdirectedRequest)
        }
        // Without a token, --allowed-host opens nothing: loopback only.
        try await withServer(allowedHosts: ["match.jiedao.local"]) { client, _ in
            let port = try #require(client.port)
            let r = try await rawRequest(port: port, "/api/scenarios", authority: "match.jiedao.local:\(port)")
            #expect(r.head.status == .misdirectedRequest)
        }
    }

    @Test func hostNamesAreSplitStrictly() {
        #expect(ServerAddress.split("localhost:8080")! == ("localhost", 8080))
        #expect(ServerAddress.split("[::1]:80")! == ("[::1]", 80))
        #expect(ServerAddress.split("[::1]")! == ("[::1]", nil))
        #expect(ServerAddress.split("a:b:c") == nil)
        #expect(ServerAddress.split(":80") == nil)
        #expect(ServerAddress.split("host:port") == nil)
        #expect(ServerAddress.origin(ofReferer: "http://a.b:9/x?y") == "http://a.b:9")
    }
}

/// Issue 27, item 5: a page view does not validate again unless a file changed.
@Suite struct ValidationCacheTests {
    @Test func validationIsCachedUntilAFileChanges() throws {
        let data = try temporaryDirectory() + "/data"
        let store = try ScenarioStore(root: data, limits: UploadLimits())
        let stored = try store.addZip(try zipFolder(Repo.example, prefix: "example-street"), name: nil)
        let first = store.validate(stored)
        #expect(first.errors.isEmpty)
        _ = store.validate(stored)
        _ = store.validate(stored)
        #expect(store.readings.withLock { $0 } == 1)
        // A list changed (an unknown community): read again, and the error shows.
        let needs = stored.folder + "/needs.csv"
        var text = try String(contentsOfFile: needs, encoding: .utf8)
        text += "N999,NOPE,elderly,x,3,2\n"
        try text.write(toFile: needs, atomically: true, encoding: .utf8)
        let second = store.validate(stored)
        #expect(store.readings.withLock { $0 } == 2)
        #expect(!second.errors.isEmpty)
    }
}

/// Issue 27, items 6 and 8: the data folder stays bounded and clean.
@Suite(.serialized) struct DataFolderTests {
    /// The default cap is near real sizes: a small zip that would unpack to 100 MB is refused
    /// (it used to be kept as 481 MB).
    @Test func theDefaultUncompressedCapIsNearRealSizes() async throws {
        let bomb = try makeZip([("b/scenario.yaml", Data("name: x".utf8)), ("b/zeros.csv", Data(count: 100 << 20))])
        #expect(bomb.count < 600_000)
        try await withServer { client, data in
            let response = try await client.post("/api/scenarios", bomb)
            #expect(response.status == .contentTooLarge, "\(response.text)")
            let left = (FileManager.default.enumerator(atPath: data)?.allObjects as? [String] ?? []).filter { !$0.hasPrefix(".tmp") }
            #expect(left.isEmpty, "\(left)")
        }
    }

    /// A quota: past it uploads and solves are 507; deleting a scenario (API) frees it. A
    /// scenario being solved cannot be deleted; a deleted one is gone with its plans.
    @Test func aQuotaAndDeletingScenarios() async throws {
        let zip = try zipFolder(Repo.example, prefix: "example-street")
        let one = try Self.folderBytes(Repo.example.path)
        var limits = UploadLimits()
        limits.dataQuotaBytes = Int64(one) + Int64(one / 2)
        try await withServer(limits: limits) { client, data in
            let first = try client.decode(ScenarioReply.self, try await client.post("/api/scenarios?name=a", zip))
            let second = try await client.post("/api/scenarios?name=b", zip)
            #expect(second.status.code == 507, "\(second.text)")
            #expect(second.text.contains("full"))
            #expect(!FileManager.default.fileExists(atPath: data + "/b"))
            // Over the quota, solves are refused too: plans need room.
            try "x".data(using: .utf8)!.write(to: URL(fileURLWithPath: data + "/\(first.scenario)/padding.bin"))
            let pad = Data(count: one)
            try pad.write(to: URL(fileURLWithPath: data + "/\(first.scenario)/padding.bin"))
            #expect(try await client.post("/api/scenarios/\(first.scenario)/solve", Data()).status.code == 507)
            // Deleting frees the room; the page offers the button.
            #expect(try await client.get("/scenarios/\(first.scenario)").text.contains("id=\"delete-button\""))
            let deleted = try await client.execute(uri: "/api/scenarios/\(first.scenario)", method: .delete)
            #expect(deleted.status == .noContent)
            #expect(try await client.get("/api/scenarios/\(first.scenario)").status == .notFound)
            #expect(!FileManager.default.fileExists(atPath: data + "/\(first.scenario)"))
            #expect(try await client.post("/api/scenarios?name=b", zip).status == .created)
            #expect(try await client.execute(uri: "/api/scenarios/nothing", method: .delete).status == .notFound)
        }
        try await withServer { client, data in
            let job = try client.decode(Created.self, try await client.post("/api/solve?time_limit=30", zip))
            let busy = try await client.execute(uri: "/api/scenarios/\(job.scenario)", method: .delete)
            if busy.status == .conflict {
                #expect(FileManager.default.fileExists(atPath: data + "/\(job.scenario)"))
            }
            #expect(try await client.wait(for: job.job).state == "done")
            #expect(try await client.execute(uri: "/api/scenarios/\(job.scenario)", method: .delete).status == .noContent)
            #expect(try await client.get("/api/jobs/\(job.job)").status == .notFound)
        }
    }

    /// Uploads being received at once are bounded: one held open by a slow client (a real
    /// socket from python3), the next is 503 with Retry-After, and it works once that ends.
    @Test func concurrentUploadsAreBounded() async throws {
        var limits = UploadLimits()
        limits.concurrentUploads = 1
        let zip = try zipFolder(Repo.example, prefix: "example-street")
        try await withServer(limits: limits) { client, _ in
            let port = try #require(client.port)
            let slow = Process()
            slow.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            slow.arguments = ["python3", "-c", """
                import socket, sys, time
                s = socket.create_connection(("127.0.0.1", \(port)))
                s.sendall(b"POST /api/scenarios HTTP/1.1\\r\\nHost: 127.0.0.1:\(port)\\r\\nContent-Type: application/zip\\r\\nContent-Length: 1000000\\r\\n\\r\\nPK\\x03\\x04")
                print("sent", flush=True)
                time.sleep(4)
                s.close()
                """]
            let out = Pipe()
            slow.standardOutput = out
            try slow.run()
            _ = out.fileHandleForReading.availableData  // "sent"
            try await Task.sleep(for: .milliseconds(500))
            let busy = try await client.post("/api/scenarios?name=x", zip)
            #expect(busy.status == .serviceUnavailable, "\(busy.text)")
            #expect(busy.headers[.retryAfter] == "5")
            slow.waitUntilExit()
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await client.post("/api/scenarios?name=x", zip).status == .created)
        }
    }

    /// A killed server's leftovers (half-unpacked uploads, unfinished plan folders) are swept
    /// at start; finished plans stay.
    @Test func leftoversAreSweptAtStart() async throws {
        let data = try temporaryDirectory() + "/data"
        let fm = FileManager.default
        try fm.createDirectory(atPath: data + "/.tmp/upload-dead/x", withIntermediateDirectories: true)
        try Data(count: 1000).write(to: URL(fileURLWithPath: data + "/.tmp/upload-dead.zip"))
        try fm.createDirectory(atPath: data + "/s/out/.0123456789ab.partial/dispatch", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: data + "/s/out/0123456789ac", withIntermediateDirectories: true)
        try Data("name: s".utf8).write(to: URL(fileURLWithPath: data + "/s/scenario.yaml"))
        _ = try ScenarioStore(root: data, limits: UploadLimits())
        #expect(((try? fm.contentsOfDirectory(atPath: data + "/.tmp")) ?? []).isEmpty)
        #expect(try fm.contentsOfDirectory(atPath: data + "/s/out") == ["0123456789ac"])
    }

    static func folderBytes(_ path: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: path).reduce(0) { sum, name in
            sum + ((try FileManager.default.attributesOfItem(atPath: path + "/" + name)[.size] as? NSNumber)?.intValue ?? 0)
        }
    }
}

/// Issue 27, items 10 and 12: the plan's own pages work with a token; messages name the
/// scenario's files, never the server's paths.
@Suite(.serialized) struct TokenPagesAndPathsTests {
    @Test func dispatchPagesLinkedRelativelyWorkWithAToken() async throws {
        let zip = try zipFolder(Repo.example, prefix: "example-street")
        try await withServer(token: "s3cret") { client, _ in
            let port = try #require(client.port)
            let created = try client.decode(Created.self, try await client.post("/api/solve?time_limit=30&token=s3cret", zip))
            #expect(try await client.wait(for: created.job, tokenQuery: "?token=s3cret").state == "done")
            let index = try await rawRequest(port: port, "/api/jobs/\(created.job)/files/dispatch/index.html?token=s3cret")
            #expect(index.head.status == .ok)
            let cookie = try #require(index.head.headerFields[.setCookie])
            #expect(cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"))
            // The index links its pages relatively (no token in the link): the cookie carries it.
            let link = try #require(index.text.firstMatch(of: /href="(community-[^"]+\.html)"/)?.1)
            let pair = String(cookie.split(separator: ";")[0])
            let page = try await rawRequest(port: port, "/api/jobs/\(created.job)/files/dispatch/\(link)", headers: [.cookie: pair])
            #expect(page.head.status == .ok, "\(link)")
            let without = try await rawRequest(port: port, "/api/jobs/\(created.job)/files/dispatch/\(link)")
            #expect(without.head.status == .unauthorized)
            let wrong = try await rawRequest(port: port, "/api/jobs/\(created.job)/files/dispatch/\(link)", headers: [.cookie: "match_token=nope"])
            #expect(wrong.head.status == .unauthorized)
        }
    }

    @Test func messagesNameTheScenariosFilesNotTheServersPaths() async throws {
        let yaml = try String(contentsOf: Repo.example.appendingPathComponent("scenario.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "needs.csv", with: "missing-needs.csv")
        let zip = try zipFolder(Repo.example, prefix: "example-street", replacing: ["scenario.yaml": Data(yaml.utf8)])
        try await withServer { client, data in
            let reply = try await client.post("/api/scenarios", zip)
            #expect(reply.status == .created)
            #expect(reply.text.contains("missing-needs.csv"))
            let root = URL(fileURLWithPath: data).standardizedFileURL.resolvingSymlinksInPath().path
            for text in [reply.text, try await client.get("/scenarios/example-street").text] {
                #expect(!text.contains(root) && !text.contains(".tmp/upload-") && !text.contains("file://"), "\(text.prefix(400))")
            }
        }
    }
}
