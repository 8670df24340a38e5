/// Parses the dates news files state and normalises them to ISO 8601.
///
/// Accepted (case-insensitive, surrounding white space ignored):
/// - ISO 8601 and its common relatives: `2015-05-11`, `2015-05-11 16:58`, `2015-05-11T16:58:00`,
///   with fractional seconds (`.123`) and a zone (`Z`, `+03:00`, `+0300`, `+03`, ` UTC`); `/` may separate the date.
/// - RFC 2822 / RFC 822 / RFC 850: `Mon, 11 May 2015 16:58:00 GMT`, numeric zones (`+0000`), named zones
///   (`GMT`, `UT`, `UTC`, `Z`, US zones `EST` … `PDT`, a few European ones), two-digit years, `11-May-15`.
/// - Written dates: `May 11, 2016`, `11 May 2015`, `Wednesday, May 11th, 2016`, optionally followed by a time
///   (`4:58 pm`, `16:58`) and a zone.
///
/// Not accepted: a month without a day (`May 2016`: too vague to sort as a day), numeric day/month orders
/// (`05/11/2016` is ambiguous), impossible dates (month 13, Feb 30, 25:00).
///
/// Normalised form: zone known → converted to UTC, `YYYY-MM-DDTHH:MM:SSZ`; time without a zone →
/// `YYYY-MM-DDTHH:MM:SS` as given (its `epochSeconds` takes it as UTC); date only → `YYYY-MM-DD`.
public enum DateParser {
    /// The parsed date, or nil when `text` is not one of the accepted forms.
    public static func parse(_ text: String) -> ArticleDate? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 80, let tokens = tokenize(trimmed) else { return nil }
        var iso = Cursor(tokens: tokens)
        if let fields = parseISO(&iso), iso.atEnd { return fields.articleDate(original: trimmed) }
        var written = Cursor(tokens: tokens)
        if let fields = parseWritten(&written), written.atEnd { return fields.articleDate(original: trimmed) }
        return nil
    }

    /// Whether the whole of `text` is a date (used to recognise a date line under a byline).
    public static func isDate(_ text: String) -> Bool { parse(text) != nil }

    // MARK: - Tokens

    enum Token: Equatable {
        case number(Int, digits: Int)
        case word(String)
        case symbol(UInt8)
    }

    static func tokenize(_ text: String) -> [Token]? {
        var tokens = [Token]()
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                i += 1
            } else if b >= 0x30 && b <= 0x39 {
                var value = 0, digits = 0
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                    if digits < 9 { value = value * 10 + Int(bytes[i] - 0x30) }
                    digits += 1
                    i += 1
                }
                guard digits <= 9 else { return nil }
                tokens.append(.number(value, digits: digits))
            } else if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A {
                var word = ""
                while i < bytes.count, (bytes[i] | 0x20) >= 0x61, (bytes[i] | 0x20) <= 0x7A {
                    word.unicodeScalars.append(Unicode.Scalar(bytes[i] | 0x20))
                    i += 1
                }
                tokens.append(.word(word))
            } else if "-+:,./()".utf8.contains(b) {
                tokens.append(.symbol(b))
                i += 1
            } else {
                return nil
            }
        }
        return tokens
    }

    struct Cursor {
        let tokens: [Token]
        var position = 0
        var atEnd: Bool { position == tokens.count }
        var peek: Token? { position < tokens.count ? tokens[position] : nil }

        mutating func number(digits: ClosedRange<Int>) -> Int? {
            guard case .number(let value, let count)? = peek, digits.contains(count) else { return nil }
            position += 1
            return value
        }

        mutating func word() -> String? {
            guard case .word(let value)? = peek else { return nil }
            position += 1
            return value
        }

        @discardableResult
        mutating func symbol(_ candidates: String) -> UInt8? {
            guard case .symbol(let value)? = peek, candidates.utf8.contains(value) else { return nil }
            position += 1
            return value
        }

        mutating func word(in set: Set<String>) -> String? {
            guard case .word(let value)? = peek, set.contains(value) else { return nil }
            position += 1
            return value
        }
    }

    // MARK: - Grammar

    struct Fields {
        var year, month, day: Int
        var hour: Int?, minute = 0, second = 0
        /// Seconds east of UTC; nil when the text gives no zone.
        var offset: Int?
    }

    /// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][zone]`
    static func parseISO(_ c: inout Cursor) -> Fields? {
        guard let year = c.number(digits: 4...4), let separator = c.symbol("-/"),
              let month = c.number(digits: 1...2), c.symbol(String(UnicodeScalar(separator))) != nil,
              let day = c.number(digits: 1...2) else { return nil }
        var fields = Fields(year: year, month: month, day: day)
        if c.atEnd { return fields }
        _ = c.word(in: ["t"])
        guard parseTime(&c, into: &fields) else { return nil }
        parseZone(&c, into: &fields)
        return fields
    }

    /// `[Weekday[,]] (D[-. ]Month[-. ][,]YYYY | Month D[th][,] YYYY) [[,] [at] time] [zone]`
    static func parseWritten(_ c: inout Cursor) -> Fields? {
        if c.word(in: weekdays) != nil { c.symbol(",.") }
        var day: Int, month: Int
        if let d = c.number(digits: 1...2) {
            day = d
            _ = c.word(in: ordinals)
            c.symbol("-.")
            guard let m = c.word().flatMap({ months[$0] }) else { return nil }
            month = m
            c.symbol("-.")
            c.symbol(",")
        } else if let m = c.word().flatMap({ months[$0] }) {
            month = m
            c.symbol(".")
            guard let d = c.number(digits: 1...2) else { return nil }
            day = d
            _ = c.word(in: ordinals)
            c.symbol(",")
        } else {
            return nil
        }
        guard let rawYear = c.number(digits: 2...4) else { return nil }
        let year = rawYear < 100 ? (rawYear < 50 ? 2000 + rawYear : 1900 + rawYear) : rawYear
        var fields = Fields(year: year, month: month, day: day)
        if c.atEnd { return fields }
        c.symbol(",")
        _ = c.word(in: ["at"])
        if case .number? = c.peek {
            guard parseTime(&c, into: &fields) else { return nil }
        }
        parseZone(&c, into: &fields)
        return fields
    }

    /// `H[H]:MM[:SS[(.|,)fff]] [am|pm]`; a bare zone after the date is left to `parseZone`.
    static func parseTime(_ c: inout Cursor, into fields: inout Fields) -> Bool {
        guard let hour = c.number(digits: 1...2), c.symbol(":") != nil, let minute = c.number(digits: 2...2) else { return false }
        var second = 0
        if c.symbol(":") != nil {
            guard let s = c.number(digits: 2...2) else { return false }
            second = min(s, 59)  // a leap second :60 is stored as :59
            if c.symbol(".,") != nil, c.number(digits: 1...9) == nil { return false }
        }
        var h = hour
        if let meridiem = c.word(in: ["am", "pm", "a", "p"]) {
            guard (1...12).contains(hour) else { return false }
            if meridiem.hasPrefix("a") { h = hour == 12 ? 0 : hour } else { h = hour == 12 ? 12 : hour + 12 }
            c.symbol(".")
            if meridiem.count == 1, c.word(in: ["m"]) != nil { c.symbol(".") }  // `p.m.`
        }
        fields.hour = h
        fields.minute = minute
        fields.second = second
        return true
    }

    /// `Z`, `GMT`, `UTC`, a named zone, `±HH[:MM]`, `±HHMM`, `GMT+03:00`, then an optional `(comment)`.
    /// Anything else is left unconsumed, so that the caller's end check rejects the text.
    static func parseZone(_ c: inout Cursor, into fields: inout Fields) {
        if case .word(let name)? = c.peek, let offset = namedZones[name] {
            c.position += 1
            fields.offset = offset
        }
        let start = c.position
        if let sign = c.symbol("+-") {
            var offset: Int?
            if let hhmm = c.number(digits: 4...4) {
                offset = (hhmm / 100) * 3600 + (hhmm % 100) * 60
            } else if let hh = c.number(digits: 1...2) {
                if c.symbol(":") != nil {
                    offset = c.number(digits: 2...2).map { hh * 3600 + $0 * 60 }
                } else {
                    offset = hh * 3600
                }
            }
            guard let value = offset, value <= 18 * 3600 else { c.position = start; return }
            fields.offset = (fields.offset ?? 0) + (sign == UInt8(ascii: "-") ? -value : value)
        }
        if c.symbol("(") != nil {
            _ = c.word()
            c.symbol(")")
        }
    }

    static let weekdays: Set<String> = [
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]
    static let ordinals: Set<String> = ["st", "nd", "rd", "th"]
    static let months: [String: Int] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        var table = [String: Int]()
        for (index, name) in names.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["sept"] = 9
        return table
    }()
    /// Named zones (offsets in seconds). Ambiguous abbreviations (IST, CST in Asia, …) are read the
    /// RFC 822 / North American way or left out.
    static let namedZones: [String: Int] = [
        "z": 0, "ut": 0, "utc": 0, "gmt": 0,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
        "bst": 3600, "cet": 3600, "cest": 2 * 3600, "eet": 2 * 3600, "eest": 3 * 3600,
        "msk": 3 * 3600, "jst": 9 * 3600, "aest": 10 * 3600,
    ]
}

