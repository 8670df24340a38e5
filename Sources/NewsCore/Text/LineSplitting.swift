#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// The text split at LF, empty lines kept. Works on UTF-8 code units (no grapheme breaking), so it
    /// is fast on multi-megabyte lines.
    func lfLines() -> [Substring] {
        let base = self[...]
        let utf8 = base.utf8
        // Offsets of the LFs, found on contiguous storage when there is some (native strings).
        let offsets: [Int] = utf8.withContiguousStorageIfAvailable { buffer in
            var found = [Int]()
            guard let base = buffer.baseAddress else { return found }
            var i = 0
            // memchr: the scan stays fast even in debug builds.
            while i < buffer.count, let hit = memchr(base + i, 0x0A, buffer.count - i) {
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                found.append(offset)
                i = offset + 1
            }
            return found
        } ?? utf8.enumerated().filter { $0.element == 0x0A }.map(\.offset)
        var lines = [Substring]()
        lines.reserveCapacity(offsets.count + 1)
        var start = utf8.startIndex
        for offset in offsets {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(Substring(base.unicodeScalars[start..<end]))
            start = utf8.index(after: end)
        }
        lines.append(Substring(base.unicodeScalars[start..<utf8.endIndex]))
        return lines
    }
}
