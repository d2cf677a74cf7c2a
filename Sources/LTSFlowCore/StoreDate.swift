import Foundation
import LTSFlowEngine

/// How the store writes instants: RFC 3339 UTC text with milliseconds,
/// `2027-01-04T09:30:00.000Z`.
///
/// Text keeps the file readable with the `sqlite3` shell and sorts in time order; SQLite's date
/// functions understand it. Instants are kept to the millisecond: ``normalized(_:)`` rounds a
/// date the way a write followed by a read would, so the state folded in memory during a change
/// equals the state read back later (and the replay of the stored events).
package enum StoreDate {
    /// `date` rounded to the millisecond, exactly as it will read back.
    package static func normalized(_ instant: Date) -> Date {
        date(milliseconds: milliseconds(instant))
    }

    package static func text(_ date: Date) -> String {
        let ms = milliseconds(date)
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let inDay = ms - days * 86_400_000
        let (y, m, d) = CivilCalendar.date(days: Int(days))
        // 24 bytes written in place: no intermediate arrays (the demo writes 300,000 times).
        return String(unsafeUninitializedCapacity: 24) { out in
            func put(_ value: some BinaryInteger, _ width: Int, at start: Int) {
                var rest = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    out[i] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
            }
            put(y, 4, at: 0); out[4] = 0x2d; put(m, 2, at: 5); out[7] = 0x2d; put(d, 2, at: 8)
            out[10] = 0x54
            put(inDay / 3_600_000, 2, at: 11); out[13] = 0x3a
            put(inDay / 60_000 % 60, 2, at: 14); out[16] = 0x3a
            put(inDay / 1000 % 60, 2, at: 17); out[19] = 0x2e
            put(inDay % 1000, 3, at: 20); out[23] = 0x5a
            return 24
        }
    }

    /// Parses what ``text(_:)`` writes; nil for anything else.
    package static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// ``parse(_:)`` of UTF-8 bytes.
    package static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let fields = Fields(bytes) else { return nil }
        let days = Int64(CivilCalendar.days(year: fields.year, month: fields.month, day: fields.day))
        return date(milliseconds: days * 86_400_000 + fields.milliseconds)
    }

    /// Whether ``parse(bytes:)`` reads the bytes: the same checks, without making the date
    /// (the check of every kept blocker list as it is read).
    package static func isValid(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        Fields(bytes) != nil
    }

    /// The fields of a text ``text(_:)`` writes, each checked in range.
    private struct Fields {
        let year: Int, month: Int, day: Int
        /// Since the start of the day.
        let milliseconds: Int64

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count == 24, bytes[4] == 0x2d, bytes[7] == 0x2d, bytes[10] == 0x54, bytes[13] == 0x3a,
                  bytes[16] == 0x3a, bytes[19] == 0x2e, bytes[23] == 0x5a else { return nil }
            func number(_ start: Int, _ count: Int) -> Int? { CivilCalendar.digits(bytes, at: start, count: count) }
            guard let y = number(0, 4), let m = number(5, 2), let d = number(8, 2), let hh = number(11, 2),
                  let mm = number(14, 2), let ss = number(17, 2), let ms = number(20, 3),
                  (1...12).contains(m), (1...31).contains(d), hh < 24, mm < 60, ss < 60 else { return nil }
            (year, month, day) = (y, m, d)
            milliseconds = Int64(((hh * 60 + mm) * 60 + ss) * 1000 + ms)
        }
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    private static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
