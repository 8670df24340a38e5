import Foundation

/// Normalisation shared by body and metadata: NFC, NBSP as space, no zero-width characters.
enum TextCleanup {
    /// Collapses white space (NBSP included) to single spaces, drops zero-width characters, NFC.
    /// Nil when nothing is left.
    static func line(_ s: String?) -> String? {
        guard let s else { return nil }
        if isSimple(s) { return s.isEmpty ? nil : s }
        var out = String.UnicodeScalarView()
        var space = false
        for u in s.unicodeScalars {
            if isZeroWidth(u) { continue }
            if u.properties.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" "); space = false }
            out.append(u)
        }
        return out.isEmpty ? nil : nfc(String(out))
    }

    /// Printable ASCII with single inner spaces: already clean.
    private static func isSimple(_ s: String) -> Bool {
        var previous: UInt8 = 0x20
        for b in s.utf8 {
            if b < 0x20 || b >= 0x7F || (b == 0x20 && previous == 0x20) { return false }
            previous = b
        }
        return previous != 0x20
    }

    static func isZeroWidth(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true
        default: return false
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
