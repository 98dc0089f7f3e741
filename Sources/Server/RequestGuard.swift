import Foundation
import Hummingbird
import Synchronization

/// The server's own address as browsers name it: which `Host` values and which origins are its
/// own (docs/API.md, "Safety").
///
/// - DNS rebinding: a page on `evil.example` that re-points its name at 127.0.0.1 reaches the
///   server with `Host: evil.example:PORT`. Only the loopback names (`127.0.0.1`, `localhost`,
///   `[::1]`) with the listening port — or no port, which no browser sends for a page on
///   another name — are answered; with a token (`--host` not loopback) also the names of
///   `--allowed-host`, on any port (a TLS reverse proxy forwards its own name without one).
/// - Cross-site requests: a state-changing request (POST, PUT, PATCH, DELETE) whose `Origin`
///   (or, without it, `Referer`) is not `http(s)://` + the request's own `Host` is refused.
///   Requests with neither (curl, scripts) pass: browsers always send `Origin` on a
///   cross-origin POST.
final class ServerAddress: Sendable {
    /// Lower-cased names given by `--allowed-host` (only used with a token).
    let allowedHosts: Set<String>
    let tokenRequired: Bool
    /// The port the server listens on, once bound (port 0 picks one).
    let port = Mutex<Int?>(nil)

    init(allowedHosts: Set<String>, tokenRequired: Bool) {
        self.allowedHosts = allowedHosts; self.tokenRequired = tokenRequired
    }

    static let loopbackNames: Set<String> = ["127.0.0.1", "localhost", "[::1]", "::1"]

    /// `Host` split into its name (lower-cased, IPv6 kept in brackets) and port.
    static func split(_ authority: String) -> (name: String, port: Int?)? {
        let a = authority.lowercased()
        if a.hasPrefix("[") {
            guard let close = a.firstIndex(of: "]") else { return nil }
            let name = String(a[...close])
            let rest = a[a.index(after: close)...]
            if rest.isEmpty { return (name, nil) }
            guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else { return nil }
            return (name, p)
        }
        let parts = a.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return parts[0].isEmpty ? nil : (String(parts[0]), nil)
        case 2:
            guard !parts[0].isEmpty, let p = Int(parts[1]) else { return nil }
            return (String(parts[0]), p)
        default: return nil
        }
    }

    /// Whether a request naming `authority` as its `Host` is for this server.
    func accepts(host authority: String?) -> Bool {
        guard let authority, let (name, given) = Self.split(authority) else { return false }
        if Self.loopbackNames.contains(name) {
            guard let given else { return true }
            return port.withLock { $0 } == given
        }
        return tokenRequired && allowedHosts.contains(name)
    }

    /// Whether `origin` (`scheme://host[:port]`) is this server as the request reached it.
    static func sameOrigin(_ origin: String, authority: String) -> Bool {
        let o = origin.lowercased(), a = authority.lowercased()
        return o == "http://" + a || o == "https://" + a
    }

    /// The origin part (`scheme://host[:port]`) of a Referer URL.
    static func origin(ofReferer referer: String) -> String? {
        guard let schemeEnd = referer.range(of: "://") else { return nil }
        let afterScheme = referer[schemeEnd.upperBound...]
        let hostEnd = afterScheme.firstIndex(where: { "/?#".contains($0) }) ?? afterScheme.endIndex
        return String(referer[..<hostEnd])
    }
}

/// Refuses requests for another `Host` (421) and cross-site state changes (403) before any
/// route runs, so neither reads nor writes anything.
struct RequestGuard<Context: RequestContext>: RouterMiddleware {
    let address: ServerAddress

    static var unsafeMethods: Set<HTTPRequest.Method> { [.post, .put, .patch, .delete] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let authority = request.head.authority
        guard address.accepts(host: authority), let authority else {
            return APIResponse.error(.misdirectedRequest,
                "this server answers only its own address (Host: 127.0.0.1, localhost or [::1] with its port; with --host, the names of --allowed-host); a request for '\(authority ?? "")' is refused")
        }
        if Self.unsafeMethods.contains(request.method) {
            let origin = request.headers[.origin] ?? request.headers[.referer].flatMap(ServerAddress.origin(ofReferer:))
            if let origin, !ServerAddress.sameOrigin(origin, authority: authority) {
                return APIResponse.error(.forbidden, "a request from another site ('\(origin)') may not change anything here; open the app's own page")
            }
        }
        return try await next(request, context)
    }
}

/// The body types a route takes: anything else is 415 before the body is read, so a
/// cross-site form (text/plain, a url-encoded or multipart form) can never pass for an upload.
enum BodyType {
    static let zip: Set<String> = ["application/zip", "application/x-zip-compressed", "application/x-zip", "application/octet-stream"]
    static let workbook: Set<String> = ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    static let json: Set<String> = ["application/json"]

    /// The media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`).
    static func mediaType(_ request: Request) -> String? {
        guard let raw = request.headers[.contentType] else { return nil }
        return raw.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// nil when the request's Content-Type is one of `allowed`, else the 415 to send.
    static func refusal(_ request: Request, allowed: Set<String>, what: String) -> Response? {
        guard let type = mediaType(request), allowed.contains(type) else {
            return APIResponse.error(.unsupportedMediaType,
                "\(what) must be sent with Content-Type " + allowed.sorted().joined(separator: " or ") + ", not '\(request.headers[.contentType] ?? "")'")
        }
        return nil
    }
}
