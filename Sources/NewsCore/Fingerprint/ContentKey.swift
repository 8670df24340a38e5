/// The exact-duplicate key of an article: a hash of its cleaned title and body with every
/// run of white space collapsed, so encoding, BOM, line endings and wrapping do not count.
public enum ContentKey {
    /// Hex SHA-256 of the whitespace-collapsed title and body.
    public static func of(title: String, body: String) -> String {
        SHA256.hex(of: collapseWhitespace(title) + "\u{1F}" + collapseWhitespace(body))
    }

    /// The text with each run of white space replaced by one space, trimmed.
    public static func collapseWhitespace(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }
}
