import ArgumentParser
import Foundation
import Matcher
import Server

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the planner's web app: upload, check, solve, read the plan, try a what-if.",
        discussion: """
        Serves the pages and the JSON API (docs/API.md) until stopped with Ctrl-C. Binds to \
        127.0.0.1 by default, so only this computer can connect; with any other --host an access \
        token is printed at start and every request must carry it. Uploaded scenarios and their \
        plans are kept in --data, one folder per scenario; nothing is written anywhere else.
        """
    )

    @Option(help: "Address to listen on (default 127.0.0.1; any other needs the printed token).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port).")
    var port = 8080

    @Option(help: "Folder of scenarios and plans (default: ~/.local/share/match).")
    var data: String?

    @Option(name: .customLong("allowed-host"), help: "With --host other than loopback: a name (or address) browsers use to reach this server, such as the PC's LAN address or a reverse proxy's name; repeat for several. Requests naming any other Host are refused.")
    var allowedHosts: [String] = []

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be in 0...65535, not \(port).") }
    }

    func run() async throws {
        var config = ServerConfiguration(host: host, port: port, dataFolder: data ?? ServerConfiguration.defaultDataFolder)
        let token = ServerConfiguration.isLoopback(host) ? nil : ServerConfiguration.makeToken()
        config.token = token
        // The address printed is one this server answers: a wildcard bind is reached on this
        // computer as 127.0.0.1 (other names only as --allowed-host says); a bind to one
        // address answers that address too.
        let wildcard = ["0.0.0.0", "::", "[::]"].contains(host)
        config.allowedHosts = allowedHosts + (wildcard || token == nil ? [] : [host.contains(":") ? "[\(host)]" : host])
        let shownHost = wildcard ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
        let folder = config.dataFolder
        config.onServerRunning = { bound in
            var line = "match serve: http://\(shownHost):\(bound)/"
            if let token { line += "?token=\(token)" }
            if let token { line += "\naccess token: \(token) (every request needs it: ?token= or the X-Match-Token header)" }
            if token != nil {
                line += allowedHosts.isEmpty
                    ? "\nother computers: none yet (give --allowed-host with the name or address they use)"
                    : "\nother computers: http://" + allowedHosts.map { "\($0):\(bound)" }.joined(separator: ", http://")
            }
            line += "\ndata folder: \(folder)\n"
            // Unbuffered: a script waiting for the address must see it at once.
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        do {
            try await runServer(configuration: config)
        } catch let e as DataFolderError {
            Console.error("match serve: \(e)")
            throw ExitCode(Exit.cantCreate)
        }
    }
}
