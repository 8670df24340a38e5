import Foundation

/// Normalisation shared by body and metadata: NFC, NBSP as space, no zero-width characters.
enum TextCleanup {
    /// Collapses white space (NBSP and the other Unicode spaces included) to single spaces, trims,
    /// drops zero-width characters, NFC. Nil when nothing is left. Works on UTF-8 bytes.
    static func line(_ s: String?) -> String? {
        guard var s else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var space = false
        s.withUTF8 { b in
            var i = 0
            let n = b.count
            while i < n {
                let (kind, width) = classify(b, i)
                switch kind {
                case .space: space = !out.isEmpty
                case .invisible: break
                case .other:
                    if space { out.append(0x20); space = false }
                    out.append(contentsOf: b[i..<(i + width)])
                }
                i += width
            }
        }
        return out.isEmpty ? nil : nfc(String(decoding: out, as: UTF8.self))
    }

    private enum Kind { case space, invisible, other }

    /// The kind and byte width of the character at `i`.
    private static func classify(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Kind, Int) {
        let c = b[i]
        if c < 0x80 { return (c <= 0x20 || c == 0x7F ? .space : .other, 1) }
        let width = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
        guard i + width <= b.count else { return (.other, 1) }
        let scalar: UInt32
        switch width {
        case 2: scalar = UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
        case 3: scalar = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
        default: return (.other, width)
        }
        switch scalar {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return (.space, width)
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return (.invisible, width)
        default: return (.other, width)
        }
    }

    /// NFC, skipping the (slow) Foundation call when every scalar is one NFC leaves alone whatever
    /// follows it and no combining mark occurs: below U+0300, general punctuation, currency signs.
    static func nfc(_ s: String) -> String {
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x300 || (v >= 0x2010 && v < 0x2070) || (v >= 0x20A0 && v < 0x20D0) { continue }
            return s.precomposedStringWithCanonicalMapping
        }
        return s
    }
}
