#if WebBoard
import Foundation
import Testing

/// A real browser: headless Chromium loads the board, a customer page and the agenda from the built
/// binary, takes screenshots and dumps the DOM it built; the DOM must hold the cards, and the
/// browser's log must show no console error and no refused resource (the CSP would log one).
@Suite struct BrowserTests {
    static var chromium: String? {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) { return path }
        return nil
    }

    /// Runs Chromium headless on `url` with `arguments`; returns stdout and stderr.
    static func chromium(_ arguments: [String], url: String, in directory: URL) throws -> (out: String, err: String, status: Int32) {
        let path = try #require(chromium, "Chromium is not installed: scripts/test --install installs the Debian package chromium")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        let profile = directory.appendingPathComponent("chromium-\(UUID().uuidString)")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0", "--window-size=1400,1000",
                             "--timeout=15000"] + arguments + [url]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory.path
        process.environment = environment
        let outURL = directory.appendingPathComponent("chromium-\(UUID().uuidString).out")
        let errURL = directory.appendingPathComponent("chromium-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Bounded: a browser that hangs is killed after a minute.
        for _ in 0..<1200 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        return (try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8), process.terminationStatus)
    }

    /// Lines of Chromium's log that report a page error: a console message at error level, an
    /// uncaught exception, or a resource the Content-Security-Policy refused.
    static func pageErrors(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            line.contains("Uncaught") || line.contains("Refused to") || line.contains("Content Security Policy")
                || (line.contains(":CONSOLE") && line.contains("ERROR")) || line.contains("Failed to load resource")
        }
    }

    @Test func chromiumShowsTheBoardAndACustomer() async throws {
        let cli = try ServeTests.demo()
        let server = try ServerProcess(cli)
        defer { _ = server.stop() }
        let shots = URL(fileURLWithPath: ProcessInfo.processInfo.environment["LTSFLOW_SCREENSHOTS"] ?? cli.directory.path)
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let base = "http://127.0.0.1:\(server.port)"

        for (name, path, marker) in [("board", "/", "class=\"card status-"), ("customer", "/customers/evil", "class=\"timeline\""),
                                     ("agenda", "/agenda", "<th scope=\"row\">2026-12-08 00:30 EST</th>")] {
            let dom = try Self.chromium(["--dump-dom"], url: base + path, in: cli.directory)
            #expect(dom.out.contains(marker), "\(name): the DOM Chromium built has no \(marker)")
            #expect(!dom.out.contains("<script"), "\(name): the hostile name became a script element")
            #expect(Self.pageErrors(dom.err).isEmpty, "\(name): \(Self.pageErrors(dom.err))")

            let file = shots.appendingPathComponent("\(name).png")
            try? FileManager.default.removeItem(at: file)
            let shot = try Self.chromium(["--screenshot=\(file.path)"], url: base + path, in: cli.directory)
            #expect(Self.pageErrors(shot.err).isEmpty, "\(name): \(Self.pageErrors(shot.err))")
            let png = try Data(contentsOf: file)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png is a PNG")
            #expect(png.count > 20_000, "\(name).png is \(png.count) bytes: a blank page would be smaller")
        }
        let log = server.stderr
        #expect(log.contains(" GET /static/board.css 200 "), "the browser loaded the stylesheet from the server")
    }
}
#endif
