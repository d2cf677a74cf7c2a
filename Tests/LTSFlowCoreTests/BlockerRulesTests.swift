import Foundation
import LTSFlowEngine
import Testing
@testable import LTSFlowCore

/// The revision kept with each upgrade's blockers must change with the engine that decides
/// them: a store would otherwise answer `blocked` from lists an older engine decided.
@Suite struct BlockerRulesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The digest `scripts/rules-revision` computes, computed here from the files as they are.
    static func digestOfEngineSources() throws -> String {
        let engine = root.appendingPathComponent("Sources/LTSFlowEngine")
        let enumerator = try #require(FileManager.default.enumerator(at: engine, includingPropertiesForKeys: nil))
        var paths: [String] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            if !relative.hasPrefix("Sources/LTSFlowEngine/Builtin/") { paths.append(relative) }
        }
        // Byte order, as `LC_ALL=C sort`.
        paths.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var bytes: [UInt8] = []
        for path in paths {
            bytes += Array(path.utf8) + [0]
            bytes += Array(try Data(contentsOf: root.appendingPathComponent(path))) + [0]
        }
        #expect(paths.count > 20, "the engine's sources were not found under \(engine.path)")
        return String(SHA256.digest(bytes).map { String(format: "%02x", $0) }.joined().prefix(16))
    }

    @Test func theRevisionIsTheDigestOfTheEngineSources() throws {
        #expect(UpgradeMachine.blockerRules == (try Self.digestOfEngineSources()),
                "the engine changed since Builtin/BlockerRules.swift was generated: run scripts/rules-revision")
    }

    /// The script and this test compute the same digest (sha256sum, not this package's SHA-256).
    @Test func theScriptAgrees() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", """
            cd "$1" && find Sources/LTSFlowEngine -type f -name '*.swift' -not -path 'Sources/LTSFlowEngine/Builtin/*' \
              | LC_ALL=C sort | while IFS= read -r f; do printf '%s\\0' "$f"; cat "$f"; printf '\\0'; done | sha256sum | cut -c1-16
            """, "bash", Self.root.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text == (try Self.digestOfEngineSources()))
    }
}
