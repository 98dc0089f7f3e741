import Foundation
import Hummingbird
import Logging
import Synchronization

/// How `match serve` runs: where it listens, where it keeps scenarios and plans, its limits.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0: any free port (tests); the bound port is passed to `onServerRunning`.
    public var port: Int
    /// `--data`: one folder per scenario; nothing is written anywhere else.
    public var dataFolder: String
    /// Required on every request (header `X-Match-Token`, `Authorization: Bearer …` or
    /// `?token=`) when set; `match serve` sets one whenever the host is not a loopback address.
    public var token: String?
    /// `--allowed-host`: with a token, the names (besides the loopback ones) this server
    /// answers as its `Host` — the name phones use, or a reverse proxy's (docs/API.md, Safety).
    public var allowedHosts: [String] = []
    /// Solves at once; the rest wait in a queue. Default: the machine's cores.
    public var maxConcurrentSolves: Int
    public var limits: UploadLimits
    /// Called with the bound port once the server listens.
    public var onServerRunning: (@Sendable (Int) -> Void)?

    public init(host: String = "127.0.0.1", port: Int = 8080, dataFolder: String = ServerConfiguration.defaultDataFolder,
                token: String? = nil, maxConcurrentSolves: Int = ProcessInfo.processInfo.activeProcessorCount,
                limits: UploadLimits = UploadLimits()) {
        self.host = host; self.port = port; self.dataFolder = dataFolder; self.token = token
        self.maxConcurrentSolves = max(1, maxConcurrentSolves); self.limits = limits
    }

    /// `$XDG_DATA_HOME/match`, else `~/.local/share/match`.
    public static var defaultDataFolder: String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/match" }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/match").path
    }

    /// 127.0.0.0/8, ::1 and localhost: only this machine can connect.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// A fresh random access token (32 hex digits).
    public static func makeToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &g)) }.joined()
    }
}

/// Size limits of uploads (zip bombs included).
public struct UploadLimits: Sendable {
    /// The request body (the zip or the workbook).
    public var bodyBytes = 50 << 20
    /// Entries in one zip.
    public var zipEntries = 1_000
    /// All entries of one zip uncompressed, counted as they are extracted (not as declared):
    /// a city's lists are 14 MB, so 64 MB leaves room without letting a small zip fill the disk.
    public var uncompressedBytes = 64 << 20
    /// Everything in `--data` (scenarios and their plans): uploads and solves are refused (507)
    /// beyond it until scenarios are deleted.
    public var dataQuotaBytes: Int64 = 4 << 30
    /// Uploads whose bodies are read at once; more wait for none (503: try again).
    public var concurrentUploads = 2
    /// JSON bodies (what-if).
    public var jsonBytes = 64 << 10
    public init() {}
}

/// The request context of every route: Hummingbird's basics.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
}

/// Everything a route needs: the configuration, the scenario store and the job queue.
final class ServerState: Sendable {
    let configuration: ServerConfiguration
    let store: ScenarioStore
    let jobs: JobQueue
    let address: ServerAddress
    /// Uploads whose bodies are being read now (at most `limits.concurrentUploads`).
    let uploadsInFlight = Mutex(0)

    init(configuration: ServerConfiguration) throws {
        self.configuration = configuration
        address = ServerAddress(allowedHosts: Set(configuration.allowedHosts.map { $0.lowercased() }),
                                tokenRequired: configuration.token != nil)
        if configuration.port != 0 { address.port.withLock { $0 = configuration.port } }
        store = try ScenarioStore(root: configuration.dataFolder, limits: configuration.limits)
        jobs = JobQueue(maxConcurrent: configuration.maxConcurrentSolves)
    }
}

/// The data folder cannot be created or used.
public struct DataFolderError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot use the data folder \(path): \(reason)" }
}

/// Builds the app and serves until SIGINT or SIGTERM (`match serve`).
public func runServer(configuration: ServerConfiguration) async throws {
    try await buildApplication(configuration: configuration).runService()
}

/// The web app of `match serve`: pages under `/`, the JSON API under `/api` (docs/API.md).
public func buildApplication(configuration: ServerConfiguration) throws -> some ApplicationProtocol {
    let state: ServerState
    do {
        state = try ServerState(configuration: configuration)
    } catch {
        throw DataFolderError(path: configuration.dataFolder, reason: error.localizedDescription)
    }
    let router = Router(context: ServerContext.self)
    router.add(middleware: RequestGuard(address: state.address))
    if let token = configuration.token { router.add(middleware: TokenMiddleware(token: token)) }
    ScenarioRoutes(state: state).register(on: router)
    JobRoutes(state: state).register(on: router)
    PageRoutes(state: state).register(on: router)
    var logger = Logger(label: "match.serve")
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    let running = configuration.onServerRunning
    let address = state.address
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "match"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            address.port.withLock { $0 = port }
            running?(port)
        },
        logger: logger
    )
}
