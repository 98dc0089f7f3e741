import Hummingbird

/// With an access token (a non-loopback `--host`): every request must carry it, as the header
/// `X-Match-Token`, `Authorization: Bearer TOKEN`, or the query `?token=TOKEN` (what the pages
/// pass on in their links). Anything else is 401, with nothing read or written.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let given = request.headers[.init("X-Match-Token")!]
            ?? request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            ?? request.uri.queryParameters.get("token")
        guard let given, constantTimeEqual(given, token) else {
            return APIResponse.error(.unauthorized, "an access token is required (header X-Match-Token or ?token=); match serve printed it at start")
        }
        return try await next(request, context)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
