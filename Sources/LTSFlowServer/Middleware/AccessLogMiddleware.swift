import Foundation
import Hummingbird

/// One line per request on stderr: time (UTC), method, path and query, status, bytes, duration.
/// `2026-12-01T09:00:00Z GET /customers/acme 200 5120 B 3.1 ms`
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let write: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let bytes = response.body.contentLength.map { "\($0) B" } ?? "- B"
        // The target as sent, with control characters shown as '?', so one request is one line.
        let target = String(String.UnicodeScalarView(request.uri.description.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
        write("\(AccessLogMiddleware.timestamp()) \(request.method) \(target) \(response.status.code) \(bytes) \(String(format: "%.1f", milliseconds)) ms")
        return response
    }

    private static func timestamp() -> String {
        UTCTimestamp.now()
    }
}

enum UTCTimestamp {
    static func now() -> String {
        var time = time_t(Date().timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}

