#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes to text: BOM detection, binary detection, UTF-8 with a Windows-1252 fallback.
///
/// The rules, in order (see `shared/samples/README.md`):
/// 1. A BOM (UTF-8, UTF-16LE/BE, UTF-32LE/BE) decides the encoding; the BOM itself is dropped.
///    A UTF-16/32 file is text even though it contains NUL bytes.
/// 2. Without a BOM, any NUL byte means binary — except in a markup document (it starts with
///    `<`) where NULs are rare strays (under 0.1% of the bytes, as in some saved web pages):
///    those are dropped, as browsers do.
/// 3. Valid UTF-8 is UTF-8.
/// 4. Mostly valid UTF-8 with a few stray invalid bytes is UTF-8 with those bytes dropped.
/// 5. Anything else is Windows-1252 (never Latin-1: 0x97 is `—`, not U+0097).
public enum TextDecoding {
    /// The encoding `decode` chose, for logs and tests.
    public enum Encoding: String, Sendable, Equatable {
        case utf8, utf8Lossy = "utf8-lossy", utf16LE = "utf16le", utf16BE = "utf16be"
        case utf32LE = "utf32le", utf32BE = "utf32be", windows1252
    }

    /// Decodes a file's bytes, or says why they are not text.
    public static func decode(_ bytes: [UInt8]) -> Result<String, Rejection> {
        decodeDetailed(bytes).map(\.text)
    }

    /// Like `decode`, also telling which encoding was used and whether a BOM was present.
    public static func decodeDetailed(_ bytes: [UInt8]) -> Result<(text: String, encoding: Encoding, hadBOM: Bool), Rejection> {
        if bytes.isEmpty { return .failure(.empty) }
        if let (encoding, bomLength) = byteOrderMark(bytes) {
            let text = decode(bytes[bomLength...], as: encoding)
            if encoding != .utf8 && text.unicodeScalars.contains("\u{0}") {
                return .failure(.binary(detail: "NUL characters in \(encoding.rawValue) text"))
            }
            return .success((text, encoding, true))
        }
        let hasNUL = bytes.withUnsafeBufferPointer { memchr($0.baseAddress!, 0, $0.count) != nil }
        if hasNUL {
            guard isMarkupWithStrayNULs(bytes) else {
                return .failure(.binary(detail: "contains NUL bytes and no UTF-16 byte order mark"))
            }
            return decodeDetailed(bytes.filter { $0 != 0 })
        }
        if isMostlyControlBytes(bytes) { return .failure(.binary(detail: "too many control bytes for text")) }
        // The common case, valid UTF-8, through the standard library's (optimised) validator.
        if let text = String(validating: bytes, as: UTF8.self) { return .success((text, .utf8, false)) }
        let encoding = sniffEncoding(bytes[...])
        return .success((decode(bytes[...], as: encoding), encoding, false))
    }

