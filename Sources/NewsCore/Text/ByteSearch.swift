#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte searches over a buffer for the passes that run before a markup parser (memchr: fast
/// on megabytes, also in debug builds).
enum ByteSearch {
    /// The index of the first `byte` at or after `from`.
    static func find(_ byte: UInt8, in buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < buf.count, let base = buf.baseAddress else { return nil }
        guard let p = memchr(base + from, Int32(byte), buf.count - from) else { return nil }
        return UnsafeRawPointer(p) - UnsafeRawPointer(base)
    }

    /// The index of the first `seq` at or after `from`.
    static func findSequence(_ seq: [UInt8], in buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        while let p = find(seq[0], in: buf, from: i) {
            if matches(buf, at: p, seq) { return p }
            i = p + 1
        }
        return nil
    }

    /// True when `s` is at `i`.
    static func matches(_ buf: UnsafeBufferPointer<UInt8>, at i: Int, _ s: [UInt8]) -> Bool {
        guard i >= 0, i + s.count <= buf.count else { return false }
        for k in 0..<s.count where buf[i + k] != s[k] { return false }
        return true
    }
}
