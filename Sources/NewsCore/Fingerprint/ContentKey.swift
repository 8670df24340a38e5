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

    /// UTF-8 of the collapsed text, built on the UTF-8 bytes (Unicode White_Space recognised
    /// by its byte sequences: `UTF8Whitespace`).
    static func collapsedUTF8(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { UTF8Whitespace.collapsed($0).bytes }
    }
}
