import Foundation
import LTSFlowCore
import LTSFlowEngine

/// The cutover notice as an RFC 5322 message (a draft to open in a mail client): MIME
/// multipart/mixed with the text and the event as `text/calendar; method=PUBLISH`, CRLF line
/// ends, every header built here from checked or encoded values so that no customer text can
/// add a header (RFC 2047 encoded words for anything but plain printable ASCII).
extension CutoverNoticeText {
    /// - Parameters:
    ///   - now: The injected clock: the `Date` header and the event's stamp.
    ///   - from: The sender's address; the draft's `From` (a placeholder when nil).
    public func message(now: Date, from: String? = nil) -> String {
        let calendar = calendar(stamp: now)
        let body = plainText()
        let seed = "\(notice.customer.id)|\(notice.upgrade.id)|\(UTCText.rfc3339(notice.start))|\(UTCText.rfc3339(now))"
        let digest = SHA256.hex(seed)
        let boundary = "ltsflow-\(digest.prefix(32))"
        let recipients = notice.customer.contacts.filter(Self.isPlainAddress)
        var headers = [
            "From: " + (from.flatMap { Self.isPlainAddress($0) ? $0 : nil } ?? "Nuxeo Cloud <nuxeo-cloud@ltsflow.invalid>"),
            "To: " + (recipients.isEmpty ? "undisclosed-recipients:;" : recipients.joined(separator: ",\r\n ")),
            "Subject: " + Self.encodedWords(subject),
            "Date: " + Self.rfc5322Date(now),
            "Message-ID: <\(digest.prefix(40))@ltsflow.invalid>",
            "MIME-Version: 1.0",
            "X-Unsent: 1",
            "Content-Type: multipart/mixed; boundary=\"\(boundary)\"",
        ]
        headers.append("")
        var lines = headers
        lines += ["This is a MIME message.", ""]
        lines += ["--\(boundary)", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", ""]
        lines += Self.base64Lines(body)
        lines += ["--\(boundary)", "Content-Type: text/calendar; charset=utf-8; method=PUBLISH",
                  "Content-Disposition: attachment; filename=\"cutover.ics\"", "Content-Transfer-Encoding: base64", ""]
        lines += Self.base64Lines(calendar)
        lines += ["--\(boundary)--", ""]
        return lines.joined(separator: "\r\n")
    }

    /// An address of printable ASCII with no space, comma, angle bracket, quote or semicolon:
    /// what the tracker accepts as a contact, checked again here since it goes into a header.
    static func isPlainAddress(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 254 && text.contains("@")
            && text.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && !"<>,;\"()[]\\".unicodeScalars.contains($0) }
    }

    /// The text as is when it is short printable ASCII; else RFC 2047 `=?UTF-8?B?…?=` words of
    /// at most 75 characters (never splitting a character), folded onto continuation lines.
    static func encodedWords(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 }
        if plain && text.utf8.count <= 900 && !text.contains("=?") { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            // 45 bytes make 60 base64 characters: 72 with the `=?UTF-8?B?` and `?=` around them.
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Base64 in lines of 76 characters (RFC 2045).
    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let next = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<next]))
            index = next
        }
        return lines
    }

    /// `Fri, 12 Mar 2027 09:00:00 +0000` (RFC 5322 §3.3), in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
