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
            guard let stored = state.store.scenario(context.parameters.get("id") ?? "") else { return notFound }
            let validation = try await onThread { state.store.validate(stored) }
            return APIResponse.json(ScenarioJSON(stored, validation))
        }
        router.post("/api/scenarios/:id/solve") { request, context in
            guard let stored = state.store.scenario(context.parameters.get("id") ?? "") else { return notFound }
            return submit(stored, request: request)
        }
        router.delete("/api/scenarios/:id") { _, context in
            guard let stored = state.store.scenario(context.parameters.get("id") ?? "") else { return notFound }
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
        let type = request.headers[.contentType] ?? ""
        let name = request.uri.queryParameters.get("name")
        let store = state.store
        if type.contains("spreadsheetml") || UploadKind.isWorkbook(data) {
            let quarter = request.uri.queryParameters.get("quarter") ?? ""
            guard quarter.wholeMatch(of: /[0-9]{4}Q[1-4]/) != nil else {
                return .refused(APIResponse.error(.badRequest,
                    "a workbook alone needs ?quarter= (such as 2027Q1): its rules are match init's defaults; or upload a zip of scenario.yaml and the workbook"))
            }
            let language = request.uri.queryParameters.get("lang").flatMap(ReportLanguage.init(rawValue:)) ?? .zh
            let outcome: Result<StoredScenario, UploadError> = try await onThread {
                do throws(UploadError) { return .success(try store.addWorkbook(data, name: name, quarter: quarter, language: language)) }
                catch { return .failure(error) }
            }
            switch outcome {
            case .success(let stored): return .stored(stored)
            case .failure(let e): return .refused(APIResponse.upload(e))
            }
        }
        guard UploadKind.isZip(data) else {
            return .refused(APIResponse.error(.unsupportedMediaType, "the body must be a zip of a scenario folder (scenario.yaml and its lists)"))
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

    /// A zip whose central directory names `xl/workbook.xml`: an .xlsx workbook.
    static func isWorkbook(_ d: Data) -> Bool {
        isZip(d) && d.range(of: Data("xl/workbook.xml".utf8)) != nil && d.range(of: Data("[Content_Types].xml".utf8)) != nil
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