    /// Markup (first non-blank byte `<`) with NULs in fewer than 1 in 1,000 bytes.
    static func isMarkupWithStrayNULs(_ bytes: [UInt8]) -> Bool {
        guard bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) == UInt8(ascii: "<") else { return false }
        let nuls = bytes.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        return nuls * 1000 < bytes.count
    }

    /// Decodes bytes as Windows-1252 (where 0x80–0x9F are typographic characters, not C1 controls).
    /// The five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to their Latin-1 code points.
    public static func windows1252(_ bytes: [UInt8]) -> String {
        windows1252(bytes[...])
    }

    /// The BOM at the start of `bytes`, if any, and its length. UTF-32LE is checked before UTF-16LE
    /// because its BOM starts with the UTF-16LE one.
    public static func byteOrderMark(_ bytes: [UInt8]) -> (Encoding, Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return (.utf32LE, 4) }
        if bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return (.utf32BE, 4) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// More than 5% (and more than 8) C0 control bytes other than tab, LF, FF, CR and ESC: data, not text.
    /// (A few BEL or ESC bytes, as in text with terminal escapes, stay text.)
    static func isMostlyControlBytes(_ bytes: [UInt8]) -> Bool {
        var controls = 0
        for byte in bytes where byte < 0x20 || byte == 0x7F {
            switch byte {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1B: break
            default: controls += 1
            }
        }
        return controls > 8 && controls * 20 > bytes.count
    }

    /// Chooses between UTF-8, lossy UTF-8 and Windows-1252 for BOM-less bytes.
    ///
    /// Valid multi-byte UTF-8 sequences almost never occur by accident in legacy 8-bit text (and when they
    /// do, they are mojibake that reads better as UTF-8), so they are evidence for UTF-8; 3- and 4-byte
    /// sequences count double. Each run of invalid bytes is evidence against. UTF-8 wins ties.
    static func sniffEncoding(_ bytes: ArraySlice<UInt8>) -> Encoding {
        var evidence = 0
        var invalidRuns = 0
        var previousInvalid = false
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < buffer.count {
                if buffer[i] < 0x80 { i += 1; previousInvalid = false; continue }
                let length = UTF8Validation.sequenceLength(buffer, at: i)
                if length > 0 {
                    evidence += length == 2 ? 1 : 2
                    i += length
                    previousInvalid = false
                } else {
                    if !previousInvalid { invalidRuns += 1 }
                    previousInvalid = true
                    i += 1
                }
            }
        }
        if invalidRuns == 0 { return .utf8 }
        return evidence >= invalidRuns ? .utf8Lossy : .windows1252
    }

    static func decode(_ bytes: ArraySlice<UInt8>, as encoding: Encoding) -> String {
        switch encoding {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .utf8Lossy: return String(decoding: UTF8Validation.droppingInvalid(bytes), as: UTF8.self)
        case .windows1252: return windows1252(bytes)
        case .utf16LE, .utf16BE:
            let bigEndian = encoding == .utf16BE
            var units = [UInt16]()
            units.reserveCapacity(bytes.count / 2)
            var i = bytes.startIndex
            while i + 1 < bytes.endIndex {
                let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
                units.append(bigEndian ? a << 8 | b : b << 8 | a)
                i += 2
            }
            return String(decoding: units, as: UTF16.self)
        case .utf32LE, .utf32BE:
            var scalars = String.UnicodeScalarView()
            var i = bytes.startIndex
            while i + 3 < bytes.endIndex {
                var value: UInt32 = 0
                for k in 0..<4 {
                    let byte = UInt32(bytes[encoding == .utf32BE ? i + k : i + 3 - k])
                    value = value << 8 | byte
                }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                i += 4
            }
            return String(scalars)
        }
    }

    static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Windows1252.scalar(for: byte)) }
        return String(scalars)
    }
}

/// The Windows-1252 code page in both directions.
enum Windows1252 {
    /// Code points of bytes 0x80–0x9F; the undefined bytes keep their Latin-1 (C1) code points.
    static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func scalar(for byte: UInt8) -> Unicode.Scalar {
        if byte >= 0x80 && byte < 0xA0 { return Unicode.Scalar(high[Int(byte) - 0x80])! }
        return Unicode.Scalar(byte)
    }

    /// The byte that encodes `scalar` in Windows-1252, nil if it has none.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        if v < 0x80 || (v >= 0xA0 && v <= 0xFF) { return UInt8(v) }
        if v > 0x2122 { return nil }
        if let index = high.firstIndex(of: v) { return UInt8(0x80 + index) }
        return nil
    }
}

/// A strict UTF-8 validator (Unicode Table 3-7): no overlongs, no surrogates, nothing above U+10FFFF.
enum UTF8Validation {
    /// The length of the well-formed multi-byte sequence starting at `i`, or 0 if none starts there.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let lead = bytes[i]
        let end = bytes.count
        @inline(__always) func cont(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i + k < end && bytes[i + k] >= low && bytes[i + k] <= high
        }
        switch lead {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// The scalar a well-formed sequence of `length` bytes at `i` encodes (`sequenceLength` checked it).
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Unicode.Scalar {
        var value = UInt32(bytes[i]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// The bytes with every byte that does not belong to a well-formed sequence removed.
    static func droppingInvalid(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < buffer.count {
                if buffer[i] < 0x80 { out.append(buffer[i]); i += 1; continue }
                let length = sequenceLength(buffer, at: i)
                if length > 0 { out.append(contentsOf: buffer[i..<(i + length)]); i += length } else { i += 1 }
            }
        }
        return out
    }
}
