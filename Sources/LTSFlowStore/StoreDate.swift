import Foundation

/// How the store writes instants: RFC 3339 UTC text with milliseconds,
/// `2027-01-04T09:30:00.000Z`.
///
/// Text keeps the file readable with the `sqlite3` shell and sorts in time order; SQLite's date
/// functions understand it. Instants are kept to the millisecond: ``normalized(_:)`` rounds a
/// date the way a write followed by a read would, so the state folded in memory during a change
/// equals the state read back later (and the replay of the stored events).
enum StoreDate {
    /// `date` rounded to the millisecond, exactly as it will read back.
    static func normalized(_ instant: Date) -> Date {
        date(milliseconds: milliseconds(instant))
    }

    static func text(_ date: Date) -> String {
        let ms = milliseconds(date)
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let inDay = ms - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        // 24 bytes written in place: no intermediate arrays (the demo writes 300,000 times).
        return String(unsafeUninitializedCapacity: 24) { out in
            func put(_ value: Int64, _ width: Int, at start: Int) {
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
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// ``parse(_:)`` of UTF-8 bytes.
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 24, bytes[4] == 0x2d, bytes[7] == 0x2d, bytes[10] == 0x54, bytes[13] == 0x3a,
              bytes[16] == 0x3a, bytes[19] == 0x2e, bytes[23] == 0x5a else { return nil }
        func number(_ start: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for i in start..<start + count {
                let digit = bytes[i] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard let y = number(0, 4), let m = number(5, 2), let d = number(8, 2), let hh = number(11, 2),
              let mm = number(14, 2), let ss = number(17, 2), let ms = number(20, 3),
              (1...12).contains(m), (1...31).contains(d), hh < 24, mm < 60, ss < 60 else { return nil }
        let days = self.days(fromCivil: y, m, d)
        return date(milliseconds: days * 86_400_000 + ((hh * 60 + mm) * 60 + ss) * 1000 + ms)
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    private static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    // Howard Hinnant's days-from-civil and civil-from-days (proleptic Gregorian, day 0 = 1970-01-01).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }
}
