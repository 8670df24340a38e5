/// Sentence boundaries, for titles derived from the text.
public enum Sentences {
    /// Titles longer than this are cut at a word boundary and end in `…`.
    public static let maxTitleLength = 300
    /// How far into the text a sentence end is looked for.
    static let scanLimit = 4_000

    /// The first sentence of `text`, verbatim (its final `.`, `!` or `?` included), with white space runs
    /// collapsed. A sentence ends at a terminator followed by white space and a word that does not start in
    /// lowercase, unless the word before a `.` is an abbreviation (`Mr.`, `Gen.`, `U.S.`, an initial).
    /// Without such an end in the first paragraph, the paragraph is the sentence. Long results are cut.
    public static func first(in text: String) -> String {
        var scalars = [Unicode.Scalar]()
        scalars.reserveCapacity(min(text.utf8.count, scanLimit))
        var newlines = 0
        var sawText = false
        for scalar in text.unicodeScalars {
            if scalars.count >= scanLimit { break }
            if scalar == "\n" {
                newlines += 1
                if newlines >= 2 && sawText { break }
            } else if !scalar.properties.isWhitespace {
                newlines = 0
                sawText = true
            }
            scalars.append(scalar)
        }
        let end = sentenceEnd(scalars) ?? scalars.count
        var sentence = String.UnicodeScalarView()
        sentence.append(contentsOf: scalars[..<end])
        return truncate(TextNormalizer.collapseWhitespace(String(sentence)))
    }

    /// The index just past the first sentence's terminator (and closing quotes), if there is one.
    static func sentenceEnd(_ s: [Unicode.Scalar]) -> Int? {
        var i = 0
        while i < s.count {
            let c = s[i]
            i += 1
            if fullWidthTerminators.contains(c) { return closing(s, from: i) }
            guard c == "." || c == "!" || c == "?" || c == "\u{061F}" else { continue }
            if c == "." && ((i >= 2 && s[i - 2] == ".") || (i < s.count && s[i] == ".")) { continue }  // ellipsis
            let after = closing(s, from: i)
            if after == s.count { return after }
            guard s[after].properties.isWhitespace else { continue }
            var next = after
            while next < s.count && s[next].properties.isWhitespace { next += 1 }
            if next < s.count && s[next].properties.isLowercase { continue }
            if c == "." && isAbbreviation(s, periodAt: i - 1) { continue }
            return after
        }
        return nil
    }

    private static let fullWidthTerminators: Set<Unicode.Scalar> = ["\u{3002}", "\u{FF01}", "\u{FF1F}"]
    private static let closers: Set<Unicode.Scalar> = ["\"", "'", "\u{201D}", "\u{2019}", ")", "]", "\u{BB}"]

    private static func closing(_ s: [Unicode.Scalar], from i: Int) -> Int {
        var j = i
        while j < s.count && closers.contains(s[j]) { j += 1 }
        return j
    }

    /// Words that take a period without ending a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpt", "maj", "adm", "gov", "sen", "rep",
        "st", "jr", "sr", "no", "vs", "inc", "corp", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "mt", "ft", "rev", "hon", "pres", "gens", "approx", "dept", "est",
    ]

    private static func isAbbreviation(_ s: [Unicode.Scalar], periodAt p: Int) -> Bool {
        var start = p
        while start > 0 && !s[start - 1].properties.isWhitespace && s[start - 1] != "(" { start -= 1 }
        let word = s[start..<p]
        if word.isEmpty { return false }
        if word.contains(".") { return true }                                     // U.S. / e.g.
        if word.count == 1, word.first!.properties.isUppercase { return true }   // an initial
        var lower = ""
        for scalar in word { lower.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars) }
        return abbreviations.contains(lower)
    }

    /// `text` cut to `maxTitleLength` characters at a word boundary, with `…`, when longer.
    public static func truncate(_ text: String) -> String {
        guard text.unicodeScalars.count > maxTitleLength else { return text }
        var cut = String.UnicodeScalarView(text.unicodeScalars.prefix(maxTitleLength))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > maxTitleLength / 2 {
            cut = String.UnicodeScalarView(cut[..<space])
        }
        return String(cut) + "…"
    }
}
