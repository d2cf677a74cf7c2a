import Foundation

/// UTC instants as text, computed with ``CivilCalendar`` instead of a Foundation date formatter
/// (building an `ISO8601DateFormatter` or a `DateFormatter` costs more than a whole `blocked`
/// row). The output is the formatters' to the character.
public enum UTCText {
    /// `2027-03-01T09:00:00Z`, as `ISO8601DateFormatter` with `.withInternetDateTime` in UTC.
    public static func rfc3339(_ date: Date) -> String {
        let (days, seconds) = split(date)
        let (year, month, day) = CivilCalendar.date(days: days)
        guard (0...9999).contains(year) else { return wide(year, month, day, seconds, rfc3339: true) }
        return String(unsafeUninitializedCapacity: 20) { out in
            put(year, 4, at: 0, out); out[4] = UInt8(ascii: "-"); put(month, 2, at: 5, out); out[7] = UInt8(ascii: "-")
            put(day, 2, at: 8, out); out[10] = UInt8(ascii: "T")
            put(seconds / 3_600, 2, at: 11, out); out[13] = UInt8(ascii: ":"); put(seconds / 60 % 60, 2, at: 14, out)
            out[16] = UInt8(ascii: ":"); put(seconds % 60, 2, at: 17, out); out[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// `2027-03-01 09:00`, as a `DateFormatter` with `yyyy-MM-dd HH:mm` in UTC.
    public static func minute(_ date: Date) -> String {
        let (days, seconds) = split(date)
        let (year, month, day) = CivilCalendar.date(days: days)
        guard (0...9999).contains(year) else { return wide(year, month, day, seconds, rfc3339: false) }
        return String(unsafeUninitializedCapacity: 16) { out in
            put(year, 4, at: 0, out); out[4] = UInt8(ascii: "-"); put(month, 2, at: 5, out); out[7] = UInt8(ascii: "-")
            put(day, 2, at: 8, out); out[10] = UInt8(ascii: " ")
            put(seconds / 3_600, 2, at: 11, out); out[13] = UInt8(ascii: ":"); put(seconds / 60 % 60, 2, at: 14, out)
            return 16
        }
    }

    private static func put(_ value: Int, _ width: Int, at start: Int, _ out: UnsafeMutableBufferPointer<UInt8>) {
        var rest = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
            out[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

    /// Years outside 0…9999: at least four digits, as the formatters write them.
    private static func wide(_ year: Int, _ month: Int, _ day: Int, _ seconds: Int, rfc3339: Bool) -> String {
        var out = dateBytes(year, month, day)
        out.append(rfc3339 ? UInt8(ascii: "T") : UInt8(ascii: " "))
        time(seconds, withSeconds: rfc3339, into: &out)
        if rfc3339 { out.append(UInt8(ascii: "Z")) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whole days since 1970-01-01 and seconds into the day: like the formatters, the instant
    /// is first rounded to the millisecond, then the seconds are truncated toward the past.
    private static func split(_ date: Date) -> (days: Int, seconds: Int) {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let total = CivilCalendar.floorDivide(milliseconds, 1000)
        let days = CivilCalendar.floorDivide(total, CivilCalendar.secondsPerDay)
        return (days, total - days * CivilCalendar.secondsPerDay)
    }

    private static func dateBytes(_ year: Int, _ month: Int, _ day: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        pad(year, 4, &out)
        out.append(UInt8(ascii: "-"))
        pad(month, 2, &out)
        out.append(UInt8(ascii: "-"))
        pad(day, 2, &out)
        return out
    }

    private static func time(_ seconds: Int, withSeconds: Bool, into out: inout [UInt8]) {
        pad(seconds / 3_600, 2, &out)
        out.append(UInt8(ascii: ":"))
        pad(seconds / 60 % 60, 2, &out)
        if withSeconds {
            out.append(UInt8(ascii: ":"))
            pad(seconds % 60, 2, &out)
        }
    }

    private static func pad(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        if digits.count < width { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
        out.append(contentsOf: digits.reversed())
    }
}
