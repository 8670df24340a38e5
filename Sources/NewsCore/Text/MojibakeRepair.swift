/// Repairs double-encoded UTF-8: text that was UTF-8, read as Windows-1252 (or Latin-1) and saved again,
/// so that `—` became `â€”`, `é` became `Ã©` and an NBSP became `Â` + NBSP.
///
/// The repair is local and linear: it finds runs of non-ASCII characters that all exist in Windows-1252,
/// turns each run back into its cp1252 bytes and re-decodes, inside the run, every well-formed UTF-8
/// sequence those bytes contain. Characters that do not form such a sequence are kept as they are, so
/// genuine accented text (`café`, `naïve`) is untouched: an accented letter is followed by ASCII or by
/// another letter, never by the continuation bytes a UTF-8 sequence needs.
public enum MojibakeRepair {
    /// The text with double-encoded UTF-8 sequences turned back into the characters they meant.
    public static func repair(_ text: String) -> String {
        guard mayContainMojibake(text) else { return text }
        var out = String.UnicodeScalarView()
        var runBytes = [UInt8]()
        var runScalars = [Unicode.Scalar]()
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x80, let byte = Windows1252.byte(for: scalar) {
                runBytes.append(byte)
                runScalars.append(scalar)
                continue
            }
            if !runBytes.isEmpty { flush(&runBytes, &runScalars, into: &out) }
            out.append(scalar)
        }
        if !runBytes.isEmpty { flush(&runBytes, &runScalars, into: &out) }
        return String(out)
    }

    /// A cheap pre-check on the UTF-8 bytes: mojibake of UTF-8 starts with a lead byte read as `Â`…`ô`
    /// (U+00C2–U+00F4, bytes C3 82–C3 B4) directly followed by another non-ASCII character.
    static func mayContainMojibake(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 3 else { return false }
            var i = 0
            while i + 2 < bytes.count {
                if bytes[i] == 0xC3 && bytes[i + 1] >= 0x82 && bytes[i + 1] <= 0xB4 && bytes[i + 2] >= 0xC2 { return true }
                i += 1
            }
            return false
        }
    }

    private static func flush(_ bytes: inout [UInt8], _ scalars: inout [Unicode.Scalar], into out: inout String.UnicodeScalarView) {
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < buffer.count {
                let length = buffer[i] >= 0xC2 ? UTF8Validation.sequenceLength(buffer, at: i) : 0
                // Lead bytes 0xDC–0xDF (`Ü Ý Þ ß`) would decode to Syriac/Thaana/NKo: in practice that is a
                // German `ß“` or similar, never mojibake, so those two-byte sequences are left alone.
                if length > 0 && !(length == 2 && buffer[i] >= 0xDC) {
                    out.append(UTF8Validation.scalar(buffer, at: i, length: length))
                    i += length
                } else {
                    out.append(scalars[i])
                    i += 1
                }
            }
        }
        bytes.removeAll(keepingCapacity: true)
        scalars.removeAll(keepingCapacity: true)
    }
}
