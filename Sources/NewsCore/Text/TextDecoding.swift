/// Bytes to text: BOM detection, binary detection, UTF-8 with a Windows-1252 fallback.
/// Placeholder until the full decoder lands.
public enum TextDecoding {
    /// Decodes a file's bytes, or says why they are not text.
    public static func decode(_ bytes: [UInt8]) -> Result<String, Rejection> {
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.contains(0) { return .failure(.binary(detail: "contains NUL bytes")) }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// Decodes bytes as Windows-1252 (where 0x80–0x9F are typographic characters, not C1 controls).
    public static func windows1252(_ bytes: [UInt8]) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
