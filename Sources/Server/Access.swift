import Hummingbird

/// With an access token (a non-loopback `--host`): every request must carry it, as the header
/// `X-Match-Token`, `Authorization: Bearer TOKEN`, the query `?token=TOKEN` (what the pages
/// pass on in their links), or the cookie a request with `?token=` got back. Anything else is
/// 401, with nothing read or written.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    /// The cookie a request with the right token gets back, so that the plan's own static pages
    /// (dispatch/index.html and the pages it links by relative URLs) work without the token in
    /// every link. `SameSite=Strict`: another site's page never sends it.
    static var cookieName: String { "match_token" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let fromQuery = request.uri.queryParameters.get("token")
        let given = request.headers[.init("X-Match-Token")!]
            ?? request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            ?? fromQuery
            ?? Self.cookie(request)
        guard let given, constantTimeEqual(given, token) else {
            return APIResponse.error(.unauthorized, "an access token is required (header X-Match-Token or ?token=); match serve printed it at start")
        }
        var response = try await next(request, context)
        if fromQuery != nil {
            response.headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
        }
        return response
    }

    /// The token cookie's value, if the request carries one.
    static func cookie(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let kv = pair.trimmingCharacters(in: .whitespaces)
                if kv.hasPrefix(cookieName + "=") { return String(kv.dropFirst(cookieName.count + 1)) }
            }
        }
        return nil
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
