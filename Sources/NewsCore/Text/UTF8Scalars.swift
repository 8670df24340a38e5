extension String {
    /// Calls `body` with each Unicode scalar in order until it returns false. Reads the UTF-8
    /// in place, decoding only beyond ASCII: the analysis loops over every article's text
    /// (language votes, MinHash words) spent much of their time in `unicodeScalars`' iterator.
    @inline(__always)
    func forEachScalar(_ body: (Unicode.Scalar) -> Bool) {
        let done: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            var i = 0
            while i < bytes.count {
                let lead = bytes[i]
                if lead < 0x80 {
                    guard body(Unicode.Scalar(lead)) else { return }
                    i += 1
                    continue
                }
                // A String's UTF-8 is valid, so the lead byte gives the length.
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                guard body(Unicode.Scalar(value)!) else { return }
                i += length
            }
        }
        guard done == nil else { return }
        for scalar in unicodeScalars { guard body(scalar) else { return } }
    }
}
