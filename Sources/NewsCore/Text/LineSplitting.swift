#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// The text split at LF, empty lines kept. Works on UTF-8 code units (no grapheme breaking), so it
    /// is fast on multi-megabyte lines.
    func lfLines() -> [Substring] {
        var lines = [Substring]()
        lines.reserveCapacity(lfCount + 1)  // growing by doubling would hold up to twice the slices
        forEachLFLine { lines.append($0) }
        return lines
    }

    /// Calls `body` with each line of the text (split at LF, empty lines kept), storing none of
    /// them: a file of ten million empty lines would otherwise hold 320 MB of line slices.
    func forEachLFLine(_ body: (Substring) throws -> Void) rethrows {
        let base = self[...]
        let utf8 = base.utf8
        var start = utf8.startIndex
        // The LFs are found with memchr on contiguous storage (native strings): fast even in debug builds.
        let scanned: Bool? = try utf8.withContiguousStorageIfAvailable { buffer in
            guard let pointer = buffer.baseAddress else { return false }
            var i = 0
            while i < buffer.count, let hit = memchr(pointer + i, 0x0A, buffer.count - i) {
                let offset = pointer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                let end = utf8.index(utf8.startIndex, offsetBy: offset)
                try body(Substring(base.unicodeScalars[start..<end]))
                start = utf8.index(after: end)
                i = offset + 1
            }
            return true
        }
        if scanned != true {
            var i = utf8.startIndex
            while i < utf8.endIndex {
                if utf8[i] == 0x0A {
                    try body(Substring(base.unicodeScalars[start..<i]))
                    start = utf8.index(after: i)
                }
                i = utf8.index(after: i)
            }
        }
        try body(Substring(base.unicodeScalars[start..<utf8.endIndex]))
    }

    /// The number of LFs in the text.
    var lfCount: Int {
        utf8.withContiguousStorageIfAvailable { buffer -> Int in
            guard let pointer = buffer.baseAddress else { return 0 }
            var count = 0, i = 0
            while i < buffer.count, let hit = memchr(pointer + i, 0x0A, buffer.count - i) {
                count += 1
                i = pointer.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return count
        } ?? utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}

extension Collection where Element == Substring {
    /// The lines joined with LF, their bytes copied into one string sized up front
    /// (`joined(separator:)` took a share of parsing every article).
    func joinedByLF() -> String {
        guard !isEmpty else { return "" }
        let total = reduce(count - 1) { $0 + $1.utf8.count }
        return String(unsafeUninitializedCapacity: total) { out in
            var n = 0, isFirst = true
            for line in self {
                if !isFirst { out[n] = 0x0A; n += 1 }
                isFirst = false
                let copied = line.utf8.withContiguousStorageIfAvailable { bytes -> Int in
                    guard let source = bytes.baseAddress, !bytes.isEmpty else { return 0 }
                    (out.baseAddress! + n).initialize(from: source, count: bytes.count)
                    return bytes.count
                }
                if let copied { n += copied } else { for byte in line.utf8 { out[n] = byte; n += 1 } }
            }
            assert(n == total)
            return n
        }
    }
}
