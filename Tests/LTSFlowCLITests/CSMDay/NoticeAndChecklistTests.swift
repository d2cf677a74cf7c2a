import Foundation
import Testing

/// `notice` (Markdown and RFC 5322 with an iCalendar attachment) and the checklist
/// (`check`/`uncheck`) through the built binary.
@Suite struct NoticeAndChecklistTests {
    func customer(name: String = "ACME Corp", contacts: [String] = ["ops@acme.example", "cto@acme.example"],
                  on backend: CLIBackend = .sqlite) throws -> CLI {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", name, "--region", "eu", "--lts", "2021"]
            + contacts.flatMap { ["--contact", $0] })
        try cli.ok(["upgrade", "start", "acme", "--to", "2023"])
        return cli
    }

    @Test func noticeIsRefusedWhileTheCutoverIsNotScheduled() throws {
        let cli = try customer()
        let result = try cli.run(["notice", "acme"])
        #expect(result.status == 1)
        #expect(result.err.contains("the cutover of acme is not scheduled yet"))
        #expect(result.out.isEmpty)
        let unknown = try cli.run(["notice", "acne"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("acme"))
        let format = try cli.run(["notice", "acme", "--format", "pdf"])
        #expect(format.status == 64)
    }

    @Test func markdownNoticeSaysWhenInBothZonesForHowLongAndWhatToDo() throws {
        let cli = try customer()
        try cli.ok(["set", "acme", "cutover.at=2027-03-12T00:30", "cutover.ticket=SUPNXP-4242"])
        let text = try cli.ok(["notice", "acme"])
        #expect(text.contains("# Production upgrade to LTS 2023"))
        // The workflow's deployment-minutes (30), not the rest of the 00:00-02:00 window.
        #expect(text.contains("2027-03-12 00:30 to 01:00 CET"))
        #expect(text.contains("2027-03-11 23:30 to 2027-03-12 00:00 UTC"))
        #expect(text.contains("30 min (the planned deployment time)"))
        #expect(text.contains("SUPNXP-4242"))
        #expect(text.contains("## What to do"))
        #expect(text.contains("ops@acme.example"))
        let path = cli.directory.appendingPathComponent("notice.md").path
        try cli.ok(["notice", "acme", "--output", path])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    /// The draft parses with Python's `email` and `icalendar`; a hostile name with a line break
    /// and a header of its own stays inside the Subject.
    @Test func emlIsAnRFC5322MessageWithTheEventAttached() throws {
        let cli = try customer(name: "Évil Corp\r\nBcc: victim@example.com")
        try cli.ok(["set", "acme", "cutover.at=2027-03-12T00:30", "cutover.ticket=SUPNXP-4242"])
        let path = cli.directory.appendingPathComponent("notice.eml").path
        try cli.ok(["notice", "acme", "--format", "eml", "--output", path], now: "2027-03-01T09:00:00Z")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // CRLF everywhere: no bare line feed.
        let lf = bytes.enumerated().filter { $0.element == 0x0A }.map(\.offset)
        #expect(!lf.isEmpty && lf.allSatisfy { $0 > 0 && bytes[$0 - 1] == 0x0D })
        let script = """
            import email, email.policy, sys, icalendar, datetime
            msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            assert msg['MIME-Version'] == '1.0', msg['MIME-Version']
            assert msg.get_content_type() == 'multipart/mixed'
            assert msg['Bcc'] is None, 'header injected'
            assert [h for h, _ in msg.items()].count('Subject') == 1
            assert 'Évil Corp' in str(msg['Subject']) and 'LTS 2023' in str(msg['Subject']), str(msg['Subject'])
            assert [a.addr_spec for a in msg['To'].addresses] == ['ops@acme.example', 'cto@acme.example'], msg['To']
            assert msg['Date'].datetime == datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.timezone.utc), msg['Date']
            assert msg['Message-ID'].startswith('<') and msg['Message-ID'].endswith('>')
            parts = list(msg.iter_parts())
            assert [p.get_content_type() for p in parts] == ['text/plain', 'text/calendar'], parts
            body = parts[0].get_content()
            assert '2027-03-11 23:30 to 2027-03-12 00:00 UTC' in body and 'SUPNXP-4242' in body, body
            assert parts[1].get_param('method') == 'PUBLISH'
            cal = icalendar.Calendar.from_ical(parts[1].get_content())
            assert cal['METHOD'] == 'PUBLISH'
            events = [c for c in cal.walk('VEVENT')]
            assert len(events) == 1
            assert events[0].decoded('DTSTART') == datetime.datetime(2027, 3, 11, 23, 30, tzinfo=datetime.timezone.utc)
            assert events[0].decoded('DTEND') == datetime.datetime(2027, 3, 12, 0, 0, tzinfo=datetime.timezone.utc)
            print('parsed')
            """
        let scriptPath = cli.directory.appendingPathComponent("parse.py").path
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let parsed = try cli.shell("python3 '\(scriptPath)' '\(path)'")
        #expect(parsed.status == 0, "\(parsed.err)")
        #expect(parsed.out.contains("parsed"))
    }

    @Test(arguments: CLIBackend.all) func checklistItemsAreTickedAndUntickedAsEvents(_ backend: CLIBackend) throws {
        let cli = try customer(on: backend)
        let plan = try cli.run(["plan", "--from", "2021", "--to", "2023"], useDB: false).out
        #expect(plan.contains("[ ] 2021-2023/java-17  Move to Java 17."))
        #expect(try cli.ok(["status", "acme"]).contains("[ ] 2021-2023/java-17"))

        let unknown = try cli.run(["check", "acme", "2021-2023/java-71"])
        #expect(unknown.status == 64)
        #expect(unknown.err.contains("unknown checklist item '2021-2023/java-71' (did you mean 2021-2023/java-17"))
        let ticked = try cli.ok(["check", "acme", "2021-2023/java-17"], now: "2026-12-02T10:00:00Z")
        #expect(ticked.contains("Ticked 2021-2023/java-17: Move to Java 17."))
        let twice = try cli.run(["check", "acme", "2021-2023/java-17"])
        #expect(twice.status == 1)
        #expect(twice.err.contains("already ticked"))

        let status = try #require(try cli.json(["status", "acme"]) as? [String: Any])
        let checklist = try #require(status["checklist"] as? [[String: Any]])
        let java = try #require(checklist.first { $0["id"] as? String == "2021-2023/java-17" })
        #expect(java["checked"] as? Bool == true && java["checkedBy"] as? String == "tester")
        #expect(java["checkedAt"] as? String == "2026-12-02T10:00:00Z")
        #expect(checklist.filter { $0["checked"] as? Bool == true }.count == 1)
        #expect(try cli.ok(["status", "acme"]).contains("[x] 2021-2023/java-17"))
        #expect(try cli.ok(["report", "acme"]).contains("- [x] Move to Java 17."))

        try cli.ok(["uncheck", "acme", "2021-2023/java-17"])
        let after = try #require(try cli.json(["status", "acme"]) as? [String: Any])
        #expect((after["checklist"] as? [[String: Any]])?.allSatisfy { $0["checked"] as? Bool == false } == true)
        let history = try #require(try cli.json(["history", "acme"]) as? [[String: Any]])
        #expect(history.suffix(2).map { $0["verb"] as? String } == ["check", "uncheck"])
        #expect(history.last?["data"] as? [String: String] == ["item": "2021-2023/java-17"])
        #expect(try cli.ok(["doctor"]).contains("ok"))
    }
}
