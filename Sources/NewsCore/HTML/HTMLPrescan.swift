#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte-level pass before parsing: removes comments and the raw-text elements that never hold
/// article text (`script`, `style`, `noscript`, `svg`), keeping JSON-LD scripts aside, NUL bytes,
/// and attributes past the 256th of a tag (`MarkupAttributeLimit`).
///
/// Why: libxml2 scans raw text one character at a time, and these make up about 40% of a typical
/// page; cutting them first makes parsing markedly faster. The DOM walker skips them anyway.
enum HTMLPrescan {
    struct Result {
        var html: [UInt8]
        /// The contents of `<script type="application/ld+json">` elements, in document order.
        var jsonLD: [[UInt8]]
    }

    private static let commentOpen: [UInt8] = Array("!--".utf8)
    private static let commentClose: [UInt8] = Array("-->".utf8)
    private static let ldJSON: [UInt8] = Array("ld+json".utf8)
    private static let dropped: [[UInt8]] = ["script", "style", "noscript", "svg"].map { Array($0.utf8) }

    static func run(_ input: [UInt8]) -> Result {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var jsonLD: [[UInt8]] = []
        input.withUnsafeBufferPointer { buf in
            let n = buf.count
            var copied = 0  // input[copied..<i] is pending copy
            var i = 0
            while i < n {
                guard let lt = ByteSearch.find(0x3C, in: buf, from: i) else { break }
                i = lt
                if ByteSearch.matches(buf, at: i + 1, commentOpen) {
                    let end = ByteSearch.findSequence(commentClose, in: buf, from: i + 4).map { $0 + 3 } ?? n
                    out.append(contentsOf: buf[copied..<i])
                    i = end; copied = end
                    continue
                }
                var skippedElement = false
                for name in dropped where matchesTag(buf, at: i + 1, name) {
                    guard let openEnd = ByteSearch.find(0x3E, in: buf, from: i + 1 + name.count) else { break }
                    let contentStart = openEnd + 1
                    let close = findClose(name, in: buf, from: contentStart) ?? n
                    if name.count == 6, name[0] == 0x73, containsLDJSON(buf, i, openEnd) {  // "script"
                        jsonLD.append(Array(buf[contentStart..<close]))
                    }
                    let end = close < n ? (ByteSearch.find(0x3E, in: buf, from: close).map { $0 + 1 } ?? n) : n
                    out.append(contentsOf: buf[copied..<i])
                    i = end; copied = end
                    skippedElement = true
                    break
                }
                if !skippedElement { i += 1 }
            }
            if copied < n { out.append(contentsOf: buf[copied..<n]) }
        }
        // libxml2 stops at a NUL byte; some saved pages contain runs of them.
        if out.withUnsafeBufferPointer({ ByteSearch.find(0, in: $0, from: 0) }) != nil { out.removeAll { $0 == 0 } }
        return Result(html: MarkupAttributeLimit.apply(out) ?? out, jsonLD: jsonLD)
    }

    /// The index of the `<` of `</name` (any case) at or after `from`.
    private static func findClose(_ name: [UInt8], in buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        while let p = ByteSearch.find(0x3C, in: buf, from: i) {
            if p + 1 < buf.count, buf[p + 1] == 0x2F, matchesTag(buf, at: p + 2, name) { return p }
            i = p + 1
        }
        return nil
    }

    /// `name` (ASCII lower case) at `i` in any case, followed by a delimiter (space, `>`, `/`).
    private static func matchesTag(_ buf: UnsafeBufferPointer<UInt8>, at i: Int, _ name: [UInt8]) -> Bool {
        guard i + name.count < buf.count else { return false }
        for k in 0..<name.count where buf[i + k] | 0x20 != name[k] { return false }
        let d = buf[i + name.count]
        return d == 0x3E || d == 0x2F || d == 0x20 || d == 0x09 || d == 0x0A || d == 0x0D || d == 0x0C
    }

    private static func containsLDJSON(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        let needle = ldJSON
        var i = from
        while i + needle.count <= to {
            var ok = true
            for k in 0..<needle.count where buf[i + k] | 0x20 != needle[k] | 0x20 { ok = false; break }
            if ok { return true }
            i += 1
        }
        return false
    }
}
