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
