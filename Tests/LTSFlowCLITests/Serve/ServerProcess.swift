#if WebBoard
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `ltsflow serve` started from the built binary on a free port (`--port 0`; the port is read
/// from its first line on stderr), stopped with a signal.
final class ServerProcess: @unchecked Sendable {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    let process = Process()
    let port: Int
    private let errURL: URL

    init(_ cli: CLI, arguments: [String] = [], environment extra: [String: String] = [:]) throws {
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--port", "0", "--db", cli.db] + arguments
        process.environment = cli.environment.merging(extra) { $1 }
        errURL = cli.directory.appendingPathComponent("serve-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var found: Int?
        for _ in 0..<600 where found == nil && process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            let text = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":").last!.dropLast())
            }
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            throw ServerError.didNotStart((try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
        }
        port = found
    }

    enum ServerError: Error { case didNotStart(String) }

    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    func get(_ path: String, method: String = "GET", headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        for (key, value) in headers { request.setValue(value, forHTTPHeaderField: key) }
        request.cachePolicy = .reloadIgnoringLocalCacheData
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields[String(describing: key).lowercased()] = String(describing: value) }
        return Answer(status: http.statusCode, headers: fields, body: String(decoding: data, as: UTF8.self))
    }

    /// Sends `signal` and waits for the exit status (at most 20 s).
    func stop(_ signal: Int32 = SIGTERM) -> Int32? {
        kill(process.processIdentifier, signal)
        for _ in 0..<400 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        guard !process.isRunning else {
            process.interrupt()
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
#endif
