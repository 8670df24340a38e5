/// The exact-duplicate key of an article: a hash of its cleaned title and body with every
/// run of white space collapsed, so encoding, BOM, line endings and wrapping do not count.
public enum ContentKey {
    /// Hex SHA-256 of the whitespace-collapsed title and body.
    public static func of(title: String, body: String) -> String {
        var bytes = collapsedUTF8(title)
        bytes.append(0x1F)
        bytes.append(contentsOf: collapsedUTF8(body))
        return SHA256.hex(of: bytes)
    }

    /// The text with each run of white space replaced by one space, trimmed.
    public static func collapseWhitespace(_ text: String) -> String {
        String(decoding: collapsedUTF8(text), as: UTF8.self)
    }

    /// UTF-8 of the collapsed text, built byte by byte: ASCII white space is recognised by
    /// hand, and only non-ASCII scalars are looked up (NBSP, em space, …).
    static func collapsedUTF8(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let isSpace = v < 0x80 ? (v == 0x20 || (v >= 0x09 && v <= 0x0D)) : scalar.properties.isWhitespace
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20) }
            pendingSpace = false
            if v < 0x80 { out.append(UInt8(v)) } else { out.append(contentsOf: UTF8.encode(scalar)!) }
        }
        return out
    }
}
