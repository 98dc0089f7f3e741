import Foundation
import Hummingbird
import Matcher

/// `/api/jobs…`: a job's state, its live progress, its files, cancelling, what-ifs.
struct JobRoutes {
    let state: ServerState

    func register(on router: Router<ServerContext>) {
        router.get("/api/jobs") { _, _ in
            APIResponse.json(state.jobs.all.map(JobJSON.init))
        }
        router.get("/api/jobs/:id") { _, context in
            guard let job = job(context) else { return notFound }
            return APIResponse.json(JobJSON(job))
        }
        router.delete("/api/jobs/:id") { _, context in
            guard let job = job(context) else { return notFound }
            guard state.jobs.cancel(job) else {
                return APIResponse.error(.conflict, "the job has already ended (\(job.snapshot.state.rawValue))")
            }
            return APIResponse.json(JobJSON(job), status: .accepted)
        }
        router.get("/api/jobs/:id/events") { _, context in
            guard let job = job(context) else { return notFound }
            return Response(status: .ok,
                            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                            body: ResponseBody { writer in
                                let encoder = JSONEncoder()
                                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                                for await _ in job.events() {
                                    let data = try encoder.encode(JobJSON(job))
                                    try await writer.write(ByteBuffer(string: "data: " + String(decoding: data, as: UTF8.self) + "\n\n"))
                                }
                                try await writer.write(ByteBuffer(string: "event: end\ndata: {}\n\n"))
                                try await writer.finish(nil)
                            })
        }
        router.get("/api/jobs/:id/files/**") { _, context in
            guard let job = job(context) else { return notFound }
            let name = context.parameters.decodedCatchAll() ?? ""
            // The name must be one of the job's own files, as listed; it never becomes a path by itself.
            guard let file = job.files().first(where: { $0 == name }) else {
                return APIResponse.error(.notFound, "the job has no file '\(name)'")
            }
            let data = try await onThread { try Data(contentsOf: URL(fileURLWithPath: job.outputFolder + "/" + file)) }
            return Response(status: .ok, headers: [.contentType: Self.contentType(file)], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.post("/api/jobs/:id/whatif") { request, context in
            guard let job = job(context) else { return notFound }
            if let refused = BodyType.refusal(request, allowed: BodyType.json, what: "a what-if") { return refused }
            var request = request
            let body = try await request.collectBody(upTo: state.configuration.limits.jsonBytes)
            switch WhatIf.parse(Data(buffer: body)) {
            case .failure(let problem): return APIResponse.error(.badRequest, problem.message)
            case .success(let whatIf): return start(whatIf, from: job)
            }
        }
    }

    private var notFound: Response { APIResponse.error(.notFound, "no such job") }

    private func job(_ context: ServerContext) -> Job? { state.jobs.job(context.parameters.decoded("id") ?? "") }

    /// A what-if is a new variant of the job's scenario (written into its scenario file), solved
    /// with the job's limits and compared with the job's plan.
    private func start(_ whatIf: WhatIf, from base: Job) -> Response {
        guard base.snapshot.state == .done, base.request.variant == "base" else {
            return APIResponse.error(.conflict, "a what-if starts from a finished plan of the base scenario")
        }
        let variant: String
        do {
            variant = try state.store.addVariant(to: base.scenario, rules: whatIf.rules)
        } catch {
            return APIResponse.error(.internalServerError, "the what-if could not be added to the scenario: \(error)")
        }
        var r = base.request
        r.variant = variant
        r.compareWith = base
        let job = state.jobs.submit(scenario: base.scenario, request: r, store: state.store)
        return APIResponse.json(JobCreated(job: job.id, scenario: base.scenario.id), status: .accepted)
    }

    static func contentType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "csv": "text/csv; charset=utf-8"
        case "md": "text/markdown; charset=utf-8"
        case "ics": "text/calendar; charset=utf-8"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        default: "application/octet-stream"
        }
    }
}

/// The rules a what-if changes (JSON body): `max_distance_km`, `street_budget`.
struct WhatIf: Sendable {
    var rules: [(key: String, value: Double)]

    static let keys: [(key: String, range: ClosedRange<Double>)] = [("max_distance_km", 0.01...100), ("street_budget", 0...1e12)]

    static func parse(_ data: Data) -> Result<WhatIf, RequestProblem> {
        switch ScenarioTextEdit.numbers(json: data, keys: keys.map(\.key)) {
        case .failure(let f): return .failure(RequestProblem(f.message))
        case .success(let rules):
            if rules.isEmpty { return .failure(RequestProblem("a what-if changes at least one of " + keys.map(\.key).joined(separator: ", "))) }
            return .success(WhatIf(rules: rules))
        }
    }
}
