/// Calendar dates to epoch seconds (UTC), for `date:` filters and `--since/--until`.
public enum DateRange {
    /// `2015`, `2015-05`, `2015-05-11`, `2015-05..2015-06`, `..2015-06`, `2015-05..`:
    /// the lower bound inclusive, the upper exclusive (the end of the last period named).
    public static func parse(_ text: String) -> (lower: Int64?, upper: Int64?)? {
        if let dots = text.range(of: "..") {
            let left = String(text[..<dots.lowerBound]), right = String(text[dots.upperBound...])
            if left.isEmpty && right.isEmpty { return nil }
            let lower = left.isEmpty ? nil : period(left)?.start
            let upper = right.isEmpty ? nil : period(right)?.end
            if (!left.isEmpty && lower == nil) || (!right.isEmpty && upper == nil) { return nil }
            return (lower, upper)
        }
        guard let p = period(text) else { return nil }
        return (p.start, p.end)
    }

    /// The start of a day, month or year, as epoch seconds; nil for malformed text.
    public static func start(of text: String) -> Int64? { period(text)?.start }

    /// The end (exclusive) of a day, month or year.
    public static func end(of text: String) -> Int64? { period(text)?.end }

    static func period(_ text: String) -> (start: Int64, end: Int64)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil }) else { return nil }
        let y = parts[0]!
        guard (1...9999).contains(y) else { return nil }
        switch parts.count {
        case 1:
            return (epoch(y, 1, 1), epoch(y + 1, 1, 1))
        case 2:
            let m = parts[1]!
            guard (1...12).contains(m) else { return nil }
            return (epoch(y, m, 1), m == 12 ? epoch(y + 1, 1, 1) : epoch(y, m + 1, 1))
        default:
            let m = parts[1]!, d = parts[2]!
            guard (1...12).contains(m), (1...daysIn(y, m)).contains(d) else { return nil }
            let start = epoch(y, m, d)
            return (start, start + 86_400)
        }
    }

    /// Days in month `m` of year `y` (Gregorian leap years).
    static func daysIn(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), in seconds.
    public static func epoch(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468) * 86_400
    }
}
