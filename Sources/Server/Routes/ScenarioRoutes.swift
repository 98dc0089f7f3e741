import Foundation
import Hummingbird
import Matcher

/// `/api/scenarios…` and `/api/solve`: uploads, validation, starting solves.
struct ScenarioRoutes {
    let state: ServerState

    func register(on router: Router<ServerContext>) {
        router.get("/api/scenarios") { _, _ in
            APIResponse.json(state.store.list().map { ["scenario": $0.id] })
        }
        router.post("/api/scenarios") { request, _ in
            var request = request
            switch try await upload(&request) {
            case .refused(let response): return response
            case .stored(let stored):
                let validation = try await onThread { state.store.validate(stored) }
                return APIResponse.json(ScenarioJSON(stored, validation), status: .created)
            }
        }
        router.get("/api/scenarios/:id") { _, context in
            guard let stored = state.store.scenario(context.parameters.decoded("id") ?? "") else { return notFound }
            let validation = try await onThread { state.store.validate(stored) }
            return APIResponse.json(ScenarioJSON(stored, validation))
        }
        // Holidays, rules and weights set in scenario.yaml in place (comments kept); the reply is the new validation.
        router.patch("/api/scenarios/:id") { request, context in
            guard let stored = state.store.scenario(context.parameters.decoded("id") ?? "") else { return notFound }
            if let refused = BodyType.refusal(request, allowed: BodyType.json, what: "a scenario edit") { return refused }
            var request = request
            let body = try await request.collectBody(upTo: state.configuration.limits.jsonBytes)
            let change: ScenarioTextEdit.Change
            switch ScenarioTextEdit.change(json: Data(buffer: body)) {
            case .failure(let f): return APIResponse.error(.badRequest, f.message)
            case .success(let c): change = c
            }
            if state.jobs.all.contains(where: { $0.scenario.id == stored.id && !$0.isFinished }) {
                return APIResponse.error(.conflict, "a solve of this scenario is queued or running; wait for it or cancel it first / 该场景正在求解，请等待或先取消")
            }
            let store = state.store
            let outcome: Result<Validation, UploadError> = try await onThread {
                do throws(UploadError) {
                    try store.editSettings(of: stored, change)
                    return .success(store.validate(stored))
                } catch { return .failure(error) }
            }
            switch outcome {
            case .success(let validation): return APIResponse.json(ScenarioJSON(stored, validation))
            case .failure(let e): return APIResponse.upload(e)
            }
        }
        router.post("/api/scenarios/:id/solve") { request, context in
            guard let stored = state.store.scenario(context.parameters.decoded("id") ?? "") else { return notFound }
            return submit(stored, request: request)
        }
        router.delete("/api/scenarios/:id") { _, context in
            guard let stored = state.store.scenario(context.parameters.decoded("id") ?? "") else { return notFound }
            if state.jobs.all.contains(where: { $0.scenario.id == stored.id && !$0.isFinished }) {
                return APIResponse.error(.conflict, "a solve of this scenario is queued or running; cancel it first / 该场景正在求解，请先取消")
            }
            do throws(UploadError) {
                try state.store.delete(stored)
            } catch {
                return APIResponse.upload(error)
            }
            state.jobs.forget(scenario: stored.id)
            return Response(status: .noContent)
        }
        router.post("/api/solve") { request, _ in
            var request = request
            switch try await upload(&request) {
            case .refused(let response): return response
            case .stored(let stored): return submit(stored, request: request)
            }
        }
    }

    private var notFound: Response { APIResponse.error(.notFound, "no such scenario in the data folder") }

    /// The body as a new scenario folder, or the refusal to send back.
    private enum Upload { case stored(StoredScenario), refused(Response) }

    private func upload(_ request: inout Request) async throws -> Upload {
        if let refused = BodyType.refusal(request, allowed: BodyType.zip.union(BodyType.workbook), what: "an upload (a zip or a workbook)") {
            return .refused(refused)
        }
        // A bounded number of bodies in memory at once (each up to bodyBytes).
        let most = state.configuration.limits.concurrentUploads
        let admitted = state.uploadsInFlight.withLock { n -> Bool in
            guard n < most else { return false }
            n += 1
            return true
        }
        guard admitted else {
            var busy = APIResponse.error(.serviceUnavailable, "\(most) uploads are being received already; try again in a moment / 正在接收其他上传，请稍后再试")
            busy.headers[.retryAfter] = "5"
            return .refused(busy)
        }
        defer { state.uploadsInFlight.withLock { $0 -= 1 } }
        let limit = state.configuration.limits.bodyBytes
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch let e as HTTPError where e.status == .contentTooLarge {
            return .refused(APIResponse.error(.contentTooLarge, "the upload is larger than \(limit >> 20) MB"))
        }
        let data = Data(buffer: body)
        let type = BodyType.mediaType(request) ?? ""
        let name = request.uri.queryParameters.get("name")
        let language = request.uri.queryParameters.get("lang").flatMap(ReportLanguage.init(rawValue:)) ?? .zh
        let zh = language == .zh
        let store = state.store
        if BodyType.workbook.contains(type) || UploadKind.isWorkbook(data) {
            let quarter = (request.uri.queryParameters.get("quarter") ?? "").uppercased()
            guard quarter.wholeMatch(of: /[0-9]{4}Q[1-4]/) != nil else {
                return .refused(APIResponse.error(.badRequest, zh
                    ? "只上传工作簿时须写明季度（?quarter=，如 2027Q1），并可写节假日（holidays）、街道经费上限（street_budget）和服务半径（max_distance_km）；或把 scenario.yaml 和工作簿一起打包上传"
                    : "a workbook alone needs ?quarter= (such as 2027Q1), and may give holidays, street_budget and max_distance_km; or upload a zip of scenario.yaml and the workbook"))
            }
            let settings: ScenarioTextEdit.Change
            switch ScenarioTextEdit.change(query: { request.uri.queryParameters.get($0) }, chinese: zh) {
            case .failure(let f): return .refused(APIResponse.error(.badRequest, f.message))
            case .success(let c): settings = c
            }
            let outcome: Result<StoredScenario, UploadError> = try await onThread {
                do throws(UploadError) { return .success(try store.addWorkbook(data, name: name, quarter: quarter, language: language, settings: settings)) }
                catch { return .failure(error) }
            }
            switch outcome {
            case .success(let stored): return .stored(stored)
            case .failure(let e): return .refused(APIResponse.upload(e))
            }
        }
        guard UploadKind.isZip(data) else {
            return .refused(APIResponse.error(.unsupportedMediaType, zh ? "上传的内容须为场景文件夹的 zip 压缩包（scenario.yaml 和名单）或一个工作簿"
                                                                         : "the body must be a zip of a scenario folder (scenario.yaml and its lists) or a workbook"))
        }
        let outcome: Result<StoredScenario, UploadError> = try await onThread {
            do throws(UploadError) { return .success(try store.addZip(data, name: name)) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let stored): return .stored(stored)
        case .failure(let e): return .refused(APIResponse.upload(e))
        }
    }

