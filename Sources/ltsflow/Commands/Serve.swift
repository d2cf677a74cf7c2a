import ArgumentParser
import Foundation
import LTSFlowCore
import LTSFlowEngine
#if WebBoard
import LTSFlowServer
#endif

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web board: read-only pages and a JSON API over the database (docs/web.md).",
        discussion: """
        Pages: / (the board), /blocked, /agenda, /customers/ID, /report.md, /calendar.ics; JSON under /api/v1/
        (status, customers/ID, blocked, agenda; described by /api/v1/openapi.json); /healthz. Stops on Ctrl-C or SIGTERM.
        Beyond loopback, --token-file is required and every request needs "Authorization: Bearer TOKEN".
        Built only with the trait WebBoard: swift build -c release --traits WebBoard
        Examples:
          ltsflow serve --db /tmp/demo.sqlite
          ltsflow serve --host 0.0.0.0 --port 8443 --token-file ~/.config/ltsflow/token
        """
    )
    @Option(help: "The address to listen on; beyond loopback (127.0.0.1, ::1, localhost) --token-file is required.")
    var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, printed at start).") var port = 8080
    @Option(help: ArgumentHelp("A file holding the token every request must send as Authorization: Bearer TOKEN.", valueName: "file"))
    var tokenFile: String?
    @Option(help: ArgumentHelp("How often, in seconds, whole-portfolio pages check the database for changes (0: read it on every request).", valueName: "seconds"))
    var maxAge: Double = 5
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        guard maxAge >= 0, maxAge <= 3_600 else { throw ValidationError("--max-age must be between 0 and 3600 seconds, not \(maxAge)") }
    }

    func run() async throws {
        #if WebBoard
        let token = try tokenFile.map(Self.readToken)
        if token == nil && !BoardServer.isLoopback(host) {
            throw CLIError.usage("serving on \(host) (beyond loopback) needs --token-file FILE, so that every request must carry that token")
        }
        let tracker = try await global.tracker(readOnly: true)
        let fixed = GlobalOptions.environment["LTSFLOW_NOW"].flatMap { $0.isEmpty ? nil : tracker.now }
        let trackers = TrackerSource(tracker, clock: { fixed ?? Date() })
        let server = BoardServer(trackers: trackers, host: host, port: port, token: token, maximumAge: maxAge)
        // The database as messages name it: a URL never shows its password.
        let host = host, path = (try? global.location().name) ?? global.databasePath
        try await server.run { port in
            let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            Terminal.error("ltsflow serve: listening on http://\(shown):\(port)/ (database \(path)); Ctrl-C stops")
        }
        Terminal.error("ltsflow serve: stopped")
        #else
        throw CLIError.failure("this ltsflow was built without the web board; build it with: swift build -c release --traits WebBoard")
        #endif
    }

    /// The token: the file's first line, without surrounding blanks.
    static func readToken(_ path: String) throws -> String {
        let text = try Files.readText(path)
        let token = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingBlanks() } ?? ""
        guard !token.isEmpty else { throw CLIError.usage("the token file \(path) is empty; put the token on its first line") }
        return token
    }
}
