import Hummingbird
import LTSFlowCore

/// The board is read-only: GET only, every other method 405 with `Allow: GET`. With a
/// token, every request needs `Authorization: Bearer TOKEN`, compared in constant time.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The SHA-256 of the token, when one is required.
    let tokenHash: [UInt8]?

    init(token: String?) {
        tokenHash = token.map { Array(SHA256.hex($0).utf8) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if let tokenHash, !authorized(request, tokenHash) {
            return Responses.error(.unauthorized, "this board needs Authorization: Bearer TOKEN (the token of the server's --token-file)",
                                   path: path, headers: [.wwwAuthenticate: "Bearer realm=\"ltsflow\""])
        }
        guard request.method == .get else {
            return Responses.error(.methodNotAllowed, "the board is read-only: \(request.method) is not allowed, only GET",
                                   path: path, headers: [.allow: "GET"])
        }
        return try await next(request, context)
    }

    private func authorized(_ request: Request, _ expected: [UInt8]) -> Bool {
        guard let field = request.headers[.authorization], field.hasPrefix("Bearer ") else { return false }
        let given = Array(SHA256.hex(String(field.dropFirst(7))).utf8)
        return ConstantTime.equal(given, expected)
    }
}

/// Comparison whose time does not depend on where two values differ.
enum ConstantTime {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<min(a.count, b.count) { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
