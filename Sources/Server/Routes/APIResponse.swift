import Foundation
import Hummingbird
import Matcher

/// JSON and HTML responses, and the JSON shapes of the API (docs/API.md).
enum APIResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, errors: [Diagnostic] = []) -> Response {
        json(ErrorBody(error: message, errors: errors.map(DiagnosticJSON.init)), status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func upload(_ e: UploadError) -> Response {
        switch e.kind {
        case .tooLarge: error(.contentTooLarge, e.message)
        case .insufficientStorage: error(.insufficientStorage, e.message)
        case .badRequest: error(.badRequest, e.message)
        }
    }
}

struct ErrorBody: Encodable {
    var error: String
    var errors: [DiagnosticJSON]
}

struct DiagnosticJSON: Encodable {
    var severity: String
    var file: String
    var line: Int?
    var column: String?
    var message: String
    init(_ d: Diagnostic) {
        severity = d.severity.rawValue; file = d.file; line = d.line; column = d.column; message = d.message
    }
    enum CodingKeys: CodingKey { case severity, file, line, column, message }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(severity, forKey: .severity)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(message, forKey: .message)
    }
}

struct ScenarioJSON: Encodable {
    var scenario: String
    var name: String?
    var valid: Bool
    var variants: [String]
    var errors: [DiagnosticJSON]
    var warnings: [DiagnosticJSON]
    /// The rules in effect (base variant) and the holidays, when the scenario reads.
    var holidays: [String]?
    var rules: RulesJSON?

    struct RulesJSON: Encodable {
        var max_distance_km: Double
        var unit_max_distance_km: Double
        var max_sessions_per_member: Int
        var street_budget: Double?
        enum CodingKeys: CodingKey { case max_distance_km, unit_max_distance_km, max_sessions_per_member, street_budget }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(max_distance_km, forKey: .max_distance_km)
            try c.encode(unit_max_distance_km, forKey: .unit_max_distance_km)
            try c.encode(max_sessions_per_member, forKey: .max_sessions_per_member)
            try c.encode(street_budget, forKey: .street_budget)
        }
    }

    init(_ s: StoredScenario, _ v: Validation) {
        scenario = s.id
        name = v.scenario?.name
        valid = v.scenario != nil
        variants = ["base"] + (v.scenario?.variants.map(\.name) ?? [])
        errors = v.diagnostics.filter(\.isError).map(DiagnosticJSON.init)
        warnings = v.diagnostics.filter { !$0.isError }.map(DiagnosticJSON.init)
        if let sc = v.scenario {
            holidays = sc.holidays.map(\.iso)
            rules = RulesJSON(max_distance_km: sc.settings.maxDistanceKm, unit_max_distance_km: sc.settings.unitMaxDistanceKm,
                              max_sessions_per_member: sc.settings.maxSessionsPerMember, street_budget: sc.settings.streetBudget)
        }
    }
}

struct ProgressJSON: Encodable {
    var phase: String
    var elapsed_s: Double
    var objective: Double?
    var bound: Double?
    var gap: Double?
    init(_ p: SolveProgress) {
        phase = p.phase; elapsed_s = (p.elapsedSeconds * 10).rounded() / 10
        objective = p.bestObjective; bound = p.bestBound; gap = p.gap
    }
    enum CodingKeys: CodingKey { case phase, elapsed_s, objective, bound, gap }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(phase, forKey: .phase)
        try c.encode(elapsed_s, forKey: .elapsed_s)
        try c.encode(objective.flatMap { $0.isFinite ? $0 : nil }, forKey: .objective)
        try c.encode(bound.flatMap { $0.isFinite ? $0 : nil }, forKey: .bound)
        try c.encode(gap.flatMap { $0.isFinite ? $0 : nil }, forKey: .gap)
    }
}

struct PlanJSONSummary: Encodable {
    var status: String
    var objective: Double
    var best_bound: Double
    var gap: Double
    var projects: Int
    var assignments: Int
}

struct JobJSON: Encodable {
    var job: String
    var scenario: String
    var variant: String
    var state: String
    var progress: ProgressJSON?
    var errors: [DiagnosticJSON]
    var message: String?
    var plan: PlanJSONSummary?
    var files: [String]

    init(_ job: Job) {
        let s = job.snapshot
        self.job = job.id
        scenario = job.scenario.id
        variant = job.request.variant
        state = s.state.rawValue
        progress = s.progress.map(ProgressJSON.init)
        errors = s.errors.map(DiagnosticJSON.init)
        message = s.message
        plan = s.outcome.map {
            PlanJSONSummary(status: $0.status.rawValue, objective: $0.objective, best_bound: $0.bestBound,
                            gap: $0.gap, projects: $0.projects, assignments: $0.assignments)
        }
        files = job.files()
    }
}

struct JobCreated: Encodable {
    var job: String
    var scenario: String
}

extension HTTPResponse.Status {
    /// 507: the data folder is over its quota.
    static var insufficientStorage: Self { .init(code: 507, reasonPhrase: "Insufficient Storage") }
}

extension Parameters {
    /// A path parameter percent-decoded (Hummingbird's router hands it over as it came in the
    /// URL: a Chinese scenario id arrives as `%E7%A4%BA…`); nil when absent or not valid UTF-8.
    func decoded(_ name: String) -> String? {
        get(name).flatMap { $0.removingPercentEncoding }
    }

    /// The catch-all's parts, each percent-decoded, joined with `/` (nil when one does not decode).
    func decodedCatchAll() -> String? {
        let parts = getCatchAll().map { String($0).removingPercentEncoding }
        guard !parts.contains(where: { $0 == nil }) else { return nil }
        return parts.compactMap { $0 }.joined(separator: "/")
    }
}
