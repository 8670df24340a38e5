/// Start tags with absurdly many attributes, cut down before libxml2 parses them.
///
/// libxml2's HTML and XML parsers check each attribute of a start tag against every earlier
/// one (duplicates): quadratic in one tag's attributes. A 1 MB tag of 100,000 attributes took
/// 13 s to parse and 200,000 a minute, while newsd's batch (and its watchdog) waited. No real
/// page comes near `limit`: attributes past it are dropped, the tag itself kept. A value's
/// quotes count only after `=` (`<a title=Don't>` opens none).
enum MarkupAttributeLimit {
    /// Attributes kept per start tag (real pages use a few dozen at most). Each tag costs
    /// libxml2 up to limit²/2 comparisons, so the limit also bounds a page of many such tags.
    static let limit = 256

    /// `bytes` with each start tag's attributes past `limit` removed, or nil when no tag has
    /// that many (the usual case: nothing is copied). Quoted values are skipped whole.
    static func apply(_ bytes: [UInt8], limit: Int = limit) -> [UInt8]? {
        let cuts = bytes.withUnsafeBufferPointer { excessAttributes(in: $0, limit: limit) }
        guard !cuts.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var copied = 0
        for cut in cuts {
            out.append(contentsOf: bytes[copied..<cut.lowerBound])
            copied = cut.upperBound
        }
        out.append(contentsOf: bytes[copied...])
        return out
    }

    /// The byte ranges to drop: in each start tag with more than `limit` attributes, from the
    /// first attribute past the limit to the tag's end (its `/` of a self-closing tag kept).
    /// Comments, CDATA sections, `<!…>` and `<?…?>` are skipped whole: their text is not markup.
    private static func excessAttributes(in buf: UnsafeBufferPointer<UInt8>, limit: Int) -> [Range<Int>] {
        var cuts: [Range<Int>] = []
        let n = buf.count
        var i = 0
        while let found = ByteSearch.find(0x3C, in: buf, from: i) {  // '<'
            var j = found + 1
            guard j < n else { break }
            if buf[j] == 0x21 || buf[j] == 0x3F {  // '!' or '?'
                i = endOfDeclaration(in: buf, from: j)
                continue
            }
            guard isLetter(buf[j]) else { i = j; continue }
            while j < n, !isSpace(buf[j]), buf[j] != 0x3E, buf[j] != 0x2F { j += 1 }  // the tag's name
            var attributes = 0, cutFrom = -1, quote: UInt8 = 0, afterSpace = false, afterEquals = false
            while j < n {
                let c = buf[j]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == 0x3E {  // '>'
                    break
                } else if isSpace(c) {
                    afterSpace = true
                } else if afterEquals, c == 0x22 || c == 0x27 {  // a quoted value
                    quote = c
                    afterEquals = false
                    afterSpace = false
                } else {
                    if afterSpace, !afterEquals, c != 0x3D, c != 0x2F {  // a name starts (not '=', not '/')
                        attributes += 1
                        if attributes == limit + 1 { cutFrom = j }
                    }
                    afterEquals = c == 0x3D
                    afterSpace = false
                }
                j += 1
            }
            if cutFrom >= 0 {
                let end = j < n && buf[j - 1] == 0x2F ? j - 1 : j
                cuts.append(cutFrom..<max(cutFrom, end))
            }
            i = j
        }
        return cuts
    }

    private static let commentOpen = Array("!--".utf8), commentClose = Array("-->".utf8)
    private static let cdataOpen = Array("![CDATA[".utf8), cdataClose = Array("]]>".utf8), tagClose = Array(">".utf8)

    /// Where the `<!…>` or `<?…>` construct whose `!` or `?` is at `from` ends: after `-->` for a
    /// comment, after `]]>` for a CDATA section, else after the next `>`.
    private static func endOfDeclaration(in buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let close = ByteSearch.matches(buf, at: from, commentOpen) ? commentClose
            : ByteSearch.matches(buf, at: from, cdataOpen) ? cdataClose : tagClose
        return ByteSearch.findSequence(close, in: buf, from: from + 1).map { $0 + close.count } ?? buf.count
    }

    private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C }
}