extension DateParser.Fields {
    /// The normalised date, or nil when a field is out of range (month 13, Feb 30, 24:00, year 0).
    func articleDate(original: String) -> ArticleDate? {
        guard (1000...9999).contains(year), (1...12).contains(month),
              (1...CivilCalendar.daysIn(month: month, year: year)).contains(day) else { return nil }
        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        guard let hour else {
            return ArticleDate(normalized: CivilCalendar.format(year, month, day), original: original, epochSeconds: days * 86_400)
        }
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        guard let offset else {
            let text = CivilCalendar.format(year, month, day) + "T" + CivilCalendar.format(time: hour, minute, second)
            return ArticleDate(normalized: text, original: original, epochSeconds: local)
        }
        let utc = local - Int64(offset)
        return ArticleDate(normalized: CivilCalendar.isoUTC(utc), original: original, epochSeconds: utc)
    }
}

/// Proleptic Gregorian calendar arithmetic (H. Hinnant's days-from-civil algorithms), no Foundation.
enum CivilCalendar {
    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (Int(yoe + era * 400) + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970.
    static func isoUTC(_ epoch: Int64) -> String {
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let seconds = Int(epoch - days * 86_400)
        let (y, m, d) = civilFromDays(days)
        return format(y, m, d) + "T" + format(time: seconds / 3600, seconds / 60 % 60, seconds % 60) + "Z"
    }

    static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    static func format(time hour: Int, _ minute: Int, _ second: Int) -> String {
        pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
