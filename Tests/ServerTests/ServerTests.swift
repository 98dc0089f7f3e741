import Foundation
import Hummingbird
import HummingbirdTesting
import Matcher
import Testing
@testable import Server

/// `match serve` driven over a real loopback socket (port 0) with HummingbirdTesting's live client.
@Suite(.serialized) struct ServerTests {
    @Test func startPageIsAPageInBothLanguages() async throws {
        try await withServer { client, _ in
            let zh = try await client.get("/")
            #expect(zh.status == .ok)
            #expect(zh.headers[.contentType] == "text/html; charset=utf-8")
            #expect(zh.text.hasPrefix("<!DOCTYPE html>"))
            #expect(zh.text.contains("<html lang=\"zh\""))
            #expect(zh.text.contains("上传场景"))
            #expect(zh.text.contains("<form class=\"app\" id=\"upload\""))
            // Self-contained: no script or style from elsewhere.
            #expect(!zh.text.contains("src=\"http"))
            #expect(!zh.text.contains("<link"))
            let en = try await client.get("/?lang=en")
            #expect(en.text.contains("Upload a scenario"))
            #expect(!en.text.contains("上传场景"))
        }
    }

    @Test func solvesAnUploadedZipIntoAPlanTheCheckerAccepts() async throws {
        try await withServer { client, data in
            let zip = try zipFolder(Repo.example, prefix: "example-street")
            let response = try await client.post("/api/solve?time_limit=30", zip)
            #expect(response.status == .accepted)
            let created = try client.decode(Created.self, response)
            #expect(created.scenario == "example-street")
            let job = try await client.wait(for: created.job)
            try #require(job.state == "done", "\(job)")
            let plan = try #require(job.plan)
            #expect(["optimal", "feasible"].contains(plan.status))
            #expect(plan.projects > 0 && plan.assignments > 0)
            for name in PlanWriter.fileNames + [ReportWriter.fileName] { #expect(job.files.contains(name)) }

            let planFile = try await client.get("/api/jobs/\(created.job)/files/plan.json")
            #expect(planFile.status == .ok)
            let saved = try temporaryDirectory() + "/plan.json"
            try Data(buffer: planFile.body).write(to: URL(fileURLWithPath: saved))
            let scenarioFile = data + "/example-street/scenario.yaml"
            if let check = try independentCheck(scenario: scenarioFile, plan: saved) {
                #expect(check.ok, "\(check.output)")
                #expect(abs((check.objective ?? .nan) - plan.objective) < 1e-6)
            }
            let report = try await client.get("/api/jobs/\(created.job)/files/report.html")
            #expect(report.status == .ok)
            #expect(report.headers[.contentType] == "text/html; charset=utf-8")
            // Only the job's own files: no path climbs out, no unknown name.
            for bad in ["..%2Fscenario.yaml", "%2E%2E/%2E%2E/example-street/scenario.yaml", "nothing.csv", "%2Fetc%2Fpasswd"] {
                #expect(try await client.get("/api/jobs/\(created.job)/files/\(bad)").status == .notFound, "\(bad)")
            }
            // The plan page links the report and every download.
            let page = try await client.get("/jobs/\(created.job)")
            #expect(page.text.contains("id=\"report-link\""))
            #expect(page.text.contains("/api/jobs/\(created.job)/files/roster.csv"))
        }
    }

    /// The example street as one workbook (issue 15's fixture) beside its scenario.yaml, zipped:
    /// solved, and the plan passes the independent checker against the CSV twin of the same lists.
    @Test func solvesAnUploadedWorkbookScenario() async throws {
        let forms = Repo.root.appendingPathComponent("Tests/MatcherTests/Fixtures/forms")
        let zip = try zipFolder(forms.appendingPathComponent("workbook"), prefix: "workbook")
        try await withServer { client, _ in
            let created = try client.decode(Created.self, try await client.post("/api/solve?time_limit=30", zip))
            let job = try await client.wait(for: created.job)
            try #require(job.state == "done", "\(job)")
            #expect(try #require(job.plan).projects > 0)
            #expect(job.files.contains("plan.xlsx") && job.files.contains("dispatch/index.html"))
            let saved = try temporaryDirectory() + "/plan.json"
            try Data(buffer: try await client.get("/api/jobs/\(created.job)/files/plan.json").body).write(to: URL(fileURLWithPath: saved))
            if let check = try independentCheck(scenario: forms.appendingPathComponent("plain/scenario.yaml").path, plan: saved) {
                #expect(check.ok, "\(check.output)")
            }
            let page = try await client.get("/jobs/\(created.job)")
            #expect(page.text.contains("id=\"dispatch-link\""))
            #expect(page.text.contains("/api/jobs/\(created.job)/files/dispatch/index.html"))
            #expect(try await client.get("/api/jobs/\(created.job)/files/dispatch/index.html").status == .ok)
        }
    }

    /// A bare workbook with ?quarter=: match init's scenario.yaml is put beside it; the example
    /// street's lists are read from its five sheets and solved under the template's rules.
    @Test func solvesABareWorkbookWithTheTemplateScenario() async throws {
        let book = try Data(contentsOf: Repo.root.appendingPathComponent("Tests/MatcherTests/Fixtures/forms/workbook/lists.xlsx"))
        try await withServer { client, data in
            let response = try await client.post("/api/solve?quarter=2027Q1&time_limit=30&name=book", book,
                                                 type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(response.status == .accepted, "\(response.text)")
            let created = try client.decode(Created.self, response)
            #expect(created.scenario == "book")
            let job = try await client.wait(for: created.job)
            try #require(job.state == "done", "\(job)")
            #expect(try #require(job.plan).projects > 0)
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: data + "/book")).isSuperset(of: ["scenario.yaml", "名单.xlsx"]))
            let stored = try client.decode(ScenarioReply.self, try await client.get("/api/scenarios/book"))
            #expect(stored.valid && stored.errors.isEmpty)
        }
    }

    @Test func progressStreamsAsServerSentEventsUntilTheEnd() async throws {
        try await withServer { client, _ in
            let zip = try zipFolder(Repo.example, prefix: "example-street")
            let created = try client.decode(Created.self, try await client.post("/api/solve?time_limit=5", zip))
            // The live client reads the whole stream: it ends when the job does.
            let stream = try await client.get("/api/jobs/\(created.job)/events")
            #expect(stream.status == .ok)
            #expect(stream.headers[.contentType] == "text/event-stream")
            let events = stream.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }
            let jobs = try events.map { try JSONDecoder().decode(JobReply.self, from: Data($0.dropFirst(6).utf8)) }
            #expect(jobs.contains { $0.state == "running" && $0.progress != nil })
            #expect(jobs.last?.state == "done")
            #expect(stream.text.hasSuffix("event: end\ndata: {}\n\n"))
            // A stream of a finished job: its final state, then the end.
            let again = try await client.get("/api/jobs/\(created.job)/events")
            #expect(again.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }.count == 1)
        }
    }

    static let unsafeZips: [(label: String, files: [String], symlinks: [(String, String)])] = [
        ("climbs out", ["example/scenario.yaml", "../escaped.txt"], []),
        ("climbs out inside", ["example/scenario.yaml", "example/../../escaped.txt"], []),
        ("absolute", ["example/scenario.yaml", "/tmp/escaped.txt"], []),
        ("backslash", ["example/scenario.yaml", "..\\escaped.txt"], []),
        ("symbolic link", ["example/scenario.yaml"], [("example/needs.csv", "/etc/passwd")]),
    ]

    @Test(arguments: 0 ..< unsafeZips.count)
    func unsafeZipIsRefusedAndWritesNothing(_ k: Int) async throws {
        let case_ = Self.unsafeZips[k]
        try await withServer { client, data in
            let body = Data("name: x\n".utf8)
            let zip = try makeZip(case_.files.map { ($0, body) }, symlinks: case_.symlinks.map { (path: $0.0, target: $0.1) })
            for route in ["/api/scenarios", "/api/solve"] {
                let response = try await client.post(route, zip)
                #expect(response.status == .badRequest, "\(case_.label): \(response.text)")
                #expect(response.text.contains("refused"), "\(case_.label): \(response.text)")
            }
            // Nothing in the data folder (but the empty temporary folder) and nothing beside it.
            let left = FileManager.default.enumerator(atPath: data)?.allObjects as? [String] ?? []
            #expect(left.filter { $0 != ".tmp" }.isEmpty, "\(case_.label): \(left)")
            let parent = (data as NSString).deletingLastPathComponent
            #expect(!FileManager.default.fileExists(atPath: parent + "/escaped.txt"))
            #expect(!FileManager.default.fileExists(atPath: "/tmp/escaped.txt"))
            #expect(try client.decode([[String: String]].self, try await client.get("/api/scenarios")).isEmpty)
        }
    }

    @Test func twoConcurrentJobsBothFinish() async throws {
        try await withServer(maxConcurrent: 2) { client, data in
            let zip = try zipFolder(Repo.example, prefix: "example-street")
            let a = try client.decode(Created.self, try await client.post("/api/solve?time_limit=30", zip))
            let b = try client.decode(Created.self, try await client.post("/api/solve?variant=wider-circle&time_limit=30", zip))
            #expect(a.scenario == "example-street" && b.scenario == "example-street-2")
            let ra = try await client.wait(for: a.job)
            let rb = try await client.wait(for: b.job)
            #expect(ra.state == "done" && rb.state == "done", "\(ra) \(rb)")
            #expect(rb.variant == "wider-circle")
            // A wider circle can only help: its plan is at least as good.
            let (pa, pb) = (try #require(ra.plan), try #require(rb.plan))
            #expect(pb.objective >= pa.objective - 1e-6)
            for (job, scenario, variant) in [(a.job, a.scenario, "base"), (b.job, b.scenario, "wider-circle")] {
                let saved = try temporaryDirectory() + "/plan.json"
                try Data(buffer: try await client.get("/api/jobs/\(job)/files/plan.json").body).write(to: URL(fileURLWithPath: saved))
                if let check = try independentCheck(scenario: data + "/\(scenario)/scenario.yaml", plan: saved, variant: variant) {
                    #expect(check.ok, "\(check.output)")
                }
            }
        }
    }

    @Test func cancelStopsARunningSolveAndAQueuedOneWritingNothing() async throws {
        // A district (12,000 members) takes far longer than the moment the cancel needs.
        let folder = try temporaryDirectory("district")
        _ = try ScenarioGenerator.write(GeneratorConfig(preset: .district, seed: 1), to: folder + "/district", overwrite: true)
        let zip = try zipFolder(URL(fileURLWithPath: folder + "/district"), prefix: "district")
        try await withServer(maxConcurrent: 1) { client, data in
            let long = try client.decode(Created.self, try await client.post("/api/solve?time_limit=600", zip))
            let queued = try client.decode(Created.self, try await client.post("/api/scenarios/\(long.scenario)/solve", Data()))
            #expect(try await client.wait(for: queued.job, until: ["queued"], seconds: 1).state == "queued")
            // Cancel the queued one: at once, it never runs.
            let cancelQueued = try await client.execute(uri: "/api/jobs/\(queued.job)", method: .delete)
            #expect(cancelQueued.status == .accepted)
            #expect(try client.decode(JobReply.self, cancelQueued).state == "cancelled")
            // Cancel the running one once it solves (past reading).
            var reply = try await client.wait(for: long.job, until: ["running"], seconds: 60)
            let end = Date().addingTimeInterval(120)
            while reply.state == "running", reply.progress?.phase ?? "reading" == "reading", Date() < end {
                try await Task.sleep(for: .milliseconds(200))
                reply = try client.decode(JobReply.self, try await client.get("/api/jobs/\(long.job)"))
            }
            #expect(reply.state == "running", "\(reply)")
            let cancelled = Date()
            #expect(try await client.execute(uri: "/api/jobs/\(long.job)", method: .delete).status == .accepted)
            let final = try await client.wait(for: long.job, seconds: 60)
            #expect(final.state == "cancelled", "\(final)")
            #expect(Date().timeIntervalSince(cancelled) < 30)
            #expect(final.files.isEmpty)
            #expect(try await client.get("/api/jobs/\(long.job)/files/plan.json").status == .notFound)
            // Nothing half-written: no output folder at all, not even a hidden one.
            let out = data + "/\(long.scenario)/out"
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).isEmpty)
            // A second cancel is refused: the job has ended.
            #expect(try await client.execute(uri: "/api/jobs/\(long.job)", method: .delete).status == .conflict)
        }
    }

    @Test func validationListsEveryProblemByFileRowAndColumn() async throws {
        let needs = try String(contentsOf: Repo.example.appendingPathComponent("needs.csv"), encoding: .utf8)
        var lines = needs.components(separatedBy: "\n")
        let header = lines[0].components(separatedBy: ",")
        let urgency = try #require(header.firstIndex(of: "urgency"))
        var cells = lines[2].components(separatedBy: ",")
        cells[urgency] = "9"
        lines[2] = cells.joined(separator: ",")
        let zip = try zipFolder(Repo.example, prefix: "bad", replacing: ["needs.csv": Data(lines.joined(separator: "\n").utf8)])
        try await withServer { client, _ in
            let response = try await client.post("/api/scenarios", zip)
            #expect(response.status == .created)
            let reply = try client.decode(ScenarioReply.self, response)
            #expect(!reply.valid)
            let problem = try #require(reply.errors.first)
            #expect(problem.file == "needs.csv")
            #expect(problem.line == 3)
            #expect(problem.column == "urgency")
            #expect(problem.message.contains("9"))
            let page = try await client.get("/scenarios/\(reply.scenario)?lang=en")
            #expect(page.text.contains("<td>needs.csv</td>"))
            #expect(page.text.contains("1 error"))
            #expect(!page.text.contains("id=\"solve\""))
            // A solve of it fails with the same problems.
            let job = try client.decode(Created.self, try await client.post("/api/scenarios/\(reply.scenario)/solve", Data()))
            let failed = try await client.wait(for: job.job)
            #expect(failed.state == "failed")
            #expect(failed.errors.first?.file == "needs.csv" && failed.errors.first?.line == 3)
        }
    }

    @Test func aScenarioCannotNameFilesOutsideItsFolder() async throws {
        let yaml = try String(contentsOf: Repo.example.appendingPathComponent("scenario.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "members: members.csv", with: "members: /etc/passwd")
            .replacingOccurrences(of: "needs: needs.csv", with: "needs: ../../needs.csv")
        let zip = try zipFolder(Repo.example, prefix: "outside", replacing: ["scenario.yaml": Data(yaml.utf8)])
        try await withServer { client, _ in
            let reply = try client.decode(ScenarioReply.self, try await client.post("/api/scenarios", zip))
            #expect(!reply.valid)
            let outside = reply.errors.filter { $0.message.contains("outside the scenario's folder") }
            #expect(outside.count == 2, "\(reply.errors)")
        }
    }

    @Test func userTextIsEscapedInPages() async throws {
        let yaml = try String(contentsOf: Repo.example.appendingPathComponent("scenario.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "name: \"北京路街道", with: "name: \"<script>alert(1)</script>北京路街道")
        let zip = try zipFolder(Repo.example, prefix: "x<b>y", replacing: ["scenario.yaml": Data(yaml.utf8)])
        try await withServer { client, _ in
            let reply = try client.decode(ScenarioReply.self, try await client.post("/api/scenarios", zip))
            #expect(reply.scenario == "x-b-y")
            let page = try await client.get("/scenarios/\(reply.scenario)")
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert"))
        }
    }

    @Test func whatIfIsANewVariantComparedWithTheBase() async throws {
        try await withServer { client, data in
            let zip = try zipFolder(Repo.example, prefix: "example-street")
            let base = try client.decode(Created.self, try await client.post("/api/solve?time_limit=30", zip))
            #expect(try await client.wait(for: base.job).state == "done")
            let body = Data(#"{"max_distance_km": 3, "street_budget": 6000}"#.utf8)
            let response = try await client.post("/api/jobs/\(base.job)/whatif", body, type: "application/json")
            #expect(response.status == .accepted, "\(response.text)")
            let whatIf = try client.decode(Created.self, response)
            let reply = try await client.wait(for: whatIf.job)
            #expect(reply.state == "done", "\(reply)")
            #expect(reply.variant == "whatif-1")
            #expect(reply.files.contains(CompareReport.fileName))
            let compare = try await client.get("/api/jobs/\(whatIf.job)/files/compare.html")
            #expect(compare.text.contains("whatif-1"))
            // A real variant of the stored scenario: the checker knows its rules.
            let scenario = data + "/example-street/scenario.yaml"
            let variants = try client.decode(ScenarioReply.self, try await client.get("/api/scenarios/example-street")).variants
            #expect(variants == ["base", "wider-circle", "smaller-budget", "everyone-serves", "whatif-1"])
            let saved = try temporaryDirectory() + "/plan.json"
            try Data(buffer: try await client.get("/api/jobs/\(whatIf.job)/files/plan.json").body).write(to: URL(fileURLWithPath: saved))
            if let check = try independentCheck(scenario: scenario, plan: saved, variant: "whatif-1") {
                #expect(check.ok, "\(check.output)")
            }
            // Bad what-ifs are refused.
            for bad in [#"{"max_distance_km": "far"}"#, #"{"colour": 1}"#, "{}", "[1]"] {
                #expect(try await client.post("/api/jobs/\(base.job)/whatif", Data(bad.utf8), type: "application/json").status == .badRequest, "\(bad)")
            }
        }
    }

    @Test func tokenIsRequiredWhenSet() async throws {
        try await withServer(token: "s3cret") { client, _ in
            #expect(try await client.get("/").status == .unauthorized)
            #expect(try await client.get("/api/scenarios?token=wrong").status == .unauthorized)
            #expect(try await client.get("/api/scenarios?token=s3cret").status == .ok)
            #expect(try await client.execute(uri: "/api/scenarios", method: .get, headers: [.init("X-Match-Token")!: "s3cret"]).status == .ok)
            let page = try await client.get("/?token=s3cret")
            #expect(page.status == .ok)
            #expect(page.text.contains("token:\"s3cret\""))
        }
    }

    @Test func uploadsAreLimitedAndTyped() async throws {
        var limits = UploadLimits()
        limits.bodyBytes = 4_000
        try await withServer(limits: limits) { client, data in
            let big = try zipFolder(Repo.example, prefix: "example-street")
            #expect(try await client.post("/api/solve", big).status == .contentTooLarge)
            #expect(try await client.post("/api/solve", Data("not a zip".utf8)).status == .unsupportedMediaType)
            let workbook = try makeZip([("[Content_Types].xml", Data("<Types/>".utf8)), ("xl/workbook.xml", Data("<workbook/>".utf8))])
            let reply = try await client.post("/api/solve", workbook, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(reply.status == .badRequest)
            #expect(reply.text.contains("quarter"))
            #expect(try await client.post("/api/solve?time_limit=-1", try makeZip([("s/scenario.yaml", Data("name: x".utf8))])).status == .badRequest)
            #expect(try await client.get("/api/jobs/000000000000").status == .notFound)
            #expect(try await client.get("/scenarios/..").status == .notFound)
        }
    }

    /// Damaged zips (bytes flipped, cut short, parts repeated) are answered, never a crash.
    @Test func damagedZipsAreAnsweredNotACrash() async throws {
        let original = [UInt8](try zipFolder(Repo.example, prefix: "example-street"))
        var seed: UInt64 = 18
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(max(1, n)))
        }
        var damaged: [Data] = []
        for k in 0 ..< 60 {
            var b = original
            switch k % 3 {
            case 0: for _ in 0 ..< 1 + next(8) { let at = next(b.count); b[at] ^= UInt8(1 << next(8)) }
            case 1: b.removeSubrange((22 + next(b.count - 22))...)
            default: let at = next(b.count - 64); b.insert(contentsOf: b[at ..< at + 64], at: next(b.count))
            }
            damaged.append(Data(b))
        }
        try await withServer { [damaged] client, data in
            var answers: [HTTPResponse.Status: Int] = [:]
            for (k, b) in damaged.enumerated() {
                let response = try await client.post("/api/scenarios", b)
                #expect([.created, .badRequest, .contentTooLarge, .unsupportedMediaType].contains(response.status), "\(k): \(response.text)")
                answers[response.status, default: 0] += 1
            }
            #expect(answers[.badRequest, default: 0] > 0)
            // Refused uploads leave nothing: only the stored scenarios and the empty temporary folder.
            let tmp = (try? FileManager.default.contentsOfDirectory(atPath: data + "/.tmp")) ?? []
            #expect(tmp.isEmpty, "\(tmp)")
        }
    }

    @Test func zipBombIsRefused() async throws {
        var limits = UploadLimits()
        limits.uncompressedBytes = 1 << 20
        let zeros = Data(count: 3 << 20)
        let bomb = try makeZip([("b/scenario.yaml", Data("name: x".utf8)), ("b/zeros.csv", zeros)])
        #expect(bomb.count < 100_000)
        try await withServer(limits: limits) { client, data in
            let response = try await client.post("/api/scenarios", bomb)
            #expect(response.status == .contentTooLarge)
            let left = FileManager.default.enumerator(atPath: data)?.allObjects as? [String] ?? []
            #expect(left.filter { $0 != ".tmp" }.isEmpty)
        }
    }
}
