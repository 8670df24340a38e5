/// White space handling on UTF-8 bytes: one tight loop instead of per-`Character` work, which matters on
/// multi-megabyte single-line files.
enum UTF8Whitespace {
    /// The byte length of the white-space scalar starting at `i` (Unicode White_Space), 0 if none.
    @inline(__always)
    static func length(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return b == 0x20 || (b >= 0x09 && b <= 0x0D) ? 1 : 0 }
        let n = bytes.count
        switch b {
        case 0xC2: return i + 1 < n && (bytes[i + 1] == 0x85 || bytes[i + 1] == 0xA0) ? 2 : 0
        case 0xE1: return i + 2 < n && bytes[i + 1] == 0x9A && bytes[i + 2] == 0x80 ? 3 : 0
        case 0xE2:
            guard i + 2 < n else { return 0 }
            let b1 = bytes[i + 1], b2 = bytes[i + 2]
            if b1 == 0x80 && (b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) { return 3 }
            return b1 == 0x81 && b2 == 0x9F ? 3 : 0
        case 0xE3: return i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80 ? 3 : 0
        default: return 0
        }
    }

    /// `text` trimmed, each run of white space replaced by one space; `text` itself when already so.
    static func collapse(_ text: Substring) -> String {
        var copy = String(text)
        return copy.withUTF8 { bytes -> String? in
            let (out, changed) = collapsed(bytes)
            return changed ? String(decoding: out, as: UTF8.self) : nil
        } ?? copy
    }

    /// The bytes trimmed, each run of white space replaced by one space, and whether that
    /// changed anything.
    static func collapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], changed: Bool) {
        let out = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            count = collapse(bytes, into: buffer, at: 0)
        }
        // Collapsing only drops or replaces white space: the same bytes mean nothing changed.
        let changed = out.count != bytes.count || !out.withUnsafeBufferPointer { $0.elementsEqual(bytes) }
        return (out, changed)
    }

    /// Writes `bytes` trimmed, each run of white space replaced by one space, into `out` from
    /// `start` (room for `bytes.count` more is needed: the result is never longer); returns
    /// the index after the last byte written. Plain ASCII, the bulk of any text, is copied
    /// without a classification call per byte.
    static func collapse(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        // Release builds do not check the subscripts below: the caller's room is the bound.
        precondition(out.count - start >= bytes.count, "no room for the collapsed bytes")
        var n = start, i = 0
        var pendingSpace = false
        while i < bytes.count {
            let byte = bytes[i]
            // Printable ASCII is never white space: only other bytes are classified.
            if byte <= 0x20 || byte >= 0x80 {
                let length = length(bytes, at: i)
                if length > 0 {
                    pendingSpace = n > start
                    i += length
                    continue
                }
            }
            if pendingSpace { out[n] = 0x20; n += 1; pendingSpace = false }
            out[n] = byte
            n += 1
            i += 1
        }
        return n
    }
}