    /// Starts a job from the query's variant, time_limit, gap and lang.
    private func submit(_ stored: StoredScenario, request: Request) -> Response {
        if let full = state.store.quotaProblem() { return APIResponse.upload(full) }
        switch SolveQuery.parse(request.uri.queryParameters) {
        case .failure(let problem): return APIResponse.error(.badRequest, problem.message)
        case .success(let r):
            let job = state.jobs.submit(scenario: stored, request: r, store: state.store)
            return APIResponse.json(JobCreated(job: job.id, scenario: stored.id), status: .accepted)
        }
    }
}

/// What an upload is, by its first bytes and parts.
enum UploadKind {
    static func isZip(_ d: Data) -> Bool { d.starts(with: [0x50, 0x4B, 0x03, 0x04]) || d.starts(with: [0x50, 0x4B, 0x05, 0x06]) }

    /// An .xlsx workbook: a zip whose own entries (its central directory's names) include
    /// `[Content_Types].xml` and `xl/workbook.xml` at the top level. A zip of a scenario folder
    /// that holds a workbook has those strings in its bytes too (inside the workbook), but not
    /// as its own entries' names.
    static func isWorkbook(_ d: Data) -> Bool {
        guard isZip(d), let names = centralDirectoryNames(d) else { return false }
        return names.contains("xl/workbook.xml") && names.contains("[Content_Types].xml")
    }

    /// The names of the central directory's entries (as Latin-1: only ASCII ones are compared),
    /// or nil when the end record or the directory cannot be found within the bytes.
    static func centralDirectoryNames(_ d: Data) -> Set<String>? {
        let b = [UInt8](d)
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        // The end of central directory record: 22 bytes plus a comment of at most 65535.
        guard b.count >= 22 else { return nil }
        var end = -1
        var i = b.count - 22
        let lowest = max(0, b.count - 22 - 65_535)
        while i >= lowest {
            if b[i] == 0x50, b[i + 1] == 0x4B, b[i + 2] == 0x05, b[i + 3] == 0x06 { end = i; break }
            i -= 1
        }
        guard end >= 0 else { return nil }
        let count = u16(end + 10)
        var at = u32(end + 16)
        var names = Set<String>()
        for _ in 0..<count {
            guard at >= 0, at + 46 <= b.count, b[at] == 0x50, b[at + 1] == 0x4B, b[at + 2] == 0x01, b[at + 3] == 0x02 else { return nil }
            let nameLength = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32)
            guard at + 46 + nameLength <= b.count else { return nil }
            names.insert(String(String.UnicodeScalarView(b[(at + 46)..<(at + 46 + nameLength)].map { Unicode.Scalar($0) })))
            at += 46 + nameLength + extra + comment
        }
        return names
    }
}

/// The solve options of the query: variant (default base), time_limit (s), gap, lang.
enum SolveQuery {
    static func parse(_ q: Parameters) -> Result<Job.Request, RequestProblem> { parse { q.get($0) } }

    static func parse(_ get: (String) -> String?) -> Result<Job.Request, RequestProblem> {
        var r = Job.Request(variant: "base")
        if let v = get("variant"), !v.isEmpty { r.variant = v }
        if let t = get("time_limit"), !t.isEmpty {
            guard let x = Double(t), x > 0, x <= 86_400 else { return .failure(RequestProblem("time_limit must be a number of seconds in (0, 86400], not '\(t)'")) }
            r.timeLimit = x
        }
        if let g = get("gap"), !g.isEmpty {
            guard let x = Double(g), x >= 0, x < 1 else { return .failure(RequestProblem("gap must be a number in [0, 1), not '\(g)'")) }
            r.gap = x
        }
        if let l = get("lang"), !l.isEmpty {
            guard let x = ReportLanguage(rawValue: l) else { return .failure(RequestProblem("lang must be zh or en, not '\(l)'")) }
            r.language = x
        }
        return .success(r)
    }
}

/// What is wrong with a request's query or body (400).
struct RequestProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Runs blocking work (file reading, unzipping, validation) on a thread of its own, off the
/// server's event loops and the cooperative pool.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
