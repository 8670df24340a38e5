import CLibXML2

/// Turns a page's bytes into what libxml2 parses: UTF-8 bytes whenever we can decode them
/// ourselves, else the raw bytes with the charset the page declares (libxml2 converts via iconv).
enum HTMLDecoding {
    struct Input {
        /// The bytes to parse.
        var bytes: [UInt8]
        /// nil: `bytes` are UTF-8 (parse with the document's own hints ignored); else libxml2's encoding name.
        var encoding: String?
    }

    static func decode(_ raw: [UInt8]) -> Input {
        // A BOM outranks every declaration.
        if raw.starts(with: [0xEF, 0xBB, 0xBF]) { return utf8(Array(raw.dropFirst(3))) }
        if raw.starts(with: [0xFF, 0xFE]) { return Input(bytes: utf16(raw.dropFirst(2), littleEndian: true), encoding: nil) }
        if raw.starts(with: [0xFE, 0xFF]) { return Input(bytes: utf16(raw.dropFirst(2), littleEndian: false), encoding: nil) }
        return utf8(raw)
    }

    /// Valid UTF-8 is UTF-8 whatever the page declares (legacy text with non-ASCII is almost never valid
    /// UTF-8). Mostly-valid UTF-8 with a few stray bytes stays UTF-8; anything else is the declared legacy
    /// charset, or Windows-1252 when the declaration is missing, Latin-1-like or wrong.
    private static func utf8(_ raw: [UInt8]) -> Input {
        let (invalid, multibyte) = utf8Errors(raw)
        if invalid == 0 { return Input(bytes: raw, encoding: nil) }
        if multibyte >= 4 * invalid { return Input(bytes: Array(String(decoding: raw, as: UTF8.self).utf8), encoding: nil) }
        if let declared = declaredCharset(raw), !isLatin1Like(declared), declared != "utf-8", declared != "utf8",
           libxmlKnows(declared) {
            return Input(bytes: raw, encoding: declared)
        }
        return Input(bytes: Array(TextDecoding.windows1252(raw).utf8), encoding: nil)
    }

    private static func utf16(_ body: ArraySlice<UInt8>, littleEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var i = body.startIndex
        while i + 1 < body.endIndex {
            let a = UInt16(body[i]), b = UInt16(body[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// Counts invalid UTF-8 sequences and valid multi-byte ones.
    static func utf8Errors(_ bytes: [UInt8]) -> (invalid: Int, multibyte: Int) {
        guard !bytes.isEmpty else { return (0, 0) }
        return bytes.withUnsafeBufferPointer { buf in
            var invalid = 0, multi = 0, i = 0
            let n = buf.count
            let base = UnsafeRawPointer(buf.baseAddress!)
            while i < n {
                // ASCII runs, eight bytes at a time.
                while i + 8 <= n, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
                guard i < n else { break }
                let b = buf[i]
                if b < 0x80 { i += 1; continue }
                let len: Int
                switch b {
                case 0xC2...0xDF: len = 2
                case 0xE0...0xEF: len = 3
                case 0xF0...0xF4: len = 4
                default: len = 0
                }
                var ok = len > 0 && i + len <= n
                if ok {
                    for k in 1..<len where buf[i + k] & 0xC0 != 0x80 { ok = false }
                }
                if ok, len == 3 {
                    let c = buf[i + 1]
                    if (b == 0xE0 && c < 0xA0) || (b == 0xED && c >= 0xA0) { ok = false }
                }
                if ok, len == 4 {
                    let c = buf[i + 1]
                    if (b == 0xF0 && c < 0x90) || (b == 0xF4 && c >= 0x90) { ok = false }
                }
                if ok { multi += 1; i += len } else { invalid += 1; i += 1 }
            }
            return (invalid, multi)
        }
    }

    /// The charset a `<meta charset>` or `http-equiv` content type names in the first 4 KB, lower-cased.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(4096)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let needle = Array("charset".utf8)
        var i = 0
        while i + needle.count < head.count {
            if head[i] == 0x63, head[i..<(i + needle.count)].elementsEqual(needle) {
                var j = i + needle.count
                while j < head.count, head[j] == 0x20 { j += 1 }
                if j < head.count, head[j] == 0x3D {  // '='
                    j += 1
                    while j < head.count, head[j] == 0x20 || head[j] == 0x22 || head[j] == 0x27 { j += 1 }
                    var end = j
                    while end < head.count, isCharsetByte(head[end]) { end += 1 }
                    if end > j { return String(decoding: head[j..<end], as: UTF8.self) }
                }
            }
            i += 1
        }
        return nil
    }

    private static func isCharsetByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
    }

    private static func isLatin1Like(_ name: String) -> Bool {
        ["iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii", "iso-8859-15"]
            .contains(name)
    }

    private static func libxmlKnows(_ name: String) -> Bool {
        guard let handler = xmlFindCharEncodingHandler(name) else { return false }
        xmlCharEncCloseFunc(handler)
        return true
    }
}
