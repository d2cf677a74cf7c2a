#if WebBoard
import Foundation
import Testing

/// The OpenAPI 3.1 document served at /api/v1/openapi.json: valid by `openapi-spec-validator`,
/// and the server's real answers conform to it by `schemathesis` (every check, a bounded number
/// of generated cases per operation, a fixed seed).
@Suite struct OpenAPITests {
    @Test func theDocumentIsValidAndTheServerConformsToIt() async throws {
        let cli = try ServeTests.demo()
        let server = try ServerProcess(cli)
        defer { _ = server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let document = cli.directory.appendingPathComponent("openapi.json")
        try await server.get("/api/v1/openapi.json").body.write(to: document, atomically: true, encoding: .utf8)

        let validator = try cli.shell("""
            python3 -c 'import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print("valid")' \(document.path)
            """)
        #expect(validator.status == 0, "openapi-spec-validator: \(validator.out) \(validator.err)")
        #expect(validator.out == "valid\n")

        let run = try cli.shell("""
            export HOME=\(cli.directory.path) SCHEMATHESIS_HOOKS= ; cd \(cli.directory.path) && \
            schemathesis run \(base)/api/v1/openapi.json --checks all --max-examples 25 --seed 1 \
              --generation-deterministic --request-timeout 10 --no-color 2>&1
            """)
        #expect(run.status == 0, "schemathesis:\n\(run.out)")
        // It did test the operations against real answers.
        #expect(run.out.contains("passed"), "\(run.out)")
    }
}
#endif
