import Foundation

/// Normalisation shared by body and metadata: NFC, NBSP as space, no zero-width characters.
enum TextCleanup {
    /// Collapses white space (NBSP included) to single spaces, drops zero-width characters, NFC.
    /// Nil when nothing is left.
    static func line(_ s: String?) -> String? {
        guard let s else { return nil }
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

    static func isZeroWidth(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// NFC, skipping the Foundation call for pure ASCII.
    static func nfc(_ s: String) -> String {
        s.utf8.allSatisfy({ $0 < 0x80 }) ? s : s.precomposedStringWithCanonicalMapping
    }
}
