extension MarkdownText {
    /// Inline Markdown (links, images, emphasis, escapes, code) reduced to text in one pass.
    ///
    /// Looking for a link's closing `]` and `)` is bounded by a per-line budget proportional to the line,
    /// so a line full of unmatched brackets stays linear: once the budget is spent, brackets are text.
    enum Inline {
        struct Result {
            var text: String
            /// The line had at least one link or image.
            var sawLink = false
            /// The line had visible text outside links and images.
            var sawText = false
        }

        static func reduce(_ s: [Unicode.Scalar]) -> Result {
            var budget = 4 * s.count + 4_096
            var result = Result(text: "")
            var out = String.UnicodeScalarView()
            reduce(s, 0..<s.count, into: &out, result: &result, budget: &budget, inLink: false)
            result.text = String(out)
            return result
        }

        private static func reduce(
            _ s: [Unicode.Scalar], _ range: Range<Int>, into out: inout String.UnicodeScalarView,
            result: inout Result, budget: inout Int, inLink: Bool
        ) {
            var i = range.lowerBound
            let end = range.upperBound
            while i < end {
                let c = s[i]
                switch c {
                case "\\" where i + 1 < end && isEscapable(s[i + 1]):
                    // `\*` and `\_` are converter-escaped emphasis: dropped. Other escapes: the character.
                    if s[i + 1] != "*" && s[i + 1] != "_" { emit(s[i + 1], &out, &result, inLink) }
                    i += 2
                    continue
                case "!" where !inLink && i + 1 < end && s[i + 1] == "[":
                    if let link = self.link(s, at: i + 1, end: end, budget: &budget) {
                        result.sawLink = true  // an image: dropped with its alt text
                        i = link.after
                        continue
                    }
                case "[" where !inLink:
                    if let link = self.link(s, at: i, end: end, budget: &budget) {
                        result.sawLink = true
                        reduce(s, (i + 1)..<link.textEnd, into: &out, result: &result, budget: &budget, inLink: true)
                        i = link.after
                        continue
                    }
                case "*", "_":
                    if isEmphasisMarker(s, at: i, range: range) { i += 1; continue }
                case "`":
                    i += 1
                    continue
                case "<" where !inLink:
                    if let close = autolinkEnd(s, at: i, end: end, budget: &budget) {
                        for k in (i + 1)..<close { emit(s[k], &out, &result, inLink) }
                        i = close + 1
                        continue
                    }
                default:
                    break
                }
                emit(c, &out, &result, inLink)
                i += 1
            }
        }

        @inline(__always)
        private static func emit(_ c: Unicode.Scalar, _ out: inout String.UnicodeScalarView, _ result: inout Result, _ inLink: Bool) {
            out.append(c)
            if !inLink && !c.properties.isWhitespace { result.sawText = true }
        }

        /// `[text](url)`, `[text](url "title")`, `[text][ref]` or `[text][]` starting at `open` (a `[`).
        private static func link(_ s: [Unicode.Scalar], at open: Int, end: Int, budget: inout Int) -> (textEnd: Int, after: Int)? {
            guard budget > 0 else { return nil }
            var j = open + 1
            while j < end && s[j] != "]" {
                if s[j] == "[" { return nil }  // nested or unmatched: not a link here
                j += 1
            }
            budget -= j - open
            guard j < end, j + 1 < end else { return nil }
            let textEnd = j
            let closer: Unicode.Scalar
            switch s[j + 1] {
            case "(": closer = ")"
            case "[": closer = "]"
            default: return nil
            }
            var k = j + 2
            var depth = 0
            while k < end {
                let c = s[k]
                if closer == ")" && c == "(" { depth += 1 } else if c == closer {
                    if depth == 0 { break }
                    depth -= 1
                }
                k += 1
            }
            budget -= k - j
            guard k < end else { return nil }
            return (textEnd, k + 1)
        }

        /// `<http://…>` or `<https://…>` or `<mailto:…>`: the index of the closing `>`.
        private static func autolinkEnd(_ s: [Unicode.Scalar], at open: Int, end: Int, budget: inout Int) -> Int? {
            guard budget > 0, open + 8 < end else { return nil }
            let head = String(String.UnicodeScalarView(s[(open + 1)..<min(end, open + 9)])).lowercased()
            guard head.hasPrefix("http://") || head.hasPrefix("https://") || head.hasPrefix("mailto:") else { return nil }
            var k = open + 1
            while k < end && s[k] != ">" && s[k] != " " && s[k] != "<" { k += 1 }
            budget -= k - open
            return k < end && s[k] == ">" ? k : nil
        }

        /// `*`/`_` opens or closes emphasis unless it sits inside a word (`snake_case`, `2*3`) or alone
        /// between spaces (`5 * 3`).
        private static func isEmphasisMarker(_ s: [Unicode.Scalar], at i: Int, range: Range<Int>) -> Bool {
            let before: Unicode.Scalar? = i > range.lowerBound ? s[i - 1] : nil
            let after: Unicode.Scalar? = i + 1 < range.upperBound ? s[i + 1] : nil
            let wordBefore = before.map(isWordCharacter) ?? false
            let wordAfter = after.map(isWordCharacter) ?? false
            if wordBefore && wordAfter { return false }
            let spaceBefore = before?.properties.isWhitespace ?? true
            let spaceAfter = after?.properties.isWhitespace ?? true
            return !(spaceBefore && spaceAfter)
        }

        private static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || c.properties.numericType != nil
        }

        private static func isEscapable(_ c: Unicode.Scalar) -> Bool {
            c.isASCII && "\\`*_{}[]()#+-.!>|~<\"'".unicodeScalars.contains(c)
        }
    }
}
