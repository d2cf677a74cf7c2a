import Foundation

/// UTC instants as text, computed with ``CivilCalendar`` instead of a Foundation date formatter
/// (building an `ISO8601DateFormatter` or a `DateFormatter` costs more than a whole `blocked`
/// row). The output is the formatters' to the character.
public enum UTCText {
    /// `2027-03-01T09:00:00Z`, as `ISO8601DateFormatter` with `.withInternetDateTime` in UTC.
    public static func rfc3339(_ date: Date) -> String {
        let (days, seconds) = split(date)
        var out = dateBytes(days)
        out.append(UInt8(ascii: "T"))
        time(seconds, withSeconds: true, into: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `2027-03-01 09:00`, as a `DateFormatter` with `yyyy-MM-dd HH:mm` in UTC.
    public static func minute(_ date: Date) -> String {
        let (days, seconds) = split(date)
        var out = dateBytes(days)
        out.append(UInt8(ascii: " "))
        time(seconds, withSeconds: false, into: &out)
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

    private static func dateBytes(_ days: Int) -> [UInt8] {
        let (year, month, day) = CivilCalendar.date(days: days)
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
