import Foundation
import LTSFlowCore
import LTSFlowEngine

/// The cutover notice (`ltsflow notice`) as Markdown or as an RFC 5322 draft message with the
/// event attached as iCalendar.
public struct CutoverNoticeText: Sendable {
    public var notice: CutoverNotice

    public init(_ notice: CutoverNotice) {
        self.notice = notice
    }

    /// `Production upgrade to LTS 2023: 2027-03-12 00:30–02:00 CET`.
    public var subject: String {
        let start = ZonedDateTime(notice.start, in: notice.timeZone)
        let end = ZonedDateTime(notice.end, in: notice.timeZone)
        let endDay = end.date == start.date ? "" : "\(end.date) "
        return "\(clean(notice.customer.name)): production upgrade to \(notice.target) on \(start.date) \(start.time)–\(endDay)\(end.time) \(start.label)"
    }

    /// The lines of the notice, as plain text (each escaped by the caller for its format).
    var facts: [(label: String, value: String)] {
        let start = ZonedDateTime(notice.start, in: notice.timeZone)
        let end = ZonedDateTime(notice.end, in: notice.timeZone)
        let hours = notice.minutes / 60, minutes = notice.minutes % 60
        let length = [hours > 0 ? "\(hours) h" : nil, minutes > 0 ? "\(minutes) min" : nil].compactMap { $0 }.joined(separator: " ")
        let basis = notice.minutesSource == .window ? "the maintenance window" : "the planned deployment time"
        return [
            ("When (your time, \(notice.timeZone.identifier))", "\(start.date) \(start.time) to \(end.date == start.date ? "" : "\(end.date) ")\(end.time) \(start.label)"),
            ("When (UTC)", "\(UTCText.minute(notice.start)) to \(UTCText.minute(notice.end)) UTC"),
            ("Expected duration", "\(length) (\(basis))"),
            ("Target", "Nuxeo \(notice.target)" + (notice.targetPlatform.map { " (platform \($0))" } ?? "")),
            ("From", "LTS \(notice.upgrade.from)"),
            ("Deployment ticket", notice.ticket ?? "to be filed"),
        ]
    }

    private var opening: String {
        "We will upgrade the production environment of \(clean(notice.customer.name)) to Nuxeo \(notice.target) in your maintenance window."
    }

    /// The notice as GitHub Flavored Markdown.
    public func markdown() -> String {
        var lines = ["# Production upgrade to \(MarkdownText.inline(notice.target))", "", MarkdownText.inline(opening), ""]
        lines.append("| | |")
        lines.append("|---|---|")
        for (label, value) in facts { lines.append("| \(MarkdownText.cell(label)) | \(MarkdownText.cell(value)) |") }
        lines += ["", "## What to do", ""]
        lines += notice.actions.map { "- \(MarkdownText.inline($0))" }
        let to = notice.customer.contacts.isEmpty ? "(no contact recorded)" : notice.customer.contacts.map { MarkdownText.code($0) }.joined(separator: ", ")
        lines += ["", "To: \(to)", ""]
        return lines.joined(separator: "\n")
    }

    /// The notice as plain text (the message body).
    public func plainText() -> String {
        var lines = ["Hello,", "", opening, ""]
        let width = facts.map(\.label.count).max() ?? 0
        lines += facts.map { "\($0.label.padding(toLength: width, withPad: " ", startingAt: 0))  \(clean($0.value))" }
        lines += ["", "What to do:"]
        lines += notice.actions.map { "- \($0)" }
        lines += ["", "The attached invitation holds the same period for your calendar.", "", "Best regards,",
                  notice.customer.csm.map(clean) ?? "Your Nuxeo Cloud team", ""]
        return lines.joined(separator: "\n")
    }

    /// The event for the attachment; its UID is stable for the upgrade.
    public func calendar(stamp: Date) -> String {
        let event = CalendarEvent(uid: "cutover-\(notice.upgrade.id)-\(notice.customer.id)@ltsflow",
                                  time: .instant(start: notice.start, end: notice.end),
                                  summary: subject, description: plainText(), categories: ["cutover"])
        return ICalendar.render([event], name: "\(clean(notice.customer.name)) cutover", stamp: stamp)
    }

    /// One line with no control character: a name typed by a person can hold none in a
    /// header or a heading.
    func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control || MarkdownText.isUnsafe($0) ? " " : $0 }))
    }
}
